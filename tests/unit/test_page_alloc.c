// SPDX-License-Identifier: MIT
/*
 * Unit tests of the buddy allocator (lib/mm/page_alloc.c) and the lazy
 * memmap under it (lib/mm/sparse.c): node placement and NR_FREE_PAGES,
 * buddy merging, the per-CPU bulk paths against a page-at-a-time reference,
 * fragmentation, the zonelist fallback by distance, node masks,
 * never-touched memory, content tokens of new pages, gigantic (1 GiB)
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
 * (harness_free_pages() in harness.h).
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
		long before = harness_free_pages(w, nid), other = harness_free_pages(w, !nid);
		struct page *page;

		if (folio_api)
			page = (struct page *)alloc_folio_on(w, GFP_PLAIN, order, nid);
		else
			page = alloc_pages_on(w, GFP_PLAIN, order, nid, NULL);
		assert_on_node(w, page, nid);
		assert_int_equal(pfn_of(page) & ((1UL << order) - 1), 0);	/* naturally aligned */
		assert_int_equal(page->_refcount, 1);
		assert_int_equal(harness_free_pages(w, nid), before - (1L << order));
		assert_int_equal(harness_free_pages(w, !nid), other);

		if (folio_api)
			put_run(w, (struct folio *)page);
		else
			free_pages_run(w, page, order);
		assert_int_equal(harness_free_pages(w, nid), before);
		assert_int_equal(harness_free_pages(w, !nid), other);
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
	assert_int_equal(harness_pcp_pages(w, 0), PCP_BATCH - 1);
	free_pages_run(w, page, 0);
	assert_int_equal(nr_free(w, 0), before - PCP_BATCH);
	assert_int_equal(harness_pcp_pages(w, 0), PCP_BATCH);
	drain_run(w, 0);
	assert_int_equal(nr_free(w, 0), before);
	assert_int_equal(harness_pcp_pages(w, 0), 0);

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
	assert_int_equal(harness_pcp_pages(w, 1), 0);

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
	assert_int_equal(harness_free_pages(w, 0), 0);
	for (o = 0; o < NR_PAGE_ORDERS; o++)
		assert_int_equal(nr_blocks(w, 0, o), 0);

	for (i = 1; i < 1024; i += 2)
		free_pages_run(w, pages[i], 0);
	assert_int_equal(harness_free_pages(w, 0), 512);
	assert_int_equal(nr_blocks(w, 0, 0) + harness_pcp_pages(w, 0), 512);
	for (o = 1; o < NR_PAGE_ORDERS; o++)
		assert_int_equal(nr_blocks(w, 0, o), 0);	/* no merge */

	for (i = 0; i < 512; i++)			/* 1022, 1020, ..., 0 */
		free_pages_run(w, pages[1022 - 2 * i], 0);
	assert_int_equal(harness_free_pages(w, 0), 1024);

	big = alloc_pages_on(w, GFP_ONLY(0), MAX_PAGE_ORDER, 0, NULL);
	assert_on_node(w, big, 0);
	assert_int_equal(pfn_of(big), s);		/* the same memory */
	assert_int_equal(harness_free_pages(w, 0), 0);
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
	assert_int_equal(harness_pcp_pages(w, 0), 0);
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

/* ---- bulk paths against a page-at-a-time reference ----------------- */

/*
 * rmqueue_bulk() and free_pcppages_bulk() take shortcuts: a refill builds
 * the end state of PCP_BATCH calls of rmqueue(pgdat, 0) directly, and a run
 * of consecutive pfns leaves the per-CPU list as aligned blocks.  Both
 * promise the exact free lists (which block, which list, which position)
 * that the allocator's page-at-a-time algorithm would leave, because the
 * LIFO order of those lists decides what every later allocation returns.
 *
 * The reference below is that page-at-a-time algorithm, written again on
 * plain arrays so that it shares no code with lib/mm/page_alloc.c.  Pages
 * are named by their offset from the node's start; alignment is taken on
 * the absolute pfn, as the allocator does.  A page is on at most one list at
 * a time (as a free block's head, or on the per-CPU list), so one pair of
 * next/prev arrays links all the lists; each list's head is an extra slot
 * past the pages.
 */
#define REF_MAX_PAGES	4096			/* the nodes below have at most 4096 pages */
#define REF_AREA(o)	(REF_MAX_PAGES + (int)(o))	/* head of free_area[o] */
#define REF_PCP		(REF_MAX_PAGES + NR_PAGE_ORDERS)	/* head of the per-CPU list */
#define REF_SLOTS	(REF_PCP + 1)
#define REF_NONE	(-1L)

