// SPDX-License-Identifier: MIT
/*
 * The seed races, as scenarios with actors (reference 7 and 9 c, d).
 *
 * migration-wait-tail-livelock (seeds/002): a THP is split by one actor
 *   (migration entries installed for every subpage) while another, on the
 *   same CPU, reads a tail address from kernel mode.  Up to 5.12 the waiter
 *   takes get_page_unless_zero() on the tail page, which always fails, and
 *   retries the fault at once; with preemption none it never gives the CPU
 *   back to the splitter: a livelock.  5.13 waits on the head's lock; 5.17
 *   and later wait on the folio lock with no reference: clean.
 *
 * hugetlb-migratable-race (seeds/003): memory offline's scan_movable_pages()
 *   tests a hugetlb page with no reference while another actor frees the
 *   page and dissolves it (shrinking the pool).  5.10: the VM_BUG_ON_PAGE in
 *   page_huge_active(); 5.11: the read of page[1] after the page stopped
 *   being compound is reported as stale metadata; 5.12 and later: the test
 *   reads the head's private word, and the offline copes: clean.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "scenario.h"
#include "strategy.h"
#include "world_internal.h"

#define MiB (1ULL << 20)
#define THP_BASE 0x40000000ULL

static int make_world(const struct migsim_scenario_opts *opts, const char *kernel,
		      enum migsim_preempt def_preempt, unsigned long hugetlb_pages,
		      struct migsim_world **out, char *err, size_t errlen)
{
	struct migsim_config cfg;

	migsim_config_init(&cfg);
	cfg.kernel = kernel;
	cfg.seed = opts->seed;
	cfg.node_size[0] = cfg.node_size[1] = 32 * MiB;
	cfg.nr_cpus = 2;
	cfg.trace = opts->trace;
	cfg.preempt = opts->preempt >= 0 ? (enum migsim_preempt)opts->preempt : def_preempt;
	cfg.hugetlb_2m[0] = hugetlb_pages;
	return migsim_world_create(&cfg, out, err, errlen);
}

/* ---- migration-wait-tail-livelock ---- */

static void splitter(struct migsim_world *w, void *arg)
{
	int split;

	(void)arg;
	migsim_split_folio(w, 100, THP_BASE, &split);
}

static void tail_reader(struct migsim_world *w, void *arg)
{
	(void)arg;
	/* copy_to_user() of a tail page: kernel mode, no return to user. */
	migsim_access_kernel(w, 100, THP_BASE + 5 * 4096, 4096, 0);
}

static int build_wait_livelock(const struct migsim_scenario_opts *opts, const char *kernel,
			       struct migsim_world **out, char *err, size_t errlen)
{
	struct migsim_task_config app = { .pid = 100, .cpu = 0, .comm = "fstat" };
	struct migsim_task_config thr = { .pid = 101, .cpu = 0, .comm = "split" };
	struct migsim_world *w;
	uint64_t addr;
	int ret = make_world(opts, kernel, MIGSIM_PREEMPT_NONE, 0, &w, err, errlen);

	if (ret)
		return ret;
	if (migsim_task_create(w, &app, NULL) || migsim_task_create(w, &thr, NULL) ||
	    migsim_mmap(w, 100, THP_BASE, 2 * MiB, MIGSIM_MAP_PRIVATE | MIGSIM_MAP_THP, 0,
			&addr) ||
	    migsim_touch(w, 100, THP_BASE, 2 * MiB, 1) ||
	    migsim_actor_create(w, "splitter", 101, splitter, NULL, NULL) ||
	    migsim_actor_create(w, "reader", 100, tail_reader, NULL, NULL)) {
		snprintf(err, errlen, "setup failed: %s", migsim_strerror(w));
		migsim_world_destroy(w);
		return -EINVAL;
	}
	*out = w;
	return 0;
}

/* ---- hugetlb-migratable-race ---- */

/* Offline the 2 MiB block holding the hugetlb page (its pfn is the arg). */
static void offliner(struct migsim_world *w, void *arg)
{
	migsim_offline_pages(w, (uint64_t)(uintptr_t)arg, 512, NULL);
}

static void freer(struct migsim_world *w, void *arg)
{
	(void)arg;
	/* Free the page (it goes back to the pool), then dissolve it. */
	migsim_munmap(w, 100, THP_BASE, 2 * MiB);
	migsim_hugetlb_pool(w, 0, 2 * MiB, 0);
}

static int build_hugetlb_race(const struct migsim_scenario_opts *opts, const char *kernel,
			      struct migsim_world **out, char *err, size_t errlen)
{
	struct migsim_task_config app = { .pid = 100, .cpu = 0, .comm = "app" };
	struct migsim_task_config kth = { .pid = 101, .cpu = 1, .comm = "offline" };
	struct migsim_page_info pi;
	struct migsim_world *w;
	uint64_t addr;
	int ret = make_world(opts, kernel, MIGSIM_PREEMPT_VOLUNTARY, 1, &w, err, errlen);

	if (ret)
		return ret;
	if (migsim_task_create(w, &app, NULL) || migsim_task_create(w, &kth, NULL) ||
	    migsim_mmap(w, 100, THP_BASE, 2 * MiB, MIGSIM_MAP_PRIVATE | MIGSIM_MAP_HUGETLB_2M,
			0, &addr) ||
	    migsim_touch(w, 100, THP_BASE, 2 * MiB, 1) ||
	    migsim_page_info(w, 100, THP_BASE, &pi) ||
	    migsim_actor_create(w, "offline", 101, offliner, (void *)(uintptr_t)pi.folio_pfn,
				NULL) ||
	    migsim_actor_create(w, "free+dissolve", 100, freer, NULL, NULL)) {
		snprintf(err, errlen, "setup failed: %s", migsim_strerror(w));
		migsim_world_destroy(w);
		return -EINVAL;
	}
	*out = w;
	return 0;
}

const struct scenario race_scenarios[] = {
	{
		.name = "migration-wait-tail-livelock",
		.summary = "seeds/002: a fault from kernel mode on a THP tail being split; up "
			   "to 5.12 the waiter retries without sleeping: with preemption none, "
			   "a livelock",
		.default_kernel = "5.12",
		.build = build_wait_livelock,
	},
	{
		.name = "hugetlb-migratable-race",
		.summary = "seeds/003: memory offline's scan_movable_pages() tests a hugetlb "
			   "page while it is freed and dissolved; 5.10 BUGs, 5.11 reads stale "
			   "page[1] metadata",
		.default_kernel = "5.11",
		.build = build_hugetlb_race,
	},
};
const size_t nr_race_scenarios = ARRAY_SIZE(race_scenarios);


int scenario_run_actors(const struct scenario *sc, const struct migsim_scenario_opts *opts,
			const char *kernel, struct migsim_world **out, char *err, size_t errlen)
{
	struct migsim_sched_config def = { .strategy = MIGSIM_STRATEGY_REPLAY };
	const struct migsim_sched_config *cfg = opts->sched ? opts->sched : &def;
	struct migsim_run_info info;
	struct migsim_world *w;
	FILE *story = opts->story;
	int ret = sc->build(opts, kernel, &w, err, errlen);

	if (ret)
		return ret;
	*out = w;
	if (opts->stop && migsim_stop_at(w, opts->stop)) {
		snprintf(err, errlen, "%s", migsim_strerror(w));
		migsim_world_destroy(w);
		*out = NULL;
		return -EINVAL;
	}
	W(w)->story = story;
	migsim_vmstat_baseline(w);
	scenario_say(story, "%s: kernel %s, seed %llu, strategy %s\n  %s\n\n", sc->name,
	    migsim_world_kernel(w), (unsigned long long)migsim_world_seed(w),
	    strategy_names[cfg->strategy], sc->summary);
	ret = migsim_run_actors(w, cfg, &info);
	if (ret && ret != -ENOTRECOVERABLE) {
		snprintf(err, errlen, "%s", migsim_strerror(w));
		W(w)->story = NULL;
		migsim_world_destroy(w);
		*out = NULL;
		return ret;
	}
	scenario_say(story, "schedule: %s\n  (%lu steps, %u decisions, %u preemptions, %u faults)\n",
	    info.schedule, info.steps, info.decisions, info.preemptions, info.faults);
	if (info.diverged)
		scenario_say(story, "  %s\n", info.diverged_msg);
	scenario_story_end(w, story);
	if (story && migsim_last_report(w) && migsim_last_report(w)->actors[0])
		fprintf(story, "actors:\n%s", migsim_last_report(w)->actors);
	W(w)->story = NULL;
	return 0;
}
