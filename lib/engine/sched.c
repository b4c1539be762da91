// SPDX-License-Identifier: MIT
/*
 * The deterministic scheduler: actors on coroutines, scheduling points,
 * blocking and wake-up, preemption models, and the detectors that only make
 * sense with more than one actor (deadlock with a wait-for graph, livelock,
 * lock-order inversion, sleeping under a spinlock, stale compound metadata).
 * See sched.h for the invariants.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <trace/events/migrate.h>
#include "entry.h"
#include "sched.h"
#include "strategy.h"
#include "trace.h"
#include "world_internal.h"

static struct sched *S(void)
{
	return sim_world->sched;
}

static char actor_letter(int id)
{
	return id < 0 ? '-' : (char)('A' + id);
}

int sched_current_actor(void)
{
	struct sched *s = sim_world->sched;

	return s && s->running ? s->cur : -1;
}


enum point_kind {
	POINT_PLAIN,
	POINT_MIGHT_SLEEP,
	POINT_RESCHED,
};

static enum point_kind point_kind(const char *name)
{
	if (!strcmp(name, "cond_resched"))
		return POINT_RESCHED;
	if (!strncmp(name, "user:", 5))
		return POINT_RESCHED;	/* the return to user space reschedules */
	/* A trylock never sleeps: only the blocking forms are might_sleep(). */
	if (strstr(name, "-try"))
		return POINT_PLAIN;
	if (!strncmp(name, "lock:folio", 10) || !strncmp(name, "lock:rwsem", 10) ||
	    !strncmp(name, "lock:mutex", 10) || !strncmp(name, "folio:wait", 10))
		return POINT_MIGHT_SLEEP;
	return POINT_PLAIN;
}

/* ---- interned point names ---- */

/*
 * Point names are interned by the address of their string (a small cache
 * in front), then by text: the same name from two call sites is one point,
 * so schedule keys do not depend on how the compiler merged strings.
 */
static unsigned int intern(struct sched *s, const char *name)
{
	unsigned int h = (unsigned int)(((uintptr_t)name >> 3) * 2654435761u) % 64, i;

	if (s->ptr_cache[h] == name)
		return s->ptr_cache_id[h];
	for (i = 0; i < s->nr_points; i++)
		if (!strcmp(s->point_name[i], name))
			goto found;
	if (s->nr_points == SCHED_MAX_POINTS)
		return SCHED_MAX_POINTS - 1;	/* shared overflow slot */
	i = s->nr_points++;
	s->point_ptr[i] = name;
	s->point_name[i] = strdup(name);
	s->point_kind[i] = (unsigned char)point_kind(name);
found:
	s->ptr_cache[h] = name;
	s->ptr_cache_id[h] = i;
	return i;
}

/* ---- switching ---- */

/* Engine state of whoever runs: saved and restored with the stack. */
struct run_state {
	jmp_buf *entry;
	int entry_depth;
	struct sim_frames frames;
	struct task_struct *task;
};

static struct run_state main_state;

static void save_state(struct sched *s, int who)
{
	struct world *w = s->w;

	if (who < 0) {
		main_state.entry = w->entry;
		main_state.entry_depth = w->entry_depth;
		main_state.frames = sim_frames;
		main_state.task = w->current_task;
	} else {
		struct actor *a = &s->actors[who];

		a->entry = w->entry;
		a->entry_depth = w->entry_depth;
		a->frames = sim_frames;
		a->cur_task = w->current_task;
	}
}

static void load_state(struct sched *s, int who)
{
	struct world *w = s->w;

	if (who < 0) {
		w->entry = main_state.entry;
		w->entry_depth = main_state.entry_depth;
		sim_frames = main_state.frames;
		w->current_task = main_state.task;
	} else {
		struct actor *a = &s->actors[who];

		w->entry = a->entry;
		w->entry_depth = a->entry_depth;
		sim_frames = a->frames;
		w->current_task = a->cur_task ? a->cur_task : a->task;
	}
	s->cur = who;
}

static struct coro *coro_of(struct sched *s, int who)
{
	return who < 0 ? &s->main : &s->actors[who].coro;
}

