/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/net/sock.h (Linux 5.0.1: struct sock_common at
 * include/net/sock.h:152, struct sock at :327, struct proto at :1053).
 *
 * The network-layer socket. `struct sock` starts with `struct sock_common`
 * (the part shared with request and timewait sockets); the kernel's sk_*
 * names for the skc_* fields are the same #defines as in Linux.
 *
 * Fields are those the socket()/connect()/accept() paths use, in the
 * kernel's order; members for features kmirror does not model (cgroups,
 * BPF filters, zerocopy, memory cgroups, busy polling) are left out.
 */
#ifndef _KM_NET_SOCK_H
#define _KM_NET_SOCK_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/refcount.h>
#include <linux/skbuff.h>
#include <linux/wait.h>
#include <linux/timer.h>
#include <linux/net.h>
#include <linux/sched.h>
#include <linux/cred.h>
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <uapi/linux/in.h>
#include <net/net_namespace.h>
#include <net/dst.h>
#include <kmirror/trace.h>

struct proto;
struct inet_hashinfo;
struct udp_table;
struct raw_hashinfo;
struct request_sock_ops;
struct timewait_sock_ops;
struct percpu_counter;
struct msghdr;

typedef __u32 __bitwise __portpair;
typedef __u64 __bitwise __addrpair;
typedef u64 netdev_features_t;

typedef struct {
	struct net *net;
} possible_net_t;

/*
 * socket_lock_t: a spinlock for softirq code plus an "owned" flag that
 * process context sets while it works on the socket (lock_sock()).
 */
typedef struct {
	spinlock_t		slock;
	int			owned;
	wait_queue_head_t	wq;
} socket_lock_t;

/*
 * struct sock_common: the head shared by full sockets, request socks and
 * timewait socks (addresses, ports, state, hash links, refcount).
 */
struct sock_common {
	union {
		__addrpair	skc_addrpair;
		struct {
			__be32	skc_daddr;
			__be32	skc_rcv_saddr;
		};
	};
	union  {
		unsigned int	skc_hash;
		__u16		skc_u16hashes[2];
	};
	/* both ports in one word: lookups compare them together */
	union {
		__portpair	skc_portpair;
		struct {
			__be16	skc_dport;
			__u16	skc_num;
		};
	};

	unsigned short		skc_family;
	volatile unsigned char	skc_state;
	unsigned char		skc_reuse:4;
	unsigned char		skc_reuseport:1;
	unsigned char		skc_ipv6only:1;
	unsigned char		skc_net_refcnt:1;
	int			skc_bound_dev_if;
	union {
		struct hlist_node	skc_bind_node;
		struct hlist_node	skc_portaddr_node;
	};
	struct proto		*skc_prot;
	possible_net_t		skc_net;

	u64			skc_cookie;

	union {
		unsigned long	skc_flags;
		struct sock	*skc_listener; /* used by a request sock */
		struct inet_timewait_death_row *skc_tw_dr; /* used by a timewait sock */
	};
	/* sock_copy() skips the members from here to skc_dontcopy_end */
	int			skc_dontcopy_begin[0];
	union {
		struct hlist_node	skc_node;
		struct hlist_nulls_node skc_nulls_node;
	};
	unsigned short		skc_tx_queue_mapping;
	unsigned short		skc_rx_queue_mapping;
	union {
		int		skc_incoming_cpu;
		u32		skc_rcv_wnd;
		u32		skc_tw_rcv_nxt; /* used by a TCP timewait sock */
	};

	refcount_t		skc_refcnt;
	int                     skc_dontcopy_end[0];
	union {
		u32		skc_rxhash;
		u32		skc_window_clamp;
		u32		skc_tw_snd_nxt; /* used by a TCP timewait sock */
	};
};

struct sock {
	/* must stay first: timewait and request socks share this head */
	struct sock_common	__sk_common;
#define sk_node			__sk_common.skc_node
#define sk_nulls_node		__sk_common.skc_nulls_node
#define sk_refcnt		__sk_common.skc_refcnt
#define sk_tx_queue_mapping	__sk_common.skc_tx_queue_mapping
#define sk_rx_queue_mapping	__sk_common.skc_rx_queue_mapping

#define sk_dontcopy_begin	__sk_common.skc_dontcopy_begin
#define sk_dontcopy_end		__sk_common.skc_dontcopy_end
#define sk_hash			__sk_common.skc_hash
#define sk_portpair		__sk_common.skc_portpair
#define sk_num			__sk_common.skc_num
#define sk_dport		__sk_common.skc_dport
#define sk_addrpair		__sk_common.skc_addrpair
#define sk_daddr		__sk_common.skc_daddr
#define sk_rcv_saddr		__sk_common.skc_rcv_saddr
#define sk_family		__sk_common.skc_family
#define sk_state		__sk_common.skc_state
#define sk_reuse		__sk_common.skc_reuse
#define sk_reuseport		__sk_common.skc_reuseport
#define sk_ipv6only		__sk_common.skc_ipv6only
#define sk_net_refcnt		__sk_common.skc_net_refcnt
#define sk_bound_dev_if		__sk_common.skc_bound_dev_if
#define sk_bind_node		__sk_common.skc_bind_node
#define sk_prot			__sk_common.skc_prot
#define sk_net			__sk_common.skc_net
#define sk_cookie		__sk_common.skc_cookie
#define sk_incoming_cpu		__sk_common.skc_incoming_cpu
#define sk_flags		__sk_common.skc_flags
#define sk_rxhash		__sk_common.skc_rxhash

	socket_lock_t		sk_lock;
	atomic_t		sk_drops;
	int			sk_rcvlowat;
	struct sk_buff_head	sk_error_queue;
	struct sk_buff_head	sk_receive_queue;
	/*
	 * Packets that arrive while a process owns the socket wait here;
	 * release_sock() feeds them to sk_backlog_rcv. A plain head/tail
	 * list, touched only under sk_lock.slock.
	 */
	struct {
		atomic_t	rmem_alloc;
		int		len;
		struct sk_buff	*head;
		struct sk_buff	*tail;
	} sk_backlog;
#define sk_rmem_alloc sk_backlog.rmem_alloc

	int			sk_forward_alloc;
	int			sk_rcvbuf;

	union {
		struct socket_wq	*sk_wq;
		struct socket_wq	*sk_wq_raw;
	};
	struct dst_entry	*sk_rx_dst;
	struct dst_entry	*sk_dst_cache;
	atomic_t		sk_omem_alloc;
	int			sk_sndbuf;

	/* -- members mostly used when sending -- */
	int			sk_wmem_queued;
	refcount_t		sk_wmem_alloc;
	unsigned long		sk_tsq_flags;
	union {
		struct sk_buff	*sk_send_head;
		struct rb_root	tcp_rtx_queue;
	};
	struct sk_buff_head	sk_write_queue;
	__s32			sk_peek_off;
	int			sk_write_pending;
	__u32			sk_dst_pending_confirm;
	u32			sk_pacing_status; /* an enum sk_pacing value */
	long			sk_sndtimeo;
	struct timer_list	sk_timer;
	__u32			sk_priority;
	__u32			sk_mark;
	unsigned long		sk_pacing_rate; /* in bytes/s */
	unsigned long		sk_max_pacing_rate;
	netdev_features_t	sk_route_caps;
	netdev_features_t	sk_route_nocaps;
	int			sk_gso_type;
	unsigned int		sk_gso_max_size;
	gfp_t			sk_allocation;
	__u32			sk_txhash;

	unsigned int		sk_padding : 1,
				sk_kern_sock : 1,
				sk_no_check_tx : 1,
				sk_no_check_rx : 1,
				sk_userlocks : 4,
				sk_protocol  : 8,
				sk_type      : 16;
#define SK_PROTOCOL_MAX U8_MAX
	u16			sk_gso_max_segs;
	u8			sk_pacing_shift;
	unsigned long	        sk_lingertime;
	struct proto		*sk_prot_creator;
	rwlock_t		sk_callback_lock;
	int			sk_err,
				sk_err_soft;
	u32			sk_ack_backlog;
	u32			sk_max_ack_backlog;
	kuid_t			sk_uid;
	long			sk_rcvtimeo;
	ktime_t			sk_stamp;
	u16			sk_tsflags;
	u8			sk_shutdown;
	u32			sk_tskey;

	struct socket		*sk_socket;
	void			*sk_user_data;

	void			(*sk_state_change)(struct sock *sk);
	void			(*sk_data_ready)(struct sock *sk);
	void			(*sk_write_space)(struct sock *sk);
	void			(*sk_error_report)(struct sock *sk);
	int			(*sk_backlog_rcv)(struct sock *sk,
						  struct sk_buff *skb);
	void                    (*sk_destruct)(struct sock *sk);
	struct rcu_head		sk_rcu;
};

enum sk_pacing {
	SK_PACING_NONE		= 0,
	SK_PACING_NEEDED	= 1,
	SK_PACING_FQ		= 2,
};

#define SOCK_SNDBUF_LOCK	1
#define SOCK_RCVBUF_LOCK	2
#define SOCK_BINDADDR_LOCK	4
#define SOCK_BINDPORT_LOCK	8

#define SK_NO_REUSE	0
#define SK_CAN_REUSE	1
#define SK_FORCE_REUSE	2

#define SHUTDOWN_MASK	3
#define RCV_SHUTDOWN	1
#define SEND_SHUTDOWN	2

