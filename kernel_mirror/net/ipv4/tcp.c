// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/tcp.c (Linux 5.0.1) — TCP's socket-level half:
 * initialisation of a new TCP socket (tcp_init_sock :407), state changes
 * (tcp_set_state), sending (tcp_sendmsg :1438 and tcp_push) and receiving
 * (tcp_recvmsg :1928), close(), disconnect (AF_UNSPEC connect, :2534),
 * tcp_done (:3744), poll() and the TCP socket options.
 *
 * Deliberate limits (see docs/architecture.md): data is sent in segments
 * of at most one MSS, copied into the skb's linear area (no GSO, page
 * fragments, zero-copy, urgent data or Fast Open); close() has no
 * lingering wait (SO_LINGER with a time) and no orphan or memory limits
 * (tcp_check_oom).
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/skbuff.h>
#include <linux/poll.h>
#include <linux/uaccess.h>
#include <linux/socket.h>
#include <linux/uio.h>
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
		return inet_csk_listen_poll(sk);

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

	return mask;
}

int tcp_ioctl(struct sock *sk, int cmd, unsigned long arg)
{
	KM_FUNC("net/ipv4/tcp.c:605",
		"TCP's ioctls (SIOCINQ, SIOCOUTQ ...); kmirror mirrors none of them.");
	return -ENOIOCTLCMD;
}

bool tcp_stream_memory_free(const struct sock *sk)
{
	KM_FUNC("include/net/tcp.h:1877",
		"Is there room in the send buffer for more data (below tcp_notsent_lowat)?");
	return true;
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
		return skb;
	}
	return NULL;
}

static inline void tcp_mark_push(struct tcp_sock *tp, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp.c:649",
		"Set PSH on the segment: everything written so far (pushed_seq = write_seq) is pushed.");
	TCP_SKB_CB(skb)->tcp_flags |= TCPHDR_PSH;
	tp->pushed_seq = tp->write_seq;
}

static inline bool forced_push(const struct tcp_sock *tp)
{
	KM_FUNC("net/ipv4/tcp.c:655",
		"Has more than half the peer's largest window been written since the last push?");
	return after(tp->write_seq, tp->pushed_seq + (tp->max_window >> 1));
}

/*
 * skb_entail: a fresh segment joins the tail of the write queue, its
 * sequence space starting at write_seq (empty until data is copied in).
 */
static void skb_entail(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp.c:660",
		"Append a new, still empty segment to the write queue at seq = write_seq, flags ACK.");
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);

	skb->csum    = 0;
	KM_STEP(666, "seq = end_seq = write_seq; the segment is an ACK.");
	tcb->seq     = tcb->end_seq = tp->write_seq;
	tcb->tcp_flags = TCPHDR_ACK;
	tcb->sacked  = 0;
	KM_STEP(670,
		"Queue it on sk_write_queue and charge its truesize to sk_wmem_queued.");
	tcp_add_write_queue_tail(sk, skb);
	sk->sk_wmem_queued += skb->truesize;
	sk_mem_charge(sk, skb->truesize);
	if (tp->nonagle & TCP_NAGLE_PUSH)
		tp->nonagle &= ~TCP_NAGLE_PUSH;
	/* kmirror leaves out tcp_slow_start_after_idle_check(): cwnd is
	 * never restarted after idle (no data phase long enough to idle). */
}

static bool tcp_should_autocork(struct sock *sk, struct sk_buff *skb,
				int size_goal)
{
	KM_FUNC("net/ipv4/tcp.c:695",
		"Hold a small segment back while an earlier one is still in the host's queues (autocorking)?");
	return skb->len < size_goal &&
	       sock_net(sk)->ipv4.sysctl_tcp_autocorking &&
	       !tcp_rtx_queue_empty(sk) &&
	       refcount_read(&sk->sk_wmem_alloc) > skb->truesize;
}

/*
 * tcp_push: the end of a write: mark the last segment PSH (unless
 * MSG_MORE) and let __tcp_push_pending_frames send what Nagle allows.
 */