/* The kernel's sched_switch event, for actor switches in a trace. */
static void trace_switch(struct sched *s, int from, int to)
{
	const struct actor *a = from >= 0 ? &s->actors[from] : NULL;
	const struct actor *b = to >= 0 ? &s->actors[to] : NULL;
	const char *state = !a ? "R" : a->state == ACTOR_BLOCKED ? "D" :
			    a->state == ACTOR_DONE ? "X" : "R+";

	trace_record("sched_switch", "prev_comm=%s prev_pid=%d prev_prio=120 prev_state=%s "
		     "==> next_comm=%s next_pid=%d next_prio=120",
		     a ? a->task->comm : "swapper/0", a ? a->task->pid : 0, state,
		     b ? b->task->comm : "swapper/0", b ? b->task->pid : 0);
}

static void switch_to(struct sched *s, int from, int to)
{
	if (from == to)
		return;
	if (unlikely(s->w->trace.enabled))
		trace_switch(s, from, to);
	save_state(s, from);
	load_state(s, to);
	coro_switch(coro_of(s, from), coro_of(s, to));
	/* Back: whoever switched here loaded our state. */
}

/* ---- decisions ---- */

static inline __attribute__((always_inline))
void log_decision(struct sched *s, int actor, unsigned int point, unsigned int count,
		  int chosen, bool nondefault)
{
	struct sched_decision *d;

	/* Only what a schedule string spells is kept: a replay takes the
	 * default by itself, and DFS keeps its own trail.  A long run under
	 * PCT or replay thus logs a handful of entries, not one per step. */
	if (chosen < 0) {
		s->nr_faults++;
	} else {
		s->nr_decisions++;
		if (!nondefault)
			return;
	}
	if (s->nr_log == s->cap_log) {
		size_t cap = s->cap_log ? s->cap_log * 2 : 256;

		/* A schedule string holds about a hundred entries (2 KiB);
		 * a log far past that could never be spelled or replayed. */
		if (s->cap_log >= SCHED_LOG_MAX) {
			s->log_overflow = true;
			return;
		}
		struct sched_decision *n = realloc(s->log, cap * sizeof(*n));

		if (!n)
			return;		/* the schedule string would be incomplete */
		s->log = n;
		s->cap_log = cap;
	}
	d = &s->log[s->nr_log++];
	d->step = s->steps;
	d->count = count;
	d->point = (unsigned short)point;
	d->actor = (signed char)actor;
	d->chosen = (signed char)chosen;
}

static void diverge(struct sched *s, const char *fmt, ...) __printf(2, 3);
static void diverge(struct sched *s, const char *fmt, ...)
{
	va_list ap;

	if (s->diverged)
		return;
	s->diverged = true;
	va_start(ap, fmt);
	vsnprintf(s->diverged_msg, sizeof(s->diverged_msg), fmt, ap);
	va_end(ap);
	strategy_fallback(s->strategy);
}

/*
 * The replayed schedule's next entry, if it names this decision.  An entry
 * this actor has already passed (its count is behind) means the code no
 * longer reaches that decision: the replay has diverged.
 */
static const struct sched_entry *replay_match(struct sched *s, int actor, unsigned int point,
					      unsigned int count)
{
	const struct sched_entry *e;

	if (s->diverged || s->replay_pos >= s->nr_replay)
		return NULL;
	e = &s->replay[s->replay_pos];
	if (e->actor != actor || strcmp(e->point, s->point_name[point]))
		return NULL;
	if (e->count == count)
		return e;
	if (e->count < count)
		diverge(s, "replay diverged at entry %zu (%c@%s#%u): that decision was never "
			"reached", s->replay_pos + 1, actor_letter(e->actor), e->point, e->count);
	return NULL;
}

/* migsim's own event: a decision, with the step --break-at stops at. */
static void trace_decision(struct sched *s, int actor, unsigned int point, unsigned int count,
			   const int *cands, int n, int chosen)
{
	char runnable[SCHED_MAX_ACTORS + 1];
	int i;

	for (i = 0; i < n; i++)
		runnable[i] = actor_letter(cands[i]);
	runnable[n] = '\0';
	trace_record("sched_decision", "step=%lu actor=%c point=%s#%u runnable=%s next=%c",
		     s->steps, actor >= 0 ? actor_letter(actor) : '-', s->point_name[point],
		     count, runnable, actor_letter(chosen));
}

