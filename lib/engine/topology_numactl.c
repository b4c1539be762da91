// SPDX-License-Identifier: MIT
/*
 * Topology import from `numactl --hardware` output: the text parser, which
 * fills a struct topo and hands it to topo_finish() (topology.c).  Errors
 * name the text and line they come from.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <migsim/migsim.h>
#include "topology_internal.h"

/* ------------------------------------------------------------------ */
/* numactl --hardware                                                  */

static int numactl_add_cpu(void *arg, int cpu)
{
	struct cpu_add *a = arg;
	struct topo *t = a->t;

	if (t->cpu_node[cpu] >= 0)
		return line_error(t, a->line, "CPU %d is on node %d already; expected each CPU "
				  "on one node", cpu, t->id[t->cpu_node[cpu]]);
	t->cpu_node[cpu] = (short)a->node;
	a->count++;
	return 0;
}

static int available_add(void *arg, int id)
{
	struct topo *t = arg;

	if (t->nr >= MIGSIM_MAX_NODES)
		return -E2BIG;
	if (t->nr && id <= t->id[t->nr - 1])
		return -EINVAL;
	t->id[t->nr++] = id;
	return 0;
}

static const char numactl_expected[] =
	"expected 'available: N nodes (LIST)', 'node N cpus: ...', 'node N size: N MB', "
	"'node N free: N MB' or 'node distances:'";

/* "available: 2 nodes (0-1)" */
static int numactl_available(struct topo *t, const char *p, const char *end, int line)
{
	struct tok tk[3];
	unsigned long long n;
	int ret, k;

	for (k = 0; k < 3; k++)
		if (!next_tok(&p, end, &tk[k]))
			return line_error(t, line, "expected 'available: N nodes (LIST)'");
	if (next_tok(&p, end, &tk[0]))
		return line_error(t, line, "unexpected '%.*s' after the node list", TOKQ(&tk[0]));
	if (t->decl_line)
		return line_error(t, line, "second 'available:' line (the first is line %d)",
				  t->decl_line);
	if (!tok_num(&tk[0], INT_MAX, &n) || !tok_is(&tk[1], "nodes") || tk[2].n < 2 ||
	    tk[2].s[0] != '(' || tk[2].s[tk[2].n - 1] != ')')
		return line_error(t, line, "expected 'available: N nodes (LIST)'");
	ret = parse_list(tk[2].s + 1, tk[2].n - 2, TOPO_MAX_HOST_NODE, available_add, t);
	if (ret == -E2BIG)
		return line_error(t, line, "%llu nodes; the simulator has at most %d", n,
				  MIGSIM_MAX_NODES);
	if (ret)
		return line_error(t, line, "'%.*s' is not a node list; expected ids in "
				  "ascending order like (0-3,6), each at most %d", TOKQ(&tk[2]),
				  TOPO_MAX_HOST_NODE);
	if (n != (unsigned long long)t->nr)
		return line_error(t, line, "'%llu nodes' but the list %.*s has %d", n,
				  TOKQ(&tk[2]), t->nr);
	if (!t->nr)
		return line_error(t, line, "no nodes; expected at least one");
	t->decl_line = line;
	return 0;
}

