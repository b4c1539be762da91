// SPDX-License-Identifier: MIT
/*
 * Compaction of one node's memory: the migrate scanner takes movable folios
 * from the bottom of the node, the free scanner takes free blocks from the
 * top, and migrate_pages(MR_COMPACTION) moves the one into the other, until
 * the scanners meet or a free block of the wanted order exists.
 *
 * KERNEL: mm/compaction.c (6.12) compact_zone(), compact_finished(),
 * isolate_migratepages(), isolate_migratepages_block(), isolate_freepages(),
 * isolate_freepages_block(), compaction_alloc(), compaction_free(),
 * release_free_list(), compaction_suitable(), compact_zone_order(),
 * compact_node(); mm/vmstat.c fragmentation_index(); mm/page_alloc.c
 * __isolate_free_page() and __alloc_pages_direct_compact().
 *
 * Profiles: from 6.10 (Zi Yan's ">0 order folio compaction") the migrate
 * scanner isolates large folios below the target order and pageblock order,
 * and compaction_alloc() hands out blocks of the source's order; before
 * 6.10 every compound page is skipped.  With the 6.10-rc1..rc4 migration
 * code (an A1 split not counted as a failure, reference 9 e2/e3) a split
 * piece that fails leaves migrate_pages() returning 0 with a non-empty
 * list, and the VM_BUG_ON at the end of compact_zone() fires.
 *
 * Approximations (also in docs/callers/compaction.md):
 *  - one zone per node, no migratetypes: every pageblock is MIGRATE_MOVABLE,
 *    so suitable_migration_source/target accept every block and any free
 *    block of the order counts in compact_finished();
 *  - no pageblock skip bits, cached scanner positions, fast searches
 *    (fast_find_migrateblock, fast_isolate_freepages), deferral, capture
 *    or proactive compaction: every pass is a whole-zone pass with
 *    ignore_skip_hint, as MIN_COMPACT_PRIORITY and compact_node() run;
 *  - watermarks: the node's one watermark (watermark_high) stands for the
 *    kernel's min/low watermark in compaction_suitable(); "the allocation
 *    can already succeed" is "a free block of the order exists";
 *    __isolate_free_page() takes no watermark (the model's allocator has
 *    none either);
 *  - never-touched memory above the allocator's frontier is free blocks of
 *    at least pageblock order: both scanners leave it out of the pass (the
 *    free scanner would refuse it, the migrate scanner would skip it), and
 *    it counts as free for the order checks and fragmentation_index();
 *  - release_free_list() returns unused free pages straight to the buddy
 *    lists (the kernel frees them with __free_pages(), so order-0 ones go
 *    through a per-CPU list);
 *  - no non-LRU movable pages exist in the model (no isolate_movable_page());
 *  - too_many_isolated() under a sync mode throttles at most
 *    COMPACT_THROTTLE_MAX times, then acts as a pending fatal signal;
 *  - the pre-6.10 free-page handling (split to order 0 at isolation) is not
 *    modelled: every profile uses the 6.10 per-order lists, so which free
 *    page receives which order-0 source may differ from a 6.9 kernel.
 */
#include <string.h>
#include <linux/compaction.h>
#include <linux/huge_mm.h>
#include <linux/swap.h>
#include "internal.h"

#define ISOLATE_UNEVICTABLE	0x4u
#define ISOLATE_ASYNC_MIGRATE	0x8u
typedef unsigned int isolate_mode_t;

/* reclaim_throttle() rounds before too_many_isolated() gives up (model). */
#define COMPACT_THROTTLE_MAX	16

typedef enum {
	ISOLATE_ABORT,		/* abort compaction now */
	ISOLATE_NONE,		/* no pages isolated, continue scanning */
	ISOLATE_SUCCESS,	/* pages isolated, migrate */
} isolate_migrate_t;

static inline bool pageblock_aligned(unsigned long pfn)
{
	return !(pfn & (pageblock_nr_pages - 1));
}

static inline unsigned long block_start_pfn(unsigned long pfn, unsigned int order)
{
	return pfn & ~((1UL << order) - 1);
}

static inline unsigned long block_end_pfn(unsigned long pfn, unsigned int order)
{
	return ALIGN(pfn + 1, 1UL << order);
}

#define pageblock_start_pfn(pfn)	block_start_pfn(pfn, pageblock_order)
#define pageblock_end_pfn(pfn)		block_end_pfn(pfn, pageblock_order)

static inline bool is_via_compact_memory(int order)
{
	return order == -1;
}

/* Where the pass ends: the allocator's frontier (see the header comment). */
static inline unsigned long compact_end_pfn(const pg_data_t *pgdat)
{
	return pgdat->frontier_pfn;
}

static inline bool compact_scanners_met(const struct compact_control *cc)
{
	return (cc->free_pfn >> pageblock_order) <= (cc->migrate_pfn >> pageblock_order);
}

