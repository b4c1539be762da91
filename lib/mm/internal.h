/* SPDX-License-Identifier: MIT */
/* Kind: mirrors mm/internal.h: what the files of lib/mm share with each other. */
#ifndef MIGSIM_MM_INTERNAL_H
#define MIGSIM_MM_INTERNAL_H

#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/migrate.h>

/* page_alloc.c */
void prep_compound_page(struct page *page, unsigned int order);
int node_init(int nid, unsigned long start_pfn, unsigned long nr_pages);
void node_release_to_buddy(int nid, unsigned long start_pfn, unsigned long nr_pages);
void del_page_from_free_list(pg_data_t *pgdat, struct page *page, unsigned int order);
unsigned long node_free_pages(int nid);
struct page *alloc_gigantic_pages(int nid, unsigned int order);
bool node_is_balanced(int nid, long nr_pages);
void init_order0_page(struct page *page);
void folio_zero_tokens(struct folio *folio);
/* lib/mm/migrate.c: the base pages of the folios on a list. */
unsigned long folio_list_nr_pages(struct list_head *l);
void drain_node_pages(int nid);
void drain_local_pages(int nid);
void free_pages_prepare(struct page *page, unsigned int order);

/* sparse.c */
int sparse_init(unsigned long max_pfn);
void sparse_set_node(int nid, unsigned long start_pfn, unsigned long nr_pages);
size_t sparse_resident_bytes(void);
void __sparse_mark_range(unsigned long pfn, unsigned long nr);

/* Note that the allocator writes the memmap of [pfn, pfn+nr): usually the
 * section is marked already and this is one test. */
static __always_inline void sparse_mark_range(unsigned long pfn, unsigned long nr)
{
	unsigned long s = pfn >> PFN_SECTION_SHIFT;

	if (likely(nr <= PAGES_PER_SECTION && s == (pfn + nr - 1) >> PFN_SECTION_SHIFT &&
		   (sim_world->section_written[s / BITS_PER_LONG] >> (s % BITS_PER_LONG)) & 1))
		return;
	__sparse_mark_range(pfn, nr);
}
void sparse_destroy(void);

/* swap.c */
void __folio_put(struct folio *folio);

/* memory.c */
int handle_mm_fault(struct vm_area_struct *vma, unsigned long address, bool write);
int do_numa_page(struct vm_area_struct *vma, unsigned long address, pte_t *pte,
		 int target_nid);
int zap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end);
int copy_page_range(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma);
struct folio *vm_normal_folio_pte(pte_t pte);
void set_pte_folio(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep,
		   struct folio *folio, struct page *page, bool write);
struct folio *follow_folio(struct vm_area_struct *vma, unsigned long addr,
			   struct page **pagep);

/* mmap.c */
struct vm_area_struct *vma_create(struct mm_struct *mm, unsigned long start,
				  unsigned long end, unsigned long flags);
int vma_insert(struct mm_struct *mm, struct vm_area_struct *vma);
void vma_unlink_free(struct mm_struct *mm, struct vm_area_struct *vma);
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len);
struct mm_struct *mm_alloc(void);
void mmput(struct mm_struct *mm);
struct address_space *shmem_object_create(pgoff_t nr_pages, bool hugetlb,
					  unsigned int hstate_order);
void shmem_object_put(struct address_space *mapping);
struct mm_struct *dup_mm(struct mm_struct *oldmm);

/* rmap.c */
void anon_vma_free_all(void);
void unlink_anon_vma(struct vm_area_struct *vma);
void anon_vma_link_vma(struct vm_area_struct *vma);
void i_mmap_link_vma(struct vm_area_struct *vma);

/* filemap.c: the shared-object page cache */
struct folio *filemap_get_folio(struct address_space *mapping, pgoff_t index);
int filemap_add_folio(struct address_space *mapping, struct folio *folio, pgoff_t index);
void filemap_remove_folio(struct folio *folio);
void filemap_replace_folio(struct address_space *mapping, struct folio *old,
			   struct folio *new);

/* memory.c: a fault met a migration entry at @ptep (a PTE or a PMD) */
void migration_entry_wait_entry(struct vm_area_struct *vma, u64 *ptep);

#endif
