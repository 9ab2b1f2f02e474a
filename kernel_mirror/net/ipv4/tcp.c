// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/tcp.c (Linux 5.0.1) — TCP's socket-level half:
 * initialisation of a new TCP socket (tcp_init_sock :407), state changes
 * (tcp_set_state), close(), disconnect (AF_UNSPEC connect, :2534),
 * tcp_done (:3744), poll() and the TCP socket options.
 *
 * Deliberate limits (see docs/architecture.md): there is no data
 * transfer, and an orderly close (FIN) of an established connection is
 * not mirrored — close() of an established socket aborts it with an RST,
 * as SO_LINGER {1, 0} would.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/skbuff.h>
#include <linux/poll.h>
#include <linux/uaccess.h>
#include <linux/tcp.h>
#include <net/tcp.h>
#include <net/inet_connection_sock.h>
#include <net/inet_common.h>
#include <net/ip.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

/*
 * tcp_init_sock: the state every new TCP socket starts in: CLOSE, an
 * initial RTO of 1 s, a congestion window of 10, an MSS of 536 until we
 * know better, and buffers from net.ipv4.tcp_wmem/tcp_rmem.
 */
void tcp_init_sock(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp.c:407",
		"Initialise a new TCP socket: timers, RTO 1 s, cwnd 10, MSS 536, buffers.");
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);

	tp->out_of_order_queue = RB_ROOT;
	sk->tcp_rtx_queue = RB_ROOT;
	KM_STEP(414,
		"Set up the retransmit, delayed-ACK and keepalive timers (not armed).");
	tcp_init_xmit_timers(sk);
	INIT_LIST_HEAD(&tp->tsq_node);
	INIT_LIST_HEAD(&tp->tsorted_sent_queue);

	KM_STEP(418, "Initial retransmission timeout: TCP_TIMEOUT_INIT, 1 s.");
	icsk->icsk_rto = TCP_TIMEOUT_INIT;
	tp->mdev_us = jiffies_to_usecs(TCP_TIMEOUT_INIT);
	minmax_reset(&tp->rtt_min, tcp_jiffies32, ~0U);

	KM_STEP(427, "Initial congestion window: 10 segments (RFC 6928).");
	tp->snd_cwnd = TCP_INIT_CWND;

	/* Nothing in flight yet: the pipe is "application limited". */
	tp->app_limited = ~0U;

	KM_STEP(435,
		"No slow-start threshold yet; MSS 536 until the route and the peer say more.");
	tp->snd_ssthresh = TCP_INFINITE_SSTHRESH;
	tp->snd_cwnd_clamp = ~0;
	tp->mss_cache = TCP_MSS_DEFAULT;

	tp->reordering = sock_net(sk)->ipv4.sysctl_tcp_reordering;
	tcp_assign_congestion_control(sk);

	tp->tsoffset = 0;

	KM_STEP(445, "The socket starts in TCP_CLOSE.");
	sk->sk_state = TCP_CLOSE;

	sk->sk_write_space = sk_stream_write_space;
	sock_set_flag(sk, SOCK_USE_WRITE_QUEUE);

	icsk->icsk_sync_mss = tcp_sync_mss;

	KM_STEP(452,
		"Buffers from net.ipv4.tcp_wmem[1] and tcp_rmem[1] (16384 and 131072 by default).");
	sk->sk_sndbuf = sock_net(sk)->ipv4.sysctl_tcp_wmem[1];
	sk->sk_rcvbuf = sock_net(sk)->ipv4.sysctl_tcp_rmem[1];
}

/*
 * tcp_init_transfer: the connection is established; set metrics (RTO,
 * cwnd), congestion control and buffer space for the data phase.
 */
void tcp_init_transfer(struct sock *sk, int bpf_op)
{
	KM_FUNC("net/ipv4/tcp.c:460",
		"Prepare for data: route, metrics (RTO, cwnd), congestion control, buffers.");
	struct inet_connection_sock *icsk = inet_csk(sk);

	tcp_mtup_init(sk);
	icsk->icsk_af_ops->rebuild_header(sk);
	tcp_init_metrics(sk);
	tcp_init_congestion_control(sk);
	tcp_init_buffer_space(sk);
}


/*
 * tcp_poll: which events a TCP socket has. A connect in progress is
 * neither readable nor writable; once established it is writable; a
 * failed connect reports POLLERR (and POLLHUP, POLLOUT, POLLIN).
 */
