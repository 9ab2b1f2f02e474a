// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/core/dev.c (Linux 5.0.1) — the device layer between IP and
 * the drivers.
 *
 * Transmit: dev_queue_xmit() hands an skb to the device's ndo_start_xmit
 * inside a bottom-half-disabled section; on loopback the receive softirq
 * therefore runs as soon as that section ends, on the sender's stack —
 * exactly what happens in Linux.
 *
 * Receive: a driver calls netif_rx() (in interrupt context), which queues
 * the skb on the CPU's backlog and raises NET_RX_SOFTIRQ; net_rx_action()
 * then drains the backlog and gives each skb to the handler registered for
 * its protocol (ip_rcv for ETH_P_IP).
 *
 * Simplifications: no qdiscs (every device behaves as "noqueue"), no NAPI
 * drivers, no GRO, no RPS.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/netdevice.h>
#include <linux/interrupt.h>
#include <linux/skbuff.h>
#include <net/sock.h>
#include <kmirror/host.h>
#include <kmirror/runtime.h>
#include <kmirror/trace.h>
#include <trace/events/net.h>

#define ptype_base	(km_host()->ptype_base)
/* Linux's ptype_all (taps on every device) is km_host()->ptype_all:
 * not a macro, as net_device has a field of the same name. */

/* Taps (ETH_P_ALL) go on one device's list or on every device's; protocol
 * handlers, one list per host (Linux: a hash of lists). */
static inline struct list_head *ptype_head(const struct packet_type *pt)
{
	if (pt->type == htons(ETH_P_ALL))
		return pt->dev ? &pt->dev->ptype_all : &km_host()->ptype_all;
	return &ptype_base;
}

/*
 * Register a protocol handler (a private copy per host). A tap
 * (ETH_P_ALL) is linked as it is, as in Linux: its owner keeps it until
 * __dev_remove_pack().
 */
void dev_add_pack(struct packet_type *pt)
{
	KM_FUNC("net/core/dev.c:410",
		"Register a packet handler for an Ethernet protocol type (IPv4: ip_rcv).");
	struct packet_type *copy;

	if (pt->type == htons(ETH_P_ALL)) {
		list_add_rcu(&pt->list, ptype_head(pt));
		return;
	}
	copy = kmalloc(sizeof(*copy), GFP_KERNEL);
	*copy = *pt;
	list_add_rcu(&copy->list, &ptype_base);
}

void __dev_remove_pack(struct packet_type *pt)
{
	KM_FUNC("net/core/dev.c:433",
		"Unlink a packet handler registered with dev_add_pack().");
	struct packet_type *pt1;

	list_for_each_entry(pt1, ptype_head(pt), list) {
		if (pt == pt1) {
			list_del_rcu(&pt->list);
			return;
		}
	}
	pr_warn("dev_remove_pack: %p not found\n", pt);
}

struct net_device *dev_get_by_index_rcu(struct net *net, int ifindex)
{
	KM_FUNC("net/core/dev.c:837",
		"Find a network device by its interface index.");
	struct net_device *dev;

	list_for_each_entry(dev, &net->dev_base_head, dev_list)
		if (dev->ifindex == ifindex)
			return dev;
	return NULL;
}

struct net_device *__dev_get_by_name(struct net *net, const char *name)
{
	KM_FUNC("net/core/dev.c:738",
		"Find a network device by its name.");
	struct net_device *dev;

	list_for_each_entry(dev, &net->dev_base_head, dev_list)
		if (!strncmp(dev->name, name, IFNAMSIZ))
			return dev;
	return NULL;
}

/* ---- transmit ---- */

/*
 * Show an outgoing frame to the taps (packet sockets, a capture). Linux
 * hands them a clone marked PACKET_OUTGOING; a copy of the sk_buff on the
 * stack, sharing the data, does here (no allocation that a trace would
 * count). The taps must not keep it. No step point: observers leave no
 * mark in the trace.
 */
void dev_queue_xmit_nit(struct sk_buff *skb, struct net_device *dev)
{
	struct list_head *all = &km_host()->ptype_all;
	struct list_head *ptype_list = all;
	struct packet_type *ptype;
	struct sk_buff skb2 = *skb;

	skb2.pkt_type = PACKET_OUTGOING;
again:
	list_for_each_entry(ptype, ptype_list, list)
		ptype->func(&skb2, skb->dev, ptype, skb->dev);
	if (ptype_list == all) {
		ptype_list = &dev->ptype_all;
		goto again;
	}
}

