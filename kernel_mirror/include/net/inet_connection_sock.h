/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/net/inet_connection_sock.h (Linux 5.0.1; struct
 * inet_connection_sock at :91, inet_csk_reset_xmit_timer at :221) — what a
 * connection-oriented socket adds: the accept queue, the bound port bucket,
 * the retransmit and delayed-ACK timers, RTO and backoff, ACK scheduling.
 */
#ifndef _KM_NET_INET_CONNECTION_SOCK_H
#define _KM_NET_INET_CONNECTION_SOCK_H

#include <linux/types.h>
#include <linux/timer.h>
#include <net/inet_sock.h>
#include <net/request_sock.h>
#include <kmirror/trace.h>

struct inet_bind_bucket;
struct tcp_congestion_ops;
struct flowi;

/*
 * The IPv4- or IPv6-specific half of a connection socket: how to send,
 * checksum, route and build child sockets (ipv4_specific for IPv4).
 */
struct inet_connection_sock_af_ops {
	int	    (*queue_xmit)(struct sock *sk, struct sk_buff *skb, struct flowi *fl);
	void	    (*send_check)(struct sock *sk, struct sk_buff *skb);
	int	    (*rebuild_header)(struct sock *sk);
	void	    (*sk_rx_dst_set)(struct sock *sk, const struct sk_buff *skb);
	int	    (*conn_request)(struct sock *sk, struct sk_buff *skb);
	struct sock *(*syn_recv_sock)(const struct sock *sk, struct sk_buff *skb,
				      struct request_sock *req,
				      struct dst_entry *dst,
				      struct request_sock *req_unhash,
				      bool *own_req);
	u16	    net_header_len;
	u16	    net_frag_header_len;
	u16	    sockaddr_len;
	int	    (*setsockopt)(struct sock *sk, int level, int optname,
				  char __user *optval, unsigned int optlen);
	int	    (*getsockopt)(struct sock *sk, int level, int optname,
				  char __user *optval, int __user *optlen);
	void	    (*addr2sockaddr)(struct sock *sk, struct sockaddr *);
	void	    (*mtu_reduced)(struct sock *sk);
};

/*
 * struct inet_connection_sock: an inet_sock plus what connection-oriented
 * protocols (TCP) need. In short:
 *   icsk_accept_queue  listener: connections waiting for accept()
 *   icsk_bind_hash     the bind bucket of our local port
 *   icsk_timeout       when the pending retransmit-timer event is due
 *   icsk_rto           current retransmission timeout, in jiffies
 *   icsk_pmtu_cookie   the path MTU the MSS was last computed for
 *   icsk_ca_ops        congestion control algorithm (cubic by default)
 *   icsk_af_ops        IPv4/IPv6-specific operations
 *   icsk_retransmits   RTO expiries since data was last acknowledged
 *   icsk_pending       which ICSK_TIME_* event the retransmit timer is for
 *   icsk_backoff       exponent of the RTO backoff
 *   icsk_syn_retries   per-socket SYN retry limit (TCP_SYNCNT), 0 = sysctl
 *   icsk_probes_out    zero-window probes sent without an answer
 *   icsk_ext_hdr_len   length of IP options
 *   icsk_ack           delayed-ACK state
 *   icsk_mtup          path-MTU probing state
 */
struct inet_connection_sock {
	/* first, so a sock pointer can be cast to this struct */
	struct inet_sock	  icsk_inet;
	struct request_sock_queue icsk_accept_queue;
	struct inet_bind_bucket	  *icsk_bind_hash;
	unsigned long		  icsk_timeout;
	struct timer_list	  icsk_retransmit_timer;
	struct timer_list	  icsk_delack_timer;
	__u32			  icsk_rto;
	__u32			  icsk_pmtu_cookie;
	const struct tcp_congestion_ops *icsk_ca_ops;
	const struct inet_connection_sock_af_ops *icsk_af_ops;
	unsigned int		  (*icsk_sync_mss)(struct sock *sk, u32 pmtu);
	__u8			  icsk_ca_state:6,
				  icsk_ca_setsockopt:1,
				  icsk_ca_dst_locked:1;
	__u8			  icsk_retransmits;
	__u8			  icsk_pending;
	__u8			  icsk_backoff;
	__u8			  icsk_syn_retries;
	__u8			  icsk_probes_out;
	__u16			  icsk_ext_hdr_len;
	struct {
		__u8		  pending;	 /* ICSK_ACK_* bits: an ACK is owed */
		__u8		  quick;	 /* ACKs still to send without delay */
		__u8		  pingpong;	 /* request/response traffic: delay ACKs */
		__u8		  blocked;	 /* delack timer fired while user held the lock */
		__u32		  ato;		 /* current delayed-ACK timeout */
		unsigned long	  timeout;	 /* when the delack timer is due */
		__u32		  lrcvtime;	 /* jiffies of the last data received */
		__u16		  last_seg_size; /* payload length of the last segment */
		__u16		  rcv_mss;	 /* estimate of the peer's MSS, for ACK pacing */
	} icsk_ack;
	struct {
		int		  enabled;

