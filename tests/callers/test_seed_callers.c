// SPDX-License-Identifier: MIT
/*
 * The callers' seed scenarios under each listed profile, through the public
 * API (reference 9 a, b1-b3; seeds/000 and 001).
 *
 *   thp-split-head-only   4.14, 4.16: THP split with no list, head only
 *                           -> invariant "511 lost"
 *                         4.17, 5.10, 6.11, 6.12: every piece migrates -> ok
 *   move-pages-batching   4.16, 4.17, 6.11, 6.12: the status table and the
 *                           return value differ as each kernel did
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <migsim/migsim.h>
#include "scenario/seed_file.h"

static struct migsim_world *run(const char *name, const char *kernel, char **story)
{
	struct migsim_scenario_opts opts = { .kernel = kernel, .seed = 1 };
	struct migsim_world *w;
	size_t len = 0;
	char err[256];

	printf("# seed 1, kernel %s\n", kernel);
	opts.story = open_memstream(story, &len);
	if (migsim_scenario_run(name, &opts, &w, err, sizeof(err)))
		fail_msg("%s", err);
	fclose(opts.story);
	return w;
}

static long delta(struct migsim_world *w, const char *name)
{
	long d = 0;

	if (migsim_vmstat_change(w, name, &d))
		fail_msg("no counter %s", name);
	return d;
}

static void thp_head_only(const char *kernel)
{
	char *story = NULL;
	struct migsim_world *w = run("thp-split-head-only", kernel, &story);
	const struct migsim_report *r = migsim_last_report(w);

	assert_int_equal(migsim_outcome(w), MIGSIM_INVARIANT);
	assert_non_null(r);
	assert_string_equal(r->function, "migrate_pages");
	assert_non_null(strstr(r->message, "512 base pages entered migrate_pages()"));
	assert_non_null(strstr(r->message, "511 lost"));
	assert_non_null(strstr(story, "THP split with no list"));
	assert_int_equal(delta(w, "pgmigrate_success"), 1);
	assert_int_equal(delta(w, "thp_split_page"), 1);
	free(story);
	migsim_world_destroy(w);
}

static void test_thp_split_head_only_414(void **state)
{
	(void)state;
	thp_head_only("4.14");
}

static void test_thp_split_head_only_416(void **state)
{
	(void)state;
	thp_head_only("4.16");
}

static void every_piece_migrates(const char *kernel)
{
	char *story = NULL;
	struct migsim_world *w = run("thp-split-head-only", kernel, &story);

	assert_int_equal(migsim_outcome(w), MIGSIM_OK);
	assert_non_null(strstr(story, "offline_pages() returned 0"));
	assert_non_null(strstr(story, "the 512 pages: 512 on node 1, 0 on node 0"));
	assert_non_null(strstr(story, "node 0 now has 15872 present pages"));
	assert_int_equal(delta(w, "pgmigrate_success"), 512);
	assert_int_equal(delta(w, "thp_migration_split"), 1);
	assert_int_equal(delta(w, "thp_migration_fail"), 1);
	free(story);
	migsim_world_destroy(w);
}

static void test_thp_split_head_only_fixed(void **state)
{
	(void)state;
	every_piece_migrates("4.17");
	every_piece_migrates("5.10");
	every_piece_migrates("6.11");
	every_piece_migrates("6.12");
}

/* One row of the move-pages-batching table: "  i  ...  what  target  status". */
static void assert_row(const char *story, int i, const char *what, const char *status)
{
	char key[128];
	const char *row;

	snprintf(key, sizeof(key), "\n %2d  ", i);
	row = strstr(story, key);
	if (!row)
		fail_msg("no row %d", i);
	if (!strstr(row, what) || strstr(row, what) > strchr(row + 1, '\n'))
		fail_msg("row %d is not \"%s\"", i, what);
	row = strstr(row, what) + 30;
	while (*row == ' ' || (*row >= '0' && *row <= '9'))
		row++;
	if (strncmp(row, status, strlen(status)))
		fail_msg("row %d: status \"%.10s\", expected \"%s\"", i, row, status);
}

struct batching_expect {
	const char *kernel;
	const char *ret;
	const char *hugetlb_tail;
	const char *untouched;
	const char *pinned_batch[3];	/* entries 11, 12, 13 */
};

