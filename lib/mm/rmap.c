// SPDX-License-Identifier: MIT
/*
 * Reverse mapping: anon_vma and shared-object rmap walks, map counts, and
 * the migration entries of try_to_migrate() / remove_migration_ptes().
 *
 * KERNEL: mm/rmap.c (folio_add_*_rmap_*, __folio_remove_rmap,
 * try_to_migrate_one, rmap_walk_anon/rmap_walk_file, folio_get_anon_vma),
 * mm/migrate.c remove_migration_pte(), mm/page_vma_mapped.c.
 *
 * Map counts are counts of mappings here (the kernel stores count - 1).
 * Anonymous VMAs each have an anon_vma; fork() attaches the child's VMA to
 * the parent's anon_vma (one level: no anon_vma chains), which is all the
 * rmap walk needs for COW-shared pages.
 */
#include <string.h>
#include <linux/rmap.h>
#include <linux/huge_mm.h>
#include <linux/hugetlb.h>
#include <linux/swap.h>
#include <trace/events/migrate.h>
#include "internal.h"
#include "sched.h"

/* ---------------------------------------------------------------- */
/* anon_vma                                                          */

struct anon_vma *anon_vma_alloc(void)
{
	struct world *w = sim_world;
	struct anon_vma *av = sim_zalloc(sizeof(*av));

	if (!av)
		return NULL;
	if (w->nr_anon_vmas == w->cap_anon_vmas) {
		size_t cap = w->cap_anon_vmas ? w->cap_anon_vmas * 2 : 16;
		struct anon_vma **n = sim_realloc(w->anon_vmas, w->cap_anon_vmas * sizeof(*n),
						  cap * sizeof(*n));

		if (!n) {
			sim_free(av, sizeof(*av));
			return NULL;
		}
		w->anon_vmas = n;
		w->cap_anon_vmas = cap;
	}
	w->anon_vmas[w->nr_anon_vmas++] = av;
	av->root = av;
	av->refcount = 1;
	init_rwsem_named(&av->rwsem, "anon_vma->rwsem");
	av->id = ++w->next_obj_id;
	INIT_LIST_HEAD(&av->vmas);
	return av;
}

/* put_anon_vma()'s VM_BUG_ON(anon_vma->refcount <= 0), out of line (the
 * count is inline in <linux/rmap.h>): the same report, from put_anon_vma. */
void put_anon_vma_underflow(struct anon_vma *anon_vma)
{
	sim_raise(SIM_BUG, "put_anon_vma", __FILE__, __LINE__, NULL,
		  "kernel BUG: VM_BUG_ON(%s)", "anon_vma->refcount <= 0");
}

void anon_vma_free_all(void)
{
	struct world *w = sim_world;
	size_t i;

	for (i = 0; i < w->nr_anon_vmas; i++)
		sim_free(w->anon_vmas[i], sizeof(struct anon_vma));
	sim_free(w->anon_vmas, w->cap_anon_vmas * sizeof(*w->anon_vmas));
	w->anon_vmas = NULL;
	w->nr_anon_vmas = w->cap_anon_vmas = 0;
}

/* KERNEL: mm/rmap.c anon_vma_chain_link(), and vma_interval_tree_insert()
 * for a shared object: a VMA joins the rmap under the lock's write side. */
void anon_vma_link_vma(struct vm_area_struct *vma)
{
	anon_vma_lock_write(vma->anon_vma);
	list_add_tail(&vma->anon_vma_node, &vma->anon_vma->vmas);
	anon_vma_unlock_write(vma->anon_vma);
}

void i_mmap_link_vma(struct vm_area_struct *vma)
{
	down_write(&vma->vm_file->i_mmap_rwsem);
	list_add_tail(&vma->shared_node, &vma->vm_file->i_mmap);
	up_write(&vma->vm_file->i_mmap_rwsem);
}

