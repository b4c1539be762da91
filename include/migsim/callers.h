/* SPDX-License-Identifier: MIT */
/**
 * DOC: migsim callers API (included by <migsim/migsim.h>)
 *
 * Every path into migration with the kernel's semantics: move_pages(2),
 * mbind(2) and migrate_pages(2), memory offline, demotion and promotion
 * across memory tiers, and compaction.  docs/callers.md describes each
 * caller, the kernel rules it follows and what is approximated.
 *
 * Conventions, in addition to those of <migsim/migsim.h>:
 *  - The system-call shaped functions (migsim_move_pages(), migsim_mbind(),
 *    migsim_sys_migrate_pages()) return what the system call returns: 0, a
 *    positive count of pages not migrated, or a negative errno.  Errors the
 *    kernel detects before doing anything (bad flags, no such task, no
 *    permission) change nothing; errors it detects part way (a bad node in
 *    the middle of a move_pages() array) leave what was already done, as
 *    the kernel does.  A NULL array stands for an unreadable (or
 *    unwritable) user pointer: the kernel's -EFAULT at the point it is used.
 *  - Other functions return 0 or a negative errno; their argument errors
 *    change nothing.
 */
#ifndef MIGSIM_CALLERS_H
#define MIGSIM_CALLERS_H

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* move_pages(2)                                                       */

/* Flags, with the kernel's values (include/uapi/linux/mempolicy.h). */
#define MIGSIM_MPOL_MF_STRICT	(1 << 0)
#define MIGSIM_MPOL_MF_MOVE	(1 << 1)
#define MIGSIM_MPOL_MF_MOVE_ALL	(1 << 2)

/**
 * migsim_move_pages() - move_pages(2) as task @caller_pid calls it.
 * @caller_pid: the calling task (its capability and permissions count).
 * @pid: the task whose pages move; 0 means the caller itself.
 * @count: entries in @pages (and @nodes, @status).
 * @pages: user addresses, one per entry.
 * @nodes: target node per entry, or NULL to only query (do_pages_stat).
 * @status: per entry, the node the page is on afterwards or a negative
 *	errno (-EFAULT, -ENOENT, -EACCES, -EBUSY, ...).
 * @flags: 0, MIGSIM_MPOL_MF_MOVE or MIGSIM_MPOL_MF_MOVE_ALL.
 *
 * The checks run in the kernel's order: flags (-EINVAL), MOVE_ALL without
 * the caller's cap_sys_nice (-EPERM), no task @pid (-ESRCH), no permission
 * (-EPERM: a task may move its own pages; another task's only with
 * cap_sys_nice, the simulator's stand-in for ptrace_may_access()), then per
 * entry a node out of range or without memory (-ENODEV) or outside the
 * target task's allowed nodes (-EACCES), which end the call.  Entries are
 * migrated in per-node batches (the fixed chunks of up to 169 entries under
 * the 4.14 and 4.16 profiles); a failed batch writes no status.
 *
 * Return: 0; the number of folios not migrated plus the entries never
 * attempted; a negative errno as above; -ENOTRECOVERABLE if the run ended.
 *
 * Example::
 *
 *	uint64_t pages[2] = { addr, addr + 4096 };
 *	int nodes[2] = { 1, 1 }, status[2];
 *	long ret = migsim_move_pages(w, pid, 0, 2, pages, nodes, status,
 *				     MIGSIM_MPOL_MF_MOVE);
 *	// ret == 0, status[] == { 1, 1 }
 */
MIGSIM_API long migsim_move_pages(struct migsim_world *w, int caller_pid, int pid,
				  unsigned long count, const uint64_t *pages, const int *nodes,
				  int *status, int flags);

/* ------------------------------------------------------------------ */
/* Memory offline (hot-remove)                                         */

/**
 * struct migsim_offline_result - what one offline_pages() call did.
 * @passes: passes of offline_pages()'s outer loop.
 * @migrate_calls: do_migrate_range() calls.
 * @nr_migrated: base pages migrated away.
 * @nr_isolate_failed: "failed to isolate pfn" messages.
 * @nr_migrate_failed: "migrating pfn ... failed" messages.
 * @reason: why the offline failed ("unmovable page", "failure to isolate
 *	range", "signal backoff", ...), or "" on success.
 */
struct migsim_offline_result {
	unsigned int passes;
	unsigned int migrate_calls;
	unsigned long nr_migrated;
	unsigned long nr_isolate_failed;
	unsigned long nr_migrate_failed;
	const char *reason;
};

/**
 * migsim_offline_pages() - offline_pages() over [@start_pfn, @start_pfn +
 * @nr_pages): isolate the range, migrate every LRU and hugetlb folio in it
 * to other nodes (MR_MEMORY_HOTPLUG), dissolve free hugetlb pages, and take
 * the range out of the node, whose present pages shrink.
 *
 * The range must lie in one node, start on a pageblock (512 pages) and end
 * on a simulated memory section (512 pages) boundary (-EINVAL otherwise,
 * nothing changed).  The kernel's own failures: -EBUSY when an unmovable
 * page (a kernel allocation, see migsim_alloc_kernel_page()) is in the
 * range; -EINTR when the retry loop makes no progress (a pinned page) for
 * a while, as a signal would end it.  After a failure nothing is lost: what
 * migrated stays migrated, the rest stays mapped where it was.
 *
 * Example::
 *
 *	struct migsim_node_info ni;
 *	migsim_node_info(w, 0, &ni);
 *	ret = migsim_offline_pages(w, ni.start_pfn, 512, NULL);
 */
MIGSIM_API int migsim_offline_pages(struct migsim_world *w, uint64_t start_pfn,
				    uint64_t nr_pages, struct migsim_offline_result *res);

/**
 * migsim_alloc_kernel_page() - an unmovable page: an order-0 kernel
 * allocation (not on the LRU, not movable) on node @nid, held until
 * migsim_unpin(@pin_id).  Memory offline cannot move it.
 *
 * Example::
 *
 *	int pin; uint64_t pfn;
 *	migsim_alloc_kernel_page(w, 0, &pin, &pfn);
 *	// migsim_offline_pages() over pfn's section now fails with -EBUSY
 *	migsim_unpin(w, pin);
 */
MIGSIM_API int migsim_alloc_kernel_page(struct migsim_world *w, int nid, int *pin_id,
					uint64_t *pfn);

#ifdef __cplusplus
}
#endif

#endif
