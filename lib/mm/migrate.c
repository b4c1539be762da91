// SPDX-License-Identifier: MIT
/*
 * Page migration: migrate_pages() and everything under it, putback, and the
 * NUMA-hinting entry point migrate_misplaced_folio().
 *
 * KERNEL: mm/migrate.c (6.12, with the 6.9-6.11 differences selected by the
 * world's kernel profile; see docs/kernel-profiles.md).
 *
 * Written from the behavioural specification in the project's reference
 * (sections 3 and 4), not from kernel source.  Function names, list
 * handling, counters and return values follow the kernel so a kernel patch
 * can be carried over by hand.
 */
#include <string.h>
#include <linux/migrate.h>
#include <linux/huge_mm.h>
#include <linux/hugetlb.h>
#include <linux/rmap.h>
#include <linux/swap.h>
#include <trace/events/migrate.h>
#include "internal.h"
#include "gup.h"
#include "mm_callers.h"
#include "trace.h"

__thread struct migrate_pages_stats migrate_last_stats;
__thread int migrate_misplaced_last_rc;

#define PAGE_WAS_MAPPED		BIT(0)
#define PAGE_WAS_MLOCKED	BIT(1)
#define PAGE_OLD_STATES		(PAGE_WAS_MAPPED | PAGE_WAS_MLOCKED)

static inline enum node_stat_item isolated_item(const struct folio *folio)
{
	return folio_is_file_lru(folio) ? NR_ISOLATED_FILE : NR_ISOLATED_ANON;
}

/* KERNEL: mm/migrate.c isolate_folio_to_list() (6.12) */
bool isolate_folio_to_list(struct folio *folio, struct list_head *list)
{
	bool isolated;

	if (folio_test_hugetlb(folio))
		return isolate_hugetlb(folio, list);
	isolated = folio_isolate_lru(folio);
	if (!isolated)
		return false;
	list_add(&folio->lru, list);
	node_stat_mod_folio(folio, isolated_item(folio), folio_nr_pages(folio));
	return true;
}

/* KERNEL: mm/migrate.c putback_movable_pages() */
void putback_movable_pages(struct list_head *l)
{
	struct folio *folio, *folio2;

	SIM_FRAME();
	TRACE_SLICE("putback_movable_pages");
	list_for_each_entry_safe(folio, folio2, l, lru) {
		if (unlikely(folio_test_hugetlb(folio))) {
			folio_putback_active_hugetlb(folio);
			continue;
		}
		list_del(&folio->lru);
		if (unlikely(__folio_test_movable(folio))) {
			/* No non-LRU movable pages are modelled; keep the shape. */
			folio_lock(folio);
			folio_clear_isolated(folio);
			folio_unlock(folio);
			folio_put(folio);
		} else {
			node_stat_mod_folio(folio, isolated_item(folio), -folio_nr_pages(folio));
			folio_putback_lru(folio);
		}
	}
}

/* ---------------------------------------------------------------- */
/* moving data and metadata                                          */

static void copy_tokens_range(unsigned long dpfn, unsigned long spfn, long nr)
{
	while (nr > 0) {
		unsigned long n = PAGES_PER_SECTION - (max(spfn, dpfn) & (PAGES_PER_SECTION - 1));

		if (n > (unsigned long)nr)
			n = nr;
		memcpy(pfn_token(dpfn), pfn_token(spfn), n * sizeof(u64));
		spfn += n;
		dpfn += n;
		nr -= (long)n;
	}
}

/* Inline for the order-0 folio, one token; a large folio's run of tokens
 * may cross sections, out of line. */
static __always_inline void copy_tokens(struct folio *dst, struct folio *src)
{
	unsigned long spfn = folio_pfn(src), dpfn = folio_pfn(dst);
	long nr = folio_nr_pages(src);

	if (nr == 1) {
		*pfn_token(dpfn) = *pfn_token(spfn);
		return;
	}
	copy_tokens_range(dpfn, spfn, nr);
}

/* KERNEL: mm/migrate.c folio_expected_refs() */
static int folio_expected_refs(struct address_space *mapping, struct folio *folio)
{
	int refs = 1;

	if (!mapping)
		return refs;
	refs += (int)folio_nr_pages(folio);
	if (folio_test_private(folio))
		refs++;
	return refs;
}

/* KERNEL: mm/migrate.c __folio_migrate_mapping() */
static int __folio_migrate_mapping(struct address_space *mapping, struct folio *newfolio,
				   struct folio *folio, int expected_count)
{
	long nr = folio_nr_pages(folio);

	if (!mapping) {
		if (kprofile->unqueue_in_migrate_mapping && folio_test_large(folio) &&
		    folio_test_large_rmappable(folio)) {
			if (!folio_ref_freeze(folio, expected_count))
				return -EAGAIN;
			folio_unqueue_deferred_split(folio);
			folio_ref_unfreeze(folio, expected_count);
		}
		newfolio->index = folio->index;
		newfolio->mapping = folio->mapping;
		if (folio_test_swapbacked(folio))
			__folio_set_swapbacked(newfolio);
		return MIGRATEPAGE_SUCCESS;
	}

	sched_point("xa:lock");
	if (!folio_ref_freeze(folio, expected_count))
		return -EAGAIN;
	if (kprofile->unqueue_in_migrate_mapping)
		folio_unqueue_deferred_split(folio);
	newfolio->index = folio->index;
	newfolio->mapping = folio->mapping;
	folio_ref_add(newfolio, (int)nr);
	if (folio_test_swapbacked(folio))
		__folio_set_swapbacked(newfolio);
	if (folio_test_dirty(folio)) {
		folio_clear_dirty(folio);
		folio_set_dirty(newfolio);
	}
	filemap_replace_folio(mapping, folio, newfolio);
	folio_ref_unfreeze(folio, expected_count - (int)nr);
	sched_point("xa:unlock");
	if (folio_nid(folio) != folio_nid(newfolio) && folio_test_swapbacked(folio)) {
		node_stat_mod_folio(folio, NR_SHMEM, -nr);
		node_stat_mod_folio(newfolio, NR_SHMEM, nr);
	}
	return MIGRATEPAGE_SUCCESS;
}

