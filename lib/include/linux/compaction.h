/* SPDX-License-Identifier: MIT */
/*
 * Kind: mirrors include/linux/compaction.h and the compact_control part of
 * mm/internal.h (6.12), changed for testing: one zone per node (the zone is
 * the node's pglist_data), no pageblock skip bits, cached scanner positions,
 * deferral, capture or migratetypes, and a few fields that record what a
 * pass did for the public API (marked "model").
 */
#ifndef MIGSIM_LINUX_COMPACTION_H
#define MIGSIM_LINUX_COMPACTION_H

#include <linux/mm.h>
#include <linux/migrate.h>

/* Values in the kernel's order (include/linux/compaction.h). */
enum compact_result {
	COMPACT_NOT_SUITABLE_ZONE,	/* trace detail: fragindex says "no memory" */
	COMPACT_SKIPPED,		/* not started: too little free memory */
	COMPACT_DEFERRED,		/* not started: deferred (not modelled) */
	COMPACT_NO_SUITABLE_PAGE,	/* internal to compact_finished() */
	COMPACT_CONTINUE,		/* internal: go on with the next block */
	COMPACT_COMPLETE,		/* the scanners met over the whole zone */
	COMPACT_PARTIAL_SKIPPED,	/* met over part of it (not modelled) */
	COMPACT_CONTENDED,		/* stopped: lock contention, -ENOMEM, signal */
	COMPACT_SUCCESS,		/* the requested order is free */
};

#define COMPACT_CLUSTER_MAX		32	/* SWAP_CLUSTER_MAX */
#define COMPACTION_HPAGE_ORDER		HPAGE_PMD_ORDER
#define PAGE_ALLOC_COSTLY_ORDER		3
#define pageblock_nr_pages		(1UL << pageblock_order)
/* /proc/sys/vm/extfrag_threshold, its default. */
#define COMPACT_EXTFRAG_THRESHOLD	500

/*
 * struct compact_control - one compaction pass over a zone (here: a node).
 *
 * The migrate scanner walks pageblocks upward from migrate_pfn and isolates
 * movable folios onto @migratepages, at most COMPACT_CLUSTER_MAX pages at a
 * time; the free scanner walks pageblocks downward from free_pfn and takes
 * free buddy blocks, whole, onto @freepages[order] (6.10+: per-order lists,
 * a block's order in page->private).  migrate_pages() draws destinations
 * from those lists (compaction_alloc, splitting a larger block) and gives
 * unused ones back (compaction_free).  The pass ends when the scanners meet
 * or the requested order is free; what was isolated and not used goes back.
 *
 * Invariants: nr_freepages is the number of base pages on @freepages;
 * nr_migratepages is what the migrate scanner isolated for the current
 * batch, minus destinations handed out, plus destinations given back
 * (so it is 0 after a batch that used all it took); the migrate scanner
 * never reaches a pageblock at or above free_pfn, and the free scanner
 * never goes below the end of the migrate scanner's pageblock.
 */
struct compact_control {
	struct list_head freepages[NR_PAGE_ORDERS]; /* isolated free blocks, by order */
	struct list_head migratepages;	/* folios isolated for migration */
	unsigned int nr_freepages;	/* base pages on freepages[] */
	unsigned int nr_migratepages;	/* base pages to migrate (see above) */
	unsigned long free_pfn;		/* the free scanner's next pageblock */
	unsigned long migrate_pfn;	/* the migrate scanner's next pfn */
	pg_data_t *zone;		/* the node: one zone per node */
	unsigned long total_migrate_scanned; /* -> compact_migrate_scanned */
	unsigned long total_free_scanned;    /* -> compact_free_scanned */
	gfp_t gfp_mask;			/* of the allocation (direct compaction) */
	int order;			/* the order wanted; -1: compact everything */
	enum migrate_mode mode;		/* ASYNC, SYNC_LIGHT or SYNC */
	bool ignore_skip_hint;		/* always true: no skip bits modelled */
	bool direct_compaction;		/* for an allocation (order >= 0) */
	bool whole_zone;		/* always true: no cached positions */
	bool contended;			/* an ASYNC lock was contended */
	bool finish_pageblock;		/* scan the rest of this block, no batching */
	bool alloc_contig;		/* alloc_contig_range(): never here */
	/* model: what the pass did, for the public API's result */
	unsigned long nr_migrate_isolated; /* pages the migrate scanner isolated */
	unsigned long nr_free_isolated;	/* pages the free scanner isolated */
	unsigned long nr_migrated;	/* base pages migrate_pages() moved */
	unsigned long nr_putback;	/* base pages put back after a failure */
	unsigned int nr_migrate_calls;	/* migrate_pages() calls */
};

/* mm/compaction.c */
enum compact_result compact_zone(struct compact_control *cc);
enum compact_result compact_zone_order(int nid, int order, gfp_t gfp_mask,
				       enum migrate_mode mode, struct compact_control *cc);
enum compact_result compact_node(int nid, enum migrate_mode mode, struct compact_control *cc);
enum compact_result direct_compact_node(int nid, int order, enum migrate_mode mode,
					struct compact_control *cc);
bool compaction_suitable(pg_data_t *pgdat, int order);
bool node_has_free_block(const pg_data_t *pgdat, int order);
int fragmentation_index(pg_data_t *pgdat, unsigned int order);
const char *compact_result_name(enum compact_result r);

#endif