/* KERNEL: mm/rmap.c unlink_anon_vmas(): under the anon_vma lock, so no
 * rmap walk can be looking at the VMA when it goes away. */
void unlink_anon_vma(struct vm_area_struct *vma)
{
	struct anon_vma *av = vma->anon_vma;

	if (!av)
		return;
	anon_vma_lock_write(av);
	list_del(&vma->anon_vma_node);
	anon_vma_unlock_write(av);
	put_anon_vma(vma->anon_vma);
	vma->anon_vma = NULL;
}

/* A rwsem taken for write by the splitter; with a single task running,
 * finding it held would never end. */
void anon_vma_lock_write(struct anon_vma *anon_vma)
{
	down_write(&anon_vma->root->rwsem);
}

void anon_vma_unlock_write(struct anon_vma *anon_vma)
{
	up_write(&anon_vma->root->rwsem);
}

/* ---------------------------------------------------------------- */
/* map counts                                                        */

static __always_inline void note_tail(struct folio *folio, struct page *page)
{
	if ((struct page *)folio + 2 < page)
		folio_set_sim_tails_written(folio);
}

static __always_inline void mod_mapped(struct folio *folio, long nr)
{
	if (!nr)
		return;
	if (folio_test_anon(folio))
		node_stat_mod_folio(folio, NR_ANON_MAPPED, nr);
}

/* PTE mappings of @nr pages from @page: returns how many became mapped. */
static __always_inline int add_rmap_ptes(struct folio *folio, struct page *page, int nr)
{
	int i, first = 0;

	for (i = 0; i < nr; i++) {
		struct page *p = i == 0 ? page : pfn_to_page(page_to_pfn(page) + i);

		if (p->_mapcount++ == 0)
			first++;
		if (folio_test_large(folio))
			note_tail(folio, p);
	}
	if (folio_test_large(folio)) {
		folio->_large_mapcount += nr;
		folio->_nr_pages_mapped += first;
		if (folio->_nr_pages_mapped >= ENTIRELY_MAPPED)
			first = 0;	/* already counted by the PMD mapping */
	}
	return first;
}

void folio_add_new_anon_rmap(struct folio *folio, struct vm_area_struct *vma,
			     unsigned long address, int flags)
{
	long nr = folio_nr_pages(folio);
	bool exclusive = flags & RMAP_EXCLUSIVE;

	folio->mapping = (struct address_space *)((unsigned long)vma->anon_vma |
						  PAGE_MAPPING_ANON);
	folio->index = linear_page_index(vma, address);
	__folio_set_swapbacked(folio);
	if (!folio_test_large(folio)) {
		folio->_mapcount = 1;
		if (exclusive)
			SetPageAnonExclusive((struct page *)folio);
	} else if (!folio_test_pmd_mappable(folio)) {
		long i;

		for (i = 0; i < nr; i++) {
			struct page *p = folio_page(folio, i);

			p->_mapcount = 1;
			if (exclusive)
				SetPageAnonExclusive(p);
		}
		if (nr > 3)
			folio_set_sim_tails_written(folio);
		folio->_large_mapcount = (int)nr;
		folio->_nr_pages_mapped = (int)nr;
	} else {
		folio->_entire_mapcount = 1;
		folio->_large_mapcount = 1;
		folio->_nr_pages_mapped = ENTIRELY_MAPPED;
		if (exclusive)
			SetPageAnonExclusive((struct page *)folio);
		node_stat_mod_folio(folio, NR_ANON_THPS, nr);
	}
	mod_mapped(folio, nr);
}

/*
 * Always inline, and still the exported function: remove_migration_pte()
 * maps one page at a time, and with nr a constant 1 the loops and the
 * large-folio arithmetic fold away.
 */
