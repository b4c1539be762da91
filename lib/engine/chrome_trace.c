// SPDX-License-Identifier: MIT
/*
 * Chrome/Perfetto trace-event JSON of a run (docs/visual.md).
 *
 * Made from the world's trace buffer after the run, entry by entry:
 *  - one process (pid 1, "migsim: kernel K, seed S"); each simulated task
 *    is a thread with tid = its pid, named after its comm and the actors
 *    that ran as it ("fstat (actor B: reader)"); pid 0 is "<idle>";
 *  - the B and E markers (TRACE_SLICE(), lock waits) become "B"/"E"
 *    slices on their task's thread; they nest, since each task's markers
 *    come from its own stack of scopes;
 *  - the C markers become counter tracks on the process ("C" events);
 *  - every other event (mm_migrate_pages, sched_switch, sched_decision,
 *    ...) becomes a thread-scoped instant ("i") with the ftrace fields as
 *    args.fields;
 *  - a slice a report unwound past is closed 1 µs after the last entry,
 *    with args.unfinished, and the report itself is a global instant.
 *
 * Timestamps are the simulated clock in microseconds with three decimals:
 * ts_ns as recorded, so nothing depends on the host.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "sched.h"
#include "world_internal.h"

#define CHROME_PID	1

struct chrome_thread {
	int tid;
	char comm[TASK_COMM_LEN];
	unsigned int actors;		/* bit i: actor i ran as this task */
	int depth;			/* slices open while writing */
};

struct chrome_threads {
	struct chrome_thread *v;
	size_t nr, cap;
};

static struct chrome_thread *thread_of(struct chrome_threads *t, int tid)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		if (t->v[i].tid == tid)
			return &t->v[i];
	return NULL;
}

static int thread_add(struct chrome_threads *t, int pid, const char *comm, int actor)
{
	struct chrome_thread *th = thread_of(t, pid);

	if (!th) {
		if (t->nr == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 8;
			struct chrome_thread *v = realloc(t->v, cap * sizeof(*v));

			if (!v)
				return -ENOMEM;
			t->v = v;
			t->cap = cap;
		}
		th = &t->v[t->nr++];
		memset(th, 0, sizeof(*th));
		th->tid = pid;
		snprintf(th->comm, sizeof(th->comm), "%s", comm);
	}
	if (actor >= 0 && actor < 32)
		th->actors |= 1u << actor;
	return 0;
}

static void json_ts(FILE *out, u64 ts_ns)
{
	fprintf(out, "%" PRIu64 ".%03u", ts_ns / 1000, (unsigned int)(ts_ns % 1000));
}

/* "B|pid|name" -> name; "C|pid|name|value" -> name (up to @end). */
static const char *marker_name(const char *fields, const char **end)
{
	const char *p = strchr(fields, '|');

	p = p ? strchr(p + 1, '|') : NULL;
	if (!p)
		return NULL;
	p++;
	if (end)
		*end = strrchr(p, '|');
	return p;
}

static void thread_name(const struct world *w, const struct chrome_thread *th, FILE *out)
{
	char name[160];
	size_t n = (size_t)snprintf(name, sizeof(name), "%s", th->comm);
	const struct sched *s = w->sched;
	bool first = true;
	int i;

	for (i = 0; s && i < s->nr_actors && n < sizeof(name); i++) {
		if (!(th->actors & (1u << i)))
			continue;
		n += (size_t)snprintf(name + n, sizeof(name) - n, "%s%c: %s", first ?
				      " (actor " : ", actor ", 'A' + i, s->actors[i].name);
		first = false;
	}
	if (!first && n < sizeof(name))
		snprintf(name + n, sizeof(name) - n, ")");
	sim_json_string(out, name);
}

static void sep(FILE *out, bool *first)
{
	fputs(*first ? "\n" : ",\n", out);
	*first = false;
}

