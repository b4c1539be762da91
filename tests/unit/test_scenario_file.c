// SPDX-License-Identifier: MIT
/*
 * Scenario files through the public API (include/migsim/scenario_file.h):
 * one test per class of bad input, asserting the exact
 * "FILE:LINE:COLUMN: error: ..." message; loads of every good file in the
 * tree; runs whose expectations hold and runs whose expectations do not,
 * reported as failures with what differed.
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

#ifndef MIGSIM_SOURCE_ROOT
#error "tests/meson.build passes -DMIGSIM_SOURCE_ROOT"
#endif

/* A small good scenario the error cases below start from. */
#define HEAD								\
	"name: t\n"							\
	"topology:\n"							\
	"  nodes:\n"							\
	"    - {size: 16M}\n"						\
	"    - {size: 16M}\n"						\
	"tasks:\n"							\
	"  - {pid: 100}\n"

/* Parse @text as "t.yaml"; assert it fails with exactly @msg. */
#define assert_parse_error(text, msg) do {					\
	struct migsim_scenario_file *__sf = (void *)1;				\
	char __err[1024];							\
	int __r = migsim_scenario_file_parse((text), strlen(text), "t.yaml", &__sf, \
					     __err, sizeof(__err));		\
	assert_int_equal(__r, -EINVAL);						\
	assert_null(__sf);							\
	assert_string_equal(__err, (msg));					\
} while (0)

static struct migsim_scenario_file *parse_ok(const char *text)
{
	struct migsim_scenario_file *sf;
	char err[1024];

	if (migsim_scenario_file_parse(text, strlen(text), "t.yaml", &sf, err, sizeof(err)))
		fail_msg("%s", err);
	return sf;
}

/* ---- bad input, one test per class ---- */

static void test_not_yaml(void **state)
{
	(void)state;
	assert_parse_error("name: [x\n",
			   "t.yaml:2:1: error: not valid YAML: did not find expected ',' or ']' "
			   "while parsing a flow sequence");
}

static void test_empty_file(void **state)
{
	(void)state;
	assert_parse_error("", "t.yaml:1:1: error: the file is empty: a scenario is a mapping "
			   "with at least 'name'");
	assert_parse_error("- a\n", "t.yaml:1:1: error: a scenario is a mapping (name:, tasks:, "
			   "mappings:, ...), found a list");
}

static void test_unknown_key_suggests(void **state)
{
	(void)state;
	assert_parse_error(HEAD "mapings:\n  - {name: a, size: 4K}\n",
			   "t.yaml:8:1: error: scenario: unknown key 'mapings'; did you mean "
			   "'mappings'?");
	assert_parse_error(HEAD "mappings:\n  - {name: a, size: 4K, nod: 0}\n",
			   "t.yaml:9:25: error: mappings[0]: unknown key 'nod'; did you mean "
			   "'node'?");
}

static void test_unknown_key_lists(void **state)
{
	(void)state;
	assert_parse_error(HEAD "settings: {colour: blue}\n",
			   "t.yaml:8:12: error: settings: unknown key 'colour' (known keys: "
			   "thp_migration, preempt, trace, warn_continues, self_checks)");
}

static void test_duplicate_key(void **state)
{
	(void)state;
	assert_parse_error(HEAD "name: again\n",
			   "t.yaml:8:1: error: scenario: key 'name' appears twice (first at "
			   "line 1)");
}

/* Keys under expect: results: and vmstat: are names too: each once. */
static void test_duplicate_expect_key(void **state)
{
	(void)state;
	assert_parse_error(HEAD "expect:\n  - {kernel: \"6.12\", vmstat: {pgfault: 1, "
			   "pgfault: 2}}\n",
			   "t.yaml:9:43: error: expect[0].vmstat: key 'pgfault' appears twice "
			   "(first at line 9)");
}

/* A size with a leading 0 is refused, not read as octal (010K is not 8K). */
static void test_size_leading_zero(void **state)
{
	(void)state;
	assert_parse_error(HEAD "mappings:\n  - {name: a, size: 010K}\n",
			   "t.yaml:9:21: error: mappings[0].size: expected a size such as 4096, "
			   "4K, 2M or 1G, found '010K'");
}

/* A second document that is not YAML is an error, not the end of input. */
static void test_broken_second_document(void **state)
{
	(void)state;
	assert_parse_error("name: t\n---\n[\n",
			   "t.yaml:4:1: error: not valid YAML: did not find expected node "
			   "content while parsing a flow node");
}

/* Distances must mirror what will be used: a node with no distance: has
 * the defaults, so 30 one way and nothing the other way is refused. */
static void test_distance_against_default(void **state)
{
	(void)state;
	assert_parse_error("name: t\ntopology:\n  nodes:\n    - {size: 16M, distance: [10, 30]}\n"
			   "    - {size: 16M}\n",
			   "t.yaml:4:34: error: topology.nodes[0].distance: 30 to node 1, but node "
			   "1 says 20 (the default): distances must be symmetric");
}

/* A schedule string is checked when the file is read: its grammar, and
 * that it names only the actors the file has. */
static void test_bad_schedule(void **state)
{
	(void)state;
	assert_parse_error("name: t\ntasks:\n  - {pid: 100}\nactors:\n"
			   "  - {name: a, task: 100, ops: [{point: x}]}\n"
			   "strategy: {schedule: \"v1;zzz\"}\n",
			   "t.yaml:6:22: error: strategy.schedule: schedule entry 1 ('zzz') is "
			   "not ACTOR@POINT#N>ACTOR or ACTOR@POINT#N!");
	assert_parse_error("name: t\ntasks:\n  - {pid: 100}\nactors:\n"
			   "  - {name: a, task: 100, ops: [{point: x}]}\n"
			   "strategy: {schedule: \"v1;A@x#1>B\"}\n",
			   "t.yaml:6:22: error: strategy.schedule: entry 1 names an actor the file "
			   "does not have (it has 1)");
}

/* The two hugetlb pools of a node must fit in it together. */
static void test_pools_overflow_node(void **state)
{
	(void)state;
	assert_parse_error("name: t\ntopology:\n  nodes:\n"
			   "    - {size: 1G, hugetlb_2M: 512, hugetlb_1G: 1}\n",
			   "t.yaml:4:47: error: topology.nodes[0].hugetlb_1G: 1 pages of 1G and "
			   "512 of 2M together do not fit in the node's 1073741824 bytes");
}

static void test_wrong_type(void **state)
{
	(void)state;
	assert_parse_error("name: t\ntasks: 100\n",
			   "t.yaml:2:8: error: tasks: expected a list, found a scalar");
	assert_parse_error(HEAD "settings: {trace: maybe}\n",
			   "t.yaml:8:19: error: settings.trace: expected true or false, found "
			   "'maybe'");
	assert_parse_error(HEAD "settings: {preempt: fulll}\n",
			   "t.yaml:8:21: error: settings.preempt: unknown value 'fulll'; did you "
			   "mean 'full'? (one of: voluntary, none, full)");
}

static void test_out_of_range(void **state)
{
	(void)state;
	assert_parse_error("name: t\ntasks:\n  - {pid: 100, cpu: 9}\n",
			   "t.yaml:3:21: error: tasks[0].cpu: 9 is out of range 0..1");
	assert_parse_error("name: t\ntasks:\n  - {pid: 0}\n",
			   "t.yaml:3:11: error: tasks[0].pid: 0 is out of range 1..4194304");
	assert_parse_error(HEAD "topology2: 1\n",
			   "t.yaml:8:1: error: scenario: unknown key 'topology2'; did you mean "
			   "'topology'?");
}

static void test_bad_size(void **state)
{
	(void)state;
	assert_parse_error(HEAD "mappings:\n  - {name: a, size: 4Q}\n",
			   "t.yaml:9:21: error: mappings[0].size: expected a size such as 4096, 4K, "
			   "2M or 1G, found '4Q'");
	assert_parse_error(HEAD "mappings:\n  - {name: a, size: 3K}\n",
			   "t.yaml:9:21: error: mappings[0].size: 3K is not a positive multiple "
			   "of 4K (the private page size)");
	assert_parse_error(HEAD "mappings:\n  - {name: a, size: 4M, kind: hugetlb-1G}\n",
			   "t.yaml:9:21: error: mappings[0].size: 4M is not a positive multiple "
			   "of 1G (the hugetlb-1G page size)");
}

