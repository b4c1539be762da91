// SPDX-License-Identifier: MIT
/*
 * Unit tests of the buddy allocator (lib/mm/page_alloc.c) and the lazy
 * memmap under it (lib/mm/sparse.c): node placement and NR_FREE_PAGES,
 * buddy merging, fragmentation, the zonelist fallback by distance, node
 * masks, never-touched memory, content tokens of new pages, gigantic (1 GiB)
 * ranges, and the "Bad page state" check on free.
 *
 * Each test boots its own small world and runs model code through SIM_RUN,
 * so a report fails the test with its message instead of ending the
 * process.  Results leave the SIM_RUN frame through static variables in the
 * small wrappers below (nothing automatic changes between setjmp and a
 * longjmp).
 *
 * Memory layout of a world (lib/engine/world.c):
 *
 *   pfn 0            1 GiB (pfn 1<<18)             next 1 GiB boundary
 *   | zero page ...  | node 0 ...........|  gap   | node 1 ...........|
 *                    ^ frontier_pfn starts here: everything above it is
 *                      free and untouched, its memmap never written
 *
 * Order-0 pages move through per-CPU lists (pgdat->pcp[cpu]): a refill takes
 * PCP_BATCH pages off the buddy lists and NR_FREE_PAGES drops by that much;
 * a freed order-0 page goes back onto the list, free but not counted in
 * NR_FREE_PAGES until the list is drained, as in the kernel.  So the exact
 * "free pages" of a node is NR_FREE_PAGES plus its per-CPU lists
 * (free_total() below).
 */
#include "harness.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define GFP_PLAIN	(GFP_USER | __GFP_MOVABLE)
#define GFP_ONLY(nid)	(GFP_PLAIN | __GFP_THISNODE)
#define GFP_THP_ONLY	(GFP_TRANSHUGE | __GFP_THISNODE)
#define MB_PAGES(mib)	((long)(mib) << (20 - PAGE_SHIFT))

/* Run model code; a report fails the test with the report's message. */
#define RUN(w, expr) do {						\
	int __rc = SIM_RUN((w), ((expr), 0));				\
	if (__rc)							\
		print_error("%s: %s: %s\n", #expr,			\
			    sim_outcome_name((w)->report.kind),		\
			    (w)->report.message);			\
	assert_int_equal(__rc, 0);					\
} while (0)

/* ---- wrappers around the model ---------------------------------- */

static struct page *alloc_pages_on(struct world *w, gfp_t gfp, unsigned int order, int nid,
				   const nodemask_t *nmask)
{
	static struct page *page;

	page = NULL;
	RUN(w, page = __alloc_pages_node(gfp, order, nid, nmask));
	return page;
}

static struct folio *alloc_folio_on(struct world *w, gfp_t gfp, unsigned int order, int nid)
{
	static struct folio *folio;

	folio = NULL;
	RUN(w, folio = __folio_alloc(gfp, order, nid, NULL));
	return folio;
}

static void free_pages_run(struct world *w, struct page *page, unsigned int order)
{
	RUN(w, __free_pages(page, order));
}

static void put_run(struct world *w, struct folio *folio)
{
	RUN(w, folio_put(folio));
}

static void drain_run(struct world *w, int nid)
{
	RUN(w, drain_node_pages(nid));
}

static struct folio *pfn_folio(struct world *w, unsigned long pfn)
{
	static struct folio *folio;

	RUN(w, folio = page_folio(pfn_to_page(pfn)));
	return folio;
}

/* NR_FREE_PAGES of a node: its buddy lists and untouched memory. */
static long nr_free(struct world *w, int nid)
{
	return w->node_data[nid]->vm_stat[NR_FREE_PAGES];
}

/* Free order-0 pages parked on the node's per-CPU lists. */
static long pcp_pages(struct world *w, int nid)
{
	long n = 0;
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		n += w->node_data[nid]->pcp[cpu].count;
	return n;
}

/* Every free page of a node, wherever the allocator keeps it. */
static long free_total(struct world *w, int nid)
{
	return nr_free(w, nid) + pcp_pages(w, nid);
}

static unsigned long node_start(struct world *w, int nid)
{
	return w->node_data[nid]->node_start_pfn;
}

static unsigned long node_end(struct world *w, int nid)
{
	return pgdat_end_pfn(w->node_data[nid]);
}

static unsigned long pfn_of(const struct page *page)
{
	return page_to_pfn(page);
}

/* Free-list blocks of @order on @nid. */
static unsigned long nr_blocks(struct world *w, int nid, unsigned int order)
{
	return w->node_data[nid]->free_area[order].nr_free;
}

static void assert_on_node(struct world *w, const struct page *page, int nid)
{
	assert_non_null(page);
	assert_int_equal(page_to_nid(page), nid);
	assert_true(pfn_of(page) >= node_start(w, nid));
	assert_true(pfn_of(page) < node_end(w, nid));
}

