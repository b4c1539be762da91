// SPDX-License-Identifier: MIT
/*
 * The actor scheduler and the exploration engine (lib/engine/sched.c,
 * strategy.c, api_actors.c), through the public API wherever it reaches:
 * schedule strings (round trip, parse errors, divergence), determinism,
 * "sometimes" points, DFS under a preemption bound, injected faults,
 * shrinking, and the single-actor case.  The detectors (deadlock, lock
 * order, sleeping under a spinlock, livelock) are in test_sched_detectors.c.
 *
 * White box only where the public API has nothing to offer: an actor
 * that fails "like the kernel" uses BUG_ON(), and folios are locked
 * directly.
 *
 * Randomised cases print their seed; MIGSIM_TEST_SEED=N runs them with
 * another one.
 */
#include <linux/bug.h>
#include <linux/mm.h>
#include "sched.h"
#include "sched_harness.h"

/* ------------------------------------------------------------------ */
/* One actor: nothing to decide                                        */

static void test_single_actor_takes_no_decisions(void **state)
{
	static const enum migsim_strategy strategies[] = {
		MIGSIM_STRATEGY_REPLAY, MIGSIM_STRATEGY_RANDOM, MIGSIM_STRATEGY_PCT,
		MIGSIM_STRATEGY_DFS,
	};
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		struct stepper s = { .point = "solo:step", .points = 50 };
		struct migsim_run_info info;
		struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, false);

		actor(w, "solo", 0, stepper_body, &s);
		assert_int_equal(run(w, strategies[i], 7, NULL, &info), 0);
		assert_true(s.done);
		assert_int_equal(s.passed, 50);
		assert_string_equal(info.schedule, "v1");
		assert_int_equal(info.decisions, 0);
		assert_int_equal(info.preemptions, 0);
		assert_int_equal(info.faults, 0);
		assert_int_equal(info.steps, 0);
		assert_false(info.diverged);
		/* The actors of a world run once. */
		assert_int_equal(run(w, strategies[i], 7, NULL, &info), -EBUSY);
		migsim_world_destroy(w);
	}
}

/* ------------------------------------------------------------------ */
/* Schedule strings                                                    */

/*
 * A random run of two workers of @pages each under @seed, then its schedule
 * replayed in a fresh world (with another seed: replay must not depend on
 * it).  Returns both fingerprints and the schedule string.
 */
static void round_trip(uint64_t pages, uint64_t seed, char **fp1, char **fp2,
		       struct migsim_run_info *info, struct migsim_run_info *again)
{
	struct worker k[2];
	struct migsim_world *w = two_workers(k, pages, true);
	int ret;

	ret = run(w, MIGSIM_STRATEGY_RANDOM, seed, NULL, info);
	assert_int_equal(ret, 0);
	assert_true(k[0].done && k[1].done);
	assert_int_equal(k[0].touch_ret, 0);
	assert_int_equal(k[0].migrate_ret, 0);
	assert_true(migsim_trace_count(w) > 0);
	*fp1 = fingerprint(w, ret, info);
	migsim_world_destroy(w);

	w = two_workers(k, pages, true);
	ret = run(w, MIGSIM_STRATEGY_REPLAY, seed + 1, info->schedule, again);
	*fp2 = fingerprint(w, ret, again);
	migsim_world_destroy(w);
}

/* ... reproduces the run byte for byte and spells the same schedule again. */
static void test_schedule_round_trip(void **state)
{
	uint64_t seed = test_seed(11);
	struct migsim_run_info info, again;
	char *fp1, *fp2;

	(void)state;
	round_trip(2, seed, &fp1, &fp2, &info, &again);
	printf("# %u decisions, schedule %s\n", info.decisions, info.schedule);
	assert_true(info.decisions > 10);
	assert_true(count_entries(info.schedule) > 5);
	assert_true(strlen(info.schedule) < sizeof(info.schedule) - 100);	/* not cut */
	assert_false(again.diverged);
	assert_string_equal(again.schedule, info.schedule);
	assert_int_equal(again.decisions, info.decisions);
	assert_string_equal(fp1, fp2);
	free(fp1);
	free(fp2);
}

/*
 * The same with 16 pages each: the schedule string no longer fits the
 * 2048 bytes of migsim_run_info.schedule.  Either it still replays, or the
 * run info says it was truncated (whole entries only, never a torn one).
 */
