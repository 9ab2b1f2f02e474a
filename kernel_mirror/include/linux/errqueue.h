/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: include/linux/errqueue.h — what an error-queue skb carries in cb[]. */
#ifndef _KM_LINUX_ERRQUEUE_H
#define _KM_LINUX_ERRQUEUE_H

#include <linux/types.h>
#include <uapi/linux/errqueue.h>
#include <net/tcp.h>

struct sock_exterr_skb {
	union {
		struct inet_skb_parm	h4;
	} header;
	struct sock_extended_err	ee;
	u16				addr_offset;
	__be16				port;
	u8				opt_stats:1,
					unused:7;
};

#define SKB_EXT_ERR(skb) ((struct sock_exterr_skb *) ((skb)->cb))

#endif
