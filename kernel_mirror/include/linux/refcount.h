/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/refcount.h and atomic helpers.
 * One CPU per host and no preemption inside the mirror, so plain integers
 * suffice; the names and the saturate-on-misuse checks are kept.
 */
#ifndef _KM_LINUX_REFCOUNT_H
#define _KM_LINUX_REFCOUNT_H

#include <linux/types.h>
#include <linux/bug.h>

typedef struct refcount_struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_INIT(n)	{ .refs = { .counter = (n) } }

static inline void refcount_set(refcount_t *r, int n)
{
	r->refs.counter = n;
}

static inline unsigned int refcount_read(const refcount_t *r)
{
	return r->refs.counter;
}

static inline void refcount_inc(refcount_t *r)
{
	WARN_ON(r->refs.counter == 0);	/* object already released */
	r->refs.counter++;
}

static inline void refcount_add(int i, refcount_t *r)
{
	r->refs.counter += i;
}

static inline bool refcount_inc_not_zero(refcount_t *r)
{
	if (!r->refs.counter)
		return false;
	r->refs.counter++;
	return true;
}

static inline bool refcount_sub_and_test(int i, refcount_t *r)
{
	WARN_ON(r->refs.counter < i);	/* more puts than gets */
	r->refs.counter -= i;
	return r->refs.counter == 0;
}

static inline bool refcount_dec_and_test(refcount_t *r)
{
	return refcount_sub_and_test(1, r);
}

static inline void refcount_dec(refcount_t *r)
{
	WARN_ON(refcount_dec_and_test(r));	/* last ref dropped without freeing */
}

#define ATOMIC_INIT(i)	{ (i) }

static inline int atomic_read(const atomic_t *v) { return v->counter; }
static inline void atomic_set(atomic_t *v, int i) { v->counter = i; }
static inline void atomic_inc(atomic_t *v) { v->counter++; }
static inline void atomic_dec(atomic_t *v) { v->counter--; }
static inline void atomic_add(int i, atomic_t *v) { v->counter += i; }
static inline void atomic_sub(int i, atomic_t *v) { v->counter -= i; }
static inline int atomic_inc_return(atomic_t *v) { return ++v->counter; }
static inline int atomic_dec_return(atomic_t *v) { return --v->counter; }
static inline int atomic_add_return(int i, atomic_t *v) { return v->counter += i; }
static inline bool atomic_dec_and_test(atomic_t *v) { return --v->counter == 0; }
static inline long atomic_long_read(const atomic_long_t *v) { return v->counter; }
static inline void atomic_long_set(atomic_long_t *v, long i) { v->counter = i; }
static inline void atomic_long_add(long i, atomic_long_t *v) { v->counter += i; }
static inline void atomic_long_sub(long i, atomic_long_t *v) { v->counter -= i; }
static inline void atomic_long_inc(atomic_long_t *v) { v->counter++; }
static inline bool atomic_long_dec_and_test(atomic_long_t *v) { return --v->counter == 0; }

#endif
