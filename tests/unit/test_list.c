// SPDX-License-Identifier: MIT
/*
 * Unit tests of the list stand-in (lib/include/linux/list.h, with the
 * CONFIG_DEBUG_LIST reporters of lib/mm/list_debug.c): the primitives, the
 * list_for_each_entry_safe() walk and the seed bug it hides (seeds/004), and
 * the corruption reports, which must name the caller's file and line.
 *
 * The primitives need no world.  Each corruption test boots its own world
 * (a report crashes it) and runs the offending operation through SIM_RUN
 * inside a small helper, so the report's longjmp lands in the test.
 */
#include <errno.h>
#include <string.h>

#include "harness.h"
#include <linux/list.h>

/* A list member with something to recognise it by. */
struct item {
	int id;
	bool split;		/* the walk has split this one already */
	struct list_head lru;
};

/* Compare @nr ids in @got with @want, failing at the caller's line. */
static void check_ids(const int *got, size_t nr, const int *want, size_t n,
		      const char *file, int line)
{
	size_t i;

	_assert_int_equal(nr, n, file, line);
	for (i = 0; i < n; i++)
		_assert_int_equal(got[i], want[i], file, line);
}

/*
 * The ids on @head, walking next from the head and then prev from the head,
 * must both be @want (the second reversed), and every link must be mutual.
 * The walks stop after n + 1 steps, so a broken list fails instead of
 * spinning.
 */
static void check_list(const struct list_head *head, const int *want, size_t n,
		       const char *file, int line)
{
	const struct list_head *p;
	int got[64];
	size_t i;

	_assert_true(n < ARRAY_SIZE(got), "n < 64", file, line);
	i = 0;
	for (p = head->next; p != head && i <= n; p = p->next) {
		_assert_true(p->next->prev == p, "p->next->prev == p", file, line);
		got[i++] = list_entry(p, struct item, lru)->id;
	}
	check_ids(got, i, want, n, file, line);
	i = 0;
	for (p = head->prev; p != head && i <= n; p = p->prev) {
		_assert_true(p->prev->next == p, "p->prev->next == p", file, line);
		got[i++] = list_entry(p, struct item, lru)->id;
	}
	_assert_int_equal(i, n, file, line);
	for (i = 0; i < n; i++)
		_assert_int_equal(got[i], want[n - 1 - i], file, line);
	_assert_int_equal(list_count_nodes(head), n, file, line);
}

#define INTS(...)	((const int[]){ __VA_ARGS__ })
#define NR_INTS(...)	(sizeof(INTS(__VA_ARGS__)) / sizeof(int))

/* assert_list(&head, 1, 2, 3): the list holds exactly these ids, in order. */
#define assert_list(head, ...) \
	check_list((head), INTS(__VA_ARGS__), NR_INTS(__VA_ARGS__), __FILE__, __LINE__)

/* assert_ids(visits, nr, 1, 2, 3): the recorded ids are exactly these. */
#define assert_ids(got, nr, ...) \
	check_ids((got), (nr), INTS(__VA_ARGS__), NR_INTS(__VA_ARGS__), __FILE__, __LINE__)

static void items_init(struct item *it, size_t n, int first_id)
{
	size_t i;

	memset(it, 0, n * sizeof(*it));
	for (i = 0; i < n; i++)
		it[i].id = first_id + (int)i;
}

static void add_tail_all(struct item *it, size_t n, struct list_head *head)
{
	size_t i;

	for (i = 0; i < n; i++)
		list_add_tail(&it[i].lru, head);
}

/* ------------------------------------------------------------------ */
/* Primitives                                                          */
/* ------------------------------------------------------------------ */

