// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror runtime: network devices and address configuration — what
 * `ip link`, `ip addr` and `ip route` would do on a real machine.
 *
 * km_dev_rx() is the "interrupt" of every kmirror device: the frame is
 * copied into a fresh skb and handed to netif_rx() between irq_enter() and
 * irq_exit(); irq_exit() then runs the NET_RX softirq on the spot.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/netdevice.h>
#include <linux/inetdevice.h>
#include <linux/interrupt.h>
#include <net/ip_fib.h>
#include <net/route.h>
#include <kmirror/host.h>
#include <kmirror/runtime.h>
#include <kmplat/platform.h>
#include <kmapi/km.h>

struct net_device *km_dev_alloc(struct host *h, const char *name,
				unsigned int mtu, unsigned int flags,
				const struct net_device_ops *ops, void *backend)
{
	struct net_device *dev = km_plat_alloc(sizeof(*dev));
	struct in_device *in_dev = km_plat_alloc(sizeof(*in_dev));

	strscpy(dev->name, name, sizeof(dev->name));
	dev->mtu = mtu ? mtu : 1500;
	dev->min_mtu = 68;
	dev->max_mtu = 65536;
	dev->flags = flags | IFF_UP | IFF_RUNNING;
	dev->type = (flags & IFF_LOOPBACK) ? ARPHRD_LOOPBACK : ARPHRD_NONE;
	dev->netdev_ops = ops;
	dev->km_backend = backend;
	INIT_LIST_HEAD(&dev->ptype_all);
	dev->nd_net = &h->net;
	dev->ifindex = ++h->net.ifindex;
	in_dev->dev = dev;
	dev->ip_ptr = in_dev;
	list_add_tail(&dev->dev_list, &h->net.dev_base_head);
	return dev;
}

void km_netdev_destroy_all(struct host *h)
{
	while (!list_empty(&h->net.dev_base_head)) {
		struct net_device *dev = list_first_entry(&h->net.dev_base_head,
							  struct net_device,
							  dev_list);
		struct in_ifaddr *ifa = dev->ip_ptr->ifa_list;

		while (ifa) {
			struct in_ifaddr *next = ifa->ifa_next;

			km_plat_free(ifa);
			ifa = next;
		}
		km_plat_free(dev->ip_ptr);
		list_del(&dev->dev_list);
		km_plat_free(dev);
	}
}

/* A frame arrives on dev: the device's receive interrupt. */
void km_dev_rx(struct net_device *dev, const void *frame, unsigned int len)
{
	struct host *h = net_host(dev->nd_net);
	struct host *prev = km_host_enter(h);
	struct task_struct *saved = h->curtask;
	struct sk_buff *skb;

	/* Interrupts arrive while the CPU idles (no task is mid-syscall). */
	h->curtask = &h->idle;
	irq_enter();
	dev->stats.rx_packets++;
	dev->stats.rx_bytes += len;
	skb = netdev_alloc_skb(dev, len);
	if (skb) {
		skb_put_data(skb, frame, len);
		skb->protocol = htons(ETH_P_IP);
		skb->pkt_type = PACKET_HOST;
		netif_rx(skb);
	} else {
		dev->stats.rx_dropped++;
	}
	irq_exit();
	h->curtask = saved;
	km_host_leave(prev);
}

/* ---- addresses and routes ---- */

static int parse_ipv4(const char *s, __be32 *out, const char **end)
{
	u32 v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned int part = 0, digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 4) {
			part = part * 10 + (unsigned int)(*s++ - '0');
			digits++;
		}
		if (!digits || part > 255)
			return -EINVAL;
		v = (v << 8) | part;
		if (i < 3) {
			if (*s != '.')
				return -EINVAL;
			s++;
		}
	}
	*out = htonl(v);
	if (end)
		*end = s;
	return 0;
}

int km_parse_ipv4(const char *s, unsigned int *be_addr)
{
	const char *end;
	__be32 a;

	if (parse_ipv4(s, &a, &end) || *end)
		return -EINVAL;
	*be_addr = a;
	return 0;
}

static int parse_prefix(const char *s, __be32 *addr, int *len)
{
	const char *end;

	if (!strcmp(s, "default")) {
		*addr = 0;
		*len = 0;
		return 0;
	}
	if (parse_ipv4(s, addr, &end))
		return -EINVAL;
	*len = 32;
	if (*end == '/') {
		int l = 0;

		end++;
		if (!*end)
			return -EINVAL;
		while (*end >= '0' && *end <= '9')
			l = l * 10 + (*end++ - '0');
		if (*end || l > 32)
			return -EINVAL;
		*len = l;
	} else if (*end) {
		return -EINVAL;
	}
	return 0;
}

