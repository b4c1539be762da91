// SPDX-License-Identifier: MIT
/*
 * Graphviz pictures of the lists and folios at a moment of a run, and the
 * stops that choose the moment (docs/visual.md).
 *
 * A picture draws, per node, the LRU lists, the deferred-split queue and
 * the hugetlb free lists; the hugetlb active list; and every
 * migrate_pages_batch() in flight (world.inflight, recorded while a stop is
 * armed) with its from, ret_folios, unmap_folios, dst_folios and
 * split_folios.  A list is a grey box (its list_head) followed by its
 * first MIGSIM_DOT_MAX_FOLIOS folios along the next pointers, then "... N
 * more"; the last folio of a short list points back at the head (dashed).
 * A folio on two lists (the deferred-split queue links _deferred_list, the
 * others lru) is one box with edges from both.  Nothing depends on host
 * addresses: folios are named by pfn, lists by where they live.
 *
 * The walk trusts nothing: a next whose prev does not point back is drawn
 * as a red edge to a "corrupt" box and ends the walk, and a walk that does
 * not come back to its head within a bound stops there.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <linux/hugetlb.h>
#include <linux/mm.h>
#include "debug.h"
#include "entry.h"
#include "sched.h"
#include "world_internal.h"

/* A list longer than this is not walked to its end (counted as more). */
#define DOT_WALK_LIMIT	(1UL << 22)

enum dot_link {
	DOT_LRU,		/* folio->lru */
	DOT_DEFERRED,		/* folio->_deferred_list */
};

struct dot {
	FILE *out;
	unsigned int nr_lists;
	unsigned long *drawn;		/* pfns of folios already declared */
	size_t nr_drawn, cap_drawn;
	const struct list_head **seen;	/* list heads already drawn (in flight) */
	size_t nr_seen, cap_seen;
	bool oom;
};

static const char *const lru_names[NR_LRU_LISTS] = {
	[LRU_INACTIVE_ANON] = "inactive_anon",
	[LRU_ACTIVE_ANON] = "active_anon",
	[LRU_INACTIVE_FILE] = "inactive_file",
	[LRU_ACTIVE_FILE] = "active_file",
	[LRU_UNEVICTABLE] = "unevictable",
};

static bool grow(void **v, size_t *cap, size_t nr, size_t size)
{
	void *n;
	size_t c;

	if (nr < *cap)
		return true;
	c = *cap ? *cap * 2 : 64;
	n = realloc(*v, c * size);
	if (!n)
		return false;
	*v = n;
	*cap = c;
	return true;
}

static struct folio *dot_folio(struct list_head *pos, enum dot_link link)
{
	return link == DOT_LRU ? list_entry(pos, struct folio, lru) :
				 list_entry(pos, struct folio, _deferred_list);
}

/* Declare the folio's box once (the first list that reaches it owns it). */
static void dot_folio_node(struct dot *d, const struct folio *folio)
{
	unsigned long pfn = folio_pfn(folio);
	char flags[256];
	size_t i;

	for (i = 0; i < d->nr_drawn; i++)
		if (d->drawn[i] == pfn)
			return;
	if (grow((void **)&d->drawn, &d->cap_drawn, d->nr_drawn, sizeof(*d->drawn)))
		d->drawn[d->nr_drawn++] = pfn;
	else
		d->oom = true;
	folio_flags_string(folio, flags, sizeof(flags));
	fprintf(d->out, "    F%lx [label=\"pfn %#lx order %u node %d\\nflags %s\\n"
		"refcount %d mapcount %d\"%s];\n", pfn, pfn, folio_order(folio),
		folio_nid(folio), flags[0] ? flags : "-", folio_ref_count(folio),
		folio_mapcount(folio), folio_test_large(folio) ? ", penwidth=2" : "");
}

/*
 * One list: its head box, its first folios, the rest counted.  @color is
 * the edge colour for the kind of list (lru, deferred, migration).
 */
static void dot_list(struct dot *d, struct list_head *head, enum dot_link link,
		     const char *title, const char *color)
{
	unsigned int id = d->nr_lists++;
	struct list_head *pos, *prev = head;
	unsigned long shown = 0, more = 0;
	char from[32];
	bool corrupt = false;

	fprintf(d->out, "    L%u [shape=box, style=filled, fillcolor=grey85, label=\"%s%s\"];\n",
		id, title, list_empty(head) ? "\\n(empty)" : "");
	if (list_empty(head))
		return;
	snprintf(from, sizeof(from), "L%u", id);
	for (pos = head->next; pos != head; prev = pos, pos = pos->next) {
		if (!pos || pos->prev != prev) {
			corrupt = true;
			break;
		}
		if (shown < MIGSIM_DOT_MAX_FOLIOS) {
			struct folio *folio = dot_folio(pos, link);

			dot_folio_node(d, folio);
			fprintf(d->out, "    %s -> F%lx [color=%s];\n", from, folio_pfn(folio),
				color);
			snprintf(from, sizeof(from), "F%lx", folio_pfn(folio));
			shown++;
		} else if (++more >= DOT_WALK_LIMIT) {
			break;
		}
	}
	if (corrupt) {
		fprintf(d->out, "    C%u [shape=octagon, color=red, label=\"corrupt: next->prev "
			"does not point back\"];\n    %s -> C%u [color=red];\n", id, from, id);
		return;
	}
	if (more >= DOT_WALK_LIMIT) {
		fprintf(d->out, "    M%u [shape=plaintext, label=\"\u2026 %lu+ more\"];\n"
			"    %s -> M%u [color=%s, style=dotted];\n", id, more, from, id, color);
		return;
	}
	if (more) {
		/* The last one too: it links back to the head, and it is where
		 * list_add_tail() puts things. */
		struct folio *last = dot_folio(prev, link);

		if (--more) {
			fprintf(d->out, "    M%u [shape=plaintext, label=\"\u2026 %lu more\"];\n"
				"    %s -> M%u [color=%s, style=dotted];\n", id, more, from, id,
				color);
			snprintf(from, sizeof(from), "M%u", id);
		}
		dot_folio_node(d, last);
		fprintf(d->out, "    %s -> F%lx [color=%s%s];\n", from, folio_pfn(last), color,
			from[0] == 'M' ? ", style=dotted" : "");
		snprintf(from, sizeof(from), "F%lx", folio_pfn(last));
	}
	fprintf(d->out, "    %s -> L%u [color=%s, style=dashed, constraint=false];\n", from, id,
		color);
}

static void dot_node(struct dot *d, const struct world *w, int nid)
{
	pg_data_t *pgdat = w->node_data[nid];
	struct lruvec *lruvec = &pgdat->__lruvec;
	char title[96];
	unsigned int i;
	int lru;

	fprintf(d->out, "  subgraph cluster_node%d {\n    label=\"node %d\";\n", nid, nid);
	for (lru = 0; lru < NR_LRU_LISTS; lru++) {
		snprintf(title, sizeof(title), "LRU %s\\n%lu pages", lru_names[lru],
			 lruvec->nr_pages[lru]);
		dot_list(d, &lruvec->lists[lru], DOT_LRU, title, "black");
	}
	snprintf(title, sizeof(title), "deferred split queue\\nlen %lu",
		 pgdat->deferred_split_queue.split_queue_len);
	dot_list(d, &pgdat->deferred_split_queue.split_queue, DOT_DEFERRED, title, "darkorange");
	for (i = 0; i < w->nr_hstates; i++) {
		struct hstate *h = w->hstates[i];

		if (!h->nr_huge_pages_node[nid] && list_empty(&h->hugepage_freelists[nid]))
			continue;	/* no pool on this node: nothing to see */
		snprintf(title, sizeof(title), "hugetlb %s free\\n%lu free", h->name,
			 h->free_huge_pages_node[nid]);
		dot_list(d, &h->hugepage_freelists[nid], DOT_LRU, title, "purple");
	}
	fputs("  }\n", d->out);
}

static bool dot_seen(struct dot *d, const struct list_head *head)
{
	size_t i;

	for (i = 0; i < d->nr_seen; i++)
		if (d->seen[i] == head)
			return true;
	if (grow((void **)&d->seen, &d->cap_seen, d->nr_seen, sizeof(*d->seen)))
		d->seen[d->nr_seen++] = head;
	return false;
}

static void dot_inflight(struct dot *d, const struct world *w, int slot,
			 const struct sim_migrate_lists *l, int depth)
{
	struct { struct list_head *head; const char *name; } lists[] = {
		{ l->from, "from" }, { l->unmap_folios, "unmap_folios" },
		{ l->dst_folios, "dst_folios" }, { l->ret_folios, "ret_folios" },
		{ l->split_folios, "split_folios" },
	};
	char who[64], title[96];
	size_t i;

	if (slot)
		snprintf(who, sizeof(who), "actor %c: %s", 'A' + slot - 1,
			 w->sched && slot - 1 < w->sched->nr_actors ?
			 w->sched->actors[slot - 1].name : "?");
	else
		snprintf(who, sizeof(who), "main context");
	fprintf(d->out, "  subgraph cluster_inflight%d_%d {\n    label=\"%s() in flight, "
		"pid %d (%s)\";\n    style=filled; fillcolor=aliceblue;\n", slot, depth, l->fn,
		l->pid, who);
	for (i = 0; i < ARRAY_SIZE(lists); i++) {
		if (!lists[i].head || dot_seen(d, lists[i].head))
			continue;
		snprintf(title, sizeof(title), "%s", lists[i].name);
		dot_list(d, lists[i].head, DOT_LRU, title, "blue");
	}
	fputs("  }\n", d->out);
}

int migsim_dot_write(struct migsim_world *pw, FILE *out)
{
	struct dot d = { .out = out };
	struct world *w;
	char when[96];
	unsigned int i;
	int nid, slot;

	if (!pw || !out)
		return -EINVAL;
	SIM_WITH_WORLD(pw);
	w = sim_world;
	if (w->stop_where)
		snprintf(when, sizeof(when), ", at %s", w->stop_where);
	else if (w->sched && w->sched->running)
		snprintf(when, sizeof(when), ", at step %lu", w->sched->steps);
	else
		when[0] = '\0';
	fprintf(out, "digraph migsim {\n  graph [rankdir=LR, fontname=\"monospace\", "
		"labelloc=t, label=\"migsim: kernel %s, seed %" PRIu64 "%s%s\"];\n"
		"  node [shape=box, fontname=\"monospace\", fontsize=10];\n"
		"  edge [arrowsize=0.6];\n", w->profile.name, w->seed, when,
		w->crashed ? " (the run ended in a report)" : "");
	for (nid = 0; nid < w->nr_nodes; nid++)
		if (w->node_data[nid])
			dot_node(&d, w, nid);
	for (i = 0; i < w->nr_hstates; i++)
		if (w->hstates[i]->nr_huge_pages || !list_empty(&w->hstates[i]->hugepage_activelist))
			break;
	if (i < w->nr_hstates) {
		fputs("  subgraph cluster_hugetlb {\n    label=\"hugetlb\";\n", out);
		for (i = 0; i < w->nr_hstates; i++) {
			char title[96];

			if (!w->hstates[i]->nr_huge_pages &&
			    list_empty(&w->hstates[i]->hugepage_activelist))
				continue;
			snprintf(title, sizeof(title), "hugetlb %s active", w->hstates[i]->name);
			dot_list(&d, &w->hstates[i]->hugepage_activelist, DOT_LRU, title, "purple");
		}
		fputs("  }\n", out);
	}
	/* A report unwound past the callers' frames: their lists are gone. */
	if (!w->crashed) {
		for (slot = 0; slot < SIM_INFLIGHT_SLOTS; slot++) {
			const struct sim_migrate_lists *l;
			int depth = 0;

			for (l = w->inflight[slot]; l; l = l->outer)
				dot_inflight(&d, w, slot, l, depth++);
		}
	}
	fputs("}\n", out);
	free(d.drawn);
	free(d.seen);
	if (d.oom)
		return sim_error(w, -ENOMEM, "out of host memory drawing the lists");
	return ferror(out) ? -EIO : 0;
}

/* ---- stops: the moment a picture is taken ---- */

int migsim_stop_parse(const char *spec, struct migsim_stop *stop, char *err, size_t errlen)
{
	struct migsim_stop st;
	char scratch[8];
	const char *hash;
	char *end;

	if (!err || !errlen) {
		err = scratch;
		errlen = sizeof(scratch);
	}
	if (!spec || !stop) {
		snprintf(err, errlen, "no stop given");
		return -EINVAL;
	}
	st = *stop;
	st.step = 0;
	st.point[0] = '\0';
	st.nth = 0;
	if (!strncmp(spec, "point:", 6)) {
		size_t len;

		spec += 6;
		hash = strrchr(spec, '#');
		len = hash ? (size_t)(hash - spec) : strlen(spec);
		if (!len || len >= sizeof(st.point)) {
			snprintf(err, errlen, "stop 'point:%.60s': the point name must have 1 to %zu "
				 "characters", spec, sizeof(st.point) - 1);
			return -EINVAL;
		}
		memcpy(st.point, spec, len);
		st.point[len] = '\0';
		if (hash) {
			unsigned long n;

			errno = 0;
			n = hash[1] >= '1' && hash[1] <= '9' ? strtoul(hash + 1, &end, 10) : 0;
			if (!n || errno || *end || n > 1000000000UL) {
				snprintf(err, errlen, "stop 'point:%.60s': after '#' comes the "
					 "occurrence, a number from 1", spec);
				return -EINVAL;
			}
			st.nth = (unsigned int)n;
		}
	} else {
		unsigned long n;

		errno = 0;
		n = spec[0] >= '1' && spec[0] <= '9' ? strtoul(spec, &end, 10) : 0;
		if (!n || errno || *end) {
			snprintf(err, errlen, "stop '%.60s' is neither a step (a number from 1) nor "
				 "point:NAME[#N]", spec);
			return -EINVAL;
		}
		st.step = n;
	}
	*stop = st;
	return 0;
}

/* The point stop's hook: count passes, run the callback at the nth. */
static bool stop_hook(struct world *w, void *arg)
{
	unsigned int nth = w->stop.nth ? w->stop.nth : 1;
	char where[96];

	(void)arg;
	if (!w->stop_armed || !w->stop.point[0])
		return true;		/* replaced by a step stop: disarm */
	if (++w->stop_hits < nth)
		return false;
	snprintf(where, sizeof(where), "point %s #%u", w->stop.point, nth);
	w->stop_where = where;
	w->stop.fn((struct migsim_world *)w, where, w->stop.arg);
	w->stop_where = NULL;
	return true;
}

int migsim_stop_at(struct migsim_world *pw, const struct migsim_stop *stop)
{
	SIM_API_ENTER(w, pw);
	unsigned int i;

	if (!stop || !stop->fn)
		return sim_error(w, -EINVAL, "a stop needs a function to call");
	if (!stop->step == !stop->point[0])
		return sim_error(w, -EINVAL, "a stop is at a step or at a point: set exactly "
				 "one of them");
	if (!memchr(stop->point, '\0', sizeof(stop->point)))
		return sim_error(w, -EINVAL, "the stop's point name is not terminated");
	if (stop->point[0]) {
		struct sim_hook *h = NULL;

		/* Re-arming reuses our hook: the point is compared by pointer
		 * first, and w->stop.point stays where it is. */
		for (i = 0; i < w->nr_hooks; i++)
			if (w->hooks[i].fn == stop_hook && !w->hooks[i].fired)
				h = &w->hooks[i];
		if (!h) {
			int ret = sim_arm_hook(w, w->stop.point, stop_hook, NULL);

			if (ret)
				return ret;
		}
	}
	w->stop = *stop;
	w->stop_hits = 0;
	w->stop_armed = true;
	w->track_lists = true;
	return 0;
}