/* KERNEL: mm/migrate.c folio_migrate_flags() */
static __always_inline void folio_migrate_flags(struct folio *newfolio, struct folio *folio)
{
	/* Copied when set, in one step: nothing below reads or writes these. */
	newfolio->flags |= folio->flags & (BIT(PG_referenced) | BIT(PG_uptodate) |
					   BIT(PG_workingset) | BIT(PG_dirty) |
					   BIT(PG_young) | BIT(PG_idle));
	if (folio_test_clear_active(folio)) {
		VM_BUG_ON_FOLIO(folio_test_unevictable(folio), folio);
		folio_set_active(newfolio);
	} else if (folio_test_clear_unevictable(folio)) {
		folio_set_unevictable(newfolio);
	}
	folio_clear_swapcache(folio);
	folio_clear_private(folio);
	if (!folio_test_hugetlb(folio))
		folio->private = NULL;
	if (folio_test_writeback(newfolio))
		folio_clear_writeback(newfolio);
	if (folio_test_reclaim(folio) && !__folio_test_movable(folio))
		folio_set_reclaim(newfolio);
	/* mem_cgroup_migrate(): before 6.11.11/6.12 the source left the
	 * deferred queue here, at a non-zero refcount (only a large folio
	 * can be on it). */
	if (!kprofile->unqueue_in_migrate_mapping && folio_test_large(folio))
		folio_unqueue_deferred_split(folio);
}

/* migrate_folio() for an order-0 anon folio, inline in move_to_new_folio()
 * (which every folio goes through); it is at the end of the file, with the
 * other order-0 entry points. */
static __always_inline int migrate_folio_fast(struct address_space *mapping, struct folio *dst,
					      struct folio *src, enum migrate_mode mode);

/*
 * KERNEL: mm/migrate.c migrate_folio() / __migrate_folio().  6.11+ copies
 * before freezing (folio_mc_copy); 6.9 moves the mapping first and copies
 * after, and MIGRATE_SYNC_NO_COPY copies nothing.  migrate_folio_fast()
 * does the order-0 anon case and calls this for everything else.
 */
int migrate_folio(struct address_space *mapping, struct folio *dst, struct folio *src,
		  enum migrate_mode mode)
{
	int expected, rc;

	BUG_ON(folio_test_writeback(src));
	expected = folio_expected_refs(mapping, src);
	if (folio_ref_count(src) != expected)
		return -EAGAIN;
	if (kprofile->copy_before_freeze)
		copy_tokens(dst, src);
	rc = __folio_migrate_mapping(mapping, dst, src, expected);
	if (rc != MIGRATEPAGE_SUCCESS)
		return rc;
	if (!kprofile->copy_before_freeze && mode != MIGRATE_SYNC_NO_COPY)
		copy_tokens(dst, src);
	folio_migrate_flags(dst, src);
	return MIGRATEPAGE_SUCCESS;
}

/* KERNEL: mm/migrate.c move_to_new_folio() */
static __always_inline int move_to_new_folio(struct folio *dst, struct folio *src,
					     enum migrate_mode mode)
{
	int rc;

	VM_BUG_ON_FOLIO(!folio_test_locked(src), src);
	VM_BUG_ON_FOLIO(!folio_test_locked(dst), dst);
	if (likely(!__folio_test_movable(src))) {
		/* Anon, and the shmem/hugetlbfs objects, all use migrate_folio. */
		rc = migrate_folio_fast(folio_mapping(src), dst, src, mode);
	} else {
		folio_clear_isolated(src);
		rc = MIGRATEPAGE_SUCCESS;
	}
	if (rc == MIGRATEPAGE_SUCCESS) {
		if (__folio_test_movable(src))
			folio_clear_isolated(src);
		if (!((unsigned long)src->mapping & PAGE_MAPPING_FLAGS))
			src->mapping = NULL;
	}
	return rc;
}

/* ---------------------------------------------------------------- */
/* the destination's record and the undo paths                       */

static void __migrate_folio_record(struct folio *dst, int old_page_state,
				   struct anon_vma *anon_vma)
{
	dst->private = (void *)((unsigned long)anon_vma | (unsigned long)old_page_state);
}

static void __migrate_folio_extract(struct folio *dst, int *old_page_state,
				    struct anon_vma **anon_vmap)
{
	unsigned long private = (unsigned long)dst->private;

	*anon_vmap = (struct anon_vma *)(private & ~PAGE_OLD_STATES);
	*old_page_state = (int)(private & PAGE_OLD_STATES);
	dst->private = NULL;
}

static void migrate_folio_undo_src(struct folio *src, int page_was_mapped,
				   struct anon_vma *anon_vma, bool locked,
				   struct list_head *ret)
{
	if (page_was_mapped)
		remove_migration_ptes(src, src, 0);
	if (anon_vma)
		put_anon_vma(anon_vma);
	if (locked)
		folio_unlock(src);
	if (ret)
		list_move_tail(&src->lru, ret);
}

static void migrate_folio_undo_dst(struct folio *dst, bool locked,
				   free_folio_t put_new_folio, unsigned long private)
{
	if (locked)
		folio_unlock(dst);
	if (put_new_folio)
		put_new_folio(dst, private);
	else
		folio_put(dst);
}

/* KERNEL: mm/migrate.c migrate_folio_done() */
static __always_inline void migrate_folio_done(struct folio *src, enum migrate_reason reason)
{
	if (likely(!__folio_test_movable(src)) && reason != MR_DEMOTION)
		mod_node_page_state(folio_nid(src), isolated_item(src), -folio_nr_pages(src));
	if (reason != MR_MEMORY_FAILURE)
		folio_put(src);
}

/* ---------------------------------------------------------------- */
/* unmap and move                                                    */

