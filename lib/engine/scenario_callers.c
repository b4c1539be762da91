// SPDX-License-Identifier: MIT
/*
 * The callers' seed scenarios (thp-split-head-only, move-pages-batching),
 * registered after the core ones by lib/engine/scenario.c.
 */
#include "scenario.h"

const struct scenario caller_scenarios[] = {
	{ 0 },
};
const size_t nr_caller_scenarios = 0;
