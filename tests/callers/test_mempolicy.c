// SPDX-License-Identifier: MIT
/*
 * Memory policies, mbind(2) and migrate_pages(2) through the public API:
 * placement on faults (bind, preferred, interleave by page offset), mbind
 * with MOVE / MOVE_ALL / STRICT (success, a pinned page, the shared-page
 * rule, -EIO), each errno of kernel_mbind/do_mbind and
 * kernel_migrate_pages named by its kernel rule, "a rejected call changes
 * nothing", the counters moved, and do_migrate_pages()'s node-pair order.
 *
 *   kernel_mbind: sanitize_mpol_flags -EINVAL > get_nodes -EINVAL >
 *     do_mbind: flags -EINVAL > MOVE_ALL w/o cap -EPERM > start -EINVAL >
 *     wrap -EINVAL > len 0 -> 0 > mpol_new -EINVAL > mpol_set_nodemask
 *     -EINVAL > queue_pages_range -EFAULT (hole) / -EIO (STRICT alone) >
 *     mbind_range (split) > migrate_pages(MR_MEMPOLICY_MBIND) > STRICT -EIO
 */
#include "callers_fixture.h"

#define MOVE MIGSIM_MPOL_MF_MOVE
#define STRICT MIGSIM_MPOL_MF_STRICT
#define N0 (1ULL << 0)
#define N1 (1ULL << 1)
#define MAXNODE 65	/* one word of nodes, with the kernel's off-by-one */

static long mb(struct cfx *f, uint64_t addr, uint64_t len, int mode, uint64_t nodes,
	       unsigned int flags)
{
	return migsim_mbind(f->w, PID, addr, len, mode, &nodes, MAXNODE, flags);
}

static int policy_at(struct cfx *f, uint64_t addr, uint64_t *nodes)
{
	int mode = -1;
	uint64_t n = 0;

	assert_int_equal(migsim_get_vma_policy(f->w, PID, addr, &mode, &n), 0);
	if (nodes)
		*nodes = n;
	return mode;
}

/* The fixture's state plus the policies of its mappings. */
struct snap {
	struct cfx_snap s;
	int mode[3];
};

static struct snap snap(struct cfx *f)
{
	struct snap s;

	memset(&s, 0, sizeof(s));
	s.s = cfx_snap(f);
	s.mode[0] = policy_at(f, f->anon, NULL);
	s.mode[1] = policy_at(f, f->anon + 15 * PG, NULL);
	s.mode[2] = policy_at(f, f->zero, NULL);
	return s;
}

#define assert_same(a, b) assert_memory_equal(&(a), &(b), sizeof(a))

/* ---------------------------------------------------------------- */
/* Placement on faults                                              */

/*
 * Interleave: get_vma_policy()'s index is vm_pgoff + the page offset, and
 * interleave_nid() takes it modulo the mask's weight.  The mapping is
 * 1 GiB-aligned, so its first page has an even index: node 0.
 *
 *   pages: 0 1 2 3 4 5 6 7   ->  nodes: 0 1 0 1 0 1 0 1
 */
static void test_interleave_on_fault(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	uint64_t a, nodes;
	int i;

	(void)state;
	assert_int_equal(migsim_mmap(f.w, PID, 0, 8 * PG, MIGSIM_MAP_PRIVATE, 0, &a), 0);
	assert_int_equal(mb(&f, a, 8 * PG, MIGSIM_MPOL_INTERLEAVE, N0 | N1, 0), 0);
	assert_int_equal(policy_at(&f, a, &nodes), MIGSIM_MPOL_INTERLEAVE);
	assert_int_equal(nodes, N0 | N1);
	assert_int_equal(migsim_touch(f.w, PID, a, 8 * PG, 1), 0);
	for (i = 0; i < 8; i++)
		assert_int_equal(node_of(f.w, a + (uint64_t)i * PG), ((a / PG) + i) % 2);
	cfx_free(&f);
}

/*
 * THP faults allocate through the policy too (do_huge_pmd_anonymous_page()
 * -> vma_alloc_folio()): a THP-eligible mapping placed on node 0 by mmap
 * but bound to node 1 gets its THPs on node 1; under interleave the index
 * of a PMD folio is its PMD's, so consecutive THPs alternate.
 */
static long vmstat_of(struct migsim_world *w, const char *name)
{
	long v;

	assert_int_equal(migsim_vmstat(w, name, &v), 0);
	return v;
}

static void test_thp_fault_follows_policy(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	uint64_t a, b;
	long thp;

	(void)state;
	assert_int_equal(migsim_mmap(f.w, PID, 0, 2 * MiB, MIGSIM_MAP_PRIVATE | MIGSIM_MAP_THP, 0,
				     &a), 0);
	assert_int_equal(mb(&f, a, 2 * MiB, MIGSIM_MPOL_BIND, N1, 0), 0);
	thp = vmstat_of(f.w, "thp_fault_alloc");
	assert_int_equal(migsim_touch(f.w, PID, a, 2 * MiB, 1), 0);
	assert_int_equal(node_of(f.w, a), 1);
	assert_int_equal(node_of(f.w, a + 2 * MiB - PG), 1);
	assert_int_equal(vmstat_of(f.w, "thp_fault_alloc"), thp + 1);

	assert_int_equal(migsim_mmap(f.w, PID, 0, 4 * MiB, MIGSIM_MAP_PRIVATE | MIGSIM_MAP_THP, 0,
				     &b), 0);
	assert_int_equal(mb(&f, b, 4 * MiB, MIGSIM_MPOL_INTERLEAVE, N0 | N1, 0), 0);
	assert_int_equal(migsim_touch(f.w, PID, b, 4 * MiB, 1), 0);
	assert_int_equal(vmstat_of(f.w, "thp_fault_alloc"), thp + 3);
	assert_int_not_equal(node_of(f.w, b), node_of(f.w, b + 2 * MiB));
	assert_int_equal(migsim_check(f.w), 0);
	cfx_free(&f);
}

/* Bind and preferred override the mmap node; MPOL_DEFAULT returns to the
 * task's policy (the default: local, the CPU's node 0). */
static void test_bind_preferred_default_on_fault(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	uint64_t a;

	(void)state;
	assert_int_equal(migsim_mmap(f.w, PID, 0, 6 * PG, MIGSIM_MAP_PRIVATE, 0, &a), 0);
	assert_int_equal(mb(&f, a, 2 * PG, MIGSIM_MPOL_BIND, N1, 0), 0);
	assert_int_equal(mb(&f, a + 2 * PG, 2 * PG, MIGSIM_MPOL_PREFERRED, N1, 0), 0);
	assert_int_equal(migsim_touch(f.w, PID, a, 4 * PG, 1), 0);
	assert_int_equal(node_of(f.w, a), 1);
	assert_int_equal(node_of(f.w, a + PG), 1);
	assert_int_equal(node_of(f.w, a + 2 * PG), 1);
	assert_int_equal(node_of(f.w, a + 3 * PG), 1);
	/* An mmap node of 1, then MPOL_DEFAULT: local again. */
	assert_int_equal(migsim_munmap(f.w, PID, a + 4 * PG, 2 * PG), 0);
	assert_int_equal(migsim_mmap(f.w, PID, a + 4 * PG, 2 * PG, MIGSIM_MAP_PRIVATE, 1, NULL),
			 0);
	assert_int_equal(mb(&f, a + 5 * PG, PG, MIGSIM_MPOL_DEFAULT, 0, 0), 0);
	assert_int_equal(migsim_touch(f.w, PID, a + 4 * PG, 2 * PG, 1), 0);
	assert_int_equal(node_of(f.w, a + 4 * PG), 1);
	assert_int_equal(node_of(f.w, a + 5 * PG), 0);
	cfx_free(&f);
}

/* A bind to a full node does not fall back: the fault fails (OOM); a
 * preferred one falls back to the other node. */
static void test_bind_no_fallback(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	struct migsim_node_info ni;
	uint64_t hog, a;

	(void)state;
	assert_int_equal(migsim_node_info(f.w, 1, &ni), 0);
	/* Fill node 1 (its free pages, less nothing) with a mapping there. */
	assert_int_equal(migsim_mmap(f.w, PID, 0, ni.free_pages * PG, MIGSIM_MAP_PRIVATE, 1,
				     &hog), 0);
	assert_int_equal(migsim_touch(f.w, PID, hog, ni.free_pages * PG, 1), 0);
	assert_int_equal(migsim_mmap(f.w, PID, 0, 2 * PG, MIGSIM_MAP_PRIVATE, 0, &a), 0);
	assert_int_equal(mb(&f, a, PG, MIGSIM_MPOL_BIND, N1, 0), 0);
	assert_int_equal(mb(&f, a + PG, PG, MIGSIM_MPOL_PREFERRED, N1, 0), 0);
	assert_int_equal(migsim_touch(f.w, PID, a + PG, PG, 1), 0);
	assert_int_equal(node_of(f.w, a + PG), 0);
	assert_int_not_equal(migsim_touch(f.w, PID, a, PG, 1), 0);
	cfx_free(&f);
}

/* ---------------------------------------------------------------- */
/* mbind with MOVE                                                  */

/* Success: the 16 pages move to node 1 (MR_MEMPOLICY_MBIND); the counters
 * count them; the policy is set. */
static void test_mbind_move_success(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	uint64_t nodes;
	int i;

	(void)state;
	assert_int_equal(mb(&f, f.anon, 16 * PG, MIGSIM_MPOL_BIND, N1, MOVE | STRICT), 0);
	for (i = 0; i < 16; i++)
		assert_int_equal(node_of(f.w, f.anon + (uint64_t)i * PG), 1);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 16);
	assert_int_equal(delta(f.w, "pgmigrate_fail"), 0);
	assert_int_equal(delta(f.w, "nr_isolated_anon"), 0);
	assert_int_equal(policy_at(&f, f.anon + 7 * PG, &nodes), MIGSIM_MPOL_BIND);
	assert_int_equal(nodes, N1);
	/* Again: nothing is misplaced, nothing moves. */
	assert_int_equal(mb(&f, f.anon, 16 * PG, MIGSIM_MPOL_BIND, N1, MOVE | STRICT), 0);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 16);
	cfx_free(&f);
}

/* mbind_range(): a sub-range splits the mapping; only its pages move.
 *
 *   anon: [0 1 2 3 | 4 5 6 7 | 8 ... 15]   policy: default | bind{1} | default
 */
static void test_mbind_subrange_splits(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	int i;

	(void)state;
	assert_int_equal(mb(&f, f.anon + 4 * PG, 4 * PG, MIGSIM_MPOL_BIND, N1, MOVE), 0);
	for (i = 0; i < 16; i++)
		assert_int_equal(node_of(f.w, f.anon + (uint64_t)i * PG),
				 i >= 4 && i < 8 ? 1 : 0);
	assert_int_equal(policy_at(&f, f.anon + 3 * PG, NULL), MIGSIM_MPOL_DEFAULT);
	assert_int_equal(policy_at(&f, f.anon + 4 * PG, NULL), MIGSIM_MPOL_BIND);
	assert_int_equal(policy_at(&f, f.anon + 7 * PG, NULL), MIGSIM_MPOL_BIND);
	assert_int_equal(policy_at(&f, f.anon + 8 * PG, NULL), MIGSIM_MPOL_DEFAULT);
	/* len is rounded up to a page: 1 byte covers page 9. */
	assert_int_equal(mb(&f, f.anon + 9 * PG, 1, MIGSIM_MPOL_BIND, N1, MOVE), 0);
	assert_int_equal(node_of(f.w, f.anon + 9 * PG), 1);
	assert_int_equal(node_of(f.w, f.anon + 10 * PG), 0);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 5);
	cfx_free(&f);
}

/* queue_folio_required() with MPOL_MF_INVERT: only pages OFF the new nodes
 * are misplaced.  Interleave over {0,1} leaves node-0 pages where they are. */
