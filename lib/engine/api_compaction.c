// SPDX-License-Identifier: MIT
/*
 * Public API of compaction (include/migsim/compaction.h).
 */
#include <migsim/migsim.h>
