/* SPDX-License-Identifier: MIT */
/*
 * Kind: mirrors include/linux/vm_event_item.h and the node_stat_item part of
 * mmzone.h, restricted to the counters the model moves.  Names as in
 * /proc/vmstat (lib/mm/vmstat.c).
 */
#ifndef MIGSIM_LINUX_VMSTAT_H
#define MIGSIM_LINUX_VMSTAT_H

enum node_stat_item {
	NR_LRU_BASE,
	NR_INACTIVE_ANON = NR_LRU_BASE,
	NR_ACTIVE_ANON,
	NR_INACTIVE_FILE,
	NR_ACTIVE_FILE,
	NR_UNEVICTABLE,
	NR_ISOLATED_ANON,
	NR_ISOLATED_FILE,
	NR_ANON_MAPPED,
	NR_SHMEM,
	NR_ANON_THPS,
	NR_FREE_PAGES,
	PGPROMOTE_SUCCESS,
	PGPROMOTE_CANDIDATE,
	PGDEMOTE_KSWAPD,
	PGDEMOTE_DIRECT,
	PGDEMOTE_KHUGEPAGED,
	NR_VM_NODE_STAT_ITEMS
};

enum vm_event_item {
	PGFAULT,
	PGMIGRATE_SUCCESS,
	PGMIGRATE_FAIL,
	THP_MIGRATION_SUCCESS,
	THP_MIGRATION_FAIL,
	THP_MIGRATION_SPLIT,
	NUMA_PTE_UPDATES,
	NUMA_HUGE_PTE_UPDATES,
	NUMA_HINT_FAULTS,
	NUMA_HINT_FAULTS_LOCAL,
	NUMA_PAGE_MIGRATE,
	THP_FAULT_ALLOC,
	THP_FAULT_FALLBACK,
	THP_SPLIT_PAGE,
	THP_SPLIT_PAGE_FAILED,
	THP_DEFERRED_SPLIT_PAGE,
	THP_UNDERUSED_SPLIT_PAGE,
	THP_SPLIT_PMD,
	HTLB_BUDDY_PGALLOC,
	HTLB_BUDDY_PGALLOC_FAIL,
	PGSCAN_KSWAPD,
	PGSCAN_DIRECT,
	PGSTEAL_KSWAPD,
	PGSTEAL_DIRECT,
	COMPACTMIGRATE_SCANNED,
	COMPACTFREE_SCANNED,
	COMPACTISOLATED,
	COMPACTSTALL,
	COMPACTFAIL,
	COMPACTSUCCESS,
	NR_VM_EVENT_ITEMS
};

extern const char *const node_stat_names[NR_VM_NODE_STAT_ITEMS];
extern const char *const vm_event_names[NR_VM_EVENT_ITEMS];

/* count_vm_event(), count_vm_events(), mod_node_page_state() and
 * node_stat_mod_folio() are inline in include/linux/mm.h. */
unsigned long global_node_page_state(enum node_stat_item item);

#endif
