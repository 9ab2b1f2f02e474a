/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/net/inet_timewait_sock.h — the small socket that keeps
 * a closed connection's 4-tuple in the established hash for TIME_WAIT
 * (and for an orphaned FIN_WAIT2), after the full sock is gone.
 */
#ifndef _KM_NET_INET_TIMEWAIT_SOCK_H
#define _KM_NET_INET_TIMEWAIT_SOCK_H

#include <linux/types.h>
#include <linux/timer.h>
#include <linux/refcount.h>
#include <net/sock.h>
#include <net/timewait_sock.h>

struct inet_bind_bucket;
struct inet_hashinfo;
struct inet_timewait_death_row;

/*
 * struct inet_timewait_sock: sock_common (so the ehash lookups find it like
 * any socket, with sk_state TCP_TIME_WAIT) plus what answering a late
 * segment needs.
 */
struct inet_timewait_sock {
	struct sock_common	__tw_common;	/* must stay first */
#define tw_family		__tw_common.skc_family
#define tw_state		__tw_common.skc_state
#define tw_reuse		__tw_common.skc_reuse
#define tw_reuseport		__tw_common.skc_reuseport
#define tw_ipv6only		__tw_common.skc_ipv6only
#define tw_bound_dev_if		__tw_common.skc_bound_dev_if
#define tw_node			__tw_common.skc_nulls_node
#define tw_bind_node		__tw_common.skc_bind_node
#define tw_refcnt		__tw_common.skc_refcnt
#define tw_hash			__tw_common.skc_hash
#define tw_prot			__tw_common.skc_prot
#define tw_net			__tw_common.skc_net
#define tw_daddr		__tw_common.skc_daddr
#define tw_rcv_saddr		__tw_common.skc_rcv_saddr
#define tw_dport		__tw_common.skc_dport
#define tw_num			__tw_common.skc_num
#define tw_cookie		__tw_common.skc_cookie
#define tw_dr			__tw_common.skc_tw_dr

	__u32			tw_mark;
	volatile unsigned char	tw_substate;	/* TIME_WAIT or FIN_WAIT2 */
	unsigned char		tw_rcv_wscale;
	__be16			tw_sport;
	unsigned int		tw_kill		: 1,	/* short timeout (<= 4 s) */
				tw_transparent	: 1,
				tw_flowlabel	: 20,
				tw_pad		: 2,
				tw_tos		: 8;
	struct timer_list	tw_timer;
	struct inet_bind_bucket	*tw_tb;
};

static inline struct inet_timewait_sock *inet_twsk(const struct sock *sk)
{
	return (struct inet_timewait_sock *)sk;
}

void inet_twsk_free(struct inet_timewait_sock *tw);
void inet_twsk_put(struct inet_timewait_sock *tw);

void inet_twsk_bind_unhash(struct inet_timewait_sock *tw,
			   struct inet_hashinfo *hashinfo);

struct inet_timewait_sock *inet_twsk_alloc(const struct sock *sk,
					   struct inet_timewait_death_row *dr,
					   const int state);

void inet_twsk_hashdance(struct inet_timewait_sock *tw, struct sock *sk,
			 struct inet_hashinfo *hashinfo);

void __inet_twsk_schedule(struct inet_timewait_sock *tw, int timeo,
			  bool rearm);

static inline void inet_twsk_schedule(struct inet_timewait_sock *tw, int timeo)
{
	__inet_twsk_schedule(tw, timeo, false);
}

static inline void inet_twsk_reschedule(struct inet_timewait_sock *tw,
					int timeo)
{
	__inet_twsk_schedule(tw, timeo, true);
}

void inet_twsk_deschedule_put(struct inet_timewait_sock *tw);

static inline struct net *twsk_net(const struct inet_timewait_sock *twsk)
{
	return read_pnet(&twsk->tw_net);
}

static inline void twsk_net_set(struct inet_timewait_sock *twsk,
				struct net *net)
{
	write_pnet(&twsk->tw_net, net);
}

#endif
