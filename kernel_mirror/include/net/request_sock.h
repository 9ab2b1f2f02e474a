/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/net/request_sock.h — the small socket that stands for a
 * connection in SYN_RECV (a "request sock", state TCP_NEW_SYN_RECV) and the
 * listener's accept queue.
 */
#ifndef _KM_NET_REQUEST_SOCK_H
#define _KM_NET_REQUEST_SOCK_H

#include <linux/types.h>
#include <linux/timer.h>
#include <linux/refcount.h>
#include <net/sock.h>

struct request_sock;
struct sk_buff;
struct dst_entry;

struct request_sock_ops {
	int		family;
	unsigned int	obj_size;
	char		*slab_name;
	int		(*rtx_syn_ack)(const struct sock *sk,
				       struct request_sock *req);
	void		(*send_ack)(const struct sock *sk, struct sk_buff *skb,
				    struct request_sock *req);
	void		(*send_reset)(const struct sock *sk,
				      struct sk_buff *skb);
	void		(*destructor)(struct request_sock *req);
	void		(*syn_ack_timeout)(const struct request_sock *req);
};

/*
 * struct request_sock: a half-open connection (SYN received, SYN-ACK sent)
 * kept in the established hash until the final ACK turns it into a child.
 */
struct request_sock {
	struct sock_common		__req_common;
#define rsk_refcnt			__req_common.skc_refcnt
#define rsk_hash			__req_common.skc_hash
#define rsk_listener			__req_common.skc_listener
#define rsk_window_clamp		__req_common.skc_window_clamp
#define rsk_rcv_wnd			__req_common.skc_rcv_wnd

	struct request_sock		*dl_next;
	u16				mss;
	u8				num_retrans; /* SYN-ACKs resent so far */
	u8				cookie_ts:1; /* syncookie options carried in tsval */
	u8				num_timeout:7; /* rsk_timer expiries so far */
	u32				ts_recent;
	struct timer_list		rsk_timer;
	const struct request_sock_ops	*rsk_ops;
	struct sock			*sk;
	u32				*saved_syn;
	u32				secid;
	u32				peer_secid;
};

static inline struct request_sock *inet_reqsk(const struct sock *sk)
{
	return (struct request_sock *)sk;
}

static inline struct sock *req_to_sk(struct request_sock *req)
{
	return (struct sock *)req;
}

struct request_sock *reqsk_alloc(const struct request_sock_ops *ops,
				 struct sock *sk_listener, bool attach_listener);
void reqsk_free(struct request_sock *req);

static inline void reqsk_put(struct request_sock *req)
{
	if (refcount_dec_and_test(&req->rsk_refcnt))
		reqsk_free(req);
}

struct fastopen_queue {
	struct request_sock	*rskq_rst_head; /* Fast Open requests that were */
	struct request_sock	*rskq_rst_tail; /* reset, kept for a while */
	int		qlen;		/* Fast Open children not yet ACKed */
	int		max_qlen;	/* 0 = Fast Open off on this listener */
};

/*
 * struct request_sock_queue: a listener's accept queue. Completed
 * connections are linked from rskq_accept_head to rskq_accept_tail in
 * arrival order; qlen counts request socks still in SYN_RECV and young
 * those whose SYN-ACK has not been resent yet. rskq_defer_accept is
 * TCP_DEFER_ACCEPT.
 */
struct request_sock_queue {
	spinlock_t		rskq_lock;
	u8			rskq_defer_accept;

	u32			synflood_warned;
	atomic_t		qlen;
	atomic_t		young;

	struct request_sock	*rskq_accept_head;
	struct request_sock	*rskq_accept_tail;
	struct fastopen_queue	fastopenq;  /* TCP Fast Open state */
};

void reqsk_queue_alloc(struct request_sock_queue *queue);

static inline bool reqsk_queue_empty(const struct request_sock_queue *queue)
{
	return queue->rskq_accept_head == NULL;
}

static inline struct request_sock *reqsk_queue_remove(struct request_sock_queue *queue,
						      struct sock *parent)
{
	struct request_sock *req;

	spin_lock_bh(&queue->rskq_lock);
	req = queue->rskq_accept_head;
	if (req) {
		sk_acceptq_removed(parent);
		queue->rskq_accept_head = req->dl_next;
		if (queue->rskq_accept_head == NULL)
			queue->rskq_accept_tail = NULL;
	}
	spin_unlock_bh(&queue->rskq_lock);
	return req;
}

static inline void reqsk_queue_removed(struct request_sock_queue *queue,
				       const struct request_sock *req)
{
	if (req->num_timeout == 0)
		atomic_dec(&queue->young);
	atomic_dec(&queue->qlen);
}

static inline void reqsk_queue_added(struct request_sock_queue *queue)
{
	atomic_inc(&queue->young);
	atomic_inc(&queue->qlen);
}

static inline int reqsk_queue_len(const struct request_sock_queue *queue)
{
	return atomic_read(&queue->qlen);
}

static inline int reqsk_queue_len_young(const struct request_sock_queue *queue)
{
	return atomic_read(&queue->young);
}

#endif
