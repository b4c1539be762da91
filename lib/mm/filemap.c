// SPDX-License-Identifier: MIT
/*
 * The page cache of the simulator's shared-memory objects (what shared
 * anonymous mappings are in the kernel: shmem files).
 *
 * KERNEL: mm/filemap.c (filemap_add_folio, filemap_remove_folio,
 * __filemap_get_folio) with mm/shmem.c's swap-backed folios.  The xarray is
 * a flat array of slots, one per page offset; a large folio fills one slot
 * per page, as the swap cache does.
 */
#include <linux/swap.h>
#include "internal.h"

struct folio *filemap_get_folio(struct address_space *mapping, pgoff_t index)
{
	if (index >= mapping->nr_slots)
		return NULL;
	return mapping->i_pages[index];
}

/* The cache takes nr_pages references; the folio becomes swap-backed shmem. */
int filemap_add_folio(struct address_space *mapping, struct folio *folio, pgoff_t index)
{
	long i, nr = folio_nr_pages(folio);

	if (index + nr > mapping->nr_slots)
		return -EFAULT;
	for (i = 0; i < nr; i++)
		if (mapping->i_pages[index + i])
			return -EEXIST;
	folio_ref_add(folio, (int)nr);
	folio->mapping = mapping;
	folio->index = index;
	__folio_set_swapbacked(folio);
	folio_set_uptodate(folio);
	for (i = 0; i < nr; i++)
		mapping->i_pages[index + i] = folio;
	mapping->nrpages += nr;
	node_stat_mod_folio(folio, NR_SHMEM, nr);
	return 0;
}

/* Drop the folio from the cache and the cache's references. */
void filemap_remove_folio(struct folio *folio)
{
	struct address_space *mapping = folio_mapping(folio);
	long i, nr = folio_nr_pages(folio);

	if (!mapping)
		return;
	for (i = 0; i < nr; i++)
		mapping->i_pages[folio->index + i] = NULL;
	mapping->nrpages -= nr;
	node_stat_mod_folio(folio, NR_SHMEM, -nr);
	folio->mapping = NULL;
	folio_put_refs(folio, (int)nr);
}

/* Point the slots of @old at @new (migration's xarray store). */
void filemap_replace_folio(struct address_space *mapping, struct folio *old,
			   struct folio *new)
{
	long i, nr = folio_nr_pages(old);

	for (i = 0; i < nr; i++)
		mapping->i_pages[old->index + i] = new;
}
