/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* kmirror: include/uapi/linux/in.h — IPv4 addresses and protocol numbers. */
#ifndef _KM_UAPI_LINUX_IN_H
#define _KM_UAPI_LINUX_IN_H

#include <linux/types.h>
#include <uapi/linux/socket.h>

enum {
	IPPROTO_IP = 0,
	IPPROTO_ICMP = 1,
	IPPROTO_IGMP = 2,
	IPPROTO_IPIP = 4,
	IPPROTO_TCP = 6,
	IPPROTO_EGP = 8,
	IPPROTO_PUP = 12,
	IPPROTO_UDP = 17,
	IPPROTO_IDP = 22,
	IPPROTO_TP = 29,
	IPPROTO_DCCP = 33,
	IPPROTO_IPV6 = 41,
	IPPROTO_RSVP = 46,
	IPPROTO_GRE = 47,
	IPPROTO_ESP = 50,
	IPPROTO_AH = 51,
	IPPROTO_MTP = 92,
	IPPROTO_BEETPH = 94,
	IPPROTO_ENCAP = 98,
	IPPROTO_PIM = 103,
	IPPROTO_COMP = 108,
	IPPROTO_SCTP = 132,
	IPPROTO_UDPLITE = 136,
	IPPROTO_MPLS = 137,
	IPPROTO_RAW = 255,
	IPPROTO_MAX
};

struct in_addr {
	__be32	s_addr;
};

/* IP_MULTICAST_IF takes one of these (or an ip_mreq, or an in_addr). */
struct ip_mreq {
	struct in_addr imr_multiaddr;
	struct in_addr imr_interface;
};

struct ip_mreqn {
	struct in_addr	imr_multiaddr;
	struct in_addr	imr_address;
	int		imr_ifindex;
};

#define __SOCK_SIZE__	16
struct sockaddr_in {
	__kernel_sa_family_t	sin_family;
	__be16			sin_port;
	struct in_addr		sin_addr;
	unsigned char		sin_zero[__SOCK_SIZE__ - sizeof(short int) -
				      sizeof(unsigned short int) - sizeof(struct in_addr)];
};

/* IP level socket options (the ones these paths use). */
#define IP_TOS		1
#define IP_TTL		2
#define IP_HDRINCL	3
#define IP_OPTIONS	4
#define IP_RECVERR	11
#define IP_MTU_DISCOVER	10
#define IP_MTU		14
#define IP_MULTICAST_IF	32
#define IP_MULTICAST_TTL 33
#define IP_MULTICAST_LOOP 34

#define IP_PMTUDISC_DONT	0
#define IP_PMTUDISC_WANT	1
#define IP_PMTUDISC_DO		2
#define IP_PMTUDISC_PROBE	3
#define IP_PMTUDISC_INTERFACE	4
#define IP_PMTUDISC_OMIT	5

/* Addresses, in host order (as the kernel's uapi defines them). */
#define INADDR_ANY		((unsigned long int) 0x00000000)
#define INADDR_BROADCAST	((unsigned long int) 0xffffffff)
#define INADDR_NONE		((unsigned long int) 0xffffffff)
#define INADDR_LOOPBACK		0x7f000001

#define IN_MULTICAST(a)		((((long int) (a)) & 0xf0000000) == 0xe0000000)
#define IN_LOOPBACKNET		127

#endif
