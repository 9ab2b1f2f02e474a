// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/devinet.c — IPv4 addresses on devices: which device
 * has an address (__ip_dev_find), and inet_select_addr(), the source
 * address choice for a route.
 */
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/inetdevice.h>
#include <net/ip.h>
#include <net/ip_fib.h>
#include <kmirror/trace.h>

/*
 * The device that has addr, the test route.c uses for "is this source
 * one of ours?". An address no device carries still counts when the
 * local table routes it here: any of 127.0.0.0/8 is lo's.
 */
struct net_device *__ip_dev_find(struct net *net, __be32 addr, bool devref)
{
	KM_FUNC("net/ipv4/devinet.c:149",
		"Which device has this address (the address's own, or a local route's)?");
	struct net_device *result = NULL;
	struct net_device *dev;
	struct in_ifaddr *ifa = NULL;

	/* simplified: Linux hashes addresses (inet_addr_lst); we walk the devices */
	list_for_each_entry(dev, &net->dev_base_head, dev_list) {
		struct in_device *in_dev = __in_dev_get_rcu(dev);

		for (ifa = in_dev ? in_dev->ifa_list : NULL; ifa; ifa = ifa->ifa_next)
			if (ifa->ifa_local == addr)
				break;
		if (ifa)
			break;
	}
	if (!ifa) {
		struct fib_route_km *r;

		KM_STEP(164,
			"No device carries it: ask the local table (a local route such as lo's 127.0.0.0/8 makes it ours).");
		/* simplified: the local table's lookup is kmirror's (tb, daddr, oif) */
		r = fib_table_lookup(&net->ipv4.fib_local, addr, 0);
		if (r && r->type == RTN_LOCAL)
			result = r->dev;
	} else {
		result = ifa->ifa_dev->dev;
	}
	if (result && devref)
		dev_hold(result);
	return result;
}

/*
 * Pick a source address on dev: the first primary address with a scope
 * at least as wide as asked, preferring one on the same subnet as dst.
 */
__be32 inet_select_addr(const struct net_device *dev, __be32 dst, int scope)
{
	KM_FUNC("net/ipv4/devinet.c:1258",
		"Choose a source address on the output device for this destination.");
	struct in_device *in_dev = dev ? __in_dev_get_rcu(dev) : NULL;
	struct in_ifaddr *ifa;
	__be32 addr = 0;

	if (!in_dev)
		return addr;
	for (ifa = in_dev->ifa_list; ifa; ifa = ifa->ifa_next) {
		if (ifa->ifa_scope > scope)
			continue;
		if (!dst || inet_ifa_match(dst, ifa)) {
			addr = ifa->ifa_local;
			break;
		}
		if (!addr)
			addr = ifa->ifa_local;
	}
	return addr;
}
