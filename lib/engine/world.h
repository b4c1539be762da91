/* SPDX-License-Identifier: MIT */
/*
 * The simulated machine: everything the kernel keeps in globals (node data,
 * the memmap, vm events, hstates, the task list) lives in one struct world.
 *
 * Invariants:
 *  - No process-global mutable state.  The model reaches its world through
 *    the thread-local sim_world, which each public entry point sets (and
 *    restores) around the model code it runs; many worlds may exist, one
 *    active per thread at a time.
 *  - Every host allocation the world makes is owned by a table the world can
 *    walk on destroy without trusting model lists, so a world that ended in a
 *    BUG is still freed completely.
 *  - Nothing observable depends on host addresses or the wall clock.
 */
#ifndef MIGSIM_ENGINE_WORLD_H
#define MIGSIM_ENGINE_WORLD_H

#include <setjmp.h>
#include <stdio.h>
#include <migsim/migsim.h>
#include <linux/compiler.h>
#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/mmzone.h>
#include <linux/vmstat.h>
#include "profile.h"
#include "report.h"

#define PAGEVEC_SIZE 31
#define SIM_MAX_CPUS NR_CPUS

struct hstate;
struct world;
struct sched;

struct folio_batch {
	unsigned int nr;
	struct folio *folios[PAGEVEC_SIZE];
};

/* Per-CPU LRU caches (mm/swap.c cpu_fbatches). */
struct cpu_fbatches {
	struct folio_batch lru_add;
};

/* A one-shot action armed at a named point (the seed scenario uses one to
 * model a GUP-fast that grabs a page the moment a split frees it). */
struct sim_hook {
	const char *point;			/* static string, compared by pointer then by text */
	bool (*fn)(struct world *w, void *arg);	/* true: done, disarm */
	void *arg;
	bool fired;
};

struct sim_pin {
	struct list_head node;
	int id;
	unsigned long pfn;			/* the pinned base page */
	struct folio *folio;			/* the folio the reference was taken on */
	bool active;
};

/* What a trace entry is, beyond its ftrace text (lib/engine/trace.c). */
enum trace_kind {
	TRACE_EVENT,			/* a tracepoint or the model's own event */
	TRACE_SLICE_BEGIN,		/* tracing_mark_write: B|pid|name */
	TRACE_SLICE_END,		/* tracing_mark_write: E|pid */
	TRACE_COUNTER,			/* tracing_mark_write: C|pid|name|value */
};

struct trace_entry {
	u64 ts_ns;			/* simulated time */
	int pid;
	int cpu;
	char comm[TASK_COMM_LEN];
	const char *event;		/* "mm_migrate_pages", ... */
	char *fields;			/* formatted as the kernel's TP_printk */
	unsigned char kind;		/* enum trace_kind */
	signed char actor;		/* the actor that ran, -1: main context */
};

#define TRACE_NR_COUNTERS	7
#define SIM_INFLIGHT_SLOTS	9		/* main context + SCHED_MAX_ACTORS */

struct trace_buf {
	struct trace_entry *entries;
	size_t nr, cap;
	bool enabled;
	long counters[TRACE_NR_COUNTERS];	/* last values recorded (C entries) */
	bool counters_seen;
	int open[SIM_INFLIGHT_SLOTS];		/* slices open per actor (0: main) */
	u64 last_event_ns;			/* markers are stamped after it */
	unsigned int marks;			/* markers since that event */
	bool events_seen;
};

/*
 * The lists of a migrate_pages_batch() call in flight, so that a picture
 * taken while the run is stopped can draw them (lib/engine/dot.c).  Lives
 * on that call's stack; the world keeps one chain per actor (index 0: the
 * main context), innermost call first.  Only recorded when
 * world.track_lists is set.
 */
struct sim_migrate_lists {
	const char *fn;
	struct list_head *from, *ret_folios, *unmap_folios, *dst_folios, *split_folios;
	int pid;
	int slot;				/* index into world.inflight */
	struct sim_migrate_lists *outer;
};


struct world {
	u64 seed;
	struct kernel_profile profile;
	bool thp_migration_supported;		/* CONFIG_ARCH_ENABLE_THP_MIGRATION */
	bool panic_on_warn;			/* a WARN ends the run (default) */
	bool checks;				/* simulator self-checks (off in benchmarks) */

	/* Topology. */
	int nr_nodes;
	pg_data_t *node_data[MAX_NUMNODES];
	u64 node_memory_mask;			/* N_MEMORY */
	int nr_cpus;
	int cpu_to_node[SIM_MAX_CPUS];
	struct cpu_fbatches cpu_batches[SIM_MAX_CPUS];
	int lru_disable_count;

