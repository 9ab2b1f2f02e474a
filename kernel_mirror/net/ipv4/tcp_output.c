// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/tcp_output.c (Linux 5.0.1) — building and sending
 * TCP segments: the SYN of an active open (tcp_connect, tcp_connect_init,
 * tcp_syn_options, tcp_options_write, __tcp_transmit_skb), ACKs, RSTs,
 * SYN-ACKs, retransmissions, and the window and MSS arithmetic behind
 * them.
 *
 * Data leaves through tcp_write_xmit, one segment of at most one MSS at a
 * time, with 5.0's tail loss probe and zero-window probes. Simplifications:
 * no TSO/GSO (so no segment is ever split, and a window open over part of
 * a segment is probed rather than filled), no pacing, no TCP small queues,
 * no Fast Open data, no MD5.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/tcp.h>
#include <net/inet_connection_sock.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/dst.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

#define sysctl_rmem_max		(init_net.km_sysctl_rmem_max)

void tcp_mstamp_refresh(struct tcp_sock *tp)
{
	KM_FUNC("net/ipv4/tcp_output.c:51",
		"Refresh the socket's cached clocks (nanoseconds and microseconds); they never go backwards.");
	u64 val = tcp_clock_ns();

	if (val > tp->tcp_clock_cache)
		tp->tcp_clock_cache = val;

	val = div_u64(val, NSEC_PER_USEC);
	if (val > tp->tcp_mstamp)
		tp->tcp_mstamp = val;
}

static __u16 tcp_advertise_mss(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_output.c:119",
		"The MSS to announce in our SYN: advmss, lowered if the route's advmss metric is smaller.");
	struct tcp_sock *tp = tcp_sk(sk);
	const struct dst_entry *dst = __sk_dst_get(sk);
	int mss = tp->advmss;

	if (dst) {
		unsigned int metric = dst_metric_advmss(dst);

		if (metric < mss) {
			mss = metric;
			tp->advmss = mss;
		}
	}

	return (__u16)mss;
}

static void tcp_event_data_sent(struct tcp_sock *tp, struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_output.c:159",
		"After sending data: note the send time and enter interactive (pingpong) mode if we answered quickly.");
	struct inet_connection_sock *icsk = inet_csk(sk);
	const u32 now = tcp_jiffies32;

	/* Nothing in flight: tell the congestion module sending restarts
	 * (kmirror's CUBIC has no cwnd_event hook: it keeps no epoch). */
	if (tcp_packets_in_flight(tp) == 0)
		tcp_ca_event(sk, CA_EVENT_TX_START);

	tp->lsndtime = now;

	/* we sent soon (< ato) after receiving: request/response traffic */
	if ((u32)(now - icsk->icsk_ack.lrcvtime) < icsk->icsk_ack.ato)
		icsk->icsk_ack.pingpong = 1;
}

static inline void tcp_event_ack_sent(struct sock *sk, unsigned int pkts,
				      u32 rcv_nxt)
{
	KM_FUNC("net/ipv4/tcp_output.c:178",
		"An ACK went out: use up quick-ACK credit and cancel the pending delayed-ACK timer.");
	struct tcp_sock *tp = tcp_sk(sk);

	if (unlikely(rcv_nxt != tp->rcv_nxt))
		return;
	/* inlined: tcp_dec_quickack_mode() */
	if (inet_csk(sk)->icsk_ack.quick) {
		if (pkts >= inet_csk(sk)->icsk_ack.quick)
			inet_csk(sk)->icsk_ack.quick = 0;
		else
			inet_csk(sk)->icsk_ack.quick -= pkts;
	}
	inet_csk_clear_xmit_timer(sk, ICSK_TIME_DACK);
}

/*
 * tcp_select_initial_window: the receive window offered in the SYN and
 * the window scale to ask for. The window is the receive space rounded
 * down to whole segments, at most 65535 unscaled; the scale is chosen so
 * the largest buffer we could ever grow to still fits in 16 bits.
 */
void tcp_select_initial_window(const struct sock *sk, int __space, __u32 mss,
			       __u32 *rcv_wnd, __u32 *window_clamp,
			       int wscale_ok, __u8 *rcv_wscale,
			       __u32 init_rcv_wnd)
{
	KM_FUNC("net/ipv4/tcp_output.c:204",
		"Choose the initial receive window and the window scale to offer.");
	/* LAB 4 BEGIN: select_initial_window — the window and scale a SYN offers */
	unsigned int space = (__space < 0 ? 0 : __space);

	/* 0 means "unset": start from 65535 << 14, the scaling limit */
	if (*window_clamp == 0)
		(*window_clamp) = (U16_MAX << TCP_MAX_WSCALE);
	space = min(*window_clamp, space);

	KM_STEP(217,
		"Round the space down to a whole number of segments of the MSS.");
	if (space > mss)
		space = rounddown(space, mss);

	KM_STEP(228,
		"The offered window must fit the 16-bit field unscaled: at most 65535 (32767 with tcp_workaround_signed_windows).");
	if (sock_net(sk)->ipv4.sysctl_tcp_workaround_signed_windows)
		(*rcv_wnd) = min(space, MAX_TCP_WINDOW);
	else
		(*rcv_wnd) = min_t(u32, space, U16_MAX);

	if (init_rcv_wnd)
		*rcv_wnd = min(*rcv_wnd, init_rcv_wnd * mss);

	*rcv_wscale = 0;
	if (wscale_ok) {
		KM_STEP(239,
			"Scale for the largest buffer possible (tcp_rmem[2]): the shift that brings it within 16 bits, at most 14.");
		space = max_t(u32, space, sock_net(sk)->ipv4.sysctl_tcp_rmem[2]);
		space = max_t(u32, space, sysctl_rmem_max);
		space = min_t(u32, space, *window_clamp);
		*rcv_wscale = clamp_t(int, ilog2(space) - 15,
				      0, TCP_MAX_WSCALE);
	}
	KM_STEP(246, "Clamp: never offer more than 65535 << wscale.");
	(*window_clamp) = min_t(__u32, U16_MAX << (*rcv_wscale), *window_clamp);
	/* LAB 4 END: select_initial_window */
}

/* The window we could offer now, before scaling (a multiple of the scale unit). */
u32 __tcp_select_window(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_output.c:2647",
		"Compute the receive window we can offer now from the free buffer space, rounded to the window scale.");
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	int mss = icsk->icsk_ack.rcv_mss;
	int free_space = tcp_space(sk);
	int allowed_space = tcp_full_space(sk);
	int full_space = min_t(int, tp->window_clamp, allowed_space);
	int window;

	if (unlikely(mss > full_space)) {
		mss = full_space;
		if (mss <= 0)
			return 0;
	}
	if (free_space < (full_space >> 1)) {
		icsk->icsk_ack.quick = 0;
		free_space = rounddown(free_space, 1 << tp->rx_opt.rcv_wscale);
		if (free_space < (allowed_space >> 4) || free_space < mss)
			return 0;
	}

	if (free_space > (int)tp->rcv_ssthresh)
		free_space = tp->rcv_ssthresh;

	window = tp->rcv_wnd;
	if (tp->rx_opt.rcv_wscale) {
		window = free_space;
		/* Round up to the scale unit so the value is representable. */
		if (((window >> tp->rx_opt.rcv_wscale) << tp->rx_opt.rcv_wscale) != window)
			window = (((window >> tp->rx_opt.rcv_wscale) + 1)
				  << tp->rx_opt.rcv_wscale);
	} else {
		if (window <= free_space - mss || window > free_space)
			window = rounddown(free_space, mss);
		else if (mss == full_space &&
			 free_space > window + (full_space >> 1))
			window = free_space;
	}

	return window;
}

static u16 tcp_select_window(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_output.c:255",
		"Choose the window field of a non-SYN segment (scaled, never shrinking).");
	struct tcp_sock *tp = tcp_sk(sk);
	u32 cur_win = tcp_receive_window(tp);
	u32 new_win = __tcp_select_window(sk);

	if (new_win < cur_win) {
		KM_STEP(274,
			"Never shrink an offered window: keep the current one, aligned to the scale.");
		new_win = ALIGN(cur_win, 1 << tp->rx_opt.rcv_wscale);
	}
	tp->rcv_wnd = new_win;
	tp->rcv_wup = tp->rcv_nxt;

	if (!tp->rx_opt.rcv_wscale &&
	    sock_net(sk)->ipv4.sysctl_tcp_workaround_signed_windows)
		new_win = min(new_win, MAX_TCP_WINDOW);
	else
		new_win = min(new_win, (65535U << tp->rx_opt.rcv_wscale));

	KM_STEP(289,
		"Apply the window scale (RFC 1323): the field carries the window shifted right by rcv_wscale.");
	new_win >>= tp->rx_opt.rcv_wscale;

	if (new_win == 0)
		tp->pred_flags = 0;

	return (u16)new_win;
}

/* ECN on a SYN-ACK: echo only if both sides agreed. */
static void tcp_ecn_send_synack(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_output.c:305",
		"ECN on a SYN-ACK we send: clear CWR, and clear ECE unless ECN was agreed.");
	const struct tcp_sock *tp = tcp_sk(sk);

	TCP_SKB_CB(skb)->tcp_flags &= ~TCPHDR_CWR;
	if (!(tp->ecn_flags & TCP_ECN_OK))
		TCP_SKB_CB(skb)->tcp_flags &= ~TCPHDR_ECE;
}

/*
 * ECN on a SYN: only when tcp_ecn is 1. The default 2 accepts ECN when
 * the peer asks but never asks, so the SYN's flags stay plain SYN.
 */
static void tcp_ecn_send_syn(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_output.c:318",
		"Ask for ECN in the SYN only if net.ipv4.tcp_ecn is 1 (the default 2 does not).");
	struct tcp_sock *tp = tcp_sk(sk);
	bool use_ecn = sock_net(sk)->ipv4.sysctl_tcp_ecn == 1;

	tp->ecn_flags = 0;

	if (use_ecn) {
		TCP_SKB_CB(skb)->tcp_flags |= TCPHDR_ECE | TCPHDR_CWR;
		tp->ecn_flags = TCP_ECN_OK;
	}
}

static void tcp_ecn_clear_syn(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_output.c:342",
		"A retransmitted SYN drops its ECN flags when tcp_ecn_fallback is on.");
	if (sock_net(sk)->ipv4.sysctl_tcp_ecn_fallback)
		TCP_SKB_CB(skb)->tcp_flags &= ~(TCPHDR_ECE | TCPHDR_CWR);
}

static void tcp_ecn_make_synack(const struct request_sock *req, struct tcphdr *th)
{
	KM_FUNC("net/ipv4/tcp_output.c:352",
		"Set ECE in the SYN-ACK header if the request agreed to ECN.");
	if (inet_rsk(req)->ecn_ok)
		th->ece = 1;
}

/*
 * tcp_init_nondata_skb: the control fields of a segment without data.
 * SYN and FIN each take one sequence number.
 */
static void tcp_init_nondata_skb(struct sk_buff *skb, u32 seq, u8 flags)
{
	KM_FUNC("net/ipv4/tcp_output.c:388",
		"Set up a segment without data: flags, seq, and end_seq (+1 for SYN or FIN).");
	skb->ip_summed = CHECKSUM_PARTIAL;

	TCP_SKB_CB(skb)->tcp_flags = flags;
	TCP_SKB_CB(skb)->sacked = 0;

	tcp_skb_pcount_set(skb, 1);

	KM_STEP(397,
		"The segment starts at seq; a SYN or FIN occupies one sequence number.");
	TCP_SKB_CB(skb)->seq = seq;
	if (flags & (TCPHDR_SYN | TCPHDR_FIN))
		seq++;
	TCP_SKB_CB(skb)->end_seq = seq;
}

static inline bool tcp_urg_mode(const struct tcp_sock *tp)
{
	KM_FUNC("net/ipv4/tcp_output.c:403",
		"Is there urgent data not yet acknowledged (snd_up ahead of snd_una)?");
	return tp->snd_una != tp->snd_up;
}

#define OPTION_SACK_ADVERTISE	(1 << 0)
#define OPTION_TS		(1 << 1)
#define OPTION_MD5		(1 << 2)
#define OPTION_WSCALE		(1 << 3)
#define OPTION_FAST_OPEN_COOKIE	(1 << 8)
#define OPTION_SMC		(1 << 9)

/* The options a segment will carry, before they are laid out. */
struct tcp_out_options {
	u16 options;		/* OPTION_* bits */
	u16 mss;		/* 0: no MSS option */
	u8 ws;			/* window scale */
	u8 num_sack_blocks;
	u8 hash_size;
	__u8 *hash_location;
	__u32 tsval, tsecr;
};

/*
 * tcp_options_write: lay the options out in 32-bit words, in the order
 * Linux always uses — MSS; SACK_PERM folded with the timestamp (or two
 * NOPs before it); window scale after a NOP; SACK blocks. Middleboxes
 * have come to depend on this order. kmirror spells each word as its four
 * bytes (opt_word), which is how they appear in a packet dump. MD5 and
 * Fast Open options are not mirrored.
 */
static __be32 opt_word(u8 b0, u8 b1, u8 b2, u8 b3)
{
	return htonl((u32)b0 << 24 | (u32)b1 << 16 | (u32)b2 << 8 | b3);
}

static void tcp_options_write(__be32 *ptr, struct tcp_sock *tp,
			      struct tcp_out_options *opts)
{
	KM_FUNC("net/ipv4/tcp_output.c:454",
		"Write the options in Linux's fixed order: MSS, SACK_PERM+TS, NOP+WS.");
	/* LAB 4 BEGIN: options_write — MSS, SACK_PERM, TS and WS in 5.0's order */
	u16 options = opts->options;	/* a copy we may clear bits of */

	if (unlikely(opts->mss)) {
		KM_STEP(468,
			"MSS option: kind 2, length 4, value (02 04 05 b4 for 1460).");
		*ptr++ = opt_word(TCPOPT_MSS, TCPOLEN_MSS, opts->mss >> 8, opts->mss & 0xff);
	}

	if (likely(OPTION_TS & options)) {
		if (unlikely(OPTION_SACK_ADVERTISE & options)) {
			KM_STEP(475,
				"SACK_PERM and the timestamp share a word: 04 02 08 0a.");
			*ptr++ = opt_word(TCPOPT_SACK_PERM, TCPOLEN_SACK_PERM,
					  TCPOPT_TIMESTAMP, TCPOLEN_TIMESTAMP);
			options &= ~OPTION_SACK_ADVERTISE;
		} else {
			*ptr++ = opt_word(TCPOPT_NOP, TCPOPT_NOP,
					  TCPOPT_TIMESTAMP, TCPOLEN_TIMESTAMP);
		}
		KM_STEP(486,
			"TSval (our clock + tsoffset) and TSecr (the peer's last TSval, 0 in a SYN).");
		*ptr++ = htonl(opts->tsval);
		*ptr++ = htonl(opts->tsecr);
	}

	/* No timestamps: SACK_PERM needs its own word, padded with NOPs. */
	if (unlikely(OPTION_SACK_ADVERTISE & options))
		*ptr++ = opt_word(TCPOPT_NOP, TCPOPT_NOP, TCPOPT_SACK_PERM, TCPOLEN_SACK_PERM);

	if (unlikely(OPTION_WSCALE & options)) {
		KM_STEP(498, "Window scale after a NOP: 01 03 03 <shift>.");
		*ptr++ = opt_word(TCPOPT_NOP, TCPOPT_WINDOW, TCPOLEN_WINDOW, opts->ws);
	}
	/* LAB 4 END: options_write */

	if (unlikely(opts->num_sack_blocks)) {
		/* A pending D-SACK block is reported in place of the SACK list, once. */
		struct tcp_sack_block *blocks = tp->rx_opt.dsack ?
			tp->duplicate_sack : tp->selective_acks;
		int i, n = opts->num_sack_blocks;

		*ptr++ = opt_word(TCPOPT_NOP, TCPOPT_NOP, TCPOPT_SACK,
				  TCPOLEN_SACK_BASE + n * TCPOLEN_SACK_PERBLOCK);
		for (i = 0; i < n; i++) {
			*ptr++ = htonl(blocks[i].start_seq);
			*ptr++ = htonl(blocks[i].end_seq);
		}
		tp->rx_opt.dsack = 0;
	}
}

/*
 * tcp_syn_options: which options a SYN carries (MSS always; timestamps,
 * window scale and SACK as the sysctls allow) and how many bytes they
 * take. This decides the header length; tcp_options_write lays them out.
 */
static unsigned int tcp_syn_options(struct sock *sk, struct sk_buff *skb,
				    struct tcp_out_options *opts)
{
	KM_FUNC("net/ipv4/tcp_output.c:587",
		"Decide the SYN's options: MSS, timestamps, window scale, SACK permitted.");
	/* LAB 4 BEGIN: syn_options — which options a SYN carries, and their size */
	struct tcp_sock *tp = tcp_sk(sk);
	unsigned int remaining = MAX_TCP_OPTION_SPACE;

	KM_STEP(616, "Always announce our MSS (advmss: route MTU minus 40).");
	opts->mss = tcp_advertise_mss(sk);
	remaining -= TCPOLEN_MSS_ALIGNED;

	if (likely(sock_net(sk)->ipv4.sysctl_tcp_timestamps)) {
		KM_STEP(620,
			"Timestamps on: TSval = this skb's send time in ms + tsoffset; TSecr = ts_recent.");
		opts->options |= OPTION_TS;
		opts->tsval = tcp_skb_timestamp(skb) + tp->tsoffset;
		opts->tsecr = tp->rx_opt.ts_recent;
		remaining -= TCPOLEN_TSTAMP_ALIGNED;
	}
	if (likely(sock_net(sk)->ipv4.sysctl_tcp_window_scaling)) {
		KM_STEP(626, "Window scaling on: offer our rcv_wscale.");
		opts->ws = tp->rx_opt.rcv_wscale;
		opts->options |= OPTION_WSCALE;
		remaining -= TCPOLEN_WSCALE_ALIGNED;
	}
	if (likely(sock_net(sk)->ipv4.sysctl_tcp_sack)) {
		KM_STEP(631,
			"SACK on: permit it (free when it shares the timestamp's word).");
		opts->options |= OPTION_SACK_ADVERTISE;
		if (unlikely(!(OPTION_TS & opts->options)))
			remaining -= TCPOLEN_SACKPERM_ALIGNED;
	}

	return MAX_TCP_OPTION_SPACE - remaining;
	/* LAB 4 END: syn_options */
}

static unsigned int tcp_synack_options(const struct sock *sk,
				       struct request_sock *req,
				       unsigned int mss, struct sk_buff *skb,
				       struct tcp_out_options *opts)
{
	KM_FUNC("net/ipv4/tcp_output.c:657",
		"Decide the SYN-ACK's options from what the peer's SYN offered.");
	struct inet_request_sock *ireq = inet_rsk(req);
	unsigned int remaining = MAX_TCP_OPTION_SPACE;

	opts->mss = mss;
	remaining -= TCPOLEN_MSS_ALIGNED;

	if (likely(ireq->wscale_ok)) {
		opts->ws = ireq->rcv_wscale;
		opts->options |= OPTION_WSCALE;
		remaining -= TCPOLEN_WSCALE_ALIGNED;
	}
	if (likely(ireq->tstamp_ok)) {
		opts->options |= OPTION_TS;
		opts->tsval = tcp_skb_timestamp(skb) + tcp_rsk(req)->ts_off;
		opts->tsecr = req->ts_recent;
		remaining -= TCPOLEN_TSTAMP_ALIGNED;
	}
	if (likely(ireq->sack_ok)) {
		opts->options |= OPTION_SACK_ADVERTISE;
		if (unlikely(!ireq->tstamp_ok))
			remaining -= TCPOLEN_SACKPERM_ALIGNED;
	}

	return MAX_TCP_OPTION_SPACE - remaining;
}

static unsigned int tcp_established_options(struct sock *sk, struct sk_buff *skb,
					    struct tcp_out_options *opts)
{
	KM_FUNC("net/ipv4/tcp_output.c:722",
		"Choose the options of a segment on a synchronized connection: the timestamp, SACK blocks.");
	struct tcp_sock *tp = tcp_sk(sk);
	unsigned int size = 0;
	unsigned int eff_sacks;

	opts->options = 0;

	if (likely(tp->rx_opt.tstamp_ok)) {
		opts->options |= OPTION_TS;
		opts->tsval = skb ? tcp_skb_timestamp(skb) + tp->tsoffset : 0;
		opts->tsecr = tp->rx_opt.ts_recent;
		size += TCPOLEN_TSTAMP_ALIGNED;
	}

	eff_sacks = tp->rx_opt.num_sacks + tp->rx_opt.dsack;
	if (unlikely(eff_sacks)) {
		const unsigned int remaining = MAX_TCP_OPTION_SPACE - size;

		opts->num_sack_blocks =
			min_t(unsigned int, eff_sacks,
			      (remaining - TCPOLEN_SACK_BASE_ALIGNED) /
			      TCPOLEN_SACK_PERBLOCK);
		size += TCPOLEN_SACK_BASE_ALIGNED +
			opts->num_sack_blocks * TCPOLEN_SACK_PERBLOCK;
	}

	return size;
}

/*
 * tcp_wfree: the destructor of a transmitted TCP clone: return its memory
 * to the socket. (Linux also drives TCP small queues from here; kmirror
 * has no device queues to throttle.)
 */
void tcp_wfree(struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_output.c:917",
		"A transmitted clone is freed: return its memory to the socket's write allocation.");
	struct sock *sk = skb->sk;

	/* return all but one unit; sk_free() removes the last one */
	WARN_ON(refcount_sub_and_test(skb->truesize - 1, &sk->sk_wmem_alloc));
	sk_free(sk);
}

/* Destructor of pure ACKs (truesize 2): give the units back. */
void __sock_wfree(struct sk_buff *skb)
{
	KM_FUNC("net/core/sock.c:1833",
		"A pure ACK is freed: return its memory, and destroy the sock if that was the last reference.");
	struct sock *sk = skb->sk;

	if (refcount_sub_and_test(skb->truesize, &sk->sk_wmem_alloc))
		sk_destruct(sk);
}

static inline bool skb_is_tcp_pure_ack(const struct sk_buff *skb)
{
	KM_FUNC("include/net/tcp.h:2008",
		"A pure ACK is marked by a truesize of 2.");
	return skb->truesize == 2;
}

static inline void skb_set_tcp_pure_ack(struct sk_buff *skb)
{
	KM_FUNC("include/net/tcp.h:2013",
		"Mark an skb as a pure ACK (truesize 2) so that it uses almost no socket memory.");
	skb->truesize = 2;
}

/*
 * __tcp_transmit_skb: turn a queued segment into a packet. The queued
 * skb stays on the retransmit queue; a clone of it gets the TCP header
 * (ports, seq, ack = rcv_nxt, flags, window, options), the checksum, and
 * goes to IP through icsk_af_ops->queue_xmit (ip_queue_xmit).
 */
static void tcp_update_skb_after_send(struct sock *sk, struct sk_buff *skb,
				      u64 prior_wstamp)
{
	KM_FUNC("net/ipv4/tcp_output.c:978",
		"The segment left: stamp the queued original with its send time, for the RTT sample its ACK will give.");
	struct tcp_sock *tp = tcp_sk(sk);

	KM_STEP(983,
		"skb_mstamp_ns = tcp_wstamp_ns: when this segment was sent.");
	skb->skb_mstamp_ns = tp->tcp_wstamp_ns;
	if (sk->sk_pacing_status != SK_PACING_NONE) {
		unsigned long rate = sk->sk_pacing_rate;

		/* Pacing: push the next departure back by this segment's
		 * time on the wire, less the slack already built up. */
		if (rate != ~0UL && rate && tp->data_segs_out >= 10) {
			u64 len_ns = div64_ul((u64)skb->len * NSEC_PER_SEC, rate);
			u64 credit = tp->tcp_wstamp_ns - prior_wstamp;

			len_ns -= min_t(u64, len_ns / 2, credit);
			tp->tcp_wstamp_ns += len_ns;
		}
	}
	KM_STEP(1000,
		"Move it to the tail of tsorted_sent_queue, the list of sent segments in time order.");
	list_move_tail(&skb->tcp_tsorted_anchor, &tp->tsorted_sent_queue);
}

static int __tcp_transmit_skb(struct sock *sk, struct sk_buff *skb,
			      int clone_it, gfp_t gfp_mask, u32 rcv_nxt)
{
	KM_FUNC("net/ipv4/tcp_output.c:1014",
		"Build the TCP header on a copy of the segment and pass it to IP.");
	const struct inet_connection_sock *icsk = inet_csk(sk);
	struct inet_sock *inet;
	struct tcp_sock *tp;
	struct tcp_skb_cb *tcb;
	struct tcp_out_options opts;
	unsigned int tcp_options_size, tcp_header_size;
	struct sk_buff *oskb = NULL;
	struct tcphdr *th;
	u64 prior_wstamp;
	int err;

	BUG_ON(!skb || !tcp_skb_pcount(skb));
	tp = tcp_sk(sk);

	if (clone_it) {
		TCP_SKB_CB(skb)->tx.in_flight = TCP_SKB_CB(skb)->end_seq
			- tp->snd_una;
		KM_STEP(1035,
			"Clone the skb: the original stays queued for retransmission, the clone is sent.");
		oskb = skb;
		tcp_skb_tsorted_save(oskb) {
			if (unlikely(skb_cloned(oskb)))
				skb = skb_copy(oskb, gfp_mask);
			else
				skb = skb_clone(oskb, gfp_mask);
		} tcp_skb_tsorted_restore(oskb);
		if (unlikely(!skb))
			return -ENOBUFS;
	}

	prior_wstamp = tp->tcp_wstamp_ns;
	KM_STEP(1049,
		"Stamp the departure time (tcp_wstamp_ns) on the skb; TSval is derived from it.");
	tp->tcp_wstamp_ns = max(tp->tcp_wstamp_ns, tp->tcp_clock_cache);
	skb->skb_mstamp_ns = tp->tcp_wstamp_ns;

	inet = inet_sk(sk);
	tcb = TCP_SKB_CB(skb);
	memset(&opts, 0, sizeof(opts));

	KM_STEP(1057,
		"Work out the options and so the header length (20 bytes plus the options).");
	if (unlikely(tcb->tcp_flags & TCPHDR_SYN))
		tcp_options_size = tcp_syn_options(sk, skb, &opts);
	else
		tcp_options_size = tcp_established_options(sk, skb, &opts);
	tcp_header_size = tcp_options_size + sizeof(struct tcphdr);

	skb->ooo_okay = sk_wmem_alloc_get(sk) < (int)SKB_TRUESIZE(1);
	skb->pfmemalloc = 0;

	KM_STEP(1080,
		"Push the TCP header into the headroom and mark where it starts.");
	skb_push(skb, tcp_header_size);
	skb_reset_transport_header(skb);

	KM_STEP(1083,
		"The packet belongs to the socket now: charge its size to sk_wmem_alloc.");
	skb_orphan(skb);
	skb->sk = sk;
	skb->destructor = skb_is_tcp_pure_ack(skb) ? __sock_wfree : tcp_wfree;
	refcount_add(skb->truesize, &sk->sk_wmem_alloc);

	KM_STEP(1092,
		"Fill the header: ports, seq, ack = rcv_nxt, data offset and flags.");
	th = (struct tcphdr *)skb->data;
	th->source		= inet->inet_sport;
	th->dest		= inet->inet_dport;
	th->seq			= htonl(tcb->seq);
	th->ack_seq		= htonl(rcv_nxt);
	*(((__be16 *)th) + 6)	= htons(((tcp_header_size >> 2) << 12) |
					tcb->tcp_flags);

	th->check		= 0;
	th->urg_ptr		= 0;

	if (unlikely(tcp_urg_mode(tp) && before(tcb->seq, tp->snd_up))) {
		if (before(tp->snd_up, tcb->seq + 0x10000)) {
			th->urg_ptr = htons(tp->snd_up - tcb->seq);
			th->urg = 1;
		} else if (after(tcb->seq + 0xFFFF, tp->snd_nxt)) {
			th->urg_ptr = htons(0xFFFF);
			th->urg = 1;
		}
	}

	tcp_options_write((__be32 *)(th + 1), tp, &opts);
	skb_shinfo(skb)->gso_type = sk->sk_gso_type;
	if (likely(!(tcb->tcp_flags & TCPHDR_SYN))) {
		th->window      = htons(tcp_select_window(sk));
		/* kmirror leaves out tcp_ecn_send(): no ECT/CWR/ECE on data. */
	} else {
		KM_STEP(1123,
			"A SYN's window is never scaled: min(rcv_wnd, 65535).");
		th->window	= htons(min(tp->rcv_wnd, 65535U));
	}

	KM_STEP(1134, "Checksum the segment (tcp_v4_send_check).");
	icsk->icsk_af_ops->send_check(sk, skb);

	if (likely(tcb->tcp_flags & TCPHDR_ACK))
		tcp_event_ack_sent(sk, tcp_skb_pcount(skb), rcv_nxt);

	if (skb->len != tcp_header_size) {
		tcp_event_data_sent(tp, sk);
		tp->data_segs_out += tcp_skb_pcount(skb);
		tp->bytes_sent += skb->len - tcp_header_size;
	}

	if (after(tcb->end_seq, tp->snd_nxt) || tcb->seq == tcb->end_seq)
		TCP_ADD_STATS(sock_net(sk), TCP_MIB_OUTSEGS,
			      tcp_skb_pcount(skb));

	tp->segs_out += tcp_skb_pcount(skb);
	skb_shinfo(skb)->gso_segs = tcp_skb_pcount(skb);
	skb_shinfo(skb)->gso_size = tcp_skb_mss(skb);

	KM_STEP(1157,
		"Clear TCP's control block: IP uses skb->cb for its own purposes.");
	memset(skb->cb, 0, sizeof(struct inet_skb_parm));

	KM_STEP(1160, "Hand the segment to IP: ip_queue_xmit.");
	err = icsk->icsk_af_ops->queue_xmit(sk, skb, &inet->cork.fl);

	if (unlikely(err > 0)) {
		/* kmirror: Linux enters CWR here (tcp_enter_cwr) on a local
		 * congestion drop; no device of ours reports NET_XMIT_CN. */
		err = net_xmit_eval(err);
	}
	if (!err && oskb) {
		KM_STEP(1167,
			"Sent: record the send time and delivery state on the queued original.");
		tcp_update_skb_after_send(sk, oskb, prior_wstamp);
		tcp_rate_skb_sent(sk, oskb);
	}
	return err;
}

