// SPDX-License-Identifier: MIT
/*
 * Compaction (reference 6.4, 9 e3) through the public API: a fragmented
 * node compacted until an order-9 block is free (data kept, pages moved up
 * toward the free scanner, a THP fault that fell back now gets a THP), the
 * counters, ASYNC vs SYNC_LIGHT on a folio that goes under writeback, a
 * pinned folio left in place, large folios by profile, the VM_BUG_ON of
 * compact_zone() under 6.10-rc1, and bad arguments that change nothing.
 *
 * The tests compact node 1 (it starts at pfn 0x40000; node 0 starts at pfn
 * 0, where compaction's "last migrated pfn 0 = none" reads oddly).
 *
 *   node 1 after migsim_fragment_node():  [A.A.A.A. ... A.A.A.]   A in use, . free
 *   compaction:  migrate scanner ->                 <- free scanner
 *   after:       [........ ...  ][AAAA..      ]   pageblock 0 free, order 9
 */
#include "callers_fixture.h"

#define NODE 1
#define NODE_PAGES 4096ULL		/* 16 MiB */
#define PAGES_PER_BLOCK 512ULL

static struct migsim_world *world(const char *kernel)
{
	struct migsim_task_config tc = { .pid = PID, .comm = "t" };
	struct migsim_config cfg;
	struct migsim_world *w;
	char err[256];

	migsim_config_init(&cfg);
	cfg.kernel = kernel;
	cfg.node_size[0] = 64 * MiB;
	cfg.node_size[1] = NODE_PAGES * PG;
	printf("# seed %llu, kernel %s\n", (unsigned long long)cfg.seed, kernel);
	if (migsim_world_create(&cfg, &w, err, sizeof(err)))
		fail_msg("world: %s", err);
	assert_int_equal(migsim_task_create(w, &tc, NULL), 0);
	return w;
}

static void world_free(struct migsim_world *w)
{
	if (migsim_outcome(w) != MIGSIM_OK)
		fail_msg("run ended: %s", migsim_last_report(w)->message);
	assert_int_equal(migsim_check(w), 0);
	migsim_world_destroy(w);
}

static long counter(struct migsim_world *w, const char *name)
{
	long v;

	assert_int_equal(migsim_vmstat(w, name, &v), 0);
	return v;
}

static struct migsim_page_info info(struct migsim_world *w, uint64_t addr)
{
	struct migsim_page_info pi;

	assert_int_equal(migsim_page_info(w, PID, addr, &pi), 0);
	return pi;
}

static uint64_t node_start(struct migsim_world *w)
{
	struct migsim_node_info ni;

	assert_int_equal(migsim_node_info(w, NODE, &ni), 0);
	return ni.start_pfn;
}

/* The whole of node 1 in use, every other page then freed. */
#define FRAG_LEN (NODE_PAGES * PG)
struct frag {
	uint64_t addr;
	uint64_t pfn[NODE_PAGES / 2];
	uint64_t token[NODE_PAGES / 2];
	unsigned int n;			/* remaining pages that are on node 1 */
};

static void fragment(struct migsim_world *w, struct frag *f)
{
	uint64_t i;

	assert_int_equal(migsim_fragment_node(w, PID, NODE, FRAG_LEN, &f->addr), 0);
	f->n = 0;
	for (i = 0; i < NODE_PAGES / 2; i++) {
		struct migsim_page_info pi = info(w, f->addr + (2 * i + 1) * PG);

		assert_string_equal(pi.state, "present");
		f->pfn[i] = pi.pfn;
		f->token[i] = pi.token;
		f->n += pi.node == NODE;
	}
	assert_true(f->n > NODE_PAGES / 2 - 64);
}

