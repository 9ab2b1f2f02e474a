/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/jiffies.h
 *
 * Our kernel is configured with CONFIG_HZ=1000, so one jiffy is one
 * millisecond. Each host has its own jiffies counter, derived from the
 * world's clock (virtual in tests), starting like Linux at INITIAL_JIFFIES
 * (five minutes before the 32-bit wrap) when the host boots.
 */
#ifndef _KM_LINUX_JIFFIES_H
#define _KM_LINUX_JIFFIES_H

#include <linux/types.h>
#include <linux/kernel.h>

#define HZ		1000
#define USER_HZ		100
#define MSEC_PER_SEC	1000L
#define USEC_PER_MSEC	1000L
#define USEC_PER_SEC	1000000L
#define NSEC_PER_USEC	1000L
#define NSEC_PER_MSEC	1000000L
#define NSEC_PER_SEC	1000000000L

#define INITIAL_JIFFIES ((unsigned long)(unsigned int) (-300*HZ))
#define MAX_JIFFY_OFFSET ((LONG_MAX >> 1) - 1)

/* The running host's jiffies (runtime/timer.c). */
unsigned long km_jiffies(void);
#define jiffies km_jiffies()

#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)
/* 32-bit stamps (a u32 field holding jiffies) compared the same way. */
#define time_after32(a, b)	((s32)((u32)(b) - (u32)(a)) < 0)
#define get_jiffies_64()	((u64)jiffies)

static inline unsigned long msecs_to_jiffies(const unsigned int m)
{
	return m;	/* HZ == 1000 */
}

static inline unsigned int jiffies_to_msecs(const unsigned long j)
{
	return (unsigned int)j;
}

static inline unsigned int jiffies_to_usecs(const unsigned long j)
{
	return (unsigned int)(j * 1000);
}

static inline unsigned long usecs_to_jiffies(const unsigned int u)
{
	return (u + 999) / 1000;
}

#endif
