// SPDX-License-Identifier: MIT
/*
 * Public API of memory policies: mbind(2), migrate_pages(2) (include/migsim/mempolicy.h).
 *
 * The system calls' own checks are the model's (lib/mm/mempolicy.c), in
 * the kernel's order, and each rejects before changing anything; what is
 * checked here is only what the kernel takes for granted: the world and
 * the calling task.  The model runs as the calling task (AS_TASK), so its
 * CPU's node is "local" and its mems_allowed the cpuset.
 */
#include <errno.h>
#include <string.h>
#include <linux/mm.h>
#include "internal.h"
#include "entry.h"
#include "mm_callers.h"
#include "world_internal.h"

static int api_caller(struct world *w, int caller_pid, const char *what,
		      struct task_struct **tp)
{
	struct task_struct *t = find_task(w, caller_pid);

	if (!t)
		return sim_error(w, -ESRCH, "%s: no calling task with pid %d", what, caller_pid);
	if (!t->mm)
		return sim_error(w, -EINVAL, "%s: task %d has no mm", what, caller_pid);
	*tp = t;
	return 0;
}

/* A negative result the model did not explain gets the errno's name. */
static long api_result(struct world *w, const char *what, long ret)
{
	if (ret < 0 && ret != -ENOTRECOVERABLE && !w->errmsg[0])
		sim_error(w, (int)ret, "%s: %s", what, strerror((int)-ret));
	return ret;
}

static int run_mbind(uint64_t addr, uint64_t len, int mode, const uint64_t *nodemask,
		     unsigned long maxnode, unsigned int flags, long *ret)
{
	*ret = kernel_mbind(addr, len, (unsigned long)(unsigned int)mode, nodemask, maxnode,
			    flags);
	return 0;
}

long migsim_mbind(struct migsim_world *pw, int caller_pid, uint64_t addr, uint64_t len,
		  int mode, const uint64_t *nodemask, unsigned long maxnode, unsigned int flags)
{
	SIM_API_ENTER(w, pw);
	struct task_struct *caller;
	long ret = 0;
	int rc;

	if (!w)
		return -EINVAL;
	rc = api_caller(w, caller_pid, "mbind", &caller);
	if (rc)
		return rc;
	w->errmsg[0] = '\0';
	rc = AS_TASK(w, caller, run_mbind(addr, len, mode, nodemask, maxnode, flags, &ret));
	if (rc)
		return rc;
	return api_result(w, "mbind", ret);
}

static int run_migrate_pages(int pid, unsigned long maxnode, const uint64_t *old_nodes,
			     const uint64_t *new_nodes, long *ret)
{
	*ret = kernel_migrate_pages(pid, maxnode, old_nodes, new_nodes);
	return 0;
}

long migsim_sys_migrate_pages(struct migsim_world *pw, int caller_pid, int pid,
			      unsigned long maxnode, const uint64_t *old_nodes,
			      const uint64_t *new_nodes)
{
	SIM_API_ENTER(w, pw);
	struct task_struct *caller;
	long ret = 0;
	int rc;

	if (!w)
		return -EINVAL;
	caller = find_task(w, caller_pid);
	if (!caller)
		return sim_error(w, -ESRCH, "migrate_pages: no calling task with pid %d",
				 caller_pid);
	w->errmsg[0] = '\0';
	rc = AS_TASK(w, caller, run_migrate_pages(pid, maxnode, old_nodes, new_nodes, &ret));
	if (rc)
		return rc;
	return api_result(w, "migrate_pages", ret);
}

static int run_get_policy(uint64_t addr, int *mode, uint64_t *nodes)
{
	return (int)kernel_get_vma_mempolicy(addr, mode, nodes);
}

int migsim_get_vma_policy(struct migsim_world *pw, int pid, uint64_t addr, int *mode,
			  uint64_t *nodes)
{
	SIM_API_ENTER(w, pw);
	struct task_struct *t;
	uint64_t n = 0;
	int m = 0, rc;

	if (!w)
		return -EINVAL;
	rc = api_caller(w, pid, "get_mempolicy", &t);
	if (rc)
		return rc;
	rc = AS_TASK(w, t, run_get_policy(addr, &m, &n));
	if (rc)
		return rc;
	if (mode)
		*mode = m;
	if (nodes)
		*nodes = n;
	return 0;
}
