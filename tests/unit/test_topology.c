// SPDX-License-Identifier: MIT
/*
 * Topology presets and import through the public API (docs/topology.md):
 * every preset boots a world; `numactl --hardware` text from a two-socket
 * server, a four-node machine with a memoryless node, a CXL machine with a
 * CPU-less node, sparse node ids and newer numactl column widths; malformed
 * and inconsistent inputs with their exact error lines, each leaving the
 * config untouched; a sysfs node tree (built in a temporary directory) with
 * memory tiers; the host through libnuma (or -ENOTSUP); the printer.
 *
 *   numactl text / sysfs tree / libnuma -> struct topo (host ids, bytes)
 *     -> checks -> dense ids, 2 MiB sizes, memoryless folded -> config
 */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <migsim/migsim.h>

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

/* Boot a world from @cfg and check each node's size and tier. */
static void assert_boots(const struct migsim_config *cfg)
{
	struct migsim_world *w;
	struct migsim_node_info ni;
	char err[256];
	int n;

	if (migsim_world_create(cfg, &w, err, sizeof(err)))
		fail_msg("world: %s", err);
	for (n = 0; n < cfg->nr_nodes; n++) {
		assert_int_equal(migsim_node_info(w, n, &ni), 0);
		assert_int_equal(ni.present_pages, cfg->node_size[n] >> 12);
		assert_int_equal(ni.tier, cfg->tier[n]);
	}
	migsim_world_destroy(w);
}

/* The CPUs of simulated node @node as "a b c". */
static const char *cpus_of(const struct migsim_config *cfg, int node)
{
	static char buf[512];
	size_t len = 0;
	int c;

	buf[0] = '\0';
	for (c = 0; c < cfg->nr_cpus; c++)
		if (cfg->cpu_node[c] == node)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%d",
						len ? " " : "", c);
	return buf;
}

static char *write_to_string(const struct migsim_config *cfg, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(migsim_topology_write(cfg, f, json), 0);
	fclose(f);
	return buf;
}

/* ------------------------------------------------------------------ */
/* Presets                                                             */

static void test_presets_all_boot(void **state)
{
	struct migsim_config cfg;
	size_t i, n = migsim_topology_preset_count();
	char err[256];

	(void)state;
	assert_true(n >= 4);
	assert_null(migsim_topology_preset_name(n));
	assert_null(migsim_topology_preset_description(n));
	for (i = 0; i < n; i++) {
		const char *name = migsim_topology_preset_name(i);

		printf("# preset %s: %s\n", name, migsim_topology_preset_description(i));
		assert_non_null(migsim_topology_preset_description(i));
		migsim_config_init(&cfg);
		assert_int_equal(migsim_topology_preset(&cfg, name, err, sizeof(err)), 0);
		assert_true(cfg.cpu_node_set);
		assert_true(cfg.nr_cpus > 0);
		assert_boots(&cfg);
	}
}

static void test_preset_shapes(void **state)
{
	struct migsim_config cfg;

	(void)state;
	migsim_config_init(&cfg);
	cfg.seed = 42;
	cfg.hugetlb_2m[0] = 3;
	assert_int_equal(migsim_topology_preset(&cfg, "1-node", NULL, 0), 0);
	assert_int_equal(cfg.nr_nodes, 1);
	assert_int_equal(cfg.seed, 42);		/* the rest of the config is kept */
	assert_int_equal(cfg.hugetlb_2m[0], 3);

	assert_int_equal(migsim_topology_preset(&cfg, "2-socket", NULL, 0), 0);
	assert_int_equal(cfg.nr_nodes, 2);
	assert_int_equal(cfg.distance[0][1], 21);
	assert_int_equal(cfg.distance[1][0], 21);

	assert_int_equal(migsim_topology_preset(&cfg, "4-node", NULL, 0), 0);
	assert_int_equal(cfg.nr_nodes, 4);
	assert_int_equal(cfg.distance[0][1], 16);
	assert_int_equal(cfg.distance[0][3], 22);
	assert_string_equal(cpus_of(&cfg, 3), "12 13 14 15");

	/* DRAM + CXL: the CXL nodes have memory, no CPUs, and are tier 1. */
	assert_int_equal(migsim_topology_preset(&cfg, "dram-cxl", NULL, 0), 0);
	assert_int_equal(cfg.nr_nodes, 4);
	assert_int_equal(cfg.tier[0], 0);
	assert_int_equal(cfg.tier[1], 0);
	assert_int_equal(cfg.tier[2], 1);
	assert_int_equal(cfg.tier[3], 1);
	assert_string_equal(cpus_of(&cfg, 2), "");
	assert_string_equal(cpus_of(&cfg, 3), "");
	assert_int_equal(cfg.node_size[2], 32 * GiB);
	assert_int_equal(cfg.distance[0][2], 14);
	assert_int_equal(cfg.distance[1][2], 24);
}