static void test_larger_than_node(void **state)
{
	(void)state;
	assert_parse_error(HEAD "mappings:\n  - {name: a, size: 32M, node: 1}\n",
			   "t.yaml:9:21: error: mappings[0].size: 33554432 bytes is larger than "
			   "node 1 (16777216 bytes)");
}

static void test_node_does_not_exist(void **state)
{
	(void)state;
	assert_parse_error(HEAD "mappings:\n  - {name: a, size: 4K, node: 2}\n",
			   "t.yaml:9:31: error: mappings[0].node: node 2 does not exist (nodes "
			   "0..1)");
	assert_parse_error(HEAD "setup:\n  - hugetlb_pool: {node: 7, count: 1}\n",
			   "t.yaml:9:26: error: setup[0].hugetlb_pool.node: node 7 does not "
			   "exist (nodes 0..1)");
}

static void test_overlapping_mappings(void **state)
{
	(void)state;
	assert_parse_error(HEAD "mappings:\n"
			   "  - {name: a, size: 2M, addr: 0x40000000}\n"
			   "  - {name: b, size: 4K, addr: 0x40100000}\n",
			   "t.yaml:10:5: error: mappings[1]: 'b' at 0x40100000+4096 overlaps 'a' "
			   "at 0x40000000+2097152 (same task)");
	/* An explicit address where an auto one was placed. */
	assert_parse_error(HEAD "mappings:\n"
			   "  - {name: a, size: 4K}\n"
			   "  - {name: b, size: 4K, addr: 0x40000000}\n",
			   "t.yaml:10:5: error: mappings[1]: 'b' at 0x40000000+4096 overlaps 'a' "
			   "at 0x40000000+4096 (same task)");
}

static void test_unknown_kernel(void **state)
{
	(void)state;
	assert_parse_error(HEAD "kernel: \"6.13\"\n",
			   "t.yaml:8:9: error: kernel: unknown kernel profile base \"6.13\"; valid "
			   "bases: 4.14, 4.16, 4.17, 5.10, 5.11, 5.12, "
			   "5.13, 5.17, 6.9, 6.10-rc1, 6.10, 6.11, 6.12; a profile is BASE or "
			   "BASE+PATCH[+PATCH...]");
	assert_parse_error(HEAD "expect:\n  - {kernel: [\"6.12\", \"6.12\"]}\n",
			   "t.yaml:9:23: error: expect[0].kernel: '6.12' already has an expect "
			   "entry (expect[0])");
}

static void test_unknown_names(void **state)
{
	(void)state;
	assert_parse_error(HEAD "mappings:\n  - {name: buf, size: 8K}\nsetup:\n"
			   "  - touch: bfu+4K\n",
			   "t.yaml:11:12: error: setup[0].touch.at: no mapping named 'bfu'; did "
			   "you mean 'buf'?");
	assert_parse_error(HEAD "setup:\n  - tuoch: x\n",
			   "t.yaml:9:5: error: setup[0]: unknown operation 'tuoch'; did you mean "
			   "'touch'?");
	assert_parse_error(HEAD "mappings:\n  - {name: buf, task: 101, size: 8K}\n",
			   "t.yaml:9:23: error: mappings[0].task: no task with pid 101 in tasks:");
	assert_parse_error(HEAD "setup:\n  - unpin: gup\n",
			   "t.yaml:9:12: error: setup[0].unpin.pin: no pin named 'gup' (none is "
			   "defined)");
}

