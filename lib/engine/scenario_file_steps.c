// SPDX-License-Identifier: MIT
/*
 * Scenario files: what runs.  setup: and each actor's ops: are lists of
 * operations from the table in scenario_file_ops.c, one "OP: ARGS" per
 * item; the arguments are checked here, key by key.  Then actors: and
 * strategy:.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "scenario_file_parse.h"
#include "sched.h"
#include "strategy.h"

/* ---- operations ---- */

static int define_id(struct parser *p, node_t *n, const char *key, char **names, int *nr,
		     int *slot)
{
	TRY(sfp_want(p, n, YAML_SCALAR_NODE, key));
	if (sfp_find_name(names, *nr, sfp_sval(n)) >= 0)
		return perr(p, n, "%s: '%s' is already defined", key, sfp_sval(n));
	if (*nr >= SF_MAX_IDS)
		return perr(p, n, "%s: at most %d names", key, SF_MAX_IDS);
	names[*nr] = strdup(sfp_sval(n));
	if (!names[*nr])
		return -ENOMEM;
	*slot = (*nr)++;
	return 0;
}

/* MPOL_MF_* combinations; index -> flags in sf_mf_flags() (scenario_file_ops.c). */
static const char *const move_flag_words[] = { "none", "move", "move_all", "strict",
					       "strict+move", "strict+move_all" };
static const char *const policy_words[] = { "default", "preferred", "bind", "interleave",
					    "local", "preferred_many", "weighted_interleave" };
static const char *const balancing_words[] = { "off", "normal", "tiering", "normal+tiering" };
static const char *const who_words[] = { "kswapd", "direct" };

static int get_node_mask(struct parser *p, node_t *n, const char *key, uint64_t *mask)
{
	node_t *e;
	size_t i;
	int nid;

	TRY(sfp_want(p, n, YAML_SEQUENCE_NODE, key));
	*mask = 0;
	seq_for_each(p, n, e, i) {
		TRY(sfp_get_node_id(p, e, key, &nid));
		*mask |= 1ULL << nid;
	}
	return 0;
}
static const char *const mode_words[] = { "async", "sync_light", "sync" };
static const char *const reason_words[] = { "compaction", "memory_failure", "memory_hotplug",
					     "syscall", "mempolicy_mbind", "numa_misplaced",
					     "contig_range", "longterm_pin", "demotion", "damon" };

/* Parse one key of an operation's arguments into @op. */
static int op_key(struct parser *p, struct sf_op *op, enum sf_key k, node_t *n,
		  const char *ctx, bool in_actor)
{
	struct migsim_scenario_file *sf = p->sf;
	char key[96];
	node_t *e;
	size_t i;
	long long v;

	snprintf(key, sizeof(key), "%s.%s", ctx, sf_key_names()[__builtin_ctz(k)]);
	switch (k) {
	case SFK_AT:
		op->has_at = true;
		return sfp_get_addr(p, n, key, &op->at);
	case SFK_SIZE:
		TRY(sfp_get_size(p, n, key, &op->size));
		if (!op->size || op->size % PAGE_4K)
			return perr(p, n, "%s: %s is not a positive multiple of 4K", key,
				    sfp_sval(n));
		return 0;
	case SFK_OFFSET:
		TRY(sfp_get_size(p, n, key, &op->node_offset));
		if (op->node_offset % (512 * PAGE_4K))
			return perr(p, n, "%s: %s is not a multiple of 2M (a pageblock)", key,
				    sfp_sval(n));
		return 0;
	case SFK_WRITE:
		return sfp_get_bool(p, n, key, &op->write);
	case SFK_NODE:
		return sfp_get_node_id(p, n, key, &op->node);
	case SFK_TASK:
		return sfp_get_task(p, n, key, &op->task);
	case SFK_PID:
		return sfp_get_task(p, n, key, &op->target);
	case SFK_ID:
		TRY(define_id(p, n, key, sf->ids, &sf->nr_ids, &op->id));
		return 0;
	case SFK_AS:
		return define_id(p, n, key, sf->pins, &sf->nr_pins, &op->pin);
	case SFK_PIN:
		TRY(sfp_want(p, n, YAML_SCALAR_NODE, key));
		op->pin = sfp_find_name(sf->pins, sf->nr_pins, sfp_sval(n));
		if (op->pin < 0)
			return sfp_unknown_name(p, n, key, "pin", sfp_sval(n),
						(const char *const *)sf->pins,
						(size_t)sf->nr_pins);
		return 0;
	case SFK_CHILD: {
		struct sf_task *t;
		int k2;

		if (sf->nr_tasks >= SF_MAX_TASKS)
			return perr(p, n, "%s: too many tasks", key);
		t = &sf->tasks[sf->nr_tasks];
		TRY(sfp_get_str(p, n, key, &t->name));
		if (t->name[0] >= '0' && t->name[0] <= '9')
			return perr(p, n, "%s: a task name must not start with a digit", key);
		for (k2 = 0; k2 < sf->nr_tasks; k2++)
			if (sf->tasks[k2].name && !strcmp(sf->tasks[k2].name, t->name))
				return perr(p, n, "%s: '%s' is already a task's name", key,
					    t->name);
		t->forked = true;
		t->loc = sfp_loc_of(n);
		op->child = sf->nr_tasks++;
		return 0;
	}
	case SFK_PAGE_SIZE:
		TRY(sfp_get_size(p, n, key, &op->page_size));
		if (op->page_size != HUGE_2M && op->page_size != HUGE_1G)
			return perr(p, n, "%s: expected 2M or 1G, found '%s'", key, sfp_sval(n));
		return 0;
	case SFK_COUNT:
		TRY(sfp_get_int(p, n, key, 0, 1 << 20, &v));
		op->count = (long)v;
		return 0;
	case SFK_NR_TO_SCAN:
		TRY(sfp_get_int(p, n, key, 1, 1 << 30, &v));
		op->count = (long)v;
		return 0;
	case SFK_NAME:
		return sfp_get_str(p, n, key, &op->name);
	case SFK_PAGES:
		TRY(sfp_want(p, n, YAML_SEQUENCE_NODE, key));
		op->nr = sfp_seq_len(n);
		if (!op->nr || op->nr > 4096)
			return perr(p, n, "%s: %zu entries; expected 1..4096", key, op->nr);
		op->pages = calloc(op->nr, sizeof(*op->pages));
		if (!op->pages)
			return -ENOMEM;
		seq_for_each(p, n, e, i)
			TRY(sfp_get_addr(p, e, key, &op->pages[i]));
		return 0;
	case SFK_NODES:
		if (op->desc && !strcmp(op->desc->name, "mbind"))
			return get_node_mask(p, n, key, &op->nodemask);
		TRY(sfp_want(p, n, YAML_SEQUENCE_NODE, key));
		op->nodes = calloc(sfp_seq_len(n) ? sfp_seq_len(n) : 1, sizeof(int));
		if (!op->nodes)
			return -ENOMEM;
		seq_for_each(p, n, e, i)	/* any integer: move_pages(2) checks nodes itself */
			TRY(sfp_get_intv(p, e, key, -1, 1 << 20, &op->nodes[i]));
		op->count = (long)sfp_seq_len(n);
		return 0;
	case SFK_FLAGS:
		return sfp_get_word(p, n, key, move_flag_words, 6, &op->flags);
	case SFK_POLICY:
		return sfp_get_word(p, n, key, policy_words, 7, &op->policy);
	case SFK_FROM:
		return get_node_mask(p, n, key, &op->from);
	case SFK_TO:
		return get_node_mask(p, n, key, &op->to);
	case SFK_DEMOTION: {
		bool b;

		TRY(sfp_get_bool(p, n, key, &b));
		op->demotion = b;
		return 0;
	}
	case SFK_BALANCING:
		return sfp_get_word(p, n, key, balancing_words, 4, &op->balancing);
	case SFK_WHO:
		return sfp_get_word(p, n, key, who_words, 2, &op->who);
	case SFK_ORDER:
		TRY(sfp_get_int(p, n, key, -1, 10, &v));
		op->order = (int)v;
		return 0;
	case SFK_LATENCY:
		TRY(sfp_get_int(p, n, key, 0, 1000000, &v));
		op->latency = (long)v;
		return 0;
	case SFK_MODE:
		return sfp_get_word(p, n, key, mode_words, 3, &op->mode);
	case SFK_REASON:
		return sfp_get_word(p, n, key, reason_words, 10, &op->reason);
	}
	return perr(p, n, "%s: internal: unhandled key", key);
}

static int parse_op(struct parser *p, node_t *item, const char *ctx, bool in_actor,
		    struct sf_op *op)
{
	const char *names[64], *const *kn = sf_key_names();
	const struct sf_op_desc *d = NULL;
	node_t *kname, *args;
	const char *opname;
	char octx[96];
	size_t i;

	memset(op, 0, sizeof(*op));
	op->task = op->target = op->id = op->pin = op->child = -1;
	op->mode = 2;			/* sync */
	op->reason = MIGSIM_MR_SYSCALL;
	op->flags = 1;			/* MPOL_MF_MOVE */
	op->node = -1;
	op->demotion = op->balancing = -1;
	op->order = 9;
	op->loc = sfp_loc_of(item);
	if (item->type == YAML_SCALAR_NODE && !sfp_is_null(item)) {
		kname = item;
		args = NULL;
	} else if (item->type == YAML_MAPPING_NODE &&
		   item->data.mapping.pairs.top - item->data.mapping.pairs.start == 1) {
		kname = sfp_node_at(p, item->data.mapping.pairs.start->key);
		args = sfp_node_at(p, item->data.mapping.pairs.start->value);
		if (kname->type != YAML_SCALAR_NODE)
			return perr(p, kname, "%s: an operation's name must be a word", ctx);
	} else {
		return perr(p, item, "%s: expected one operation (OP: ARGS, e.g. 'touch: "
			    "{at: buf, write: true}'), found %s%s", ctx, sfp_kind_name(item),
			    item->type == YAML_MAPPING_NODE ? " with several keys (one "
			    "operation per list item)" : "");
	}
	opname = sfp_sval(kname);
	for (i = 0; i < nr_sf_ops; i++) {
		names[i] = sf_ops[i].name;
		if (!strcmp(sf_ops[i].name, opname))
			d = &sf_ops[i];
	}
	if (!d) {
		const char *hint = sfp_nearest(opname, names, nr_sf_ops);

		if (hint)
			return perr(p, kname, "%s: unknown operation '%s'; did you mean '%s'?", ctx,
				    opname, hint);
		return perr(p, kname, "%s: unknown operation '%s' (see docs/scenario-format.md "
			    "for the list)", ctx, opname);
	}
	op->desc = d;
	snprintf(octx, sizeof(octx), "%s.%s", ctx, d->name);
	if (in_actor && d->setup_only)
		return perr(p, kname, "%s: '%s' is a setup step; it cannot run in an actor", ctx,
			    d->name);
	if (args && sfp_is_null(args))
		args = NULL;
	if (args && args->type == YAML_SCALAR_NODE) {
		if (!d->scalar)
			return perr(p, args, "%s: expected a mapping of arguments, found a scalar",
				    octx);
		TRY(op_key(p, op, d->scalar, args, octx, in_actor));
		args = NULL;
		if (d->required & ~(unsigned int)d->scalar)
			return perr(p, kname, "%s: needs a mapping of arguments with '%s'", octx,
				    kn[__builtin_ctz(d->required & ~(unsigned int)d->scalar)]);
	} else if (args) {
		const char *allowed[32];
		size_t na = 0;
		unsigned int bit;

		TRY(sfp_want(p, args, YAML_MAPPING_NODE, octx));
		for (bit = 0; bit < 32; bit++)
			if (d->keys & (1U << bit))
				allowed[na++] = kn[bit];
		allowed[na] = NULL;
		TRY(sfp_check_keys(p, args, octx, allowed));
		/* In key-bit order, so that 'at' is known before 'size'. */
		for (bit = 0; bit < 32; bit++) {
			node_t *v;

			if (!(d->keys & (1U << bit)))
				continue;
			v = sfp_get(p, args, kn[bit]);
			if (v)
				TRY(op_key(p, op, (enum sf_key)(1U << bit), v, octx, in_actor));
			else if (d->required & (1U << bit))
				return perr(p, args, "%s: missing key '%s'", octx, kn[bit]);
		}
	} else if (d->required) {
		return perr(p, kname, "%s: missing argument '%s'", octx,
			    kn[__builtin_ctz(d->required)]);
	}
	/* Cross-checks. */
	if (op->has_at && op->size && op->at.mapping >= 0 &&
	    op->at.offset + op->size > p->sf->mappings[op->at.mapping].size)
		return perr(p, item, "%s: %" PRIu64 " bytes from offset %" PRIu64 " run past the "
			    "end of mapping '%s' (%" PRIu64 " bytes)", octx, op->size,
			    op->at.offset, p->sf->mappings[op->at.mapping].name,
			    p->sf->mappings[op->at.mapping].size);
	if ((d->keys & SFK_SIZE) && !op->size && op->has_at && op->at.mapping < 0 &&
	    (d->required & SFK_AT) && strcmp(d->name, "pin") && strcmp(d->name, "split") &&
	    strcmp(d->name, "numa_fault") && strcmp(d->name, "pin_after_split"))
		return perr(p, item, "%s: an absolute address needs a size", octx);
	if (op->nodes && op->count != (long)op->nr)
		return perr(p, item, "%s: %zu pages but %ld nodes", octx, op->nr, op->count);
	if (!strcmp(d->name, "move_pages") && op->id >= 0) {
		p->id_nr[op->id] = (int)op->nr;
		p->id_status[op->id] = true;
	}
	if (!strcmp(d->name, "offline") && op->has_at == (op->node >= 0))
		return perr(p, item, "%s: give either 'at' (the block holding that page) or "
			    "'node' (with 'offset'), not both or neither", octx);
	if (!strcmp(d->name, "offline") && op->size % (512 * PAGE_4K))
		return perr(p, item, "%s: size %" PRIu64 " is not a multiple of 2M (a memory "
			    "section)", octx, op->size);
	if (!strcmp(d->name, "hugetlb_pool") && (op->page_size == HUGE_1G ?
	    (uint64_t)op->count * HUGE_1G : (uint64_t)op->count * HUGE_2M) >
	    p->node_size[op->node])
		return perr(p, item, "%s: %ld huge pages do not fit in node %d", octx, op->count,
			    op->node);
	return 0;
}

