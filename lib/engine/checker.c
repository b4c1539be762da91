// SPDX-License-Identifier: MIT
/*
 * The invariant checker: proves, from independent walks of the model's
 * structures, that nothing was lost or duplicated.  Run at the end of every
 * scenario and whenever migsim_check() is called; a violation ends the run
 * with an "invariant" (or "list-corruption") report.
 *
 * What it checks:
 *  1. every list (LRU, free lists, per-CPU lists, deferred queues) is well
 *     linked;
 *  2. a folio's list membership agrees with its flags: PG_lru exactly for
 *     folios on the LRU list its flags select, list sizes match the counters;
 *  3. page-table mappings match map counts, page by page;
 *  4. each folio's refcount equals the holders the model knows of:
 *     mappings, LRU batches, the page cache, pins;
 *  5. per node, free + in use + isolated = present, offlined = spanned -
 *     present, the free count matches a walk of the buddy lists and the
 *     untouched memory, and nothing refers to offline memory;
 *  6. every mapped page holds the content written at its address;
 *  7. NR_ISOLATED is back to zero and no migration entry is left.
 * The walks cost O(memory touched): checks, not a hot path.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/mm.h>
#include <linux/hugetlb.h>
#include <linux/pgtable.h>
#include <linux/swap.h>
#include "internal.h"
#include "world_internal.h"

#define FAIL(fmt, ...) \
	sim_raise(SIM_INVARIANT, "sim_check_world", __FILE__, __LINE__, NULL, fmt, ##__VA_ARGS__)
#define FAIL_PAGE(page, fmt, ...) \
	sim_raise(SIM_INVARIANT, "sim_check_world", __FILE__, __LINE__, (page), fmt, ##__VA_ARGS__)

/* ---- a pfn -> counters table (open addressing) ---- */

struct pcount {
	unsigned long pfn;	/* key + 1; 0 = empty */
	int maps;		/* page-table mappings of this base page (or folio, for heads) */
	int folio_maps;		/* mappings of the folio (PTE + PMD), heads only */
	int refs;		/* other references: batches, cache, pins */
	int lru_seen;		/* times found on an LRU list */
	int pcp;		/* times found on a per-CPU free list */
};

struct ptable {
	struct pcount *slots;
	size_t cap;
};

static struct pcount *pt_get(struct ptable *t, unsigned long pfn)
{
	size_t i, mask = t->cap - 1;

	if (!t->cap || t->cap > ((size_t)1 << 40))
		return NULL;
	for (i = (pfn * 0x9e3779b97f4a7c15ULL) & mask;; i = (i + 1) & mask) {
		if (t->slots[i].pfn == pfn + 1)
			return &t->slots[i];
		if (!t->slots[i].pfn) {
			t->slots[i].pfn = pfn + 1;
			return &t->slots[i];
		}
	}
}

static struct pcount *pt_find(struct ptable *t, unsigned long pfn)
{
	size_t i, mask = t->cap - 1;

	for (i = (pfn * 0x9e3779b97f4a7c15ULL) & mask;; i = (i + 1) & mask) {
		if (t->slots[i].pfn == pfn + 1)
			return &t->slots[i];
		if (!t->slots[i].pfn)
			return NULL;
	}
}

/* ---- 1: list integrity ---- */

static unsigned long check_list(const char *what, struct list_head *head, unsigned long bound)
{
	struct list_head *p = head, *next;
	unsigned long n = 0;

	for (;;) {
		next = p->next;
		if (list_ptr_bad(next) || list_ptr_bad(next->prev) || next->prev != p)
			sim_raise(SIM_LIST_CORRUPTION, "sim_check_world", __FILE__, __LINE__, NULL,
				  "list corruption in %s after %lu entries: next->prev is not "
				  "prev", what, n);
		if (next == head)
			return n;
		if (++n > bound)
			sim_raise(SIM_LIST_CORRUPTION, "sim_check_world", __FILE__, __LINE__, NULL,
				  "%s has more than %lu entries: a cycle that misses its head",
				  what, bound);
		p = next;
	}
}

/* ---- walks of page tables ---- */

struct mapping_walk {
	struct ptable *t;
	unsigned long entries;
};

