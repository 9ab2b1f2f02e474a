/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* kmirror: the socket ABI (include/uapi/linux/socket.h, include/linux/socket.h, asm-generic/socket.h). */
#ifndef _KM_UAPI_LINUX_SOCKET_H
#define _KM_UAPI_LINUX_SOCKET_H

#include <linux/types.h>

typedef unsigned short __kernel_sa_family_t;
typedef __kernel_sa_family_t sa_family_t;

#define _K_SS_MAXSIZE	128

struct __kernel_sockaddr_storage {
	__kernel_sa_family_t	ss_family;
	char			__data[_K_SS_MAXSIZE - sizeof(unsigned short)];
} __attribute__((aligned(8)));

struct sockaddr {
	sa_family_t	sa_family;
	char		sa_data[14];
};

struct linger {
	int		l_onoff;
	int		l_linger;
};

/* Address families (include/linux/socket.h). */
#define AF_UNSPEC	0
#define AF_UNIX		1
#define AF_LOCAL	1
#define AF_INET		2
#define AF_INET6	10
#define AF_NETLINK	16
#define AF_PACKET	17
#define AF_MAX		45	/* one past the highest family in 5.0 */
#define NPROTO		AF_MAX

#define PF_UNSPEC	AF_UNSPEC
#define PF_INET		AF_INET
#define PF_INET6	AF_INET6
#define PF_PACKET	AF_PACKET
#define PF_MAX		AF_MAX

/* Levels. */
#define SOL_IP		0
#define SOL_TCP		6
#define SOL_UDP		17
#define SOL_RAW		255
#define SOL_SOCKET	1

/* Socket options (include/uapi/asm-generic/socket.h, x86_64 values). */
#define SO_DEBUG	1
#define SO_REUSEADDR	2
#define SO_TYPE		3
#define SO_ERROR	4
#define SO_DONTROUTE	5
#define SO_BROADCAST	6
#define SO_SNDBUF	7
#define SO_RCVBUF	8
#define SO_KEEPALIVE	9
#define SO_OOBINLINE	10
#define SO_NO_CHECK	11
#define SO_PRIORITY	12
#define SO_LINGER	13
#define SO_BSDCOMPAT	14
#define SO_REUSEPORT	15
#define SO_RCVLOWAT	18
#define SO_SNDLOWAT	19
#define SO_RCVTIMEO	20
#define SO_SNDTIMEO	21
#define SO_BINDTODEVICE	25
#define SO_ACCEPTCONN	30
#define SO_PROTOCOL	38
#define SO_DOMAIN	39

/* recv/send flags (include/linux/socket.h). */
#define MSG_OOB		1
#define MSG_PEEK	2
#define MSG_DONTROUTE	4
#define MSG_CTRUNC	8
#define MSG_TRUNC	0x20
#define MSG_PROBE	0x10
#define MSG_DONTWAIT	0x40
#define MSG_EOR		0x80
#define MSG_WAITALL	0x100
#define MSG_CONFIRM	0x800
#define MSG_ERRQUEUE	0x2000
#define MSG_NOSIGNAL	0x4000
#define MSG_MORE	0x8000
#define MSG_FASTOPEN	0x20000000
#define MSG_CMSG_CLOEXEC 0x40000000

/* shutdown() how. */
#define SHUT_RD		0
#define SHUT_WR		1
#define SHUT_RDWR	2

/* A user's timeval, as SO_SNDTIMEO takes it (x86_64 layout). */
struct km_timeval {
	long		tv_sec;
	long		tv_usec;
};

#endif