/* Choose among @cands (actor ids, ascending); @def is the default's index. */
static int decide(struct sched *s, int actor, unsigned int point, unsigned int count,
		  const int *cands, int n, int def)
{
	const struct sched_entry *e = s->nr_replay ? replay_match(s, actor, point, count) : NULL;
	int idx = def, i;

	if (e) {
		for (i = 0; i < n; i++)
			if (cands[i] == e->chosen)
				break;
		if (i == n) {
			diverge(s, "replay diverged at entry %zu (%c@%s#%u>%c): actor %c cannot "
				"run there", s->replay_pos + 1, actor_letter(e->actor), e->point,
				e->count, actor_letter(e->chosen), actor_letter(e->chosen));
		} else {
			idx = i;
			s->replay_pos++;
		}
	} else if (!strategy_is_replay(s->strategy) || s->diverged) {
		idx = strategy_choose(s->strategy, s, actor, cands, n, def);
	}
	if (unlikely(s->w->trace.enabled))
		trace_decision(s, actor, point, count, cands, n, cands[idx]);
	log_decision(s, actor, point, count, cands[idx], idx != def);
	if (actor >= 0 && cands[idx] != actor && s->actors[actor].state == ACTOR_RUNNABLE)
		s->preemptions++;
	return cands[idx];
}

/* May the running actor @a be switched out here for one on its own CPU? */
static bool same_cpu_allowed(struct sched *s, const struct actor *a, enum point_kind kind)
{
	if (a->spin_depth)
		return false;		/* preemption is off under a spinlock */
	switch (s->preempt) {
	case MIGSIM_PREEMPT_FULL:
		return true;
	case MIGSIM_PREEMPT_VOLUNTARY:
		return kind != POINT_PLAIN;
	case MIGSIM_PREEMPT_NONE:
	default:
		return kind == POINT_RESCHED;
	}
}

static void raise_in_actor(enum sim_outcome kind, const char *fn, const char *fmt, ...)
	__printf(3, 4);
static void raise_in_actor(enum sim_outcome kind, const char *fn, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sim_raise(kind, fn, __FILE__, __LINE__, NULL, "%s", msg);
}

/*
 * The next step to stop at after the current one: the --break-at step
 * (SIGTRAP) or the world's step stop (migsim_stop_at()), whichever comes
 * first; 0 for none.  One compare on the hot path covers both.
 */
static unsigned long next_break(const struct sched *s)
{
	const struct world *w = s->w;
	unsigned long next = s->sigtrap_at > s->steps ? s->sigtrap_at : 0;

	if (w->stop_armed && w->stop.step > s->steps && (!next || w->stop.step < next))
		next = w->stop.step;
	return next;
}

/*
 * --break-at: stop a debugger here, in the actor that reached the step and
 * before anything is decided (docs/gdb.md).  Only when the user asked for
 * it; a process without a debugger or a SIGTRAP handler ends.  A step stop
 * (migsim_stop_at()) runs its callback here first, at the same moment.
 */
static void __attribute__((noinline)) sched_break(struct sched *s, const struct actor *a,
						  const char *point)
{
	struct world *w = s->w;

	if (w->stop_armed && w->stop.step == s->steps && w->stop.fn) {
		char where[96];

		snprintf(where, sizeof(where), "step %lu (actor %c at %s)", s->steps,
			 actor_letter(a->id), point);
		w->stop_where = where;
		w->stop.fn((struct migsim_world *)w, where, w->stop.arg);
		w->stop_where = NULL;
	}
	s->break_at = next_break(s);
	if (s->steps != s->sigtrap_at)
		return;
	/* The arguments are for `info args` and `up`: who, where, which step. */
	__asm__ volatile("" : : "r"(s), "r"(a), "r"(point) : "memory");
	raise(SIGTRAP);
}

void sched_point_slow(const char *name)
{
	struct sched *s = S();
	struct actor *a;
	unsigned int point, count;
	int cands[SCHED_MAX_ACTORS], n = 0, def = 0, i, chosen;
	enum point_kind kind;

	if (!s || !s->running || s->cur < 0)
		return;
	a = &s->actors[s->cur];
	point = intern(s, name);
	s->point_reached[point] = true;
	count = ++a->point_counts[point];
	if (++s->steps > s->step_limit)
		raise_in_actor(SIM_LIVELOCK, "schedule", "livelock: %lu scheduling points passed "
			       "and not every actor finished (step limit); actor %c (%s) is at %s",
			       s->step_limit, actor_letter(a->id), a->name, name);
	if (unlikely(s->steps == s->break_at))
		sched_break(s, a, name);
	kind = (enum point_kind)s->point_kind[point];
	for (i = 0; i < s->nr_actors; i++) {
		struct actor *b = &s->actors[i];

		if (b->state != ACTOR_RUNNABLE)
			continue;
		if (b == a || b->cpu != a->cpu || same_cpu_allowed(s, a, kind)) {
			if (b == a)
				def = n;
			cands[n++] = i;
		}
	}
	if (n < 2)
		return;
	chosen = decide(s, a->id, point, count, cands, n, def);
	if (chosen != a->id)
		switch_to(s, a->id, chosen);
}

/* A point passed while points are not armed (one actor): "sometimes"
 * assertions still see it reached; nothing is decided. */
void sched_mark_reached(const char *name)
{
	struct sched *s = S();

	if (s && s->running && s->cur >= 0)
		s->point_reached[intern(s, name)] = true;
}

/* Pick who runs after @from blocked or ended; -1 (main) when nobody can. */
static int pick_next(struct sched *s, int from, const char *why)
{
	int cands[SCHED_MAX_ACTORS], n = 0, i;
	unsigned int point, count;

	for (i = 0; i < s->nr_actors; i++)
		if (s->actors[i].state == ACTOR_RUNNABLE)
			cands[n++] = i;
	if (!n)
		return -1;
	if (n == 1)
		return cands[0];
	point = intern(s, why);
	count = from >= 0 ? ++s->actors[from].point_counts[point] : 1;
	return decide(s, from, point, count, cands, n, 0);
}

bool sched_fault(const char *name)
{
	struct sched *s = S();
	struct actor *a;
	unsigned int point, count;
	const struct sched_entry *e;
	bool inject;

	if (!s || !s->running || s->cur < 0)
		return false;
	a = &s->actors[s->cur];
	point = intern(s, name);
	count = ++a->point_counts[point];
	if (strategy_is_replay(s->strategy) && !s->diverged) {
		e = replay_match(s, a->id, point, count);
		inject = e && e->chosen == -1;
		if (inject)
			s->replay_pos++;
	} else {
		if (!s->faults_left)
			return false;
		inject = strategy_fault(s->strategy, s);
	}
	if (!inject)
		return false;
	s->faults_left -= s->faults_left ? 1 : 0;
	log_decision(s, a->id, point, count, -1, true);
	return true;
}

/* ---- blocking, wake-up, progress ---- */

static const char *lock_name(const struct actor *a);

/* A lock wait as a slice in the Chrome trace: "wait spinlock split_queue_lock",
 * "wait folio lock pfn 0x10000". */
static bool trace_wait_begin(const struct actor *a)
{
	const char *name = lock_name(a);

	if (name)
		return trace_slice_begin("wait %s %s", a->wait_what, name);
	if (!strncmp(a->wait_what, "folio lock", 10) || !strncmp(a->wait_what, "page lock", 9))
		return trace_slice_begin("wait %s pfn %#lx", a->wait_what,
					 folio_pfn((const struct folio *)a->wait_obj));
	return trace_slice_begin("wait %s", a->wait_what);
}

void sched_block_on(const void *obj, const char *what)
{
	struct sched *s = S();
	struct actor *a = &s->actors[s->cur];
	bool waiting;
	int next;

	if (a->spin_depth && strncmp(what, "spinlock", 8))
		raise_in_actor(SIM_BUG, "__might_sleep", "BUG: sleeping function called from "
			       "invalid context: actor %c (%s) waits for %s while holding a "
			       "spinlock", actor_letter(a->id), a->name, what);
	a->state = ACTOR_BLOCKED;
	a->wait_obj = obj;
	a->wait_what = what;
	waiting = unlikely(s->w->trace.enabled) && trace_wait_begin(a);
	next = pick_next(s, a->id, "sleep");
	switch_to(s, a->id, next);
	if (waiting)
		trace_slice_end();
	a->wait_obj = NULL;
	a->wait_what = NULL;
}

void sched_wake(const void *obj)
{
	struct sched *s = S();
	int i;

	if (!s)
		return;
	for (i = 0; i < s->nr_actors; i++) {
		struct actor *b = &s->actors[i];

		if (b->state == ACTOR_BLOCKED && b->wait_obj == obj)
			b->state = ACTOR_RUNNABLE;
	}
}

void sched_retry(const char *fn, const char *loop)
{
	struct sched *s = S();
	struct actor *a;

	if (!s || !s->running || s->cur < 0)
		return;
	a = &s->actors[s->cur];
	a->retry_loop = loop;
	if (++a->retries > s->livelock_bound)
		raise_in_actor(SIM_LIVELOCK, fn, "livelock: actor %c (%s) retried %s %lu times "
			       "without progress", actor_letter(a->id), a->name, loop, a->retries);
}

