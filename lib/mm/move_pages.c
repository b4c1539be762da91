// SPDX-License-Identifier: MIT
/*
 * move_pages(2).
 *
 * KERNEL: mm/migrate.c kernel_move_pages(), find_mm_struct(),
 * do_pages_move(), add_folio_for_migration(), move_pages_and_store_status(),
 * do_move_pages_to_node(), store_status(), do_pages_stat() (6.12, with 6.11's
 * follow_page(FOLL_DUMP) lookup and mm/gup.c no_page_table()), and the
 * pre-4.17 fixed-chunk do_move_page_to_node_array() with new_page_node()
 * (4.14, 4.16).
 *
 * Written from reference section 6.1 and 9 b1-b3.  The user-memory side:
 * a NULL array is an unreadable (or unwritable) user pointer and faults
 * where the kernel would touch it.  Approximations (docs/callers.md):
 *  - ptrace_may_access() is "the caller itself, or a caller with
 *    cap_sys_nice"; security_task_movememory() always allows;
 *  - the 4.17 to 5.6 details that no profile switch covers (add_page_for_
 *    migration() returning 0 for a page already on the node, no count of
 *    entries not attempted) follow 6.12;
 *  - in the fixed-chunk path a folio that migrate_pages() could not move
 *    gets -EAGAIN in its status: the model's migrate_pages() does not hand
 *    back the last per-folio error that 4.16's unmap_and_move() wrote
 *    through its result pointer (-EAGAIN for the common extra-reference
 *    case).
 */
#include <string.h>
#include <linux/huge_mm.h>
#include <linux/hugetlb.h>
#include <linux/mempolicy.h>
#include <linux/swap.h>
#include "internal.h"
#include "mm_callers.h"

#define DO_PAGES_STAT_CHUNK_NR	16UL

/* struct page_to_node is 24 bytes on 64-bit: one page of them, less the
 * end marker. */
#define PAGE_TO_NODE_CHUNK_NR	(PAGE_SIZE / 24 - 1)

/* ---- the lookup ---- */

enum walk_kind {
	WALK_NONE,		/* no page table entry */
	WALK_NONPRESENT,	/* a swap or migration entry in a PTE */
	WALK_PMD_NONPRESENT,	/* a migration entry in a PMD (or hugetlb leaf) */
	WALK_ZERO,		/* the shared zero page */
	WALK_FOLIO,
};

/* KERNEL: mm/pagewalk.c folio_walk_start(FW_ZEROPAGE), reduced to what
 * move_pages needs: the folio and the page mapped at @addr. */
static struct folio *folio_walk(struct vm_area_struct *vma, unsigned long addr,
				struct page **pagep, enum walk_kind *kind)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long pfn;
	u64 *leaf;
	pte_t *pte;

	*kind = WALK_NONE;
	if (vma->vm_flags & VM_HUGETLB) {
		leaf = vma->hstate_order >= HPAGE_PUD_ORDER ? mm_find_pud(mm, addr) :
			mm_find_pmd(mm, addr);
		if (!leaf || pmd_none(*leaf))
			return NULL;
		if (!pte_present(*leaf)) {
			*kind = WALK_PMD_NONPRESENT;
			return NULL;
		}
		pfn = pte_pfn(*leaf) + ((addr & ((PAGE_SIZE << vma->hstate_order) - 1)) >>
					PAGE_SHIFT);
		goto found;
	}
	leaf = mm_find_pmd(mm, addr);
	if (!leaf || pmd_none(*leaf))
		return NULL;
	if (pmd_leaf(*leaf)) {
		pfn = pmd_pfn(*leaf) + ((addr & ~PMD_MASK) >> PAGE_SHIFT);
		goto found;
	}
	if (!pmd_table(*leaf)) {
		*kind = WALK_PMD_NONPRESENT;	/* a PMD migration entry */
		return NULL;
	}
	pte = pte_offset_map(leaf, addr);
	if (!pte || pte_none(*pte))
		return NULL;
	if (!pte_present(*pte)) {
		*kind = WALK_NONPRESENT;
		return NULL;
	}
	if (pte_special(*pte)) {
		*kind = WALK_ZERO;
		*pagep = sim_world->zero_page;
		return (struct folio *)sim_world->zero_page;
	}
	pfn = pte_pfn(*pte);
