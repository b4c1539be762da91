/* SPDX-License-Identifier: MIT */
/*
 * KERNEL: mm/debug.c — the name tables and dump_page().
 *
 * Kind: mirrors mm/debug.c (migrate_reason_names, __dump_folio) and the page
 * flag names of include/trace/events/mmflags.h.  Changed for testing: the
 * dump is text in a buffer that goes into the run's report, and it must be
 * identical from run to run, so it never prints a host pointer (the kernel
 * prints page:%p and mapping:%p; the simulator names the mapping's kind) and
 * it leaves out the raw hex words.
 */
#include <stdarg.h>
#include <stdio.h>
#include <linux/mm.h>
#include <linux/migrate.h>
#include "debug.h"

const char *const migrate_reason_names[MR_TYPES] = {
	[MR_COMPACTION]		= "compaction",
	[MR_MEMORY_FAILURE]	= "memory_failure",
	[MR_MEMORY_HOTPLUG]	= "memory_hotplug",
	[MR_SYSCALL]		= "syscall_or_cpuset",
	[MR_MEMPOLICY_MBIND]	= "mempolicy_mbind",
	[MR_NUMA_MISPLACED]	= "numa_misplaced",
	[MR_CONTIG_RANGE]	= "contig_range",
	[MR_LONGTERM_PIN]	= "longterm_pin",
	[MR_DEMOTION]		= "demotion",
	[MR_DAMON]		= "damon",
};

/* Indexed by enum migrate_mode; NO_COPY only exists in the 6.9 profiles. */
const char *const migrate_mode_names[4] = {
	[MIGRATE_ASYNC]		= "MIGRATE_ASYNC",
	[MIGRATE_SYNC_LIGHT]	= "MIGRATE_SYNC_LIGHT",
	[MIGRATE_SYNC]		= "MIGRATE_SYNC",
	[MIGRATE_SYNC_NO_COPY]	= "MIGRATE_SYNC_NO_COPY",
};

_Static_assert(MR_DAMON + 1 == MR_TYPES, "migrate_reason grew: name it here");
_Static_assert(MIGRATE_SYNC_NO_COPY + 1 == ARRAY_SIZE(migrate_mode_names), "migrate_mode");

/*
 * The names %pGp prints.  Aliases (swapcache, anon_exclusive, isolated,
 * large_rmappable, ...) share a bit with the name the kernel prints for it,
 * so only the primary name of each bit appears here.
 */
const char *const pageflag_names[__NR_PAGEFLAGS] = {
	[PG_locked]		= "locked",
	[PG_writeback]		= "writeback",
	[PG_referenced]		= "referenced",
	[PG_uptodate]		= "uptodate",
	[PG_dirty]		= "dirty",
	[PG_lru]		= "lru",
	[PG_head]		= "head",
	[PG_waiters]		= "waiters",
	[PG_active]		= "active",
	[PG_workingset]		= "workingset",
	[PG_owner_priv_1]	= "owner_priv_1",
	[PG_owner_2]		= "owner_2",
	[PG_arch_1]		= "arch_1",
	[PG_reserved]		= "reserved",
	[PG_private]		= "private",
	[PG_private_2]		= "private_2",
	[PG_reclaim]		= "reclaim",
	[PG_swapbacked]		= "swapbacked",
	[PG_unevictable]	= "unevictable",
	[PG_mlocked]		= "mlocked",
	[PG_hwpoison]		= "hwpoison",
	[PG_young]		= "young",
	[PG_idle]		= "idle",
};

_Static_assert(PG_idle + 1 == __NR_PAGEFLAGS, "pageflags grew: name the new flag here");
_Static_assert(__NR_PAGEFLAGS <= 32, "PG_* bits must fit in PAGEFLAGS_MASK");

/* A bounded text buffer: every write truncates instead of overflowing, and
 * the text stays NUL-terminated, so a report is always printable. */
struct dbuf {
	char *p;
	size_t len;	/* > 0 */
	size_t pos;	/* < len */
};

