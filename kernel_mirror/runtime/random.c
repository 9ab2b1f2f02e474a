// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror runtime: randomness (drivers/char/random.c, lib/random32.c).
 *
 * Each host owns a xoshiro256** generator seeded from the world seed and
 * the host's number through splitmix64, so every secret (ISN and port
 * keys, hash seeds) and every random choice repeats exactly for a given
 * --seed, and two hosts never draw the same stream.
 */
#include <linux/random.h>
#include <linux/string.h>
#include <linux/kernel.h>
#include <kmirror/host.h>
#include <kmirror/runtime.h>

static u64 splitmix64(u64 *x)
{
	u64 z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void km_random_init(struct host *h, u64 seed)
{
	u64 x = seed ^ (0x6b6d6972726f72ULL * (u64)(h->id + 1));
	int i;

	for (i = 0; i < 4; i++)
		h->prng[i] = splitmix64(&x);
}

static u64 rotl(const u64 x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static u64 xoshiro_next(u64 *s)
{
	const u64 result = rotl(s[1] * 5, 7) * 9;
	const u64 t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

u64 km_host_random64(struct host *h)
{
	return xoshiro_next(h->prng);
}

void get_random_bytes(void *buf, int nbytes)
{
	struct host *h = km_host();
	u8 *p = buf;

	while (nbytes > 0) {
		u64 v = xoshiro_next(h->prng);
		int n = nbytes < 8 ? nbytes : 8;

		memcpy(p, &v, n);
		p += n;
		nbytes -= n;
	}
}

u32 prandom_u32(void)
{
	return (u32)(xoshiro_next(km_host()->prng) >> 32);
}

u32 get_random_u32(void)
{
	return prandom_u32();
}

u32 km_net_tx_rndhash(void)
{
	u32 v;

	do {
		v = prandom_u32();
	} while (!v);
	return v;
}
