// SPDX-License-Identifier: MIT
/*
 * Unit tests of the LRU lists and the per-CPU lru_add batches
 * (lib/mm/swap.c, lib/mm/vmscan.c): folio_add_lru() and its batch,
 * lru_add_drain(), lru_cache_disable(), folio_isolate_lru(),
 * folio_putback_lru(), putback_movable_pages() and the NR_ISOLATED
 * accounting around it, and the last folio_put() of a folio on the LRU.
 *
 * Reference: kernel-migration.md 1.4 (references), 1.6 (LRU lists and the
 * per-CPU batches) and 1.9 (isolation accounting).
 *
 * Most tests allocate bare folios with __folio_alloc() (no mapping, so
 * every reference is one the test can name) and hand them to the LRU code
 * directly; one goes through the public API (mmap, touch, munmap).  The
 * invariant checker only accepts folios whose references it can explain, so
 * each test gives its bare folios back before it calls migsim_check().
 *
 * Pictures: "batch[c]" is CPU c's lru_add batch, "IA"/"AA"/"IF"/"AF"/"UE"
 * are the inactive anon, active anon, inactive file, active file and
 * unevictable lists of a node's lruvec, listed from the list head onwards.
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
#include "internal.h"
#include "entry.h"
#include "world_internal.h"
#include "harness.h"

#define NODE_MIB	64UL

/* Run model code; a report fails the test with the report's message. */
#define RUN(w, expr) do {						\
	int __rc = SIM_RUN((w), ((expr), 0));				\
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

enum kind { ANON, FILE_LRU };

/* The test's world lives in *state, so the teardown frees it even when an
 * assertion ends the test early. */
static struct world *boot(void **state)
{
	struct world *w = harness_world("6.12", 2, NODE_MIB);

	assert_non_null(w);
	*state = w;
	assert_int_equal(w->nr_cpus, 2);
	assert_ptr_equal(w->current_task, w->idle_task);	/* CPU 0 */
	return w;
}

static void done(void **state)
{
	harness_world_free(*state);
	*state = NULL;
}

static int teardown(void **state)
{
	if (*state)
		done(state);
	return 0;
}

/* ---- small wrappers (model code only runs inside SIM_RUN) ---- */

static int alloc_folio_fn(unsigned int order, int nid, enum kind kind, struct folio **out)
{
	struct folio *folio = __folio_alloc(GFP_HIGHUSER_MOVABLE, order, nid, NULL);

	*out = folio;
	if (!folio)
		return -ENOMEM;
	folio_set_uptodate(folio);
	if (kind == ANON)
		__folio_set_swapbacked(folio);
	return 0;
}

/* A bare folio of @order on @nid: refcount 1, no mapping, not on any list. */
static struct folio *alloc_folio(struct world *w, unsigned int order, int nid, enum kind kind)
{
	static struct folio *folio;

	folio = NULL;
	assert_int_equal(SIM_RUN(w, alloc_folio_fn(order, nid, kind, &folio)), 0);
	assert_non_null(folio);
	assert_int_equal(folio_ref_count(folio), 1);
	assert_false(folio_test_lru(folio));
	return folio;
}

static int add_lru_fn(struct folio *folio)
{
	folio_add_lru(folio);
	return 0;
}

static int drain_fn(void)
{
	lru_add_drain();
	return 0;
}

static int put_fn(struct folio *folio)
{
	folio_put(folio);
	return 0;
}

static int putback_lru_fn(struct folio *folio)
{
	folio_putback_lru(folio);
	return 0;
}

static int isolate_fn(struct folio *folio, bool *ok)
{
	*ok = folio_isolate_lru(folio);
	return 0;
}

static bool isolate(struct world *w, struct folio *folio)
{
	static bool ok;

	ok = false;
	RUN(w, isolate_fn(folio, &ok));
	return ok;
}

