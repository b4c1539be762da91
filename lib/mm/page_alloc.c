// SPDX-License-Identifier: MIT
/*
 * The buddy allocator, one zone per node, orders 0..MAX_PAGE_ORDER.
 *
 * KERNEL: mm/page_alloc.c (__rmqueue_smallest, expand, __free_one_page,
 * prep_compound_page, __alloc_pages, free_pages_prepare).
 *
 * Order-0 pages go through per-CPU lists (rmqueue_pcplist / free_unref_page
 * with batch PCP_BATCH and high mark PCP_HIGH; the kernel's are tuned at run
 * time).  A high-order allocation that fails drains the node's per-CPU lists
 * and tries once more, as the kernel's slow path does.
 *
 * Approximations (also in docs/kernel-map.md): no migratetypes or pageblock
 * stealing, no watermark-driven reclaim or compaction: an allocation either
 * finds a block on its node (or a fallback node in distance order) or fails.
 * So a THP or hugetlb allocation fails from fragmentation exactly when no
 * free block of its order exists.
 *
 * Pages are not zeroed unless __GFP_ZERO asks (their old content token
 * stays, as a reused page's old bytes would): fault paths ask, migration
 * targets do not (the copy overwrites them).
 *
 * Never-touched memory stays outside the free lists, above the node's
 * frontier, until the lists run dry; its memmap does not exist until then.
 */
#include <string.h>
#include <linux/huge_mm.h>
#include "internal.h"

static inline unsigned int buddy_order(const struct page *page)
{
	return (unsigned int)page->private;
}

static void set_buddy(pg_data_t *pgdat, struct page *page, unsigned int order)
{
	__SetPageBuddy(page);
	page->private = order;
	list_add(&page->buddy_list, &pgdat->free_area[order].free_list);
	pgdat->free_area[order].nr_free++;
}

/* KERNEL: mm/page_alloc.c del_page_from_free_list().  Take a block off its
 * free list; its head becomes an ordinary clean page whose compound_head
 * word is 0 (inside nothing until prepared).  Zone lock held. */
void del_page_from_free_list(pg_data_t *pgdat, struct page *page, unsigned int order)
{
	list_del(&page->buddy_list);
	page->buddy_list.next = NULL;
	page->buddy_list.prev = NULL;
	__ClearPageBuddy(page);
	page->private = 0;
	pgdat->free_area[order].nr_free--;
}

int node_init(int nid, unsigned long start_pfn, unsigned long nr_pages)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	unsigned int o;
	int i;

	pgdat->node_id = nid;
	pgdat->node_start_pfn = start_pfn;
	pgdat->node_spanned_pages = nr_pages;
	pgdat->node_present_pages = nr_pages;
	pgdat->frontier_pfn = start_pfn;
	pgdat->watermark_high = max(nr_pages / 256, 32UL);
	pgdat->has_memory = nr_pages > 0;
	spin_lock_init_named(&pgdat->zone_lock, "zone->lock");
	for (o = 0; o < NR_PAGE_ORDERS; o++)
		INIT_LIST_HEAD(&pgdat->free_area[o].free_list);
	for (i = 0; i < NR_CPUS; i++)
		INIT_LIST_HEAD(&pgdat->pcp[i].list);
	for (i = 0; i < NR_LRU_LISTS; i++)
		INIT_LIST_HEAD(&pgdat->__lruvec.lists[i]);
	spin_lock_init_named(&pgdat->__lruvec.lru_lock, "lruvec->lru_lock");
	spin_lock_init_named(&pgdat->deferred_split_queue.split_queue_lock,
			     "ds_queue->split_queue_lock");
	INIT_LIST_HEAD(&pgdat->deferred_split_queue.split_queue);
	pgdat->vm_stat[NR_FREE_PAGES] = (long)nr_pages;
	return 0;
}

unsigned long node_free_pages(int nid)
{
	return (unsigned long)NODE_DATA(nid)->vm_stat[NR_FREE_PAGES];
}