static void test_preset_unknown(void **state)
{
	struct migsim_config cfg, before;
	char err[256];

	(void)state;
	migsim_config_init(&cfg);
	before = cfg;
	assert_int_equal(migsim_topology_preset(&cfg, "2socket", err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "preset: error: no preset named '2socket'; expected one of "
			    "1-node, 2-socket, 4-node, dram-cxl");
	assert_memory_equal(&cfg, &before, sizeof(cfg));
}

/* ------------------------------------------------------------------ */
/* numactl --hardware                                                  */

/* numactl 2.0.16 on a two-socket server, CPUs interleaved between sockets. */
static const char two_socket[] =
	"available: 2 nodes (0-1)\n"
	"node 0 cpus: 0 2 4 6 8 10 12 14\n"
	"node 0 size: 15947 MB\n"
	"node 0 free: 14011 MB\n"
	"node 1 cpus: 1 3 5 7 9 11 13 15\n"
	"node 1 size: 16126 MB\n"
	"node 1 free: 15222 MB\n"
	"node distances:\n"
	"node   0   1 \n"
	"  0:  10  21 \n"
	"  1:  21  10 \n";

static void test_numactl_two_socket(void **state)
{
	struct migsim_topology_import imp = { 0 };
	struct migsim_config cfg;
	char err[256];

	(void)state;
	migsim_config_init(&cfg);
	assert_int_equal(migsim_topology_from_numactl(&cfg, two_socket, "2s.txt", &imp, err,
						      sizeof(err)), 0);
	assert_string_equal(err, "");
	assert_int_equal(cfg.nr_nodes, 2);
	/* 15947 MB is not a whole number of 2 MiB units: rounded down. */
	assert_int_equal(cfg.node_size[0], 15946 * MiB);
	assert_int_equal(cfg.node_size[1], 16126 * MiB);
	assert_int_equal(imp.host_bytes[0], 15947 * MiB);
	assert_int_equal(cfg.distance[0][0], 10);
	assert_int_equal(cfg.distance[0][1], 21);
	assert_int_equal(cfg.distance[1][0], 21);
	assert_int_equal(cfg.nr_cpus, 16);
	assert_string_equal(cpus_of(&cfg, 0), "0 2 4 6 8 10 12 14");
	assert_string_equal(cpus_of(&cfg, 1), "1 3 5 7 9 11 13 15");
	assert_int_equal(imp.host_nodes, 2);
	assert_int_equal(imp.host_cpus, 16);
	assert_string_equal(imp.notes,
			    "note: node 0: 15947 MiB rounded down to 15946 MiB (a multiple of "
			    "2 MiB)\n"
			    "note: no memory tier information: every node is in tier 0\n");
	assert_boots(&cfg);
}

/*
 * A four-socket ring whose node 1 has CPUs but no memory:
 *
 *   host:  [0: 8G cpus 0-3] [1: 0 MB cpus 4-7] [2: 8G cpus 8-11] [3: 8G cpus 12-15]
 *   sim:   [0: 8G cpus 0-7]                    [1: 8G cpus 8-11] [2: 8G cpus 12-15]
 *
 * Node 1 is 16 from nodes 0 and 3; the tie goes to the lower id, node 0.
 */
static const char four_node_memoryless[] =
	"available: 4 nodes (0-3)\n"
	"node 0 cpus: 0 1 2 3\n"
	"node 0 size: 8192 MB\n"
	"node 0 free: 8000 MB\n"
	"node 1 cpus: 4 5 6 7\n"
	"node 1 size: 0 MB\n"
	"node 1 free: 0 MB\n"
	"node 2 cpus: 8 9 10 11\n"
	"node 2 size: 8192 MB\n"
	"node 2 free: 8000 MB\n"
	"node 3 cpus: 12 13 14 15\n"
	"node 3 size: 8192 MB\n"
	"node 3 free: 8000 MB\n"
	"node distances:\n"
	"node   0   1   2   3 \n"
	"  0:  10  16  16  22 \n"
	"  1:  16  10  22  16 \n"
	"  2:  16  22  10  16 \n"
	"  3:  22  16  16  10 \n";

static void test_numactl_memoryless_node(void **state)
{
	struct migsim_topology_import imp = { 0 };
	struct migsim_config cfg;
	char err[256];

	(void)state;
	migsim_config_init(&cfg);
	assert_int_equal(migsim_topology_from_numactl(&cfg, four_node_memoryless, "4n",
						      &imp, err, sizeof(err)), 0);
	assert_int_equal(cfg.nr_nodes, 3);
	assert_int_equal(imp.host_nodes, 4);
	assert_int_equal(imp.host_node[0], 0);
	assert_int_equal(imp.host_node[1], 2);
	assert_int_equal(imp.host_node[2], 3);
	assert_string_equal(cpus_of(&cfg, 0), "0 1 2 3 4 5 6 7");
	assert_string_equal(cpus_of(&cfg, 1), "8 9 10 11");
	assert_string_equal(cpus_of(&cfg, 2), "12 13 14 15");
	/* Distances among the kept nodes: host 0, 2, 3. */
	assert_int_equal(cfg.distance[0][1], 16);
	assert_int_equal(cfg.distance[0][2], 22);
	assert_int_equal(cfg.distance[1][2], 16);
	assert_string_equal(imp.notes,
			    "note: node 1 has no memory; the simulator has no memoryless nodes, "
			    "so its CPUs 4-7 run on node 0, the nearest node with memory\n"
			    "note: host nodes numbered densely (host->simulated): 0->0, 2->1, "
			    "3->2\n"
			    "note: no memory tier information: every node is in tier 0\n");
	assert_boots(&cfg);
}

/* numactl 2.0.19 column widths on a machine with a CXL memory expander:
 * node 2 has memory and no CPUs. */
static const char cxl_machine[] =
	"available: 3 nodes (0-2)\n"
	"node 0 cpus: 0 1 2 3 4 5 6 7\n"
	"node 0 size: 31824 MB\n"
	"node 0 free: 30012 MB\n"
	"node 1 cpus: 8 9 10 11 12 13 14 15\n"
	"node 1 size: 32253 MB\n"
	"node 1 free: 31001 MB\n"
	"node 2 cpus:\n"
	"node 2 size: 65536 MB\n"
	"node 2 free: 65500 MB\n"
	"node distances:\n"
	"node     0    1    2 \n"
	"   0:   10   21   14 \n"
	"   1:   21   10   24 \n"
	"   2:   14   24   10 \n";

static void test_numactl_cpuless_cxl(void **state)
{
	struct migsim_config cfg;
	char err[256];

	(void)state;
	migsim_config_init(&cfg);
	assert_int_equal(migsim_topology_from_numactl(&cfg, cxl_machine, NULL, NULL, err,
						      sizeof(err)), 0);
	assert_int_equal(cfg.nr_nodes, 3);
	assert_int_equal(cfg.node_size[2], 65536 * MiB);
	assert_string_equal(cpus_of(&cfg, 2), "");
	assert_int_equal(cfg.nr_cpus, 16);
	assert_int_equal(cfg.tier[2], 0);	/* numactl has no tiers */
	assert_int_equal(cfg.distance[2][0], 14);
	assert_boots(&cfg);
}

/* Sparse node ids, --cpu-compress ranges (numactl 2.0.17+), CRLF line ends
 * and a comment; no distance information. */
static void test_numactl_sparse_and_compressed(void **state)
{
	static const char text[] =
		"# pasted from the lab machine\r\n"
		"available: 2 nodes (0,2)\r\n"
		"node 0 cpus: 0-3 (4)\r\n"
		"node 0 size: 4096 MB\r\n"
		"node 0 free: 4000 MB\r\n"
		"\r\n"
		"node 2 cpus: 8-11 (4)\r\n"
		"node 2 size: 4096 MB\r\n"
		"node 2 free: <not available>\r\n"
		"No distance information available.\r\n";
	struct migsim_topology_import imp = { 0 };
	struct migsim_config cfg;
	char err[256];

	(void)state;
	migsim_config_init(&cfg);
	assert_int_equal(migsim_topology_from_numactl(&cfg, text, "sparse", &imp, err,
						      sizeof(err)), 0);
	assert_int_equal(cfg.nr_nodes, 2);
	assert_int_equal(imp.host_node[1], 2);
	assert_int_equal(cfg.nr_cpus, 8);
	assert_int_equal(imp.host_cpu[4], 8);
	assert_string_equal(cpus_of(&cfg, 1), "4 5 6 7");
	assert_int_equal(cfg.distance[0][1], 0);	/* the default, 20 */
	assert_string_equal(imp.notes,
			    "note: host nodes numbered densely (host->simulated): 0->0, 2->1\n"
			    "note: host CPU ids numbered densely: simulated CPU i is the i-th "
			    "lowest host CPU id kept\n"
			    "note: no distance information: default distances (10 local, 20 "
			    "remote)\n"
			    "note: no memory tier information: every node is in tier 0\n");
	assert_boots(&cfg);
}

/* 2 nodes x 40 CPUs: too many, unless trimmed to 32 per node. */
static void test_numactl_too_many_cpus(void **state)
{
	struct migsim_topology_import imp = { .flags = MIGSIM_TOPOLOGY_TRIM_CPUS };
	struct migsim_config cfg, before;
	char text[2048], err[512];

	(void)state;
	snprintf(text, sizeof(text),
		 "available: 2 nodes (0-1)\n"
		 "node 0 cpus: 0-39\n" "node 0 size: 1024 MB\n" "node 0 free: 1000 MB\n"
		 "node 1 cpus: 40-79\n" "node 1 size: 1024 MB\n" "node 1 free: 1000 MB\n"
		 "node distances:\n" "node 0 1\n" "0: 10 20\n" "1: 20 10\n");
	migsim_config_init(&cfg);
	before = cfg;
	assert_int_equal(migsim_topology_from_numactl(&cfg, text, "big", NULL, err,
						      sizeof(err)), -EINVAL);
	assert_string_equal(err, "big:5: error: 80 CPUs; the simulator has at most 64 (keep "
			    "the first CPUs of each node with MIGSIM_TOPOLOGY_TRIM_CPUS, "
			    "`migsim topology --trim-cpus`)");
	assert_memory_equal(&cfg, &before, sizeof(cfg));

	assert_int_equal(migsim_topology_from_numactl(&cfg, text, "big", &imp, err,
						      sizeof(err)), 0);
	assert_int_equal(cfg.nr_cpus, 64);
	assert_int_equal(imp.host_cpus, 80);
	assert_int_equal(imp.host_cpu[32], 40);
	assert_string_equal(cpus_of(&cfg, 1) + 0, "32 33 34 35 36 37 38 39 40 41 42 43 44 45 "
			    "46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63");
	assert_non_null(strstr(imp.notes, "note: 80 CPUs trimmed to 64: at most 32 per "
			       "node, the lowest-numbered\n"));
	assert_boots(&cfg);
}

struct bad_input {
	const char *text;
	int ret;
	const char *err;
};

#define HDR2 "available: 2 nodes (0-1)\n"
#define N0 "node 0 cpus: 0 1\nnode 0 size: 1024 MB\nnode 0 free: 900 MB\n"
#define N1 "node 1 cpus: 2 3\nnode 1 size: 1024 MB\nnode 1 free: 900 MB\n"
#define DH "node distances:\nnode   0   1\n"

static const struct bad_input bad_inputs[] = {
	/* Inconsistent machines. */
	{ HDR2 N0 N1 DH "  0:  10  21\n  1:  20  10\n", -EINVAL,
	  "t:11: error: distance from node 1 to node 0 is 20, but from node 0 to node 1 "
	  "it is 21 (t:10); expected symmetric distances" },
	{ HDR2 N0 N1 DH "  0:  12  21\n  1:  21  10\n", -EINVAL,
	  "t:10: error: distance from node 0 to itself is 12; expected the local "
	  "distance 10" },
	{ HDR2 N0 N1 DH "  0:  10  10\n  1:  10  10\n", -EINVAL,
	  "t:10: error: distance from node 0 to node 1 is 10; expected a remote distance "
	  "11..254" },
	{ HDR2 N0 "node 1 cpus: 2 3\nnode 1 free: 900 MB\n" DH "  0:  10  21\n  1:  21  10\n",
	  -EINVAL, "t:1: error: node 1 has no size: expected a line 'node 1 size: N MB'" },
	{ HDR2 N0 "node 1 cpus: 2 3\nnode 1 size: <not available>\n", -EINVAL,
	  "t:6: error: node 1 size is '<not available>' (numactl could not read its "
	  "meminfo); the simulator needs every node's size" },
	{ HDR2 "node 0 cpus: 0 1\nnode 0 size: 1 MB\n" "node 1 cpus: 2\nnode 1 size: 0 MB\n"
	  DH "  0:  10  21\n  1:  21  10\n", -EINVAL,
	  "t: error: no node has memory; expected at least one node with 2 MiB or more" },
	{ HDR2 "node 0 cpus:\nnode 0 size: 64 MB\nnode 1 cpus:\nnode 1 size: 64 MB\n"
	  DH "  0:  10  21\n  1:  21  10\n", -EINVAL,
	  "t: error: no CPUs; expected at least one node with CPUs" },
	{ "available: 65 nodes (0-64)\n", -EINVAL,
	  "t:1: error: 65 nodes; the simulator has at most 64" },
	/* Tokens that do not parse. */
	{ HDR2 "node 0 cpus: 0 one\n", -EINVAL,
	  "t:2: error: 'one' is not a CPU; expected CPU numbers (0 1 2) or ranges (0-3), "
	  "each below 8192" },
	{ HDR2 "node 0 size: 1024 GB\n", -EINVAL,
	  "t:2: error: expected 'node 0 size: N MB'" },
	{ HDR2 "node 0 cpus: 0 1\nnode 0 cpus: 2\n", -EINVAL,
	  "t:3: error: second 'node 0 cpus:' line (the first is line 2)" },
	{ HDR2 "node 0 cpus: 0 1\nnode 1 cpus: 1 2\n", -EINVAL,
	  "t:3: error: CPU 1 is on node 0 already; expected each CPU on one node" },
	{ HDR2 "node 2 cpus: 0\n", -EINVAL,
	  "t:2: error: node 2 is not in the 'available:' list (line 1)" },
	{ HDR2 "node 0 mem: 4\n", -EINVAL,
	  "t:2: error: 'node 0 mem:': expected 'available: N nodes (LIST)', 'node N cpus: "
	  "...', 'node N size: N MB', 'node N free: N MB' or 'node distances:'" },
	{ "available: 2 nodes (0-2)\n", -EINVAL,
	  "t:1: error: '2 nodes' but the list (0-2) has 3" },
	{ "available: 2 nodes 0-1\n", -EINVAL,
	  "t:1: error: expected 'available: N nodes (LIST)'" },
	{ "$ numactl --hardware\n" HDR2, -EINVAL,
	  "t:1: error: unexpected '$'; expected 'available: N nodes (LIST)', 'node N cpus: "
	  "...', 'node N size: N MB', 'node N free: N MB' or 'node distances:'" },
	{ "node 0 cpus: 0\n", -EINVAL,
	  "t:1: error: 'node 0 cpus:' before the 'available: N nodes (LIST)' line" },
	{ "", -EINVAL,
	  "t: error: no 'available: N nodes (LIST)' line; expected the output of "
	  "`numactl --hardware`" },
	{ HDR2 N0 N1, -EINVAL,
	  "t:7: error: no 'node distances:' matrix; expected it after the node lines" },
	{ HDR2 N0 N1 "node distances:\nnode 1 0\n", -EINVAL,
	  "t:9: error: expected the distance header 'node 0 1' (the nodes of the "
	  "'available:' line, in order)" },
	{ HDR2 N0 N1 DH "  0:  10\n", -EINVAL,
	  "t:10: error: 1 distances in the row for node 0; expected one per node (2)" },
	{ HDR2 N0 N1 DH "  0:  10  2x\n", -EINVAL,
	  "t:10: error: '2x' is not a distance; expected a number like 10 or 21" },
	{ HDR2 N0 N1 DH "  0:  10  21\n", -EINVAL,
	  "t:8: error: no distance row '1: ...' for node 1; expected one row per node" },
	{ HDR2 N0 N1 DH "  0:  10  21\n  1:  21  10\n  0:  10  21\n", -EINVAL,
	  "t:12: error: second distance row for node 0 (the first is line 10)" },
	{ HDR2 N0 N1 DH "  0:  10  21\n  1:  21  10\n  2:  21  10\n", -EINVAL,
	  "t:12: error: distance row for node 2, which is not in the 'available:' list "
	  "(line 1)" },
	{ HDR2 "node 0 cpus: 0-3 (5)\n", -EINVAL,
	  "t:2: error: '(5)' but 4 CPUs are listed" },
};

static void test_numactl_bad_inputs(void **state)
{
	struct migsim_config cfg, before;
	char err[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_inputs) / sizeof(bad_inputs[0]); i++) {
		const struct bad_input *b = &bad_inputs[i];

		printf("# bad input %zu\n", i);
		migsim_config_init(&cfg);
		before = cfg;
		assert_int_equal(migsim_topology_from_numactl(&cfg, b->text, "t", NULL, err,
							      sizeof(err)), b->ret);
		assert_string_equal(err, b->err);
		assert_memory_equal(&cfg, &before, sizeof(cfg));
	}
	/* No error buffer: still an error, nothing written anywhere. */
	assert_int_equal(migsim_topology_from_numactl(&cfg, bad_inputs[0].text, "t", NULL,
						      NULL, 0), -EINVAL);
	/* A small buffer gets the start of the message, NUL-terminated. */
	assert_int_equal(migsim_topology_from_numactl(&cfg, bad_inputs[0].text, "t", NULL,
						      err, 8), -EINVAL);
	assert_string_equal(err, "t:11: e");
}