/* Every remaining page kept its data; returns how many moved (up). */
static unsigned int check_moved_up(struct migsim_world *w, const struct frag *f)
{
	unsigned int i, moved = 0;

	for (i = 0; i < NODE_PAGES / 2; i++) {
		struct migsim_page_info pi = info(w, f->addr + (2ULL * i + 1) * PG);

		assert_string_equal(pi.state, "present");
		assert_true(pi.token == f->token[i] && pi.token != 0);
		if (pi.pfn != f->pfn[i]) {
			/* The free scanner works down from the top of the node:
			 * a page only ever moves to a higher pfn. */
			assert_true(pi.pfn > f->pfn[i]);
			assert_int_equal(pi.node, NODE);
			moved++;
		}
	}
	return moved;
}

/* Pages of the fragment in @pfn's pageblock (512 pages) that moved. */
static unsigned int moved_in_block(struct migsim_world *w, const struct frag *f, uint64_t pfn)
{
	unsigned int i, moved = 0;

	for (i = 0; i < NODE_PAGES / 2; i++)
		if (f->pfn[i] >> 9 == pfn >> 9 &&
		    info(w, f->addr + (2ULL * i + 1) * PG).pfn != f->pfn[i])
			moved++;
	return moved;
}

/* A THP fault on node 1 in a fresh 2 MiB range: 1 if it got a THP. */
static int thp_fault(struct migsim_world *w)
{
	long before = counter(w, "thp_fault_alloc");
	uint64_t a;

	assert_int_equal(migsim_mmap(w, PID, 0, 2 * MiB, MIGSIM_MAP_PRIVATE | MIGSIM_MAP_THP,
				     NODE, &a), 0);
	assert_int_equal(migsim_touch(w, PID, a, PG, 1), 0);
	if (counter(w, "thp_fault_alloc") == before + 1) {
		struct migsim_page_info pi = info(w, a);

		assert_true(pi.pmd_mapped);
		assert_int_equal(pi.node, NODE);
		assert_int_equal(pi.order, 9);
		return 1;
	}
	return 0;
}

/*
 * Success: a fully fragmented node, direct compaction for order 9.  The
 * THP fault before falls back; compaction frees an order-9 block by moving
 * the pages of the lowest pageblocks up into the holes at the top; the
 * data of every page is kept; the THP fault after gets a THP.
 */
static void compact_success(enum migsim_mode mode)
{
	struct migsim_world *w = world("6.12");
	struct migsim_compact_result r;
	static struct frag f;
	long fallback, stall, succ, fail, mscan, fscan, iso, migr;
	unsigned int moved;

	fragment(w, &f);
	fallback = counter(w, "thp_fault_fallback");
	assert_int_equal(thp_fault(w), 0);
	assert_int_equal(counter(w, "thp_fault_fallback"), fallback + 1);

	stall = counter(w, "compact_stall");
	succ = counter(w, "compact_success");
	fail = counter(w, "compact_fail");
	mscan = counter(w, "compact_migrate_scanned");
	fscan = counter(w, "compact_free_scanned");
	iso = counter(w, "compact_isolated");
	migr = counter(w, "pgmigrate_success");
	assert_int_equal(migsim_compact_node(w, NODE, 9, mode, &r), 0);
	printf("# %s: %s, scanned %llu/%llu, isolated %llu/%llu, migrated %llu, %u calls\n",
	       mode == MIGSIM_MIGRATE_ASYNC ? "async" : "sync_light",
	       migsim_compact_status_name(r.status), (unsigned long long)r.migrate_scanned,
	       (unsigned long long)r.free_scanned, (unsigned long long)r.migrate_isolated,
	       (unsigned long long)r.free_isolated, (unsigned long long)r.nr_migrated,
	       r.migrate_calls);
	assert_int_equal(r.status, MIGSIM_COMPACT_SUCCESS);
	assert_string_equal(migsim_compact_status_name(r.status), "success");
	assert_true(r.order_free);
	assert_false(r.contended);
	/* At least one pageblock's worth of pages in use had to move. */
	assert_true(r.nr_migrated >= PAGES_PER_BLOCK / 2 - 32);
	assert_int_equal(r.nr_putback, 0);
	/* A first batch of COMPACT_CLUSTER_MAX pages, then (finish_pageblock:
	 * the scanner is back in the block it migrated from) the rest of the
	 * pageblock in one batch. */
	assert_int_equal(r.migrate_calls, 2);
	/* The counters are the pass's. */
	assert_int_equal(counter(w, "compact_stall"), stall + 1);
	assert_int_equal(counter(w, "compact_success"), succ + 1);
	assert_int_equal(counter(w, "compact_fail"), fail);
	assert_int_equal(counter(w, "compact_migrate_scanned") - mscan, (long)r.migrate_scanned);
	assert_int_equal(counter(w, "compact_free_scanned") - fscan, (long)r.free_scanned);
	assert_int_equal(counter(w, "compact_isolated") - iso,
			 (long)(r.migrate_isolated + r.free_isolated));
	assert_int_equal(counter(w, "pgmigrate_success") - migr, (long)r.nr_migrated);
	assert_int_equal(r.migrate_isolated, r.nr_migrated);
	assert_true(r.free_isolated >= r.nr_migrated);
	assert_true(r.migrate_scanned >= PAGES_PER_BLOCK);

	moved = check_moved_up(w, &f);
	assert_int_equal(moved, r.nr_migrated);
	assert_int_equal(migsim_check(w), 0);
	assert_int_equal(thp_fault(w), 1);
	world_free(w);
}

