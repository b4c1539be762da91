/* SPDX-License-Identifier: MIT */
/*
 * The migsim command's options for pictures and Chrome traces
 * (docs/visual.md): --chrome-trace FILE, --dot FILE, --at STEP|point:NAME[#N].
 *
 * Use from a subcommand that runs a scenario:
 *
 *	struct visual_opts vo = { 0 };
 *	for (...) { int v = visual_option(argc, argv, &i, &vo); if (v < 0) return 2;
 *		    if (v) continue; ... }
 *	if (visual_before(&vo, name, has_actors, &opts)) return 2;	// before the run
 *	migsim_scenario_run(name, &opts, &w, ...);
 *	if (visual_after(&vo, w)) status = 2;			// writes the files
 */
#ifndef MIGSIM_SIM_VISUAL_OPTS_H
#define MIGSIM_SIM_VISUAL_OPTS_H

#include <stdbool.h>
#include <stdio.h>
#include <migsim/migsim.h>

struct visual_opts {
	const char *chrome_path;	/* --chrome-trace FILE ('-': stdout) */
	const char *dot_path;		/* --dot FILE ('-': stdout) */
	const char *at;			/* --at STEP | point:NAME[#N] */
	/* Set by visual_before(). */
	struct migsim_stop stop;
	FILE *dot_file;			/* in memory until the run is over */
	char *dot_buf;
	size_t dot_len;
	bool dot_written;
	int dot_err;
};

/*
 * visual_option() - if argv[*i] is one of the options above, take it (and
 * its argument: *i moves past it) into @vo.
 * Return: 1 taken, 0 not ours, -1 a usage error (printed on stderr).
 */
int visual_option(int argc, char **argv, int *i, struct visual_opts *vo);

/*
 * visual_before() - check the options against scenario @name (a built-in
 * name or a file; @has_actors: whether it has steps) and set up the run:
 * tracing on for --chrome-trace, the dot file opened and, for --at, the
 * stop in @opts->stop.
 * Return: 0, or -1 after printing a usage error.
 */
int visual_before(struct visual_opts *vo, const char *name, bool has_actors,
		  struct migsim_scenario_opts *opts);

/*
 * visual_after() - after the run of @w: the Chrome trace, the picture at the
 * end (--dot without --at), and closing the files.
 * Return: 0, or -1 after printing what failed (a file, or an --at moment
 * the run never reached).
 */
int visual_after(struct visual_opts *vo, struct migsim_world *w);

/* The options' lines for a subcommand's --help. */
void visual_usage(FILE *out);

#endif
