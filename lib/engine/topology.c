// SPDX-License-Identifier: MIT
/*
 * Topology presets and import: numactl --hardware, a sysfs node tree, the
 * host via libnuma (include/migsim/topology.h, docs/topology.md).
 *
 * Every import fills a struct topo (what the input said, in host terms:
 * host node ids, sizes in bytes, the SLIT, host CPU ids) and hands it to
 * topo_finish(), which checks it, fits it into the simulator (dense node
 * and CPU ids, 2 MiB sizes, no memoryless nodes, at most MIGSIM_MAX_CPUS
 * CPUs), records each change as a note, and only then writes the config.
 * Errors name the file and line they come from; the library never prints.
 *
 * This file holds the presets, the struct topo machinery every import
 * shares (tokens, lists, topo_finish()) and the printer; the importers are
 * topology_numactl.c and topology_sysfs.c (topology_internal.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <migsim/migsim.h>
#include "topology_internal.h"

/* ------------------------------------------------------------------ */
/* Presets                                                             */

/*
 * The distances are the kind real firmware reports, not measurements of one
 * machine: 21 between the two sockets of a two-socket server; a four-socket
 * ring where each socket has two neighbours (16) and one socket across (22);
 * CXL memory expanders 14 from the socket they hang off and 24 from the
 * other one, 26 from each other.
 */
struct topology_preset {
	const char *name;
	const char *description;
	int nr_nodes;
	unsigned int size_gib[4];
	int tier[4];
	int cpus[4];		/* CPUs per node, numbered consecutively */
	int distance[4][4];
};

static const struct topology_preset presets[] = {
	{ "1-node", "one node of 4 GiB with 4 CPUs (no NUMA)",
	  1, { 4 }, { 0 }, { 4 }, { { 10 } } },
	{ "2-socket", "two-socket server: 2 nodes of 16 GiB, 8 CPUs each, distance 21",
	  2, { 16, 16 }, { 0, 0 }, { 8, 8 },
	  { { 10, 21 }, { 21, 10 } } },
	{ "4-node", "four-socket ring: 4 nodes of 8 GiB, 4 CPUs each, distances 16 (neighbour) "
	  "and 22 (across)",
	  4, { 8, 8, 8, 8 }, { 0, 0, 0, 0 }, { 4, 4, 4, 4 },
	  { { 10, 16, 16, 22 }, { 16, 10, 22, 16 }, { 16, 22, 10, 16 }, { 22, 16, 16, 10 } } },
	{ "dram-cxl", "memory tiers: 2 DRAM nodes of 16 GiB with 4 CPUs each (tier 0) and "
	  "2 CPU-less CXL nodes of 32 GiB (tier 1), one per socket",
	  4, { 16, 16, 32, 32 }, { 0, 0, 1, 1 }, { 4, 4, 0, 0 },
	  { { 10, 21, 14, 24 }, { 21, 10, 24, 14 }, { 14, 24, 10, 26 }, { 24, 14, 26, 10 } } },
};

#define NR_PRESETS (sizeof(presets) / sizeof(presets[0]))

size_t migsim_topology_preset_count(void)
{
	return NR_PRESETS;
}

const char *migsim_topology_preset_name(size_t i)
{
	return i < NR_PRESETS ? presets[i].name : NULL;
}

const char *migsim_topology_preset_description(size_t i)
{
	return i < NR_PRESETS ? presets[i].description : NULL;
}

/* Clear the machine part of @cfg, leaving kernel, seed, pools alone. */
static void machine_clear(struct migsim_config *cfg)
{
	cfg->nr_nodes = 0;
	memset(cfg->node_size, 0, sizeof(cfg->node_size));
	memset(cfg->distance, 0, sizeof(cfg->distance));
	memset(cfg->tier, 0, sizeof(cfg->tier));
	cfg->nr_cpus = 0;
	cfg->cpu_node_set = false;
	memset(cfg->cpu_node, 0, sizeof(cfg->cpu_node));
}

