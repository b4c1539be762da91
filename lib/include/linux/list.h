/* SPDX-License-Identifier: MIT */
/*
 * Kind: mirrors include/linux/list.h exactly in behaviour, with the
 * CONFIG_DEBUG_LIST checks of lib/list_debug.c always on.
 *
 * Every add and delete is validated as __list_add_valid_or_report() and
 * __list_del_entry_valid_or_report() do, and a corruption ends the run with a
 * list-corruption report naming the *caller's* file and line: the public
 * macros below capture __FILE__/__LINE__ at the call site.  (Where the
 * reporter returns instead, outside any run, the corrupt operation is
 * skipped as the kernel skips it, and list_del() still poisons.)
 *
 * list_for_each_entry_safe() caches the next entry before the body runs.
 * That is the whole of the seed bug (seeds/004): a split that appends its
 * pieces to the list being walked is not seen when the folio being split was
 * the last entry, because the cached next is already the head.
 */
#ifndef MIGSIM_LINUX_LIST_H
#define MIGSIM_LINUX_LIST_H

#include <linux/compiler.h>
#include <linux/poison.h>

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

/* Reporters (lib/mm/list_debug.c).  They record a report and end the run;
 * they return false only when the world is configured to continue. */
bool __list_add_valid_or_report(struct list_head *new, struct list_head *prev,
				struct list_head *next, const char *file, int line);
bool __list_del_entry_valid_or_report(struct list_head *entry,
				      const char *file, int line);

/*
 * The inline part of CONFIG_LIST_HARDENED: only call the reporter on a
 * mismatch.  Before following prev and next, both must be pointers the
 * host can follow: not NULL, not a poison value (0xdead...), nothing with
 * the top byte set.  One subtract-or-shift tests both: p - 1 wraps NULL to
 * all ones, and a poison value or any other non-user address keeps high
 * bits (user addresses stay below 1 << 56 even with 5-level paging).
 */
static __always_inline bool list_ptrs_ok(const struct list_head *a, const struct list_head *b)
{
	return !((((unsigned long)a - 1) | ((unsigned long)b - 1)) >> 56);
}

/* A pointer the host must not follow. */
static __always_inline bool list_ptr_bad(const struct list_head *p)
{
	return !list_ptrs_ok(p, p);
}

/*
 * Every add is at a list head, between it and one neighbour it names: one
 * of @prev and @next is the head, and the caller has already followed it
 * to find the other (head->next or head->prev).  A head the host could not
 * follow would have faulted there, so only the neighbour, @loaded, can
 * still be a bad pointer; the reporter checks both, in the usual order.
 */
static __always_inline bool __list_add_valid(struct list_head *new,
					     struct list_head *prev,
					     struct list_head *next,
					     struct list_head *loaded,
					     const char *file, int line)
{
	if (likely(!list_ptr_bad(loaded) &&
		   next->prev == prev && prev->next == next &&
		   new != prev && new != next))
		return true;
	return __list_add_valid_or_report(new, prev, next, file, line);
}

/* The same test with no report, for a fast path that leaves a list it
 * would find corrupt to a path that reports. */
static __always_inline bool list_add_ok(const struct list_head *new,
					const struct list_head *prev,
					const struct list_head *next,
					const struct list_head *loaded)
{
	return !list_ptr_bad(loaded) && next->prev == prev && prev->next == next &&
	       new != prev && new != next;
}

static __always_inline bool __list_del_entry_valid(struct list_head *entry,
						   const char *file, int line)
{
	struct list_head *prev = entry->prev, *next = entry->next;

	if (likely(list_ptrs_ok(prev, next) &&
		   prev->next == entry && next->prev == entry))
		return true;
	return __list_del_entry_valid_or_report(entry, file, line);
}

/* The same test with no report (see list_add_ok()). */
static __always_inline bool list_del_entry_ok(const struct list_head *entry)
{
	struct list_head *prev = entry->prev, *next = entry->next;

	return list_ptrs_ok(prev, next) && prev->next == entry && next->prev == entry;
}

static __always_inline void __list_add_at(struct list_head *new,
					  struct list_head *prev,
					  struct list_head *next,
					  struct list_head *loaded,
					  const char *file, int line)
{
	if (!__list_add_valid(new, prev, next, loaded, file, line))
		return;
	next->prev = new;
	new->next = next;
	new->prev = prev;
	prev->next = new;
}

static __always_inline void __list_del(struct list_head *prev, struct list_head *next)
{
	next->prev = prev;
	prev->next = next;
}

static __always_inline void __list_del_entry_at(struct list_head *entry,
						const char *file, int line)
{
	if (!__list_del_entry_valid(entry, file, line))
		return;
	__list_del(entry->prev, entry->next);
}

static __always_inline void __list_del_at(struct list_head *entry,
					  const char *file, int line)
{
	__list_del_entry_at(entry, file, line);
	entry->next = LIST_POISON1;
	entry->prev = LIST_POISON2;
}

static __always_inline void __list_del_init_at(struct list_head *entry,
					       const char *file, int line)
{
	__list_del_entry_at(entry, file, line);
	INIT_LIST_HEAD(entry);
}

static __always_inline void __list_move_at(struct list_head *list, struct list_head *head,
					   const char *file, int line)
{
	struct list_head *next;

	__list_del_entry_at(list, file, line);
	next = head->next;
	__list_add_at(list, head, next, next, file, line);
}

