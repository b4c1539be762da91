// SPDX-License-Identifier: MIT
/*
 * Public API: actors, one scheduled run, and exploration over many runs
 * with shrinking of the first failing schedule (include/migsim/actors.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "entry.h"
#include "sched.h"
#include "strategy.h"
#include "world_internal.h"

#define DEFAULT_STEP_LIMIT	200000UL
#define DEFAULT_LIVELOCK	1000UL

int migsim_actor_create(struct migsim_world *pw, const char *name, int pid,
			migsim_actor_fn fn, void *arg, int *actor_id)
{
	SIM_API_ENTER(w, pw);
	struct task_struct *t;
	int id;

	if (api_live_task(w, pid, &t))
		return -ESRCH;
	if (!fn)
		return sim_error(w, -EINVAL, "an actor needs a function");
	if (w->crashed)
		return sim_error(w, -ENOTRECOVERABLE, "the run has ended");
	if (w->sched && (w->sched->running || w->sched->finished ||
			 w->sched->actors[0].started))
		return sim_error(w, -EBUSY, "actors have already run in this world");
	id = sched_add_actor(w, name, t, fn, arg);
	if (id < 0)
		return id;
	if (actor_id)
		*actor_id = id;
	return 0;
}

static int check_sched_config(struct world *w, const struct migsim_sched_config *cfg)
{
	if ((unsigned int)cfg->strategy > MIGSIM_STRATEGY_DFS)
		return sim_error(w, -EINVAL, "unknown strategy %d", (int)cfg->strategy);
	if (cfg->pct_depth < 0 || cfg->pct_depth > 8)
		return sim_error(w, -EINVAL, "pct_depth %d is out of range 1..8", cfg->pct_depth);
	if (cfg->preemption_bound < 0)
		return sim_error(w, -EINVAL, "preemption_bound %d is negative",
				 cfg->preemption_bound);
	return 0;
}

static void fill_info(struct world *w, struct migsim_run_info *info)
{
	struct sched *s = w->sched;

	memset(info, 0, sizeof(*info));
	info->truncated = sched_schedule_string(s, info->schedule, sizeof(info->schedule)) ==
			  -ENOSPC;
	info->steps = s->steps;
	info->decisions = (unsigned int)s->nr_decisions;
	info->faults = (unsigned int)s->nr_faults;
	info->preemptions = s->preemptions;
	info->diverged = s->diverged;
	snprintf(info->diverged_msg, sizeof(info->diverged_msg), "%s", s->diverged_msg);
}

/* One run of @w's actors under @st (which the caller owns). */
static int run_once(struct world *w, struct strategy *st, const struct migsim_sched_config *cfg)
{
	struct sched *s = w->sched;
	char err[256];

	if (cfg->schedule && *cfg->schedule) {
		int ret = sched_parse_schedule(cfg->schedule, &s->replay, &s->nr_replay, err,
					       sizeof(err));

		if (ret)
			return sim_error(w, ret, "%s", err);
	}
	s->break_at = cfg->break_at_step;
	if (cfg->stop) {
		int ret = migsim_stop_at((struct migsim_world *)w, cfg->stop);

		if (ret)
			return ret;
	}
	return SIM_RUN(w, sched_run(w, st, w->preempt, cfg->max_faults,
				    cfg->step_limit ? cfg->step_limit : DEFAULT_STEP_LIMIT,
				    cfg->livelock_bound ? cfg->livelock_bound : DEFAULT_LIVELOCK));
}

int migsim_schedule_check(const char *schedule, char *err, size_t errlen)
{
	struct sched_entry *ents = NULL;
	size_t nr = 0;
	char scratch[8];
	int ret;

	if (!err || !errlen) {
		err = scratch;
		errlen = sizeof(scratch);
	}
	if (!schedule) {
		snprintf(err, errlen, "no schedule string");
		return -EINVAL;
	}
	ret = sched_parse_schedule(schedule, &ents, &nr, err, errlen);
	free(ents);
	return ret ? -EINVAL : 0;
}

