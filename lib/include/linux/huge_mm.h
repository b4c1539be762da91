/* SPDX-License-Identifier: MIT */
/* Kind: mirrors include/linux/huge_mm.h (THP split, deferred split, PMD handling). */
#ifndef MIGSIM_LINUX_HUGE_MM_H
#define MIGSIM_LINUX_HUGE_MM_H

#include <linux/mm.h>
#include <linux/pgtable.h>

static inline bool thp_migration_supported(void)
{
	return sim_world->thp_migration_supported;
}

bool can_split_folio(struct folio *folio, int caller_pins, int *pextra_pins);
int split_huge_page_to_list_to_order(struct page *page, struct list_head *list,
				     unsigned int new_order);
static inline int split_folio_to_list(struct folio *folio, struct list_head *list)
{
	return split_huge_page_to_list_to_order((struct page *)folio, list, 0);
}
static inline int split_folio(struct folio *folio)
{
	return split_folio_to_list(folio, NULL);
}
static inline int split_huge_page(struct page *page)
{
	return split_huge_page_to_list_to_order(page, NULL, 0);
}

void deferred_split_folio(struct folio *folio, bool partially_mapped);
bool folio_unqueue_deferred_split(struct folio *folio);
unsigned long deferred_split_scan(int nid, unsigned long nr_to_scan);
static inline struct deferred_split *get_deferred_split_queue(struct folio *folio)
{
	return &folio_pgdat(folio)->deferred_split_queue;
}

void prep_large_rmappable(struct folio *folio);
void __split_huge_pmd(struct vm_area_struct *vma, pmd_t *pmd, unsigned long address,
		      bool freeze, struct folio *folio);
void set_pmd_migration_entry(struct folio *folio, struct vm_area_struct *vma,
			     unsigned long address, pmd_t *pmd);
void remove_migration_pmd(struct folio *src, struct folio *dst,
			  struct vm_area_struct *vma, unsigned long address, pmd_t *pmd);
int do_huge_pmd_anonymous_page(struct vm_area_struct *vma, unsigned long address, bool write);
int do_huge_pmd_numa_page(struct vm_area_struct *vma, unsigned long address, pmd_t *pmd,
			  int target_nid);
int zap_huge_pmd(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr);

#endif
