// SPDX-License-Identifier: MIT
/*
 * Memory policies on VMAs, the fault path's policy-aware allocation,
 * mbind(2) and migrate_pages(2).
 *
 * KERNEL: mm/mempolicy.c (6.12): get_vma_policy(), interleave_nid(),
 * policy_nodemask(), alloc_pages_mpol(), vma_alloc_folio(), huge_node(),
 * get_nodes(), sanitize_mpol_flags(), mpol_new(), mpol_set_nodemask(),
 * queue_pages_range() with queue_pages_test_walk(), queue_folios_pte_range(),
 * queue_folios_pmd(), queue_folios_hugetlb() and migrate_folio_add(),
 * mbind_range(), alloc_migration_target_by_mpol(), do_mbind(),
 * kernel_mbind(), migrate_to_node(), do_migrate_pages(),
 * kernel_migrate_pages(); lib/bitmap.c bitmap_remap()'s node_remap().
 *
 * The 6.7+ structure (Hugh Dickins' rework: queue_pages_range() returns
 * the number of misplaced folios it could not queue; MPOL_MF_STRICT turns
 * any such failure, or any migration failure, into -EIO) is used for every
 * profile.  Approximations (docs/callers/mempolicy.md):
 *  - a task has no policy of its own (no set_mempolicy()): the fallback is
 *    the system default, local allocation.  migsim_mmap()'s @node acts as
 *    an MPOL_PREFERRED policy for its mapping until mbind() replaces it;
 *  - shmem has no shared (inode) policy: the VMA's policy stands for it,
 *    and its interleave index is the VMA's, not i_ino-based;
 *  - VMAs are split for a policy but never merged back (vma_merge);
 *  - MPOL_WEIGHTED_INTERLEAVE uses weight 1 for every node (no sysfs
 *    weight table), which makes it interleave;
 *  - a hugetlb fault under MPOL_BIND / PREFERRED_MANY asks the pool for one
 *    node (the local node if the mask has it, else the mask's first node)
 *    and may fall back outside the mask.
 */
#include <limits.h>
#include <string.h>
#include <linux/huge_mm.h>
#include <linux/hugetlb.h>
#include <linux/mempolicy.h>
#include <linux/swap.h>
#include "internal.h"
#include "mm_callers.h"

/* ------------------------------------------------------------------ */
/* Nodemask helpers (u64: MAX_NUMNODES is 64)                          */

static int first_node(nodemask_t m)
{
	return m ? __builtin_ctzll(m) : MAX_NUMNODES;
}

static int next_node(int n, nodemask_t m)
{
	if (n + 1 >= MAX_NUMNODES)
		return MAX_NUMNODES;
	m &= ~0ULL << (n + 1);
	return first_node(m);
}

static int nodes_weight(nodemask_t m)
{
	return __builtin_popcountll(m);
}

static bool node_isset(int n, nodemask_t m)
{
	return n >= 0 && n < MAX_NUMNODES && ((m >> n) & 1);
}

/* Position of the @ord'th set bit of @m (lib/bitmap.c bitmap_ord_to_pos). */
static int ord_to_pos(nodemask_t m, int ord)
{
	int n;

	for (n = first_node(m); n < MAX_NUMNODES; n = next_node(n, m))
		if (ord-- == 0)
			return n;
	return MAX_NUMNODES;
}

/* KERNEL: include/linux/nodemask.h node_remap(): @s's rank in @from, taken
 * modulo the weight of @to, names the node of @to. */
static int node_remap(int s, nodemask_t from, nodemask_t to)
{
	int ord = nodes_weight(from & ((1ULL << s) - 1));

	if (!node_isset(s, from) || !to)
		return s;
	return ord_to_pos(to, ord % nodes_weight(to));
}

/* KERNEL: mm/mempolicy.c mpol_relative_nodemask(): fold @orig onto as many
 * bits as @rel has, then map bit i onto @rel's i'th node. */
static nodemask_t relative_nodemask(nodemask_t orig, nodemask_t rel)
{
	int w = nodes_weight(rel), n;
	nodemask_t folded = 0, out = 0;

	if (!w)
		return 0;
	for (n = first_node(orig); n < MAX_NUMNODES; n = next_node(n, orig))
		folded |= 1ULL << (n % w);
	for (n = first_node(folded); n < MAX_NUMNODES; n = next_node(n, folded))
		out |= 1ULL << ord_to_pos(rel, n);
	return out;
}

/* ------------------------------------------------------------------ */
/* Policies and allocation                                             */

/* KERNEL: mm/mempolicy.c __mpol_equal() */
bool mpol_equal(const struct mempolicy *a, const struct mempolicy *b)
{
	if (a == b)
		return true;
	if (!a || !b)
		return false;
	if (a->mode != b->mode || a->flags != b->flags || a->home_node != b->home_node)
		return false;
	if ((a->flags & (MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES)) &&
	    a->user_nodemask != b->user_nodemask)
		return false;
	return a->mode == MPOL_LOCAL || a->nodes == b->nodes;
}

/*
 * KERNEL: mm/mempolicy.c get_vma_policy().  The VMA's policy, or (none set)
 * the mapping's mmap node as MPOL_PREFERRED in @tmp, or the default policy,
 * local allocation.  For interleave, *@ilx is the interleave index of
 * @addr in units of 2^@order pages: the VMA's page offset plus the
 * distance into it.
 */
static struct mempolicy *get_vma_policy(struct vm_area_struct *vma, unsigned long addr,
					int order, pgoff_t *ilx, struct mempolicy *tmp)
{
	struct mempolicy *pol = vma->vm_policy;

	*ilx = 0;
	if (!pol) {
		memset(tmp, 0, sizeof(*tmp));
		tmp->home_node = NUMA_NO_NODE;
		tmp->mode = MPOL_LOCAL;
		if (vma->preferred_nid != NUMA_NO_NODE) {
			tmp->mode = MPOL_PREFERRED;
			tmp->nodes = 1ULL << vma->preferred_nid;
		}
		pol = tmp;
	}
	if (pol->mode == MPOL_INTERLEAVE || pol->mode == MPOL_WEIGHTED_INTERLEAVE) {
		*ilx += vma->vm_pgoff >> order;
		*ilx += (addr - vma->vm_start) >> (PAGE_SHIFT + order);
	}
	return pol;
}

/* KERNEL: mm/mempolicy.c interleave_nid(): the @ilx'th node of the mask,
 * wrapping; weighted interleave with all weights 1 is the same. */
static int interleave_nid(struct mempolicy *pol, pgoff_t ilx)
{
	int nnodes = nodes_weight(pol->nodes), nid, i;

	if (!nnodes)
		return numa_node_id();
	nid = first_node(pol->nodes);
	for (i = 0; i < (int)(ilx % (pgoff_t)nnodes); i++)
		nid = next_node(nid, pol->nodes);
	return nid;
}

/* KERNEL: mm/mempolicy.c policy_nodemask(): the nodemask to filter the
 * allocation with (NULL: any node), and the node to start from in *@nid. */
static nodemask_t *policy_nodemask(struct mempolicy *pol, pgoff_t ilx, int *nid)
{
	switch (pol->mode) {
	case MPOL_PREFERRED:
		*nid = first_node(pol->nodes);
		return NULL;
	case MPOL_PREFERRED_MANY:
	case MPOL_BIND:
		if (pol->home_node != NUMA_NO_NODE)
			*nid = pol->home_node;
		/* cpuset_nodemask_valid_mems_allowed(): the mask meets mems_allowed */
		if (pol->mode == MPOL_BIND && current && !(pol->nodes & current->mems_allowed))
			return NULL;
		return &pol->nodes;
	case MPOL_INTERLEAVE:
	case MPOL_WEIGHTED_INTERLEAVE:
		if (ilx != NO_INTERLEAVE_INDEX)
			*nid = interleave_nid(pol, ilx);
		return NULL;
	default:
		return NULL;
	}
}

/*
 * KERNEL: mm/mempolicy.c alloc_pages_mpol() + folio_alloc_mpol().  BIND
 * walks the zonelist of @nid filtered by the mask (nearest allowed node
 * first, no fallback outside it); PREFERRED and INTERLEAVE start at their
 * node and fall back; PREFERRED_MANY tries the mask, then anywhere; a PMD
 * THP under a non-interleave policy that allows @nid tries @nid alone first.
 */
static struct folio *folio_alloc_mpol(gfp_t gfp, unsigned int order, struct mempolicy *pol,
				      pgoff_t ilx, int nid)
{
	nodemask_t *nodemask = policy_nodemask(pol, ilx, &nid);
	struct folio *folio;

	if (pol->mode == MPOL_PREFERRED_MANY) {
		folio = __folio_alloc((gfp | __GFP_NOWARN) & ~(__GFP_DIRECT_RECLAIM | __GFP_NOFAIL),
				      order, nid, nodemask);
		return folio ? folio : __folio_alloc(gfp, order, nid, NULL);
	}
	if (order == HPAGE_PMD_ORDER && ilx != NO_INTERLEAVE_INDEX &&
	    pol->mode != MPOL_INTERLEAVE && pol->mode != MPOL_WEIGHTED_INTERLEAVE &&
	    (!nodemask || node_isset(nid, *nodemask))) {
		folio = __folio_alloc(gfp | __GFP_THISNODE | __GFP_NORETRY, order, nid, NULL);
		if (folio || !(gfp & __GFP_DIRECT_RECLAIM))
			return folio;
	}
	return __folio_alloc(gfp, order, nid, nodemask);
}

/* KERNEL: mm/mempolicy.c vma_alloc_folio(): a folio for @addr in @vma, where
 * the VMA's policy says. */
struct folio *vma_alloc_folio(gfp_t gfp, int order, struct vm_area_struct *vma,
			      unsigned long addr)
{
	struct mempolicy tmp, *pol;
	pgoff_t ilx;

	pol = get_vma_policy(vma, addr, order, &ilx, &tmp);
	return folio_alloc_mpol(gfp, order, pol, ilx, numa_node_id());
}

/*
 * KERNEL: mm/mempolicy.c vma_policy_mof().  Does NUMA balancing scan @vma
 * (task_numa_work() skips it otherwise)?  A mapping with no mbind() policy
 * follows the default policy, which migrates on fault; one with an mbind()
 * policy does only with MPOL_F_NUMA_BALANCING (MPOL_F_MOF).
 */
bool vma_policy_mof(struct vm_area_struct *vma)
{
	return !vma->vm_policy || (vma->vm_policy->flags & MPOL_F_MOF);
}