/* 6.10 taught compaction to migrate large folios. */
static inline bool compaction_migrates_large(void)
{
	return kprofile->compaction_large_folios;
}

/* The order of a compound head, 0 for a tail or a small page (compound_order()). */
static inline unsigned int compound_order_of(struct page *page)
{
	return PageHead(page) ? folio_order((struct folio *)page) : 0;
}

static inline bool page_is_compound(struct page *page)
{
	return PageHead(page) || PageTail(page);
}

const char *compact_result_name(enum compact_result r)
{
	static const char *const names[] = {
		[COMPACT_NOT_SUITABLE_ZONE] = "not_suitable_zone",
		[COMPACT_SKIPPED] = "skipped",
		[COMPACT_DEFERRED] = "deferred",
		[COMPACT_NO_SUITABLE_PAGE] = "no_suitable_page",
		[COMPACT_CONTINUE] = "continue",
		[COMPACT_COMPLETE] = "complete",
		[COMPACT_PARTIAL_SKIPPED] = "partial_skipped",
		[COMPACT_CONTENDED] = "contended",
		[COMPACT_SUCCESS] = "success",
	};

	return (unsigned int)r <= COMPACT_SUCCESS ? names[r] : "?";
}

/********************************** free memory of the node ****************/

/*
 * Never-touched memory [frontier, end) as the buddy allocator would hold
 * it: naturally aligned blocks of MAX_PAGE_ORDER, and an order-9 block at
 * either edge when the range is only pageblock-aligned there.
 */
static void untouched_blocks(const pg_data_t *pgdat, unsigned long *nr_max,
			     unsigned long *nr_pb)
{
	unsigned long pfn = pgdat->frontier_pfn, end = pgdat_end_pfn(pgdat);
	unsigned long max_nr = 1UL << MAX_PAGE_ORDER;

	*nr_max = *nr_pb = 0;
	if (pfn >= end)
		return;
	if (!IS_ALIGNED(pfn, max_nr) && pfn + pageblock_nr_pages <= end) {
		(*nr_pb)++;
		pfn += pageblock_nr_pages;
	}
	*nr_max = (end - pfn) / max_nr;
	pfn += *nr_max * max_nr;
	if (pfn < end)
		*nr_pb += (end - pfn) / pageblock_nr_pages;
}

/* A free block of at least @order on the node's free lists or in its
 * never-touched memory. */
bool node_has_free_block(const pg_data_t *pgdat, int order)
{
	unsigned long nr_max, nr_pb;
	unsigned int o;

	for (o = (unsigned int)order; o < NR_PAGE_ORDERS; o++)
		if (!list_empty(&pgdat->free_area[o].free_list))
			return true;
	untouched_blocks(pgdat, &nr_max, &nr_pb);
	return nr_max || (nr_pb && order <= pageblock_order);
}

/*
 * KERNEL: mm/vmstat.c fragmentation_index() (fill_contig_page_info() +
 * __fragmentation_index()): -1000 when a block of @order is free; else
 * between 0 (the request fails for lack of memory) and 1000 (it fails
 * because free memory is fragmented).
 */
int fragmentation_index(pg_data_t *pgdat, unsigned int order)
{
	unsigned long free_pages = 0, blocks_total = 0, blocks_suitable = 0;
	unsigned long requested = 1UL << order, nr_max, nr_pb;
	unsigned int o;

	for (o = 0; o < NR_PAGE_ORDERS; o++) {
		unsigned long blocks = pgdat->free_area[o].nr_free;

		blocks_total += blocks;
		free_pages += blocks << o;
		if (o >= order)
			blocks_suitable += blocks << (o - order);
	}
	untouched_blocks(pgdat, &nr_max, &nr_pb);
	blocks_total += nr_max + nr_pb;
	free_pages += (nr_max << MAX_PAGE_ORDER) + (nr_pb << pageblock_order);
	blocks_suitable += (nr_max << (MAX_PAGE_ORDER - order)) +
			   (order <= pageblock_order ? nr_pb << (pageblock_order - order) : 0);
	if (!blocks_total)
		return 0;
	if (blocks_suitable)
		return -1000;
	return (int)(1000 - (1000 + free_pages * 1000 / requested) / blocks_total);
}

/*
 * KERNEL: mm/compaction.c compaction_suitable() / __compaction_suitable():
 * order-0 pages above the watermark plus compact_gap(order) = 2 << order
 * (room for the isolated pages and their copies), and for costly orders a
 * fragmentation index above extfrag_threshold (the failure is due to
 * fragmentation, not to a lack of memory).
 */
bool compaction_suitable(pg_data_t *pgdat, int order)
{
	long watermark = (long)pgdat->watermark_high + (2L << order);

	if (pgdat->vm_stat[NR_FREE_PAGES] <= watermark)
		return false;
	if (order > PAGE_ALLOC_COSTLY_ORDER) {
		int fragindex = fragmentation_index(pgdat, (unsigned int)order);

		if (fragindex >= 0 && fragindex <= COMPACT_EXTFRAG_THRESHOLD)
			return false;
	}
	return true;
}