/* Run @fn as a task on @cpu (its lru_add batch is that CPU's). */
static int run_on_cpu(struct world *w, int cpu, int (*fn)(void))
{
	struct migsim_task_config tc = { .cpu = cpu, .comm = "lru" };
	struct task_struct *t, *prev = w->current_task;
	int pid, rc;

	assert_int_equal(migsim_task_create((struct migsim_world *)w, &tc, &pid), 0);
	t = find_task(w, pid);
	assert_non_null(t);
	w->current_task = t;
	rc = SIM_RUN(w, fn());
	w->current_task = prev;
	return rc;
}

/* Drain every batch, then drop the test's reference on each folio: the
 * last put takes each one off its LRU list and frees it. */
static int release_fn(struct folio **folios, int n)
{
	int i;

	lru_add_drain_all();
	for (i = 0; i < n; i++)
		folio_put(folios[i]);
	return 0;
}

static void release(struct world *w, struct folio **folios, int n)
{
	RUN(w, release_fn(folios, n));
}

/* ---- looking ---- */

static struct folio_batch *batch(struct world *w, int cpu)
{
	return &w->cpu_batches[cpu].lru_add;
}

static bool in_batch(struct world *w, int cpu, struct folio *folio)
{
	unsigned int i;

	for (i = 0; i < batch(w, cpu)->nr; i++)
		if (batch(w, cpu)->folios[i] == folio)
			return true;
	return false;
}

static struct lruvec *lruvec_of(struct world *w, int nid)
{
	return &w->node_data[nid]->__lruvec;
}

static bool on_list(struct list_head *head, struct folio *folio)
{
	struct folio *f;

	list_for_each_entry(f, head, lru)
		if (f == folio)
			return true;
	return false;
}

static bool on_lru(struct world *w, int nid, enum lru_list lru, struct folio *folio)
{
	return on_list(&lruvec_of(w, nid)->lists[lru], folio);
}

/* Pages on one LRU list of @nid; the node counter and the lruvec's size
 * must agree (they are the same number in two places). */
static long lru_pages(struct world *w, int nid, enum lru_list lru)
{
	long stat = w->node_data[nid]->vm_stat[NR_LRU_BASE + lru];

	assert_int_equal(stat, (long)lruvec_of(w, nid)->nr_pages[lru]);
	return stat;
}

static long node_stat(struct world *w, int nid, enum node_stat_item item)
{
	return w->node_data[nid]->vm_stat[item];
}

/* ------------------------------------------------------------------ */
/* folio_add_lru() and the lru_add batch                               */

/*
 *   folio_add_lru(F) on CPU 1:     batch[1] = [F]   IA = []   F: !PG_lru, ref 2
 *   lru_add_drain() on CPU 0:      (CPU 0's batch is empty: nothing moves)
 *   lru_add_drain() on CPU 1:      batch[1] = []    IA = [F]  F: PG_lru, ref 1
 */
static struct folio *g_folio;

static int add_g_folio(void)
{
	return add_lru_fn(g_folio);
}

static void test_add_lru_small_waits_in_this_cpus_batch(void **state)
{
	struct world *w = boot(state);
	struct folio *folio = alloc_folio(w, 0, 0, ANON);

	g_folio = folio;
	assert_int_equal(run_on_cpu(w, 1, add_g_folio), 0);

	assert_false(folio_test_lru(folio));
	assert_int_equal(folio_ref_count(folio), 2);		/* the batch's reference */
	assert_int_equal(batch(w, 1)->nr, 1);
	assert_ptr_equal(batch(w, 1)->folios[0], folio);
	assert_int_equal(batch(w, 0)->nr, 0);
	assert_false(on_lru(w, 0, LRU_INACTIVE_ANON, folio));
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 0);

	/* lru_add_drain() drains only the local CPU: CPU 0 has nothing. */
	RUN(w, drain_fn());
	assert_true(in_batch(w, 1, folio));
	assert_false(folio_test_lru(folio));
	assert_int_equal(folio_ref_count(folio), 2);

	assert_int_equal(run_on_cpu(w, 1, drain_fn), 0);
	assert_int_equal(batch(w, 1)->nr, 0);
	assert_true(folio_test_lru(folio));
	assert_int_equal(folio_ref_count(folio), 1);		/* batch ref dropped */
	assert_true(on_lru(w, 0, LRU_INACTIVE_ANON, folio));
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 1);
	assert_int_equal(node_stat(w, 0, NR_INACTIVE_ANON), 1);

	release(w, &folio, 1);
	CHECK(w);
	done(state);
}

