/* SPDX-License-Identifier: MIT */
/**
 * DOC: migsim public API
 *
 * libmigsim simulates Linux page migration on a simulated NUMA machine,
 * deterministically.  Build a world (nodes, a kernel profile, a seed), create
 * tasks, map and touch memory, then migrate it with the kernel's own
 * algorithm (migrate_pages(), a NUMA hinting fault) and read back where
 * every page went, the vmstat counters, the migrate tracepoints, and the
 * report of any BUG_ON/WARN/list corruption the run ended in.
 *
 * Conventions:
 *  - Every function returns 0 or a negative errno (-EINVAL, -ENODEV, ...).
 *    On error nothing in the world changed and migsim_strerror() says why.
 *  - A simulated BUG, WARN, list corruption or checker violation ends the
 *    run: the call returns -ENOTRECOVERABLE, migsim_last_report() describes
 *    it, and later calls that would run model code return the same.  The
 *    world can still be inspected and must still be destroyed.
 *  - Same inputs, same outputs: nothing depends on host addresses or time.
 *  - A world is used by one thread at a time; many worlds may coexist.
 *
 * Example::
 *
 *	struct migsim_config cfg;
 *	struct migsim_world *w;
 *	uint64_t addr;
 *	int pid;
 *
 *	migsim_config_init(&cfg);		// 2 nodes of 1 GiB, kernel 6.12
 *	if (migsim_world_create(&cfg, &w, NULL, 0))
 *		return 1;
 *	migsim_task_create(w, NULL, &pid);
 *	migsim_mmap(w, pid, 0, 2 << 20, MIGSIM_MAP_PRIVATE | MIGSIM_MAP_THP, 0, &addr);
 *	migsim_touch(w, pid, addr, 2 << 20, 1);
 *	migsim_migrate_range(w, pid, addr, 2 << 20, 1, MIGSIM_MIGRATE_SYNC,
 *			     MIGSIM_MR_SYSCALL, NULL);
 *	migsim_world_destroy(w);
 */
#ifndef MIGSIM_MIGSIM_H
#define MIGSIM_MIGSIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(MIGSIM_BUILDING_LIBRARY)
#define MIGSIM_API __attribute__((visibility("default")))
#else
#define MIGSIM_API
#endif

#define MIGSIM_VERSION "0.1.0"
#define MIGSIM_MAX_NODES 64
#define MIGSIM_MAX_CPUS 64
#define MIGSIM_NODE_LOCAL (-1)

struct migsim_world;

/* ------------------------------------------------------------------ */
/* Worlds                                                              */

/**
 * enum migsim_preempt - the kernel's preemption model, per world.  It only
 * restricts switches between actors on the same CPU; actors on different
 * CPUs interleave at any scheduling point.
 * @MIGSIM_PREEMPT_VOLUNTARY: switch where the kernel may sleep or calls
 *	cond_resched() (CONFIG_PREEMPT_VOLUNTARY, most distributions).
 * @MIGSIM_PREEMPT_NONE: switch only where it sleeps or calls cond_resched().
 * @MIGSIM_PREEMPT_FULL: switch anywhere except under a spinlock.
 */
enum migsim_preempt {
	MIGSIM_PREEMPT_VOLUNTARY,
	MIGSIM_PREEMPT_NONE,
	MIGSIM_PREEMPT_FULL,
};

/**
 * struct migsim_config - the simulated machine and kernel.
 * @kernel: kernel profile, "6.12" (default), "6.9+deferred-split-v5", ...
 * @seed: recorded in reports and used by anything randomised.
 * @nr_nodes: NUMA nodes, 1..MIGSIM_MAX_NODES.
 * @node_size: bytes of memory per node; a multiple of 2 MiB, at least 2 MiB.
 * @distance: SLIT distances; 0 means the default (10 local, 20 remote).
 *	Must be symmetric, local distance 10, remote distances > 10.
 * @tier: memory tier of each node (0 = top tier, e.g. DRAM; 1 = CXL/PMEM).
 * @nr_cpus: simulated CPUs; 0 means one per node.  CPU i is on node
 *	i % nr_nodes unless @cpu_node is set (cpu_node_set).
 * @no_thp_migration: THP migration unsupported (!CONFIG_ARCH_ENABLE_THP_MIGRATION):
 *	THPs are split before migration.
 * @trace: record the migrate tracepoints and the model's own events.
 * @warn_continues: a WARN records a report but the run goes on.
 * @preempt: the preemption model (see enum migsim_preempt).
 * @no_self_checks: skip the simulator's own O(list) accounting check at the
 *	end of every migrate_pages() call (for benchmarks; migsim_check() still
 *	works).
 * @hugetlb_2m: 2 MiB hugetlb pool pages preallocated per node.
 * @hugetlb_1g: 1 GiB hugetlb pool pages preallocated per node.
 * @adistance: abstract distance of each node's memory, as the kernel's
 *	memory-tiers.c uses it (smaller is faster; DRAM is
 *	MIGSIM_MEMTIER_ADISTANCE_DRAM = 576, a dax/kmem CXL or PMEM node 2880).
 *	0 means "derive it from @tier": tier t gets 576 * (1 + 4t), so tier 0
 *	is DRAM and tier 1 the kernel's default for dax/kmem memory.  A node
 *	may set @tier or @adistance, not both.  Nodes whose abstract distances
 *	fall in the same 128-wide chunk share a memory tier; see
 *	<migsim/tiering.h> and docs/callers/tiering.md.
 */
struct migsim_config {
	const char *kernel;
	uint64_t seed;
	int nr_nodes;
	uint64_t node_size[MIGSIM_MAX_NODES];
	int distance[MIGSIM_MAX_NODES][MIGSIM_MAX_NODES];
	int tier[MIGSIM_MAX_NODES];
	int nr_cpus;
	bool cpu_node_set;
	int cpu_node[MIGSIM_MAX_CPUS];
	bool no_thp_migration;
	bool trace;
	bool warn_continues;
	bool no_self_checks;
	enum migsim_preempt preempt;
	unsigned long hugetlb_2m[MIGSIM_MAX_NODES];
	unsigned long hugetlb_1g[MIGSIM_MAX_NODES];
	int adistance[MIGSIM_MAX_NODES];
};

/** migsim_config_init() - defaults: 2 nodes of 1 GiB, kernel 6.12, seed 1. */
MIGSIM_API void migsim_config_init(struct migsim_config *cfg);

/**
 * migsim_world_create() - boot a simulated machine.
 * @err: if non-NULL, receives a message on failure (@errlen bytes).
 *
 * Return: 0, -EINVAL for a bad configuration (unknown kernel profile,
 * misaligned node size, asymmetric distances, ...), -ENOMEM.
 */
MIGSIM_API int migsim_world_create(const struct migsim_config *cfg,
				   struct migsim_world **out, char *err, size_t errlen);
MIGSIM_API void migsim_world_destroy(struct migsim_world *w);
/** migsim_strerror() - message for the last error returned by @w. */
MIGSIM_API const char *migsim_strerror(const struct migsim_world *w);
/** migsim_world_kernel() - the profile the world runs, as parsed. */
MIGSIM_API const char *migsim_world_kernel(const struct migsim_world *w);
MIGSIM_API uint64_t migsim_world_seed(const struct migsim_world *w);
/** migsim_host_bytes() - host memory the world holds, in bytes. */
MIGSIM_API size_t migsim_host_bytes(const struct migsim_world *w);

/* ------------------------------------------------------------------ */
/* Tasks and memory                                                    */

/**
 * struct migsim_task_config - a simulated task.
 * @pid: wanted pid, or 0 for the next free one.
 * @cpu: the CPU it runs on (its LRU batches and "local" node).
 * @comm: name shown in traces (default "task").
 * @allowed_nodes: cpuset mems_allowed as a node bit mask; 0 = all nodes.
 * @cap_sys_nice: may move pages shared with other tasks.
 */
struct migsim_task_config {
	int pid;
	int cpu;
	const char *comm;
	uint64_t allowed_nodes;
	bool cap_sys_nice;
};

/** migsim_task_create() - create a task with an empty mm; @tc may be NULL. */
MIGSIM_API int migsim_task_create(struct migsim_world *w,
				  const struct migsim_task_config *tc, int *pid);

