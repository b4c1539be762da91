// SPDX-License-Identifier: MIT
/*
 * Unit tests of struct folio and its helpers (lib/include/linux/mm_types.h,
 * mm.h, page-flags.h) over the memmap of lib/mm/sparse.c: the struct layout,
 * compound pages with "implicit tails", page_folio() of every page of a
 * large folio and of free memory, the reference-count rules, pfn/node round
 * trips, and the free path's cleaning of written tails.
 *
 * A large folio of order k, as the simulator lays it out:
 *
 *   page:  [0: head      ][1: first tail ][2: second tail][3 ..... 2^k-1 ]
 *          flags PG_head   compound_head   compound_head   compound_head 0
 *          lru, mapping,   = head|1        = head|1        ("implicit"
 *          _refcount ...   _flags_1 (order) _deferred_list  tails, never
 *                          map counts      (order >= 2)     written)
 *
 * Each test boots its own world and runs model code through SIM_RUN, so a
 * report fails the test with its message instead of ending the process.
 * Pure lookups (page_folio, pfn_to_page, page_to_pfn) only read the memmap
 * and run outside SIM_RUN.
 */
#include "harness.h"

#include <errno.h>
#include <string.h>

#include "internal.h"

#define GFP_PLAIN	(GFP_USER | __GFP_MOVABLE)
#define GFP_THP_ONLY	(GFP_TRANSHUGE | __GFP_THISNODE)

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

static struct folio *alloc_folio_on(struct world *w, gfp_t gfp, unsigned int order, int nid)
{
	static struct folio *folio;

	folio = NULL;
	RUN(w, folio = __folio_alloc(gfp, order, nid, NULL));
	return folio;
}

static void put_run(struct world *w, struct folio *folio)
{
	RUN(w, folio_put(folio));
}

static void get_run(struct world *w, struct folio *folio)
{
	RUN(w, folio_get(folio));
}

static bool try_get_run(struct world *w, struct folio *folio)
{
	static bool ok;

	RUN(w, ok = folio_try_get(folio));
	return ok;
}

static bool freeze_run(struct world *w, struct folio *folio, int count)
{
	static bool ok;

	RUN(w, ok = folio_ref_freeze(folio, count));
	return ok;
}

static void unfreeze_run(struct world *w, struct folio *folio, int count)
{
	RUN(w, folio_ref_unfreeze(folio, count));
}

static struct page *fpage(struct folio *folio)
{
	return (struct page *)folio;
}

/* ---- struct layout ------------------------------------------------- */

#define PAGE_N_OFF(n, field)	((n) * sizeof(struct page) + offsetof(struct page, field))

