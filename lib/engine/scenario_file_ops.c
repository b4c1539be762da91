// SPDX-License-Identifier: MIT
/*
 * The operations a scenario file's setup steps and actors can run: one row
 * per operation, each a thin call of the public API.  To add one, write its
 * run function and add a row (name, the argument keys it takes, which are
 * required, which key a scalar short form sets), then document it in
 * docs/scenario-format.md.
 *
 * Each run function returns the value recorded for the operation's id: the
 * API's negative errno when the call failed, otherwise what the call
 * reports (move_pages(2)'s return, migrate_misplaced_folio()'s return, ...).
 * In setup a negative value other than -ENOTRECOVERABLE ends the run with
 * an error; an actor records it and goes on, as a kernel caller would.
 *
 * The callers' operations (mbind, migrate_pages, tiering, reclaim, demote,
 * promote, compact) call include/migsim/mempolicy.h, tiering.h and
 * compaction.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "scenario.h"
#include "scenario_file_model.h"

#define PAGE_4K 4096ULL

static const char *const key_names[32] = {
	"at", "size", "write", "node", "task", "pid", "id", "as", "pin", "child",
	"page_size", "count", "name", "pages", "nodes", "flags", "mode", "reason", "offset",
	"nr_to_scan", "policy", "from", "to", "demotion", "balancing", "who", "order",
	"latency",
};

/* flags: none, move, move_all, strict, strict+move, strict+move_all. */
static int mf_flags(int word)
{
	static const int f[] = {
		0, MIGSIM_MPOL_MF_MOVE, MIGSIM_MPOL_MF_MOVE_ALL, MIGSIM_MPOL_MF_STRICT,
		MIGSIM_MPOL_MF_STRICT | MIGSIM_MPOL_MF_MOVE,
		MIGSIM_MPOL_MF_STRICT | MIGSIM_MPOL_MF_MOVE_ALL,
	};

	return f[word];
}

const char *const *sf_key_names(void)
{
	return key_names;
}

uint64_t sf_addr_resolve(const struct migsim_scenario_file *sf, const struct sf_addr *a)
{
	return a->mapping < 0 ? a->offset : sf->mappings[a->mapping].addr + a->offset;
}

uint64_t sf_op_len(const struct migsim_scenario_file *sf, const struct sf_op *op)
{
	if (op->size)
		return op->size;
	if (op->has_at && op->at.mapping >= 0)
		return sf->mappings[op->at.mapping].size - op->at.offset;
	return PAGE_4K;
}

void sf_format_addr(const struct migsim_scenario_file *sf, const struct sf_addr *a, char *buf,
		    size_t len)
{
	if (a->mapping < 0)
		snprintf(buf, len, "%#" PRIx64, a->offset);
	else if (!a->offset)
		snprintf(buf, len, "%s", sf->mappings[a->mapping].name);
	else if (a->offset % (1 << 20) == 0)
		snprintf(buf, len, "%s+%" PRIu64 "M", sf->mappings[a->mapping].name,
			 a->offset >> 20);
	else
		snprintf(buf, len, "%s+%" PRIu64 "K", sf->mappings[a->mapping].name,
			 a->offset >> 10);
}

static const struct {
	const char *name;
	int value;
} errnos[] = {
	{ "EPERM", EPERM }, { "ENOENT", ENOENT }, { "ESRCH", ESRCH }, { "EINTR", EINTR },
	{ "EIO", EIO }, { "E2BIG", E2BIG }, { "EAGAIN", EAGAIN }, { "ENOMEM", ENOMEM },
	{ "EACCES", EACCES }, { "EFAULT", EFAULT }, { "EBUSY", EBUSY }, { "EEXIST", EEXIST },
	{ "ENODEV", ENODEV }, { "EINVAL", EINVAL }, { "ENOSPC", ENOSPC }, { "ERANGE", ERANGE },
	{ "ENOSYS", ENOSYS }, { "EOPNOTSUPP", EOPNOTSUPP }, { "EHWPOISON", EHWPOISON },
	{ "ENOTRECOVERABLE", ENOTRECOVERABLE },
};

const char *sf_errno_name(int e)
{
	size_t i;

	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (errnos[i].value == e)
			return errnos[i].name;
	return NULL;
}

int sf_errno_value(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (!strcmp(errnos[i].name, name))
			return errnos[i].value;
	return 0;
}

