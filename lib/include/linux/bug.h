/* SPDX-License-Identifier: MIT */
/*
 * Kind: changed for testing.  The kernel's assertion macros, with
 * CONFIG_DEBUG_VM on and panic_on_warn set: each ends the run with a report
 * (lib/engine/report.c) naming the kernel function and the model's
 * file:line.  They never abort the host.
 */
#ifndef MIGSIM_LINUX_BUG_H
#define MIGSIM_LINUX_BUG_H

#include <linux/compiler.h>
#include "report.h"

#define BUG_ON(cond) do {						\
	if (unlikely(cond))						\
		sim_raise(SIM_BUG, __func__, __FILE__, __LINE__, NULL,	\
			  "kernel BUG: BUG_ON(%s)", #cond);		\
} while (0)

#define BUG() sim_raise(SIM_BUG, __func__, __FILE__, __LINE__, NULL, "kernel BUG: BUG()")

#define VM_BUG_ON(cond) do {						\
	if (unlikely(cond))						\
		sim_raise(SIM_BUG, __func__, __FILE__, __LINE__, NULL,	\
			  "kernel BUG: VM_BUG_ON(%s)", #cond);		\
} while (0)

#define VM_BUG_ON_PAGE(cond, page) do {					\
	if (unlikely(cond))						\
		sim_raise(SIM_BUG, __func__, __FILE__, __LINE__, (page),\
			  "kernel BUG: VM_BUG_ON_PAGE(%s)", #cond);	\
} while (0)

#define VM_BUG_ON_FOLIO(cond, folio) do {				\
	if (unlikely(cond))						\
		sim_raise(SIM_BUG, __func__, __FILE__, __LINE__,	\
			  (const struct page *)(folio),			\
			  "kernel BUG: VM_BUG_ON_FOLIO(%s)", #cond);	\
} while (0)

#define WARN_ON(cond) ({						\
	bool __w = !!(cond);						\
	if (unlikely(__w))						\
		sim_raise(SIM_WARN, __func__, __FILE__, __LINE__, NULL,	\
			  "WARNING: WARN_ON(%s)", #cond);		\
	__w;								\
})
#define WARN_ON_ONCE(cond) WARN_ON(cond)
#define VM_WARN_ON(cond) ((void)WARN_ON(cond))
#define VM_WARN_ON_ONCE(cond) ((void)WARN_ON(cond))
#define VM_WARN_ON_FOLIO(cond, folio) do {				\
	if (unlikely(cond))						\
		sim_raise(SIM_WARN, __func__, __FILE__, __LINE__,	\
			  (const struct page *)(folio),			\
			  "WARNING: VM_WARN_ON_FOLIO(%s)", #cond);	\
} while (0)
#define VM_WARN_ON_ONCE_FOLIO(cond, folio) VM_WARN_ON_FOLIO(cond, folio)

#endif
