// SPDX-License-Identifier: MIT
/*
 * The pictures and the Chrome trace (lib/engine/dot.c, chrome_trace.c) and
 * the stops that choose a moment (migsim_stop_parse(), migsim_stop_at(),
 * migsim_sched_config.stop), through the public API.
 *
 * The Chrome JSON is checked with a small JSON parser below (the whole
 * grammar: objects, arrays, strings with escapes, numbers, literals), then
 * event by event: thread names for the actors, B/E balanced and nested per
 * thread, timestamps never going back per thread, counters present.
 *
 *   deferred-split-early-exit, v5, stopped at migrate:a1-split:
 *     from: [p0 p2 ... p511 T]   <- the pieces, the walk will not see them
 *     deferred split queue: []   (T was taken off it by the split)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <migsim/migsim.h>

#define V5 "6.9+deferred-split-v5"

/* ---- a small JSON parser ---- */

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jval {
	enum jtype type;
	double num;
	char *str;			/* J_STR */
	struct jval **items;		/* J_ARR values, J_OBJ values */
	char **keys;			/* J_OBJ */
	size_t n;
};

struct jparser {
	const char *p;
	const char *err;
};

static void jfree(struct jval *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		jfree(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

static void jws(struct jparser *jp)
{
	while (*jp->p == ' ' || *jp->p == '\n' || *jp->p == '\t' || *jp->p == '\r')
		jp->p++;
}

static char *jstring(struct jparser *jp)
{
	size_t cap = 16, n = 0;
	char *s;

	if (*jp->p != '"') {
		jp->err = "expected a string";
		return NULL;
	}
	jp->p++;
	s = malloc(cap);
	while (s && *jp->p != '"') {
		char c = *jp->p++;

		if (!c || (unsigned char)c < 0x20) {
			jp->err = "bad character in a string";
			free(s);
			return NULL;
		}
		if (c == '\\') {
			c = *jp->p++;
			if (c == 'u') {
				int k;

				for (k = 0; k < 4; k++)
					if (!strchr("0123456789abcdefABCDEF", jp->p[k]) || !jp->p[k]) {
						jp->err = "bad \\u escape";
						free(s);
						return NULL;
					}
				jp->p += 4;
				c = '?';
			} else if (!strchr("\"\\/bfnrt", c) || !c) {
				jp->err = "bad escape";
				free(s);
				return NULL;
			}
		}
		if (n + 2 > cap) {
			char *t = realloc(s, cap *= 2);

			if (!t) {
				free(s);
				return NULL;
			}
			s = t;
		}
		s[n++] = c;
	}
	if (!s)
		return NULL;
	jp->p++;
	s[n] = '\0';
	return s;
}

static struct jval *jvalue(struct jparser *jp, int depth);

static bool jpush(struct jval *v, struct jval *item, char *key)
{
	struct jval **items = realloc(v->items, (v->n + 1) * sizeof(*items));

	if (!items)
		return false;
	v->items = items;
	if (v->type == J_OBJ) {
		char **keys = realloc(v->keys, (v->n + 1) * sizeof(*keys));

		if (!keys)
			return false;
		v->keys = keys;
		v->keys[v->n] = key;
	}
	v->items[v->n++] = item;
	return true;
}

static struct jval *jvalue(struct jparser *jp, int depth)
{
	struct jval *v = calloc(1, sizeof(*v));

	if (!v || depth > 64) {
		jp->err = "too deep";
		free(v);
		return NULL;
	}
	jws(jp);
	if (*jp->p == '{' || *jp->p == '[') {
		char close = *jp->p == '{' ? '}' : ']';

		v->type = close == '}' ? J_OBJ : J_ARR;
		jp->p++;
		jws(jp);
		if (*jp->p == close) {
			jp->p++;
			return v;
		}
		for (;;) {
			char *key = NULL;
			struct jval *item;

			jws(jp);
			if (v->type == J_OBJ) {
				key = jstring(jp);
				jws(jp);
				if (!key || *jp->p != ':') {
					free(key);
					jp->err = jp->err ? jp->err : "expected ':'";
					goto fail;
				}
				jp->p++;
			}
			item = jvalue(jp, depth + 1);
			if (!item || !jpush(v, item, key)) {
				jfree(item);
				free(key);
				goto fail;
			}
			jws(jp);
			if (*jp->p == ',') {
				jp->p++;
				continue;
			}
			if (*jp->p == close) {
				jp->p++;
				return v;
			}
			jp->err = "expected ',' or a closing bracket";
			goto fail;
		}
	}
	if (*jp->p == '"') {
		v->type = J_STR;
		v->str = jstring(jp);
		if (!v->str)
			goto fail;
		return v;
	}
	if (!strncmp(jp->p, "true", 4) || !strncmp(jp->p, "null", 4) ||
	    !strncmp(jp->p, "false", 5)) {
		v->type = *jp->p == 'n' ? J_NULL : J_BOOL;
		v->num = *jp->p == 't';
		jp->p += *jp->p == 'f' ? 5 : 4;
		return v;
	}
	if (*jp->p == '-' || (*jp->p >= '0' && *jp->p <= '9')) {
		const char *s = jp->p;
		char *end;

		if (*s == '-')
			s++;
		if (*s == '0' && s[1] >= '0' && s[1] <= '9') {
			jp->err = "leading zero";
			goto fail;
		}
		v->type = J_NUM;
		v->num = strtod(jp->p, &end);
		jp->p = end;
		return v;
	}
	jp->err = "unexpected character";
fail:
	jfree(v);
	return NULL;
}

static struct jval *jparse(const char *text)
{
	struct jparser jp = { .p = text };
	struct jval *v = jvalue(&jp, 0);

	if (v) {
		jws(&jp);
		if (*jp.p) {
			jp.err = "text after the value";
			jfree(v);
			v = NULL;
		}
	}
	if (!v)
		print_error("JSON error: %s at offset %td\n", jp.err ? jp.err : "?", jp.p - text);
	return v;
}

static const struct jval *jget(const struct jval *o, const char *key)
{
	size_t i;

	if (!o || o->type != J_OBJ)
		return NULL;
	for (i = 0; i < o->n; i++)
		if (!strcmp(o->keys[i], key))
			return o->items[i];
	return NULL;
}

static const char *jgets(const struct jval *o, const char *key)
{
	const struct jval *v = jget(o, key);

	return v && v->type == J_STR ? v->str : NULL;
}

/* ---- runs ---- */

static char *capture_start(FILE **f, size_t *len, char **buf)
{
	*buf = NULL;
	*f = open_memstream(buf, len);
	assert_non_null(*f);
	return NULL;
}

static struct migsim_world *run_opts(const char *name, const char *kernel,
				     const struct migsim_sched_config *sc,
				     const struct migsim_stop *stop)
{
	struct migsim_scenario_opts o = { .kernel = kernel, .seed = 1, .trace = true,
					  .sched = sc, .preempt = -1, .stop = stop };
	struct migsim_world *w = NULL;
	char err[512];

	print_message("scenario %s, kernel %s, seed 1\n", name, kernel ? kernel : "default");
	assert_int_equal(migsim_scenario_run(name, &o, &w, err, sizeof(err)), 0);
	assert_non_null(w);
	return w;
}

static struct migsim_world *run(const char *name, const char *kernel,
				const struct migsim_sched_config *sc)
{
	return run_opts(name, kernel, sc, NULL);
}

static char *chrome_of(struct migsim_world *w)
{
	FILE *f;
	size_t len;
	char *buf;

	capture_start(&f, &len, &buf);
	assert_int_equal(migsim_chrome_trace_write(w, f), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* Per-thread bookkeeping for the Chrome checks. */
struct tcheck {
	double tid;
	double last_ts;
	int depth;
	bool named;
	char name[128];
};

struct chrome_summary {
	size_t begins, ends, counters, instants;
	size_t nr_threads;
	struct tcheck t[32];
	bool has_counter[8];
};

static struct tcheck *tc_of(struct chrome_summary *s, double tid)
{
	size_t i;

	for (i = 0; i < s->nr_threads; i++)
		if (s->t[i].tid == tid)
			return &s->t[i];
	assert_true(s->nr_threads < 32);
	s->t[s->nr_threads].tid = tid;
	s->t[s->nr_threads].last_ts = -1;
	return &s->t[s->nr_threads++];
}

/*
 * Parse @text and check the trace-event rules every Chrome/Perfetto trace
 * must keep: the object form, each event's phase and fields, names for the
 * threads that have events, B/E balanced and never below zero per thread,
 * and timestamps that never go back on a thread.
 */
static void check_chrome(const char *text, struct chrome_summary *s)
{
	struct jval *root = jparse(text);
	const struct jval *evs, *unit;
	size_t i;

	memset(s, 0, sizeof(*s));
	assert_non_null(root);
	assert_int_equal(root->type, J_OBJ);
	evs = jget(root, "traceEvents");
	unit = jget(root, "displayTimeUnit");
	assert_non_null(evs);
	assert_int_equal(evs->type, J_ARR);
	assert_non_null(unit);
	assert_string_equal(unit->str, "ns");
	for (i = 0; i < evs->n; i++) {
		const struct jval *e = evs->items[i], *ts = jget(e, "ts"), *tid = jget(e, "tid");
		const char *ph = jgets(e, "ph");
		struct tcheck *t;

		assert_non_null(ph);
		assert_non_null(jget(e, "pid"));
		if (!strcmp(ph, "M")) {
			const struct jval *args = jget(e, "args");

			assert_non_null(jgets(args, "name"));
			if (!strcmp(jgets(e, "name"), "thread_name")) {
				t = tc_of(s, tid->num);
				t->named = true;
				snprintf(t->name, sizeof(t->name), "%s", jgets(args, "name"));
			}
			continue;
		}
		assert_non_null(ts);
		assert_int_equal(ts->type, J_NUM);
		if (!strcmp(ph, "C")) {
			const char *name = jgets(e, "name");
			static const char *const want[] = { "pgmigrate_success", "pgmigrate_fail",
							    "nr_isolated_anon" };
			size_t k;

			assert_non_null(name);
			assert_non_null(jget(jget(e, "args"), "value"));
			for (k = 0; k < 3; k++)
				if (!strcmp(name, want[k]))
					s->has_counter[k] = true;
			s->counters++;
			continue;
		}
		if (!strcmp(ph, "i") && jgets(e, "s") && !strcmp(jgets(e, "s"), "g")) {
			s->instants++;		/* global: on no thread */
			continue;
		}
		assert_non_null(tid);
		t = tc_of(s, tid->num);
		assert_true(ts->num >= t->last_ts);	/* monotonic per thread */
		t->last_ts = ts->num;
		if (!strcmp(ph, "B")) {
			assert_non_null(jgets(e, "name"));
			t->depth++;
			s->begins++;
		} else if (!strcmp(ph, "E")) {
			assert_true(t->depth > 0);	/* never an end without a begin */
			t->depth--;
			s->ends++;
		} else {
			assert_string_equal(ph, "i");
			assert_non_null(jgets(e, "name"));
			s->instants++;
		}
	}
	for (i = 0; i < s->nr_threads; i++) {
		assert_int_equal(s->t[i].depth, 0);	/* balanced */
		assert_true(s->t[i].named);
	}
	jfree(root);
}

static const struct tcheck *thread_named(const struct chrome_summary *s, const char *part)
{
	size_t i;

	for (i = 0; i < s->nr_threads; i++)
		if (strstr(s->t[i].name, part))
			return &s->t[i];
	return NULL;
}

static void test_json_checker_rejects(void **state)
{
	static const char *const bad[] = { "{", "{\"a\" 1}", "[1,]", "{\"a\": 01}", "\"x",
					   "[1] 2", "{\"a\": tru}", "[\"\\q\"]" };
	static const char *const good[] = { "{}", "[]", ("{\"a\": [1, -2.5e3, true, null, "
					    "\"\\u00e9\\n\"]}") };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_null(jparse(bad[i]));
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct jval *v = jparse(good[i]);

		assert_non_null(v);
		jfree(v);
	}
}

/* Is @s well-formed UTF-8 (JSON text must be)? */
static bool utf8_valid(const unsigned char *s)
{
	while (*s) {
		int n = *s < 0x80 ? 1 : (*s & 0xe0) == 0xc0 ? 2 : (*s & 0xf0) == 0xe0 ? 3 :
			(*s & 0xf8) == 0xf0 ? 4 : 0;
		int i;

		if (!n)
			return false;
		for (i = 1; i < n; i++)
			if ((s[i] & 0xc0) != 0x80)
				return false;
		s += n;
	}
	return true;
}

/* A task name the 16-byte comm cuts inside a character: the JSON stays
 * UTF-8 (the cut character becomes U+FFFD) and still parses. */
static void test_chrome_cut_utf8_name(void **state)
{
	struct migsim_task_config tc = { .pid = 100, .comm = "\xc3\xa9\xc3\xa9\xc3\xa9"
					 "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9" };
	struct migsim_migrate_result res;
	struct migsim_config cfg;
	struct migsim_world *w;
	struct jval *v;
	uint64_t addr;
	char *json;

	(void)state;
	migsim_config_init(&cfg);
	cfg.trace = true;
	assert_int_equal(migsim_world_create(&cfg, &w, NULL, 0), 0);
	assert_int_equal(migsim_task_create(w, &tc, NULL), 0);
	assert_int_equal(migsim_mmap(w, 100, 0, 8192, MIGSIM_MAP_PRIVATE, 0, &addr), 0);
	assert_int_equal(migsim_touch(w, 100, addr, 8192, 1), 0);
	assert_int_equal(migsim_migrate_range(w, 100, addr, 8192, 1, MIGSIM_MIGRATE_SYNC,
					      MIGSIM_MR_SYSCALL, &res), 0);
	json = chrome_of(w);
	assert_true(utf8_valid((const unsigned char *)json));
	assert_non_null(strstr(json, "\\ufffd"));
	v = jparse(json);
	assert_non_null(v);
	jfree(v);
	free(json);
	migsim_world_destroy(w);
}

/* The seed bug under v5: slices for the fault's migration, counters, and
 * the BUG_ON's unwinding closes what was open. */
static void test_chrome_deferred_split(void **state)
{
	struct migsim_world *w = run("deferred-split-early-exit", V5, NULL);
	struct chrome_summary s;
	char *json = chrome_of(w);

	(void)state;
	assert_int_equal(migsim_outcome(w), MIGSIM_BUG);
	check_chrome(json, &s);
	assert_true(s.begins > 0);
	assert_int_equal(s.begins, s.ends);
	assert_true(s.has_counter[0] && s.has_counter[1] && s.has_counter[2]);
	assert_non_null(thread_named(&s, "numa01"));
	assert_non_null(strstr(json, "\"name\": \"migrate_misplaced_folio\""));
	assert_non_null(strstr(json, "\"name\": \"migrate_pages_batch\""));
	assert_non_null(strstr(json, "\"name\": \"split_folio_to_list\""));
	/* The caller, from the shadow stack: the hinting fault. */
	assert_non_null(strstr(json, "do_numa_page"));
	/* The report, and slices closed by the writer after the BUG. */
	assert_non_null(strstr(json, "\"cat\": \"report\""));
	assert_non_null(strstr(json, "\"unfinished\": true"));
	assert_non_null(strstr(json, "\"name\": \"mm_migrate_pages\""));
	free(json);
	migsim_world_destroy(w);
}

/* A race with two actors: each is a named thread; the offline actor's
 * migration is a stack of slices under the offline_pages caller. */
static void test_chrome_race(void **state)
{
	struct migsim_world *w = run("hugetlb-migratable-race", NULL, NULL);
	struct chrome_summary s;
	const struct tcheck *a, *b;
	char *json = chrome_of(w);

	(void)state;
	check_chrome(json, &s);
	a = thread_named(&s, "actor A: offline");
	b = thread_named(&s, "actor B: free+dissolve");
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a->tid != b->tid);
	assert_true(s.begins > 0 && s.begins == s.ends);
	assert_true(s.counters > 0);
	assert_non_null(strstr(json, "offline_pages"));
	assert_non_null(strstr(json, "\"name\": \"sched_switch\""));
	free(json);
	migsim_world_destroy(w);
}

/*
 * Lock waits as slices: the first random schedule (seeds from 1) in which
 * an actor of @scenario sleeps on @what; the trace must still be valid and
 * balanced, and the wait is a slice on the sleeper's thread.
 */
static void find_wait(const char *scenario, const char *kernel, const char *what,
		      unsigned long max_seed)
{
	unsigned long seed;

	for (seed = 1; seed <= max_seed; seed++) {
		struct migsim_sched_config sc = { .strategy = MIGSIM_STRATEGY_RANDOM, .seed = seed };
		struct migsim_scenario_opts o = { .kernel = kernel, .seed = 1, .trace = true,
						  .sched = &sc, .preempt = -1 };
		struct migsim_world *w;
		struct chrome_summary s;
		char err[256], *json, *p;

		assert_int_equal(migsim_scenario_run(scenario, &o, &w, err, sizeof(err)), 0);
		json = chrome_of(w);
		check_chrome(json, &s);
		p = strstr(json, what);
		if (p) {
			print_message("%s, kernel %s, random seed %lu: %.60s\n", scenario, kernel,
				      seed, p);
			assert_non_null(strstr(p, "\"ph\": \"B\""));
			free(json);
			migsim_world_destroy(w);
			return;
		}
		free(json);
		migsim_world_destroy(w);
	}
	fail_msg("no schedule of %s up to seed %lu waits on %s", scenario, max_seed, what);
}

static void test_chrome_lock_wait(void **state)
{
	(void)state;
	/* 5.17 and later: the reader sleeps on the folio lock of the THP
	 * being split; and offline meets the freer on hugetlb_lock. */
	find_wait("migration-wait-tail-livelock", "6.12",
		  "\"name\": \"wait folio lock (migration entry) pfn 0x", 50);
	find_wait("hugetlb-migratable-race", "6.12", "\"name\": \"wait spinlock hugetlb_lock\"",
		  300);
}

/* Without tracing there is nothing but the metadata, and it is valid. */
static void test_chrome_untraced(void **state)
{
	struct migsim_scenario_opts o = { .seed = 1 };
	struct migsim_world *w = NULL;
	struct chrome_summary s;
	char err[256], *json;

	(void)state;
	assert_int_equal(migsim_scenario_run("deferred-split-early-exit", &o, &w, err,
					     sizeof(err)), 0);
	json = chrome_of(w);
	check_chrome(json, &s);
	assert_int_equal(s.begins + s.counters + s.instants, 0);
	assert_int_equal(migsim_chrome_trace_write(NULL, stdout), -EINVAL);
	assert_int_equal(migsim_chrome_trace_write(w, NULL), -EINVAL);
	free(json);
	migsim_world_destroy(w);
}

/*
 * The markers share the trace buffer (migsim_trace_get() shows them as the
 * atrace writes they stand for) but the ftrace text is the kernel's events
 * only, 1 µs apart, the header counting what is printed.
 */
static void test_ftrace_leaves_markers_out(void **state)
{
	struct migsim_world *w = run("deferred-split-early-exit", "6.12", NULL);
	struct migsim_trace_event ev;
	size_t i, marks = 0, events = 0, lines = 0;
	char header[96];
	FILE *f;
	size_t len;
	char *buf, *p;

	(void)state;
	for (i = 0; i < migsim_trace_count(w); i++) {
		assert_int_equal(migsim_trace_get(w, i, &ev), 0);
		if (!strcmp(ev.event, "tracing_mark_write")) {
			assert_true(strchr("BEC", ev.fields[0]) && ev.fields[1] == '|');
			marks++;
		} else {
			assert_int_equal(ev.ts_ns % 1000, 0);	/* whole microseconds */
			events++;
		}
	}
	assert_true(marks > 0 && events > 0);
	capture_start(&f, &len, &buf);
	assert_int_equal(migsim_trace_write(w, f), 0);
	fclose(f);
	assert_true(!strncmp(buf, "# tracer: nop\n", 14));
	assert_null(strstr(buf, "tracing_mark_write"));
	snprintf(header, sizeof(header), "# entries-in-buffer/entries-written: %zu/%zu   #P:2\n",
		 events, events);
	assert_non_null(strstr(buf, header));
	for (p = buf; (p = strchr(p, '\n')); p++)
		if (p[1] && p[1] != '#')
			lines++;
	assert_int_equal(lines, events);
	assert_non_null(strstr(buf, "     0.000001: mm_migrate_pages_start: mode=MIGRATE_ASYNC "
			       "reason=numa_misplaced\n"));
	free(buf);
	migsim_world_destroy(w);
}

/* ---- pictures ---- */

struct snap {
	char *dot;
	char where[96];
	int calls;
	int ret;
};

static void take(struct migsim_world *w, const char *where, void *arg)
{
	struct snap *sn = arg;
	FILE *f;
	size_t len;

	sn->calls++;
	snprintf(sn->where, sizeof(sn->where), "%s", where);
	free(sn->dot);
	sn->dot = NULL;
	f = open_memstream(&sn->dot, &len);
	sn->ret = migsim_dot_write(w, f);
	fclose(f);
}

static struct migsim_world *run_stopped(const char *name, const char *kernel, const char *at,
					struct snap *sn)
{
	struct migsim_stop st = { .fn = take, .arg = sn };
	char err[160];

	memset(sn, 0, sizeof(*sn));
	assert_int_equal(migsim_stop_parse(at, &st, err, sizeof(err)), 0);
	return run_opts(name, kernel, NULL, &st);
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what))) {
		n++;
		s += strlen(what);
	}
	return n;
}

/* The seed bug's moment: the THP was split into @from, the list being walked. */
static void test_dot_deferred_split_point(void **state)
{
	struct snap sn;
	struct migsim_world *w = run_stopped("deferred-split-early-exit", V5,
					     "point:migrate:a1-split", &sn);

	(void)state;
	assert_int_equal(sn.calls, 1);
	assert_int_equal(sn.ret, 0);
	assert_string_equal(sn.where, "point migrate:a1-split #1");
	assert_true(!strncmp(sn.dot, "digraph migsim {", 16));
	assert_non_null(strstr(sn.dot, "subgraph cluster_node0"));
	assert_non_null(strstr(sn.dot, "subgraph cluster_node1"));
	assert_non_null(strstr(sn.dot, "label=\"LRU inactive_anon"));
	assert_non_null(strstr(sn.dot, "label=\"deferred split queue"));
	assert_non_null(strstr(sn.dot, "migrate_pages_batch() in flight, pid 100 (main context)"));
	/* @from holds the head and the 511 pieces: 6 shown, 505 more, and
	 * the last, the THP's head, which links back to the list head. */
	assert_non_null(strstr(sn.dot, "label=\"from\"]"));
	assert_non_null(strstr(sn.dot, "\u2026 505 more"));
	assert_non_null(strstr(sn.dot, "F40000 [label=\"pfn 0x40000 order 0 node 0"));
	assert_non_null(strstr(sn.dot, "label=\"migsim: kernel " V5 ", seed 1, at point "
			       "migrate:a1-split #1\""));
	assert_non_null(strstr(sn.dot, "label=\"pfn 0x"));
	assert_non_null(strstr(sn.dot, "refcount "));
	assert_int_equal(count(sn.dot, "{"), count(sn.dot, "}"));
	assert_int_equal(migsim_outcome(w), MIGSIM_BUG);
	free(sn.dot);
	migsim_world_destroy(w);

	/* 6.12 splits into split_folios instead: @from is left with nothing. */
	w = run_stopped("deferred-split-early-exit", "6.12", "point:migrate:a1-split#1", &sn);
	assert_int_equal(sn.calls, 1);
	assert_non_null(strstr(sn.dot, "label=\"split_folios\"]"));
	assert_non_null(strstr(sn.dot, "label=\"from\\n(empty)\"]"));
	assert_int_equal(migsim_outcome(w), MIGSIM_OK);
	free(sn.dot);
	migsim_world_destroy(w);
}

