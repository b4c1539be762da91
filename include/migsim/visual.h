/* SPDX-License-Identifier: MIT */
/**
 * DOC: migsim Chrome traces and Graphviz pictures (included by <migsim/migsim.h>)
 */
#ifndef MIGSIM_VISUAL_H
#define MIGSIM_VISUAL_H

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif
