// SPDX-License-Identifier: MIT
/*
 * Unit tests of splitting anonymous THPs (lib/mm/huge_memory.c):
 * split_folio_to_list() as migration's try_split_folio() uses it, a split
 * with no list (the deferred-split shrinker's case), can_split_folio() and
 * the -EAGAIN path, partial munmap and the deferred split queue,
 * deferred_split_scan(), 6.12's remapping of zero-filled subpages to the
 * shared zero page, and the thp_split_page / thp_split_page_failed events.
 *
 * Reference: kernel-migration.md 1.4 (can_split_folio), 1.6 and 1.9 (LRU
 * and isolation), 1.7 (deferred split queues), 5.1 / 5.2 (the split) and
 * 10.2 items 8 and 9.
 *
 * Every THP comes from the public API: a 2 MiB private MIGSIM_MAP_THP
 * mapping on node 0 and a write touch (a PMD-mapped order-9 folio).  Model
 * calls run inside SIM_RUN.  Pictures: "H" is the head (page 0), "Tn" the
 * tail page n, "IA" node 0's inactive anon LRU list, "DSQ" node 0's
 * deferred split queue.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include <linux/swap.h>
#include <linux/huge_mm.h>
#include <linux/migrate.h>
#include <linux/rmap.h>
#include "internal.h"
#include "entry.h"
#include "world_internal.h"
#include "harness.h"

#define NODE_MIB	64UL
#define NR		HPAGE_PMD_NR		/* 512 */
#define THP_SIZE	HPAGE_PMD_SIZE		/* 2 MiB */
#define NR_UNMAP	16			/* pages a partial munmap removes */

/* Run model code; a report fails the test with the report's message. */
#define RUN(w, expr) do {						\
	int __rc = SIM_RUN((w), (expr));				\
	if (__rc)							\
		print_error("%s: %s: %s\n", #expr,			\
			    sim_outcome_name((w)->report.kind),		\
			    (w)->report.message);			\
	assert_int_equal(__rc, 0);					\
} while (0)

/* The invariant checker agrees with the state the test left behind. */
#define CHECK(w) do {							\
	int __rc = migsim_check((struct migsim_world *)(w));		\
	if (__rc)							\
		print_error("migsim_check: %s: %s\n",			\
			    sim_outcome_name((w)->report.kind),		\
			    (w)->report.message);			\
	assert_int_equal(__rc, 0);					\
} while (0)

/* One task with one THP-eligible 2 MiB mapping. */
struct thp {
	struct world *w;
	struct migsim_world *pw;
	int pid;
	uint64_t addr;
	unsigned long pfn;		/* the head's pfn */
	struct folio *folio;
	u64 token[NR];			/* each page's content after the touch */
};

/*
 * Boot a world under @kernel, map 2 MiB and write-touch it: the whole range
 * (@touch_all) or only its page @only.  Either way the first write fault
 * maps a fresh PMD THP.
 */
static void make_thp(void **state, struct thp *t, const char *kernel, bool touch_all,
		     unsigned int only)
{
	struct migsim_page_info info;
	unsigned int i;

	memset(t, 0, sizeof(*t));
	t->w = harness_world(kernel, 2, NODE_MIB);
	*state = t->w;		/* freed by the teardown if the test stops early */
	t->pw = (struct migsim_world *)t->w;
	assert_int_equal(migsim_task_create(t->pw, NULL, &t->pid), 0);
	assert_int_equal(migsim_mmap(t->pw, t->pid, 0, THP_SIZE,
				     MIGSIM_MAP_PRIVATE | MIGSIM_MAP_THP, 0, &t->addr), 0);
	if (touch_all)
		assert_int_equal(migsim_touch(t->pw, t->pid, t->addr, THP_SIZE, 1), 0);
	else
		assert_int_equal(migsim_touch(t->pw, t->pid, t->addr + only * PAGE_SIZE,
					      PAGE_SIZE, 1), 0);
	assert_int_equal(migsim_page_info(t->pw, t->pid, t->addr, &info), 0);
	assert_string_equal(info.state, "present");
	assert_true(info.pmd_mapped);
	assert_int_equal(info.order, HPAGE_PMD_ORDER);
	assert_int_equal(info.folio_pfn, info.pfn);
	t->pfn = info.folio_pfn;
	t->folio = page_folio(pfn_to_page(t->pfn));
	assert_int_equal(folio_order(t->folio), HPAGE_PMD_ORDER);
	assert_true(folio_test_lru(t->folio));		/* large: no batching */
	assert_int_equal(folio_ref_count(t->folio), 1);	/* the PMD mapping */
	assert_int_equal(folio_mapcount(t->folio), 1);
	for (i = 0; i < NR; i++) {
		t->token[i] = *pfn_token(t->pfn + i);
		assert_true((t->token[i] != 0) == (touch_all || i == only));
	}
}

