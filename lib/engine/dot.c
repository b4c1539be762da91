// SPDX-License-Identifier: MIT
/*
 * Graphviz pictures of the lists and folios at a step.
 */
#include <migsim/migsim.h>
