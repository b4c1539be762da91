// SPDX-License-Identifier: MIT
/*
 * Kernel profiles: the table of modelled kernels (6.9, 6.10-rc1, 6.10, 6.11,
 * 6.12) and of the historical patches that can be applied on top of them
 * ("6.9+deferred-split-v5"), each expressed as the values of the behaviour
 * switches of struct kernel_profile.  The values follow reference sections 0,
 * 9 and 10.4; docs/kernel-profiles.md tabulates them.  Everything a switch
 * does not cover behaves as 6.12.
 *
 * All tables are const; parsing writes only to the caller's buffers.
 */
#include <errno.h>
#include <string.h>
#include <stdio.h>
#include <stdarg.h>
#include <ctype.h>

#include "profile.h"

/* ------------------------------------------------------------------ */
/* Base profiles                                                       */

/*
 * The historical bases model only the behaviours their seeds need; every
 * other switch takes 6.9's value (no deferred-split block, old NUMA path),
 * which is the closest modern behaviour.  docs/kernel-profiles.md says
 * what is and is not modelled for them.
 */
#define HISTORICAL(n, maj, min)						\
	.name = (n), .version = KV(maj, min), .has_sync_no_copy = true,	\
	.split_stats_any_order = true, .shared_test_page_mapcount = true

static const struct kernel_profile base_profiles[] = {
	{
		/* 4.14 as 4.14.y: the stable backport of 40a899ed1648 is in; the
		 * bug itself is the patch "prep-transhuge-on-src". */
		HISTORICAL("4.14", 4, 14),
		.thp_split_head_only		= true,
		.move_pages_fixed_chunk		= true,
		.move_pages_hugetlb_tail_eacces	= true,
		.hugetlb_active_in_page1	= true,
		.page_huge_active_vm_bug	= true,
		.migration_wait_tail_ref	= true,
	},
	{
		HISTORICAL("4.16", 4, 16),
		.thp_split_head_only		= true,
		.move_pages_fixed_chunk		= true,
		.move_pages_hugetlb_tail_eacces	= true,
		.hugetlb_active_in_page1	= true,
		.page_huge_active_vm_bug	= true,
		.migration_wait_tail_ref	= true,
	},
	{
		HISTORICAL("4.17", 4, 17),
		.move_pages_hugetlb_tail_eacces	= true,
		.hugetlb_active_in_page1	= true,
		.page_huge_active_vm_bug	= true,
		.migration_wait_tail_ref	= true,
	},
	{
		HISTORICAL("5.10", 5, 10),
		.hugetlb_active_in_page1	= true,
		.page_huge_active_vm_bug	= true,
		.migration_wait_tail_ref	= true,
	},
	{
		HISTORICAL("5.11", 5, 11),
		.hugetlb_active_in_page1	= true,
		.migration_wait_tail_ref	= true,
	},
	{
		HISTORICAL("5.12", 5, 12),
		.migration_wait_tail_ref	= true,
	},
	{
		HISTORICAL("5.13", 5, 13),
		.migration_wait_head_ref	= true,
	},
	{
		HISTORICAL("5.17", 5, 17),
	},
	{
		.name				= "6.9",
		.version			= KV(6, 9),
		.rc				= false,
		.shared_test_page_mapcount	= true,
		.a1_deferred_split		= false,
		.a1_split_into_from		= false,
		.a1_counts_failed		= false,
		.a1_counts_thp_failed		= false,
		.a1_requires_partially_mapped	= false,
		.split_trylock_async		= false,
		.misplaced_putback_all		= false,
		.numa_large_pte			= false,
		.numa_prepare_under_ptl		= false,
		.copy_before_freeze		= false,
		.unqueue_in_migrate_mapping	= false,
		.has_sync_no_copy		= true,
		.has_mr_damon			= false,
		.split_remaps_zero		= false,
		.deferred_split_underused	= false,
		.split_stats_any_order		= true,
	},
	{
		/* 6.10-rc1..rc4: 7262f208ca68 (v6) without the rc5/rc6 fixes. */
		.name				= "6.10-rc1",
		.version			= KV(6, 10),
		.rc				= true,
		.a1_deferred_split		= true,
		.a1_split_into_from		= false,
		.a1_counts_failed		= false,
		.a1_counts_thp_failed		= false,
		.a1_requires_partially_mapped	= false,
		.split_trylock_async		= false,
		.misplaced_putback_all		= false,
		.numa_large_pte			= true,
		.numa_prepare_under_ptl		= false,
		.copy_before_freeze		= false,
		.unqueue_in_migrate_mapping	= false,
		.has_sync_no_copy		= true,
		.has_mr_damon			= false,
		.split_remaps_zero		= false,
		.deferred_split_underused	= false,
		.split_stats_any_order		= false,
		.compaction_large_folios	= true,
	},
	{
		/* 6.10.0: with 8e279f970b5c (rc5) and the rc6 stats fix, but
		 * without the 6.10.y backport of 6e49019db5f7. */
		.name				= "6.10",
		.version			= KV(6, 10),
		.rc				= false,
		.a1_deferred_split		= true,
		.a1_split_into_from		= false,
		.a1_counts_failed		= true,
		.a1_counts_thp_failed		= true,
		.a1_requires_partially_mapped	= false,
		.split_trylock_async		= false,
		.misplaced_putback_all		= false,
		.numa_large_pte			= true,
		.numa_prepare_under_ptl		= false,
		.copy_before_freeze		= false,
		.unqueue_in_migrate_mapping	= false,
		.has_sync_no_copy		= true,
		.has_mr_damon			= false,
		.split_remaps_zero		= false,
		.deferred_split_underused	= false,
		.split_stats_any_order		= false,
		.compaction_large_folios	= true,
	},
	{
		/* 6.11 as in 6.11.11, which has the f8f931bba0f9 backport. */
		.name				= "6.11",
		.version			= KV(6, 11),
		.rc				= false,
		.a1_deferred_split		= true,
		.a1_split_into_from		= false,
		.a1_counts_failed		= true,
		.a1_counts_thp_failed		= true,
		.a1_requires_partially_mapped	= false,
		.split_trylock_async		= true,
		.misplaced_putback_all		= true,
		.numa_large_pte			= true,
		.numa_prepare_under_ptl		= true,
		.copy_before_freeze		= true,
		.unqueue_in_migrate_mapping	= true,
		.has_sync_no_copy		= false,
		.has_mr_damon			= true,
		.split_remaps_zero		= false,
		.deferred_split_underused	= false,
		.split_stats_any_order		= false,
		.compaction_large_folios	= true,
	},
	{
		.name				= "6.12",
		.version			= KV(6, 12),
		.rc				= false,
		.move_pages_zero_enoent		= true,
		.a1_deferred_split		= true,
		.a1_split_into_from		= false,
		.a1_counts_failed		= true,
		.a1_counts_thp_failed		= true,
		.a1_requires_partially_mapped	= true,
		.split_trylock_async		= true,
		.misplaced_putback_all		= true,
		.numa_large_pte			= true,
		.numa_prepare_under_ptl		= true,
		.copy_before_freeze		= true,
		.unqueue_in_migrate_mapping	= true,
		.has_sync_no_copy		= false,
		.has_mr_damon			= true,
		.split_remaps_zero		= true,
		.deferred_split_underused	= true,
		.split_stats_any_order		= false,
		.compaction_large_folios	= true,
	},
};

/* ------------------------------------------------------------------ */
/* Patches                                                             */

#define PATCH_MAX_BASES	4

struct profile_patch {
	const char *name;
	const char *what;
	/* The bases the patch applies to (NULL-terminated unless full). */
	const char *bases[PATCH_MAX_BASES];
	void (*apply)(struct kernel_profile *p);
};

static void apply_deferred_split_v5(struct kernel_profile *p)
{
	p->a1_deferred_split = true;
	p->a1_split_into_from = true;
	p->a1_counts_failed = false;
	p->a1_counts_thp_failed = false;
	p->a1_requires_partially_mapped = false;
	/* v5 was tested on an mm tree that already migrated PTE-mapped large
	 * folios on NUMA hinting faults (Baolin's crash is in do_numa_page). */
	p->numa_large_pte = true;
}

static void apply_putback_split_folios(struct kernel_profile *p)
{
	p->misplaced_putback_all = true;
}

static void apply_split_trylock(struct kernel_profile *p)
{
	p->split_trylock_async = true;
}

static void apply_prep_transhuge_on_src(struct kernel_profile *p)
{
	p->prep_transhuge_on_src = true;
}

static const struct profile_patch profile_patches[] = {
	{
		.name	= "deferred-split-v5",
		.what	= "never-merged [PATCH v5] \"mm/migrate: split source folio if it is on "
			  "deferred split list\" (Zi Yan, 2024-03-22): A1 splits into @from, "
			  "uncounted",
		.bases	= { "6.9" },
		.apply	= apply_deferred_split_v5,
	},
	{
		.name	= "putback-split-folios",
		.what	= "6e49019db5f7 \"mm/migrate: putback split folios when numa hint "
			  "migration fails\" (Peter Xu), the 6.10.y stable backport",
		.bases	= { "6.10" },
		.apply	= apply_putback_split_folios,
	},
	{
		.name	= "split-trylock",
		.what	= "2e6506e1c4ee \"mm/migrate: fix deadlock in migrate_pages_batch() on "
			  "large folios\" (Gao Xiang, 6.11-rc4): trylock in try_split_folio()",
		.bases	= { "6.9", "6.10" },
		.apply	= apply_split_trylock,
	},
	{
		.name	= "prep-transhuge-on-src",
		.what	= "4.14.0 before 40a899ed1648 \"mm: migrate: fix an incorrect call of "
			  "prep_transhuge_page()\": new_page_nodemask() tests the source",
		.bases	= { "4.14" },
		.apply	= apply_prep_transhuge_on_src,
	},
};

/* ------------------------------------------------------------------ */
/* Switches                                                            */

