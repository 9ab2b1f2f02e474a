// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/core/stream.c (Linux 5.0.1) — helpers shared by stream
 * (TCP) sockets: waiting for the connection or for send space, the errno
 * of a failed send, waking writers when send space frees up, and
 * emptying a dying socket's queues.
 */
#include <linux/kernel.h>
#include <linux/net.h>
#include <linux/wait.h>
#include <linux/poll.h>
#include <linux/skbuff.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <linux/sched.h>
#include <kmirror/trace.h>

void sk_stream_write_space(struct sock *sk)
{
	KM_FUNC("net/core/stream.c:30",
		"TCP's sk_write_space: once there is room to write again, wake writers and pollers.");
	struct socket *sock = sk->sk_socket;
	struct socket_wq *wq;

	if (sk_stream_is_writeable(sk) && sock) {
		clear_bit(SOCK_NOSPACE, &sock->flags);

		wq = sk->sk_wq;
		if (wq && waitqueue_active(&wq->wait))
			wake_up_interruptible_poll(&wq->wait, EPOLLOUT |
						   EPOLLWRNORM | EPOLLWRBAND);
		if (wq && !(sk->sk_shutdown & SEND_SHUTDOWN))
			sk_wake_async(sk, SOCK_WAKE_SPACE, POLL_OUT);
	}
}

void sk_stream_kill_queues(struct sock *sk)
{
	KM_FUNC("net/core/stream.c:191",
		"Free whatever is still queued on a dying stream socket; its write queue must already be empty.");
	__skb_queue_purge(&sk->sk_receive_queue);
	__skb_queue_purge(&sk->sk_error_queue);

	WARN_ON(!skb_queue_empty(&sk->sk_write_queue));

	sk_mem_reclaim(sk);

	WARN_ON(sk->sk_wmem_queued);
	WARN_ON(sk->sk_forward_alloc);
}

/*
 * sk_stream_wait_connect: send() on a socket still in its handshake
 * sleeps until the connection is established (or fails).
 */
int sk_stream_wait_connect(struct sock *sk, long *timeo_p)
{
	KM_FUNC("net/core/stream.c:56",
		"send() before the handshake is over: sleep until the connection is established.");
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct task_struct *tsk = current;
	int done;

	do {
		int err = sock_error(sk);

		if (err)
			return err;
		if ((1 << sk->sk_state) & ~(TCPF_SYN_SENT | TCPF_SYN_RECV)) {
			KM_STEP(66,
				"Neither connected nor connecting: EPIPE.");
			return -EPIPE;
		}
		if (!*timeo_p)
			return -EAGAIN;
		if (signal_pending(tsk))
			return sock_intr_errno(*timeo_p);

		KM_STEP(73,
			"Still connecting: sleep on the socket until it is ESTABLISHED.");
		add_wait_queue(sk_sleep(sk), &wait);
		sk->sk_write_pending++;
		done = sk_wait_event(sk, timeo_p,
				     !sk->sk_err &&
				     !((1 << sk->sk_state) &
				       ~(TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)), &wait);
		remove_wait_queue(sk_sleep(sk), &wait);
		sk->sk_write_pending--;
	} while (!done);
	return 0;
}

/*
 * sk_stream_wait_memory: the send buffer is full; sleep until acked data
 * frees some of it, the timeout ends or the connection fails.
 */
int sk_stream_wait_memory(struct sock *sk, long *timeo_p)
{
	KM_FUNC("net/core/stream.c:118",
		"The send buffer is full: sleep until ACKs free some of it.");
	int err = 0;
	long current_timeo = *timeo_p;
	bool noblock = (*timeo_p ? false : true);
	DEFINE_WAIT_FUNC(wait, woken_wake_function);

	/* kmirror leaves out vm_wait: an allocation never fails for lack of
	 * protocol memory here (no memory accounting), so the short random
	 * wait for a failed allocation is never needed. */
	add_wait_queue(sk_sleep(sk), &wait);

	while (1) {
		sk_set_bit(SOCKWQ_ASYNC_NOSPACE, sk);

		if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN))
			goto do_error;
		if (!*timeo_p) {
			if (noblock)
				set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
			goto do_nonblock;
		}
		if (signal_pending(current))
			goto do_interrupted;
		sk_clear_bit(SOCKWQ_ASYNC_NOSPACE, sk);
		if (sk_stream_memory_free(sk))
			break;

		set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		sk->sk_write_pending++;
		KM_STEP(149, "Sleep until there is room in the send buffer.");
		sk_wait_event(sk, &current_timeo, sk->sk_err ||
						  (sk->sk_shutdown & SEND_SHUTDOWN) ||
						  sk_stream_memory_free(sk), &wait);
		sk->sk_write_pending--;
		*timeo_p = current_timeo;
	}
out:
	remove_wait_queue(sk_sleep(sk), &wait);
	return err;

do_error:
	err = -EPIPE;
	goto out;
do_nonblock:
	err = -EAGAIN;
	goto out;
do_interrupted:
	err = sock_intr_errno(*timeo_p);
	goto out;
}

/* The error a failed send() returns: the socket's pending error for EPIPE. */
int sk_stream_error(struct sock *sk, int flags, int err)
{
	KM_FUNC("net/core/stream.c:181",
		"Turn a send failure into the errno to return (a pending socket error wins over EPIPE).");
	if (err == -EPIPE)
		err = sock_error(sk) ? : -EPIPE;
	/* kmirror delivers no signals: Linux also raises SIGPIPE here for
	 * EPIPE without MSG_NOSIGNAL. */
	(void)flags;
	return err;
}
