// SPDX-License-Identifier: MIT
/*
 * migrate_pages(), white box: one test per row of the reference's table of
 * where a source folio ends up (section 3.5), the return-value rule per
 * profile (10.2 item 1, 10.4), the sync path (3.6), hugetlb (3.4, 4.6), the
 * stats and their vmstat counters, and the tracepoints (8).
 *
 * Each test builds a two-node world, maps memory on node 0 through the
 * public API, isolates it onto a list as a caller would, and calls
 * migrate_pages() toward node 1 itself, so it can look at the list before
 * anything is put back.
 */
#include <stdlib.h>
#include "harness.h"
#include <linux/migrate.h>
#include <linux/huge_mm.h>
#include <linux/hugetlb.h>
#include <linux/swap.h>
#include "internal.h"
#include "world_internal.h"

#define MiB (1ULL << 20)

struct fixture {
	struct world *w;
	struct migsim_world *pw;
	int pid;
	uint64_t addr;
	struct list_head list;
	struct migrate_pages_stats stats;
	int rc;
};

static struct fixture *fx_new(const char *kernel, uint64_t len, unsigned int flags,
			      bool no_thp_migration, unsigned long node1_mib)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct migsim_config cfg;

	migsim_config_init(&cfg);
	cfg.kernel = kernel;
	cfg.node_size[0] = 64 * MiB;
	cfg.node_size[1] = node1_mib * MiB;
	cfg.no_thp_migration = no_thp_migration;
	cfg.trace = true;
	cfg.hugetlb_2m[1] = (flags & MIGSIM_MAP_HUGETLB_2M) ? 2 : 0;
	cfg.hugetlb_2m[0] = (flags & MIGSIM_MAP_HUGETLB_2M) ? 2 : 0;
	f->w = harness_world_cfg(&cfg);
	f->pw = (struct migsim_world *)f->w;
	INIT_LIST_HEAD(&f->list);
	assert_int_equal(migsim_task_create(f->pw, NULL, &f->pid), 0);
	assert_int_equal(migsim_mmap(f->pw, f->pid, 0, len, MIGSIM_MAP_PRIVATE | flags, 0,
				     &f->addr), 0);
	assert_int_equal(migsim_touch(f->pw, f->pid, f->addr, len, 1), 0);
	migsim_lru_drain(f->pw);
	return f;
}

static void fx_free(struct fixture *f)
{
	harness_world_free(f->w);
	free(f);
}

static struct folio *folio_at(struct fixture *f, uint64_t addr)
{
	struct task_struct *t = find_task(f->w, f->pid);

	return follow_folio(vma_lookup(t->mm, addr), addr, NULL);
}

/* Isolate the folio mapped at each address, as a migrate_pages() caller does. */
static int isolate_at(struct fixture *f, uint64_t addr)
{
	struct folio *folio = folio_at(f, addr);

	if (folio_test_hugetlb(folio))
		return isolate_hugetlb(folio, &f->list) ? 0 : -EBUSY;
	if (!folio_isolate_lru(folio))
		return -EBUSY;
	node_stat_mod_folio(folio, NR_ISOLATED_ANON, folio_nr_pages(folio));
	list_add_tail(&folio->lru, &f->list);
	return 0;
}

static int do_migrate(struct fixture *f, int mode, int reason)
{
	struct migration_target_control mtc = {
		.nid = 1,
		.gfp_mask = GFP_HIGHUSER_MOVABLE | __GFP_THISNODE,
		.reason = reason,
	};

	f->rc = migrate_pages(&f->list, alloc_migration_target, NULL, (unsigned long)&mtc,
			      (enum migrate_mode)mode, reason, NULL);
	f->stats = migrate_last_stats;
	return 0;
}

static int do_putback(struct fixture *f)
{
	putback_movable_pages(&f->list);
	return 0;
}

