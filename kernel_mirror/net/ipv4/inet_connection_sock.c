// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/inet_connection_sock.c (Linux 5.0.1) — what every
 * connection-oriented inet socket shares: local port allocation for bind()
 * and listen(), the listener's queues (request socks in ehash with their
 * SYN-ACK timers, the accept queue of finished children), accept() and its
 * wait, the xmit timers, and cloning a child socket from a listener.
 *
 * Simplifications (docs/architecture.md): no SO_REUSEPORT groups, no
 * TCP Fast Open queue, no IPv6 address comparisons, no LSM hooks.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/tcp.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/inet_connection_sock.h>
#include <net/inet_hashtables.h>
#include <net/request_sock.h>
#include <net/route.h>
#include <net/ip.h>
#include <net/tcp.h>
#include <net/tcp_states.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

void inet_get_local_port_range(struct net *net, int *low, int *high)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:119",
		"Read net.ipv4.ip_local_port_range, the range ephemeral ports come from.");
	*low = net->ipv4.ip_local_ports.range[0];
	*high = net->ipv4.ip_local_ports.range[1];
}

static int ipv4_rcv_saddr_equal(__be32 sk1_rcv_saddr, __be32 sk2_rcv_saddr,
				bool sk2_ipv6only, bool match_wildcard)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:80",
		"Do two bound IPv4 addresses conflict? Equal addresses do; a wildcard does if match_wildcard.");
	if (!sk2_ipv6only) {
		if (sk1_rcv_saddr == sk2_rcv_saddr)
			return 1;
		if (!sk1_rcv_saddr || !sk2_rcv_saddr)
			return match_wildcard;
	}
	return 0;
}

int inet_rcv_saddr_equal(const struct sock *sk, const struct sock *sk2,
			 bool match_wildcard)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:92",
		"Do these two sockets' bound addresses conflict?");
	return ipv4_rcv_saddr_equal(sk->sk_rcv_saddr, sk2->sk_rcv_saddr,
			     ipv6_only_sock(sk2), match_wildcard);
}

/* Would binding sk to this bucket's port clash with an existing owner? */
int inet_csk_bind_conflict(const struct sock *sk,
			   const struct inet_bind_bucket *tb, bool relax,
			   bool reuseport_ok)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:132",
		"Check every owner of the port: same address (or wildcard) without SO_REUSEADDR is a conflict.");
	struct sock *sk2;
	bool reuse = sk->sk_reuse;
	bool reuseport = !!sk->sk_reuseport && reuseport_ok;
	kuid_t uid = sock_i_uid((struct sock *)sk);

	sk_for_each_bound(sk2, &tb->owners) {
		if (sk != sk2 &&
		    (!sk->sk_bound_dev_if || !sk2->sk_bound_dev_if ||
		     sk->sk_bound_dev_if == sk2->sk_bound_dev_if)) {
			if ((!reuse || !sk2->sk_reuse ||
			     sk2->sk_state == TCP_LISTEN) &&
			    (!reuseport || !sk2->sk_reuseport ||
			     (sk2->sk_state != TCP_TIME_WAIT &&
			      !uid_eq(uid, sock_i_uid(sk2))))) {
				if (inet_rcv_saddr_equal(sk, sk2, true))
					break;
			}
			if (!relax && reuse && sk2->sk_reuse &&
			    sk2->sk_state != TCP_LISTEN) {
				if (inet_rcv_saddr_equal(sk, sk2, true))
					break;
			}
		}
	}
	return sk2 != NULL;
}

/*
 * bind() to port 0: find a free port. A random start, odd offsets first
 * (connect() starts on even ones), and with SO_REUSEADDR the lower half of
 * the range first.
 */
static struct inet_bind_hashbucket *
inet_csk_find_open_port(struct sock *sk, struct inet_bind_bucket **tb_ret,
			int *port_ret)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:177",
		"bind() to port 0: search the ephemeral range from a random odd offset for a usable port.");
	struct inet_hashinfo *hinfo = sk_prot_hashinfo(sk);
	int port = 0;
	struct inet_bind_hashbucket *head;
	struct net *net = sock_net(sk);
	int i, low, high, attempt_half;
	struct inet_bind_bucket *tb;
	u32 remaining, offset;
	int l3mdev;

	l3mdev = inet_sk_bound_l3mdev(sk);
	attempt_half = (sk->sk_reuse == SK_CAN_REUSE) ? 1 : 0;
other_half_scan:
	inet_get_local_port_range(net, &low, &high);
	high++;
	if (high - low < 4)
		attempt_half = 0;
	if (attempt_half) {
		int half = low + (((high - low) >> 2) << 1);

		if (attempt_half == 1)
			high = half;
		else
			low = half;
	}
	remaining = high - low;
	if (likely(remaining > 1))
		remaining &= ~1U;

	KM_STEP(207,
		"Start at a random offset made odd: bind() takes odd ports, leaving even ones to connect().");
	offset = prandom_u32() % remaining;
	offset |= 1U;

other_parity_scan:
	port = low + offset;
	for (i = 0; i < remaining; i += 2, port += 2) {
		if (unlikely(port >= high))
			port -= remaining;
		if (inet_is_local_reserved_port(net, port))
			continue;
		head = &hinfo->bhash[inet_bhashfn(net, port, hinfo->bhash_size)];
		spin_lock_bh(&head->lock);
		inet_bind_bucket_for_each(tb, &head->chain)
			if (net_eq(ib_net(tb), net) && tb->l3mdev == l3mdev &&
			    tb->port == port) {
				if (!inet_csk_bind_conflict(sk, tb, false, false))
					goto success;
				goto next_port;
			}
		tb = NULL;
		goto success;
next_port:
		spin_unlock_bh(&head->lock);
	}

	offset--;
	if (!(offset & 1))
		goto other_parity_scan;

	if (attempt_half == 1) {
		attempt_half = 2;
		goto other_half_scan;
	}
	return NULL;
success:
	*port_ret = port;
	*tb_ret = tb;
	return head;
}

static inline int sk_reuseport_match(struct inet_bind_bucket *tb,
				     struct sock *sk)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:253",
		"May this socket share the port through SO_REUSEPORT (same user, compatible address)?");
	kuid_t uid = sock_i_uid(sk);

	if (tb->fastreuseport <= 0)
		return 0;
	if (!sk->sk_reuseport)
		return 0;
	if (!uid_eq(tb->fastuid, uid))
		return 0;
	if (tb->fastreuseport == FASTREUSEPORT_ANY)
		return 1;
	return ipv4_rcv_saddr_equal(tb->fast_rcv_saddr, sk->sk_rcv_saddr,
			     ipv6_only_sock(sk), true);
}

int inet_csk_get_port(struct sock *sk, unsigned short snum)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:290",
		"Claim local port snum (or any free port if 0) for bind() or listen().");
	bool reuse = sk->sk_reuse && sk->sk_state != TCP_LISTEN;
	struct inet_hashinfo *hinfo = sk_prot_hashinfo(sk);
	int ret = 1, port = snum;
	struct inet_bind_hashbucket *head;
	struct net *net = sock_net(sk);
	struct inet_bind_bucket *tb = NULL;
	kuid_t uid = sock_i_uid(sk);
	int l3mdev;

	l3mdev = inet_sk_bound_l3mdev(sk);

	if (!port) {
		head = inet_csk_find_open_port(sk, &tb, &port);
		if (!head)
			return ret;
		if (!tb)
			goto tb_not_found;
		goto success;
	}
	KM_STEP(311, "A specific port: look for its bind bucket.");
	head = &hinfo->bhash[inet_bhashfn(net, port, hinfo->bhash_size)];
	spin_lock_bh(&head->lock);
	inet_bind_bucket_for_each(tb, &head->chain)
		if (net_eq(ib_net(tb), net) && tb->l3mdev == l3mdev &&
		    tb->port == port)
			goto tb_found;
