// SPDX-License-Identifier: MIT
/*
 * The callers' seed scenarios, registered after the core ones by
 * lib/engine/scenario.c.
 *
 * thp-split-head-only (seeds/000 and 001; reference 9 a, b1-b3):
 *
 *   THP migration unsupported (!CONFIG_ARCH_ENABLE_THP_MIGRATION)
 *   task 100 maps 2 MiB THP-eligible memory on node 0 and writes it
 *     -> one PMD-mapped THP T
 *   memory offline of T's 2 MiB: offline_pages -> do_migrate_range
 *     -> migrate_pages(from = [T], MR_MEMORY_HOTPLUG)
 *
 *   4.14, 4.16: the allocation callback gives T an order-0 target, the old
 *     unmap_and_move() splits T with no list: the 511 tails go back to the
 *     LRU on node 0 and only the head migrates.  512 base pages entered
 *     migrate_pages(), 1 is accounted for      -> invariant: 511 lost
 *   4.17 and later: migrate_pages() splits T onto split_folios and migrates
 *     every piece; the offline completes       -> ok
 *
 * move-pages-batching (seeds/001; reference 6.1, 9 b1):
 *
 *   one move_pages(2) call over a mix of entries with alternating target
 *   nodes; the per-entry status and the return value are printed as a
 *   table.  4.16 (fixed chunks, failures only in status, return 0), 4.17
 *   (per-node batches, a hugetlb tail is -EACCES), 6.11 (a hugetlb tail is
 *   -EBUSY), 6.12 (never-touched memory is -ENOENT) all differ.
 */
#include <errno.h>
#include <string.h>
#include "scenario.h"
#include "world_internal.h"

#define PID		100
#define THP_SIZE	(2ULL << 20)

static int setup_failed(struct migsim_world *w, struct migsim_world **out, char *err,
			size_t errlen)
{
	if (err && errlen)
		snprintf(err, errlen, "scenario setup failed: %s", migsim_strerror(w));
	W(w)->story = NULL;
	migsim_world_destroy(w);
	*out = NULL;
	return -EINVAL;
}

/* ------------------------------------------------------------------ */
/* thp-split-head-only                                                 */

static int scenario_thp_split_head_only(const struct migsim_scenario_opts *opts,
					const char *kernel, struct migsim_world **out,
					char *err, size_t errlen)
{
	struct migsim_task_config tc = { .pid = PID, .cpu = 0, .comm = "hotremove" };
	struct migsim_offline_result res;
	struct migsim_page_info pi;
	struct migsim_node_info ni0, ni1;
	struct migsim_config cfg;
	struct migsim_world *w;
	FILE *story = opts->story;
	uint64_t addr, a, pfn;
	int ret, on0 = 0, on1 = 0, other = 0;

	migsim_config_init(&cfg);
	cfg.kernel = kernel;
	cfg.seed = opts->seed;
	cfg.node_size[0] = cfg.node_size[1] = 64ULL << 20;
	cfg.no_thp_migration = true;
	cfg.trace = opts->trace;
	ret = migsim_world_create(&cfg, &w, err, errlen);
	if (ret)
		return ret;
	*out = w;
	W(w)->story = story;
	migsim_vmstat_baseline(w);

	scenario_say(story, "thp-split-head-only: kernel %s, seed %llu\n", migsim_world_kernel(w),
	    (unsigned long long)migsim_world_seed(w));
	scenario_say(story, "  seeds/000: [PATCH] mm: migrate: fix an incorrect call of "
	    "prep_transhuge_page()\n  seeds/001: [RFC PATCH 0/3] mm: unclutter THP migration\n"
	    "  THP migration is unsupported (no CONFIG_ARCH_ENABLE_THP_MIGRATION)\n\n");

	if (migsim_task_create(w, &tc, NULL) ||
	    migsim_mmap(w, PID, 0, THP_SIZE, MIGSIM_MAP_PRIVATE | MIGSIM_MAP_THP, 0, &addr) ||
	    migsim_touch(w, PID, addr, THP_SIZE, 1))
		return setup_failed(w, out, err, errlen);
	migsim_page_info(w, PID, addr, &pi);
	pfn = pi.folio_pfn;
	scenario_say(story, "1. task %d maps 2 MiB of THP-eligible memory at %#llx on node 0 and writes "
	    "it:\n   a PMD-mapped THP at pfn %#llx, order %u, node %d\n", PID,
	    (unsigned long long)addr, (unsigned long long)pfn, pi.order, pi.node);

	scenario_say(story, "2. memory offline of pfn %#llx-%#llx (the THP's 2 MiB):\n   offline_pages -> "
	    "scan_movable_pages -> do_migrate_range -> migrate_pages(MR_MEMORY_HOTPLUG)\n",
	    (unsigned long long)pfn, (unsigned long long)pfn + 511);
	ret = migsim_offline_pages(w, pfn, 512, &res);
	if (ret == -ENOTRECOVERABLE) {
		scenario_say(story, "   the run ended inside migrate_pages(): see the report below\n");
	} else {
		scenario_say(story, "   offline_pages() returned %d%s%s after %u pass(es), %lu base pages "
		    "migrated\n", ret, res.reason[0] ? ": " : "", res.reason, res.passes,
		    res.nr_migrated);
		for (a = addr; a < addr + THP_SIZE; a += 4096) {
			if (migsim_page_info(w, PID, a, &pi) || strcmp(pi.state, "present"))
				other++;
			else if (pi.node == 0)
				on0++;
			else if (pi.node == 1)
				on1++;
			else
				other++;
		}
		migsim_node_info(w, 0, &ni0);
		migsim_node_info(w, 1, &ni1);
		scenario_say(story, "   the 512 pages: %d on node 1, %d on node 0, %d elsewhere\n", on1, on0,
		    other);
		scenario_say(story, "   node 0 now has %llu present pages, node 1 %llu\n",
		    (unsigned long long)ni0.present_pages, (unsigned long long)ni1.present_pages);
	}
	scenario_story_end(w, story);
	W(w)->story = NULL;
	return 0;
}

