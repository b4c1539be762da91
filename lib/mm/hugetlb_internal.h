/* SPDX-License-Identifier: MIT */
/*
 * Kind: changed for testing.  What lib/mm/hugetlb.c shares with the rest of
 * the simulator beyond the kernel-shaped interface of <linux/hugetlb.h>:
 * world teardown and a few read-only helpers the checker and tests use.
 */
#ifndef MIGSIM_MM_HUGETLB_INTERNAL_H
#define MIGSIM_MM_HUGETLB_INTERNAL_H

#include <linux/hugetlb.h>

/* Walk the world's hstates (include/linux/hugetlb.h for_each_hstate()). */
#define for_each_hstate(h)						\
	for (unsigned int __hi = 0;					\
	     __hi < sim_world->nr_hstates && ((h) = sim_world->hstates[__hi], 1); \
	     __hi++)

/* The kernel's hstate_is_gigantic(): larger than the buddy allocator's top
 * order, so never allocated as a temporary (migration target) folio. */
static inline bool hstate_is_gigantic(const struct hstate *h)
{
	return h->order > MAX_PAGE_ORDER;
}

/* persistent_huge_pages() for one node: the pool pages that are not
 * surplus (free or in use; temporary folios are counted too while they
 * exist, as in the kernel). */
static inline unsigned long hugetlb_persistent_pages_node(const struct hstate *h, int nid)
{
	return h->nr_huge_pages_node[nid] - h->surplus_huge_pages_node[nid];
}

/*
 * Free the hstates hugetlb_init_hstates() allocated (world teardown).  Only
 * the struct hstate allocations are released: the folios on the pools' lists
 * live in the memmap, which the world frees wholesale, so the lists are not
 * walked (a world that ended in a BUG may have corrupt lists).  Safe to call
 * when the hstates were never allocated, and twice.
 */
void hugetlb_destroy_hstates(void);

#endif