static void test_long_schedule_round_trip(void **state)
{
	uint64_t seed = test_seed(11);
	struct migsim_run_info info, again;
	char *fp1, *fp2;
	bool same;
	size_t len;

	(void)state;
	round_trip(16, seed, &fp1, &fp2, &info, &again);
	len = strlen(info.schedule);
	printf("# %u decisions, %zu bytes of schedule, truncated %d\n", info.decisions, len,
	       info.truncated);
	assert_true(info.decisions > 200);
	same = !strcmp(fp1, fp2);
	free(fp1);
	free(fp2);
	if (same)
		return;
	assert_true(info.truncated);
	/* The last entry is whole: it ends in ">X" or "!". */
	assert_true(len > 2 && (info.schedule[len - 1] == '!' ||
				(info.schedule[len - 2] == '>' && info.schedule[len - 1] >= 'A')));
}

/*
 * A schedule that does not parse is -EINVAL with a message naming the
 * problem, before any actor runs: the same world then runs a good one.
 */
static void test_malformed_schedules(void **state)
{
	static const struct {
		const char *schedule;
		const char *message;
	} bad[] = {
		{ "v2;A@x#1>B", "version tag v1" },
		{ "x", "version tag v1" },
		{ "v1x", "version tag v1" },
		{ "v1;", "entry 1" },
		{ "v1;A@x#1>B;", "entry 2" },
		{ "v1;A@x#1>B;;", "entry 2" },
		{ "v1;a@x#1>B", "entry 1" },
		{ "v1;Z@x#1>B", "entry 1" },
		{ "v1;A#1>B", "entry 1" },
		{ "v1;A@#1>B", "entry 1" },
		{ "v1;A@x>B", "entry 1" },
		{ "v1;A@x#>B", "entry 1" },
		{ "v1;A@x#0>B", "entry 1" },
		{ "v1;A@x#1", "entry 1" },
		{ "v1;A@x#1>", "entry 1" },
		{ "v1;A@x#1>Z", "entry 1" },
		{ "v1;A@x#1?B", "entry 1" },
		{ "v1;A@x#1>B;B@y#2>A;C", "entry 3" },
		{ "v1;A@x#1>Bjunk", "unexpected 'junk'" },
		{ "v1;A@this-point-name-is-far-too-long-for-an-entry-0123456789#1>B",
		  "entry 1" },
	};
	struct stepper a = { .point = "x", .points = 3 }, b = { .point = "y", .points = 3 };
	struct migsim_run_info info;
	struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, false);
	size_t i;

	(void)state;
	actor(w, "a", 0, stepper_body, &a);
	actor(w, "b", 1, stepper_body, &b);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = run(w, MIGSIM_STRATEGY_REPLAY, 1, bad[i].schedule, &info);

		if (ret != -EINVAL)
			fail_msg("'%s': returned %d, expected -EINVAL", bad[i].schedule, ret);
		if (!strstr(migsim_strerror(w), bad[i].message))
			fail_msg("'%s': message \"%s\" lacks \"%s\"", bad[i].schedule,
				 migsim_strerror(w), bad[i].message);
		assert_false(a.passed || b.passed);
		assert_int_equal(migsim_outcome(w), MIGSIM_OK);
	}
	/* Nothing ran: a good schedule still can. */
	assert_int_equal(run(w, MIGSIM_STRATEGY_REPLAY, 1, "v1;A@x#2>B", &info), 0);
	assert_string_equal(info.schedule, "v1;A@x#2>B");
	assert_false(info.diverged);
	assert_true(a.done && b.done);
	migsim_world_destroy(w);
}

/*
 * strtoul() takes a sign and leading blanks: "#-1" is read as count
 * 4294967295 and "# 1" as 1, so these malformed entries are accepted.
 */
static void test_malformed_counts(void **state)
{
	static const char *const bad[] = { "v1;A@x#-1>B", "v1;A@x# 1>B", "v1;A@x#+1>B",
					   "v1;A@x#99999999999>B" };
	size_t i;
	int accepted = 0;

	(void)state;
	for (i = 0; i < 4; i++) {
		struct stepper a = { .point = "x", .points = 1 }, b = { .point = "y", .points = 1 };
		struct migsim_run_info info;
		struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, false);

		actor(w, "a", 0, stepper_body, &a);
		actor(w, "b", 1, stepper_body, &b);
		if (run(w, MIGSIM_STRATEGY_REPLAY, 1, bad[i], &info) != -EINVAL) {
			printf("# '%s' accepted\n", bad[i]);
			accepted++;
		}
		migsim_world_destroy(w);
	}
	assert_int_equal(accepted, 0);
}

/* ------------------------------------------------------------------ */
/* Determinism                                                         */

static char *one_run(enum migsim_strategy strategy, uint64_t seed, char *schedule,
		     size_t len)
{
	struct migsim_run_info info;
	struct worker k[2];
	struct migsim_world *w = two_workers(k, 2, true);
	int ret = run(w, strategy, seed, NULL, &info);
	char *fp;

	assert_true(ret == 0 || ret == -ENOTRECOVERABLE);
	fp = fingerprint(w, ret, &info);
	if (schedule)
		snprintf(schedule, len, "%s", info.schedule);
	migsim_world_destroy(w);
	return fp;
}

static void test_same_seed_same_run(void **state)
{
	static const enum migsim_strategy strategies[] = { MIGSIM_STRATEGY_RANDOM,
							   MIGSIM_STRATEGY_PCT };
	uint64_t seed = test_seed(3);
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		char s1[2048], s2[2048];
		char *fp1 = one_run(strategies[i], seed, s1, sizeof(s1));
		char *fp2 = one_run(strategies[i], seed, s2, sizeof(s2));

		assert_string_equal(s1, s2);
		assert_string_equal(fp1, fp2);
		free(fp1);
		free(fp2);
	}
}

/*
 * Two actors on two CPUs with 40 points each: about 80 two-way decisions,
 * so two seeds agreeing on every one has odds of about 2^-80.
 */
static void test_different_seeds_differ(void **state)
{
	enum { NR = 8 };
	uint64_t base = test_seed(100);
	char schedules[NR][2048];
	int i, j;

	(void)state;
	for (i = 0; i < NR; i++) {
		struct stepper a = { .point = "a:step", .points = 40 };
		struct stepper b = { .point = "b:step", .points = 40 };
		struct migsim_run_info info;
		struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, false);

		actor(w, "a", 0, stepper_body, &a);
		actor(w, "b", 1, stepper_body, &b);
		assert_int_equal(run(w, MIGSIM_STRATEGY_RANDOM, base + (uint64_t)i, NULL, &info),
				 0);
		assert_true(info.decisions >= 40);
		assert_true(count_entries(info.schedule) > 5);
		snprintf(schedules[i], sizeof(schedules[i]), "%s", info.schedule);
		migsim_world_destroy(w);
		for (j = 0; j < i; j++)
			if (!strcmp(schedules[i], schedules[j]))
				fail_msg("seeds %" PRIu64 " and %" PRIu64 " gave the same "
					 "schedule %s", base + (uint64_t)i, base + (uint64_t)j,
					 schedules[i]);
	}
}

/* ------------------------------------------------------------------ */
/* "Sometimes" points                                                  */

struct maybe {
	bool take_branch;
};

static void maybe_body(struct migsim_world *w, void *arg)
{
	struct maybe *m = arg;

	migsim_point(w, "always");
	if (m->take_branch)
		migsim_point(w, "sometimes");
}

static bool reached_after(bool take_branch, int nr_actors, const char *point)
{
	struct stepper other = { .point = "other", .points = 1 };
	struct maybe m = { .take_branch = take_branch };
	struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, false);
	bool reached;

	actor(w, "maybe", 0, maybe_body, &m);
	if (nr_actors > 1)
		actor(w, "other", 1, stepper_body, &other);
	assert_false(migsim_point_reached(w, "always"));	/* nothing ran yet */
	assert_int_equal(run(w, MIGSIM_STRATEGY_REPLAY, 1, NULL, NULL), 0);
	reached = migsim_point_reached(w, point);
	migsim_world_destroy(w);
	return reached;
}

static void test_point_reached(void **state)
{
	(void)state;
	assert_true(reached_after(false, 2, "always"));
	assert_false(reached_after(false, 2, "sometimes"));
	assert_true(reached_after(true, 2, "sometimes"));
	assert_true(reached_after(true, 2, "other"));
	assert_false(reached_after(true, 2, "never-a-point"));
	assert_false(reached_after(true, 2, NULL));
	/* Model points count too: the workers' faults and migrations take
	 * spinlocks ("lock:spin") and folio locks; nothing takes a mutex. */
	{
		struct worker k[2];
		struct migsim_world *w = two_workers(k, 1, false);

		assert_int_equal(run(w, MIGSIM_STRATEGY_REPLAY, 1, NULL, NULL), 0);
		assert_true(migsim_point_reached(w, "lock:spin"));
		assert_true(migsim_point_reached(w, "unlock:spin"));
		assert_false(migsim_point_reached(w, "lock:mutex"));
		migsim_world_destroy(w);
	}
}

