/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/percpu_counter.h — one CPU per host, so a
 * per-CPU counter is a plain count.
 */
#ifndef _KM_LINUX_PERCPU_COUNTER_H
#define _KM_LINUX_PERCPU_COUNTER_H

#include <linux/types.h>

struct percpu_counter {
	s64 count;
};

static inline void percpu_counter_inc(struct percpu_counter *fbc)
{
	fbc->count++;
}

static inline void percpu_counter_dec(struct percpu_counter *fbc)
{
	fbc->count--;
}

static inline s64 percpu_counter_read_positive(struct percpu_counter *fbc)
{
	return fbc->count > 0 ? fbc->count : 0;
}

#endif
