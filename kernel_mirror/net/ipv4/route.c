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
 * Path MTU: an ICMP "fragmentation needed" lowers the route's MTU through
 * its dst_ops (ip_rt_update_pmtu), which records a next-hop exception for
 * the destination; every later lookup to that destination binds it
 * (find_exception, rt_bind_exception), so the route carries rt_pmtu until
 * it expires, ten minutes later. An ICMP redirect from the route's
 * gateway records a better gateway the same way (ip_do_redirect).
 *
 * Simplifications: no route cache (each lookup allocates a fresh rtable,
 * and exceptions keep no cached routes), no multipath, no policy rules
 * beyond "local, then main".
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/netdevice.h>
#include <linux/inetdevice.h>
#include <linux/tcp.h>
#include <linux/random.h>
#include <linux/jhash.h>
#include <linux/hash.h>
#include <linux/jiffies.h>
#include <net/route.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/ip_fib.h>
#include <net/icmp.h>
#include <net/sock.h>
#include <net/inet_hashtables.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

#define IP_MAX_MTU	0xFFFFU
#define LOOPBACK_IFINDEX 1
#define ip_rt_min_advmss 256	/* net.ipv4.route.min_adv_mss */
#define ip_rt_mtu_expires (10 * 60 * HZ)	/* net.ipv4.route.mtu_expires */
#define ip_rt_min_pmtu (512U + 20 + 20)	/* net.ipv4.route.min_pmtu */
#define ip_rt_gc_timeout (300 * HZ)	/* net.ipv4.route.gc_timeout */

static struct dst_entry *ipv4_dst_check(struct dst_entry *dst, u32 cookie)
{
	KM_FUNC("net/ipv4/route.c:1169",
		"Is the socket's route still valid, or did a PMTU or redirect update mark it obsolete?");

	/* No rt_genid check: kmirror never flushes routes by generation. */
	if (dst->obsolete != DST_OBSOLETE_FORCE_CHK) {
		KM_STEP(1181,
			"The route was marked obsolete (a new next-hop exception): the caller must look it up again.");
		return NULL;
	}
	return dst;
}

static unsigned int ipv4_mtu(const struct dst_entry *dst);
static void ip_rt_update_pmtu(struct dst_entry *dst, struct sock *sk,
			      struct sk_buff *skb, u32 mtu);
static void ip_do_redirect(struct dst_entry *dst, struct sock *sk,
			   struct sk_buff *skb);
static struct dst_entry *ipv4_negative_advice(struct dst_entry *dst);

static unsigned int ipv4_default_advmss(const struct dst_entry *dst)
{
	KM_FUNC("net/ipv4/route.c:1256",
		"The MSS to advertise over this route: its MTU (a learned PMTU counts) minus 40 bytes of IP and TCP headers.");
	unsigned int header_size = sizeof(struct tcphdr) + sizeof(struct iphdr);
	unsigned int advmss = max_t(unsigned int, ipv4_mtu(dst) - header_size,
				    ip_rt_min_advmss);

	return min(advmss, IPV4_MAX_PMTU - header_size);
}

static unsigned int ipv4_mtu(const struct dst_entry *dst)
{
	KM_FUNC("net/ipv4/route.c:1265",
		"The path MTU of a route: a learned PMTU until it expires, else the route's mtu metric, else the device's MTU.");
	const struct rtable *rt = (const struct rtable *)dst;
	unsigned int mtu = rt->rt_pmtu;

	if (!mtu || time_after_eq(jiffies, rt->dst.expires))
		mtu = dst_metric_raw(dst, RTAX_MTU);

	if (mtu) {
		KM_STEP(1273,
			"The route has a learned PMTU still in force, or an mtu metric: that is the MTU.");
		return mtu;
	}

	mtu = READ_ONCE(dst->dev->mtu);

	if (unlikely(ip_mtu_locked(dst))) {
		if (rt->rt_uses_gateway && mtu > 576)
			mtu = 576;
	}

	/* No lightweight tunnels: no headroom to take off. */
	return min_t(unsigned int, mtu, IP_MAX_MTU);
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
	.mtu =			ipv4_mtu,
	.destroy =		ipv4_dst_destroy,
	.negative_advice =	ipv4_negative_advice,
	.update_pmtu =		ip_rt_update_pmtu,
	.redirect =		ip_do_redirect,
};

void *dst_alloc(const struct dst_ops *ops, struct net_device *dev,
		int initial_ref, int initial_obsolete, unsigned short flags)
{
	KM_FUNC("net/core/dst.c:95",
		"Allocate a route cache entry (dst_entry) with its ops, device and first reference.");
	struct dst_entry *dst;

	dst = kmem_cache_zalloc(km_host()->ip_dst_cache, GFP_ATOMIC);
	if (!dst)
		return NULL;
	dst->dev = dev;
	dst->ops = ops;
	dst->expires = 0UL;
	dst->input = NULL;
	dst->output = NULL;
	dst->obsolete = initial_obsolete;
	dst->flags = flags;
	dst->lastuse = jiffies;
	atomic_set(&dst->__refcnt, initial_ref);
	return dst;
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

/* One CPU: the lock only marks where Linux serialises; never written. */
static const spinlock_t fnhe_lock = __SPIN_LOCK_UNLOCKED(fnhe_lock);

/*
 * The flow an ICMP error is about, rebuilt from the IP header it quotes
 * (our own packet: daddr is the peer), with the socket's own keys if
 * there is a socket.
 */
static void __build_flow_key(const struct net *net, struct flowi4 *fl4,
			     const struct sock *sk,
			     const struct iphdr *iph,
			     int oif, u8 tos,
			     u8 prot, u32 mark, int flow_flags)
{
	KM_FUNC("net/ipv4/route.c:517",
		"Rebuild the flow of the packet an ICMP error quotes (the socket's device, mark, TOS and protocol if known).");
	if (sk) {
		const struct inet_sock *inet = inet_sk(sk);

		oif = sk->sk_bound_dev_if;
		mark = sk->sk_mark;
		tos = RT_CONN_FLAGS(sk);
		prot = inet->hdrincl ? IPPROTO_RAW : sk->sk_protocol;
	}
	flowi4_init_output(fl4, oif, mark, tos,
			   RT_SCOPE_UNIVERSE, prot,
			   flow_flags,
			   iph->daddr, iph->saddr, 0, 0,
			   sock_net_uid(net, sk));
}

static void build_skb_flow_key(struct flowi4 *fl4, const struct sk_buff *skb,
			       const struct sock *sk)
{
	KM_FUNC("net/ipv4/route.c:538",
		"Build the flow of a packet we sent: its device, addresses, TOS, protocol and mark.");
	const struct net *net = dev_net(skb->dev);
	const struct iphdr *iph = ip_hdr(skb);
	int oif = skb->dev->ifindex;
	u8 tos = RT_TOS(iph->tos);
	u8 prot = iph->protocol;
	u32 mark = skb->mark;

	__build_flow_key(net, fl4, sk, iph, oif, tos, prot, mark, 0);
}

static void build_sk_flow_key(struct flowi4 *fl4, const struct sock *sk)
{
	KM_FUNC("net/ipv4/route.c:551",
		"Build the flow of a connected socket: its peer and source address, device, mark and TOS.");
	const struct inet_sock *inet = inet_sk(sk);
	__be32 daddr = inet->inet_daddr;

	/* No IP options in kmirror, so no source route to follow. */
	flowi4_init_output(fl4, sk->sk_bound_dev_if, sk->sk_mark,
			   RT_CONN_FLAGS(sk), RT_SCOPE_UNIVERSE,
			   inet->hdrincl ? IPPROTO_RAW : sk->sk_protocol,
			   inet_sk_flowi_flags(sk),
			   daddr, inet->inet_saddr, 0, 0, sk->sk_uid);
}

static void ip_rt_build_flow_key(struct flowi4 *fl4, const struct sock *sk,
				 const struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/route.c:569",
		"Which flow does the update concern? The packet's if one is given, else the socket's (TCP passes none).");
	if (skb)
		build_skb_flow_key(fl4, skb, sk);
	else
		build_sk_flow_key(fl4, sk);
}

/* Exceptions kept no cached routes to flush (fnhe_flush_routes). */
static struct fib_nh_exception *fnhe_oldest(struct fnhe_hash_bucket *hash)
{
	KM_FUNC("net/ipv4/route.c:598",
		"The bucket is full: reuse its least recently used exception.");
	struct fib_nh_exception *fnhe, *oldest;

	oldest = hash->chain;
	for (fnhe = oldest->fnhe_next; fnhe; fnhe = fnhe->fnhe_next) {
		if (time_before(fnhe->fnhe_stamp, oldest->fnhe_stamp))
			oldest = fnhe;
	}
	return oldest;
}

static inline u32 fnhe_hashfun(__be32 daddr)
{
	KM_FUNC("net/ipv4/route.c:612",
		"Hash the destination, with a secret drawn once, to a bucket of the next hop's exception table.");
	struct host *h = km_host();
	u32 hval;

	net_get_random_once_km(&h->fnhe_hashrnd_done, &h->fnhe_hashrnd,
			       sizeof(h->fnhe_hashrnd));
	hval = jhash_1word((__force u32)daddr, h->fnhe_hashrnd);
	return hash_32(hval, FNHE_HASH_SHIFT);
}

/* Copy what the exception knows into a route bound to it. */
static void fill_route_from_fnhe(struct rtable *rt, struct fib_nh_exception *fnhe)
{
	KM_FUNC("net/ipv4/route.c:622",
		"Give the route the exception's PMTU, lock and expiry, and its gateway if a redirect set one.");
	rt->rt_pmtu = fnhe->fnhe_pmtu;
	rt->rt_mtu_locked = fnhe->fnhe_mtu_locked;
	rt->dst.expires = fnhe->fnhe_expires;

	if (fnhe->fnhe_gw) {
		KM_STEP(628,
			"A redirect taught a better gateway: the route goes through it (RTCF_REDIRECTED).");
		rt->rt_flags |= RTCF_REDIRECTED;
		rt->rt_gateway = fnhe->fnhe_gw;
		rt->rt_uses_gateway = 1;
	}
}

/*
 * Record (or refresh) what was learned about daddr behind next hop nh: a
 * gateway from a redirect, or a PMTU with its lock flag, until expires.
 */
static void update_or_create_fnhe(struct fib_route_km *nh, __be32 daddr,
				  __be32 gw, u32 pmtu, bool lock,
				  unsigned long expires)
{
	KM_FUNC("net/ipv4/route.c:635",
		"Record what was learned about this destination in an exception of its next hop.");
	struct fnhe_hash_bucket *hash;
	struct fib_nh_exception *fnhe;
	u32 genid, hval;
	int depth;

	genid = 0;	/* fnhe_genid(): kmirror never bumps it */
	hval = fnhe_hashfun(daddr);

	spin_lock_bh(&fnhe_lock);

	hash = nh->nh_exceptions;
	if (!hash) {
		KM_STEP(652,
			"The next hop's first exception: allocate its hash table of exceptions.");
		hash = kcalloc(FNHE_HASH_SIZE, sizeof(*hash), GFP_ATOMIC);
		if (!hash)
			goto out_unlock;
		nh->nh_exceptions = hash;
	}

	hash += hval;

	depth = 0;
	for (fnhe = hash->chain; fnhe; fnhe = fnhe->fnhe_next) {
		if (fnhe->fnhe_daddr == daddr)
			break;
		depth++;
	}

	if (fnhe) {
		KM_STEP(668,
			"This destination already has an exception: update its gateway or PMTU and push back its expiry.");
		if (fnhe->fnhe_genid != genid)
			fnhe->fnhe_genid = genid;
		if (gw)
			fnhe->fnhe_gw = gw;
		if (pmtu) {
			fnhe->fnhe_pmtu = pmtu;
			fnhe->fnhe_mtu_locked = lock;
		}
		fnhe->fnhe_expires = max(1UL, expires);
		/* No cached routes bound to it to refresh (no route cache). */
	} else {
		if (depth > FNHE_RECLAIM_DEPTH) {
			fnhe = fnhe_oldest(hash);
		} else {
			KM_STEP(689,
				"A new exception for this destination: allocate it at the head of its bucket.");
			fnhe = kzalloc(sizeof(*fnhe), GFP_ATOMIC);
			if (!fnhe)
				goto out_unlock;

			fnhe->fnhe_next = hash->chain;
			hash->chain = fnhe;
		}
		fnhe->fnhe_genid = genid;
		fnhe->fnhe_daddr = daddr;
		fnhe->fnhe_gw = gw;
		fnhe->fnhe_pmtu = pmtu;
		fnhe->fnhe_mtu_locked = lock;
		fnhe->fnhe_expires = max(1UL, expires);
		/*
		 * Linux now marks the next hop's cached routes obsolete
		 * (DST_OBSOLETE_KILL) so their users look up again and find
		 * the exception; kmirror's callers mark the route they were
		 * given, which stands for the cached one.
		 */
	}

	fnhe->fnhe_stamp = jiffies;

out_unlock:
	spin_unlock_bh(&fnhe_lock);
}

/*
 * An ICMP redirect from the gateway rt goes through: after 5.0's checks,
 * learn new_gw for the destination (an exception for gc_timeout).
 */
