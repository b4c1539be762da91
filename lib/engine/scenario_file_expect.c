// SPDX-License-Identifier: MIT
/*
 * Scenario files: expect:, the outcome and everything else that must hold
 * under each kernel profile it names.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "scenario_file_parse.h"

static int sfp_get_errno_or_int(struct parser *p, node_t *n, const char *key, bool allow_unset,
				int *v)
{
	TRY(sfp_want(p, n, YAML_SCALAR_NODE, key));
	if (allow_unset && !strcmp(sfp_sval(n), "unset")) {
		*v = MIGSIM_STATUS_UNSET;
		return 0;
	}
	if (sfp_sval(n)[0] == '-' && sfp_sval(n)[1] == 'E') {
		int e = sf_errno_value(sfp_sval(n) + 1);

		if (!e)
			return perr(p, n, "%s: '%s' is not an errno name this simulator returns",
				    key, sfp_sval(n));
		*v = -e;
		return 0;
	}
	{
		long long x;

		if (sfp_parse_llong(sfp_sval(n), &x) || x < -4096 || x > (1 << 30))
			return perr(p, n, "%s: expected a number, an errno such as -EBUSY%s, found "
				    "'%s'", key, allow_unset ? " or 'unset'" : "", sfp_sval(n));
		*v = (int)x;
	}
	return 0;
}

static int parse_expect_entry(struct parser *p, node_t *m, size_t idx, struct sf_expect *x)
{
	static const char *const keys[] = { "kernel", "outcome", "report", "placement",
					    "results", "vmstat", "points", "nodes", "strategy",
					    NULL };
	static const char *const rkeys[] = { "function", "message", NULL };
	static const char *const pkeys[] = { "at", "size", "node", NULL };
	static const char *const reskeys[] = { "return", "status", NULL };
	static const char *const nkeys[] = { "node", "present_pages", "free_pages",
					     "deferred_split_len", "hugetlb_pages",
					     "inactive_anon", "active_anon", "inactive_file",
					     "active_file", "unevictable", NULL };
	const char *outcomes[MIGSIM_LIVELOCK + 1];
	struct migsim_scenario_file *sf = p->sf;
	node_t *n, *e, *v;
	yaml_node_pair_t *pr;
	char ctx[64], key[96];
	size_t i, j;
	int o;

	snprintf(ctx, sizeof(ctx), "expect[%zu]", idx);
	TRY(sfp_want(p, m, YAML_MAPPING_NODE, ctx));
	TRY(sfp_check_keys(p, m, ctx, keys));
	x->loc = sfp_loc_of(m);
	x->outcome = -1;
	TRY(sfp_need(p, m, "kernel", ctx, &n));
	snprintf(key, sizeof(key), "%s.kernel", ctx);
	if (n->type == YAML_SEQUENCE_NODE) {
		x->nr_kernels = sfp_seq_len(n);
		if (!x->nr_kernels)
			return perr(p, n, "%s: an empty list", key);
		x->kernels = calloc(x->nr_kernels, sizeof(char *));
		if (!x->kernels)
			return -ENOMEM;
		seq_for_each(p, n, e, i) {
			TRY(sfp_check_kernel(p, e, key));
			TRY(sfp_get_str(p, e, key, &x->kernels[i]));
		}
	} else {
		TRY(sfp_check_kernel(p, n, key));
		x->nr_kernels = 1;
		x->kernels = calloc(1, sizeof(char *));
		if (!x->kernels)
			return -ENOMEM;
		TRY(sfp_get_str(p, n, key, &x->kernels[0]));
	}
	if ((n = sfp_get(p, m, "outcome"))) {
		for (o = 0; o <= MIGSIM_LIVELOCK; o++)
			outcomes[o] = migsim_outcome_name((enum migsim_outcome)o);
		snprintf(key, sizeof(key), "%s.outcome", ctx);
		TRY(sfp_get_word(p, n, key, outcomes, MIGSIM_LIVELOCK + 1, &x->outcome));
	}
	if ((n = sfp_get(p, m, "report"))) {
		snprintf(key, sizeof(key), "%s.report", ctx);
		TRY(sfp_want(p, n, YAML_MAPPING_NODE, key));
		TRY(sfp_check_keys(p, n, key, rkeys));
		if ((v = sfp_get(p, n, "function")))
			TRY(sfp_get_str(p, v, "report.function", &x->report_function));
		if ((v = sfp_get(p, n, "message")))
			TRY(sfp_get_str(p, v, "report.message", &x->report_message));
	}
	if ((n = sfp_get(p, m, "placement"))) {
		snprintf(key, sizeof(key), "%s.placement", ctx);
		TRY(sfp_want(p, n, YAML_SEQUENCE_NODE, key));
		x->placement = calloc(sfp_seq_len(n) ? sfp_seq_len(n) : 1, sizeof(*x->placement));
		if (!x->placement)
			return -ENOMEM;
		seq_for_each(p, n, e, i) {
			struct sf_placement *pl = &x->placement[i];

			snprintf(key, sizeof(key), "%s.placement[%zu]", ctx, i);
			TRY(sfp_want(p, e, YAML_MAPPING_NODE, key));
			TRY(sfp_check_keys(p, e, key, pkeys));
			x->nr_placement = i + 1;
			pl->loc = sfp_loc_of(e);
			TRY(sfp_need(p, e, "at", key, &v));
			TRY(sfp_get_addr(p, v, "placement.at", &pl->at));
			pl->size = PAGE_4K;
			if ((v = sfp_get(p, e, "size"))) {
				TRY(sfp_get_size(p, v, "placement.size", &pl->size));
				if (!pl->size || pl->size % PAGE_4K)
					return perr(p, v, "%s.size: not a positive multiple of 4K",
						    key);
				if (pl->at.mapping >= 0 && pl->at.offset + pl->size >
				    sf->mappings[pl->at.mapping].size)
					return perr(p, v, "%s.size: runs past the end of mapping "
						    "'%s'", key, sf->mappings[pl->at.mapping].name);
			}
			TRY(sfp_need(p, e, "node", key, &v));
			if (v->type == YAML_SCALAR_NODE && !strcmp(sfp_sval(v), "none"))
				pl->node = -1;
			else
				TRY(sfp_get_node_id(p, v, "placement.node", &pl->node));
		}
	}
	if ((n = sfp_get(p, m, "results"))) {
		snprintf(key, sizeof(key), "%s.results", ctx);
		TRY(sfp_want(p, n, YAML_MAPPING_NODE, key));
		TRY(sfp_check_unique_keys(p, n, key));
		x->results = calloc((size_t)(n->data.mapping.pairs.top -
					     n->data.mapping.pairs.start) + 1,
				    sizeof(*x->results));
		if (!x->results)
			return -ENOMEM;
		for (pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
			node_t *k = sfp_node_at(p, pr->key), *val = sfp_node_at(p, pr->value);
			struct sf_result_expect *re = &x->results[x->nr_results++];

			re->loc = sfp_loc_of(k);
			TRY(sfp_want(p, k, YAML_SCALAR_NODE, key));
			re->id = sfp_find_name(sf->ids, sf->nr_ids, sfp_sval(k));
			if (re->id < 0)
				return sfp_unknown_name(p, k, key, "operation id", sfp_sval(k),
							(const char *const *)sf->ids,
							(size_t)sf->nr_ids);
			snprintf(key, sizeof(key), "%s.results.%s", ctx, sfp_sval(k));
			TRY(sfp_want(p, val, YAML_MAPPING_NODE, key));
			TRY(sfp_check_keys(p, val, key, reskeys));
			if ((v = sfp_get(p, val, "return"))) {
				int r;

				TRY(sfp_get_errno_or_int(p, v, "return", false, &r));
				re->has_ret = true;
				re->ret = r;
			}
			if ((v = sfp_get(p, val, "status"))) {
				if (!p->id_status[re->id])
					return perr(p, v, "%s.status: operation '%s' has no "
						    "status array (only move_pages has)", key,
						    sfp_sval(k));
				TRY(sfp_want(p, v, YAML_SEQUENCE_NODE, "status"));
				if (sfp_seq_len(v) != (size_t)p->id_nr[re->id])
					return perr(p, v, "%s.status: %zu entries, but '%s' moves "
						    "%d pages", key, sfp_seq_len(v), sfp_sval(k),
						    p->id_nr[re->id]);
				re->nr_status = sfp_seq_len(v);
				re->status = calloc(re->nr_status, sizeof(int));
				if (!re->status)
					return -ENOMEM;
				seq_for_each(p, v, e, j)
					TRY(sfp_get_errno_or_int(p, e, "status", true,
								 &re->status[j]));
			}
			snprintf(key, sizeof(key), "%s.results", ctx);
		}
	}
	if ((n = sfp_get(p, m, "vmstat"))) {
		const char *names[256];
		size_t nn = migsim_vmstat_count() < 256 ? migsim_vmstat_count() : 256;

		for (i = 0; i < nn; i++)
			names[i] = migsim_vmstat_name(i);
		snprintf(key, sizeof(key), "%s.vmstat", ctx);
		TRY(sfp_want(p, n, YAML_MAPPING_NODE, key));
		TRY(sfp_check_unique_keys(p, n, key));
		x->vmstat = calloc((size_t)(n->data.mapping.pairs.top -
					    n->data.mapping.pairs.start) + 1, sizeof(*x->vmstat));
		if (!x->vmstat)
			return -ENOMEM;
		for (pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
			node_t *k = sfp_node_at(p, pr->key), *val = sfp_node_at(p, pr->value);
			struct sf_vmstat_expect *ve = &x->vmstat[x->nr_vmstat++];
			long long d;

			TRY(sfp_want(p, k, YAML_SCALAR_NODE, key));
			for (i = 0; i < nn; i++)
				if (!strcmp(names[i], sfp_sval(k)))
					break;
			if (i == nn)
				return sfp_unknown_name(p, k, key, "vmstat counter", sfp_sval(k),
							names, nn);
			ve->loc = sfp_loc_of(k);
			TRY(sfp_get_str(p, k, key, &ve->name));
			TRY(sfp_get_int(p, val, ve->name, -(1LL << 40), 1LL << 40, &d));
			ve->delta = (long)d;
		}
	}
	if ((n = sfp_get(p, m, "points"))) {
		snprintf(key, sizeof(key), "%s.points", ctx);
		TRY(sfp_want(p, n, YAML_SEQUENCE_NODE, key));
		x->points = calloc(sfp_seq_len(n) ? sfp_seq_len(n) : 1, sizeof(char *));
		if (!x->points)
			return -ENOMEM;
		seq_for_each(p, n, e, i) {
			x->nr_points = i + 1;
			TRY(sfp_get_str(p, e, key, &x->points[i]));
		}
	}
	if ((n = sfp_get(p, m, "nodes"))) {
		snprintf(key, sizeof(key), "%s.nodes", ctx);
		TRY(sfp_want(p, n, YAML_SEQUENCE_NODE, key));
		x->nodes = calloc(sfp_seq_len(n) ? sfp_seq_len(n) : 1, sizeof(*x->nodes));
		if (!x->nodes)
			return -ENOMEM;
		seq_for_each(p, n, e, i) {
			struct sf_node_expect *ne = &x->nodes[i];
			long long *fields[] = { &ne->present_pages, &ne->free_pages,
						&ne->deferred_split_len, &ne->hugetlb_pages,
						&ne->lru[0], &ne->lru[1], &ne->lru[2], &ne->lru[3],
						&ne->lru[4] };

			snprintf(key, sizeof(key), "%s.nodes[%zu]", ctx, i);
			TRY(sfp_want(p, e, YAML_MAPPING_NODE, key));
			TRY(sfp_check_keys(p, e, key, nkeys));
			x->nr_nodes = i + 1;
			ne->loc = sfp_loc_of(e);
			TRY(sfp_need(p, e, "node", key, &v));
			TRY(sfp_get_node_id(p, v, "nodes.node", &ne->node));
			for (j = 0; j < 9; j++) {
				*fields[j] = -1;
				if ((v = sfp_get(p, e, nkeys[j + 1])))
					TRY(sfp_get_int(p, v, nkeys[j + 1], 0, 1LL << 40,
							fields[j]));
			}
		}
	}
	if ((n = sfp_get(p, m, "strategy"))) {
		snprintf(key, sizeof(key), "%s.strategy", ctx);
		if (!sf->nr_actors)
			return perr(p, n, "%s: the scenario has no actors to schedule", key);
		TRY(sfp_parse_strategy(p, n, key, &x->strategy));
	}
	return 0;
}

/* The node of the @j-th profile of an expect entry's kernel: (a list or one). */
static node_t *kernel_item(struct parser *p, node_t *m, size_t j)
{
	node_t *k = sfp_get(p, m, "kernel");

	return k->type == YAML_SEQUENCE_NODE ? sfp_node_at(p, k->data.sequence.items.start[j]) : k;
}

