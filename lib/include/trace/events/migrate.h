/* SPDX-License-Identifier: MIT */
/*
 * Kind: mirrors include/trace/events/migrate.h: the same event names, field
 * names and TP_printk formats, recorded into the world's trace buffer
 * (lib/engine/trace.c).  Each call compiles to one branch when tracing is
 * off.
 */
#ifndef MIGSIM_TRACE_EVENTS_MIGRATE_H
#define MIGSIM_TRACE_EVENTS_MIGRATE_H

#include "world.h"

void trace_record(const char *event, const char *fmt, ...) __printf(2, 3);

#define TRACE_ON() unlikely(sim_world->trace.enabled)

void __trace_mm_migrate_pages(unsigned long succeeded, unsigned long failed,
			      unsigned long thp_succeeded, unsigned long thp_failed,
			      unsigned long thp_split, unsigned long large_folio_split,
			      int mode, int reason);
void __trace_mm_migrate_pages_start(int mode, int reason);
void __trace_migration_pte(const char *event, unsigned long addr, unsigned long pte,
			   int order);

#define trace_mm_migrate_pages(...) \
	do { if (TRACE_ON()) __trace_mm_migrate_pages(__VA_ARGS__); } while (0)
#define trace_mm_migrate_pages_start(...) \
	do { if (TRACE_ON()) __trace_mm_migrate_pages_start(__VA_ARGS__); } while (0)
#define trace_set_migration_pte(addr, pte, order) \
	do { if (TRACE_ON()) __trace_migration_pte("set_migration_pte", addr, pte, order); } while (0)
#define trace_remove_migration_pte(addr, pte, order) \
	do { if (TRACE_ON()) __trace_migration_pte("remove_migration_pte", addr, pte, order); } while (0)

#endif