void sched_progress(void)
{
	struct sched *s = S();

	if (s && s->running && s->cur >= 0)
		s->actors[s->cur].retries = 0;
}

/* ---- locks: holders, order, wait-for graph ---- */

void sched_lock_order(const char *held, const char *taken);

/*
 * Locks held, for lock order (lockdep-like) and for "preemption is off":
 * every nested pair of classes is recorded; spinlocks also count in
 * spin_depth, mutexes do not.
 */
static void lock_acquired(const char *cls, bool sleeping)
{
	struct sched *s = S();
	struct actor *a;
	int i;

	if (!s || !s->running || s->cur < 0)
		return;
	a = &s->actors[s->cur];
	for (i = 0; i < a->nr_held && i < (int)ARRAY_SIZE(a->held_locks); i++)
		sched_lock_order(a->held_locks[i], cls);
	if (a->nr_held < (int)ARRAY_SIZE(a->held_locks)) {
		a->held_locks[a->nr_held] = cls;
		a->held_sleeping[a->nr_held] = sleeping;
	}
	a->nr_held++;
	if (!sleeping)
		a->spin_depth++;
}

static void lock_released(const char *cls, bool sleeping)
{
	struct sched *s = S();
	struct actor *a;
	int i, n;

	if (!s || !s->running || s->cur < 0)
		return;
	a = &s->actors[s->cur];
	if (!a->nr_held)
		return;
	n = min(a->nr_held, (int)ARRAY_SIZE(a->held_locks));
	for (i = n - 1; i >= 0; i--) {
		if (a->held_locks[i] == cls && a->held_sleeping[i] == sleeping) {
			memmove(&a->held_locks[i], &a->held_locks[i + 1],
				(size_t)(n - i - 1) * sizeof(a->held_locks[0]));
			memmove(&a->held_sleeping[i], &a->held_sleeping[i + 1],
				(size_t)(n - i - 1) * sizeof(a->held_sleeping[0]));
			break;
		}
	}
	a->nr_held--;
	if (!sleeping && a->spin_depth)
		a->spin_depth--;
}

void sched_lock_acquired(const char *cls)
{
	lock_acquired(cls, false);
}

void sched_lock_released(const char *cls)
{
	lock_released(cls, false);
}

void sched_sleeping_lock_acquired(const char *cls)
{
	lock_acquired(cls, true);
}

void sched_sleeping_lock_released(const char *cls)
{
	lock_released(cls, true);
}

/*
 * Lock order, lockdep-style, over lock classes (a spinlock's name): nesting
 * B inside A records A->B; B->A seen later, by any actor, is an inversion,
 * reported even when this interleaving did not deadlock.
 */
void sched_lock_order(const char *held, const char *taken)
{
	struct sched *s = S();
	unsigned int i;

	if (!s || !s->running || !held || !taken || held == taken || !strcmp(held, taken))
		return;
	for (i = 0; i < s->nr_order; i++) {
		if (!strcmp(s->order_a[i], taken) && !strcmp(s->order_b[i], held))
			raise_in_actor(SIM_DEADLOCK, "lock_acquire", "possible circular locking "
				       "dependency: %s is taken inside %s here, and %s inside %s "
				       "elsewhere", taken, held, held, taken);
		if (!strcmp(s->order_a[i], held) && !strcmp(s->order_b[i], taken))
			return;
	}
	if (s->nr_order < ARRAY_SIZE(s->order_a)) {
		s->order_a[s->nr_order] = held;
		s->order_b[s->nr_order] = taken;
		s->nr_order++;
	}
}

void sched_folio_locked(const void *folio)
{
	struct sched *s = S();

	if (!s || !s->running || s->cur < 0 || s->nr_held == ARRAY_SIZE(s->held_obj))
		return;
	s->held_obj[s->nr_held] = folio;
	s->held_by[s->nr_held] = s->cur;
	s->nr_held++;
}

void sched_folio_unlocked(const void *folio)
{
	struct sched *s = S();
	unsigned int i;

	if (!s || !s->running)
		return;
	for (i = 0; i < s->nr_held; i++) {
		if (s->held_obj[i] == folio) {
			s->held_obj[i] = s->held_obj[--s->nr_held];
			s->held_by[i] = s->held_by[s->nr_held];
			break;
		}
	}
	sched_wake(folio);
}

static int holder_of(struct sched *s, const struct actor *waiter)
{
	unsigned int i;

	if (waiter->wait_what && !strcmp(waiter->wait_what, "rwsem")) {
		const struct rw_semaphore *sem = waiter->wait_obj;
		int j;

		if (sem->writer)
			return sem->writer_actor;
		for (j = 0; j < s->nr_actors && j < (int)sizeof(sem->reader_actors); j++)
			if (sem->reader_actors[j] && j != waiter->id)
				return j;	/* one of the readers */
		return -1;
	}
	if (waiter->wait_what && !strcmp(waiter->wait_what, "mutex")) {
		const struct mutex *m = waiter->wait_obj;

		return m->locked ? m->actor : -1;
	}
	if (waiter->wait_what && !strncmp(waiter->wait_what, "spinlock", 8)) {
		const spinlock_t *l = waiter->wait_obj;	/* records its holder */

		return l->locked && l->actor >= 0 && l->actor < s->nr_actors ? l->actor : -1;
	}
	for (i = 0; i < s->nr_held; i++)
		if (s->held_obj[i] == waiter->wait_obj)
			return s->held_by[i];
	return -1;
}

/* The class name of the lock @a waits on, when it has one. */
static const char *lock_name(const struct actor *a)
{
	if (!a->wait_what || !a->wait_obj)
		return NULL;
	if (!strcmp(a->wait_what, "rwsem"))
		return ((const struct rw_semaphore *)a->wait_obj)->name;
	if (!strncmp(a->wait_what, "spinlock", 8))
		return ((const spinlock_t *)a->wait_obj)->name;
	if (!strcmp(a->wait_what, "mutex"))
		return ((const struct mutex *)a->wait_obj)->name;
	return NULL;
}

/* Every actor blocked: a deadlock; describe who waits for what. */
static void report_deadlock(struct sched *s)
{
	char graph[512];
	size_t n = 0;
	int i;

	graph[0] = '\0';
	for (i = 0; i < s->nr_actors && n < sizeof(graph); i++) {
		struct actor *a = &s->actors[i];
		int h;

		if (a->state != ACTOR_BLOCKED)
			continue;
		h = holder_of(s, a);
		n += (size_t)snprintf(graph + n, sizeof(graph) - n, "%s%c (%s) waits for %s",
				      n ? "; " : "", actor_letter(i), a->name, a->wait_what);
		if (n < sizeof(graph) && lock_name(a))
			n += (size_t)snprintf(graph + n, sizeof(graph) - n, " %s", lock_name(a));
		if (n < sizeof(graph) && h >= 0)
			n += (size_t)snprintf(graph + n, sizeof(graph) - n, " held by %c",
					      actor_letter(h));
	}
	sim_raise(SIM_DEADLOCK, "schedule", __FILE__, __LINE__, NULL,
		  "deadlock: every actor is blocked: %s", graph);
}

/* ---- stale compound metadata ---- */

void sched_note_change(unsigned long pfn, unsigned long nr, const char *what)
{
	struct sched *s = sim_world->sched;
	struct sched_change *c;
	int i;

	if (!s || !s->running || s->cur < 0)
		return;
	c = &s->changes[s->nr_changes++ % ARRAY_SIZE(s->changes)];
	c->pfn = pfn;
	c->nr = nr;
	c->actor = s->cur;
	c->what = what;
	c->depth = min(sim_frames.depth, SIM_STACK_MAX);
	for (i = 0; i < c->depth; i++)
		snprintf(c->stack[i], sizeof(c->stack[i]), "%s", sim_frames.fn[i]);
}

/*
 * A read of page[@index] metadata through @head.  If @head is no longer
 * the head of a compound page that includes it, the reader holds a stale
 * view: report it with the stack of whoever changed the page.
 */