/* KERNEL: mm/migrate.c migrate_folio_unmap() (reference 4.1) */
static int migrate_folio_unmap(new_folio_t get_new_folio, free_folio_t put_new_folio,
			       unsigned long private, struct folio *src,
			       struct folio **dstp, enum migrate_mode mode,
			       enum migrate_reason reason, struct list_head *ret)
{
	struct folio *dst;
	int rc = -EAGAIN;
	int old_page_state = 0;
	struct anon_vma *anon_vma = NULL;
	bool is_lru = !__folio_test_movable(src);
	bool locked = false, dst_locked = false, injected_wb;
	TRACE_SLICE("migrate_folio_unmap");

	if (folio_ref_count(src) == 1) {
		/* Only the isolation reference is left: the owner freed it. */
		folio_clear_active(src);
		folio_clear_unevictable(src);
		list_del(&src->lru);
		migrate_folio_done(src, reason);
		return MIGRATEPAGE_SUCCESS;
	}

	dst = get_new_folio(src, private);
	if (!dst)
		return -ENOMEM;
	*dstp = dst;
	dst->private = NULL;

	if (!folio_trylock(src)) {
		if (mode == MIGRATE_ASYNC)
			goto out;
		if (current && (current->flags & PF_MEMALLOC))
			goto out;
		if (mode == MIGRATE_SYNC_LIGHT && !folio_test_uptodate(src))
			goto out;
		folio_lock(src);
	}
	locked = true;
	if (folio_test_mlocked(src))
		old_page_state |= PAGE_WAS_MLOCKED;

	/* A fault the schedule may inject: writeback started on the folio
	 * after it was isolated.  No I/O is modelled, so the injected
	 * writeback ends when it is waited for or, if migration gives up on
	 * the folio, right then. */
	injected_wb = sim_fault("fault:writeback");
	if (injected_wb)
		folio_set_writeback(src);
	if (folio_test_writeback(src)) {
		switch (mode) {
		case MIGRATE_SYNC:
		case MIGRATE_SYNC_NO_COPY:
			break;
		default:
			rc = -EBUSY;
			if (injected_wb)
				folio_clear_writeback(src);
			goto out;
		}
		folio_wait_writeback(src);
	}

	if (folio_test_anon(src) && !folio_test_ksm(src))
		anon_vma = folio_get_anon_vma(src);

	if (unlikely(!folio_trylock(dst)))
		goto out;
	dst_locked = true;

	if (kprofile->thp_split_head_only && folio_test_large(src) && !folio_test_large(dst)) {
		/*
		 * Up to 4.16, unmap_and_move() given an order-0 target for a THP
		 * (THP migration unsupported, or no THP target) split the source
		 * with no list: the tails went back to the LRU and only the head
		 * was migrated (reference 9 a, b).
		 */
		if (split_huge_page((struct page *)src)) {
			rc = -EBUSY;
			goto out;
		}
		sim_story("unmap_and_move (<= 4.16): THP split with no list; the %d tails go "
			  "back to the LRU, only the head migrates", HPAGE_PMD_NR - 1);
	}

	if (unlikely(!is_lru)) {
		__migrate_folio_record(dst, old_page_state, anon_vma);
		return MIGRATEPAGE_UNMAP;
	}

	if (!src->mapping) {
		if (folio_test_private(src)) {
			folio_clear_private(src);	/* try_to_free_buffers() */
			goto out;
		}
	} else if (folio_mapped(src)) {
		VM_BUG_ON_FOLIO(folio_test_anon(src) && !folio_test_ksm(src) && !anon_vma, src);
		try_to_migrate(src, mode == MIGRATE_ASYNC ? TTU_BATCH_FLUSH : 0);
		old_page_state |= PAGE_WAS_MAPPED;
	}
	sched_point("migrate:after-unmap");
	if (sim_fault("fault:gup"))
		gup_pin_page(folio_pfn(src));	/* a GUP-fast takes a reference now */

	if (!folio_mapped(src)) {
		__migrate_folio_record(dst, old_page_state, anon_vma);
		return MIGRATEPAGE_UNMAP;
	}

out:
	if (rc == -EAGAIN)
		ret = NULL;
	migrate_folio_undo_src(src, old_page_state & PAGE_WAS_MAPPED, anon_vma, locked, ret);
	migrate_folio_undo_dst(dst, dst_locked, put_new_folio, private);
	return rc;
}

/* KERNEL: mm/migrate.c migrate_folio_move() (reference 4.3) */
static int migrate_folio_move(free_folio_t put_new_folio, unsigned long private,
			      struct folio *src, struct folio *dst,
			      enum migrate_mode mode, enum migrate_reason reason,
			      struct list_head *ret)
{
	int rc;
	int old_page_state = 0;
	struct anon_vma *anon_vma = NULL;
	bool is_lru = !__folio_test_movable(src);
	struct list_head *prev;
	TRACE_SLICE("migrate_folio_move");

	__migrate_folio_extract(dst, &old_page_state, &anon_vma);
	prev = dst->lru.prev;
	list_del(&dst->lru);

	rc = move_to_new_folio(dst, src, mode);
	if (rc)
		goto out;

	if (unlikely(!is_lru))
		goto out_unlock_both;

	__folio_add_lru(dst);
	if (old_page_state & PAGE_WAS_MLOCKED)
		lru_add_drain();
	if (old_page_state & PAGE_WAS_MAPPED)
		remove_migration_ptes(src, dst, 0);

out_unlock_both:
	folio_unlock(dst);
	folio_put(dst);
	list_del(&src->lru);
	if (anon_vma)
		put_anon_vma(anon_vma);
	folio_unlock(src);
	migrate_folio_done(src, reason);
	return rc;
out:
	if (rc == -EAGAIN) {
		list_add(&dst->lru, prev);
		__migrate_folio_record(dst, old_page_state, anon_vma);
		return rc;
	}
	migrate_folio_undo_src(src, old_page_state & PAGE_WAS_MAPPED, anon_vma, true, ret);
	migrate_folio_undo_dst(dst, true, put_new_folio, private);
	return rc;
}

/* ---------------------------------------------------------------- */
/* hugetlb                                                           */

/* KERNEL: mm/migrate.c unmap_and_move_huge_page() (reference 4.6) */
static int unmap_and_move_huge_page(new_folio_t get_new_folio, free_folio_t put_new_folio,
				    unsigned long private, struct folio *src, int force,
				    enum migrate_mode mode, int reason, struct list_head *ret)
{
	struct folio *dst;
	int rc = -EAGAIN;
	int page_was_mapped = 0;
	struct anon_vma *anon_vma = NULL;

	SIM_FRAME();
	TRACE_SLICE("unmap_and_move_huge_page");
	if (folio_ref_count(src) == 1) {
		folio_putback_active_hugetlb(src);
		return MIGRATEPAGE_SUCCESS;
	}
	dst = get_new_folio(src, private);
	if (!dst)
		return -ENOMEM;

	if (!folio_trylock(src)) {
		if (!force)
			goto out;
		switch (mode) {
		case MIGRATE_SYNC:
		case MIGRATE_SYNC_NO_COPY:
			break;
		default:
			goto out;
		}
		folio_lock(src);
	}

	if (folio_test_anon(src))
		anon_vma = folio_get_anon_vma(src);
	if (unlikely(!folio_trylock(dst)))
		goto put_anon;

	if (folio_mapped(src)) {
		try_to_migrate(src, 0);
		page_was_mapped = 1;
	}
	if (!folio_mapped(src))
		rc = move_to_new_folio(dst, src, mode);
	if (page_was_mapped)
		remove_migration_ptes(src, rc == MIGRATEPAGE_SUCCESS ? dst : src, 0);

	folio_unlock(dst);
put_anon:
	if (anon_vma)
		put_anon_vma(anon_vma);
	if (rc == MIGRATEPAGE_SUCCESS) {
		move_hugetlb_state(src, dst, reason);
		put_new_folio = NULL;
	}
	folio_unlock(src);
out:
	if (rc == MIGRATEPAGE_SUCCESS)
		folio_putback_active_hugetlb(src);
	else if (rc != -EAGAIN)
		list_move_tail(&src->lru, ret);
	if (put_new_folio)
		put_new_folio(dst, private);
	else
		folio_putback_active_hugetlb(dst);
	return rc;
}

/* KERNEL: mm/migrate.c migrate_hugetlbs() (reference 3.4) */
static int migrate_hugetlbs(struct list_head *from, new_folio_t get_new_folio,
			    free_folio_t put_new_folio, unsigned long private,
			    enum migrate_mode mode, int reason,
			    struct migrate_pages_stats *stats, struct list_head *ret_folios)
{
	int retry = 1, nr_failed = 0, nr_retry_pages = 0, pass = 0;
	struct folio *folio, *folio2;
	int rc;

	for (pass = 0; pass < NR_MAX_MIGRATE_PAGES_RETRY && retry; pass++) {
		retry = 0;
		nr_retry_pages = 0;
		list_for_each_entry_safe(folio, folio2, from, lru) {
			int nr_pages;

			if (!folio_test_hugetlb(folio))
				continue;
			nr_pages = (int)folio_nr_pages(folio);
			if (!hugepage_migration_supported(folio_hstate(folio))) {
				nr_failed++;
				stats->nr_failed_pages += nr_pages;
				list_move_tail(&folio->lru, ret_folios);
				continue;
			}
			rc = unmap_and_move_huge_page(get_new_folio, put_new_folio, private,
						      folio, pass > 2, mode, reason, ret_folios);
			switch (rc) {
			case -ENOMEM:
				stats->nr_failed_pages += nr_pages + nr_retry_pages;
				return -ENOMEM;
			case -EAGAIN:
				retry++;
				nr_retry_pages += nr_pages;
				break;
			case MIGRATEPAGE_SUCCESS:
				stats->nr_succeeded += nr_pages;
				break;
			default:
				nr_failed++;
				stats->nr_failed_pages += nr_pages;
				break;
			}
		}
	}
	nr_failed += retry;
	stats->nr_failed_pages += nr_retry_pages;
	return nr_failed;
}

/* ---------------------------------------------------------------- */
/* the batch                                                         */

/* KERNEL: mm/migrate.c try_split_folio() (reference 5.1) */
static int try_split_folio(struct folio *folio, struct list_head *split_folios,
			   enum migrate_mode mode)
{
	int rc;
	TRACE_SLICE("split_folio_to_list");

	if (mode == MIGRATE_ASYNC && kprofile->split_trylock_async) {
		if (!folio_trylock(folio))
			return -EAGAIN;
	} else {
		folio_lock(folio);
	}
	rc = split_folio_to_list(folio, split_folios);
	folio_unlock(folio);
	if (!rc)
		list_move_tail(&folio->lru, split_folios);
	return rc;
}

/*
 * The deferred-split test of migrate_pages_batch() (A1), per profile:
 * absent in 6.9; present from 6.10 (and in the v5 patch); 6.12 also asks
 * for partially mapped.  _deferred_list is read without the lock: the
 * folio may be on the shrinker's private list.
 */
static bool a1_should_split(struct folio *folio, long nr_pages)
{
	if (!kprofile->a1_deferred_split || nr_pages <= 2)
		return false;
	if (list_empty(&folio->_deferred_list))
		return false;
	return !kprofile->a1_requires_partially_mapped || folio_test_partially_mapped(folio);
}

static void story_a1_walk_end(struct folio *next, struct list_head *from)
{
	if (list_entry_is_head(next, from, lru))
		sim_story("migrate_pages_batch: list_for_each_entry_safe already cached the "
			  "list head as the next entry: the walk ends and the %lu pieces "
			  "appended to @from are never visited", list_count_nodes(from));
}

