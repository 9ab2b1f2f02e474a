// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/inet_timewait_sock.c (Linux 5.0.1) — TIME_WAIT socks.
 * When a connection enters TIME_WAIT (or an orphan waits in FIN_WAIT2) its
 * full sock is freed and a small inet_timewait_sock takes its place in the
 * established hash and in its port's bind bucket, until its timer fires:
 * allocation (inet_twsk_alloc), the swap in the tables
 * (inet_twsk_hashdance), the timer (__inet_twsk_schedule,
 * tw_timer_handler) and the end (inet_twsk_kill, inet_twsk_put).
 *
 * kmirror keeps the tw slab per host (struct host::twsk_slab) and has no
 * module reference counts or RCU; inet_twsk_purge (network namespace
 * exit) is not mirrored: a host's shutdown lets the timers run out.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/inet_connection_sock.h>
#include <net/inet_hashtables.h>
#include <net/inet_timewait_sock.h>
#include <net/tcp_states.h>
#include <net/snmp.h>
#include <net/ip.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

void inet_twsk_bind_unhash(struct inet_timewait_sock *tw,
			   struct inet_hashinfo *hashinfo)
{
	KM_FUNC("net/ipv4/inet_timewait_sock.c:28",
		"Take the timewait sock off its port's bind bucket (freeing the bucket if it was the last owner).");
	struct inet_bind_bucket *tb = tw->tw_tb;

	if (!tb)
		return;

	KM_STEP(36,
		"Leave the bucket's owners; the bucket goes if nobody else holds the port.");
	__hlist_del(&tw->tw_bind_node);
	tw->tw_tb = NULL;
	inet_bind_bucket_destroy(hashinfo->bind_bucket_cachep, tb);
	__sock_put((struct sock *)tw);
}

static void inet_twsk_kill(struct inet_timewait_sock *tw)
{
	KM_FUNC("net/ipv4/inet_timewait_sock.c:43",
		"TIME_WAIT is over: leave the established hash and the bind bucket, drop the timer's reference.");
	struct inet_hashinfo *hashinfo = tw->tw_dr->hashinfo;

	KM_STEP(50,
		"Out of the established hash: the 4-tuple is free again.");
	sk_nulls_del_node_init_rcu((struct sock *)tw);

	inet_twsk_bind_unhash(tw, hashinfo);

	atomic_dec(&tw->tw_dr->tw_count);
	KM_STEP(62, "Drop the timer's reference.");
	inet_twsk_put(tw);
}

void inet_twsk_free(struct inet_timewait_sock *tw)
{
	KM_FUNC("net/ipv4/inet_timewait_sock.c:65",
		"The last reference is gone: run the protocol's destructor and free the timewait sock.");
	twsk_destructor((struct sock *)tw);
	kmem_cache_free(km_host()->twsk_slab, tw);
}

void inet_twsk_put(struct inet_timewait_sock *tw)
{
	KM_FUNC("net/ipv4/inet_timewait_sock.c:76",
		"Drop a reference on the timewait sock; the last one frees it.");
	if (refcount_dec_and_test(&tw->tw_refcnt))
		inet_twsk_free(tw);
}

void inet_twsk_hashdance(struct inet_timewait_sock *tw, struct sock *sk,
			 struct inet_hashinfo *hashinfo)
{
	KM_FUNC("net/ipv4/inet_timewait_sock.c:100",
		"Swap the timewait sock in for the full sock: into its bind bucket and ehash chain, the sock out of ehash.");
	const struct inet_connection_sock *icsk = inet_csk(sk);
	struct inet_ehash_bucket *ehead = inet_ehash_bucket(hashinfo, sk->sk_hash);

	KM_STEP(115,
		"Join the bind bucket of the sock's port (the sock stays there too, until it is destroyed).");
	tw->tw_tb = icsk->icsk_bind_hash;
	WARN_ON(!icsk->icsk_bind_hash);
	/* inlined: inet_twsk_add_bind_node (line 89) */
	hlist_add_head(&tw->tw_bind_node, &tw->tw_tb->owners);

	KM_STEP(122,
		"Insert the timewait sock into the sock's ehash chain ...");
	/* inlined: inet_twsk_add_node_rcu (line 83) */
	hlist_nulls_add_head_rcu(&tw->tw_node, &ehead->chain);

	KM_STEP(125, "... and take the full sock out of it.");
	if (__sk_nulls_del_node_init_rcu(sk))
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, -1);

	KM_STEP(139,
		"Three references: the bind bucket, the ehash chain and the timer.");
	refcount_set(&tw->tw_refcnt, 3);
}

static void tw_timer_handler(struct timer_list *t)
{
	KM_FUNC("net/ipv4/inet_timewait_sock.c:143",
		"The timewait timer fired: count it (TimeWaited, or TimeWaitKilled after a short wait) and kill the sock.");
	struct inet_timewait_sock *tw = from_timer(tw, t, tw_timer);

	if (tw->tw_kill)
		__NET_INC_STATS(twsk_net(tw), LINUX_MIB_TIMEWAITKILLED);
	else
		__NET_INC_STATS(twsk_net(tw), LINUX_MIB_TIMEWAITED);
	inet_twsk_kill(tw);
}

struct inet_timewait_sock *inet_twsk_alloc(const struct sock *sk,
					   struct inet_timewait_death_row *dr,
					   const int state)
{
	KM_FUNC("net/ipv4/inet_timewait_sock.c:154",
		"Allocate a timewait sock and copy the connection's identity (4-tuple, hash) into it.");
	struct inet_timewait_sock *tw;

	if (atomic_read(&dr->tw_count) >= dr->sysctl_max_tw_buckets) {
		KM_STEP(161,
			"tcp_max_tw_buckets timewait socks exist already: none for this one.");
		return NULL;
	}

	tw = kmem_cache_alloc(km_host()->twsk_slab, GFP_ATOMIC);
	if (tw) {
		const struct inet_sock *inet = inet_sk(sk);

		KM_STEP(168,
			"Copy the 4-tuple, hash and owner from the sock; state TIME_WAIT, tw_substate the real one.");
		tw->tw_dr	    = dr;
		tw->tw_daddr	    = inet->inet_daddr;
		tw->tw_rcv_saddr    = inet->inet_rcv_saddr;
		tw->tw_bound_dev_if = sk->sk_bound_dev_if;
		tw->tw_tos	    = inet->tos;
		tw->tw_num	    = inet->inet_num;
		tw->tw_state	    = TCP_TIME_WAIT;
		tw->tw_substate	    = state;
		tw->tw_sport	    = inet->inet_sport;
		tw->tw_dport	    = inet->inet_dport;
		tw->tw_family	    = sk->sk_family;
		tw->tw_reuse	    = sk->sk_reuse;
		tw->tw_reuseport    = sk->sk_reuseport;
		tw->tw_hash	    = sk->sk_hash;
		tw->tw_ipv6only	    = 0;
		tw->tw_transparent  = inet->transparent;
		tw->tw_prot	    = sk->sk_prot_creator;
		tw->tw_cookie	    = sk->sk_cookie;
		twsk_net_set(tw, sock_net(sk));
		timer_setup(&tw->tw_timer, tw_timer_handler, TIMER_PINNED);
		/* Nobody may find it before it is complete: refcount 0. */
		refcount_set(&tw->tw_refcnt, 0);
	}

	return tw;
}

void inet_twsk_deschedule_put(struct inet_timewait_sock *tw)
{
	KM_FUNC("net/ipv4/inet_timewait_sock.c:211",
		"End TIME_WAIT early: stop the timer and kill the sock, then drop the caller's reference.");
	if (del_timer_sync(&tw->tw_timer))
		inet_twsk_kill(tw);
	inet_twsk_put(tw);
}

void __inet_twsk_schedule(struct inet_timewait_sock *tw, int timeo, bool rearm)
{
	KM_FUNC("net/ipv4/inet_timewait_sock.c:219",
		"Arm (or re-arm) the timewait timer; a timeout of at most 4 s marks a kill rather than a full wait.");
	tw->tw_kill = KM_STEP_IF(246,
				 "Is the timeout at most 4 s (tw_kill: the sock will count as killed early, not as having waited its time)?",
				 timeo <= 4*HZ);
	if (!rearm) {
		KM_STEP(248,
			"Start the timer and count the timewait sock in the death row.");
		BUG_ON(mod_timer(&tw->tw_timer, jiffies + timeo));
		atomic_inc(&tw->tw_dr->tw_count);
	} else {
		KM_STEP(251,
			"Restart the pending timer: the wait begins again.");
		mod_timer_pending(&tw->tw_timer, jiffies + timeo);
	}
}
