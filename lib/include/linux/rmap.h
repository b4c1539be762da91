/* SPDX-License-Identifier: MIT */
/* Kind: mirrors include/linux/rmap.h for anon and shared-object mappings. */
#ifndef MIGSIM_LINUX_RMAP_H
#define MIGSIM_LINUX_RMAP_H

#include <linux/mm.h>
#include <linux/pgtable.h>

#define RMAP_NONE	0x0
#define RMAP_EXCLUSIVE	0x1

enum ttu_flags {
	TTU_SPLIT_HUGE_PMD	= 0x4,
	TTU_IGNORE_MLOCK	= 0x8,
	TTU_SYNC		= 0x10,
	TTU_HWPOISON		= 0x20,
	TTU_BATCH_FLUSH		= 0x40,
	TTU_RMAP_LOCKED		= 0x80,
};

#define RMP_LOCKED			(1 << 0)
#define RMP_USE_SHARED_ZEROPAGE		(1 << 1)

struct anon_vma *anon_vma_alloc(void);

/*
 * The anon_vma reference counts are inline: migration takes and drops one
 * for every mapped anonymous folio it moves.  The anon_vma itself is freed
 * with the world; the count is checked.
 */
static inline void get_anon_vma(struct anon_vma *anon_vma)
{
	anon_vma->refcount++;
}

void put_anon_vma_underflow(struct anon_vma *anon_vma);

static inline void put_anon_vma(struct anon_vma *anon_vma)
{
	if (unlikely(anon_vma->refcount <= 0))
		put_anon_vma_underflow(anon_vma);	/* VM_BUG_ON(refcount <= 0) */
	anon_vma->refcount--;
}

/* KERNEL: mm/rmap.c folio_get_anon_vma(): NULL once nothing maps the folio. */
static inline struct anon_vma *folio_get_anon_vma(struct folio *folio)
{
	struct anon_vma *anon_vma = folio_anon_vma(folio);

	if (!anon_vma || !folio_mapped(folio))
		return NULL;
	get_anon_vma(anon_vma);
	return anon_vma;
}

void anon_vma_lock_write(struct anon_vma *anon_vma);
void anon_vma_unlock_write(struct anon_vma *anon_vma);

void folio_add_new_anon_rmap(struct folio *folio, struct vm_area_struct *vma,
			     unsigned long address, int flags);
void folio_add_anon_rmap_ptes(struct folio *folio, struct page *page, int nr,
			      struct vm_area_struct *vma, unsigned long address, int flags);
void folio_add_anon_rmap_pmd(struct folio *folio, struct vm_area_struct *vma, int flags);
void folio_add_file_rmap_ptes(struct folio *folio, struct page *page, int nr,
			      struct vm_area_struct *vma);
void folio_add_file_rmap_pmd(struct folio *folio, struct vm_area_struct *vma);
void folio_remove_rmap_ptes(struct folio *folio, struct page *page, int nr,
			    struct vm_area_struct *vma);
void folio_remove_rmap_pmd(struct folio *folio, struct vm_area_struct *vma);
void folio_add_hugetlb_rmap(struct folio *folio, struct vm_area_struct *vma, int flags);
void folio_remove_hugetlb_rmap(struct folio *folio, struct vm_area_struct *vma);

/* rmap walk: call @one for every (vma, address) that may map @folio. */
struct rmap_walk_control {
	void *arg;
	bool locked;		/* the caller holds the rmap lock */
	bool (*rmap_one)(struct folio *folio, struct vm_area_struct *vma,
			 unsigned long address, void *arg);
};
void rmap_walk(struct folio *folio, struct rmap_walk_control *rwc);

void try_to_migrate(struct folio *folio, enum ttu_flags flags);
void remove_migration_ptes(struct folio *src, struct folio *dst, int flags);
void try_to_unmap_flush(void);

#endif
