// SPDX-License-Identifier: MIT
/*
 * The built-in scenario table, the common end of every story (checker,
 * outcome, vmstat before/after), and the JSON summary.
 */
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <string.h>
#include "scenario.h"
#include "sched.h"
#include "world_internal.h"

static const struct scenario scenarios[] = {
	{
		.name = "deferred-split-early-exit",
		.summary = "seeds/004: a partially mapped THP on the deferred-split list meets "
			   "a NUMA hinting fault; the v5 patch splits it into the list being "
			   "walked and migrate_misplaced_folio() hits BUG_ON(!list_empty())",
		.default_kernel = "6.12",
		.run = scenario_deferred_split_early_exit,
	},
};

/* The built-in scenarios: the core table, then the callers'. */
static const struct scenario *scenario_at(size_t i)
{
	if (i < ARRAY_SIZE(scenarios))
		return &scenarios[i];
	i -= ARRAY_SIZE(scenarios);
	if (i < nr_caller_scenarios)
		return &caller_scenarios[i];
	i -= nr_caller_scenarios;
	return i < nr_race_scenarios ? &race_scenarios[i] : NULL;
}

static const struct scenario *scenario_by_name(const char *name)
{
	size_t i;

	for (i = 0; name && scenario_at(i); i++)
		if (!strcmp(scenario_at(i)->name, name))
			return scenario_at(i);
	return NULL;
}

size_t migsim_scenario_count(void)
{
	return ARRAY_SIZE(scenarios) + nr_caller_scenarios + nr_race_scenarios;
}

int migsim_scenario_has_actors(const char *name)
{
	const struct scenario *s = scenario_by_name(name);

	return s && s->build ? 1 : 0;
}

struct explore_closure {
	const struct scenario *sc;
	const struct migsim_scenario_opts *opts;
	const char *kernel;
	char *err;
	size_t errlen;
};

static int explore_build(struct migsim_world **out, void *arg)
{
	struct explore_closure *c = arg;
	struct migsim_scenario_opts quiet = *c->opts;

	quiet.story = NULL;
	return c->sc->build(&quiet, c->kernel, out, c->err, c->errlen);
}

int migsim_scenario_explore(const char *name, const struct migsim_scenario_opts *opts,
			    const struct migsim_explore_config *cfg,
			    struct migsim_explore_result *res, char *err, size_t errlen)
{
	const struct scenario *sc = scenario_by_name(name);
	struct migsim_scenario_opts def = { .seed = 1, .preempt = -1 };
	struct explore_closure c;
	char scratch[256];

	if (!err) {
		err = scratch;
		errlen = sizeof(scratch);
	}
	if (!sc) {
		snprintf(err, errlen, "no scenario named '%s'", name ? name : "(null)");
		return -ENOENT;
	}
	if (!sc->build) {
		snprintf(err, errlen, "scenario '%s' has no actors to explore", name);
		return -EINVAL;
	}
	c.sc = sc;
	c.opts = opts ? opts : &def;
	c.kernel = c.opts->kernel ? c.opts->kernel : sc->default_kernel;
	c.err = err;
	c.errlen = errlen;
	return migsim_explore(explore_build, &c, cfg, res, err, errlen);
}

const char *migsim_scenario_name(size_t i)
{
	const struct scenario *s = scenario_at(i);

	return s ? s->name : NULL;
}

const char *migsim_scenario_summary(size_t i)
{
	const struct scenario *s = scenario_at(i);

	return s ? s->summary : NULL;
}

int migsim_scenario_run(const char *name, const struct migsim_scenario_opts *opts,
			struct migsim_world **out, char *err, size_t errlen)
{
	struct migsim_scenario_opts def = { .seed = 1 };
	size_t i;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!opts)
		opts = &def;
	for (i = 0; scenario_at(i); i++) {
		const struct scenario *s = scenario_at(i);

		if (!name || strcmp(name, s->name))
			continue;
		if (s->build)
			return scenario_run_actors(s, opts, opts->kernel ? opts->kernel :
						   s->default_kernel, out, err, errlen);
		return s->run(opts, opts->kernel ? opts->kernel : s->default_kernel, out,
			      err, errlen);
	}
	if (err && errlen) {
		size_t n = (size_t)snprintf(err, errlen, "no scenario named '%s'; known:",
					    name ? name : "(null)");

		for (i = 0; scenario_at(i) && n < errlen; i++)
			n += (size_t)snprintf(err + n, errlen - n, " %s", scenario_at(i)->name);
	}
	return -ENOENT;
}