static void test_init_empty_singular_last_count(void **state)
{
	LIST_HEAD(head);
	struct list_head other;
	struct item it[2];

	(void)state;
	items_init(it, 2, 1);

	/* head: [] */
	assert_ptr_equal(head.next, &head);
	assert_ptr_equal(head.prev, &head);
	assert_true(list_empty(&head));
	assert_false(list_is_singular(&head));
	assert_int_equal(list_count_nodes(&head), 0);

	other.next = other.prev = NULL;
	INIT_LIST_HEAD(&other);
	assert_ptr_equal(other.next, &other);
	assert_ptr_equal(other.prev, &other);
	assert_true(list_empty(&other));

	/* head: [1] */
	list_add_tail(&it[0].lru, &head);
	assert_false(list_empty(&head));
	assert_true(list_is_singular(&head));
	assert_true(list_is_last(&it[0].lru, &head));
	assert_int_equal(list_count_nodes(&head), 1);

	/* head: [1 2] */
	list_add_tail(&it[1].lru, &head);
	assert_false(list_empty(&head));
	assert_false(list_is_singular(&head));
	assert_false(list_is_last(&it[0].lru, &head));
	assert_true(list_is_last(&it[1].lru, &head));
	assert_int_equal(list_count_nodes(&head), 2);
	assert_ptr_equal(list_first_entry(&head, struct item, lru), &it[0]);
	assert_ptr_equal(list_last_entry(&head, struct item, lru), &it[1]);
}

static void test_list_add_is_stack_order(void **state)
{
	LIST_HEAD(head);
	struct item it[3];
	int i;

	(void)state;
	items_init(it, 3, 1);
	/* add 1, 2, 3 at the front  ->  head: [3 2 1] */
	for (i = 0; i < 3; i++)
		list_add(&it[i].lru, &head);
	assert_list(&head, 3, 2, 1);
	assert_ptr_equal(head.next, &it[2].lru);
	assert_ptr_equal(head.prev, &it[0].lru);
}

static void test_list_add_tail_is_queue_order(void **state)
{
	LIST_HEAD(head);
	struct item it[3];

	(void)state;
	items_init(it, 3, 1);
	/* add 1, 2, 3 at the tail  ->  head: [1 2 3] */
	add_tail_all(it, 3, &head);
	assert_list(&head, 1, 2, 3);
	assert_ptr_equal(head.next, &it[0].lru);
	assert_ptr_equal(head.prev, &it[2].lru);
}

static void test_list_del_poisons_and_relinks(void **state)
{
	LIST_HEAD(head);
	struct item it[3];

	(void)state;
	items_init(it, 3, 1);
	add_tail_all(it, 3, &head);

	/* head: [1 2 3]  ->  del 2  ->  head: [1 3], 2 poisoned */
	list_del(&it[1].lru);
	assert_list(&head, 1, 3);
	assert_ptr_equal(it[0].lru.next, &it[2].lru);
	assert_ptr_equal(it[2].lru.prev, &it[0].lru);
	assert_ptr_equal(it[1].lru.next, LIST_POISON1);
	assert_ptr_equal(it[1].lru.prev, LIST_POISON2);
	assert_false(list_empty(&it[1].lru));

	/* The last entry: head: [1 3]  ->  del 3  ->  head: [1] */
	list_del(&it[2].lru);
	assert_list(&head, 1);
	assert_ptr_equal(it[2].lru.next, LIST_POISON1);
	assert_ptr_equal(it[2].lru.prev, LIST_POISON2);
}

static void test_list_del_init_reinitialises(void **state)
{
	LIST_HEAD(head);
	struct item it[3];

	(void)state;
	items_init(it, 3, 1);
	add_tail_all(it, 3, &head);

	/* head: [1 2 3]  ->  del_init 2  ->  head: [1 3], 2: [] */
	list_del_init(&it[1].lru);
	assert_list(&head, 1, 3);
	assert_true(list_empty(&it[1].lru));
	assert_ptr_equal(it[1].lru.next, &it[1].lru);
	assert_ptr_equal(it[1].lru.prev, &it[1].lru);

	/* A self-linked entry passes the check, so a second del_init is harmless. */
	list_del_init(&it[1].lru);
	assert_true(list_empty(&it[1].lru));
	assert_list(&head, 1, 3);
}

static void test_list_move_between_lists(void **state)
{
	LIST_HEAD(a);
	LIST_HEAD(b);
	struct item it[4];

	(void)state;
	items_init(it, 4, 1);
	add_tail_all(it, 2, &a);
	add_tail_all(it + 2, 2, &b);

	/* a: [1 2]  b: [3 4]  ->  move 2 to b's front  ->  a: [1]  b: [2 3 4] */
	list_move(&it[1].lru, &b);
	assert_list(&a, 1);
	assert_list(&b, 2, 3, 4);

	/* a: [1]  b: [2 3 4]  ->  move_tail 1 to b  ->  a: []  b: [2 3 4 1] */
	list_move_tail(&it[0].lru, &b);
	assert_true(list_empty(&a));
	assert_list(&b, 2, 3, 4, 1);

	/* b: [2 3 4 1]  ->  move_tail 3 to a  ->  a: [3]  b: [2 4 1] */
	list_move_tail(&it[2].lru, &a);
	assert_list(&a, 3);
	assert_list(&b, 2, 4, 1);
}

static void test_list_move_within_one_list(void **state)
{
	LIST_HEAD(head);
	struct item it[4];

	(void)state;
	items_init(it, 4, 1);
	add_tail_all(it, 4, &head);

	/* [1 2 3 4]  ->  move 3 to front  ->  [3 1 2 4] */
	list_move(&it[2].lru, &head);
	assert_list(&head, 3, 1, 2, 4);
	/* [3 1 2 4]  ->  move_tail 3  ->  [1 2 4 3] */
	list_move_tail(&it[2].lru, &head);
	assert_list(&head, 1, 2, 4, 3);
	/* Moving the first entry to the front, or the last to the tail: no change. */
	list_move(&it[0].lru, &head);
	assert_list(&head, 1, 2, 4, 3);
	list_move_tail(&it[2].lru, &head);
	assert_list(&head, 1, 2, 4, 3);
	/* [1 2 4 3]  ->  move 2 after 4 (4 as the head of the insertion)  ->  [1 4 2 3] */
	list_move(&it[1].lru, &it[3].lru);
	assert_list(&head, 1, 4, 2, 3);
}

static void test_list_splice_leaves_source_stale(void **state)
{
	LIST_HEAD(src);
	LIST_HEAD(dst);
	struct item it[4];

	(void)state;
	items_init(it, 4, 1);
	add_tail_all(it, 2, &src);
	add_tail_all(it + 2, 2, &dst);

	/* src: [1 2]  dst: [3 4]  ->  splice  ->  dst: [1 2 3 4], src stale */
	list_splice(&src, &dst);
	assert_list(&dst, 1, 2, 3, 4);
	assert_ptr_equal(src.next, &it[0].lru);
	assert_ptr_equal(src.prev, &it[1].lru);
	assert_false(list_empty(&src));
	/* ...and nothing in dst points back at src any more. */
	assert_ptr_equal(it[0].lru.prev, &dst);
	assert_ptr_equal(it[1].lru.next, &it[2].lru);

	/* dst: [1 2 3 4] -> take 1 2 back out to src2, then splice_tail onto dst */
	{
		LIST_HEAD(src2);

		list_move_tail(&it[0].lru, &src2);
		list_move_tail(&it[1].lru, &src2);
		assert_list(&dst, 3, 4);
		/* src2: [1 2]  dst: [3 4]  ->  splice_tail  ->  dst: [3 4 1 2] */
		list_splice_tail(&src2, &dst);
		assert_list(&dst, 3, 4, 1, 2);
		assert_ptr_equal(src2.next, &it[0].lru);
		assert_ptr_equal(src2.prev, &it[1].lru);
		assert_ptr_equal(it[1].lru.next, &dst);
	}
}

static void test_list_splice_init_variants_empty_the_source(void **state)
{
	LIST_HEAD(src);
	LIST_HEAD(dst);
	struct item it[6];

	(void)state;
	items_init(it, 6, 1);
	add_tail_all(it, 2, &src);
	add_tail_all(it + 2, 2, &dst);

	/* src: [1 2]  dst: [3 4]  ->  splice_init  ->  src: []  dst: [1 2 3 4] */
	list_splice_init(&src, &dst);
	assert_true(list_empty(&src));
	assert_ptr_equal(src.prev, &src);
	assert_list(&dst, 1, 2, 3, 4);

	/* src: [5 6]  ->  splice_tail_init  ->  src: []  dst: [1 2 3 4 5 6] */
	add_tail_all(it + 4, 2, &src);
	list_splice_tail_init(&src, &dst);
	assert_true(list_empty(&src));
	assert_ptr_equal(src.prev, &src);
	assert_list(&dst, 1, 2, 3, 4, 5, 6);
}

