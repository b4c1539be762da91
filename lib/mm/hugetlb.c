// SPDX-License-Identifier: MIT
/*
 * Hugetlb pools: two hstates (2 MiB, order 9; 1 GiB, order 18), their
 * per-node free lists and active list, and the operations migration and
 * memory hot-remove use on them.
 *
 * KERNEL: mm/hugetlb.c (6.12): enqueue/dequeue_hugetlb_folio*,
 * alloc_hugetlb_folio_nodemask(), alloc_migrate_hugetlb_folio(),
 * isolate_hugetlb(), folio_putback_active_hugetlb(), free_huge_folio(),
 * remove_hugetlb_folio(), move_hugetlb_state(), dissolve_free_hugetlb_folio(s)(),
 * set_max_huge_pages() (per node), htlb_allow_alloc_fallback().
 *
 * Modelled:
 *  - pool pages are free folios with refcount 0 on h->hugepage_freelists[nid],
 *    marked HPG_freed; in-use folios have references and sit on
 *    h->hugepage_activelist (or on a migration list while isolated);
 *  - the counters nr/free/surplus_huge_pages (global and per node) and
 *    max_huge_pages, all changed under the global hugetlb_lock;
 *  - HPG_migratable (cleared while isolated and when freed), HPG_temporary
 *    (fresh migration targets, given back to buddy when freed) and the
 *    surplus rule of free_huge_folio();
 *  - dissolving free pool folios back to the buddy allocator, with the
 *    kernel's retry when a folio has refcount 0 but is not yet HPG_freed.
 *
 * Not modelled (each is a deliberate simplification):
 *  - reservations (resv_huge_pages, HPG_restore_reserve has no effect),
 *    subpools, hugetlb cgroups, overcommit: no surplus folio is ever
 *    allocated (so surplus counts only move if something sets them), and
 *    the fault path fails when the pool is empty;
 *  - HugeTLB vmemmap optimisation: HPG_vmemmap_optimized is never set, so
 *    removing a folio clears its hugetlb type at once and restoring the
 *    vmemmap before a dissolve cannot fail (the kernel may return -ENOMEM);
 *  - cpusets and mempolicies: node fallback walks the zonelist order of the
 *    preferred node (nearest first, ties by node id), filtered by the mask;
 *  - gigantic folios come from alloc_gigantic_pages() (free, aligned 1 GiB
 *    ranges only; the kernel migrates with alloc_contig_range) and never
 *    count HTLB_BUDDY_PGALLOC(_FAIL), as in the kernel;
 *  - the 5.10/5.11 history (migratable as PG_private of page[1]); see
 *    hugetlb_folio_migratable().
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <linux/hugetlb.h>
#include <linux/migrate.h>
#include <linux/vmstat.h>
#include "internal.h"
#include "sched.h"
#include "hugetlb_internal.h"

/* Bounded retries of dissolve_free_hugetlb_folio(): the kernel retries
 * until the freeing task has put the folio on the free list.  With no other
 * task to run, a folio that never gets there would loop for ever; report it
 * as a livelock instead. */
#define DISSOLVE_MAX_RETRIES	1000

static const struct {
	unsigned int order;
	const char *name;
} hstate_defs[HUGE_MAX_HSTATE] = {
	{ HPAGE_PMD_ORDER, "hugepages-2048kB" },
	{ HPAGE_PUD_ORDER, "hugepages-1048576kB" },
};

/* ---- hstates ---- */

/* KERNEL: mm/hugetlb.c hugetlb_add_hstate() + hugetlb_init_hstates().
 * Does nothing if the world already has its hstates. */
void hugetlb_init_hstates(void)
{
	struct world *w = sim_world;
	unsigned int i;
	int nid;

	if (w->nr_hstates)
		return;
	spin_lock_init_named(&w->hugetlb_lock, "hugetlb_lock");
	for (i = 0; i < HUGE_MAX_HSTATE; i++) {
		struct hstate *h = sim_zalloc(sizeof(struct hstate));

		if (!h)
			sim_raise(SIM_BUG, __func__, __FILE__, __LINE__, NULL,
				  "host out of memory for an hstate");
		h->order = hstate_defs[i].order;
		snprintf(h->name, sizeof(h->name), "%s", hstate_defs[i].name);
		for (nid = 0; nid < MAX_NUMNODES; nid++)
			INIT_LIST_HEAD(&h->hugepage_freelists[nid]);
		INIT_LIST_HEAD(&h->hugepage_activelist);
		h->migration_supported = true;
		w->hstates[i] = h;
	}
	w->nr_hstates = HUGE_MAX_HSTATE;
}