/* Isolate [addr, addr+len) page by page (each folio once) and migrate it. */
static void migrate_range(struct fixture *f, uint64_t addr, uint64_t len, int mode, int reason)
{
	struct folio *last = NULL;
	uint64_t a;

	for (a = addr; a < addr + len; a += 4096) {
		struct folio *folio;

		SIM_WITH_WORLD(f->w);
		folio = folio_at(f, a);
		if (!folio || folio == last)
			continue;
		last = folio;
		assert_int_equal(SIM_RUN(f->w, isolate_at(f, a)), 0);
	}
	assert_int_equal(SIM_RUN(f->w, do_migrate(f, mode, reason)), 0);
}

static int node_of(struct fixture *f, uint64_t addr)
{
	struct migsim_page_info pi;

	assert_int_equal(migsim_page_info(f->pw, f->pid, addr, &pi), 0);
	assert_string_equal(pi.state, "present");
	return pi.node;
}

static void assert_checker_clean(struct fixture *f)
{
	if (f->w->crashed || !list_empty(&f->list))
		assert_int_equal(SIM_RUN(f->w, do_putback(f)), 0);
	if (migsim_check(f->pw))
		fail_msg("checker: %s", f->w->report.message);
}

/* ---- the table of where a source folio ends up ---- */

/* migrated: the source is freed, the list is empty, the mapping moved. */
static void test_migrated_small(void **state)
{
	struct fixture *f = fx_new("6.12", 16 * 4096, 0, false, 64);
	struct migsim_page_info before, after;

	(void)state;
	migsim_page_info(f->pw, f->pid, f->addr, &before);
	migrate_range(f, f->addr, 16 * 4096, MIGRATE_ASYNC, MR_SYSCALL);
	assert_int_equal(f->rc, 0);
	assert_true(list_empty(&f->list));
	assert_int_equal(f->stats.nr_succeeded, 16);
	assert_int_equal(f->stats.nr_failed_pages, 0);
	migsim_page_info(f->pw, f->pid, f->addr, &after);
	assert_int_equal(after.node, 1);
	assert_int_equal(after.token, before.token);	/* the contents moved */
	assert_true(after.writable);			/* a WRITE migration entry */
	assert_int_equal(f->w->node_data[0]->vm_stat[NR_ISOLATED_ANON], 0);
	assert_checker_clean(f);
	fx_free(f);
}

static int unmap_while_isolated(struct fixture *f)
{
	struct task_struct *t = find_task(f->w, f->pid);

	return do_munmap(t->mm, f->addr, 4096);
}

/* Found already freed (refcount 1): counted as success, no destination. */
static void test_already_freed(void **state)
{
	struct fixture *f = fx_new("6.12", 4096, 0, false, 64);
	long free1;

	(void)state;
	assert_int_equal(SIM_RUN(f->w, isolate_at(f, f->addr)), 0);
	/*   from: [F(ref 2: mapping + isolation)] -- munmap --> [F(ref 1)] */
	assert_int_equal(SIM_RUN(f->w, unmap_while_isolated(f)), 0);
	free1 = f->w->node_data[1]->vm_stat[NR_FREE_PAGES];
	assert_int_equal(SIM_RUN(f->w, do_migrate(f, MIGRATE_ASYNC, MR_SYSCALL)), 0);
	assert_int_equal(f->rc, 0);
	assert_int_equal(f->stats.nr_succeeded, 1);
	assert_int_equal(f->w->node_data[1]->vm_stat[NR_FREE_PAGES], free1);
	assert_checker_clean(f);
	fx_free(f);
}

