/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* kmirror: include/uapi/linux/tcp.h — the TCP header and socket options. */
#ifndef _KM_UAPI_LINUX_TCP_H
#define _KM_UAPI_LINUX_TCP_H

#include <linux/types.h>

struct tcphdr {
	__be16	source;
	__be16	dest;
	__be32	seq;
	__be32	ack_seq;
	__u16	res1:4,
		doff:4,
		fin:1,
		syn:1,
		rst:1,
		psh:1,
		ack:1,
		urg:1,
		ece:1,
		cwr:1;		/* little-endian bit order */
	__be16	window;
	__sum16	check;
	__be16	urg_ptr;
};

union tcp_word_hdr {
	struct tcphdr hdr;
	__be32	      words[5];
};

#define tcp_flag_word(tp) (((union tcp_word_hdr *)(tp))->words[3])

/* In network byte order, as the kernel compares them. */
#define TCP_FLAG_CWR	__builtin_bswap32(0x00800000)
#define TCP_FLAG_ECE	__builtin_bswap32(0x00400000)
#define TCP_FLAG_URG	__builtin_bswap32(0x00200000)
#define TCP_FLAG_ACK	__builtin_bswap32(0x00100000)
#define TCP_FLAG_PSH	__builtin_bswap32(0x00080000)
#define TCP_FLAG_RST	__builtin_bswap32(0x00040000)
#define TCP_FLAG_SYN	__builtin_bswap32(0x00020000)
#define TCP_FLAG_FIN	__builtin_bswap32(0x00010000)
#define TCP_RESERVED_BITS	__builtin_bswap32(0x0F000000)
#define TCP_DATA_OFFSET	__builtin_bswap32(0xF0000000)
#define TCP_RESERVED_BITS __builtin_bswap32(0x0F000000)
#define TCP_DATA_OFFSET	__builtin_bswap32(0xF0000000)

/* Option names for setsockopt()/getsockopt() at level SOL_TCP. */
#define TCP_NODELAY		1
#define TCP_MAXSEG		2
#define TCP_CORK		3
#define TCP_KEEPIDLE		4
#define TCP_KEEPINTVL		5
#define TCP_KEEPCNT		6
#define TCP_SYNCNT		7
#define TCP_LINGER2		8
#define TCP_DEFER_ACCEPT	9
#define TCP_WINDOW_CLAMP	10
#define TCP_INFO		11
#define TCP_QUICKACK		12
#define TCP_CONGESTION		13
#define TCP_MD5SIG		14
#define TCP_THIN_LINEAR_TIMEOUTS 16
#define TCP_THIN_DUPACK		17
#define TCP_USER_TIMEOUT	18
#define TCP_REPAIR		19
#define TCP_FASTOPEN		23
#define TCP_TIMESTAMP		24
#define TCP_NOTSENT_LOWAT	25
#define TCP_FASTOPEN_CONNECT	30

#endif