/*
 * KERNEL: mm/mempolicy.c mpol_misplaced() for a hinting fault from a CPU on
 * @thisnid on a folio on @curnid: the node to migrate to, or NUMA_NO_NODE.
 * Only mbind() policies are judged here; a mapping without one keeps
 * @thisnid (the default policy: MPOL_F_MORON, toward the faulting CPU).
 * MPOL_F_MOF comes only with MPOL_F_NUMA_BALANCING in the model, which also
 * sets MPOL_F_MORON: the target is the CPU's node if the mask allows it.
 */
int mpol_misplaced_nid(struct vm_area_struct *vma, int curnid, int thisnid)
{
	const struct mempolicy *pol = vma->vm_policy;

	if (!pol)
		return curnid == thisnid ? NUMA_NO_NODE : thisnid;
	if (!(pol->flags & MPOL_F_MOF))
		return NUMA_NO_NODE;
	if ((pol->flags & MPOL_F_MORON) && !((pol->nodes >> thisnid) & 1))
		return NUMA_NO_NODE;
	return curnid == thisnid ? NUMA_NO_NODE : thisnid;
}

/*
 * KERNEL: mm/mempolicy.c huge_node(): the node a hugetlb fault at @addr
 * asks the pool for.  The pool call here takes one node, not a mask, so a
 * mask policy names one node of it (see the header).
 */
int huge_node(struct vm_area_struct *vma, unsigned long addr)
{
	struct mempolicy tmp, *pol;
	nodemask_t *mask;
	pgoff_t ilx;
	int nid = numa_node_id();

	pol = get_vma_policy(vma, addr, vma->hstate_order, &ilx, &tmp);
	mask = policy_nodemask(pol, ilx, &nid);
	if (mask && !node_isset(nid, *mask))
		nid = first_node(*mask);
	return nid;
}

/* ------------------------------------------------------------------ */
/* Arguments                                                           */

/*
 * KERNEL: mm/mempolicy.c get_nodes() + get_bitmap().  @nmask is the user's
 * array of 64-bit words; bits [maxnode - 1, ...) are ignored (the kernel's
 * historical off-by-one); bits beyond MAX_NUMNODES must be zero.  NULL or
 * maxnode 1 give the empty mask.
 */
static int get_nodes(nodemask_t *nodes, const u64 *nmask, unsigned long maxnode)
{
	--maxnode;
	*nodes = 0;
	if (maxnode == 0 || !nmask)
		return 0;
	if (maxnode > PAGE_SIZE * 8)
		return sim_error(sim_world, -EINVAL, "maxnode %lu is more than %lu bits",
				 maxnode + 1, PAGE_SIZE * 8);
	/* The words past MAX_NUMNODES, from the last one down. */
	while (maxnode > MAX_NUMNODES) {
		unsigned long bits = min(maxnode, 64UL);
		u64 t = nmask[(maxnode - 1) / 64];

		if (bits % 64)
			t &= (1ULL << (bits % 64)) - 1;
		if (maxnode - bits >= MAX_NUMNODES)
			maxnode -= bits;
		else
			maxnode = MAX_NUMNODES;	/* MAX_NUMNODES % 64 == 0: all of t */
		if (t)
			return sim_error(sim_world, -EINVAL, "nodemask names nodes beyond "
					 "MAX_NUMNODES (%d)", MAX_NUMNODES);
	}
	*nodes = nmask[0];
	if (maxnode % 64)
		*nodes &= (1ULL << (maxnode % 64)) - 1;
	return 0;
}

/* The number of modes this kernel knows: MPOL_PREFERRED_MANY came in 5.15,
 * MPOL_WEIGHTED_INTERLEAVE in 6.9. */
static unsigned int mpol_max(void)
{
	if (kprofile->version >= KV(6, 9))
		return MPOL_MAX;
	if (kprofile->version >= KV(5, 15))
		return MPOL_WEIGHTED_INTERLEAVE;
	return MPOL_PREFERRED_MANY;
}

/* KERNEL: mm/mempolicy.c sanitize_mpol_flags() */
static int sanitize_mpol_flags(int *mode, unsigned short *flags)
{
	*flags = *mode & MPOL_MODE_FLAGS;
	*mode &= ~MPOL_MODE_FLAGS;
	if ((unsigned int)*mode >= mpol_max())
		return sim_error(sim_world, -EINVAL, "mbind: mode %d is not a policy this kernel "
				 "knows (modes 0..%u)", *mode, mpol_max() - 1);
	if ((*flags & MPOL_F_STATIC_NODES) && (*flags & MPOL_F_RELATIVE_NODES))
		return sim_error(sim_world, -EINVAL, "mbind: MPOL_F_STATIC_NODES and "
				 "MPOL_F_RELATIVE_NODES together");
	/* The flag came in 5.12 (bda420b98505), with MPOL_BIND only;
	 * MPOL_PREFERRED_MANY joined in 6.10. */
	if ((*flags & MPOL_F_NUMA_BALANCING) && kprofile->version < KV(5, 12))
		return sim_error(sim_world, -EINVAL, "mbind: MPOL_F_NUMA_BALANCING does not "
				 "exist before 5.12");
	if (*flags & MPOL_F_NUMA_BALANCING) {
		bool many = *mode == MPOL_PREFERRED_MANY && kprofile->version >= KV(6, 10);

		if (*mode != MPOL_BIND && !many)
			return sim_error(sim_world, -EINVAL, "mbind: MPOL_F_NUMA_BALANCING needs "
					 "MPOL_BIND%s", kprofile->version >= KV(6, 10) ?
					 " or MPOL_PREFERRED_MANY" : " (before 6.10)");
		*flags |= MPOL_F_MOF | MPOL_F_MORON;
	}
	return 0;
}

/* KERNEL: mm/mempolicy.c mpol_new(): 0 with *@out pointing at @buf (NULL
 * for MPOL_DEFAULT), or -EINVAL for a mask the mode does not accept. */
static int mpol_new(unsigned short mode, unsigned short flags, nodemask_t nodes,
		    struct mempolicy *buf, struct mempolicy **out)
{
	struct mempolicy *pol = buf;

	*out = NULL;
	if (mode == MPOL_DEFAULT) {
		if (nodes)
			return sim_error(sim_world, -EINVAL, "mbind: MPOL_DEFAULT takes an empty "
					 "nodemask");
		return 0;
	}
	if (mode == MPOL_PREFERRED) {
		if (!nodes) {
			if (flags & (MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES))
				return sim_error(sim_world, -EINVAL, "mbind: MPOL_PREFERRED with an "
						 "empty nodemask takes no STATIC/RELATIVE flag");
			mode = MPOL_LOCAL;
		}
	} else if (mode == MPOL_LOCAL) {
		if (nodes || (flags & (MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES)))
			return sim_error(sim_world, -EINVAL, "mbind: MPOL_LOCAL takes an empty "
					 "nodemask and no STATIC/RELATIVE flag");
	} else if (!nodes) {
		return sim_error(sim_world, -EINVAL, "mbind: mode %u needs a non-empty nodemask",
				 mode);
	}
	memset(pol, 0, sizeof(*pol));
	pol->mode = mode;
	pol->flags = flags;
	pol->home_node = NUMA_NO_NODE;
	*out = pol;
	return 0;
}

/* KERNEL: mm/mempolicy.c mpol_set_nodemask() with the modes' create():
 * the user's nodes meet the caller's mems_allowed and N_MEMORY. */