found:
	*kind = WALK_FOLIO;
	*pagep = pfn_to_page(pfn);
	return page_folio(*pagep);
}

/*
 * KERNEL: mm/gup.c no_page_table() with FOLL_DUMP (up to 6.11): what
 * follow_page() says when it found no page.  An anonymous VMA (no fault
 * handler) gives -EFAULT, shmem -ENOENT.  Hugetlb: from 6.5 ("mm/hugetlb:
 * handle FOLL_DUMP well in follow_page_mask()", Peter Xu) -EFAULT unless
 * the page cache holds the huge page (hugetlbfs_pagecache_present(); a
 * private mapping's pages never are); before, -ENOENT (hugetlbfs has a
 * fault handler).
 */
static int no_page_table(struct vm_area_struct *vma, unsigned long addr)
{
	if (vma->vm_flags & VM_HUGETLB) {
		unsigned long haddr = addr & ~((PAGE_SIZE << vma->hstate_order) - 1);

		if (kprofile->version < KV(6, 5))
			return -ENOENT;
		if (vma->vm_file && filemap_get_folio(vma->vm_file, linear_page_index(vma, haddr)))
			return -ENOENT;
		return -EFAULT;
	}
	return vma->vm_file ? -ENOENT : -EFAULT;
}

/*
 * The lookup's verdict on an address, before the node and sharing tests:
 * 0 with the folio and page, or the status error.
 *
 * 6.12 (folio_walk_start(FW_ZEROPAGE); "mm/migrate: convert
 * add_page_for_migration() from follow_page() to folio_walk", David
 * Hildenbrand): the zero page is -EFAULT (is_zero_folio()); nothing mapped
 * (no entry, a swap or a migration entry, at any level, any VMA) is
 * -ENOENT.
 *
 * Up to 6.11 (follow_page(FOLL_GET | FOLL_DUMP)): the zero page is -EFAULT
 * (FOLL_DUMP on a special PTE); a non-present PTE is -ENOENT; no page
 * table entry, or a non-present PMD (follow_pmd_mask() sends both to
 * no_page_table()), is -EFAULT in an anonymous VMA and -ENOENT in shmem;
 * hugetlb as no_page_table() says.
 */
static int lookup_page(struct vm_area_struct *vma, unsigned long addr, struct folio **foliop,
		       struct page **pagep)
{
	enum walk_kind kind;
	struct folio *folio = folio_walk(vma, addr, pagep, &kind);

	if (kind == WALK_FOLIO) {
		*foliop = folio;
		return 0;
	}
	if (kind == WALK_ZERO)
		return -EFAULT;
	if (kprofile->move_pages_zero_enoent)
		return -ENOENT;
	if (vma->vm_flags & VM_HUGETLB)
		return no_page_table(vma, addr);
	if (kind == WALK_NONPRESENT)
		return -ENOENT;
	return no_page_table(vma, addr);
}

/*
 * The "mapped shared" test.  Up to 6.9: page_mapcount(page) > 1 of the very
 * subpage (its PTE mappings plus the folio's PMD mappings; a hugetlb head's
 * own word is its page type).  6.11+: folio_likely_mapped_shared().
 */
static bool mapped_shared(struct folio *folio, struct page *page)
{
	int mapcount = 0;

	if (!kprofile->shared_test_page_mapcount)
		return folio_likely_mapped_shared(folio);
	if (!(folio_test_hugetlb(folio) && page == (struct page *)folio))
		mapcount = page->_mapcount;
	if (folio_test_large(folio))
		mapcount += folio_entire_mapcount(folio);
	return mapcount > 1;
}

static void isolated_add(struct folio *folio, long nr)
{
	node_stat_mod_folio(folio, folio_is_file_lru(folio) ? NR_ISOLATED_FILE : NR_ISOLATED_ANON,
			    nr);
}

/*
 * KERNEL: mm/migrate.c add_folio_for_migration() (6.12; 6.11 is the same
 * with follow_page).  1: queued on @pagelist; 0: already on @node; else the
 * status error.
 */
