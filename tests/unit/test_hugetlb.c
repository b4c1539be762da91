// SPDX-License-Identifier: MIT
/*
 * Unit tests of the hugetlb pools (lib/mm/hugetlb.c): pool resizing and its
 * counters, the fault path's dequeue, isolation and putback, migration
 * targets (pool first, then temporary folios under the fallback rules),
 * freeing, dissolving and move_hugetlb_state().
 *
 * Each test boots its own small world (harness_world(): 2 MiB pools empty)
 * and runs model code through SIM_RUN, so a report fails the test with its
 * message instead of ending the process.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include <linux/hugetlb.h>
#include <linux/migrate.h>
#include "internal.h"
#include "hugetlb_internal.h"
#include "entry.h"
#include "harness.h"

#define NODE_MIB	64UL		/* 16384 pages: room for 32 2 MiB folios */
#define NR_2M		(1UL << HPAGE_PMD_ORDER)
#define GFP_TARGET	(GFP_USER | __GFP_MOVABLE | __GFP_RETRY_MAYFAIL)

/* Run model code; a report fails the test with the report's message. */
#define RUN(w, expr) do {						\
	int __rc = SIM_RUN((w), ((expr), 0));				\
	if (__rc)							\
		print_error("%s: %s: %s\n", #expr,			\
			    sim_outcome_name((w)->report.kind),		\
			    (w)->report.message);			\
	assert_int_equal(__rc, 0);					\
} while (0)

static struct world *boot(int nr_nodes)
{
	struct world *w = harness_world("6.12", nr_nodes, NODE_MIB);

	assert_non_null(w);
	assert_ptr_equal(sim_world, w);
	return w;
}

static struct hstate *h2m(void)
{
	return sim_world->hstates[0];
}

static struct hstate *h1g(void)
{
	return sim_world->hstates[1];
}

/* Wrappers that keep the model's results out of the SIM_RUN frame. */
static int resize(struct world *w, struct hstate *h, int nid, unsigned long count)
{
	static int rc;

	RUN(w, rc = hugetlb_pool_resize(h, nid, count));
	return rc;
}

static struct folio *fault(struct world *w, struct hstate *h, int nid)
{
	static struct folio *folio;

	RUN(w, folio = alloc_hugetlb_folio_fault(h, nid));
	return folio;
}

static struct folio *target(struct world *w, struct hstate *h, int nid, const u64 *nmask,
			    gfp_t gfp, bool fallback)
{
	static struct folio *folio;

	RUN(w, folio = alloc_hugetlb_folio_nodemask(h, nid, nmask, gfp, fallback));
	return folio;
}

static bool isolate(struct world *w, struct folio *folio, struct list_head *list)
{
	static bool ok;

	RUN(w, ok = isolate_hugetlb(folio, list));
	return ok;
}

static int dissolve(struct world *w, struct folio *folio)
{
	static int rc;

	RUN(w, rc = dissolve_free_hugetlb_folio(folio));
	return rc;
}

static int dissolve_range(struct world *w, unsigned long start, unsigned long end)
{
	static int rc;

	RUN(w, rc = dissolve_free_hugetlb_folios(start, end));
	return rc;
}

static void put(struct world *w, struct folio *folio)
{
	RUN(w, folio_put(folio));
}

static bool on_list(const struct folio *folio, const struct list_head *head)
{
	const struct list_head *pos;

	list_for_each(pos, head)
		if (pos == &folio->lru)
			return true;
	return false;
}

/* The counters of @h agree with its lists, globally and per node. */
static void check_counts(const struct hstate *h, int nr_nodes)
{
	unsigned long nr = 0, free = 0, surplus = 0;
	int nid;

	for (nid = 0; nid < nr_nodes; nid++) {
		assert_int_equal(list_count_nodes(&h->hugepage_freelists[nid]),
				 h->free_huge_pages_node[nid]);
		assert_true(h->free_huge_pages_node[nid] <= h->nr_huge_pages_node[nid]);
		nr += h->nr_huge_pages_node[nid];
		free += h->free_huge_pages_node[nid];
		surplus += h->surplus_huge_pages_node[nid];
	}
	assert_int_equal(h->nr_huge_pages, nr);
	assert_int_equal(h->free_huge_pages, free);
	assert_int_equal(h->surplus_huge_pages, surplus);
}

/* ---- hstates ---- */