/* KERNEL: mm/migrate.c migrate_pages_batch() (reference 3.5) */
static int migrate_pages_batch(struct list_head *from, new_folio_t get_new_folio,
			       free_folio_t put_new_folio, unsigned long private,
			       enum migrate_mode mode, int reason,
			       struct list_head *ret_folios, struct list_head *split_folios,
			       struct migrate_pages_stats *stats, int nr_pass)
{
	int retry = 1, thp_retry = 1, nr_failed = 0, nr_retry_pages = 0, pass = 0;
	bool is_thp = false, is_large = false;
	struct folio *folio, *folio2, *dst = NULL, *dst2;
	int rc, rc_saved = 0, nr_pages;
	LIST_HEAD(unmap_folios);
	LIST_HEAD(dst_folios);
	bool nosplit = (reason == MR_NUMA_MISPLACED);

	SIM_FRAME();
	TRACE_SLICE("migrate_pages_batch");
	TRACK_MIGRATE_LISTS(from, ret_folios, &unmap_folios, &dst_folios, split_folios);
	VM_WARN_ON_ONCE(mode != MIGRATE_ASYNC && !list_empty(from) && !list_is_singular(from));

	for (pass = 0; pass < nr_pass && retry; pass++) {
		retry = 0;
		thp_retry = 0;
		nr_retry_pages = 0;

		list_for_each_entry_safe(folio, folio2, from, lru) {
			is_large = folio_test_large(folio);
			is_thp = folio_test_pmd_mappable(folio);
			nr_pages = (int)folio_nr_pages(folio);

			cond_resched();

			/* A1: split a folio that sits on a deferred-split queue. */
			if (a1_should_split(folio, nr_pages)) {
				struct list_head *target = kprofile->a1_split_into_from ?
					from : split_folios;

				if (unlikely(sim_world->story))
					sim_story("migrate_pages_batch: folio pfn %#lx is on a "
						  "deferred-split queue: try_split_folio() into %s",
						  folio_pfn(folio), target == from ?
						  "@from, the list being walked" : "split_folios");
				if (!try_split_folio(folio, target, mode)) {
					if (unlikely(sim_world->story) && target == from)
						story_a1_walk_end(folio2, from);
					/* A point to stop at and look (docs/visual.md):
					 * the pieces are on @target, the walk's cached
					 * next entry is already decided. */
					sched_point("migrate:a1-split");
					if (kprofile->a1_counts_failed)
						nr_failed++;
					if (kprofile->a1_counts_thp_failed)
						stats->nr_thp_failed += is_thp;
					stats->nr_thp_split += is_thp;
					stats->nr_split++;
					continue;
				}
			}

			/* A2: THP migration unsupported: split it (4.17 and later;
			 * before, migrate_folio_unmap() splits with no list). */
			if (!thp_migration_supported() && is_thp && !kprofile->thp_split_head_only) {
				nr_failed++;
				stats->nr_thp_failed++;
				if (!try_split_folio(folio, split_folios, mode)) {
					stats->nr_thp_split++;
					stats->nr_split++;
					continue;
				}
				stats->nr_failed_pages += nr_pages;
				list_move_tail(&folio->lru, ret_folios);
				continue;
			}

			/* A3 */
			rc = migrate_folio_unmap(get_new_folio, put_new_folio, private, folio,
						 &dst, mode, reason, ret_folios);
			switch (rc) {
			case -ENOMEM:
				nr_failed++;
				stats->nr_thp_failed += is_thp;
				if (is_large && !nosplit) {
					int ret = try_split_folio(folio, split_folios, mode);

					if (!ret) {
						stats->nr_thp_split += is_thp;
						stats->nr_split++;
						break;
					} else if (reason == MR_LONGTERM_PIN && ret == -EAGAIN) {
						retry++;
						thp_retry += is_thp;
						nr_retry_pages += nr_pages;
						nr_failed--;
						stats->nr_thp_failed -= is_thp;
						break;
					}
				}
				stats->nr_failed_pages += nr_pages + nr_retry_pages;
				stats->nr_thp_failed += thp_retry;
				rc_saved = rc;
				if (list_empty(&unmap_folios))
					goto out;
				else
					goto move;
			case -EAGAIN:
				retry++;
				thp_retry += is_thp;
				nr_retry_pages += nr_pages;
				break;
			case MIGRATEPAGE_SUCCESS:
				stats->nr_succeeded += nr_pages;
				stats->nr_thp_succeeded += is_thp;
				break;
			case MIGRATEPAGE_UNMAP:
				list_move_tail(&folio->lru, &unmap_folios);
				list_add_tail(&dst->lru, &dst_folios);
				break;
			default:
				nr_failed++;
				stats->nr_thp_failed += is_thp;
				stats->nr_failed_pages += nr_pages;
				break;
			}
		}
	}
	nr_failed += retry;
	stats->nr_thp_failed += thp_retry;
	stats->nr_failed_pages += nr_retry_pages;
move:
	try_to_unmap_flush();

	retry = 1;
	for (pass = 0; pass < nr_pass && retry; pass++) {
		retry = 0;
		thp_retry = 0;
		nr_retry_pages = 0;

		/* dst_folios is walked in lockstep with unmap_folios; on an empty
		 * list dst is the head's container and is never dereferenced. */
		dst = list_first_entry(&dst_folios, struct folio, lru);
		dst2 = list_next_entry(dst, lru);
		list_for_each_entry_safe(folio, folio2, &unmap_folios, lru) {
			is_thp = folio_test_pmd_mappable(folio);
			nr_pages = (int)folio_nr_pages(folio);

			cond_resched();

			rc = migrate_folio_move(put_new_folio, private, folio, dst, mode,
						reason, ret_folios);
			switch (rc) {
			case -EAGAIN:
				retry++;
				thp_retry += is_thp;
				nr_retry_pages += nr_pages;
				break;
			case MIGRATEPAGE_SUCCESS:
				stats->nr_succeeded += nr_pages;
				stats->nr_thp_succeeded += is_thp;
				break;
			default:
				nr_failed++;
				stats->nr_thp_failed += is_thp;
				stats->nr_failed_pages += nr_pages;
				break;
			}
			dst = dst2;
			dst2 = list_next_entry(dst, lru);
		}
	}
	nr_failed += retry;
	stats->nr_thp_failed += thp_retry;
	stats->nr_failed_pages += nr_retry_pages;

