/* SPDX-License-Identifier: MIT */
/*
 * Kind: mirrors the declarations of include/linux/memory_hotplug.h,
 * page-isolation.h, mempolicy.h, memory-tiers.h, compaction.h and the
 * move_pages(2) part of mm/migrate.c that the callers of migration share
 * with the public API (lib/engine/api_callers.c).
 */
#ifndef MIGSIM_MM_CALLERS_H
#define MIGSIM_MM_CALLERS_H

#include <linux/mm.h>
#include <linux/migrate.h>

/* ---- page_isolation.c: MIGRATE_ISOLATE for memory offline ---- */

/* PGTY_offline / PageOffline() are in include/linux/page-flags.h. */

int start_isolate_page_range(unsigned long start_pfn, unsigned long end_pfn);
void undo_isolate_page_range(unsigned long start_pfn, unsigned long end_pfn);
int test_pages_isolated(unsigned long start_pfn, unsigned long end_pfn);
void __offline_isolated_pages(unsigned long start_pfn, unsigned long end_pfn);
/* isolate_free_in_range() pulls free pages of [start, end) off the allocator
 * again (pages freed into an isolated range since the last call). */
unsigned long isolate_free_in_range(unsigned long start_pfn, unsigned long end_pfn);

/* ---- memory_hotplug.c ---- */

struct offline_stats {
	unsigned int passes;		/* outer-loop passes */
	unsigned int migrate_calls;	/* do_migrate_range() calls */
	unsigned long nr_migrated;	/* base pages migrate_pages() moved */
	unsigned long nr_isolate_failed; /* "failed to isolate pfn" messages */
	unsigned long nr_migrate_failed; /* "migrating pfn ... failed" messages */
	const char *reason;		/* why it failed, as the kernel's pr_debug */
};

/* Rounds without progress after which the offline sees a pending signal. */
#define OFFLINE_SIGNAL_AFTER	16

int scan_movable_pages(unsigned long start, unsigned long end, unsigned long *movable_pfn);
int offline_pages(unsigned long start_pfn, unsigned long nr_pages, struct offline_stats *st);

/* ---- move_pages.c ---- */

#define MPOL_MF_STRICT		(1 << 0)
#define MPOL_MF_MOVE		(1 << 1)
#define MPOL_MF_MOVE_ALL	(1 << 2)

/* The user-memory side of the syscall: NULL arrays fault. */
struct move_pages_args {
	struct task_struct *caller;
	int pid;
	unsigned long nr_pages;
	const u64 *pages;
	const int *nodes;
	int *status;
	int flags;
};

long kernel_move_pages(struct move_pages_args *a);

#endif
