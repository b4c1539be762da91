/* SPDX-License-Identifier: MIT */
/* Kind: mirrors include/linux/migrate.h and migrate_mode.h (6.12, plus 6.9's SYNC_NO_COPY). */
#ifndef MIGSIM_LINUX_MIGRATE_H
#define MIGSIM_LINUX_MIGRATE_H

#include <linux/mm.h>

enum migrate_mode {
	MIGRATE_ASYNC,
	MIGRATE_SYNC_LIGHT,
	MIGRATE_SYNC,
	MIGRATE_SYNC_NO_COPY,	/* 6.9 and 6.10 only */
};

enum migrate_reason {
	MR_COMPACTION,
	MR_MEMORY_FAILURE,
	MR_MEMORY_HOTPLUG,
	MR_SYSCALL,
	MR_MEMPOLICY_MBIND,
	MR_NUMA_MISPLACED,
	MR_CONTIG_RANGE,
	MR_LONGTERM_PIN,
	MR_DEMOTION,
	MR_DAMON,
	MR_TYPES
};

extern const char *const migrate_reason_names[MR_TYPES];
extern const char *const migrate_mode_names[4];

#define MIGRATEPAGE_SUCCESS		0
#define MIGRATEPAGE_UNMAP		1
#define NR_MAX_BATCHED_MIGRATION	HPAGE_PMD_NR
#define NR_MAX_MIGRATE_PAGES_RETRY	10
#define NR_MAX_MIGRATE_ASYNC_RETRY	3
#define NR_MAX_MIGRATE_SYNC_RETRY	(NR_MAX_MIGRATE_PAGES_RETRY - NR_MAX_MIGRATE_ASYNC_RETRY)

typedef struct folio *new_folio_t(struct folio *folio, unsigned long private);
typedef void free_folio_t(struct folio *folio, unsigned long private);

struct migration_target_control {
	int nid;
	nodemask_t *nmask;
	gfp_t gfp_mask;
	enum migrate_reason reason;
};

struct migrate_pages_stats {
	int nr_succeeded;
	int nr_failed_pages;
	int nr_thp_succeeded;
	int nr_thp_failed;
	int nr_thp_split;
	int nr_split;
};

int migrate_pages(struct list_head *from, new_folio_t get_new_folio,
		  free_folio_t put_new_folio, unsigned long private,
		  enum migrate_mode mode, int reason, unsigned int *ret_succeeded);
struct folio *alloc_migration_target(struct folio *src, unsigned long private);
void putback_movable_pages(struct list_head *l);
int migrate_folio(struct address_space *mapping, struct folio *dst,
		  struct folio *src, enum migrate_mode mode);
bool isolate_folio_to_list(struct folio *folio, struct list_head *list);

/* NUMA hinting (mm/migrate.c, 6.11 and 6.9 shapes). */
int migrate_misplaced_folio_prepare(struct folio *folio, struct vm_area_struct *vma, int node);
int migrate_misplaced_folio(struct folio *folio, struct vm_area_struct *vma, int node);

/* The last migrate_pages() call's stats, for the caller's story. */
extern __thread struct migrate_pages_stats migrate_last_stats;
/* migrate_misplaced_folio()'s last return value, for the API's result. */
extern __thread int migrate_misplaced_last_rc;

#endif
