/* SPDX-License-Identifier: MIT */
/**
 * DOC: migsim compaction (included by <migsim/migsim.h>)
 */
#ifndef MIGSIM_COMPACTION_H
#define MIGSIM_COMPACTION_H

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif
