/* SPDX-License-Identifier: MIT */
/*
 * Entering the model from the public API.  SIM_RUN(w, expr) makes @w the
 * thread's world, evaluates @expr (model code) and returns its int result;
 * if the model raises a report, the longjmp lands here and the result is
 * -ENOTRECOVERABLE.  Entries nest: the scenario code calls public functions
 * that enter again, and each restores the previous world and entry.
 */
#ifndef MIGSIM_ENGINE_ENTRY_H
#define MIGSIM_ENGINE_ENTRY_H

#include <errno.h>
#include <setjmp.h>
#include <string.h>
#include "world.h"

struct sim_entry {
	jmp_buf jb;
	struct world *prev_world;
	jmp_buf *prev_entry;
	int prev_depth;
};

/* 0, or a negative errno (and the error is set): -ENOTRECOVERABLE when @w
 * has already crashed, -EDEADLK from inside one of the caller's callbacks
 * on @w (the model is in the middle of an operation there). */
int sim_entry_begin(struct world *w, struct sim_entry *e);
void sim_entry_end(struct world *w, struct sim_entry *e);

#define SIM_RUN(w, expr) ({						\
	struct sim_entry __e;						\
	int __r;							\
	if ((__r = sim_entry_begin((w), &__e)) != 0) {			\
		;							\
	} else if (setjmp(__e.jb) == 0) {				\
		__r = (expr);						\
		sim_entry_end((w), &__e);				\
	} else {							\
		sim_entry_end((w), &__e);				\
		__r = -ENOTRECOVERABLE;					\
	}								\
	__r;								\
})

/* Make @w current for read-only inspection (no model code that may raise). */
#define SIM_WITH_WORLD(w) \
	struct world *__saved_world __attribute__((cleanup(sim_world_restore), unused)) = sim_world; \
	sim_world = (struct world *)(w)

/* First line of a public function: declare @w from @pw and make it current
 * for the function's scope (argument checks read it too). */
#define SIM_API_ENTER(w, pw) \
	struct world *w = (struct world *)(pw); \
	SIM_WITH_WORLD(w)

/* An optional result a public function fills in: point @out at @scratch
 * when the caller passed NULL, and start it zeroed either way. */
#define SIM_API_OUT(out, scratch) \
	memset((out) = (out) ? (out) : &(scratch), 0, sizeof(*(out)))

static inline void sim_world_restore(struct world **prev)
{
	sim_world = *prev;
}

#endif
