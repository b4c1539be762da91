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

bool sim_entry_begin(struct world *w, struct sim_entry *e)
{
	if (w->crashed) {
		sim_error(w, -ENOTRECOVERABLE, "the run has ended (%s: %s)",
			  sim_outcome_name(w->report.kind), w->report.message);
		return true;
	}
	e->prev_world = sim_world;
	e->prev_entry = w->entry;
	e->prev_depth = sim_frames.depth;
	sim_world = w;
	w->entry = &e->jb;
	w->entry_depth++;
	return false;
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
	if (w->story)
		fprintf(w->story, "\n!!! %s in %s() at %s:%d\n!!! %s\n", sim_outcome_name(kind),
			r->function, r->file, r->line, r->message);
	if (kind == SIM_WARN && !w->panic_on_warn)
		return;
	w->crashed = true;
unwind:
	if (w->entry)
		longjmp(*w->entry, 1);
	/* Model code run outside SIM_RUN (a white-box test without an entry):
	 * nothing to unwind to; the world is marked crashed and the caller
	 * goes on. */
}