static void tcp_push(struct sock *sk, int flags, int mss_now,
		     int nonagle, int size_goal)
{
	KM_FUNC("net/ipv4/tcp.c:704",
		"Push the written data: PSH on the last segment, then send what may go now.");
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;

	skb = tcp_write_queue_tail(sk);
	if (!skb)
		return;
	if (!(flags & MSG_MORE) || forced_push(tp)) {
		KM_STEP(713, "No MSG_MORE: set PSH on the last segment.");
		tcp_mark_push(tp, skb);
	}

	/* kmirror leaves out tcp_mark_urg(): no MSG_OOB data. */

	if (tcp_should_autocork(sk, skb, size_goal)) {
		KM_STEP(718,
			"Autocork: an earlier segment is still queued below TCP; send this one when it leaves.");
		NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPAUTOCORKING);
		/* kmirror: no TSQ_THROTTLED bit; a transmitted clone leaves the
		 * host at once, so this test never holds (kept for its count). */
		if (refcount_read(&sk->sk_wmem_alloc) > skb->truesize)
			return;
	}

	if (flags & MSG_MORE)
		nonagle = TCP_NAGLE_CORK;

	KM_STEP(735, "Send what the write queue holds (__tcp_push_pending_frames).");
	__tcp_push_pending_frames(sk, mss_now, nonagle);
}

/*
 * tcp_send_mss: the MSS for the next segments and the size goal of one
 * skb. kmirror has no GSO, so the goal is one MSS (tcp_xmit_size_goal
 * would allow up to 64 KB to be split by the device).
 */
static int tcp_send_mss(struct sock *sk, int *size_goal, int flags)
{
	KM_FUNC("net/ipv4/tcp.c:927",
		"The current MSS, and how much one segment may hold (one MSS: kmirror has no GSO).");
	int mss_now;

	mss_now = tcp_current_mss(sk);
	/* mirrors tcp_xmit_size_goal() without GSO: one MSS */
	*size_goal = mss_now;
	(void)flags;

	return mss_now;
}

/*
 * tcp_sendmsg_locked: copy the user's data into segments of at most one
 * MSS on the write queue, then push them. Waits for the handshake to
 * finish, and for send-buffer space.
 *
 * kmirror leaves out zero-copy, Fast Open, repair mode, control messages
 * and page fragments: the data is copied into the skb's linear area,
 * which sk_stream_alloc_skb sizes for one segment.
 */
int tcp_sendmsg_locked(struct sock *sk, struct msghdr *msg, size_t size)
{
	KM_FUNC("net/ipv4/tcp.c:1174",
		"Copy the user's bytes into segments on the write queue, then push them out.");
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;
	int flags, err, copied = 0;
	int mss_now = 0, size_goal;
	long timeo;

	flags = msg->msg_flags;
	(void)size;

	timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT);

	/* kmirror leaves out tcp_rate_check_app_limited(): no delivery-rate
	 * samples are taken (tcp_rate.c has only its send side). */

	if (((1 << sk->sk_state) & ~(TCPF_ESTABLISHED | TCPF_CLOSE_WAIT))) {
		KM_STEP(1225,
			"Not ESTABLISHED or CLOSE_WAIT: wait for the handshake (or fail).");
		err = sk_stream_wait_connect(sk, &timeo);
		if (err != 0)
			goto do_error;
	}

	sk_clear_bit(SOCKWQ_ASYNC_NOSPACE, sk);

	copied = 0;

	mss_now = tcp_send_mss(sk, &size_goal, flags);

	err = -EPIPE;
	if (KM_STEP_IF(1262,
		       "A pending error, or the sending side shut down: EPIPE?",
		       sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN)))
		goto do_error;

	while (iov_iter_count(&msg->msg_iter)) {
		int copy = 0;

		skb = tcp_write_queue_tail(sk);
		if (skb)
			copy = size_goal - skb->len;

		if (copy <= 0) {
new_segment:
			if (!sk_stream_memory_free(sk))
				goto wait_for_sndbuf;

			KM_STEP(1286,
				"Allocate a new segment (sk_stream_alloc_skb) with room for one MSS.");
			skb = sk_stream_alloc_skb(sk, size_goal, sk->sk_allocation,
						  tcp_rtx_and_write_queues_empty(sk));
			if (!skb)
				goto wait_for_memory;

			skb->ip_summed = CHECKSUM_PARTIAL;

			skb_entail(sk, skb);
			copy = size_goal;
		}

		if (copy > (int)iov_iter_count(&msg->msg_iter))
			copy = iov_iter_count(&msg->msg_iter);

		copy = min_t(int, copy, skb_availroom(skb));
		if (copy <= 0)
			goto new_segment;
		KM_STEP(1313,
			"Copy the user's bytes into the segment (skb_add_data_nocache).");
		if (copy_from_iter(skb_put(skb, copy), copy,
				   &msg->msg_iter) != (size_t)copy) {
			err = -EFAULT;
			goto do_fault;
		}

		if (!copied)
			TCP_SKB_CB(skb)->tcp_flags &= ~TCPHDR_PSH;

		KM_STEP(1368,
			"Account the bytes: write_seq and the segment's end_seq move by the copy.");
		tp->write_seq += copy;
		TCP_SKB_CB(skb)->end_seq += copy;
		tcp_skb_pcount_set(skb, 0);

		copied += copy;
		if (!iov_iter_count(&msg->msg_iter))
			goto out;

		if (skb->len < size_goal)
			continue;

		if (forced_push(tp)) {
			tcp_mark_push(tp, skb);
			__tcp_push_pending_frames(sk, mss_now, TCP_NAGLE_PUSH);
		} else if (skb == tcp_send_head(sk)) {
			KM_STEP(1386,
				"A full segment at the send head: send it now (tcp_push_one).");
			tcp_push_one(sk, mss_now);
		}
		continue;

wait_for_sndbuf:
		set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
wait_for_memory:
		if (copied)
			tcp_push(sk, flags & ~MSG_MORE, mss_now,
				 TCP_NAGLE_PUSH, size_goal);

		err = sk_stream_wait_memory(sk, &timeo);
		if (err != 0)
			goto do_error;

		mss_now = tcp_send_mss(sk, &size_goal, flags);
	}

out:
	if (copied) {
		KM_STEP(1406, "Data was copied: push it (tcp_push).");
		tcp_push(sk, flags, mss_now, tp->nonagle, size_goal);
	}
	return copied;

do_fault:
	if (!skb->len) {
		tcp_unlink_write_queue(skb, sk);
		sk_wmem_free_skb(sk, skb);
	}

do_error:
	if (copied)
		goto out;
	err = sk_stream_error(sk, flags, err);
	return err;
}

int tcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t size)
{
	KM_FUNC("net/ipv4/tcp.c:1438",
		"send() on TCP: take the socket lock and copy the data out (tcp_sendmsg_locked).");
	int ret;

	lock_sock(sk);
	ret = tcp_sendmsg_locked(sk, msg, size);
	release_sock(sk);

	return ret;
}

/*
 * tcp_cleanup_rbuf: after a read, send an ACK now if one is owed and the
 * reader emptied a small pushed segment, or if the read opened the
 * window a lot.
 */
static void tcp_cleanup_rbuf(struct sock *sk, int copied)
{
	KM_FUNC("net/ipv4/tcp.c:1530",
		"After reading: is an ACK owed now (a window update, or a pushed segment read)?");
	struct tcp_sock *tp = tcp_sk(sk);
	bool time_to_ack = false;

	struct sk_buff *skb = skb_peek(&sk->sk_receive_queue);

	WARN_ON(skb && !before(tp->copied_seq, TCP_SKB_CB(skb)->end_seq));

	if (inet_csk_ack_scheduled(sk)) {
		const struct inet_connection_sock *icsk = inet_csk(sk);

		if (icsk->icsk_ack.blocked ||
		    tp->rcv_nxt - tp->rcv_wup > icsk->icsk_ack.rcv_mss ||
		    (copied > 0 &&
		     ((icsk->icsk_ack.pending & ICSK_ACK_PUSHED2) ||
		      ((icsk->icsk_ack.pending & ICSK_ACK_PUSHED) &&
		       !icsk->icsk_ack.pingpong)) &&
		      !atomic_read(&sk->sk_rmem_alloc))) {
			KM_STEP(1559,
				"An ACK is owed and the read emptied a pushed segment (or the timer was blocked): ACK now.");
			time_to_ack = true;
		}
	}

	if (copied > 0 && !time_to_ack && !(sk->sk_shutdown & RCV_SHUTDOWN)) {
		__u32 rcv_window_now = tcp_receive_window(tp);

		if (2*rcv_window_now <= tp->window_clamp) {
			__u32 new_window = __tcp_select_window(sk);

			if (new_window && new_window >= 2 * rcv_window_now) {
				KM_STEP(1581,
					"The read opened the window to at least twice its size: announce it now.");
				time_to_ack = true;
			}
		}
	}
	if (time_to_ack)
		tcp_send_ack(sk);
}

