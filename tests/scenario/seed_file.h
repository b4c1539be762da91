/* SPDX-License-Identifier: MIT */
/*
 * The seed scenarios ship twice: built into the library in C
 * (lib/engine/scenario_*.c) and as scenario files (examples/scenarios/).
 * These helpers run both under one profile and assert that they are the
 * same scenario: the same outcome, the same report, the same counters, the
 * same page placement.  Used by tests/scenario/test_seed_*.c and
 * tests/callers/test_seed_callers.c.
 */
#ifndef MIGSIM_TESTS_SEED_FILE_H
#define MIGSIM_TESTS_SEED_FILE_H

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

#define SEED_FILE(name) MIGSIM_SOURCE_ROOT "/examples/scenarios/" name ".yaml"

static inline struct migsim_scenario_file *seed_file_load(const char *name)
{
	struct migsim_scenario_file *sf;
	char path[4096], err[1024];

	snprintf(path, sizeof(path), "%s/examples/scenarios/%s.yaml", MIGSIM_SOURCE_ROOT, name);
	if (migsim_scenario_file_load(path, &sf, err, sizeof(err)))
		fail_msg("%s", err);
	return sf;
}

/* Run the file under @kernel with @sched (NULL: the file's strategy). */
static inline struct migsim_world *seed_file_run(struct migsim_scenario_file *sf,
						 const char *kernel,
						 const struct migsim_sched_config *sched)
{
	struct migsim_scenario_opts opts = { .kernel = kernel, .preempt = -1, .sched = sched };
	struct migsim_world *w;
	char err[1024];

	printf("# %s, kernel %s\n", migsim_scenario_file_name(sf), kernel);
	if (migsim_scenario_file_run(sf, &opts, &w, err, sizeof(err)))
		fail_msg("%s", err);
	return w;
}

static inline long seed_delta(struct migsim_world *w, const char *name)
{
	long d = 0;

	if (migsim_vmstat_change(w, name, &d))
		fail_msg("no counter %s", name);
	return d;
}

/*
 * The file's run @f and the built-in's @b ended the same way: outcome,
 * report function and message, and each of @counters (NULL-terminated)
 * changed by the same amount.
 */
static inline void assert_same_run(struct migsim_world *f, struct migsim_world *b,
				   const char *const *counters)
{
	const struct migsim_report *rf = migsim_last_report(f), *rb = migsim_last_report(b);

	if (migsim_outcome(f) != migsim_outcome(b))
		fail_msg("file: %s, built-in: %s", migsim_outcome_name(migsim_outcome(f)),
			 migsim_outcome_name(migsim_outcome(b)));
	assert_int_equal(!rf, !rb);
	if (rf) {
		assert_string_equal(rf->function, rb->function);
		assert_string_equal(rf->message, rb->message);
	}
	for (; counters && *counters; counters++)
		if (seed_delta(f, *counters) != seed_delta(b, *counters))
			fail_msg("%s: file %+ld, built-in %+ld", *counters, seed_delta(f,
										       *counters),
				 seed_delta(b, *counters));
}

/* Every base page of [@addr, @addr + @len) of @pid is in the same state on
 * the same node in both worlds. */
static inline void assert_same_pages(struct migsim_world *f, struct migsim_world *b, int pid,
				     uint64_t addr, uint64_t len)
{
	uint64_t a;

	for (a = addr; a < addr + len; a += 4096) {
		struct migsim_page_info pf, pb;
		int ef = migsim_page_info(f, pid, a, &pf), eb = migsim_page_info(b, pid, a, &pb);

		assert_int_equal(ef, eb);
		if (ef)
			continue;
		if (strcmp(pf.state, pb.state) || pf.node != pb.node)
			fail_msg("page %#llx: file %s on node %d, built-in %s on node %d",
				 (unsigned long long)a, pf.state, pf.node, pb.state, pb.node);
	}
}

/* The file's own expectations hold under every profile it names. */
static inline void assert_file_test_passes(struct migsim_scenario_file *sf)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	int ret = migsim_scenario_file_test(sf, NULL, f);

	fclose(f);
	printf("%s", out);
	if (ret)
		fail_msg("migsim_scenario_file_test: %d", ret);
	free(out);
}

#endif
