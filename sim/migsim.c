// SPDX-License-Identifier: MIT
/*
 * migsim: the command-line face of libmigsim.  Thin: parse, call the
 * public API, print.  Exit status: 0 when the outcome is ok (or the one
 * --expect named), 1 for any other outcome, 2 for a usage or input error.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <migsim/migsim.h>
#include "config.h"
#include "bench.h"
#include "explore.h"
#include "commands.h"
#include "visual_opts.h"

const char *const prog = "migsim";

static void usage_main(FILE *out)
{
	fprintf(out,
		"usage: %s COMMAND [OPTIONS]\n"
		"\n"
		"Deterministic simulation of Linux page migration.\n"
		"\n"
		"commands:\n"
		"  run FILE|NAME  run a scenario file or a built-in seed scenario and tell\n"
		"                 its story\n"
		"  test FILE...   run scenario files under every profile they expect; PASS\n"
		"                 or FAIL per (file, profile)\n"
		"  explore FILE|NAME  run a scenario with actors under many schedules;\n"
		"                 shrink the first failure and print how to replay it\n"
		"  replay FILE|NAME   replay a schedule string exactly\n"
		"  trace FILE|NAME    run a scenario and print only its trace (ftrace text,\n"
		"                 or --chrome for Chrome/Perfetto JSON)\n"
		"  topology       print a machine: a preset, numactl --hardware output, a\n"
		"                 sysfs node tree or this host\n"
		"  list           list the built-in scenarios\n"
		"  kernels        list the kernel profiles, patches and their switches\n"
		"  bench          measure the simulator against its performance budgets\n"
		"  help COMMAND   help for one command (same as COMMAND --help)\n"
		"\n"
		"options:\n"
		"  -h, --help     this help\n"
		"  --version      print the version\n"
		"\n"
		"A FILE is a path ending in .yaml or .yml or containing '/'; anything else\n"
		"names a built-in scenario (see `%s list`).\n"
		"\n"
		"Exit status: 0 when the outcome is ok, 1 for any other outcome (bug, warn,\n"
		"list-corruption, invariant, ...), 2 for a usage or input error.\n", prog, prog);
}

int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	/* strtoull() takes "-1" as the largest number: refuse any sign. */
	if (*s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || !*s || *end ? -EINVAL : 0;
}

int need_arg(int i, int argc, const char *opt)
{
	if (i + 1 >= argc) {
		fprintf(stderr, "%s: %s needs a value\n", prog, opt);
		return 0;
	}
	return 1;
}

static void usage_sched_opts(FILE *out)
{
	fprintf(out,
		"\nscenarios with actors:\n"
		"  --strategy S      replay, random, pct or dfs (default: replay for run,\n"
		"                    random for explore)\n"
		"  --seed N          the world's seed and the strategy's\n"
		"  --pct-depth D     PCT bug depth (default 3)\n"
		"  --bound B         DFS preemption bound (default 2)\n"
		"  --preempt MODEL   none, voluntary or full (default: the scenario's)\n"
		"  --faults N        let the strategy inject up to N faults\n"
		"  --schedule S      a schedule string (replay)\n"
		"  --break-at STEP   raise SIGTRAP at that step (run, replay; see docs/gdb.md)\n");
}

static void usage_run(FILE *out)
{
	fprintf(out,
		"usage: %s run FILE|NAME [--kernel PROFILE] [--seed N] [--json] [--trace FILE]\n"
		"                  [--expect OUTCOME] [--strategy S ...]\n"
		"\n"
		"Run a scenario file (docs/scenario-format.md) or a built-in scenario (see\n"
		"`%s list`) and print what happened: what was built, what migrate_pages()\n"
		"did with each list, the vmstat counters before and after, and the report if\n"
		"one fired.  A malformed file gets FILE:LINE:COLUMN: error: ... and exit 2.\n"
		"\n"
		"  --kernel PROFILE  kernel profile, e.g. 6.12, 6.10-rc1, 6.9+deferred-split-v5\n"
		"                    (default: the file's kernel:, or the scenario's)\n"
		"  --seed N          the world's seed (default: the file's seed:, or 1)\n"
		"  --json            print one JSON object instead of the story\n"
		"  --trace FILE      write the trace in ftrace text format ('-': stdout): the\n"
		"                    migrate tracepoints, and for actors sched_switch and\n"
		"                    sched_decision (with the step numbers --break-at takes)\n"
		"  --expect OUTCOME  exit 0 exactly when the outcome is OUTCOME (ok, bug, warn,\n"
		"                    list-corruption, invariant, assert, deadlock, livelock)\n"
		"\n"
		"For a file, scheduling options replace the file's strategy: and the expect\n"
		"entry's for the profile.\n",
		prog, prog);
	visual_usage(out);
	usage_sched_opts(out);
}

static void usage_explore(FILE *out)
{
	fprintf(out,
		"usage: %s explore FILE|NAME [--kernel P] [--strategy S] [--seed N]\n"
		"                      [--runs N | --time SECONDS] [-j N] [--shard I/N]\n"
		"                      [--no-shrink] [--require POINT] [--quiet] [--json]\n"
		"\n"
		"Run the scenario under up to N schedules (default 1000) chosen by the\n"
		"strategy; stop at the first failure, shrink its schedule to the fewest\n"
		"decisions that still fail the same way, check that it replays\n"
		"identically, and print the report and the command that replays it.\n"
		"Run i uses a seed derived from --seed and i, so any result can be redone.\n"
		"\n"
		"  --runs N        at most N schedules\n"
		"  --time SECONDS  stop after this long (with --runs, whichever comes first)\n"
		"  -j N            N worker processes share the runs (run k goes to worker\n"
		"                  k mod N); the lowest failing run wins, as with -j 1\n"
		"  --shard I/N     slice I (0 <= I < N) of N equal slices of the runs, for\n"
		"                  spreading one exploration over machines\n"
		"  --require POINT count only failures whose run reached POINT\n"
		"  --quiet         no progress line on stderr\n"
		"Exit status: 0 when no schedule failed, 1 when one did, 2 for bad input.\n",
		prog);
	usage_sched_opts(out);
}

static void usage_replay(FILE *out)
{
	fprintf(out,
		"usage: %s replay FILE|NAME --schedule S [--kernel P] [--seed N]\n"
		"                 [--break-at STEP]\n"
		"\n"
		"Replay a schedule string exactly and tell the story.  --break-at STEP\n"
		"raises SIGTRAP when the run reaches scheduling step STEP, so\n"
		"`gdb --args %s replay ...` stops there (see docs/gdb.md).\n", prog, prog);
	visual_usage(out);
	usage_sched_opts(out);
}

static void usage_trace(FILE *out)
{
	fprintf(out,
		"usage: %s trace FILE|NAME [--chrome] [-o FILE] [--kernel P] [--seed N]\n"
		"                [--strategy S ...]\n"
		"\n"
		"Run a scenario like `run`, but print only its trace: the kernel's ftrace\n"
		"text (`# tracer: nop`, the migrate tracepoints, and for actors\n"
		"sched_switch and sched_decision), in simulated time.  --chrome writes\n"
		"Chrome/Perfetto trace-event JSON instead (docs/visual.md).  The exit\n"
		"status is the run's, as for `run`.\n"
		"\n"
		"  --chrome   Chrome/Perfetto JSON instead of ftrace text\n"
		"  -o FILE    write the trace to FILE (default: stdout)\n", prog);
	usage_sched_opts(out);
}

/* The scheduling options shared by run, explore and replay. */
struct sched_args {
	struct migsim_sched_config sc;
	int preempt;
	bool set;		/* any scheduling option was given */
	bool strategy_set;	/* --strategy was (explore defaults to random) */
};