static void test_struct_layout(void **state)
{
	(void)state;
	/* The kernel's 64 bytes less memcg_data, which migsim does not model. */
	assert_int_equal(sizeof(struct page), 56);
	assert_int_equal(sizeof(struct folio), 168);
	assert_int_equal(sizeof(struct folio), 3 * sizeof(struct page));

	/* page[0]: the folio's own words are the head page's. */
	assert_int_equal(offsetof(struct folio, flags), PAGE_N_OFF(0, flags));
	assert_int_equal(offsetof(struct folio, lru), PAGE_N_OFF(0, lru));
	assert_int_equal(offsetof(struct folio, mapping), PAGE_N_OFF(0, mapping));
	assert_int_equal(offsetof(struct folio, _mapcount), PAGE_N_OFF(0, _mapcount));
	assert_int_equal(offsetof(struct folio, _refcount), PAGE_N_OFF(0, _refcount));

	/* page[1]: flags word (order, PG_large_rmappable...) and the tail link. */
	assert_int_equal(offsetof(struct folio, _flags_1), PAGE_N_OFF(1, flags));
	assert_int_equal(offsetof(struct folio, _head_1), PAGE_N_OFF(1, compound_head));
	assert_int_equal(offsetof(struct folio, _mapcount_1), PAGE_N_OFF(1, _mapcount));
	assert_int_equal(offsetof(struct folio, _refcount_1), PAGE_N_OFF(1, _refcount));
	/* The large-folio counts sit in page[1] between its tail link and its
	 * own _mapcount, which stays the page's per-page count. */
	assert_true(offsetof(struct folio, _large_mapcount) > PAGE_N_OFF(1, compound_head));
	assert_true(offsetof(struct folio, _folio_nr_pages) + sizeof(unsigned int) <=
		    PAGE_N_OFF(1, _mapcount));

	/* page[2]: the tail link, then _deferred_list (as 6.12: page[2] + 16). */
	assert_int_equal(offsetof(struct folio, _flags_2), PAGE_N_OFF(2, flags));
	assert_int_equal(offsetof(struct folio, _head_2), PAGE_N_OFF(2, compound_head));
	assert_int_equal(offsetof(struct folio, _deferred_list),
			 PAGE_N_OFF(2, compound_head) + sizeof(unsigned long));
	assert_int_equal(offsetof(struct folio, _deferred_list) - 2 * sizeof(struct page), 16);
	assert_true(offsetof(struct folio, _deferred_list) + sizeof(struct list_head) <=
		    PAGE_N_OFF(2, _mapcount));
	assert_int_equal(offsetof(struct folio, _mapcount_2), PAGE_N_OFF(2, _mapcount));
}

/* The same overlay, checked on a live folio's addresses. */
static void test_struct_layout_live(void **state)
{
	struct world *w = harness_world("6.12", 1, 16);
	struct folio *folio = alloc_folio_on(w, GFP_THP_ONLY, HPAGE_PMD_ORDER, 0);
	struct page *p;

	(void)state;
	assert_non_null(folio);
	p = fpage(folio);
	assert_ptr_equal(&folio->_flags_1, &p[1].flags);
	assert_ptr_equal(&folio->_head_1, &p[1].compound_head);
	assert_ptr_equal(&folio->_flags_2, &p[2].flags);
	assert_ptr_equal(&folio->_head_2, &p[2].compound_head);
	assert_true((char *)&folio->_deferred_list >= (char *)&p[2] &&
		    (char *)(&folio->_deferred_list + 1) <= (char *)&p[3]);
	assert_ptr_equal(&p[1], folio_page(folio, 1));
	assert_ptr_equal(&p[2], folio_page(folio, 2));
	put_run(w, folio);
	harness_world_free(w);
}

/* ---- large folios and implicit tails ------------------------------- */

/*
 * Everything a freshly allocated large folio of @order must show, and
 * page_folio() of every one of its pages.
 */
static void check_large_folio(struct folio *folio, unsigned int order)
{
	unsigned long pfn = folio_pfn(folio), nr = 1UL << order, head = (unsigned long)folio | 1;
	unsigned long i, wrong = 0;

	assert_true(folio_test_head(folio));
	assert_true(folio_test_large(folio));
	assert_true(PageHead(fpage(folio)));
	assert_int_equal(folio_order(folio), order);
	assert_int_equal(folio_nr_pages(folio), (long)nr);
	assert_int_equal(folio_size(folio), PAGE_SIZE << order);
	assert_int_equal(folio->_folio_nr_pages, nr);
	assert_int_equal(pfn & (nr - 1), 0);			/* naturally aligned */
	assert_true(folio_test_large_rmappable(folio));
	assert_int_equal(folio_ref_count(folio), 1);
	assert_int_equal(folio_mapcount(folio), 0);
	assert_int_equal(folio->_entire_mapcount, 0);
	assert_int_equal(folio->_nr_pages_mapped, 0);
	assert_int_equal(folio->_pincount, 0);
	assert_false(folio_test_sim_tails_written(folio));
	assert_ptr_equal(page_folio(fpage(folio)), folio);
	assert_false(PageTail(fpage(folio)));

	/* page[1] always carries folio data; page[2] only from order 2. */
	assert_int_equal(fpage(folio)[1].compound_head, head);
	if (order >= 2) {
		assert_int_equal(fpage(folio)[2].compound_head, head);
		/* _deferred_list is empty: it points to itself. */
		assert_ptr_equal(folio->_deferred_list.next, &folio->_deferred_list);
		assert_ptr_equal(folio->_deferred_list.prev, &folio->_deferred_list);
		assert_true(list_empty(&folio->_deferred_list));
	}

	/* Every tail, explicit or implicit, resolves to the head. */
	for (i = 1; i < nr; i++) {
		struct page *p = pfn_to_page(pfn + i);

		assert_ptr_equal(folio_page(folio, i), p);
		if (i >= 3 && p->compound_head != 0) {
			print_error("tail %lu of the order-%u folio was written: %#lx\n", i,
				    order, p->compound_head);
			wrong++;
		}
		if (i >= 3 && (p->flags & PAGEFLAGS_MASK))
			wrong++;
		if (page_folio(p) != folio || !PageTail(p)) {
			print_error("tail %lu of the order-%u folio at pfn %#lx resolves to "
				    "pfn %#lx\n", i, order, pfn, page_to_pfn(fpage(page_folio(p))));
			wrong++;
		}
		if (page_count(p) != 1)
			wrong++;
	}
	assert_int_equal(wrong, 0);
}

static void test_order9_folio_layout(void **state)
{
	struct world *w = harness_world("6.12", 2, 64);
	struct folio *folio = alloc_folio_on(w, GFP_THP_ONLY, HPAGE_PMD_ORDER, 1);
	unsigned long pfn;

	(void)state;
	assert_non_null(folio);
	assert_int_equal(folio_nid(folio), 1);
	assert_true(folio_test_pmd_mappable(folio));
	check_large_folio(folio, HPAGE_PMD_ORDER);
	/* The next page is the head of a free buddy block, not part of us. */
	pfn = folio_pfn(folio);
	assert_ptr_equal(page_folio(pfn_to_page(pfn + HPAGE_PMD_NR)), pfn_to_page(pfn + HPAGE_PMD_NR));
	put_run(w, folio);
	assert_no_report(w);
	harness_world_free(w);
}

/*
 * An order-10 folio spans two 2 MiB memmap sections; the tails of the second
 * resolve to the head in the first:
 *
 *   section A: [H 1 2 3 ... 511]   section B: [512 ... 1023]
 *                                               ^ page_folio() == H
 */
static void test_order10_folio_tails_across_sections(void **state)
{
	struct world *w = harness_world("6.12", 2, 64);
	struct folio *folio = alloc_folio_on(w, GFP_PLAIN | __GFP_THISNODE, MAX_PAGE_ORDER, 0);

	(void)state;
	assert_non_null(folio);
	check_large_folio(folio, MAX_PAGE_ORDER);
	assert_int_equal(folio_pfn(folio) >> PFN_SECTION_SHIFT,
			 (folio_pfn(folio) + 511) >> PFN_SECTION_SHIFT);
	assert_int_not_equal(folio_pfn(folio) >> PFN_SECTION_SHIFT,
			     (folio_pfn(folio) + 512) >> PFN_SECTION_SHIFT);
	put_run(w, folio);
	assert_no_report(w);
	harness_world_free(w);
}

/*
 * mTHP orders 2..8: page[1] and page[2] explicit, page 3 and up implicit.
 * An order-0 page allocated right after an order-2 folio sits just past it
 * and must not resolve to it:
 *
 *   pfn  s   s+1  s+2  s+3 | s+4
 *        [H ][t1 ][t2 ][ 3 ]|[order-0 page]
 */
