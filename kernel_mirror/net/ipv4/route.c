// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/route.c (Linux 5.0.1) — output route lookup.
 *
 * ip_route_output_key_hash() turns a flow (destination, optional source,
 * output device, TOS) into a struct rtable: which device, which gateway,
 * which source address, and what kind of destination it is (unicast,
 * local, broadcast, multicast). Its errors are connect()'s synchronous
 * route errors: ENETUNREACH (no route), EHOSTUNREACH (an unreachable
 * route), EACCES (prohibit), EINVAL (blackhole or a bad source).
 *
 * Simplifications: no route cache or exceptions (each lookup allocates a
 * fresh rtable), no multipath, no policy rules beyond "local, then main".
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/netdevice.h>
#include <linux/inetdevice.h>
#include <linux/tcp.h>
#include <linux/random.h>
#include <linux/jhash.h>
#include <net/route.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/ip_fib.h>
#include <net/sock.h>
#include <net/inet_hashtables.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

#define IP_MAX_MTU	0xFFFFU
#define LOOPBACK_IFINDEX 1
#define ip_rt_min_advmss 256	/* net.ipv4.route.min_adv_mss */

int ip_output(struct net *net, struct sock *sk, struct sk_buff *skb);
int ip_local_deliver(struct sk_buff *skb);
int ip_mc_output(struct net *net, struct sock *sk, struct sk_buff *skb);

static struct dst_entry *ipv4_dst_check(struct dst_entry *dst, u32 cookie)
{
	KM_FUNC("net/ipv4/route.c:1169",
		"Is a cached route still valid? kmirror routes never go stale.");
	/* Routes never go stale in kmirror (no route cache to flush). */
	return KM_RETP(dst);
}

static unsigned int ipv4_default_advmss(const struct dst_entry *dst)
{
	KM_FUNC("net/ipv4/route.c:1256",
		"The MSS to advertise over this route: its MTU minus 40 bytes of IP and TCP headers.");
	unsigned int header_size = sizeof(struct tcphdr) + sizeof(struct iphdr);
	unsigned int mtu = min_t(unsigned int, dst->dev->mtu, IP_MAX_MTU);
	unsigned int advmss = max_t(unsigned int, mtu - header_size,
				    ip_rt_min_advmss);

	return KM_RET(min(advmss, IPV4_MAX_PMTU - header_size));
}

unsigned int ipv4_mtu_km(const struct dst_entry *dst)
{
	KM_FUNC("net/ipv4/route.c:1265",
		"The path MTU of a route: a learned PMTU, the route's mtu metric, or the device's MTU.");
	const struct rtable *rt = (const struct rtable *)dst;
	unsigned int mtu = rt->rt_pmtu;

	if (!mtu || time_after_eq(jiffies, rt->dst.expires))
		mtu = dst_metric_raw(dst, RTAX_MTU);
	if (mtu)
		return KM_RET(mtu);

	mtu = dst->dev->mtu;
	return KM_RET(min_t(unsigned int, mtu, IP_MAX_MTU));
}

static void ipv4_dst_destroy(struct dst_entry *dst)
{
	KM_FUNC("net/ipv4/route.c:1481",
		"The last reference to a route went away: free its private state.");
}

static const struct dst_ops ipv4_dst_ops = {
	.family =		AF_INET,
	.check =		ipv4_dst_check,
	.default_advmss =	ipv4_default_advmss,
	.mtu =			ipv4_mtu_km,
	.destroy =		ipv4_dst_destroy,
};

void *dst_alloc(const struct dst_ops *ops, struct net_device *dev,
		int initial_ref, int initial_obsolete, unsigned short flags)
{
	KM_FUNC("net/core/dst.c:95",
		"Allocate a route cache entry (dst_entry) with its ops, device and first reference.");
	struct dst_entry *dst;

	dst = kmem_cache_zalloc(km_host()->ip_dst_cache, GFP_ATOMIC);
	if (!dst)
		return KM_RETP(NULL);
	dst->dev = dev;
	dst->ops = ops;
	dst->expires = 0UL;
	dst->input = NULL;
	dst->output = NULL;
	dst->obsolete = initial_obsolete;
	dst->flags = flags;
	dst->lastuse = jiffies;
	atomic_set(&dst->__refcnt, initial_ref);
	return KM_RETP(dst);
}