/* Bit numbers in sk->sk_flags (sock_set_flag() / sock_flag()). */
enum sock_flags {
	SOCK_DEAD,
	SOCK_DONE,
	SOCK_URGINLINE,
	SOCK_KEEPOPEN,
	SOCK_LINGER,
	SOCK_DESTROY,
	SOCK_BROADCAST,
	SOCK_TIMESTAMP,
	SOCK_ZAPPED,
	SOCK_USE_WRITE_QUEUE, /* set: sock_wfree() leaves sk_write_space to the protocol */
	SOCK_DBG, /* SO_DEBUG */
	SOCK_RCVTSTAMP, /* SO_TIMESTAMP */
	SOCK_RCVTSTAMPNS, /* SO_TIMESTAMPNS */
	SOCK_LOCALROUTE, /* SO_DONTROUTE: no gateways */
	SOCK_QUEUE_SHRUNK, /* the write queue shrank; writers may need a wake-up */
	SOCK_MEMALLOC, /* socket used for swap (not modelled) */
	SOCK_TIMESTAMPING_RX_SOFTWARE,  /* SOF_TIMESTAMPING_RX_SOFTWARE */
	SOCK_FASYNC, /* an O_ASYNC/fasync user is registered */
	SOCK_RXQ_OVFL,
	SOCK_ZEROCOPY, /* SO_ZEROCOPY */
	SOCK_WIFI_STATUS, /* SO_WIFI_STATUS */
	SOCK_NOFCS, /* SO_NOFCS */
	SOCK_FILTER_LOCKED, /* SO_LOCK_FILTER */
	SOCK_SELECT_ERR_QUEUE, /* SO_SELECT_ERR_QUEUE */
	SOCK_RCU_FREE, /* free only after an RCU grace period */
	SOCK_TXTIME,
};

/* Defaults of the core sysctls (net/core/sock.c). */
#define SK_WMEM_MAX		212992
#define SK_RMEM_MAX		212992
#define SOCK_MIN_SNDBUF		4608
#define SOCK_MIN_RCVBUF		2304

/* struct proto: one protocol's operations (tcp_prot, udp_prot, ...). */
struct proto {
	void			(*close)(struct sock *sk,
					long timeout);
	int			(*pre_connect)(struct sock *sk,
					struct sockaddr *uaddr,
					int addr_len);
	int			(*connect)(struct sock *sk,
					struct sockaddr *uaddr,
					int addr_len);
	int			(*disconnect)(struct sock *sk, int flags);

	struct sock *		(*accept)(struct sock *sk, int flags, int *err,
					  bool kern);

	int			(*ioctl)(struct sock *sk, int cmd,
					 unsigned long arg);
	int			(*init)(struct sock *sk);
	void			(*destroy)(struct sock *sk);
	void			(*shutdown)(struct sock *sk, int how);
	int			(*setsockopt)(struct sock *sk, int level,
					int optname, char __user *optval,
					unsigned int optlen);
	int			(*getsockopt)(struct sock *sk, int level,
					int optname, char __user *optval,
					int __user *option);
	void			(*keepalive)(struct sock *sk, int valbool);
	int			(*sendmsg)(struct sock *sk, struct msghdr *msg,
					   size_t len);
	int			(*recvmsg)(struct sock *sk, struct msghdr *msg,
					   size_t len, int noblock, int flags,
					   int *addr_len);
	int			(*bind)(struct sock *sk,
					struct sockaddr *uaddr, int addr_len);

	int			(*backlog_rcv) (struct sock *sk,
						struct sk_buff *skb);

	void		(*release_cb)(struct sock *sk);

	/* hash tables and local port choice */
	int			(*hash)(struct sock *sk);
	void			(*unhash)(struct sock *sk);
	void			(*rehash)(struct sock *sk);
	int			(*get_port)(struct sock *sk, unsigned short snum);

	bool			(*stream_memory_free)(const struct sock *sk);

	int			*sysctl_wmem;
	int			*sysctl_rmem;
	u32			sysctl_wmem_offset;
	u32			sysctl_rmem_offset;

	int			max_header;
	bool			no_autobind;

	unsigned int		obj_size;
	unsigned int		slab_flags;

	struct request_sock_ops	*rsk_prot;
	struct timewait_sock_ops *twsk_prot;

	/*
	 * kmirror: in Linux, h.hashinfo / h.udp_table point at global tables.
	 * Tables are per host here, so the proto says which one it uses and
	 * sk_prot_hashinfo() etc. (runtime) find the running host's copy.
	 */
	int			km_table;	/* enum km_proto_table */

	char			name[32];
};

enum km_proto_table {
	KM_TABLE_NONE,
	KM_TABLE_TCP,		/* tcp_hashinfo */
	KM_TABLE_UDP,		/* udp_table */
	KM_TABLE_RAW,		/* raw_v4_hashinfo */
	KM_TABLE_PING,		/* ping_table */
};

int proto_register(struct proto *prot, int alloc_slab);
void proto_unregister(struct proto *prot);
/* kmirror: the running host's slab cache for prot->obj_size objects. */
struct kmem_cache *km_proto_slab(const struct proto *prot);
struct inet_hashinfo *sk_prot_hashinfo(const struct sock *sk);
struct percpu_counter *sk_prot_orphan_count_km(const struct sock *sk);
void __release_sock(struct sock *sk);