__poll_t tcp_poll(struct file *file, struct socket *sock,
		  struct poll_table_struct *wait)
{
	KM_FUNC("net/ipv4/tcp.c:503",
		"poll(): compute the ready events of a TCP socket.");
	__poll_t mask;
	struct sock *sk = sock->sk;
	const struct tcp_sock *tp = tcp_sk(sk);
	int state;

	poll_wait(file, sk_sleep(sk), wait);

	state = sk->sk_state;
	if (state == TCP_LISTEN)
		return KM_RET(inet_csk_listen_poll(sk));

	mask = 0;

	if (sk->sk_shutdown == SHUTDOWN_MASK || state == TCP_CLOSE)
		mask |= EPOLLHUP;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;

	KM_STEP(556,
		"Past the handshake (not SYN_SENT / SYN_RECV): readable? writable?");
	if (state != TCP_SYN_SENT &&
	    (state != TCP_SYN_RECV || tp->fastopen_rsk)) {
		if (tp->rcv_nxt != tp->copied_seq)
			mask |= EPOLLIN | EPOLLRDNORM;

		if (!(sk->sk_shutdown & SEND_SHUTDOWN)) {
			if (sk_stream_is_writeable(sk))
				mask |= EPOLLOUT | EPOLLWRNORM;
			else
				set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		} else {
			mask |= EPOLLOUT | EPOLLWRNORM;
		}
	} else if (state == TCP_SYN_SENT && inet_sk(sk)->defer_connect) {
		mask |= EPOLLOUT | EPOLLWRNORM;
	}
	smp_rmb();
	KM_STEP(598,
		"A pending error (a refused or timed-out connect) sets POLLERR.");
	if (sk->sk_err || !skb_queue_empty(&sk->sk_error_queue))
		mask |= EPOLLERR;

	return KM_RET(mask);
}

int tcp_ioctl(struct sock *sk, int cmd, unsigned long arg)
{
	KM_FUNC("net/ipv4/tcp.c:605",
		"TCP's ioctls (SIOCINQ, SIOCOUTQ ...); kmirror mirrors none of them.");
	return KM_RET(-ENOIOCTLCMD);
}

bool tcp_stream_memory_free(const struct sock *sk)
{
	KM_FUNC("include/net/tcp.h:1877",
		"Is there room in the send buffer for more data (below tcp_notsent_lowat)?");
	return KM_RET(true);
}

/*
 * sk_stream_alloc_skb: an skb for TCP to send, with MAX_TCP_HEADER bytes
 * of headroom reserved for the TCP, IP and link headers.
 */
struct sk_buff *sk_stream_alloc_skb(struct sock *sk, int size, gfp_t gfp,
				    bool force_schedule)
{
	KM_FUNC("net/ipv4/tcp.c:863",
		"Allocate a TCP skb with MAX_TCP_HEADER bytes of headroom.");
	struct sk_buff *skb;

	/* round up to a multiple of 4 bytes */
	size = ALIGN(size, 4);

	KM_STEP(874, "A fast-clone skb of size + MAX_TCP_HEADER (160) bytes.");
	skb = alloc_skb_fclone(size + sk->sk_prot->max_header, gfp);
	if (likely(skb)) {
		KM_STEP(885,
			"Reserve the headroom: data = tail = head + MAX_TCP_HEADER.");
		skb_reserve(skb, sk->sk_prot->max_header);
		/* Exactly `size` bytes of room for the caller. */
		skb->reserved_tailroom = skb->end - skb->tail - size;
		INIT_LIST_HEAD(&skb->tcp_tsorted_anchor);
		return KM_RET(skb);
	}
	return KM_RET(NULL);
}

/*
 * Data transfer is outside kmirror's scope (docs/architecture.md):
 * sending waits for the connection like Linux, then reports the limit.
 */
int tcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t size)
{
	KM_FUNC("net/ipv4/tcp.c:1438",
		"send() on TCP: data transfer is not mirrored, but the connection-state errors are.");
	int err;

	lock_sock(sk);
	if (!((1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)))
		err = sk->sk_err ? sock_error(sk) : -EPIPE;
	else
		err = -EOPNOTSUPP;
	release_sock(sk);
	return KM_RET(err);
}

int tcp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int nonblock,
		int flags, int *addr_len)
{
	KM_FUNC("net/ipv4/tcp.c:1928",
		"recv() on TCP: data transfer is not mirrored, but the state and error checks are.");
	int err;

	if (flags & MSG_ERRQUEUE)
		return KM_RET(inet_recv_error(sk, msg, len, addr_len));
	lock_sock(sk);
	if (sk->sk_state == TCP_LISTEN)
		err = -ENOTCONN;
	else if (sk->sk_err)
		err = sock_error(sk);
	else if (sk->sk_state == TCP_CLOSE)
		err = sock_flag(sk, SOCK_DONE) ? 0 : -ENOTCONN;
	else
		err = nonblock ? -EAGAIN : -EOPNOTSUPP;
	release_sock(sk);
	return KM_RET(err);
}

static int tcp_close_state(struct sock *sk);

/*
 * tcp_shutdown: shutdown(SHUT_WR or SHUT_RDWR) sends our FIN, as close()
 * would, but the socket stays with its owner. SHUT_RD alone sends nothing
 * (inet_shutdown has already marked sk_shutdown).
 */
void tcp_shutdown(struct sock *sk, int how)
{
	KM_FUNC("net/ipv4/tcp.c:2286",
		"shutdown(): if the sending side is shut, move to the close state and send our FIN.");
	if (!(how & SEND_SHUTDOWN)) {
		KM_STEP(2292, "Only the receiving side is shut: nothing to send.");
		return;
	}

	if ((1 << sk->sk_state) &
	    (TCPF_ESTABLISHED | TCPF_SYN_SENT |
	     TCPF_SYN_RECV | TCPF_CLOSE_WAIT)) {
		KM_STEP(2300,
			"Not yet closing: take the close-table state and send our FIN if it says so.");
		if (tcp_close_state(sk))
			tcp_send_fin(sk);
	}
}

/*
 * tcp_set_state: change sk_state, with the bookkeeping a change implies:
 * CurrEstab counters, and on CLOSE unhashing the socket and (unless the
 * user bound it) giving its port back.
 */
void tcp_set_state(struct sock *sk, int state)
{
	KM_FUNC("net/ipv4/tcp.c:2192",
		"Move the socket to a new TCP state.");
	int oldstate = sk->sk_state;

	switch (state) {
	case TCP_ESTABLISHED:
		if (oldstate != TCP_ESTABLISHED)
			TCP_INC_STATS(sock_net(sk), TCP_MIB_CURRESTAB);
		break;

	case TCP_CLOSE:
		if (oldstate == TCP_CLOSE_WAIT || oldstate == TCP_ESTABLISHED)
			TCP_INC_STATS(sock_net(sk), TCP_MIB_ESTABRESETS);

		KM_STEP(2230,
			"Closing: take the socket out of the lookup tables ...");
		sk->sk_prot->unhash(sk);
		if (inet_csk(sk)->icsk_bind_hash &&
		    !(sk->sk_userlocks & SOCK_BINDPORT_LOCK)) {
			KM_STEP(2233,
				"... and give back the port it did not bind explicitly.");
			inet_put_port(sk);
		}
		/* fall through */
	default:
		if (oldstate == TCP_ESTABLISHED)
			TCP_DEC_STATS(sock_net(sk), TCP_MIB_CURRESTAB);
	}

	/* Only now, once unhashed, is the new state visible. */
	KM_STEP(2243, "Store the new state in sk_state.");
	inet_sk_state_store(sk, state);
}

/*
 * tcp_close_state: the state close() moves to, and whether a FIN must be
 * sent (RFC 793's table).
 */
static const unsigned char new_state[16] = {
	[0]			= TCP_CLOSE,
	[TCP_ESTABLISHED]	= TCP_FIN_WAIT1 | TCP_ACTION_FIN,
	[TCP_SYN_SENT]		= TCP_CLOSE,
	[TCP_SYN_RECV]		= TCP_FIN_WAIT1 | TCP_ACTION_FIN,
	[TCP_FIN_WAIT1]		= TCP_FIN_WAIT1,
	[TCP_FIN_WAIT2]		= TCP_FIN_WAIT2,
	[TCP_TIME_WAIT]		= TCP_CLOSE,
	[TCP_CLOSE]		= TCP_CLOSE,
	[TCP_CLOSE_WAIT]	= TCP_LAST_ACK  | TCP_ACTION_FIN,
	[TCP_LAST_ACK]		= TCP_LAST_ACK,
	[TCP_LISTEN]		= TCP_CLOSE,
	[TCP_CLOSING]		= TCP_CLOSING,
	[TCP_NEW_SYN_RECV]	= TCP_CLOSE,
};

static int tcp_close_state(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp.c:2271",
		"Move to the next state on close (table new_state) and say whether a FIN must be sent.");
	int next = (int)new_state[sk->sk_state];
	int ns = next & TCP_STATE_MASK;

	KM_STEP(2276,
		"Enter the next state from the close table (e.g. SYN_SENT becomes CLOSE).");
	tcp_set_state(sk, ns);

	return KM_RET(next & TCP_ACTION_FIN);
}

void tcp_write_queue_purge(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp.c:2517",
		"Free every unsent and unacknowledged segment of the socket.");
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(&sk->sk_write_queue)) != NULL) {
		tcp_skb_tsorted_anchor_cleanup(skb);
		sk_wmem_free_skb(sk, skb);
	}
	/* The retransmit queue: the SYN, if still unacknowledged. */
	{
		struct rb_node *p = rb_first(&sk->tcp_rtx_queue);

		while (p) {
			struct sk_buff *s = rb_entry(p, struct sk_buff, rbnode);

			p = rb_next(p);
			tcp_rtx_queue_unlink(s, sk);
			sk_wmem_free_skb(sk, s);
		}
	}
	INIT_LIST_HEAD(&tcp_sk(sk)->tsorted_sent_queue);
	tcp_sk(sk)->packets_out = 0;
	inet_csk(sk)->icsk_backoff = 0;
}

/*
 * tcp_close: close() of a TCP socket. A listener stops listening. Unread
 * data or SO_LINGER {1, 0} abort the connection with an RST; otherwise
 * the close table gives the next state and, from ESTABLISHED or
 * CLOSE_WAIT, our FIN goes out. The sock is then orphaned: it lives on
 * without its file until the protocol finishes (FIN_WAIT2 on a timer,
 * TIME_WAIT as a timewait sock) or, if already CLOSE, is destroyed now.
 */
void tcp_close(struct sock *sk, long timeout)
{
	KM_FUNC("net/ipv4/tcp.c:2320",
		"close() of a TCP socket: stop listening, or abort/send our FIN, then orphan or destroy the sock.");
	struct sk_buff *skb;
	int data_was_unread = 0;
	int state;

	lock_sock(sk);
	sk->sk_shutdown = SHUTDOWN_MASK;

	if (sk->sk_state == TCP_LISTEN) {
		KM_STEP(2330,
			"A listener: CLOSE, and reset every pending and unaccepted connection.");
		tcp_set_state(sk, TCP_CLOSE);

		inet_csk_listen_stop(sk);

		goto adjudge_to_death;
	}

	KM_STEP(2342,
		"Empty the receive queue, counting the bytes nobody read (a FIN is not a byte).");
	while ((skb = __skb_dequeue(&sk->sk_receive_queue)) != NULL) {
		u32 len = TCP_SKB_CB(skb)->end_seq - TCP_SKB_CB(skb)->seq;

		if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN)
			len--;
		data_was_unread += len;
		__kfree_skb(skb);
	}

	/* Already reset (tcp_reset): nothing more to send. */
	if (sk->sk_state == TCP_CLOSE)
		goto adjudge_to_death;

	if (unlikely(tcp_sk(sk)->repair)) {
		sk->sk_prot->disconnect(sk, 0);
	} else if (data_was_unread) {
		/* Unread data thrown away: RFC 2525 2.17 says reset. */
		NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPABORTONCLOSE);
		KM_STEP(2369,
			"Unread data was thrown away: go to CLOSE and abort with an RST (RFC 2525).");
		tcp_set_state(sk, TCP_CLOSE);
		tcp_send_active_reset(sk, sk->sk_allocation);
	} else if (sock_flag(sk, SOCK_LINGER) && !sk->sk_lingertime) {
		KM_STEP(2373,
			"SO_LINGER with zero timeout: abort (tcp_disconnect sends an RST).");
		sk->sk_prot->disconnect(sk, 0);
		NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPABORTONDATA);
	} else if (KM_STEP_IF(2375,
			      "Does the close table call for a FIN (ESTABLISHED -> FIN_WAIT1, CLOSE_WAIT -> LAST_ACK)?",
			      tcp_close_state(sk))) {
		KM_STEP(2405, "Send our FIN.");
		tcp_send_fin(sk);
	}

	/* kmirror leaves out sk_stream_wait_close: close() never lingers (SO_LINGER with a time) */

adjudge_to_death:
	state = sk->sk_state;
	sock_hold(sk);
	KM_STEP(2413,
		"Orphan the sock: no socket or file refers to it any more (SOCK_DEAD).");
	sock_orphan(sk);

	local_bh_disable();
	bh_lock_sock(sk);
	/* Run what arrived while we held the socket, keeping it owned. */
	__release_sock(sk);

	KM_STEP(2420, "Count it among TCP's orphans (tcp_orphan_count).");
	percpu_counter_inc(sk_prot_orphan_count_km(sk));

	/* Already destroyed by a segment from the backlog? */
	if (state != TCP_CLOSE && sk->sk_state == TCP_CLOSE)
		goto out;

	if (sk->sk_state == TCP_FIN_WAIT2) {
		struct tcp_sock *tp = tcp_sk(sk);

		if (tp->linger2 < 0) {
			KM_STEP(2443,
				"FIN_WAIT2 with TCP_LINGER2 < 0: abort with an RST at once.");
			tcp_set_state(sk, TCP_CLOSE);
			tcp_send_active_reset(sk, GFP_ATOMIC);
			__NET_INC_STATS(sock_net(sk),
					LINUX_MIB_TCPABORTONLINGER);
		} else {
			const int tmo = tcp_fin_time(sk);

			if (tmo > TCP_TIMEWAIT_LEN) {
				KM_STEP(2451,
					"FIN_WAIT2, FIN timeout above 60 s: wait out the excess on the keepalive timer first.");
				inet_csk_reset_keepalive_timer(sk,
						tmo - TCP_TIMEWAIT_LEN);
			} else {
				KM_STEP(2454,
					"Orphaned in FIN_WAIT2: a timewait sock waits for the peer's FIN (tcp_fin_timeout).");
				tcp_time_wait(sk, TCP_FIN_WAIT2, tmo);
				goto out;
			}
		}
	}
	/* kmirror leaves out tcp_check_oom (line 2461): no orphan or memory limits */

	if (sk->sk_state == TCP_CLOSE) {
		KM_STEP(2480,
			"In CLOSE: destroy the sock now (timers, queues, port).");
		inet_csk_destroy_sock(sk);
	}

out:
	bh_unlock_sock(sk);
	local_bh_enable();
	release_sock(sk);
	sock_put(sk);
}

static inline bool tcp_need_reset(int state)
{
	KM_FUNC("net/ipv4/tcp.c:2494",
		"Does closing from this state require a RST to the peer (a synchronized state)?");
	return KM_RET((1 << state) &
	       (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT | TCPF_FIN_WAIT1 |
		TCPF_FIN_WAIT2 | TCPF_SYN_RECV));
}

/*
 * tcp_disconnect: abort the connection (connect(AF_UNSPEC), a failed
 * connect, SO_LINGER 0). An established peer gets an RST; the socket is
 * back in CLOSE, ready for another connect(). write_seq moves past the
 * old ISN, so a later SYN will not reuse it.
 */
