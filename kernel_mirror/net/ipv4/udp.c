// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/udp.c (Linux 5.0.1) — UDP sockets: the port table
 * (hash by port, hash2 by address and port), binding and autobinding,
 * receiving datagrams (or answering ICMP port unreachable), ICMP errors
 * (__udp4_lib_err), disconnect and close.
 *
 * connect() itself is ip4_datagram_connect (net/ipv4/datagram.c).
 *
 * Simplifications (docs/architecture.md): no SO_REUSEPORT groups, no
 * encapsulation, no UDP-Lite, no GRO/GSO, no multicast delivery.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/random.h>
#include <linux/jhash.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <linux/poll.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/inet_common.h>
#include <net/inet_connection_sock.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/udp.h>
#include <net/route.h>
#include <net/checksum.h>
#include <net/protocol.h>
#include <net/snmp.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

/* Linux: `struct udp_table udp_table;` — the running host's table here. */
#define km_udp_table()	(&km_host()->udp_table)

#define PORTS_PER_CHAIN	(65536 / KM_UDP_HTABLE_SIZE)


/* The secondary (address, port) hash. */
static inline u32 ipv4_portaddr_hash(const struct net *net, __be32 saddr,
				     unsigned int port)
{
	return jhash_1word((__force u32)saddr, net_hash_mix(net)) ^ port;
}

/* Does another socket on this chain already use port num (for sk's addresses)? */
static int udp_lib_lport_inuse(struct net *net, __u16 num,
			       const struct udp_hslot *hslot,
			       unsigned long *bitmap,
			       struct sock *sk, unsigned int log)
{
	struct sock *sk2;
	kuid_t uid = sock_i_uid(sk);

	sk_for_each(sk2, &hslot->head) {
		if (net_eq(sock_net(sk2), net) && sk2 != sk &&
		    (bitmap || udp_sk(sk2)->udp_port_hash == num) &&
		    (!sk2->sk_reuse || !sk->sk_reuse) &&
		    (!sk2->sk_bound_dev_if || !sk->sk_bound_dev_if ||
		     sk2->sk_bound_dev_if == sk->sk_bound_dev_if) &&
		    inet_rcv_saddr_equal(sk, sk2, true)) {
			if (sk2->sk_reuseport && sk->sk_reuseport &&
			    uid_eq(uid, sock_i_uid(sk2))) {
				if (!bitmap)
					return 0;
			} else {
				if (!bitmap)
					return 1;
				__set_bit(udp_sk(sk2)->udp_port_hash >> log, bitmap);
			}
		}
	}
	return 0;
}

int udp_lib_get_port(struct sock *sk, unsigned short snum,
		     unsigned int hash2_nulladdr)
{
	KM_FUNC("net/ipv4/udp.c:233",
		"Claim UDP port snum, or with 0 pick a random free port in the ephemeral range.");
	struct udp_hslot *hslot, *hslot2;
	struct udp_table *udptable = km_udp_table();
	int error = 1;
	struct net *net = sock_net(sk);

	if (!snum) {
		int low, high, remaining;
		unsigned int rand;
		unsigned short first, last;
		unsigned long bitmap[PORTS_PER_CHAIN / BITS_PER_LONG];

		inet_get_local_port_range(net, &low, &high);
		remaining = (high - low) + 1;

		KM_STEP("net/ipv4/udp.c:246",
			"Random first port in the range; then walk each hash chain in odd multiples of its size.");
		rand = prandom_u32();
		first = reciprocal_scale(rand, remaining) + low;
		rand = (rand | 1) * (udptable->mask + 1);
		last = first + udptable->mask + 1;
		do {
			hslot = udp_hashslot(udptable, net, first);
			memset(bitmap, 0, sizeof(bitmap));
			spin_lock_bh(&hslot->lock);
			udp_lib_lport_inuse(net, snum, hslot, bitmap, sk,
					    udptable->log);

			snum = first;
			do {
				if (low <= snum && snum <= high &&
				    !test_bit(snum >> udptable->log, bitmap) &&
				    !inet_is_local_reserved_port(net, snum))
					goto found;
				snum += rand;
			} while (snum != first);
			spin_unlock_bh(&hslot->lock);
		} while (++first != last);
		goto fail;
	} else {
		hslot = udp_hashslot(udptable, net, snum);
		spin_lock_bh(&hslot->lock);
		if (udp_lib_lport_inuse(net, snum, hslot, NULL, sk, 0)) {
			KM_STEP("net/ipv4/udp.c:300",
				"The port is taken for these addresses: EADDRINUSE.");
			goto fail_unlock;
		}
	}
found:
	KM_STEP("net/ipv4/udp.c:304",
		"Record the port and add the socket to both hash tables.");
	inet_sk(sk)->inet_num = snum;
	udp_sk(sk)->udp_port_hash = snum;
	udp_sk(sk)->udp_portaddr_hash ^= snum;
	if (sk_unhashed(sk)) {
		sk_add_node(sk, &hslot->head);
		hslot->count++;
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, 1);

		hslot2 = udp_hashslot2(udptable, udp_sk(sk)->udp_portaddr_hash);
		hlist_add_head(&udp_sk(sk)->udp_portaddr_node, &hslot2->head);
		hslot2->count++;
	}
	sock_set_flag(sk, SOCK_RCU_FREE);
	error = 0;
fail_unlock:
	spin_unlock_bh(&hslot->lock);
fail:
	return KM_RET(error);
}

int udp_v4_get_port(struct sock *sk, unsigned short snum)
{
	KM_FUNC("net/ipv4/udp.c:345",
		"udp_prot.get_port: precompute the address hash, then udp_lib_get_port.");
	unsigned int hash2_nulladdr =
		ipv4_portaddr_hash(sock_net(sk), htonl(INADDR_ANY), snum);
	unsigned int hash2_partial =
		ipv4_portaddr_hash(sock_net(sk), inet_sk(sk)->inet_rcv_saddr, 0);

	udp_sk(sk)->udp_portaddr_hash = hash2_partial;
	return KM_RET(udp_lib_get_port(sk, snum, hash2_nulladdr));
}

/* How well a socket matches a datagram; -1 means not at all. */
static int compute_score(struct sock *sk, struct net *net,
			 __be32 saddr, __be16 sport,
			 __be32 daddr, unsigned short hnum,
			 int dif, int sdif, bool exact_dif)
{
	int score;
	struct inet_sock *inet;

	if (!net_eq(sock_net(sk), net) ||
	    udp_sk(sk)->udp_port_hash != hnum)
		return -1;

	score = (sk->sk_family == PF_INET) ? 2 : 1;
	inet = inet_sk(sk);

	if (inet->inet_rcv_saddr) {
		if (inet->inet_rcv_saddr != daddr)
			return -1;
		score += 4;
	}

	/* A connected socket only takes datagrams from its peer. */
	if (inet->inet_daddr) {
		if (inet->inet_daddr != saddr)
			return -1;
		score += 4;
	}

	if (inet->inet_dport) {
		if (inet->inet_dport != sport)
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

	if (sk->sk_incoming_cpu == 0)
		score++;
	return score;
}

static struct sock *udp4_lib_lookup2(struct net *net,
				     __be32 saddr, __be16 sport,
				     __be32 daddr, unsigned int hnum,
				     int dif, int sdif, bool exact_dif,
				     struct udp_hslot *hslot2)
{
	struct sock *sk, *result = NULL;
	int score, badness = 0;

	hlist_for_each_entry(sk, &hslot2->head, __sk_common.skc_portaddr_node) {
		score = compute_score(sk, net, saddr, sport, daddr, hnum,
				      dif, sdif, exact_dif);
		if (score > badness) {
			badness = score;
			result = sk;
		}
	}
	return result;
}

struct sock *__udp4_lib_lookup(struct net *net, __be32 saddr, __be16 sport,
			       __be32 daddr, __be16 dport, int dif, int sdif,
			       struct udp_table *udptable, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/udp.c:465",
		"Find the UDP socket for a datagram: bound to its address first, then the wildcard.");
	struct sock *result;
	unsigned short hnum = ntohs(dport);
	unsigned int hash2, slot2;
	struct udp_hslot *hslot2;

	hash2 = ipv4_portaddr_hash(net, daddr, hnum);
	slot2 = hash2 & udptable->mask;
	hslot2 = &udptable->hash2[slot2];

	result = udp4_lib_lookup2(net, saddr, sport, daddr, hnum, dif, sdif,
				  false, hslot2);
	if (!result) {
		hash2 = ipv4_portaddr_hash(net, htonl(INADDR_ANY), hnum);
		slot2 = hash2 & udptable->mask;
		hslot2 = &udptable->hash2[slot2];

		result = udp4_lib_lookup2(net, saddr, sport, htonl(INADDR_ANY),
					  hnum, dif, sdif, false, hslot2);
	}
	return KM_RETP(result);
}

