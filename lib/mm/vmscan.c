// SPDX-License-Identifier: MIT
/*
 * LRU isolation, and the part of reclaim that demotes cold folios to a
 * slower memory tier.
 *
 * KERNEL: mm/vmscan.c (6.12) folio_isolate_lru(), isolate_lru_folios(),
 * shrink_inactive_list(), shrink_folio_list() (its demotion part),
 * demote_folio_list(), alloc_demote_folio(), can_demote(),
 * move_folios_to_lru().
 *
 * What is modelled, and what is not:
 *  - There is no swap device and no writeback, so reclaim frees nothing by
 *    itself: a folio reclaim would page out is activated instead, as the
 *    kernel does when add_to_swap() finds no swap space (anon) or
 *    shmem_writepage() has nowhere to write (shmem; the kernel also unmaps
 *    it first, the model does not).  Demotion is therefore the only way a
 *    reclaim pass makes progress, and pgsteal_* counts demoted pages.
 *  - folio_check_references() is not modelled (no young-bit harvesting):
 *    every folio taken off the inactive list is FOLIOREF_RECLAIM unless the
 *    caller's policy says otherwise.  The policy is asked once per folio,
 *    in the first pass; the retry pass after a failed demotion treats the
 *    folio as FOLIOREF_RECLAIM (the first check consumed its references).
 *  - 6.12's answer to a failed demotion: the undemoted folios go back
 *    through shrink_folio_list() with demotion off (unless the reclaim is
 *    proactive), where, without swap, they are activated and return to the
 *    active list.
 *  - One pass over the inactive anon, then the inactive file list; no
 *    get_scan_count() balancing, no shrink_active_list() aging, no memcg,
 *    no watermarks (kswapd and direct reclaim differ in their counters).
 */
#include <linux/swap.h>
#include <linux/huge_mm.h>
#include <linux/migrate.h>
#include "internal.h"
#include "mm_callers.h"

/*
 * Whoever clears PG_lru owns the isolation; everyone else fails.  The caller
 * must hold a reference and accounts NR_ISOLATED_{ANON,FILE} itself.
 */
bool folio_isolate_lru(struct folio *folio)
{
	return folio_isolate_lru_at(folio, folio_lruvec(folio));
}

/* folio_isolate_lru()'s VM_BUG_ON_FOLIO(!folio_ref_count(folio)), out of
 * line: the isolation itself is inline in <linux/swap.h>, for callers that
 * know the folio's node (folio_isolate_lru_at()).  The same report, from
 * folio_isolate_lru. */
void folio_isolate_lru_unref(struct folio *folio)
{
	sim_raise(SIM_BUG, "folio_isolate_lru", __FILE__, __LINE__, (const struct page *)folio,
		  "kernel BUG: VM_BUG_ON_FOLIO(%s)", "!folio_ref_count(folio)");
}

static inline struct folio *lru_to_folio(struct list_head *head)
{
	return list_entry(head->prev, struct folio, lru);
}

/* PGSCAN_KSWAPD + reclaimer_offset() and friends. */
static inline enum vm_event_item reclaimer_item(enum vm_event_item kswapd_item,
						const struct scan_control *sc)
{
	return sc->kswapd ? kswapd_item : kswapd_item + 1;
}

/* ---------------------------------------------------------------- */
/* demotion                                                          */

/* KERNEL: mm/vmscan.c can_demote() */
bool can_demote(int nid, struct scan_control *sc)
{
	if (!sim_world->numa_demotion_enabled)
		return false;
	if (sc && sc->no_demotion)
		return false;
	if (next_demotion_node(nid) == NUMA_NO_NODE)
		return false;
	return true;
}

/*
 * KERNEL: mm/vmscan.c alloc_demote_folio().  The preferred target first,
 * with __GFP_THISNODE and no node mask, so a nearly full target is not
 * bypassed for a slower tier; then any of the allowed targets.
 */
static struct folio *alloc_demote_folio(struct folio *src, unsigned long private)
{
	struct migration_target_control *mtc = (struct migration_target_control *)private;
	nodemask_t *allowed_mask = mtc->nmask;
	struct folio *dst;

	mtc->nmask = NULL;
	mtc->gfp_mask |= __GFP_THISNODE;
	dst = alloc_migration_target(src, (unsigned long)mtc);
	if (dst)
		return dst;
	mtc->gfp_mask &= ~__GFP_THISNODE;
	mtc->nmask = allowed_mask;
	return alloc_migration_target(src, (unsigned long)mtc);
}

/*
 * KERNEL: mm/vmscan.c demote_folio_list().  Folios that were not demoted
 * stay on @demote_folios.  Returns the base pages demoted.
 */
static unsigned int demote_folio_list(struct list_head *demote_folios, pg_data_t *pgdat)
{
	int target_nid = next_demotion_node(pgdat->node_id);
	unsigned int nr_succeeded = 0;
	nodemask_t allowed_mask;
	struct migration_target_control mtc = {
		/* From the target, or fail quickly and quietly. */
		.gfp_mask = (GFP_HIGHUSER_MOVABLE & ~__GFP_RECLAIM) | __GFP_NOWARN |
			    __GFP_NOMEMALLOC | GFP_NOWAIT,
		.nid = target_nid,
		.nmask = &allowed_mask,
		.reason = MR_DEMOTION,
	};

	SIM_FRAME();
	if (list_empty(demote_folios))
		return 0;
	if (target_nid == NUMA_NO_NODE)
		return 0;
	node_get_allowed_targets(pgdat, &allowed_mask);
	sim_story("demote_folio_list: node %d -> node %d (allowed %#llx), %lu folio(s)",
		  pgdat->node_id, target_nid, (unsigned long long)allowed_mask,
		  list_count_nodes(demote_folios));
	/* Demotion ignores all cpuset and mempolicy settings. */
	migrate_pages(demote_folios, alloc_demote_folio, NULL, (unsigned long)&mtc,
		      MIGRATE_ASYNC, MR_DEMOTION, &nr_succeeded);
	return nr_succeeded;
}

/* ---------------------------------------------------------------- */
/* shrink_folio_list                                                 */

/*
 * KERNEL: mm/vmscan.c shrink_folio_list(), for isolated folios (PG_lru
 * clear, the isolation reference held, NR_ISOLATED counted by the caller).
 * Folios not demoted come back on @folio_list, activated or not.
 */
static unsigned long shrink_folio_list(struct list_head *folio_list, pg_data_t *pgdat,
				       struct scan_control *sc, struct reclaim_stat *stat)
{
	LIST_HEAD(ret_folios);
	LIST_HEAD(demote_folios);
	unsigned long nr_reclaimed = 0;
	bool do_demote_pass, first_pass = true;
	unsigned int nr_demoted;

	SIM_FRAME();
	do_demote_pass = can_demote(pgdat->node_id, sc);
retry:
	while (!list_empty(folio_list)) {
		struct folio *folio = lru_to_folio(folio_list);
		enum folio_references references = FOLIOREF_RECLAIM;
		long nr_pages;

		list_del(&folio->lru);
		if (!folio_trylock(folio))
			goto keep;
		nr_pages = folio_nr_pages(folio);
		if (unlikely(folio_test_unevictable(folio) || folio_test_mlocked(folio)))
			goto activate_locked;
		if (first_pass && sc->policy)
			references = sc->policy(folio, sc->policy_arg);
		switch (references) {
		case FOLIOREF_ACTIVATE:
			goto activate_locked;
		case FOLIOREF_KEEP:
			stat->nr_ref_keep += nr_pages;
			goto keep_locked;
		case FOLIOREF_RECLAIM:
		case FOLIOREF_RECLAIM_CLEAN:
			break;
		}
		/* Before reclaiming the folio, try to relocate its contents. */
		if (do_demote_pass && (thp_migration_supported() || !folio_test_large(folio))) {
			list_add(&folio->lru, &demote_folios);
			folio_unlock(folio);
			continue;
		}
		/*
		 * Reclaim proper: add_to_swap() (anon) or shmem_writepage()
		 * finds no swap space, and the folio is activated
		 * (activate_locked_split for anon).
		 */
		if (folio_test_swapbacked(folio))
			goto activate_locked;
		stat->nr_unmap_fail += nr_pages;
		goto keep_locked;
activate_locked:
		if (!folio_test_mlocked(folio)) {
			folio_set_active(folio);
			stat->nr_activate[folio_is_file_lru(folio)] += nr_pages;
		}
keep_locked:
		folio_unlock(folio);
keep:
		list_add(&folio->lru, &ret_folios);
	}
	/* Migrate the folios selected for demotion. */
	nr_demoted = demote_folio_list(&demote_folios, pgdat);
	stat->nr_demoted += nr_demoted;
	nr_reclaimed += nr_demoted;
	if (!list_empty(&demote_folios)) {
		stat->nr_demote_failed += folio_list_nr_pages(&demote_folios);
		/* Folios which weren't demoted go back on @folio_list. */
		list_splice_init(&demote_folios, folio_list);
		/*
		 * Reclaim them from this node rather than give up (6.12),
		 * except for proactive reclaim, which is no real pressure.
		 */
		if (!sc->proactive) {
			do_demote_pass = false;
			first_pass = false;
			goto retry;
		}
	}
	list_splice(&ret_folios, folio_list);
	return nr_reclaimed;
}

/*
 * KERNEL: mm/vmscan.c move_folios_to_lru(): back on the LRU (the active
 * list for activated folios), dropping the isolation reference.
 */
static void move_folios_to_lru(struct lruvec *lruvec, struct list_head *list)
{
	while (!list_empty(list)) {
		struct folio *folio = lru_to_folio(list);

		VM_BUG_ON_FOLIO(folio_test_lru(folio), folio);
		list_del(&folio->lru);
		spin_lock(&lruvec->lru_lock);
		folio_set_lru(folio);
		lruvec_add_folio(lruvec, folio);
		spin_unlock(&lruvec->lru_lock);
		folio_put(folio);
	}
}