static uint64_t at(const struct migsim_scenario_file *sf, const struct sf_op *op)
{
	return sf_addr_resolve(sf, &op->at);
}

/* ---- memory ---- */

static int op_touch(struct migsim_scenario_file *sf, struct migsim_world *w,
		    const struct sf_op *op, int pid)
{
	return migsim_touch(w, pid, at(sf, op), sf_op_len(sf, op), op->write);
}

static int op_access_kernel(struct migsim_scenario_file *sf, struct migsim_world *w,
			    const struct sf_op *op, int pid)
{
	return migsim_access_kernel(w, pid, at(sf, op), sf_op_len(sf, op), op->write);
}

static int op_munmap(struct migsim_scenario_file *sf, struct migsim_world *w,
		     const struct sf_op *op, int pid)
{
	return migsim_munmap(w, pid, at(sf, op), sf_op_len(sf, op));
}

static int op_fork(struct migsim_scenario_file *sf, struct migsim_world *w,
		   const struct sf_op *op, int pid)
{
	int child, ret = migsim_fork(w, pid, &child);

	if (!ret)
		sf->st.pid[op->child] = child;
	return ret;
}

static int op_exit(struct migsim_scenario_file *sf, struct migsim_world *w,
		   const struct sf_op *op, int pid)
{
	return migsim_exit(w, pid);
}

static int op_pin(struct migsim_scenario_file *sf, struct migsim_world *w,
		  const struct sf_op *op, int pid)
{
	return migsim_pin(w, pid, at(sf, op), &sf->st.pin[op->pin]);
}

static int op_pin_after_split(struct migsim_scenario_file *sf, struct migsim_world *w,
			      const struct sf_op *op, int pid)
{
	return migsim_pin_after_split(w, pid, at(sf, op), &sf->st.pin[op->pin]);
}

static int op_unpin(struct migsim_scenario_file *sf, struct migsim_world *w,
		    const struct sf_op *op, int pid)
{
	return migsim_unpin(w, sf->st.pin[op->pin]);
}

static int op_alloc_kernel_page(struct migsim_scenario_file *sf, struct migsim_world *w,
				const struct sf_op *op, int pid)
{
	uint64_t pfn;

	return migsim_alloc_kernel_page(w, op->node, &sf->st.pin[op->pin], &pfn);
}

static int op_lru_drain(struct migsim_scenario_file *sf, struct migsim_world *w,
			const struct sf_op *op, int pid)
{
	return migsim_lru_drain(w);
}

static int op_split(struct migsim_scenario_file *sf, struct migsim_world *w,
		    const struct sf_op *op, int pid)
{
	int split = 0, ret = migsim_split_folio(w, pid, at(sf, op), &split);

	return ret ? ret : split;
}

/* ---- hugetlb ---- */

static int op_hugetlb_pool(struct migsim_scenario_file *sf, struct migsim_world *w,
			   const struct sf_op *op, int pid)
{
	return migsim_hugetlb_pool(w, op->node, op->page_size, (unsigned long)op->count);
}

/* Shrink the pool to nothing: every free huge page is dissolved back to
 * the buddy allocator (dissolve_free_hugetlb_folio()). */
static int op_dissolve(struct migsim_scenario_file *sf, struct migsim_world *w,
		       const struct sf_op *op, int pid)
{
	return migsim_hugetlb_pool(w, op->node, op->page_size, 0);
}

/* ---- migration ---- */

static int op_numa_fault(struct migsim_scenario_file *sf, struct migsim_world *w,
			 const struct sf_op *op, int pid)
{
	struct migsim_numa_result res;
	int ret = migsim_numa_hint_fault(w, pid, at(sf, op), op->node, &res);

	if (!ret)
		scenario_say(sf->st.story, "    migrate_misplaced_folio() returned %d; %d base "
			     "pages migrated\n", res.rc, res.nr_succeeded);
	return ret ? ret : res.rc;
}

static int op_migrate_range(struct migsim_scenario_file *sf, struct migsim_world *w,
			    const struct sf_op *op, int pid)
{
	struct migsim_migrate_result res;
	int ret = migsim_migrate_range(w, pid, at(sf, op), sf_op_len(sf, op), op->node,
				       (enum migsim_mode)op->mode, (enum migsim_reason)op->reason,
				       &res);

	if (!ret)
		scenario_say(sf->st.story, "    migrate_pages() returned %d: %d succeeded, %d "
			     "failed pages, %d THP split\n", res.rc, res.nr_succeeded,
			     res.nr_failed_pages, res.nr_thp_split);
	return ret ? ret : res.rc;
}

