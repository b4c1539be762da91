/* SPDX-License-Identifier: MIT */
/**
 * DOC: migsim scenario files (YAML) (included by <migsim/migsim.h>)
 */
#ifndef MIGSIM_SCENARIO_FILE_H
#define MIGSIM_SCENARIO_FILE_H

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif
