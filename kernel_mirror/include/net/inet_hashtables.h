/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/net/inet_hashtables.h — the three TCP socket tables:
 *  - ehash: established (and SYN_SENT, NEW_SYN_RECV) sockets by 4-tuple,
 *  - bhash: bind buckets, one per local port in use, listing its owners,
 *  - listening_hash: listeners by local port.
 * One set per host (struct host::tcp_hashinfo). Sizes are fixed and
 * smaller than a real machine's; lookups behave the same.
 */
#ifndef _KM_NET_INET_HASHTABLES_H
#define _KM_NET_INET_HASHTABLES_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/jhash.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/tcp_states.h>

struct inet_timewait_sock;

struct inet_ehash_bucket {
	struct hlist_nulls_head chain;
};

/* A local port in use: who owns it and whether it may be shared. */
struct inet_bind_bucket {
	possible_net_t		ib_net;
	int			l3mdev;
	unsigned short		port;
	signed char		fastreuse;	/* -1: created by connect() */
	signed char		fastreuseport;
	kuid_t			fastuid;
	__be32			fast_rcv_saddr;
	unsigned short		fast_sk_family;
	bool			fast_ipv6_only;
	struct hlist_node	node;
	struct hlist_head	owners;
};

static inline struct net *ib_net(struct inet_bind_bucket *ib)
{
	return read_pnet(&ib->ib_net);
}

#define inet_bind_bucket_for_each(tb, head) \
	hlist_for_each_entry(tb, head, node)

/* inet_bind_bucket.fastreuseport: any SO_REUSEPORT socket of the same
 * user may join, or only after a full address check. */
#define FASTREUSEPORT_ANY	1
#define FASTREUSEPORT_STRICT	2

struct inet_bind_hashbucket {
	spinlock_t		lock;
	struct hlist_head	chain;
};

struct inet_listen_hashbucket {
	spinlock_t		lock;
	unsigned int		count;
	struct hlist_head	head;
};

#define INET_LHTABLE_SIZE	32
#define KM_EHASH_SIZE		4096
#define KM_BHASH_SIZE		4096

struct inet_hashinfo {
	struct inet_ehash_bucket	*ehash;
	unsigned int			ehash_mask;
	struct kmem_cache		*bind_bucket_cachep;
	struct inet_bind_hashbucket	*bhash;
	unsigned int			bhash_size;
	struct inet_listen_hashbucket	listening_hash[INET_LHTABLE_SIZE];
	/* kmirror: the secret Linux draws once for inet_ehashfn() */
	u32				ehash_secret_km;
};

static inline struct inet_ehash_bucket *inet_ehash_bucket(struct inet_hashinfo *hashinfo,
							  unsigned int hash)
{
	return &hashinfo->ehash[hash & hashinfo->ehash_mask];
}

static inline u32 net_hash_mix(const struct net *net)
{
	(void)net;	/* one namespace per host */
	return 0;
}

static inline u32 inet_bhashfn(const struct net *net, const __u16 lport,
			       const u32 bhash_size)
{
	return (lport + net_hash_mix(net)) & (bhash_size - 1);
}

static inline u32 inet_lhashfn(const struct net *net, const unsigned short num)
{
	return (num + net_hash_mix(net)) & (INET_LHTABLE_SIZE - 1);
}

static inline int inet_sk_listen_hashfn(const struct sock *sk)
{
	return inet_lhashfn(sock_net(sk), inet_sk(sk)->inet_num);
}

static inline unsigned int __inet_ehashfn(const __be32 laddr, const __u16 lport,
					  const __be32 faddr, const __be16 fport,
					  u32 initval)
{
	return jhash_3words((__u32) laddr,
			    (__u32) faddr,
			    ((__u32) lport) << 16 | (__u32)fport,
			    initval);
}

unsigned int inet_ehashfn(const struct net *net, const __be32 laddr,
			  const __u16 lport, const __be32 faddr,
			  const __be16 fport);

