// SPDX-License-Identifier: MIT
/*
 * Public API of memory tiers: demotion and promotion (include/migsim/tiering.h).
 */
#include <migsim/migsim.h>