static void test_operation_shape(void **state)
{
	(void)state;
	assert_parse_error(HEAD "mappings:\n  - {name: buf, size: 8K}\nsetup:\n"
			   "  - touch: {at: buf+4K, size: 8K}\n",
			   "t.yaml:11:5: error: setup[0].touch: 8192 bytes from offset 4096 run "
			   "past the end of mapping 'buf' (8192 bytes)");
	assert_parse_error(HEAD "mappings:\n  - {name: buf, size: 8K}\nsetup:\n"
			   "  - touch: {at: buf, write: true}\n    munmap: buf\n",
			   "t.yaml:11:5: error: setup[0]: expected one operation (OP: ARGS, e.g. "
			   "'touch: {at: buf, write: true}'), found a mapping with several keys "
			   "(one operation per list item)");
	assert_parse_error(HEAD "actors:\n  - name: a\n    task: 100\n    ops:\n"
			   "      - fork: {child: c}\n",
			   "t.yaml:12:9: error: actors[0].ops[0]: 'fork' is a setup step; it "
			   "cannot run in an actor");
	assert_parse_error(HEAD "strategy: random\n",
			   "t.yaml:8:11: error: strategy: the scenario has no actors to schedule");
}

static void test_expectation_shape(void **state)
{
	(void)state;
	assert_parse_error(HEAD "expect:\n  - kernel: \"6.12\"\n    outcome: crashed\n",
			   "t.yaml:10:14: error: expect[0].outcome: unknown value 'crashed' (one "
			   "of: ok, bug, warn, list-corruption, invariant, assert, deadlock, "
			   "livelock)");
	assert_parse_error(HEAD "expect:\n  - kernel: \"6.12\"\n"
			   "    vmstat: {pgmigrate_sucess: 1}\n",
			   "t.yaml:10:14: error: expect[0].vmstat: no vmstat counter named "
			   "'pgmigrate_sucess'; did you mean 'pgmigrate_success'?");
	assert_parse_error(HEAD "mappings:\n  - {name: a, size: 8K}\nactors:\n  - name: m\n"
			   "    task: 100\n    ops:\n"
			   "      - move_pages: {id: mp, pages: [a, a+4K], nodes: [1, 1]}\n"
			   "expect:\n  - kernel: \"6.12\"\n    results:\n"
			   "      mp: {status: [1]}\n",
			   "t.yaml:18:20: error: expect[0].results.mp.status: 1 entries, but 'mp' "
			   "moves 2 pages");
	assert_parse_error(HEAD "mappings:\n  - {name: a, size: 8K}\nactors:\n  - name: m\n"
			   "    task: 100\n    ops:\n      - move_pages: {id: mp, pages: [a], "
			   "nodes: [1]}\nexpect:\n  - kernel: \"6.12\"\n    results:\n"
			   "      mp: {status: [-EWHAT]}\n",
			   "t.yaml:18:21: error: status: '-EWHAT' is not an errno name this "
			   "simulator returns");
}

static void test_topology_preset_and_import(void **state)
{
	struct migsim_scenario_file *sf;
	struct migsim_scenario_opts opts = { .kernel = "6.12", .preempt = -1 };
	struct migsim_world *w;
	struct migsim_node_info ni;
	char err[256];

	(void)state;
	assert_parse_error("name: t\ntopology: {preset: 2-sockte}\n",
			   "t.yaml:2:20: error: topology.preset: unknown value '2-sockte'; did "
			   "you mean '2-socket'? (one of: 1-node, 2-socket, 4-node, dram-cxl)");
	assert_parse_error("name: t\ntopology: {preset: 4-node, nodes: [{size: 2M}]}\n",
			   "t.yaml:2:11: error: topology: give exactly one of 'nodes', 'preset' "
			   "and 'import'");
	assert_parse_error("name: t\ntopology: {import: {numactl: /nonexistent/numactl.txt}}\n",
			   "t.yaml:2:30: error: topology.import: /nonexistent/numactl.txt: error: "
			   "No such file or directory");
	assert_parse_error("name: t\ntopology:\n  nodes:\n    - {size: 2M, distance: [10, 20]}\n"
			   "    - {size: 2M, distance: [21, 10]}\n",
			   "t.yaml:4:33: error: topology.nodes[0].distance: 20 to node 1, but node "
			   "1 says 21: distances must be symmetric");
	/* A preset's nodes are what the rest of the file is checked against. */
	assert_parse_error("name: t\ntopology: {preset: 2-socket}\ntasks: [{pid: 1}]\n"
			   "mappings: [{name: a, size: 4K, node: 2}]\n",
			   "t.yaml:4:38: error: mappings[0].node: node 2 does not exist (nodes "
			   "0..1)");
	sf = parse_ok("name: t\ntopology: {preset: dram-cxl}\ntasks: [{pid: 1}]\n"
		      "mappings: [{name: a, size: 8K, node: 3}]\nsetup: [{touch: a}]\n");
	assert_int_equal(migsim_scenario_file_run(sf, &opts, &w, err, sizeof(err)), 0);
	assert_int_equal(migsim_node_info(w, 3, &ni), 0);
	assert_int_equal(ni.tier, 1);
	migsim_world_destroy(w);
	migsim_scenario_file_free(sf);
}

