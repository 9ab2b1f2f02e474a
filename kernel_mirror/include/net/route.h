/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/net/route.h (Linux 5.0.1) — IPv4 routes and the two
 * helpers connect() uses to find one: ip_route_connect() (route.h:289) and
 * ip_route_newports() (route.h:312).
 *
 * Deliberate simplification: Linux caches routes in the FIB nexthops; each
 * lookup here allocates a fresh rtable (rt#N in traces) that the socket
 * keeps with a reference, so what a reader sees is the same.
 */
#ifndef _KM_NET_ROUTE_H
#define _KM_NET_ROUTE_H

#include <linux/types.h>
#include <linux/errno.h>
#include <net/dst.h>
#include <net/flow.h>
#include <net/inet_sock.h>
#include <net/ip_fib.h>
#include <linux/netdevice.h>
#include <kmirror/trace.h>

#define RTO_ONLINK	0x01
#define RT_CONN_FLAGS(sk)   (RT_TOS(inet_sk(sk)->tos) | sock_flag(sk, SOCK_LOCALROUTE))
#define RT_CONN_FLAGS_TOS(sk, tos) (RT_TOS(tos) | sock_flag(sk, SOCK_LOCALROUTE))
#define IPTOS_TOS_MASK	0x1E
#define IPTOS_RT_MASK	(IPTOS_TOS_MASK & ~3)
#define RT_TOS(tos)	((tos) & IPTOS_TOS_MASK)

/* rt_flags (include/uapi/linux/in_route.h) */
#define RTCF_DEAD	RTNH_F_DEAD
#define RTCF_ONLINK	RTNH_F_ONLINK
#define RTCF_NOTIFY	0x00010000
#define RTCF_DIRECTDST	0x00020000
#define RTCF_REDIRECTED	0x00040000
#define RTCF_TPROXY	0x00080000
#define RTCF_FAST	0x00200000
#define RTCF_MASQ	0x00400000
#define RTCF_SNAT	0x00800000
#define RTCF_DOREDIRECT 0x01000000
#define RTCF_DIRECTSRC	0x04000000
#define RTCF_DNAT	0x08000000
#define RTCF_BROADCAST	0x10000000
#define RTCF_MULTICAST	0x20000000
#define RTCF_REJECT	0x40000000
#define RTCF_LOCAL	0x80000000

#define IPV4_MAX_PMTU		65535U
#define IPV4_MIN_MTU		68

struct rtable {
	struct dst_entry	dst;

	int			rt_genid;
	unsigned int		rt_flags;
	__u16			rt_type;
	__u8			rt_is_input;
	__u8			rt_uses_gateway;

	int			rt_iif;

	/* next hop, or 0 when the destination is on-link */
	__be32			rt_gateway;

	/* path MTU learnt for this route (0: use the device MTU) */
	u32			rt_mtu_locked:1,
				rt_pmtu:31;
};

/* The queueing priority a TOS value implies (Linux: ip_tos2prio[] in route.c). */
static inline char rt_tos2priority(u8 tos)
{
	/* TC_PRIO_BESTEFFORT 0, BULK 2, INTERACTIVE_BULK 4, INTERACTIVE 6 */
	static const u8 ip_tos2prio[16] = {
		0, 0, 0, 0, 2, 2, 2, 2, 6, 6, 6, 6, 4, 4, 4, 4
	};

	return ip_tos2prio[(tos & IPTOS_TOS_MASK) >> 1];
}

static inline struct rtable *skb_rtable(const struct sk_buff *skb)
{
	return (struct rtable *)skb_dst(skb);
}

static inline bool rt_is_input_route(const struct rtable *rt)
{
	return rt->rt_is_input != 0;
}

static inline bool rt_is_output_route(const struct rtable *rt)
{
	return rt->rt_is_input == 0;
}

static inline __be32 rt_nexthop(const struct rtable *rt, __be32 daddr)
{
	if (rt->rt_gateway)
		return rt->rt_gateway;
	return daddr;
}

static inline void ip_rt_put(struct rtable *rt)
{
	/* Linux relies on dst being rtable's first member, so that a NULL
	 * rt is a NULL dst; in portable C the NULL case is tested first. */
	if (rt)
		dst_release(&rt->dst);
}

struct rtable *ip_route_output_key_hash(struct net *net, struct flowi4 *flp,
					const struct sk_buff *skb);
struct rtable *ip_route_output_flow(struct net *net, struct flowi4 *flp,
				    const struct sock *sk);
int ip_route_input_noref(struct sk_buff *skb, __be32 dst, __be32 src,
			 u8 tos, struct net_device *devin);
void ipv4_sk_update_pmtu(struct sk_buff *skb, struct sock *sk, u32 mtu);
void ipv4_sk_redirect(struct sk_buff *skb, struct sock *sk);

static inline struct rtable *__ip_route_output_key(struct net *net,
						   struct flowi4 *flp)
{
	return ip_route_output_key_hash(net, flp, NULL);
}

static inline struct rtable *ip_route_output_key(struct net *net, struct flowi4 *flp)
{
	return ip_route_output_flow(net, flp, NULL);
}

static inline struct rtable *ip_route_output_ports(struct net *net, struct flowi4 *fl4,
						   struct sock *sk,
						   __be32 daddr, __be32 saddr,
						   __be16 dport, __be16 sport,
						   __u8 proto, __u8 tos, int oif)
{
	flowi4_init_output(fl4, oif, sk ? sk->sk_mark : 0, tos,
			   RT_SCOPE_UNIVERSE, proto,
			   sk ? inet_sk_flowi_flags(sk) : 0,
			   daddr, saddr, dport, sport, sock_net_uid(net, sk));
	return ip_route_output_flow(net, fl4, sk);
}

static inline void flowi4_update_output(struct flowi4 *fl4, int oif, __u8 tos,
					__be32 daddr, __be32 saddr)
{
	fl4->flowi4_oif = oif;
	fl4->flowi4_tos = tos;
	fl4->daddr = daddr;
	fl4->saddr = saddr;
}

static inline void ip_route_connect_init(struct flowi4 *fl4, __be32 dst, __be32 src,
					 u32 tos, int oif, u8 protocol,
					 __be16 sport, __be16 dport,
					 struct sock *sk)
{
	__u8 flow_flags = 0;

	if (inet_sk(sk)->transparent)
		flow_flags |= FLOWI_FLAG_ANYSRC;

	flowi4_init_output(fl4, oif, sk->sk_mark, tos, RT_SCOPE_UNIVERSE,
			   protocol, flow_flags, dst, src, dport, sport,
			   sk->sk_uid);
}

static inline struct rtable *ip_route_connect(struct flowi4 *fl4,
					      __be32 dst, __be32 src, u32 tos,
					      int oif, u8 protocol,
					      __be16 sport, __be16 dport,
					      struct sock *sk)
{
	KM_FUNC("include/net/route.h:289",
		"Find the route a connect() will use, choosing daddr and saddr if unset.");
	struct net *net = sock_net(sk);
	struct rtable *rt;

	KM_STEP(298,
		"Fill the flow key: destination, source, ports, protocol, bound device.");
	ip_route_connect_init(fl4, dst, src, tos, oif, protocol,
			      sport, dport, sk);

	if (!dst || !src) {
		KM_STEP(302,
			"Source (or destination) unknown: a first lookup picks them.");
		rt = __ip_route_output_key(net, fl4);
		if (IS_ERR(rt))
			return rt;
		ip_rt_put(rt);
		flowi4_update_output(fl4, oif, tos, fl4->daddr, fl4->saddr);
	}
	KM_STEP(309, "Look the route up with the complete flow key.");
	return ip_route_output_flow(net, fl4, sk);
}

static inline struct rtable *ip_route_newports(struct flowi4 *fl4, struct rtable *rt,
					       __be16 orig_sport, __be16 orig_dport,
					       __be16 sport, __be16 dport,
					       struct sock *sk)
{
	KM_FUNC("include/net/route.h:312",
		"Redo the route lookup if the ports in the flow key changed.");
	if (sport != orig_sport || dport != orig_dport) {
		KM_STEP(318,
			"The source port was just chosen: update the flow and look up again.");
		fl4->fl4_dport = dport;
		fl4->fl4_sport = sport;
		ip_rt_put(rt);
		flowi4_update_output(fl4, sk->sk_bound_dev_if,
				     RT_CONN_FLAGS(sk), fl4->daddr,
				     fl4->saddr);
		return ip_route_output_flow(sock_net(sk), fl4, sk);
	}
	return rt;
}

static inline int inet_iif(const struct sk_buff *skb)
{
	struct rtable *rt = skb_rtable(skb);

	if (rt && rt->rt_iif)
		return rt->rt_iif;

	return skb->skb_iif;
}

static inline int ip4_dst_hoplimit(const struct dst_entry *dst)
{
	int hoplimit = dst_metric_raw(dst, RTAX_HOPLIMIT);
	struct net *net = dev_net(dst->dev);

	if (hoplimit == 0)
		hoplimit = net->ipv4.sysctl_ip_default_ttl;
	return hoplimit;
}

#define RTNH_F_DEAD	1
#define RTNH_F_ONLINK	4

void ip_rt_init(void);

#endif
