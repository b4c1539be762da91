// SPDX-License-Identifier: MIT
/*
 * Memory policies, mbind(2) and migrate_pages(2).
 *
 * KERNEL: mm/mempolicy.c (being written; see the issue it belongs to).
 */
#include <linux/mm.h>