static void test_machine_shape(void **state)
{
	(void)state;
	assert_parse_error("name: t\n---\nname: u\n",
			   "t.yaml:3:1: error: a scenario file holds one YAML document; found a "
			   "second");
	assert_parse_error("name: t\ntopology:\n  nodes:\n    - {size: 2M, cpus: [0]}\n"
			   "    - {size: 2M, cpus: \"2-3\"}\n",
			   "t.yaml:4:5: error: topology.nodes: CPU 1 is on no node (CPUs must be "
			   "numbered 0..3 without gaps)");
	assert_parse_error("name: t\ntopology:\n  nodes:\n    - {size: 4M, hugetlb_2M: 3}\n",
			   "t.yaml:4:30: error: topology.nodes[0].hugetlb_2M: 3 pages of 2M do not "
			   "fit in the node's 4194304 bytes");
	assert_parse_error("name: t\ntopology:\n  nodes:\n    - {size: 3M}\n",
			   "t.yaml:4:14: error: topology.nodes[0].size: 3M is not a positive "
			   "multiple of 2M");
	assert_parse_error(HEAD "seed: 0\n",
			   "t.yaml:8:7: error: seed: 0 is out of range 1..9223372036854775807");
}

/* ---- good files ---- */

static const char *const good_files[] = {
	"examples/scenarios/deferred-split-early-exit.yaml",
	"examples/scenarios/migration-wait-tail-livelock.yaml",
	"examples/scenarios/hugetlb-migratable-race.yaml",
	"examples/scenarios/thp-split-head-only.yaml",
	"examples/scenarios/move-pages-batching.yaml",
	"examples/scenarios/offline-unmovable-page.yaml",
	"examples/scenarios/tiering-demote-promote.yaml",
	"tests/scenarios/mbind-migrate-pages.yaml",
	"tests/scenarios/migrate-range.yaml",
	"tests/scenarios/thp-migration.yaml",
	"tests/scenarios/numa-fault-base-page.yaml",
	"tests/scenarios/deferred-split-scan.yaml",
	"tests/scenarios/move-pages-shared.yaml",
	"tests/scenarios/point-reached.yaml",
};

static void test_good_files_load(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good_files) / sizeof(good_files[0]); i++) {
		struct migsim_scenario_file *sf;
		char path[4096], err[1024];

		snprintf(path, sizeof(path), "%s/%s", MIGSIM_SOURCE_ROOT, good_files[i]);
		if (migsim_scenario_file_load(path, &sf, err, sizeof(err)))
			fail_msg("%s", err);
		assert_non_null(migsim_scenario_file_name(sf));
		assert_true(migsim_scenario_file_kernel_count(sf) >= 1);
		migsim_scenario_file_free(sf);
	}
}

static void test_missing_file(void **state)
{
	struct migsim_scenario_file *sf;
	char err[256];

	(void)state;
	assert_int_equal(migsim_scenario_file_load("/nonexistent/x.yaml", &sf, err, sizeof(err)),
			 -ENOENT);
	assert_string_equal(err, "/nonexistent/x.yaml: error: cannot open: No such file or "
			    "directory");
}