void dst_release(struct dst_entry *dst)
{
	KM_FUNC("net/core/dst.c:181",
		"Drop a reference to a route; the last one frees it.");
	if (dst) {
		int newrefcnt = atomic_dec_return(&dst->__refcnt);

		WARN_ON(newrefcnt < 0);
		if (!newrefcnt) {
			if (dst->ops->destroy)
				dst->ops->destroy(dst);
			kmem_cache_free(km_host()->ip_dst_cache, dst);
		}
	}
}

static struct rtable *rt_dst_alloc(struct net_device *dev, unsigned int flags,
				   u16 type, bool nopolicy, bool noxfrm,
				   bool will_cache)
{
	KM_FUNC("net/ipv4/route.c:1563",
		"Allocate an IPv4 route (rtable): output through ip_output, input to ip_local_deliver if local.");
	struct rtable *rt;

	rt = dst_alloc(&ipv4_dst_ops, dev, 1, DST_OBSOLETE_FORCE_CHK,
		       DST_HOST | DST_NOCOUNT);
	if (rt) {
		rt->rt_genid = 0;
		rt->rt_flags = flags;
		rt->rt_type = type;
		rt->rt_is_input = 0;
		rt->rt_iif = 0;
		rt->rt_pmtu = 0;
		rt->rt_mtu_locked = 0;
		rt->rt_gateway = 0;
		rt->rt_uses_gateway = 0;
		rt->dst.output = ip_output;
		if (flags & RTCF_LOCAL)
			rt->dst.input = ip_local_deliver;
	}
	return KM_RETP(rt);
}

/* Build the rtable for a decided route (route.c: __mkroute_output). */
static struct rtable *__mkroute_output(const struct fib_result *res,
				       const struct flowi4 *fl4, int orig_oif,
				       struct net_device *dev_out,
				       unsigned int flags)
{
	KM_FUNC("net/ipv4/route.c:2178",
		"Classify the destination and allocate the rtable describing the route.");
	u16 type = res->type;
	struct rtable *rth;

	if (ipv4_is_loopback(fl4->saddr) &&
	    !(dev_out->flags & IFF_LOOPBACK))
		return KM_RETP(ERR_PTR(-EINVAL));

	if (ipv4_is_lbcast(fl4->daddr))
		type = RTN_BROADCAST;
	else if (ipv4_is_multicast(fl4->daddr))
		type = RTN_MULTICAST;
	else if (ipv4_is_zeronet(fl4->daddr))
		return KM_RETP(ERR_PTR(-EINVAL));

	if (dev_out->flags & IFF_LOOPBACK)
		flags |= RTCF_LOCAL;

	if (type == RTN_BROADCAST) {
		KM_STEP("net/ipv4/route.c:2212",
			"A broadcast destination: mark the route RTCF_BROADCAST|RTCF_LOCAL.");
		flags |= RTCF_BROADCAST | RTCF_LOCAL;
	} else if (type == RTN_MULTICAST) {
		flags |= RTCF_MULTICAST | RTCF_LOCAL;
	}

	KM_STEP("net/ipv4/route.c:2268",
		"Allocate the rtable: device, flags, type, output function ip_output.");
	rth = rt_dst_alloc(dev_out, flags, type, false, false, false);
	if (!rth)
		return KM_RETP(ERR_PTR(-ENOBUFS));

	rth->rt_iif = orig_oif;
	if (res->fi && res->fi->gw && res->type == RTN_UNICAST) {
		rth->rt_gateway = res->fi->gw;
		rth->rt_uses_gateway = 1;
	}
	if (res->fi && res->fi->mtu)
		dst_metric_set(&rth->dst, RTAX_MTU, res->fi->mtu);
	if (flags & (RTCF_BROADCAST | RTCF_MULTICAST)) {
		if (flags & RTCF_LOCAL && !(dev_out->flags & IFF_LOOPBACK))
			rth->dst.output = ip_mc_output;
	}
	return KM_RETP(rth);
}

static bool ip_dev_has_addr(struct net *net, __be32 addr)
{
	/* mirrors: __ip_dev_find */
	KM_FUNC("net/ipv4/devinet.c:149",
		"Is this address configured on one of our devices (Linux: __ip_dev_find)?");
	struct net_device *dev;

	list_for_each_entry(dev, &net->dev_base_head, dev_list) {
		struct in_device *in_dev = __in_dev_get_rcu(dev);
		struct in_ifaddr *ifa;

		for (ifa = in_dev ? in_dev->ifa_list : NULL; ifa; ifa = ifa->ifa_next)
			if (ifa->ifa_local == addr)
				return KM_RET(true);
	}
	return KM_RET(false);
}