/* A picture at a scheduling step of a race: some step has the offline
 * actor inside migrate_pages_batch(), and its lists are drawn. */
static void test_dot_at_step(void **state)
{
	struct migsim_world *w;
	unsigned long step, found = 0;
	struct snap sn;
	char at[32];

	(void)state;
	for (step = 1; step <= 400 && !found; step++) {
		snprintf(at, sizeof(at), "%lu", step);
		w = run_stopped("hugetlb-migratable-race", NULL, at, &sn);
		if (!sn.calls) {
			migsim_world_destroy(w);
			break;		/* past the end of the run */
		}
		assert_int_equal(sn.ret, 0);
		snprintf(at, sizeof(at), "step %lu (actor ", step);
		assert_true(!strncmp(sn.where, at, strlen(at)));
		assert_non_null(strstr(sn.dot, ", at step "));
		if (strstr(sn.dot, "migrate_pages_batch() in flight, pid 101 (actor A: offline)"))
			found = step;
		free(sn.dot);
		migsim_world_destroy(w);
	}
	print_message("first step inside migrate_pages_batch: %lu\n", found);
	assert_true(found > 0);
	w = run_stopped("hugetlb-migratable-race", NULL, (snprintf(at, sizeof(at), "%lu", found),
							  at), &sn);
	assert_non_null(strstr(sn.dot, "label=\"hugetlb hugepages-2048kB active\""));
	assert_non_null(strstr(sn.dot, "label=\"from"));
	free(sn.dot);
	migsim_world_destroy(w);
}

/* Same seed, same bytes: the Chrome JSON and the picture. */
static void test_deterministic(void **state)
{
	char *j[2], *d[2];
	struct snap sn;
	int k;

	(void)state;
	for (k = 0; k < 2; k++) {
		struct migsim_world *w = run_stopped("deferred-split-early-exit", V5,
						     "point:migrate:a1-split", &sn);

		j[k] = chrome_of(w);
		d[k] = sn.dot;
		migsim_world_destroy(w);
	}
	assert_string_equal(j[0], j[1]);
	assert_string_equal(d[0], d[1]);
	for (k = 0; k < 2; k++) {
		free(j[k]);
		free(d[k]);
	}
	for (k = 0; k < 2; k++) {
		struct migsim_world *w = run_stopped("hugetlb-migratable-race", NULL, "30", &sn);

		j[k] = chrome_of(w);
		d[k] = sn.dot;
		migsim_world_destroy(w);
	}
	assert_string_equal(j[0], j[1]);
	assert_string_equal(d[0], d[1]);
	for (k = 0; k < 2; k++) {
		free(j[k]);
		free(d[k]);
	}
}

/* Bad stops are refused with a message, and change nothing. */
static void test_stop_parse_and_arm(void **state)
{
	static const char *const bad[] = { "", "0", "-3", "12x", "point:", "point:#2",
					   "point:x#0", "point:x#", "point:x#2y", "step" };
	struct migsim_stop st = { .step = 7, .fn = take }, before;
	struct migsim_world *w;
	struct migsim_config cfg;
	char err[160];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		before = st;
		err[0] = '\0';
		assert_int_equal(migsim_stop_parse(bad[i], &st, err, sizeof(err)), -EINVAL);
		assert_true(err[0] != '\0');
		assert_memory_equal(&st, &before, sizeof(st));
	}
	assert_int_equal(migsim_stop_parse("point:lock:folio#3", &st, err, sizeof(err)), 0);
	assert_string_equal(st.point, "lock:folio");
	assert_int_equal(st.nth, 3);
	assert_int_equal(st.step, 0);
	assert_ptr_equal(st.fn, take);
	assert_int_equal(migsim_stop_parse("42", &st, err, sizeof(err)), 0);
	assert_int_equal(st.step, 42);
	assert_string_equal(st.point, "");

	migsim_config_init(&cfg);
	assert_int_equal(migsim_world_create(&cfg, &w, err, sizeof(err)), 0);
	st.fn = NULL;
	assert_int_equal(migsim_stop_at(w, &st), -EINVAL);
	st.fn = take;
	st.point[0] = 'x';
	st.point[1] = '\0';
	assert_int_equal(migsim_stop_at(w, &st), -EINVAL);	/* both */
	assert_non_null(strstr(migsim_strerror(w), "exactly one"));
	assert_int_equal(migsim_dot_write(NULL, stdout), -EINVAL);
	migsim_world_destroy(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_checker_rejects),
		cmocka_unit_test(test_chrome_cut_utf8_name),
		cmocka_unit_test(test_chrome_deferred_split),
		cmocka_unit_test(test_chrome_race),
		cmocka_unit_test(test_chrome_lock_wait),
		cmocka_unit_test(test_chrome_untraced),
		cmocka_unit_test(test_ftrace_leaves_markers_out),
		cmocka_unit_test(test_dot_deferred_split_point),
		cmocka_unit_test(test_dot_at_step),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_stop_parse_and_arm),
	};

	return cmocka_run_group_tests_name("visual", tests, NULL, NULL);
}
