// SPDX-License-Identifier: MIT
/* `migsim topology`: being written. */
#include "commands.h"

void usage_topology(FILE *out, const char *prog)
{
	fprintf(out, "usage: %s topology (being written)\n", prog);
}

int cmd_topology(int argc, char **argv, const char *prog)
{
	(void)argc;
	(void)argv;
	usage_topology(stderr, prog);
	return 2;
}