int sfp_parse_op_list(struct parser *p, node_t *s, const char *ctx, bool in_actor,
		      struct sf_op **ops, size_t *nr)
{
	node_t *item;
	size_t i;
	char ictx[64];

	TRY(sfp_want(p, s, YAML_SEQUENCE_NODE, ctx));
	*ops = calloc(sfp_seq_len(s) ? sfp_seq_len(s) : 1, sizeof(**ops));
	if (!*ops)
		return -ENOMEM;
	seq_for_each(p, s, item, i) {
		snprintf(ictx, sizeof(ictx), "%s[%zu]", ctx, i);
		*nr = i + 1;
		TRY(parse_op(p, item, ictx, in_actor, &(*ops)[i]));
		(*ops)[i].page_size = (*ops)[i].page_size ? (*ops)[i].page_size : HUGE_2M;
	}
	return 0;
}

int sfp_parse_actors(struct parser *p, node_t *s)
{
	static const char *const keys[] = { "name", "task", "ops", NULL };
	struct migsim_scenario_file *sf = p->sf;
	node_t *m, *n;
	size_t i, j;
	char ctx[64], kb[96];

	TRY(sfp_want(p, s, YAML_SEQUENCE_NODE, "actors"));
	if (sfp_seq_len(s) > 8)
		return perr(p, s, "actors: %zu actors; at most 8", sfp_seq_len(s));
	sf->actors = calloc(sfp_seq_len(s) ? sfp_seq_len(s) : 1, sizeof(*sf->actors));
	if (!sf->actors)
		return -ENOMEM;
	seq_for_each(p, s, m, i) {
		struct sf_actor *a = &sf->actors[i];

		snprintf(ctx, sizeof(ctx), "actors[%zu]", i);
		TRY(sfp_want(p, m, YAML_MAPPING_NODE, ctx));
		TRY(sfp_check_keys(p, m, ctx, keys));
		sf->nr_actors = i + 1;
		a->loc = sfp_loc_of(m);
		TRY(sfp_need(p, m, "name", ctx, &n));
		TRY(sfp_get_str(p, n, SFP_KEY(kb, ctx, "name"), &a->name));
		for (j = 0; j < i; j++)
			if (!strcmp(sf->actors[j].name, a->name))
				return perr(p, n, "%s.name: an actor named '%s' already exists",
					    ctx,
					    a->name);
		TRY(sfp_need(p, m, "task", ctx, &n));
		TRY(sfp_get_task(p, n, SFP_KEY(kb, ctx, "task"), &a->task));
		TRY(sfp_need(p, m, "ops", ctx, &n));
		snprintf(ctx, sizeof(ctx), "actors[%zu].ops", i);
		TRY(sfp_parse_op_list(p, n, ctx, true, &a->ops, &a->nr_ops));
	}
	return 0;
}

/* ---- strategy and expectations ---- */


int sfp_parse_strategy(struct parser *p, node_t *m, const char *ctx, struct sf_strategy *st)
{
	static const char *const keys[] = { "kind", "schedule", "seed", "pct_depth", "bound",
					    "faults", "step_limit", "livelock_bound", NULL };
	node_t *n;
	long long v;
	int k;

	st->set = true;
	if (m->type == YAML_SCALAR_NODE) {
		TRY(sfp_get_word(p, m, ctx, strategy_names, NR_STRATEGIES, &k));
		st->sc.strategy = (enum migsim_strategy)k;
		return 0;
	}
	TRY(sfp_want(p, m, YAML_MAPPING_NODE, ctx));
	TRY(sfp_check_keys(p, m, ctx, keys));
	if ((n = sfp_get(p, m, "kind"))) {
		TRY(sfp_get_word(p, n, "strategy.kind", strategy_names, NR_STRATEGIES, &k));
		st->sc.strategy = (enum migsim_strategy)k;
	}
	if ((n = sfp_get(p, m, "schedule"))) {
		struct sched_entry *ents = NULL;
		size_t nr = 0, e;
		char msg[256];
		int bad = -1;

		TRY(sfp_get_str(p, n, "strategy.schedule", &st->schedule));
		if (strncmp(st->schedule, "v1", 2))
			return perr(p, n, "strategy.schedule: '%s' is not a schedule string (they "
				    "start with v1)", st->schedule);
		if (sched_parse_schedule(st->schedule, &ents, &nr, msg, sizeof(msg)))
			return perr(p, n, "strategy.schedule: %s", msg);
		/* Actors are named A, B, ... in the order actors: lists them. */
		for (e = 0; e < nr && bad < 0; e++)
			if ((size_t)ents[e].actor >= p->sf->nr_actors ||
			    (ents[e].chosen >= 0 && (size_t)ents[e].chosen >= p->sf->nr_actors))
				bad = (int)e;
		free(ents);
		if (bad >= 0)
			return perr(p, n, "strategy.schedule: entry %d names an actor the file "
				    "does not have (it has %zu)", bad + 1, p->sf->nr_actors);
		if (sfp_get(p, m, "kind") && st->sc.strategy != MIGSIM_STRATEGY_REPLAY)
			return perr(p, n, "strategy.schedule: a schedule is replayed: kind must "
				    "be replay");
	}
	if ((n = sfp_get(p, m, "seed"))) {
		TRY(sfp_get_int(p, n, "strategy.seed", 0, INT64_MAX, &v));
		st->sc.seed = (uint64_t)v;
	}
	if ((n = sfp_get(p, m, "pct_depth")))
		TRY(sfp_get_intv(p, n, "strategy.pct_depth", 1, 8, &st->sc.pct_depth));
	if ((n = sfp_get(p, m, "bound")))
		TRY(sfp_get_intv(p, n, "strategy.bound", 0, 64, &st->sc.preemption_bound));
	if ((n = sfp_get(p, m, "faults"))) {
		TRY(sfp_get_int(p, n, "strategy.faults", 0, 1000, &v));
		st->sc.max_faults = (unsigned int)v;
	}
	if ((n = sfp_get(p, m, "step_limit"))) {
		TRY(sfp_get_int(p, n, "strategy.step_limit", 1, 100000000, &v));
		st->sc.step_limit = (unsigned long)v;
	}
	if ((n = sfp_get(p, m, "livelock_bound"))) {
		TRY(sfp_get_int(p, n, "strategy.livelock_bound", 1, 100000000, &v));
		st->sc.livelock_bound = (unsigned long)v;
	}
	return 0;
}

