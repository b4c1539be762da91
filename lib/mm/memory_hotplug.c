// SPDX-License-Identifier: MIT
/*
 * Memory hot-remove: offlining a pfn range by migrating everything movable
 * out of it.
 *
 * KERNEL: mm/memory_hotplug.c offline_pages(), scan_movable_pages(),
 * do_migrate_range() (6.12, and the 6.11 shape for older profiles);
 * mm/hugetlb.c page_huge_active() (5.10/5.11, for scan_movable_pages).
 *
 * Written from reference section 6.3 and 9d.  Approximations (also in
 * docs/callers.md):
 *  - a fatal signal is what ends the kernel's otherwise endless retry loop;
 *    here it is pending once OFFLINE_SIGNAL_AFTER rounds in a row migrated
 *    nothing (a deterministic stand-in for the administrator giving up);
 *  - no memory notifier chain, no zone shrinking beyond the node's present
 *    pages, no HWPoison handling (the model has no poisoned pages), no
 *    non-LRU movable pages;
 *  - MIGRATE_ISOLATE is emulated (lib/mm/page_isolation.c); the allocation
 *    callback refuses destinations inside the range.
 */
#include <linux/hugetlb.h>
#include <linux/huge_mm.h>
#include <linux/swap.h>
#include "internal.h"
#include "mm_callers.h"

/*
 * KERNEL: mm/hugetlb.c page_huge_active() (up to 5.11): "active" was
 * PG_private of page[1].  Up to 5.10 it began with
 * VM_BUG_ON_PAGE(!PageHuge(page)), which scan_movable_pages() could hit: it
 * calls this with no reference on a hugetlb page that may be being freed
 * (ecbf4724e606 removed the assertion in 5.11-rc7).  5.11 tests
 * PageHeadHuge(page) instead of PageHead(page).
 */
static bool page_huge_active(struct page *page)
{
	struct folio *folio = (struct folio *)page;

	if (kprofile->page_huge_active_vm_bug) {
		VM_BUG_ON_PAGE(!folio_test_hugetlb(page_folio(page)), page);
		return PageHead(page) && test_bit_ul(PG_private, &folio_page(folio, 1)->flags);
	}
	if (!folio_test_hugetlb(folio))
		return false;
	/* PageHeadHuge(page) && PagePrivate(&page[1]): two loads, and another
	 * CPU may free and dissolve the page between them (reference 9 d2). */
	sched_point("page_huge_active:page1");
	return test_bit_ul(PG_private, &folio_page(folio, 1)->flags);
}

/* The racy "may this hugetlb folio be migrated" test of scan_movable_pages(). */
static bool scan_hugetlb_migratable(struct page *page)
{
	struct folio *folio = page_folio(page);

	/* The window between PageHuge() and the flag test (reference 9d). */
	sched_point("scan_movable_pages:huge");
	if (kprofile->hugetlb_active_in_page1)
		return page_huge_active((struct page *)folio);
	return folio_test_hugetlb_migratable(folio);
}

/*
 * KERNEL: mm/memory_hotplug.c scan_movable_pages(): the first pfn in
 * [start, end) holding an LRU, movable or migratable hugetlb page.  No
 * reference or lock is held, as in the kernel.  -ENOENT when there is none,
 * -EBUSY for a PageOffline page somebody holds.
 */
int scan_movable_pages(unsigned long start, unsigned long end, unsigned long *movable_pfn)
{
	unsigned long pfn;

	SIM_FRAME();
	for (pfn = start; pfn < end; pfn++) {
		struct page *page;
		struct folio *folio;

		if (!pfn_valid(pfn))
			continue;
		page = pfn_to_page(pfn);
		if (PageBuddy(page)) {
			/* Not in the kernel: skipping a free block gives the same
			 * answer as testing each of its pages. */
			pfn += (1UL << page->private) - 1;
			continue;
		}
		if (PageOffline(page)) {
			if (page->_refcount)
				return -EBUSY;
			continue;
		}
		folio = page_folio(page);
		if (folio_test_lru(folio))		/* PageLRU: the head's flag */
			goto found;
		if (__folio_test_movable(folio))
			goto found;
		if (!folio_test_hugetlb(folio))
			continue;
		if (scan_hugetlb_migratable(page))
			goto found;
		/* Jump to the folio's last pfn (assumes natural alignment). */
		folio = page_folio(page);
		pfn |= folio_nr_pages(folio) - 1;
	}
	return -ENOENT;
found:
	*movable_pfn = pfn;
	return 0;
}

