// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/tcp_minisocks.c (Linux 5.0.1) — TCP's small sockets:
 * TIME_WAIT socks and request socks (a connection in SYN_RECV). A
 * connection enters TIME_WAIT in tcp_time_wait(), and a segment that
 * finds a TIME_WAIT sock is judged by tcp_timewait_state_process(). The
 * passive open completes here: tcp_check_req() validates the handshake's
 * final ACK against the request, and tcp_create_openreq_child() builds
 * the full socket from the listener and the request.
 *
 * kmirror leaves out the TCP metrics update on entering TIME_WAIT
 * (tcp_update_metrics: no metrics cache, docs/architecture.md) and MD5.
 */
#include <linux/kernel.h>
#include <linux/tcp.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/inet_connection_sock.h>
#include <net/request_sock.h>
#include <net/inet_timewait_sock.h>
#include <net/inet_hashtables.h>
#include <net/dst.h>
#include <linux/ktime.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

/* Linux: `struct inet_hashinfo tcp_hashinfo;` — one per host here. */
#define tcp_hashinfo	(km_host()->tcp_hashinfo)

/* __maybe_unused: in a Lab 8 student tree the stub of tcp_check_req does
 * not call it yet. */
static bool __maybe_unused tcp_in_window(u32 seq, u32 end_seq, u32 s_win,
					 u32 e_win)
{
	KM_FUNC("net/ipv4/tcp_minisocks.c:32",
		"Does the segment [seq, end_seq) overlap the window [s_win, e_win]?");
	if (seq == s_win)
		return true;
	if (after(end_seq, s_win) && before(seq, e_win))
		return true;
	return seq == e_win && seq == end_seq;
}

static enum tcp_tw_status
tcp_timewait_check_oow_rate_limit(struct inet_timewait_sock *tw,
				  const struct sk_buff *skb, int mib_idx)
{
	KM_FUNC("net/ipv4/tcp_minisocks.c:42",
		"Answer an out-of-window segment with an ACK, unless such ACKs are being rate-limited.");
	struct tcp_timewait_sock *tcptw = tcp_twsk((struct sock *)tw);

	if (!tcp_oow_rate_limited(twsk_net(tw), skb, mib_idx,
				  &tcptw->tw_last_oow_ack_time)) {
		KM_STEP(52, "Not rate-limited: answer with an ACK.");
		return TCP_TW_ACK;
	}

	KM_STEP(56, "Rate-limited: drop the segment without an answer.");
	inet_twsk_put(tw);
	return TCP_TW_SUCCESS;
}

/*
 * tcp_timewait_state_process: a segment for a 4-tuple in TIME_WAIT (or
 * orphaned FIN_WAIT2, tw_substate). In FIN_WAIT2 the peer's FIN moves it
 * to TIME_WAIT; in TIME_WAIT an in-window RST kills it (RFC 1337 off), a
 * retransmitted FIN or an out-of-window segment gets an ACK and restarts
 * the 60 s, and a SYN with a higher sequence number (or newer timestamp)
 * may open a new connection.
 */