struct ref_buddy {
	unsigned long start, end;		/* the node, absolute pfns */
	unsigned long frontier;			/* absolute pfn */
	int next[REF_SLOTS], prev[REF_SLOTS];
	signed char order[REF_MAX_PAGES];	/* free block head: its order; else -1 */
	unsigned long nr_free[NR_PAGE_ORDERS];
	int pcp_count;
	long free_pages;			/* NR_FREE_PAGES */
	/* What the sequence exercised, so the test can insist on it. */
	struct {
		unsigned long small_carves;	/* frontier blocks below MAX_PAGE_ORDER */
		unsigned long edge_stops;	/* merges stopped at the frontier or node end */
		unsigned long max_merges;	/* merges that reached MAX_PAGE_ORDER */
		unsigned long short_refills;	/* refills cut short by the node running out */
		unsigned long high_frees;	/* PCP_HIGH reached */
		unsigned long up_runs;		/* consecutive ascending pairs in a bulk free */
		unsigned long long_runs;	/* ascending runs of 8 pages or more */
		unsigned long down_steps;	/* consecutive descending pairs */
		unsigned long failed0, failed_high;	/* failed allocations */
		unsigned long retries;		/* order > 0 allocations saved by a drain */
	} cov;
	/* The bulk free being replayed: its current ascending run. */
	unsigned long run_last, run_len;
};

static struct ref_buddy ref;

static int ref_idx(unsigned long pfn)
{
	return (int)(pfn - ref.start);
}

static unsigned long ref_pfn(int idx)
{
	return ref.start + (unsigned long)idx;
}

static void ref_list_init(int head)
{
	ref.next[head] = ref.prev[head] = head;
}

static bool ref_list_empty(int head)
{
	return ref.next[head] == head;
}

/* Insert @i between @a and @b. */
static void ref_link(int i, int a, int b)
{
	ref.next[i] = b;
	ref.prev[i] = a;
	ref.next[a] = i;
	ref.prev[b] = i;
}

static void ref_add(int head, int i)
{
	ref_link(i, head, ref.next[head]);
}

static void ref_add_tail(int head, int i)
{
	ref_link(i, ref.prev[head], head);
}

static void ref_unlink(int i)
{
	ref.next[ref.prev[i]] = ref.next[i];
	ref.prev[ref.next[i]] = ref.prev[i];
}

static void ref_init(unsigned long start, unsigned long nr_pages)
{
	int i;

	assert_true(nr_pages <= REF_MAX_PAGES);
	memset(&ref, 0, sizeof(ref));
	ref.start = start;
	ref.end = start + nr_pages;
	ref.frontier = start;
	ref.free_pages = (long)nr_pages;
	for (i = 0; i < REF_SLOTS; i++)
		ref_list_init(i);
	memset(ref.order, -1, sizeof(ref.order));
}

/* A free block goes on the head of its list. */
static void ref_put_block(unsigned long pfn, unsigned int order)
{
	ref.order[ref_idx(pfn)] = (signed char)order;
	ref_add(REF_AREA(order), ref_idx(pfn));
	ref.nr_free[order]++;
}

static void ref_take_block(unsigned long pfn)
{
	int i = ref_idx(pfn);

	ref.nr_free[ref.order[i]]--;
	ref.order[i] = -1;
	ref_unlink(i);
}

/* The next naturally aligned block above the frontier, as large as fits. */
static bool ref_carve(void)
{
	unsigned long pfn = ref.frontier;
	unsigned int order = MAX_PAGE_ORDER;

	if (pfn >= ref.end)
		return false;
	while (order && ((pfn & ((1UL << order) - 1)) || pfn + (1UL << order) > ref.end))
		order--;
	if (order < MAX_PAGE_ORDER)
		ref.cov.small_carves++;
	ref_put_block(pfn, order);
	ref.frontier = pfn + (1UL << order);
	return true;
}

/* The first block of the smallest order that is large enough; the unused
 * halves go back one per order, upper half first. */
static long ref_rmqueue(unsigned int order)
{
	for (;;) {
		unsigned int o;

		for (o = order; o <= MAX_PAGE_ORDER; o++) {
			unsigned long pfn;

			if (ref_list_empty(REF_AREA(o)))
				continue;
			pfn = ref_pfn(ref.next[REF_AREA(o)]);
			ref_take_block(pfn);
			while (o > order) {
				o--;
				ref_put_block(pfn + (1UL << o), o);
			}
			return (long)pfn;
		}
		if (!ref_carve())
			return REF_NONE;
	}
}

static void ref_free_block(unsigned long pfn, unsigned int order)
{
	while (order < MAX_PAGE_ORDER) {
		unsigned long buddy = pfn ^ (1UL << order);

		/* Below the node, or not (all) carved yet: not a free block. */
		if (buddy < ref.start || buddy + (1UL << order) > ref.frontier) {
			ref.cov.edge_stops++;
			break;
		}
		if (ref.order[ref_idx(buddy)] != (int)order)
			break;
		ref_take_block(buddy);
		if (buddy < pfn)
			pfn = buddy;
		order++;
	}
	if (order == MAX_PAGE_ORDER)
		ref.cov.max_merges++;
	ref_put_block(pfn, order);
}

/* Up to @count pages from the tail of the per-CPU list, one at a time. */
static void ref_pcp_free(int count)
{
	ref.run_len = 0;
	while (count-- > 0 && !ref_list_empty(REF_PCP)) {
		int i = ref.prev[REF_PCP];
		unsigned long pfn = ref_pfn(i);

		ref_unlink(i);
		ref.pcp_count--;
		ref.free_pages++;
		if (ref.run_len && pfn == ref.run_last + 1) {
			ref.cov.up_runs++;
			if (++ref.run_len == 8)
				ref.cov.long_runs++;
		} else {
			if (ref.run_len && pfn + 1 == ref.run_last)
				ref.cov.down_steps++;
			ref.run_len = 1;
		}
		ref.run_last = pfn;
		ref_free_block(pfn, 0);
	}
}