static int add_folio_for_migration(struct mm_struct *mm, unsigned long addr, int node,
				   struct list_head *pagelist, bool migrate_all)
{
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	struct folio *folio;
	struct page *page;
	int err;

	if (!vma || !vma_migratable(vma))
		return -EFAULT;
	err = lookup_page(vma, addr, &folio, &page);
	if (err)
		return err;
	if (folio_nid(folio) == node)
		return 0;
	if (mapped_shared(folio, page) && !migrate_all)
		return -EACCES;
	if (folio_test_hugetlb(folio)) {
		if (kprofile->move_pages_hugetlb_tail_eacces) {
			/* 4.17 and before: only a head address isolates, and
			 * the isolation's result is not looked at. */
			if (page != (struct page *)folio)
				return -EACCES;
			isolate_hugetlb(folio, pagelist);
			return 1;
		}
		return isolate_hugetlb(folio, pagelist) ? 1 : -EBUSY;
	}
	if (!folio_isolate_lru(folio))
		return -EBUSY;
	list_add_tail(&folio->lru, pagelist);
	isolated_add(folio, folio_nr_pages(folio));
	return 1;
}

/* KERNEL: mm/migrate.c store_status(); a NULL @status faults. */
static int store_status(int *status, unsigned long start, int value, unsigned long nr)
{
	while (nr-- > 0) {
		if (!status)
			return -EFAULT;
		status[start++] = value;
	}
	return 0;
}

/* KERNEL: mm/migrate.c do_move_pages_to_node() */
static int do_move_pages_to_node(struct list_head *pagelist, int node)
{
	struct migration_target_control mtc = {
		.nid = node,
		.gfp_mask = GFP_HIGHUSER_MOVABLE | __GFP_THISNODE,
		.reason = MR_SYSCALL,
	};
	int err;

	err = migrate_pages(pagelist, alloc_migration_target, NULL, (unsigned long)&mtc,
			    MIGRATE_SYNC, MR_SYSCALL, NULL);
	if (err)
		putback_movable_pages(pagelist);
	return err;
}

/*
 * KERNEL: mm/migrate.c move_pages_and_store_status().  A failed batch
 * stores no status; its positive result also counts the entries from @i on,
 * which were never attempted.
 */
static int move_pages_and_store_status(int node, struct list_head *pagelist, int *status,
				       unsigned long start, unsigned long i,
				       unsigned long nr_pages)
{
	int err;

	if (list_empty(pagelist))
		return 0;
	err = do_move_pages_to_node(pagelist, node);
	if (err) {
		sim_story("move_pages: the batch for node %d (entries %lu..%lu) failed with %d; "
			  "no status is stored for it", node, start, i - 1, err);
		if (err > 0)
			err += (int)(nr_pages - i);
		return err;
	}
	return store_status(status, start, node, i - start);
}

/* KERNEL: mm/migrate.c do_pages_move() (4.17 and later: per-node batches) */
static int do_pages_move(struct mm_struct *mm, nodemask_t task_nodes, unsigned long nr_pages,
			 const u64 *pages, const int *nodes, int *status, int flags)
{
	int current_node = NUMA_NO_NODE;
	unsigned long start = 0, i;
	int err = 0, err1;
	LIST_HEAD(pagelist);

	SIM_FRAME();
	lru_cache_disable();
	for (i = 0; i < nr_pages; i++) {
		unsigned long addr;
		int node;

		err = -EFAULT;
		if (!pages)			/* get_user() faults */
			goto out_flush;
		addr = pages[i];
		node = nodes[i];
		err = -ENODEV;
		if (node < 0 || node >= MAX_NUMNODES)
			goto out_flush;
		if (!node_state_memory(node))
			goto out_flush;
		err = -EACCES;
		if (!((task_nodes >> node) & 1))
			goto out_flush;

		if (current_node == NUMA_NO_NODE) {
			current_node = node;
			start = i;
		} else if (node != current_node) {
			err = move_pages_and_store_status(current_node, &pagelist, status, start, i,
							  nr_pages);
			if (err)
				goto out;
			start = i;
			current_node = node;
		}

		/* Lookup and isolation errors are not fatal: they go to status. */
		err = add_folio_for_migration(mm, addr, current_node, &pagelist,
					      flags & MPOL_MF_MOVE_ALL);
		if (err > 0)
			continue;		/* queued */
		if (err == -EEXIST)
			err = -EFAULT;		/* historic, kept */
		err = store_status(status, i, err ? err : current_node, 1);
		if (err)
			goto out_flush;
		err = move_pages_and_store_status(current_node, &pagelist, status, start, i,
						  nr_pages);
		if (err) {
			/* Entry i has its status already. */
			if (err > 0)
				err--;
			goto out;
		}
		current_node = NUMA_NO_NODE;
	}
out_flush:
	/* Do not overwrite an error already found. */
	err1 = move_pages_and_store_status(current_node, &pagelist, status, start, i, nr_pages);
	if (err >= 0)
		err = err1;
out:
	lru_cache_enable();
	return err;
}

