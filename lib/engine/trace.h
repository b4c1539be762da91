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

#endif
