// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/ip_output.c (Linux 5.0.1) — IPv4 output: put the IP
 * header in front of a transport segment and send it to its device.
 *
 *   __ip_queue_xmit   TCP's segments: route (cached in the socket), header
 *                     with DF, TTL 64 and the socket's IP ID
 *   ip_build_and_send_pkt   SYN-ACKs from a listener (IP ID 0)
 *   ip_send_unicast_reply_km  stateless RSTs and ACKs
 *   ip_local_out → dst_output → ip_output → ip_finish_output(2) → device
 *
 * Simplifications (docs/architecture.md): no netfilter hooks (the NF_HOOK
 * calls are kept as direct calls to their okfn), no fragmentation (kmirror
 * never sends more than a handshake's worth of bytes; an over-MTU packet
 * is dropped with EMSGSIZE), no neighbour layer (all kmirror devices are
 * layer-3 devices: TUN, loopback and the test wire, so Linux too hands
 * the packet straight to dev_queue_xmit), no IP options.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/skbuff.h>
#include <linux/netdevice.h>
#include <linux/tcp.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/dst.h>
#include <net/checksum.h>
#include <net/snmp.h>
#include <net/tcp.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

/* The header checksum, filled in last. */
void ip_send_check(struct iphdr *iph)
{
	KM_FUNC("net/ipv4/ip_output.c:90",
		"Compute the IP header checksum.");
	iph->check = 0;
	iph->check = ip_fast_csum((unsigned char *)iph, iph->ihl);
}

int __ip_local_out(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/ip_output.c:97",
		"Fill in the total length and the header checksum.");
	struct iphdr *iph = ip_hdr(skb);

	iph->tot_len = htons(skb->len);
	ip_send_check(iph);

	skb->protocol = htons(ETH_P_IP);

	/* NF_INET_LOCAL_OUT would run here; kmirror has no netfilter. */
	return 1;
}

int ip_local_out(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/ip_output.c:118",
		"Finish the header, then pass the packet to its route's output function.");
	int err;

	err = __ip_local_out(net, sk, skb);
	if (likely(err == 1)) {
		KM_STEP(124,
			"dst_output(): call the route's output function, ip_output.");
		err = skb_dst(skb)->output(net, sk, skb);
	}
	return err;
}

static inline int ip_select_ttl(struct inet_sock *inet, struct dst_entry *dst)
{
	KM_FUNC("net/ipv4/ip_output.c:130",
		"The TTL of an outgoing packet: IP_TTL if set, else the route's hop limit (ip_default_ttl, 64).");
	int ttl = inet->uc_ttl;

	if (ttl < 0)
		ttl = ip4_dst_hoplimit(dst);
	return ttl;
}

/* Hand the packet to the device (the neighbour step is a no-op for L3 devices). */
static int ip_finish_output2(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/ip_output.c:184",
		"Find the next hop and hand the packet to the device queue.");
	struct dst_entry *dst = skb_dst(skb);
	struct rtable *rt = (struct rtable *)dst;

	if (rt->rt_type == RTN_MULTICAST)
		IP_UPD_PO_STATS(net, IPSTATS_MIB_OUTMCAST, skb->len);
	else if (rt->rt_type == RTN_BROADCAST)
		IP_UPD_PO_STATS(net, IPSTATS_MIB_OUTBCAST, skb->len);

	KM_STEP(229,
		"Neighbour output: our devices need no link-layer header, so this is dev_queue_xmit().");
	return dev_queue_xmit(skb);
}

static int ip_finish_output(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/ip_output.c:292",
		"Fragment if the packet exceeds the path MTU, else send it on.");
	unsigned int mtu = dst_mtu(skb_dst(skb));

	if (skb->len > mtu) {
		/* ip_fragment() in Linux; a DF packet would get EMSGSIZE. */
		KM_STEP(315,
			"Bigger than the MTU: kmirror does not fragment, the packet is dropped.");
		IP_INC_STATS(net, IPSTATS_MIB_FRAGFAILS);
		kfree_skb(skb);
		return -EMSGSIZE;
	}
	return ip_finish_output2(net, sk, skb);
}

int ip_mc_output(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/ip_output.c:334",
		"Output of a multicast or broadcast packet (no local loop-back copy in kmirror).");
	struct rtable *rt = skb_rtable(skb);
	struct net_device *dev = rt->dst.dev;

	IP_UPD_PO_STATS(net, IPSTATS_MIB_OUT, skb->len);

	skb->dev = dev;
	skb->protocol = htons(ETH_P_IP);
	return ip_finish_output(net, sk, skb);
}

int ip_output(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/ip_output.c:396",
		"The route's output function: set the device and protocol, then finish output.");
	struct net_device *dev = skb_dst(skb)->dev;

	IP_UPD_PO_STATS(net, IPSTATS_MIB_OUT, skb->len);

	skb->dev = dev;
	skb->protocol = htons(ETH_P_IP);

	/* NF_INET_POST_ROUTING would run here. */
	return ip_finish_output(net, sk, skb);
}

static void ip_copy_addrs(struct iphdr *iph, const struct flowi4 *fl4)
{
	KM_FUNC("net/ipv4/ip_output.c:417",
		"Copy the flow's source and destination addresses into the IP header.");
	iph->saddr = fl4->saddr;
	iph->daddr = fl4->daddr;
}

int __ip_queue_xmit(struct sock *sk, struct sk_buff *skb, struct flowi *fl,
		    __u8 tos)
{
	KM_FUNC("net/ipv4/ip_output.c:426",
		"Route the segment (the socket caches its route) and prepend the IP header.");
	struct inet_sock *inet = inet_sk(sk);
	struct net *net = sock_net(sk);
	struct flowi4 *fl4;
	struct rtable *rt;
	struct iphdr *iph;
	int res;

	fl4 = &fl->u.ip4;
	rt = skb_rtable(skb);
	if (rt)
		goto packet_routed;

	KM_STEP(448, "Use the route cached in sk_dst_cache, if still valid.");
	rt = (struct rtable *)__sk_dst_check(sk, 0);
	if (!rt) {
		__be32 daddr = inet->inet_daddr;

		KM_STEP(461,
			"No cached route: look one up; on failure the segment is dropped (the timer will retry).");
		rt = ip_route_output_ports(net, fl4, sk, daddr, inet->inet_saddr,
					   inet->inet_dport, inet->inet_sport,
					   sk->sk_protocol,
					   RT_CONN_FLAGS_TOS(sk, tos),
					   sk->sk_bound_dev_if);
		if (IS_ERR(rt))
			goto no_route;
		sk_setup_caps(sk, &rt->dst);
	}
	skb_dst_set_noref(skb, &rt->dst);

packet_routed:
	KM_STEP(479, "Push the 20-byte IP header: version 4, IHL 5, TOS.");
	skb_push(skb, sizeof(struct iphdr));
	skb_reset_network_header(skb);
	iph = ip_hdr(skb);
	*((__be16 *)iph) = htons((4 << 12) | (5 << 8) | (tos & 0xff));
	if (KM_STEP_IF(483,
		       "Set DF: does path MTU discovery apply (ip_dont_fragment)?",
		       ip_dont_fragment(sk, &rt->dst) && !skb->ignore_df))
		iph->frag_off = htons(IP_DF);
	else
		iph->frag_off = 0;
	KM_STEP(487,
		"TTL: the socket's IP_TTL, or the route's default (net.ipv4.ip_default_ttl, 64 by default).");
	iph->ttl = ip_select_ttl(inet, &rt->dst);
	iph->protocol = sk->sk_protocol;
	ip_copy_addrs(iph, fl4);

	KM_STEP(498,
		"IP ID: a DF packet of a connected socket takes inet_id, which then increments.");
	ip_select_ident_segs(net, skb, sk, skb_shinfo(skb)->gso_segs ?: 1);

	skb->priority = sk->sk_priority;
	skb->mark = sk->sk_mark;

	KM_STEP(505,
		"Hand the finished packet to ip_local_out (checksum, then the route's output).");
	res = ip_local_out(net, sk, skb);
	return res;

no_route:
	KM_STEP(511,
		"No route: count OutNoRoutes, free the segment, EHOSTUNREACH.");
	IP_INC_STATS(net, IPSTATS_MIB_OUTNOROUTES);
	kfree_skb(skb);
	return -EHOSTUNREACH;
}

int ip_build_and_send_pkt(struct sk_buff *skb, const struct sock *sk,
			  __be32 saddr, __be32 daddr,
			  struct ip_options_rcu *opt)
{
	KM_FUNC("net/ipv4/ip_output.c:143",
		"Build the IP header of a SYN-ACK (already routed) and send it.");
	struct inet_sock *inet = inet_sk(sk);
	struct rtable *rt = skb_rtable(skb);
	struct net *net = sock_net(sk);
	struct iphdr *iph;

	skb_push(skb, sizeof(struct iphdr));
	skb_reset_network_header(skb);
	iph = ip_hdr(skb);
	iph->version = 4;
	iph->ihl = 5;
	iph->tos = inet->tos;
	iph->ttl = ip_select_ttl(inet, &rt->dst);
	iph->daddr = daddr;
	iph->saddr = saddr;
	iph->protocol = sk->sk_protocol;
	if (ip_dont_fragment(sk, &rt->dst)) {
		KM_STEP(163,
			"DF set and IP ID 0: the listener has no per-connection ID counter.");
		iph->frag_off = htons(IP_DF);
		iph->id = 0;
	} else {
		iph->frag_off = 0;
		__ip_select_ident(net, iph, 1);
	}

	skb->priority = sk->sk_priority;
	if (!skb->mark)
		skb->mark = sk->sk_mark;

	KM_STEP(180, "Send the SYN-ACK through ip_local_out.");
	return ip_local_out(net, skb->sk, skb);
}

int ip_send_skb(struct net *net, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/ip_output.c:1461",
		"Send a fully built packet; report local congestion as an error.");
	int err;

	KM_STEP(1465, "Send the reply through ip_local_out.");
	err = ip_local_out(net, skb->sk, skb);
	if (err) {
		if (err > 0)
			err = net_xmit_errno(err);
		if (err)
			IP_INC_STATS(net, IPSTATS_MIB_OUTDISCARDS);
	}
	return err;
}

/*
 * Replies that belong to no connection (RSTs, stand-alone ACKs, ICMP
 * errors) are built in Linux with ip_append_data() on a control socket
 * and sent with ip_push_pending_frames(). They are one small buffer, so
 * kmirror builds them in one piece: ip_reply_alloc_km() makes the skb
 * (owning the route), the caller writes the transport bytes, and
 * ip_push_pending_frames_km() adds the IP header as __ip_make_skb() does.
 */
struct sk_buff *ip_reply_alloc_km(struct rtable *rt, unsigned int len)
{
	/* mirrors: ip_append_data */
	KM_FUNC("net/ipv4/ip_output.c:1199",
		"Allocate the skb of a reply and attach its route (Linux does this inside ip_append_data).");
	struct sk_buff *skb;

	skb = alloc_skb(LL_MAX_HEADER + sizeof(struct iphdr) + len, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_MAX_HEADER + sizeof(struct iphdr));
	skb_put(skb, len);
	skb_reset_transport_header(skb);
	skb_dst_set(skb, &rt->dst);
	return skb;
}

int ip_push_pending_frames_km(struct sock *sk, struct flowi4 *fl4,
			      struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/ip_output.c:1476",
		"Put the IP header on the assembled reply (__ip_make_skb) and send it (ip_send_skb).");
	struct inet_sock *inet = inet_sk(sk);
	struct net *net = sock_net(sk);
	struct rtable *rt = skb_rtable(skb);
	struct iphdr *iph;

	KM_STEP(1427,
		"IP header from the control socket: its TOS, DF per its PMTU setting, the default TTL, the ID rule.");
	skb_push(skb, sizeof(struct iphdr));
	skb_reset_network_header(skb);
	iph = ip_hdr(skb);
	iph->version = 4;
	iph->ihl = 5;
	iph->tos = inet->tos;
	iph->frag_off = ip_dont_fragment(sk, &rt->dst) ? htons(IP_DF) : 0;
	iph->ttl = ip_select_ttl(inet, &rt->dst);
	iph->protocol = sk->sk_protocol;
	ip_copy_addrs(iph, fl4);
	ip_select_ident(net, skb, sk);

	skb->priority = sk->sk_priority;
	skb->mark = sk->sk_mark;

	return ip_send_skb(net, skb);
}

/*
 * ip_send_unicast_reply: send a TCP RST or ACK that belongs to no socket,
 * from the TCP control socket, back to where skb came from. The control
 * socket uses IP_PMTUDISC_DO and has no peer, so these go out with DF,
 * TTL 64 and IP ID 0.
 */
void ip_send_unicast_reply_km(struct sock *sk, struct sk_buff *skb,
			      __be32 daddr, __be32 saddr, const void *thdr,
			      unsigned int len, u8 tos)
{
	KM_FUNC("net/ipv4/ip_output.c:1559",
		"Send a reply (RST/ACK) that has no socket of its own, from the TCP control socket.");
	struct inet_sock *inet = inet_sk(sk);
	struct net *net = sock_net(sk);
	struct sk_buff *nskb;
	struct flowi4 fl4;
	struct rtable *rt;
	struct tcphdr *th;

	KM_STEP(1591,
		"Route the reply: to the segment's source, from the address it was sent to.");
	flowi4_init_output(&fl4, 0, sk->sk_mark, RT_TOS(tos), RT_SCOPE_UNIVERSE,
			   ip_hdr(skb)->protocol, 0, daddr, saddr,
			   tcp_hdr(skb)->source, tcp_hdr(skb)->dest,
			   sock_net_uid(net, NULL));
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return;

	inet->tos = tos;
	sk->sk_protocol = ip_hdr(skb)->protocol;

	nskb = ip_reply_alloc_km(rt, len);
	if (!nskb) {
		ip_rt_put(rt);
		return;
	}
	th = tcp_hdr(nskb);
	memcpy(th, thdr, len);

	KM_STEP(1620,
		"Checksum the TCP header over the pseudo-header (saddr, daddr, protocol, length).");
	/* Linux folds the caller's partial sum in at arg->csumoffset. */
	th->check = 0;
	th->check = csum_tcpudp_magic(fl4.saddr, fl4.daddr, len, IPPROTO_TCP,
				      csum_partial(th, len, 0));
	nskb->ip_summed = CHECKSUM_NONE;
	nskb->priority = skb->priority;
	sk->sk_mark = fl4.flowi4_mark;

	ip_push_pending_frames_km(sk, &fl4, nskb);
}

/* Boot: IPv4 output set-up (Linux: ip_init, called from inet_init). */
void ip_init(void)
{
	KM_FUNC("net/ipv4/ip_output.c:1631",
		"Boot: set up IPv4 routing (ip_rt_init: the dst cache and the IP ID counters).");
	ip_rt_init();
}
