// SPDX-License-Identifier: MIT
/*
 * migsim explore: the running side.  One process, or -j N worker processes
 * sharing one run sequence (worker k takes runs k, k+N, k+2N, ...), with a
 * progress line on stderr and an optional wall-clock limit.
 *
 * Workers are processes, not threads: a world belongs to one thread, and a
 * process per worker also keeps a crash in one from taking the others.  Each
 * worker reports over a pipe: progress records while it runs, then its
 * result.  The first worker to find a failure wins; the others are stopped.
 * Which failing run is found first can then depend on timing, but whatever
 * is printed replays exactly: its schedule and seed say everything.
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

		if (write(ps->fd, &m, sizeof(m)) != (ssize_t)sizeof(m))
			return false;	/* the parent is gone */
	} else if (t - ps->last_print >= (ps->job->tty ? 0.5 : 10.0)) {
		print_progress(ps->job, ps->start, so_far->runs, so_far->distinct_points, false);
		ps->last_print = t;
	}
	return !time_is_up(ps->job, ps->start);
}

static int run_one(const struct explore_job *job, struct migsim_explore_config ec, int fd,
		   struct migsim_explore_result *res, char *err, size_t errlen)
{
	struct progress_state ps = { .job = job, .start = now_s(), .fd = fd };
	int ret;

	ps.last_print = ps.start;
	ec.progress = on_progress;
	ec.progress_arg = &ps;
	ec.progress_every = 256;
	ret = migsim_scenario_explore(job->name, &job->opts, &ec, res, err, errlen);
	if (fd < 0 && !ret && job->progress)
		print_progress(job, ps.start, res->runs, res->distinct_points, true);
	return ret;
}

static void worker(const struct explore_job *job, unsigned int k, int fd)
{
	struct migsim_explore_config ec = job->ec;
	struct worker_msg m = { .done = 1 };
	ssize_t w;

	ec.first_run = job->ec.first_run + k * (job->ec.run_stride ? job->ec.run_stride : 1);
	ec.run_stride = (job->ec.run_stride ? job->ec.run_stride : 1) * job->jobs;
	ec.runs = (job->ec.runs + job->jobs - 1 - k) / job->jobs;
	m.ret = run_one(job, ec, fd, &m.res, m.err, sizeof(m.err));
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
	bool have = false;
	int ret = 0;

	memset(res, 0, sizeof(*res));
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
			worker(job, k, p[1]);
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
			if (m.res.found && !have) {
				*res = m.res;
				have = true;
			} else if (!have) {
				res->exhausted |= m.res.exhausted;
			}
			res->stopped |= m.res.stopped;
		}
		if (have)
			break;	/* the first failure: stop the rest */
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
	if (ret)
		return ret;
	/* The runs every worker did; a winner's own count is in @res.run. */
	res->runs = 0;
	for (k = 0; k < n; k++)
		res->runs += runs[k];
	res->distinct_points = points;
	if (job->progress)
		print_progress(job, start, res->runs, points, true);
	return 0;
}

int explore_run_job(const struct explore_job *job, struct migsim_explore_result *res,
		    char *err, size_t errlen)
{
	if (job->jobs <= 1)
		return run_one(job, job->ec, -1, res, err, errlen);
	if (job->jobs > MAX_JOBS) {
		snprintf(err, errlen, "-j: at most %d workers", MAX_JOBS);
		return -EINVAL;
	}
	return run_parallel(job, res, err, errlen);
}