int migsim_topology_preset(struct migsim_config *cfg, const char *name, char *err,
			   size_t errlen)
{
	const struct topology_preset *p = NULL;
	size_t i, len;
	int n, j, c;

	if (err && errlen)
		err[0] = '\0';
	for (i = 0; name && i < NR_PRESETS; i++)
		if (!strcmp(presets[i].name, name))
			p = &presets[i];
	if (!p) {
		if (err && errlen) {
			len = (size_t)snprintf(err, errlen, "preset: error: no preset named '%s'; "
					       "expected one of", name ? name : "(null)");
			for (i = 0; i < NR_PRESETS && len < errlen; i++)
				len += (size_t)snprintf(err + len, errlen - len, "%s %s",
							i ? "," : "", presets[i].name);
		}
		return -ENOENT;
	}
	machine_clear(cfg);
	cfg->nr_nodes = p->nr_nodes;
	for (n = 0, c = 0; n < p->nr_nodes; n++) {
		cfg->node_size[n] = (uint64_t)p->size_gib[n] << 30;
		cfg->tier[n] = p->tier[n];
		for (j = 0; j < p->nr_nodes; j++)
			cfg->distance[n][j] = p->distance[n][j];
		for (j = 0; j < p->cpus[n]; j++)
			cfg->cpu_node[c++] = n;
	}
	cfg->nr_cpus = c;
	cfg->cpu_node_set = true;
	return 0;
}

/* ------------------------------------------------------------------ */
/* What an import understood                                           */

struct topo *topo_new(enum topo_kind kind, const char *name,
		      struct migsim_topology_import *imp, char *err, size_t errlen)
{
	struct topo *t = calloc(1, sizeof(*t));
	int i;

	if (!t) {
		if (err && errlen)
			snprintf(err, errlen, "%s: error: out of memory", name);
		return NULL;
	}
	t->kind = kind;
	t->name = name;
	t->imp = imp;
	t->err = err;
	t->errlen = err ? errlen : 0;
	for (i = 0; i < TOPO_MAX_HOST_CPUS; i++)
		t->cpu_node[i] = -1;
	if (imp) {
		unsigned int flags = imp->flags;

		memset(imp, 0, sizeof(*imp));
		imp->flags = flags;
	}
	if (t->errlen)
		err[0] = '\0';
	return t;
}

/* "FILE:LINE" (numactl), "DIR/nodeN/FILE[:LINE]" (sysfs), "host". */
void topo_where(const struct topo *t, int node, const char *file, int line,
		char *buf, size_t n)
{
	if (t->kind == TOPO_NUMACTL)
		snprintf(buf, n, "%s:%d", t->name, line);
	else if (t->kind == TOPO_HOST)
		snprintf(buf, n, "host");
	else if (line > 0)
		snprintf(buf, n, "%s/node%d/%s:%d", t->name, t->id[node], file, line);
	else
		snprintf(buf, n, "%s/node%d/%s", t->name, t->id[node], file);
}

int where_error(struct topo *t, int ret, const char *where, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (!t->errlen)
		return ret;
	len = snprintf(t->err, t->errlen, "%s: error: ", where);
	if (len >= 0 && (size_t)len < t->errlen) {
		va_start(ap, fmt);
		vsnprintf(t->err + len, t->errlen - (size_t)len, fmt, ap);
		va_end(ap);
	}
	return ret;
}

void note(struct topo *t, const char *fmt, ...)
{
	struct migsim_topology_import *imp = t->imp;
	size_t len, room;
	va_list ap;
	int n;

	if (!imp)
		return;
	len = strlen(imp->notes);
	room = sizeof(imp->notes) - len;
	if (room < 16)
		return;
	n = snprintf(imp->notes + len, room, "note: ");
	va_start(ap, fmt);
	n += vsnprintf(imp->notes + len + n, room - (size_t)n, fmt, ap);
	va_end(ap);
	if ((size_t)n + 1 < room) {
		imp->notes[len + n] = '\n';
		imp->notes[len + n + 1] = '\0';
	} else {
		/* Truncated: end it cleanly rather than mid-word. */
		snprintf(imp->notes + len, room, "note: (more notes left out)\n");
	}
}

int node_index(const struct topo *t, long id)
{
	int i;

	for (i = 0; i < t->nr; i++)
		if (t->id[i] == id)
			return i;
	return -1;
}

/* Append "a-b" or "a" to a list being built in @buf. */
static size_t list_append(char *buf, size_t n, size_t len, int a, int b)
{
	if (len >= n)
		return len;
	if (a == b)
		len += (size_t)snprintf(buf + len, n - len, "%s%d", len ? "," : "", a);
	else
		len += (size_t)snprintf(buf + len, n - len, "%s%d-%d", len ? "," : "", a, b);
	return len;
}

/* ------------------------------------------------------------------ */
/* Tokens and lists                                                    */

