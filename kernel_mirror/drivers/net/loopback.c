// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: drivers/net/loopback.c (Linux 5.0.1) — the "lo" device. What
 * is sent on it is received on it at once: loopback_xmit() calls
 * netif_rx() itself, and the NET_RX softirq runs when the sender
 * re-enables bottom halves at the end of dev_queue_xmit().
 */
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/inetdevice.h>
#include <linux/skbuff.h>
#include <net/sock.h>
#include <kmirror/host.h>
#include <kmirror/runtime.h>
#include <net/dst.h>
#include <kmapi/km.h>

static netdev_tx_t loopback_xmit(struct sk_buff *skb, struct net_device *dev)
{
	KM_FUNC("drivers/net/loopback.c:65",
		"Loopback transmit: the frame is received right back on lo.");

	/* The sender no longer owns it; it is a received packet now. */
	skb_orphan(skb);
	/* It keeps its route (the receive side will reuse it): hold it. */
	skb_dst_force(skb);
	skb->protocol = htons(ETH_P_IP);
	skb->pkt_type = PACKET_HOST;
	skb_reset_network_header(skb);

	dev->stats.rx_packets++;
	dev->stats.rx_bytes += skb->len;
	KM_STEP(89,
		"Queue it for this CPU's NET_RX softirq, as if a card had received it.");
	netif_rx(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops loopback_ops = {
	.ndo_start_xmit = loopback_xmit,
};

/* Boot: create lo with 127.0.0.1/8 (Linux: loopback_net_init + init scripts). */
int loopback_net_init(struct net *net)
{
	KM_FUNC("drivers/net/loopback.c:201",
		"Create the loopback device lo (kmirror also gives it 127.0.0.1/8, as init scripts do).");
	struct host *h = net_host(net);
	struct net_device *dev;

	dev = km_dev_alloc(h, "lo", 65536, IFF_LOOPBACK, &loopback_ops, NULL);
	net->loopback_dev = dev;
	h->loopback_dev = dev;
	return km_host_add_addr(h, "lo", "127.0.0.1/8");
}
