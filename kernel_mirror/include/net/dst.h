/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/net/dst.h — the destination cache entry a route lookup
 * returns and a connected socket keeps in sk_dst_cache.
 */
#ifndef _KM_NET_DST_H
#define _KM_NET_DST_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/refcount.h>

struct net_device;
struct sk_buff;
struct sock;
struct net;
struct dst_ops;

enum {
	RTAX_UNSPEC,
	RTAX_LOCK,
	RTAX_MTU,
	RTAX_WINDOW,
	RTAX_RTT,
	RTAX_RTTVAR,
	RTAX_SSTHRESH,
	RTAX_CWND,
	RTAX_ADVMSS,
	RTAX_REORDERING,
	RTAX_HOPLIMIT,
	RTAX_INITCWND,
	RTAX_FEATURES,
	RTAX_RTO_MIN,
	RTAX_INITRWND,
	RTAX_QUICKACK,
	RTAX_CC_ALGO,
	__RTAX_MAX
};
#define RTAX_MAX (__RTAX_MAX - 1)

#define DST_HOST		0x0001
#define DST_NOXFRM		0x0002
#define DST_NOPOLICY		0x0004
#define DST_NOCOUNT		0x0008
#define DST_FAKE_RTABLE		0x0010
#define DST_XFRM_TUNNEL		0x0020
#define DST_XFRM_QUEUE		0x0040
#define DST_METADATA		0x0080

#define DST_OBSOLETE_NONE	0
#define DST_OBSOLETE_DEAD	2
#define DST_OBSOLETE_FORCE_CHK	-1
#define DST_OBSOLETE_KILL	-2

struct dst_entry {
	struct net_device       *dev;
	const struct dst_ops	*ops;
	u32			_metrics[__RTAX_MAX];	/* inline, not a pointer */
	unsigned long		expires;
	int			(*input)(struct sk_buff *);
	int			(*output)(struct net *net, struct sock *sk, struct sk_buff *skb);

	unsigned short		flags;
	short			obsolete;
	unsigned short		header_len;	/* extra headroom this path needs */
	unsigned short		trailer_len;	/* extra tailroom this path needs */

	atomic_t		__refcnt;
	int			__use;
	unsigned long		lastuse;
	short			error;
	short			__pad;
	__u32			tclassid;
};

struct dst_ops {
	unsigned short		family;
	unsigned int		gc_thresh;
	struct dst_entry *	(*check)(struct dst_entry *, __u32 cookie);
	unsigned int		(*default_advmss)(const struct dst_entry *);
	unsigned int		(*mtu)(const struct dst_entry *);
	void			(*destroy)(struct dst_entry *);
	struct dst_entry *	(*negative_advice)(struct dst_entry *);
	void			(*update_pmtu)(struct dst_entry *dst, struct sock *sk,
					       struct sk_buff *skb, u32 mtu);
	void			(*redirect)(struct dst_entry *dst, struct sock *sk,
					    struct sk_buff *skb);
};

static inline u32 dst_metric_raw(const struct dst_entry *dst, const int metric)
{
	return dst->_metrics[metric];
}

static inline u32 dst_metric(const struct dst_entry *dst, const int metric)
{
	return dst_metric_raw(dst, metric);
}

/* The route's feature bits (RTAX_FEATURES), e.g. RTAX_FEATURE_ECN. */
#define RTAX_FEATURE_ECN	(1 << 0)
/* Per-route: the congestion control needs ECN (include/net/dst.h:197). */
#define DST_FEATURE_ECN_CA	(1U << 31)
#define DST_FEATURE_ECN_MASK	(DST_FEATURE_ECN_CA | RTAX_FEATURE_ECN)

static inline u32 dst_feature(const struct dst_entry *dst, u32 feature)
{
	return dst_metric(dst, RTAX_FEATURES) & feature;
}

static inline u32 dst_metric_advmss(const struct dst_entry *dst)
{
	u32 advmss = dst_metric_raw(dst, RTAX_ADVMSS);

	if (!advmss)
		advmss = dst->ops->default_advmss(dst);

	return advmss;
}

static inline void dst_metric_set(struct dst_entry *dst, int metric, u32 val)
{
	dst->_metrics[metric] = val;
}

static inline bool dst_metric_locked(const struct dst_entry *dst, int metric)
{
	return dst_metric(dst, RTAX_LOCK) & (1 << metric);
}

static inline u32 dst_mtu(const struct dst_entry *dst)
{
	return dst->ops->mtu(dst);
}

static inline unsigned long dst_metric_rtt(const struct dst_entry *dst, int metric)
{
	return dst_metric(dst, metric);
}

static inline u32 dst_allfrag(const struct dst_entry *dst)
{
	return 0;
}

static inline void dst_hold(struct dst_entry *dst)
{
	atomic_inc(&dst->__refcnt);
}

static inline struct dst_entry *dst_clone(struct dst_entry *dst)
{
	if (dst)
		dst_hold(dst);
	return dst;
}

static inline void dst_use_noref(struct dst_entry *dst, unsigned long time)
{
	dst->__use++;
	dst->lastuse = time;
}

/* Turn a borrowed (noref) route into a held one before the skb is queued. */
static inline void skb_dst_force(struct sk_buff *skb)
{
	if (skb_dst_is_noref(skb)) {
		struct dst_entry *dst = skb_dst(skb);

		dst_hold(dst);
		skb->_skb_refdst = (unsigned long)dst;
	}
}

static inline void dst_confirm(struct dst_entry *dst) { (void)dst; }

void dst_release(struct dst_entry *dst);
void *dst_alloc(const struct dst_ops *ops, struct net_device *dev,
		int initial_ref, int initial_obsolete, unsigned short flags);

static inline struct dst_entry *dst_check(struct dst_entry *dst, u32 cookie)
{
	if (dst->obsolete)
		dst = dst->ops->check(dst, cookie);
	return dst;
}

#endif