/********************************** the free scanner ***********************/

/* KERNEL: mm/compaction.c compact_lock_irqsave(): under MIGRATE_ASYNC a
 * contended lock is noted (cc->contended) before spinning on it. */
static void compact_lock_irqsave(spinlock_t *lock, struct compact_control *cc)
{
	if (cc->mode == MIGRATE_ASYNC && !cc->contended) {
		if (spin_trylock(lock))
			return;
		cc->contended = true;
		sim_story("compaction: %s contended under MIGRATE_ASYNC", lock->name);
	}
	spin_lock(lock);
}

/* KERNEL: mm/page_alloc.c __isolate_free_page(): take a free block off the
 * buddy lists (zone lock held; no watermark check, see the header). */
static unsigned long __isolate_free_page(pg_data_t *pgdat, struct page *page,
					 unsigned int order)
{
	del_page_from_free_list(pgdat, page, order);
	pgdat->vm_stat[NR_FREE_PAGES] -= 1L << order;
	return 1UL << order;
}

/*
 * KERNEL: mm/compaction.c isolate_freepages_block(): take the free blocks
 * of [*start_pfn, end_pfn), sampling every @stride pages, until there are
 * as many free pages as pages to migrate.  Each block goes whole onto
 * cc->freepages[order].  *start_pfn ends where the scan stopped.
 */
static unsigned long isolate_freepages_block(struct compact_control *cc,
					     unsigned long *start_pfn, unsigned long end_pfn,
					     unsigned int stride)
{
	pg_data_t *pgdat = cc->zone;
	unsigned long blockpfn = *start_pfn, nr_scanned = 0, total_isolated = 0;
	bool locked = false;

	for (; blockpfn < end_pfn; blockpfn += stride) {
		struct page *page = pfn_to_page(blockpfn);
		unsigned long isolated;
		unsigned int order;

		if (!(blockpfn % COMPACT_CLUSTER_MAX)) {
			if (locked) {
				spin_unlock(&pgdat->zone_lock);
				locked = false;
			}
			cond_resched();
		}
		nr_scanned++;
		if (page_is_compound(page)) {
			order = compound_order_of(page);
			if (blockpfn + (1UL << order) <= end_pfn) {
				blockpfn += (1UL << order) - 1;
				nr_scanned += (1UL << order) - 1;
			}
			continue;
		}
		if (!PageBuddy(page))
			continue;
		if (!locked) {
			compact_lock_irqsave(&pgdat->zone_lock, cc);
			locked = true;
			if (!PageBuddy(page))
				continue;
		}
		order = (unsigned int)page->private;
		isolated = __isolate_free_page(pgdat, page, order);
		page->private = order;
		nr_scanned += isolated - 1;
		total_isolated += isolated;
		cc->nr_freepages += (unsigned int)isolated;
		list_add_tail(&page->lru, &cc->freepages[order]);
		if (cc->nr_migratepages <= cc->nr_freepages) {
			blockpfn += isolated;
			break;
		}
		blockpfn += isolated - 1;
	}
	if (locked)
		spin_unlock(&pgdat->zone_lock);
	if (blockpfn > end_pfn)
		blockpfn = end_pfn;
	*start_pfn = blockpfn;
	cc->total_free_scanned += nr_scanned;
	cc->nr_free_isolated += total_isolated;
	if (total_isolated)
		count_vm_events(COMPACTISOLATED, (long)total_isolated);
	return total_isolated;
}

/* KERNEL: mm/compaction.c suitable_migration_target(): never break up a
 * free block that already satisfies the request (or a whole pageblock). */
static bool suitable_migration_target(struct compact_control *cc, struct page *page)
{
	if (PageBuddy(page)) {
		unsigned long order = cc->order > 0 ? (unsigned long)cc->order : pageblock_order;

		if (page->private >= order)
			return false;
	}
	/* Every pageblock is MIGRATE_MOVABLE in the model. */
	return true;
}

/*
 * KERNEL: mm/compaction.c isolate_freepages(): walk pageblocks downward
 * from cc->free_pfn, not below the end of the migrate scanner's block,
 * until enough free pages are isolated.  ASYNC starts by sampling every
 * COMPACT_CLUSTER_MAX pages and widens the stride over blocks that gave
 * nothing.
 */