/*
 *   30 adds:   batch[0] = [F0 .. F29]          IA = []
 *   31st add:  the batch is full (PAGEVEC_SIZE = 31) and drains at once:
 *              batch[0] = []   IA = [F30, F29, ..., F0]   (each added at the head)
 */
static void test_add_lru_batch_drains_when_full(void **state)
{
	struct world *w = boot(state);
	struct folio *f[PAGEVEC_SIZE];
	struct list_head *pos;
	int i;

	assert_int_equal(PAGEVEC_SIZE, 31);
	for (i = 0; i < PAGEVEC_SIZE; i++)
		f[i] = alloc_folio(w, 0, 0, ANON);
	for (i = 0; i < PAGEVEC_SIZE - 1; i++)
		RUN(w, add_lru_fn(f[i]));
	assert_int_equal(batch(w, 0)->nr, PAGEVEC_SIZE - 1);
	for (i = 0; i < PAGEVEC_SIZE - 1; i++) {
		assert_ptr_equal(batch(w, 0)->folios[i], f[i]);
		assert_false(folio_test_lru(f[i]));
		assert_int_equal(folio_ref_count(f[i]), 2);
	}
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 0);
	assert_true(list_empty(&lruvec_of(w, 0)->lists[LRU_INACTIVE_ANON]));

	RUN(w, add_lru_fn(f[PAGEVEC_SIZE - 1]));
	assert_int_equal(batch(w, 0)->nr, 0);
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), PAGEVEC_SIZE);
	assert_int_equal(node_stat(w, 0, NR_INACTIVE_ANON), PAGEVEC_SIZE);
	for (i = 0; i < PAGEVEC_SIZE; i++) {
		assert_true(folio_test_lru(f[i]));
		assert_int_equal(folio_ref_count(f[i]), 1);
	}
	/* lruvec_add_folio() adds at the head: the list reads newest first. */
	i = PAGEVEC_SIZE;
	list_for_each(pos, &lruvec_of(w, 0)->lists[LRU_INACTIVE_ANON])
		assert_ptr_equal(list_entry(pos, struct folio, lru), f[--i]);
	assert_int_equal(i, 0);

	release(w, f, PAGEVEC_SIZE);
	CHECK(w);
	done(state);
}

/*
 *   add S (small):   batch[0] = [S]      IA = []
 *   add L (order 2): large: the whole batch drains at once
 *                    batch[0] = []       IA = [L, S]   nr_inactive_anon = 1 + 4
 */
static void test_add_lru_large_folio_drains_at_once(void **state)
{
	struct world *w = boot(state);
	struct folio *f[2];

	f[0] = alloc_folio(w, 0, 0, ANON);
	f[1] = alloc_folio(w, 2, 0, ANON);
	assert_true(folio_test_large(f[1]));

	RUN(w, add_lru_fn(f[0]));
	assert_int_equal(batch(w, 0)->nr, 1);
	assert_false(folio_test_lru(f[0]));

	RUN(w, add_lru_fn(f[1]));
	assert_int_equal(batch(w, 0)->nr, 0);
	assert_true(folio_test_lru(f[0]));
	assert_true(folio_test_lru(f[1]));
	assert_int_equal(folio_ref_count(f[0]), 1);
	assert_int_equal(folio_ref_count(f[1]), 1);
	assert_true(on_lru(w, 0, LRU_INACTIVE_ANON, f[0]));
	assert_true(on_lru(w, 0, LRU_INACTIVE_ANON, f[1]));
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 1 + 4);
	assert_int_equal(node_stat(w, 0, NR_INACTIVE_ANON), 5);

	release(w, f, 2);
	CHECK(w);
	done(state);
}

/*
 *   add A:               batch[0] = [A]      IA = []
 *   lru_cache_disable(): drains every CPU    IA = [A]       lru_disable_count = 1
 *   add B:               no batching         IA = [B, A]
 *   lru_cache_enable():                      lru_disable_count = 0
 *   add C:               batch[0] = [C]      IA = [B, A]
 */