static void test_list_splice_of_empty_list_is_noop(void **state)
{
	LIST_HEAD(src);
	LIST_HEAD(dst);
	struct item it[2];

	(void)state;
	items_init(it, 2, 1);
	add_tail_all(it, 2, &dst);

	/* src: []  dst: [1 2]  ->  any splice  ->  unchanged */
	list_splice(&src, &dst);
	assert_list(&dst, 1, 2);
	list_splice_tail(&src, &dst);
	assert_list(&dst, 1, 2);
	list_splice_init(&src, &dst);
	assert_list(&dst, 1, 2);
	list_splice_tail_init(&src, &dst);
	assert_list(&dst, 1, 2);
	assert_true(list_empty(&src));
	assert_ptr_equal(src.prev, &src);

	/* Into an empty list too. */
	INIT_LIST_HEAD(&dst);
	list_splice(&src, &dst);
	assert_true(list_empty(&dst));
	assert_ptr_equal(dst.prev, &dst);
}

static void test_list_cut_before(void **state)
{
	LIST_HEAD(head);
	struct list_head cut;
	struct item it[4];

	(void)state;
	items_init(it, 4, 1);
	add_tail_all(it, 4, &head);

	/* entry == head->next: head: [1 2 3 4]  ->  cut: [], head unchanged */
	cut.next = cut.prev = NULL;	/* overwritten, never read */
	list_cut_before(&cut, &head, &it[0].lru);
	assert_true(list_empty(&cut));
	assert_ptr_equal(cut.prev, &cut);
	assert_list(&head, 1, 2, 3, 4);

	/* middle: head: [1 2 3 4], entry 3  ->  cut: [1 2]  head: [3 4] */
	cut.next = cut.prev = NULL;
	list_cut_before(&cut, &head, &it[2].lru);
	assert_list(&cut, 1, 2);
	assert_list(&head, 3, 4);

	/* entry == head: head: [3 4]  ->  cut: [3 4]  head: [] */
	cut.next = cut.prev = NULL;
	list_cut_before(&cut, &head, &head);
	assert_list(&cut, 3, 4);
	assert_true(list_empty(&head));
	assert_ptr_equal(head.prev, &head);
}

/* ------------------------------------------------------------------ */
/* list_for_each_entry_safe() and the seed bug                         */
/* ------------------------------------------------------------------ */

static void test_safe_walk_deleting_pos_visits_everything(void **state)
{
	LIST_HEAD(head);
	struct item it[5], *pos, *n;
	int visits[8];
	size_t nr = 0;

	(void)state;
	items_init(it, 5, 1);
	add_tail_all(it, 5, &head);

	/* [1 2 3 4 5], delete the even ones as they come  ->  [1 3 5] */
	list_for_each_entry_safe(pos, n, &head, lru) {
		visits[nr++] = pos->id;
		if (pos->id % 2 == 0)
			list_del(&pos->lru);
	}
	assert_ids(visits, nr, 1, 2, 3, 4, 5);
	assert_list(&head, 1, 3, 5);

	/* [1 3 5], delete every one  ->  [] */
	nr = 0;
	list_for_each_entry_safe(pos, n, &head, lru) {
		visits[nr++] = pos->id;
		list_del_init(&pos->lru);
	}
	assert_ids(visits, nr, 1, 3, 5);
	assert_true(list_empty(&head));
}

/*
 * The split as try_split_folio() did it in the seed patch (seeds/004): the
 * pieces are appended to @list with list_add_tail(), then the folio itself
 * is moved behind them with list_move_tail().
 */
static void split_then_move_tail(struct item *t, struct item *pieces, size_t n,
				 struct list_head *list)
{
	add_tail_all(pieces, n, list);
	list_move_tail(&t->lru, list);
	t->split = true;
}

/* The split as the 2018 design did it: pieces appended, the folio stays put. */
static void split_in_place(struct item *t, struct item *pieces, size_t n,
			   struct list_head *list)
{
	add_tail_all(pieces, n, list);
	t->split = true;
}

enum { T_ID = 100, X_ID = 200 };

/*
 * THE SEED BUG.  T is the only (so the last) entry of the list being walked:
 *
 *   from: [T]  ->  split into from  ->  from: [p1 p2 p3 T]
 *                  (walk already cached n = head: visits only T)
 *
 * The body runs once; the three pieces end up on from, never visited.  In
 * migrate_pages_batch() that left them on from unmigrated and uncounted.
 */
static void test_seed_bug_split_of_last_entry_is_never_visited(void **state)
{
	LIST_HEAD(from);
	struct item t, p[3], *pos, *n;
	int visits[8];
	size_t nr = 0;

	(void)state;
	items_init(&t, 1, T_ID);
	items_init(p, 3, 1);
	list_add_tail(&t.lru, &from);

	list_for_each_entry_safe(pos, n, &from, lru) {
		visits[nr++] = pos->id;
		if (pos == &t && !t.split)
			split_then_move_tail(&t, p, 3, &from);
	}
	assert_ids(visits, nr, T_ID);		/* the body ran exactly once */
	assert_list(&from, 1, 2, 3, T_ID);	/* the pieces are on from */
}

/*
 * The same split with T not last:
 *
 *   from: [T X]  ->  split into from  ->  from: [X p1 p2 p3 T]
 *                    (n = X was cached: the walk goes on through the pieces,
 *                     and T, moved to the tail, comes round again)
 *
 * So the bug needs T to be the last entry.
 */
static void test_split_of_non_last_entry_visits_the_pieces(void **state)
{
	LIST_HEAD(from);
	struct item t, x, p[3], *pos, *n;
	int visits[8];
	size_t nr = 0;

	(void)state;
	items_init(&t, 1, T_ID);
	items_init(&x, 1, X_ID);
	items_init(p, 3, 1);
	list_add_tail(&t.lru, &from);
	list_add_tail(&x.lru, &from);

	list_for_each_entry_safe(pos, n, &from, lru) {
		visits[nr++] = pos->id;
		if (pos == &t && !t.split)
			split_then_move_tail(&t, p, 3, &from);
	}
	assert_ids(visits, nr, T_ID, X_ID, 1, 2, 3, T_ID);
	assert_list(&from, X_ID, 1, 2, 3, T_ID);
}

/*
 * The 2018 design ("mm: unclutter THP migration"): split into from with the
 * head left in place, then list_safe_reset_next() to re-read n from pos:
 *
 *   from: [T]  ->  split in place  ->  from: [T p1 p2 p3]
 *                  (reset: n = T->next = p1, so the walk reaches the pieces)
 */
static void test_safe_reset_next_reaches_pieces_2018_design(void **state)
{
	LIST_HEAD(from);
	struct item t, p[3], *pos, *n;
	int visits[8];
	size_t nr = 0;

	(void)state;
	items_init(&t, 1, T_ID);
	items_init(p, 3, 1);
	list_add_tail(&t.lru, &from);

	list_for_each_entry_safe(pos, n, &from, lru) {
		visits[nr++] = pos->id;
		if (pos == &t && !t.split) {
			split_in_place(&t, p, 3, &from);
			assert_true(list_entry_is_head(n, &from, lru));	/* stale */
			list_safe_reset_next(pos, n, lru);
			assert_ptr_equal(n, &p[0]);
		}
	}
	assert_ids(visits, nr, T_ID, 1, 2, 3);
	assert_list(&from, T_ID, 1, 2, 3);
}

/*
 * ...but a reset alone does not rescue the seed patch's shape: once T has
 * been moved behind the pieces, T->next is the head again.
 *
 *   from: [T]  ->  split, move T last  ->  from: [p1 p2 p3 T]
 *                  (reset: n = T->next = head: still visits only T)
 */