static void isolate_freepages(struct compact_control *cc)
{
	pg_data_t *pgdat = cc->zone;
	unsigned long isolate_start_pfn = cc->free_pfn;
	unsigned long block_start = pageblock_start_pfn(isolate_start_pfn);
	unsigned long block_end = min(block_start + pageblock_nr_pages, compact_end_pfn(pgdat));
	unsigned long low_pfn = pageblock_end_pfn(cc->migrate_pfn);
	unsigned int stride = cc->mode == MIGRATE_ASYNC ? COMPACT_CLUSTER_MAX : 1;

	SIM_FRAME();
	for (; block_start >= low_pfn && block_start < block_end;
	     block_end = block_start, block_start -= pageblock_nr_pages,
	     isolate_start_pfn = block_start) {
		unsigned long nr_isolated;

		if (!(block_start % (COMPACT_CLUSTER_MAX * pageblock_nr_pages)))
			cond_resched();
		if (!suitable_migration_target(cc, pfn_to_page(block_start)))
			continue;
		nr_isolated = isolate_freepages_block(cc, &isolate_start_pfn, block_end, stride);
		if (cc->nr_freepages >= cc->nr_migratepages) {
			/* Restart at the block below if this one is done. */
			if (isolate_start_pfn >= block_end)
				isolate_start_pfn = block_start - pageblock_nr_pages;
			break;
		} else if (isolate_start_pfn < block_end) {
			break;
		}
		if (nr_isolated) {
			stride = 1;
			continue;
		}
		stride = min(COMPACT_CLUSTER_MAX, stride << 1);
	}
	cc->free_pfn = isolate_start_pfn;
}

/*
 * KERNEL: mm/compaction.c compaction_alloc() (get_new_folio): the first
 * block on the smallest non-empty list of at least the source's order,
 * split down (the upper halves go back on the lists), prepared as an
 * allocation would be.  Runs the free scanner once when the lists are
 * empty; NULL then means -ENOMEM for migrate_pages().
 */
static struct folio *compaction_alloc(struct folio *src, unsigned long data)
{
	struct compact_control *cc = (struct compact_control *)data;
	unsigned int order = folio_order(src), start_order;
	bool has_isolated_pages = false;
	unsigned long pfn, size;
	struct page *freepage;

	/* Before 6.10: NULL for a large source, so migrate_pages() splits it. */
	if (!compaction_migrates_large() && order)
		return NULL;
again:
	for (start_order = order; start_order < NR_PAGE_ORDERS; start_order++)
		if (!list_empty(&cc->freepages[start_order]))
			break;
	if (start_order == NR_PAGE_ORDERS) {
		if (has_isolated_pages)
			return NULL;
		isolate_freepages(cc);
		has_isolated_pages = true;
		goto again;
	}
	freepage = list_first_entry(&cc->freepages[start_order], struct page, lru);
	pfn = page_to_pfn(freepage);
	size = 1UL << start_order;
	list_del(&freepage->lru);
	while (start_order > order) {
		struct page *half;

		start_order--;
		size >>= 1;
		half = pfn_to_page(pfn + size);
		list_add(&half->lru, &cc->freepages[start_order]);
		half->private = start_order;
	}
	/* post_alloc_hook() + set_page_refcounted() + prep_compound_page() +
	 * page_rmappable_folio(), as the allocator prepares a new folio. */
	freepage->private = 0;
	init_order0_page(freepage);
	if (order) {
		prep_compound_page(freepage, order);
		prep_large_rmappable((struct folio *)freepage);
	}
	cc->nr_freepages -= 1U << order;
	cc->nr_migratepages -= 1U << order;
	return (struct folio *)freepage;
}

/* KERNEL: mm/compaction.c compaction_free() (put_new_folio): an unused
 * destination goes back on compaction's own list, unless somebody else
 * holds a reference to it. */
static void compaction_free(struct folio *dst, unsigned long data)
{
	struct compact_control *cc = (struct compact_control *)data;
	unsigned int order = folio_order(dst);

	if (folio_put_testzero(dst)) {
		free_pages_prepare((struct page *)dst, order);
		list_add(&dst->lru, &cc->freepages[order]);
		cc->nr_freepages += 1U << order;
	}
	cc->nr_migratepages += 1U << order;
}

/* KERNEL: mm/compaction.c release_free_list(): what was isolated and not
 * used goes back to the allocator. */
static void release_free_list(struct compact_control *cc)
{
	unsigned int order;

	for (order = 0; order < NR_PAGE_ORDERS; order++) {
		struct page *page, *next;

		list_for_each_entry_safe(page, next, &cc->freepages[order], lru) {
			list_del(&page->lru);
			page->lru.next = NULL;
			page->lru.prev = NULL;
			page->private = 0;
			node_release_to_buddy(cc->zone->node_id, page_to_pfn(page), 1UL << order);
		}
	}
}

/********************************** the migrate scanner ********************/

/*
 * KERNEL: mm/compaction.c skip_isolation_on_order() (6.10+): outside
 * compact_memory, folios at or above the target order are skipped (no free
 * block that large exists, so migrating them would likely fail), and
 * nothing at or above pageblock order is worth moving.  Before 6.10 every
 * compound page is skipped.
 */
static bool skip_isolation_on_order(int order, int target_order)
{
	if (!compaction_migrates_large())
		return order > 0;
	if (!is_via_compact_memory(target_order) && order >= target_order)
		return true;
	return order >= pageblock_order;
}