static int op_move_pages(struct migsim_scenario_file *sf, struct migsim_world *w,
			 const struct sf_op *op, int pid)
{
	struct sf_result *r = op->id >= 0 ? &sf->st.result[op->id] : NULL;
	uint64_t *pages = calloc(op->nr, sizeof(*pages));
	int *status = calloc(op->nr, sizeof(*status));
	int target = op->target >= 0 ? sf->st.pid[op->target] : 0;
	long ret;
	size_t i;

	if (!pages || !status) {
		free(pages);
		free(status);
		return -ENOMEM;
	}
	for (i = 0; i < op->nr; i++) {
		pages[i] = sf_addr_resolve(sf, &op->pages[i]);
		status[i] = MIGSIM_STATUS_UNSET;
	}
	ret = migsim_move_pages(w, pid, target, op->nr, pages, op->nodes, status,
				mf_flags(op->flags));
	if (sf->st.story) {
		scenario_say(sf->st.story, "    move_pages() returned %ld; status:", ret);
		for (i = 0; i < op->nr; i++) {
			const char *en = status[i] < 0 ? sf_errno_name(-status[i]) : NULL;

			if (status[i] == MIGSIM_STATUS_UNSET)
				scenario_say(sf->st.story, " unset");
			else if (en)
				scenario_say(sf->st.story, " -%s", en);
			else
				scenario_say(sf->st.story, " %d", status[i]);
		}
		scenario_say(sf->st.story, "\n");
	}
	if (r) {
		free(r->status);
		r->status = status;
		r->nr_status = op->nr;
	} else {
		free(status);
	}
	free(pages);
	return (int)ret;
}

/*
 * Memory offline: the range is the 2M-aligned block holding the page mapped
 * at 'at' (resolved when the actor is built, before anything races with it),
 * or 'offset' bytes into node 'node'.
 */
static int op_offline(struct migsim_scenario_file *sf, struct migsim_world *w,
		      const struct sf_op *op, int pid)
{
	struct migsim_offline_result res;
	int ret = migsim_offline_pages(w, op->pfn, op->size / PAGE_4K, &res);

	if (ret != -ENOTRECOVERABLE && ret != -EINVAL)
		scenario_say(sf->st.story, "    offline_pages() returned %d%s%s after %u pass(es), "
			     "%lu base pages migrated\n", ret, res.reason[0] ? ": " : "",
			     res.reason, res.passes, res.nr_migrated);
	return ret;
}

static int op_deferred_split_scan(struct migsim_scenario_file *sf, struct migsim_world *w,
				  const struct sf_op *op, int pid)
{
	unsigned long nr_split = 0;
	int ret = migsim_deferred_split_scan(w, op->node, op->count ? (unsigned long)op->count :
					     128, &nr_split);

	return ret ? ret : (int)nr_split;
}

/* ---- memory policies (include/migsim/mempolicy.h) ---- */

static int op_mbind(struct migsim_scenario_file *sf, struct migsim_world *w,
		    const struct sf_op *op, int pid)
{
	uint64_t mask = op->nodemask;

	return (int)migsim_mbind(w, pid, at(sf, op), sf_op_len(sf, op), op->policy, &mask,
				 MIGSIM_MAX_NODES + 1, (unsigned int)mf_flags(op->flags));
}

static int op_sys_migrate_pages(struct migsim_scenario_file *sf, struct migsim_world *w,
				const struct sf_op *op, int pid)
{
	uint64_t from = op->from, to = op->to;
	int target = op->target >= 0 ? sf->st.pid[op->target] : 0;

	return (int)migsim_sys_migrate_pages(w, pid, target, MIGSIM_MAX_NODES + 1, &from, &to);
}

/* ---- tiering (include/migsim/tiering.h) ---- */