static void test_compact_success_sync_light(void **state)
{
	(void)state;
	compact_success(MIGSIM_MIGRATE_SYNC_LIGHT);
}

static void test_compact_success_async(void **state)
{
	(void)state;
	compact_success(MIGSIM_MIGRATE_ASYNC);
}

/*
 * Nothing to do: a node with never-touched memory has free order-9 blocks,
 * so direct compaction succeeds at once (and counts a stall and a success,
 * as __alloc_pages_direct_compact() does); a node with too little free
 * memory is skipped (no stall); the whole-node pass scans and completes
 * without the direct-compaction counters.
 */
static void test_compact_nothing_to_do_and_skipped(void **state)
{
	struct migsim_world *w = world("6.12");
	struct migsim_compact_result r;
	long stall = counter(w, "compact_stall"), succ, mscan;
	static struct frag f;
	int pin, n = 0;
	uint64_t pfn;

	(void)state;
	assert_int_equal(migsim_compact_node(w, NODE, 9, MIGSIM_MIGRATE_ASYNC, &r), 0);
	assert_int_equal(r.status, MIGSIM_COMPACT_SUCCESS);
	assert_int_equal(r.migrate_scanned + r.free_scanned, 0);
	assert_int_equal(counter(w, "compact_stall"), stall + 1);

	/* Fill node 1 with unmovable kernel pages but 512: too little free
	 * for order 9 (watermark + 2 << 9). */
	fragment(w, &f);
	while (migsim_alloc_kernel_page(w, NODE, &pin, &pfn) == 0)
		n++;
	assert_true(n > 0);
	stall = counter(w, "compact_stall");
	succ = counter(w, "compact_success");
	mscan = counter(w, "compact_migrate_scanned");
	assert_int_equal(migsim_compact_node(w, NODE, 9, MIGSIM_MIGRATE_SYNC_LIGHT, &r), 0);
	assert_int_equal(r.status, MIGSIM_COMPACT_SKIPPED);
	assert_string_equal(migsim_compact_status_name(r.status), "skipped");
	assert_false(r.order_free);
	assert_int_equal(counter(w, "compact_stall"), stall);
	assert_int_equal(counter(w, "compact_migrate_scanned"), mscan);

	/* The whole node: scans to the end, counts no stall or success. */
	assert_int_equal(migsim_compact_node(w, NODE, MIGSIM_COMPACT_ALL, MIGSIM_MIGRATE_SYNC,
					     &r), 0);
	assert_int_equal(r.status, MIGSIM_COMPACT_COMPLETE);
	assert_true(r.migrate_scanned > 0);
	assert_int_equal(counter(w, "compact_stall"), stall);
	assert_int_equal(counter(w, "compact_success"), succ);
	world_free(w);
}