static void test_mthp_folio_layout(void **state)
{
	struct world *w = harness_world("6.12", 2, 64);
	struct folio *folio;
	struct page *next;
	unsigned int order;

	(void)state;
	for (order = 2; order < HPAGE_PMD_ORDER; order++) {
		folio = alloc_folio_on(w, GFP_THP_ONLY, order, 0);
		assert_non_null(folio);
		assert_false(folio_test_pmd_mappable(folio));
		check_large_folio(folio, order);
		put_run(w, folio);
	}

	folio = alloc_folio_on(w, GFP_THP_ONLY, 2, 0);
	assert_non_null(folio);
	check_large_folio(folio, 2);
	next = (struct page *)alloc_folio_on(w, GFP_PLAIN | __GFP_THISNODE, 0, 0);
	assert_non_null(next);
	assert_int_equal(page_to_pfn(next), folio_pfn(folio) + 4);
	assert_ptr_equal(page_folio(next), (struct folio *)next);
	assert_ptr_equal(page_folio(pfn_to_page(folio_pfn(folio) + 3)), folio);
	put_run(w, (struct folio *)next);
	put_run(w, folio);
	assert_no_report(w);
	harness_world_free(w);
}

/*
 * An order-1 folio has no page[2]: neither allocating nor freeing it may
 * write the page after its tail.  Here that page is the head of another
 * order-1 folio B, allocated in between:
 *
 *   pfn  s     s+1   | s+2     s+3
 *        [C: H][C: t1]|[B: H ] [B: t1]
 *                       ^ "page[2]" of C: byte-for-byte unchanged
 */
static void test_order1_folio_has_no_page2(void **state)
{
	struct world *w = harness_world("6.12", 2, 64);
	struct folio *a, *b, *c;
	struct page *p2, snapshot;
	unsigned long s;

	(void)state;
	a = alloc_folio_on(w, GFP_THP_ONLY, 1, 0);
	assert_non_null(a);
	s = folio_pfn(a);
	assert_int_equal(folio_order(a), 1);
	assert_int_equal(folio_nr_pages(a), 2);
	assert_true(folio_test_large_rmappable(a));
	assert_int_equal(fpage(a)[1].compound_head, (unsigned long)a | 1);
	assert_ptr_equal(page_folio(&fpage(a)[1]), a);
	/* Fresh memory: page[2] is the head of a free order-1 buddy block and
	 * stays its own page. */
	p2 = pfn_to_page(s + 2);
	assert_true(PageBuddy(p2));
	assert_int_equal(p2->private, 1);
	assert_int_equal(p2->compound_head & 1, 0);
	assert_ptr_equal(page_folio(p2), (struct folio *)p2);
	assert_ptr_equal(page_folio(pfn_to_page(s + 3)), (struct folio *)pfn_to_page(s + 3));

	/* B takes that block; free A; snapshot B's head; allocate C where A was. */
	b = alloc_folio_on(w, GFP_THP_ONLY, 1, 0);
	assert_non_null(b);
	assert_int_equal(folio_pfn(b), s + 2);
	put_run(w, a);
	memcpy(&snapshot, fpage(b), sizeof(snapshot));
	c = alloc_folio_on(w, GFP_THP_ONLY, 1, 0);
	assert_non_null(c);
	assert_int_equal(folio_pfn(c), s);
	assert_int_equal(folio_order(c), 1);
	assert_true(folio_test_large_rmappable(c));

	/* C's "page[2]" is untouched: B's head is exactly as it was. */
	assert_memory_equal(fpage(b), &snapshot, sizeof(snapshot));
	assert_int_equal(fpage(b)->compound_head & 1, 0);
	assert_ptr_equal(page_folio(fpage(b)), b);
	assert_ptr_equal(page_folio(&fpage(b)[1]), b);
	assert_ptr_equal(page_folio(&fpage(c)[1]), c);
	assert_int_equal(folio_order(b), 1);

	/* Freeing C leaves it alone too. */
	put_run(w, c);
	assert_memory_equal(fpage(b), &snapshot, sizeof(snapshot));
	put_run(w, b);
	assert_no_report(w);
	harness_world_free(w);
}

/* ---- free memory ---------------------------------------------------- */

