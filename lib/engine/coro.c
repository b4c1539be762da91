// SPDX-License-Identifier: MIT
/*
 * The context switch behind the actor scheduler (see coro.h).
 *
 * x86-64 System V: rbx, rbp, r12-r15 and rsp are callee-saved; the switch
 * pushes the six registers on the current stack, stores rsp, loads the
 * other stack's rsp and pops.  A new stack starts with six zero "registers"
 * and a return address pointing at a trampoline that calls the entry.
 * The x87 control word and MXCSR are not switched: nothing here changes
 * them.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "config.h"
#include "coro.h"

#if defined(__SANITIZE_ADDRESS__)
#define CORO_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CORO_ASAN 1
#endif
#endif

#ifdef CORO_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

/* A coroutine that ends never unwinds its frames, so their redzones stay
 * poisoned in ASan's shadow; a stack later mapped at the same address must
 * start clean. */
static void asan_unpoison(void *stack, size_t size)
{
#ifdef CORO_ASAN
	__asan_unpoison_memory_region(stack, size);
#else
	(void)stack;
	(void)size;
#endif
}
#if HAVE_VALGRIND_H
#include <valgrind/valgrind.h>
#endif

#if defined(__x86_64__)

void coro_switch_asm(void **save_sp, void *load_sp);
void coro_trampoline_asm(void);

__asm__(
	".text\n"
	".globl coro_switch_asm\n"
	".hidden coro_switch_asm\n"
	".type coro_switch_asm, @function\n"
	"coro_switch_asm:\n"
	"	.cfi_startproc\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	movq %rsp, (%rdi)\n"
	"	movq %rsi, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	"	.cfi_endproc\n"
	".size coro_switch_asm, .-coro_switch_asm\n"
	".globl coro_trampoline_asm\n"
	".hidden coro_trampoline_asm\n"
	".type coro_trampoline_asm, @function\n"
	"coro_trampoline_asm:\n"
	"	.cfi_startproc\n"
	"	.cfi_undefined rip\n"	/* gdb: the outermost frame of an actor */
	"	movq %r12, %rdi\n"	/* the struct coro */
	"	call coro_start\n"
	"	ud2\n"
	"	.cfi_endproc\n"
	".size coro_trampoline_asm, .-coro_trampoline_asm\n");

/* Called on the new stack by the trampoline. */
void coro_start(struct coro *c) __attribute__((used, visibility("hidden")));
#else
#include <ucontext.h>
static void coro_start_uctx(unsigned int hi, unsigned int lo);
void coro_start(struct coro *c);
#endif

/* The context that switched to the one now starting or resuming. */
static __thread struct coro *switch_from;

/* Tell ASan the switch is done; learn the bounds of a main context (one
 * without a stack of its own) from the first switch away from it. */
static void asan_finish(struct coro *self)
{
#ifdef CORO_ASAN
	const void *bottom;
	size_t size;
	struct coro *prev = switch_from;

	__sanitizer_finish_switch_fiber(self->asan_fake_stack, &bottom, &size);
	if (prev && !prev->stack && !prev->asan_bottom) {
		prev->asan_bottom = bottom;
		prev->asan_size = size;
	}
#else
	(void)self;
#endif
}

void coro_start(struct coro *c)
{
	asan_finish(c);
	c->entry(c->arg);
	__builtin_trap();	/* an entry never returns (coro.h) */
}

void coro_init_main(struct coro *c)
{
	memset(c, 0, sizeof(*c));
}

/*
 * A per-thread pool of stacks: exploration builds a fresh world for every
 * run, and mapping and unmapping two stacks each time costs more than the
 * run.  Pooled stacks are reused as they are; nothing reads a stack's old
 * contents.
 */
#define STACK_POOL 16
static __thread void *stack_pool[STACK_POOL];
static __thread size_t stack_pool_size[STACK_POOL];
static __thread int stack_pool_nr;

static void *stack_get(size_t size)
{
	int i;

	for (i = stack_pool_nr - 1; i >= 0; i--) {
		if (stack_pool_size[i] == size) {
			void *p = stack_pool[i];

			stack_pool[i] = stack_pool[--stack_pool_nr];
			stack_pool_size[i] = stack_pool_size[stack_pool_nr];
			return p;
		}
	}
	return mmap(NULL, size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
}

static void stack_put(void *p, size_t size)
{
	if (stack_pool_nr < STACK_POOL) {
		stack_pool[stack_pool_nr] = p;
		stack_pool_size[stack_pool_nr++] = size;
		return;
	}
	munmap(p, size);
}

int coro_init(struct coro *c, size_t stack_size, void (*entry)(void *), void *arg)
{
	memset(c, 0, sizeof(*c));
	c->stack = stack_get(stack_size);
	if (c->stack == MAP_FAILED) {
		c->stack = NULL;
		return -ENOMEM;
	}
	c->stack_size = stack_size;
	asan_unpoison(c->stack, stack_size);
	c->entry = entry;
	c->arg = arg;
	c->asan_bottom = c->stack;
	c->asan_size = stack_size;
#if HAVE_VALGRIND_H
	c->valgrind_id = VALGRIND_STACK_REGISTER(c->stack, (char *)c->stack + stack_size);
#endif
#if defined(__x86_64__)
	{
		uintptr_t top = ((uintptr_t)c->stack + stack_size) & ~(uintptr_t)15;
		uint64_t *sp = (uint64_t *)top;

		/* After the switch's ret, rsp == top (16-aligned), so the
		 * trampoline's call enters coro_start with rsp % 16 == 8, as the
		 * ABI wants. */
		*--sp = (uint64_t)(uintptr_t)coro_trampoline_asm;
		*--sp = 0;				/* rbp */
		*--sp = 0;				/* rbx */
		*--sp = (uint64_t)(uintptr_t)c;		/* r12: the coro, for the trampoline */
		*--sp = 0;				/* r13 */
		*--sp = 0;				/* r14 */
		*--sp = 0;				/* r15 */
		c->sp = sp;
	}
#else
	{
		ucontext_t *u = calloc(1, sizeof(*u));
		uintptr_t p = (uintptr_t)c;

		if (!u) {
			coro_destroy(c);
			return -ENOMEM;
		}
		getcontext(u);
		u->uc_stack.ss_sp = c->stack;
		u->uc_stack.ss_size = stack_size;
		u->uc_link = NULL;
		makecontext(u, (void (*)(void))coro_start_uctx, 2,
			    (unsigned int)(p >> 32), (unsigned int)p);
		c->uctx = u;
	}
#endif
	return 0;
}

void coro_destroy(struct coro *c)
{
	if (c->stack) {
#if HAVE_VALGRIND_H
		VALGRIND_STACK_DEREGISTER(c->valgrind_id);
#endif
		asan_unpoison(c->stack, c->stack_size);
		stack_put(c->stack, c->stack_size);
	}
	free(c->uctx);
	memset(c, 0, sizeof(*c));
}

static void do_switch(struct coro *from, struct coro *to, bool last)
{
	switch_from = from;
#ifdef CORO_ASAN
	/* A fiber leaving for the last time lets ASan drop its fake stack. */
	__sanitizer_start_switch_fiber(last ? NULL : &from->asan_fake_stack, to->asan_bottom,
				       to->asan_size);
#else
	(void)last;
#endif
#if defined(__x86_64__)
	coro_switch_asm(&from->sp, to->sp);
#else
	if (!from->uctx) {
		from->uctx = calloc(1, sizeof(ucontext_t));
		if (!from->uctx)
			__builtin_trap();
	}
	swapcontext(from->uctx, to->uctx);
#endif
	asan_finish(from);
}

void coro_switch(struct coro *from, struct coro *to)
{
	do_switch(from, to, false);
}

void coro_exit_to(struct coro *from, struct coro *to)
{
	do_switch(from, to, true);
	__builtin_trap();	/* nothing switches back to a finished coroutine */
}

#if !defined(__x86_64__)
static void coro_start_uctx(unsigned int hi, unsigned int lo)
{
	coro_start((struct coro *)(((uintptr_t)hi << 32) | lo));
}
#endif