static void ref_drain(void)
{
	ref_pcp_free(ref.pcp_count);
}

/* A refill: PCP_BATCH single pages, each onto the tail of the list. */
static int ref_refill(void)
{
	int taken = 0;

	while (taken < PCP_BATCH) {
		long pfn = ref_rmqueue(0);

		if (pfn == REF_NONE)
			break;
		ref_add_tail(REF_PCP, ref_idx((unsigned long)pfn));
		taken++;
	}
	if (taken && taken < PCP_BATCH)
		ref.cov.short_refills++;
	ref.pcp_count += taken;
	ref.free_pages -= taken;
	return taken;
}

static long ref_alloc(unsigned int order)
{
	long pfn;

	if (!order) {
		int i;

		if (ref_list_empty(REF_PCP) && !ref_refill()) {
			ref.cov.failed0++;
			return REF_NONE;
		}
		i = ref.next[REF_PCP];
		ref_unlink(i);
		ref.pcp_count--;
		return (long)ref_pfn(i);
	}
	pfn = ref_rmqueue(order);
	if (pfn == REF_NONE) {
		/* The slow path: what the per-CPU lists hoard may complete a block. */
		ref_drain();
		pfn = ref_rmqueue(order);
		if (pfn == REF_NONE)
			ref.cov.failed_high++;
		else
			ref.cov.retries++;
	}
	if (pfn != REF_NONE)
		ref.free_pages -= 1L << order;
	return pfn;
}

static void ref_free(unsigned long pfn, unsigned int order)
{
	if (!order) {
		ref_add(REF_PCP, ref_idx(pfn));
		if (++ref.pcp_count >= PCP_HIGH) {
			ref.cov.high_frees++;
			ref_pcp_free(PCP_BATCH);
		}
		return;
	}
	ref_free_block(pfn, order);
	ref.free_pages += 1L << order;
}

/* ---- comparing the allocator with the reference ---- */

/* "s+123" or "(end)", for messages. */
static const char *ref_fmt(char *buf, size_t len, long off)
{
	if (off < 0)
		snprintf(buf, len, "(end)");
	else
		snprintf(buf, len, "s+%ld", off);
	return buf;
}

/*
 * Compare one list of the allocator (@head, linked through the list_head at
 * @link_off in struct page) with the reference list @rhead, entry by entry.
 * Returns -1 when they agree, else the first differing position, with the
 * two entries there in *@got and *@want (-1 for the end of a list).  The
 * allocator's list is walked at most one node's length, so a corrupted
 * list is a mismatch and not a hang.
 */
static long cmp_list(const struct list_head *head, size_t link_off, int rhead,
		     long *got, long *want)
{
	const struct list_head *pos = head->next;
	int r = ref.next[rhead];
	long k;

	for (k = 0; k <= (long)(ref.end - ref.start); k++) {
		*got = pos == head ? -1 :
			(long)(pfn_of((const struct page *)((const char *)pos - link_off)) - ref.start);
		*want = r == rhead ? -1 : r;
		if (*got != *want)
			return k;
		if (*got < 0)
			return -1;
		pos = pos->next;
		r = ref.next[r];
	}
	*got = *want = -2;	/* longer than the node */
	return k;
}

/* Print both lists from @k on, a few entries, for the failure message. */
static void dump_lists(const struct list_head *head, size_t link_off, int rhead, long k)
{
	const struct list_head *pos = head->next;
	int r = ref.next[rhead], n;
	long i;

	for (i = 0; i < k && pos != head; i++)
		pos = pos->next;
	for (i = 0; i < k && r != rhead; i++)
		r = ref.next[r];
	print_error("  allocator from position %ld:", k);
	for (n = 0; n < 8 && pos != head; n++, pos = pos->next)
		print_error(" s+%lu", pfn_of((const struct page *)((const char *)pos - link_off)) -
			    ref.start);
	print_error("%s\n  reference from position %ld:", pos == head ? " (end)" : " ...", k);
	for (n = 0; n < 8 && r != rhead; n++, r = ref.next[r])
		print_error(" s+%d", r);
	print_error("%s\n", r == rhead ? " (end)" : " ...");
}

/*
 * After operation @op (described by @what): every free list with its
 * nr_free, the per-CPU list of @cpu with its count (and every other CPU's
 * list empty), NR_FREE_PAGES and the frontier must be the reference's.
 */