/*
 * __udp4_lib_err: an ICMP error quotes one of our datagrams. Only hard
 * errors on connected sockets reach sk_err (unless IP_RECVERR is set, in
 * which case every error is queued and reported).
 */
int __udp4_lib_err(struct sk_buff *skb, u32 info, struct udp_table *udptable)
{
	KM_FUNC("net/ipv4/udp.c:645",
		"An ICMP error about one of our datagrams: find the socket, map the error, report it if it is hard.");
	struct inet_sock *inet;
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	struct udphdr *uh = (struct udphdr *)(skb->data + (iph->ihl << 2));
	const int type = icmp_hdr(skb)->type;
	const int code = icmp_hdr(skb)->code;
	struct sock *sk;
	int harderr;
	int err;
	struct net *net = dev_net(skb->dev);

	KM_STEP("net/ipv4/udp.c:657",
		"Look the socket up by the quoted header, seen from our side.");
	sk = __udp4_lib_lookup(net, iph->daddr, uh->dest, iph->saddr, uh->source,
			       skb->dev->ifindex, 0, udptable, NULL);
	if (!sk) {
		__ICMP_INC_STATS(net, ICMP_MIB_INERRORS);
		return KM_RET(-ENOENT);
	}

	err = 0;
	harderr = 0;
	inet = inet_sk(sk);

	KM_STEP("net/ipv4/udp.c:668",
		"Map the ICMP type/code to an errno; decide whether it is a hard error.");
	switch (type) {
	default:
	case ICMP_TIME_EXCEEDED:
		err = EHOSTUNREACH;
		break;
	case ICMP_SOURCE_QUENCH:
		goto out;
	case ICMP_PARAMETERPROB:
		err = EPROTO;
		harderr = 1;
		break;
	case ICMP_DEST_UNREACH:
		if (code == ICMP_FRAG_NEEDED) {
			/* Path MTU discovery (ipv4_sk_update_pmtu is not mirrored). */
			if (inet->pmtudisc != IP_PMTUDISC_DONT) {
				err = EMSGSIZE;
				harderr = 1;
				break;
			}
			goto out;
		}
		err = EHOSTUNREACH;
		if (code <= NR_ICMP_UNREACH) {
			harderr = icmp_err_convert[code].fatal;
			err = icmp_err_convert[code].errno;
		}
		break;
	case ICMP_REDIRECT:
		goto out;
	}

	/*
	 * RFC 1122 4.1.3.3: a socket that is not connected only hears of
	 * errors if it asked for them with IP_RECVERR.
	 */
	if (!inet->recverr) {
		if (!harderr || sk->sk_state != TCP_ESTABLISHED) {
			KM_STEP("net/ipv4/udp.c:711",
				"No IP_RECVERR: ignored, because it is a soft error or the socket is not connected.");
			goto out;
		}
	} else {
		KM_STEP("net/ipv4/udp.c:714",
			"IP_RECVERR: queue the error (with the quoted packet) on the error queue.");
		ip_icmp_error(sk, skb, err, uh->dest, info, (u8 *)(uh + 1));
	}

	KM_STEP("net/ipv4/udp.c:716",
		"Set sk_err and wake the socket: the next recv, send or SO_ERROR reports it.");
	sk->sk_err = err;
	sk->sk_error_report(sk);
out:
	return KM_RET(0);
}

int udp_err(struct sk_buff *skb, u32 info)
{
	KM_FUNC("net/ipv4/udp.c:735",
		"UDP's ICMP error handler.");
	return KM_RET(__udp4_lib_err(skb, info, km_udp_table()));
}

/* Queue a datagram on the socket, charging its receive buffer. */
static int __udp_queue_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/udp.c:1960",
		"Queue the datagram on the socket if its receive buffer has room, and wake the reader.");
	struct net *net = sock_net(sk);

	if (atomic_read(&sk->sk_rmem_alloc) + skb->truesize > sk->sk_rcvbuf) {
		KM_STEP("net/ipv4/udp.c:1975",
			"The receive buffer is full: count RcvbufErrors and drop.");
		__UDP_INC_STATS(net, UDP_MIB_RCVBUFERRORS, 0);
		__UDP_INC_STATS(net, UDP_MIB_INERRORS, 0);
		atomic_inc(&sk->sk_drops);
		kfree_skb(skb);
		return KM_RET(-1);
	}

	skb_dst_drop(skb);
	skb_set_owner_r(skb, sk);
	__skb_queue_tail(&sk->sk_receive_queue, skb);
	__UDP_INC_STATS(net, UDP_MIB_INDATAGRAMS, 0);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_data_ready(sk);
	return KM_RET(0);
}

int udp_rcv(struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/udp.c:2254",
		"Receive a UDP datagram: validate, find the socket, queue it — or answer port unreachable.");
	struct sock *sk;
	struct udphdr *uh;
	unsigned short ulen;
	struct rtable *rt = skb_rtable(skb);
	__be32 saddr, daddr;
	struct net *net = dev_net(skb->dev);

	if (!pskb_may_pull(skb, sizeof(struct udphdr)))
		goto drop;

	uh = udp_hdr(skb);
	ulen = ntohs(uh->len);
	saddr = ip_hdr(skb)->saddr;
	daddr = ip_hdr(skb)->daddr;

	KM_STEP("net/ipv4/udp.c:2279",
		"The UDP length must fit the packet; trim any padding beyond it.");
	if (ulen > skb->len)
		goto short_packet;
	if (ulen < sizeof(*uh) || pskb_trim_rcsum(skb, ulen))
		goto short_packet;
	uh = udp_hdr(skb);

	KM_STEP("net/ipv4/udp.c:2290",
		"Verify the checksum (0 means the sender did not compute one).");
	if (skb_checksum_init_km(skb, IPPROTO_UDP))
		goto csum_error;

	if (rt->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST)) {
		/* __udp4_lib_mcast_deliver(): not mirrored, dropped. */
		consume_skb(skb);
		return KM_RET(0);
	}

	sk = __udp4_lib_lookup(net, saddr, uh->source, daddr, uh->dest,
			       inet_iif(skb), 0, km_udp_table(), skb);
	if (sk) {
		__udp_queue_rcv_skb(sk, skb);
		return KM_RET(0);
	}

	KM_STEP("net/ipv4/udp.c:2335",
		"No socket on that port: count NoPorts and answer ICMP port unreachable.");
	__UDP_INC_STATS(net, UDP_MIB_NOPORTS, 0);
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
	kfree_skb(skb);
	return KM_RET(0);

short_packet:
	goto drop;
csum_error:
	KM_STEP("net/ipv4/udp.c:2352",
		"Bad checksum: count InCsumErrors and drop silently.");
	__UDP_INC_STATS(net, UDP_MIB_CSUMERRORS, 0);
drop:
	__UDP_INC_STATS(net, UDP_MIB_INERRORS, 0);
	kfree_skb(skb);
	return KM_RET(0);
}

int udp_init_sock(struct sock *sk)
{
	KM_FUNC("net/ipv4/udp.c:1442",
		"udp_prot.init: UDP sockets free their memory through udp_destruct_sock.");
	skb_queue_head_init(&udp_sk(sk)->reader_queue);
	return KM_RET(0);
}

void udp_destroy_sock(struct sock *sk)
{
	KM_FUNC("net/ipv4/udp.c:2411",
		"udp_prot.destroy: flush any corked datagram.");
	lock_sock(sk);
	udp_sk(sk)->pending = 0;
	release_sock(sk);
}

int __udp_disconnect(struct sock *sk, int flags)
{
	KM_FUNC("net/ipv4/udp.c:1829",
		"Dissolve the association: CLOSE, forget peer address and port, maybe the local address and port.");
	struct inet_sock *inet = inet_sk(sk);

	sk->sk_state = TCP_CLOSE;
	inet->inet_daddr = 0;
	inet->inet_dport = 0;
	sk->sk_bound_dev_if = 0;
	if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK)) {
		KM_STEP("net/ipv4/udp.c:1842",
			"The local address was chosen by connect(), not bind(): forget it.");
		inet_reset_saddr(sk);
	}

	if (!(sk->sk_userlocks & SOCK_BINDPORT_LOCK)) {
		KM_STEP("net/ipv4/udp.c:1845",
			"The port was autobound: unhash and release it.");
		sk->sk_prot->unhash(sk);
		inet->inet_sport = 0;
	}
	sk_dst_reset(sk);
	return KM_RET(0);
}

int udp_disconnect(struct sock *sk, int flags)
{
	KM_FUNC("net/ipv4/udp.c:1853",
		"connect(AF_UNSPEC) on UDP: __udp_disconnect under the socket lock.");
	lock_sock(sk);
	__udp_disconnect(sk, flags);
	release_sock(sk);
	return KM_RET(0);
}

void udp_lib_unhash(struct sock *sk)
{
	KM_FUNC("net/ipv4/udp.c:1861",
		"Remove the socket from both UDP hash tables and free its port.");
	if (sk_hashed(sk)) {
		struct udp_table *udptable = km_udp_table();
		struct udp_hslot *hslot, *hslot2;

		hslot = udp_hashslot(udptable, sock_net(sk),
				     udp_sk(sk)->udp_port_hash);
		hslot2 = udp_hashslot2(udptable, udp_sk(sk)->udp_portaddr_hash);

		spin_lock_bh(&hslot->lock);
		if (sk_del_node_init(sk)) {
			hslot->count--;
			inet_sk(sk)->inet_num = 0;
			sock_prot_inuse_add(sock_net(sk), sk->sk_prot, -1);

			hlist_del_init(&udp_sk(sk)->udp_portaddr_node);
			hslot2->count--;
		}
		spin_unlock_bh(&hslot->lock);
	}
}

void udp_lib_rehash(struct sock *sk, u16 newhash)
{
	KM_FUNC("net/ipv4/udp.c:1892",
		"The bound address changed (connect chose it): move the socket in the address hash.");
	if (sk_hashed(sk)) {
		struct udp_table *udptable = km_udp_table();
		struct udp_hslot *hslot2, *nhslot2;

		hslot2 = udp_hashslot2(udptable, udp_sk(sk)->udp_portaddr_hash);
		nhslot2 = udp_hashslot2(udptable, newhash);
		udp_sk(sk)->udp_portaddr_hash = newhash;

		if (hslot2 != nhslot2) {
			hlist_del_init(&udp_sk(sk)->udp_portaddr_node);
			hslot2->count--;

			hlist_add_head(&udp_sk(sk)->udp_portaddr_node,
				       &nhslot2->head);
			nhslot2->count++;
		}
	}
}

void udp_v4_rehash(struct sock *sk)
{
	u16 new_hash = ipv4_portaddr_hash(sock_net(sk),
					  inet_sk(sk)->inet_rcv_saddr,
					  inet_sk(sk)->inet_num);
	udp_lib_rehash(sk, new_hash);
}

void udp_lib_close_km(struct sock *sk, long timeout)
{
	KM_FUNC("include/net/udp.h:190",
		"Close a UDP socket: the generic datagram release (sk_common_release).");
	sk_common_release(sk);
}

__poll_t udp_poll(struct file *file, struct socket *sock,
		  struct poll_table_struct *wait)
{
	KM_FUNC("net/ipv4/udp.c:2620",
		"poll() on a datagram socket: readable if a datagram or an error is pending, writable if there is buffer room.");
	struct sock *sk = sock->sk;
	__poll_t mask = 0;

	poll_wait(file, sk_sleep(sk), wait);	/* sock_poll_wait() */

	if (sk->sk_err || !skb_queue_empty(&sk->sk_error_queue))
		mask |= EPOLLERR |
			(sock_flag(sk, SOCK_SELECT_ERR_QUEUE) ? EPOLLPRI : 0);
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= EPOLLRDHUP | EPOLLIN | EPOLLRDNORM;
	if (sk->sk_shutdown == SHUTDOWN_MASK)
		mask |= EPOLLHUP;
	if (!skb_queue_empty(&sk->sk_receive_queue))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (sock_writeable(sk))
		mask |= EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND;
	else
		sk_set_bit(SOCKWQ_ASYNC_NOSPACE, sk);
	return KM_RET(mask);
}

int udp_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	/* The datagram output path is part of issue 5 (UDP and ICMP). */
	return -EOPNOTSUPP;
}

int udp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int noblock,
		int flags, int *addr_len)
{
	if (flags & MSG_ERRQUEUE)
		return ip_recv_error(sk, msg, len, addr_len);
	/* The datagram receive path is part of issue 5 (UDP and ICMP). */
	return -EOPNOTSUPP;
}

const struct proto udp_prot = {
	.name		   = "UDP",
	.close		   = udp_lib_close_km,
	.connect	   = ip4_datagram_connect,
	.disconnect	   = udp_disconnect,
	.init		   = udp_init_sock,
	.destroy	   = udp_destroy_sock,
	.setsockopt	   = ip_setsockopt,
	.getsockopt	   = ip_getsockopt,
	.sendmsg	   = udp_sendmsg,
	.recvmsg	   = udp_recvmsg,
	.hash		   = NULL,
	.unhash		   = udp_lib_unhash,
	.rehash		   = udp_v4_rehash,
	.get_port	   = udp_v4_get_port,
	.obj_size	   = sizeof(struct udp_sock),
	.km_table	   = KM_TABLE_UDP,
};

const struct net_protocol udp_protocol = {
	.handler =	udp_rcv,
	.err_handler =	udp_err,
	.no_policy =	1,
	.netns_ok =	1,
};

void udp_table_init_km(struct udp_table *table)
{
	unsigned int i;

	table->hash = kcalloc(2 * KM_UDP_HTABLE_SIZE, sizeof(struct udp_hslot),
			      GFP_KERNEL);
	table->hash2 = table->hash + KM_UDP_HTABLE_SIZE;
	table->mask = KM_UDP_HTABLE_SIZE - 1;
	table->log = ilog2(KM_UDP_HTABLE_SIZE);
	for (i = 0; i <= table->mask; i++) {
		INIT_HLIST_HEAD(&table->hash[i].head);
		table->hash[i].count = 0;
		spin_lock_init(&table->hash[i].lock);
		INIT_HLIST_HEAD(&table->hash2[i].head);
		table->hash2[i].count = 0;
		spin_lock_init(&table->hash2[i].lock);
	}
}

void udp_init(void)
{
	KM_FUNC("net/ipv4/udp.c:2850",
		"Boot: allocate the UDP port table (primary and secondary hash).");
	udp_table_init_km(km_udp_table());
}
