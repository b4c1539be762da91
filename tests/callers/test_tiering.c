// SPDX-License-Identifier: MIT
/*
 * Memory tiers, demotion in reclaim and promotion by NUMA hinting faults,
 * through the public API (include/migsim/tiering.h).
 *
 * The machine most tests use, the kernel's own example (mm/memory-tiers.c):
 *
 *   node   0   1   2   3        node 0, 1: DRAM + CPUs   (memory_tier4)
 *      0  10  20  30  40        node 2, 3: CXL, CPU-less (memory_tier22)
 *      1  20  10  40  30
 *      2  30  40  10  40        demotion: 0 -> 2, 1 -> 3; allowed {2,3}
 *      3  40  30  40  10
 *
 *   reclaim on node 0:  inactive anon [new ... old] --tail--> demote -> node 2
 */
#include "callers_fixture.h"

static const int dist4[4][4] = {
	{ 10, 20, 30, 40 },
	{ 20, 10, 40, 30 },
	{ 30, 40, 10, 40 },
	{ 40, 30, 40, 10 },
};

/* A world of @nr nodes of @size[i] MiB with tier[] and the 4-node SLIT
 * above (its top-left corner), pid PID on CPU 0 (node 0). */
static struct migsim_world *tier_world(int nr, const unsigned int *mib, const int *tier,
				       const int *adist, bool demotion, unsigned int numa_bal)
{
	struct migsim_task_config tc = { .pid = PID, .comm = "t" };
	struct migsim_tiering_params tp;
	struct migsim_config cfg;
	struct migsim_world *w;
	char err[256];
	int i, j;

	migsim_config_init(&cfg);
	cfg.nr_nodes = nr;
	for (i = 0; i < nr; i++) {
		cfg.node_size[i] = (uint64_t)mib[i] * MiB;
		if (tier)
			cfg.tier[i] = tier[i];
		if (adist)
			cfg.adistance[i] = adist[i];
		for (j = 0; j < nr; j++)
			cfg.distance[i][j] = dist4[i][j];
	}
	printf("# seed %llu, kernel %s\n", (unsigned long long)cfg.seed, cfg.kernel);
	if (migsim_world_create(&cfg, &w, err, sizeof(err)))
		fail_msg("world: %s", err);
	assert_int_equal(migsim_tiering_get(w, &tp), 0);
	tp.demotion_enabled = demotion;
	tp.numa_balancing = numa_bal;
	assert_int_equal(migsim_tiering_set(w, &tp), 0);
	assert_int_equal(migsim_task_create(w, &tc, NULL), 0);
	return w;
}

static struct migsim_world *dram2_cxl2(bool demotion)
{
	static const unsigned int mib[4] = { 64, 64, 64, 64 };
	static const int tier[4] = { 0, 0, 1, 1 };

	return tier_world(4, mib, tier, NULL, demotion, MIGSIM_NUMA_BALANCING_NORMAL);
}

static uint64_t map_touch(struct migsim_world *w, unsigned long pages, int node,
			  unsigned int flags)
{
	uint64_t addr;

	assert_int_equal(migsim_mmap(w, PID, 0, pages * PG, flags, node, &addr), 0);
	assert_int_equal(migsim_touch(w, PID, addr, pages * PG, 1), 0);
	assert_int_equal(migsim_lru_drain(w), 0);
	return addr;
}

static long node_stat(struct migsim_world *w, int nid, const char *name)
{
	long v;

	assert_int_equal(migsim_node_vmstat(w, nid, name, &v), 0);
	return v;
}

static void done(struct migsim_world *w)
{
	if (migsim_outcome(w) != MIGSIM_OK)
		fail_msg("run ended: %s", migsim_last_report(w)->message);
	assert_int_equal(migsim_check(w), 0);
	assert_int_equal(node_stat(w, 0, "nr_isolated_anon"), 0);
	migsim_world_destroy(w);
}

/* ------------------------------------------------------------------ */
/* Tiers                                                               */

/*
 * The kernel's example 3: node 0 DRAM with CPUs, node 1 HBM (faster,
 * CPU-less), node 2 PMEM.  Tiers sort by abstract distance: HBM, DRAM,
 * PMEM; node 1 demotes to 0, node 0 to 2; the top tier reaches down to the
 * DRAM tier (the slowest with CPUs).
 */