static void test_safe_reset_next_after_move_tail_still_misses(void **state)
{
	LIST_HEAD(from);
	struct item t, p[3], *pos, *n;
	int visits[8];
	size_t nr = 0;

	(void)state;
	items_init(&t, 1, T_ID);
	items_init(p, 3, 1);
	list_add_tail(&t.lru, &from);

	list_for_each_entry_safe(pos, n, &from, lru) {
		visits[nr++] = pos->id;
		if (pos == &t && !t.split) {
			split_then_move_tail(&t, p, 3, &from);
			list_safe_reset_next(pos, n, lru);
		}
	}
	assert_ids(visits, nr, T_ID);
	assert_list(&from, 1, 2, 3, T_ID);
}

/* ------------------------------------------------------------------ */
/* Corruption reports                                                  */
/* ------------------------------------------------------------------ */

/*
 * The line of the last offending call.  Written before the call on the same
 * source line, read after the report's longjmp: volatile, and not a local
 * of the function that called setjmp.
 */
static volatile int op_line;

/* Record the line, then run @op on that same line. */
#define AT_LINE(op) do { op_line = __LINE__; op; } while (0)

static int del_entry(struct list_head *entry)
{
	AT_LINE(list_del(entry));
	return 0;
}

static int add_front(struct list_head *new, struct list_head *head)
{
	AT_LINE(list_add(new, head));
	return 0;
}

static int add_back(struct list_head *new, struct list_head *head)
{
	AT_LINE(list_add_tail(new, head));
	return 0;
}

static struct world *boot(void)
{
	struct world *w = harness_world("6.12", 1, 64);

	assert_non_null(w);
	assert_false(w->crashed);
	return w;
}

/* The report names this file and the offending call's line, not list.h. */
#define assert_report_names_caller(w) do {				\
	static const char __want[] = "tests/unit/test_list.c";		\
	size_t __len = strlen((w)->report.file);			\
									\
	if (__len < sizeof(__want) - 1 ||				\
	    strcmp((w)->report.file + __len - (sizeof(__want) - 1), __want)) \
		fail_msg("report names %s:%d, not %s", (w)->report.file,	\
			 (w)->report.line, __want);			\
	assert_int_equal((w)->report.line, op_line);			\
} while (0)

static void test_double_list_del_reports_caller(void **state)
{
	struct world *w = boot();
	LIST_HEAD(head);
	struct item it[2];

	(void)state;
	items_init(it, 2, 1);
	add_tail_all(it, 2, &head);

	/* head: [1 2]  ->  del 1  ->  head: [2], 1 poisoned  ->  del 1 again */
	assert_int_equal(SIM_RUN(w, del_entry(&it[0].lru)), 0);
	assert_no_report(w);
	assert_int_equal(SIM_RUN(w, del_entry(&it[0].lru)), -ENOTRECOVERABLE);
	assert_report(w, SIM_LIST_CORRUPTION, "LIST_POISON1");
	assert_report(w, SIM_LIST_CORRUPTION, "deleted twice");
	assert_string_equal(w->report.function, "__list_del_entry_valid_or_report");
	assert_report_names_caller(w);
	/* Nothing was unlinked a second time. */
	assert_list(&head, 2);
	assert_ptr_equal(it[0].lru.next, LIST_POISON1);
	assert_ptr_equal(it[0].lru.prev, LIST_POISON2);
	harness_world_free(w);
}

static void test_double_list_add_reports_caller(void **state)
{
	struct world *w = boot();
	LIST_HEAD(head);
	struct item it[2];

	(void)state;
	items_init(it, 2, 1);
	add_tail_all(it, 2, &head);

	/* head: [1 2]  ->  list_add 1 at the front, where it already is */
	assert_int_equal(SIM_RUN(w, add_front(&it[0].lru, &head)), -ENOTRECOVERABLE);
	assert_report(w, SIM_LIST_CORRUPTION, "list_add double add: new is the next entry");
	assert_string_equal(w->report.function, "__list_add_valid_or_report");
	assert_report_names_caller(w);
	assert_list(&head, 1, 2);	/* skipped: unchanged */
	harness_world_free(w);
}