/* ---- 4.14 .. 4.16: fixed chunks (do_move_page_to_node_array) ---- */

struct page_to_node {
	unsigned long addr;
	struct folio *page;	/* what new_page_node() looks up */
	int node;
	int status;
	bool on_list;		/* this entry isolated the folio */
};

struct chunk {
	struct page_to_node pm[PAGE_TO_NODE_CHUNK_NR];
	unsigned long nr;
};

/* KERNEL: mm/migrate.c new_page_node() (4.16): the first entry whose page is
 * @src says which node to allocate on; that entry receives the result. */
static struct folio *new_page_node(struct folio *src, unsigned long private)
{
	struct chunk *c = (struct chunk *)private;
	struct page_to_node *pm = NULL;
	unsigned long j;

	for (j = 0; j < c->nr; j++)
		if (c->pm[j].page == src) {
			pm = &c->pm[j];
			break;
		}
	if (!pm)
		return NULL;
	if (folio_test_hugetlb(src))
		return alloc_hugetlb_folio_nodemask(folio_hstate(src), pm->node, NULL,
						    GFP_HIGHUSER_MOVABLE | __GFP_THISNODE, true);
	if (thp_migration_supported() && folio_test_pmd_mappable(src))
		return __folio_alloc((GFP_TRANSHUGE | __GFP_THISNODE) & ~__GFP_RECLAIM,
				     HPAGE_PMD_ORDER, pm->node, NULL);
	return __folio_alloc(GFP_HIGHUSER_MOVABLE | __GFP_THISNODE, 0, pm->node, NULL);
}

/* FOLL_SPLIT (before 4.17, when THP migration is unsupported): split a THP
 * at lookup, so the page is a base page of its own.  Splitting fails
 * silently, as the old follow_page() went on with the THP. */
static void foll_split(struct folio *folio)
{
	if (!folio_test_large(folio) || folio_test_hugetlb(folio) || thp_migration_supported())
		return;
	folio_get(folio);
	folio_lock(folio);
	split_huge_page((struct page *)folio);
	folio_unlock(folio);
	folio_put(folio);
}

static void move_page_lookup(struct mm_struct *mm, struct page_to_node *pp,
			     struct list_head *pagelist, bool migrate_all)
{
	struct vm_area_struct *vma = vma_lookup(mm, pp->addr);
	struct folio *folio;
	struct page *page;
	int err;

	err = -EFAULT;
	if (!vma || !vma_migratable(vma))
		goto set_status;
	err = lookup_page(vma, pp->addr, &folio, &page);
	if (err)
		goto set_status;
	if (folio_test_large(folio) && !folio_test_hugetlb(folio) && !thp_migration_supported()) {
		foll_split(folio);
		err = lookup_page(vma, pp->addr, &folio, &page);
		if (err)
			goto set_status;
	}
	err = folio_nid(folio);
	if (err == pp->node)
		goto set_status;
	err = -EACCES;
	if (mapped_shared(folio, page) && !migrate_all)
		goto set_status;
	if (folio_test_hugetlb(folio)) {
		if (page == (struct page *)folio) {
			pp->on_list = isolate_hugetlb(folio, pagelist);
			err = 0;
			pp->page = folio;
		}
		goto set_status;
	}
	pp->page = folio;
	err = -EBUSY;
	if (folio_isolate_lru(folio)) {
		err = 0;
		pp->on_list = true;
		list_add_tail(&folio->lru, pagelist);
		isolated_add(folio, folio_nr_pages(folio));
	}
set_status:
	pp->status = err;
}

static bool folio_on_list(struct folio *folio, struct list_head *list)
{
	struct folio *f;

	list_for_each_entry(f, list, lru)
		if (f == folio)
			return true;
	return false;
}

/* KERNEL: mm/migrate.c do_move_page_to_node_array() (4.16) */
static int do_move_page_to_node_array(struct mm_struct *mm, struct chunk *c, bool migrate_all)
{
	unsigned long j;
	int err = 0;
	LIST_HEAD(pagelist);

	SIM_FRAME();
	for (j = 0; j < c->nr; j++)
		move_page_lookup(mm, &c->pm[j], &pagelist, migrate_all);
	if (list_empty(&pagelist))
		return 0;
	err = migrate_pages(&pagelist, new_page_node, NULL, (unsigned long)c, MIGRATE_SYNC,
			    MR_SYSCALL, NULL);
	if (err < 0) {
		putback_movable_pages(&pagelist);
		return err;
	}
	/* unmap_and_move()'s *result, written through the pointer that
	 * new_page_node() took from the first entry naming the folio: the new
	 * node, or the error. */
	for (j = 0; j < c->nr; j++) {
		struct page_to_node *pp = &c->pm[j];
		unsigned long k = 0;

		if (!pp->on_list)
			continue;
		while (c->pm[k].page != pp->page)
			k++;
		c->pm[k].status = folio_on_list(pp->page, &pagelist) ? -EAGAIN : pp->node;
	}
	if (err)
		putback_movable_pages(&pagelist);
	return err;
}

/* KERNEL: mm/migrate.c do_pages_move() (4.16 and before: fixed chunks; a
 * chunk whose migration failed with -ENOMEM stores nothing, failures
 * otherwise show only in status, and the call returns 0). */
static int do_pages_move_chunked(struct mm_struct *mm, nodemask_t task_nodes,
				 unsigned long nr_pages, const u64 *pages, const int *nodes,
				 int *status, int flags)
{
	struct chunk *c = sim_zalloc(sizeof(*c));
	unsigned long chunk_start, j;
	int err = -ENOMEM;

	SIM_FRAME();
	if (!c)
		return err;
	lru_add_drain_all();		/* migrate_prep() */
	for (chunk_start = 0; chunk_start < nr_pages; chunk_start += PAGE_TO_NODE_CHUNK_NR) {
		c->nr = min(PAGE_TO_NODE_CHUNK_NR, nr_pages - chunk_start);
		for (j = 0; j < c->nr; j++) {
			int node;

			err = -EFAULT;
			if (!pages || !nodes)
				goto out_pm;
			c->pm[j] = (struct page_to_node){ .addr = pages[j + chunk_start] };
			node = nodes[j + chunk_start];
			err = -ENODEV;
			if (node < 0 || node >= MAX_NUMNODES || !node_state_memory(node))
				goto out_pm;
			err = -EACCES;
			if (!((task_nodes >> node) & 1))
				goto out_pm;
			c->pm[j].node = node;
		}
		err = do_move_page_to_node_array(mm, c, flags & MPOL_MF_MOVE_ALL);
		if (err < 0)
			goto out_pm;
		for (j = 0; j < c->nr; j++) {
			if (!status) {
				err = -EFAULT;
				goto out_pm;
			}
			status[j + chunk_start] = c->pm[j].status;
		}
	}
	err = 0;
out_pm:
	sim_free(c, sizeof(*c));
	return err;
}

/* ---- query ---- */