/* ---- netns ---- */
static inline struct net *sock_net(const struct sock *sk)
{
	return sk->sk_net.net;
}

static inline void sock_net_set(struct sock *sk, struct net *net)
{
	sk->sk_net.net = net;
}

static inline struct net *read_pnet(const possible_net_t *pnet)
{
	return pnet->net;
}

static inline void write_pnet(possible_net_t *pnet, struct net *net)
{
	pnet->net = net;
}

/* ---- flags ---- */
static inline void sock_set_flag(struct sock *sk, enum sock_flags flag)
{
	sk->sk_flags |= 1UL << flag;
}

static inline void sock_reset_flag(struct sock *sk, enum sock_flags flag)
{
	sk->sk_flags &= ~(1UL << flag);
}

static inline void sock_valbool_flag(struct sock *sk, enum sock_flags bit,
				     int valbool)
{
	if (valbool)
		sock_set_flag(sk, bit);
	else
		sock_reset_flag(sk, bit);
}

static inline bool sock_flag(const struct sock *sk, enum sock_flags flag)
{
	return (sk->sk_flags >> flag) & 1UL;
}

/* ---- refcounts ---- */
static inline void sock_hold(struct sock *sk)
{
	refcount_inc(&sk->sk_refcnt);
}

/* Drop a reference the caller knows is not the last one. */
static inline void __sock_put(struct sock *sk)
{
	refcount_dec(&sk->sk_refcnt);
}

void sk_free(struct sock *sk);
void sk_destruct(struct sock *sk);
void sk_free_unlock_clone(struct sock *sk);
void sock_gen_put(struct sock *sk);

/* Drop a reference; the last one frees the sock. */
static inline void sock_put(struct sock *sk)
{
	if (refcount_dec_and_test(&sk->sk_refcnt))
		sk_free(sk);
}

/* ---- hash-table membership ---- */
static inline bool sk_unhashed(const struct sock *sk)
{
	return hlist_unhashed(&sk->sk_node);
}

static inline bool sk_hashed(const struct sock *sk)
{
	return !sk_unhashed(sk);
}

static inline void sk_node_init(struct hlist_node *node)
{
	node->pprev = NULL;
}

static inline void __sk_del_node(struct sock *sk)
{
	__hlist_del(&sk->sk_node);
}

static inline bool __sk_del_node_init(struct sock *sk)
{
	if (sk_hashed(sk)) {
		__sk_del_node(sk);
		sk_node_init(&sk->sk_node);
		return true;
	}
	return false;
}

static inline bool sk_del_node_init(struct sock *sk)
{
	bool rc = __sk_del_node_init(sk);

	if (rc) {
		/* a hashed sock is never freed by unhashing it */
		WARN_ON(refcount_read(&sk->sk_refcnt) == 1);
		__sock_put(sk);
	}
	return rc;
}

static inline void __sk_add_node(struct sock *sk, struct hlist_head *list)
{
	hlist_add_head(&sk->sk_node, list);
}

static inline void sk_add_node(struct sock *sk, struct hlist_head *list)
{
	sock_hold(sk);
	__sk_add_node(sk, list);
}

static inline void __sk_add_bind_node(struct sock *sk, struct hlist_head *list)
{
	hlist_add_head(&sk->sk_bind_node, list);
}

#define sk_add_bind_node __sk_add_bind_node

/*
 * The first sock of a list linked through sk_node. Note that Linux 5.0's
 * __inet_hash_connect() applies this to a bind bucket's owners list, which
 * is linked through sk_bind_node: the result is never the socket, so that
 * "sole owner" fast path is never taken (fixed in Linux 5.17). kmirror
 * keeps the 5.0 behaviour.
 */
static inline struct sock *__sk_head(const struct hlist_head *head)
{
	return hlist_entry(head->first, struct sock, sk_node);
}

static inline struct sock *sk_head(const struct hlist_head *head)
{
	return hlist_empty(head) ? NULL : __sk_head(head);
}

static inline void __sk_del_bind_node(struct sock *sk)
{
	__hlist_del(&sk->sk_bind_node);
}

#define sk_for_each(__sk, list) \
	hlist_for_each_entry(__sk, list, sk_node)
#define sk_for_each_bound(__sk, list) \
	hlist_for_each_entry(__sk, list, sk_bind_node)

/* The established table uses "nulls" lists (see linux/list.h). */
#define sk_nulls_for_each(__sk, node, list) \
	hlist_nulls_for_each_entry(__sk, node, list, sk_nulls_node)
#define sk_nulls_for_each_rcu sk_nulls_for_each

static inline void __sk_nulls_add_node_rcu(struct sock *sk,
					   struct hlist_nulls_head *list)
{
	hlist_nulls_add_head(&sk->sk_nulls_node, list);
}

static inline void sk_nulls_add_node_rcu(struct sock *sk,
					 struct hlist_nulls_head *list)
{
	sock_hold(sk);
	__sk_nulls_add_node_rcu(sk, list);
}

static inline bool __sk_nulls_del_node_init_rcu(struct sock *sk)
{
	if (sk_hashed(sk)) {
		hlist_nulls_del_init(&sk->sk_nulls_node);
		return true;
	}
	return false;
}

static inline bool sk_nulls_del_node_init_rcu(struct sock *sk)
{
	bool rc = __sk_nulls_del_node_init_rcu(sk);

	if (rc) {
		/* the table held a reference; it must not be the last one */
		WARN_ON(refcount_read(&sk->sk_refcnt) == 1);
		__sock_put(sk);
	}
	return rc;
}

/* Linux counts sockets per protocol for /proc/net/sockstat; so do we. */
void sock_prot_inuse_add(struct net *net, struct proto *prot, int val);
int sock_prot_inuse_get(struct net *net, struct proto *prot);

static inline bool sk_fullsock(const struct sock *sk);

/* ---- locking: the owner flag and the backlog ---- */
void lock_sock_nested(struct sock *sk, int subclass);

static inline void lock_sock(struct sock *sk)
{
	lock_sock_nested(sk, 0);
}

void release_sock(struct sock *sk);

/* Softirq side: take only the spinlock, never the owner flag. */
#define bh_lock_sock(__sk)	spin_lock(&((__sk)->sk_lock.slock))
#define bh_lock_sock_nested(__sk) spin_lock(&((__sk)->sk_lock.slock))
#define bh_unlock_sock(__sk)	spin_unlock(&((__sk)->sk_lock.slock))

static inline bool sock_owned_by_user(const struct sock *sk)
{
	return sk->sk_lock.owned;
}

static inline bool sock_owned_by_user_nocheck(const struct sock *sk)
{
	return sk->sk_lock.owned;
}

static inline bool sock_allow_reclassification(const struct sock *csk)
{
	return !sk_fullsock(csk) || !sock_owned_by_user(csk);
}

/* Append skb to the backlog list (the caller holds the spinlock). */
static inline void __sk_add_backlog(struct sock *sk, struct sk_buff *skb)
{
	skb->next = NULL;
	if (!sk->sk_backlog.tail)
		sk->sk_backlog.head = skb;
	else
		sk->sk_backlog.tail->next = skb;

	sk->sk_backlog.tail = skb;
}

static inline bool sk_rcvqueues_full(const struct sock *sk, unsigned int limit)
{
	unsigned int qsize = sk->sk_backlog.len + atomic_read(&sk->sk_rmem_alloc);

	return qsize > limit;
}

static inline int sk_add_backlog(struct sock *sk, struct sk_buff *skb,
				 unsigned int limit)
{
	if (sk_rcvqueues_full(sk, limit))
		return -ENOBUFS;

	__sk_add_backlog(sk, skb);
	sk->sk_backlog.len += skb->truesize;
	return 0;
}

int __sk_backlog_rcv(struct sock *sk, struct sk_buff *skb);

static inline int sk_backlog_rcv(struct sock *sk, struct sk_buff *skb)
{
	return sk->sk_backlog_rcv(sk, skb);
}

/* ---- wait queue and wakeups ---- */
static inline wait_queue_head_t *sk_sleep(struct sock *sk)
{
	BUILD_BUG_ON(offsetof(struct socket_wq, wait) != 0);
	return &sk->sk_wq->wait;
}

static inline void sk_wake_async(const struct sock *sk, int how, int band)
{
	if (sock_flag(sk, SOCK_FASYNC))
		sock_wake_async(sk->sk_wq, how, band);
}

/* sock_wake_async() how / band (include/linux/net.h, uapi/asm-generic/siginfo.h) */
#define SOCK_WAKE_IO	0
#define SOCK_WAKE_WAITD	1
#define SOCK_WAKE_SPACE	2
#define SOCK_WAKE_URG	3
#define POLL_IN		1
#define POLL_OUT	2
#define POLL_ERR	4
#define POLL_HUP	6

static inline long sock_rcvtimeo(const struct sock *sk, bool noblock)
{
	return noblock ? 0 : sk->sk_rcvtimeo;
}

/* How many bytes a read waits for: SO_RCVLOWAT, or all with MSG_WAITALL. */
static inline int sock_rcvlowat(const struct sock *sk, int waitall, int len)
{
	int v = waitall ? len : min_t(int, READ_ONCE(sk->sk_rcvlowat), len);

	return v ?: 1;
}

/* A read skb is used up: unlink and free it (include/net/sock.h:2426). */
static inline void sk_eat_skb(struct sock *sk, struct sk_buff *skb)
{
	__skb_unlink(skb, &sk->sk_receive_queue);
	__kfree_skb(skb);
}

/*
 * sk_wait_event (include/net/sock.h:995): drop the socket lock, sleep
 * until woken or the timeout ends unless the condition already holds,
 * take the lock again and answer the condition.
 */
