// SPDX-License-Identifier: MIT
/*
 * Transparent huge pages: the THP fault, PMD split, PMD migration entries,
 * the deferred-split queue and its shrinker, and splitting a large folio.
 *
 * KERNEL: mm/huge_memory.c (do_huge_pmd_anonymous_page, __split_huge_pmd_locked,
 * set_pmd_migration_entry, remove_migration_pmd, deferred_split_folio,
 * deferred_split_scan, can_split_folio, split_huge_page_to_list_to_order,
 * __split_huge_page, __split_huge_page_tail, remap_page, zap_huge_pmd,
 * do_huge_pmd_numa_page).
 *
 * Only anonymous large folios are split (shared mappings here are order 0,
 * and hugetlb folios are never split).  Callers that walk page tables hold
 * the page-table lock around the PMD helpers, as the kernel's pmd lock.
 */
#include <linux/huge_mm.h>
#include <linux/mempolicy.h>
#include <linux/rmap.h>
#include <linux/swap.h>
#include <linux/migrate.h>
#include <trace/events/migrate.h>
#include "internal.h"
#include "sched.h"

void prep_large_rmappable(struct folio *folio)
{
	if (!folio_test_large(folio))
		return;
	if (folio_order(folio) > 1)
		INIT_LIST_HEAD(&folio->_deferred_list);
	folio_set_large_rmappable(folio);
}

/* ---------------------------------------------------------------- */
/* the deferred-split queue                                          */

/*
 * KERNEL: mm/huge_memory.c deferred_split_folio().  6.12 queues fresh THPs
 * as "maybe underused" (partially_mapped == false) and flags partially
 * mapped ones; 6.9-6.11 only queue on partial unmap and have no flag.
 */
void deferred_split_folio(struct folio *folio, bool partially_mapped)
{
	struct deferred_split *ds_queue;

	if (folio_order(folio) <= 1)
		return;
	if (!partially_mapped && !kprofile->deferred_split_underused)
		return;
	if (folio_test_swapcache(folio))
		return;
	ds_queue = get_deferred_split_queue(folio);
	spin_lock(&ds_queue->split_queue_lock);
	if (partially_mapped && kprofile->deferred_split_underused) {
		if (!folio_test_partially_mapped(folio)) {
			folio_set_partially_mapped(folio);
			if (folio_test_pmd_mappable(folio))
				count_vm_event(THP_DEFERRED_SPLIT_PAGE);
		}
	} else if (partially_mapped && list_empty(&folio->_deferred_list) &&
		   folio_test_pmd_mappable(folio)) {
		count_vm_event(THP_DEFERRED_SPLIT_PAGE);
	}
	if (list_empty(&folio->_deferred_list)) {
		list_add_tail(&folio->_deferred_list, &ds_queue->split_queue);
		ds_queue->split_queue_len++;
	}
	spin_unlock(&ds_queue->split_queue_lock);
}

static bool folio_unqueue_deferred_split_locked(struct folio *folio);

/*
 * KERNEL: mm/huge_memory.c folio_unqueue_deferred_split() (6.12; called
 * folio_undo_large_rmappable() before).  Only legal once nobody else can
 * reach the folio: refcount 0 or frozen, which 6.12 warns about.
 */
bool folio_unqueue_deferred_split(struct folio *folio)
{
	if (!folio_test_large(folio) || folio_order(folio) <= 1 ||
	    !folio_test_large_rmappable(folio))
		return false;
	if (list_empty(&folio->_deferred_list))
		return false;
	if (kprofile->version >= KV(6, 12))
		VM_WARN_ON_FOLIO(folio_ref_count(folio), folio);
	return folio_unqueue_deferred_split_locked(folio);
}

/* Its locked part, out of line: most folios freed or migrated are on no
 * queue, and the tests above then need no registers saved. */
static bool __attribute__((noinline)) folio_unqueue_deferred_split_locked(struct folio *folio)
{
	struct deferred_split *ds_queue = get_deferred_split_queue(folio);
	bool unqueued = false;

	spin_lock(&ds_queue->split_queue_lock);
	if (!list_empty(&folio->_deferred_list)) {
		ds_queue->split_queue_len--;
		folio_clear_partially_mapped(folio);
		list_del_init(&folio->_deferred_list);
		unqueued = true;
	}
	spin_unlock(&ds_queue->split_queue_lock);
	return unqueued;
}

/* 6.12 thp_underused(): more zero-filled subpages than khugepaged_max_ptes_none
 * (default HPAGE_PMD_NR - 1). */
static bool thp_underused(struct folio *folio)
{
	long i, nr = folio_nr_pages(folio), zero = 0;
	const u64 *tokens;

	for (i = 0; i < nr; i++) {
		tokens = pfn_token(folio_pfn(folio) + i);
		if (*tokens == 0)
			zero++;
	}
	return zero > HPAGE_PMD_NR - 1;
}

/*
 * KERNEL: mm/huge_memory.c deferred_split_scan().  Folios move to an
 * on-stack list under the lock, are split without it, and go back to the
 * tail of the queue.  While on the local list a folio's _deferred_list is
 * non-empty but on no queue, and the scanner holds a reference, so a
 * concurrent split's refcount freeze fails.
 */
unsigned long deferred_split_scan(int nid, unsigned long nr_to_scan)
{
	struct deferred_split *ds_queue = &NODE_DATA(nid)->deferred_split_queue;
	struct folio *folio, *next, **held;
	unsigned long split = 0, removed = 0, nr_held = 0, i;
	LIST_HEAD(list);

	SIM_FRAME();
	held = sim_zalloc(sizeof(*held) * (nr_to_scan ? nr_to_scan : 1));
	if (!held)
		return 0;
	spin_lock(&ds_queue->split_queue_lock);
	list_for_each_entry_safe(folio, next, &ds_queue->split_queue, _deferred_list) {
		if (nr_held == nr_to_scan)
			break;
		if (folio_try_get(folio)) {
			list_move(&folio->_deferred_list, &list);
			held[nr_held++] = folio;
		} else {
			list_del_init(&folio->_deferred_list);
			ds_queue->split_queue_len--;
		}
	}
	spin_unlock(&ds_queue->split_queue_lock);

	for (i = nr_held; i-- > 0;) {
		bool did_split = false, underused = false;

		folio = held[i];
		if (kprofile->deferred_split_underused && !folio_test_partially_mapped(folio)) {
			underused = thp_underused(folio);
			if (!underused)
				goto next;
		}
		if (!folio_trylock(folio))
			goto next;
		if (!split_folio(folio)) {
			did_split = true;
			if (underused)
				count_vm_event(THP_UNDERUSED_SPLIT_PAGE);
			split++;
		}
		folio_unlock(folio);
next:
		if (!did_split && kprofile->deferred_split_underused &&
		    !folio_test_partially_mapped(folio) &&
		    !list_empty(&folio->_deferred_list)) {
			list_del_init(&folio->_deferred_list);
			removed++;
		}
	}

	spin_lock(&ds_queue->split_queue_lock);
	list_splice_tail(&list, &ds_queue->split_queue);
	/* A successful split already took its folio off the queue (and out of
	 * split_queue_len); only the ones dropped above are subtracted here. */
	ds_queue->split_queue_len -= removed;
	spin_unlock(&ds_queue->split_queue_lock);
	for (i = 0; i < nr_held; i++)
		folio_put(held[i]);
	sim_free(held, sizeof(*held) * (nr_to_scan ? nr_to_scan : 1));
	return split;
}

/* ---------------------------------------------------------------- */
/* PMD mappings                                                      */

/*
 * KERNEL: mm/huge_memory.c do_huge_pmd_anonymous_page() for a write fault.
 * The folio comes from the mapping's memory policy (vma_alloc_folio()),
 * which keeps a THP on the policy's node (__GFP_THISNODE) unless the
 * policy interleaves; on failure the fault falls back to small pages
 * (return 1).
 */
int do_huge_pmd_anonymous_page(struct vm_area_struct *vma, unsigned long address, bool write)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long haddr = address & PMD_MASK;
	struct folio *folio;
	pmd_t *pmd;
	pmd_t entry;

	SIM_FRAME();
	pmd = mm_alloc_pmd(mm, haddr);
	if (!pmd || !pmd_none(*pmd))
		return 1;
	folio = vma_alloc_folio(GFP_TRANSHUGE_LIGHT | __GFP_ZERO, HPAGE_PMD_ORDER, vma, haddr);
	if (!folio) {
		count_vm_event(THP_FAULT_FALLBACK);
		return 1;
	}
	count_vm_event(THP_FAULT_ALLOC);
	folio_set_uptodate(folio);
	spin_lock(&mm->page_table_lock);
	folio_add_new_anon_rmap(folio, vma, haddr, RMAP_EXCLUSIVE);
	folio_add_lru(folio);
	entry = pfn_pte(folio_pfn(folio), _PAGE_PRESENT | _PAGE_PSE | _PAGE_ACCESSED);
	if (write && (vma->vm_flags & VM_WRITE))
		entry |= _PAGE_RW | _PAGE_DIRTY;
	*pmd = entry;
	mm->rss_anon += HPAGE_PMD_NR;
	deferred_split_folio(folio, false);
	spin_unlock(&mm->page_table_lock);
	return 0;
}

static pte_t pmd_entry_type(struct page *head, pmd_t pmdval, bool anon_exclusive,
			    unsigned long pfn)
{
	swp_entry_t e;

	if (pte_write(pmdval))
		e = make_writable_migration_entry(pfn);
	else if (anon_exclusive)
		e = make_readable_exclusive_migration_entry(pfn);
	else
		e = make_readable_migration_entry(pfn);
	if (pte_young(pmdval))
		e = make_migration_entry_young(e);
	if (pte_dirty(pmdval))
		e = make_migration_entry_dirty(e);
	return swp_entry_to_pte(e);
}

/*
 * KERNEL: mm/huge_memory.c __split_huge_pmd_locked().  The caller holds the
 * page-table lock.  @freeze turns the mapping straight into PTE migration
 * entries (the split's unmap); otherwise every subpage becomes PTE-mapped
 * with the same permissions, the PMD's reference becoming 512.  A PMD
 * migration entry becomes 512 PTE migration entries.
 */
void __split_huge_pmd(struct vm_area_struct *vma, pmd_t *pmd, unsigned long haddr,
		      bool freeze, struct folio *only)
{
	struct mm_struct *mm = vma->vm_mm;
	pmd_t old = *pmd;
	unsigned long pfn = pmd_pfn(old);
	struct folio *folio;
	struct page *head;
	bool anon_exclusive = false;
	pte_t *pte;
	int i;

	if (!pmd_leaf(old) && !is_pmd_migration_entry(old))
		return;
	count_vm_event(THP_SPLIT_PMD);
	*pmd = 0;
	pte = pte_alloc_map(mm, pmd, haddr);
	if (is_pmd_migration_entry(old)) {
		swp_entry_t e = pte_to_swp_entry(old);

		for (i = 0; i < HPAGE_PMD_NR; i++)
			pte[i] = swp_entry_to_pte(swp_entry(swp_type(e), pfn + i)) |
				 (old & (SWP_MIG_YOUNG | SWP_MIG_DIRTY));
		return;
	}
	head = pfn_to_page(pfn);
	folio = page_folio(head);
	if (only && folio != only) {
		*pmd = old;
		return;
	}
	folio_set_sim_tails_written(folio);
	if (folio_test_anon(folio))
		anon_exclusive = PageAnonExclusive(head);
	if (pte_dirty(old))
		folio_set_dirty(folio);
	if (freeze) {
		for (i = 0; i < HPAGE_PMD_NR; i++) {
			pte[i] = pmd_entry_type(head, old, anon_exclusive, pfn + i);
			trace_set_migration_pte(haddr + i * PAGE_SIZE, pte[i],
						(int)folio_order(folio));
		}
		if (anon_exclusive)
			ClearPageAnonExclusive(head);
	} else {
		folio_ref_add(folio, HPAGE_PMD_NR - 1);
		if (folio_test_anon(folio))
			folio_add_anon_rmap_ptes(folio, head, HPAGE_PMD_NR, vma, haddr,
						 anon_exclusive ? RMAP_EXCLUSIVE : RMAP_NONE);
		else
			folio_add_file_rmap_ptes(folio, head, HPAGE_PMD_NR, vma);
		for (i = 0; i < HPAGE_PMD_NR; i++) {
			pte_t e = pfn_pte(pfn + i, old & (_PAGE_PRESENT | _PAGE_PROTNONE |
							 _PAGE_RW | _PAGE_ACCESSED |
							 _PAGE_DIRTY));

			pte[i] = e;
		}
	}
	folio_remove_rmap_pmd(folio, vma);
	if (freeze)
		folio_put(folio);
}

/* KERNEL: mm/huge_memory.c set_pmd_migration_entry(); PTL held. */
void set_pmd_migration_entry(struct folio *folio, struct vm_area_struct *vma,
			     unsigned long address, pmd_t *pmd)
{
	struct page *head = (struct page *)folio;
	pmd_t old = *pmd;
	bool anon_exclusive = folio_test_anon(folio) && PageAnonExclusive(head);

	if (pte_dirty(old))
		folio_set_dirty(folio);
	*pmd = pmd_entry_type(head, old, anon_exclusive, pmd_pfn(old));
	if (anon_exclusive)
		ClearPageAnonExclusive(head);
	folio_remove_rmap_pmd(folio, vma);
	folio_put(folio);
	if (TRACE_ON())
		trace_record("set_migration_pmd", "addr=%lx, pmd=%lx", address,
			     (unsigned long)*pmd);
}

/* KERNEL: mm/huge_memory.c remove_migration_pmd(); PTL held. */
void remove_migration_pmd(struct folio *src, struct folio *dst,
			  struct vm_area_struct *vma, unsigned long address, pmd_t *pmd)
{
	swp_entry_t entry = pte_to_swp_entry(*pmd);
	pmd_t pmde = pfn_pte(folio_pfn(dst), _PAGE_PRESENT | _PAGE_PSE);

	if (is_writable_migration_entry(entry))
		pmde |= _PAGE_RW;
	if (is_migration_entry_young(entry))
		pmde |= _PAGE_ACCESSED;
	if (is_migration_entry_dirty(entry))
		pmde |= _PAGE_DIRTY;
	folio_get(dst);
	if (folio_test_anon(dst))
		folio_add_anon_rmap_pmd(dst, vma, swp_type(entry) != SWP_MIGRATION_READ ?
					RMAP_EXCLUSIVE : RMAP_NONE);
	else
		folio_add_file_rmap_pmd(dst, vma);
	*pmd = pmde;
	if (TRACE_ON())
		trace_record("remove_migration_pmd", "addr=%lx, pmd=%lx", address,
			     (unsigned long)pmde);
}

/* KERNEL: mm/huge_memory.c zap_huge_pmd(); PTL held. */
int zap_huge_pmd(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	pmd_t old = *pmd;

	*pmd = 0;
	if (pmd_leaf(old)) {
		struct folio *folio = page_folio(pfn_to_page(pmd_pfn(old)));

		folio_remove_rmap_pmd(folio, vma);
		vma->vm_mm->rss_anon -= HPAGE_PMD_NR;
		folio_put(folio);
	} else if (is_pmd_migration_entry(old)) {
		vma->vm_mm->rss_anon -= HPAGE_PMD_NR;
	}
	return 1;
}

/* ---------------------------------------------------------------- */
/* splitting a large folio                                           */

/* KERNEL: mm/huge_memory.c can_split_folio() */
bool can_split_folio(struct folio *folio, int caller_pins, int *pextra_pins)
{
	int extra_pins;

	if (!folio_test_anon(folio) || folio_test_swapcache(folio))
		extra_pins = (int)folio_nr_pages(folio);
	else
		extra_pins = 0;
	if (pextra_pins)
		*pextra_pins = extra_pins;
	return folio_mapcount(folio) == folio_ref_count(folio) - extra_pins - caller_pins;
}

static void unmap_folio(struct folio *folio)
{
	enum ttu_flags ttu = TTU_RMAP_LOCKED | TTU_SYNC | TTU_BATCH_FLUSH;

	if (folio_test_pmd_mappable(folio))
		ttu |= TTU_SPLIT_HUGE_PMD;
	try_to_migrate(folio, ttu);
	try_to_unmap_flush();
}

/* KERNEL: mm/huge_memory.c remap_page(): each new folio, in address order. */
static void remap_page(struct folio *folio, unsigned long nr, int flags)
{
	unsigned long i = 0, pfn = folio_pfn(folio);

	if (!folio_test_anon(folio))
		return;
	for (;;) {
		struct folio *f = page_folio(pfn_to_page(pfn + i));

		remove_migration_ptes(f, f, RMP_LOCKED | flags);
		i += folio_nr_pages(f);
		if (i >= nr)
			break;
	}
}

