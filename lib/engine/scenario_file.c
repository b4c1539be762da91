// SPDX-License-Identifier: MIT
/*
 * Scenario files: read with libyaml's document API, then checked key by key
 * against the format of docs/scenario-format.md into a struct
 * migsim_scenario_file (scenario_file_model.h).  Every problem is reported
 * as "FILE:LINE:COLUMN: error: KEY: what was expected", at the node that is
 * wrong, and the first one ends the load: nothing is built from a file that
 * did not load.
 *
 * The walk is top-down and table-driven: each mapping names the keys it
 * accepts (an unknown key gets the nearest known one by edit distance as a
 * suggestion), each value goes through one typed reader (integer, size with
 * K/M/G, boolean, one of a list of words, address).
 *
 * This file holds the readers and the whole-file parts; the sections live
 * in scenario_file_machine.c (settings, topology, tasks, mappings),
 * scenario_file_steps.c (setup, actors, strategy) and
 * scenario_file_expect.c (expect).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "profile.h"
#include "scenario_file_parse.h"

int sfp_perr_at(struct parser *p, int line, int col, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!p->err || !p->errlen)
		return -EINVAL;
	n = snprintf(p->err, p->errlen, "%s:%d:%d: error: ", p->file, line, col);
	if (n < 0 || (size_t)n >= p->errlen)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

struct sf_loc sfp_loc_of(const node_t *n)
{
	return (struct sf_loc){ (int)n->start_mark.line + 1, (int)n->start_mark.column + 1 };
}

node_t *sfp_node_at(struct parser *p, int i)
{
	return yaml_document_get_node(&p->doc, i);
}

const char *sfp_kind_name(const node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return n->data.scalar.length ? "a scalar" : "nothing";
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return "nothing";
	}
}

const char *sfp_sval(const node_t *n)
{
	return (const char *)n->data.scalar.value;
}

bool sfp_is_null(const node_t *n)
{
	return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	       (!n->data.scalar.length || !strcmp(sfp_sval(n), "~") || !strcmp(sfp_sval(n),
									       "null"));
}

int sfp_want(struct parser *p, node_t *n, yaml_node_type_t t, const char *key)
{
	static const char *const names[] = { "", "a scalar", "a list", "a mapping" };

	if (n->type == t && !(t == YAML_SCALAR_NODE && sfp_is_null(n)))
		return 0;
	return perr(p, n, "%s: expected %s, found %s", key, names[t], sfp_kind_name(n));
}

/* ---- edit distance, for "did you mean" ---- */

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev[64], cur[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, sizeof(cur));
	}
	return prev[lb];
}

/* The nearest of @names (NULL-terminated or @n long) to @s, when near enough. */
const char *sfp_nearest(const char *s, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t i, bd = 99, limit = strlen(s) / 3 + 1;

	for (i = 0; i < n && names[i]; i++) {
		size_t d = edit_distance(s, names[i]);

		if (d < bd) {
			bd = d;
			best = names[i];
		}
	}
	return bd <= (limit < 3 ? limit : 3) ? best : NULL;
}

void sfp_list_names(char *buf, size_t len, const char *const *names, size_t n)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && names[i] && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", names[i]);
}

/*
 * Check the keys of mapping @m against @allowed (NULL-terminated): every key
 * a scalar, known, and given once.
 */
int sfp_check_unique_keys(struct parser *p, node_t *m, const char *ctx)
{
	yaml_node_pair_t *a, *b;

	for (a = m->data.mapping.pairs.start; a < m->data.mapping.pairs.top; a++) {
		node_t *k = sfp_node_at(p, a->key);

		if (k->type != YAML_SCALAR_NODE)
			return perr(p, k, "%s: a key must be a plain word, found %s", ctx,
				    sfp_kind_name(k));
		for (b = m->data.mapping.pairs.start; b < a; b++)
			if (!strcmp(sfp_sval(sfp_node_at(p, b->key)), sfp_sval(k)))
				return perr(p, k, "%s: key '%s' appears twice (first at line %d)",
					    ctx, sfp_sval(k),
					    (int)sfp_node_at(p, b->key)->start_mark.line + 1);
	}
	return 0;
}

int sfp_check_keys(struct parser *p, node_t *m, const char *ctx, const char *const *allowed)
{
	yaml_node_pair_t *a;
	size_t n = 0;

	while (allowed[n])
		n++;
	TRY(sfp_check_unique_keys(p, m, ctx));
	for (a = m->data.mapping.pairs.start; a < m->data.mapping.pairs.top; a++) {
		node_t *k = sfp_node_at(p, a->key);
		const char *hint;
		size_t i;
		char known[512];

		for (i = 0; i < n; i++)
			if (!strcmp(allowed[i], sfp_sval(k)))
				break;
		if (i < n)
			continue;
		hint = sfp_nearest(sfp_sval(k), allowed, n);
		if (hint)
			return perr(p, k, "%s: unknown key '%s'; did you mean '%s'?", ctx,
				    sfp_sval(k),
				    hint);
		sfp_list_names(known, sizeof(known), allowed, n);
		return perr(p, k, "%s: unknown key '%s' (known keys: %s)", ctx, sfp_sval(k), known);
	}
	return 0;
}

node_t *sfp_get(struct parser *p, node_t *m, const char *key)
{
	yaml_node_pair_t *a;

	for (a = m->data.mapping.pairs.start; a < m->data.mapping.pairs.top; a++)
		if (!strcmp(sfp_sval(sfp_node_at(p, a->key)), key))
			return sfp_node_at(p, a->value);
	return NULL;
}

int sfp_need(struct parser *p, node_t *m, const char *key, const char *ctx, node_t **out)
{
	*out = sfp_get(p, m, key);
	if (!*out)
		return perr(p, m, "%s: missing key '%s'", ctx, key);
	return 0;
}

size_t sfp_seq_len(const node_t *s)
{
	return (size_t)(s->data.sequence.items.top - s->data.sequence.items.start);
}

/* ---- typed values ---- */

int sfp_parse_llong(const char *s, long long *v)
{
	char *end;
	int neg = *s == '-';

	errno = 0;
	if (!*s || *s == '+' || (s[neg] == '0' && s[neg + 1] && s[neg + 1] != 'x' &&
				  s[neg + 1] != 'X'))
		return -EINVAL;	/* no octal surprises: 010 is an error */
	*v = strtoll(s, &end, 0);
	return errno || *end || end == s ? -EINVAL : 0;
}

int sfp_get_int(struct parser *p, node_t *n, const char *key, long long min, long long max,
		long long *v)
{
	TRY(sfp_want(p, n, YAML_SCALAR_NODE, key));
	if (sfp_parse_llong(sfp_sval(n), v))
		return perr(p, n, "%s: expected an integer, found '%s'", key, sfp_sval(n));
	if (*v < min || *v > max)
		return perr(p, n, "%s: %lld is out of range %lld..%lld", key, *v, min, max);
	return 0;
}

int sfp_get_intv(struct parser *p, node_t *n, const char *key, long long min, long long max,
		 int *v)
{
	long long x;

	TRY(sfp_get_int(p, n, key, min, max, &x));
	*v = (int)x;
	return 0;
}