/* KERNEL: mm/compaction.c too_many_isolated() */
static bool too_many_isolated(struct compact_control *cc)
{
	pg_data_t *pgdat = cc->zone;
	long inactive = pgdat->vm_stat[NR_INACTIVE_FILE] + pgdat->vm_stat[NR_INACTIVE_ANON];
	long active = pgdat->vm_stat[NR_ACTIVE_FILE] + pgdat->vm_stat[NR_ACTIVE_ANON];
	long isolated = pgdat->vm_stat[NR_ISOLATED_FILE] + pgdat->vm_stat[NR_ISOLATED_ANON];

	if (cc->gfp_mask & __GFP_FS) {
		inactive >>= 3;
		active >>= 3;
	}
	return isolated > (inactive + active) / 2;
}

/*
 * KERNEL: mm/compaction.c isolate_migratepages_block(): isolate the
 * migratable folios of [low_pfn, end_pfn) onto cc->migratepages, stopping
 * after COMPACT_CLUSTER_MAX pages unless the rest of the block is wanted.
 * Free blocks, hugetlb pages and compound pages too large for the request
 * are stepped over; a folio is taken only from the LRU, with a reference,
 * when no one else holds one (no GUP pin), and (ASYNC and SYNC_LIGHT) when
 * it is not under writeback and, if dirty, its lock could be taken.
 * Direct ASYNC compaction gives up on a cc->order-aligned block at its
 * first failure, putting back what it took there.
 */