		/* bounds of the MTU binary search */
		int		  search_high;
		int		  search_low;

		/* size of the probe in flight, 0 if none */
		int		  probe_size;

		u32		  probe_timestamp;
	} icsk_mtup;
	u32			  icsk_user_timeout;

	u64			  icsk_ca_priv[88 / sizeof(u64)];
#define ICSK_CA_PRIV_SIZE      (11 * sizeof(u64))
};

/* What a timer is armed for (icsk_pending / inet_csk_reset_xmit_timer()). */
#define ICSK_TIME_RETRANS	1	/* RTO: resend unacknowledged data */
#define ICSK_TIME_DACK		2	/* send a delayed ACK */
#define ICSK_TIME_PROBE0	3	/* probe a zero receive window */
#define ICSK_TIME_EARLY_RETRANS 4	/* early retransmit */
#define ICSK_TIME_LOSS_PROBE	5	/* TLP: send a tail loss probe */
#define ICSK_TIME_REO_TIMEOUT	6	/* RACK reordering window ended */

static inline struct inet_connection_sock *inet_csk(const struct sock *sk)
{
	return (struct inet_connection_sock *)sk;
}

static inline void *inet_csk_ca(const struct sock *sk)
{
	return (void *)inet_csk(sk)->icsk_ca_priv;
}

struct sock *inet_csk_clone_lock(const struct sock *sk,
				 const struct request_sock *req,
				 const gfp_t priority);

enum inet_csk_ack_state_t {
	ICSK_ACK_SCHED	= 1,
	ICSK_ACK_TIMER  = 2,
	ICSK_ACK_PUSHED = 4,
	ICSK_ACK_PUSHED2 = 8,
	ICSK_ACK_NOW = 16	/* ACK the next segment at once, one time */
};

void inet_csk_init_xmit_timers(struct sock *sk,
			       void (*retransmit_handler)(struct timer_list *),
			       void (*delack_handler)(struct timer_list *),
			       void (*keepalive_handler)(struct timer_list *));
void inet_csk_clear_xmit_timers(struct sock *sk);

static inline void inet_csk_schedule_ack(struct sock *sk)
{
	inet_csk(sk)->icsk_ack.pending |= ICSK_ACK_SCHED;
}

static inline int inet_csk_ack_scheduled(const struct sock *sk)
{
	return inet_csk(sk)->icsk_ack.pending & ICSK_ACK_SCHED;
}

static inline void inet_csk_delack_init(struct sock *sk)
{
	memset(&inet_csk(sk)->icsk_ack, 0, sizeof(inet_csk(sk)->icsk_ack));
}

void inet_csk_delete_keepalive_timer(struct sock *sk);
void inet_csk_reset_keepalive_timer(struct sock *sk, unsigned long timeout);

void sk_reset_timer(struct sock *sk, struct timer_list *timer,
		    unsigned long expires);
void sk_stop_timer(struct sock *sk, struct timer_list *timer);

static inline void inet_csk_clear_xmit_timer(struct sock *sk, const int what)
{
	struct inet_connection_sock *icsk = inet_csk(sk);

	if (what == ICSK_TIME_RETRANS || what == ICSK_TIME_PROBE0) {
		icsk->icsk_pending = 0;
	} else if (what == ICSK_TIME_DACK) {
		icsk->icsk_ack.blocked = icsk->icsk_ack.pending = 0;
	}
}

#define TCP_RTO_MAX_KM	((unsigned)(120*HZ))