static void note_mapping(struct ptable *t, struct vm_area_struct *vma, unsigned long addr,
			 unsigned long pfn, bool whole)
{
	struct page *page = pfn_to_page(pfn);
	struct folio *folio = page_folio(page);
	struct pcount *pc;
	u64 token = *pfn_token(pfn);
	unsigned int obj = vma->vm_file ? vma->vm_file->id : vma->anon_vma->root->id;

	if (token && token != content_token(obj, linear_page_index(vma, addr)))
		FAIL_PAGE(page, "pfn %#lx mapped at %#lx of pid %d holds the contents of "
			  "another page (token %#llx)", pfn, addr,
			  vma->vm_mm->owner ? vma->vm_mm->owner->pid : -1,
			  (unsigned long long)token);
	if (whole)
		return;		/* the caller counts the one PMD/PUD mapping */
	pc = pt_get(t, pfn);
	pc->maps++;
	pc = pt_get(t, folio_pfn(folio));
	pc->folio_maps++;
}

static unsigned long walk_vma(struct ptable *t, struct vm_area_struct *vma, bool count)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long addr = vma->vm_start, n = 0;
	int pid = mm->owner ? mm->owner->pid : -1;

	while (addr < vma->vm_end) {
		unsigned long next = min((addr + PMD_SIZE) & PMD_MASK, vma->vm_end);
		pmd_t *pmd;
		pte_t *pte;

		if (vma->vm_flags & VM_HUGETLB) {
			unsigned long hsize = PAGE_SIZE << vma->hstate_order;
			u64 *leaf = vma->hstate_order >= HPAGE_PUD_ORDER ? mm_find_pud(mm, addr) :
				mm_find_pmd(mm, addr);

			if (leaf && is_pmd_migration_entry(*leaf))
				FAIL("migration entry left at %#lx of pid %d", addr, pid);
			if (leaf && pmd_leaf(*leaf)) {
				n++;
				if (count) {
					unsigned long i, pfn = pte_pfn(*leaf);

					for (i = 0; i < hsize / PAGE_SIZE; i++)
						if (*pfn_token(pfn + i))
							note_mapping(t, vma, addr + i * PAGE_SIZE,
								     pfn + i, true);
					pt_get(t, pfn)->folio_maps++;
				}
			}
			addr += hsize;
			continue;
		}
		pmd = mm_find_pmd(mm, addr);
		if (!pmd || pmd_none(*pmd)) {
			addr = next;
			continue;
		}
		if (is_pmd_migration_entry(*pmd))
			FAIL("PMD migration entry left at %#lx of pid %d", addr, pid);
		if (pmd_leaf(*pmd)) {
			n++;
			if (count) {
				unsigned long i, pfn = pmd_pfn(*pmd);

				for (i = 0; i < HPAGE_PMD_NR; i++)
					if (*pfn_token(pfn + i))
						note_mapping(t, vma, (addr & PMD_MASK) + i * PAGE_SIZE,
							     pfn + i, true);
				pt_get(t, pfn)->folio_maps++;
			}
			addr = next;
			continue;
		}
		for (pte = pte_offset_map(pmd, addr); addr < next; addr += PAGE_SIZE, pte++) {
			if (pte_none(*pte))
				continue;
			if (is_swap_pte(*pte))
				FAIL("migration entry left at %#lx of pid %d", addr, pid);
			if (pte_special(*pte))
				continue;
			n++;
			if (count)
				note_mapping(t, vma, addr, pte_pfn(*pte), false);
		}
	}
	return n;
}

/* ---- the checks ---- */

static void check_lru_lists(struct world *w, struct ptable *t, unsigned long bound)
{
	int nid, lru;

	for (nid = 0; nid < w->nr_nodes; nid++) {
		struct lruvec *lruvec = &w->node_data[nid]->__lruvec;

		for (lru = 0; lru < NR_LRU_LISTS; lru++) {
			struct folio *folio;
			unsigned long pages = 0;
			char what[64];

			snprintf(what, sizeof(what), "node %d LRU list %d", nid, lru);
			check_list(what, &lruvec->lists[lru], bound);
			list_for_each_entry(folio, &lruvec->lists[lru], lru) {
				if (!folio_test_lru(folio))
					FAIL_PAGE((struct page *)folio, "a folio on %s without PG_lru",
						  what);
				if (folio_nid(folio) != nid || (int)folio_lru_list(folio) != lru)
					FAIL_PAGE((struct page *)folio, "a folio on %s belongs on "
						  "node %d list %d", what, folio_nid(folio),
						  folio_lru_list(folio));
				pt_get(t, folio_pfn(folio))->lru_seen++;
				pages += folio_nr_pages(folio);
			}
			if (lru != LRU_UNEVICTABLE && pages != lruvec->nr_pages[lru])
				FAIL("%s holds %lu pages but its size says %lu", what, pages,
				     lruvec->nr_pages[lru]);
		}
	}
}

