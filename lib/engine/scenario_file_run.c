// SPDX-License-Identifier: MIT
/*
 * Scenario files, the running side: build the world a loaded file
 * describes (topology and settings, tasks, mappings, setup steps, actors),
 * run it under its strategy, tell the story, and compare what came out with
 * the file's expectations for the profile it ran under.
 *
 * Order of a run: world -> tasks -> mappings (file order) -> setup steps ->
 * vmstat baseline -> actors under the strategy -> checker (when the outcome
 * is still ok) -> story end.  So the vmstat deltas an expect entry names
 * are what the actors did, not the setup.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "profile.h"
#include "scenario.h"
#include "strategy.h"
#include "scenario_file_model.h"
#include "world_internal.h"


void sf_state_reset(struct migsim_scenario_file *sf)
{
	int i;

	for (i = 0; i < SF_MAX_IDS; i++)
		free(sf->st.result[i].status);
	memset(&sf->st, 0, sizeof(sf->st));
}

static const struct sf_expect *expect_for(const struct migsim_scenario_file *sf,
					  const char *kernel)
{
	size_t i, j;

	for (i = 0; i < sf->nr_expect; i++)
		for (j = 0; j < sf->expect[i].nr_kernels; j++)
			if (!strcmp(sf->expect[i].kernels[j], kernel))
				return &sf->expect[i];
	return NULL;
}

/*
 * The address space an operation works on: its task:, else the owner of the
 * mapping its 'at' names, else the actor's own task (in setup: the first
 * task).  An actor always runs on its own task's CPU, whatever it touches.
 */
static int op_pid(const struct migsim_scenario_file *sf, const struct sf_op *op, int actor_task)
{
	if (op->task >= 0)
		return sf->st.pid[op->task];
	if (op->has_at && op->at.mapping >= 0)
		return sf->st.pid[sf->mappings[op->at.mapping].task];
	if (actor_task >= 0)
		return sf->st.pid[actor_task];
	return sf->nr_tasks ? sf->st.pid[0] : 0;
}

/* offline's first pfn: from the page at 'at' (2M-aligned) or the node. */
static int resolve_offline(struct migsim_scenario_file *sf, struct migsim_world *w,
			   struct sf_op *op, int pid)
{
	if (strcmp(op->desc->name, "offline"))
		return 0;
	if (op->has_at) {
		struct migsim_page_info pi;
		int ret;

		/* The page is looked up in the address space it belongs to. */
		if (op->at.mapping >= 0)
			pid = sf->st.pid[sf->mappings[op->at.mapping].task];
		ret = migsim_page_info(w, pid, sf_addr_resolve(sf, &op->at), &pi);

		if (ret)
			return ret;
		if (strcmp(pi.state, "present"))
			return -ENOENT;
		op->pfn = pi.pfn & ~511ULL;
	} else {
		struct migsim_node_info ni;
		int ret = migsim_node_info(w, op->node, &ni);

		if (ret)
			return ret;
		op->pfn = ni.start_pfn + op->node_offset / 4096;
	}
	return 0;
}

static void describe_op(const struct migsim_scenario_file *sf, const struct sf_op *op,
			char *buf, size_t len)
{
	char a[96];
	size_t n;

	n = (size_t)snprintf(buf, len, "%s", op->desc->name);
	if (op->has_at && n < len) {
		sf_format_addr(sf, &op->at, a, sizeof(a));
		n += (size_t)snprintf(buf + n, len - n, " %s", a);
		if (op->size && n < len)
			n += (size_t)snprintf(buf + n, len - n, " (%" PRIu64 "K)", op->size >> 10);
	}
	if (op->node >= 0 && n < len)
		n += (size_t)snprintf(buf + n, len - n, "%s node %d", op->has_at ? " ->" : "",
				      op->node);
	if (op->write && n < len)
		n += (size_t)snprintf(buf + n, len - n, " for write");
	if (op->nr && n < len)
		n += (size_t)snprintf(buf + n, len - n, " (%zu pages%s)", op->nr,
				      op->nodes ? "" : ", query");
	if (op->name && n < len)
		snprintf(buf + n, len - n, " %s", op->name);
}

