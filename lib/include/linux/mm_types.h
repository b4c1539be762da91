/* SPDX-License-Identifier: MIT */
/*
 * Kind: mirrors include/linux/mm_types.h (6.12 layout) for the fields
 * migration uses; changed for testing where noted.
 *
 * struct page is the kernel's x86-64 layout less its last word, memcg_data
 * (migsim models no memory cgroups): 56 bytes instead of 64, every other
 * field at the kernel's offset.  struct folio overlays the head page
 * and the next two pages, so large-folio metadata sits where the kernel keeps
 * it: order, map counts and pin count in page[1], _deferred_list in page[2].
 * An order-1 folio has no page[2] and so no _deferred_list.
 *
 * Differences from the kernel, all deliberate:
 *  - Map counts (_mapcount, _large_mapcount, _entire_mapcount) hold the
 *    number of mappings.  The kernel stores that number minus one.  A zeroed
 *    memmap therefore reads as "not mapped", which lets sections be
 *    materialised with calloc and lets tail pages 3 and up stay untouched.
 *  - Tail pages 3 and up of a large folio are never written ("implicit
 *    tails", the simulator's analogue of HugeTLB vmemmap optimisation): their
 *    compound_head word is 0 and compound_head() finds the head through the
 *    aligned candidates (lib/mm/sparse.c).  Pages 1 and 2 are written because
 *    they carry folio data.
 *  - page->flags holds only PG_* bits: the memmap is virtually contiguous
 *    (SPARSEMEM_VMEMMAP), so page_to_pfn() is a subtraction, and the node
 *    comes from the pfn (nodes start on 1 GiB boundaries).
 *  - The content of a base page is a 64-bit token in an array beside the
 *    memmap (pfn_token()), not in struct page.
 */
#ifndef MIGSIM_LINUX_MM_TYPES_H
#define MIGSIM_LINUX_MM_TYPES_H

#include <linux/compiler.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/rwsem.h>

struct address_space;
struct anon_vma;
struct mm_struct;
struct task_struct;

struct page {
	unsigned long flags;		/* PG_* bits */
	union {
		struct {	/* head pages and order-0 pages */
			union {
				struct list_head lru;	/* LRU, isolation lists, hugetlb lists */
				struct list_head buddy_list; /* free page blocks */
				struct {
					void *__filler;
					unsigned int mlock_count;
				};
			};
			struct address_space *mapping;	/* tagged: PAGE_MAPPING_ANON */
			pgoff_t index;
			unsigned long private;	/* buddy order, hugetlb flags, dst record */
		};
		struct {	/* tail pages */
			unsigned long compound_head;	/* head | 1; 0 for implicit tails */
		};
	};
	union {
		int _mapcount;		/* number of PTE mappings of this page */
		unsigned int page_type;	/* PGTY_* in the top byte */
	};
	int _refcount;
};

_Static_assert(sizeof(struct page) == 56, "struct page is 56 bytes: the kernel's less memcg_data");

struct folio {
	/* page[0] */
	unsigned long flags;
	union {
		struct list_head lru;
		struct {
			void *__filler;
			unsigned int mlock_count;
		};
	};
	struct address_space *mapping;
	pgoff_t index;
	union {
		void *private;
		unsigned long private_ul;
	};
	union {
		int _mapcount;
		unsigned int page_type;
	};
	int _refcount;
	/* page[1] */
	unsigned long _flags_1;		/* order in the low byte, page[1] flags */
	unsigned long _head_1;
	int _large_mapcount;		/* all mappings: PTEs plus PMDs */
	int _entire_mapcount;		/* PMD (whole-folio) mappings */
	int _nr_pages_mapped;		/* PTE-mapped subpages | ENTIRELY_MAPPED */
	int _pincount;
	unsigned int _folio_nr_pages;
	unsigned int __pad_1[3];
	int _mapcount_1;
	int _refcount_1;
	/* page[2] */
	unsigned long _flags_2;
	unsigned long _head_2;
	union {
		struct list_head _deferred_list;
		struct {
			void *_hugetlb_subpool;
			void *_hugetlb_cgroup;
		};
	};
	unsigned long __pad_2[2];
	int _mapcount_2;
	int _refcount_2;
};

