/* SPDX-License-Identifier: MIT */
/**
 * DOC: migsim memory policies: mbind(2), migrate_pages(2) (included by <migsim/migsim.h>)
 *
 * Memory policies on mappings, as mbind(2) sets them, used by page faults
 * when they allocate; mbind(MPOL_MF_MOVE / MOVE_ALL) moving the misplaced
 * pages; migrate_pages(2) moving a task's pages between node sets.  The
 * kernel rules and what is approximated: docs/callers/mempolicy.md.
 *
 * Nodemasks are arrays of 64-bit words, as the system calls take arrays
 * of unsigned long: bit n of word n / 64 is node n.  @maxnode counts bits
 * as the kernel does, including its off-by-one: maxnode = 65 reads nodes
 * 0..63 of one word, maxnode = 3 reads nodes 0 and 1.  A NULL mask (or
 * maxnode <= 1) is the empty mask.  MIGSIM_MAX_NODES is 64: words past
 * the first must hold zeros (-EINVAL otherwise).
 *
 * The functions return what the system calls return (0, a count, or a
 * negative errno); the conventions of <migsim/callers.h> apply.
 */
#ifndef MIGSIM_MEMPOLICY_H
#define MIGSIM_MEMPOLICY_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Modes, with the kernel's values (include/uapi/linux/mempolicy.h). */
#define MIGSIM_MPOL_DEFAULT		0
#define MIGSIM_MPOL_PREFERRED		1
#define MIGSIM_MPOL_BIND		2
#define MIGSIM_MPOL_INTERLEAVE		3
#define MIGSIM_MPOL_LOCAL		4
#define MIGSIM_MPOL_PREFERRED_MANY	5	/* 5.15 */
#define MIGSIM_MPOL_WEIGHTED_INTERLEAVE	6	/* 6.9; all weights 1 here */

/* Mode flags, or'ed into the mode. */
#define MIGSIM_MPOL_F_STATIC_NODES	(1 << 15)
#define MIGSIM_MPOL_F_RELATIVE_NODES	(1 << 14)
#define MIGSIM_MPOL_F_NUMA_BALANCING	(1 << 13)

/* mbind() flags: MIGSIM_MPOL_MF_STRICT, _MOVE, _MOVE_ALL (<migsim/callers.h>). */

/**
 * migsim_mbind() - mbind(2) as task @caller_pid calls it on its own memory.
 * @caller_pid: the calling task (its mm, cpuset nodes and capability count).
 * @addr: start, page-aligned.
 * @len: length, rounded up to pages.
 * @mode: MIGSIM_MPOL_*, optionally or'ed with MIGSIM_MPOL_F_* flags.
 * @nodemask: the nodes (see the DOC comment), or NULL.
 * @maxnode: bits in @nodemask, plus one (the kernel's convention).
 * @flags: 0 or MIGSIM_MPOL_MF_STRICT, MIGSIM_MPOL_MF_MOVE,
 *	MIGSIM_MPOL_MF_MOVE_ALL.
 *
 * Checks in the kernel's order (kernel_mbind, do_mbind): an unknown mode
 * or conflicting mode flags (-EINVAL), a bad nodemask (-EINVAL), unknown
 * @flags (-EINVAL), MOVE_ALL without cap_sys_nice (-EPERM), unaligned
 * @addr (-EINVAL), wrap-around (-EINVAL), @len 0 (returns 0), a mask the
 * mode does not take (-EINVAL: empty for BIND/INTERLEAVE/PREFERRED_MANY,
 * non-empty for DEFAULT/LOCAL), no node with memory left after the
 * caller's allowed nodes (-EINVAL), a hole in the range (-EFAULT; not for
 * MPOL_DEFAULT, but a range with no mapping at all is always -EFAULT).
 * Then the policy is set on the range (mappings split at @addr and
 * @addr + @len) and, with MOVE/MOVE_ALL, the pages not on the policy's
 * nodes migrate (MR_MEMPOLICY_MBIND) to where the policy places them;
 * pages mapped by more than one process move only with MOVE_ALL.
 * MPOL_MF_STRICT alone fails with -EIO, and sets nothing, if a page is
 * misplaced; with MOVE it fails with -EIO, the policy set, if any
 * misplaced page could not be moved.
 *
 * Return: 0 or a negative errno as above; -ENOTRECOVERABLE if the run ended.
 *
 * Example::
 *
 *	uint64_t nodes = 1ULL << 1;		// node 1
 *	long ret = migsim_mbind(w, pid, addr, len, MIGSIM_MPOL_BIND, &nodes, 65,
 *				MIGSIM_MPOL_MF_MOVE | MIGSIM_MPOL_MF_STRICT);
 *	// ret == 0: every page of the range is on node 1, and later faults
 *	// in it allocate there
 */
MIGSIM_API long migsim_mbind(struct migsim_world *w, int caller_pid, uint64_t addr,
			     uint64_t len, int mode, const uint64_t *nodemask,
			     unsigned long maxnode, unsigned int flags);

/**
 * migsim_sys_migrate_pages() - migrate_pages(2) as task @caller_pid calls it.
 * @caller_pid: the calling task.
 * @pid: the task whose pages move; 0 means the caller.
 * @maxnode: bits in the masks plus one, as for migsim_mbind().
 * @old_nodes: the nodes to move pages from.
 * @new_nodes: the nodes to move them to.
 *
 * Checks in the kernel's order (kernel_migrate_pages): the masks (-EINVAL),
 * no task @pid (-ESRCH), no permission (-EPERM: the caller itself, or a
 * caller with cap_sys_nice), @new_nodes outside the task's allowed nodes
 * without cap_sys_nice (-EPERM), no new node in the caller's allowed
 * nodes (-EINVAL).  Then do_migrate_pages() maps each old node to the new
 * node of the same rank (modulo the new mask's weight), ordering the pairs
 * so that a node is emptied before pages move onto it, and moves every
 * page of the task on each source node (MR_SYSCALL).  Pages shared with
 * another process move only when the caller has cap_sys_nice.
 *
 * Return: the number of pages (folios) not moved, or a negative errno.
 *
 * Example::
 *
 *	uint64_t from = 1ULL << 0, to = 1ULL << 1;
 *	long left = migsim_sys_migrate_pages(w, pid, 0, 65, &from, &to);
 *	// left == 0: all of the task's memory on node 0 is now on node 1
 */
MIGSIM_API long migsim_sys_migrate_pages(struct migsim_world *w, int caller_pid, int pid,
					 unsigned long maxnode, const uint64_t *old_nodes,
					 const uint64_t *new_nodes);

/**
 * migsim_get_vma_policy() - the policy of the mapping at @addr, as
 * get_mempolicy(MPOL_F_ADDR) reports it: the mode (with its mode flags)
 * and nodes, or MIGSIM_MPOL_DEFAULT and 0 when none is set.  A mapping's
 * mmap node is not a policy: it reads as MIGSIM_MPOL_DEFAULT.
 *
 * Return: 0, -EFAULT if @addr is not mapped, -ESRCH for no such task.
 *
 * Example::
 *
 *	int mode; uint64_t nodes;
 *	migsim_get_vma_policy(w, pid, addr, &mode, &nodes);
 */
MIGSIM_API int migsim_get_vma_policy(struct migsim_world *w, int pid, uint64_t addr,
				     int *mode, uint64_t *nodes);

#ifdef __cplusplus
}
#endif

#endif
