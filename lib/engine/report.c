// SPDX-License-Identifier: MIT
/*
 * Reports end a run.  sim_raise() records what happened, with the shadow
 * stack of kernel functions and a dump_page of the folio, marks the world
 * crashed and unwinds to the public entry point.  Nothing here aborts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "entry.h"
#include "report.h"
#include "sched.h"

__thread struct sim_frames sim_frames;

static const char *const outcome_names[SIM_NR_OUTCOMES] = {
	[SIM_OK] = "ok",
	[SIM_BUG] = "bug",
	[SIM_WARN] = "warn",
	[SIM_LIST_CORRUPTION] = "list-corruption",
	[SIM_INVARIANT] = "invariant",
	[SIM_ASSERT] = "assert",
	[SIM_DEADLOCK] = "deadlock",
	[SIM_LIVELOCK] = "livelock",
};

const char *sim_outcome_name(enum sim_outcome kind)
{
	if ((unsigned int)kind >= SIM_NR_OUTCOMES)
		return "unknown";
	return outcome_names[kind];
}

/* "../lib/mm/migrate.c" -> "lib/mm/migrate.c": reports must not depend on
 * where the build directory is. */
static const char *source_relative(const char *file)
{
	const char *p = file;

	for (;;) {
		const char *hit = strstr(p, "lib/");

		if (!hit)
			break;
		if (hit == file || hit[-1] == '/')
			return hit;
		p = hit + 1;
	}
	while (!strncmp(file, "../", 3))
		file += 3;
	return file;
}

static const char *const state_names[] = { "runnable", "blocked", "done" };

/* "A (splitter) running: split_huge_page_to_list_to_order > ...". */
static void describe_actors(struct sched *s, char *buf, size_t len)
{
	size_t n = 0;
	int i, k;

	buf[0] = '\0';
	for (i = 0; i < s->nr_actors && n < len; i++) {
		const struct actor *a = &s->actors[i];
		const struct sim_frames *f = i == s->cur ? &sim_frames : &a->frames;
		int depth = min(f->depth, SIM_STACK_MAX);

		n += (size_t)snprintf(buf + n, len - n, "%c (%s, pid %d, cpu %d) %s%s%s:",
				      'A' + i, a->name, a->task ? a->task->pid : 0, a->cpu,
				      i == s->cur ? "running" : state_names[a->state],
				      a->wait_what ? " on " : "", a->wait_what ? a->wait_what : "");
		for (k = 0; k < depth && n < len; k++)
			n += (size_t)snprintf(buf + n, len - n, "%s %s", k ? " >" : "", f->fn[k]);
		if (n < len)
			n += (size_t)snprintf(buf + n, len - n, "\n");
	}
}

int sim_entry_begin(struct world *w, struct sim_entry *e)
{
	if (w->crashed)
		return sim_error(w, -ENOTRECOVERABLE, "the run has ended (%s: %s)",
				 sim_outcome_name(w->report.kind), w->report.message);
	if (unlikely(w->in_callback))
		return sim_error(w, -EDEADLK, "a libmigsim call that changes the world was "
				 "made from inside its %s callback, in the middle of a "
				 "kernel operation; a callback may only read the world",
				 w->in_callback);
	e->prev_world = sim_world;
	e->prev_entry = w->entry;
	e->prev_depth = sim_frames.depth;
	sim_world = w;
	w->entry = &e->jb;
	w->entry_depth++;
	return 0;
}

void sim_entry_end(struct world *w, struct sim_entry *e)
{
	w->entry = e->prev_entry;
	w->entry_depth--;
	sim_frames.depth = e->prev_depth;
	sim_world = e->prev_world;
}

void sim_raise(enum sim_outcome kind, const char *func, const char *file, int line,
	       const struct page *page, const char *fmt, ...)
{
	struct world *w = sim_world;
	struct sim_report *r;
	va_list ap;
	int i, depth;

	if (!w)
		return;
	r = &w->report;
	/* The first report wins: a second one while unwinding adds nothing. */
	if (w->crashed)
		goto unwind;
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	snprintf(r->function, sizeof(r->function), "%s", func);
	snprintf(r->file, sizeof(r->file), "%s", source_relative(file));
	r->line = line;
	va_start(ap, fmt);
	vsnprintf(r->message, sizeof(r->message), fmt, ap);
	va_end(ap);
	depth = sim_frames.depth < SIM_STACK_MAX ? sim_frames.depth : SIM_STACK_MAX;
	for (i = 0; i < depth; i++)
		snprintf(r->stack[i], sizeof(r->stack[i]), "%s", sim_frames.fn[i]);
	r->stack_depth = depth;
	if (page)
		sim_dump_page(page, NULL, r->dump, sizeof(r->dump));
	if (w->sched && w->sched->running)
		describe_actors(w->sched, r->actors, sizeof(r->actors));
	if (w->story)
		fprintf(w->story, "\n!!! %s in %s() at %s:%d\n!!! %s\n", sim_outcome_name(kind),
			r->function, r->file, r->line, r->message);
	if (kind == SIM_WARN && !w->panic_on_warn)
		return;
	w->crashed = true;
unwind:
	/* In an actor, go back to the main context, which unwinds there. */
	if (sched_in_actor())
		sched_actor_raise();
	if (w->entry)
		longjmp(*w->entry, 1);
	/* Model code run outside SIM_RUN (a white-box test without an entry):
	 * nothing to unwind to; the world is marked crashed and the caller
	 * goes on. */
}

/* Bytes in the well-formed UTF-8 sequence at @s (1..4), or 0. */
static int utf8_len(const unsigned char *s)
{
	int n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;	/* also stops at the terminating NUL */
	return n;
}

/*
 * JSON must be UTF-8: a name the kernel's 16-byte comm cut in the middle of
 * a character, or any other byte that is not UTF-8, becomes U+FFFD.
 */
void sim_json_string(FILE *out, const char *s)
{
	const unsigned char *c = (const unsigned char *)s;

	fputc('"', out);
	while (c && *c) {
		int n = utf8_len(c);

		if (!n) {
			fputs("\\ufffd", out);
			c++;
		} else if (n > 1) {
			fwrite(c, 1, (size_t)n, out);
			c += n;
		} else {
			if (*c == '"' || *c == '\\')
				fprintf(out, "\\%c", *c);
			else if (*c == '\n')
				fputs("\\n", out);
			else if (*c == '\t')
				fputs("\\t", out);
			else if (*c < 0x20 || *c == 0x7f)
				fprintf(out, "\\u%04x", *c);
			else
				fputc(*c, out);
			c++;
		}
	}
	fputc('"', out);
}