static void test_tiers_from_abstract_distances(void **state)
{
	static const unsigned int mib[3] = { 64, 64, 64 };
	static const int adist[3] = { MIGSIM_MEMTIER_ADISTANCE_DRAM, 400,
				      MIGSIM_MEMTIER_ADISTANCE_DAX };
	static const int dist3[3][3] = { { 10, 20, 30 }, { 20, 10, 40 }, { 30, 40, 10 } };
	struct migsim_config cfg;
	struct migsim_node_tier nt[3];
	struct migsim_node_info ni;
	struct migsim_world *w;
	int i, j;

	(void)state;
	migsim_config_init(&cfg);
	cfg.nr_nodes = 3;
	for (i = 0; i < 3; i++) {
		cfg.node_size[i] = mib[i] * MiB;
		cfg.adistance[i] = adist[i];
		for (j = 0; j < 3; j++)
			cfg.distance[i][j] = dist3[i][j];
	}
	assert_int_equal(migsim_world_create(&cfg, &w, NULL, 0), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(migsim_node_tier(w, i, &nt[i]), 0);
	assert_int_equal(nt[1].rank, 0);
	assert_int_equal(nt[0].rank, 1);
	assert_int_equal(nt[2].rank, 2);
	assert_int_equal(nt[1].memtier_id, 3);		/* 400 -> [384, 512) */
	assert_int_equal(nt[0].memtier_id, 4);		/* DRAM: memory_tier4 */
	assert_int_equal(nt[2].memtier_id, 22);		/* dax/kmem: memory_tier22 */
	assert_true(nt[0].has_cpus);
	assert_false(nt[1].has_cpus);
	assert_false(nt[2].has_cpus);
	assert_true(nt[1].toptier);
	assert_true(nt[0].toptier);
	assert_false(nt[2].toptier);
	assert_int_equal(nt[1].demotion_preferred, 1u << 0);
	assert_int_equal(nt[0].demotion_preferred, 1u << 2);
	assert_int_equal(nt[2].demotion_preferred, 0);
	assert_int_equal(nt[1].demotion_allowed, (1u << 0) | (1u << 2));
	assert_int_equal(nt[0].demotion_allowed, 1u << 2);
	assert_int_equal(nt[2].demotion_allowed, 0);
	assert_int_equal(migsim_node_info(w, 2, &ni), 0);
	assert_int_equal(ni.tier, 2);
	migsim_world_destroy(w);

	/* The kernel's example 2: one tier (a memory-only DRAM node too, at
	 * 600, which rounds down into DRAM's chunk): no demotion at all. */
	cfg.adistance[0] = 0;
	cfg.adistance[1] = 0;
	cfg.adistance[2] = 600;
	assert_int_equal(migsim_world_create(&cfg, &w, NULL, 0), 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(migsim_node_tier(w, i, &nt[i]), 0);
		assert_int_equal(nt[i].rank, 0);
		assert_int_equal(nt[i].memtier_id, 4);
		assert_int_equal(nt[i].demotion_preferred, 0);
		assert_true(nt[i].toptier);
		assert_true(nt[i].has_cpus);		/* all DRAM: CPUs round robin */
	}
	migsim_world_destroy(w);
}

/* The kernel's example 1 with tier[]: 0 -> 2 and 1 -> 3, allowed {2, 3};
 * tier 1 is the dax/kmem default distance. */
static void test_demotion_targets_2dram_2cxl(void **state)
{
	struct migsim_world *w = dram2_cxl2(false);
	struct migsim_node_tier nt;
	uint64_t pref, allowed;

	(void)state;
	assert_int_equal(migsim_demotion_targets(w, 0, &pref, &allowed), 0);
	assert_int_equal(pref, 1u << 2);
	assert_int_equal(allowed, (1u << 2) | (1u << 3));
	assert_int_equal(migsim_demotion_targets(w, 1, &pref, &allowed), 0);
	assert_int_equal(pref, 1u << 3);
	assert_int_equal(allowed, (1u << 2) | (1u << 3));
	assert_int_equal(migsim_demotion_targets(w, 3, &pref, &allowed), 0);
	assert_int_equal(pref, 0);
	assert_int_equal(allowed, 0);
	assert_int_equal(migsim_node_tier(w, 2, &nt), 0);
	assert_int_equal(nt.adistance, MIGSIM_MEMTIER_ADISTANCE_DAX);
	assert_int_equal(nt.memtier_id, 22);
	assert_int_equal(nt.rank, 1);
	assert_false(nt.toptier);
	assert_false(nt.has_cpus);
	assert_int_equal(migsim_node_tier(w, 1, &nt), 0);
	assert_true(nt.toptier);
	assert_true(nt.has_cpus);
	done(w);
}

/* Equidistant CXL nodes are both preferred targets; demotion spreads over
 * them (node_random(), a seeded stream: the same every run). */
static void test_demotion_targets_equidistant(void **state)
{
	static const unsigned int mib[3] = { 64, 64, 64 };
	static const int tier[3] = { 0, 1, 1 };
	struct migsim_config cfg;
	struct migsim_reclaim_result rr;
	struct migsim_world *w;
	uint64_t pref, addr;
	int i, on[3] = { 0 };

	(void)state;
	migsim_config_init(&cfg);
	cfg.nr_nodes = 3;
	for (i = 0; i < 3; i++) {
		cfg.node_size[i] = mib[i] * MiB;
		cfg.tier[i] = tier[i];
	}
	assert_int_equal(migsim_world_create(&cfg, &w, NULL, 0), 0);
	assert_int_equal(migsim_demotion_targets(w, 0, &pref, NULL), 0);
	assert_int_equal(pref, (1u << 1) | (1u << 2));
	migsim_world_destroy(w);

	/* The default SLIT (20 between any two nodes) keeps them equidistant. */
	cfg.seed = 7;
	assert_int_equal(migsim_world_create(&cfg, &w, NULL, 0), 0);
	{
		struct migsim_task_config tc = { .pid = PID, .comm = "t" };
		struct migsim_tiering_params tp;

		assert_int_equal(migsim_task_create(w, &tc, NULL), 0);
		assert_int_equal(migsim_tiering_get(w, &tp), 0);
		tp.demotion_enabled = true;
		assert_int_equal(migsim_tiering_set(w, &tp), 0);
	}
	addr = map_touch(w, 64, 0, MIGSIM_MAP_PRIVATE);
	/* One reclaim pass picks one target for its whole batch. */
	for (i = 0; i < 8; i++) {
		assert_int_equal(migsim_reclaim(w, 0, 8, MIGSIM_RECLAIM_KSWAPD, NULL, NULL,
						&rr), 0);
		assert_int_equal(rr.nr_demoted, 8);
	}
	for (i = 0; i < 64; i++)
		on[node_of(w, addr + (uint64_t)i * PG)]++;
	assert_int_equal(on[0], 0);
	assert_int_equal(on[1] + on[2], 64);
	assert_true(on[1] > 0 && on[2] > 0);
	done(w);
}

/* ------------------------------------------------------------------ */
/* Reclaim and demotion                                                */

/*
 * 64 pages written in order on node 0; the LRU's tail holds the oldest.
 * kswapd scans 32: pages 0..31 go to node 2 (its preferred target), 32..63
 * stay; every counter moves by 32; the demoted pages are on node 2's
 * inactive list.
 */
static void test_reclaim_demotes_cold_folios(void **state)
{
	struct migsim_world *w = dram2_cxl2(true);
	struct migsim_reclaim_result rr;
	struct migsim_node_info n0, n2, n0b, n2b;
	uint64_t addr = map_touch(w, 64, 0, MIGSIM_MAP_PRIVATE);
	int i;

	(void)state;
	migsim_vmstat_baseline(w);
	assert_int_equal(migsim_node_info(w, 0, &n0), 0);
	assert_int_equal(migsim_node_info(w, 2, &n2), 0);
	assert_int_equal(migsim_reclaim(w, 0, 32, MIGSIM_RECLAIM_KSWAPD, NULL, NULL, &rr), 0);
	assert_int_equal(rr.nr_scanned, 32);
	assert_int_equal(rr.nr_demoted, 32);
	assert_int_equal(rr.nr_reclaimed, 32);
	assert_int_equal(rr.nr_demote_failed, 0);
	assert_int_equal(rr.nr_activated, 0);
	for (i = 0; i < 32; i++)
		assert_int_equal(node_of(w, addr + (uint64_t)i * PG), 2);
	for (i = 32; i < 64; i++)
		assert_int_equal(node_of(w, addr + (uint64_t)i * PG), 0);
	assert_int_equal(delta(w, "pgdemote_kswapd"), 32);
	assert_int_equal(delta(w, "pgdemote_direct"), 0);
	assert_int_equal(node_stat(w, 0, "pgdemote_kswapd"), 32);	/* the source node's */
	assert_int_equal(node_stat(w, 2, "pgdemote_kswapd"), 0);
	assert_int_equal(delta(w, "pgscan_kswapd"), 32);
	assert_int_equal(delta(w, "pgsteal_kswapd"), 32);
	assert_int_equal(delta(w, "pgmigrate_success"), 32);
	assert_int_equal(delta(w, "pgscan_direct"), 0);
	/* The demoted folios entered node 2's LRU through the per-CPU batch. */
	assert_int_equal(migsim_lru_drain(w), 0);
	assert_int_equal(migsim_node_info(w, 0, &n0b), 0);
	assert_int_equal(migsim_node_info(w, 2, &n2b), 0);
	assert_int_equal(n0b.lru_pages[0], n0.lru_pages[0] - 32);
	assert_int_equal(n2b.lru_pages[0], n2.lru_pages[0] + 32);
	/* Node 2's free count drops by at least 32 (a per-CPU list refill
	 * takes a batch off NR_FREE_PAGES). */
	assert_true(n2b.free_pages <= n2.free_pages - 32);

	/* Direct reclaim counts its own events. */
	migsim_vmstat_baseline(w);
	assert_int_equal(migsim_reclaim(w, 0, 8, MIGSIM_RECLAIM_DIRECT, NULL, NULL, &rr), 0);
	assert_int_equal(rr.nr_demoted, 8);
	assert_int_equal(delta(w, "pgdemote_direct"), 8);
	assert_int_equal(delta(w, "pgscan_direct"), 8);
	assert_int_equal(delta(w, "pgsteal_direct"), 8);
	assert_int_equal(delta(w, "pgdemote_kswapd"), 0);
	done(w);
}

/*
 * can_demote(): demotion disabled (the kernel's default), or a node in the
 * slowest tier: nothing is demoted, and with no swap the cold folios are
 * activated (6.12's reclaim path after a folio cannot be demoted).
 */
static void test_reclaim_cannot_demote(void **state)
{
	struct migsim_world *w = dram2_cxl2(false);
	struct migsim_reclaim_result rr;
	struct migsim_node_info ni;
	uint64_t addr = map_touch(w, 16, 0, MIGSIM_MAP_PRIVATE);
	uint64_t slow = map_touch(w, 16, 2, MIGSIM_MAP_PRIVATE);
	struct migsim_tiering_params tp;

	(void)state;
	migsim_vmstat_baseline(w);
	assert_int_equal(migsim_reclaim(w, 0, 16, MIGSIM_RECLAIM_KSWAPD, NULL, NULL, &rr), 0);
	assert_int_equal(rr.nr_scanned, 16);
	assert_int_equal(rr.nr_demoted, 0);
	assert_int_equal(rr.nr_reclaimed, 0);
	assert_int_equal(rr.nr_activated, 16);
	assert_int_equal(node_of(w, addr), 0);
	assert_int_equal(migsim_node_info(w, 0, &ni), 0);
	assert_int_equal(ni.lru_pages[1], 16);		/* active anon */
	assert_int_equal(delta(w, "pgdemote_kswapd"), 0);
	assert_int_equal(delta(w, "pgmigrate_success"), 0);

	assert_int_equal(migsim_tiering_get(w, &tp), 0);
	tp.demotion_enabled = true;
	assert_int_equal(migsim_tiering_set(w, &tp), 0);
	assert_int_equal(migsim_reclaim(w, 2, 16, MIGSIM_RECLAIM_KSWAPD, NULL, NULL, &rr), 0);
	assert_int_equal(rr.nr_demoted, 0);
	assert_int_equal(rr.nr_activated, 16);
	assert_int_equal(node_of(w, slow), 2);
	done(w);
}

/*
 * The target is full.  1 DRAM + 1 CXL (2 MiB, filled): demotion fails,
 * the folios are retried for reclaim and activated, nothing moves.  With a
 * second CXL node, alloc_demote_folio() falls back to it.
 *
 *   node 0 --preferred--> node 1 [full]      node 0 --> node 1 [full]
 *                                                  \--fallback--> node 2
 */
static void test_demotion_target_full(void **state)
{
	static const unsigned int mib[3] = { 64, 2, 64 };
	static const int tier[3] = { 0, 1, 1 };
	struct migsim_world *w = tier_world(2, mib, tier, NULL, true,
					    MIGSIM_NUMA_BALANCING_NORMAL);
	struct migsim_reclaim_result rr;
	struct migsim_node_info ni;
	uint64_t addr;
	int i;

	(void)state;
	map_touch(w, 512, 1, MIGSIM_MAP_PRIVATE);	/* exactly fills node 1 */
	assert_int_equal(migsim_node_info(w, 1, &ni), 0);
	assert_int_equal(ni.free_pages, 0);
	addr = map_touch(w, 16, 0, MIGSIM_MAP_PRIVATE);
	migsim_vmstat_baseline(w);
	assert_int_equal(migsim_reclaim(w, 0, 16, MIGSIM_RECLAIM_DIRECT, NULL, NULL, &rr), 0);
	assert_int_equal(rr.nr_scanned, 16);
	assert_int_equal(rr.nr_demoted, 0);
	assert_int_equal(rr.nr_demote_failed, 16);
	assert_int_equal(rr.nr_activated, 16);
	assert_int_equal(rr.nr_reclaimed, 0);
	for (i = 0; i < 16; i++)
		assert_int_equal(node_of(w, addr + (uint64_t)i * PG), 0);
	assert_int_equal(delta(w, "pgdemote_direct"), 0);
	assert_int_equal(delta(w, "pgsteal_direct"), 0);
	assert_int_equal(delta(w, "pgmigrate_success"), 0);
	done(w);

	w = tier_world(3, mib, tier, NULL, true, MIGSIM_NUMA_BALANCING_NORMAL);
	map_touch(w, 512, 1, MIGSIM_MAP_PRIVATE);
	addr = map_touch(w, 16, 0, MIGSIM_MAP_PRIVATE);
	assert_int_equal(migsim_reclaim(w, 0, 16, MIGSIM_RECLAIM_KSWAPD, NULL, NULL, &rr), 0);
	assert_int_equal(rr.nr_demoted, 16);
	for (i = 0; i < 16; i++)
		assert_int_equal(node_of(w, addr + (uint64_t)i * PG), 2);
	done(w);
}

/* A PMD THP is demoted whole (THP migration supported). */
static void test_reclaim_demotes_thp(void **state)
{
	struct migsim_world *w = dram2_cxl2(true);
	struct migsim_reclaim_result rr;
	struct migsim_page_info pi;
	uint64_t thp = map_touch(w, 512, 0, MIGSIM_MAP_PRIVATE | MIGSIM_MAP_THP);

	(void)state;
	migsim_vmstat_baseline(w);
	assert_int_equal(migsim_reclaim(w, 0, 512, MIGSIM_RECLAIM_KSWAPD, NULL, NULL, &rr), 0);
	assert_int_equal(rr.nr_demoted, 512);
	assert_int_equal(migsim_page_info(w, PID, thp + 100 * PG, &pi), 0);
	assert_int_equal(pi.node, 2);
	assert_int_equal(pi.order, 9);
	assert_true(pi.pmd_mapped);
	assert_int_equal(delta(w, "thp_migration_success"), 1);
	assert_int_equal(delta(w, "pgdemote_kswapd"), 512);
	done(w);
}

/* ------------------------------------------------------------------ */
/* The policy API                                                      */

struct seen {
	int calls;
	uint64_t pfns[64];
	int nodes[64];
};

/* Oldest first: keep the 1st, activate the 2nd, demote the rest. */
static enum migsim_folio_verdict judge(const struct migsim_folio_view *f, void *arg)
{
	struct seen *s = arg;
	int k = s->calls++;

	s->pfns[k] = f->pfn;
	s->nodes[k] = f->node;
	assert_int_equal(f->order, 0);
	assert_true(f->anon);
	assert_int_equal(f->mapcount, 1);
	if (k == 0)
		return MIGSIM_FOLIO_KEEP;
	if (k == 1)
		return MIGSIM_FOLIO_ACTIVATE;
	return MIGSIM_FOLIO_RECLAIM;
}

static void test_policy_callback(void **state)
{
	struct migsim_world *w = dram2_cxl2(true);
	struct migsim_reclaim_result rr;
	struct migsim_page_info p0, p1;
	struct migsim_node_info n0;
	struct seen s = { 0 };
	uint64_t addr = map_touch(w, 8, 0, MIGSIM_MAP_PRIVATE);
	int i;

	(void)state;
	assert_int_equal(migsim_page_info(w, PID, addr, &p0), 0);
	assert_int_equal(migsim_page_info(w, PID, addr + PG, &p1), 0);
	assert_int_equal(migsim_reclaim(w, 0, 8, MIGSIM_RECLAIM_KSWAPD, judge, &s, &rr), 0);
	assert_int_equal(s.calls, 8);
	assert_int_equal(s.pfns[0], p0.pfn);		/* the oldest folio first */
	assert_int_equal(s.pfns[1], p1.pfn);
	assert_int_equal(s.nodes[0], 0);
	assert_int_equal(rr.nr_kept, 1);
	assert_int_equal(rr.nr_activated, 1);
	assert_int_equal(rr.nr_demoted, 6);
	assert_int_equal(node_of(w, addr), 0);
	assert_int_equal(node_of(w, addr + PG), 0);
	for (i = 2; i < 8; i++)
		assert_int_equal(node_of(w, addr + (uint64_t)i * PG), 2);
	assert_int_equal(migsim_page_info(w, PID, addr, &p0), 0);
	assert_int_equal(migsim_page_info(w, PID, addr + PG, &p1), 0);
	assert_true(p0.lru);
	assert_null(strstr(p0.flags, "active"));
	assert_non_null(strstr(p1.flags, "active"));
	assert_int_equal(migsim_node_info(w, 0, &n0), 0);
	assert_int_equal(n0.lru_pages[0], 1);
	assert_int_equal(n0.lru_pages[1], 1);
	done(w);
}

/* A policy that tries to change the world mid-pass gets -EDEADLK; the
 * pass goes on with its verdict. */
struct meddler {
	struct migsim_world *w;
	uint64_t addr;
	int rc;
};

static enum migsim_folio_verdict meddle(const struct migsim_folio_view *f, void *arg)
{
	struct meddler *m = arg;

	(void)f;
	m->rc = migsim_touch(m->w, PID, m->addr, PG, 7);
	return MIGSIM_FOLIO_RECLAIM;
}

static void test_policy_cannot_change_world(void **state)
{
	struct migsim_world *w = dram2_cxl2(true);
	struct migsim_reclaim_result rr;
	struct meddler m = { .w = w, .rc = 1 };

	(void)state;
	m.addr = map_touch(w, 2, 0, MIGSIM_MAP_PRIVATE);
	assert_int_equal(migsim_reclaim(w, 0, 2, MIGSIM_RECLAIM_KSWAPD, meddle, &m, &rr), 0);
	assert_int_equal(m.rc, -EDEADLK);
	assert_non_null(strstr(migsim_strerror(w), "reclaim policy callback"));
	assert_int_equal(rr.nr_demoted, 2);
	assert_int_equal(migsim_touch(w, PID, m.addr, PG, 7), 0);
	done(w);
}

/* Demote exactly the folios named; a folio named twice is isolated once. */
static void test_demote_folios_list(void **state)
{
	struct migsim_world *w = dram2_cxl2(true);
	struct migsim_reclaim_result rr;
	uint64_t addr = map_touch(w, 8, 0, MIGSIM_MAP_PRIVATE);
	uint64_t b = map_touch(w, 4, 1, MIGSIM_MAP_PRIVATE);
	struct migsim_folio_ref refs[4] = {
		{ PID, addr + 3 * PG }, { PID, addr + 7 * PG }, { PID, addr + 3 * PG },
		{ PID, b },
	};
	int i;

	(void)state;
	migsim_vmstat_baseline(w);
	assert_int_equal(migsim_demote_folios(w, refs, 4, MIGSIM_RECLAIM_KSWAPD, &rr), 0);
	assert_int_equal(rr.nr_not_isolated, 1);
	assert_int_equal(rr.nr_scanned, 3);
	assert_int_equal(rr.nr_demoted, 3);
	for (i = 0; i < 8; i++)
		assert_int_equal(node_of(w, addr + (uint64_t)i * PG), i == 3 || i == 7 ? 2 : 0);
	assert_int_equal(node_of(w, b), 3);		/* node 1 demotes to node 3 */
	assert_int_equal(node_stat(w, 0, "pgdemote_kswapd"), 2);
	assert_int_equal(node_stat(w, 1, "pgdemote_kswapd"), 1);
	assert_int_equal(delta(w, "pgscan_kswapd"), 3);
	done(w);
}

static enum migsim_folio_verdict activate_all(const struct migsim_folio_view *f, void *arg)
{
	(void)f;
	(void)arg;
	return MIGSIM_FOLIO_ACTIVATE;
}

/* A folio on the active list is demoted as reclaim_pages() does it: made
 * inactive first, so its copy lands on the target's inactive list. */
static void test_demote_active_folio(void **state)
{
	struct migsim_world *w = dram2_cxl2(true);
	struct migsim_reclaim_result rr;
	struct migsim_node_info ni;
	uint64_t addr = map_touch(w, 1, 0, MIGSIM_MAP_PRIVATE);
	struct migsim_folio_ref ref = { PID, addr };

	(void)state;
	/* A reclaim pass that judges it hot puts it on the active list. */
	assert_int_equal(migsim_reclaim(w, 0, 1, MIGSIM_RECLAIM_KSWAPD, activate_all, NULL, &rr),
			 0);
	assert_int_equal(rr.nr_activated, 1);
	assert_int_equal(migsim_node_info(w, 0, &ni), 0);
	assert_int_equal(ni.lru_pages[1], 1);		/* active anon */
	assert_int_equal(migsim_demote_folios(w, &ref, 1, MIGSIM_RECLAIM_DIRECT, &rr), 0);
	assert_int_equal(rr.nr_demoted, 1);
	assert_int_equal(rr.nr_activated, 0);
	assert_int_equal(node_of(w, addr), 2);
	assert_int_equal(migsim_lru_drain(w), 0);
	assert_int_equal(migsim_node_info(w, 2, &ni), 0);
	assert_int_equal(ni.lru_pages[0], 1);		/* inactive anon */
	assert_int_equal(ni.lru_pages[1], 0);		/* active anon */
	done(w);
}

/* ------------------------------------------------------------------ */
/* Promotion                                                           */

static struct migsim_world *dram_cxl(unsigned int dram_mib, unsigned int numa_bal)
{
	const unsigned int mib[2] = { dram_mib, 64 };
	static const int tier[2] = { 0, 1 };

	return tier_world(2, mib, tier, NULL, false, numa_bal);
}

/*
 * A hot page on CXL, touched from node 0's CPU in memory-tiering mode: it
 * is a promotion candidate and moves up (pgpromote_candidate,
 * pgpromote_success); a cold one (latency over 1 s) stays.
 */
static void test_promotion_by_hint_fault(void **state)
{
	struct migsim_world *w = dram_cxl(64, MIGSIM_NUMA_BALANCING_MEMORY_TIERING);
	struct migsim_promote_result pr;
	uint64_t addr = map_touch(w, 4, 1, MIGSIM_MAP_PRIVATE);

	(void)state;
	migsim_vmstat_baseline(w);
	assert_int_equal(migsim_promote(w, PID, addr, MIGSIM_NODE_LOCAL, 10, &pr), 0);
	assert_int_equal(pr.decision, MIGSIM_PROMOTE_MIGRATED);
	assert_true(pr.candidate);
	assert_int_equal(pr.node, 0);
	assert_int_equal(pr.nr_succeeded, 1);
	assert_int_equal(pr.threshold_ms, 1000);
	assert_int_equal(node_of(w, addr), 0);
	assert_int_equal(delta(w, "pgpromote_candidate"), 1);
	assert_int_equal(node_stat(w, 0, "pgpromote_candidate"), 1);	/* the target's */
	assert_int_equal(delta(w, "pgpromote_success"), 1);
	assert_int_equal(delta(w, "numa_hint_faults"), 1);
	assert_int_equal(delta(w, "numa_pte_updates"), 1);
	assert_int_equal(delta(w, "numa_pages_migrated"), 1);

	migsim_vmstat_baseline(w);
	assert_int_equal(migsim_promote(w, PID, addr + PG, 0, 1000, &pr), 0);
	assert_int_equal(pr.decision, MIGSIM_PROMOTE_COLD);
	assert_false(pr.candidate);
	assert_int_equal(node_of(w, addr + PG), 1);
	assert_int_equal(delta(w, "pgpromote_candidate"), 0);
	assert_int_equal(delta(w, "pgpromote_success"), 0);
	assert_int_equal(delta(w, "numa_hint_faults"), 1);

	/* A top-tier page with only tiering balancing on is never scanned. */
	migsim_vmstat_baseline(w);
	assert_int_equal(migsim_promote(w, PID, addr, 0, 0, &pr), 0);
	assert_int_equal(pr.decision, MIGSIM_PROMOTE_NOT_SCANNED);
	assert_no_change(w);
	done(w);
}

/*
 * migrate_misplaced_folio() counts pgpromote_success only in memory-tiering
 * mode (6.12): a hinting fault under normal NUMA balancing moves a CXL page
 * up to DRAM (numa_pages_migrated) without calling it a promotion.
 */
static void test_no_promotion_count_without_tiering_mode(void **state)
{
	struct migsim_world *w = dram_cxl(64, MIGSIM_NUMA_BALANCING_NORMAL);
	struct migsim_numa_result nr;
	uint64_t addr = map_touch(w, 1, 1, MIGSIM_MAP_PRIVATE);

	(void)state;
	migsim_vmstat_baseline(w);
	assert_int_equal(migsim_numa_hint_fault(w, PID, addr, 0, &nr), 0);
	assert_int_equal(node_of(w, addr), 0);
	assert_int_equal(delta(w, "numa_pages_migrated"), 1);
	assert_int_equal(delta(w, "pgpromote_success"), 0);
	done(w);
}

/*
 * An mbind() policy on the mapping (6.12 vma_policy_mof(), mpol_misplaced()):
 * BIND{1} without MPOL_F_NUMA_BALANCING is not scanned at all; with it, a
 * hinting fault from node 0 does not move the page out of the mask.
 */
static void test_promotion_respects_mbind(void **state)
{
	struct migsim_world *w = dram_cxl(64, MIGSIM_NUMA_BALANCING_MEMORY_TIERING);
	struct migsim_promote_result pr;
	struct migsim_numa_result nr;
	uint64_t addr = map_touch(w, 2, 1, MIGSIM_MAP_PRIVATE);
	uint64_t n1 = 1ULL << 1;

	(void)state;
	assert_int_equal(migsim_mbind(w, PID, addr, PG, MIGSIM_MPOL_BIND, &n1, 64, 0), 0);
	assert_int_equal(migsim_mbind(w, PID, addr + PG, PG,
				      MIGSIM_MPOL_BIND | MIGSIM_MPOL_F_NUMA_BALANCING, &n1, 64, 0),
			 0);
	migsim_vmstat_baseline(w);
	/* No MPOL_F_NUMA_BALANCING: never scanned, no fault. */
	assert_int_equal(migsim_promote(w, PID, addr, MIGSIM_NODE_LOCAL, 10, &pr), 0);
	assert_int_equal(pr.decision, MIGSIM_PROMOTE_NOT_SCANNED);
	assert_int_equal(migsim_numa_hint_fault(w, PID, addr, 0, &nr), -EINVAL);
	assert_int_equal(node_of(w, addr), 1);
	assert_int_equal(delta(w, "numa_hint_faults"), 0);
	/* With it: the fault happens, the policy keeps the page on node 1. */
	assert_int_equal(migsim_promote(w, PID, addr + PG, MIGSIM_NODE_LOCAL, 10, &pr), 0);
	assert_int_equal(pr.decision, MIGSIM_PROMOTE_POLICY);
	assert_int_equal(migsim_numa_hint_fault(w, PID, addr + PG, 0, &nr), 0);
	assert_false(nr.migrated);
	assert_int_equal(node_of(w, addr + PG), 1);
	assert_int_equal(delta(w, "numa_hint_faults"), 2);
	assert_int_equal(delta(w, "numa_hint_faults_local"), 0);	/* the CPU is on node 0 */
	assert_int_equal(delta(w, "pgpromote_success"), 0);
	done(w);
}

/*
 * The rate limit: 1 MB/s is 256 candidate pages per second per target.
 * Candidates 1..255 are promoted, the 256th reaches the limit; a second
 * later the window starts again.
 */
static void test_promotion_rate_limit(void **state)
{
	struct migsim_world *w = dram_cxl(64, MIGSIM_NUMA_BALANCING_MEMORY_TIERING);
	struct migsim_tiering_params tp;
	struct migsim_promote_result pr;
	uint64_t addr = map_touch(w, 300, 1, MIGSIM_MAP_PRIVATE);
	int i;

	(void)state;
	assert_int_equal(migsim_tiering_get(w, &tp), 0);
	tp.promote_rate_limit_mbps = 1;
	assert_int_equal(migsim_tiering_set(w, &tp), 0);
	migsim_vmstat_baseline(w);
	for (i = 0; i < 255; i++) {
		assert_int_equal(migsim_promote(w, PID, addr + (uint64_t)i * PG, 0, 0, &pr), 0);
		assert_int_equal(pr.decision, MIGSIM_PROMOTE_MIGRATED);
	}
	assert_int_equal(migsim_promote(w, PID, addr + 255 * PG, 0, 0, &pr), 0);
	assert_int_equal(pr.decision, MIGSIM_PROMOTE_RATE_LIMITED);
	assert_true(pr.candidate);
	assert_int_equal(node_of(w, addr + 255 * PG), 1);
	assert_int_equal(delta(w, "pgpromote_candidate"), 256);
	assert_int_equal(delta(w, "pgpromote_success"), 255);
	assert_int_equal(migsim_tiering_clock_advance(w, 1001), 0);
	assert_int_equal(migsim_promote(w, PID, addr + 255 * PG, 0, 0, &pr), 0);
	assert_int_equal(pr.decision, MIGSIM_PROMOTE_MIGRATED);
	assert_int_equal(node_of(w, addr + 255 * PG), 0);
	done(w);
}

/* With plenty of free memory on the target (over 1 GiB above the
 * watermark) even a cold page is promoted, and it is no candidate. */
static void test_promotion_free_space(void **state)
{
	struct migsim_world *w = dram_cxl(2048, MIGSIM_NUMA_BALANCING_MEMORY_TIERING);
	struct migsim_promote_result pr;
	uint64_t addr = map_touch(w, 1, 1, MIGSIM_MAP_PRIVATE);

	(void)state;
	migsim_vmstat_baseline(w);
	assert_int_equal(migsim_promote(w, PID, addr, 0, 5000, &pr), 0);
	assert_int_equal(pr.decision, MIGSIM_PROMOTE_MIGRATED);
	assert_false(pr.candidate);
	assert_int_equal(delta(w, "pgpromote_candidate"), 0);
	assert_int_equal(delta(w, "pgpromote_success"), 1);
	done(w);
}

/* Demote, then promote back: a round trip through both tiers. */
static void test_demote_then_promote(void **state)
{
	struct migsim_world *w = dram2_cxl2(true);
	struct migsim_tiering_params tp;
	struct migsim_reclaim_result rr;
	struct migsim_promote_result pr;
	uint64_t addr = map_touch(w, 4, 0, MIGSIM_MAP_PRIVATE);

	(void)state;
	assert_int_equal(migsim_tiering_get(w, &tp), 0);
	tp.numa_balancing = MIGSIM_NUMA_BALANCING_NORMAL | MIGSIM_NUMA_BALANCING_MEMORY_TIERING;
	assert_int_equal(migsim_tiering_set(w, &tp), 0);
	assert_int_equal(migsim_reclaim(w, 0, 4, MIGSIM_RECLAIM_KSWAPD, NULL, NULL, &rr), 0);
	assert_int_equal(node_of(w, addr), 2);
	/* Still in the per-CPU batch, off the LRU: it cannot be isolated. */
	assert_int_equal(migsim_promote(w, PID, addr, 0, 1, &pr), 0);
	assert_int_equal(pr.decision, MIGSIM_PROMOTE_FAILED);
	assert_int_equal(node_of(w, addr), 2);
	assert_int_equal(migsim_lru_drain(w), 0);
	migsim_vmstat_baseline(w);
	assert_int_equal(migsim_promote(w, PID, addr, 0, 1, &pr), 0);
	assert_int_equal(pr.decision, MIGSIM_PROMOTE_MIGRATED);
	assert_int_equal(node_of(w, addr), 0);
	assert_int_equal(delta(w, "pgpromote_success"), 1);
	/* Already local: a hinting fault, nothing moves. */
	assert_int_equal(migsim_promote(w, PID, addr, 0, 1, &pr), 0);
	assert_int_equal(pr.decision, MIGSIM_PROMOTE_LOCAL);
	assert_int_equal(delta(w, "numa_hint_faults_local"), 1);
	done(w);
}

/* ------------------------------------------------------------------ */
/* Bad arguments change nothing                                        */

static void node_infos(struct migsim_world *w, struct migsim_node_info ni[4])
{
	int i;

	memset(ni, 0, 4 * sizeof(*ni));
	for (i = 0; i < 4; i++)
		assert_int_equal(migsim_node_info(w, i, &ni[i]), 0);
}

static void test_bad_args(void **state)
{
	struct migsim_world *w = dram2_cxl2(true);
	struct migsim_node_info before[4], after[4];
	struct migsim_tiering_params tp, tp2;
	struct migsim_reclaim_result rr;
	struct migsim_promote_result pr;
	struct migsim_node_tier nt;
	struct migsim_config cfg;
	struct migsim_world *w2;
	uint64_t addr = map_touch(w, 4, 0, MIGSIM_MAP_PRIVATE);
	uint64_t slow = map_touch(w, 1, 2, MIGSIM_MAP_PRIVATE);
	struct migsim_folio_ref refs[2] = { { PID, addr }, { PID, addr + 64 * MiB } };
	struct migsim_folio_ref noproc[1] = { { 999, addr } };
	char err[256];

	(void)state;
	migsim_vmstat_baseline(w);
	node_infos(w, before);
	assert_int_equal(migsim_node_tier(w, 4, &nt), -ENODEV);
	assert_int_equal(migsim_node_tier(w, 0, NULL), -EINVAL);
	assert_int_equal(migsim_demotion_targets(w, -1, NULL, NULL), -ENODEV);
	assert_int_equal(migsim_reclaim(w, 9, 8, MIGSIM_RECLAIM_KSWAPD, NULL, NULL, &rr),
			 -ENODEV);
	assert_non_null(strstr(migsim_strerror(w), "node 9"));
	assert_int_equal(migsim_reclaim(w, 0, 0, MIGSIM_RECLAIM_KSWAPD, NULL, NULL, &rr),
			 -EINVAL);
	assert_int_equal(migsim_reclaim(w, 0, 8, (enum migsim_reclaimer)7, NULL, NULL, &rr),
			 -EINVAL);
	assert_int_equal(migsim_demote_folios(w, refs, 2, MIGSIM_RECLAIM_KSWAPD, &rr), -EFAULT);
	assert_non_null(strstr(migsim_strerror(w), "folios[1]"));
	assert_int_equal(migsim_demote_folios(w, noproc, 1, MIGSIM_RECLAIM_KSWAPD, &rr), -ESRCH);
	assert_int_equal(migsim_demote_folios(w, NULL, 1, MIGSIM_RECLAIM_KSWAPD, &rr), -EINVAL);
	assert_int_equal(migsim_demote_folios(w, refs, 0, MIGSIM_RECLAIM_KSWAPD, &rr), -EINVAL);
	assert_int_equal(migsim_promote(w, 999, slow, 0, 0, &pr), -ESRCH);
	assert_int_equal(migsim_promote(w, PID, slow, 4, 0, &pr), -ENODEV);
	assert_int_equal(migsim_promote(w, PID, slow + 1, 0, 0, &pr), -EINVAL);
	assert_int_equal(migsim_promote(w, PID, addr + 64 * MiB, 0, 0, &pr), -EFAULT);
	assert_int_equal(migsim_tiering_get(w, &tp), 0);
	tp2 = tp;
	tp2.numa_balancing = 4;
	assert_int_equal(migsim_tiering_set(w, &tp2), -EINVAL);
	tp2 = tp;
	tp2.hot_threshold_ms = 0;
	assert_int_equal(migsim_tiering_set(w, &tp2), -EINVAL);
	tp2 = tp;
	tp2.numa_balancing = 0;
	assert_int_equal(migsim_tiering_set(w, &tp2), 0);
	assert_int_equal(migsim_promote(w, PID, slow, 0, 0, &pr), -EINVAL);
	assert_non_null(strstr(migsim_strerror(w), "disabled"));
	assert_int_equal(migsim_tiering_set(w, &tp), 0);
	assert_int_equal(migsim_tiering_get(w, &tp2), 0);
	assert_memory_equal(&tp, &tp2, sizeof(tp));
	node_infos(w, after);
	assert_memory_equal(before, after, sizeof(before));
	assert_int_equal(node_of(w, addr), 0);
	assert_int_equal(node_of(w, slow), 2);
	assert_no_change(w);
	done(w);

	/* Inconsistent configurations are refused with the reason. */
	migsim_config_init(&cfg);
	cfg.tier[1] = 1;
	cfg.adistance[1] = 2880;
	assert_int_equal(migsim_world_create(&cfg, &w2, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "both tier[1]"));
	cfg.tier[1] = 0;
	cfg.adistance[1] = -5;
	assert_int_equal(migsim_world_create(&cfg, &w2, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "adistance[1]"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tiers_from_abstract_distances),
		cmocka_unit_test(test_demotion_targets_2dram_2cxl),
		cmocka_unit_test(test_demotion_targets_equidistant),
		cmocka_unit_test(test_reclaim_demotes_cold_folios),
		cmocka_unit_test(test_reclaim_cannot_demote),
		cmocka_unit_test(test_demotion_target_full),
		cmocka_unit_test(test_reclaim_demotes_thp),
		cmocka_unit_test(test_policy_callback),
		cmocka_unit_test(test_policy_cannot_change_world),
		cmocka_unit_test(test_demote_folios_list),
		cmocka_unit_test(test_demote_active_folio),
		cmocka_unit_test(test_promotion_by_hint_fault),
		cmocka_unit_test(test_no_promotion_count_without_tiering_mode),
		cmocka_unit_test(test_promotion_respects_mbind),
		cmocka_unit_test(test_promotion_rate_limit),
		cmocka_unit_test(test_promotion_free_space),
		cmocka_unit_test(test_demote_then_promote),
		cmocka_unit_test(test_bad_args),
	};

	return cmocka_run_group_tests_name("callers_tiering", tests, NULL, NULL);
}
