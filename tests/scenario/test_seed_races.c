// SPDX-License-Identifier: MIT
/*
 * The two seed races with actors (lib/engine/scenario_races.c), through the
 * public API as `migsim explore` and `migsim replay` drive them:
 *
 *   migration-wait-tail-livelock (seeds/002), preemption none, both actors
 *   on cpu 0:
 *	A splitter: split_huge_pages_pid() ... try_to_migrate() installs
 *	            migration entries, cond_resched()   ~>
 *	B reader:   copy_to_user() on tail page 5 meets a migration entry;
 *	            5.12: get_page_unless_zero(tail) fails, retry at once,
 *	            never sleeps, never gives cpu 0 back -> livelock
 *	            5.13: waits on the head's lock; 5.17+: on the folio lock
 *	pinned: v1;A@cond_resched#1>B
 *
 *   hugetlb-migratable-race (seeds/003), A on cpu 1, B on cpu 0:
 *	A offline:  scan_movable_pages() looks at the hugetlb page with no
 *	            reference  ~>
 *	B free+dissolve: munmap() frees it to the pool, the pool shrinks to 0
 *	            and dissolves it into buddy pages
 *	A:          5.10 page_huge_active(): VM_BUG_ON_PAGE(!PageHuge)
 *	            5.11 reads page[1] of what is no longer a compound page
 *	            5.12+: reads the head's own word, copes: clean
 *	pinned: v1;A@scan_movable_pages:huge#1>B (5.10),
 *	        v1;A@page_huge_active:page1#1>B (5.11)
 *
 * Exploration is randomised: each case prints its seeds, and
 * MIGSIM_TEST_SEED=N picks fresh ones (N and N+1).  Under valgrind the
 * clean-kernel explorations do fewer runs.
 */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <migsim/migsim.h>
#include "scenario/seed_file.h"

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#define LIVELOCK "migration-wait-tail-livelock"
#define HUGETLB "hugetlb-migratable-race"

/* Runs an exploration may take to find a race (the worst of 300 seeds
 * each was 520, pct on the livelock). */
#define FIND_RUNS 2000

struct race {
	const char *name;
	const char *kernel;
	int preempt;			/* -1: the scenario's default */
	enum migsim_outcome outcome;
	const char *function;
	const char *message;
	const char *pinned;		/* the shrunk schedule `migsim explore` prints */
};

static const struct race races[] = {
	{ LIVELOCK, "5.12", MIGSIM_PREEMPT_NONE, MIGSIM_LIVELOCK, "__migration_entry_wait",
	  "actor B (reader) retried the fault on a migration entry from kernel mode 1001 "
	  "times without progress",
	  "v1;A@cond_resched#1>B" },
	{ HUGETLB, "5.10", -1, MIGSIM_BUG, "page_huge_active",
	  "kernel BUG: VM_BUG_ON_PAGE(!folio_test_hugetlb(page_folio(page)))",
	  "v1;A@scan_movable_pages:huge#1>B" },
	{ HUGETLB, "5.11", -1, MIGSIM_INVARIANT, "scan_movable_pages",
	  "stale metadata: folio_page() read page[1] of pfn 0x40000, which is no longer "
	  "part of that compound page; it was dissolved by actor B",
	  "v1;A@page_huge_active:page1#1>B" },
};
#define NR_RACES (sizeof(races) / sizeof(races[0]))

/* The kernels where each race is fixed. */
static const struct {
	const char *name;
	const char *kernel;
	int preempt;
} clean[] = {
	{ LIVELOCK, "5.13", MIGSIM_PREEMPT_NONE },
	{ LIVELOCK, "5.17", MIGSIM_PREEMPT_NONE },
	{ LIVELOCK, "6.12", MIGSIM_PREEMPT_NONE },
	{ HUGETLB, "5.12", -1 },
	{ HUGETLB, "6.12", -1 },
};
#define NR_CLEAN (sizeof(clean) / sizeof(clean[0]))

static const char *const strategy_names[] = { "replay", "random", "pct", "dfs" };

static uint64_t base_seed(void)
{
	const char *s = getenv("MIGSIM_TEST_SEED");

	return s && *s ? strtoull(s, NULL, 0) : 2024;
}

