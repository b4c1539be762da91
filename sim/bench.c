// SPDX-License-Identifier: MIT
/*
 * migsim bench: the figures behind the performance budgets of DESIGN.md,
 * measured in one run on this machine.  Wall-clock time is the point here
 * (and only here): nothing it measures feeds back into a simulation.
 *
 *  migrate_order0_ns  one order-0 folio through migrate_pages() between two
 *                     nodes (isolate, unmap, move, remap, free), over >= 1M
 *                     folios, MIGRATE_ASYNC, median of 3 rounds after the
 *                     first
 *  migrate_thp_ns     one PMD THP the same way, median of 11 rounds after
 *                     the first, over 2048 THPs
 *  memcpy_4k_ns       one 4 KiB memcpy between 256 MiB buffers (larger than
 *                     the caches, as migration copies distinct pages)
 *  bytes_per_page     host bytes one more touched base page costs (the
 *                     marginal cost; the average and the fixed part are
 *                     printed beside it)
 *
 * The first round of each migration figure moves every folio into
 * destination memory this world has not used yet: in a fresh process its
 * time is mostly the host's page faults on that node's memmap and token
 * pages, a cost the simulator pays once per page of simulated memory, not
 * per migration.  It is left out of the median and printed beside it
 * (*_first_ns), with the range of the other rounds (*_range_ns).  On the
 * VM the figures in docs/architecture.md come from, the three THP rounds
 * after the first are also slower, 1.3-2 times the later ones, though they
 * execute the same instructions; plain memcpy() over freshly written
 * buffers warms up the same way.  The median of 11 lies past them, and the
 * range shows them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <migsim/migsim.h>
#include "bench.h"

#define GIB (1ULL << 30)

double bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), bench_cmp_double);
	return v[n / 2];
}

struct setup {
	struct migsim_world *w;
	int pid;
	uint64_t addr;
};

static int make_world(struct setup *s, uint64_t node_size, uint64_t map_len, unsigned int flags)
{
	struct migsim_config cfg;
	char err[256];

	migsim_config_init(&cfg);
	cfg.node_size[0] = cfg.node_size[1] = node_size;
	cfg.no_self_checks = true;
	if (migsim_world_create(&cfg, &s->w, err, sizeof(err))) {
		fprintf(stderr, "bench: %s\n", err);
		return -1;
	}
	if (migsim_task_create(s->w, NULL, &s->pid) ||
	    migsim_mmap(s->w, s->pid, 0, map_len, MIGSIM_MAP_PRIVATE | flags, 0, &s->addr) ||
	    migsim_touch(s->w, s->pid, s->addr, map_len, 1)) {
		fprintf(stderr, "bench: setup: %s\n", migsim_strerror(s->w));
		migsim_world_destroy(s->w);
		return -1;
	}
	return 0;
}

/* One migration figure: ns per folio over rounds of the whole mapping. */
struct migrate_figure {
	double median;		/* of the rounds after the first */
	double first;		/* the first round */
	double min, max;	/* of the rounds after the first */
	long folios;		/* per round */
};

/*
 * Migrate the whole mapping back and forth, 1 + @rounds times (at most 15),
 * timing each round.  Returns 0, or -1 with a message on stderr.
 */
static int bench_migrate(uint64_t node_size, uint64_t len, unsigned int flags, int rounds,
			 long per_folio_pages, struct migrate_figure *f)
{
	struct setup s;
	double t[16];
	int r;

	if (make_world(&s, node_size, len, flags))
		return -1;
	for (r = 0; r <= rounds; r++) {
		struct migsim_migrate_result res;
		double t0 = bench_now_ns();

		if (migsim_migrate_range(s.w, s.pid, s.addr, len, (r + 1) % 2, MIGSIM_MIGRATE_ASYNC,
					 MIGSIM_MR_SYSCALL, &res) || res.rc) {
			fprintf(stderr, "bench: migration failed: rc %d %s\n", res.rc,
				migsim_strerror(s.w));
			migsim_world_destroy(s.w);
			return -1;
		}
		t[r] = (bench_now_ns() - t0) / ((double)res.nr_succeeded / (double)per_folio_pages);
		f->folios = res.nr_succeeded / per_folio_pages;
	}
	if (migsim_check(s.w)) {
		fprintf(stderr, "bench: the checker failed after migrating: %s\n",
			migsim_last_report(s.w) ? migsim_last_report(s.w)->message : "?");
		migsim_world_destroy(s.w);
		return -1;
	}
	migsim_world_destroy(s.w);
	f->first = t[0];
	f->median = median(t + 1, rounds);	/* sorts them */
	f->min = t[1];
	f->max = t[rounds];
	return 0;
}

static void print_migrate_figure(const char *name, const struct migrate_figure *f)
{
	printf("\"%s_ns\": %.1f, \"%s_first_ns\": %.1f, \"%s_range_ns\": [%.1f, %.1f], ",
	       name, f->median, name, f->first, name, f->min, f->max);
}

static double bench_memcpy(void)
{
	const size_t size = 256UL << 20, page = 4096;
	char *src = malloc(size), *dst = malloc(size);
	double t[5];
	int r;
	size_t off;

	if (!src || !dst) {
		free(src);
		free(dst);
		return -1;
	}
	memset(src, 1, size);
	memset(dst, 2, size);
	for (r = 0; r < 5; r++) {
		double t0 = bench_now_ns();

		for (off = 0; off < size; off += page)
			memcpy(dst + off, src + off, page);
		t[r] = (bench_now_ns() - t0) / (double)(size / page);
		__asm__ volatile("" : : "r"(dst) : "memory");
	}
	free(src);
	free(dst);
	return median(t, 5);
}

/*
 * Host memory for touched pages, measured twice: touch @pages pages, then
 * @pages more.  The second half gives the marginal cost of one more touched
 * page (struct page, content token, PTE), which is what the budget bounds;
 * the whole gives the average, which also carries the fixed costs that do
 * not grow with the pages touched (the upper page-table levels, the
 * allocator's free pages in the last memmap sections it opened).  Both are
 * printed, and the fixed part as bytes.
 */
static int bench_bytes_per_page(long pages, double *marginal, double *average, double *fixed)
{
	struct migsim_config cfg;
	struct migsim_world *w;
	uint64_t addr, half = (uint64_t)pages * 4096;
	size_t before, mid, after;
	int pid;

	migsim_config_init(&cfg);
	cfg.node_size[0] = cfg.node_size[1] = 8 * GIB;
	if (migsim_world_create(&cfg, &w, NULL, 0))
		return -1;
	if (migsim_task_create(w, NULL, &pid) ||
	    migsim_mmap(w, pid, 0, 2 * half, MIGSIM_MAP_PRIVATE, 0, &addr)) {
		migsim_world_destroy(w);
		return -1;
	}
	before = migsim_host_bytes(w);
	if (migsim_touch(w, pid, addr, half, 1)) {
		migsim_world_destroy(w);
		return -1;
	}
	mid = migsim_host_bytes(w);
	if (migsim_touch(w, pid, addr + half, half, 1)) {
		migsim_world_destroy(w);
		return -1;
	}
	after = migsim_host_bytes(w);
	*marginal = (double)(after - mid) / (double)pages;
	*average = (double)(after - before) / (double)(2 * pages);
	*fixed = (double)(after - before) - *marginal * (double)(2 * pages);
	migsim_world_destroy(w);
	return 0;
}

void bench_usage(FILE *out, const char *prog)
{
	fprintf(out,
		"usage: %s bench [--json] [--quick]\n"
		"\n"
		"Measure, in one run: ns per order-0 folio and per PMD THP through\n"
		"migrate_pages() between two nodes, ns per 4 KiB memcpy on this machine,\n"
		"host bytes per touched simulated page (marginal, with the average and\n"
		"the fixed part beside it), ns per scheduling step, whole\n"
		"schedules per second, and the time each seed race takes to be found;\n"
		"compare them with the budgets.\n"
		"\n"
		"The migration figures are medians of the rounds after the first; the\n"
		"range of those rounds and the first round, into destination memory the\n"
		"world has not used yet, are printed beside them.\n"
		"\n"
		"  --json   one JSON object: migrate_order0_ns, migrate_thp_ns, memcpy_4k_ns,\n"
		"           and for each migration figure X, X_first_ns and X_range_ns,\n"
		"           bytes_per_page, bytes_per_page_average, fixed_bytes,\n"
		"           sched_step_ns, schedules_per_sec, time_to_find\n"
		"           (and the budgets)\n"
		"  --quick  smaller runs (262144 folios, 3 seeds), for a smoke test\n", prog);
}

int bench_main(int argc, char **argv, const char *prog)
{
	bool json = false, quick = false;
	struct migrate_figure o0, thp;
	double cp, bpp, bpp_avg, bpp_fixed;
	uint64_t len0;
	bool ok, sched_ok = false;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--quick")) {
			quick = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			bench_usage(stdout, prog);
			return 0;
		} else {
			fprintf(stderr, "%s: bench: unknown argument '%s'\n", prog, argv[i]);
			return 2;
		}
	}
	len0 = quick ? GIB : 4 * GIB;	/* 4 GiB = 1,048,576 order-0 folios */
	if (bench_migrate(len0 + GIB, len0, 0, 3, 1, &o0) ||
	    bench_migrate(quick ? 2 * GIB : 5 * GIB, quick ? GIB : 4 * GIB, MIGSIM_MAP_THP,
			  quick ? 3 : 11, 512, &thp))
		return 1;
	cp = bench_memcpy();
	if (cp < 0 || bench_bytes_per_page(quick ? 65536 : 262144, &bpp, &bpp_avg, &bpp_fixed))
		return 1;
	ok = o0.median <= 100 && o0.median < cp / 2 && thp.median <= 500 && bpp <= 80;
	if (json) {
		printf("{");
		print_migrate_figure("migrate_order0", &o0);
		print_migrate_figure("migrate_thp", &thp);
		printf("\"memcpy_4k_ns\": %.1f, \"bytes_per_page\": %.2f, "
		       "\"bytes_per_page_average\": %.2f, \"fixed_bytes\": %.0f, "
		       "\"order0_folios\": %ld, \"thp_folios\": %ld",
		       cp, bpp, bpp_avg, bpp_fixed, o0.folios, thp.folios);
	} else {
		printf("%-20s %10s  %s\n", "figure", "measured", "budget");
		printf("%-20s %10.1f  <= 100 and < memcpy_4k/2 (%.1f)   [%ld folios; rounds "
		       "%.1f-%.1f; first %.1f]\n", "migrate_order0_ns", o0.median, cp / 2,
		       o0.folios, o0.min, o0.max, o0.first);
		printf("%-20s %10.1f  <= 500   [%ld THPs; rounds %.1f-%.1f; first %.1f]\n",
		       "migrate_thp_ns", thp.median, thp.folios, thp.min, thp.max, thp.first);
		printf("%-20s %10.1f\n", "memcpy_4k_ns", cp);
		printf("%-20s %10.2f  <= 80   [marginal; average %.2f over %d pages, "
		       "of which %.0f KiB fixed]\n", "bytes_per_page", bpp, bpp_avg,
		       quick ? 131072 : 524288, bpp_fixed / 1024);
	}
	fflush(stdout);
	if (bench_sched(json, quick, &sched_ok))
		return 1;
	ok = ok && sched_ok;
	if (json)
		printf(", \"budgets\": {\"migrate_order0_ns\": 100, \"migrate_thp_ns\": 500, "
		       "\"bytes_per_page\": 80, \"sched_step_ns\": 25, "
		       "\"schedules_per_sec\": 20000}, \"within_budget\": %s}\n",
		       ok ? "true" : "false");
	else
		printf("\n%s\n", ok ? "within budget" : "OVER BUDGET");
	return 0;
}
