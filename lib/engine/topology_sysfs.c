// SPDX-License-Identifier: MIT
/*
 * Topology import from a sysfs node tree (a copy of /sys/devices/system/node
 * and memory_tiering) and from the host through libnuma.  Both fill a
 * struct topo and hand it to topo_finish() (topology.c).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <migsim/migsim.h>
#include "config.h"
#if HAVE_LIBNUMA
#include <numa.h>
#endif
#include "topology_internal.h"

/* ------------------------------------------------------------------ */
/* A sysfs node tree                                                   */

static bool is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/*
 * The ids N of the entries named PREFIX<N> in @dir, sorted.  Returns their
 * count, -E2BIG for more than @max, or -errno.
 */
static int list_numbered(const char *dir, const char *prefix, int *ids, int max)
{
	size_t plen = strlen(prefix);
	unsigned long long v;
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, prefix, plen) ||
		    !parse_num(de->d_name + plen, strlen(de->d_name + plen), TOPO_MAX_HOST_NODE, &v))
			continue;
		if (n == max) {
			closedir(d);
			return -E2BIG;
		}
		ids[n++] = (int)v;
	}
	closedir(d);
	qsort(ids, (size_t)n, sizeof(*ids), cmp_int);
	return n;
}

static int sysfs_read(struct topo *t, int node, const char *file, char **buf)
{
	char path[PATH_MAX + 64], w[PATH_MAX + 80];
	int ret;

	snprintf(path, sizeof(path), "%s/node%d/%s", t->name, t->id[node], file);
	ret = slurp(path, buf, 1 << 20);
	if (ret && ret != -ENOENT) {
		snprintf(w, sizeof(w), "%s", path);
		return where_error(t, ret, w, "%s", ret == -EILSEQ ?
				   "a NUL byte: expected text" : strerror(-ret));
	}
	return ret;
}

/* nodeN/meminfo: "Node N MemTotal:   3761952 kB" */
static int sysfs_meminfo(struct topo *t, int i)
{
	const char *p, *eol, *q;
	struct tok tk[5];
	unsigned long long v;
	char *buf, w[PATH_MAX + 80];
	int line = 0, k, ret;

	ret = sysfs_read(t, i, "meminfo", &buf);
	if (ret == -ENOENT) {
		topo_where(t, i, "meminfo", 0, w, sizeof(w));
		return where_error(t, -ENOENT, w, "missing; expected the node's meminfo "
				   "with a 'Node %d MemTotal: N kB' line", t->id[i]);
	}
	if (ret)
		return ret;
	for (p = buf; *p; p = *eol ? eol + 1 : eol) {
		eol = strchr(p, '\n');
		if (!eol)
			eol = p + strlen(p);
		line++;
		q = p;
		for (k = 0; k < 5 && next_tok(&q, eol, &tk[k]); k++)
			;
		if (k < 3 || !tok_is(&tk[2], "MemTotal:"))
			continue;
		topo_where(t, i, "meminfo", line, w, sizeof(w));
		if (!tok_is(&tk[0], "Node") || !tok_num(&tk[1], INT_MAX, &v) || k != 5 ||
		    !tok_is(&tk[4], "kB") || next_tok(&q, eol, &tk[0]))
			ret = where_error(t, -EINVAL, w, "expected 'Node %d MemTotal: N kB'",
					  t->id[i]);
		else if ((int)v != t->id[i])
			ret = where_error(t, -EINVAL, w, "'Node %llu' in the meminfo of node %d",
					  v, t->id[i]);
		else if (!tok_num(&tk[3], MAX_NODE_BYTES >> 10, &v))
			ret = where_error(t, -EINVAL, w, "'%.*s' is not a size in kB at most "
					  "64 TiB", TOKQ(&tk[3]));
		else {
			t->have_size[i] = true;
			t->size_line[i] = line;
			t->bytes[i] = v << 10;
		}
		break;
	}
	free(buf);
	return ret;	/* no MemTotal line: topo_finish() reports the node with no size */
}

