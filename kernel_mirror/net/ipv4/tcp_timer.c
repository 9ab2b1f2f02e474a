// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/tcp_timer.c (Linux 5.0.1) — the retransmission timer
 * (tcp_write_timer :612 -> tcp_write_timer_handler :574 ->
 * tcp_retransmit_timer :431 -> tcp_write_timeout :218), the delayed-ACK
 * timer and the keepalive timer.
 *
 * In SYN_SENT the SYN is resent with the RTO doubling each time (1, 2, 4
 * ... s, at most 120 s); after tcp_syn_retries (6) retransmissions the
 * next expiry gives up with ETIMEDOUT: SYNs at 0, 1, 3, 7, 15, 31, 63 s,
 * failure at 127 s.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/skbuff.h>
#include <net/tcp.h>
#include <net/inet_connection_sock.h>
#include <kmirror/trace.h>

/*
 * When the retransmissions began: retrans_stamp, or (when it was cleared)
 * the send time of the oldest segment still unacknowledged.
 */
static u32 tcp_retransmit_stamp(const struct sock *sk)
{
	u32 start_ts = tcp_sk(sk)->retrans_stamp;

	if (unlikely(!start_ts)) {
		struct sk_buff *head = tcp_rtx_queue_head(sk);

		if (!head)
			return 0;
		start_ts = tcp_skb_timestamp(head);
	}
	return start_ts;
}

/*
 * The next RTO, shortened so the timer fires when TCP_USER_TIMEOUT runs
 * out: with no user timeout it is icsk_rto; once the user timeout has
 * passed, one jiffy.
 */
static u32 tcp_clamp_rto_to_user_timeout(const struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	u32 elapsed, start_ts;
	s32 remaining;

	start_ts = tcp_retransmit_stamp(sk);
	if (!icsk->icsk_user_timeout || !start_ts)
		return icsk->icsk_rto;
	elapsed = tcp_time_stamp(tcp_sk(sk)) - start_ts;
	remaining = icsk->icsk_user_timeout - elapsed;
	if (remaining <= 0)
		return 1;
	return min_t(u32, icsk->icsk_rto, msecs_to_jiffies(remaining));
}

static void tcp_write_err(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_timer.c:63",
		"Retries exhausted: set sk_err (ETIMEDOUT, or the soft ICMP error) and close.");
	KM_STEP(65,
		"The error is the soft error an ICMP left, if any, else ETIMEDOUT.");
	sk->sk_err = sk->sk_err_soft ? : ETIMEDOUT;
	sk->sk_error_report(sk);

	tcp_write_queue_purge(sk);
	KM_STEP(69, "Close the socket; a connect() sleeping on it wakes up.");
	tcp_done(sk);
	__NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPABORTONTIMEOUT);
}

static int tcp_orphan_retries(struct sock *sk, bool alive)
{
	KM_FUNC("net/ipv4/tcp_timer.c:139",
		"How many retransmissions an orphan gets: tcp_orphan_retries, or 8 if that is 0 and it sent recently.");
	int retries = sock_net(sk)->ipv4.sysctl_tcp_orphan_retries;

	if (sk->sk_err_soft && !alive) {
		KM_STEP(145, "An ICMP error said something is wrong: no retries.");
		retries = 0;
	}

	if (retries == 0 && alive) {
		KM_STEP(151,
			"tcp_orphan_retries is 0 and the RTO is below its maximum: 8 retries (over 100 s).");
		retries = 8;
	}
	return retries;
}