static char tmpdir[] = "/tmp/migsim-topology-XXXXXX";

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int make_tmpdir(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/migsim-topology-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
	(void)state;
	return nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Write @text to tmpdir/@rel, creating the directories on the way. */
static void put(const char *rel, const char *text)
{
	char path[4096], *s;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	for (s = path + strlen(tmpdir) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(path, 0755);
		*s = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_numactl_file(void **state)
{
	struct migsim_config cfg;
	char path[4096], err[9000], want[9000];

	(void)state;
	put("numactl-H.txt", two_socket);
	snprintf(path, sizeof(path), "%s/numactl-H.txt", tmpdir);
	migsim_config_init(&cfg);
	assert_int_equal(migsim_topology_from_numactl_file(&cfg, path, NULL, err,
							   sizeof(err)), 0);
	assert_int_equal(cfg.nr_cpus, 16);

	put("bad.txt", HDR2 N0 N1 DH "  0:  10  21\n  1:  20  10\n");
	snprintf(path, sizeof(path), "%s/bad.txt", tmpdir);
	assert_int_equal(migsim_topology_from_numactl_file(&cfg, path, NULL, err,
							   sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s:11: error: distance from node 1 to node 0 is 20, "
		 "but from node 0 to node 1 it is 21 (%s:10); expected symmetric distances",
		 path, path);
	assert_string_equal(err, want);

	snprintf(path, sizeof(path), "%s/missing.txt", tmpdir);
	assert_int_equal(migsim_topology_from_numactl_file(&cfg, path, NULL, err,
							   sizeof(err)), -ENOENT);
	assert_string_equal(err + strlen(path), ": error: No such file or directory");
}

/* ------------------------------------------------------------------ */
/* sysfs                                                               */

static const char meminfo_fmt[] =
	"Node %d MemTotal:       %s kB\n"
	"Node %d MemFree:         1000000 kB\n"
	"Node %d MemUsed:          100000 kB\n"
	"Node %d HugePages_Total:     0\n";

static void put_node(const char *root, int id, const char *kb, const char *dist,
		     const char *cpulist)
{
	char rel[256], text[512];

	snprintf(rel, sizeof(rel), "%s/node%d/meminfo", root, id);
	snprintf(text, sizeof(text), meminfo_fmt, id, kb, id, id, id);
	put(rel, text);
	snprintf(rel, sizeof(rel), "%s/node%d/distance", root, id);
	put(rel, dist);
	if (cpulist) {
		snprintf(rel, sizeof(rel), "%s/node%d/cpulist", root, id);
		put(rel, cpulist);
	}
}

/*
 * tmpdir/node:   node0 DRAM (cpus 0-3,8-11), node1 DRAM (cpus 4-7,12-15),
 *                node2 CXL (no CPUs)
 * tmpdir/node/memory_tiering: memory_tier4 = 0-1, memory_tier22 = 2
 */
static void test_sysfs_tree(void **state)
{
	struct migsim_topology_import imp = { 0 };
	struct migsim_config cfg;
	char dir[512], err[4200], notes[4400];

	(void)state;
	put_node("node", 0, "16315508", "10 21 14\n", "0-3,8-11\n");
	put_node("node", 1, "16512000", "21 10 24\n", "4-7,12-15\n");
	put_node("node", 2, "67108864", "14 24 10\n", "\n");
	put("node/online", "0-2\n");
	put("node/memory_tiering/memory_tier4/nodelist", "0-1\n");
	put("node/memory_tiering/memory_tier22/nodelist", "2\n");
	snprintf(dir, sizeof(dir), "%s/node", tmpdir);

	migsim_config_init(&cfg);
	assert_int_equal(migsim_topology_from_sysfs(&cfg, dir, NULL, &imp, err, sizeof(err)),
			 0);
	assert_int_equal(cfg.nr_nodes, 3);
	/* 16315508 kB = 15933.1 MiB -> 15932 MiB. */
	assert_int_equal(cfg.node_size[0], 15932 * MiB);
	assert_int_equal(cfg.node_size[1], 16125 * MiB - MiB);
	assert_int_equal(cfg.node_size[2], 65536 * MiB);
	assert_int_equal(cfg.tier[0], 0);
	assert_int_equal(cfg.tier[1], 0);
	assert_int_equal(cfg.tier[2], 1);
	assert_string_equal(cpus_of(&cfg, 0), "0 1 2 3 8 9 10 11");
	assert_string_equal(cpus_of(&cfg, 1), "4 5 6 7 12 13 14 15");
	assert_string_equal(cpus_of(&cfg, 2), "");
	assert_int_equal(cfg.distance[0][2], 14);
	assert_int_equal(cfg.distance[2][1], 24);
	snprintf(notes, sizeof(notes),
		 "note: memory tiers from %s/memory_tiering by rank: memory_tier4->0, "
		 "memory_tier22->1\n"
		 "note: node 0: 16315508 KiB rounded down to 15932 MiB (a multiple of 2 MiB)\n"
		 "note: node 1: 16125 MiB rounded down to 16124 MiB (a multiple of 2 MiB)\n",
		 dir);
	assert_string_equal(imp.notes, notes);
	assert_boots(&cfg);

	/* The same tree as part of a copy of /sys, tiers found in the live
	 * layout (devices/virtual/memory_tiering). */
	put_node("sys/devices/system/node", 0, "1048576", "10 20\n", "0\n");
	put_node("sys/devices/system/node", 1, "1048576", "20 10\n", "");
	put("sys/devices/virtual/memory_tiering/memory_tier4/nodelist", "0");
	put("sys/devices/virtual/memory_tiering/memory_tier22/nodelist", "1");
	snprintf(dir, sizeof(dir), "%s/sys", tmpdir);
	assert_int_equal(migsim_topology_from_sysfs(&cfg, dir, NULL, NULL, err, sizeof(err)),
			 0);
	assert_int_equal(cfg.nr_nodes, 2);
	assert_int_equal(cfg.tier[1], 1);
	assert_int_equal(cfg.nr_cpus, 1);
	assert_boots(&cfg);
	/* And given as the node directory itself: ../../virtual/memory_tiering. */
	snprintf(dir, sizeof(dir), "%s/sys/devices/system/node", tmpdir);
	migsim_config_init(&cfg);
	assert_int_equal(migsim_topology_from_sysfs(&cfg, dir, NULL, NULL, err, sizeof(err)),
			 0);
	assert_int_equal(cfg.tier[1], 1);
}

/* cpumap (hex, 32-bit words, most significant first) when cpulist is
 * missing; an explicit memory_tiering directory; sparse nodes. */
static void test_sysfs_cpumap_and_tiering_dir(void **state)
{
	struct migsim_topology_import imp = { 0 };
	struct migsim_config cfg;
	char dir[512], tiers[512], err[4200];

	(void)state;
	put_node("m", 0, "2097152", "10 17\n", NULL);
	put("m/node0/cpumap", "00000000,0000000f\n");
	put_node("m", 3, "2097152", "17 10\n", NULL);
	put("m/node3/cpumap", "00000001,000000f0\n");
	put("tiers/memory_tier4/nodelist", "3\n");
	put("tiers/memory_tier9/nodelist", "0\n");
	snprintf(dir, sizeof(dir), "%s/m", tmpdir);
	snprintf(tiers, sizeof(tiers), "%s/tiers", tmpdir);
	migsim_config_init(&cfg);
	assert_int_equal(migsim_topology_from_sysfs(&cfg, dir, tiers, &imp, err, sizeof(err)),
			 0);
	assert_int_equal(cfg.nr_nodes, 2);
	assert_int_equal(imp.host_node[1], 3);
	assert_int_equal(cfg.tier[0], 1);	/* memory_tier9 ranks after memory_tier4 */
	assert_int_equal(cfg.tier[1], 0);
	assert_int_equal(cfg.nr_cpus, 9);
	assert_int_equal(imp.host_cpu[8], 32);
	assert_string_equal(cpus_of(&cfg, 0), "0 1 2 3");
	assert_string_equal(cpus_of(&cfg, 1), "4 5 6 7 8");
	assert_boots(&cfg);
}

static void test_sysfs_errors(void **state)
{
	struct migsim_config cfg, before;
	char dir[512], err[4200], want[4200];

	(void)state;
	migsim_config_init(&cfg);
	before = cfg;

	/* Asymmetric distances, named by file. */
	put_node("a", 0, "1048576", "10 21\n", "0\n");
	put_node("a", 1, "1048576", "22 10\n", "1\n");
	snprintf(dir, sizeof(dir), "%s/a", tmpdir);
	assert_int_equal(migsim_topology_from_sysfs(&cfg, dir, NULL, NULL, err, sizeof(err)),
			 -EINVAL);
	snprintf(want, sizeof(want), "%s/node1/distance:1: error: distance from node 1 to "
		 "node 0 is 22, but from node 0 to node 1 it is 21 (%s/node0/distance:1); "
		 "expected symmetric distances", dir, dir);
	assert_string_equal(err, want);

	/* A node with no size. */
	put_node("b", 0, "1048576", "10 21\n", "0\n");
	put("b/node1/meminfo", "Node 1 MemFree: 10 kB\n");
	put("b/node1/distance", "21 10\n");
	put("b/node1/cpulist", "1\n");
	snprintf(dir, sizeof(dir), "%s/b", tmpdir);
	assert_int_equal(migsim_topology_from_sysfs(&cfg, dir, NULL, NULL, err, sizeof(err)),
			 -EINVAL);
	snprintf(want, sizeof(want), "%s/node1/meminfo: error: node 1 has no size: expected "
		 "a line 'Node 1 MemTotal: N kB'", dir);
	assert_string_equal(err, want);

	/* A MemTotal line that does not parse, with its line number. */
	put("b/node1/meminfo", "Node 1 MemFree: 10 kB\nNode 1 MemTotal: lots kB\n");
	assert_int_equal(migsim_topology_from_sysfs(&cfg, dir, NULL, NULL, err, sizeof(err)),
			 -EINVAL);
	snprintf(want, sizeof(want), "%s/node1/meminfo:2: error: 'lots' is not a size in kB "
		 "at most 64 TiB", dir);
	assert_string_equal(err, want);

	/* A bad CPU list. */
	put_node("c", 0, "1048576", "10\n", "0-3,,5\n");
	snprintf(dir, sizeof(dir), "%s/c", tmpdir);
	assert_int_equal(migsim_topology_from_sysfs(&cfg, dir, NULL, NULL, err, sizeof(err)),
			 -EINVAL);
	snprintf(want, sizeof(want), "%s/node0/cpulist:1: error: '0-3,,5' is not a CPU list; "
		 "expected ranges like 0-3,8-11, each CPU below 8192", dir);
	assert_string_equal(err, want);

	/* A distance row of the wrong length. */
	put_node("d", 0, "1048576", "10 20 30\n", "0\n");
	snprintf(dir, sizeof(dir), "%s/d", tmpdir);
	assert_int_equal(migsim_topology_from_sysfs(&cfg, dir, NULL, NULL, err, sizeof(err)),
			 -EINVAL);
	snprintf(want, sizeof(want), "%s/node0/distance:1: error: more than 1 distances for "
		 "1 nodes; expected one per node", dir);
	assert_string_equal(err, want);

	/* A tier naming a node that does not exist. */
	put_node("e", 0, "1048576", "10\n", "0\n");
	put("e/memory_tiering/memory_tier4/nodelist", "0-1\n");
	snprintf(dir, sizeof(dir), "%s/e", tmpdir);
	assert_int_equal(migsim_topology_from_sysfs(&cfg, dir, NULL, NULL, err, sizeof(err)),
			 -EINVAL);
	snprintf(want, sizeof(want), "%s/memory_tiering/memory_tier4/nodelist:1: error: a "
		 "node that is not in the node tree", dir);
	assert_string_equal(err, want);

	/* Not a node tree at all, and a missing directory. */
	put("f/readme", "x\n");
	snprintf(dir, sizeof(dir), "%s/f", tmpdir);
	assert_int_equal(migsim_topology_from_sysfs(&cfg, dir, NULL, NULL, err, sizeof(err)),
			 -EINVAL);
	snprintf(want, sizeof(want), "%s: error: no nodeN directories; expected a copy of "
		 "/sys/devices/system/node", dir);
	assert_string_equal(err, want);
	snprintf(dir, sizeof(dir), "%s/nowhere", tmpdir);
	assert_int_equal(migsim_topology_from_sysfs(&cfg, dir, NULL, NULL, err, sizeof(err)),
			 -ENOENT);
	snprintf(want, sizeof(want), "%s: error: No such file or directory", dir);
	assert_string_equal(err, want);

	assert_memory_equal(&cfg, &before, sizeof(cfg));
}

/* ------------------------------------------------------------------ */
/* The host                                                            */

static void test_host(void **state)
{
	struct migsim_topology_import imp = { .flags = MIGSIM_TOPOLOGY_TRIM_CPUS };
	struct migsim_config cfg, before;
	char err[512];
	int ret;

	(void)state;
	migsim_config_init(&cfg);
	before = cfg;
	ret = migsim_topology_from_host(&cfg, &imp, err, sizeof(err));
	printf("# host import: %d %s\n", ret, ret ? err : "ok");
	if (ret == -ENOTSUP) {
		assert_non_null(strstr(err, "host: error: this libmigsim was built without "
				       "libnuma"));
		assert_memory_equal(&cfg, &before, sizeof(cfg));
		return;
	}
	if (ret == -ENODEV) {
		assert_non_null(strstr(err, "host: error:"));
		assert_memory_equal(&cfg, &before, sizeof(cfg));
		return;
	}
	assert_int_equal(ret, 0);
	assert_true(cfg.nr_nodes >= 1);
	assert_true(cfg.nr_cpus >= 1);
	assert_boots(&cfg);
}

/* ------------------------------------------------------------------ */
/* The printer                                                         */

static void test_write_text(void **state)
{
	struct migsim_config cfg;
	char *s;

	(void)state;
	migsim_config_init(&cfg);
	assert_int_equal(migsim_topology_preset(&cfg, "dram-cxl", NULL, 0), 0);
	s = write_to_string(&cfg, false);
	assert_string_equal(s,
			    "nodes: 4, cpus: 8\n"
			    "node 0: 16384 MiB, tier 0, cpus 0-3\n"
			    "node 1: 16384 MiB, tier 0, cpus 4-7\n"
			    "node 2: 32768 MiB, tier 1, cpus none\n"
			    "node 3: 32768 MiB, tier 1, cpus none\n"
			    "node distances:\n"
			    "node   0   1   2   3\n"
			    "  0:  10  21  14  24\n"
			    "  1:  21  10  24  14\n"
			    "  2:  14  24  10  26\n"
			    "  3:  24  14  26  10\n");
	free(s);

	/* The defaults filled in: distance 0 as 20, one CPU per node. */
	migsim_config_init(&cfg);
	s = write_to_string(&cfg, false);
	assert_string_equal(s,
			    "nodes: 2, cpus: 2\n"
			    "node 0: 1024 MiB, tier 0, cpus 0\n"
			    "node 1: 1024 MiB, tier 0, cpus 1\n"
			    "node distances:\n"
			    "node   0   1\n"
			    "  0:  10  20\n"
			    "  1:  20  10\n");
	free(s);

	/* The imported two-socket server: interleaved CPUs print one by one. */
	assert_int_equal(migsim_topology_from_numactl(&cfg, two_socket, NULL, NULL, NULL, 0), 0);
	s = write_to_string(&cfg, false);
	assert_non_null(strstr(s, "node 0: 15946 MiB, tier 0, cpus 0,2,4,6,8,10,12,14\n"));
	free(s);

	cfg.nr_nodes = 0;
	assert_int_equal(migsim_topology_write(&cfg, stdout, false), -EINVAL);
}

static void test_write_json(void **state)
{
	struct migsim_config cfg;
	char *s;

	(void)state;
	migsim_config_init(&cfg);
	assert_int_equal(migsim_topology_preset(&cfg, "2-socket", NULL, 0), 0);
	s = write_to_string(&cfg, true);
	assert_string_equal(s,
			    "{\"nr_nodes\":2,\"nr_cpus\":16,\"nodes\":["
			    "{\"node\":0,\"size\":17179869184,\"size_mib\":16384,\"tier\":0,"
			    "\"cpus\":[0,1,2,3,4,5,6,7]},"
			    "{\"node\":1,\"size\":17179869184,\"size_mib\":16384,\"tier\":0,"
			    "\"cpus\":[8,9,10,11,12,13,14,15]}],"
			    "\"distances\":[[10,21],[21,10]]}\n");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_presets_all_boot),
		cmocka_unit_test(test_preset_shapes),
		cmocka_unit_test(test_preset_unknown),
		cmocka_unit_test(test_numactl_two_socket),
		cmocka_unit_test(test_numactl_memoryless_node),
		cmocka_unit_test(test_numactl_cpuless_cxl),
		cmocka_unit_test(test_numactl_sparse_and_compressed),
		cmocka_unit_test(test_numactl_too_many_cpus),
		cmocka_unit_test(test_numactl_bad_inputs),
		cmocka_unit_test_setup_teardown(test_numactl_file, make_tmpdir, remove_tmpdir),
		cmocka_unit_test_setup_teardown(test_sysfs_tree, make_tmpdir, remove_tmpdir),
		cmocka_unit_test_setup_teardown(test_sysfs_cpumap_and_tiering_dir, make_tmpdir,
						remove_tmpdir),
		cmocka_unit_test_setup_teardown(test_sysfs_errors, make_tmpdir, remove_tmpdir),
		cmocka_unit_test(test_host),
		cmocka_unit_test(test_write_text),
		cmocka_unit_test(test_write_json),
	};

	return cmocka_run_group_tests_name("topology", tests, NULL, NULL);
}
