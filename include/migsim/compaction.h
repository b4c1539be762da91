/* SPDX-License-Identifier: MIT */
/**
 * DOC: migsim compaction (included by <migsim/migsim.h>)
 *
 * A compaction pass over one node (the model has one zone per node): the
 * migrate scanner walks pageblocks upward from the node's start isolating
 * movable folios, the free scanner walks downward from the end isolating
 * free blocks, and migrate_pages(MR_COMPACTION) moves the first into the
 * second (compaction_alloc / compaction_free), until the scanners meet or
 * a free block of the wanted order exists.  docs/callers/compaction.md
 * describes the kernel rules followed and what is approximated.
 *
 * Example::
 *
 *	struct migsim_compact_result r;
 *	uint64_t addr;
 *
 *	migsim_fragment_node(w, pid, 0, 8 << 20, &addr);	// every other page free
 *	migsim_compact_node(w, 0, 9, MIGSIM_MIGRATE_SYNC_LIGHT, &r);
 *	if (r.status == MIGSIM_COMPACT_SUCCESS)
 *		;	// an order-9 block (a THP) can now be allocated on node 0
 */
#ifndef MIGSIM_COMPACTION_H
#define MIGSIM_COMPACTION_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct migsim_world;

/** The @order of migsim_compact_node() that compacts the whole node. */
#define MIGSIM_COMPACT_ALL	(-1)

/**
 * enum migsim_compact_status - how a pass ended; values and names of the
 * kernel's enum compact_result.
 * @MIGSIM_COMPACT_NOT_SUITABLE_ZONE: (kernel trace detail; not returned).
 * @MIGSIM_COMPACT_SKIPPED: not started: too little free memory
 *	(compaction_suitable(): free pages not above the watermark plus
 *	2 << order, or for orders above 3 a fragmentation index at or below
 *	500, i.e. the request fails for lack of memory, not fragmentation).
 * @MIGSIM_COMPACT_DEFERRED: (deferral is not modelled; not returned).
 * @MIGSIM_COMPACT_NO_SUITABLE_PAGE: (internal; not returned).
 * @MIGSIM_COMPACT_CONTINUE: (internal; not returned).
 * @MIGSIM_COMPACT_COMPLETE: the scanners met: the whole node was scanned.
 * @MIGSIM_COMPACT_PARTIAL_SKIPPED: (partial passes are not modelled).
 * @MIGSIM_COMPACT_CONTENDED: stopped early: a lock was contended under
 *	MIGRATE_ASYNC, or migrate_pages() ran out of free pages (-ENOMEM)
 *	before the scanners met, or too many pages were isolated.
 * @MIGSIM_COMPACT_SUCCESS: a free block of the order exists (also when it
 *	did before the pass: then nothing was scanned).
 */
enum migsim_compact_status {
	MIGSIM_COMPACT_NOT_SUITABLE_ZONE,
	MIGSIM_COMPACT_SKIPPED,
	MIGSIM_COMPACT_DEFERRED,
	MIGSIM_COMPACT_NO_SUITABLE_PAGE,
	MIGSIM_COMPACT_CONTINUE,
	MIGSIM_COMPACT_COMPLETE,
	MIGSIM_COMPACT_PARTIAL_SKIPPED,
	MIGSIM_COMPACT_CONTENDED,
	MIGSIM_COMPACT_SUCCESS,
};

/**
 * struct migsim_compact_result - what one pass did.
 * @status: how it ended.
 * @migrate_scanned: pages the migrate scanner looked at (the pass's share
 *	of vmstat compact_migrate_scanned).
 * @free_scanned: pages the free scanner looked at (compact_free_scanned).
 * @migrate_isolated: pages the migrate scanner isolated for migration.
 * @free_isolated: free pages the free scanner isolated as destinations.
 *	@migrate_isolated + @free_isolated is the pass's compact_isolated.
 * @nr_migrated: base pages migrate_pages() moved.
 * @nr_putback: base pages put back after migrate_pages() failed on them
 *	(pinned, locked, under writeback, no destination, ...).
 * @migrate_calls: migrate_pages() calls (one per isolated batch).
 * @contended: a lock was found contended under MIGRATE_ASYNC.
 * @order_free: after the pass, a free block of @order (pageblock order,
 *	9, for MIGSIM_COMPACT_ALL) exists on the node, in the buddy allocator's
 *	free lists or in never-touched memory.
 */