static int isolate_migratepages_block(struct compact_control *cc, unsigned long low_pfn,
				      unsigned long end_pfn, isolate_mode_t mode)
{
	unsigned long nr_scanned = 0, nr_isolated = 0, next_skip_pfn = 0;
	struct lruvec *locked = NULL;
	bool skip_on_failure = false;
	unsigned int throttled = 0;
	int ret = 0;

	SIM_FRAME();
	cc->migrate_pfn = low_pfn;
	while (unlikely(too_many_isolated(cc))) {
		if (cc->nr_migratepages)
			return -EAGAIN;
		if (cc->mode == MIGRATE_ASYNC)
			return -EAGAIN;
		/* reclaim_throttle(): let other tasks finish their migration. */
		cond_resched();
		if (++throttled == COMPACT_THROTTLE_MAX) {
			cc->contended = true;
			return -EINTR;
		}
	}
	cond_resched();

	if (cc->direct_compaction && cc->mode == MIGRATE_ASYNC) {
		skip_on_failure = true;
		next_skip_pfn = block_end_pfn(low_pfn, (unsigned int)cc->order);
	}

	for (; low_pfn < end_pfn; low_pfn++) {
		struct page *page;
		struct folio *folio;
		struct address_space *mapping;
		struct lruvec *lruvec;
		bool is_dirty, is_unevictable;

		if (skip_on_failure && low_pfn >= next_skip_pfn) {
			/* The previous order-aligned block isolated cleanly:
			 * migrate it now. */
			if (nr_isolated)
				break;
			next_skip_pfn = block_end_pfn(low_pfn, (unsigned int)cc->order);
		}
		if (!(low_pfn % COMPACT_CLUSTER_MAX)) {
			if (locked) {
				spin_unlock(&locked->lru_lock);
				locked = NULL;
			}
			cond_resched();
		}
		nr_scanned++;
		page = pfn_to_page(low_pfn);
		folio = page_folio(page);

		if (folio_test_hugetlb(folio)) {
			unsigned int order = compound_order_of(page);

			/* Not migrated by compaction (only alloc_contig). */
			if (order <= MAX_PAGE_ORDER) {
				low_pfn += (1UL << order) - 1;
				nr_scanned += (1UL << order) - 1;
			}
			goto isolate_fail;
		}
		if (PageBuddy(page)) {
			unsigned long freepage_order = page->private;

			if (freepage_order > 0 && freepage_order <= MAX_PAGE_ORDER) {
				low_pfn += (1UL << freepage_order) - 1;
				nr_scanned += (1UL << freepage_order) - 1;
			}
			continue;
		}
		if (page_is_compound(page) && !cc->alloc_contig) {
			unsigned int order = compound_order_of(page);

			if (skip_isolation_on_order((int)order, cc->order)) {
				if (order <= MAX_PAGE_ORDER) {
					low_pfn += (1UL << order) - 1;
					nr_scanned += (1UL << order) - 1;
				}
				goto isolate_fail;
			}
		}
		/* Only LRU folios: the model has no non-LRU movable pages
		 * (balloon, zsmalloc), so no isolate_movable_page() here. */
		if (!folio_test_lru(folio))
			goto isolate_fail;

		/* folio_get_nontail_page() */
		if ((struct page *)folio != page || !folio_try_get(folio))
			goto isolate_fail;

		/* A pinned anonymous folio cannot migrate: do not take it. */
		mapping = folio_mapping(folio);
		if (!mapping && (folio_ref_count(folio) - 1) > folio_mapcount(folio))
			goto isolate_fail_put;
		if (!(cc->gfp_mask & __GFP_FS) && mapping)
			goto isolate_fail_put;
		if (!folio_test_lru(folio))
			goto isolate_fail_put;
		is_unevictable = folio_test_unevictable(folio);
		if (!(mode & ISOLATE_UNEVICTABLE) && is_unevictable)
			goto isolate_fail_put;
		/* Writeback would make ASYNC and SYNC_LIGHT migration fail. */
		if ((mode & ISOLATE_ASYNC_MIGRATE) && folio_test_writeback(folio))
			goto isolate_fail_put;
		is_dirty = folio_test_dirty(folio);
		if (((mode & ISOLATE_ASYNC_MIGRATE) && is_dirty) || (mapping && is_unevictable)) {
			/* Every mapping in the model (shmem) has migrate_folio,
			 * and none is inaccessible: only the trylock can fail. */
			if (!folio_trylock(folio))
				goto isolate_fail_put;
			folio_unlock(folio);
		}
		if (!folio_test_clear_lru(folio))
			goto isolate_fail_put;
		lruvec = folio_lruvec(folio);
		if (lruvec != locked) {
			if (locked)
				spin_unlock(&locked->lru_lock);
			compact_lock_irqsave(&lruvec->lru_lock, cc);
			locked = lruvec;
		}
		/* The order again, under the lock. */
		if (unlikely(skip_isolation_on_order((int)folio_order(folio), cc->order) &&
			     !cc->alloc_contig)) {
			low_pfn += folio_nr_pages(folio) - 1;
			nr_scanned += folio_nr_pages(folio) - 1;
			folio_set_lru(folio);
			goto isolate_fail_put;
		}
		if (folio_test_large(folio))
			low_pfn += folio_nr_pages(folio) - 1;
		lruvec_del_folio(lruvec, folio);
		node_stat_mod_folio(folio, folio_is_file_lru(folio) ? NR_ISOLATED_FILE :
				    NR_ISOLATED_ANON, folio_nr_pages(folio));

		list_add(&folio->lru, &cc->migratepages);
		cc->nr_migratepages += (unsigned int)folio_nr_pages(folio);
		nr_isolated += folio_nr_pages(folio);
		nr_scanned += folio_nr_pages(folio) - 1;
		if (cc->nr_migratepages >= COMPACT_CLUSTER_MAX && !cc->finish_pageblock &&
		    !cc->contended) {
			++low_pfn;
			break;
		}
		continue;

isolate_fail_put:
		if (locked) {
			spin_unlock(&locked->lru_lock);
			locked = NULL;
		}
		folio_put(folio);
isolate_fail:
		if (!skip_on_failure && ret != -ENOMEM)
			continue;
		/* Direct ASYNC: this order-aligned block cannot become free;
		 * give back what was taken in it and skip the rest. */
		if (nr_isolated) {
			if (locked) {
				spin_unlock(&locked->lru_lock);
				locked = NULL;
			}
			putback_movable_pages(&cc->migratepages);
			cc->nr_migratepages = 0;
			nr_isolated = 0;
		}
		if (low_pfn < next_skip_pfn) {
			low_pfn = next_skip_pfn - 1;
			next_skip_pfn += 1UL << cc->order;
		}
		if (ret == -ENOMEM)
			break;
	}
	if (unlikely(low_pfn > end_pfn))
		low_pfn = end_pfn;
	if (locked)
		spin_unlock(&locked->lru_lock);
	cc->total_migrate_scanned += nr_scanned;
	cc->nr_migrate_isolated += nr_isolated;
	if (nr_isolated)
		count_vm_events(COMPACTISOLATED, (long)nr_isolated);
	cc->migrate_pfn = low_pfn;
	return ret;
}

/* KERNEL: mm/compaction.c pageblock_skip_persistent(): a block that starts
 * with a compound page of pageblock order or more is never a source. */
static bool pageblock_skip_persistent(struct page *page)
{
	struct folio *folio = page_folio(page);

	return folio_test_large(folio) && folio_order(folio) >= pageblock_order;
}

/* KERNEL: mm/compaction.c suitable_migration_source() (every pageblock is
 * MIGRATE_MOVABLE in the model). */
static bool suitable_migration_source(struct compact_control *cc, struct page *page)
{
	return !pageblock_skip_persistent(page);
}

/*
 * KERNEL: mm/compaction.c isolate_migratepages(): the first suitable
 * pageblock from cc->migrate_pfn that lies wholly below the free scanner
 * gets isolate_migratepages_block().
 */
