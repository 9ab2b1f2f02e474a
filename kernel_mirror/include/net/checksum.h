/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/net/checksum.h — the Internet checksum (RFC 1071).
 * csum_partial() accumulates 16-bit words into a 32-bit sum; csum_fold()
 * folds and complements it. Written from the RFC, computed in network
 * byte order so it can be stored straight into a header.
 */
#ifndef _KM_NET_CHECKSUM_H
#define _KM_NET_CHECKSUM_H

#include <linux/types.h>
#include <linux/byteorder.h>

/* Sum of the buffer's big-endian 16-bit words, added to sum. */
static inline __wsum csum_partial(const void *buff, int len, __wsum sum)
{
	const u8 *p = buff;
	u64 acc = sum;
	int i;

	for (i = 0; i + 1 < len; i += 2)
		acc += (u32)p[i] << 8 | p[i + 1];
	if (len & 1)
		acc += (u32)p[len - 1] << 8;
	while (acc >> 32)
		acc = (acc & 0xffffffff) + (acc >> 32);
	return (__wsum)acc;
}

/* Fold to 16 bits and complement; the result is in network byte order. */
static inline __sum16 csum_fold(__wsum csum)
{
	u32 sum = csum;

	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__sum16)htons((u16)~sum);
}

/* The pseudo-header (addresses stored in network order), plus sum. */
static inline __wsum csum_tcpudp_nofold(__be32 saddr, __be32 daddr,
					__u32 len, __u8 proto, __wsum sum)
{
	u64 acc = sum;
	u32 s = ntohl(saddr), d = ntohl(daddr);

	acc += (s >> 16) + (s & 0xffff) + (d >> 16) + (d & 0xffff);
	acc += proto;
	acc += len;
	while (acc >> 32)
		acc = (acc & 0xffffffff) + (acc >> 32);
	return (__wsum)acc;
}

static inline __sum16 csum_tcpudp_magic(__be32 saddr, __be32 daddr, __u32 len,
					__u8 proto, __wsum sum)
{
	return csum_fold(csum_tcpudp_nofold(saddr, daddr, len, proto, sum));
}

/* IP header checksum over ihl 32-bit words. */
static inline __sum16 ip_fast_csum(const void *iph, unsigned int ihl)
{
	return csum_fold(csum_partial(iph, ihl * 4, 0));
}

#define CSUM_MANGLED_0 ((__sum16)0xffff)

#endif