#define SPLIT_COPY_FLAGS ((1UL << PG_referenced) | (1UL << PG_swapbacked) |		\
			  (1UL << PG_swapcache) | (1UL << PG_mlocked) |		\
			  (1UL << PG_uptodate) | (1UL << PG_active) |			\
			  (1UL << PG_workingset) | (1UL << PG_locked) |		\
			  (1UL << PG_unevictable) | (1UL << PG_dirty) |		\
			  (1UL << PG_young) | (1UL << PG_idle))

/* KERNEL: mm/huge_memory.c __split_huge_page_tail() + lru_add_page_tail() */
static void split_tail(struct folio *folio, unsigned long tail, struct lruvec *lruvec,
		       struct list_head *list, unsigned int new_order)
{
	struct page *head = (struct page *)folio;
	struct page *page = folio_page(folio, tail);
	struct folio *new = (struct folio *)page;

	page->flags &= ~PAGEFLAGS_MASK;
	page->flags |= head->flags & SPLIT_COPY_FLAGS;
	page->mapping = head->mapping;
	page->index = head->index + tail;
	page->private = 0;
	page->page_type = 0;
	page->lru.next = &page->lru;	/* no longer a tail: compound_head is clear */
	page->lru.prev = &page->lru;
	if (new_order) {
		prep_compound_page(page, new_order);
		prep_large_rmappable(new);
		if (folio_test_sim_tails_written(folio))
			folio_set_sim_tails_written(new);
	}
	folio_ref_unfreeze(new, 1);
	if (list) {
		folio_get(new);
		list_add_tail(&new->lru, list);
	} else {
		VM_BUG_ON_FOLIO(!folio_test_lru(folio), folio);
		folio_set_lru(new);
		if (folio_test_unevictable(folio))
			new->mlock_count = 0;	/* unevictable folios are on no list */
		else
			list_add_tail(&new->lru, &folio->lru);
	}
}

/* KERNEL: mm/huge_memory.c __split_huge_page() */
static void __split_huge_page(struct page *page, struct list_head *list,
			      unsigned int new_order)
{
	struct folio *folio = page_folio(page);
	unsigned long nr = folio_nr_pages(folio), new_nr = 1UL << new_order, i;
	struct lruvec *lruvec = folio_lruvec(folio);
	bool anon = folio_test_anon(folio);
	LIST_HEAD(putback);

	/* Up to 4.16 a split with no list of an isolated head (the old
	 * unmap_and_move()) sent the tails straight back to the LRU. */
	if (!list && !folio_test_lru(folio) && kprofile->thp_split_head_only)
		list = &putback;
	sched_note_change(folio_pfn(folio), nr, "split");
	spin_lock(&lruvec->lru_lock);
	folio_clear_has_hwpoisoned(folio);
	for (i = nr - new_nr; i >= new_nr; i -= new_nr)
		split_tail(folio, i, lruvec, list, new_order);
	if (new_order) {
		folio->_flags_1 = (folio->_flags_1 & ~0xffUL) | new_order;
		folio->_folio_nr_pages = (unsigned int)new_nr;
	} else {
		clear_bit_ul(PG_head, &folio->flags);
		folio_clear_sim_tails_written(folio);
	}
	spin_unlock(&lruvec->lru_lock);

	folio_ref_inc(folio);	/* the caller's reference, unfrozen */
	remap_page(folio, nr, anon && kprofile->split_remaps_zero ? RMP_USE_SHARED_ZEROPAGE : 0);
	sched_point("split:after-remap");

	for (i = 0; i < nr; i += new_nr) {
		struct folio *new = page_folio(pfn_to_page(folio_pfn(folio) + i));

		if (new == page_folio(page))
			continue;
		folio_unlock(new);
		folio_put(new);
	}
	while (!list_empty(&putback)) {
		struct folio *new = list_first_entry(&putback, struct folio, lru);

		list_del(&new->lru);
		folio_putback_lru(new);
	}
}

/*
 * KERNEL: mm/huge_memory.c split_huge_page_to_list_to_order().  The caller
 * holds the folio lock and a reference.  Pieces go to @list (isolated, one
 * list reference each, PG_lru clear) or, with no list, onto the LRU just
 * before the head.  The head keeps the caller's lock and reference.
 */