enum tcp_tw_status
tcp_timewait_state_process(struct inet_timewait_sock *tw, struct sk_buff *skb,
			   const struct tcphdr *th)
{
	KM_FUNC("net/ipv4/tcp_minisocks.c:91",
		"A segment for a TIME_WAIT (or orphaned FIN_WAIT2) 4-tuple: ACK it, reset, accept a new SYN, or drop it.");
	struct tcp_options_received tmp_opt;
	struct tcp_timewait_sock *tcptw = tcp_twsk((struct sock *)tw);
	bool paws_reject = false;

	tmp_opt.saw_tstamp = 0;
	if (th->doff > (sizeof(*th) >> 2) && tcptw->tw_ts_recent_stamp) {
		tcp_parse_options(twsk_net(tw), skb, &tmp_opt, 0, NULL);

		if (tmp_opt.saw_tstamp) {
			if (tmp_opt.rcv_tsecr)
				tmp_opt.rcv_tsecr -= tcptw->tw_ts_offset;
			tmp_opt.ts_recent	= tcptw->tw_ts_recent;
			tmp_opt.ts_recent_stamp	= tcptw->tw_ts_recent_stamp;
			KM_STEP(107,
				"PAWS: is the segment's timestamp older than the last one seen?");
			paws_reject = tcp_paws_reject(&tmp_opt, th->rst);
		}
	}

	if (tw->tw_substate == TCP_FIN_WAIT2) {
		if (KM_STEP_IF(115,
			       "FIN_WAIT2 substate: is the segment PAWS-rejected or outside the window (then it only gets an ACK)?",
			       paws_reject ||
			       !tcp_in_window(TCP_SKB_CB(skb)->seq, TCP_SKB_CB(skb)->end_seq,
					      tcptw->tw_rcv_nxt,
					      tcptw->tw_rcv_nxt + tcptw->tw_rcv_wnd)))
			return tcp_timewait_check_oow_rate_limit(
				tw, skb, LINUX_MIB_TCPACKSKIPPEDFINWAIT2);

		if (th->rst) {
			KM_STEP(123, "An RST in window: end it now.");
			goto kill;
		}

		if (th->syn && !before(TCP_SKB_CB(skb)->seq, tcptw->tw_rcv_nxt)) {
			KM_STEP(126, "A SYN at or past rcv_nxt: answer with an RST.");
			return TCP_TW_RST;
		}

		if (!th->ack ||
		    !after(TCP_SKB_CB(skb)->end_seq, tcptw->tw_rcv_nxt) ||
		    TCP_SKB_CB(skb)->end_seq == TCP_SKB_CB(skb)->seq) {
			KM_STEP(132,
				"A duplicate ACK (nothing new): drop it silently.");
			inet_twsk_put(tw);
			return TCP_TW_SUCCESS;
		}

		if (!th->fin ||
		    TCP_SKB_CB(skb)->end_seq != tcptw->tw_rcv_nxt + 1) {
			KM_STEP(141,
				"New data after our close (not just a FIN): answer with an RST.");
			return TCP_TW_RST;
		}

		KM_STEP(144,
			"The peer's FIN: now truly TIME_WAIT, rcv_nxt past the FIN, 60 s from now; ACK it.");
		tw->tw_substate	  = TCP_TIME_WAIT;
		tcptw->tw_rcv_nxt = TCP_SKB_CB(skb)->end_seq;
		if (tmp_opt.saw_tstamp) {
			tcptw->tw_ts_recent_stamp = ktime_get_seconds();
			tcptw->tw_ts_recent	  = tmp_opt.rcv_tsval;
		}

		inet_twsk_reschedule(tw, TCP_TIMEWAIT_LEN);
		return TCP_TW_ACK;
	}

	/* Real TIME_WAIT from here on (RFC 1122 4.2.2.13). */
	if (KM_STEP_IF(172,
		       "Exactly at rcv_nxt and either a bare ACK or an RST (and PAWS-clean)?",
		       !paws_reject &&
		       (TCP_SKB_CB(skb)->seq == tcptw->tw_rcv_nxt &&
			(TCP_SKB_CB(skb)->seq == TCP_SKB_CB(skb)->end_seq || th->rst)))) {
		if (th->rst) {
			if (twsk_net(tw)->ipv4.sysctl_tcp_rfc1337 == 0) {
kill:
				KM_STEP(184,
					"An RST ends TIME_WAIT at once (TIME_WAIT assassination, tcp_rfc1337 = 0).");
				inet_twsk_deschedule_put(tw);
				return TCP_TW_SUCCESS;
			}
		} else {
			KM_STEP(188,
				"A bare in-window ACK: restart the 60 s.");
			inet_twsk_reschedule(tw, TCP_TIMEWAIT_LEN);
		}

		if (tmp_opt.saw_tstamp) {
			tcptw->tw_ts_recent	  = tmp_opt.rcv_tsval;
			tcptw->tw_ts_recent_stamp = ktime_get_seconds();
		}

		inet_twsk_put(tw);
		return TCP_TW_SUCCESS;
	}

	if (th->syn && !th->rst && !th->ack && !paws_reject &&
	    (after(TCP_SKB_CB(skb)->seq, tcptw->tw_rcv_nxt) ||
	     (tmp_opt.saw_tstamp &&
	      (s32)(tcptw->tw_ts_recent - tmp_opt.rcv_tsval) < 0))) {
		u32 isn = tcptw->tw_snd_nxt + 65535 + 2;

		if (isn == 0)
			isn++;
		KM_STEP(224,
			"A new SYN beyond rcv_nxt (or with a newer timestamp): it may reopen; its ISN will be tw_snd_nxt + 65537.");
		TCP_SKB_CB(skb)->tcp_tw_isn = isn;
		return TCP_TW_SYN;
	}

	if (paws_reject)
		__NET_INC_STATS(twsk_net(tw), LINUX_MIB_PAWSESTABREJECTED);

	if (!th->rst) {
		KM_STEP(238,
			"Anything else but an RST (a retransmitted FIN, an old segment): restart the 60 s if it has an ACK, and ACK it.");
		if (paws_reject || th->ack)
			inet_twsk_reschedule(tw, TCP_TIMEWAIT_LEN);

		return tcp_timewait_check_oow_rate_limit(
			tw, skb, LINUX_MIB_TCPACKSKIPPEDTIMEWAIT);
	}
	KM_STEP(244, "An RST out of window: ignore it.");
	inet_twsk_put(tw);
	return TCP_TW_SUCCESS;
}