static void test_mbind_interleave_moves_nothing_in_mask(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	uint64_t nodes;

	(void)state;

	assert_int_equal(mb(&f, f.anon, 16 * PG, MIGSIM_MPOL_INTERLEAVE, N0 | N1, MOVE), 0);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 0);
	assert_int_equal(node_of(f.w, f.anon + PG), 0);
	/* do_mbind() queues against the user's mask, not the policy's nodes:
	 * PREFERRED {0,1} keeps node 0 only, yet node-0 pages are not moved... */
	assert_int_equal(mb(&f, f.anon, 16 * PG, MIGSIM_MPOL_PREFERRED, N0 | N1, MOVE), 0);
	assert_int_equal(policy_at(&f, f.anon, &nodes), MIGSIM_MPOL_PREFERRED);
	assert_int_equal(nodes, N0);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 0);
	/* ...while PREFERRED {1} moves them. */
	assert_int_equal(mb(&f, f.anon, 16 * PG, MIGSIM_MPOL_PREFERRED, N1, MOVE), 0);
	assert_int_equal(node_of(f.w, f.anon + PG), 1);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 16);
	cfx_free(&f);
}

/* Interleave onto {1} from a mapping on node 0... and with MPOL_DEFAULT the
 * mask is empty, so INVERT makes every page misplaced: they all migrate to
 * the local node, even pages already there (alloc_migration_target_by_mpol
 * with the default policy). */
static void test_mbind_default_moves_to_local(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	uint64_t a;

	(void)state;
	assert_int_equal(migsim_mmap(f.w, PID, 0, 4 * PG, MIGSIM_MAP_PRIVATE, 1, &a), 0);
	assert_int_equal(migsim_touch(f.w, PID, a, 4 * PG, 1), 0);
	assert_int_equal(migsim_lru_drain(f.w), 0);
	migsim_vmstat_baseline(f.w);
	assert_int_equal(mb(&f, a, 4 * PG, MIGSIM_MPOL_DEFAULT, 0, MOVE), 0);
	assert_int_equal(node_of(f.w, a), 0);
	assert_int_equal(node_of(f.w, a + 3 * PG), 0);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 4);
	/* Pages on the local node are migrated too: a new page, same node. */
	assert_int_equal(mb(&f, f.anon, 2 * PG, MIGSIM_MPOL_DEFAULT, 0, MOVE), 0);
	assert_int_equal(node_of(f.w, f.anon), 0);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 6);
	cfx_free(&f);
}

/* Interleave as a migration target: alloc_migration_target_by_mpol() takes
 * the source's page index, so pages land by index parity. */
static void test_mbind_interleave_target(void **state)
{
	struct migsim_task_config tc = { .pid = 300, .comm = "t3" };
	struct migsim_config cfg;
	struct migsim_world *w;
	uint64_t a, nodes = (1ULL << 1) | (1ULL << 2);
	int i;

	(void)state;
	migsim_config_init(&cfg);
	cfg.nr_nodes = 3;
	cfg.node_size[0] = cfg.node_size[1] = cfg.node_size[2] = 32 * MiB;
	printf("# seed %llu, kernel 6.12, 3 nodes\n", (unsigned long long)cfg.seed);
	assert_int_equal(migsim_world_create(&cfg, &w, NULL, 0), 0);
	assert_int_equal(migsim_task_create(w, &tc, NULL), 0);
	assert_int_equal(migsim_mmap(w, 300, 0, 6 * PG, MIGSIM_MAP_PRIVATE, 0, &a), 0);
	assert_int_equal(migsim_touch(w, 300, a, 6 * PG, 1), 0);
	assert_int_equal(migsim_mbind(w, 300, a, 6 * PG, MIGSIM_MPOL_INTERLEAVE, &nodes, MAXNODE,
				      MOVE), 0);
	for (i = 0; i < 6; i++) {
		struct migsim_page_info pi;

		assert_int_equal(migsim_page_info(w, 300, a + (uint64_t)i * PG, &pi), 0);
		assert_int_equal(pi.node, 1 + (int)(((a / PG) + i) % 2));
	}
	assert_int_equal(migsim_check(w), 0);
	migsim_world_destroy(w);
}

/* THP and hugetlb move whole, to the bound node. */
static void test_mbind_thp_and_hugetlb(void **state)
{
	struct cfx f = cfx_new("6.12", 3);

	(void)state;
	assert_int_equal(mb(&f, f.thp, 2 * MiB, MIGSIM_MPOL_BIND, N1, MOVE | STRICT), 0);
	assert_int_equal(node_of(f.w, f.thp), 1);
	assert_int_equal(node_of(f.w, f.thp + 2 * MiB - PG), 1);
	assert_int_equal(delta(f.w, "thp_migration_success"), 1);
	assert_int_equal(mb(&f, f.huge, 2 * MiB, MIGSIM_MPOL_BIND, N1, MOVE | STRICT), 0);
	assert_int_equal(node_of(f.w, f.huge + 5 * PG), 1);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 1024);
	cfx_free(&f);
}

/*
 * A range that cuts a PMD-mapped THP: splitting the VMA splits the PMD
 * first (vma_adjust_trans_huge()), so the THP is PTE-mapped across three
 * VMAs; queue_folios_pte_range() queues the large folio once and it moves
 * whole, as 6.12 does.  Only the middle VMA gets the policy.
 */
static void test_mbind_cuts_thp(void **state)
{
	struct cfx f = cfx_new("6.12", 3);
	struct migsim_page_info pi;

	(void)state;
	assert_int_equal(mb(&f, f.thp + PG, PG, MIGSIM_MPOL_BIND, N1, MOVE | STRICT), 0);
	assert_int_equal(policy_at(&f, f.thp + PG, NULL), MIGSIM_MPOL_BIND);
	assert_int_equal(policy_at(&f, f.thp, NULL), MIGSIM_MPOL_DEFAULT);
	assert_int_equal(policy_at(&f, f.thp + 2 * PG, NULL), MIGSIM_MPOL_DEFAULT);
	assert_int_equal(migsim_page_info(f.w, PID, f.thp + PG, &pi), 0);
	assert_false(pi.pmd_mapped);
	assert_int_equal(pi.order, 9);
	assert_int_equal(node_of(f.w, f.thp + PG), 1);
	assert_int_equal(node_of(f.w, f.thp), 1);
	assert_int_equal(node_of(f.w, f.thp + 2 * MiB - PG), 1);
	assert_int_equal(delta(f.w, "thp_migration_success"), 1);
	assert_int_equal(migsim_check(f.w), 0);
	cfx_free(&f);
}