void sched_check_tail_read(const struct page *head, unsigned int index, const char *what)
{
	struct sched *s = sim_world->sched;
	unsigned long pfn = page_to_pfn(head);
	const struct sched_change *c = NULL;
	char other[400];
	size_t n = 0;
	unsigned int i;
	int k;

	if (!s || !s->running)
		return;
	if (PageHead(head) && folio_nr_pages((const struct folio *)head) > index)
		return;
	for (i = 0; i < min(s->nr_changes, (unsigned int)ARRAY_SIZE(s->changes)); i++) {
		const struct sched_change *x = &s->changes[i];

		if (pfn >= x->pfn && pfn < x->pfn + x->nr)
			c = x;
	}
	other[0] = '\0';
	if (c) {
		n = (size_t)snprintf(other, sizeof(other), "; it was %s by actor %c in", c->what,
				     actor_letter(c->actor));
		for (k = 0; k < c->depth && n < sizeof(other); k++)
			n += (size_t)snprintf(other + n, sizeof(other) - n, "%s %s", k ? " >" : "",
					      c->stack[k]);
	}
	sim_raise(SIM_INVARIANT, sim_frames.depth > 0 && sim_frames.depth <= SIM_STACK_MAX ?
		  sim_frames.fn[sim_frames.depth - 1] : "stale_read", __FILE__, __LINE__, head,
		  "stale metadata: %s read page[%u] of pfn %#lx, which is no longer part of "
		  "that compound page%s", what, index, pfn, other);
}

/* ---- actors ---- */

static void actor_main(void *arg)
{
	struct actor *a = arg;
	struct sched *s = sim_world->sched;
	int next;

	a->started = true;
	a->fn((struct migsim_world *)s->w, a->arg);
	a->state = ACTOR_DONE;
	next = pick_next(s, a->id, "exit");
	save_state(s, a->id);
	load_state(s, next);
	coro_exit_to(&a->coro, coro_of(s, next));
}

/* A report in an actor: back to the main context, which unwinds. */
void sched_actor_raise(void)
{
	struct sched *s = sim_world->sched;
	int me = s->cur;

	s->finished = true;
	save_state(s, me);
	load_state(s, -1);
	coro_switch(&s->actors[me].coro, &s->main);
	__builtin_trap();	/* the run is over: nothing switches back */
}

int sched_create(struct world *w)
{
	struct sched *s;

	if (w->sched)
		return 0;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->w = w;
	s->cur = -1;
	w->sched = s;
	return 0;
}

void sched_destroy(struct world *w)
{
	struct sched *s = w->sched;
	unsigned int i;
	int j;

	if (!s)
		return;
	for (j = 0; j < s->nr_actors; j++) {
		coro_destroy(&s->actors[j].coro);
		free(s->actors[j].point_counts);
	}
	for (i = 0; i < s->nr_points; i++)
		free(s->point_name[i]);
	free(s->log);
	free(s->replay);
	free(s);	/* the strategy belongs to whoever ran the actors */
	w->sched = NULL;
}

int sched_add_actor(struct world *w, const char *name, struct task_struct *task,
		    migsim_actor_fn fn, void *arg)
{
	struct sched *s;
	struct actor *a;
	int ret = sched_create(w);

	if (ret)
		return ret;
	s = w->sched;
	if (s->nr_actors == SCHED_MAX_ACTORS)
		return sim_error(w, -ENOSPC, "at most %d actors", SCHED_MAX_ACTORS);
	a = &s->actors[s->nr_actors];
	memset(a, 0, sizeof(*a));
	a->id = s->nr_actors;
	snprintf(a->name, sizeof(a->name), "%s", name ? name : "actor");
	a->task = task;
	a->cpu = task->cpu;
	a->fn = fn;
	a->arg = arg;
	a->point_counts = calloc(SCHED_MAX_POINTS, sizeof(unsigned int));
	if (!a->point_counts || coro_init(&a->coro, SCHED_STACK_SIZE, actor_main, a)) {
		free(a->point_counts);
		return sim_error(w, -ENOMEM, "out of host memory for an actor");
	}
	s->nr_actors++;
	return a->id;
}

/*
 * Run every actor to the end.  Called inside SIM_RUN on the main stack:
 * reports raised here (deadlock, livelock seen from main) unwind normally;
 * a report raised inside an actor has already filled w->report and switched
 * back here.
 */
