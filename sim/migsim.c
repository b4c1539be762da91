// SPDX-License-Identifier: MIT
/*
 * migsim: the command-line face of libmigsim.  Thin: parse, call the
 * public API, print.  Exit status: 0 when the outcome is ok (or the one
 * --expect named), 1 for any other outcome, 2 for a usage or input error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <migsim/migsim.h>
#include "config.h"
#include "bench.h"

#define EXIT_USAGE 2

static const char *prog = "migsim";

static void usage_main(FILE *out)
{
	fprintf(out,
		"usage: %s COMMAND [OPTIONS]\n"
		"\n"
		"Deterministic simulation of Linux page migration.\n"
		"\n"
		"commands:\n"
		"  run NAME       run a built-in seed scenario and tell its story\n"
		"  list           list the built-in scenarios\n"
		"  kernels        list the kernel profiles, patches and their switches\n"
		"  bench          measure the simulator against its performance budgets\n"
		"  help COMMAND   help for one command (same as COMMAND --help)\n"
		"\n"
		"options:\n"
		"  -h, --help     this help\n"
		"  --version      print the version\n"
		"\n"
		"Exit status: 0 when the outcome is ok, 1 for any other outcome (bug, warn,\n"
		"list-corruption, invariant, ...), 2 for a usage or input error.\n", prog);
}

static void usage_run(FILE *out)
{
	fprintf(out,
		"usage: %s run NAME [--kernel PROFILE] [--seed N] [--json] [--trace FILE]\n"
		"                  [--expect OUTCOME]\n"
		"\n"
		"Run a built-in scenario (see `%s list`) and print what happened: what was\n"
		"built, what migrate_pages() did with each list, the vmstat counters before\n"
		"and after, and the report if one fired.\n"
		"\n"
		"  --kernel PROFILE  kernel profile, e.g. 6.12, 6.10-rc1, 6.9+deferred-split-v5\n"
		"  --seed N          the world's seed (default 1)\n"
		"  --json            print one JSON object instead of the story\n"
		"  --trace FILE      write the migrate tracepoints in ftrace text format\n"
		"  --expect OUTCOME  exit 0 exactly when the outcome is OUTCOME (ok, bug, warn,\n"
		"                    list-corruption, invariant, assert, deadlock, livelock)\n",
		prog, prog);
}

static void usage_kernels(FILE *out)
{
	fprintf(out,
		"usage: %s kernels [--json]\n"
		"\n"
		"List the kernel profiles (BASE or BASE+PATCH), the historical patches, and\n"
		"the value of every behaviour switch under each base profile.\n", prog);
}

static void usage_list(FILE *out)
{
	fprintf(out, "usage: %s list\n\nList the built-in scenarios.\n", prog);
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || !*s || *end ? -EINVAL : 0;
}

static int outcome_by_name(const char *name)
{
	int o;

	for (o = MIGSIM_OK; o <= MIGSIM_LIVELOCK; o++)
		if (!strcmp(name, migsim_outcome_name((enum migsim_outcome)o)))
			return o;
	return -1;
}

static int need_arg(int i, int argc, const char *opt)
{
	if (i + 1 >= argc) {
		fprintf(stderr, "%s: %s needs a value\n", prog, opt);
		return 0;
	}
	return 1;
}

static int cmd_run(int argc, char **argv)
{
	struct migsim_scenario_opts opts = { .seed = 1 };
	const char *name = NULL, *trace_path = NULL;
	struct migsim_world *w;
	bool json = false;
	int expect = MIGSIM_OK, i, ret, status;
	char err[512];

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage_run(stdout);
			return 0;
		} else if (!strcmp(a, "--kernel")) {
			if (!need_arg(i, argc, a))
				return EXIT_USAGE;
			opts.kernel = argv[++i];
		} else if (!strcmp(a, "--seed")) {
			if (!need_arg(i, argc, a))
				return EXIT_USAGE;
			if (parse_u64(argv[++i], &opts.seed)) {
				fprintf(stderr, "%s: --seed: '%s' is not a number\n", prog, argv[i]);
				return EXIT_USAGE;
			}
		} else if (!strcmp(a, "--json")) {
			json = true;
		} else if (!strcmp(a, "--trace")) {
			if (!need_arg(i, argc, a))
				return EXIT_USAGE;
			trace_path = argv[++i];
			opts.trace = true;
		} else if (!strcmp(a, "--expect")) {
			if (!need_arg(i, argc, a))
				return EXIT_USAGE;
			expect = outcome_by_name(argv[++i]);
			if (expect < 0) {
				fprintf(stderr, "%s: --expect: unknown outcome '%s'\n", prog, argv[i]);
				return EXIT_USAGE;
			}
		} else if (a[0] == '-') {
			fprintf(stderr, "%s: run: unknown option '%s' (see %s run --help)\n", prog, a,
				prog);
			return EXIT_USAGE;
		} else if (!name) {
			name = a;
		} else {
			fprintf(stderr, "%s: run: one scenario at a time ('%s' and '%s')\n", prog,
				name, a);
			return EXIT_USAGE;
		}
	}
	if (!name) {
		usage_run(stderr);
		return EXIT_USAGE;
	}
	opts.story = json ? NULL : stdout;
	ret = migsim_scenario_run(name, &opts, &w, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return EXIT_USAGE;
	}
	if (json)
		migsim_scenario_write_json(w, name, stdout);
	if (trace_path) {
		FILE *f = fopen(trace_path, "w");

		if (!f || migsim_trace_write(w, f) || fclose(f)) {
			fprintf(stderr, "%s: cannot write %s: %s\n", prog, trace_path,
				strerror(errno));
			migsim_world_destroy(w);
			return EXIT_USAGE;
		}
	}
	status = (int)migsim_outcome(w) == expect ? 0 : 1;
	migsim_world_destroy(w);
	return status;
}

static int cmd_list(int argc, char **argv)
{
	size_t i;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage_list(stdout);
		return 0;
	}
	for (i = 0; i < migsim_scenario_count(); i++)
		printf("%-28s %s\n", migsim_scenario_name(i), migsim_scenario_summary(i));
	return 0;
}

static int cmd_kernels(int argc, char **argv)
{
	size_t k, p, s, nk = migsim_kernel_count();
	bool json = false;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage_kernels(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--json")) {
			json = true;
		} else {
			fprintf(stderr, "%s: kernels: unknown argument '%s'\n", prog, argv[i]);
			return EXIT_USAGE;
		}
	}
	if (json) {
		printf("{\"profiles\": [");
		for (k = 0; k < nk; k++) {
			printf("%s{\"name\": \"%s\", \"switches\": {", k ? ", " : "",
			       migsim_kernel_name(k));
			for (s = 0; s < migsim_kernel_switch_count(); s++)
				printf("%s\"%s\": %s", s ? ", " : "", migsim_kernel_switch_name(s),
				       migsim_kernel_switch(migsim_kernel_name(k), s) ? "true" : "false");
			printf("}}");
		}
		printf("], \"patches\": [");
		for (p = 0; p < migsim_kernel_patch_count(); p++)
			printf("%s\"%s\"", p ? ", " : "", migsim_kernel_patch_name(p));
		printf("]}\n");
		return 0;
	}
	printf("profiles (default 6.12); write BASE or BASE+PATCH:\n ");
	for (k = 0; k < nk; k++)
		printf(" %s", migsim_kernel_name(k));
	printf("\n\npatches:\n");
	for (p = 0; p < migsim_kernel_patch_count(); p++)
		printf("  %-22s %s\n", migsim_kernel_patch_name(p),
		       migsim_kernel_patch_description(p));
	printf("\n%-30s", "switch");
	for (k = 0; k < nk; k++)
		printf(" %9s", migsim_kernel_name(k));
	printf("\n");
	for (s = 0; s < migsim_kernel_switch_count(); s++) {
		printf("%-30s", migsim_kernel_switch_name(s));
		for (k = 0; k < nk; k++)
			printf(" %9s", migsim_kernel_switch(migsim_kernel_name(k), s) ? "yes" : "-");
		printf("\n");
	}
	printf("\nswitches:\n");
	for (s = 0; s < migsim_kernel_switch_count(); s++)
		printf("  %-28s %s\n", migsim_kernel_switch_name(s),
		       migsim_kernel_switch_description(s));
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		usage_main(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		usage_main(stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version")) {
		printf("migsim %s\n", MIGSIM_VERSION_STRING);
		return 0;
	}
	if (!strcmp(cmd, "help")) {
		const char *what = argc > 2 ? argv[2] : "";

		if (!strcmp(what, "run"))
			usage_run(stdout);
		else if (!strcmp(what, "kernels"))
			usage_kernels(stdout);
		else if (!strcmp(what, "bench"))
			bench_usage(stdout, prog);
		else if (!strcmp(what, "list"))
			usage_list(stdout);
		else
			usage_main(stdout);
		return 0;
	}
	if (!strcmp(cmd, "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(cmd, "list"))
		return cmd_list(argc - 1, argv + 1);
	if (!strcmp(cmd, "kernels"))
		return cmd_kernels(argc - 1, argv + 1);
	if (!strcmp(cmd, "bench"))
		return bench_main(argc - 1, argv + 1, prog);
	fprintf(stderr, "%s: unknown command '%s' (see %s --help)\n", prog, cmd, prog);
	return EXIT_USAGE;
}
