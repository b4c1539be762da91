// SPDX-License-Identifier: MIT
/*
 * The scheduler's detectors (lib/engine/sched.c, locking.c): deadlock with
 * its wait-for graph (spinlocks, folio locks, rwsems, mutexes), waiting on
 * a folio lock without taking it, lock-order inversion reported even when
 * the run did not deadlock, sleeping under a spinlock, and livelock (the
 * retry bound and the step limit).
 *
 * White box: the locks and the retry/progress hooks are model internals
 * that no user actor reaches through the public API.
 *
 *	A (cpu 0)              B (cpu 1)
 *	spin_lock(a)
 *	point ab:between  ~>   spin_lock(b)
 *	                       spin_lock(a)  waits
 *	spin_lock(b) waits
 *	-> every actor blocked: deadlock
 */
#include <linux/bug.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include "sched.h"
#include "sched_harness.h"

/* ------------------------------------------------------------------ */
/* Deadlock, lock order, sleeping in atomic context                    */

struct two_spinlocks {
	spinlock_t a, b;
	bool done[2];
};

/* A: a then b.  B: b then a (or a then b when @same_order). */
static void lock_ab(struct migsim_world *w, void *arg)
{
	struct two_spinlocks *l = arg;

	spin_lock(&l->a);
	migsim_point(w, "ab:between");
	spin_lock(&l->b);
	spin_unlock(&l->b);
	spin_unlock(&l->a);
	l->done[0] = true;
}

static void lock_ba(struct migsim_world *w, void *arg)
{
	struct two_spinlocks *l = arg;

	spin_lock(&l->b);
	migsim_point(w, "ba:between");
	spin_lock(&l->a);
	spin_unlock(&l->a);
	spin_unlock(&l->b);
	l->done[1] = true;
}

static void lock_ab_too(struct migsim_world *w, void *arg)
{
	struct two_spinlocks *l = arg;

	spin_lock(&l->a);
	migsim_point(w, "ab2:between");
	spin_lock(&l->b);
	spin_unlock(&l->b);
	spin_unlock(&l->a);
	l->done[1] = true;
}

static struct migsim_world *two_lockers(struct two_spinlocks *l, migsim_actor_fn second)
{
	struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, false);

	memset(l, 0, sizeof(*l));
	spin_lock_init_named(&l->a, "test_lock_a");
	spin_lock_init_named(&l->b, "test_lock_b");
	actor(w, "lock-ab", 0, lock_ab, l);
	actor(w, "lock-ba", 1, second, l);
	return w;
}

/*
 *	A (cpu 0)                  B (cpu 1)
 *	spin_lock(a)
 *	point ab:between      ~>   spin_lock(b)
 *	                           point ba:between
 *	                           spin_lock(a): spins (A holds it)
 *	spin_lock(b): spins (B holds it)
 *	-> deadlock: A waits for B, B waits for A
 */
static void test_deadlock_spinlocks(void **state)
{
	struct two_spinlocks l;
	struct migsim_run_info info;
	struct migsim_world *w = two_lockers(&l, lock_ba);
	const struct migsim_report *r;

	(void)state;
	assert_int_equal(run(w, MIGSIM_STRATEGY_REPLAY, 1, "v1;A@ab:between#1>B", &info),
			 -ENOTRECOVERABLE);
	assert_false(info.diverged);
	assert_int_equal(migsim_outcome(w), MIGSIM_DEADLOCK);
	r = migsim_last_report(w);
	assert_non_null(r);
	assert_string_equal(r->function, "schedule");
	assert_contains(r->message, "deadlock: every actor is blocked");
	assert_contains(r->message, "A (lock-ab) waits for spinlock test_lock_b held by B");
	assert_contains(r->message, "B (lock-ba) waits for spinlock test_lock_a held by A");
	assert_contains(r->actors, "A (lock-ab, pid");
	assert_contains(r->actors, "blocked on spinlock");
	assert_false(l.done[0] || l.done[1]);
	migsim_world_destroy(w);
}

/* Folio locks: the same picture with folio_lock() (which sleeps). */
struct two_folios {
	int pid;
	uint64_t pfn[2];
	bool done[2];
};

static void folio_lock_pair(struct migsim_world *w, struct two_folios *f, int first,
			    const char *point)
{
	struct folio *x = page_folio(pfn_to_page(f->pfn[first]));
	struct folio *y = page_folio(pfn_to_page(f->pfn[!first]));

	folio_lock(x);
	migsim_point(w, point);
	folio_lock(y);
	folio_unlock(y);
	folio_unlock(x);
	f->done[first] = true;
}

static void folio_lock_01(struct migsim_world *w, void *arg)
{
	folio_lock_pair(w, arg, 0, "f01:between");
}

static void folio_lock_10(struct migsim_world *w, void *arg)
{
	folio_lock_pair(w, arg, 1, "f10:between");
}

static void test_deadlock_folio_locks(void **state)
{
	struct two_folios f = { 0 };
	struct migsim_run_info info;
	struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, false);
	struct migsim_page_info pi;
	const struct migsim_report *r;
	uint64_t addr;
	int i;

	(void)state;
	f.pid = actor(w, "lock-01", 0, folio_lock_01, &f);
	actor(w, "lock-10", 1, folio_lock_10, &f);
	assert_int_equal(migsim_mmap(w, f.pid, 0, 2 * 4096, MIGSIM_MAP_PRIVATE, 0, &addr), 0);
	assert_int_equal(migsim_touch(w, f.pid, addr, 2 * 4096, 1), 0);
	for (i = 0; i < 2; i++) {
		assert_int_equal(migsim_page_info(w, f.pid, addr + (uint64_t)i * 4096, &pi), 0);
		f.pfn[i] = pi.pfn;
	}
	assert_int_equal(run(w, MIGSIM_STRATEGY_REPLAY, 1, "v1;A@f01:between#1>B", &info),
			 -ENOTRECOVERABLE);
	assert_int_equal(migsim_outcome(w), MIGSIM_DEADLOCK);
	r = migsim_last_report(w);
	assert_contains(r->message, "A (lock-01) waits for folio lock held by B");
	assert_contains(r->message, "B (lock-10) waits for folio lock held by A");
	assert_false(f.done[0] || f.done[1]);
	migsim_world_destroy(w);
}


/* Mutexes, taken in opposite orders: the same graph, with the mutexes named. */
struct two_mutexes {
	struct mutex m[2];
	bool done[2];
};

static void mutex_01(struct migsim_world *w, void *arg)
{
	struct two_mutexes *t = arg;

	mutex_lock(&t->m[0]);
	migsim_point(w, "m01:between");
	mutex_lock(&t->m[1]);
	mutex_unlock(&t->m[1]);
	mutex_unlock(&t->m[0]);
	t->done[0] = true;
}

static void mutex_10(struct migsim_world *w, void *arg)
{
	struct two_mutexes *t = arg;

	mutex_lock(&t->m[1]);
	migsim_point(w, "m10:between");
	mutex_lock(&t->m[0]);
	mutex_unlock(&t->m[0]);
	mutex_unlock(&t->m[1]);
	t->done[1] = true;
}

static void test_deadlock_mutexes(void **state)
{
	struct two_mutexes t;
	struct migsim_run_info info;
	struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, false);
	const struct migsim_report *rep;

	(void)state;
	memset(&t, 0, sizeof(t));
	mutex_init_named(&t.m[0], "test_mutex_0");
	mutex_init_named(&t.m[1], "test_mutex_1");
	actor(w, "mtx-01", 0, mutex_01, &t);
	actor(w, "mtx-10", 1, mutex_10, &t);
	assert_int_equal(run(w, MIGSIM_STRATEGY_REPLAY, 1, "v1;A@m01:between#1>B", &info),
			 -ENOTRECOVERABLE);
	assert_int_equal(migsim_outcome(w), MIGSIM_DEADLOCK);
	rep = migsim_last_report(w);
	assert_contains(rep->message, "A (mtx-01) waits for mutex test_mutex_1 held by B");
	assert_contains(rep->message, "B (mtx-10) waits for mutex test_mutex_0 held by A");
	assert_false(t.done[0] || t.done[1]);
	migsim_world_destroy(w);

	/* Without the switch A takes both first: no deadlock, but the
	 * inversion is still reported. */
	w = world(MIGSIM_PREEMPT_FULL, false);
	memset(&t, 0, sizeof(t));
	mutex_init_named(&t.m[0], "test_mutex_0");
	mutex_init_named(&t.m[1], "test_mutex_1");
	actor(w, "mtx-01", 0, mutex_01, &t);
	actor(w, "mtx-10", 1, mutex_10, &t);
	assert_int_equal(run(w, MIGSIM_STRATEGY_REPLAY, 1, "v1", &info), -ENOTRECOVERABLE);
	assert_true(t.done[0]);
	assert_contains(migsim_last_report(w)->message, "circular locking dependency");
	migsim_world_destroy(w);
}