static void test_hstates(void **state)
{
	struct world *w = boot(1);
	struct hstate *h;

	(void)state;
	assert_int_equal(w->nr_hstates, 2);
	h = h2m();
	assert_int_equal(h->order, 9);
	assert_string_equal(h->name, "hugepages-2048kB");
	assert_true(hugepage_migration_supported(h));
	assert_int_equal(huge_page_size(h), 2UL << 20);
	assert_int_equal(h->nr_huge_pages, 0);
	assert_true(list_empty(&h->hugepage_activelist));
	assert_true(list_empty(&h->hugepage_freelists[0]));
	assert_true(list_empty(&h->hugepage_freelists[MAX_NUMNODES - 1]));
	h = h1g();
	assert_int_equal(h->order, 18);
	assert_string_equal(h->name, "hugepages-1048576kB");
	assert_true(hugepage_migration_supported(h));

	assert_ptr_equal(order_to_hstate(9), h2m());
	assert_ptr_equal(order_to_hstate(18), h1g());
	assert_null(order_to_hstate(10));
	assert_ptr_equal(size_to_hstate(2UL << 20), h2m());
	assert_ptr_equal(size_to_hstate(1UL << 30), h1g());
	assert_null(size_to_hstate(PAGE_SIZE));

	assert_true(htlb_allow_alloc_fallback(MR_MEMORY_HOTPLUG));
	assert_true(htlb_allow_alloc_fallback(MR_MEMORY_FAILURE));
	assert_true(htlb_allow_alloc_fallback(MR_SYSCALL));
	assert_true(htlb_allow_alloc_fallback(MR_MEMPOLICY_MBIND));
	assert_false(htlb_allow_alloc_fallback(MR_COMPACTION));
	assert_false(htlb_allow_alloc_fallback(MR_NUMA_MISPLACED));
	assert_false(htlb_allow_alloc_fallback(MR_CONTIG_RANGE));
	assert_false(htlb_allow_alloc_fallback(MR_LONGTERM_PIN));
	assert_false(htlb_allow_alloc_fallback(MR_DEMOTION));
	harness_world_free(w);
}

/* ---- pool size ---- */

static void test_pool_resize(void **state)
{
	struct world *w = boot(2);
	struct hstate *h = h2m();
	unsigned long free0 = node_free_pages(0), free1 = node_free_pages(1);
	long ev = w->vm_events[HTLB_BUDDY_PGALLOC];
	struct folio *folio;

	(void)state;
	/* Grow: N0 [F F F F]  N1 [ ] */
	assert_int_equal(resize(w, h, 0, 4), 0);
	assert_int_equal(h->nr_huge_pages, 4);
	assert_int_equal(h->free_huge_pages, 4);
	assert_int_equal(h->nr_huge_pages_node[0], 4);
	assert_int_equal(h->free_huge_pages_node[0], 4);
	assert_int_equal(h->nr_huge_pages_node[1], 0);
	assert_int_equal(h->max_huge_pages, 4);
	assert_int_equal(h->surplus_huge_pages, 0);
	assert_true(list_empty(&h->hugepage_activelist));
	assert_int_equal(node_free_pages(0), free0 - 4 * NR_2M);
	assert_int_equal(node_free_pages(1), free1);
	assert_int_equal(hugetlb_pool_pages_node(0), 4 * NR_2M);
	assert_int_equal(hugetlb_pool_pages_node(1), 0);
	assert_int_equal(w->vm_events[HTLB_BUDDY_PGALLOC], ev + 4);
	check_counts(h, 2);

	/* Pool folios: free, frozen, HPG_freed, hugetlb but not rmappable. */
	list_for_each_entry(folio, &h->hugepage_freelists[0], lru) {
		assert_true(folio_test_hugetlb(folio));
		assert_int_equal(folio_order(folio), 9);
		assert_int_equal(folio_nid(folio), 0);
		assert_ptr_equal(folio_hstate(folio), h);
		assert_int_equal(folio_ref_count(folio), 0);
		assert_true(folio_test_hugetlb_freed(folio));
		assert_false(folio_test_hugetlb_migratable(folio));
		assert_false(folio_test_hugetlb_temporary(folio));
		assert_false(folio_test_large_rmappable(folio));
		assert_null(folio->mapping);
	}

	/* Shrink: only free folios go, back to buddy. */
	assert_int_equal(resize(w, h, 0, 1), 0);
	assert_int_equal(h->nr_huge_pages, 1);
	assert_int_equal(h->free_huge_pages_node[0], 1);
	assert_int_equal(h->max_huge_pages, 1);
	assert_int_equal(node_free_pages(0), free0 - NR_2M);
	check_counts(h, 2);
	assert_int_equal(resize(w, h, 0, 0), 0);
	assert_int_equal(node_free_pages(0), free0);
	assert_int_equal(h->max_huge_pages, 0);

	/* The other node has its own pool. */
	assert_int_equal(resize(w, h, 1, 2), 0);
	assert_int_equal(h->nr_huge_pages_node[1], 2);
	assert_int_equal(h->free_huge_pages_node[1], 2);
	assert_int_equal(h->nr_huge_pages_node[0], 0);
	assert_int_equal(node_free_pages(1), free1 - 2 * NR_2M);
	assert_int_equal(hugetlb_pool_pages_node(1), 2 * NR_2M);
	check_counts(h, 2);

	/* An in-use folio cannot be freed: -EBUSY, the free one still goes. */
	folio = fault(w, h, 1);
	assert_non_null(folio);
	assert_int_equal(resize(w, h, 1, 0), -EBUSY);
	assert_int_equal(h->nr_huge_pages_node[1], 1);
	assert_int_equal(h->free_huge_pages_node[1], 0);
	assert_int_equal(h->max_huge_pages, 1);
	check_counts(h, 2);
	put(w, folio);
	assert_int_equal(h->free_huge_pages_node[1], 1);
	assert_int_equal(resize(w, h, 1, 0), 0);
	assert_int_equal(node_free_pages(1), free1);
	check_counts(h, 2);

	/* Growth past the node's memory keeps what it got and says -ENOMEM. */
	ev = w->vm_events[HTLB_BUDDY_PGALLOC_FAIL];
	assert_int_equal(resize(w, h, 0, 1000), -ENOMEM);
	assert_true(h->nr_huge_pages_node[0] > 0);
	assert_true(h->nr_huge_pages_node[0] <= NODE_MIB / 2);
	assert_int_equal(h->free_huge_pages_node[0], h->nr_huge_pages_node[0]);
	assert_int_equal(h->max_huge_pages, h->nr_huge_pages_node[0]);
	assert_int_equal(w->vm_events[HTLB_BUDDY_PGALLOC_FAIL], ev + 1);
	assert_int_equal(node_free_pages(0), free0 - h->nr_huge_pages_node[0] * NR_2M);
	check_counts(h, 2);
	assert_int_equal(resize(w, h, 0, 0), 0);
	assert_int_equal(node_free_pages(0), free0);

	assert_int_equal(resize(w, h, 2, 1), -EINVAL);
	assert_int_equal(resize(w, h, -1, 1), -EINVAL);
	harness_world_free(w);
}