enum migsim_map_flags {
	MIGSIM_MAP_PRIVATE = 1 << 0,	/* private anonymous */
	MIGSIM_MAP_SHARED = 1 << 1,	/* shared anonymous (shmem object) */
	MIGSIM_MAP_THP = 1 << 2,	/* MADV_HUGEPAGE: faults may map PMD THPs */
	MIGSIM_MAP_HUGETLB_2M = 1 << 3,	/* hugetlb, 2 MiB pages */
	MIGSIM_MAP_HUGETLB_1G = 1 << 4,	/* hugetlb, 1 GiB pages */
	MIGSIM_MAP_LOCKED = 1 << 5,	/* VM_LOCKED (mlock) */
};

/**
 * migsim_mmap() - map anonymous memory into a task.
 * @addr: where, page-aligned (huge-page-aligned for hugetlb), or 0 to let
 *	the simulator choose a 1 GiB-aligned free range.
 * @node: the node page faults try first, or MIGSIM_NODE_LOCAL for the task's
 *	CPU's node.  A preferred placement, not a bind: when that node is full
 *	the allocation falls back to the others in distance order.
 */
MIGSIM_API int migsim_mmap(struct migsim_world *w, int pid, uint64_t addr, uint64_t len,
			   unsigned int flags, int node, uint64_t *addr_out);
/** migsim_touch() - fault in [addr, addr+len) for read (0) or write (1). */
MIGSIM_API int migsim_touch(struct migsim_world *w, int pid, uint64_t addr, uint64_t len,
			    int write);
/**
 * migsim_access_kernel() - like migsim_touch(), but from kernel mode (as
 * copy_to_user() does): a fault that meets a migration entry is retried at
 * once, without passing the return to user space.
 */
MIGSIM_API int migsim_access_kernel(struct migsim_world *w, int pid, uint64_t addr,
				    uint64_t len, int write);
/**
 * migsim_split_folio() - split the THP mapped at @addr as the debugfs
 * split_huge_pages interface does (lock, split with no list, unlock).
 * @split: set to 1 when it was split, 0 when it could not be (busy, pinned).
 */
MIGSIM_API int migsim_split_folio(struct migsim_world *w, int pid, uint64_t addr, int *split);
/**
 * migsim_split_folio_to_order() - split the THP mapped at @addr into
 * folios of order @new_order, as the debugfs split_huge_pages interface
 * does with a new_order (6.10+; here under every profile): lock, split
 * with no list (the pieces stay on the LRU), unlock.  Makes mTHP-sized
 * folios, which the model's faults do not allocate.
 * @new_order: 0 or 2..8 (anonymous folios cannot be order 1).
 * @split: set to 1 when it was split, 0 when it could not be (busy, pinned).
 * Return: 0; -EINVAL when @new_order is invalid or no THP larger than it
 * is mapped at @addr; -ESRCH, -EFAULT as migsim_split_folio().
 * migsim_split_folio() is this with @new_order 0.
 *
 * Example::
 *
 *	int split;
 *	migsim_split_folio_to_order(w, pid, thp, 4, &split);	// 32 order-4 folios
 */
MIGSIM_API int migsim_split_folio_to_order(struct migsim_world *w, int pid, uint64_t addr,
					   unsigned int new_order, int *split);
/**
 * migsim_hugetlb_pool() - set the persistent pool of @page_size (2 MiB or
 * 1 GiB) hugetlb pages on node @nid to @count, as writing
 * /sys/devices/system/node/nodeN/hugepages/.../nr_hugepages does: growing
 * allocates, shrinking dissolves free pages back to the buddy allocator.
 * Return: 0, -EBUSY when pages in use keep it above @count, -ENOMEM.
 */
MIGSIM_API int migsim_hugetlb_pool(struct migsim_world *w, int nid, uint64_t page_size,
				   unsigned long count);
/** migsim_munmap() - unmap a range; partial unmaps of THPs split the PMD. */
MIGSIM_API int migsim_munmap(struct migsim_world *w, int pid, uint64_t addr, uint64_t len);
/** migsim_fork() - a child sharing shared mappings and COW-sharing private ones. */
MIGSIM_API int migsim_fork(struct migsim_world *w, int pid, int *child_pid);
/** migsim_exit() - tear down a task's mm. */
MIGSIM_API int migsim_exit(struct migsim_world *w, int pid);

