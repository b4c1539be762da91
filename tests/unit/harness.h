/* SPDX-License-Identifier: MIT */
/*
 * White-box test harness: build a small world, make it the thread's current
 * world, and run model code with SIM_RUN (a report becomes -ENOTRECOVERABLE
 * and w->report says what fired).  Each test prints the seed it uses.
 */
#ifndef MIGSIM_TESTS_HARNESS_H
#define MIGSIM_TESTS_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <migsim/migsim.h>
#include "entry.h"
#include "world.h"

static inline struct world *harness_world_cfg(struct migsim_config *cfg)
{
	struct migsim_world *pw = NULL;
	char err[256];
	int ret = migsim_world_create(cfg, &pw, err, sizeof(err));

	if (ret)
		fail_msg("world: %s", err);
	printf("# seed %llu, kernel %s\n", (unsigned long long)cfg->seed,
	       migsim_world_kernel(pw));
	sim_world = (struct world *)pw;
	return (struct world *)pw;
}

static inline struct world *harness_world(const char *kernel, int nr_nodes,
					  unsigned long node_mib)
{
	struct migsim_config cfg;
	int i;

	migsim_config_init(&cfg);
	cfg.kernel = kernel;
	cfg.nr_nodes = nr_nodes;
	for (i = 0; i < nr_nodes; i++)
		cfg.node_size[i] = (uint64_t)node_mib << 20;
	return harness_world_cfg(&cfg);
}

static inline void harness_world_free(struct world *w)
{
	migsim_world_destroy((struct migsim_world *)w);
	sim_world = NULL;
}

/* Order-0 pages parked on a node's per-CPU lists: free, but not counted
 * in NR_FREE_PAGES until the lists are drained, as in the kernel. */
static inline long harness_pcp_pages(struct world *w, int nid)
{
	long n = 0;
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		n += w->node_data[nid]->pcp[cpu].count;
	return n;
}

/* Every free page of a node, wherever the allocator keeps it. */
static inline long harness_free_pages(struct world *w, int nid)
{
	return w->node_data[nid]->vm_stat[NR_FREE_PAGES] + harness_pcp_pages(w, nid);
}

/* A cmocka teardown: a test that fails an assertion leaves its world
 * behind; free it here so the failure is not also reported as a leak. */
static inline int harness_free_world(void **state)
{
	(void)state;
	if (sim_world)
		harness_world_free(sim_world);
	return 0;
}

/* Assert that the run ended in a report of @kind whose message contains @text. */
#define assert_report(w, kind_, text) do {					\
	assert_true((w)->crashed || (w)->report.kind == SIM_WARN);		\
	if ((w)->report.kind != (kind_) || !strstr((w)->report.message, (text)))	\
		fail_msg("expected a %s report with \"%s\", got %s: %s at %s:%d",	\
			 sim_outcome_name(kind_), (text),				\
			 sim_outcome_name((w)->report.kind), (w)->report.message,	\
			 (w)->report.file, (w)->report.line);				\
} while (0)

#define assert_no_report(w) do {						\
	if ((w)->crashed)							\
		fail_msg("unexpected %s report: %s at %s:%d in %s()",		\
			 sim_outcome_name((w)->report.kind), (w)->report.message,	\
			 (w)->report.file, (w)->report.line, (w)->report.function);	\
} while (0)

#endif