/* A1: a partially mapped THP on the deferred list is split; every piece migrates. */
static void test_deferred_split_all_pieces_migrate(void **state)
{
	struct fixture *f = fx_new("6.12", 2 * MiB, MIGSIM_MAP_THP, false, 64);

	(void)state;
	assert_int_equal(migsim_munmap(f->pw, f->pid, f->addr + 2 * MiB - 16 * 4096,
				       16 * 4096), 0);
	/* from: [T(512, deferred, partially mapped)] -> split_folios: [p511..p1 p0] */
	migrate_range(f, f->addr, 4096, MIGRATE_ASYNC, MR_SYSCALL);
	assert_int_equal(f->rc, 0);		/* counted as one failure, then every piece moved */
	assert_true(list_empty(&f->list));
	assert_int_equal(f->stats.nr_thp_split, 1);
	assert_int_equal(f->stats.nr_split, 1);
	assert_int_equal(f->stats.nr_thp_failed, 1);
	assert_int_equal(f->stats.nr_succeeded, 512);	/* 496 copied + 16 found freed */
	assert_int_equal(node_of(f, f->addr), 1);
	assert_int_equal(node_of(f, f->addr + 2 * MiB - 17 * 4096), 1);
	assert_checker_clean(f);
	fx_free(f);
}

/* A fresh (not partially mapped) THP is queued in 6.12 but not split: it
 * migrates whole.  6.10/6.11 have no partially_mapped test, but also never
 * queue a fresh THP, so it migrates whole there too. */
static void test_fresh_thp_migrates_whole(void **state)
{
	static const char *const kernels[] = { "6.10", "6.11", "6.12" };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(kernels); i++) {
		struct fixture *f = fx_new(kernels[i], 2 * MiB, MIGSIM_MAP_THP, false, 64);
		struct migsim_page_info pi;

		migrate_range(f, f->addr, 2 * MiB, MIGRATE_ASYNC, MR_SYSCALL);
		assert_int_equal(f->rc, 0);
		assert_int_equal(f->stats.nr_thp_succeeded, 1);
		assert_int_equal(f->stats.nr_thp_split, 0);
		migsim_page_info(f->pw, f->pid, f->addr, &pi);
		assert_int_equal(pi.order, 9);
		assert_true(pi.pmd_mapped);
		assert_int_equal(pi.node, 1);
		assert_checker_clean(f);
		fx_free(f);
	}
}

/* A2: THP migration unsupported: the THP is split and its pieces migrate. */
static void test_thp_unsupported_split(void **state)
{
	struct fixture *f = fx_new("6.12", 2 * MiB, MIGSIM_MAP_THP, true, 64);
	long split;

	(void)state;
	migrate_range(f, f->addr, 2 * MiB, MIGRATE_ASYNC, MR_SYSCALL);
	assert_int_equal(f->rc, 0);
	assert_int_equal(f->stats.nr_thp_failed, 1);
	assert_int_equal(f->stats.nr_thp_split, 1);
	assert_int_equal(f->stats.nr_succeeded, 512);
	assert_int_equal(node_of(f, f->addr + 100 * 4096), 1);
	migsim_vmstat(f->pw, "thp_migration_split", &split);
	assert_int_equal(split, 1);
	assert_checker_clean(f);
	fx_free(f);
}

/* A2 split failed (a pinned THP cannot be split): to ret_folios, counted failed. */
static void test_thp_unsupported_split_fails(void **state)
{
	struct fixture *f = fx_new("6.12", 2 * MiB, MIGSIM_MAP_THP, true, 64);
	int pin;

	(void)state;
	assert_int_equal(migsim_pin(f->pw, f->pid, f->addr + 4096, &pin), 0);
	migrate_range(f, f->addr, 2 * MiB, MIGRATE_ASYNC, MR_SYSCALL);
	assert_int_equal(f->rc, 1);
	assert_int_equal(list_count_nodes(&f->list), 1);
	assert_int_equal(f->stats.nr_failed_pages, 512);
	assert_int_equal(f->stats.nr_thp_failed, 1);
	assert_int_equal(node_of(f, f->addr), 0);
	assert_int_equal(migsim_unpin(f->pw, pin), 0);
	assert_checker_clean(f);
	fx_free(f);
}