/*
 * tcp_time_wait: replace the sock by a timewait sock, in TIME_WAIT (60 s)
 * or, for an orphan in FIN_WAIT2, for the rest of its FIN timeout; then
 * the full sock is done (tcp_done).
 */
void tcp_time_wait(struct sock *sk, int state, int timeo)
{
	KM_FUNC("net/ipv4/tcp_minisocks.c:252",
		"Enter TIME_WAIT (or orphan FIN_WAIT2): a timewait sock takes the 4-tuple over, the full sock is done.");
	const struct inet_connection_sock *icsk = inet_csk(sk);
	const struct tcp_sock *tp = tcp_sk(sk);
	struct inet_timewait_sock *tw;
	struct inet_timewait_death_row *tcp_death_row = &sock_net(sk)->ipv4.tcp_death_row;

	tw = inet_twsk_alloc(sk, tcp_death_row, state);

	if (tw) {
		struct tcp_timewait_sock *tcptw = tcp_twsk((struct sock *)tw);
		const int rto = (icsk->icsk_rto << 2) - (icsk->icsk_rto >> 1);
		struct inet_sock *inet = inet_sk(sk);

		KM_STEP(266,
			"Copy what answering late segments needs: rcv_nxt, snd_nxt, the window, timestamps.");
		tw->tw_transparent	= inet->transparent;
		tw->tw_mark		= sk->sk_mark;
		tw->tw_rcv_wscale	= tp->rx_opt.rcv_wscale;
		tcptw->tw_rcv_nxt	= tp->rcv_nxt;
		tcptw->tw_snd_nxt	= tp->snd_nxt;
		tcptw->tw_rcv_wnd	= tcp_receive_window(tp);
		tcptw->tw_ts_recent	= tp->rx_opt.ts_recent;
		tcptw->tw_ts_recent_stamp = tp->rx_opt.ts_recent_stamp;
		tcptw->tw_ts_offset	= tp->tsoffset;
		tcptw->tw_last_oow_ack_time = 0;

		/* kmirror leaves out the MD5 key copy (no TCP MD5) */

		if (timeo < rto)
			timeo = rto;

		if (state == TCP_TIME_WAIT) {
			KM_STEP(312, "TIME_WAIT lasts TCP_TIMEWAIT_LEN (60 s).");
			timeo = TCP_TIMEWAIT_LEN;
		}

		local_bh_disable();
		inet_twsk_schedule(tw, timeo);
		inet_twsk_hashdance(tw, sk, &tcp_hashinfo);
		local_bh_enable();
	} else {
		KM_STEP(330,
			"No timewait sock (tcp_max_tw_buckets reached): the connection just closes.");
		NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPTIMEWAITOVERFLOW);
	}

	/* kmirror leaves out tcp_update_metrics (no metrics cache) */
	KM_STEP(334, "The full sock is done (CLOSE, and destroyed if orphaned).");
	tcp_done(sk);
}

