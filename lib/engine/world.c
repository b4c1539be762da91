// SPDX-License-Identifier: MIT
/*
 * Booting and tearing down a simulated machine.
 *
 * Layout: node i starts at a 1 GiB-aligned pfn after node i-1 (node 0 at
 * 1 GiB), so every node can hold gigantic pages and pfn 0 is never node
 * memory: it is the shared zero page, in a section of its own.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/mm.h>
#include <linux/hugetlb.h>
#include <linux/rmap.h>
#include "internal.h"
#include "hugetlb_internal.h"
#include "mm_callers.h"
#include "entry.h"
#include "trace.h"
#include "world_internal.h"
#include "sched.h"

__thread struct world *sim_world;

void *sim_zalloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (p && sim_world)
		sim_world->host_bytes += size;
	return p;
}

void *sim_zalloc_page(void)
{
	void *p = NULL;

	if (posix_memalign(&p, PAGE_SIZE, PAGE_SIZE))
		return NULL;
	memset(p, 0, PAGE_SIZE);
	if (sim_world)
		sim_world->host_bytes += PAGE_SIZE;
	return p;
}

void *sim_realloc(void *p, size_t old_size, size_t new_size)
{
	void *n = realloc(p, new_size ? new_size : 1);

	if (!n)
		return NULL;
	if (new_size > old_size)
		memset((char *)n + old_size, 0, new_size - old_size);
	if (sim_world)
		sim_world->host_bytes += new_size - old_size;
	return n;
}

void sim_free(void *p, size_t size)
{
	if (!p)
		return;
	free(p);
	if (sim_world)
		sim_world->host_bytes -= size;
}

char *sim_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = sim_zalloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

int sim_error(struct world *w, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->errmsg, sizeof(w->errmsg), fmt, ap);
	va_end(ap);
	return err;
}

void sim_story(const char *fmt, ...)
{
	va_list ap;

	if (!sim_world || !sim_world->story)
		return;
	fputs("    | ", sim_world->story);
	va_start(ap, fmt);
	vfprintf(sim_world->story, fmt, ap);
	va_end(ap);
	fputc('\n', sim_world->story);
}

static bool sched_multi(const struct world *w)
{
	return w->sched && w->sched->running && w->sched->nr_actors > 1;
}

/* A named point was reached with points armed: run the hooks waiting there
 * (not from inside a hook), then let the scheduler decide. */
void sim_run_point(const char *name)
{
	struct world *w = sim_world;
	unsigned int i;

	if (w->hooks_armed && !w->in_hook) {
		bool armed = false;

		w->in_hook = true;
		for (i = 0; i < w->nr_hooks; i++) {
			struct sim_hook *h = &w->hooks[i];

			if (!h->fired && (h->point == name || !strcmp(h->point, name)))
				h->fired = h->fn(w, h->arg);
			if (!h->fired)
				armed = true;
		}
		w->in_hook = false;
		w->hooks_armed = armed;
		w->points_armed = armed || sched_multi(w);
	}
	if (w->sched && w->sched->running)
		sched_point_slow(name);
}

int sim_arm_hook(struct world *w, const char *point,
		 bool (*fn)(struct world *w, void *arg), void *arg)
{
	struct sim_hook *h;

	if (w->nr_hooks == ARRAY_SIZE(w->hooks))
		return sim_error(w, -ENOSPC, "at most %zu hooks may be armed",
				 ARRAY_SIZE(w->hooks));
	h = &w->hooks[w->nr_hooks++];
	h->point = point;
	h->fn = fn;
	h->arg = arg;
	h->fired = false;
	w->hooks_armed = true;
	w->points_armed = true;
	return 0;
}

struct task_struct *task_alloc(struct world *w, int pid, int cpu, const char *comm)
{
	struct task_struct *t = sim_zalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->pid = pid;
	t->cpu = cpu;
	snprintf(t->comm, sizeof(t->comm), "%s", comm ? comm : "task");
	t->mems_allowed = w->node_memory_mask;
	INIT_LIST_HEAD(&t->tasks);
	return t;
}