#define sk_wait_event(__sk, __timeo, __condition, __wait)		\
	({	int __rc;						\
		release_sock(__sk);					\
		__rc = __condition;					\
		if (!__rc) {						\
			*(__timeo) = wait_woken(__wait,			\
						TASK_INTERRUPTIBLE,	\
						*(__timeo));		\
		}							\
		lock_sock(__sk);					\
		__rc = __condition;					\
		__rc;							\
	})

int sk_wait_data(struct sock *sk, long *timeo, const struct sk_buff *skb);
int sk_stream_wait_connect(struct sock *sk, long *timeo_p);
int sk_stream_wait_memory(struct sock *sk, long *timeo_p);
int sk_stream_error(struct sock *sk, int flags, int err);

static inline long sock_sndtimeo(const struct sock *sk, bool noblock)
{
	return noblock ? 0 : sk->sk_sndtimeo;
}

/*
 * A signal during a wait: only an infinite wait may be restarted
 * (-ERESTARTSYS); one with a timeout returns -EINTR.
 */
static inline int sock_intr_errno(long timeo)
{
	return timeo == MAX_SCHEDULE_TIMEOUT ? -ERESTARTSYS : -EINTR;
}

/* Read and clear the pending error, as SO_ERROR and connect() do. */
static inline int sock_error(struct sock *sk)
{
	int err;

	if (likely(!sk->sk_err))
		return 0;
	err = sk->sk_err;
	sk->sk_err = 0;
	return -err;
}

/* ---- the socket <-> sock links ---- */
static inline void sk_set_socket(struct sock *sk, struct socket *sock)
{
	sk->sk_socket = sock;
}

/* The struct socket is going away: mark the sock dead and unlink it. */
static inline void sock_orphan(struct sock *sk)
{
	sock_set_flag(sk, SOCK_DEAD);
	sk_set_socket(sk, NULL);
	sk->sk_wq  = NULL;
}

static inline void sock_graft(struct sock *sk, struct socket *parent)
{
	WARN_ON(parent->sk);
	sk->sk_wq = parent->wq;
	parent->sk = sk;
	sk_set_socket(sk, parent);
	sk->sk_uid = make_kuid_km(0);
}

kuid_t sock_i_uid(struct sock *sk);
unsigned long sock_i_ino(struct sock *sk);

static inline kuid_t sock_net_uid(const struct net *net, const struct sock *sk)
{
	return sk ? sk->sk_uid : make_kuid_km(0);
}

/* ---- the route cache ---- */
static inline struct dst_entry *__sk_dst_get(struct sock *sk)
{
	return sk->sk_dst_cache;
}

static inline struct dst_entry *sk_dst_get(struct sock *sk)
{
	struct dst_entry *dst = sk->sk_dst_cache;

	if (dst)
		dst_hold(dst);
	return dst;
}

static inline void __sk_dst_set(struct sock *sk, struct dst_entry *dst)
{
	struct dst_entry *old_dst = sk->sk_dst_cache;

	sk->sk_tx_queue_mapping = 0xffff;
	sk->sk_dst_pending_confirm = 0;
	sk->sk_dst_cache = dst;
	dst_release(old_dst);
}

/* Tell the neighbour layer the path works (no neighbour layer here). */
static inline void sk_dst_confirm(struct sock *sk)
{
	(void)sk;
}

static inline void sk_dst_set(struct sock *sk, struct dst_entry *dst)
{
	__sk_dst_set(sk, dst);
}

static inline void __sk_dst_reset(struct sock *sk)
{
	__sk_dst_set(sk, NULL);
}

static inline void sk_dst_reset(struct sock *sk)
{
	sk_dst_set(sk, NULL);
}

struct dst_entry *__sk_dst_check(struct sock *sk, u32 cookie);
struct dst_entry *sk_dst_check(struct sock *sk, u32 cookie);

void sk_setup_caps(struct sock *sk, struct dst_entry *dst);

static inline void sk_tx_queue_clear(struct sock *sk)
{
	sk->sk_tx_queue_mapping = 0xffff;
}

static inline void sk_rx_queue_clear(struct sock *sk)
{
	sk->sk_rx_queue_mapping = 0xffff;
}

u32 km_net_tx_rndhash(void);

static inline void sk_set_txhash(struct sock *sk)
{
	sk->sk_txhash = km_net_tx_rndhash();
}

static inline void sk_rethink_txhash(struct sock *sk)
{
	if (sk->sk_txhash)
		sk_set_txhash(sk);
}

/*
 * Retransmissions keep timing out: pick a new flow hash, and let the
 * route say whether the socket should drop it (ipv4_negative_advice drops
 * an obsolete, redirected or expiring route) and look again.
 */
static inline void dst_negative_advice(struct sock *sk)
{
	struct dst_entry *ndst, *dst = __sk_dst_get(sk);

	sk_rethink_txhash(sk);

	if (dst && dst->ops->negative_advice) {
		ndst = dst->ops->negative_advice(dst);

		if (ndst != dst) {
			sk->sk_dst_cache = ndst;
			sk_tx_queue_clear(sk);
			sk->sk_dst_pending_confirm = 0;
		}
	}
}

/* ---- memory: write-queue accounting (pressure is not modelled) ---- */
static inline int sk_wmem_alloc_get(const struct sock *sk)
{
	return refcount_read(&sk->sk_wmem_alloc) - 1;
}

static inline int sk_rmem_alloc_get(const struct sock *sk)
{
	return atomic_read(&sk->sk_rmem_alloc);
}

static inline bool sk_has_allocations(const struct sock *sk)
{
	return sk_wmem_alloc_get(sk) || sk_rmem_alloc_get(sk);
}

static inline int sk_stream_min_wspace(const struct sock *sk)
{
	return sk->sk_wmem_queued >> 1;
}

static inline int sk_stream_wspace(const struct sock *sk)
{
	return sk->sk_sndbuf - sk->sk_wmem_queued;
}

static inline bool sk_stream_memory_free(const struct sock *sk)
{
	if (sk->sk_wmem_queued >= sk->sk_sndbuf)
		return false;

	return sk->sk_prot->stream_memory_free ?
		sk->sk_prot->stream_memory_free(sk) : true;
}

static inline bool sk_stream_is_writeable(const struct sock *sk)
{
	return sk_stream_wspace(sk) >= sk_stream_min_wspace(sk) &&
	       sk_stream_memory_free(sk);
}

static inline void sk_mem_charge(struct sock *sk, int size)
{
	(void)sk; (void)size;	/* no protocol memory accounting */
}

static inline void sk_mem_uncharge(struct sock *sk, int size)
{
	(void)sk; (void)size;
}

static inline bool sk_wmem_schedule(struct sock *sk, int size)
{
	(void)sk; (void)size;
	return true;
}

static inline void sk_mem_reclaim(struct sock *sk) { (void)sk; }
static inline void sk_mem_reclaim_partial(struct sock *sk) { (void)sk; }

static inline void sk_wmem_free_skb(struct sock *sk, struct sk_buff *skb)
{
	sock_set_flag(sk, SOCK_QUEUE_SHRUNK);
	sk->sk_wmem_queued -= skb->truesize;
	sk_mem_uncharge(sk, skb->truesize);
	__kfree_skb(skb);
}

/* Writable while less than half the send buffer is in flight. */
static inline bool sock_writeable(const struct sock *sk)
{
	return refcount_read(&sk->sk_wmem_alloc) < (sk->sk_sndbuf >> 1);
}

static inline void sk_set_bit(int nr, struct sock *sk)
{
	if (sk->sk_wq)
		set_bit(nr, &sk->sk_wq->flags);
}

static inline void sk_clear_bit(int nr, struct sock *sk)
{
	if (sk->sk_wq)
		clear_bit(nr, &sk->sk_wq->flags);
}

/* The current MSG_PEEK offset (SO_PEEK_OFF), or 0 without MSG_PEEK. */
static inline int sk_peek_offset(struct sock *sk, int flags)
{
	if (unlikely(flags & MSG_PEEK))
		return READ_ONCE(sk->sk_peek_off);
	return 0;
}

struct sk_buff *sock_alloc_send_pskb(struct sock *sk, unsigned long header_len,
				     unsigned long data_len, int noblock,
				     int *errcode, int max_page_order);
struct sk_buff *sock_alloc_send_skb(struct sock *sk, unsigned long size,
				    int noblock, int *errcode);

/* net/core/stream.c */
void sk_stream_write_space(struct sock *sk);
void sk_stream_kill_queues(struct sock *sk);

void sock_wfree(struct sk_buff *skb);
void sock_rfree(struct sk_buff *skb);
void sock_edemux(struct sk_buff *skb);
void skb_set_owner_w(struct sk_buff *skb, struct sock *sk);

static inline void skb_set_owner_r(struct sk_buff *skb, struct sock *sk)
{
	skb_orphan(skb);
	skb->sk = sk;
	skb->destructor = sock_rfree;
	atomic_add(skb->truesize, &sk->sk_rmem_alloc);
	sk_mem_charge(sk, skb->truesize);
}

int sock_queue_rcv_skb(struct sock *sk, struct sk_buff *skb);
int __sock_queue_rcv_skb(struct sock *sk, struct sk_buff *skb);
int sock_queue_err_skb(struct sock *sk, struct sk_buff *skb);
struct sk_buff *sock_dequeue_err_skb(struct sock *sk);

/* Early demux may have attached the socket to the skb already. */
static inline struct sock *skb_steal_sock(struct sk_buff *skb)
{
	if (skb->sk) {
		struct sock *sk = skb->sk;

		skb->destructor = NULL;
		skb->sk = NULL;
		return sk;
	}
	return NULL;
}