int sfp_parse_expect(struct parser *p, node_t *s)
{
	struct migsim_scenario_file *sf = p->sf;
	node_t *m;
	size_t i, j, k, l;

	TRY(sfp_want(p, s, YAML_SEQUENCE_NODE, "expect"));
	sf->expect = calloc(sfp_seq_len(s) ? sfp_seq_len(s) : 1, sizeof(*sf->expect));
	if (!sf->expect)
		return -ENOMEM;
	seq_for_each(p, s, m, i) {
		sf->nr_expect = i + 1;
		TRY(parse_expect_entry(p, m, i, &sf->expect[i]));
		/* A profile appears in one entry only. */
		for (j = 0; j < sf->expect[i].nr_kernels; j++) {
			const char *kn = sf->expect[i].kernels[j];

			for (k = 0; k <= i; k++)
				for (l = 0; l < (k == i ? j : sf->expect[k].nr_kernels); l++)
					if (!strcmp(sf->expect[k].kernels[l], kn))
						return perr(p, kernel_item(p, m, j), "expect[%zu]."
							    "kernel: '%s' already has an expect "
							    "entry (expect[%zu])", i, kn, k);
			sf->kernel_list = realloc(sf->kernel_list, (sf->nr_kernel_list + 1) *
						  sizeof(char *));
			if (!sf->kernel_list)
				return -ENOMEM;
			sf->kernel_list[sf->nr_kernel_list++] = sf->expect[i].kernels[j];
		}
	}
	return 0;
}

