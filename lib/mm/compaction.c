// SPDX-License-Identifier: MIT
/*
 * Zone compaction: the migrate and free scanners.
 *
 * KERNEL: mm/compaction.c (being written; see the issue it belongs to).
 */
#include <linux/mm.h>