static netdev_tx_t netdev_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	KM_FUNC("include/linux/netdevice.h:4388",
		"Call the driver's ndo_start_xmit: the frame leaves the host here.");
	/* Linux: xmit_one() (dev.c:3273) calls these two just before. */
	if (!list_empty(&km_host()->ptype_all) || !list_empty(&dev->ptype_all))
		dev_queue_xmit_nit(skb, dev);
	trace_net_dev_start_xmit(skb, dev);
	dev->stats.tx_packets++;
	dev->stats.tx_bytes += skb->len;
	return dev->netdev_ops->ndo_start_xmit(skb, dev);
}

struct sk_buff *dev_hard_start_xmit(struct sk_buff *first, struct net_device *dev,
				    int *ret)
{
	KM_FUNC("net/core/dev.c:3284",
		"Hand the skb to the device driver.");
	struct sk_buff *skb = first;
	int rc;

	skb->next = NULL;
	rc = netdev_start_xmit(skb, dev);
	*ret = rc;
	return NULL;
}

/*
 * __dev_queue_xmit: with bottom halves disabled, send the skb straight
 * to the driver (a queue-less device). Re-enabling bottom halves at the
 * end is where softirqs raised by the transmission (loopback!) run.
 */
static int __dev_queue_xmit(struct sk_buff *skb, struct net_device *sb_dev)
{
	KM_FUNC("net/core/dev.c:3788",
		"Queue an skb for transmission on its device (noqueue: send it now).");
	struct net_device *dev = skb->dev;
	int rc = -ENOMEM;

	skb_reset_mac_header(skb);

	KM_STEP(3804,
		"Disable bottom halves for the transmit section (rcu_read_lock_bh).");
	rcu_read_lock_bh();

	if (dev->flags & IFF_UP) {
		KM_STEP(3864,
			"No queueing discipline: go straight to the driver.");
		skb = dev_hard_start_xmit(skb, dev, &rc);
		rc = rc == NETDEV_TX_OK ? NET_XMIT_SUCCESS : NET_XMIT_DROP;
		KM_STEP(3891,
			"Re-enable bottom halves: pending softirqs (loopback receive) may run now.");
		rcu_read_unlock_bh();
		return rc;
	}

	rc = -ENETDOWN;
	rcu_read_unlock_bh();
	dev->stats.tx_dropped++;
	kfree_skb(skb);
	return rc;
}

int dev_queue_xmit(struct sk_buff *skb)
{
	KM_FUNC("net/core/dev.c:3895", "Transmit an skb on skb->dev.");
	return __dev_queue_xmit(skb, NULL);
}

/* ---- receive ---- */

static int enqueue_to_backlog(struct sk_buff *skb, int cpu,
			      unsigned int *qtail)
{
	KM_FUNC("net/core/dev.c:4244",
		"Put the frame on this CPU's backlog queue and schedule NET_RX.");
	struct host *h = km_host();
	struct softnet_data *sd = &h->softnet;
	unsigned int qlen = skb_queue_len(&sd->input_pkt_queue);

	if (qlen <= (unsigned int)h->netdev_max_backlog) {
		if (!qlen) {
			KM_STEP(3967,
				"First frame waiting: raise NET_RX_SOFTIRQ to process the backlog.");
			__raise_softirq_irqoff(NET_RX_SOFTIRQ);
		}
		__skb_queue_tail(&sd->input_pkt_queue, skb);
		return NET_RX_SUCCESS;
	}

	sd->dropped++;
	kfree_skb(skb);
	return NET_RX_DROP;
}

static int netif_rx_internal(struct sk_buff *skb)
{
	KM_FUNC("net/core/dev.c:4480",
		"Queue a received packet on this CPU's backlog (no RPS steering).");
	unsigned int qtail;

	return enqueue_to_backlog(skb, 0, &qtail);
}

/* A driver received a frame: queue it for the NET_RX softirq. */
int netif_rx(struct sk_buff *skb)
{
	KM_FUNC("net/core/dev.c:4547",
		"A device received a frame: queue it for the NET_RX softirq.");
	trace_netif_rx_entry(skb);
	return netif_rx_internal(skb);
}

static int deliver_skb(struct sk_buff *skb, struct packet_type *pt_prev,
		       struct net_device *orig_dev)
{
	KM_FUNC("net/core/dev.c:1952",
		"Hand the packet to one registered protocol handler (ip_rcv for IPv4).");
	return pt_prev->func(skb, skb->dev, pt_prev, orig_dev);
}

static int __netif_receive_skb_core(struct sk_buff *skb, bool pfmemalloc,
				    struct packet_type **ppt_prev)
{
	KM_FUNC("net/core/dev.c:4816",
		"Find the protocol handler for the frame (ETH_P_IP: ip_rcv) and call it.");
	struct packet_type *ptype;
	struct net_device *orig_dev = skb->dev;
	int ret = NET_RX_DROP;

	skb_reset_network_header(skb);
	if (!skb_transport_header_was_set(skb))
		skb_reset_transport_header(skb);
	skb_reset_mac_len(skb);
	skb->skb_iif = skb->dev->ifindex;

	/* Taps first (a capture sees every frame): called directly, not
	 * through deliver_skb(), so observers leave no mark in the trace. */
	list_for_each_entry(ptype, &km_host()->ptype_all, list)
		ptype->func(skb, skb->dev, ptype, orig_dev);
	list_for_each_entry(ptype, &skb->dev->ptype_all, list)
		ptype->func(skb, skb->dev, ptype, orig_dev);

	list_for_each_entry(ptype, &ptype_base, list) {
		if (ptype->type == skb->protocol &&
		    (!ptype->dev || ptype->dev == skb->dev)) {
			KM_STEP(4973,
				"Deliver to the handler registered for this protocol.");
			ret = deliver_skb(skb, ptype, orig_dev);
			return ret;
		}
	}
	skb->dev->stats.rx_dropped++;
	kfree_skb(skb);
	return NET_RX_DROP;
}

static int __netif_receive_skb(struct sk_buff *skb)
{
	KM_FUNC("net/core/dev.c:5063", "Pass a received frame up the stack.");
	struct packet_type *pt_prev = NULL;

	return __netif_receive_skb_core(skb, false, &pt_prev);
}

int netif_receive_skb(struct sk_buff *skb)
{
	KM_FUNC("net/core/dev.c:5255",
		"Receive a packet directly in the caller's context (the NAPI path).");
	return __netif_receive_skb(skb);
}

/* The backlog "NAPI poll": drain the CPU's input queue. */
static int process_backlog(struct softnet_data *sd, int quota)
{
	KM_FUNC("net/core/dev.c:5903",
		"Take frames off the backlog queue and push each up the stack.");
	int work = 0;
	struct sk_buff *skb;

	while (work < quota &&
	       (skb = __skb_dequeue(&sd->input_pkt_queue)) != NULL) {
		__netif_receive_skb(skb);
		work++;
	}
	sd->processed += work;
	return work;
}

/* NET_RX_SOFTIRQ */
static void net_rx_action(struct softirq_action *h_unused)
{
	KM_FUNC("net/core/dev.c:6389",
		"NET_RX softirq: process the frames waiting in the backlog.");
	struct host *h = km_host();
	struct softnet_data *sd = &h->softnet;
	int budget = 300;	/* netdev_budget */

	while (!skb_queue_empty(&sd->input_pkt_queue) && budget > 0) {
		int done = process_backlog(sd, 64);	/* weight_p */

		budget -= done;
	}
	/* Out of budget with work left: come back in a later softirq. */
	if (!skb_queue_empty(&sd->input_pkt_queue)) {
		sd->time_squeeze++;
		__raise_softirq_irqoff(NET_RX_SOFTIRQ);
	}
}

/* Boot: the softnet data and the NET_RX softirq (Linux: net_dev_init). */
void net_dev_init(void)
{
	KM_FUNC("net/core/dev.c:9699",
		"Boot-time device layer set-up: the per-CPU backlog queues and the NET_RX softirq.");
	struct host *h = km_host();

	skb_queue_head_init(&h->softnet.input_pkt_queue);
	skb_queue_head_init(&h->softnet.process_queue);
	open_softirq(NET_RX_SOFTIRQ, net_rx_action);
}
