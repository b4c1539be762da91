/* SPDX-License-Identifier: MIT */
/*
 * What the scheduler tests share (test_sched.c, test_sched_detectors.c): a
 * small two-CPU world, actors, one run under a strategy, a fingerprint of
 * everything a run shows, and two actor programs (a stepper, a worker).
 */
#ifndef MIGSIM_TESTS_SCHED_HARNESS_H
#define MIGSIM_TESTS_SCHED_HARNESS_H

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>
#include <migsim/migsim.h>

#define MiB (1ULL << 20)

/* ------------------------------------------------------------------ */
/* Harness                                                             */

static inline uint64_t test_seed(uint64_t def)
{
	const char *s = getenv("MIGSIM_TEST_SEED");
	uint64_t seed = s && *s ? strtoull(s, NULL, 0) : def;

	printf("# seed %" PRIu64 " (MIGSIM_TEST_SEED=N to change)\n", seed);
	return seed;
}

/* Fail with the text when @hay lacks @needle. */
#define assert_contains(hay, needle) do {				\
	const char *__h = (hay), *__n = (needle);			\
	if (!__h || !strstr(__h, __n))					\
		fail_msg("\"%s\" lacks \"%s\"", __h ? __h : "(null)", __n);	\
} while (0)

/* A world with two CPUs (one per node) and small nodes. */
static inline struct migsim_world *world(enum migsim_preempt preempt, bool trace)
{
	struct migsim_config cfg;
	struct migsim_world *w;
	char err[256];

	migsim_config_init(&cfg);
	cfg.node_size[0] = cfg.node_size[1] = 16 * MiB;
	cfg.nr_cpus = 2;
	cfg.preempt = preempt;
	cfg.trace = trace;
	if (migsim_world_create(&cfg, &w, err, sizeof(err)))
		fail_msg("world: %s", err);
	return w;
}

/* A task on @cpu running @fn as the next actor ("A", "B", ... in order). */
static inline int actor(struct migsim_world *w, const char *name, int cpu, migsim_actor_fn fn,
		 void *arg)
{
	struct migsim_task_config tc = { .cpu = cpu, .comm = name };
	int pid, id;

	assert_int_equal(migsim_task_create(w, &tc, &pid), 0);
	assert_int_equal(migsim_actor_create(w, name, pid, fn, arg, &id), 0);
	return pid;
}

static inline int run(struct migsim_world *w, enum migsim_strategy strategy, uint64_t seed,
	       const char *schedule, struct migsim_run_info *info)
{
	struct migsim_sched_config sc = { .strategy = strategy, .seed = seed,
					  .schedule = schedule };

	return migsim_run_actors(w, &sc, info);
}

/*
 * Everything a run shows, as one string: the run info, outcome, report
 * (message, function, stack, actors), counters and the whole trace.  Two
 * runs that agree here cannot be told apart through the API.
 */
static inline char *fingerprint(struct migsim_world *w, int ret, const struct migsim_run_info *info)
{
	const struct migsim_report *r = migsim_last_report(w);
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);
	int k;

	assert_non_null(f);
	fprintf(f, "ret %d\nschedule %s\nsteps %lu decisions %u preemptions %u faults %u\n",
		ret, info->schedule, info->steps, info->decisions, info->preemptions,
		info->faults);
	fprintf(f, "outcome %s\n", migsim_outcome_name(migsim_outcome(w)));
	if (r) {
		fprintf(f, "report %s in %s at %s:%d\n", r->message, r->function, r->file,
			r->line);
		for (k = 0; k < r->stack_depth; k++)
			fprintf(f, " > %s", r->stack[k]);
		fprintf(f, "\n%s%s", r->dump, r->actors);
	}
	for (i = 0; i < migsim_vmstat_count(); i++)
		fprintf(f, "%s %ld\n", migsim_vmstat_name(i), migsim_vmstat_value(w, i));
	assert_int_equal(migsim_trace_write(w, f), 0);
	fclose(f);
	return buf;
}

static inline int count_entries(const char *schedule)
{
	int n = 0;

	for (; *schedule; schedule++)
		n += *schedule == ';';
	return n;
}

/* ------------------------------------------------------------------ */
/* Programs for the actors                                             */

/* @points explicit points named @point, with a record of the segments run. */
struct stepper {
	const char *point;
	int points;
	int passed;
	bool done;
	char letter;
	char *log;		/* shared: one letter per segment, in run order */
	size_t *log_len;
};

static inline void stepper_body(struct migsim_world *w, void *arg)
{
	struct stepper *s = arg;
	int i;

	for (i = 0; i <= s->points; i++) {
		if (s->log)
			s->log[(*s->log_len)++] = s->letter;
		if (i == s->points)
			break;
		migsim_point(w, s->point);
		s->passed++;
	}
	s->done = true;
}

/*
 * Real model work for determinism and round trips: touch a fresh private
 * range, migrate it to the other node, with explicit points in between.
 */
struct worker {
	int pid;
	uint64_t addr;
	uint64_t len;
	int node;
	int touch_ret;
	int migrate_ret;
	bool done;
};

static inline void worker_body(struct migsim_world *w, void *arg)
{
	struct worker *k = arg;
	struct migsim_migrate_result res;

	migsim_point(w, "worker:start");
	k->touch_ret = migsim_touch(w, k->pid, k->addr, k->len, 1);
	migsim_point(w, "worker:touched");
	k->migrate_ret = migsim_migrate_range(w, k->pid, k->addr, k->len, k->node,
					      MIGSIM_MIGRATE_SYNC, MIGSIM_MR_SYSCALL, &res);
	migsim_point(w, "worker:migrated");
	k->done = true;
}

/* Two workers of @pages each, A on cpu 0 moving its pages to node 1 and B
 * the reverse. */
static inline struct migsim_world *two_workers(struct worker k[2], uint64_t pages, bool trace)
{
	struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, trace);
	int i;

	memset(k, 0, 2 * sizeof(*k));
	for (i = 0; i < 2; i++) {
		k[i].pid = actor(w, i ? "worker-b" : "worker-a", i, worker_body, &k[i]);
		k[i].node = !i;
		k[i].len = pages * 4096;
		assert_int_equal(migsim_mmap(w, k[i].pid, 0, k[i].len, MIGSIM_MAP_PRIVATE, i,
					     &k[i].addr), 0);
	}
	return w;
}


#endif