bool node_is_balanced(int nid, long nr_pages)
{
	pg_data_t *pgdat = NODE_DATA(nid);

	return pgdat->vm_stat[NR_FREE_PAGES] - nr_pages > (long)pgdat->watermark_high;
}

/* Move the next naturally aligned block from beyond the frontier onto the
 * free lists.  Returns false when the node has no untouched memory left. */
static bool carve_frontier(pg_data_t *pgdat)
{
	unsigned long pfn = pgdat->frontier_pfn, end = pgdat_end_pfn(pgdat);
	unsigned int order = MAX_PAGE_ORDER;

	if (pfn >= end)
		return false;
	while (order && (!IS_ALIGNED(pfn, 1UL << order) || pfn + (1UL << order) > end))
		order--;
	/* The only place never-used memmap enters the buddy lists. */
	sparse_mark_range(pfn, 1UL << order);
	set_buddy(pgdat, pfn_to_page(pfn), order);
	pgdat->frontier_pfn = pfn + (1UL << order);
	return true;
}

/* KERNEL: mm/page_alloc.c __rmqueue_smallest() + expand() */
static struct page *rmqueue(pg_data_t *pgdat, unsigned int order)
{
	for (;;) {
		unsigned int o;

		for (o = order; o < NR_PAGE_ORDERS; o++) {
			struct free_area *area = &pgdat->free_area[o];
			struct page *page;
			unsigned long pfn;

			if (list_empty(&area->free_list))
				continue;
			page = list_first_entry(&area->free_list, struct page, buddy_list);
			pfn = page_to_pfn(page);
			del_page_from_free_list(pgdat, page, o);
			/* expand: give back the upper halves. */
			while (o > order) {
				o--;
				set_buddy(pgdat, pfn_to_page(pfn + (1UL << o)), o);
			}
			return page;
		}
		if (!carve_frontier(pgdat))
			return NULL;
	}
}

static void zero_tokens(unsigned long pfn, unsigned long nr)
{
	while (nr) {
		unsigned long in_section = PAGES_PER_SECTION - (pfn & (PAGES_PER_SECTION - 1));
		unsigned long n = min(nr, in_section);

		memset(pfn_token(pfn), 0, n * sizeof(u64));
		pfn += n;
		nr -= n;
	}
}

void init_order0_page(struct page *page)
{
	INIT_LIST_HEAD(&page->lru);
	page->_refcount = 1;
}

/*
 * KERNEL: mm/page_alloc.c prep_compound_page()/prep_compound_head().  Only
 * pages 0..2 are written; tails 3 and up were left clean by the free path.
 */
void prep_compound_page(struct page *page, unsigned int order)
{
	struct folio *folio = (struct folio *)page;
	unsigned long head = (unsigned long)page | 1;

	set_bit_ul(PG_head, &page->flags);
	folio->_flags_1 = (folio->_flags_1 & ~PAGEFLAGS_MASK) | order;
	folio->_head_1 = head;
	folio->_large_mapcount = 0;
	folio->_entire_mapcount = 0;
	folio->_nr_pages_mapped = 0;
	folio->_pincount = 0;
	folio->_folio_nr_pages = 1U << order;
	if (order > 1) {
		folio->_flags_2 &= ~PAGEFLAGS_MASK;
		folio->_head_2 = head;
		INIT_LIST_HEAD(&folio->_deferred_list);
	}
}

/* KERNEL: mm/memory.c folio_zero_user() / clear_page(): the content is zero. */
void folio_zero_tokens(struct folio *folio)
{
	zero_tokens(folio_pfn(folio), folio_nr_pages(folio));
}

