/* SPDX-License-Identifier: MIT */
/*
 * KERNEL: mm/vmstat.c — counter names and updates.
 *
 * Kind: mirrors the /proc/vmstat names of mm/vmstat.c (vmstat_text) for the
 * counters the model moves, and the update helpers of include/linux/vmstat.h.
 * Changed for testing: there are no per-CPU deltas to fold, so every update
 * goes straight to the world's totals (vm events) or the node's vm_stat[],
 * and reading a node counter never lags behind the updates.
 */
#include <linux/mm.h>
#include <linux/vmstat.h>

/*
 * Designated initializers tie each name to its enum value, so reordering
 * either enum cannot shift a name onto the wrong counter.  A counter added
 * to the enum without a name here leaves a NULL hole; tests/unit/test_trace.c
 * walks both tables for holes.
 */
const char *const node_stat_names[NR_VM_NODE_STAT_ITEMS] = {
	[NR_INACTIVE_ANON]	= "nr_inactive_anon",
	[NR_ACTIVE_ANON]	= "nr_active_anon",
	[NR_INACTIVE_FILE]	= "nr_inactive_file",
	[NR_ACTIVE_FILE]	= "nr_active_file",
	[NR_UNEVICTABLE]	= "nr_unevictable",
	[NR_ISOLATED_ANON]	= "nr_isolated_anon",
	[NR_ISOLATED_FILE]	= "nr_isolated_file",
	[NR_ANON_MAPPED]	= "nr_anon_pages",	/* the kernel's name, not the enum's */
	[NR_SHMEM]		= "nr_shmem",
	[NR_ANON_THPS]		= "nr_anon_transparent_hugepages",
	/* A zone counter in the kernel; the simulator has one zone per node. */
	[NR_FREE_PAGES]		= "nr_free_pages",
	[PGPROMOTE_SUCCESS]	= "pgpromote_success",
	[PGPROMOTE_CANDIDATE]	= "pgpromote_candidate",
	[PGDEMOTE_KSWAPD]	= "pgdemote_kswapd",
	[PGDEMOTE_DIRECT]	= "pgdemote_direct",
	[PGDEMOTE_KHUGEPAGED]	= "pgdemote_khugepaged",
};

const char *const vm_event_names[NR_VM_EVENT_ITEMS] = {
	[PGFAULT]			= "pgfault",
	[PGMIGRATE_SUCCESS]		= "pgmigrate_success",
	[PGMIGRATE_FAIL]		= "pgmigrate_fail",
	[THP_MIGRATION_SUCCESS]		= "thp_migration_success",
	[THP_MIGRATION_FAIL]		= "thp_migration_fail",
	[THP_MIGRATION_SPLIT]		= "thp_migration_split",
	[NUMA_PTE_UPDATES]		= "numa_pte_updates",
	[NUMA_HUGE_PTE_UPDATES]		= "numa_huge_pte_updates",
	[NUMA_HINT_FAULTS]		= "numa_hint_faults",
	[NUMA_HINT_FAULTS_LOCAL]	= "numa_hint_faults_local",
	[NUMA_PAGE_MIGRATE]		= "numa_pages_migrated",
	[THP_FAULT_ALLOC]		= "thp_fault_alloc",
	[THP_FAULT_FALLBACK]		= "thp_fault_fallback",
	[THP_SPLIT_PAGE]		= "thp_split_page",
	[THP_SPLIT_PAGE_FAILED]		= "thp_split_page_failed",
	[THP_DEFERRED_SPLIT_PAGE]	= "thp_deferred_split_page",
	[THP_UNDERUSED_SPLIT_PAGE]	= "thp_underused_split_page",
	[THP_SPLIT_PMD]			= "thp_split_pmd",
	[HTLB_BUDDY_PGALLOC]		= "htlb_buddy_alloc_success",
	[HTLB_BUDDY_PGALLOC_FAIL]	= "htlb_buddy_alloc_fail",
	[PGSCAN_KSWAPD]			= "pgscan_kswapd",
	[PGSCAN_DIRECT]			= "pgscan_direct",
	[PGSTEAL_KSWAPD]		= "pgsteal_kswapd",
	[PGSTEAL_DIRECT]		= "pgsteal_direct",
	[COMPACTMIGRATE_SCANNED]	= "compact_migrate_scanned",
	[COMPACTFREE_SCANNED]		= "compact_free_scanned",
	[COMPACTISOLATED]		= "compact_isolated",
	[COMPACTSTALL]			= "compact_stall",
	[COMPACTFAIL]			= "compact_fail",
	[COMPACTSUCCESS]		= "compact_success",
};

/* The initializers above must cover the enums exactly: a name past the end
 * would not compile, and these catch an enum that grew past the tables. */
_Static_assert(ARRAY_SIZE(node_stat_names) == NR_VM_NODE_STAT_ITEMS, "node_stat_names");
_Static_assert(ARRAY_SIZE(vm_event_names) == NR_VM_EVENT_ITEMS, "vm_event_names");
_Static_assert(COMPACTSUCCESS + 1 == NR_VM_EVENT_ITEMS,
	       "vm_event_item grew: name the new event in vm_event_names");
_Static_assert(PGDEMOTE_KHUGEPAGED + 1 == NR_VM_NODE_STAT_ITEMS,
	       "node_stat_item grew: name the new counter in node_stat_names");

/* The kernel's vm events are per-CPU and summed on read; one simulated
 * machine runs on one host thread, so a plain add is the whole update. */
/* The updates are inline, in include/linux/mm.h (they are on every hot path). */

unsigned long global_node_page_state(enum node_stat_item item)
{
	long x = 0;
	int nid;

	for (nid = 0; nid < sim_world->nr_nodes; nid++) {
		const pg_data_t *pgdat = NODE_DATA(nid);

		if (pgdat)
			x += pgdat->vm_stat[item];
	}
	/*
	 * As the kernel's global_node_page_state_pages(): a sum that went
	 * negative reads as 0.  In the kernel that hides per-CPU drift; here
	 * it can only be a model bug, which the checker looks for per node.
	 */
	return x < 0 ? 0 : (unsigned long)x;
}