static void check_against_ref(struct world *w, int nid, int cpu, int op, const char *what)
{
	pg_data_t *pgdat = w->node_data[nid];
	char a[32], b[32];
	long k, got, want;
	unsigned int o;
	int c;

	for (o = 0; o < NR_PAGE_ORDERS; o++) {
		k = cmp_list(&pgdat->free_area[o].free_list, offsetof(struct page, buddy_list),
			     REF_AREA(o), &got, &want);
		if (k >= 0) {
			dump_lists(&pgdat->free_area[o].free_list,
				   offsetof(struct page, buddy_list), REF_AREA(o), k);
			fail_msg("op %d (%s): free_area[%u].free_list differs at position %ld: "
				 "allocator %s, page-at-a-time %s", op, what, o, k,
				 got == -2 ? "longer than the node" : ref_fmt(a, sizeof(a), got),
				 ref_fmt(b, sizeof(b), want));
		}
		if (pgdat->free_area[o].nr_free != ref.nr_free[o])
			fail_msg("op %d (%s): free_area[%u].nr_free is %lu, page-at-a-time %lu",
				 op, what, o, pgdat->free_area[o].nr_free, ref.nr_free[o]);
	}
	k = cmp_list(&pgdat->pcp[cpu].list, offsetof(struct page, lru), REF_PCP, &got, &want);
	if (k >= 0) {
		dump_lists(&pgdat->pcp[cpu].list, offsetof(struct page, lru), REF_PCP, k);
		fail_msg("op %d (%s): pcp[%d].list differs at position %ld: allocator %s, "
			 "page-at-a-time %s", op, what, cpu, k,
			 got == -2 ? "longer than the node" : ref_fmt(a, sizeof(a), got),
			 ref_fmt(b, sizeof(b), want));
	}
	if (pgdat->pcp[cpu].count != ref.pcp_count)
		fail_msg("op %d (%s): pcp[%d].count is %d, page-at-a-time %d",
			 op, what, cpu, pgdat->pcp[cpu].count, ref.pcp_count);
	for (c = 0; c < NR_CPUS; c++)
		if (c != cpu && (pgdat->pcp[c].count || !list_empty(&pgdat->pcp[c].list)))
			fail_msg("op %d (%s): pcp[%d] of another CPU holds pages", op, what, c);
	if (pgdat->vm_stat[NR_FREE_PAGES] != ref.free_pages)
		fail_msg("op %d (%s): NR_FREE_PAGES is %ld, page-at-a-time %ld",
			 op, what, pgdat->vm_stat[NR_FREE_PAGES], ref.free_pages);
	if (pgdat->frontier_pfn != ref.frontier)
		fail_msg("op %d (%s): frontier_pfn is s+%lu, page-at-a-time s+%lu", op, what,
			 pgdat->frontier_pfn - ref.start, ref.frontier - ref.start);
}

/*
 * The CPU whose per-CPU list the tests' allocations use: SIM_RUN from test
 * code runs as the world's idle task (swapper/0), and this_pcp() takes
 * current->cpu.
 */
static int test_cpu(struct world *w)
{
	assert_ptr_equal(w->current_task, w->idle_task);
	return w->idle_task->cpu;
}

/* A node nobody has allocated from yet: what ref_init() assumes. */
static void assert_node_pristine(struct world *w, int nid)
{
	pg_data_t *pgdat = w->node_data[nid];
	unsigned int o;
	int c;

	assert_int_equal(pgdat->frontier_pfn, pgdat->node_start_pfn);
	assert_int_equal(pgdat->vm_stat[NR_FREE_PAGES], (long)pgdat->node_spanned_pages);
	for (o = 0; o < NR_PAGE_ORDERS; o++)
		assert_true(list_empty(&pgdat->free_area[o].free_list));
	for (c = 0; c < NR_CPUS; c++)
		assert_int_equal(pgdat->pcp[c].count, 0);
}

/* Free-list @order of @nid holds exactly @offs (offsets from the node's
 * start), head first. */
static void assert_free_list(struct world *w, int nid, unsigned int order,
			     const long *offs, int n)
{
	const struct list_head *head = &w->node_data[nid]->free_area[order].free_list;
	const struct list_head *pos = head->next;
	int i;

	for (i = 0; i < n; i++, pos = pos->next) {
		if (pos == head)
			fail_msg("free_area[%u]: ends after %d blocks, expected s+%ld next",
				 order, i, offs[i]);
		assert_int_equal(pfn_of(list_entry(pos, struct page, buddy_list)) - node_start(w, nid),
				 offs[i]);
	}
	if (pos != head)
		fail_msg("free_area[%u]: more than the %d blocks expected, next s+%lu", order, n,
			 pfn_of(list_entry(pos, struct page, buddy_list)) - node_start(w, nid));
	assert_int_equal(nr_blocks(w, nid, order), n);
}

/*
 * The run [1, 7) of a fresh 4 MiB node (s = its first pfn) leaves the
 * per-CPU list in one bulk free, with page 0 already a free order-0 block
 * and page 7 in use:
 *
 *   page      0    1    2    3    4    5    6    7    8 ...        1023
 *   before  [o0 ][ on the per-CPU list, 1 oldest ][use][ o3 ][ o4 ] ... [ o9 ]
 *   after   [ order 2: 0..3     ][ o1: 4,5 ][o0 ][use][ o3 ][ o4 ] ... [ o9 ]
 *
 * Page at a time: 1 merges with 0 into [0,2); 2 stays alone until 3
 * completes [2,4), which merges with [0,2) into [0,4); 4 and 5 make [4,6),
 * whose buddy [6,8) is not whole; 6 stays alone, its buddy 7 is in use.
 * The fast path frees the run as its aligned blocks 1, [2,4), [4,6), 6 and
 * must land on the same lists.  Freed from the top down instead (6 oldest),
 * the pages go back one by one: different merges on the way, same end.
 * Above page 7, [8,1024) is what the first refill and a drain left: one
 * block per order 3..9.
 */
