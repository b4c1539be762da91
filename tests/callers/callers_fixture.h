/* SPDX-License-Identifier: MIT */
/*
 * A small two-node world for the callers' API tests, built through the
 * public API only, and a fingerprint of its state for the "a rejected call
 * changes nothing" checks.  Each test prints the seed and kernel it uses.
 */
#ifndef MIGSIM_TESTS_CALLERS_FIXTURE_H
#define MIGSIM_TESTS_CALLERS_FIXTURE_H

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
#define PG 4096ULL
#define PID 100

struct cfx {
	struct migsim_world *w;
	uint64_t anon;		/* 16 private pages on node 0, written */
	uint64_t thp;		/* one PMD THP on node 0 */
	uint64_t huge;		/* one 2 MiB hugetlb page on node 0 */
	uint64_t zero;		/* page 0 read (zero page), page 1 never touched */
};

static inline struct cfx cfx_new(const char *kernel, unsigned int want)
{
	struct migsim_task_config tc = { .pid = PID, .comm = "t" };
	struct migsim_config cfg;
	struct cfx f = { 0 };
	char err[256];

	migsim_config_init(&cfg);
	cfg.kernel = kernel;
	cfg.node_size[0] = cfg.node_size[1] = 64 * MiB;
	cfg.hugetlb_2m[0] = cfg.hugetlb_2m[1] = 1;
	printf("# seed %llu, kernel %s\n", (unsigned long long)cfg.seed, kernel);
	if (migsim_world_create(&cfg, &f.w, err, sizeof(err)))
		fail_msg("world: %s", err);
	assert_int_equal(migsim_task_create(f.w, &tc, NULL), 0);
	assert_int_equal(migsim_mmap(f.w, PID, 0, 16 * PG, MIGSIM_MAP_PRIVATE, 0, &f.anon), 0);
	assert_int_equal(migsim_touch(f.w, PID, f.anon, 16 * PG, 1), 0);
	if (want & 1) {
		assert_int_equal(migsim_mmap(f.w, PID, 0, 2 * MiB,
					     MIGSIM_MAP_PRIVATE | MIGSIM_MAP_THP, 0, &f.thp), 0);
		assert_int_equal(migsim_touch(f.w, PID, f.thp, 2 * MiB, 1), 0);
	}
	if (want & 2) {
		assert_int_equal(migsim_mmap(f.w, PID, 0, 2 * MiB,
					     MIGSIM_MAP_PRIVATE | MIGSIM_MAP_HUGETLB_2M, 0,
					     &f.huge), 0);
		assert_int_equal(migsim_touch(f.w, PID, f.huge, 2 * MiB, 1), 0);
	}
	assert_int_equal(migsim_mmap(f.w, PID, 0, 2 * PG, MIGSIM_MAP_PRIVATE, 0, &f.zero), 0);
	assert_int_equal(migsim_touch(f.w, PID, f.zero, PG, 0), 0);
	assert_int_equal(migsim_lru_drain(f.w), 0);
	migsim_vmstat_baseline(f.w);
	return f;
}

static inline void cfx_free(struct cfx *f)
{
	if (migsim_outcome(f->w) == MIGSIM_OK)
		assert_int_equal(migsim_check(f->w), 0);
	if (migsim_outcome(f->w) != MIGSIM_OK)
		fail_msg("run ended: %s", migsim_last_report(f->w)->message);
	migsim_world_destroy(f->w);
}

static inline int node_of(struct migsim_world *w, uint64_t addr)
{
	struct migsim_page_info pi;

	assert_int_equal(migsim_page_info(w, PID, addr, &pi), 0);
	return pi.node;
}

static inline long delta(struct migsim_world *w, const char *name)
{
	long d = 0;

	if (migsim_vmstat_change(w, name, &d))
		fail_msg("no counter %s", name);
	return d;
}

/* Every counter unchanged since the baseline: nothing happened. */
static inline void assert_no_change(struct migsim_world *w)
{
	size_t i;

	for (i = 0; i < migsim_vmstat_count(); i++)
		if (migsim_vmstat_delta(w, i))
			fail_msg("counter %s changed by %ld", migsim_vmstat_name(i),
				 migsim_vmstat_delta(w, i));
}

/* A fingerprint of the world: per-node memory and where each fixture
 * page is.  Equal fingerprints before and after a call: it changed nothing. */
struct cfx_snap {
	struct migsim_node_info ni[2];
	int node[20];
	long events;
};

static inline struct cfx_snap cfx_snap(struct cfx *f)
{
	struct cfx_snap s;
	size_t i;
	int k = 0;

	memset(&s, 0, sizeof(s));
	assert_int_equal(migsim_node_info(f->w, 0, &s.ni[0]), 0);
	assert_int_equal(migsim_node_info(f->w, 1, &s.ni[1]), 0);
	for (k = 0; k < 16; k++)
		s.node[k] = node_of(f->w, f->anon + (uint64_t)k * PG);
	if (f->thp)
		s.node[16] = node_of(f->w, f->thp);
	if (f->huge)
		s.node[17] = node_of(f->w, f->huge);
	for (i = 0; i < migsim_vmstat_count(); i++)
		s.events += labs(migsim_vmstat_delta(f->w, i)) * (long)(i + 1);
	return s;
}

#define assert_same_snap(a, b) assert_memory_equal(&(a), &(b), sizeof(a))

#endif
