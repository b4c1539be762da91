// SPDX-License-Identifier: MIT
/*
 * Public API of memory policies: mbind(2), migrate_pages(2) (include/migsim/mempolicy.h).
 */
#include <migsim/migsim.h>