/*
 * The lookup proper (route.c: ip_route_output_key_hash_rcu). Picks the
 * output device and, if the caller left it 0, the source address.
 */
static struct rtable *ip_route_output_key_hash_rcu(struct net *net,
						   struct flowi4 *fl4,
						   struct fib_result *res,
						   const struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/route.c:2331",
		"Route lookup: choose the output device, gateway and source address.");
	struct net_device *dev_out = NULL;
	int orig_oif = fl4->flowi4_oif;
	unsigned int flags = 0;
	struct rtable *rth;
	int err;

	if (fl4->saddr) {
		KM_STEP("net/ipv4/route.c:2343",
			"A source was given: it must be a valid unicast address of this host.");
		if (ipv4_is_multicast(fl4->saddr) ||
		    ipv4_is_lbcast(fl4->saddr) ||
		    ipv4_is_zeronet(fl4->saddr)) {
			rth = ERR_PTR(-EINVAL);
			goto out;
		}

		rth = ERR_PTR(-ENETUNREACH);
		if (!(fl4->flowi4_flags & FLOWI_FLAG_ANYSRC) &&
		    !ip_dev_has_addr(net, fl4->saddr))
			goto out;
	}

	if (fl4->flowi4_oif) {
		KM_STEP("net/ipv4/route.c:2392",
			"An output device was given (SO_BINDTODEVICE, multicast index): use it.");
		dev_out = dev_get_by_index_rcu(net, fl4->flowi4_oif);
		rth = ERR_PTR(-ENODEV);
		if (!dev_out)
			goto out;

		if (!(dev_out->flags & IFF_UP) || !__in_dev_get_rcu(dev_out)) {
			rth = ERR_PTR(-ENETUNREACH);
			goto out;
		}
		if (ipv4_is_local_multicast(fl4->daddr) ||
		    ipv4_is_lbcast(fl4->daddr)) {
			if (!fl4->saddr)
				fl4->saddr = inet_select_addr(dev_out, 0,
							      RT_SCOPE_LINK);
			goto make_route;
		}
		if (!fl4->saddr) {
			if (ipv4_is_multicast(fl4->daddr))
				fl4->saddr = inet_select_addr(dev_out, 0,
							      fl4->flowi4_scope);
			else if (!fl4->daddr)
				fl4->saddr = inet_select_addr(dev_out, 0,
							      RT_SCOPE_HOST);
		}
	}

	if (!fl4->daddr) {
		KM_STEP("net/ipv4/route.c:2421",
			"Destination 0.0.0.0 means this host: route it over loopback.");
		fl4->daddr = fl4->saddr;
		if (!fl4->daddr)
			fl4->daddr = fl4->saddr = htonl(INADDR_LOOPBACK);
		dev_out = net->loopback_dev;
		fl4->flowi4_oif = LOOPBACK_IFINDEX;
		res->type = RTN_LOCAL;
		flags |= RTCF_LOCAL;
		goto make_route;
	}

	KM_STEP("net/ipv4/route.c:2431",
		"Look the destination up in the routing tables (local, then main).");
	err = fib_lookup(net, fl4, res, 0);
	if (err) {
		res->fi = NULL;
		res->table = NULL;
		if (fl4->flowi4_oif) {
			/* With a device given, assume the peer is on-link. */
			if (fl4->saddr == 0)
				fl4->saddr = inet_select_addr(dev_out, 0,
							      RT_SCOPE_LINK);
			res->type = RTN_UNICAST;
			goto make_route;
		}
		KM_STEP("net/ipv4/route.c:2462",
			"No usable route: fail with the route's error (ENETUNREACH, EHOSTUNREACH, EACCES, EINVAL).");
		rth = ERR_PTR(err);
		goto out;
	}

	if (res->type == RTN_LOCAL) {
		KM_STEP("net/ipv4/route.c:2467",
			"The destination is one of our own addresses: deliver through loopback.");
		if (!fl4->saddr) {
			if (res->fi->prefsrc)
				fl4->saddr = res->fi->prefsrc;
			else
				fl4->saddr = fl4->daddr;
		}
		dev_out = net->loopback_dev;
		orig_oif = res->fi->dev ? res->fi->dev->ifindex : 0;
		fl4->flowi4_oif = dev_out->ifindex;
		flags |= RTCF_LOCAL;
		goto make_route;
	}

	KM_STEP("net/ipv4/route.c:2488",
		"Pick the source address the route prefers (fib_select_path) and the device.");
	if (!fl4->saddr)
		fl4->saddr = fib_result_prefsrc(net, res);
	dev_out = res->fi->dev;
	fl4->flowi4_oif = dev_out->ifindex;