/*
 * tcp_recvmsg: copy in-order data from sk_receive_queue to the user,
 * sleeping in sk_wait_data until at least SO_RCVLOWAT bytes (one by
 * default) are there, the peer closes, or an error or timeout ends it.
 *
 * kmirror leaves out urgent data (MSG_OOB), repair mode, busy polling,
 * receive timestamps and TCP_INQ control messages.
 */
int tcp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int nonblock,
		int flags, int *addr_len)
{
	KM_FUNC("net/ipv4/tcp.c:1928",
		"recv() on TCP: copy queued data to the user, sleeping until some arrives.");
	struct tcp_sock *tp = tcp_sk(sk);
	int copied = 0;
	u32 peek_seq;
	u32 *seq;
	unsigned long used;
	int err;
	int target;
	long timeo;
	struct sk_buff *skb, *last;

	if (unlikely(flags & MSG_ERRQUEUE))
		return inet_recv_error(sk, msg, len, addr_len);

	lock_sock(sk);

	err = -ENOTCONN;
	if (KM_STEP_IF(1955, "A listening socket: ENOTCONN?",
		       sk->sk_state == TCP_LISTEN))
		goto out;

	timeo = sock_rcvtimeo(sk, nonblock);

	err = -EOPNOTSUPP;
	if (flags & MSG_OOB)
		goto out;	/* kmirror: no urgent data (tcp_recv_urg) */

	seq = &tp->copied_seq;
	if (flags & MSG_PEEK) {
		peek_seq = tp->copied_seq;
		seq = &peek_seq;
	}

	target = sock_rcvlowat(sk, flags & MSG_WAITALL, len);

	do {
		u32 offset;

		KM_STEP(2003,
			"Look for the segment holding copied_seq on the receive queue.");
		last = skb_peek_tail(&sk->sk_receive_queue);
		skb_queue_walk(&sk->sk_receive_queue, skb) {
			last = skb;
			if (WARN_ON(before(*seq, TCP_SKB_CB(skb)->seq)))
				break;

			offset = *seq - TCP_SKB_CB(skb)->seq;
			if (offset < skb->len)
				goto found_ok_skb;
			if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN)
				goto found_fin_ok;
			WARN_ON(!(flags & MSG_PEEK));
		}

		if (copied >= target && !sk->sk_backlog.tail)
			break;

		if (copied) {
			if (sk->sk_err ||
			    sk->sk_state == TCP_CLOSE ||
			    (sk->sk_shutdown & RCV_SHUTDOWN) ||
			    !timeo ||
			    signal_pending(current))
				break;
		} else {
			if (KM_STEP_IF(2042,
				       "Nothing read: has the connection ended (SOCK_DONE)?",
				       sock_flag(sk, SOCK_DONE)))
				break;

			if (sk->sk_err) {
				KM_STEP(2046, "A pending error: return it.");
				copied = sock_error(sk);
				break;
			}

			if (sk->sk_shutdown & RCV_SHUTDOWN)
				break;

			if (sk->sk_state == TCP_CLOSE) {
				KM_STEP(2057,
					"CLOSE: a socket that never connected has nothing to read, ENOTCONN.");
				copied = -ENOTCONN;
				break;
			}

			if (!timeo) {
				KM_STEP(2062,
					"Non-blocking and nothing queued: EAGAIN.");
				copied = -EAGAIN;
				break;
			}

			if (signal_pending(current)) {
				copied = sock_intr_errno(timeo);
				break;
			}
		}

		tcp_cleanup_rbuf(sk, copied);

		if (copied >= target) {
			/* Do not sleep, just process backlog. */
			release_sock(sk);
			lock_sock(sk);
		} else {
			KM_STEP(2079,
				"Nothing (or too little) to read: sleep until data arrives (sk_wait_data).");
			sk_wait_data(sk, &timeo, last);
		}

		if ((flags & MSG_PEEK) && (peek_seq - copied != tp->copied_seq))
			peek_seq = tp->copied_seq;
		continue;

found_ok_skb:
		used = skb->len - offset;
		if (len < used)
			used = len;

		if (!(flags & MSG_TRUNC)) {
			KM_STEP(2116,
				"Copy the segment's bytes to the user (skb_copy_datagram_msg).");
			err = skb_copy_datagram_msg(skb, offset, msg, used);
			if (err) {
				if (!copied)
					copied = -EFAULT;
				break;
			}
		}

		KM_STEP(2125, "copied_seq moves past the bytes read.");
		*seq += used;
		copied += used;
		len -= used;

		/* kmirror leaves out tcp_rcv_space_adjust(): no receive-buffer
		 * autotuning, so rcvbuf and the window clamp stay as set. */

		if (used + offset < skb->len)
			continue;

		if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN)
			goto found_fin_ok;
		if (!(flags & MSG_PEEK)) {
			KM_STEP(2147, "The segment is read whole: free it (sk_eat_skb).");
			sk_eat_skb(sk, skb);
		}
		continue;

