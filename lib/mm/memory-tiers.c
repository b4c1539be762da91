// SPDX-License-Identifier: MIT
/*
 * Memory tiers and demotion targets.
 *
 * KERNEL: mm/memory-tiers.c (6.12): memory tiers from abstract distances,
 * establish_demotion_targets(), node_is_toptier(), next_demotion_node(),
 * node_get_allowed_targets(); mm/page_alloc.c find_next_best_node().
 *
 * Written from the kernel's documented behaviour, not copied.  The model:
 *  - Each node's memory has an abstract distance (pgdat->adistance, from
 *    migsim_config.adistance[] or derived from tier[]).  Smaller is faster;
 *    DRAM is MEMTIER_ADISTANCE_DRAM (576).  A memory tier covers one chunk
 *    of MEMTIER_CHUNK_SIZE (128) distances: nodes whose distances round
 *    down to the same chunk share a tier, and the kernel names the tier
 *    memory_tier<start >> MEMTIER_CHUNK_BITS> (DRAM: memory_tier4).
 *  - The kernel keeps the tiers on a list sorted by adistance_start; here a
 *    node's tier is found by its chunk, and pgdat->tier holds its rank on
 *    that list (0 = the fastest tier).
 *  - Each node's preferred demotion targets are the nodes of the next lower
 *    tier at the smallest SLIT distance (find_next_best_node() order, with
 *    the penalty for nodes with CPUs and for lower node ids; node_load[] is
 *    taken as zero).  The allowed targets are every node of every lower
 *    tier.  Top tier: every tier down to the lowest one holding a node
 *    with CPUs.
 *  - Not modelled: memory types registered by drivers (HMAT/CDAT
 *    performance to adistance), the sysfs devices, re-establishing the
 *    targets when memory is hot-added or a node is offlined entirely.
 *  - next_demotion_node() picks among several preferred targets at random,
 *    as node_random() does; the choice is a splitmix64 stream seeded from
 *    the world's seed, so runs repeat.
 */
#include <limits.h>
#include <linux/mm.h>
#include "mm_callers.h"

#define PENALTY_FOR_NODE_WITH_CPUS	1

static inline int memtier_start(int adistance)
{
	return adistance & ~(MEMTIER_CHUNK_SIZE - 1);	/* round_down() */
}

/* The abstract distance a configured tier number stands for (world.c). */
int memtier_adistance_of_tier(int tier)
{
	return MEMTIER_ADISTANCE_DRAM * (1 + 4 * tier);
}

/*
 * Default CPU placement (world.c, when cfg.cpu_node_set is false): round
 * robin over the nodes whose memory is in DRAM's tier, so CXL and PMEM
 * nodes come up CPU-less, as dax/kmem nodes do.  With no such node (all
 * memory faster or slower than DRAM), over every node.
 */
int memtier_default_cpu_node(int cpu)
{
	int dram = memtier_start(MEMTIER_ADISTANCE_DRAM), nr = 0, nid, k;

	for (nid = 0; nid < sim_world->nr_nodes; nid++)
		if (memtier_start(NODE_DATA(nid)->adistance) == dram)
			nr++;
	if (!nr)
		return cpu % sim_world->nr_nodes;
	k = cpu % nr;
	for (nid = 0; nid < sim_world->nr_nodes; nid++)
		if (memtier_start(NODE_DATA(nid)->adistance) == dram && !k--)
			return nid;
	return 0;
}

bool node_has_cpus(int node)
{
	int cpu;

	for (cpu = 0; cpu < sim_world->nr_cpus; cpu++)
		if (sim_world->cpu_to_node[cpu] == node)
			return true;
	return false;
}

/* Nodes with memory whose tier starts at @start (get_memtier_nodemask()). */
static nodemask_t memtier_nodemask(int start)
{
	nodemask_t mask = 0;
	int nid;

	for_each_online_node(nid)
		if (node_state_memory(nid) && memtier_start(NODE_DATA(nid)->adistance) == start)
			mask |= 1ULL << nid;
	return mask;
}

/* The start of the next slower tier after @start, or -1 (list_next_entry()). */
static int memtier_next_start(int start)
{
	int nid, best = -1;

	for_each_online_node(nid) {
		int s = memtier_start(NODE_DATA(nid)->adistance);

		if (node_state_memory(nid) && s > start && (best < 0 || s < best))
			best = s;
	}
	return best;
}

/* The kernel's memory_tier<id> number of @node's tier. */
int memtier_id(int node)
{
	return memtier_start(NODE_DATA(node)->adistance) >> MEMTIER_CHUNK_BITS;
}

/* KERNEL: mm/page_alloc.c find_next_best_node() (node_load[] taken as 0) */
static int find_next_best_node(int node, nodemask_t *used_node_mask)
{
	int n, val, min_val = INT_MAX, best_node = NUMA_NO_NODE;

	if (!(*used_node_mask & (1ULL << node))) {
		*used_node_mask |= 1ULL << node;
		return node;
	}
	for_each_online_node(n) {
		if (!node_state_memory(n) || (*used_node_mask & (1ULL << n)))
			continue;
		val = NODE_DATA(node)->distance[n];
		val += (n < node);
		if (node_has_cpus(n))
			val += PENALTY_FOR_NODE_WITH_CPUS;
		val *= MAX_NUMNODES;
		if (val < min_val) {
			min_val = val;
			best_node = n;
		}
	}
	if (best_node >= 0)
		*used_node_mask |= 1ULL << best_node;
	return best_node;
}

