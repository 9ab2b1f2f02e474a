/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* kmirror: include/uapi/linux/ip.h — the IPv4 header. */
#ifndef _KM_UAPI_LINUX_IP_H
#define _KM_UAPI_LINUX_IP_H

#include <linux/types.h>

#define IPTOS_TOS_MASK_KM	0x1E
#define IPTOS_PREC_MASK		0xE0
#define IPVERSION		4
#define MAXTTL			255
#define IPDEFTTL		64

struct iphdr {
	__u8	ihl:4,
		version:4;	/* little-endian bit order */
	__u8	tos;
	__be16	tot_len;
	__be16	id;
	__be16	frag_off;
	__u8	ttl;
	__u8	protocol;
	__sum16	check;
	__be32	saddr;
	__be32	daddr;
	/* options, if ihl > 5, follow the fixed 20 bytes */
};

#endif