	/* Memmap, virtually contiguous as SPARSEMEM_VMEMMAP (lib/mm/sparse.c). */
	struct page *vmemmap;
	u64 *tokens;				/* content token of each base page */
	unsigned char *gib_to_node;		/* node of each 1 GiB of pfns */
	unsigned char *memmap_mib_to_node;	/* node of each 1 MiB of the memmap */
	unsigned long *section_written;		/* 2 MiB memmap sections ever written */
	unsigned long nr_sections_written;
	unsigned long max_pfn;
	unsigned long zero_pfn;
	struct page *zero_page;

	/* Hugetlb. */
	struct hstate *hstates[2];
	unsigned int nr_hstates;
	spinlock_t hugetlb_lock;

	/* Tasks and memory objects. */
	struct list_head tasks;
	struct task_struct *current_task;	/* the task running model code */
	struct task_struct *idle_task;		/* runs world-level operations */
	int next_pid;
	unsigned int next_obj_id;
	struct list_head mappings;		/* address_space objects */
	struct anon_vma **anon_vmas;		/* every anon_vma, for teardown */
	size_t nr_anon_vmas, cap_anon_vmas;

	/* GUP-style extra references held on behalf of the user. */
	struct list_head pins;
	int next_pin_id;

	/* Counters. */
	long vm_events[NR_VM_EVENT_ITEMS];

	/* Memory tiering (lib/mm/memory-tiers.c, vmscan.c, api_tiering.c). */
	int top_tier_adistance;			/* memory-tiers.c top_tier_adistance */
	bool numa_demotion_enabled;		/* /sys/kernel/mm/numa/demotion_enabled */
	unsigned int numa_balancing_mode;	/* sysctl kernel.numa_balancing */
	unsigned int numa_balancing_hot_threshold;	/* ms */
	unsigned int numa_balancing_promote_rate_limit;	/* MB/s */
	unsigned int numa_balancing_scan_period_max;	/* ms */
	unsigned int tiering_now_ms;		/* jiffies_to_msecs(jiffies) of the tiering clock */
	u64 demotion_rng;			/* node_random() stream, from the seed */

	/* Time and trace. */
	u64 clock_ns;
	struct trace_buf trace;

	/* Pictures (lib/engine/dot.c): migration lists in flight, recorded
	 * while a stop is armed (migsim_stop_at()). */
	bool track_lists;
	struct sim_migrate_lists *inflight[SIM_INFLIGHT_SLOTS];
	struct migsim_stop stop;		/* a copy; stop_armed says it is set */
	bool stop_armed;
	unsigned int stop_hits;			/* occurrences of stop.point so far */
	const char *stop_where;			/* while the stop's callback runs */

	/* Named points: a cheap check when nothing is armed. */
	struct sim_hook hooks[8];
	unsigned int nr_hooks;
	bool hooks_armed;
	bool points_armed;		/* hooks armed, or several actors running */
	bool in_hook;
	struct sched *sched;		/* actors and their scheduler, if any */
	enum migsim_preempt preempt;

	/* Runs end in a report; the host never aborts. */
	jmp_buf *entry;			/* where a report unwinds to */
	int entry_depth;
	bool crashed;
	/* The caller's callback running now ("get_new_folio", ...), or NULL:
	 * while it runs, a public call that would run model code on this
	 * world is refused (sim_entry_begin()); reads are allowed. */
	const char *in_callback;
	struct sim_report report;
	struct migsim_report pub_report;	/* migsim_last_report() view of it */
	const char *pub_stack[SIM_STACK_MAX];
	char errmsg[512];


	/* Host memory accounting (bytes the world holds). */
	size_t host_bytes;

	/* migsim_vmstat_delta() baseline: events then node stats. */
	long vmstat_baseline[NR_VM_EVENT_ITEMS + NR_VM_NODE_STAT_ITEMS];

	/* Story log for readable scenario output (optional). */
	FILE *story;
};

extern __thread struct world *sim_world __attribute__((tls_model("initial-exec")));

/*
 * The node of a struct page, for page_to_nid().  A GiB of pfns (nodes start
 * on GiB boundaries) has 2^18 struct pages of 56 bytes: 14 MiB of memmap, a
 * whole number of MiB.  So a struct page's byte offset in the memmap names
 * its node as well as its pfn does, with a shift where page_to_pfn() needs
 * a divide by 56 (a multiply).
 */
#define MEMMAP_MIB_SHIFT	20
_Static_assert(((sizeof(struct page) << HPAGE_PUD_ORDER) & ((1UL << MEMMAP_MIB_SHIFT) - 1)) == 0,
	       "a GiB of pfns is a whole number of MiB of memmap");

