/* SPDX-License-Identifier: MIT */
/*
 * Reports: how a simulated BUG_ON, WARN, list corruption or checker
 * violation ends a run.  The model calls sim_raise(); it fills the world's
 * report (kind, message, model file:line, kernel function, the shadow stack
 * of kernel functions, a dump_page of the folio) and unwinds with longjmp
 * to the public entry point that started the model code.  The host process
 * never aborts.
 */
#ifndef MIGSIM_ENGINE_REPORT_H
#define MIGSIM_ENGINE_REPORT_H

#include <stdio.h>

#include <linux/compiler.h>

enum sim_outcome {
	SIM_OK,
	SIM_BUG,
	SIM_WARN,
	SIM_LIST_CORRUPTION,
	SIM_INVARIANT,
	SIM_ASSERT,
	SIM_DEADLOCK,
	SIM_LIVELOCK,
	SIM_NR_OUTCOMES
};

#define SIM_STACK_MAX 16

struct sim_report {
	enum sim_outcome kind;
	char function[64];	/* kernel function that raised it */
	char message[512];
	char file[96];		/* model file, relative to the source root */
	int line;
	char stack[SIM_STACK_MAX][48];	/* outermost first */
	int stack_depth;
	char dump[1024];	/* dump_page-style text, or empty */
	char actors[1024];	/* each actor: state, what it waits for, its stack */
};

/* Shadow stack of kernel functions, for reports. */
struct sim_frames {
	const char *fn[SIM_STACK_MAX];
	int depth;
};
extern __thread struct sim_frames sim_frames __attribute__((tls_model("initial-exec")));

/*
 * A frame's cleanup puts back the depth its push found.  Frames are pushed
 * and popped in scope order on each stack (an actor's stack has its own
 * frames, and a report's longjmp lands where the entry point restores the
 * depth), so that is the depth less one, and putting it back needs neither
 * a test nor a load.  Frames past SIM_STACK_MAX count but are not named.
 */
static __always_inline int sim_frame_push(const char *fn)
{
	int depth = sim_frames.depth;

	if (depth < SIM_STACK_MAX)
		sim_frames.fn[depth] = fn;
	sim_frames.depth = depth + 1;
	return depth;
}

static __always_inline void sim_frame_pop(const int *depth)
{
	sim_frames.depth = *depth;
}

/* Name the current kernel function on the shadow stack for its scope. */
#define SIM_FRAME()							\
	const int __sim_frame __attribute__((cleanup(sim_frame_pop), unused)) = \
		sim_frame_push(__func__)

struct folio;
struct page;

const char *sim_outcome_name(enum sim_outcome kind);

/* Record a report and end the run (longjmp to the entry point).  For
 * SIM_WARN with panic_on_warn off it records and returns. */
void sim_raise(enum sim_outcome kind, const char *func, const char *file, int line,
	       const struct page *page, const char *fmt, ...) __printf(6, 7);

/* @s as a JSON string, quoted and escaped (NULL prints ""). */
void sim_json_string(FILE *out, const char *s);

/* Text of dump_page() for @page into @buf. */
void sim_dump_page(const struct page *page, const char *reason, char *buf, size_t len);

#endif