static void test_double_list_add_tail_reports_caller(void **state)
{
	struct world *w = boot();
	LIST_HEAD(head);
	struct item it[2];

	(void)state;
	items_init(it, 2, 1);
	add_tail_all(it, 2, &head);

	/* head: [1 2]  ->  list_add_tail 2, already the last entry */
	assert_int_equal(SIM_RUN(w, add_back(&it[1].lru, &head)), -ENOTRECOVERABLE);
	assert_report(w, SIM_LIST_CORRUPTION, "list_add double add: new is the prev entry");
	assert_report_names_caller(w);
	assert_list(&head, 1, 2);
	harness_world_free(w);
}

static void test_list_add_after_corrupt_neighbour_reports_caller(void **state)
{
	struct world *w = boot();
	LIST_HEAD(head);
	struct item it[2], new;

	(void)state;
	items_init(it, 2, 1);
	items_init(&new, 1, 9);
	add_tail_all(it, 2, &head);
	INIT_LIST_HEAD(&new.lru);

	/*
	 * head: [1 2] with 2.prev pointing at head, not at 1:
	 *
	 *   head <-> 1 -> 2 <-> head
	 *   head <------- 2          (2.prev wrong)
	 *
	 * list_add(new, 1) would link new between 1 and 2.
	 */
	it[1].lru.prev = &head;
	assert_int_equal(SIM_RUN(w, add_front(&new.lru, &it[0].lru)), -ENOTRECOVERABLE);
	assert_report(w, SIM_LIST_CORRUPTION,
		      "list_add corruption. next->prev should be prev, but was another entry");
	assert_report_names_caller(w);
	/* Skipped: every pointer as it was, new untouched. */
	assert_ptr_equal(head.next, &it[0].lru);
	assert_ptr_equal(head.prev, &it[1].lru);
	assert_ptr_equal(it[0].lru.prev, &head);
	assert_ptr_equal(it[0].lru.next, &it[1].lru);
	assert_ptr_equal(it[1].lru.prev, &head);
	assert_ptr_equal(it[1].lru.next, &head);
	assert_true(list_empty(&new.lru));
	assert_ptr_equal(new.lru.prev, &new.lru);
	harness_world_free(w);
}

static void test_list_del_of_null_entry_reports_caller(void **state)
{
	struct world *w = boot();
	struct item e;

	(void)state;
	items_init(&e, 1, 1);
	/* e: next = prev = NULL (never added, never initialised) */
	e.lru.next = e.lru.prev = NULL;
	assert_int_equal(SIM_RUN(w, del_entry(&e.lru)), -ENOTRECOVERABLE);
	assert_report(w, SIM_LIST_CORRUPTION, "list_del corruption, the entry's next is NULL");
	assert_report_names_caller(w);
	/*
	 * No poison here: the report longjmps out of list_del() before the
	 * poisoning, as BUG() under CONFIG_BUG_ON_DATA_CORRUPTION would.  The
	 * two tests below show the poisoning where the reporter returns.
	 */
	harness_world_free(w);
}

/*
 * Outside SIM_RUN there is no entry to unwind to: the reporter records the
 * report, marks the world crashed and returns false, as the kernel's does
 * without CONFIG_BUG_ON_DATA_CORRUPTION.  Only here is "the operation is
 * skipped" observable: the unlink (or link) is not done, and list_del()
 * poisons anyway.
 */
static void test_list_del_poisons_when_null_check_refuses(void **state)
{
	struct world *w = boot();
	struct item e;

	(void)state;
	assert_null(w->entry);
	items_init(&e, 1, 1);
	e.lru.next = e.lru.prev = NULL;
	AT_LINE(list_del(&e.lru));
	assert_report(w, SIM_LIST_CORRUPTION, "list_del corruption, the entry's next is NULL");
	assert_report_names_caller(w);
	assert_ptr_equal(e.lru.next, LIST_POISON1);
	assert_ptr_equal(e.lru.prev, LIST_POISON2);
	harness_world_free(w);
}

