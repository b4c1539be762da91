// SPDX-License-Identifier: MIT
/*
 * tiering-policy.c - a memory-tiering policy of your own, plugged into the
 * kernel's demotion path.
 *
 * The machine: node 0 is DRAM (tier 0, with the CPU), node 1 is CXL memory
 * (tier 1, CPU-less, as a dax/kmem node is).  A task maps 16 pages on
 * DRAM.  The program plays a workload that touches some pages often and
 * the rest rarely, and keeps its own access counts per page: that is the
 * "policy state" a tiering policy (DAMON-like, or a PEBS sampler) would
 * have.
 *
 * Then:
 *  1. migsim_reclaim() runs one kswapd pass on node 0.  For each folio it
 *     takes off the inactive list, the kernel would ask
 *     folio_check_references(); here it asks our callback instead.  Hot
 *     pages are kept in DRAM (ACTIVATE), cold ones are demoted (RECLAIM):
 *     migrate_pages(MIGRATE_ASYNC, MR_DEMOTION) moves them to node 1.
 *  2. The workload turns to one of the demoted pages.  migsim_promote()
 *     plays NUMA balancing in memory-tiering mode: a hinting fault on the
 *     page 10 ms after the scan finds it hot, and it is migrated back up.
 *
 * It prints where each page is and the demotion/promotion counters before
 * and after each step, and exits 0 only when every page ended where the
 * policy meant it to be and the counters agree.
 *
 * Build against an installed libmigsim:
 *   cc tiering-policy.c -o tiering-policy $(pkg-config --cflags --libs migsim)
 */
#include <stdio.h>
#include <string.h>
#include <migsim/migsim.h>

#define NPAGES		16
#define PAGE		4096ULL
#define HOT_ACCESSES	4	/* the policy: at least this many is hot */

/* The policy's own bookkeeping: access counts, by the pfn the page has now. */
struct heat_map {
	uint64_t pfn[NPAGES];
	unsigned int accesses[NPAGES];
	unsigned int asked;	/* how many folios reclaim asked us about */
};

/*
 * The policy callback.  It runs inside the reclaim pass (the kernel's
 * shrink_folio_list()), once per folio, oldest first.  It sees only the
 * folio (pfn, node, order, mapcount, anon), so it looks the pfn up in its
 * own map.  It must not call libmigsim on the world: it is inside the model.
 */
static enum migsim_folio_verdict heat_policy(const struct migsim_folio_view *f, void *arg)
{
	struct heat_map *m = arg;
	int i;

	m->asked++;
	for (i = 0; i < NPAGES; i++)
		if (m->pfn[i] == f->pfn)
			return m->accesses[i] >= HOT_ACCESSES ? MIGSIM_FOLIO_ACTIVATE
							      : MIGSIM_FOLIO_RECLAIM;
	return MIGSIM_FOLIO_KEEP;	/* not ours: leave it alone */
}

/* The page-to-pfn map changes when pages move: refresh it from the world. */
static void refresh_pfns(struct migsim_world *w, int pid, uint64_t addr, struct heat_map *m)
{
	struct migsim_page_info pi;
	int i;

	for (i = 0; i < NPAGES; i++) {
		migsim_page_info(w, pid, addr + i * PAGE, &pi);
		m->pfn[i] = pi.pfn;
	}
}

/* One character per page: the node it is on. */
static void print_placement(struct migsim_world *w, int pid, uint64_t addr, const char *when)
{
	struct migsim_page_info pi;
	int i;

	printf("  %-16s ", when);
	for (i = 0; i < NPAGES; i++) {
		migsim_page_info(w, pid, addr + i * PAGE, &pi);
		putchar(pi.node == 0 ? 'D' : pi.node == 1 ? 'C' : '?');
	}
	printf("   (D = node 0 DRAM, C = node 1 CXL)\n");
}

static long counter(struct migsim_world *w, const char *name)
{
	long v = -1;

	migsim_vmstat(w, name, &v);
	return v;
}