static void __ip_do_redirect(struct rtable *rt, struct sk_buff *skb,
			     struct flowi4 *fl4, bool kill_route)
{
	KM_FUNC("net/ipv4/route.c:726",
		"An ICMP redirect: it must come from the route's gateway and name a sane new one; then record it.");
	__be32 new_gw = icmp_hdr(skb)->un.gateway;
	__be32 old_gw = ip_hdr(skb)->saddr;
	struct net_device *dev = skb->dev;
	struct in_device *in_dev;
	struct fib_result res;
	struct net *net;

	switch (icmp_hdr(skb)->code & 7) {
	case ICMP_REDIR_NET:
	case ICMP_REDIR_NETTOS:
	case ICMP_REDIR_HOST:
	case ICMP_REDIR_HOSTTOS:
		break;

	default:
		return;
	}

	if (rt->rt_gateway != old_gw) {
		KM_STEP(748,
			"The redirect does not come from the gateway this route uses: ignored.");
		return;
	}

	in_dev = __in_dev_get_rcu(dev);
	if (!in_dev)
		return;

	net = dev_net(dev);
	/* IN_DEV_RX_REDIRECTS: accept_redirects is on (5.0's default; no devconf). */
	if (new_gw == old_gw ||
	    ipv4_is_multicast(new_gw) || ipv4_is_lbcast(new_gw) ||
	    ipv4_is_zeronet(new_gw))
		goto reject_redirect;

	/* IN_DEV_SHARED_MEDIA is on (5.0's default): any unicast gateway will do. */
	if (inet_addr_type(net, new_gw) != RTN_UNICAST)
		goto reject_redirect;

	/*
	 * Linux now looks up the new gateway's neighbour and records the
	 * redirect once it is valid; kmirror's devices are layer 3, where a
	 * neighbour is NUD_NOARP, valid at once.
	 */
	if (fib_lookup(net, fl4, &res, 0) == 0) {
		struct fib_route_km *nh = &FIB_RES_NH(res);

		KM_STEP(781,
			"Record the new gateway in an exception of the next hop, expiring after ip_rt_gc_timeout (five minutes).");
		update_or_create_fnhe(nh, fl4->daddr, new_gw,
				      0, false,
				      jiffies + ip_rt_gc_timeout);
	}
	if (kill_route) {
		KM_STEP(786,
			"Mark the socket's route obsolete: its next use looks it up again and takes the new gateway.");
		rt->dst.obsolete = DST_OBSOLETE_KILL;
	}
	/* No netevent listeners in kmirror (call_netevent_notifiers). */
	return;

reject_redirect:
	KM_STEP(792,
		"A redirect to the same, a multicast, broadcast, zero or non-unicast gateway: ignored.");
	/* Linux's reject_redirect logs it only with log_martians (off by
	 * default). */
}

/* dst_ops->redirect of IPv4 routes (TCP's do_redirect). */
static void ip_do_redirect(struct dst_entry *dst, struct sock *sk,
			   struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/route.c:809",
		"A redirect for the socket's route: rebuild the quoted flow and apply it, marking the route obsolete.");
	struct rtable *rt;
	struct flowi4 fl4;
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	struct net *net = dev_net(skb->dev);
	int oif = skb->dev->ifindex;
	u8 tos = RT_TOS(iph->tos);
	u8 prot = iph->protocol;
	u32 mark = skb->mark;

	rt = (struct rtable *)dst;

	__build_flow_key(net, &fl4, sk, iph, oif, tos, prot, mark, 0);
	__ip_do_redirect(rt, skb, &fl4, true);
}

/* dst_ops->negative_advice: a retransmission timed out again. */
static struct dst_entry *ipv4_negative_advice(struct dst_entry *dst)
{
	KM_FUNC("net/ipv4/route.c:826",
		"Retransmissions keep failing: should the socket drop this route and look it up again?");
	struct rtable *rt = (struct rtable *)dst;
	struct dst_entry *ret = dst;

	if (rt) {
		if (dst->obsolete > 0) {
			ip_rt_put(rt);
			ret = NULL;
		} else if ((rt->rt_flags & RTCF_REDIRECTED) ||
			   rt->dst.expires) {
			KM_STEP(835,
				"The route carries a redirect or an expiring PMTU: drop it, the next packet looks the route up again.");
			ip_rt_put(rt);
			ret = NULL;
		}
	}
	return ret;
}