static __always_inline void __list_move_tail_at(struct list_head *list,
						struct list_head *head,
						const char *file, int line)
{
	struct list_head *prev;

	__list_del_entry_at(list, file, line);
	prev = head->prev;
	__list_add_at(list, prev, head, prev, file, line);
}

static __always_inline void __list_add_head_at(struct list_head *new, struct list_head *head,
					       const char *file, int line)
{
	struct list_head *next = head->next;

	__list_add_at(new, head, next, next, file, line);
}

static __always_inline void __list_add_tail_at(struct list_head *new, struct list_head *head,
					       const char *file, int line)
{
	struct list_head *prev = head->prev;

	__list_add_at(new, prev, head, prev, file, line);
}

/* The call-site-capturing API: the names the kernel uses. */
#define list_add(new, head) \
	__list_add_head_at((new), (head), __FILE__, __LINE__)
#define list_add_tail(new, head) \
	__list_add_tail_at((new), (head), __FILE__, __LINE__)
#define list_del(entry)		__list_del_at((entry), __FILE__, __LINE__)
#define list_del_init(entry)	__list_del_init_at((entry), __FILE__, __LINE__)
#define __list_del_entry(entry)	__list_del_entry_at((entry), __FILE__, __LINE__)
#define list_move(list, head)	__list_move_at((list), (head), __FILE__, __LINE__)
#define list_move_tail(list, head) \
	__list_move_tail_at((list), (head), __FILE__, __LINE__)

static inline bool list_empty(const struct list_head *head)
{
	return READ_ONCE(head->next) == head;
}

static inline bool list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && (head->next == head->prev);
}

static inline bool list_is_last(const struct list_head *list,
				const struct list_head *head)
{
	return list->next == head;
}

static inline bool list_is_head(const struct list_head *list,
				const struct list_head *head)
{
	return list == head;
}

static inline void __list_splice(const struct list_head *list,
				 struct list_head *prev, struct list_head *next)
{
	struct list_head *first = list->next;
	struct list_head *last = list->prev;

	first->prev = prev;
	prev->next = first;
	last->next = next;
	next->prev = last;
}

/* Splices are not validated by CONFIG_DEBUG_LIST in the kernel either. */
static inline void list_splice(const struct list_head *list, struct list_head *head)
{
	if (!list_empty(list))
		__list_splice(list, head, head->next);
}

static inline void list_splice_tail(struct list_head *list, struct list_head *head)
{
	if (!list_empty(list))
		__list_splice(list, head->prev, head);
}

static inline void list_splice_init(struct list_head *list, struct list_head *head)
{
	if (!list_empty(list)) {
		__list_splice(list, head, head->next);
		INIT_LIST_HEAD(list);
	}
}

static inline void list_splice_tail_init(struct list_head *list, struct list_head *head)
{
	if (!list_empty(list)) {
		__list_splice(list, head->prev, head);
		INIT_LIST_HEAD(list);
	}
}

/* Move the entries of @head before @entry (not including it) onto @list,
 * overwriting @list.  @entry == @head moves everything. */
static inline void list_cut_before(struct list_head *list, struct list_head *head,
				   struct list_head *entry)
{
	if (head->next == entry) {
		INIT_LIST_HEAD(list);
		return;
	}
	list->next = head->next;
	list->next->prev = list;
	list->prev = entry->prev;
	list->prev->next = list;
	head->next = entry;
	entry->prev = head;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(ptr, type, member) list_entry((ptr)->next, type, member)
#define list_last_entry(ptr, type, member) list_entry((ptr)->prev, type, member)
#define list_next_entry(pos, member) \
	list_entry((pos)->member.next, __typeof__(*(pos)), member)
#define list_prev_entry(pos, member) \
	list_entry((pos)->member.prev, __typeof__(*(pos)), member)
#define list_entry_is_head(pos, head, member) list_is_head(&(pos)->member, (head))

#define list_for_each(pos, head) \
	for (pos = (head)->next; !list_is_head(pos, (head)); pos = pos->next)

#define list_for_each_entry(pos, head, member)				\
	for (pos = list_first_entry(head, __typeof__(*pos), member);	\
	     !list_entry_is_head(pos, head, member);			\
	     pos = list_next_entry(pos, member))

/*
 * @n is computed from @pos before the body runs, every iteration.  Deleting
 * @pos is safe; deleting or moving @n is not; entries added behind @pos when
 * @pos is the last entry are never visited (the walk has already cached the
 * head as @n).
 */
#define list_for_each_entry_safe(pos, n, head, member)			\
	for (pos = list_first_entry(head, __typeof__(*pos), member),	\
	     n = list_next_entry(pos, member);				\
	     !list_entry_is_head(pos, head, member);			\
	     pos = n, n = list_next_entry(n, member))

/* Recompute the cached next after the list changed under the cursor (what
 * the 2018 "unclutter THP migration" code did after splitting into @from). */
#define list_safe_reset_next(pos, n, member) \
	n = list_next_entry(pos, member)

static inline size_t list_count_nodes(const struct list_head *head)
{
	const struct list_head *pos;
	size_t count = 0;

	list_for_each(pos, head)
		count++;
	return count;
}

#endif
