/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/bitops.h — the bit helpers the socket code uses.
 * One CPU per host, so the "atomic" variants are plain read-modify-write.
 */
#ifndef _KM_LINUX_BITOPS_H
#define _KM_LINUX_BITOPS_H

#include <linux/types.h>

#define BITS_PER_LONG	64
#define BIT_MASK(nr)	(1UL << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr)	((nr) / BITS_PER_LONG)

static inline void set_bit(long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}

static inline void clear_bit(long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

static inline bool test_bit(long nr, const volatile unsigned long *addr)
{
	return (addr[BIT_WORD(nr)] & BIT_MASK(nr)) != 0;
}

static inline bool test_and_set_bit(long nr, volatile unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	set_bit(nr, addr);
	return old;
}

static inline bool test_and_clear_bit(long nr, volatile unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	clear_bit(nr, addr);
	return old;
}

#define __set_bit	set_bit
#define __clear_bit	clear_bit

#endif