int tcp_disconnect(struct sock *sk, int flags)
{
	KM_FUNC("net/ipv4/tcp.c:2534",
		"Abort the connection and reset the socket so it can connect again.");
	struct inet_sock *inet = inet_sk(sk);
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	int old_state = sk->sk_state;

	if (old_state != TCP_CLOSE) {
		KM_STEP(2542, "The socket goes back to CLOSE.");
		tcp_set_state(sk, TCP_CLOSE);
	}

	if (old_state == TCP_LISTEN) {
		KM_STEP(2546, "It was listening: stop.");
		inet_csk_listen_stop(sk);
	} else if (unlikely(tp->repair)) {
		sk->sk_err = ECONNABORTED;
	} else if (tcp_need_reset(old_state) ||
		   (tp->snd_nxt != tp->write_seq &&
		    (1 << old_state) & (TCPF_CLOSING | TCPF_LAST_ACK))) {
		KM_STEP(2555,
			"A synchronized connection: tell the peer with an RST; sk_err = ECONNRESET.");
		tcp_send_active_reset(sk, gfp_any());
		sk->sk_err = ECONNRESET;
	} else if (old_state == TCP_SYN_SENT) {
		KM_STEP(2556,
			"Still in SYN_SENT: no RST, but sk_err = ECONNRESET.");
		sk->sk_err = ECONNRESET;
	}

	tcp_clear_xmit_timers(sk);
	__skb_queue_purge(&sk->sk_receive_queue);
	tp->copied_seq = tp->rcv_nxt;
	tp->urg_data = 0;
	tcp_write_queue_purge(sk);

	inet->inet_dport = 0;

	KM_STEP(2570, "Forget the source address unless the user bound one.");
	if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK))
		inet_reset_saddr(sk);

	sk->sk_shutdown = 0;
	sock_reset_flag(sk, SOCK_DONE);
	tp->srtt_us = 0;
	tp->rcv_rtt_last_tsecr = 0;
	KM_STEP(2577,
		"Move write_seq past everything the old connection could have used (+ max_window + 2).");
	tp->write_seq += tp->max_window + 2;
	if (tp->write_seq == 0)
		tp->write_seq = 1;
	tp->snd_cwnd = 2;
	icsk->icsk_probes_out = 0;
	tp->snd_ssthresh = TCP_INFINITE_SSTHRESH;
	tp->snd_cwnd_cnt = 0;
	tp->window_clamp = 0;
	tp->delivered_ce = 0;
	icsk->icsk_ca_state = TCP_CA_Open;
	tp->is_sack_reneg = 0;
	/* inlined: tcp_clear_retrans() */
	tp->retrans_out = 0;
	tp->lost_out = 0;
	tp->undo_marker = 0;
	tp->undo_retrans = -1;
	tp->sacked_out = 0;
	inet_csk_delack_init(sk);
	/* __tcp_select_window() divides by rcv_mss: never leave it 0 */
	icsk->icsk_ack.rcv_mss = TCP_MIN_MSS;
	memset(&tp->rx_opt, 0, sizeof(tp->rx_opt));
	__sk_dst_reset(sk);
	dst_release(sk->sk_rx_dst);
	sk->sk_rx_dst = NULL;
	tp->compressed_ack = 0;
	tp->bytes_sent = 0;
	tp->bytes_retrans = 0;
	tp->dsack_dups = 0;
	tp->reord_seen = 0;

	inet->defer_connect = 0;

	WARN_ON(inet->inet_num && !icsk->icsk_bind_hash);

	sk->sk_error_report(sk);
	return KM_RET(0);
}

