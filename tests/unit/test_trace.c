/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the trace sink (lib/engine/trace.c), the vmstat and debug
 * name tables (lib/mm/vmstat.c, lib/mm/debug.c) and folio_flags_string().
 *
 * No world is booted: each test builds the few world fields the code under
 * test reads (a zeroed struct world, a task, a node) by hand, so a failure
 * points at the sink or the tables and not at world creation.  Links against
 * the internal library, which defines sim_world and the sim_* allocators.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>
#include <linux/migrate.h>
#include <linux/vmstat.h>
#include <trace/events/migrate.h>
#include "debug.h"
#include "trace.h"

struct fixture {
	struct world *w;
	struct task_struct task;
	pg_data_t nodes[2];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->w = calloc(1, sizeof(*f->w));
	if (!f->w) {
		free(f);
		return -1;
	}
	f->w->trace.enabled = true;
	f->w->nr_nodes = 2;
	f->w->node_data[0] = &f->nodes[0];
	f->w->node_data[1] = &f->nodes[1];
	f->task.pid = 42;
	f->task.cpu = 1;
	strcpy(f->task.comm, "migrate");
	sim_world = f->w;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	trace_free(&f->w->trace);
	sim_world = NULL;
	free(f->w);
	free(f);
	return 0;
}

/* The whole ftrace text of the world's buffer, in a malloc'd string. */
static char *ftrace_text(const struct trace_buf *t, int nr_cpus)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	assert_non_null(out);
	assert_int_equal(trace_write_ftrace(t, nr_cpus, out), 0);
	assert_int_equal(fclose(out), 0);
	return text;
}

static void test_mm_migrate_pages_fields(void **state)
{
	struct fixture *f = *state;
	struct trace_buf *t = &f->w->trace;

	current = &f->task;
	__trace_mm_migrate_pages(512, 0, 1, 0, 0, 0, MIGRATE_SYNC, MR_SYSCALL);
	assert_int_equal(t->nr, 1);
	assert_string_equal(t->entries[0].event, "mm_migrate_pages");
	assert_string_equal(t->entries[0].fields,
			    "nr_succeeded=512 nr_failed=0 nr_thp_succeeded=1 nr_thp_failed=0 "
			    "nr_thp_split=0 nr_split=0 mode=MIGRATE_SYNC reason=syscall_or_cpuset");
	assert_int_equal(t->entries[0].pid, 42);
	assert_int_equal(t->entries[0].cpu, 1);
	assert_string_equal(t->entries[0].comm, "migrate");
	assert_int_equal(t->entries[0].ts_ns, 0);
	/* One simulated microsecond per event. */
	assert_int_equal(f->w->clock_ns, 1000);
}

static void test_start_and_pte_events(void **state)
{
	struct fixture *f = *state;
	struct trace_buf *t = &f->w->trace;

	/* No current task: ftrace's name for pid 0. */
	__trace_mm_migrate_pages_start(MIGRATE_ASYNC, MR_NUMA_MISPLACED);
	trace_set_migration_pte(0x7f0000201000UL, 0x3e00000000000UL, 9);
	trace_remove_migration_pte(0x1000UL, 0x8000000123400067UL, 0);

	assert_int_equal(t->nr, 3);
	assert_string_equal(t->entries[0].event, "mm_migrate_pages_start");
	assert_string_equal(t->entries[0].fields, "mode=MIGRATE_ASYNC reason=numa_misplaced");
	assert_string_equal(t->entries[0].comm, "<idle>");
	assert_int_equal(t->entries[0].pid, 0);
	assert_string_equal(t->entries[1].event, "set_migration_pte");
	assert_string_equal(t->entries[1].fields, "addr=7f0000201000, pte=3e00000000000 order=9");
	assert_string_equal(t->entries[2].event, "remove_migration_pte");
	assert_string_equal(t->entries[2].fields, "addr=1000, pte=8000000123400067 order=0");
	assert_true(t->entries[0].ts_ns < t->entries[1].ts_ns);
	assert_true(t->entries[1].ts_ns < t->entries[2].ts_ns);
}

