// SPDX-License-Identifier: MIT
/*
 * custom-alloc.c - migrate_pages() with a get_new_folio of your own.
 *
 * In the kernel, every caller of migrate_pages() passes a get_new_folio
 * callback that allocates the destination of each folio (and may return
 * NULL), plus an optional put_new_folio that frees a destination that was
 * not used.  migsim_migrate_range_alloc() lets you write that callback:
 * yours says on which node each destination goes, or that the allocation
 * fails; the library then allocates it there with the kernel's own
 * alloc_migration_target() rules (__GFP_THISNODE, the source's order).
 *
 * Three runs on a 4-node machine:
 *  1. interleave: 16 pages of node 0 spread round-robin over nodes 1, 2, 3.
 *  2. fail every 4th: the same, but every 4th allocation fails.  For a base
 *     page that is the kernel's -ENOMEM: the folio is not migrated and
 *     counts in pgmigrate_fail, migrate_pages() stops trying the rest and
 *     returns -ENOMEM, the folios already unmapped in the batch still
 *     move, and everything left is put back on the LRU where it was.
 *  3. an allocator with no huge pages: it fails every order-9 request, so
 *     migrate_pages() splits the THP and migrates its 512 pieces instead
 *     (thp_migration_split), each asking the callback again.
 *
 * Exits 0 when each run did what is described above.
 *
 * Build against an installed libmigsim:
 *   cc custom-alloc.c -o custom-alloc $(pkg-config --cflags --libs migsim)
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <migsim/migsim.h>

#define NODES	4
#define PAGE	4096ULL
#define NPAGES	16

/* The callbacks' state, passed as their arg. */
struct rr_alloc {
	int next;		/* the node the next destination goes on */
	unsigned int fail_every;	/* make every Nth allocation fail; 0: never */
	bool no_large;		/* fail every large (order > 0) allocation */
	unsigned int calls;	/* get_new calls (a retried folio asks again) */
	unsigned int failed;	/* allocations we made fail */
	unsigned int unused;	/* destinations freed unused (put_new) */
};

/*
 * get_new: called by migrate_pages() once per folio per attempt, before it
 * unmaps the folio.  @src describes the source folio: its pfn, node,
 * order, whether it is hugetlb, and how many destinations this call asked
 * for before (index).  Return a node, or a negative errno to fail the
 * allocation, as the kernel's callback returning NULL.  It runs inside the
 * model: no libmigsim calls on @w from here.
 */
static int round_robin(struct migsim_world *w, const struct migsim_folio_desc *src, void *arg)
{
	struct rr_alloc *rr = arg;
	int node;

	(void)w;
	rr->calls++;
	if ((rr->fail_every && rr->calls % rr->fail_every == 0) ||
	    (rr->no_large && src->order > 0 && !src->hugetlb)) {
		rr->failed++;
		return -ENOMEM;
	}
	node = rr->next;
	rr->next = rr->next % (NODES - 1) + 1;	/* 1, 2, 3, 1, 2, 3, ... */
	return node;
}

/*
 * put_new: a destination we chose was allocated but not used (the source
 * was busy or pinned, say), and is freed.  A real allocator would give the
 * slot back to its round-robin here.
 */
static void give_back(struct migsim_world *w, int node, unsigned int order, void *arg)
{
	struct rr_alloc *rr = arg;

	(void)w;
	(void)node;
	(void)order;
	rr->unused++;
}

static long counter(struct migsim_world *w, const char *name)
{
	long v = -1;

	migsim_vmstat(w, name, &v);
	return v;
}

/* A fresh machine with @len bytes mapped and faulted in on node 0. */
static struct migsim_world *setup(uint64_t len, int flags, int *pid, uint64_t *addr)
{
	struct migsim_config cfg;
	struct migsim_world *w;
	char err[256];
	int i;

	migsim_config_init(&cfg);
	cfg.nr_nodes = NODES;
	for (i = 0; i < NODES; i++)
		cfg.node_size[i] = 64ULL << 20;
	if (migsim_world_create(&cfg, &w, err, sizeof(err))) {
		fprintf(stderr, "world: %s\n", err);
		return NULL;
	}
	if (migsim_task_create(w, NULL, pid) ||
	    migsim_mmap(w, *pid, 0, len, MIGSIM_MAP_PRIVATE | flags, 0, addr) ||
	    migsim_touch(w, *pid, *addr, len, 1)) {
		fprintf(stderr, "setup: %s\n", migsim_strerror(w));
		migsim_world_destroy(w);
		return NULL;
	}
	return w;
}

static void print_placement(struct migsim_world *w, int pid, uint64_t addr)
{
	struct migsim_page_info pi;
	int i;

	printf("  nodes of pages 0..%d: ", NPAGES - 1);
	for (i = 0; i < NPAGES; i++) {
		migsim_page_info(w, pid, addr + i * PAGE, &pi);
		printf("%d", pi.node);
	}
	printf("\n");
}

static void print_result(const struct migsim_migrate_result *res, const struct rr_alloc *rr)
{
	printf("  migrate_pages() returned %d: isolated %u, succeeded %d pages, failed %d "
	       "pages, put back %u\n", res->rc, res->nr_isolated, res->nr_succeeded,
	       res->nr_failed_pages, res->nr_putback);
	printf("  callback: %u calls, %u failed on purpose, %u destinations unused\n",
	       rr->calls, rr->failed, rr->unused);
}

static int interleave(void)
{
	struct rr_alloc rr = { .next = 1 };
	struct migsim_migrate_result res;
	struct migsim_page_info pi;
	struct migsim_world *w;
	uint64_t addr;
	int pid, i, bad = 0;

	printf("1. interleave %d pages over nodes 1..%d\n", NPAGES, NODES - 1);
	w = setup(NPAGES * PAGE, 0, &pid, &addr);
	if (!w)
		return 1;
	if (migsim_migrate_range_alloc(w, pid, addr, NPAGES * PAGE, MIGSIM_MIGRATE_SYNC,
				       MIGSIM_MR_SYSCALL, round_robin, give_back, &rr, &res)) {
		fprintf(stderr, "migrate: %s\n", migsim_strerror(w));
		migsim_world_destroy(w);
		return 1;
	}
	print_result(&res, &rr);
	print_placement(w, pid, addr);
	for (i = 0; i < NPAGES; i++) {
		migsim_page_info(w, pid, addr + i * PAGE, &pi);
		bad |= pi.node != i % (NODES - 1) + 1;
	}
	bad |= res.rc != 0 || res.nr_succeeded != NPAGES;
	bad |= counter(w, "pgmigrate_success") != NPAGES || migsim_check(w) != 0;
	migsim_world_destroy(w);
	return bad;
}

static int fail_every_4th(void)
{
	struct rr_alloc rr = { .next = 1, .fail_every = 4 };
	struct migsim_migrate_result res;
	struct migsim_page_info pi;
	struct migsim_world *w;
	uint64_t addr;
	int pid, i, bad = 0;

	printf("2. the same, every 4th allocation fails\n");
	w = setup(NPAGES * PAGE, 0, &pid, &addr);
	if (!w)
		return 1;
	if (migsim_migrate_range_alloc(w, pid, addr, NPAGES * PAGE, MIGSIM_MIGRATE_SYNC,
				       MIGSIM_MR_SYSCALL, round_robin, give_back, &rr, &res)) {
		fprintf(stderr, "migrate: %s\n", migsim_strerror(w));
		migsim_world_destroy(w);
		return 1;
	}
	print_result(&res, &rr);
	print_placement(w, pid, addr);
	printf("  pgmigrate_success %ld, pgmigrate_fail %ld\n", counter(w, "pgmigrate_success"),
	       counter(w, "pgmigrate_fail"));
	/*
	 * The 4th allocation failed: pages 0-2 had been unmapped in the same
	 * batch and still moved; page 3 failed; pages 4-15 were never tried.
	 * Nothing asked for a destination after the failure.
	 */
	for (i = 0; i < NPAGES; i++) {
		migsim_page_info(w, pid, addr + i * PAGE, &pi);
		bad |= pi.node != (i < 3 ? i + 1 : 0);
	}
	bad |= res.rc != -ENOMEM || res.nr_succeeded != 3 || res.nr_failed_pages != 1;
	bad |= res.nr_putback != NPAGES - 3 || rr.calls != 4 || rr.failed != 1;
	bad |= counter(w, "pgmigrate_fail") != 1 || migsim_check(w) != 0;
	migsim_world_destroy(w);
	return bad;
}

static int thp_split(void)
{
	struct rr_alloc rr = { .next = 1, .no_large = true };
	struct migsim_migrate_result res;
	struct migsim_page_info pi;
	struct migsim_world *w;
	uint64_t addr;
	int pid, bad = 0;

	printf("3. no huge destinations: a THP is split and its pieces migrate\n");
	w = setup(2ULL << 20, MIGSIM_MAP_THP, &pid, &addr);
	if (!w)
		return 1;
	if (migsim_migrate_range_alloc(w, pid, addr, 2ULL << 20, MIGSIM_MIGRATE_SYNC,
				       MIGSIM_MR_SYSCALL, round_robin, give_back, &rr, &res)) {
		fprintf(stderr, "migrate: %s\n", migsim_strerror(w));
		migsim_world_destroy(w);
		return 1;
	}
	print_result(&res, &rr);
	printf("  thp_migration_fail %ld, thp_migration_split %ld, pgmigrate_success %ld\n",
	       counter(w, "thp_migration_fail"), counter(w, "thp_migration_split"),
	       counter(w, "pgmigrate_success"));
	print_placement(w, pid, addr);
	/*
	 * One failed order-9 request, then 512 order-0 ones.  The THP counts
	 * as a THP failure, but migrate_pages() returns 0: its list ended
	 * empty, every piece moved.  The pieces are tried in list order:
	 * the tail pages 1..511 first, then the head, page 0, which
	 * try_split_folio() moved to the end of the list: page 1 got the
	 * first destination (node 1), page 0 the 512th (node 2).
	 */
	migsim_page_info(w, pid, addr + PAGE, &pi);
	bad |= pi.order != 0 || pi.node != 1;
	migsim_page_info(w, pid, addr, &pi);
	bad |= pi.order != 0 || pi.node != 2;
	bad |= res.rc != 0 || res.nr_thp_split != 1 || res.nr_succeeded != 512;
	bad |= rr.calls != 513 || rr.failed != 1;
	bad |= counter(w, "thp_migration_split") != 1 || migsim_check(w) != 0;
	migsim_world_destroy(w);
	return bad;
}

int main(void)
{
	int bad = 0;

	bad |= interleave();
	bad |= fail_every_4th();
	bad |= thp_split();
	printf("%s\n", bad ? "FAILED" : "ok");
	return bad;
}