static int disable_fn(void)
{
	lru_cache_disable();
	return 0;
}

static int enable_fn(void)
{
	lru_cache_enable();
	return 0;
}

static void test_add_lru_with_lru_cache_disabled_drains_at_once(void **state)
{
	struct world *w = boot(state);
	struct folio *f[3];
	int i;

	for (i = 0; i < 3; i++)
		f[i] = alloc_folio(w, 0, 0, ANON);

	RUN(w, add_lru_fn(f[0]));
	assert_true(in_batch(w, 0, f[0]));

	RUN(w, disable_fn());
	assert_int_equal(w->lru_disable_count, 1);
	assert_int_equal(batch(w, 0)->nr, 0);
	assert_true(folio_test_lru(f[0]));
	assert_int_equal(folio_ref_count(f[0]), 1);

	RUN(w, add_lru_fn(f[1]));
	assert_int_equal(batch(w, 0)->nr, 0);
	assert_true(folio_test_lru(f[1]));
	assert_int_equal(folio_ref_count(f[1]), 1);
	assert_true(on_lru(w, 0, LRU_INACTIVE_ANON, f[1]));
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 2);

	RUN(w, enable_fn());
	assert_int_equal(w->lru_disable_count, 0);
	RUN(w, add_lru_fn(f[2]));
	assert_true(in_batch(w, 0, f[2]));
	assert_false(folio_test_lru(f[2]));
	assert_int_equal(folio_ref_count(f[2]), 2);
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 2);

	release(w, f, 3);
	CHECK(w);
	done(state);
}

/*
 * Folios of node 1, added from CPU 0 (node 0): the lruvec is the folio's
 * node's, not the CPU's.
 *
 *   batch[0] = [IA1, AA1, IF1, AF1, UE1]  --drain-->
 *   node 1:  IA = [IA1]  AA = [AL, AA1]  IF = [IF1]  AF = [AF1]  UE = [UE1]
 *   (AL: an active anon order-2 folio, added last, drains the batch itself)
 */
static void test_drain_puts_folios_on_their_lists(void **state)
{
	struct world *w = boot(state);
	struct folio *ia, *aa, *iff, *af, *ue, *al;
	struct folio *all[6];
	enum lru_list lru;
	int i;

	ia = alloc_folio(w, 0, 1, ANON);
	aa = alloc_folio(w, 0, 1, ANON);
	folio_set_active(aa);
	iff = alloc_folio(w, 0, 1, FILE_LRU);
	af = alloc_folio(w, 0, 1, FILE_LRU);
	folio_set_active(af);
	ue = alloc_folio(w, 0, 1, ANON);
	folio_set_unevictable(ue);
	al = alloc_folio(w, 2, 1, ANON);
	folio_set_active(al);
	all[0] = ia, all[1] = aa, all[2] = iff, all[3] = af, all[4] = ue, all[5] = al;

	for (i = 0; i < 5; i++)
		RUN(w, add_lru_fn(all[i]));
	assert_int_equal(batch(w, 0)->nr, 5);
	for (lru = 0; lru < NR_LRU_LISTS; lru++) {
		assert_int_equal(lru_pages(w, 0, lru), 0);
		assert_int_equal(lru_pages(w, 1, lru), 0);
	}

	RUN(w, add_lru_fn(al));		/* large: drains the batch */
	assert_int_equal(batch(w, 0)->nr, 0);
	for (i = 0; i < 6; i++) {
		assert_true(folio_test_lru(all[i]));
		assert_int_equal(folio_ref_count(all[i]), 1);
	}
	assert_true(on_lru(w, 1, LRU_INACTIVE_ANON, ia));
	assert_true(on_lru(w, 1, LRU_ACTIVE_ANON, aa));
	assert_true(on_lru(w, 1, LRU_ACTIVE_ANON, al));
	assert_true(on_lru(w, 1, LRU_INACTIVE_FILE, iff));
	assert_true(on_lru(w, 1, LRU_ACTIVE_FILE, af));
	/* Unevictable folios are counted and PG_lru, but linked on no list. */
	assert_false(on_lru(w, 1, LRU_UNEVICTABLE, ue));
	assert_true(list_empty(&lruvec_of(w, 1)->lists[LRU_UNEVICTABLE]));

	assert_int_equal(lru_pages(w, 1, LRU_INACTIVE_ANON), 1);
	assert_int_equal(lru_pages(w, 1, LRU_ACTIVE_ANON), 1 + 4);
	assert_int_equal(lru_pages(w, 1, LRU_INACTIVE_FILE), 1);
	assert_int_equal(lru_pages(w, 1, LRU_ACTIVE_FILE), 1);
	assert_int_equal(lru_pages(w, 1, LRU_UNEVICTABLE), 1);
	assert_int_equal(node_stat(w, 1, NR_INACTIVE_ANON), 1);
	assert_int_equal(node_stat(w, 1, NR_ACTIVE_ANON), 5);
	assert_int_equal(node_stat(w, 1, NR_INACTIVE_FILE), 1);
	assert_int_equal(node_stat(w, 1, NR_ACTIVE_FILE), 1);
	assert_int_equal(node_stat(w, 1, NR_UNEVICTABLE), 1);
	for (lru = 0; lru < NR_LRU_LISTS; lru++)
		assert_int_equal(lru_pages(w, 0, lru), 0);

	release(w, all, 6);
	for (lru = 0; lru < NR_LRU_LISTS; lru++)
		assert_int_equal(lru_pages(w, 1, lru), 0);
	CHECK(w);
	done(state);
}

/*
 * Reference 1.6: draining puts a folio that is not evictable on the
 * unevictable list "with mlock_count 0" (in the kernel, mlock_count shares
 * its word with lru.prev, and an unevictable folio is linked on no list).
 *
 *   UE: F->mlock_count = 7 before folio_add_lru();  drained:  mlock_count == 0
 */
static void test_drain_unevictable_folio_gets_mlock_count_0(void **state)
{
	struct world *w = boot(state);
	struct folio *ue = alloc_folio(w, 0, 0, ANON);

	folio_set_unevictable(ue);
	ue->mlock_count = 7;
	RUN(w, add_lru_fn(ue));
	RUN(w, drain_fn());
	assert_true(folio_test_lru(ue));
	assert_int_equal(folio_ref_count(ue), 1);
	assert_int_equal(lru_pages(w, 0, LRU_UNEVICTABLE), 1);
	assert_int_equal(node_stat(w, 0, NR_UNEVICTABLE), 1);
	assert_int_equal(ue->mlock_count, 0);

	release(w, &ue, 1);
	assert_int_equal(lru_pages(w, 0, LRU_UNEVICTABLE), 0);
	CHECK(w);
	done(state);
}

/* ------------------------------------------------------------------ */
/* folio_isolate_lru()                                                 */

/*
 *   before:         IA = [F]   F: PG_lru, ref 1
 *   1st isolation:  IA = []    F: !PG_lru, ref 2      -> true
 *   2nd isolation:  IA = []    F: !PG_lru, ref 2      -> false, nothing changed
 */
static void test_isolate_lru_clears_lru_takes_ref_and_unlinks(void **state)
{
	struct world *w = boot(state);
	struct folio *f[2];

	f[0] = alloc_folio(w, 0, 0, ANON);
	f[1] = alloc_folio(w, 0, 0, ANON);
	RUN(w, add_lru_fn(f[0]));
	RUN(w, add_lru_fn(f[1]));
	RUN(w, drain_fn());
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 2);

	assert_true(isolate(w, f[0]));
	assert_false(folio_test_lru(f[0]));
	assert_int_equal(folio_ref_count(f[0]), 2);
	assert_false(on_lru(w, 0, LRU_INACTIVE_ANON, f[0]));
	assert_true(on_lru(w, 0, LRU_INACTIVE_ANON, f[1]));	/* its neighbour stays */
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 1);
	assert_int_equal(node_stat(w, 0, NR_INACTIVE_ANON), 1);
	/* Isolation does not account NR_ISOLATED: the caller does. */
	assert_int_equal(node_stat(w, 0, NR_ISOLATED_ANON), 0);

	assert_false(isolate(w, f[0]));
	assert_false(folio_test_lru(f[0]));
	assert_int_equal(folio_ref_count(f[0]), 2);
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 1);
	assert_true(on_lru(w, 0, LRU_INACTIVE_ANON, f[1]));
	assert_int_equal(folio_ref_count(f[1]), 1);

	RUN(w, put_fn(f[0]));	/* the isolation reference */
	release(w, f, 2);
	CHECK(w);
	done(state);
}