/* nodeN/distance: "10 21" */
static int sysfs_distance(struct topo *t, int i)
{
	const char *p, *end;
	struct tok tk;
	unsigned long long v;
	char *buf, w[PATH_MAX + 80];
	int k = 0, ret;

	ret = sysfs_read(t, i, "distance", &buf);
	topo_where(t, i, "distance", 1, w, sizeof(w));
	if (ret == -ENOENT)
		return where_error(t, -ENOENT, w, "missing; expected one distance per node");
	if (ret)
		return ret;
	p = buf;
	end = strchr(buf, '\n');
	if (!end)
		end = buf + strlen(buf);
	while (next_tok(&p, end, &tk)) {
		if (k >= t->nr) {
			ret = where_error(t, -EINVAL, w, "more than %d distances for %d nodes; "
					  "expected one per node", t->nr, t->nr);
			goto out;
		}
		if (!tok_num(&tk, 1000, &v)) {
			ret = where_error(t, -EINVAL, w, "'%.*s' is not a distance; expected a "
					  "number like 10", TOKQ(&tk));
			goto out;
		}
		t->dist[i][k++] = (int)v;
	}
	if (k < t->nr) {
		ret = where_error(t, -EINVAL, w, "%d distances for %d nodes; expected one "
				  "per node", k, t->nr);
		goto out;
	}
	t->have_row[i] = true;
	t->row_line[i] = 1;
out:
	free(buf);
	return ret;
}

static int sysfs_add_cpu(void *arg, int cpu)
{
	struct cpu_add *a = arg;
	struct topo *t = a->t;
	char w[PATH_MAX + 80];

	if (t->cpu_node[cpu] >= 0) {
		topo_where(t, a->node, "cpulist", 1, w, sizeof(w));
		return where_error(t, -EINVAL, w, "CPU %d is on node %d already; expected "
				   "each CPU on one node", cpu, t->id[t->cpu_node[cpu]]);
	}
	t->cpu_node[cpu] = (short)a->node;
	return 0;
}

/* nodeN/cpulist "0-3,8-11", or nodeN/cpumap "00000000,00000f0f". */
static int sysfs_cpus(struct topo *t, int i)
{
	struct cpu_add a = { t, i, 1, 0 };
	char *buf, *end, w[PATH_MAX + 80];
	int ret, len, k, bit = 0;

	ret = sysfs_read(t, i, "cpulist", &buf);
	if (!ret) {
		end = buf + strcspn(buf, "\r\n");
		ret = parse_list(buf, (size_t)(end - buf), TOPO_MAX_HOST_CPUS - 1,
				 sysfs_add_cpu, &a);
		if (ret == -EINVAL && !(t->errlen && t->err[0])) {
			topo_where(t, i, "cpulist", 1, w, sizeof(w));
			ret = where_error(t, -EINVAL, w, "'%.*s' is not a CPU list; expected "
					  "ranges like 0-3,8-11, each CPU below %d",
					  (int)(end - buf > 40 ? 40 : end - buf), buf,
					  TOPO_MAX_HOST_CPUS);
		}
		goto done;
	}
	if (ret != -ENOENT)
		return ret;
	ret = sysfs_read(t, i, "cpumap", &buf);
	topo_where(t, i, "cpumap", 1, w, sizeof(w));
	if (ret == -ENOENT) {
		topo_where(t, i, "cpulist", 0, w, sizeof(w));
		return where_error(t, -ENOENT, w, "missing (and no cpumap); expected the "
				   "node's CPUs, e.g. 0-3,8-11, or an empty file");
	}
	if (ret)
		return ret;
	/* Hex digits, most significant first, commas between 32-bit words. */
	len = (int)strcspn(buf, "\r\n");
	for (k = len - 1; k >= 0; k--) {
		int c = buf[k], v, b;

		if (c == ',')
			continue;
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else {
			ret = where_error(t, -EINVAL, w, "'%c' in a CPU mask; expected hex "
					  "digits and commas", c);
			goto done;
		}
		for (b = 0; b < 4; b++, bit++) {
			if (!(v & (1 << b)))
				continue;
			if (bit >= TOPO_MAX_HOST_CPUS) {
				ret = where_error(t, -EINVAL, w, "CPU %d; expected CPUs below %d",
						  bit, TOPO_MAX_HOST_CPUS);
				goto done;
			}
			ret = sysfs_add_cpu(&a, bit);
			if (ret)
				goto done;
		}
	}
done:
	free(buf);
	if (!ret) {
		t->have_cpus[i] = true;
		t->cpus_line[i] = 1;
	}
	return ret;
}

