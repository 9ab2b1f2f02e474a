// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: lib/siphash.c — SipHash-2-4, written from the reference
 * algorithm (Aumasson & Bernstein, "SipHash: a fast short-input PRF").
 * The fixed-width helpers hash the little-endian bytes of their words,
 * which is exactly what Linux's siphash_3u32() and friends compute.
 * tests/check_secure_seq.c checks the published test vectors.
 */
#include <linux/siphash.h>
#include <linux/string.h>

static inline u64 rotl64(u64 x, int b)
{
	return (x << b) | (x >> (64 - b));
}

#define SIPROUND							\
	do {								\
		v0 += v1; v1 = rotl64(v1, 13); v1 ^= v0; v0 = rotl64(v0, 32); \
		v2 += v3; v3 = rotl64(v3, 16); v3 ^= v2;		\
		v0 += v3; v3 = rotl64(v3, 21); v3 ^= v0;		\
		v2 += v1; v1 = rotl64(v1, 17); v1 ^= v2; v2 = rotl64(v2, 32); \
	} while (0)

static u64 le64(const u8 *p)
{
	return (u64)p[0] | (u64)p[1] << 8 | (u64)p[2] << 16 | (u64)p[3] << 24 |
	       (u64)p[4] << 32 | (u64)p[5] << 40 | (u64)p[6] << 48 |
	       (u64)p[7] << 56;
}

u64 siphash(const void *data, size_t len, const siphash_key_t *key)
{
	const u8 *in = data;
	u64 v0 = 0x736f6d6570736575ULL ^ key->key[0];
	u64 v1 = 0x646f72616e646f6dULL ^ key->key[1];
	u64 v2 = 0x6c7967656e657261ULL ^ key->key[0];
	u64 v3 = 0x7465646279746573ULL ^ key->key[1];
	u64 b = (u64)len << 56;
	size_t i, left = len & 7;

	for (i = 0; i + 8 <= len; i += 8) {
		u64 m = le64(in + i);

		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	for (i = 0; i < left; i++)
		b |= (u64)in[len - left + i] << (8 * i);
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return (v0 ^ v1) ^ (v2 ^ v3);
}

static void put_le32(u8 *p, u32 v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

u64 siphash_1u64(const u64 a, const siphash_key_t *key)
{
	u8 buf[8];

	put_le32(buf, (u32)a);
	put_le32(buf + 4, (u32)(a >> 32));
	return siphash(buf, 8, key);
}

u64 siphash_2u64(const u64 a, const u64 b, const siphash_key_t *key)
{
	u8 buf[16];

	put_le32(buf, (u32)a);
	put_le32(buf + 4, (u32)(a >> 32));
	put_le32(buf + 8, (u32)b);
	put_le32(buf + 12, (u32)(b >> 32));
	return siphash(buf, 16, key);
}

u64 siphash_1u32(const u32 a, const siphash_key_t *key)
{
	u8 buf[4];

	put_le32(buf, a);
	return siphash(buf, 4, key);
}

u64 siphash_2u32(const u32 a, const u32 b, const siphash_key_t *key)
{
	u8 buf[8];

	put_le32(buf, a);
	put_le32(buf + 4, b);
	return siphash(buf, 8, key);
}

u64 siphash_3u32(const u32 a, const u32 b, const u32 c,
		 const siphash_key_t *key)
{
	u8 buf[12];

	put_le32(buf, a);
	put_le32(buf + 4, b);
	put_le32(buf + 8, c);
	return siphash(buf, 12, key);
}

u64 siphash_4u32(const u32 a, const u32 b, const u32 c, const u32 d,
		 const siphash_key_t *key)
{
	u8 buf[16];

	put_le32(buf, a);
	put_le32(buf + 4, b);
	put_le32(buf + 8, c);
	put_le32(buf + 12, d);
	return siphash(buf, 16, key);
}