/* ---- the allocation callback: never a destination inside the range ---- */

#define OFFLINE_PARK_MAX 64

struct offline_target {
	struct migration_target_control mtc;
	unsigned long start, end;
	struct folio *parked[OFFLINE_PARK_MAX];
	unsigned int nr_parked;
};

static struct folio *offline_alloc_target(struct folio *src, unsigned long private)
{
	struct offline_target *ot = (struct offline_target *)private;

	for (;;) {
		struct folio *dst = alloc_migration_target(src, (unsigned long)&ot->mtc);
		unsigned long pfn;

		if (!dst)
			return NULL;
		pfn = folio_pfn(dst);
		if (pfn + folio_nr_pages(dst) <= ot->start || pfn >= ot->end)
			return dst;
		/* MIGRATE_ISOLATE: the kernel allocator would not hand this out. */
		if (ot->nr_parked == OFFLINE_PARK_MAX) {
			folio_put(dst);
			return NULL;
		}
		ot->parked[ot->nr_parked++] = dst;
	}
}

static void offline_release_parked(struct offline_target *ot)
{
	while (ot->nr_parked)
		folio_put(ot->parked[--ot->nr_parked]);
}

/* 6.11 and before: the pfn's own page, get_page_unless_zero(), the list in
 * pfn order (list_add_tail). */
static void isolate_range_611(unsigned long pfn, unsigned long end_pfn,
			      struct list_head *source, struct offline_stats *st)
{
	for (; pfn < end_pfn; pfn++) {
		struct page *page, *head;
		struct folio *folio;
		bool isolated;

		if (!pfn_valid(pfn))
			continue;
		page = pfn_to_page(pfn);
		if (PageBuddy(page)) {
			pfn += (1UL << page->private) - 1;
			continue;
		}
		folio = page_folio(page);
		head = (struct page *)folio;
		if (folio_test_hugetlb(folio)) {
			pfn = page_to_pfn(head) + folio_nr_pages(folio) - 1;
			isolate_hugetlb(folio, source);
			continue;
		} else if (PageHead(page)) {
			pfn = page_to_pfn(head) + folio_nr_pages(folio) - 1;
		}
		/* get_page_unless_zero(page): a tail page's own count is 0. */
		if (!page->_refcount)
			continue;
		folio_ref_inc(folio);
		isolated = folio_isolate_lru(folio);
		if (isolated) {
			list_add_tail(&folio->lru, source);
			node_stat_mod_folio(folio, folio_is_file_lru(folio) ? NR_ISOLATED_FILE :
					    NR_ISOLATED_ANON, folio_nr_pages(folio));
		} else {
			st->nr_isolate_failed++;
			sim_story("do_migrate_range: failed to isolate pfn %lx", pfn);
		}
		folio_put(folio);
	}
}

/* 6.12: the folio, folio_try_get(), isolate_folio_to_list() (list_add: the
 * list ends up in roughly reverse pfn order). */
static void isolate_range_612(unsigned long pfn, unsigned long end_pfn,
			      struct list_head *source, struct offline_stats *st)
{
	for (; pfn < end_pfn; pfn++) {
		struct page *page;
		struct folio *folio;

		if (!pfn_valid(pfn))
			continue;
		page = pfn_to_page(pfn);
		if (PageBuddy(page)) {
			pfn += (1UL << page->private) - 1;
			continue;
		}
		folio = page_folio(page);
		if (folio_test_large(folio))
			pfn = folio_pfn(folio) + folio_nr_pages(folio) - 1;
		if (!folio_try_get(folio))
			continue;
		if (unlikely(page_folio(page) != folio))
			goto put_folio;
		if (!isolate_folio_to_list(folio, source)) {
			st->nr_isolate_failed++;
			sim_story("do_migrate_range: failed to isolate pfn %lx", pfn);
		}
put_folio:
		folio_put(folio);
	}
}

/*
 * KERNEL: mm/memory_hotplug.c do_migrate_range(): isolate what can move in
 * [start_pfn, end_pfn) and migrate it to another node with memory
 * (MR_MEMORY_HOTPLUG, MIGRATE_SYNC); put back what failed.  Returns the
 * base pages migrated.
 */