static void print_counters(struct migsim_world *w)
{
	static const char *const names[] = {
		"pgdemote_kswapd", "pgdemote_direct", "pgpromote_candidate",
		"pgpromote_success",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		printf("    %-20s %ld\n", names[i], counter(w, names[i]));
}

int main(void)
{
	struct migsim_tiering_params tp;
	struct migsim_reclaim_result rr;
	struct migsim_promote_result pr;
	struct migsim_page_info pi;
	struct migsim_config cfg;
	struct heat_map heat;
	struct migsim_world *w;
	char err[256];
	uint64_t addr;
	int pid, i, bad = 0, nr_cold = 0, promoted_page;

	/* The machine: 32 MiB of DRAM on node 0, 32 MiB of CXL on node 1. */
	migsim_config_init(&cfg);
	cfg.nr_nodes = 2;
	cfg.node_size[0] = cfg.node_size[1] = 32ULL << 20;
	cfg.tier[0] = 0;
	cfg.tier[1] = 1;
	if (migsim_world_create(&cfg, &w, err, sizeof(err))) {
		fprintf(stderr, "world: %s\n", err);
		return 1;
	}

	/* The kernel's knobs: demotion_enabled, numa_balancing=2|1 (tiering). */
	migsim_tiering_get(w, &tp);
	tp.demotion_enabled = true;
	tp.numa_balancing = MIGSIM_NUMA_BALANCING_NORMAL | MIGSIM_NUMA_BALANCING_MEMORY_TIERING;
	if (migsim_tiering_set(w, &tp))
		goto api_error;

	/* 16 anonymous pages, faulted in on DRAM. */
	if (migsim_task_create(w, NULL, &pid) ||
	    migsim_mmap(w, pid, 0, NPAGES * PAGE, MIGSIM_MAP_PRIVATE, 0, &addr) ||
	    migsim_touch(w, pid, addr, NPAGES * PAGE, 1))
		goto api_error;
	/* New pages wait in a per-CPU LRU batch; reclaim sees only the LRU. */
	migsim_lru_drain(w);

	/* The workload, as the policy saw it: pages 0, 5 and 9 are hot. */
	memset(&heat, 0, sizeof(heat));
	for (i = 0; i < NPAGES; i++) {
		heat.accesses[i] = (i == 0 || i == 5 || i == 9) ? 10 : 1;
		nr_cold += heat.accesses[i] < HOT_ACCESSES;
	}
	refresh_pfns(w, pid, addr, &heat);

	printf("tiering policy: demote pages with fewer than %d accesses\n", HOT_ACCESSES);
	print_placement(w, pid, addr, "start");
	print_counters(w);

	/* 1. kswapd reclaims node 0; the policy decides what is cold. */
	if (migsim_reclaim(w, 0, NPAGES, MIGSIM_RECLAIM_KSWAPD, heat_policy, &heat, &rr))
		goto api_error;
	printf("reclaim node 0: asked %u, scanned %lu, demoted %lu, activated %lu, failed %lu\n",
	       heat.asked, rr.nr_scanned, rr.nr_demoted, rr.nr_activated, rr.nr_demote_failed);
	print_placement(w, pid, addr, "after demotion");
	print_counters(w);
	for (i = 0; i < NPAGES; i++) {
		migsim_page_info(w, pid, addr + i * PAGE, &pi);
		if (pi.node != (heat.accesses[i] >= HOT_ACCESSES ? 0 : 1)) {
			printf("FAIL: page %d is on node %d\n", i, pi.node);
			bad = 1;
		}
	}
	if (rr.nr_demoted != (unsigned long)nr_cold ||
	    counter(w, "pgdemote_kswapd") != nr_cold) {
		printf("FAIL: expected %d demoted pages\n", nr_cold);
		bad = 1;
	}

	/*
	 * 2. The workload moves on: page 3, now on CXL, becomes hot.  The
	 * demoted copies sit in a per-CPU LRU batch until drained, and a page
	 * not on the LRU cannot be isolated for promotion: drain first.
	 * Latency 10 ms is under the hot threshold (1000 ms): promote it.
	 */
	promoted_page = 3;
	heat.accesses[promoted_page] = 10;
	migsim_lru_drain(w);
	if (migsim_promote(w, pid, addr + promoted_page * PAGE, 0, 10, &pr))
		goto api_error;
	printf("promote page %d: %s, candidate %s, now on node %d\n", promoted_page,
	       pr.decision == MIGSIM_PROMOTE_MIGRATED ? "migrated" : "not migrated",
	       pr.candidate ? "yes" : "no", pr.node);
	print_placement(w, pid, addr, "after promotion");
	print_counters(w);
	if (pr.decision != MIGSIM_PROMOTE_MIGRATED || pr.node != 0 ||
	    counter(w, "pgpromote_success") != 1) {
		printf("FAIL: page %d was not promoted\n", promoted_page);
		bad = 1;
	}

	/* The simulator's own consistency check of the whole machine. */
	if (migsim_check(w)) {
		printf("FAIL: migsim_check: %s\n", migsim_last_report(w)->message);
		bad = 1;
	}
	migsim_world_destroy(w);
	printf("%s\n", bad ? "FAILED" : "ok");
	return bad;

api_error:
	fprintf(stderr, "tiering-policy: %s\n", migsim_strerror(w));
	migsim_world_destroy(w);
	return 1;
}