/* Unlink and free the exception for daddr (it expired). */
static void ip_del_fnhe(struct fib_route_km *nh, __be32 daddr)
{
	KM_FUNC("net/ipv4/route.c:1288",
		"Remove a destination's exception from its next hop and free it.");
	struct fnhe_hash_bucket *hash;
	struct fib_nh_exception *fnhe, **fnhe_p;
	u32 hval = fnhe_hashfun(daddr);

	spin_lock_bh(&fnhe_lock);

	hash = nh->nh_exceptions;
	hash += hval;

	fnhe_p = &hash->chain;
	fnhe = *fnhe_p;
	while (fnhe) {
		if (fnhe->fnhe_daddr == daddr) {
			*fnhe_p = fnhe->fnhe_next;
			/* No cached routes to flush (fnhe_flush_routes). */
			kfree(fnhe);
			break;
		}
		fnhe_p = &fnhe->fnhe_next;
		fnhe = fnhe->fnhe_next;
	}

	spin_unlock_bh(&fnhe_lock);
}

/* The next hop's exception for daddr, if one is still in force. */
static struct fib_nh_exception *find_exception(struct fib_route_km *nh,
					       __be32 daddr)
{
	KM_FUNC("net/ipv4/route.c:1318",
		"Has the next hop an exception (learned PMTU or redirect) for this destination?");
	struct fnhe_hash_bucket *hash = nh->nh_exceptions;
	struct fib_nh_exception *fnhe;
	u32 hval;

	if (!hash)
		return NULL;

	hval = fnhe_hashfun(daddr);

	for (fnhe = hash[hval].chain; fnhe; fnhe = fnhe->fnhe_next) {
		if (fnhe->fnhe_daddr == daddr) {
			if (fnhe->fnhe_expires &&
			    time_after(jiffies, fnhe->fnhe_expires)) {
				KM_STEP(1334,
					"The exception has expired: delete it, the route is back to the device's MTU.");
				ip_del_fnhe(nh, daddr);
				break;
			}
			KM_STEP(1337,
				"An exception in force for this destination: the route will carry it.");
			return fnhe;
		}
	}
	return NULL;
}

static bool rt_bind_exception(struct rtable *rt, struct fib_nh_exception *fnhe,
			      __be32 daddr, const bool do_cache)
{
	KM_FUNC("net/ipv4/route.c:1374",
		"Bind the route to the destination's exception: it takes the learned PMTU, expiry and gateway.");
	bool ret = false;

	spin_lock_bh(&fnhe_lock);

	if (daddr == fnhe->fnhe_daddr) {
		/* fnhe_genid never changes in kmirror: nothing to reset. */
		fill_route_from_fnhe(rt, fnhe);
		if (!rt->rt_gateway)
			rt->rt_gateway = daddr;

		/* do_cache: kmirror keeps no route in fnhe_rth_output. */
		fnhe->fnhe_stamp = jiffies;
	}
	spin_unlock_bh(&fnhe_lock);

	return ret;
}

/* Free a next hop's exceptions (Linux: free_nh_exceptions, fib_semantics.c). */
void free_nh_exceptions(struct fib_route_km *nh)
{
	KM_FUNC("net/ipv4/fib_semantics.c:160",
		"The route goes away: free every exception of its next hop.");
	struct fnhe_hash_bucket *hash;
	int i;

	hash = nh->nh_exceptions;
	if (!hash)
		return;
	for (i = 0; i < FNHE_HASH_SIZE; i++) {
		struct fib_nh_exception *fnhe;

		fnhe = hash[i].chain;
		while (fnhe) {
			struct fib_nh_exception *next;

			next = fnhe->fnhe_next;
			kfree(fnhe);
			fnhe = next;
		}
	}
	kfree(hash);
	nh->nh_exceptions = NULL;
}

/* The host's FIB goes away (Linux: fib_net_exit frees each fib_info). */
void fib_free_exceptions_km(struct net *net)
{
	struct fib_table *tables[2] = { &net->ipv4.fib_local, &net->ipv4.fib_main };
	int i, j;

	for (i = 0; i < 2; i++)
		for (j = 0; j < tables[i]->tb_num; j++)
			free_nh_exceptions(&tables[i]->tb_routes[j]);
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
	return rt;
}