/* Permanent unmap error: writeback under MIGRATE_ASYNC is -EBUSY. */
static void test_writeback_async_ebusy(void **state)
{
	struct fixture *f = fx_new("6.12", 4096, 0, false, 64);
	struct folio *folio;

	(void)state;
	{
		SIM_WITH_WORLD(f->w);
		folio = folio_at(f, f->addr);
		folio_set_writeback(folio);
	}
	migrate_range(f, f->addr, 4096, MIGRATE_ASYNC, MR_SYSCALL);
	assert_int_equal(f->rc, 1);
	assert_int_equal(list_count_nodes(&f->list), 1);
	assert_int_equal(f->stats.nr_failed_pages, 1);
	assert_false(folio_test_locked(folio));
	assert_int_equal(node_of(f, f->addr), 0);
	folio_clear_writeback(folio);
	assert_checker_clean(f);
	fx_free(f);
}

/* MIGRATE_SYNC waits for writeback and migrates; SYNC_LIGHT fails with -EBUSY. */
static void test_writeback_sync_waits(void **state)
{
	struct fixture *f = fx_new("6.12", 4096, 0, false, 64);
	struct fixture *g = fx_new("6.12", 4096, 0, false, 64);

	(void)state;
	{
		SIM_WITH_WORLD(f->w);
		folio_set_writeback(folio_at(f, f->addr));
	}
	migrate_range(f, f->addr, 4096, MIGRATE_SYNC, MR_SYSCALL);
	assert_int_equal(f->rc, 0);
	assert_int_equal(node_of(f, f->addr), 1);
	assert_checker_clean(f);
	fx_free(f);

	{
		SIM_WITH_WORLD(g->w);
		folio_set_writeback(folio_at(g, g->addr));
	}
	migrate_range(g, g->addr, 4096, MIGRATE_SYNC_LIGHT, MR_SYSCALL);
	assert_int_equal(g->rc, 1);
	{
		SIM_WITH_WORLD(g->w);
		folio_clear_writeback(folio_at(g, g->addr));
	}
	assert_checker_clean(g);
	fx_free(g);
}

/* -EAGAIN in the unmap phase until the passes run out: stays on from. */
static void test_locked_folio_async_retries(void **state)
{
	struct fixture *f = fx_new("6.12", 4096, 0, false, 64);
	struct folio *folio;

	(void)state;
	{
		SIM_WITH_WORLD(f->w);
		folio = folio_at(f, f->addr);
		folio_set_locked(folio);	/* held by someone else */
	}
	migrate_range(f, f->addr, 4096, MIGRATE_ASYNC, MR_SYSCALL);
	assert_int_equal(f->rc, 1);			/* the retry counts as a failure */
	assert_int_equal(f->stats.nr_failed_pages, 1);
	assert_int_equal(list_count_nodes(&f->list), 1);
	assert_int_equal(node_of(f, f->addr), 0);	/* never unmapped */
	folio_clear_locked(folio);
	assert_checker_clean(f);
	fx_free(f);
}

/* -EAGAIN in the move phase (an extra reference): undone in phase C, remapped. */
static void test_extra_ref_move_retries(void **state)
{
	struct fixture *f = fx_new("6.12", 4096, 0, false, 64);
	struct migsim_page_info before, after;
	int pin;

	(void)state;
	migsim_page_info(f->pw, f->pid, f->addr, &before);
	assert_int_equal(migsim_pin(f->pw, f->pid, f->addr, &pin), 0);
	migrate_range(f, f->addr, 4096, MIGRATE_ASYNC, MR_SYSCALL);
	assert_int_equal(f->rc, 1);
	assert_int_equal(f->stats.nr_failed_pages, 1);
	assert_int_equal(list_count_nodes(&f->list), 1);
	migsim_page_info(f->pw, f->pid, f->addr, &after);
	assert_string_equal(after.state, "present");	/* no migration entry left */
	assert_int_equal(after.pfn, before.pfn);
	assert_true(after.writable);
	assert_int_equal(migsim_unpin(f->pw, pin), 0);
	assert_checker_clean(f);
	fx_free(f);
}