static void thp_free(void **state, struct thp *t)
{
	harness_world_free(t->w);
	t->w = NULL;
	*state = NULL;
}

static int teardown(void **state)
{
	if (*state)
		harness_world_free(*state);
	*state = NULL;
	return 0;
}

static void page_info(struct thp *t, unsigned int i, struct migsim_page_info *info)
{
	assert_int_equal(migsim_page_info(t->pw, t->pid, t->addr + i * PAGE_SIZE, info), 0);
}

static long vmstat(struct world *w, const char *name)
{
	long v = -1;

	assert_int_equal(migsim_vmstat((struct migsim_world *)w, name, &v), 0);
	return v;
}

static long node_stat(struct world *w, int nid, enum node_stat_item item)
{
	return w->node_data[nid]->vm_stat[item];
}

static struct deferred_split *dsq(struct world *w, int nid)
{
	return &w->node_data[nid]->deferred_split_queue;
}

static struct list_head *ia_list(struct world *w, int nid)
{
	return &w->node_data[nid]->__lruvec.lists[LRU_INACTIVE_ANON];
}

static long lru_pages(struct world *w, int nid, enum lru_list lru)
{
	long stat = node_stat(w, nid, NR_LRU_BASE + lru);

	assert_int_equal(stat, (long)w->node_data[nid]->__lruvec.nr_pages[lru]);
	return stat;
}

static bool on_deferred_queue(struct world *w, int nid, struct folio *folio)
{
	struct folio *f;

	list_for_each_entry(f, &dsq(w, nid)->split_queue, _deferred_list)
		if (f == folio)
			return true;
	return false;
}

/* The folio that page @i of the THP belongs to now. */
static struct folio *piece(struct thp *t, unsigned int i)
{
	return page_folio(pfn_to_page(t->pfn + i));
}

/* ---- model sequences (run inside SIM_RUN) ---- */

/*
 * migrate_pages()'s view of the THP: isolated, accounted in NR_ISOLATED and
 * sitting on the caller's list @from (1.6, 1.9).
 */
static int isolate_to_list(struct folio *folio, struct list_head *from)
{
	if (!folio_isolate_lru(folio))
		return -EBUSY;
	node_stat_mod_folio(folio, NR_ISOLATED_ANON, folio_nr_pages(folio));
	list_add_tail(&folio->lru, from);
	return 0;
}

/*
 * try_split_folio() (5.1): lock, split_folio_to_list(), unlock, and on
 * success move the head from @from to the end of @split, after its tails.
 */
static int try_split_like_migration(struct folio *folio, struct list_head *split, int *rc)
{
	folio_lock(folio);
	*rc = split_folio_to_list(folio, split);
	folio_unlock(folio);
	if (!*rc)
		list_move_tail(&folio->lru, split);
	return 0;
}

static int putback(struct list_head *list)
{
	putback_movable_pages(list);
	lru_add_drain();
	return 0;
}

/*
 * A split with no list, by a caller holding its own reference and the
 * folio lock (deferred_split_scan()'s way; 5.2 "without a list").
 */
static int split_no_list(struct folio *folio, int *rc)
{
	folio_get(folio);
	folio_lock(folio);
	*rc = split_folio(folio);
	folio_unlock(folio);
	folio_put(folio);
	return 0;
}

static int can_split(struct folio *folio, bool *ok, int *extra_pins)
{
	folio_get(folio);	/* the caller's pin, as the split holds one */
	*ok = can_split_folio(folio, 1, extra_pins);
	folio_put(folio);
	return 0;
}

/* ------------------------------------------------------------------ */
/* split onto a list: the migration case                               */

/*
 *   before:  from = [H (order 9, isolated)]     NR_ISOLATED_ANON = 512
 *            DSQ  = [H]  (6.12 queues a fresh THP as possibly underused)
 *
 *   split_folio_to_list(H, &split) appends the tails, high index first;
 *   then try_split_folio's list_move_tail puts the head last:
 *
 *   from  = []
 *   split = [T511, T510, ..., T2, T1, H]        all order 0, !PG_lru
 *   DSQ   = []                                  NR_ISOLATED_ANON = 512 still
 *
 *   putback_movable_pages(&split): NR_ISOLATED_ANON = 0, IA holds 512 pages
 */
