// SPDX-License-Identifier: MIT
/*
 * migsim explore: the running side.  One process, or -j N worker processes
 * sharing one run sequence (worker k takes runs k, k+N, k+2N, ...), with a
 * progress line on stderr and an optional wall-clock limit.
 *
 * Workers are processes, not threads: a world belongs to one thread, and a
 * process per worker also keeps a crash in one from taking the others.  Each
 * worker reports over a pipe: progress records while it runs, then its
 * result.
 *
 * -j N finds the same failure as -j 1: the lowest-numbered failing run.
 * A worker that finds a failure at run r publishes r in a word the workers
 * share (the lowest wins); every worker goes on until its next run would be
 * past the lowest r published, so every run below it is tried by someone.
 * The result prints as -j 1's would (the count of runs is the runs up to
 * the failing one), except distinct_points: the winning worker's.
 *
 * Wall-clock time is read here only to stop and to report progress; nothing
 * it measures feeds into a simulation.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "explore.h"

#define MAX_JOBS	64

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct progress_state {
	const struct explore_job *job;
	double start, last_print;
	int fd;				/* a worker's pipe, or -1 */
	/* Workers: the lowest failing run any worker found (shared), and
	 * this worker's run numbers, first_run + i * stride. */
	unsigned long *best;
	unsigned long first_run, stride;
	bool past_best;			/* stopped because of *best, not time */
};

struct worker_msg {
	int done;			/* 0: progress, 1: the result */
	int ret;
	struct migsim_explore_result res;
	char err[256];
};

static void print_progress(const struct explore_job *job, double start, unsigned long runs,
			   unsigned int points, bool final)
{
	double t = now_s() - start;

	if (!job->progress)
		return;
	fprintf(stderr, "%s%lu schedules, %.0f/s, %u distinct points reached, %.1f s%s",
		job->tty ? "\r" : "", runs, t > 0 ? (double)runs / t : 0.0, points, t,
		job->tty && !final ? "   " : "\n");
	fflush(stderr);
}

static bool time_is_up(const struct explore_job *job, double start)
{
	return job->time_limit > 0 && now_s() - start >= job->time_limit;
}

/* The library's progress callback, in the one process or in a worker. */
static bool on_progress(const struct migsim_explore_result *so_far, void *arg)
{
	struct progress_state *ps = arg;
	double t = now_s();

	if (ps->fd >= 0) {
		struct worker_msg m = { .done = 0, .res = *so_far };
		unsigned long next = ps->first_run + so_far->runs * ps->stride;

		if (next > __atomic_load_n(ps->best, __ATOMIC_RELAXED)) {
			ps->past_best = true;
			return false;
		}
		/* Called after every run in a worker; report every 256. */
		if (so_far->runs % 256)
			return !time_is_up(ps->job, ps->start);
		if (write(ps->fd, &m, sizeof(m)) != (ssize_t)sizeof(m))
			return false;	/* the parent is gone */
	} else if (t - ps->last_print >= (ps->job->tty ? 0.5 : 10.0)) {
		print_progress(ps->job, ps->start, so_far->runs, so_far->distinct_points, false);
		ps->last_print = t;
	}
	return !time_is_up(ps->job, ps->start);
}

static int run_one(const struct explore_job *job, struct migsim_explore_config ec,
		   struct progress_state *ps, struct migsim_explore_result *res, char *err,
		   size_t errlen)
{
	int ret;

	ps->job = job;
	ps->start = ps->last_print = now_s();
	ec.progress = on_progress;
	ec.progress_arg = ps;
	/* A worker checks the shared lowest failure after every run. */
	ec.progress_every = ps->fd >= 0 ? 1 : 256;
	if (job->sf)
		ret = migsim_scenario_file_explore(job->sf, &job->opts, &ec, res, err, errlen);
	else
		ret = migsim_scenario_explore(job->name, &job->opts, &ec, res, err, errlen);
	if (ps->fd < 0 && !ret && job->progress)
		print_progress(job, ps->start, res->runs, res->distinct_points, true);
	return ret;
}