/* -ENOMEM on a small folio: the call returns -ENOMEM, the rest untried. */
static void test_enomem_abandons_the_rest(void **state)
{
	/* Node 1 has 2 MiB; 4 MiB of small folios cannot all fit. */
	struct fixture *f = fx_new("6.12", 4 * MiB, 0, false, 2);

	(void)state;
	migrate_range(f, f->addr, 4 * MiB, MIGRATE_ASYNC, MR_SYSCALL);
	assert_int_equal(f->rc, -ENOMEM);
	assert_true(f->stats.nr_succeeded > 0);
	assert_true(f->stats.nr_succeeded < 1024);
	/* Every page is either migrated or back on the list (the self-check in
	 * migrate_pages() would have ended the run otherwise). */
	assert_int_equal(f->stats.nr_succeeded + (int)list_count_nodes(&f->list), 1024);
	assert_checker_clean(f);
	fx_free(f);
}

/* -ENOMEM on a THP: split, and the pieces migrate into small pages. */
static void test_enomem_thp_splits(void **state)
{
	/* Node 1 is fragmented: fill it with small pages, free every other one. */
	struct fixture *f = fx_new("6.12", 2 * MiB, MIGSIM_MAP_THP, false, 8);
	struct folio *hold[4096];
	int i, n = 0;

	(void)state;
	{
		SIM_WITH_WORLD(f->w);
		struct folio *x;

		while (n < (int)ARRAY_SIZE(hold) &&
		       (x = __folio_alloc(GFP_HIGHUSER_MOVABLE | __GFP_THISNODE, 0, 1, NULL)))
			hold[n++] = x;
		for (i = 0; i < n; i += 2)
			folio_put(hold[i]);
		drain_node_pages(1);
	}
	migrate_range(f, f->addr, 2 * MiB, MIGRATE_ASYNC, MR_SYSCALL);
	assert_int_equal(f->rc, 0);
	assert_int_equal(f->stats.nr_thp_split, 1);
	assert_int_equal(f->stats.nr_succeeded, 512);
	assert_int_equal(node_of(f, f->addr), 1);
	{
		SIM_WITH_WORLD(f->w);
		for (i = 1; i < n; i += 2)
			folio_put(hold[i]);
	}
	assert_checker_clean(f);
	fx_free(f);
}

/* MR_NUMA_MISPLACED never splits on -ENOMEM: the THP stays, -ENOMEM. */
static void test_enomem_numa_nosplit(void **state)
{
	struct fixture *f = fx_new("6.12", 2 * MiB, MIGSIM_MAP_THP, false, 8);
	struct folio *hold[4096];
	int i, n = 0;

	(void)state;
	{
		SIM_WITH_WORLD(f->w);
		struct folio *x;

		while (n < (int)ARRAY_SIZE(hold) &&
		       (x = __folio_alloc(GFP_HIGHUSER_MOVABLE | __GFP_THISNODE, 0, 1, NULL)))
			hold[n++] = x;
		for (i = 0; i < n; i += 2)
			folio_put(hold[i]);
	}
	migrate_range(f, f->addr, 2 * MiB, MIGRATE_ASYNC, MR_NUMA_MISPLACED);
	assert_int_equal(f->rc, -ENOMEM);
	assert_int_equal(f->stats.nr_thp_split, 0);
	assert_int_equal(list_count_nodes(&f->list), 1);
	{
		SIM_WITH_WORLD(f->w);
		for (i = 1; i < n; i += 2)
			folio_put(hold[i]);
	}
	assert_checker_clean(f);
	fx_free(f);
}

/* ---- the return-value rule: 0 exactly when from ends empty ---- */

