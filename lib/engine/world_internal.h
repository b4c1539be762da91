/* SPDX-License-Identifier: MIT */
/* The engine's own helpers shared between the public API files. */
#ifndef MIGSIM_ENGINE_WORLD_INTERNAL_H
#define MIGSIM_ENGINE_WORLD_INTERNAL_H

#include <migsim/migsim.h>
#include "world.h"

static inline struct world *W(struct migsim_world *pw)
{
	return (struct world *)pw;
}

static inline const struct world *CW(const struct migsim_world *pw)
{
	return (const struct world *)pw;
}

struct task_struct *task_alloc(struct world *w, int pid, int cpu, const char *comm);
struct task_struct *find_task(struct world *w, int pid);
int sim_arm_hook(struct world *w, const char *point,
		 bool (*fn)(struct world *w, void *arg), void *arg);

/* Run model code as task @t (its CPU, its mm), restoring the previous task. */
#define AS_TASK(w, t, expr) ({					\
	struct task_struct *__prev_task = (w)->current_task;	\
	int __ret;						\
	(w)->current_task = (t);				\
	__ret = SIM_RUN((w), (expr));				\
	(w)->current_task = __prev_task;			\
	__ret;							\
})

/* api_memory.c: argument checks shared by the public calls. */
int api_check_mapped(struct world *w, struct mm_struct *mm, uint64_t addr, uint64_t len);
/* Task @pid with an mm in *@tp; -ESRCH when there is none or it has exited. */
int api_live_task(struct world *w, int pid, struct task_struct **tp);
int api_check_page(struct world *w, struct mm_struct *mm, uint64_t addr,
		   struct vm_area_struct **vmap);

/* checker.c */
int sim_check_world(struct world *w);

#endif
