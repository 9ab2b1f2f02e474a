// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: the IPv4 FIB — fib_lookup(), inet_addr_type() and
 * fib_result_prefsrc() (Linux: net/ipv4/fib_frontend.c, fib_rules.c,
 * fib_trie.c, fib_semantics.c).
 *
 * Deliberate simplification (see include/net/ip_fib.h): each table is a
 * short array searched for the longest matching prefix, the local table
 * before the main table, as the default policy rules order them. The
 * answers — route type, the error a reject route gives, the preferred
 * source — are Linux's.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/netdevice.h>
#include <linux/inetdevice.h>
#include <net/ip_fib.h>
#include <net/route.h>
#include <net/ip.h>
#include <kmirror/trace.h>

/*
 * The error each route type gives (fib_semantics.c: fib_props[].error); a
 * type with an error answers before any next hop is looked at.
 */
static const int fib_props_error[RTN_MAX + 1] = {
	[RTN_BLACKHOLE]		= -EINVAL,
	[RTN_UNREACHABLE]	= -EHOSTUNREACH,
	[RTN_PROHIBIT]		= -EACCES,
	[RTN_THROW]		= -EAGAIN,
	[RTN_NAT]		= -EINVAL,
	[RTN_XRESOLVE]		= -EINVAL,
};

static int fib_type_error(int type)
{
	/* mirrors: fib_props */
	KM_FUNC("net/ipv4/fib_semantics.c:93",
		"The error a route type gives: unreachable EHOSTUNREACH, prohibit EACCES, blackhole EINVAL.");
	return fib_props_error[type];
}

static __be32 prefix_mask(int len)
{
	return len ? htonl(~0U << (32 - len)) : 0;
}

struct fib_route_km *fib_table_lookup(struct fib_table *tb, __be32 daddr, int oif)
{
	KM_FUNC("net/ipv4/fib_trie.c:1316",
		"Longest-prefix match in one routing table (Linux walks an LC-trie).");
	struct fib_route_km *best = NULL;
	int i;

	for (i = 0; i < tb->tb_num; i++) {
		struct fib_route_km *r = &tb->tb_routes[i];

		if ((daddr & prefix_mask(r->dst_len)) != r->dst)
			continue;
		/* An output device given: only a next hop through it will do
		 * (fib_trie.c:1481-1484); reject routes answer before any
		 * next hop is looked at. */
		if (oif && !fib_props_error[r->type] && r->dev && r->dev->ifindex != oif)
			continue;
		if (!best || r->dst_len > best->dst_len ||
		    (r->dst_len == best->dst_len && r->priority < best->priority))
			best = r;
	}
	return best;
}

int fib_lookup(struct net *net, const struct flowi4 *flp,
	       struct fib_result *res, unsigned int flags)
{
	KM_FUNC("include/net/ip_fib.h:273",
		"Find the longest matching route for the destination (local table first, then main).");
	struct fib_table *tables[2] = { &net->ipv4.fib_local, &net->ipv4.fib_main };
	int i;

	/* A flow with an output device (IP_MULTICAST_IF's index) matches only
	 * routes through it, unless the caller asked to skip that check. */
	int oif = (flp->flowi4_flags & FLOWI_FLAG_SKIP_NH_OIF) ? 0 : flp->flowi4_oif;

	for (i = 0; i < 2; i++) {
		struct fib_route_km *r = fib_table_lookup(tables[i], flp->daddr, oif);
		int err;

		if (!r)
			continue;
		res->prefix = r->dst;
		res->prefixlen = r->dst_len;
		res->type = r->type;
		res->scope = r->scope;
		res->fi = r;
		res->table = tables[i];
		err = fib_type_error(r->type);
		if (err)
			KM_STEP("net/ipv4/fib_trie.c:1460",
				"The matching route is a reject route: its type decides the error.");
		return err;
	}
	KM_STEP(277, "No table has a route for this destination: ENETUNREACH.");
	return -ENETUNREACH;
}

__be32 fib_result_prefsrc(struct net *net, struct fib_result *res)
{
	/* mirrors: FIB_RES_PREFSRC */
	KM_FUNC("include/net/ip_fib.h:187",
		"The source address a route prefers: its src attribute, else one chosen from the device.");
	const struct fib_route_km *r = res->fi;

	if (r->prefsrc)
		return r->prefsrc;
	return inet_select_addr(r->dev, r->gw, res->scope);
}

unsigned int inet_addr_type(struct net *net, __be32 addr)
{
	KM_FUNC("net/ipv4/fib_frontend.c:252",
		"Classify an address from this host's view: local, broadcast, multicast or unicast.");
	const struct fib_route_km *r;

	if (ipv4_is_zeronet(addr) || ipv4_is_lbcast(addr))
		return RTN_BROADCAST;
	if (ipv4_is_multicast(addr))
		return RTN_MULTICAST;
	/* The local table's answer, a prefix as well as one address: all of
	 * 127.0.0.0/8 is local (lo's route), not only 127.0.0.1. */
	r = fib_table_lookup(&net->ipv4.fib_local, addr, 0);
	if (r)
		return r->type;
	return RTN_UNICAST;
}

int fib_table_insert_km(struct fib_table *tb, const struct fib_route_km *r)
{
	KM_FUNC("net/ipv4/fib_trie.c:1124",
		"Add a route to a table (ip route add).");
	if (tb->tb_num >= KM_FIB_MAX_ROUTES)
		return -ENOSPC;
	tb->tb_routes[tb->tb_num++] = *r;
	return 0;
}
