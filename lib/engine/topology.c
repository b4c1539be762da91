// SPDX-License-Identifier: MIT
/*
 * Topology presets and import: numactl --hardware, a sysfs node tree, the host via libnuma (include/migsim/topology.h).
 */
#include <migsim/migsim.h>
