// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/inet_hashtables.c (Linux 5.0.1) — where TCP sockets
 * are found by address: the established table (ehash, by 4-tuple), the
 * bind buckets (bhash, one per local port in use) and the listeners.
 *
 * This is also where connect() picks its ephemeral port:
 * inet_hash_connect() → __inet_hash_connect() walks the port range from a
 * keyed offset, two ports at a time, and claims the first port whose
 * 4-tuple is free (__inet_check_established).
 *
 * Simplifications (docs/architecture.md): no RCU or per-bucket locks
 * (one CPU per host, no preemption); no lhash2 secondary listener table
 * (Linux only consults it once a port bucket holds more than ten
 * listeners); no SO_REUSEPORT groups.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/random.h>
#include <linux/skbuff.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/inet_connection_sock.h>
#include <net/inet_hashtables.h>
#include <net/request_sock.h>
#include <net/secure_seq.h>
#include <net/ip.h>
#include <net/tcp.h>
#include <kmirror/host.h>
#include <kmirror/runtime.h>
#include <kmirror/trace.h>

/* The running CPU's number, for the listener score's locality bonus. */
#define KM_THIS_CPU	0

void sock_gen_put(struct sock *sk)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:330",
		"Drop a reference; the last one frees a timewait sock, a request sock or a full sock.");
	if (!refcount_dec_and_test(&sk->sk_refcnt))
		return;

	if (sk->sk_state == TCP_TIME_WAIT)
		inet_twsk_free(inet_twsk(sk));
	else if (sk->sk_state == TCP_NEW_SYN_RECV)
		reqsk_free(inet_reqsk(sk));
	else
		sk_free(sk);
}

unsigned int inet_ehashfn(const struct net *net, const __be32 laddr,
			  const __u16 lport, const __be32 faddr,
			  const __be16 fport)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:32",
		"The established-table hash of a 4-tuple, keyed by a secret chosen at first use.");
	struct host *h = net_host(net);

	net_get_random_once_km(&h->inet_ehash_secret_done,
			       &h->inet_ehash_secret,
			       sizeof(h->inet_ehash_secret));
	return __inet_ehashfn(laddr, lport, faddr, fport,
		       h->inet_ehash_secret + net_hash_mix(net));
}

/* The hash of a socket's own 4-tuple (Linux: sk_ehashfn, static). */
static u32 sk_ehashfn(const struct sock *sk)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:47",
		"The established-table hash of a socket's own 4-tuple.");
	return inet_ehashfn(sock_net(sk), sk->sk_rcv_saddr, sk->sk_num,
		     sk->sk_daddr, sk->sk_dport);
}

/* A new bind bucket for local port snum, linked into its bhash chain. */
struct inet_bind_bucket *inet_bind_bucket_create(struct kmem_cache *cachep,
						 struct net *net,
						 struct inet_bind_hashbucket *head,
						 const unsigned short snum,
						 int l3mdev)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:65",
		"Create the bind bucket that records who uses this local port.");
	struct inet_bind_bucket *tb = kmem_cache_alloc(cachep, GFP_ATOMIC);

	if (tb) {
		write_pnet(&tb->ib_net, net);
		tb->l3mdev = l3mdev;
		tb->port = snum;
		tb->fastreuse = 0;
		tb->fastreuseport = 0;
		INIT_HLIST_HEAD(&tb->owners);
		hlist_add_head(&tb->node, &head->chain);
	}
	return tb;
}

/* Free a bind bucket once its last owner has gone. */
void inet_bind_bucket_destroy(struct kmem_cache *cachep,
			      struct inet_bind_bucket *tb)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:88",
		"If no socket owns the port any more, free its bind bucket.");
	if (hlist_empty(&tb->owners)) {
		__hlist_del(&tb->node);
		kmem_cache_free(cachep, tb);
	}
}

void inet_bind_hash(struct sock *sk, struct inet_bind_bucket *tb,
		    const unsigned short snum)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:96",
		"Take the port: set inet_num and join the bucket's owners.");
	inet_sk(sk)->inet_num = snum;
	sk_add_bind_node(sk, &tb->owners);
	inet_csk(sk)->icsk_bind_hash = tb;
}

/* Give the local port back (Linux: __inet_put_port). */
static void __inet_put_port(struct sock *sk)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:107",
		"Leave the port's bind bucket, clear inet_num, free the bucket if now empty.");
	struct inet_hashinfo *hashinfo = sk_prot_hashinfo(sk);
	const int bhash = inet_bhashfn(sock_net(sk), inet_sk(sk)->inet_num,
				       hashinfo->bhash_size);
	struct inet_bind_hashbucket *head = &hashinfo->bhash[bhash];
	struct inet_bind_bucket *tb;

	spin_lock(&head->lock);
	tb = inet_csk(sk)->icsk_bind_hash;
	__sk_del_bind_node(sk);
	inet_csk(sk)->icsk_bind_hash = NULL;
	inet_sk(sk)->inet_num = 0;
	inet_bind_bucket_destroy(hashinfo->bind_bucket_cachep, tb);
	spin_unlock(&head->lock);
}

void inet_put_port(struct sock *sk)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:124",
		"Release the socket's local port.");
	local_bh_disable();
	__inet_put_port(sk);
	local_bh_enable();
}

int __inet_inherit_port(const struct sock *sk, struct sock *child)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:132",
		"The accepted child joins its listener's bind bucket: same local port.");
	struct inet_hashinfo *table = sk_prot_hashinfo(sk);
	unsigned short port = inet_sk(child)->inet_num;
	const int bhash = inet_bhashfn(sock_net(sk), port, table->bhash_size);
	struct inet_bind_hashbucket *head = &table->bhash[bhash];
	struct inet_bind_bucket *tb;
	int l3mdev;

	spin_lock(&head->lock);
	tb = inet_csk(sk)->icsk_bind_hash;
	if (unlikely(!tb)) {
		spin_unlock(&head->lock);
		return -ENOENT;
	}
	if (tb->port != port) {
		/* Redirected to a listener on another port (tproxy): find or
		 * create the bucket of the child's own port. */
		l3mdev = inet_sk_bound_l3mdev(sk);
		inet_bind_bucket_for_each(tb, &head->chain) {
			if (net_eq(ib_net(tb), sock_net(sk)) &&
			    tb->l3mdev == l3mdev && tb->port == port)
				break;
		}
		if (!tb) {
			tb = inet_bind_bucket_create(table->bind_bucket_cachep,
						     sock_net(sk), head, port,
						     l3mdev);
			if (!tb) {
				spin_unlock(&head->lock);
				return -ENOMEM;
			}
		}
	}
	KM_STEP(171,
		"The child takes the listener's local port (joins its bind bucket).");
	inet_bind_hash(child, tb, port);
	spin_unlock(&head->lock);
	return 0;
}

static inline int compute_score(struct sock *sk, struct net *net,
				const unsigned short hnum, const __be32 daddr,
				const int dif, const int sdif, bool exact_dif)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:232",
		"Score a listener against an incoming segment: a bound address or device scores higher, -1 means no match.");
	int score = -1;
	struct inet_sock *inet = inet_sk(sk);

	if (net_eq(sock_net(sk), net) && inet->inet_num == hnum) {
		__be32 rcv_saddr = inet->inet_rcv_saddr;

		score = sk->sk_family == PF_INET ? 2 : 1;
		if (rcv_saddr) {
			if (rcv_saddr != daddr)
				return -1;
			score += 4;
		}
		if (sk->sk_bound_dev_if || exact_dif) {
			bool dev_match = (sk->sk_bound_dev_if == dif ||
					  sk->sk_bound_dev_if == sdif);

			if (!dev_match)
				return -1;
			if (sk->sk_bound_dev_if)
				score += 4;
		}
		if (sk->sk_incoming_cpu == KM_THIS_CPU)
			score++;
	}
	return score;
}

struct sock *__inet_lookup_listener(struct net *net,
				    struct inet_hashinfo *hashinfo,
				    struct sk_buff *skb, int doff,
				    const __be32 saddr, const __be16 sport,
				    const __be32 daddr,
				    const unsigned short hnum,
				    const int dif, const int sdif)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:295",
		"Find the best listener for this port: a bound address or device scores higher.");
	unsigned int hash = inet_lhashfn(net, hnum);
	struct inet_listen_hashbucket *ilb = &hashinfo->listening_hash[hash];
	struct sock *sk, *result = NULL;
	int score, hiscore = 0;

	KM_STEP(274,
		"Score every listener in the port's bucket and keep the best.");
	sk_for_each(sk, &ilb->head) {
		score = compute_score(sk, net, hnum, daddr, dif, sdif, false);
		if (score > hiscore) {
			result = sk;
			hiscore = score;
		}
	}
	return result;
}

struct sock *__inet_lookup_established(struct net *net,
				       struct inet_hashinfo *hashinfo,
				       const __be32 saddr, const __be16 sport,
				       const __be32 daddr, const u16 hnum,
				       const int dif, const int sdif)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:350",
		"Look the 4-tuple up in the established table (ehash); take a reference if found.");
	INET_ADDR_COOKIE(acookie, saddr, daddr);
	const __portpair ports = INET_COMBINED_PORTS(sport, hnum);
	struct sock *sk;
	const struct hlist_nulls_node *node;
	unsigned int hash = inet_ehashfn(net, daddr, hnum, saddr, sport);
	unsigned int slot = hash & hashinfo->ehash_mask;
	struct inet_ehash_bucket *head = &hashinfo->ehash[slot];

	sk_nulls_for_each(sk, node, &head->chain) {
		if (sk->sk_hash != hash)
			continue;
		if (likely(INET_MATCH(sk, net, acookie, saddr, daddr, ports,
				      dif, sdif))) {
			if (unlikely(!refcount_inc_not_zero(&sk->sk_refcnt)))
				break;
			KM_STEP(394,
				"Found: same ports, same addresses — this connection's socket.");
			return sk;
		}
	}
	return NULL;
}

/* Established first, then listeners (Linux: __inet_lookup, a header inline). */
static struct sock *__inet_lookup(struct net *net,
				  struct inet_hashinfo *hashinfo,
				  struct sk_buff *skb, int doff,
				  const __be32 saddr, const __be16 sport,
				  const __be32 daddr, const __be16 dport,
				  const int dif, const int sdif,
				  bool *refcounted)
{
	KM_FUNC("include/net/inet_hashtables.h:333",
		"Try the established table first, then the listeners.");
	u16 hnum = ntohs(dport);
	struct sock *sk;

	sk = __inet_lookup_established(net, hashinfo, saddr, sport,
				       daddr, hnum, dif, sdif);
	*refcounted = true;
	if (sk)
		return sk;
	*refcounted = false;
	return __inet_lookup_listener(net, hashinfo, skb, doff, saddr,
				       sport, daddr, hnum, dif, sdif);
}

struct sock *__inet_lookup_skb(struct inet_hashinfo *hashinfo,
			       struct sk_buff *skb, int doff,
			       const __be16 sport, const __be16 dport,
			       const int sdif, bool *refcounted)
{
	KM_FUNC("include/net/inet_hashtables.h:372",
		"Which socket does this segment belong to? Look up by the IP and TCP headers.");
	struct sock *sk = skb_steal_sock(skb);
	const struct iphdr *iph = ip_hdr(skb);

	*refcounted = true;
	if (sk)
		return sk;

	return __inet_lookup(dev_net(skb_dst(skb)->dev), hashinfo, skb,
			      doff, iph->saddr, sport, iph->daddr, dport,
			      inet_iif(skb), sdif, refcounted);
}

static int __inet_check_established(struct inet_timewait_death_row *death_row,
				    struct sock *sk, __u16 lport,
				    struct inet_timewait_sock **twp)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:399",
		"Is the 4-tuple with this local port unused? If so, claim it and enter ehash.");
	struct inet_hashinfo *hinfo = death_row->hashinfo;
	struct inet_sock *inet = inet_sk(sk);
	__be32 daddr = inet->inet_rcv_saddr;
	__be32 saddr = inet->inet_daddr;
	int dif = sk->sk_bound_dev_if;
	struct net *net = sock_net(sk);
	int sdif = 0;
	INET_ADDR_COOKIE(acookie, saddr, daddr);
	const __portpair ports = INET_COMBINED_PORTS(inet->inet_dport, lport);
	unsigned int hash = inet_ehashfn(net, daddr, lport, saddr,
					 inet->inet_dport);
	struct inet_ehash_bucket *head = inet_ehash_bucket(hinfo, hash);
	struct sock *sk2;
	const struct hlist_nulls_node *node;
	struct inet_timewait_sock *tw = NULL;

	KM_STEP(422,
		"Walk the ehash chain for a socket with exactly this 4-tuple.");
	sk_nulls_for_each(sk2, node, &head->chain) {
		if (sk2->sk_hash != hash)
			continue;

		if (likely(INET_MATCH(sk2, net, acookie, saddr, daddr, ports,
				      dif, sdif))) {
			if (sk2->sk_state == TCP_TIME_WAIT) {
				tw = inet_twsk(sk2);
				if (KM_STEP_IF(430,
					       "The 4-tuple is held by a TIME_WAIT sock: may we take it over (twsk_unique)?",
					       twsk_unique(sk, sk2, twp)))
					break;
			}
			goto not_unique;
		}
	}

	KM_STEP(440,
		"Free: record inet_num and inet_sport, then insert the socket into ehash.");
	inet->inet_num = lport;
	inet->inet_sport = htons(lport);
	sk->sk_hash = hash;
	WARN_ON(!sk_unhashed(sk));
	__sk_nulls_add_node_rcu(sk, &head->chain);
	if (tw) {
		KM_STEP(446,
			"The TIME_WAIT sock leaves ehash (TimeWaitRecycled): its 4-tuple is ours now.");
		sk_nulls_del_node_init_rcu((struct sock *)tw);
		__NET_INC_STATS(net, LINUX_MIB_TIMEWAITRECYCLED);
	}
	sock_prot_inuse_add(sock_net(sk), sk->sk_prot, 1);

	if (twp) {
		*twp = tw;
	} else if (tw) {
		KM_STEP(456, "No caller to finish it: end the TIME_WAIT sock now.");
		inet_twsk_deschedule_put(tw);
	}
	return 0;

not_unique:
	KM_STEP(462,
		"That exact 4-tuple is already in use: this port will not do.");
	return -EADDRNOTAVAIL;
}

/* Where this connection's port search starts: a keyed hash (RFC 6056). */
static u32 inet_sk_port_offset(const struct sock *sk)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:465",
		"The starting offset of the port search: keyed hash of saddr, daddr, dport.");
	/* LAB 3 BEGIN: port_offset — where the port search starts */
	const struct inet_sock *inet = inet_sk(sk);

	return secure_ipv4_port_ephemeral(inet->inet_rcv_saddr,
					  inet->inet_daddr,
					  inet->inet_dport);
	/* LAB 3 END: port_offset */
}

bool inet_ehash_insert(struct sock *sk, struct sock *osk)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:477",
		"Hash the 4-tuple and add the socket to its ehash chain (replacing osk if given).");
	struct inet_hashinfo *hashinfo = sk_prot_hashinfo(sk);
	struct hlist_nulls_head *list;
	struct inet_ehash_bucket *head;
	bool ret = true;

	WARN_ON_ONCE(!sk_unhashed(sk));

	sk->sk_hash = sk_ehashfn(sk);
	head = inet_ehash_bucket(hashinfo, sk->sk_hash);
	list = &head->chain;

	if (osk) {
		WARN_ON_ONCE(sk->sk_hash != osk->sk_hash);
		ret = sk_nulls_del_node_init_rcu(osk);
	}
	if (ret)
		__sk_nulls_add_node_rcu(sk, list);
	return ret;
}

bool inet_ehash_nolisten(struct sock *sk, struct sock *osk)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:503",
		"Insert into ehash; if the request it replaces is already gone, destroy this socket.");
	KM_STEP(505, "Insert the sock into its established-hash chain.");
	bool ok = inet_ehash_insert(sk, osk);

	if (ok) {
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, 1);
	} else {
		KM_STEP(511,
			"Lost the race for the request: the new socket dies unborn.");
		inet_sk_set_state(sk, TCP_CLOSE);
		sock_set_flag(sk, SOCK_DEAD);
		inet_csk_destroy_sock(sk);
	}
	return ok;
}

int __inet_hash(struct sock *sk, struct sock *osk)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:541",
		"Hash the socket: listeners into the listening table, others into ehash.");
	struct inet_hashinfo *hashinfo = sk_prot_hashinfo(sk);
	struct inet_listen_hashbucket *ilb;

	if (sk->sk_state != TCP_LISTEN) {
		KM_STEP(548,
			"Not a listener: hash it in the established table instead.");
		inet_ehash_nolisten(sk, osk);
		return 0;
	}
	WARN_ON(!sk_unhashed(sk));
	ilb = &hashinfo->listening_hash[inet_sk_listen_hashfn(sk)];

	KM_STEP(554,
		"A listener: add it to its port's bucket of the listening table.");
	spin_lock(&ilb->lock);
	hlist_add_head(&sk->sk_node, &ilb->head);
	ilb->count++;
	sock_set_flag(sk, SOCK_RCU_FREE);
	sock_prot_inuse_add(sock_net(sk), sk->sk_prot, 1);
	spin_unlock(&ilb->lock);
	return 0;
}

int inet_hash(struct sock *sk)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:576",
		"Make the socket findable (sk_prot->hash), unless it is closed.");
	int err = 0;

	if (sk->sk_state != TCP_CLOSE) {
		local_bh_disable();
		err = __inet_hash(sk, NULL);
		local_bh_enable();
	}
	return err;
}

void inet_unhash(struct sock *sk)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:590",
		"Remove the socket from the listening table or from ehash.");
	struct inet_hashinfo *hashinfo = sk_prot_hashinfo(sk);
	struct inet_listen_hashbucket *ilb = NULL;

	if (sk_unhashed(sk))
		return;

	if (sk->sk_state == TCP_LISTEN)
		ilb = &hashinfo->listening_hash[inet_sk_listen_hashfn(sk)];

	local_bh_disable();
	if (ilb) {
		__sk_del_node_init(sk);
		ilb->count--;
	} else {
		__sk_nulls_del_node_init_rcu(sk);
	}
	sock_prot_inuse_add(sock_net(sk), sk->sk_prot, -1);
	local_bh_enable();
}

int __inet_hash_connect(struct inet_timewait_death_row *death_row,
			struct sock *sk, u32 port_offset,
			int (*check_established)(struct inet_timewait_death_row *,
						 struct sock *, __u16,
						 struct inet_timewait_sock **))
{
	KM_FUNC("net/ipv4/inet_hashtables.c:624",
		"Choose the local port for connect(): search the ephemeral range from a keyed offset.");
	/* LAB 3 BEGIN: hash_connect — the ephemeral-port walk */
	struct inet_hashinfo *hinfo = death_row->hashinfo;
	struct inet_timewait_sock *tw = NULL;
	struct inet_bind_hashbucket *head;
	int port = inet_sk(sk)->inet_num;
	struct net *net = sock_net(sk);
	struct inet_bind_bucket *tb;
	u32 remaining, offset;
	int ret, i, low, high;
	/* Linux: `static u32 hint;` shared by every connect() on the machine. */
	u32 *hint = &net_host(net)->inet_hash_connect_hint;
	int l3mdev;

	if (port) {
		KM_STEP(641,
			"Already bound: if we are the port's only user go straight into ehash, else check the 4-tuple.");
		head = &hinfo->bhash[inet_bhashfn(net, port, hinfo->bhash_size)];
		tb = inet_csk(sk)->icsk_bind_hash;
		spin_lock_bh(&head->lock);
		/* 5.0 quirk: sk_head() reads sk_node, the owners list is
		 * linked by sk_bind_node, so this test is always false. */
		if (sk_head(&tb->owners) == sk &&
		    !sk->sk_bind_node.next) {
			KM_STEP(646,
				"The port was bound before connect(): just hash the 4-tuple.");
			inet_ehash_nolisten(sk, NULL);
			spin_unlock_bh(&head->lock);
			return 0;
		}
		spin_unlock(&head->lock);
		ret = check_established(death_row, sk, port, NULL);
		local_bh_enable();
		return ret;
	}

	l3mdev = inet_sk_bound_l3mdev(sk);

	KM_STEP(659,
		"The range is ip_local_port_range, [32768, 60999] by default; make its size even.");
	inet_get_local_port_range(net, &low, &high);
	high++;
	remaining = high - low;
	if (likely(remaining > 1))
		remaining &= ~1U;

	KM_STEP(665,
		"Start at (hint + keyed offset) mod size, rounded down to even: the first pass tries even offsets.");
	offset = (*hint + port_offset) % remaining;
	offset &= ~1U;
other_parity_scan:
	port = low + offset;
	for (i = 0; i < remaining; i += 2, port += 2) {
		if (unlikely(port >= high))
			port -= remaining;
		if (inet_is_local_reserved_port(net, port))
			continue;
		head = &hinfo->bhash[inet_bhashfn(net, port, hinfo->bhash_size)];
		spin_lock_bh(&head->lock);

		inet_bind_bucket_for_each(tb, &head->chain) {
			if (net_eq(ib_net(tb), net) && tb->l3mdev == l3mdev &&
			    tb->port == port) {
				if (tb->fastreuse >= 0 ||
				    tb->fastreuseport >= 0) {
					KM_STEP(689,
						"This port was taken by bind(): skip it.");
					goto next_port;
				}
				WARN_ON(hlist_empty(&tb->owners));
				KM_STEP(691,
					"Other connect()s use this port: it can be shared if our 4-tuple is unused.");
				if (!check_established(death_row, sk, port, &tw))
					goto ok;
				goto next_port;
			}
		}

		KM_STEP(698,
			"Nobody uses this port: create its bind bucket, marked as made by connect() (fastreuse -1).");
		tb = inet_bind_bucket_create(hinfo->bind_bucket_cachep, net, head,
					     port, l3mdev);
		if (!tb) {
			spin_unlock_bh(&head->lock);
			return -ENOMEM;
		}
		tb->fastreuse = -1;
		tb->fastreuseport = -1;
		goto ok;
next_port:
		spin_unlock_bh(&head->lock);
	}

	offset++;
	if ((offset & 1) && remaining > 1) {
		KM_STEP(714,
			"No even port was free: scan again over the odd ones.");
		goto other_parity_scan;
	}

	KM_STEP(716,
		"Every port in the range is unusable for this destination.");
	return -EADDRNOTAVAIL;

ok:
	KM_STEP(719,
		"Advance the shared hint past this port, so the next connect() starts two ports further on.");
	*hint += i + 2;

	KM_STEP(722,
		"Claim the chosen port: join its bind bucket and set inet_num.");
	inet_bind_hash(sk, tb, port);
	if (sk_unhashed(sk)) {
		KM_STEP(724,
			"Set inet_sport and insert the socket into ehash.");
		inet_sk(sk)->inet_sport = htons(port);
		inet_ehash_nolisten(sk, (struct sock *)tw);
	}
	if (tw) {
		KM_STEP(728,
			"We took over a TIME_WAIT sock's 4-tuple: it leaves the bind bucket and ends now.");
		inet_twsk_bind_unhash(tw, hinfo);
	}
	spin_unlock(&head->lock);
	if (tw)
		inet_twsk_deschedule_put(tw);
	local_bh_enable();
	return 0;
	/* LAB 3 END: hash_connect */
}

int inet_hash_connect(struct inet_timewait_death_row *death_row,
		      struct sock *sk)
{
	KM_FUNC("net/ipv4/inet_hashtables.c:739",
		"Bind connect()'s local port and hash the socket in ehash.");
	u32 port_offset = 0;

	if (!inet_sk(sk)->inet_num) {
		KM_STEP(745,
			"No port yet: derive the search offset from the addresses and destination port.");
		port_offset = inet_sk_port_offset(sk);
	}
	return __inet_hash_connect(death_row, sk, port_offset,
				   __inet_check_established);
}

/* Boot: allocate the per-host tables (Linux: tcp_init sizes them by RAM). */
void inet_hashinfo_init_km(struct inet_hashinfo *h)
{
	/* mirrors: tcp_init */
	KM_FUNC("net/ipv4/tcp.c:3837",
		"Allocate the host's TCP hash tables (Linux: in tcp_init, sized by memory).");
	unsigned int i;

	h->ehash = kcalloc(KM_EHASH_SIZE, sizeof(*h->ehash), GFP_KERNEL);
	h->ehash_mask = KM_EHASH_SIZE - 1;
	for (i = 0; i < KM_EHASH_SIZE; i++)
		INIT_HLIST_NULLS_HEAD(&h->ehash[i].chain, i);
	h->bhash = kcalloc(KM_BHASH_SIZE, sizeof(*h->bhash), GFP_KERNEL);
	h->bhash_size = KM_BHASH_SIZE;
	for (i = 0; i < KM_BHASH_SIZE; i++) {
		spin_lock_init(&h->bhash[i].lock);
		INIT_HLIST_HEAD(&h->bhash[i].chain);
	}
	for (i = 0; i < INET_LHTABLE_SIZE; i++) {
		spin_lock_init(&h->listening_hash[i].lock);
		INIT_HLIST_HEAD(&h->listening_hash[i].head);
		h->listening_hash[i].count = 0;
	}
	h->bind_bucket_cachep = km_cache_create("tcp_bind_bucket",
						sizeof(struct inet_bind_bucket),
						KM_ID_BUCKET);
}

void inet_hashinfo_destroy_km(struct inet_hashinfo *h)
{
	kfree(h->ehash);
	kfree(h->bhash);
	h->ehash = NULL;
	h->bhash = NULL;
}
