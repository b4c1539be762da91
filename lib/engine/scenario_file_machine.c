// SPDX-License-Identifier: MIT
/*
 * Scenario files: the machine.  settings:, topology: (explicit nodes, a
 * preset, or an import through include/migsim/topology.h), tasks: and
 * mappings: (with auto addresses chosen as migsim_mmap() would, so that
 * overlaps are caught before anything runs).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "scenario_file_parse.h"

/* ---- settings and topology ---- */

static const char *const preempt_words[] = { "voluntary", "none", "full" };

int sfp_parse_settings(struct parser *p, node_t *m)
{
	static const char *const keys[] = { "thp_migration", "preempt", "trace",
					     "warn_continues", "self_checks", NULL };
	struct migsim_config *cfg = &p->sf->cfg;
	node_t *n;
	bool b;
	int v;

	TRY(sfp_want(p, m, YAML_MAPPING_NODE, "settings"));
	TRY(sfp_check_keys(p, m, "settings", keys));
	if ((n = sfp_get(p, m, "thp_migration"))) {
		TRY(sfp_get_bool(p, n, "settings.thp_migration", &b));
		cfg->no_thp_migration = !b;
	}
	if ((n = sfp_get(p, m, "preempt"))) {
		TRY(sfp_get_word(p, n, "settings.preempt", preempt_words, 3, &v));
		cfg->preempt = (enum migsim_preempt)v;
	}
	if ((n = sfp_get(p, m, "trace")))
		TRY(sfp_get_bool(p, n, "settings.trace", &cfg->trace));
	if ((n = sfp_get(p, m, "warn_continues")))
		TRY(sfp_get_bool(p, n, "settings.warn_continues", &cfg->warn_continues));
	if ((n = sfp_get(p, m, "self_checks"))) {
		TRY(sfp_get_bool(p, n, "settings.self_checks", &b));
		cfg->no_self_checks = !b;
	}
	return 0;
}

/* A CPU list: a list of numbers, or a string "0-3,8". */
static int parse_cpus(struct parser *p, node_t *n, const char *key, uint64_t *mask)
{
	node_t *it;
	size_t i;
	long long c;

	*mask = 0;
	if (n->type == YAML_SEQUENCE_NODE) {
		seq_for_each(p, n, it, i) {
			TRY(sfp_get_int(p, it, key, 0, MIGSIM_MAX_CPUS - 1, &c));
			*mask |= 1ULL << c;
		}
		return 0;
	}
	TRY(sfp_want(p, n, YAML_SCALAR_NODE, key));
	{
		const char *s = sfp_sval(n);
		char *end;

		while (*s) {
			long a = strtol(s, &end, 10), b = a;

			if (end == s)
				goto bad;
			if (*end == '-') {
				s = end + 1;
				b = strtol(s, &end, 10);
				if (end == s)
					goto bad;
			}
			if (a < 0 || b < a || b >= MIGSIM_MAX_CPUS)
				return perr(p, n, "%s: '%s' names CPUs outside 0..%d", key,
					    sfp_sval(n),
					    MIGSIM_MAX_CPUS - 1);
			for (; a <= b; a++)
				*mask |= 1ULL << a;
			s = end;
			if (*s == ',')
				s++;
			else if (*s)
				goto bad;
		}
		return 0;
bad:
		return perr(p, n, "%s: expected a CPU list such as [0, 1] or \"0-3\", found '%s'",
			    key, sfp_sval(n));
	}
}

