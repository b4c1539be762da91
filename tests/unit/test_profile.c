// SPDX-License-Identifier: MIT
/*
 * Unit tests of the kernel profile table and parser (lib/engine/profile.c):
 * the switches that define the history of the deferred-split bugs per base,
 * the patches and their bases, the error messages, and the switch table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "profile.h"

static struct kernel_profile parse_ok(const char *spec)
{
	struct kernel_profile p;
	char err[512] = "";
	int ret;

	memset(&p, 0xa5, sizeof(p));
	ret = kernel_profile_parse(spec, &p, err, sizeof(err));
	if (ret)
		print_error("parse(\"%s\"): %d %s\n", spec ? spec : "(null)", ret, err);
	assert_int_equal(ret, 0);
	return p;
}

static void parse_fails(const char *spec, char *err, size_t errlen)
{
	struct kernel_profile p;

	memset(&p, 0, sizeof(p));
	assert_int_equal(kernel_profile_parse(spec, &p, err, errlen), -EINVAL);
	assert_true(strlen(err) > 0);
	/* @out is not touched on failure. */
	assert_int_equal(p.version, 0);
	assert_int_equal(p.name[0], '\0');
}

static void test_base_6_9(void **state)
{
	struct kernel_profile p = parse_ok("6.9");

	(void)state;
	assert_string_equal(p.name, "6.9");
	assert_int_equal(p.version, KV(6, 9));
	assert_false(p.rc);
	assert_false(p.a1_deferred_split);
	assert_false(p.a1_split_into_from);
	assert_false(p.split_trylock_async);
	assert_false(p.misplaced_putback_all);
	assert_false(p.numa_large_pte);
	assert_false(p.copy_before_freeze);
	assert_false(p.unqueue_in_migrate_mapping);
	assert_true(p.has_sync_no_copy);
	assert_false(p.has_mr_damon);
	assert_true(p.split_stats_any_order);
}

static void test_base_6_10_rc1(void **state)
{
	struct kernel_profile p = parse_ok("6.10-rc1");

	(void)state;
	assert_string_equal(p.name, "6.10-rc1");
	assert_int_equal(p.version, KV(6, 10));
	assert_true(p.rc);
	assert_true(p.a1_deferred_split);
	assert_false(p.a1_split_into_from);
	assert_false(p.a1_counts_failed);
	assert_false(p.a1_counts_thp_failed);
	assert_false(p.a1_requires_partially_mapped);
	assert_false(p.split_trylock_async);
	assert_false(p.misplaced_putback_all);
	assert_true(p.numa_large_pte);
	assert_true(p.has_sync_no_copy);
	assert_false(p.split_stats_any_order);
}

static void test_base_6_10(void **state)
{
	struct kernel_profile p = parse_ok("6.10");

	(void)state;
	assert_string_equal(p.name, "6.10");
	assert_int_equal(p.version, KV(6, 10));
	assert_false(p.rc);
	assert_true(p.a1_deferred_split);
	assert_false(p.a1_split_into_from);
	assert_true(p.a1_counts_failed);
	assert_true(p.a1_counts_thp_failed);
	assert_false(p.a1_requires_partially_mapped);
	assert_false(p.split_trylock_async);
	assert_false(p.misplaced_putback_all);
	assert_true(p.numa_large_pte);
	assert_false(p.numa_prepare_under_ptl);
}

static void test_base_6_11(void **state)
{
	struct kernel_profile p = parse_ok("6.11");

	(void)state;
	assert_int_equal(p.version, KV(6, 11));
	assert_false(p.rc);
	assert_true(p.a1_deferred_split);
	assert_false(p.a1_split_into_from);
	assert_true(p.a1_counts_failed);
	assert_true(p.a1_counts_thp_failed);
	assert_false(p.a1_requires_partially_mapped);
	assert_true(p.split_trylock_async);
	assert_true(p.misplaced_putback_all);
	assert_true(p.numa_prepare_under_ptl);
	assert_true(p.copy_before_freeze);
	assert_true(p.unqueue_in_migrate_mapping);
	assert_false(p.has_sync_no_copy);
	assert_true(p.has_mr_damon);
	assert_false(p.split_remaps_zero);
	assert_false(p.deferred_split_underused);
}

static void test_base_6_12(void **state)
{
	struct kernel_profile p = parse_ok("6.12");

	(void)state;
	assert_int_equal(p.version, KV(6, 12));
	assert_false(p.rc);
	assert_true(p.a1_deferred_split);
	assert_false(p.a1_split_into_from);
	assert_true(p.a1_counts_failed);
	assert_true(p.a1_counts_thp_failed);
	assert_true(p.a1_requires_partially_mapped);
	assert_true(p.split_trylock_async);
	assert_true(p.misplaced_putback_all);
	assert_true(p.split_remaps_zero);
	assert_true(p.deferred_split_underused);
	assert_false(p.split_stats_any_order);
}

