// SPDX-License-Identifier: MIT
/*
 * Strategies.
 *
 *  replay  the default decision everywhere; a schedule string supplies the
 *          others (sched.c matches them).
 *  random  a uniformly random candidate at every decision (seeded).
 *  pct     probabilistic concurrency testing (Burckhardt, Kothari,
 *          Musuvathi, Nagarakatte, ASPLOS 2010): random distinct actor
 *          priorities, d-1 random change points over the expected number of
 *          decisions k; always run the highest-priority candidate, and at the
 *          i-th change point drop the running actor's priority to i.  A bug
 *          of depth d is found with probability at least 1/(n k^(d-1)).
 *  dfs     exhaustive over decision sequences with at most B preemptions,
 *          by stateless re-execution: each run replays a prefix of the
 *          previous one and takes the next untried alternative.
 *
 * All randomness is a splitmix64 stream from the run's seed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "sched.h"
#include "strategy.h"

struct dfs_node {
	int n;			/* candidates */
	int def;		/* the default's index */
	int alt;		/* 0: the default; k > 0: the k-th other candidate */
	bool preemptible;	/* a non-default choice here is a preemption */
};

struct strategy {
	enum migsim_strategy kind;
	bool fallen_back;
	bool fallback_random;
	u64 rng;
	u64 seed;
	/* pct */
	int depth;
	unsigned long k;
	bool k_fixed;		/* k was calibrated: runs do not change it */
	unsigned long change[8];
	int prio[SCHED_MAX_ACTORS];
	unsigned long decisions;
	/* dfs */
	struct dfs_node *trail;
	size_t trail_len, trail_cap, pos;
	int bound;
	/* faults */
	unsigned int fault_odds;	/* 1 in fault_odds fault points inject */
};