/**
 * migsim_pin() - take an extra reference on the folio mapped at @addr, as
 * get_user_pages(FOLL_GET) does.  The page stays pinned until migsim_unpin().
 */
MIGSIM_API int migsim_pin(struct migsim_world *w, int pid, uint64_t addr, int *pin_id);
/**
 * migsim_pin_after_split() - arm a pin that a GUP-fast walker takes on the
 * page at @addr the moment a split of its large folio completes (point
 * "split:after-remap").  Models a pin racing with a split.
 */
MIGSIM_API int migsim_pin_after_split(struct migsim_world *w, int pid, uint64_t addr,
				      int *pin_id);
MIGSIM_API int migsim_unpin(struct migsim_world *w, int pin_id);

/* ------------------------------------------------------------------ */
/* Migration                                                           */

enum migsim_mode {
	MIGSIM_MIGRATE_ASYNC,
	MIGSIM_MIGRATE_SYNC_LIGHT,
	MIGSIM_MIGRATE_SYNC,
};

/* Values equal the kernel's enum migrate_reason. */
enum migsim_reason {
	MIGSIM_MR_COMPACTION,
	MIGSIM_MR_MEMORY_FAILURE,
	MIGSIM_MR_MEMORY_HOTPLUG,
	MIGSIM_MR_SYSCALL,
	MIGSIM_MR_MEMPOLICY_MBIND,
	MIGSIM_MR_NUMA_MISPLACED,
	MIGSIM_MR_CONTIG_RANGE,
	MIGSIM_MR_LONGTERM_PIN,
	MIGSIM_MR_DEMOTION,
	MIGSIM_MR_DAMON,
};

/**
 * struct migsim_migrate_result - what one migrate_pages() call did.
 * @rc: migrate_pages()'s return value (folios not migrated, or -ENOMEM).
 * @nr_isolated: folios isolated onto the list.
 * @nr_not_isolated: mapped folios in the range that could not be isolated.
 * @nr_succeeded ... @nr_split: struct migrate_pages_stats.
 * @nr_putback: folios left on the list and put back.
 */
struct migsim_migrate_result {
	int rc;
	unsigned int nr_isolated;
	unsigned int nr_not_isolated;
	int nr_succeeded;
	int nr_failed_pages;
	int nr_thp_succeeded;
	int nr_thp_failed;
	int nr_thp_split;
	int nr_split;
	unsigned int nr_putback;
};

/**
 * migsim_migrate_range() - isolate every folio mapped in a task's range
 * that is not on @node and migrate it there with migrate_pages(), using
 * alloc_migration_target() with __GFP_THISNODE; put back what is left.
 * Return: 0 when the call ran (see @res->rc), or a negative errno.
 */
MIGSIM_API int migsim_migrate_range(struct migsim_world *w, int pid, uint64_t addr,
				    uint64_t len, int node, enum migsim_mode mode,
				    enum migsim_reason reason,
				    struct migsim_migrate_result *res);

/**
 * struct migsim_folio_desc - the source folio a destination is wanted for.
 * @pfn: its first pfn.
 * @node: the node it is on.
 * @order: its order (0 for a base page, 9 for a PMD THP or 2 MiB hugetlb);
 *	the destination is allocated with this order, as
 *	alloc_migration_target() does (order 0 for a THP only where the
 *	profile splits THPs instead of migrating them).
 * @hugetlb: a hugetlb folio (its destination comes from the hugetlb pool).
 * @index: how many destinations this call asked for before this one
 *	(0-based; a folio tried again in a later batch asks again).
 */
struct migsim_folio_desc {
	uint64_t pfn;
	int node;
	unsigned int order;
	bool hugetlb;
	unsigned int index;
};

/**
 * typedef migsim_new_folio_fn - choose where the destination of @src goes:
 * the kernel's get_new_folio callback of migrate_pages().  Return the node
 * to allocate it on, or a negative errno (-ENOMEM) to make the allocation
 * fail, as a get_new_folio returning NULL does.  A node that does not
 * exist or has no memory also makes it fail.  Called from inside
 * migrate_pages(): it may read @w (migsim_page_info(), migsim_vmstat(),
 * ...), but a call that would change it fails with -EDEADLK.
 */
