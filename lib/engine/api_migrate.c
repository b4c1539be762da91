// SPDX-License-Identifier: MIT
/*
 * Public API: migrating a range with migrate_pages(), NUMA hinting faults,
 * the deferred-split shrinker and LRU draining.
 */
#include <errno.h>
#include <string.h>
#include <linux/mm.h>
#include <linux/mempolicy.h>
#include <linux/huge_mm.h>
#include <linux/hugetlb.h>
#include <linux/migrate.h>
#include <linux/swap.h>
#include "internal.h"
#include "entry.h"
#include "world_internal.h"

static int check_task_node(struct world *w, int pid, int node, struct task_struct **tp)
{
	int ret = api_live_task(w, pid, tp);

	if (ret)
		return ret;
	if (node < 0 || node >= w->nr_nodes)
		return sim_error(w, -ENODEV, "node %d does not exist (nodes 0..%d)", node,
				 w->nr_nodes - 1);
	if (!node_state_memory(node))
		return sim_error(w, -ENODEV, "node %d has no memory", node);
	return 0;
}

struct range_args {
	struct mm_struct *mm;
	uint64_t addr, len;
	int node;
	enum migrate_mode mode;
	int reason;
	struct migsim_migrate_result *res;
	struct user_alloc *ua;		/* migsim_migrate_range_alloc() only */
};

/*
 * migsim_migrate_range_alloc(): the user's get_new_folio/put_new_folio,
 * wrapped as the kernel's new_folio_t/free_folio_t.
 */
struct user_alloc {
	struct world *w;
	migsim_new_folio_fn get_new;
	migsim_put_folio_fn put_new;
	void *arg;
	unsigned int index;
	struct migration_target_control mtc;
};

/* Inline into the page-table walk: it runs once for every folio of the
 * range, and there the walk's registers are already saved. */
static __always_inline void isolate_one(struct range_args *a, struct folio *folio,
					struct list_head *list)
{
	int nid = folio_nid(folio);

	if (nid == a->node)
		return;
	if (folio_test_hugetlb(folio)) {
		if (isolate_hugetlb(folio, list))
			a->res->nr_isolated++;
		else
			a->res->nr_not_isolated++;
		return;
	}
	if (!folio_isolate_lru_at(folio, &NODE_DATA(nid)->__lruvec)) {
		a->res->nr_not_isolated++;
		return;
	}
	/* node_stat_mod_folio(), with the node already known. */
	mod_node_page_state(nid, folio_is_file_lru(folio) ? NR_ISOLATED_FILE : NR_ISOLATED_ANON,
			    folio_nr_pages(folio));
	list_add_tail(&folio->lru, list);
	a->res->nr_isolated++;
}

/*
 * Isolate every folio mapped in the range that is not on the target node,
 * walking the page tables a PMD at a time (a PMD leaf or a huge PTE is one
 * folio; consecutive PTEs of one folio are isolated once).
 */
static void isolate_range(struct range_args *a, struct list_head *list)
{
	struct folio *last = NULL;
	uint64_t addr = a->addr, end = a->addr + a->len;

	while (addr < end) {
		struct vm_area_struct *vma = vma_lookup(a->mm, addr);
		uint64_t next = min(min((addr + PMD_SIZE) & PMD_MASK, end), vma->vm_end);
		pmd_t *pmd;
		pte_t *pte;

		if (vma->vm_flags & VM_HUGETLB) {
			uint64_t hsize = PAGE_SIZE << vma->hstate_order;
			struct folio *folio = follow_folio(vma, addr, NULL);

			if (folio && folio != last)
				isolate_one(a, folio, list);
			last = folio ? folio : last;
			addr = (addr & ~(hsize - 1)) + hsize;
			continue;
		}
		pmd = mm_find_pmd(a->mm, addr);
		if (pmd && pmd_leaf(*pmd)) {
			struct folio *folio = page_folio(pfn_to_page(pmd_pfn(*pmd)));

			if (folio != last)
				isolate_one(a, folio, list);
			last = folio;
		} else if (pmd && pmd_table(*pmd)) {
			for (pte = pte_offset_map(pmd, addr); addr < next; addr += PAGE_SIZE, pte++) {
				struct folio *folio = vm_normal_folio_pte(*pte);

				if (!folio || folio == last)
					continue;
				last = folio;
				isolate_one(a, folio, list);
			}
		}
		addr = next;
	}
}

