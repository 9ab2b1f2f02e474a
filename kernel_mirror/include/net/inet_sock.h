/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/net/inet_sock.h (Linux 5.0.1; struct inet_sock at
 * include/net/inet_sock.h:198) — what every AF_INET socket adds to
 * struct sock: local address and port, TTL, IP ID, PMTU mode, multicast
 * settings and the cork with the flow of the last route lookup.
 */
#ifndef _KM_NET_INET_SOCK_H
#define _KM_NET_INET_SOCK_H

#include <linux/types.h>
#include <net/sock.h>
#include <net/flow.h>
#include <net/request_sock.h>
#include <kmirror/trace.h>

struct ip_options {
	__be32		faddr;
	__be32		nexthop;
	unsigned char	optlen;
	unsigned char	srr;
	unsigned char	rr;
	unsigned char	ts;
	unsigned char	is_strictroute:1,
			srr_is_hit:1,
			is_changed:1,
			rr_needaddr:1,
			ts_needtime:1,
			ts_needaddr:1;
	unsigned char	router_alert;
	unsigned char	cipso;
	unsigned char	__pad2;
	unsigned char	__data[0];
};

struct ip_options_rcu {
	struct rcu_head rcu;
	struct ip_options opt;
};

struct inet_request_sock {
	struct request_sock	req;
#define ir_loc_addr		req.__req_common.skc_rcv_saddr
#define ir_rmt_addr		req.__req_common.skc_daddr
#define ir_num			req.__req_common.skc_num
#define ir_rmt_port		req.__req_common.skc_dport
#define ir_iif			req.__req_common.skc_bound_dev_if
#define ir_cookie		req.__req_common.skc_cookie
#define ireq_net		req.__req_common.skc_net
#define ireq_state		req.__req_common.skc_state
#define ireq_family		req.__req_common.skc_family

	u16			snd_wscale : 4,
				rcv_wscale : 4,
				tstamp_ok  : 1,
				sack_ok	   : 1,
				wscale_ok  : 1,
				ecn_ok	   : 1,
				acked	   : 1,
				no_srccheck: 1,
				smc_ok	   : 1;
	u32                     ir_mark;
	struct ip_options_rcu	*ireq_opt;
};

static inline struct inet_request_sock *inet_rsk(const struct request_sock *sk)
{
	return (struct inet_request_sock *)sk;
}

struct inet_cork {
	unsigned int		flags;
	__be32			addr;
	struct ip_options	*opt;
	unsigned int		fragsize;
	int			length; /* bytes queued so far for this datagram */
	struct dst_entry	*dst;
	u8			tx_flags;
	__u8			ttl;
	__s16			tos;
	char			priority;
	__u16			gso_size;
	u64			transmit_time;
};

struct inet_cork_full {
	struct inet_cork	base;
	struct flowi		fl;
};

struct ip_mc_socklist;

/*
 * struct inet_sock: a struct sock plus the IPv4 state of an AF_INET socket.
 * The 4-tuple lives in sock_common (the inet_daddr etc. macros below);
 * here are the source address used when sending (inet_saddr), our port
 * in network order (inet_sport), the IP ID counter for DF packets
 * (inet_id), TTL and TOS settings (uc_ttl, tos, mc_ttl), device choices
 * (uc_index, mc_index), joined multicast groups (mc_list), whether the
 * socket is really an inet_connection_sock (is_icsk), and the cork: the
 * flow and route of a datagram being built.
 */
struct inet_sock {
	/* sk first (inet_sk() is a cast), then the IPv6 pointer */
	struct sock		sk;
	void			*pinet6;	/* no IPv6 in kmirror */
	/* the 4-tuple incoming packets are matched against */
#define inet_daddr		sk.__sk_common.skc_daddr
#define inet_rcv_saddr		sk.__sk_common.skc_rcv_saddr
#define inet_dport		sk.__sk_common.skc_dport
#define inet_num		sk.__sk_common.skc_num

	__be32			inet_saddr;
	__s16			uc_ttl;
	__u16			cmsg_flags;
	__be16			inet_sport;
	__u16			inet_id;

	struct ip_options_rcu	*inet_opt;
	int			rx_dst_ifindex;
	__u8			tos;
	__u8			min_ttl;
	__u8			mc_ttl;
	__u8			pmtudisc;
	__u8			recverr:1,
				is_icsk:1,
				freebind:1,
				hdrincl:1,
				mc_loop:1,
				transparent:1,
				mc_all:1,
				nodefrag:1;
	__u8			bind_address_no_port:1,
				defer_connect:1; /* TCP_FASTOPEN_CONNECT with a cookie:
						  * the SYN waits for the first
						  * write so it can carry data
						  */
	__u8			rcv_tos;
	__u8			convert_csum;
	int			uc_index;
	int			mc_index;
	__be32			mc_addr;
	struct ip_mc_socklist	*mc_list;
	struct inet_cork_full	cork;
};

#define IPCORK_OPT	1	/* cork.opt holds a copy of the IP options */
#define IPCORK_ALLFRAG	2	/* fragment every packet (IPv6 only) */

/* inet->cmsg_flags: which IP_* control messages recvmsg() attaches */
#define IP_CMSG_PKTINFO		BIT(0)
#define IP_CMSG_TTL		BIT(1)
#define IP_CMSG_TOS		BIT(2)
#define IP_CMSG_RECVOPTS	BIT(3)
#define IP_CMSG_RETOPTS		BIT(4)
#define BIT(nr)			(1UL << (nr))

static inline struct inet_sock *inet_sk(const struct sock *sk)
{
	return (struct inet_sock *)sk;
}

static inline __u8 inet_sk_flowi_flags(const struct sock *sk)
{
	__u8 flags = 0;

	if (inet_sk(sk)->transparent || inet_sk(sk)->hdrincl)
		flags |= FLOWI_FLAG_ANYSRC;
	return flags;
}

/* The VRF master device the socket is bound to; kmirror has no VRFs. */
static inline int inet_sk_bound_l3mdev(const struct sock *sk)
{
	(void)sk;
	return 0;
}

static inline bool inet_sk_transparent(const struct sock *sk)
{
	return inet_sk(sk)->transparent;
}

/* Record a new socket state (af_inet.c: inet_sk_set_state, with tracepoint). */
void inet_sk_set_state(struct sock *sk, int state);

void inet_sk_state_store(struct sock *sk, int newstate);

static inline int inet_sk_state_load(const struct sock *sk)
{
	return smp_load_acquire(&sk->sk_state);
}

/* IPV6_V6ONLY sockets never match IPv4; kmirror has only IPv4 sockets. */
#define ipv6_only_sock(sk)	((void)(sk), 0)

static inline void sk_daddr_set(struct sock *sk, __be32 addr)
{
	KM_FUNC("include/net/inet_hashtables.h:397",
		"Record the peer's address in the socket (skc_daddr).");
	sk->sk_daddr = addr; /* alias of inet_daddr */
}

static inline void sk_rcv_saddr_set(struct sock *sk, __be32 addr)
{
	KM_FUNC("include/net/inet_hashtables.h:405",
		"Record the local address the socket is bound to (skc_rcv_saddr).");
	sk->sk_rcv_saddr = addr; /* alias of inet_rcv_saddr */
}

static inline bool inet_can_nonlocal_bind(struct net *net,
					  struct inet_sock *inet)
{
	return net->ipv4.sysctl_ip_nonlocal_bind ||
		inet->freebind || inet->transparent;
}

int inet_sk_rebuild_header(struct sock *sk);

#endif
