// SPDX-License-Identifier: MIT
/* `migsim list` and `migsim kernels`: what is built in. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <migsim/migsim.h>
#include "commands.h"

void usage_kernels(FILE *out)
{
	fprintf(out,
		"usage: %s kernels [--json]\n"
		"\n"
		"List the kernel profiles (BASE or BASE+PATCH), the historical patches, and\n"
		"the value of every behaviour switch under each base profile.\n", prog);
}

void usage_list(FILE *out)
{
	fprintf(out, "usage: %s list\n\nList the built-in scenarios.\n", prog);
}

int cmd_list(int argc, char **argv)
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

int cmd_kernels(int argc, char **argv)
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
				       migsim_kernel_switch(migsim_kernel_name(k),
							    s) ? "true" : "false");
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
			printf(" %9s", migsim_kernel_switch(migsim_kernel_name(k),
							    s) ? "yes" : "-");
		printf("\n");
	}
	printf("\nswitches:\n");
	for (s = 0; s < migsim_kernel_switch_count(); s++)
		printf("  %-28s %s\n", migsim_kernel_switch_name(s),
		       migsim_kernel_switch_description(s));
	return 0;
}