static u64 splitmix(u64 *x)
{
	u64 z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static u64 below(struct strategy *st, u64 n)
{
	u64 r;

	if (!n)
		return 0;
	r = splitmix(&st->rng);
	/* The same numbers as r % n; a mask where n is a power of two (two
	 * candidates, most decisions) spares the division. */
	return (n & (n - 1)) ? r % n : r & (n - 1);
}

const char *const strategy_names[NR_STRATEGIES] = { "replay", "random", "pct", "dfs" };

const char *migsim_strategy_name(enum migsim_strategy s)
{
	return (unsigned int)s < NR_STRATEGIES ? strategy_names[s] : NULL;
}

u64 strategy_run_seed(u64 master, unsigned long run)
{
	u64 x = master ^ ((u64)run * 0xd1b54a32d192ed03ULL);

	return splitmix(&x);
}

struct strategy *strategy_new(const struct migsim_sched_config *cfg)
{
	struct strategy *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	st->kind = cfg->strategy;
	st->seed = cfg->seed;
	st->rng = cfg->seed;
	st->depth = cfg->pct_depth > 0 ? cfg->pct_depth : 3;
	if (st->depth > 8)
		st->depth = 8;
	st->k = 1000;
	st->bound = cfg->preemption_bound > 0 ? cfg->preemption_bound : 2;
	st->fault_odds = 8;
	st->fallback_random = true;
	return st;
}

void strategy_free(struct strategy *st)
{
	if (!st)
		return;
	free(st->trail);
	free(st);
}

bool strategy_is_replay(const struct strategy *st)
{
	return st->kind == MIGSIM_STRATEGY_REPLAY && !st->fallen_back;
}

void strategy_set_fallback(struct strategy *st, bool random)
{
	st->fallback_random = random;
}

void strategy_fallback(struct strategy *st)
{
	if (st->kind == MIGSIM_STRATEGY_REPLAY && st->fallback_random)
		st->fallen_back = true;	/* random from here on */
}

void strategy_begin_run(struct strategy *st, u64 run_seed)
{
	int n = SCHED_MAX_ACTORS, i, j;

	st->rng = run_seed;
	st->seed = run_seed;
	st->decisions = 0;
	st->pos = 0;
	if (st->kind == MIGSIM_STRATEGY_REPLAY)
		st->fallen_back = false;
	if (st->kind != MIGSIM_STRATEGY_PCT)
		return;
	/* Priorities depth .. depth+n-1, a random permutation. */
	for (i = 0; i < n; i++)
		st->prio[i] = st->depth + i;
	for (i = n - 1; i > 0; i--) {
		int t;

		j = (int)below(st, (u64)i + 1);
		t = st->prio[i];
		st->prio[i] = st->prio[j];
		st->prio[j] = t;
	}
	for (i = 0; i < st->depth - 1; i++)
		st->change[i] = 1 + below(st, st->k);
}

void strategy_fix_k(struct strategy *st, unsigned long k)
{
	if (k)
		st->k = k;
	st->k_fixed = true;
}

bool strategy_end_run(struct strategy *st, const struct sched *s)
{
	if (st->kind == MIGSIM_STRATEGY_PCT && st->decisions > 0 && !st->k_fixed)
		st->k = st->decisions;	/* the next runs' estimate of k */
	if (st->kind != MIGSIM_STRATEGY_DFS)
		return true;
	(void)s;
	/* Backtrack: the deepest decision with an alternative left that keeps
	 * within the preemption bound. */
	while (st->trail_len) {
		struct dfs_node *d = &st->trail[st->trail_len - 1];
		size_t i;
		int used = 0;

		for (i = 0; i + 1 < st->trail_len; i++)
			used += st->trail[i].alt && st->trail[i].preemptible;
		if (d->alt + 1 < d->n && (!d->preemptible || used < st->bound)) {
			d->alt++;
			return true;
		}
		st->trail_len--;
	}
	return false;	/* every schedule within the bound has run */
}

static int alt_to_index(const struct dfs_node *d)
{
	/* alt 0 is the default; the others in candidate order, skipping it. */
	if (!d->alt)
		return d->def;
	return d->alt - 1 < d->def ? d->alt - 1 : d->alt;
}

static int dfs_choose(struct strategy *st, struct sched *s, int actor, int n, int def)
{
	struct dfs_node *d;

	if (st->pos < st->trail_len) {
		d = &st->trail[st->pos++];
		if (d->n == n && d->def == def)
			return alt_to_index(d);
		/* The run took another path than the trail says (nondeterminism
		 * would be a bug): keep the default and cut the trail here. */
		st->trail_len = st->pos - 1;
	}
	if (st->trail_len == st->trail_cap) {
		size_t cap = st->trail_cap ? st->trail_cap * 2 : 256;
		struct dfs_node *t = realloc(st->trail, cap * sizeof(*t));

		if (!t)
			return def;
		st->trail = t;
		st->trail_cap = cap;
	}
	d = &st->trail[st->trail_len++];
	st->pos = st->trail_len;
	d->n = n;
	d->def = def;
	d->alt = 0;
	d->preemptible = actor >= 0 && s->actors[actor].state == ACTOR_RUNNABLE;
	return def;
}

int strategy_choose(struct strategy *st, struct sched *s, int actor, const int *cands, int n,
		    int def)
{
	int i, best;

	st->decisions++;
	switch (st->kind) {
	case MIGSIM_STRATEGY_REPLAY:
		if (st->fallen_back)
			return (int)below(st, (u64)n);
		return def;
	case MIGSIM_STRATEGY_RANDOM:
		return (int)below(st, (u64)n);
	case MIGSIM_STRATEGY_PCT:
		for (i = 0; i < st->depth - 1; i++)
			if (st->change[i] == st->decisions && actor >= 0)
				st->prio[actor] = i + 1;
		best = 0;
		for (i = 1; i < n; i++)
			if (st->prio[cands[i]] > st->prio[cands[best]])
				best = i;
		return best;
	case MIGSIM_STRATEGY_DFS:
		return dfs_choose(st, s, actor, n, def);
	}
	return def;
}

bool strategy_fault(struct strategy *st, struct sched *s)
{
	(void)s;
	if (st->kind == MIGSIM_STRATEGY_DFS ||
	    (st->kind == MIGSIM_STRATEGY_REPLAY && !st->fallen_back))
		return false;
	return below(st, st->fault_odds) == 0;
}
