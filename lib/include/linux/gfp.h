/* SPDX-License-Identifier: MIT */
/*
 * Kind: mirrors include/linux/gfp_types.h for the bits the model honours;
 * the others are accepted and recorded but do not change behaviour (no
 * reclaim, no watermarks beyond the high watermark test).
 */
#ifndef MIGSIM_LINUX_GFP_H
#define MIGSIM_LINUX_GFP_H

#include <linux/compiler.h>

#define __GFP_MOVABLE		0x0008u
#define __GFP_HIGHMEM		0x0002u
#define __GFP_COMP		0x0040u
#define __GFP_ZERO		0x0100u
#define __GFP_NOWARN		0x0200u
#define __GFP_RETRY_MAYFAIL	0x0400u
#define __GFP_NOFAIL		0x0800u
#define __GFP_NORETRY		0x1000u
#define __GFP_NOMEMALLOC	0x2000u
#define __GFP_THISNODE		0x4000u
#define __GFP_DIRECT_RECLAIM	0x10000u
#define __GFP_KSWAPD_RECLAIM	0x20000u
#define __GFP_RECLAIM		(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define __GFP_IO		0x40000u
#define __GFP_FS		0x80000u

#define GFP_NOWAIT		(__GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL		(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_USER		(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_HIGHUSER		(GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE	(GFP_HIGHUSER | __GFP_MOVABLE)
#define GFP_TRANSHUGE_LIGHT	((GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | \
				  __GFP_NOWARN) & ~__GFP_RECLAIM)
#define GFP_TRANSHUGE		(GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM)

struct folio;
struct page;

/* nodemask_t is a 64-bit mask here (MAX_NUMNODES = 64); NULL = any node. */
typedef u64 nodemask_t;

/* mm/page_alloc.c */
struct folio *__folio_alloc(gfp_t gfp, unsigned int order, int preferred_nid,
			    const nodemask_t *nmask);
struct page *__alloc_pages_node(gfp_t gfp, unsigned int order, int nid,
				const nodemask_t *nmask);
void __free_pages(struct page *page, unsigned int order);
void free_unref_folio(struct folio *folio, unsigned int order);

#endif