/* KERNEL: mm/memory-tiers.c establish_demotion_targets() */
void establish_demotion_targets(void)
{
	nodemask_t memory = sim_world->node_memory_mask, lower_tier;
	int node, start;

	/* disable_all_demotion_targets() */
	for_each_online_node(node) {
		NODE_DATA(node)->demotion_preferred = 0;
		NODE_DATA(node)->lower_tier_mask = 0;
	}
	for_each_online_node(node) {
		pg_data_t *pgdat = NODE_DATA(node);
		int next, best_distance = -1;
		nodemask_t tier_nodes;

		if (!node_state_memory(node))
			continue;
		next = memtier_next_start(memtier_start(pgdat->adistance));
		if (next < 0)
			continue;		/* the last tier: no demotion */
		/* Every memory node outside the next tier is "used". */
		tier_nodes = memory & ~memtier_nodemask(next);
		for (;;) {
			int target = find_next_best_node(node, &tier_nodes), distance;

			if (target == NUMA_NO_NODE)
				break;
			distance = pgdat->distance[target];
			if (distance != best_distance && best_distance != -1)
				break;
			best_distance = distance;
			pgdat->demotion_preferred |= 1ULL << target;
		}
	}
	/* Top tier: down to the lowest tier that has a node with CPUs. */
	sim_world->top_tier_adistance = 0;
	for (start = 0; start >= 0; start = memtier_next_start(start)) {
		nodemask_t nodes = memtier_nodemask(start);

		for_each_online_node(node)
			if (((nodes >> node) & 1) && node_has_cpus(node))
				sim_world->top_tier_adistance = start + MEMTIER_CHUNK_SIZE - 1;
	}
	/* lower_tier_mask: the nodes of every tier below the node's own. */
	lower_tier = memory;
	for (start = 0; start >= 0; start = memtier_next_start(start)) {
		nodemask_t nodes = memtier_nodemask(start);

		lower_tier &= ~nodes;
		for_each_online_node(node)
			if ((nodes >> node) & 1)
				NODE_DATA(node)->lower_tier_mask = lower_tier;
	}
}

/*
 * Boot: rank the tiers, set the tiering defaults of 6.12 and build the
 * demotion targets (memory_tier_init() and the sysctl/sysfs defaults).
 */
void memory_tiers_init(void)
{
	struct world *w = sim_world;
	int nid, start, rank = 0;

	for (start = 0; start >= 0; start = memtier_next_start(start)) {
		nodemask_t nodes = memtier_nodemask(start);

		if (!nodes)
			continue;
		for_each_online_node(nid)
			if ((nodes >> nid) & 1)
				NODE_DATA(nid)->tier = rank;
		rank++;
	}
	w->numa_demotion_enabled = false;		/* sysfs default */
	w->numa_balancing_mode = NUMA_BALANCING_NORMAL;
	w->numa_balancing_hot_threshold = 1000;		/* MSEC_PER_SEC */
	w->numa_balancing_promote_rate_limit = 65536;	/* MB/s */
	w->numa_balancing_scan_period_max = 60000;	/* ms */
	w->tiering_now_ms = 0;
	w->demotion_rng = w->seed ^ 0x6d656d74696572ULL;	/* "memtier" */
	establish_demotion_targets();
}

/* KERNEL: mm/memory-tiers.c node_is_toptier() */
bool node_is_toptier(int node)
{
	if (node < 0 || node >= sim_world->nr_nodes || !node_state_memory(node))
		return true;			/* no memtier: top tier */
	return memtier_start(NODE_DATA(node)->adistance) <= sim_world->top_tier_adistance;
}

/* KERNEL: mm/memory-tiers.c node_get_allowed_targets() */
void node_get_allowed_targets(pg_data_t *pgdat, nodemask_t *targets)
{
	*targets = pgdat->lower_tier_mask;
}