/*
 * folio_wait_locked(): B sleeps until A unlocks the folio, without taking
 * the lock; A's unlock wakes it.
 */
struct wait_locked {
	unsigned long pfn;
	bool a_unlocked, b_saw_unlocked, b_done;
};

static void wl_holder(struct migsim_world *w, void *arg)
{
	struct wait_locked *p = arg;
	struct folio *folio = page_folio(pfn_to_page(p->pfn));

	folio_lock(folio);
	migsim_point(w, "wl:holding");
	p->a_unlocked = true;
	folio_unlock(folio);
}

static void wl_waiter(struct migsim_world *w, void *arg)
{
	struct wait_locked *p = arg;
	struct folio *folio = page_folio(pfn_to_page(p->pfn));

	(void)w;
	folio_wait_locked(folio);
	p->b_saw_unlocked = p->a_unlocked && !folio_test_locked(folio);
	p->b_done = true;
}

static void test_folio_wait_locked(void **state)
{
	struct wait_locked p = { 0 };
	struct migsim_run_info info;
	struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, false);
	struct migsim_page_info pi;
	uint64_t addr;
	int pid;

	(void)state;
	pid = actor(w, "holder", 0, wl_holder, &p);
	actor(w, "waiter", 1, wl_waiter, &p);
	assert_int_equal(migsim_mmap(w, pid, 0, 4096, MIGSIM_MAP_PRIVATE, 0, &addr), 0);
	assert_int_equal(migsim_touch(w, pid, addr, 4096, 1), 0);
	assert_int_equal(migsim_page_info(w, pid, addr, &pi), 0);
	p.pfn = (unsigned long)pi.pfn;
	assert_int_equal(run(w, MIGSIM_STRATEGY_REPLAY, 1, "v1;A@wl:holding#1>B", &info), 0);
	assert_true(p.b_done);
	assert_true(p.b_saw_unlocked);
	assert_true(migsim_point_reached(w, "folio:wait-locked"));
	migsim_world_destroy(w);
}

/* rw_semaphores (mmap_lock, the anon_vma lock): the same, with down_write(). */
struct two_rwsems {
	struct rw_semaphore s[2];
	bool done[2];
};

static void rwsem_pair(struct migsim_world *w, struct two_rwsems *r, int first,
		       const char *point)
{
	down_write(&r->s[first]);
	migsim_point(w, point);
	down_write(&r->s[!first]);
	up_write(&r->s[!first]);
	up_write(&r->s[first]);
	r->done[first] = true;
}

static void rwsem_01(struct migsim_world *w, void *arg)
{
	rwsem_pair(w, arg, 0, "r01:between");
}

static void rwsem_10(struct migsim_world *w, void *arg)
{
	rwsem_pair(w, arg, 1, "r10:between");
}

static void test_deadlock_rwsems(void **state)
{
	struct two_rwsems r;
	struct migsim_run_info info;
	struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, false);
	const struct migsim_report *rep;
	char message[512];
	bool named;

	(void)state;
	memset(&r, 0, sizeof(r));
	init_rwsem_named(&r.s[0], "test_sem_0");
	init_rwsem_named(&r.s[1], "test_sem_1");
	actor(w, "sem-01", 0, rwsem_01, &r);
	actor(w, "sem-10", 1, rwsem_10, &r);
	assert_int_equal(run(w, MIGSIM_STRATEGY_REPLAY, 1, "v1;A@r01:between#1>B", &info),
			 -ENOTRECOVERABLE);
	assert_int_equal(migsim_outcome(w), MIGSIM_DEADLOCK);
	rep = migsim_last_report(w);
	assert_contains(rep->message, "deadlock: every actor is blocked");
	assert_contains(rep->message, "A (sem-01) waits for rwsem");
	assert_contains(rep->message, "B (sem-10) waits for rwsem");
	assert_false(r.done[0] || r.done[1]);
	/* The graph names each rwsem and its writer. */
	named = strstr(rep->message, "waits for rwsem test_sem_1 held by B") &&
		strstr(rep->message, "waits for rwsem test_sem_0 held by A");
	snprintf(message, sizeof(message), "%s", rep->message);
	migsim_world_destroy(w);
	if (!named)
		fail_msg("the wait-for graph does not name the rwsem holders: %s", message);
}

/*
 * Serially (no switch at all: A runs to the end, then B) nothing blocks,
 * but B nests a inside b after A nested b inside a: lockdep's inversion.
 *
 *	A: lock a, lock b, unlock b, unlock a        records a -> b
 *	B: lock b, lock a                             b -> a: inversion
 */
static void test_lock_order_inversion_serial(void **state)
{
	struct two_spinlocks l;
	struct migsim_run_info info;
	struct migsim_world *w = two_lockers(&l, lock_ba);
	const struct migsim_report *r;

	(void)state;
	assert_int_equal(run(w, MIGSIM_STRATEGY_REPLAY, 1, NULL, &info), -ENOTRECOVERABLE);
	assert_string_equal(info.schedule, "v1");
	assert_int_equal(info.preemptions, 0);
	assert_true(l.done[0]);		/* A finished: this run did not deadlock */
	assert_false(l.done[1]);
	assert_int_equal(migsim_outcome(w), MIGSIM_DEADLOCK);
	r = migsim_last_report(w);
	assert_string_equal(r->function, "lock_acquire");
	assert_contains(r->message, "possible circular locking dependency");
	assert_contains(r->message, "test_lock_a is taken inside test_lock_b here");
	assert_contains(r->message, "test_lock_b inside test_lock_a elsewhere");
	migsim_world_destroy(w);

	/* The same order in both: no report, under any interleaving. */
	w = two_lockers(&l, lock_ab_too);
	assert_int_equal(run(w, MIGSIM_STRATEGY_REPLAY, 1, NULL, &info), 0);
	assert_true(l.done[0] && l.done[1]);
	migsim_world_destroy(w);
	w = two_lockers(&l, lock_ab_too);
	assert_int_equal(run(w, MIGSIM_STRATEGY_REPLAY, 1, "v1;A@ab:between#1>B", &info), 0);
	assert_false(info.diverged);
	assert_true(l.done[0] && l.done[1]);
	migsim_world_destroy(w);
}

/*
 *	A (cpu 0)                      B (cpu 1)
 *	down_write(sem)
 *	point holder:holds       ~>    spin_lock(l)
 *	                               down_read(sem): must sleep -> BUG
 */
struct atomic_sleep {
	struct rw_semaphore sem;
	spinlock_t lock;
	bool take_spinlock;
	bool done[2];
};

static void sem_holder(struct migsim_world *w, void *arg)
{
	struct atomic_sleep *a = arg;

	down_write(&a->sem);
	migsim_point(w, "holder:holds");
	up_write(&a->sem);
	a->done[0] = true;
}

static void sem_sleeper(struct migsim_world *w, void *arg)
{
	struct atomic_sleep *a = arg;

	(void)w;
	if (a->take_spinlock)
		spin_lock(&a->lock);
	down_read(&a->sem);
	up_read(&a->sem);
	if (a->take_spinlock)
		spin_unlock(&a->lock);
	a->done[1] = true;
}

static int sleep_case(bool take_spinlock, struct atomic_sleep *a, struct migsim_world **out)
{
	struct migsim_run_info info;
	struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, false);

	memset(a, 0, sizeof(*a));
	init_rwsem_named(&a->sem, "test_sem");
	spin_lock_init_named(&a->lock, "test_spin");
	a->take_spinlock = take_spinlock;
	actor(w, "holder", 0, sem_holder, a);
	actor(w, "sleeper", 1, sem_sleeper, a);
	*out = w;
	return run(w, MIGSIM_STRATEGY_REPLAY, 1, "v1;A@holder:holds#1>B", &info);
}

static void test_sleep_under_spinlock(void **state)
{
	struct atomic_sleep a;
	struct migsim_world *w;
	const struct migsim_report *r;

	(void)state;
	assert_int_equal(sleep_case(true, &a, &w), -ENOTRECOVERABLE);
	assert_int_equal(migsim_outcome(w), MIGSIM_BUG);
	r = migsim_last_report(w);
	assert_string_equal(r->function, "__might_sleep");
	assert_contains(r->message, "sleeping function called from invalid context");
	assert_contains(r->message, "actor B (sleeper) waits for rwsem while holding a spinlock");
	assert_false(a.done[1]);
	migsim_world_destroy(w);

	/* Without the spinlock the same schedule sleeps and wakes: clean. */
	assert_int_equal(sleep_case(false, &a, &w), 0);
	assert_int_equal(migsim_outcome(w), MIGSIM_OK);
	assert_true(a.done[0] && a.done[1]);
	migsim_world_destroy(w);
}