struct task_struct *find_task(struct world *w, int pid)
{
	struct task_struct *t;

	list_for_each_entry(t, &w->tasks, tasks)
		if (t->pid == pid)
			return t;
	return NULL;
}

static int validate_config(const struct migsim_config *cfg, char *err, size_t errlen)
{
	int i, j;

	if (cfg->nr_nodes < 1 || cfg->nr_nodes > MIGSIM_MAX_NODES) {
		snprintf(err, errlen, "nr_nodes: %d is out of range 1..%d", cfg->nr_nodes,
			 MIGSIM_MAX_NODES);
		return -EINVAL;
	}
	for (i = 0; i < cfg->nr_nodes; i++) {
		uint64_t sz = cfg->node_size[i];

		if (sz < HPAGE_PMD_SIZE || sz % HPAGE_PMD_SIZE) {
			snprintf(err, errlen, "node_size[%d]: %llu bytes is not a positive "
				 "multiple of 2 MiB", i, (unsigned long long)sz);
			return -EINVAL;
		}
		if (sz > (1ULL << 46)) {
			snprintf(err, errlen, "node_size[%d]: %llu bytes is more than 64 TiB",
				 i, (unsigned long long)sz);
			return -EINVAL;
		}
		if (cfg->tier[i] < 0 || cfg->tier[i] > 7) {
			snprintf(err, errlen, "tier[%d]: %d is out of range 0..7", i, cfg->tier[i]);
			return -EINVAL;
		}
		if (cfg->adistance[i] < 0 || cfg->adistance[i] > MEMTIER_ADISTANCE_MAX) {
			snprintf(err, errlen, "adistance[%d]: %d is out of range 0..%d (0: from "
				 "tier[%d])", i, cfg->adistance[i], MEMTIER_ADISTANCE_MAX, i);
			return -EINVAL;
		}
		if (cfg->adistance[i] && cfg->tier[i]) {
			snprintf(err, errlen, "node %d sets both tier[%d] = %d and adistance[%d] = "
				 "%d: set one (the tier is computed from the abstract distance)",
				 i, i, cfg->tier[i], i, cfg->adistance[i]);
			return -EINVAL;
		}
		for (j = 0; j < cfg->nr_nodes; j++) {
			int d = cfg->distance[i][j], dt = cfg->distance[j][i];
			/* Compare what will be used: 0 is the default, 10 or 20. */
			int de = d ? d : i == j ? 10 : 20, dte = dt ? dt : i == j ? 10 : 20;

			if (de != dte) {
				snprintf(err, errlen, "distance[%d][%d] = %d but distance[%d][%d] = "
					 "%d%s: distances must be symmetric", i, j, de, j, i, dte,
					 d && dt ? "" : " (0 means the default, 20)");
				return -EINVAL;
			}
			if (i == j && d && d != 10) {
				snprintf(err, errlen, "distance[%d][%d] = %d: the local distance "
					 "is 10", i, i, d);
				return -EINVAL;
			}
			if (i != j && d && (d <= 10 || d > 254)) {
				snprintf(err, errlen, "distance[%d][%d] = %d: remote distances "
					 "are 11..254", i, j, d);
				return -EINVAL;
			}
		}
	}
	if (cfg->nr_cpus < 0 || cfg->nr_cpus > MIGSIM_MAX_CPUS) {
		snprintf(err, errlen, "nr_cpus: %d is out of range 0..%d", cfg->nr_cpus,
			 MIGSIM_MAX_CPUS);
		return -EINVAL;
	}
	if (cfg->cpu_node_set) {
		int n = cfg->nr_cpus ? cfg->nr_cpus : cfg->nr_nodes;

		for (i = 0; i < n; i++)
			if (cfg->cpu_node[i] < 0 || cfg->cpu_node[i] >= cfg->nr_nodes) {
				snprintf(err, errlen, "cpu_node[%d]: node %d does not exist", i,
					 cfg->cpu_node[i]);
				return -EINVAL;
			}
	}
	return 0;
}

static int boot_hugetlb_pools(struct world *w, const struct migsim_config *cfg,
			      char *err, size_t errlen)
{
	int nid;

	for (nid = 0; nid < cfg->nr_nodes; nid++) {
		struct hstate *h2 = order_to_hstate(HPAGE_PMD_ORDER);
		struct hstate *h1 = order_to_hstate(HPAGE_PUD_ORDER);

		if (cfg->hugetlb_1g[nid] && hugetlb_pool_resize(h1, nid, cfg->hugetlb_1g[nid])) {
			snprintf(err, errlen, "hugetlb_1g[%d]: node %d cannot hold %lu 1 GiB pages",
				 nid, nid, cfg->hugetlb_1g[nid]);
			return -EINVAL;
		}
		if (cfg->hugetlb_2m[nid] && hugetlb_pool_resize(h2, nid, cfg->hugetlb_2m[nid])) {
			snprintf(err, errlen, "hugetlb_2m[%d]: node %d cannot hold %lu 2 MiB pages",
				 nid, nid, cfg->hugetlb_2m[nid]);
			return -EINVAL;
		}
	}
	(void)w;
	return 0;
}

static int world_boot(struct world *w, const struct migsim_config *cfg, char *err,
		      size_t errlen)
{
	unsigned long start = 1UL << HPAGE_PUD_ORDER, max_pfn;
	struct page *zero;
	int nid, cpu, ret;

	w->nr_nodes = cfg->nr_nodes;
	for (nid = 0; nid < cfg->nr_nodes; nid++) {
		unsigned long nr = cfg->node_size[nid] >> PAGE_SHIFT;
		pg_data_t *pgdat = sim_zalloc(sizeof(*pgdat));
		int j;

		if (!pgdat)
			return -ENOMEM;
		w->node_data[nid] = pgdat;
		node_init(nid, start, nr);
		pgdat->tier = cfg->tier[nid];
		pgdat->adistance = cfg->adistance[nid] ? cfg->adistance[nid] :
			memtier_adistance_of_tier(cfg->tier[nid]);
		for (j = 0; j < cfg->nr_nodes; j++)
			pgdat->distance[j] = cfg->distance[nid][j] ? cfg->distance[nid][j] :
				(j == nid ? 10 : 20);
		w->node_memory_mask |= 1ULL << nid;
		start = ALIGN(start + nr, 1UL << HPAGE_PUD_ORDER);
	}
	max_pfn = pgdat_end_pfn(w->node_data[cfg->nr_nodes - 1]);
	if (sparse_init(max_pfn))
		return -ENOMEM;
	for (nid = 0; nid < cfg->nr_nodes; nid++)
		sparse_set_node(nid, w->node_data[nid]->node_start_pfn,
				w->node_data[nid]->node_spanned_pages);

	/* The shared zero page: pfn 0, reserved, never freed. */
	w->zero_pfn = 0;
	sparse_mark_range(0, 1);
	zero = pfn_to_page(0);
	set_bit_ul(PG_reserved, &zero->flags);
	INIT_LIST_HEAD(&zero->lru);
	zero->_refcount = 1;
	w->zero_page = zero;

	w->nr_cpus = cfg->nr_cpus ? cfg->nr_cpus : cfg->nr_nodes;
	for (cpu = 0; cpu < w->nr_cpus; cpu++)
		w->cpu_to_node[cpu] = cfg->cpu_node_set ? cfg->cpu_node[cpu] :
			memtier_default_cpu_node(cpu);
	memory_tiers_init();

	hugetlb_init_hstates();
	if (!w->hstates[0] || !w->hstates[1])
		return -ENOMEM;
	ret = boot_hugetlb_pools(w, cfg, err, errlen);
	if (ret)
		return ret;
	return 0;
}

/* Host-only teardown: frees what the world owns without running model code,
 * so a world that ended in a BUG (inconsistent lists) is still freed. */
static void world_free(struct world *w)
{
	struct task_struct *t, *tn;
	struct address_space *m, *mn;
	struct sim_pin *p, *pn;
	int nid;

	sim_world = w;
	list_for_each_entry_safe(t, tn, &w->tasks, tasks) {
		struct mm_struct *mm = t->mm;

		if (mm && --mm->users == 0) {
			unsigned int i;

			for (i = 0; i < mm->nr_vmas; i++)
				sim_free(mm->vmas[i], sizeof(*mm->vmas[i]));
			sim_free(mm->vmas, mm->vmas_cap * sizeof(*mm->vmas));
			free_pgtables(mm);
			sim_free(mm, sizeof(*mm));
		}
		sim_free(t, sizeof(*t));
	}
	if (w->idle_task)
		sim_free(w->idle_task, sizeof(*w->idle_task));
	list_for_each_entry_safe(m, mn, &w->mappings, world_node) {
		sim_free(m->i_pages, m->nr_slots * sizeof(*m->i_pages));
		sim_free(m, sizeof(*m));
	}
	list_for_each_entry_safe(p, pn, &w->pins, node)
		sim_free(p, sizeof(*p));
	sched_destroy(w);
	anon_vma_free_all();
	hugetlb_destroy_hstates();
	sparse_destroy();
	for (nid = 0; nid < MAX_NUMNODES; nid++)
		sim_free(w->node_data[nid], sizeof(pg_data_t));
	trace_free(&w->trace);
	sim_world = NULL;
	free(w);
}

void migsim_config_init(struct migsim_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->kernel = DEFAULT_KERNEL_PROFILE;
	cfg->seed = 1;
	cfg->nr_nodes = 2;
	cfg->node_size[0] = 1ULL << 30;
	cfg->node_size[1] = 1ULL << 30;
}

int migsim_world_create(const struct migsim_config *cfg, struct migsim_world **out,
			char *err, size_t errlen)
{
	char scratch[256];
	struct world *w, *prev = sim_world;
	int ret;

	if (!err) {
		err = scratch;
		errlen = sizeof(scratch);
	}
	if (errlen)
		err[0] = '\0';
	if (!cfg || !out) {
		snprintf(err, errlen, "cfg and out must not be NULL");
		return -EINVAL;
	}
	*out = NULL;
	ret = validate_config(cfg, err, errlen);
	if (ret)
		return ret;
	w = calloc(1, sizeof(*w));
	if (!w) {
		snprintf(err, errlen, "out of host memory");
		return -ENOMEM;
	}
	ret = kernel_profile_parse(cfg->kernel, &w->profile, err, errlen);
	if (ret) {
		free(w);
		return ret;
	}
	w->seed = cfg->seed;
	w->thp_migration_supported = !cfg->no_thp_migration;
	w->panic_on_warn = !cfg->warn_continues;
	w->checks = !cfg->no_self_checks;
	w->preempt = cfg->preempt;
	w->trace.enabled = cfg->trace;
	w->next_pid = 1;
	INIT_LIST_HEAD(&w->tasks);
	INIT_LIST_HEAD(&w->mappings);
	INIT_LIST_HEAD(&w->pins);
	spin_lock_init_named(&w->hugetlb_lock, "hugetlb_lock");
	w->host_bytes = sizeof(*w);

	sim_world = w;
	w->idle_task = task_alloc(w, 0, 0, "swapper/0");
	w->current_task = w->idle_task;
	ret = SIM_RUN(w, world_boot(w, cfg, err, errlen));
	if (ret == -ENOTRECOVERABLE)
		snprintf(err, errlen, "boot failed: %s", w->report.message);
	else if (ret && !err[0])
		snprintf(err, errlen, "boot failed: %s", strerror(-ret));
	if (ret) {
		world_free(w);
		sim_world = prev;
		return ret;
	}
	w->idle_task->mems_allowed = w->node_memory_mask;
	sim_world = prev;
	*out = (struct migsim_world *)w;
	return 0;
}

void migsim_world_destroy(struct migsim_world *pw)
{
	struct world *prev = sim_world;

	if (!pw)
		return;
	world_free((struct world *)pw);
	sim_world = prev == (struct world *)pw ? NULL : prev;
}