/* ---- the fault path ---- */

static void test_fault_alloc(void **state)
{
	struct world *w = boot(2);
	struct hstate *h = h2m();
	struct folio *a, *b, *c;

	(void)state;
	assert_int_equal(resize(w, h, 0, 2), 0);
	assert_int_equal(resize(w, h, 1, 1), 0);

	/* N0 [F F] N1 [F] -> N0 [A F] N1 [F] */
	a = fault(w, h, 0);
	assert_non_null(a);
	assert_int_equal(folio_nid(a), 0);
	assert_true(folio_test_hugetlb(a));
	assert_int_equal(folio_ref_count(a), 1);
	assert_false(folio_test_hugetlb_freed(a));
	assert_false(folio_test_hugetlb_migratable(a));	/* the caller sets it */
	assert_false(folio_test_hugetlb_temporary(a));
	assert_true(on_list(a, &h->hugepage_activelist));
	assert_int_equal(h->free_huge_pages, 2);
	assert_int_equal(h->free_huge_pages_node[0], 1);
	assert_int_equal(h->nr_huge_pages, 3);
	check_counts(h, 2);

	b = fault(w, h, 0);
	assert_non_null(b);
	assert_int_equal(folio_nid(b), 0);
	assert_ptr_not_equal(a, b);

	/* Node 0 is empty: fall back to node 1. */
	c = fault(w, h, 0);
	assert_non_null(c);
	assert_int_equal(folio_nid(c), 1);
	assert_int_equal(list_count_nodes(&h->hugepage_activelist), 3);
	assert_int_equal(h->free_huge_pages, 0);
	check_counts(h, 2);

	/* Every pool is empty: no surplus folio on fault. */
	assert_null(fault(w, h, 1));
	assert_int_equal(h->nr_huge_pages, 3);

	/* Unmapped and dropped: back on their own nodes' free lists. */
	put(w, a);
	put(w, b);
	put(w, c);
	assert_int_equal(h->free_huge_pages_node[0], 2);
	assert_int_equal(h->free_huge_pages_node[1], 1);
	assert_true(list_empty(&h->hugepage_activelist));
	assert_true(on_list(c, &h->hugepage_freelists[1]));
	assert_true(folio_test_hugetlb_freed(c));
	assert_int_equal(folio_ref_count(c), 0);
	check_counts(h, 2);
	harness_world_free(w);
}

