// SPDX-License-Identifier: MIT
/*
 * move_pages(2) through the public API: one test per errno and status rule
 * of reference 6.1, in the kernel's order of checks, the return-value
 * rule, the version differences (4.16, 4.17, 6.11, 6.12), and "a rejected
 * call changes nothing".
 *
 *   kernel_move_pages: flags -EINVAL > MOVE_ALL w/o CAP_SYS_NICE -EPERM >
 *     no pid -ESRCH > ptrace_may_access -EPERM > per entry: node -ENODEV >
 *     node not allowed -EACCES > per page status (-EFAULT -ENOENT -EACCES
 *     -EBUSY or the node) > per-node batches, a failed batch stores nothing
 */
#include "callers_fixture.h"

#define MOVE MIGSIM_MPOL_MF_MOVE
#define UNSET 0x7fffffff

static long mp(struct cfx *f, unsigned long n, const uint64_t *pages, const int *nodes,
	       int *status, int flags)
{
	unsigned long i;

	for (i = 0; status && i < n; i++)
		status[i] = UNSET;
	return migsim_move_pages(f->w, PID, 0, n, pages, nodes, status, flags);
}

/* Rule 1: flags other than MOVE and MOVE_ALL: -EINVAL, nothing done. */
static void test_einval_flags(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	struct cfx_snap before = cfx_snap(&f), after;
	uint64_t p = f.anon;
	int node = 1, st = UNSET;

	(void)state;
	assert_int_equal(migsim_move_pages(f.w, PID, 0, 1, &p, &node, &st,
					   MIGSIM_MPOL_MF_STRICT), -EINVAL);
	assert_int_equal(migsim_move_pages(f.w, PID, 0, 1, &p, &node, &st, 1 << 5), -EINVAL);
	assert_int_equal(st, UNSET);
	after = cfx_snap(&f);
	assert_same_snap(before, after);
	assert_non_null(strstr(migsim_strerror(f.w), "flags"));
	cfx_free(&f);
}

/* Rule 2: MOVE_ALL without CAP_SYS_NICE: -EPERM before the pid lookup. */
static void test_eperm_move_all_without_cap(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	struct cfx_snap before = cfx_snap(&f), after;
	uint64_t p = f.anon;
	int node = 1, st = UNSET;

	(void)state;
	/* Even for a pid that does not exist: the capability comes first. */
	assert_int_equal(migsim_move_pages(f.w, PID, 4242, 1, &p, &node, &st,
					   MIGSIM_MPOL_MF_MOVE_ALL), -EPERM);
	assert_int_equal(migsim_move_pages(f.w, PID, 0, 1, &p, &node, &st,
					   MIGSIM_MPOL_MF_MOVE_ALL), -EPERM);
	after = cfx_snap(&f);
	assert_same_snap(before, after);
	cfx_free(&f);
}

/* Rule 3a: no task with that pid: -ESRCH. */
static void test_esrch(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	struct cfx_snap before = cfx_snap(&f), after;
	uint64_t p = f.anon;
	int node = 1, st = UNSET;

	(void)state;
	assert_int_equal(migsim_move_pages(f.w, PID, 4242, 1, &p, &node, &st, MOVE), -ESRCH);
	/* The caller itself must exist: an API error, also -ESRCH. */
	assert_int_equal(migsim_move_pages(f.w, 4243, 0, 1, &p, &node, &st, MOVE), -ESRCH);
	after = cfx_snap(&f);
	assert_same_snap(before, after);
	cfx_free(&f);
}

/* Rule 3b: ptrace_may_access fails (another task, no cap_sys_nice): -EPERM;
 * with cap_sys_nice the other task's pages move. */
