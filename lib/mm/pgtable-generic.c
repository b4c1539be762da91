// SPDX-License-Identifier: MIT
/*
 * Four-level page tables of 512 entries.
 *
 * KERNEL: mm/pgtable-generic.c, mm/memory.c (__pte_alloc, __pmd_alloc,
 * free_pgtables), include/linux/pgtable.h (pte_offset_map).
 */
#include "internal.h"

static u64 *table_alloc(struct mm_struct *mm)
{
	u64 *t = sim_zalloc_page();

	if (!t)
		sim_raise(SIM_BUG, __func__, __FILE__, __LINE__, NULL,
			  "host out of memory for a page table");
	mm->nr_ptes++;
	return t;
}

static u64 *next_level(struct mm_struct *mm, u64 *entry, bool alloc)
{
	if (!*entry) {
		if (!alloc)
			return NULL;
		*entry = (u64)(uintptr_t)table_alloc(mm) | _PAGE_TABLE;
	}
	if (!pmd_table(*entry))
		return NULL;
	return table_of(*entry);
}

pud_t *mm_alloc_pud(struct mm_struct *mm, unsigned long addr)
{
	u64 *pud = next_level(mm, &mm->pgd[pgd_index(addr)], true);

	return &pud[pud_index(addr)];
}

pmd_t *mm_alloc_pmd(struct mm_struct *mm, unsigned long addr)
{
	pud_t *pud = mm_alloc_pud(mm, addr);
	u64 *pmd;

	pmd = next_level(mm, pud, true);
	if (!pmd)
		return NULL;	/* a PUD leaf (1 GiB hugetlb) is there */
	return &pmd[pmd_index(addr)];
}

pte_t *pte_alloc_map(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	if (pmd_none(*pmd))
		*pmd = (u64)(uintptr_t)table_alloc(mm) | _PAGE_TABLE;
	return pte_offset_map(pmd, addr);
}

void pte_free_table(struct mm_struct *mm, pmd_t *pmd)
{
	if (!pmd_table(*pmd))
		return;
	sim_free(table_of(*pmd), PAGE_SIZE);
	mm->nr_ptes--;
	*pmd = 0;
}

static void free_level(struct mm_struct *mm, u64 *table, int level)
{
	int i;

	for (i = 0; i < PTRS_PER_PTE; i++) {
		if (level > 1 && pmd_table(table[i]))
			free_level(mm, table_of(table[i]), level - 1);
	}
	sim_free(table, PAGE_SIZE);
	mm->nr_ptes--;
}

/* Free every table (host memory only; the folios were dealt with already). */
void free_pgtables(struct mm_struct *mm)
{
	int i;

	if (!mm->pgd)
		return;
	for (i = 0; i < PTRS_PER_PTE; i++)
		if (pmd_table(mm->pgd[i]))
			free_level(mm, table_of(mm->pgd[i]), 3);
	sim_free(mm->pgd, PAGE_SIZE);
	mm->pgd = NULL;
}