/* Bytes: an integer, or a number with K, M, G or T (powers of 1024). */
int sfp_parse_size_str(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long x;
	int shift = 0;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	/* Decimal or 0x hex; a leading 0 is not octal here, it is refused. */
	if (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
		return -EINVAL;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || end == s)
		return -EINVAL;
	if (*end) {
		switch (*end) {
		case 'K': shift = 10; break;
		case 'M': shift = 20; break;
		case 'G': shift = 30; break;
		case 'T': shift = 40; break;
		default: return -EINVAL;
		}
		if (end[1] || (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')))
			return -EINVAL;
		if (x > (~0ULL >> shift))
			return -ERANGE;
	}
	*v = (uint64_t)x << shift;
	return 0;
}

int sfp_get_size(struct parser *p, node_t *n, const char *key, uint64_t *v)
{
	int r;

	TRY(sfp_want(p, n, YAML_SCALAR_NODE, key));
	r = sfp_parse_size_str(sfp_sval(n), v);
	if (r == -ERANGE)
		return perr(p, n, "%s: '%s' is too large", key, sfp_sval(n));
	if (r)
		return perr(p, n, "%s: expected a size such as 4096, 4K, 2M or 1G, found '%s'",
			    key, sfp_sval(n));
	return 0;
}

int sfp_get_bool(struct parser *p, node_t *n, const char *key, bool *v)
{
	TRY(sfp_want(p, n, YAML_SCALAR_NODE, key));
	if (!strcmp(sfp_sval(n), "true")) {
		*v = true;
	} else if (!strcmp(sfp_sval(n), "false")) {
		*v = false;
	} else {
		return perr(p, n, "%s: expected true or false, found '%s'", key, sfp_sval(n));
	}
	return 0;
}

int sfp_get_word(struct parser *p, node_t *n, const char *key, const char *const *words,
		 size_t nwords, int *v)
{
	const char *hint;
	char known[512];
	size_t i;

	TRY(sfp_want(p, n, YAML_SCALAR_NODE, key));
	for (i = 0; i < nwords; i++)
		if (words[i] && !strcmp(words[i], sfp_sval(n))) {
			*v = (int)i;
			return 0;
		}
	hint = sfp_nearest(sfp_sval(n), words, nwords);
	sfp_list_names(known, sizeof(known), words, nwords);
	if (hint)
		return perr(p, n, "%s: unknown value '%s'; did you mean '%s'? (one of: %s)", key,
			    sfp_sval(n), hint, known);
	return perr(p, n, "%s: unknown value '%s' (one of: %s)", key, sfp_sval(n), known);
}

int sfp_get_str(struct parser *p, node_t *n, const char *key, char **out)
{
	TRY(sfp_want(p, n, YAML_SCALAR_NODE, key));
	free(*out);
	*out = strdup(sfp_sval(n));
	return *out ? 0 : -ENOMEM;
}

int sfp_get_node_id(struct parser *p, node_t *n, const char *key, int *v)
{
	long long x;

	TRY(sfp_want(p, n, YAML_SCALAR_NODE, key));
	if (sfp_parse_llong(sfp_sval(n), &x))
		return perr(p, n, "%s: expected a node number, found '%s'", key, sfp_sval(n));
	if (x < 0 || x >= p->nr_nodes)
		return perr(p, n, "%s: node %lld does not exist (nodes 0..%d)", key, x,
			    p->nr_nodes - 1);
	*v = (int)x;
	return 0;
}

/* ---- names defined by the file ---- */

int sfp_find_name(char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return i;
	return -1;
}

int sfp_find_mapping(const struct migsim_scenario_file *sf, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < sf->nr_mappings; i++)
		if (strlen(sf->mappings[i].name) == len && !strncmp(sf->mappings[i].name, s, len))
			return (int)i;
	return -1;
}

int sfp_unknown_name(struct parser *p, node_t *n, const char *key, const char *what,
		     const char *s, const char *const *names, size_t nr)
{
	const char *hint = sfp_nearest(s, names, nr);
	char known[512];

	if (hint)
		return perr(p, n, "%s: no %s named '%s'; did you mean '%s'?", key, what, s, hint);
	sfp_list_names(known, sizeof(known), names, nr);
	return perr(p, n, "%s: no %s named '%s' (%s%s)", key, what, s,
		    nr ? "defined: " : "none is defined", known);
}

int sfp_get_task(struct parser *p, node_t *n, const char *key, int *v)
{
	struct migsim_scenario_file *sf = p->sf;
	const char *names[SF_MAX_TASKS];
	long long pid;
	int i, nn = 0;

	TRY(sfp_want(p, n, YAML_SCALAR_NODE, key));
	if (!sfp_parse_llong(sfp_sval(n), &pid)) {
		for (i = 0; i < sf->nr_tasks; i++)
			if (sf->tasks[i].pid == pid && !sf->tasks[i].forked) {
				*v = i;
				return 0;
			}
		return perr(p, n, "%s: no task with pid %lld in tasks:", key, pid);
	}
	for (i = 0; i < sf->nr_tasks; i++) {
		if (sf->tasks[i].name && !strcmp(sf->tasks[i].name, sfp_sval(n))) {
			*v = i;
			return 0;
		}
		if (sf->tasks[i].name)
			names[nn++] = sf->tasks[i].name;
	}
	return sfp_unknown_name(p, n, key, "task", sfp_sval(n), names, (size_t)nn);
}

/*
 * An address: an integer (absolute, page-aligned), or MAPPING or
 * MAPPING+OFFSET with OFFSET a size inside the mapping.
 */
int sfp_get_addr(struct parser *p, node_t *n, const char *key, struct sf_addr *a)
{
	struct migsim_scenario_file *sf = p->sf;
	const char *s, *plus;
	size_t len;
	long long x;

	TRY(sfp_want(p, n, YAML_SCALAR_NODE, key));
	s = sfp_sval(n);
	if (*s >= '0' && *s <= '9') {
		if (sfp_parse_llong(s, &x) || x < 0)
			return perr(p, n, "%s: expected an address (MAPPING, MAPPING+OFFSET or a "
				    "number), found '%s'", key, s);
		if ((uint64_t)x % PAGE_4K || (uint64_t)x >= USER_TOP)
			return perr(p, n, "%s: address %#llx is not a page-aligned user address",
				    key, x);
		a->mapping = -1;
		a->offset = (uint64_t)x;
		return 0;
	}
	plus = strchr(s, '+');
	len = plus ? (size_t)(plus - s) : strlen(s);
	a->mapping = sfp_find_mapping(sf, s, len);
	if (a->mapping < 0) {
		const char *names[256];
		char name[128];
		size_t i;

		snprintf(name, sizeof(name), "%.*s", (int)len, s);
		for (i = 0; i < sf->nr_mappings && i < 256; i++)
			names[i] = sf->mappings[i].name;
		return sfp_unknown_name(p, n, key, "mapping", name, names, i);
	}
	a->offset = 0;
	if (plus) {
		if (sfp_parse_size_str(plus + 1, &a->offset))
			return perr(p, n, "%s: '%s': the offset after '+' must be a size such as "
				    "8K", key, s);
		if (a->offset % PAGE_4K)
			return perr(p, n, "%s: offset %s is not a multiple of 4K", key, plus + 1);
		if (a->offset >= sf->mappings[a->mapping].size)
			return perr(p, n, "%s: offset %s is past the end of mapping '%s' (%" PRIu64
				    " bytes)", key, plus + 1, sf->mappings[a->mapping].name,
				    sf->mappings[a->mapping].size);
	}
	return 0;
}

int sfp_check_kernel(struct parser *p, node_t *n, const char *key)
{
	struct kernel_profile kp;
	char msg[256];

	TRY(sfp_want(p, n, YAML_SCALAR_NODE, key));
	if (kernel_profile_parse(sfp_sval(n), &kp, msg, sizeof(msg)))
		return perr(p, n, "%s: %s", key, msg);
	return 0;
}

/* ---- the whole file ---- */

static int parse_root(struct parser *p, node_t *root)
{
	static const char *const keys[] = { "name", "summary", "kernel", "seed", "settings",
					    "topology", "tasks", "mappings", "setup", "actors",
					    "strategy", "expect", NULL };
	struct migsim_scenario_file *sf = p->sf;
	node_t *n;
	long long v;
	int i;

	if (!root || sfp_is_null(root))
		return sfp_perr_at(p, 1, 1, "the file is empty: a scenario is a mapping with at "
			       "least 'name'");
	if (root->type != YAML_MAPPING_NODE)
		return perr(p, root, "a scenario is a mapping (name:, tasks:, mappings:, ...), "
			    "found %s", sfp_kind_name(root));
	TRY(sfp_check_keys(p, root, "scenario", keys));
	TRY(sfp_need(p, root, "name", "scenario", &n));
	TRY(sfp_get_str(p, n, "name", &sf->name));
	if ((n = sfp_get(p, root, "summary")))
		TRY(sfp_get_str(p, n, "summary", &sf->summary));
	if ((n = sfp_get(p, root, "kernel"))) {
		TRY(sfp_check_kernel(p, n, "kernel"));
		TRY(sfp_get_str(p, n, "kernel", &sf->kernel));
	}
	sf->seed = 1;
	if ((n = sfp_get(p, root, "seed"))) {
		TRY(sfp_get_int(p, n, "seed", 1, INT64_MAX, &v));
		sf->seed = (uint64_t)v;
	}
	migsim_config_init(&sf->cfg);
	p->nr_nodes = sf->cfg.nr_nodes;
	for (i = 0; i < sf->cfg.nr_nodes; i++)
		p->node_size[i] = sf->cfg.node_size[i];
	/* The machine first: a preset or an import sets the whole config. */
	if ((n = sfp_get(p, root, "topology")))
		TRY(sfp_parse_topology(p, n));
	if ((n = sfp_get(p, root, "settings")))
		TRY(sfp_parse_settings(p, n));
	if ((n = sfp_get(p, root, "tasks")))
		TRY(sfp_parse_tasks(p, n));
	if ((n = sfp_get(p, root, "mappings")))
		TRY(sfp_parse_mappings(p, n));
	if ((n = sfp_get(p, root, "setup")))
		TRY(sfp_parse_op_list(p, n, "setup", false, &sf->setup, &sf->nr_setup));
	if ((n = sfp_get(p, root, "actors")))
		TRY(sfp_parse_actors(p, n));
	if ((n = sfp_get(p, root, "strategy"))) {
		if (!sf->nr_actors)
			return perr(p, n, "strategy: the scenario has no actors to schedule");
		TRY(sfp_parse_strategy(p, n, "strategy", &sf->strategy));
	}
	if ((n = sfp_get(p, root, "expect")))
		TRY(sfp_parse_expect(p, n));
	return 0;
}

static void free_ops(struct sf_op *ops, size_t n)
{
	size_t i;

	for (i = 0; i < n && ops; i++) {
		free(ops[i].name);
		free(ops[i].pages);
		free(ops[i].nodes);
	}
	free(ops);
}

void migsim_scenario_file_free(struct migsim_scenario_file *sf)
{
	size_t i, j;

	if (!sf)
		return;
	sf_state_reset(sf);
	free(sf->path);
	free(sf->name);
	free(sf->summary);
	free(sf->kernel);
	for (i = 0; i < SF_MAX_TASKS; i++) {
		free(sf->tasks[i].name);
		free(sf->tasks[i].comm);
	}
	for (i = 0; i < sf->nr_mappings; i++)
		free(sf->mappings[i].name);
	free(sf->mappings);
	free_ops(sf->setup, sf->nr_setup);
	for (i = 0; i < sf->nr_actors; i++) {
		free(sf->actors[i].name);
		free_ops(sf->actors[i].ops, sf->actors[i].nr_ops);
	}
	free(sf->actors);
	free(sf->strategy.schedule);
	for (i = 0; i < sf->nr_expect; i++) {
		struct sf_expect *x = &sf->expect[i];

		for (j = 0; j < x->nr_kernels; j++)
			free(x->kernels[j]);
		free(x->kernels);
		free(x->report_function);
		free(x->report_message);
		free(x->placement);
		for (j = 0; j < x->nr_results; j++)
			free(x->results[j].status);
		free(x->results);
		for (j = 0; j < x->nr_vmstat; j++)
			free(x->vmstat[j].name);
		free(x->vmstat);
		for (j = 0; j < x->nr_points; j++)
			free(x->points[j]);
		free(x->points);
		free(x->nodes);
		free(x->strategy.schedule);
	}
	free(sf->expect);
	for (i = 0; i < SF_MAX_IDS; i++) {
		free(sf->ids[i]);
		free(sf->pins[i]);
	}
	free(sf->kernel_list);
	free(sf);
}

int migsim_scenario_file_parse(const char *text, size_t len, const char *filename,
			       struct migsim_scenario_file **out, char *err, size_t errlen)
{
	struct parser p = { .file = filename ? filename : "<buffer>", .err = err,
			    .errlen = errlen };
	yaml_parser_t yp;
	int ret;

	if (err && errlen)
		err[0] = '\0';
	if (!out || (!text && len))
		return -EINVAL;
	*out = NULL;
	p.sf = calloc(1, sizeof(*p.sf));
	if (!p.sf)
		return -ENOMEM;
	p.sf->path = strdup(p.file);
	if (!yaml_parser_initialize(&yp)) {
		migsim_scenario_file_free(p.sf);
		return -ENOMEM;
	}
	yaml_parser_set_input_string(&yp, (const unsigned char *)(text ? text : ""), len);
	if (!yaml_parser_load(&yp, &p.doc)) {
		const yaml_mark_t *mk = yp.problem ? &yp.problem_mark : &yp.context_mark;

		ret = sfp_perr_at(&p, (int)mk->line + 1, (int)mk->column + 1,
				  "not valid YAML: %s%s%s",
				  yp.problem ? yp.problem : "parse error",
				  yp.context ? " " : "", yp.context ? yp.context : "");
		yaml_parser_delete(&yp);
		migsim_scenario_file_free(p.sf);
		return ret;
	}
	ret = parse_root(&p, yaml_document_get_root_node(&p.doc));
	if (!ret) {
		yaml_document_t next;

		/* One document per file. */
		if (yaml_parser_load(&yp, &next)) {
			node_t *r = yaml_document_get_root_node(&next);

			if (r)
				ret = perr(&p, r, "a scenario file holds one YAML document; found "
					   "a second");
			yaml_document_delete(&next);
		} else {
			/* Not the end of the stream: the rest is not YAML. */
			const yaml_mark_t *mk = yp.problem ? &yp.problem_mark : &yp.context_mark;

			ret = sfp_perr_at(&p, (int)mk->line + 1, (int)mk->column + 1,
					  "not valid YAML: %s%s%s",
					  yp.problem ? yp.problem : "parse error",
					  yp.context ? " " : "", yp.context ? yp.context : "");
		}
	}
	yaml_document_delete(&p.doc);
	yaml_parser_delete(&yp);
	if (ret) {
		if (ret == -ENOMEM && err && errlen)
			snprintf(err, errlen, "%s: out of memory", p.file);
		migsim_scenario_file_free(p.sf);
		return ret;
	}
	*out = p.sf;
	return 0;
}

int migsim_scenario_file_load(const char *path, struct migsim_scenario_file **out, char *err,
			      size_t errlen)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	FILE *f;
	int ret;

	if (!out || !path)
		return -EINVAL;
	*out = NULL;
	f = fopen(path, "r");
	if (!f) {
		ret = -errno;
		if (err && errlen)
			snprintf(err, errlen, "%s: error: cannot open: %s", path, strerror(errno));
		return ret;
	}
	for (;;) {
		size_t got;

		if (len + 4096 > cap) {
			char *nb = realloc(buf, cap = cap * 2 + 8192);

			if (!nb) {
				free(buf);
				fclose(f);
				return -ENOMEM;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (!got)
			break;
	}
	if (ferror(f)) {
		ret = -EIO;
		if (err && errlen)
			snprintf(err, errlen, "%s: error: read failed", path);
		free(buf);
		fclose(f);
		return ret;
	}
	fclose(f);
	ret = migsim_scenario_file_parse(buf, len, path, out, err, errlen);
	free(buf);
	return ret;
}

const char *migsim_scenario_file_name(const struct migsim_scenario_file *sf)
{
	return sf ? sf->name : NULL;
}

const char *migsim_scenario_file_summary(const struct migsim_scenario_file *sf)
{
	return sf ? (sf->summary ? sf->summary : "") : NULL;
}

const char *migsim_scenario_file_kernel(const struct migsim_scenario_file *sf)
{
	if (!sf)
		return NULL;
	if (sf->kernel)
		return sf->kernel;
	return sf->nr_kernel_list ? sf->kernel_list[0] : DEFAULT_KERNEL_PROFILE;
}

int migsim_scenario_file_has_actors(const struct migsim_scenario_file *sf)
{
	return sf && sf->nr_actors ? 1 : 0;
}

size_t migsim_scenario_file_kernel_count(const struct migsim_scenario_file *sf)
{
	return sf ? sf->nr_kernel_list : 0;
}

const char *migsim_scenario_file_kernel_at(const struct migsim_scenario_file *sf, size_t i)
{
	return sf && i < sf->nr_kernel_list ? sf->kernel_list[i] : NULL;
}
