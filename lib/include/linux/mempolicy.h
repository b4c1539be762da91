/* SPDX-License-Identifier: MIT */
/*
 * Kind: mirrors include/uapi/linux/mempolicy.h (the mode and flag values)
 * and include/linux/mempolicy.h (struct mempolicy, vma_migratable()), for
 * the parts mbind(2), migrate_pages(2) and the fault path use.  Changed for
 * the simulator: a VMA keeps its policy by value (struct mempolicy is in
 * mm_types.h; vma_dup_policy() copies it on split and fork), so there is
 * no reference count; shmem has no shared (inode) policy, the VMA's policy
 * stands for it.
 */
#ifndef MIGSIM_LINUX_MEMPOLICY_H
#define MIGSIM_LINUX_MEMPOLICY_H

#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/hugetlb.h>

/* uapi modes */
enum {
	MPOL_DEFAULT,
	MPOL_PREFERRED,
	MPOL_BIND,
	MPOL_INTERLEAVE,
	MPOL_LOCAL,
	MPOL_PREFERRED_MANY,
	MPOL_WEIGHTED_INTERLEAVE,	/* 6.9 */
	MPOL_MAX,
};

/* uapi mode flags, or'ed into the mode */
#define MPOL_F_STATIC_NODES	(1 << 15)
#define MPOL_F_RELATIVE_NODES	(1 << 14)
#define MPOL_F_NUMA_BALANCING	(1 << 13)
#define MPOL_MODE_FLAGS \
	(MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES | MPOL_F_NUMA_BALANCING)

/* internal policy flags */
#define MPOL_F_MOF		(1 << 3)	/* migrate on fault */
#define MPOL_F_MORON		(1 << 4)	/* migrate on protnone reference */

/* mbind() flags (MPOL_MF_STRICT/MOVE/MOVE_ALL are in mm/mm_callers.h) */
#define MPOL_MF_VALID		((1 << 0) | (1 << 1) | (1 << 2))
#define MPOL_MF_INTERNAL	(1 << 4)
#define MPOL_MF_DISCONTIG_OK	(MPOL_MF_INTERNAL << 0)	/* skip the hole checks */
#define MPOL_MF_INVERT		(MPOL_MF_INTERNAL << 1)	/* queue folios NOT in the mask */

#define NO_INTERLEAVE_INDEX	(~(pgoff_t)0)

/* KERNEL: mm/mempolicy.c vma_dup_policy(): @dst gets @src's policy. */
static inline void vma_dup_policy(struct vm_area_struct *dst, const struct vm_area_struct *src)
{
	dst->vm_policy_val = src->vm_policy_val;
	dst->vm_policy = src->vm_policy ? &dst->vm_policy_val : NULL;
}

/* KERNEL: mm/mempolicy.c vma_migratable() (no VM_IO, DAX or policy zones
 * in the simulator). */
static inline bool vma_migratable(struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_PFNMAP)
		return false;
	if ((vma->vm_flags & VM_HUGETLB) &&
	    !hugepage_migration_supported(order_to_hstate(vma->hstate_order)))
		return false;
	return true;
}

/* lib/mm/mempolicy.c */
bool mpol_equal(const struct mempolicy *a, const struct mempolicy *b);
struct folio *vma_alloc_folio(gfp_t gfp, int order, struct vm_area_struct *vma,
			      unsigned long addr);
int huge_node(struct vm_area_struct *vma, unsigned long addr);
bool vma_policy_mof(struct vm_area_struct *vma);
int mpol_misplaced_nid(struct vm_area_struct *vma, int curnid, int thisnid);

#endif