#define assert_contains(hay, needle) do {				\
	const char *__h = (hay), *__n = (needle);			\
	if (!__h || !strstr(__h, __n))					\
		fail_msg("\"%s\" lacks \"%s\"", __h ? __h : "(null)", __n);	\
} while (0)

/*
 * One replay of @schedule (NULL: no preemption at all) with story and
 * trace; returns the world and, in *@text, everything the run printed:
 * the story (schedule, outcome, report, vmstat, actors), the JSON and the
 * trace.
 */
static struct migsim_world *replay(const char *name, const char *kernel, int preempt,
				   const char *schedule, char **text)
{
	struct migsim_sched_config sc = { .strategy = MIGSIM_STRATEGY_REPLAY,
					  .schedule = schedule, .seed = 1 };
	struct migsim_scenario_opts opts = { .kernel = kernel, .seed = 1, .trace = true,
					     .sched = &sc, .preempt = preempt };
	struct migsim_world *w = NULL;
	size_t len = 0;
	char err[512];
	FILE *f = open_memstream(text, &len);

	assert_non_null(f);
	opts.story = f;
	if (migsim_scenario_run(name, &opts, &w, err, sizeof(err)))
		fail_msg("%s --kernel %s --schedule '%s': %s", name, kernel,
			 schedule ? schedule : "", err);
	fputs("--- json\n", f);
	assert_int_equal(migsim_scenario_write_json(w, name, f), 0);
	fputs("--- trace\n", f);
	assert_int_equal(migsim_trace_write(w, f), 0);
	fclose(f);
	return w;
}

static void expect_race(struct migsim_world *w, const struct race *r)
{
	const struct migsim_report *rep = migsim_last_report(w);

	if (migsim_outcome(w) != r->outcome)
		fail_msg("%s on %s: outcome %s, expected %s", r->name, r->kernel,
			 migsim_outcome_name(migsim_outcome(w)), migsim_outcome_name(r->outcome));
	assert_non_null(rep);
	assert_string_equal(rep->function, r->function);
	assert_contains(rep->message, r->message);
}

static struct migsim_explore_result explore(const char *name, const char *kernel, int preempt,
					    enum migsim_strategy strategy, uint64_t seed,
					    unsigned long runs, bool shrink)
{
	struct migsim_scenario_opts opts = { .kernel = kernel, .seed = 1, .preempt = preempt };
	struct migsim_explore_config ec = {
		.sched = { .strategy = strategy, .seed = seed },
		.runs = runs,
		.shrink = shrink,
		.self_check = shrink,
	};
	struct migsim_explore_result res;
	char err[512];

	if (migsim_scenario_explore(name, &opts, &ec, &res, err, sizeof(err)))
		fail_msg("explore %s --kernel %s: %s", name, kernel, err);
	return res;
}

/* ------------------------------------------------------------------ */

/*
 * pct and random, from two seeds each, find every race within FIND_RUNS
 * runs; the failure is the expected one, its schedule shrinks (never
 * grows), the shrunk schedule replays identically (the self-check) and,
 * replayed here, fails the same way.
 */
static void test_explore_finds_races(void **state)
{
	static const enum migsim_strategy strategies[] = { MIGSIM_STRATEGY_PCT,
							   MIGSIM_STRATEGY_RANDOM };
	uint64_t base = base_seed();
	size_t i, j, k;

	(void)state;
	for (i = 0; i < NR_RACES; i++)
		for (j = 0; j < 2; j++)
			for (k = 0; k < 2; k++) {
				const struct race *r = &races[i];
				uint64_t seed = base + k;
				struct migsim_explore_result res =
					explore(r->name, r->kernel, r->preempt, strategies[j], seed,
						FIND_RUNS, true);
				struct migsim_world *w;
				char *text;

				printf("# %s --kernel %s --strategy %s --seed %" PRIu64 ": run %lu, "
				       "%u -> %u decisions: %s\n", r->name, r->kernel,
				       strategy_names[strategies[j]], seed, res.run,
				       res.decisions_before, res.decisions_after, res.shrunk);
				if (!res.found)
					fail_msg("%s on %s: %s seed %" PRIu64 " found nothing in %lu "
						 "runs", r->name, r->kernel,
						 strategy_names[strategies[j]], seed, res.runs);
				assert_true(res.runs <= FIND_RUNS);
				assert_int_equal(res.run, res.runs - 1);
				assert_int_equal(res.outcome, r->outcome);
				assert_string_equal(res.function, r->function);
				assert_contains(res.message, r->message);
				assert_true(res.decisions_after >= 1);	/* a race needs one */
				assert_true(res.decisions_after <= res.decisions_before);
				assert_true(res.deterministic);

				w = replay(r->name, r->kernel, r->preempt, res.shrunk, &text);
				expect_race(w, r);
				assert_null(strstr(text, "diverged"));
				free(text);
				migsim_world_destroy(w);
			}
}

