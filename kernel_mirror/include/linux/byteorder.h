/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: byte order (include/linux/byteorder/generic.h, little endian
 * x86_64). Network order values are stored as the kernel stores them.
 */
#ifndef _KM_LINUX_BYTEORDER_H
#define _KM_LINUX_BYTEORDER_H

#include <linux/types.h>

#define __KM_BSWAP16(x) ((u16)__builtin_bswap16((u16)(x)))
#define __KM_BSWAP32(x) ((u32)__builtin_bswap32((u32)(x)))

#define cpu_to_be16(x)	__KM_BSWAP16(x)
#define be16_to_cpu(x)	__KM_BSWAP16(x)
#define cpu_to_be32(x)	__KM_BSWAP32(x)
#define be32_to_cpu(x)	__KM_BSWAP32(x)

#ifndef htons
#define htons(x)	cpu_to_be16(x)
#define ntohs(x)	be16_to_cpu(x)
#define htonl(x)	cpu_to_be32(x)
#define ntohl(x)	be32_to_cpu(x)
#endif

static inline u16 get_unaligned_be16(const void *p)
{
	const u8 *b = p;

	return (u16)(b[0] << 8 | b[1]);
}

static inline u32 get_unaligned_be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static inline void put_unaligned_be16(u16 v, void *p)
{
	u8 *b = p;

	b[0] = v >> 8;
	b[1] = v;
}

static inline void put_unaligned_be32(u32 v, void *p)
{
	u8 *b = p;

	b[0] = v >> 24;
	b[1] = v >> 16;
	b[2] = v >> 8;
	b[3] = v;
}
#endif
