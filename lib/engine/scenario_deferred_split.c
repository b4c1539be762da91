// SPDX-License-Identifier: MIT
/*
 * Seed scenario deferred-split-early-exit: seeds/004, reference 2, 9e, 10.4.
 *
 *   task 100 maps 2 MiB THP-eligible memory on node 0 and writes it
 *     -> one PMD-mapped THP T
 *   munmap of the last 64 KiB
 *     -> PMD split, T PTE-mapped by 496 pages, partially mapped, on node 0's
 *        deferred-split queue
 *   a GUP-fast walker armed on page 1 of T (it pins the page the moment a
 *   split makes it a folio of its own, so that piece cannot migrate)
 *   NUMA hinting fault on page 0 toward node 1
 *     -> do_numa_page -> migrate_misplaced_folio -> migrate_pages(from = [T])
 *
 *   v5 (6.9+deferred-split-v5): T is split into @from while
 *     list_for_each_entry_safe holds the head as its cached next: the walk
 *     ends, 512 pieces stay on the list, return 0  -> BUG_ON(!list_empty())
 *   6.10-rc1: pieces go to split_folios, the pinned piece fails the split
 *     round, the split was not counted: return 0    -> BUG_ON
 *   6.10: return 1, but only the original folio (already migrated and
 *     freed) is put back                            -> VM_BUG_ON in folio_get
 *   6.11, 6.12: return 1, every leftover put back   -> ok
 *
 * Why the pin is taken after the split: a reference held before the fault
 * makes can_split_folio() refuse the split (-EAGAIN), so the THP never gets
 * split at all.  A GUP-fast racing with the split round is what leaves one
 * piece unmigratable; tests/unit/test_split.c shows the other case.
 */
#include <errno.h>
#include <string.h>
#include "scenario.h"
#include "world_internal.h"

#define BASE		0x40000000ULL
#define THP_SIZE	(2ULL << 20)
#define UNMAP_LEN	(64ULL << 10)
#define PID		100

static void count_placement(struct migsim_world *w, int *on0, int *on1, int *other)
{
	uint64_t a;

	*on0 = *on1 = *other = 0;
	for (a = BASE; a < BASE + THP_SIZE - UNMAP_LEN; a += 4096) {
		struct migsim_page_info pi;

		if (migsim_page_info(w, PID, a, &pi) || strcmp(pi.state, "present"))
			(*other)++;
		else if (pi.node == 0)
			(*on0)++;
		else if (pi.node == 1)
			(*on1)++;
		else
			(*other)++;
	}
}

int scenario_deferred_split_early_exit(const struct migsim_scenario_opts *opts,
				       const char *kernel, struct migsim_world **out,
				       char *err, size_t errlen)
{
	struct migsim_task_config tc = { .pid = PID, .cpu = 0, .comm = "numa01" };
	struct migsim_numa_result nr;
	struct migsim_page_info pi;
	struct migsim_node_info ni;
	struct migsim_config cfg;
	struct migsim_world *w;
	FILE *story = opts->story;
	uint64_t addr;
	int ret, pin, on0, on1, other;

	migsim_config_init(&cfg);
	cfg.kernel = kernel;
	cfg.seed = opts->seed;
	cfg.node_size[0] = cfg.node_size[1] = 64ULL << 20;
	cfg.trace = opts->trace;
	ret = migsim_world_create(&cfg, &w, err, errlen);
	if (ret)
		return ret;
	*out = w;
	W(w)->story = story;
	migsim_vmstat_baseline(w);
	/* A picture at a point (docs/visual.md): the schedule config's stop. */
	if (opts->stop && migsim_stop_at(w, opts->stop))
		goto setup_failed;

	scenario_say(story, "deferred-split-early-exit: kernel %s, seed %llu\n",
	    migsim_world_kernel(w), (unsigned long long)migsim_world_seed(w));
	scenario_say(story, "  seeds/004: [PATCH v5] mm/migrate: split source folio if it is on "
	    "deferred split list\n\n");

	if (migsim_task_create(w, &tc, NULL) ||
	    migsim_mmap(w, PID, BASE, THP_SIZE, MIGSIM_MAP_PRIVATE | MIGSIM_MAP_THP, 0, &addr) ||
	    migsim_touch(w, PID, BASE, THP_SIZE, 1))
		goto setup_failed;
	migsim_page_info(w, PID, BASE, &pi);
	scenario_say(story, "1. task %d (cpu 0) maps 2 MiB of THP-eligible memory at %#llx on node 0 "
	    "and writes it:\n   a PMD-mapped THP at pfn %#llx, order %u, node %d%s\n", PID,
	    (unsigned long long)BASE, (unsigned long long)pi.folio_pfn, pi.order, pi.node,
	    pi.deferred ? " (queued as maybe underused, as 6.12 does at fault time)" : "");

	if (migsim_munmap(w, PID, BASE + THP_SIZE - UNMAP_LEN, UNMAP_LEN))
		goto setup_failed;
	migsim_page_info(w, PID, BASE, &pi);
	migsim_node_info(w, 0, &ni);
	scenario_say(story, "2. munmap(%#llx, 64 KiB): the PMD is split; %d of 512 pages stay "
	    "PTE-mapped.\n   The THP is partially mapped and %son node 0's deferred-split "
	    "queue (length %llu).\n", (unsigned long long)(BASE + THP_SIZE - UNMAP_LEN),
	    pi.mapcount, pi.deferred ? "" : "NOT ",
	    (unsigned long long)ni.deferred_split_len);

	if (migsim_pin_after_split(w, PID, BASE + 4096, &pin))
		goto setup_failed;
	scenario_say(story, "3. a GUP-fast walker will pin page 1 (%#llx) the moment a split makes it "
	    "a folio of its own.\n", (unsigned long long)(BASE + 4096));

	scenario_say(story, "4. NUMA hinting fault at %#llx toward node 1:\n",
	    (unsigned long long)BASE);
	ret = migsim_numa_hint_fault(w, PID, BASE, 1, &nr);
	if (ret && ret != -ENOTRECOVERABLE)
		goto setup_failed;
	if (!ret) {
		scenario_say(story, "   migrate_misplaced_folio() returned %d; %d base pages migrated\n",
		    nr.rc, nr.nr_succeeded);
		count_placement(w, &on0, &on1, &other);
		scenario_say(story, "   the %llu still-mapped pages: %d on node 1, %d on node 0, %d "
		    "elsewhere\n", (unsigned long long)((THP_SIZE - UNMAP_LEN) / 4096), on1, on0,
		    other);
		migsim_unpin(w, pin);
	}
	scenario_story_end(w, story);
	W(w)->story = NULL;
	return 0;

setup_failed:
	if (err && errlen)
		snprintf(err, errlen, "scenario setup failed: %s", migsim_strerror(w));
	W(w)->story = NULL;
	migsim_world_destroy(w);
	*out = NULL;
	return -EINVAL;
}
