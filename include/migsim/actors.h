/* SPDX-License-Identifier: MIT */
/**
 * DOC: migsim actors, schedules and exploration (included by <migsim/migsim.h>)
 *
 * Several simulated tasks ("actors") run ordinary C against the world — the
 * public API — interleaved at named scheduling points (locks, reference
 * counts, PTE changes, cond_resched(), explicit points).  A strategy makes
 * every decision where more than one actor could run; the decisions that
 * differ from "keep running the current actor" form a short schedule string
 * that replays the run exactly.
 *
 * Example::
 *
 *	static void splitter(struct migsim_world *w, void *arg) { ... }
 *	static void faulter(struct migsim_world *w, void *arg) { ... }
 *
 *	migsim_actor_create(w, "splitter", pid, splitter, NULL, NULL);
 *	migsim_actor_create(w, "faulter", pid2, faulter, NULL, NULL);
 *	struct migsim_sched_config sc = { .strategy = MIGSIM_STRATEGY_RANDOM, .seed = 7 };
 *	struct migsim_run_info info;
 *	migsim_run_actors(w, &sc, &info);	// -ENOTRECOVERABLE: a report fired
 *	printf("%s\n", info.schedule);		// e.g. "v1;A@cond_resched#1>B"
 */
#ifndef MIGSIM_ACTORS_H
#define MIGSIM_ACTORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <migsim/migsim.h>

#ifdef __cplusplus
extern "C" {
#endif

struct migsim_world;
struct migsim_stop;

/** An actor's body: straight-line code using the public API on @w. */
typedef void (*migsim_actor_fn)(struct migsim_world *w, void *arg);

enum migsim_strategy {
	MIGSIM_STRATEGY_REPLAY,	/* follow .schedule (empty: never preempt) */
	MIGSIM_STRATEGY_RANDOM,	/* uniform choice at every decision, seeded */
	MIGSIM_STRATEGY_PCT,	/* probabilistic concurrency testing, .pct_depth */
	MIGSIM_STRATEGY_DFS,	/* bounded exhaustive, .preemption_bound */
};

/** migsim_strategy_name() - "replay", "random", "pct", "dfs"; NULL past the end. */
MIGSIM_API const char *migsim_strategy_name(enum migsim_strategy s);

/**
 * struct migsim_sched_config - how one run (or each run of an exploration)
 * is scheduled.
 * @strategy: see enum migsim_strategy.
 * @seed: seeds random and pct (and the fallback after a diverged replay).
 * @pct_depth: PCT bug depth d (default 3): d-1 priority change points.
 * @preemption_bound: DFS explores schedules with at most this many
 *	preemptions (default 2).
 * @schedule: for REPLAY, a schedule string from an earlier run.
 * @max_faults: faults the strategy may inject (allocation failure, trylock
 *	failure, an extra GUP reference, writeback, split failure); 0 = none.
 * @step_limit: points a run may pass before it is a livelock (default 200000).
 * @livelock_bound: retries of one loop without progress (default 1000).
 * @break_at_step: when the run passes its N-th scheduling point (the step
 *	numbers of migsim_run_info and of the sched_point trace event), raise
 *	SIGTRAP, so that a debugger stops there, in the actor about to decide
 *	(docs/gdb.md); 0 = never.  Without a debugger, SIGTRAP's default
 *	action ends the process: install a handler to go on.
 * @stop: a moment to stop at and what to do there (a picture with
 *	migsim_dot_write(): <migsim/visual.h>), or NULL.  Its step numbers
 *	are those of @break_at_step.  The scenario without actors
 *	deferred-split-early-exit also honours a point stop given here.
 */
struct migsim_sched_config {
	enum migsim_strategy strategy;
	uint64_t seed;
	int pct_depth;
	int preemption_bound;
	const char *schedule;
	unsigned int max_faults;
	unsigned long step_limit;
	unsigned long livelock_bound;
	unsigned long break_at_step;
	const struct migsim_stop *stop;
};

/**
 * struct migsim_run_info - what one run did.
 * @schedule: the schedule string that replays it ("v1" plus decisions).
 * @steps: scheduling points passed with more than one actor alive.
 * @decisions: points where more than one actor could have run.
 * @preemptions: decisions that switched away from a runnable actor.
 * @faults: faults injected.
 * @diverged: a replayed schedule did not fit this code; @diverged_msg says
 *	at which entry, and the rest of the run was random from @seed.
 * @truncated: the run made more non-default decisions than @schedule can
 *	spell; it holds the whole entries that fit, and does not replay the
 *	run (a long random run; pct, dfs and shrunk schedules are short).
 */
struct migsim_run_info {
	char schedule[2048];
	bool truncated;
	unsigned long steps;
	unsigned int decisions;
	unsigned int preemptions;
	unsigned int faults;
	bool diverged;
	char diverged_msg[200];
};

/**
 * migsim_actor_create() - add an actor running @fn(@w, @arg) as task @pid
 * on that task's CPU.  Actors named "A", "B", ... in schedules by order.
 */
MIGSIM_API int migsim_actor_create(struct migsim_world *w, const char *name, int pid,
			migsim_actor_fn fn, void *arg, int *actor_id);

/**
 * migsim_run_actors() - run every actor to completion under @cfg.
 * Return: 0, -ENOTRECOVERABLE when a report fired (BUG, deadlock, livelock,
 * ...: see migsim_last_report()), -EINVAL for a bad configuration or a
 * schedule string that does not parse.
 */
MIGSIM_API int migsim_run_actors(struct migsim_world *w, const struct migsim_sched_config *cfg,
		      struct migsim_run_info *info);

/**
 * migsim_schedule_check() - does @schedule parse as a schedule string
 * (`v1;A@point#n>B;...`, docs/races.md)?  Checks the grammar only: whether
 * the actors and points exist is known when a world runs it.
 * Return: 0, or -EINVAL with the reason in @err.
 *
 * Example::
 *
 *	char err[128];
 *	if (migsim_schedule_check(argv[i], err, sizeof(err)))
 *		fprintf(stderr, "%s\n", err);
 */
MIGSIM_API int migsim_schedule_check(const char *schedule, char *err, size_t errlen);

/** migsim_point() - an explicit scheduling point, from inside an actor. */
MIGSIM_API void migsim_point(struct migsim_world *w, const char *name);

/** migsim_point_reached() - did the last run pass point @name ("sometimes")? */
MIGSIM_API bool migsim_point_reached(const struct migsim_world *w, const char *name);

/* ---- exploration: many runs, each on a freshly built world ---- */

/** Build a world and its actors for one run; 0 or a negative errno. */
typedef int (*migsim_build_fn)(struct migsim_world **out, void *arg);

struct migsim_explore_result;

/**
 * struct migsim_explore_config - an exploration.
 * @sched: the strategy and its parameters; @sched.seed is the master seed:
 *	run i uses a seed derived from it and i, so any run can be redone.
 * @runs: how many runs at most (DFS may end earlier: the space is done).
 * @first_run: index of the first run (for sharding: runs first_run..).
 * @shrink: shrink a failing schedule: each decision alone first, then
 *	delta debugging over blocks; the result still fails the same way and
 *	no single decision can be removed from it (1-minimal, not always the
 *	global minimum).
 * @self_check: replay the failing schedule twice and compare the traces.
 * @require_point: a point the failing run must have reached, or NULL.
 * @run_stride: runs first_run, first_run + stride, ... (0 or 1: consecutive);
 *	N workers with first_run 0..N-1 and stride N share one run sequence.
 * @progress: called every @progress_every runs (default 1000) with the
 *	result so far (runs, distinct_points); return false to stop there (a
 *	time limit).  NULL: none.
 */
struct migsim_explore_config {
	struct migsim_sched_config sched;
	unsigned long runs;
	unsigned long first_run;
	bool shrink;
	bool self_check;
	const char *require_point;
	unsigned long run_stride;
	bool (*progress)(const struct migsim_explore_result *so_far, void *arg);
	void *progress_arg;
	unsigned long progress_every;
};

/**
 * struct migsim_explore_result - what an exploration found.
 * @runs: runs done.  @found: a run ended in a report.
 * @run: index of the first failing run; @outcome/@function/@message: its report.
 * @schedule: the failing schedule as found; @shrunk: after shrinking.
 * @decisions_before/@decisions_after: non-default decisions, before and
 *	after shrinking.  @deterministic: the self-check agreed.
 * @exhausted: DFS ran every schedule within its bound.
 * @stopped: the progress callback stopped the exploration.
 * @truncated: the failing schedule did not fit @schedule (see
 *	migsim_run_info): it was neither shrunk nor self-checked.
 * @distinct_points: scheduling points reached by at least one run.
 */
struct migsim_explore_result {
	unsigned long runs;
	bool found;
	unsigned long run;
	enum migsim_outcome outcome;
	char function[64];
	char message[512];
	char schedule[2048];
	char shrunk[2048];
	unsigned int decisions_before;
	unsigned int decisions_after;
	bool deterministic;
	bool exhausted;
	bool stopped;
	unsigned int distinct_points;
	bool truncated;
};

MIGSIM_API int migsim_explore(migsim_build_fn build, void *arg, const struct migsim_explore_config *cfg,
		   struct migsim_explore_result *res, char *err, size_t errlen);

/**
 * migsim_scenario_explore() - explore a built-in scenario with actors: every
 * run rebuilds its world from @opts (kernel, seed, preemption).
 * Return: 0, -ENOENT for an unknown scenario, -EINVAL for one without actors.
 */
MIGSIM_API int migsim_scenario_explore(const char *name, const struct migsim_scenario_opts *opts,
			    const struct migsim_explore_config *cfg,
			    struct migsim_explore_result *res, char *err, size_t errlen);

/** migsim_scenario_has_actors() - 1 when scenario @name runs actors. */
MIGSIM_API int migsim_scenario_has_actors(const char *name);

#ifdef __cplusplus
}
#endif

#endif
