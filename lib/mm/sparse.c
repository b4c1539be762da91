// SPDX-License-Identifier: MIT
/*
 * The memmap, two-level and materialised per 2 MiB section on first use.
 *
 * KERNEL: mm/sparse.c (SPARSEMEM_EXTREME section roots), and the head lookup
 * of include/linux/page-flags.h compound_head().
 *
 * A section holds 512 struct pages (32 KiB) and the 512 content tokens of its
 * base pages (4 KiB).  A fresh section is all zeroes except each page's
 * section and node bits in page->flags, which is exactly the state of a
 * free, unmapped, never-used page.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"

int sparse_init(unsigned long max_pfn)
{
	struct world *w = sim_world;
	unsigned long per_root = PAGES_PER_SECTION * SECTIONS_PER_ROOT;

	w->max_pfn = max_pfn;
	w->nr_section_roots = (max_pfn + per_root - 1) / per_root;
	w->mem_section = sim_zalloc(w->nr_section_roots * sizeof(*w->mem_section));
	return w->mem_section ? 0 : -ENOMEM;
}

static int pfn_to_nid_slow(unsigned long pfn)
{
	int nid;

	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);

		if (pfn >= pgdat->node_start_pfn && pfn < pgdat_end_pfn(pgdat))
			return nid;
	}
	return 0;
}

struct mem_section *sparse_materialize(unsigned long pfn)
{
	struct world *w = sim_world;
	unsigned long root = pfn >> (PFN_SECTION_SHIFT + 9);
	unsigned long nr = pfn >> PFN_SECTION_SHIFT;
	struct mem_section *ms;
	unsigned long i, flags;

	if (pfn >= w->max_pfn)
		sim_raise(SIM_BUG, __func__, __FILE__, __LINE__, NULL,
			  "pfn %#lx is beyond the last node (max_pfn %#lx)", pfn, w->max_pfn);
	if (!w->mem_section[root]) {
		w->mem_section[root] = sim_zalloc(SECTIONS_PER_ROOT * sizeof(struct mem_section));
		if (!w->mem_section[root])
			sim_raise(SIM_BUG, __func__, __FILE__, __LINE__, NULL,
				  "host out of memory for a memmap root");
	}
	ms = &w->mem_section[root][nr & (SECTIONS_PER_ROOT - 1)];
	if (ms->memmap)
		return ms;
	ms->memmap = sim_zalloc(PAGES_PER_SECTION * sizeof(struct page));
	ms->tokens = sim_zalloc(PAGES_PER_SECTION * sizeof(u64));
	if (!ms->memmap || !ms->tokens)
		sim_raise(SIM_BUG, __func__, __FILE__, __LINE__, NULL,
			  "host out of memory for the memmap of section %lu", nr);
	flags = (nr << SECTIONS_PGSHIFT) | ((unsigned long)pfn_to_nid_slow(pfn) << NODES_PGSHIFT);
	for (i = 0; i < PAGES_PER_SECTION; i++)
		ms->memmap[i].flags = flags;
	w->nr_sections_present++;
	return ms;
}

/*
 * The head of a page whose compound_head word is 0: a tail at index 3 or
 * above of a large folio (never written), the inside of a free buddy block,
 * or a page never used.  A large folio is naturally aligned, so its head is
 * the first aligned page, at some order k, that is a head of order >= k.
 * Finding a free buddy block, or an independent page that cannot be inside
 * anything larger, means the page is its own head.
 */
struct page *compound_head_implicit(const struct page *page)
{
	unsigned long pfn = page_to_pfn(page);
	unsigned int k;

	for (k = 1; k <= MAX_FOLIO_ORDER; k++) {
		unsigned long hpfn = pfn & ~((1UL << k) - 1);
		struct page *hp;

		if (hpfn == pfn)
			continue;
		if (!pfn_section_present(hpfn))
			break;
		hp = pfn_to_page(hpfn);
		if (PageBuddy(hp))
			break;
		if (hp->compound_head & 1) {
			/* An explicit tail (page 1 or 2) of a folio: ours too if it
			 * reaches this far. */
			struct page *h = (struct page *)(hp->compound_head - 1);

			if (page_to_pfn(h) + folio_nr_pages((struct folio *)h) > pfn)
				return h;
			break;
		}
		if (PageHead(hp)) {
			if (folio_order((struct folio *)hp) >= k)
				return hp;
			break;
		}
		if (hp->compound_head != 0)
			break;	/* an independent page: nothing larger holds us */
	}
	return (struct page *)page;
}

void sparse_destroy(void)
{
	struct world *w = sim_world;
	unsigned long r, i;

	if (!w->mem_section)
		return;
	for (r = 0; r < w->nr_section_roots; r++) {
		struct mem_section *root = w->mem_section[r];

		if (!root)
			continue;
		for (i = 0; i < SECTIONS_PER_ROOT; i++) {
			sim_free(root[i].memmap, PAGES_PER_SECTION * sizeof(struct page));
			sim_free(root[i].tokens, PAGES_PER_SECTION * sizeof(u64));
		}
		sim_free(root, SECTIONS_PER_ROOT * sizeof(struct mem_section));
	}
	sim_free(w->mem_section, w->nr_section_roots * sizeof(*w->mem_section));
	w->mem_section = NULL;
}

/* KERNEL: none — the simulator's content tokens.  A write to (object,
 * offset) leaves a token that identifies what was written where, so the
 * checker can prove migration moved every page's contents to the page now
 * mapped at its address.  0 means zero-filled. */
u64 content_token(unsigned int object_id, pgoff_t index)
{
	u64 x = ((u64)object_id << 40) ^ (u64)index ^ 0x9e3779b97f4a7c15ULL;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x ? x : 1;
}
