/* SPDX-License-Identifier: MIT */
/*
 * Trace sink: records tracepoints into the world's trace buffer and writes
 * ftrace text.
 *
 * Each recorded event is stamped with the world's simulated clock, which
 * then moves on by 1 µs, so timestamps are strictly increasing and the same
 * on every run.  The Chrome trace's markers (slices, counters: see
 * trace.h) share the buffer, are stamped in the nanoseconds between two
 * events (trace_stamp()), and are left out of the ftrace text.  The fields are formatted when the event fires, with the
 * kernel's TP_printk format, so the buffer holds exactly the text the
 * kernel's trace file would show and nothing refers back to model objects.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <linux/migrate.h>
#include <trace/events/migrate.h>
#include "sched.h"
#include "trace.h"

_Static_assert(SIM_INFLIGHT_SLOTS == SCHED_MAX_ACTORS + 1,
	       "one chain of lists in flight per actor, and one for the main context");

#define TRACE_NS_PER_EVENT	1000ULL
#define TRACE_INITIAL_CAP	64

/*
 * The timestamp of an entry of @kind, moving the clock on.  An event takes
 * the clock (rounded up to a whole microsecond) and moves it 1 µs on, so
 * events are 1 µs apart, as before markers existed.  A marker (slice or
 * counter: the Chrome trace's structure) takes the nanoseconds after the
 * last event, which leaves the events' timestamps alone; only markers
 * before the first event, or more than 999 after one event, take the clock
 * itself and so push the next event to the next microsecond.  No two
 * entries share a timestamp.
 */
static u64 trace_stamp(struct trace_buf *t, enum trace_kind kind)
{
	u64 *clock = &sim_world->clock_ns, ts;

	if (kind != TRACE_EVENT) {
		if (t->events_seen && t->marks < TRACE_NS_PER_EVENT - 1 &&
		    t->last_event_ns + TRACE_NS_PER_EVENT == *clock)
			return t->last_event_ns + ++t->marks;
		return (*clock)++;
	}
	ts = (*clock + TRACE_NS_PER_EVENT - 1) / TRACE_NS_PER_EVENT * TRACE_NS_PER_EVENT;
	*clock = ts + TRACE_NS_PER_EVENT;
	t->last_event_ns = ts;
	t->marks = 0;
	t->events_seen = true;
	return ts;
}

/* Record one entry of @kind; the fields are @fmt formatted with @ap. */
static void trace_vrecord(enum trace_kind kind, const char *event, const char *fmt, va_list ap)
{
	struct trace_buf *t = &sim_world->trace;
	const struct task_struct *task = current;
	struct trace_entry *e;
	char small[192];
	char *fields;
	va_list ap2;
	int n;

	/* The tracepoint macros test this already; callers that record the
	 * model's own events directly get the same "off costs nothing", and
	 * an untraced run's clock never moves. */
	if (!t->enabled)
		return;

	if (t->nr == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : TRACE_INITIAL_CAP;
		void *p = sim_realloc(t->entries, t->cap * sizeof(*e), cap * sizeof(*e));

		if (!p)
			goto tick;	/* out of host memory: lose the event, keep time */
		t->entries = p;
		t->cap = cap;
	}

	/* Most events fit the stack buffer: one allocation of the exact size. */
	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		goto tick;
	if ((size_t)n < sizeof(small)) {
		fields = sim_strdup(small);
	} else {
		/* strlen(fields) + 1 == n + 1, as trace_free() assumes. */
		fields = sim_zalloc((size_t)n + 1);
		if (fields) {
			va_copy(ap2, ap);
			vsnprintf(fields, (size_t)n + 1, fmt, ap2);
			va_end(ap2);
		}
	}
	if (!fields)
		goto tick;

	e = &t->entries[t->nr++];
	e->ts_ns = trace_stamp(t, kind);
	e->event = event;
	e->fields = fields;
	e->kind = (unsigned char)kind;
	e->actor = (signed char)(sim_world->sched ? sched_current_actor() : -1);
	if (task) {
		e->pid = task->pid;
		e->cpu = task->cpu;
		memcpy(e->comm, task->comm, sizeof(e->comm));
		e->comm[sizeof(e->comm) - 1] = '\0';
	} else {
		/* What ftrace shows for pid 0. */
		e->pid = 0;
		e->cpu = 0;
		snprintf(e->comm, sizeof(e->comm), "%s", "<idle>");
	}
	return;
tick:
	trace_stamp(t, kind);
}

void trace_record(const char *event, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	trace_vrecord(TRACE_EVENT, event, fmt, ap);
	va_end(ap);
}

static void trace_mark(enum trace_kind kind, const char *fmt, ...) __printf(2, 3);
static void trace_mark(enum trace_kind kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	trace_vrecord(kind, "tracing_mark_write", fmt, ap);
	va_end(ap);
}

