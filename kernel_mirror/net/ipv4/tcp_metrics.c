// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/tcp_metrics.c (Linux 5.0.1) — per-destination TCP
 * metrics: Linux remembers RTT, ssthresh, cwnd and reordering of past
 * connections to a host and seeds new connections with them.
 *
 * Linux saves metrics when a connection enters TIME_WAIT or LAST_ACK ends
 * (tcp_update_metrics). kmirror leaves that out, so its cache is always
 * empty: tcp_init_metrics() behaves as it does for a destination seen for
 * the first time (a fresh entry with no saved values).
 */
#include <linux/kernel.h>
#include <net/tcp.h>
#include <net/dst.h>
#include <kmirror/trace.h>

void tcp_init_metrics(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_metrics.c:440",
		"Seed the new connection from cached per-destination metrics (none cached: defaults).");
	struct dst_entry *dst = __sk_dst_get(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	u32 crtt = 0;	/* cached RTT, scaled by 8 */

	if (!dst)
		goto reset;

	/*
	 * tcp_get_metrics(sk, dst, true) creates an empty entry: no saved
	 * ssthresh, so any reduction made during the handshake is undone.
	 */
	KM_STEP(470,
		"No saved ssthresh for this destination: restore it to 'infinite'.");
	tp->snd_ssthresh = TCP_INFINITE_SSTHRESH;
reset:
	if (crtt > tp->srtt_us) {
		crtt /= 8 * USEC_PER_SEC / HZ;
		inet_csk(sk)->icsk_rto = crtt + max(2 * crtt, TCP_RTO_MIN);
	} else if (tp->srtt_us == 0) {
		KM_STEP(510,
			"No RTT sample from the handshake (it was retransmitted): fall back to a 3 s RTO (RFC 6298 5.7).");
		tp->rttvar_us = jiffies_to_usecs(TCP_TIMEOUT_FALLBACK);
		tp->mdev_us = tp->mdev_max_us = tp->rttvar_us;

		inet_csk(sk)->icsk_rto = TCP_TIMEOUT_FALLBACK;
	}
	/* Retransmitted SYN or SYN-ACK more than once: start with cwnd 1. */
	if (tp->total_retrans > 1) {
		KM_STEP(521,
			"The SYN (or SYN-ACK) was retransmitted more than once: start with cwnd 1 (RFC 5681).");
		tp->snd_cwnd = 1;
	} else {
		KM_STEP(523,
			"Initial congestion window: the route's initcwnd, else 10 segments.");
		tp->snd_cwnd = tcp_init_cwnd(tp, dst);
	}
	tp->snd_cwnd_stamp = tcp_jiffies32;
}

/*
 * Has this peer completed a connection before (a cached RTT)? kmirror's
 * cache is always empty (see above), so no peer is proven.
 */
bool tcp_peer_is_proven(struct request_sock *req, struct dst_entry *dst)
{
	KM_FUNC("net/ipv4/tcp_metrics.c:527",
		"Is the peer known to be alive (an RTT cached from an earlier connection)? None is cached here.");
	if (!dst)
		return false;

	/* __tcp_get_metrics_req() finds no entry in an empty cache. */
	return false;
}