int tcp_transmit_skb(struct sock *sk, struct sk_buff *skb, int clone_it,
		     gfp_t gfp_mask)
{
	KM_FUNC("net/ipv4/tcp_output.c:1173",
		"Transmit a segment acknowledging everything received so far (ack = rcv_nxt).");
	return __tcp_transmit_skb(sk, skb, clone_it, gfp_mask,
				  tcp_sk(sk)->rcv_nxt);
}

static void tcp_queue_skb(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_output.c:1185",
		"Append a segment to the write queue: write_seq moves to its end_seq, the socket is charged.");
	struct tcp_sock *tp = tcp_sk(sk);

	KM_STEP(1190,
		"write_seq = the segment's end_seq; it joins the tail of the write queue.");
	tp->write_seq = TCP_SKB_CB(skb)->end_seq;
	tcp_add_write_queue_tail(sk, skb);
	sk->sk_wmem_queued += skb->truesize;
	sk_mem_charge(sk, skb->truesize);
}

/* ---- MSS ---- */

static inline int __tcp_mtu_to_mss(struct sock *sk, int pmtu)
{
	KM_FUNC("net/ipv4/tcp_output.c:1434",
		"MTU to MSS: subtract the IP and TCP headers, cap at the peer's MSS, never below 48.");
	const struct tcp_sock *tp = tcp_sk(sk);
	const struct inet_connection_sock *icsk = inet_csk(sk);
	int mss_now;

	/* The MTU minus the IP and bare TCP headers. */
	mss_now = pmtu - icsk->icsk_af_ops->net_header_len - sizeof(struct tcphdr);

	/* Never more than the peer allowed. */
	if (mss_now > tp->rx_opt.mss_clamp)
		mss_now = tp->rx_opt.mss_clamp;

	/* IP options take room too. */
	mss_now -= icsk->icsk_ext_hdr_len;

	/* A floor, so a tiny or hostile PMTU cannot stall us. */
	if (mss_now < 48)
		mss_now = 48;
	return mss_now;
}

int tcp_mtu_to_mss(struct sock *sk, int pmtu)
{
	KM_FUNC("net/ipv4/tcp_output.c:1467",
		"MTU to MSS, also subtracting the TCP options we send on every segment.");
	return __tcp_mtu_to_mss(sk, pmtu) -
	       (tcp_sk(sk)->tcp_header_len - sizeof(struct tcphdr));
}

int tcp_mss_to_mtu(struct sock *sk, int mss)
{
	KM_FUNC("net/ipv4/tcp_output.c:1475",
		"MSS back to MTU: add the TCP header with options, IP options and the IP header.");
	const struct tcp_sock *tp = tcp_sk(sk);
	const struct inet_connection_sock *icsk = inet_csk(sk);

	return mss + tp->tcp_header_len + icsk->icsk_ext_hdr_len +
	       icsk->icsk_af_ops->net_header_len;
}

void tcp_mtup_init(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_output.c:1498",
		"Initialise path-MTU probing: the search range between the base MSS and our MSS clamp.");
	struct tcp_sock *tp = tcp_sk(sk);
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct net *net = sock_net(sk);

	icsk->icsk_mtup.enabled = net->ipv4.sysctl_tcp_mtu_probing > 1;
	icsk->icsk_mtup.search_high = tp->rx_opt.mss_clamp + sizeof(struct tcphdr) +
			       icsk->icsk_af_ops->net_header_len;
	icsk->icsk_mtup.search_low = tcp_mss_to_mtu(sk, net->ipv4.sysctl_tcp_base_mss);
	icsk->icsk_mtup.probe_size = 0;
	if (icsk->icsk_mtup.enabled)
		icsk->icsk_mtup.probe_timestamp = tcp_jiffies32;
}

static inline int tcp_bound_to_half_wnd(struct tcp_sock *tp, int pktsize)
{
	KM_FUNC("include/net/tcp.h:602",
		"Never send a segment bigger than half the largest window the peer has offered.");
	int cutoff;

	/* With a known peer window, never send more than half of it at once. */
	if (tp->max_window > TCP_MSS_DESIRED)
		cutoff = (tp->max_window >> 1);
	else
		cutoff = tp->max_window;

	if (cutoff && pktsize > cutoff)
		return max_t(int, cutoff, 68U - tp->tcp_header_len);
	else
		return pktsize;
}

/*
 * tcp_sync_mss: recompute mss_cache for a path MTU. In SYN_SENT the peer
 * has not spoken yet: mss_clamp is 536, minus the 12 bytes of timestamp
 * option gives 524.
 */
unsigned int tcp_sync_mss(struct sock *sk, u32 pmtu)
{
	KM_FUNC("net/ipv4/tcp_output.c:1536",
		"Recompute the sending MSS (mss_cache) for this path MTU.");
	struct tcp_sock *tp = tcp_sk(sk);
	struct inet_connection_sock *icsk = inet_csk(sk);
	int mss_now;

	if (icsk->icsk_mtup.search_high > (int)pmtu)
		icsk->icsk_mtup.search_high = pmtu;

	mss_now = tcp_mtu_to_mss(sk, pmtu);
	mss_now = tcp_bound_to_half_wnd(tp, mss_now);

	icsk->icsk_pmtu_cookie = pmtu;
	if (icsk->icsk_mtup.enabled)
		mss_now = min(mss_now, tcp_mtu_to_mss(sk, icsk->icsk_mtup.search_low));
	KM_STEP(1552,
		"mss_cache = min(MTU - 40, mss_clamp) minus our option bytes.");
	tp->mss_cache = mss_now;

	return mss_now;
}

unsigned int tcp_current_mss(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_output.c:1561",
		"The MSS for the next segment: resync with the route's MTU and subtract the current options.");
	const struct tcp_sock *tp = tcp_sk(sk);
	const struct dst_entry *dst = __sk_dst_get(sk);
	u32 mss_now;
	unsigned int header_len;
	struct tcp_out_options opts;

	mss_now = tp->mss_cache;

	if (dst) {
		u32 mtu = dst_mtu(dst);

		if (mtu != inet_csk(sk)->icsk_pmtu_cookie)
			mss_now = tcp_sync_mss(sk, mtu);
	}

	header_len = tcp_established_options(sk, NULL, &opts) +
		     sizeof(struct tcphdr);
	if (header_len != tp->tcp_header_len) {
		int delta = (int) header_len - tp->tcp_header_len;

		mss_now -= delta;
	}

	return mss_now;
}

/* ---- sending data ---- */

/*
 * tcp_event_new_data_sent: a segment left for the first time: snd_nxt
 * moves past it, it goes from the write queue to the retransmit queue,
 * and the first one in flight starts the retransmission timer.
 */
static void tcp_event_new_data_sent(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_output.c:67",
		"New data left: advance snd_nxt, move the segment to the retransmit queue, start the RTO timer.");
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	unsigned int prior_packets = tp->packets_out;

	KM_STEP(73, "snd_nxt = the segment's end_seq.");
	tp->snd_nxt = TCP_SKB_CB(skb)->end_seq;

	KM_STEP(75,
		"Move it from sk_write_queue to the retransmit queue (tcp_rtx_queue) until it is acknowledged.");
	__skb_unlink(skb, &sk->sk_write_queue);
	tcp_rbtree_insert(&sk->tcp_rtx_queue, skb);

	tp->packets_out += tcp_skb_pcount(skb);
	if (!prior_packets || icsk->icsk_pending == ICSK_TIME_LOSS_PROBE) {
		KM_STEP(80,
			"The first segment in flight: arm the retransmission timer (tcp_rearm_rto).");
		tcp_rearm_rto(sk);
	}

	NET_ADD_STATS(sock_net(sk), LINUX_MIB_TCPORIGDATASENT,
		      tcp_skb_pcount(skb));
}

static void tcp_set_skb_tso_segs(struct sk_buff *skb, unsigned int mss_now)
{
	KM_FUNC("net/ipv4/tcp_output.c:1198",
		"How many MSS-sized packets this skb makes (one, when it fits in an MSS).");
	if (skb->len <= mss_now) {
		tcp_skb_pcount_set(skb, 1);
		TCP_SKB_CB(skb)->tcp_gso_size = 0;
	} else {
		tcp_skb_pcount_set(skb, DIV_ROUND_UP(skb->len, mss_now));
		TCP_SKB_CB(skb)->tcp_gso_size = mss_now;
	}
}

