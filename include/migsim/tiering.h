/* SPDX-License-Identifier: MIT */
/**
 * DOC: migsim memory tiers: demotion and promotion (included by <migsim/migsim.h>)
 *
 * The simulated machine's memory tiers are computed as the kernel's
 * mm/memory-tiers.c does: each node's memory has an abstract distance
 * (struct migsim_config.adistance, or derived from .tier), nodes whose
 * distances fall in the same MIGSIM_MEMTIER_CHUNK_SIZE chunk share a tier,
 * and each node demotes to the nearest nodes (SLIT distance) of the next
 * slower tier.  By default CPUs sit on the DRAM-tier nodes only, so CXL or
 * PMEM nodes are CPU-less, as dax/kmem nodes are.
 *
 * Demotion happens in reclaim (migsim_reclaim(), migsim_demote_folios()):
 * cold folios taken off a node's inactive LRU are migrated to its demotion
 * target with migrate_pages(MIGRATE_ASYNC, MR_DEMOTION), counting
 * pgdemote_kswapd or pgdemote_direct.  Promotion happens in NUMA hinting
 * faults (migsim_promote()): a folio on a slow tier, touched from a CPU of
 * a top-tier node, is migrated up when NUMA balancing's memory-tiering mode
 * finds it hot enough and the promotion rate limit allows, counting
 * pgpromote_candidate and pgpromote_success.
 *
 * A tiering policy plugs in as a callback (migsim_folio_policy_fn) that
 * judges each folio reclaim looks at, or as explicit lists of folios to
 * demote and addresses to promote; the outcome is in the result structs
 * and the vmstat counters.  docs/callers/tiering.md describes the model
 * and what it approximates.
 *
 * Example::
 *
 *	struct migsim_config cfg;
 *	struct migsim_tiering_params tp;
 *	struct migsim_reclaim_result rr;
 *	struct migsim_world *w;
 *	uint64_t addr;
 *	int pid;
 *
 *	migsim_config_init(&cfg);
 *	cfg.nr_nodes = 2;
 *	cfg.node_size[1] = 1ULL << 30;
 *	cfg.tier[1] = 1;			// node 1: CXL (adistance 2880)
 *	migsim_world_create(&cfg, &w, NULL, 0);
 *	migsim_tiering_get(w, &tp);
 *	tp.demotion_enabled = true;
 *	tp.numa_balancing = MIGSIM_NUMA_BALANCING_MEMORY_TIERING;
 *	migsim_tiering_set(w, &tp);
 *	migsim_task_create(w, NULL, &pid);
 *	migsim_mmap(w, pid, 0, 64 << 12, MIGSIM_MAP_PRIVATE, 0, &addr);
 *	migsim_touch(w, pid, addr, 64 << 12, 1);
 *	migsim_reclaim(w, 0, 32, MIGSIM_RECLAIM_KSWAPD, NULL, NULL, &rr);
 *	// rr.nr_demoted == 32: the 32 oldest pages are on node 1 now
 *	migsim_world_destroy(w);
 */
#ifndef MIGSIM_TIERING_H
#define MIGSIM_TIERING_H