/* ---- placement and NR_FREE_PAGES --------------------------------- */

/*
 * One allocation and free of @order on each node: it comes from the node
 * asked for, the node's free pages drop by 1 << order and come back, and the
 * other node is untouched.
 */
static void alloc_free_cycle(struct world *w, unsigned int order, bool folio_api)
{
	int nid;

	for (nid = 0; nid < 2; nid++) {
		long before = free_total(w, nid), other = free_total(w, !nid);
		struct page *page;

		if (folio_api)
			page = (struct page *)alloc_folio_on(w, GFP_PLAIN, order, nid);
		else
			page = alloc_pages_on(w, GFP_PLAIN, order, nid, NULL);
		assert_on_node(w, page, nid);
		assert_int_equal(pfn_of(page) & ((1UL << order) - 1), 0);	/* naturally aligned */
		assert_int_equal(page->_refcount, 1);
		assert_int_equal(free_total(w, nid), before - (1L << order));
		assert_int_equal(free_total(w, !nid), other);

		if (folio_api)
			put_run(w, (struct folio *)page);
		else
			free_pages_run(w, page, order);
		assert_int_equal(free_total(w, nid), before);
		assert_int_equal(free_total(w, !nid), other);
		assert_no_report(w);
	}
}

static void test_order0_alloc_from_requested_node(void **state)
{
	struct world *w = harness_world("6.12", 2, 64);
	long before = nr_free(w, 0);
	struct page *page;

	(void)state;
	/* NR_FREE_PAGES itself: a per-CPU refill takes a batch off the buddy
	 * lists; the freed page stays on the per-CPU list until a drain. */
	page = alloc_pages_on(w, GFP_ONLY(0), 0, 0, NULL);
	assert_on_node(w, page, 0);
	assert_int_equal(nr_free(w, 0), before - PCP_BATCH);
	assert_int_equal(pcp_pages(w, 0), PCP_BATCH - 1);
	free_pages_run(w, page, 0);
	assert_int_equal(nr_free(w, 0), before - PCP_BATCH);
	assert_int_equal(pcp_pages(w, 0), PCP_BATCH);
	drain_run(w, 0);
	assert_int_equal(nr_free(w, 0), before);
	assert_int_equal(pcp_pages(w, 0), 0);

	alloc_free_cycle(w, 0, false);	/* __alloc_pages_node + __free_pages */
	alloc_free_cycle(w, 0, true);	/* __folio_alloc + folio_put */
	harness_world_free(w);
}

static void test_order9_alloc_from_requested_node(void **state)
{
	struct world *w = harness_world("6.12", 2, 64);
	long before = nr_free(w, 1);
	struct folio *folio;

	(void)state;
	/* Orders above 0 bypass the per-CPU lists: NR_FREE_PAGES is exact. */
	folio = alloc_folio_on(w, GFP_THP_ONLY, HPAGE_PMD_ORDER, 1);
	assert_on_node(w, (struct page *)folio, 1);
	assert_int_equal(nr_free(w, 1), before - HPAGE_PMD_NR);
	put_run(w, folio);
	assert_int_equal(nr_free(w, 1), before);
	assert_int_equal(pcp_pages(w, 1), 0);

	alloc_free_cycle(w, HPAGE_PMD_ORDER, false);
	alloc_free_cycle(w, HPAGE_PMD_ORDER, true);
	harness_world_free(w);
}

/* ---- buddy merging ------------------------------------------------ */

/*
 * A 4 MiB node is one order-10 block, an order-9 buddy pair:
 *
 *   s                 s+512              s+1024
 *   |<--- order 9 --->|<--- order 9 --->|
 *   | 0 1 2 3 ... 511 | 512 ...    1023 |   every page allocated, order 0
 *
 * Free the odd pages first (nothing can merge: every buddy is in use), then
 * the even ones from the top down (each completes a pair, and pairs merge
 * all the way up).  The order-10 allocation then finds no free block of its
 * order and nothing untouched; the slow path drains the per-CPU lists into
 * the buddy lists, the last pairs merge, and it gets exactly the same 4 MiB.
 */
static void test_buddy_merging_restores_max_order_block(void **state)
{
	struct world *w = harness_world("6.12", 2, 4);
	unsigned long s = node_start(w, 0), i;
	struct page **pages = calloc(1024, sizeof(*pages));
	struct page *big;
	unsigned int o;

	(void)state;
	assert_non_null(pages);
	assert_int_equal(nr_free(w, 0), 1024);
	for (i = 0; i < 1024; i++) {
		struct page *page = alloc_pages_on(w, GFP_ONLY(0), 0, 0, NULL);

		assert_on_node(w, page, 0);
		/* The smallest free block goes first: the pages come in pfn order. */
		assert_int_equal(pfn_of(page), s + i);
		pages[i] = page;
	}
	assert_int_equal(w->node_data[0]->frontier_pfn, node_end(w, 0));
	assert_int_equal(free_total(w, 0), 0);
	for (o = 0; o < NR_PAGE_ORDERS; o++)
		assert_int_equal(nr_blocks(w, 0, o), 0);

	for (i = 1; i < 1024; i += 2)
		free_pages_run(w, pages[i], 0);
	assert_int_equal(free_total(w, 0), 512);
	assert_int_equal(nr_blocks(w, 0, 0) + pcp_pages(w, 0), 512);
	for (o = 1; o < NR_PAGE_ORDERS; o++)
		assert_int_equal(nr_blocks(w, 0, o), 0);	/* no merge */

	for (i = 0; i < 512; i++)			/* 1022, 1020, ..., 0 */
		free_pages_run(w, pages[1022 - 2 * i], 0);
	assert_int_equal(free_total(w, 0), 1024);

	big = alloc_pages_on(w, GFP_ONLY(0), MAX_PAGE_ORDER, 0, NULL);
	assert_on_node(w, big, 0);
	assert_int_equal(pfn_of(big), s);		/* the same memory */
	assert_int_equal(free_total(w, 0), 0);
	for (o = 0; o < NR_PAGE_ORDERS; o++)
		assert_int_equal(nr_blocks(w, 0, o), 0);

	/* And it splits and merges again on its own free. */
	free_pages_run(w, big, MAX_PAGE_ORDER);
	assert_int_equal(nr_blocks(w, 0, MAX_PAGE_ORDER), 1);
	assert_int_equal(nr_free(w, 0), 1024);
	assert_no_report(w);
	free(pages);
	harness_world_free(w);
}

/* The same merge with the per-CPU lists drained by hand: the free lists
 * hold exactly one order-10 block and nothing else. */
static void test_buddy_merging_after_drain(void **state)
{
	struct world *w = harness_world("6.12", 2, 4);
	struct page **pages = calloc(1024, sizeof(*pages));
	unsigned long i;
	unsigned int o;

	(void)state;
	assert_non_null(pages);
	for (i = 0; i < 1024; i++)
		pages[i] = alloc_pages_on(w, GFP_ONLY(0), 0, 0, NULL);
	/* Free in a scattered order: i * 389 mod 1024 visits every page once. */
	for (i = 0; i < 1024; i++)
		free_pages_run(w, pages[(i * 389) % 1024], 0);
	drain_run(w, 0);
	assert_int_equal(pcp_pages(w, 0), 0);
	assert_int_equal(nr_free(w, 0), 1024);
	for (o = 0; o < MAX_PAGE_ORDER; o++)
		assert_int_equal(nr_blocks(w, 0, o), 0);
	assert_int_equal(nr_blocks(w, 0, MAX_PAGE_ORDER), 1);
	assert_true(PageBuddy(pages[0]));
	assert_int_equal(pages[0]->private, MAX_PAGE_ORDER);
	assert_no_report(w);
	free(pages);
	harness_world_free(w);
}

/* ---- fragmentation ------------------------------------------------ */

/*
 * An 8 MiB node (2048 pages) allocated page by page, then every other page
 * freed:
 *
 *   pfn  s  s+1 s+2 s+3 ...                 s+2047
 *        [U][ ][U][ ][U][ ] ...  [U][ ]       U = still allocated
 *
 * Half the node is free, but no two free pages are buddies, so there is no
 * free block of any order above 0 and an order-9 allocation that may not
 * leave the node fails.  Freeing the rest merges everything back.
 */
static void test_fragmentation_fails_order9_until_freed(void **state)
{
	struct world *w = harness_world("6.12", 2, 8);
	long nr = MB_PAGES(8), i;
	struct page **pages = calloc((size_t)nr, sizeof(*pages));
	struct page *thp;
	unsigned int o;

	(void)state;
	assert_non_null(pages);
	assert_int_equal(nr_free(w, 0), nr);
	for (i = 0; i < nr; i++) {
		pages[i] = alloc_pages_on(w, GFP_ONLY(0), 0, 0, NULL);
		assert_on_node(w, pages[i], 0);
	}
	assert_int_equal(free_total(w, 0), 0);
	assert_null(alloc_pages_on(w, GFP_ONLY(0), 0, 0, NULL));	/* node full */

	for (i = 0; i < nr; i++)
		if (pfn_of(pages[i]) & 1)
			free_pages_run(w, pages[i], 0);
	assert_int_equal(free_total(w, 0), nr / 2);

	assert_null(alloc_pages_on(w, GFP_ONLY(0), HPAGE_PMD_ORDER, 0, NULL));
	assert_null(alloc_folio_on(w, GFP_THP_ONLY, HPAGE_PMD_ORDER, 0));
	assert_null(alloc_pages_on(w, GFP_ONLY(0), 1, 0, NULL));	/* not even order 1 */
	/* The failures drained the per-CPU lists and took nothing. */
	assert_int_equal(free_total(w, 0), nr / 2);
	assert_int_equal(nr_blocks(w, 0, 0), (unsigned long)nr / 2);
	for (o = 1; o < NR_PAGE_ORDERS; o++)
		assert_int_equal(nr_blocks(w, 0, o), 0);

	for (i = 0; i < nr; i++)
		if (!(pfn_of(pages[i]) & 1))
			free_pages_run(w, pages[i], 0);
	assert_int_equal(free_total(w, 0), nr);

	thp = alloc_pages_on(w, GFP_ONLY(0), HPAGE_PMD_ORDER, 0, NULL);
	assert_on_node(w, thp, 0);
	assert_int_equal(free_total(w, 0), nr - HPAGE_PMD_NR);
	assert_int_equal(free_total(w, 1), nr);			/* never left node 0 */
	assert_no_report(w);
	free(pages);
	harness_world_free(w);
}