int migsim_chrome_trace_write(const struct migsim_world *pw, FILE *out)
{
	const struct world *w = CW(pw);
	const struct trace_buf *t;
	struct chrome_threads th = { 0 };
	const struct migsim_report *r;
	char pname[96];
	u64 last = 0;
	bool first = true;
	size_t i;

	if (!w || !out)
		return -EINVAL;
	t = &w->trace;
	for (i = 0; i < t->nr; i++) {
		const struct trace_entry *e = &t->entries[i];

		if (thread_add(&th, e->pid, e->comm, e->actor))
			goto oom;
		last = e->ts_ns;
	}
	/* Every actor is a thread, also one that recorded nothing. */
	for (i = 0; w->sched && i < (size_t)w->sched->nr_actors; i++) {
		const struct task_struct *task = w->sched->actors[i].task;

		if (thread_add(&th, task->pid, task->comm, (int)i))
			goto oom;
	}

	fputs("{\"traceEvents\": [", out);
	snprintf(pname, sizeof(pname), "migsim: kernel %s, seed %" PRIu64,
		 w->profile.name, w->seed);
	sep(out, &first);
	fprintf(out, "{\"name\": \"process_name\", \"ph\": \"M\", \"pid\": %d, \"tid\": 0, "
		"\"args\": {\"name\": ", CHROME_PID);
	sim_json_string(out, pname);
	fputs("}}", out);
	for (i = 0; i < th.nr; i++) {
		sep(out, &first);
		fprintf(out, "{\"name\": \"thread_name\", \"ph\": \"M\", \"pid\": %d, \"tid\": %d, "
			"\"args\": {\"name\": ", CHROME_PID, th.v[i].tid);
		thread_name(w, &th.v[i], out);
		fputs("}}", out);
	}

	for (i = 0; i < t->nr; i++) {
		const struct trace_entry *e = &t->entries[i];
		struct chrome_thread *tt = thread_of(&th, e->pid);
		const char *name, *end = NULL;

		switch (e->kind) {
		case TRACE_SLICE_BEGIN:
			name = marker_name(e->fields, NULL);
			if (!name)
				continue;
			sep(out, &first);
			fputs("{\"name\": ", out);
			sim_json_string(out, name);
			fputs(", \"cat\": \"migsim\", \"ph\": \"B\", \"ts\": ", out);
			json_ts(out, e->ts_ns);
			fprintf(out, ", \"pid\": %d, \"tid\": %d}", CHROME_PID, e->pid);
			tt->depth++;
			break;
		case TRACE_SLICE_END:
			if (!tt->depth)
				continue;	/* its begin was lost */
			sep(out, &first);
			fputs("{\"ph\": \"E\", \"ts\": ", out);
			json_ts(out, e->ts_ns);
			fprintf(out, ", \"pid\": %d, \"tid\": %d}", CHROME_PID, e->pid);
			tt->depth--;
			break;
		case TRACE_COUNTER: {
			char cname[64];

			name = marker_name(e->fields, &end);
			if (!name || !end || end <= name)
				continue;
			snprintf(cname, sizeof(cname), "%.*s", (int)(end - name), name);
			sep(out, &first);
			fputs("{\"name\": ", out);
			sim_json_string(out, cname);
			fputs(", \"cat\": \"vmstat\", \"ph\": \"C\", \"ts\": ", out);
			json_ts(out, e->ts_ns);
			fprintf(out, ", \"pid\": %d, \"args\": {\"value\": %ld}}", CHROME_PID,
				strtol(end + 1, NULL, 10));
			break;
		}
		default:
			sep(out, &first);
			fputs("{\"name\": ", out);
			sim_json_string(out, e->event);
			fprintf(out, ", \"cat\": \"%s\", \"ph\": \"i\", \"s\": \"t\", \"ts\": ",
				!strncmp(e->event, "sched_", 6) ? "sched" : "ftrace");
			json_ts(out, e->ts_ns);
			fprintf(out, ", \"pid\": %d, \"tid\": %d, \"args\": {\"fields\": ",
				CHROME_PID, e->pid);
			sim_json_string(out, e->fields);
			fputs("}}", out);
			break;
		}
	}

	/* What a report unwound past: closed just after the last entry. */
	last += 1000;
	for (i = 0; i < th.nr; i++) {
		while (th.v[i].depth > 0) {
			sep(out, &first);
			fputs("{\"ph\": \"E\", \"ts\": ", out);
			json_ts(out, last);
			fprintf(out, ", \"pid\": %d, \"tid\": %d, \"args\": {\"unfinished\": true}}",
				CHROME_PID, th.v[i].tid);
			th.v[i].depth--;
		}
	}
	r = migsim_last_report(pw);
	if (r) {
		char rname[96];

		snprintf(rname, sizeof(rname), "%s in %s()", migsim_outcome_name(r->kind),
			 r->function);
		sep(out, &first);
		fputs("{\"name\": ", out);
		sim_json_string(out, rname);
		fputs(", \"cat\": \"report\", \"ph\": \"i\", \"s\": \"g\", \"ts\": ", out);
		json_ts(out, last);
		fprintf(out, ", \"pid\": %d, \"args\": {\"message\": ", CHROME_PID);
		sim_json_string(out, r->message);
		fputs("}}", out);
	}
	fputs("\n],\n\"displayTimeUnit\": \"ns\",\n\"otherData\": {\"generator\": \"migsim\", "
	      "\"clock\": \"simulated\", \"kernel\": ", out);
	sim_json_string(out, w->profile.name);
	fprintf(out, ", \"seed\": %" PRIu64 "}}\n", w->seed);
	free(th.v);
	return ferror(out) ? -EIO : 0;
oom:
	free(th.v);
	return -ENOMEM;
}
