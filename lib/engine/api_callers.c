// SPDX-License-Identifier: MIT
/*
 * Public API of the callers of migration (include/migsim/callers.h):
 * move_pages(2), mbind(2) and migrate_pages(2), memory offline, tiering
 * and compaction.  Every argument is validated before any model code runs
 * (a rejected call changes nothing); then the model runs as the task with
 * AS_TASK, or as the world's idle task with SIM_RUN.
 */
#include <errno.h>
#include <string.h>
#include <linux/mm.h>
#include <linux/swap.h>
#include "internal.h"
#include "entry.h"
#include "gup.h"
#include "mm_callers.h"
#include "world_internal.h"

/* ------------------------------------------------------------------ */
/* move_pages(2)                                                       */

static int run_move_pages(struct move_pages_args *a, long *ret)
{
	*ret = kernel_move_pages(a);
	return 0;
}

long migsim_move_pages(struct migsim_world *pw, int caller_pid, int pid, unsigned long count,
		       const uint64_t *pages, const int *nodes, int *status, int flags)
{
	SIM_API_ENTER(w, pw);
	struct move_pages_args a;
	struct task_struct *caller;
	long ret;
	int rc;

	if (!w)
		return -EINVAL;
	caller = find_task(w, caller_pid);
	if (!caller)
		return sim_error(w, -ESRCH, "no calling task with pid %d", caller_pid);
	a = (struct move_pages_args){ .caller = caller, .pid = pid, .nr_pages = count,
				      .pages = pages, .nodes = nodes, .status = status,
				      .flags = flags };
	w->errmsg[0] = '\0';
	ret = 0;
	rc = AS_TASK(w, caller, run_move_pages(&a, &ret));
	if (rc)
		return rc;
	if (ret < 0 && !w->errmsg[0])
		sim_error(w, (int)ret, "move_pages: %s", strerror((int)-ret));
	return ret;
}

/* ------------------------------------------------------------------ */
/* Memory offline                                                      */

static int run_offline(struct world *w, unsigned long start, unsigned long nr,
		       struct migsim_offline_result *res)
{
	struct offline_stats st = { .reason = "" };
	int ret = offline_pages(start, nr, &st);

	res->passes = st.passes;
	res->migrate_calls = st.migrate_calls;
	res->nr_migrated = st.nr_migrated;
	res->nr_isolate_failed = st.nr_isolate_failed;
	res->nr_migrate_failed = st.nr_migrate_failed;
	res->reason = st.reason;
	if (ret)
		return sim_error(w, ret, "memory offlining [pfn %#lx-%#lx] failed due to %s",
				 start, start + nr - 1, st.reason);
	return 0;
}

int migsim_offline_pages(struct migsim_world *pw, uint64_t start_pfn, uint64_t nr_pages,
			 struct migsim_offline_result *res)
{
	SIM_API_ENTER(w, pw);
	struct migsim_offline_result scratch;
	uint64_t end = start_pfn + nr_pages, pfn;
	pg_data_t *pgdat;
	int nid;

	if (!nr_pages || end < start_pfn)
		return sim_error(w, -EINVAL, "offline: empty pfn range");
	if (start_pfn & ((1UL << pageblock_order) - 1))
		return sim_error(w, -EINVAL, "offline: start pfn %#llx is not pageblock-aligned "
				 "(%lu pages)", (unsigned long long)start_pfn,
				 (1UL << pageblock_order));
	if (end & (PAGES_PER_SECTION - 1))
		return sim_error(w, -EINVAL, "offline: end pfn %#llx is not section-aligned "
				 "(%lu pages)", (unsigned long long)end, PAGES_PER_SECTION);
	if (end > w->max_pfn)
		return sim_error(w, -EINVAL, "offline: pfn range %#llx-%#llx is beyond memory",
				 (unsigned long long)start_pfn, (unsigned long long)end - 1);
	nid = pfn_to_nid(start_pfn);
	pgdat = w->node_data[nid];
	if (!pgdat || start_pfn < pgdat->node_start_pfn || end > pgdat_end_pfn(pgdat))
		return sim_error(w, -EINVAL, "offline: pfn range %#llx-%#llx is not inside one "
				 "node", (unsigned long long)start_pfn,
				 (unsigned long long)end - 1);
	/* No holes: the range must not already be offline (in part). */
	for (pfn = start_pfn; pfn < end; pfn += PAGES_PER_SECTION) {
		struct page *p = pfn_to_page(pfn);

		if (pfn < pgdat->frontier_pfn && PageOffline(p) && PageReserved(p))
			return sim_error(w, -EINVAL, "offline: pfn %#llx is already offline "
					 "(memory holes)", (unsigned long long)pfn);
	}
	SIM_API_OUT(res, scratch);
	res->reason = "";
	return SIM_RUN(w, run_offline(w, start_pfn, nr_pages, res));
}

static int run_alloc_kernel_page(struct world *w, int nid, int *pin_id, uint64_t *pfn)
{
	struct page *page = __alloc_pages_node(GFP_KERNEL | __GFP_THISNODE, 0, nid, NULL);
	struct sim_pin *pin;

	if (!page)
		return sim_error(w, -ENOMEM, "node %d has no free page", nid);
	pin = sim_zalloc(sizeof(*pin));
	if (!pin) {
		__free_pages(page, 0);
		return sim_error(w, -ENOMEM, "out of host memory");
	}
	/* The allocation's reference is the pin's: migsim_unpin() frees it. */
	pin->id = ++w->next_pin_id;
	pin->pfn = page_to_pfn(page);
	pin->folio = page_folio(page);
	pin->active = true;
	list_add_tail(&pin->node, &w->pins);
	if (pin_id)
		*pin_id = pin->id;
	if (pfn)
		*pfn = pin->pfn;
	return 0;
}

int migsim_alloc_kernel_page(struct migsim_world *pw, int nid, int *pin_id, uint64_t *pfn)
{
	SIM_API_ENTER(w, pw);

	if (nid < 0 || nid >= w->nr_nodes)
		return sim_error(w, -ENODEV, "node %d does not exist (nodes 0..%d)", nid,
				 w->nr_nodes - 1);
	if (!node_state_memory(nid))
		return sim_error(w, -ENODEV, "node %d has no memory", nid);
	return SIM_RUN(w, run_alloc_kernel_page(w, nid, pin_id, pfn));
}
