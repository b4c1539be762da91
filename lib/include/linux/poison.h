/* SPDX-License-Identifier: MIT */
/* Kind: mirrors include/linux/poison.h values for x86-64 (CONFIG_ILLEGAL_POINTER_VALUE). */
#ifndef MIGSIM_LINUX_POISON_H
#define MIGSIM_LINUX_POISON_H

#define POISON_POINTER_DELTA	0xdead000000000000UL
#define LIST_POISON1		((void *)(0x100 + POISON_POINTER_DELTA))
#define LIST_POISON2		((void *)(0x122 + POISON_POINTER_DELTA))
#define TAIL_MAPPING		((void *)(0x400 + POISON_POINTER_DELTA))

#endif