/*
 *   folio_add_lru(F):    batch[0] = [F]   F: !PG_lru, ref 2
 *   isolation:           fails (PG_lru is clear): batch[0] = [F], ref 2
 *   lru_add_drain():     IA = [F]         isolation now succeeds
 */
static void test_isolate_lru_fails_while_in_batch(void **state)
{
	struct world *w = boot(state);
	struct folio *folio = alloc_folio(w, 0, 0, ANON);

	RUN(w, add_lru_fn(folio));
	assert_true(in_batch(w, 0, folio));

	assert_false(isolate(w, folio));
	assert_true(in_batch(w, 0, folio));
	assert_int_equal(batch(w, 0)->nr, 1);
	assert_false(folio_test_lru(folio));
	assert_int_equal(folio_ref_count(folio), 2);
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 0);

	RUN(w, drain_fn());
	assert_true(isolate(w, folio));
	assert_int_equal(folio_ref_count(folio), 2);
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 0);

	RUN(w, put_fn(folio));	/* the isolation reference */
	release(w, &folio, 1);
	CHECK(w);
	done(state);
}

/* ------------------------------------------------------------------ */
/* putback                                                             */

/*
 *   isolated:             IA = []          S: ref 2 (isolation)   L: ref 2
 *   folio_putback_lru(S): batch[0] = [S]   S: ref 2 (batch; isolation ref dropped)
 *   folio_putback_lru(L): large: straight onto the LRU, L: ref 1
 *   lru_add_drain():      IA = [S, L]      S: ref 1, PG_lru
 */
static void test_putback_lru_returns_folio_and_drops_isolation_ref(void **state)
{
	struct world *w = boot(state);
	struct folio *f[2];

	f[0] = alloc_folio(w, 0, 0, ANON);
	f[1] = alloc_folio(w, 2, 0, ANON);
	RUN(w, add_lru_fn(f[0]));
	RUN(w, add_lru_fn(f[1]));
	assert_true(isolate(w, f[0]));
	assert_true(isolate(w, f[1]));
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 0);

	RUN(w, putback_lru_fn(f[0]));
	assert_true(in_batch(w, 0, f[0]));
	assert_false(folio_test_lru(f[0]));
	assert_int_equal(folio_ref_count(f[0]), 2);

	RUN(w, putback_lru_fn(f[1]));
	assert_true(folio_test_lru(f[1]));
	assert_int_equal(folio_ref_count(f[1]), 1);
	assert_true(on_lru(w, 0, LRU_INACTIVE_ANON, f[1]));

	RUN(w, drain_fn());
	assert_true(folio_test_lru(f[0]));
	assert_int_equal(folio_ref_count(f[0]), 1);
	assert_true(on_lru(w, 0, LRU_INACTIVE_ANON, f[0]));
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 1 + 4);

	release(w, f, 2);
	CHECK(w);
	done(state);
}

/*
 * What migration callers do (1.9): isolate, add nr_pages to NR_ISOLATED_*
 * by hand, queue on a private list; putback_movable_pages() undoes both.
 *
 *   list = [A (anon, 1 page), L (anon, 4 pages), F (file, 1 page)]
 *   NR_ISOLATED_ANON = 5, NR_ISOLATED_FILE = 1
 *   putback_movable_pages(list), in list order:
 *     A: batch[0] = [A]
 *     L: large: drains the batch with it     IA = [L, A]   batch[0] = []
 *     F: batch[0] = [F]
 *   list = []   NR_ISOLATED_ANON = 0, NR_ISOLATED_FILE = 0
 *   drained:    IA = [L, A]   IF = [F]
 */
