/* SPDX-License-Identifier: MIT */
/**
 * DOC: migsim topology presets and import (included by <migsim/migsim.h>)
 *
 * Fill the machine part of a struct migsim_config (nr_nodes, node_size,
 * distance, tier, nr_cpus, cpu_node_set, cpu_node) from a named preset, from
 * `numactl --hardware` output, from a copy of /sys/devices/system/node, or
 * from the host through libnuma; print what was understood.  Nothing else in
 * the config (kernel, seed, hugetlb pools, ...) is touched.
 *
 * Conventions:
 *  - Each function returns 0 or a negative errno and, on error, writes one
 *    line "WHERE: error: WHAT" into @err (FILE:LINE for text input, the
 *    file's path for a sysfs file, "host" for libnuma) and leaves @cfg as it
 *    was.  The library never prints.
 *  - Imports fit the host into the simulator and say what they changed in
 *    @imp->notes: sparse host node ids are numbered densely (0, 1, ...),
 *    sizes are rounded down to a multiple of 2 MiB, a memoryless node is
 *    folded away (its CPUs move to the nearest node with memory), host CPU
 *    ids are numbered densely.  @imp->host_node gives each simulated node's
 *    host id.
 *  - docs/topology.md describes the formats, the presets and every error.
 *
 * Example::
 *
 *	struct migsim_config cfg;
 *	struct migsim_world *w;
 *	char err[256];
 *
 *	migsim_config_init(&cfg);
 *	if (migsim_topology_from_numactl_file(&cfg, "numactl-H.txt", NULL,
 *					      err, sizeof(err))) {
 *		fprintf(stderr, "%s\n", err);	// "numactl-H.txt:7: error: ..."
 *		return 2;
 *	}
 *	migsim_topology_write(&cfg, stdout, false);
 *	if (migsim_world_create(&cfg, &w, err, sizeof(err)) == 0)
 *		migsim_world_destroy(w);
 */
#ifndef MIGSIM_TOPOLOGY_H
#define MIGSIM_TOPOLOGY_H

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Presets                                                             */

/** migsim_topology_preset_count() - number of built-in topologies. */
MIGSIM_API size_t migsim_topology_preset_count(void);
/** migsim_topology_preset_name() - "1-node", "2-socket", ...; NULL past the end. */
MIGSIM_API const char *migsim_topology_preset_name(size_t i);
/** migsim_topology_preset_description() - one line about preset @i; NULL past the end. */
MIGSIM_API const char *migsim_topology_preset_description(size_t i);

/**
 * migsim_topology_preset() - set @cfg's machine to the preset @name.
 * @err: receives "preset: error: ..." on failure (@errlen bytes); may be NULL.
 *
 * Return: 0, or -ENOENT for an unknown name (@err lists the known ones).
 *
 * Example::
 *
 *	migsim_config_init(&cfg);
 *	migsim_topology_preset(&cfg, "dram-cxl", err, sizeof(err));
 *	// nodes 0, 1: DRAM with CPUs, tier 0; nodes 2, 3: CXL, no CPUs, tier 1
 */
MIGSIM_API int migsim_topology_preset(struct migsim_config *cfg, const char *name,
				      char *err, size_t errlen);

/* ------------------------------------------------------------------ */
/* Import                                                              */

/*
 * Flag for struct migsim_topology_import: a host with more than
 * MIGSIM_MAX_CPUS CPUs keeps the lowest-numbered CPUs of each node, as many
 * per node as fit (the same number for every node that has that many),
 * instead of being rejected.
 */
#define MIGSIM_TOPOLOGY_TRIM_CPUS (1u << 0)

/**
 * struct migsim_topology_import - options in, and what the import did, out.
 * @flags: in: MIGSIM_TOPOLOGY_TRIM_CPUS or 0.
 * @host_nodes: out: nodes the input described (memoryless ones included).
 * @host_node: out: host node id of each simulated node.
 * @host_bytes: out: each simulated node's host size, before rounding.
 * @host_cpus: out: CPUs the input described.
 * @host_cpu: out: host CPU id of each simulated CPU.
 * @notes: out: one "note: ..." line for each change made to fit the
 *	simulator (renumbering, rounding, folding, trimming, defaults), or "".
 *
 * Pass NULL instead when the defaults (no flags) do and the notes are not
 * wanted.
 */
struct migsim_topology_import {
	unsigned int flags;
	int host_nodes;
	int host_node[MIGSIM_MAX_NODES];
	uint64_t host_bytes[MIGSIM_MAX_NODES];
	int host_cpus;
	int host_cpu[MIGSIM_MAX_CPUS];
	char notes[2048];
};

