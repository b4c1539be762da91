// SPDX-License-Identifier: MIT
/*
 * LRU lists, the per-CPU lru_add batches, and the last folio_put().
 *
 * KERNEL: mm/swap.c (folio_add_lru, lru_add_fn, folio_batch_move_lru,
 * lru_add_drain*, lru_cache_disable, __folio_put).  lruvec_add_folio /
 * lruvec_del_folio (include/linux/mm_inline.h) are in <linux/swap.h>, and
 * so are lru_add_fn() and the body of folio_add_lru(), which migration
 * inlines.
 *
 * Only the lru_add batch is modelled; the deactivate/lazyfree/activate
 * batches are not (nothing in the model feeds them).
 */
#include <linux/swap.h>
#include <linux/huge_mm.h>
#include <linux/hugetlb.h>
#include "internal.h"

/* KERNEL: mm/swap.c folio_batch_move_lru() with lru_add_fn() */
void folio_batch_move_lru(struct folio_batch *fbatch)
{
	unsigned int i, nr = fbatch->nr;

	fbatch->nr = 0;
	for (i = 0; i < nr; i++) {
		struct folio *folio = fbatch->folios[i];

		lru_add(folio);
		folio_put(folio);	/* the batch's reference */
	}
}

/* KERNEL: mm/swap.c folio_add_lru() (the body is __folio_add_lru()). */
void folio_add_lru(struct folio *folio)
{
	__folio_add_lru(folio);
}

/*
 * The VM_BUG_ON_FOLIO(folio_test_lru(folio)) of folio_add_lru() and of
 * lru_add_fn(), out of line (both are inline in <linux/swap.h>): the same
 * report, from @func, the function that makes the check.
 */
void folio_add_lru_on_lru(struct folio *folio, const char *func)
{
	sim_raise(SIM_BUG, func, __FILE__, __LINE__, (const struct page *)folio,
		  "kernel BUG: VM_BUG_ON_FOLIO(%s)", "folio_test_lru(folio)");
}

void folio_putback_lru(struct folio *folio)
{
	folio_add_lru(folio);
	folio_put(folio);
}

void lru_add_drain_cpu(int cpu)
{
	struct folio_batch *fbatch = &sim_world->cpu_batches[cpu].lru_add;

	if (fbatch->nr)
		folio_batch_move_lru(fbatch);
}

void lru_add_drain(void)
{
	lru_add_drain_cpu(smp_processor_id());
}

void lru_add_drain_all(void)
{
	int cpu;

	for (cpu = 0; cpu < sim_world->nr_cpus; cpu++)
		lru_add_drain_cpu(cpu);
}

void lru_cache_disable(void)
{
	sim_world->lru_disable_count++;
	lru_add_drain_all();
}

void lru_cache_enable(void)
{
	sim_world->lru_disable_count--;
}

void folio_activate(struct folio *folio)
{
	struct lruvec *lruvec;

	if (!folio_test_lru(folio) || folio_test_active(folio) ||
	    folio_test_unevictable(folio))
		return;
	lruvec = folio_lruvec(folio);
	spin_lock(&lruvec->lru_lock);
	lruvec_del_folio(lruvec, folio);
	folio_set_active(folio);
	lruvec_add_folio(lruvec, folio);
	spin_unlock(&lruvec->lru_lock);
}

/*
 * KERNEL: mm/swap.c page_cache_release(), the part for a folio that was on
 * the LRU.  Out of line: a folio whose last reference goes while it is off
 * the LRU (every migrated source) then frees with no registers to save in
 * __folio_put().
 */
static void __attribute__((noinline)) page_cache_release_lru(struct folio *folio)
{
	struct lruvec *lruvec;

	lruvec = folio_lruvec(folio);
	spin_lock(&lruvec->lru_lock);
	lruvec_del_folio(lruvec, folio);
	spin_unlock(&lruvec->lru_lock);
	folio_clear_active(folio);
	folio_clear_unevictable(folio);
}

/* KERNEL: mm/swap.c __folio_put(): the last reference is gone. */
void __folio_put(struct folio *folio)
{
	if (folio_test_hugetlb(folio)) {
		free_huge_folio(folio);
		return;
	}
	if (folio_test_clear_lru(folio))
		page_cache_release_lru(folio);
	if (folio_test_large(folio))
		folio_unqueue_deferred_split(folio);
	free_unref_folio(folio, folio_order(folio));
}
