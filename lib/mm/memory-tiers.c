// SPDX-License-Identifier: MIT
/*
 * Memory tiers and demotion targets.
 *
 * KERNEL: mm/memory-tiers.c (being written; see the issue it belongs to).
 */
#include <linux/mm.h>