static void worker(const struct explore_job *job, unsigned int k, int fd, unsigned long *best)
{
	struct migsim_explore_config ec = job->ec;
	struct progress_state ps = { .fd = fd, .best = best };
	struct worker_msg m = { .done = 1 };
	unsigned long stride = job->ec.run_stride ? job->ec.run_stride : 1, cur;
	ssize_t w;

	ec.first_run = job->ec.first_run + k * stride;
	ec.run_stride = stride * job->jobs;
	ec.runs = (job->ec.runs + job->jobs - 1 - k) / job->jobs;
	ps.first_run = ec.first_run;
	ps.stride = ec.run_stride;
	m.ret = run_one(job, ec, &ps, &m.res, m.err, sizeof(m.err));
	if (!m.ret && m.res.found) {
		cur = __atomic_load_n(best, __ATOMIC_RELAXED);
		while (m.res.run < cur &&
		       !__atomic_compare_exchange_n(best, &cur, m.res.run, false,
						    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
			;
	}
	if (ps.past_best)
		m.res.stopped = false;	/* another worker's failure ended it */
	w = write(fd, &m, sizeof(m));
	_exit(w == (ssize_t)sizeof(m) ? 0 : 1);
}

/* Read one whole message; 0 at end of file, -1 on error. */
static int read_msg(int fd, struct worker_msg *m)
{
	size_t got = 0;

	while (got < sizeof(*m)) {
		ssize_t r = read(fd, (char *)m + got, sizeof(*m) - got);

		if (r == 0)
			return got ? -1 : 0;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		got += (size_t)r;
	}
	return 1;
}

static int run_parallel(const struct explore_job *job, struct migsim_explore_result *res,
			char *err, size_t errlen)
{
	struct pollfd pfd[MAX_JOBS];
	pid_t pid[MAX_JOBS];
	unsigned long runs[MAX_JOBS] = { 0 };
	unsigned int points = 0, k, live = 0, n = job->jobs;
	double start = now_s(), last_print = start;
	unsigned long *best;
	bool have = false;
	int ret = 0;

	memset(res, 0, sizeof(*res));
	best = mmap(NULL, sizeof(*best), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (best == MAP_FAILED) {
		snprintf(err, errlen, "mmap: %s", strerror(errno));
		return -errno;
	}
	*best = (unsigned long)-1;
	fflush(NULL);
	for (k = 0; k < n; k++) {
		int p[2];

		if (pipe(p)) {
			snprintf(err, errlen, "pipe: %s", strerror(errno));
			ret = -errno;
			break;
		}
		pid[k] = fork();
		if (pid[k] < 0) {
			snprintf(err, errlen, "fork: %s", strerror(errno));
			ret = -errno;
			close(p[0]);
			close(p[1]);
			break;
		}
		if (pid[k] == 0) {
			unsigned int j;

			close(p[0]);
			for (j = 0; j < k; j++)
				close(pfd[j].fd);
			worker(job, k, p[1], best);
		}
		close(p[1]);
		pfd[k].fd = p[0];
		pfd[k].events = POLLIN;
		live++;
	}
	n = k;
	while (live && !ret) {
		if (poll(pfd, n, 1000) < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "poll: %s", strerror(errno));
			ret = -errno;
			break;
		}
		for (k = 0; k < n; k++) {
			struct worker_msg m;
			int r;

			if (pfd[k].fd < 0 || !(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			r = read_msg(pfd[k].fd, &m);
			if (r <= 0 || m.done) {
				close(pfd[k].fd);
				pfd[k].fd = -1;
				live--;
			}
			if (r < 0) {
				snprintf(err, errlen, "worker %u ended without a result", k);
				ret = -EIO;
				break;
			}
			if (r == 0)
				continue;
			runs[k] = m.res.runs;
			if (m.res.distinct_points > points)
				points = m.res.distinct_points;
			if (!m.done)
				continue;
			if (m.ret) {
				snprintf(err, errlen, "%s", m.err);
				ret = m.ret;
				break;
			}
			/* The lowest failing run wins, as with -j 1. */
			if (m.res.found && (!have || m.res.run < res->run)) {
				bool stopped = res->stopped;

				*res = m.res;
				res->stopped = stopped;
				have = true;
			} else if (!have) {
				res->exhausted |= m.res.exhausted;
			}
			res->stopped |= m.res.stopped;
		}
		if (job->progress && now_s() - last_print >= (job->tty ? 0.5 : 10.0)) {
			unsigned long total = 0;

			for (k = 0; k < n; k++)
				total += runs[k];
			print_progress(job, start, total, points, false);
			last_print = now_s();
		}
	}
	for (k = 0; k < n; k++) {
		if (pfd[k].fd >= 0) {
			kill(pid[k], SIGTERM);
			close(pfd[k].fd);
		}
		waitpid(pid[k], NULL, 0);
	}
	munmap(best, sizeof(*best));
	if (ret)
		return ret;
	if (have) {
		unsigned long stride = job->ec.run_stride ? job->ec.run_stride : 1;

		/* What -j 1 reports: the runs up to and including the failing
		 * one, whatever the other workers did past it (which depends on
		 * timing).  The points are the winning worker's own. */
		res->exhausted = false;
		res->runs = (res->run - job->ec.first_run) / stride + 1;
	} else {
		/* Every worker ran its whole share: the sum, and the most points
		 * any worker reached (a lower bound of their union). */
		res->runs = 0;
		for (k = 0; k < n; k++)
			res->runs += runs[k];
		res->distinct_points = points;
	}
	if (job->progress)
		print_progress(job, start, res->runs, points, true);
	return 0;
}

int explore_run_job(const struct explore_job *job, struct migsim_explore_result *res,
		    char *err, size_t errlen)
{
	if (job->jobs <= 1) {
		struct progress_state ps = { .fd = -1 };

		return run_one(job, job->ec, &ps, res, err, errlen);
	}
	if (job->jobs > MAX_JOBS) {
		snprintf(err, errlen, "-j: at most %d workers", MAX_JOBS);
		return -EINVAL;
	}
	return run_parallel(job, res, err, errlen);
}