__always_inline void folio_add_anon_rmap_ptes(struct folio *folio, struct page *page, int nr,
					      struct vm_area_struct *vma, unsigned long address,
					      int flags)
{
	int i;

	mod_mapped(folio, add_rmap_ptes(folio, page, nr));
	if (flags & RMAP_EXCLUSIVE)
		for (i = 0; i < nr; i++)
			SetPageAnonExclusive(i < 1 ? page : pfn_to_page(page_to_pfn(page) + i));
}

void folio_add_file_rmap_ptes(struct folio *folio, struct page *page, int nr,
			      struct vm_area_struct *vma)
{
	add_rmap_ptes(folio, page, nr);
}

static long add_rmap_pmd(struct folio *folio)
{
	long nr = 0;

	folio->_large_mapcount++;
	if (folio->_entire_mapcount++ == 0) {
		int mapped = folio->_nr_pages_mapped;

		folio->_nr_pages_mapped += ENTIRELY_MAPPED;
		nr = folio_nr_pages(folio) - (mapped & FOLIO_PAGES_MAPPED);
		if (folio_test_anon(folio))
			node_stat_mod_folio(folio, NR_ANON_THPS, folio_nr_pages(folio));
	}
	return nr;
}

void folio_add_anon_rmap_pmd(struct folio *folio, struct vm_area_struct *vma, int flags)
{
	mod_mapped(folio, add_rmap_pmd(folio));
	if (flags & RMAP_EXCLUSIVE)
		SetPageAnonExclusive((struct page *)folio);
}

void folio_add_file_rmap_pmd(struct folio *folio, struct vm_area_struct *vma)
{
	add_rmap_pmd(folio);
}

void folio_add_hugetlb_rmap(struct folio *folio, struct vm_area_struct *vma, int flags)
{
	folio->_entire_mapcount++;
	folio->_large_mapcount++;
	if (flags & RMAP_EXCLUSIVE)
		SetPageAnonExclusive((struct page *)folio);
}

void folio_remove_hugetlb_rmap(struct folio *folio, struct vm_area_struct *vma)
{
	VM_BUG_ON_FOLIO(folio->_entire_mapcount <= 0, folio);
	folio->_entire_mapcount--;
	folio->_large_mapcount--;
}

/*
 * KERNEL: mm/rmap.c __folio_remove_rmap().  An anonymous large folio that is
 * still mapped after losing some of its pages is queued for deferred split
 * as partially mapped.
 */
static __always_inline void remove_rmap_done(struct folio *folio, long unmapped,
					     bool partially_mapped)
{
	mod_mapped(folio, -unmapped);
	if (partially_mapped && folio_test_anon(folio) && folio_test_large(folio) &&
	    !folio_test_partially_mapped(folio))
		deferred_split_folio(folio, true);
}

/* Always inline, and still the exported function: try_to_migrate_one()
 * unmaps one page at a time (nr a constant 1). */
__always_inline void folio_remove_rmap_ptes(struct folio *folio, struct page *page, int nr,
					    struct vm_area_struct *vma)
{
	int i, last = 0;

	for (i = 0; i < nr; i++) {
		struct page *p = i == 0 ? page : pfn_to_page(page_to_pfn(page) + i);

		VM_BUG_ON_PAGE(p->_mapcount <= 0, p);
		if (--p->_mapcount == 0)
			last++;
	}
	if (!folio_test_large(folio)) {
		remove_rmap_done(folio, last, false);
		return;
	}
	VM_BUG_ON_FOLIO(folio->_large_mapcount < nr, folio);
	folio->_large_mapcount -= nr;
	folio->_nr_pages_mapped -= last;
	if (folio->_nr_pages_mapped >= ENTIRELY_MAPPED)
		last = 0;
	remove_rmap_done(folio, last, last && folio->_nr_pages_mapped > 0);
}