static void test_split_to_list_tails_descending_then_head_last(void **state)
{
	struct thp t;
	struct migsim_page_info info;
	LIST_HEAD(from);
	LIST_HEAD(split);
	struct list_head *pos;
	static int rc;
	long split0, failed0;
	unsigned int i;

	make_thp(state, &t, "6.12", true, 0);
	assert_int_equal(dsq(t.w, 0)->split_queue_len, 1);
	assert_true(on_deferred_queue(t.w, 0, t.folio));
	split0 = vmstat(t.w, "thp_split_page");
	failed0 = vmstat(t.w, "thp_split_page_failed");

	RUN(t.w, isolate_to_list(t.folio, &from));
	assert_false(folio_test_lru(t.folio));
	assert_int_equal(folio_ref_count(t.folio), 2);	/* PMD + isolation */
	assert_int_equal(node_stat(t.w, 0, NR_ISOLATED_ANON), NR);

	rc = -1;
	RUN(t.w, try_split_like_migration(t.folio, &split, &rc));
	assert_int_equal(rc, 0);
	assert_true(list_empty(&from));
	assert_int_equal(list_count_nodes(&split), NR);

	/* Order on the list: tail 511 first, down to tail 1, then the head. */
	i = NR;
	list_for_each(pos, &split) {
		struct folio *f = list_entry(pos, struct folio, lru);
		unsigned long want = t.pfn + (--i == 0 ? 0 : i);

		if (folio_pfn(f) != want)
			fail_msg("entry %u of the split list is pfn %#lx, expected %#lx",
				 NR - 1 - i, folio_pfn(f), want);
	}
	assert_int_equal(i, 0);
	assert_ptr_equal(list_last_entry(&split, struct folio, lru), t.folio);
	assert_ptr_equal(list_first_entry(&split, struct folio, lru), piece(&t, NR - 1));

	/* 10.2 item 9: every piece is held by the list, not on the LRU, order 0. */
	for (i = 0; i < NR; i++) {
		struct folio *f = piece(&t, i);

		assert_ptr_equal(f, (struct folio *)pfn_to_page(t.pfn + i));
		assert_false(folio_test_large(f));
		assert_int_equal(folio_order(f), 0);
		assert_false(folio_test_lru(f));
		assert_false(folio_test_locked(f));
		assert_true(folio_ref_count(f) >= 1);
		/* list (or, for the head, isolation) reference + its PTE */
		assert_int_equal(folio_ref_count(f), 2);
		assert_int_equal(folio_mapcount(f), 1);
	}
	assert_int_equal(folio_order(t.folio), 0);
	assert_false(folio_test_large(t.folio));

	/* The mappings were restored: PTE-mapped, same page, same contents. */
	for (i = 0; i < NR; i++) {
		page_info(&t, i, &info);
		assert_string_equal(info.state, "present");
		assert_false(info.pmd_mapped);
		assert_int_equal(info.pfn, t.pfn + i);
		assert_int_equal(info.folio_pfn, t.pfn + i);
		assert_int_equal(info.token, t.token[i]);
		assert_true(info.writable);
	}

	/* The folio left the deferred queue (10.2 item 8: under its lock). */
	assert_int_equal(dsq(t.w, 0)->split_queue_len, 0);
	assert_true(list_empty(&dsq(t.w, 0)->split_queue));

	/* 1.9: the pieces keep the THP's NR_ISOLATED until they are put back. */
	assert_int_equal(node_stat(t.w, 0, NR_ISOLATED_ANON), NR);
	assert_int_equal(vmstat(t.w, "thp_split_page"), split0 + 1);
	assert_int_equal(vmstat(t.w, "thp_split_page_failed"), failed0);

	RUN(t.w, putback(&split));
	assert_true(list_empty(&split));
	assert_int_equal(node_stat(t.w, 0, NR_ISOLATED_ANON), 0);
	for (i = 0; i < NR; i++) {
		assert_true(folio_test_lru(piece(&t, i)));
		assert_int_equal(folio_ref_count(piece(&t, i)), 1);
	}
	assert_int_equal(lru_pages(t.w, 0, LRU_INACTIVE_ANON), NR);
	CHECK(t.w);
	thp_free(state, &t);
}

/* ------------------------------------------------------------------ */
/* split with no list: the pieces go onto the LRU before the head      */

/*
 *   before:  IA = [H (order 9, PG_lru)]               nr_inactive_anon = 512
 *   split_folio(H), no list:
 *   after:   IA = [T511, T510, ..., T2, T1, H]        all PG_lru, order 0
 *            (each tail is inserted just before the head)
 *            nr_inactive_anon = 512                   DSQ = []
 */