typedef int (*migsim_new_folio_fn)(struct migsim_world *w, const struct migsim_folio_desc *src,
				   void *arg);

/**
 * typedef migsim_put_folio_fn - a destination allocated on @node (of
 * @order) was not used and is being freed: the kernel's put_new_folio.
 * Same restrictions as migsim_new_folio_fn.
 */
typedef void (*migsim_put_folio_fn)(struct migsim_world *w, int node, unsigned int order,
				    void *arg);

/**
 * migsim_migrate_range_alloc() - migsim_migrate_range() with your own
 * get_new_folio: every folio mapped in the range is isolated (whatever its
 * node) and migrate_pages() asks @get_new where each destination goes,
 * then allocates it there with alloc_migration_target()'s rules
 * (__GFP_THISNODE, the source's order, hugetlb from the pool).  An
 * allocation @get_new makes fail goes through the kernel's paths: that
 * folio is not migrated and counts as failed; for a base page (or a
 * hugetlb page) -ENOMEM ends the migrate_pages() call, and the folios not
 * yet tried are put back; a THP is split and its pieces tried instead.
 * @put_new (may be NULL) hears of destinations allocated but not used.
 * Return: 0 when the call ran (see @res->rc, -ENOMEM included), or -EINVAL
 * (NULL @get_new, a bad range, mode or reason), -ESRCH, -EFAULT, with
 * nothing changed.
 *
 * Example::
 *
 *	static int interleave(struct migsim_world *w,
 *			      const struct migsim_folio_desc *src, void *arg)
 *	{
 *		return (int)(src->index % 2);	// nodes 0, 1, 0, 1, ...
 *	}
 *
 *	migsim_migrate_range_alloc(w, pid, addr, 64 << 12, MIGSIM_MIGRATE_SYNC,
 *				   MIGSIM_MR_SYSCALL, interleave, NULL, NULL, &res);
 */
MIGSIM_API int migsim_migrate_range_alloc(struct migsim_world *w, int pid, uint64_t addr,
					  uint64_t len, enum migsim_mode mode,
					  enum migsim_reason reason, migsim_new_folio_fn get_new,
					  migsim_put_folio_fn put_new, void *arg,
					  struct migsim_migrate_result *res);

/**
 * struct migsim_numa_result - a NUMA hinting fault.
 * @migrated: the folio moved to the target node.
 * @rc: migrate_misplaced_folio()'s return (profile-dependent convention).
 * @nr_succeeded: base pages migrated.
 */
struct migsim_numa_result {
	bool migrated;
	int rc;
	int nr_succeeded;
};

/**
 * migsim_numa_hint_fault() - make the PTE or PMD at @addr a NUMA hinting
 * entry (as task_numa_work does) and fault on it from a CPU on
 * @target_node: do_numa_page / do_huge_pmd_numa_page ->
 * migrate_misplaced_folio.  Without an mbind() policy the folio moves to
 * @target_node (the default policy migrates toward the faulting CPU).  With
 * one, mpol_misplaced() decides: a policy without MPOL_F_NUMA_BALANCING is
 * never scanned (-EINVAL, nothing changed), and with it the folio stays
 * unless @target_node is in the policy's nodemask.
 */
MIGSIM_API int migsim_numa_hint_fault(struct migsim_world *w, int pid, uint64_t addr,
				      int target_node, struct migsim_numa_result *res);

/** migsim_deferred_split_scan() - run the deferred-split shrinker on a node. */
MIGSIM_API int migsim_deferred_split_scan(struct migsim_world *w, int nid,
					  unsigned long nr_to_scan, unsigned long *nr_split);
/** migsim_lru_drain() - drain every CPU's LRU batches (lru_add_drain_all). */
MIGSIM_API int migsim_lru_drain(struct migsim_world *w);

/* ------------------------------------------------------------------ */
/* Looking at the machine                                              */

