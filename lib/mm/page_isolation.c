// SPDX-License-Identifier: MIT
/*
 * Isolating a pfn range for memory offline: no allocation may be served
 * from it while its pages are migrated away, and at the end every page of it
 * must be free and isolated.
 *
 * KERNEL: mm/page_isolation.c start_isolate_page_range(),
 * has_unmovable_pages(), test_pages_isolated(), undo_isolate_page_range();
 * mm/page_alloc.c __offline_isolated_pages().
 *
 * The kernel marks the range's pageblocks MIGRATE_ISOLATE: their free pages
 * move to the isolate free list, stop counting in NR_FREE_PAGES, and pages
 * freed into them later join that list.  The model has no migratetypes, so:
 *  - a free page of the range is taken off the buddy lists (splitting a free
 *    block that straddles the range edge, as isolate_single_pageblock()
 *    does), leaves NR_FREE_PAGES, and is marked with the PGTY_offline page
 *    type, refcount 0 (what test_pages_isolated() accepts for offline);
 *  - pages freed into the range while it is isolated land on the ordinary
 *    lists; isolate_free_in_range() takes them again before each test, and
 *    memory_hotplug.c's allocation callback refuses targets inside the range
 *    (the kernel allocator would never hand them out);
 *  - never-touched memory above the node's frontier is handed to the buddy
 *    allocator up to the range, and the range itself is isolated directly.
 * These lists are page_alloc.c's; the buddy-list surgery below belongs
 * there (del_page_from_free_list), see docs/callers.md.
 */
#include <linux/hugetlb.h>
#include "internal.h"
#include "mm_callers.h"

static void mark_isolated(unsigned long pfn, unsigned long nr)
{
	unsigned long i;

	for (i = 0; i < nr; i++) {
		struct page *p = pfn_to_page(pfn + i);

		p->page_type = (unsigned int)PGTY_offline << PAGE_TYPE_SHIFT;
	}
}

/* The free buddy block covering @pfn, or NULL. */
static struct page *buddy_block_of(pg_data_t *pgdat, unsigned long pfn, unsigned int *orderp)
{
	unsigned int o;

	for (o = 0; o <= MAX_PAGE_ORDER; o++) {
		unsigned long h = pfn & ~((1UL << o) - 1);
		struct page *p;

		if (h < pgdat->node_start_pfn)
			break;
		p = pfn_to_page(h);
		if (PageBuddy(p) && p->private >= o && h + (1UL << p->private) > pfn) {
			*orderp = (unsigned int)p->private;
			return p;
		}
	}
	return NULL;
}

/*
 * KERNEL: del_page_from_free_list() + isolate_single_pageblock()'s split:
 * take the whole block off its list, keep [start, end) of it isolated, give
 * the rest back.  Returns the pages isolated.
 */
static unsigned long isolate_buddy_block(pg_data_t *pgdat, struct page *page,
					 unsigned int order, unsigned long start,
					 unsigned long end)
{
	unsigned long pfn = page_to_pfn(page), bend = pfn + (1UL << order);
	unsigned long s = max(pfn, start), e = min(bend, end);

	spin_lock(&pgdat->zone_lock);
	del_page_from_free_list(pgdat, page, order);
	pgdat->vm_stat[NR_FREE_PAGES] -= 1L << order;
	spin_unlock(&pgdat->zone_lock);
	mark_isolated(s, e - s);
	/* The parts outside the range go back (node_release_to_buddy counts
	 * them free again). */
	if (pfn < s)
		node_release_to_buddy(pgdat->node_id, pfn, s - pfn);
	if (e < bend)
		node_release_to_buddy(pgdat->node_id, e, bend - e);
	return e - s;
}

/*
 * Hand never-touched memory below the range to the buddy allocator and
 * isolate the never-touched part of the range, so the allocator's frontier
 * lies at or above @end_pfn.
 */
static unsigned long isolate_frontier(pg_data_t *pgdat, unsigned long start_pfn,
				      unsigned long end_pfn)
{
	unsigned long f = pgdat->frontier_pfn, s;

	if (f >= end_pfn)
		return 0;
	s = max(f, start_pfn);
	sparse_mark_range(f, end_pfn - f);
	spin_lock(&pgdat->zone_lock);
	pgdat->frontier_pfn = end_pfn;
	pgdat->vm_stat[NR_FREE_PAGES] -= (long)(end_pfn - f);
	spin_unlock(&pgdat->zone_lock);
	if (f < s)
		node_release_to_buddy(pgdat->node_id, f, s - f);
	mark_isolated(s, end_pfn - s);
	return end_pfn - s;
}