static __always_inline struct page *prep_new_page(struct page *page, unsigned int order,
						  gfp_t gfp)
{
	init_order0_page(page);
	if (order && (gfp & __GFP_COMP))
		prep_compound_page(page, order);
	if (gfp & __GFP_ZERO) {
		if (!order)
			*pfn_token(page_to_pfn(page)) = 0;
		else
			zero_tokens(page_to_pfn(page), 1UL << order);
	}
	return page;
}

/* Nodes in the order the kernel's zonelist would try them from @nid:
 * nearest first, ties by node id. */
static int zonelist_order(int nid, int *order)
{
	int n = 0, i, j;

	for_each_online_node(i)
		order[n++] = i;
	for (i = 1; i < n; i++) {
		int v = order[i];

		for (j = i; j > 0; j--) {
			int dv = NODE_DATA(nid)->distance[v];
			int dp = NODE_DATA(nid)->distance[order[j - 1]];

			if (dp < dv || (dp == dv && order[j - 1] < v))
				break;
			order[j] = order[j - 1];
		}
		order[j] = v;
	}
	return n;
}

static void free_one_block(pg_data_t *pgdat, unsigned long pfn, unsigned int order);

static inline struct per_cpu_pages *this_pcp(pg_data_t *pgdat)
{
	return &pgdat->pcp[smp_processor_id()];
}

/*
 * KERNEL: mm/page_alloc.c rmqueue_bulk(): @count order-0 pages onto @pcp's
 * list, in the order @count calls of rmqueue(pgdat, 0) would give them.
 *
 * When the order-0 list is empty and the smallest free block has order o,
 * those calls split that block a page at a time: each expand() leaves one
 * piece on each lower list (all of which were empty), so the block's pages
 * come out in ascending order and what is left of it is one block per
 * order, the canonical decomposition of its unused tail.  That end state is
 * built here directly instead of through the per-page split and retake:
 * the same pages, in the same order, and the same free lists.
 */
static int rmqueue_bulk(pg_data_t *pgdat, int count, struct per_cpu_pages *pcp)
{
	int taken = 0;

	spin_lock(&pgdat->zone_lock);
	while (taken < count) {
		struct list_head *last;
		struct page *page;
		unsigned long pfn, end, n, i;
		unsigned int o;

		if (!list_empty(&pgdat->free_area[0].free_list)) {
			page = rmqueue(pgdat, 0);
			list_add_tail(&page->lru, &pcp->list);
			taken++;
			continue;
		}
		for (o = 1; o < NR_PAGE_ORDERS; o++)
			if (!list_empty(&pgdat->free_area[o].free_list))
				break;
		if (o == NR_PAGE_ORDERS) {
			if (!carve_frontier(pgdat))
				break;
			continue;
		}
		page = list_first_entry(&pgdat->free_area[o].free_list, struct page, buddy_list);
		pfn = page_to_pfn(page);
		end = pfn + (1UL << o);
		del_page_from_free_list(pgdat, page, o);
		n = min(1UL << o, (unsigned long)(count - taken));
		/*
		 * The block is one range of the memmap: pfn_to_page() once.
		 * Only the first add can find the list corrupt: each later one
		 * goes after a page just added, so its checks cannot fail.
		 * When the first passes, the pages are chained directly.
		 */
		last = pcp->list.prev;
		if (likely(list_add_ok(&page->lru, last, &pcp->list, last))) {
			last->next = &page->lru;
			page->lru.prev = last;
			for (i = 1; i < n; i++) {
				(page + i)->lru.prev = &(page + i - 1)->lru;
				(page + i - 1)->lru.next = &(page + i)->lru;
			}
			(page + n - 1)->lru.next = &pcp->list;
			pcp->list.prev = &(page + n - 1)->lru;
		} else {
			for (i = 0; i < n; i++)
				list_add_tail(&(page + i)->lru, &pcp->list);
		}
		taken += (int)n;
		/* The unused tail: one block per set bit of its offset. */
		for (i = pfn + n; i < end; i += 1UL << __builtin_ctzl(i - pfn))
			set_buddy(pgdat, pfn_to_page(i), (unsigned int)__builtin_ctzl(i - pfn));
	}
	pcp->count += taken;
	pgdat->vm_stat[NR_FREE_PAGES] -= taken;
	spin_unlock(&pgdat->zone_lock);
	return taken;
}