static void test_split_without_list_puts_tails_on_lru_before_head(void **state)
{
	struct thp t;
	struct list_head *pos;
	static int rc;
	unsigned int i;

	make_thp(state, &t, "6.12", true, 0);
	assert_int_equal(lru_pages(t.w, 0, LRU_INACTIVE_ANON), NR);
	assert_int_equal(list_count_nodes(ia_list(t.w, 0)), 1);

	rc = -1;
	RUN(t.w, split_no_list(t.folio, &rc));
	assert_int_equal(rc, 0);

	assert_int_equal(folio_order(t.folio), 0);
	assert_int_equal(list_count_nodes(ia_list(t.w, 0)), NR);
	assert_int_equal(lru_pages(t.w, 0, LRU_INACTIVE_ANON), NR);
	assert_int_equal(node_stat(t.w, 0, NR_INACTIVE_ANON), NR);

	/* Walking back from the head: T1, T2, ..., T511. */
	pos = &t.folio->lru;
	for (i = 1; i < NR; i++) {
		pos = pos->prev;
		assert_ptr_not_equal(pos, ia_list(t.w, 0));
		assert_ptr_equal(list_entry(pos, struct folio, lru), piece(&t, i));
	}
	for (i = 0; i < NR; i++) {
		struct folio *f = piece(&t, i);

		assert_false(folio_test_large(f));
		assert_true(folio_test_lru(f));
		assert_false(folio_test_locked(f));
		assert_int_equal(folio_ref_count(f), 1);	/* its PTE */
		assert_int_equal(folio_mapcount(f), 1);
	}
	assert_int_equal(dsq(t.w, 0)->split_queue_len, 0);
	assert_true(list_empty(&dsq(t.w, 0)->split_queue));
	CHECK(t.w);
	thp_free(state, &t);
}

/*
 * The same for a THP on the unevictable list.  Reference 5.2: without a
 * list, a tail of an unevictable folio only has its mlock_count zeroed
 * instead of being linked before the head, "and PG_lru is set" in both
 * cases; the unevictable count is unchanged (512 base pages either way).
 *
 *   before:  UE = [H (order 9, PG_lru, PG_unevictable)]   nr_unevictable = 512
 *   after:   H, T1 .. T511: order 0, PG_lru, PG_unevictable, mlock_count 0
 *            nr_unevictable = 512
 */
static int make_unevictable(struct folio *folio)
{
	if (!folio_isolate_lru(folio))
		return -EBUSY;
	folio_set_unevictable(folio);
	folio_putback_lru(folio);	/* large: straight onto the list */
	return 0;
}

static void test_split_without_list_unevictable_tails_get_pg_lru(void **state)
{
	struct thp t;
	static int rc;
	unsigned int i, no_lru = 0;

	make_thp(state, &t, "6.12", true, 0);
	RUN(t.w, make_unevictable(t.folio));
	assert_true(folio_test_lru(t.folio));
	assert_true(folio_test_unevictable(t.folio));
	assert_int_equal(folio_ref_count(t.folio), 1);
	assert_int_equal(lru_pages(t.w, 0, LRU_UNEVICTABLE), NR);
	assert_int_equal(lru_pages(t.w, 0, LRU_INACTIVE_ANON), 0);
	CHECK(t.w);

	rc = -1;
	RUN(t.w, split_no_list(t.folio, &rc));
	assert_int_equal(rc, 0);
	assert_int_equal(lru_pages(t.w, 0, LRU_UNEVICTABLE), NR);
	for (i = 0; i < NR; i++) {
		struct folio *f = piece(&t, i);

		assert_false(folio_test_large(f));
		assert_true(folio_test_unevictable(f));
		assert_int_equal(folio_ref_count(f), 1);
		if (!folio_test_lru(f))
			no_lru++;
	}
	if (no_lru)
		fail_msg("%u of the %u pieces of an unevictable THP split without a list "
			 "have no PG_lru", no_lru, NR);
	CHECK(t.w);
	thp_free(state, &t);
}

/* ------------------------------------------------------------------ */
/* can_split_folio() false: -EAGAIN, nothing changed                   */

/*
 * PMD-mapped THP plus a GUP reference (migsim_pin on page 7):
 *   refcount 1 (PMD) + 1 (pin) + 1 (caller) = 3, mapcount 1:
 *   can_split_folio: 1 != 3 - 0 - 1  ->  false  ->  split returns -EAGAIN
 *   after: still order 9, PMD-mapped, on IA and DSQ, refcount as before.
 */