static int parse_strategy(const char *s, enum migsim_strategy *out)
{
	int i;

	for (i = 0; migsim_strategy_name((enum migsim_strategy)i); i++)
		if (!strcmp(s, migsim_strategy_name((enum migsim_strategy)i))) {
			*out = (enum migsim_strategy)i;
			return 0;
		}
	return -EINVAL;
}

static int parse_preempt(const char *s)
{
	if (!strcmp(s, "voluntary"))
		return MIGSIM_PREEMPT_VOLUNTARY;
	if (!strcmp(s, "none"))
		return MIGSIM_PREEMPT_NONE;
	if (!strcmp(s, "full"))
		return MIGSIM_PREEMPT_FULL;
	return -1;
}

/* 1 when argv[*i] was a scheduling option (consumed), 0 when not, -1 on error. */
static int sched_option(int argc, char **argv, int *i, struct sched_args *sa, uint64_t *seed)
{
	const char *a = argv[*i];
	uint64_t v;

	if (!strcmp(a, "--strategy") || !strcmp(a, "--pct-depth") || !strcmp(a, "--bound") ||
	    !strcmp(a, "--preempt") || !strcmp(a, "--faults") || !strcmp(a, "--schedule")) {
		if (!need_arg(*i, argc, a))
			return -1;
		(*i)++;
		sa->set = true;
		if (!strcmp(a, "--strategy")) {
			sa->strategy_set = true;
			if (parse_strategy(argv[*i], &sa->sc.strategy)) {
				fprintf(stderr,
					"%s: --strategy: '%s' is not replay, random, pct or "
					"dfs\n", prog, argv[*i]);
				return -1;
			}
		} else if (!strcmp(a, "--preempt")) {
			sa->preempt = parse_preempt(argv[*i]);
			if (sa->preempt < 0) {
				fprintf(stderr,
					"%s: --preempt: '%s' is not none, voluntary or full\n",
					prog, argv[*i]);
				return -1;
			}
		} else if (!strcmp(a, "--schedule")) {
			char err[256];

			if (migsim_schedule_check(argv[*i], err, sizeof(err))) {
				fprintf(stderr, "%s: --schedule: %s\n", prog, err);
				return -1;
			}
			sa->sc.schedule = argv[*i];
		} else {
			if (parse_u64(argv[*i], &v) || v > 1000000) {
				fprintf(stderr, "%s: %s: '%s' is not a number\n", prog, a,
					argv[*i]);
				return -1;
			}
			if (!strcmp(a, "--pct-depth") && (v < 1 || v > 8)) {
				fprintf(stderr, "%s: --pct-depth: %s is not a depth from 1 to 8\n",
					prog, argv[*i]);
				return -1;
			}
			if (!strcmp(a, "--pct-depth"))
				sa->sc.pct_depth = (int)v;
			else if (!strcmp(a, "--bound"))
				sa->sc.preemption_bound = (int)v;
			else
				sa->sc.max_faults = (unsigned int)v;
		}
		return 1;
	}
	if (!strcmp(a, "--break-at")) {
		if (!need_arg(*i, argc, a))
			return -1;
		(*i)++;
		if (parse_u64(argv[*i], &v) || !v) {
			fprintf(stderr, "%s: --break-at: '%s' is not a step number (1 or more)\n",
				prog, argv[*i]);
			return -1;
		}
		sa->set = true;
		sa->sc.break_at_step = (unsigned long)v;
		return 1;
	}
	(void)seed;
	return 0;
}

/*
 * --break-at raises SIGTRAP in the library.  Under a debugger the debugger
 * stops there and, by default, does not pass the signal on; without one this
 * handler says the step was reached and the run goes on.
 */
static volatile sig_atomic_t break_reached;

static void on_sigtrap(int sig)
{
	static const char msg[] = "migsim: --break-at: step reached (no debugger attached; "
				  "going on)\n";
	ssize_t r = write(STDERR_FILENO, msg, sizeof(msg) - 1);

	(void)r;
	(void)sig;
	break_reached = 1;
}

static int outcome_by_name(const char *name)
{
	int o;

	for (o = MIGSIM_OK; o <= MIGSIM_LIVELOCK; o++)
		if (!strcmp(name, migsim_outcome_name((enum migsim_outcome)o)))
			return o;
	return -1;
}


static bool scenario_exists(const char *name)
{
	size_t i;

	for (i = 0; i < migsim_scenario_count(); i++)
		if (!strcmp(migsim_scenario_name(i), name))
			return true;
	return false;
}

/* A path ending in .yaml or .yml, or containing '/', is a scenario file. */
bool is_file_arg(const char *a)
{
	size_t n = strlen(a);

	return strchr(a, '/') || (n > 5 && !strcmp(a + n - 5, ".yaml")) ||
	       (n > 4 && !strcmp(a + n - 4, ".yml"));
}

bool out_writable(const char *path)
{
	struct stat st;
	char dir[4096];
	const char *slash;
	int ok;

	if (!strcmp(path, "-"))
		return true;
	if (!stat(path, &st)) {
		ok = !S_ISDIR(st.st_mode) && !access(path, W_OK);
	} else {
		slash = strrchr(path, '/');
		if (!slash)
			snprintf(dir, sizeof(dir), ".");
		else
			snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path + (slash == path)),
				 path);
		ok = errno == ENOENT && !stat(dir, &st) && S_ISDIR(st.st_mode) &&
		     !access(dir, W_OK);
	}
	if (!ok)
		fprintf(stderr, "%s: cannot write %s\n", prog, path);
	return ok;
}

/* Load a scenario file; on failure print the FILE:LINE:COLUMN message. */
struct migsim_scenario_file *load_file(const char *path)
{
	struct migsim_scenario_file *sf;
	char err[1024];