tb_not_found:
	tb = inet_bind_bucket_create(hinfo->bind_bucket_cachep, net, head,
				     port, l3mdev);
	if (!tb)
		goto fail_unlock;
tb_found:
	if (!hlist_empty(&tb->owners)) {
		if (sk->sk_reuse == SK_FORCE_REUSE)
			goto success;

		if ((tb->fastreuse > 0 && reuse) || sk_reuseport_match(tb, sk))
			goto success;
		KM_STEP(331,
			"The port has owners: bind only if no owner conflicts.");
		if (inet_csk_bind_conflict(sk, tb, true, true))
			goto fail_unlock;
	}
success:
	if (hlist_empty(&tb->owners)) {
		tb->fastreuse = reuse;
		if (sk->sk_reuseport) {
			tb->fastreuseport = FASTREUSEPORT_ANY;
			tb->fastuid = uid;
			tb->fast_rcv_saddr = sk->sk_rcv_saddr;
			tb->fast_ipv6_only = ipv6_only_sock(sk);
			tb->fast_sk_family = sk->sk_family;
		} else {
			tb->fastreuseport = 0;
		}
	} else {
		if (!reuse)
			tb->fastreuse = 0;
		if (sk->sk_reuseport) {
			if (!sk_reuseport_match(tb, sk)) {
				tb->fastreuseport = FASTREUSEPORT_STRICT;
				tb->fastuid = uid;
				tb->fast_rcv_saddr = sk->sk_rcv_saddr;
				tb->fast_ipv6_only = ipv6_only_sock(sk);
				tb->fast_sk_family = sk->sk_family;
			}
		} else {
			tb->fastreuseport = 0;
		}
	}
	KM_STEP(378,
		"Join the bucket's owners: inet_num is now the bound port.");
	if (!inet_csk(sk)->icsk_bind_hash)
		inet_bind_hash(sk, tb, port);
	WARN_ON(inet_csk(sk)->icsk_bind_hash != tb);
	ret = 0;

fail_unlock:
	spin_unlock_bh(&head->lock);
	return ret;
}

static int inet_csk_wait_for_connect(struct sock *sk, long timeo)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:393",
		"accept() sleeps (socket unlocked) until a connection is queued, a signal, or the timeout.");
	struct inet_connection_sock *icsk = inet_csk(sk);
	DEFINE_WAIT(wait);
	int err;

	for (;;) {
		prepare_to_wait_exclusive(sk_sleep(sk), &wait,
					  TASK_INTERRUPTIBLE);
		release_sock(sk);
		if (reqsk_queue_empty(&icsk->icsk_accept_queue)) {
			KM_STEP(418, "Nothing queued yet: sleep.");
			timeo = schedule_timeout(timeo);
		}
		lock_sock(sk);
		err = 0;
		if (!reqsk_queue_empty(&icsk->icsk_accept_queue))
			break;
		err = -EINVAL;
		if (sk->sk_state != TCP_LISTEN)
			break;
		err = sock_intr_errno(timeo);
		if (signal_pending(current))
			break;
		KM_STEP(430,
			"The wait timed out (or it was non-blocking): EAGAIN.");
		err = -EAGAIN;
		if (!timeo)
			break;
	}
	finish_wait(sk_sleep(sk), &wait);
	return err;
}

struct sock *inet_csk_accept(struct sock *sk, int flags, int *err, bool kern)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:441",
		"Take the first finished connection off the listener's accept queue (waiting if allowed).");
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct request_sock_queue *queue = &icsk->icsk_accept_queue;
	struct request_sock *req;
	struct sock *newsk;
	int error;

	lock_sock(sk);

	error = -EINVAL;
	if (sk->sk_state != TCP_LISTEN) {
		KM_STEP(456, "Not listening: accept() fails with EINVAL.");
		goto out_err;
	}

	if (reqsk_queue_empty(queue)) {
		long timeo = sock_rcvtimeo(sk, flags & O_NONBLOCK);

		error = -EAGAIN;
		if (!timeo) {
			KM_STEP(465, "Queue empty and non-blocking: EAGAIN.");
			goto out_err;
		}

		error = inet_csk_wait_for_connect(sk, timeo);
		if (error)
			goto out_err;
	}
	KM_STEP(471, "Dequeue the request and take its child socket.");
	req = reqsk_queue_remove(queue, sk);
	newsk = req->sk;
out:
	release_sock(sk);
	if (req)
		reqsk_put(req);
	return newsk;
out_err:
	newsk = NULL;
	req = NULL;
	*err = error;
	goto out;
}

void inet_csk_init_xmit_timers(struct sock *sk,
			       void (*retransmit_handler)(struct timer_list *t),
			       void (*delack_handler)(struct timer_list *t),
			       void (*keepalive_handler)(struct timer_list *t))
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:507",
		"Set up the three TCP timers: retransmit, delayed ACK, keepalive (sk_timer).");
	struct inet_connection_sock *icsk = inet_csk(sk);

	timer_setup(&icsk->icsk_retransmit_timer, retransmit_handler, 0);
	timer_setup(&icsk->icsk_delack_timer, delack_handler, 0);
	timer_setup(&sk->sk_timer, keepalive_handler, 0);
	icsk->icsk_pending = icsk->icsk_ack.pending = 0;
}

void inet_csk_clear_xmit_timers(struct sock *sk)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:521",
		"Stop all three timers and forget what was pending.");
	struct inet_connection_sock *icsk = inet_csk(sk);

	icsk->icsk_pending = icsk->icsk_ack.pending = icsk->icsk_ack.blocked = 0;

	sk_stop_timer(sk, &icsk->icsk_retransmit_timer);
	sk_stop_timer(sk, &icsk->icsk_delack_timer);
	sk_stop_timer(sk, &sk->sk_timer);
}

void inet_csk_delete_keepalive_timer(struct sock *sk)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:533",
		"Stop the keepalive timer.");
	sk_stop_timer(sk, &sk->sk_timer);
}

void inet_csk_reset_keepalive_timer(struct sock *sk, unsigned long len)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:539",
		"Arm the keepalive timer to fire after len jiffies.");
	sk_reset_timer(sk, &sk->sk_timer, jiffies + len);
}

struct dst_entry *inet_csk_route_req(const struct sock *sk,
				     struct flowi4 *fl4,
				     const struct request_sock *req)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:545",
		"Route the SYN-ACK: from our address to the peer's, for this request.");
	const struct inet_request_sock *ireq = inet_rsk(req);
	struct net *net = read_pnet(&ireq->ireq_net);
	struct rtable *rt;

	flowi4_init_output(fl4, ireq->ir_iif, ireq->ir_mark,
			   RT_CONN_FLAGS(sk), RT_SCOPE_UNIVERSE,
			   sk->sk_protocol, inet_sk_flowi_flags(sk),
			   ireq->ir_rmt_addr, ireq->ir_loc_addr,
			   ireq->ir_rmt_port, htons(ireq->ir_num), sk->sk_uid);
	rt = ip_route_output_flow(net, fl4, sk);
	if (IS_ERR(rt)) {
		__IP_INC_STATS(net, IPSTATS_MIB_OUTNOROUTES);
		return NULL;
	}
	return &rt->dst;
}

struct dst_entry *inet_csk_route_child_sock(const struct sock *sk,
					    struct sock *newsk,
					    const struct request_sock *req)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:581",
		"Route for the new child socket, kept in its own flow (cork.fl).");
	const struct inet_request_sock *ireq = inet_rsk(req);
	struct net *net = read_pnet(&ireq->ireq_net);
	struct inet_sock *newinet = inet_sk(newsk);
	struct flowi4 *fl4;
	struct rtable *rt;

	fl4 = &newinet->cork.fl.u.ip4;
	flowi4_init_output(fl4, ireq->ir_iif, ireq->ir_mark,
			   RT_CONN_FLAGS(sk), RT_SCOPE_UNIVERSE,
			   sk->sk_protocol, inet_sk_flowi_flags(sk),
			   ireq->ir_rmt_addr, ireq->ir_loc_addr,
			   ireq->ir_rmt_port, htons(ireq->ir_num), sk->sk_uid);
	rt = ip_route_output_flow(net, fl4, sk);
	if (IS_ERR(rt)) {
		__IP_INC_STATS(net, IPSTATS_MIB_OUTNOROUTES);
		return NULL;
	}
	return &rt->dst;
}

/* For one rsk_timer expiry: *expire = drop the request, *resend = send another SYN-ACK. */
static inline void syn_ack_recalc(struct request_sock *req, const int thresh,
				  const int max_retries,
				  const u8 rskq_defer_accept,
				  int *expire, int *resend)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:624",
		"At a SYN-ACK timeout, decide whether the request expires and whether to resend the SYN-ACK.");
	if (!rskq_defer_accept) {
		*expire = req->num_timeout >= thresh;
		*resend = 1;
		return;
	}
	*expire = req->num_timeout >= thresh &&
		  (!inet_rsk(req)->acked || req->num_timeout >= max_retries);
	/* With TCP_DEFER_ACCEPT, an acked request waits quietly for data
	 * until the last round, then gets one more SYN-ACK. */
	*resend = !inet_rsk(req)->acked ||
		  req->num_timeout >= rskq_defer_accept - 1;
}

int inet_rtx_syn_ack(const struct sock *parent, struct request_sock *req)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:645",
		"Send the SYN-ACK again and count the retransmission.");
	int err = req->rsk_ops->rtx_syn_ack(parent, req);

	if (!err)
		req->num_retrans++;
	return err;
}

static bool reqsk_queue_unlink(struct request_sock_queue *queue,
			       struct request_sock *req)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:656",
		"Unhash the request sock from ehash and stop its SYN-ACK timer.");
	bool found = false;

	if (sk_hashed(req_to_sk(req)))
		found = __sk_nulls_del_node_init_rcu(req_to_sk(req));
	if (timer_pending(&req->rsk_timer) && del_timer_sync(&req->rsk_timer))
		reqsk_put(req);
	return found;
}

bool inet_csk_reqsk_queue_drop(struct sock *sk, struct request_sock *req)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:674",
		"Forget a pending request: unlink it and drop the listener's count of it.");
	bool unlinked = reqsk_queue_unlink(&inet_csk(sk)->icsk_accept_queue, req);

	if (unlinked) {
		reqsk_queue_removed(&inet_csk(sk)->icsk_accept_queue, req);
		reqsk_put(req);
	}
	return unlinked;
}

void inet_csk_reqsk_queue_drop_and_put(struct sock *sk, struct request_sock *req)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:683",
		"Remove a request sock from the SYN queue and drop the caller's reference.");
	inet_csk_reqsk_queue_drop(sk, req);
	reqsk_put(req);
}

static void reqsk_timer_handler(struct timer_list *t)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:690",
		"SYN-ACK timer of a request sock: resend the SYN-ACK with backoff, or drop the request.");
	struct request_sock *req = from_timer(req, t, rsk_timer);
	struct sock *sk_listener = req->rsk_listener;
	struct net *net = sock_net(sk_listener);
	struct inet_connection_sock *icsk = inet_csk(sk_listener);
	struct request_sock_queue *queue = &icsk->icsk_accept_queue;
	int qlen, expire = 0, resend = 0;
	int max_retries, thresh;
	u8 defer_accept;

	if (inet_sk_state_load(sk_listener) != TCP_LISTEN)
		goto drop;

	max_retries = icsk->icsk_syn_retries ? : net->ipv4.sysctl_tcp_synack_retries;
	thresh = max_retries;
	/*
	 * Under pressure (queue more than half full of old requests) lower
	 * the retry threshold, so stale requests make room for young ones.
	 */
	qlen = reqsk_queue_len(queue);
	if ((qlen << 1) > max(8U, sk_listener->sk_max_ack_backlog)) {
		int young = reqsk_queue_len_young(queue) << 1;

		while (thresh > 2) {
			if (qlen < young)
				break;
			thresh--;
			young <<= 1;
		}
	}
	defer_accept = READ_ONCE(queue->rskq_defer_accept);
	if (defer_accept)
		max_retries = defer_accept;
	syn_ack_recalc(req, thresh, max_retries, defer_accept,
		       &expire, &resend);
	req->rsk_ops->syn_ack_timeout(req);
	if (!expire &&
	    (!resend || !inet_rtx_syn_ack(sk_listener, req) ||
	     inet_rsk(req)->acked)) {
		unsigned long timeo;

		if (req->num_timeout++ == 0)
			atomic_dec(&queue->young);
		timeo = min(TCP_TIMEOUT_INIT << req->num_timeout, TCP_RTO_MAX);
		KM_STEP(749,
			"Re-arm the request's timer with doubled timeout (1, 2, 4, ... s).");
		mod_timer(&req->rsk_timer, jiffies + timeo);
		return;
	}
drop:
	KM_STEP(753,
		"Retries exhausted (or the listener closed): drop the request.");
	inet_csk_reqsk_queue_drop_and_put(sk_listener, req);
}

static void reqsk_queue_hash_req(struct request_sock *req,
				 unsigned long timeout)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:756",
		"Start the request's SYN-ACK timer and insert it into ehash (as TCP_NEW_SYN_RECV).");
	req->num_retrans = 0;
	req->num_timeout = 0;
	req->sk = NULL;

	timer_setup(&req->rsk_timer, reqsk_timer_handler, TIMER_PINNED);
	KM_STEP(764, "Arm the request's SYN-ACK retransmit timer.");
	mod_timer(&req->rsk_timer, jiffies + timeout);

	KM_STEP(766,
		"Insert the request sock into the established hash, where the final ACK will find it.");
	inet_ehash_insert(req_to_sk(req), NULL);
	KM_STEP(771, "Three references: ehash, the timer, and the caller's.");
	refcount_set(&req->rsk_refcnt, 2 + 1);
}

void inet_csk_reqsk_queue_hash_add(struct sock *sk, struct request_sock *req,
				   unsigned long timeout)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:774",
		"Hash the new request and count it in the listener's SYN queue.");
	KM_STEP(777, "Hash the request sock and start its SYN-ACK timer.");
	reqsk_queue_hash_req(req, timeout);
	inet_csk_reqsk_queue_added(sk);
}

struct sock *inet_csk_clone_lock(const struct sock *sk,
				 const struct request_sock *req,
				 const gfp_t priority)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:790",
		"Clone the listener into the connection's own socket, in SYN_RECV, with the request's ports.");
	struct sock *newsk = sk_clone_lock(sk, priority);

	if (newsk) {
		struct inet_connection_sock *newicsk = inet_csk(newsk);

		KM_STEP(799,
			"The child starts in SYN_RECV, unbound, with the peer's port and our listening port.");
		inet_sk_set_state(newsk, TCP_SYN_RECV);
		newicsk->icsk_bind_hash = NULL;

		inet_sk(newsk)->inet_dport = inet_rsk(req)->ir_rmt_port;
		inet_sk(newsk)->inet_num = inet_rsk(req)->ir_num;
		inet_sk(newsk)->inet_sport = htons(inet_rsk(req)->ir_num);

		sock_reset_flag(newsk, SOCK_RCU_FREE);

		inet_sk(newsk)->mc_list = NULL;

		newsk->sk_mark = inet_rsk(req)->ir_mark;
		newsk->sk_cookie = inet_rsk(req)->ir_cookie;

		newicsk->icsk_retransmits = 0;
		newicsk->icsk_backoff = 0;
		newicsk->icsk_probes_out = 0;

		/* The child never listens: clear the copied accept queue. */
		memset(&newicsk->icsk_accept_queue, 0,
		       sizeof(newicsk->icsk_accept_queue));
	}
	return newsk;
}

void inet_csk_destroy_sock(struct sock *sk)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:834",
		"Final teardown of a closed, orphaned socket: protocol destroy, purge queues, drop the reference.");
	WARN_ON(sk->sk_state != TCP_CLOSE);
	WARN_ON(!sock_flag(sk, SOCK_DEAD));

	/* unhashed by now, and a non-zero inet_num means still bound */
	WARN_ON(!sk_unhashed(sk));
	WARN_ON(inet_sk(sk)->inet_num && !inet_csk(sk)->icsk_bind_hash);

	sk->sk_prot->destroy(sk);

	sk_stream_kill_queues(sk);

	percpu_counter_dec(sk_prot_orphan_count_km(sk));

	sock_put(sk);
}

void inet_csk_prepare_forced_close(struct sock *sk)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:862",
		"A child that cannot be completed: unlock it and make it destroyable.");
	bh_unlock_sock(sk);
	sock_put(sk);

	sock_set_flag(sk, SOCK_DEAD);
	percpu_counter_inc(sk_prot_orphan_count_km(sk));
	inet_sk(sk)->inet_num = 0;
}

int inet_csk_listen_start(struct sock *sk, int backlog)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:876",
		"listen(): set up the accept queue, enter LISTEN, claim the port and hash as a listener.");
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct inet_sock *inet = inet_sk(sk);
	int err = -EADDRINUSE;

	reqsk_queue_alloc(&icsk->icsk_accept_queue);

	sk->sk_max_ack_backlog = backlog;
	sk->sk_ack_backlog = 0;
	inet_csk_delack_init(sk);

	KM_STEP(892,
		"State LISTEN first; get_port() then validates the port (bind conflicts now count listeners).");
	inet_sk_state_store(sk, TCP_LISTEN);
	if (!sk->sk_prot->get_port(sk, inet->inet_num)) {
		inet->inet_sport = htons(inet->inet_num);

		sk_dst_reset(sk);
		KM_STEP(897,
			"Put the socket in the listening hash, where SYNs will find it.");
		err = sk->sk_prot->hash(sk);

		if (likely(!err))
			return 0;
	}

	KM_STEP(903, "The port could not be had: back to CLOSE, EADDRINUSE.");
	inet_sk_set_state(sk, TCP_CLOSE);
	return err;
}

/* A finished child whose listener is going away: abort and destroy it. */
static void inet_child_forget(struct sock *sk, struct request_sock *req,
			      struct sock *child)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:908",
		"The listener is closing: disconnect (RST) and destroy a child nobody accepted.");
	sk->sk_prot->disconnect(child, O_NONBLOCK);

	sock_orphan(child);

	percpu_counter_inc(sk_prot_orphan_count_km(child));

	inet_csk_destroy_sock(child);
}

struct sock *inet_csk_reqsk_queue_add(struct sock *sk,
				      struct request_sock *req,
				      struct sock *child)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:932",
		"Append the request, now owning its child socket, to the accept queue.");
	struct request_sock_queue *queue = &inet_csk(sk)->icsk_accept_queue;

	spin_lock(&queue->rskq_lock);
	if (unlikely(sk->sk_state != TCP_LISTEN)) {
		inet_child_forget(sk, req, child);
		child = NULL;
	} else {
		req->sk = child;
		req->dl_next = NULL;
		if (queue->rskq_accept_head == NULL)
			queue->rskq_accept_head = req;
		else
			queue->rskq_accept_tail->dl_next = req;
		queue->rskq_accept_tail = req;
		sk_acceptq_added(sk);
	}
	spin_unlock(&queue->rskq_lock);
	return child;
}

