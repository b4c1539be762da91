// SPDX-License-Identifier: MIT
/*
 * The migsim command's --chrome-trace, --dot and --at options (see
 * visual_opts.h and docs/visual.md).  Thin: the pictures, the trace and the
 * stops are the library's (<migsim/visual.h>).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "visual_opts.h"

#include "commands.h"

void visual_usage(FILE *out)
{
	fputs("  --chrome-trace FILE  write a Chrome/Perfetto trace-event JSON ('-': stdout):\n"
	      "                    actors as threads, kernel operations as slices, lock\n"
	      "                    waits, vmstat counters; open it in ui.perfetto.dev\n"
	      "  --dot FILE        write a Graphviz picture of the lists and folios ('-':\n"
	      "                    stdout), at the end of the run or at --at; render it\n"
	      "                    with dot -Tsvg FILE -o FILE.svg\n"
	      "  --at STEP|point:NAME[#N]  take the --dot picture at scheduling step STEP\n"
	      "                    (the numbering of --break-at; runs with actors), or at\n"
	      "                    the N-th pass (default 1) of the named point NAME\n", out);
}

int visual_option(int argc, char **argv, int *i, struct visual_opts *vo)
{
	const char *a = argv[*i];
	const char **slot;

	if (!strcmp(a, "--chrome-trace"))
		slot = &vo->chrome_path;
	else if (!strcmp(a, "--dot"))
		slot = &vo->dot_path;
	else if (!strcmp(a, "--at"))
		slot = &vo->at;
	else
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "%s: %s needs an argument\n", prog, a);
		return -1;
	}
	*slot = argv[++*i];
	return 1;
}

static FILE *open_out(const char *path)
{
	return strcmp(path, "-") ? fopen(path, "w") : stdout;
}

static int close_out(const char *path, FILE *f)
{
	return strcmp(path, "-") ? fclose(f) : fflush(f);
}

/* The --at moment: the picture, written there. */
static void at_stop(struct migsim_world *w, const char *where, void *arg)
{
	struct visual_opts *vo = arg;

	vo->dot_err = migsim_dot_write(w, vo->dot_file);
	vo->dot_written = true;
	fprintf(stderr, "%s: --at %s: picture taken at %s\n", prog, vo->at, where);
}

int visual_before(struct visual_opts *vo, const char *name, bool has_actors,
		  struct migsim_scenario_opts *opts)
{
	char err[160];

	if (vo->chrome_path)
		opts->trace = true;
	if (vo->at && !vo->dot_path) {
		fprintf(stderr, "%s: --at %s: says when to take the --dot picture, and there "
			"is no --dot FILE\n", prog, vo->at);
		return -1;
	}
	if (vo->at) {
		vo->stop.fn = at_stop;
		vo->stop.arg = vo;
		if (migsim_stop_parse(vo->at, &vo->stop, err, sizeof(err))) {
			fprintf(stderr, "%s: --at: %s\n", prog, err);
			return -1;
		}
		if (vo->stop.step && !has_actors) {
			fprintf(stderr, "%s: --at %s: scenario '%s' has no actors and so no "
				"steps; use --at point:NAME[#N]\n", prog, vo->at, name);
			return -1;
		}
		opts->stop = &vo->stop;
	}
	/* Refuse an output that cannot be written before anything runs; the
	 * picture is kept in memory until the run is over, so a failed run
	 * leaves an existing file as it was. */
	if ((vo->dot_path && !out_writable(vo->dot_path)) ||
	    (vo->chrome_path && !out_writable(vo->chrome_path)))
		return -1;
	if (vo->dot_path) {
		vo->dot_file = open_memstream(&vo->dot_buf, &vo->dot_len);
		if (!vo->dot_file) {
			fprintf(stderr, "%s: --dot: %s\n", prog, strerror(errno));
			return -1;
		}
	}
	return 0;
}

int visual_after(struct visual_opts *vo, struct migsim_world *w)
{
	int ret = 0;

	if (vo->dot_file) {
		if (!vo->at) {
			vo->dot_err = migsim_dot_write(w, vo->dot_file);
			vo->dot_written = true;
		}
		bool bad = fclose(vo->dot_file) || vo->dot_err;

		vo->dot_file = NULL;
		if (!vo->dot_written) {
			fprintf(stderr, "%s: --at %s: the run ended before it got there; no "
				"picture in %s\n", prog, vo->at, vo->dot_path);
			ret = -1;
		} else {
			FILE *f = bad ? NULL : open_out(vo->dot_path);

			bool written = f && fwrite(vo->dot_buf, 1, vo->dot_len, f) == vo->dot_len;

			/* Close even after a short write: the file is not left open. */
			if (f && close_out(vo->dot_path, f))
				written = false;
			if (!written) {
				fprintf(stderr, "%s: cannot write %s\n", prog, vo->dot_path);
				ret = -1;
			}
		}
		free(vo->dot_buf);
		vo->dot_buf = NULL;
	}
	if (vo->chrome_path) {
		FILE *f = open_out(vo->chrome_path);

		if (!f || migsim_chrome_trace_write(w, f) || close_out(vo->chrome_path, f)) {
			fprintf(stderr, "%s: cannot write %s: %s\n", prog, vo->chrome_path,
				strerror(errno));
			ret = -1;
		}
	}
	return ret;
}
