/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: include/linux/inetdevice.h — IPv4 addresses on a device. */
#ifndef _KM_LINUX_INETDEVICE_H
#define _KM_LINUX_INETDEVICE_H

#include <linux/types.h>
#include <linux/netdevice.h>

struct in_ifaddr {
	struct in_ifaddr	*ifa_next;
	struct in_device	*ifa_dev;
	__be32			ifa_local;
	__be32			ifa_address;
	__be32			ifa_mask;
	__be32			ifa_broadcast;
	unsigned char		ifa_scope;
	unsigned char		ifa_prefixlen;
	char			ifa_label[IFNAMSIZ];
};

struct in_device {
	struct net_device	*dev;
	struct in_ifaddr	*ifa_list;	/* IP ifaddr chain */
	int			mc_count_km;
};

static inline struct in_device *__in_dev_get_rcu(const struct net_device *dev)
{
	return dev->ip_ptr;
}

static inline __be32 inet_make_mask(int logmask)
{
	if (logmask)
		return __builtin_bswap32(~((1U << (32 - logmask)) - 1));
	return 0;
}

static inline bool inet_ifa_match(__be32 addr, struct in_ifaddr *ifa)
{
	return !((addr ^ ifa->ifa_address) & ifa->ifa_mask);
}

__be32 inet_select_addr(const struct net_device *dev, __be32 dst, int scope);
struct net_device *__ip_dev_find(struct net *net, __be32 addr, bool devref);

static inline struct net_device *ip_dev_find(struct net *net, __be32 addr)
{
	return __ip_dev_find(net, addr, true);
}

#endif