/* ---- isolation and putback ---- */

static void test_isolate_putback(void **state)
{
	struct world *w = boot(1);
	struct hstate *h = h2m();
	struct folio *folio, *free_folio;
	struct page *page;
	LIST_HEAD(list);

	(void)state;
	assert_int_equal(resize(w, h, 0, 1), 0);
	folio = fault(w, h, 0);
	assert_non_null(folio);
	folio_set_hugetlb_migratable(folio);	/* mapped by the fault path */

	/* Isolated once: a reference, migratable cleared, on our list. */
	assert_true(isolate(w, folio, &list));
	assert_int_equal(folio_ref_count(folio), 2);
	assert_false(folio_test_hugetlb_migratable(folio));
	assert_true(on_list(folio, &list));
	assert_true(list_empty(&h->hugepage_activelist));

	/* Not twice: the first isolation cleared migratable. */
	assert_false(isolate(w, folio, &list));
	assert_int_equal(folio_ref_count(folio), 2);
	assert_int_equal(list_count_nodes(&list), 1);

	/* Putback: migratable again, on the active list, the reference dropped. */
	RUN(w, folio_putback_active_hugetlb(folio));
	assert_true(folio_test_hugetlb_migratable(folio));
	assert_true(on_list(folio, &h->hugepage_activelist));
	assert_true(list_empty(&list));
	assert_int_equal(folio_ref_count(folio), 1);
	assert_true(isolate(w, folio, &list));
	RUN(w, folio_putback_active_hugetlb(folio));
	assert_int_equal(folio_ref_count(folio), 1);

	/* A free pool folio is not migratable... */
	assert_int_equal(resize(w, h, 0, 2), 0);
	free_folio = list_first_entry(&h->hugepage_freelists[0], struct folio, lru);
	assert_false(isolate(w, free_folio, &list));
	/* ...and even if a stale migratable bit were seen, refcount 0 stops it. */
	folio_set_hugetlb_migratable(free_folio);
	assert_false(isolate(w, free_folio, &list));
	assert_int_equal(folio_ref_count(free_folio), 0);
	assert_true(on_list(free_folio, &h->hugepage_freelists[0]));
	assert_true(list_empty(&list));
	folio_clear_hugetlb_migratable(free_folio);

	/* Not a hugetlb folio at all. */
	{
		static struct page *p;

		RUN(w, p = __alloc_pages_node(GFP_HIGHUSER_MOVABLE, 0, 0, NULL));
		page = p;
	}
	assert_non_null(page);
	assert_false(isolate(w, (struct folio *)page, &list));
	assert_int_equal(page_count(page), 1);
	RUN(w, __free_pages(page, 0));

	put(w, folio);
	check_counts(h, 1);
	assert_int_equal(h->free_huge_pages, 2);
	harness_world_free(w);
}

/* ---- migration targets ---- */

static void test_alloc_nodemask(void **state)
{
	struct world *w = boot(2);
	struct hstate *h = h2m();
	const u64 only0 = 1ULL << 0;
	unsigned long free1 = node_free_pages(1);
	long ok_ev, fail_ev;
	struct folio *a, *b, *c;

	(void)state;
	assert_int_equal(resize(w, h, 0, 1), 0);

	/* The pool first. */
	ok_ev = w->vm_events[HTLB_BUDDY_PGALLOC];
	a = target(w, h, 0, NULL, GFP_TARGET, false);
	assert_non_null(a);
	assert_int_equal(folio_nid(a), 0);
	assert_false(folio_test_hugetlb_temporary(a));
	assert_int_equal(folio_ref_count(a), 1);
	assert_true(on_list(a, &h->hugepage_activelist));
	assert_int_equal(h->free_huge_pages, 0);
	assert_int_equal(w->vm_events[HTLB_BUDDY_PGALLOC], ok_ev);

	/* Pool empty, no fallback: a temporary folio on the preferred node. */
	b = target(w, h, 1, NULL, GFP_TARGET, false);
	assert_non_null(b);
	assert_int_equal(folio_nid(b), 1);
	assert_true(folio_test_hugetlb(b));
	assert_true(folio_test_hugetlb_temporary(b));
	assert_false(folio_test_hugetlb_migratable(b));
	assert_false(folio_test_large_rmappable(b));
	assert_int_equal(folio_ref_count(b), 1);
	assert_true(on_list(b, &h->hugepage_activelist));
	assert_int_equal(h->nr_huge_pages_node[1], 1);
	assert_int_equal(h->free_huge_pages_node[1], 0);
	assert_int_equal(h->max_huge_pages, 1);		/* not a pool resize */
	assert_int_equal(node_free_pages(1), free1 - NR_2M);
	assert_int_equal(w->vm_events[HTLB_BUDDY_PGALLOC], ok_ev + 1);
	check_counts(h, 2);

	/* No fallback means __GFP_THISNODE: node 1 outside the mask fails. */
	fail_ev = w->vm_events[HTLB_BUDDY_PGALLOC_FAIL];
	assert_null(target(w, h, 1, &only0, GFP_TARGET, false));
	assert_int_equal(w->vm_events[HTLB_BUDDY_PGALLOC_FAIL], fail_ev + 1);
	/* With fallback the mask decides. */
	c = target(w, h, 1, &only0, GFP_TARGET, true);
	assert_non_null(c);
	assert_int_equal(folio_nid(c), 0);
	assert_true(folio_test_hugetlb_temporary(c));
	put(w, c);

	/* The pool of another node is used even without fallback: the rule
	 * is about fresh folios only.  N0 [F]  N1 [ ] */
	put(w, a);
	assert_int_equal(h->free_huge_pages_node[0], 1);
	a = target(w, h, 1, NULL, GFP_TARGET, false);
	assert_non_null(a);
	assert_int_equal(folio_nid(a), 0);
	assert_false(folio_test_hugetlb_temporary(a));
	put(w, a);

	/* ...but not with __GFP_THISNODE from the caller. */
	c = target(w, h, 1, NULL, GFP_TARGET | __GFP_THISNODE, true);
	assert_non_null(c);
	assert_int_equal(folio_nid(c), 1);
	assert_true(folio_test_hugetlb_temporary(c));
	assert_int_equal(h->free_huge_pages_node[0], 1);
	put(w, c);

	/* Dropping the temporary b gives node 1 its memory back. */
	put(w, b);
	assert_int_equal(h->nr_huge_pages_node[1], 0);
	assert_int_equal(node_free_pages(1), free1);
	check_counts(h, 2);

	/* A mask that excludes the preferred node skips its pool (hot-remove
	 * asks for "anywhere but here").  N0 [F]  N1 [F] */
	assert_int_equal(resize(w, h, 1, 1), 0);
	a = target(w, h, 1, &only0, GFP_TARGET, true);
	assert_non_null(a);
	assert_int_equal(folio_nid(a), 0);
	assert_false(folio_test_hugetlb_temporary(a));
	assert_int_equal(h->free_huge_pages_node[1], 1);
	put(w, a);

	/* Gigantic: never a temporary folio, and no buddy allocation tried. */
	ok_ev = w->vm_events[HTLB_BUDDY_PGALLOC];
	fail_ev = w->vm_events[HTLB_BUDDY_PGALLOC_FAIL];
	assert_null(target(w, h1g(), 0, NULL, GFP_TARGET, true));
	assert_null(target(w, h1g(), 1, NULL, GFP_TARGET, false));
	assert_int_equal(h1g()->nr_huge_pages, 0);
	assert_int_equal(w->vm_events[HTLB_BUDDY_PGALLOC], ok_ev);
	assert_int_equal(w->vm_events[HTLB_BUDDY_PGALLOC_FAIL], fail_ev);

	assert_int_equal(h->nr_huge_pages, 2);
	assert_int_equal(h->free_huge_pages, 2);
	assert_int_equal(node_free_pages(1), free1 - NR_2M);	/* the pool folio */
	check_counts(h, 2);
	harness_world_free(w);
}

/* ---- freeing ---- */

static void test_free_huge_folio(void **state)
{
	struct world *w = boot(2);
	struct hstate *h = h2m();
	unsigned long free0 = node_free_pages(0), free1 = node_free_pages(1);
	struct anon_vma av;
	struct folio *folio;

	(void)state;
	/* A temporary folio goes back to buddy. */
	folio = target(w, h, 1, NULL, GFP_TARGET, false);
	assert_non_null(folio);
	assert_int_equal(node_free_pages(1), free1 - NR_2M);
	put(w, folio);
	assert_int_equal(node_free_pages(1), free1);
	assert_false(folio_test_hugetlb(folio));
	assert_int_equal(h->nr_huge_pages, 0);
	assert_true(list_empty(&h->hugepage_activelist));
	check_counts(h, 2);

	/* A pool folio goes back to its free list, unmapped and clean. */
	assert_int_equal(resize(w, h, 0, 1), 0);
	folio = fault(w, h, 0);
	assert_non_null(folio);
	memset(&av, 0, sizeof(av));
	folio->mapping = (struct address_space *)((unsigned long)&av | PAGE_MAPPING_ANON);
	SetPageAnonExclusive((struct page *)folio);
	folio_set_hugetlb_migratable(folio);
	put(w, folio);
	assert_true(folio_test_hugetlb(folio));
	assert_true(on_list(folio, &h->hugepage_freelists[0]));
	assert_true(folio_test_hugetlb_freed(folio));
	assert_false(folio_test_hugetlb_migratable(folio));
	assert_null(folio->mapping);
	assert_false(PageAnonExclusive((struct page *)folio));
	assert_int_equal(h->free_huge_pages, 1);
	assert_int_equal(h->nr_huge_pages, 1);
	assert_int_equal(node_free_pages(0), free0 - NR_2M);
	check_counts(h, 2);

	/* A node with surplus folios frees to buddy and loses one surplus. */
	folio = fault(w, h, 0);
	assert_non_null(folio);
	h->surplus_huge_pages = 1;
	h->surplus_huge_pages_node[0] = 1;
	put(w, folio);
	assert_false(folio_test_hugetlb(folio));
	assert_int_equal(h->nr_huge_pages, 0);
	assert_int_equal(h->free_huge_pages, 0);
	assert_int_equal(h->surplus_huge_pages, 0);
	assert_int_equal(h->surplus_huge_pages_node[0], 0);
	assert_int_equal(node_free_pages(0), free0);
	check_counts(h, 2);
	harness_world_free(w);
}

/* ---- dissolving ---- */

static void test_dissolve(void **state)
{
	struct world *w = boot(1);
	struct hstate *h = h2m();
	unsigned long free0 = node_free_pages(0);
	struct folio *folio, *used;

	(void)state;
	assert_int_equal(resize(w, h, 0, 2), 0);
	used = fault(w, h, 0);
	assert_non_null(used);
	folio = list_first_entry(&h->hugepage_freelists[0], struct folio, lru);

	/* A free folio goes back to buddy and out of max_huge_pages. */
	assert_int_equal(dissolve(w, folio), 0);
	assert_false(folio_test_hugetlb(folio));
	assert_int_equal(h->nr_huge_pages, 1);
	assert_int_equal(h->free_huge_pages, 0);
	assert_int_equal(h->max_huge_pages, 1);
	assert_int_equal(node_free_pages(0), free0 - NR_2M);
	check_counts(h, 1);
	/* Not hugetlb any more: nothing to do. */
	assert_int_equal(dissolve(w, folio), 0);

	/* In use. */
	assert_int_equal(dissolve(w, used), -EBUSY);
	assert_true(folio_test_hugetlb(used));
	assert_int_equal(h->nr_huge_pages, 1);

	/* Refcount 0 (on its way to the free list) with no free folio in the
	 * hstate: -EBUSY at once. */
	folio_set_count(used, 0);
	assert_int_equal(dissolve(w, used), -EBUSY);
	folio_set_count(used, 1);

	put(w, used);
	assert_int_equal(dissolve(w, used), 0);
	assert_int_equal(h->nr_huge_pages, 0);
	assert_int_equal(h->max_huge_pages, 0);
	assert_int_equal(node_free_pages(0), free0);
	check_counts(h, 1);
	harness_world_free(w);
}

static void test_dissolve_range(void **state)
{
	struct world *w = boot(2);
	struct hstate *h = h2m();
	unsigned long free0 = node_free_pages(0);
	pg_data_t *n0 = NODE_DATA(0), *n1 = NODE_DATA(1);
	unsigned long sections;
	struct folio *used;

	(void)state;
	/* All free: all dissolved. */
	assert_int_equal(resize(w, h, 0, 3), 0);
	assert_int_equal(dissolve_range(w, n0->node_start_pfn, pgdat_end_pfn(n0)), 0);
	assert_int_equal(h->nr_huge_pages, 0);
	assert_int_equal(node_free_pages(0), free0);

	/* One in use: the walk stops there with -EBUSY and keeps it. */
	assert_int_equal(resize(w, h, 0, 3), 0);
	used = fault(w, h, 0);
	assert_non_null(used);
	assert_int_equal(dissolve_range(w, n0->node_start_pfn, pgdat_end_pfn(n0)), -EBUSY);
	assert_true(folio_test_hugetlb(used));
	assert_true(h->nr_huge_pages >= 1);
	check_counts(h, 2);
	put(w, used);
	assert_int_equal(dissolve_range(w, n0->node_start_pfn, pgdat_end_pfn(n0)), 0);
	assert_int_equal(h->nr_huge_pages, 0);
	assert_int_equal(node_free_pages(0), free0);

	/* Walking untouched memory only reads its memmap: no host memory. */
	sections = sparse_resident_bytes();
	assert_int_equal(dissolve_range(w, n1->node_start_pfn, pgdat_end_pfn(n1)), 0);
	assert_int_equal(sparse_resident_bytes(), sections);
	harness_world_free(w);
}

