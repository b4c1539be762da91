/* SPDX-License-Identifier: MIT */
/*
 * A scenario file after loading: everything resolved and checked, ready to
 * build a world (scenario_file.c and its sections scenario_file_machine.c,
 * _steps.c and _expect.c parse and check; scenario_file_ops.c holds the
 * operation table; scenario_file_run.c builds, runs and compares).
 *
 * Invariants once migsim_scenario_file_parse() returned 0: every name
 * (mapping, task, pin, result id) refers to something defined; every
 * mapping has its final address, inside user space and overlapping no other
 * mapping of its task; every node number is < nr_nodes; every size is a
 * multiple of the page (or huge page) size it must be; every kernel profile
 * parses.  Running can still fail (a setup step the kernel refuses), but
 * never because of the file's shape.
 */
#ifndef MIGSIM_ENGINE_SCENARIO_FILE_MODEL_H
#define MIGSIM_ENGINE_SCENARIO_FILE_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <migsim/migsim.h>

#define SF_MAX_TASKS	32
#define SF_MAX_IDS	64

struct sf_loc {
	int line, col;			/* 1-based, as printed */
};

/* An address: mapping + offset, or absolute when @mapping < 0. */
struct sf_addr {
	int mapping;
	uint64_t offset;		/* or the absolute address */
};

struct sf_task {
	char *name;			/* NULL: referred to by pid only */
	int pid;			/* 0: a fork child, known at run time */
	int cpu;
	char *comm;
	uint64_t allowed_nodes;
	bool cap_sys_nice;
	bool forked;			/* created by a fork step */
	struct sf_loc loc;
};

struct sf_mapping {
	char *name;
	int task;			/* index into tasks */
	uint64_t addr, size;
	unsigned int flags;		/* MIGSIM_MAP_* */
	int node;			/* or MIGSIM_NODE_LOCAL */
	struct sf_loc loc;
};

struct sf_op_desc;

/* One operation, in setup or in an actor; which fields mean something is
 * the operation's business (scenario_file_ops.c). */
struct sf_op {
	const struct sf_op_desc *desc;
	struct sf_loc loc;
	int task;			/* -1: the default (setup) or the actor's */
	int target;			/* move_pages pid:, -1: the caller */
	struct sf_addr at;
	bool has_at;
	uint64_t size;			/* 0: to the end of the mapping */
	bool write;
	int node;
	uint64_t page_size;
	long count;
	int id;				/* result slot, -1: none */
	int pin;			/* pin slot, -1: none */
	int child;			/* fork: task index of the child */
	char *name;			/* point name */
	size_t nr;			/* move_pages entries */
	struct sf_addr *pages;
	int *nodes;			/* NULL: query only */
	int flags;
	int mode, reason;
	uint64_t node_offset;		/* offline by node: offset into the node */
	uint64_t pfn;			/* offline: first pfn, resolved at build */
	int policy;			/* mbind: MIGSIM_MPOL_* */
	uint64_t from, to;		/* migrate_pages(2): node masks */
	uint64_t nodemask;		/* mbind: nodes: as a mask */
	int demotion;			/* tiering: -1 unchanged, 0/1 */
	int balancing;			/* tiering: -1 unchanged, else the mask */
	int who;			/* reclaim, demote: kswapd 0, direct 1 */
	int order;			/* compact */
	long latency;			/* promote: ms */
};

struct sf_actor {
	char *name;
	int task;
	struct sf_op *ops;
	size_t nr_ops;
	struct sf_loc loc;
};

struct sf_strategy {
	bool set;
	struct migsim_sched_config sc;
	char *schedule;
};

struct sf_placement {
	struct sf_addr at;
	uint64_t size;
	int node;			/* -1: not present */
	struct sf_loc loc;
};

struct sf_result_expect {
	int id;
	bool has_ret;
	long ret;
	size_t nr_status;
	int *status;
	struct sf_loc loc;
};

struct sf_vmstat_expect {
	char *name;
	long delta;
	struct sf_loc loc;
};

struct sf_node_expect {
	int node;
	/* -1: not checked */
	long long present_pages, free_pages, deferred_split_len, hugetlb_pages;
	long long lru[5];
	struct sf_loc loc;
};

struct sf_expect {
	char **kernels;
	size_t nr_kernels;
	int outcome;			/* -1: not checked */
	char *report_function, *report_message;
	struct sf_placement *placement;
	size_t nr_placement;
	struct sf_result_expect *results;
	size_t nr_results;
	struct sf_vmstat_expect *vmstat;
	size_t nr_vmstat;
	char **points;
	size_t nr_points;
	struct sf_node_expect *nodes;
	size_t nr_nodes;
	struct sf_strategy strategy;
	struct sf_loc loc;
};

/* What one run did: task pids, pin ids, results (reset by each build). */
struct sf_result {
	bool ran;
	long ret;
	size_t nr_status;
	int *status;
};

struct sf_state {
	int pid[SF_MAX_TASKS];
	int pin[SF_MAX_IDS];
	struct sf_result result[SF_MAX_IDS];
	FILE *story;
	struct sf_actor_ctx {
		struct migsim_scenario_file *sf;
		int actor;
	} actor_ctx[8];
};

struct migsim_scenario_file {
	char *path;
	char *name, *summary, *kernel;
	uint64_t seed;
	struct migsim_config cfg;	/* topology and settings; kernel/seed at run */
	struct sf_task tasks[SF_MAX_TASKS];
	int nr_tasks;
	struct sf_mapping *mappings;
	size_t nr_mappings;
	struct sf_op *setup;
	size_t nr_setup;
	struct sf_actor *actors;
	size_t nr_actors;
	struct sf_strategy strategy;
	struct sf_expect *expect;
	size_t nr_expect;
	char *ids[SF_MAX_IDS];		/* result ids, by slot */
	int nr_ids;
	char *pins[SF_MAX_IDS];		/* pin names, by slot */
	int nr_pins;
	char **kernel_list;		/* distinct expected profiles */
	size_t nr_kernel_list;
	struct sf_state st;
};

/* ---- the operation table (scenario_file_ops.c) ---- */

struct sf_run;

enum sf_key {
	SFK_AT = 1 << 0, SFK_SIZE = 1 << 1, SFK_WRITE = 1 << 2, SFK_NODE = 1 << 3,
	SFK_TASK = 1 << 4, SFK_PID = 1 << 5, SFK_ID = 1 << 6, SFK_AS = 1 << 7,
	SFK_PIN = 1 << 8, SFK_CHILD = 1 << 9, SFK_PAGE_SIZE = 1 << 10, SFK_COUNT = 1 << 11,
	SFK_NAME = 1 << 12, SFK_PAGES = 1 << 13, SFK_NODES = 1 << 14, SFK_FLAGS = 1 << 15,
	SFK_MODE = 1 << 16, SFK_REASON = 1 << 17, SFK_OFFSET = 1 << 18,
	SFK_NR_TO_SCAN = 1 << 19, SFK_POLICY = 1 << 20, SFK_FROM = 1 << 21, SFK_TO = 1 << 22,
	SFK_DEMOTION = 1 << 23, SFK_BALANCING = 1 << 24, SFK_WHO = 1 << 25,
	SFK_ORDER = 1 << 26, SFK_LATENCY = 1 << 27,
};

struct sf_op_desc {
	const char *name;
	unsigned int keys;		/* allowed */
	unsigned int required;
	enum sf_key scalar;		/* the key a scalar short form sets, or 0 */
	bool setup_only;		/* fork, exit, hugetlb pool: not in actors */
	/* Run as task @pid; a negative return ends setup (an actor goes on). */
	int (*run)(struct migsim_scenario_file *sf, struct migsim_world *w,
		   const struct sf_op *op, int pid);
	const char *what;
};

extern const struct sf_op_desc sf_ops[];
extern const size_t nr_sf_ops;
const char *const *sf_key_names(void);	/* by bit number */

uint64_t sf_addr_resolve(const struct migsim_scenario_file *sf, const struct sf_addr *a);
/* The length an op covers: op->size, or the rest of @at's mapping. */
uint64_t sf_op_len(const struct migsim_scenario_file *sf, const struct sf_op *op);
void sf_format_addr(const struct migsim_scenario_file *sf, const struct sf_addr *a,
		    char *buf, size_t len);
const char *sf_errno_name(int e);
int sf_errno_value(const char *name);

/* scenario_file_run.c */
void sf_state_reset(struct migsim_scenario_file *sf);

#endif