/*
 * The model-side get_new_folio: describe @src to the user's callback, then
 * allocate on the node it chose exactly as alloc_migration_target() would
 * (same gfp mask, the source's order, hugetlb from the pool).  A negative
 * answer, or a node that cannot be allocated from, is a NULL return, which
 * migrate_pages() treats as -ENOMEM.
 */
static struct folio *user_alloc_target(struct folio *src, unsigned long private)
{
	struct user_alloc *ua = (struct user_alloc *)private;
	struct migsim_folio_desc d = {
		.pfn = folio_pfn(src),
		.node = folio_nid(src),
		.order = folio_order(src),
		.hugetlb = folio_test_hugetlb(src),
		.index = ua->index++,
	};
	int nid;

	ua->w->in_callback = "get_new_folio";
	nid = ua->get_new((struct migsim_world *)ua->w, &d, ua->arg);
	ua->w->in_callback = NULL;

	if (nid < 0 || nid >= ua->w->nr_nodes || !node_state_memory(nid)) {
		sim_story("get_new_folio: the caller's callback gave %d for pfn %#llx: "
			  "no destination", nid, (unsigned long long)d.pfn);
		return NULL;
	}
	ua->mtc.nid = nid;
	return alloc_migration_target(src, (unsigned long)&ua->mtc);
}

/*
 * The model-side put_new_folio: tell the user, then free the destination
 * as migrate_pages() does when no put_new_folio is given: folio_put(), or
 * for hugetlb folio_putback_active_hugetlb() (back to the pool's lists).
 */
static void user_free_target(struct folio *dst, unsigned long private)
{
	struct user_alloc *ua = (struct user_alloc *)private;

	if (ua->put_new) {
		ua->w->in_callback = "put_new_folio";
		ua->put_new((struct migsim_world *)ua->w, folio_nid(dst), folio_order(dst),
			    ua->arg);
		ua->w->in_callback = NULL;
	}
	if (folio_test_hugetlb(dst))
		folio_putback_active_hugetlb(dst);
	else
		folio_put(dst);
}

static int do_migrate_range(struct range_args *a)
{
	struct migration_target_control mtc = {
		.nid = a->node,
		.nmask = NULL,
		.gfp_mask = GFP_HIGHUSER_MOVABLE | __GFP_THISNODE,
		.reason = a->reason,
	};
	LIST_HEAD(pagelist);
	int rc;

	lru_cache_disable();
	down_read(&a->mm->mmap_lock);
	isolate_range(a, &pagelist);
	up_read(&a->mm->mmap_lock);
	memset(&migrate_last_stats, 0, sizeof(migrate_last_stats));
	rc = 0;
	if (!list_empty(&pagelist)) {
		if (a->ua)
			rc = migrate_pages(&pagelist, user_alloc_target, user_free_target,
					   (unsigned long)a->ua, a->mode, a->reason, NULL);
		else
			rc = migrate_pages(&pagelist, alloc_migration_target, NULL,
					   (unsigned long)&mtc, a->mode, a->reason, NULL);
		if (rc) {
			a->res->nr_putback = (unsigned int)list_count_nodes(&pagelist);
			putback_movable_pages(&pagelist);
		}
	}
	lru_cache_enable();
	a->res->rc = rc;
	a->res->nr_succeeded = migrate_last_stats.nr_succeeded;
	a->res->nr_failed_pages = migrate_last_stats.nr_failed_pages;
	a->res->nr_thp_succeeded = migrate_last_stats.nr_thp_succeeded;
	a->res->nr_thp_failed = migrate_last_stats.nr_thp_failed;
	a->res->nr_thp_split = migrate_last_stats.nr_thp_split;
	a->res->nr_split = migrate_last_stats.nr_split;
	return 0;
}

