/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: the clocks (include/linux/ktime.h, timekeeping.h, sched/clock.h).
 * All are per host and derived from the world clock: monotonic time since
 * the host booted, and a wall clock fixed at boot from the seed.
 */
#ifndef _KM_LINUX_KTIME_H
#define _KM_LINUX_KTIME_H

#include <linux/types.h>

u64 ktime_get_ns(void);		/* CLOCK_MONOTONIC of the running host */
u64 ktime_get_real_ns(void);	/* CLOCK_REALTIME of the running host */
u64 local_clock(void);		/* sched_clock(): same as monotonic here */

static inline ktime_t ktime_get(void)
{
	return (ktime_t)ktime_get_ns();
}

/* Monotonic seconds (timekeeping.h's ktime_get_seconds). */
static inline s64 ktime_get_seconds(void)
{
	return (s64)(ktime_get_ns() / 1000000000ULL);
}

static inline ktime_t ktime_get_real(void)
{
	return (ktime_t)ktime_get_real_ns();
}

#endif