/* ---- slices and counters: atrace markers (B|pid|name, E|pid, C|pid|name|value) ---- */

const char *const trace_counter_names[TRACE_NR_COUNTERS] = {
	"pgmigrate_success", "pgmigrate_fail", "thp_migration_success",
	"thp_migration_fail", "thp_migration_split", "nr_isolated_anon", "nr_isolated_file",
};

static void read_counters(long v[TRACE_NR_COUNTERS])
{
	const struct world *w = sim_world;
	int nid;

	v[0] = w->vm_events[PGMIGRATE_SUCCESS];
	v[1] = w->vm_events[PGMIGRATE_FAIL];
	v[2] = w->vm_events[THP_MIGRATION_SUCCESS];
	v[3] = w->vm_events[THP_MIGRATION_FAIL];
	v[4] = w->vm_events[THP_MIGRATION_SPLIT];
	v[5] = v[6] = 0;
	for (nid = 0; nid < w->nr_nodes; nid++) {
		if (!w->node_data[nid])
			continue;
		v[5] += w->node_data[nid]->vm_stat[NR_ISOLATED_ANON];
		v[6] += w->node_data[nid]->vm_stat[NR_ISOLATED_FILE];
	}
}

void trace_counters_sample(void)
{
	struct trace_buf *t = &sim_world->trace;
	long v[TRACE_NR_COUNTERS];
	int i;

	if (!t->enabled)
		return;
	read_counters(v);
	for (i = 0; i < TRACE_NR_COUNTERS; i++) {
		if (t->counters_seen && v[i] == t->counters[i])
			continue;
		t->counters[i] = v[i];
		trace_mark(TRACE_COUNTER, "C|%d|%s|%ld", sim_current_pid() < 0 ? 0 :
			   sim_current_pid(), trace_counter_names[i], v[i]);
	}
	t->counters_seen = true;
}

/* Which chain of open slices (and of lists in flight) the code running
 * now belongs to: 0 for the main context, 1 + the actor's id. */
static int trace_slot(void)
{
	int slot = sim_world->sched ? sched_current_actor() + 1 : 0;

	return slot >= 0 && slot < SIM_INFLIGHT_SLOTS ? slot : 0;
}

bool trace_slice_begin(const char *fmt, ...)
{
	char name[128];
	va_list ap;
	size_t before;

	if (!sim_world->trace.enabled)
		return false;
	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	trace_counters_sample();
	before = sim_world->trace.nr;
	trace_mark(TRACE_SLICE_BEGIN, "B|%d|%s", sim_current_pid() < 0 ? 0 : sim_current_pid(),
		   name);
	/* Lost (no host memory): no end is due, or the nesting would break. */
	if (sim_world->trace.nr == before)
		return false;
	sim_world->trace.open[trace_slot()]++;
	return true;
}

void trace_slice_end(void)
{
	int *open = &sim_world->trace.open[trace_slot()];

	trace_mark(TRACE_SLICE_END, "E|%d", sim_current_pid() < 0 ? 0 : sim_current_pid());
	if (*open > 0)
		(*open)--;
	trace_counters_sample();
}

bool trace_caller_slice_begin(void)
{
	char name[128];
	size_t n = 0;
	int i, outer = min(sim_frames.depth, SIM_STACK_MAX) - 1;

	if (!sim_world->trace.enabled || sim_world->trace.open[trace_slot()] || outer <= 0)
		return false;
	name[0] = '\0';
	for (i = 0; i < outer && n < sizeof(name); i++)
		n += (size_t)snprintf(name + n, sizeof(name) - n, "%s%s", i ? " > " : "",
				      sim_frames.fn[i]);
	return trace_slice_begin("%s", name);
}

/* ---- migration lists in flight, for pictures ---- */

struct sim_migrate_lists *trace_lists_push(struct sim_migrate_lists *l, const char *fn,
					   struct list_head *from, struct list_head *ret_folios,
					   struct list_head *unmap_folios,
					   struct list_head *dst_folios,
					   struct list_head *split_folios)
{
	struct world *w = sim_world;
	int slot = trace_slot();

	l->fn = fn;
	l->from = from;
	l->ret_folios = ret_folios;
	l->unmap_folios = unmap_folios;
	l->dst_folios = dst_folios;
	l->split_folios = split_folios;
	l->pid = sim_current_pid();
	l->slot = slot;
	l->outer = w->inflight[slot];
	w->inflight[slot] = l;
	return l;
}

void trace_lists_pop(struct sim_migrate_lists *l)
{
	sim_world->inflight[l->slot] = l->outer;
}