static __be32 mask_of(int len)
{
	return len ? htonl(~0U << (32 - len)) : 0;
}

int km_host_add_addr(struct host *h, const char *devname, const char *cidr)
{
	struct net_device *dev = __dev_get_by_name(&h->net, devname);
	struct in_ifaddr *ifa, **pp;
	struct fib_route_km r;
	__be32 addr, mask, net, bcast;
	int len;

	if (!dev)
		return -ENODEV;
	if (parse_prefix(cidr, &addr, &len))
		return -EINVAL;
	mask = mask_of(len);
	net = addr & mask;
	bcast = net | ~mask;

	ifa = km_plat_alloc(sizeof(*ifa));
	ifa->ifa_dev = dev->ip_ptr;
	ifa->ifa_local = ifa->ifa_address = addr;
	ifa->ifa_mask = mask;
	ifa->ifa_prefixlen = len;
	ifa->ifa_broadcast = len < 31 ? bcast : 0;
	ifa->ifa_scope = (dev->flags & IFF_LOOPBACK) ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
	strscpy(ifa->ifa_label, dev->name, sizeof(ifa->ifa_label));
	for (pp = &dev->ip_ptr->ifa_list; *pp; pp = &(*pp)->ifa_next)
		;
	*pp = ifa;

	/* As fib_add_ifaddr() does: local, broadcast, and the subnet route. */
	memset(&r, 0, sizeof(r));
	r.dev = dev;
	r.prefsrc = addr;
	r.type = RTN_LOCAL;
	r.scope = RT_SCOPE_HOST;
	r.dst = addr;
	r.dst_len = 32;
	fib_table_insert_km(&h->net.ipv4.fib_local, &r);
	if (dev->flags & IFF_LOOPBACK) {
		r.dst = net;
		r.dst_len = len;
		fib_table_insert_km(&h->net.ipv4.fib_local, &r);
	}
	if (len < 31) {
		r.type = RTN_BROADCAST;
		r.scope = RT_SCOPE_LINK;
		r.dst = bcast;
		r.dst_len = 32;
		fib_table_insert_km(&h->net.ipv4.fib_local, &r);
		r.dst = net;
		fib_table_insert_km(&h->net.ipv4.fib_local, &r);
	}
	if (!(dev->flags & IFF_LOOPBACK) && len < 32) {
		r.type = RTN_UNICAST;
		r.scope = RT_SCOPE_LINK;
		r.dst = net;
		r.dst_len = len;
		fib_table_insert_km(&h->net.ipv4.fib_main, &r);
	}
	return 0;
}

int km_host_add_route(struct host *h, const char *prefix, const char *via,
		      const char *devname, const char *type)
{
	struct fib_route_km r;

	memset(&r, 0, sizeof(r));
	if (parse_prefix(prefix, &r.dst, &r.dst_len))
		return -EINVAL;
	r.dst &= mask_of(r.dst_len);
	if (!type || !strcmp(type, "unicast"))
		r.type = RTN_UNICAST;
	else if (!strcmp(type, "unreachable"))
		r.type = RTN_UNREACHABLE;
	else if (!strcmp(type, "prohibit"))
		r.type = RTN_PROHIBIT;
	else if (!strcmp(type, "blackhole"))
		r.type = RTN_BLACKHOLE;
	else if (!strcmp(type, "broadcast"))
		r.type = RTN_BROADCAST;
	else
		return -EINVAL;
	r.scope = RT_SCOPE_UNIVERSE;
	if (via && parse_ipv4(via, &r.gw, NULL))
		return -EINVAL;
	if (devname) {
		r.dev = __dev_get_by_name(&h->net, devname);
		if (!r.dev)
			return -ENODEV;
	}
	if (r.type == RTN_UNICAST && !r.dev)
		return -EINVAL;
	if (r.type == RTN_UNICAST && !r.gw)
		r.scope = RT_SCOPE_LINK;
	return fib_table_insert_km(r.type == RTN_BROADCAST ? &h->net.ipv4.fib_local
						     : &h->net.ipv4.fib_main, &r);
}