static int op_tiering(struct migsim_scenario_file *sf, struct migsim_world *w,
		      const struct sf_op *op, int pid)
{
	static const unsigned int balancing[] = {
		0, MIGSIM_NUMA_BALANCING_NORMAL, MIGSIM_NUMA_BALANCING_MEMORY_TIERING,
		MIGSIM_NUMA_BALANCING_NORMAL | MIGSIM_NUMA_BALANCING_MEMORY_TIERING,
	};
	struct migsim_tiering_params tp;
	int ret = migsim_tiering_get(w, &tp);

	if (ret)
		return ret;
	if (op->demotion >= 0)
		tp.demotion_enabled = op->demotion;
	if (op->balancing >= 0)
		tp.numa_balancing = balancing[op->balancing];
	return migsim_tiering_set(w, &tp);
}

static int op_reclaim(struct migsim_scenario_file *sf, struct migsim_world *w,
		      const struct sf_op *op, int pid)
{
	struct migsim_reclaim_result rr;
	int ret = migsim_reclaim(w, op->node, op->count ? (unsigned long)op->count : 32,
				 (enum migsim_reclaimer)op->who, NULL, NULL, &rr);

	if (ret)
		return ret;
	scenario_say(sf->st.story, "    reclaim: %lu scanned, %lu demoted, %lu demotion failed\n",
		     rr.nr_scanned, rr.nr_demoted, rr.nr_demote_failed);
	return (int)rr.nr_demoted;
}

static int op_demote(struct migsim_scenario_file *sf, struct migsim_world *w,
		     const struct sf_op *op, int pid)
{
	struct migsim_folio_ref *refs = calloc(op->nr, sizeof(*refs));
	struct migsim_reclaim_result rr;
	size_t i;
	int ret;

	if (!refs)
		return -ENOMEM;
	for (i = 0; i < op->nr; i++) {
		refs[i].pid = op->pages[i].mapping >= 0 ?
			      sf->st.pid[sf->mappings[op->pages[i].mapping].task] : pid;
		refs[i].addr = sf_addr_resolve(sf, &op->pages[i]);
	}
	ret = migsim_demote_folios(w, refs, op->nr, (enum migsim_reclaimer)op->who, &rr);
	free(refs);
	return ret ? ret : (int)rr.nr_demoted;
}

static int op_promote(struct migsim_scenario_file *sf, struct migsim_world *w,
		      const struct sf_op *op, int pid)
{
	struct migsim_promote_result pr;
	int ret = migsim_promote(w, pid, at(sf, op), op->node >= 0 ? op->node :
				 MIGSIM_NODE_LOCAL, (unsigned int)op->latency, &pr);

	return ret ? ret : pr.nr_succeeded;
}

/* ---- compaction (include/migsim/compaction.h) ---- */

static int op_compact(struct migsim_scenario_file *sf, struct migsim_world *w,
		      const struct sf_op *op, int pid)
{
	struct migsim_compact_result r;
	int ret = migsim_compact_node(w, op->node, op->order, (enum migsim_mode)op->mode, &r);

	if (ret)
		return ret;
	scenario_say(sf->st.story, "    compaction: %s\n", migsim_compact_status_name(r.status));
	return (int)r.status;
}

static int op_point(struct migsim_scenario_file *sf, struct migsim_world *w,
		    const struct sf_op *op, int pid)
{
	migsim_point(w, op->name);
	return 0;
}

static int op_check(struct migsim_scenario_file *sf, struct migsim_world *w,
		    const struct sf_op *op, int pid)
{
	return migsim_check(w);
}

