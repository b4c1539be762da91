// SPDX-License-Identifier: MIT
/*
 * The public API, through the shared library and <migsim/migsim.h> only, as
 * research code uses it: bad arguments get a negative errno and a message
 * and change nothing; worlds are deterministic; fork, shared memory, pins,
 * reports and the profile catalogue behave as documented.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <migsim/migsim.h>

#define MiB (1ULL << 20)

static struct migsim_world *world(const char *kernel)
{
	struct migsim_config cfg;
	struct migsim_world *w;
	char err[256];

	migsim_config_init(&cfg);
	cfg.kernel = kernel;
	cfg.node_size[0] = cfg.node_size[1] = 64 * MiB;
	cfg.hugetlb_2m[0] = cfg.hugetlb_2m[1] = 2;
	if (migsim_world_create(&cfg, &w, err, sizeof(err)))
		fail_msg("%s", err);
	printf("# seed %llu\n", (unsigned long long)cfg.seed);
	return w;
}

/* A fingerprint of everything observable: counters, host bytes, a page. */
struct snapshot {
	long vm[128];
	size_t bytes;
	struct migsim_page_info pi;
};

static void snap(struct migsim_world *w, int pid, uint64_t addr, struct snapshot *s)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < migsim_vmstat_count() && i < 128; i++)
		s->vm[i] = migsim_vmstat_value(w, i);
	s->bytes = migsim_host_bytes(w);
	migsim_page_info(w, pid, addr, &s->pi);
}

static void assert_unchanged(struct migsim_world *w, int pid, uint64_t addr,
			     const struct snapshot *before)
{
	struct snapshot after;

	snap(w, pid, addr, &after);
	assert_memory_equal(before->vm, after.vm, sizeof(before->vm));
	assert_int_equal(before->bytes, after.bytes);
	assert_int_equal(before->pi.pfn, after.pi.pfn);
	assert_int_equal(before->pi.refcount, after.pi.refcount);
	assert_int_equal(migsim_check(w), 0);
}

#define assert_err(call, err, text) do {					\
	int __r = (call);							\
	if (__r != (err))							\
		fail_msg("%s returned %d, expected %d (%s)", #call, __r, (err),	\
			 migsim_strerror(w));					\
	if (!strstr(migsim_strerror(w), (text)))				\
		fail_msg("%s: message \"%s\" lacks \"%s\"", #call,		\
			 migsim_strerror(w), (text));				\
} while (0)

static void test_world_config_errors(void **state)
{
	struct migsim_config cfg;
	struct migsim_world *w = NULL;
	char err[256];

	(void)state;
	migsim_config_init(&cfg);
	cfg.kernel = "6.13";
	assert_int_equal(migsim_world_create(&cfg, &w, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "6.13"));
	assert_null(w);

	migsim_config_init(&cfg);
	cfg.node_size[1] = 3 * MiB;
	assert_int_equal(migsim_world_create(&cfg, &w, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "node_size[1]"));

	migsim_config_init(&cfg);
	cfg.distance[0][1] = 20;
	cfg.distance[1][0] = 30;
	assert_int_equal(migsim_world_create(&cfg, &w, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "symmetric"));

	migsim_config_init(&cfg);
	cfg.nr_nodes = 0;
	assert_int_equal(migsim_world_create(&cfg, &w, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "nr_nodes"));

	migsim_config_init(&cfg);
	cfg.hugetlb_1g[0] = 1;		/* a 1 GiB page on a 1 GiB node: fits */
	cfg.hugetlb_1g[1] = 2;		/* two do not */
	assert_int_equal(migsim_world_create(&cfg, &w, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "hugetlb_1g[1]"));
}

static void test_bad_arguments_change_nothing(void **state)
{
	struct migsim_world *w = world("6.12");
	struct migsim_migrate_result res;
	struct migsim_numa_result nr;
	struct snapshot before;
	uint64_t addr, a2;
	int pid, pin;

	(void)state;
	assert_int_equal(migsim_task_create(w, NULL, &pid), 0);
	assert_int_equal(migsim_mmap(w, pid, 0, 4 * MiB, MIGSIM_MAP_PRIVATE, 0, &addr), 0);
	assert_int_equal(migsim_touch(w, pid, addr, 4 * MiB, 1), 0);
	snap(w, pid, addr, &before);

	assert_err(migsim_mmap(w, 999, 0, 4096, MIGSIM_MAP_PRIVATE, 0, &a2), -ESRCH, "999");
	assert_err(migsim_mmap(w, pid, addr, 4096, MIGSIM_MAP_PRIVATE, 0, &a2), -EEXIST,
		   "overlaps");
	assert_err(migsim_mmap(w, pid, 0x100001000ULL + 12, 4096, MIGSIM_MAP_PRIVATE, 0, &a2),
		   -EINVAL, "page-aligned");
	assert_err(migsim_mmap(w, pid, 0, 4096, MIGSIM_MAP_PRIVATE, 7, &a2), -ENODEV, "node 7");
	assert_err(migsim_mmap(w, pid, 0, 4096, MIGSIM_MAP_PRIVATE | MIGSIM_MAP_SHARED, 0, &a2),
		   -EINVAL, "exactly one");
	assert_err(migsim_mmap(w, pid, 0, 0, MIGSIM_MAP_PRIVATE, 0, &a2), -EINVAL, "length");
	assert_err(migsim_mmap(w, pid, 0x200000000ULL, 4096, MIGSIM_MAP_PRIVATE |
			       MIGSIM_MAP_HUGETLB_2M, 0, &a2), -EINVAL, "aligned");
	assert_err(migsim_touch(w, pid, addr + 4 * MiB, 4096, 1), -EFAULT, "not mapped");
	assert_err(migsim_touch(w, pid, addr, 0, 1), -EINVAL, "zero");
	assert_err(migsim_munmap(w, pid, addr + 1, 4096), -EINVAL, "page-aligned");
	assert_err(migsim_migrate_range(w, pid, addr, 4 * MiB, 2, MIGSIM_MIGRATE_SYNC,
					MIGSIM_MR_SYSCALL, &res), -ENODEV, "node 2");
	assert_err(migsim_migrate_range(w, pid, addr, 8 * MiB, 1, MIGSIM_MIGRATE_SYNC,
					MIGSIM_MR_SYSCALL, &res), -EFAULT, "not mapped");
	assert_err(migsim_migrate_range(w, pid, addr, 4 * MiB, 1, (enum migsim_mode)7,
					MIGSIM_MR_SYSCALL, &res), -EINVAL, "mode");
	assert_err(migsim_migrate_range(w, pid, addr, 0, 1, MIGSIM_MIGRATE_SYNC,
					MIGSIM_MR_SYSCALL, &res), -EINVAL, "empty");
	assert_err(migsim_numa_hint_fault(w, pid, addr, -1, &nr), -ENODEV, "node -1");
	assert_err(migsim_numa_hint_fault(w, pid, addr + 3, 1, &nr), -EINVAL, "page-aligned");
	assert_err(migsim_pin(w, pid, addr + 8 * MiB, &pin), -EFAULT, "not mapped");
	assert_err(migsim_unpin(w, 12345), -ENOENT, "12345");
	assert_err(migsim_deferred_split_scan(w, 5, 10, NULL), -ENODEV, "node 5");
	assert_unchanged(w, pid, addr, &before);
	migsim_world_destroy(w);
}

static void test_profile_only_reason(void **state)
{
	struct migsim_world *w = world("6.9");
	struct migsim_migrate_result res;
	uint64_t addr;
	int pid;

	(void)state;
	assert_int_equal(migsim_task_create(w, NULL, &pid), 0);
	assert_int_equal(migsim_mmap(w, pid, 0, 4096, MIGSIM_MAP_PRIVATE, 0, &addr), 0);
	assert_err(migsim_migrate_range(w, pid, addr, 4096, 1, MIGSIM_MIGRATE_SYNC,
					MIGSIM_MR_DAMON, &res), -EINVAL, "6.9");
	migsim_world_destroy(w);
}