void hugetlb_destroy_hstates(void)
{
	struct world *w = sim_world;
	unsigned int i;

	for (i = 0; i < HUGE_MAX_HSTATE; i++) {
		if (w->hstates[i])
			sim_free(w->hstates[i], sizeof(struct hstate));
		w->hstates[i] = NULL;
	}
	w->nr_hstates = 0;
}

struct hstate *order_to_hstate(unsigned int order)
{
	struct hstate *h;

	for_each_hstate(h)
		if (h->order == order)
			return h;
	return NULL;
}

struct hstate *size_to_hstate(unsigned long size)
{
	struct hstate *h;

	for_each_hstate(h)
		if (huge_page_size(h) == size)
			return h;
	return NULL;
}

struct hstate *folio_hstate(struct folio *folio)
{
	return order_to_hstate(folio_order(folio));
}

/* Base pages held by the pools of all hstates on @nid: free and in-use pool
 * folios, and temporary folios while they exist (they are counted in
 * nr_huge_pages_node, as in the kernel). */
unsigned long hugetlb_pool_pages_node(int nid)
{
	struct hstate *h;
	unsigned long pages = 0;

	if (nid < 0 || nid >= MAX_NUMNODES)
		return 0;
	for_each_hstate(h)
		pages += h->nr_huge_pages_node[nid] << h->order;
	return pages;
}

/* ---- node order ---- */

/*
 * The nodes a zonelist for @nid visits: @nid itself, then the others nearest
 * first, ties by node id (page_alloc.c orders its fallback the same way).
 * With the usual uniform remote distances that is node id order.
 */
static int hugetlb_zonelist(int nid, int *zl)
{
	const pg_data_t *pgdat = NODE_DATA(nid);
	int n = 0, i, j;

	zl[n++] = nid;
	for_each_online_node(i) {
		if (i == nid)
			continue;
		for (j = n; j > 1; j--) {
			int dp = pgdat->distance[zl[j - 1]];

			if (dp < pgdat->distance[i] || (dp == pgdat->distance[i] && zl[j - 1] < i))
				break;
			zl[j] = zl[j - 1];
		}
		zl[j] = i;
		n++;
	}
	return n;
}

static bool node_allowed(int nid, const nodemask_t *nmask)
{
	return !nmask || ((*nmask >> nid) & 1);
}

/* ---- the pool lists (hugetlb_lock held) ---- */

static void lock_held(void)
{
	VM_BUG_ON(!spin_is_locked(&sim_world->hugetlb_lock));	/* lockdep_assert_held() */
}

/* KERNEL: mm/hugetlb.c enqueue_hugetlb_folio().  The folio leaves whatever
 * list it was on (the active list, or none for a fresh folio). */
static void enqueue_hugetlb_folio(struct hstate *h, struct folio *folio)
{
	int nid = folio_nid(folio);

	lock_held();
	VM_BUG_ON_FOLIO(folio_ref_count(folio), folio);
	list_move(&folio->lru, &h->hugepage_freelists[nid]);
	h->free_huge_pages++;
	h->free_huge_pages_node[nid]++;
	folio_set_hugetlb_freed(folio);
}

/* KERNEL: mm/hugetlb.c dequeue_hugetlb_folio_node_exact(): the most recently
 * freed folio of the node, skipping poisoned ones, becomes an in-use folio
 * with one reference on the active list. */
static struct folio *dequeue_hugetlb_folio_node_exact(struct hstate *h, int nid)
{
	struct folio *folio;

	lock_held();
	list_for_each_entry(folio, &h->hugepage_freelists[nid], lru) {
		if (folio_test_hwpoison(folio))
			continue;
		list_move(&folio->lru, &h->hugepage_activelist);
		folio_ref_unfreeze(folio, 1);
		folio_clear_hugetlb_freed(folio);
		h->free_huge_pages--;
		h->free_huge_pages_node[nid]--;
		return folio;
	}
	return NULL;
}