bool next_tok(const char **p, const char *end, struct tok *tk)
{
	const char *s = *p;

	while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
		s++;
	if (s >= end)
		return false;
	tk->s = s;
	while (s < end && *s != ' ' && *s != '\t' && *s != '\r')
		s++;
	tk->n = (size_t)(s - tk->s);
	*p = s;
	return true;
}

bool tok_is(const struct tok *tk, const char *word)
{
	return tk->n == strlen(word) && !memcmp(tk->s, word, tk->n);
}

/* A decimal number, all of the token, at most @max. */
bool parse_num(const char *s, size_t n, unsigned long long max, unsigned long long *v)
{
	unsigned long long x = 0;
	size_t i;

	if (!n || n > 20)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (x > (ULLONG_MAX - 9) / 10)
			return false;
		x = x * 10 + (unsigned long long)(s[i] - '0');
	}
	if (x > max)
		return false;
	*v = x;
	return true;
}

bool tok_num(const struct tok *tk, unsigned long long max, unsigned long long *v)
{
	return parse_num(tk->s, tk->n, max, v);
}

/*
 * The kernel's list format (%*pbl): "0-3,8-11", "5", or empty.  Calls
 * @fn(arg, id) for each member.  Returns 0, -EINVAL for bad syntax or an
 * id above @max, or what @fn returned.
 */
int parse_list(const char *s, size_t n, unsigned long long max,
	       int (*fn)(void *arg, int id), void *arg)
{
	const char *end = s + n, *q;
	unsigned long long a, b, i;
	int ret;

	while (s < end) {
		for (q = s; q < end && *q >= '0' && *q <= '9'; q++)
			;
		if (!parse_num(s, (size_t)(q - s), max, &a))
			return -EINVAL;
		b = a;
		if (q < end && *q == '-') {
			s = q + 1;
			for (q = s; q < end && *q >= '0' && *q <= '9'; q++)
				;
			if (!parse_num(s, (size_t)(q - s), max, &b) || b < a)
				return -EINVAL;
		}
		for (i = a; i <= b; i++) {
			ret = fn(arg, (int)i);
			if (ret)
				return ret;
		}
		if (q < end && *q != ',')
			return -EINVAL;
		s = q < end ? q + 1 : q;
		if (q < end && s == end)
			return -EINVAL;	/* trailing comma */
	}
	return 0;
}

/* Shorten a token for quoting in a message. */
#define TOKQ(tk) (int)((tk)->n > 40 ? 40 : (tk)->n), (tk)->s

/* ------------------------------------------------------------------ */
/* Fitting into the simulator                                          */

static int dist_of(const struct topo *t, int a, int b)
{
	if (t->no_distances)
		return a == b ? 10 : 20;
	return t->dist[a][b];
}

static int check_distances(struct topo *t)
{
	char w[512], w2[512];
	int i, j;

	if (t->no_distances)
		return 0;
	for (i = 0; i < t->nr; i++) {
		if (!t->have_row[i]) {
			if (t->kind == TOPO_NUMACTL)
				return line_error(t, t->dist_line, "no distance row '%d: ...' for "
						  "node %d; expected one row per node", t->id[i],
						  t->id[i]);
			topo_where(t, i, "distance", 0, w, sizeof(w));
			return where_error(t, -EINVAL, w, "no distances for node %d", t->id[i]);
		}
	}
	for (i = 0; i < t->nr; i++) {
		topo_where(t, i, "distance", t->row_line[i], w, sizeof(w));
		for (j = 0; j < t->nr; j++) {
			int d = t->dist[i][j];

			if (i == j && d != 10)
				return where_error(t, -EINVAL, w, "distance from node %d to itself "
						   "is %d; expected the local distance 10",
						   t->id[i], d);
			if (i != j && (d <= 10 || d > 254))
				return where_error(t, -EINVAL, w, "distance from node %d to node "
						   "%d is %d; expected a remote distance 11..254",
						   t->id[i], t->id[j], d);
			if (j < i && d != t->dist[j][i]) {
				topo_where(t, j, "distance", t->row_line[j], w2, sizeof(w2));
				return where_error(t, -EINVAL, w, "distance from node %d to node "
						   "%d is %d, but from node %d to node %d it is "
						   "%d (%s); expected symmetric distances",
						   t->id[i], t->id[j], d, t->id[j], t->id[i],
						   t->dist[j][i], w2);
			}
		}
	}
	return 0;
}

/* The nearest node with memory to node @m (ties: lowest id), or -1. */
static int nearest_memory_node(const struct topo *t, const uint64_t *size, int m)
{
	int i, best = -1;

	for (i = 0; i < t->nr; i++)
		if (size[i] && (best < 0 || dist_of(t, m, i) < dist_of(t, m, best)))
			best = i;
	return best;
}

/*
 * Check what was read and fit it into @cfg.  Each change the simulator
 * forces is a note; anything it cannot represent is an error, and then
 * @cfg is untouched.
 */
int topo_finish(struct topo *t, struct migsim_config *cfg)
{
	uint64_t size[MIGSIM_MAX_NODES];
	int sim[MIGSIM_MAX_NODES];	/* node index -> simulated node */
	int home[MIGSIM_MAX_NODES];	/* node index -> node index its CPUs run on */
	int per_node[MIGSIM_MAX_NODES] = { 0 };
	int kept[MIGSIM_MAX_NODES] = { 0 };
	struct migsim_config out = *cfg;
	struct migsim_topology_import *imp = t->imp;
	char w[512], list[256];
	int i, j, c, nr_sim = 0, nr_cpus = 0, total = 0, limit = INT_MAX;
	bool renumbered = false, cpus_renumbered = false;
	size_t len;
	int ret;

	for (i = 0; i < t->nr; i++) {
		if (t->have_size[i])
			continue;
		if (t->kind == TOPO_NUMACTL)
			return line_error(t, t->decl_line, "node %d has no size: expected a line "
					  "'node %d size: N MB'", t->id[i], t->id[i]);
		topo_where(t, i, "meminfo", 0, w, sizeof(w));
		return where_error(t, -EINVAL, w, "node %d has no size: expected a line "
				   "'Node %d MemTotal: N kB'", t->id[i], t->id[i]);
	}
	ret = check_distances(t);
	if (ret)
		return ret;

	/* Sizes: whole 2 MiB units (the simulator's PMD size). */
	for (i = 0; i < t->nr; i++) {
		size[i] = t->bytes[i] & ~(SZ_2M - 1);
		if (size[i] > MAX_NODE_BYTES) {
			topo_where(t, i, "meminfo", t->size_line[i], w, sizeof(w));
			return where_error(t, -EINVAL, w, "node %d has %llu MiB; the simulator "
					   "allows at most 64 TiB per node", t->id[i],
					   (unsigned long long)(t->bytes[i] >> 20));
		}
		if (t->bytes[i] && !size[i])
			note(t, "node %d has %llu KiB, less than one 2 MiB unit: treated as "
			     "memoryless", t->id[i], (unsigned long long)(t->bytes[i] >> 10));
		else if (size[i] != t->bytes[i] && !(t->bytes[i] & ((1ULL << 20) - 1)))
			note(t, "node %d: %llu MiB rounded down to %llu MiB (a multiple of 2 MiB)",
			     t->id[i], (unsigned long long)(t->bytes[i] >> 20),
			     (unsigned long long)(size[i] >> 20));
		else if (size[i] != t->bytes[i])
			note(t, "node %d: %llu KiB rounded down to %llu MiB (a multiple of 2 MiB)",
			     t->id[i], (unsigned long long)(t->bytes[i] >> 10),
			     (unsigned long long)(size[i] >> 20));
	}

	/* Memoryless nodes fold into the nearest node with memory. */
	for (i = 0; i < t->nr; i++) {
		sim[i] = size[i] ? nr_sim++ : -1;
		home[i] = i;
	}
	if (!nr_sim)
		return where_error(t, -EINVAL, t->name, "no node has memory; expected at "
				   "least one node with 2 MiB or more");
	for (i = 0; i < t->nr; i++) {
		if (size[i])
			continue;
		home[i] = nearest_memory_node(t, size, i);
		len = 0;
		list[0] = '\0';
		for (c = 0; c < TOPO_MAX_HOST_CPUS; c++) {
			if (t->cpu_node[c] != i)
				continue;
			for (j = c; j + 1 < TOPO_MAX_HOST_CPUS && t->cpu_node[j + 1] == i; j++)
				;
			len = list_append(list, sizeof(list), len, c, j);
			c = j;
		}
		if (len)
			note(t, "node %d has no memory; the simulator has no memoryless nodes, "
			     "so its CPUs %s run on node %d, the nearest node with memory",
			     t->id[i], list, t->id[home[i]]);
		else
			note(t, "node %d has neither memory nor CPUs: left out", t->id[i]);
	}

	/* CPUs, at most MIGSIM_MAX_CPUS of them. */
	for (c = 0; c < TOPO_MAX_HOST_CPUS; c++)
		if (t->cpu_node[c] >= 0) {
			per_node[home[t->cpu_node[c]]]++;
			total++;
		}
	if (!total)
		return where_error(t, -EINVAL, t->name, "no CPUs; expected at least one "
				   "node with CPUs");
	if (total > MIGSIM_MAX_CPUS) {
		if (!imp || !(imp->flags & MIGSIM_TOPOLOGY_TRIM_CPUS)) {
			int sum = 0;

			/* Point at the node whose CPUs went over the limit. */
			for (i = 0; i < t->nr; i++) {
				for (c = 0; c < TOPO_MAX_HOST_CPUS; c++)
					sum += t->cpu_node[c] == i;
				if (sum > MIGSIM_MAX_CPUS)
					break;
			}
			topo_where(t, i, "cpulist", t->cpus_line[i], w, sizeof(w));
			return where_error(t, -EINVAL, w, "%d CPUs; the simulator has at most %d "
					   "(keep the first CPUs of each node with "
					   "MIGSIM_TOPOLOGY_TRIM_CPUS, `migsim topology "
					   "--trim-cpus`)", total, MIGSIM_MAX_CPUS);
		}
		/* The largest per-node count that fits. */
		for (limit = MIGSIM_MAX_CPUS; limit > 0; limit--) {
			int sum = 0;

			for (i = 0; i < t->nr; i++)
				sum += per_node[i] < limit ? per_node[i] : limit;
			if (sum <= MIGSIM_MAX_CPUS)
				break;
		}
	}

	machine_clear(&out);
	out.nr_nodes = nr_sim;
	for (i = 0; i < t->nr; i++) {
		if (sim[i] < 0)
			continue;
		out.node_size[sim[i]] = size[i];
		out.tier[sim[i]] = t->tier[i];
		for (j = 0; j < t->nr; j++)
			if (sim[j] >= 0)
				out.distance[sim[i]][sim[j]] = t->no_distances ? 0 : t->dist[i][j];
		if (imp) {
			imp->host_node[sim[i]] = t->id[i];
			imp->host_bytes[sim[i]] = t->bytes[i];
		}
		renumbered |= sim[i] != t->id[i];
	}
	for (c = 0; c < TOPO_MAX_HOST_CPUS; c++) {
		int n = t->cpu_node[c];

		if (n < 0 || kept[home[n]] >= limit)
			continue;
		kept[home[n]]++;
		if (imp)
			imp->host_cpu[nr_cpus] = c;
		cpus_renumbered |= nr_cpus != c;
		out.cpu_node[nr_cpus++] = sim[home[n]];
	}
	out.nr_cpus = nr_cpus;
	out.cpu_node_set = true;
	if (imp) {
		imp->host_nodes = t->nr;
		imp->host_cpus = total;
	}

	if (renumbered) {
		len = 0;
		list[0] = '\0';
		for (i = 0; i < t->nr; i++)
			if (sim[i] >= 0 && len < sizeof(list))
				len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%d->%d",
							len ? ", " : "", t->id[i], sim[i]);
		note(t, "host nodes numbered densely (host->simulated): %s", list);
	}
	if (nr_cpus < total)
		note(t, "%d CPUs trimmed to %d: at most %d per node, the lowest-numbered",
		     total, nr_cpus, limit);
	if (cpus_renumbered)
		note(t, "host CPU ids numbered densely: simulated CPU i is the i-th "
		     "lowest host CPU id kept");
	if (t->no_distances)
		note(t, "no distance information: default distances (10 local, 20 remote)");
	if (!t->tiers_known && nr_sim > 1)
		note(t, "no memory tier information: every node is in tier 0");
	*cfg = out;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Reading a file                                                      */

/* Read a whole file (or stdin for "-") into a NUL-terminated buffer. */
int slurp(const char *path, char **out, size_t max)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	size_t len = 0, cap = 4096, n;
	char *buf, *nb;
	int ret = 0;

	if (!f)
		return -errno;
	buf = malloc(cap);
	if (!buf) {
		ret = -ENOMEM;
		goto out;
	}
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (len + 1 == cap) {
			if (cap >= max) {
				ret = -EFBIG;
				break;
			}
			nb = realloc(buf, cap * 2);
			if (!nb) {
				ret = -ENOMEM;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (!ret && ferror(f))
		ret = -EIO;
	if (!ret && memchr(buf, '\0', len))
		ret = -EILSEQ;
	if (ret) {
		free(buf);
		goto out;
	}
	buf[len] = '\0';
	*out = buf;
out:
	if (f != stdin)
		fclose(f);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Printing                                                            */

static int eff_distance(const struct migsim_config *cfg, int a, int b)
{
	return cfg->distance[a][b] ? cfg->distance[a][b] : a == b ? 10 : 20;
}

/* The world's rule (world.c): nr_cpus 0 = one per node; CPU i on node
 * i % nr_nodes unless cpu_node_set. */
static int eff_cpu_node(const struct migsim_config *cfg, int cpu)
{
	return cfg->cpu_node_set ? cfg->cpu_node[cpu] : cpu % cfg->nr_nodes;
}

static void write_cpus(const struct migsim_config *cfg, int nr_cpus, int node, FILE *out,
		       bool json)
{
	int c, e, n = 0;

	for (c = 0; c < nr_cpus; c++) {
		if (eff_cpu_node(cfg, c) != node)
			continue;
		if (json) {
			fprintf(out, "%s%d", n++ ? "," : "", c);
			continue;
		}
		for (e = c; e + 1 < nr_cpus && eff_cpu_node(cfg, e + 1) == node; e++)
			;
		if (e == c)
			fprintf(out, "%s%d", n++ ? "," : "", c);
		else
			fprintf(out, "%s%d-%d", n++ ? "," : "", c, e);
		c = e;
	}
	if (!n && !json)
		fputs("none", out);
}

int migsim_topology_write(const struct migsim_config *cfg, FILE *out, bool json)
{
	int nr_cpus, n, j;

	if (!cfg || !out || cfg->nr_nodes < 1 || cfg->nr_nodes > MIGSIM_MAX_NODES ||
	    cfg->nr_cpus < 0 || cfg->nr_cpus > MIGSIM_MAX_CPUS)
		return -EINVAL;
	nr_cpus = cfg->nr_cpus ? cfg->nr_cpus : cfg->nr_nodes;
	if (json) {
		fprintf(out, "{\"nr_nodes\":%d,\"nr_cpus\":%d,\"nodes\":[", cfg->nr_nodes, nr_cpus);
		for (n = 0; n < cfg->nr_nodes; n++) {
			fprintf(out, "%s{\"node\":%d,\"size\":%llu,\"size_mib\":%llu,\"tier\":%d,"
				"\"cpus\":[", n ? "," : "", n,
				(unsigned long long)cfg->node_size[n],
				(unsigned long long)(cfg->node_size[n] >> 20), cfg->tier[n]);
			write_cpus(cfg, nr_cpus, n, out, true);
			fputs("]}", out);
		}
		fputs("],\"distances\":[", out);
		for (n = 0; n < cfg->nr_nodes; n++) {
			fputs(n ? ",[" : "[", out);
			for (j = 0; j < cfg->nr_nodes; j++)
				fprintf(out, "%s%d", j ? "," : "", eff_distance(cfg, n, j));
			fputc(']', out);
		}
		fputs("]}\n", out);
	} else {
		fprintf(out, "nodes: %d, cpus: %d\n", cfg->nr_nodes, nr_cpus);
		for (n = 0; n < cfg->nr_nodes; n++) {
			uint64_t sz = cfg->node_size[n];

			if (sz % (1ULL << 20))
				fprintf(out, "node %d: %llu bytes, tier %d, cpus ", n,
					(unsigned long long)sz, cfg->tier[n]);
			else
				fprintf(out, "node %d: %llu MiB, tier %d, cpus ", n,
					(unsigned long long)(sz >> 20), cfg->tier[n]);
			write_cpus(cfg, nr_cpus, n, out, false);
			fputc('\n', out);
		}
		fputs("node distances:\nnode", out);
		for (j = 0; j < cfg->nr_nodes; j++)
			fprintf(out, " %3d", j);
		fputc('\n', out);
		for (n = 0; n < cfg->nr_nodes; n++) {
			fprintf(out, "%3d:", n);
			for (j = 0; j < cfg->nr_nodes; j++)
				fprintf(out, " %3d", eff_distance(cfg, n, j));
			fputc('\n', out);
		}
	}
	return ferror(out) ? -EIO : 0;
}
