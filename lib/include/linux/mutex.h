/* SPDX-License-Identifier: MIT */
/*
 * KERNEL: include/linux/mutex.h.  A sleeping lock: with actors, a task that
 * finds it held sleeps until the holder unlocks; without, taking a held
 * mutex is a deadlock report (nobody else can release it).
 */
#ifndef MIGSIM_LINUX_MUTEX_H
#define MIGSIM_LINUX_MUTEX_H

#include <linux/compiler.h>

struct mutex {
	const char *name;	/* lock class, for reports */
	bool locked;
	int owner;		/* pid of the holder */
	int actor;		/* the actor holding it; -1 outside actors */
};

void mutex_init_named(struct mutex *lock, const char *name);
void mutex_lock(struct mutex *lock);
bool mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);

#define mutex_init(lock) mutex_init_named((lock), #lock)

#endif