/**
 * struct migsim_page_info - what a task's address maps.
 * @state: "none", "present", "zero" (shared zero page), "migration"
 *	(a migration entry), "numa" (a NUMA hinting entry).
 * @pfn, @node: the base page (for "migration": the entry's pfn).
 * @folio_pfn, @order: the folio it belongs to.
 * @refcount, @mapcount: the folio's counts (mapcount = number of mappings).
 * @pmd_mapped: mapped by a PMD leaf (or hugetlb huge PTE).
 * @lru: on an LRU list (PG_lru); @deferred: on a deferred-split queue.
 * @token: the base page's content token (0 = zero-filled).
 * @flags: the folio's page flags by name, e.g. "uptodate|lru|head|swapbacked".
 */
struct migsim_page_info {
	const char *state;
	uint64_t pfn;
	int node;
	uint64_t folio_pfn;
	unsigned int order;
	int refcount;
	int mapcount;
	bool pmd_mapped;
	bool lru;
	bool deferred;
	bool writable;
	uint64_t token;
	char flags[192];
};

MIGSIM_API int migsim_page_info(struct migsim_world *w, int pid, uint64_t addr,
				struct migsim_page_info *info);

struct migsim_node_info {
	uint64_t start_pfn;
	uint64_t present_pages;
	uint64_t free_pages;
	uint64_t lru_pages[5];	/* inactive anon, active anon, inactive file, active file, unevictable */
	uint64_t deferred_split_len;
	uint64_t hugetlb_pages;	/* base pages in hugetlb pools */
	int tier;
};
MIGSIM_API int migsim_node_info(struct migsim_world *w, int nid, struct migsim_node_info *info);

/* vmstat: vm events and node counters (summed over nodes), by /proc/vmstat name. */
MIGSIM_API size_t migsim_vmstat_count(void);
MIGSIM_API const char *migsim_vmstat_name(size_t i);
MIGSIM_API long migsim_vmstat_value(const struct migsim_world *w, size_t i);
MIGSIM_API int migsim_vmstat(const struct migsim_world *w, const char *name, long *value);
MIGSIM_API int migsim_node_vmstat(const struct migsim_world *w, int nid, const char *name,
				  long *value);

/* Trace events (when cfg.trace was set). */
struct migsim_trace_event {
	uint64_t ts_ns;		/* simulated time */
	int pid;
	int cpu;
	const char *comm;
	const char *event;	/* e.g. "mm_migrate_pages" */
	const char *fields;	/* the kernel's TP_printk text */
};
MIGSIM_API size_t migsim_trace_count(const struct migsim_world *w);
MIGSIM_API int migsim_trace_get(const struct migsim_world *w, size_t i,
				struct migsim_trace_event *ev);
/** migsim_trace_write() - the trace in ftrace's text format. */
MIGSIM_API int migsim_trace_write(const struct migsim_world *w, FILE *out);

/* ------------------------------------------------------------------ */
/* Outcomes, reports, the checker                                      */

enum migsim_outcome {
	MIGSIM_OK,
	MIGSIM_BUG,
	MIGSIM_WARN,
	MIGSIM_LIST_CORRUPTION,
	MIGSIM_INVARIANT,
	MIGSIM_ASSERT,
	MIGSIM_DEADLOCK,
	MIGSIM_LIVELOCK,
};

/**
 * struct migsim_report - how a run ended.
 * @kind: the outcome.
 * @function: the kernel function that raised it ("migrate_misplaced_folio").
 * @message: e.g. "kernel BUG: BUG_ON(!list_empty(&migratepages))".
 * @file, @line: where in the model ("lib/mm/migrate.c", 1234).
 * @stack: the kernel functions on the simulated stack, outermost first.
 * @dump: a dump_page()-style description of the folio involved, or "".
 * @actors: when actors were running, each one's state, what it waited for
 *	and its stack of kernel functions; otherwise "".
 */
struct migsim_report {
	enum migsim_outcome kind;
	const char *function;
	const char *message;
	const char *file;
	int line;
	const char *const *stack;
	int stack_depth;
	const char *dump;
	const char *actors;
};

MIGSIM_API enum migsim_outcome migsim_outcome(const struct migsim_world *w);
MIGSIM_API const char *migsim_outcome_name(enum migsim_outcome o);
/** migsim_last_report() - the report that ended the run, or NULL. */
MIGSIM_API const struct migsim_report *migsim_last_report(const struct migsim_world *w);
/**
 * migsim_check() - run every invariant check (lists, flags vs lists,
 * refcounts vs holders, mapcounts vs page tables, free + used = present,
 * tokens, NR_ISOLATED, migration entries).  A violation ends the run.
 * Return: 0, or -ENOTRECOVERABLE with the report set.
 */