/* KERNEL: mm/page_alloc.c rmqueue_pcplist().  Inline: every order-0
 * allocation (each migration target) takes this path. */
static __always_inline struct page *rmqueue_pcplist(pg_data_t *pgdat)
{
	struct per_cpu_pages *pcp = this_pcp(pgdat);
	struct page *page;

	if (list_empty(&pcp->list) && !rmqueue_bulk(pgdat, PCP_BATCH, pcp))
		return NULL;
	page = list_first_entry(&pcp->list, struct page, lru);
	list_del(&page->lru);
	pcp->count--;
	return page;
}

/*
 * Free the pages [@pfn, @pfn + @nr) as if one at a time in ascending order.
 * Inside a naturally aligned block of the range, page-by-page frees only
 * merge with each other until the block is whole, and then merge outward
 * exactly as freeing the block at once does; so the range is freed as its
 * aligned blocks, lowest first, with the same free lists at the end.
 */
static void free_pfn_run(pg_data_t *pgdat, unsigned long pfn, unsigned long nr)
{
	unsigned long end = pfn + nr;

	while (pfn < end) {
		unsigned int order = pfn ? (unsigned int)__builtin_ctzl(pfn) : MAX_PAGE_ORDER;

		if (order > MAX_PAGE_ORDER)
			order = MAX_PAGE_ORDER;
		while (pfn + (1UL << order) > end)
			order--;
		free_one_block(pgdat, pfn, order);
		pfn += 1UL << order;
	}
}

/*
 * The list_del()s, from the tail of @pcp's list, of up to @count entries
 * that go on with the run at @run_end (a range migrated or unmapped in order
 * leaves them so).  When its turn comes, each entry's next is the head, as
 * the previous list_del() left it, so of the CONFIG_DEBUG_LIST checks only
 * those of its prev remain: they are made here, and the entries unlinked at
 * once.  The first entry that breaks the run or fails a check is left for
 * the caller's own list_del() (which reports it).  Returns the pages taken.
 */
static int pcp_take_run(struct per_cpu_pages *pcp, struct page *run_end, int count)
{
	struct list_head *head = &pcp->list, *tail = head->prev;
	int taken = 0;

	while (taken < count && tail == &run_end[taken].lru) {
		struct list_head *prev = tail->prev;

		if (list_ptr_bad(prev) || prev->next != tail)
			break;
		tail->next = NULL;
		tail->prev = NULL;
		tail = prev;
		taken++;
	}
	if (taken) {
		head->prev = tail;
		tail->next = head;
		pcp->count -= taken;
	}
	return taken;
}

/*
 * Give @count pages from the tail of a per-CPU list back to the buddy lists,
 * oldest first.  Runs of consecutive pfns (a range migrated or unmapped in
 * order frees them so) go back as aligned blocks (free_pfn_run()).
 */
static void free_pcppages_bulk(pg_data_t *pgdat, struct per_cpu_pages *pcp, int count)
{
	unsigned long run = 0, nr = 0;
	struct page *run_end = NULL;	/* the page of pfn run + nr */

	spin_lock(&pgdat->zone_lock);
	while (count-- > 0 && !list_empty(&pcp->list)) {
		struct page *page = list_last_entry(&pcp->list, struct page, lru);
		int taken;

		list_del(&page->lru);
		page->lru.next = NULL;
		page->lru.prev = NULL;
		pcp->count--;
		pgdat->vm_stat[NR_FREE_PAGES]++;
		/* The memmap is linear in pfn: the run goes on at run_end,
		 * found without a page_to_pfn() per page. */
		if (nr && page == run_end) {
			nr++;
			run_end++;
		} else {
			if (nr)
				free_pfn_run(pgdat, run, nr);
			run = page_to_pfn(page);
			nr = 1;
			run_end = page + 1;
		}
		taken = pcp_take_run(pcp, run_end, count);
		count -= taken;
		nr += (unsigned long)taken;
		run_end += taken;
		pgdat->vm_stat[NR_FREE_PAGES] += taken;
	}
	if (nr)
		free_pfn_run(pgdat, run, nr);
	spin_unlock(&pgdat->zone_lock);
}

