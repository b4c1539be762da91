// SPDX-License-Identifier: MIT
/*
 * Public API: reading a world (errors, counters, trace, reports, the
 * checker) and the kernel-profile catalogue.
 */
#include <errno.h>
#include <string.h>
#include <linux/mm.h>
#include "entry.h"
#include "internal.h"
#include "profile.h"
#include "trace.h"
#include "world_internal.h"

const char *migsim_strerror(const struct migsim_world *w)
{
	return w ? CW(w)->errmsg : "no world";
}

const char *migsim_world_kernel(const struct migsim_world *w)
{
	return CW(w)->profile.name;
}

uint64_t migsim_world_seed(const struct migsim_world *w)
{
	return CW(w)->seed;
}

/* Explicit allocations plus the memmap and token sections the simulator has
 * written (each written section is counted whole, whether or not the host
 * backed every page of it): the figure behind bytes_per_page. */
size_t migsim_host_bytes(const struct migsim_world *w)
{
	SIM_WITH_WORLD(w);

	return CW(w)->host_bytes + sparse_resident_bytes();
}

/* ---- vmstat ---- */

size_t migsim_vmstat_count(void)
{
	return NR_VM_EVENT_ITEMS + NR_VM_NODE_STAT_ITEMS;
}

const char *migsim_vmstat_name(size_t i)
{
	if (i < NR_VM_EVENT_ITEMS)
		return vm_event_names[i];
	if (i < migsim_vmstat_count())
		return node_stat_names[i - NR_VM_EVENT_ITEMS];
	return NULL;
}

/*
 * A node counter as /proc/vmstat prints it: the THP counters are kept in
 * base pages (as the kernel has since 5.12) but printed in THPs
 * (vmstat_item_print_in_thp()).
 */
static long node_stat_shown(size_t item, long pages)
{
	return item == NR_ANON_THPS ? pages / HPAGE_PMD_NR : pages;
}

static long node_stat_sum(const struct world *w, size_t item)
{
	long sum = 0;
	int nid;

	for (nid = 0; nid < w->nr_nodes; nid++)
		sum += w->node_data[nid]->vm_stat[item];
	return node_stat_shown(item, sum);
}

long migsim_vmstat_value(const struct migsim_world *pw, size_t i)
{
	const struct world *w = CW(pw);

	if (i < NR_VM_EVENT_ITEMS)
		return w->vm_events[i];
	if (i < migsim_vmstat_count())
		return node_stat_sum(w, i - NR_VM_EVENT_ITEMS);
	return 0;
}

static int vmstat_index(const char *name, size_t *out)
{
	size_t i;

	for (i = 0; i < migsim_vmstat_count(); i++)
		if (!strcmp(migsim_vmstat_name(i), name)) {
			*out = i;
			return 0;
		}
	return -ENOENT;
}

int migsim_vmstat(const struct migsim_world *pw, const char *name, long *value)
{
	size_t i;

	if (!name || !value || vmstat_index(name, &i))
		return pw ? sim_error((struct world *)pw, -ENOENT, "no vmstat counter named '%s'",
				      name ? name : "(null)") : -ENOENT;
	*value = migsim_vmstat_value(pw, i);
	return 0;
}

int migsim_node_vmstat(const struct migsim_world *pw, int nid, const char *name, long *value)
{
	const struct world *w = CW(pw);
	size_t i;

	if (nid < 0 || nid >= w->nr_nodes)
		return sim_error((struct world *)w, -ENODEV, "node %d does not exist (the world "
				 "has %d)", nid, w->nr_nodes);
	if (!name || !value || vmstat_index(name, &i) || i < NR_VM_EVENT_ITEMS)
		return sim_error((struct world *)w, -ENOENT, "no per-node counter named '%s'",
				 name ? name : "(null)");
	*value = node_stat_shown(i - NR_VM_EVENT_ITEMS,
				 w->node_data[nid]->vm_stat[i - NR_VM_EVENT_ITEMS]);
	return 0;
}

void migsim_vmstat_baseline(struct migsim_world *pw)
{
	struct world *w = W(pw);
	size_t i;

	for (i = 0; i < migsim_vmstat_count(); i++)
		w->vmstat_baseline[i] = migsim_vmstat_value(pw, i);
}

long migsim_vmstat_delta(const struct migsim_world *pw, size_t i)
{
	if (i >= migsim_vmstat_count())
		return 0;
	return migsim_vmstat_value(pw, i) - CW(pw)->vmstat_baseline[i];
}

int migsim_vmstat_change(const struct migsim_world *pw, const char *name, long *delta)
{
	size_t i;

	if (!name || !delta || vmstat_index(name, &i))
		return pw ? sim_error((struct world *)pw, -ENOENT, "no vmstat counter named '%s'",
				      name ? name : "(null)") : -ENOENT;
	*delta = migsim_vmstat_delta(pw, i);
	return 0;
}

/* ---- trace ---- */

size_t migsim_trace_count(const struct migsim_world *w)
{
	return CW(w)->trace.nr;
}

int migsim_trace_get(const struct migsim_world *pw, size_t i, struct migsim_trace_event *ev)
{
	const struct world *w = CW(pw);
	const struct trace_entry *e;

	if (i >= w->trace.nr || !ev)
		return -ERANGE;
	e = &w->trace.entries[i];
	ev->ts_ns = e->ts_ns;
	ev->pid = e->pid;
	ev->cpu = e->cpu;
	ev->comm = e->comm;
	ev->event = e->event;
	ev->fields = e->fields;
	return 0;
}

int migsim_trace_write(const struct migsim_world *pw, FILE *out)
{
	return trace_write_ftrace(&CW(pw)->trace, CW(pw)->nr_cpus, out);
}

/* ---- outcomes and reports ---- */

enum migsim_outcome migsim_outcome(const struct migsim_world *pw)
{
	const struct world *w = CW(pw);

	if (!w->crashed && w->report.kind != SIM_WARN)
		return MIGSIM_OK;
	return (enum migsim_outcome)w->report.kind;
}

const char *migsim_outcome_name(enum migsim_outcome o)
{
	return sim_outcome_name((enum sim_outcome)o);
}

const struct migsim_report *migsim_last_report(const struct migsim_world *pw)
{
	struct world *w = (struct world *)pw;
	struct sim_report *r = &w->report;
	int i;

	if (!w->crashed && r->kind == SIM_OK)
		return NULL;
	for (i = 0; i < r->stack_depth; i++)
		w->pub_stack[i] = r->stack[i];
	w->pub_report = (struct migsim_report){
		.kind = (enum migsim_outcome)r->kind,
		.function = r->function,
		.message = r->message,
		.file = r->file,
		.line = r->line,
		.stack = w->pub_stack,
		.stack_depth = r->stack_depth,
		.dump = r->dump,
		.actors = r->actors,
	};
	return &w->pub_report;
}

int migsim_check(struct migsim_world *pw)
{
	struct world *w = W(pw);

	return SIM_RUN(w, sim_check_world(w));
}

/* ---- kernel profiles ---- */

size_t migsim_kernel_count(void)
{
	size_t n = 0;

	while (kernel_profile_base_name(n))
		n++;
	return n;
}

const char *migsim_kernel_name(size_t i)
{
	return kernel_profile_base_name(i);
}

size_t migsim_kernel_patch_count(void)
{
	size_t n = 0;

	while (kernel_profile_patch_name(n))
		n++;
	return n;
}

const char *migsim_kernel_patch_name(size_t i)
{
	return kernel_profile_patch_name(i);
}

const char *migsim_kernel_patch_description(size_t i)
{
	return kernel_profile_patch_what(i);
}

size_t migsim_kernel_switch_count(void)
{
	return nr_profile_switches;
}

const char *migsim_kernel_switch_name(size_t i)
{
	return i < nr_profile_switches ? profile_switches[i].name : NULL;
}

const char *migsim_kernel_switch_description(size_t i)
{
	return i < nr_profile_switches ? profile_switches[i].what : NULL;
}

int migsim_kernel_switch(const char *spec, size_t i)
{
	struct kernel_profile p;

	if (i >= nr_profile_switches || kernel_profile_parse(spec, &p, NULL, 0))
		return -EINVAL;
	return *(const bool *)((const char *)&p + profile_switches[i].offset) ? 1 : 0;
}