static void test_split_with_extra_ref_pmd_mapped_fails_eagain(void **state)
{
	struct thp t;
	struct migsim_page_info info;
	static int rc;
	static bool ok;
	static int extra;
	long split0, failed0, pmd0, free0;
	int pin, refs;
	unsigned int i;

	make_thp(state, &t, "6.12", true, 0);
	RUN(t.w, can_split(t.folio, &ok, &extra));
	assert_true(ok);
	assert_int_equal(extra, 0);			/* pure anon: no extra pins */

	assert_int_equal(migsim_pin(t.pw, t.pid, t.addr + 7 * PAGE_SIZE, &pin), 0);
	refs = folio_ref_count(t.folio);
	assert_int_equal(refs, 2);
	RUN(t.w, can_split(t.folio, &ok, &extra));
	assert_false(ok);

	split0 = vmstat(t.w, "thp_split_page");
	failed0 = vmstat(t.w, "thp_split_page_failed");
	pmd0 = vmstat(t.w, "thp_split_pmd");
	free0 = harness_free_pages(t.w, 0);
	rc = 0;
	RUN(t.w, split_no_list(t.folio, &rc));
	assert_int_equal(rc, -EAGAIN);

	assert_int_equal(folio_order(t.folio), HPAGE_PMD_ORDER);
	assert_int_equal(folio_ref_count(t.folio), refs);
	assert_int_equal(folio_mapcount(t.folio), 1);
	assert_int_equal(folio_entire_mapcount(t.folio), 1);
	assert_true(folio_test_lru(t.folio));
	assert_false(folio_test_locked(t.folio));
	assert_true(on_deferred_queue(t.w, 0, t.folio));
	assert_int_equal(dsq(t.w, 0)->split_queue_len, 1);
	assert_int_equal(lru_pages(t.w, 0, LRU_INACTIVE_ANON), NR);
	assert_int_equal(harness_free_pages(t.w, 0), free0);
	for (i = 0; i < NR; i++) {
		page_info(&t, i, &info);
		assert_string_equal(info.state, "present");
		assert_true(info.pmd_mapped);
		assert_int_equal(info.folio_pfn, t.pfn);
		assert_int_equal(info.order, HPAGE_PMD_ORDER);
		assert_int_equal(info.token, t.token[i]);
	}
	assert_int_equal(vmstat(t.w, "thp_split_page"), split0);
	assert_int_equal(vmstat(t.w, "thp_split_page_failed"), failed0 + 1);
	assert_int_equal(vmstat(t.w, "thp_split_pmd"), pmd0);	/* never unmapped */
	CHECK(t.w);

	assert_int_equal(migsim_unpin(t.pw, pin), 0);
	assert_int_equal(folio_ref_count(t.folio), 1);
	RUN(t.w, can_split(t.folio, &ok, &extra));
	assert_true(ok);
	CHECK(t.w);
	thp_free(state, &t);
}

/*
 * The same with a PTE-mapped THP (after a partial munmap of its last 16
 * pages): refcount 496 (PTEs) + 1 (pin) + 1 (caller), mapcount 496 ->
 * -EAGAIN, and it stays PTE-mapped, order 9, partially mapped and queued.
 */
static void test_split_with_extra_ref_pte_mapped_fails_eagain(void **state)
{
	struct thp t;
	struct migsim_page_info info;
	const unsigned int mapped = NR - NR_UNMAP;
	static int rc;
	long failed0, split0;
	int pin, refs;
	unsigned int i;

	make_thp(state, &t, "6.12", true, 0);
	assert_int_equal(migsim_munmap(t.pw, t.pid, t.addr + mapped * PAGE_SIZE,
				       NR_UNMAP * PAGE_SIZE), 0);
	assert_int_equal(folio_mapcount(t.folio), mapped);
	assert_int_equal(migsim_pin(t.pw, t.pid, t.addr, &pin), 0);
	refs = folio_ref_count(t.folio);
	assert_int_equal(refs, mapped + 1);

	split0 = vmstat(t.w, "thp_split_page");
	failed0 = vmstat(t.w, "thp_split_page_failed");
	rc = 0;
	RUN(t.w, split_no_list(t.folio, &rc));
	assert_int_equal(rc, -EAGAIN);

	assert_int_equal(folio_order(t.folio), HPAGE_PMD_ORDER);
	assert_int_equal(folio_ref_count(t.folio), refs);
	assert_int_equal(folio_mapcount(t.folio), mapped);
	assert_int_equal(folio_entire_mapcount(t.folio), 0);
	assert_true(folio_test_lru(t.folio));
	assert_true(folio_test_partially_mapped(t.folio));
	assert_true(on_deferred_queue(t.w, 0, t.folio));
	for (i = 0; i < mapped; i++) {
		page_info(&t, i, &info);
		assert_string_equal(info.state, "present");
		assert_false(info.pmd_mapped);
		assert_int_equal(info.pfn, t.pfn + i);
		assert_int_equal(info.folio_pfn, t.pfn);
		assert_int_equal(info.token, t.token[i]);
	}
	assert_int_equal(vmstat(t.w, "thp_split_page"), split0);
	assert_int_equal(vmstat(t.w, "thp_split_page_failed"), failed0 + 1);
	CHECK(t.w);

	assert_int_equal(migsim_unpin(t.pw, pin), 0);
	CHECK(t.w);
	thp_free(state, &t);
}

