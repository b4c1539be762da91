/* SPDX-License-Identifier: MIT */
/*
 * Kind: mirrors include/linux/hugetlb.h and mm/hugetlb.c's pool model for
 * two hstates (2 MiB and 1 GiB); changed for testing: no subpools,
 * reservations or cgroups; gigantic pages come only from never-touched
 * memory (the kernel uses alloc_contig_range, which would migrate).
 */
#ifndef MIGSIM_LINUX_HUGETLB_H
#define MIGSIM_LINUX_HUGETLB_H

#include <linux/mm.h>

enum hugetlb_page_flags {
	HPG_restore_reserve = 0,
	HPG_migratable,
	HPG_temporary,
	HPG_freed,
	HPG_vmemmap_optimized,
	HPG_raw_hwp_unreliable,
	__NR_HPAGEFLAGS,
};

#define HUGE_MAX_HSTATE 2

struct hstate {
	unsigned int order;
	char name[32];				/* "hugepages-2048kB" */
	unsigned long max_huge_pages;
	unsigned long nr_huge_pages;
	unsigned long free_huge_pages;
	unsigned long surplus_huge_pages;
	unsigned long nr_huge_pages_node[MAX_NUMNODES];
	unsigned long free_huge_pages_node[MAX_NUMNODES];
	unsigned long surplus_huge_pages_node[MAX_NUMNODES];
	struct list_head hugepage_freelists[MAX_NUMNODES];
	struct list_head hugepage_activelist;
	bool migration_supported;		/* hugepage_migration_supported() */
};

/* Accessors on the head folio's private word (5.12 and later). */
#define HPAGEFLAG(name)							\
static inline bool folio_test_hugetlb_##name(const struct folio *f)	\
{ return (f->private_ul >> HPG_##name) & 1UL; }				\
static inline void folio_set_hugetlb_##name(struct folio *f)		\
{ f->private_ul |= 1UL << HPG_##name; }					\
static inline void folio_clear_hugetlb_##name(struct folio *f)		\
{ f->private_ul &= ~(1UL << HPG_##name); }

HPAGEFLAG(restore_reserve)
HPAGEFLAG(temporary)
HPAGEFLAG(freed)
#undef HPAGEFLAG

/*
 * "Migratable" (once "active"): HPG_migratable in the head's private word
 * from 5.12 (8f251a3d5ce3); up to 5.11 it was PG_private of page[1]
 * (page_huge_active()), which is what memory offline's racy scan reads.
 */
static inline unsigned long *hugetlb_migratable_word(struct folio *f, int *bit)
{
	if (kprofile->hugetlb_active_in_page1) {
		*bit = PG_private;
		return &((struct page *)f + 1)->flags;
	}
	*bit = HPG_migratable;
	return &f->private_ul;
}

static inline bool folio_test_hugetlb_migratable(struct folio *f)
{
	int bit;
	unsigned long *w = hugetlb_migratable_word(f, &bit);

	return (*w >> bit) & 1UL;
}

static inline void folio_set_hugetlb_migratable(struct folio *f)
{
	int bit;
	unsigned long *w = hugetlb_migratable_word(f, &bit);

	*w |= 1UL << bit;
}

static inline void folio_clear_hugetlb_migratable(struct folio *f)
{
	int bit;
	unsigned long *w = hugetlb_migratable_word(f, &bit);

	*w &= ~(1UL << bit);
}

struct hstate *folio_hstate(struct folio *folio);
struct hstate *size_to_hstate(unsigned long size);
struct hstate *order_to_hstate(unsigned int order);
static inline unsigned long huge_page_size(const struct hstate *h)
{
	return PAGE_SIZE << h->order;
}
static inline unsigned int pages_per_huge_page(const struct hstate *h)
{
	return 1U << h->order;
}
static inline bool hugepage_migration_supported(const struct hstate *h)
{
	return h->migration_supported;
}

void hugetlb_init_hstates(void);
int hugetlb_pool_resize(struct hstate *h, int nid, unsigned long count);
struct folio *alloc_hugetlb_folio_fault(struct hstate *h, int nid);
bool isolate_hugetlb(struct folio *folio, struct list_head *list);
void folio_putback_active_hugetlb(struct folio *folio);
struct folio *alloc_hugetlb_folio_nodemask(struct hstate *h, int preferred_nid,
					   const u64 *nmask, gfp_t gfp_mask,
					   bool allow_alloc_fallback);
void move_hugetlb_state(struct folio *old_folio, struct folio *new_folio, int reason);
int dissolve_free_hugetlb_folio(struct folio *folio);
int dissolve_free_hugetlb_folios(unsigned long start_pfn, unsigned long end_pfn);
void free_huge_folio(struct folio *folio);
bool htlb_allow_alloc_fallback(int reason);
unsigned long hugetlb_pool_pages_node(int nid);

#endif