#ifdef __cplusplus
extern "C" {
#endif

/* include/linux/memory-tiers.h and drivers/dax/kmem.c */
#define MIGSIM_MEMTIER_CHUNK_SIZE	128
#define MIGSIM_MEMTIER_ADISTANCE_DRAM	576
#define MIGSIM_MEMTIER_ADISTANCE_DAX	2880

/**
 * struct migsim_node_tier - a node's place in the memory tiers.
 * @rank: its tier's position, 0 = the fastest tier (also migsim_node_info.tier).
 * @memtier_id: the kernel's name for the tier, memory_tier<id> under
 *	/sys/devices/virtual/memory_tiering (adistance / 128: DRAM is 4).
 * @adistance: the node's abstract distance.
 * @toptier: node_is_toptier(): its tier is at or above the slowest tier that
 *	has CPUs.  Promotion goes from non-top-tier to top-tier nodes.
 * @has_cpus: a simulated CPU is on the node.
 * @demotion_preferred: node mask of the preferred demotion targets (the
 *	nearest nodes of the next slower tier); 0 for the slowest tier.
 * @demotion_allowed: node mask of every node in a slower tier (the
 *	fallback when the preferred target is full).
 */
struct migsim_node_tier {
	int rank;
	int memtier_id;
	int adistance;
	bool toptier;
	bool has_cpus;
	uint64_t demotion_preferred;
	uint64_t demotion_allowed;
};

/**
 * migsim_node_tier() - where node @nid sits in the memory tiers.
 * Return: 0, -ENODEV for a node that does not exist, -EINVAL for NULL @out.
 *
 * Example::
 *
 *	struct migsim_node_tier nt;
 *
 *	migsim_node_tier(w, 0, &nt);	// nt.demotion_preferred == 1 << 2, say
 */
MIGSIM_API int migsim_node_tier(struct migsim_world *w, int nid, struct migsim_node_tier *out);

/**
 * migsim_demotion_targets() - node masks of @nid's preferred and allowed
 * demotion targets (either pointer may be NULL).
 * Return: 0 or -ENODEV.
 *
 * Example::
 *
 *	uint64_t pref, allowed;
 *
 *	migsim_demotion_targets(w, 0, &pref, &allowed);
 */
MIGSIM_API int migsim_demotion_targets(struct migsim_world *w, int nid, uint64_t *preferred,
				       uint64_t *allowed);

/* sysctl kernel.numa_balancing */
#define MIGSIM_NUMA_BALANCING_NORMAL		0x1
#define MIGSIM_NUMA_BALANCING_MEMORY_TIERING	0x2

/**
 * struct migsim_tiering_params - the kernel's tiering knobs (6.12 defaults).
 * @demotion_enabled: /sys/kernel/mm/numa/demotion_enabled (default false,
 *	as in the kernel: reclaim demotes nothing until it is set).
 * @numa_balancing: sysctl kernel.numa_balancing, a mask of
 *	MIGSIM_NUMA_BALANCING_* (default NORMAL).  MEMORY_TIERING turns on
 *	the hot-page promotion rules of migsim_promote().
 * @hot_threshold_ms: numa_balancing_hot_threshold_ms (1000): a slow-tier
 *	page whose hinting-fault latency is at least this is not hot.
 * @promote_rate_limit_mbps: numa_balancing_promote_rate_limit_MBps (65536):
 *	candidate pages per second per target node, in MiB.
 * @scan_period_max_ms: numa_balancing_scan_period_max_ms (60000): the
 *	period after which the hot threshold is adjusted.
 */
struct migsim_tiering_params {
	bool demotion_enabled;
	unsigned int numa_balancing;
	unsigned int hot_threshold_ms;
	unsigned int promote_rate_limit_mbps;
	unsigned int scan_period_max_ms;
};

/** migsim_tiering_get() - the world's current tiering knobs. */
MIGSIM_API int migsim_tiering_get(struct migsim_world *w, struct migsim_tiering_params *p);
/**
 * migsim_tiering_set() - set the tiering knobs.
 * Return: 0, or -EINVAL (unknown numa_balancing bits, a zero threshold,
 * rate limit or period) with nothing changed.
 *
 * Example::
 *
 *	struct migsim_tiering_params tp;
 *
 *	migsim_tiering_get(w, &tp);
 *	tp.demotion_enabled = true;
 *	migsim_tiering_set(w, &tp);
 */
MIGSIM_API int migsim_tiering_set(struct migsim_world *w, const struct migsim_tiering_params *p);
/**
 * migsim_tiering_clock_advance() - advance the tiering clock by @ms
 * milliseconds (the kernel's jiffies, as the promotion rate limit and the
 * threshold adjustment read them).  It starts at 0 and moves only here.
 */
MIGSIM_API int migsim_tiering_clock_advance(struct migsim_world *w, unsigned int ms);

/* ------------------------------------------------------------------ */
/* Reclaim and demotion                                                */

/** enum migsim_reclaimer - who reclaims: kswapd or a task in direct reclaim. */
enum migsim_reclaimer {
	MIGSIM_RECLAIM_KSWAPD,
	MIGSIM_RECLAIM_DIRECT,
};

/**
 * enum migsim_folio_verdict - a policy's verdict on a folio reclaim found
 * on the inactive list (the kernel's folio_check_references() answers).
 * @MIGSIM_FOLIO_RECLAIM: cold: demote it (or, if it cannot be demoted,
 *	reclaim it, which without swap means activating it).
 * @MIGSIM_FOLIO_KEEP: leave it on the inactive list.
 * @MIGSIM_FOLIO_ACTIVATE: hot: move it to the active list.
 */
enum migsim_folio_verdict {
	MIGSIM_FOLIO_RECLAIM,
	MIGSIM_FOLIO_KEEP,
	MIGSIM_FOLIO_ACTIVATE,
};

/**
 * struct migsim_folio_view - what a policy sees of a folio.
 * @pfn: the folio's first pfn (migsim_page_info() gives it for an address).
 * @node: the node it is on.
 * @order: its order (0 for a base page, 9 for a PMD THP).
 * @mapcount: its mappings.
 * @anon: anonymous (else shmem).
 */
struct migsim_folio_view {
	uint64_t pfn;
	int node;
	unsigned int order;
	int mapcount;
	bool anon;
};

/**
 * typedef migsim_folio_policy_fn - judge one folio.  Called from inside the
 * reclaim pass, oldest folio first; it may read the world, but a libmigsim
 * call that would change it fails with -EDEADLK.
 */
typedef enum migsim_folio_verdict (*migsim_folio_policy_fn)(const struct migsim_folio_view *folio,
							    void *arg);

/**
 * struct migsim_reclaim_result - what one reclaim pass did (base pages).
 * @nr_scanned: taken off the inactive lists (pgscan_kswapd/_direct).
 * @nr_reclaimed: reclaimed (pgsteal_kswapd/_direct); with no swap device
 *	that is exactly the demoted pages.
 * @nr_demoted: migrated to a slower tier (pgdemote_kswapd/_direct).
 * @nr_demote_failed: chosen for demotion but not migrated (target full,
 *	folio busy); they were activated.
 * @nr_activated: moved to the active list (the policy's ACTIVATE, failed
 *	demotions, and folios no demotion target exists for).
 * @nr_kept: left on the inactive list (the policy's KEEP, or locked).
 * @nr_not_isolated: migsim_demote_folios() only: folios that were not on
 *	an LRU list (isolated by someone else, in a per-CPU batch, hugetlb,
 *	or named twice).
 */
struct migsim_reclaim_result {
	unsigned long nr_scanned;
	unsigned long nr_reclaimed;
	unsigned long nr_demoted;
	unsigned long nr_demote_failed;
	unsigned long nr_activated;
	unsigned long nr_kept;
	unsigned long nr_not_isolated;
};

/**
 * migsim_reclaim() - one shrink_inactive_list() pass on node @nid: take up
 * to @nr_to_scan base pages off the tail of its inactive anon (then file)
 * list, judge each folio with @policy (NULL: all are cold), demote the cold
 * ones to the node's demotion target (falling back to the other allowed
 * targets), and put the rest back.  Demotion needs demotion_enabled
 * (migsim_tiering_set()) and a slower tier; without them nothing can be
 * reclaimed (there is no swap) and cold folios are activated.
 * Return: 0 when the pass ran (see @res), -ENODEV, -EINVAL (zero
 * @nr_to_scan, unknown @who), -ENOTRECOVERABLE.
 *
 * Example::
 *
 *	static enum migsim_folio_verdict keep_thps(const struct migsim_folio_view *f,
 *						   void *arg)
 *	{
 *		return f->order ? MIGSIM_FOLIO_ACTIVATE : MIGSIM_FOLIO_RECLAIM;
 *	}
 *
 *	struct migsim_reclaim_result rr;
 *
 *	migsim_reclaim(w, 0, 1024, MIGSIM_RECLAIM_DIRECT, keep_thps, NULL, &rr);
 */
MIGSIM_API int migsim_reclaim(struct migsim_world *w, int nid, unsigned long nr_to_scan,
			      enum migsim_reclaimer who, migsim_folio_policy_fn policy,
			      void *arg, struct migsim_reclaim_result *res);

/** struct migsim_folio_ref - a folio named by a task's address in it. */
struct migsim_folio_ref {
	int pid;
	uint64_t addr;
};

/**
 * migsim_demote_folios() - demote exactly these folios: each is isolated
 * from its LRU and, per source node, put through the same reclaim pass as
 * migsim_reclaim() would with every folio judged cold.  Folios of a node
 * without a demotion target (or with demotion disabled) are activated.
 * Return: 0 when it ran (see @res), -EINVAL (@n is 0, NULL arrays, unknown
 * @who, an address not page-aligned), -ESRCH (no such pid), -EFAULT (an
 * address that maps no page), -ENOTRECOVERABLE.  A rejected call changes
 * nothing.
 *
 * Example::
 *
 *	struct migsim_folio_ref cold[2] = { { pid, addr }, { pid, addr + 4096 } };
 *	struct migsim_reclaim_result rr;
 *
 *	migsim_demote_folios(w, cold, 2, MIGSIM_RECLAIM_KSWAPD, &rr);
 */
MIGSIM_API int migsim_demote_folios(struct migsim_world *w, const struct migsim_folio_ref *folios,
				    size_t n, enum migsim_reclaimer who,
				    struct migsim_reclaim_result *res);

/* ------------------------------------------------------------------ */
/* Promotion                                                           */

/**
 * enum migsim_promote_decision - what a hinting fault did with a folio.
 * @MIGSIM_PROMOTE_MIGRATED: migrated to the target node.
 * @MIGSIM_PROMOTE_NOT_SCANNED: the scanner skips it, no hinting fault
 *	happens: a top-tier folio with only memory-tiering balancing on, or a
 *	mapping whose mbind() policy has no MPOL_F_NUMA_BALANCING.
 * @MIGSIM_PROMOTE_LOCAL: already on the target node.
 * @MIGSIM_PROMOTE_COLD: its hinting-fault latency is not under the hot
 *	threshold.
 * @MIGSIM_PROMOTE_RATE_LIMITED: over the promotion rate limit.
 * @MIGSIM_PROMOTE_FAILED: chosen, but migration failed (target not
 *	balanced, folio busy, no memory).
 * @MIGSIM_PROMOTE_POLICY: the mapping's mbind() policy keeps it: the target
 *	is not in its nodemask (mpol_misplaced()).
 */
enum migsim_promote_decision {
	MIGSIM_PROMOTE_MIGRATED,
	MIGSIM_PROMOTE_NOT_SCANNED,
	MIGSIM_PROMOTE_LOCAL,
	MIGSIM_PROMOTE_COLD,
	MIGSIM_PROMOTE_RATE_LIMITED,
	MIGSIM_PROMOTE_FAILED,
	MIGSIM_PROMOTE_POLICY,
};

/**
 * struct migsim_promote_result - one promotion attempt.
 * @decision: see enum migsim_promote_decision.
 * @candidate: counted in pgpromote_candidate.
 * @threshold_ms: the hot threshold in force on the target node.
 * @node: where the folio is afterwards.
 * @nr_succeeded: base pages migrated.
 */
struct migsim_promote_result {
	enum migsim_promote_decision decision;
	bool candidate;
	unsigned int threshold_ms;
	int node;
	int nr_succeeded;
};

/**
 * migsim_promote() - NUMA balancing in memory-tiering mode on one address:
 * the scanner makes its entry a hinting entry, and @latency_ms later the
 * task touches it from a CPU of @target_node (MIGSIM_NODE_LOCAL: the
 * task's own CPU's node).  For a folio on a non-top tier (with
 * MIGSIM_NUMA_BALANCING_MEMORY_TIERING on), should_numa_migrate_memory()
 * decides: free space enough on the target, or latency under the hot
 * threshold and the rate limit not reached; then do_numa_page() migrates
 * it.  Otherwise (normal balancing) the fault migrates to the target as
 * migsim_numa_hint_fault() does.
 * Return: 0 when the fault ran (see @res), -ESRCH, -ENODEV, -EINVAL
 * (NUMA balancing disabled, hugetlb, not page-aligned), -EFAULT (nothing
 * mapped), -ENOTRECOVERABLE.  A rejected call changes nothing.
 *
 * Example::
 *
 *	struct migsim_promote_result pr;
 *
 *	migsim_promote(w, pid, addr, 0, 10, &pr);	// hot: latency 10 ms
 */
MIGSIM_API int migsim_promote(struct migsim_world *w, int pid, uint64_t addr, int target_node,
			      unsigned int latency_ms, struct migsim_promote_result *res);

#ifdef __cplusplus
}
#endif

#endif
