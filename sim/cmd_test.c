// SPDX-License-Identifier: MIT
/* `migsim test FILE...`: scenario files against their expectations. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <migsim/migsim.h>
#include "commands.h"

void usage_test(FILE *out)
{
	fprintf(out,
		"usage: %s test FILE... [--kernel PROFILE] [--json] [--quiet]\n"
		"\n"
		"Run each scenario file under every kernel profile its expect: entries name\n"
		"(only PROFILE with --kernel) and compare what happened with what the file\n"
		"expects: the outcome, the report, page placement, operation results and\n"
		"move_pages status arrays, vmstat changes, points reached, node counters.\n"
		"One line per (file, profile): PASS, or FAIL and what differed.  This is what\n"
		"`meson test` runs for each file in tests/scenarios/.\n"
		"\n"
		"  --kernel PROFILE  only this profile (a file with no entry for it FAILs)\n"
		"  --json            one JSON object per line instead\n"
		"  --quiet           print only the failures\n"
		"\n"
		"Exit status: 0 when every expectation holds, 1 when one does not, 2 for a\n"
		"malformed file (FILE:LINE:COLUMN: error: ...; nothing is run) or usage.\n",
		prog);
}

void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", (unsigned char)*s);
		else
			putchar(*s);
	}
	putchar('"');
}

int cmd_test(int argc, char **argv)
{
	struct migsim_scenario_file *sfs[256];
	const char *kernel = NULL;
	bool json = false, quiet = false;
	int i, nf = 0, status = 0;
	size_t k;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage_test(stdout);
			return 0;
		} else if (!strcmp(a, "--kernel")) {
			if (!need_arg(i, argc, a))
				return EXIT_USAGE;
			kernel = argv[++i];
		} else if (!strcmp(a, "--json")) {
			json = true;
		} else if (!strcmp(a, "--quiet")) {
			quiet = true;
		} else if (a[0] == '-') {
			fprintf(stderr, "%s: test: unknown option '%s' (see %s test --help)\n",
				prog,
				a, prog);
			return EXIT_USAGE;
		}
	}
	if (kernel && migsim_kernel_switch(kernel, 0) < 0) {
		fprintf(stderr, "%s: test: --kernel: '%s' is not a kernel profile (see %s "
			"kernels)\n", prog, kernel, prog);
		return EXIT_USAGE;
	}
	/* Every file is loaded and checked before anything runs. */
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--kernel")) {
			i++;
			continue;
		}
		if (argv[i][0] == '-')
			continue;
		if (nf == 256) {
			fprintf(stderr, "%s: test: at most 256 files at a time\n", prog);
			status = EXIT_USAGE;
			break;
		}
		sfs[nf] = load_file(argv[i]);
		if (!sfs[nf]) {
			status = EXIT_USAGE;
			break;
		}
		nf++;
	}
	if (!status && !nf) {
		usage_test(stderr);
		status = EXIT_USAGE;
	}
	/* A FAIL goes on to the next file; only a usage error stops. */
	for (i = 0; i < nf && status != EXIT_USAGE; i++) {
		struct migsim_scenario_file *sf = sfs[i];
		size_t nk = migsim_scenario_file_kernel_count(sf);
		bool any = false;

		for (k = 0; k < nk || (!any && k == nk); k++) {
			const char *kn = k < nk ? migsim_scenario_file_kernel_at(sf, k) : NULL;
			const char *shown = kn ? kn : kernel ? kernel : "-";
			struct migsim_scenario_opts opts = { .kernel = kn, .preempt = -1 };
			struct migsim_world *w = NULL;
			char err[1024], diff[2048] = "";
			int r;

			if (kernel && kn && strcmp(kernel, kn))
				continue;
			any = true;
			if (!kn) {
				r = 1;
				snprintf(diff, sizeof(diff), kernel ? "no expect entry for this "
					 "kernel" : "the file has no expect entries");
			} else if (migsim_scenario_file_run(sf, &opts, &w, err, sizeof(err))) {
				fprintf(stderr, "%s\n", err);
				status = EXIT_USAGE;
				break;
			} else {
				r = migsim_scenario_file_check(sf, w, kn, diff, sizeof(diff));
			}
			if (r)
				status = 1;
			if (json) {
				printf("{\"scenario\": ");
				json_str(migsim_scenario_file_name(sf));
				printf(", \"kernel\": ");
				json_str(shown);
				printf(", \"pass\": %s, \"outcome\": ", r ? "false" : "true");
				json_str(w ? migsim_outcome_name(migsim_outcome(w)) : "");
				printf(", \"differed\": ");
				json_str(diff);
				printf("}\n");
			} else if (r) {
				printf("FAIL %s %s: %s\n", migsim_scenario_file_name(sf), shown,
				       diff);
			} else if (!quiet) {
				printf("PASS %s %s (%s)\n", migsim_scenario_file_name(sf), kn,
				       migsim_outcome_name(migsim_outcome(w)));
			}
			if (w)
				migsim_world_destroy(w);
		}
	}
	for (i = 0; i < nf; i++)
		migsim_scenario_file_free(sfs[i]);
	return status;
}