static void __printf(2, 3) dprint(struct dbuf *d, const char *fmt, ...)
{
	size_t room = d->len - d->pos;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(d->p + d->pos, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		d->pos += min((size_t)n, room - 1);
}

static void dname(struct dbuf *d, const char *name)
{
	dprint(d, "%s%s", d->pos ? "|" : "", name);
}

int folio_flags_string(const struct folio *folio, char *buf, size_t len)
{
	struct dbuf d = { .p = buf, .len = len, .pos = 0 };
	/* The section and node live above bit 31: they are not flags. */
	unsigned long flags = folio->flags & PAGEFLAGS_MASK;
	unsigned long unnamed = 0;
	int bit;

	if (!len)
		return 0;
	buf[0] = '\0';
	for (bit = 0; bit < 32; bit++) {
		if (!(flags & BIT(bit)))
			continue;
		if (bit < __NR_PAGEFLAGS)
			dname(&d, pageflag_names[bit]);
		else
			unnamed |= BIT(bit);
	}
	/* As the kernel's flag printer: left-over bits as one number. */
	if (unnamed)
		dprint(&d, "%s0x%lx", d.pos ? "|" : "", unnamed);
	/* page[1] flags alias page[0] bits, so they are only meaningful (and
	 * only tested) on a large folio; the helpers check PG_head. */
	if (folio_test_large_rmappable(folio))
		dname(&d, "large_rmappable");
	if (folio_test_partially_mapped(folio))
		dname(&d, "partially_mapped");
	return (int)d.pos;
}

/* The pfn of @page (the memmap is virtually contiguous: any page works). */
static unsigned long dump_page_pfn(const struct folio *folio, const struct page *page)
{
	(void)folio;
	return page_to_pfn(page);
}

static const char *dump_mapping_kind(const struct folio *folio)
{
	if (folio_test_ksm(folio))
		return "ksm";
	if (folio_test_anon(folio))
		return "anon";
	if (__folio_test_movable(folio))
		return "movable";
	/* The only page-cache objects are the shmem-like shared objects. */
	return folio->mapping ? "shmem" : "none";
}

static const char *dump_page_type_name(unsigned int page_type)
{
	if (page_has_type_value(page_type, PGTY_buddy))
		return "buddy";
	if (page_has_type_value(page_type, PGTY_hugetlb))
		return "hugetlb";
	return "unknown";
}

/* page_type shares its word with _mapcount; a type has the top byte at
 * 0xf0 or above, which no real map count reaches. */
static bool dump_page_has_type(const struct page *page)
{
	return (page->page_type >> PAGE_TYPE_SHIFT) >= 0xf0;
}

static const char *deferred_list_state(const struct folio *folio)
{
	const struct list_head *next = folio->_deferred_list.next;

	/* A zeroed page[2] (next == NULL) was never queued. */
	if (!next || next == &folio->_deferred_list)
		return "empty";
	if (list_ptr_bad(next))
		return "poisoned";
	return "queued";
}

/*
 * Map counts are printed as the simulator holds them: the number of
 * mappings.  The kernel stores that number minus one and __dump_folio adds
 * the one back before printing, so the printed values agree with a kernel
 * dump of the same state.
 */
void sim_dump_page(const struct page *page, const char *reason, char *buf, size_t len)
{
	struct dbuf d = { .p = buf, .len = len, .pos = 0 };
	const struct folio *folio;
	unsigned long pfn, idx;
	char names[256];
	const char *type;
	int mapcount;

	if (!len)
		return;
	buf[0] = '\0';
	if (!page) {
		dprint(&d, "page: (null)\n");
		goto out;
	}

	folio = page_folio(page);
	pfn = dump_page_pfn(folio, page);
	idx = pfn - folio_pfn(folio);
	mapcount = dump_page_has_type(page) ? 0 : page->_mapcount;

	dprint(&d, "page: refcount:%d mapcount:%d mapping:%s index:%#lx pfn:%#lx\n",
	       folio_ref_count(folio), mapcount, dump_mapping_kind(folio),
	       folio->index + idx, pfn);
	if (folio_test_large(folio))
		dprint(&d, "head: order:%u mapcount:%d entire_mapcount:%d nr_pages_mapped:%d "
		       "pincount:%d\n",
		       folio_order(folio), folio_mapcount(folio),
		       folio_entire_mapcount(folio),
		       folio->_nr_pages_mapped & FOLIO_PAGES_MAPPED, folio->_pincount);

	if (folio_test_ksm(folio))
		type = "ksm ";
	else if (folio_test_anon(folio))
		type = "anon ";
	else
		type = "";
	folio_flags_string(folio, names, sizeof(names));
	dprint(&d, "%sflags: %#lx(%s)\n", type, folio->flags & PAGEFLAGS_MASK, names);
	if (dump_page_has_type((const struct page *)folio))
		dprint(&d, "page_type: %x(%s)\n", folio->page_type >> PAGE_TYPE_SHIFT,
		       dump_page_type_name(folio->page_type));

	/* The kernel prints the node inside %pGp ("node=0"); the simulator
	 * keeps it out of the flags value and prints it here, with the
	 * deferred-split state that a large folio's bugs turn on. */
	dprint(&d, "node:%d", folio_nid(folio));
	if (folio_order(folio) >= 2 && !folio_test_hugetlb(folio))
		dprint(&d, " deferred_list: %s", deferred_list_state(folio));
	dprint(&d, "\n");
out:
	if (reason)
		dprint(&d, "page dumped because: %s\n", reason);
}

void dump_page(const struct page *page, const char *reason)
{
	char text[1024];

	if (!sim_world->story)
		return;
	sim_dump_page(page, reason, text, sizeof(text));
	fputs(text, sim_world->story);
}
