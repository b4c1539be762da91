// SPDX-License-Identifier: MIT
/*
 * migsim bench, the scheduler's figures (the budgets of issue 3):
 *
 *  sched_step_ns      one scheduling point of a running actor, with a
 *                     decision between two runnable actors and, when the
 *                     strategy picks the other one, the switch: two actors
 *                     on two CPUs pass 1M points each under the random
 *                     strategy (about half the decisions switch)
 *  schedules_per_sec  whole schedules of a 2-actor scenario of about 1000
 *                     steps (each actor passes 500 points), every run on a
 *                     freshly built world, through migsim_explore()
 *  time-to-find       for each seed race and strategy (pct, random): runs
 *                     and milliseconds until the first failure, median over
 *                     master seeds 1..10, without shrinking or self-check
 *
 * Wall-clock time is measured here and nowhere else.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <migsim/migsim.h>
#include "bench.h"

struct spinner {
	unsigned long points;
};

static void spin_actor(struct migsim_world *w, void *arg)
{
	const struct spinner *sp = arg;
	unsigned long i;

	for (i = 0; i < sp->points; i++)
		migsim_point(w, "bench:step");
}

/* A world of two tasks on CPUs 0 and 1, each with an actor passing @points. */
static int build_spinners(struct migsim_world **out, void *arg)
{
	struct migsim_config cfg;
	struct migsim_world *w;
	int c, pid;

	migsim_config_init(&cfg);
	cfg.node_size[0] = cfg.node_size[1] = 16ULL << 20;
	cfg.no_self_checks = true;
	if (migsim_world_create(&cfg, &w, NULL, 0))
		return -ENOMEM;
	for (c = 0; c < 2; c++) {
		struct migsim_task_config tc = { .cpu = c };

		if (migsim_task_create(w, &tc, &pid) ||
		    migsim_actor_create(w, c ? "B" : "A", pid, spin_actor, arg, NULL) < 0) {
			*out = w;
			return -EINVAL;
		}
	}
	*out = w;
	return 0;
}

/* ns per point of a long 2-actor run; -1 on error. */
static double bench_step(unsigned long points, unsigned long *steps)
{
	struct spinner sp = { .points = points };
	struct migsim_sched_config sc = {
		.strategy = MIGSIM_STRATEGY_RANDOM, .seed = 1, .step_limit = 4 * points,
	};
	struct migsim_run_info info;
	struct migsim_world *w = NULL;
	double t0, t1;
	int ret;

	if (build_spinners(&w, &sp)) {
		fprintf(stderr, "bench: sched_step: %s\n", w ? migsim_strerror(w) : "no world");
		migsim_world_destroy(w);
		return -1;
	}
	t0 = bench_now_ns();
	ret = migsim_run_actors(w, &sc, &info);
	t1 = bench_now_ns();
	if (ret) {
		fprintf(stderr, "bench: sched_step: %s\n", migsim_strerror(w));
		migsim_world_destroy(w);
		return -1;
	}
	migsim_world_destroy(w);
	*steps = info.steps;
	return info.steps ? (t1 - t0) / (double)info.steps : -1;
}

/* Whole schedules per second of a ~1000-step, 2-actor scenario. */
static double bench_schedules(unsigned long runs)
{
	struct spinner sp = { .points = 500 };
	struct migsim_explore_config ec = {
		.sched = { .strategy = MIGSIM_STRATEGY_RANDOM, .seed = 1 },
		.runs = runs,
	};
	struct migsim_explore_result res;
	char err[256];
	double t0, t1;

	t0 = bench_now_ns();
	if (migsim_explore(build_spinners, &sp, &ec, &res, err, sizeof(err))) {
		fprintf(stderr, "bench: schedules_per_sec: %s\n", err);
		return -1;
	}
	t1 = bench_now_ns();
	if (res.found || res.runs != runs) {
		fprintf(stderr, "bench: schedules_per_sec: the spinner scenario failed\n");
		return -1;
	}
	return (double)runs / ((t1 - t0) / 1e9);
}

struct find_case {
	const char *scenario, *kernel;
	enum migsim_strategy strategy;
	const char *strategy_name;
};

