/* SPDX-License-Identifier: MIT */
/* Subcommands of the migsim command that live in their own files. */
#ifndef MIGSIM_SIM_COMMANDS_H
#define MIGSIM_SIM_COMMANDS_H

#include <stdio.h>

/* sim/cmd_topology.c: `migsim topology [--from ...]`. */
int cmd_topology(int argc, char **argv, const char *prog);
void usage_topology(FILE *out, const char *prog);

#endif
