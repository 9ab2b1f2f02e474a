/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: softirqs (include/linux/interrupt.h, preempt.h).
 *
 * Each host has one CPU with a preempt count. Softirqs raised while bottom
 * halves are disabled run when they are re-enabled (local_bh_enable, which
 * spin_unlock_bh and release_sock reach) or on return from the "interrupt"
 * in which a device delivered a frame — the same two places as in Linux.
 */
#ifndef _KM_LINUX_INTERRUPT_H
#define _KM_LINUX_INTERRUPT_H

#include <linux/types.h>
#include <linux/spinlock.h>

enum {
	HI_SOFTIRQ = 0,
	TIMER_SOFTIRQ,
	NET_TX_SOFTIRQ,
	NET_RX_SOFTIRQ,
	BLOCK_SOFTIRQ,
	IRQ_POLL_SOFTIRQ,
	TASKLET_SOFTIRQ,
	SCHED_SOFTIRQ,
	HRTIMER_SOFTIRQ,
	RCU_SOFTIRQ,
	NR_SOFTIRQS
};

#define SOFTIRQ_OFFSET		(1UL << 8)
#define SOFTIRQ_DISABLE_OFFSET	(2 * SOFTIRQ_OFFSET)
#define SOFTIRQ_MASK		(0xffUL << 8)
#define HARDIRQ_OFFSET		(1UL << 16)
#define HARDIRQ_MASK		(0xfUL << 16)

struct softirq_action {
	void	(*action)(struct softirq_action *);
};

void open_softirq(int nr, void (*action)(struct softirq_action *));
void raise_softirq(unsigned int nr);
void raise_softirq_irqoff(unsigned int nr);
void __raise_softirq_irqoff(unsigned int nr);
void irq_enter(void);
void irq_exit(void);
void do_softirq(void);

unsigned long km_preempt_count(void);
#define preempt_count()		km_preempt_count()
#define in_irq()		(preempt_count() & HARDIRQ_MASK)
#define in_softirq()		(preempt_count() & SOFTIRQ_MASK)
#define in_interrupt()		(preempt_count() & (HARDIRQ_MASK | SOFTIRQ_MASK))
#define in_serving_softirq()	(preempt_count() & SOFTIRQ_OFFSET)
#define in_task()		(!in_interrupt())

#endif