static bool retransmits_timed_out(struct sock *sk, unsigned int boundary,
				  unsigned int timeout)
{
	KM_FUNC("net/ipv4/tcp_timer.c:190",
		"Has the connection been retransmitting longer than the backoff series for this many retries allows?");
	/* LAB 6 BEGIN: retransmits_timed_out — how long a backoff series lasts */
	const unsigned int rto_base = TCP_RTO_MIN;
	unsigned int linear_backoff_thresh, start_ts;

	if (!inet_csk(sk)->icsk_retransmits)
		return false;

	start_ts = tcp_retransmit_stamp(sk);
	if (!start_ts)
		return false;

	if (likely(timeout == 0)) {
		linear_backoff_thresh = ilog2(TCP_RTO_MAX/rto_base);

		if (boundary <= linear_backoff_thresh)
			timeout = ((2 << boundary) - 1) * rto_base;
		else
			timeout = ((2 << linear_backoff_thresh) - 1) * rto_base +
				(boundary - linear_backoff_thresh) * TCP_RTO_MAX;
		timeout = jiffies_to_msecs(timeout);
	}
	return (s32)(tcp_time_stamp(tcp_sk(sk)) - start_ts - timeout) >= 0;
	/* LAB 6 END: retransmits_timed_out */
}

/*
 * tcp_write_timeout: decide whether to give up. While handshaking the
 * decision is by count: icsk_retransmits >= TCP_SYNCNT or
 * net.ipv4.tcp_syn_retries (6).
 */
static int tcp_write_timeout(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_timer.c:218",
		"Decide whether to give up: in SYN_SENT by counting retransmissions.");
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct net *net = sock_net(sk);
	bool expired;
	int retry_until;

	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		/* LAB 6 BEGIN: write_timeout_syn — when a handshake gives up */
		if (icsk->icsk_retransmits) {
			dst_negative_advice(sk);
		} else {
			sk_rethink_txhash(sk);
		}
		KM_STEP(232,
			"How many SYN retransmissions are allowed: TCP_SYNCNT, else tcp_syn_retries (6 by default).");
		retry_until = icsk->icsk_syn_retries ? : net->ipv4.sysctl_tcp_syn_retries;
		KM_STEP(233,
			"Expired when that many retransmissions were already sent.");
		expired = icsk->icsk_retransmits >= retry_until;
		/* LAB 6 END: write_timeout_syn */
	} else {
		if (retransmits_timed_out(sk, net->ipv4.sysctl_tcp_retries1, 0))
			dst_negative_advice(sk);
		else
			sk_rethink_txhash(sk);

		retry_until = net->ipv4.sysctl_tcp_retries2;
		if (sock_flag(sk, SOCK_DEAD)) {
			const bool alive = icsk->icsk_rto < TCP_RTO_MAX;

			KM_STEP(248,
				"An orphan (closed by its owner): only tcp_orphan_retries retransmissions (8 while alive).");
			retry_until = tcp_orphan_retries(sk, alive);
			/* kmirror leaves out tcp_out_of_resources (no orphan or memory limits) */
		}
		expired = retransmits_timed_out(sk, retry_until,
						icsk->icsk_user_timeout);
	}

	if (expired) {
		/* Too long: give up. */
		tcp_write_err(sk);
		return 1;
	}

	return 0;
}

void tcp_delack_timer_handler(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_timer.c:275",
		"Delayed-ACK timer: send the ACK that was held back.");
	struct inet_connection_sock *icsk = inet_csk(sk);

	if (((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)) ||
	    !(icsk->icsk_ack.pending & ICSK_ACK_TIMER))
		return;

	if (time_after(icsk->icsk_ack.timeout, jiffies)) {
		KM_STEP(286,
			"The delayed-ACK timer fired early: re-arm it for the remaining time.");
		sk_reset_timer(sk, &icsk->icsk_delack_timer, icsk->icsk_ack.timeout);
		return;
	}
	icsk->icsk_ack.pending &= ~ICSK_ACK_TIMER;

	if (inet_csk_ack_scheduled(sk)) {
		if (!icsk->icsk_ack.pingpong) {
			/* the ACK is still owed: double the ATO (at most the RTO) */
			icsk->icsk_ack.ato = min(icsk->icsk_ack.ato << 1, icsk->icsk_rto);
		} else {
			/* the ACK is still owed: stop delaying, minimum ATO */
			icsk->icsk_ack.pingpong = 0;
			icsk->icsk_ack.ato      = TCP_ATO_MIN;
		}
		tcp_mstamp_refresh(tcp_sk(sk));
		KM_STEP(303, "Send the delayed ACK.");
		tcp_send_ack(sk);
		__NET_INC_STATS(sock_net(sk), LINUX_MIB_DELAYEDACKS);
	}
}