/* ------------------------------------------------------------------ */
/* partial munmap and the deferred split queue                         */

/*
 * 6.12:
 *   fault:           PMD -> H (order 9)        DSQ = [H]  (possibly underused)
 *   munmap the last 16 pages:
 *                    the PMD is split into 512 PTEs (thp_split_pmd + 1),
 *                    16 are zapped:  PTEs -> pages 0..495 of H
 *                    H: partially mapped, PG_partially_mapped
 *                    DSQ = [H]  (still one entry)
 */
static void check_partially_mapped(struct thp *t, unsigned int first, unsigned int nr_mapped)
{
	struct migsim_page_info info;
	unsigned int i;

	assert_int_equal(folio_order(t->folio), HPAGE_PMD_ORDER);
	assert_int_equal(folio_mapcount(t->folio), nr_mapped);
	assert_int_equal(folio_entire_mapcount(t->folio), 0);
	assert_int_equal(folio_ref_count(t->folio), nr_mapped);
	assert_int_equal(t->folio->_nr_pages_mapped, nr_mapped);	/* partially */
	for (i = 0; i < NR; i++) {
		page_info(t, i, &info);
		if (i >= first && i < first + nr_mapped) {
			assert_string_equal(info.state, "present");
			assert_false(info.pmd_mapped);
			assert_int_equal(info.pfn, t->pfn + i);
			assert_int_equal(info.folio_pfn, t->pfn);
			assert_int_equal(info.order, HPAGE_PMD_ORDER);
			assert_true(info.deferred);
			assert_int_equal(info.token, t->token[i]);
		} else {
			assert_string_equal(info.state, "none");
		}
	}
	assert_true(on_deferred_queue(t->w, 0, t->folio));
	assert_int_equal(dsq(t->w, 0)->split_queue_len, 1);
	assert_int_equal(list_count_nodes(&dsq(t->w, 0)->split_queue), 1);
}

static void test_partial_munmap_queues_deferred_split_612(void **state)
{
	struct thp t;
	long pmd0, dsp0, free0;

	make_thp(state, &t, "6.12", true, 0);
	/* 6.12: the fault queued the fresh THP as possibly underused. */
	assert_int_equal(dsq(t.w, 0)->split_queue_len, 1);
	assert_true(on_deferred_queue(t.w, 0, t.folio));
	assert_false(folio_test_partially_mapped(t.folio));
	pmd0 = vmstat(t.w, "thp_split_pmd");
	dsp0 = vmstat(t.w, "thp_deferred_split_page");
	free0 = harness_free_pages(t.w, 0);

	assert_int_equal(migsim_munmap(t.pw, t.pid, t.addr + (NR - NR_UNMAP) * PAGE_SIZE,
				       NR_UNMAP * PAGE_SIZE), 0);
	assert_int_equal(vmstat(t.w, "thp_split_pmd"), pmd0 + 1);
	check_partially_mapped(&t, 0, NR - NR_UNMAP);
	assert_true(folio_test_partially_mapped(t.folio));
	assert_int_equal(vmstat(t.w, "thp_deferred_split_page"), dsp0 + 1);
	assert_int_equal(harness_free_pages(t.w, 0), free0);	/* nothing freed yet */
	CHECK(t.w);
	thp_free(state, &t);
}

/*
 * 6.9:
 *   fault:           PMD -> H (order 9)        DSQ = []   (no underused queueing)
 *   munmap the last 16 pages:
 *                    PTEs -> pages 0..495 of H  DSQ = [H]  (no PG_partially_mapped
 *                    in 6.9: being queued is the only record)
 */
static void test_partial_munmap_queues_deferred_split_69(void **state)
{
	struct thp t;
	struct migsim_page_info info;
	long pmd0, dsp0;

	make_thp(state, &t, "6.9", true, 0);
	assert_int_equal(dsq(t.w, 0)->split_queue_len, 0);
	assert_true(list_empty(&dsq(t.w, 0)->split_queue));
	assert_true(list_empty(&t.folio->_deferred_list));
	page_info(&t, 0, &info);
	assert_false(info.deferred);
	pmd0 = vmstat(t.w, "thp_split_pmd");
	dsp0 = vmstat(t.w, "thp_deferred_split_page");

	assert_int_equal(migsim_munmap(t.pw, t.pid, t.addr + (NR - NR_UNMAP) * PAGE_SIZE,
				       NR_UNMAP * PAGE_SIZE), 0);
	assert_int_equal(vmstat(t.w, "thp_split_pmd"), pmd0 + 1);
	check_partially_mapped(&t, 0, NR - NR_UNMAP);
	assert_false(folio_test_partially_mapped(t.folio));
	assert_int_equal(vmstat(t.w, "thp_deferred_split_page"), dsp0 + 1);
	CHECK(t.w);
	thp_free(state, &t);
}

/* ------------------------------------------------------------------ */
/* deferred_split_scan()                                               */

/*
 * A partially mapped THP on the node's queue; the shrinker splits it:
 *
 *   DSQ = [H]   H: pages [first, first + 496) mapped, 16 unmapped
 *   deferred_split_scan(node 0) = 1
 *   DSQ = []    the 496 mapped pages are order-0 folios on IA (PG_lru,
 *               refcount 1), the 16 unmapped ones are freed: free pages + 16
 */
static void scan_splits_partially_mapped(void **state, const char *kernel,
					 unsigned int first)
{
	struct thp t;
	struct migsim_page_info info;
	const unsigned int mapped = NR - NR_UNMAP;
	unsigned long nr_split = 0;
	uint64_t unmap_at;
	long free0, split0;
	unsigned int i;

	make_thp(state, &t, kernel, true, 0);
	unmap_at = first ? t.addr : t.addr + mapped * PAGE_SIZE;
	assert_int_equal(migsim_munmap(t.pw, t.pid, unmap_at, NR_UNMAP * PAGE_SIZE), 0);
	check_partially_mapped(&t, first, mapped);
	CHECK(t.w);
	free0 = harness_free_pages(t.w, 0);
	split0 = vmstat(t.w, "thp_split_page");

	assert_int_equal(migsim_deferred_split_scan(t.pw, 0, 32, &nr_split), 0);
	assert_int_equal(nr_split, 1);
	assert_true(list_empty(&dsq(t.w, 0)->split_queue));
	assert_int_equal(harness_free_pages(t.w, 0), free0 + NR_UNMAP);
	assert_int_equal(vmstat(t.w, "thp_split_page"), split0 + 1);
	assert_int_equal(lru_pages(t.w, 0, LRU_INACTIVE_ANON), mapped);
	for (i = first; i < first + mapped; i++) {
		struct folio *f = piece(&t, i);

		page_info(&t, i, &info);
		assert_string_equal(info.state, "present");
		assert_int_equal(info.folio_pfn, t.pfn + i);
		assert_int_equal(info.order, 0);
		assert_int_equal(info.token, t.token[i]);
		assert_false(info.deferred);
		assert_true(folio_test_lru(f));
		assert_int_equal(folio_ref_count(f), 1);
	}
	/*
	 * The split took the folio off the queue and decremented
	 * split_queue_len itself (5.2); the scanner subtracts only the folios
	 * it removed without splitting (1.7 step 3).  Checked last so that a
	 * miscount is reported on its own.
	 */
	assert_int_equal(dsq(t.w, 0)->split_queue_len, 0);
	CHECK(t.w);
	thp_free(state, &t);
}

/* 6.12, the last 16 pages unmapped (the head stays mapped). */
static void test_deferred_split_scan_splits_partially_mapped_612(void **state)
{
	scan_splits_partially_mapped(state, "6.12", 0);
}

/* 6.9, the first 16 pages unmapped: the head itself is among the freed. */
static void test_deferred_split_scan_splits_partially_mapped_69(void **state)
{
	scan_splits_partially_mapped(state, "6.9", NR_UNMAP);
}

/* ------------------------------------------------------------------ */
/* 6.12: zero-filled subpages become the shared zero page on split     */

/*
 * Only page 5 of the THP was written; the other 511 are zero-filled.
 *
 *   6.11 split:  PTE 0..511 -> pages 0..511          ("present", token 0 but 5)
 *   6.12 split:  PTE 5      -> page 5                ("present")
 *                PTE others -> the shared zero page  ("zero"); those 511
 *                pieces lose their only reference and are freed.
 */