	rc = rc_saved ? rc_saved : nr_failed;
out:
	/* Phase C: whatever is still unmapped goes back to its old mappings. */
	dst = list_first_entry(&dst_folios, struct folio, lru);
	dst2 = list_next_entry(dst, lru);
	list_for_each_entry_safe(folio, folio2, &unmap_folios, lru) {
		int old_page_state = 0;
		struct anon_vma *anon_vma = NULL;

		__migrate_folio_extract(dst, &old_page_state, &anon_vma);
		migrate_folio_undo_src(folio, old_page_state & PAGE_WAS_MAPPED, anon_vma,
				       true, ret_folios);
		list_del(&dst->lru);
		migrate_folio_undo_dst(dst, true, put_new_folio, private);
		dst = dst2;
		dst2 = list_next_entry(dst, lru);
	}
	return rc;
}

/* KERNEL: mm/migrate.c migrate_pages_sync() (reference 3.6) */
static int migrate_pages_sync(struct list_head *from, new_folio_t get_new_folio,
			      free_folio_t put_new_folio, unsigned long private,
			      enum migrate_mode mode, int reason,
			      struct list_head *ret_folios, struct list_head *split_folios,
			      struct migrate_pages_stats *stats)
{
	int rc, nr_failed = 0;
	LIST_HEAD(folios);
	struct migrate_pages_stats astats;

	memset(&astats, 0, sizeof(astats));
	rc = migrate_pages_batch(from, get_new_folio, put_new_folio, private, MIGRATE_ASYNC,
				 reason, &folios, split_folios, &astats,
				 NR_MAX_MIGRATE_ASYNC_RETRY);
	stats->nr_succeeded += astats.nr_succeeded;
	stats->nr_thp_succeeded += astats.nr_thp_succeeded;
	stats->nr_thp_split += astats.nr_thp_split;
	stats->nr_split += astats.nr_split;
	if (rc < 0) {
		stats->nr_failed_pages += astats.nr_failed_pages;
		stats->nr_thp_failed += astats.nr_thp_failed;
		list_splice_tail(&folios, ret_folios);
		return rc;
	}
	stats->nr_thp_failed += astats.nr_thp_split;
	nr_failed = astats.nr_split;
	list_splice_tail_init(&folios, from);
	while (!list_empty(from)) {
		list_move(from->next, &folios);
		rc = migrate_pages_batch(&folios, get_new_folio, put_new_folio, private, mode,
					 reason, ret_folios, split_folios, stats,
					 NR_MAX_MIGRATE_SYNC_RETRY);
		list_splice_tail_init(&folios, ret_folios);
		if (rc < 0)
			return rc;
		nr_failed += rc;
	}
	return nr_failed;
}

/* Simulator helper: the base pages of the folios on @l (list_count_nodes()
 * counts folios). */
unsigned long folio_list_nr_pages(struct list_head *l)
{
	struct folio *folio;
	unsigned long nr = 0;

	list_for_each_entry(folio, l, lru)
		nr += folio_nr_pages(folio);
	return nr;
}

/*
 * Simulator check, not kernel code: every base page that entered
 * migrate_pages() was either migrated (or found freed), or is back on the
 * caller's list.  The THP split of 4.14 (seeds/000) breaks it.
 */
static void check_migrate_accounting(long pages_in, struct list_head *from,
				     const struct migrate_pages_stats *stats)
{
	long back = (long)folio_list_nr_pages(from);

	if (pages_in != stats->nr_succeeded + back)
		sim_raise(SIM_INVARIANT, "migrate_pages", __FILE__, __LINE__, NULL,
			  "%ld base pages entered migrate_pages() and %ld are accounted for "
			  "(%d migrated, %ld returned on the list): %ld lost",
			  pages_in, stats->nr_succeeded + back, stats->nr_succeeded, back,
			  pages_in - stats->nr_succeeded - back);
}

/*
 * KERNEL: mm/migrate.c migrate_pages() (reference 3.3).
 *
 * Returns the number of folios not migrated (a split folio counts once), or
 * -ENOMEM.  0 exactly when @from ends empty; the caller puts back the rest.
 */
int migrate_pages(struct list_head *from, new_folio_t get_new_folio,
		  free_folio_t put_new_folio, unsigned long private,
		  enum migrate_mode mode, int reason, unsigned int *ret_succeeded)
{
	int rc, rc_gather;
	int nr_pages;
	struct folio *folio, *folio2;
	LIST_HEAD(folios);
	LIST_HEAD(ret_folios);
	LIST_HEAD(split_folios);
	struct migrate_pages_stats stats;
	long pages_in = sim_world->checks ? (long)folio_list_nr_pages(from) : 0;

	SIM_FRAME();
	TRACE_CALLER_SLICE();
	TRACE_SLICE("migrate_pages");
	trace_mm_migrate_pages_start(mode, reason);
	memset(&stats, 0, sizeof(stats));