	if (migsim_scenario_file_load(path, &sf, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return NULL;
	}
	return sf;
}

/* Is a debugger attached (TracerPid in /proc/self/status)? */
static bool traced(void)
{
	char line[128];
	bool yes = false;
	FILE *st = fopen("/proc/self/status", "r");

	if (!st)
		return false;
	while (fgets(line, sizeof(line), st))
		if (!strncmp(line, "TracerPid:", 10)) {
			yes = atoi(line + 10) != 0;
			break;
		}
	fclose(st);
	return yes;
}

/*
 * run, replay and trace.  @trace_only (`migsim trace`): no story; the trace
 * goes to stdout (or -o FILE), as ftrace text or, with --chrome, as Chrome
 * JSON.
 */
static int run_common(int argc, char **argv, bool trace_only)
{
	struct migsim_scenario_opts opts = { .seed = 1, .preempt = -1 };
	struct sched_args sa = { .preempt = -1 };
	struct visual_opts vo = { 0 };
	const char *name = NULL, *trace_path = NULL;
	struct migsim_scenario_file *sf = NULL;
	struct migsim_world *w;
	bool json = false, seed_set = false, chrome = false;
	int expect = MIGSIM_OK, i, ret, status;
	char err[1024];

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		int so = sched_option(argc, argv, &i, &sa, &opts.seed);
		int v;

		if (so < 0)
			return EXIT_USAGE;
		if (so > 0)
			continue;
		v = trace_only ? 0 : visual_option(argc, argv, &i, &vo);
		if (v < 0)
			return EXIT_USAGE;
		if (v > 0)
			continue;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			if (trace_only)
				usage_trace(stdout);
			else
				usage_run(stdout);
			return 0;
		} else if (trace_only && !strcmp(a, "--chrome")) {
			chrome = true;
		} else if (trace_only && !strcmp(a, "-o")) {
			if (!need_arg(i, argc, a))
				return EXIT_USAGE;
			trace_path = argv[++i];
		} else if (!strcmp(a, "--kernel")) {
			if (!need_arg(i, argc, a))
				return EXIT_USAGE;
			opts.kernel = argv[++i];
		} else if (!strcmp(a, "--seed")) {
			if (!need_arg(i, argc, a))
				return EXIT_USAGE;
			if (parse_u64(argv[++i], &opts.seed)) {
				fprintf(stderr, "%s: --seed: '%s' is not a number\n", prog,
					argv[i]);
				return EXIT_USAGE;
			}
			seed_set = true;
		} else if (!trace_only && !strcmp(a, "--json")) {
			json = true;
		} else if (!trace_only && !strcmp(a, "--trace")) {
			if (!need_arg(i, argc, a))
				return EXIT_USAGE;
			trace_path = argv[++i];
			opts.trace = true;
		} else if (!trace_only && !strcmp(a, "--expect")) {
			if (!need_arg(i, argc, a))
				return EXIT_USAGE;
			expect = outcome_by_name(argv[++i]);
			if (expect < 0) {
				fprintf(stderr, "%s: --expect: unknown outcome '%s'\n", prog,
					argv[i]);
				return EXIT_USAGE;
			}
		} else if (a[0] == '-') {
			fprintf(stderr, "%s: %s: unknown option '%s' (see %s %s --help)\n", prog,
				argv[0], a, prog, argv[0]);
			return EXIT_USAGE;
		} else if (!name) {
			name = a;
		} else {
			fprintf(stderr, "%s: run: one scenario at a time ('%s' and '%s')\n", prog,
				name, a);
			return EXIT_USAGE;
		}
	}
	if (!name) {
		if (trace_only)
			usage_trace(stderr);
		else
			usage_run(stderr);
		return EXIT_USAGE;
	}
	if (trace_only) {
		opts.trace = true;
		if (!trace_path)
			trace_path = "-";
		if (chrome) {
			vo.chrome_path = trace_path;
			trace_path = NULL;
		}
	}
	opts.story = json || trace_only ? NULL : stdout;
	sa.sc.seed = opts.seed;
	opts.sched = &sa.sc;
	opts.preempt = sa.preempt;
	if (is_file_arg(name)) {
		sf = load_file(name);
		if (!sf)
			return EXIT_USAGE;
		/* The file's own seed and strategy unless the command line says. */
		if (!seed_set)
			opts.seed = 0;
		if (!sa.set)
			opts.sched = NULL;
		else if (!seed_set && !sa.sc.seed)
			sa.sc.seed = 1;
	}
	if (sa.set && !(sf ? migsim_scenario_file_has_actors(sf) :
			 migsim_scenario_has_actors(name))) {
		fprintf(stderr, "%s: scenario '%s' has no actors: scheduling options do not "
			"apply\n", prog, name);
		migsim_scenario_file_free(sf);
		return EXIT_USAGE;
	}
	if (trace_path && !out_writable(trace_path)) {
		migsim_scenario_file_free(sf);
		return EXIT_USAGE;
	}
	if (visual_before(&vo, name, sf ? migsim_scenario_file_has_actors(sf) :
			  migsim_scenario_has_actors(name), &opts)) {
		migsim_scenario_file_free(sf);
		return EXIT_USAGE;
	}
	if (sa.sc.break_at_step)
		signal(SIGTRAP, on_sigtrap);
	if (sf)
		ret = migsim_scenario_file_run(sf, &opts, &w, err, sizeof(err));
	else
		ret = migsim_scenario_run(name, &opts, &w, err, sizeof(err));
	if (ret) {
		fprintf(stderr, sf ? "%s\n" : "%s: %s\n", sf ? err : prog, err);
		migsim_scenario_file_free(sf);
		return EXIT_USAGE;
	}
	if (json)
		migsim_scenario_write_json(w, sf ? migsim_scenario_file_name(sf) : name, stdout);
	if (trace_path) {
		bool to_stdout = !strcmp(trace_path, "-");
		FILE *f = to_stdout ? stdout : fopen(trace_path, "w");

		if (!f || migsim_trace_write(w, f) || (to_stdout ? fflush(f) : fclose(f))) {
			fprintf(stderr, "%s: cannot write %s: %s\n", prog, trace_path,
				strerror(errno));
			migsim_world_destroy(w);
			migsim_scenario_file_free(sf);
			return EXIT_USAGE;
		}
	}
	if (visual_after(&vo, w)) {
		migsim_world_destroy(w);
		migsim_scenario_file_free(sf);
		return EXIT_USAGE;
	}
	/* Under a debugger the SIGTRAP stops there and is not passed on. */
	if (sa.sc.break_at_step && !break_reached && !traced())
		fprintf(stderr, "%s: --break-at %lu: the run ended before that step\n", prog,
			sa.sc.break_at_step);
	status = (int)migsim_outcome(w) == expect ? 0 : 1;
	migsim_world_destroy(w);
	migsim_scenario_file_free(sf);
	return status;
}

static int cmd_run(int argc, char **argv)
{
	return run_common(argc, argv, false);
}

static int cmd_trace(int argc, char **argv)
{
	return run_common(argc, argv, true);
}


static int cmd_explore(int argc, char **argv)
{
	struct migsim_scenario_opts opts = { .seed = 1, .preempt = -1 };
	struct sched_args sa = { .preempt = -1 };
	struct migsim_explore_config ec = { .runs = 1000, .shrink = true, .self_check = true };
	struct migsim_explore_result res;
	struct explore_job job = { .jobs = 1, .progress = true };
	const char *name = NULL;
	struct migsim_scenario_file *sf = NULL;
	unsigned long shard = 0, shards = 1;
	bool json = false, runs_set = false, time_set = false, seed_set = false;
	uint64_t v;
	char err[1024];
	int i, ret;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		int so = sched_option(argc, argv, &i, &sa, &opts.seed);

		if (so < 0)
			return EXIT_USAGE;
		if (so > 0)
			continue;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage_explore(stdout);
			return 0;
		} else if (!strcmp(a, "--kernel") || !strcmp(a, "--seed") || !strcmp(a, "--runs") ||
			   !strcmp(a, "--shard") || !strcmp(a, "--require") ||
			   !strcmp(a, "--time") || !strcmp(a, "-j")) {
			if (!need_arg(i, argc, a))
				return EXIT_USAGE;
			i++;
			if (!strcmp(a, "--kernel")) {
				opts.kernel = argv[i];
			} else if (!strcmp(a, "--require")) {
				ec.require_point = argv[i];
			} else if (!strcmp(a, "--shard")) {
				int used = -1;

				if (sscanf(argv[i], "%lu/%lu%n", &shard, &shards, &used) != 2 ||
				    argv[i][used] || argv[i][0] == '-' || !shards || shard >= shards) {
					fprintf(stderr,
						"%s: --shard: '%s' is not I/N with 0 <= I < N\n",
						prog, argv[i]);
					return EXIT_USAGE;
				}
			} else if (parse_u64(argv[i], &v)) {
				fprintf(stderr, "%s: %s: '%s' is not a number\n", prog, a, argv[i]);
				return EXIT_USAGE;
			} else if (!strcmp(a, "--seed")) {
				opts.seed = v;
				seed_set = true;
			} else if (!strcmp(a, "--time")) {
				job.time_limit = (double)v;
				time_set = true;
			} else if (!strcmp(a, "-j")) {
				if (!v || v > 64) {
					fprintf(stderr, "%s: -j: '%s' is not 1 to 64\n", prog,
						argv[i]);
					return EXIT_USAGE;
				}
				job.jobs = (unsigned int)v;
			} else {
				ec.runs = (unsigned long)v;
				runs_set = true;
			}
		} else if (!strcmp(a, "--no-shrink")) {
			ec.shrink = false;
		} else if (!strcmp(a, "--quiet")) {
			job.progress = false;
		} else if (!strcmp(a, "--json")) {
			json = true;
		} else if (a[0] == '-') {
			fprintf(stderr, "%s: explore: unknown option '%s'\n", prog, a);
			return EXIT_USAGE;
		} else if (!name) {
			name = a;
		} else {
			fprintf(stderr, "%s: explore: one scenario at a time\n", prog);
			return EXIT_USAGE;
		}
	}
	if (!name) {
		usage_explore(stderr);
		return EXIT_USAGE;
	}
	if (is_file_arg(name)) {
		sf = load_file(name);
		if (!sf)
			return EXIT_USAGE;
		if (!migsim_scenario_file_has_actors(sf)) {
			fprintf(stderr, "%s: scenario file '%s' has no actors to explore\n", prog,
				name);
			migsim_scenario_file_free(sf);
			return EXIT_USAGE;
		}
	} else if (!migsim_scenario_has_actors(name)) {
		fprintf(stderr, "%s: scenario '%s' %s (see %s list)\n", prog, name,
			scenario_exists(name) ? "has no actors to explore" : "does not exist",
			prog);
		return EXIT_USAGE;
	}
	if (!sa.strategy_set)
		sa.sc.strategy = MIGSIM_STRATEGY_RANDOM;
	sa.sc.seed = opts.seed;
	if (sa.sc.break_at_step) {
		fprintf(stderr, "%s: explore: --break-at applies to one run: use replay\n", prog);
		return EXIT_USAGE;
	}
	if (job.jobs > 1 && sa.sc.strategy == MIGSIM_STRATEGY_DFS) {
		fprintf(stderr, "%s: explore: -j does not split a DFS search (each worker would "
			"repeat it): use -j 1\n", prog);
		return EXIT_USAGE;
	}
	ec.sched = sa.sc;
	opts.preempt = sa.preempt;
	if (time_set && !runs_set)
		ec.runs = ~0UL >> 8;	/* the clock ends it */
	/* Shard I of N: runs [I*len, (I+1)*len), the same runs -j 1 would do. */
	ec.first_run = shard * ((ec.runs + shards - 1) / shards);
	ec.runs = (ec.runs + shards - 1) / shards;
	job.name = name;
	job.opts = opts;
	job.ec = ec;
	job.progress = job.progress && !json;
	job.tty = isatty(STDERR_FILENO);
	job.sf = sf;
	if (sf && !seed_set)
		job.opts.seed = 0;	/* the file's seed for the world */
	ret = explore_run_job(&job, &res, err, sizeof(err));
	migsim_scenario_file_free(sf);
	if (ret) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return EXIT_USAGE;
	}
	if (json) {
		printf("{\"scenario\": \"%s\", \"kernel\": \"%s\", \"strategy\": \"%s\", "
		       "\"seed\": %llu, \"runs\": %lu, \"found\": %s", name,
		       opts.kernel ? opts.kernel : "default", migsim_strategy_name(ec.sched.strategy),
		       (unsigned long long)opts.seed, res.runs, res.found ? "true" : "false");
		printf(", \"distinct_points\": %u, \"stopped_by_time\": %s, \"truncated\": %s",
		       res.distinct_points, res.stopped ? "true" : "false",
		       res.truncated ? "true" : "false");
		if (res.found)
			printf(", \"run\": %lu, \"outcome\": \"%s\", \"function\": \"%s\", "
			       "\"schedule\": \"%s\", \"shrunk\": \"%s\", \"deterministic\": %s",
			       res.run, migsim_outcome_name(res.outcome), res.function,
			       res.schedule, res.shrunk, res.deterministic ? "true" : "false");
		printf("}\n");
		return res.found ? 1 : 0;
	}
	printf("explored %lu schedule(s) of %s (kernel %s, strategy %s, seed %llu)%s\n",
	       res.runs, name, opts.kernel ? opts.kernel : "the scenario's default",
	       migsim_strategy_name(ec.sched.strategy), (unsigned long long)opts.seed,
	       res.exhausted ? ": the whole bounded space" :
	       res.stopped ? ": the time limit" : "");
	if (!res.found) {
		printf("no failure found\n");
		return 0;
	}
	printf("run %lu failed: %s in %s(): %s\n", res.run, migsim_outcome_name(res.outcome),
	       res.function, res.message);
	if (res.truncated) {
		printf("schedule: too long to spell (over 2 KiB); it was neither shrunk nor "
		       "checked.\nTry --strategy pct, whose schedules are short, or fewer "
		       "--faults.\n");
		return 1;
	}
	printf("schedule (%u decisions): %s\n", res.decisions_before, res.schedule);
	printf("shrunk   (%u decisions): %s\n", res.decisions_after, res.shrunk);
	printf("replays identically: %s\n", res.deterministic ? "yes" : "NO");
	printf("replay with:\n  %s replay %s%s%s --seed %llu%s%s --schedule '%s'\n",
	       prog, name, opts.kernel ? " --kernel " : "", opts.kernel ? opts.kernel : "",
	       (unsigned long long)opts.seed,
	       sa.preempt >= 0 ? " --preempt " : "",
	       sa.preempt == MIGSIM_PREEMPT_NONE ? "none" :
	       sa.preempt == MIGSIM_PREEMPT_FULL ? "full" :
	       sa.preempt == MIGSIM_PREEMPT_VOLUNTARY ? "voluntary" : "", res.shrunk);
	return 1;
}