/*
 * With one actor the points are not armed (world.c arms them for hooks or
 * for more than one actor); a point the run passed still reads as reached.
 */
static void test_point_reached_single_actor(void **state)
{
	bool always, sometimes;

	(void)state;
	always = reached_after(true, 1, "always");
	sometimes = reached_after(true, 1, "sometimes");
	assert_false(reached_after(false, 1, "sometimes"));
	assert_true(always);
	assert_true(sometimes);
}

/* ------------------------------------------------------------------ */
/* Replay divergence                                                   */

/*
 * A schedule naming an actor that cannot run at its decision: the replay
 * diverges there, says so, and the run goes on to the end.
 */
static void test_replay_divergence_unrunnable_actor(void **state)
{
	struct stepper a = { .point = "x", .points = 3 }, b = { .point = "y", .points = 3 };
	struct migsim_run_info info;
	struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, false);

	(void)state;
	actor(w, "a", 0, stepper_body, &a);
	actor(w, "b", 1, stepper_body, &b);
	assert_int_equal(run(w, MIGSIM_STRATEGY_REPLAY, 1, "v1;A@x#2>C", &info), 0);
	assert_true(info.diverged);
	assert_contains(info.diverged_msg, "entry 1 (A@x#2>C)");
	assert_contains(info.diverged_msg, "actor C cannot run there");
	assert_true(a.done && b.done);
	migsim_world_destroy(w);
}

/*
 * A decision keyed at an occurrence that was not a decision in this run:
 * the actor passes that occurrence and the next one is a decision.
 *
 *	A and B on cpu 0, full preemption
 *	A: spin_lock(l); point x (#1: no switch under a spinlock); spin_unlock(l);
 *	   point x (#2: a decision; the entry for #1 is behind: diverged)
 */
struct locked_point {
	spinlock_t lock;
	bool done;
};

static void locked_point_body(struct migsim_world *w, void *arg)
{
	struct locked_point *p = arg;

	spin_lock(&p->lock);
	migsim_point(w, "x");
	spin_unlock(&p->lock);
	migsim_point(w, "x");
	p->done = true;
}

static void test_replay_divergence_decision_passed(void **state)
{
	struct locked_point p;
	struct stepper b = { .point = "y", .points = 2 };
	struct migsim_run_info info;
	struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, false);

	(void)state;
	memset(&p, 0, sizeof(p));
	spin_lock_init_named(&p.lock, "test_lock");
	actor(w, "locked", 0, locked_point_body, &p);
	actor(w, "other", 0, stepper_body, &b);
	assert_int_equal(run(w, MIGSIM_STRATEGY_REPLAY, 1, "v1;A@x#1>B", &info), 0);
	assert_true(info.diverged);
	assert_contains(info.diverged_msg, "entry 1 (A@x#1)");
	assert_contains(info.diverged_msg, "never reached");
	assert_true(p.done && b.done);
	migsim_world_destroy(w);
}

/*
 * A schedule keyed for a point that never occurs (or an occurrence past
 * the last, or an actor that does not exist): the run goes on with the
 * default decisions to the end, and the entry never used is a divergence.
 */
static void test_replay_divergence_point_never_reached(void **state)
{
	static const char *const schedules[][2] = {
		{ "v1;A@no-such-point#1>B", "A@no-such-point#1" },	/* never occurs */
		{ "v1;A@x#9>B", "A@x#9" },		/* it occurs 3 times, not 9 */
		{ "v1;C@x#1>A", "C@x#1" },		/* there is no actor C */
	};
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		struct stepper a = { .point = "x", .points = 3 };
		struct stepper b = { .point = "y", .points = 3 };
		struct migsim_run_info info;
		struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, false);

		actor(w, "a", 0, stepper_body, &a);
		actor(w, "b", 1, stepper_body, &b);
		assert_int_equal(run(w, MIGSIM_STRATEGY_REPLAY, 1, schedules[i][0], &info), 0);
		assert_true(a.done && b.done);
		assert_int_equal(a.passed + b.passed, 6);
		assert_string_equal(info.schedule, "v1");	/* defaults only */
		if (!info.diverged)
			fail_msg("'%s': not reported as diverged", schedules[i][0]);
		assert_contains(info.diverged_msg, "entry 1 (");
		assert_contains(info.diverged_msg, schedules[i][1]);
		migsim_world_destroy(w);
	}
}

/* ------------------------------------------------------------------ */
/* DFS under a preemption bound                                        */

/*
 * Two actors on two CPUs, each with 2 points, so 3 segments each
 * (a a a and b b b).  A run is an interleaving of the segments; it makes a
 * decision at the start (not a preemption: nobody was running) and at every
 * point while both are alive; a switch at an actor's exit is not a
 * decision.  So every switch but the one at the first actor's exit is a
 * preemption: an interleaving in k blocks has k - 2 preemptions.
 *
 *	blocks  preemptions  interleavings           count
 *	2       0            aaabbb                   2 (and bbbaaa)
 *	3       1            a|bbb|aa, aa|bbb|a       4 (2 per first actor)
 *	4       2            a|b|aa|bb, ...           8 (2 x 2 per first actor)
 *	5       3            a|b|a|bb|a, ...          4 (2 per first actor)
 *	6       4            a|b|a|b|a|b              2
 *
 * Bound 1: 2 + 4 = 6 schedules; bound 2: 14; bound 3: 18; bound 4: all
 * C(6,3) = 20.  Each must run exactly once.
 */
struct dfs_probe {
	char log[16];
	size_t log_len;
	struct stepper a, b;
	char seen[32][16];
	int nr_seen;
	int duplicates;
};

static void dfs_record(struct dfs_probe *p)
{
	int i;

	if (!p->log_len)
		return;
	p->log[p->log_len] = '\0';
	for (i = 0; i < p->nr_seen; i++)
		if (!strcmp(p->seen[i], p->log))
			p->duplicates++;
	if (p->nr_seen < 32)
		memcpy(p->seen[p->nr_seen++], p->log, p->log_len + 1);
	p->log_len = 0;
}

static int dfs_build(struct migsim_world **out, void *arg)
{
	struct dfs_probe *p = arg;
	struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, false);

	dfs_record(p);
	p->a = (struct stepper){ .point = "a", .points = 2, .letter = 'a', .log = p->log,
				 .log_len = &p->log_len };
	p->b = (struct stepper){ .point = "b", .points = 2, .letter = 'b', .log = p->log,
				 .log_len = &p->log_len };
	actor(w, "a", 0, stepper_body, &p->a);
	actor(w, "b", 1, stepper_body, &p->b);
	*out = w;
	return 0;
}

static void test_dfs_preemption_bound(void **state)
{
	static const struct {
		int bound;
		unsigned long schedules;
	} cases[] = { { 1, 6 }, { 2, 14 }, { 3, 18 }, { 4, 20 }, { 9, 20 } };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct migsim_explore_config ec = {
			.sched = { .strategy = MIGSIM_STRATEGY_DFS,
				   .preemption_bound = cases[i].bound },
			.runs = 1000,
		};
		struct migsim_explore_result res;
		struct dfs_probe p;
		char err[256];

		memset(&p, 0, sizeof(p));
		assert_int_equal(migsim_explore(dfs_build, &p, &ec, &res, err, sizeof(err)), 0);
		dfs_record(&p);
		printf("# bound %d: %lu schedules\n", cases[i].bound, res.runs);
		assert_false(res.found);
		assert_true(res.exhausted);
		assert_int_equal(res.runs, cases[i].schedules);
		assert_int_equal(p.nr_seen, cases[i].schedules);
		assert_int_equal(p.duplicates, 0);
	}
}

/* ------------------------------------------------------------------ */
/* Injected faults                                                     */

/* A touches fresh pages (each an allocation, a fault point); B just steps. */
struct fault_probe {
	int pid;
	uint64_t addr;
	int touch_ret;
	bool done;
};

static void toucher_body(struct migsim_world *w, void *arg)
{
	struct fault_probe *f = arg;

	f->touch_ret = migsim_touch(w, f->pid, f->addr, 16 * 4096, 1);
	f->done = true;
}

static struct migsim_world *fault_world(struct fault_probe *f, struct stepper *b)
{
	struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, true);

	memset(f, 0, sizeof(*f));
	*b = (struct stepper){ .point = "b:step", .points = 4 };
	f->pid = actor(w, "toucher", 0, toucher_body, f);
	actor(w, "stepper", 1, stepper_body, b);
	assert_int_equal(migsim_mmap(w, f->pid, 0, 16 * 4096, MIGSIM_MAP_PRIVATE, 0, &f->addr),
			 0);
	return w;
}

/*
 * The writeback fault: A migrates 4 touched pages to node 1; the schedule
 * puts the first folio under writeback as migrate_folio_unmap() reaches it.
 * MIGRATE_ASYNC gives up on that folio (-EBUSY: it stays on node 0, and its
 * writeback is over once migration gave up); MIGRATE_SYNC waits for the
 * writeback and moves all four.  Without the entry, both move all four.
 */
struct wb_probe {
	int pid;
	uint64_t addr;
	enum migsim_mode mode;
	struct migsim_migrate_result res;
	int ret;
};

static void wb_migrator(struct migsim_world *w, void *arg)
{
	struct wb_probe *p = arg;

	p->ret = migsim_migrate_range(w, p->pid, p->addr, 4 * 4096, 1, p->mode,
				      MIGSIM_MR_SYSCALL, &p->res);
}

static int wb_run(enum migsim_mode mode, const char *schedule, struct wb_probe *p,
		  struct migsim_run_info *info)
{
	struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, false);
	struct stepper b = { .point = "b:step", .points = 2 };
	int ret, node;

	memset(p, 0, sizeof(*p));
	p->mode = mode;
	p->pid = actor(w, "migrator", 0, wb_migrator, p);
	actor(w, "stepper", 1, stepper_body, &b);
	assert_int_equal(migsim_mmap(w, p->pid, 0, 4 * 4096, MIGSIM_MAP_PRIVATE, 0, &p->addr), 0);
	assert_int_equal(migsim_touch(w, p->pid, p->addr, 4 * 4096, 1), 0);
	ret = run(w, MIGSIM_STRATEGY_REPLAY, 1, schedule, info);
	assert_int_equal(ret, 0);
	assert_false(info->diverged);
	assert_int_equal(migsim_check(w), 0);	/* no writeback flag left behind */
	{
		struct migsim_page_info pi;

		assert_int_equal(migsim_page_info(w, p->pid, p->addr, &pi), 0);
		node = pi.node;
	}
	migsim_world_destroy(w);
	return node;
}

static void test_writeback_fault(void **state)
{
	struct migsim_run_info info;
	struct wb_probe p;

	(void)state;
	assert_int_equal(wb_run(MIGSIM_MIGRATE_ASYNC, "v1;A@fault:writeback#1!", &p, &info), 0);
	assert_int_equal(info.faults, 1);
	assert_string_equal(info.schedule, "v1;A@fault:writeback#1!");
	assert_int_equal(p.res.nr_succeeded, 3);
	assert_int_equal(wb_run(MIGSIM_MIGRATE_SYNC, "v1;A@fault:writeback#1!", &p, &info), 1);
	assert_int_equal(info.faults, 1);
	assert_int_equal(p.res.nr_succeeded, 4);
	assert_int_equal(wb_run(MIGSIM_MIGRATE_ASYNC, "v1", &p, &info), 1);
	assert_int_equal(info.faults, 0);
	assert_int_equal(p.res.nr_succeeded, 4);
}