make_route:
	rth = __mkroute_output(res, fl4, orig_oif, dev_out, flags);

out:
	return KM_RETP(rth);
}

struct rtable *ip_route_output_key_hash(struct net *net, struct flowi4 *fl4,
					const struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/route.c:2306",
		"Resolve an output route for a flow.");
	struct fib_result res = {
		.type		= RTN_UNSPEC,
		.fi		= NULL,
		.table		= NULL,
		.tclassid	= 0,
	};
	struct rtable *rth;

	fl4->flowi4_iif = LOOPBACK_IFINDEX;
	fl4->flowi4_tos &= IPTOS_RT_MASK;
	fl4->flowi4_scope = ((fl4->flowi4_tos & RTO_ONLINK) ?
			     RT_SCOPE_LINK : RT_SCOPE_UNIVERSE);

	rth = ip_route_output_key_hash_rcu(net, fl4, &res, skb);
	return KM_RETP(rth);
}

struct rtable *ip_route_output_flow(struct net *net, struct flowi4 *flp4,
				    const struct sock *sk)
{
	KM_FUNC("net/ipv4/route.c:2576",
		"Look up the output route for a flow (no IPsec transforms in kmirror).");
	struct rtable *rt = __ip_route_output_key(net, flp4);

	return KM_RETP(rt);
}

/*
 * IP IDs for packets that are not DF-on-a-connected-socket: 2048 counters
 * chosen by a keyed hash of (daddr, saddr, protocol); each counter jumps
 * by a random amount scaled to the time since it was last used.
 */
u32 ip_idents_reserve(u32 hash, int segs)
{
	KM_FUNC("net/ipv4/route.c:480",
		"Take the next ID from one of 2048 counters, skipping ahead randomly after idle time.");
	struct host *h = km_host();
	u32 *p_tstamp = h->ip_tstamps + hash % KM_IP_IDENTS_SZ;
	u32 *p_id = h->ip_idents + hash % KM_IP_IDENTS_SZ;
	u32 old = READ_ONCE(*p_tstamp);
	u32 now = (u32)jiffies;
	u32 delta = 0;

	if (old != now) {
		*p_tstamp = now;
		delta = prandom_u32_max(now - old);
	}
	*p_id += delta + segs;
	return KM_RET(*p_id - segs);
}

void __ip_select_ident(struct net *net, struct iphdr *iph, int segs)
{
	KM_FUNC("net/ipv4/route.c:501",
		"Choose an IP ID from the counter selected by hashing daddr, saddr and protocol.");
	struct host *h = net_host(net);
	u32 hash, id;

	net_get_random_once_km(&h->ip_idents_hashrnd_done,
			       &h->ip_idents_hashrnd,
			       sizeof(h->ip_idents_hashrnd));
	hash = jhash_3words((__force u32)iph->daddr, (__force u32)iph->saddr,
			    iph->protocol ^ net_hash_mix(net),
			    h->ip_idents_hashrnd);
	id = ip_idents_reserve(hash, segs);
	iph->id = htons(id);
}

/* Input routes that are not ours: a host without forwarding drops them. */
static int ip_error(struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/route.c:928",
		"Not for this host and forwarding is off: count it and drop it silently.");
	struct rtable *rt = skb_rtable(skb);
	struct net *net = dev_net(rt->dst.dev);

	switch (rt->dst.error) {
	case EHOSTUNREACH:
		__IP_INC_STATS(net, IPSTATS_MIB_INADDRERRORS);
		break;
	case ENETUNREACH:
		__IP_INC_STATS(net, IPSTATS_MIB_INNOROUTES);
		break;
	}
	kfree_skb(skb);
	return KM_RET(0);
}

/*
 * Route a received packet (Linux: ip_route_input_slow): ours (local or
 * broadcast) goes to ip_local_deliver; anything else to ip_error, since
 * kmirror hosts never forward. Martian sources are dropped.
 */
static int ip_route_input_slow(struct sk_buff *skb, __be32 daddr, __be32 saddr,
			       u8 tos, struct net_device *dev,
			       struct fib_result *res)
{
	KM_FUNC("net/ipv4/route.c:1905",
		"Input route: is the packet for this host (local or broadcast), or not?");
	struct net *net = dev_net(dev);
	unsigned int flags = 0;
	struct flowi4 fl4;
	struct rtable *rth;
	int err = -EINVAL;

	res->fi = NULL;
	res->table = NULL;

	if (ipv4_is_multicast(saddr) || ipv4_is_lbcast(saddr))
		goto martian_source;

	if (ipv4_is_lbcast(daddr) || (saddr == 0 && daddr == 0))
		goto brd_input;

	if (ipv4_is_zeronet(saddr))
		goto martian_source;
	if (ipv4_is_zeronet(daddr) || ipv4_is_multicast(daddr))
		goto martian_destination;
	if (ipv4_is_loopback(daddr) && !(dev->flags & IFF_LOOPBACK))
		goto martian_destination;
	if (ipv4_is_loopback(saddr) && !(dev->flags & IFF_LOOPBACK))
		goto martian_source;

	memset(&fl4, 0, sizeof(fl4));
	fl4.flowi4_iif = dev->ifindex;
	fl4.flowi4_tos = tos;
	fl4.flowi4_scope = RT_SCOPE_UNIVERSE;
	fl4.daddr = daddr;
	fl4.saddr = saddr;
	KM_STEP("net/ipv4/route.c:1985",
		"Look the destination up in the routing tables.");
	err = fib_lookup(net, &fl4, res, 0);
	if (err != 0)
		goto no_route;

	if (res->type == RTN_BROADCAST)
		goto brd_input;

	if (res->type == RTN_LOCAL) {
		KM_STEP("net/ipv4/route.c:2003",
			"Addressed to one of our addresses: deliver it locally.");
		goto local_input;
	}

	KM_STEP("net/ipv4/route.c:2007",
		"(kmirror) Not for us and forwarding is off: EHOSTUNREACH.");
	err = -EHOSTUNREACH;	/* forwarding is off on kmirror hosts */
	goto no_route;

brd_input:
	if (skb->protocol != htons(ETH_P_IP))
		goto e_inval;
	flags |= RTCF_BROADCAST;
	res->type = RTN_BROADCAST;

local_input:
	rth = rt_dst_alloc(net->loopback_dev, flags | RTCF_LOCAL, res->type,
			   false, false, false);
	if (!rth)
		return KM_RET(-ENOBUFS);
	rth->dst.output = ip_output;
	rth->dst.input = ip_local_deliver;
	rth->rt_is_input = 1;
	rth->rt_iif = dev->ifindex;
	if (res->type == RTN_UNREACHABLE) {
		rth->dst.input = ip_error;
		rth->dst.error = -err;
		rth->rt_flags &= ~RTCF_LOCAL;
	}
	skb_dst_set(skb, &rth->dst);
	return KM_RET(0);

no_route:
	KM_STEP("net/ipv4/route.c:2083",
		"No local destination: the packet will be dropped by ip_error.");
	res->type = RTN_UNREACHABLE;
	res->fi = NULL;
	res->table = NULL;
	goto local_input;

martian_destination:
	/* Linux counts these in the route cache statistics (in_martian_dst). */
e_inval:
	KM_STEP("net/ipv4/route.c:2100",
		"A martian destination or a malformed packet: drop it, EINVAL.");
	return KM_RET(-EINVAL);

martian_source:
	/* ... and these as in_martian_src, logging them if log_martians. */
	KM_STEP("net/ipv4/route.c:2108",
		"A martian source address: Linux logs it (log_martians) and drops the packet; EINVAL.");
	/* Linux: ip_handle_martian_source, then out. */
	return KM_RET(-EINVAL);
}

int ip_route_input_noref(struct sk_buff *skb, __be32 daddr, __be32 saddr,
			 u8 tos, struct net_device *dev)
{
	KM_FUNC("net/ipv4/route.c:2112",
		"Attach an input route to a received packet.");
	struct fib_result res;

	tos &= IPTOS_RT_MASK;
	return KM_RET(ip_route_input_slow(skb, daddr, saddr, tos, dev, &res));
}

/* Boot: the dst cache and the IP ID counters (Linux: ip_rt_init). */
void ip_rt_init(void)
{
	KM_FUNC("net/ipv4/route.c:3142",
		"Boot-time routing set-up: the dst cache and the IP ID generator state.");
	struct host *h = km_host();

	get_random_bytes(h->ip_idents, sizeof(h->ip_idents));
	memset(h->ip_tstamps, 0, sizeof(h->ip_tstamps));
	h->ip_dst_cache = km_cache_create("ip_dst_cache", sizeof(struct rtable),
					  KM_ID_DST);
}