static void check_batches(struct world *w, struct ptable *t)
{
	int cpu;
	unsigned int i;

	for (cpu = 0; cpu < w->nr_cpus; cpu++) {
		struct folio_batch *fb = &w->cpu_batches[cpu].lru_add;

		for (i = 0; i < fb->nr; i++) {
			if (folio_test_lru(fb->folios[i]))
				FAIL_PAGE((struct page *)fb->folios[i], "a folio in CPU %d's "
					  "lru_add batch has PG_lru", cpu);
			pt_get(t, folio_pfn(fb->folios[i]))->refs++;
		}
	}
}

static void check_cache_and_pins(struct world *w, struct ptable *t)
{
	struct address_space *m;
	struct sim_pin *pin;

	list_for_each_entry(m, &w->mappings, world_node) {
		pgoff_t i;

		for (i = 0; i < m->nr_slots; i++) {
			struct folio *folio = m->i_pages[i];

			if (!folio)
				continue;
			if (folio->mapping != m || folio->index > i ||
			    i >= folio->index + folio_nr_pages(folio))
				FAIL_PAGE((struct page *)folio, "page cache slot %lu of object %u "
					  "holds a folio that is not at that offset", i, m->id);
			pt_get(t, folio_pfn(folio))->refs++;
		}
	}
	list_for_each_entry(pin, &w->pins, node)
		if (pin->active)
			pt_get(t, folio_pfn(pin->folio))->refs++;
}

static void check_deferred(struct world *w, unsigned long bound)
{
	int nid;

	for (nid = 0; nid < w->nr_nodes; nid++) {
		struct deferred_split *q = &w->node_data[nid]->deferred_split_queue;
		unsigned long n;
		char what[48];

		snprintf(what, sizeof(what), "node %d deferred split queue", nid);
		n = check_list(what, &q->split_queue, bound);
		if (n != q->split_queue_len)
			FAIL("%s holds %lu folios but split_queue_len is %lu", what, n,
			     q->split_queue_len);
	}
}

/* Per-page map counts of a large folio, and _nr_pages_mapped. */
static void check_large_mapcounts(struct ptable *t, struct folio *folio, unsigned long pfn,
				  long nr)
{
	bool tails = folio_test_sim_tails_written(folio);
	int mapped = 0;
	long i;

	for (i = 0; i < nr; i++) {
		struct pcount *pc = pt_find(t, pfn + i);
		int want = pc ? pc->maps : 0, have;

		if (i >= 3 && !tails) {
			if (want)
				FAIL_PAGE((struct page *)folio, "page %ld of the folio at pfn %#lx "
					  "is PTE-mapped but the folio never wrote its tails",
					  i, pfn);
			continue;
		}
		have = folio_page(folio, i)->_mapcount;
		if (have != want)
			FAIL_PAGE((struct page *)folio, "page %ld of the folio at pfn %#lx has "
				  "_mapcount %d but %d PTE mappings", i, pfn, have, want);
		if (have)
			mapped++;
	}
	if ((folio->_nr_pages_mapped & FOLIO_PAGES_MAPPED) != mapped ||
	    !!(folio->_nr_pages_mapped & ENTIRELY_MAPPED) != !!folio->_entire_mapcount)
		FAIL_PAGE((struct page *)folio, "folio at pfn %#lx: _nr_pages_mapped %#x but %d "
			  "pages PTE-mapped and %d PMD mappings", pfn, folio->_nr_pages_mapped,
			  mapped, folio->_entire_mapcount);
}

/*
 * One pass over every materialised page of a node: each allocated folio
 * (checked against the tables), and the free memory found by the walk.
 */
