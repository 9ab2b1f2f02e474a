/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/random.h — every random number a host draws
 * comes from its own deterministic generator, seeded from the world seed
 * and the host's number (runtime/random.c): same seed, same run.
 */
#ifndef _KM_LINUX_RANDOM_H
#define _KM_LINUX_RANDOM_H

#include <linux/types.h>

void get_random_bytes(void *buf, int nbytes);
u32 prandom_u32(void);
u32 get_random_u32(void);

static inline u32 prandom_u32_max(u32 ep_ro)
{
	return (u32)(((u64) prandom_u32() * ep_ro) >> 32);
}

/*
 * net_get_random_once(): fill a secret the first time it is needed. The
 * "done" flag lives next to the secret, in the host (see its callers).
 */
#define net_get_random_once_km(done, buf, nbytes)	\
	do {						\
		if (!*(done)) {				\
			get_random_bytes(buf, nbytes);	\
			*(done) = true;			\
		}					\
	} while (0)

#endif
