/* SPDX-License-Identifier: MIT */
/*
 * The migsim command's pieces: subcommands that live in files of their own,
 * and the few helpers they share with sim/migsim.c.
 */
#ifndef MIGSIM_SIM_COMMANDS_H
#define MIGSIM_SIM_COMMANDS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define EXIT_USAGE 2

struct migsim_scenario_file;

/* sim/migsim.c */
extern const char *const prog;
/* A number (decimal, 0x hex, 0 octal); -EINVAL if @s is not all of one. */
int parse_u64(const char *s, uint64_t *v);
/* 1 if option @opt at argv[@i] has a value after it; else 0, said on stderr. */
int need_arg(int i, int argc, const char *opt);
/* A path ending in .yaml or .yml, or containing '/', is a scenario file. */
bool is_file_arg(const char *a);
/* May @path ('-': stdout) be written?  If not, say so on stderr: checked
 * before a run, so that nothing runs for an output that cannot be kept. */
bool out_writable(const char *path);
/* Load a scenario file; on failure print its FILE:LINE:COLUMN message. */
struct migsim_scenario_file *load_file(const char *path);

/* sim/cmd_test.c: `migsim test FILE...`. */
int cmd_test(int argc, char **argv);
void usage_test(FILE *out);
/* @s as a JSON string, on stdout. */
void json_str(const char *s);

/* sim/cmd_info.c: `migsim list`, `migsim kernels`. */
int cmd_list(int argc, char **argv);
void usage_list(FILE *out);
int cmd_kernels(int argc, char **argv);
void usage_kernels(FILE *out);

/* sim/cmd_topology.c: `migsim topology [--from ...]`. */
int cmd_topology(int argc, char **argv, const char *prog);
void usage_topology(FILE *out, const char *prog);

#endif