static int run_op(struct migsim_scenario_file *sf, struct migsim_world *w, struct sf_op *op,
		  int pid, const char *who)
{
	char what[200];
	int ret;

	describe_op(sf, op, what, sizeof(what));
	scenario_say(sf->st.story, "  [%s] %s\n", who, what);
	ret = op->desc->run(sf, w, op, pid);
	if (op->id >= 0) {
		sf->st.result[op->id].ran = true;
		sf->st.result[op->id].ret = ret;
	}
	if (ret < 0 && ret != -ENOTRECOVERABLE && sf->st.story) {
		const char *en = sf_errno_name(-ret);

		if (en)
			scenario_say(sf->st.story, "    = -%s\n", en);
		else
			scenario_say(sf->st.story, "    = %d\n", ret);
	}
	return ret;
}

static void actor_body(struct migsim_world *w, void *arg)
{
	struct sf_actor_ctx *c = arg;
	struct migsim_scenario_file *sf = c->sf;
	struct sf_actor *a = &sf->actors[c->actor];
	size_t i;

	for (i = 0; i < a->nr_ops; i++)
		if (run_op(sf, w, &a->ops[i], op_pid(sf, &a->ops[i], a->task), a->name) ==
		    -ENOTRECOVERABLE)
			return;
}

static int setup_error(struct migsim_scenario_file *sf, struct migsim_world *w,
		       struct sf_loc loc, char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static int setup_error(struct migsim_scenario_file *sf, struct migsim_world *w,
		       struct sf_loc loc, char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (err && errlen) {
		n = snprintf(err, errlen, "%s:%d:%d: error: ", sf->path, loc.line, loc.col);
		va_start(ap, fmt);
		if (n > 0 && (size_t)n < errlen)
			vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	W(w)->story = NULL;
	migsim_world_destroy(w);
	return -EINVAL;
}

/*
 * Build the world, run setup, create the actors (not run).  The world is
 * returned even when setup ended in a report (then no actors are made).
 */
static int sf_build(struct migsim_scenario_file *sf, const struct migsim_scenario_opts *opts,
		    const char *kernel, FILE *story, struct migsim_world **out, char *err,
		    size_t errlen)
{
	struct migsim_config cfg = sf->cfg;
	struct migsim_world *w;
	size_t i, j;
	int ret, t;

	cfg.kernel = kernel;
	cfg.seed = opts->seed ? opts->seed : sf->seed;
	cfg.trace = cfg.trace || opts->trace;
	if (opts->preempt >= 0)
		cfg.preempt = (enum migsim_preempt)opts->preempt;
	ret = migsim_world_create(&cfg, &w, err, errlen);
	if (ret)
		return ret;
	if (opts->stop && migsim_stop_at(w, opts->stop)) {
		if (err && errlen)
			snprintf(err, errlen, "%s: error: %s", sf->path, migsim_strerror(w));
		migsim_world_destroy(w);
		return -EINVAL;
	}
	sf_state_reset(sf);
	sf->st.story = story;
	W(w)->story = story;

	for (t = 0; t < sf->nr_tasks; t++) {
		const struct sf_task *tk = &sf->tasks[t];
		struct migsim_task_config tc = {
			.pid = tk->pid, .cpu = tk->cpu, .allowed_nodes = tk->allowed_nodes,
			.cap_sys_nice = tk->cap_sys_nice,
			.comm = tk->comm ? tk->comm : tk->name ? tk->name : "task",
		};

		if (tk->forked)
			continue;
		ret = migsim_task_create(w, &tc, &sf->st.pid[t]);
		if (ret)
			return setup_error(sf, w, tk->loc, err, errlen, "tasks: pid %d: %s",
					   tk->pid,
					   migsim_strerror(w));
	}
	for (i = 0; i < sf->nr_mappings; i++) {
		const struct sf_mapping *m = &sf->mappings[i];
		uint64_t addr;

		ret = migsim_mmap(w, sf->st.pid[m->task], m->addr, m->size, m->flags, m->node,
				  &addr);
		if (ret)
			return setup_error(sf, w, m->loc, err, errlen, "mappings: '%s': %s",
					   m->name, migsim_strerror(w));
		scenario_say(story, "  mapping %-12s task %d  %#" PRIx64 "-%#" PRIx64 "  %s",
			     m->name, sf->st.pid[m->task], addr, addr + m->size,
			     m->flags & MIGSIM_MAP_SHARED ? "shared" :
			     m->flags & MIGSIM_MAP_THP ? "thp" :
			     m->flags & MIGSIM_MAP_HUGETLB_2M ? "hugetlb-2M" :
			     m->flags & MIGSIM_MAP_HUGETLB_1G ? "hugetlb-1G" : "private");
		if (m->node >= 0)
			scenario_say(story, ", node %d", m->node);
		scenario_say(story, "\n");
	}
	for (i = 0; i < sf->nr_setup; i++) {
		struct sf_op *op = &sf->setup[i];
		int pid = op_pid(sf, op, -1);

		if (resolve_offline(sf, w, op, pid))
			return setup_error(sf, w, op->loc, err, errlen, "setup[%zu]: offline: no "
					   "page at 'at' to find the block from", i);
		ret = run_op(sf, w, op, pid, "setup");
		if (ret == -ENOTRECOVERABLE)
			break;
		if (ret < 0)
			return setup_error(sf, w, op->loc, err, errlen, "setup[%zu]: %s failed: "
					   "%s", i, op->desc->name, migsim_strerror(w));
	}
	migsim_vmstat_baseline(w);
	if (migsim_outcome(w) == MIGSIM_OK) {
		for (i = 0; i < sf->nr_actors; i++) {
			struct sf_actor *a = &sf->actors[i];

			for (j = 0; j < a->nr_ops; j++)
				if (resolve_offline(sf, w, &a->ops[j], sf->st.pid[a->task]))
					return setup_error(sf, w, a->ops[j].loc, err, errlen,
							   "actors[%zu]: offline: no page at "
							   "'at' to find the block from", i);
			sf->st.actor_ctx[i].sf = sf;
			sf->st.actor_ctx[i].actor = (int)i;
			ret = migsim_actor_create(w, a->name, sf->st.pid[a->task], actor_body,
						  &sf->st.actor_ctx[i], NULL);
			if (ret)
				return setup_error(sf, w, a->loc, err, errlen, "actors[%zu]: %s", i,
						   migsim_strerror(w));
		}
	}
	*out = w;
	return 0;
}

static const char *run_kernel(const struct migsim_scenario_file *sf,
			      const struct migsim_scenario_opts *opts)
{
	return opts && opts->kernel ? opts->kernel : migsim_scenario_file_kernel(sf);
}

/* The schedule for a run: the caller's, the expect entry's, the file's. */
static struct migsim_sched_config run_sched(const struct migsim_scenario_file *sf,
					    const struct migsim_scenario_opts *opts,
					    const char *kernel, uint64_t seed)
{
	const struct sf_expect *x = expect_for(sf, kernel);
	const struct sf_strategy *st = x && x->strategy.set ? &x->strategy : &sf->strategy;
	struct migsim_sched_config sc;

	if (opts && opts->sched)
		return *opts->sched;
	sc = st->sc;
	sc.schedule = st->schedule;
	if (!sc.seed)
		sc.seed = seed;
	return sc;
}

static void say_results(struct migsim_scenario_file *sf, FILE *story)
{
	int i;

	for (i = 0; i < sf->nr_ids && story; i++)
		if (sf->st.result[i].ran)
			fprintf(story, "  result %s = %ld\n", sf->ids[i], sf->st.result[i].ret);
}

int migsim_scenario_file_run(struct migsim_scenario_file *sf,
			     const struct migsim_scenario_opts *opts, struct migsim_world **out,
			     char *err, size_t errlen)
{
	struct migsim_scenario_opts def = { .preempt = -1 };
	struct migsim_sched_config sc;
	struct migsim_run_info info;
	struct migsim_world *w;
	const char *kernel;
	FILE *story;
	int ret;

	if (!sf || !out)
		return -EINVAL;
	*out = NULL;
	if (!opts)
		opts = &def;
	story = opts->story;
	kernel = run_kernel(sf, opts);
	{
		struct kernel_profile kp;
		char msg[512];

		/* Before any of the story: a bad override is an input error. */
		if (kernel_profile_parse(kernel, &kp, msg, sizeof(msg))) {
			if (err && errlen)
				snprintf(err, errlen, "%s: error: kernel '%s': %s", sf->path, kernel,
					 msg);
			return -EINVAL;
		}
	}
	sc = run_sched(sf, opts, kernel, opts->seed ? opts->seed : sf->seed);
	scenario_say(story, "%s: kernel %s, seed %llu", sf->name, kernel,
		     (unsigned long long)(opts->seed ? opts->seed : sf->seed));
	if (sf->nr_actors)
		scenario_say(story, ", strategy %s", strategy_names[sc.strategy]);
	scenario_say(story, "\n  %s\n  (%s)\n\n", sf->summary ? sf->summary : "", sf->path);
	ret = sf_build(sf, opts, kernel, story, &w, err, errlen);
	if (ret)
		return ret;
	*out = w;
	if (sf->nr_actors && migsim_outcome(w) == MIGSIM_OK) {
		ret = migsim_run_actors(w, &sc, &info);
		if (ret && ret != -ENOTRECOVERABLE) {
			if (err && errlen)
				snprintf(err, errlen, "%s: error: %s", sf->path,
					 migsim_strerror(w));
			W(w)->story = NULL;
			migsim_world_destroy(w);
			*out = NULL;
			return ret;
		}
		scenario_say(story, "schedule: %s\n  (%lu steps, %u decisions, %u preemptions, %u "
			     "faults)\n", info.schedule, info.steps, info.decisions,
			     info.preemptions, info.faults);
		if (info.diverged)
			scenario_say(story, "  %s\n", info.diverged_msg);
	}
	say_results(sf, story);
	scenario_story_end(w, story);
	if (story && migsim_last_report(w) && migsim_last_report(w)->actors[0])
		fprintf(story, "actors:\n%s", migsim_last_report(w)->actors);
	W(w)->story = NULL;
	sf->st.story = NULL;
	return 0;
}

int migsim_scenario_file_result(const struct migsim_scenario_file *sf, const char *id,
				long *ret, int *status, size_t n)
{
	int i;
	size_t k;

	if (!sf || !id)
		return -EINVAL;
	for (i = 0; i < sf->nr_ids; i++)
		if (!strcmp(sf->ids[i], id))
			break;
	if (i == sf->nr_ids)
		return -ENOENT;
	if (!sf->st.result[i].ran)
		return -ESRCH;
	if (ret)
		*ret = sf->st.result[i].ret;
	for (k = 0; status && k < n && k < sf->st.result[i].nr_status; k++)
		status[k] = sf->st.result[i].status[k];
	return (int)sf->st.result[i].nr_status;
}

/* ---- expectations ---- */

struct diff {
	char *buf;
	size_t len, used;
	int n;
};

static void differ(struct diff *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void differ(struct diff *d, const char *fmt, ...)
{
	va_list ap;

	d->n++;
	if (!d->buf || d->used >= d->len)
		return;
	if (d->used)
		d->used += (size_t)snprintf(d->buf + d->used, d->len - d->used, "; ");
	if (d->used >= d->len)
		return;
	va_start(ap, fmt);
	d->used += (size_t)vsnprintf(d->buf + d->used, d->len - d->used, fmt, ap);
	va_end(ap);
}

static void fmt_status(int v, char *buf, size_t len)
{
	const char *en = v < 0 ? sf_errno_name(-v) : NULL;

	if (v == MIGSIM_STATUS_UNSET)
		snprintf(buf, len, "unset");
	else if (en)
		snprintf(buf, len, "-%s", en);
	else
		snprintf(buf, len, "%d", v);
}

static void check_placement(const struct migsim_scenario_file *sf, struct migsim_world *w,
			    const struct sf_placement *pl, struct diff *d)
{
	int pid = pl->at.mapping >= 0 ? sf->st.pid[sf->mappings[pl->at.mapping].task] :
		  (sf->nr_tasks ? sf->st.pid[0] : 0);
	uint64_t a0 = sf_addr_resolve(sf, &pl->at), a, bad = 0, first_bad = 0;
	int first_node = -2;
	char where[96];

	for (a = a0; a < a0 + pl->size; a += 4096) {
		struct migsim_page_info pi;
		int node = -1;

		if (!migsim_page_info(w, pid, a, &pi) && !strcmp(pi.state, "present"))
			node = pi.node;
		if (node != pl->node) {
			if (!bad++) {
				first_bad = a;
				first_node = node;
			}
		}
	}
	if (!bad)
		return;
	sf_format_addr(sf, &pl->at, where, sizeof(where));
	if (pl->size == 4096 && first_node < 0)
		differ(d, "placement %s: not present, expected on node %d", where, pl->node);
	else if (pl->size == 4096)
		differ(d, "placement %s: on node %d, expected %s%d", where, first_node,
		       pl->node < 0 ? "not present" : "node ", pl->node < 0 ? 0 : pl->node);
	else
		differ(d, "placement %s (%" PRIu64 " pages): %" PRIu64 " not %s%d, the first at "
		       "+%" PRIu64 "K (%s %d)", where, pl->size / 4096, bad,
		       pl->node < 0 ? "absent, " : "on node ", pl->node < 0 ? 0 : pl->node,
		       (first_bad - a0) >> 10, first_node < 0 ? "absent" : "node",
		       first_node < 0 ? 0 : first_node);
}

static int check(const struct migsim_scenario_file *sf, struct migsim_world *w,
		 const struct sf_expect *x, struct diff *d)
{
	const struct migsim_report *r = migsim_last_report(w);
	size_t i, j;

	if (x->outcome >= 0 && (int)migsim_outcome(w) != x->outcome) {
		differ(d, "outcome %s, expected %s%s%s", migsim_outcome_name(migsim_outcome(w)),
		       migsim_outcome_name((enum migsim_outcome)x->outcome), r ? ": " : "",
		       r ? r->message : "");
		/* The rest would only repeat that the run went elsewhere. */
		return 1;
	}
	if (x->report_function && (!r || strcmp(r->function, x->report_function)))
		differ(d, "report function %s, expected %s", r ? r->function : "(no report)",
		       x->report_function);
	if (x->report_message && (!r || !strstr(r->message, x->report_message)))
		differ(d, "report message \"%s\" lacks \"%s\"", r ? r->message : "(no report)",
		       x->report_message);
	for (i = 0; i < x->nr_placement; i++)
		check_placement(sf, w, &x->placement[i], d);
	for (i = 0; i < x->nr_results; i++) {
		const struct sf_result_expect *re = &x->results[i];
		const struct sf_result *got = &sf->st.result[re->id];
		const char *id = sf->ids[re->id];

		if (!got->ran) {
			differ(d, "%s did not run", id);
			continue;
		}
		if (re->has_ret && got->ret != re->ret)
			differ(d, "%s returned %ld, expected %ld", id, got->ret, re->ret);
		for (j = 0; j < re->nr_status && j < got->nr_status; j++)
			if (got->status[j] != re->status[j]) {
				char a[32], b[32];

				fmt_status(got->status[j], a, sizeof(a));
				fmt_status(re->status[j], b, sizeof(b));
				differ(d, "%s status[%zu] %s, expected %s", id, j, a, b);
			}
	}
	for (i = 0; i < x->nr_vmstat; i++) {
		size_t k;

		for (k = 0; k < migsim_vmstat_count(); k++)
			if (!strcmp(migsim_vmstat_name(k), x->vmstat[i].name))
				break;
		if (migsim_vmstat_delta(w, k) != x->vmstat[i].delta)
			differ(d, "vmstat %s %+ld, expected %+ld", x->vmstat[i].name,
			       migsim_vmstat_delta(w, k), x->vmstat[i].delta);
	}
	for (i = 0; i < x->nr_points; i++)
		if (!migsim_point_reached(w, x->points[i]))
			differ(d, "point %s was not reached", x->points[i]);
	for (i = 0; i < x->nr_nodes; i++) {
		static const char *const lru[] = { "inactive_anon", "active_anon", "inactive_file",
						   "active_file", "unevictable" };
		const struct sf_node_expect *ne = &x->nodes[i];
		struct migsim_node_info ni;

		if (migsim_node_info(w, ne->node, &ni)) {
			differ(d, "node %d: no info", ne->node);
			continue;
		}
#define NODE_FIELD(f, v)								\
		if (ne->f >= 0 && (long long)(v) != ne->f)				\
			differ(d, "node %d %s %llu, expected %lld", ne->node, #f,	\
			       (unsigned long long)(v), ne->f)
		NODE_FIELD(present_pages, ni.present_pages);
		NODE_FIELD(free_pages, ni.free_pages);
		NODE_FIELD(deferred_split_len, ni.deferred_split_len);
		NODE_FIELD(hugetlb_pages, ni.hugetlb_pages);
#undef NODE_FIELD
		for (j = 0; j < 5; j++)
			if (ne->lru[j] >= 0 && (long long)ni.lru_pages[j] != ne->lru[j])
				differ(d, "node %d %s %llu, expected %lld", ne->node, lru[j],
				       (unsigned long long)ni.lru_pages[j], ne->lru[j]);
	}
	return d->n ? 1 : 0;
}

int migsim_scenario_file_check(const struct migsim_scenario_file *sf, struct migsim_world *w,
			       const char *kernel, char *diff, size_t difflen)
{
	const struct sf_expect *x;
	struct diff d = { .buf = diff, .len = difflen };

	if (!sf || !w || !kernel)
		return -EINVAL;
	if (diff && difflen)
		diff[0] = '\0';
	x = expect_for(sf, kernel);
	if (!x)
		return -ENOENT;
	return check(sf, w, x, &d);
}

int migsim_scenario_file_test(struct migsim_scenario_file *sf, const char *kernel,
			      FILE *report)
{
	size_t i;
	int failed = 0;

	if (!sf)
		return -EINVAL;
	if (kernel && !expect_for(sf, kernel)) {
		if (report)
			fprintf(report,
				"FAIL %s %s: the file has no expect entry for this kernel\n",
				migsim_scenario_file_name(sf), kernel);
		return 1;
	}
	if (!sf->nr_kernel_list) {
		if (report)
			fprintf(report, "FAIL %s: the file has no expect entries\n",
				migsim_scenario_file_name(sf));
		return 1;
	}
	for (i = 0; i < sf->nr_kernel_list; i++) {
		const char *k = sf->kernel_list[i];
		struct migsim_scenario_opts opts = { .kernel = k, .preempt = -1 };
		struct migsim_world *w;
		char err[1024], diff[2048];
		int ret;

		if (kernel && strcmp(kernel, k))
			continue;
		ret = migsim_scenario_file_run(sf, &opts, &w, err, sizeof(err));
		if (ret) {
			if (report)
				fprintf(report, "ERROR %s %s: %s\n",
					migsim_scenario_file_name(sf), k, err);
			return ret;
		}
		ret = migsim_scenario_file_check(sf, w, k, diff, sizeof(diff));
		if (report) {
			if (ret)
				fprintf(report, "FAIL %s %s: %s\n",
					migsim_scenario_file_name(sf), k, diff);
			else
				fprintf(report, "PASS %s %s (%s)\n",
					migsim_scenario_file_name(sf), k,
					migsim_outcome_name(migsim_outcome(w)));
		}
		failed |= ret != 0;
		migsim_world_destroy(w);
	}
	return failed;
}

/* ---- exploration ---- */

struct sf_explore_closure {
	struct migsim_scenario_file *sf;
	struct migsim_scenario_opts opts;
	const char *kernel;
	char *err;
	size_t errlen;
};

static int explore_build(struct migsim_world **out, void *arg)
{
	struct sf_explore_closure *c = arg;

	return sf_build(c->sf, &c->opts, c->kernel, NULL, out, c->err, c->errlen);
}

int migsim_scenario_file_explore(struct migsim_scenario_file *sf,
				 const struct migsim_scenario_opts *opts,
				 const struct migsim_explore_config *cfg,
				 struct migsim_explore_result *res, char *err, size_t errlen)
{
	struct sf_explore_closure c = { .sf = sf };
	char scratch[256];

	if (!sf || !cfg || !res)
		return -EINVAL;
	if (!err) {
		err = scratch;
		errlen = sizeof(scratch);
	}
	if (!sf->nr_actors) {
		snprintf(err, errlen, "%s: scenario '%s' has no actors to explore", sf->path,
			 sf->name);
		return -EINVAL;
	}
	if (opts)
		c.opts = *opts;
	else
		c.opts.preempt = -1;
	c.opts.story = NULL;
	c.kernel = run_kernel(sf, opts);
	c.err = err;
	c.errlen = errlen;
	return migsim_explore(explore_build, &c, cfg, res, err, errlen);
}
