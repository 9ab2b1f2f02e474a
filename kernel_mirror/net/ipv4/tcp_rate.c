// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/tcp_rate.c (Linux 5.0.1) — delivery-rate sampling.
 * Only the send side is mirrored: each segment sent carries a snapshot of
 * the connection's delivery counters, so that its ACK could turn them into
 * a rate sample. kmirror's connections end before any data phase, so the
 * ACK side (tcp_rate_skb_delivered, tcp_rate_gen) is not mirrored.
 */
#include <linux/kernel.h>
#include <linux/skbuff.h>
#include <net/tcp.h>
#include <kmirror/trace.h>

void tcp_rate_skb_sent(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_rate.c:39",
		"Snapshot the delivery counters in the sent segment, for a rate sample when it is acknowledged.");
	struct tcp_sock *tp = tcp_sk(sk);

	if (!tp->packets_out) {
		u64 tstamp_us = tcp_skb_timestamp_us(skb);

		KM_STEP(60,
			"Nothing else in flight: the sampling interval starts at this segment's send time.");
		tp->first_tx_mstamp  = tstamp_us;
		tp->delivered_mstamp = tstamp_us;
	}

	KM_STEP(64,
		"Copy first_tx_mstamp, delivered_mstamp, delivered and app-limited into the segment's control block.");
	TCP_SKB_CB(skb)->tx.first_tx_mstamp	= tp->first_tx_mstamp;
	TCP_SKB_CB(skb)->tx.delivered_mstamp	= tp->delivered_mstamp;
	TCP_SKB_CB(skb)->tx.delivered		= tp->delivered;
	TCP_SKB_CB(skb)->tx.is_app_limited	= tp->app_limited ? 1 : 0;
}
