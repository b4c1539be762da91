// SPDX-License-Identifier: MIT
/*
 * Seed scenario deferred-split-early-exit (seeds/004) under every profile,
 * through the public API: the outcome, the report, where the pages went and
 * the counters, as reference 9e and 10.4 say each kernel behaves.
 *
 *   from: [T(512, deferred, partially mapped)], one piece pinned after the split
 *
 *   6.9+deferred-split-v5  split into from; the walk already cached the head
 *                          -> returns 0, 512 pieces on the list -> BUG_ON
 *   6.10-rc1               pieces to split_folios; the pinned one fails;
 *                          the split was not counted -> 0 -> BUG_ON
 *   6.10                   returns 1; only the original (freed) folio is
 *                          put back -> VM_BUG_ON_FOLIO in folio_get
 *   6.11, 6.12             returns 1; every leftover put back -> ok
 *   6.9                    PTE-mapped large folios are not migrated -> ok
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

#define NAME "deferred-split-early-exit"
#define BASE 0x40000000ULL

static struct migsim_world *run(const char *kernel)
{
	struct migsim_scenario_opts opts = { .kernel = kernel, .seed = 1 };
	struct migsim_world *w;
	char err[256];

	printf("# seed 1, kernel %s\n", kernel);
	if (migsim_scenario_run(NAME, &opts, &w, err, sizeof(err)))
		fail_msg("%s", err);
	return w;
}

static long delta(struct migsim_world *w, const char *name)
{
	long d = 0;

	if (migsim_vmstat_change(w, name, &d))
		fail_msg("no counter %s", name);
	return d;
}

static void count_nodes(struct migsim_world *w, int *on0, int *on1)
{
	uint64_t a;

	*on0 = *on1 = 0;
	for (a = BASE; a < BASE + (496ULL << 12); a += 4096) {
		struct migsim_page_info pi;

		assert_int_equal(migsim_page_info(w, 100, a, &pi), 0);
		if (pi.node == 0)
			(*on0)++;
		else if (pi.node == 1)
			(*on1)++;
	}
}

static void expect_bug(struct migsim_world *w, const char *function, const char *text)
{
	const struct migsim_report *r = migsim_last_report(w);

	assert_int_equal(migsim_outcome(w), MIGSIM_BUG);
	assert_non_null(r);
	assert_string_equal(r->function, function);
	assert_non_null(strstr(r->message, text));
}

static void test_v5_walk_ends_early(void **state)
{
	struct migsim_world *w = run("6.9+deferred-split-v5");
	int on0, on1;

	(void)state;
	expect_bug(w, "migrate_misplaced_folio", "BUG_ON(!list_empty(&migratepages))");
	/* Nothing migrated: the pieces never left the list. */
	assert_int_equal(delta(w, "pgmigrate_success"), 0);
	assert_int_equal(delta(w, "thp_migration_split"), 1);
	assert_int_equal(delta(w, "thp_migration_fail"), 0);	/* not counted */
	assert_int_equal(delta(w, "nr_isolated_anon"), 512);
	count_nodes(w, &on0, &on1);
	assert_int_equal(on0, 496);
	migsim_world_destroy(w);
}

static void test_610rc1_split_not_counted(void **state)
{
	struct migsim_world *w = run("6.10-rc1");
	int on0, on1;

	(void)state;
	expect_bug(w, "migrate_misplaced_folio", "BUG_ON(!list_empty(&migratepages))");
	assert_int_equal(delta(w, "pgmigrate_success"), 511);
	assert_int_equal(delta(w, "pgmigrate_fail"), 1);
	assert_int_equal(delta(w, "thp_migration_fail"), 0);
	assert_int_equal(delta(w, "nr_isolated_anon"), 1);	/* the pinned piece */
	count_nodes(w, &on0, &on1);
	assert_int_equal(on1, 495);
	assert_int_equal(on0, 1);
	migsim_world_destroy(w);
}

static void test_610_puts_back_only_the_original(void **state)
{
	struct migsim_world *w = run("6.10");

	(void)state;
	expect_bug(w, "folio_get", "folio_ref_count(folio) <= 0");
	assert_non_null(strstr(migsim_last_report(w)->dump, "refcount:0"));
	assert_int_equal(delta(w, "thp_migration_fail"), 1);
	migsim_world_destroy(w);
}