/*
 * __print_symbolic(): the name of @val in @names, or the value as "0x%lx"
 * when the table has no entry for it, as the kernel's symbol printer falls
 * back.  @tmp holds the number; each symbol in one event needs its own.
 */
static const char *print_symbolic(char tmp[24], unsigned long val, const char *const *names,
				  size_t nr)
{
	if (val < nr && names[val])
		return names[val];
	snprintf(tmp, 24, "0x%lx", val);
	return tmp;
}

/*
 * The migrate tracepoints' mode table has ASYNC, SYNC_LIGHT and SYNC only,
 * in every modelled kernel: 6.9's MIGRATE_SYNC_NO_COPY has no entry, so it
 * prints as 0x3 there too.
 */
#define TRACE_NR_MIGRATE_MODES	(MIGRATE_SYNC + 1)

static const char *trace_mode(char tmp[24], int mode)
{
	/* The field is an enum migrate_mode, an unsigned type in the kernel. */
	return print_symbolic(tmp, (unsigned int)mode, migrate_mode_names,
			      TRACE_NR_MIGRATE_MODES);
}

static const char *trace_reason(char tmp[24], int reason)
{
	/* The field is an int: a negative value sign-extends, as in the kernel. */
	return print_symbolic(tmp, (unsigned long)(long)reason, migrate_reason_names, MR_TYPES);
}

void __trace_mm_migrate_pages(unsigned long succeeded, unsigned long failed,
			      unsigned long thp_succeeded, unsigned long thp_failed,
			      unsigned long thp_split, unsigned long large_folio_split,
			      int mode, int reason)
{
	char mtmp[24], rtmp[24];

	trace_record("mm_migrate_pages",
		     "nr_succeeded=%lu nr_failed=%lu nr_thp_succeeded=%lu nr_thp_failed=%lu "
		     "nr_thp_split=%lu nr_split=%lu mode=%s reason=%s",
		     succeeded, failed, thp_succeeded, thp_failed, thp_split,
		     large_folio_split, trace_mode(mtmp, mode), trace_reason(rtmp, reason));
}

void __trace_mm_migrate_pages_start(int mode, int reason)
{
	char mtmp[24], rtmp[24];

	trace_record("mm_migrate_pages_start", "mode=%s reason=%s",
		     trace_mode(mtmp, mode), trace_reason(rtmp, reason));
}

void __trace_migration_pte(const char *event, unsigned long addr, unsigned long pte,
			   int order)
{
	trace_record(event, "addr=%lx, pte=%lx order=%d", addr, pte, order);
}

void trace_free(struct trace_buf *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		sim_free(t->entries[i].fields, strlen(t->entries[i].fields) + 1);
	if (t->entries)
		sim_free(t->entries, t->cap * sizeof(*t->entries));
	t->entries = NULL;
	t->nr = 0;
	t->cap = 0;
}

/* The legend /sys/kernel/tracing/trace prints above the entries (6.x). */
static const char ftrace_legend[] =
	"#\n"
	"#                                _-----=> irqs-off/BH-disabled\n"
	"#                               / _----=> need-resched\n"
	"#                              | / _---=> hardirq/softirq\n"
	"#                              || / _--=> preempt-depth\n"
	"#                              ||| / _-=> migrate-disable\n"
	"#                              |||| /     delay\n"
	"#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
	"#              | |         |   |||||     |         |\n";

int trace_write_ftrace(const struct trace_buf *t, int nr_cpus, FILE *out)
{
	size_t i, nr = 0;

	/* The markers (slices and counters) are the Chrome trace's; the text
	 * is the kernel's events only, as the kernel's own buffer holds them. */
	for (i = 0; i < t->nr; i++)
		nr += t->entries[i].kind == TRACE_EVENT;
	/* The simulator never overwrites, so every entry written is still in
	 * the buffer. */
	fprintf(out, "# tracer: nop\n#\n");
	fprintf(out, "# entries-in-buffer/entries-written: %zu/%zu   #P:%d\n",
		nr, nr, nr_cpus);
	fputs(ftrace_legend, out);

	for (i = 0; i < t->nr; i++) {
		const struct trace_entry *e = &t->entries[i];
		/* Rounded to the microsecond, as ftrace's ns2usecs() does. */
		unsigned long long usecs = (e->ts_ns + 500) / 1000;

		if (e->kind != TRACE_EVENT)
			continue;

		/* Model code runs in task context with interrupts and
		 * preemption enabled: every context flag is '.'. */
		fprintf(out, "%16s-%-7d [%03d] ..... %5llu.%06llu: %s: %s\n",
			e->comm, e->pid, e->cpu, usecs / 1000000, usecs % 1000000,
			e->event, e->fields);
	}
	return ferror(out) ? -EIO : 0;
}
