// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/core/stream.c (Linux 5.0.1) — helpers shared by stream
 * (TCP) sockets: waking writers when send space frees up, and emptying
 * a dying socket's queues.
 */
#include <linux/kernel.h>
#include <linux/net.h>
#include <linux/wait.h>
#include <linux/poll.h>
#include <linux/skbuff.h>
#include <net/sock.h>
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
