// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/tcp_input.c (Linux 5.0.1) — processing received
 * segments: the state machine (tcp_rcv_state_process, :6004), the
 * SYN_SENT cases (tcp_rcv_synsent_state_process, :5772), option parsing
 * (tcp_parse_options, :3774), ACK processing (tcp_ack), connection
 * establishment (tcp_finish_connect, :5671), resets (tcp_reset, :4042),
 * and the listener's SYN handling (tcp_conn_request, :6411, with SYN
 * cookies when its queue is full: syncookies.c).
 *
 * Simplifications: no data reception or reassembly (data and FIN in a
 * segment are not queued; kmirror stops at the handshake), no SACK
 * scoreboard, no congestion avoidance, no Fast Open.
 */
#define pr_fmt(fmt) "TCP: " fmt	/* as 5.0.1 tcp_input.c:65 */

#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/random.h>
#include <net/tcp.h>
#include <net/inet_ecn.h>
#include <net/inet_connection_sock.h>
#include <net/ip.h>
#include <net/dst.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

/*
 * What tcp_ack() learnt from one ACK, as a bit set passed between its
 * helpers. The names say it; the less obvious ones: WIN_UPDATE = the
 * peer's window changed, SLOWPATH = take the full window-update checks,
 * ORIG_SACK_ACKED = data sent only once is now (s)acked, SET_XMIT_TIMER =
 * re-arm the RTO/TLP timer, SACK_RENEGING = snd_una moved onto SACKed
 * data, UPDATE_TS_RECENT = the caller may store the segment's TSval,
 * NO_CHALLENGE_ACK = an old ACK must not trigger a challenge ACK,
 * ACK_MAYBE_DELAYED = the peer probably delayed this ACK.
 */
#define FLAG_DATA		0x01
#define FLAG_WIN_UPDATE		0x02
#define FLAG_DATA_ACKED		0x04
#define FLAG_RETRANS_DATA_ACKED	0x08
#define FLAG_SYN_ACKED		0x10
#define FLAG_DATA_SACKED	0x20
#define FLAG_ECE		0x40
#define FLAG_LOST_RETRANS	0x80
#define FLAG_SLOWPATH		0x100
#define FLAG_ORIG_SACK_ACKED	0x200
#define FLAG_SND_UNA_ADVANCED	0x400
#define FLAG_DSACKING_ACK	0x800
#define FLAG_SET_XMIT_TIMER	0x1000
#define FLAG_SACK_RENEGING	0x2000
#define FLAG_UPDATE_TS_RECENT	0x4000
#define FLAG_NO_CHALLENGE_ACK	0x8000
#define FLAG_ACK_MAYBE_DELAYED	0x10000

#define FLAG_ACKED		(FLAG_DATA_ACKED|FLAG_SYN_ACKED)

/* Header prediction compares these bits of the flag word (PSH is ignored). */
#define TCP_REMNANT (TCP_FLAG_FIN|TCP_FLAG_URG|TCP_FLAG_SYN|TCP_FLAG_PSH)
#define TCP_HP_BITS (~(TCP_RESERVED_BITS|TCP_FLAG_PSH))
#define FLAG_NOT_DUP		(FLAG_DATA|FLAG_WIN_UPDATE|FLAG_ACKED)

static void tcp_drop(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_input.c:4402",
		"Drop a received segment: count it in the socket's drop counter and free it.");
	sk_drops_add(sk, skb);
	__kfree_skb(skb);
}

/* ---- ACK scheduling ---- */

static void tcp_incr_quickack(struct sock *sk, unsigned int max_quickacks)
{
	KM_FUNC("net/ipv4/tcp_input.c:207",
		"Allow a few immediate (quick) ACKs, about half a receive window's worth of segments.");
	struct inet_connection_sock *icsk = inet_csk(sk);
	unsigned int quickacks = tcp_sk(sk)->rcv_wnd / (2 * icsk->icsk_ack.rcv_mss);

	if (quickacks == 0)
		quickacks = 2;
	quickacks = min(quickacks, max_quickacks);
	if (quickacks > icsk->icsk_ack.quick)
		icsk->icsk_ack.quick = quickacks;
}

/* ACK every segment for a while: leave interactive (pingpong) mode. */
void tcp_enter_quickack_mode(struct sock *sk, unsigned int max_quickacks)
{
	KM_FUNC("net/ipv4/tcp_input.c:219",
		"Enter quick-ACK mode: ACK the next segments at once, not pingpong.");
	struct inet_connection_sock *icsk = inet_csk(sk);

	tcp_incr_quickack(sk, max_quickacks);
	icsk->icsk_ack.pingpong = 0;
	icsk->icsk_ack.ato = TCP_ATO_MIN;
}

/*
 * tcp_measure_rcv_mss: learn the peer's segment size from what arrives,
 * for the delayed-ACK decisions; a small segment marks the ACK "pushed".
 */
static void tcp_measure_rcv_mss(struct sock *sk, const struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_input.c:156",
		"Estimate the peer's MSS (rcv_mss) from this segment; a short one sets ICSK_ACK_PUSHED.");
	struct inet_connection_sock *icsk = inet_csk(sk);
	const unsigned int lss = icsk->icsk_ack.last_seg_size;
	unsigned int len;

	icsk->icsk_ack.last_seg_size = 0;

	len = skb_shinfo(skb)->gso_size ? : skb->len;
	if (len >= icsk->icsk_ack.rcv_mss) {
		icsk->icsk_ack.rcv_mss = min_t(unsigned int, len,
					       tcp_sk(sk)->advmss);
	} else {
		/* The length with the TCP header, free of SACK jitter. */
		len += skb->data - skb_transport_header(skb);
		if (len >= TCP_MSS_DEFAULT + sizeof(struct tcphdr) ||
		    (len >= TCP_MIN_MSS + sizeof(struct tcphdr) &&
		     !(tcp_flag_word(tcp_hdr(skb)) & TCP_REMNANT))) {
			len -= tcp_sk(sk)->tcp_header_len;
			icsk->icsk_ack.last_seg_size = len;
			if (len == lss) {
				icsk->icsk_ack.rcv_mss = len;
				return;
			}
		}
		KM_STEP(201,
			"A segment shorter than rcv_mss: mark the owed ACK as pushed (PUSHED, or PUSHED2 the second time).");
		if (icsk->icsk_ack.pending & ICSK_ACK_PUSHED)
			icsk->icsk_ack.pending |= ICSK_ACK_PUSHED2;
		icsk->icsk_ack.pending |= ICSK_ACK_PUSHED;
	}
}

static bool tcp_in_quickack_mode(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_input.c:233",
		"ACK every segment now? Yes while quick-ACK credit remains and the connection is not interactive (pingpong).");
	const struct inet_connection_sock *icsk = inet_csk(sk);
	const struct dst_entry *dst = __sk_dst_get(sk);

	return (dst && dst_metric(dst, RTAX_QUICKACK)) ||
		(icsk->icsk_ack.quick && !icsk->icsk_ack.pingpong);
}

/*
 * tcp_event_data_recv: data arrived: an ACK is owed; adapt the
 * delayed-ACK timeout (ato) to the gaps between segments. The first
 * data of a connection starts quick-ACK mode.
 */
static void tcp_event_data_recv(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_input.c:668",
		"Data arrived: owe an ACK (inet_csk_schedule_ack) and adapt the delayed-ACK timeout.");
	struct inet_connection_sock *icsk = inet_csk(sk);
	u32 now;

	KM_STEP(674, "An ACK is owed now: ICSK_ACK_SCHED.");
	inet_csk_schedule_ack(sk);

	tcp_measure_rcv_mss(sk, skb);

	/* kmirror leaves out tcp_rcv_rtt_measure(): the receiver's RTT only
	 * drives receive-buffer autotuning, which kmirror does not do. */

	now = tcp_jiffies32;

	if (!icsk->icsk_ack.ato) {
		KM_STEP(686,
			"The first data of the connection: quick-ACK mode, ato = 40 ms.");
		tcp_incr_quickack(sk, TCP_MAX_QUICKACKS);
		icsk->icsk_ack.ato = TCP_ATO_MIN;
	} else {
		int m = now - icsk->icsk_ack.lrcvtime;

		if (m <= (int)(TCP_ATO_MIN / 2)) {
			icsk->icsk_ack.ato = (icsk->icsk_ack.ato >> 1) + TCP_ATO_MIN / 2;
		} else if (m < (int)icsk->icsk_ack.ato) {
			icsk->icsk_ack.ato = (icsk->icsk_ack.ato >> 1) + m;
			if (icsk->icsk_ack.ato > icsk->icsk_rto)
				icsk->icsk_ack.ato = icsk->icsk_rto;
		} else if (m > (int)icsk->icsk_rto) {
			KM_STEP(702,
				"More than an RTO since the last data: back to quick-ACK mode.");
			tcp_incr_quickack(sk, TCP_MAX_QUICKACKS);
			sk_mem_reclaim(sk);
		}
	}
	icsk->icsk_ack.lrcvtime = now;

	/* kmirror leaves out tcp_ecn_check_ce() (no ECN marks on data) and
	 * tcp_grow_window() (rcv_ssthresh stays: no autotuning). */
}

/*
 * ECN negotiation seen from the side that sent an ECN-setup SYN (ECE|CWR,
 * net.ipv4.tcp_ecn = 1). __maybe_unused: in a Lab 5 student tree the stub
 * of tcp_rcv_synsent_state_process does not call them yet.
 */
static void __maybe_unused tcp_ecn_rcv_synack(struct tcp_sock *tp,
					      const struct tcphdr *th)
{
	KM_FUNC("net/ipv4/tcp_input.c:304",
		"ECN stays on only if the SYN-ACK answers with ECE and without CWR.");
	if ((tp->ecn_flags & TCP_ECN_OK) && (!th->ece || th->cwr))
		tp->ecn_flags &= ~TCP_ECN_OK;
}

static void __maybe_unused tcp_ecn_rcv_syn(struct tcp_sock *tp,
					   const struct tcphdr *th)
{
	KM_FUNC("net/ipv4/tcp_input.c:310",
		"A crossed SYN keeps ECN on only if it asks for ECN too (ECE and CWR).");
	if ((tp->ecn_flags & TCP_ECN_OK) && (!th->ece || !th->cwr))
		tp->ecn_flags &= ~TCP_ECN_OK;
}

/* ---- buffers and MSS at establishment ---- */

static void tcp_sndbuf_expand(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_input.c:328",
		"Grow the send buffer so that twice the congestion window of full segments fits in it.");
	const struct tcp_sock *tp = tcp_sk(sk);
	int sndmem, per_mss;
	u32 nr_segs;

	/* Room for 2 x cwnd worst-case (one skb per MSS) segments. */
	per_mss = max_t(u32, tp->rx_opt.mss_clamp, tp->mss_cache) +
		  MAX_TCP_HEADER +
		  SKB_DATA_ALIGN(sizeof(struct skb_shared_info));

	per_mss = roundup_pow_of_two(per_mss) +
		  SKB_DATA_ALIGN(sizeof(struct sk_buff));

	nr_segs = max_t(u32, TCP_INIT_CWND, tp->snd_cwnd);
	nr_segs = max_t(u32, nr_segs, tp->reordering + 1);

	sndmem = 2 * nr_segs * per_mss;

	if (sk->sk_sndbuf < sndmem)
		sk->sk_sndbuf = min(sndmem, sock_net(sk)->ipv4.sysctl_tcp_wmem[2]);
}

/*
 * tcp_init_buffer_space: once established, fix the window clamp: the full
 * space less one reserved segment (65536 - 1448 = 64088 by default).
 */
void tcp_init_buffer_space(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_input.c:432",
		"Set the window clamp and rcv_ssthresh now that the MSS is known.");
	int tcp_app_win = sock_net(sk)->ipv4.sysctl_tcp_app_win;
	struct tcp_sock *tp = tcp_sk(sk);
	int maxwin;

	if (!(sk->sk_userlocks & SOCK_SNDBUF_LOCK))
		tcp_sndbuf_expand(sk);

	tp->rcvq_space.space = min_t(u32, tp->rcv_wnd, TCP_INIT_CWND * tp->advmss);
	tcp_mstamp_refresh(tp);
	tp->rcvq_space.time = tp->tcp_mstamp;
	tp->rcvq_space.seq = tp->copied_seq;

	maxwin = tcp_full_space(sk);

	if (tp->window_clamp >= (u32)maxwin) {
		tp->window_clamp = maxwin;

		if (tcp_app_win && maxwin > 4 * tp->advmss)
			tp->window_clamp = max(maxwin -
					       (maxwin >> tcp_app_win),
					       4 * tp->advmss);
	}

	KM_STEP(458,
		"With tcp_app_win set, keep a segment of the space in reserve: window_clamp at most maxwin - advmss.");
	if (tcp_app_win &&
	    tp->window_clamp > 2 * tp->advmss &&
	    tp->window_clamp + tp->advmss > (u32)maxwin)
		tp->window_clamp = max(2 * tp->advmss, maxwin - tp->advmss);

	tp->rcv_ssthresh = min(tp->rcv_ssthresh, tp->window_clamp);
	tp->snd_cwnd_stamp = tcp_jiffies32;
}

void tcp_initialize_rcv_mss(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_input.c:494",
		"Guess the peer's segment size for the delayed-ACK logic: at most 536 bytes, at least 88.");
	const struct tcp_sock *tp = tcp_sk(sk);
	unsigned int hint = min_t(unsigned int, tp->advmss, tp->mss_cache);

	hint = min(hint, tp->rcv_wnd / 2);
	hint = min(hint, TCP_MSS_DEFAULT);
	hint = max(hint, TCP_MIN_MSS);

	inet_csk(sk)->icsk_ack.rcv_mss = hint;
}

/* ---- RTT and RTO ---- */

static u32 tcp_rto_min_us(const struct sock *sk)
{
	KM_FUNC("include/net/tcp.h:683",
		"The smallest retransmission timeout allowed (200 ms), in microseconds.");
	return jiffies_to_usecs(TCP_RTO_MIN);
}

/* Van Jacobson's smoothed RTT and its variance (RFC 6298), in us. */
static void tcp_rtt_estimator(struct sock *sk, long mrtt_us)
{
	KM_FUNC("net/ipv4/tcp_input.c:723",
		"Fold an RTT sample into the smoothed RTT (srtt) and its mean deviation (mdev, rttvar).");
	struct tcp_sock *tp = tcp_sk(sk);
	long m = mrtt_us;
	u32 srtt = tp->srtt_us;

	if (srtt != 0) {
		/*
		 * srtt_us holds 8 x srtt and mdev_us 4 x mdev, so the shifts
		 * below move srtt 1/8 and mdev 1/4 of the way towards the new
		 * sample and its distance from the average.
		 */
		m -= (srtt >> 3);
		srtt += m;
		if (m < 0) {
			m = -m;
			m -= (tp->mdev_us >> 2);
			if (m > 0)
				m >>= 3;
		} else {
			m -= (tp->mdev_us >> 2);
		}
		tp->mdev_us += m;
		if (tp->mdev_us > tp->mdev_max_us) {
			tp->mdev_max_us = tp->mdev_us;
			if (tp->mdev_max_us > tp->rttvar_us)
				tp->rttvar_us = tp->mdev_max_us;
		}
		if (after(tp->snd_una, tp->rtt_seq)) {
			if (tp->mdev_max_us < tp->rttvar_us)
				tp->rttvar_us -= (tp->rttvar_us - tp->mdev_max_us) >> 2;
			tp->rtt_seq = tp->snd_nxt;
			tp->mdev_max_us = tcp_rto_min_us(sk);
		}
	} else {
		/* No estimate yet: srtt = sample, mdev = sample / 2. */
		srtt = m << 3;
		tp->mdev_us = m << 1;
		tp->rttvar_us = max(tp->mdev_us, tcp_rto_min_us(sk));
		tp->mdev_max_us = tp->rttvar_us;
		tp->rtt_seq = tp->snd_nxt;
	}
	tp->srtt_us = max(1U, srtt);
}

static void tcp_set_rto(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_input.c:824",
		"Recompute the retransmission timeout from srtt and rttvar, capped at 120 seconds.");
	const struct tcp_sock *tp = tcp_sk(sk);

	inet_csk(sk)->icsk_rto = __tcp_set_rto(tp);
	tcp_bound_rto(sk);
}

/* Initial congestion window: the route's, or 10 (RFC 6928). */
__u32 tcp_init_cwnd(const struct tcp_sock *tp, const struct dst_entry *dst)
{
	KM_FUNC("net/ipv4/tcp_input.c:851",
		"The initial congestion window: the route's initcwnd if set, else 10 segments.");
	__u32 cwnd = (dst ? dst_metric(dst, RTAX_INITCWND) : 0);

	if (!cwnd)
		cwnd = TCP_INIT_CWND;
	return min_t(__u32, cwnd, tp->snd_cwnd_clamp);
}

/*
 * Take an RTT sample from the ACK: from the send time of a segment that
 * was never retransmitted (Karn), else from the echoed timestamp.
 */
static bool tcp_ack_update_rtt(struct sock *sk, const int flag,
			       long seq_rtt_us, long sack_rtt_us,
			       long ca_rtt_us)
{
	KM_FUNC("net/ipv4/tcp_input.c:2895",
		"Take an RTT sample from this ACK and recompute the RTO.");
	const struct tcp_sock *tp = tcp_sk(sk);

	if (seq_rtt_us < 0)
		seq_rtt_us = sack_rtt_us;

	if (seq_rtt_us < 0 && tp->rx_opt.saw_tstamp && tp->rx_opt.rcv_tsecr &&
	    flag & FLAG_ACKED) {
		u32 delta = tcp_time_stamp(tp) - tp->rx_opt.rcv_tsecr;

		KM_STEP(2919,
			"No RTT sample from the acknowledged segments (e.g. a retransmitted SYN): time it from the echoed timestamp instead.");
		if (likely(delta < INT_MAX / (USEC_PER_SEC / TCP_TS_HZ))) {
			seq_rtt_us = delta * (USEC_PER_SEC / TCP_TS_HZ);
			ca_rtt_us = seq_rtt_us;
		}
	}
	if (seq_rtt_us < 0)
		return false;

	KM_STEP(2933,
		"Feed the sample to the estimator (srtt, rttvar) and derive icsk_rto.");
	tcp_rtt_estimator(sk, seq_rtt_us);
	tcp_set_rto(sk);
	/* Linux hands ca_rtt_us on to the congestion module via
	 * tcp_cong_control(); kmirror's handshake-only CUBIC ignores it. */
	(void)ca_rtt_us;

	/* A valid sample ends the exponential backoff. */
	inet_csk(sk)->icsk_backoff = 0;
	return true;
}

void tcp_synack_rtt_meas(struct sock *sk, struct request_sock *req)
{
	KM_FUNC("net/ipv4/tcp_input.c:2942",
		"Passive open: time the RTT from our SYN-ACK (if it was not retransmitted) to this ACK.");
	long rtt_us = -1L;

	if (req && !req->num_retrans && tcp_rsk(req)->snt_synack)
		rtt_us = tcp_stamp_us_delta(tcp_clock_us(), tcp_rsk(req)->snt_synack);

	tcp_ack_update_rtt(sk, FLAG_SYN_ACKED, rtt_us, -1L, rtt_us);
}

void tcp_rearm_rto(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_input.c:2965",
		"After an ACK, restart the retransmission timer, or stop it if nothing is left in flight.");
	const struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);

	if (tp->fastopen_rsk)
		return;

	if (!tp->packets_out) {
		inet_csk_clear_xmit_timer(sk, ICSK_TIME_RETRANS);
	} else {
		u32 rto = inet_csk(sk)->icsk_rto;

		if (icsk->icsk_pending == ICSK_TIME_REO_TIMEOUT ||
		    icsk->icsk_pending == ICSK_TIME_LOSS_PROBE) {
			s64 delta_us = tcp_rto_delta_us(sk);

			KM_STEP(2987,
				"A probe timer was pending: the RTO keeps counting from the oldest segment's send time.");
			rto = usecs_to_jiffies(max_t(int, delta_us, 1));
		}
		KM_STEP(2989,
			"Packets still in flight: restart the retransmission timer for one RTO.");
		inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS, rto,
					  TCP_RTO_MAX);
	}
}

static void tcp_set_xmit_timer(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_input.c:2995",
		"After an ACK: arm a loss probe if one is due, else re-arm (or stop) the RTO.");
	if (!tcp_schedule_loss_probe(sk, true))
		tcp_rearm_rto(sk);
}

/*
 * tcp_clean_rtx_queue: free what the ACK covers from the retransmit
 * queue — for a SYN-ACK, our SYN — and measure the RTT.
 */
static int tcp_clean_rtx_queue(struct sock *sk, u32 prior_fack,
			       u32 prior_snd_una)
{
	KM_FUNC("net/ipv4/tcp_input.c:3044",
		"Remove acknowledged segments (our SYN) from the retransmit queue.");
	struct tcp_sock *tp = tcp_sk(sk);
	u64 first_ackt = 0, last_ackt = 0;
	struct sk_buff *skb, *next;
	long seq_rtt_us = -1L;
	long ca_rtt_us = -1L;
	u32 pkts_acked = 0;
	int flag = 0;

	for (skb = skb_rb_first(&sk->tcp_rtx_queue); skb; skb = next) {
		struct tcp_skb_cb *scb = TCP_SKB_CB(skb);
		u8 sacked = scb->sacked;
		u32 acked_pcount;

		/* Not (fully) acknowledged yet: stop here. */
		if (after(scb->end_seq, tp->snd_una))
			break;
		acked_pcount = tcp_skb_pcount(skb);

		if (unlikely(sacked & TCPCB_RETRANS)) {
			if (sacked & TCPCB_SACKED_RETRANS)
				tp->retrans_out -= acked_pcount;
			flag |= FLAG_RETRANS_DATA_ACKED;
		} else if (!(sacked & TCPCB_SACKED_ACKED)) {
			last_ackt = tcp_skb_timestamp_us(skb);
			if (!first_ackt)
				first_ackt = last_ackt;
		}

		if (sacked & TCPCB_LOST)
			tp->lost_out -= acked_pcount;

		KM_STEP(3115, "One segment less in flight (packets_out).");
		tp->packets_out -= acked_pcount;
		pkts_acked += acked_pcount;
		tp->delivered += acked_pcount;

		if (likely(!(scb->tcp_flags & TCPHDR_SYN))) {
			flag |= FLAG_DATA_ACKED;
		} else {
			KM_STEP(3129,
				"Our SYN is acknowledged: retrans_stamp is no longer needed.");
			flag |= FLAG_SYN_ACKED;
			tp->retrans_stamp = 0;
		}

		next = skb_rb_next(skb);
		KM_STEP(3141,
			"Unlink the segment from the retransmit queue and free it.");
		tcp_rtx_queue_unlink_and_free(skb, sk);
	}

	if (likely(between(tp->snd_up, prior_snd_una, tp->snd_una)))
		tp->snd_up = tp->snd_una;

	if (likely(first_ackt) && !(flag & FLAG_RETRANS_DATA_ACKED)) {
		seq_rtt_us = tcp_stamp_us_delta(tp->tcp_mstamp, first_ackt);
		ca_rtt_us = tcp_stamp_us_delta(tp->tcp_mstamp, last_ackt);
	}
	tcp_ack_update_rtt(sk, flag, seq_rtt_us, -1L, ca_rtt_us);
	/* Linux reports pkts_acked to the congestion module's pkts_acked
	 * hook here; kmirror's CUBIC has no data phase to feed. */
	(void)pkts_acked;

	if (flag & FLAG_ACKED)
		flag |= FLAG_SET_XMIT_TIMER;
	return flag;
}

static inline bool tcp_may_update_window(const struct tcp_sock *tp,
					 const u32 ack, const u32 ack_seq,
					 const u32 nwin)
{
	KM_FUNC("net/ipv4/tcp_input.c:3319",
		"May this ACK update the send window? Only if it is newer than the last window update.");
	return	after(ack, tp->snd_una) ||
		after(ack_seq, tp->snd_wl1) ||
		(ack_seq == tp->snd_wl1 && nwin > tp->snd_wnd);
}

static void tcp_snd_una_update(struct tcp_sock *tp, u32 ack)
{
	KM_FUNC("net/ipv4/tcp_input.c:3329",
		"Advance snd_una to the newly acknowledged sequence and count the acked bytes.");
	u32 delta = ack - tp->snd_una;

	tp->bytes_acked += delta;
	tp->snd_una = ack;
}

/* Take the peer's window from the segment (a SYN's is never scaled). */
static int tcp_ack_update_window(struct sock *sk, const struct sk_buff *skb,
				 u32 ack, u32 ack_seq)
{
	KM_FUNC("net/ipv4/tcp_input.c:3353",
		"Update the peer's window (snd_wnd) and advance snd_una to the ACK.");
	struct tcp_sock *tp = tcp_sk(sk);
	int flag = 0;
	u32 nwin = ntohs(tcp_hdr(skb)->window);

	if (likely(!tcp_hdr(skb)->syn))
		nwin <<= tp->rx_opt.snd_wscale;

	if (tcp_may_update_window(tp, ack, ack_seq, nwin)) {
		flag |= FLAG_WIN_UPDATE;
		tcp_update_wl(tp, ack_seq);

		if (tp->snd_wnd != nwin) {
			tp->snd_wnd = nwin;
			tp->pred_flags = 0;

			if (nwin > tp->max_window) {
				tp->max_window = nwin;
				tcp_sync_mss(sk, inet_csk(sk)->icsk_pmtu_cookie);
			}
		}
	}

	KM_STEP(3386, "snd_una = the acknowledged sequence number.");
	tcp_snd_una_update(tp, ack);

	return flag;
}

static bool __tcp_oow_rate_limited(struct net *net, int mib_idx,
				   u32 *last_oow_ack_time)
{
	KM_FUNC("net/ipv4/tcp_input.c:3391",
		"Allow at most one out-of-window reply per tcp_invalid_ratelimit (500 ms).");
	if (*last_oow_ack_time) {
		s32 elapsed = (s32)(tcp_jiffies32 - *last_oow_ack_time);

		if (0 <= elapsed && elapsed < net->ipv4.sysctl_tcp_invalid_ratelimit) {
			NET_INC_STATS(net, mib_idx);
			return true;	/* too soon after the last one */
		}
	}

	*last_oow_ack_time = tcp_jiffies32;

	return false;
}

bool tcp_oow_rate_limited(struct net *net, const struct sk_buff *skb,
			  int mib_idx, u32 *last_oow_ack_time)
{
	KM_FUNC("net/ipv4/tcp_input.c:3415",
		"Should the reply to this out-of-window segment be suppressed? Data segments are never limited.");
	/* Data segments are not rate limited, SYNs and pure ACKs are. */
	if ((TCP_SKB_CB(skb)->seq != TCP_SKB_CB(skb)->end_seq) &&
	    !tcp_hdr(skb)->syn)
		return false;

	return __tcp_oow_rate_limited(net, mib_idx, last_oow_ack_time);
}

/*
 * tcp_send_challenge_ack: answer a suspicious segment (an in-window SYN,
 * an RST not exactly at rcv_nxt) with a plain ACK (RFC 5961), at most
 * about tcp_challenge_ack_limit per second per host.
 */
static void tcp_send_challenge_ack(struct sock *sk, const struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_input.c:3427",
		"Answer with a challenge ACK (RFC 5961), rate-limited.");
	struct host *h = sock_host_km(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	struct net *net = sock_net(sk);
	u32 count, now;

	if (__tcp_oow_rate_limited(net,
				   LINUX_MIB_TCPACKSKIPPEDCHALLENGE,
				   &tp->last_oow_ack_time))
		return;

	/* Linux: two function statics, shared by the whole host. */
	now = jiffies / HZ;
	if (now != h->tcp_challenge_timestamp) {
		u32 ack_limit = net->ipv4.sysctl_tcp_challenge_ack_limit;
		u32 half = (ack_limit + 1) >> 1;

		h->tcp_challenge_timestamp = now;
		h->tcp_challenge_count = half + prandom_u32_max(ack_limit);
	}
	count = h->tcp_challenge_count;
	if (count > 0) {
		h->tcp_challenge_count = count - 1;
		NET_INC_STATS(net, LINUX_MIB_TCPCHALLENGEACK);
		KM_STEP(3455, "Send the challenge ACK.");
		tcp_send_ack(sk);
	}
}

static void tcp_store_ts_recent(struct tcp_sock *tp)
{
	KM_FUNC("net/ipv4/tcp_input.c:3459",
		"Remember the peer's timestamp value (ts_recent) and when it was seen.");
	tp->rx_opt.ts_recent = tp->rx_opt.rcv_tsval;
	tp->rx_opt.ts_recent_stamp = (int)(ktime_get_ns() / NSEC_PER_SEC);
}

static void tcp_replace_ts_recent(struct tcp_sock *tp, u32 seq)
{
	KM_FUNC("net/ipv4/tcp_input.c:3465",
		"Update ts_recent from an in-window segment that passes the PAWS check.");
	if (tp->rx_opt.saw_tstamp && !after(seq, tp->rcv_wup)) {
		if (tcp_paws_check(&tp->rx_opt, 0))
			tcp_store_ts_recent(tp);
	}
}

/*
 * tcp_process_tlp_ack: an ACK after a loss probe. A duplicate ACK means
 * both the original and the probe arrived: no loss. An ACK beyond the
 * probe means the probe repaired a loss: 5.0 then reduces cwnd (CWR).
 */
static void tcp_process_tlp_ack(struct sock *sk, u32 ack, int flag)
{
	KM_FUNC("net/ipv4/tcp_input.c:3485",
		"An ACK after a tail loss probe: did the probe repair a loss, or were both copies received?");
	struct tcp_sock *tp = tcp_sk(sk);

	if (before(ack, tp->tlp_high_seq))
		return;

	if (after(ack, tp->tlp_high_seq)) {
		KM_STEP(3495,
			"The ACK passes the probe's snd_nxt: the probe repaired a loss (TCPLossProbeRecovery).");
		/* kmirror leaves out the cwnd reduction 5.0 makes here
		 * (tcp_init_cwnd_reduction, CWR, tcp_end_cwnd_reduction), and
		 * clears tlp_high_seq as tcp_init_cwnd_reduction does. */
		tp->tlp_high_seq = 0;
		NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPLOSSPROBERECOVERY);
	} else if (!(flag & (FLAG_SND_UNA_ADVANCED |
			     FLAG_NOT_DUP | FLAG_DATA_SACKED))) {
		KM_STEP(3508,
			"A pure duplicate ACK: the original and the probe both arrived, no loss.");
		tp->tlp_high_seq = 0;
	}
	/* kmirror: no SACK processing, so never FLAG_DSACKING_ACK. */
}

/* An ACK while data waits behind a shut window: stop probing if the
 * window now takes the next segment, else probe again later. */
static void tcp_ack_probe(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_input.c:3247",
		"An ACK while we probe a shut window: has it opened?");
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct sk_buff *head = tcp_send_head(sk);
	const struct tcp_sock *tp = tcp_sk(sk);

	if (!head)
		return;
	if (!after(TCP_SKB_CB(head)->end_seq, tcp_wnd_end(tp))) {
		KM_STEP(3257,
			"The window takes the next segment: stop probing (tcp_data_snd_check sends it).");
		icsk->icsk_backoff = 0;
		inet_csk_clear_xmit_timer(sk, ICSK_TIME_PROBE0);
	} else {
		KM_STEP(3263,
			"Still shut: probe again after the backed-off interval.");
		inet_csk_reset_xmit_timer(sk, ICSK_TIME_PROBE0,
					  tcp_probe0_when(sk, TCP_RTO_MAX), TCP_RTO_MAX);
	}
}

/*
 * tcp_ack: process the ACK field of a segment. In the handshake this is
 * where our SYN is acknowledged: snd_una advances, the SYN leaves the
 * retransmit queue, the retransmission count resets.
 * Returns 1 for an acceptable ACK, 0 for an old one, -1 for an invalid one.
 */
static int tcp_ack(struct sock *sk, const struct sk_buff *skb, int flag)
{
	KM_FUNC("net/ipv4/tcp_input.c:3558",
		"Process the segment's ACK: advance snd_una, clean the retransmit queue.");
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	u32 prior_snd_una = tp->snd_una;
	u32 ack_seq = TCP_SKB_CB(skb)->seq;
	u32 ack = TCP_SKB_CB(skb)->ack_seq;
	int prior_packets = tp->packets_out;
	u32 prior_fack;

	if (before(ack, prior_snd_una)) {
		/* Older than anything in flight by a whole window: suspicious. */
		if (before(ack, prior_snd_una - tp->max_window)) {
			if (!(flag & FLAG_NO_CHALLENGE_ACK))
				tcp_send_challenge_ack(sk, skb);
			return -1;
		}
		goto old_ack;
	}

	KM_STEP(3597, "An ACK for something we never sent is invalid.");
	if (after(ack, tp->snd_nxt))
		goto invalid_ack;

	if (after(ack, prior_snd_una)) {
		KM_STEP(3601,
			"New data acknowledged: the retransmission count starts over.");
		flag |= FLAG_SND_UNA_ADVANCED;
		icsk->icsk_retransmits = 0;
	}

	prior_fack = tp->snd_una;

	if (flag & FLAG_UPDATE_TS_RECENT)
		tcp_replace_ts_recent(tp, TCP_SKB_CB(skb)->seq);

	if ((flag & (FLAG_SLOWPATH | FLAG_SND_UNA_ADVANCED)) ==
	    FLAG_SND_UNA_ADVANCED) {
		/* The fast path: a pure window-in-order ACK. */
		tcp_update_wl(tp, ack_seq);
		tcp_snd_una_update(tp, ack);
		flag |= FLAG_WIN_UPDATE;
		/* kmirror leaves out tcp_in_ack_event(): no congestion module
		 * here takes ACK events. */
		NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPHPACKS);
	} else {
		if (ack_seq != TCP_SKB_CB(skb)->end_seq)
			flag |= FLAG_DATA;
		else
			NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPPUREACKS);

		flag |= tcp_ack_update_window(sk, skb, ack, ack_seq);
	}

	/* An ACK means the path works: forget soft errors. */
	sk->sk_err_soft = 0;
	icsk->icsk_probes_out = 0;
	tp->rcv_tstamp = tcp_jiffies32;
	if (!prior_packets)
		goto no_queue;

	flag |= tcp_clean_rtx_queue(sk, prior_fack, prior_snd_una);

	if (tp->tlp_high_seq)
		tcp_process_tlp_ack(sk, ack, flag);
	if (flag & FLAG_SET_XMIT_TIMER) {
		KM_STEP(3676,
			"Re-arm the timers: a loss probe, the RTO, or (nothing in flight) none.");
		tcp_set_xmit_timer(sk);
	}
	return 1;

no_queue:
	/* No D-SACK undo in kmirror (tcp_fastretrans_alert). */
	tcp_ack_probe(sk);
	if (tp->tlp_high_seq)
		tcp_process_tlp_ack(sk, ack, flag);
	return 1;

invalid_ack:
	return -1;

old_ack:
	return 0;
}

/*
 * tcp_parse_options: read the options of a received segment into opt_rx.
 * MSS, window scale and SACK-permitted count only on a SYN before the
 * connection is established; a window scale above 14 is clamped to 14;
 * malformed lengths stop the parsing (what was read so far stays).
 */
void tcp_parse_options(const struct net *net, const struct sk_buff *skb,
		       struct tcp_options_received *opt_rx, int estab,
		       void *foc)
{
	KM_FUNC("net/ipv4/tcp_input.c:3774",
		"Parse the TCP options of a received segment (MSS, WS, SACK_PERM, TS).");
	const unsigned char *ptr;
	const struct tcphdr *th = tcp_hdr(skb);
	int length = (th->doff * 4) - sizeof(struct tcphdr);

	ptr = (const unsigned char *)(th + 1);
	opt_rx->saw_tstamp = 0;

	while (length > 0) {
		int opcode = *ptr++;
		int opsize;

		switch (opcode) {
		case TCPOPT_EOL:
			KM_STEP(3792, "End-of-options: stop.");
			return;
		case TCPOPT_NOP:
			length--;
			continue;
		default:
			/* kmirror: never read the length byte past the header. */
			if (length < 2)
				return;
			opsize = *ptr++;
			if (opsize < 2) {
				KM_STEP(3799,
					"An option length below 2 is malformed: stop parsing.");
				return;
			}
			if (opsize > length) {
				KM_STEP(3801,
					"An option running past the header: stop (no partial options).");
				return;
			}
			switch (opcode) {
			case TCPOPT_MSS:
				if (opsize == TCPOLEN_MSS && th->syn && !estab) {
					u16 in_mss = get_unaligned_be16(ptr);

					KM_STEP(3806,
						"MSS (SYN only): the peer's MSS becomes mss_clamp (limited by TCP_MAXSEG).");
					if (in_mss) {
						if (opt_rx->user_mss &&
						    opt_rx->user_mss < in_mss)
							in_mss = opt_rx->user_mss;
						opt_rx->mss_clamp = in_mss;
					}
				}
				break;
			case TCPOPT_WINDOW:
				if (opsize == TCPOLEN_WINDOW && th->syn &&
				    !estab && net->ipv4.sysctl_tcp_window_scaling) {
					__u8 snd_wscale = *(__u8 *)ptr;

					KM_STEP(3818,
						"Window scale (SYN only): remember the peer's shift, at most 14.");
					opt_rx->wscale_ok = 1;
					if (snd_wscale > TCP_MAX_WSCALE) {
						net_info_ratelimited("%s: Illegal window scaling value %d > %u received\n",
								     __func__,
								     snd_wscale,
								     TCP_MAX_WSCALE);
						snd_wscale = TCP_MAX_WSCALE;
					}
					opt_rx->snd_wscale = snd_wscale;
				}
				break;
			case TCPOPT_TIMESTAMP:
				if ((opsize == TCPOLEN_TIMESTAMP) &&
				    ((estab && opt_rx->tstamp_ok) ||
				     (!estab && net->ipv4.sysctl_tcp_timestamps))) {
					KM_STEP(3833,
						"Timestamps (length 10 only): note TSval and TSecr.");
					opt_rx->saw_tstamp = 1;
					opt_rx->rcv_tsval = get_unaligned_be32(ptr);
					opt_rx->rcv_tsecr = get_unaligned_be32(ptr + 4);
				}
				break;
			case TCPOPT_SACK_PERM:
				if (opsize == TCPOLEN_SACK_PERM && th->syn &&
				    !estab && net->ipv4.sysctl_tcp_sack) {
					KM_STEP(3841,
						"SACK permitted (SYN only).");
					opt_rx->sack_ok = TCP_SACK_SEEN;
					opt_rx->num_sacks = 0;
				}
				break;
			case TCPOPT_SACK:
				if ((opsize >= (TCPOLEN_SACK_BASE + TCPOLEN_SACK_PERBLOCK)) &&
				    !((opsize - TCPOLEN_SACK_BASE) % TCPOLEN_SACK_PERBLOCK) &&
				    opt_rx->sack_ok) {
					TCP_SKB_CB(skb)->sacked = (ptr - 2) - (unsigned char *)th;
				}
				break;
			}
			ptr += opsize-2;
			length -= opsize;
		}
	}
}

static bool tcp_parse_aligned_timestamp(struct tcp_sock *tp, const struct tcphdr *th)
{
	KM_FUNC("net/ipv4/tcp_input.c:3890",
		"Fast path: read a timestamp option laid out as NOP NOP TS right after the header.");
	/* The option words, as bytes: 01 01 08 0a, TSval, TSecr. */
	const __be32 *word = (const __be32 *)(th + 1);
	const __be32 nop_nop_ts = htonl(TCPOPT_NOP << 24 | TCPOPT_NOP << 16 |
					TCPOPT_TIMESTAMP << 8 | TCPOLEN_TIMESTAMP);
	u32 ecr;

	if (word[0] != nop_nop_ts)
		return false;
	tp->rx_opt.saw_tstamp = 1;
	tp->rx_opt.rcv_tsval = ntohl(word[1]);
	/* An echo is in our own clock plus tsoffset; 0 means "no echo". */
	ecr = ntohl(word[2]);
	tp->rx_opt.rcv_tsecr = ecr ? ecr - tp->tsoffset : 0;
	return true;
}

/* Options of a segment on an established connection (usually just TS). */
static bool tcp_fast_parse_options(const struct net *net,
				   const struct sk_buff *skb,
				   const struct tcphdr *th, struct tcp_sock *tp)
{
	KM_FUNC("net/ipv4/tcp_input.c:3912",
		"Parse an established connection's options: the aligned timestamp fast path, else the full parser.");
	unsigned int opt_bytes = th->doff * 4 - sizeof(*th);

	/* A bare 20-byte header: no options, so no timestamp this time. */
	if (!opt_bytes) {
		tp->rx_opt.saw_tstamp = 0;
		return false;
	}
	/* Exactly one aligned timestamp (12 bytes) is the common case. */
	if (tp->rx_opt.tstamp_ok && opt_bytes == TCPOLEN_TSTAMP_ALIGNED &&
	    tcp_parse_aligned_timestamp(tp, th))
		return true;

	tcp_parse_options(net, skb, &tp->rx_opt, 1, NULL);
	if (tp->rx_opt.saw_tstamp && tp->rx_opt.rcv_tsecr)
		tp->rx_opt.rcv_tsecr -= tp->tsoffset;
	return true;
}

/*
 * tcp_reset: the peer reset the connection. The error depends on where
 * we were: ECONNREFUSED while connecting, EPIPE in CLOSE_WAIT, nothing in
 * CLOSE, ECONNRESET otherwise.
 */
void tcp_reset(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_input.c:4042",
		"The peer reset the connection: set the error for the user and close.");
	KM_STEP(4047,
		"Pick the error: ECONNREFUSED in SYN_SENT, EPIPE in CLOSE_WAIT, else ECONNRESET.");
	switch (sk->sk_state) {
	case TCP_SYN_SENT:
		sk->sk_err = ECONNREFUSED;
		break;
	case TCP_CLOSE_WAIT:
		sk->sk_err = EPIPE;
		break;
	case TCP_CLOSE:
		return;
	default:
		sk->sk_err = ECONNRESET;
	}
	smp_wmb();

	tcp_write_queue_purge(sk);
	KM_STEP(4063,
		"Close the socket (tcp_done), which wakes a connect() sleeping on it.");
	tcp_done(sk);

	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_error_report(sk);
}

/*
 * tcp_fin: the peer's FIN arrived in order. Our receiving side is done
 * (RCV_SHUTDOWN, SOCK_DONE) and the state moves: ESTABLISHED to
 * CLOSE_WAIT, FIN_WAIT1 to CLOSING (simultaneous close), FIN_WAIT2 to
 * TIME_WAIT; a FIN seen again changes nothing. An ACK is owed.
 */
void tcp_fin(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_input.c:4083",
		"The peer sent its FIN: no more data will come; move on in the close state machine.");
	struct tcp_sock *tp = tcp_sk(sk);

	KM_STEP(4087, "An ACK is owed for the FIN.");
	inet_csk_schedule_ack(sk);

	KM_STEP(4089,
		"The receiving side is finished: RCV_SHUTDOWN, SOCK_DONE (a reader will see end of file).");
	sk->sk_shutdown |= RCV_SHUTDOWN;
	sock_set_flag(sk, SOCK_DONE);

	switch (sk->sk_state) {
	case TCP_SYN_RECV:
	case TCP_ESTABLISHED:
		KM_STEP(4096,
			"ESTABLISHED: the peer closed first, we enter CLOSE_WAIT (and pingpong, so the ACK may wait).");
		tcp_set_state(sk, TCP_CLOSE_WAIT);
		inet_csk(sk)->icsk_ack.pingpong = 1;
		break;

	case TCP_CLOSE_WAIT:
	case TCP_CLOSING:
		KM_STEP(4105, "A retransmitted FIN: nothing changes.");
		break;
	case TCP_LAST_ACK:
		KM_STEP(4108, "LAST_ACK: stay, waiting for the ACK of our FIN.");
		break;

	case TCP_FIN_WAIT1:
		KM_STEP(4115,
			"FIN_WAIT1: both sides closed at once; ACK the FIN now and enter CLOSING.");
		tcp_send_ack(sk);
		tcp_set_state(sk, TCP_CLOSING);
		break;
	case TCP_FIN_WAIT2:
		KM_STEP(4120,
			"FIN_WAIT2: ACK the FIN now and enter TIME_WAIT (a timewait sock takes over).");
		tcp_send_ack(sk);
		tcp_time_wait(sk, TCP_TIME_WAIT, 0);
		break;
	default:
		KM_STEP(4127, "LISTEN or CLOSE: a FIN cannot arrive here.");
		pr_err("%s: Impossible, sk->sk_state=%d\n",
		       __func__, sk->sk_state);
		break;
	}

	/* Anything out of order after the FIN is dropped. */
	skb_rbtree_purge(&tp->out_of_order_queue);
	if (tcp_is_sack(tp))
		tp->rx_opt.num_sacks = 0;	/* inlined: tcp_sack_reset */
	sk_mem_reclaim(sk);

	if (!sock_flag(sk, SOCK_DEAD)) {
		KM_STEP(4141,
			"Wake the socket's owner (poll sees POLLIN/POLLRDHUP; POLLHUP once both sides are shut).");
		sk->sk_state_change(sk);

		if (sk->sk_shutdown == SHUTDOWN_MASK ||
		    sk->sk_state == TCP_CLOSE)
			sk_wake_async(sk, SOCK_WAKE_WAITD, POLL_HUP);
		else
			sk_wake_async(sk, SOCK_WAKE_WAITD, POLL_IN);
	}
}

void tcp_rbtree_insert(struct rb_root *root, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_input.c:4827",
		"Insert a segment into a red-black tree ordered by sequence number (the retransmit queue).");
	struct rb_node **p = &root->rb_node;
	struct rb_node *parent = NULL;
	struct sk_buff *skb1;

	while (*p) {
		parent = *p;
		skb1 = rb_entry(parent, struct sk_buff, rbnode);
		if (before(TCP_SKB_CB(skb)->seq, TCP_SKB_CB(skb1)->seq))
			p = &parent->rb_left;
		else
			p = &parent->rb_right;
	}
	rb_link_node(&skb->rbnode, parent, p);
	rb_insert_color(&skb->rbnode, root);
}

static inline bool tcp_sequence(const struct tcp_sock *tp, u32 seq, u32 end_seq)
{
	KM_FUNC("net/ipv4/tcp_input.c:4035",
		"Does any part of the segment fall inside the receive window we advertised?");
	/* Some of the segment falls inside the window we offer. */
	return	!before(end_seq, tp->rcv_wup) &&
		!after(seq, tp->rcv_nxt + tcp_receive_window(tp));
}

static inline bool tcp_reset_check(const struct sock *sk,
				   const struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_input.c:5350",
		"Accept a RST at rcv_nxt - 1 in CLOSE_WAIT, LAST_ACK or CLOSING (the peer did not see our FIN's ACK).");
	struct tcp_sock *tp = tcp_sk(sk);

	return unlikely(TCP_SKB_CB(skb)->seq == (tp->rcv_nxt - 1) &&
		 (1 << sk->sk_state) & (TCPF_CLOSE_WAIT | TCPF_LAST_ACK |
					TCPF_CLOSING));
}

static int tcp_disordered_ack(const struct sock *sk, const struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_input.c:3993",
		"Is this a pure duplicate ACK whose old timestamp PAWS should forgive?");
	const struct tcp_sock *tp = tcp_sk(sk);
	const struct tcphdr *th = tcp_hdr(skb);
	u32 seq = TCP_SKB_CB(skb)->seq;
	u32 ack = TCP_SKB_CB(skb)->ack_seq;

	/* A pure, in-order duplicate ACK may carry an old timestamp. */
	return	(th->ack &&
		 seq == TCP_SKB_CB(skb)->end_seq &&
		 seq == tp->rcv_nxt &&
		 ack == tp->snd_una &&
		 !tcp_may_update_window(tp, ack, seq, ntohs(th->window) << tp->rx_opt.snd_wscale) &&
		 (s32)(tp->rx_opt.ts_recent - tp->rx_opt.rcv_tsval) <=
		 (int)(inet_csk(sk)->icsk_rto * 1024 / HZ));
}

static inline bool tcp_paws_discard(const struct sock *sk,
				    const struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_input.c:4013",
		"PAWS: discard a segment whose timestamp is older than ts_recent (unless it is a harmless old ACK).");
	const struct tcp_sock *tp = tcp_sk(sk);

	return !tcp_paws_check(&tp->rx_opt, TCP_PAWS_WINDOW) &&
	       !tcp_disordered_ack(sk, skb);
}

static void tcp_send_dupack(struct sock *sk, const struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_input.c:4206",
		"Answer an out-of-window or duplicate segment with an immediate ACK.");
	struct tcp_sock *tp = tcp_sk(sk);

	if (TCP_SKB_CB(skb)->end_seq != TCP_SKB_CB(skb)->seq &&
	    before(TCP_SKB_CB(skb)->seq, tp->rcv_nxt))
		tcp_enter_quickack_mode(sk, TCP_MAX_QUICKACKS);
	KM_STEP(4225, "Answer with an immediate ACK (a duplicate ACK).");
	tcp_send_ack(sk);
}

/*
 * tcp_validate_incoming: the RFC 793 and RFC 5961 checks every segment of
 * a synchronized connection goes through: PAWS, sequence window, RST
 * exactness, unexpected SYN. Returns false if the segment was consumed.
 */
static bool tcp_validate_incoming(struct sock *sk, struct sk_buff *skb,
				  const struct tcphdr *th, int syn_inerr)
{
	KM_FUNC("net/ipv4/tcp_input.c:5362",
		"Check timestamps (PAWS), the sequence window, RST and SYN before anything else.");
	struct tcp_sock *tp = tcp_sk(sk);
	bool rst_seq_match = false;

	if (tcp_fast_parse_options(sock_net(sk), skb, th, tp) &&
	    tp->rx_opt.saw_tstamp &&
	    tcp_paws_discard(sk, skb)) {
		if (!th->rst) {
			NET_INC_STATS(sock_net(sk), LINUX_MIB_PAWSESTABREJECTED);
			if (!tcp_oow_rate_limited(sock_net(sk), skb,
						  LINUX_MIB_PAWSESTABREJECTED,
						  &tp->last_oow_ack_time))
				tcp_send_dupack(sk, skb);
			goto discard;
		}
	}

	if (!tcp_sequence(tp, TCP_SKB_CB(skb)->seq, TCP_SKB_CB(skb)->end_seq)) {
		KM_STEP(5391,
			"Outside our window: drop it, with an ACK (rate-limited) unless it is an RST; a SYN gets a challenge ACK.");
		if (!th->rst) {
			if (th->syn)
				goto syn_challenge;
			if (!tcp_oow_rate_limited(sock_net(sk), skb,
						  LINUX_MIB_PAWSESTABREJECTED,
						  &tp->last_oow_ack_time))
				tcp_send_dupack(sk, skb);
		} else if (tcp_reset_check(sk, skb)) {
			KM_STEP(5399,
				"A RST at rcv_nxt - 1 in a closing state (tcp_reset_check): reset the connection.");
			tcp_reset(sk);
		}
		goto discard;
	}

	if (th->rst) {
		KM_STEP(5415,
			"An RST exactly at rcv_nxt resets us; elsewhere in the window it gets a challenge ACK.");
		if (TCP_SKB_CB(skb)->seq == tp->rcv_nxt ||
		    tcp_reset_check(sk, skb))
			rst_seq_match = true;

		if (rst_seq_match) {
			KM_STEP(5435,
				"The RST sits exactly at rcv_nxt: reset the connection.");
			tcp_reset(sk);
		} else {
			tcp_send_challenge_ack(sk, skb);
		}
		goto discard;
	}

	if (th->syn) {
syn_challenge:
		KM_STEP(5456,
			"A SYN on a synchronized connection: answer with a challenge ACK, drop it.");
		if (syn_inerr)
			TCP_INC_STATS(sock_net(sk), TCP_MIB_INERRS);
		NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPSYNCHALLENGE);
		tcp_send_challenge_ack(sk, skb);
		goto discard;
	}

	return true;

discard:
	tcp_drop(sk, skb);
	return false;
}

static void tcp_rcv_nxt_update(struct tcp_sock *tp, u32 seq)
{
	KM_FUNC("net/ipv4/tcp_input.c:3339",
		"rcv_nxt = the end of the data just accepted (and count the bytes received).");
	u32 delta = seq - tp->rcv_nxt;

	tp->bytes_received += delta;
	tp->rcv_nxt = seq;
}

/*
 * tcp_queue_rcv: append an in-order segment to sk_receive_queue and
 * advance rcv_nxt. (Linux first tries to merge it into the previous
 * segment, tcp_try_coalesce; kmirror queues every segment on its own.)
 */
static int tcp_queue_rcv(struct sock *sk, struct sk_buff *skb,
				      bool *fragstolen)
{
	KM_FUNC("net/ipv4/tcp_input.c:4618",
		"Append the in-order segment to the receive queue and advance rcv_nxt.");
	int eaten = 0;

	*fragstolen = false;
	KM_STEP(4627, "rcv_nxt moves to the segment's end_seq.");
	tcp_rcv_nxt_update(tcp_sk(sk), TCP_SKB_CB(skb)->end_seq);
	if (!eaten) {
		KM_STEP(4629,
			"Queue it on sk_receive_queue, charged to the socket (skb_set_owner_r).");
		__skb_queue_tail(&sk->sk_receive_queue, skb);
		skb_set_owner_r(skb, sk);
	}
	return eaten;
}

void tcp_data_ready(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_input.c:4687",
		"Wake the reader (sk_data_ready) once SO_RCVLOWAT bytes are waiting.");
	const struct tcp_sock *tp = tcp_sk(sk);
	int avail = tp->rcv_nxt - tp->copied_seq;

	if (avail < sk->sk_rcvlowat && !sock_flag(sk, SOCK_DONE))
		return;

	KM_STEP(4695, "Wake the task sleeping in recv() (sk_data_ready).");
	sk->sk_data_ready(sk);
}

/*
 * tcp_data_queue: step 7 of segment arrival, the segment text. In-order
 * data is queued for the reader; a retransmission of data we already
 * have, or data at a closed window, is dropped with an immediate ACK.
 *
 * kmirror has no out-of-order queue (tcp_data_queue_ofo) and no SACK
 * blocks: a segment beyond rcv_nxt is dropped, and ACKed at once as 5.0
 * ACKs a segment it queues out of order on a connection without SACK.
 */
static void tcp_data_queue(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_input.c:4698",
		"Step 7: queue the segment's data for the reader, or drop it and owe a quick ACK.");
	struct tcp_sock *tp = tcp_sk(sk);
	bool fragstolen;
	int eaten;

	if (TCP_SKB_CB(skb)->seq == TCP_SKB_CB(skb)->end_seq) {
		KM_STEP(4704, "No data in this segment: nothing to queue.");
		__kfree_skb(skb);
		return;
	}
	skb_dst_drop(skb);
	KM_STEP(4709, "Strip the TCP header: skb->data is the payload now.");
	__skb_pull(skb, tcp_hdr(skb)->doff * 4);

	tp->rx_opt.dsack = 0;

	if (TCP_SKB_CB(skb)->seq == tp->rcv_nxt) {
		if (tcp_receive_window(tp) == 0) {
			KM_STEP(4721,
				"In order, but our window is closed: drop it (TCPZeroWindowDrop).");
			NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPZEROWINDOWDROP);
			goto out_of_window;
		}

queue_and_out:
		KM_STEP(4734,
			"In sequence and in window: queue it for the reader.");
		/* kmirror: no memory accounting, so sk_forced_mem_schedule()
		 * and tcp_try_rmem_schedule() always succeed. */
		eaten = tcp_queue_rcv(sk, skb, &fragstolen);
		if (skb->len)
			tcp_event_data_recv(sk, skb);
		if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN) {
			KM_STEP(4737, "It carries the peer's FIN: tcp_fin.");
			tcp_fin(sk);
		}

		tcp_fast_path_check(sk);

		if (eaten > 0)
			__kfree_skb(skb);	/* kfree_skb_partial: nothing stolen */
		if (!sock_flag(sk, SOCK_DEAD))
			tcp_data_ready(sk);
		return;
	}

	if (!after(TCP_SKB_CB(skb)->end_seq, tp->rcv_nxt)) {
		KM_STEP(4765,
			"Data we already have (a retransmission): drop it, ACK at once (DelayedACKLost).");
		NET_INC_STATS(sock_net(sk), LINUX_MIB_DELAYEDACKLOST);
		/* kmirror leaves out tcp_dsack_set(): no D-SACK block. */

out_of_window:
		tcp_enter_quickack_mode(sk, TCP_MAX_QUICKACKS);
		inet_csk_schedule_ack(sk);
drop:
		tcp_drop(sk, skb);
		return;
	}

	if (!before(TCP_SKB_CB(skb)->seq, tp->rcv_nxt + tcp_receive_window(tp))) {
		KM_STEP(4777,
			"It starts beyond our window (e.g. a zero-window probe): drop it, ACK at once.");
		goto out_of_window;
	}

	if (before(TCP_SKB_CB(skb)->seq, tp->rcv_nxt)) {
		KM_STEP(4780,
			"Partly old, partly new (seq < rcv_nxt < end_seq): queue it, the reader skips the old bytes.");
		if (!tcp_receive_window(tp)) {
			NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPZEROWINDOWDROP);
			goto out_of_window;
		}
		goto queue_and_out;
	}

	/* mirrors tcp_data_queue_ofo() without its queue: the segment is
	 * dropped, the ACK owed at once. */
	KM_STEP(4798,
		"Out of order (beyond rcv_nxt): kmirror keeps no out-of-order queue; drop it and ACK at once.");
	inet_csk_schedule_ack(sk);
	inet_csk(sk)->icsk_ack.pending |= ICSK_ACK_NOW;
	tp->pred_flags = 0;
	goto drop;
}

/*
 * tcp_check_space: acknowledged data left the write queue; wake a
 * writer waiting for send space. (kmirror leaves out the send-buffer
 * growth of tcp_new_space.)
 */
static void tcp_check_space(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_input.c:5149",
		"The write queue shrank: wake a writer that waits for send space.");
	if (sock_flag(sk, SOCK_QUEUE_SHRUNK)) {
		sock_reset_flag(sk, SOCK_QUEUE_SHRUNK);
		if (sk->sk_socket &&
		    test_bit(SOCK_NOSPACE, &sk->sk_socket->flags))
			sk->sk_write_space(sk);
	}
}

static inline void tcp_data_snd_check(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_input.c:5164",
		"Send whatever queued data the new ACK (window, cwnd) lets out; wake writers.");
	tcp_push_pending_frames(sk);
	tcp_check_space(sk);
}

/*
 * __tcp_ack_snd_check: an ACK is owed. Send it now after more than one
 * full segment, in quick-ACK mode or when ICSK_ACK_NOW asks for it;
 * otherwise delay it (tcp_send_delayed_ack).
 */
static void __tcp_ack_snd_check(struct sock *sk, int ofo_possible)
{
	KM_FUNC("net/ipv4/tcp_input.c:5173",
		"An ACK is owed: send it now (a full segment's worth, quick-ACK mode, ACK_NOW) or delay it.");
	struct tcp_sock *tp = tcp_sk(sk);

	if (((tp->rcv_nxt - tp->rcv_wup) > inet_csk(sk)->icsk_ack.rcv_mss &&
	     (tp->rcv_nxt - tp->copied_seq < (u32)sk->sk_rcvlowat ||
	      __tcp_select_window(sk) >= tp->rcv_wnd)) ||
	    tcp_in_quickack_mode(sk) ||
	    inet_csk(sk)->icsk_ack.pending & ICSK_ACK_NOW) {
		KM_STEP(5192,
			"More than one full segment unacknowledged, quick-ACK mode or ACK_NOW: send the ACK now.");
		tcp_send_ack(sk);
		return;
	}

	/* kmirror: no out-of-order queue, so never ACK compression. */
	(void)ofo_possible;
	KM_STEP(5197, "Otherwise delay the ACK (tcp_send_delayed_ack).");
	tcp_send_delayed_ack(sk);
}

static inline void tcp_ack_snd_check(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_input.c:5232",
		"Is an ACK owed (ICSK_ACK_SCHED)? Then decide now or later.");
	if (!inet_csk_ack_scheduled(sk)) {
		KM_STEP(5236,
			"No ACK owed (nothing received, or a data segment already carried it).");
		return;
	}
	__tcp_ack_snd_check(sk, 1);
}

/*
 * tcp_rcv_established: a segment on an established connection. Header
 * prediction first: a segment with exactly the expected flags, header
 * length and window, at rcv_nxt, is a pure ACK or in-order data and
 * takes the fast path; everything else takes the slow path through
 * tcp_validate_incoming, tcp_ack and tcp_data_queue.
 *
 * kmirror keeps no protocol memory accounting: sk_forward_alloc stays 0,
 * so data always continues at step5, as on a fresh Linux socket; pure
 * ACKs use the fast path.
 */
void tcp_rcv_established(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_input.c:5493",
		"A segment on an established connection: header prediction (fast path) or the full checks.");
	const struct tcphdr *th = (const struct tcphdr *)skb->data;
	struct tcp_sock *tp = tcp_sk(sk);
	unsigned int len = skb->len;

	tcp_mstamp_refresh(tp);
	if (unlikely(!sk->sk_rx_dst))
		inet_csk(sk)->icsk_af_ops->sk_rx_dst_set(sk, skb);

	tp->rx_opt.saw_tstamp = 0;

	if ((tcp_flag_word(th) & TCP_HP_BITS) == tp->pred_flags &&
	    TCP_SKB_CB(skb)->seq == tp->rcv_nxt &&
	    !after(TCP_SKB_CB(skb)->ack_seq, tp->snd_nxt)) {
		int tcp_header_len = tp->tcp_header_len;

		KM_STEP(5531,
			"Header prediction hit: expected flags, header length and window, seq = rcv_nxt.");
		if (tcp_header_len == sizeof(struct tcphdr) + TCPOLEN_TSTAMP_ALIGNED) {
			if (!tcp_parse_aligned_timestamp(tp, th))
				goto slow_path;

			/* An older timestamp: let the slow path run PAWS. */
			if ((s32)(tp->rx_opt.rcv_tsval - tp->rx_opt.ts_recent) < 0)
				goto slow_path;
		}

		if (len <= (unsigned int)tcp_header_len) {
			if (len == (unsigned int)tcp_header_len) {
				if (tcp_header_len ==
				    (sizeof(struct tcphdr) + TCPOLEN_TSTAMP_ALIGNED) &&
				    tp->rcv_nxt == tp->rcv_wup)
					tcp_store_ts_recent(tp);

				KM_STEP(5573,
					"Fast path, a pure ACK: process it (tcp_ack), free it, send what it allows.");
				tcp_ack(sk, skb, 0);
				__kfree_skb(skb);
				tcp_data_snd_check(sk);
				tp->rcv_rtt_last_tsecr = tp->rx_opt.rcv_tsecr;
				return;
			} else {
				TCP_INC_STATS(sock_net(sk), TCP_MIB_INERRS);
				goto discard;
			}
		} else {
			int eaten = 0;
			bool fragstolen = false;

			if (tcp_checksum_complete(skb))
				goto csum_error;

			if ((int)skb->truesize > sk->sk_forward_alloc) {
				KM_STEP(5593,
					"Data, but no receive memory is pre-allocated (sk_forward_alloc): continue at step 5.");
				goto step5;
			}

			if (tcp_header_len ==
			    (sizeof(struct tcphdr) + TCPOLEN_TSTAMP_ALIGNED) &&
			    tp->rcv_nxt == tp->rcv_wup)
				tcp_store_ts_recent(tp);

			NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPHPHITS);

			KM_STEP(5610,
				"Fast path, in-order data: strip the header and queue it.");
			__skb_pull(skb, tcp_header_len);
			eaten = tcp_queue_rcv(sk, skb, &fragstolen);

			tcp_event_data_recv(sk, skb);

			if (TCP_SKB_CB(skb)->ack_seq != tp->snd_una) {
				tcp_ack(sk, skb, FLAG_DATA);
				tcp_data_snd_check(sk);
				if (!inet_csk_ack_scheduled(sk))
					goto no_ack;
			}

			__tcp_ack_snd_check(sk, 0);
no_ack:
			if (eaten)
				__kfree_skb(skb);	/* kfree_skb_partial: nothing stolen */
			tcp_data_ready(sk);
			return;
		}
	}

slow_path:
	if (len < (th->doff << 2) || tcp_checksum_complete(skb))
		goto csum_error;

	if (!th->ack && !th->rst && !th->syn) {
		KM_STEP(5637, "Neither ACK, RST nor SYN: drop it.");
		goto discard;
	}

	KM_STEP(5643,
		"The slow path: PAWS, sequence window, RST and SYN checks (tcp_validate_incoming).");
	if (!tcp_validate_incoming(sk, skb, th, 1))
		return;

step5:
	KM_STEP(5647, "Step 5: process the ACK field (tcp_ack).");
	if (tcp_ack(sk, skb, FLAG_SLOWPATH | FLAG_UPDATE_TS_RECENT) < 0)
		goto discard;

	/* kmirror leaves out tcp_rcv_rtt_measure_ts() (no autotuning) and
	 * tcp_urg() (no urgent data). */

	KM_STEP(5656, "Step 7: the segment text (tcp_data_queue).");
	tcp_data_queue(sk, skb);

	tcp_data_snd_check(sk);
	tcp_ack_snd_check(sk);
	return;

csum_error:
	TCP_INC_STATS(sock_net(sk), TCP_MIB_CSUMERRORS);
	TCP_INC_STATS(sock_net(sk), TCP_MIB_INERRS);

discard:
	tcp_drop(sk, skb);
}

void tcp_skb_mark_lost_uncond_verify(struct tcp_sock *tp, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_input.c:939",
		"Mark a segment lost after a timeout and count it in lost_out.");
	u8 sacked = TCP_SKB_CB(skb)->sacked;

	/* inlined: tcp_sum_lost(); a fresh loss, or a retransmission lost again */
	if (!(sacked & TCPCB_LOST) || (sacked & TCPCB_SACKED_RETRANS))
		tp->lost += tcp_skb_pcount(skb);
	if (!(sacked & (TCPCB_LOST | TCPCB_SACKED_ACKED))) {
		tp->lost_out += tcp_skb_pcount(skb);
		TCP_SKB_CB(skb)->sacked |= TCPCB_LOST;
	}
}

/* Linux: net/ipv4/tcp_recovery.c. A lost retransmission no longer counts as in flight. */
static void tcp_mark_skb_lost(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_recovery.c:5",
		"Mark a segment lost; a lost retransmission stops counting in retrans_out.");
	struct tcp_sock *tp = tcp_sk(sk);

	tcp_skb_mark_lost_uncond_verify(tp, skb);
	if (TCP_SKB_CB(skb)->sacked & TCPCB_SACKED_RETRANS) {
		TCP_SKB_CB(skb)->sacked &= ~TCPCB_SACKED_RETRANS;
		tp->retrans_out -= tcp_skb_pcount(skb);
	}
}

static inline void tcp_init_undo(struct tcp_sock *tp)
{
	KM_FUNC("net/ipv4/tcp_input.c:1916",
		"Remember where a recovery episode started so that it can be undone if it was spurious.");
	tp->undo_marker = tp->snd_una;
	tp->undo_retrans = tp->retrans_out ? : -1;
}

static void tcp_timeout_mark_lost(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_input.c:1932",
		"The RTO fired: mark every segment in the retransmission queue lost.");
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb, *head;

	head = tcp_rtx_queue_head(sk);
	if (tcp_is_reno(tp))
		tp->sacked_out = 0;	/* tcp_reset_reno_sack() */

	skb = head;
	skb_rbtree_walk_from(skb) {
		tcp_mark_skb_lost(sk, skb);
	}
}

void tcp_enter_loss(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_input.c:1963",
		"Enter the Loss state: reduce ssthresh (once per window), cwnd = packets in flight + 1.");
	const struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	struct net *net = sock_net(sk);
	bool new_recovery = icsk->icsk_ca_state < TCP_CA_Recovery;

	tcp_timeout_mark_lost(sk);

	if (icsk->icsk_ca_state <= TCP_CA_Disorder ||
	    !after(tp->high_seq, tp->snd_una) ||
	    (icsk->icsk_ca_state == TCP_CA_Loss && !icsk->icsk_retransmits)) {
		KM_STEP(1976,
			"First timeout in this window: save cwnd/ssthresh for undo, ask cubic for the new ssthresh.");
		tp->prior_ssthresh = tcp_current_ssthresh(sk);
		tp->prior_cwnd = tp->snd_cwnd;
		tp->snd_ssthresh = icsk->icsk_ca_ops->ssthresh(sk);
		tcp_ca_event(sk, CA_EVENT_LOSS);
		tcp_init_undo(tp);
	}
	KM_STEP(1982,
		"Restart from a window of one segment more than is still in flight.");
	tp->snd_cwnd = tcp_packets_in_flight(tp) + 1;
	tp->snd_cwnd_cnt = 0;
	tp->snd_cwnd_stamp = tcp_jiffies32;

	if (icsk->icsk_ca_state <= TCP_CA_Disorder &&
	    tp->sacked_out >= net->ipv4.sysctl_tcp_reordering)
		tp->reordering = min_t(unsigned int, tp->reordering,
				       net->ipv4.sysctl_tcp_reordering);
	tcp_set_ca_state(sk, TCP_CA_Loss);
	tp->high_seq = tp->snd_nxt;
	if (tp->ecn_flags & TCP_ECN_OK)
		tp->ecn_flags |= TCP_ECN_QUEUE_CWR;

	tp->frto = net->ipv4.sysctl_tcp_frto &&
		   (new_recovery || icsk->icsk_retransmits) &&
		   !inet_csk(sk)->icsk_mtup.probe_size;
}

/* Without SACK: no more segments counted as SACKed than can be (Linux: tcp_input.c:1835). */
static bool tcp_limit_reno_sacked(struct tcp_sock *tp)
{
	u32 holes;

	holes = max(tp->lost_out, 1U);
	holes = min(holes, tp->packets_out);

	if ((tp->sacked_out + holes) > tp->packets_out) {
		tp->sacked_out = tp->packets_out - holes;
		return true;
	}
	return false;
}

/*
 * tcp_simple_retransmit: after the path MTU went down, every queued
 * segment longer than the new MSS was surely dropped: mark it lost and
 * retransmit it now, without touching the congestion window.
 */
void tcp_simple_retransmit(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_input.c:2573",
		"The MSS shrank: mark queued segments that are now too long as lost and resend them.");
	const struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;
	unsigned int mss = tcp_current_mss(sk);

	skb = tcp_rtx_queue_head(sk);
	skb_rbtree_walk_from(skb) {
		if (tcp_skb_seglen(skb) > mss &&
		    !(TCP_SKB_CB(skb)->sacked & TCPCB_SACKED_ACKED)) {
			if (TCP_SKB_CB(skb)->sacked & TCPCB_SACKED_RETRANS) {
				TCP_SKB_CB(skb)->sacked &= ~TCPCB_SACKED_RETRANS;
				tp->retrans_out -= tcp_skb_pcount(skb);
			}
			tcp_skb_mark_lost_uncond_verify(tp, skb);
		}
	}

	/* tcp_clear_retrans_hints_partial(): kmirror keeps no retransmit hint. */

	if (!tp->lost_out) {
		KM_STEP(2593,
			"Nothing queued is longer than the new MSS (a SYN carries no data): nothing to resend.");
		return;
	}

	if (tcp_is_reno(tp))
		tcp_limit_reno_sacked(tp);

	WARN_ON(tcp_left_out(tp) > tp->packets_out);	/* tcp_verify_left_out */

	/* The amount of data in flight did not grow; cwnd stays as it is. */
	if (icsk->icsk_ca_state != TCP_CA_Loss) {
		tp->high_seq = tp->snd_nxt;
		tp->snd_ssthresh = tcp_current_ssthresh(sk);
		tp->prior_ssthresh = 0;
		tp->undo_marker = 0;
		tcp_set_ca_state(sk, TCP_CA_Loss);
	}
	/*
	 * tcp_xmit_retransmit_queue() is not mirrored (no data transfer):
	 * the queue holds only a SYN, already retransmitted when it was
	 * marked lost (retrans_out >= lost_out), so Linux sends nothing.
	 */
}

/*
 * tcp_finish_connect: our SYN was acknowledged: ESTABLISHED, then the
 * transfer set-up, keepalive, header prediction.
 */
void tcp_finish_connect(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_input.c:5671",
		"Complete the active open: enter ESTABLISHED and set up the data phase.");
	/* LAB 5 BEGIN: finish_connect — complete the active open */
	struct tcp_sock *tp = tcp_sk(sk);
	struct inet_connection_sock *icsk = inet_csk(sk);

	KM_STEP(5676, "Enter ESTABLISHED.");
	tcp_set_state(sk, TCP_ESTABLISHED);
	icsk->icsk_ack.lrcvtime = tcp_jiffies32;

	if (skb) {
		icsk->icsk_af_ops->sk_rx_dst_set(sk, skb);
	}

	tcp_init_transfer(sk, 0);

	/* count the connection as just active, not idle, for the first write */
	tp->lsndtime = tcp_jiffies32;

	if (sock_flag(sk, SOCK_KEEPOPEN)) {
		KM_STEP(5693,
			"SO_KEEPALIVE is set: start the keepalive timer.");
		inet_csk_reset_keepalive_timer(sk, keepalive_time_when(tp));
	}

	KM_STEP(5695,
		"Header prediction only without window scaling (pred_flags 0 otherwise).");
	if (!tp->rx_opt.snd_wscale)
		__tcp_fast_path_on(tp, tp->snd_wnd);
	else
		tp->pred_flags = 0;
	/* LAB 5 END: finish_connect */
}

/*
 * tcp_rcv_synsent_state_process: what a segment does to a socket in
 * SYN_SENT — the eleven cases of RFC 793 page 66 as Linux reads them.
 * Returns 1 to have the caller send an RST, 0 if the segment was
 * consumed, -1 if the caller should free it.
 */
static int tcp_rcv_synsent_state_process(struct sock *sk, struct sk_buff *skb,
					 const struct tcphdr *th)
{
	KM_FUNC("net/ipv4/tcp_input.c:5772",
		"A segment arrived while we wait in SYN_SENT: is it the SYN-ACK?");
	/* LAB 5 BEGIN: synsent_state_process — a segment received in SYN_SENT */
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	int saved_clamp = tp->rx_opt.mss_clamp;

	KM_STEP(5781,
		"Parse the options; turn the echoed timestamp back into our clock (minus tsoffset).");
	tcp_parse_options(sock_net(sk), skb, &tp->rx_opt, 0, NULL);
	if (tp->rx_opt.saw_tstamp && tp->rx_opt.rcv_tsecr)
		tp->rx_opt.rcv_tsecr -= tp->tsoffset;

	if (th->ack) {
		/*
		 * RFC 793: with ACK set, an ack at or below our ISN or beyond
		 * snd_nxt earns a reset (unless the segment is itself an RST).
		 */
		KM_STEP(5794,
			"The ACK must cover exactly our SYN (snd_una < ack <= snd_nxt), else answer with RST.");
		if (!after(TCP_SKB_CB(skb)->ack_seq, tp->snd_una) ||
		    after(TCP_SKB_CB(skb)->ack_seq, tp->snd_nxt))
			goto reset_and_undo;

		KM_STEP(5798,
			"The echoed timestamp must lie between our first SYN and now, else RST.");
		if (tp->rx_opt.saw_tstamp && tp->rx_opt.rcv_tsecr &&
		    !between(tp->rx_opt.rcv_tsecr, tp->retrans_stamp,
			     tcp_time_stamp(tp))) {
			NET_INC_STATS(sock_net(sk),
				      LINUX_MIB_PAWSACTIVEREJECTED);
			goto reset_and_undo;
		}

		/* An acceptable ACK with RST: the connection is refused. */
		if (th->rst) {
			KM_STEP(5815,
				"Acceptable ACK with RST: the peer refuses — ECONNREFUSED.");
			tcp_reset(sk);
			goto discard;
		}

		/* RFC 793: neither SYN nor RST: drop it. */
		if (!th->syn) {
			KM_STEP(5827,
				"An acceptable ACK without SYN: drop it (keep waiting for the SYN-ACK).");
			goto discard_and_undo;
		}

		/* A good SYN-ACK: our SYN is acknowledged. */
		tcp_ecn_rcv_synack(tp, th);

		KM_STEP(5838,
			"A valid SYN-ACK: remember its seq for window updates (snd_wl1).");
		tcp_init_wl(tp, TCP_SKB_CB(skb)->seq);
		KM_STEP(5839,
			"Process its ACK: snd_una = ISN+1, our SYN leaves the retransmit queue.");
		tcp_ack(sk, skb, FLAG_SLOWPATH);

		KM_STEP(5844,
			"The peer's ISN is known: rcv_nxt = rcv_wup = peer ISN + 1.");
		tp->rcv_nxt = TCP_SKB_CB(skb)->seq + 1;
		tp->rcv_wup = TCP_SKB_CB(skb)->seq + 1;

		KM_STEP(5850, "The peer's window, unscaled as in any SYN.");
		tp->snd_wnd = ntohs(th->window);

		if (!tp->rx_opt.wscale_ok) {
			KM_STEP(5853,
				"No window scale from the peer: no scaling either way, clamp to 65535.");
			tp->rx_opt.snd_wscale = tp->rx_opt.rcv_wscale = 0;
			tp->window_clamp = min(tp->window_clamp, 65535U);
		}

		if (tp->rx_opt.saw_tstamp) {
			KM_STEP(5858,
				"The peer does timestamps: 32-byte headers, advmss - 12, remember its TSval.");
			tp->rx_opt.tstamp_ok	   = 1;
			tp->tcp_header_len =
				sizeof(struct tcphdr) + TCPOLEN_TSTAMP_ALIGNED;
			tp->advmss	    -= TCPOLEN_TSTAMP_ALIGNED;
			tcp_store_ts_recent(tp);
		} else {
			tp->tcp_header_len = sizeof(struct tcphdr);
		}

		KM_STEP(5867,
			"Recompute mss_cache now that the peer's MSS and the options are known.");
		tcp_sync_mss(sk, icsk->icsk_pmtu_cookie);
		tcp_initialize_rcv_mss(sk);

		/* must be valid before we leave SYN_SENT: tcp_poll() reads it unlocked */
		tp->copied_seq = tp->rcv_nxt;

		smp_mb();

		tcp_finish_connect(sk, skb);

		if (!sock_flag(sk, SOCK_DEAD)) {
			KM_STEP(5885,
				"Wake the task sleeping in connect() (sk_state_change).");
			sk->sk_state_change(sk);
			sk_wake_async(sk, SOCK_WAKE_IO, POLL_OUT);
		}
		if (sk->sk_write_pending ||
		    icsk->icsk_accept_queue.rskq_defer_accept ||
		    icsk->icsk_ack.pingpong) {
			/*
			 * Data will likely follow soon: hold the third packet of
			 * the handshake back and let it ride on that data.
			 */
			KM_STEP(5900,
				"Delay the final ACK (data may follow): schedule it, DACK timer 200 ms.");
			inet_csk_schedule_ack(sk);
			tcp_enter_quickack_mode(sk, TCP_MAX_QUICKACKS);
			inet_csk_reset_xmit_timer(sk, ICSK_TIME_DACK,
						  TCP_DELACK_MAX, TCP_RTO_MAX);

discard:
			tcp_drop(sk, skb);
			return 0;
		} else {
			KM_STEP(5909,
				"Send the final ACK of the handshake now.");
			tcp_send_ack(sk);
		}
		return -1;
	}

	/* From here on the segment has no ACK flag. */

	if (th->rst) {
		/* RFC 793: an RST without ACK in SYN_SENT is dropped. */
		KM_STEP(5923,
			"An RST without ACK cannot refer to our SYN: drop it.");
		goto discard_and_undo;
	}

	/* drop a segment whose timestamp is older than one we saw (PAWS) */
	if (tp->rx_opt.ts_recent_stamp && tp->rx_opt.saw_tstamp &&
	    tcp_paws_reject(&tp->rx_opt, 0))
		goto discard_and_undo;

	if (th->syn) {
		/*
		 * Simultaneous open: the peer's SYN crossed ours. A socket that
		 * connects to its own address and port also lands here.
		 */
		KM_STEP(5936,
			"A bare SYN: simultaneous open — go to SYN_RECV.");
		tcp_set_state(sk, TCP_SYN_RECV);

		if (tp->rx_opt.saw_tstamp) {
			tp->rx_opt.tstamp_ok = 1;
			tcp_store_ts_recent(tp);
			tp->tcp_header_len =
				sizeof(struct tcphdr) + TCPOLEN_TSTAMP_ALIGNED;
		} else {
			tp->tcp_header_len = sizeof(struct tcphdr);
		}

		KM_STEP(5947,
			"Take the peer's ISN: rcv_nxt = copied_seq = rcv_wup = its seq + 1.");
		tp->rcv_nxt = TCP_SKB_CB(skb)->seq + 1;
		tp->copied_seq = tp->rcv_nxt;
		tp->rcv_wup = TCP_SKB_CB(skb)->seq + 1;

		/* Unscaled, as in any SYN. */
		tp->snd_wnd    = ntohs(th->window);
		tp->snd_wl1    = TCP_SKB_CB(skb)->seq;
		tp->max_window = tp->snd_wnd;

		tcp_ecn_rcv_syn(tp, th);

		tcp_mtup_init(sk);
		tcp_sync_mss(sk, icsk->icsk_pmtu_cookie);
		tcp_initialize_rcv_mss(sk);

		KM_STEP(5964,
			"Answer with our queued SYN, now carrying an ACK (tcp_send_synack).");
		tcp_send_synack(sk);
		/* Data in such a SYN is not accepted: drop the segment. */
		goto discard;
	}
	/* Neither SYN nor RST: drop it. */
	KM_STEP(5986, "Neither ACK nor SYN nor RST: drop it.");

discard_and_undo:
	tcp_clear_options(&tp->rx_opt);
	tp->rx_opt.mss_clamp = saved_clamp;
	goto discard;

reset_and_undo:
	KM_STEP(5992,
		"Unacceptable ACK: forget the options, ask the caller to answer with RST (seq = its ack).");
	tcp_clear_options(&tp->rx_opt);
	tp->rx_opt.mss_clamp = saved_clamp;
	return 1;
	/* LAB 5 END: synsent_state_process */
}

/*
 * tcp_rcv_state_process: RFC 793's segment arrival for every state but
 * ESTABLISHED and TIME_WAIT. Returns non-zero to have the caller reset.
 */
int tcp_rcv_state_process(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_input.c:6004",
		"The TCP state machine: what this segment means in the socket's current state.");
	struct tcp_sock *tp = tcp_sk(sk);
	const struct tcphdr *th = tcp_hdr(skb);
	struct request_sock *req;
	int queued = 0;
	bool acceptable;

	KM_STEP(6013, "Dispatch on sk_state.");
	switch (sk->sk_state) {
	case TCP_CLOSE:
		KM_STEP(6015, "CLOSE: drop everything.");
		goto discard;

	case TCP_LISTEN:
		if (th->ack) {
			KM_STEP(6019,
				"LISTEN and the segment has ACK: it cannot be for us — answer with RST.");
			return 1;
		}

		if (th->rst) {
			KM_STEP(6022, "LISTEN: an RST is dropped.");
			goto discard;
		}

		if (th->syn) {
			if (th->fin)
				goto discard;
			local_bh_disable();
			KM_STEP(6032,
				"A SYN for the listener: a connection request (tcp_v4_conn_request).");
			acceptable = inet_csk(sk)->icsk_af_ops->conn_request(sk, skb) >= 0;
			local_bh_enable();

			if (!acceptable)
				return 1;
			consume_skb(skb);
			return 0;
		}
		goto discard;

	case TCP_SYN_SENT:
		tp->rx_opt.saw_tstamp = 0;
		tcp_mstamp_refresh(tp);
		KM_STEP(6046,
			"SYN_SENT: the dedicated handler decides (SYN-ACK, RST, simultaneous SYN ...).");
		queued = tcp_rcv_synsent_state_process(sk, skb, th);
		if (queued >= 0)
			return queued;

		/* The segment was handled; free it. */
		__kfree_skb(skb);
		return 0;
	}

	tcp_mstamp_refresh(tp);
	tp->rx_opt.saw_tstamp = 0;
	req = tp->fastopen_rsk;

	if (!th->ack && !th->rst && !th->syn)
		goto discard;

	if (!tcp_validate_incoming(sk, skb, th, 0))
		return 0;

	KM_STEP(6077, "Step 5: check the ACK field.");
	acceptable = tcp_ack(sk, skb, FLAG_SLOWPATH |
				      FLAG_UPDATE_TS_RECENT |
				      FLAG_NO_CHALLENGE_ACK) > 0;

	if (!acceptable) {
		if (sk->sk_state == TCP_SYN_RECV) {
			KM_STEP(6083,
				"SYN_RECV with an unacceptable ACK: answer with one RST.");
			return 1;
		}
		tcp_send_challenge_ack(sk, skb);
		goto discard;
	}
	switch (sk->sk_state) {
	case TCP_SYN_RECV:
		tp->delivered++;
		if (!tp->srtt_us) {
			KM_STEP(6091,
				"No RTT sample yet (the SYN-ACK was resent?): try one from this ACK's timestamp.");
			tcp_synack_rtt_meas(sk, req);
		}
		if (req) {
			inet_csk(sk)->icsk_retransmits = 0;
			tcp_rearm_rto(sk);
		} else {
			tcp_init_transfer(sk, 0);
			tp->copied_seq = tp->rcv_nxt;
		}
		smp_mb();
		KM_STEP(6113,
			"Our SYN-ACK is acknowledged: ESTABLISHED, and wake whoever waits.");
		tcp_set_state(sk, TCP_ESTABLISHED);
		sk->sk_state_change(sk);

		if (sk->sk_socket)
			sk_wake_async(sk, SOCK_WAKE_IO, POLL_OUT);

		tp->snd_una = TCP_SKB_CB(skb)->ack_seq;
		tp->snd_wnd = ntohs(th->window) << tp->rx_opt.snd_wscale;
		tcp_init_wl(tp, TCP_SKB_CB(skb)->seq);

		if (tp->rx_opt.tstamp_ok)
			tp->advmss -= TCPOLEN_TSTAMP_ALIGNED;

		tp->lsndtime = tcp_jiffies32;

		tcp_initialize_rcv_mss(sk);
		tcp_fast_path_on(tp);
		break;

	case TCP_FIN_WAIT1: {
		int tmo;

		/* kmirror leaves out the Fast Open request (line 6148): no TFO */
		if (KM_STEP_IF(6153,
			       "Is our FIN still unacknowledged (snd_una != write_seq)? Then stay in FIN_WAIT1.",
			       tp->snd_una != tp->write_seq))
			break;

		KM_STEP(6156,
			"Our FIN is acknowledged: FIN_WAIT2, our sending side is shut.");
		tcp_set_state(sk, TCP_FIN_WAIT2);
		sk->sk_shutdown |= SEND_SHUTDOWN;

		sk_dst_confirm(sk);

		if (!sock_flag(sk, SOCK_DEAD)) {
			KM_STEP(6163,
				"The socket still has an owner (shutdown): wake it; it stays in FIN_WAIT2 with no timer.");
			sk->sk_state_change(sk);
			break;
		}

		if (tp->linger2 < 0) {
			KM_STEP(6168,
				"An orphan with TCP_LINGER2 < 0: done now, answer with an RST.");
			tcp_done(sk);
			NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPABORTONDATA);
			return 1;
		}
		if (TCP_SKB_CB(skb)->end_seq != TCP_SKB_CB(skb)->seq &&
		    after(TCP_SKB_CB(skb)->end_seq - th->fin, tp->rcv_nxt)) {
			KM_STEP(6177,
				"An orphan got data (or a FIN out of order) after close(): done, answer with an RST.");
			tcp_done(sk);
			NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPABORTONDATA);
			return 1;
		}

		tmo = tcp_fin_time(sk);
		if (tmo > TCP_TIMEWAIT_LEN) {
			KM_STEP(6184,
				"FIN timeout above 60 s: wait out the excess on the keepalive timer first.");
			inet_csk_reset_keepalive_timer(sk, tmo - TCP_TIMEWAIT_LEN);
		} else if (th->fin || sock_owned_by_user(sk)) {
			KM_STEP(6192,
				"The FIN came with this ACK (or a task holds the sock): keep the full sock, FIN_WAIT2 timer on sk_timer.");
			inet_csk_reset_keepalive_timer(sk, tmo);
		} else {
			KM_STEP(6194,
				"An orphan in FIN_WAIT2: a timewait sock (substate FIN_WAIT2) waits for the peer's FIN.");
			tcp_time_wait(sk, TCP_FIN_WAIT2, tmo);
			goto discard;
		}
		break;
	}

	case TCP_CLOSING:
		if (tp->snd_una == tp->write_seq) {
			KM_STEP(6202,
				"CLOSING and our FIN is acknowledged: TIME_WAIT.");
			tcp_time_wait(sk, TCP_TIME_WAIT, 0);
			goto discard;
		}
		break;

	case TCP_LAST_ACK:
		if (tp->snd_una == tp->write_seq) {
			/* kmirror leaves out tcp_update_metrics (no metrics cache) */
			KM_STEP(6210,
				"LAST_ACK and our FIN is acknowledged: the connection is over (CLOSE).");
			tcp_done(sk);
			goto discard;
		}
		break;
	}

	/* kmirror leaves out step 6, tcp_urg (no urgent data) */

	KM_STEP(6220, "Step 7: the segment's text (data, FIN) in this state.");
	switch (sk->sk_state) {
	case TCP_CLOSE_WAIT:
	case TCP_CLOSING:
	case TCP_LAST_ACK:
		if (!before(TCP_SKB_CB(skb)->seq, tp->rcv_nxt))
			break;
		/* fall through */
	case TCP_FIN_WAIT1:
	case TCP_FIN_WAIT2:
		if (sk->sk_shutdown & RCV_SHUTDOWN) {
			if (TCP_SKB_CB(skb)->end_seq != TCP_SKB_CB(skb)->seq &&
			    after(TCP_SKB_CB(skb)->end_seq - th->fin, tp->rcv_nxt)) {
				KM_STEP(6236,
					"New data after we shut our receiving side: reset the connection (RFC 1122), answer with an RST.");
				NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPABORTONDATA);
				tcp_reset(sk);
				return 1;
			}
		}
		/* fall through */
	case TCP_ESTABLISHED:
		KM_STEP(6243,
			"A synchronized state that takes data: queue it (tcp_data_queue).");
		tcp_data_queue(sk, skb);
		queued = 1;
		break;
	}

	/* tcp_data_queue may have moved the sock to TIME_WAIT (CLOSE) */
	if (sk->sk_state != TCP_CLOSE) {
		tcp_data_snd_check(sk);
		tcp_ack_snd_check(sk);
	}

	if (!queued) {
discard:
		tcp_drop(sk, skb);
	}
	return 0;
}

/* __maybe_unused (and the two below): in a Lab 8 student tree the stub of
 * tcp_conn_request does not call them yet. */
static void __maybe_unused tcp_openreq_init(struct request_sock *req,
					    const struct tcp_options_received *rx_opt,
					    struct sk_buff *skb,
					    const struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_input.c:6312",
		"Fill a new request sock from the SYN: its ISN, MSS, timestamps, SACK and window scale, ports.");
	struct inet_request_sock *ireq = inet_rsk(req);

	req->rsk_rcv_wnd = 0;		/* tcp_openreq_init_rwin sets it */
	req->cookie_ts = 0;
	tcp_rsk(req)->rcv_isn = TCP_SKB_CB(skb)->seq;
	tcp_rsk(req)->rcv_nxt = TCP_SKB_CB(skb)->seq + 1;
	tcp_rsk(req)->snt_synack = tcp_clock_us();
	tcp_rsk(req)->last_oow_ack_time = 0;
	req->mss = rx_opt->mss_clamp;
	req->ts_recent = rx_opt->saw_tstamp ? rx_opt->rcv_tsval : 0;
	ireq->tstamp_ok = rx_opt->tstamp_ok;
	ireq->sack_ok = rx_opt->sack_ok;
	ireq->snd_wscale = rx_opt->snd_wscale;
	ireq->wscale_ok = rx_opt->wscale_ok;
	ireq->acked = 0;
	ireq->ecn_ok = 0;
	ireq->ir_rmt_port = tcp_hdr(skb)->source;
	ireq->ir_num = ntohs(tcp_hdr(skb)->dest);
	ireq->ir_mark = sk->sk_mark;
}

struct request_sock *inet_reqsk_alloc(const struct request_sock_ops *ops,
				      struct sock *sk_listener,
				      bool attach_listener)
{
	KM_FUNC("net/ipv4/tcp_input.c:6340",
		"Allocate the request sock that stands for this connection until the handshake ends.");
	struct request_sock *req = reqsk_alloc(ops, sk_listener,
					       attach_listener);

	if (req) {
		struct inet_request_sock *ireq = inet_rsk(req);

		KM_STEP(6350,
			"Its state is TCP_NEW_SYN_RECV; it belongs to the listener's namespace and family.");
		ireq->ireq_opt = NULL;
		ireq->ir_cookie = 0;
		ireq->ireq_state = TCP_NEW_SYN_RECV;
		write_pnet(&ireq->ireq_net, sock_net(sk_listener));
		ireq->ireq_family = sk_listener->sk_family;
	}

	return req;
}

static void __maybe_unused tcp_ecn_create_request(struct request_sock *req,
						  const struct sk_buff *skb,
						  const struct sock *listen_sk,
						  const struct dst_entry *dst)
{
	KM_FUNC("net/ipv4/tcp_input.c:6288",
		"A SYN with ECE and CWR set asks for ECN: allow it if tcp_ecn (or the route) permits and the SYN itself is not ECT.");
	const struct tcphdr *th = tcp_hdr(skb);
	const struct net *net = sock_net(listen_sk);
	bool th_ecn = th->ece && th->cwr;
	bool ect, ecn_ok;
	u32 ecn_ok_dst;

	if (!th_ecn)
		return;

	/* A SYN must not itself be marked ECN-capable in its IP header
	 * (RFC 3168 6.1.1): one that is comes from a broken middlebox or
	 * sender, and gets no ECN. */
	ect = !INET_ECN_is_not_ect(TCP_SKB_CB(skb)->ip_dsfield);
	ecn_ok_dst = dst_feature(dst, DST_FEATURE_ECN_MASK);
	ecn_ok = net->ipv4.sysctl_tcp_ecn || ecn_ok_dst;

	if ((!ect && ecn_ok) ||
	    (inet_csk(listen_sk)->icsk_ca_ops->flags & TCP_CONG_NEEDS_ECN) ||
	    (ecn_ok_dst & DST_FEATURE_ECN_CA)) {
		KM_STEP(6309,
			"ECN is agreed for this connection: the SYN-ACK will carry ECE.");
		inet_rsk(req)->ecn_ok = 1;
	}
}


/* The SYN queue is full: log it once per listener, decide on cookies. */
static bool __maybe_unused tcp_syn_flood_action(const struct sock *sk,
						const struct sk_buff *skb,
						const char *proto)
{
	KM_FUNC("net/ipv4/tcp_input.c:6367",
		"SYN queue overflow: use SYN cookies if net.ipv4.tcp_syncookies allows, else drop; warn once.");
	struct request_sock_queue *queue = &inet_csk(sk)->icsk_accept_queue;
	const char *msg = "Dropping request";
	bool want_cookie = false;
	struct net *net = sock_net(sk);

	if (net->ipv4.sysctl_tcp_syncookies) {
		msg = "Sending cookies";
		want_cookie = true;
		__NET_INC_STATS(net, LINUX_MIB_TCPREQQFULLDOCOOKIES);
	} else {
		__NET_INC_STATS(net, LINUX_MIB_TCPREQQFULLDROP);
	}

	if (!queue->synflood_warned && net->ipv4.sysctl_tcp_syncookies != 2) {
		queue->synflood_warned = 1;
		pr_info("%s: Possible SYN flooding on port %d. %s.  Check SNMP counters.\n",
			proto, ntohs(tcp_hdr(skb)->dest), msg);
	}
	return want_cookie;
}

/*
 * tcp_conn_request: a SYN reached a listener. Make a request sock
 * (NEW_SYN_RECV) with the peer's options, our ISN and window, put it in
 * the SYN queue with its SYN-ACK timer, and send the SYN-ACK.
 */
int tcp_conn_request(struct request_sock_ops *rsk_ops,
		     const struct tcp_request_sock_ops *af_ops,
		     struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_input.c:6411",
		"A SYN for a listener: create a request sock and answer with a SYN-ACK.");
	/* LAB 8 BEGIN: conn_request — a SYN reaches a listener */
	__u32 isn = TCP_SKB_CB(skb)->tcp_tw_isn;
	struct tcp_options_received tmp_opt;
	struct tcp_sock *tp = tcp_sk(sk);
	struct net *net = sock_net(sk);
	struct request_sock *req;
	bool want_cookie = false;
	struct dst_entry *dst;
	struct flowi fl;

	KM_STEP(6430,
		"Is the SYN queue full (or cookies forced)? Then SYN cookies, or a drop.");
	if ((net->ipv4.sysctl_tcp_syncookies == 2 ||
	     inet_csk_reqsk_queue_is_full(sk)) && !isn) {
		want_cookie = tcp_syn_flood_action(sk, skb, rsk_ops->slab_name);
		if (!want_cookie)
			goto drop;
	}

	KM_STEP(6437,
		"Is the accept queue full? Then drop the SYN (ListenOverflows).");
	if (sk_acceptq_is_full(sk)) {
		NET_INC_STATS(sock_net(sk), LINUX_MIB_LISTENOVERFLOWS);
		goto drop;
	}

	KM_STEP(6442,
		"Allocate the request sock (state TCP_NEW_SYN_RECV); a cookie's is not attached to the listener.");
	req = inet_reqsk_alloc(rsk_ops, sk, !want_cookie);
	if (!req)
		goto drop;

	tcp_rsk(req)->af_specific = af_ops;
	tcp_rsk(req)->ts_off = 0;

	KM_STEP(6449, "Parse the SYN's options (MSS, WS, SACK_PERM, TS).");
	tcp_clear_options(&tmp_opt);
	tmp_opt.mss_clamp = af_ops->mss_clamp;
	tmp_opt.user_mss  = tp->rx_opt.user_mss;
	tcp_parse_options(sock_net(sk), skb, &tmp_opt, 0, NULL);

	if (want_cookie && !tmp_opt.saw_tstamp) {
		/* Without timestamps a cookie has nowhere to keep the
		 * SYN's options: the connection goes without them. */
		KM_STEP(6456,
			"A cookie SYN-ACK without timestamps cannot remember options: drop them all.");
		tcp_clear_options(&tmp_opt);
	}

	tmp_opt.tstamp_ok = tmp_opt.saw_tstamp;
	KM_STEP(6462,
		"Record what the SYN said in the request: ISN+1, MSS, scale, timestamps, SACK.");
	tcp_openreq_init(req, &tmp_opt, skb, sk);
	inet_rsk(req)->no_srccheck = inet_sk(sk)->transparent;

	inet_rsk(req)->ir_iif = sk->sk_bound_dev_if;

	af_ops->init_req(req, sk, skb);

	if (tmp_opt.tstamp_ok)
		tcp_rsk(req)->ts_off = af_ops->init_ts_off(net, skb);

	KM_STEP(6476, "Find the route back to the client.");
	dst = af_ops->route_req(sk, &fl, req);
	if (!dst)
		goto drop_and_free;

	if (!want_cookie && !isn) {
		if (!net->ipv4.sysctl_tcp_syncookies &&
		    (net->ipv4.sysctl_max_syn_backlog - inet_csk_reqsk_queue_len(sk) <
		     (net->ipv4.sysctl_max_syn_backlog >> 2)) &&
		    !tcp_peer_is_proven(req, dst)) {
			/* Without cookies the last quarter of the backlog is
			 * kept for peers known to be alive (tcp_metrics). */
			KM_STEP(6495,
				"No cookies and the SYN backlog is three quarters full: drop a SYN from an unproven peer.");
			goto drop_and_release;
		}

		KM_STEP(6498,
			"Choose our ISN with secure_tcp_seq, as for an active open.");
		isn = af_ops->init_seq(skb);
	}

	tcp_ecn_create_request(req, skb, sk, dst);

	if (want_cookie) {
		KM_STEP(6504,
			"The ISN is a SYN cookie: it encodes the 4-tuple, the minute and the MSS.");
		isn = cookie_init_sequence(af_ops, sk, skb, &req->mss);
		req->cookie_ts = tmp_opt.tstamp_ok;
		if (!tmp_opt.tstamp_ok)
			inet_rsk(req)->ecn_ok = 0;
	}

	tcp_rsk(req)->snt_isn = isn;
	tcp_rsk(req)->txhash = km_net_tx_rndhash();
	KM_STEP(6512,
		"Choose the window to offer in the SYN-ACK (tcp_openreq_init_rwin).");
	tcp_openreq_init_rwin(req, sk, dst);

	tcp_rsk(req)->tfo_listener = false;
	if (!want_cookie) {
		KM_STEP(6529,
			"Hash the request into ehash and arm its SYN-ACK retransmit timer (1 s).");
		inet_csk_reqsk_queue_hash_add(sk, req, tcp_timeout_init((struct sock *)req));
	}
	KM_STEP(6531, "Send the SYN-ACK.");
	af_ops->send_synack(sk, dst, &fl, req, NULL,
			    !want_cookie ? TCP_SYNACK_NORMAL : TCP_SYNACK_COOKIE);
	if (want_cookie) {
		KM_STEP(6535,
			"A cookie SYN-ACK keeps nothing: free the request sock; the ACK will rebuild it.");
		reqsk_free(req);
		return 0;
	}
	reqsk_put(req);
	return 0;

drop_and_release:
	dst_release(dst);
drop_and_free:
	reqsk_free(req);
drop:
	tcp_listendrop(sk);
	return 0;
	/* LAB 8 END: conn_request */
}