static void test_list_del_poisons_when_neighbour_check_refuses(void **state)
{
	struct world *w = boot();
	LIST_HEAD(head);
	struct item it[3];

	(void)state;
	assert_null(w->entry);
	items_init(it, 3, 1);
	add_tail_all(it, 3, &head);

	/*
	 * head: [1 2 3] with 1.next skipping 2:
	 *
	 *   head <-> 1 ------> 3 <-> head
	 *            1 <- 2 <-> 3            (2 still thinks it sits between)
	 */
	it[0].lru.next = &it[2].lru;
	AT_LINE(list_del(&it[1].lru));
	assert_report(w, SIM_LIST_CORRUPTION,
		      "list_del corruption. prev->next should be the entry, but was another entry");
	assert_report_names_caller(w);
	/* The unlink was skipped: 3 still points back at 2. */
	assert_ptr_equal(it[0].lru.next, &it[2].lru);
	assert_ptr_equal(it[2].lru.prev, &it[1].lru);
	/* ...but 2 is poisoned. */
	assert_ptr_equal(it[1].lru.next, LIST_POISON1);
	assert_ptr_equal(it[1].lru.prev, LIST_POISON2);
	harness_world_free(w);
}

static void test_list_add_skipped_when_check_refuses(void **state)
{
	struct world *w = boot();
	LIST_HEAD(head);
	struct item it[2], new;

	(void)state;
	assert_null(w->entry);
	items_init(it, 2, 1);
	items_init(&new, 1, 9);
	add_tail_all(it, 2, &head);
	INIT_LIST_HEAD(&new.lru);

	/* As above, 2.prev wrong; the reporter returns, the add must not link. */
	it[1].lru.prev = &head;
	AT_LINE(list_add(&new.lru, &it[0].lru));
	assert_report(w, SIM_LIST_CORRUPTION, "next->prev should be prev");
	assert_report_names_caller(w);
	assert_ptr_equal(it[0].lru.next, &it[1].lru);
	assert_ptr_equal(it[1].lru.prev, &head);
	assert_ptr_equal(new.lru.next, &new.lru);
	assert_ptr_equal(new.lru.prev, &new.lru);
	harness_world_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_empty_singular_last_count),
		cmocka_unit_test(test_list_add_is_stack_order),
		cmocka_unit_test(test_list_add_tail_is_queue_order),
		cmocka_unit_test(test_list_del_poisons_and_relinks),
		cmocka_unit_test(test_list_del_init_reinitialises),
		cmocka_unit_test(test_list_move_between_lists),
		cmocka_unit_test(test_list_move_within_one_list),
		cmocka_unit_test(test_list_splice_leaves_source_stale),
		cmocka_unit_test(test_list_splice_init_variants_empty_the_source),
		cmocka_unit_test(test_list_splice_of_empty_list_is_noop),
		cmocka_unit_test(test_list_cut_before),
		cmocka_unit_test(test_safe_walk_deleting_pos_visits_everything),
		cmocka_unit_test(test_seed_bug_split_of_last_entry_is_never_visited),
		cmocka_unit_test(test_split_of_non_last_entry_visits_the_pieces),
		cmocka_unit_test(test_safe_reset_next_reaches_pieces_2018_design),
		cmocka_unit_test(test_safe_reset_next_after_move_tail_still_misses),
		cmocka_unit_test(test_double_list_del_reports_caller),
		cmocka_unit_test(test_double_list_add_reports_caller),
		cmocka_unit_test(test_double_list_add_tail_reports_caller),
		cmocka_unit_test(test_list_add_after_corrupt_neighbour_reports_caller),
		cmocka_unit_test(test_list_del_of_null_entry_reports_caller),
		cmocka_unit_test(test_list_del_poisons_when_null_check_refuses),
		cmocka_unit_test(test_list_del_poisons_when_neighbour_check_refuses),
		cmocka_unit_test(test_list_add_skipped_when_check_refuses),
	};

	return cmocka_run_group_tests_name("list", tests, NULL, NULL);
}
