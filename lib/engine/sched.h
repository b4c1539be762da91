/* SPDX-License-Identifier: MIT */
/*
 * Actors and the deterministic scheduler.
 *
 * An actor is a simulated task on a simulated CPU running ordinary C (the
 * public API, or model code) on a coroutine.  Model code reaches named
 * scheduling points (sched_point()); at each one the scheduler may switch
 * to another actor, subject to the preemption model and to which CPU each
 * actor is on.  Where more than one actor could run, that is a decision,
 * made by a strategy and recorded in the schedule.
 *
 * Invariants:
 *  - Exactly one actor (or the main context) runs at a time; switching is
 *    cooperative, at points only, so every run is a pure function of the
 *    world, the actors and the decisions.
 *  - The default decision is "keep running the current actor" (or, when it
 *    blocks or ends, the lowest-numbered runnable one).  A schedule string
 *    lists only the other decisions, keyed by actor, point name and how
 *    many times that actor had reached that point: "A@cond_resched#2>B".
 *  - A report raised in an actor switches back to the main context, which
 *    unwinds there: a longjmp never crosses stacks.
 */
#ifndef MIGSIM_ENGINE_SCHED_H
#define MIGSIM_ENGINE_SCHED_H

#include <migsim/migsim.h>
#include "coro.h"
#include "world.h"

#define SCHED_MAX_ACTORS	8
#define SCHED_MAX_POINTS	256	/* distinct point names per run */
#define SCHED_STACK_SIZE	(256 * 1024)
#define SCHED_LOG_MAX		4096	/* logged decisions kept per run */

enum actor_state {
	ACTOR_RUNNABLE,
	ACTOR_BLOCKED,
	ACTOR_DONE,
};

struct actor {
	int id;
	char name[24];
	struct task_struct *task;
	struct task_struct *cur_task;	/* `current` while switched out (an API
					 * call may run as another task) */
	int cpu;
	struct coro coro;
	migsim_actor_fn fn;
	void *arg;
	enum actor_state state;
	const void *wait_obj;		/* what it sleeps on (a folio, a lock) */
	const char *wait_what;
	int spin_depth;			/* spinlocks held: preemption is off */
	int nr_held;			/* locks held: spinlocks and mutexes */
	const char *held_locks[8];	/* their classes, for lock order */
	bool held_sleeping[8];		/* a mutex, not a spinlock */
	/* Engine state that belongs to whoever runs (saved on a switch). */
	jmp_buf *entry;
	int entry_depth;
	struct sim_frames frames;
	/* Occurrences of each point, for keyed schedules. */
	unsigned int *point_counts;	/* [SCHED_MAX_POINTS] */
	/* Livelock detection: retries of a named loop without progress. */
	unsigned long retries;
	const char *retry_loop;
	/* The actor's stack of kernel functions when it last changed a
	 * folio's compound state (for stale-read reports). */
	bool started;
};

/* A decision a schedule string records: 16 bytes, as a random run logs
 * about one per two steps. */
struct sched_decision {
	unsigned long step;		/* the step it was taken at (0: start) */
	unsigned int count;		/* occurrence of that point for that actor */
	unsigned short point;		/* interned point id (< SCHED_MAX_POINTS) */
	signed char actor;		/* who was running; -1: the main context */
	signed char chosen;		/* actor chosen, or -1 for "inject the fault" */
};

/* A schedule entry parsed from a string. */
struct sched_entry {
	int actor;
	char point[48];
	unsigned int count;
	int chosen;			/* -1: fault */
};

struct strategy;

/* A compound-state change, for the stale-metadata detector. */
struct sched_change {
	unsigned long pfn, nr;
	int actor;
	const char *what;		/* "dissolved", "split", "freed" */
	char stack[SIM_STACK_MAX][48];
	int depth;
};

struct sched {
	struct world *w;
	struct actor actors[SCHED_MAX_ACTORS];
	int nr_actors;
	int cur;			/* running actor, or -1 for main */
	struct coro main;
	enum migsim_preempt preempt;
	struct strategy *strategy;
	bool running;
	bool finished;			/* every actor done, or the run ended */
	/* Interned point names. */
	const char *point_ptr[SCHED_MAX_POINTS];	/* one pointer per name seen */
	char *point_name[SCHED_MAX_POINTS];
	unsigned int nr_points;
	bool point_reached[SCHED_MAX_POINTS];
	const char *ptr_cache[64];
	unsigned int ptr_cache_id[64];
	unsigned char point_kind[SCHED_MAX_POINTS];
	/* The decisions that differ from the default (and every fault): the
	 * schedule they spell.  Counts of all of them. */
	struct sched_decision *log;
	size_t nr_log, cap_log;
	unsigned long nr_decisions, nr_faults;
	bool log_overflow;		/* past SCHED_LOG_MAX: not replayable */
	unsigned long steps;		/* points passed while >1 actor existed */
	unsigned long step_limit;
	unsigned long livelock_bound;
	unsigned long break_at;		/* next step to stop at (0: never) */
	unsigned long sigtrap_at;	/* SIGTRAP at this step (0: never) */
	unsigned int faults_left;
	unsigned int preemptions;
	/* Replay. */
	struct sched_entry *replay;
	size_t nr_replay, replay_pos;
	bool diverged;
	char diverged_msg[160];
	/* Lock order (lockdep-like): pairs of lock classes seen nested. */
	const char *order_a[64], *order_b[64];
	unsigned int nr_order;
	/* Stale-metadata detector. */
	struct sched_change changes[8];
	unsigned int nr_changes;
	/* Held folio locks, for the wait-for graph. */
	const void *held_obj[32];
	int held_by[32];
	unsigned int nr_held;
};

/* lib/engine/sched.c */
int sched_create(struct world *w);
void sched_destroy(struct world *w);
int sched_add_actor(struct world *w, const char *name, struct task_struct *task,
		    migsim_actor_fn fn, void *arg);
int sched_run(struct world *w, struct strategy *s, enum migsim_preempt preempt,
	      unsigned int max_faults, unsigned long step_limit, unsigned long livelock_bound);
void sched_point_slow(const char *name);
bool sched_fault(const char *name);
void sched_block_on(const void *obj, const char *what);
void sched_wake(const void *obj);
void sched_retry(const char *fn, const char *loop);
void sched_progress(void);
void sched_note_change(unsigned long pfn, unsigned long nr, const char *what);
void sched_check_tail_read(const struct page *head, unsigned int index, const char *what);
void sched_lock_acquired(const char *cls);
void sched_sleeping_lock_acquired(const char *cls);
void sched_sleeping_lock_released(const char *cls);
void sched_lock_released(const char *cls);
void sched_folio_locked(const void *folio);
void sched_folio_unlocked(const void *folio);
/* Is the code running in an actor (not the main context)? */
static inline bool sched_in_actor(void)
{
	struct sched *s = sim_world ? sim_world->sched : NULL;

	return s && s->running && s->cur >= 0;
}
int sched_current_actor(void);
void sched_mark_reached(const char *name);
void sched_actor_raise(void) __attribute__((noreturn));
int sched_schedule_string(const struct sched *s, char *buf, size_t len);
int sched_parse_schedule(const char *str, struct sched_entry **out, size_t *nr,
			 char *err, size_t errlen);

#endif