/*
 * After an order-2 allocation from a fresh order-10 block, the rest of the
 * block is free buddy blocks, and beyond it lies untouched memory:
 *
 *   s    s+4  s+8      s+16 ...     s+512          s+1024 ... frontier ...
 *   [F  ][o2 ][o3     ][o4 ] ...   [o9          ]  [never touched     ]
 *
 * page_folio() of any page inside them is the page itself.
 */
static void test_page_folio_of_free_memory_is_the_page(void **state)
{
	struct world *w = harness_world("6.12", 2, 64);
	struct folio *folio = alloc_folio_on(w, GFP_THP_ONLY, 2, 0);
	unsigned long s, pfn, wrong = 0;

	(void)state;
	assert_non_null(folio);
	s = folio_pfn(folio);
	assert_true(PageBuddy(pfn_to_page(s + 4)));
	assert_true(PageBuddy(pfn_to_page(s + 512)));
	for (pfn = s + 4; pfn < s + 2048; pfn++) {
		struct page *p = pfn_to_page(pfn);

		if (page_folio(p) != (struct folio *)p || PageTail(p))
			wrong++;
	}
	assert_int_equal(wrong, 0);

	/* A freed large folio leaves no tails behind: its block merged back
	 * and every former tail is its own page again. */
	put_run(w, folio);
	folio = alloc_folio_on(w, GFP_THP_ONLY, HPAGE_PMD_ORDER, 0);
	assert_non_null(folio);
	s = folio_pfn(folio);
	put_run(w, folio);
	for (pfn = s; pfn < s + HPAGE_PMD_NR; pfn++) {
		struct page *p = pfn_to_page(pfn);

		if (page_folio(p) != (struct folio *)p)
			wrong++;
		if (pfn != s && (p->compound_head != 0 || PageHead(p)))
			wrong++;
	}
	assert_int_equal(wrong, 0);
	assert_false(folio_test_head(folio));
	assert_no_report(w);
	harness_world_free(w);
}

/* ---- reference counts ----------------------------------------------- */

static void test_folio_get_put_try_get(void **state)
{
	struct world *w = harness_world("6.12", 1, 16);
	struct folio *folio = alloc_folio_on(w, GFP_PLAIN, 0, 0);
	long free_after_alloc = harness_free_pages(w, 0);

	(void)state;
	assert_non_null(folio);
	assert_int_equal(folio_ref_count(folio), 1);
	get_run(w, folio);
	assert_int_equal(folio_ref_count(folio), 2);
	assert_true(try_get_run(w, folio));
	assert_int_equal(folio_ref_count(folio), 3);
	assert_int_equal(page_count(fpage(folio)), 3);
	put_run(w, folio);
	put_run(w, folio);
	assert_int_equal(folio_ref_count(folio), 1);
	assert_int_equal(harness_free_pages(w, 0), free_after_alloc);	/* nothing freed yet */

	/* At 0 (frozen), a speculative get fails and changes nothing. */
	assert_true(freeze_run(w, folio, 1));
	assert_false(try_get_run(w, folio));
	assert_int_equal(folio_ref_count(folio), 0);
	unfreeze_run(w, folio, 1);
	assert_true(try_get_run(w, folio));
	assert_int_equal(folio_ref_count(folio), 2);
	put_run(w, folio);
	put_run(w, folio);
	assert_int_equal(harness_free_pages(w, 0), free_after_alloc + 1);
	assert_no_report(w);
	harness_world_free(w);
}

/*
 * folio_ref_freeze(f, n) turns exactly n into 0 and fails for any other
 * count, leaving it alone; folio_ref_unfreeze(f, m) makes it m:
 *
 *   count 3 --freeze(2)--> fail, 3     count 3 --freeze(3)--> 0
 *   count 0 --unfreeze(3)--> 3
 */