/* KERNEL: mm/hugetlb.c dequeue_hugetlb_folio_nodemask(): the zonelist of
 * @nid (just @nid with __GFP_THISNODE), filtered by @nmask. */
static struct folio *dequeue_hugetlb_folio_nodemask(struct hstate *h, gfp_t gfp_mask,
						    int nid, const nodemask_t *nmask)
{
	int zl[MAX_NUMNODES], n, i;

	if (nid == NUMA_NO_NODE)
		nid = numa_node_id();
	if (nid < 0 || nid >= sim_world->nr_nodes)
		return NULL;
	if (gfp_mask & __GFP_THISNODE) {
		zl[0] = nid;
		n = 1;
	} else {
		n = hugetlb_zonelist(nid, zl);
	}
	for (i = 0; i < n; i++) {
		struct folio *folio;

		if (!node_allowed(zl[i], nmask))
			continue;
		folio = dequeue_hugetlb_folio_node_exact(h, zl[i]);
		if (folio)
			return folio;
	}
	return NULL;
}

/* available_huge_pages(): free minus reserved; nothing is reserved here. */
static bool available_huge_pages(const struct hstate *h)
{
	return h->free_huge_pages != 0;
}

/*
 * KERNEL: mm/hugetlb.c remove_hugetlb_folio().  Takes the folio out of the
 * pool: off its list, out of the counters.  Without vmemmap optimisation the
 * hugetlb type goes at once, under the lock, so a racy observer that checks
 * folio_test_hugetlb() afterwards sees an ordinary compound page.
 */
static void remove_hugetlb_folio(struct hstate *h, struct folio *folio, bool adjust_surplus)
{
	int nid = folio_nid(folio);

	lock_held();
	list_del(&folio->lru);
	if (folio_test_hugetlb_freed(folio)) {
		folio_clear_hugetlb_freed(folio);
		h->free_huge_pages--;
		h->free_huge_pages_node[nid]--;
	}
	if (adjust_surplus) {
		h->surplus_huge_pages--;
		h->surplus_huge_pages_node[nid]--;
	}
	__folio_clear_hugetlb(folio);
	h->nr_huge_pages--;
	h->nr_huge_pages_node[nid]--;
}

/* KERNEL: mm/hugetlb.c update_and_free_hugetlb_folio(): a removed folio
 * (refcount 0, hugetlb lock not held) goes back to the buddy allocator,
 * which clears what is left of its hugetlb state. */
static void update_and_free_hugetlb_folio(struct hstate *h, struct folio *folio)
{
	folio->private_ul = 0;		/* HPG_* flags, temporary included */
	folio->_hugetlb_subpool = NULL;
	folio->_hugetlb_cgroup = NULL;
	sched_note_change(folio_pfn(folio), folio_nr_pages(folio), "dissolved");
	free_unref_folio(folio, h->order);
}

/* ---- fresh folios ---- */

/* KERNEL: mm/hugetlb.c init_new_hugetlb_folio(). */
static void init_new_hugetlb_folio(struct folio *folio)
{
	__folio_set_hugetlb(folio);
	folio->private_ul = 0;
	folio->mapping = NULL;
	INIT_LIST_HEAD(&folio->lru);
	/* Page[2]'s subpool and cgroup words overlay _deferred_list, which
	 * hugetlb folios do not use (they are not large_rmappable). */
	folio->_hugetlb_subpool = NULL;
	folio->_hugetlb_cgroup = NULL;
}

/*
 * KERNEL: mm/hugetlb.c only_alloc_fresh_hugetlb_folio() with
 * alloc_buddy_hugetlb_folio() / alloc_gigantic_folio().  Returns a hugetlb
 * folio that is in no pool and no list, frozen (refcount 0), or NULL.  Not
 * yet counted in nr_huge_pages.
 */
