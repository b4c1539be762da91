// SPDX-License-Identifier: MIT
/*
 * Page faults, zapping, fork's page-table copy and NUMA hinting on a PTE.
 *
 * KERNEL: mm/memory.c (handle_mm_fault, do_anonymous_page, do_shared_fault,
 * do_wp_page, do_numa_page, zap_pte_range, copy_page_range), mm/hugetlb.c
 * (hugetlb_fault, for the huge-PTE case).
 *
 * A write leaves a content token in the page (content_token(object,
 * offset)); a read of never-written anonymous memory maps the shared zero
 * page.  A THP-eligible read fault maps the zero page at PTE level: the huge
 * zero page is not modelled.
 */
#include <linux/huge_mm.h>
#include <linux/hugetlb.h>
#include <linux/rmap.h>
#include <linux/swap.h>
#include <linux/migrate.h>
#include <linux/mempolicy.h>
#include "internal.h"
#include "sched.h"

static unsigned int vma_object_id(struct vm_area_struct *vma)
{
	return vma->vm_file ? vma->vm_file->id : vma->anon_vma->root->id;
}

static void write_token(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn)
{
	*pfn_token(pfn) = content_token(vma_object_id(vma), linear_page_index(vma, addr));
}

struct folio *vm_normal_folio_pte(pte_t pte)
{
	if (!pte_present(pte) || pte_special(pte))
		return NULL;
	return page_folio(pfn_to_page(pte_pfn(pte)));
}

/* The folio mapped at @addr (and its page), or NULL for nothing, the zero
 * page, or a migration entry. */
struct folio *follow_folio(struct vm_area_struct *vma, unsigned long addr,
			   struct page **pagep)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long pfn;
	pmd_t *pmd;
	pte_t *pte;

	if (vma->vm_flags & VM_HUGETLB) {
		u64 *leaf = vma->hstate_order >= HPAGE_PUD_ORDER ?
			mm_find_pud(mm, addr) : mm_find_pmd(mm, addr);

		if (!leaf || !pmd_leaf(*leaf))
			return NULL;
		pfn = pte_pfn(*leaf) + ((addr & ((PAGE_SIZE << vma->hstate_order) - 1)) >> PAGE_SHIFT);
		goto found;
	}
	pmd = mm_find_pmd(mm, addr);
	if (!pmd)
		return NULL;
	if (pmd_leaf(*pmd)) {
		pfn = pmd_pfn(*pmd) + ((addr & ~PMD_MASK) >> PAGE_SHIFT);
		goto found;
	}
	pte = pte_offset_map(pmd, addr);
	if (!pte || !pte_present(*pte) || pte_special(*pte))
		return NULL;
	pfn = pte_pfn(*pte);
found:
	if (pagep)
		*pagep = pfn_to_page(pfn);
	return page_folio(pfn_to_page(pfn));
}

void set_pte_folio(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep,
		   struct folio *folio, struct page *page, bool write)
{
	pte_t entry = pfn_pte(page_to_pfn(page), _PAGE_PRESENT | _PAGE_ACCESSED);

	if (write)
		entry |= _PAGE_RW | _PAGE_DIRTY;
	*ptep = entry;
}

/* The VMA's memory policy picks the node (lib/mm/mempolicy.c). */
static struct folio *alloc_anon_folio(struct vm_area_struct *vma, unsigned long addr)
{
	return vma_alloc_folio(GFP_HIGHUSER_MOVABLE | __GFP_ZERO, 0, vma, addr);
}

/* KERNEL: mm/memory.c do_anonymous_page() */
static int do_anonymous_page(struct vm_area_struct *vma, unsigned long addr, pte_t *pte,
			     bool write)
{
	struct mm_struct *mm = vma->vm_mm;
	struct folio *folio;

	if (!write) {
		*pte = pfn_pte(sim_world->zero_pfn, _PAGE_PRESENT | _PAGE_SPECIAL);
		return 0;
	}
	folio = alloc_anon_folio(vma, addr);
	if (!folio)
		return -ENOMEM;
	folio_set_uptodate(folio);
	folio_add_new_anon_rmap(folio, vma, addr, RMAP_EXCLUSIVE);
	folio_add_lru(folio);
	set_pte_folio(vma, addr, pte, folio, (struct page *)folio, true);
	mm->rss_anon++;
	write_token(vma, addr, folio_pfn(folio));
	return 0;
}

