/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: include/net/raw.h and linux/raw ping — SOCK_RAW and ICMP ping sockets. */
#ifndef _KM_NET_RAW_H
#define _KM_NET_RAW_H

#include <net/inet_sock.h>

struct icmp_filter {
	__u32		data;
};

struct raw_sock {
	/* first, so a sock pointer can be cast to raw_sock */
	struct inet_sock   inet;
	struct icmp_filter filter;
	u32		   ipmr_table;
};

static inline struct raw_sock *raw_sk(const struct sock *sk)
{
	return (struct raw_sock *)sk;
}

#define RAW_HTABLE_SIZE	256

struct raw_hashinfo {
	rwlock_t lock;
	struct hlist_head ht[RAW_HTABLE_SIZE];
};

extern const struct proto raw_prot;
extern const struct proto ping_prot;
extern const struct proto_ops inet_sockraw_ops;

int raw_hash_sk(struct sock *sk);
int raw_rcv(struct sock *sk, struct sk_buff *skb);
/* kmirror: static in Linux (net/ipv4/raw.c); global so that the tracer can
 * name it when sk_backlog_rcv points to it (trace/symbols.c). */
int raw_rcv_skb(struct sock *sk, struct sk_buff *skb);
int raw_local_deliver(struct sk_buff *skb, int protocol);
void raw_icmp_error(struct sk_buff *skb, int protocol, u32 info);
void raw_unhash_sk(struct sock *sk);
int ping_init_sock(struct sock *sk);
void ping_close(struct sock *sk, long timeout);
int ping_get_port(struct sock *sk, unsigned short ident);
int ping_hash(struct sock *sk);
void ping_unhash(struct sock *sk);

#define PING_HTABLE_SIZE	64

struct ping_table {
	struct hlist_nulls_head	hash[PING_HTABLE_SIZE];
	rwlock_t		lock;
};

void raw_init(void);

#endif
