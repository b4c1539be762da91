/* SPDX-License-Identifier: MIT */
/**
 * DOC: migsim memory policies: mbind(2), migrate_pages(2) (included by <migsim/migsim.h>)
 */
#ifndef MIGSIM_MEMPOLICY_H
#define MIGSIM_MEMPOLICY_H

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif
