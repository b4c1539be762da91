// SPDX-License-Identifier: MIT
/*
 * Public API of memory tiers: demotion and promotion (include/migsim/tiering.h).
 *
 * Every argument is checked before model code runs, so a rejected call
 * changes nothing; the model (lib/mm/memory-tiers.c, lib/mm/vmscan.c, the
 * hinting fault of lib/mm/memory.c) then runs under SIM_RUN, as the world's
 * idle task for reclaim and as the task for a hinting fault.
 */
#include <errno.h>
#include <string.h>
#include <linux/mm.h>
#include <linux/mempolicy.h>
#include <linux/swap.h>
#include <linux/huge_mm.h>
#include "internal.h"
#include "entry.h"
#include "mm_callers.h"
#include "world_internal.h"

static int check_node(struct world *w, int nid)
{
	if (nid < 0 || nid >= w->nr_nodes)
		return sim_error(w, -ENODEV, "node %d does not exist (nodes 0..%d)", nid,
				 w->nr_nodes - 1);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Tiers and knobs                                                     */

int migsim_node_tier(struct migsim_world *pw, int nid, struct migsim_node_tier *out)
{
	SIM_API_ENTER(w, pw);
	pg_data_t *pgdat;
	int ret = check_node(w, nid);

	if (ret)
		return ret;
	if (!out)
		return sim_error(w, -EINVAL, "out must not be NULL");
	pgdat = NODE_DATA(nid);
	memset(out, 0, sizeof(*out));
	out->rank = pgdat->tier;
	out->memtier_id = memtier_id(nid);
	out->adistance = pgdat->adistance;
	out->toptier = node_is_toptier(nid);
	out->has_cpus = node_has_cpus(nid);
	out->demotion_preferred = pgdat->demotion_preferred;
	node_get_allowed_targets(pgdat, &out->demotion_allowed);
	return 0;
}

int migsim_demotion_targets(struct migsim_world *pw, int nid, uint64_t *preferred,
			    uint64_t *allowed)
{
	SIM_API_ENTER(w, pw);
	int ret = check_node(w, nid);

	if (ret)
		return ret;
	if (preferred)
		*preferred = NODE_DATA(nid)->demotion_preferred;
	if (allowed)
		node_get_allowed_targets(NODE_DATA(nid), allowed);
	return 0;
}

int migsim_tiering_get(struct migsim_world *pw, struct migsim_tiering_params *p)
{
	SIM_API_ENTER(w, pw);

	if (!p)
		return sim_error(w, -EINVAL, "params must not be NULL");
	memset(p, 0, sizeof(*p));
	p->demotion_enabled = w->numa_demotion_enabled;
	p->numa_balancing = w->numa_balancing_mode;
	p->hot_threshold_ms = w->numa_balancing_hot_threshold;
	p->promote_rate_limit_mbps = w->numa_balancing_promote_rate_limit;
	p->scan_period_max_ms = w->numa_balancing_scan_period_max;
	return 0;
}

int migsim_tiering_set(struct migsim_world *pw, const struct migsim_tiering_params *p)
{
	SIM_API_ENTER(w, pw);
	unsigned int known = MIGSIM_NUMA_BALANCING_NORMAL | MIGSIM_NUMA_BALANCING_MEMORY_TIERING;

	if (!p)
		return sim_error(w, -EINVAL, "params must not be NULL");
	if (p->numa_balancing & ~known)
		return sim_error(w, -EINVAL, "numa_balancing %#x has unknown bits (known: %#x)",
				 p->numa_balancing, known);
	if (!p->hot_threshold_ms || !p->promote_rate_limit_mbps || !p->scan_period_max_ms)
		return sim_error(w, -EINVAL, "hot_threshold_ms, promote_rate_limit_mbps and "
				 "scan_period_max_ms must not be 0");
	if (p->promote_rate_limit_mbps > (1U << 30) || p->hot_threshold_ms > (1U << 30) ||
	    p->scan_period_max_ms > (1U << 30))
		return sim_error(w, -EINVAL, "tiering knobs are limited to 2^30");
	w->numa_demotion_enabled = p->demotion_enabled;
	w->numa_balancing_mode = p->numa_balancing;
	w->numa_balancing_hot_threshold = p->hot_threshold_ms;
	w->numa_balancing_promote_rate_limit = p->promote_rate_limit_mbps;
	w->numa_balancing_scan_period_max = p->scan_period_max_ms;
	return 0;
}

int migsim_tiering_clock_advance(struct migsim_world *pw, unsigned int ms)
{
	SIM_API_ENTER(w, pw);

	w->tiering_now_ms += ms;	/* wraps as jiffies do; the kernel's arithmetic is modular */
	return 0;
}

/* ------------------------------------------------------------------ */
/* Reclaim and demotion                                                */

struct policy_bridge {
	migsim_folio_policy_fn fn;
	void *arg;
};

static enum folio_references run_policy(struct folio *folio, void *arg)
{
	struct policy_bridge *b = arg;
	struct migsim_folio_view v = {
		.pfn = folio_pfn(folio),
		.node = folio_nid(folio),
		.order = folio_order(folio),
		.mapcount = folio_mapcount(folio),
		.anon = folio_test_anon(folio),
	};

	enum migsim_folio_verdict verdict;

	sim_world->in_callback = "reclaim policy";
	verdict = b->fn(&v, b->arg);
	sim_world->in_callback = NULL;
	switch (verdict) {
	case MIGSIM_FOLIO_KEEP:
		return FOLIOREF_KEEP;
	case MIGSIM_FOLIO_ACTIVATE:
		return FOLIOREF_ACTIVATE;
	case MIGSIM_FOLIO_RECLAIM:
	default:
		return FOLIOREF_RECLAIM;
	}
}

static void fill_result(struct migsim_reclaim_result *res, const struct scan_control *sc,
			const struct reclaim_stat *st)
{
	res->nr_scanned = sc->nr_scanned;
	res->nr_reclaimed = sc->nr_reclaimed;
	res->nr_demoted = st->nr_demoted;
	res->nr_demote_failed = st->nr_demote_failed;
	res->nr_activated = st->nr_activate[0] + st->nr_activate[1];
	res->nr_kept = st->nr_ref_keep + st->nr_unmap_fail;
}

static int run_reclaim(int nid, struct scan_control *sc, struct migsim_reclaim_result *res)
{
	struct reclaim_stat st = { 0 };
	unsigned long budget = sc->nr_to_scan;

	shrink_inactive_list(NODE_DATA(nid), LRU_INACTIVE_ANON, sc, &st);
	if (sc->nr_scanned < budget) {
		sc->nr_to_scan = budget - sc->nr_scanned;
		shrink_inactive_list(NODE_DATA(nid), LRU_INACTIVE_FILE, sc, &st);
		sc->nr_to_scan = budget;
	}
	fill_result(res, sc, &st);
	return 0;
}

static int check_reclaimer(struct world *w, enum migsim_reclaimer who)
{
	if ((unsigned int)who > MIGSIM_RECLAIM_DIRECT)
		return sim_error(w, -EINVAL, "unknown reclaimer %d (kswapd 0, direct 1)",
				 (int)who);
	return 0;
}

int migsim_reclaim(struct migsim_world *pw, int nid, unsigned long nr_to_scan,
		   enum migsim_reclaimer who, migsim_folio_policy_fn policy, void *arg,
		   struct migsim_reclaim_result *res)
{
	SIM_API_ENTER(w, pw);
	struct migsim_reclaim_result scratch;
	struct policy_bridge bridge = { policy, arg };
	struct scan_control sc;
	int ret = check_node(w, nid);

	if (ret)
		return ret;
	if (!nr_to_scan)
		return sim_error(w, -EINVAL, "nr_to_scan is zero");
	ret = check_reclaimer(w, who);
	if (ret)
		return ret;
	SIM_API_OUT(res, scratch);
	memset(&sc, 0, sizeof(sc));
	sc.nr_to_scan = nr_to_scan;
	sc.kswapd = who == MIGSIM_RECLAIM_KSWAPD;
	if (policy) {
		sc.policy = run_policy;
		sc.policy_arg = &bridge;
	}
	return SIM_RUN(w, run_reclaim(nid, &sc, res));
}

/* The folio mapped at @addr in @t's mm, or NULL (mmap_lock held). */
static struct folio *ref_folio(struct task_struct *t, uint64_t addr)
{
	struct vm_area_struct *vma = vma_lookup(t->mm, addr);

	return vma ? follow_folio(vma, addr, NULL) : NULL;
}

static int check_refs(struct world *w, const struct migsim_folio_ref *refs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct task_struct *t = find_task(w, refs[i].pid);
		struct folio *folio;
		int ret;

		if (!t || !t->mm)
			return sim_error(w, -ESRCH, "folios[%zu]: no task with pid %d", i,
					 refs[i].pid);
		ret = api_check_page(w, t->mm, refs[i].addr, NULL);
		if (ret) {
			char why[sizeof(w->errmsg)];

			memcpy(why, w->errmsg, sizeof(why));
			return sim_error(w, ret, "folios[%zu]: %s", i, why);
		}
		folio = ref_folio(t, refs[i].addr);
		if (!folio)
			return sim_error(w, -EFAULT, "folios[%zu]: pid %d address %#llx maps no "
					 "page (not faulted in, the zero page, or a migration "
					 "entry)", i, refs[i].pid, (unsigned long long)refs[i].addr);
	}
	return 0;
}

struct demote_args {
	const struct migsim_folio_ref *refs;
	size_t n;
	struct scan_control *sc;
	struct migsim_reclaim_result *res;
};

static int run_demote_folios(struct world *w, struct demote_args *a)
{
	struct list_head lists[MAX_NUMNODES];
	struct reclaim_stat st = { 0 };
	int nid;
	size_t i;

	for (nid = 0; nid < w->nr_nodes; nid++)
		INIT_LIST_HEAD(&lists[nid]);
	lru_add_drain_all();
	for (i = 0; i < a->n; i++) {
		struct task_struct *t = find_task(w, a->refs[i].pid);
		struct folio *folio;
		bool isolated = false;

		down_read(&t->mm->mmap_lock);
		folio = ref_folio(t, a->refs[i].addr);
		if (folio && !folio_test_hugetlb(folio) && folio_try_get(folio)) {
			isolated = folio_isolate_lru(folio);
			if (isolated) {
				/* KERNEL: reclaim_pages(): shrink_folio_list() sees
				 * only inactive folios. */
				folio_clear_active(folio);
				list_add_tail(&folio->lru, &lists[folio_nid(folio)]);
				node_stat_mod_folio(folio, folio_is_file_lru(folio) ?
						    NR_ISOLATED_FILE : NR_ISOLATED_ANON,
						    folio_nr_pages(folio));
			}
			folio_put(folio);
		}
		up_read(&t->mm->mmap_lock);
		if (!isolated)
			a->res->nr_not_isolated++;
	}
	for (nid = 0; nid < w->nr_nodes; nid++)
		if (!list_empty(&lists[nid]))
			shrink_folio_list_isolated(NODE_DATA(nid), &lists[nid], a->sc, &st);
	fill_result(a->res, a->sc, &st);
	return 0;
}

int migsim_demote_folios(struct migsim_world *pw, const struct migsim_folio_ref *folios,
			 size_t n, enum migsim_reclaimer who, struct migsim_reclaim_result *res)
{
	SIM_API_ENTER(w, pw);
	struct migsim_reclaim_result scratch;
	struct scan_control sc;
	struct demote_args a;
	int ret;

	if (!folios || !n)
		return sim_error(w, -EINVAL, "no folios given (folios %s, n %zu)",
				 folios ? "set" : "NULL", n);
	ret = check_reclaimer(w, who);
	if (ret)
		return ret;
	ret = check_refs(w, folios, n);
	if (ret)
		return ret;
	SIM_API_OUT(res, scratch);
	memset(&sc, 0, sizeof(sc));
	sc.kswapd = who == MIGSIM_RECLAIM_KSWAPD;
	a = (struct demote_args){ .refs = folios, .n = n, .sc = &sc, .res = res };
	return SIM_RUN(w, run_demote_folios(w, &a));
}

/* ------------------------------------------------------------------ */
/* Promotion                                                           */

struct promote_args {
	struct vm_area_struct *vma;
	uint64_t addr;
	int node;
	unsigned int latency;
	struct migsim_promote_result *res;
};

/*
 * task_numa_work's change_prot_numa() on the one entry (skipping top-tier
 * folios when only memory-tiering balancing is on), then the hinting
 * fault: numa_migrate_check() -> mpol_misplaced() ->
 * should_numa_migrate_memory() picks the target, do_numa_page() (or
 * do_huge_pmd_numa_page()) migrates.  mmap_lock held.
 */
static int promote_locked(struct world *w, struct promote_args *a)
{
	struct vm_area_struct *vma = a->vma;
	struct migsim_promote_result *res = a->res;
	struct folio *folio = follow_folio(vma, a->addr, NULL);
	pmd_t *pmd = mm_find_pmd(vma->vm_mm, a->addr);
	int src = folio_nid(folio), target = a->node;
	bool candidate = false;

	res->node = src;
	res->threshold_ms = w->numa_balancing_hot_threshold;
	if ((!(w->numa_balancing_mode & NUMA_BALANCING_NORMAL) && node_is_toptier(src)) ||
	    !vma_policy_mof(vma)) {
		res->decision = MIGSIM_PROMOTE_NOT_SCANNED;
		return 0;
	}
	migrate_misplaced_last_rc = 0;
	memset(&migrate_last_stats, 0, sizeof(migrate_last_stats));
	if (src == target) {
		res->decision = MIGSIM_PROMOTE_LOCAL;
	} else if (mpol_misplaced_nid(vma, src, target) == NUMA_NO_NODE) {
		/* mpol_misplaced() decides before the promotion checks. */
		res->decision = MIGSIM_PROMOTE_POLICY;
		target = NUMA_NO_NODE;
	} else if (folio_use_access_time(folio)) {
		switch (numa_promotion_check(folio, target, a->latency, &candidate,
					     &res->threshold_ms)) {
		case NUMA_PROMOTE:
			break;
		case NUMA_PROMOTE_COLD:
			res->decision = MIGSIM_PROMOTE_COLD;
			target = NUMA_NO_NODE;
			break;
		case NUMA_PROMOTE_RATE_LIMITED:
			res->decision = MIGSIM_PROMOTE_RATE_LIMITED;
			target = NUMA_NO_NODE;
			break;
		}
	}
	res->candidate = candidate;
	if (pmd_leaf(*pmd)) {
		*pmd = pte_mkprotnone(*pmd);
		count_vm_event(NUMA_HUGE_PTE_UPDATES);
		count_vm_events(NUMA_PTE_UPDATES, HPAGE_PMD_NR);
		do_huge_pmd_numa_page(vma, a->addr, pmd, target);
	} else {
		pte_t *pte = pte_offset_map(pmd, a->addr);

		*pte = pte_mkprotnone(*pte);
		count_vm_event(NUMA_PTE_UPDATES);
		do_numa_page(vma, a->addr, pte, target);
	}
	folio = follow_folio(vma, a->addr, NULL);
	res->node = folio ? folio_nid(folio) : src;
	res->nr_succeeded = migrate_last_stats.nr_succeeded;
	if (target != NUMA_NO_NODE && src != a->node)
		res->decision = res->node == a->node ? MIGSIM_PROMOTE_MIGRATED :
						       MIGSIM_PROMOTE_FAILED;
	return 0;
}

static int run_promote(struct world *w, struct promote_args *a)
{
	struct mm_struct *mm = a->vma->vm_mm;
	int ret;

	down_read(&mm->mmap_lock);
	ret = promote_locked(w, a);
	up_read(&mm->mmap_lock);
	return ret;
}

int migsim_promote(struct migsim_world *pw, int pid, uint64_t addr, int target_node,
		   unsigned int latency_ms, struct migsim_promote_result *res)
{
	SIM_API_ENTER(w, pw);
	struct migsim_promote_result scratch;
	struct vm_area_struct *vma;
	struct promote_args a;
	struct task_struct *t;
	struct folio *folio;
	int ret = api_live_task(w, pid, &t);

	if (ret)
		return ret;
	if (target_node == MIGSIM_NODE_LOCAL)
		target_node = w->cpu_to_node[t->cpu];
	ret = check_node(w, target_node);
	if (ret)
		return ret;
	if (!node_state_memory(target_node))
		return sim_error(w, -ENODEV, "node %d has no memory", target_node);
	if (!w->numa_balancing_mode)
		return sim_error(w, -EINVAL, "NUMA balancing is disabled (numa_balancing = 0): "
				 "no hinting faults happen");
	ret = api_check_page(w, t->mm, addr, &vma);
	if (ret)
		return ret;
	if (vma->vm_flags & VM_HUGETLB)
		return sim_error(w, -EINVAL, "NUMA hinting faults do not apply to hugetlb "
				 "mappings");
	folio = follow_folio(vma, addr, NULL);
	if (!folio)
		return sim_error(w, -EFAULT, "nothing to hint at %#llx (not faulted in, the zero "
				 "page, or a migration entry)", (unsigned long long)addr);
	SIM_API_OUT(res, scratch);
	a = (struct promote_args){ .vma = vma, .addr = addr, .node = target_node,
				   .latency = latency_ms, .res = res };
	return AS_TASK(w, t, run_promote(w, &a));
}