/* KERNEL: mm/migrate.c do_pages_stat_array() */
static void do_pages_stat_array(struct mm_struct *mm, unsigned long nr_pages,
				const u64 *pages, int *status)
{
	unsigned long i;

	for (i = 0; i < nr_pages; i++) {
		struct vm_area_struct *vma = vma_lookup(mm, pages[i]);
		struct folio *folio;
		struct page *page;
		int err = -EFAULT;

		if (vma) {
			err = lookup_page(vma, pages[i], &folio, &page);
			if (!err)
				err = folio_nid(folio);
		}
		status[i] = err;
	}
}

/* KERNEL: mm/migrate.c do_pages_stat(): chunks of 16; a copy fault stops. */
static int do_pages_stat(struct mm_struct *mm, unsigned long nr_pages, const u64 *pages,
			 int *status)
{
	int chunk_status[DO_PAGES_STAT_CHUNK_NR];

	while (nr_pages) {
		unsigned long chunk_nr = min(nr_pages, DO_PAGES_STAT_CHUNK_NR);

		if (!pages)
			break;
		do_pages_stat_array(mm, chunk_nr, pages, chunk_status);
		if (!status)
			break;
		memcpy(status, chunk_status, chunk_nr * sizeof(*status));
		pages += chunk_nr;
		status += chunk_nr;
		nr_pages -= chunk_nr;
	}
	return nr_pages ? -EFAULT : 0;
}

/* ---- the system call ---- */

/* KERNEL: kernel/pid.c find_get_task_by_vpid() (also for migrate_pages(2)) */
struct task_struct *find_task_by_vpid(int pid)
{
	struct task_struct *t;

	list_for_each_entry(t, &sim_world->tasks, tasks)
		if (t->pid == pid)
			return t;
	return NULL;
}

/*
 * KERNEL: mm/migrate.c find_mm_struct().  ptrace_may_access(
 * PTRACE_MODE_READ_REALCREDS) is modelled as: the caller itself, or a
 * caller with cap_sys_nice.
 */
static struct mm_struct *find_mm_struct(struct task_struct *caller, int pid,
					nodemask_t *mem_nodes, int *errp)
{
	struct task_struct *task;

	if (!pid) {
		*mem_nodes = caller->mems_allowed;
		return caller->mm;
	}
	task = find_task_by_vpid(pid);
	if (!task) {
		*errp = sim_error(sim_world, -ESRCH, "move_pages: no task with pid %d", pid);
		return NULL;
	}
	if (task != caller && !caller->cap_sys_nice) {
		*errp = sim_error(sim_world, -EPERM, "move_pages: task %d may not access task "
				  "%d (ptrace_may_access: neither itself nor cap_sys_nice)",
				  caller->pid, pid);
		return NULL;
	}
	*mem_nodes = task->mems_allowed;
	if (!task->mm) {
		*errp = sim_error(sim_world, -EINVAL, "move_pages: task %d has no mm", pid);
		return NULL;
	}
	return task->mm;
}

/* KERNEL: mm/migrate.c kernel_move_pages() */
long kernel_move_pages(struct move_pages_args *a)
{
	struct mm_struct *mm;
	nodemask_t task_nodes = 0;
	int err = 0;

	SIM_FRAME();
	/* Check flags */
	if (a->flags & ~(MPOL_MF_MOVE | MPOL_MF_MOVE_ALL))
		return sim_error(sim_world, -EINVAL, "move_pages: unknown flags %#x",
				 a->flags & ~(MPOL_MF_MOVE | MPOL_MF_MOVE_ALL));
	if ((a->flags & MPOL_MF_MOVE_ALL) && !a->caller->cap_sys_nice)
		return sim_error(sim_world, -EPERM, "move_pages: MPOL_MF_MOVE_ALL needs "
				 "CAP_SYS_NICE (task %d has not)", a->caller->pid);
	mm = find_mm_struct(a->caller, a->pid, &task_nodes, &err);
	if (!mm)
		return err;
	if (a->nodes && kprofile->move_pages_fixed_chunk)
		return do_pages_move_chunked(mm, task_nodes, a->nr_pages, a->pages, a->nodes,
					     a->status, a->flags);
	if (a->nodes)
		return do_pages_move(mm, task_nodes, a->nr_pages, a->pages, a->nodes, a->status,
				     a->flags);
	return do_pages_stat(mm, a->nr_pages, a->pages, a->status);
}
