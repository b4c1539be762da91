// SPDX-License-Identifier: MIT
/*
 * Public API of the callers of migration (include/migsim/callers.h):
 * move_pages(2), mbind(2) and migrate_pages(2), memory offline, tiering
 * and compaction.
 */
#include "world_internal.h"