void tcp_twsk_destructor(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_minisocks.c:338",
		"TCP's timewait destructor: frees the MD5 key copy (none in kmirror).");
}

void tcp_openreq_init_rwin(struct request_sock *req,
			   const struct sock *sk_listener,
			   const struct dst_entry *dst)
{
	KM_FUNC("net/ipv4/tcp_minisocks.c:352",
		"Choose the window the SYN-ACK will offer: from the listener's receive buffer, in whole MSS.");
	struct inet_request_sock *ireq = inet_rsk(req);
	const struct tcp_sock *tp = tcp_sk(sk_listener);
	int full_space = tcp_full_space(sk_listener);
	u32 window_clamp;
	__u8 rcv_wscale;
	u32 rcv_wnd;
	int mss;

	mss = tcp_mss_clamp(tp, dst_metric_advmss(dst));
	window_clamp = READ_ONCE(tp->window_clamp);
	req->rsk_window_clamp = window_clamp ? : dst_metric(dst, RTAX_WINDOW);

	if (sk_listener->sk_userlocks & SOCK_RCVBUF_LOCK &&
	    (req->rsk_window_clamp > full_space || req->rsk_window_clamp == 0))
		req->rsk_window_clamp = full_space;

	/* No BPF override (tcp_rwnd_init_bpf() returns 0): the route decides. */
	rcv_wnd = dst_metric(dst, RTAX_INITRWND);

	KM_STEP(381,
		"tcp_select_initial_window with the MSS less the timestamp option if the peer uses it.");
	tcp_select_initial_window(sk_listener, full_space,
				  mss - (ireq->tstamp_ok ? TCPOLEN_TSTAMP_ALIGNED : 0),
				  &req->rsk_rcv_wnd, &req->rsk_window_clamp,
				  ireq->wscale_ok, &rcv_wscale, rcv_wnd);
	ireq->rcv_wscale = rcv_wscale;
}

/* Pick the child's congestion control (the route may name one). */
void tcp_ca_openreq_child(struct sock *sk, const struct dst_entry *dst)
{
	KM_FUNC("net/ipv4/tcp_minisocks.c:398",
		"The child gets the default congestion control and starts in CA_Open.");
	struct inet_connection_sock *icsk = inet_csk(sk);

	if (!icsk->icsk_ca_setsockopt)
		tcp_assign_congestion_control(sk);

	tcp_set_ca_state(sk, TCP_CA_Open);
}

struct sock *tcp_create_openreq_child(const struct sock *sk,
				      struct request_sock *req,
				      struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_minisocks.c:448",
		"Build the connection's full socket: clone the listener, then fill in the handshake's numbers.");
	struct sock *newsk = inet_csk_clone_lock(sk, req, GFP_ATOMIC);
	const struct inet_request_sock *ireq = inet_rsk(req);
	struct tcp_request_sock *treq = tcp_rsk(req);
	struct inet_connection_sock *newicsk;
	struct tcp_sock *newtp;

	if (!newsk)
		return newsk;

	newicsk = inet_csk(newsk);
	newtp = tcp_sk(newsk);

	newtp->pred_flags = 0;

	KM_STEP(470,
		"Sequence space: rcv_nxt = peer ISN + 1, snd_una = snd_nxt = our ISN + 1.");
	newtp->rcv_wup = newtp->copied_seq =
	newtp->rcv_nxt = treq->rcv_isn + 1;
	newtp->segs_in = 1;

	newtp->snd_sml = newtp->snd_una =
	newtp->snd_nxt = newtp->snd_up = treq->snt_isn + 1;

	INIT_LIST_HEAD(&newtp->tsorted_sent_queue);

	tcp_init_wl(newtp, treq->rcv_isn);

	KM_STEP(482,
		"Fresh RTT state and a 1 s RTO; nothing in flight; ssthresh 'infinite'; cwnd 10.");
	newtp->srtt_us = 0;
	newtp->mdev_us = jiffies_to_usecs(TCP_TIMEOUT_INIT);
	minmax_reset(&newtp->rtt_min, tcp_jiffies32, ~0U);
	newicsk->icsk_rto = TCP_TIMEOUT_INIT;
	newicsk->icsk_ack.lrcvtime = tcp_jiffies32;

	newtp->packets_out = 0;
	newtp->retrans_out = 0;
	newtp->sacked_out = 0;
	newtp->snd_ssthresh = TCP_INFINITE_SSTHRESH;
	newtp->tlp_high_seq = 0;
	newtp->lsndtime = tcp_jiffies32;
	newsk->sk_txhash = treq->txhash;
	newtp->last_oow_ack_time = 0;
	newtp->total_retrans = req->num_retrans;

	newtp->snd_cwnd = TCP_INIT_CWND;
	newtp->snd_cwnd_cnt = 0;

	newtp->app_limited = ~0U;

	tcp_init_xmit_timers(newsk);
	newtp->write_seq = newtp->pushed_seq = treq->snt_isn + 1;

	newtp->rx_opt.saw_tstamp = 0;

	newtp->rx_opt.dsack = 0;
	newtp->rx_opt.num_sacks = 0;

	newtp->urg_data = 0;

	if (sock_flag(newsk, SOCK_KEEPOPEN)) {
		KM_STEP(520,
			"SO_KEEPALIVE was set on the listener: start the child's keepalive timer.");
		inet_csk_reset_keepalive_timer(newsk, keepalive_time_when(newtp));
	}

	KM_STEP(523,
		"Options negotiated in the handshake: timestamps, SACK, window scaling, our window.");
	newtp->rx_opt.tstamp_ok = ireq->tstamp_ok;
	newtp->rx_opt.sack_ok = ireq->sack_ok;
	newtp->window_clamp = req->rsk_window_clamp;
	newtp->rcv_ssthresh = req->rsk_rcv_wnd;
	newtp->rcv_wnd = req->rsk_rcv_wnd;
	newtp->rx_opt.wscale_ok = ireq->wscale_ok;
	if (newtp->rx_opt.wscale_ok) {
		newtp->rx_opt.snd_wscale = ireq->snd_wscale;
		newtp->rx_opt.rcv_wscale = ireq->rcv_wscale;
	} else {
		newtp->rx_opt.snd_wscale = newtp->rx_opt.rcv_wscale = 0;
		newtp->window_clamp = min(newtp->window_clamp, 65535U);
	}
	KM_STEP(536,
		"The peer's window, from the final ACK, scaled by its window scale.");
	newtp->snd_wnd = ntohs(tcp_hdr(skb)->window) << newtp->rx_opt.snd_wscale;
	newtp->max_window = newtp->snd_wnd;

	if (newtp->rx_opt.tstamp_ok) {
		newtp->rx_opt.ts_recent = req->ts_recent;
		newtp->rx_opt.ts_recent_stamp = (int)(ktime_get_ns() / NSEC_PER_SEC);
		newtp->tcp_header_len = sizeof(struct tcphdr) + TCPOLEN_TSTAMP_ALIGNED;
	} else {
		newtp->rx_opt.ts_recent_stamp = 0;
		newtp->tcp_header_len = sizeof(struct tcphdr);
	}
	newtp->tsoffset = treq->ts_off;
	if (skb->len >= TCP_MSS_DEFAULT + newtp->tcp_header_len)
		newicsk->icsk_ack.last_seg_size = skb->len - newtp->tcp_header_len;
	newtp->rx_opt.mss_clamp = req->mss;
	if (inet_rsk(req)->ecn_ok)
		newtp->ecn_flags = TCP_ECN_OK;
	else
		newtp->ecn_flags = 0;
	newtp->fastopen_rsk = NULL;
	newtp->syn_data_acked = 0;

	__TCP_INC_STATS(sock_net(sk), TCP_MIB_PASSIVEOPENS);

	return newsk;
}

struct sock *tcp_check_req(struct sock *sk, struct sk_buff *skb,
			   struct request_sock *req,
			   bool fastopen, bool *req_stolen)
{
	KM_FUNC("net/ipv4/tcp_minisocks.c:584",
		"A segment for a connection in SYN_RECV: check it against the request sock; a good ACK creates the socket.");
	/* LAB 8 BEGIN: check_req — a segment for a request sock */
	struct tcp_options_received tmp_opt;
	struct sock *child;
	const struct tcphdr *th = tcp_hdr(skb);
	__be32 flg = tcp_flag_word(th) & (TCP_FLAG_RST | TCP_FLAG_SYN | TCP_FLAG_ACK);
	bool paws_reject = false;
	bool own_req;

	tmp_opt.saw_tstamp = 0;
	if (th->doff > (sizeof(struct tcphdr) >> 2)) {
		tcp_parse_options(sock_net(sk), skb, &tmp_opt, 0, NULL);

		if (tmp_opt.saw_tstamp) {
			tmp_opt.ts_recent = req->ts_recent;
			if (tmp_opt.rcv_tsecr)
				tmp_opt.rcv_tsecr -= tcp_rsk(req)->ts_off;
			/* no ts_recent_stamp in a request sock: derive an
			 * approximate one from the SYN-ACK timeout count */
			tmp_opt.ts_recent_stamp = (int)(ktime_get_ns() / NSEC_PER_SEC) -
				((TCP_TIMEOUT_INIT / HZ) << req->num_timeout);
			paws_reject = tcp_paws_reject(&tmp_opt, th->rst);
		}
	}

	if (TCP_SKB_CB(skb)->seq == tcp_rsk(req)->rcv_isn &&
	    flg == TCP_FLAG_SYN && !paws_reject) {
		KM_STEP(639,
			"The peer retransmitted its SYN: send the SYN-ACK again (rate-limited) and restart the timer.");
		if (!tcp_oow_rate_limited(sock_net(sk), skb,
					  LINUX_MIB_TCPACKSKIPPEDSYNRECV,
					  &tcp_rsk(req)->last_oow_ack_time) &&
		    !inet_rtx_syn_ack(sk, req)) {
			unsigned long expires = jiffies;

			expires += min(TCP_TIMEOUT_INIT << req->num_timeout,
				       TCP_RTO_MAX);
			mod_timer_pending(&req->rsk_timer, expires);
		}
		return NULL;
	}

	if ((flg & TCP_FLAG_ACK) && !fastopen &&
	    (TCP_SKB_CB(skb)->ack_seq != tcp_rsk(req)->snt_isn + 1)) {
		KM_STEP(716,
			"The ACK does not acknowledge our SYN-ACK (ack != ISN+1): the listener will answer with RST.");
		return sk;
	}

	if (paws_reject ||
	    !tcp_in_window(TCP_SKB_CB(skb)->seq, TCP_SKB_CB(skb)->end_seq,
			   tcp_rsk(req)->rcv_nxt,
			   tcp_rsk(req)->rcv_nxt + req->rsk_rcv_wnd)) {
		KM_STEP(728,
			"Outside the receive window (or PAWS failed): drop it, with an ACK (rate-limited) unless it is an RST.");
		if (!(flg & TCP_FLAG_RST) &&
		    !tcp_oow_rate_limited(sock_net(sk), skb,
					  LINUX_MIB_TCPACKSKIPPEDSYNRECV,
					  &tcp_rsk(req)->last_oow_ack_time))
			req->rsk_ops->send_ack(sk, skb, req);
		if (paws_reject)
			__NET_INC_STATS(sock_net(sk), LINUX_MIB_PAWSESTABREJECTED);
		return NULL;
	}

	if (tmp_opt.saw_tstamp && !after(TCP_SKB_CB(skb)->seq, tcp_rsk(req)->rcv_nxt))
		req->ts_recent = tmp_opt.rcv_tsval;

	if (TCP_SKB_CB(skb)->seq == tcp_rsk(req)->rcv_isn) {
		/* The SYN lies before the window that starts at rcv_isn + 1. */
		flg &= ~TCP_FLAG_SYN;
	}

	if (flg & (TCP_FLAG_RST | TCP_FLAG_SYN)) {
		KM_STEP(753,
			"RST, or a new SYN inside the window: the embryonic connection is reset.");
		__TCP_INC_STATS(sock_net(sk), TCP_MIB_ATTEMPTFAILS);
		goto embryonic_reset;
	}

	if (!(flg & TCP_FLAG_ACK))
		return NULL;

	if (fastopen)
		return sk;

	if (req->num_timeout < inet_csk(sk)->icsk_accept_queue.rskq_defer_accept &&
	    TCP_SKB_CB(skb)->end_seq == tcp_rsk(req)->rcv_isn + 1) {
		KM_STEP(775,
			"TCP_DEFER_ACCEPT: a bare ACK is noted but dropped; wait for data.");
		inet_rsk(req)->acked = 1;
		__NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPDEFERACCEPTDROP);
		return NULL;
	}

	KM_STEP(786,
		"A valid final ACK: create the full socket (syn_recv_sock = tcp_v4_syn_recv_sock).");
	child = inet_csk(sk)->icsk_af_ops->syn_recv_sock(sk, skb, req, NULL,
							 req, &own_req);
	if (!child)
		goto listen_overflow;

	tcp_synack_rtt_meas(child, req);
	*req_stolen = !own_req;
	return inet_csk_complete_hashdance(sk, child, req, own_req);

