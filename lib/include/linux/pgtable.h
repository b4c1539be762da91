/* SPDX-License-Identifier: MIT */
/*
 * Kind: mirrors the x86-64 page-table vocabulary (arch/x86/include/asm/
 * pgtable*.h, include/linux/pgtable.h, swapops.h) with the simulator's own
 * bit layout.  Four levels of 512 entries; a PMD or PUD leaf maps a 2 MiB
 * or 1 GiB folio.  A table entry holds the host address of the next table
 * (never observable).  Swap-format entries are only migration entries here.
 */
#ifndef MIGSIM_LINUX_PGTABLE_H
#define MIGSIM_LINUX_PGTABLE_H

#include <linux/compiler.h>
#include <linux/mmzone.h>
#include <linux/mm_types.h>

typedef u64 pte_t;
typedef u64 pmd_t;
typedef u64 pud_t;

#define _PAGE_PRESENT	(1ULL << 0)
#define _PAGE_RW	(1ULL << 1)
#define _PAGE_ACCESSED	(1ULL << 5)
#define _PAGE_DIRTY	(1ULL << 6)
#define _PAGE_PSE	(1ULL << 7)
#define _PAGE_PROTNONE	(1ULL << 8)	/* NUMA hinting: not present, faults */
#define _PAGE_SPECIAL	(1ULL << 9)	/* zero page */
#define PTE_PFN_SHIFT	12
#define PTE_PFN_MASK	0x000ffffffffff000ULL
#define _PAGE_TABLE	(_PAGE_PRESENT | _PAGE_RW)

#define PTRS_PER_PTE	512
#define PMD_SHIFT	21
#define PUD_SHIFT	30
#define PGDIR_SHIFT	39
#define PMD_SIZE	(1UL << PMD_SHIFT)
#define PMD_MASK	(~(PMD_SIZE - 1))
#define PUD_SIZE	(1UL << PUD_SHIFT)
#define PUD_MASK	(~(PUD_SIZE - 1))
#define TASK_SIZE	(1UL << 47)

static inline unsigned int pte_index(unsigned long a) { return (a >> PAGE_SHIFT) & 511; }
static inline unsigned int pmd_index(unsigned long a) { return (a >> PMD_SHIFT) & 511; }
static inline unsigned int pud_index(unsigned long a) { return (a >> PUD_SHIFT) & 511; }
static inline unsigned int pgd_index(unsigned long a) { return (a >> PGDIR_SHIFT) & 511; }

/* Leaf entries (PTE, or PMD/PUD with _PAGE_PSE). */
static inline bool pte_none(pte_t p) { return p == 0; }
static inline bool pte_present(pte_t p) { return p & (_PAGE_PRESENT | _PAGE_PROTNONE); }
static inline bool pte_protnone(pte_t p) { return (p & (_PAGE_PRESENT | _PAGE_PROTNONE)) == _PAGE_PROTNONE; }
static inline unsigned long pte_pfn(pte_t p) { return (p & PTE_PFN_MASK) >> PTE_PFN_SHIFT; }
static inline bool pte_write(pte_t p) { return p & _PAGE_RW; }
static inline bool pte_young(pte_t p) { return p & _PAGE_ACCESSED; }
static inline bool pte_dirty(pte_t p) { return p & _PAGE_DIRTY; }
static inline bool pte_special(pte_t p) { return p & _PAGE_SPECIAL; }
static inline pte_t pfn_pte(unsigned long pfn, u64 prot)
{
	return ((u64)pfn << PTE_PFN_SHIFT) | prot;
}
static inline pte_t pte_mkwrite(pte_t p) { return p | _PAGE_RW; }
static inline pte_t pte_wrprotect(pte_t p) { return p & ~_PAGE_RW; }
static inline pte_t pte_mkyoung(pte_t p) { return p | _PAGE_ACCESSED; }
static inline pte_t pte_mkdirty(pte_t p) { return p | _PAGE_DIRTY; }
static inline pte_t pte_mkprotnone(pte_t p) { return (p & ~_PAGE_PRESENT) | _PAGE_PROTNONE; }
static inline pte_t pte_modify_present(pte_t p) { return (p & ~_PAGE_PROTNONE) | _PAGE_PRESENT; }

static inline bool pmd_none(pmd_t p) { return p == 0; }
static inline bool pmd_leaf(pmd_t p) { return pte_present(p) && (p & _PAGE_PSE); }
/* Present and not PSE.  Subtracting the present bit clears it and leaves
 * the PSE bit alone when it is set, and borrows into it when it is not, so
 * one test of the difference checks both (every walk makes it per level). */
static inline bool pmd_table(pmd_t p)
{
	return ((p - _PAGE_PRESENT) & (_PAGE_PRESENT | _PAGE_PSE)) == 0;
}
static inline bool pmd_is_swap(pmd_t p) { return p && !pte_present(p); }
#define pmd_pfn pte_pfn
#define pud_none pmd_none
#define pud_leaf pmd_leaf
#define pud_table pmd_table
#define pud_pfn pte_pfn

static inline void *table_of(u64 entry)
{
	return (void *)(uintptr_t)(entry & PTE_PFN_MASK);
}

/* ---- swap-format entries: migration entries (swapops.h) ---- */

typedef struct { u64 val; } swp_entry_t;

#define SWP_MIGRATION_READ		1
#define SWP_MIGRATION_READ_EXCLUSIVE	2
#define SWP_MIGRATION_WRITE		3
#define SWP_TYPE_SHIFT			1
#define SWP_TYPE_MASK			0x1fULL
#define SWP_MIG_YOUNG			(1ULL << 52)
#define SWP_MIG_DIRTY			(1ULL << 53)

static inline bool is_swap_pte(pte_t p) { return !pte_none(p) && !pte_present(p); }
static inline swp_entry_t pte_to_swp_entry(pte_t p) { return (swp_entry_t){ p }; }
static inline pte_t swp_entry_to_pte(swp_entry_t e) { return e.val; }
static inline unsigned int swp_type(swp_entry_t e)
{
	return (e.val >> SWP_TYPE_SHIFT) & SWP_TYPE_MASK;
}
static inline unsigned long swp_offset_pfn(swp_entry_t e) { return pte_pfn(e.val); }
static inline swp_entry_t swp_entry(unsigned int type, unsigned long pfn)
{
	return (swp_entry_t){ ((u64)type << SWP_TYPE_SHIFT) | ((u64)pfn << PTE_PFN_SHIFT) };
}
static inline bool is_migration_entry(swp_entry_t e)
{
	unsigned int t = swp_type(e);

	return t >= SWP_MIGRATION_READ && t <= SWP_MIGRATION_WRITE;
}
static inline bool is_writable_migration_entry(swp_entry_t e)
{
	return swp_type(e) == SWP_MIGRATION_WRITE;
}
static inline bool is_readable_exclusive_migration_entry(swp_entry_t e)
{
	return swp_type(e) == SWP_MIGRATION_READ_EXCLUSIVE;
}
static inline swp_entry_t make_readable_migration_entry(unsigned long pfn)
{
	return swp_entry(SWP_MIGRATION_READ, pfn);
}
static inline swp_entry_t make_readable_exclusive_migration_entry(unsigned long pfn)
{
	return swp_entry(SWP_MIGRATION_READ_EXCLUSIVE, pfn);
}
static inline swp_entry_t make_writable_migration_entry(unsigned long pfn)
{
	return swp_entry(SWP_MIGRATION_WRITE, pfn);
}
static inline swp_entry_t make_migration_entry_young(swp_entry_t e)
{
	return (swp_entry_t){ e.val | SWP_MIG_YOUNG };
}
static inline swp_entry_t make_migration_entry_dirty(swp_entry_t e)
{
	return (swp_entry_t){ e.val | SWP_MIG_DIRTY };
}
static inline bool is_migration_entry_young(swp_entry_t e) { return e.val & SWP_MIG_YOUNG; }
static inline bool is_migration_entry_dirty(swp_entry_t e) { return e.val & SWP_MIG_DIRTY; }

/*
 * The young and dirty bits of a migration entry are the PTE's accessed and
 * dirty bits moved up, so one shift carries both across, either way (the
 * kernel tests and sets them one at a time; the result is the same).
 */
#define SWP_MIG_AD_SHIFT		47
_Static_assert(SWP_MIG_YOUNG == _PAGE_ACCESSED << SWP_MIG_AD_SHIFT &&
	       SWP_MIG_DIRTY == _PAGE_DIRTY << SWP_MIG_AD_SHIFT,
	       "migration entry young/dirty are the PTE's accessed/dirty bits shifted");
static inline swp_entry_t make_migration_entry_ad(swp_entry_t e, pte_t pte)
{
	return (swp_entry_t){ e.val | (pte & (_PAGE_ACCESSED | _PAGE_DIRTY)) << SWP_MIG_AD_SHIFT };
}
static inline pte_t pte_mkad_from_migration(pte_t pte, swp_entry_t e)
{
	return pte | ((e.val >> SWP_MIG_AD_SHIFT) & (_PAGE_ACCESSED | _PAGE_DIRTY));
}
static inline bool is_pmd_migration_entry(pmd_t p)
{
	return pmd_is_swap(p) && is_migration_entry(pte_to_swp_entry(p));
}

/* ---- walking (lib/mm/pgtable-generic.c) ---- */

struct mm_struct;

pud_t *mm_alloc_pud(struct mm_struct *mm, unsigned long addr);
pmd_t *mm_alloc_pmd(struct mm_struct *mm, unsigned long addr);

/*
 * The lookups are inline: every rmap walk and fault does them.  A table
 * entry is only ever made from an allocated table, so the pointer it holds
 * is never NULL; saying so lets the compiler drop the NULL tests the walks
 * make of what a lookup returns, leaving only the tests of the entries.
 */
static __always_inline u64 *table_slot(u64 entry, unsigned int index)
{
	u64 *table = table_of(entry);

	if (!table)
		__builtin_unreachable();
	return &table[index];
}

static __always_inline pud_t *mm_find_pud(struct mm_struct *mm, unsigned long addr)
{
	u64 pgd = mm->pgd[pgd_index(addr)];

	return pmd_table(pgd) ? table_slot(pgd, pud_index(addr)) : NULL;
}

static __always_inline pmd_t *mm_find_pmd(struct mm_struct *mm, unsigned long addr)
{
	pud_t *pud = mm_find_pud(mm, addr);

	return pud && pud_table(*pud) ? table_slot(*pud, pmd_index(addr)) : NULL;
}

/* PTE table entry for @addr under a table PMD, or NULL. */
static __always_inline pte_t *pte_offset_map(pmd_t *pmd, unsigned long addr)
{
	if (!pmd || !pmd_table(*pmd))
		return NULL;
	return table_slot(*pmd, pte_index(addr));
}
/* Allocate the PTE table under an empty PMD. */
pte_t *pte_alloc_map(struct mm_struct *mm, pmd_t *pmd, unsigned long addr);
void pte_free_table(struct mm_struct *mm, pmd_t *pmd);
void free_pgtables(struct mm_struct *mm);

#endif