static void test_folio_ref_freeze_unfreeze(void **state)
{
	struct world *w = harness_world("6.12", 1, 16);
	struct folio *folio = alloc_folio_on(w, GFP_THP_ONLY, HPAGE_PMD_ORDER, 0);

	(void)state;
	assert_non_null(folio);
	get_run(w, folio);
	get_run(w, folio);
	assert_int_equal(folio_ref_count(folio), 3);
	assert_false(freeze_run(w, folio, 2));
	assert_int_equal(folio_ref_count(folio), 3);
	assert_false(freeze_run(w, folio, 4));
	assert_int_equal(folio_ref_count(folio), 3);
	assert_true(freeze_run(w, folio, 3));
	assert_int_equal(folio_ref_count(folio), 0);
	assert_false(freeze_run(w, folio, 0 + 1));		/* already frozen */
	assert_int_equal(folio_ref_count(folio), 0);
	unfreeze_run(w, folio, 3);
	assert_int_equal(folio_ref_count(folio), 3);
	/* Freezing is not freeing: the memory stays allocated throughout. */
	assert_true(folio_test_head(folio));
	put_run(w, folio);
	put_run(w, folio);
	put_run(w, folio);
	assert_no_report(w);
	harness_world_free(w);
}

static int get_frozen(struct folio *folio)
{
	folio_ref_freeze(folio, 1);
	folio_get(folio);		/* a get on a count of 0: a bug */
	return 0;
}

static void test_folio_get_on_zero_refcount_is_bug(void **state)
{
	struct world *w = harness_world("6.12", 1, 16);
	struct folio *folio = alloc_folio_on(w, GFP_PLAIN, 0, 0);
	int rc;

	(void)state;
	assert_non_null(folio);
	rc = SIM_RUN(w, get_frozen(folio));
	assert_int_equal(rc, -ENOTRECOVERABLE);
	assert_report(w, SIM_BUG, "VM_BUG_ON_FOLIO");
	assert_string_equal(w->report.function, "folio_get");
	assert_true(w->report.dump[0] != '\0');		/* the folio is dumped */
	assert_int_equal(folio_ref_count(folio), 0);	/* the get did not happen */
	harness_world_free(w);
}

static int put_twice(struct folio *folio)
{
	folio_put(folio);		/* the last reference: freed */
	folio_put(folio);		/* one more: a bug */
	return 0;
}

static void test_folio_put_on_zero_refcount_is_bug(void **state)
{
	struct world *w = harness_world("6.12", 1, 16);
	struct folio *folio = alloc_folio_on(w, GFP_THP_ONLY, HPAGE_PMD_ORDER, 0);
	int rc;

	(void)state;
	assert_non_null(folio);
	rc = SIM_RUN(w, put_twice(folio));
	assert_int_equal(rc, -ENOTRECOVERABLE);
	assert_report(w, SIM_BUG, "VM_BUG_ON_FOLIO");
	harness_world_free(w);
}

/* The last folio_put() gives the memory back, for small and large folios. */
static void test_last_folio_put_frees(void **state)
{
	struct world *w = harness_world("6.12", 1, 16);
	long before = harness_free_pages(w, 0);
	struct folio *small, *thp;

	(void)state;
	small = alloc_folio_on(w, GFP_PLAIN, 0, 0);
	thp = alloc_folio_on(w, GFP_THP_ONLY, HPAGE_PMD_ORDER, 0);
	assert_non_null(small);
	assert_non_null(thp);
	assert_int_equal(harness_free_pages(w, 0), before - 1 - HPAGE_PMD_NR);
	get_run(w, thp);
	put_run(w, thp);
	assert_int_equal(harness_free_pages(w, 0), before - 1 - HPAGE_PMD_NR);	/* not the last */
	put_run(w, thp);
	assert_int_equal(harness_free_pages(w, 0), before - 1);
	assert_int_equal(folio_ref_count(thp), 0);
	assert_false(folio_test_head(thp));
	put_run(w, small);
	assert_int_equal(harness_free_pages(w, 0), before);
	assert_no_report(w);
	harness_world_free(w);
}