static void batching(const struct batching_expect *x)
{
	char *story = NULL;
	struct migsim_world *w = run("move-pages-batching", x->kernel, &story);

	assert_int_equal(migsim_outcome(w), MIGSIM_OK);
	assert_non_null(strstr(story, x->ret));
	assert_row(story, 0, "anon page on node 0", "node 1");
	assert_row(story, 1, "anon page already on node 1", "node 1");
	assert_row(story, 2, "shmem page mapped by 2 tasks", "-EACCES");
	assert_row(story, 3, "THP tail (page 1)", "node 1");
	assert_row(story, 4, "THP tail (page 2), same THP", "-EBUSY");
	assert_row(story, 5, "hugetlb head", "node 1");
	assert_row(story, 6, "hugetlb tail (page 1)", x->hugetlb_tail);
	assert_row(story, 7, "unmapped address", "-EFAULT");
	assert_row(story, 8, "the shared zero page", "-EFAULT");
	assert_row(story, 9, "never-touched anon page", x->untouched);
	assert_row(story, 10, "anon page on node 0", "node 0");
	assert_row(story, 11, "anon page on node 0", x->pinned_batch[0]);
	assert_row(story, 12, "anon page on node 0, pinned", x->pinned_batch[1]);
	assert_row(story, 13, "anon page on node 0", x->pinned_batch[2]);
	assert_int_equal(delta(w, "pgmigrate_success"), 1 + 512 + 512 + 1);
	assert_int_equal(delta(w, "pgmigrate_fail"), 1);
	free(story);
	migsim_world_destroy(w);
}

static void test_batching_416(void **state)
{
	static const struct batching_expect x = {
		"4.16", "move_pages() returned 0\n", "-EACCES", "-EFAULT",
		{ "node 1", "-EAGAIN", "node 0" },
	};

	(void)state;
	batching(&x);
}

static void test_batching_417(void **state)
{
	static const struct batching_expect x = {
		"4.17", "move_pages() returned 2\n", "-EACCES", "-EFAULT",
		{ "(unset)", "(unset)", "(unset)" },
	};

	(void)state;
	batching(&x);
}

static void test_batching_611(void **state)
{
	static const struct batching_expect x = {
		"6.11", "move_pages() returned 2\n", "-EBUSY", "-EFAULT",
		{ "(unset)", "(unset)", "(unset)" },
	};

	(void)state;
	batching(&x);
}

static void test_batching_612(void **state)
{
	static const struct batching_expect x = {
		"6.12", "move_pages() returned 2\n", "-EBUSY", "-ENOENT",
		{ "(unset)", "(unset)", "(unset)" },
	};

	(void)state;
	batching(&x);
}

static void test_json(void **state)
{
	char *story = NULL, *buf = NULL;
	struct migsim_world *w = run("thp-split-head-only", "4.14", &story);
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(migsim_scenario_write_json(w, "thp-split-head-only", f), 0);
	fclose(f);
	assert_non_null(strstr(buf, "\"outcome\": \"invariant\""));
	assert_non_null(strstr(buf, "\"kernel\": \"4.14\""));
	free(buf);
	free(story);
	migsim_world_destroy(w);
}

/*
 * examples/scenarios/thp-split-head-only.yaml is the same scenario: the
 * same outcome, report, counters and pages under every profile above.
 */
static void test_thp_split_head_only_file(void **state)
{
	static const char *const kernels[] = { "4.14", "4.16", "4.17", "5.10", "6.11", "6.12",
					       "4.14+prep-transhuge-on-src" };
	static const char *const counters[] = { "pgmigrate_success", "pgmigrate_fail",
						"thp_split_page", "thp_migration_split",
						"thp_migration_fail", NULL };
	struct migsim_scenario_file *sf = seed_file_load("thp-split-head-only");
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(kernels) / sizeof(kernels[0]); i++) {
		char *story = NULL;
		struct migsim_world *f = seed_file_run(sf, kernels[i], NULL);
		struct migsim_world *b = run("thp-split-head-only", kernels[i], &story);
		struct migsim_node_info nf, nb;

		assert_same_run(f, b, counters);
		assert_same_pages(f, b, 100, 1ULL << 30, 2ULL << 20);
		assert_int_equal(migsim_node_info(f, 0, &nf), 0);
		assert_int_equal(migsim_node_info(b, 0, &nb), 0);
		assert_int_equal(nf.present_pages, nb.present_pages);
		free(story);
		migsim_world_destroy(f);
		migsim_world_destroy(b);
	}
	assert_file_test_passes(sf);
	migsim_scenario_file_free(sf);
}

