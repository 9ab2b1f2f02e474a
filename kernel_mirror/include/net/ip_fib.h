/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/net/ip_fib.h — the forwarding information base.
 *
 * Deliberate simplification: Linux keeps routes in an LC-trie
 * (net/ipv4/fib_trie.c); kmirror keeps each table as a short array searched
 * for the longest matching prefix. The lookup answers the same questions —
 * route type (unicast, local, broadcast, unreachable, prohibit, blackhole),
 * output device, gateway, preferred source — and fails with the same errno.
 * The local table holds the host's own addresses, as `ip route show table
 * local` does.
 */
#ifndef _KM_NET_IP_FIB_H
#define _KM_NET_IP_FIB_H

#include <linux/types.h>
#include <uapi/linux/rtnetlink.h>

struct net_device;
struct net;

#define KM_FIB_MAX_ROUTES	32

struct fib_route_km {
	__be32			dst;
	int			dst_len;	/* prefix length */
	unsigned char		type;		/* RTN_* */
	unsigned char		scope;		/* RT_SCOPE_* */
	struct net_device	*dev;
	__be32			gw;
	__be32			prefsrc;
	unsigned int		mtu;		/* 0: the device's */
	unsigned int		priority;
};

struct fib_table {
	u32			tb_id;
	int			tb_num;
	struct fib_route_km	tb_routes[KM_FIB_MAX_ROUTES];
};

struct fib_result {
	__be32			prefix;
	unsigned char		prefixlen;
	unsigned char		type;
	unsigned char		scope;
	u32			tclassid;
	const struct fib_route_km *fi;	/* the matching route */
	struct fib_table	*table;
};

struct flowi4;
int fib_lookup(struct net *net, const struct flowi4 *flp, struct fib_result *res,
	       unsigned int flags);
__be32 fib_result_prefsrc(struct net *net, struct fib_result *res);
unsigned int inet_addr_type(struct net *net, __be32 addr);
int fib_table_insert_km(struct fib_table *tb, const struct fib_route_km *r);

#endif