/* ---- pfn and node round trips --------------------------------------- */

/*
 * pfn_to_page() and page_to_pfn() invert each other, and page_to_nid()
 * names the node, for pages in different 2 MiB sections of both nodes:
 *
 *   node 0: [sec 0 |p p][sec 1 |p ] ... [sec 5 |p ] ...
 *   node 1: [sec 0 |p  ] ...                   [last |p]
 */
static void test_pfn_nid_round_trips(void **state)
{
	struct world *w = harness_world("6.12", 2, 64);
	unsigned long s0 = w->node_data[0]->node_start_pfn, s1 = w->node_data[1]->node_start_pfn;
	unsigned long e1 = pgdat_end_pfn(w->node_data[1]);
	const struct { unsigned long pfn; int nid; } cases[] = {
		{ s0, 0 }, { s0 + 1, 0 }, { s0 + 511, 0 }, { s0 + 512, 0 },
		{ s0 + 5 * 512 + 77, 0 }, { pgdat_end_pfn(w->node_data[0]) - 1, 0 },
		{ s1, 1 }, { s1 + 3, 1 }, { s1 + 1000, 1 }, { e1 - 1, 1 },
	};
	static const unsigned long idx[] = { 0, 1, 2, 3, 4, 511, 512, 513, 700, 1023 };
	struct folio *folio;
	unsigned long pfn;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct page *p = pfn_to_page(cases[i].pfn);

		assert_int_equal(page_to_pfn(p), cases[i].pfn);
		assert_ptr_equal(pfn_to_page(page_to_pfn(p)), p);
		assert_int_equal(page_to_nid(p), cases[i].nid);
		assert_ptr_equal(pfn_token(page_to_pfn(p)), pfn_token(cases[i].pfn));
	}
	/* Two pages in different sections are different pages. */
	assert_ptr_not_equal(pfn_to_page(s0 + 511), pfn_to_page(s0 + 512));

	/* A folio on node 1 crossing a section boundary. */
	folio = alloc_folio_on(w, GFP_PLAIN | __GFP_THISNODE, MAX_PAGE_ORDER, 1);
	assert_non_null(folio);
	pfn = folio_pfn(folio);
	assert_int_equal(folio_nid(folio), 1);
	assert_ptr_equal(folio_pgdat(folio), w->node_data[1]);
	assert_ptr_equal(pfn_to_page(pfn), fpage(folio));
	assert_true(pfn >= s1 && pfn + (1UL << MAX_PAGE_ORDER) <= e1);
	for (i = 0; i < ARRAY_SIZE(idx); i++) {
		unsigned long n = idx[i];
		struct page *p = folio_page(folio, n);

		assert_int_equal(page_to_pfn(p), pfn + n);
		assert_ptr_equal(p, pfn_to_page(pfn + n));
		assert_int_equal(page_to_nid(p), 1);
		assert_ptr_equal(page_folio(p), folio);
	}
	put_run(w, folio);
	assert_no_report(w);
	harness_world_free(w);
}

/* ---- the free path cleans written tails ----------------------------- */

static int write_tails(struct folio *folio)
{
	struct page *t;

	/* What a PTE-mapping (rmap) does to a THP's tails, by hand. */
	folio_set_sim_tails_written(folio);
	SetPageAnonExclusive(folio_page(folio, 1));
	SetPageAnonExclusive(folio_page(folio, 2));
	SetPageAnonExclusive(folio_page(folio, 3));
	t = folio_page(folio, 100);
	SetPageAnonExclusive(t);
	set_bit_ul(PG_dirty, &t->flags);
	SetPageAnonExclusive(folio_page(folio, HPAGE_PMD_NR - 1));
	return 0;
}

/*
 * A THP whose tails were written (PG_anon_exclusive on pages 1, 2, 3, 100
 * and 511, PG_sim_tails_written on the folio) is freed: every page comes back
 * clean, no PG_* bit left, every former tail its own page; and the next THP
 * on the same memory starts clean.
 */