static void remove_rmap_pmd(struct folio *folio)
{
	long nr = 0;
	int mapped;

	VM_BUG_ON_FOLIO(folio->_entire_mapcount <= 0, folio);
	folio->_large_mapcount--;
	if (--folio->_entire_mapcount == 0) {
		folio->_nr_pages_mapped -= ENTIRELY_MAPPED;
		mapped = folio->_nr_pages_mapped & FOLIO_PAGES_MAPPED;
		nr = folio_nr_pages(folio) - mapped;
		if (folio_test_anon(folio))
			node_stat_mod_folio(folio, NR_ANON_THPS, -folio_nr_pages(folio));
	}
	remove_rmap_done(folio, nr, nr && nr < folio_nr_pages(folio));
}

void folio_remove_rmap_pmd(struct folio *folio, struct vm_area_struct *vma)
{
	remove_rmap_pmd(folio);
}

/* ---------------------------------------------------------------- */
/* rmap walks                                                        */

/*
 * The per-VMA functions of the walks are told the range of addresses where
 * @vma may map the folio's pages, [address, end).  The kernel's
 * page_vma_mapped_walk() works the end out again from the address
 * (vma_address_end()); the walk has every term of it at hand.
 */
typedef bool (*rmap_range_t)(struct folio *folio, struct vm_area_struct *vma,
			     unsigned long address, unsigned long end, void *arg);

static __always_inline void walk_vma(struct folio *folio, long nr, struct vm_area_struct *vma,
				     rmap_range_t rmap_one, void *arg, bool *stop)
{
	pgoff_t first = folio->index, last = first + nr - 1;
	pgoff_t vstart = vma->vm_pgoff, vend = vstart + vma_pages(vma) - 1;
	unsigned long address, end;

	if (last < vstart || first > vend)
		return;
	address = vma->vm_start + ((max(first, vstart) - vstart) << PAGE_SHIFT);
	/* Past the folio's last page, or the VMA's end if that comes first. */
	end = min(vma->vm_start + ((last + 1 - vstart) << PAGE_SHIFT), vma->vm_end);
	if (!rmap_one(folio, vma, address, end, arg))
		*stop = true;
}

/*
 * KERNEL: mm/rmap.c rmap_walk_anon() / rmap_walk_file(): under the
 * anon_vma lock (or i_mmap_rwsem) for read, unless the caller holds it
 * (@locked: TTU_RMAP_LOCKED, RMP_LOCKED).
 *
 * Inline, with the callback passed apart from its argument: the two walks
 * of every migrated folio, try_to_migrate() and remove_migration_ptes(),
 * pass theirs as a constant, so it is a direct call the compiler can
 * inline instead of an indirect one.
 */
static __always_inline void __rmap_walk(struct folio *folio, bool locked, rmap_range_t rmap_one,
					void *arg)
{
	long nr = folio_nr_pages(folio);
	struct vm_area_struct *vma;
	bool stop = false;

	if (folio_test_anon(folio)) {
		struct anon_vma *anon_vma = folio_anon_vma(folio);

		if (!locked)
			down_read(&anon_vma->root->rwsem);
		list_for_each_entry(vma, &anon_vma->vmas, anon_vma_node) {
			walk_vma(folio, nr, vma, rmap_one, arg, &stop);
			if (stop)
				break;
			cond_resched();
		}
		if (!locked)
			up_read(&anon_vma->root->rwsem);
	} else {
		struct address_space *mapping = folio_mapping(folio);

		if (!mapping)
			return;
		if (!locked)
			down_read(&mapping->i_mmap_rwsem);
		list_for_each_entry(vma, &mapping->i_mmap, shared_node) {
			walk_vma(folio, nr, vma, rmap_one, arg, &stop);
			if (stop)
				break;
			cond_resched();
		}
		if (!locked)
			up_read(&mapping->i_mmap_rwsem);
	}
}

/* A struct rmap_walk_control's rmap_one has the kernel's signature: it
 * finds the end of the range itself. */
static bool rwc_rmap_one(struct folio *folio, struct vm_area_struct *vma,
			 unsigned long address, unsigned long end, void *arg)
{
	struct rmap_walk_control *rwc = arg;

	return rwc->rmap_one(folio, vma, address, rwc->arg);
}

void rmap_walk(struct folio *folio, struct rmap_walk_control *rwc)
{
	__rmap_walk(folio, rwc->locked, rwc_rmap_one, rwc);
}

static inline bool pfn_in_folio(unsigned long pfn, unsigned long fpfn, long nr)
{
	return pfn - fpfn < (unsigned long)nr;
}

/* ---------------------------------------------------------------- */
/* try_to_migrate()                                                  */

struct ttm_arg {
	enum ttu_flags flags;
	unsigned long fpfn;
	long nr;
};

static __always_inline pte_t make_migration_pte(struct page *page, pte_t pteval,
						unsigned long pfn)
{
	swp_entry_t entry;

	if (pte_write(pteval))
		entry = make_writable_migration_entry(pfn);
	else if (PageAnonExclusive(page))
		entry = make_readable_exclusive_migration_entry(pfn);
	else
		entry = make_readable_migration_entry(pfn);
	return swp_entry_to_pte(make_migration_entry_ad(entry, pteval));
}

/* A huge (PMD or PUD) leaf of a hugetlb folio becomes one migration entry. */
static void migrate_huge_leaf(struct folio *folio, struct vm_area_struct *vma,
			      unsigned long address, u64 *leaf)
{
	struct page *page = (struct page *)folio;
	pte_t pteval = *leaf;

	if (pte_dirty(pteval))
		folio_set_dirty(folio);
	*leaf = make_migration_pte(page, pteval, pte_pfn(pteval));
	if (PageAnonExclusive(page))
		ClearPageAnonExclusive(page);
	folio_remove_hugetlb_rmap(folio, vma);
	folio_put(folio);
	trace_set_migration_pte(address, *leaf, (int)folio_order(folio));
}

/*
 * One PTE of try_to_migrate_one(): a present PTE of the folio becomes a
 * migration entry.  False when the walk must stop (the page stays mapped).
 */
static __always_inline bool migrate_one_pte(struct folio *folio, struct vm_area_struct *vma,
					    struct ttm_arg *a, pte_t *pte, unsigned long address)
{
	pte_t pteval = *pte;
	unsigned long pfn;
	struct page *subpage;

	if (!pte_present(pteval) || pte_special(pteval))
		return true;
	pfn = pte_pfn(pteval);
	if (!pfn_in_folio(pfn, a->fpfn, a->nr))
		return true;
	/* pfn_to_page(), with the pfn known to be in the folio. */
	subpage = (struct page *)folio + (pfn - a->fpfn);
	if (folio_test_anon(folio) && PageAnonExclusive(subpage)) {
		/* folio_try_share_anon_rmap_pte(): a possibly DMA-pinned
		 * page must stay exclusive, so it stays mapped and the walk
		 * stops. */
		if (folio_maybe_dma_pinned(folio))
			return false;
	}
	if (pte_dirty(pteval))
		folio_set_dirty(folio);
	*pte = make_migration_pte(subpage, pteval, pfn);
	if (PageAnonExclusive(subpage))
		ClearPageAnonExclusive(subpage);
	sched_point("pte:set-migration");
	folio_remove_rmap_ptes(folio, subpage, 1, vma);
	folio_put(folio);
	trace_set_migration_pte(address, *pte, (int)folio_order(folio));
	return true;
}

