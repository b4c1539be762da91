/* SPDX-License-Identifier: MIT */
/*
 * Kind: mirrors include/linux/mm.h, page_ref.h and the folio helpers of
 * mm_types.h/page-flags.h that migration uses.  Changed for testing: the
 * memmap is the simulated world's; reference changes are named scheduling
 * points.
 */
#ifndef MIGSIM_LINUX_MM_H
#define MIGSIM_LINUX_MM_H

#include <errno.h>
#include <linux/compiler.h>
#include <linux/bug.h>
#include <linux/mm_types.h>
#include <linux/page-flags.h>
#include <linux/mmzone.h>
#include <linux/gfp.h>
#include "world.h"

/* ---- memmap (lib/mm/sparse.c): SPARSEMEM_VMEMMAP ---- */

struct page *compound_head_implicit(const struct page *page);

/*
 * The memmap is one virtually contiguous array indexed by pfn, as x86-64's
 * vmemmap: a MAP_NORESERVE reservation the host backs lazily, so memory
 * nobody touched costs nothing and a zero-filled struct page is exactly a
 * free, never-used page.  Content tokens live in a parallel array.
 */
static __always_inline bool pfn_valid(unsigned long pfn)
{
	return pfn < sim_world->max_pfn;
}

void pfn_out_of_range(unsigned long pfn);

static __always_inline struct page *pfn_to_page(unsigned long pfn)
{
	if (unlikely(pfn >= sim_world->max_pfn))
		pfn_out_of_range(pfn);
	return sim_world->vmemmap + pfn;
}

static __always_inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - sim_world->vmemmap);
}

/* Nodes start on 1 GiB boundaries, so a pfn's GiB names its node. */
static __always_inline int pfn_to_nid(unsigned long pfn)
{
	return sim_world->gib_to_node[pfn >> HPAGE_PUD_ORDER];
}

static __always_inline int page_to_nid(const struct page *page)
{
	return memmap_page_nid(page);	/* pfn_to_nid(page_to_pfn(page)) */
}

static __always_inline u64 *pfn_token(unsigned long pfn)
{
	return sim_world->tokens + pfn;
}

/* ---- compound pages and folios ---- */

static __always_inline struct page *compound_head(const struct page *page)
{
	unsigned long head = READ_ONCE(page->compound_head);

	if (head & 1)
		return (struct page *)(head - 1);
	if (unlikely(head == 0))
		return compound_head_implicit(page);
	return (struct page *)page;
}

static __always_inline bool PageTail(const struct page *page)
{
	return compound_head(page) != page;
}

#define page_folio(p)	((struct folio *)compound_head(p))
#define folio_page_ptr(f) ((struct page *)(f))

static __always_inline unsigned int folio_order(const struct folio *folio)
{
	if (!folio_test_head(folio))
		return 0;
	return folio->_flags_1 & 0xff;
}

static __always_inline long folio_nr_pages(const struct folio *folio)
{
	return 1L << folio_order(folio);
}

static __always_inline bool folio_test_large(const struct folio *folio)
{
	return folio_test_head(folio);
}

static __always_inline bool folio_test_pmd_mappable(const struct folio *folio)
{
	return folio_order(folio) >= HPAGE_PMD_ORDER;
}

static __always_inline unsigned long folio_pfn(const struct folio *folio)
{
	return page_to_pfn((const struct page *)folio);
}

static __always_inline int folio_nid(const struct folio *folio)
{
	return page_to_nid((const struct page *)folio);
}

void sched_check_tail_read(const struct page *head, unsigned int index, const char *what);

/*
 * The n-th page of a folio.  With actors running, a folio pointer that no
 * longer names a compound page this large (it was split, dissolved or
 * freed under the caller) is a stale read, and is reported.
 */
static __always_inline struct page *folio_page(struct folio *folio, unsigned long n)
{
	if (unlikely(sim_world->points_armed) && n)
		sched_check_tail_read((const struct page *)folio, (unsigned int)n, "folio_page()");
	return (struct page *)folio + n;
}

static __always_inline unsigned long folio_size(const struct folio *folio)
{
	return PAGE_SIZE << folio_order(folio);
}

static __always_inline pg_data_t *folio_pgdat(const struct folio *folio)
{
	return NODE_DATA(folio_nid(folio));
}

static __always_inline u64 *folio_tokens(struct folio *folio)
{
	return pfn_token(folio_pfn(folio));
}

/* ---- vmstat updates (include/linux/vmstat.h): straight to the totals ---- */

static __always_inline void count_vm_events(enum vm_event_item item, long delta)
{
	sim_world->vm_events[item] += delta;
}

static __always_inline void count_vm_event(enum vm_event_item item)
{
	sim_world->vm_events[item]++;
}

static __always_inline void mod_node_page_state(int nid, enum node_stat_item item, long delta)
{
	NODE_DATA(nid)->vm_stat[item] += delta;
}

static __always_inline void node_stat_mod_folio(struct folio *folio,
						enum node_stat_item item, long delta)
{
	NODE_DATA(folio_nid(folio))->vm_stat[item] += delta;
}

/* ---- reference counts (include/linux/page_ref.h) ---- */

static __always_inline int folio_ref_count(const struct folio *folio)
{
	return READ_ONCE(folio->_refcount);
}

static __always_inline int page_count(const struct page *page)
{
	return folio_ref_count(page_folio(page));
}

static __always_inline void folio_ref_add(struct folio *folio, int nr)
{
	folio->_refcount += nr;
	sched_point("ref:add");
}

static __always_inline void folio_ref_inc(struct folio *folio)
{
	folio_ref_add(folio, 1);
}

static __always_inline void folio_set_count(struct folio *folio, int v)
{
	folio->_refcount = v;
}