/* Pin the first remaining page of the node's lowest pageblock. */
static uint64_t lowest_addr(const struct frag *f)
{
	unsigned int i, best = 0;

	for (i = 1; i < NODE_PAGES / 2; i++)
		if (f->pfn[i] < f->pfn[best])
			best = i;
	return f->addr + (2ULL * best + 1) * PG;
}

/*
 * A pinned folio (GUP reference) is not isolated: the migrate scanner's
 * "refcount - 1 > mapcount" test skips it, so it stays at its pfn with its
 * data, its pageblock cannot become free, and compaction frees another.
 * Under direct ASYNC compaction its whole order-9 block is given up at
 * that page (skip_on_failure).
 */
static void pinned(enum migsim_mode mode)
{
	struct migsim_world *w = world("6.12");
	struct migsim_compact_result r;
	struct migsim_page_info before, after;
	static struct frag f;
	long fail, iso;
	uint64_t a;
	int pin;

	fragment(w, &f);
	a = lowest_addr(&f);
	before = info(w, a);
	assert_int_equal(migsim_pin(w, PID, a, &pin), 0);
	fail = counter(w, "pgmigrate_fail");
	iso = counter(w, "compact_isolated");
	assert_int_equal(migsim_compact_node(w, NODE, 9, mode, &r), 0);
	/* Never isolated, so never a migration failure either. */
	assert_int_equal(counter(w, "pgmigrate_fail"), fail);
	assert_int_equal(counter(w, "compact_isolated") - iso,
			 (long)(r.migrate_isolated + r.free_isolated));
	after = info(w, a);
	assert_int_equal(after.pfn, before.pfn);
	assert_true(after.token == before.token);
	assert_int_equal(after.refcount, 2);	/* the mapping and the pin */
	assert_int_equal(r.status, MIGSIM_COMPACT_SUCCESS);
	assert_int_equal(r.nr_putback, 0);
	assert_int_equal(r.migrate_isolated, r.nr_migrated);
	/* The block freed is not the pinned page's. */
	assert_true(check_moved_up(w, &f) > 0);
	/* Under ASYNC the pinned page's pageblock is given up at it
	 * (skip_on_failure): none of that block's pages moved.  Under
	 * SYNC_LIGHT the scanner goes on past it and moves the others. */
	assert_int_equal(moved_in_block(w, &f, before.pfn) == 0, mode == MIGSIM_MIGRATE_ASYNC);
	assert_int_equal(migsim_unpin(w, pin), 0);
	world_free(w);
}

static void test_compact_pinned_sync_light(void **state)
{
	(void)state;
	pinned(MIGSIM_MIGRATE_SYNC_LIGHT);
}

static void test_compact_pinned_async(void **state)
{
	(void)state;
	pinned(MIGSIM_MIGRATE_ASYNC);
}

/*
 * Writeback starting on a folio after it was isolated (the schedule's
 * fault:writeback, as migrate_folio_unmap() reaches its first folio).
 * MIGRATE_ASYNC gives up on it (-EBUSY): it is put back and stays where it
 * was.  MIGRATE_SYNC_LIGHT tries the async batch first, then retries each
 * failed folio on its own (migrate_pages_sync()); the writeback is over by
 * then, and the folio moves.
 */
struct wb {
	enum migsim_mode mode;
	struct migsim_compact_result r;
	int ret;
};

static void compactor(struct migsim_world *w, void *arg)
{
	struct wb *p = arg;

	p->ret = migsim_compact_node(w, NODE, 9, p->mode, &p->r);
}

/* A second actor, so that the scheduler arms its points and faults. */
static void bystander(struct migsim_world *w, void *arg)
{
	(void)arg;
	migsim_point(w, "bystander");
}

/* Pages of the node's first pageblock that are still where they were. */
static unsigned int stayed_in_first_block(struct migsim_world *w, const struct frag *f)
{
	uint64_t start = node_start(w);
	unsigned int i, n = 0;

	for (i = 0; i < NODE_PAGES / 2; i++)
		if (f->pfn[i] >= start && f->pfn[i] < start + PAGES_PER_BLOCK &&
		    info(w, f->addr + (2ULL * i + 1) * PG).pfn == f->pfn[i])
			n++;
	return n;
}

static unsigned int writeback(enum migsim_mode mode, struct wb *p, long *fail)
{
	struct migsim_task_config tc = { .pid = PID + 1, .cpu = 1, .comm = "b" };
	struct migsim_world *w = world("6.12");
	struct migsim_sched_config sc = { .strategy = MIGSIM_STRATEGY_REPLAY,
					  .schedule = "v1;A@fault:writeback#1!",
					  .step_limit = 10000000 };
	struct migsim_run_info ri;
	static struct frag f;
	unsigned int stayed;
	long before;

	memset(p, 0, sizeof(*p));
	p->mode = mode;
	fragment(w, &f);
	before = counter(w, "pgmigrate_fail");
	assert_int_equal(migsim_task_create(w, &tc, NULL), 0);
	assert_int_equal(migsim_actor_create(w, "compactor", PID, compactor, p, NULL), 0);
	assert_int_equal(migsim_actor_create(w, "bystander", PID + 1, bystander, NULL, NULL), 0);
	if (migsim_run_actors(w, &sc, &ri))
		fail_msg("run: %s in %s", migsim_last_report(w)->message,
			 migsim_last_report(w)->function);
	if (ri.diverged)
		fail_msg("diverged: %s", ri.diverged_msg);
	assert_int_equal(ri.faults, 1);
	assert_int_equal(p->ret, 0);
	*fail = counter(w, "pgmigrate_fail") - before;
	printf("# %s: %s, migrated %llu, put back %llu, isolated %llu, %u calls, %ld failed\n",
	       mode == MIGSIM_MIGRATE_ASYNC ? "async" : "sync_light",
	       migsim_compact_status_name(p->r.status), (unsigned long long)p->r.nr_migrated,
	       (unsigned long long)p->r.nr_putback, (unsigned long long)p->r.migrate_isolated,
	       p->r.migrate_calls, *fail);
	check_moved_up(w, &f);		/* data kept either way */
	stayed = stayed_in_first_block(w, &f);
	world_free(w);
	return stayed;
}

static void test_compact_writeback_async_vs_sync_light(void **state)
{
	struct wb a, s;
	long fail_a, fail_s;

	(void)state;
	/* ASYNC: -EBUSY, put back; the folio stays, so does its pageblock's
	 * use, and the pass does not free the first block. */
	assert_int_equal(writeback(MIGSIM_MIGRATE_ASYNC, &a, &fail_a), 1);
	assert_true(fail_a >= 1);
	assert_true(a.r.nr_putback >= 1);
	/* SYNC_LIGHT: the async try fails, the sync retry moves it. */
	assert_int_equal(writeback(MIGSIM_MIGRATE_SYNC_LIGHT, &s, &fail_s), 0);
	assert_int_equal(fail_s, 0);
	assert_int_equal(s.r.nr_putback, 0);
	assert_int_equal(s.r.migrate_isolated, s.r.nr_migrated);
	assert_int_equal(s.r.status, MIGSIM_COMPACT_SUCCESS);
}

/*
 * Fill node 1 from its frontier with unmovable kernel pages, then free
 * those whose pfn @freed() picks: holes for destinations among pages that
 * never move.  Returns the pages still held (their pin ids in @pins).
 */
static int kernel_fill(struct migsim_world *w, bool (*freed)(uint64_t pfn), int *pins)
{
	static uint64_t pfns[NODE_PAGES];
	static int all[NODE_PAGES];
	int n = 0, kept = 0, i;
	uint64_t pfn;

	while (n < (int)NODE_PAGES && migsim_alloc_kernel_page(w, NODE, &all[n], &pfn) == 0)
		pfns[n++] = pfn;
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		if (freed(pfns[i]))
			assert_int_equal(migsim_unpin(w, all[i]), 0);
		else if (pins)
			pins[kept++] = all[i];
	}
	return kept;
}