#define K(x) SFK_##x
const struct sf_op_desc sf_ops[] = {
	{ "touch", K(AT) | K(SIZE) | K(WRITE) | K(TASK), K(AT), K(AT), false, op_touch,
	  "fault in a range for read or write (migsim_touch)" },
	{ "access_kernel", K(AT) | K(SIZE) | K(WRITE) | K(TASK), K(AT), K(AT), false,
	  op_access_kernel, "access a range from kernel mode, as copy_to_user() does" },
	{ "munmap", K(AT) | K(SIZE) | K(TASK), K(AT), K(AT), false, op_munmap,
	  "unmap a range (frees what only it mapped)" },
	{ "fork", K(TASK) | K(CHILD), K(CHILD), 0, true, op_fork,
	  "fork a task; the child gets the name given by child" },
	{ "exit", K(TASK), K(TASK), K(TASK), true, op_exit, "tear down a task's mm" },
	{ "pin", K(AT) | K(AS) | K(TASK), K(AT) | K(AS), 0, false, op_pin,
	  "take a GUP reference on the folio at an address" },
	{ "pin_after_split", K(AT) | K(AS) | K(TASK), K(AT) | K(AS), 0, false,
	  op_pin_after_split, "pin the page the moment a split makes it a folio of its own" },
	{ "unpin", K(PIN), K(PIN), K(PIN), false, op_unpin, "drop a pin" },
	{ "alloc_kernel_page", K(NODE) | K(AS), K(NODE) | K(AS), 0, false,
	  op_alloc_kernel_page, "an unmovable kernel page on a node, held as a pin" },
	{ "lru_drain", 0, 0, 0, false, op_lru_drain, "drain every CPU's LRU batches" },
	{ "split", K(AT) | K(TASK) | K(ID), K(AT), K(AT), false, op_split,
	  "split the THP at an address (debugfs split_huge_pages)" },
	{ "hugetlb_pool", K(NODE) | K(PAGE_SIZE) | K(COUNT), K(NODE) | K(COUNT), 0, true,
	  op_hugetlb_pool, "set a node's persistent hugetlb pool" },
	{ "dissolve", K(NODE) | K(PAGE_SIZE) | K(ID), K(NODE), K(NODE), false, op_dissolve,
	  "shrink a node's hugetlb pool to zero, dissolving its free huge pages" },
	{ "numa_fault", K(AT) | K(NODE) | K(ID) | K(TASK), K(AT) | K(NODE), 0, false,
	  op_numa_fault, "a NUMA hinting fault toward a node (migrate_misplaced_folio)" },
	{ "move_pages", K(PAGES) | K(NODES) | K(FLAGS) | K(PID) | K(ID) | K(TASK), K(PAGES), 0,
	  false, op_move_pages, "move_pages(2) with its arrays" },
	{ "migrate_range", K(AT) | K(SIZE) | K(NODE) | K(MODE) | K(REASON) | K(ID) | K(TASK),
	  K(AT) | K(NODE), 0, false, op_migrate_range,
	  "isolate a range and migrate_pages() it to a node" },
	{ "offline", K(AT) | K(NODE) | K(OFFSET) | K(SIZE) | K(ID), K(SIZE), 0, false,
	  op_offline, "memory offline (offline_pages) of a 2M-aligned range" },
	{ "deferred_split_scan", K(NODE) | K(NR_TO_SCAN) | K(ID), K(NODE), K(NODE), false,
	  op_deferred_split_scan, "run the deferred-split shrinker on a node" },
	{ "mbind", K(AT) | K(SIZE) | K(POLICY) | K(NODES) | K(FLAGS) | K(ID) | K(TASK),
	  K(AT) | K(POLICY), 0, false, op_mbind, "mbind(2) on a range" },
	{ "migrate_pages", K(PID) | K(FROM) | K(TO) | K(ID) | K(TASK), K(FROM) | K(TO), 0,
	  false, op_sys_migrate_pages, "migrate_pages(2): a task's pages from nodes to nodes" },
	{ "tiering", K(DEMOTION) | K(BALANCING), 0, 0, false, op_tiering,
	  "set demotion_enabled and kernel.numa_balancing" },
	{ "reclaim", K(NODE) | K(NR_TO_SCAN) | K(WHO) | K(ID), K(NODE), K(NODE), false,
	  op_reclaim, "one shrink_inactive_list() pass on a node: demotes cold folios" },
	{ "demote", K(PAGES) | K(WHO) | K(ID), K(PAGES), 0, false, op_demote,
	  "demote exactly the folios at these addresses" },
	{ "promote", K(AT) | K(NODE) | K(LATENCY) | K(ID) | K(TASK), K(AT), K(AT), false,
	  op_promote, "a memory-tiering hinting fault on an address (promotion)" },
	{ "compact", K(NODE) | K(ORDER) | K(MODE) | K(ID), K(NODE), K(NODE), false, op_compact,
	  "one compaction pass on a node (compact_node)" },
	{ "point", K(NAME), K(NAME), K(NAME), false, op_point, "a named scheduling point" },
	{ "check", 0, 0, 0, false, op_check, "run every invariant check now" },
};
#undef K
const size_t nr_sf_ops = sizeof(sf_ops) / sizeof(sf_ops[0]);
