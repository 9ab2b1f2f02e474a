/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: include/net/inet_ecn.h — the ECN bits of the IP TOS byte. */
#ifndef _KM_NET_INET_ECN_H
#define _KM_NET_INET_ECN_H

#include <net/inet_sock.h>

enum {
	INET_ECN_NOT_ECT = 0,
	INET_ECN_ECT_1 = 1,
	INET_ECN_ECT_0 = 2,
	INET_ECN_CE = 3,
	INET_ECN_MASK = 3,
};

/* The packet's ECN field says it is not ECN-capable. */
static inline int INET_ECN_is_not_ect(__u8 dsfield)
{
	return (dsfield & INET_ECN_MASK) == INET_ECN_NOT_ECT;
}

/* Mark the socket's packets ECN-capable (ECT(0)). */
static inline void INET_ECN_xmit(struct sock *sk)
{
	inet_sk(sk)->tos |= INET_ECN_ECT_0;
}

/* Clear the ECN field of the socket's TOS. */
static inline void INET_ECN_dontxmit(struct sock *sk)
{
	inet_sk(sk)->tos &= ~INET_ECN_MASK;
}

#endif