/*
 * A folio with refcount 0 that never reaches the free list (nothing else
 * runs to finish freeing it) makes the kernel's retry loop spin; the model
 * reports a livelock instead of hanging.
 */
static void test_dissolve_stuck_free(void **state)
{
	struct world *w = boot(1);
	struct hstate *h = h2m();
	struct folio *used;
	int rc;

	(void)state;
	assert_int_equal(resize(w, h, 0, 2), 0);
	used = fault(w, h, 0);
	assert_non_null(used);
	folio_set_count(used, 0);
	rc = SIM_RUN(w, dissolve_free_hugetlb_folio(used));
	assert_int_equal(rc, -ENOTRECOVERABLE);
	assert_int_equal(w->report.kind, SIM_LIVELOCK);
	harness_world_free(w);
}

/* ---- move_hugetlb_state ---- */

static void test_move_hugetlb_state(void **state)
{
	struct world *w = boot(2);
	struct hstate *h = h2m();
	unsigned long free0 = node_free_pages(0), free1 = node_free_pages(1);
	struct folio *old, *new;

	(void)state;
	/* N0 pool folio in use -> temporary target on N1. */
	assert_int_equal(resize(w, h, 0, 1), 0);
	old = fault(w, h, 0);
	assert_non_null(old);
	new = target(w, h, 1, NULL, GFP_TARGET, false);
	assert_non_null(new);
	assert_true(folio_test_hugetlb_temporary(new));
	assert_int_equal(h->nr_huge_pages_node[0], 1);
	assert_int_equal(h->nr_huge_pages_node[1], 1);

	RUN(w, move_hugetlb_state(old, new, MR_SYSCALL));
	assert_true(folio_test_hugetlb_temporary(old));
	assert_false(folio_test_hugetlb_temporary(new));
	assert_int_equal(h->surplus_huge_pages, 0);

	/* The old folio leaves for buddy; the pool folio now lives on N1. */
	put(w, old);
	assert_int_equal(h->nr_huge_pages_node[0], 0);
	assert_int_equal(node_free_pages(0), free0);
	folio_set_hugetlb_migratable(new);
	RUN(w, folio_get(new));
	RUN(w, folio_putback_active_hugetlb(new));	/* as after a successful move */
	put(w, new);
	assert_int_equal(h->nr_huge_pages_node[1], 1);
	assert_int_equal(h->free_huge_pages_node[1], 1);
	assert_true(on_list(new, &h->hugepage_freelists[1]));
	assert_int_equal(node_free_pages(1), free1 - NR_2M);
	assert_int_equal(h->max_huge_pages, 1);
	check_counts(h, 2);

	/* Surplus follows the data across nodes.  N1 pool folio, N1 surplus. */
	h->surplus_huge_pages = 1;
	h->surplus_huge_pages_node[1] = 1;
	old = fault(w, h, 1);
	assert_non_null(old);
	new = target(w, h, 0, NULL, GFP_TARGET, false);
	assert_non_null(new);
	assert_int_equal(folio_nid(new), 0);
	RUN(w, move_hugetlb_state(old, new, MR_MEMORY_HOTPLUG));
	assert_int_equal(h->surplus_huge_pages_node[1], 0);
	assert_int_equal(h->surplus_huge_pages_node[0], 1);
	assert_int_equal(h->surplus_huge_pages, 1);
	put(w, old);		/* temporary: buddy, surplus untouched */
	assert_int_equal(h->surplus_huge_pages_node[0], 1);
	put(w, new);		/* surplus node: buddy, one surplus fewer */
	assert_int_equal(h->surplus_huge_pages, 0);
	assert_int_equal(h->nr_huge_pages, 0);
	assert_int_equal(node_free_pages(0), free0);
	assert_int_equal(node_free_pages(1), free1);
	check_counts(h, 2);

	/* Same node: flags swap, surplus stays. */
	assert_int_equal(resize(w, h, 0, 1), 0);
	h->surplus_huge_pages = 1;
	h->surplus_huge_pages_node[0] = 1;
	old = fault(w, h, 0);
	new = target(w, h, 0, NULL, GFP_TARGET, false);
	assert_non_null(old);
	assert_non_null(new);
	assert_int_equal(folio_nid(new), 0);
	RUN(w, move_hugetlb_state(old, new, MR_SYSCALL));
	assert_true(folio_test_hugetlb_temporary(old));
	assert_false(folio_test_hugetlb_temporary(new));
	assert_int_equal(h->surplus_huge_pages_node[0], 1);

	/* A pool target: nothing to move. */
	h->surplus_huge_pages = 0;
	h->surplus_huge_pages_node[0] = 0;
	put(w, old);
	put(w, new);
	assert_int_equal(h->free_huge_pages_node[0], 1);
	old = fault(w, h, 0);
	assert_int_equal(resize(w, h, 0, 2), 0);
	new = target(w, h, 0, NULL, GFP_TARGET, false);
	assert_non_null(new);
	assert_false(folio_test_hugetlb_temporary(new));
	RUN(w, move_hugetlb_state(old, new, MR_SYSCALL));
	assert_false(folio_test_hugetlb_temporary(old));
	assert_false(folio_test_hugetlb_temporary(new));
	put(w, old);
	put(w, new);
	assert_int_equal(h->free_huge_pages_node[0], 2);
	check_counts(h, 2);
	harness_world_free(w);
}

