// SPDX-License-Identifier: MIT
/*
 * Public API of compaction (include/migsim/compaction.h): a compaction pass
 * over one node, and two helpers that shape memory for it (fragmentation,
 * mTHP-sized folios).  Every argument is checked before any model code
 * runs, so a rejected call changes nothing; the pass runs as the world's
 * idle task on CPU 0 (SIM_RUN).
 */
#include <errno.h>
#include <string.h>
#include <linux/compaction.h>
#include <linux/huge_mm.h>
#include <linux/swap.h>
#include "internal.h"
#include "entry.h"
#include "world_internal.h"

_Static_assert((int)MIGSIM_COMPACT_SUCCESS == (int)COMPACT_SUCCESS &&
	       (int)MIGSIM_COMPACT_SKIPPED == (int)COMPACT_SKIPPED &&
	       (int)MIGSIM_COMPACT_COMPLETE == (int)COMPACT_COMPLETE &&
	       (int)MIGSIM_COMPACT_CONTENDED == (int)COMPACT_CONTENDED,
	       "public status values are the kernel's");

const char *migsim_compact_status_name(enum migsim_compact_status s)
{
	return compact_result_name((enum compact_result)s);
}

static int run_compact(int nid, int order, enum migrate_mode mode, struct compact_control *cc,
		       enum compact_result *ret, bool *free_after)
{
	if (order < 0) {
		/* compact_store(): flush the LRU batches, then compact_node(). */
		lru_add_drain_all();
		*ret = compact_node(nid, mode, cc);
	} else {
		*ret = direct_compact_node(nid, order, mode, cc);
	}
	*free_after = node_has_free_block(NODE_DATA(nid), order < 0 ? pageblock_order : order);
	return 0;
}

/*
 * The jump buffer lives in this frame, apart from the caller's, because
 * the caller reads @cc, @status and @free_after after a VM_BUG_ON too: a
 * non-volatile local of the function that calls setjmp() and is changed
 * before the longjmp() has no defined value afterwards (C11 7.13.2.1), and
 * clang does reuse the values from before the run.
 */
static __attribute__((noinline)) int compact_run(struct world *w, int nid, int order,
						 enum migrate_mode mode,
						 struct compact_control *cc,
						 enum compact_result *status, bool *free_after)
{
	return SIM_RUN(w, run_compact(nid, order, mode, cc, status, free_after));
}

int migsim_compact_node(struct migsim_world *pw, int nid, int order, enum migsim_mode mode,
			struct migsim_compact_result *res)
{
	SIM_API_ENTER(w, pw);
	/* Here, in the frame that calls compact_run(): after a VM_BUG_ON the
	 * folios left on cc.migratepages still point at it. */
	struct compact_control cc;
	struct migsim_compact_result scratch;
	enum compact_result status = COMPACT_SKIPPED;
	bool free_after = false;
	int ret;

	if (!w)
		return -EINVAL;
	if (nid < 0 || nid >= w->nr_nodes)
		return sim_error(w, -ENODEV, "compaction: node %d does not exist (nodes 0..%d)",
				 nid, w->nr_nodes - 1);
	if (!node_state_memory(nid))
		return sim_error(w, -ENODEV, "compaction: node %d has no memory", nid);
	if (order != MIGSIM_COMPACT_ALL && (order < 1 || order > MAX_PAGE_ORDER))
		return sim_error(w, -EINVAL, "compaction: order %d is not -1 (the whole node) or "
				 "1..%d (order 0 never compacts)", order, MAX_PAGE_ORDER);
	if ((unsigned int)mode > MIGSIM_MIGRATE_SYNC)
		return sim_error(w, -EINVAL, "compaction: unknown migrate mode %d", (int)mode);
	SIM_API_OUT(res, scratch);
	memset(&cc, 0, sizeof(cc));
	ret = compact_run(w, nid, order, (enum migrate_mode)mode, &cc, &status, &free_after);
	res->status = (enum migsim_compact_status)status;
	res->migrate_scanned = cc.total_migrate_scanned;
	res->free_scanned = cc.total_free_scanned;
	res->migrate_isolated = cc.nr_migrate_isolated;
	res->free_isolated = cc.nr_free_isolated;
	res->nr_migrated = cc.nr_migrated;
	res->nr_putback = cc.nr_putback;
	res->migrate_calls = cc.nr_migrate_calls;
	res->contended = cc.contended;
	res->order_free = free_after;
	return ret;
}

/* ------------------------------------------------------------------ */
/* Shaping memory for compaction                                       */

int migsim_fragment_node(struct migsim_world *pw, int pid, int nid, uint64_t len,
			 uint64_t *addr_out)
{
	SIM_API_ENTER(w, pw);
	uint64_t addr, off;
	int ret;

	if (!w)
		return -EINVAL;
	if (!len || len % (2 * PAGE_SIZE))
		return sim_error(w, -EINVAL, "fragment: length %#llx is not a positive multiple "
				 "of two pages", (unsigned long long)len);
	ret = migsim_mmap(pw, pid, 0, len, MIGSIM_MAP_PRIVATE, nid, &addr);
	if (ret)
		return ret;
	ret = migsim_touch(pw, pid, addr, len, 1);
	for (off = 0; !ret && off < len; off += 2 * PAGE_SIZE)
		ret = migsim_munmap(pw, pid, addr + off, PAGE_SIZE);
	if (!ret && addr_out)
		*addr_out = addr;
	return ret;
}
