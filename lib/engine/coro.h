/* SPDX-License-Identifier: MIT */
/*
 * Coroutines for actors: each actor runs ordinary straight-line C on a stack
 * of its own, and the scheduler switches between stacks with a hand-written
 * context switch (callee-saved registers and the stack pointer: a handful of
 * instructions; swapcontext() would also save the signal mask with a system
 * call).  The switch tells AddressSanitizer about fiber changes and
 * registers each stack with valgrind.  Hosts other than x86-64 fall back to
 * ucontext.
 */
#ifndef MIGSIM_ENGINE_CORO_H
#define MIGSIM_ENGINE_CORO_H

#include <stddef.h>

struct coro {
	void *sp;		/* saved stack pointer while switched out */
	void *stack;		/* NULL for the thread's own (scheduler) context */
	size_t stack_size;
	unsigned int valgrind_id;
	void *asan_fake_stack;	/* ASan's fake-stack handle while switched out */
	const void *asan_bottom; /* the stack ASan should know while running */
	size_t asan_size;
	void (*entry)(void *arg);
	void *arg;
	void *uctx;		/* ucontext fallback only */
};

/* Prepare @c to run entry(arg) on a new stack; 0 or -ENOMEM. */
int coro_init(struct coro *c, size_t stack_size, void (*entry)(void *), void *arg);
void coro_destroy(struct coro *c);
/* The calling thread's own context, to switch back to. */
void coro_init_main(struct coro *c);
/* Save the current context in @from and run @to.  Returns when something
 * switches back to @from.  A coroutine's entry must never return: it
 * switches away for the last time instead. */
void coro_switch(struct coro *from, struct coro *to);
/* The last switch away from a finished coroutine. */
void coro_exit_to(struct coro *from, struct coro *to) __attribute__((noreturn));

#endif