/* "node N cpus: ...", "node N size: S MB", "node N free: F MB" */
static int numactl_node_line(struct topo *t, const char *p, const char *end, int line,
			     const struct tok *id_tok)
{
	struct tok what, tk, unit;
	unsigned long long id, v;
	int i;

	if (!tok_num(id_tok, INT_MAX, &id))
		return line_error(t, line, "'node %.*s': expected a node number", TOKQ(id_tok));
	if (!next_tok(&p, end, &what))
		return line_error(t, line, "'node %llu' ends early; %s", id, numactl_expected);
	if (!t->decl_line)
		return line_error(t, line, "'node %llu %.*s' before the 'available: N nodes "
				  "(LIST)' line", id, TOKQ(&what));
	i = node_index(t, (long)id);
	if (i < 0)
		return line_error(t, line, "node %llu is not in the 'available:' list (line %d)",
				  id, t->decl_line);
	if (tok_is(&what, "cpus:")) {
		struct cpu_add a = { t, i, line, 0 };
		int ret, listed = -1;

		if (t->have_cpus[i])
			return line_error(t, line, "second 'node %llu cpus:' line (the first is "
					  "line %d)", id, t->cpus_line[i]);
		while (next_tok(&p, end, &tk)) {
			/* --cpu-compress (numactl 2.0.17+) adds " (count)" after a range. */
			if (tk.n > 2 && tk.s[0] == '(' && tk.s[tk.n - 1] == ')') {
				if (!parse_num(tk.s + 1, tk.n - 2, INT_MAX, &v))
					return line_error(t, line, "'%.*s': expected a CPU count "
							  "like (4)", TOKQ(&tk));
				listed = (int)v;
				continue;
			}
			ret = parse_list(tk.s, tk.n, TOPO_MAX_HOST_CPUS - 1, numactl_add_cpu, &a);
			if (ret == -EINVAL && !t->errlen)
				return ret;
			if (ret == -EINVAL && !t->err[0])
				return line_error(t, line, "'%.*s' is not a CPU; expected CPU "
						  "numbers (0 1 2) or ranges (0-3), each below %d",
						  TOKQ(&tk), TOPO_MAX_HOST_CPUS);
			if (ret)
				return ret;
		}
		if (listed >= 0 && listed != a.count)
			return line_error(t, line, "'(%d)' but %d CPUs are listed", listed, a.count);
		t->have_cpus[i] = true;
		t->cpus_line[i] = line;
		return 0;
	}
	if (tok_is(&what, "size:") || tok_is(&what, "free:")) {
		bool size = tok_is(&what, "size:");

		if (!next_tok(&p, end, &tk))
			return line_error(t, line, "expected 'node %llu %.*s N MB'", id, TOKQ(&what));
		if (tok_is(&tk, "<not") && next_tok(&p, end, &unit) &&
		    tok_is(&unit, "available>") && !next_tok(&p, end, &unit)) {
			if (size)
				return line_error(t, line, "node %llu size is '<not available>' "
						  "(numactl could not read its meminfo); the "
						  "simulator needs every node's size", id);
			return 0;
		}
		if (!tok_num(&tk, 1ULL << 40, &v) || !next_tok(&p, end, &unit) ||
		    !tok_is(&unit, "MB") || next_tok(&p, end, &unit))
			return line_error(t, line, "expected 'node %llu %.*s N MB'", id, TOKQ(&what));
		if (!size)
			return 0;
		if (t->have_size[i])
			return line_error(t, line, "second 'node %llu size:' line", id);
		t->have_size[i] = true;
		t->size_line[i] = line;
		t->bytes[i] = v << 20;	/* numactl prints bytes >> 20 */
		return 0;
	}
	return line_error(t, line, "'node %llu %.*s': %s", id, TOKQ(&what), numactl_expected);
}

/* "node 0 1 2" (the header of the distance matrix) */
static int numactl_header(struct topo *t, const char *p, const char *end, int line)
{
	struct tok tk;
	unsigned long long v;
	int k = 0;

	while (next_tok(&p, end, &tk)) {
		if (k >= t->nr || !tok_num(&tk, INT_MAX, &v) || (int)v != t->id[k])
			break;
		k++;
	}
	if (k != t->nr || next_tok(&p, end, &tk))
		goto bad;
	return 0;
bad:
	{
		char ids[256];
		size_t len = 0;

		ids[0] = '\0';
		for (k = 0; k < t->nr && len < sizeof(ids); k++)
			len += (size_t)snprintf(ids + len, sizeof(ids) - len, " %d", t->id[k]);
		return line_error(t, line, "expected the distance header 'node%s' (the nodes "
				  "of the 'available:' line, in order)", ids);
	}
}

/* "  0:  10  21" */
static int numactl_row(struct topo *t, const struct tok *first, const char *p,
		       const char *end, int line)
{
	struct tok tk;
	unsigned long long v;
	int i, k = 0;

	if (first->n < 2 || first->s[first->n - 1] != ':' ||
	    !parse_num(first->s, first->n - 1, INT_MAX, &v))
		return line_error(t, line, "'%.*s': expected a distance row 'N: D D ...'",
				  TOKQ(first));
	i = node_index(t, (long)v);
	if (i < 0)
		return line_error(t, line, "distance row for node %llu, which is not in the "
				  "'available:' list (line %d)", v, t->decl_line);
	if (t->have_row[i])
		return line_error(t, line, "second distance row for node %llu (the first is "
				  "line %d)", v, t->row_line[i]);
	while (next_tok(&p, end, &tk)) {
		if (k >= t->nr)
			return line_error(t, line, "more than %d distances in the row for node "
					  "%d; expected one per node", t->nr, t->id[i]);
		if (!tok_num(&tk, 1000, &v))
			return line_error(t, line, "'%.*s' is not a distance; expected a number "
					  "like 10 or 21", TOKQ(&tk));
		t->dist[i][k++] = (int)v;
	}
	if (k < t->nr)
		return line_error(t, line, "%d distances in the row for node %d; expected one "
				  "per node (%d)", k, t->id[i], t->nr);
	t->have_row[i] = true;
	t->row_line[i] = line;
	return 0;
}