static u64 demotion_random(void)
{
	u64 z = (sim_world->demotion_rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* KERNEL: mm/memory-tiers.c next_demotion_node() (node_random() of the preferred) */
int next_demotion_node(int node)
{
	nodemask_t preferred = NODE_DATA(node)->demotion_preferred;
	int weight = __builtin_popcountll(preferred), k, n;

	if (!weight)
		return NUMA_NO_NODE;
	k = weight == 1 ? 0 : (int)(demotion_random() % (u64)weight);
	for (n = 0; n < MAX_NUMNODES; n++)
		if (((preferred >> n) & 1) && !k--)
			return n;
	return NUMA_NO_NODE;
}

/* ---------------------------------------------------------------- */
/* Promotion: NUMA balancing in memory-tiering mode                  */

/*
 * KERNEL: kernel/sched/fair.c should_numa_migrate_memory() and its
 * helpers (6.12).  Time is the world's tiering clock in milliseconds
 * (jiffies_to_msecs(jiffies)); a folio's hinting-fault latency, which the
 * kernel reads from the access time stored in the folio when the scanner
 * made its entry a hinting entry, is given by the caller.
 */

#define NUMA_MIGRATION_ADJUST_STEPS	16
#define MSEC_PER_SEC			1000U
#define MB_TO_PAGES(mb)			((unsigned long)(mb) << (20 - PAGE_SHIFT))

/* KERNEL: kernel/sched/fair.c folio_use_access_time() (include/linux/mm.h) */
bool folio_use_access_time(struct folio *folio)
{
	return (sim_world->numa_balancing_mode & NUMA_BALANCING_MEMORY_TIERING) &&
	       !node_is_toptier(folio_nid(folio));
}

/*
 * KERNEL: kernel/sched/fair.c pgdat_free_space_enough(): the target has
 * free memory above its promotion watermark by max(1 GiB, 1/16 of it).
 * The model's one zone has the high watermark; the promo watermark's
 * extra margin is not modelled.
 */
static bool pgdat_free_space_enough(pg_data_t *pgdat)
{
	unsigned long enough = max(1UL << (30 - PAGE_SHIFT), pgdat->node_present_pages >> 4);

	return pgdat->vm_stat[NR_FREE_PAGES] > (long)(pgdat->watermark_high + enough);
}

/* KERNEL: kernel/sched/fair.c numa_promotion_rate_limit() */
static bool numa_promotion_rate_limit(pg_data_t *pgdat, unsigned long rate_limit, int nr)
{
	unsigned int now = sim_world->tiering_now_ms, start;
	unsigned long nr_cand;

	mod_node_page_state(pgdat->node_id, PGPROMOTE_CANDIDATE, nr);
	nr_cand = (unsigned long)pgdat->vm_stat[PGPROMOTE_CANDIDATE];
	start = pgdat->nbp_rl_start;
	if (now - start > MSEC_PER_SEC) {
		pgdat->nbp_rl_start = now;
		pgdat->nbp_rl_nr_cand = nr_cand;
	}
	return nr_cand - pgdat->nbp_rl_nr_cand >= rate_limit;
}

/* KERNEL: kernel/sched/fair.c numa_promotion_adjust_threshold() */
static void numa_promotion_adjust_threshold(pg_data_t *pgdat, unsigned long rate_limit,
					    unsigned int ref_th)
{
	unsigned int now = sim_world->tiering_now_ms, start, th_period, unit_th, th;
	unsigned long nr_cand, ref_cand, diff_cand;

	th_period = sim_world->numa_balancing_scan_period_max;
	start = pgdat->nbp_th_start;
	if (now - start <= th_period)
		return;
	pgdat->nbp_th_start = now;
	ref_cand = rate_limit * sim_world->numa_balancing_scan_period_max / MSEC_PER_SEC;
	nr_cand = (unsigned long)pgdat->vm_stat[PGPROMOTE_CANDIDATE];
	diff_cand = nr_cand - pgdat->nbp_th_nr_cand;
	unit_th = ref_th * 2 / NUMA_MIGRATION_ADJUST_STEPS;
	th = pgdat->nbp_threshold ? pgdat->nbp_threshold : ref_th;
	if (diff_cand > ref_cand * 11 / 10)
		th = max(th - unit_th, unit_th);
	else if (diff_cand < ref_cand * 9 / 10)
		th = min(th + unit_th, ref_th * 2);
	pgdat->nbp_th_nr_cand = nr_cand;
	pgdat->nbp_threshold = th;
}

/*
 * KERNEL: kernel/sched/fair.c should_numa_migrate_memory(), the branch for
 * a folio that uses its access time (a slow-tier folio in memory-tiering
 * mode).  Counts PGPROMOTE_CANDIDATE on the target when the folio is hot
 * enough to meet the rate limit.
 */
enum numa_promotion_verdict numa_promotion_check(struct folio *folio, int dst_nid,
						 unsigned int latency, bool *candidate,
						 unsigned int *threshold)
{
	pg_data_t *pgdat = NODE_DATA(dst_nid);
	unsigned int def_th = sim_world->numa_balancing_hot_threshold, th;
	unsigned long rate_limit = MB_TO_PAGES(sim_world->numa_balancing_promote_rate_limit);
	int nr = (int)folio_nr_pages(folio);

	*candidate = false;
	if (pgdat_free_space_enough(pgdat)) {
		/* The workload changed: reset the hot threshold. */
		pgdat->nbp_threshold = 0;
		*threshold = def_th;
		return NUMA_PROMOTE;
	}
	numa_promotion_adjust_threshold(pgdat, rate_limit, def_th);
	th = pgdat->nbp_threshold ? pgdat->nbp_threshold : def_th;
	*threshold = th;
	if (latency >= th)
		return NUMA_PROMOTE_COLD;
	*candidate = true;
	return numa_promotion_rate_limit(pgdat, rate_limit, nr) ? NUMA_PROMOTE_RATE_LIMITED :
								  NUMA_PROMOTE;
}