void scenario_say(FILE *story, const char *fmt, ...)
{
	va_list ap;

	if (!story)
		return;
	va_start(ap, fmt);
	vfprintf(story, fmt, ap);
	va_end(ap);
}

void scenario_story_end(struct migsim_world *w, FILE *story)
{
	const struct migsim_report *r;
	size_t i;
	int shown = 0;

	if (migsim_outcome(w) == MIGSIM_OK)
		migsim_check(w);
	if (!story)
		return;
	fprintf(story, "\nvmstat                          before      after     change\n");
	for (i = 0; i < migsim_vmstat_count(); i++) {
		long d = migsim_vmstat_delta(w, i), now = migsim_vmstat_value(w, i);

		if (!d)
			continue;
		fprintf(story, "  %-28s %9ld  %9ld  %+9ld\n", migsim_vmstat_name(i), now - d, now, d);
		shown++;
	}
	if (!shown)
		fprintf(story, "  (no counter changed)\n");
	r = migsim_last_report(w);
	fprintf(story, "\noutcome: %s\n", migsim_outcome_name(migsim_outcome(w)));
	if (r) {
		int k;

		fprintf(story, "  %s\n  in %s() at %s:%d\n", r->message, r->function, r->file,
			r->line);
		if (r->stack_depth) {
			fprintf(story, "  stack:");
			for (k = 0; k < r->stack_depth; k++)
				fprintf(story, "%s %s", k ? " >" : "", r->stack[k]);
			fprintf(story, "\n");
		}
		if (r->dump[0])
			fprintf(story, "%s", r->dump);
	}
}

int migsim_scenario_write_json(const struct migsim_world *w, const char *name, FILE *out)
{
	const struct migsim_report *r = migsim_last_report(w);
	size_t i;
	bool first = true;

	fputs("{\"scenario\": ", out);
	sim_json_string(out, name);
	fputs(", \"kernel\": ", out);
	sim_json_string(out, migsim_world_kernel(w));
	fprintf(out, ", \"seed\": %" PRIu64 ", \"outcome\": ", migsim_world_seed(w));
	sim_json_string(out, migsim_outcome_name(migsim_outcome(w)));
	fputs(", \"report\": ", out);
	if (!r) {
		fputs("null", out);
	} else {
		char where[160];
		int k;

		snprintf(where, sizeof(where), "%s:%d", r->file, r->line);
		fputs("{\"kind\": ", out);
		sim_json_string(out, migsim_outcome_name(r->kind));
		fputs(", \"function\": ", out);
		sim_json_string(out, r->function);
		fputs(", \"message\": ", out);
		sim_json_string(out, r->message);
		fputs(", \"where\": ", out);
		sim_json_string(out, where);
		fputs(", \"stack\": [", out);
		for (k = 0; k < r->stack_depth; k++) {
			if (k)
				fputs(", ", out);
			sim_json_string(out, r->stack[k]);
		}
		fputs("]}", out);
	}
	/* The schedule that replays a run with actors; single-task scenarios
	 * make no scheduling decisions, and theirs is empty. */
	fputs(", \"schedule\": ", out);
	{
		char sched[2048] = "";

		if (CW(w)->sched)
			sched_schedule_string(CW(w)->sched, sched, sizeof(sched));
		sim_json_string(out, sched);
	}
	fputs(", \"vmstat\": {", out);
	for (i = 0; i < migsim_vmstat_count(); i++) {
		long d = migsim_vmstat_delta(w, i);

		if (!d)
			continue;
		fputs(first ? "" : ", ", out);
		sim_json_string(out, migsim_vmstat_name(i));
		fprintf(out, ": %ld", d);
		first = false;
	}
	fputs("}}\n", out);
	return ferror(out) ? -EIO : 0;
}