/*
 * The pinned schedules (what `migsim explore` prints after shrinking)
 * replay to the failure, with exactly that one preemption; with no
 * preemption the same kernel is clean.
 */
static void test_pinned_schedules_replay(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NR_RACES; i++) {
		const struct race *r = &races[i];
		struct migsim_world *w;
		char *text, line[256];

		w = replay(r->name, r->kernel, r->preempt, r->pinned, &text);
		expect_race(w, r);
		snprintf(line, sizeof(line), "schedule: %s\n", r->pinned);
		assert_contains(text, line);
		assert_contains(text, " 1 preemptions, 0 faults)");
		assert_null(strstr(text, "diverged"));
		free(text);
		migsim_world_destroy(w);

		w = replay(r->name, r->kernel, r->preempt, NULL, &text);
		if (migsim_outcome(w) != MIGSIM_OK)
			fail_msg("%s on %s without preemption: %s: %s", r->name, r->kernel,
				 migsim_outcome_name(migsim_outcome(w)),
				 migsim_last_report(w)->message);
		assert_contains(text, "schedule: v1\n");
		free(text);
		migsim_world_destroy(w);
	}
}

/* Determinism self-check: two replays print the same bytes. */
static void test_replay_twice_identical(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NR_RACES; i++) {
		const struct race *r = &races[i];
		char *t1, *t2;
		struct migsim_world *w1 = replay(r->name, r->kernel, r->preempt, r->pinned, &t1);
		struct migsim_world *w2 = replay(r->name, r->kernel, r->preempt, r->pinned, &t2);

		expect_race(w1, r);
		expect_race(w2, r);
		assert_contains(t1, r->message);
		assert_contains(t1, "--- trace\n");
		assert_true(migsim_trace_count(w1) > 0);
		assert_int_equal(migsim_trace_count(w1), migsim_trace_count(w2));
		assert_string_equal(t1, t2);
		free(t1);
		free(t2);
		migsim_world_destroy(w1);
		migsim_world_destroy(w2);
	}
}

/*
 * The fixed kernels stay clean: pct and random, 1000 runs each from the
 * test's seed, and DFS (bound 2) for as long; and the interleaving that
 * fails the old kernels, replayed on them, is clean too.
 */
static void test_clean_kernels_stay_clean(void **state)
{
	static const enum migsim_strategy strategies[] = {
		MIGSIM_STRATEGY_PCT, MIGSIM_STRATEGY_RANDOM, MIGSIM_STRATEGY_DFS,
	};
	unsigned long runs = RUNNING_ON_VALGRIND ? 300 : 1000;
	uint64_t seed = base_seed();
	size_t i, j;

	(void)state;
	printf("# seed %" PRIu64 ", %lu runs per strategy%s\n", seed, runs,
	       RUNNING_ON_VALGRIND ? " (under valgrind)" : "");
	for (i = 0; i < NR_CLEAN; i++) {
		for (j = 0; j < 3; j++) {
			struct migsim_explore_result res =
				explore(clean[i].name, clean[i].kernel, clean[i].preempt,
					strategies[j], seed, runs, false);

			if (res.found)
				fail_msg("%s on %s: %s seed %" PRIu64 " run %lu: %s in %s(): %s "
					 "(schedule %s)", clean[i].name, clean[i].kernel,
					 strategy_names[strategies[j]], seed, res.run,
					 migsim_outcome_name(res.outcome), res.function,
					 res.message, res.schedule);
			/* DFS may finish the bounded space early; the others may not. */
			if (strategies[j] == MIGSIM_STRATEGY_DFS)
				assert_true(res.runs == runs || res.exhausted);
			else
				assert_int_equal(res.runs, runs);
		}
	}
	for (i = 0; i < NR_RACES; i++) {
		for (j = 0; j < NR_CLEAN; j++) {
			struct migsim_world *w;
			char *text;

			if (strcmp(clean[j].name, races[i].name))
				continue;
			w = replay(clean[j].name, clean[j].kernel, clean[j].preempt,
				   races[i].pinned, &text);
			if (migsim_outcome(w) != MIGSIM_OK)
				fail_msg("%s on %s with '%s': %s: %s", clean[j].name,
					 clean[j].kernel, races[i].pinned,
					 migsim_outcome_name(migsim_outcome(w)),
					 migsim_last_report(w)->message);
			free(text);
			migsim_world_destroy(w);
		}
	}
}