/**
 * migsim_topology_from_numactl() - read `numactl --hardware` output.
 * @text: the output, NUL-terminated.
 * @name: what to call it in errors ("FILE:LINE: error: ..."); NULL means
 *	"<numactl>".
 * @imp: options and notes, or NULL.
 *
 * The text is read as whitespace-separated tokens, so the column widths of
 * any numactl version do: "available: N nodes (LIST)", then per node
 * "node N cpus: C ..." (CPU ranges as --cpu-compress prints them are
 * accepted), "node N size: S MB", "node N free: F MB", then "node
 * distances:", a header row "node N ..." and one row "N: D ..." per node
 * (or "No distance information available.": default distances 10/20).
 * Empty lines and lines starting with '#' are ignored.  numactl's output
 * has no memory tiers: every node is put in tier 0 (the kernel's default
 * DRAM tier), which @imp->notes says.
 *
 * Return: 0; -EINVAL for text that is not numactl output, or describes a
 * machine the simulator cannot run (asymmetric distances, a local distance
 * other than 10, a remote one <= 10, a node with no size line, more than
 * MIGSIM_MAX_NODES nodes or, without MIGSIM_TOPOLOGY_TRIM_CPUS, more than
 * MIGSIM_MAX_CPUS CPUs); -ENOMEM.
 *
 * Example::
 *
 *	static const char h[] =
 *		"available: 2 nodes (0-1)\n"
 *		"node 0 cpus: 0 1\n" "node 0 size: 1024 MB\n" "node 0 free: 900 MB\n"
 *		"node 1 cpus: 2 3\n" "node 1 size: 1024 MB\n" "node 1 free: 900 MB\n"
 *		"node distances:\n" "node   0   1\n" "  0:  10  21\n" "  1:  21  10\n";
 *	migsim_topology_from_numactl(&cfg, h, "pasted", NULL, err, sizeof(err));
 */
MIGSIM_API int migsim_topology_from_numactl(struct migsim_config *cfg, const char *text,
					    const char *name,
					    struct migsim_topology_import *imp,
					    char *err, size_t errlen);

/**
 * migsim_topology_from_numactl_file() - migsim_topology_from_numactl() on
 * the contents of @path ("-" reads standard input).
 *
 * Return: as migsim_topology_from_numactl(), or -errno when @path cannot be
 * read ("PATH: error: No such file or directory").
 */
MIGSIM_API int migsim_topology_from_numactl_file(struct migsim_config *cfg, const char *path,
						 struct migsim_topology_import *imp,
						 char *err, size_t errlen);

/**
 * migsim_topology_from_sysfs() - read a copy of /sys/devices/system/node.
 * @dir: a directory holding nodeN/ subdirectories, each with meminfo
 *	("Node N MemTotal: K kB"), distance (one row of the SLIT) and cpulist
 *	("0-3,8-11"; cpumap, a hex mask, is read when cpulist is missing).  A
 *	copy of a whole /sys (dir/devices/system/node) is accepted too, and so
 *	is the live /sys/devices/system/node.
 * @tiering: a copy of /sys/devices/virtual/memory_tiering (memory_tierN/
 *	nodelist), or NULL to look for dir/memory_tiering, then
 *	dir/../../virtual/memory_tiering (the live layout); without one every
 *	node is in tier 0.  Tiers are numbered by rank: the memory_tierN with
 *	the smallest N becomes tier 0, the next tier 1, and so on.
 * @imp: options and notes, or NULL.
 *
 * Return: as migsim_topology_from_numactl(); -errno when a needed file or
 * directory cannot be read.
 */
MIGSIM_API int migsim_topology_from_sysfs(struct migsim_config *cfg, const char *dir,
					  const char *tiering,
					  struct migsim_topology_import *imp,
					  char *err, size_t errlen);

/**
 * migsim_topology_from_host() - the machine this process runs on, through
 * libnuma: numa_max_node(), numa_node_size64(), numa_distance() and
 * numa_node_of_cpu(); memory tiers from /sys/devices/virtual/memory_tiering
 * when it exists.
 *
 * Return: 0; -ENOTSUP when libmigsim was built without libnuma (meson
 * option numa); -ENODEV when numa_available() says the host has no NUMA
 * support; otherwise as migsim_topology_from_numactl().
 */
MIGSIM_API int migsim_topology_from_host(struct migsim_config *cfg,
					 struct migsim_topology_import *imp,
					 char *err, size_t errlen);

/* ------------------------------------------------------------------ */
/* Printing                                                            */

/**
 * migsim_topology_write() - print @cfg's machine: nodes with size, tier
 * and CPUs, then the distance matrix, with defaults filled in (distance 0
 * as 10/20, nr_cpus 0 as one CPU per node, CPUs spread round-robin when
 * cpu_node_set is false).
 * @json: one JSON object instead of text:
 *	{"nr_nodes":N,"nr_cpus":C,"nodes":[{"node":0,"size":BYTES,"size_mib":M,
 *	 "tier":T,"cpus":[...]},...],"distances":[[10,21],[21,10]]}
 *
 * Return: 0, -EINVAL when nr_nodes or nr_cpus is out of range, -EIO when
 * writing failed.
 *
 * Example::
 *
 *	migsim_topology_preset(&cfg, "2-socket", NULL, 0);
 *	migsim_topology_write(&cfg, stdout, false);
 *	// nodes: 2, cpus: 8
 *	// node 0: 16384 MiB, tier 0, cpus 0-3
 *	// ...
 */
MIGSIM_API int migsim_topology_write(const struct migsim_config *cfg, FILE *out, bool json);

#ifdef __cplusplus
}
#endif

#endif