static unsigned long do_migrate_range(unsigned long start_pfn, unsigned long end_pfn,
				      unsigned long range_start, struct offline_stats *st)
{
	struct offline_target ot = { .start = range_start, .end = end_pfn };
	nodemask_t nmask = sim_world->node_memory_mask;
	unsigned int nr_succeeded = 0;
	struct folio *folio;
	LIST_HEAD(source);
	int ret;

	SIM_FRAME();
	st->migrate_calls++;
	/* The version is the switch until profile.h names this difference. */
	if (kprofile->version >= KV(6, 12))
		isolate_range_612(start_pfn, end_pfn, &source, st);
	else
		isolate_range_611(start_pfn, end_pfn, &source, st);
	if (list_empty(&source))
		return 0;

	folio = list_first_entry(&source, struct folio, lru);
	ot.mtc.nid = folio_nid(folio);
	nmask &= ~(1ULL << ot.mtc.nid);
	if (!nmask)
		nmask = 1ULL << ot.mtc.nid;
	ot.mtc.nmask = &nmask;
	ot.mtc.gfp_mask = GFP_USER | __GFP_MOVABLE | __GFP_RETRY_MAYFAIL;
	ot.mtc.reason = MR_MEMORY_HOTPLUG;
	ret = migrate_pages(&source, offline_alloc_target, NULL, (unsigned long)&ot,
			    MIGRATE_SYNC, MR_MEMORY_HOTPLUG, &nr_succeeded);
	offline_release_parked(&ot);
	if (ret) {
		list_for_each_entry(folio, &source, lru) {
			st->nr_migrate_failed++;
			sim_story("do_migrate_range: migrating pfn %lx failed ret:%d",
				  folio_pfn(folio), ret);
		}
		putback_movable_pages(&source);
	}
	st->nr_migrated += nr_succeeded;
	return nr_succeeded;
}

/*
 * KERNEL: mm/memory_hotplug.c offline_pages() from the isolation on.  The
 * caller (lib/engine/api_callers.c) made the sanity checks: alignment, no
 * holes, one node.  Returns 0, or the kernel's error: -EBUSY ("failure to
 * isolate range", "unmovable page", "failure to dissolve huge pages"),
 * -EINTR ("signal backoff").  On failure every page is where migration left
 * it and the isolation is undone; nothing is lost.
 */
int offline_pages(unsigned long start_pfn, unsigned long nr_pages, struct offline_stats *st)
{
	unsigned long end_pfn = start_pfn + nr_pages, pfn;
	unsigned int idle_rounds = 0;
	int ret;

	SIM_FRAME();
	lru_cache_disable();
	ret = start_isolate_page_range(start_pfn, end_pfn);
	if (ret) {
		st->reason = "failure to isolate range";
		goto failed_removal_pcp_disable;
	}
	do {
		st->passes++;
		pfn = start_pfn;
		do {
			if (idle_rounds >= OFFLINE_SIGNAL_AFTER) {
				ret = -EINTR;
				st->reason = "signal backoff";
				goto failed_removal_isolated;
			}
			cond_resched();
			ret = scan_movable_pages(pfn, end_pfn, &pfn);
			if (!ret) {
				if (do_migrate_range(pfn, end_pfn, start_pfn, st))
					idle_rounds = 0;
				else
					idle_rounds++;
			}
		} while (!ret);
		if (ret != -ENOENT) {
			st->reason = "unmovable page";
			goto failed_removal_isolated;
		}
		ret = dissolve_free_hugetlb_folios(start_pfn, end_pfn);
		if (ret) {
			st->reason = "failure to dissolve huge pages";
			goto failed_removal_isolated;
		}
		ret = test_pages_isolated(start_pfn, end_pfn);
		if (ret)
			idle_rounds++;
	} while (ret);

	__offline_isolated_pages(start_pfn, end_pfn);
	lru_cache_enable();
	sim_story("offline_pages: [pfn %#lx-%#lx] offlined after %u pass(es); node %d now has "
		  "%lu present pages", start_pfn, end_pfn - 1, st->passes, pfn_to_nid(start_pfn),
		  NODE_DATA(pfn_to_nid(start_pfn))->node_present_pages);
	return 0;

failed_removal_isolated:
	undo_isolate_page_range(start_pfn, end_pfn);
failed_removal_pcp_disable:
	lru_cache_enable();
	sim_story("memory offlining [mem %#010lx-%#010lx] failed due to %s",
		  start_pfn << PAGE_SHIFT, (end_pfn << PAGE_SHIFT) - 1, st->reason);
	return ret;
}