static int parse_nodes(struct parser *p, node_t *s)
{
	static const char *const keys[] = { "size", "distance", "tier", "cpus", "hugetlb_2M",
					    "hugetlb_1G", NULL };
	struct migsim_config *cfg = &p->sf->cfg;
	uint64_t cpu_mask[MIGSIM_MAX_NODES] = { 0 }, all = 0;
	node_t *m, *n, *d;
	size_t i, j;
	int maxcpu = -1;
	char ctx[64], kb[96];
	long long v;

	TRY(sfp_want(p, s, YAML_SEQUENCE_NODE, "topology.nodes"));
	if (sfp_seq_len(s) < 1 || sfp_seq_len(s) > MIGSIM_MAX_NODES)
		return perr(p, s, "topology.nodes: %zu nodes; expected 1..%d", sfp_seq_len(s),
			    MIGSIM_MAX_NODES);
	p->nr_nodes = cfg->nr_nodes = (int)sfp_seq_len(s);
	seq_for_each(p, s, m, i) {
		snprintf(ctx, sizeof(ctx), "topology.nodes[%zu]", i);
		TRY(sfp_want(p, m, YAML_MAPPING_NODE, ctx));
		TRY(sfp_check_keys(p, m, ctx, keys));
		TRY(sfp_need(p, m, "size", ctx, &n));
		TRY(sfp_get_size(p, n, "size", &cfg->node_size[i]));
		if (!cfg->node_size[i] || cfg->node_size[i] % HUGE_2M)
			return perr(p, n, "%s.size: %s is not a positive multiple of 2M", ctx,
				    sfp_sval(n));
		p->node_size[i] = cfg->node_size[i];
		if ((n = sfp_get(p, m, "tier")))
			TRY(sfp_get_intv(p, n, "tier", 0, 7, &cfg->tier[i]));
		if ((n = sfp_get(p, m, "hugetlb_2M"))) {
			TRY(sfp_get_int(p, n, SFP_KEY(kb, ctx, "hugetlb_2M"), 0, 1 << 20, &v));
			cfg->hugetlb_2m[i] = (unsigned long)v;
			if ((uint64_t)v * HUGE_2M > cfg->node_size[i])
				return perr(p, n, "%s.hugetlb_2M: %lld pages of 2M do not fit in "
					    "the node's %" PRIu64 " bytes", ctx, v,
					    cfg->node_size[i]);
		}
		if ((n = sfp_get(p, m, "hugetlb_1G"))) {
			TRY(sfp_get_int(p, n, SFP_KEY(kb, ctx, "hugetlb_1G"), 0, 1 << 16, &v));
			cfg->hugetlb_1g[i] = (unsigned long)v;
			if ((uint64_t)v * HUGE_1G > cfg->node_size[i])
				return perr(p, n, "%s.hugetlb_1G: %lld pages of 1G do not fit in "
					    "the node's %" PRIu64 " bytes", ctx, v,
					    cfg->node_size[i]);
			if ((uint64_t)v * HUGE_1G + cfg->hugetlb_2m[i] * HUGE_2M >
			    cfg->node_size[i])
				return perr(p, n, "%s.hugetlb_1G: %lld pages of 1G and %lu of 2M "
					    "together do not fit in the node's %" PRIu64 " bytes",
					    ctx, v, cfg->hugetlb_2m[i], cfg->node_size[i]);
		}
		if ((n = sfp_get(p, m, "cpus"))) {
			TRY(parse_cpus(p, n, "cpus", &cpu_mask[i]));
			if (cpu_mask[i] & all)
				return perr(p, n, "%s.cpus: a CPU is already on another node", ctx);
			all |= cpu_mask[i];
		}
	}
	/* Distances, checked for symmetry once all are read. */
	seq_for_each(p, s, m, i) {
		node_t *e;

		snprintf(ctx, sizeof(ctx), "topology.nodes[%zu].distance", i);
		if (!(d = sfp_get(p, m, "distance")))
			continue;
		TRY(sfp_want(p, d, YAML_SEQUENCE_NODE, ctx));
		if (sfp_seq_len(d) != (size_t)p->nr_nodes)
			return perr(p, d, "%s: %zu entries; expected one per node (%d)", ctx,
				    sfp_seq_len(d), p->nr_nodes);
		seq_for_each(p, d, e, j) {
			TRY(sfp_get_intv(p, e, ctx, 1, 254, &cfg->distance[i][j]));
			if (i == j && cfg->distance[i][j] != 10)
				return perr(p, e, "%s: the local distance must be 10", ctx);
			if (i != j && cfg->distance[i][j] <= 10)
				return perr(p, e, "%s: remote distance %d must be more than 10",
					    ctx,
					    cfg->distance[i][j]);
		}
	}
	seq_for_each(p, s, m, i) {
		if (!(d = sfp_get(p, m, "distance")))
			continue;
		for (j = 0; j < (size_t)p->nr_nodes; j++) {
			/* A node without distance: has the defaults (10, 20). */
			int back = cfg->distance[j][i] ? cfg->distance[j][i] : i == j ? 10 : 20;

			if (cfg->distance[i][j] != back)
				return perr(p, sfp_node_at(p, d->data.sequence.items.start[j]),
					    "topology.nodes[%zu].distance: %d to node %zu, but "
					    "node %zu says %d%s: distances must be symmetric", i,
					    cfg->distance[i][j], j, j, back,
					    cfg->distance[j][i] ? "" : " (the default)");
		}
	}
	if (all) {
		for (i = 0; i < MIGSIM_MAX_CPUS; i++)
			if (all & (1ULL << i))
				maxcpu = (int)i;
		for (i = 0; i <= (size_t)maxcpu; i++) {
			if (!(all & (1ULL << i)))
				return perr(p, s,
					    "topology.nodes: CPU %zu is on no node (CPUs must "
					    "be numbered 0..%d without gaps)", i, maxcpu);
			for (j = 0; j < (size_t)p->nr_nodes; j++)
				if (cpu_mask[j] & (1ULL << i))
					cfg->cpu_node[i] = (int)j;
		}
		cfg->nr_cpus = maxcpu + 1;
		cfg->cpu_node_set = true;
	}
	return 0;
}