/* ---- gigantic (1 GiB) folios ---- */

/*
 * The 1 GiB pool: grown from never-touched memory (node 1 starts 1 GiB
 * aligned and nothing else uses it), used, freed and dissolved.  Buddy
 * hugetlb counters do not move for gigantic folios.
 */
static void test_gigantic_pool(void **state)
{
	struct world *w = harness_world("6.12", 2, 1024);
	struct hstate *h;
	unsigned long free1;
	long ok_ev, fail_ev;
	struct folio *folio;
	LIST_HEAD(list);

	(void)state;
	assert_non_null(w);
	h = h1g();
	free1 = node_free_pages(1);
	ok_ev = w->vm_events[HTLB_BUDDY_PGALLOC];
	fail_ev = w->vm_events[HTLB_BUDDY_PGALLOC_FAIL];

	assert_int_equal(resize(w, h, 1, 1), 0);
	assert_int_equal(h->nr_huge_pages_node[1], 1);
	assert_int_equal(h->free_huge_pages_node[1], 1);
	assert_int_equal(node_free_pages(1), free1 - (1UL << 18));
	assert_int_equal(hugetlb_pool_pages_node(1), 1UL << 18);
	assert_int_equal(w->vm_events[HTLB_BUDDY_PGALLOC], ok_ev);
	/* The node has no second aligned GiB. */
	assert_int_equal(resize(w, h, 1, 2), -ENOMEM);
	assert_int_equal(h->nr_huge_pages_node[1], 1);
	assert_int_equal(w->vm_events[HTLB_BUDDY_PGALLOC_FAIL], fail_ev);

	folio = fault(w, h, 1);
	assert_non_null(folio);
	assert_int_equal(folio_order(folio), 18);
	assert_ptr_equal(folio_hstate(folio), h);
	folio_set_hugetlb_migratable(folio);
	assert_true(isolate(w, folio, &list));
	RUN(w, folio_putback_active_hugetlb(folio));
	assert_int_equal(dissolve(w, folio), -EBUSY);
	put(w, folio);
	assert_true(on_list(folio, &h->hugepage_freelists[1]));

	/* Dissolved through the range walk (steps of 2 MiB through the GiB). */
	assert_int_equal(dissolve_range(w, NODE_DATA(1)->node_start_pfn,
					pgdat_end_pfn(NODE_DATA(1))), 0);
	assert_int_equal(h->nr_huge_pages, 0);
	assert_int_equal(h->max_huge_pages, 0);
	assert_false(folio_test_hugetlb(folio));
	assert_int_equal(node_free_pages(1), free1);
	check_counts(h, 2);

	/* The range is whole again: a new gigantic folio fits. */
	assert_int_equal(resize(w, h, 1, 1), 0);
	assert_int_equal(resize(w, h, 1, 0), 0);
	assert_int_equal(node_free_pages(1), free1);
	harness_world_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hstates),
		cmocka_unit_test(test_pool_resize),
		cmocka_unit_test(test_fault_alloc),
		cmocka_unit_test(test_isolate_putback),
		cmocka_unit_test(test_alloc_nodemask),
		cmocka_unit_test(test_free_huge_folio),
		cmocka_unit_test(test_dissolve),
		cmocka_unit_test(test_dissolve_range),
		cmocka_unit_test(test_dissolve_stuck_free),
		cmocka_unit_test(test_move_hugetlb_state),
		cmocka_unit_test(test_gigantic_pool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
