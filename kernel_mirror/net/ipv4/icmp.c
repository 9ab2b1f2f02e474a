// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/icmp.c (Linux 5.0.1) — ICMP: sending error messages
 * (port and protocol unreachable) and receiving them. A received error
 * quotes the IP header and first 8 bytes of one of our packets;
 * icmp_unreach() hands it to that packet's protocol (tcp_v4_err,
 * udp_err), which finds the socket and reports the error.
 *
 * Rate limits as in Linux: a host-wide token bucket (icmp_msgs_per_sec
 * 1000, burst 50) and, per destination, one message per icmp_ratelimit
 * (1 s) with a burst of 6 — loopback exempt.
 *
 * A received redirect goes to the quoted packet's protocol (icmp_redirect).
 *
 * Simplifications: echo and timestamp messages are not answered (handled
 * as "discard"), no IP options are echoed.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/skbuff.h>
#include <linux/netdevice.h>
#include <linux/inetdevice.h>
#include <net/sock.h>
#include <net/inet_common.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/protocol.h>
#include <net/raw.h>
#include <net/checksum.h>
#include <net/snmp.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

#define inet_protos	(km_host()->inet_protos)

#define IPTOS_PREC_INTERNETCONTROL	0xc0
#define XRLIM_BURST_FACTOR		6

/* The errno each Destination Unreachable code maps to, and whether it is hard. */
const struct icmp_err icmp_err_convert[] = {
	/* LAB 7 BEGIN: err_convert — Destination Unreachable codes: errno, hard or soft */
	{ .errno = ENETUNREACH,	.fatal = 0 },	/* ICMP_NET_UNREACH */
	{ .errno = EHOSTUNREACH, .fatal = 0 },	/* ICMP_HOST_UNREACH */
	{ .errno = ENOPROTOOPT,	.fatal = 1 },	/* ICMP_PROT_UNREACH */
	{ .errno = ECONNREFUSED, .fatal = 1 },	/* ICMP_PORT_UNREACH */
	{ .errno = EMSGSIZE,	.fatal = 0 },	/* ICMP_FRAG_NEEDED */
	{ .errno = EOPNOTSUPP,	.fatal = 0 },	/* ICMP_SR_FAILED */
	{ .errno = ENETUNREACH,	.fatal = 1 },	/* ICMP_NET_UNKNOWN */
	{ .errno = EHOSTDOWN,	.fatal = 1 },	/* ICMP_HOST_UNKNOWN */
	{ .errno = ENONET,	.fatal = 1 },	/* ICMP_HOST_ISOLATED */
	{ .errno = ENETUNREACH,	.fatal = 1 },	/* ICMP_NET_ANO */
	{ .errno = EHOSTUNREACH, .fatal = 1 },	/* ICMP_HOST_ANO */
	{ .errno = ENETUNREACH,	.fatal = 0 },	/* ICMP_NET_UNR_TOS */
	{ .errno = EHOSTUNREACH, .fatal = 0 },	/* ICMP_HOST_UNR_TOS */
	{ .errno = EHOSTUNREACH, .fatal = 1 },	/* ICMP_PKT_FILTERED */
	{ .errno = EHOSTUNREACH, .fatal = 1 },	/* ICMP_PREC_VIOLATION */
	{ .errno = EHOSTUNREACH, .fatal = 1 },	/* ICMP_PREC_CUTOFF */
	/* LAB 7 END: err_convert */
};

/* Which ICMP types are errors (never answered with an error). */
static bool icmp_is_error_type(int type)
{
	switch (type) {
	case ICMP_DEST_UNREACH:
	case ICMP_SOURCE_QUENCH:
	case ICMP_REDIRECT:
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
		return true;
	default:
		return false;
	}
}

/* The host-wide token bucket (Linux: icmp_global_allow). */
static bool icmp_global_allow(struct net *net)
{
	struct host *h = net_host(net);
	u32 credit, delta, incr = 0, now = (u32)jiffies;
	bool rc = false;

	if (!h->icmp_global_credit) {
		delta = min_t(u32, now - h->icmp_global_stamp, HZ);
		if (delta < HZ / 50)
			return false;
	}

	delta = min_t(u32, now - h->icmp_global_stamp, HZ);
	if (delta >= HZ / 50) {
		incr = net->km_sysctl_icmp_msgs_per_sec * delta / HZ;
		if (incr)
			h->icmp_global_stamp = now;
	}
	credit = min_t(u32, h->icmp_global_credit + incr,
		       net->km_sysctl_icmp_msgs_burst);
	if (credit) {
		credit--;
		rc = true;
	}
	h->icmp_global_credit = credit;
	return rc;
}

/* Types outside net.ipv4.icmp_ratemask (and frag-needed) are never limited. */
static bool icmpv4_mask_allow(struct net *net, int type, int code)
{
	if (type > NR_ICMP_TYPES)
		return true;
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		return true;
	if (!((1 << type) & net->ipv4.sysctl_icmp_ratemask))
		return true;
	return false;
}

static bool icmpv4_global_allow(struct net *net, int type, int code)
{
	if (icmpv4_mask_allow(net, type, code))
		return true;
	return icmp_global_allow(net);
}

/* inet_getpeer_v4 + inet_peer_xrlim_allow: per-destination token bucket. */
static bool icmpv4_xrlim_allow(struct net *net, struct rtable *rt,
			       struct flowi4 *fl4, int type, int code)
{
	KM_FUNC("net/ipv4/icmp.c:314",
		"Per-destination ICMP rate limit: one per icmp_ratelimit (1 s), burst 6; loopback exempt.");
	struct host *h = net_host(net);
	struct dst_entry *dst = &rt->dst;
	int timeout = net->ipv4.sysctl_icmp_ratelimit;
	struct km_inet_peer *peer = NULL, *lru = &h->inet_peers[0];
	unsigned long now = jiffies, token;
	bool rc = false;
	int i;

	if (icmpv4_mask_allow(net, type, code))
		return true;
	if (dst->dev && (dst->dev->flags & IFF_LOOPBACK))
		return true;

	for (i = 0; i < KM_INET_PEERS; i++) {
		struct km_inet_peer *p = &h->inet_peers[i];

		if (p->last_used && p->daddr == fl4->daddr) {
			peer = p;
			break;
		}
		if (p->last_used < lru->last_used)
			lru = p;
	}
	if (!peer) {
		/* A new peer starts with a full bucket. */
		peer = lru;
		peer->daddr = fl4->daddr;
		peer->rate_tokens = 0;
		peer->rate_last = now - 60 * HZ;
	}
	peer->last_used = now ? now : 1;

	token = peer->rate_tokens;
	token += now - peer->rate_last;
	peer->rate_last = now;
	if (token > XRLIM_BURST_FACTOR * timeout)
		token = XRLIM_BURST_FACTOR * timeout;
	if (token >= timeout) {
		token -= timeout;
		rc = true;
	}
	peer->rate_tokens = token;
	return rc;
}

static struct rtable *icmp_route_lookup(struct net *net, struct flowi4 *fl4,
					struct sk_buff *skb_in,
					const struct iphdr *iph,
					__be32 saddr, u8 tos, u32 mark)
{
	KM_FUNC("net/ipv4/icmp.c:464",
		"Route the ICMP error back to the source of the packet that caused it.");
	memset(fl4, 0, sizeof(*fl4));
	fl4->daddr = iph->saddr;
	fl4->saddr = saddr;
	fl4->flowi4_mark = mark;
	fl4->flowi4_tos = RT_TOS(tos);
	fl4->flowi4_proto = IPPROTO_ICMP;
	fl4->flowi4_uid = sock_net_uid(net, NULL);
	return ip_route_output_key(net, fl4);
}

void icmp_send(struct sk_buff *skb_in, int type, int code, __be32 info)
{
	/* mirrors: __icmp_send */
	KM_FUNC("net/ipv4/icmp.c:573",
		"Send an ICMP error about skb_in back to its source, quoting its header and first bytes.");
	struct iphdr *iph;
	struct rtable *rt = skb_rtable(skb_in);
	struct flowi4 fl4;
	struct sk_buff *skb;
	struct icmphdr *icmph;
	unsigned int room, data_len;
	__be32 saddr;
	u8 tos;
	struct net *net;
	struct sock *sk;

	if (!rt)
		return;
	net = dev_net(rt->dst.dev);

	iph = ip_hdr(skb_in);
	if ((u8 *)iph < skb_in->head ||
	    (skb_network_header(skb_in) + sizeof(*iph)) > skb_tail_pointer(skb_in))
		return;

	KM_STEP(607,
		"Never answer link-layer broadcasts, broadcast/multicast routes, or non-first fragments.");
	if (skb_in->pkt_type != PACKET_HOST)
		return;
	if (rt->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST))
		return;
	if (iph->frag_off & htons(IP_OFFSET))
		return;

	if (icmp_is_error_type(type) && iph->protocol == IPPROTO_ICMP) {
		const u8 *itp = skb_network_header(skb_in) + (iph->ihl << 2);

		KM_STEP(642,
			"Quoting an ICMP packet: if it is itself an error, stay silent (errors about errors would loop).");
		if (itp + 1 > skb_tail_pointer(skb_in))
			return;
		if (*itp > NR_ICMP_TYPES || icmp_is_error_type(*itp))
			return;
	}

	local_bh_disable();

	if (!(skb_in->dev && (skb_in->dev->flags & IFF_LOOPBACK)) &&
	    !icmpv4_global_allow(net, type, code)) {
		KM_STEP(664, "Over the host-wide ICMP budget: send nothing.");
		goto out_bh_enable;
	}

	sk = net->ipv4.icmp_sk;

	saddr = iph->daddr;
	if (!(rt->rt_flags & RTCF_LOCAL))
		saddr = 0;

	tos = icmp_is_error_type(type) ?
		((iph->tos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL) :
		iph->tos;

	inet_sk(sk)->tos = tos;
	sk->sk_mark = skb_in->mark;

	rt = icmp_route_lookup(net, &fl4, skb_in, iph, saddr, tos, skb_in->mark);
	if (IS_ERR(rt))
		goto out_bh_enable;

	if (!icmpv4_xrlim_allow(net, rt, &fl4, type, code)) {
		ip_rt_put(rt);
		goto out_bh_enable;
	}

	KM_STEP(726,
		"Quote as much of the packet as fits in 576 bytes (RFC 1812): its IP header and beyond.");
	room = dst_mtu(&rt->dst);
	if (room > 576)
		room = 576;
	room -= sizeof(struct iphdr);
	room -= sizeof(struct icmphdr);

	data_len = skb_tail_pointer(skb_in) - skb_network_header(skb_in);
	if (data_len > room)
		data_len = room;

	skb = ip_reply_alloc_km(rt, sizeof(struct icmphdr) + data_len);
	if (!skb) {
		ip_rt_put(rt);	/* the skb would have owned the route */
		goto out_bh_enable;
	}

	KM_STEP(703,
		"The ICMP header (type, code, info) and the quoted bytes, checksummed (icmp_push_reply).");
	icmph = icmp_hdr(skb);
	icmph->type = type;
	icmph->code = code;
	icmph->un.gateway = info;
	icmph->checksum = 0;
	memcpy(icmph + 1, skb_network_header(skb_in), data_len);
	icmph->checksum = csum_fold(csum_partial(icmph,
						 sizeof(*icmph) + data_len, 0));
	skb->ip_summed = CHECKSUM_NONE;

	__ICMP_INC_STATS(net, ICMP_MIB_OUTMSGS);
	if (type == ICMP_DEST_UNREACH)
		__ICMP_INC_STATS(net, ICMP_MIB_OUTDESTUNREACHS);
	ip_push_pending_frames_km(sk, &fl4, skb);

out_bh_enable:
	local_bh_enable();
}