static inline void sk_drops_add(struct sock *sk, const struct sk_buff *skb)
{
	atomic_add(1, &sk->sk_drops);
}

static inline bool sk_acceptq_is_full(const struct sock *sk)
{
	return sk->sk_ack_backlog > sk->sk_max_ack_backlog;
}

static inline void sk_acceptq_removed(struct sock *sk)
{
	sk->sk_ack_backlog--;
}

static inline void sk_acceptq_added(struct sock *sk)
{
	sk->sk_ack_backlog++;
}

static inline void sock_put_km_noop(void) { }

/* ---- allocation and the default callbacks (net/core/sock.c) ---- */
struct sock *sk_alloc(struct net *net, int family, gfp_t priority,
		      struct proto *prot, int kern);
struct sock *sk_clone_lock(const struct sock *sk, const gfp_t priority);
void sock_init_data(struct socket *sock, struct sock *sk);
void sk_common_release(struct sock *sk);
void sock_def_readable(struct sock *sk);
/* kmirror: static in Linux (net/core/sock.c); global here so that the
 * tracer can name them when a field points to them (trace/symbols.c). */
void sock_def_wakeup(struct sock *sk);
void sock_def_error_report(struct sock *sk);
void sock_def_write_space(struct sock *sk);
void sock_def_destruct(struct sock *sk);

int sock_setsockopt(struct socket *sock, int level, int op,
		    char __user *optval, unsigned int optlen);
int sock_getsockopt(struct socket *sock, int level, int op,
		    char __user *optval, int __user *optlen);
int sock_common_getsockopt(struct socket *sock, int level, int optname,
			   char __user *optval, int __user *optlen);
int sock_common_setsockopt(struct socket *sock, int level, int optname,
			   char __user *optval, unsigned int optlen);
int sock_common_recvmsg(struct socket *sock, struct msghdr *msg, size_t size,
			int flags);
int sock_no_socketpair(struct socket *sock1, struct socket *sock2);
int sock_no_accept(struct socket *sock, struct socket *newsock, int flags, bool kern);
int sock_no_listen(struct socket *sock, int backlog);
int sock_no_getname(struct socket *sock, struct sockaddr *saddr, int peer);
int sock_no_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg);
int sock_no_bind(struct socket *sock, struct sockaddr *saddr, int len);
int sock_no_connect(struct socket *sock, struct sockaddr *saddr, int len, int flags);
int sock_no_shutdown(struct socket *sock, int how);
int sock_no_sendmsg(struct socket *sock, struct msghdr *m, size_t len);
int sock_no_recvmsg(struct socket *sock, struct msghdr *m, size_t len, int flags);

struct sk_buff *sock_wmalloc(struct sock *sk, unsigned long size, int force,
			     gfp_t priority);

static inline gfp_t gfp_any(void)
{
	return GFP_ATOMIC;
}

/* The allocation flags for a socket's own memory (no __GFP_MEMALLOC here). */
static inline gfp_t sk_gfp_mask(const struct sock *sk, gfp_t gfp_mask)
{
	(void)sk;
	return gfp_mask;
}

static inline bool sk_fullsock(const struct sock *sk)
{
	/* TCP_TIME_WAIT and TCP_NEW_SYN_RECV are the mini sockets */
	return (1 << sk->sk_state) & ~((1 << 6) | (1 << 12));
}

static inline bool sk_listener(const struct sock *sk)
{
	return (1 << sk->sk_state) & ((1 << 10) | (1 << 12));
}

static inline int sk_get_wmem0(const struct sock *sk, const struct proto *proto)
{
	/* per-netns value if the proto has one, else the global one */
	if (proto->sysctl_wmem_offset)
		return *(int *)((void *)sock_net(sk) + proto->sysctl_wmem_offset);

	return *proto->sysctl_wmem;
}

static inline int sk_get_rmem0(const struct sock *sk, const struct proto *proto)
{
	/* per-netns value if the proto has one, else the global one */
	if (proto->sysctl_rmem_offset)
		return *(int *)((void *)sock_net(sk) + proto->sysctl_rmem_offset);

	return *proto->sysctl_rmem;
}

/* Receive-CPU and busy-poll bookkeeping: not modelled, so no-ops. */
static inline void sk_incoming_cpu_update(struct sock *sk) { (void)sk; }
static inline void sk_mark_napi_id(struct sock *sk, const struct sk_buff *skb)
{
	(void)sk; (void)skb;
}

#define SOCK_DESTROY_TIME (10*HZ)

/* A socket and its inode on sockfs are allocated together (sock_alloc). */
#include <linux/fs.h>
struct socket_alloc {
	struct socket socket;
	struct inode vfs_inode;
};

static inline struct socket *SOCKET_I(struct inode *inode)
{
	return &container_of(inode, struct socket_alloc, vfs_inode)->socket;
}

static inline struct inode *SOCK_INODE(struct socket *socket)
{
	return &container_of(socket, struct socket_alloc, socket)->vfs_inode;
}

#endif