found_fin_ok:
		++*seq;
		if (!(flags & MSG_PEEK))
			sk_eat_skb(sk, skb);
		break;
	} while (len > 0);

	KM_STEP(2163,
		"Clean up after the read: send an ACK now if one is owed (tcp_cleanup_rbuf).");
	tcp_cleanup_rbuf(sk, copied);

	release_sock(sk);
	return copied;

out:
	release_sock(sk);
	return err;
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

	return next & TCP_ACTION_FIN;
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
	return (1 << state) &
	       (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT | TCPF_FIN_WAIT1 |
		TCPF_FIN_WAIT2 | TCPF_SYN_RECV);
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
	return 0;
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
		return -EINVAL;
	}

	if (get_user(val, (int __user *)optval))
		return -EFAULT;

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
		if (val) {
			/* Nagle off; what is queued is pushed now, even past a cork. */
			tp->nonagle |= TCP_NAGLE_OFF | TCP_NAGLE_PUSH;
			tcp_push_pending_frames(sk);
		} else {
			tp->nonagle &= ~TCP_NAGLE_OFF;
		}
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
					"Leaving interactive mode with an ACK owed: send it now if nothing is left unread (tcp_cleanup_rbuf).");
				tcp_cleanup_rbuf(sk, 1);
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
	return err;
}

int tcp_setsockopt(struct sock *sk, int level, int optname, char __user *optval,
		   unsigned int optlen)
{
	KM_FUNC("net/ipv4/tcp.c:3062",
		"setsockopt() for TCP: SOL_TCP options here, other levels to ip_setsockopt.");
	const struct inet_connection_sock *icsk = inet_csk(sk);

	if (level != SOL_TCP)
		return icsk->icsk_af_ops->setsockopt(sk, level, optname,
					      optval, optlen);
	return do_tcp_setsockopt(sk, level, optname, optval, optlen);
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
		return -EFAULT;

	len = min_t(unsigned int, len, sizeof(int));

	if (len < 0)
		return -EINVAL;

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
		return -ENOPROTOOPT;
	}

	if (put_user(len, optlen))
		return -EFAULT;
	if (copy_to_user(optval, &val, len))
		return -EFAULT;
	return 0;
}

int tcp_getsockopt(struct sock *sk, int level, int optname, char __user *optval,
		   int __user *optlen)
{
	KM_FUNC("net/ipv4/tcp.c:3585",
		"getsockopt() for TCP: SOL_TCP options here, other levels to ip_getsockopt.");
	struct inet_connection_sock *icsk = inet_csk(sk);

	if (level != SOL_TCP)
		return icsk->icsk_af_ops->getsockopt(sk, level, optname,
					      optval, optlen);
	return do_tcp_getsockopt(sk, level, optname, optval, optlen);
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