static void test_accessors_and_defaults(void **state)
{
	struct migsim_scenario_file *sf =
		parse_ok(HEAD "mappings:\n  - {name: a, size: 4K}\n"
			 "expect:\n  - {kernel: [\"6.11\", \"6.10\"], outcome: ok}\n");

	(void)state;
	assert_string_equal(migsim_scenario_file_name(sf), "t");
	assert_string_equal(migsim_scenario_file_summary(sf), "");
	/* No kernel: key: `run` uses the first expected profile. */
	assert_string_equal(migsim_scenario_file_kernel(sf), "6.11");
	assert_int_equal(migsim_scenario_file_has_actors(sf), 0);
	assert_int_equal(migsim_scenario_file_kernel_count(sf), 2);
	assert_string_equal(migsim_scenario_file_kernel_at(sf, 1), "6.10");
	assert_null(migsim_scenario_file_kernel_at(sf, 2));
	migsim_scenario_file_free(sf);
}

/*
 * A run through the API: results by id, the move_pages status array, the
 * check against the file's expectations, and a mismatch named precisely.
 */
static const char shared_text[] =
	HEAD
	"  - {pid: 200, name: admin, cap_sys_nice: true}\n"
	"mappings:\n"
	"  - {name: shm, task: 100, size: 4K, kind: shared, node: 0}\n"
	"  - {name: buf, task: 100, size: 16K, node: 0}\n"
	"setup:\n"
	"  - fork: {task: 100, child: kid}\n"
	"  - touch: {at: shm, write: true}\n"
	"  - touch: {task: kid, at: shm}\n"
	"  - touch: {at: buf, size: 8K, write: true}\n"
	"  - lru_drain\n"
	"actors:\n"
	"  - name: app\n"
	"    task: 100\n"
	"    ops:\n"
	"      - move_pages: {id: mp, pages: [shm, buf, buf+8K], nodes: [1, 1, 1]}\n"
	"expect:\n"
	"  - kernel: \"6.12\"\n"
	"    outcome: ok\n"
	"    results:\n"
	"      mp: {return: 0, status: [-EACCES, 1, -ENOENT]}\n"
	"    placement:\n"
	"      - {at: buf, node: 1}\n"
	"      - {at: buf+4K, node: 0}\n"
	"    vmstat: {pgmigrate_success: 1}\n"
	"  - kernel: \"6.11\"\n"
	"    outcome: bug\n"
	"  - kernel: \"6.10\"\n"
	"    outcome: ok\n"
	"    results:\n"
	"      mp: {return: 1, status: [1, 1, -EFAULT]}\n"
	"    placement:\n"
	"      - {at: buf+4K, node: 1}\n"
	"    vmstat: {pgmigrate_success: 2}\n";

static void test_run_results_and_check(void **state)
{
	struct migsim_scenario_file *sf = parse_ok(shared_text);
	struct migsim_scenario_opts opts = { .kernel = "6.12", .preempt = -1 };
	struct migsim_world *w;
	char err[512], diff[1024];
	int status[3];
	long ret = -1;

	(void)state;
	printf("# seed 1, kernel 6.12\n");
	assert_int_equal(migsim_scenario_file_run(sf, &opts, &w, err, sizeof(err)), 0);
	assert_int_equal(migsim_outcome(w), MIGSIM_OK);
	assert_int_equal(migsim_scenario_file_result(sf, "mp", &ret, status, 3), 3);
	assert_int_equal(ret, 0);
	assert_int_equal(status[0], -EACCES);
	assert_int_equal(status[1], 1);
	assert_int_equal(status[2], -ENOENT);
	assert_int_equal(migsim_scenario_file_result(sf, "nope", &ret, NULL, 0), -ENOENT);
	assert_int_equal(migsim_scenario_file_check(sf, w, "6.12", diff, sizeof(diff)), 0);
	assert_string_equal(diff, "");
	/* The same world against another profile's expectations. */
	assert_int_equal(migsim_scenario_file_check(sf, w, "6.10", diff, sizeof(diff)), 1);
	assert_string_equal(diff, "placement buf+4K: on node 0, expected node 1; mp returned 0, "
			    "expected 1; mp status[0] -EACCES, expected 1; mp status[2] -ENOENT, "
			    "expected -EFAULT; vmstat pgmigrate_success +1, expected +2");
	assert_int_equal(migsim_scenario_file_check(sf, w, "5.10", diff, sizeof(diff)),
			 -ENOENT);
	migsim_world_destroy(w);
	migsim_scenario_file_free(sf);
}

