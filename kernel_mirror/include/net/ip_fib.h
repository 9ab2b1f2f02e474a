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

/*
 * A next-hop exception (Linux: struct fib_nh_exception): what this host
 * learned about one destination reached through a next hop — a smaller
 * path MTU (ICMP fragmentation needed) or a better gateway (ICMP
 * redirect) — until fnhe_expires. Linux also caches the routes bound to
 * an exception (fnhe_rth_input/output); kmirror has no route cache.
 */
struct fib_nh_exception {
	struct fib_nh_exception	*fnhe_next;
	int			fnhe_genid;
	__be32			fnhe_daddr;
	u32			fnhe_pmtu;
	bool			fnhe_mtu_locked;
	__be32			fnhe_gw;
	unsigned long		fnhe_expires;
	unsigned long		fnhe_stamp;
};

struct fnhe_hash_bucket {
	struct fib_nh_exception	*chain;
};

#define FNHE_HASH_SHIFT		11
#define FNHE_HASH_SIZE		(1 << FNHE_HASH_SHIFT)
#define FNHE_RECLAIM_DEPTH	5

/*
 * One route. It is also its own next hop (Linux: fib_info.fib_nh[0]),
 * so the next hop's exceptions hang off it.
 */
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
	struct fnhe_hash_bucket	*nh_exceptions;	/* allocated on first use */
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
	struct fib_route_km	*fi;	/* the matching route */
	struct fib_table	*table;
};

/* The next hop of a lookup's result: the route itself (one path). */
#define FIB_RES_NH(res)		(*(res).fi)

struct flowi4;
/* kmirror's own signature (Linux: tb, flowi4, result, flags): one table's
 * longest match for daddr, through device oif if not 0. */
struct fib_route_km *fib_table_lookup(struct fib_table *tb, __be32 daddr, int oif);
int fib_lookup(struct net *net, const struct flowi4 *flp, struct fib_result *res,
	       unsigned int flags);
__be32 fib_result_prefsrc(struct net *net, struct fib_result *res);
unsigned int inet_addr_type(struct net *net, __be32 addr);
int fib_table_insert_km(struct fib_table *tb, const struct fib_route_km *r);
void free_nh_exceptions(struct fib_route_km *nh);
void fib_free_exceptions_km(struct net *net);

#endif