/* After a preset or an import: what the rest of the file checks against. */
static void adopt_topology(struct parser *p)
{
	int i;

	p->nr_nodes = p->sf->cfg.nr_nodes;
	for (i = 0; i < p->nr_nodes; i++)
		p->node_size[i] = p->sf->cfg.node_size[i];
}

/* A path in the file is relative to the file's own directory. */
static void relative_path(struct parser *p, const char *path, char *out, size_t len)
{
	const char *slash = strrchr(p->file, '/');

	if (path[0] == '/' || !slash)
		snprintf(out, len, "%s", path);
	else
		snprintf(out, len, "%.*s/%s", (int)(slash - p->file), p->file, path);
}

/*
 * topology: exactly one of nodes: (explicit), preset: (a name, see
 * `migsim topology --help`) or import: {numactl: FILE} / {sysfs: DIR}
 * (include/migsim/topology.h).
 */
int sfp_parse_topology(struct parser *p, node_t *m)
{
	static const char *const keys[] = { "nodes", "preset", "import", NULL };
	static const char *const ikeys[] = { "numactl", "sysfs", NULL };
	struct migsim_config *cfg = &p->sf->cfg;
	node_t *n, *src;
	char msg[1024], path[4096];
	int given = 0;

	TRY(sfp_want(p, m, YAML_MAPPING_NODE, "topology"));
	TRY(sfp_check_keys(p, m, "topology", keys));
	given = !!sfp_get(p, m, "nodes") + !!sfp_get(p, m, "preset") + !!sfp_get(p, m, "import");
	if (given != 1)
		return perr(p, m, "topology: give exactly one of 'nodes', 'preset' and 'import'");
	if ((n = sfp_get(p, m, "preset"))) {
		const char *names[64];
		size_t i, np = migsim_topology_preset_count();
		int k;

		for (i = 0; i < np && i < 64; i++)
			names[i] = migsim_topology_preset_name(i);
		TRY(sfp_get_word(p, n, "topology.preset", names, i, &k));
		if (migsim_topology_preset(cfg, sfp_sval(n), msg, sizeof(msg)))
			return perr(p, n, "topology.preset: %s", msg);
		adopt_topology(p);
		return 0;
	}
	if ((n = sfp_get(p, m, "import"))) {
		int r;

		TRY(sfp_want(p, n, YAML_MAPPING_NODE, "topology.import"));
		TRY(sfp_check_keys(p, n, "topology.import", ikeys));
		if (n->data.mapping.pairs.top - n->data.mapping.pairs.start != 1)
			return perr(p, n, "topology.import: give one of 'numactl' and 'sysfs'");
		if ((src = sfp_get(p, n, "numactl"))) {
			TRY(sfp_want(p, src, YAML_SCALAR_NODE, "topology.import.numactl"));
			relative_path(p, sfp_sval(src), path, sizeof(path));
			r = migsim_topology_from_numactl_file(cfg, path, NULL, msg, sizeof(msg));
		} else {
			src = sfp_get(p, n, "sysfs");
			TRY(sfp_want(p, src, YAML_SCALAR_NODE, "topology.import.sysfs"));
			relative_path(p, sfp_sval(src), path, sizeof(path));
			r = migsim_topology_from_sysfs(cfg, path, NULL, NULL, msg, sizeof(msg));
		}
		if (r)
			return perr(p, src, "topology.import: %s", msg);
		adopt_topology(p);
		return 0;
	}
	return parse_nodes(p, sfp_get(p, m, "nodes"));
}