/* The checks both range calls share: 0, or an error with nothing changed. */
static int check_range_call(struct world *w, struct task_struct *t, uint64_t addr, uint64_t len,
			    enum migsim_mode mode, enum migsim_reason reason)
{
	if (!len || (addr | len) & (PAGE_SIZE - 1) || addr >= TASK_SIZE ||
	    len > TASK_SIZE - addr)
		return sim_error(w, -EINVAL, "range %#llx+%#llx is empty, misaligned or outside "
				 "user space", (unsigned long long)addr, (unsigned long long)len);
	if ((unsigned int)mode > MIGSIM_MIGRATE_SYNC)
		return sim_error(w, -EINVAL, "unknown migrate mode %d", (int)mode);
	if ((unsigned int)reason >= MR_TYPES ||
	    (reason == MIGSIM_MR_DAMON && !w->profile.has_mr_damon))
		return sim_error(w, -EINVAL, "migrate reason %d does not exist in kernel %s",
				 (int)reason, w->profile.name);
	return api_check_mapped(w, t->mm, addr, len);
}

int migsim_migrate_range(struct migsim_world *pw, int pid, uint64_t addr, uint64_t len,
			 int node, enum migsim_mode mode, enum migsim_reason reason,
			 struct migsim_migrate_result *res)
{
	SIM_API_ENTER(w, pw);
	struct migsim_migrate_result scratch;
	struct task_struct *t;
	struct range_args a;
	int ret = check_task_node(w, pid, node, &t);

	if (ret)
		return ret;
	ret = check_range_call(w, t, addr, len, mode, reason);
	if (ret)
		return ret;
	SIM_API_OUT(res, scratch);
	a = (struct range_args){ .mm = t->mm, .addr = addr, .len = len, .node = node,
				 .mode = (enum migrate_mode)mode, .reason = (int)reason,
				 .res = res };
	return AS_TASK(w, t, do_migrate_range(&a));
}

int migsim_migrate_range_alloc(struct migsim_world *pw, int pid, uint64_t addr, uint64_t len,
			       enum migsim_mode mode, enum migsim_reason reason,
			       migsim_new_folio_fn get_new, migsim_put_folio_fn put_new,
			       void *arg, struct migsim_migrate_result *res)
{
	SIM_API_ENTER(w, pw);
	struct migsim_migrate_result scratch;
	struct user_alloc ua;
	struct task_struct *t;
	struct range_args a;
	int ret;

	if (!get_new)
		return sim_error(w, -EINVAL, "get_new is NULL: the destination callback is "
				 "required");
	ret = api_live_task(w, pid, &t);
	if (ret)
		return ret;
	ret = check_range_call(w, t, addr, len, mode, reason);
	if (ret)
		return ret;
	SIM_API_OUT(res, scratch);
	ua = (struct user_alloc){
		.w = w, .get_new = get_new, .put_new = put_new, .arg = arg,
		.mtc = { .nid = NUMA_NO_NODE, .nmask = NULL,
			 .gfp_mask = GFP_HIGHUSER_MOVABLE | __GFP_THISNODE,
			 .reason = (enum migrate_reason)reason },
	};
	/* Node NUMA_NO_NODE: isolate_one() keeps every folio, whatever its node. */
	a = (struct range_args){ .mm = t->mm, .addr = addr, .len = len, .node = NUMA_NO_NODE,
				 .mode = (enum migrate_mode)mode, .reason = (int)reason,
				 .res = res, .ua = &ua };
	return AS_TASK(w, t, do_migrate_range(&a));
}

struct numa_args {
	struct mm_struct *mm;
	uint64_t addr;
	int node;
	struct migsim_numa_result *res;
};

/* task_numa_work's change_prot_numa() for one entry, then the fault. */
static int do_numa_hint_locked(struct world *w, struct numa_args *a,
			       struct vm_area_struct *vma);