static bool tcp_minshall_check(const struct tcp_sock *tp)
{
	KM_FUNC("net/ipv4/tcp_output.c:1658",
		"Minshall's rule: is a small segment sent earlier still unacknowledged?");
	return after(tp->snd_sml, tp->snd_una) &&
		!after(tp->snd_sml, tp->snd_nxt);
}

static void tcp_minshall_update(struct tcp_sock *tp, unsigned int mss_now,
				const struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_output.c:1672",
		"A segment smaller than the MSS left: remember its end (snd_sml) for Nagle.");
	if (skb->len < tcp_skb_pcount(skb) * mss_now)
		tp->snd_sml = TCP_SKB_CB(skb)->end_seq;
}

static bool tcp_nagle_check(bool partial, const struct tcp_sock *tp,
			    int nonagle)
{
	KM_FUNC("net/ipv4/tcp_output.c:1686",
		"Must Nagle hold this small segment back (corked, or a small one still unacknowledged)?");
	return partial &&
		((nonagle & TCP_NAGLE_CORK) ||
		 (!nonagle && tp->packets_out && tcp_minshall_check(tp)));
}

static inline unsigned int tcp_cwnd_test(const struct tcp_sock *tp,
					 const struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_output.c:1767",
		"How many segments the congestion window lets out now (cwnd - in flight, at most half of cwnd).");
	u32 in_flight, cwnd, halfcwnd;

	if ((TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN) &&
	    tcp_skb_pcount(skb) == 1)
		return 1;

	in_flight = tcp_packets_in_flight(tp);
	cwnd = tp->snd_cwnd;
	if (in_flight >= cwnd)
		return 0;

	halfcwnd = max(cwnd >> 1, 1U);
	return min(halfcwnd, cwnd - in_flight);
}

static int tcp_init_tso_segs(struct sk_buff *skb, unsigned int mss_now)
{
	KM_FUNC("net/ipv4/tcp_output.c:1793",
		"Set the skb's packet count the first time it is considered for sending.");
	int tso_segs = tcp_skb_pcount(skb);

	if (!tso_segs || (tso_segs > 1 && tcp_skb_mss(skb) != (int)mss_now)) {
		tcp_set_skb_tso_segs(skb, mss_now);
		tso_segs = tcp_skb_pcount(skb);
	}
	return tso_segs;
}

static inline bool tcp_nagle_test(const struct tcp_sock *tp, const struct sk_buff *skb,
				  unsigned int cur_mss, int nonagle)
{
	KM_FUNC("net/ipv4/tcp_output.c:1808",
		"Does Nagle's algorithm let this segment go now?");
	if (nonagle & TCP_NAGLE_PUSH)
		return true;

	if (tcp_urg_mode(tp) || (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN))
		return true;

	if (!tcp_nagle_check(skb->len < cur_mss, tp, nonagle))
		return true;

	return false;
}

static bool tcp_snd_wnd_test(const struct tcp_sock *tp,
			     const struct sk_buff *skb,
			     unsigned int cur_mss)
{
	KM_FUNC("net/ipv4/tcp_output.c:1831",
		"Does the segment fit in the window the peer offers (end_seq <= snd_una + snd_wnd)?");
	u32 end_seq = TCP_SKB_CB(skb)->end_seq;

	if (skb->len > cur_mss)
		end_seq = TCP_SKB_CB(skb)->seq + cur_mss;

	return !after(end_seq, tcp_wnd_end(tp));
}

/*
 * tcp_write_xmit: send segments from the head of the write queue while
 * the congestion window, the peer's window and Nagle allow. Returns true
 * if nothing is in flight but data waits (the peer's window is closed).
 *
 * kmirror leaves out MTU probing, pacing, TSO (a segment never exceeds
 * one MSS here, so none is split), TCP small queues, repair mode and cwnd
 * validation: cwnd stays where it is.
 */
static bool tcp_write_xmit(struct sock *sk, unsigned int mss_now, int nonagle,
			   int push_one, gfp_t gfp)
{
	KM_FUNC("net/ipv4/tcp_output.c:2318",
		"Send queued segments while cwnd, the peer's window and Nagle allow.");
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;
	unsigned int tso_segs, sent_pkts;
	int cwnd_quota;

	sent_pkts = 0;

	tcp_mstamp_refresh(tp);

	while ((skb = tcp_send_head(sk))) {
		tso_segs = tcp_init_tso_segs(skb, mss_now);
		BUG_ON(!tso_segs);

		cwnd_quota = tcp_cwnd_test(tp, skb);
		if (!cwnd_quota) {
			KM_STEP(2361,
				"The congestion window is full: stop.");
			if (push_one == 2)
				cwnd_quota = 1;
			else
				break;
		}

		if (unlikely(!tcp_snd_wnd_test(tp, skb, mss_now))) {
			KM_STEP(2369,
				"The segment does not fit in the peer's window: stop.");
			break;
		}

		if (tso_segs == 1) {
			if (unlikely(!tcp_nagle_test(tp, skb, mss_now,
						     (tcp_skb_is_last(sk, skb) ?
						      nonagle : TCP_NAGLE_PUSH)))) {
				KM_STEP(2378,
					"Nagle: a small segment while a small one is unacknowledged waits.");
				break;
			}
		}

		KM_STEP(2402,
			"Transmit a clone; the original stays queued for retransmission.");
		if (unlikely(tcp_transmit_skb(sk, skb, 1, gfp)))
			break;

		tcp_event_new_data_sent(sk, skb);

		tcp_minshall_update(tp, mss_now, skb);
		sent_pkts += tcp_skb_pcount(skb);

		if (push_one)
			break;
	}

	if (likely(sent_pkts)) {
		/* One loss probe per tail loss episode. */
		if (push_one != 2) {
			KM_STEP(2429,
				"New data is out: arm a tail loss probe (TLP) if the connection qualifies.");
			tcp_schedule_loss_probe(sk, false);
		}
		return false;
	}
	return !tp->packets_out && !tcp_write_queue_empty(sk);
}

/*
 * tcp_schedule_loss_probe: on a SACK connection in the Open state, arm a
 * probe timer (PTO) of two smoothed RTTs, plus 200 ms with a single
 * segment in flight (its ACK may be delayed), but never later than the
 * RTO would fire; a lost tail is then resent before the RTO backs off.
 */
bool tcp_schedule_loss_probe(struct sock *sk, bool advancing_rto)
{
	KM_FUNC("net/ipv4/tcp_output.c:2437",
		"Arm the tail loss probe timer: 2 x srtt (+200 ms for a single segment), at most the RTO.");
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	u32 timeout, rto_delta_us;
	int early_retrans;

	if (tp->fastopen_rsk)
		return false;

	early_retrans = sock_net(sk)->ipv4.sysctl_tcp_early_retrans;
	if ((early_retrans != 3 && early_retrans != 4) ||
	    !tp->packets_out || !tcp_is_sack(tp) ||
	    (icsk->icsk_ca_state != TCP_CA_Open &&
	     icsk->icsk_ca_state != TCP_CA_CWR)) {
		KM_STEP(2458,
			"No probe: nothing in flight, no SACK, or in loss recovery (the RTO stays).");
		return false;
	}

	if (tp->srtt_us) {
		timeout = usecs_to_jiffies(tp->srtt_us >> 2);
		if (tp->packets_out == 1)
			timeout += TCP_RTO_MIN;
		else
			timeout += TCP_TIMEOUT_MIN;
	} else {
		timeout = TCP_TIMEOUT_INIT;
	}

	rto_delta_us = advancing_rto ?
			jiffies_to_usecs(inet_csk(sk)->icsk_rto) :
			tcp_rto_delta_us(sk);
	if (rto_delta_us > 0)
		timeout = min_t(u32, timeout, usecs_to_jiffies(rto_delta_us));

	KM_STEP(2481,
		"Arm the retransmit timer as ICSK_TIME_LOSS_PROBE (the PTO).");
	/* mirrors tcp_reset_xmit_timer(): kmirror has no pacing delay */
	inet_csk_reset_xmit_timer(sk, ICSK_TIME_LOSS_PROBE, timeout,
				  TCP_RTO_MAX);
	return true;
}

/*
 * tcp_send_loss_probe: the PTO fired: send new data if the window
 * allows, else resend the last segment in flight (once per episode:
 * tlp_high_seq), then fall back to the RTO.
 */
void tcp_send_loss_probe(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_output.c:2504",
		"The probe timer fired: send new data, or resend the last segment, then arm the RTO.");
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;
	int pcount;
	int mss = tcp_current_mss(sk);

	skb = tcp_send_head(sk);
	if (skb && tcp_snd_wnd_test(tp, skb, mss)) {
		pcount = tp->packets_out;
		tcp_write_xmit(sk, mss, TCP_NAGLE_OFF, 2, GFP_ATOMIC);
		if (tp->packets_out > pcount)
			goto probe_sent;
		goto rearm_timer;
	}
	skb = skb_rb_last(&sk->tcp_rtx_queue);
	if (unlikely(!skb)) {
		WARN_ONCE(tp->packets_out, "invalid inflight");
		inet_csk(sk)->icsk_pending = 0;
		return;
	}

	if (tp->tlp_high_seq) {
		KM_STEP(2530,
			"A probe is already outstanding (tlp_high_seq): only re-arm the RTO.");
		goto rearm_timer;
	}

	if (skb_fclone_busy(sk, skb))
		goto rearm_timer;	/* inlined: skb_still_in_host_queue() */

	pcount = tcp_skb_pcount(skb);
	if (WARN_ON(!pcount))
		goto rearm_timer;

	/* kmirror: a segment never exceeds one MSS, so none is split
	 * (tcp_fragment) before it is probed. */

	KM_STEP(2550, "Resend the last segment in flight as the probe.");
	if (__tcp_retransmit_skb(sk, skb, 1))
		goto rearm_timer;

	KM_STEP(2554, "Remember snd_nxt (tlp_high_seq) to tell from its ACK whether a loss happened.");
	tp->tlp_high_seq = tp->snd_nxt;

probe_sent:
	NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPLOSSPROBES);
	inet_csk(sk)->icsk_pending = 0;
rearm_timer:
	KM_STEP(2561, "Fall back to the RTO, counted from now (tcp_rearm_rto).");
	tcp_rearm_rto(sk);
}

void __tcp_push_pending_frames(struct sock *sk, unsigned int cur_mss,
			       int nonagle)
{
	KM_FUNC("net/ipv4/tcp_output.c:2568",
		"Send what the write queue holds (unless the socket is closed).");
	if (unlikely(sk->sk_state == TCP_CLOSE))
		return;

	if (tcp_write_xmit(sk, cur_mss, nonagle, 0, GFP_ATOMIC)) {
		KM_STEP(2580,
			"Nothing in flight yet data waits (the peer's window is shut): arm the zero-window probe timer.");
		tcp_check_probe_timer(sk);
	}
}

void tcp_push_one(struct sock *sk, unsigned int mss_now)
{
	KM_FUNC("net/ipv4/tcp_output.c:2586",
		"Send the one full segment at the head of the write queue.");
	struct sk_buff *skb = tcp_send_head(sk);

	BUG_ON(!skb || skb->len < mss_now);

	tcp_write_xmit(sk, mss_now, TCP_NAGLE_PUSH, 1, sk->sk_allocation);
}

/* ---- retransmission ---- */

/*
 * __tcp_retransmit_skb: send a queued segment again. For a SYN the
 * segment is unchanged (same seq, window, options) except for a fresh
 * TSval; ECN is dropped from a SYN that asked for it.
 */
int __tcp_retransmit_skb(struct sock *sk, struct sk_buff *skb, int segs)
{
	KM_FUNC("net/ipv4/tcp_output.c:2843",
		"Retransmit one queued segment (for the SYN: the same SYN with a new TSval).");
	struct tcp_sock *tp = tcp_sk(sk);
	unsigned int cur_mss;
	int err;

	if (inet_csk(sk)->icsk_mtup.probe_size)
		inet_csk(sk)->icsk_mtup.probe_size = 0;

	/* Too much still in flight below us: try later. */
	if (refcount_read(&sk->sk_wmem_alloc) >
	    min_t(u32, sk->sk_wmem_queued + (sk->sk_wmem_queued >> 2),
		  sk->sk_sndbuf))
		return -EAGAIN;

	/* The previous copy has not left the host yet. */
	if (skb_fclone_busy(sk, skb))
		return -EBUSY;

	if (before(TCP_SKB_CB(skb)->seq, tp->snd_una)) {
		if (unlikely(before(TCP_SKB_CB(skb)->end_seq, tp->snd_una))) {
			WARN_ON_ONCE(1);
			return -EINVAL;
		}
	}

	KM_STEP(2875, "Make sure we still have a route (rebuild_header).");
	if (inet_csk(sk)->icsk_af_ops->rebuild_header(sk))
		return -EHOSTUNREACH;

	cur_mss = tcp_current_mss(sk);
	(void)cur_mss;

	if ((TCP_SKB_CB(skb)->tcp_flags & TCPHDR_SYN_ECN) == TCPHDR_SYN_ECN)
		tcp_ecn_clear_syn(sk, skb);

	KM_STEP(2912,
		"Count the retransmission (RetransSegs; TCPSynRetrans for a SYN).");
	segs = tcp_skb_pcount(skb);
	TCP_ADD_STATS(sock_net(sk), TCP_MIB_RETRANSSEGS, segs);
	if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_SYN)
		__NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPSYNRETRANS);
	tp->total_retrans += segs;
	tp->bytes_retrans += skb->len;

	KM_STEP(2938, "Transmit a fresh clone of the queued segment.");
	err = tcp_transmit_skb(sk, skb, 1, GFP_ATOMIC);

	if (likely(!err))
		TCP_SKB_CB(skb)->sacked |= TCPCB_EVER_RETRANS;
	else if (err != -EBUSY)
		NET_ADD_STATS(sock_net(sk), LINUX_MIB_TCPRETRANSFAIL, segs);
	return err;
}

int tcp_retransmit_skb(struct sock *sk, struct sk_buff *skb, int segs)
{
	KM_FUNC("net/ipv4/tcp_output.c:2954",
		"Retransmit and account: retrans_out, and retrans_stamp if this is the first.");
	struct tcp_sock *tp = tcp_sk(sk);
	int err = __tcp_retransmit_skb(sk, skb, segs);

	if (err == 0) {
		TCP_SKB_CB(skb)->sacked |= TCPCB_RETRANS;
		tp->retrans_out += tcp_skb_pcount(skb);

		if (!tp->retrans_stamp)
			tp->retrans_stamp = tcp_skb_timestamp(skb);
	}

	if (tp->undo_retrans < 0)
		tp->undo_retrans = 0;
	tp->undo_retrans += tcp_skb_pcount(skb);
	return err;
}

/*
 * tcp_send_fin: queue a FIN and push it. If an unsent segment waits at the
 * tail of the write queue the FIN rides on it; otherwise a new segment
 * carries it alone (FIN|ACK at write_seq, one sequence number).
 */
void tcp_send_fin(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_output.c:3080",
		"Send our FIN: on the last unsent segment, or on a new one, then push it out.");
	struct sk_buff *skb, *tskb = tcp_write_queue_tail(sk);
	struct tcp_sock *tp = tcp_sk(sk);

	/* kmirror leaves out the memory-pressure case (line 3090): never under pressure */
	if (tskb) {
coalesce:
		KM_STEP(3095,
			"A segment is still unsent: the FIN rides on it (end_seq and write_seq + 1).");
		TCP_SKB_CB(tskb)->tcp_flags |= TCPHDR_FIN;
		TCP_SKB_CB(tskb)->end_seq++;
		tp->write_seq++;
		if (tcp_write_queue_empty(sk)) {
			tp->snd_nxt++;
			return;
		}
	} else {
		KM_STEP(3109,
			"Nothing unsent: allocate a segment of its own for the FIN.");
		skb = alloc_skb_fclone(MAX_TCP_HEADER, sk->sk_allocation);
		if (unlikely(!skb)) {
			if (tskb)
				goto coalesce;
			return;
		}
		INIT_LIST_HEAD(&skb->tcp_tsorted_anchor);
		skb_reserve(skb, MAX_TCP_HEADER);
		/* kmirror leaves out sk_forced_mem_schedule (no memory accounting limits) */
		KM_STEP(3119,
			"A FIN|ACK at write_seq; the FIN takes one sequence number.");
		tcp_init_nondata_skb(skb, tp->write_seq,
				     TCPHDR_ACK | TCPHDR_FIN);
		tcp_queue_skb(sk, skb);
	}
	KM_STEP(3123, "Push it out now, Nagle off.");
	__tcp_push_pending_frames(sk, tcp_current_mss(sk), TCP_NAGLE_OFF);
}

/* An RST to abort the connection (close with unread data, SO_LINGER 0). */
void tcp_send_active_reset(struct sock *sk, gfp_t priority)
{
	KM_FUNC("net/ipv4/tcp_output.c:3131",
		"Abort: send an RST|ACK at snd_nxt, never retransmitted.");
	struct sk_buff *skb;

	TCP_INC_STATS(sock_net(sk), TCP_MIB_OUTRSTS);

	skb = alloc_skb(MAX_TCP_HEADER, priority);
	if (!skb)
		return;

	skb_reserve(skb, MAX_TCP_HEADER);
	tcp_init_nondata_skb(skb, tcp_sk(sk)->snd_nxt,
			     TCPHDR_ACK | TCPHDR_RST);
	tcp_mstamp_refresh(tcp_sk(sk));
	KM_STEP(3150, "Send the RST.");
	tcp_transmit_skb(sk, skb, 0, priority);
}

/*
 * tcp_send_synack: simultaneous open. Our SYN crossed the peer's: turn
 * the queued SYN into a SYN-ACK (same ISN) and send it.
 */
int tcp_send_synack(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_output.c:3165",
		"Simultaneous open: resend our queued SYN with ACK set.");
	struct sk_buff *skb;

	skb = tcp_rtx_queue_head(sk);
	if (!skb || !(TCP_SKB_CB(skb)->tcp_flags & TCPHDR_SYN)) {
		pr_err("%s: wrong queue state\n", __func__);
		return -EFAULT;
	}
	if (!(TCP_SKB_CB(skb)->tcp_flags & TCPHDR_ACK)) {
		if (skb_cloned(skb)) {
			struct sk_buff *nskb;

			/* A copy of ours is still in flight: work on a fresh one. */
			nskb = skb_copy(skb, GFP_ATOMIC);
			if (!nskb)
				return -ENOMEM;
			INIT_LIST_HEAD(&nskb->tcp_tsorted_anchor);
			tcp_rtx_queue_unlink_and_free(skb, sk);
			KM_STEP(3186,
				"Put the SYN-ACK on the retransmit queue.");
			tcp_rbtree_insert(&sk->tcp_rtx_queue, nskb);
			sk->sk_wmem_queued += nskb->truesize;
			sk_mem_charge(sk, nskb->truesize);
			skb = nskb;
		}

		KM_STEP(3192, "Add the ACK flag to the queued SYN.");
		TCP_SKB_CB(skb)->tcp_flags |= TCPHDR_ACK;
		tcp_ecn_send_synack(sk, skb);
	}
	KM_STEP(3195, "Send the SYN-ACK.");
	return tcp_transmit_skb(sk, skb, 1, GFP_ATOMIC);
}

/*
 * tcp_make_synack: the SYN-ACK of a passive open, from the request sock:
 * our ISN, ack = the peer's ISN + 1, the window unscaled, options from
 * what the peer offered.
 */
struct sk_buff *tcp_make_synack(const struct sock *sk, struct dst_entry *dst,
				struct request_sock *req, void *foc,
				int synack_type)
{
	KM_FUNC("net/ipv4/tcp_output.c:3207",
		"Build a SYN-ACK for a pending connection request.");
	struct inet_request_sock *ireq = inet_rsk(req);
	const struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_out_options opts;
	struct sk_buff *skb;
	int tcp_header_size;
	struct tcphdr *th;
	int mss;

	skb = alloc_skb(MAX_TCP_HEADER, GFP_ATOMIC);
	if (unlikely(!skb)) {
		dst_release(dst);
		return skb;
	}
	skb_reserve(skb, MAX_TCP_HEADER);

	switch (synack_type) {
	case TCP_SYNACK_NORMAL:
		skb_set_owner_w(skb, req_to_sk(req));
		break;
	case TCP_SYNACK_COOKIE:
		/* No socket owns a cookie SYN-ACK: nothing is kept. */
		break;
	case TCP_SYNACK_FASTOPEN:
		skb_set_owner_w(skb, (struct sock *)sk);
		break;
	}
	skb_dst_set(skb, dst);

	KM_STEP(3248, "Our MSS: the route's advmss, limited by TCP_MAXSEG.");
	mss = tcp_mss_clamp(tp, dst_metric_advmss(dst));

	memset(&opts, 0, sizeof(opts));
	if (unlikely(req->cookie_ts)) {
		KM_STEP(3253,
			"A SYN cookie with timestamps: the TSval carries the SYN's options in its low 6 bits.");
		skb->skb_mstamp_ns = cookie_init_timestamp(req);
	} else {
		skb->skb_mstamp_ns = tcp_clock_ns();
	}

	tcp_header_size = tcp_synack_options(sk, req, mss, skb, &opts) +
			  sizeof(*th);

	skb_push(skb, tcp_header_size);
	skb_reset_transport_header(skb);

	KM_STEP(3269,
		"Fill the header: SYN|ACK, seq = our ISN, ack = the peer's ISN + 1.");
	th = (struct tcphdr *)skb->data;
	memset(th, 0, sizeof(struct tcphdr));
	th->syn = 1;
	th->ack = 1;
	tcp_ecn_make_synack(req, th);
	th->source = htons(ireq->ir_num);
	th->dest = ireq->ir_rmt_port;
	skb->mark = ireq->ir_mark;
	skb->ip_summed = CHECKSUM_PARTIAL;
	th->seq = htonl(tcp_rsk(req)->snt_isn);
	th->ack_seq = htonl(tcp_rsk(req)->rcv_nxt);

	KM_STEP(3283,
		"The SYN-ACK's window is not scaled: min(rsk_rcv_wnd, 65535).");
	th->window = htons(min(req->rsk_rcv_wnd, 65535U));
	tcp_options_write((__be32 *)(th + 1), NULL, &opts);
	th->doff = (tcp_header_size >> 2);
	__TCP_INC_STATS(sock_net(sk), TCP_MIB_OUTSEGS);

	skb->tstamp = 0;
	return skb;
}

/*
 * tcp_connect_init: everything about the connection that does not depend
 * on IPv4: header length, MSS, the window and its scale, and the
 * sequence variables (snd_una = snd_nxt = write_seq = ISN, rcv_nxt = 0).
 */
static void tcp_connect_init(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_output.c:3322",
		"Initialise the connection: header length, MSS, window, scale, sequence numbers.");
	struct tcp_sock *tp = tcp_sk(sk);
	/* LAB 4 BEGIN: connect_init — header length, MSS and window of the SYN */
	const struct dst_entry *dst = __sk_dst_get(sk);
	__u8 rcv_wscale;
	u32 rcv_wnd;

	/* Provisional until the SYN-ACK tells us what the peer supports. */
	KM_STEP(3332,
		"TCP header length we will use: 20, plus 12 if timestamps are on (32).");
	tp->tcp_header_len = sizeof(struct tcphdr);
	if (sock_net(sk)->ipv4.sysctl_tcp_timestamps)
		tp->tcp_header_len += TCPOLEN_TSTAMP_ALIGNED;

	if (tp->rx_opt.user_mss)
		tp->rx_opt.mss_clamp = tp->rx_opt.user_mss;
	tp->max_window = 0;
	tcp_mtup_init(sk);
	KM_STEP(3346,
		"Derive mss_cache from the route MTU: MTU - 40 - our option bytes, capped by mss_clamp.");
	tcp_sync_mss(sk, dst_mtu(dst));

	if (!tp->window_clamp)
		tp->window_clamp = dst_metric(dst, RTAX_WINDOW);
	KM_STEP(3352,
		"advmss, the MSS we announce: route MTU - 40, limited by TCP_MAXSEG.");
	tp->advmss = tcp_mss_clamp(tp, dst_metric_advmss(dst));

	tcp_initialize_rcv_mss(sk);

	/* A user-locked small receive buffer also limits the window. */
	if (sk->sk_userlocks & SOCK_RCVBUF_LOCK &&
	    (tp->window_clamp > (u32)tcp_full_space(sk) || tp->window_clamp == 0))
		tp->window_clamp = tcp_full_space(sk);

	rcv_wnd = dst_metric(dst, RTAX_INITRWND);

	KM_STEP(3365,
		"Choose the initial window from tcp_full_space (the share of sk_rcvbuf left for data) and the scale.");
	tcp_select_initial_window(sk, tcp_full_space(sk),
				  tp->advmss - (tp->rx_opt.ts_recent_stamp ?
						tp->tcp_header_len - sizeof(struct tcphdr) : 0),
				  &tp->rcv_wnd,
				  &tp->window_clamp,
				  sock_net(sk)->ipv4.sysctl_tcp_window_scaling,
				  &rcv_wscale,
				  rcv_wnd);

	tp->rx_opt.rcv_wscale = rcv_wscale;
	tp->rcv_ssthresh = tp->rcv_wnd;
	/* LAB 4 END: connect_init */

	KM_STEP(3376,
		"Clear errors; nothing known of the peer's window yet (snd_wnd 0).");
	sk->sk_err = 0;
	sock_reset_flag(sk, SOCK_DONE);
	tp->snd_wnd = 0;
	tcp_init_wl(tp, 0);
	tcp_write_queue_purge(sk);
	KM_STEP(3381,
		"All send pointers start at the ISN: snd_una = snd_sml = snd_up = snd_nxt = write_seq.");
	tp->snd_una = tp->write_seq;
	tp->snd_sml = tp->write_seq;
	tp->snd_up = tp->write_seq;
	tp->snd_nxt = tp->write_seq;

	KM_STEP(3386,
		"Nothing received yet: rcv_nxt = rcv_wup = copied_seq = 0.");
	if (likely(!tp->repair))
		tp->rcv_nxt = 0;
	else
		tp->rcv_tstamp = tcp_jiffies32;
	tp->rcv_wup = tp->rcv_nxt;
	tp->copied_seq = tp->rcv_nxt;

	KM_STEP(3393,
		"Initial retransmission timeout: 1 s; no retransmissions yet.");
	inet_csk(sk)->icsk_rto = tcp_timeout_init(sk);
	inet_csk(sk)->icsk_retransmits = 0;
	/* inlined: tcp_clear_retrans() */
	tp->retrans_out = 0;
	tp->lost_out = 0;
	tp->undo_marker = 0;
	tp->undo_retrans = -1;
	tp->sacked_out = 0;
}

static void tcp_connect_queue_skb(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_output.c:3398",
		"Charge the SYN to the socket: write_seq = end_seq, packets_out + 1.");
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);

	tcb->end_seq += skb->len;
	sk->sk_wmem_queued += skb->truesize;
	sk_mem_charge(sk, skb->truesize);
	tp->write_seq = tcb->end_seq;
	tp->packets_out += tcp_skb_pcount(skb);
}

int tcp_connect(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_output.c:3505",
		"Build the SYN, queue it for retransmission, send it, start the timer.");
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *buff;
	int err;

	KM_STEP(3513,
		"Make sure the socket still has a route (inet_sk_rebuild_header); else EHOSTUNREACH.");
	if (inet_csk(sk)->icsk_af_ops->rebuild_header(sk))
		return -EHOSTUNREACH;

	tcp_connect_init(sk);

	if (unlikely(tp->repair)) {
		tcp_finish_connect(sk, NULL);
		return 0;
	}

	KM_STEP(3523,
		"Allocate the SYN skb: no data, MAX_TCP_HEADER bytes of headroom.");
	buff = sk_stream_alloc_skb(sk, 0, sk->sk_allocation, true);
	if (unlikely(!buff))
		return -ENOBUFS;

	KM_STEP(3527, "Mark it a SYN at seq = ISN; write_seq moves past it.");
	tcp_init_nondata_skb(buff, tp->write_seq++, TCPHDR_SYN);
	tcp_mstamp_refresh(tp);
	KM_STEP(3529,
		"retrans_stamp: when the first SYN left (ms), for the timeout logic.");
	tp->retrans_stamp = tcp_time_stamp(tp);
	tcp_connect_queue_skb(sk, buff);
	tcp_ecn_send_syn(sk, buff);
	KM_STEP(3532,
		"Keep the SYN on the retransmit queue (tcp_rtx_queue) until it is acknowledged.");
	tcp_rbtree_insert(&sk->tcp_rtx_queue, buff);

	KM_STEP(3535, "Transmit a clone of the SYN.");
	err = tcp_transmit_skb(sk, buff, 1, sk->sk_allocation);
	if (err == -ECONNREFUSED)
		return err;

	/* snd_nxt moves only now, so the SYN counted as a new segment. */
	KM_STEP(3543, "snd_nxt = pushed_seq = write_seq = ISN + 1.");
	tp->snd_nxt = tp->write_seq;
	tp->pushed_seq = tp->write_seq;
	buff = tcp_send_head(sk);
	if (unlikely(buff)) {
		tp->snd_nxt	= TCP_SKB_CB(buff)->seq;
		tp->pushed_seq	= TCP_SKB_CB(buff)->seq;
	}
	TCP_INC_STATS(sock_net(sk), TCP_MIB_ACTIVEOPENS);

	KM_STEP(3553,
		"Arm the retransmission timer: resend the SYN if nothing answers within icsk_rto (1 s).");
	inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS,
				  inet_csk(sk)->icsk_rto, TCP_RTO_MAX);
	return 0;
}

/* Schedule a delayed ACK (the ATO, bounded) unless one is due already. */
void tcp_send_delayed_ack(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_output.c:3563",
		"Do not ACK yet: arm the delayed-ACK timer.");
	struct inet_connection_sock *icsk = inet_csk(sk);
	int ato = icsk->icsk_ack.ato;
	unsigned long timeout;

	if (ato > (int)TCP_DELACK_MIN) {
		const struct tcp_sock *tp = tcp_sk(sk);
		int max_ato = HZ / 2;

		if (icsk->icsk_ack.pingpong ||
		    (icsk->icsk_ack.pending & ICSK_ACK_PUSHED))
			max_ato = TCP_DELACK_MAX;

		/* once srtt is known, hold an ACK at most about one RTT */
		if (tp->srtt_us) {
			int rtt = max_t(int, usecs_to_jiffies(tp->srtt_us >> 3),
					TCP_DELACK_MIN);

			if (rtt < max_ato)
				max_ato = rtt;
		}

		ato = min(ato, max_ato);
	}

	timeout = jiffies + ato;

	if (icsk->icsk_ack.pending & ICSK_ACK_TIMER) {
		/* timer running: if it was blocked or has < ato/4 to go, ACK now */
		if (icsk->icsk_ack.blocked ||
		    time_before_eq(icsk->icsk_ack.timeout, jiffies + (ato >> 2))) {
			KM_STEP(3604,
				"The delayed-ACK timer is already overdue: send the ACK now.");
			tcp_send_ack(sk);
			return;
		}

		if (!time_before(timeout, icsk->icsk_ack.timeout))
			timeout = icsk->icsk_ack.timeout;
	}
	icsk->icsk_ack.pending |= ICSK_ACK_SCHED | ICSK_ACK_TIMER;
	icsk->icsk_ack.timeout = timeout;
	KM_STEP(3613, "Arm the delayed-ACK timer.");
	sk_reset_timer(sk, &icsk->icsk_delack_timer, timeout);
}

/*
 * The sequence number for a segment without data: snd_nxt, unless the
 * peer shrank its window below it by more than the scaling can blur;
 * then the window's right edge, which the peer still accepts.
 */
static inline __u32 tcp_acceptable_seq(const struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_output.c:93",
		"Pick the seq of a data-less segment: snd_nxt if it is inside the peer's window.");
	const struct tcp_sock *tp = tcp_sk(sk);

	if (!before(tcp_wnd_end(tp), tp->snd_nxt) ||
	    (tp->rx_opt.wscale_ok &&
	     ((tp->snd_nxt - tcp_wnd_end(tp)) < (1 << tp->rx_opt.rcv_wscale)))) {
		KM_STEP(100,
			"snd_nxt is inside the window the peer offers: use it.");
		return tp->snd_nxt;
	}
	KM_STEP(102,
		"The peer shrank its window below snd_nxt: use the window's right edge.");
	return tcp_wnd_end(tp);
}

void __tcp_send_ack(struct sock *sk, u32 rcv_nxt)
{
	KM_FUNC("net/ipv4/tcp_output.c:3617",
		"Build and send a pure ACK (ack = rcv_nxt).");
	struct sk_buff *buff;

	if (sk->sk_state == TCP_CLOSE) {
		KM_STEP(3623,
			"The socket was reset (CLOSE): it sends nothing more.");
		return;
	}

	KM_STEP(3629,
		"Allocate a header-only skb (if that fails, fall back to a delayed ACK).");
	buff = alloc_skb(MAX_TCP_HEADER, GFP_ATOMIC | __GFP_NOWARN);
	if (unlikely(!buff)) {
		inet_csk_schedule_ack(sk);
		inet_csk(sk)->icsk_ack.ato = TCP_ATO_MIN;
		KM_STEP(3634,
			"No memory for the ACK: retry from the delayed-ACK timer.");
		inet_csk_reset_xmit_timer(sk, ICSK_TIME_DACK,
					  TCP_DELACK_MAX, TCP_RTO_MAX);
		return;
	}

	skb_reserve(buff, MAX_TCP_HEADER);
	KM_STEP(3641,
		"An ACK whose seq the peer will accept (tcp_acceptable_seq).");
	tcp_init_nondata_skb(buff, tcp_acceptable_seq(sk), TCPHDR_ACK);

	/* Pure ACKs are charged as 2 bytes so they never throttle the socket. */
	skb_set_tcp_pure_ack(buff);

	KM_STEP(3650,
		"Transmit it without a clone: nothing keeps an ACK for retransmission.");
	__tcp_transmit_skb(sk, buff, 0, (__force gfp_t)0, rcv_nxt);
}

void tcp_send_ack(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_output.c:3654",
		"Acknowledge what we have received (ack = rcv_nxt).");
	__tcp_send_ack(sk, tcp_sk(sk)->rcv_nxt);
}

/*
 * A bare ACK with an old sequence number (snd_una - 1): the peer must
 * answer it with an ACK that shows its window.
 */
static int tcp_xmit_probe_skb(struct sock *sk, int urgent, int mib)
{
	KM_FUNC("net/ipv4/tcp_output.c:3670",
		"Send a zero-window probe: a bare ACK the peer has to answer.");
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;

	skb = alloc_skb(MAX_TCP_HEADER, GFP_ATOMIC | __GFP_NOWARN);
	if (!skb)
		return -1;
	skb_reserve(skb, MAX_TCP_HEADER);
	KM_STEP(3687,
		"An already acknowledged sequence number (snd_una - 1), so that the peer answers with an ACK.");
	tcp_init_nondata_skb(skb, tp->snd_una - !urgent, TCPHDR_ACK);
	NET_INC_STATS(sock_net(sk), mib);
	return tcp_transmit_skb(sk, skb, 0, (__force gfp_t)0);
}

/* A window probe from the timer (also keepalive's, in Linux). */
int tcp_write_wakeup(struct sock *sk, int mib)
{
	KM_FUNC("net/ipv4/tcp_output.c:3703",
		"Probe the peer's window: send what fits in it, or a bare probe.");
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;

	if (sk->sk_state == TCP_CLOSE)
		return -1;

	skb = tcp_send_head(sk);
	if (skb && before(TCP_SKB_CB(skb)->seq, tcp_wnd_end(tp)) &&
	    !after(TCP_SKB_CB(skb)->end_seq, tcp_wnd_end(tp))) {
		int err;

		KM_STEP(3712,
			"The window has opened over the next segment: send it (with PSH).");
		if (before(tp->pushed_seq, TCP_SKB_CB(skb)->end_seq))
			tp->pushed_seq = TCP_SKB_CB(skb)->end_seq;
		TCP_SKB_CB(skb)->tcp_flags |= TCPHDR_PSH;
		err = tcp_transmit_skb(sk, skb, 1, GFP_ATOMIC);
		if (!err)
			tcp_event_new_data_sent(sk, skb);
		return err;
	}
	/* kmirror: a window open over part of the segment would have it
	 * split (tcp_fragment, tcp_output.c:3724-3730); kmirror sends the
	 * bare probe instead, until the window covers the whole segment. */
	KM_STEP(3742, "The window is shut: send a bare probe.");
	return tcp_xmit_probe_skb(sk, 0, mib);
}

/* The zero-window probe timer fired with the window still shut. */
void tcp_send_probe0(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_output.c:3749",
		"Probe the peer's zero window, then re-arm the probe timer with backoff.");
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	struct net *net = sock_net(sk);
	unsigned long probe_max;
	int err;

	err = tcp_write_wakeup(sk, LINUX_MIB_TCPWINPROBE);

	if (tp->packets_out || tcp_write_queue_empty(sk)) {
		KM_STEP(3759,
			"Data is in flight again (or nothing waits): no more probing.");
		icsk->icsk_probes_out = 0;
		icsk->icsk_backoff = 0;
		return;
	}

	if (err <= 0) {
		KM_STEP(3769,
			"Count the probe and double the interval (icsk_backoff, up to tcp_retries2).");
		if (icsk->icsk_backoff < net->ipv4.sysctl_tcp_retries2)
			icsk->icsk_backoff++;
		icsk->icsk_probes_out++;
		probe_max = TCP_RTO_MAX;
	} else {
		if (!icsk->icsk_probes_out)
			icsk->icsk_probes_out = 1;
		probe_max = TCP_RESOURCE_PROBE_INTERVAL;
	}
	inet_csk_reset_xmit_timer(sk, ICSK_TIME_PROBE0,
				  tcp_probe0_when(sk, probe_max), TCP_RTO_MAX);
}

/* SYN-ACK retransmission for a request sock (the listener's timer). */
int tcp_rtx_synack(const struct sock *sk, struct request_sock *req)
{
	KM_FUNC("net/ipv4/tcp_output.c:3788",
		"Resend the SYN-ACK of a pending request.");
	const struct tcp_request_sock_ops *af_ops = tcp_rsk(req)->af_specific;
	struct flowi fl;
	int res;

	tcp_rsk(req)->txhash = km_net_tx_rndhash();
	KM_STEP(3795,
		"Resend the SYN-ACK (af_ops->send_synack = tcp_v4_send_synack).");
	res = af_ops->send_synack(sk, NULL, &fl, req, NULL, TCP_SYNACK_NORMAL);
	if (!res) {
		__TCP_INC_STATS(sock_net(sk), TCP_MIB_RETRANSSEGS);
		__NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPSYNRETRANS);
	}
	return res;
}
