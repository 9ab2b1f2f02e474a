/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: include/net/protocol.h — IP's table of transport handlers. */
#ifndef _KM_NET_PROTOCOL_H
#define _KM_NET_PROTOCOL_H

#include <linux/types.h>
#include <linux/net.h>

#define MAX_INET_PROTOS	256

struct sk_buff;

struct net_protocol {
	int			(*early_demux)(struct sk_buff *skb);
	int			(*handler)(struct sk_buff *skb);
	int			(*err_handler)(struct sk_buff *skb, u32 info);
	unsigned int		no_policy:1,
				netns_ok:1,
				icmp_strict_tag_validation:1;
};

/* The registration record that ties a socket type to a protocol. */
struct inet_protosw {
	struct list_head list;

	/* (type, protocol) is what inet_create() matches on. */
	unsigned short	 type;	   /* socket(2)'s type: SOCK_STREAM, ... */
	unsigned short	 protocol; /* IPPROTO_*, or IPPROTO_IP as a wildcard */

	struct proto	 *prot;
	const struct proto_ops *ops;

	unsigned char	 flags;      /* INET_PROTOSW_* */
};
#define INET_PROTOSW_REUSE 0x01	     /* sockets get SO_REUSEADDR set */
#define INET_PROTOSW_PERMANENT 0x02  /* cannot be overridden */
#define INET_PROTOSW_ICSK      0x04  /* the sock is an inet_connection_sock */

int inet_add_protocol(const struct net_protocol *prot, unsigned char num);
int inet_del_protocol(const struct net_protocol *prot, unsigned char num);
void inet_register_protosw(struct inet_protosw *p);
void inet_unregister_protosw(struct inet_protosw *p);

/*
 * kmirror: static in Linux's af_inet.c; here each protocol's file defines
 * its own (tcp_ipv4.c, udp.c, icmp.c, ip_input.c), read-only, and
 * inet_init() registers them (the packet type as a per-host copy).
 */
struct packet_type;
extern const struct net_protocol tcp_protocol;
extern const struct net_protocol udp_protocol;
extern const struct net_protocol icmp_protocol;
extern const struct packet_type ip_packet_type_template;

#endif
