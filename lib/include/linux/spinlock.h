/* SPDX-License-Identifier: MIT */
/*
 * Kind: changed for testing.  The kernel's lock types with owner tracking:
 * one host thread runs the simulation, so a lock is a record of who holds
 * it.  Taking a held spinlock is a report (the kernel would spin forever);
 * each lock and unlock is a named scheduling point (sched_point()), where
 * the actor scheduler may switch.
 */
#ifndef MIGSIM_LINUX_SPINLOCK_H
#define MIGSIM_LINUX_SPINLOCK_H

#include <linux/compiler.h>

typedef struct spinlock {
	const char *name;	/* lock class, for reports */
	bool locked;
	int owner;		/* pid of the holder */
	int actor;		/* the actor holding it; -1 outside actors */
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(n) { .name = (n), .locked = false, .owner = 0, .actor = -1 }

void spin_lock_init_named(spinlock_t *lock, const char *name);
/* Out of line: report taking a held lock / releasing a free one. */
/* The out-of-line halves of spin_lock()/spin_unlock() (lib/engine/world.h):
 * with actors or hooks armed, or when the lock is in the wrong state. */
void spin_lock_slow(spinlock_t *lock);
bool spin_trylock_slow(spinlock_t *lock);
void spin_unlock_slow(spinlock_t *lock);

/* spin_lock(), spin_unlock(), spin_trylock() and spin_is_locked() are
 * inline, in lib/engine/world.h, next to the scheduling points they are. */

#define spin_lock_init(l) spin_lock_init_named((l), #l)
#define spin_lock_irq(l) spin_lock(l)
#define spin_unlock_irq(l) spin_unlock(l)
#define spin_lock_irqsave(l, f) do { (void)(f); spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, f) do { (void)(f); spin_unlock(l); } while (0)

#endif
