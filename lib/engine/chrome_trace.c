// SPDX-License-Identifier: MIT
/*
 * Chrome/Perfetto trace-event JSON of a run.
 */
#include <migsim/migsim.h>