static int rule_case(const char *kernel, int *rc, unsigned long *left)
{
	struct fixture *f = fx_new(kernel, 2 * MiB, MIGSIM_MAP_THP, false, 64);
	int pin, outcome;

	assert_int_equal(migsim_munmap(f->pw, f->pid, f->addr + 2 * MiB - 16 * 4096,
				       16 * 4096), 0);
	assert_int_equal(migsim_pin_after_split(f->pw, f->pid, f->addr + 4096, &pin), 0);
	migrate_range(f, f->addr, 4096, MIGRATE_ASYNC, MR_SYSCALL);
	*rc = f->rc;
	*left = list_count_nodes(&f->list);
	outcome = f->w->crashed;
	assert_int_equal(SIM_RUN(f->w, do_putback(f)), 0);
	assert_int_equal(migsim_unpin(f->pw, pin), 0);
	assert_checker_clean(f);
	fx_free(f);
	return outcome;
}

/*
 *   from: [T(deferred)] --A1--> pieces; the pinned piece fails
 *   v5:        split into from, walk ends   -> rc 0, 512 left  (rule broken)
 *   6.10-rc1:  split not counted            -> rc 0, 1 left    (rule broken)
 *   6.10+:     split counts as one failure  -> rc 1, 1 left
 */
static void test_return_rule_per_profile(void **state)
{
	int rc;
	unsigned long left;

	(void)state;
	assert_int_equal(rule_case("6.9+deferred-split-v5", &rc, &left), 0);
	assert_int_equal(rc, 0);
	assert_int_equal(left, 512);
	assert_int_equal(rule_case("6.10-rc1", &rc, &left), 0);
	assert_int_equal(rc, 0);
	assert_int_equal(left, 1);
	assert_int_equal(rule_case("6.10", &rc, &left), 0);
	assert_int_equal(rc, 1);
	assert_int_equal(left, 1);
	assert_int_equal(rule_case("6.12", &rc, &left), 0);
	assert_int_equal(rc, 1);
	assert_int_equal(left, 1);
}

/* ---- batching, sync, hugetlb ---- */

/* More than NR_MAX_BATCHED_MIGRATION pages, in both modes. */
static void test_many_folios_both_modes(void **state)
{
	int mode;

	(void)state;
	for (mode = MIGRATE_ASYNC; mode <= MIGRATE_SYNC; mode++) {
		struct fixture *f = fx_new("6.12", 1100 * 4096, 0, false, 64);

		migrate_range(f, f->addr, 1100 * 4096, mode, MR_SYSCALL);
		assert_int_equal(f->rc, 0);
		assert_int_equal(f->stats.nr_succeeded, 1100);
		assert_int_equal(node_of(f, f->addr + 1099 * 4096), 1);
		assert_checker_clean(f);
		fx_free(f);
	}
}

/* Sync: async failures are not counted (they are retried one by one). */
static void test_sync_retries_async_failures(void **state)
{
	struct fixture *f = fx_new("6.12", 4 * 4096, 0, false, 64);

	(void)state;
	{
		SIM_WITH_WORLD(f->w);
		folio_set_writeback(folio_at(f, f->addr + 4096));
	}
	/* The async pass fails the writeback folio with -EBUSY; the per-folio
	 * SYNC pass waits for writeback and migrates it. */
	migrate_range(f, f->addr, 4 * 4096, MIGRATE_SYNC, MR_SYSCALL);
	assert_int_equal(f->rc, 0);
	assert_int_equal(f->stats.nr_failed_pages, 0);
	assert_int_equal(f->stats.nr_succeeded, 4);
	assert_int_equal(node_of(f, f->addr + 4096), 1);
	assert_checker_clean(f);
	fx_free(f);
}

