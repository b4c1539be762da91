// SPDX-License-Identifier: MIT
/*
 * `migsim topology`: print the simulated machine a preset or an import
 * describes (docs/topology.md).  Thin: parse the options, call
 * migsim_topology_*(), boot a world from the result to prove it runs, print.
 * Exit status: 0, 1 when the host import is unavailable (no libnuma, no
 * NUMA), 2 for a usage or input error.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <migsim/migsim.h>
#include "commands.h"

void usage_topology(FILE *out, const char *prog)
{
	fprintf(out,
		"usage: %s topology [--preset NAME | --from SOURCE | --list] [--json]\n"
		"\n"
		"Print the machine the simulator would run: each node's size, memory tier\n"
		"and CPUs, and the distance matrix.  Without a source, the default machine\n"
		"(2 nodes of 1 GiB).  What an import had to change to fit the simulator\n"
		"(renumbered nodes, rounded sizes, folded memoryless nodes) is printed as\n"
		"'note:' lines on standard error.\n"
		"\n"
		"sources:\n"
		"  --preset NAME          a built-in machine (see --list)\n"
		"  --from numactl:FILE    `numactl --hardware` output saved in FILE\n"
		"                         (numactl:- reads standard input)\n"
		"  --from sysfs:DIR       a copy of /sys/devices/system/node (nodeN/meminfo,\n"
		"                         distance, cpulist), or of a whole /sys; memory tiers\n"
		"                         from DIR/memory_tiering when present\n"
		"  --from host            this machine, through libnuma\n"
		"  --list                 list the presets\n"
		"\n"
		"options:\n"
		"  --json                 one JSON object instead of text\n"
		"  --memory-tiering DIR   with sysfs: a copy of\n"
		"                         /sys/devices/virtual/memory_tiering\n"
		"  --trim-cpus            keep the first CPUs of each node when the input has\n"
		"                         more than %d CPUs, instead of failing\n"
		"  -h, --help             this help\n"
		"\n"
		"Exit status: 0; 1 when --from host is unavailable (no libnuma, no NUMA);\n"
		"2 for a usage or input error (the message says FILE:LINE and what was\n"
		"expected).\n", prog, MIGSIM_MAX_CPUS);
}

static int list_presets(bool json)
{
	size_t i, n = migsim_topology_preset_count();

	if (json)
		fputs("[", stdout);
	for (i = 0; i < n; i++) {
		if (json)
			printf("%s{\"name\":\"%s\",\"description\":\"%s\"}", i ? "," : "",
			       migsim_topology_preset_name(i),
			       migsim_topology_preset_description(i));
		else
			printf("%-10s %s\n", migsim_topology_preset_name(i),
			       migsim_topology_preset_description(i));
	}
	if (json)
		fputs("]\n", stdout);
	return 0;
}

int cmd_topology(int argc, char **argv, const char *prog)
{
	struct migsim_topology_import imp = { 0 };
	const char *preset = NULL, *from = NULL, *tiering = NULL;
	struct migsim_config cfg;
	struct migsim_world *w;
	bool json = false, list = false;
	char err[1024];
	int i, ret;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage_topology(stdout, prog);
			return 0;
		} else if (!strcmp(a, "--json")) {
			json = true;
		} else if (!strcmp(a, "--list")) {
			list = true;
		} else if (!strcmp(a, "--trim-cpus")) {
			imp.flags |= MIGSIM_TOPOLOGY_TRIM_CPUS;
		} else if (!strcmp(a, "--preset") || !strcmp(a, "--from") ||
			   !strcmp(a, "--memory-tiering")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "%s topology: %s needs a value\n", prog, a);
				return 2;
			}
			if (!strcmp(a, "--preset"))
				preset = argv[++i];
			else if (!strcmp(a, "--from"))
				from = argv[++i];
			else
				tiering = argv[++i];
		} else {
			fprintf(stderr, "%s topology: unknown option '%s'\n", prog, a);
			usage_topology(stderr, prog);
			return 2;
		}
	}
	if (!!preset + !!from + list > 1) {
		fprintf(stderr, "%s topology: give one of --preset, --from and --list\n", prog);
		return 2;
	}
	if (tiering && !(from && !strncmp(from, "sysfs:", 6))) {
		fprintf(stderr, "%s topology: --memory-tiering goes with --from sysfs:DIR\n", prog);
		return 2;
	}
	if (list)
		return list_presets(json);

	migsim_config_init(&cfg);
	err[0] = '\0';
	if (preset) {
		ret = migsim_topology_preset(&cfg, preset, err, sizeof(err));
	} else if (!from) {
		ret = 0;
	} else if (!strncmp(from, "numactl:", 8) && from[8]) {
		ret = migsim_topology_from_numactl_file(&cfg, from + 8, &imp, err, sizeof(err));
	} else if (!strncmp(from, "sysfs:", 6) && from[6]) {
		ret = migsim_topology_from_sysfs(&cfg, from + 6, tiering, &imp, err, sizeof(err));
	} else if (!strcmp(from, "host")) {
		ret = migsim_topology_from_host(&cfg, &imp, err, sizeof(err));
	} else {
		fprintf(stderr, "%s topology: --from '%s': expected numactl:FILE, sysfs:DIR "
			"or host\n", prog, from);
		return 2;
	}
	if (ret) {
		fprintf(stderr, "%s\n", err);
		return ret == -ENOTSUP || ret == -ENODEV ? 1 : 2;
	}
	fputs(imp.notes, stderr);

	/* What is printed must also boot. */
	ret = migsim_world_create(&cfg, &w, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "%s topology: the simulator rejects this machine: %s\n", prog, err);
		return 2;
	}
	migsim_world_destroy(w);
	if (migsim_topology_write(&cfg, stdout, json)) {
		fprintf(stderr, "%s topology: cannot write the output\n", prog);
		return 2;
	}
	return 0;
}
