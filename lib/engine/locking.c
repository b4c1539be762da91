// SPDX-License-Identifier: MIT
/*
 * Locks with owner tracking.  One host thread runs the model, so a lock is
 * a record of its holder; re-taking a held spinlock is the kernel's
 * self-deadlock and ends the run.  Every acquire and release is a named
 * scheduling point.  The folio lock (PG_locked) lives here too.
 *
 * KERNEL: kernel/locking/spinlock.c, mm/filemap.c folio_lock()/folio_unlock()
 */
#include <string.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include "sched.h"

void spin_lock_init_named(spinlock_t *lock, const char *name)
{
	lock->name = name;
	lock->locked = false;
	lock->owner = 0;
	lock->actor = -1;
}

/* Another actor holds it: spin (wait) until it is released.  With one task
 * running, a held spinlock is never released: the kernel would spin
 * forever. */
static void spin_lock_contended(spinlock_t *lock)
{
	if (sched_in_actor()) {
		while (lock->locked)
			sched_block_on(lock, "spinlock");
		return;
	}
	sim_raise(SIM_DEADLOCK, "spin_lock", __FILE__, __LINE__, NULL,
		  "spinlock %s taken by pid %d while held by pid %d",
		  lock->name ? lock->name : "?", sim_current_pid(), lock->owner);
}

/* The lock is free: take it, and with actors say who holds it. */
static void spin_take(spinlock_t *lock)
{
	spin_mark_held(lock);
	if (unlikely(sim_world->points_armed)) {
		lock->actor = sched_current_actor();
		sched_lock_acquired(lock->name);
	}
}

void spin_lock_slow(spinlock_t *lock)
{
	sched_point("lock:spin");
	if (unlikely(lock->locked))
		spin_lock_contended(lock);
	spin_take(lock);
}

bool spin_trylock_slow(spinlock_t *lock)
{
	sched_point("lock:spin-try");
	if (lock->locked)
		return false;
	spin_take(lock);
	return true;
}

void spin_unlock_slow(spinlock_t *lock)
{
	if (unlikely(!lock->locked))
		sim_raise(SIM_BUG, "spin_unlock", __FILE__, __LINE__, NULL,
			  "spin_unlock of %s, which is not held", lock->name ? lock->name : "?");
	lock->locked = false;
	lock->owner = 0;
	if (unlikely(sim_world->points_armed)) {
		sched_lock_released(lock->name);
		sched_wake(lock);
	}
	sched_point("unlock:spin");
}

/*
 * Without other actors nobody can release a lock we would sleep on, so a
 * blocking folio_lock() of a locked folio is a deadlock.
 */
void folio_lock(struct folio *folio)
{
	sched_point("lock:folio");
	if (sched_in_actor()) {
		while (folio_test_set_locked(folio))
			sched_block_on(folio, "folio lock");
		sched_folio_locked(folio);
		return;
	}
	if (folio_test_set_locked(folio))
		sim_raise(SIM_DEADLOCK, __func__, __FILE__, __LINE__, (const struct page *)folio,
			  "folio_lock() sleeps on a folio locked by this task, and no other "
			  "task can unlock it");
}

/* KERNEL: mm/filemap.c folio_wait_locked(): sleep until the folio is
 * unlocked, without taking the lock. */
void folio_wait_locked(struct folio *folio)
{
	sched_point("folio:wait-locked");
	while (folio_test_locked(folio)) {
		if (!sched_in_actor())
			sim_raise(SIM_DEADLOCK, __func__, __FILE__, __LINE__,
				  (const struct page *)folio, "folio_wait_locked() on a folio "
				  "locked by this task, and no other task can unlock it");
		sched_block_on(folio, "folio lock");
	}
}

void folio_unlock_unheld(struct folio *folio)
{
	sim_raise(SIM_BUG, "folio_unlock", __FILE__, __LINE__, (const struct page *)folio,
		  "kernel BUG: VM_BUG_ON_FOLIO(!folio_test_locked(folio))");
}

void folio_wait_writeback(struct folio *folio)
{
	/* No I/O is modelled: writeback completes when it is waited for. */
	sched_point("folio:wait-writeback");
	folio_clear_writeback(folio);
}

/* ---- mutex ---- */

