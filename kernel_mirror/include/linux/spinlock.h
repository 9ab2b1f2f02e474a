/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/spinlock.h
 *
 * Deliberate simplification: each host has one CPU and the mirror never
 * preempts, so spinlocks have nothing to exclude. The calls stay in the
 * mirrored code where Linux takes them, so the reader sees where the real
 * kernel serialises; the _bh variants still disable/enable bottom halves,
 * because that decides when softirqs run (see runtime/softirq.c).
 */
#ifndef _KM_LINUX_SPINLOCK_H
#define _KM_LINUX_SPINLOCK_H

#include <linux/types.h>

typedef struct spinlock {
	int km_unused;
} spinlock_t;

typedef struct {
	int km_unused;
} rwlock_t;

void local_bh_disable(void);
void local_bh_enable(void);

#define DEFINE_SPINLOCK(x)	spinlock_t x = { 0 }
#define __SPIN_LOCK_UNLOCKED(x)	{ 0 }
#define spin_lock_init(l)	((void)(l))
#define spin_lock(l)		((void)(l))
#define spin_unlock(l)		((void)(l))
#define spin_lock_bh(l)		do { (void)(l); local_bh_disable(); } while (0)
#define spin_unlock_bh(l)	do { (void)(l); local_bh_enable(); } while (0)
#define spin_lock_irqsave(l, f)	do { (void)(l); (f) = 0; } while (0)
#define spin_unlock_irqrestore(l, f) do { (void)(l); (void)(f); } while (0)
#define rwlock_init(l)		((void)(l))
#define read_lock(l)		((void)(l))
#define read_unlock(l)		((void)(l))
#define write_lock_bh(l)	do { (void)(l); local_bh_disable(); } while (0)
#define write_unlock_bh(l)	do { (void)(l); local_bh_enable(); } while (0)
#define read_lock_bh(l)		do { (void)(l); local_bh_disable(); } while (0)
#define read_unlock_bh(l)	do { (void)(l); local_bh_enable(); } while (0)

/* RCU: no concurrent readers, so these mark the kernel's read sections only. */
#define rcu_read_lock()		do { } while (0)
#define rcu_read_unlock()	do { } while (0)
#define rcu_read_lock_bh()	local_bh_disable()
#define rcu_read_unlock_bh()	local_bh_enable()
#define rcu_dereference(p)	(p)
#define rcu_dereference_protected(p, c)	(p)
#define rcu_dereference_raw(p)	(p)
#define rcu_access_pointer(p)	(p)
#define rcu_assign_pointer(p, v) ((p) = (v))
#define RCU_INIT_POINTER(p, v)	((p) = (v))
#define synchronize_rcu()	do { } while (0)

#endif