/* ---- tasks and mappings ---- */

static int sfp_cpu_count(const struct migsim_config *cfg)
{
	return cfg->nr_cpus ? cfg->nr_cpus : cfg->nr_nodes;
}

static int sfp_cpu_node(const struct migsim_config *cfg, int cpu)
{
	return cfg->cpu_node_set ? cfg->cpu_node[cpu] : cpu % cfg->nr_nodes;
}

int sfp_parse_tasks(struct parser *p, node_t *s)
{
	static const char *const keys[] = { "pid", "name", "cpu", "comm", "cap_sys_nice",
					    "allowed_nodes", NULL };
	struct migsim_scenario_file *sf = p->sf;
	node_t *m, *n, *e;
	size_t i, j;
	char ctx[64], kb[96];
	int k;

	TRY(sfp_want(p, s, YAML_SEQUENCE_NODE, "tasks"));
	if (sfp_seq_len(s) > SF_MAX_TASKS / 2)
		return perr(p, s, "tasks: %zu tasks; at most %d", sfp_seq_len(s), SF_MAX_TASKS / 2);
	seq_for_each(p, s, m, i) {
		struct sf_task *t = &sf->tasks[sf->nr_tasks];

		snprintf(ctx, sizeof(ctx), "tasks[%zu]", i);
		TRY(sfp_want(p, m, YAML_MAPPING_NODE, ctx));
		TRY(sfp_check_keys(p, m, ctx, keys));
		t->loc = sfp_loc_of(m);
		TRY(sfp_need(p, m, "pid", ctx, &n));
		TRY(sfp_get_intv(p, n, SFP_KEY(kb, ctx, "pid"), 1, PID_MAX, &t->pid));
		for (k = 0; k < sf->nr_tasks; k++)
			if (sf->tasks[k].pid == t->pid)
				return perr(p, n, "%s.pid: pid %d is already used by tasks[%d]",
					    ctx,
					    t->pid, k);
		if ((n = sfp_get(p, m, "name"))) {
			TRY(sfp_get_str(p, n, SFP_KEY(kb, ctx, "name"), &t->name));
			if (t->name[0] >= '0' && t->name[0] <= '9')
				return perr(p, n,
					    "%s.name: a task name must not start with a digit "
					    "(a number is a pid)", ctx);
			for (k = 0; k < sf->nr_tasks; k++)
				if (sf->tasks[k].name && !strcmp(sf->tasks[k].name, t->name))
					return perr(p, n, "%s.name: '%s' is already a task's name",
						    ctx, t->name);
		}
		if ((n = sfp_get(p, m, "cpu")))
			TRY(sfp_get_intv(p, n, SFP_KEY(kb, ctx, "cpu"), 0, sfp_cpu_count(&sf->cfg) - 1,
					 &t->cpu));
		if ((n = sfp_get(p, m, "comm")))
			TRY(sfp_get_str(p, n, SFP_KEY(kb, ctx, "comm"), &t->comm));
		if ((n = sfp_get(p, m, "cap_sys_nice")))
			TRY(sfp_get_bool(p, n, SFP_KEY(kb, ctx, "cap_sys_nice"), &t->cap_sys_nice));
		if ((n = sfp_get(p, m, "allowed_nodes"))) {
			TRY(sfp_want(p, n, YAML_SEQUENCE_NODE, SFP_KEY(kb, ctx, "allowed_nodes")));
			seq_for_each(p, n, e, j) {
				int nid;

				TRY(sfp_get_node_id(p, e, SFP_KEY(kb, ctx, "allowed_nodes"), &nid));
				t->allowed_nodes |= 1ULL << nid;
			}
		}
		sf->nr_tasks++;
	}
	return 0;
}