static void test_listing(void **state)
{
	static const char *const bases[] = {
		"4.14", "4.16", "4.17", "5.10", "5.11", "5.12", "5.13", "5.17",
		"6.9", "6.10-rc1", "6.10", "6.11", "6.12",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
		assert_non_null(kernel_profile_base_name(i));
		assert_string_equal(kernel_profile_base_name(i), bases[i]);
		parse_ok(bases[i]);
	}
	assert_null(kernel_profile_base_name(i));

	for (i = 0; kernel_profile_patch_name(i); i++) {
		assert_non_null(kernel_profile_patch_what(i));
		assert_true(strlen(kernel_profile_patch_what(i)) > 0);
	}
	assert_int_equal(i, 4);
	assert_null(kernel_profile_patch_what(i));
}

static void test_default(void **state)
{
	struct kernel_profile p = parse_ok(NULL);
	struct kernel_profile q = parse_ok("");

	(void)state;
	assert_string_equal(p.name, DEFAULT_KERNEL_PROFILE);
	assert_string_equal(p.name, "6.12");
	assert_int_equal(p.version, KV(6, 12));
	assert_true(p.a1_requires_partially_mapped);
	assert_string_equal(q.name, "6.12");
}

static void test_v5(void **state)
{
	struct kernel_profile p = parse_ok("6.9+deferred-split-v5");

	(void)state;
	assert_string_equal(p.name, "6.9+deferred-split-v5");
	assert_int_equal(p.version, KV(6, 9));
	assert_true(p.a1_deferred_split);
	assert_true(p.a1_split_into_from);
	assert_false(p.a1_counts_failed);
	assert_false(p.a1_counts_thp_failed);
	assert_false(p.a1_requires_partially_mapped);
	assert_true(p.numa_large_pte);
	/* The rest is 6.9. */
	assert_false(p.misplaced_putback_all);
	assert_false(p.split_trylock_async);
	assert_true(p.has_sync_no_copy);
}

static void test_other_patches(void **state)
{
	struct kernel_profile p;

	(void)state;
	p = parse_ok("6.10+putback-split-folios");
	assert_string_equal(p.name, "6.10+putback-split-folios");
	assert_true(p.misplaced_putback_all);
	assert_false(p.split_trylock_async);
	assert_true(p.a1_counts_failed);

	p = parse_ok("6.9+split-trylock");
	assert_true(p.split_trylock_async);
	assert_false(p.a1_deferred_split);

	/* The canonical name lists the patches in table order. */
	p = parse_ok("6.10+split-trylock+putback-split-folios");
	assert_string_equal(p.name, "6.10+putback-split-folios+split-trylock");
	assert_true(p.split_trylock_async);
	assert_true(p.misplaced_putback_all);

	p = parse_ok("6.9+split-trylock+deferred-split-v5");
	assert_string_equal(p.name, "6.9+deferred-split-v5+split-trylock");
	assert_true(p.a1_split_into_from);
	assert_true(p.split_trylock_async);
}

static void test_wrong_base(void **state)
{
	char err[512];

	(void)state;
	parse_fails("6.12+deferred-split-v5", err, sizeof(err));
	assert_non_null(strstr(err, "deferred-split-v5"));
	assert_non_null(strstr(err, "6.9"));
	parse_fails("6.10+deferred-split-v5", err, sizeof(err));
	parse_fails("6.10-rc1+deferred-split-v5", err, sizeof(err));
	parse_fails("6.9+putback-split-folios", err, sizeof(err));
	parse_fails("6.11+putback-split-folios", err, sizeof(err));
	parse_fails("6.11+split-trylock", err, sizeof(err));
	assert_non_null(strstr(err, "already"));
	parse_fails("6.12+split-trylock", err, sizeof(err));
}

static void test_unknown(void **state)
{
	char err[512];

	(void)state;
	parse_fails("5.15", err, sizeof(err));
	assert_non_null(strstr(err, "5.15"));
	assert_non_null(strstr(err, "6.9"));
	assert_non_null(strstr(err, "6.10-rc1"));
	assert_non_null(strstr(err, "6.12"));
	assert_null(strstr(err, "did you mean"));

	parse_fails("6.12.0", err, sizeof(err));
	assert_non_null(strstr(err, "did you mean \"6.12\""));
	parse_fails("612", err, sizeof(err));
	assert_non_null(strstr(err, "did you mean \"6.12\""));
	parse_fails("v6.11", err, sizeof(err));
	assert_non_null(strstr(err, "did you mean \"6.11\""));
	parse_fails("6.10-rc", err, sizeof(err));
	assert_non_null(strstr(err, "did you mean \"6.10-rc1\""));
	/* 6.1 is as near to 6.10, 6.11 and 6.12: no suggestion. */
	parse_fails("6.1", err, sizeof(err));
	assert_null(strstr(err, "did you mean"));

	parse_fails("deferred-split-v5", err, sizeof(err));
	assert_non_null(strstr(err, "6.9+deferred-split-v5"));

	parse_fails("6.9+deferred-split", err, sizeof(err));
	assert_non_null(strstr(err, "deferred-split"));
	assert_non_null(strstr(err, "did you mean \"deferred-split-v5\""));
	assert_non_null(strstr(err, "putback-split-folios"));
	assert_non_null(strstr(err, "split-trylock"));
	parse_fails("6.9+", err, sizeof(err));
	parse_fails("6.9++split-trylock", err, sizeof(err));
	parse_fails("6.9 ", err, sizeof(err));
}

