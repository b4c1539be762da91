/* SPDX-License-Identifier: MIT */
/*
 * Kind: mirrors the declarations of include/linux/memory_hotplug.h,
 * page-isolation.h, mempolicy.h, memory-tiers.h, compaction.h and the
 * move_pages(2) part of mm/migrate.c that the callers of migration share
 * with the public API (lib/engine/api_callers.c).
 */
#ifndef MIGSIM_MM_CALLERS_H
#define MIGSIM_MM_CALLERS_H

#include <linux/mm.h>
#include <linux/migrate.h>

/* ---- page_isolation.c: MIGRATE_ISOLATE for memory offline ---- */

/* PGTY_offline / PageOffline() are in include/linux/page-flags.h. */

int start_isolate_page_range(unsigned long start_pfn, unsigned long end_pfn);
void undo_isolate_page_range(unsigned long start_pfn, unsigned long end_pfn);
int test_pages_isolated(unsigned long start_pfn, unsigned long end_pfn);
void __offline_isolated_pages(unsigned long start_pfn, unsigned long end_pfn);
/* isolate_free_in_range() pulls free pages of [start, end) off the allocator
 * again (pages freed into an isolated range since the last call). */
unsigned long isolate_free_in_range(unsigned long start_pfn, unsigned long end_pfn);

/* ---- memory_hotplug.c ---- */

struct offline_stats {
	unsigned int passes;		/* outer-loop passes */
	unsigned int migrate_calls;	/* do_migrate_range() calls */
	unsigned long nr_migrated;	/* base pages migrate_pages() moved */
	unsigned long nr_isolate_failed; /* "failed to isolate pfn" messages */
	unsigned long nr_migrate_failed; /* "migrating pfn ... failed" messages */
	const char *reason;		/* why it failed, as the kernel's pr_debug */
};

/* Rounds without progress after which the offline sees a pending signal. */
#define OFFLINE_SIGNAL_AFTER	16

int scan_movable_pages(unsigned long start, unsigned long end, unsigned long *movable_pfn);
int offline_pages(unsigned long start_pfn, unsigned long nr_pages, struct offline_stats *st);

/* ---- move_pages.c ---- */

#define MPOL_MF_STRICT		(1 << 0)
#define MPOL_MF_MOVE		(1 << 1)
#define MPOL_MF_MOVE_ALL	(1 << 2)

/* The user-memory side of the syscall: NULL arrays fault. */
struct move_pages_args {
	struct task_struct *caller;
	int pid;
	unsigned long nr_pages;
	const u64 *pages;
	const int *nodes;
	int *status;
	int flags;
};

long kernel_move_pages(struct move_pages_args *a);

/* ---- mempolicy.c: mbind(2), migrate_pages(2) ---- */

/* mmap.c: split @vma at @at; the new VMA [at, end) is returned. */
struct vm_area_struct *vma_split(struct mm_struct *mm, struct vm_area_struct *vma,
				 unsigned long at);

struct task_struct *find_task_by_vpid(int pid);
long kernel_mbind(unsigned long start, unsigned long len, unsigned long mode,
		  const u64 *nmask, unsigned long maxnode, unsigned int flags);
long kernel_migrate_pages(int pid, unsigned long maxnode, const u64 *old_nodes,
			  const u64 *new_nodes);
/* get_mempolicy(MPOL_F_ADDR) without the node query: the policy of the VMA
 * at @addr (MPOL_DEFAULT if none) and its nodes. */
long kernel_get_vma_mempolicy(unsigned long addr, int *mode, u64 *nodes);

/* ---- memory-tiers.c (include/linux/memory-tiers.h) ---- */

#define MEMTIER_CHUNK_BITS	7
#define MEMTIER_CHUNK_SIZE	(1 << MEMTIER_CHUNK_BITS)
#define MEMTIER_ADISTANCE_DRAM	((4 * MEMTIER_CHUNK_SIZE) + (MEMTIER_CHUNK_SIZE >> 1))
/* drivers/dax/kmem.c: a dax/kmem node (CXL, PMEM) the platform did not describe. */
#define MEMTIER_DEFAULT_DAX_ADISTANCE	(MEMTIER_ADISTANCE_DRAM * 5)
/* The simulator's bound on configured abstract distances. */
#define MEMTIER_ADISTANCE_MAX	(1 << 20)

/* sysctl kernel.numa_balancing bits (include/linux/sched/sysctl.h). */
#define NUMA_BALANCING_DISABLED		0x0
#define NUMA_BALANCING_NORMAL		0x1
#define NUMA_BALANCING_MEMORY_TIERING	0x2

int memtier_adistance_of_tier(int tier);
int memtier_default_cpu_node(int cpu);
void memory_tiers_init(void);
void establish_demotion_targets(void);
bool node_is_toptier(int node);
int next_demotion_node(int node);
void node_get_allowed_targets(pg_data_t *pgdat, nodemask_t *targets);
int memtier_id(int node);
bool node_has_cpus(int node);

/* kernel/sched/fair.c: the memory-tiering half of should_numa_migrate_memory() */
enum numa_promotion_verdict {
	NUMA_PROMOTE,
	NUMA_PROMOTE_COLD,
	NUMA_PROMOTE_RATE_LIMITED,
};
bool folio_use_access_time(struct folio *folio);
enum numa_promotion_verdict numa_promotion_check(struct folio *folio, int dst_nid,
						 unsigned int latency, bool *candidate,
						 unsigned int *threshold);

/* ---- vmscan.c: reclaim and demotion ---- */

/*
 * What reclaim does with a folio it took off the inactive list (the
 * verdict of folio_check_references(), here chosen by the caller's policy
 * when it gives one).
 */
enum folio_references {
	FOLIOREF_RECLAIM,
	FOLIOREF_RECLAIM_CLEAN,
	FOLIOREF_KEEP,
	FOLIOREF_ACTIVATE,
};

typedef enum folio_references (*reclaim_policy_t)(struct folio *folio, void *arg);

/* The part of struct scan_control the model uses. */
struct scan_control {
	unsigned long nr_to_scan;	/* base pages to take off the inactive lists */
	bool kswapd;			/* current_is_kswapd(): pgscan/pgsteal/pgdemote_kswapd */
	bool no_demotion;
	bool proactive;			/* no reclaim retry of undemoted folios */
	reclaim_policy_t policy;	/* NULL: every folio is FOLIOREF_RECLAIM */
	void *policy_arg;
	/* Results. */
	unsigned long nr_scanned;
	unsigned long nr_reclaimed;
};

struct reclaim_stat {
	unsigned int nr_demoted;	/* base pages */
	unsigned int nr_demote_failed;	/* base pages queued for demotion that stayed */
	unsigned int nr_activate[2];
	unsigned int nr_ref_keep;
	unsigned int nr_unmap_fail;
};

bool can_demote(int nid, struct scan_control *sc);
unsigned long shrink_inactive_list(pg_data_t *pgdat, enum lru_list lru,
				   struct scan_control *sc, struct reclaim_stat *stat);
unsigned long shrink_folio_list_isolated(pg_data_t *pgdat, struct list_head *folio_list,
					 struct scan_control *sc, struct reclaim_stat *stat);

#endif