static void test_free_cleans_written_tails(void **state)
{
	struct world *w = harness_world("6.12", 1, 16);
	struct folio *folio = alloc_folio_on(w, GFP_THP_ONLY, HPAGE_PMD_ORDER, 0);
	long before;
	unsigned long pfn, i, dirty = 0;

	(void)state;
	assert_non_null(folio);
	pfn = folio_pfn(folio);
	RUN(w, write_tails(folio));
	assert_true(folio_test_sim_tails_written(folio));
	assert_true(PageAnonExclusive(folio_page(folio, 100)));
	/* Written tails still resolve to the head. */
	assert_ptr_equal(page_folio(folio_page(folio, 100)), folio);
	assert_ptr_equal(page_folio(folio_page(folio, 3)), folio);

	before = harness_free_pages(w, 0);
	put_run(w, folio);
	assert_int_equal(harness_free_pages(w, 0), before + HPAGE_PMD_NR);
	for (i = 0; i < HPAGE_PMD_NR; i++) {
		struct page *p = pfn_to_page(pfn + i);

		if (p->flags & PAGEFLAGS_MASK) {
			print_error("page %lu of the freed THP keeps flags %#lx\n", i,
				    p->flags & PAGEFLAGS_MASK);
			dirty++;
		}
		if (i && (p->compound_head || p->mapping || p->index || p->_mapcount))
			dirty++;
		if (page_folio(p) != (struct folio *)p)
			dirty++;
	}
	assert_int_equal(dirty, 0);
	assert_false(folio_test_sim_tails_written(folio));

	/* The same memory as a new THP: no stale bit in any page. */
	folio = alloc_folio_on(w, GFP_THP_ONLY, HPAGE_PMD_ORDER, 0);
	assert_non_null(folio);
	assert_int_equal(folio_pfn(folio), pfn);
	check_large_folio(folio, HPAGE_PMD_ORDER);
	for (i = 0; i < HPAGE_PMD_NR; i++)
		if (PageAnonExclusive(folio_page(folio, i)))
			dirty++;
	assert_int_equal(dirty, 0);
	put_run(w, folio);

	/* ...and as order-0 pages: each a clean page of its own. */
	for (i = 0; i < 8; i++) {
		struct folio *small = alloc_folio_on(w, GFP_PLAIN | __GFP_THISNODE, 0, 0);

		assert_non_null(small);
		assert_int_equal(small->flags & PAGEFLAGS_MASK, 0);
		assert_ptr_equal(page_folio(fpage(small)), small);
	}
	assert_no_report(w);
	harness_world_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_struct_layout, harness_free_world),
		cmocka_unit_test_teardown(test_struct_layout_live, harness_free_world),
		cmocka_unit_test_teardown(test_order9_folio_layout, harness_free_world),
		cmocka_unit_test_teardown(test_order10_folio_tails_across_sections, harness_free_world),
		cmocka_unit_test_teardown(test_mthp_folio_layout, harness_free_world),
		cmocka_unit_test_teardown(test_order1_folio_has_no_page2, harness_free_world),
		cmocka_unit_test_teardown(test_page_folio_of_free_memory_is_the_page, harness_free_world),
		cmocka_unit_test_teardown(test_folio_get_put_try_get, harness_free_world),
		cmocka_unit_test_teardown(test_folio_ref_freeze_unfreeze, harness_free_world),
		cmocka_unit_test_teardown(test_folio_get_on_zero_refcount_is_bug, harness_free_world),
		cmocka_unit_test_teardown(test_folio_put_on_zero_refcount_is_bug, harness_free_world),
		cmocka_unit_test_teardown(test_last_folio_put_frees, harness_free_world),
		cmocka_unit_test_teardown(test_pfn_nid_round_trips, harness_free_world),
		cmocka_unit_test_teardown(test_free_cleans_written_tails, harness_free_world),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
