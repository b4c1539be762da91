/* SPDX-License-Identifier: MIT */
/**
 * DOC: migsim Chrome traces and Graphviz pictures (included by <migsim/migsim.h>)
 *
 * Three ways to see what a run did (docs/visual.md):
 *
 * - migsim_trace_write(): ftrace text, the kernel's own format;
 * - migsim_chrome_trace_write(): Chrome/Perfetto trace-event JSON, with the
 *   actors (and the setup task) as threads, the kernel operations as nested
 *   slices, lock waits as "wait ..." slices, and vmstat counters as counter
 *   tracks; both need a world created with tracing on (cfg.trace);
 * - migsim_dot_write(): a Graphviz picture of the lists (per node: the LRU
 *   lists, the deferred-split queue, the hugetlb lists; and the lists of
 *   every migrate_pages_batch() in flight) with the folios on them.  Taken
 *   at a moment chosen with a struct migsim_stop.
 *
 * Example::
 *
 *	static void snap(struct migsim_world *w, const char *where, void *arg)
 *	{
 *		migsim_dot_write(w, arg);	// the lists as they are right now
 *	}
 *
 *	struct migsim_stop st = { .fn = snap, .arg = dotfile };
 *	migsim_stop_parse("point:migrate:a1-split", &st, err, sizeof(err));
 *	struct migsim_sched_config sc = { .stop = &st };
 *	struct migsim_scenario_opts o = { .seed = 1, .trace = true, .sched = &sc };
 *	migsim_scenario_run("deferred-split-early-exit", &o, &w, err, sizeof(err));
 *	migsim_chrome_trace_write(w, jsonfile);
 */
#ifndef MIGSIM_VISUAL_H
#define MIGSIM_VISUAL_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct migsim_world;

/**
 * typedef migsim_stop_fn - called where a run stops: @w is the world in the
 * middle of its run (read it: migsim_dot_write(), migsim_page_info(), ...;
 * do not run operations on it), @where says where ("step 42 (actor B at
 * lock:spin)" or "point migrate:a1-split #1").  The run goes on when it
 * returns.
 */
typedef void (*migsim_stop_fn)(struct migsim_world *w, const char *where, void *arg);

/**
 * struct migsim_stop - a moment of a run to stop at.
 * @step: the N-th scheduling step of an actor run: the step numbers of
 *	struct migsim_run_info, of the sched_decision trace event and of
 *	migsim_sched_config.break_at_step; 0 = none.  Runs without actors
 *	have no steps.
 * @point: or a named point ("migrate:a1-split", "lock:folio", a
 *	migsim_point() name), in any run, with or without actors; "" = none.
 * @nth: stop at the @nth time @point is passed (0 and 1: the first).
 * @fn: what to do there; @arg is passed to it.
 *
 * Set at most one of @step and @point.
 */
struct migsim_stop {
	unsigned long step;
	char point[48];
	unsigned int nth;
	migsim_stop_fn fn;
	void *arg;
};

/**
 * migsim_stop_parse() - fill @stop's moment from @spec: "STEP" (a positive
 * number), "point:NAME" or "point:NAME#N".  @stop's @fn and @arg are kept.
 * Return: 0, or -EINVAL with a message in @err naming what is wrong (@stop
 * unchanged).
 *
 * Example::
 *
 *	struct migsim_stop st = { .fn = snap };
 *	migsim_stop_parse("point:lock:folio#3", &st, err, sizeof(err));
 */
MIGSIM_API int migsim_stop_parse(const char *spec, struct migsim_stop *stop, char *err, size_t errlen);

/**
 * migsim_stop_at() - arm @stop on @w: a point stop fires at the @nth pass of
 * its point by whatever runs next on @w (API calls or actors); a step stop
 * fires in the next migsim_run_actors().  One stop per world: a second call
 * replaces the first.  Arming also starts recording the migration lists in
 * flight, which migsim_dot_write() draws.  Also done for you by
 * migsim_run_actors() (so by migsim_scenario_run() for every scenario with
 * actors) and by the deferred-split-early-exit scenario, when the schedule
 * config carries a stop (migsim_sched_config.stop).
 * Return: 0, -EINVAL (no @fn, both or neither of @step and @point), or
 * -ENOSPC (the world's named-point hooks are all in use).
 *
 * Example::
 *
 *	struct migsim_stop st = { .point = "migrate:after-unmap", .fn = snap, .arg = f };
 *	migsim_stop_at(w, &st);
 *	migsim_move_pages(w, ...);	// snap() runs after the first folio is unmapped
 */
MIGSIM_API int migsim_stop_at(struct migsim_world *w, const struct migsim_stop *stop);

/**
 * migsim_chrome_trace_write() - the trace of @w (cfg.trace) as Chrome trace-
 * event JSON, object form: {"traceEvents": [...], "displayTimeUnit": "ns"}.
 * Timestamps are the simulated clock, in microseconds.  Deterministic: the
 * same run gives the same bytes.  Slices still open at the end (a run that
 * ended in a report) are closed at the last timestamp, with
 * args.unfinished = true.
 * Return: 0, -EINVAL for a NULL argument, -EIO when writing failed.
 *
 * Example::
 *
 *	FILE *f = fopen("run.json", "w");
 *	migsim_chrome_trace_write(w, f);	// open it in ui.perfetto.dev
 */
MIGSIM_API int migsim_chrome_trace_write(const struct migsim_world *w, FILE *out);

/**
 * migsim_dot_write() - a Graphviz (dot) picture of @w's lists now: per node
 * the LRU lists, the deferred-split queue and the hugetlb free lists, the
 * hugetlb active list, and (while a stop is armed) the lists of every
 * migrate_pages_batch() in flight.  Each list shows its first
 * MIGSIM_DOT_MAX_FOLIOS folios (pfn, order, flags, refcount, mapcount)
 * linked by their list_head next pointers, then "... N more"; a broken
 * link (next->prev != this) is drawn red and ends the walk.
 * Return: 0, -EINVAL for a NULL argument, -EIO when writing failed.
 *
 * Example::
 *
 *	migsim_dot_write(w, f);		// then: dot -Tsvg f.dot -o f.svg
 */
MIGSIM_API int migsim_dot_write(struct migsim_world *w, FILE *out);

#define MIGSIM_DOT_MAX_FOLIOS	6

#ifdef __cplusplus
}
#endif

#endif
