/* SPDX-License-Identifier: MIT */
/*
 * Scheduling strategies: who runs at each decision.  One strategy object
 * lives across the runs of an exploration (DFS keeps its search trail, PCT
 * its estimate of a run's length); each run begins with its own seed.
 */
#ifndef MIGSIM_ENGINE_STRATEGY_H
#define MIGSIM_ENGINE_STRATEGY_H

#include <migsim/migsim.h>
#include <linux/compiler.h>

struct sched;
struct strategy;

struct strategy *strategy_new(const struct migsim_sched_config *cfg);
void strategy_free(struct strategy *st);
void strategy_begin_run(struct strategy *st, u64 run_seed);
/* After a run: DFS moves to the next schedule; false when none is left. */
bool strategy_end_run(struct strategy *st, const struct sched *s);
/* PCT: use @k (the decisions per run; 0 keeps the default) from now on,
 * so that every run's schedule depends only on the master seed and the run
 * number, whichever process runs it and whatever ran before. */
void strategy_fix_k(struct strategy *st, unsigned long k);
bool strategy_is_replay(const struct strategy *st);
/* A diverged replay continues under random from the run's seed (or, when
 * fallback is off, under the default decisions). */
void strategy_fallback(struct strategy *st);
void strategy_set_fallback(struct strategy *st, bool random);
int strategy_choose(struct strategy *st, struct sched *s, int actor, const int *cands, int n,
		    int def);
bool strategy_fault(struct strategy *st, struct sched *s);
u64 strategy_run_seed(u64 master, unsigned long run);
/* The strategies' names, indexed by enum migsim_strategy (4 of them). */
extern const char *const strategy_names[];
#define NR_STRATEGIES 4

#endif
