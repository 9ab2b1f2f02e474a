// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/devinet.c — IPv4 addresses on devices, and
 * inet_select_addr(), the source address choice for a route.
 */
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/inetdevice.h>
#include <net/ip.h>
#include <kmirror/trace.h>

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