/* KERNEL: mm/page_alloc.c drain_all_pages() for one node. */
void drain_node_pages(int nid)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (pgdat->pcp[cpu].count)
			free_pcppages_bulk(pgdat, &pgdat->pcp[cpu], pgdat->pcp[cpu].count);
}

/* KERNEL: mm/page_alloc.c drain_local_pages() for one node: this CPU's
 * list only (compaction drains it when its migrate scanner moves on). */
void drain_local_pages(int nid)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	struct per_cpu_pages *pcp = this_pcp(pgdat);

	if (pcp->count)
		free_pcppages_bulk(pgdat, pcp, pcp->count);
}

static struct page *rmqueue_node_buddy(pg_data_t *pgdat, int nid, unsigned int order)
{
	struct page *page;

	spin_lock(&pgdat->zone_lock);
	page = rmqueue(pgdat, order);
	if (page)
		pgdat->vm_stat[NR_FREE_PAGES] -= 1L << order;
	spin_unlock(&pgdat->zone_lock);
	if (!page) {
		/* The slow path: free pages hoarded on per-CPU lists may complete
		 * a block; drain them and try once more. */
		drain_node_pages(nid);
		spin_lock(&pgdat->zone_lock);
		page = rmqueue(pgdat, order);
		if (page)
			pgdat->vm_stat[NR_FREE_PAGES] -= 1L << order;
		spin_unlock(&pgdat->zone_lock);
	}
	return page;
}

/* Order 0 from the per-CPU list inline; higher orders from the buddy lists. */
static __always_inline struct page *rmqueue_node(int nid, unsigned int order)
{
	pg_data_t *pgdat = NODE_DATA(nid);

	if (!order)
		return rmqueue_pcplist(pgdat);
	return rmqueue_node_buddy(pgdat, nid, order);
}

/*
 * KERNEL: mm/page_alloc.c __alloc_pages() with the zonelist walk.
 * __GFP_THISNODE restricts the walk to @nid; @nmask filters it.  Inline
 * into __folio_alloc(), the allocator of every migration target, and
 * __alloc_pages_node().
 */
static __always_inline struct page *__alloc_pages(gfp_t gfp, unsigned int order, int nid,
						  const nodemask_t *nmask)
{
	int zl[MAX_NUMNODES], n, i;

	sched_point("alloc:pages");
	if (order > MAX_PAGE_ORDER || sim_fault("fault:alloc"))
		return NULL;
	if (nid == NUMA_NO_NODE)
		nid = numa_node_id();
	if (gfp & __GFP_THISNODE) {
		struct page *page;

		if (!node_state_memory(nid) || (nmask && !((*nmask >> nid) & 1)))
			return NULL;
		page = rmqueue_node(nid, order);
		return page ? prep_new_page(page, order, gfp) : NULL;
	}
	n = zonelist_order(nid, zl);
	for (i = 0; i < n; i++) {
		struct page *page;

		if (!node_state_memory(zl[i]) || (nmask && !((*nmask >> zl[i]) & 1)))
			continue;
		page = rmqueue_node(zl[i], order);
		if (page)
			return prep_new_page(page, order, gfp);
	}
	return NULL;
}

struct page *__alloc_pages_node(gfp_t gfp, unsigned int order, int nid,
				const nodemask_t *nmask)
{
	return __alloc_pages(gfp, order, nid, nmask);
}