static void test_hugetlb_migrates(void **state)
{
	struct fixture *f = fx_new("6.12", 2 * MiB, MIGSIM_MAP_HUGETLB_2M, false, 64);
	struct migsim_page_info before, after;
	struct hstate *h;
	long thp;

	(void)state;
	migsim_page_info(f->pw, f->pid, f->addr + 8192, &before);
	migrate_range(f, f->addr, 2 * MiB, MIGRATE_SYNC, MR_SYSCALL);
	assert_int_equal(f->rc, 0);
	assert_int_equal(f->stats.nr_succeeded, 512);
	assert_int_equal(f->stats.nr_thp_succeeded, 0);	/* hugetlb is not THP */
	migsim_page_info(f->pw, f->pid, f->addr + 8192, &after);
	assert_int_equal(after.node, 1);
	assert_int_equal(after.token, before.token);
	migsim_vmstat(f->pw, "thp_migration_success", &thp);
	assert_int_equal(thp, 0);
	{
		SIM_WITH_WORLD(f->w);
		h = order_to_hstate(HPAGE_PMD_ORDER);
		assert_true(folio_test_hugetlb_migratable(folio_at(f, f->addr)));
		assert_int_equal(h->free_huge_pages_node[0], 2);	/* src back in the pool */
		assert_int_equal(h->free_huge_pages_node[1], 1);
	}
	assert_checker_clean(f);
	fx_free(f);
}

/* ---- counters and tracepoints ---- */

static void test_counters_and_trace(void **state)
{
	struct fixture *f = fx_new("6.12", 8 * 4096, 0, false, 64);
	struct migsim_trace_event ev;
	long ok, fail;
	size_t i, starts = 0, ends = 0;
	int pin;

	(void)state;
	assert_int_equal(migsim_pin(f->pw, f->pid, f->addr, &pin), 0);
	migrate_range(f, f->addr, 8 * 4096, MIGRATE_ASYNC, MR_SYSCALL);
	assert_int_equal(f->rc, 1);
	migsim_vmstat(f->pw, "pgmigrate_success", &ok);
	migsim_vmstat(f->pw, "pgmigrate_fail", &fail);
	assert_int_equal(ok, 7);
	assert_int_equal(fail, 1);
	for (i = 0; i < migsim_trace_count(f->pw); i++) {
		migsim_trace_get(f->pw, i, &ev);
		if (!strcmp(ev.event, "mm_migrate_pages_start")) {
			assert_string_equal(ev.fields, "mode=MIGRATE_ASYNC reason=syscall_or_cpuset");
			starts++;
		} else if (!strcmp(ev.event, "mm_migrate_pages")) {
			assert_string_equal(ev.fields, "nr_succeeded=7 nr_failed=1 "
					    "nr_thp_succeeded=0 nr_thp_failed=0 nr_thp_split=0 "
					    "nr_split=0 mode=MIGRATE_ASYNC reason=syscall_or_cpuset");
			ends++;
		}
	}
	assert_int_equal(starts, 1);
	assert_int_equal(ends, 1);
	assert_int_equal(migsim_unpin(f->pw, pin), 0);
	assert_checker_clean(f);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrated_small),
		cmocka_unit_test(test_already_freed),
		cmocka_unit_test(test_deferred_split_all_pieces_migrate),
		cmocka_unit_test(test_fresh_thp_migrates_whole),
		cmocka_unit_test(test_thp_unsupported_split),
		cmocka_unit_test(test_thp_unsupported_split_fails),
		cmocka_unit_test(test_writeback_async_ebusy),
		cmocka_unit_test(test_writeback_sync_waits),
		cmocka_unit_test(test_locked_folio_async_retries),
		cmocka_unit_test(test_extra_ref_move_retries),
		cmocka_unit_test(test_enomem_abandons_the_rest),
		cmocka_unit_test(test_enomem_thp_splits),
		cmocka_unit_test(test_enomem_numa_nosplit),
		cmocka_unit_test(test_return_rule_per_profile),
		cmocka_unit_test(test_many_folios_both_modes),
		cmocka_unit_test(test_sync_retries_async_failures),
		cmocka_unit_test(test_hugetlb_migrates),
		cmocka_unit_test(test_counters_and_trace),
	};

	return cmocka_run_group_tests_name("migrate", tests, NULL, NULL);
}