static int do_tcp_setsockopt(struct sock *sk, int level,
			     int optname, char __user *optval, unsigned int optlen)
{
	KM_FUNC("net/ipv4/tcp.c:2714",
		"setsockopt(SOL_TCP): TCP_SYNCNT, TCP_MAXSEG, TCP_QUICKACK, TCP_NODELAY ...");
	struct tcp_sock *tp = tcp_sk(sk);
	struct inet_connection_sock *icsk = inet_csk(sk);
	int val;
	int err = 0;

	if (optlen < sizeof(int)) {
		KM_STEP(2729,
			"TCP options take an int: EINVAL if optlen is shorter.");
		return KM_RET(-EINVAL);
	}

	if (get_user(val, (int __user *)optval))
		return KM_RET(-EFAULT);

	lock_sock(sk);

	switch (optname) {
	case TCP_MAXSEG:
		KM_STEP(2790,
			"TCP_MAXSEG: cap our MSS (88 .. 32767), announced in the SYN.");
		if (val && (val < TCP_MIN_MSS || val > MAX_TCP_WINDOW)) {
			err = -EINVAL;
			break;
		}
		tp->rx_opt.user_mss = val;
		break;

	case TCP_NODELAY:
		if (val)
			tp->nonagle |= TCP_NAGLE_OFF | TCP_NAGLE_PUSH;
		else
			tp->nonagle &= ~TCP_NAGLE_OFF;
		break;

	case TCP_KEEPIDLE:
		if (val < 1 || val > MAX_TCP_KEEPIDLE)
			err = -EINVAL;
		else
			tp->keepalive_time = val * HZ;
		break;
	case TCP_KEEPINTVL:
		if (val < 1 || val > MAX_TCP_KEEPINTVL)
			err = -EINVAL;
		else
			tp->keepalive_intvl = val * HZ;
		break;
	case TCP_KEEPCNT:
		if (val < 1 || val > MAX_TCP_KEEPCNT)
			err = -EINVAL;
		else
			tp->keepalive_probes = val;
		break;
	case TCP_SYNCNT:
		KM_STEP(2928,
			"TCP_SYNCNT: how many SYN retransmissions before giving up (1 .. 127).");
		if (val < 1 || val > MAX_TCP_SYNCNT)
			err = -EINVAL;
		else
			icsk->icsk_syn_retries = val;
		break;

	case TCP_LINGER2:
		if (val < 0)
			tp->linger2 = -1;
		else if (val > sock_net(sk)->ipv4.sysctl_tcp_fin_timeout / HZ)
			tp->linger2 = 0;
		else
			tp->linger2 = val * HZ;
		break;

	case TCP_DEFER_ACCEPT:
		icsk->icsk_accept_queue.rskq_defer_accept = val > 0 ? 1 : 0;
		break;

	case TCP_WINDOW_CLAMP:
		if (!val) {
			if (sk->sk_state != TCP_CLOSE) {
				err = -EINVAL;
				break;
			}
			tp->window_clamp = 0;
		} else {
			tp->window_clamp = val < SOCK_MIN_RCVBUF / 2 ?
						SOCK_MIN_RCVBUF / 2 : val;
		}
		break;

	case TCP_QUICKACK:
		KM_STEP(2970,
			"TCP_QUICKACK: 0 turns on interactive (pingpong) mode, which delays the handshake's final ACK; non-zero turns it off.");
		if (!val) {
			icsk->icsk_ack.pingpong = 1;
		} else {
			icsk->icsk_ack.pingpong = 0;
			if ((1 << sk->sk_state) &
			    (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT) &&
			    inet_csk_ack_scheduled(sk)) {
				icsk->icsk_ack.pending |= ICSK_ACK_PUSHED;
				KM_STEP(2978,
					"Leaving interactive mode with an ACK owed: send it now (Linux does it through tcp_cleanup_rbuf).");
				tcp_send_ack(sk);
				if (!(val & 1))
					icsk->icsk_ack.pingpong = 1;
			}
		}
		break;

	case TCP_USER_TIMEOUT:
		if (val < 0)
			err = -EINVAL;
		else
			icsk->icsk_user_timeout = val;
		break;

	default:
		KM_STEP(3054, "An option TCP does not know: ENOPROTOOPT.");
		err = -ENOPROTOOPT;
		break;
	}

	release_sock(sk);
	return KM_RET(err);
}

int tcp_setsockopt(struct sock *sk, int level, int optname, char __user *optval,
		   unsigned int optlen)
{
	KM_FUNC("net/ipv4/tcp.c:3062",
		"setsockopt() for TCP: SOL_TCP options here, other levels to ip_setsockopt.");
	const struct inet_connection_sock *icsk = inet_csk(sk);

	if (level != SOL_TCP)
		return KM_RET(icsk->icsk_af_ops->setsockopt(sk, level, optname,
						     optval, optlen));
	return KM_RET(do_tcp_setsockopt(sk, level, optname, optval, optlen));
}

static int do_tcp_getsockopt(struct sock *sk, int level,
		int optname, char __user *optval, int __user *optlen)
{
	KM_FUNC("net/ipv4/tcp.c:3304",
		"getsockopt(SOL_TCP): read a TCP option.");
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	struct net *net = sock_net(sk);
	int val, len;

	if (get_user(len, optlen))
		return KM_RET(-EFAULT);

	len = min_t(unsigned int, len, sizeof(int));

	if (len < 0)
		return KM_RET(-EINVAL);

	switch (optname) {
	case TCP_MAXSEG:
		val = tp->mss_cache;
		if (!val && ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)))
			val = tp->rx_opt.user_mss;
		break;
	case TCP_NODELAY:
		val = !!(tp->nonagle&TCP_NAGLE_OFF);
		break;
	case TCP_KEEPIDLE:
		val = keepalive_time_when(tp) / HZ;
		break;
	case TCP_KEEPINTVL:
		val = keepalive_intvl_when(tp) / HZ;
		break;
	case TCP_KEEPCNT:
		val = keepalive_probes(tp);
		break;
	case TCP_SYNCNT:
		val = icsk->icsk_syn_retries ? : net->ipv4.sysctl_tcp_syn_retries;
		break;
	case TCP_LINGER2:
		val = tp->linger2;
		if (val >= 0)
			val = (val ? : net->ipv4.sysctl_tcp_fin_timeout) / HZ;
		break;
	case TCP_DEFER_ACCEPT:
		val = icsk->icsk_accept_queue.rskq_defer_accept;
		break;
	case TCP_WINDOW_CLAMP:
		val = tp->window_clamp;
		break;
	case TCP_QUICKACK:
		val = !icsk->icsk_ack.pingpong;
		break;
	case TCP_USER_TIMEOUT:
		val = icsk->icsk_user_timeout;
		break;
	default:
		return KM_RET(-ENOPROTOOPT);
	}

	if (put_user(len, optlen))
		return KM_RET(-EFAULT);
	if (copy_to_user(optval, &val, len))
		return KM_RET(-EFAULT);
	return KM_RET(0);
}

int tcp_getsockopt(struct sock *sk, int level, int optname, char __user *optval,
		   int __user *optlen)
{
	KM_FUNC("net/ipv4/tcp.c:3585",
		"getsockopt() for TCP: SOL_TCP options here, other levels to ip_getsockopt.");
	struct inet_connection_sock *icsk = inet_csk(sk);

	if (level != SOL_TCP)
		return KM_RET(icsk->icsk_af_ops->getsockopt(sk, level, optname,
						     optval, optlen));
	return KM_RET(do_tcp_getsockopt(sk, level, optname, optval, optlen));
}

/*
 * tcp_done: the connection is over (reset, timed out, refused): CLOSE,
 * stop the timers, and wake whoever sleeps on the socket — or destroy it
 * if nobody owns it any more.
 */
void tcp_done(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp.c:3744",
		"The connection is finished: CLOSE, stop timers, wake the owner.");
	if (sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_SYN_RECV) {
		KM_STEP(3749,
			"A connection attempt failed: count it (AttemptFails).");
		TCP_INC_STATS(sock_net(sk), TCP_MIB_ATTEMPTFAILS);
	}

	KM_STEP(3751, "The connection is finished: state CLOSE.");
	tcp_set_state(sk, TCP_CLOSE);
	tcp_clear_xmit_timers(sk);

	sk->sk_shutdown = SHUTDOWN_MASK;

	if (!sock_flag(sk, SOCK_DEAD)) {
		KM_STEP(3759,
			"The socket still has an owner: sk_state_change wakes it (connect returns).");
		sk->sk_state_change(sk);
	} else {
		KM_STEP(3761, "Nobody holds the socket any more: destroy it.");
		inet_csk_destroy_sock(sk);
	}
}

/*
 * tcp_release_cb: run what timers deferred while a task held the socket
 * (Linux: net/ipv4/tcp_output.c).
 */
void tcp_release_cb(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_output.c:856",
		"release_sock() runs the timer work that was deferred while a task owned the socket.");
	unsigned long flags = sk->sk_tsq_flags;

	if (!(flags & ((1UL << 1) | (1UL << 2) | TCPF_MTU_REDUCED_DEFERRED)))
		return;
	sk->sk_tsq_flags &= ~((1UL << 1) | (1UL << 2) | TCPF_MTU_REDUCED_DEFERRED);
	if (flags & (1UL << 1)) {	/* TCP_WRITE_TIMER_DEFERRED */
		tcp_write_timer_handler(sk);
		__sock_put(sk);
	}
	if (flags & (1UL << 2)) {	/* TCP_DELACK_TIMER_DEFERRED */
		tcp_delack_timer_handler(sk);
		__sock_put(sk);
	}
	if (flags & TCPF_MTU_REDUCED_DEFERRED) {
		KM_STEP(892,
			"An ICMP fragmentation-needed came while the socket was owned: lower the MTU now.");
		inet_csk(sk)->icsk_af_ops->mtu_reduced(sk);
		__sock_put(sk);
	}
}

/* Boot: TCP's global set-up (Linux: tcp_init). */
void tcp_init(void)
{
	KM_FUNC("net/ipv4/tcp.c:3837",
		"Boot-time TCP set-up: the hash tables for listeners, connections and bound ports.");
	struct host *h = km_host();

	inet_hashinfo_init_km(&h->tcp_hashinfo);
}