struct migsim_compact_result {
	enum migsim_compact_status status;
	uint64_t migrate_scanned;
	uint64_t free_scanned;
	uint64_t migrate_isolated;
	uint64_t free_isolated;
	uint64_t nr_migrated;
	uint64_t nr_putback;
	unsigned int migrate_calls;
	bool contended;
	bool order_free;
};

/**
 * migsim_compact_node() - compact node @nid.
 * @nid: the node.
 * @order: the allocation order compaction works for, 1..10: direct
 *	compaction as the page allocator runs it after an allocation of that
 *	order failed (it first drains the node's per-CPU free lists, as the
 *	model's failed allocation does; compact_stall counts the attempt unless
 *	it was skipped, then compact_success or compact_fail says whether a
 *	block of the order is free); it stops as soon as one is.
 *	MIGSIM_COMPACT_ALL: the whole node, as /proc/sys/vm/compact_memory or
 *	the node's sysfs "compact" (the kernel uses MIGRATE_SYNC there);
 *	no stall/success/fail counting.
 * @mode: MIGSIM_MIGRATE_ASYNC (bails on contention; isolates no folio under
 *	writeback, nor a dirty one it cannot lock), MIGSIM_MIGRATE_SYNC_LIGHT
 *	(the same isolation rules; waits for locks, not for writeback),
 *	MIGSIM_MIGRATE_SYNC.
 * @res: what the pass did; may be NULL.
 *
 * Return: 0 when the pass ran (see @res->status); -ENODEV for a node that
 * does not exist or has no memory; -EINVAL for an order outside -1, 1..10
 * or an unknown mode (nothing changed); -ENOTRECOVERABLE when the run
 * ended in a report, e.g. the VM_BUG_ON(!list_empty(&cc->migratepages)) of
 * compact_zone() that the 6.10-rc1 profile can reach (reference 9 e3).
 *
 * Example::
 *
 *	struct migsim_compact_result r;
 *	if (migsim_compact_node(w, 0, 9, MIGSIM_MIGRATE_ASYNC, &r) == 0 &&
 *	    r.status == MIGSIM_COMPACT_SUCCESS)
 *		migsim_touch(w, pid, thp_addr, 2 << 20, 1);	// gets a THP
 */
MIGSIM_API int migsim_compact_node(struct migsim_world *w, int nid, int order,
				   enum migsim_mode mode, struct migsim_compact_result *res);

/** migsim_compact_status_name() - "success", "complete", ... (kernel trace names). */
MIGSIM_API const char *migsim_compact_status_name(enum migsim_compact_status s);

/**
 * migsim_fragment_node() - fragment a node's memory from task @pid: map
 * @len bytes of private anonymous memory placed on node @nid, write every
 * page, then unmap every other page (the 1st, 3rd, ...), so the freed
 * pages alternate with pages in use.  Uses migsim_mmap(), migsim_touch()
 * and migsim_munmap(); the remaining pages stay mapped at @addr_out + 1
 * page, + 3 pages, ...  Pages the node cannot hold come from other nodes,
 * as the faults fall back.
 * Return: 0; -EINVAL for a @len that is not a positive multiple of two
 * pages; the errors of those calls (-ESRCH, -ENODEV, ...).
 *
 * Example::
 *
 *	uint64_t a;
 *	migsim_fragment_node(w, pid, 0, 4 << 20, &a);	// 512 pages in use, 512 free
 */
MIGSIM_API int migsim_fragment_node(struct migsim_world *w, int pid, int nid, uint64_t len,
				    uint64_t *addr_out);
#ifdef __cplusplus
}
#endif

#endif