static void run_free_case(bool ascending)
{
	static const long o0[] = { 6 }, o1[] = { 4 }, o2[] = { 0 };
	struct world *w = harness_world("6.12", 1, 4);
	unsigned long s = node_start(w, 0);
	struct page *pages[8];
	unsigned int o;
	int i;

	for (i = 0; i < 8; i++) {
		pages[i] = alloc_pages_on(w, GFP_ONLY(0), 0, 0, NULL);
		assert_int_equal(pfn_of(pages[i]), s + i);	/* the refill is ascending */
	}
	drain_run(w, 0);			/* the rest of the batch, 8..62 */
	free_pages_run(w, pages[0], 0);
	drain_run(w, 0);
	assert_true(PageBuddy(pages[0]));	/* page 0: a free order-0 block */

	for (i = 1; i < 7; i++)
		free_pages_run(w, pages[ascending ? i : 7 - i], 0);
	assert_int_equal(harness_pcp_pages(w, 0), 6);
	drain_run(w, 0);			/* one bulk free of the six */

	assert_free_list(w, 0, 0, o0, 1);
	assert_free_list(w, 0, 1, o1, 1);
	assert_free_list(w, 0, 2, o2, 1);
	for (o = 3; o < MAX_PAGE_ORDER; o++) {
		long off = 1L << o;

		assert_free_list(w, 0, o, &off, 1);
	}
	assert_free_list(w, 0, MAX_PAGE_ORDER, NULL, 0);
	assert_int_equal(nr_free(w, 0), 1023);
	assert_no_report(w);
	harness_world_free(w);
}

static void test_run_freed_as_aligned_blocks(void **state)
{
	(void)state;
	run_free_case(true);		/* the run: free_pfn_run() */
	run_free_case(false);		/* no run: page by page */
}

/* splitmix64: a small PRNG whose sequence depends on the seed only. */
static u64 rnd_state;

static u64 rnd(void)
{
	u64 z = (rnd_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned long rnd_below(unsigned long n)
{
	return n ? (unsigned long)(rnd() % n) : 0;
}

/* An allocated block of the random sequence. */
struct live_block {
	struct page *page;
	unsigned long pfn;
	unsigned int order;
	unsigned long seq;			/* allocation order */
};

#define RANDOM_OPS	6000
#define RANDOM_SEED	20250611ULL
#define RANDOM_NODE_MIB	10			/* 2 order-10 blocks and an order-9 one */
#define RANDOM_PERIOD	600			/* choices: a growing phase, then */
#define RANDOM_GROW	400			/* a shrinking one */

enum random_op {
	OP_ALLOC0, OP_ALLOC_SMALL, OP_ALLOC_PMD, OP_ALLOC_MAX, OP_DRAIN, OP_FREE_HIGH,
	OP_FREE_BATCH, OP_FREE_LONG_BATCH, NR_RANDOM_OPS
};

/* Per mille (each row adds up to 1000), when the sequence chooses: a
 * queued free or the rest of an allocation burst is not a choice. */
static const int random_weights[2][NR_RANDOM_OPS] = {
	/*   0  1..3    9   10 drain high batch long */
	{  850,   80,  15,   4,    5,  36,   10,   0 },	/* growing */
	{  150,   30,   5,   2,   20, 150,  630,  13 },	/* shrinking */
};

static struct live_block live[REF_MAX_PAGES];	/* allocated, in no order */
static struct live_block plan[REF_MAX_PAGES];	/* queued order-0 frees, in order */
static int nr_live, nr_plan, plan_pos;

static int cmp_pfn(const void *a, const void *b)
{
	const struct live_block *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

static int cmp_seq(const void *a, const void *b)
{
	const struct live_block *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Queue up to @k order-0 frees in one of the shapes a bulk free must handle
 * (the per-CPU list gives pages back oldest first, so the order of the frees
 * is the order the bulk free sees): a window of pages in pfn order freed
 * ascending (runs: the fast path), the same descending (no runs), the
 * order they were allocated in (a refill hands out ascending pages, so runs
 * again, broken where pages were reused), every other page of a window and
 * then the rest (no runs, but whole blocks in the end), or at random.
 * Returns the shape's name, or NULL when no order-0 page is allocated.
 */
static const char *plan_frees(int k)
{
	static const char *const shapes[] = {
		"ascending", "descending", "allocation order", "even/odd", "random",
	};
	static struct live_block cand[REF_MAX_PAGES];
	static bool queued[REF_MAX_PAGES];
	int shape = (int)rnd_below(ARRAY_SIZE(shapes)), n = 0, i, j, m, first;

	for (i = 0; i < nr_live; i++)
		if (!live[i].order)
			cand[n++] = live[i];
	if (!n)
		return NULL;
	if (k > n)
		k = n;
	switch (shape) {
	case 0:
	case 1:
	case 3:
		qsort(cand, (size_t)n, sizeof(cand[0]), cmp_pfn);
		first = (int)rnd_below((unsigned long)(n - k + 1));
		for (i = 0; i < k; i++)
			plan[i] = cand[first + (shape == 1 ? k - 1 - i : i)];
		if (shape == 3)
			for (i = 0, j = 0; j < 2; j++)
				for (m = j; m < k; m += 2)
					plan[i++] = cand[first + m];
		break;
	case 2:
		qsort(cand, (size_t)n, sizeof(cand[0]), cmp_seq);
		for (i = 0; i < k; i++)
			plan[i] = cand[i];
		break;
	default:
		for (i = 0; i < k; i++) {
			j = i + (int)rnd_below((unsigned long)(n - i));
			plan[i] = cand[j];
			cand[j] = cand[i];
		}
		break;
	}
	nr_plan = k;
	plan_pos = 0;
	/* Off the live list now, so that nothing picks them twice. */
	memset(queued, 0, sizeof(queued));
	for (i = 0; i < nr_plan; i++)
		queued[ref_idx(plan[i].pfn)] = true;
	for (i = 0, j = 0; i < nr_live; i++)
		if (live[i].order || !queued[ref_idx(live[i].pfn)])
			live[j++] = live[i];
	nr_live = j;
	return shapes[shape];
}

static void random_alloc(struct world *w, int cpu, int op, unsigned int order,
			 unsigned long *seq)
{
	struct page *page = alloc_pages_on(w, GFP_ONLY(0), order, 0, NULL);
	long want = ref_alloc(order), got = page ? (long)(pfn_of(page) - ref.start) : -1;
	char what[64], a[32], b[32];

	if (want != REF_NONE)
		want -= (long)ref.start;
	snprintf(what, sizeof(what), "alloc order %u", order);
	if (got != want)
		fail_msg("op %d (%s): allocator returned %s, page-at-a-time %s", op, what,
			 ref_fmt(a, sizeof(a), got), ref_fmt(b, sizeof(b), want));
	if (page)
		live[nr_live++] = (struct live_block){
			.page = page, .pfn = pfn_of(page), .order = order, .seq = (*seq)++,
		};
	check_against_ref(w, 0, cpu, op, what);
}

static void random_free(struct world *w, int cpu, int op, const struct live_block *b,
			const char *how)
{
	char what[96];

	snprintf(what, sizeof(what), "free s+%lu order %u%s%s", b->pfn - ref.start, b->order,
		 how ? ", " : "", how ? how : "");
	free_pages_run(w, b->page, b->order);
	ref_free(b->pfn, b->order);
	check_against_ref(w, 0, cpu, op, what);
}

static void random_drain(struct world *w, int cpu, int op)
{
	drain_run(w, 0);
	ref_drain();
	check_against_ref(w, 0, cpu, op, "drain_node_pages");
}

static u64 random_seed(void)
{
	const char *env = getenv("MIGSIM_TEST_SEED");
	u64 seed = env && *env ? strtoull(env, NULL, 0) : RANDOM_SEED;

	print_message("seed %llu (MIGSIM_TEST_SEED=N to change)\n", (unsigned long long)seed);
	return seed;
}

/*
 * Several thousand operations on a 10 MiB node, each applied to the
 * allocator and to the reference, and the two compared after every one:
 * the pfn returned, every free list in order with nr_free, the per-CPU list
 * in order with its count, NR_FREE_PAGES and the frontier.
 *
 * Mostly order-0 allocations (in short bursts) and frees (queued in the
 * shapes plan_frees() describes), some of orders 1..3, 9 and 10, and
 * drains.  The choices alternate between a growing phase and a shrinking
 * one, so the node runs out (refills cut short, failed allocations, an
 * order > 0 one saved by the drain in its slow path) and comes back (merges
 * up to order 10, and against the node's end: 10 MiB ends in an order-9
 * block the frontier carves last), and the per-CPU list reaches PCP_HIGH.
 * The coverage counters at the end insist that the default seed did all
 * of that.
 */
static void test_bulk_paths_match_page_at_a_time(void **state)
{
	struct world *w = harness_world("6.12", 1, RANDOM_NODE_MIB);
	unsigned long s = node_start(w, 0), seq = 0;
	int cpu = test_cpu(w), op = 0, burst = 0, i, k, r;
	unsigned long choices = 0;
	const char *shape = NULL;
	bool default_seed;

	(void)state;
	for (i = 0; i < 2; i++) {
		for (k = 0, r = 0; r < NR_RANDOM_OPS; r++)
			k += random_weights[i][r];
		assert_int_equal(k, 1000);
	}
	rnd_state = random_seed();
	default_seed = rnd_state == RANDOM_SEED;
	assert_node_pristine(w, 0);
	ref_init(s, node_end(w, 0) - s);
	nr_live = nr_plan = plan_pos = 0;
	for (op = 0; op < RANDOM_OPS; op++) {
		bool shrink = choices % RANDOM_PERIOD >= RANDOM_GROW;
		int kind, high;
		char how[64];
		struct live_block b;

		if (plan_pos < nr_plan) {
			snprintf(how, sizeof(how), "queued %d of %d, %s", plan_pos + 1, nr_plan,
				 shape);
			random_free(w, cpu, op, &plan[plan_pos++], how);
			continue;
		}
		if (burst) {
			burst--;
			random_alloc(w, cpu, op, 0, &seq);
			continue;
		}
		r = (int)rnd_below(1000);
		for (kind = 0; kind < NR_RANDOM_OPS - 1 && r >= random_weights[shrink][kind]; kind++)
			r -= random_weights[shrink][kind];
		/* A shrinking phase opens with a long batch: the pages the
		 * growing one left are there to give back. */
		if (choices++ % RANDOM_PERIOD == RANDOM_GROW)
			kind = OP_FREE_LONG_BATCH;
		switch (kind) {
		case OP_ALLOC0:
			/* A few pages in a row, as a fault-around or a copy takes them. */
			burst = (int)rnd_below(8);
			random_alloc(w, cpu, op, 0, &seq);
			break;
		case OP_ALLOC_SMALL:
			random_alloc(w, cpu, op, 1 + (unsigned int)rnd_below(3), &seq);
			break;
		case OP_ALLOC_PMD:
			random_alloc(w, cpu, op, HPAGE_PMD_ORDER, &seq);
			break;
		case OP_ALLOC_MAX:
			random_alloc(w, cpu, op, MAX_PAGE_ORDER, &seq);
			break;
		case OP_DRAIN:
			random_drain(w, cpu, op);
			break;
		case OP_FREE_HIGH:
			for (high = 0, i = 0; i < nr_live; i++)
				high += live[i].order > 0;
			if (!high) {
				random_drain(w, cpu, op);
				break;
			}
			high = (int)rnd_below((unsigned long)high);
			for (i = 0; live[i].order == 0 || high--; i++)
				;
			b = live[i];
			live[i] = live[--nr_live];
			random_free(w, cpu, op, &b, NULL);
			break;
		default:
			/* A short batch, or one long enough to cross PCP_HIGH. */
			k = kind == OP_FREE_BATCH ? 1 + (int)rnd_below(64) :
				PCP_HIGH + (int)rnd_below(PCP_HIGH);
			shape = plan_frees(k);
			if (!shape) {
				random_drain(w, cpu, op);
				break;
			}
			snprintf(how, sizeof(how), "queued 1 of %d, %s", nr_plan, shape);
			random_free(w, cpu, op, &plan[plan_pos++], how);
			break;
		}
	}

	/* Everything back, page at a time or not: the node is whole again. */
	for (i = plan_pos; i < nr_plan; i++, op++)
		random_free(w, cpu, op, &plan[i], "last frees");
	nr_plan = plan_pos = 0;
	for (; nr_live; op++) {
		struct live_block b = live[--nr_live];

		random_free(w, cpu, op, &b, "last frees");
	}
	random_drain(w, cpu, op);
	assert_int_equal(nr_free(w, 0), (long)(node_end(w, 0) - s));

	print_message("%d operations: %lu frontier blocks below order 10, %lu merges "
		      "stopped at the node's end, %lu reached order 10, %lu short refills, "
		      "%lu PCP_HIGH frees, %lu/%lu ascending/descending steps (%lu runs of "
		      "8+), %lu/%lu failed order-0/higher allocations, %lu saved by a drain\n",
		      op + 1, ref.cov.small_carves, ref.cov.edge_stops, ref.cov.max_merges,
		      ref.cov.short_refills, ref.cov.high_frees, ref.cov.up_runs,
		      ref.cov.down_steps, ref.cov.long_runs, ref.cov.failed0,
		      ref.cov.failed_high, ref.cov.retries);
	/* The default sequence reaches every corner; another seed may not. */
	if (default_seed) {
		assert_true(ref.cov.small_carves > 0);
		assert_true(ref.cov.edge_stops > 0);
		assert_true(ref.cov.max_merges > 0);
		assert_true(ref.cov.short_refills > 0);
		assert_true(ref.cov.high_frees > 0);
		assert_true(ref.cov.up_runs > 0);
		assert_true(ref.cov.long_runs > 0);
		assert_true(ref.cov.down_steps > 0);
		assert_true(ref.cov.failed0 > 0);
		assert_true(ref.cov.failed_high > 0);
		assert_true(ref.cov.retries > 0);
	}
	assert_no_report(w);
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
	assert_int_equal(harness_free_pages(w, 0), 0);
	assert_null(alloc_pages_on(w, GFP_ONLY(0), 0, 0, NULL));	/* node full */

	for (i = 0; i < nr; i++)
		if (pfn_of(pages[i]) & 1)
			free_pages_run(w, pages[i], 0);
	assert_int_equal(harness_free_pages(w, 0), nr / 2);

	assert_null(alloc_pages_on(w, GFP_ONLY(0), HPAGE_PMD_ORDER, 0, NULL));
	assert_null(alloc_folio_on(w, GFP_THP_ONLY, HPAGE_PMD_ORDER, 0));
	assert_null(alloc_pages_on(w, GFP_ONLY(0), 1, 0, NULL));	/* not even order 1 */
	/* The failures drained the per-CPU lists and took nothing. */
	assert_int_equal(harness_free_pages(w, 0), nr / 2);
	assert_int_equal(nr_blocks(w, 0, 0), (unsigned long)nr / 2);
	for (o = 1; o < NR_PAGE_ORDERS; o++)
		assert_int_equal(nr_blocks(w, 0, o), 0);

	for (i = 0; i < nr; i++)
		if (!(pfn_of(pages[i]) & 1))
			free_pages_run(w, pages[i], 0);
	assert_int_equal(harness_free_pages(w, 0), nr);

	thp = alloc_pages_on(w, GFP_ONLY(0), HPAGE_PMD_ORDER, 0, NULL);
	assert_on_node(w, thp, 0);
	assert_int_equal(harness_free_pages(w, 0), nr - HPAGE_PMD_NR);
	assert_int_equal(harness_free_pages(w, 1), nr);			/* never left node 0 */
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
	assert_int_equal(harness_free_pages(w, nid), 0);
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
	assert_int_equal(harness_free_pages(w, 1), MB_PAGES(4));
	assert_int_equal(harness_free_pages(w, 2), MB_PAGES(4));
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
	assert_int_equal(harness_free_pages(w, 2), MB_PAGES(4) - 1);
	assert_int_equal(harness_free_pages(w, 1), MB_PAGES(4));
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
	assert_int_equal(harness_free_pages(w, 0), MB_PAGES(4));

	/* Node 0 full: the nearest node (2) is masked out, so node 1 serves. */
	fill_node(w, 0);
	page = alloc_pages_on(w, GFP_PLAIN, 0, 0, &not2);
	assert_on_node(w, page, 1);
	assert_int_equal(harness_free_pages(w, 2), MB_PAGES(4));
	free_pages_run(w, page, 0);

	/* Only the full node allowed: no fallback outside the mask. */
	assert_null(alloc_pages_on(w, GFP_PLAIN, 0, 0, &only0));
	assert_int_equal(harness_free_pages(w, 1), MB_PAGES(4));
	assert_int_equal(harness_free_pages(w, 2), MB_PAGES(4));
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
	assert_int_equal(harness_free_pages(w, 1), node_pages - 1);
	assert_true(migsim_host_bytes((struct migsim_world *)w) - host < (1UL << 20));

	/* Looking at untouched memory (page_folio of a far page) writes nothing. */
	assert_ptr_equal(pfn_folio(w, node_end(w, 1) - 3), pfn_to_page(node_end(w, 1) - 3));
	assert_ptr_equal(pfn_folio(w, node_start(w, 0) + 12345), pfn_to_page(node_start(w, 0) + 12345));
	assert_true(w->nr_sections_written - sections <= 2);

	free_pages_run(w, page, 0);
	assert_int_equal(harness_free_pages(w, 1), node_pages);
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
	assert_int_equal(harness_free_pages(w, 0), MB_PAGES(1024));	/* all of it is free */
	assert_true(harness_pcp_pages(w, 0) > 0);
	page = alloc_gigantic_run(w, 0, HPAGE_PUD_ORDER);
	assert_non_null(page);
	assert_int_equal(harness_free_pages(w, 0), 0);
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
	long before = harness_free_pages(w, 0);
	int rc;

	(void)state;
	rc = SIM_RUN(w, map_then_free_page(page));
	assert_int_equal(rc, -ENOTRECOVERABLE);
	assert_report(w, SIM_BUG, "Bad page state");
	assert_string_equal(w->report.function, "bad_page");
	assert_non_null(strstr(w->report.message, "mapcount"));
	assert_true(w->report.dump[0] != '\0');		/* the page is dumped */
	assert_int_equal(harness_free_pages(w, 0), before);	/* it never reached a free list */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_order0_alloc_from_requested_node, harness_free_world),
		cmocka_unit_test_teardown(test_order9_alloc_from_requested_node, harness_free_world),
		cmocka_unit_test_teardown(test_buddy_merging_restores_max_order_block, harness_free_world),
		cmocka_unit_test_teardown(test_buddy_merging_after_drain, harness_free_world),
		cmocka_unit_test_teardown(test_run_freed_as_aligned_blocks, harness_free_world),
		cmocka_unit_test_teardown(test_bulk_paths_match_page_at_a_time, harness_free_world),
		cmocka_unit_test_teardown(test_fragmentation_fails_order9_until_freed, harness_free_world),
		cmocka_unit_test_teardown(test_thisnode_never_falls_back, harness_free_world),
		cmocka_unit_test_teardown(test_fallback_picks_nearest_node, harness_free_world),
		cmocka_unit_test_teardown(test_nodemask_excludes_nodes, harness_free_world),
		cmocka_unit_test_teardown(test_untouched_memory_is_not_materialised, harness_free_world),
		cmocka_unit_test_teardown(test_new_allocation_tokens_zero, harness_free_world),
		cmocka_unit_test_teardown(test_gigantic_alloc_and_free, harness_free_world),
		cmocka_unit_test_teardown(test_gigantic_tails_resolve_to_head, harness_free_world),
		cmocka_unit_test_teardown(test_gigantic_fails_when_range_in_use, harness_free_world),
		cmocka_unit_test_teardown(test_gigantic_drains_per_cpu_lists, harness_free_world),
		cmocka_unit_test_teardown(test_free_mapped_page_is_bad_page_state, harness_free_world),
		cmocka_unit_test_teardown(test_free_mapped_thp_is_bad_page_state, harness_free_world),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