int sched_run(struct world *w, struct strategy *st, enum migsim_preempt preempt,
	      unsigned int max_faults, unsigned long step_limit, unsigned long livelock_bound)
{
	struct sched *s = w->sched;
	int first, i;

	s->strategy = st;
	s->preempt = preempt;
	s->faults_left = max_faults;
	s->step_limit = step_limit;
	s->livelock_bound = livelock_bound;
	s->running = true;
	s->cur = -1;
	s->sigtrap_at = s->break_at;	/* as run_once() set it: --break-at */
	s->break_at = next_break(s);
	coro_init_main(&s->main);
	for (i = 0; i < s->nr_actors; i++)
		s->actors[i].state = ACTOR_RUNNABLE;
	w->points_armed = w->nr_hooks || s->nr_actors > 1;
	first = pick_next(s, -1, "start");
	if (first >= 0)
		switch_to(s, -1, first);
	/* Here when every actor has ended or blocked, or a report fired. */
	s->running = false;
	w->points_armed = w->hooks_armed;
	if (w->crashed)
		return -ENOTRECOVERABLE;
	/* A run that ended cleanly with entries left over never reached
	 * them: say so rather than pretend the schedule was followed. */
	if (s->replay_pos < s->nr_replay && !s->diverged) {
		const struct sched_entry *e = &s->replay[s->replay_pos];

		diverge(s, "replay diverged at entry %zu (%c@%s#%u): the run ended without "
			"reaching it", s->replay_pos + 1, actor_letter(e->actor), e->point,
			e->count);
	}
	for (i = 0; i < s->nr_actors; i++)
		if (s->actors[i].state == ACTOR_BLOCKED) {
			s->running = true;
			report_deadlock(s);
		}
	return 0;
}

/* ---- schedule strings ---- */

int sched_schedule_string(const struct sched *s, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "v1");
	size_t i;
	int nondefault = 0;

	if (n >= len)
		return -ENOSPC;
	for (i = 0; i < s->nr_log; i++) {
		const struct sched_decision *d = &s->log[i];
		size_t m;

		if (d->chosen < 0)
			m = (size_t)snprintf(buf + n, len - n, ";%c@%s#%u!", actor_letter(d->actor),
					     s->point_name[d->point], d->count);
		else
			m = (size_t)snprintf(buf + n, len - n, ";%c@%s#%u>%c",
					     actor_letter(d->actor), s->point_name[d->point],
					     d->count, actor_letter(d->chosen));
		if (n + m >= len) {
			buf[n] = '\0';	/* whole entries only */
			return -ENOSPC;
		}
		n += m;
		nondefault++;
	}
	if (s->log_overflow)
		return -ENOSPC;
	return nondefault;
}

int sched_parse_schedule(const char *str, struct sched_entry **out, size_t *nr,
			 char *err, size_t errlen)
{
	struct sched_entry *v = NULL;
	size_t cap = 0, n = 0;
	const char *p = str;

	*out = NULL;
	*nr = 0;
	if (!str || !*str)
		return 0;
	if (strncmp(p, "v1", 2) || (p[2] && p[2] != ';')) {
		snprintf(err, errlen, "schedule '%.40s' does not start with the version tag v1", str);
		return -EINVAL;
	}
	p += 2;
	while (*p == ';') {
		struct sched_entry e;
		const char *at, *hash;
		size_t plen;
		char *end;

		p++;
		memset(&e, 0, sizeof(e));
		if (*p == '-')
			e.actor = -1;
		else if (*p >= 'A' && *p < 'A' + SCHED_MAX_ACTORS)
			e.actor = *p - 'A';
		else
			goto bad;
		at = p + 1;
		if (*at != '@')
			goto bad;
		hash = strchr(at, '#');
		if (!hash || (size_t)(hash - at - 1) >= sizeof(e.point) || hash == at + 1)
			goto bad;
		plen = (size_t)(hash - at - 1);
		memcpy(e.point, at + 1, plen);
		e.point[plen] = '\0';
		{
			/* Digits only: strtoul() would take a sign or blanks. */
			unsigned long c;

			if (hash[1] < '0' || hash[1] > '9')
				goto bad;
			errno = 0;
			c = strtoul(hash + 1, &end, 10);
			if (errno || !c || c > UINT_MAX)
				goto bad;
			e.count = (unsigned int)c;
		}
		if (*end == '!') {
			e.chosen = -1;
			end++;
		} else if (*end == '>' && end[1] >= 'A' && end[1] < 'A' + SCHED_MAX_ACTORS) {
			e.chosen = end[1] - 'A';
			end += 2;
		} else {
			goto bad;
		}
		if (n == cap) {
			struct sched_entry *nv;

			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				return -ENOMEM;
			}
			v = nv;
		}
		v[n++] = e;
		p = end;
		continue;
bad:
		snprintf(err, errlen, "schedule entry %zu ('%.30s') is not ACTOR@POINT#N>ACTOR or "
			 "ACTOR@POINT#N!", n + 1, p);
		free(v);
		return -EINVAL;
	}
	if (*p) {
		snprintf(err, errlen, "schedule: unexpected '%.20s' after entry %zu", p, n);
		free(v);
		return -EINVAL;
	}
	*out = v;
	*nr = n;
	return 0;
}