struct tier_add {
	struct topo *t;
	int rank;
	int tier_id;
	int seen[MIGSIM_MAX_NODES];	/* memory_tierN a node was in, or -1 */
};

static int tier_add_node(void *arg, int id)
{
	struct tier_add *a = arg;
	int i = node_index(a->t, id);

	if (i < 0)
		return -ENODEV;
	if (a->seen[i] >= 0)
		return -EEXIST;
	a->seen[i] = a->tier_id;
	a->t->tier[i] = a->rank;
	return 0;
}

/*
 * memory_tierN/nodelist, N = abstract distance >> 7 (memory_tier4 is DRAM;
 * dax/kmem devices default to memory_tier22).  Ranks: smallest N -> tier 0.
 */
static int sysfs_tiers(struct topo *t, const char *dir)
{
	int ids[64], n, k, i, ret;
	struct tier_add a = { .t = t };
	char path[PATH_MAX + 64], map[256];
	size_t len = 0;
	char *buf;

	n = list_numbered(dir, "memory_tier", ids, 64);
	if (n < 0)
		return where_error(t, n, dir, "%s", n == -E2BIG ? "more than 64 memory tiers" :
				   strerror(-n));
	if (n > 8)
		return where_error(t, -EINVAL, dir, "%d memory tiers; the simulator has at "
				   "most 8 (tier 0..7)", n);
	for (i = 0; i < t->nr; i++)
		a.seen[i] = -1;
	map[0] = '\0';
	for (k = 0; k < n; k++) {
		snprintf(path, sizeof(path), "%s/memory_tier%d/nodelist", dir, ids[k]);
		ret = slurp(path, &buf, 1 << 16);
		if (ret)
			return where_error(t, ret, path, "%s", strerror(-ret));
		a.rank = k;
		a.tier_id = ids[k];
		ret = parse_list(buf, strcspn(buf, "\r\n"), TOPO_MAX_HOST_NODE, tier_add_node, &a);
		free(buf);
		snprintf(path, sizeof(path), "%s/memory_tier%d/nodelist:1", dir, ids[k]);
		if (ret == -ENODEV || ret == -EEXIST || ret == -EINVAL)
			return where_error(t, -EINVAL, path, "%s", ret == -ENODEV ?
					   "a node that is not in the node tree" : ret == -EEXIST ?
					   "a node that is in another memory tier too" :
					   "not a node list; expected e.g. 0-1");
		if (len < sizeof(map))
			len += (size_t)snprintf(map + len, sizeof(map) - len, "%smemory_tier%d->%d",
						len ? ", " : "", ids[k], k);
	}
	t->tiers_known = true;
	if (n)
		note(t, "memory tiers from %s by rank: %s", dir, map);
	for (i = 0; i < t->nr; i++)
		if (a.seen[i] < 0 && t->bytes[i] >= SZ_2M) {
			note(t, "node %d has memory but is in no memory tier: put in tier 0",
			     t->id[i]);
			t->tier[i] = 0;
		}
	return 0;
}

int migsim_topology_from_sysfs(struct migsim_config *cfg, const char *dir,
			       const char *tiering, struct migsim_topology_import *imp,
			       char *err, size_t errlen)
{
	char nodedir[PATH_MAX], tdir[PATH_MAX];
	struct topo *t;
	int n, i, ret;

	if (err && errlen)
		err[0] = '\0';
	if (!cfg || !dir) {
		if (err && errlen)
			snprintf(err, errlen, "sysfs: error: no config or no directory");
		return -EINVAL;
	}
	/* A copy of a whole /sys, or the node directory itself. */
	snprintf(nodedir, sizeof(nodedir), "%s/devices/system/node", dir);
	if (is_dir(nodedir)) {
		snprintf(tdir, sizeof(tdir), "%s/devices/virtual/memory_tiering", dir);
	} else {
		snprintf(nodedir, sizeof(nodedir), "%s", dir);
		snprintf(tdir, sizeof(tdir), "%s/memory_tiering", dir);
		if (!is_dir(tdir))
			snprintf(tdir, sizeof(tdir), "%s/../../virtual/memory_tiering", dir);
	}
	t = topo_new(TOPO_SYSFS, nodedir, imp, err, errlen);
	if (!t)
		return -ENOMEM;
	n = list_numbered(nodedir, "node", t->id, MIGSIM_MAX_NODES);
	if (n == -E2BIG) {
		ret = where_error(t, -EINVAL, nodedir, "more than %d nodeN directories; the "
				  "simulator has at most %d nodes", MIGSIM_MAX_NODES,
				  MIGSIM_MAX_NODES);
		goto out;
	}
	if (n < 0) {
		ret = where_error(t, n, nodedir, "%s", strerror(-n));
		goto out;
	}
	if (!n) {
		ret = where_error(t, -EINVAL, nodedir, "no nodeN directories; expected a copy "
				  "of /sys/devices/system/node");
		goto out;
	}
	t->nr = n;
	for (i = 0, ret = 0; i < n && !ret; i++) {
		ret = sysfs_meminfo(t, i);
		if (!ret)
			ret = sysfs_distance(t, i);
		if (!ret)
			ret = sysfs_cpus(t, i);
	}
	if (!ret && tiering)
		ret = sysfs_tiers(t, tiering);
	else if (!ret && is_dir(tdir))
		ret = sysfs_tiers(t, tdir);
	if (!ret)
		ret = topo_finish(t, cfg);
out:
	free(t);
	return ret;
}