#define SWITCH(field, text) \
	{ .name = #field, .offset = offsetof(struct kernel_profile, field), .what = text }

const struct profile_switch profile_switches[] = {
	SWITCH(rc, "the base is a release candidate: 6.10-rc1..rc4, before the rc5 and rc6 "
	       "fixes to the A1 accounting"),
	SWITCH(a1_deferred_split, "migrate_pages_batch() splits a large folio found on a "
	       "deferred split queue instead of migrating it (A1; 7262f208ca68, 6.10-rc1)"),
	SWITCH(a1_split_into_from, "the A1 split puts the pieces on @from, the list being "
	       "walked, not on split_folios (never-merged v5, 2024-03-22)"),
	SWITCH(a1_counts_failed, "an A1 split counts one failure (nr_failed++), so a non-empty "
	       "@from means a non-zero return (8e279f970b5c, Hugh Dickins, 6.10-rc5)"),
	SWITCH(a1_counts_thp_failed, "an A1 split of a THP also counts nr_thp_failed, so ASYNC "
	       "and SYNC stats agree (Zi Yan, \"make migrate_pages_batch() stats "
	       "consistent\", 6.10-rc6)"),
	SWITCH(a1_requires_partially_mapped, "A1 splits only folios that are also partially "
	       "mapped, as fresh THPs are queued too (8422acdc97ed series, 6.12-rc1)"),
	SWITCH(compaction_large_folios, "compaction's migrate scanner isolates large folios "
	       "below the target order and pageblock order (6.10); before, it skips every "
	       "compound page"),
	SWITCH(split_trylock_async, "try_split_folio() takes the mode and only trylocks under "
	       "MIGRATE_ASYNC, avoiding an ABBA deadlock (2e6506e1c4ee, 6.11-rc4)"),
	SWITCH(misplaced_putback_all, "migrate_misplaced_folio() puts back every folio left on "
	       "its list, not only the original (6e49019db5f7, 6.11-rc1, 6.10.y)"),
	SWITCH(numa_large_pte, "NUMA hinting faults migrate PTE-mapped large folios (mTHP NUMA "
	       "balancing, 6.10); before, do_numa_page() skips them"),
	SWITCH(numa_prepare_under_ptl, "NUMA-hint isolation in migrate_misplaced_folio_prepare() "
	       "under the PTL; migrate_misplaced_folio() returns 0/-EAGAIN, not 1/0 (6.11)"),
	SWITCH(copy_before_freeze, "__migrate_folio() copies the data (folio_mc_copy) before "
	       "freezing and moving the mapping; before, the mapping moves first (6.11)"),
	SWITCH(unqueue_in_migrate_mapping, "the source leaves the deferred queue in "
	       "__folio_migrate_mapping() while frozen, not in mem_cgroup_migrate() "
	       "(f8f931bba0f9; 6.12, 6.11.11)"),
	SWITCH(has_sync_no_copy, "the MIGRATE_SYNC_NO_COPY mode exists (6.9, 6.10; removed by "
	       "\"mm: remove MIGRATE_SYNC_NO_COPY mode\" in 6.11)"),
	SWITCH(has_mr_damon, "the MR_DAMON migrate reason exists (6.11)"),
	SWITCH(split_remaps_zero, "an anon split remaps all-zero subpages to the shared zero "
	       "page (RMP_USE_SHARED_ZEROPAGE, \"mm: split underused THPs\", 6.12)"),
	SWITCH(deferred_split_underused, "a THP fault queues the fresh THP on the deferred split "
	       "queue as possibly underused (dafff3f4c850 series, 6.12-rc1)"),
	SWITCH(split_stats_any_order, "THP_SPLIT_PAGE and THP_SPLIT_PAGE_FAILED count splits of "
	       "any order (6.9); from 6.10 only PMD-order splits count"),
	SWITCH(thp_split_head_only, "a THP that cannot move whole is split with no list by the "
	       "old unmap_and_move(): only the head migrates, the tails stay (up to 4.16; "
	       "94723aafb9e7 \"mm: unclutter THP migration\", 4.17)"),
	SWITCH(prep_transhuge_on_src, "new_page_nodemask() tests the source, not the new page, "
	       "before prep_transhuge_page() (4.14; fixed by 40a899ed1648)"),
	SWITCH(move_pages_fixed_chunk, "move_pages() works in fixed chunks of entries "
	       "(do_move_page_to_node_array, up to 4.16; a49bd4d71637 batches per node in 4.17)"),
	SWITCH(move_pages_hugetlb_tail_eacces, "a hugetlb tail address in move_pages() gives "
	       "-EACCES; only a head is isolated (4.17 and before; the change is not dated)"),
	SWITCH(move_pages_zero_enoent, "move_pages() looks pages up with folio_walk: "
	       "never-touched anonymous memory gives -ENOENT, not -EFAULT (the zero page "
	       "stays -EFAULT) (6.12)"),
	SWITCH(shared_test_page_mapcount, "move_pages()'s shared test is page_mapcount(page) > 1 "
	       "of the subpage, not folio_likely_mapped_shared() (up to 6.9)"),
	SWITCH(hugetlb_active_in_page1, "hugetlb \"active\" (migratable) is PG_private of "
	       "page[1] (up to 5.11; HPG_migratable in the head's private from 5.12)"),
	SWITCH(page_huge_active_vm_bug, "page_huge_active() has VM_BUG_ON_PAGE(!PageHuge(page)) "
	       "(up to 5.10; removed by ecbf4724e606)"),
	SWITCH(migration_wait_tail_ref, "a fault on a migration entry takes "
	       "get_page_unless_zero() on the entry's own (tail) page and retries at once if "
	       "that fails (up to 5.12)"),
	SWITCH(migration_wait_head_ref, "the waiter takes a reference on the compound head and "
	       "sleeps on its lock (ffc90cbb2970, 5.13-5.16); neither switch: waits on the folio "
	       "lock with no reference (ffa65753c431, 5.17+)"),
};

const size_t nr_profile_switches = ARRAY_SIZE(profile_switches);

/* ------------------------------------------------------------------ */
/* Listing                                                             */

const char *kernel_profile_base_name(size_t i)
{
	return i < ARRAY_SIZE(base_profiles) ? base_profiles[i].name : NULL;
}

const char *kernel_profile_patch_name(size_t i)
{
	return i < ARRAY_SIZE(profile_patches) ? profile_patches[i].name : NULL;
}

const char *kernel_profile_patch_what(size_t i)
{
	return i < ARRAY_SIZE(profile_patches) ? profile_patches[i].what : NULL;
}

/* ------------------------------------------------------------------ */
/* Error messages and near-miss suggestions                            */

struct errbuf {
	char *buf;
	size_t len;
	size_t pos;
};

static __printf(2, 3) void errf(struct errbuf *e, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!e->buf || !e->len || e->pos >= e->len - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(e->buf + e->pos, e->len - e->pos, fmt, ap);
	va_end(ap);
	if (n > 0)
		e->pos = min(e->pos + (size_t)n, e->len - 1);
}

#define NAME_MAX_LEN	63

/* Levenshtein distance of two short strings (each at most NAME_MAX_LEN). */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t row[NAME_MAX_LEN + 2];
	size_t i, j;

	if (la > NAME_MAX_LEN || lb > NAME_MAX_LEN)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			best = min(best, up + 1);
			best = min(best, row[j - 1] + 1);
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/*
 * Reduce what a user may type for a name to the form of the table's names:
 * trimmed, lower case, '_' and ' ' as '-'.  For bases also drop a "linux-"
 * or "v" prefix and trailing ".0" components ("6.12.0"), and put the dot in
 * a bare "612" or "69".
 */
static void normalize(const char *s, size_t n, bool base, char *out)
{
	size_t len = 0, dots = 0, i;

	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	n = min(n, (size_t)NAME_MAX_LEN);
	for (i = 0; i < n; i++) {
		char c = (char)tolower((unsigned char)s[i]);

		out[len++] = (c == '_' || c == ' ') ? '-' : c;
	}
	out[len] = '\0';
	if (!base)
		return;

	if (!strncmp(out, "linux-", 6))
		memmove(out, out + 6, (len -= 6) + 1);
	if (out[0] == 'v' && isdigit((unsigned char)out[1]))
		memmove(out, out + 1, len--);
	for (i = 0; i < len; i++)
		dots += out[i] == '.';
	while (dots >= 2 && len >= 2 && !strcmp(out + len - 2, ".0")) {
		len -= 2;
		out[len] = '\0';
		dots--;
	}
	if ((len == 2 || len == 3) && out[0] == '6' && strspn(out, "0123456789") == len) {
		memmove(out + 2, out + 1, len);
		out[1] = '.';
	}
}

/*
 * The one candidate @s obviously means, or NULL: equal after normalizing,
 * else a unique closest name within edit distance 2, else the only name that
 * contains @s or is contained in it.
 */
static const char *closest_name(const char *s, size_t n, bool base)
{
	char norm[NAME_MAX_LEN + 1];
	const char *best = NULL, *sub = NULL;
	size_t best_d = 3, nsub = 0, len, i;
	bool tie = false;

	normalize(s, n, base, norm);
	len = strlen(norm);
	if (!len)
		return NULL;
	for (i = 0; ; i++) {
		const char *c = base ? kernel_profile_base_name(i) : kernel_profile_patch_name(i);
		size_t d;

		if (!c)
			break;
		if (!strcmp(norm, c))
			return c;
		d = edit_distance(norm, len, c, strlen(c));
		if (d < best_d) {
			best_d = d;
			best = c;
			tie = false;
		} else if (d == best_d) {
			tie = true;
		}
		if (len >= 2 && (strstr(c, norm) || strstr(norm, c))) {
			sub = c;
			nsub++;
		}
	}
	if (best && !tie && best_d < strlen(best))
		return best;
	return nsub == 1 ? sub : NULL;
}

static void list_bases(struct errbuf *e)
{
	size_t i;

	errf(e, "valid bases: ");
	for (i = 0; i < ARRAY_SIZE(base_profiles); i++)
		errf(e, "%s%s", i ? ", " : "", base_profiles[i].name);
}

static void list_patches(struct errbuf *e)
{
	size_t i;

	errf(e, "valid patches: ");
	for (i = 0; i < ARRAY_SIZE(profile_patches); i++)
		errf(e, "%s%s", i ? ", " : "", profile_patches[i].name);
}

static void list_patch_bases(struct errbuf *e, const struct profile_patch *pt)
{
	size_t i;

	for (i = 0; i < PATCH_MAX_BASES && pt->bases[i]; i++)
		errf(e, "%s%s", !i ? "" : (i + 1 < PATCH_MAX_BASES && pt->bases[i + 1]) ?
		     ", " : " or ", pt->bases[i]);
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */

static const struct kernel_profile *find_base(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(base_profiles); i++)
		if (strlen(base_profiles[i].name) == n && !memcmp(base_profiles[i].name, s, n))
			return &base_profiles[i];
	return NULL;
}

static const struct profile_patch *find_patch(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(profile_patches); i++)
		if (strlen(profile_patches[i].name) == n && !memcmp(profile_patches[i].name, s, n))
			return &profile_patches[i];
	return NULL;
}