static void test_fault_injection_recorded_and_replayed(void **state)
{
	uint64_t base = test_seed(1), seed;
	struct migsim_sched_config sc = { .strategy = MIGSIM_STRATEGY_RANDOM, .max_faults = 1 };
	struct migsim_run_info info, again;
	struct fault_probe f;
	struct stepper b;
	struct migsim_world *w = NULL;
	char *fp1, *fp2, schedule[2048], without[2048], *bang;
	int ret = 0;

	(void)state;
	/* Find a run with an injected fault (1 in 8 fault points inject). */
	for (seed = base; seed < base + 64; seed++) {
		w = fault_world(&f, &b);
		sc.seed = seed;
		ret = migsim_run_actors(w, &sc, &info);
		if (info.faults)
			break;
		migsim_world_destroy(w);
		w = NULL;
	}
	if (!w)
		fail_msg("no fault injected in 64 seeds from %" PRIu64, base);
	printf("# seed %" PRIu64 ": %s\n", seed, info.schedule);
	assert_int_equal(info.faults, 1);
	bang = strchr(info.schedule, '!');
	assert_non_null(bang);
	assert_null(strchr(bang + 1, '!'));		/* max_faults = 1 */
	assert_contains(info.schedule, "@fault:");
	assert_true(f.done);
	assert_int_not_equal(f.touch_ret, 0);		/* the fault was felt */
	fp1 = fingerprint(w, ret, &info);
	snprintf(schedule, sizeof(schedule), "%s", info.schedule);
	bang = strchr(schedule, '!');
	migsim_world_destroy(w);

	/* Replayed (no fault budget needed: the schedule says where). */
	w = fault_world(&f, &b);
	ret = run(w, MIGSIM_STRATEGY_REPLAY, seed, schedule, &again);
	assert_false(again.diverged);
	assert_int_equal(again.faults, 1);
	assert_string_equal(again.schedule, schedule);
	fp2 = fingerprint(w, ret, &again);
	assert_string_equal(fp1, fp2);
	free(fp1);
	free(fp2);
	migsim_world_destroy(w);

	/* Without the "!" entry nothing is injected and the touch succeeds. */
	{
		const char *start = bang, *end = bang + 1;
		size_t n;

		while (start > schedule && *start != ';')
			start--;
		n = (size_t)(start - schedule);
		memcpy(without, schedule, n);
		snprintf(without + n, sizeof(without) - n, "%s", end);
	}
	printf("# without the fault: %s\n", without);
	w = fault_world(&f, &b);
	assert_int_equal(run(w, MIGSIM_STRATEGY_REPLAY, seed, without, &again), 0);
	assert_int_equal(again.faults, 0);
	assert_null(strchr(again.schedule, '!'));
	assert_int_equal(f.touch_ret, 0);
	migsim_world_destroy(w);
}

/* ------------------------------------------------------------------ */
/* Shrinking                                                           */

/*
 * A opens a window at its 10th step; B checks it before each of its steps.
 * One preemption is enough to fail: switching from A at a:window to B.
 *
 *	A: step x10, window=1, point a:window, window=0, step x10
 *	B: (BUG_ON(window), point b:step) x20
 *	minimal failing schedule: v1;A@a:window#1>B
 */
struct window {
	bool open;
	int b_checks;
};

static void window_opener(struct migsim_world *w, void *arg)
{
	struct window *win = arg;
	int i;

	for (i = 0; i < 20; i++) {
		if (i == 10) {
			win->open = true;
			migsim_point(w, "a:window");
			win->open = false;
		}
		migsim_point(w, "a:step");
	}
}

static void window_checker(struct migsim_world *w, void *arg)
{
	struct window *win = arg;
	int i;

	for (i = 0; i < 20; i++) {
		BUG_ON(win->open);
		win->b_checks++;
		migsim_point(w, "b:step");
	}
}

static int window_build(struct migsim_world **out, void *arg)
{
	struct window *win = arg;
	struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, false);

	memset(win, 0, sizeof(*win));
	actor(w, "opener", 0, window_opener, win);
	actor(w, "checker", 1, window_checker, win);
	*out = w;
	return 0;
}

static void test_shrink_random_failure(void **state)
{
	uint64_t seed = test_seed(1);
	struct migsim_explore_config ec = {
		.sched = { .strategy = MIGSIM_STRATEGY_RANDOM, .seed = seed },
		.runs = 2000,
		.shrink = true,
		.self_check = true,
	};
	struct migsim_explore_result res;
	struct window win;
	char err[256];

	(void)state;
	assert_int_equal(migsim_explore(window_build, &win, &ec, &res, err, sizeof(err)), 0);
	assert_true(res.found);
	printf("# run %lu: %u decisions: %s\n# shrunk to %u: %s\n", res.run,
	       res.decisions_before, res.schedule, res.decisions_after, res.shrunk);
	assert_int_equal(res.outcome, MIGSIM_BUG);
	assert_string_equal(res.function, "window_checker");
	assert_contains(res.message, "BUG_ON(win->open)");
	assert_true(res.decisions_before >= 5);		/* random made many */
	assert_int_equal(res.decisions_before, count_entries(res.schedule));
	assert_int_equal(res.decisions_after, count_entries(res.shrunk));
	assert_true(res.decisions_after <= res.decisions_before);
	assert_true(res.deterministic);
	/* The shrunk schedule still fails the same way when replayed. */
	{
		struct migsim_run_info info;
		struct migsim_world *w;

		window_build(&w, &win);
		assert_int_equal(run(w, MIGSIM_STRATEGY_REPLAY, 1, res.shrunk, &info),
				 -ENOTRECOVERABLE);
		assert_int_equal(migsim_outcome(w), MIGSIM_BUG);
		assert_string_equal(migsim_last_report(w)->function, "window_checker");
		migsim_world_destroy(w);
	}
	/* The shrinker tries each decision alone before cutting blocks, so
	 * a one-preemption race always comes back as one decision. */
	assert_int_equal(res.decisions_after, 1);
	assert_string_equal(res.shrunk, "v1;A@a:window#1>B");
}

