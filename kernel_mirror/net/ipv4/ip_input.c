// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/ip_input.c (Linux 5.0.1) — IPv4 receive: validate the
 * header, route the packet (ours or not), and hand it to the transport
 * protocol registered for its protocol number (inet_protos[]).
 *
 *   __netif_receive_skb → ip_rcv → ip_rcv_core → ip_rcv_finish
 *     → dst_input → ip_local_deliver → ip_local_deliver_finish
 *     → tcp_v4_rcv / udp_rcv / icmp_rcv
 *
 * Simplifications (docs/architecture.md): no netfilter; IP options are
 * not processed (such packets are dropped as header errors); no
 * reassembly (fragments are dropped); no early demux.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/skbuff.h>
#include <linux/netdevice.h>
#include <net/sock.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/dst.h>
#include <net/protocol.h>
#include <net/icmp.h>
#include <net/raw.h>
#include <net/snmp.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

#define inet_protos	(km_host()->inet_protos)

static int ip_local_deliver_finish(struct net *net, struct sock *sk,
				   struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/ip_input.c:229",
		"Strip the IP header and give the packet to its protocol's handler (inet_protos[]).");
	__skb_pull(skb, skb_network_header_len(skb));

	/*
	 * Linux 5.0 does the rest in ip_protocol_deliver_rcu()
	 * (ip_input.c:191), inlined here: the steps below point into it.
	 */
	{
		int protocol = ip_hdr(skb)->protocol;
		const struct net_protocol *ipprot;
		int raw;

	resubmit:
		KM_STEP(197, "Raw sockets of this protocol get a copy first.");
		raw = raw_local_deliver(skb, protocol);

		ipprot = inet_protos[protocol];
		if (ipprot) {
			int ret;

			KM_STEP(208,
				"Call the protocol's handler: tcp_v4_rcv, udp_rcv or icmp_rcv.");
			ret = ipprot->handler(skb);
			if (ret < 0) {
				protocol = -ret;
				goto resubmit;
			}
			__IP_INC_STATS(net, IPSTATS_MIB_INDELIVERS);
		} else {
			if (!raw) {
				KM_STEP(217,
					"Nobody handles this protocol: answer ICMP protocol unreachable.");
				__IP_INC_STATS(net, IPSTATS_MIB_INUNKNOWNPROTOS);
				icmp_send(skb, ICMP_DEST_UNREACH,
					  ICMP_PROT_UNREACH, 0);
				kfree_skb(skb);
			} else {
				__IP_INC_STATS(net, IPSTATS_MIB_INDELIVERS);
				consume_skb(skb);
			}
		}
	}
	return 0;
}

int ip_local_deliver(struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/ip_input.c:243",
		"The packet is for this host: reassemble if fragmented, then deliver.");
	struct net *net = dev_net(skb->dev);

	if (ip_is_fragment(ip_hdr(skb))) {
		/* ip_defrag() in Linux; kmirror does not reassemble. */
		KM_STEP(251,
			"A fragment: kmirror does not reassemble, so it is dropped.");
		__IP_INC_STATS(net, IPSTATS_MIB_INDISCARDS);
		kfree_skb(skb);
		return 0;
	}

	/* NF_INET_LOCAL_IN would run here. */
	return ip_local_deliver_finish(net, NULL, skb);
}

static int ip_rcv_finish_core(struct net *net, struct sock *sk,
			      struct sk_buff *skb, struct net_device *dev)
{
	KM_FUNC("net/ipv4/ip_input.c:309",
		"Attach a route to the packet (unless loopback already did): local delivery or drop.");
	const struct iphdr *iph = ip_hdr(skb);
	struct rtable *rt;
	int err;

	if (!skb_valid_dst(skb)) {
		KM_STEP(339,
			"No route yet: look up the input route for the destination address.");
		err = ip_route_input_noref(skb, iph->daddr, iph->saddr,
					   iph->tos, dev);
		if (unlikely(err))
			goto drop;
	}

	if (iph->ihl > 5) {
		/* ip_rcv_options(): kmirror does not process IP options. */
		__IP_INC_STATS(net, IPSTATS_MIB_INHDRERRORS);
		goto drop;
	}

	rt = skb_rtable(skb);
	if (rt->rt_type == RTN_MULTICAST)
		__IP_UPD_PO_STATS(net, IPSTATS_MIB_INMCAST, skb->len);
	else if (rt->rt_type == RTN_BROADCAST)
		__IP_UPD_PO_STATS(net, IPSTATS_MIB_INBCAST, skb->len);

	return NET_RX_SUCCESS;

drop:
	kfree_skb(skb);
	return NET_RX_DROP;
}

static int ip_rcv_finish(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/ip_input.c:400",
		"Route the packet, then follow the route: dst_input() calls ip_local_deliver.");
	struct net_device *dev = skb->dev;
	int ret;

	ret = ip_rcv_finish_core(net, sk, skb, dev);
	if (ret != NET_RX_DROP) {
		KM_STEP(414, "dst_input(): call the route's input function.");
		ret = skb_dst(skb)->input(skb);
	}
	return ret;
}

/* Validate the IPv4 header; NULL means the packet was dropped. */
static struct sk_buff *ip_rcv_core(struct sk_buff *skb, struct net *net)
{
	KM_FUNC("net/ipv4/ip_input.c:421",
		"Sanity-check the IPv4 header: version, length, checksum; trim link-layer padding.");
	const struct iphdr *iph;
	u32 len;

	if (skb->pkt_type == PACKET_OTHERHOST)
		goto drop;

	__IP_UPD_PO_STATS(net, IPSTATS_MIB_IN, skb->len);

	if (!pskb_may_pull(skb, sizeof(struct iphdr)))
		goto inhdr_error;

	iph = ip_hdr(skb);

	KM_STEP(457,
		"RFC 1122: drop anything that is not version 4 with a header of at least 20 bytes.");
	if (iph->ihl < 5 || iph->version != 4)
		goto inhdr_error;

	if (!pskb_may_pull(skb, iph->ihl * 4))
		goto inhdr_error;

	iph = ip_hdr(skb);

	KM_STEP(472,
		"Verify the header checksum; a bad one is dropped silently.");
	if (unlikely(ip_fast_csum((u8 *)iph, iph->ihl)))
		goto csum_error;

	len = ntohs(iph->tot_len);
	if (skb->len < len) {
		__IP_INC_STATS(net, IPSTATS_MIB_INTRUNCATEDPKTS);
		goto drop;
	} else if (len < (iph->ihl * 4)) {
		goto inhdr_error;
	}

	KM_STEP(486,
		"Trim to tot_len (the medium may have padded), and locate the transport header.");
	if (pskb_trim_rcsum(skb, len)) {
		__IP_INC_STATS(net, IPSTATS_MIB_INDISCARDS);
		goto drop;
	}

	skb->transport_header = skb->network_header + iph->ihl * 4;

	memset(IPCB(skb), 0, sizeof(struct inet_skb_parm));
	IPCB(skb)->iif = skb->skb_iif;

	skb_orphan(skb);

	return skb;

csum_error:
	__IP_INC_STATS(net, IPSTATS_MIB_CSUMERRORS);
inhdr_error:
	__IP_INC_STATS(net, IPSTATS_MIB_INHDRERRORS);
drop:
	KM_STEP(508, "Malformed: count it and drop it.");
	kfree_skb(skb);
	return NULL;
}

int ip_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
	   struct net_device *orig_dev)
{
	KM_FUNC("net/ipv4/ip_input.c:516",
		"IPv4's receive handler (ETH_P_IP): validate, then route and deliver.");
	struct net *net = dev_net(dev);

	skb = ip_rcv_core(skb, net);
	if (skb == NULL)
		return NET_RX_DROP;
	/* NF_INET_PRE_ROUTING would run here. */
	return ip_rcv_finish(net, NULL, skb);
}

/* af_inet.c registers a per-host copy of this with dev_add_pack(). */
const struct packet_type ip_packet_type_template = {
	.type = cpu_to_be16(ETH_P_IP),
	.func = ip_rcv,
};