int split_huge_page_to_list_to_order(struct page *page, struct list_head *list,
				     unsigned int new_order)
{
	struct folio *folio = page_folio(page);
	unsigned int order = folio_order(folio);
	struct deferred_split *ds_queue;
	struct anon_vma *anon_vma = NULL;
	int extra_pins, ret;
	bool is_thp = folio_test_pmd_mappable(folio);

	SIM_FRAME();
	VM_BUG_ON_FOLIO(!folio_test_locked(folio), folio);
	VM_BUG_ON_FOLIO(!folio_test_large(folio), folio);
	VM_BUG_ON_FOLIO(folio_test_hugetlb(folio), folio);
	if (new_order >= order)
		return -EINVAL;
	if (folio_test_anon(folio) && new_order == 1)
		return -EINVAL;
	if (!folio_test_anon(folio))
		return -EBUSY;	/* shared (shmem) large folios are not modelled */
	if (folio_test_writeback(folio))
		return -EBUSY;
	anon_vma = folio_get_anon_vma(folio);
	if (!anon_vma) {
		ret = -EBUSY;
		goto out;
	}
	anon_vma_lock_write(anon_vma);
	if (!can_split_folio(folio, 1, &extra_pins) || sim_fault("fault:split")) {
		ret = -EAGAIN;
		goto out_unlock;
	}
	unmap_folio(folio);
	ds_queue = get_deferred_split_queue(folio);
	spin_lock(&ds_queue->split_queue_lock);
	if (folio_ref_freeze(folio, 1 + extra_pins)) {
		if (order > 1 && !list_empty(&folio->_deferred_list)) {
			ds_queue->split_queue_len--;
			folio_clear_partially_mapped(folio);
			list_del_init(&folio->_deferred_list);
		}
		spin_unlock(&ds_queue->split_queue_lock);
		/* NR_ANON_THPS went down when the PMD mapping did (rmap.c); only
		 * the page-cache THP counters change here, and this model has
		 * no file THPs. */
		__split_huge_page(page, list, new_order);
		ret = 0;
	} else {
		spin_unlock(&ds_queue->split_queue_lock);
		remap_page(folio, folio_nr_pages(folio), 0);
		ret = -EAGAIN;
	}
out_unlock:
	anon_vma_unlock_write(anon_vma);
	put_anon_vma(anon_vma);
out:
	if (is_thp || kprofile->split_stats_any_order)
		count_vm_event(!ret ? THP_SPLIT_PAGE : THP_SPLIT_PAGE_FAILED);
	return ret;
}

/* ---------------------------------------------------------------- */
/* NUMA hinting on a PMD                                             */

/*
 * KERNEL: mm/huge_memory.c do_huge_pmd_numa_page().  @target_nid is what
 * mpol_misplaced() decided.  6.11+ isolates under the PTL
 * (migrate_misplaced_folio_prepare); older kernels isolate inside
 * migrate_misplaced_folio().  On failure the PMD is made accessible again.
 */
int do_huge_pmd_numa_page(struct vm_area_struct *vma, unsigned long address, pmd_t *pmd,
			  int target_nid)
{
	struct mm_struct *mm = vma->vm_mm;
	struct folio *folio;
	int nid, ret;

	SIM_FRAME();
	spin_lock(&mm->page_table_lock);
	if (!pmd_leaf(*pmd) || !pte_protnone(*pmd)) {
		spin_unlock(&mm->page_table_lock);
		return 0;
	}
	folio = page_folio(pfn_to_page(pmd_pfn(*pmd)));
	nid = folio_nid(folio);
	count_vm_event(NUMA_HINT_FAULTS);
	if (nid == target_nid || target_nid == NUMA_NO_NODE) {
		if (nid == target_nid)
			count_vm_event(NUMA_HINT_FAULTS_LOCAL);
		goto restore;
	}
	if (kprofile->numa_prepare_under_ptl) {
		if (migrate_misplaced_folio_prepare(folio, vma, target_nid))
			goto restore;
		spin_unlock(&mm->page_table_lock);
		ret = migrate_misplaced_folio(folio, vma, target_nid);
		if (!ret)
			return 1;
	} else {
		folio_get(folio);	/* the fault's reference, dropped by isolation */
		spin_unlock(&mm->page_table_lock);
		ret = migrate_misplaced_folio(folio, vma, target_nid);
		if (ret)
			return 1;
	}
	spin_lock(&mm->page_table_lock);
restore:
	if (pmd_leaf(*pmd) && pte_protnone(*pmd))
		*pmd = pte_modify_present(*pmd);
	spin_unlock(&mm->page_table_lock);
	return 0;
}