/* KERNEL: mm/rmap.c try_to_migrate_one() */
static __always_inline bool try_to_migrate_one(struct folio *folio, struct vm_area_struct *vma,
					       unsigned long address, unsigned long end, void *arg)
{
	struct ttm_arg *a = arg;
	struct mm_struct *mm = vma->vm_mm;
	bool ret = true;

	spin_lock(&mm->page_table_lock);
	if (folio_test_hugetlb(folio)) {
		u64 *leaf = folio_order(folio) >= HPAGE_PUD_ORDER ?
			mm_find_pud(mm, address) : mm_find_pmd(mm, address);

		if (leaf && pmd_leaf(*leaf) && pfn_in_folio(pte_pfn(*leaf), a->fpfn, a->nr))
			migrate_huge_leaf(folio, vma, address, leaf);
		goto out;
	}
	while (address < end) {
		pmd_t *pmd = mm_find_pmd(mm, address);
		pte_t *pte = pte_offset_map(pmd, address);

		if (!pte) {
			/* No PTE table: a PMD mapping, or nothing here. */
			if (pmd && pmd_leaf(*pmd) && pfn_in_folio(pmd_pfn(*pmd), a->fpfn, a->nr)) {
				if (a->flags & TTU_SPLIT_HUGE_PMD) {
					__split_huge_pmd(vma, pmd, address & PMD_MASK, true, folio);
					continue;	/* now PTE migration entries */
				}
				VM_BUG_ON_FOLIO(!thp_migration_supported(), folio);
				set_pmd_migration_entry(folio, vma, address & PMD_MASK, pmd);
			}
			address = (address + PMD_SIZE) & PMD_MASK;	/* the next PMD */
			continue;
		}
		/* The PTEs up to @end or to the end of this PTE table. */
		do {
			if (!migrate_one_pte(folio, vma, a, pte, address)) {
				ret = false;
				goto out;
			}
			pte++;
			address += PAGE_SIZE;
		} while (address < end && (address & ~PMD_MASK));
	}
out:
	spin_unlock(&mm->page_table_lock);
	return ret;
}

/* KERNEL: mm/rmap.c try_to_migrate(): every mapping becomes a migration entry. */
void try_to_migrate(struct folio *folio, enum ttu_flags flags)
{
	/* The frame first: the walk then reuses the folio's size read here,
	 * with no store (the push) in between. */
	SIM_FRAME();
	struct ttm_arg a = { .flags = flags, .fpfn = folio_pfn(folio),
			     .nr = folio_nr_pages(folio) };

	__rmap_walk(folio, flags & TTU_RMAP_LOCKED, try_to_migrate_one, &a);
}

void try_to_unmap_flush(void)
{
	sched_point("tlb:flush");
}

/* ---------------------------------------------------------------- */
/* remove_migration_ptes()                                           */

struct rmp_arg {
	struct folio *src;
	unsigned long spfn;
	long nr;
	int flags;
};

static __always_inline pte_t present_from_migration(swp_entry_t entry, unsigned long pfn)
{
	pte_t pte = pfn_pte(pfn, _PAGE_PRESENT);

	if (is_writable_migration_entry(entry))
		pte = pte_mkwrite(pte);
	return pte_mkad_from_migration(pte, entry);
}

static void restore_huge_leaf(struct folio *dst, struct vm_area_struct *vma,
			      unsigned long address, u64 *leaf, struct rmp_arg *a)
{
	swp_entry_t entry = pte_to_swp_entry(*leaf);
	unsigned long pfn = folio_pfn(dst);

	folio_get(dst);
	*leaf = present_from_migration(entry, pfn) | _PAGE_PSE;
	folio_add_hugetlb_rmap(dst, vma,
			       folio_test_anon(dst) && swp_type(entry) != SWP_MIGRATION_READ ?
			       RMAP_EXCLUSIVE : RMAP_NONE);
	trace_remove_migration_pte(address, *leaf, (int)folio_order(dst));
}

/*
 * One PTE of remove_migration_pte(): a migration entry naming a page of
 * the source maps the matching page of @dst again.
 */