static int numactl_parse(struct topo *t, const char *text)
{
	enum { NODES, HEADER, ROWS, DONE } phase = NODES;
	const char *p = text, *eol, *q;
	struct tok t0, t1;
	int line = 0, ret;

	for (; *p; p = *eol ? eol + 1 : eol) {
		eol = strchr(p, '\n');
		if (!eol)
			eol = p + strlen(p);
		line++;
		q = p;
		if (!next_tok(&q, eol, &t0) || t0.s[0] == '#')
			continue;
		if (phase == DONE)
			return line_error(t, line, "unexpected '%.*s' after the distances",
					  TOKQ(&t0));
		if (phase == HEADER) {
			if (!tok_is(&t0, "node"))
				return line_error(t, line, "'%.*s': expected the distance header "
						  "'node N ...'", TOKQ(&t0));
			ret = numactl_header(t, q, eol, line);
			if (ret)
				return ret;
			phase = ROWS;
			continue;
		}
		if (phase == ROWS) {
			ret = numactl_row(t, &t0, q, eol, line);
			if (ret)
				return ret;
			continue;
		}
		if (tok_is(&t0, "available:")) {
			ret = numactl_available(t, q, eol, line);
		} else if (tok_is(&t0, "node") && next_tok(&q, eol, &t1)) {
			if (tok_is(&t1, "distances:")) {
				if (!t->decl_line)
					return line_error(t, line, "'node distances:' before the "
							  "'available: N nodes (LIST)' line");
				t->dist_line = line;
				phase = HEADER;
				continue;
			}
			ret = numactl_node_line(t, q, eol, line, &t1);
		} else if (tok_is(&t0, "No") && next_tok(&q, eol, &t1) &&
			   tok_is(&t1, "distance")) {
			t->no_distances = true;
			t->dist_line = line;
			phase = DONE;
			continue;
		} else {
			return line_error(t, line, "unexpected '%.*s'; %s", TOKQ(&t0),
					  numactl_expected);
		}
		if (ret)
			return ret;
	}
	if (!t->decl_line)
		return where_error(t, -EINVAL, t->name, "no 'available: N nodes (LIST)' line; "
				   "expected the output of `numactl --hardware`");
	if (phase == NODES)
		return line_error(t, line, "no 'node distances:' matrix; expected it after the "
				  "node lines");
	if (phase == HEADER)
		return line_error(t, line, "'node distances:' has no matrix after it");
	return 0;
}

int migsim_topology_from_numactl(struct migsim_config *cfg, const char *text,
				 const char *name, struct migsim_topology_import *imp,
				 char *err, size_t errlen)
{
	struct topo *t;
	int ret;

	t = topo_new(TOPO_NUMACTL, name ? name : "<numactl>", imp, err, errlen);
	if (!t)
		return -ENOMEM;
	if (!cfg || !text)
		ret = where_error(t, -EINVAL, t->name, "no config or no text");
	else
		ret = numactl_parse(t, text);
	if (!ret)
		ret = topo_finish(t, cfg);
	free(t);
	return ret;
}

int migsim_topology_from_numactl_file(struct migsim_config *cfg, const char *path,
				      struct migsim_topology_import *imp, char *err,
				      size_t errlen)
{
	char *text = NULL;
	int ret;

	if (err && errlen)
		err[0] = '\0';
	if (!path) {
		if (err && errlen)
			snprintf(err, errlen, "numactl: error: no file name");
		return -EINVAL;
	}
	ret = slurp(path, &text, 16 << 20);
	if (ret) {
		if (err && errlen)
			snprintf(err, errlen, "%s: error: %s", path,
				 ret == -EILSEQ ? "a NUL byte: expected text" : strerror(-ret));
		return ret;
	}
	ret = migsim_topology_from_numactl(cfg, text, strcmp(path, "-") ? path : "<stdin>",
					   imp, err, errlen);
	free(text);
	return ret;
}