#define FOLIO_MATCH(pg, fl) \
	_Static_assert(offsetof(struct page, pg) == offsetof(struct folio, fl), #fl)
FOLIO_MATCH(flags, flags);
FOLIO_MATCH(lru, lru);
FOLIO_MATCH(mapping, mapping);
FOLIO_MATCH(index, index);
FOLIO_MATCH(private, private);
FOLIO_MATCH(_mapcount, _mapcount);
FOLIO_MATCH(_refcount, _refcount);
#undef FOLIO_MATCH
#define FOLIO_MATCH(pg, fl) \
	_Static_assert(offsetof(struct page, pg) + sizeof(struct page) == \
		       offsetof(struct folio, fl), #fl)
FOLIO_MATCH(flags, _flags_1);
FOLIO_MATCH(compound_head, _head_1);
FOLIO_MATCH(_mapcount, _mapcount_1);
FOLIO_MATCH(_refcount, _refcount_1);
#undef FOLIO_MATCH
#define FOLIO_MATCH(pg, fl) \
	_Static_assert(offsetof(struct page, pg) + 2 * sizeof(struct page) == \
		       offsetof(struct folio, fl), #fl)
FOLIO_MATCH(flags, _flags_2);
FOLIO_MATCH(compound_head, _head_2);
FOLIO_MATCH(_mapcount, _mapcount_2);
#undef FOLIO_MATCH
_Static_assert(sizeof(struct folio) == 3 * sizeof(struct page), "folio spans 3 pages");

#define ENTIRELY_MAPPED		0x800000
#define FOLIO_PAGES_MAPPED	(ENTIRELY_MAPPED - 1)

/* Tagged low bits of page->mapping. */
#define PAGE_MAPPING_ANON	0x1UL
#define PAGE_MAPPING_MOVABLE	0x2UL
#define PAGE_MAPPING_KSM	(PAGE_MAPPING_ANON | PAGE_MAPPING_MOVABLE)
#define PAGE_MAPPING_FLAGS	(PAGE_MAPPING_ANON | PAGE_MAPPING_MOVABLE)

/* VMA flags that matter to migration. */
#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL
#define VM_SHARED	0x00000008UL
#define VM_LOCKED	0x00002000UL
#define VM_HUGETLB	0x00400000UL
#define VM_HUGEPAGE	0x20000000UL	/* madvise(MADV_HUGEPAGE): THP-eligible */
#define VM_PFNMAP	0x00000400UL

struct anon_vma {
	struct anon_vma *root;
	int refcount;			/* get_anon_vma / put_anon_vma */
	struct list_head vmas;		/* every VMA whose pages may use this anon_vma */
	unsigned int id;		/* stable identity for content tokens */
	bool write_locked;		/* unused: see rwsem */
	struct rw_semaphore rwsem;	/* the root's: rmap walks read, changes write */
};

/* A page-cache object: the simulator's shmem backing for shared anonymous
 * and shared hugetlb mappings.  i_pages is a flat array indexed by page
 * offset (the object's size is fixed at creation), standing in for the
 * xarray. */
struct address_space {
	struct folio **i_pages;
	pgoff_t nr_slots;
	unsigned long nrpages;
	struct list_head i_mmap;	/* VMAs mapping this object */
	struct rw_semaphore i_mmap_rwsem;
	unsigned int id;		/* stable identity for content tokens */
	int refcount;			/* one per VMA, plus the creator */
	bool hugetlb;			/* hugetlbfs-like object (huge folios) */
	unsigned int hstate_order;	/* for hugetlb objects */
	struct list_head world_node;	/* world->mappings, for teardown */
};

/*
 * A memory policy (include/linux/mempolicy.h; here because a VMA keeps its
 * policy by value, the simulator having no shared policies).  @nodes is
 * what the allocator uses: the user's nodes met with the task's
 * mems_allowed and N_MEMORY; MPOL_PREFERRED keeps one node.
 */
struct mempolicy {
	unsigned short mode;		/* MPOL_* */
	unsigned short flags;		/* MPOL_F_* (mode flags and internal) */
	u64 nodes;			/* the nodes the mode works on */
	u64 user_nodemask;		/* as given, for STATIC/RELATIVE */
	u64 cpuset_mems_allowed;	/* mems_allowed when created */
	int home_node;			/* NUMA_NO_NODE: none */
};

struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	unsigned long vm_flags;
	pgoff_t vm_pgoff;		/* in PAGE_SIZE units */
	struct mm_struct *vm_mm;
	struct anon_vma *anon_vma;	/* private anonymous memory */
	struct address_space *vm_file;	/* shared memory object */
	struct list_head anon_vma_node;	/* on anon_vma->vmas */
	struct list_head shared_node;	/* on vm_file->i_mmap */
	int preferred_nid;		/* placement for faults; NUMA_NO_NODE = local */
	unsigned int hstate_order;	/* VM_HUGETLB: 9 or 18 */
	struct mempolicy *vm_policy;	/* NULL, or &vm_policy_val (mbind(2)) */
	struct mempolicy vm_policy_val;	/* the policy, kept by value */
};

typedef struct { u64 pgd; } pgd_t;

struct mm_struct {
	u64 *pgd;
	spinlock_t page_table_lock;	/* the PTL (one per mm in the simulator) */
	struct rw_semaphore mmap_lock;	/* faults read; mmap, munmap, fork write */			/* 512 entries, 4-level tables below */
	struct vm_area_struct **vmas;	/* sorted by vm_start */
	unsigned int nr_vmas;
	unsigned int vmas_cap;
	struct task_struct *owner;
	long rss_anon;			/* MM_ANONPAGES */
	long rss_shmem;			/* MM_SHMEMPAGES */
	long nr_ptes;			/* page-table pages, for accounting */
	unsigned int id;
	int users;
};

#define TASK_COMM_LEN 16

struct task_struct {
	int pid;
	int cpu;
	char comm[TASK_COMM_LEN];
	struct mm_struct *mm;
	u64 mems_allowed;		/* cpuset nodes */
	bool cap_sys_nice;		/* may move shared pages (MPOL_MF_MOVE_ALL) */
	unsigned int flags;		/* PF_* */
	struct list_head tasks;		/* world->tasks */
};

#define PF_MEMALLOC	0x00000800

#endif
