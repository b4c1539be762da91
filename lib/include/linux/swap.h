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

/* One lruvec per node, inside its pglist_data (no memory cgroups). */
static __always_inline pg_data_t *lruvec_pgdat(struct lruvec *lruvec)
{
	return container_of(lruvec, pg_data_t, __lruvec);
}

/*
 * KERNEL: include/linux/mm_inline.h update_lru_size(), lruvec_add_folio(),
 * lruvec_add_folio_tail(), lruvec_del_folio(): inline, as there.  The
 * caller holds lruvec->lru_lock, and @lruvec is folio_lruvec(@folio), so
 * the node's counters are found from the lruvec, as the kernel's
 * __update_lru_size() does.
 *
 * Unevictable folios are counted but linked on no list (since 5.16 the
 * kernel keeps mlock_count in the second word of folio->lru instead);
 * lists[LRU_UNEVICTABLE] stays empty.
 */
static __always_inline void update_lru_size(struct lruvec *lruvec, enum lru_list lru, long nr)
{
	lruvec->nr_pages[lru] += nr;
	lruvec_pgdat(lruvec)->vm_stat[NR_LRU_BASE + lru] += nr;
}

static __always_inline void lruvec_add_folio(struct lruvec *lruvec, struct folio *folio)
{
	enum lru_list lru = folio_lru_list(folio);

	update_lru_size(lruvec, lru, folio_nr_pages(folio));
	if (lru == LRU_UNEVICTABLE) {
		folio->mlock_count = 0;
		return;
	}
	list_add(&folio->lru, &lruvec->lists[lru]);
}

static __always_inline void lruvec_add_folio_tail(struct lruvec *lruvec, struct folio *folio)
{
	enum lru_list lru = folio_lru_list(folio);

	update_lru_size(lruvec, lru, folio_nr_pages(folio));
	if (lru == LRU_UNEVICTABLE) {
		folio->mlock_count = 0;
		return;
	}
	list_add_tail(&folio->lru, &lruvec->lists[lru]);
}

static __always_inline void lruvec_del_folio(struct lruvec *lruvec, struct folio *folio)
{
	enum lru_list lru = folio_lru_list(folio);

	if (lru != LRU_UNEVICTABLE)
		list_del(&folio->lru);
	update_lru_size(lruvec, lru, -folio_nr_pages(folio));
}

/* Out-of-line reports of the inline functions below (mm/vmscan.c, mm/swap.c). */
void folio_isolate_lru_unref(struct folio *folio);
void folio_add_lru_on_lru(struct folio *folio, const char *func);

/*
 * KERNEL: mm/vmscan.c folio_isolate_lru(), for a caller that has the
 * folio's lruvec at hand (a folio's node never changes); vmscan.c's
 * folio_isolate_lru() is this with folio_lruvec().
 */
static __always_inline bool folio_isolate_lru_at(struct folio *folio, struct lruvec *lruvec)
{
	if (unlikely(!folio_ref_count(folio)))
		folio_isolate_lru_unref(folio);		/* VM_BUG_ON_FOLIO() */
	if (!folio_test_clear_lru(folio))
		return false;
	folio_get(folio);
	spin_lock(&lruvec->lru_lock);
	lruvec_del_folio(lruvec, folio);
	spin_unlock(&lruvec->lru_lock);
	return true;
}

/* KERNEL: mm/swap.c lru_add_fn() */
static __always_inline void lru_add(struct folio *folio)
{
	struct lruvec *lruvec = folio_lruvec(folio);

	if (unlikely(folio_test_lru(folio)))
		folio_add_lru_on_lru(folio, "lru_add");		/* VM_BUG_ON_FOLIO() */
	spin_lock(&lruvec->lru_lock);
	folio_set_lru(folio);
	lruvec_add_folio(lruvec, folio);
	spin_unlock(&lruvec->lru_lock);
}

void folio_batch_move_lru(struct folio_batch *fbatch);

/*
 * KERNEL: mm/swap.c folio_add_lru().  The folio waits in this CPU's batch,
 * with PG_lru clear and an extra reference, until the batch is full, the
 * folio is large, or the LRU cache is disabled.  A folio in a batch cannot
 * be isolated.
 *
 * Inline for migrate_folio_move(), which adds every destination; everyone
 * else calls folio_add_lru().
 */
static __always_inline void __folio_add_lru(struct folio *folio)
{
	struct folio_batch *fbatch = &sim_world->cpu_batches[smp_processor_id()].lru_add;

	if (unlikely(folio_test_lru(folio)))
		folio_add_lru_on_lru(folio, "folio_add_lru");	/* VM_BUG_ON_FOLIO() */
	folio_get(folio);
	if (!fbatch->nr && (folio_test_large(folio) || sim_world->lru_disable_count)) {
		/* A batch of just this folio, moved at once (every add while
		 * migrate_pages(2) has the LRU cache disabled): what
		 * folio_batch_move_lru() would do, without the batch. */
		lru_add(folio);
		folio_put(folio);
		return;
	}
	fbatch->folios[fbatch->nr++] = folio;
	if (fbatch->nr == PAGEVEC_SIZE || folio_test_large(folio) ||
	    sim_world->lru_disable_count)
		folio_batch_move_lru(fbatch);
}

void folio_add_lru(struct folio *folio);
void folio_putback_lru(struct folio *folio);
bool folio_isolate_lru(struct folio *folio);
void lru_add_drain(void);
void lru_add_drain_cpu(int cpu);
void lru_add_drain_all(void);
void lru_cache_disable(void);
void lru_cache_enable(void);
void folio_activate(struct folio *folio);

#endif