static int isolate_to_list_fn(struct folio **folios, int n, struct list_head *list)
{
	int i;

	lru_add_drain();
	for (i = 0; i < n; i++) {
		struct folio *folio = folios[i];

		if (!folio_isolate_lru(folio))
			return -EBUSY;
		list_add_tail(&folio->lru, list);
		node_stat_mod_folio(folio, folio_is_file_lru(folio) ? NR_ISOLATED_FILE :
				    NR_ISOLATED_ANON, folio_nr_pages(folio));
	}
	return 0;
}

static int putback_fn(struct list_head *list)
{
	putback_movable_pages(list);
	return 0;
}

static void test_putback_movable_pages_balances_nr_isolated(void **state)
{
	struct world *w = boot(state);
	struct folio *f[3];
	LIST_HEAD(list);
	int i;

	f[0] = alloc_folio(w, 0, 0, ANON);
	f[1] = alloc_folio(w, 2, 0, ANON);
	f[2] = alloc_folio(w, 0, 0, FILE_LRU);
	for (i = 0; i < 3; i++)
		RUN(w, add_lru_fn(f[i]));

	assert_int_equal(SIM_RUN(w, isolate_to_list_fn(f, 3, &list)), 0);
	assert_int_equal(list_count_nodes(&list), 3);
	assert_int_equal(node_stat(w, 0, NR_ISOLATED_ANON), 1 + 4);
	assert_int_equal(node_stat(w, 0, NR_ISOLATED_FILE), 1);
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 0);
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_FILE), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(folio_ref_count(f[i]), 2);

	RUN(w, putback_fn(&list));
	assert_true(list_empty(&list));
	assert_int_equal(node_stat(w, 0, NR_ISOLATED_ANON), 0);
	assert_int_equal(node_stat(w, 0, NR_ISOLATED_FILE), 0);
	assert_int_equal(batch(w, 0)->nr, 1);
	assert_true(in_batch(w, 0, f[2]));
	assert_false(folio_test_lru(f[2]));
	assert_int_equal(folio_ref_count(f[2]), 2);
	for (i = 0; i < 2; i++) {
		assert_true(folio_test_lru(f[i]));
		assert_int_equal(folio_ref_count(f[i]), 1);
	}

	RUN(w, drain_fn());
	for (i = 0; i < 3; i++) {
		assert_true(folio_test_lru(f[i]));
		assert_int_equal(folio_ref_count(f[i]), 1);
	}
	assert_true(on_lru(w, 0, LRU_INACTIVE_ANON, f[0]));
	assert_true(on_lru(w, 0, LRU_INACTIVE_ANON, f[1]));
	assert_true(on_lru(w, 0, LRU_INACTIVE_FILE, f[2]));
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 5);
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_FILE), 1);

	release(w, f, 3);
	CHECK(w);
	done(state);
}

/* ------------------------------------------------------------------ */
/* the last folio_put()                                                */

/*
 *   IA = [L, S]   S: ref 1, L (order 2): ref 1
 *   folio_put(S): IA = [L]   free pages + 1
 *   folio_put(L): IA = []    free pages + 4
 * ("free pages": NR_FREE_PAGES plus the per-CPU free lists, see harness_free_pages())
 */
static void test_last_put_of_lru_folio_unlinks_and_frees(void **state)
{
	struct world *w = boot(state);
	struct folio *s, *l;
	long free0;

	s = alloc_folio(w, 0, 0, ANON);
	l = alloc_folio(w, 2, 0, ANON);
	RUN(w, add_lru_fn(s));
	RUN(w, add_lru_fn(l));
	assert_true(on_lru(w, 0, LRU_INACTIVE_ANON, s));
	assert_true(on_lru(w, 0, LRU_INACTIVE_ANON, l));
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 5);
	free0 = harness_free_pages(w, 0);

	RUN(w, put_fn(s));
	assert_false(on_lru(w, 0, LRU_INACTIVE_ANON, s));
	assert_true(on_lru(w, 0, LRU_INACTIVE_ANON, l));
	assert_false(folio_test_lru(s));
	assert_int_equal(folio_ref_count(s), 0);
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 4);
	assert_int_equal(harness_free_pages(w, 0), free0 + 1);

	RUN(w, put_fn(l));
	assert_true(list_empty(&lruvec_of(w, 0)->lists[LRU_INACTIVE_ANON]));
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 0);
	assert_int_equal(harness_free_pages(w, 0), free0 + 1 + 4);
	CHECK(w);
	done(state);
}