/* Build the rtable for a decided route (route.c: __mkroute_output). */
static struct rtable *__mkroute_output(const struct fib_result *res,
				       const struct flowi4 *fl4, int orig_oif,
				       struct net_device *dev_out,
				       unsigned int flags)
{
	KM_FUNC("net/ipv4/route.c:2178",
		"Classify the destination and allocate the rtable describing the route.");
	struct fib_route_km *fi = res->fi;
	struct fib_nh_exception *fnhe;
	u16 type = res->type;
	struct rtable *rth;

	if (ipv4_is_loopback(fl4->saddr) &&
	    !(dev_out->flags & IFF_LOOPBACK))
		return ERR_PTR(-EINVAL);

	if (ipv4_is_lbcast(fl4->daddr))
		type = RTN_BROADCAST;
	else if (ipv4_is_multicast(fl4->daddr))
		type = RTN_MULTICAST;
	else if (ipv4_is_zeronet(fl4->daddr))
		return ERR_PTR(-EINVAL);

	if (dev_out->flags & IFF_LOOPBACK)
		flags |= RTCF_LOCAL;

	if (type == RTN_BROADCAST) {
		KM_STEP(2212,
			"A broadcast destination: mark the route RTCF_BROADCAST|RTCF_LOCAL.");
		flags |= RTCF_BROADCAST | RTCF_LOCAL;
		fi = NULL;
	} else if (type == RTN_MULTICAST) {
		flags |= RTCF_MULTICAST | RTCF_LOCAL;
		if (fi && res->prefixlen < 4)
			fi = NULL;
	}

	fnhe = NULL;
	if (fi) {
		struct fib_route_km *nh = &FIB_RES_NH(*res);

		/* No cached route to reuse: always allocate a new one. */
		fnhe = find_exception(nh, fl4->daddr);
	}

	KM_STEP(2268,
		"Allocate the rtable: device, flags, type, output function ip_output.");
	rth = rt_dst_alloc(dev_out, flags, type, false, false, false);
	if (!rth)
		return ERR_PTR(-ENOBUFS);

	rth->rt_iif = orig_oif;
	if (res->fi && res->fi->gw && res->type == RTN_UNICAST) {
		rth->rt_gateway = res->fi->gw;
		rth->rt_uses_gateway = 1;
	}
	if (res->fi && res->fi->mtu)
		dst_metric_set(&rth->dst, RTAX_MTU, res->fi->mtu);
	/* inlined: rt_set_nexthop(); a route to a destination with an exception binds it. */
	if (unlikely(fnhe))
		rt_bind_exception(rth, fnhe, fl4->daddr, false);
	if (flags & (RTCF_BROADCAST | RTCF_MULTICAST)) {
		if (flags & RTCF_LOCAL && !(dev_out->flags & IFF_LOOPBACK))
			rth->dst.output = ip_mc_output;
	}
	return rth;
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
		/* 5.0's answer for a bad source is EINVAL, whatever the reason
		 * (later kernels say ENETUNREACH for one that is not ours). */
		rth = ERR_PTR(-EINVAL);
		KM_STEP(2343,
			"A source was given: it must be a valid unicast address of this host.");
		if (ipv4_is_multicast(fl4->saddr) ||
		    ipv4_is_lbcast(fl4->saddr) ||
		    ipv4_is_zeronet(fl4->saddr))
			goto out;

		if (fl4->flowi4_oif == 0 &&
		    (ipv4_is_multicast(fl4->daddr) ||
		     ipv4_is_lbcast(fl4->daddr))) {
			KM_STEP(2360,
				"A group or broadcast and no device: send it out of the device that has the source address.");
			dev_out = __ip_dev_find(net, fl4->saddr, false);
			if (!dev_out)
				goto out;
			/* how a socket bound to 127.0.0.1 keeps its multicast on this host */
			fl4->flowi4_oif = dev_out->ifindex;
			goto make_route;
		}

		if (!(fl4->flowi4_flags & FLOWI_FLAG_ANYSRC)) {
			if (!__ip_dev_find(net, fl4->saddr, false))
				goto out;
		}
	}

	if (fl4->flowi4_oif) {
		KM_STEP(2392,
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
		    ipv4_is_lbcast(fl4->daddr) ||
		    fl4->flowi4_proto == IPPROTO_IGMP) {
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
		KM_STEP(2421,
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

	KM_STEP(2431,
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
		KM_STEP(2462,
			"No usable route: fail with the route's error (ENETUNREACH, EHOSTUNREACH, EACCES, EINVAL).");
		rth = ERR_PTR(err);
		goto out;
	}

	if (res->type == RTN_LOCAL) {
		KM_STEP(2467,
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

	KM_STEP(2488,
		"Pick the source address the route prefers (fib_select_path) and the device.");
	if (!fl4->saddr)
		fl4->saddr = fib_result_prefsrc(net, res);
	dev_out = res->fi->dev;
	fl4->flowi4_oif = dev_out->ifindex;

make_route:
	rth = __mkroute_output(res, fl4, orig_oif, dev_out, flags);

out:
	return rth;
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
	return rth;
}

struct rtable *ip_route_output_flow(struct net *net, struct flowi4 *flp4,
				    const struct sock *sk)
{
	KM_FUNC("net/ipv4/route.c:2576",
		"Look up the output route for a flow (no IPsec transforms in kmirror).");
	struct rtable *rt = __ip_route_output_key(net, flp4);

	return rt;
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
	return *p_id - segs;
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
	return 0;
}

/*
 * Lower the path MTU towards fl4->daddr to mtu: not above the route's
 * current MTU, not below ip_rt_min_pmtu (then locked, so DF goes off).
 */
static void __ip_rt_update_pmtu(struct rtable *rt, struct flowi4 *fl4, u32 mtu)
{
	KM_FUNC("net/ipv4/route.c:1004",
		"Lower the path MTU to this destination: record it in a next-hop exception for ten minutes.");
	struct dst_entry *dst = &rt->dst;
	u32 old_mtu = ipv4_mtu(dst);
	struct fib_result res;
	bool lock = false;

	if (ip_mtu_locked(dst)) {
		KM_STEP(1011, "The route's MTU is locked: leave it alone.");
		return;
	}

	if (old_mtu < mtu) {
		KM_STEP(1014,
			"The reported MTU is above the route's current one: nothing to lower.");
		return;
	}

	if (mtu < ip_rt_min_pmtu) {
		KM_STEP(1017,
			"Below the minimum PMTU (ip_rt_min_pmtu): use the minimum and lock it; IP_PMTUDISC_WANT sockets then stop setting DF.");
		lock = true;
		mtu = min(old_mtu, ip_rt_min_pmtu);
	}

	if (rt->rt_pmtu == mtu && !lock &&
	    time_before(jiffies, dst->expires - ip_rt_mtu_expires / 2)) {
		KM_STEP(1022,
			"The route already has this PMTU, learned less than half of ip_rt_mtu_expires ago: no update.");
		return;
	}

	rcu_read_lock();
	if (fib_lookup(dev_net(dst->dev), fl4, &res, 0) == 0) {
		struct fib_route_km *nh = &FIB_RES_NH(res);

		KM_STEP(1030,
			"Record the new PMTU in an exception of the next hop, expiring after ip_rt_mtu_expires (ten minutes).");
		update_or_create_fnhe(nh, fl4->daddr, 0, mtu, lock,
				      jiffies + ip_rt_mtu_expires);
		/* kmirror: this route stands for the next hop's cached ones. */
		rt->dst.obsolete = DST_OBSOLETE_KILL;
	}
	rcu_read_unlock();
}

/* dst_ops->update_pmtu of IPv4 routes. */
static void ip_rt_update_pmtu(struct dst_entry *dst, struct sock *sk,
			      struct sk_buff *skb, u32 mtu)
{
	KM_FUNC("net/ipv4/route.c:1036",
		"A smaller path MTU was reported for this route: build the flow and lower its PMTU.");
	struct rtable *rt = (struct rtable *)dst;
	struct flowi4 fl4;

	ip_rt_build_flow_key(&fl4, sk, skb);
	__ip_rt_update_pmtu(rt, &fl4, mtu);
}

/* The socket has no usable route (or a task owns it): update a fresh one. */
static void __ipv4_sk_update_pmtu(struct sk_buff *skb, struct sock *sk, u32 mtu)
{
	KM_FUNC("net/ipv4/route.c:1064",
		"Look the quoted flow's route up and lower its PMTU (the socket's own route is left as it is).");
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	struct flowi4 fl4;
	struct rtable *rt;

	__build_flow_key(sock_net(sk), &fl4, sk, iph, 0, 0, 0, 0, 0);

	/* IP4_REPLY_MARK: fwmark_reflect is off, so no mark to copy. */

	rt = __ip_route_output_key(sock_net(sk), &fl4);
	if (!IS_ERR(rt)) {
		__ip_rt_update_pmtu(rt, &fl4, mtu);
		ip_rt_put(rt);
	}
}

/*
 * A datagram socket's PMTU update (UDP's ICMP_FRAG_NEEDED): lower the
 * PMTU of the socket's route and, once that route is obsolete, give the
 * socket a fresh one that carries the new MTU.
 */
void ipv4_sk_update_pmtu(struct sk_buff *skb, struct sock *sk, u32 mtu)
{
	KM_FUNC("net/ipv4/route.c:1082",
		"Fragmentation needed for a datagram socket: lower the PMTU and give the socket a route with it.");
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	struct flowi4 fl4;
	struct rtable *rt;
	struct dst_entry *odst = NULL;
	bool new = false;
	struct net *net = sock_net(sk);

	bh_lock_sock(sk);

	if (!ip_sk_accept_pmtu(sk)) {
		KM_STEP(1093,
			"IP_PMTUDISC_INTERFACE or OMIT: the socket ignores PMTU reports.");
		goto out;
	}

	odst = sk_dst_get(sk);

	if (sock_owned_by_user(sk) || !odst) {
		KM_STEP(1098,
			"A task owns the socket, or it has no route: update the route of a fresh lookup instead.");
		__ipv4_sk_update_pmtu(skb, sk, mtu);
		goto out;
	}

	__build_flow_key(net, &fl4, sk, iph, 0, 0, 0, 0, 0);

	rt = (struct rtable *)odst;
	if (odst->obsolete && !odst->ops->check(odst, 0)) {
		rt = ip_route_output_flow(sock_net(sk), &fl4, sk);
		if (IS_ERR(rt))
			goto out;

		new = true;
	}

	KM_STEP(1114, "Lower the PMTU through the socket's route.");
	__ip_rt_update_pmtu(rt, &fl4, mtu);

	if (!dst_check(&rt->dst, 0)) {
		KM_STEP(1116,
			"The route is now obsolete: look it up again, which binds the new exception.");
		if (new)
			dst_release(&rt->dst);

		rt = ip_route_output_flow(sock_net(sk), &fl4, sk);
		if (IS_ERR(rt))
			goto out;

		new = true;
	}

	if (new) {
		KM_STEP(1128,
			"Give the socket the new route: IP_MTU now reports the lower MTU.");
		sk_dst_set(sk, &rt->dst);
	}

out:
	bh_unlock_sock(sk);
	dst_release(odst);
}

/* A datagram socket's redirect (UDP): applied through a fresh lookup. */
void ipv4_sk_redirect(struct sk_buff *skb, struct sock *sk)
{
	KM_FUNC("net/ipv4/route.c:1153",
		"A redirect for a datagram socket: look the quoted flow's route up and apply the redirect to it.");
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	struct flowi4 fl4;
	struct rtable *rt;
	struct net *net = sock_net(sk);

	__build_flow_key(net, &fl4, sk, iph, 0, 0, 0, 0, 0);
	rt = __ip_route_output_key(net, &fl4);
	if (!IS_ERR(rt)) {
		__ip_do_redirect(rt, skb, &fl4, false);
		ip_rt_put(rt);
	}
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
	KM_STEP(1985, "Look the destination up in the routing tables.");
	err = fib_lookup(net, &fl4, res, 0);
	if (err != 0)
		goto no_route;

	if (res->type == RTN_BROADCAST)
		goto brd_input;

	if (res->type == RTN_LOCAL) {
		KM_STEP(2003,
			"Addressed to one of our addresses: deliver it locally.");
		goto local_input;
	}

	KM_STEP(2007,
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
		return -ENOBUFS;
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
	return 0;

no_route:
	KM_STEP(2083,
		"No local destination: the packet will be dropped by ip_error.");
	res->type = RTN_UNREACHABLE;
	res->fi = NULL;
	res->table = NULL;
	goto local_input;

martian_destination:
	/* Linux counts these in the route cache statistics (in_martian_dst). */
e_inval:
	KM_STEP(2100,
		"A martian destination or a malformed packet: drop it, EINVAL.");
	return -EINVAL;

martian_source:
	/* ... and these as in_martian_src, logging them if log_martians. */
	KM_STEP(2108,
		"A martian source address: Linux logs it (log_martians) and drops the packet; EINVAL.");
	/* Linux: ip_handle_martian_source, then out. */
	return -EINVAL;
}

int ip_route_input_noref(struct sk_buff *skb, __be32 daddr, __be32 saddr,
			 u8 tos, struct net_device *dev)
{
	KM_FUNC("net/ipv4/route.c:2112",
		"Attach an input route to a received packet.");
	struct fib_result res;

	tos &= IPTOS_RT_MASK;
	return ip_route_input_slow(skb, daddr, saddr, tos, dev, &res);
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