static int mpol_set_nodemask(struct mempolicy *pol, nodemask_t nodes)
{
	nodemask_t allowed, mask;

	if (!pol || pol->mode == MPOL_LOCAL)
		return 0;
	allowed = current->mems_allowed & sim_world->node_memory_mask;
	if (pol->flags & MPOL_F_RELATIVE_NODES)
		mask = relative_nodemask(nodes, allowed);
	else
		mask = nodes & allowed;
	if (pol->flags & (MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES))
		pol->user_nodemask = nodes;
	else
		pol->cpuset_mems_allowed = current->mems_allowed;
	if (!mask)
		return sim_error(sim_world, -EINVAL, "mbind: nodemask %#llx has no node with "
				 "memory that task %d may use (mems_allowed %#llx)",
				 (unsigned long long)nodes, current->pid,
				 (unsigned long long)current->mems_allowed);
	pol->nodes = pol->mode == MPOL_PREFERRED ? 1ULL << first_node(mask) : mask;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The page walk: queue_pages_range()                                  */

struct queue_pages {
	struct list_head *pagelist;
	unsigned long flags;
	nodemask_t nmask;
	unsigned long start, end;
	struct vm_area_struct *first;
	struct folio *large;		/* the last large folio met */
	long nr_failed;			/* misplaced, could not be queued */
};

/* STRICT without MOVE: fail at the first misplaced folio. */
static bool strictly_unmovable(unsigned long flags)
{
	return (flags & (MPOL_MF_STRICT | MPOL_MF_MOVE | MPOL_MF_MOVE_ALL)) == MPOL_MF_STRICT;
}

/* KERNEL: mm/mempolicy.c queue_folio_required(): on a node of the mask (or,
 * with MPOL_MF_INVERT, off it). */
static bool queue_folio_required(struct folio *folio, struct queue_pages *qp)
{
	return node_isset(folio_nid(folio), qp->nmask) == !(qp->flags & MPOL_MF_INVERT);
}

/* The shared test: 6.9's folio_estimated_sharers() == 1 is the head page's
 * map count; from 6.10 folio_likely_mapped_shared(). */
static bool mpol_folio_shared(struct folio *folio)
{
	int mapcount;

	if (!kprofile->shared_test_page_mapcount)
		return folio_likely_mapped_shared(folio);
	mapcount = folio_test_hugetlb(folio) ? 0 : ((struct page *)folio)->_mapcount;
	if (folio_test_large(folio))
		mapcount += folio_entire_mapcount(folio);
	return mapcount != 1;
}

/* KERNEL: mm/mempolicy.c migrate_folio_add().  A shared folio without
 * MOVE_ALL is left alone and that is not a failure. */
static bool migrate_folio_add(struct folio *folio, struct list_head *foliolist,
			      unsigned long flags)
{
	if ((flags & MPOL_MF_MOVE_ALL) || !mpol_folio_shared(folio)) {
		if (!folio_isolate_lru(folio))
			return false;
		list_add_tail(&folio->lru, foliolist);
		node_stat_mod_folio(folio, folio_is_file_lru(folio) ? NR_ISOLATED_FILE :
				    NR_ISOLATED_ANON, folio_nr_pages(folio));
	}
	return true;
}

/* The common tail of the three entry functions: a misplaced folio that
 * cannot be queued. */
static void queue_one(struct queue_pages *qp, struct vm_area_struct *vma, struct folio *folio)
{
	if (!(qp->flags & (MPOL_MF_MOVE | MPOL_MF_MOVE_ALL)) || !vma_migratable(vma) ||
	    !migrate_folio_add(folio, qp->pagelist, qp->flags))
		qp->nr_failed++;
}

/* KERNEL: mm/mempolicy.c queue_folios_pmd(): a PMD-mapped THP. */
static void queue_folios_pmd(pmd_t *pmd, struct vm_area_struct *vma, struct queue_pages *qp)
{
	struct folio *folio;

	if (is_pmd_migration_entry(*pmd)) {
		qp->nr_failed++;
		return;
	}
	folio = page_folio(pfn_to_page(pmd_pfn(*pmd)));
	if (!queue_folio_required(folio, qp))
		return;
	queue_one(qp, vma, folio);
}

/*
 * KERNEL: mm/mempolicy.c queue_folios_pte_range() for the PMD covering
 * [addr, end): 0, or -EIO when STRICT alone met a misplaced folio.  The
 * zero page, empty entries and swap entries are skipped; a migration entry
 * counts as a failure; a large folio counts once per run of its PTEs.
 */
static int queue_folios_pte_range(pmd_t *pmd, unsigned long addr, unsigned long end,
				  struct vm_area_struct *vma, struct queue_pages *qp)
{
	struct mm_struct *mm = vma->vm_mm;
	pte_t *pte;

	spin_lock(&mm->page_table_lock);
	if (pmd_leaf(*pmd) || is_pmd_migration_entry(*pmd)) {
		queue_folios_pmd(pmd, vma, qp);
		goto out;
	}
	for (pte = pte_offset_map(pmd, addr); pte && addr != end; pte++, addr += PAGE_SIZE) {
		struct folio *folio;

		if (pte_none(*pte))
			continue;
		if (!pte_present(*pte)) {
			if (is_migration_entry(pte_to_swp_entry(*pte)))
				qp->nr_failed++;
			continue;
		}
		folio = vm_normal_folio_pte(*pte);	/* NULL for the zero page */
		if (!folio || PageReserved((struct page *)folio))
			continue;
		if (!queue_folio_required(folio, qp))
			continue;
		if (folio_test_large(folio)) {
			if (folio == qp->large)
				continue;
			qp->large = folio;
		}
		queue_one(qp, vma, folio);
		if (qp->nr_failed && strictly_unmovable(qp->flags))
			break;
	}
out:
	spin_unlock(&mm->page_table_lock);
	cond_resched();
	return qp->nr_failed && strictly_unmovable(qp->flags) ? -EIO : 0;
}

/* KERNEL: mm/mempolicy.c queue_folios_hugetlb() for the huge page mapped by
 * @leaf.  No hugetlb PMD sharing in the simulator. */
static int queue_folios_hugetlb(u64 *leaf, struct vm_area_struct *vma, struct queue_pages *qp)
{
	struct mm_struct *mm = vma->vm_mm;
	struct folio *folio;

	spin_lock(&mm->page_table_lock);
	if (!pte_present(*leaf)) {
		if (is_pmd_migration_entry(*leaf))
			qp->nr_failed++;
		goto unlock;
	}
	folio = page_folio(pfn_to_page(pte_pfn(*leaf)));
	if (!queue_folio_required(folio, qp))
		goto unlock;
	if (!(qp->flags & (MPOL_MF_MOVE | MPOL_MF_MOVE_ALL)) || !vma_migratable(vma)) {
		qp->nr_failed++;
		goto unlock;
	}
	if ((qp->flags & MPOL_MF_MOVE_ALL) || !mpol_folio_shared(folio))
		if (!isolate_hugetlb(folio, qp->pagelist))
			qp->nr_failed++;
unlock:
	spin_unlock(&mm->page_table_lock);
	return qp->nr_failed && strictly_unmovable(qp->flags) ? -EIO : 0;
}

/* KERNEL: mm/mempolicy.c queue_pages_test_walk(): -EFAULT for a hole (unless
 * DISCONTIG_OK), 1 to skip the VMA, 0 to scan it. */
static int queue_pages_test_walk(struct vm_area_struct *vma, struct vm_area_struct *next,
				 struct queue_pages *qp)
{
	unsigned long flags = qp->flags;

	if (!qp->first) {
		qp->first = vma;
		if (!(flags & MPOL_MF_DISCONTIG_OK) && qp->start < vma->vm_start) {
			sim_error(sim_world, -EFAULT, "mbind: %#lx-%#lx is not mapped",
				  qp->start, vma->vm_start - 1);
			return -EFAULT;
		}
	}
	if (!(flags & MPOL_MF_DISCONTIG_OK) && vma->vm_end < qp->end &&
	    (!next || vma->vm_end < next->vm_start)) {
		sim_error(sim_world, -EFAULT, "mbind: %#lx-%#lx is not mapped", vma->vm_end,
			  (next && next->vm_start < qp->end ? next->vm_start : qp->end) - 1);
		return -EFAULT;
	}
	if (!vma_migratable(vma) && !(flags & MPOL_MF_STRICT))
		return 1;
	if (flags & (MPOL_MF_STRICT | MPOL_MF_MOVE | MPOL_MF_MOVE_ALL))
		return 0;
	return 1;
}

/* walk_page_range()'s part for one VMA: hugetlb entries or PMDs. */
static int queue_pages_vma(struct vm_area_struct *vma, unsigned long start,
			   unsigned long end, struct queue_pages *qp)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long addr, next;
	int err = 0;

	if (vma->vm_flags & VM_HUGETLB) {
		unsigned long hsz = PAGE_SIZE << vma->hstate_order;

		for (addr = start; addr < end && !err; addr = next) {
			u64 *leaf = vma->hstate_order >= HPAGE_PUD_ORDER ?
				mm_find_pud(mm, addr) : mm_find_pmd(mm, addr);

			next = min((addr & ~(hsz - 1)) + hsz, end);
			if (leaf && !pmd_none(*leaf))
				err = queue_folios_hugetlb(leaf, vma, qp);
		}
		return err;
	}
	for (addr = start; addr < end && !err; addr = next) {
		pmd_t *pmd = mm_find_pmd(mm, addr);

		next = min((addr & PMD_MASK) + PMD_SIZE, end);
		if (pmd && !pmd_none(*pmd))
			err = queue_folios_pte_range(pmd, addr, next, vma, qp);
	}
	return err;
}

/*
 * KERNEL: mm/mempolicy.c queue_pages_range(): walk [start, end), queue the
 * folios to move on @pagelist.  Returns the number of misplaced folios that
 * could not be queued, -EIO (STRICT alone met one), or -EFAULT (a hole
 * without DISCONTIG_OK, or no VMA in the range at all).
 */
static long queue_pages_range(struct mm_struct *mm, unsigned long start, unsigned long end,
			      nodemask_t nodes, unsigned long flags, struct list_head *pagelist)
{
	struct queue_pages qp = {
		.pagelist = pagelist, .flags = flags, .nmask = nodes,
		.start = start, .end = end,
	};
	unsigned int i;
	int err = 0;

	for (i = 0; i < mm->nr_vmas && !err; i++) {
		struct vm_area_struct *vma = mm->vmas[i];
		struct vm_area_struct *next = i + 1 < mm->nr_vmas ? mm->vmas[i + 1] : NULL;

		if (vma->vm_end <= start)
			continue;
		if (vma->vm_start >= end)
			break;
		err = queue_pages_test_walk(vma, next, &qp);
		if (err > 0) {
			err = 0;
			continue;
		}
		if (!err)
			err = queue_pages_vma(vma, max(start, vma->vm_start), min(end, vma->vm_end),
					      &qp);
	}
	if (!qp.first) {
		sim_error(sim_world, -EFAULT, "mbind: no mapping in %#lx-%#lx", start, end - 1);
		err = -EFAULT;
	}
	return err ? err : qp.nr_failed;
}

/* ------------------------------------------------------------------ */
/* mbind(2)                                                            */

/*
 * KERNEL: mm/mempolicy.c mbind_range() + vma_modify_policy() +
 * vma_replace_policy(): split the VMA to [start, end) and give the part
 * @new.  A hugetlb VMA splits only at a huge page boundary
 * (hugetlb_vm_op_split: -EINVAL).  The mmap node is dropped: the policy
 * replaces it.
 */
static int mbind_range(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, const struct mempolicy *new)
{
	unsigned long hmask = (PAGE_SIZE << vma->hstate_order) - 1;

	if (vma->preferred_nid == NUMA_NO_NODE && mpol_equal(vma->vm_policy, new))
		return 0;
	if (vma->vm_flags & VM_HUGETLB) {
		if ((start > vma->vm_start && (start & hmask)) ||
		    (end < vma->vm_end && (end & hmask)))
			return sim_error(sim_world, -EINVAL, "mbind: %#lx-%#lx splits a hugetlb "
					 "page", start, end);
	}
	if (start > vma->vm_start) {
		vma = vma_split(mm, vma, start);
		if (!vma)
			return -ENOMEM;
	}
	if (end < vma->vm_end && !vma_split(mm, vma, end))
		return -ENOMEM;
	/* vma_replace_policy() */
	if (new)
		vma->vm_policy_val = *new;
	vma->vm_policy = new ? &vma->vm_policy_val : NULL;
	vma->preferred_nid = NUMA_NO_NODE;
	return 0;
}

struct migration_mpol {		/* for alloc_migration_target_by_mpol() */
	struct mempolicy *pol;
	pgoff_t ilx;
};

/*
 * KERNEL: mm/mempolicy.c alloc_migration_target_by_mpol(): the target as
 * the new policy places it; the interleave index follows the source's
 * page index.  Hugetlb goes to the pool (with fallback, MR_MEMPOLICY_MBIND).
 */
static struct folio *alloc_migration_target_by_mpol(struct folio *src, unsigned long private)
{
	struct migration_mpol *mmpol = (struct migration_mpol *)private;
	struct mempolicy *pol = mmpol->pol;
	unsigned int order = folio_order(src);
	pgoff_t ilx = mmpol->ilx + (src->index >> order);
	int nid = numa_node_id();

	if (folio_test_hugetlb(src)) {
		nodemask_t *nodemask = policy_nodemask(pol, ilx, &nid);

		return alloc_hugetlb_folio_nodemask(folio_hstate(src), nid, nodemask,
						    GFP_HIGHUSER_MOVABLE,
						    htlb_allow_alloc_fallback(MR_MEMPOLICY_MBIND));
	}
	return folio_alloc_mpol(folio_test_large(src) ? GFP_TRANSHUGE :
				GFP_HIGHUSER_MOVABLE | __GFP_RETRY_MAYFAIL | __GFP_COMP,
				order, pol, ilx, nid);
}

/*
 * KERNEL: mm/mempolicy.c do_mbind().  The order of the checks, then: set
 * the policy's nodes, queue the misplaced folios (MPOL_MF_INVERT: those
 * off the user's mask), apply the policy VMA by VMA (not when the walk
 * failed), migrate with MR_MEMPOLICY_MBIND; any folio not queued or not
 * migrated makes STRICT return -EIO.
 */
static long do_mbind(unsigned long start, unsigned long len, unsigned short mode,
		     unsigned short mode_flags, nodemask_t nmask, unsigned long flags)
{
	struct mm_struct *mm = current->mm;
	struct mempolicy newbuf, *new, dflt = { .mode = MPOL_LOCAL, .home_node = NUMA_NO_NODE };
	struct migration_mpol mmpol = { 0 };
	unsigned long end;
	long err, nr_failed;
	unsigned int i;
	LIST_HEAD(pagelist);

	SIM_FRAME();
	if (flags & ~(unsigned long)MPOL_MF_VALID)
		return sim_error(sim_world, -EINVAL, "mbind: unknown flags %#lx",
				 flags & ~(unsigned long)MPOL_MF_VALID);
	if ((flags & MPOL_MF_MOVE_ALL) && !current->cap_sys_nice)
		return sim_error(sim_world, -EPERM, "mbind: MPOL_MF_MOVE_ALL needs CAP_SYS_NICE "
				 "(task %d has not)", current->pid);
	if (start & ~PAGE_MASK)
		return sim_error(sim_world, -EINVAL, "mbind: start %#lx is not page-aligned",
				 start);
	if (mode == MPOL_DEFAULT)
		flags &= ~MPOL_MF_STRICT;
	len = (len + PAGE_SIZE - 1) & PAGE_MASK;
	end = start + len;
	if (end < start)
		return sim_error(sim_world, -EINVAL, "mbind: %#lx + %#lx wraps around", start,
				 len);
	if (end == start)
		return 0;
	err = mpol_new(mode, mode_flags, nmask, &newbuf, &new);
	if (err)
		return err;
	if (!new)
		flags |= MPOL_MF_DISCONTIG_OK;	/* the default policy: holes are fine */
	if (flags & (MPOL_MF_MOVE | MPOL_MF_MOVE_ALL))
		lru_cache_disable();
	down_write(&mm->mmap_lock);
	err = mpol_set_nodemask(new, nmask);
	if (err) {
		up_write(&mm->mmap_lock);
		goto out;
	}
	/* Misplaced means off the user's mask as given (not the policy's nodes:
	 * PREFERRED {0,1} keeps node 0 but leaves pages on node 1 alone).
	 * With MPOL_DEFAULT or LOCAL it is empty: every folio is misplaced. */
	nr_failed = queue_pages_range(mm, start, end, nmask, flags | MPOL_MF_INVERT, &pagelist);
	if (nr_failed < 0) {
		err = nr_failed;
		nr_failed = 0;
	} else {
		for (i = 0; i < mm->nr_vmas; i++) {
			struct vm_area_struct *vma = mm->vmas[i];

			if (vma->vm_end <= start)
				continue;
			if (vma->vm_start >= end)
				break;
			err = mbind_range(mm, vma, max(start, vma->vm_start), min(end, vma->vm_end),
					  new);
			if (err)
				break;
			/* A split put the tail after @vma: the loop meets it next. */
		}
	}
	/* MPOL_DEFAULT's NULL becomes the task's policy: the default, local.
	 * The interleave base index is 0 here: every simulated mapping's
	 * folio->index is its VMA's vm_pgoff plus the page offset, which is
	 * what get_vma_policy() counts from. */
	mmpol.pol = new ? new : &dflt;
	up_write(&mm->mmap_lock);

	if (!err && !list_empty(&pagelist))
		nr_failed |= migrate_pages(&pagelist, alloc_migration_target_by_mpol, NULL,
					   (unsigned long)&mmpol, MIGRATE_SYNC, MR_MEMPOLICY_MBIND,
					   NULL);
	if (nr_failed && (flags & MPOL_MF_STRICT))
		err = sim_error(sim_world, -EIO, "mbind: MPOL_MF_STRICT and some misplaced "
				"folio could not be moved");
	if (!list_empty(&pagelist))
		putback_movable_pages(&pagelist);
out:
	if (flags & (MPOL_MF_MOVE | MPOL_MF_MOVE_ALL))
		lru_cache_enable();
	return err;
}

/* KERNEL: mm/mempolicy.c kernel_mbind() */
long kernel_mbind(unsigned long start, unsigned long len, unsigned long mode,
		  const u64 *nmask, unsigned long maxnode, unsigned int flags)
{
	unsigned short mode_flags;
	nodemask_t nodes;
	int lmode = (int)mode;
	int err;

	err = sanitize_mpol_flags(&lmode, &mode_flags);
	if (err)
		return err;
	err = get_nodes(&nodes, nmask, maxnode);
	if (err)
		return err;
	return do_mbind(start, len, lmode, mode_flags, nodes, flags);
}

/* The policy of the VMA at @addr, as get_mempolicy(MPOL_F_ADDR) reports it
 * (without the task fallback: MPOL_DEFAULT when the VMA has none). */
long kernel_get_vma_mempolicy(unsigned long addr, int *mode, u64 *nodes)
{
	struct vm_area_struct *vma = vma_lookup(current->mm, addr);
	struct mempolicy *pol;

	if (!vma)
		return sim_error(sim_world, -EFAULT, "get_mempolicy: %#lx is not mapped", addr);
	pol = vma->vm_policy;
	*mode = pol ? pol->mode | (pol->flags & MPOL_MODE_FLAGS) : MPOL_DEFAULT;
	*nodes = !pol || pol->mode == MPOL_LOCAL ? 0 :
		(pol->flags & (MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES)) ?
		pol->user_nodemask : pol->nodes;
	return 0;
}

