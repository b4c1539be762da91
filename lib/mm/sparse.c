// SPDX-License-Identifier: MIT
/*
 * The memmap: SPARSEMEM_VMEMMAP, one virtually contiguous array of struct
 * page indexed by pfn, plus a parallel array of content tokens.
 *
 * KERNEL: mm/sparse-vmemmap.c (the layout), include/linux/page-flags.h
 * compound_head().
 *
 * Both arrays are MAP_NORESERVE reservations: the host gives them memory a
 * page at a time on first write, zero-filled, and reading memory nobody
 * wrote costs nothing.  A zeroed struct page is a free, never-used page (map
 * counts are stored as counts, so 0 means unmapped), so nothing has to be
 * initialised: a 1 TiB machine costs address space, not memory, until it is
 * used.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include "internal.h"

/*
 * A per-thread cache of the last world's memmap and token reservations:
 * exploration builds a world per run, and faulting a fresh reservation in
 * costs more than the run.  A cached reservation is handed back clean: the
 * sections the old world wrote (all writes go through sections the
 * allocator marked) are zeroed, the rest was never touched.
 */
static __thread void *cached_vmemmap, *cached_tokens;
static __thread unsigned long cached_max_pfn;

static void *reserve(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* Entries of memmap_mib_to_node (see memmap_page_nid() in world.h). */
static size_t memmap_mibs(unsigned long max_pfn)
{
	return ((max_pfn * sizeof(struct page)) >> MEMMAP_MIB_SHIFT) + 1;
}

static size_t section_bitmap_bytes(unsigned long max_pfn)
{
	unsigned long sections = (max_pfn >> PFN_SECTION_SHIFT) + 1;

	return (sections + BITS_PER_LONG - 1) / BITS_PER_LONG * sizeof(unsigned long);
}

int sparse_init(unsigned long max_pfn)
{
	struct world *w = sim_world;
	unsigned long gibs = (max_pfn >> HPAGE_PUD_ORDER) + 1;

	w->max_pfn = max_pfn;
	if (cached_vmemmap && cached_max_pfn == max_pfn) {
		w->vmemmap = cached_vmemmap;
		w->tokens = cached_tokens;
		cached_vmemmap = cached_tokens = NULL;
	} else {
		w->vmemmap = reserve(max_pfn * sizeof(struct page));
		w->tokens = reserve(max_pfn * sizeof(u64));
	}
	w->gib_to_node = sim_zalloc(gibs);
	w->memmap_mib_to_node = sim_zalloc(memmap_mibs(max_pfn));
	w->section_written = sim_zalloc(section_bitmap_bytes(max_pfn));
	if (!w->vmemmap || !w->tokens || !w->gib_to_node || !w->memmap_mib_to_node ||
	    !w->section_written)
		return -ENOMEM;
	memset(w->gib_to_node, 0, gibs);
	memset(w->memmap_mib_to_node, 0, memmap_mibs(max_pfn));
	return 0;
}

/* A model bug, not a host crash: no memmap exists past the last node. */
void pfn_out_of_range(unsigned long pfn)
{
	sim_raise(SIM_BUG, "pfn_to_page", __FILE__, __LINE__, NULL,
		  "kernel BUG: pfn %#lx is beyond the last node (max_pfn %#lx)", pfn,
		  sim_world->max_pfn);
}

void sparse_set_node(int nid, unsigned long start_pfn, unsigned long nr_pages)
{
	unsigned long g, m;

	for (g = start_pfn >> HPAGE_PUD_ORDER;
	     g <= (start_pfn + nr_pages - 1) >> HPAGE_PUD_ORDER; g++) {
		sim_world->gib_to_node[g] = (unsigned char)nid;
		/* The GiB's memmap MiBs, below the last pfn's. */
		for (m = ((g << HPAGE_PUD_ORDER) * sizeof(struct page)) >> MEMMAP_MIB_SHIFT;
		     m < (((g + 1) << HPAGE_PUD_ORDER) * sizeof(struct page)) >> MEMMAP_MIB_SHIFT &&
		     m < memmap_mibs(sim_world->max_pfn); m++)
			sim_world->memmap_mib_to_node[m] = (unsigned char)nid;
	}
}

/*
 * Which 2 MiB sections of the memmap (and tokens) have ever been written.
 * Memory enters use only through the page allocator's frontier (and the
 * gigantic-page path), which marks it; host_bytes is then exact without
 * asking the host, whose page tables count pages that were only read
 * (mapped to its zero page) as resident.
 */
void __sparse_mark_range(unsigned long pfn, unsigned long nr)
{
	struct world *w = sim_world;
	unsigned long s = pfn >> PFN_SECTION_SHIFT, e = (pfn + nr - 1) >> PFN_SECTION_SHIFT;

	for (; s <= e; s++) {
		unsigned long bit = 1UL << (s % BITS_PER_LONG);

		if (!(w->section_written[s / BITS_PER_LONG] & bit)) {
			w->section_written[s / BITS_PER_LONG] |= bit;
			w->nr_sections_written++;
		}
	}
}

/* Host memory the written parts of the memmap and token arrays use. */
size_t sparse_resident_bytes(void)
{
	return sim_world->nr_sections_written * PAGES_PER_SECTION *
	       (sizeof(struct page) + sizeof(u64));
}

void sparse_destroy(void)
{
	struct world *w = sim_world;

	if (w->vmemmap && w->tokens && w->section_written) {
		unsigned long s, nr = (w->max_pfn >> PFN_SECTION_SHIFT) + 1;

		if (cached_vmemmap) {
			munmap(cached_vmemmap, cached_max_pfn * sizeof(struct page));
			munmap(cached_tokens, cached_max_pfn * sizeof(u64));
		}
		for (s = 0; s < nr; s++) {
			unsigned long pfn = s << PFN_SECTION_SHIFT;
			unsigned long n = min(PAGES_PER_SECTION, w->max_pfn - pfn);

			if (!((w->section_written[s / BITS_PER_LONG] >> (s % BITS_PER_LONG)) & 1))
				continue;
			memset(w->vmemmap + pfn, 0, n * sizeof(struct page));
			memset(w->tokens + pfn, 0, n * sizeof(u64));
		}
		cached_vmemmap = w->vmemmap;
		cached_tokens = w->tokens;
		cached_max_pfn = w->max_pfn;
		w->vmemmap = NULL;
		w->tokens = NULL;
	}
	if (w->vmemmap)
		munmap(w->vmemmap, w->max_pfn * sizeof(struct page));
	if (w->tokens)
		munmap(w->tokens, w->max_pfn * sizeof(u64));
	sim_free(w->gib_to_node, (w->max_pfn >> HPAGE_PUD_ORDER) + 1);
	sim_free(w->memmap_mib_to_node, memmap_mibs(w->max_pfn));
	sim_free(w->section_written, section_bitmap_bytes(w->max_pfn));
	w->vmemmap = NULL;
	w->tokens = NULL;
	w->gib_to_node = NULL;
	w->memmap_mib_to_node = NULL;
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
	unsigned long thp = pfn & ~((1UL << HPAGE_PMD_ORDER) - 1);
	unsigned int k;

	/* Most large folios are PMD-sized: try that head first. */
	if (thp != pfn) {
		struct page *hp = pfn_to_page(thp);

		if (PageHead(hp) && !(hp->compound_head & 1) &&
		    folio_order((struct folio *)hp) >= HPAGE_PMD_ORDER)
			return hp;
	}
	for (k = 1; k <= MAX_FOLIO_ORDER; k++) {
		unsigned long hpfn = pfn & ~((1UL << k) - 1);
		struct page *hp;

		if (hpfn == pfn)
			continue;
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
