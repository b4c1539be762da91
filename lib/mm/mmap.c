// SPDX-License-Identifier: MIT
/*
 * Address spaces: mm_struct, VMAs, munmap, fork and exit.
 *
 * KERNEL: mm/mmap.c (do_vmi_munmap, vma splitting), kernel/fork.c (dup_mm,
 * dup_mmap), kernel/exit.c + mm/mmap.c exit_mmap, mm/shmem.c (the shared
 * object's lifetime).
 *
 * VMAs live in a sorted array per mm instead of the maple tree.
 */
#include <string.h>
#include <linux/huge_mm.h>
#include <linux/mempolicy.h>
#include <linux/rmap.h>
#include "internal.h"
#include "mm_callers.h"

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = sim_zalloc(sizeof(*mm));

	if (!mm)
		return NULL;
	mm->pgd = sim_zalloc_page();
	if (!mm->pgd) {
		sim_free(mm, sizeof(*mm));
		return NULL;
	}
	spin_lock_init_named(&mm->page_table_lock, "mm->page_table_lock");
	init_rwsem_named(&mm->mmap_lock, "mm->mmap_lock");
	mm->id = ++sim_world->next_obj_id;
	mm->users = 1;
	return mm;
}

struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr)
{
	unsigned int lo = 0, hi = mm->nr_vmas;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;
		struct vm_area_struct *vma = mm->vmas[mid];

		if (addr < vma->vm_start)
			hi = mid;
		else if (addr >= vma->vm_end)
			lo = mid + 1;
		else
			return vma;
	}
	return NULL;
}

struct vm_area_struct *vma_create(struct mm_struct *mm, unsigned long start,
				  unsigned long end, unsigned long flags)
{
	struct vm_area_struct *vma = sim_zalloc(sizeof(*vma));

	if (!vma)
		return NULL;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = flags;
	vma->vm_mm = mm;
	vma->vm_pgoff = start >> PAGE_SHIFT;
	vma->preferred_nid = NUMA_NO_NODE;
	INIT_LIST_HEAD(&vma->anon_vma_node);
	INIT_LIST_HEAD(&vma->shared_node);
	return vma;
}

/* Insert in address order; -EEXIST if it overlaps a mapping. */
int vma_insert(struct mm_struct *mm, struct vm_area_struct *vma)
{
	unsigned int i;

	for (i = 0; i < mm->nr_vmas; i++) {
		struct vm_area_struct *v = mm->vmas[i];

		if (vma->vm_start < v->vm_end && v->vm_start < vma->vm_end)
			return -EEXIST;
		if (v->vm_start >= vma->vm_end)
			break;
	}
	if (mm->nr_vmas == mm->vmas_cap) {
		unsigned int cap = mm->vmas_cap ? mm->vmas_cap * 2 : 8;
		struct vm_area_struct **n = sim_realloc(mm->vmas, mm->vmas_cap * sizeof(*n),
							cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		mm->vmas = n;
		mm->vmas_cap = cap;
	}
	memmove(&mm->vmas[i + 1], &mm->vmas[i], (mm->nr_vmas - i) * sizeof(*mm->vmas));
	mm->vmas[i] = vma;
	mm->nr_vmas++;
	return 0;
}

static void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma)
{
	unsigned int i;

	for (i = 0; i < mm->nr_vmas; i++) {
		if (mm->vmas[i] == vma) {
			memmove(&mm->vmas[i], &mm->vmas[i + 1],
				(mm->nr_vmas - i - 1) * sizeof(*mm->vmas));
			mm->nr_vmas--;
			return;
		}
	}
}

void vma_unlink_free(struct mm_struct *mm, struct vm_area_struct *vma)
{
	vma_unlink(mm, vma);
	unlink_anon_vma(vma);
	if (vma->vm_file) {
		struct address_space *mapping = vma->vm_file;

		down_write(&mapping->i_mmap_rwsem);
		list_del(&vma->shared_node);
		up_write(&mapping->i_mmap_rwsem);
		shmem_object_put(mapping);
	}
	sim_free(vma, sizeof(*vma));
}

/* A second VMA for [at, vma->vm_end) of the same object; @vma keeps the
 * rest.  Both keep the memory policy (vma_dup_policy()). */
struct vm_area_struct *vma_split(struct mm_struct *mm, struct vm_area_struct *vma,
				 unsigned long at)
{
	struct vm_area_struct *n = vma_create(mm, at, vma->vm_end, vma->vm_flags);

	if (!n)
		return NULL;
	/*
	 * KERNEL: vma_adjust_trans_huge(): a boundary inside a PMD-mapped THP
	 * (or a PMD migration entry) splits the PMD first, so that no huge
	 * mapping straddles two VMAs.
	 */
	if (!(vma->vm_flags & VM_HUGETLB) && !IS_ALIGNED(at, PMD_SIZE)) {
		pmd_t *pmd = mm_find_pmd(mm, at & PMD_MASK);

		if (pmd && (pmd_leaf(*pmd) || is_pmd_migration_entry(*pmd))) {
			spin_lock(&mm->page_table_lock);
			__split_huge_pmd(vma, pmd, at & PMD_MASK, false, NULL);
			spin_unlock(&mm->page_table_lock);
		}
	}
	vma_dup_policy(n, vma);
	n->vm_pgoff = vma->vm_pgoff + ((at - vma->vm_start) >> PAGE_SHIFT);
	n->preferred_nid = vma->preferred_nid;
	n->hstate_order = vma->hstate_order;
	if (vma->anon_vma) {
		n->anon_vma = vma->anon_vma;
		get_anon_vma(n->anon_vma);
		anon_vma_link_vma(n);
	}
	if (vma->vm_file) {
		n->vm_file = vma->vm_file;
		n->vm_file->refcount++;
		i_mmap_link_vma(n);
	}
	vma->vm_end = at;
	if (vma_insert(mm, n)) {
		vma->vm_end = n->vm_end;
		vma_unlink_free(mm, n);
		return NULL;
	}
	return n;
}

/*
 * KERNEL: mm/mmap.c do_vmi_munmap().  Unmapping part of a VMA splits it;
 * unmapping part of a PMD-mapped THP splits the PMD and leaves the folio
 * partially mapped (and queued for deferred split).
 */
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	unsigned long end = start + len;
	unsigned int i;

	SIM_FRAME();
	for (i = 0; i < mm->nr_vmas;) {
		struct vm_area_struct *vma = mm->vmas[i];
		unsigned long s, e;

		if (vma->vm_end <= start) {
			i++;
			continue;
		}
		if (vma->vm_start >= end)
			break;
		if (vma->vm_start < start) {
			if (!vma_split(mm, vma, start))
				return -ENOMEM;
			i++;
			continue;
		}
		if (vma->vm_end > end && !vma_split(mm, vma, end))
			return -ENOMEM;
		s = vma->vm_start;
		e = vma->vm_end;
		zap_page_range(vma, s, e);
		vma_unlink_free(mm, vma);
	}
	return 0;
}

struct address_space *shmem_object_create(pgoff_t nr_pages, bool hugetlb,
					  unsigned int hstate_order)
{
	struct address_space *mapping = sim_zalloc(sizeof(*mapping));

	if (!mapping)
		return NULL;
	mapping->i_pages = sim_zalloc(nr_pages * sizeof(*mapping->i_pages));
	if (!mapping->i_pages) {
		sim_free(mapping, sizeof(*mapping));
		return NULL;
	}
	mapping->nr_slots = nr_pages;
	mapping->id = ++sim_world->next_obj_id;
	mapping->refcount = 1;
	mapping->hugetlb = hugetlb;
	mapping->hstate_order = hstate_order;
	INIT_LIST_HEAD(&mapping->i_mmap);
	init_rwsem_named(&mapping->i_mmap_rwsem, "mapping->i_mmap_rwsem");
	list_add_tail(&mapping->world_node, &sim_world->mappings);
	return mapping;
}

/* The last user gone: the object's pages leave the cache (and are freed
 * unless someone else holds them). */
void shmem_object_put(struct address_space *mapping)
{
	pgoff_t i;

	if (--mapping->refcount > 0)
		return;
	for (i = 0; i < mapping->nr_slots; i++) {
		struct folio *folio = mapping->i_pages[i];

		if (folio)
			filemap_remove_folio(folio);
	}
	list_del(&mapping->world_node);
	sim_free(mapping->i_pages, mapping->nr_slots * sizeof(*mapping->i_pages));
	sim_free(mapping, sizeof(*mapping));
}

/* KERNEL: kernel/fork.c dup_mmap() */
struct mm_struct *dup_mm(struct mm_struct *oldmm)
{
	struct mm_struct *mm = mm_alloc();
	unsigned int i;

	SIM_FRAME();
	if (!mm)
		return NULL;
	for (i = 0; i < oldmm->nr_vmas; i++) {
		struct vm_area_struct *old = oldmm->vmas[i];
		struct vm_area_struct *vma = vma_create(mm, old->vm_start, old->vm_end,
							old->vm_flags);

		if (!vma)
			goto fail;
		vma->vm_pgoff = old->vm_pgoff;
		vma->preferred_nid = old->preferred_nid;
		vma->hstate_order = old->hstate_order;
		vma_dup_policy(vma, old);
		if (old->anon_vma) {
			vma->anon_vma = old->anon_vma;
			get_anon_vma(vma->anon_vma);
			anon_vma_link_vma(vma);
		}
		if (old->vm_file) {
			vma->vm_file = old->vm_file;
			vma->vm_file->refcount++;
			i_mmap_link_vma(vma);
		}
		if (vma_insert(mm, vma)) {
			vma_unlink_free(mm, vma);
			goto fail;
		}
		copy_page_range(vma, old);
	}
	return mm;
fail:
	mmput(mm);
	return NULL;
}

/* KERNEL: kernel/fork.c mmput() -> exit_mmap(): unmap everything. */
void mmput(struct mm_struct *mm)
{
	if (--mm->users > 0)
		return;
	while (mm->nr_vmas) {
		struct vm_area_struct *vma = mm->vmas[0];

		zap_page_range(vma, vma->vm_start, vma->vm_end);
		vma_unlink_free(mm, vma);
	}
	free_pgtables(mm);
	sim_free(mm->vmas, mm->vmas_cap * sizeof(*mm->vmas));
	sim_free(mm, sizeof(*mm));
}