static const char *const kind_words[] = { "private", "shared", "thp", "hugetlb-2M",
					  "hugetlb-1G" };
static const unsigned int kind_flags[] = {
	MIGSIM_MAP_PRIVATE, MIGSIM_MAP_SHARED, MIGSIM_MAP_PRIVATE | MIGSIM_MAP_THP,
	MIGSIM_MAP_PRIVATE | MIGSIM_MAP_HUGETLB_2M, MIGSIM_MAP_PRIVATE | MIGSIM_MAP_HUGETLB_1G,
};

int sfp_parse_mappings(struct parser *p, node_t *s)
{
	static const char *const keys[] = { "name", "task", "addr", "size", "kind", "node",
					    "locked", NULL };
	struct migsim_scenario_file *sf = p->sf;
	node_t *m, *n, *addr_node[256];
	size_t i, j;
	char ctx[64], kb[96];

	TRY(sfp_want(p, s, YAML_SEQUENCE_NODE, "mappings"));
	if (sfp_seq_len(s) > 256)
		return perr(p, s, "mappings: %zu mappings; at most 256", sfp_seq_len(s));
	sf->mappings = calloc(sfp_seq_len(s) ? sfp_seq_len(s) : 1, sizeof(*sf->mappings));
	if (!sf->mappings)
		return -ENOMEM;
	seq_for_each(p, s, m, i) {
		struct sf_mapping *mp = &sf->mappings[i];
		uint64_t align = PAGE_4K;
		int kind = 0;
		bool locked = false;

		snprintf(ctx, sizeof(ctx), "mappings[%zu]", i);
		TRY(sfp_want(p, m, YAML_MAPPING_NODE, ctx));
		TRY(sfp_check_keys(p, m, ctx, keys));
		mp->loc = sfp_loc_of(m);
		TRY(sfp_need(p, m, "name", ctx, &n));
		TRY(sfp_get_str(p, n, SFP_KEY(kb, ctx, "name"), &mp->name));
		if (!mp->name[0] || strchr(mp->name, '+') || (mp->name[0] >= '0' &&
							      mp->name[0] <= '9'))
			return perr(p, n, "%s.name: '%s': a mapping name is a word that does not "
				    "start with a digit and has no '+'", ctx, mp->name);
		if (sfp_find_mapping(sf, mp->name, strlen(mp->name)) >= 0)
			return perr(p, n, "%s.name: a mapping named '%s' already exists", ctx,
				    mp->name);
		sf->nr_mappings = i + 1;
		if ((n = sfp_get(p, m, "task"))) {
			TRY(sfp_get_task(p, n, SFP_KEY(kb, ctx, "task"), &mp->task));
		} else if (sf->nr_tasks == 1) {
			mp->task = 0;
		} else {
			return perr(p, m, "%s: missing key 'task' (needed when tasks: has %d "
				    "tasks)", ctx, sf->nr_tasks);
		}
		if ((n = sfp_get(p, m, "kind")))
			TRY(sfp_get_word(p, n, SFP_KEY(kb, ctx, "kind"), kind_words, 5, &kind));
		if ((n = sfp_get(p, m, "locked")))
			TRY(sfp_get_bool(p, n, SFP_KEY(kb, ctx, "locked"), &locked));
		mp->flags = kind_flags[kind] | (locked ? MIGSIM_MAP_LOCKED : 0);
		align = kind == 3 ? HUGE_2M : kind == 4 ? HUGE_1G : PAGE_4K;
		TRY(sfp_need(p, m, "size", ctx, &n));
		TRY(sfp_get_size(p, n, SFP_KEY(kb, ctx, "size"), &mp->size));
		if (!mp->size || mp->size % align)
			return perr(p, n, "%s.size: %s is not a positive multiple of %s (the %s "
				    "page size)", ctx, sfp_sval(n), align == PAGE_4K ? "4K" :
				    align == HUGE_2M ? "2M" : "1G", kind_words[kind]);
		mp->node = MIGSIM_NODE_LOCAL;
		if ((n = sfp_get(p, m, "node")) && !(n->type == YAML_SCALAR_NODE &&
						 !strcmp(sfp_sval(n), "local")))
			TRY(sfp_get_node_id(p, n, SFP_KEY(kb, ctx, "node"), &mp->node));
		{
			int nid = mp->node >= 0 ? mp->node :
				  sfp_cpu_node(&sf->cfg, sf->tasks[mp->task].cpu);

			if (mp->size > p->node_size[nid])
				return perr(p, sfp_get(p, m, "size"),
					    "%s.size: %" PRIu64 " bytes is "
					    "larger than node %d (%" PRIu64 " bytes)", ctx,
					    mp->size, nid, p->node_size[nid]);
		}
		addr_node[i] = sfp_get(p, m, "addr");
		mp->addr = 0;
		if (addr_node[i] && !(addr_node[i]->type == YAML_SCALAR_NODE &&
				      !strcmp(sfp_sval(addr_node[i]), "auto"))) {
			long long a;

			n = addr_node[i];
			TRY(sfp_want(p, n, YAML_SCALAR_NODE, SFP_KEY(kb, ctx, "addr")));
			if (sfp_parse_llong(sfp_sval(n), &a) || a <= 0)
				return perr(p, n, "%s.addr: expected an address or 'auto', found "
					    "'%s'", ctx, sfp_sval(n));
			if ((uint64_t)a % align)
				return perr(p, n,
					    "%s.addr: %#llx is not aligned to the %s page size",
					    ctx, a, kind_words[kind]);
			if ((uint64_t)a >= USER_TOP || mp->size > USER_TOP - (uint64_t)a)
				return perr(p, n,
					    "%s.addr: %#llx+%" PRIu64 " is outside user space",
					    ctx, a, mp->size);
			mp->addr = (uint64_t)a;
		} else {
			addr_node[i] = NULL;
		}
	}
	/*
	 * Auto addresses, as migsim_mmap() would choose them when the mappings
	 * are made in file order: the first 1 GiB boundary past the task's
	 * highest mapping so far.
	 */
	for (i = 0; i < sf->nr_mappings; i++) {
		struct sf_mapping *mp = &sf->mappings[i];
		uint64_t a = AUTO_BASE;

		if (mp->addr)
			continue;
		for (j = 0; j < i; j++)
			if (sf->mappings[j].task == mp->task &&
			    sf->mappings[j].addr + sf->mappings[j].size > a)
				a = sf->mappings[j].addr + sf->mappings[j].size;
		a = (a + HUGE_1G - 1) & ~(HUGE_1G - 1);
		if (a + mp->size > USER_TOP)
			return sfp_perr_at(p, mp->loc.line, mp->loc.col,
					   "mappings[%zu]: no room left "
				       "for %" PRIu64 " bytes", i, mp->size);
		mp->addr = a;
	}
	for (i = 0; i < sf->nr_mappings; i++)
		for (j = 0; j < i; j++) {
			struct sf_mapping *a = &sf->mappings[i], *b = &sf->mappings[j];

			if (a->task != b->task || a->addr >= b->addr + b->size ||
			    b->addr >= a->addr + a->size)
				continue;
			return sfp_perr_at(p, a->loc.line, a->loc.col, "mappings[%zu]: '%s' at %#"
					   PRIx64 "+%" PRIu64 " overlaps '%s' at %#" PRIx64 "+%"
					   PRIu64 " (same task)", i, a->name, a->addr, a->size,
					   b->name, b->addr, b->size);
		}
	return 0;
}

