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

	/* One way set, the other left to the default (20): not symmetric either. */
	migsim_config_init(&cfg);
	cfg.distance[0][1] = 30;
	assert_int_equal(migsim_world_create(&cfg, &w, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "distance[0][1] = 30 but distance[1][0] = 20 (0 means the "
			    "default, 20): distances must be symmetric");

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
	/* Changes since a baseline, by name. */
	migsim_vmstat_baseline(w);
	assert_int_equal(migsim_migrate_range(w, pid, addr, 2 * MiB, 0, MIGSIM_MIGRATE_SYNC,
					      MIGSIM_MR_SYSCALL, &res), 0);
	assert_int_equal(migsim_vmstat_change(w, "thp_migration_success", &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(migsim_vmstat_change(w, "pgmigrate_success", &v), 0);
	assert_int_equal(v, 512);
	assert_int_equal(migsim_vmstat_change(w, "no_such_counter", &v), -ENOENT);
	assert_int_equal(migsim_node_info(w, 1, &ni), 0);
	assert_int_equal(ni.lru_pages[0], 512);	/* inactive anon: one THP went back */
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

/* ---- migsim_migrate_range_alloc(): a get_new_folio of the caller's ---- */

#define ALLOC_LOG 64

/* What the callbacks saw, and how to answer. */
struct alloc_probe {
	int fail_index;			/* answer -ENOMEM for this index; -1: never */
	int bad_node;			/* answer this node for every folio; -1: interleave */
	unsigned int calls, puts;
	struct migsim_folio_desc seen[ALLOC_LOG];
	int put_node[ALLOC_LOG];
};

static int probe_get(struct migsim_world *w, const struct migsim_folio_desc *src, void *arg)
{
	struct alloc_probe *p = arg;

	(void)w;
	if (p->calls < ALLOC_LOG)
		p->seen[p->calls] = *src;
	p->calls++;
	if ((int)src->index == p->fail_index)
		return -ENOMEM;
	if (p->bad_node >= 0)
		return p->bad_node;
	return (int)(src->index % 2);
}

static void probe_put(struct migsim_world *w, int node, unsigned int order, void *arg)
{
	struct alloc_probe *p = arg;

	(void)w;
	(void)order;
	if (p->puts < ALLOC_LOG)
		p->put_node[p->puts] = node;
	p->puts++;
}

static struct migsim_world *alloc_world(int *pid, uint64_t *addr, uint64_t len, int flags)
{
	struct migsim_world *w = world("6.12");

	assert_int_equal(migsim_task_create(w, NULL, pid), 0);
	assert_int_equal(migsim_mmap(w, *pid, 0, len, MIGSIM_MAP_PRIVATE | flags, 0, addr), 0);
	assert_int_equal(migsim_touch(w, *pid, *addr, len, 1), 0);
	return w;
}

/* Every folio gets the node the callback chose, and the callback is told
 * each source folio as it is. */
static void test_alloc_interleave(void **state)
{
	struct alloc_probe p = { .fail_index = -1, .bad_node = -1 };
	struct migsim_migrate_result res;
	struct migsim_page_info pi;
	struct migsim_world *w;
	uint64_t addr, pfn[8];
	long v;
	int pid, i;

	(void)state;
	w = alloc_world(&pid, &addr, 8 * 4096, 0);
	for (i = 0; i < 8; i++) {
		migsim_page_info(w, pid, addr + i * 4096ULL, &pi);
		pfn[i] = pi.pfn;
	}
	assert_int_equal(migsim_migrate_range_alloc(w, pid, addr, 8 * 4096, MIGSIM_MIGRATE_SYNC,
						    MIGSIM_MR_SYSCALL, probe_get, probe_put, &p,
						    &res), 0);
	assert_int_equal(res.rc, 0);
	assert_int_equal(res.nr_isolated, 8);
	assert_int_equal(res.nr_succeeded, 8);
	assert_int_equal(p.calls, 8);
	assert_int_equal(p.puts, 0);
	for (i = 0; i < 8; i++) {
		assert_int_equal(p.seen[i].index, i);
		assert_int_equal(p.seen[i].pfn, pfn[i]);
		assert_int_equal(p.seen[i].node, 0);
		assert_int_equal(p.seen[i].order, 0);
		assert_false(p.seen[i].hugetlb);
		migsim_page_info(w, pid, addr + i * 4096ULL, &pi);
		assert_int_equal(pi.node, i % 2);
		assert_int_not_equal(pi.pfn, pfn[i]);	/* moved, even within node 0 */
	}
	assert_int_equal(migsim_vmstat(w, "pgmigrate_success", &v), 0);
	assert_int_equal(v, 8);
	assert_int_equal(migsim_check(w), 0);
	migsim_world_destroy(w);
}

/* A THP is described with its order and migrates whole; a hugetlb page
 * says so and gets its destination from the chosen node's pool. */
static void test_alloc_thp_and_hugetlb(void **state)
{
	struct alloc_probe p = { .fail_index = -1, .bad_node = 1 };
	struct migsim_migrate_result res;
	struct migsim_page_info pi;
	struct migsim_world *w;
	uint64_t addr;
	int pid;

	(void)state;
	w = alloc_world(&pid, &addr, 2 * MiB, MIGSIM_MAP_THP);
	assert_int_equal(migsim_migrate_range_alloc(w, pid, addr, 2 * MiB, MIGSIM_MIGRATE_SYNC,
						    MIGSIM_MR_SYSCALL, probe_get, NULL, &p,
						    &res), 0);
	assert_int_equal(res.rc, 0);
	assert_int_equal(res.nr_thp_succeeded, 1);
	assert_int_equal(p.calls, 1);
	assert_int_equal(p.seen[0].order, 9);
	assert_false(p.seen[0].hugetlb);
	migsim_page_info(w, pid, addr, &pi);
	assert_int_equal(pi.node, 1);
	assert_int_equal(pi.order, 9);
	assert_int_equal(migsim_check(w), 0);
	migsim_world_destroy(w);

	p = (struct alloc_probe){ .fail_index = -1, .bad_node = 1 };
	w = alloc_world(&pid, &addr, 2 * MiB, MIGSIM_MAP_HUGETLB_2M);
	assert_int_equal(migsim_migrate_range_alloc(w, pid, addr, 2 * MiB, MIGSIM_MIGRATE_SYNC,
						    MIGSIM_MR_SYSCALL, probe_get, NULL, &p,
						    &res), 0);
	assert_int_equal(res.rc, 0);
	assert_int_equal(p.calls, 1);
	assert_true(p.seen[0].hugetlb);
	assert_int_equal(p.seen[0].order, 9);
	migsim_page_info(w, pid, addr, &pi);
	assert_int_equal(pi.node, 1);
	assert_int_equal(migsim_check(w), 0);
	migsim_world_destroy(w);
}

/* A callback that tries to change its world in the middle of
 * migrate_pages() is refused with -EDEADLK and a message naming the
 * callback; reading the world works, and the migration goes on. */
struct reenter_probe {
	int pid;
	uint64_t addr;
	int touch_rc, info_node;
	char msg[256];
};

static int reenter_get(struct migsim_world *w, const struct migsim_folio_desc *src, void *arg)
{
	struct reenter_probe *p = arg;
	struct migsim_page_info pi;

	(void)src;
	p->touch_rc = migsim_touch(w, p->pid, p->addr, 4096, 2);
	snprintf(p->msg, sizeof(p->msg), "%s", migsim_strerror(w));
	p->info_node = migsim_page_info(w, p->pid, p->addr, &pi) ? -1 : pi.node;
	return 1;
}

static void test_alloc_callback_cannot_change_world(void **state)
{
	struct reenter_probe p = { 0 };
	struct migsim_migrate_result res;
	struct migsim_page_info pi;
	struct migsim_world *w;
	uint64_t addr;
	int pid;

	(void)state;
	w = alloc_world(&pid, &addr, 4096, 0);
	p.pid = pid;
	p.addr = addr;
	assert_int_equal(migsim_migrate_range_alloc(w, pid, addr, 4096, MIGSIM_MIGRATE_SYNC,
						    MIGSIM_MR_SYSCALL, reenter_get, NULL, &p,
						    &res), 0);
	assert_int_equal(p.touch_rc, -EDEADLK);
	assert_non_null(strstr(p.msg, "get_new_folio callback"));
	assert_int_equal(p.info_node, 0);	/* read while still on node 0 */
	assert_int_equal(res.rc, 0);
	assert_int_equal(res.nr_succeeded, 1);
	migsim_page_info(w, pid, addr, &pi);
	assert_int_equal(pi.node, 1);
	/* After the call the world takes changes again. */
	assert_int_equal(migsim_touch(w, pid, addr, 4096, 3), 0);
	assert_int_equal(migsim_check(w), 0);
	migsim_world_destroy(w);
}

/* A failed allocation of a base page is the kernel's -ENOMEM: that folio
 * and the ones not yet tried stay and are put back; it counts as failed. */
static void test_alloc_failure_ends_call(void **state)
{
	struct alloc_probe p = { .fail_index = 3, .bad_node = 1 };
	struct migsim_migrate_result res;
	struct migsim_page_info pi;
	struct migsim_world *w;
	uint64_t addr;
	long v;
	int pid, i;

	(void)state;
	w = alloc_world(&pid, &addr, 8 * 4096, 0);
	assert_int_equal(migsim_migrate_range_alloc(w, pid, addr, 8 * 4096, MIGSIM_MIGRATE_SYNC,
						    MIGSIM_MR_SYSCALL, probe_get, probe_put, &p,
						    &res), 0);
	assert_int_equal(res.rc, -ENOMEM);
	assert_int_equal(p.calls, 4);		/* nothing asked after the failure */
	assert_int_equal(res.nr_succeeded, 3);	/* the three already unmapped move */
	assert_int_equal(res.nr_failed_pages, 1);
	assert_int_equal(res.nr_putback, 5);
	assert_int_equal(p.puts, 0);
	for (i = 0; i < 8; i++) {
		migsim_page_info(w, pid, addr + i * 4096ULL, &pi);
		assert_int_equal(pi.node, i < 3 ? 1 : 0);
	}
	assert_int_equal(migsim_vmstat(w, "pgmigrate_success", &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(migsim_vmstat(w, "pgmigrate_fail", &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(migsim_check(w), 0);
	migsim_world_destroy(w);
}

/* A THP whose destination fails is split, and its pieces are migrated. */
static void test_alloc_failure_splits_thp(void **state)
{
	struct alloc_probe p = { .fail_index = 0, .bad_node = 1 };
	struct migsim_migrate_result res;
	struct migsim_page_info pi;
	struct migsim_world *w;
	uint64_t addr;
	long v;
	int pid;

	(void)state;
	w = alloc_world(&pid, &addr, 2 * MiB, MIGSIM_MAP_THP);
	assert_int_equal(migsim_migrate_range_alloc(w, pid, addr, 2 * MiB, MIGSIM_MIGRATE_SYNC,
						    MIGSIM_MR_SYSCALL, probe_get, NULL, &p,
						    &res), 0);
	assert_int_equal(p.seen[0].order, 9);
	assert_int_equal(p.seen[1].order, 0);	/* then the pieces, one by one */
	assert_int_equal(p.calls, 1 + 512);
	assert_int_equal(res.nr_thp_split, 1);
	assert_int_equal(res.nr_thp_failed, 1);
	assert_int_equal(res.nr_succeeded, 512);
	/* Counted as a THP failure, but every piece moved: migrate_pages()
	 * returns 0 when its list ends empty. */
	assert_int_equal(res.rc, 0);
	migsim_page_info(w, pid, addr + 4096, &pi);
	assert_int_equal(pi.node, 1);
	assert_int_equal(pi.order, 0);
	assert_int_equal(migsim_vmstat(w, "thp_migration_split", &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(migsim_check(w), 0);
	migsim_world_destroy(w);
}

/* A destination that cannot be used (the page is pinned, so migration
 * fails after the allocation) is handed to the put callback; the second
 * batch asks again for the same folio. */
static void test_alloc_put_unused(void **state)
{
	struct alloc_probe p = { .fail_index = -1, .bad_node = 1 };
	struct migsim_node_info before, after;
	struct migsim_migrate_result res;
	struct migsim_world *w;
	uint64_t addr;
	int pid, pin;

	(void)state;
	w = alloc_world(&pid, &addr, 4096, 0);
	assert_int_equal(migsim_pin(w, pid, addr, &pin), 0);
	assert_int_equal(migsim_migrate_range_alloc(w, pid, addr, 4096, MIGSIM_MIGRATE_SYNC,
						    MIGSIM_MR_SYSCALL, probe_get, probe_put, &p,
						    &res), 0);
	assert_int_equal(res.rc, 1);
	assert_int_equal(res.nr_succeeded, 0);
	/* Sync mode is an async batch, then the folio alone: two destinations;
	 * the move retries within a batch reuse the one they have. */
	assert_int_equal(p.calls, 2);
	assert_int_equal(p.puts, p.calls);
	assert_int_equal(p.put_node[0], 1);
	assert_int_equal(p.seen[1].index, 1);
	assert_int_equal(p.seen[1].pfn, p.seen[0].pfn);
	assert_int_equal(migsim_unpin(w, pin), 0);
	assert_int_equal(migsim_check(w), 0);
	migsim_world_destroy(w);

	/* A hugetlb destination goes back to its node's pool. */
	p = (struct alloc_probe){ .fail_index = -1, .bad_node = 1 };
	w = alloc_world(&pid, &addr, 2 * MiB, MIGSIM_MAP_HUGETLB_2M);
	assert_int_equal(migsim_node_info(w, 1, &before), 0);
	assert_int_equal(migsim_pin(w, pid, addr, &pin), 0);
	assert_int_equal(migsim_migrate_range_alloc(w, pid, addr, 2 * MiB, MIGSIM_MIGRATE_SYNC,
						    MIGSIM_MR_SYSCALL, probe_get, probe_put, &p,
						    &res), 0);
	assert_int_equal(res.nr_succeeded, 0);
	assert_true(p.puts >= 1);
	assert_int_equal(p.puts, p.calls);
	assert_int_equal(p.put_node[0], 1);
	assert_int_equal(migsim_node_info(w, 1, &after), 0);
	assert_int_equal(after.hugetlb_pages, before.hugetlb_pages);
	assert_int_equal(after.free_pages, before.free_pages);
	assert_int_equal(migsim_unpin(w, pin), 0);
	assert_int_equal(migsim_check(w), 0);
	migsim_world_destroy(w);
}

/* A node that does not exist fails that allocation, as -ENOMEM would. */
static void test_alloc_bad_node(void **state)
{
	struct alloc_probe p = { .fail_index = -1, .bad_node = 7 };
	struct migsim_migrate_result res;
	struct migsim_page_info pi;
	struct migsim_world *w;
	uint64_t addr;
	int pid;

	(void)state;
	w = alloc_world(&pid, &addr, 2 * 4096, 0);
	assert_int_equal(migsim_migrate_range_alloc(w, pid, addr, 2 * 4096, MIGSIM_MIGRATE_SYNC,
						    MIGSIM_MR_SYSCALL, probe_get, NULL, &p,
						    &res), 0);
	assert_int_equal(res.rc, -ENOMEM);
	assert_int_equal(res.nr_succeeded, 0);
	assert_int_equal(res.nr_putback, 2);
	migsim_page_info(w, pid, addr, &pi);
	assert_int_equal(pi.node, 0);
	assert_int_equal(migsim_check(w), 0);
	migsim_world_destroy(w);
}

static void test_alloc_argument_errors(void **state)
{
	struct alloc_probe p = { .fail_index = -1, .bad_node = -1 };
	struct migsim_migrate_result res;
	struct snapshot before;
	struct migsim_world *w;
	uint64_t addr;
	int pid;

	(void)state;
	w = alloc_world(&pid, &addr, 4 * 4096, 0);
	snap(w, pid, addr, &before);
	assert_err(migsim_migrate_range_alloc(w, pid, addr, 4096, MIGSIM_MIGRATE_SYNC,
					      MIGSIM_MR_SYSCALL, NULL, probe_put, &p, &res),
		   -EINVAL, "get_new");
	assert_err(migsim_migrate_range_alloc(w, 999, addr, 4096, MIGSIM_MIGRATE_SYNC,
					      MIGSIM_MR_SYSCALL, probe_get, NULL, &p, &res),
		   -ESRCH, "999");
	assert_err(migsim_migrate_range_alloc(w, pid, addr + 1, 4096, MIGSIM_MIGRATE_SYNC,
					      MIGSIM_MR_SYSCALL, probe_get, NULL, &p, &res),
		   -EINVAL, "misaligned");
	assert_err(migsim_migrate_range_alloc(w, pid, addr, 0, MIGSIM_MIGRATE_SYNC,
					      MIGSIM_MR_SYSCALL, probe_get, NULL, &p, &res),
		   -EINVAL, "empty");
	assert_err(migsim_migrate_range_alloc(w, pid, addr, 4096, (enum migsim_mode)7,
					      MIGSIM_MR_SYSCALL, probe_get, NULL, &p, &res),
		   -EINVAL, "mode");
	assert_err(migsim_migrate_range_alloc(w, pid, addr, 4096, MIGSIM_MIGRATE_SYNC,
					      (enum migsim_reason)42, probe_get, NULL, &p, &res),
		   -EINVAL, "reason");
	assert_int_equal(migsim_migrate_range_alloc(w, pid, addr, 64 * 4096, MIGSIM_MIGRATE_SYNC,
						    MIGSIM_MR_SYSCALL, probe_get, NULL, &p,
						    &res), -EFAULT);
	assert_int_equal(p.calls, 0);
	assert_unchanged(w, pid, addr, &before);
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

/* migsim_schedule_check(): the grammar of schedule strings, no world needed. */
static void test_schedule_check(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(migsim_schedule_check("v1", err, sizeof(err)), 0);
	assert_int_equal(migsim_schedule_check("v1;A@cond_resched#1>B;B@lock:spin#2!", err,
					       sizeof(err)), 0);
	assert_int_equal(migsim_schedule_check("v1;zzz", err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "schedule entry 1 ('zzz') is not ACTOR@POINT#N>ACTOR or "
			    "ACTOR@POINT#N!");
	assert_int_equal(migsim_schedule_check(NULL, err, sizeof(err)), -EINVAL);
	assert_int_equal(migsim_schedule_check("v1;zzz", NULL, 0), -EINVAL);
	assert_string_equal(migsim_strategy_name(MIGSIM_STRATEGY_PCT), "pct");
	assert_null(migsim_strategy_name((enum migsim_strategy)4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schedule_check),
		cmocka_unit_test(test_world_config_errors),
		cmocka_unit_test(test_bad_arguments_change_nothing),
		cmocka_unit_test(test_profile_only_reason),
		cmocka_unit_test(test_migrate_range_and_counters),
		cmocka_unit_test(test_shared_and_fork),
		cmocka_unit_test(test_hugetlb_api),
		cmocka_unit_test(test_alloc_interleave),
		cmocka_unit_test(test_alloc_thp_and_hugetlb),
		cmocka_unit_test(test_alloc_failure_ends_call),
		cmocka_unit_test(test_alloc_callback_cannot_change_world),
		cmocka_unit_test(test_alloc_failure_splits_thp),
		cmocka_unit_test(test_alloc_put_unused),
		cmocka_unit_test(test_alloc_bad_node),
		cmocka_unit_test(test_alloc_argument_errors),
		cmocka_unit_test(test_report_ends_the_run),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_profile_catalogue),
	};

	return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
