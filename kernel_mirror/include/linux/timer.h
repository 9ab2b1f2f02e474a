/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/timer.h
 *
 * Timers are kept per host in expiry order (runtime/timer.c) instead of
 * the kernel's timer wheel; they fire from TIMER_SOFTIRQ as in Linux, in
 * (expires, arming order) order. Under virtual time the world clock jumps
 * straight to the next expiry, so a 127 s SYN timeout takes no real time.
 */
#ifndef _KM_LINUX_TIMER_H
#define _KM_LINUX_TIMER_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/jiffies.h>

struct host;

struct timer_list {
	struct list_head	entry;		/* on the host's pending list */
	unsigned long		expires;
	void			(*function)(struct timer_list *);
	u32			flags;
	/* kmirror */
	unsigned long long	km_seq;		/* arming order, for ties */
	struct host		*km_host;
};

#define TIMER_DEFERRABLE	0x00080000
#define TIMER_PINNED		0x00200000
#define TIMER_IRQSAFE		0x00400000

#define from_timer(var, callback_timer, timer_fieldname) \
	container_of(callback_timer, __typeof__(*var), timer_fieldname)

void timer_setup(struct timer_list *timer,
		 void (*func)(struct timer_list *), unsigned int flags);
int mod_timer(struct timer_list *timer, unsigned long expires);
int mod_timer_pending(struct timer_list *timer, unsigned long expires);
void add_timer(struct timer_list *timer);
int del_timer(struct timer_list *timer);
#define del_timer_sync(t)	del_timer(t)

static inline int timer_pending(const struct timer_list *timer)
{
	return timer->entry.next != NULL;
}

#endif