/*
 * examples/scenarios/<race>.yaml is the same scenario: with the pinned
 * schedule each race fails exactly as the built-in does (same report, same
 * counters, same pages); with no preemption both are clean; the fixed
 * kernels stay clean under the race's schedule; exploring the file finds
 * the race from scratch; and the file's own expectations hold.
 */
static void test_scenario_files_are_the_same(void **state)
{
	static const char *const counters[] = { "pgfault", "thp_split_pmd", "pgmigrate_success",
						"pgmigrate_fail", NULL };
	size_t i, j;

	(void)state;
	for (i = 0; i < NR_RACES + NR_CLEAN; i++) {
		const char *name = i < NR_RACES ? races[i].name : clean[i - NR_RACES].name;
		const char *kernel = i < NR_RACES ? races[i].kernel : clean[i - NR_RACES].kernel;
		int preempt = i < NR_RACES ? races[i].preempt : clean[i - NR_RACES].preempt;
		struct migsim_scenario_file *sf = seed_file_load(name);

		for (j = 0; j < NR_RACES; j++) {
			struct migsim_sched_config sc = { .strategy = MIGSIM_STRATEGY_REPLAY,
							  .schedule = races[j].pinned, .seed = 1 };
			struct migsim_world *f, *b;
			char *text;

			if (strcmp(races[j].name, name))
				continue;
			f = seed_file_run(sf, kernel, &sc);
			b = replay(name, kernel, preempt, races[j].pinned, &text);
			assert_same_run(f, b, counters);
			assert_same_pages(f, b, 100, 0x40000000ULL, 2ULL << 20);
			if (i < NR_RACES && j == i)
				expect_race(f, &races[i]);
			free(text);
			migsim_world_destroy(f);
			migsim_world_destroy(b);
		}
		migsim_scenario_file_free(sf);
	}
	for (i = 0; i < NR_RACES; i++) {
		struct migsim_scenario_file *sf = seed_file_load(races[i].name);
		struct migsim_scenario_opts opts = { .kernel = races[i].kernel, .preempt = -1 };
		struct migsim_explore_config ec = {
			.sched = { .strategy = MIGSIM_STRATEGY_PCT, .seed = base_seed() },
			.runs = FIND_RUNS, .shrink = true, .self_check = true,
		};
		struct migsim_sched_config none = { .strategy = MIGSIM_STRATEGY_REPLAY };
		struct migsim_explore_result res;
		struct migsim_world *w;
		char err[512];

		w = seed_file_run(sf, races[i].kernel, &none);
		assert_int_equal(migsim_outcome(w), MIGSIM_OK);
		migsim_world_destroy(w);
		if (migsim_scenario_file_explore(sf, &opts, &ec, &res, err, sizeof(err)))
			fail_msg("%s", err);
		printf("# explore %s --kernel %s --strategy pct --seed %llu: run %lu, %s\n",
		       races[i].name, races[i].kernel, (unsigned long long)base_seed(), res.run,
		       res.shrunk);
		assert_true(res.found);
		assert_int_equal(res.outcome, races[i].outcome);
		assert_string_equal(res.function, races[i].function);
		assert_true(res.deterministic);
		assert_file_test_passes(sf);
		migsim_scenario_file_free(sf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_explore_finds_races),
		cmocka_unit_test(test_pinned_schedules_replay),
		cmocka_unit_test(test_replay_twice_identical),
		cmocka_unit_test(test_clean_kernels_stay_clean),
		cmocka_unit_test(test_scenario_files_are_the_same),
	};

	printf("# seeds %" PRIu64 " and %" PRIu64 " (MIGSIM_TEST_SEED=N for N and N+1)\n",
	       base_seed(), base_seed() + 1);
	return cmocka_run_group_tests_name("seed_races", tests, NULL, NULL);
}
