// SPDX-License-Identifier: MIT
/*
 * KERNEL: mm/vmscan.c folio_isolate_lru().  Reclaim itself (and demotion)
 * comes with the callers issue; isolation is what migration needs.
 */
#include <linux/swap.h>

/*
 * Whoever clears PG_lru owns the isolation; everyone else fails.  The caller
 * must hold a reference and accounts NR_ISOLATED_{ANON,FILE} itself.
 */
bool folio_isolate_lru(struct folio *folio)
{
	struct lruvec *lruvec;

	VM_BUG_ON_FOLIO(!folio_ref_count(folio), folio);
	if (!folio_test_clear_lru(folio))
		return false;
	folio_get(folio);
	lruvec = folio_lruvec(folio);
	spin_lock(&lruvec->lru_lock);
	lruvec_del_folio(lruvec, folio);
	spin_unlock(&lruvec->lru_lock);
	return true;
}