static void test_eperm_other_task(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	struct migsim_task_config plain = { .pid = 200 }, nice = { .pid = 201,
								 .cap_sys_nice = true };
	struct cfx_snap before, after;
	uint64_t p = f.anon;
	int node = 1, st = UNSET;

	(void)state;
	assert_int_equal(migsim_task_create(f.w, &plain, NULL), 0);
	assert_int_equal(migsim_task_create(f.w, &nice, NULL), 0);
	before = cfx_snap(&f);
	assert_int_equal(migsim_move_pages(f.w, 200, PID, 1, &p, &node, &st, MOVE), -EPERM);
	after = cfx_snap(&f);
	assert_same_snap(before, after);
	assert_int_equal(migsim_move_pages(f.w, 201, PID, 1, &p, &node, &st, MOVE), 0);
	assert_int_equal(st, 1);
	assert_int_equal(node_of(f.w, f.anon), 1);
	cfx_free(&f);
}

/* Entry check: node < 0, >= MAX_NUMNODES or without memory: -ENODEV for the
 * whole call; batches before it were already flushed. */
static void test_enodev(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	uint64_t p[3] = { f.anon, f.anon + PG, f.anon + 2 * PG };
	int nodes[3] = { 1, 0, -1 }, st[3];

	(void)state;
	assert_int_equal(mp(&f, 3, p, nodes, st, MOVE), -ENODEV);
	/* Entry 0's batch was flushed at the change of node to 0. */
	assert_int_equal(st[0], 1);
	assert_int_equal(node_of(f.w, f.anon), 1);
	/* Entry 1 was on node 0 already: its status is stored at once. */
	assert_int_equal(st[1], 0);
	assert_int_equal(st[2], UNSET);
	nodes[2] = 64;
	assert_int_equal(mp(&f, 3, p, nodes, st, MOVE), -ENODEV);
	nodes[2] = 2;		/* MAX_NUMNODES > 2, but node 2 has no memory */
	assert_int_equal(mp(&f, 3, p, nodes, st, MOVE), -ENODEV);
	cfx_free(&f);
}

/* Entry check: a node outside the target task's mems_allowed: -EACCES. */
static void test_eacces_node_not_allowed(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	struct migsim_task_config tc = { .pid = 300, .allowed_nodes = 1 };
	uint64_t p, a;
	int node = 1, st = UNSET;

	(void)state;
	assert_int_equal(migsim_task_create(f.w, &tc, NULL), 0);
	assert_int_equal(migsim_mmap(f.w, 300, 0, PG, MIGSIM_MAP_PRIVATE, 0, &a), 0);
	assert_int_equal(migsim_touch(f.w, 300, a, PG, 1), 0);
	p = a;
	assert_int_equal(migsim_move_pages(f.w, 300, 0, 1, &p, &node, &st, MOVE), -EACCES);
	assert_int_equal(st, UNSET);
	cfx_free(&f);
}

/* Per page: no VMA -EFAULT; the zero page -EFAULT in every version (6.12:
 * is_zero_folio() in __add_folio_for_migration() / do_pages_stat_array();
 * before: FOLL_DUMP on a special PTE); never touched anonymous memory
 * -ENOENT (6.12, folio_walk finds nothing) but -EFAULT before
 * (follow_page(FOLL_DUMP) -> no_page_table()). */
static void check_lookup_statuses(const char *kernel, int untouched)
{
	struct cfx f = cfx_new(kernel, 0);
	uint64_t p[3] = { 0x10000, f.zero, f.zero + PG };
	int nodes[3] = { 1, 1, 1 }, st[3];

	assert_int_equal(mp(&f, 3, p, nodes, st, MOVE), 0);
	assert_int_equal(st[0], -EFAULT);
	assert_int_equal(st[1], -EFAULT);
	assert_int_equal(st[2], untouched);
	/* The query (do_pages_stat) says the same. */
	assert_int_equal(mp(&f, 3, p, NULL, st, 0), 0);
	assert_int_equal(st[0], -EFAULT);
	assert_int_equal(st[1], -EFAULT);
	assert_int_equal(st[2], untouched);
	cfx_free(&f);
}

static void test_lookup_612_enoent(void **state)
{
	(void)state;
	check_lookup_statuses("6.12", -ENOENT);
}

static void test_lookup_611_efault(void **state)
{
	(void)state;
	check_lookup_statuses("6.11", -EFAULT);
	check_lookup_statuses("4.16", -EFAULT);
}

/*
 * Nothing mapped, by VMA kind.  6.12's folio_walk finds nothing: -ENOENT
 * everywhere.  Up to 6.11 follow_page(FOLL_DUMP) sends an empty entry to
 * no_page_table(): -EFAULT in an anonymous VMA, -ENOENT in shmem; hugetlb
 * -EFAULT unless the page cache holds the huge page (6.5+;
 * hugetlbfs_pagecache_present()), -ENOENT before 6.5.
 *
 *   task 600: [anon, untouched] [shmem, untouched] [hugetlb private] [hugetlb
 *   shared: A, touched by the child only] [hugetlb shared: B, untouched]
 */
static void check_unpopulated(const char *kernel, int anon, int shm, int huge_priv,
			      int huge_cached, int huge_empty)
{
	struct migsim_task_config tc = { .pid = 600, .comm = "u" };
	struct cfx f = cfx_new(kernel, 0);
	uint64_t p[5];
	int nodes[5] = { 1, 1, 1, 1, 1 }, st[5], child, i;
	const int want[5] = { anon, shm, huge_priv, huge_cached, huge_empty };

	assert_int_equal(migsim_task_create(f.w, &tc, NULL), 0);
	assert_int_equal(migsim_mmap(f.w, 600, 0, PG, MIGSIM_MAP_PRIVATE, 0, &p[0]), 0);
	assert_int_equal(migsim_mmap(f.w, 600, 0, PG, MIGSIM_MAP_SHARED, 0, &p[1]), 0);
	assert_int_equal(migsim_mmap(f.w, 600, 0, 2 * MiB,
				     MIGSIM_MAP_PRIVATE | MIGSIM_MAP_HUGETLB_2M, 0, &p[2]), 0);
	assert_int_equal(migsim_mmap(f.w, 600, 0, 2 * MiB,
				     MIGSIM_MAP_SHARED | MIGSIM_MAP_HUGETLB_2M, 0, &p[3]), 0);
	assert_int_equal(migsim_mmap(f.w, 600, 0, 2 * MiB,
				     MIGSIM_MAP_SHARED | MIGSIM_MAP_HUGETLB_2M, 0, &p[4]), 0);
	assert_int_equal(migsim_fork(f.w, 600, &child), 0);
	assert_int_equal(migsim_touch(f.w, child, p[3], PG, 1), 0);
	for (i = 0; i < 5; i++)
		st[i] = UNSET;
	assert_int_equal(migsim_move_pages(f.w, 600, 0, 5, p, nodes, st, MOVE), 0);
	for (i = 0; i < 5; i++)
		assert_int_equal(st[i], want[i]);
	/* The query path (do_pages_stat_array) uses the same lookup. */
	for (i = 0; i < 5; i++)
		st[i] = UNSET;
	assert_int_equal(migsim_move_pages(f.w, 600, 0, 5, p, NULL, st, 0), 0);
	for (i = 0; i < 5; i++)
		assert_int_equal(st[i], want[i]);
	cfx_free(&f);
}

static void test_unpopulated_by_vma_kind(void **state)
{
	(void)state;
	check_unpopulated("6.12", -ENOENT, -ENOENT, -ENOENT, -ENOENT, -ENOENT);
	check_unpopulated("6.11", -EFAULT, -ENOENT, -EFAULT, -ENOENT, -EFAULT);
	check_unpopulated("6.9", -EFAULT, -ENOENT, -EFAULT, -ENOENT, -EFAULT);
	check_unpopulated("5.17", -EFAULT, -ENOENT, -ENOENT, -ENOENT, -ENOENT);
}

/* Per page: already on the target node: status is the node, nothing moves. */
static void test_already_on_node(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	uint64_t p = f.anon;
	int node = 0, st;

	(void)state;
	assert_int_equal(mp(&f, 1, &p, &node, &st, MOVE), 0);
	assert_int_equal(st, 0);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 0);
	cfx_free(&f);
}

