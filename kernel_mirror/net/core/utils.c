// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/core/utils.c — small network helpers: checksum validation
 * of received segments (the part of skb_checksum_init() that a device
 * without checksum offload leaves to software).
 */
#include <linux/kernel.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/checksum.h>
#include <uapi/linux/udp.h>
#include <kmirror/trace.h>

/*
 * Verify the transport checksum of a received IPv4 packet whose data
 * starts at the transport header. proto 0: the protocol from the IP
 * header. UDP's checksum 0 means "none". Returns non-zero when bad.
 */
int skb_checksum_init_km(struct sk_buff *skb, int proto)
{
	KM_FUNC("include/linux/skbuff.h:3815",
		"Verify the transport checksum over the pseudo-header (skb_checksum_init + __skb_checksum_complete; no offload).");
	const struct iphdr *iph = ip_hdr(skb);
	__wsum sum;

	if (skb_csum_unnecessary(skb))
		return 0;
	if (!proto)
		proto = iph->protocol;
	if (proto == IPPROTO_UDP && skb->len >= 8 &&
	    !((const struct udphdr *)skb->data)->check) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		return 0;
	}
	sum = csum_partial(skb->data, skb->len, 0);
	if (csum_fold(csum_tcpudp_nofold(iph->saddr, iph->daddr, skb->len,
					 proto, sum)))
		return 1;
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	return 0;
}