listen_overflow:
	if (!sock_net(sk)->ipv4.sysctl_tcp_abort_on_overflow) {
		KM_STEP(798,
			"The accept queue is full: drop the ACK silently (tcp_abort_on_overflow is 0); the peer will retry.");
		inet_rsk(req)->acked = 1;
		return NULL;
	}

embryonic_reset:
	if (!(flg & TCP_FLAG_RST)) {
		KM_STEP(809, "Answer the bad segment with a RST.");
		req->rsk_ops->send_reset(sk, skb);
	}
	inet_csk_reqsk_queue_drop(sk, req);
	__NET_INC_STATS(sock_net(sk), LINUX_MIB_EMBRYONICRSTS);
	return NULL;
	/* LAB 8 END: check_req */
}

int tcp_child_process(struct sock *parent, struct sock *child,
		      struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_minisocks.c:834",
		"Feed the final ACK to the new child socket (SYN_RECV → ESTABLISHED) and wake the listener.");
	int ret = 0;
	int state = child->sk_state;

	tcp_segs_in(tcp_sk(child), skb);
	if (!sock_owned_by_user(child)) {
		ret = tcp_rcv_state_process(child, skb);
		if (state == TCP_SYN_RECV && child->sk_state != state) {
			KM_STEP(848,
				"The child is established: wake whoever sleeps in accept() on the listener.");
			parent->sk_data_ready(parent);
		}
	} else {
		__sk_add_backlog(child, skb);
	}

	bh_unlock_sock(child);
	sock_put(child);
	return ret;
}