int migsim_run_actors(struct migsim_world *pw, const struct migsim_sched_config *cfg,
		      struct migsim_run_info *info)
{
	SIM_API_ENTER(w, pw);
	struct migsim_sched_config def = { .strategy = MIGSIM_STRATEGY_REPLAY };
	struct migsim_run_info scratch;
	struct strategy *st;
	int ret;

	if (!cfg)
		cfg = &def;
	SIM_API_OUT(info, scratch);
	ret = check_sched_config(w, cfg);
	if (ret)
		return ret;
	if (!w->sched || !w->sched->nr_actors)
		return sim_error(w, -EINVAL, "no actors to run");
	if (w->sched->actors[0].started)
		return sim_error(w, -EBUSY, "these actors have already run");
	st = strategy_new(cfg);
	if (!st)
		return sim_error(w, -ENOMEM, "out of host memory");
	strategy_begin_run(st, cfg->seed);
	ret = run_once(w, st, cfg);
	if (w->sched)
		fill_info(w, info);
	w->sched->strategy = NULL;
	strategy_free(st);
	return ret;
}

void migsim_point(struct migsim_world *pw, const char *name)
{
	SIM_WITH_WORLD(pw);

	if (!name || !sched_in_actor())
		return;
	if (sim_world->points_armed)
		sched_point(name);
	else
		sched_mark_reached(name);
}

bool migsim_point_reached(const struct migsim_world *pw, const char *name)
{
	const struct world *w = CW(pw);
	unsigned int i;

	if (!w->sched || !name)
		return false;
	for (i = 0; i < w->sched->nr_points; i++)
		if (!strcmp(w->sched->point_name[i], name))
			return w->sched->point_reached[i];
	return false;
}

/* ---- exploration ---- */

struct outcome_key {
	enum migsim_outcome kind;
	char function[64];
	bool truncated;		/* the schedule did not fit: it does not replay */
};

/* The names of the points an exploration's runs reached (a string set). */
#define POINT_SET_SLOTS	1024	/* power of two; > SCHED_MAX_POINTS * 2 */

struct point_set {
	char *name[POINT_SET_SLOTS];
	unsigned int nr;
};