	rc_gather = migrate_hugetlbs(from, get_new_folio, put_new_folio, private, mode, reason,
				     &stats, &ret_folios);
	if (rc_gather < 0)
		goto out;

again:
	nr_pages = 0;
	list_for_each_entry_safe(folio, folio2, from, lru) {
		if (folio_test_hugetlb(folio)) {
			list_move_tail(&folio->lru, &ret_folios);
			continue;
		}
		nr_pages += (int)folio_nr_pages(folio);
		if (nr_pages >= NR_MAX_BATCHED_MIGRATION)
			break;
	}
	if (nr_pages >= NR_MAX_BATCHED_MIGRATION)
		list_cut_before(&folios, from, &folio2->lru);
	else
		list_splice_init(from, &folios);
	if (mode == MIGRATE_ASYNC)
		rc = migrate_pages_batch(&folios, get_new_folio, put_new_folio, private, mode,
					 reason, &ret_folios, &split_folios, &stats,
					 NR_MAX_MIGRATE_PAGES_RETRY);
	else
		rc = migrate_pages_sync(&folios, get_new_folio, put_new_folio, private, mode,
					reason, &ret_folios, &split_folios, &stats);
	list_splice_tail_init(&folios, &ret_folios);
	if (rc < 0) {
		rc_gather = rc;
		list_splice_tail(&split_folios, &ret_folios);
		goto out;
	}
	if (!list_empty(&split_folios)) {
		sim_story("migrate_pages: split round: %lu pieces, one MIGRATE_ASYNC pass",
			  list_count_nodes(&split_folios));
		/* Best effort: one ASYNC pass, no further splitting; the split
		 * folio was already counted as one failure. */
		migrate_pages_batch(&split_folios, get_new_folio, put_new_folio, private,
				    MIGRATE_ASYNC, reason, &ret_folios, NULL, &stats, 1);
		list_splice_tail_init(&split_folios, &ret_folios);
	}
	rc_gather += rc;
	if (!list_empty(from))
		goto again;
out:
	list_splice(&ret_folios, from);
	if (list_empty(from))
		rc_gather = 0;

	count_vm_events(PGMIGRATE_SUCCESS, stats.nr_succeeded);
	count_vm_events(PGMIGRATE_FAIL, stats.nr_failed_pages);
	count_vm_events(THP_MIGRATION_SUCCESS, stats.nr_thp_succeeded);
	count_vm_events(THP_MIGRATION_FAIL, stats.nr_thp_failed);
	count_vm_events(THP_MIGRATION_SPLIT, stats.nr_thp_split);
	trace_mm_migrate_pages(stats.nr_succeeded, stats.nr_failed_pages,
			       stats.nr_thp_succeeded, stats.nr_thp_failed,
			       stats.nr_thp_split, stats.nr_split, mode, reason);
	migrate_last_stats = stats;
	sim_story("migrate_pages: returns %d; %lu folio(s) left on the caller's list",
		  rc_gather, list_count_nodes(from));
	if (ret_succeeded)
		*ret_succeeded = stats.nr_succeeded;
	if (sim_world->checks)
		check_migrate_accounting(pages_in, from, &stats);
	return rc_gather;
}

/*
 * KERNEL: mm/migrate.c alloc_migration_target(), for a large source: out of
 * line, so that the order-0 case (a tail call) saves no registers.
 */
static struct folio * __attribute__((noinline))
alloc_large_migration_target(struct folio *src, struct migration_target_control *mtc, int nid)
{
	gfp_t gfp_mask = mtc->gfp_mask;
	unsigned int order = 0;
	struct folio *dst;

	if (folio_test_hugetlb(src)) {
		struct hstate *h = folio_hstate(src);

		return alloc_hugetlb_folio_nodemask(h, nid, mtc->nmask, gfp_mask,
						    htlb_allow_alloc_fallback(mtc->reason));
	}
	/* A target of the source's order, unless THP migration is unsupported. */
	if (!(kprofile->thp_split_head_only && !thp_migration_supported())) {
		gfp_mask &= ~__GFP_RECLAIM;
		gfp_mask |= GFP_TRANSHUGE;
		order = folio_order(src);
	}
	/* Up to 4.16 new_page_nodemask() gave an order-0 target to a THP
	 * when THP migration was unsupported. */
	dst = __folio_alloc(gfp_mask, order, nid, mtc->nmask);
	/* The source is large: an order-0 target is the case below. */
	if (dst && kprofile->prep_transhuge_on_src && !folio_test_large(dst)) {
		/*
		 * 4.14 before 40a899ed1648: the THP preparation was keyed on
		 * the source, so an order-0 target was "prepared" as a THP:
		 * its compound destructor and deferred list were written into
		 * the two struct pages after it, which belong to other pages.
		 * The model reports the write instead of doing it.
		 */
		sim_raise(SIM_INVARIANT, "new_page_nodemask", __FILE__, __LINE__,
			  (struct page *)dst, "prep_transhuge_page() on an order-0 target "
			  "(pfn %#lx) of a THP: it writes THP metadata into page[1] and "
			  "page[2], which are pfns %#lx and %#lx and not part of it",
			  folio_pfn(dst), folio_pfn(dst) + 1, folio_pfn(dst) + 2);
	}
	return dst;
}

/* ---------------------------------------------------------------- */
/* NUMA hinting                                                      */

/* KERNEL: mm/migrate.c alloc_misplaced_dst_folio() */
static struct folio *alloc_misplaced_dst_folio(struct folio *src, unsigned long data)
{
	int nid = (int)data;
	unsigned int order = folio_order(src);
	gfp_t gfp = __GFP_THISNODE;

	if (order > 0)
		gfp |= GFP_TRANSHUGE_LIGHT;
	else
		gfp |= (GFP_HIGHUSER_MOVABLE | __GFP_NOMEMALLOC | __GFP_NORETRY | __GFP_NOWARN) &
		       ~__GFP_RECLAIM;
	return __folio_alloc(gfp, order, nid, NULL);
}

/* KERNEL: mm/migrate.c migrate_misplaced_folio_prepare() (6.11+, under the PTL) */
int migrate_misplaced_folio_prepare(struct folio *folio, struct vm_area_struct *vma, int node)
{
	int nr_pages = (int)folio_nr_pages(folio);

	if (folio_is_file_lru(folio)) {
		if ((vma->vm_flags & VM_EXEC) && folio_likely_mapped_shared(folio))
			return -EACCES;
		if (folio_test_dirty(folio))
			return -EAGAIN;
	}
	if (!node_is_balanced(node, nr_pages))
		return -EAGAIN;
	if (!folio_isolate_lru(folio))
		return -EAGAIN;
	node_stat_mod_folio(folio, isolated_item(folio), nr_pages);
	return 0;
}

