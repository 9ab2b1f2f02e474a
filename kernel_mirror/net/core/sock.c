// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/core/sock.c (Linux 5.0.1) — the protocol-independent
 * struct sock: allocation (sk_alloc at :1526), generic initialisation
 * (sock_init_data at :2699), the socket lock and its backlog, the default
 * wake-up callbacks, generic socket options, and freeing.
 *
 * Simplifications: no memory cgroups, no socket filters, no timestamping,
 * no busy polling, and no protocol memory pressure accounting.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/sched.h>
#include <linux/poll.h>
#include <linux/uaccess.h>
#include <linux/skbuff.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/tcp_states.h>
#include <net/route.h>
#include <linux/errqueue.h>
#include <kmirror/host.h>
#include <kmirror/runtime.h>
#include <kmirror/trace.h>

/* The core sysctls, per host (Linux: globals of this file). */
#define sysctl_wmem_max		(init_net.km_sysctl_wmem_max)
#define sysctl_rmem_max		(init_net.km_sysctl_rmem_max)
#define sysctl_wmem_default	(init_net.km_sysctl_wmem_default)
#define sysctl_rmem_default	(init_net.km_sysctl_rmem_default)

static inline int xchg_km(int *p, int v)
{
	int old = *p;

	*p = v;
	return old;
}

/* ---- the default callbacks sock_init_data() installs ---- */

void sock_def_wakeup(struct sock *sk)
{
	KM_FUNC("net/core/sock.c:2613",
		"sk_state_change: wake every task sleeping on the socket.");
	struct socket_wq *wq = sk->sk_wq;

	if (wq && waitqueue_active(&wq->wait)) {
		KM_STEP(2620,
			"Someone sleeps on the socket (connect, accept, poll): wake them all.");
		wake_up_interruptible_all(&wq->wait);
	}
}

void sock_def_error_report(struct sock *sk)
{
	KM_FUNC("net/core/sock.c:2624",
		"sk_error_report: a pending error (sk_err) is there; wake pollers.");
	struct socket_wq *wq = sk->sk_wq;

	if (wq && waitqueue_active(&wq->wait))
		wake_up_interruptible_poll(&wq->wait, EPOLLERR);
	sk_wake_async(sk, SOCK_WAKE_IO, POLL_ERR);
}

void sock_def_readable(struct sock *sk)
{
	KM_FUNC("net/core/sock.c:2636",
		"sk_data_ready: data arrived; wake readers.");
	struct socket_wq *wq = sk->sk_wq;

	if (wq && waitqueue_active(&wq->wait))
		wake_up_interruptible_sync_poll(&wq->wait, EPOLLIN | EPOLLPRI |
						EPOLLRDNORM | EPOLLRDBAND);
	sk_wake_async(sk, SOCK_WAKE_WAITD, POLL_IN);
}


void sock_def_write_space(struct sock *sk)
{
	KM_FUNC("net/core/sock.c:2649",
		"Default write-space callback: wake writers once half of the send buffer is free.");
	struct socket_wq *wq = sk->sk_wq;

	/* Wake writers once at most half of the send buffer is in flight. */
	if ((refcount_read(&sk->sk_wmem_alloc) << 1) <= sk->sk_sndbuf) {
		if (wq && waitqueue_active(&wq->wait))
			wake_up_interruptible_sync_poll(&wq->wait, EPOLLOUT |
						EPOLLWRNORM | EPOLLWRBAND);
		if (sock_writeable(sk))
			sk_wake_async(sk, SOCK_WAKE_SPACE, POLL_OUT);
	}
}

void sock_def_destruct(struct sock *sk)
{
	KM_FUNC("net/core/sock.c:2672",
		"Default destructor callback: nothing to do.");
}

/* ---- allocation and freeing ---- */

/*
 * sk_prot_alloc: an object of the protocol's size (struct tcp_sock for
 * TCP) from the protocol's slab cache.
 */
static struct sock *sk_prot_alloc(struct proto *prot, gfp_t priority,
				  int family)
{
	KM_FUNC("net/core/sock.c:1463",
		"Allocate prot->obj_size bytes (a tcp_sock for TCP) from the protocol's cache.");
	struct sock *sk;
	struct kmem_cache *slab;

	/* kmirror: prot->slab is per host; proto_register() made it. */
	slab = km_proto_slab(prot);
	if (slab != NULL) {
		KM_STEP(1471,
			"Take a zeroed object from the protocol's slab cache.");
		sk = kmem_cache_alloc(slab, priority);
		if (!sk)
			return sk;
	} else {
		sk = kmalloc(prot->obj_size, priority);
	}

	if (sk != NULL)
		sk_tx_queue_clear(sk);
	return sk;
}

static void sk_prot_free(struct proto *prot, struct sock *sk)
{
	KM_FUNC("net/core/sock.c:1500",
		"Give a sock's memory back to its protocol's slab cache.");
	struct kmem_cache *slab = km_proto_slab(prot);

	if (slab != NULL)
		kmem_cache_free(slab, sk);
	else
		kfree(sk);
}

static void sock_lock_init(struct sock *sk)
{
	KM_FUNC("net/core/sock.c:1424",
		"Initialise the socket lock: a spinlock, an owner flag and a wait queue.");
	spin_lock_init(&sk->sk_lock.slock);
	sk->sk_lock.owned = 0;
	init_waitqueue_head(&sk->sk_lock.wq);
}

/*
 * sk_alloc: the sock with its family, protocol, namespace reference and
 * the initial sk_wmem_alloc of 1 that sk_free() later drops.
 */
struct sock *sk_alloc(struct net *net, int family, gfp_t priority,
		      struct proto *prot, int kern)
{
	KM_FUNC("net/core/sock.c:1526",
		"Allocate and minimally initialise a struct sock for this protocol.");
	struct sock *sk;