MIGSIM_API int migsim_check(struct migsim_world *w);

/* ------------------------------------------------------------------ */
/* Kernel profiles                                                     */

MIGSIM_API size_t migsim_kernel_count(void);
MIGSIM_API const char *migsim_kernel_name(size_t i);
MIGSIM_API size_t migsim_kernel_patch_count(void);
MIGSIM_API const char *migsim_kernel_patch_name(size_t i);
MIGSIM_API const char *migsim_kernel_patch_description(size_t i);
MIGSIM_API size_t migsim_kernel_switch_count(void);
MIGSIM_API const char *migsim_kernel_switch_name(size_t i);
MIGSIM_API const char *migsim_kernel_switch_description(size_t i);
/** migsim_kernel_switch() - value of switch @i under profile @spec (0/1), or -EINVAL. */
MIGSIM_API int migsim_kernel_switch(const char *spec, size_t i);

/* ------------------------------------------------------------------ */
/* Built-in scenarios (the seed bugs)                                  */

struct migsim_sched_config;

/**
 * struct migsim_scenario_opts - how to run a built-in scenario.
 * @kernel: profile, or NULL for the scenario's default.
 * @seed: the world's seed.
 * @story: readable narration, or NULL.
 * @trace: record tracepoints.
 * @sched: for scenarios with actors, how to schedule them (NULL: replay with
 *	no preemption, or the scenario's own default).
 * @preempt: preemption model, or -1 for the scenario's default.
 * @stop: a moment of the run to be called back at (<migsim/visual.h>: a
 *	scheduler step, or the n-th pass of a named point), whatever the
 *	schedule; NULL for none.  It is armed as soon as the world exists, so a
 *	point stop also catches what a scenario does before its actors run.
 */
struct migsim_stop;

struct migsim_scenario_opts {
	const char *kernel;
	uint64_t seed;
	FILE *story;
	bool trace;
	const struct migsim_sched_config *sched;
	int preempt;
	const struct migsim_stop *stop;
};

MIGSIM_API size_t migsim_scenario_count(void);
MIGSIM_API const char *migsim_scenario_name(size_t i);
MIGSIM_API const char *migsim_scenario_summary(size_t i);
/**
 * migsim_scenario_run() - build and run a built-in scenario.  The world is
 * returned for inspection (outcome, report, vmstat) and must be destroyed.
 * Return: 0 when the scenario ran (whatever its outcome), -ENOENT for an
 * unknown name, -EINVAL for a bad kernel profile (message in @err).
 */
MIGSIM_API int migsim_scenario_run(const char *name, const struct migsim_scenario_opts *opts,
				   struct migsim_world **out, char *err, size_t errlen);
/**
 * migsim_scenario_write_json() - one JSON object: scenario, kernel, seed,
 * outcome, report, schedule, vmstat (counter name to change since the
 * scenario started).
 */
MIGSIM_API int migsim_scenario_write_json(const struct migsim_world *w, const char *name,
					  FILE *out);
/** migsim_vmstat_delta() - change of counter @i since the baseline was taken. */
MIGSIM_API long migsim_vmstat_delta(const struct migsim_world *w, size_t i);
/**
 * migsim_vmstat_change() - change of the counter named @name since the
 * baseline, in *@delta; -ENOENT for a name /proc/vmstat does not have.
 */
MIGSIM_API int migsim_vmstat_change(const struct migsim_world *w, const char *name,
				    long *delta);
/** migsim_vmstat_baseline() - take the baseline for migsim_vmstat_delta(). */
MIGSIM_API void migsim_vmstat_baseline(struct migsim_world *w);

#ifdef __cplusplus
}
#endif

#include <migsim/callers.h>
#include <migsim/mempolicy.h>
#include <migsim/tiering.h>
#include <migsim/compaction.h>
#include <migsim/actors.h>
#include <migsim/topology.h>
#include <migsim/visual.h>
#include <migsim/scenario_file.h>

#endif
