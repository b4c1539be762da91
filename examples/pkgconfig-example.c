// SPDX-License-Identifier: MIT
/*
 * pkgconfig-example.c - the smallest useful program against libmigsim.
 *
 * Boots the default machine (2 nodes of 1 GiB, kernel 6.12), maps 4 MiB of
 * private anonymous memory on node 0 into one task, writes to all of it,
 * then moves it to node 1 through migrate_pages() as the move_pages(2)
 * system call would (MIGRATE_SYNC, MR_SYSCALL), and checks the result.
 *
 * Uses only the installed public header; build it with pkg-config:
 *
 *	cc pkgconfig-example.c -o pkgconfig-example $(pkg-config --cflags --libs migsim)
 *
 * Exit status: 0 when every page moved and the checker is happy, 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>

#include <migsim/migsim.h>

#define LEN		(4ULL << 20)	/* 4 MiB */
#define PAGE_SIZE_SIM	4096ULL		/* the simulated base page */

static int fail(struct migsim_world *w, const char *what, int err)
{
	fprintf(stderr, "%s: %d (%s)\n", what, err, migsim_strerror(w));
	return 1;
}

static int run(struct migsim_world *w)
{
	struct migsim_migrate_result res;
	struct migsim_page_info info;
	uint64_t addr;
	long migrated;
	int pid, err;

	err = migsim_task_create(w, NULL, &pid);
	if (err)
		return fail(w, "migsim_task_create", err);

	/* Private anonymous memory whose faults allocate on node 0. */
	err = migsim_mmap(w, pid, 0, LEN, MIGSIM_MAP_PRIVATE, 0, &addr);
	if (err)
		return fail(w, "migsim_mmap", err);

	/* Fault it all in, for write: 1024 order-0 folios on node 0. */
	err = migsim_touch(w, pid, addr, LEN, 1);
	if (err)
		return fail(w, "migsim_touch", err);

	err = migsim_migrate_range(w, pid, addr, LEN, 1, MIGSIM_MIGRATE_SYNC,
				   MIGSIM_MR_SYSCALL, &res);
	if (err)
		return fail(w, "migsim_migrate_range", err);

	err = migsim_vmstat(w, "pgmigrate_success", &migrated);
	if (err)
		return fail(w, "migsim_vmstat", err);

	printf("migrate_pages: rc=%d nr_succeeded=%d\n", res.rc, res.nr_succeeded);
	printf("vmstat: pgmigrate_success=%ld\n", migrated);

	err = migsim_page_info(w, pid, addr, &info);
	if (err)
		return fail(w, "migsim_page_info", err);
	printf("first page: %s, pfn %llu on node %d\n", info.state,
	       (unsigned long long)info.pfn, info.node);

	/* Lists, refcounts, mapcounts, tokens, NR_ISOLATED: all consistent? */
	err = migsim_check(w);
	if (err) {
		const struct migsim_report *r = migsim_last_report(w);

		fprintf(stderr, "migsim_check: %d: %s\n", err,
			r ? r->message : migsim_strerror(w));
		return 1;
	}

	if (res.rc != 0 || res.nr_succeeded != (int)(LEN / PAGE_SIZE_SIM) ||
	    migrated != (long)(LEN / PAGE_SIZE_SIM) || info.node != 1) {
		fprintf(stderr, "expected all %llu pages on node 1\n",
			(unsigned long long)(LEN / PAGE_SIZE_SIM));
		return 1;
	}

	printf("ok: %llu pages moved from node 0 to node 1, checker clean\n",
	       (unsigned long long)(LEN / PAGE_SIZE_SIM));
	return 0;
}

int main(void)
{
	struct migsim_config cfg;
	struct migsim_world *w;
	char err[256];
	int ret;

	migsim_config_init(&cfg);	/* 2 nodes of 1 GiB, kernel 6.12, seed 1 */

	if (migsim_world_create(&cfg, &w, err, sizeof(err))) {
		fprintf(stderr, "migsim_world_create: %s\n", err);
		return EXIT_FAILURE;
	}
	printf("migsim %s: kernel %s, seed %llu\n", MIGSIM_VERSION,
	       migsim_world_kernel(w), (unsigned long long)migsim_world_seed(w));

	ret = run(w);
	migsim_world_destroy(w);
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}