/* migsim_scenario_file_test(): one line per profile; a failure says what. */
static void test_failing_expectations_reported(void **state)
{
	struct migsim_scenario_file *sf = parse_ok(shared_text);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(migsim_scenario_file_test(sf, NULL, f), 1);
	fclose(f);
	assert_string_equal(buf,
		"PASS t 6.12 (ok)\n"
		"FAIL t 6.11: outcome ok, expected bug\n"
		"FAIL t 6.10: placement buf+4K: on node 0, expected node 1; mp returned 0, "
		"expected 1; mp status[0] -EACCES, expected 1; vmstat pgmigrate_success +1, "
		"expected +2\n");
	free(buf);
	/* One profile only. */
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_int_equal(migsim_scenario_file_test(sf, "6.12", f), 0);
	assert_int_equal(migsim_scenario_file_test(sf, "5.10", f), 1);
	fclose(f);
	assert_string_equal(buf, "PASS t 6.12 (ok)\n"
			    "FAIL t 5.10: the file has no expect entry for this kernel\n");
	free(buf);
	migsim_scenario_file_free(sf);
}

/* Two runs of one file print the same bytes. */
static void test_run_is_deterministic(void **state)
{
	struct migsim_scenario_file *sf = parse_ok(shared_text);
	char *t[2] = { NULL, NULL };
	size_t len[2];
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct migsim_scenario_opts opts = { .kernel = "6.12", .preempt = -1 };
		struct migsim_world *w;
		char err[256];

		opts.story = open_memstream(&t[i], &len[i]);
		assert_int_equal(migsim_scenario_file_run(sf, &opts, &w, err, sizeof(err)), 0);
		fclose(opts.story);
		migsim_world_destroy(w);
	}
	assert_string_equal(t[0], t[1]);
	assert_non_null(strstr(t[0], "move_pages() returned 0; status: -EACCES 1 -ENOENT\n"));
	free(t[0]);
	free(t[1]);
	migsim_scenario_file_free(sf);
}

/* A setup step the kernel refuses: an error with the step's position. */
static void test_setup_failure(void **state)
{
	struct migsim_scenario_file *sf =
		parse_ok(HEAD "mappings:\n  - {name: a, size: 4K}\nsetup:\n"
			 "  - munmap: a\n  - pin: {at: a, as: p}\n");
	struct migsim_world *w = (void *)1;
	char err[512];

	(void)state;
	assert_int_equal(migsim_scenario_file_run(sf, NULL, &w, err, sizeof(err)), -EINVAL);
	assert_null(w);
	assert_non_null(strstr(err, "t.yaml:12:5: error: setup[1]: pin failed: "));
	migsim_scenario_file_free(sf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_yaml),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_unknown_key_suggests),
		cmocka_unit_test(test_unknown_key_lists),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_duplicate_expect_key),
		cmocka_unit_test(test_size_leading_zero),
		cmocka_unit_test(test_broken_second_document),
		cmocka_unit_test(test_pools_overflow_node),
		cmocka_unit_test(test_bad_schedule),
		cmocka_unit_test(test_distance_against_default),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_bad_size),
		cmocka_unit_test(test_larger_than_node),
		cmocka_unit_test(test_node_does_not_exist),
		cmocka_unit_test(test_overlapping_mappings),
		cmocka_unit_test(test_unknown_kernel),
		cmocka_unit_test(test_unknown_names),
		cmocka_unit_test(test_operation_shape),
		cmocka_unit_test(test_expectation_shape),
		cmocka_unit_test(test_topology_preset_and_import),
		cmocka_unit_test(test_machine_shape),
		cmocka_unit_test(test_good_files_load),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_accessors_and_defaults),
		cmocka_unit_test(test_run_results_and_check),
		cmocka_unit_test(test_failing_expectations_reported),
		cmocka_unit_test(test_run_is_deterministic),
		cmocka_unit_test(test_setup_failure),
	};

	return cmocka_run_group_tests_name("scenario_file", tests, NULL, NULL);
}