/* ------------------------------------------------------------------ */
/* migrate_pages(2)                                                    */

/*
 * KERNEL: mm/mempolicy.c migrate_to_node(): every folio of @mm on @source
 * to @dest (MR_SYSCALL, MIGRATE_SYNC, __GFP_THISNODE).  Returns the folios
 * not moved (not queued plus not migrated), or a negative error.
 */
static long migrate_to_node(struct mm_struct *mm, int source, int dest, int flags)
{
	struct migration_target_control mtc = {
		.nid = dest,
		.gfp_mask = GFP_HIGHUSER_MOVABLE | __GFP_THISNODE,
		.reason = MR_SYSCALL,
	};
	long nr_failed, err = 0;
	LIST_HEAD(pagelist);

	SIM_FRAME();
	if (!mm->nr_vmas)
		return 0;
	down_read(&mm->mmap_lock);
	nr_failed = queue_pages_range(mm, mm->vmas[0]->vm_start, TASK_SIZE, 1ULL << source,
				      flags | MPOL_MF_DISCONTIG_OK, &pagelist);
	up_read(&mm->mmap_lock);
	if (!list_empty(&pagelist)) {
		err = migrate_pages(&pagelist, alloc_migration_target, NULL, (unsigned long)&mtc,
				    MIGRATE_SYNC, MR_SYSCALL, NULL);
		if (err)
			putback_movable_pages(&pagelist);
	}
	sim_story("migrate_pages: node %d -> %d: %ld folio(s) not queued, migrate_pages() "
		  "gave %ld", source, dest, nr_failed, err);
	if (err >= 0)
		err += nr_failed;
	return err;
}

/*
 * KERNEL: mm/mempolicy.c do_migrate_pages().  Pick <source, dest> pairs so
 * that, where possible, a node is emptied before anything moves onto it
 * (so no page moves twice): scan the remaining sources, remember the last
 * pair that moves (s != d), and stop at one whose dest is not itself still
 * a source.  When the masks differ in weight, sources that are also
 * destinations stay.  Returns the folios not moved (capped at INT_MAX) or
 * the first negative error.
 */
static long do_migrate_pages(struct mm_struct *mm, nodemask_t from, nodemask_t to, int flags)
{
	long nr_failed = 0, err = 0;
	nodemask_t tmp = from;

	SIM_FRAME();
	lru_cache_disable();
	while (tmp) {
		int source = NUMA_NO_NODE, dest = 0, s;

		for (s = first_node(tmp); s < MAX_NUMNODES; s = next_node(s, tmp)) {
			int d;

			if (nodes_weight(from) != nodes_weight(to) && node_isset(s, to))
				continue;
			d = node_remap(s, from, to);
			if (s == d)
				continue;
			source = s;
			dest = d;
			if (!node_isset(dest, tmp))
				break;
		}
		if (source == NUMA_NO_NODE)
			break;
		tmp &= ~(1ULL << source);
		err = migrate_to_node(mm, source, dest, flags);
		if (err > 0)
			nr_failed += err;
		if (err < 0)
			break;
	}
	lru_cache_enable();
	if (err < 0)
		return err;
	return nr_failed < INT_MAX ? nr_failed : INT_MAX;
}

/*
 * KERNEL: mm/mempolicy.c kernel_migrate_pages().  Checks in order: the two
 * masks (get_nodes), the task (-ESRCH), ptrace_may_access (-EPERM: the
 * caller itself or cap_sys_nice, as for move_pages), new nodes outside the
 * task's mems_allowed without CAP_SYS_NICE (-EPERM), new nodes that leave
 * nothing inside the caller's mems_allowed (-EINVAL), no mm (-EINVAL).
 */
long kernel_migrate_pages(int pid, unsigned long maxnode, const u64 *old_nodes,
			  const u64 *new_nodes)
{
	struct task_struct *task;
	nodemask_t old, new;
	int err;

	SIM_FRAME();
	err = get_nodes(&old, old_nodes, maxnode);
	if (err)
		return err;
	err = get_nodes(&new, new_nodes, maxnode);
	if (err)
		return err;
	task = pid ? find_task_by_vpid(pid) : current;
	if (!task)
		return sim_error(sim_world, -ESRCH, "migrate_pages: no task with pid %d", pid);
	if (task != current && !current->cap_sys_nice)
		return sim_error(sim_world, -EPERM, "migrate_pages: task %d may not access task "
				 "%d (ptrace_may_access: neither itself nor cap_sys_nice)",
				 current->pid, pid);
	if ((new & ~task->mems_allowed) && !current->cap_sys_nice)
		return sim_error(sim_world, -EPERM, "migrate_pages: new nodes %#llx are not all "
				 "in task %d's mems_allowed %#llx, and no CAP_SYS_NICE",
				 (unsigned long long)new, task->pid,
				 (unsigned long long)task->mems_allowed);
	new &= current->mems_allowed;
	if (!new)
		return sim_error(sim_world, -EINVAL, "migrate_pages: no new node is in the "
				 "caller's mems_allowed %#llx",
				 (unsigned long long)current->mems_allowed);
	if (!task->mm)
		return sim_error(sim_world, -EINVAL, "migrate_pages: task %d has no mm", pid);
	return do_migrate_pages(task->mm, old, new,
				current->cap_sys_nice ? MPOL_MF_MOVE_ALL : MPOL_MF_MOVE);
}