static struct folio *alloc_fresh_hugetlb_folio(struct hstate *h, gfp_t gfp_mask, int nid,
					       const nodemask_t *nmask)
{
	struct page *page;
	struct folio *folio;

	if (nid == NUMA_NO_NODE)
		nid = numa_node_id();
	if (hstate_is_gigantic(h)) {
		/* A node-local contiguous range; gigantic allocations do not
		 * count HTLB_BUDDY_PGALLOC in the kernel either. */
		if (nid < 0 || nid >= sim_world->nr_nodes || !node_state_memory(nid) ||
		    !node_allowed(nid, nmask))
			return NULL;
		page = alloc_gigantic_pages(nid, h->order);
	} else {
		page = __alloc_pages_node(gfp_mask | __GFP_COMP | __GFP_NOWARN, h->order,
					  nid, nmask);
		count_vm_event(page ? HTLB_BUDDY_PGALLOC : HTLB_BUDDY_PGALLOC_FAIL);
	}
	if (!page)
		return NULL;
	folio = (struct folio *)page;
	/* prep_compound_page() has set up page[1] and page[2]; hugetlb folios
	 * are never prep_large_rmappable(). */
	init_new_hugetlb_folio(folio);
	folio_set_count(folio, 0);	/* "fresh huge pages are frozen" */
	return folio;
}

/* __prep_account_new_huge_page() */
static void account_new_hugetlb_folio(struct hstate *h, int nid)
{
	lock_held();
	h->nr_huge_pages++;
	h->nr_huge_pages_node[nid]++;
}

/* ---- the pool size (set_max_huge_pages() for one node) ---- */

/*
 * Grow or shrink the persistent pool of @h on @nid to @count folios, like a
 * write to /sys/devices/system/node/nodeN/hugepages/.../nr_hugepages.
 *
 * Growth first turns surplus folios of the node into persistent ones (the
 * kernel's adjust_pool_surplus()), then allocates fresh folios on the node
 * only, dropping the lock around each allocation.  If one fails, the folios
 * already added stay and -ENOMEM is returned.
 *
 * Shrinking frees only free folios.  The kernel would turn in-use folios
 * into surplus ones to reach a smaller count; here the pool stops at the
 * free folios it could release and -EBUSY is returned.
 *
 * max_huge_pages ends as the global persistent count, as in the kernel.
 */
int hugetlb_pool_resize(struct hstate *h, int nid, unsigned long count)
{
	LIST_HEAD(page_list);
	struct folio *folio, *next;
	int ret = 0;
	SIM_FRAME();

	if (!h || nid < 0 || nid >= sim_world->nr_nodes)
		return -EINVAL;

	spin_lock(&sim_world->hugetlb_lock);
	while (h->surplus_huge_pages_node[nid] && count > hugetlb_persistent_pages_node(h, nid)) {
		h->surplus_huge_pages--;
		h->surplus_huge_pages_node[nid]--;
	}
	while (count > hugetlb_persistent_pages_node(h, nid)) {
		spin_unlock(&sim_world->hugetlb_lock);
		folio = alloc_fresh_hugetlb_folio(h, GFP_HIGHUSER_MOVABLE | __GFP_THISNODE, nid,
						  NULL);
		cond_resched();
		spin_lock(&sim_world->hugetlb_lock);
		if (!folio) {
			ret = -ENOMEM;
			break;
		}
		account_new_hugetlb_folio(h, nid);
		enqueue_hugetlb_folio(h, folio);
	}
	while (!ret && count < hugetlb_persistent_pages_node(h, nid)) {
		struct list_head *freelist = &h->hugepage_freelists[nid];

		if (list_empty(freelist)) {
			ret = -EBUSY;
			break;
		}
		/* remove_pool_hugetlb_folio(): the first free folio. */
		folio = list_first_entry(freelist, struct folio, lru);
		remove_hugetlb_folio(h, folio, false);
		list_add(&folio->lru, &page_list);
	}
	h->max_huge_pages = h->nr_huge_pages - h->surplus_huge_pages;
	spin_unlock(&sim_world->hugetlb_lock);

	/* update_and_free_pages_bulk(): outside the lock. */
	list_for_each_entry_safe(folio, next, &page_list, lru) {
		list_del(&folio->lru);
		update_and_free_hugetlb_folio(h, folio);
		cond_resched();
	}
	return ret;
}

/* ---- allocation ---- */

/*
 * The fault path's allocation (alloc_hugetlb_folio() without reservations,
 * subpools or overcommit): dequeue a free pool folio, from @nid first, then
 * from the other nodes in zonelist order (the kernel walks the VMA
 * mempolicy's zonelist, which for the default policy is the same walk).
 * Returns an in-use folio with one reference on the active list, or NULL
 * when every pool is empty: no surplus folio is allocated.
 *
 * HPG_migratable is not set here: the caller sets it with
 * folio_set_hugetlb_migratable() once the folio is mapped, as
 * hugetlb_no_page() does.
 */
struct folio *alloc_hugetlb_folio_fault(struct hstate *h, int nid)
{
	struct folio *folio = NULL;
	SIM_FRAME();

	spin_lock(&sim_world->hugetlb_lock);
	if (available_huge_pages(h))
		folio = dequeue_hugetlb_folio_nodemask(h, GFP_HIGHUSER_MOVABLE, nid, NULL);
	spin_unlock(&sim_world->hugetlb_lock);
	return folio;
}

/*
 * KERNEL: mm/hugetlb.c alloc_migrate_hugetlb_folio(): a fresh folio outside
 * the pool for a migration target.  It counts in nr_huge_pages while it
 * exists and carries HPG_temporary, so freeing it gives it back to buddy.
 * Never for gigantic hstates.  The simulator puts it on the active list at
 * once, so every in-use hugetlb folio is on some list.
 */
static struct folio *alloc_migrate_hugetlb_folio(struct hstate *h, gfp_t gfp_mask, int nid,
						 const nodemask_t *nmask)
{
	struct folio *folio;

	if (hstate_is_gigantic(h))
		return NULL;
	folio = alloc_fresh_hugetlb_folio(h, gfp_mask, nid, nmask);
	if (!folio)
		return NULL;
	folio_ref_unfreeze(folio, 1);
	folio_set_hugetlb_temporary(folio);
	spin_lock(&sim_world->hugetlb_lock);
	account_new_hugetlb_folio(h, folio_nid(folio));
	list_move(&folio->lru, &h->hugepage_activelist);
	spin_unlock(&sim_world->hugetlb_lock);
	return folio;
}

/*
 * KERNEL: mm/hugetlb.c alloc_hugetlb_folio_nodemask(): a migration target.
 * A free pool folio if there is one on the allowed nodes (@preferred_nid
 * first, unless @nmask excludes it; only @preferred_nid with
 * __GFP_THISNODE), else a fresh temporary folio, restricted to
 * @preferred_nid when fallback is not allowed ("we could break the per-node
 * pool").
 */
struct folio *alloc_hugetlb_folio_nodemask(struct hstate *h, int preferred_nid,
					   const u64 *nmask, gfp_t gfp_mask,
					   bool allow_alloc_fallback)
{
	struct folio *folio = NULL;
	SIM_FRAME();

	spin_lock(&sim_world->hugetlb_lock);
	if (available_huge_pages(h))
		folio = dequeue_hugetlb_folio_nodemask(h, gfp_mask, preferred_nid, nmask);
	spin_unlock(&sim_world->hugetlb_lock);
	if (folio)
		return folio;

	if (!allow_alloc_fallback)
		gfp_mask |= __GFP_THISNODE;
	return alloc_migrate_hugetlb_folio(h, gfp_mask, preferred_nid, nmask);
}

/* KERNEL: mm/hugetlb.c htlb_allow_alloc_fallback(). */
bool htlb_allow_alloc_fallback(int reason)
{
	switch (reason) {
	/* Hot-remove and memory failure must move the page off its node;
	 * move_pages(2) and mbind(2) asked for a node set, not one node. */
	case MR_MEMORY_HOTPLUG:
	case MR_MEMORY_FAILURE:
	case MR_SYSCALL:
	case MR_MEMPOLICY_MBIND:
		return true;
	default:
		return false;
	}
}

/* ---- isolation and putback ---- */

/*
 * The "may be migrated" test.  5.12 and later: HPG_migratable in the head's
 * private word.  In 5.10 and 5.11 it was page_huge_active(), PG_private of
 * page[1]; folio_test_hugetlb_migratable() reads whichever word the profile
 * names, so a racy reader (scan_movable_pages()) can see it stale.
 */
static bool hugetlb_folio_migratable(struct folio *folio)
{
	return folio_test_hugetlb_migratable(folio);
}

/* KERNEL: mm/hugetlb.c isolate_hugetlb().  No NR_ISOLATED accounting. */
bool isolate_hugetlb(struct folio *folio, struct list_head *list)
{
	bool ret = true;
	SIM_FRAME();

	spin_lock(&sim_world->hugetlb_lock);
	if (!folio_test_hugetlb(folio) || !hugetlb_folio_migratable(folio) ||
	    !folio_try_get(folio)) {
		ret = false;
		goto unlock;
	}
	folio_clear_hugetlb_migratable(folio);
	list_move_tail(&folio->lru, list);
unlock:
	spin_unlock(&sim_world->hugetlb_lock);
	return ret;
}

/* KERNEL: mm/hugetlb.c folio_putback_active_hugetlb(). */
void folio_putback_active_hugetlb(struct folio *folio)
{
	struct hstate *h = folio_hstate(folio);
	SIM_FRAME();

	VM_BUG_ON_FOLIO(!h, folio);
	spin_lock(&sim_world->hugetlb_lock);
	folio_set_hugetlb_migratable(folio);
	list_move_tail(&folio->lru, &h->hugepage_activelist);
	spin_unlock(&sim_world->hugetlb_lock);
	folio_put(folio);
}

/* ---- freeing ---- */

/*
 * KERNEL: mm/hugetlb.c free_huge_folio(), called by __folio_put() when the
 * last reference goes.  A temporary folio, or any folio of a node that has
 * surplus folios, leaves the pool for the buddy allocator; otherwise the
 * folio goes back on its node's free list.
 */
void free_huge_folio(struct folio *folio)
{
	struct hstate *h = folio_hstate(folio);
	int nid = folio_nid(folio);
	bool to_buddy = true;
	SIM_FRAME();

	VM_BUG_ON_FOLIO(!h, folio);
	VM_BUG_ON_FOLIO(folio_ref_count(folio), folio);
	VM_BUG_ON_FOLIO(folio_mapcount(folio), folio);

	folio->_hugetlb_subpool = NULL;
	if (folio_test_anon(folio))
		ClearPageAnonExclusive((struct page *)folio);
	folio->mapping = NULL;
	folio_clear_hugetlb_restore_reserve(folio);

	spin_lock(&sim_world->hugetlb_lock);
	folio_clear_hugetlb_migratable(folio);
	if (folio_test_hugetlb_temporary(folio)) {
		remove_hugetlb_folio(h, folio, false);
	} else if (h->surplus_huge_pages_node[nid]) {
		/* Off the active list, and one surplus folio fewer. */
		remove_hugetlb_folio(h, folio, true);
	} else {
		enqueue_hugetlb_folio(h, folio);
		to_buddy = false;
	}
	spin_unlock(&sim_world->hugetlb_lock);
	if (to_buddy)
		update_and_free_hugetlb_folio(h, folio);
}

/* ---- migration ---- */

/*
 * KERNEL: mm/hugetlb.c move_hugetlb_state(), after @old_folio's contents
 * and mappings moved to @new_folio.  No cgroup charge or page_owner reason
 * to move (@reason is unused).
 *
 * If @new_folio is a temporary folio, the pool keeps @new_folio and the
 * temporary status moves to @old_folio, which is freed to buddy when its
 * last reference goes.  The per-node nr_huge_pages counts need no change:
 * each folio has been counted on its own node since it was allocated (the
 * temporary one by alloc_migrate_hugetlb_folio()), and freeing the now
 * temporary old folio decrements its node.  After that the old node has one
 * folio fewer and the new node keeps the one it gained at allocation: the
 * totals follow the folios.
 *
 * Surplus counts are per node but belong to no folio: free_huge_folio()
 * frees a node's folio to buddy whenever the node has surplus.  If the old
 * node had surplus, the folio that would have been freed from it is gone
 * (as the temporary one), so one surplus count follows the data to the new
 * node, where the next free will release a folio.  On the same node
 * nothing moves.
 *
 * The kernel swaps the flags without the lock and takes hugetlb_lock for
 * the surplus move only; here the whole change is under the lock, so
 * free_huge_folio() (which reads HPG_temporary under it) never sees a half
 * move.
 */