/* KERNEL: mm/memory.c do_read_fault()/do_shared_fault() on a shmem object. */
static int do_shared_fault(struct vm_area_struct *vma, unsigned long addr, pte_t *pte,
			   bool write)
{
	struct address_space *mapping = vma->vm_file;
	pgoff_t idx = linear_page_index(vma, addr);
	struct folio *folio = filemap_get_folio(mapping, idx);

	if (!folio) {
		int err;

		folio = alloc_anon_folio(vma, addr);
		if (!folio)
			return -ENOMEM;
		err = filemap_add_folio(mapping, folio, idx);
		if (err) {
			folio_put(folio);
			return err;
		}
		folio_add_lru(folio);
		folio_put(folio);	/* the allocation reference; the cache holds it */
	}
	folio_get(folio);
	folio_add_file_rmap_ptes(folio, (struct page *)folio, 1, vma);
	set_pte_folio(vma, addr, pte, folio, (struct page *)folio,
		      write || (vma->vm_flags & VM_WRITE));
	vma->vm_mm->rss_shmem++;
	if (write)
		write_token(vma, addr, folio_pfn(folio));
	return 0;
}

/* KERNEL: mm/memory.c do_wp_page(): reuse an exclusive page, copy a shared one. */
static int do_wp_page(struct vm_area_struct *vma, unsigned long addr, pte_t *pte)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page *page = pfn_to_page(pte_pfn(*pte));
	struct folio *old = page_folio(page), *folio;
	u64 token = *pfn_token(pte_pfn(*pte));

	if (!pte_special(*pte) && !folio_test_large(old) && folio_mapcount(old) == 1 &&
	    folio_ref_count(old) == 1) {
		SetPageAnonExclusive(page);
		*pte = pte_mkdirty(pte_mkwrite(*pte));
		write_token(vma, addr, pte_pfn(*pte));
		return 0;
	}
	folio = alloc_anon_folio(vma, addr);
	if (!folio)
		return -ENOMEM;
	folio_set_uptodate(folio);
	*pfn_token(folio_pfn(folio)) = token;	/* the copy */
	if (!pte_special(*pte)) {
		folio_remove_rmap_ptes(old, page, 1, vma);
		folio_put(old);
	} else {
		mm->rss_anon++;
	}
	folio_add_new_anon_rmap(folio, vma, addr, RMAP_EXCLUSIVE);
	folio_add_lru(folio);
	set_pte_folio(vma, addr, pte, folio, (struct page *)folio, true);
	write_token(vma, addr, folio_pfn(folio));
	return 0;
}

static int hugetlb_fault(struct vm_area_struct *vma, unsigned long addr, bool write)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long hsize = PAGE_SIZE << vma->hstate_order;
	unsigned long haddr = addr & ~(hsize - 1);
	struct hstate *h = order_to_hstate(vma->hstate_order);
	u64 *leaf = vma->hstate_order >= HPAGE_PUD_ORDER ? mm_alloc_pud(mm, haddr) :
		mm_alloc_pmd(mm, haddr);
	struct folio *folio;

	if (!leaf)
		return -EFAULT;
	if (is_pmd_migration_entry(*leaf))
		return -EAGAIN;
	if (pmd_leaf(*leaf)) {
		if (write) {
			*leaf |= _PAGE_DIRTY;
			write_token(vma, addr, pte_pfn(*leaf) + ((addr - haddr) >> PAGE_SHIFT));
		}
		return 0;
	}
	if (vma->vm_file) {
		pgoff_t idx = linear_page_index(vma, haddr);

		folio = filemap_get_folio(vma->vm_file, idx);
		if (!folio) {
			folio = alloc_hugetlb_folio_fault(h, huge_node(vma, haddr));
			if (!folio)
				return -ENOMEM;
			folio_zero_tokens(folio);
			filemap_add_folio(vma->vm_file, folio, idx);
			folio_set_hugetlb_migratable(folio);
		} else {
			folio_get(folio);
		}
		folio_add_hugetlb_rmap(folio, vma, RMAP_NONE);
	} else {
		folio = alloc_hugetlb_folio_fault(h, huge_node(vma, haddr));
		if (!folio)
			return -ENOMEM;
		folio_zero_tokens(folio);
		folio->mapping = (struct address_space *)((unsigned long)vma->anon_vma |
							  PAGE_MAPPING_ANON);
		folio->index = linear_page_index(vma, haddr);
		folio_add_hugetlb_rmap(folio, vma, RMAP_EXCLUSIVE);
		folio_set_hugetlb_migratable(folio);
	}
	folio_set_uptodate(folio);
	*leaf = pfn_pte(folio_pfn(folio), _PAGE_PRESENT | _PAGE_PSE | _PAGE_RW | _PAGE_ACCESSED);
	if (write) {
		*leaf |= _PAGE_DIRTY;
		write_token(vma, addr, folio_pfn(folio) + ((addr - haddr) >> PAGE_SHIFT));
	}
	if (vma->vm_file)
		mm->rss_shmem += pages_per_huge_page(h);
	else
		mm->rss_anon += pages_per_huge_page(h);
	return 0;
}

/*
 * KERNEL: mm/migrate.c migration_entry_wait() / __migration_entry_wait()
 * (reference section 7).  A fault found a migration entry at @ptep: wait
 * until the migration (or split) that installed it is over, then the
 * caller retries the fault.
 *
 *  up to 5.12  get_page_unless_zero() on the entry's own page; a tail page's
 *              count is always 0, so the waiter returns at once and the
 *              fault is retried immediately (the 2021 livelock);
 *  5.13-5.16   the reference is taken on the compound head, and the waiter
 *              sleeps on the head's lock (ffc90cbb2970);
 *  5.17+       no reference: sleep until the folio owning the entry's pfn is
 *              unlocked (migration_entry_wait_on_locked, ffa65753c431).
 */
void migration_entry_wait_entry(struct vm_area_struct *vma, u64 *ptep)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page *page;
	struct folio *folio;
	swp_entry_t entry;

	SIM_FRAME();
	spin_lock(&mm->page_table_lock);
	if (!is_swap_pte(*ptep) || !is_migration_entry(pte_to_swp_entry(*ptep))) {
		spin_unlock(&mm->page_table_lock);
		return;
	}
	entry = pte_to_swp_entry(*ptep);
	page = pfn_to_page(swp_offset_pfn(entry));
	if (kprofile->migration_wait_tail_ref || kprofile->migration_wait_head_ref) {
		if (kprofile->migration_wait_head_ref)
			page = compound_head(page);
		/* get_page_unless_zero() on the page itself: a tail's own
		 * count is 0, and a frozen head's too. */
		if (!page->_refcount) {
			spin_unlock(&mm->page_table_lock);
			return;
		}
		folio = (struct folio *)page;
		page->_refcount++;
		spin_unlock(&mm->page_table_lock);
		/* put_and_wait_on_page_locked(): queued, drop the reference, sleep. */
		page->_refcount--;
		while (folio_test_locked(folio) && sched_in_actor())
			sched_block_on(folio, "page lock (migration entry)");
		return;
	}
	folio = page_folio(page);
	spin_unlock(&mm->page_table_lock);
	while (folio_test_locked(folio) && sched_in_actor())
		sched_block_on(folio, "folio lock (migration entry)");
}

/*
 * KERNEL: mm/memory.c handle_mm_fault().  Returns 0, -ENOMEM (VM_FAULT_OOM),
 * or -EAGAIN when the address holds a migration entry (with one task
 * running, nobody can finish that migration: the caller reports it).
 */
int handle_mm_fault(struct vm_area_struct *vma, unsigned long addr, bool write)
{
	struct mm_struct *mm = vma->vm_mm;
	pmd_t *pmd;
	pte_t *pte;
	int ret;

	SIM_FRAME();
	count_vm_event(PGFAULT);
	if (vma->vm_flags & VM_HUGETLB)
		return hugetlb_fault(vma, addr, write);
	pmd = mm_alloc_pmd(mm, addr);
	if (!pmd)
		return -EFAULT;
	if (pmd_none(*pmd) && write && (vma->vm_flags & VM_HUGEPAGE) && !vma->vm_file &&
	    (addr & PMD_MASK) >= vma->vm_start && (addr & PMD_MASK) + PMD_SIZE <= vma->vm_end) {
		if (!do_huge_pmd_anonymous_page(vma, addr, write)) {
			write_token(vma, addr, pmd_pfn(*pmd) + ((addr & ~PMD_MASK) >> PAGE_SHIFT));
			return 0;
		}
	}
	if (is_pmd_migration_entry(*pmd)) {
		migration_entry_wait_entry(vma, pmd);
		return -EAGAIN;
	}
	if (pmd_leaf(*pmd)) {
		if (pte_protnone(*pmd)) {
			do_huge_pmd_numa_page(vma, addr, pmd, NUMA_NO_NODE);
			return handle_mm_fault(vma, addr, write);
		}
		if (!write)
			return 0;
		if (pte_write(*pmd)) {
			*pmd |= _PAGE_DIRTY;
			write_token(vma, addr, pmd_pfn(*pmd) + ((addr & ~PMD_MASK) >> PAGE_SHIFT));
			return 0;
		}
		/* Write to a COW-shared PMD: split it and copy at PTE level. */
		spin_lock(&mm->page_table_lock);
		__split_huge_pmd(vma, pmd, addr & PMD_MASK, false, NULL);
		spin_unlock(&mm->page_table_lock);
	}
	pte = pte_alloc_map(mm, pmd, addr);
	spin_lock(&mm->page_table_lock);
	if (pte_none(*pte)) {
		ret = vma->vm_file ? do_shared_fault(vma, addr, pte, write) :
			do_anonymous_page(vma, addr, pte, write);
	} else if (is_swap_pte(*pte)) {
		spin_unlock(&mm->page_table_lock);
		migration_entry_wait_entry(vma, pte);
		return -EAGAIN;
	} else if (pte_protnone(*pte)) {
		spin_unlock(&mm->page_table_lock);
		do_numa_page(vma, addr, pte, NUMA_NO_NODE);
		return handle_mm_fault(vma, addr, write);
	} else if (write && !pte_write(*pte)) {
		ret = do_wp_page(vma, addr, pte);
	} else {
		if (write) {
			*pte = pte_mkdirty(*pte);
			write_token(vma, addr, pte_pfn(*pte));
		}
		ret = 0;
	}
	spin_unlock(&mm->page_table_lock);
	return ret;
}

/*
 * KERNEL: mm/memory.c do_numa_page().  @target_nid is mpol_misplaced()'s
 * answer.  6.9 skips large folios; 6.10 and later migrate PTE-mapped large
 * folios too.  6.11+ isolates under the PTL; before, migrate_misplaced_folio()
 * isolates and drops the fault's reference.
 */
