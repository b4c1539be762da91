/* SPDX-License-Identifier: MIT */
/**
 * DOC: migsim topology presets and import (included by <migsim/migsim.h>)
 */
#ifndef MIGSIM_TOPOLOGY_H
#define MIGSIM_TOPOLOGY_H

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif
