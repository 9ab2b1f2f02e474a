/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/netdevice.h — network devices and the receive
 * machinery (softnet_data, packet_type).
 *
 * A device's transmit function is its backend: the loopback driver, a test
 * wire that records frames for a test, a link joining two hosts, or a TUN
 * file descriptor (drivers/net/ and runtime/). All carry raw IPv4 packets
 * with no link-layer header, like a TUN device in IFF_TUN|IFF_NO_PI mode.
 */
#ifndef _KM_LINUX_NETDEVICE_H
#define _KM_LINUX_NETDEVICE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/skbuff.h>

struct net;
struct in_device;
struct host;

#define IFNAMSIZ	16

/* dev->flags (include/uapi/linux/if.h) */
#define IFF_UP		0x1
#define IFF_BROADCAST	0x2
#define IFF_LOOPBACK	0x8
#define IFF_POINTOPOINT	0x10
#define IFF_NOARP	0x80
#define IFF_RUNNING	0x40
#define IFF_MULTICAST	0x1000

#define ARPHRD_NONE	0xFFFE
#define ARPHRD_LOOPBACK	772

#define ETH_P_IP	0x0800
#define ETH_P_ALL	0x0003

typedef enum netdev_tx {
	NETDEV_TX_OK	 = 0x00,
	NETDEV_TX_BUSY	 = 0x10,
} netdev_tx_t;

#define NET_RX_SUCCESS		0
#define NET_RX_DROP		1
#define NET_XMIT_SUCCESS	0x00
#define NET_XMIT_DROP		0x01
#define NET_XMIT_CN		0x02
#define net_xmit_errno(e)	((e) != NET_XMIT_CN ? -ENOBUFS : 0)
#define net_xmit_eval(e)	((e) == NET_XMIT_CN ? 0 : (e))

struct net_device;

struct net_device_ops {
	int			(*ndo_open)(struct net_device *dev);
	int			(*ndo_stop)(struct net_device *dev);
	netdev_tx_t		(*ndo_start_xmit)(struct sk_buff *skb,
						  struct net_device *dev);
};

struct net_device_stats {
	unsigned long	rx_packets;
	unsigned long	tx_packets;
	unsigned long	rx_bytes;
	unsigned long	tx_bytes;
	unsigned long	rx_errors;
	unsigned long	tx_errors;
	unsigned long	rx_dropped;
	unsigned long	tx_dropped;
};

struct net_device {
	char			name[IFNAMSIZ];
	struct list_head	dev_list;
	unsigned int		flags;
	int			ifindex;
	unsigned int		mtu;
	unsigned int		min_mtu;
	unsigned int		max_mtu;
	unsigned short		type;
	unsigned short		hard_header_len;
	unsigned short		needed_headroom;
	unsigned int		tx_queue_len;
	const struct net_device_ops *netdev_ops;
	struct net_device_stats	stats;
	struct in_device	*ip_ptr;
	struct net		*nd_net;
	struct list_head	ptype_all;	/* taps on this device only */
	/* kmirror: the backend behind ndo_start_xmit. */
	void			*km_backend;
};

static inline struct net *dev_net(const struct net_device *dev)
{
	return dev->nd_net;
}

struct packet_type {
	__be16			type;	/* protocol id, network order (ETH_P_IP) */
	struct net_device	*dev;	/* only this device, or NULL for any */
	int			(*func) (struct sk_buff *,
					 struct net_device *,
					 struct packet_type *,
					 struct net_device *);
	struct list_head	list;
};

/* The per-CPU receive queue (one CPU per host). */
struct softnet_data {
	struct sk_buff_head	input_pkt_queue;
	struct sk_buff_head	process_queue;
	unsigned int		processed;
	unsigned int		dropped;
	unsigned int		time_squeeze;
};

#define netdev_max_backlog_default	1000

void dev_add_pack(struct packet_type *pt);
void __dev_remove_pack(struct packet_type *pt);
void dev_queue_xmit_nit(struct sk_buff *skb, struct net_device *dev);
int dev_queue_xmit(struct sk_buff *skb);
int netif_rx(struct sk_buff *skb);
int netif_receive_skb(struct sk_buff *skb);
struct net_device *dev_get_by_index_rcu(struct net *net, int ifindex);
struct net_device *__dev_get_by_name(struct net *net, const char *name);

static inline void dev_hold(struct net_device *dev) { (void)dev; }
static inline void dev_put(struct net_device *dev) { (void)dev; }

#define LL_RESERVED_SPACE(dev) \
	((((dev)->hard_header_len + (dev)->needed_headroom) & ~(16 - 1)) + 16)

#endif
