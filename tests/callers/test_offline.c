// SPDX-License-Identifier: MIT
/*
 * Memory offline (reference 6.3) through the public API: success and what
 * it moves, the kernel's failures (unmovable page -EBUSY, a page that never
 * migrates -EINTR) with nothing lost, hugetlb pages migrated or dissolved,
 * argument errors that change nothing, and a node emptied by offline
 * leaving N_MEMORY (move_pages then says -ENODEV).
 *
 *   node 0: [anon x16][zero-page vma][THP][hugetlb]   -> offline a range
 *   offline_pages: isolate -> scan_movable_pages -> do_migrate_range
 *                  -> migrate_pages(MR_MEMORY_HOTPLUG) -> dissolve -> test
 */
#include "callers_fixture.h"

static uint64_t pfn_of(struct migsim_world *w, uint64_t addr)
{
	struct migsim_page_info pi;

	assert_int_equal(migsim_page_info(w, PID, addr, &pi), 0);
	return pi.pfn;
}

/* Offline the section holding the THP: all 512 pages move to node 1, node
 * 0 shrinks by 512 pages, the checker agrees. */
static void test_offline_thp_section(void **state)
{
	struct cfx f = cfx_new("6.12", 1);
	struct migsim_offline_result r;
	struct migsim_node_info before, after;
	uint64_t pfn = pfn_of(f.w, f.thp);

	(void)state;
	assert_int_equal(migsim_node_info(f.w, 0, &before), 0);
	assert_int_equal(migsim_offline_pages(f.w, pfn, 512, &r), 0);
	assert_string_equal(r.reason, "");
	assert_int_equal(r.nr_migrated, 512);
	assert_int_equal(r.passes, 1);
	assert_int_equal(node_of(f.w, f.thp), 1);
	assert_int_equal(node_of(f.w, f.thp + 2 * MiB - PG), 1);
	assert_int_equal(migsim_node_info(f.w, 0, &after), 0);
	assert_int_equal(after.present_pages, before.present_pages - 512);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 512);
	assert_int_equal(delta(f.w, "thp_migration_success"), 1);
	/* Offlining it again: memory holes. */
	assert_int_equal(migsim_offline_pages(f.w, pfn, 512, &r), -EINVAL);
	cfx_free(&f);
}

/* The section holding the small pages (and page tables are elsewhere): the
 * 16 anon pages move; hugetlb in use moves, a free pool page is dissolved. */
static void test_offline_hugetlb(void **state)
{
	struct cfx f = cfx_new("6.12", 2);
	struct migsim_offline_result r;
	struct migsim_node_info n0;
	uint64_t pfn = pfn_of(f.w, f.huge);

	(void)state;
	assert_int_equal(migsim_offline_pages(f.w, pfn, 512, &r), 0);
	assert_int_equal(node_of(f.w, f.huge), 1);
	assert_int_equal(node_of(f.w, f.huge + 2 * MiB - PG), 1);
	assert_int_equal(r.nr_migrated, 512);
	assert_int_equal(migsim_node_info(f.w, 0, &n0), 0);
	assert_int_equal(n0.hugetlb_pages, 0);
	cfx_free(&f);
}

static void test_offline_small_pages(void **state)
{
	struct cfx f = cfx_new("6.11", 0);
	struct migsim_offline_result r;
	uint64_t pfn = pfn_of(f.w, f.anon) & ~511ULL;
	int i;

	(void)state;
	assert_int_equal(migsim_offline_pages(f.w, pfn, 512, &r), 0);
	for (i = 0; i < 16; i++)
		assert_int_equal(node_of(f.w, f.anon + (uint64_t)i * PG), 1);
	assert_true(r.nr_migrated >= 16);
	cfx_free(&f);
}

/* An unmovable page (a kernel allocation) in the range: start_isolate_page_
 * range fails, -EBUSY "failure to isolate range", and nothing moved. */
static void test_offline_unmovable_ebusy(void **state)
{
	struct cfx f = cfx_new("6.12", 1);
	struct migsim_offline_result r;
	struct cfx_snap before, after;
	uint64_t kpfn;
	int pin;

	(void)state;
	assert_int_equal(migsim_alloc_kernel_page(f.w, 0, &pin, &kpfn), 0);
	migsim_vmstat_baseline(f.w);
	before = cfx_snap(&f);
	assert_int_equal(migsim_offline_pages(f.w, kpfn & ~511ULL, 512, &r), -EBUSY);
	assert_string_equal(r.reason, "failure to isolate range");
	/* zone_pcp_disable() drained the per-CPU free lists (free pages count
	 * again), as the kernel's does; nothing else changed. */
	after = cfx_snap(&f);
	assert_memory_equal(before.node, after.node, sizeof(before.node));
	assert_int_equal(before.ni[0].present_pages, after.ni[0].present_pages);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 0);
	assert_int_equal(migsim_check(f.w), 0);
	assert_int_equal(migsim_unpin(f.w, pin), 0);
	/* Freed, the page no longer stands in the way. */
	assert_int_equal(migsim_offline_pages(f.w, kpfn & ~511ULL, 512, &r), 0);
	cfx_free(&f);
}

/* A pinned page never migrates: the retry loop goes on until the signal;
 * -EINTR, the isolation is undone, everything still mapped, nothing lost. */
static void test_offline_pinned_eintr(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	struct migsim_offline_result r;
	struct migsim_node_info before, after;
	uint64_t pfn = pfn_of(f.w, f.anon) & ~511ULL;
	int pin, i;

	(void)state;
	assert_int_equal(migsim_pin(f.w, PID, f.anon + 3 * PG, &pin), 0);
	assert_int_equal(migsim_node_info(f.w, 0, &before), 0);
	assert_int_equal(migsim_offline_pages(f.w, pfn, 512, &r), -EINTR);
	assert_string_equal(r.reason, "signal backoff");
	assert_true(r.nr_migrate_failed > 0);
	assert_int_equal(node_of(f.w, f.anon + 3 * PG), 0);
	for (i = 0; i < 16; i++)
		if (i != 3)
			assert_int_equal(node_of(f.w, f.anon + (uint64_t)i * PG), 1);
	assert_int_equal(migsim_node_info(f.w, 0, &after), 0);
	assert_int_equal(after.present_pages, before.present_pages);
	assert_true(delta(f.w, "pgmigrate_fail") > 0);
	assert_int_equal(migsim_check(f.w), 0);
	assert_int_equal(migsim_unpin(f.w, pin), 0);
	cfx_free(&f);
}

/* Bad arguments: misaligned, across nodes, beyond memory, empty: -EINVAL,
 * nothing changed. */
static void test_offline_bad_args(void **state)
{
	struct cfx f = cfx_new("6.12", 1);
	struct cfx_snap before = cfx_snap(&f), after;
	struct migsim_node_info n0;

	(void)state;
	assert_int_equal(migsim_node_info(f.w, 0, &n0), 0);
	assert_int_equal(migsim_offline_pages(f.w, n0.start_pfn + 1, 511, NULL), -EINVAL);
	assert_int_equal(migsim_offline_pages(f.w, n0.start_pfn, 100, NULL), -EINVAL);
	assert_int_equal(migsim_offline_pages(f.w, n0.start_pfn, 0, NULL), -EINVAL);
	assert_int_equal(migsim_offline_pages(f.w, n0.start_pfn + n0.present_pages - 512, 1024,
					      NULL), -EINVAL);
	assert_int_equal(migsim_offline_pages(f.w, 1ULL << 40, 512, NULL), -EINVAL);
	assert_int_equal(migsim_alloc_kernel_page(f.w, 7, NULL, NULL), -ENODEV);
	after = cfx_snap(&f);
	assert_same_snap(before, after);
	cfx_free(&f);
}

/* Offline all of node 1: it leaves N_MEMORY; move_pages to it is -ENODEV. */
static void test_offline_whole_node(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	struct migsim_node_info n1;
	uint64_t p = f.anon;
	int node = 1, st;

	(void)state;
	assert_int_equal(migsim_node_info(f.w, 1, &n1), 0);
	assert_int_equal(migsim_offline_pages(f.w, n1.start_pfn, n1.present_pages, NULL), 0);
	assert_int_equal(migsim_node_info(f.w, 1, &n1), 0);
	assert_int_equal(n1.present_pages, 0);
	assert_int_equal(migsim_move_pages(f.w, PID, 0, 1, &p, &node, &st,
					   MIGSIM_MPOL_MF_MOVE), -ENODEV);
	cfx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offline_thp_section),
		cmocka_unit_test(test_offline_hugetlb),
		cmocka_unit_test(test_offline_small_pages),
		cmocka_unit_test(test_offline_unmovable_ebusy),
		cmocka_unit_test(test_offline_pinned_eintr),
		cmocka_unit_test(test_offline_bad_args),
		cmocka_unit_test(test_offline_whole_node),
	};

	return cmocka_run_group_tests_name("callers_offline", tests, NULL, NULL);
}
