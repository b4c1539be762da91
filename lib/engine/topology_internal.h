/* SPDX-License-Identifier: MIT */
/*
 * What the topology importers share (topology.c, topology_numactl.c,
 * topology_sysfs.c): struct topo, the input as understood, and the helpers
 * that read tokens and lists, report errors and notes, and fit a struct topo
 * into a struct migsim_config (topo_finish()).
 */
#ifndef MIGSIM_ENGINE_TOPOLOGY_INTERNAL_H
#define MIGSIM_ENGINE_TOPOLOGY_INTERNAL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <migsim/migsim.h>

#define SZ_2M (2ULL << 20)
#define MAX_NODE_BYTES (1ULL << 46)	/* world.c's limit: 64 TiB per node */
#define TOPO_MAX_HOST_CPUS 8192		/* the largest NR_CPUS Linux builds with */
#define TOPO_MAX_HOST_NODE 4095		/* highest host node id accepted */

enum topo_kind { TOPO_NUMACTL, TOPO_SYSFS, TOPO_HOST };

/*
 * struct topo - a host machine as the input describes it.  Node indexes
 * (0..nr-1) follow ascending host node ids; id[] gives the host id.  Line
 * numbers locate errors found after parsing (numactl: lines of the text;
 * sysfs: lines of nodeN/<file>).
 */
struct topo {
	enum topo_kind kind;
	const char *name;		/* numactl: the text's name; sysfs: node dir */
	int nr;
	int id[MIGSIM_MAX_NODES];
	int decl_line;			/* numactl: the "available:" line */
	bool have_size[MIGSIM_MAX_NODES];
	int size_line[MIGSIM_MAX_NODES];
	uint64_t bytes[MIGSIM_MAX_NODES];
	bool have_cpus[MIGSIM_MAX_NODES];
	int cpus_line[MIGSIM_MAX_NODES];
	bool have_row[MIGSIM_MAX_NODES];
	int row_line[MIGSIM_MAX_NODES];
	int dist[MIGSIM_MAX_NODES][MIGSIM_MAX_NODES];
	int dist_line;			/* "node distances:" */
	bool no_distances;
	bool tiers_known;
	int tier[MIGSIM_MAX_NODES];
	short cpu_node[TOPO_MAX_HOST_CPUS];	/* host CPU id -> node index, or -1 */
	struct migsim_topology_import *imp;
	char *err;
	size_t errlen;
};

struct topo *topo_new(enum topo_kind kind, const char *name,
		      struct migsim_topology_import *imp, char *err, size_t errlen);

/* "FILE:LINE" (numactl), "DIR/nodeN/FILE[:LINE]" (sysfs), "host". */
void topo_where(const struct topo *t, int node, const char *file, int line,
		char *buf, size_t n);
int __attribute__((format(printf, 4, 5)))
where_error(struct topo *t, int ret, const char *where, const char *fmt, ...);

/* An error at line @line of the numactl text. */
#define line_error(t, line, ...) ({						\
	char _w[512];								\
	snprintf(_w, sizeof(_w), "%s:%d", (t)->name, (line));			\
	where_error((t), -EINVAL, _w, __VA_ARGS__);				\
})

void __attribute__((format(printf, 2, 3))) note(struct topo *t, const char *fmt, ...);
int node_index(const struct topo *t, long id);

/* The CPUs of one node being added to a struct topo (numactl and sysfs). */
struct cpu_add {
	struct topo *t;
	int node;
	int line;
	int count;
};

struct tok {
	const char *s;
	size_t n;
};

/* Tokens (split at blanks), decimal numbers and the kernel's list format. */
bool next_tok(const char **p, const char *end, struct tok *tk);
bool tok_is(const struct tok *tk, const char *word);
bool parse_num(const char *s, size_t n, unsigned long long max, unsigned long long *v);
bool tok_num(const struct tok *tk, unsigned long long max, unsigned long long *v);
int parse_list(const char *s, size_t n, unsigned long long max,
	       int (*fn)(void *arg, int id), void *arg);

/* Shorten a token for quoting in a message. */
#define TOKQ(tk) (int)((tk)->n > 40 ? 40 : (tk)->n), (tk)->s

/* Check @t and fit it into @cfg, noting each change; on error @cfg is untouched. */
int topo_finish(struct topo *t, struct migsim_config *cfg);

/* Read a whole file (or stdin for "-") into a NUL-terminated buffer. */
int slurp(const char *path, char **out, size_t max);

#endif