/* Per page: mapped shared without MOVE_ALL: -EACCES; with MOVE_ALL and
 * CAP_SYS_NICE it moves. */
static void test_shared_eacces_and_move_all(void **state)
{
	struct migsim_task_config tc = { .pid = 400, .cap_sys_nice = true };
	struct cfx f = cfx_new("6.12", 0);
	uint64_t shm;
	int node = 1, st, child;

	(void)state;
	assert_int_equal(migsim_task_create(f.w, &tc, NULL), 0);
	assert_int_equal(migsim_mmap(f.w, 400, 0, PG, MIGSIM_MAP_SHARED, 0, &shm), 0);
	assert_int_equal(migsim_fork(f.w, 400, &child), 0);
	assert_int_equal(migsim_touch(f.w, 400, shm, PG, 1), 0);
	assert_int_equal(migsim_touch(f.w, child, shm, PG, 0), 0);
	st = UNSET;
	assert_int_equal(migsim_move_pages(f.w, 400, 0, 1, &shm, &node, &st, MOVE), 0);
	assert_int_equal(st, -EACCES);
	assert_int_equal(migsim_move_pages(f.w, 400, 0, 1, &shm, &node, &st,
					   MIGSIM_MPOL_MF_MOVE_ALL), 0);
	assert_int_equal(st, 1);
	cfx_free(&f);
}

/* Per page: a THP tail moves the whole THP; a second address in it, in the
 * same batch, finds it isolated: -EBUSY.  Once migrated, a later address
 * in it reports the new node. */
static void test_thp_tail(void **state)
{
	struct cfx f = cfx_new("6.12", 1);
	uint64_t p[4] = { f.thp + PG, f.thp + 2 * PG, f.anon, f.thp + 3 * PG };
	int nodes[4] = { 1, 1, 0, 1 }, st[4];

	(void)state;
	assert_int_equal(mp(&f, 4, p, nodes, st, MOVE), 0);
	assert_int_equal(st[0], 1);
	assert_int_equal(st[1], -EBUSY);
	assert_int_equal(st[2], 0);
	assert_int_equal(st[3], 1);	/* after the flush: already on node 1 */
	assert_int_equal(node_of(f.w, f.thp), 1);
	assert_int_equal(node_of(f.w, f.thp + 2 * MiB - PG), 1);
	assert_int_equal(delta(f.w, "thp_migration_success"), 1);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 512);
	cfx_free(&f);
}

/* Per page: a hugetlb tail: the whole folio moves and a second address gets
 * -EBUSY (6.11, 6.12); up to 4.17 a tail address is -EACCES and only a head
 * address isolates. */
static void check_hugetlb_tail(const char *kernel, int tail_first, int tail_second)
{
	struct cfx f = cfx_new(kernel, 2);
	uint64_t p[2] = { f.huge + PG, f.huge + 2 * PG };
	int nodes[2] = { 1, 1 }, st[2];

	assert_int_equal(mp(&f, 2, p, nodes, st, MOVE), 0);
	assert_int_equal(st[0], tail_first);
	assert_int_equal(st[1], tail_second);
	assert_int_equal(node_of(f.w, f.huge), tail_first == 1 ? 1 : 0);
	cfx_free(&f);
}

static void test_hugetlb_tail_612_ebusy(void **state)
{
	(void)state;
	check_hugetlb_tail("6.12", 1, -EBUSY);
	check_hugetlb_tail("6.11", 1, -EBUSY);
}

static void test_hugetlb_tail_417_eacces(void **state)
{
	(void)state;
	check_hugetlb_tail("4.17", -EACCES, -EACCES);
	check_hugetlb_tail("4.16", -EACCES, -EACCES);
}

/* A failed batch stores no status; the return counts the folios that failed
 * plus the entries never attempted (move_pages_and_store_status). */