static void test_migrate_range_and_counters(void **state)
{
	struct migsim_world *w = world("6.12");
	struct migsim_migrate_result res;
	struct migsim_page_info pi;
	struct migsim_node_info ni;
	long v;
	uint64_t addr;
	int pid;

	(void)state;
	assert_int_equal(migsim_task_create(w, NULL, &pid), 0);
	assert_int_equal(migsim_mmap(w, pid, 0, 4 * MiB, MIGSIM_MAP_PRIVATE | MIGSIM_MAP_THP,
				     MIGSIM_NODE_LOCAL, &addr), 0);
	assert_int_equal(migsim_touch(w, pid, addr, 4 * MiB, 1), 0);
	assert_int_equal(migsim_page_info(w, pid, addr, &pi), 0);
	assert_int_equal(pi.order, 9);
	assert_true(pi.pmd_mapped);
	assert_int_equal(pi.node, 0);
	assert_int_equal(migsim_migrate_range(w, pid, addr, 4 * MiB, 1, MIGSIM_MIGRATE_SYNC,
					      MIGSIM_MR_SYSCALL, &res), 0);
	assert_int_equal(res.rc, 0);
	assert_int_equal(res.nr_isolated, 2);
	assert_int_equal(res.nr_thp_succeeded, 2);
	assert_int_equal(res.nr_succeeded, 1024);
	assert_int_equal(migsim_vmstat(w, "thp_migration_success", &v), 0);
	assert_int_equal(v, 2);
	assert_int_equal(migsim_vmstat(w, "pgmigrate_success", &v), 0);
	assert_int_equal(v, 1024);
	/* Kept in base pages, shown in THPs, as /proc/vmstat does. */
	assert_int_equal(migsim_node_vmstat(w, 1, "nr_anon_transparent_hugepages", &v), 0);
	assert_int_equal(v, 2);
	assert_int_equal(migsim_vmstat(w, "no_such_counter", &v), -ENOENT);
	assert_int_equal(migsim_node_info(w, 1, &ni), 0);
	assert_int_equal(ni.lru_pages[0], 1024);	/* inactive anon */
	assert_int_equal(migsim_check(w), 0);
	migsim_world_destroy(w);
}

static void test_shared_and_fork(void **state)
{
	struct migsim_world *w = world("6.12");
	struct migsim_migrate_result res;
	struct migsim_page_info p, c;
	uint64_t shm, priv;
	int pid, child;

	(void)state;
	assert_int_equal(migsim_task_create(w, NULL, &pid), 0);
	assert_int_equal(migsim_mmap(w, pid, 0, 64 * 4096, MIGSIM_MAP_SHARED, 0, &shm), 0);
	assert_int_equal(migsim_mmap(w, pid, 0, 64 * 4096, MIGSIM_MAP_PRIVATE, 0, &priv), 0);
	assert_int_equal(migsim_touch(w, pid, shm, 64 * 4096, 1), 0);
	assert_int_equal(migsim_touch(w, pid, priv, 64 * 4096, 1), 0);
	assert_int_equal(migsim_fork(w, pid, &child), 0);
	assert_int_equal(migsim_check(w), 0);

	/* The child maps the same shared page; private pages are COW-shared. */
	migsim_page_info(w, pid, shm, &p);
	migsim_page_info(w, child, shm, &c);
	assert_int_equal(p.pfn, c.pfn);
	assert_int_equal(p.mapcount, 2);
	migsim_page_info(w, child, priv, &c);
	assert_false(c.writable);
	assert_int_equal(c.mapcount, 2);

	/* A child's write breaks COW: a copy with the same content. */
	assert_int_equal(migsim_touch(w, child, priv, 4096, 1), 0);
	migsim_page_info(w, pid, priv, &p);
	migsim_page_info(w, child, priv, &c);
	assert_int_not_equal(p.pfn, c.pfn);
	assert_int_equal(p.token, c.token);
	assert_int_equal(c.mapcount, 1);

	/* Migrating the shared object moves both tasks' mappings. */
	assert_int_equal(migsim_migrate_range(w, pid, shm, 64 * 4096, 1, MIGSIM_MIGRATE_SYNC,
					      MIGSIM_MR_SYSCALL, &res), 0);
	assert_int_equal(res.rc, 0);
	assert_int_equal(res.nr_succeeded, 64);
	migsim_page_info(w, pid, shm, &p);
	migsim_page_info(w, child, shm, &c);
	assert_int_equal(p.node, 1);
	assert_int_equal(p.pfn, c.pfn);
	assert_int_equal(migsim_check(w), 0);
	assert_int_equal(migsim_exit(w, child), 0);
	assert_int_equal(migsim_check(w), 0);
	migsim_world_destroy(w);
}

static void test_hugetlb_api(void **state)
{
	struct migsim_world *w = world("6.12");
	struct migsim_migrate_result res;
	struct migsim_page_info pi;
	uint64_t addr;
	int pid;

	(void)state;
	assert_int_equal(migsim_task_create(w, NULL, &pid), 0);
	assert_int_equal(migsim_mmap(w, pid, 0, 6 * MiB, MIGSIM_MAP_PRIVATE |
				     MIGSIM_MAP_HUGETLB_2M, 0, &addr), 0);
	assert_int_equal(migsim_touch(w, pid, addr, 4 * MiB, 1), 0);
	/* The pool on node 0 had two pages; the third fault falls back to node 1. */
	assert_int_equal(migsim_touch(w, pid, addr + 4 * MiB, 4096, 1), 0);
	migsim_page_info(w, pid, addr + 4 * MiB, &pi);
	assert_int_equal(pi.node, 1);
	assert_int_equal(migsim_touch(w, pid, addr + 4 * MiB, 2 * MiB, 1), 0);
	assert_int_equal(migsim_munmap(w, pid, addr, 4096), -EINVAL);
	assert_int_equal(migsim_migrate_range(w, pid, addr, 2 * MiB, 1, MIGSIM_MIGRATE_SYNC,
					      MIGSIM_MR_SYSCALL, &res), 0);
	assert_int_equal(res.rc, 0);
	migsim_page_info(w, pid, addr, &pi);
	assert_int_equal(pi.node, 1);
	assert_int_equal(migsim_check(w), 0);
	migsim_world_destroy(w);
}

/* After a report the world refuses to run model code, but can be read. */
static void test_report_ends_the_run(void **state)
{
	struct migsim_scenario_opts opts = { .kernel = "6.10-rc1", .seed = 1 };
	const struct migsim_report *r;
	struct migsim_world *w;
	char err[256];
	int pid;

	(void)state;
	assert_int_equal(migsim_scenario_run("deferred-split-early-exit", &opts, &w, err,
					     sizeof(err)), 0);
	assert_int_equal(migsim_outcome(w), MIGSIM_BUG);
	r = migsim_last_report(w);
	assert_non_null(r);
	assert_string_equal(r->function, "migrate_misplaced_folio");
	assert_non_null(strstr(r->message, "BUG_ON(!list_empty(&migratepages))"));
	assert_string_equal(r->file, "lib/mm/migrate.c");
	assert_true(r->stack_depth >= 2);
	assert_string_equal(r->stack[r->stack_depth - 1], "migrate_misplaced_folio");
	assert_int_equal(migsim_task_create(w, NULL, &pid), 0);	/* no model code */
	assert_int_equal(migsim_touch(w, 100, 0x40000000ULL, 4096, 1), -ENOTRECOVERABLE);
	assert_non_null(strstr(migsim_strerror(w), "run has ended"));
	migsim_world_destroy(w);
}

static char *run_json(const char *kernel, uint64_t seed)
{
	struct migsim_scenario_opts opts = { .kernel = kernel, .seed = seed, .trace = true };
	struct migsim_world *w;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_int_equal(migsim_scenario_run("deferred-split-early-exit", &opts, &w, NULL, 0), 0);
	migsim_scenario_write_json(w, "deferred-split-early-exit", f);
	migsim_trace_write(w, f);
	migsim_world_destroy(w);
	fclose(f);
	return buf;
}

/* Same inputs, same bytes: the JSON summary and the whole ftrace text. */
static void test_deterministic(void **state)
{
	static const char *const kernels[] = { "6.12", "6.10", "6.9+deferred-split-v5" };
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		char *a = run_json(kernels[i], 7), *b = run_json(kernels[i], 7);

		assert_string_equal(a, b);
		assert_non_null(strstr(a, "\"seed\": 7"));
		assert_non_null(strstr(a, "# tracer: nop"));
		free(a);
		free(b);
	}
}

static void test_profile_catalogue(void **state)
{
	size_t i, n = migsim_kernel_switch_count(), v5 = (size_t)-1;

	(void)state;
	assert_int_equal(migsim_kernel_count(), 13);
	assert_string_equal(migsim_kernel_name(0), "4.14");
	assert_string_equal(migsim_kernel_name(12), "6.12");
	for (i = 0; i < migsim_kernel_patch_count(); i++)
		if (!strcmp(migsim_kernel_patch_name(i), "deferred-split-v5"))
			v5 = i;
	assert_true(v5 != (size_t)-1);
	for (i = 0; i < n; i++) {
		if (strcmp(migsim_kernel_switch_name(i), "a1_split_into_from"))
			continue;
		assert_int_equal(migsim_kernel_switch("6.9+deferred-split-v5", i), 1);
		assert_int_equal(migsim_kernel_switch("6.12", i), 0);
	}
	assert_int_equal(migsim_kernel_switch("nonsense", 0), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_world_config_errors),
		cmocka_unit_test(test_bad_arguments_change_nothing),
		cmocka_unit_test(test_profile_only_reason),
		cmocka_unit_test(test_migrate_range_and_counters),
		cmocka_unit_test(test_shared_and_fork),
		cmocka_unit_test(test_hugetlb_api),
		cmocka_unit_test(test_report_ends_the_run),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_profile_catalogue),
	};

	return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