struct sock *inet_csk_complete_hashdance(struct sock *sk, struct sock *child,
					 struct request_sock *req, bool own_req)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:957",
		"The child replaced the request in ehash: drop the request's timer and queue the child for accept().");
	if (own_req) {
		inet_csk_reqsk_queue_drop(sk, req);
		reqsk_queue_removed(&inet_csk(sk)->icsk_accept_queue, req);
		KM_STEP(963,
			"Put the child on the listener's accept queue for accept() to take.");
		if (inet_csk_reqsk_queue_add(sk, req, child))
			return child;
	}
	KM_STEP(967,
		"Another path completed this request first: undo our child.");
	bh_unlock_sock(child);
	sock_put(child);
	return NULL;
}

void inet_csk_listen_stop(struct sock *sk)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:977",
		"Closing a listener: abort every connection still waiting in the accept queue.");
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct request_sock_queue *queue = &icsk->icsk_accept_queue;
	struct request_sock *req;

	while ((req = reqsk_queue_remove(queue, sk)) != NULL) {
		struct sock *child = req->sk;

		local_bh_disable();
		bh_lock_sock(child);
		WARN_ON(sock_owned_by_user(child));
		sock_hold(child);

		inet_child_forget(sk, req, child);
		reqsk_put(req);
		bh_unlock_sock(child);
		local_bh_enable();
		sock_put(child);
	}
	WARN_ON_ONCE(sk->sk_ack_backlog);
}

void inet_csk_addr2sockaddr(struct sock *sk, struct sockaddr *uaddr)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:1023",
		"Fill a sockaddr_in with the peer's address and port.");
	struct sockaddr_in *sin = (struct sockaddr_in *)uaddr;
	const struct inet_sock *inet = inet_sk(sk);

	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = inet->inet_daddr;
	sin->sin_port = inet->inet_dport;
}

static struct dst_entry *inet_csk_rebuild_route(struct sock *sk, struct flowi *fl)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:1062",
		"Look the connection's route up again (it now carries any learned PMTU) and keep it in the socket.");
	const struct inet_sock *inet = inet_sk(sk);
	__be32 daddr = inet->inet_daddr;
	struct flowi4 *fl4;
	struct rtable *rt;

	rcu_read_lock();
	/* No IP options in kmirror: no source route to follow. */
	fl4 = &fl->u.ip4;
	rt = ip_route_output_ports(sock_net(sk), fl4, sk, daddr,
				   inet->inet_saddr, inet->inet_dport,
				   inet->inet_sport, sk->sk_protocol,
				   RT_CONN_FLAGS(sk), sk->sk_bound_dev_if);
	if (IS_ERR(rt))
		rt = NULL;
	if (rt)
		sk_setup_caps(sk, &rt->dst);
	rcu_read_unlock();

	/* Linux returns &rt->dst, NULL too since dst is rt's first member. */
	return rt ? &rt->dst : NULL;
}

/*
 * Lower the PMTU of the connection's route to mtu and return the route
 * the socket now holds (a new one if the update made the old obsolete).
 */
struct dst_entry *inet_csk_update_pmtu(struct sock *sk, u32 mtu)
{
	KM_FUNC("net/ipv4/inet_connection_sock.c:1088",
		"Lower the PMTU through the socket's route, then return its (possibly new) route.");
	struct dst_entry *dst = __sk_dst_check(sk, 0);
	struct inet_sock *inet = inet_sk(sk);

	if (!dst) {
		dst = inet_csk_rebuild_route(sk, &inet->cork.fl);
		if (!dst)
			goto out;
	}
	KM_STEP(1098,
		"Ask the route to lower its PMTU (dst_ops->update_pmtu: ip_rt_update_pmtu).");
	dst->ops->update_pmtu(dst, sk, NULL, mtu);

	dst = __sk_dst_check(sk, 0);
	if (!dst) {
		KM_STEP(1102,
			"The old route is obsolete now: rebuild it, which binds the new exception.");
		dst = inet_csk_rebuild_route(sk, &inet->cork.fl);
	}
out:
	return dst;
}