/* ------------------------------------------------------------------ */
/* move-pages-batching                                                 */

#define STATUS_UNSET	0x7fffffff

struct mp_entry {
	const char *what;
	uint64_t addr;
	int node;
};

static void print_status(FILE *story, int st)
{
	if (st == STATUS_UNSET)
		scenario_say(story, "%-10s", "(unset)");
	else if (st >= 0)
		scenario_say(story, "node %-5d", st);
	else
		scenario_say(story, "%-10s", st == -EFAULT ? "-EFAULT" : st == -ENOENT ? "-ENOENT" :
		    st == -EACCES ? "-EACCES" : st == -EBUSY ? "-EBUSY" :
		    st == -EAGAIN ? "-EAGAIN" : st == -ENOMEM ? "-ENOMEM" : "error");
}

static int scenario_move_pages_batching(const struct migsim_scenario_opts *opts,
					const char *kernel, struct migsim_world **out,
					char *err, size_t errlen)
{
	struct migsim_task_config tc = { .pid = PID, .cpu = 0, .comm = "mover" };
	struct mp_entry e[14];
	uint64_t pages[14], shm, anon0, anon1, thp, huge, zero, pinned;
	int nodes[14], status[14], after[14];
	struct migsim_config cfg;
	struct migsim_world *w;
	FILE *story = opts->story;
	int ret, child, pin, i, n = 0;
	long rv;

	migsim_config_init(&cfg);
	cfg.kernel = kernel;
	cfg.seed = opts->seed;
	cfg.node_size[0] = cfg.node_size[1] = 64ULL << 20;
	cfg.hugetlb_2m[0] = 1;
	cfg.hugetlb_2m[1] = 1;
	cfg.trace = opts->trace;
	ret = migsim_world_create(&cfg, &w, err, errlen);
	if (ret)
		return ret;
	*out = w;
	W(w)->story = story;

	scenario_say(story, "move-pages-batching: kernel %s, seed %llu\n", migsim_world_kernel(w),
	    (unsigned long long)migsim_world_seed(w));
	scenario_say(story, "  seeds/001: [RFC PATCH 0/3] mm: unclutter THP migration (the move_pages "
	    "rework, a49bd4d71637)\n\n");

	/* A shmem page mapped by the task and by a child: mapped shared. */
	if (migsim_task_create(w, &tc, NULL) ||
	    migsim_mmap(w, PID, 0, 4096, MIGSIM_MAP_SHARED, 0, &shm) ||
	    migsim_fork(w, PID, &child) ||
	    migsim_touch(w, PID, shm, 4096, 1) || migsim_touch(w, child, shm, 4096, 0) ||
	    migsim_mmap(w, PID, 0, 8 * 4096, MIGSIM_MAP_PRIVATE, 0, &anon0) ||
	    migsim_touch(w, PID, anon0, 6 * 4096, 1) ||
	    migsim_mmap(w, PID, 0, 4096, MIGSIM_MAP_PRIVATE, 1, &anon1) ||
	    migsim_touch(w, PID, anon1, 4096, 1) ||
	    migsim_mmap(w, PID, 0, THP_SIZE, MIGSIM_MAP_PRIVATE | MIGSIM_MAP_THP, 0, &thp) ||
	    migsim_touch(w, PID, thp, THP_SIZE, 1) ||
	    migsim_mmap(w, PID, 0, THP_SIZE, MIGSIM_MAP_PRIVATE | MIGSIM_MAP_HUGETLB_2M, 0,
			&huge) ||
	    migsim_touch(w, PID, huge, THP_SIZE, 1) ||
	    migsim_mmap(w, PID, 0, 2 * 4096, MIGSIM_MAP_PRIVATE, 0, &zero) ||
	    migsim_touch(w, PID, zero, 4096, 0))
		return setup_failed(w, out, err, errlen);
	pinned = anon0 + 4 * 4096;
	if (migsim_pin(w, PID, pinned, &pin) || migsim_lru_drain(w))
		return setup_failed(w, out, err, errlen);
	migsim_vmstat_baseline(w);

#define ENTRY(w_, a_, n_) (e[n] = (struct mp_entry){ (w_), (a_), (n_) }, n++)
	ENTRY("anon page on node 0", anon0, 1);
	ENTRY("anon page already on node 1", anon1, 1);
	ENTRY("shmem page mapped by 2 tasks", shm, 1);
	ENTRY("THP tail (page 1)", thp + 4096, 1);
	ENTRY("THP tail (page 2), same THP", thp + 2 * 4096, 1);
	ENTRY("hugetlb head", huge, 1);
	ENTRY("hugetlb tail (page 1)", huge + 4096, 1);
	ENTRY("unmapped address", 0x10000, 0);
	ENTRY("the shared zero page", zero, 1);
	ENTRY("never-touched anon page", zero + 4096, 1);
	ENTRY("anon page on node 0", anon0 + 4096, 0);
	ENTRY("anon page on node 0", anon0 + 2 * 4096, 1);
	ENTRY("anon page on node 0, pinned", pinned, 1);
	ENTRY("anon page on node 0", anon0 + 3 * 4096, 0);
#undef ENTRY
	for (i = 0; i < n; i++) {
		pages[i] = e[i].addr;
		nodes[i] = e[i].node;
		status[i] = STATUS_UNSET;
	}
	scenario_say(story, "task %d (no CAP_SYS_NICE) calls move_pages(0, %d, pages, nodes, status, "
	    "MPOL_MF_MOVE);\nthe pinned page has an extra reference (GUP), so it cannot "
	    "migrate.\n\n", PID, n);
	rv = migsim_move_pages(w, PID, 0, (unsigned long)n, pages, nodes, status,
			       MIGSIM_MPOL_MF_MOVE);
	if (rv == -ENOTRECOVERABLE) {
		scenario_say(story, "the run ended inside move_pages(): see the report below\n");
		scenario_story_end(w, story);
		W(w)->story = NULL;
		return 0;
	}
	/* Where each entry's page is afterwards (do_pages_stat). */
	migsim_move_pages(w, PID, 0, (unsigned long)n, pages, NULL, after, 0);

	scenario_say(story, "  i  address          what                          target  status    "
	    "now on\n");
	for (i = 0; i < n; i++) {
		scenario_say(story, " %2d  %#-15llx  %-29s %4d    ", i, (unsigned long long)pages[i],
		    e[i].what, nodes[i]);
		print_status(story, status[i]);
		print_status(story, after[i]);
		scenario_say(story, "\n");
	}
	scenario_say(story, "\nmove_pages() returned %ld\n", rv);
	migsim_unpin(w, pin);
	scenario_story_end(w, story);
	W(w)->story = NULL;
	return 0;
}

const struct scenario caller_scenarios[] = {
	{
		.name = "thp-split-head-only",
		.summary = "seeds/000+001: THP migration unsupported, a THP migrated by memory "
			   "offline; up to 4.16 it is split with no list and only the head "
			   "migrates (511 base pages lost to migrate_pages())",
		.default_kernel = "4.14",
		.run = scenario_thp_split_head_only,
	},
	{
		.name = "move-pages-batching",
		.summary = "seeds/001: move_pages(2) over a mix of entries (already there, "
			   "shared, THP and hugetlb tails, unmapped, zero page, pinned) with "
			   "alternating target nodes: per-entry status and return value",
		.default_kernel = "6.12",
		.run = scenario_move_pages_batching,
	},
};
const size_t nr_caller_scenarios = ARRAY_SIZE(caller_scenarios);