static __always_inline void folio_get(struct folio *folio)
{
	VM_BUG_ON_FOLIO(folio_ref_count(folio) <= 0, folio);
	folio->_refcount++;
	sched_point("ref:get");
}

static __always_inline bool folio_try_get(struct folio *folio)
{
	sched_point("ref:try-get");
	if (folio->_refcount == 0)
		return false;
	folio->_refcount++;
	return true;
}

static __always_inline bool folio_ref_freeze(struct folio *folio, int count)
{
	sched_point("ref:freeze");
	if (folio->_refcount != count)
		return false;
	folio->_refcount = 0;
	return true;
}

static __always_inline void folio_ref_unfreeze(struct folio *folio, int count)
{
	VM_BUG_ON_FOLIO(folio_ref_count(folio) != 0, folio);
	folio->_refcount = count;
	sched_point("ref:unfreeze");
}

void __folio_put(struct folio *folio);

/* Drop a reference; the last one frees the folio (lib/mm/swap.c). */
/* atomic_dec_and_test(): the decrement and the test are one step; the
 * scheduling point comes after both (found by exploring seeds/003). */
static __always_inline bool folio_put_testzero(struct folio *folio)
{
	bool zero;

	VM_BUG_ON_FOLIO(folio_ref_count(folio) <= 0, folio);
	zero = --folio->_refcount == 0;
	sched_point("ref:put");
	return zero;
}

static __always_inline void folio_put(struct folio *folio)
{
	if (folio_put_testzero(folio))
		__folio_put(folio);
}

static __always_inline void folio_put_refs(struct folio *folio, int refs)
{
	bool zero;

	VM_BUG_ON_FOLIO(folio_ref_count(folio) < refs, folio);
	folio->_refcount -= refs;
	zero = folio->_refcount == 0;
	sched_point("ref:put");
	if (zero)
		__folio_put(folio);
}

/* ---- map counts (count semantics; see mm_types.h) ---- */

static __always_inline int page_mapcount_raw(const struct page *page)
{
	return page->_mapcount;
}

static __always_inline int folio_mapcount(const struct folio *folio)
{
	if (likely(!folio_test_large(folio))) {
		if (page_has_type_value(folio->page_type, PGTY_buddy))
			return 0;
		return folio->_mapcount;
	}
	return folio->_large_mapcount;
}

static __always_inline bool folio_mapped(const struct folio *folio)
{
	return folio_mapcount(folio) >= 1;
}

static __always_inline int folio_entire_mapcount(const struct folio *folio)
{
	return folio->_entire_mapcount;
}

/* 6.11+ folio_likely_mapped_shared(). */
static inline bool folio_likely_mapped_shared(struct folio *folio)
{
	int mapcount = folio_mapcount(folio);

	if (!folio_test_large(folio) || folio_test_hugetlb(folio))
		return mapcount > 1;
	if (mapcount <= 1)
		return false;
	if (folio_entire_mapcount(folio) || mapcount > folio_nr_pages(folio))
		return true;
	return page_mapcount_raw((const struct page *)folio) > 1;
}

static __always_inline int folio_maybe_dma_pinned(const struct folio *folio)
{
	if (folio_test_large(folio))
		return folio->_pincount > 0;
	return 0;
}

/* ---- mapping ---- */

static __always_inline struct anon_vma *folio_anon_vma(const struct folio *folio)
{
	unsigned long m = (unsigned long)folio->mapping;

	if ((m & PAGE_MAPPING_FLAGS) != PAGE_MAPPING_ANON)
		return NULL;
	return (struct anon_vma *)(m - PAGE_MAPPING_ANON);
}

/* NULL for anon folios not in the swap cache (the simulator has no swap). */
static __always_inline struct address_space *folio_mapping(const struct folio *folio)
{
	unsigned long m = (unsigned long)folio->mapping;

	if (m & PAGE_MAPPING_FLAGS)
		return NULL;
	return (struct address_space *)m;
}

static __always_inline bool folio_is_file_lru(const struct folio *folio)
{
	return !folio_test_swapbacked(folio);
}

static __always_inline bool is_zero_folio(const struct folio *folio)
{
	return (const struct page *)folio == sim_world->zero_page;
}

/* ---- folio lock (mm/filemap.c) ---- */

void folio_lock(struct folio *folio);
void folio_wait_locked(struct folio *folio);
void folio_unlock_unheld(struct folio *folio);
void folio_wait_writeback(struct folio *folio);

void sched_folio_locked(const void *folio);
void sched_folio_unlocked(const void *folio);

static __always_inline bool folio_trylock(struct folio *folio)
{
	sched_point("lock:folio-try");
	if (sim_fault("fault:trylock"))
		return false;
	if (folio_test_set_locked(folio))
		return false;
	if (unlikely(sim_world->points_armed))
		sched_folio_locked(folio);
	return true;
}

static __always_inline void folio_unlock(struct folio *folio)
{
	if (unlikely(!folio_test_locked(folio)))
		folio_unlock_unheld(folio);
	folio_clear_locked(folio);
	if (unlikely(sim_world->points_armed))
		sched_folio_unlocked(folio);
	sched_point("unlock:folio");
}

/* ---- vma ---- */

static __always_inline bool vma_is_anonymous_private(const struct vm_area_struct *vma)
{
	return !vma->vm_file;
}

static __always_inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr);

/* Page offset of @addr in the object a VMA maps (linear_page_index). */
static __always_inline pgoff_t linear_page_index(const struct vm_area_struct *vma,
						 unsigned long addr)
{
	return ((addr - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
}

/* The content token a write to (object, offset) leaves in a page. */
u64 content_token(unsigned int object_id, pgoff_t index);

#endif