/* ---- zonelist fallback, __GFP_THISNODE, node masks ---------------- */

/*
 * Three 4 MiB nodes (one order-10 block each) where node 2 is nearer to
 * node 0 than node 1 is:
 *
 *          15          20
 *   node 0 ---- node 2 ---- node 1        distance(0, 1) = 40
 *
 * Node 0's zonelist is therefore 0, 2, 1 (by node id it would be 0, 1, 2).
 */
static struct world *boot_triangle(void)
{
	struct migsim_config cfg;
	int i;

	migsim_config_init(&cfg);
	cfg.kernel = "6.12";
	cfg.nr_nodes = 3;
	for (i = 0; i < 3; i++) {
		cfg.node_size[i] = 4ULL << 20;
		cfg.distance[i][i] = 10;
	}
	cfg.distance[0][1] = cfg.distance[1][0] = 40;
	cfg.distance[0][2] = cfg.distance[2][0] = 15;
	cfg.distance[1][2] = cfg.distance[2][1] = 20;
	return harness_world_cfg(&cfg);
}

/* Take all of @nid's memory: one order-10 block on a 4 MiB node. */
static struct page *fill_node(struct world *w, int nid)
{
	struct page *page = alloc_pages_on(w, GFP_ONLY(nid), MAX_PAGE_ORDER, nid, NULL);

	assert_on_node(w, page, nid);
	assert_int_equal(free_total(w, nid), 0);
	return page;
}

static void test_thisnode_never_falls_back(void **state)
{
	struct world *w = boot_triangle();
	unsigned int o;

	(void)state;
	fill_node(w, 0);
	for (o = 0; o <= MAX_PAGE_ORDER; o++)
		assert_null(alloc_pages_on(w, GFP_ONLY(0), o, 0, NULL));
	assert_null(alloc_folio_on(w, GFP_THP_ONLY, HPAGE_PMD_ORDER, 0));
	/* The other nodes had room all along and were not touched. */
	assert_int_equal(free_total(w, 1), MB_PAGES(4));
	assert_int_equal(free_total(w, 2), MB_PAGES(4));
	assert_int_equal(w->node_data[1]->frontier_pfn, node_start(w, 1));
	assert_int_equal(w->node_data[2]->frontier_pfn, node_start(w, 2));
	assert_no_report(w);
	harness_world_free(w);
}

static void test_fallback_picks_nearest_node(void **state)
{
	struct world *w = boot_triangle();
	struct page *page;

	(void)state;
	/* Room on node 0: no fallback. */
	page = alloc_pages_on(w, GFP_PLAIN, 0, 0, NULL);
	assert_on_node(w, page, 0);
	free_pages_run(w, page, 0);

	fill_node(w, 0);
	page = alloc_pages_on(w, GFP_PLAIN, 0, 0, NULL);
	assert_on_node(w, page, 2);			/* nearest, not lowest id */
	assert_int_equal(free_total(w, 2), MB_PAGES(4) - 1);
	assert_int_equal(free_total(w, 1), MB_PAGES(4));
	free_pages_run(w, page, 0);

	/* Large folios fall back the same way. */
	page = (struct page *)alloc_folio_on(w, GFP_TRANSHUGE, HPAGE_PMD_ORDER, 0);
	assert_on_node(w, page, 2);
	put_run(w, (struct folio *)page);

	/* Node 2 full too: the next in distance order is node 1. */
	fill_node(w, 2);
	page = alloc_pages_on(w, GFP_PLAIN, 0, 0, NULL);
	assert_on_node(w, page, 1);
	free_pages_run(w, page, 0);

	/* Everything full: the allocation fails. */
	fill_node(w, 1);
	assert_null(alloc_pages_on(w, GFP_PLAIN, 0, 0, NULL));
	assert_null(alloc_pages_on(w, GFP_PLAIN, 1, 0, NULL));
	assert_no_report(w);
	harness_world_free(w);
}