/* Free runs of 16 pages, 32-aligned: order-4 buddy blocks. */
static bool order4_holes(uint64_t pfn)
{
	return !((pfn >> 4) & 1);
}

/*
 * mTHP-sized folios (a THP split to order 4): from 6.10 compaction
 * migrates them whole, to order-4 free blocks (compaction_alloc() of the
 * source's order); 6.9 skips every compound page, so they stay.
 *
 *   node 1: [o4 . o4 . o4 ... ][K K .. K K .. ]  (o4: order-4 folio, K kernel)
 */
static void mthp(const char *kernel, bool moves)
{
	struct migsim_world *w = world(kernel);
	struct migsim_compact_result r;
	struct migsim_page_info before, after;
	uint64_t thp, i;
	int split;

	assert_int_equal(migsim_mmap(w, PID, 0, 2 * MiB, MIGSIM_MAP_PRIVATE | MIGSIM_MAP_THP,
				     NODE, &thp), 0);
	assert_int_equal(migsim_touch(w, PID, thp, 2 * MiB, 1), 0);
	assert_int_equal(info(w, thp).order, 9);
	kernel_fill(w, order4_holes, NULL);
	assert_int_equal(migsim_split_folio_to_order(w, PID, thp, 4, &split), 0);
	assert_int_equal(split, 1);
	assert_int_equal(info(w, thp).order, 4);
	/* Keep the even order-4 folios, unmap the odd ones. */
	for (i = 1; i < 32; i += 2)
		assert_int_equal(migsim_munmap(w, PID, thp + i * 64 * 1024, 64 * 1024), 0);
	before = info(w, thp);
	assert_int_equal(migsim_compact_node(w, NODE, MIGSIM_COMPACT_ALL, MIGSIM_MIGRATE_SYNC,
					     &r), 0);
	after = info(w, thp);
	assert_int_equal(after.order, 4);
	assert_true(after.token == before.token);
	assert_int_equal(r.status, MIGSIM_COMPACT_COMPLETE);
	if (moves) {
		assert_int_equal(r.nr_migrated, 16 * 16);
		assert_int_equal(counter(w, "thp_migration_success"), 0);	/* not PMD-sized */
		assert_true(after.pfn > before.pfn);
		for (i = 0; i < 32; i += 2)
			assert_int_equal(info(w, thp + i * 64 * 1024).order, 4);
	} else {
		assert_int_equal(r.nr_migrated, 0);
		assert_int_equal(r.migrate_isolated, 0);
		assert_int_equal(after.pfn, before.pfn);
	}
	world_free(w);
}

static void test_compact_mthp_612(void **state)
{
	(void)state;
	mthp("6.12", true);
}

static void test_compact_mthp_69_skipped(void **state)
{
	(void)state;
	mthp("6.9", false);
}

/*
 * Reference 9 e3, "kernel BUG at mm/compaction.c:2761": under the
 * 6.10-rc1..rc4 migration code, an A1 split (the folio is on a deferred
 * split queue) is not counted as a failure.  A piece that then fails in
 * the split round (here: pinned by GUP-fast right after the split) goes
 * back on cc->migratepages while migrate_pages() returns 0, so compact_zone
 * puts nothing back; with nothing else to migrate before the scanners meet,
 * its VM_BUG_ON(!list_empty(&cc->migratepages)) fires.  It takes
 * MIGRATE_ASYNC: in the sync modes migrate_pages_sync() counts the split
 * (nr_failed = astats.nr_split).  6.10 counts it in A1 too: the piece is
 * put back and the pass completes.
 *
 *   node 1: [F . . . ][K.K.K.K. x6 blocks][A.A.A.A.]     F: order 4, 15/16
 *   mapped, deferred; K: kernel pages; A: anon (LRU); .: free
 *   migrate_pages([F]) -> A1 split -> split round: 14 moved, 1 freed,
 *   1 pinned -> back on the list, return 0 (6.10-rc1) / 1 (6.10)
 */