/*
 * Splitting the runs does not change them: under random and under PCT (whose
 * k is calibrated once, not learnt from the previous run), two halves of the
 * run sequence (first_run 0 and 1, stride 2, as -j 2 deals them) find the
 * same lowest failing run, with the same schedule, as one process.
 */
static void test_split_runs_find_the_same_failure(void **state)
{
	static const enum migsim_strategy kinds[] = { MIGSIM_STRATEGY_RANDOM, MIGSIM_STRATEGY_PCT };
	uint64_t seed = test_seed(3);
	struct window win;
	char err[256];
	size_t k;

	(void)state;
	for (k = 0; k < 2; k++) {
		struct migsim_explore_config ec = {
			.sched = { .strategy = kinds[k], .seed = seed, .pct_depth = 2 },
			.runs = 4000,
		};
		struct migsim_explore_result one, half[2];
		unsigned int h;
		int lo;

		assert_int_equal(migsim_explore(window_build, &win, &ec, &one, err, sizeof(err)), 0);
		assert_true(one.found);
		for (h = 0; h < 2; h++) {
			struct migsim_explore_config hc = ec;

			hc.first_run = h;
			hc.run_stride = 2;
			hc.runs = ec.runs / 2;
			assert_int_equal(migsim_explore(window_build, &win, &hc, &half[h], err,
							sizeof(err)), 0);
		}
		assert_true(half[0].found || half[1].found);
		lo = !half[0].found || (half[1].found && half[1].run < half[0].run);
		printf("# strategy %d: one process run %lu, halves %s%lu / %s%lu\n", (int)kinds[k],
		       one.run, half[0].found ? "" : "none ", half[0].run,
		       half[1].found ? "" : "none ", half[1].run);
		assert_int_equal(half[lo].run, one.run);
		assert_string_equal(half[lo].schedule, one.schedule);
		assert_int_equal(half[lo].run % 2, lo);
	}
}

/* The one-decision schedule, replayed, is the failure; with none, it is not. */
static void test_window_needs_one_preemption(void **state)
{
	struct migsim_run_info info;
	struct migsim_world *w;
	struct window win;

	(void)state;
	window_build(&w, &win);
	assert_int_equal(run(w, MIGSIM_STRATEGY_REPLAY, 1, "v1;A@a:window#1>B", &info),
			 -ENOTRECOVERABLE);
	assert_int_equal(migsim_outcome(w), MIGSIM_BUG);
	assert_int_equal(info.preemptions, 1);
	assert_int_equal(win.b_checks, 0);
	migsim_world_destroy(w);

	window_build(&w, &win);
	assert_int_equal(run(w, MIGSIM_STRATEGY_REPLAY, 1, NULL, &info), 0);
	assert_int_equal(win.b_checks, 20);
	migsim_world_destroy(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_actor_takes_no_decisions),
		cmocka_unit_test(test_schedule_round_trip),
		cmocka_unit_test(test_long_schedule_round_trip),
		cmocka_unit_test(test_malformed_schedules),
		cmocka_unit_test(test_malformed_counts),
		cmocka_unit_test(test_same_seed_same_run),
		cmocka_unit_test(test_different_seeds_differ),
		cmocka_unit_test(test_point_reached),
		cmocka_unit_test(test_point_reached_single_actor),
		cmocka_unit_test(test_replay_divergence_unrunnable_actor),
		cmocka_unit_test(test_replay_divergence_decision_passed),
		cmocka_unit_test(test_replay_divergence_point_never_reached),
		cmocka_unit_test(test_dfs_preemption_bound),
		cmocka_unit_test(test_fault_injection_recorded_and_replayed),
		cmocka_unit_test(test_writeback_fault),
		cmocka_unit_test(test_shrink_random_failure),
		cmocka_unit_test(test_split_runs_find_the_same_failure),
		cmocka_unit_test(test_window_needs_one_preemption),
	};

	return cmocka_run_group_tests_name("sched", tests, NULL, NULL);
}
