/* SPDX-License-Identifier: MIT */
/* Kind: mirrors the LRU half of include/linux/swap.h and mm/internal.h (no swap devices). */
#ifndef MIGSIM_LINUX_SWAP_H
#define MIGSIM_LINUX_SWAP_H

#include <linux/mm.h>

static inline enum lru_list folio_lru_list(const struct folio *folio)
{
	enum lru_list lru;

	if (folio_test_unevictable(folio))
		return LRU_UNEVICTABLE;
	lru = folio_is_file_lru(folio) ? LRU_INACTIVE_FILE : LRU_INACTIVE_ANON;
	if (folio_test_active(folio))
		lru += 1;
	return lru;
}

static inline struct lruvec *folio_lruvec(const struct folio *folio)
{
	return &folio_pgdat(folio)->__lruvec;
}

void folio_add_lru(struct folio *folio);
void folio_putback_lru(struct folio *folio);
bool folio_isolate_lru(struct folio *folio);
void lru_add_drain(void);
void lru_add_drain_cpu(int cpu);
void lru_add_drain_all(void);
void lru_cache_disable(void);
void lru_cache_enable(void);
void lruvec_del_folio(struct lruvec *lruvec, struct folio *folio);
void lruvec_add_folio(struct lruvec *lruvec, struct folio *folio);
void lruvec_add_folio_tail(struct lruvec *lruvec, struct folio *folio);
void folio_activate(struct folio *folio);

#endif