/* ------------------------------------------------------------------ */
/* Livelock                                                            */

/* @tries rounds of a wait loop; progress every @progress_every (0: never). */
struct retrier {
	int tries;
	int progress_every;
	int done_tries;
	bool done;
};

static void retrier_body(struct migsim_world *w, void *arg)
{
	struct retrier *r = arg;
	int i;

	for (i = 1; i <= r->tries; i++) {
		migsim_point(w, "retry:round");
		sched_retry("test_wait_for_page", "the test's wait loop");
		r->done_tries = i;
		if (r->progress_every && i % r->progress_every == 0)
			sched_progress();
	}
	r->done = true;
}

static int retry_case(struct retrier *r, unsigned long bound, struct migsim_world **out)
{
	struct migsim_sched_config sc = { .strategy = MIGSIM_STRATEGY_REPLAY,
					  .livelock_bound = bound };
	struct stepper other = { .point = "other", .points = 2 };
	struct migsim_run_info info;
	struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, false);
	int ret;

	actor(w, "retrier", 0, retrier_body, r);
	actor(w, "other", 1, stepper_body, &other);
	ret = migsim_run_actors(w, &sc, &info);
	*out = w;
	return ret;
}

static void test_livelock_retry_bound(void **state)
{
	struct retrier r = { .tries = 100 };
	struct migsim_world *w;
	const struct migsim_report *rep;

	(void)state;
	assert_int_equal(retry_case(&r, 10, &w), -ENOTRECOVERABLE);
	assert_int_equal(migsim_outcome(w), MIGSIM_LIVELOCK);
	rep = migsim_last_report(w);
	assert_string_equal(rep->function, "test_wait_for_page");
	assert_contains(rep->message, "actor A (retrier) retried the test's wait loop 11 times "
			"without progress");
	assert_int_equal(r.done_tries, 10);	/* the 11th retry was the one too many */
	assert_false(r.done);
	migsim_world_destroy(w);

	/* Progress every 10 resets the count: 100 rounds, bound 10, clean. */
	r = (struct retrier){ .tries = 100, .progress_every = 10 };
	assert_int_equal(retry_case(&r, 10, &w), 0);
	assert_true(r.done);
	migsim_world_destroy(w);

	/* Under the default bound (1000), 100 rounds without progress are fine. */
	r = (struct retrier){ .tries = 100 };
	assert_int_equal(retry_case(&r, 0, &w), 0);
	assert_true(r.done);
	migsim_world_destroy(w);
}

/* An actor spinning on points forever ends at the step limit, named. */
static void spinner_body(struct migsim_world *w, void *arg)
{
	unsigned long *spins = arg;

	for (;;) {
		migsim_point(w, "spinner:poll");
		(*spins)++;
	}
}

static void test_livelock_step_limit(void **state)
{
	struct migsim_sched_config sc = { .strategy = MIGSIM_STRATEGY_RANDOM, .seed = 5,
					  .step_limit = 500 };
	struct stepper other = { .point = "other", .points = 3 };
	struct migsim_run_info info;
	struct migsim_world *w = world(MIGSIM_PREEMPT_FULL, false);
	const struct migsim_report *r;
	unsigned long spins = 0;

	(void)state;
	actor(w, "spinner", 0, spinner_body, &spins);
	actor(w, "other", 1, stepper_body, &other);
	assert_int_equal(migsim_run_actors(w, &sc, &info), -ENOTRECOVERABLE);
	assert_int_equal(migsim_outcome(w), MIGSIM_LIVELOCK);
	r = migsim_last_report(w);
	assert_contains(r->message, "500 scheduling points passed");
	assert_contains(r->message, "step limit");
	assert_contains(r->message, "actor A (spinner) is at spinner:poll");
	assert_true(other.done);
	assert_true(spins > 400 && spins < 500);
	assert_int_equal(info.steps, 501);
	migsim_world_destroy(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deadlock_spinlocks),
		cmocka_unit_test(test_deadlock_folio_locks),
		cmocka_unit_test(test_deadlock_rwsems),
		cmocka_unit_test(test_deadlock_mutexes),
		cmocka_unit_test(test_folio_wait_locked),
		cmocka_unit_test(test_lock_order_inversion_serial),
		cmocka_unit_test(test_sleep_under_spinlock),
		cmocka_unit_test(test_livelock_retry_bound),
		cmocka_unit_test(test_livelock_step_limit),
	};

	return cmocka_run_group_tests_name("sched_detectors", tests, NULL, NULL);
}