/* 6.9/6.10: numamigrate_isolate_folio(), which drops the caller's reference. */
static int numamigrate_isolate_folio(int node, struct folio *folio)
{
	int nr_pages = (int)folio_nr_pages(folio);

	if (!node_is_balanced(node, nr_pages))
		return 0;
	if (!folio_isolate_lru(folio))
		return 0;
	node_stat_mod_folio(folio, isolated_item(folio), nr_pages);
	folio_put(folio);
	return 1;
}

static void count_numa_success(struct folio *folio, int node, unsigned int nr_succeeded)
{
	if (!nr_succeeded)
		return;
	count_vm_events(NUMA_PAGE_MIGRATE, nr_succeeded);
	if ((sim_world->numa_balancing_mode & NUMA_BALANCING_MEMORY_TIERING) &&
	    !node_is_toptier(folio_nid(folio)) && node_is_toptier(node))
		mod_node_page_state(node, PGPROMOTE_SUCCESS, nr_succeeded);
}

/*
 * KERNEL: mm/migrate.c migrate_misplaced_folio().
 *
 * 6.11+: the folio was isolated by migrate_misplaced_folio_prepare(); every
 * folio left on the list is put back; returns 0 or -EAGAIN.
 * 6.9/6.10: isolates here, and on failure puts back only the original
 * folio; returns 1 when migrated, else 0.  Both end with the BUG_ON that
 * the deferred-split fixes of 2024 kept firing (reference 9e).
 */
int migrate_misplaced_folio(struct folio *folio, struct vm_area_struct *vma, int node)
{
	unsigned int nr_succeeded = 0;
	int nr_remaining;
	LIST_HEAD(migratepages);

	SIM_FRAME();
	TRACE_CALLER_SLICE();
	TRACE_SLICE("migrate_misplaced_folio");
	if (kprofile->numa_prepare_under_ptl) {
		list_add(&folio->lru, &migratepages);
		nr_remaining = migrate_pages(&migratepages, alloc_misplaced_dst_folio, NULL,
					     (unsigned long)node, MIGRATE_ASYNC,
					     MR_NUMA_MISPLACED, &nr_succeeded);
		if (nr_remaining && !list_empty(&migratepages)) {
			sim_story("migrate_misplaced_folio: putback_movable_pages() of all %lu "
				  "folio(s) left", list_count_nodes(&migratepages));
			putback_movable_pages(&migratepages);
		}
		count_numa_success(folio, node, nr_succeeded);
		BUG_ON(!list_empty(&migratepages));
		migrate_misplaced_last_rc = nr_remaining ? -EAGAIN : 0;
		return migrate_misplaced_last_rc;
	} else {
		int isolated, nr_pages = (int)folio_nr_pages(folio);

		if (folio_is_file_lru(folio) && (vma->vm_flags & VM_EXEC) &&
		    folio_mapcount(folio) != 1)
			goto out;
		if (folio_is_file_lru(folio) && folio_test_dirty(folio))
			goto out;
		isolated = numamigrate_isolate_folio(node, folio);
		if (!isolated)
			goto out;
		list_add(&folio->lru, &migratepages);
		nr_remaining = migrate_pages(&migratepages, alloc_misplaced_dst_folio, NULL,
					     (unsigned long)node, MIGRATE_ASYNC,
					     MR_NUMA_MISPLACED, &nr_succeeded);
		if (nr_remaining) {
			if (!list_empty(&migratepages)) {
				if (kprofile->misplaced_putback_all) {
					putback_movable_pages(&migratepages);
				} else {
					/* Only the original folio, which may have
					 * been split, migrated and freed since. */
					sim_story("migrate_misplaced_folio: puts back only the "
						  "original folio pfn %#lx (refcount %d, %lu "
						  "folio(s) on the list)", folio_pfn(folio),
						  folio_ref_count(folio),
						  list_count_nodes(&migratepages));
					list_del(&folio->lru);
					mod_node_page_state(folio_nid(folio), isolated_item(folio),
							    -nr_pages);
					folio_putback_lru(folio);
				}
			}
			isolated = 0;
		}
		count_numa_success(folio, node, nr_succeeded);
		BUG_ON(!list_empty(&migratepages));
		migrate_misplaced_last_rc = isolated;
		return isolated;
out:
		folio_put(folio);
		migrate_misplaced_last_rc = 0;
		return 0;
	}
}

/* ---------------------------------------------------------------- */
/* the order-0 entry points                                          */

/*
 * KERNEL: mm/migrate.c migrate_folio(), for an order-0 folio with no
 * mapping (anon, not in the swap cache), the common case: the expected
 * count is 1, __folio_migrate_mapping() moves index and mapping and cannot
 * fail, and the copy (when the mode makes one) is one token, before or
 * after it alike.  Anything else, a folio under writeback included (whose
 * BUG_ON() is migrate_folio()'s), takes the whole of migrate_folio().
 */
static __always_inline int migrate_folio_fast(struct address_space *mapping, struct folio *dst,
					      struct folio *src, enum migrate_mode mode)
{
	if (unlikely(mapping || folio_test_large(src) || folio_test_writeback(src)))
		return migrate_folio(mapping, dst, src, mode);
	if (folio_ref_count(src) != 1)
		return -EAGAIN;
	if (kprofile->copy_before_freeze || mode != MIGRATE_SYNC_NO_COPY)
		*pfn_token(folio_pfn(dst)) = *pfn_token(folio_pfn(src));
	dst->index = src->index;
	dst->mapping = src->mapping;
	if (folio_test_swapbacked(src))
		__folio_set_swapbacked(dst);
	folio_migrate_flags(dst, src);
	return MIGRATEPAGE_SUCCESS;
}

/* KERNEL: mm/migrate.c alloc_migration_target(): order 0 is a tail call. */
struct folio *alloc_migration_target(struct folio *src, unsigned long private)
{
	struct migration_target_control *mtc = (struct migration_target_control *)private;
	int nid = mtc->nid;

	if (nid == NUMA_NO_NODE)
		nid = folio_nid(src);
	if (folio_test_large(src))
		return alloc_large_migration_target(src, mtc, nid);
	return __folio_alloc(mtc->gfp_mask, 0, nid, mtc->nmask);
}
