/* SPDX-License-Identifier: MIT */
/*
 * Kernel profiles: which kernel's behaviour the model follows.  Each
 * behaviour that differs between the modelled kernels is a named switch
 * (reference section 0 and 10.4).  A profile is a base version plus
 * optional historical patches: "6.9+deferred-split-v5".
 */
#ifndef MIGSIM_ENGINE_PROFILE_H
#define MIGSIM_ENGINE_PROFILE_H

#include <linux/compiler.h>

#define KV(maj, min) ((maj) * 100 + (min))

struct kernel_profile {
	char name[64];
	int version;				/* KV(6, 12) */
	bool rc;				/* a release candidate of version */
	/* migrate_pages_batch() deferred-split block (A1). */
	bool a1_deferred_split;
	bool a1_split_into_from;		/* v5: the pieces go to @from */
	bool a1_counts_failed;			/* nr_failed++ (Hugh's fix, 6.10-rc5) */
	bool a1_counts_thp_failed;		/* nr_thp_failed += is_thp (6.10-rc6) */
	bool a1_requires_partially_mapped;	/* 6.12 */
	/* try_split_folio() takes the mode: trylock under MIGRATE_ASYNC (6.11). */
	bool split_trylock_async;
	/* migrate_misplaced_folio() puts back every folio left on its list (e5). */
	bool misplaced_putback_all;
	/* NUMA hinting migrates PTE-mapped large folios (6.10). */
	bool numa_large_pte;
	/* Isolation in migrate_misplaced_folio_prepare() under the PTL, and the
	 * 0/-EAGAIN return convention (6.11). */
	bool numa_prepare_under_ptl;
	/* __migrate_folio copies before freezing (folio_mc_copy first, 6.11). */
	bool copy_before_freeze;
	/* The source leaves the deferred queue in __folio_migrate_mapping (6.11.11/6.12). */
	bool unqueue_in_migrate_mapping;
	/* MIGRATE_SYNC_NO_COPY exists (6.9, 6.10). */
	bool has_sync_no_copy;
	/* MR_DAMON exists (6.11). */
	bool has_mr_damon;
	/* A split remaps all-zero anon subpages to the shared zero page (6.12). */
	bool split_remaps_zero;
	/* THP faults queue fresh THPs as possibly underused (6.12). */
	bool deferred_split_underused;
	/* THP split events counted for every order, not only PMD order (6.9). */
	bool split_stats_any_order;
	/* Compaction's migrate scanner isolates large folios below the target
	 * order and pageblock order; before, it skips every compound page (6.10). */
	bool compaction_large_folios;

	/* ---- historical behaviours (4.14 .. 5.17), for the older seeds ---- */
	/* Up to 4.16: a THP that cannot move whole is split with no list by the
	 * old unmap_and_move(); only the head migrates (reference 9 a, b). */
	bool thp_split_head_only;
	/* 4.14: new_page_nodemask() tests the source, not the new page, before
	 * prep_transhuge_page() (40a899ed1648 fixed it in 4.15). */
	bool prep_transhuge_on_src;
	/* Up to 4.16: move_pages() works in fixed chunks of one page of entries
	 * (do_move_page_to_node_array); 4.17 batches per node (a49bd4d71637). */
	bool move_pages_fixed_chunk;
	/* A hugetlb tail address in move_pages() gives -EACCES, only a head is
	 * isolated (4.17 and before; when it changed is not verified). */
	bool move_pages_hugetlb_tail_eacces;
	/* 6.12 looks pages up with folio_walk: never-touched memory gives
	 * -ENOENT (before: -EFAULT in anonymous VMAs); the zero page stays
	 * -EFAULT in every version. */
	bool move_pages_zero_enoent;
	/* Up to 6.9 the shared test is page_mapcount(page) > 1 of the subpage. */
	bool shared_test_page_mapcount;
	/* Up to 5.11 hugetlb "active" (migratable) is PG_private of page[1]
	 * (d6995da31122 / 8f251a3d5ce3 moved it to the head in 5.12). */
	bool hugetlb_active_in_page1;
	/* Up to 5.10 page_huge_active() has VM_BUG_ON_PAGE(!PageHuge(page))
	 * (ecbf4724e606 removed it in 5.11). */
	bool page_huge_active_vm_bug;
	/* Waiting on a migration entry (reference 7): up to 5.12 the waiter takes
	 * get_page_unless_zero() on the entry's own (tail) page and retries at
	 * once if that fails; 5.13 takes the compound head (ffc90cbb2970); from
	 * 5.17 it waits on the folio lock with no reference (ffa65753c431). */
	bool migration_wait_tail_ref;
	bool migration_wait_head_ref;
};

struct profile_switch {
	const char *name;
	size_t offset;
	const char *what;
};

extern const struct profile_switch profile_switches[];
extern const size_t nr_profile_switches;

/* Parse "BASE" or "BASE+PATCH[+PATCH]" into @out; -EINVAL with a message in
 * @err (of @errlen bytes) for an unknown base or patch. */
int kernel_profile_parse(const char *spec, struct kernel_profile *out,
			 char *err, size_t errlen);

/* The base profiles and patches, for listing. */
const char *kernel_profile_base_name(size_t i);	/* NULL past the end */
const char *kernel_profile_patch_name(size_t i);
const char *kernel_profile_patch_what(size_t i);

#define DEFAULT_KERNEL_PROFILE "6.12"

#endif