void mutex_init_named(struct mutex *lock, const char *name)
{
	lock->name = name;
	lock->locked = false;
	lock->owner = 0;
	lock->actor = -1;
}

static void mutex_take(struct mutex *lock)
{
	lock->locked = true;
	lock->owner = current ? current->pid : -1;
	lock->actor = -1;
	if (unlikely(sim_world->points_armed)) {
		lock->actor = sched_current_actor();
		sched_sleeping_lock_acquired(lock->name);
	}
}

void mutex_lock(struct mutex *lock)
{
	sched_point("lock:mutex");
	while (lock->locked) {
		if (!sched_in_actor())
			sim_raise(SIM_DEADLOCK, "mutex_lock", __FILE__, __LINE__, NULL,
				  "mutex %s taken by pid %d while held by pid %d: with one task "
				  "running it is never released", lock->name ? lock->name : "?",
				  current ? current->pid : -1, lock->owner);
		sched_block_on(lock, "mutex");
	}
	mutex_take(lock);
}

bool mutex_trylock(struct mutex *lock)
{
	sched_point("lock:mutex-try");
	if (lock->locked || sim_fault("fault:trylock"))
		return false;
	mutex_take(lock);
	return true;
}

void mutex_unlock(struct mutex *lock)
{
	if (unlikely(!lock->locked))
		sim_raise(SIM_BUG, "mutex_unlock", __FILE__, __LINE__, NULL,
			  "mutex_unlock of %s, which is not held", lock->name ? lock->name : "?");
	lock->locked = false;
	lock->owner = 0;
	lock->actor = -1;
	if (unlikely(sim_world->points_armed)) {
		sched_sleeping_lock_released(lock->name);
		sched_wake(lock);
	}
	sched_point("unlock:mutex");
}

/* ---- rw_semaphore: mmap_lock, the anon_vma lock, i_mmap_rwsem ---- */

void init_rwsem_named(struct rw_semaphore *sem, const char *name)
{
	sem->name = name;
	sem->readers = 0;
	sem->writer = false;
	sem->owner = 0;
	sem->writer_actor = -1;
	memset(sem->reader_actors, 0, sizeof(sem->reader_actors));
}

static void rwsem_wait(struct rw_semaphore *sem, bool write)
{
	if (!sched_in_actor())
		sim_raise(SIM_DEADLOCK, write ? "down_write" : "down_read", __FILE__, __LINE__,
			  NULL, "%s taken for %s while %s by pid %d: with one task running "
			  "it is never released", sem->name ? sem->name : "rwsem",
			  write ? "write" : "read", sem->writer ? "write-held" : "read-held",
			  sem->owner);
	sched_block_on(sem, "rwsem");
}

void down_read_slow(struct rw_semaphore *sem)
{
	sched_point("lock:rwsem");
	while (sem->writer)
		rwsem_wait(sem, false);
	sem->readers++;
	if (unlikely(sim_world->points_armed)) {
		int a = sched_current_actor();

		if (a >= 0 && a < (int)sizeof(sem->reader_actors))
			sem->reader_actors[a]++;
	}
}

void up_read_slow(struct rw_semaphore *sem)
{
	VM_BUG_ON(sem->readers <= 0);
	sem->readers--;
	if (unlikely(sim_world->points_armed)) {
		int a = sched_current_actor();

		if (a >= 0 && a < (int)sizeof(sem->reader_actors) && sem->reader_actors[a])
			sem->reader_actors[a]--;
		sched_wake(sem);
	}
	sched_point("unlock:rwsem");
}

void down_write(struct rw_semaphore *sem)
{
	sched_point("lock:rwsem");
	while (sem->writer || sem->readers)
		rwsem_wait(sem, true);
	sem->writer = true;
	sem->owner = current ? current->pid : -1;
	sem->writer_actor = unlikely(sim_world->points_armed) ? sched_current_actor() : -1;
}

void up_write(struct rw_semaphore *sem)
{
	VM_BUG_ON(!sem->writer);
	sem->writer = false;
	sem->owner = 0;
	sem->writer_actor = -1;
	if (unlikely(sim_world->points_armed))
		sched_wake(sem);
	sched_point("unlock:rwsem");
}