int do_numa_page(struct vm_area_struct *vma, unsigned long address, pte_t *pte,
		 int target_nid)
{
	struct mm_struct *mm = vma->vm_mm;
	struct folio *folio;
	int nid, ret;

	SIM_FRAME();
	spin_lock(&mm->page_table_lock);
	if (!pte_protnone(*pte)) {
		spin_unlock(&mm->page_table_lock);
		return 0;
	}
	folio = vm_normal_folio_pte(*pte);
	if (!folio)
		goto restore;
	nid = folio_nid(folio);
	count_vm_event(NUMA_HINT_FAULTS);
	if (nid == target_nid)
		count_vm_event(NUMA_HINT_FAULTS_LOCAL);
	if (target_nid == NUMA_NO_NODE || nid == target_nid)
		goto restore;
	if (folio_test_large(folio) && !kprofile->numa_large_pte)
		goto restore;
	if (kprofile->numa_prepare_under_ptl) {
		if (migrate_misplaced_folio_prepare(folio, vma, target_nid))
			goto restore;
		spin_unlock(&mm->page_table_lock);
		ret = migrate_misplaced_folio(folio, vma, target_nid);
		if (!ret)
			return 1;
	} else {
		folio_get(folio);
		spin_unlock(&mm->page_table_lock);
		ret = migrate_misplaced_folio(folio, vma, target_nid);
		if (ret)
			return 1;
	}
	spin_lock(&mm->page_table_lock);
restore:
	if (pte_protnone(*pte))
		*pte = pte_modify_present(*pte);
	spin_unlock(&mm->page_table_lock);
	return 0;
}

/* KERNEL: mm/memory.c zap_pte_range() (+ zap_pmd_range's THP handling). */
int zap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long addr = start;

	SIM_FRAME();
	spin_lock(&mm->page_table_lock);
	while (addr < end) {
		unsigned long next = min((addr + PMD_SIZE) & PMD_MASK, end);
		pmd_t *pmd;
		pte_t *pte;

		if (vma->vm_flags & VM_HUGETLB) {
			unsigned long hsize = PAGE_SIZE << vma->hstate_order;
			u64 *leaf = vma->hstate_order >= HPAGE_PUD_ORDER ?
				mm_find_pud(mm, addr) : mm_find_pmd(mm, addr);

			if (leaf && pmd_leaf(*leaf)) {
				struct folio *folio = page_folio(pfn_to_page(pte_pfn(*leaf)));

				folio_remove_hugetlb_rmap(folio, vma);
				if (vma->vm_file)
					mm->rss_shmem -= folio_nr_pages(folio);
				else
					mm->rss_anon -= folio_nr_pages(folio);
				folio_put(folio);
			}
			if (leaf)
				*leaf = 0;
			addr += hsize;
			continue;
		}
		pmd = mm_find_pmd(mm, addr);
		if (!pmd || pmd_none(*pmd)) {
			addr = next;
			continue;
		}
		if (pmd_leaf(*pmd) || is_pmd_migration_entry(*pmd)) {
			if (IS_ALIGNED(addr, PMD_SIZE) && next - addr == PMD_SIZE) {
				zap_huge_pmd(vma, pmd, addr);
				addr = next;
				continue;
			}
			__split_huge_pmd(vma, pmd, addr & PMD_MASK, false, NULL);
		}
		for (pte = pte_offset_map(pmd, addr); pte && addr < next; addr += PAGE_SIZE, pte++) {
			pte_t old = *pte;
			struct folio *folio;

			if (pte_none(old))
				continue;
			*pte = 0;
			if (is_swap_pte(old)) {
				if (vma->vm_file)
					mm->rss_shmem--;
				else
					mm->rss_anon--;
				continue;
			}
			folio = vm_normal_folio_pte(old);
			if (!folio)
				continue;	/* the zero page */
			folio_remove_rmap_ptes(folio, pfn_to_page(pte_pfn(old)), 1, vma);
			if (vma->vm_file)
				mm->rss_shmem--;
			else
				mm->rss_anon--;
			folio_put(folio);
		}
		addr = next;
	}
	spin_unlock(&mm->page_table_lock);
	return 0;
}

static void dup_page(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma,
		     struct folio *folio, struct page *page, int nr)
{
	int i;

	folio_ref_add(folio, 1);
	for (i = 0; i < nr; i++) {
		struct page *p = i == 0 ? page : pfn_to_page(page_to_pfn(page) + i);

		p->_mapcount++;
		if (folio_test_anon(folio))
			ClearPageAnonExclusive(p);
	}
	if (folio_test_large(folio))
		folio->_large_mapcount += nr;
}