/*
 * KERNEL: mm/vmscan.c isolate_lru_folios(): take up to @nr_to_scan base
 * pages off the tail (the oldest end) of @lru.  Folios being freed or
 * isolated by someone else are rotated to the head.
 */
static unsigned long isolate_lru_folios(unsigned long nr_to_scan, struct lruvec *lruvec,
					struct list_head *dst, unsigned long *nr_scanned,
					enum lru_list lru)
{
	struct list_head *src = &lruvec->lists[lru];
	unsigned long nr_taken = 0, scan = 0;

	while (scan < nr_to_scan && !list_empty(src)) {
		struct folio *folio = lru_to_folio(src);
		long nr_pages = folio_nr_pages(folio);

		scan += nr_pages;
		if (!folio_test_lru(folio) || !folio_try_get(folio)) {
			list_move(&folio->lru, src);
			continue;
		}
		if (!folio_test_clear_lru(folio)) {
			folio_put(folio);
			list_move(&folio->lru, src);
			continue;
		}
		lruvec_del_folio(lruvec, folio);
		list_add(&folio->lru, dst);
		nr_taken += nr_pages;
	}
	*nr_scanned = scan;
	return nr_taken;
}

/*
 * The tail of shrink_inactive_list(), shared with the policy API's
 * explicit folio lists: shrink the isolated @folio_list, put back what is
 * left, count the events.  @nr_taken base pages were added to NR_ISOLATED.
 */
static unsigned long shrink_isolated(pg_data_t *pgdat, struct list_head *folio_list,
				     unsigned long nr_taken_anon, unsigned long nr_taken_file,
				     struct scan_control *sc, struct reclaim_stat *stat)
{
	struct lruvec *lruvec = &pgdat->__lruvec;
	unsigned long nr_reclaimed;
	unsigned int demoted_before = stat->nr_demoted;

	nr_reclaimed = shrink_folio_list(folio_list, pgdat, sc, stat);
	move_folios_to_lru(lruvec, folio_list);
	mod_node_page_state(pgdat->node_id, sc->kswapd ? PGDEMOTE_KSWAPD : PGDEMOTE_DIRECT,
			    stat->nr_demoted - demoted_before);
	mod_node_page_state(pgdat->node_id, NR_ISOLATED_ANON, -(long)nr_taken_anon);
	mod_node_page_state(pgdat->node_id, NR_ISOLATED_FILE, -(long)nr_taken_file);
	count_vm_events(reclaimer_item(PGSTEAL_KSWAPD, sc), nr_reclaimed);
	sc->nr_reclaimed += nr_reclaimed;
	return nr_reclaimed;
}

/* KERNEL: mm/vmscan.c shrink_inactive_list() */
unsigned long shrink_inactive_list(pg_data_t *pgdat, enum lru_list lru,
				   struct scan_control *sc, struct reclaim_stat *stat)
{
	struct lruvec *lruvec = &pgdat->__lruvec;
	unsigned long nr_taken, nr_scanned;
	bool file = lru == LRU_INACTIVE_FILE;
	LIST_HEAD(folio_list);

	SIM_FRAME();
	lru_add_drain();
	spin_lock(&lruvec->lru_lock);
	nr_taken = isolate_lru_folios(sc->nr_to_scan, lruvec, &folio_list, &nr_scanned, lru);
	mod_node_page_state(pgdat->node_id, file ? NR_ISOLATED_FILE : NR_ISOLATED_ANON,
			    (long)nr_taken);
	count_vm_events(reclaimer_item(PGSCAN_KSWAPD, sc), nr_scanned);
	spin_unlock(&lruvec->lru_lock);
	sc->nr_scanned += nr_scanned;
	if (!nr_taken)
		return 0;
	return shrink_isolated(pgdat, &folio_list, file ? 0 : nr_taken, file ? nr_taken : 0,
			       sc, stat);
}

/*
 * Reclaim over folios a caller already isolated from @pgdat's LRU (with
 * NR_ISOLATED counted), as if isolate_lru_folios() had chosen them: the
 * policy API's explicit lists.  Counts them as scanned.
 */
unsigned long shrink_folio_list_isolated(pg_data_t *pgdat, struct list_head *folio_list,
					 struct scan_control *sc, struct reclaim_stat *stat)
{
	unsigned long anon = 0, file = 0;
	struct folio *folio;

	SIM_FRAME();
	list_for_each_entry(folio, folio_list, lru) {
		if (folio_is_file_lru(folio))
			file += folio_nr_pages(folio);
		else
			anon += folio_nr_pages(folio);
	}
	count_vm_events(reclaimer_item(PGSCAN_KSWAPD, sc), anon + file);
	sc->nr_scanned += anon + file;
	return shrink_isolated(pgdat, folio_list, anon, file, sc, stat);
}