/*
 * The same through the public API: a written page's folio waits in the
 * task's CPU batch, reaches the LRU on a drain, and munmap's zap drops the
 * last reference (the mapping's), which unlinks and frees it.
 *
 *   touch:  batch[1] = [F]   F: ref 2 (mapping + batch)
 *   drain:  IA = [F]         F: ref 1 (mapping)
 *   munmap: IA = []          freed: free pages + 1
 */
static void test_munmap_of_last_mapping_frees_lru_folio(void **state)
{
	struct world *w = boot(state);
	struct migsim_world *pw = (struct migsim_world *)w;
	struct migsim_task_config tc = { .cpu = 1, .comm = "user" };
	struct migsim_page_info info;
	struct folio *folio;
	uint64_t addr;
	long free0;
	int pid;

	assert_int_equal(migsim_task_create(pw, &tc, &pid), 0);
	assert_int_equal(migsim_mmap(pw, pid, 0, PAGE_SIZE, MIGSIM_MAP_PRIVATE, 0, &addr), 0);
	assert_int_equal(migsim_touch(pw, pid, addr, PAGE_SIZE, 1), 0);
	assert_int_equal(migsim_page_info(pw, pid, addr, &info), 0);
	assert_string_equal(info.state, "present");
	folio = page_folio(pfn_to_page(info.pfn));
	assert_true(in_batch(w, 1, folio));
	assert_false(folio_test_lru(folio));
	assert_int_equal(folio_ref_count(folio), 2);
	CHECK(w);	/* a batched folio is a holder the checker knows */

	assert_int_equal(migsim_lru_drain(pw), 0);
	assert_true(folio_test_lru(folio));
	assert_int_equal(folio_ref_count(folio), 1);
	assert_true(on_lru(w, 0, LRU_INACTIVE_ANON, folio));
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 1);
	free0 = harness_free_pages(w, 0);

	assert_int_equal(migsim_munmap(pw, pid, addr, PAGE_SIZE), 0);
	assert_false(on_lru(w, 0, LRU_INACTIVE_ANON, folio));
	assert_int_equal(lru_pages(w, 0, LRU_INACTIVE_ANON), 0);
	assert_int_equal(harness_free_pages(w, 0), free0 + 1);
	CHECK(w);
	done(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_add_lru_small_waits_in_this_cpus_batch, teardown),
		cmocka_unit_test_teardown(test_add_lru_batch_drains_when_full, teardown),
		cmocka_unit_test_teardown(test_add_lru_large_folio_drains_at_once, teardown),
		cmocka_unit_test_teardown(test_add_lru_with_lru_cache_disabled_drains_at_once, teardown),
		cmocka_unit_test_teardown(test_drain_puts_folios_on_their_lists, teardown),
		cmocka_unit_test_teardown(test_drain_unevictable_folio_gets_mlock_count_0, teardown),
		cmocka_unit_test_teardown(test_isolate_lru_clears_lru_takes_ref_and_unlinks, teardown),
		cmocka_unit_test_teardown(test_isolate_lru_fails_while_in_batch, teardown),
		cmocka_unit_test_teardown(test_putback_lru_returns_folio_and_drops_isolation_ref, teardown),
		cmocka_unit_test_teardown(test_putback_movable_pages_balances_nr_isolated, teardown),
		cmocka_unit_test_teardown(test_last_put_of_lru_folio_unlinks_and_frees, teardown),
		cmocka_unit_test_teardown(test_munmap_of_last_mapping_frees_lru_folio, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