static void test_nodemask_excludes_nodes(void **state)
{
	struct world *w = boot_triangle();
	nodemask_t only0 = 1ULL << 0, only1 = 1ULL << 1, only2 = 1ULL << 2;
	nodemask_t not2 = (1ULL << 0) | (1ULL << 1);
	struct page *page;

	(void)state;
	/* A mask without the preferred node: the allocation leaves it although
	 * it has room. */
	page = alloc_pages_on(w, GFP_PLAIN, 0, 0, &only2);
	assert_on_node(w, page, 2);
	free_pages_run(w, page, 0);
	page = alloc_pages_on(w, GFP_PLAIN, HPAGE_PMD_ORDER, 0, &only1);
	assert_on_node(w, page, 1);
	free_pages_run(w, page, HPAGE_PMD_ORDER);
	assert_int_equal(w->node_data[0]->frontier_pfn, node_start(w, 0));	/* untouched */

	/* __GFP_THISNODE with a mask that excludes the node: nothing. */
	assert_null(alloc_pages_on(w, GFP_ONLY(0), 0, 0, &only1));
	assert_int_equal(free_total(w, 0), MB_PAGES(4));

	/* Node 0 full: the nearest node (2) is masked out, so node 1 serves. */
	fill_node(w, 0);
	page = alloc_pages_on(w, GFP_PLAIN, 0, 0, &not2);
	assert_on_node(w, page, 1);
	assert_int_equal(free_total(w, 2), MB_PAGES(4));
	free_pages_run(w, page, 0);

	/* Only the full node allowed: no fallback outside the mask. */
	assert_null(alloc_pages_on(w, GFP_PLAIN, 0, 0, &only0));
	assert_int_equal(free_total(w, 1), MB_PAGES(4));
	assert_int_equal(free_total(w, 2), MB_PAGES(4));
	assert_no_report(w);
	harness_world_free(w);
}

/* ---- never-touched memory ----------------------------------------- */

/*
 * Two 512 GiB nodes (1 TiB of simulated memory) cost next to nothing until
 * used: no memmap section written, every page still free above each node's
 * frontier.  One allocation carves one order-10 block, which writes the
 * memmap of a couple of 2 MiB sections:
 *
 *   node 1: [ order-10 block: section A | section B ][ untouched ... 512 GiB ]
 */
static void test_untouched_memory_is_not_materialised(void **state)
{
	struct migsim_config cfg;
	struct world *w;
	long node_pages = (long)((512UL << 30) >> PAGE_SHIFT);
	unsigned long sections;
	size_t host;
	struct page *page;
	int nid;

	(void)state;
	migsim_config_init(&cfg);
	cfg.kernel = "6.12";
	cfg.nr_nodes = 2;
	cfg.node_size[0] = cfg.node_size[1] = 512ULL << 30;
	w = harness_world_cfg(&cfg);

	host = migsim_host_bytes((struct migsim_world *)w);
	sections = w->nr_sections_written;
	printf("# 1 TiB world: %zu host bytes, %lu memmap sections written after boot\n",
	       host, sections);
	assert_true(host < (64UL << 20));
	assert_true(sections <= 2);
	for (nid = 0; nid < 2; nid++) {
		assert_int_equal(node_start(w, nid) & ((1UL << HPAGE_PUD_ORDER) - 1), 0);
		assert_int_equal(w->node_data[nid]->frontier_pfn, node_start(w, nid));
		assert_int_equal(nr_free(w, nid), node_pages);	/* untouched counts as free */
	}
	assert_int_equal(node_start(w, 0), 1UL << HPAGE_PUD_ORDER);

	page = alloc_pages_on(w, GFP_ONLY(1), 0, 1, NULL);
	assert_on_node(w, page, 1);
	assert_int_equal(pfn_of(page), node_start(w, 1));
	assert_true(w->nr_sections_written > sections);
	assert_true(w->nr_sections_written - sections <= 2);
	assert_int_equal(w->node_data[1]->frontier_pfn, node_start(w, 1) + (1UL << MAX_PAGE_ORDER));
	assert_int_equal(w->node_data[0]->frontier_pfn, node_start(w, 0));
	assert_int_equal(free_total(w, 1), node_pages - 1);
	assert_true(migsim_host_bytes((struct migsim_world *)w) - host < (1UL << 20));

	/* Looking at untouched memory (page_folio of a far page) writes nothing. */
	assert_ptr_equal(pfn_folio(w, node_end(w, 1) - 3), pfn_to_page(node_end(w, 1) - 3));
	assert_ptr_equal(pfn_folio(w, node_start(w, 0) + 12345), pfn_to_page(node_start(w, 0) + 12345));
	assert_true(w->nr_sections_written - sections <= 2);

	free_pages_run(w, page, 0);
	assert_int_equal(free_total(w, 1), node_pages);
	assert_true(migsim_host_bytes((struct migsim_world *)w) < (64UL << 20));
	assert_no_report(w);
	harness_world_free(w);
}

