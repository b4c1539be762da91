/* SPDX-License-Identifier: MIT */
/**
 * DOC: migsim scenario files (YAML) (included by <migsim/migsim.h>)
 *
 * A scenario file describes a machine, its tasks and mappings, setup steps,
 * concurrent actors, a strategy and what must come out under each kernel
 * profile; docs/scenario-format.md documents every key.  The file is read
 * with libyaml and checked completely before anything runs: a malformed
 * file gets one message "FILE:LINE:COLUMN: error: ..." naming the key and
 * what was expected, and nothing is built.  A loaded file keeps what its
 * last run did (the operations' results), so use it from one thread at a
 * time; load it once per thread to run it in several.
 *
 * Example::
 *
 *	struct migsim_scenario_file *sf;
 *	struct migsim_world *w;
 *	char err[512];
 *
 *	if (migsim_scenario_file_load("examples/scenarios/deferred-split-early-exit.yaml",
 *				      &sf, err, sizeof(err))) {
 *		fprintf(stderr, "%s\n", err);	// FILE:LINE:COLUMN: error: ...
 *		return 2;
 *	}
 *	// every profile in the file's expect list, one line each
 *	int failed = migsim_scenario_file_test(sf, NULL, stdout);
 *	// or one run, kept for inspection
 *	struct migsim_scenario_opts opts = { .kernel = "6.10-rc1", .preempt = -1 };
 *	if (!migsim_scenario_file_run(sf, &opts, &w, err, sizeof(err))) {
 *		printf("%s\n", migsim_outcome_name(migsim_outcome(w)));
 *		migsim_world_destroy(w);
 *	}
 *	migsim_scenario_file_free(sf);
 */
#ifndef MIGSIM_SCENARIO_FILE_H
#define MIGSIM_SCENARIO_FILE_H

#include <stddef.h>
#include <stdio.h>
#include <migsim/migsim.h>
#include <migsim/actors.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A loaded, checked scenario file (opaque). */
struct migsim_scenario_file;

/**
 * migsim_scenario_file_load() - read and check the scenario file at @path.
 * @err: receives "PATH:LINE:COLUMN: error: ..." on failure (@errlen bytes).
 *
 * Return: 0; -ENOENT (or another errno) when the file cannot be read;
 * -EINVAL for malformed content; -ENOMEM.
 */
MIGSIM_API int migsim_scenario_file_load(const char *path, struct migsim_scenario_file **out,
					 char *err, size_t errlen);

/**
 * migsim_scenario_file_parse() - the same from a buffer; @filename is the
 * name used in messages (NULL: "<buffer>").
 *
 * Example::
 *
 *	static const char text[] = "name: tiny\nmappings:\n  - {name: a, task: 1, size: 4K}\n";
 *	ret = migsim_scenario_file_parse(text, sizeof(text) - 1, "tiny.yaml", &sf,
 *					 err, sizeof(err));
 */
MIGSIM_API int migsim_scenario_file_parse(const char *text, size_t len, const char *filename,
					  struct migsim_scenario_file **out, char *err,
					  size_t errlen);

MIGSIM_API void migsim_scenario_file_free(struct migsim_scenario_file *sf);

/** The file's name:, summary: and kernel: (the profile `run` uses by default). */
MIGSIM_API const char *migsim_scenario_file_name(const struct migsim_scenario_file *sf);
MIGSIM_API const char *migsim_scenario_file_summary(const struct migsim_scenario_file *sf);
MIGSIM_API const char *migsim_scenario_file_kernel(const struct migsim_scenario_file *sf);
/** migsim_scenario_file_has_actors() - 1 when the file has actors (explore, replay). */
MIGSIM_API int migsim_scenario_file_has_actors(const struct migsim_scenario_file *sf);

/** The kernel profiles named by the file's expect: entries, in file order. */
MIGSIM_API size_t migsim_scenario_file_kernel_count(const struct migsim_scenario_file *sf);
MIGSIM_API const char *migsim_scenario_file_kernel_at(const struct migsim_scenario_file *sf,
						      size_t i);

/**
 * migsim_scenario_file_run() - build the world the file describes, run its
 * setup steps and its actors, and tell the story.
 * @opts: @kernel overrides the file's (NULL: the file's kernel:, else the
 *	first expected profile, else 6.12); @seed overrides the file's seed
 *	when non-zero; @sched overrides the file's strategy: (NULL: the file's,
 *	or the expect entry's for @kernel when it has one); @preempt >= 0
 *	overrides settings.preempt; @trace adds to settings.trace; @story
 *	receives the narration.  @opts may be NULL.
 *
 * The world is returned for inspection and must be destroyed.  The vmstat
 * baseline (migsim_vmstat_delta()) is taken when setup ends.  The results of
 * the operations named with id: stay in @sf until its next run
 * (migsim_scenario_file_result()).
 *
 * Return: 0 when the scenario ran, whatever its outcome; -EINVAL with @err
 * set when the profile is unknown or a setup step failed (then no world).
 */
MIGSIM_API int migsim_scenario_file_run(struct migsim_scenario_file *sf,
					const struct migsim_scenario_opts *opts,
					struct migsim_world **out, char *err, size_t errlen);

/**
 * migsim_scenario_file_result() - what operation @id did in the last run:
 * its return value, and for move_pages its status array (up to @n entries
 * copied to @status; MIGSIM_STATUS_UNSET where the kernel wrote none).
 * Return: the number of status entries the operation has, -ENOENT for an id
 * the file does not define, -ESRCH when the operation did not run.
 */
#define MIGSIM_STATUS_UNSET 0x7fffffff
MIGSIM_API int migsim_scenario_file_result(const struct migsim_scenario_file *sf,
					   const char *id, long *ret, int *status, size_t n);

/**
 * migsim_scenario_file_check() - compare world @w, the last run of @sf, with
 * the file's expectations for @kernel.
 * @diff: receives "what differed", "; "-separated (@difflen bytes).
 * Return: 0 when every expectation holds, 1 when one does not, -ENOENT when
 * the file has no expect entry for @kernel.
 */
MIGSIM_API int migsim_scenario_file_check(const struct migsim_scenario_file *sf,
					  struct migsim_world *w, const char *kernel,
					  char *diff, size_t difflen);

/**
 * migsim_scenario_file_test() - run @sf under every profile of its expect
 * entries (only @kernel when non-NULL) and check each; print one line per
 * profile to @report (may be NULL): "PASS NAME KERNEL (outcome)" or
 * "FAIL NAME KERNEL: what differed".
 * Return: 0 when every expectation holds, 1 when one does not (or @kernel
 * has no expect entry), a negative errno when a run could not be made.
 */
MIGSIM_API int migsim_scenario_file_test(struct migsim_scenario_file *sf, const char *kernel,
					 FILE *report);

/**
 * migsim_scenario_file_explore() - explore the file's actors: every run
 * rebuilds the world from the file and @opts (kernel, seed, preempt).
 * Return: as migsim_explore(); -EINVAL for a file without actors.
 */
MIGSIM_API int migsim_scenario_file_explore(struct migsim_scenario_file *sf,
					    const struct migsim_scenario_opts *opts,
					    const struct migsim_explore_config *cfg,
					    struct migsim_explore_result *res, char *err,
					    size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
