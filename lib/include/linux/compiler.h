/* SPDX-License-Identifier: MIT */
/* Kind: mirrors the kernel's names (likely, READ_ONCE, container_of) with plain C bodies. */
#ifndef MIGSIM_LINUX_COMPILER_H
#define MIGSIM_LINUX_COMPILER_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#undef __always_inline
#define __always_inline	inline __attribute__((always_inline))
#define __maybe_unused	__attribute__((unused))
#define __noreturn	__attribute__((noreturn))
#define __printf(a, b)	__attribute__((format(printf, a, b)))

/* The simulator runs one simulated CPU at a time on one host thread, so a
 * plain access is the whole of READ_ONCE/WRITE_ONCE. */
#define READ_ONCE(x)		(x)
#define WRITE_ONCE(x, val)	((x) = (val))

#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define BIT(n)		(1UL << (n))
#define BITS_PER_LONG	64
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define ALIGN(x, a)	(((x) + (__typeof__(x))(a) - 1) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define min(a, b)	((a) < (b) ? (a) : (b))
#define max(a, b)	((a) > (b) ? (a) : (b))

typedef uint64_t u64;
typedef uint32_t u32;
typedef uint16_t u16;
typedef uint8_t u8;
typedef int64_t s64;
typedef unsigned long pgoff_t;
typedef unsigned int gfp_t;

#endif