void tcp_delack_timer(struct timer_list *t)
{
	KM_FUNC("net/ipv4/tcp_timer.c:322",
		"The delayed-ACK timer expired (deferred to release_sock if a task holds the socket).");
	struct inet_connection_sock *icsk =
			from_timer(icsk, t, icsk_delack_timer);
	struct sock *sk = &icsk->icsk_inet.sk;

	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk)) {
		tcp_delack_timer_handler(sk);
	} else {
		icsk->icsk_ack.blocked = 1;
		__NET_INC_STATS(sock_net(sk), LINUX_MIB_DELAYEDACKLOCKED);
		/* tcp_release_cb() will run it. */
		if (!(sk->sk_tsq_flags & (1UL << 2)))	/* TCP_DELACK_TIMER_DEFERRED */
			sock_hold(sk);
		sk->sk_tsq_flags |= 1UL << 2;
	}
	bh_unlock_sock(sk);
	sock_put(sk);
}

/*
 * tcp_retransmit_timer: the RTO expired. Unless it is time to give up,
 * retransmit the oldest unacknowledged segment, count the retry, double
 * the RTO (exponential backoff, at most 120 s) and re-arm.
 */
void tcp_retransmit_timer(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_timer.c:431",
		"The retransmission timeout expired: resend, back off, or give up.");
	struct tcp_sock *tp = tcp_sk(sk);
	struct net *net = sock_net(sk);
	struct inet_connection_sock *icsk = inet_csk(sk);

	if (!tp->packets_out)
		goto out;

	WARN_ON(tcp_rtx_queue_empty(sk));

	tp->tlp_high_seq = 0;

	__NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPTIMEOUTS);
	/* LAB 6 BEGIN: retransmit_resend — give up, or resend and count */
	if (KM_STEP_IF(488, "Time to give up (tcp_write_timeout)?",
		       tcp_write_timeout(sk)))
		goto out;

	KM_STEP(512, "Enter the Loss state (congestion control).");
	tcp_enter_loss(sk);

	KM_STEP(514,
		"Retransmit the head of the retransmit queue (in a handshake: the SYN).");
	if (tcp_retransmit_skb(sk, tcp_rtx_queue_head(sk), 1) > 0) {
		/* could not leave this host: re-arm short, RTO unchanged */
		if (!icsk->icsk_retransmits)
			icsk->icsk_retransmits = 1;
		KM_STEP(520,
			"The retransmission could not leave the host: retry after a short interval, RTO unchanged.");
		inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS,
					  min(icsk->icsk_rto, TCP_RESOURCE_PROBE_INTERVAL),
					  TCP_RTO_MAX);
		goto out;
	}

	/* Exponential backoff (RFC 6298 5.5), counted by retransmission. */
	KM_STEP(541, "Count it: icsk_backoff++ and icsk_retransmits++.");
	icsk->icsk_backoff++;
	icsk->icsk_retransmits++;
	/* LAB 6 END: retransmit_resend */

	/* LAB 6 BEGIN: retransmit_rearm — back off and re-arm */
	KM_STEP(562,
		"Double the RTO (at most 120 s) and re-arm the timer (sooner if TCP_USER_TIMEOUT runs out first).");
	icsk->icsk_rto = min(icsk->icsk_rto << 1, TCP_RTO_MAX);
	inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS,
				  tcp_clamp_rto_to_user_timeout(sk), TCP_RTO_MAX);
	if (retransmits_timed_out(sk, net->ipv4.sysctl_tcp_retries1 + 1, 0))
		__sk_dst_reset(sk);
	/* LAB 6 END: retransmit_rearm */

out:;
}

