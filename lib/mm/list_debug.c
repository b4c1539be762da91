// SPDX-License-Identifier: MIT
/*
 * KERNEL: lib/list_debug.c (__list_add_valid_or_report,
 * __list_del_entry_valid_or_report) with CONFIG_BUG_ON_DATA_CORRUPTION: a
 * corrupt list operation ends the run with a list-corruption report that
 * names the caller's file and line (captured by the list.h macros).
 */
#include <linux/list.h>
#include "world.h"

static const char *list_ptr_name(const struct list_head *p, char *buf, size_t len)
{
	if (!p)
		return "NULL";
	if (p == LIST_POISON1)
		return "LIST_POISON1";
	if (p == LIST_POISON2)
		return "LIST_POISON2";
	if (list_ptr_bad(p))
		snprintf(buf, len, "not a pointer");	/* nor print a host address */
	else
		snprintf(buf, len, "a list entry");	/* never print a host address */
	return buf;
}

bool __list_add_valid_or_report(struct list_head *new, struct list_head *prev,
				struct list_head *next, const char *file, int line)
{
	char b[32];

	if (list_ptr_bad(prev))
		sim_raise(SIM_LIST_CORRUPTION, "__list_add_valid_or_report", file, line, NULL,
			  "list_add corruption. prev is %s", list_ptr_name(prev, b, sizeof(b)));
	else if (list_ptr_bad(next))
		sim_raise(SIM_LIST_CORRUPTION, "__list_add_valid_or_report", file, line, NULL,
			  "list_add corruption. next is %s", list_ptr_name(next, b, sizeof(b)));
	else if (next->prev != prev)
		sim_raise(SIM_LIST_CORRUPTION, "__list_add_valid_or_report", file, line, NULL,
			  "list_add corruption. next->prev should be prev, but was another "
			  "entry");
	else if (prev->next != next)
		sim_raise(SIM_LIST_CORRUPTION, "__list_add_valid_or_report", file, line, NULL,
			  "list_add corruption. prev->next should be next, but was another "
			  "entry");
	else if (new == prev || new == next)
		sim_raise(SIM_LIST_CORRUPTION, "__list_add_valid_or_report", file, line, NULL,
			  "list_add double add: new is the %s entry", new == prev ? "prev" :
			  "next");
	else
		return true;
	return false;
}

bool __list_del_entry_valid_or_report(struct list_head *entry, const char *file, int line)
{
	struct list_head *prev = entry->prev, *next = entry->next;
	char b[32];

	if (next == LIST_POISON1)
		sim_raise(SIM_LIST_CORRUPTION, "__list_del_entry_valid_or_report", file, line,
			  NULL, "list_del corruption, the entry's next is LIST_POISON1 "
			  "(deleted twice?)");
	else if (prev == LIST_POISON2)
		sim_raise(SIM_LIST_CORRUPTION, "__list_del_entry_valid_or_report", file, line,
			  NULL, "list_del corruption, the entry's prev is LIST_POISON2 "
			  "(deleted twice?)");
	else if (list_ptr_bad(next) || list_ptr_bad(prev))
		sim_raise(SIM_LIST_CORRUPTION, "__list_del_entry_valid_or_report", file, line,
			  NULL, "list_del corruption, the entry's %s is %s",
			  list_ptr_bad(next) ? "next" : "prev",
			  list_ptr_name(list_ptr_bad(next) ? next : prev, b, sizeof(b)));
	else if (prev->next != entry)
		sim_raise(SIM_LIST_CORRUPTION, "__list_del_entry_valid_or_report", file, line,
			  NULL, "list_del corruption. prev->next should be the entry, but was "
			  "another entry");
	else if (next->prev != entry)
		sim_raise(SIM_LIST_CORRUPTION, "__list_del_entry_valid_or_report", file, line,
			  NULL, "list_del corruption. next->prev should be the entry, but was "
			  "another entry");
	else
		return true;
	return false;
}