	sk = sk_prot_alloc(prot, priority | __GFP_ZERO, family);
	if (sk) {
		KM_STEP(1533,
			"Record the family and the protocol (sk_prot and sk_prot_creator).");
		sk->sk_family = family;
		sk->sk_prot = sk->sk_prot_creator = prot;
		sk->sk_kern_sock = kern;
		sock_lock_init(sk);
		sk->sk_net_refcnt = kern ? 0 : 1;
		if (likely(sk->sk_net_refcnt))
			get_net(net);

		KM_STEP(1547,
			"Tie the sock to its namespace; sk_wmem_alloc starts at 1 (the sock itself).");
		sock_net_set(sk, net);
		refcount_set(&sk->sk_wmem_alloc, 1);
	}

	return sk;
}

static void __sk_destruct(struct sock *sk)
{
	KM_FUNC("net/core/sock.c:1563",
		"Run the protocol's destructor, drop the namespace, free the object.");

	if (sk->sk_destruct)
		sk->sk_destruct(sk);

	if (likely(sk->sk_net_refcnt))
		put_net(sock_net(sk));
	KM_STEP(1596, "Give the memory back to the protocol's slab cache.");
	sk_prot_free(sk->sk_prot_creator, sk);
}

void sk_destruct(struct sock *sk)
{
	KM_FUNC("net/core/sock.c:1599",
		"Destroy a sock (Linux may defer this to after an RCU grace period).");
	/* Linux defers to RCU when SOCK_RCU_FREE is set; no readers here. */
	__sk_destruct(sk);
}

static void __sk_free(struct sock *sk)
{
	KM_FUNC("net/core/sock.c:1607",
		"The last reference went away: destroy the sock.");
	sk_destruct(sk);
}

/*
 * sk_free: the user side is done with the sock. It is freed when the
 * last transmitted skb charged to it is gone too (sk_wmem_alloc).
 */
void sk_free(struct sock *sk)
{
	KM_FUNC("net/core/sock.c:1618",
		"Drop the sock's own sk_wmem_alloc unit; free it if no sent skb still holds it.");
	if (refcount_dec_and_test(&sk->sk_wmem_alloc))
		__sk_free(sk);
}

/* Copy a sock, except the fields between sk_dontcopy_begin and _end. */
static void sock_copy(struct sock *nsk, const struct sock *osk)
{
	KM_FUNC("net/core/sock.c:1447",
		"Copy a sock for a clone, except the fields that must stay private to each copy.");
	memcpy(nsk, osk, offsetof(struct sock, sk_dontcopy_begin));

	memcpy(&nsk->sk_dontcopy_end, &osk->sk_dontcopy_end,
	       osk->sk_prot->obj_size - offsetof(struct sock, sk_dontcopy_end));
}

static void sk_init_common(struct sock *sk)
{
	KM_FUNC("net/core/sock.c:1630",
		"Initialise a sock's receive, write and error queues and its callback lock.");
	skb_queue_head_init(&sk->sk_receive_queue);
	skb_queue_head_init(&sk->sk_write_queue);
	skb_queue_head_init(&sk->sk_error_queue);

	rwlock_init(&sk->sk_callback_lock);
}

/*
 * sk_clone_lock: a copy of a listening sock for a new connection. The
 * copy is returned locked, with two references (the caller's and the
 * hash table's) and fresh queues, locks and accounting.
 */
struct sock *sk_clone_lock(const struct sock *sk, const gfp_t priority)
{
	KM_FUNC("net/core/sock.c:1658",
		"Copy the listener's sock into a new one for the connection, resetting what must not be shared.");
	struct sock *newsk;

	newsk = sk_prot_alloc(sk->sk_prot, priority, sk->sk_family);
	if (newsk != NULL) {
		KM_STEP(1667,
			"Copy the whole protocol sock (all but the hash node and refcount).");
		sock_copy(newsk, sk);

		newsk->sk_prot_creator = sk->sk_prot;

		if (likely(newsk->sk_net_refcnt))
			get_net(sock_net(newsk));
		sk_node_init(&newsk->sk_node);
		sock_lock_init(newsk);
		bh_lock_sock(newsk);
		newsk->sk_backlog.head	= newsk->sk_backlog.tail = NULL;
		newsk->sk_backlog.len = 0;

		KM_STEP(1680,
			"Fresh accounting: no memory charged, sk_wmem_alloc back to 1, empty queues.");
		atomic_set(&newsk->sk_rmem_alloc, 0);
		refcount_set(&newsk->sk_wmem_alloc, 1);
		atomic_set(&newsk->sk_omem_alloc, 0);
		sk_init_common(newsk);

		newsk->sk_dst_cache	= NULL;
		newsk->sk_dst_pending_confirm = 0;
		newsk->sk_wmem_queued	= 0;
		newsk->sk_forward_alloc = 0;
		atomic_set(&newsk->sk_drops, 0);
		newsk->sk_send_head	= NULL;
		newsk->sk_userlocks	= sk->sk_userlocks & ~SOCK_BINDPORT_LOCK;

		sock_reset_flag(newsk, SOCK_DONE);

		newsk->sk_err	   = 0;
		newsk->sk_err_soft = 0;
		newsk->sk_priority = 0;
		newsk->sk_incoming_cpu = 0;	/* raw_smp_processor_id() */
		newsk->sk_cookie = 0;

		KM_STEP(1738,
			"Two references (the caller's and the one ehash will own); no struct socket yet.");
		refcount_set(&newsk->sk_refcnt, 2);

		sk_set_socket(newsk, NULL);
		newsk->sk_wq = NULL;
	}
	return newsk;
}

/* ---- the socket lock ---- */

static void __lock_sock(struct sock *sk)
{
	KM_FUNC("net/core/sock.c:2250",
		"Sleep until the task that owns the socket releases it.");
	DEFINE_WAIT(wait);

	for (;;) {
		prepare_to_wait_exclusive(&sk->sk_lock.wq, &wait,
					  TASK_UNINTERRUPTIBLE);
		spin_unlock_bh(&sk->sk_lock.slock);
		schedule();
		spin_lock_bh(&sk->sk_lock.slock);
		if (!sock_owned_by_user(sk))
			break;
	}
	finish_wait(&sk->sk_lock.wq, &wait);
}

/*
 * __release_sock: process what the softirq parked in the backlog while a
 * task owned the socket. Bottom halves are enabled between batches, so
 * softirqs may run here — as in Linux.
 */
void __release_sock(struct sock *sk)
{
	KM_FUNC("net/core/sock.c:2268",
		"Process the segments that arrived while the socket was locked.");
	struct sk_buff *skb, *next;

	while ((skb = sk->sk_backlog.head) != NULL) {
		sk->sk_backlog.head = sk->sk_backlog.tail = NULL;

		spin_unlock_bh(&sk->sk_lock.slock);

		do {
			next = skb->next;
			skb->next = NULL;
			KM_STEP(2284,
				"Hand one backlogged segment to sk_backlog_rcv (tcp_v4_do_rcv).");
			sk_backlog_rcv(sk, skb);
			skb = next;
		} while (skb != NULL);

		spin_lock_bh(&sk->sk_lock.slock);
	}

	sk->sk_backlog.len = 0;
}

void lock_sock_nested(struct sock *sk, int subclass)
{
	KM_FUNC("net/core/sock.c:2780",
		"Take the socket lock for process context (the softirq backlogs meanwhile).");
	spin_lock_bh(&sk->sk_lock.slock);
	if (sk->sk_lock.owned)
		__lock_sock(sk);
	sk->sk_lock.owned = 1;
	spin_unlock(&sk->sk_lock.slock);
	local_bh_enable();
}

void release_sock(struct sock *sk)
{
	KM_FUNC("net/core/sock.c:2796",
		"Release the socket lock, first processing any backlog.");
	spin_lock_bh(&sk->sk_lock.slock);
	if (sk->sk_backlog.tail) {
		KM_STEP(2800,
			"Packets were backlogged while we held the lock: process them now.");
		__release_sock(sk);
	}

	if (sk->sk_prot->release_cb)
		sk->sk_prot->release_cb(sk);

	sk->sk_lock.owned = 0;
	if (waitqueue_active(&sk->sk_lock.wq))
		wake_up(&sk->sk_lock.wq);
	spin_unlock_bh(&sk->sk_lock.slock);
}

int __sk_backlog_rcv(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/core/sock.c:322",
		"Process one segment queued in the backlog while the socket was owned.");
	return sk->sk_backlog_rcv(sk, skb);
}

/* ---- routes cached in the socket ---- */

struct dst_entry *__sk_dst_check(struct sock *sk, u32 cookie)
{
	KM_FUNC("net/core/sock.c:493",
		"Return the socket's cached route if still valid; forget it if it became obsolete.");
	struct dst_entry *dst = __sk_dst_get(sk);

	if (dst && dst->obsolete && dst->ops->check(dst, cookie) == NULL) {
		sk_tx_queue_clear(sk);
		sk->sk_dst_pending_confirm = 0;
		sk->sk_dst_cache = NULL;
		dst_release(dst);
		return NULL;
	}

	return dst;
}

struct dst_entry *sk_dst_check(struct sock *sk, u32 cookie)
{
	KM_FUNC("net/core/sock.c:509",
		"Take a reference to the cached route if still valid; otherwise reset the cache.");
	struct dst_entry *dst = sk_dst_get(sk);

	if (dst && dst->obsolete && dst->ops->check(dst, cookie) == NULL) {
		sk_dst_reset(sk);
		dst_release(dst);
		return NULL;
	}

	return dst;
}

/*
 * sk_setup_caps: cache the route in the socket and learn what the device
 * can offload. kmirror devices offload nothing (no GSO, no checksum).
 */
void sk_setup_caps(struct sock *sk, struct dst_entry *dst)
{
	KM_FUNC("net/core/sock.c:1777",
		"Keep the route in sk_dst_cache and note the device's offload features (none here).");
	sk->sk_route_caps = 0;	/* dst->dev->features: no offloads */
	sk_dst_set(sk, dst);
	sk->sk_gso_max_size = 65536;
	sk->sk_gso_max_segs = 65535;
}

/* ---- buffers charged to the socket ---- */

void sock_wfree(struct sk_buff *skb)
{
	KM_FUNC("net/core/sock.c:1807",
		"An sent skb is freed: give its memory back and wake writers waiting for space.");
	struct sock *sk = skb->sk;
	unsigned int len = skb->truesize;

	if (!sock_flag(sk, SOCK_USE_WRITE_QUEUE)) {
		/* Keep one unit so the sock cannot vanish during write_space. */
		refcount_sub_and_test(len - 1, &sk->sk_wmem_alloc);
		sk->sk_write_space(sk);
		len = 1;
	}
	if (refcount_sub_and_test(len, &sk->sk_wmem_alloc))
		__sk_free(sk);
}

/* The destructor of an skb owned by a mini socket (request, timewait). */
void sock_edemux(struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:344",
		"Destructor of an skb owned by a request or timewait sock: drop that reference.");
	sock_gen_put(skb->sk);
}

void skb_set_owner_w(struct sk_buff *skb, struct sock *sk)
{
	KM_FUNC("net/core/sock.c:1841",
		"Charge the skb to its sending socket: skb->sk, sock_wfree, sk_wmem_alloc += truesize.");
	skb_orphan(skb);
	skb->sk = sk;
	if (unlikely(!sk_fullsock(sk))) {
		/* A request sock has no send buffer: it just holds a ref. */
		skb->destructor = sock_edemux;
		sock_hold(sk);
		return;
	}
	skb->destructor = sock_wfree;
	refcount_add(skb->truesize, &sk->sk_wmem_alloc);
}

void sock_rfree(struct sk_buff *skb)
{
	KM_FUNC("net/core/sock.c:1894",
		"A received skb is freed: give its memory back to the socket's receive allocation.");
	struct sock *sk = skb->sk;
	unsigned int len = skb->truesize;

	atomic_sub(len, &sk->sk_rmem_alloc);
	sk_mem_uncharge(sk, len);
}

struct sk_buff *sock_wmalloc(struct sock *sk, unsigned long size, int force,
			     gfp_t priority)
{
	KM_FUNC("net/core/sock.c:1939",
		"Allocate an skb charged to the socket's send buffer (unless the buffer is full).");
	if (force || refcount_read(&sk->sk_wmem_alloc) < sk->sk_sndbuf) {
		struct sk_buff *skb = alloc_skb(size, priority);

		if (skb) {
			skb_set_owner_w(skb, sk);
			return skb;
		}
	}
	return NULL;
}

int __sock_queue_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/core/sock.c:402",
		"Queue a received packet on sk_receive_queue and tell readers.");
	struct sk_buff_head *list = &sk->sk_receive_queue;

	if (atomic_read(&sk->sk_rmem_alloc) >= sk->sk_rcvbuf) {
		atomic_inc(&sk->sk_drops);
		KM_STEP(410,
			"The receive buffer is full (rmem_alloc >= rcvbuf): drop the packet, ENOMEM.");
		return -ENOMEM;
	}

	skb->dev = NULL;
	skb_set_owner_r(skb, sk);
	skb_dst_drop(skb);
	KM_STEP(428, "Append the packet to the socket's receive queue.");
	__skb_queue_tail(list, skb);

	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_data_ready(sk);
	return 0;
}

int sock_queue_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/core/sock.c:437",
		"Queue an skb on the socket's receive queue and wake a reader.");
	return __sock_queue_rcv_skb(sk, skb);
}

/* The error queue (IP_RECVERR): one skb per ICMP error, read with MSG_ERRQUEUE. */
int sock_queue_err_skb(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/core/skbuff.c:4218",
		"Queue an error report on the socket's error queue and signal the error.");
	if (atomic_read(&sk->sk_rmem_alloc) + skb->truesize >=
	    (unsigned int)sk->sk_rcvbuf)
		return -ENOMEM;

	skb_orphan(skb);
	skb->sk = sk;
	skb->destructor = sock_rfree;
	atomic_add(skb->truesize, &sk->sk_rmem_alloc);
	skb_dst_drop(skb);

	KM_STEP(4233,
		"Append the report to the socket's error queue (read with MSG_ERRQUEUE).");
	skb_queue_tail(&sk->sk_error_queue, skb);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_error_report(sk);
	return 0;
}

static bool is_icmp_err_skb(const struct sk_buff *skb)
{
	KM_FUNC("net/core/skbuff.c:4240",
		"Is this error-queue entry an ICMP (or ICMPv6) report?");
	return skb && (SKB_EXT_ERR(skb)->ee.ee_origin == SO_EE_ORIGIN_ICMP ||
		SKB_EXT_ERR(skb)->ee.ee_origin == SO_EE_ORIGIN_ICMP6);
}

struct sk_buff *sock_dequeue_err_skb(struct sock *sk)
{
	KM_FUNC("net/core/skbuff.c:4246",
		"Take the oldest report off the error queue; the next ICMP report's errno becomes pending.");
	struct sk_buff_head *q = &sk->sk_error_queue;
	struct sk_buff *skb, *skb_next = NULL;
	bool icmp_next = false;

	skb = __skb_dequeue(q);
	if (skb && (skb_next = skb_peek(q))) {
		/* Another ICMP report waits: its errno becomes the pending one. */
		icmp_next = is_icmp_err_skb(skb_next);
		if (icmp_next)
			sk->sk_err = SKB_EXT_ERR(skb_next)->ee.ee_errno;
	}

	/* The ICMP error just read was the pending one: it is reported now. */
	if (is_icmp_err_skb(skb) && !icmp_next)
		sk->sk_err = 0;

	if (skb_next)
		sk->sk_error_report(sk);
	return skb;
}

/* Sleep until the send buffer has room, an error is pending or time runs out. */
static long sock_wait_for_wmem(struct sock *sk, long timeo)
{
	KM_FUNC("net/core/sock.c:2032",
		"Sleep until the send buffer has room, an error is pending, a signal arrives or the timeout runs out.");
	DEFINE_WAIT(wait);

	sk_clear_bit(SOCKWQ_ASYNC_NOSPACE, sk);
	for (;;) {
		if (!timeo)
			break;
		if (signal_pending(current))
			break;
		set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		prepare_to_wait(sk_sleep(sk), &wait, TASK_INTERRUPTIBLE);
		if (refcount_read(&sk->sk_wmem_alloc) < sk->sk_sndbuf)
			break;
		if (sk->sk_shutdown & SEND_SHUTDOWN)
			break;
		if (sk->sk_err)
			break;
		timeo = schedule_timeout(timeo);
	}
	finish_wait(sk_sleep(sk), &wait);
	return timeo;
}

/*
 * The first buffer of a datagram (ip_append_data): a pending error is
 * reported here first — this is how send() returns an ICMP error a UDP
 * socket received — then the send buffer must have room.
 * kmirror allocates one linear buffer (no page fragments).
 */
struct sk_buff *sock_alloc_send_pskb(struct sock *sk, unsigned long header_len,
				     unsigned long data_len, int noblock,
				     int *errcode, int max_page_order)
{
	KM_FUNC("net/core/sock.c:2061",
		"Allocate a send buffer charged to the socket: report a pending error first, wait for room if needed.");
	struct sk_buff *skb;
	long timeo;
	int err;

	timeo = sock_sndtimeo(sk, noblock);
	for (;;) {
		err = sock_error(sk);
		if (err != 0) {
			KM_STEP(2073,
				"A pending error (sk_err, e.g. from ICMP) is returned now, and cleared (sock_error).");
			goto failure;
		}

		KM_STEP(2075, "Writing was shut down (SEND_SHUTDOWN): EPIPE.");
		err = -EPIPE;
		if (sk->sk_shutdown & SEND_SHUTDOWN)
			goto failure;

		if (sk_wmem_alloc_get(sk) < sk->sk_sndbuf)
			break;

		KM_STEP(2082,
			"The send buffer is full: EAGAIN if non-blocking, else wait for room.");
		sk_set_bit(SOCKWQ_ASYNC_NOSPACE, sk);
		set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		err = -EAGAIN;
		if (!timeo)
			goto failure;
		if (signal_pending(current))
			goto interrupted;
		timeo = sock_wait_for_wmem(sk, timeo);
	}
	skb = alloc_skb(header_len + data_len, sk->sk_allocation);
	if (skb)
		skb_set_owner_w(skb, sk);
	else
		*errcode = -ENOBUFS;
	return skb;

interrupted:
	err = sock_intr_errno(timeo);
failure:
	*errcode = err;
	return NULL;
}

struct sk_buff *sock_alloc_send_skb(struct sock *sk, unsigned long size,
				    int noblock, int *errcode)
{
	KM_FUNC("net/core/sock.c:2105",
		"Allocate a send buffer of one linear part charged to the socket (sock_alloc_send_pskb).");
	return sock_alloc_send_pskb(sk, size, 0, noblock, errcode, 0);
}

/* ---- generic initialisation ---- */

/*
 * sk_wait_data: a reader found nothing new on sk_receive_queue; sleep
 * until the tail of the queue changes (new data, or a FIN), the timeout
 * ends or a signal comes.
 */
int sk_wait_data(struct sock *sk, long *timeo, const struct sk_buff *skb)
{
	KM_FUNC("net/core/sock.c:2319",
		"recv() found no data: sleep until a segment is queued (or the timeout ends).");
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	int rc;

	add_wait_queue(sk_sleep(sk), &wait);
	sk_set_bit(SOCKWQ_ASYNC_WAITDATA, sk);
	KM_STEP(2326,
		"Release the socket lock and sleep until the receive queue's tail changes.");
	rc = sk_wait_event(sk, timeo, skb_peek_tail(&sk->sk_receive_queue) != skb, &wait);
	sk_clear_bit(SOCKWQ_ASYNC_WAITDATA, sk);
	remove_wait_queue(sk_sleep(sk), &wait);
	return rc;
}


/*
 * sock_init_data: buffer sizes from the core sysctls, CLOSE state, the
 * SOCK_ZAPPED flag, the links to the socket, the default callbacks and
 * timeouts, and a reference count of 1.
 */
void sock_init_data(struct socket *sock, struct sock *sk)
{
	KM_FUNC("net/core/sock.c:2699",
		"Generic sock set-up: queues, buffer sizes, CLOSE state, callbacks, timeouts.");

	KM_STEP(2701, "Empty receive, write and error queues.");
	skb_queue_head_init(&sk->sk_receive_queue);
	skb_queue_head_init(&sk->sk_write_queue);
	skb_queue_head_init(&sk->sk_error_queue);
	sk->sk_send_head	=	NULL;

	timer_setup(&sk->sk_timer, NULL, 0);

	KM_STEP(2706,
		"Buffer sizes from net.core.rmem_default/wmem_default; state TCP_CLOSE.");
	sk->sk_allocation	=	GFP_KERNEL;
	sk->sk_rcvbuf		=	sysctl_rmem_default;
	sk->sk_sndbuf		=	sysctl_wmem_default;
	sk->sk_state		=	TCP_CLOSE;
	sk_set_socket(sk, sock);

	KM_STEP(2712,
		"SOCK_ZAPPED: the sock is not (yet) in any lookup table.");
	sock_set_flag(sk, SOCK_ZAPPED);

	if (sock) {
		KM_STEP(2715,
			"Link both ways: sk_type, sk_wq from the socket; socket->sk = sk.");
		sk->sk_type	=	sock->type;
		sk->sk_wq	=	sock->wq;
		sock->sk	=	sk;
		sk->sk_uid	=	SOCK_INODE(sock)->i_uid;
	} else {
		sk->sk_wq	=	NULL;
		sk->sk_uid	=	make_kuid_km(0);
	}

	rwlock_init(&sk->sk_callback_lock);

	KM_STEP(2736,
		"Install the default callbacks: sock_def_wakeup, sock_def_readable, ...");
	sk->sk_state_change	=	sock_def_wakeup;
	sk->sk_data_ready	=	sock_def_readable;
	sk->sk_write_space	=	sock_def_write_space;
	sk->sk_error_report	=	sock_def_error_report;
	sk->sk_destruct		=	sock_def_destruct;

	sk->sk_peek_off		=	-1;

	KM_STEP(2748,
		"Receive low-water mark 1; send and receive timeouts infinite (MAX_SCHEDULE_TIMEOUT).");
	sk->sk_write_pending	=	0;
	sk->sk_rcvlowat		=	1;
	sk->sk_rcvtimeo		=	MAX_SCHEDULE_TIMEOUT;
	sk->sk_sndtimeo		=	MAX_SCHEDULE_TIMEOUT;

	sk->sk_stamp = -1L * NSEC_PER_SEC;	/* SK_DEFAULT_STAMP */

	sk->sk_max_pacing_rate = ~0U;
	sk->sk_pacing_rate = ~0U;
	sk->sk_pacing_shift = 10;
	sk->sk_incoming_cpu = -1;

	sk_rx_queue_clear(sk);
	KM_STEP(2775, "One reference to the sock, held by the socket.");
	refcount_set(&sk->sk_refcnt, 1);
	atomic_set(&sk->sk_drops, 0);
}

/*
 * sk_common_release: used by UDP, raw and ping close(): unhash, orphan,
 * drop the socket's reference.
 */
void sk_common_release(struct sock *sk)
{
	KM_FUNC("net/core/sock.c:3009",
		"Close a datagram sock: unhash it, mark it dead, drop the last reference.");
	if (sk->sk_prot->destroy)
		sk->sk_prot->destroy(sk);

	KM_STEP(3022, "Remove it from the protocol's lookup table.");
	sk->sk_prot->unhash(sk);

	sock_orphan(sk);

	sock_put(sk);
}

/* ---- generic socket options ---- */

static int sock_set_timeout(long *timeo_p, char __user *optval, int optlen)
{
	KM_FUNC("net/core/sock.c:338",
		"SO_RCVTIMEO/SO_SNDTIMEO: convert a timeval to jiffies (0 means wait forever).");
	struct km_timeval tv;

	if (optlen < (int)sizeof(tv)) {
		KM_STEP(343,
			"The option value is shorter than a struct timeval: EINVAL.");
		return -EINVAL;
	}
	if (copy_from_user(&tv, optval, sizeof(tv)))
		return -EFAULT;
	if (tv.tv_usec < 0 || tv.tv_usec >= USEC_PER_SEC) {
		KM_STEP(347, "tv_usec outside 0..999999: EDOM.");
		return -EDOM;
	}

	if (tv.tv_sec < 0) {
		*timeo_p = 0;
		return 0;
	}
	*timeo_p = MAX_SCHEDULE_TIMEOUT;
	if (tv.tv_sec == 0 && tv.tv_usec == 0)
		return 0;
	if (tv.tv_sec < (MAX_SCHEDULE_TIMEOUT / HZ - 1))
		*timeo_p = tv.tv_sec * HZ + DIV_ROUND_UP(tv.tv_usec, USEC_PER_SEC / HZ);
	return 0;
}

/* setsockopt(SOL_SOCKET, ...) */
int sock_setsockopt(struct socket *sock, int level, int optname,
		    char __user *optval, unsigned int optlen)
{
	KM_FUNC("net/core/sock.c:655",
		"setsockopt(SOL_SOCKET): generic socket options.");
	struct sock *sk = sock->sk;
	int val;
	int valbool;
	struct linger ling;
	int ret = 0;

	if (optlen < sizeof(int)) {
		KM_STEP(673,
			"Every SOL_SOCKET option needs at least an int: EINVAL.");
		return -EINVAL;
	}

	if (get_user(val, (int __user *)optval))
		return -EFAULT;

	valbool = val ? 1 : 0;

	lock_sock(sk);

	switch (optname) {
	case SO_DEBUG:
		if (val && !capable(CAP_NET_ADMIN))
			ret = -EACCES;
		else
			sock_valbool_flag(sk, SOCK_DBG, valbool);
		break;
	case SO_REUSEADDR:
		sk->sk_reuse = (valbool ? SK_CAN_REUSE : SK_NO_REUSE);
		break;
	case SO_REUSEPORT:
		sk->sk_reuseport = valbool;
		break;
	case SO_TYPE:
	case SO_PROTOCOL:
	case SO_DOMAIN:
	case SO_ERROR:
		ret = -ENOPROTOOPT;
		break;
	case SO_DONTROUTE:
		sock_valbool_flag(sk, SOCK_LOCALROUTE, valbool);
		sk_dst_reset(sk);
		break;
	case SO_BROADCAST:
		KM_STEP(706,
			"SO_BROADCAST: allow sending to (and connecting to) broadcast addresses.");
		sock_valbool_flag(sk, SOCK_BROADCAST, valbool);
		break;
	case SO_SNDBUF:
		/* Linux doubles the value to leave room for overhead. */
		val = min_t(u32, val, sysctl_wmem_max);
		sk->sk_userlocks |= SOCK_SNDBUF_LOCK;
		sk->sk_sndbuf = max_t(int, val * 2, SOCK_MIN_SNDBUF);
		sk->sk_write_space(sk);
		break;
	case SO_RCVBUF:
		val = min_t(u32, val, sysctl_rmem_max);
		sk->sk_userlocks |= SOCK_RCVBUF_LOCK;
		sk->sk_rcvbuf = max_t(int, val * 2, SOCK_MIN_RCVBUF);
		break;
	case SO_KEEPALIVE:
		KM_STEP(764,
			"SO_KEEPALIVE: let TCP arm (or stop) its keepalive timer, then set the flag.");
		if (sk->sk_prot->keepalive)
			sk->sk_prot->keepalive(sk, valbool);
		sock_valbool_flag(sk, SOCK_KEEPOPEN, valbool);
		break;
	case SO_OOBINLINE:
		sock_valbool_flag(sk, SOCK_URGINLINE, valbool);
		break;
	case SO_NO_CHECK:
		sk->sk_no_check_tx = valbool;
		break;
	case SO_PRIORITY:
		if ((val >= 0 && val <= 6) || capable(CAP_NET_ADMIN))
			sk->sk_priority = val;
		else
			ret = -EPERM;
		break;
	case SO_LINGER:
		if (optlen < sizeof(ling)) {
			ret = -EINVAL;
			break;
		}
		if (copy_from_user(&ling, optval, sizeof(ling))) {
			ret = -EFAULT;
			break;
		}
		if (!ling.l_onoff) {
			sock_reset_flag(sk, SOCK_LINGER);
		} else {
			sk->sk_lingertime = (unsigned int)ling.l_linger * HZ;
			sock_set_flag(sk, SOCK_LINGER);
		}
		break;
	case SO_RCVLOWAT:
		if (val < 0)
			val = INT_MAX;
		sk->sk_rcvlowat = val ? : 1;
		break;
	case SO_RCVTIMEO:
		ret = sock_set_timeout(&sk->sk_rcvtimeo, optval, optlen);
		break;
	case SO_SNDTIMEO:
		KM_STEP(883,
			"SO_SNDTIMEO: how long connect() and send() may block (0 means forever).");
		ret = sock_set_timeout(&sk->sk_sndtimeo, optval, optlen);
		break;
	default:
		ret = -ENOPROTOOPT;
		break;
	}
	release_sock(sk);
	return ret;
}

/* getsockopt(SOL_SOCKET, ...) */
int sock_getsockopt(struct socket *sock, int level, int optname,
		    char __user *optval, int __user *optlen)
{
	KM_FUNC("net/core/sock.c:1093",
		"getsockopt(SOL_SOCKET): read a generic socket option.");
	struct sock *sk = sock->sk;
	union {
		int val;
		struct linger ling;
		struct km_timeval tm;
	} v;
	int lv = sizeof(int);
	int len;

	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0) {
		KM_STEP(1112, "A negative option length: EINVAL.");
		return -EINVAL;
	}

	memset(&v, 0, sizeof(v));

	switch (optname) {
	case SO_DEBUG:
		v.val = sock_flag(sk, SOCK_DBG);
		break;
	case SO_DONTROUTE:
		v.val = sock_flag(sk, SOCK_LOCALROUTE);
		break;
	case SO_BROADCAST:
		v.val = sock_flag(sk, SOCK_BROADCAST);
		break;
	case SO_SNDBUF:
		v.val = sk->sk_sndbuf;
		break;
	case SO_RCVBUF:
		v.val = sk->sk_rcvbuf;
		break;
	case SO_REUSEADDR:
		v.val = sk->sk_reuse;
		break;
	case SO_REUSEPORT:
		v.val = sk->sk_reuseport;
		break;
	case SO_KEEPALIVE:
		v.val = sock_flag(sk, SOCK_KEEPOPEN);
		break;
	case SO_TYPE:
		v.val = sk->sk_type;
		break;
	case SO_PROTOCOL:
		v.val = sk->sk_protocol;
		break;
	case SO_DOMAIN:
		v.val = sk->sk_family;
		break;
	case SO_ERROR:
		KM_STEP(1162,
			"SO_ERROR: return the pending error and clear it (sock_error).");
		v.val = -sock_error(sk);
		if (v.val == 0)
			v.val = xchg_km(&sk->sk_err_soft, 0);
		break;
	case SO_OOBINLINE:
		v.val = sock_flag(sk, SOCK_URGINLINE);
		break;
	case SO_NO_CHECK:
		v.val = sk->sk_no_check_tx;
		break;
	case SO_PRIORITY:
		v.val = sk->sk_priority;
		break;
	case SO_LINGER:
		lv		= sizeof(v.ling);
		v.ling.l_onoff	= sock_flag(sk, SOCK_LINGER);
		v.ling.l_linger	= sk->sk_lingertime / HZ;
		break;
	case SO_RCVTIMEO:
	case SO_SNDTIMEO: {
		long t = optname == SO_RCVTIMEO ? sk->sk_rcvtimeo : sk->sk_sndtimeo;

		lv = sizeof(struct km_timeval);
		if (t == MAX_SCHEDULE_TIMEOUT) {
			v.tm.tv_sec = 0;
			v.tm.tv_usec = 0;
		} else {
			v.tm.tv_sec = t / HZ;
			v.tm.tv_usec = ((t % HZ) * USEC_PER_SEC) / HZ;
		}
		break;
	}
	case SO_RCVLOWAT:
		v.val = sk->sk_rcvlowat;
		break;
	case SO_ACCEPTCONN:
		v.val = sk->sk_state == TCP_LISTEN;
		break;
	default:
		KM_STEP(1406,
			"An option this level does not know: ENOPROTOOPT.");
		return -ENOPROTOOPT;
	}

	if (len > lv)
		len = lv;
	if (copy_to_user(optval, &v, len))
		return -EFAULT;
	if (put_user(len, optlen))
		return -EFAULT;
	return 0;
}

int sock_common_getsockopt(struct socket *sock, int level, int optname,
			   char __user *optval, int __user *optlen)
{
	KM_FUNC("net/core/sock.c:2945",
		"getsockopt() of a non-SOL_SOCKET level: ask the protocol (tcp_getsockopt, udp_getsockopt ...).");
	struct sock *sk = sock->sk;

	return sk->sk_prot->getsockopt(sk, level, optname, optval, optlen);
}

int sock_common_setsockopt(struct socket *sock, int level, int optname,
			   char __user *optval, unsigned int optlen)
{
	KM_FUNC("net/core/sock.c:2986",
		"setsockopt() of a non-SOL_SOCKET level: ask the protocol (tcp_setsockopt, udp_setsockopt ...).");
	struct sock *sk = sock->sk;

	return sk->sk_prot->setsockopt(sk, level, optname, optval, optlen);
}

int sock_common_recvmsg(struct socket *sock, struct msghdr *msg, size_t size,
			int flags)
{
	KM_FUNC("net/core/sock.c:2968",
		"recvmsg() for inet sockets: call the protocol's recvmsg and report the address length.");
	struct sock *sk = sock->sk;
	int addr_len = 0;
	int err;

	err = sk->sk_prot->recvmsg(sk, msg, size, flags & MSG_DONTWAIT,
				   flags & ~MSG_DONTWAIT, &addr_len);
	if (err >= 0)
		msg->msg_namelen = addr_len;
	return err;
}

/* ---- the "not supported" operations ---- */

int sock_no_socketpair(struct socket *sock1, struct socket *sock2)
{
	KM_FUNC("net/core/sock.c:2501",
		"socketpair() is not supported by this family: EOPNOTSUPP.");
	return -EOPNOTSUPP;
}

int sock_no_accept(struct socket *sock, struct socket *newsock, int flags,
		   bool kern)
{
	KM_FUNC("net/core/sock.c:2507",
		"accept() is not supported by this socket type: EOPNOTSUPP.");
	return -EOPNOTSUPP;
}

int sock_no_listen(struct socket *sock, int backlog)
{
	KM_FUNC("net/core/sock.c:2527",
		"listen() is not supported by this socket type: EOPNOTSUPP.");
	return -EOPNOTSUPP;
}

int sock_no_getname(struct socket *sock, struct sockaddr *saddr, int peer)
{
	KM_FUNC("net/core/sock.c:2514",
		"getsockname()/getpeername() not supported: EOPNOTSUPP.");
	return -EOPNOTSUPP;
}

int sock_no_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	KM_FUNC("net/core/sock.c:2521",
		"ioctl() not supported: EOPNOTSUPP.");
	return -EOPNOTSUPP;
}

int sock_no_bind(struct socket *sock, struct sockaddr *saddr, int len)
{
	KM_FUNC("net/core/sock.c:2488",
		"bind() not supported: EOPNOTSUPP.");
	return -EOPNOTSUPP;
}

int sock_no_connect(struct socket *sock, struct sockaddr *saddr, int len,
		    int flags)
{
	KM_FUNC("net/core/sock.c:2494",
		"connect() not supported: EOPNOTSUPP.");
	return -EOPNOTSUPP;
}

int sock_no_shutdown(struct socket *sock, int how)
{
	KM_FUNC("net/core/sock.c:2533",
		"shutdown() not supported: EOPNOTSUPP.");
	return -EOPNOTSUPP;
}

int sock_no_sendmsg(struct socket *sock, struct msghdr *m, size_t len)
{
	KM_FUNC("net/core/sock.c:2553",
		"sendmsg() not supported: EOPNOTSUPP.");
	return -EOPNOTSUPP;
}

int sock_no_recvmsg(struct socket *sock, struct msghdr *m, size_t len,
		    int flags)
{
	KM_FUNC("net/core/sock.c:2565",
		"recvmsg() not supported: EOPNOTSUPP.");
	return -EOPNOTSUPP;
}

/* ---- timers owned by a sock (they hold a reference while armed) ---- */

void sk_reset_timer(struct sock *sk, struct timer_list *timer,
		    unsigned long expires)
{
	KM_FUNC("net/core/sock.c:2684",
		"Arm a socket timer; a timer that was not pending takes a reference on the sock.");
	KM_STEP(2687,
		"Arm the timer; if it was not already pending it now holds a reference on the sock.");
	if (!mod_timer(timer, expires))
		sock_hold(sk);
}

void sk_stop_timer(struct sock *sk, struct timer_list *timer)
{
	KM_FUNC("net/core/sock.c:2692",
		"Stop a socket timer; if it was pending, drop the reference it held.");
	if (del_timer(timer))
		__sock_put(sk);
}

kuid_t sock_i_uid(struct sock *sk)
{
	KM_FUNC("net/core/sock.c:1914",
		"The owner uid of the socket's inode (used for port-reuse checks).");
	return sk->sk_socket ? SOCK_INODE(sk->sk_socket)->i_uid : make_kuid_km(0);
}

unsigned long sock_i_ino(struct sock *sk)
{
	KM_FUNC("net/core/sock.c:1925",
		"The inode number of the socket (what /proc/net/tcp shows).");
	return sk->sk_socket ? SOCK_INODE(sk->sk_socket)->i_ino : 0;
}

/* ---- protocol registration: each proto gets a slab cache per host ---- */

int proto_register(struct proto *prot, int alloc_slab)
{
	KM_FUNC("net/core/sock.c:3208",
		"Register a transport protocol: create its slab cache for socks.");
	struct host *h = km_host();
	int i;

	if (!alloc_slab)
		return 0;
	if (prot->rsk_prot) {
		KM_STEP(3224,
			"Connection protocols also get a slab for their request socks (request_sock_TCP).");
		h->reqsk_slab = km_cache_create("request_sock_TCP",
						prot->rsk_prot->obj_size,
						KM_ID_REQSK);
	}
	if (prot->twsk_prot) {
		KM_STEP(3227,
			"... and one for their TIME_WAIT socks (tw_sock_TCP).");
		h->twsk_slab = km_cache_create(prot->twsk_prot->twsk_slab_name,
					       prot->twsk_prot->twsk_obj_size,
					       KM_ID_TW);
	}
	for (i = 0; i < (int)ARRAY_SIZE(h->proto_slabs); i++) {
		if (!h->proto_slabs[i]) {
			h->proto_slabs[i] = km_cache_create(prot->name, prot->obj_size,
							    KM_ID_SOCK);
			h->proto_slab_owner[i] = prot;
			return 0;
		}
	}
	return -ENOBUFS;
}

void proto_unregister(struct proto *prot)
{
	KM_FUNC("net/core/sock.c:3263",
		"Remove a protocol from the proto list; kmirror keeps its caches until the host goes.");
}

struct kmem_cache *km_proto_slab(const struct proto *prot)
{
	struct host *h = km_host();
	int i;

	for (i = 0; i < (int)ARRAY_SIZE(h->proto_slabs); i++)
		if (h->proto_slab_owner[i] == prot)
			return h->proto_slabs[i];
	return NULL;
}

static int km_proto_index(const struct proto *prot)
{
	struct host *h = km_host();
	int i;

	for (i = 0; i < (int)ARRAY_SIZE(h->proto_slabs); i++)
		if (h->proto_slab_owner[i] == prot)
			return i;
	return -1;
}

/* Linux: a per-CPU counter per protocol (/proc/net/sockstat "inuse"). */
void sock_prot_inuse_add(struct net *net, struct proto *prot, int val)
{
	KM_FUNC("net/core/sock.c:3069",
		"Count a socket of this protocol in or out (/proc/net/sockstat \"inuse\").");
	int i = km_proto_index(prot);

	if (i >= 0)
		net_host(net)->proto_inuse[i] += val;
}

int sock_prot_inuse_get(struct net *net, struct proto *prot)
{
	KM_FUNC("net/core/sock.c:3075",
		"How many sockets of this protocol exist.");
	int i = km_proto_index(prot);

	return i >= 0 ? net_host(net)->proto_inuse[i] : 0;
}

/*
 * The per-host count of a proto's orphans (Linux: prot->orphan_count).
 * TCP is the only connection protocol here, so it is tcp_orphan_count.
 */
struct percpu_counter *sk_prot_orphan_count_km(const struct sock *sk)
{
	return &sock_host_km(sk)->tcp_orphan_count;
}

/* The per-host table a proto's socks are hashed in (Linux: prot->h). */
struct inet_hashinfo *sk_prot_hashinfo(const struct sock *sk)
{
	struct host *h = sock_host_km(sk);

	switch (sk->sk_prot->km_table) {
	case KM_TABLE_TCP:
		return &h->tcp_hashinfo;
	default:
		return NULL;
	}
}