static void test_split_remaps_zero_filled_subpages_612_not_611(void **state)
{
	static const char *const kernels[] = { "6.11", "6.12" };
	const unsigned int written = 5;
	unsigned int k, i;

	for (k = 0; k < 2; k++) {
		bool remaps = k == 1;
		struct thp t;
		struct migsim_page_info info;
		static int rc;
		long free0, split0;

		make_thp(state, &t, kernels[k], false, written);
		assert_int_equal(dsq(t.w, 0)->split_queue_len, remaps ? 1 : 0);
		free0 = harness_free_pages(t.w, 0);
		split0 = vmstat(t.w, "thp_split_page");

		rc = -1;
		RUN(t.w, split_no_list(t.folio, &rc));
		assert_int_equal(rc, 0);
		assert_int_equal(vmstat(t.w, "thp_split_page"), split0 + 1);
		assert_int_equal(dsq(t.w, 0)->split_queue_len, 0);

		page_info(&t, written, &info);
		assert_string_equal(info.state, "present");
		assert_int_equal(info.pfn, t.pfn + written);
		assert_int_equal(info.order, 0);
		assert_int_equal(info.token, t.token[written]);
		assert_int_not_equal(info.token, 0);

		for (i = 0; i < NR; i++) {
			if (i == written)
				continue;
			page_info(&t, i, &info);
			if (remaps) {
				if (strcmp(info.state, "zero"))
					fail_msg("%s: page %u is \"%s\", expected \"zero\"",
						 kernels[k], i, info.state);
			} else {
				if (strcmp(info.state, "present"))
					fail_msg("%s: page %u is \"%s\", expected \"present\"",
						 kernels[k], i, info.state);
				assert_int_equal(info.pfn, t.pfn + i);
				assert_int_equal(info.order, 0);
				assert_int_equal(info.token, 0);
				assert_int_equal(folio_ref_count(piece(&t, i)), 1);
			}
		}
		assert_int_equal(harness_free_pages(t.w, 0), free0 + (remaps ? NR - 1 : 0));
		assert_int_equal(lru_pages(t.w, 0, LRU_INACTIVE_ANON), remaps ? 1 : NR);
		CHECK(t.w);
		thp_free(state, &t);
	}
}

/* ------------------------------------------------------------------ */
/* the thp_split_page / thp_split_page_failed events                   */

/*
 *   pinned:    split -> -EAGAIN   thp_split_page_failed + 1, thp_split_page + 0
 *   unpinned:  split -> 0         thp_split_page + 1,        thp_split_page_failed + 0
 */
static void test_split_counts_thp_split_page_and_failed(void **state)
{
	struct thp t;
	static int rc;
	long split0, failed0;
	int pin;

	make_thp(state, &t, "6.12", true, 0);
	split0 = vmstat(t.w, "thp_split_page");
	failed0 = vmstat(t.w, "thp_split_page_failed");
	assert_int_equal(split0, 0);
	assert_int_equal(failed0, 0);

	assert_int_equal(migsim_pin(t.pw, t.pid, t.addr + 100 * PAGE_SIZE, &pin), 0);
	rc = 0;
	RUN(t.w, split_no_list(t.folio, &rc));
	assert_int_equal(rc, -EAGAIN);
	assert_int_equal(vmstat(t.w, "thp_split_page"), split0);
	assert_int_equal(vmstat(t.w, "thp_split_page_failed"), failed0 + 1);
	assert_int_equal(migsim_unpin(t.pw, pin), 0);
	CHECK(t.w);

	rc = -1;
	RUN(t.w, split_no_list(t.folio, &rc));
	assert_int_equal(rc, 0);
	assert_int_equal(vmstat(t.w, "thp_split_page"), split0 + 1);
	assert_int_equal(vmstat(t.w, "thp_split_page_failed"), failed0 + 1);
	CHECK(t.w);
	thp_free(state, &t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_split_to_list_tails_descending_then_head_last, teardown),
		cmocka_unit_test_teardown(test_split_without_list_puts_tails_on_lru_before_head, teardown),
		cmocka_unit_test_teardown(test_split_without_list_unevictable_tails_get_pg_lru, teardown),
		cmocka_unit_test_teardown(test_split_with_extra_ref_pmd_mapped_fails_eagain, teardown),
		cmocka_unit_test_teardown(test_split_with_extra_ref_pte_mapped_fails_eagain, teardown),
		cmocka_unit_test_teardown(test_partial_munmap_queues_deferred_split_612, teardown),
		cmocka_unit_test_teardown(test_partial_munmap_queues_deferred_split_69, teardown),
		cmocka_unit_test_teardown(test_deferred_split_scan_splits_partially_mapped_612, teardown),
		cmocka_unit_test_teardown(test_deferred_split_scan_splits_partially_mapped_69, teardown),
		cmocka_unit_test_teardown(test_split_remaps_zero_filled_subpages_612_not_611, teardown),
		cmocka_unit_test_teardown(test_split_counts_thp_split_page_and_failed, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