static int do_numa_hint(struct world *w, struct numa_args *a)
{
	struct vm_area_struct *vma = vma_lookup(a->mm, a->addr);
	int ret;

	if (vma->vm_flags & VM_HUGETLB)
		return sim_error(w, -EINVAL, "NUMA hinting faults do not apply to hugetlb "
				 "mappings");
	if (!vma_policy_mof(vma))
		return sim_error(w, -EINVAL, "NUMA balancing does not scan %#llx: its mbind() "
				 "policy has no MPOL_F_NUMA_BALANCING (vma_policy_mof())",
				 (unsigned long long)a->addr);
	down_read(&a->mm->mmap_lock);
	ret = do_numa_hint_locked(w, a, vma);
	up_read(&a->mm->mmap_lock);
	return ret;
}

static int do_numa_hint_locked(struct world *w, struct numa_args *a, struct vm_area_struct *vma)
{
	struct folio *folio;
	int target;
	pmd_t *pmd;
	pte_t *pte;

	pmd = mm_find_pmd(a->mm, a->addr);
	migrate_misplaced_last_rc = 0;
	memset(&migrate_last_stats, 0, sizeof(migrate_last_stats));
	/* An mbind() policy may refuse the move (mpol_misplaced()). */
	folio = vma->vm_policy ? follow_folio(vma, a->addr, NULL) : NULL;
	target = folio && folio_nid(folio) != a->node ?
		mpol_misplaced_nid(vma, folio_nid(folio), a->node) : a->node;
	if (pmd && pmd_leaf(*pmd)) {
		*pmd = pte_mkprotnone(*pmd);
		count_vm_event(NUMA_HUGE_PTE_UPDATES);
		count_vm_events(NUMA_PTE_UPDATES, HPAGE_PMD_NR);
		do_huge_pmd_numa_page(vma, a->addr, pmd, target);
	} else {
		pte = pte_offset_map(pmd, a->addr);
		if (!pte || !pte_present(*pte) || pte_special(*pte))
			return sim_error(w, -EFAULT, "nothing to hint at %#llx (not faulted in, "
					 "the zero page, or a migration entry)",
					 (unsigned long long)a->addr);
		*pte = pte_mkprotnone(*pte);
		count_vm_event(NUMA_PTE_UPDATES);
		do_numa_page(vma, a->addr, pte, target);
	}
	folio = follow_folio(vma, a->addr, NULL);
	a->res->migrated = folio && folio_nid(folio) == a->node;
	a->res->rc = migrate_misplaced_last_rc;
	a->res->nr_succeeded = migrate_last_stats.nr_succeeded;
	return 0;
}

int migsim_numa_hint_fault(struct migsim_world *pw, int pid, uint64_t addr, int target_node,
			   struct migsim_numa_result *res)
{
	SIM_API_ENTER(w, pw);
	struct migsim_numa_result scratch;
	struct task_struct *t;
	struct numa_args a;
	int ret = check_task_node(w, pid, target_node, &t);

	if (ret)
		return ret;
	ret = api_check_page(w, t->mm, addr, NULL);
	if (ret)
		return ret;
	SIM_API_OUT(res, scratch);
	a = (struct numa_args){ .mm = t->mm, .addr = addr, .node = target_node, .res = res };
	return AS_TASK(w, t, do_numa_hint(w, &a));
}

static int do_scan(int nid, unsigned long nr, unsigned long *split)
{
	unsigned long n = deferred_split_scan(nid, nr);

	if (split)
		*split = n;
	return 0;
}

int migsim_deferred_split_scan(struct migsim_world *pw, int nid, unsigned long nr_to_scan,
			       unsigned long *nr_split)
{
	SIM_API_ENTER(w, pw);

	if (nid < 0 || nid >= w->nr_nodes)
		return sim_error(w, -ENODEV, "node %d does not exist (nodes 0..%d)", nid,
				 w->nr_nodes - 1);
	if (!nr_to_scan)
		return sim_error(w, -EINVAL, "nr_to_scan is zero");
	return SIM_RUN(w, do_scan(nid, nr_to_scan, nr_split));
}

static int do_drain(void)
{
	lru_add_drain_all();
	return 0;
}

int migsim_lru_drain(struct migsim_world *pw)
{
	return SIM_RUN(W(pw), do_drain());
}