static struct folio * __attribute__((noinline))
__folio_alloc_slow(gfp_t gfp, unsigned int order, int preferred_nid, const nodemask_t *nmask)
{
	struct page *page = __alloc_pages(gfp | __GFP_COMP, order, preferred_nid, nmask);
	struct folio *folio;

	if (!page)
		return NULL;
	folio = (struct folio *)page;
	if (order)
		prep_large_rmappable(folio);
	return folio;
}

/*
 * KERNEL: mm/page_alloc.c __folio_alloc() + page_rmappable_folio().
 *
 * The target of every order-0 migration is one page off a node's per-CPU
 * list.  With no scheduling point armed, sched_point() and sim_fault() in
 * __alloc_pages() do nothing, so for __GFP_THISNODE and no nodemask that
 * path is exactly: node check, pcp list, prep_new_page().  It is done here
 * with nothing to save; everything else, an empty list included, goes
 * through the whole of __alloc_pages() (whose checks then change nothing).
 */
struct folio *__folio_alloc(gfp_t gfp, unsigned int order, int preferred_nid,
			    const nodemask_t *nmask)
{
	if (likely(!order && (gfp & __GFP_THISNODE) && !nmask &&
		   !sim_world->points_armed && node_state_memory(preferred_nid))) {
		struct per_cpu_pages *pcp = this_pcp(NODE_DATA(preferred_nid));
		struct page *page = list_first_entry(&pcp->list, struct page, lru);

		/* A corrupt list is reported from rmqueue_pcplist(), as ever.
		 * No poisoning: prep_new_page() initialises the entry. */
		if (likely(!list_empty(&pcp->list) && list_del_entry_ok(&page->lru))) {
			__list_del(page->lru.prev, page->lru.next);
			pcp->count--;
			return (struct folio *)prep_new_page(page, 0, gfp | __GFP_COMP);
		}
	}
	return __folio_alloc_slow(gfp, order, preferred_nid, nmask);
}

/* KERNEL: mm/page_alloc.c __free_one_page(): merge with free buddies. */
static void free_one_block(pg_data_t *pgdat, unsigned long pfn, unsigned int order)
{
	while (order < MAX_PAGE_ORDER) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy;

		if (buddy_pfn < pgdat->node_start_pfn ||
		    buddy_pfn + (1UL << order) > pgdat->frontier_pfn)
			break;
		buddy = pfn_to_page(buddy_pfn);
		if (!PageBuddy(buddy) || buddy_order(buddy) != order)
			break;
		del_page_from_free_list(pgdat, buddy, order);
		pfn = min(pfn, buddy_pfn);
		order++;
	}
	set_buddy(pgdat, pfn_to_page(pfn), order);
}

static void bad_page(struct page *page, const char *reason)
{
	sim_raise(SIM_BUG, "bad_page", __FILE__, __LINE__, page,
		  "BUG: Bad page state: %s", reason);
}

/* Clean a page being freed back to the state of a never-used page. */
static void free_page_clean(struct page *page, bool head)
{
	if (page->_mapcount != 0 && !PageBuddy(page))
		bad_page(page, "nonzero mapcount");
	page->flags &= ~PAGEFLAGS_MASK;
	page->_mapcount = 0;
	if (!head) {
		page->compound_head = 0;
		page->mapping = NULL;
		page->index = 0;
		page->private = 0;
		page->lru.prev = NULL;
	}
}

/*
 * KERNEL: mm/page_alloc.c free_pages_prepare(): check a block whose last
 * reference is gone and clean it back to free-page state.  Inlined into the
 * free path; free_pages_prepare() below is the out-of-line copy that
 * compaction_free() uses to keep a returned destination for itself.
 */
/* What a page free leaves of the head page's fields, once the checks pass. */
static __always_inline void free_page_reset(struct page *page)
{
	page->page_type = 0;
	page->flags &= ~PAGEFLAGS_MASK;
	page->mapping = NULL;
	page->index = 0;
	page->private = 0;
	page->lru.next = NULL;
}

static __always_inline void __free_pages_prepare(struct folio *folio, unsigned int order)
{
	struct page *page = (struct page *)folio;
	unsigned long i;

	if (folio_ref_count(folio))
		bad_page(page, "nonzero _refcount");
	if (folio_test_lru(folio))
		bad_page(page, "PAGE_FLAGS_CHECK_AT_FREE flag(s) set: lru");
	if (folio_test_locked(folio))
		bad_page(page, "PAGE_FLAGS_CHECK_AT_FREE flag(s) set: locked");
	if (order) {
		bool tails = folio_test_sim_tails_written(folio);

		if (folio->_large_mapcount || folio->_entire_mapcount)
			bad_page(page, "nonzero large mapcount");
		if (folio_test_hugetlb(folio))
			__folio_clear_hugetlb(folio);
		if (order > 1) {
			if (!list_empty(&folio->_deferred_list) &&
			    folio->_deferred_list.next != NULL &&
			    !folio_test_hugetlb(folio))
				bad_page(page, "on a deferred split queue");
			folio->_deferred_list.next = NULL;
			folio->_deferred_list.prev = NULL;
			free_page_clean(folio_page(folio, 2), false);
		}
		folio->_large_mapcount = 0;
		folio->_entire_mapcount = 0;
		folio->_nr_pages_mapped = 0;
		folio->_pincount = 0;
		folio->_folio_nr_pages = 0;
		free_page_clean(folio_page(folio, 1), false);
		if (tails)
			for (i = 3; i < (1UL << order); i++)
				free_page_clean(folio_page(folio, i), false);
	}
	if (page->page_type && !page_has_type_value(page->page_type, PGTY_hugetlb) &&
	    page->_mapcount != 0)
		bad_page(page, "nonzero mapcount");
	free_page_reset(page);
	page->lru.prev = NULL;
}

void free_pages_prepare(struct page *page, unsigned int order)
{
	__free_pages_prepare((struct folio *)page, order);
}

static void __attribute__((noinline)) __free_unref_folio(struct folio *folio, unsigned int order)
{
	struct page *page = (struct page *)folio;
	unsigned int nid = (unsigned int)page_to_nid(page);
	pg_data_t *pgdat = NODE_DATA(nid);

	__free_pages_prepare(folio, order);
	if (order > MAX_PAGE_ORDER) {
		node_release_to_buddy(nid, page_to_pfn(page), 1UL << order);
		return;
	}
	if (!order) {
		/* KERNEL: free_unref_page_commit(): onto this CPU's list. */
		struct per_cpu_pages *pcp = this_pcp(pgdat);

		list_add(&page->lru, &pcp->list);
		if (++pcp->count >= PCP_HIGH)
			free_pcppages_bulk(pgdat, pcp, PCP_BATCH);
		return;
	}
	spin_lock(&pgdat->zone_lock);
	free_one_block(pgdat, page_to_pfn(page), order);
	pgdat->vm_stat[NR_FREE_PAGES] += 1L << order;
	spin_unlock(&pgdat->zone_lock);
}

/*
 * KERNEL: mm/page_alloc.c free_pages_prepare() + __free_pages_ok().
 * The caller dropped the last reference.  A large folio must already be off
 * its deferred queue (__folio_put() unqueues it).
 *
 * Every migrated source ends here at order 0.  When __free_pages_prepare()
 * has nothing to report and this CPU's list nothing for CONFIG_DEBUG_LIST
 * to report, the free is the cleaning and the list_add() of
 * __free_unref_folio(), done here with nothing to save.  Anything else
 * (including every page that has a page type) takes the whole path, which
 * repeats the checks and reports what it finds.
 */
void free_unref_folio(struct folio *folio, unsigned int order)
{
	struct page *page = (struct page *)folio;

	if (likely(!order)) {
		pg_data_t *pgdat = NODE_DATA(page_to_nid(page));
		struct per_cpu_pages *pcp = this_pcp(pgdat);
		struct list_head *next = pcp->list.next;

		if (likely(!folio_ref_count(folio) && !folio_test_lru(folio) &&
			   !folio_test_locked(folio) && !page->page_type &&
			   list_add_ok(&page->lru, &pcp->list, next, next))) {
			free_page_reset(page);
			next->prev = &page->lru;
			page->lru.next = next;
			page->lru.prev = &pcp->list;
			pcp->list.next = &page->lru;
			if (++pcp->count >= PCP_HIGH)
				free_pcppages_bulk(pgdat, pcp, PCP_BATCH);
			return;
		}
	}
	__free_unref_folio(folio, order);
}

void __free_pages(struct page *page, unsigned int order)
{
	struct folio *folio = (struct folio *)page;

	if (folio_put_testzero(folio))
		free_unref_folio(folio, order);
}

/* Return a range of clean pages to the buddy allocator in max-order blocks
 * (a dissolved gigantic page, or memory skipped over by one). */
void node_release_to_buddy(int nid, unsigned long start_pfn, unsigned long nr_pages)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	unsigned long pfn = start_pfn, end = start_pfn + nr_pages;

	spin_lock(&pgdat->zone_lock);
	while (pfn < end) {
		unsigned int order = MAX_PAGE_ORDER;

		while (order && (!IS_ALIGNED(pfn, 1UL << order) || pfn + (1UL << order) > end))
			order--;
		free_one_block(pgdat, pfn, order);
		pfn += 1UL << order;
	}
	pgdat->vm_stat[NR_FREE_PAGES] += (long)nr_pages;
	spin_unlock(&pgdat->zone_lock);
}

/*
 * A gigantic (1 GiB) page.  The kernel finds one with alloc_contig_range(),
 * migrating whatever is in the way; the simulator takes a naturally aligned
 * range that is entirely free: untouched memory beyond the frontier, or a
 * range made only of free max-order blocks.  Documented as an approximation.
 */
struct page *alloc_gigantic_pages(int nid, unsigned int order)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	unsigned long nr = 1UL << order, start, pfn, end = pgdat_end_pfn(pgdat);
	struct page *page = NULL;

	/* alloc_contig_range() drains the per-CPU lists first: a free page
	 * parked there would otherwise keep its block from being whole. */
	drain_node_pages(nid);
	spin_lock(&pgdat->zone_lock);
	for (start = ALIGN(pgdat->node_start_pfn, nr); start + nr <= end; start += nr) {
		bool ok = true;

		for (pfn = start; pfn < start + nr && pfn < pgdat->frontier_pfn;
		     pfn += 1UL << MAX_PAGE_ORDER) {
			struct page *p = pfn_to_page(pfn);

			if (!PageBuddy(p) || buddy_order(p) != MAX_PAGE_ORDER) {
				ok = false;
				break;
			}
		}
		if (!ok)
			continue;
		/* Blocks below the frontier come off the free lists... */
		for (pfn = start; pfn < start + nr && pfn < pgdat->frontier_pfn;
		     pfn += 1UL << MAX_PAGE_ORDER)
			del_page_from_free_list(pgdat, pfn_to_page(pfn), MAX_PAGE_ORDER);
		/* ...and untouched memory skipped below the range goes on them. */
		while (pgdat->frontier_pfn < start)
			carve_frontier(pgdat);
		if (pgdat->frontier_pfn < start + nr)
			pgdat->frontier_pfn = start + nr;
		page = pfn_to_page(start);
		pgdat->vm_stat[NR_FREE_PAGES] -= (long)nr;
		break;
	}
	spin_unlock(&pgdat->zone_lock);
	if (!page)
		return NULL;
	sparse_mark_range(start, nr);
	init_order0_page(page);
	prep_compound_page(page, order);
	zero_tokens(start, nr);
	return page;
}
