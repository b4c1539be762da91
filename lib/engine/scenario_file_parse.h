/* SPDX-License-Identifier: MIT */
/*
 * Scenario files: the parser's shared state and its typed readers, used by
 * scenario_file.c (YAML, keys, values, names, the whole file),
 * scenario_file_machine.c (settings, topology, tasks, mappings),
 * scenario_file_steps.c (operations, actors, strategy) and
 * scenario_file_expect.c (expectations).
 *
 * Every reader returns 0, or -EINVAL after writing "FILE:LINE:COLUMN:
 * error: KEY: ..." for the node that is wrong (-ENOMEM when out of memory).
 */
#ifndef MIGSIM_ENGINE_SCENARIO_FILE_PARSE_H
#define MIGSIM_ENGINE_SCENARIO_FILE_PARSE_H

#include <stdbool.h>
#include <stdint.h>
#include <yaml.h>
#include "scenario_file_model.h"

#define PAGE_4K		4096ULL
#define HUGE_2M		(2ULL << 20)
#define HUGE_1G		(1ULL << 30)
#define USER_TOP	(1ULL << 47)
#define AUTO_BASE	(1ULL << 30)	/* where migsim_mmap() starts choosing */
#define PID_MAX		4194304

struct parser {
	const char *file;
	yaml_document_t doc;
	char *err;
	size_t errlen;
	struct migsim_scenario_file *sf;
	int nr_nodes;
	uint64_t node_size[MIGSIM_MAX_NODES];
	int id_nr[SF_MAX_IDS];		/* move_pages entries of the op with that id */
	bool id_status[SF_MAX_IDS];	/* the op has a status array */
};

typedef yaml_node_t node_t;

/* "CTX.FIELD" in @buf, for the key a value's error names (mappings[2].size). */
#define SFP_KEY(buf, ctx, field) (snprintf((buf), sizeof(buf), "%s.%s", (ctx), (field)), (buf))

#define TRY(x) do { int __r = (x); if (__r) return __r; } while (0)

#define perr(p, nd, ...) sfp_perr_at((p), (int)(nd)->start_mark.line + 1, \
				     (int)(nd)->start_mark.column + 1, __VA_ARGS__)

#define seq_for_each(p, s, item, idx)						\
	for (idx = 0; (s)->data.sequence.items.start + idx < (s)->data.sequence.items.top && \
		      ((item) = sfp_node_at((p), (s)->data.sequence.items.start[idx])); idx++)

/* scenario_file.c: YAML nodes, keys, typed values, names. */
int sfp_perr_at(struct parser *p, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
struct sf_loc sfp_loc_of(const node_t *n);
node_t *sfp_node_at(struct parser *p, int i);
const char *sfp_kind_name(const node_t *n);
const char *sfp_sval(const node_t *n);
bool sfp_is_null(const node_t *n);
int sfp_want(struct parser *p, node_t *n, yaml_node_type_t t, const char *key);
const char *sfp_nearest(const char *s, const char *const *names, size_t n);
void sfp_list_names(char *buf, size_t len, const char *const *names, size_t n);
/* -EINVAL (reported) when a key of mapping @m is not a scalar or appears twice. */
int sfp_check_unique_keys(struct parser *p, node_t *m, const char *ctx);
int sfp_check_keys(struct parser *p, node_t *m, const char *ctx, const char *const *allowed);
node_t *sfp_get(struct parser *p, node_t *m, const char *key);
int sfp_need(struct parser *p, node_t *m, const char *key, const char *ctx, node_t **out);
size_t sfp_seq_len(const node_t *s);
int sfp_parse_llong(const char *s, long long *v);
int sfp_get_int(struct parser *p, node_t *n, const char *key, long long min, long long max,
		long long *v);
int sfp_get_intv(struct parser *p, node_t *n, const char *key, long long min, long long max,
		 int *v);
int sfp_parse_size_str(const char *s, uint64_t *v);
int sfp_get_size(struct parser *p, node_t *n, const char *key, uint64_t *v);
int sfp_get_bool(struct parser *p, node_t *n, const char *key, bool *v);
int sfp_get_word(struct parser *p, node_t *n, const char *key, const char *const *words,
		 size_t nwords, int *v);
int sfp_get_str(struct parser *p, node_t *n, const char *key, char **out);
int sfp_get_node_id(struct parser *p, node_t *n, const char *key, int *v);
int sfp_find_name(char *const *names, int n, const char *s);
int sfp_find_mapping(const struct migsim_scenario_file *sf, const char *s, size_t len);
int sfp_unknown_name(struct parser *p, node_t *n, const char *key, const char *what,
		     const char *s, const char *const *names, size_t nr);
int sfp_get_task(struct parser *p, node_t *n, const char *key, int *v);
int sfp_get_addr(struct parser *p, node_t *n, const char *key, struct sf_addr *a);
int sfp_check_kernel(struct parser *p, node_t *n, const char *key);

/* scenario_file_machine.c */
int sfp_parse_settings(struct parser *p, node_t *m);
int sfp_parse_topology(struct parser *p, node_t *m);
int sfp_parse_tasks(struct parser *p, node_t *s);
int sfp_parse_mappings(struct parser *p, node_t *s);

/* scenario_file_steps.c */
int sfp_parse_op_list(struct parser *p, node_t *s, const char *ctx, bool in_actor,
		      struct sf_op **ops, size_t *nr);
int sfp_parse_actors(struct parser *p, node_t *s);
int sfp_parse_strategy(struct parser *p, node_t *m, const char *ctx, struct sf_strategy *st);

/* scenario_file_expect.c */
int sfp_parse_expect(struct parser *p, node_t *s);

#endif
