/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: include/net/icmp.h and linux/icmp.h helpers. */
#ifndef _KM_NET_ICMP_H
#define _KM_NET_ICMP_H

#include <linux/types.h>
#include <linux/skbuff.h>
#include <uapi/linux/icmp.h>

struct icmp_err {
	int		errno;
	unsigned int	fatal:1;
};

extern const struct icmp_err icmp_err_convert[];

static inline struct icmphdr *icmp_hdr(const struct sk_buff *skb)
{
	return (struct icmphdr *)skb_transport_header(skb);
}

struct net;
void icmp_send(struct sk_buff *skb_in, int type, int code, __be32 info);
int icmp_rcv(struct sk_buff *skb);
int icmp_err(struct sk_buff *skb, u32 info);
int icmp_init(void);

#endif
