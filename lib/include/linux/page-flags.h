/* SPDX-License-Identifier: MIT */
/*
 * Kind: mirrors include/linux/page-flags.h (6.12 names and aliases); bit
 * numbers are the simulator's own and never observable (flags print by name).
 */
#ifndef MIGSIM_LINUX_PAGE_FLAGS_H
#define MIGSIM_LINUX_PAGE_FLAGS_H

#include <linux/mm_types.h>

enum pageflags {
	PG_locked,
	PG_writeback,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_head,
	PG_waiters,
	PG_active,
	PG_workingset,
	PG_owner_priv_1,
	PG_owner_2,
	PG_arch_1,
	PG_reserved,
	PG_private,
	PG_private_2,
	PG_reclaim,
	PG_swapbacked,
	PG_unevictable,
	PG_mlocked,
	PG_hwpoison,
	PG_young,
	PG_idle,
	__NR_PAGEFLAGS,

	PG_swapcache = PG_owner_priv_1,
	PG_anon_exclusive = PG_owner_2,
	PG_mappedtodisk = PG_owner_2,
	PG_isolated = PG_reclaim,
	PG_readahead = PG_reclaim,

	/* page[1] of a large folio */
	PG_has_hwpoisoned = PG_active,
	PG_large_rmappable = PG_workingset,
	PG_partially_mapped = PG_reclaim,

	/*
	 * Simulator-only bit in page[1]: some tail page at index 3 or above has
	 * been written (a per-page map count or PG_anon_exclusive), so freeing
	 * the folio must clean its tails.  Lets a PMD-mapped THP be allocated,
	 * migrated and freed touching only the pages that carry folio data.
	 */
	PG_sim_tails_written = 28,
};

/* The page-flag bits (the simulator keeps nothing else in page->flags). */
#define PAGEFLAGS_MASK		0xffffffffUL

/* Page types (6.12 PGTY_*), in the top byte of page_type. */
#define PGTY_buddy	0xf0
#define PGTY_offline	0xf1	/* isolated for, or taken by, memory offline */
#define PGTY_hugetlb	0xf4
#define PAGE_TYPE_SHIFT	24

static inline bool page_has_type_value(unsigned int t, unsigned int type)
{
	return (t >> PAGE_TYPE_SHIFT) == type;
}

/* Per-page and per-folio bit operations.  Non-atomic: one host thread. */
static inline bool test_bit_ul(int nr, const unsigned long *w) { return (*w >> nr) & 1UL; }
static inline void set_bit_ul(int nr, unsigned long *w) { *w |= 1UL << nr; }
static inline void clear_bit_ul(int nr, unsigned long *w) { *w &= ~(1UL << nr); }
static inline bool test_and_clear_bit_ul(int nr, unsigned long *w)
{
	bool old = test_bit_ul(nr, w);

	*w &= ~(1UL << nr);
	return old;
}
static inline bool test_and_set_bit_ul(int nr, unsigned long *w)
{
	bool old = test_bit_ul(nr, w);

	*w |= 1UL << nr;
	return old;
}

/* folio_test_X / folio_set_X / folio_clear_X / __folio_ variants, on the head. */
#define FOLIO_FLAG(name, bit)							\
static inline bool folio_test_##name(const struct folio *f)			\
{ return test_bit_ul(bit, &f->flags); }						\
static inline void folio_set_##name(struct folio *f)				\
{ set_bit_ul(bit, &f->flags); }							\
static inline void folio_clear_##name(struct folio *f)				\
{ clear_bit_ul(bit, &f->flags); }						\
static inline void __folio_set_##name(struct folio *f)				\
{ set_bit_ul(bit, &f->flags); }							\
static inline void __folio_clear_##name(struct folio *f)			\
{ clear_bit_ul(bit, &f->flags); }						\
static inline bool folio_test_clear_##name(struct folio *f)			\
{ return test_and_clear_bit_ul(bit, &f->flags); }				\
static inline bool folio_test_set_##name(struct folio *f)			\
{ return test_and_set_bit_ul(bit, &f->flags); }

FOLIO_FLAG(locked, PG_locked)
FOLIO_FLAG(writeback, PG_writeback)
FOLIO_FLAG(referenced, PG_referenced)
FOLIO_FLAG(uptodate, PG_uptodate)
FOLIO_FLAG(dirty, PG_dirty)
FOLIO_FLAG(lru, PG_lru)
FOLIO_FLAG(active, PG_active)
FOLIO_FLAG(workingset, PG_workingset)
FOLIO_FLAG(swapcache, PG_swapcache)
FOLIO_FLAG(reserved, PG_reserved)
FOLIO_FLAG(private, PG_private)
FOLIO_FLAG(reclaim, PG_reclaim)
FOLIO_FLAG(isolated, PG_isolated)
FOLIO_FLAG(swapbacked, PG_swapbacked)
FOLIO_FLAG(unevictable, PG_unevictable)
FOLIO_FLAG(mlocked, PG_mlocked)
FOLIO_FLAG(young, PG_young)
FOLIO_FLAG(idle, PG_idle)
FOLIO_FLAG(waiters, PG_waiters)
FOLIO_FLAG(hwpoison, PG_hwpoison)
#undef FOLIO_FLAG

static inline bool folio_test_head(const struct folio *f)
{
	return test_bit_ul(PG_head, &f->flags);
}

/* Flags of page[1] (the "second page" word). */
#define FOLIO_FLAG_1(name, bit)						\
static inline bool folio_test_##name(const struct folio *f)		\
{ return folio_test_head(f) && test_bit_ul(bit, &f->_flags_1); }	\
static inline void folio_set_##name(struct folio *f)			\
{ set_bit_ul(bit, &f->_flags_1); }					\
static inline void folio_clear_##name(struct folio *f)			\
{ clear_bit_ul(bit, &f->_flags_1); }					\
static inline void __folio_clear_##name(struct folio *f)		\
{ clear_bit_ul(bit, &f->_flags_1); }

FOLIO_FLAG_1(large_rmappable, PG_large_rmappable)
FOLIO_FLAG_1(partially_mapped, PG_partially_mapped)
FOLIO_FLAG_1(has_hwpoisoned, PG_has_hwpoisoned)
FOLIO_FLAG_1(sim_tails_written, PG_sim_tails_written)
#undef FOLIO_FLAG_1

/* Per-page flags (any page, head or tail). */
static inline bool PageAnonExclusive(const struct page *p)
{ return test_bit_ul(PG_anon_exclusive, &p->flags); }
static inline void SetPageAnonExclusive(struct page *p)
{ set_bit_ul(PG_anon_exclusive, &p->flags); }
static inline void ClearPageAnonExclusive(struct page *p)
{ clear_bit_ul(PG_anon_exclusive, &p->flags); }
static inline bool PageHead(const struct page *p)
{ return test_bit_ul(PG_head, &p->flags); }
static inline bool PageReserved(const struct page *p)
{ return test_bit_ul(PG_reserved, &p->flags); }

static inline bool PageBuddy(const struct page *p)
{ return page_has_type_value(p->page_type, PGTY_buddy); }
static inline void __SetPageBuddy(struct page *p) { p->page_type = (unsigned)PGTY_buddy << PAGE_TYPE_SHIFT; }
static inline void __ClearPageBuddy(struct page *p) { p->page_type = 0; }

static inline bool PageOffline(const struct page *p)
{ return page_has_type_value(p->page_type, PGTY_offline); }

static inline bool folio_test_hugetlb(const struct folio *f)
{
	return folio_test_head(f) && page_has_type_value(f->page_type, PGTY_hugetlb);
}
static inline void __folio_set_hugetlb(struct folio *f)
{ f->page_type = (unsigned)PGTY_hugetlb << PAGE_TYPE_SHIFT; }
static inline void __folio_clear_hugetlb(struct folio *f) { f->page_type = 0; }

static inline bool folio_test_anon(const struct folio *f)
{
	return ((unsigned long)f->mapping & PAGE_MAPPING_ANON) != 0;
}

static inline bool __folio_test_movable(const struct folio *f)
{
	return ((unsigned long)f->mapping & PAGE_MAPPING_FLAGS) == PAGE_MAPPING_MOVABLE;
}

static inline bool folio_test_ksm(const struct folio *f)
{
	return ((unsigned long)f->mapping & PAGE_MAPPING_FLAGS) == PAGE_MAPPING_KSM;
}

/* Names for dump_page and the public flag strings, in enum order. */
extern const char *const pageflag_names[__NR_PAGEFLAGS];

#endif