/* Give a received ICMP error to raw sockets and to the quoted packet's protocol. */
static void icmp_socket_deliver(struct sk_buff *skb, u32 info)
{
	KM_FUNC("net/ipv4/icmp.c:749",
		"Call the err_handler of the protocol the quoted header names (tcp_v4_err, udp_err).");
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const struct net_protocol *ipprot;
	int protocol = iph->protocol;

	if (!pskb_may_pull(skb, iph->ihl * 4 + 8)) {
		KM_STEP(759,
			"The quote must hold the whole IP header plus 8 bytes (ports, TCP seq), else InErrors and drop.");
		__ICMP_INC_STATS(dev_net(skb->dev), ICMP_MIB_INERRORS);
		return;
	}

	raw_icmp_error(skb, protocol, info);

	ipprot = inet_protos[protocol];
	if (ipprot && ipprot->err_handler) {
		KM_STEP(767,
			"Hand the error to the transport protocol of the quoted packet.");
		ipprot->err_handler(skb, info);
	}
}

/* Destination unreachable, time exceeded, parameter problem, source quench. */
static bool icmp_unreach(struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/icmp.c:785",
		"An ICMP error arrived: check the quoted header, extract the MTU or pointer, pass it up.");
	const struct iphdr *iph;
	struct icmphdr *icmph;
	struct net *net;
	u32 info = 0;

	net = dev_net(skb_dst(skb)->dev);

	if (!pskb_may_pull(skb, sizeof(struct iphdr)))
		goto out_err;

	icmph = icmp_hdr(skb);
	iph = (const struct iphdr *)skb->data;

	if (iph->ihl < 5) {
		KM_STEP(807,
			"The quoted IP header is mangled: count an error and drop.");
		goto out_err;
	}

	switch (icmph->type) {
	case ICMP_DEST_UNREACH:
		switch (icmph->code & 15) {
		case ICMP_NET_UNREACH:
		case ICMP_HOST_UNREACH:
		case ICMP_PROT_UNREACH:
		case ICMP_PORT_UNREACH:
			break;
		case ICMP_FRAG_NEEDED:
			switch (net->ipv4.sysctl_ip_no_pmtu_disc) {
			default:
				break;
			case 2:
				goto out;
			case 0:
				info = ntohs(icmph->un.frag.mtu);
			}
			break;
		default:
			break;
		}
		if (icmph->code > NR_ICMP_UNREACH)
			goto out;
		break;
	case ICMP_PARAMETERPROB:
		__ICMP_INC_STATS(net, ICMP_MIB_INPARMPROBS);
		info = ntohl(icmph->un.gateway) >> 24;
		break;
	case ICMP_TIME_EXCEEDED:
		__ICMP_INC_STATS(net, ICMP_MIB_INTIMEEXCDS);
		if (icmph->code == ICMP_EXC_FRAGTIME)
			goto out;
		break;
	}

	if (!net->ipv4.sysctl_icmp_ignore_bogus_error_responses &&
	    inet_addr_type(net, iph->daddr) == RTN_BROADCAST)
		goto out;

	KM_STEP(884, "Hand the error to the sockets (icmp_socket_deliver).");
	icmp_socket_deliver(skb, info);

out:
	return true;
out_err:
	__ICMP_INC_STATS(net, ICMP_MIB_INERRORS);
	return false;
}

static bool icmp_redirect(struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/icmp.c:898",
		"An ICMP redirect: pass it, with the gateway it names, to the protocol of the quoted packet.");
	if (skb->len < sizeof(struct iphdr)) {
		__ICMP_INC_STATS(dev_net(skb->dev), ICMP_MIB_INERRORS);
		return false;
	}

	if (!pskb_may_pull(skb, sizeof(struct iphdr)))
		return false;

	icmp_socket_deliver(skb, icmp_hdr(skb)->un.gateway);
	return true;
}

/* Messages kmirror does not act on: echo, timestamp, replies. */
static bool icmp_discard(struct sk_buff *skb)
{
	return true;
}

int icmp_rcv(struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/icmp.c:994",
		"Receive an ICMP message: verify the checksum, then dispatch on its type.");
	struct icmphdr *icmph;
	struct rtable *rt = skb_rtable(skb);
	struct net *net = dev_net(rt->dst.dev);
	bool success;

	__ICMP_INC_STATS(net, ICMP_MIB_INMSGS);

	KM_STEP(1023,
		"Verify the ICMP checksum over the whole message (skb_checksum_simple_validate).");
	if (csum_fold(csum_partial(skb->data, skb->len, 0)))
		goto csum_error;

	if (!pskb_pull(skb, sizeof(*icmph)))
		goto error;

	icmph = icmp_hdr(skb);

	/* ICMPMSGIN_INC_STATS: the per-type input counter. */
	if (icmph->type == ICMP_DEST_UNREACH)
		__ICMP_INC_STATS(net, ICMP_MIB_INDESTUNREACHS);

	if (icmph->type > NR_ICMP_TYPES)
		goto error;

	if (rt->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST)) {
		if ((icmph->type == ICMP_ECHO || icmph->type == ICMP_TIMESTAMP) &&
		    net->ipv4.sysctl_icmp_echo_ignore_broadcasts)
			goto error;
		if (icmph->type != ICMP_ECHO && icmph->type != ICMP_TIMESTAMP &&
		    icmph->type != ICMP_ADDRESS && icmph->type != ICMP_ADDRESSREPLY)
			goto error;
	}

	switch (icmph->type) {
	case ICMP_DEST_UNREACH:
	case ICMP_SOURCE_QUENCH:
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
		success = icmp_unreach(skb);
		break;
	case ICMP_REDIRECT:
		success = icmp_redirect(skb);
		break;
	default:
		success = icmp_discard(skb);
		break;
	}

	if (success) {
		consume_skb(skb);
		return NET_RX_SUCCESS;
	}
drop:
	kfree_skb(skb);
	return NET_RX_DROP;
csum_error:
	KM_STEP(1077, "Bad ICMP checksum (or too short): count it and drop.");
	__ICMP_INC_STATS(net, ICMP_MIB_CSUMERRORS);
error:
	__ICMP_INC_STATS(net, ICMP_MIB_INERRORS);
	goto drop;
}

/* ICMP errors about our own ICMP messages are of no interest. */
int icmp_err(struct sk_buff *skb, u32 info)
{
	return 0;
}

const struct net_protocol icmp_protocol = {
	.handler =	icmp_rcv,
	.err_handler =	icmp_err,
	.no_policy =	1,
	.netns_ok =	1,
};

/* Boot: the ICMP control socket errors are sent from (Linux: icmp_sk_init). */
int icmp_init(void)
{
	KM_FUNC("net/ipv4/icmp.c:1260",
		"Create the raw control socket ICMP errors are sent from (no DF, large send buffer).");
	struct net *net = &init_net;
	struct sock *sk;
	int err;

	err = inet_ctl_sock_create(&sk, PF_INET, SOCK_RAW, IPPROTO_ICMP, net);
	if (err < 0)
		return err;

	net->ipv4.icmp_sk = sk;
	sk->sk_sndbuf = 2 * SKB_TRUESIZE(64 * 1024);
	sock_set_flag(sk, SOCK_USE_WRITE_QUEUE);
	inet_sk(sk)->pmtudisc = IP_PMTUDISC_DONT;
	return 0;
}