/* __print_symbolic prints a value its table lacks as a number.  The
 * tracepoint's mode table has no MIGRATE_SYNC_NO_COPY entry. */
static void test_symbolic_fallback(void **state)
{
	struct fixture *f = *state;
	struct trace_buf *t = &f->w->trace;

	__trace_mm_migrate_pages_start(MIGRATE_SYNC_NO_COPY, MR_DAMON);
	__trace_mm_migrate_pages_start(7, MR_TYPES);
	assert_string_equal(t->entries[0].fields, "mode=0x3 reason=damon");
	assert_string_equal(t->entries[1].fields, "mode=0x7 reason=0xa");
}

static void test_disabled_records_nothing(void **state)
{
	struct fixture *f = *state;

	f->w->trace.enabled = false;
	trace_mm_migrate_pages(1, 0, 0, 0, 0, 0, MIGRATE_ASYNC, MR_COMPACTION);
	trace_record("sim_event", "x=%d", 1);
	assert_int_equal(f->w->trace.nr, 0);
	assert_int_equal(f->w->clock_ns, 0);
}

static void test_buffer_grows(void **state)
{
	struct fixture *f = *state;
	struct trace_buf *t = &f->w->trace;
	char big[400];
	int i;

	for (i = 0; i < 200; i++)
		trace_record("sim_event", "i=%d", i);
	/* Longer than the sink's stack buffer. */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	trace_record("sim_event", "%s", big);
	assert_int_equal(t->nr, 201);
	assert_string_equal(t->entries[199].fields, "i=199");
	assert_string_equal(t->entries[200].fields, big);
	assert_int_equal(t->entries[200].ts_ns, 200 * 1000);
}

static void test_ftrace_text(void **state)
{
	struct fixture *f = *state;
	char *text;

	current = &f->task;
	__trace_mm_migrate_pages_start(MIGRATE_SYNC, MR_SYSCALL);
	__trace_mm_migrate_pages(512, 0, 1, 0, 0, 0, MIGRATE_SYNC, MR_SYSCALL);
	f->w->clock_ns = 12345678901000ULL;
	current = NULL;
	__trace_mm_migrate_pages_start(MIGRATE_ASYNC, MR_COMPACTION);

	text = ftrace_text(&f->w->trace, 4);
	assert_non_null(strstr(text, "# tracer: nop\n#\n"
				     "# entries-in-buffer/entries-written: 3/3   #P:4\n#\n"));
	assert_non_null(strstr(text, "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
				     "#              | |         |   |||||     |         |\n"));
	assert_non_null(strstr(text,
		"\n         migrate-42      [001] .....     0.000000: mm_migrate_pages_start: "
		"mode=MIGRATE_SYNC reason=syscall_or_cpuset\n"));
	assert_non_null(strstr(text,
		"\n         migrate-42      [001] .....     0.000001: mm_migrate_pages: "
		"nr_succeeded=512 nr_failed=0 nr_thp_succeeded=1 nr_thp_failed=0 nr_thp_split=0 "
		"nr_split=0 mode=MIGRATE_SYNC reason=syscall_or_cpuset\n"));
	/* Seconds widen past five digits rather than being cut. */
	assert_non_null(strstr(text,
		"\n          <idle>-0       [000] ..... 12345.678901: mm_migrate_pages_start: "
		"mode=MIGRATE_ASYNC reason=compaction\n"));
	free(text);
}

static void test_ftrace_empty(void **state)
{
	struct fixture *f = *state;
	char *text = ftrace_text(&f->w->trace, 2);

	assert_non_null(strstr(text, "# entries-in-buffer/entries-written: 0/0   #P:2\n"));
	free(text);
}