static bool patch_applies(const struct profile_patch *pt, const struct kernel_profile *base)
{
	size_t i;

	for (i = 0; i < PATCH_MAX_BASES && pt->bases[i]; i++)
		if (!strcmp(pt->bases[i], base->name))
			return true;
	return false;
}

/* Whether @base already behaves as @pt would make it. */
static bool patch_is_noop(const struct profile_patch *pt, const struct kernel_profile *base)
{
	struct kernel_profile q = *base;
	size_t i;

	pt->apply(&q);
	for (i = 0; i < nr_profile_switches; i++) {
		size_t off = profile_switches[i].offset;
		const bool *a = (const bool *)((const char *)base + off);
		const bool *b = (const bool *)((const char *)&q + off);

		if (*a != *b)
			return false;
	}
	return true;
}

static int bad_base(struct errbuf *e, const char *spec, size_t n)
{
	const char *near = closest_name(spec, n, true);
	const char *as_patch = closest_name(spec, n, false);
	const struct profile_patch *pt = find_patch(spec, n);

	errf(e, "unknown kernel profile base \"%.*s\"", (int)n, spec);
	if (pt)
		errf(e, " (patches go after a base: \"%s+%s\")", pt->bases[0], pt->name);
	else if (near)
		errf(e, " (did you mean \"%s\"?)", near);
	else if (as_patch && n >= 4)
		errf(e, " (patches go after a base, did you mean \"%s\"?)", as_patch);
	errf(e, "; ");
	list_bases(e);
	errf(e, "; a profile is BASE or BASE+PATCH[+PATCH...]");
	return -EINVAL;
}

static int bad_patch(struct errbuf *e, const char *spec, const char *s, size_t n)
{
	const char *near = closest_name(s, n, false);

	if (!n)
		errf(e, "empty patch name in kernel profile \"%s\"", spec);
	else
		errf(e, "unknown patch \"%.*s\" in kernel profile \"%s\"", (int)n, s, spec);
	if (n == 17 && !strncmp(s, "deferred-split-v6", n))
		errf(e, " (v6 was merged as 7262f208ca68: use the base \"6.10-rc1\")");
	else if (near)
		errf(e, " (did you mean \"%s\"?)", near);
	errf(e, "; ");
	list_patches(e);
	return -EINVAL;
}

int kernel_profile_parse(const char *spec, struct kernel_profile *out,
			 char *err, size_t errlen)
{
	struct errbuf e = { .buf = err, .len = errlen };
	bool applied[ARRAY_SIZE(profile_patches)] = { false };
	const struct kernel_profile *base;
	struct kernel_profile p;
	const char *s, *plus;
	size_t i, n, len;

	if (err && errlen)
		err[0] = '\0';
	if (!spec || !*spec)
		spec = DEFAULT_KERNEL_PROFILE;

	plus = strchr(spec, '+');
	n = plus ? (size_t)(plus - spec) : strlen(spec);
	base = find_base(spec, n);
	if (!base)
		return bad_base(&e, spec, n);
	p = *base;

	for (s = plus; s; s = plus) {
		const struct profile_patch *pt;

		s++;
		plus = strchr(s, '+');
		n = plus ? (size_t)(plus - s) : strlen(s);
		pt = find_patch(s, n);
		if (!pt)
			return bad_patch(&e, spec, s, n);
		i = (size_t)(pt - profile_patches);
		if (applied[i]) {
			errf(&e, "patch %s given twice in kernel profile \"%s\"", pt->name, spec);
			return -EINVAL;
		}
		if (!patch_applies(pt, base)) {
			errf(&e, "patch %s applies to ", pt->name);
			list_patch_bases(&e, pt);
			errf(&e, " only, not to %s", base->name);
			if (patch_is_noop(pt, base))
				errf(&e, " (%s already has it)", base->name);
			return -EINVAL;
		}
		applied[i] = true;
		pt->apply(&p);
	}

	/* Canonical name: the base, then the patches in table order. */
	len = strlen(base->name);
	for (i = 0; i < ARRAY_SIZE(profile_patches); i++)
		if (applied[i])
			len += 1 + strlen(profile_patches[i].name);
	if (len >= sizeof(p.name)) {
		errf(&e, "kernel profile \"%s\" is too long", spec);
		return -EINVAL;
	}
	strcpy(p.name, base->name);
	for (i = 0; i < ARRAY_SIZE(profile_patches); i++) {
		if (applied[i]) {
			strcat(p.name, "+");
			strcat(p.name, profile_patches[i].name);
		}
	}

	if (out)
		*out = p;
	return 0;
}
