/* SPDX-License-Identifier: MIT */
/*
 * Kind: mirrors the dump_page() declaration of include/linux/mmdebug.h, plus
 * the simulator's own flag-string helper (lib/mm/debug.c).  The name tables
 * (pageflag_names, migrate_reason_names, migrate_mode_names) are declared
 * next to their enums in page-flags.h and migrate.h.
 */
#ifndef MIGSIM_MM_DEBUG_H
#define MIGSIM_MM_DEBUG_H

#include <stddef.h>

struct folio;
struct page;

/*
 * folio_flags_string() - the folio's page flags by name, as %pGp names them.
 * Writes the names of the PG_* bits set in bits 0..31 of folio->flags, in
 * bit order, joined by '|'; unnamed set bits follow as one "0x..." value, as
 * the kernel's flag printer does.  For a large folio the set page[1] flags
 * follow as "large_rmappable" and "partially_mapped".  Reads only the folio's
 * own words: no memmap lookup, so it works on any hand-built struct page.
 *
 * Always NUL-terminates when @len > 0, truncating if needed.
 * Return: the length of the string stored in @buf.
 */
int folio_flags_string(const struct folio *folio, char *buf, size_t len);

/*
 * dump_page() - write sim_dump_page()'s text for @page to the world's story
 * log, where the kernel would print it to the console; nothing happens when
 * no story log is set.
 */
void dump_page(const struct page *page, const char *reason);

#endif