/*
 * KERNEL: mm/memory.c copy_page_range() for fork: shared mappings keep
 * their permissions; private anonymous pages become COW-shared (both sides
 * write-protected, no longer exclusive).
 */
int copy_page_range(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma)
{
	struct mm_struct *src_mm = src_vma->vm_mm, *dst_mm = dst_vma->vm_mm;
	bool cow = !(src_vma->vm_flags & VM_SHARED);
	unsigned long addr = src_vma->vm_start, end = src_vma->vm_end;

	SIM_FRAME();
	while (addr < end) {
		unsigned long next = min((addr + PMD_SIZE) & PMD_MASK, end);
		pmd_t *spmd, *dpmd;
		pte_t *spte, *dpte;

		if (src_vma->vm_flags & VM_HUGETLB) {
			unsigned long hsize = PAGE_SIZE << src_vma->hstate_order;
			bool pud = src_vma->hstate_order >= HPAGE_PUD_ORDER;
			u64 *sl = pud ? mm_find_pud(src_mm, addr) : mm_find_pmd(src_mm, addr);

			if (sl && pmd_leaf(*sl)) {
				u64 *dl = pud ? mm_alloc_pud(dst_mm, addr) : mm_alloc_pmd(dst_mm, addr);
				struct folio *folio = page_folio(pfn_to_page(pte_pfn(*sl)));

				folio_get(folio);
				folio_add_hugetlb_rmap(folio, dst_vma, RMAP_NONE);
				if (cow) {
					ClearPageAnonExclusive((struct page *)folio);
					*sl &= ~_PAGE_RW;
				}
				*dl = *sl;
				if (src_vma->vm_file)
					dst_mm->rss_shmem += folio_nr_pages(folio);
				else
					dst_mm->rss_anon += folio_nr_pages(folio);
			}
			addr += hsize;
			continue;
		}
		spmd = mm_find_pmd(src_mm, addr);
		if (!spmd || pmd_none(*spmd)) {
			addr = next;
			continue;
		}
		dpmd = mm_alloc_pmd(dst_mm, addr);
		if (pmd_leaf(*spmd)) {
			struct folio *folio = page_folio(pfn_to_page(pmd_pfn(*spmd)));

			folio_get(folio);
			folio->_entire_mapcount++;
			folio->_large_mapcount++;
			if (cow) {
				ClearPageAnonExclusive((struct page *)folio);
				*spmd &= ~_PAGE_RW;
			}
			*dpmd = *spmd;
			dst_mm->rss_anon += HPAGE_PMD_NR;
			addr = next;
			continue;
		}
		if (is_pmd_migration_entry(*spmd)) {
			*dpmd = *spmd;
			addr = next;
			continue;
		}
		spte = pte_offset_map(spmd, addr);
		dpte = pte_alloc_map(dst_mm, dpmd, addr);
		for (; addr < next; addr += PAGE_SIZE, spte++, dpte++) {
			pte_t pte = *spte;
			struct folio *folio;

			if (pte_none(pte))
				continue;
			if (is_swap_pte(pte)) {
				swp_entry_t e = pte_to_swp_entry(pte);

				if (cow && is_writable_migration_entry(e)) {
					e = swp_entry(SWP_MIGRATION_READ, swp_offset_pfn(e));
					pte = *spte = swp_entry_to_pte(e) |
						(pte & (SWP_MIG_YOUNG | SWP_MIG_DIRTY));
				}
				*dpte = pte;
				continue;
			}
			folio = vm_normal_folio_pte(pte);
			if (folio) {
				dup_page(dst_vma, src_vma, folio, pfn_to_page(pte_pfn(pte)), 1);
				if (vma_is_anonymous_private(src_vma))
					dst_mm->rss_anon++;
				else
					dst_mm->rss_shmem++;
			}
			if (cow)
				pte = *spte = pte_wrprotect(pte);
			*dpte = pte;
		}
		addr = next;
	}
	return 0;
}
