/* SPDX-License-Identifier: MIT */
/**
 * DOC: migsim memory tiers: demotion and promotion (included by <migsim/migsim.h>)
 */
#ifndef MIGSIM_TIERING_H
#define MIGSIM_TIERING_H

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif
