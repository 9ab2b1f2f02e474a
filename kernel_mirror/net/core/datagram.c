// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/core/datagram.c (Linux 5.0.1) — the generic parts of
 * receiving datagrams: taking one off a receive queue (or peeking at it),
 * sleeping until one arrives, and copying it to the user's buffers.
 *
 * Simplifications: kmirror's skbs are linear (no page fragments, no
 * frag_list), so the copy is one copy_to_iter(); the zero-length-skb
 * "peeked" cloning and busy polling are not mirrored.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <linux/socket.h>
#include <linux/uio.h>
#include <linux/poll.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <kmirror/trace.h>

/* Only stream and seqpacket sockets can be "disconnected" while reading. */
static inline int connection_based(struct sock *sk)
{
	return sk->sk_type == SOCK_SEQPACKET || sk->sk_type == SOCK_STREAM;
}

/*
 * Sleep until the receive queue's last packet is no longer skb (something
 * arrived), an error is pending, the socket is shut down, a signal
 * arrives or the timeout runs out. Returns non-zero to stop waiting.
 */
int __skb_wait_for_more_packets(struct sock *sk, int *err, long *timeo_p,
				const struct sk_buff *skb)
{
	KM_FUNC("net/core/datagram.c:85",
		"Nothing to read yet: sleep until a datagram or an error arrives (or the timeout, or a signal).");
	int error;
	DEFINE_WAIT(wait);

	prepare_to_wait_exclusive(sk_sleep(sk), &wait, TASK_INTERRUPTIBLE);

	error = sock_error(sk);
	if (error) {
		KM_STEP(96,
			"An error became pending: return it (and clear it).");
		goto out_err;
	}

	if (sk->sk_receive_queue.prev != skb)
		goto out;

	if (sk->sk_shutdown & RCV_SHUTDOWN)
		goto out_noerr;

	error = -ENOTCONN;
	if (connection_based(sk) &&
	    !(sk->sk_state == TCP_ESTABLISHED || sk->sk_state == TCP_LISTEN))
		goto out_err;

	if (signal_pending(current))
		goto interrupted;

	error = 0;
	KM_STEP(118, "Sleep (sk_data_ready or sk_error_report wakes us).");
	*timeo_p = schedule_timeout(*timeo_p);
out:
	finish_wait(sk_sleep(sk), &wait);
	return error;
interrupted:
	error = sock_intr_errno(*timeo_p);
out_err:
	*err = error;
	goto out;
out_noerr:
	*err = 0;
	error = 1;
	goto out;
}

/*
 * The first datagram of queue: unlinked (and passed to destructor), or,
 * with MSG_PEEK, left in place with an extra reference.
 */
struct sk_buff *__skb_try_recv_from_queue(struct sock *sk,
					  struct sk_buff_head *queue,
					  unsigned int flags,
					  void (*destructor)(struct sock *sk,
							     struct sk_buff *skb),
					  int *peeked, int *off, int *err,
					  struct sk_buff **last)
{
	KM_FUNC("net/core/datagram.c:163",
		"Take the first datagram off the queue (MSG_PEEK: leave it there and take a reference).");
	bool peek_at_off = false;
	struct sk_buff *skb;
	int _off = 0;

	if (unlikely(flags & MSG_PEEK && *off >= 0)) {
		peek_at_off = true;
		_off = *off;
	}

	*last = queue->prev;
	skb_queue_walk(queue, skb) {
		if (flags & MSG_PEEK) {
			if (peek_at_off && _off >= skb->len &&
			    (_off || skb->peeked)) {
				_off -= skb->len;
				continue;
			}
			KM_STEP(195,
				"MSG_PEEK: the datagram stays queued; the reader gets a reference.");
			skb->peeked = 1;
			*peeked = 1;
			refcount_inc(&skb->users);
		} else {
			__skb_unlink(skb, queue);
			if (destructor)
				destructor(sk, skb);
		}
		*off = _off;
		return skb;
	}
	return NULL;
}

int skb_copy_datagram_iter(const struct sk_buff *skb, int offset,
			   struct iov_iter *to, int len)
{
	KM_FUNC("net/core/datagram.c:526",
		"Copy the datagram's bytes to the user's buffers (EFAULT if a buffer is bad).");
	if (offset < 0 || len < 0 || (unsigned int)(offset + len) > skb->len)
		return -EFAULT;
	if (!len)
		return 0;
	if (copy_to_iter(skb->data + offset, len, to) != (size_t)len)
		return -EFAULT;
	return 0;
}

__poll_t datagram_poll(struct file *file, struct socket *sock,
		       struct poll_table_struct *wait)
{
	KM_FUNC("net/core/datagram.c:761",
		"poll() on a datagram socket: error, hang-up, readable, writable.");
	struct sock *sk = sock->sk;
	__poll_t mask;

	poll_wait(file, sk_sleep(sk), wait);	/* sock_poll_wait() */
	mask = 0;

	KM_STEP(771,
		"A pending error (sk_err or the error queue) makes it EPOLLERR.");
	if (sk->sk_err || !skb_queue_empty(&sk->sk_error_queue))
		mask |= EPOLLERR |
			(sock_flag(sk, SOCK_SELECT_ERR_QUEUE) ? EPOLLPRI : 0);

	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= EPOLLRDHUP | EPOLLIN | EPOLLRDNORM;
	if (sk->sk_shutdown == SHUTDOWN_MASK)
		mask |= EPOLLHUP;

	KM_STEP(781, "Readable if a datagram waits on the receive queue.");
	if (!skb_queue_empty(&sk->sk_receive_queue))
		mask |= EPOLLIN | EPOLLRDNORM;

	if (connection_based(sk)) {
		if (sk->sk_state == TCP_CLOSE)
			mask |= EPOLLHUP;
		if (sk->sk_state == TCP_SYN_SENT)
			return mask;
	}

	KM_STEP(794,
		"Writable while the send buffer has room (sock_writeable).");
	if (sock_writeable(sk))
		mask |= EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND;
	else
		sk_set_bit(SOCKWQ_ASYNC_NOSPACE, sk);

	return mask;
}