static __always_inline int memmap_page_nid(const struct page *page)
{
	unsigned long off = (unsigned long)page - (unsigned long)sim_world->vmemmap;

	return sim_world->memmap_mib_to_node[off >> MEMMAP_MIB_SHIFT];
}

#define current (sim_world->current_task)

/* The CPU the current task runs on, and its node (CPU 0 when no task is
 * current, which model code never sees). */
static __always_inline int smp_processor_id(void)
{
	return current ? current->cpu : 0;
}

static __always_inline int numa_node_id(void)
{
	return sim_world->cpu_to_node[smp_processor_id()];
}
#define NODE_DATA(nid) (sim_world->node_data[(nid)])
#define kprofile (&sim_world->profile)

/* Host allocations owned by the world (counted in host_bytes). */
void *sim_zalloc(size_t size);
void *sim_realloc(void *p, size_t old_size, size_t new_size);
void sim_free(void *p, size_t size);
/* A zeroed, 4 KiB-aligned host page (page tables); free with sim_free(p, PAGE_SIZE). */
void *sim_zalloc_page(void);
char *sim_strdup(const char *s);

void sim_run_point(const char *name);

/* A named scheduling point.  Nothing happens unless a hook is armed (and,
 * with the actor scheduler, where the scheduler may switch). */
static __always_inline void sched_point(const char *name)
{
	if (unlikely(sim_world->points_armed))
		sim_run_point(name);
}

/* The scheduler's side of locks and faults (lib/engine/sched.c). */
void sched_lock_acquired(const char *cls);
void sched_lock_released(const char *cls);
int sched_current_actor(void);
void sched_wake(const void *obj);
bool sched_fault(const char *name);

/* A fault the schedule may inject here (always false without actors). */
static __always_inline bool sim_fault(const char *name)
{
	return unlikely(sim_world->points_armed) && sched_fault(name);
}

static __always_inline int sim_current_pid(void)
{
	return sim_world->current_task ? sim_world->current_task->pid : -1;
}

/*
 * Locks.  With no hook armed and no other actor, nothing can wait on a lock
 * or run at its scheduling points, so taking a free lock is recording who
 * holds it; everything else (actors, hooks, a lock in the wrong state)
 * goes to the out-of-line halves in lib/engine/locking.c, which run the
 * scheduling points and the checks.
 */
/* Record the holder of a lock taken with no actors or hooks about.  Model
 * code always runs as a task (the world's idle task when no caller is
 * named), so current is never NULL here. */
static __always_inline void spin_mark_held(spinlock_t *lock)
{
	lock->locked = true;
	lock->owner = current->pid;
	lock->actor = -1;
}

static __always_inline void spin_lock(spinlock_t *lock)
{
	if (unlikely(sim_world->points_armed || lock->locked)) {
		spin_lock_slow(lock);
		return;
	}
	spin_mark_held(lock);
}

static __always_inline bool spin_trylock(spinlock_t *lock)
{
	if (unlikely(sim_world->points_armed))
		return spin_trylock_slow(lock);
	if (lock->locked)
		return false;
	spin_mark_held(lock);
	return true;
}

/* The owner is only read while the lock is held (a self-deadlock report),
 * so a release leaves it. */
static __always_inline void spin_unlock(spinlock_t *lock)
{
	if (unlikely(sim_world->points_armed || !lock->locked)) {
		spin_unlock_slow(lock);
		return;
	}
	lock->locked = false;
}

static __always_inline void down_read(struct rw_semaphore *sem)
{
	if (unlikely(sim_world->points_armed || sem->writer)) {
		down_read_slow(sem);
		return;
	}
	sem->readers++;
}

static __always_inline void up_read(struct rw_semaphore *sem)
{
	if (unlikely(sim_world->points_armed || sem->readers <= 0)) {
		up_read_slow(sem);
		return;
	}
	sem->readers--;
}

static __always_inline bool spin_is_locked(const spinlock_t *lock)
{
	return lock->locked;
}

static __always_inline void cond_resched(void)
{
	sched_point("cond_resched");
}

static inline bool node_state_memory(int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES && (sim_world->node_memory_mask >> nid) & 1;
}

#define for_each_online_node(nid) \
	for (nid = 0; nid < sim_world->nr_nodes; nid++)

/* A line of the readable story, when the run has one (not kernel output). */
void sim_story(const char *fmt, ...) __printf(1, 2);

/* Set the world's error message (returned by migsim_strerror-style calls). */
int sim_error(struct world *w, int err, const char *fmt, ...) __printf(3, 4);

#endif