/*
 * The 4-tuple as sock_common stores it (x86 is little-endian): the peer's
 * address (skc_daddr) in the low half, ours (skc_rcv_saddr) in the high
 * half; the peer's port (skc_dport) low, our port (skc_num) high.
 */
#define INET_ADDR_COOKIE(__name, __saddr, __daddr) \
	const __addrpair __name = (__force __addrpair) ( \
				   (((__force __u64)(__be32)(__daddr)) << 32) | \
				   ((__force __u64)(__be32)(__saddr)))
#define INET_COMBINED_PORTS(__sport, __dport) \
	((__force __portpair)(((__force __u32)(__u16)(__dport)) << 16 | (__u32)(__sport)))

#define INET_MATCH(__sk, __net, __cookie, __saddr, __daddr, __ports, __dif, __sdif) \
	(((__sk)->sk_portpair == (__ports))			&&	\
	 ((__sk)->sk_addrpair == (__cookie))			&&	\
	 (!(__sk)->sk_bound_dev_if	||				\
	   ((__sk)->sk_bound_dev_if == (__dif))			||	\
	   ((__sk)->sk_bound_dev_if == (__sdif)))		&&	\
	 net_eq(sock_net(__sk), (__net)))

struct inet_bind_bucket *
inet_bind_bucket_create(struct kmem_cache *cachep, struct net *net,
			struct inet_bind_hashbucket *head,
			const unsigned short snum, int l3mdev);
void inet_bind_bucket_destroy(struct kmem_cache *cachep,
			      struct inet_bind_bucket *tb);
void inet_bind_hash(struct sock *sk, struct inet_bind_bucket *tb,
		    const unsigned short snum);
void inet_put_port(struct sock *sk);
int __inet_inherit_port(const struct sock *sk, struct sock *child);

void inet_hashinfo_init_km(struct inet_hashinfo *h);
void inet_hashinfo_destroy_km(struct inet_hashinfo *h);

bool inet_ehash_insert(struct sock *sk, struct sock *osk);
bool inet_ehash_nolisten(struct sock *sk, struct sock *osk);
int __inet_hash(struct sock *sk, struct sock *osk);
int inet_hash(struct sock *sk);
void inet_unhash(struct sock *sk);

struct sock *__inet_lookup_listener(struct net *net,
				    struct inet_hashinfo *hashinfo,
				    struct sk_buff *skb, int doff,
				    const __be32 saddr, const __be16 sport,
				    const __be32 daddr,
				    const unsigned short hnum,
				    const int dif, const int sdif);

static inline struct sock *inet_lookup_listener(struct net *net,
		struct inet_hashinfo *hashinfo,
		struct sk_buff *skb, int doff,
		__be32 saddr, __be16 sport,
		__be32 daddr, __be16 dport, int dif, int sdif)
{
	return __inet_lookup_listener(net, hashinfo, skb, doff, saddr, sport,
				      daddr, ntohs(dport), dif, sdif);
}

struct sock *__inet_lookup_established(struct net *net,
				       struct inet_hashinfo *hashinfo,
				       const __be32 saddr, const __be16 sport,
				       const __be32 daddr, const u16 hnum,
				       const int dif, const int sdif);

struct sock *__inet_lookup_skb(struct inet_hashinfo *hashinfo,
			       struct sk_buff *skb, int doff,
			       const __be16 sport, const __be16 dport,
			       const int sdif, bool *refcounted);

struct inet_timewait_death_row;
int __inet_hash_connect(struct inet_timewait_death_row *death_row,
			struct sock *sk, u32 port_offset,
			int (*check_established)(struct inet_timewait_death_row *,
						 struct sock *, __u16,
						 struct inet_timewait_sock **));

int inet_hash_connect(struct inet_timewait_death_row *death_row,
		      struct sock *sk);

#endif
