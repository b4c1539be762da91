/* SPDX-License-Identifier: MIT */
/*
 * Kind: changed for testing.  include/linux/rwsem.h as a record of readers
 * and a writer.  An actor that cannot take it sleeps until it is released
 * (lib/engine/locking.c); with one task running, waiting would never end,
 * so that is a deadlock report.  Used for mmap_lock, the anon_vma lock and
 * i_mmap_rwsem.
 */
#ifndef MIGSIM_LINUX_RWSEM_H
#define MIGSIM_LINUX_RWSEM_H

#include <linux/compiler.h>

struct rw_semaphore {
	const char *name;
	int readers;
	bool writer;
	int owner;		/* pid of the writer */
	int writer_actor;	/* the actor writing, or -1 */
	unsigned char reader_actors[8];	/* read holds per actor (SCHED_MAX_ACTORS) */
};

void init_rwsem_named(struct rw_semaphore *sem, const char *name);
/* down_read() and up_read() are inline in lib/engine/world.h: a read hold
 * with nobody else running is a counter; these take every other case. */
void down_read_slow(struct rw_semaphore *sem);
void up_read_slow(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);

#define init_rwsem(sem) init_rwsem_named((sem), #sem)

#endif