/* ------------------------------------------------------------------ */
/* The host, through libnuma                                           */

int migsim_topology_from_host(struct migsim_config *cfg, struct migsim_topology_import *imp,
			      char *err, size_t errlen)
{
#if HAVE_LIBNUMA
	struct topo *t;
	int max, n, i, j, c, nr_cpus, ret = 0;

	if (err && errlen)
		err[0] = '\0';
	if (!cfg) {
		if (err && errlen)
			snprintf(err, errlen, "host: error: no config");
		return -EINVAL;
	}
	if (numa_available() < 0) {
		if (err && errlen)
			snprintf(err, errlen, "host: error: numa_available() says this host "
				 "has no NUMA support (get_mempolicy() failed)");
		return -ENODEV;
	}
	t = topo_new(TOPO_HOST, "host", imp, err, errlen);
	if (!t)
		return -ENOMEM;
	/* Node ids may be sparse: numa_node_size64() is -1 for a missing one. */
	max = numa_max_node();
	for (n = 0; n <= max && n <= TOPO_MAX_HOST_NODE; n++) {
		long long sz = numa_node_size64(n, NULL);

		if (sz < 0)
			continue;
		if (t->nr == MIGSIM_MAX_NODES) {
			ret = where_error(t, -EINVAL, "host", "more than %d nodes; the simulator "
					  "has at most %d", MIGSIM_MAX_NODES, MIGSIM_MAX_NODES);
			goto out;
		}
		t->id[t->nr] = n;
		t->bytes[t->nr] = (uint64_t)sz;
		t->have_size[t->nr++] = true;
	}
	if (!t->nr) {
		ret = where_error(t, -ENODEV, "host", "libnuma reports no nodes");
		goto out;
	}
	for (i = 0; i < t->nr; i++) {
		for (j = 0; j < t->nr; j++) {
			t->dist[i][j] = numa_distance(t->id[i], t->id[j]);
			if (!t->dist[i][j])
				t->no_distances = true;	/* numa_distance(): 0 = unknown */
		}
		t->have_row[i] = true;
	}
	nr_cpus = numa_num_configured_cpus();
	for (c = 0; c < nr_cpus && c < TOPO_MAX_HOST_CPUS; c++) {
		i = node_index(t, numa_node_of_cpu(c));	/* -1 for offline CPUs */
		if (i >= 0)
			t->cpu_node[c] = (short)i;
	}
	if (is_dir("/sys/devices/virtual/memory_tiering"))
		ret = sysfs_tiers(t, "/sys/devices/virtual/memory_tiering");
	if (!ret)
		ret = topo_finish(t, cfg);
out:
	free(t);
	return ret;
#else
	(void)cfg;
	(void)imp;
	if (err && errlen)
		snprintf(err, errlen, "host: error: this libmigsim was built without libnuma "
			 "(meson option -Dnuma=enabled, with libnuma-dev installed); import a copy "
			 "of /sys/devices/system/node (sysfs:DIR) or `numactl --hardware` output "
			 "instead");
	return -ENOTSUP;
#endif
}
