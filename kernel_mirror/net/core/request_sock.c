// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/core/request_sock.c (Linux 5.0.1), plus the allocation
 * helpers that Linux keeps inline in include/net/request_sock.h.
 *
 * A request sock is the small stand-in for a connection in SYN_RECV: just
 * the addresses, ports, options and ISNs needed to answer with a SYN-ACK
 * and to build the real socket when the final ACK arrives.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <net/sock.h>
#include <net/request_sock.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

void reqsk_queue_alloc(struct request_sock_queue *queue)
{
	KM_FUNC("net/core/request_sock.c:38",
		"Initialise the listener's accept queue: empty, no Fast Open.");
	spin_lock_init(&queue->rskq_lock);

	queue->fastopenq.rskq_rst_head = NULL;
	queue->fastopenq.rskq_rst_tail = NULL;
	queue->fastopenq.qlen = 0;

	queue->rskq_accept_head = NULL;
}

struct request_sock *reqsk_alloc(const struct request_sock_ops *ops,
				 struct sock *sk_listener, bool attach_listener)
{
	KM_FUNC("include/net/request_sock.h:83",
		"Allocate a request sock; it holds a reference on its listener.");
	struct request_sock *req;

	req = kmem_cache_alloc(km_host()->reqsk_slab, GFP_ATOMIC | __GFP_NOWARN);
	if (!req)
		return req;
	req->rsk_listener = NULL;
	if (attach_listener) {
		if (unlikely(!refcount_inc_not_zero(&sk_listener->sk_refcnt))) {
			kmem_cache_free(km_host()->reqsk_slab, req);
			return NULL;
		}
		req->rsk_listener = sk_listener;
	}
	req->rsk_ops = ops;
	req_to_sk(req)->sk_prot = sk_listener->sk_prot;
	sk_node_init(&req_to_sk(req)->sk_node);
	sk_tx_queue_clear(req_to_sk(req));
	req->saved_syn = NULL;
	refcount_set(&req->rsk_refcnt, 0);

	return req;
}

void reqsk_free(struct request_sock *req)
{
	KM_FUNC("include/net/request_sock.h:109",
		"Free the request sock and drop its reference on the listener.");
	WARN_ON_ONCE(refcount_read(&req->rsk_refcnt) != 0);

	req->rsk_ops->destructor(req);
	if (req->rsk_listener)
		sock_put(req->rsk_listener);
	kfree(req->saved_syn);
	kmem_cache_free(km_host()->reqsk_slab, req);
}
