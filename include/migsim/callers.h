/* SPDX-License-Identifier: MIT */
/**
 * DOC: migsim callers API (included by <migsim/migsim.h>)
 *
 * Every path into migration with the kernel's semantics: move_pages(2),
 * mbind(2) and migrate_pages(2), memory offline, demotion and promotion
 * across memory tiers, and compaction.
 */
#ifndef MIGSIM_CALLERS_H
#define MIGSIM_CALLERS_H

#endif
