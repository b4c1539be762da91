/* SPDX-License-Identifier: MIT */
/*
 * Trace sink: records tracepoints into the world's trace buffer and writes
 * ftrace text.
 *
 * Each recorded event is stamped with the world's simulated clock, which
 * then moves on by 1 µs, so timestamps are strictly increasing and the same
 * on every run.  The fields are formatted when the event fires, with the
 * kernel's TP_printk format, so the buffer holds exactly the text the
 * kernel's trace file would show and nothing refers back to model objects.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <linux/migrate.h>
#include <trace/events/migrate.h>
#include "trace.h"

#define TRACE_NS_PER_EVENT	1000ULL
#define TRACE_INITIAL_CAP	64

void trace_record(const char *event, const char *fmt, ...)
{
	struct trace_buf *t = &sim_world->trace;
	const struct task_struct *task = current;
	struct trace_entry *e;
	char small[192];
	char *fields;
	va_list ap;
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
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		goto tick;
	if ((size_t)n < sizeof(small)) {
		fields = sim_strdup(small);
	} else {
		/* strlen(fields) + 1 == n + 1, as trace_free() assumes. */
		fields = sim_zalloc((size_t)n + 1);
		if (fields) {
			va_start(ap, fmt);
			vsnprintf(fields, (size_t)n + 1, fmt, ap);
			va_end(ap);
		}
	}
	if (!fields)
		goto tick;

	e = &t->entries[t->nr++];
	e->ts_ns = sim_world->clock_ns;
	e->event = event;
	e->fields = fields;
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
tick:
	sim_world->clock_ns += TRACE_NS_PER_EVENT;
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
	size_t i;

	/* The simulator never overwrites, so every entry written is still in
	 * the buffer. */
	fprintf(out, "# tracer: nop\n#\n");
	fprintf(out, "# entries-in-buffer/entries-written: %zu/%zu   #P:%d\n",
		t->nr, t->nr, nr_cpus);
	fputs(ftrace_legend, out);

	for (i = 0; i < t->nr; i++) {
		const struct trace_entry *e = &t->entries[i];
		/* Rounded to the microsecond, as ftrace's ns2usecs() does. */
		unsigned long long usecs = (e->ts_ns + 500) / 1000;

		/* Model code runs in task context with interrupts and
		 * preemption enabled: every context flag is '.'. */
		fprintf(out, "%16s-%-7d [%03d] ..... %5llu.%06llu: %s: %s\n",
			e->comm, e->pid, e->cpu, usecs / 1000000, usecs % 1000000,
			e->event, e->fields);
	}
	return ferror(out) ? -EIO : 0;
}
