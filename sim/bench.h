/* SPDX-License-Identifier: MIT */
#ifndef MIGSIM_SIM_BENCH_H
#define MIGSIM_SIM_BENCH_H

#include <stdbool.h>
#include <stdio.h>

int bench_main(int argc, char **argv, const char *prog);
void bench_usage(FILE *out, const char *prog);
/* sim/bench_sched.c: the scheduler's figures, appended to bench's output. */
int bench_sched(bool json, bool quick, bool *ok);
/* sim/bench.c: the monotonic clock in ns, and qsort's order for doubles. */
double bench_now_ns(void);
int bench_cmp_double(const void *a, const void *b);

#endif