void move_hugetlb_state(struct folio *old_folio, struct folio *new_folio, int reason)
{
	struct hstate *h = folio_hstate(old_folio);
	int old_nid, new_nid;
	SIM_FRAME();

	(void)reason;
	VM_BUG_ON_FOLIO(!h, old_folio);
	if (!folio_test_hugetlb_temporary(new_folio))
		return;
	old_nid = folio_nid(old_folio);
	new_nid = folio_nid(new_folio);
	spin_lock(&sim_world->hugetlb_lock);
	folio_set_hugetlb_temporary(old_folio);
	folio_clear_hugetlb_temporary(new_folio);
	if (new_nid != old_nid && h->surplus_huge_pages_node[old_nid]) {
		h->surplus_huge_pages_node[old_nid]--;
		h->surplus_huge_pages_node[new_nid]++;
	}
	spin_unlock(&sim_world->hugetlb_lock);
}

/* ---- dissolving (memory hot-remove) ---- */

/*
 * KERNEL: mm/hugetlb.c dissolve_free_hugetlb_folio().
 *
 * 0: @folio is not (or no longer) a hugetlb folio, or it was free and has
 * been given back to buddy.  -EBUSY: it is in use, or it has refcount 0 but
 * the hstate has no available free folio.  A folio with refcount 0 that is
 * not yet HPG_freed is on its way to the free list: drop the lock, let the
 * freeing task run, and retry.  Restoring the vmemmap cannot fail here (not
 * modelled), so the kernel's -ENOMEM path does not exist.
 */
int dissolve_free_hugetlb_folio(struct folio *folio)
{
	int retries = 0;
	SIM_FRAME();

retry:
	/* Not to disrupt the normal path by vainly taking the lock. */
	if (!folio_test_hugetlb(folio))
		return 0;

	spin_lock(&sim_world->hugetlb_lock);
	if (!folio_test_hugetlb(folio)) {
		spin_unlock(&sim_world->hugetlb_lock);
		return 0;
	}
	if (!folio_ref_count(folio)) {
		struct hstate *h = folio_hstate(folio);
		bool adjust_surplus;

		VM_BUG_ON_FOLIO(!h, folio);
		if (!available_huge_pages(h))
			goto busy;
		if (unlikely(!folio_test_hugetlb_freed(folio))) {
			spin_unlock(&sim_world->hugetlb_lock);
			cond_resched();
			if (++retries > DISSOLVE_MAX_RETRIES)
				sim_raise(SIM_LIVELOCK, __func__, __FILE__, __LINE__,
					  (const struct page *)folio,
					  "dissolve_free_hugetlb_folio: a free hugetlb folio never "
					  "reached the free list (%d retries)", DISSOLVE_MAX_RETRIES);
			goto retry;
		}
		adjust_surplus = h->surplus_huge_pages_node[folio_nid(folio)] != 0;
		remove_hugetlb_folio(h, folio, adjust_surplus);
		h->max_huge_pages--;
		spin_unlock(&sim_world->hugetlb_lock);
		update_and_free_hugetlb_folio(h, folio);
		return 0;
	}
busy:
	spin_unlock(&sim_world->hugetlb_lock);
	return -EBUSY;
}

/*
 * KERNEL: mm/hugetlb.c dissolve_free_hugetlb_folios(): every free hugetlb
 * folio in [start_pfn, end_pfn), in steps of the smallest hstate's size,
 * stopping at the first error.  Sections whose memmap was never
 * materialised hold no folio and are skipped without creating them.
 */
int dissolve_free_hugetlb_folios(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned int order = UINT_MAX;
	unsigned long pfn;
	struct hstate *h;
	int rc = 0;
	SIM_FRAME();

	for_each_hstate(h)
		order = min(order, h->order);
	if (order == UINT_MAX)
		return 0;	/* !hugepages_supported() */

	for (pfn = start_pfn; pfn < end_pfn; pfn += 1UL << order) {
		if (!pfn_valid(pfn))
			break;
		rc = dissolve_free_hugetlb_folio(page_folio(pfn_to_page(pfn)));
		if (rc)
			break;
	}
	return rc;
}
