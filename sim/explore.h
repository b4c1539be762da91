/* SPDX-License-Identifier: MIT */
#ifndef MIGSIM_SIM_EXPLORE_H
#define MIGSIM_SIM_EXPLORE_H

#include <stdbool.h>
#include <stddef.h>
#include <migsim/migsim.h>

/*
 * One `migsim explore`: scenario file @sf, or else built-in scenario @name,
 * with @opts under @ec, in @jobs
 * processes (0 or 1: this one), stopping after @time_limit seconds (0: no
 * limit), with a progress line on stderr when @progress (rewritten in place
 * when @tty).
 */
struct explore_job {
	const char *name;
	struct migsim_scenario_file *sf;
	struct migsim_scenario_opts opts;
	struct migsim_explore_config ec;
	unsigned int jobs;
	double time_limit;
	bool progress;
	bool tty;
};

/* sim/explore.c: 0 and @res filled, or a negative errno with @err set. */
int explore_run_job(const struct explore_job *job, struct migsim_explore_result *res,
		    char *err, size_t errlen);

#endif
