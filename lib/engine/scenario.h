/* SPDX-License-Identifier: MIT */
/* Built-in scenarios: the seed bugs, written in C against the public API. */
#ifndef MIGSIM_ENGINE_SCENARIO_H
#define MIGSIM_ENGINE_SCENARIO_H

#include <migsim/migsim.h>

struct scenario {
	const char *name;
	const char *summary;
	const char *default_kernel;
	/* Build the world, run the story; returns 0 when the scenario ran. */
	int (*run)(const struct migsim_scenario_opts *opts, const char *kernel,
		   struct migsim_world **out, char *err, size_t errlen);
	/* Scenarios with actors: build a fresh world and its actors (no run). */
	int (*build)(const struct migsim_scenario_opts *opts, const char *kernel,
		     struct migsim_world **out, char *err, size_t errlen);
};

/* The races (lib/engine/scenario_races.c). */
extern const struct scenario race_scenarios[];
extern const size_t nr_race_scenarios;

/* Run a scenario with actors once: build, run under opts->sched, tell it. */
int scenario_run_actors(const struct scenario *sc, const struct migsim_scenario_opts *opts,
			const char *kernel, struct migsim_world **out, char *err, size_t errlen);

/* The callers' scenarios (lib/engine/scenario_callers.c). */
extern const struct scenario caller_scenarios[];
extern const size_t nr_caller_scenarios;

int scenario_deferred_split_early_exit(const struct migsim_scenario_opts *opts,
				       const char *kernel, struct migsim_world **out,
				       char *err, size_t errlen);

/* Shared by the scenarios: a line of the story, when there is a story. */
void scenario_say(FILE *story, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Shared by the scenarios: the closing part of the story (outcome, vmstat). */
void scenario_story_end(struct migsim_world *w, FILE *story);

#endif
