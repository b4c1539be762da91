/* SPDX-License-Identifier: MIT */
/*
 * The trace sink's owner side (lib/engine/trace.c): emptying the world's
 * trace buffer and writing it in ftrace's text format.  The recording side,
 * trace_record() and the migrate tracepoints, is declared in
 * <trace/events/migrate.h>.
 *
 * Entries keep the event name by pointer: trace_record() callers pass string
 * literals (the tracepoint's name), so only the fields text is owned.
 */
#ifndef MIGSIM_ENGINE_TRACE_H
#define MIGSIM_ENGINE_TRACE_H

#include <stdio.h>

struct trace_buf;

/* Free every entry and the entry array; @t is left empty (nr == cap == 0)
 * with its enabled flag unchanged, ready to record again. */
void trace_free(struct trace_buf *t);

/*
 * trace_write_ftrace() - @t as /sys/kernel/tracing/trace prints it: the
 * "# tracer: nop" header with "#P:@nr_cpus", the column legend, then one
 * line per entry.
 * Return: 0, or -EIO if writing to @out failed.
 */
int trace_write_ftrace(const struct trace_buf *t, int nr_cpus, FILE *out);

/* ---- the recording side of slices, counters and lists in flight ---- */

#include <trace/events/migrate.h>

/*
 * trace_slice_begin() - open a slice named by @fmt on the current task: a
 * "tracing_mark_write: B|pid|name" entry (what atrace writes, so Perfetto's
 * ftrace import shows it too), preceded by a sample of the counters.
 * Callers test TRACE_ON() first.  Return: true when the entry was recorded,
 * so the matching trace_slice_end() is due.
 */
bool trace_slice_begin(const char *fmt, ...) __printf(1, 2);
/* trace_slice_end() - close the current task's innermost slice ("E|pid"),
 * then sample the counters. */
void trace_slice_end(void);
/* trace_counters_sample() - a "C|pid|name|value" entry for each migration
 * counter that changed since the last sample (all of them the first time). */
void trace_counters_sample(void);
/* The counters' names, in trace_buf.counters order. */
extern const char *const trace_counter_names[TRACE_NR_COUNTERS];

struct trace_slice_scope {
	bool on;
};

static inline void trace_slice_scope_end(struct trace_slice_scope *sc)
{
	if (unlikely(sc->on))
		trace_slice_end();
}

/*
 * TRACE_SLICE("name") - a slice for the rest of the enclosing scope (one per
 * scope).  Off: one predictable branch on entry and one on exit.  A report
 * unwinds past the scope without closing it; the Chrome writer closes such
 * slices at the end of the trace.
 */
#define TRACE_SLICE(...)						\
	struct trace_slice_scope __trace_slice				\
		__attribute__((cleanup(trace_slice_scope_end), unused)) =	\
		{ .on = TRACE_ON() && trace_slice_begin(__VA_ARGS__) }

/*
 * TRACE_CALLER_SLICE() - before a TRACE_SLICE() of a function the callers
 * reach (migrate_pages(), migrate_misplaced_folio()): when the task has no
 * slice open yet, a slice named after the kernel functions it was called
 * from (the shadow stack: "kernel_move_pages > do_pages_move"), closed after
 * the function's own.  It spans the call, not the whole caller: a caller's
 * work before and after is outside it (an approximation, docs/visual.md).
 */
bool trace_caller_slice_begin(void);
#define TRACE_CALLER_SLICE()						\
	struct trace_slice_scope __trace_caller				\
		__attribute__((cleanup(trace_slice_scope_end), unused)) =	\
		{ .on = TRACE_ON() && trace_caller_slice_begin() }

struct sim_migrate_lists *trace_lists_push(struct sim_migrate_lists *l, const char *fn,
					   struct list_head *from, struct list_head *ret_folios,
					   struct list_head *unmap_folios,
					   struct list_head *dst_folios,
					   struct list_head *split_folios);
void trace_lists_pop(struct sim_migrate_lists *l);

static inline void trace_lists_scope_end(struct sim_migrate_lists **l)
{
	if (unlikely(*l != NULL))
		trace_lists_pop(*l);
}

/*
 * TRACK_MIGRATE_LISTS(from, ret, unmap, dst, split) - publish this call's
 * migration lists for pictures (world.inflight) for the rest of the scope;
 * only while world.track_lists is set (a stop is armed), else one branch.
 */
#define TRACK_MIGRATE_LISTS(from, ret, unmap, dst, split)			\
	struct sim_migrate_lists __mig_lists;					\
	struct sim_migrate_lists *__mig_lists_on				\
		__attribute__((cleanup(trace_lists_scope_end), unused)) =		\
		unlikely(sim_world->track_lists) ?				\
		trace_lists_push(&__mig_lists, __func__, from, ret, unmap, dst, split) : NULL

#endif
