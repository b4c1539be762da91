/* SPDX-License-Identifier: MIT */
#ifndef MIGSIM_SIM_BENCH_H
#define MIGSIM_SIM_BENCH_H

#include <stdio.h>

int bench_main(int argc, char **argv, const char *prog);
void bench_usage(FILE *out, const char *prog);

#endif