static void test_failed_batch_no_status(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	uint64_t p[4] = { f.anon, f.anon + PG, f.anon + 2 * PG, f.anon + 3 * PG };
	int nodes[4] = { 1, 1, 0, 1 }, st[4], pin;

	(void)state;
	assert_int_equal(migsim_pin(f.w, PID, f.anon + PG, &pin), 0);
	/* Batch {0, 1} for node 1 is flushed at entry 2 (node 0): entry 1 is
	 * pinned and fails -> 1 failed + entries 2, 3 never attempted = 3. */
	assert_int_equal(mp(&f, 4, p, nodes, st, MOVE), 3);
	assert_int_equal(st[0], UNSET);
	assert_int_equal(st[1], UNSET);
	assert_int_equal(st[2], UNSET);
	assert_int_equal(st[3], UNSET);
	assert_int_equal(node_of(f.w, f.anon), 1);	/* it did move */
	assert_int_equal(node_of(f.w, f.anon + PG), 0);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 1);
	assert_int_equal(delta(f.w, "pgmigrate_fail"), 1);
	assert_int_equal(migsim_unpin(f.w, pin), 0);
	cfx_free(&f);
}

/* An entry that fails its lookup flushes the batch before it; if that batch
 * fails, entry i is already accounted: err-- (do_pages_move). */
static void test_failed_flush_after_error_entry(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	uint64_t p[3] = { f.anon, 0x10000, f.anon + PG };
	int nodes[3] = { 1, 1, 1 }, st[3], pin;

	(void)state;
	assert_int_equal(migsim_pin(f.w, PID, f.anon, &pin), 0);
	/* 1 failed + (3 - 1) not attempted - 1 (entry 1 has its status) = 2. */
	assert_int_equal(mp(&f, 3, p, nodes, st, MOVE), 2);
	assert_int_equal(st[0], UNSET);
	assert_int_equal(st[1], -EFAULT);
	assert_int_equal(st[2], UNSET);
	assert_int_equal(migsim_unpin(f.w, pin), 0);
	cfx_free(&f);
}

/* 4.16: fixed chunks; failures only in status (-EAGAIN), the call returns 0. */
static void test_416_fixed_chunk_returns_zero(void **state)
{
	struct cfx f = cfx_new("4.16", 0);
	uint64_t p[4] = { f.anon, f.anon + PG, f.anon + 2 * PG, f.anon + 3 * PG };
	int nodes[4] = { 1, 1, 0, 1 }, st[4], pin;

	(void)state;
	assert_int_equal(migsim_pin(f.w, PID, f.anon + PG, &pin), 0);
	assert_int_equal(mp(&f, 4, p, nodes, st, MOVE), 0);
	assert_int_equal(st[0], 1);
	assert_int_equal(st[1], -EAGAIN);
	assert_int_equal(st[2], 0);
	assert_int_equal(st[3], 1);
	assert_int_equal(migsim_unpin(f.w, pin), 0);
	cfx_free(&f);
}

/* 4.16: a bad node in the second chunk (entry 169) ends the call with
 * -ENODEV; the first chunk of 169 entries was done and its status stored. */
static void test_416_chunk_of_169(void **state)
{
	struct cfx f = cfx_new("4.16", 0);
	uint64_t p[171];
	int nodes[171], st[171], i;

	(void)state;
	for (i = 0; i < 171; i++) {
		p[i] = f.anon + (uint64_t)(i % 16) * PG;
		nodes[i] = 1;
	}
	nodes[170] = -1;
	assert_int_equal(mp(&f, 171, p, nodes, st, MOVE), -ENODEV);
	/* Entries 16.. name pages already isolated by an earlier entry of the
	 * chunk: isolate_lru_page() fails, -EBUSY; the result of the migration
	 * goes to the first entry naming the page (new_page_node()). */
	for (i = 0; i < 16; i++)
		assert_int_equal(st[i], 1);
	for (i = 16; i < 169; i++)
		assert_int_equal(st[i], -EBUSY);
	assert_int_equal(st[169], UNSET);
	assert_int_equal(st[170], UNSET);
	/* 6.12 batches per node instead: the same call also ends -ENODEV, and
	 * the batch before the bad entry is flushed (out_flush). */
	cfx_free(&f);
}

/* User memory faults: pages NULL is -EFAULT before anything; status NULL
 * faults after the batch migrated (the kernel's order). */
static void test_efault_user_arrays(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	struct cfx_snap before = cfx_snap(&f), after;
	uint64_t p = f.anon;
	int node = 1, st;

	(void)state;
	assert_int_equal(migsim_move_pages(f.w, PID, 0, 1, NULL, &node, &st, MOVE), -EFAULT);
	assert_int_equal(migsim_move_pages(f.w, PID, 0, 1, NULL, NULL, &st, 0), -EFAULT);
	after = cfx_snap(&f);
	assert_same_snap(before, after);
	assert_int_equal(migsim_move_pages(f.w, PID, 0, 1, &p, &node, NULL, MOVE), -EFAULT);
	assert_int_equal(node_of(f.w, f.anon), 1);
	assert_int_equal(migsim_move_pages(f.w, PID, 0, 1, &p, NULL, NULL, 0), -EFAULT);
	cfx_free(&f);
}

/* Query: status is the node; count 0 is a no-op returning 0. */
static void test_query(void **state)
{
	struct cfx f = cfx_new("6.12", 3);
	uint64_t p[3] = { f.anon, f.thp + 5 * PG, f.huge + 7 * PG };
	int st[3];

	(void)state;
	assert_int_equal(mp(&f, 3, p, NULL, st, 0), 0);
	assert_int_equal(st[0], 0);
	assert_int_equal(st[1], 0);
	assert_int_equal(st[2], 0);
	assert_int_equal(migsim_move_pages(f.w, PID, 0, 0, NULL, NULL, NULL, 0), 0);
	assert_no_change(f.w);
	cfx_free(&f);
}

/* Counters: order-0 pages, a THP and a hugetlb page, all to node 1. */
static void test_counters(void **state)
{
	struct cfx f = cfx_new("6.12", 3);
	uint64_t p[4] = { f.anon, f.anon + PG, f.thp, f.huge };
	int nodes[4] = { 1, 1, 1, 1 }, st[4];

	(void)state;
	assert_int_equal(mp(&f, 4, p, nodes, st, MOVE), 0);
	assert_int_equal(st[0], 1);
	assert_int_equal(st[3], 1);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 2 + 512 + 512);
	assert_int_equal(delta(f.w, "thp_migration_success"), 1);
	assert_int_equal(delta(f.w, "pgmigrate_fail"), 0);
	assert_int_equal(delta(f.w, "nr_isolated_anon"), 0);
	cfx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_einval_flags),
		cmocka_unit_test(test_eperm_move_all_without_cap),
		cmocka_unit_test(test_esrch),
		cmocka_unit_test(test_eperm_other_task),
		cmocka_unit_test(test_enodev),
		cmocka_unit_test(test_eacces_node_not_allowed),
		cmocka_unit_test(test_lookup_612_enoent),
		cmocka_unit_test(test_lookup_611_efault),
		cmocka_unit_test(test_unpopulated_by_vma_kind),
		cmocka_unit_test(test_already_on_node),
		cmocka_unit_test(test_shared_eacces_and_move_all),
		cmocka_unit_test(test_thp_tail),
		cmocka_unit_test(test_hugetlb_tail_612_ebusy),
		cmocka_unit_test(test_hugetlb_tail_417_eacces),
		cmocka_unit_test(test_failed_batch_no_status),
		cmocka_unit_test(test_failed_flush_after_error_entry),
		cmocka_unit_test(test_416_fixed_chunk_returns_zero),
		cmocka_unit_test(test_416_chunk_of_169),
		cmocka_unit_test(test_efault_user_arrays),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_counters),
	};

	return cmocka_run_group_tests_name("callers_move_pages", tests, NULL, NULL);
}