static __always_inline void restore_one_pte(struct folio *dst, struct vm_area_struct *vma,
					    struct rmp_arg *a, unsigned long dpfn, pte_t *pte,
					    unsigned long address)
{
	swp_entry_t entry;
	unsigned long spfn, npfn;
	struct page *new;
	pte_t newpte;

	if (!is_swap_pte(*pte))
		return;
	entry = pte_to_swp_entry(*pte);
	if (!is_migration_entry(entry))
		return;
	spfn = swp_offset_pfn(entry);
	if (!pfn_in_folio(spfn, a->spfn, a->nr))
		return;
	npfn = dpfn + (spfn - a->spfn);
	if ((a->flags & RMP_USE_SHARED_ZEROPAGE) && folio_test_anon(dst) &&
	    !(vma->vm_flags & VM_LOCKED) && *pfn_token(npfn) == 0) {
		/* 6.12: an all-zero subpage of a split becomes the shared
		 * zero page; the piece loses that mapping. */
		*pte = pfn_pte(sim_world->zero_pfn, _PAGE_PRESENT | _PAGE_SPECIAL);
		vma->vm_mm->rss_anon--;
		return;
	}
	/* pfn_to_page(npfn): npfn is inside @dst. */
	new = (struct page *)dst + (spfn - a->spfn);
	folio_get(dst);
	newpte = present_from_migration(entry, npfn);
	if (folio_test_anon(dst))
		folio_add_anon_rmap_ptes(dst, new, 1, vma, address,
					 swp_type(entry) != SWP_MIGRATION_READ ?
					 RMAP_EXCLUSIVE : RMAP_NONE);
	else
		folio_add_file_rmap_ptes(dst, new, 1, vma);
	*pte = newpte;
	sched_point("pte:remove-migration");
	trace_remove_migration_pte(address, newpte, (int)folio_order(dst));
}

/* KERNEL: mm/migrate.c remove_migration_pte() */
static __always_inline bool remove_migration_pte(struct folio *dst, struct vm_area_struct *vma,
						 unsigned long address, unsigned long end, void *arg)
{
	struct rmp_arg *a = arg;
	struct mm_struct *mm = vma->vm_mm;
	unsigned long dpfn = folio_pfn(dst);

	/* RMP_LOCKED is about the rmap lock; the PTL is always taken. */
	spin_lock(&mm->page_table_lock);
	if (folio_test_hugetlb(dst)) {
		u64 *leaf = folio_order(dst) >= HPAGE_PUD_ORDER ?
			mm_find_pud(mm, address) : mm_find_pmd(mm, address);

		if (leaf && is_pmd_migration_entry(*leaf) &&
		    pfn_in_folio(pte_pfn(*leaf), a->spfn, a->nr))
			restore_huge_leaf(dst, vma, address, leaf, a);
		goto out;
	}
	while (address < end) {
		pmd_t *pmd = mm_find_pmd(mm, address);
		pte_t *pte = pte_offset_map(pmd, address);

		if (!pte) {
			/* No PTE table: a PMD migration entry, or nothing here. */
			if (pmd && is_pmd_migration_entry(*pmd) &&
			    pfn_in_folio(pmd_pfn(*pmd), a->spfn, a->nr))
				remove_migration_pmd(a->src, dst, vma, address & PMD_MASK, pmd);
			address = (address + PMD_SIZE) & PMD_MASK;	/* the next PMD */
			continue;
		}
		/* The PTEs up to @end or to the end of this PTE table. */
		do {
			restore_one_pte(dst, vma, a, dpfn, pte, address);
			pte++;
			address += PAGE_SIZE;
		} while (address < end && (address & ~PMD_MASK));
	}
out:
	spin_unlock(&mm->page_table_lock);
	return true;
}

/* KERNEL: mm/migrate.c remove_migration_ptes(): entries naming @src's pfns
 * become mappings of the matching pages of @dst (src == dst to undo). */
void remove_migration_ptes(struct folio *src, struct folio *dst, int flags)
{
	struct rmp_arg a = { .src = src, .spfn = folio_pfn(src),
			     .nr = folio_nr_pages(src), .flags = flags };

	SIM_FRAME();
	__rmap_walk(dst, flags & RMP_LOCKED, remove_migration_pte, &a);
}