static const struct find_case find_cases[] = {
	{ "migration-wait-tail-livelock", "5.12", MIGSIM_STRATEGY_PCT, "pct" },
	{ "migration-wait-tail-livelock", "5.12", MIGSIM_STRATEGY_RANDOM, "random" },
	{ "hugetlb-migratable-race", "5.10", MIGSIM_STRATEGY_PCT, "pct" },
	{ "hugetlb-migratable-race", "5.10", MIGSIM_STRATEGY_RANDOM, "random" },
	{ "hugetlb-migratable-race", "5.11", MIGSIM_STRATEGY_PCT, "pct" },
	{ "hugetlb-migratable-race", "5.11", MIGSIM_STRATEGY_RANDOM, "random" },
};

#define FIND_SEEDS	10
#define FIND_MAX_RUNS	20000

struct find_result {
	double runs, ms;	/* medians */
	int found;		/* seeds that found it within FIND_MAX_RUNS */
};

static int bench_find(const struct find_case *fc, int seeds, struct find_result *out)
{
	double runs[FIND_SEEDS], ms[FIND_SEEDS];
	int s, n = 0;

	for (s = 1; s <= seeds; s++) {
		struct migsim_sched_config sc = { .strategy = fc->strategy, .seed = (uint64_t)s };
		struct migsim_scenario_opts opts = {
			.kernel = fc->kernel, .seed = 1, .sched = &sc, .preempt = -1,
		};
		struct migsim_explore_config ec = { .sched = sc, .runs = FIND_MAX_RUNS };
		struct migsim_explore_result res;
		char err[256];
		double t0 = bench_now_ns();

		if (migsim_scenario_explore(fc->scenario, &opts, &ec, &res, err, sizeof(err))) {
			fprintf(stderr, "bench: time-to-find %s: %s\n", fc->scenario, err);
			return -1;
		}
		/* A seed that does not find it counts as the whole budget. */
		runs[s - 1] = (double)res.runs;
		ms[s - 1] = (bench_now_ns() - t0) / 1e6;
		n += res.found;
	}
	qsort(runs, (size_t)seeds, sizeof(double), bench_cmp_double);
	qsort(ms, (size_t)seeds, sizeof(double), bench_cmp_double);
	out->runs = runs[seeds / 2];
	out->ms = ms[seeds / 2];
	out->found = n;
	return 0;
}

int bench_sched(bool json, bool quick, bool *ok)
{
	unsigned long steps = 0;
	struct find_result fr[sizeof(find_cases) / sizeof(find_cases[0])];
	double step_ns, sps;
	int seeds = quick ? 3 : FIND_SEEDS;
	size_t i;

	step_ns = bench_step(quick ? 200000 : 1000000, &steps);
	sps = bench_schedules(quick ? 2000 : 20000);
	if (step_ns < 0 || sps < 0)
		return -1;
	for (i = 0; i < sizeof(find_cases) / sizeof(find_cases[0]); i++)
		if (bench_find(&find_cases[i], seeds, &fr[i]))
			return -1;
	*ok = step_ns <= 25 && sps >= 20000;
	if (json) {
		printf(", \"sched_step_ns\": %.1f, \"schedules_per_sec\": %.0f, \"time_to_find\": [",
		       step_ns, sps);
		for (i = 0; i < sizeof(find_cases) / sizeof(find_cases[0]); i++)
			printf("%s{\"scenario\": \"%s\", \"kernel\": \"%s\", \"strategy\": \"%s\", "
			       "\"seeds\": %d, \"found\": %d, \"median_runs\": %.0f, "
			       "\"median_ms\": %.1f}", i ? ", " : "", find_cases[i].scenario,
			       find_cases[i].kernel, find_cases[i].strategy_name, seeds, fr[i].found,
			       fr[i].runs, fr[i].ms);
		printf("]");
		return 0;
	}
	printf("%-20s %10.1f  <= 25   [%lu steps]\n", "sched_step_ns", step_ns, steps);
	printf("%-20s %10.0f  >= 20000   [2 actors, ~1000 steps, fresh world each]\n",
	       "schedules_per_sec", sps);
	printf("\ntime to find (median over master seeds 1..%d; runs until the first failure)\n",
	       seeds);
	for (i = 0; i < sizeof(find_cases) / sizeof(find_cases[0]); i++)
		printf("  %-30s %-5s %-7s found %2d/%d  median %6.0f runs  %8.1f ms\n",
		       find_cases[i].scenario, find_cases[i].kernel, find_cases[i].strategy_name,
		       fr[i].found, seeds, fr[i].runs, fr[i].ms);
	return 0;
}
