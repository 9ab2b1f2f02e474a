/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: include/linux/udp.h — the UDP socket. */
#ifndef _KM_LINUX_UDP_H
#define _KM_LINUX_UDP_H

#include <net/inet_sock.h>
#include <linux/skbuff.h>
#include <uapi/linux/udp.h>

static inline struct udphdr *udp_hdr(const struct sk_buff *skb)
{
	return (struct udphdr *)skb_transport_header(skb);
}

struct udp_sock {
	/* inet_sock comes first so a sock pointer is a udp_sock pointer. */
	struct inet_sock inet;
#define udp_port_hash		inet.sk.__sk_common.skc_u16hashes[0]
#define udp_portaddr_hash	inet.sk.__sk_common.skc_u16hashes[1]
#define udp_portaddr_node	inet.sk.__sk_common.skc_portaddr_node
	int		 pending;	/* a corked datagram is being built */
	unsigned int	 corkflag;	/* UDP_CORK */
	__u8		 encap_type;
	unsigned char	 no_check6_tx:1,
			 no_check6_rx:1;
	__u16		 len;		/* bytes of the pending datagram */
	__u16		 gso_size;
	__u16		 pcslen;
	__u16		 pcrlen;
	__u8		 pcflag;
	__u8		 unused[3];
	struct sk_buff_head	reader_queue;
	int		forward_deficit;
};

static inline struct udp_sock *udp_sk(const struct sock *sk)
{
	return (struct udp_sock *)sk;
}

#endif