static void point_set_add(struct point_set *ps, const char *name)
{
	unsigned int h = 2166136261u, i;
	const char *c;

	for (c = name; *c; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	for (i = h & (POINT_SET_SLOTS - 1); ps->name[i]; i = (i + 1) & (POINT_SET_SLOTS - 1))
		if (!strcmp(ps->name[i], name))
			return;
	if (ps->nr >= POINT_SET_SLOTS / 2)
		return;		/* full: the count stops growing, nothing else */
	ps->name[i] = strdup(name);
	ps->nr += ps->name[i] != NULL;
}

static void point_set_free(struct point_set *ps)
{
	unsigned int i;

	for (i = 0; i < POINT_SET_SLOTS; i++)
		free(ps->name[i]);
	free(ps);
}

/* As `migsim run` does: a run that ended without a report still has to
 * leave a consistent machine (every run of an exploration, and the
 * self-check's replays alike). */
static void end_of_run_check(struct migsim_world *pw)
{
	if (migsim_outcome(pw) == MIGSIM_OK && W(pw)->checks)
		migsim_check(pw);
}

/* Build a world, run it under @st; fills @key and @sched_str. */
static int explore_run(migsim_build_fn build, void *arg, struct strategy *st,
		       const struct migsim_sched_config *cfg, struct outcome_key *key,
		       char *sched_str, size_t len, bool *reached, const char *require,
		       char *msg, size_t msglen, bool *dfs_more, struct point_set *ps,
		       char *err, size_t errlen)
{
	struct migsim_world *pw = NULL;
	struct world *w;
	int ret = build(&pw, arg);

	if (ret || !pw) {
		snprintf(err, errlen, "building the world failed: %s",
			 pw ? migsim_strerror(pw) : strerror(-ret));
		if (pw)
			migsim_world_destroy(pw);
		return ret ? ret : -EINVAL;
	}
	w = W(pw);
	if (!w->sched || !w->sched->nr_actors) {
		snprintf(err, errlen, "the world has no actors");
		migsim_world_destroy(pw);
		return -EINVAL;
	}
	ret = run_once(w, st, cfg);
	if (ret && ret != -ENOTRECOVERABLE) {
		snprintf(err, errlen, "%s", migsim_strerror(pw));
		migsim_world_destroy(pw);
		return ret;
	}
	end_of_run_check(pw);
	key->kind = migsim_outcome(pw);
	snprintf(key->function, sizeof(key->function), "%s", w->report.function);
	if (msg)
		snprintf(msg, msglen, "%s", w->report.message);
	key->truncated = sched_schedule_string(w->sched, sched_str, len) == -ENOSPC;
	*reached = !require || migsim_point_reached(pw, require);
	if (ps) {
		unsigned int i;

		for (i = 0; i < w->sched->nr_points; i++)
			if (w->sched->point_reached[i])
				point_set_add(ps, w->sched->point_name[i]);
	}
	if (dfs_more)
		*dfs_more = strategy_end_run(st, w->sched);
	w->sched->strategy = NULL;
	migsim_world_destroy(pw);
	return 0;
}

static bool same_failure(const struct outcome_key *a, const struct outcome_key *b)
{
	return a->kind == b->kind && !strcmp(a->function, b->function);
}

static int count_entries(const char *sched)
{
	int n = 0;

	for (; *sched; sched++)
		n += *sched == ';';
	return n;
}

/* Rebuild schedule @sched leaving out entries [@skip, @skip + @nskip). */
static void join_entries(const char *sched, int skip, int nskip, char *out, size_t len)
{
	const char *p = sched;
	size_t n = (size_t)snprintf(out, len, "v1");
	int i = 0;

	p = strchr(p, ';');
	while (p && n < len) {
		const char *next = strchr(p + 1, ';');
		size_t l = next ? (size_t)(next - p) : strlen(p);

		if (i < skip || i >= skip + nskip)
			n += (size_t)snprintf(out + n, len - n, "%.*s", (int)l, p);
		i++;
		p = next;
	}
}

/* Replay @cand strictly (no fallback); 1 when it fails as @want does, with
 * the schedule the run actually spelled in @got. */
static int shrink_try(migsim_build_fn build, void *arg, struct migsim_sched_config *cfg,
		      const struct outcome_key *want, const char *cand, char *got, size_t len,
		      char *err, size_t errlen)
{
	struct strategy *st;
	struct outcome_key key;
	bool reached;
	int ret;

	cfg->schedule = cand;
	st = strategy_new(cfg);
	if (!st)
		return -ENOMEM;
	strategy_set_fallback(st, false);
	strategy_begin_run(st, cfg->seed);
	ret = explore_run(build, arg, st, cfg, &key, got, len, &reached, NULL, NULL, 0, NULL,
			  NULL, err, errlen);
	strategy_free(st);
	if (ret)
		return ret;
	return same_failure(&key, want);
}

/*
 * Shrink (delta debugging over the decisions): try leaving out blocks of
 * decisions, halving the block size down to one, and keep every cut after
 * which the run still fails the same way.  A kept cut is replaced by the
 * schedule the run actually spelled, so decisions that no longer apply
 * (a switch back from an actor that was never switched to) go too.  The
 * result has no decision that can be removed alone (1-minimal): the fewest
 * preemptions and injected faults this search reaches.
 */
static int shrink(migsim_build_fn build, void *arg, const struct migsim_sched_config *base,
		  const struct outcome_key *want, char *sched, size_t len,
		  char *err, size_t errlen)
{
	struct migsim_sched_config cfg = *base;
	char *cand = malloc(len), *got = malloc(len);
	int ret = 0, block;

	if (!cand || !got) {
		free(cand);
		free(got);
		return -ENOMEM;
	}
	cfg.strategy = MIGSIM_STRATEGY_REPLAY;
	cfg.max_faults = 0;
	/* Most races need one decision: try each alone first.  (Entries are
	 * matched in order, so a cut that strands later entries fails to
	 * reproduce even when one of them alone would.) */
	{
		int i, n = count_entries(sched);

		for (i = 0; i < n && n > 1; i++) {
			join_entries(sched, 0, i, cand, len);	/* drop those before i */
			join_entries(cand, 1, n, got, len);	/* and those after */
			snprintf(cand, len, "%s", got);
			ret = shrink_try(build, arg, &cfg, want, cand, got, len, err, errlen);
			if (ret < 0)
				goto out;
			if (ret == 1) {
				ret = 0;
				snprintf(sched, len, "%s", cand);
				goto out;
			}
			ret = 0;
		}
	}
	for (block = count_entries(sched) / 2; block >= 1; block /= 2) {
		bool changed = true;

		while (changed) {
			int i, n = count_entries(sched);

			changed = false;
			for (i = 0; i + block <= n; i += block > 1 ? block : 1) {
				join_entries(sched, i, block, cand, len);
				ret = shrink_try(build, arg, &cfg, want, cand, got, len, err, errlen);
				if (ret < 0)
					goto out;
				if (ret == 1) {
					ret = 0;
					snprintf(sched, len, "%s", count_entries(got) <
						 count_entries(cand) ? got : cand);
					changed = true;
					break;
				}
			}
		}
		if (block == 1)
			break;
	}
out:
	free(cand);
	free(got);
	return ret;
}

static int replay_trace(migsim_build_fn build, void *arg, const char *sched, u64 seed,
			char **trace, size_t *tlen, struct outcome_key *key)
{
	struct migsim_sched_config cfg = { .strategy = MIGSIM_STRATEGY_REPLAY, .schedule = sched,
					   .seed = seed };
	struct migsim_world *pw = NULL;
	struct strategy *st;
	FILE *f;
	int ret = build(&pw, arg);

	if (ret)
		return ret;
	st = strategy_new(&cfg);
	strategy_set_fallback(st, false);
	strategy_begin_run(st, seed);
	run_once(W(pw), st, &cfg);
	end_of_run_check(pw);
	key->kind = migsim_outcome(pw);
	snprintf(key->function, sizeof(key->function), "%s", W(pw)->report.function);
	f = open_memstream(trace, tlen);
	if (f) {
		fprintf(f, "%s|%s|%s\n", migsim_outcome_name(key->kind), W(pw)->report.message,
			W(pw)->report.actors);
		migsim_trace_write(pw, f);
		fclose(f);
	}
	W(pw)->sched->strategy = NULL;
	strategy_free(st);
	migsim_world_destroy(pw);
	return 0;
}

/*
 * PCT spreads its change points over k, the decisions a run takes.  k is
 * measured once per exploration, by a calibration run under the default
 * decisions (no preemption: the run's ordinary length), and then fixed, so
 * that run i's schedule depends only on the master seed and i: -j N
 * workers, --shard slices and a single process try the same schedules.
 */
static int pct_calibrate(migsim_build_fn build, void *arg, struct strategy *st,
			 const struct migsim_sched_config *sched)
{
	struct migsim_sched_config rc = { .strategy = MIGSIM_STRATEGY_REPLAY, .seed = sched->seed,
					  .max_faults = 0 };
	struct migsim_world *pw = NULL;
	struct strategy *def;
	int ret = build(&pw, arg);

	if (ret)
		return ret;
	def = strategy_new(&rc);
	if (!def) {
		migsim_world_destroy(pw);
		return -ENOMEM;
	}
	strategy_set_fallback(def, false);
	strategy_begin_run(def, rc.seed);
	run_once(W(pw), def, &rc);
	strategy_fix_k(st, W(pw)->sched->nr_decisions);	/* every decision, as PCT counts */
	W(pw)->sched->strategy = NULL;
	strategy_free(def);
	migsim_world_destroy(pw);
	return 0;
}

int migsim_explore(migsim_build_fn build, void *arg, const struct migsim_explore_config *cfg,
		   struct migsim_explore_result *res, char *err, size_t errlen)
{
	char scratch[256];
	struct strategy *st;
	struct point_set *ps;
	unsigned long i, every, stride;
	int ret = 0;

	if (!err) {
		err = scratch;
		errlen = sizeof(scratch);
	}
	err[0] = '\0';
	if (!build || !cfg || !res) {
		snprintf(err, errlen, "build, cfg and res are needed");
		return -EINVAL;
	}
	memset(res, 0, sizeof(*res));
	if ((unsigned int)cfg->sched.strategy > MIGSIM_STRATEGY_DFS) {
		snprintf(err, errlen, "unknown strategy %d", (int)cfg->sched.strategy);
		return -EINVAL;
	}
	st = strategy_new(&cfg->sched);
	ps = calloc(1, sizeof(*ps));
	if (!st || !ps) {
		strategy_free(st);
		free(ps);
		return -ENOMEM;
	}
	if (cfg->sched.strategy == MIGSIM_STRATEGY_PCT) {
		ret = pct_calibrate(build, arg, st, &cfg->sched);
		if (ret) {
			snprintf(err, errlen, "building the world: %s", strerror(-ret));
			strategy_free(st);
			point_set_free(ps);
			return ret;
		}
	}
	every = cfg->progress_every ? cfg->progress_every : 1000;
	stride = cfg->run_stride ? cfg->run_stride : 1;
	for (i = 0; i < cfg->runs; i++) {
		unsigned long run = cfg->first_run + i * stride;
		struct migsim_sched_config rc = cfg->sched;
		struct outcome_key key;
		bool reached, more = true;

		strategy_begin_run(st, strategy_run_seed(cfg->sched.seed, run));
		rc.seed = strategy_run_seed(cfg->sched.seed, run);
		ret = explore_run(build, arg, st, &rc, &key, res->schedule, sizeof(res->schedule),
				  &reached, cfg->require_point, res->message, sizeof(res->message),
				  &more, ps, err, errlen);
		if (ret)
			break;
		res->runs++;
		res->distinct_points = ps->nr;
		if (key.kind != MIGSIM_OK && reached) {
			res->found = true;
			res->run = run;
			res->outcome = key.kind;
			snprintf(res->function, sizeof(res->function), "%s", key.function);
			res->decisions_before = (unsigned int)count_entries(res->schedule);
			snprintf(res->shrunk, sizeof(res->shrunk), "%s", res->schedule);
			res->truncated = key.truncated;
			if (key.truncated)
				break;	/* a prefix replays something else */
			if (cfg->shrink) {
				ret = shrink(build, arg, &rc, &key, res->shrunk, sizeof(res->shrunk),
					     err, errlen);
				if (ret)
					break;
			}
			res->decisions_after = (unsigned int)count_entries(res->shrunk);
			if (cfg->self_check) {
				char *t1 = NULL, *t2 = NULL;
				size_t l1 = 0, l2 = 0;
				struct outcome_key k1, k2;

				ret = replay_trace(build, arg, res->shrunk, rc.seed, &t1, &l1, &k1);
				if (!ret)
					ret = replay_trace(build, arg, res->shrunk, rc.seed, &t2, &l2, &k2);
				res->deterministic = !ret && t1 && t2 && !strcmp(t1, t2) &&
						     same_failure(&k1, &key);
				free(t1);
				free(t2);
			}
			break;
		}
		if (!more) {
			res->exhausted = true;
			break;
		}
		if (cfg->progress && res->runs % every == 0 &&
		    !cfg->progress(res, cfg->progress_arg)) {
			res->stopped = true;
			break;
		}
	}
	strategy_free(st);
	point_set_free(ps);
	return ret;
}
