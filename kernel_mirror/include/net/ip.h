/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/net/ip.h (Linux 5.0.1) — the IPv4 layer's shared
 * definitions: header flags, ip_queue_xmit() (ip.h:195), IP ID selection,
 * the local port range and the IP-level entry points.
 */
#ifndef _KM_NET_IP_H
#define _KM_NET_IP_H

#include <linux/types.h>
#include <linux/skbuff.h>
#include <uapi/linux/ip.h>
#include <uapi/linux/in.h>
#include <net/inet_sock.h>
#include <net/route.h>
#include <net/snmp.h>
#include <net/checksum.h>
#include <kmirror/trace.h>

/* Bits of iphdr->frag_off (host order): three flags and a 13-bit offset. */
#define IP_CE		0x8000		/* reserved bit (CE) */
#define IP_DF		0x4000		/* do not fragment */
#define IP_MF		0x2000		/* more fragments follow */
#define IP_OFFSET	0x1FFF		/* offset, in 8-byte units */

#define IP_FRAG_TIME	(30 * HZ)

/* IPv4's part of skb->cb while a packet is in IP (and under TCP's cb). */
struct inet_skb_parm {
	int			iif;
	struct ip_options	opt;	/* options as parsed on input */
	u16			flags;
	u16			frag_max_size;
};

#define IPCB(skb) ((struct inet_skb_parm *)((skb)->cb))

/* Does the skb carry a route (not just tunnel metadata)? */
static inline bool skb_valid_dst(const struct sk_buff *skb)
{
	return skb_dst(skb) != NULL;
}

struct ipcm_cookie {
	__be32			addr;
	int			oif;
	struct ip_options_rcu	*opt;
	__u8			tx_flags;
	__u8			ttl;
	__s16			tos;
	char			priority;
	__u16			gso_size;
};

static inline struct iphdr *ip_hdr(const struct sk_buff *skb)
{
	return (struct iphdr *)skb_network_header(skb);
}

static inline unsigned int ip_hdrlen(const struct sk_buff *skb)
{
	return ip_hdr(skb)->ihl * 4;
}

static inline bool ip_is_fragment(const struct iphdr *iph)
{
	return (iph->frag_off & htons(IP_MF | IP_OFFSET)) != 0;
}

int ip_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
	   struct net_device *orig_dev);
int ip_local_deliver(struct sk_buff *skb);
int ip_output(struct net *net, struct sock *sk, struct sk_buff *skb);
int ip_local_out(struct net *net, struct sock *sk, struct sk_buff *skb);
int __ip_local_out(struct net *net, struct sock *sk, struct sk_buff *skb);
int __ip_queue_xmit(struct sock *sk, struct sk_buff *skb, struct flowi *fl,
		    __u8 tos);
int ip_build_and_send_pkt(struct sk_buff *skb, const struct sock *sk,
			  __be32 saddr, __be32 daddr,
			  struct ip_options_rcu *opt);
void ip_send_check(struct iphdr *ip);
int ip_mc_output(struct net *net, struct sock *sk, struct sk_buff *skb);
#define IP_REPLY_ARG_NOSRCCHECK 1	/* ip_reply_arg.flags */

void ip_send_unicast_reply_km(struct sock *ctl_sk, struct sk_buff *skb,
			      __be32 daddr, __be32 saddr, const void *thdr,
			      unsigned int len, u8 tos);
int ip_send_skb(struct net *net, struct sk_buff *skb);
struct sk_buff *ip_reply_alloc_km(struct rtable *rt, unsigned int len);
int ip_push_pending_frames_km(struct sock *sk, struct flowi4 *fl4,
			      struct sk_buff *skb);

static inline int ip_queue_xmit(struct sock *sk, struct sk_buff *skb,
				struct flowi *fl)
{
	KM_FUNC("include/net/ip.h:195",
		"Hand the segment to IP output with the socket's TOS byte.");
	return __ip_queue_xmit(sk, skb, fl, inet_sk(sk)->tos);
}

void ip_local_error_km(struct sock *sk, int err, __be32 daddr, __be16 dport,
		       u32 info);

static inline bool ip_sk_accept_pmtu(const struct sock *sk)
{
	return inet_sk(sk)->pmtudisc != IP_PMTUDISC_INTERFACE &&
	       inet_sk(sk)->pmtudisc != IP_PMTUDISC_OMIT;
}

static inline bool ip_sk_use_pmtu(const struct sock *sk)
{
	return inet_sk(sk)->pmtudisc < IP_PMTUDISC_PROBE;
}

/* May the stack fragment this socket's packets (no DF forced)? */
static inline bool ip_sk_ignore_df(const struct sock *sk)
{
	return inet_sk(sk)->pmtudisc < IP_PMTUDISC_DO ||
	       inet_sk(sk)->pmtudisc == IP_PMTUDISC_OMIT;
}

/* Is the route's MTU locked (a PMTU clamped to the minimum, or mtu lock)? */
static inline int ip_mtu_locked(const struct dst_entry *dst)
{
	const struct rtable *rt = (const struct rtable *)dst;

	return rt->rt_mtu_locked || dst_metric_locked(dst, RTAX_MTU);
}

static inline int ip_dont_fragment(const struct sock *sk,
				   const struct dst_entry *dst)
{
	u8 pmtudisc = READ_ONCE(inet_sk(sk)->pmtudisc);

	return  pmtudisc == IP_PMTUDISC_DO ||
		(pmtudisc == IP_PMTUDISC_WANT &&
		 !ip_mtu_locked(dst));
}

void __ip_select_ident(struct net *net, struct iphdr *iph, int segs);

/* Forget the local address connect() chose (datagram disconnect). */
static inline void inet_reset_saddr(struct sock *sk)
{
	inet_sk(sk)->inet_rcv_saddr = inet_sk(sk)->inet_saddr = 0;
}

static inline void ip_select_ident_segs(struct net *net, struct sk_buff *skb,
					struct sock *sk, int segs)
{
	struct iphdr *iph = ip_hdr(skb);

	if ((iph->frag_off & htons(IP_DF)) && !skb->ignore_df) {
		/*
		 * DF packets of a connected socket take the socket's counter
		 * (inet_id) and advance it; a packet with no such socket
		 * gets ID 0.
		 */
		if (sk && inet_sk(sk)->inet_daddr) {
			iph->id = htons(inet_sk(sk)->inet_id);
			inet_sk(sk)->inet_id += segs;
		} else {
			iph->id = 0;
		}
	} else {
		__ip_select_ident(net, iph, segs);
	}
}

static inline void ip_select_ident(struct net *net, struct sk_buff *skb,
				   struct sock *sk)
{
	ip_select_ident_segs(net, skb, sk, 1);
}


void inet_get_local_port_range(struct net *net, int *low, int *high);

static inline bool inet_is_local_reserved_port(struct net *net, int port)
{
	unsigned long *map = net->ipv4.sysctl_local_reserved_ports;

	if (!map)
		return false;
	return (map[port / (8 * sizeof(long))] >> (port % (8 * sizeof(long)))) & 1;
}

static inline bool ipv4_is_multicast(__be32 addr)
{
	return (addr & htonl(0xf0000000)) == htonl(0xe0000000);
}

static inline bool ipv4_is_lbcast(__be32 addr)
{
	/* 255.255.255.255 */
	return addr == htonl(INADDR_BROADCAST);
}

static inline bool ipv4_is_zeronet(__be32 addr)
{
	return (addr & htonl(0xff000000)) == htonl(0x00000000);
}

static inline bool ipv4_is_loopback(__be32 addr)
{
	return (addr & htonl(0xff000000)) == htonl(0x7f000000);
}

static inline bool ipv4_is_local_multicast(__be32 addr)
{
	return (addr & htonl(0xffffff00)) == htonl(0xe0000000);
}

void ip_icmp_error(struct sock *sk, struct sk_buff *skb, int err,
		   __be16 port, u32 info, u8 *payload);
int ip_recv_error(struct sock *sk, struct msghdr *msg, int len, int *addr_len);
int ip_setsockopt(struct sock *sk, int level, int optname, char __user *optval,
		  unsigned int optlen);
int ip_getsockopt(struct sock *sk, int level, int optname, char __user *optval,
		  int __user *optlen);
int ip4_datagram_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len);
int __ip4_datagram_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len);

void ip_init(void);

#endif