static inline void inet_csk_reset_xmit_timer(struct sock *sk, const int what,
					     unsigned long when,
					     const unsigned long max_when)
{
	KM_FUNC("include/net/inet_connection_sock.h:221",
		"Arm the retransmit (or delayed-ACK) timer of this socket.");
	struct inet_connection_sock *icsk = inet_csk(sk);

	if (when > max_when) {
		when = max_when;
	}

	if (what == ICSK_TIME_RETRANS || what == ICSK_TIME_PROBE0 ||
	    what == ICSK_TIME_EARLY_RETRANS || what == ICSK_TIME_LOSS_PROBE ||
	    what == ICSK_TIME_REO_TIMEOUT) {
		KM_STEP(236,
			"Remember which event is pending and when it is due, then arm the retransmit timer.");
		icsk->icsk_pending = what;
		icsk->icsk_timeout = jiffies + when;
		sk_reset_timer(sk, &icsk->icsk_retransmit_timer, icsk->icsk_timeout);
	} else if (what == ICSK_TIME_DACK) {
		KM_STEP(240,
			"Mark the delayed ACK as armed and start the delayed-ACK timer.");
		icsk->icsk_ack.pending |= ICSK_ACK_TIMER;
		icsk->icsk_ack.timeout = jiffies + when;
		sk_reset_timer(sk, &icsk->icsk_delack_timer, icsk->icsk_ack.timeout);
	}
}

static inline unsigned long
inet_csk_rto_backoff(const struct inet_connection_sock *icsk,
		     unsigned long max_when)
{
	u64 when = (u64)icsk->icsk_rto << icsk->icsk_backoff;

	return (unsigned long)min_t(u64, when, max_when);
}

struct sock *inet_csk_accept(struct sock *sk, int flags, int *err, bool kern);

int inet_csk_bind_conflict(const struct sock *sk,
			   const struct inet_bind_bucket *tb, bool relax,
			   bool soreuseport_ok);
int inet_csk_get_port(struct sock *sk, unsigned short snum);
int inet_rcv_saddr_equal(const struct sock *sk, const struct sock *sk2,
			 bool match_wildcard);
int inet_rtx_syn_ack(const struct sock *parent, struct request_sock *req);

struct dst_entry *inet_csk_route_req(const struct sock *sk, struct flowi4 *fl4,
				     const struct request_sock *req);
struct dst_entry *inet_csk_route_child_sock(const struct sock *sk,
					    struct sock *newsk,
					    const struct request_sock *req);

struct sock *inet_csk_reqsk_queue_add(struct sock *sk,
				      struct request_sock *req,
				      struct sock *child);
void inet_csk_reqsk_queue_hash_add(struct sock *sk, struct request_sock *req,
				   unsigned long timeout);
struct sock *inet_csk_complete_hashdance(struct sock *sk, struct sock *child,
					 struct request_sock *req,
					 bool own_req);

static inline void inet_csk_reqsk_queue_added(struct sock *sk)
{
	reqsk_queue_added(&inet_csk(sk)->icsk_accept_queue);
}

static inline int inet_csk_reqsk_queue_len(const struct sock *sk)
{
	return reqsk_queue_len(&inet_csk(sk)->icsk_accept_queue);
}

static inline int inet_csk_reqsk_queue_is_full(const struct sock *sk)
{
	return inet_csk_reqsk_queue_len(sk) >= sk->sk_max_ack_backlog;
}

bool inet_csk_reqsk_queue_drop(struct sock *sk, struct request_sock *req);
void inet_csk_reqsk_queue_drop_and_put(struct sock *sk, struct request_sock *req);

void inet_csk_destroy_sock(struct sock *sk);
void inet_csk_prepare_forced_close(struct sock *sk);

/* A listener is readable when a connection waits in its accept queue. */
static inline __poll_t inet_csk_listen_poll(const struct sock *sk)
{
	return !reqsk_queue_empty(&inet_csk(sk)->icsk_accept_queue) ?
			(0x0001 | 0x0040) : 0;	/* EPOLLIN | EPOLLRDNORM */
}

int inet_csk_listen_start(struct sock *sk, int backlog);
void inet_csk_listen_stop(struct sock *sk);

void inet_csk_addr2sockaddr(struct sock *sk, struct sockaddr *uaddr);
struct dst_entry *inet_csk_update_pmtu(struct sock *sk, u32 mtu);

static inline void inet_csk_enter_pingpong_mode_km(struct sock *sk)
{
	inet_csk(sk)->icsk_ack.pingpong = 1;
}

#endif
