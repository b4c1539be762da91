// SPDX-License-Identifier: MIT
/*
 * Scenario files: YAML, parsed with libyaml (docs/scenario-format.md).
 */
#include <migsim/migsim.h>