static void test_fixed_kernels(void **state)
{
	static const char *const kernels[] = { "6.11", "6.12" };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct migsim_world *w = run(kernels[i]);
		struct migsim_node_info ni;
		int on0, on1;

		assert_int_equal(migsim_outcome(w), MIGSIM_OK);
		assert_null(migsim_last_report(w));
		count_nodes(w, &on0, &on1);
		assert_int_equal(on1, 495);
		assert_int_equal(on0, 1);		/* the pinned piece, put back */
		assert_int_equal(delta(w, "pgmigrate_success"), 511);
		assert_int_equal(delta(w, "pgmigrate_fail"), 1);
		assert_int_equal(delta(w, "numa_pages_migrated"), 511);
		assert_int_equal(delta(w, "thp_migration_fail"), 1);
		assert_int_equal(delta(w, "thp_migration_split"), 1);
		assert_int_equal(delta(w, "nr_isolated_anon"), 0);
		assert_int_equal(migsim_node_info(w, 0, &ni), 0);
		assert_int_equal(ni.lru_pages[0], 1);	/* back on node 0's LRU */
		assert_int_equal(ni.deferred_split_len, 0);
		assert_int_equal(migsim_check(w), 0);
		migsim_world_destroy(w);
	}
}

static void test_69_skips_large_folios(void **state)
{
	struct migsim_world *w = run("6.9");
	int on0, on1;

	(void)state;
	assert_int_equal(migsim_outcome(w), MIGSIM_OK);
	count_nodes(w, &on0, &on1);
	assert_int_equal(on0, 496);
	assert_int_equal(delta(w, "numa_hint_faults"), 1);
	assert_int_equal(delta(w, "pgmigrate_success"), 0);
	migsim_world_destroy(w);
}

/* The JSON the command prints, key by key. */
static void test_json(void **state)
{
	struct migsim_world *w = run("6.10-rc1");
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(migsim_scenario_write_json(w, NAME, f), 0);
	fclose(f);
	assert_non_null(strstr(buf, "\"scenario\": \"deferred-split-early-exit\""));
	assert_non_null(strstr(buf, "\"kernel\": \"6.10-rc1\""));
	assert_non_null(strstr(buf, "\"outcome\": \"bug\""));
	assert_non_null(strstr(buf, "\"function\": \"migrate_misplaced_folio\""));
	assert_non_null(strstr(buf, "\"where\": \"lib/mm/migrate.c:"));
	assert_non_null(strstr(buf, "\"schedule\": \"\""));
	assert_non_null(strstr(buf, "\"pgmigrate_success\": 511"));
	free(buf);
	migsim_world_destroy(w);
}

/*
 * examples/scenarios/deferred-split-early-exit.yaml is the same scenario:
 * under every profile above, the file's run and the built-in one end the
 * same way, with the same counters and every page in the same place; and
 * the file's own expectations hold.
 */
static void test_scenario_file_is_the_same(void **state)
{
	static const char *const kernels[] = { "6.9+deferred-split-v5", "6.10-rc1", "6.10",
					       "6.11", "6.12", "6.9" };
	static const char *const counters[] = {
		"pgmigrate_success", "pgmigrate_fail", "thp_migration_split",
		"thp_migration_fail", "nr_isolated_anon", "numa_pages_migrated",
		"numa_hint_faults", "thp_split_page", NULL,
	};
	struct migsim_scenario_file *sf = seed_file_load(NAME);
	size_t i;

	(void)state;
	assert_string_equal(migsim_scenario_file_name(sf), NAME);
	assert_int_equal(migsim_scenario_file_kernel_count(sf), 6);
	for (i = 0; i < 6; i++) {
		struct migsim_world *f = seed_file_run(sf, kernels[i], NULL), *b = run(kernels[i]);

		assert_same_run(f, b, counters);
		assert_same_pages(f, b, 100, BASE, 496ULL << 12);
		migsim_world_destroy(f);
		migsim_world_destroy(b);
	}
	assert_file_test_passes(sf);
	migsim_scenario_file_free(sf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v5_walk_ends_early),
		cmocka_unit_test(test_610rc1_split_not_counted),
		cmocka_unit_test(test_610_puts_back_only_the_original),
		cmocka_unit_test(test_fixed_kernels),
		cmocka_unit_test(test_69_skips_large_folios),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_scenario_file_is_the_same),
	};

	return cmocka_run_group_tests_name("seed_deferred_split", tests, NULL, NULL);
}