unsigned long isolate_free_in_range(unsigned long start_pfn, unsigned long end_pfn)
{
	pg_data_t *pgdat = NODE_DATA(pfn_to_nid(start_pfn));
	unsigned long pfn = start_pfn, n = 0;
	unsigned int order;
	struct page *page;

	drain_node_pages(pgdat->node_id);	/* zone_pcp_disable() */
	n += isolate_frontier(pgdat, start_pfn, end_pfn);
	/* A block straddling the start of the range. */
	page = buddy_block_of(pgdat, start_pfn, &order);
	if (page)
		n += isolate_buddy_block(pgdat, page, order, start_pfn, end_pfn);
	while (pfn < end_pfn) {
		page = pfn_to_page(pfn);
		if (PageBuddy(page)) {
			order = (unsigned int)page->private;
			n += isolate_buddy_block(pgdat, page, order, start_pfn, end_pfn);
			pfn += 1UL << order;
			continue;
		}
		if (PageHead(page) && !(page->compound_head & 1)) {
			pfn += folio_nr_pages((struct folio *)page);
			continue;
		}
		pfn++;
	}
	return n;
}

/*
 * KERNEL: mm/page_isolation.c has_unmovable_pages() for MEMORY_OFFLINE: the
 * first page of the range that can be neither freed nor migrated, or NULL.
 * Free pages, LRU and movable folios, and hugetlb folios of an hstate that
 * supports migration are fine; a reserved page, or any other allocated page
 * (a kernel allocation), is not.
 */
static struct page *has_unmovable_pages(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pfn;

	for (pfn = start_pfn; pfn < end_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);
		struct folio *folio;

		if (PageBuddy(page)) {
			pfn += (1UL << page->private) - 1;
			continue;
		}
		if (PageOffline(page))
			continue;
		if (PageReserved(page))
			return page;
		folio = page_folio(page);
		if (folio_test_hugetlb(folio)) {
			if (!hugepage_migration_supported(folio_hstate(folio)))
				return page;
			pfn = folio_pfn(folio) + folio_nr_pages(folio) - 1;
			continue;
		}
		if (!folio_ref_count(folio))
			continue;	/* free: in a buddy block or on a per-CPU list */
		if (folio_test_lru(folio) || __folio_test_movable(folio)) {
			pfn = folio_pfn(folio) + folio_nr_pages(folio) - 1;
			continue;
		}
		return page;
	}
	return NULL;
}

/* KERNEL: mm/page_isolation.c start_isolate_page_range() (MEMORY_OFFLINE |
 * REPORT_FAILURE): -EBUSY, and nothing isolated, if an unmovable page is in
 * the way. */
int start_isolate_page_range(unsigned long start_pfn, unsigned long end_pfn)
{
	struct page *bad;

	SIM_FRAME();
	drain_node_pages(pfn_to_nid(start_pfn));
	bad = has_unmovable_pages(start_pfn, end_pfn);
	if (bad) {
		sim_story("start_isolate_page_range: unmovable page at pfn %#lx (refcount %d%s): "
			  "-EBUSY", page_to_pfn(bad), page_count(bad),
			  PageReserved(bad) ? ", reserved" : "");
		return -EBUSY;
	}
	isolate_free_in_range(start_pfn, end_pfn);
	return 0;
}

/* KERNEL: mm/page_isolation.c undo_isolate_page_range(): the isolated free
 * pages go back to the buddy lists. */
void undo_isolate_page_range(unsigned long start_pfn, unsigned long end_pfn)
{
	int nid = pfn_to_nid(start_pfn);
	unsigned long pfn = start_pfn;

	while (pfn < end_pfn) {
		unsigned long run = pfn;

		while (run < end_pfn && PageOffline(pfn_to_page(run))) {
			pfn_to_page(run)->page_type = 0;
			run++;
		}
		if (run > pfn) {
			node_release_to_buddy(nid, pfn, run - pfn);
			pfn = run;
		} else {
			pfn++;
		}
	}
}

/* KERNEL: mm/page_isolation.c test_pages_isolated(MEMORY_OFFLINE): 0 when
 * every page of the range is free and isolated, else -EBUSY. */
int test_pages_isolated(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pfn;

	isolate_free_in_range(start_pfn, end_pfn);
	for (pfn = start_pfn; pfn < end_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (!PageOffline(page) || page->_refcount)
			return -EBUSY;
	}
	return 0;
}

/*
 * KERNEL: mm/page_alloc.c __offline_isolated_pages() and
 * mm/memory_hotplug.c's accounting after it: the isolated pages are gone
 * from the node (they keep the PGTY_offline type and PG_reserved), which
 * shrinks by the range; a node left without memory leaves N_MEMORY.
 */
void __offline_isolated_pages(unsigned long start_pfn, unsigned long end_pfn)
{
	int nid = pfn_to_nid(start_pfn);
	pg_data_t *pgdat = NODE_DATA(nid);
	unsigned long pfn;

	for (pfn = start_pfn; pfn < end_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);

		BUG_ON(page->_refcount);
		BUG_ON(!PageOffline(page));
		set_bit_ul(PG_reserved, &page->flags);
	}
	pgdat->node_present_pages -= end_pfn - start_pfn;
	if (!pgdat->node_present_pages) {
		pgdat->has_memory = false;
		sim_world->node_memory_mask &= ~(1ULL << nid);
	}
}
