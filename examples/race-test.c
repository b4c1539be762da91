// SPDX-License-Identifier: MIT
/*
 * race-test.c - a CMocka race test of your own actors.
 *
 * The code under test is yours: a helper that must not touch a buffer
 * while a migration of it is in flight.  Its first version waits for the
 * migrator's "done" flag by polling it:
 *
 *	while (!s->done)
 *		;			// a scheduling point each time round
 *
 * Both tasks run on the same CPU of a kernel built with PREEMPT_NONE.
 * There a task loses the CPU only where it sleeps or calls cond_resched(),
 * and the polling loop does neither.  If the waiter gets the CPU while the
 * migration is still in flight, for instance when the migrator calls
 * cond_resched() between two folios, the waiter spins forever and the
 * migrator never runs again.  On a real machine that is a soft lockup.
 *
 * The simulator finds it: migsim_explore() runs the actors under many
 * schedules, and a run that passes too many scheduling points without
 * finishing is a "livelock" report.  It then shrinks the failing schedule
 * to the few decisions that matter, and the shrunk schedule replays the
 * failure exactly, every time.
 *
 * The fixed version does not poll: it simply faults the buffer in.  A
 * fault that meets a migration entry sleeps until the migration is done
 * (on 6.12, on the folio lock), so the kernel does the waiting and the
 * migrator gets the CPU back.  Every schedule of it with up to two
 * preemptions runs clean.
 *
 *   CPU 0, pid 101  A "migrator"  migrate the 2 MiB THP to node 1, set done
 *   CPU 0, pid 100  B "waiter"    fault in 8 scratch pages of its own, then
 *                                 wait for done (buggy) or fault (fixed)
 *
 * The tests are deterministic: the random strategy is seeded, DFS (bounded
 * exhaustive search) makes the same choices in the same order every time,
 * and nothing depends on time or host addresses.
 *
 * Build against an installed libmigsim:
 *   cc race-test.c -o race-test $(pkg-config --cflags --libs migsim cmocka)
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <migsim/migsim.h>

#define BASE	0x40000000ULL
#define THP	(2ULL << 20)
#define SCRATCH	0x50000000ULL
#define SCRATCH_PAGES	8

/* What the two actors share: user state, outside the simulated kernel. */
struct shared {
	bool fixed;	/* run the fixed waiter */
	bool done;	/* the migrator's flag */
	int rc;		/* the migrator's migsim_migrate_range() result */
};

/* Actor A: migrate the buffer, then say so. */
static void migrator(struct migsim_world *w, void *arg)
{
	struct shared *s = arg;
	struct migsim_migrate_result res;

	s->rc = migsim_migrate_range(w, 100, BASE, THP, 1, MIGSIM_MIGRATE_SYNC,
				     MIGSIM_MR_SYSCALL, &res);
	s->done = true;
}

/* Actor B: wait until the migration is over, then use the buffer. */
static void waiter(struct migsim_world *w, void *arg)
{
	struct shared *s = arg;
	int i;

	/*
	 * First some work of its own: fault in its scratch pages.  The
	 * "user:" point after each is a rescheduling point, as if the loop
	 * called cond_resched(): the migrator may run in between.
	 */
	for (i = 0; i < SCRATCH_PAGES; i++) {
		migsim_touch(w, 100, SCRATCH + i * 4096ULL, 4096, 1);
		migsim_point(w, "user:work");
	}
	if (!s->fixed) {
		/*
		 * THE BUG.  The point names the place for the scheduler.  Its
		 * name ("poll") makes it a plain point, not a place that may
		 * sleep or reschedule, so under PREEMPT_NONE nothing on this
		 * CPU may run instead.  (A name starting "user:" would make it
		 * a rescheduling point, like cond_resched(); see docs/races.md.)
		 */
		while (!s->done)
			migsim_point(w, "poll");
	}
	/* Use the buffer: a write fault on every page. */
	migsim_touch(w, 100, BASE, THP, 1);
}

/*
 * The build function: one fresh world with its two actors, called by
 * migsim_explore() before every run.  @arg is the struct shared to use;
 * it is reset here, so every run starts from the same state.
 */
static int build(struct migsim_world **out, void *arg)
{
	struct migsim_task_config app = { .pid = 100, .cpu = 0, .comm = "app" };
	struct migsim_task_config kth = { .pid = 101, .cpu = 0, .comm = "kmigrated" };
	struct shared *s = arg;
	struct migsim_config cfg;
	struct migsim_world *w;

	s->done = false;
	s->rc = 0;
	migsim_config_init(&cfg);
	cfg.kernel = "6.12";
	cfg.node_size[0] = cfg.node_size[1] = 32ULL << 20;
	cfg.nr_cpus = 2;
	cfg.preempt = MIGSIM_PREEMPT_NONE;
	if (migsim_world_create(&cfg, &w, NULL, 0))
		return -EINVAL;
	if (migsim_task_create(w, &app, NULL) || migsim_task_create(w, &kth, NULL) ||
	    migsim_mmap(w, 100, BASE, THP, MIGSIM_MAP_PRIVATE | MIGSIM_MAP_THP, 0, NULL) ||
	    migsim_touch(w, 100, BASE, THP, 1) ||
	    migsim_mmap(w, 100, SCRATCH, SCRATCH_PAGES * 4096ULL, MIGSIM_MAP_PRIVATE, 0, NULL) ||
	    migsim_actor_create(w, "migrator", 101, migrator, s, NULL) ||
	    migsim_actor_create(w, "waiter", 100, waiter, s, NULL)) {
		fprintf(stderr, "build: %s\n", migsim_strerror(w));
		migsim_world_destroy(w);
		return -EINVAL;
	}
	*out = w;
	return 0;
}

/*
 * How to explore: @strategy RANDOM (seeded: the same runs every time) or
 * DFS, every schedule with at most two preemptions.  Shrink failures.
 */
static void explore_config(struct migsim_explore_config *ec, enum migsim_strategy strategy)
{
	memset(ec, 0, sizeof(*ec));
	ec->sched.strategy = strategy;
	ec->sched.preemption_bound = 2;
	ec->sched.seed = 1;
	ec->sched.step_limit = 20000;	/* a spin is a livelock well before this */
	ec->runs = 20000;
	ec->shrink = true;
	ec->self_check = true;		/* replay the failure twice, compare traces */
}

/* The buggy waiter: found, shrunk, and replayed from the shrunk schedule. */
static void test_polling_waiter_livelocks(void **state)
{
	struct shared s = { .fixed = false };
	struct migsim_sched_config replay = { .strategy = MIGSIM_STRATEGY_REPLAY };
	struct migsim_explore_config ec;
	struct migsim_explore_result res, again;
	struct migsim_run_info info;
	struct migsim_world *w;
	char err[256];

	(void)state;
	/* Random schedules switch back and forth a lot: shrinking has work. */
	explore_config(&ec, MIGSIM_STRATEGY_RANDOM);
	assert_int_equal(migsim_explore(build, &s, &ec, &res, err, sizeof(err)), 0);
	print_message("run %lu of %lu: %s in %s(): %s\n", res.run, res.runs,
		      migsim_outcome_name(res.outcome), res.function, res.message);
	print_message("schedule (%u decisions) %s\nshrunk   (%u decisions) %s\n",
		      res.decisions_before, res.schedule, res.decisions_after, res.shrunk);

	/* Found, and it is the failure we expect: a livelock. */
	assert_true(res.found);
	assert_int_equal(res.outcome, MIGSIM_LIVELOCK);
	assert_non_null(strstr(res.message, "step limit"));
	/*
	 * Shrunk: the random run switched back and forth several times; one
	 * decision is enough, "switch to the waiter while the migrator is in
	 * the middle".  (Seeded, so these numbers are the same every time.)
	 */
	assert_true(res.decisions_after < res.decisions_before);
	assert_int_equal(res.decisions_after, 1);
	assert_non_null(strstr(res.shrunk, ">B"));
	assert_true(res.deterministic);

	/* Replay the shrunk schedule by hand: the same livelock. */
	assert_int_equal(build(&w, &s), 0);
	replay.schedule = res.shrunk;
	replay.step_limit = ec.sched.step_limit;
	assert_int_equal(migsim_run_actors(w, &replay, &info), -ENOTRECOVERABLE);
	assert_false(info.diverged);
	assert_int_equal(migsim_outcome(w), MIGSIM_LIVELOCK);
	assert_false(s.done);			/* the migrator never finished */
	assert_true(migsim_point_reached(w, "poll"));
	print_message("replayed: %s\n", migsim_last_report(w)->message);
	migsim_world_destroy(w);

	/* And the same exploration finds the same run and the same schedule. */
	assert_int_equal(migsim_explore(build, &s, &ec, &again, err, sizeof(err)), 0);
	assert_true(again.found);
	assert_int_equal(again.run, res.run);
	assert_string_equal(again.shrunk, res.shrunk);
}

/* The fixed waiter: every schedule within the bound runs clean. */
static void test_faulting_waiter_is_clean(void **state)
{
	struct shared s = { .fixed = true }, buggy = { .fixed = false };
	struct migsim_sched_config replay = { .strategy = MIGSIM_STRATEGY_REPLAY };
	struct migsim_explore_config ec;
	struct migsim_explore_result res, bad;
	struct migsim_page_info pi;
	struct migsim_run_info info;
	struct migsim_world *w;
	char err[256];

	(void)state;
	explore_config(&ec, MIGSIM_STRATEGY_DFS);
	assert_int_equal(migsim_explore(build, &s, &ec, &res, err, sizeof(err)), 0);
	print_message("%lu runs, exhausted %d, found %d\n", res.runs, (int)res.exhausted,
		      (int)res.found);
	assert_false(res.found);
	assert_true(res.exhausted);		/* DFS covered the whole bounded space */
	assert_true(res.runs > 1);

	/*
	 * The interleaving that broke the polling waiter, replayed with the
	 * fixed one: the waiter's fault waits for the migration, the
	 * migration finishes, and the buffer is on node 1, intact.
	 */
	assert_int_equal(migsim_explore(build, &buggy, &ec, &bad, err, sizeof(err)), 0);
	assert_true(bad.found);
	assert_int_equal(build(&w, &s), 0);
	replay.schedule = bad.shrunk;
	assert_int_equal(migsim_run_actors(w, &replay, &info), 0);
	assert_false(info.diverged);
	assert_int_equal(info.preemptions, 1);	/* the switch did happen */
	assert_true(s.done);
	assert_int_equal(s.rc, 0);
	assert_int_equal(migsim_page_info(w, 100, BASE, &pi), 0);
	assert_int_equal(pi.node, 1);
	assert_int_equal(migsim_check(w), 0);
	migsim_world_destroy(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_polling_waiter_livelocks),
		cmocka_unit_test(test_faulting_waiter_is_clean),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