/*
 * The zero-window probe timer: probe again, or give up. An orphan gets
 * tcp_orphan_retries probes, anyone else tcp_retries2 (Linux also gives up
 * on an orphan when memory is short: tcp_out_of_resources, not mirrored).
 */
static void tcp_probe_timer(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_timer.c:342",
		"The zero-window probe timer: probe the peer's window again, or give up.");
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct sk_buff *skb = tcp_send_head(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	int max_probes;
	u32 start_ts;

	if (tp->packets_out || !skb) {
		KM_STEP(350,
			"Data in flight again, or nothing waiting: no probe needed.");
		icsk->icsk_probes_out = 0;
		return;
	}

	start_ts = tcp_skb_timestamp(skb);
	if (!start_ts)
		skb->skb_mstamp_ns = tp->tcp_clock_cache;
	else if (icsk->icsk_user_timeout &&
		 (s32)(tcp_time_stamp(tp) - start_ts) > icsk->icsk_user_timeout)
		goto abort;

	max_probes = sock_net(sk)->ipv4.sysctl_tcp_retries2;
	if (sock_flag(sk, SOCK_DEAD)) {
		const bool alive = inet_csk_rto_backoff(icsk, TCP_RTO_MAX) < TCP_RTO_MAX;

		KM_STEP(374,
			"An orphan (closed by its owner): only tcp_orphan_retries probes.");
		max_probes = tcp_orphan_retries(sk, alive);
		if (!alive && icsk->icsk_backoff >= max_probes)
			goto abort;
	}

	if (icsk->icsk_probes_out >= max_probes) {
abort:
		KM_STEP(382,
			"Too many unanswered probes: the connection is dead (tcp_write_err).");
		tcp_write_err(sk);
	} else {
		KM_STEP(385, "Send another probe.");
		tcp_send_probe0(sk);
	}
}

/* Called with the socket not owned by a task. */
void tcp_write_timer_handler(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_timer.c:574",
		"Run the pending retransmit-timer event (icsk_pending).");
	struct inet_connection_sock *icsk = inet_csk(sk);
	int event;

	if (((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)) ||
	    !icsk->icsk_pending) {
		KM_STEP(581,
			"Nothing pending any more (e.g. the SYN was acknowledged): do nothing.");
		/* Linux: goto out, which only reclaims memory. */
		return;
	}

	if (time_after(icsk->icsk_timeout, jiffies)) {
		/* Fired early (re-armed later): wait for the real time. */ {
		KM_STEP(584,
			"Fired too early: re-arm the retransmit timer for the remaining time.");
		sk_reset_timer(sk, &icsk->icsk_retransmit_timer, icsk->icsk_timeout);
	}
		return;
	}

	tcp_mstamp_refresh(tcp_sk(sk));
	event = icsk->icsk_pending;

	switch (event) {
	case ICSK_TIME_LOSS_PROBE:
		KM_STEP(597,
			"The tail loss probe timer (PTO): send the probe (tcp_send_loss_probe).");
		tcp_send_loss_probe(sk);
		break;
	case ICSK_TIME_RETRANS:
		KM_STEP(599,
			"A retransmission timeout: clear icsk_pending and handle it.");
		icsk->icsk_pending = 0;
		tcp_retransmit_timer(sk);
		break;
	case ICSK_TIME_PROBE0:
		KM_STEP(603,
			"The zero-window probe timer: clear icsk_pending and probe (tcp_probe_timer).");
		icsk->icsk_pending = 0;
		tcp_probe_timer(sk);
		break;
	default:
		icsk->icsk_pending = 0;
		break;
	}
}