static isolate_migrate_t isolate_migratepages(struct compact_control *cc)
{
	isolate_mode_t isolate_mode = ISOLATE_UNEVICTABLE |
		(cc->mode != MIGRATE_SYNC ? ISOLATE_ASYNC_MIGRATE : 0);
	unsigned long low_pfn = cc->migrate_pfn;
	unsigned long block_start = pageblock_start_pfn(low_pfn);
	unsigned long block_end = pageblock_end_pfn(low_pfn);

	SIM_FRAME();
	if (block_start < cc->zone->node_start_pfn)
		block_start = cc->zone->node_start_pfn;
	for (; block_end <= cc->free_pfn;
	     cc->migrate_pfn = low_pfn = block_end, block_start = block_end,
	     block_end += pageblock_nr_pages) {
		if (!(low_pfn % (COMPACT_CLUSTER_MAX * pageblock_nr_pages)))
			cond_resched();
		if (!suitable_migration_source(cc, pfn_to_page(block_start)))
			continue;
		if (isolate_migratepages_block(cc, low_pfn, block_end, isolate_mode))
			return ISOLATE_ABORT;
		break;
	}
	return cc->nr_migratepages ? ISOLATE_SUCCESS : ISOLATE_NONE;
}

/********************************** the pass ******************************/

/* KERNEL: mm/compaction.c __compact_finished() + compact_finished() */
static enum compact_result compact_finished(struct compact_control *cc)
{
	enum compact_result ret;

	if (compact_scanners_met(cc))
		return cc->whole_zone ? COMPACT_COMPLETE : COMPACT_PARTIAL_SKIPPED;
	if (is_via_compact_memory(cc->order))
		return COMPACT_CONTINUE;
	/* Always finish scanning a pageblock. */
	if (!pageblock_aligned(cc->migrate_pfn))
		return COMPACT_CONTINUE;
	/* Is a suitable page free?  Any free block of the order is (no
	 * migratetypes, so no fallback question). */
	if (node_has_free_block(cc->zone, cc->order))
		return COMPACT_SUCCESS;
	ret = COMPACT_NO_SUITABLE_PAGE;
	if (cc->contended)
		ret = COMPACT_CONTENDED;
	return ret == COMPACT_NO_SUITABLE_PAGE ? COMPACT_CONTINUE : ret;
}

/*
 * KERNEL: mm/compaction.c compact_zone(): the scanners from the two ends
 * of the node, a migrate_pages(MR_COMPACTION) call per batch, putback of
 * what failed, until compact_finished() says stop.  Ends with the kernel's
 * VM_BUG_ON(!list_empty(&cc->migratepages)): under the 6.10-rc1..rc4
 * migration code a split piece left behind with a 0 return fires it
 * (reference 9 e3, "kernel BUG at mm/compaction.c:2761").
 */
enum compact_result compact_zone(struct compact_control *cc)
{
	pg_data_t *pgdat = cc->zone;
	unsigned long start_pfn = pgdat->node_start_pfn, end_pfn = compact_end_pfn(pgdat);
	unsigned long last_migrated_pfn = 0;
	enum compact_result ret;
	unsigned int order;

	SIM_FRAME();
	cc->total_migrate_scanned = 0;
	cc->total_free_scanned = 0;
	cc->nr_migratepages = 0;
	cc->nr_freepages = 0;
	for (order = 0; order < NR_PAGE_ORDERS; order++)
		INIT_LIST_HEAD(&cc->freepages[order]);
	INIT_LIST_HEAD(&cc->migratepages);

	if (!is_via_compact_memory(cc->order)) {
		/* zone_watermark_ok(): the allocation can already succeed. */
		if (node_has_free_block(pgdat, cc->order))
			return COMPACT_SUCCESS;
		if (!compaction_suitable(pgdat, cc->order))
			return COMPACT_SKIPPED;
	}
	cc->migrate_pfn = start_pfn;
	cc->free_pfn = end_pfn > start_pfn ? pageblock_start_pfn(end_pfn - 1) : start_pfn;
	sim_story("compact_zone: node %d order %d %s: migrate scanner from pfn %#lx, free "
		  "scanner from pfn %#lx", pgdat->node_id, cc->order,
		  migrate_mode_names[cc->mode], cc->migrate_pfn, cc->free_pfn);
	lru_add_drain();