/* Partial failure: a pinned page cannot migrate.  Without STRICT mbind
 * still returns 0; with STRICT -EIO (nr_failed from migrate_pages()), the
 * policy set all the same, the other pages moved. */
static void test_mbind_pinned_partial(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	int pin, i;

	(void)state;
	assert_int_equal(migsim_pin(f.w, PID, f.anon + 3 * PG, &pin), 0);
	assert_int_equal(mb(&f, f.anon, 8 * PG, MIGSIM_MPOL_BIND, N1, MOVE), 0);
	assert_int_equal(node_of(f.w, f.anon + 3 * PG), 0);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 7);
	assert_int_equal(delta(f.w, "pgmigrate_fail"), 1);
	assert_int_equal(mb(&f, f.anon, 16 * PG, MIGSIM_MPOL_BIND, N1, MOVE | STRICT), -EIO);
	assert_non_null(strstr(migsim_strerror(f.w), "STRICT"));
	for (i = 0; i < 16; i++)
		assert_int_equal(node_of(f.w, f.anon + (uint64_t)i * PG), i == 3 ? 0 : 1);
	assert_int_equal(policy_at(&f, f.anon + 12 * PG, NULL), MIGSIM_MPOL_BIND);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 15);
	assert_int_equal(delta(f.w, "nr_isolated_anon"), 0);
	assert_int_equal(migsim_unpin(f.w, pin), 0);
	cfx_free(&f);
}

/* STRICT alone (strictly_unmovable): the walk stops at the first misplaced
 * page with -EIO and the policy is NOT set; with nothing misplaced it is. */
static void test_mbind_strict_alone(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	struct snap before = snap(&f), after;

	(void)state;
	assert_int_equal(mb(&f, f.anon, 16 * PG, MIGSIM_MPOL_BIND, N1, STRICT), -EIO);
	after = snap(&f);
	assert_same(before, after);
	assert_int_equal(mb(&f, f.anon, 16 * PG, MIGSIM_MPOL_BIND, N0, STRICT), 0);
	assert_int_equal(policy_at(&f, f.anon, NULL), MIGSIM_MPOL_BIND);
	/* MPOL_DEFAULT drops STRICT (do_mbind). */
	assert_int_equal(mb(&f, f.anon, 16 * PG, MIGSIM_MPOL_DEFAULT, 0, STRICT), 0);
	assert_int_equal(policy_at(&f, f.anon, NULL), MIGSIM_MPOL_DEFAULT);
	cfx_free(&f);
}

/* The shared-page rule (migrate_folio_add): after fork the private pages
 * are mapped twice; MOVE skips them and that is not a failure (0 even with
 * STRICT); MOVE_ALL (with CAP_SYS_NICE) moves them. */
static void test_mbind_shared_rule(void **state)
{
	struct migsim_task_config tc = { .pid = 400, .comm = "nice", .cap_sys_nice = true };
	struct cfx f = cfx_new("6.12", 0);
	uint64_t a, n1 = N1;
	int child;

	(void)state;
	assert_int_equal(migsim_task_create(f.w, &tc, NULL), 0);
	assert_int_equal(migsim_mmap(f.w, 400, 0, 4 * PG, MIGSIM_MAP_PRIVATE, 0, &a), 0);
	assert_int_equal(migsim_touch(f.w, 400, a, 4 * PG, 1), 0);
	assert_int_equal(migsim_fork(f.w, 400, &child), 0);
	assert_int_equal(migsim_touch(f.w, 400, a + 3 * PG, PG, 1), 0);	/* COW: own copy */
	assert_int_equal(migsim_lru_drain(f.w), 0);
	migsim_vmstat_baseline(f.w);
	assert_int_equal(migsim_mbind(f.w, 400, a, 4 * PG, MIGSIM_MPOL_BIND, &n1, MAXNODE,
				      MOVE | STRICT), 0);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 1);	/* the COW copy */
	assert_int_equal(migsim_mbind(f.w, 400, a, 4 * PG, MIGSIM_MPOL_BIND, &n1, MAXNODE,
				      MIGSIM_MPOL_MF_MOVE_ALL), 0);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 4);
	assert_int_equal(migsim_check(f.w), 0);
	cfx_free(&f);
}

/* A hugetlb mapping splits only at a huge page boundary
 * (hugetlb_vm_op_split): -EINVAL after the walk, pages put back. */
static void test_mbind_hugetlb_split_einval(void **state)
{
	struct cfx f = cfx_new("6.12", 2);
	struct snap before = snap(&f), after;

	(void)state;
	assert_int_equal(mb(&f, f.huge, PG, MIGSIM_MPOL_BIND, N1, MOVE), -EINVAL);
	after = snap(&f);
	assert_same(before, after);
	cfx_free(&f);
}

/* ---------------------------------------------------------------- */
/* mbind errors: each rule, and nothing changes                      */

static void expect_mbind_error(struct cfx *f, uint64_t addr, uint64_t len, int mode,
			       const uint64_t *mask, unsigned long maxnode, unsigned int flags,
			       long err, const char *words)
{
	struct snap before = snap(f), after;

	assert_int_equal(migsim_mbind(f->w, PID, addr, len, mode, mask, maxnode, flags), err);
	if (words)
		assert_non_null(strstr(migsim_strerror(f->w), words));
	after = snap(f);
	assert_same(before, after);
}