static bool even_pfn(uint64_t pfn)
{
	return !(pfn & 1);
}

static int bug_setup(struct migsim_world *w)
{
	static int pins[NODE_PAGES];
	uint64_t thp, last, anon, i;
	int n, k, split, pin;

	assert_int_equal(migsim_mmap(w, PID, 0, 2 * MiB, MIGSIM_MAP_PRIVATE | MIGSIM_MAP_THP,
				     NODE, &thp), 0);
	assert_int_equal(migsim_touch(w, PID, thp, 2 * MiB, 1), 0);
	assert_int_equal(info(w, thp).pfn, node_start(w));
	/* Kernel pages everywhere else; give back the top pageblock, fill it
	 * with anonymous (LRU) memory, and free its even pfns. */
	n = kernel_fill(w, even_pfn, pins);
	last = node_start(w) + NODE_PAGES - PAGES_PER_BLOCK;
	(void)last;
	for (k = n - 1; k >= 0 && k >= n - (int)PAGES_PER_BLOCK / 2; k--)
		assert_int_equal(migsim_unpin(w, pins[k]), 0);
	assert_int_equal(migsim_mmap(w, PID, 0, PAGES_PER_BLOCK / 2 * PG, MIGSIM_MAP_PRIVATE,
				     NODE, &anon), 0);
	assert_int_equal(migsim_touch(w, PID, anon, PAGES_PER_BLOCK / 2 * PG, 1), 0);
	for (i = 0; i < PAGES_PER_BLOCK / 2; i++)
		assert_int_equal(info(w, anon + i * PG).node, NODE);
	/* F: the first order-4 piece, its last page unmapped (so it is queued
	 * for deferred split), a pin armed on its second page. */
	assert_int_equal(migsim_split_folio_to_order(w, PID, thp, 4, &split), 0);
	assert_int_equal(split, 1);
	assert_int_equal(migsim_munmap(w, PID, thp + 64 * 1024, 2 * MiB - 64 * 1024), 0);
	assert_int_equal(migsim_munmap(w, PID, thp + 15 * PG, PG), 0);
	assert_true(info(w, thp).deferred);
	assert_int_equal(migsim_pin_after_split(w, PID, thp + PG, &pin), 0);
	return pin;
}

static void test_compact_vm_bug_on_610_rc1(void **state)
{
	struct migsim_world *w = world("6.10-rc1");
	struct migsim_compact_result r;
	const struct migsim_report *rep;

	(void)state;
	bug_setup(w);
	assert_int_equal(migsim_compact_node(w, NODE, 9, MIGSIM_MIGRATE_ASYNC, &r),
			 -ENOTRECOVERABLE);
	assert_int_equal(migsim_outcome(w), MIGSIM_BUG);
	rep = migsim_last_report(w);
	assert_string_equal(rep->function, "compact_zone");
	assert_non_null(strstr(rep->message, "VM_BUG_ON(!list_empty(&cc->migratepages))"));
	assert_int_equal(r.nr_putback, 0);
	assert_int_equal(r.migrate_calls, 1);
	assert_int_equal(r.nr_migrated, 15);
	migsim_world_destroy(w);
}

static void no_bug(const char *kernel, enum migsim_mode mode)
{
	struct migsim_world *w = world(kernel);
	struct migsim_compact_result r;
	int pin;

	pin = bug_setup(w);
	assert_int_equal(migsim_compact_node(w, NODE, 9, mode, &r), 0);
	assert_int_equal(r.status, MIGSIM_COMPACT_COMPLETE);
	assert_int_equal(r.migrate_calls, 1);
	assert_int_equal(r.nr_putback, 1);		/* the pinned piece */
	assert_int_equal(r.nr_migrated, 15);		/* 14 copied, 1 found freed */
	assert_int_equal(migsim_unpin(w, pin), 0);
	world_free(w);
}

static void test_compact_no_bug_610(void **state)
{
	(void)state;
	no_bug("6.10", MIGSIM_MIGRATE_ASYNC);
	no_bug("6.12", MIGSIM_MIGRATE_ASYNC);
	/* The same old kernel in a sync mode: migrate_pages_sync() counts it. */
	no_bug("6.10-rc1", MIGSIM_MIGRATE_SYNC_LIGHT);
}

/* Bad arguments: the error, a message, and nothing changed. */
static void test_compact_bad_args(void **state)
{
	struct migsim_world *w = world("6.12");
	struct migsim_compact_result r;
	struct migsim_node_info a, b;
	static struct frag f;
	uint64_t addr;
	int split;
	size_t i;

	(void)state;
	fragment(w, &f);
	migsim_vmstat_baseline(w);
	assert_int_equal(migsim_node_info(w, NODE, &a), 0);
	assert_int_equal(migsim_compact_node(w, 2, 9, MIGSIM_MIGRATE_ASYNC, &r), -ENODEV);
	assert_non_null(strstr(migsim_strerror(w), "node 2"));
	assert_int_equal(migsim_compact_node(w, -1, 9, MIGSIM_MIGRATE_ASYNC, &r), -ENODEV);
	assert_int_equal(migsim_compact_node(w, NODE, 0, MIGSIM_MIGRATE_ASYNC, &r), -EINVAL);
	assert_non_null(strstr(migsim_strerror(w), "order 0"));
	assert_int_equal(migsim_compact_node(w, NODE, 11, MIGSIM_MIGRATE_ASYNC, &r), -EINVAL);
	assert_int_equal(migsim_compact_node(w, NODE, -2, MIGSIM_MIGRATE_ASYNC, &r), -EINVAL);
	assert_int_equal(migsim_compact_node(w, NODE, 9, (enum migsim_mode)7, &r), -EINVAL);
	assert_non_null(strstr(migsim_strerror(w), "mode"));
	assert_int_equal(migsim_fragment_node(w, PID, NODE, 3 * PG, &addr), -EINVAL);
	assert_int_equal(migsim_fragment_node(w, PID, NODE, 0, &addr), -EINVAL);
	assert_int_equal(migsim_split_folio_to_order(w, PID, f.addr, 1, &split), -EINVAL);
	assert_int_equal(migsim_split_folio_to_order(w, PID, f.addr + PG, 4, &split), -EINVAL);
	assert_non_null(strstr(migsim_strerror(w), "no THP"));
	assert_int_equal(migsim_split_folio_to_order(w, 999, f.addr, 4, &split), -ESRCH);
	assert_int_equal(migsim_node_info(w, NODE, &b), 0);
	assert_memory_equal(&a, &b, sizeof(a));
	for (i = 0; i < migsim_vmstat_count(); i++)
		if (migsim_vmstat_delta(w, i))
			fail_msg("counter %s changed", migsim_vmstat_name(i));
	assert_int_equal(check_moved_up(w, &f), 0);
	world_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compact_success_sync_light),
		cmocka_unit_test(test_compact_success_async),
		cmocka_unit_test(test_compact_nothing_to_do_and_skipped),
		cmocka_unit_test(test_compact_pinned_sync_light),
		cmocka_unit_test(test_compact_pinned_async),
		cmocka_unit_test(test_compact_writeback_async_vs_sync_light),
		cmocka_unit_test(test_compact_mthp_612),
		cmocka_unit_test(test_compact_mthp_69_skipped),
		cmocka_unit_test(test_compact_vm_bug_on_610_rc1),
		cmocka_unit_test(test_compact_no_bug_610),
		cmocka_unit_test(test_compact_bad_args),
	};

	return cmocka_run_group_tests_name("callers_compaction", tests, NULL, NULL);
}