static void test_name_tables_complete(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NR_VM_EVENT_ITEMS; i++)
		assert_non_null(vm_event_names[i]);
	for (i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
		assert_non_null(node_stat_names[i]);
	for (i = 0; i < MR_TYPES; i++)
		assert_non_null(migrate_reason_names[i]);
	for (i = 0; i < ARRAY_SIZE(migrate_mode_names); i++)
		assert_non_null(migrate_mode_names[i]);
	for (i = 0; i < __NR_PAGEFLAGS; i++)
		assert_non_null(pageflag_names[i]);

	assert_string_equal(vm_event_names[PGMIGRATE_SUCCESS], "pgmigrate_success");
	assert_string_equal(vm_event_names[NUMA_PAGE_MIGRATE], "numa_pages_migrated");
	assert_string_equal(vm_event_names[HTLB_BUDDY_PGALLOC_FAIL], "htlb_buddy_alloc_fail");
	assert_string_equal(node_stat_names[NR_ANON_MAPPED], "nr_anon_pages");
	assert_string_equal(node_stat_names[NR_ANON_THPS], "nr_anon_transparent_hugepages");
	assert_string_equal(migrate_reason_names[MR_SYSCALL], "syscall_or_cpuset");
	assert_string_equal(pageflag_names[PG_swapbacked], "swapbacked");
}

static void test_vmstat_updates(void **state)
{
	struct fixture *f = *state;

	count_vm_event(PGMIGRATE_SUCCESS);
	count_vm_events(PGMIGRATE_SUCCESS, 511);
	assert_int_equal(f->w->vm_events[PGMIGRATE_SUCCESS], 512);

	mod_node_page_state(0, NR_ISOLATED_ANON, 3);
	mod_node_page_state(1, NR_ISOLATED_ANON, 4);
	assert_int_equal(f->nodes[1].vm_stat[NR_ISOLATED_ANON], 4);
	assert_int_equal(global_node_page_state(NR_ISOLATED_ANON), 7);
	/* A negative sum reads as zero, as in the kernel. */
	mod_node_page_state(0, NR_SHMEM, -2);
	assert_int_equal(global_node_page_state(NR_SHMEM), 0);
}

/* Hand-built folios: three zeroed struct pages, the most a folio overlays. */
static void test_folio_flags_string(void **state)
{
	struct page *pages = calloc(3, sizeof(*pages));
	struct folio *folio = (struct folio *)pages;
	char buf[192];

	(void)state;
	assert_non_null(pages);
	pages[0].flags = BIT(PG_uptodate) | BIT(PG_lru) | BIT(PG_swapbacked);
	assert_int_equal(folio_flags_string(folio, buf, sizeof(buf)),
			 strlen("uptodate|lru|swapbacked"));
	assert_string_equal(buf, "uptodate|lru|swapbacked");

	/* page[1] bits mean nothing on a small folio. */
	pages[1].flags = BIT(PG_large_rmappable) | BIT(PG_partially_mapped);
	folio_flags_string(folio, buf, sizeof(buf));
	assert_string_equal(buf, "uptodate|lru|swapbacked");

	/* Order 2, with both page[1] flags. */
	pages[0].flags |= BIT(PG_head);
	pages[1].flags |= 2;
	folio_flags_string(folio, buf, sizeof(buf));
	assert_string_equal(buf, "uptodate|lru|head|swapbacked|large_rmappable|partially_mapped");

	/* Bits with no name print as one number, after the names. */
	pages[0].flags = BIT(PG_locked) | BIT(30) | BIT(31);
	pages[1].flags = 0;
	folio_flags_string(folio, buf, sizeof(buf));
	assert_string_equal(buf, "locked|0xc0000000");

	/* Truncation keeps the string terminated and reports what fits. */
	pages[0].flags = BIT(PG_uptodate) | BIT(PG_lru);
	assert_int_equal(folio_flags_string(folio, buf, 6), 5);
	assert_string_equal(buf, "uptod");

	pages[0].flags = 0;
	assert_int_equal(folio_flags_string(folio, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	free(pages);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mm_migrate_pages_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_and_pte_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symbolic_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disabled_records_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buffer_grows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ftrace_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ftrace_empty, setup, teardown),
		cmocka_unit_test(test_name_tables_complete),
		cmocka_unit_test_setup_teardown(test_vmstat_updates, setup, teardown),
		cmocka_unit_test(test_folio_flags_string),
	};

	return cmocka_run_group_tests_name("trace", tests, NULL, NULL);
}