/* ---- content tokens ------------------------------------------------ */

/*
 * Memory never used reads as zero-filled.  A reused page keeps its old
 * content unless the caller asks for __GFP_ZERO (the fault paths do;
 * migration targets do not, the copy overwrites them), and __GFP_ZERO zeroes
 * every base page of the allocation.
 */
static void test_new_allocation_tokens_zero(void **state)
{
	struct world *w = harness_world("6.12", 2, 64);
	struct page *page;
	struct folio *folio;
	unsigned long pfn, i;

	(void)state;
	/* Fresh memory: zero, __GFP_ZERO or not. */
	page = alloc_pages_on(w, GFP_ONLY(0), 0, 0, NULL);
	pfn = pfn_of(page);
	assert_int_equal(*pfn_token(pfn), 0);
	folio = alloc_folio_on(w, GFP_THP_ONLY, HPAGE_PMD_ORDER, 1);
	for (i = 0; i < HPAGE_PMD_NR; i++)
		assert_int_equal(*pfn_token(folio_pfn(folio) + i), 0);
	put_run(w, folio);

	/* The page is written, freed and handed out again (the per-CPU list
	 * is LIFO): its old content is still there... */
	*pfn_token(pfn) = 0x1234abcdULL;
	free_pages_run(w, page, 0);
	page = alloc_pages_on(w, GFP_ONLY(0), 0, 0, NULL);
	assert_int_equal(pfn_of(page), pfn);
	assert_int_equal(*pfn_token(pfn), 0x1234abcdULL);
	/* ...unless the allocation asks for zeroed memory. */
	free_pages_run(w, page, 0);
	page = alloc_pages_on(w, GFP_ONLY(0) | __GFP_ZERO, 0, 0, NULL);
	assert_int_equal(pfn_of(page), pfn);
	assert_int_equal(*pfn_token(pfn), 0);
	free_pages_run(w, page, 0);

	/* A THP: every base page written, freed, reallocated with __GFP_ZERO. */
	folio = alloc_folio_on(w, GFP_THP_ONLY, HPAGE_PMD_ORDER, 0);
	assert_non_null(folio);
	pfn = folio_pfn(folio);
	for (i = 0; i < HPAGE_PMD_NR; i++)
		*pfn_token(pfn + i) = content_token(7, i);
	put_run(w, folio);
	folio = alloc_folio_on(w, GFP_THP_ONLY | __GFP_ZERO, HPAGE_PMD_ORDER, 0);
	assert_non_null(folio);
	assert_int_equal(folio_pfn(folio), pfn);
	for (i = 0; i < HPAGE_PMD_NR; i++)
		assert_int_equal(*pfn_token(pfn + i), 0);
	for (i = 0; i < HPAGE_PMD_NR; i++)
		*pfn_token(pfn + i) = content_token(8, i);
	put_run(w, folio);

	/* Non-compound order-9 pages with __GFP_ZERO: all zero too. */
	page = alloc_pages_on(w, GFP_ONLY(0) | __GFP_ZERO, HPAGE_PMD_ORDER, 0, NULL);
	assert_int_equal(pfn_of(page), pfn);
	for (i = 0; i < HPAGE_PMD_NR; i++)
		assert_int_equal(*pfn_token(pfn + i), 0);
	free_pages_run(w, page, HPAGE_PMD_ORDER);
	assert_no_report(w);
	harness_world_free(w);
}

/* ---- gigantic ranges ----------------------------------------------- */

static struct page *alloc_gigantic_run(struct world *w, int nid, unsigned int order)
{
	static struct page *page;

	page = NULL;
	RUN(w, page = alloc_gigantic_pages(nid, order));
	return page;
}

/*
 * A 2 GiB node holds two naturally aligned 1 GiB ranges:
 *
 *   pfn 1<<18 (node 0 start)     2<<18                 3<<18
 *   |<-------- 1 GiB ---------->|<-------- 1 GiB ---->|
 *
 * alloc_gigantic_pages(0, 18) takes the first, as a compound page of order
 * 18; dropping the last reference frees it through free_unref_folio(folio,
 * 18), which hands the range back to the buddy allocator in max-order blocks.
 */
static void test_gigantic_alloc_and_free(void **state)
{
	struct world *w = harness_world("6.12", 1, 2048);
	unsigned long nr = 1UL << HPAGE_PUD_ORDER, pfn;
	long before = nr_free(w, 0);
	struct page *page, *again, *second;
	struct folio *folio;

	(void)state;
	page = alloc_gigantic_run(w, 0, HPAGE_PUD_ORDER);
	assert_on_node(w, page, 0);
	pfn = pfn_of(page);
	assert_int_equal(pfn & (nr - 1), 0);		/* 1 GiB aligned */
	assert_int_equal(pfn, node_start(w, 0));
	folio = (struct folio *)page;
	assert_true(folio_test_head(folio));
	assert_int_equal(folio_order(folio), HPAGE_PUD_ORDER);
	assert_int_equal(folio_nr_pages(folio), (long)nr);
	assert_int_equal(folio_ref_count(folio), 1);
	assert_int_equal(nr_free(w, 0), before - (long)nr);

	/* The second range is still there; a third is not. */
	second = alloc_gigantic_run(w, 0, HPAGE_PUD_ORDER);
	assert_non_null(second);
	assert_int_equal(pfn_of(second), pfn + nr);
	assert_null(alloc_gigantic_run(w, 0, HPAGE_PUD_ORDER));
	assert_int_equal(nr_free(w, 0), 0);
	free_pages_run(w, second, HPAGE_PUD_ORDER);

	/* Last reference: free_unref_folio(folio, 18) returns the range. */
	put_run(w, folio);
	assert_int_equal(nr_free(w, 0), before);
	assert_false(folio_test_head(folio));
	assert_true(PageBuddy(page));
	assert_int_equal(page->private, MAX_PAGE_ORDER);
	assert_int_equal(nr_blocks(w, 0, MAX_PAGE_ORDER), 2 * nr >> MAX_PAGE_ORDER);

	/* The range is free again, so the same 1 GiB comes back. */
	again = alloc_gigantic_run(w, 0, HPAGE_PUD_ORDER);
	assert_ptr_equal(again, page);
	assert_int_equal(nr_free(w, 0), before - (long)nr);
	/* __free_pages() takes the same path (refcount to 0, then free_unref_folio). */
	free_pages_run(w, again, HPAGE_PUD_ORDER);
	assert_int_equal(nr_free(w, 0), before);
	/* ...and the buddy allocator can use it: an order-10 block from inside
	 * the range (the free lists are LIFO, so which one is not specified). */
	again = alloc_pages_on(w, GFP_ONLY(0), MAX_PAGE_ORDER, 0, NULL);
	assert_on_node(w, again, 0);
	assert_true(pfn_of(again) >= pfn && pfn_of(again) < pfn + nr);
	assert_int_equal(nr_free(w, 0), before - (1L << MAX_PAGE_ORDER));
	assert_no_report(w);
	harness_world_free(w);
}

/*
 * Tails of a 1 GiB folio: page_folio() must find the head up to 1 GiB below,
 * across 2 MiB sections whose memmap was never written:
 *
 *   section:  0 (head)  1    2   ...  255   256 ... 511
 *             [H 1 2 ...][   ][   ] ... [   ][ X ] ...        X: looked up
 */
static void test_gigantic_tails_resolve_to_head(void **state)
{
	struct world *w = harness_world("6.12", 1, 2048);
	static const unsigned long tails[] = {
		1, 2, 3, 511,			/* the head's section */
		512, 513, 1023, 1024, 4097,	/* nearby sections */
		(1UL << 17) + 5,		/* the middle */
		(1UL << 18) - 1,		/* the last page */
	};
	struct folio *folio;
	unsigned long pfn;
	unsigned int i, bad = 0;

	(void)state;
	folio = (struct folio *)alloc_gigantic_run(w, 0, HPAGE_PUD_ORDER);
	assert_non_null(folio);
	pfn = folio_pfn(folio);
	for (i = 0; i < ARRAY_SIZE(tails); i++) {
		struct folio *f = pfn_folio(w, pfn + tails[i]);

		if (f != folio) {
			print_error("page %lu of the 1 GiB folio at pfn %#lx resolves to "
				    "pfn %#lx\n", tails[i], pfn, folio_pfn(f));
			bad++;
		}
	}
	assert_int_equal(bad, 0);
	/* The page just past the folio is not part of it. */
	assert_ptr_not_equal(pfn_folio(w, pfn + (1UL << HPAGE_PUD_ORDER)), folio);
	put_run(w, folio);
	assert_no_report(w);
	harness_world_free(w);
}

/* Only one 1 GiB range fits a 1 GiB node; a page in use anywhere in the
 * range blocks a second one. */
static void test_gigantic_fails_when_range_in_use(void **state)
{
	struct world *w = harness_world("6.12", 1, 1024);
	struct page *page, *small;

	(void)state;
	page = alloc_gigantic_run(w, 0, HPAGE_PUD_ORDER);
	assert_non_null(page);
	assert_null(alloc_gigantic_run(w, 0, HPAGE_PUD_ORDER));
	free_pages_run(w, page, HPAGE_PUD_ORDER);

	small = alloc_pages_on(w, GFP_ONLY(0), HPAGE_PMD_ORDER, 0, NULL);
	assert_non_null(small);
	assert_null(alloc_gigantic_run(w, 0, HPAGE_PUD_ORDER));
	free_pages_run(w, small, HPAGE_PMD_ORDER);
	page = alloc_gigantic_run(w, 0, HPAGE_PUD_ORDER);
	assert_non_null(page);
	assert_int_equal(nr_free(w, 0), 0);
	assert_no_report(w);
	harness_world_free(w);
}

/*
 * Free order-0 pages parked on a per-CPU list are free memory: the kernel's
 * alloc_contig_range() drains the per-CPU lists before it checks the range,
 * so a 1 GiB range whose pages were all freed can be allocated.
 *
 *   [ order-10 block: 63 pages on pcp, rest on the buddy lists ][ 255 more ]
 */
static void test_gigantic_drains_per_cpu_lists(void **state)
{
	struct world *w = harness_world("6.12", 1, 1024);
	struct page *small, *page;

	(void)state;
	small = alloc_pages_on(w, GFP_ONLY(0), 0, 0, NULL);
	assert_non_null(small);
	free_pages_run(w, small, 0);
	assert_int_equal(free_total(w, 0), MB_PAGES(1024));	/* all of it is free */
	assert_true(pcp_pages(w, 0) > 0);
	page = alloc_gigantic_run(w, 0, HPAGE_PUD_ORDER);
	assert_non_null(page);
	assert_int_equal(free_total(w, 0), 0);
	assert_no_report(w);
	harness_world_free(w);
}

/* ---- Bad page state ------------------------------------------------ */

static int map_then_free_page(struct page *page)
{
	page->_mapcount = 1;		/* still mapped once */
	__free_pages(page, 0);		/* ...but this was the last reference */
	return 0;
}

static void test_free_mapped_page_is_bad_page_state(void **state)
{
	struct world *w = harness_world("6.12", 2, 64);
	struct page *page = alloc_pages_on(w, GFP_ONLY(0), 0, 0, NULL);
	long before = free_total(w, 0);
	int rc;

	(void)state;
	rc = SIM_RUN(w, map_then_free_page(page));
	assert_int_equal(rc, -ENOTRECOVERABLE);
	assert_report(w, SIM_BUG, "Bad page state");
	assert_string_equal(w->report.function, "bad_page");
	assert_non_null(strstr(w->report.message, "mapcount"));
	assert_true(w->report.dump[0] != '\0');		/* the page is dumped */
	assert_int_equal(free_total(w, 0), before);	/* it never reached a free list */
	/* The run is over: later model code is refused. */
	rc = SIM_RUN(w, (__alloc_pages_node(GFP_PLAIN, 0, 0, NULL), 0));
	assert_int_equal(rc, -ENOTRECOVERABLE);
	harness_world_free(w);
}

static int map_then_put_folio(struct folio *folio)
{
	folio->_large_mapcount = 1;	/* a PMD mapping nobody removed */
	folio->_entire_mapcount = 1;
	folio_put(folio);
	return 0;
}

static void test_free_mapped_thp_is_bad_page_state(void **state)
{
	struct world *w = harness_world("6.12", 2, 64);
	struct folio *folio = alloc_folio_on(w, GFP_TRANSHUGE, HPAGE_PMD_ORDER, 0);
	int rc;

	(void)state;
	assert_non_null(folio);
	rc = SIM_RUN(w, map_then_put_folio(folio));
	assert_int_equal(rc, -ENOTRECOVERABLE);
	assert_report(w, SIM_BUG, "Bad page state");
	assert_non_null(strstr(w->report.message, "mapcount"));
	harness_world_free(w);
}

/* A test that fails an assertion leaves its world behind: free it here so
 * the failure is not also reported as a leak. */
static int free_world(void **state)
{
	(void)state;
	if (sim_world)
		harness_world_free(sim_world);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_order0_alloc_from_requested_node, free_world),
		cmocka_unit_test_teardown(test_order9_alloc_from_requested_node, free_world),
		cmocka_unit_test_teardown(test_buddy_merging_restores_max_order_block, free_world),
		cmocka_unit_test_teardown(test_buddy_merging_after_drain, free_world),
		cmocka_unit_test_teardown(test_fragmentation_fails_order9_until_freed, free_world),
		cmocka_unit_test_teardown(test_thisnode_never_falls_back, free_world),
		cmocka_unit_test_teardown(test_fallback_picks_nearest_node, free_world),
		cmocka_unit_test_teardown(test_nodemask_excludes_nodes, free_world),
		cmocka_unit_test_teardown(test_untouched_memory_is_not_materialised, free_world),
		cmocka_unit_test_teardown(test_new_allocation_tokens_zero, free_world),
		cmocka_unit_test_teardown(test_gigantic_alloc_and_free, free_world),
		cmocka_unit_test_teardown(test_gigantic_tails_resolve_to_head, free_world),
		cmocka_unit_test_teardown(test_gigantic_fails_when_range_in_use, free_world),
		cmocka_unit_test_teardown(test_gigantic_drains_per_cpu_lists, free_world),
		cmocka_unit_test_teardown(test_free_mapped_page_is_bad_page_state, free_world),
		cmocka_unit_test_teardown(test_free_mapped_thp_is_bad_page_state, free_world),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