static void test_mbind_errors_in_order(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	uint64_t n1 = N1, two[2] = { N1, 1 }, none = 0, n2 = 1ULL << 2;

	(void)state;
	/* sanitize_mpol_flags(): mode >= MPOL_MAX; STATIC with RELATIVE;
	 * NUMA_BALANCING outside BIND/PREFERRED_MANY.  Before the flags. */
	expect_mbind_error(&f, f.anon, PG, 7, &n1, MAXNODE, 1 << 7, -EINVAL, "mode 7");
	expect_mbind_error(&f, f.anon, PG, MIGSIM_MPOL_BIND | MIGSIM_MPOL_F_STATIC_NODES |
			   MIGSIM_MPOL_F_RELATIVE_NODES, &n1, MAXNODE, MOVE, -EINVAL, "STATIC");
	expect_mbind_error(&f, f.anon, PG, MIGSIM_MPOL_INTERLEAVE | MIGSIM_MPOL_F_NUMA_BALANCING,
			   &n1, MAXNODE, MOVE, -EINVAL, "NUMA_BALANCING");
	/* get_nodes(): maxnode over a page of bits; a node past MAX_NUMNODES. */
	expect_mbind_error(&f, f.anon, PG, MIGSIM_MPOL_BIND, &n1, 4096 * 8 + 2, MOVE, -EINVAL,
			   "maxnode");
	expect_mbind_error(&f, f.anon, PG, MIGSIM_MPOL_BIND, two, 129, MOVE, -EINVAL,
			   "MAX_NUMNODES");
	/* do_mbind(): unknown flags (MPOL_MF_LAZY is not valid); MOVE_ALL without
	 * CAP_SYS_NICE; an unaligned start; a range that wraps. */
	expect_mbind_error(&f, f.anon, PG, MIGSIM_MPOL_BIND, &n1, MAXNODE, 1 << 3, -EINVAL,
			   "flags");
	expect_mbind_error(&f, f.anon, PG, MIGSIM_MPOL_BIND, &n1, MAXNODE,
			   MIGSIM_MPOL_MF_MOVE_ALL, -EPERM, "CAP_SYS_NICE");
	expect_mbind_error(&f, f.anon + 1, PG, MIGSIM_MPOL_BIND, &n1, MAXNODE, MOVE, -EINVAL,
			   "aligned");
	expect_mbind_error(&f, f.anon, -(16 * PG), MIGSIM_MPOL_BIND, &n1, MAXNODE, MOVE,
			   -EINVAL, "wraps");
	/* len 0 (and a len that rounds to 0): nothing to do, 0. */
	expect_mbind_error(&f, f.anon, 0, MIGSIM_MPOL_BIND, &n1, MAXNODE, MOVE, 0, NULL);
	expect_mbind_error(&f, f.anon, ~0ULL, MIGSIM_MPOL_BIND, &n1, MAXNODE, MOVE, 0, NULL);
	/* mpol_new(): empty mask for BIND / INTERLEAVE / PREFERRED_MANY; a mask
	 * for DEFAULT and LOCAL; PREFERRED empty with STATIC. */
	expect_mbind_error(&f, f.anon, PG, MIGSIM_MPOL_BIND, &none, MAXNODE, MOVE, -EINVAL,
			   "non-empty");
	expect_mbind_error(&f, f.anon, PG, MIGSIM_MPOL_INTERLEAVE, NULL, 0, MOVE, -EINVAL,
			   "non-empty");
	expect_mbind_error(&f, f.anon, PG, MIGSIM_MPOL_PREFERRED_MANY, &n1, 1, MOVE, -EINVAL,
			   "non-empty");
	expect_mbind_error(&f, f.anon, PG, MIGSIM_MPOL_DEFAULT, &n1, MAXNODE, MOVE, -EINVAL,
			   "MPOL_DEFAULT");
	expect_mbind_error(&f, f.anon, PG, MIGSIM_MPOL_LOCAL, &n1, MAXNODE, MOVE, -EINVAL,
			   "MPOL_LOCAL");
	expect_mbind_error(&f, f.anon, PG, MIGSIM_MPOL_PREFERRED | MIGSIM_MPOL_F_STATIC_NODES,
			   &none, MAXNODE, MOVE, -EINVAL, "STATIC");
	/* The off-by-one: maxnode 2 reads node 0 only, so {1} is empty. */
	expect_mbind_error(&f, f.anon, PG, MIGSIM_MPOL_BIND, &n1, 2, MOVE, -EINVAL, "non-empty");
	/* mpol_set_nodemask(): node 2 does not exist (no memory). */
	expect_mbind_error(&f, f.anon, PG, MIGSIM_MPOL_BIND, &n2, MAXNODE, MOVE, -EINVAL,
			   "no node with memory");
	/* Two errors at once: the earlier check wins, which pins the order.
	 * A bad mode before bad flags; unknown flags before MOVE_ALL's
	 * capability; the capability before the alignment; the alignment
	 * before the wrap; the wrap before the nodemask. */
	expect_mbind_error(&f, f.anon, PG, 7, &n1, MAXNODE, 1 << 3, -EINVAL, "mode 7");
	expect_mbind_error(&f, f.anon, PG, MIGSIM_MPOL_BIND, &n1, MAXNODE,
			   MIGSIM_MPOL_MF_MOVE_ALL | (1 << 3), -EINVAL, "flags");
	expect_mbind_error(&f, f.anon + 1, PG, MIGSIM_MPOL_BIND, &n1, MAXNODE,
			   MIGSIM_MPOL_MF_MOVE_ALL, -EPERM, "CAP_SYS_NICE");
	expect_mbind_error(&f, f.anon + 1, -(16 * PG), MIGSIM_MPOL_BIND, &n1, MAXNODE, MOVE,
			   -EINVAL, "aligned");
	expect_mbind_error(&f, f.anon, -(16 * PG), MIGSIM_MPOL_BIND, &none, MAXNODE, MOVE,
			   -EINVAL, "wraps");
	cfx_free(&f);
}

/* queue_pages_test_walk(): a hole in the range is -EFAULT (and nothing is
 * set, even in the mapping before the hole); MPOL_DEFAULT allows holes
 * (MPOL_MF_DISCONTIG_OK) but a range with no mapping at all is -EFAULT. */
static void test_mbind_efault_holes(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	uint64_t n1 = N1;

	(void)state;
	/* anon and zero are 1 GiB apart: anon + 16 pages .. is a hole. */
	expect_mbind_error(&f, f.anon, 32 * PG, MIGSIM_MPOL_BIND, &n1, MAXNODE, MOVE, -EFAULT,
			   "not mapped");
	expect_mbind_error(&f, f.anon - PG, 2 * PG, MIGSIM_MPOL_BIND, &n1, MAXNODE, MOVE,
			   -EFAULT, "not mapped");
	expect_mbind_error(&f, 0x10000, PG, MIGSIM_MPOL_DEFAULT, NULL, 0, 0, -EFAULT,
			   "no mapping");
	assert_int_equal(mb(&f, f.anon, 32 * PG, MIGSIM_MPOL_DEFAULT, 0, 0), 0);
	cfx_free(&f);
}

/* The caller's cpuset: a task allowed only node 0 cannot bind to node 1
 * (mpol_set_nodemask leaves nothing: -EINVAL). */
static void test_mbind_cpuset(void **state)
{
	struct migsim_task_config tc = { .pid = 500, .comm = "cpuset", .allowed_nodes = N0 };
	struct cfx f = cfx_new("6.12", 0);
	uint64_t a, n1 = N1, both = N0 | N1, nodes;

	(void)state;
	assert_int_equal(migsim_task_create(f.w, &tc, NULL), 0);
	assert_int_equal(migsim_mmap(f.w, 500, 0, PG, MIGSIM_MAP_PRIVATE, 0, &a), 0);
	assert_int_equal(migsim_mbind(f.w, 500, a, PG, MIGSIM_MPOL_BIND, &n1, MAXNODE, 0),
			 -EINVAL);
	assert_int_equal(migsim_mbind(f.w, 500, a, PG, MIGSIM_MPOL_BIND, &both, MAXNODE, 0), 0);
	assert_int_equal(migsim_get_vma_policy(f.w, 500, a, NULL, &nodes), 0);
	assert_int_equal(nodes, N0);	/* the effective nodes */
	cfx_free(&f);
}

/* Modes by kernel: PREFERRED_MANY from 5.15, WEIGHTED_INTERLEAVE from 6.9;
 * MPOL_F_NUMA_BALANCING from 5.12 (BIND), with PREFERRED_MANY from 6.10. */
static void test_mbind_modes_by_kernel(void **state)
{
	struct cfx f = cfx_new("5.13", 0);
	struct cfx g = cfx_new("6.11", 0);
	uint64_t a;

	(void)state;
	assert_int_equal(mb(&f, f.anon, PG, MIGSIM_MPOL_PREFERRED_MANY, N1, 0), -EINVAL);
	assert_int_equal(mb(&g, g.anon, PG, MIGSIM_MPOL_PREFERRED_MANY, N1, 0), 0);
	assert_int_equal(mb(&g, g.anon + PG, PG, MIGSIM_MPOL_WEIGHTED_INTERLEAVE, N0 | N1, 0), 0);
	assert_int_equal(mb(&g, g.anon, 2 * PG, 7, N1, 0), -EINVAL);
	/* PREFERRED_MANY places on its mask. */
	assert_int_equal(migsim_mmap(g.w, PID, 0, PG, MIGSIM_MAP_PRIVATE, 0, &a), 0);
	assert_int_equal(mb(&g, a, PG, MIGSIM_MPOL_PREFERRED_MANY, N1, 0), 0);
	assert_int_equal(migsim_touch(g.w, PID, a, PG, 1), 0);
	assert_int_equal(node_of(g.w, a), 1);
	/* MPOL_F_NUMA_BALANCING: from 5.12 with BIND; PREFERRED_MANY from 6.10. */
	assert_int_equal(mb(&f, f.anon, PG, MIGSIM_MPOL_BIND | MIGSIM_MPOL_F_NUMA_BALANCING, N1,
			    0), 0);
	assert_int_equal(mb(&g, g.anon, PG, MIGSIM_MPOL_PREFERRED_MANY |
			    MIGSIM_MPOL_F_NUMA_BALANCING, N1, 0), 0);
	cfx_free(&f);
	cfx_free(&g);
	f = cfx_new("5.11", 0);
	assert_int_equal(mb(&f, f.anon, PG, MIGSIM_MPOL_BIND | MIGSIM_MPOL_F_NUMA_BALANCING, N1,
			    0), -EINVAL);
	cfx_free(&f);
	f = cfx_new("6.9", 0);
	assert_int_equal(mb(&f, f.anon, PG, MIGSIM_MPOL_PREFERRED_MANY |
			    MIGSIM_MPOL_F_NUMA_BALANCING, N1, 0), -EINVAL);
	assert_int_equal(mb(&f, f.anon, PG, MIGSIM_MPOL_BIND | MIGSIM_MPOL_F_NUMA_BALANCING, N1,
			    0), 0);
	cfx_free(&f);
}

/* ---------------------------------------------------------------- */
/* migrate_pages(2)                                                 */

static long mp2(struct cfx *f, int caller, int pid, uint64_t from, uint64_t to)
{
	return migsim_sys_migrate_pages(f->w, caller, pid, MAXNODE, &from, &to);
}

/* Success: everything of the task on node 0 goes to node 1 (MR_SYSCALL);
 * the return value (pages not moved) is 0; the counters count them. */
static void test_migrate_pages_success(void **state)
{
	struct cfx f = cfx_new("6.12", 3);
	int i;

	(void)state;
	assert_int_equal(mp2(&f, PID, 0, N0, N1), 0);
	for (i = 0; i < 16; i++)
		assert_int_equal(node_of(f.w, f.anon + (uint64_t)i * PG), 1);
	assert_int_equal(node_of(f.w, f.thp), 1);
	assert_int_equal(node_of(f.w, f.huge), 1);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 16 + 512 + 512);
	assert_int_equal(delta(f.w, "thp_migration_success"), 1);
	assert_int_equal(delta(f.w, "pgmigrate_fail"), 0);
	/* Nothing left on node 0: a second call moves nothing. */
	assert_int_equal(mp2(&f, PID, 0, N0, N1), 0);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 16 + 512 + 512);
	cfx_free(&f);
}

/* Partial failure: a pinned page is not moved and is counted. */
static void test_migrate_pages_pinned(void **state)
{
	struct cfx f = cfx_new("6.12", 0);
	int pin;

	(void)state;
	assert_int_equal(migsim_pin(f.w, PID, f.anon + 5 * PG, &pin), 0);
	assert_int_equal(mp2(&f, PID, 0, N0, N1), 1);
	assert_int_equal(node_of(f.w, f.anon + 5 * PG), 0);
	assert_int_equal(node_of(f.w, f.anon + 6 * PG), 1);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 15);
	assert_int_equal(delta(f.w, "pgmigrate_fail"), 1);
	assert_int_equal(migsim_unpin(f.w, pin), 0);
	cfx_free(&f);
}

/* The shared rule: without CAP_SYS_NICE the caller moves with MPOL_MF_MOVE
 * and shared pages stay, not counted; with it, MOVE_ALL. */
static void test_migrate_pages_shared(void **state)
{
	struct migsim_task_config nice = { .pid = 401, .comm = "nice", .cap_sys_nice = true };
	struct cfx f = cfx_new("6.12", 0);
	int child;

	(void)state;
	assert_int_equal(migsim_fork(f.w, PID, &child), 0);
	assert_int_equal(migsim_task_create(f.w, &nice, NULL), 0);
	assert_int_equal(mp2(&f, PID, 0, N0, N1), 0);
	assert_int_equal(node_of(f.w, f.anon), 0);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 0);
	assert_int_equal(mp2(&f, 401, PID, N0, N1), 0);
	assert_int_equal(node_of(f.w, f.anon), 1);
	assert_int_equal(delta(f.w, "pgmigrate_success"), 16);
	cfx_free(&f);
}

/* kernel_migrate_pages(): each check, in order, and nothing changes. */
static void test_migrate_pages_errors(void **state)
{
	struct migsim_task_config plain = { .pid = 200, .comm = "plain" };
	struct migsim_task_config fenced = { .pid = 201, .comm = "fenced", .allowed_nodes = N0 };
	struct cfx f = cfx_new("6.12", 0);
	uint64_t two[2] = { N0, 1 }, n1 = N1;
	struct snap before, after;

	(void)state;
	assert_int_equal(migsim_task_create(f.w, &plain, NULL), 0);
	assert_int_equal(migsim_task_create(f.w, &fenced, NULL), 0);
	before = snap(&f);
	/* get_nodes(): a node past MAX_NUMNODES, then maxnode too large. */
	assert_int_equal(migsim_sys_migrate_pages(f.w, PID, 0, 129, two, &n1), -EINVAL);
	assert_int_equal(migsim_sys_migrate_pages(f.w, PID, 0, 40000, &n1, &n1), -EINVAL);
	/* No such task: -ESRCH. */
	assert_int_equal(mp2(&f, PID, 4242, N0, N1), -ESRCH);
	/* ptrace_may_access(): another task without CAP_SYS_NICE. */
	assert_int_equal(mp2(&f, 200, PID, N0, N1), -EPERM);
	assert_non_null(strstr(migsim_strerror(f.w), "ptrace_may_access"));
	/* New nodes outside the target's mems_allowed, no CAP_SYS_NICE. */
	assert_int_equal(mp2(&f, 201, 0, N0, N1), -EPERM);
	assert_non_null(strstr(migsim_strerror(f.w), "mems_allowed"));
	/* New nodes empty (or none in the caller's cpuset): -EINVAL. */
	assert_int_equal(mp2(&f, PID, 0, N0, 0), -EINVAL);
	assert_int_equal(mp2(&f, PID, 0, N0, 1ULL << 5), -EPERM);	/* not in task's set */
	after = snap(&f);
	assert_same(before, after);
	/* An empty old mask is fine: nothing to do. */
	assert_int_equal(mp2(&f, PID, 0, 0, N1), 0);
	cfx_free(&f);
}

/*
 * do_migrate_pages()'s pair order.  from {0,1} -> to {1,2}: node 0 maps to
 * 1 and node 1 to 2.  Migrating 0 -> 1 first would then carry node 0's
 * pages on to node 2; the kernel picks 1 -> 2 first (its dest is not a
 * remaining source), then 0 -> 1.  Each page moves once.
 *
 *   N0: [a a a a]  N1: [b b]  N2: [ ]   ->   N0: [ ]  N1: [a a a a]  N2: [b b]
 *
 * And with unequal weights, sources that are also destinations stay:
 * {0,1,2} -> {2}: nodes 0 and 1 go to 2, node 2 is left alone.
 */
static void test_migrate_pages_pair_order(void **state)
{
	struct migsim_task_config tc = { .pid = 300, .comm = "t3" };
	struct migsim_config cfg;
	struct migsim_world *w;
	uint64_t a, b, c, from = N0 | N1, to = N1 | (1ULL << 2);
	struct migsim_page_info pi;
	size_t i, k;
	long succ = 0;

	(void)state;
	migsim_config_init(&cfg);
	cfg.nr_nodes = 3;
	cfg.node_size[0] = cfg.node_size[1] = cfg.node_size[2] = 32 * MiB;
	printf("# seed %llu, kernel 6.12, 3 nodes\n", (unsigned long long)cfg.seed);
	assert_int_equal(migsim_world_create(&cfg, &w, NULL, 0), 0);
	assert_int_equal(migsim_task_create(w, &tc, NULL), 0);
	assert_int_equal(migsim_mmap(w, 300, 0, 4 * PG, MIGSIM_MAP_PRIVATE, 0, &a), 0);
	assert_int_equal(migsim_mmap(w, 300, 0, 2 * PG, MIGSIM_MAP_PRIVATE, 1, &b), 0);
	assert_int_equal(migsim_mmap(w, 300, 0, 1 * PG, MIGSIM_MAP_PRIVATE, 2, &c), 0);
	assert_int_equal(migsim_touch(w, 300, a, 4 * PG, 1), 0);
	assert_int_equal(migsim_touch(w, 300, b, 2 * PG, 1), 0);
	assert_int_equal(migsim_touch(w, 300, c, 1 * PG, 1), 0);
	assert_int_equal(migsim_lru_drain(w), 0);
	migsim_vmstat_baseline(w);
	assert_int_equal(migsim_sys_migrate_pages(w, 300, 0, MAXNODE, &from, &to), 0);
	for (k = 0; k < 4; k++) {
		assert_int_equal(migsim_page_info(w, 300, a + k * PG, &pi), 0);
		assert_int_equal(pi.node, 1);
	}
	for (k = 0; k < 2; k++) {
		assert_int_equal(migsim_page_info(w, 300, b + k * PG, &pi), 0);
		assert_int_equal(pi.node, 2);
	}
	for (i = 0; i < migsim_vmstat_count(); i++)
		if (!strcmp(migsim_vmstat_name(i), "pgmigrate_success"))
			succ = migsim_vmstat_delta(w, i);
	assert_int_equal(succ, 6);		/* each page once */
	/* {0,1,2} -> {2}: nodes 1 and 0 empty onto 2; node 2 stays. */
	from = N0 | N1 | (1ULL << 2);
	to = 1ULL << 2;
	assert_int_equal(migsim_sys_migrate_pages(w, 300, 0, MAXNODE, &from, &to), 0);
	assert_int_equal(migsim_page_info(w, 300, a, &pi), 0);
	assert_int_equal(pi.node, 2);
	assert_int_equal(migsim_page_info(w, 300, c, &pi), 0);
	assert_int_equal(pi.node, 2);
	assert_int_equal(migsim_check(w), 0);
	migsim_world_destroy(w);
}

/*
 * The early stop of the pair scan: {0,1,3} -> {2,3,4} maps 0->2, 1->3,
 * 3->4.  Round 1 stops at 0->2 (node 2 is no source); round 2 skips 1->3
 * (node 3 still a source) and takes 3->4; round 3 takes 1->3.  The order
 * shows in the mm_migrate_pages tracepoints (1, 3, then 2 pages); without
 * the early stop it would be 3->4, 1->3, 0->2.
 */
static void test_migrate_pages_pair_scan_stops_early(void **state)
{
	struct migsim_task_config tc = { .pid = 300, .comm = "t5" };
	struct migsim_config cfg;
	struct migsim_world *w;
	uint64_t a[3], from = N0 | N1 | (1ULL << 3), to = (1ULL << 2) | (1ULL << 3) | (1ULL << 4);
	const int src[3] = { 0, 1, 3 }, dst[3] = { 2, 3, 4 }, npages[3] = { 1, 2, 3 };
	const char *want[3] = { "nr_succeeded=1 ", "nr_succeeded=3 ", "nr_succeeded=2 " };
	struct migsim_trace_event ev;
	size_t i, seen = 0;
	int k, j;

	(void)state;
	migsim_config_init(&cfg);
	cfg.nr_nodes = 5;
	for (k = 0; k < 5; k++)
		cfg.node_size[k] = 16 * MiB;
	cfg.trace = true;
	printf("# seed %llu, kernel 6.12, 5 nodes\n", (unsigned long long)cfg.seed);
	assert_int_equal(migsim_world_create(&cfg, &w, NULL, 0), 0);
	assert_int_equal(migsim_task_create(w, &tc, NULL), 0);
	for (k = 0; k < 3; k++) {
		assert_int_equal(migsim_mmap(w, 300, 0, npages[k] * PG, MIGSIM_MAP_PRIVATE, src[k],
					     &a[k]), 0);
		assert_int_equal(migsim_touch(w, 300, a[k], npages[k] * PG, 1), 0);
	}
	assert_int_equal(migsim_lru_drain(w), 0);
	i = migsim_trace_count(w);
	assert_int_equal(migsim_sys_migrate_pages(w, 300, 0, MAXNODE, &from, &to), 0);
	for (; i < migsim_trace_count(w); i++) {
		assert_int_equal(migsim_trace_get(w, i, &ev), 0);
		if (strcmp(ev.event, "mm_migrate_pages"))
			continue;
		assert_true(seen < 3);
		assert_non_null(strstr(ev.fields, want[seen]));
		assert_non_null(strstr(ev.fields, "reason=syscall"));
		seen++;
	}
	assert_int_equal(seen, 3);
	for (k = 0; k < 3; k++)
		for (j = 0; j < npages[k]; j++) {
			struct migsim_page_info pi;

			assert_int_equal(migsim_page_info(w, 300, a[k] + (uint64_t)j * PG, &pi), 0);
			assert_int_equal(pi.node, dst[k]);
		}
	assert_int_equal(migsim_check(w), 0);
	migsim_world_destroy(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interleave_on_fault),
		cmocka_unit_test(test_thp_fault_follows_policy),
		cmocka_unit_test(test_bind_preferred_default_on_fault),
		cmocka_unit_test(test_bind_no_fallback),
		cmocka_unit_test(test_mbind_move_success),
		cmocka_unit_test(test_mbind_subrange_splits),
		cmocka_unit_test(test_mbind_interleave_moves_nothing_in_mask),
		cmocka_unit_test(test_mbind_default_moves_to_local),
		cmocka_unit_test(test_mbind_interleave_target),
		cmocka_unit_test(test_mbind_thp_and_hugetlb),
		cmocka_unit_test(test_mbind_cuts_thp),
		cmocka_unit_test(test_mbind_pinned_partial),
		cmocka_unit_test(test_mbind_strict_alone),
		cmocka_unit_test(test_mbind_shared_rule),
		cmocka_unit_test(test_mbind_hugetlb_split_einval),
		cmocka_unit_test(test_mbind_errors_in_order),
		cmocka_unit_test(test_mbind_efault_holes),
		cmocka_unit_test(test_mbind_cpuset),
		cmocka_unit_test(test_mbind_modes_by_kernel),
		cmocka_unit_test(test_migrate_pages_success),
		cmocka_unit_test(test_migrate_pages_pinned),
		cmocka_unit_test(test_migrate_pages_shared),
		cmocka_unit_test(test_migrate_pages_errors),
		cmocka_unit_test(test_migrate_pages_pair_order),
		cmocka_unit_test(test_migrate_pages_pair_scan_stops_early),
	};

	return cmocka_run_group_tests_name("callers_mempolicy", tests, NULL, NULL);
}