static void test_duplicate(void **state)
{
	char err[512];

	(void)state;
	parse_fails("6.9+split-trylock+split-trylock", err, sizeof(err));
	assert_non_null(strstr(err, "twice"));
	parse_fails("6.9+deferred-split-v5+split-trylock+deferred-split-v5", err, sizeof(err));
	assert_non_null(strstr(err, "deferred-split-v5"));
}

static void test_small_err_buffer(void **state)
{
	char err[8];
	char big[4] = "xyz";

	(void)state;
	memset(err, 'x', sizeof(err));
	assert_int_equal(kernel_profile_parse("nope", NULL, err, sizeof(err)), -EINVAL);
	assert_int_equal(strlen(err), sizeof(err) - 1);
	assert_int_equal(kernel_profile_parse("nope", NULL, NULL, 0), -EINVAL);
	assert_int_equal(kernel_profile_parse("nope", NULL, big, 0), -EINVAL);
	assert_string_equal(big, "xyz");
	assert_int_equal(kernel_profile_parse("6.11", NULL, NULL, 0), 0);
}

static const struct profile_switch *find_switch(const char *name)
{
	size_t i;

	for (i = 0; i < nr_profile_switches; i++)
		if (!strcmp(profile_switches[i].name, name))
			return &profile_switches[i];
	return NULL;
}

#define FIELD(f) { #f, offsetof(struct kernel_profile, f) }

static void test_switch_table(void **state)
{
	static const struct {
		const char *name;
		size_t offset;
	} fields[] = {
		FIELD(rc), FIELD(a1_deferred_split), FIELD(a1_split_into_from),
		FIELD(a1_counts_failed), FIELD(a1_counts_thp_failed),
		FIELD(a1_requires_partially_mapped), FIELD(split_trylock_async),
		FIELD(misplaced_putback_all), FIELD(numa_large_pte),
		FIELD(numa_prepare_under_ptl), FIELD(copy_before_freeze),
		FIELD(unqueue_in_migrate_mapping), FIELD(has_sync_no_copy),
		FIELD(has_mr_damon), FIELD(split_remaps_zero),
		FIELD(deferred_split_underused), FIELD(split_stats_any_order),
		FIELD(compaction_large_folios),
		FIELD(thp_split_head_only), FIELD(prep_transhuge_on_src),
		FIELD(move_pages_fixed_chunk), FIELD(move_pages_hugetlb_tail_eacces),
		FIELD(move_pages_zero_enoent), FIELD(shared_test_page_mapcount),
		FIELD(hugetlb_active_in_page1), FIELD(page_huge_active_vm_bug),
		FIELD(migration_wait_tail_ref), FIELD(migration_wait_head_ref),
	};
	struct kernel_profile p = parse_ok("6.12");
	size_t i, j;

	(void)state;
	assert_int_equal(nr_profile_switches, sizeof(fields) / sizeof(fields[0]));
	for (i = 0; i < nr_profile_switches; i++) {
		const struct profile_switch *sw = &profile_switches[i];

		assert_non_null(sw->name);
		assert_non_null(sw->what);
		assert_true(strlen(sw->what) > 0);
		assert_true(sw->offset + sizeof(bool) <= sizeof(struct kernel_profile));
		assert_true(sw->offset >= offsetof(struct kernel_profile, rc));
		for (j = 0; j < i; j++) {
			assert_true(strcmp(sw->name, profile_switches[j].name) != 0);
			assert_true(sw->offset != profile_switches[j].offset);
		}
	}
	/* Every bool field has a switch of the same name at its offset. */
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const struct profile_switch *sw = find_switch(fields[i].name);

		if (!sw)
			print_error("no switch for field %s\n", fields[i].name);
		assert_non_null(sw);
		assert_int_equal(sw->offset, fields[i].offset);
	}
	/* Reading through the offset sees the field. */
	assert_true(*(const bool *)((const char *)&p +
				    find_switch("a1_requires_partially_mapped")->offset));
	assert_false(*(const bool *)((const char *)&p +
				     find_switch("split_stats_any_order")->offset));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base_6_9),
		cmocka_unit_test(test_base_6_10_rc1),
		cmocka_unit_test(test_base_6_10),
		cmocka_unit_test(test_base_6_11),
		cmocka_unit_test(test_base_6_12),
		cmocka_unit_test(test_listing),
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_v5),
		cmocka_unit_test(test_other_patches),
		cmocka_unit_test(test_wrong_base),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_small_err_buffer),
		cmocka_unit_test(test_switch_table),
	};

	return cmocka_run_group_tests_name("profile", tests, NULL, NULL);
}
