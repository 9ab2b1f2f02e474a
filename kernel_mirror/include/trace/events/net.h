/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: the device layer's tracepoints (Linux: include/trace/events/net.h),
 * the two the mirror's tracer listens to.
 */
#ifndef _KM_TRACE_EVENTS_NET_H
#define _KM_TRACE_EVENTS_NET_H

#include <linux/tracepoint.h>
#include <kmirror/host.h>

struct sk_buff;
struct net_device;

/* A frame is handed to the driver (Linux: xmit_one(), dev.c:3277). */
DECLARE_TRACE(net_dev_start_xmit,
	TP_PROTO(const struct sk_buff *skb, const struct net_device *dev),
	TP_ARGS(skb, dev))

/* A driver passes a received frame to netif_rx() (dev.c:4551). */
DECLARE_TRACE(netif_rx_entry,
	TP_PROTO(const struct sk_buff *skb),
	TP_ARGS(skb))

#endif