static int status_value(const char *s)
{
	if (!strcmp(s, "(unset)"))
		return MIGSIM_STATUS_UNSET;
	if (!strncmp(s, "node ", 5))
		return atoi(s + 5);
	if (!strcmp(s, "-EACCES"))
		return -EACCES;
	if (!strcmp(s, "-EBUSY"))
		return -EBUSY;
	if (!strcmp(s, "-EFAULT"))
		return -EFAULT;
	if (!strcmp(s, "-ENOENT"))
		return -ENOENT;
	if (!strcmp(s, "-EAGAIN"))
		return -EAGAIN;
	fail_msg("status %s", s);
	return 0;
}

/*
 * examples/scenarios/move-pages-batching.yaml is the same scenario: its
 * move_pages status array and return value are the built-in's table row by
 * row (the batching_expect rows above), and the counters and every page
 * agree with the built-in run.
 */
static void test_batching_file(void **state)
{
	static const struct batching_expect xs[] = {
		{ "4.16", "0", "-EACCES", "-EFAULT", { "node 1", "-EAGAIN", "node 0" } },
		{ "4.17", "2", "-EACCES", "-EFAULT", { "(unset)", "(unset)", "(unset)" } },
		{ "6.11", "2", "-EBUSY", "-EFAULT", { "(unset)", "(unset)", "(unset)" } },
		{ "6.12", "2", "-EBUSY", "-ENOENT", { "(unset)", "(unset)", "(unset)" } },
	};
	static const char *const counters[] = { "pgmigrate_success", "pgmigrate_fail",
						"thp_migration_success", NULL };
	struct migsim_scenario_file *sf = seed_file_load("move-pages-batching");
	size_t i, k;

	(void)state;
	for (i = 0; i < 4; i++) {
		const struct batching_expect *x = &xs[i];
		const char *fixed[14] = { "node 1", "node 1", "-EACCES", "node 1", "-EBUSY",
					  "node 1", x->hugetlb_tail, "-EFAULT", "-EFAULT",
					  x->untouched, "node 0", x->pinned_batch[0],
					  x->pinned_batch[1], x->pinned_batch[2] };
		char *story = NULL;
		struct migsim_world *f = seed_file_run(sf, x->kernel, NULL);
		struct migsim_world *b = run("move-pages-batching", x->kernel, &story);
		int status[14];
		long ret;

		assert_int_equal(migsim_scenario_file_result(sf, "mp", &ret, status, 14), 14);
		assert_int_equal(ret, atol(x->ret));
		for (k = 0; k < 14; k++)
			if (status[k] != status_value(fixed[k]))
				fail_msg("%s: status[%zu] %d, expected %s", x->kernel, k, status[k],
					 fixed[k]);
		assert_same_run(f, b, counters);
		for (k = 1; k <= 6; k++)
			assert_same_pages(f, b, 100, k << 30, 4096);
		assert_same_pages(f, b, 100, 4ULL << 30, 2ULL << 20);
		free(story);
		migsim_world_destroy(f);
		migsim_world_destroy(b);
	}
	assert_file_test_passes(sf);
	migsim_scenario_file_free(sf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thp_split_head_only_414),
		cmocka_unit_test(test_thp_split_head_only_416),
		cmocka_unit_test(test_thp_split_head_only_fixed),
		cmocka_unit_test(test_batching_416),
		cmocka_unit_test(test_batching_417),
		cmocka_unit_test(test_batching_611),
		cmocka_unit_test(test_batching_612),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_thp_split_head_only_file),
		cmocka_unit_test(test_batching_file),
	};

	return cmocka_run_group_tests_name("seed_callers", tests, NULL, NULL);
}