static int cmd_replay(int argc, char **argv)
{
	int i, has_schedule = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage_replay(stdout);
			return 0;
		}
		if (!strcmp(argv[i], "--schedule"))
			has_schedule = 1;
		if (!strcmp(argv[i], "--strategy")) {
			fprintf(stderr, "%s: replay: the strategy is the schedule\n", prog);
			return EXIT_USAGE;
		}
	}
	if (!has_schedule) {
		usage_replay(stderr);
		return EXIT_USAGE;
	}
	return run_common(argc, argv, false);
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		usage_main(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		usage_main(stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version")) {
		printf("migsim %s\n", MIGSIM_VERSION_STRING);
		return 0;
	}
	if (!strcmp(cmd, "help")) {
		const char *what = argc > 2 ? argv[2] : "";

		if (!strcmp(what, "run"))
			usage_run(stdout);
		else if (!strcmp(what, "kernels"))
			usage_kernels(stdout);
		else if (!strcmp(what, "bench"))
			bench_usage(stdout, prog);
		else if (!strcmp(what, "list"))
			usage_list(stdout);
		else if (!strcmp(what, "explore"))
			usage_explore(stdout);
		else if (!strcmp(what, "replay"))
			usage_replay(stdout);
		else if (!strcmp(what, "test"))
			usage_test(stdout);
		else if (!strcmp(what, "trace"))
			usage_trace(stdout);
		else if (!strcmp(what, "topology"))
			usage_topology(stdout, prog);
		else
			usage_main(stdout);
		return 0;
	}
	if (!strcmp(cmd, "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(cmd, "explore"))
		return cmd_explore(argc - 1, argv + 1);
	if (!strcmp(cmd, "replay"))
		return cmd_replay(argc - 1, argv + 1);
	if (!strcmp(cmd, "test"))
		return cmd_test(argc - 1, argv + 1);
	if (!strcmp(cmd, "trace"))
		return cmd_trace(argc - 1, argv + 1);
	if (!strcmp(cmd, "topology"))
		return cmd_topology(argc - 1, argv + 1, prog);
	if (!strcmp(cmd, "list"))
		return cmd_list(argc - 1, argv + 1);
	if (!strcmp(cmd, "kernels"))
		return cmd_kernels(argc - 1, argv + 1);
	if (!strcmp(cmd, "bench"))
		return bench_main(argc - 1, argv + 1, prog);
	fprintf(stderr, "%s: unknown command '%s' (see %s --help)\n", prog, cmd, prog);
	return EXIT_USAGE;
}