void tcp_write_timer(struct timer_list *t)
{
	KM_FUNC("net/ipv4/tcp_timer.c:612",
		"The retransmit timer expired (deferred to release_sock if a task holds the socket).");
	struct inet_connection_sock *icsk =
			from_timer(icsk, t, icsk_retransmit_timer);
	struct sock *sk = &icsk->icsk_inet.sk;

	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk)) {
		tcp_write_timer_handler(sk);
	} else {
		KM_STEP(623,
			"A task owns the socket: let tcp_release_cb() run the handler later.");
		if (!(sk->sk_tsq_flags & (1UL << 1)))	/* TCP_WRITE_TIMER_DEFERRED */
			sock_hold(sk);
		sk->sk_tsq_flags |= 1UL << 1;
	}
	bh_unlock_sock(sk);
	sock_put(sk);
}

void tcp_syn_ack_timeout(const struct request_sock *req)
{
	KM_FUNC("net/ipv4/tcp_timer.c:630",
		"A SYN-ACK timed out: count it (TCPTimeouts).");
	struct net *net = read_pnet(&inet_rsk(req)->ireq_net);

	__NET_INC_STATS(net, LINUX_MIB_TCPTIMEOUTS);
}

void tcp_set_keepalive(struct sock *sk, int val)
{
	KM_FUNC("net/ipv4/tcp_timer.c:638",
		"SO_KEEPALIVE on a connected socket: start (or stop) the keepalive timer.");
	if ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN))
		return;

	if (val && !sock_flag(sk, SOCK_KEEPOPEN))
		inet_csk_reset_keepalive_timer(sk, keepalive_time_when(tcp_sk(sk)));
	else if (!val)
		inet_csk_delete_keepalive_timer(sk);
}

/*
 * The keepalive timer (sk_timer). It also ends an orphan's FIN_WAIT2:
 * after the part of the FIN timeout beyond 60 s (or all of it, when the
 * peer's FIN came with the ACK of ours) a timewait sock waits out the
 * rest, or an RST ends it. kmirror does not send keepalive probes (they
 * come after two hours of idleness); for a keepalive socket it re-arms.
 */
void tcp_keepalive_timer(struct timer_list *t)
{
	KM_FUNC("net/ipv4/tcp_timer.c:651",
		"Keepalive timer: end an orphan's FIN_WAIT2, or (kmirror sends no probes) re-arm.");
	struct sock *sk = from_timer(sk, t, sk_timer);
	struct tcp_sock *tp = tcp_sk(sk);

	bh_lock_sock(sk);
	if (sock_owned_by_user(sk)) {
		KM_STEP(662, "A task holds the sock: try again in 50 ms.");
		inet_csk_reset_keepalive_timer(sk, HZ/20);
		goto out;
	}

	if (sk->sk_state == TCP_LISTEN)
		goto out;

	tcp_mstamp_refresh(tp);
	if (sk->sk_state == TCP_FIN_WAIT2 && sock_flag(sk, SOCK_DEAD)) {
		if (tp->linger2 >= 0) {
			const int tmo = tcp_fin_time(sk) - TCP_TIMEWAIT_LEN;

			if (tmo > 0) {
				KM_STEP(677,
					"An orphan in FIN_WAIT2: a timewait sock waits out the rest of the FIN timeout.");
				tcp_time_wait(sk, TCP_FIN_WAIT2, tmo);
				goto out;
			}
		}
		KM_STEP(681,
			"An orphan's FIN_WAIT2 timed out: abort with an RST and close.");
		tcp_send_active_reset(sk, GFP_ATOMIC);
		goto death;
	}

	if (!sock_flag(sk, SOCK_KEEPOPEN) ||
	    ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_SYN_SENT)))
		goto out;

	/* kmirror leaves out the probes (lines 689-727): re-arm */
	if (sk->sk_state == TCP_ESTABLISHED)
		inet_csk_reset_keepalive_timer(sk, keepalive_intvl_when(tp));
	goto out;

death:
	tcp_done(sk);

out:
	bh_unlock_sock(sk);
	sock_put(sk);
}

void tcp_init_xmit_timers(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_timer.c:759",
		"Set up TCP's retransmit, delayed-ACK and keepalive timers.");
	inet_csk_init_xmit_timers(sk, &tcp_write_timer, &tcp_delack_timer,
				  &tcp_keepalive_timer);
}

