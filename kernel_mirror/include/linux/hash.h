/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/hash.h (Linux 5.0.1) — multiplicative hashing
 * into a power-of-two table (hash_32).
 */
#ifndef _KM_LINUX_HASH_H
#define _KM_LINUX_HASH_H

#include <linux/types.h>

#define GOLDEN_RATIO_32 0x61C88647

/* Keep the top `bits` bits of val times the golden ratio. */
static inline u32 hash_32(u32 val, unsigned int bits)
{
	return (val * GOLDEN_RATIO_32) >> (32 - bits);
}

#endif