static void check_node_memory(struct world *w, int nid, struct ptable *t,
			      unsigned long *lru_folios)
{
	unsigned long unevictable = 0, *unevictable_pages = &unevictable;
	pg_data_t *pgdat = w->node_data[nid];
	unsigned long pfn = pgdat->node_start_pfn, end = pgdat->frontier_pfn;
	unsigned long free = pgdat_end_pfn(pgdat) - pgdat->frontier_pfn, used = 0;
	unsigned long isolated = 0, offlined = 0;

	while (pfn < end) {
		struct page *page;
		struct folio *folio;
		struct pcount *pc;
		long nr;
		int refs, maps;

		page = pfn_to_page(pfn);
		if (PageBuddy(page)) {
			nr = 1L << page->private;
			free += nr;
			pfn += nr;
			continue;
		}
		if (PageOffline(page)) {
			/* Isolated by a memory offline in progress, or offlined
			 * (PG_reserved): nothing may still refer to it. */
			pc = pt_find(t, pfn);
			if (page->_refcount || (pc && (pc->maps || pc->folio_maps || pc->refs ||
						       pc->lru_seen || pc->pcp)))
				FAIL_PAGE(page, "pfn %#lx is %s but still referenced", pfn,
					  PageReserved(page) ? "offline" : "isolated for offline");
			if (PageReserved(page))
				offlined++;
			else
				isolated++;
			pfn++;
			continue;
		}
		if (page->compound_head == 0 || (page->compound_head & 1)) {
			/* Inside a free block whose head is in an earlier section, or
			 * never used: step on. */
			pfn++;
			continue;
		}
		folio = (struct folio *)page;
		nr = folio_nr_pages(folio);
		used += nr;
		pc = pt_find(t, pfn);
		if (pc && pc->pcp) {
			if (pc->pcp != 1 || folio_ref_count(folio) || folio_test_large(folio))
				FAIL_PAGE(page, "page %#lx on a per-CPU free list %d times, "
					  "refcount %d", pfn, pc->pcp, folio_ref_count(folio));
			pfn++;
			continue;
		}
		if (!folio_ref_count(folio) && !folio_test_hugetlb(folio))
			FAIL_PAGE(page, "folio at pfn %#lx has refcount 0 but is neither free "
				  "nor on a per-CPU list: leaked", pfn);
		refs = pc ? pc->refs : 0;
		maps = pc ? pc->folio_maps : 0;
		if (folio_test_hugetlb(folio) && folio_ref_count(folio) == 0) {
			pfn += nr;	/* a free pool page */
			continue;
		}
		if (folio_mapcount(folio) != maps)
			FAIL_PAGE(page, "folio at pfn %#lx has mapcount %d but %d page-table "
				  "mappings", pfn, folio_mapcount(folio), maps);
		if (!folio_test_large(folio) && pc && pc->maps != page->_mapcount)
			FAIL_PAGE(page, "page %#lx has _mapcount %d but %d mappings", pfn,
				  page->_mapcount, pc->maps);
		if (folio_test_large(folio) && !folio_test_hugetlb(folio))
			check_large_mapcounts(t, folio, pfn, nr);
		if (folio_ref_count(folio) != maps + refs)
			FAIL_PAGE(page, "folio at pfn %#lx has refcount %d but the model knows "
				  "of %d holders (%d mappings, %d others)", pfn,
				  folio_ref_count(folio), maps + refs, maps, refs);
		if (folio_test_lru(folio) && folio_test_unevictable(folio)) {
			if (pc && pc->lru_seen)
				FAIL_PAGE(page, "unevictable folio at pfn %#lx is linked on an "
					  "LRU list", pfn);
			(*unevictable_pages) += nr;
		} else if (folio_test_lru(folio) != (pc && pc->lru_seen == 1)) {
			FAIL_PAGE(page, "folio at pfn %#lx: PG_lru is %s but it is on %d LRU "
				  "lists", pfn, folio_test_lru(folio) ? "set" : "clear",
				  pc ? pc->lru_seen : 0);
		} else if (folio_test_lru(folio)) {
			(*lru_folios)++;
		}
		if (folio_test_locked(folio))
			FAIL_PAGE(page, "folio at pfn %#lx is still locked", pfn);
		pfn += nr;
	}
	if (unevictable != pgdat->__lruvec.nr_pages[LRU_UNEVICTABLE])
		FAIL("node %d: %lu unevictable pages have PG_lru but the unevictable count "
		     "is %lu", nid, unevictable, pgdat->__lruvec.nr_pages[LRU_UNEVICTABLE]);
	if (free != (unsigned long)pgdat->vm_stat[NR_FREE_PAGES])
		FAIL("node %d: the buddy lists and untouched memory hold %lu free pages but "
		     "NR_FREE_PAGES says %ld", nid, free, pgdat->vm_stat[NR_FREE_PAGES]);
	if (free + used + isolated != pgdat->node_present_pages)
		FAIL("node %d: %lu free + %lu in use + %lu isolated != %lu present", nid, free,
		     used, isolated, pgdat->node_present_pages);
	if (offlined != pgdat->node_spanned_pages - pgdat->node_present_pages)
		FAIL("node %d: %lu pages offline but %lu spanned - %lu present", nid, offlined,
		     pgdat->node_spanned_pages, pgdat->node_present_pages);
	if (pgdat->vm_stat[NR_ISOLATED_ANON] || pgdat->vm_stat[NR_ISOLATED_FILE])
		FAIL("node %d: NR_ISOLATED is %ld anon, %ld file with no migration running",
		     nid, pgdat->vm_stat[NR_ISOLATED_ANON], pgdat->vm_stat[NR_ISOLATED_FILE]);
}

/*
 * The table is kept per host thread from one check to the next: exploration
 * checks a fresh world after every run, and a table this size allocated and
 * freed each time (an mmap and a munmap with its TLB shootdown) cost more
 * than the check itself.  A failed check leaves it in place, too.
 */
static __thread struct pcount *table_cache;
static __thread size_t table_cache_cap;

int sim_check_world(struct world *w)
{
	struct ptable t = { 0 };
	struct task_struct *task;
	unsigned long entries = 0, lru_folios = 0, on_lists = 0, bound;
	int nid, lru;

	bound = 0;
	for (nid = 0; nid < w->nr_nodes; nid++)
		bound += w->node_data[nid]->node_present_pages;
	bound += 1;

	/* Size the table from the number of mapped entries. */
	list_for_each_entry(task, &w->tasks, tasks) {
		unsigned int i;

		if (!task->mm)
			continue;
		for (i = 0; i < task->mm->nr_vmas; i++)
			entries += walk_vma(&t, task->mm->vmas[i], false);
	}
	/* Keys: mapped pages and their folios, LRU folios, cache, pins, batches. */
	for (nid = 0; nid < w->nr_nodes; nid++)
		for (lru = 0; lru < NR_LRU_LISTS; lru++)
			entries += w->node_data[nid]->__lruvec.nr_pages[lru];
	{
		struct address_space *m;

		list_for_each_entry(m, &w->mappings, world_node)
			entries += m->nrpages;
	}
	for (nid = 0; nid < w->nr_nodes; nid++) {
		int cpu;

		for (cpu = 0; cpu < NR_CPUS; cpu++)
			entries += (unsigned long)w->node_data[nid]->pcp[cpu].count;
	}
	entries = entries * 2 + (unsigned long)w->next_pin_id + SIM_MAX_CPUS * PAGEVEC_SIZE + 64;
	t.cap = 1024;
	while (t.cap < 2 * entries)
		t.cap <<= 1;
	if (t.cap > table_cache_cap) {
		free(table_cache);
		table_cache = malloc(t.cap * sizeof(*t.slots));
		table_cache_cap = table_cache ? t.cap : 0;
		if (!table_cache)
			FAIL("host out of memory for the checker");
	}
	t.slots = table_cache;
	memset(t.slots, 0, t.cap * sizeof(*t.slots));

	list_for_each_entry(task, &w->tasks, tasks) {
		unsigned int i;

		if (!task->mm)
			continue;
		for (i = 0; i < task->mm->nr_vmas; i++)
			walk_vma(&t, task->mm->vmas[i], true);
	}
	check_lru_lists(w, &t, bound);
	check_batches(w, &t);
	check_cache_and_pins(w, &t);
	check_deferred(w, bound);
	for (nid = 0; nid < w->nr_nodes; nid++) {
		unsigned int o;
		char what[48];
		int cpu;

		for (cpu = 0; cpu < NR_CPUS; cpu++) {
			struct per_cpu_pages *pcp = &w->node_data[nid]->pcp[cpu];
			struct page *page;

			snprintf(what, sizeof(what), "node %d cpu %d pcp list", nid, cpu);
			if ((unsigned long)pcp->count != check_list(what, &pcp->list, bound))
				FAIL("%s holds %lu pages but its count is %d", what,
				     list_count_nodes(&pcp->list), pcp->count);
			list_for_each_entry(page, &pcp->list, lru)
				pt_get(&t, page_to_pfn(page))->pcp++;
		}

		for (o = 0; o < NR_PAGE_ORDERS; o++) {
			snprintf(what, sizeof(what), "node %d free list order %u", nid, o);
			check_list(what, &w->node_data[nid]->free_area[o].free_list, bound);
		}
		check_node_memory(w, nid, &t, &lru_folios);
		for (lru = 0; lru < NR_LRU_LISTS; lru++)
			on_lists += list_count_nodes(&w->node_data[nid]->__lruvec.lists[lru]);
	}
	if (lru_folios != on_lists)
		FAIL("%lu folios have PG_lru but %lu are on LRU lists", lru_folios, on_lists);
	return 0;
}
