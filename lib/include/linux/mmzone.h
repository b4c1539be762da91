/* SPDX-License-Identifier: MIT */
/*
 * Kind: mirrors include/linux/mmzone.h for the parts migration touches;
 * changed for testing: one zone per node, so the zone's free area, watermarks
 * and the node's lruvec all live in pglist_data.
 */
#ifndef MIGSIM_LINUX_MMZONE_H
#define MIGSIM_LINUX_MMZONE_H

#include <linux/compiler.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/vmstat.h>

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define MAX_PAGE_ORDER		10
#define NR_PAGE_ORDERS		(MAX_PAGE_ORDER + 1)
#define HPAGE_PMD_ORDER		9
#define HPAGE_PMD_NR		(1 << HPAGE_PMD_ORDER)
#define HPAGE_PMD_SIZE		(PAGE_SIZE << HPAGE_PMD_ORDER)
#define HPAGE_PUD_ORDER		18
#define HPAGE_PUD_SIZE		(PAGE_SIZE << HPAGE_PUD_ORDER)
#define MAX_FOLIO_ORDER		HPAGE_PUD_ORDER
#define pageblock_order		HPAGE_PMD_ORDER

/* The unit in which host memory for the memmap is accounted: 2 MiB of
 * simulated memory, 512 struct pages (32 KiB) and their tokens (4 KiB). */
#define PFN_SECTION_SHIFT	9
#define PAGES_PER_SECTION	(1UL << PFN_SECTION_SHIFT)

#define MAX_NUMNODES		64
#define NR_CPUS			64
#define NUMA_NO_NODE		(-1)

enum lru_list {
	LRU_INACTIVE_ANON,
	LRU_ACTIVE_ANON,
	LRU_INACTIVE_FILE,
	LRU_ACTIVE_FILE,
	LRU_UNEVICTABLE,
	NR_LRU_LISTS
};

struct lruvec {
	struct list_head lists[NR_LRU_LISTS];
	spinlock_t lru_lock;
	unsigned long nr_pages[NR_LRU_LISTS];	/* base pages on each list */
};

struct free_area {
	struct list_head free_list;
	unsigned long nr_free;			/* blocks of this order */
};

struct deferred_split {
	spinlock_t split_queue_lock;
	struct list_head split_queue;
	unsigned long split_queue_len;
};

struct hstate;

/*
 * Per-CPU lists of free order-0 pages (the kernel's per_cpu_pages).  Pages
 * move between the buddy lists and a CPU's list in batches; while on it they
 * are free but not counted in NR_FREE_PAGES, as in the kernel.
 */
#define PCP_BATCH	63
#define PCP_HIGH	(8 * PCP_BATCH)
struct per_cpu_pages {
	struct list_head list;
	int count;
};

typedef struct pglist_data {
	int node_id;
	unsigned long node_start_pfn;
	unsigned long node_spanned_pages;
	unsigned long node_present_pages;
	spinlock_t zone_lock;
	struct free_area free_area[NR_PAGE_ORDERS];
	struct per_cpu_pages pcp[NR_CPUS];
	/*
	 * Never-touched memory: every pfn in [frontier_pfn, node end) is free and
	 * its memmap does not exist yet.  The buddy allocator carves blocks off
	 * the frontier only when its free lists cannot satisfy a request, so an
	 * untouched 1 TiB node costs no host memory.
	 */
	unsigned long frontier_pfn;
	unsigned long watermark_high;		/* pages; below it the node is "not balanced" */
	struct lruvec __lruvec;
	struct deferred_split deferred_split_queue;
	long vm_stat[NR_VM_NODE_STAT_ITEMS];
	int distance[MAX_NUMNODES];
	int tier;				/* memory tier: 0 is the top tier */
	bool has_memory;			/* N_MEMORY */
	/*
	 * Memory tiers (lib/mm/memory-tiers.c).  @tier above is the rank of
	 * the node's memory tier, 0 the fastest; these mirror pgdat->memtier
	 * and node_demotion[nid] of mm/memory-tiers.c.
	 */
	int adistance;				/* abstract distance of the node's memory type */
	u64 demotion_preferred;			/* node_demotion[nid].preferred */
	u64 lower_tier_mask;			/* memtier->lower_tier_mask: allowed targets */
	/* NUMA balancing in memory-tiering mode (kernel/sched/fair.c). */
	unsigned int nbp_rl_start;		/* ms: start of the rate-limit window */
	unsigned long nbp_rl_nr_cand;		/* PGPROMOTE_CANDIDATE at that start */
	unsigned int nbp_threshold;		/* ms: adjusted hot threshold, 0 = default */
	unsigned int nbp_th_start;		/* ms: start of the threshold period */
	unsigned long nbp_th_nr_cand;		/* PGPROMOTE_CANDIDATE at that start */
} pg_data_t;

static inline unsigned long pgdat_end_pfn(const pg_data_t *pgdat)
{
	return pgdat->node_start_pfn + pgdat->node_spanned_pages;
}

#endif