	while ((ret = compact_finished(cc)) == COMPACT_CONTINUE) {
		unsigned long iteration_start_pfn = cc->migrate_pfn;
		unsigned int nr_succeeded = 0;
		int err;

		/* A second visit to the block last migrated from takes all of
		 * it (0 means none: node 0 starts at pfn 0 here). */
		cc->finish_pageblock = last_migrated_pfn &&
			pageblock_start_pfn(last_migrated_pfn) ==
			pageblock_start_pfn(iteration_start_pfn);

		switch (isolate_migratepages(cc)) {
		case ISOLATE_ABORT:
			ret = COMPACT_CONTENDED;
			cc->nr_putback += folio_list_nr_pages(&cc->migratepages);
			putback_movable_pages(&cc->migratepages);
			cc->nr_migratepages = 0;
			goto out;
		case ISOLATE_NONE:
			goto check_drain;
		case ISOLATE_SUCCESS:
			last_migrated_pfn = max(start_pfn, pageblock_start_pfn(cc->migrate_pfn - 1));
		}

		err = migrate_pages(&cc->migratepages, compaction_alloc, compaction_free,
				    (unsigned long)cc, cc->mode, MR_COMPACTION, &nr_succeeded);
		cc->nr_migrate_calls++;
		cc->nr_migrated += nr_succeeded;
		/* All pages were either migrated or will be released. */
		cc->nr_migratepages = 0;
		if (err) {
			cc->nr_putback += folio_list_nr_pages(&cc->migratepages);
			putback_movable_pages(&cc->migratepages);
			/* -ENOMEM before the scanners met: no free page left
			 * within reach. */
			if (err == -ENOMEM && !compact_scanners_met(cc)) {
				ret = COMPACT_CONTENDED;
				goto out;
			}
			/* The kernel's rescan of a partly failed pageblock is for
			 * skip hints, which the model does not have. */
		} else if (!list_empty(&cc->migratepages)) {
			sim_story("compact_zone: migrate_pages() returned 0 but left %lu folio(s) "
				  "on cc->migratepages: no putback", list_count_nodes(&cc->migratepages));
		}
check_drain:
		/* The migrate scanner left the order-aligned block it migrated
		 * from: flush this CPU's freed pages so the block can merge. */
		if (cc->order > 0 && last_migrated_pfn) {
			unsigned long current_block_start =
				block_start_pfn(cc->migrate_pfn, (unsigned int)cc->order);

			if (last_migrated_pfn < current_block_start) {
				lru_add_drain();
				drain_local_pages(pgdat->node_id);
				last_migrated_pfn = 0;
			}
		}
	}
out:
	if (cc->nr_freepages > 0) {
		release_free_list(cc);
		cc->nr_freepages = 0;
	}
	count_vm_events(COMPACTMIGRATE_SCANNED, (long)cc->total_migrate_scanned);
	count_vm_events(COMPACTFREE_SCANNED, (long)cc->total_free_scanned);
	sim_story("compact_zone: %s after %u migrate_pages() call(s): %lu migrated, %lu put "
		  "back", compact_result_name(ret), cc->nr_migrate_calls, cc->nr_migrated,
		  cc->nr_putback);
	if (unlikely(!list_empty(&cc->migratepages)))
		sim_story("compact_zone: %lu folio(s) still on cc->migratepages (first at pfn "
			  "%#lx)", list_count_nodes(&cc->migratepages),
			  folio_pfn(list_first_entry(&cc->migratepages, struct folio, lru)));
	VM_BUG_ON(!list_empty(&cc->migratepages));
	return ret;
}

/* KERNEL: mm/compaction.c compact_zone_order(), at MIN_COMPACT_PRIORITY's
 * whole-zone, ignore-skip-hint setting, with the caller's mode. */
enum compact_result compact_zone_order(int nid, int order, gfp_t gfp_mask,
				       enum migrate_mode mode, struct compact_control *cc)
{
	memset(cc, 0, sizeof(*cc));
	cc->order = order;
	cc->gfp_mask = gfp_mask;
	cc->zone = NODE_DATA(nid);
	cc->mode = mode;
	cc->whole_zone = true;
	cc->ignore_skip_hint = true;
	cc->direct_compaction = true;
	return compact_zone(cc);
}

/*
 * KERNEL: mm/page_alloc.c __alloc_pages_direct_compact() for one node,
 * without the allocation: compaction for an order-@order allocation that
 * just failed.  In the model a failed allocation drains the node's per-CPU
 * lists (rmqueue_node()'s slow path); that drain is done here first.
 * compact_stall counts every attempt that was not skipped; then
 * compact_success if a free block of the order now exists (where
 * get_page_from_freelist() would find one), else compact_fail.
 */
enum compact_result direct_compact_node(int nid, int order, enum migrate_mode mode,
					struct compact_control *cc)
{
	enum compact_result ret;

	SIM_FRAME();
	drain_node_pages(nid);
	ret = compact_zone_order(nid, order, GFP_HIGHUSER_MOVABLE | __GFP_COMP, mode, cc);
	if (ret == COMPACT_SKIPPED)
		return ret;
	count_vm_event(COMPACTSTALL);
	if (node_has_free_block(NODE_DATA(nid), order))
		count_vm_event(COMPACTSUCCESS);
	else
		count_vm_event(COMPACTFAIL);
	return ret;
}

/* KERNEL: mm/compaction.c compact_node() (compact_memory, or a node's
 * sysfs "compact"; 6.12 runs it MIGRATE_SYNC): order -1, the whole node.
 * The kernel drops compact_zone()'s result; the model returns it. */
enum compact_result compact_node(int nid, enum migrate_mode mode, struct compact_control *cc)
{
	SIM_FRAME();
	memset(cc, 0, sizeof(*cc));
	cc->order = -1;
	cc->mode = mode;
	cc->ignore_skip_hint = true;
	cc->whole_zone = true;
	cc->gfp_mask = GFP_KERNEL;
	cc->zone = NODE_DATA(nid);
	return compact_zone(cc);
}
