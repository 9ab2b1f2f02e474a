/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/siphash.h — SipHash-2-4 (Aumasson & Bernstein),
 * the PRF Linux 5.0 keys its ISNs, timestamp offsets and port offsets with.
 * Implemented in lib/siphash.c from the published algorithm; the test suite
 * checks it against the reference test vectors.
 */
#ifndef _KM_LINUX_SIPHASH_H
#define _KM_LINUX_SIPHASH_H

#include <linux/types.h>

#define SIPHASH_ALIGNMENT __alignof__(u64)
typedef struct {
	u64 key[2];
} siphash_key_t;

u64 siphash(const void *data, size_t len, const siphash_key_t *key);
u64 siphash_1u64(const u64 a, const siphash_key_t *key);
u64 siphash_2u64(const u64 a, const u64 b, const siphash_key_t *key);
u64 siphash_1u32(const u32 a, const siphash_key_t *key);
u64 siphash_2u32(const u32 a, const u32 b, const siphash_key_t *key);
u64 siphash_3u32(const u32 a, const u32 b, const u32 c,
		 const siphash_key_t *key);
u64 siphash_4u32(const u32 a, const u32 b, const u32 c, const u32 d,
		 const siphash_key_t *key);

#endif
