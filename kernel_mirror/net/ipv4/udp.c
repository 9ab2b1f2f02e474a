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
#include <linux/socket.h>
#include <linux/uio.h>
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
	KM_FUNC("net/ipv4/udp.c:242",
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

		KM_STEP(259,
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
			KM_STEP(317,
				"The port is taken for these addresses: EADDRINUSE.");
			goto fail_unlock;
		}
	}
found:
	KM_STEP(320, "Record the port and add the socket to both hash tables.");
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
	return error;
}

int udp_v4_get_port(struct sock *sk, unsigned short snum)
{
	KM_FUNC("net/ipv4/udp.c:357",
		"udp_prot.get_port: precompute the address hash, then udp_lib_get_port.");
	unsigned int hash2_nulladdr =
		ipv4_portaddr_hash(sock_net(sk), htonl(INADDR_ANY), snum);
	unsigned int hash2_partial =
		ipv4_portaddr_hash(sock_net(sk), inet_sk(sk)->inet_rcv_saddr, 0);

	udp_sk(sk)->udp_portaddr_hash = hash2_partial;
	return udp_lib_get_port(sk, snum, hash2_nulladdr);
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
	KM_FUNC("net/ipv4/udp.c:460",
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
	return result;
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
	/* LAB 7 BEGIN: udp_err — which ICMP errors reach a UDP socket, and how */
	struct inet_sock *inet;
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	struct udphdr *uh = (struct udphdr *)(skb->data + (iph->ihl << 2));
	const int type = icmp_hdr(skb)->type;
	const int code = icmp_hdr(skb)->code;
	struct sock *sk;
	int harderr;
	int err;
	struct net *net = dev_net(skb->dev);

	KM_STEP(658,
		"Look the socket up by the quoted header, seen from our side.");
	sk = __udp4_lib_lookup(net, iph->daddr, uh->dest, iph->saddr, uh->source,
			       skb->dev->ifindex, 0, udptable, NULL);
	if (!sk) {
		__ICMP_INC_STATS(net, ICMP_MIB_INERRORS);
		return -ENOENT;
	}

	err = 0;
	harderr = 0;
	inet = inet_sk(sk);

	KM_STEP(683,
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
		if (code == ICMP_FRAG_NEEDED) { /* Path MTU discovery */
			KM_STEP(696,
				"Fragmentation needed: lower the path MTU of the socket's route (ipv4_sk_update_pmtu).");
			ipv4_sk_update_pmtu(skb, sk, info);
			if (inet->pmtudisc != IP_PMTUDISC_DONT) {
				err = EMSGSIZE;
				harderr = 1;
				break;
			}
			KM_STEP(702,
				"IP_PMTUDISC_DONT: the socket fragments instead, so no error is reported.");
			goto out;
		}
		err = EHOSTUNREACH;
		if (code <= NR_ICMP_UNREACH) {
			harderr = icmp_err_convert[code].fatal;
			err = icmp_err_convert[code].errno;
		}
		break;
	case ICMP_REDIRECT:
		KM_STEP(711,
			"A redirect: the route learns the better gateway (ipv4_sk_redirect); no error for the socket.");
		ipv4_sk_redirect(skb, sk);
		goto out;
	}

	/*
	 * RFC 1122 4.1.3.3: a socket that is not connected only hears of
	 * errors if it asked for them with IP_RECVERR.
	 */
	if (!inet->recverr) {
		if (!harderr || sk->sk_state != TCP_ESTABLISHED) {
			KM_STEP(725,
				"No IP_RECVERR: ignored, because it is a soft error or the socket is not connected.");
			goto out;
		}
	} else {
		KM_STEP(727,
			"IP_RECVERR: queue the error (with the quoted packet) on the error queue.");
		ip_icmp_error(sk, skb, err, uh->dest, info, (u8 *)(uh + 1));
	}

	KM_STEP(729,
		"Set sk_err and wake the socket: the next recv, send or SO_ERROR reports it.");
	sk->sk_err = err;
	sk->sk_error_report(sk);
out:
	return 0;
	/* LAB 7 END: udp_err */
}

int udp_err(struct sk_buff *skb, u32 info)
{
	KM_FUNC("net/ipv4/udp.c:735",
		"UDP's ICMP error handler.");
	return __udp4_lib_err(skb, info, km_udp_table());
}

/*
 * Receive-buffer accounting. Linux charges datagrams to sk_forward_alloc
 * and releases them in batches when the reader dequeues them
 * (udp_rmem_release); kmirror has no protocol memory accounting, so a
 * queued datagram is charged to sk_rmem_alloc with skb_set_owner_r() and
 * uncharged when it is freed. The admission rule is 5.0's.
 */
int __udp_enqueue_schedule_skb(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/udp.c:1425",
		"Queue the datagram on sk_receive_queue if the receive buffer allows, and wake the reader.");
	struct sk_buff_head *list = &sk->sk_receive_queue;
	int rmem, err = -ENOMEM;
	int size;

	rmem = atomic_read(&sk->sk_rmem_alloc);
	if (rmem > sk->sk_rcvbuf) {
		KM_STEP(1437,
			"The receive buffer is already over SO_RCVBUF: drop (RcvbufErrors).");
		goto drop;
	}

	size = skb->truesize;
	rmem = atomic_read(&sk->sk_rmem_alloc) + size;
	if (rmem > (size + sk->sk_rcvbuf))
		goto drop;

	KM_STEP(1480,
		"Charge it to sk_rmem_alloc, append it to sk_receive_queue, call sk_data_ready.");
	skb_set_owner_r(skb, sk);
	__skb_queue_tail(list, skb);

	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_data_ready(sk);
	return 0;

drop:
	atomic_inc(&sk->sk_drops);
	return err;
}

static int __udp_queue_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/udp.c:1939",
		"Enqueue the datagram; count and drop it if the socket cannot take it.");
	int rc;

	rc = __udp_enqueue_schedule_skb(sk, skb);
	if (rc < 0) {
		if (rc == -ENOMEM)
			UDP_INC_STATS(sock_net(sk), UDP_MIB_RCVBUFERRORS, 0);
		UDP_INC_STATS(sock_net(sk), UDP_MIB_INERRORS, 0);
		kfree_skb(skb);
		return -1;
	}
	return 0;
}

/* The UDP header is consumed: the queued skb holds just the payload. */
static inline void udp_csum_pull_header(struct sk_buff *skb)
{
	skb_pull(skb, sizeof(struct udphdr));
}

/* No encapsulation sockets, no UDP-Lite coverage, no socket filters. */
static int udp_queue_rcv_one_skb(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/udp.c:1976",
		"Give the datagram to the socket: strip the UDP header, then queue it.");
	KM_STEP(2065,
		"Pull the UDP header: the receive queue holds the payload, udp_hdr() still finds the ports.");
	udp_csum_pull_header(skb);
	skb_dst_drop(skb);
	return __udp_queue_rcv_skb(sk, skb);
}

static int udp_queue_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/udp.c:2079",
		"Queue one datagram on the socket (kmirror receives no GRO super-packets to split).");
	return udp_queue_rcv_one_skb(sk, skb);
}

static int udp_unicast_rcv_skb(struct sock *sk, struct sk_buff *skb,
			       struct udphdr *uh)
{
	int ret;

	ret = udp_queue_rcv_skb(sk, skb);
	if (ret > 0)
		return -ret;
	return 0;
}

/*
 * The checksum. Linux validates short datagrams here and defers long
 * ones (over 76 bytes) to recvmsg, which copies and checksums in one
 * pass; kmirror validates every datagram on arrival (a bad one is
 * dropped and counted here instead of at recvmsg time).
 */
static inline int udp4_csum_init(struct sk_buff *skb, struct udphdr *uh,
				 int proto)
{
	return skb_checksum_init_km(skb, proto);
}

int __udp4_lib_rcv(struct sk_buff *skb, struct udp_table *udptable, int proto)
{
	KM_FUNC("net/ipv4/udp.c:2259",
		"Receive a UDP datagram: validate it, find the socket, queue it — or answer ICMP port unreachable.");
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

	KM_STEP(2280,
		"The UDP length must be at least 8 and fit the packet; trim any padding beyond it.");
	if (ulen > skb->len)
		goto short_packet;
	if (ulen < sizeof(*uh) || pskb_trim_rcsum(skb, ulen))
		goto short_packet;
	uh = udp_hdr(skb);

	KM_STEP(2290,
		"Check the checksum over the pseudo-header (0 means the sender sent none).");
	if (udp4_csum_init(skb, uh, proto))
		goto csum_error;

	if (rt->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST)) {
		/*
		 * __udp4_lib_mcast_deliver() is not mirrored: broadcast and
		 * multicast datagrams are dropped, with no ICMP.
		 */
		KM_STEP(2307,
			"Broadcast or multicast: multicast delivery is not mirrored, the datagram is dropped.");
		consume_skb(skb);
		return 0;
	}

	KM_STEP(2310,
		"Find the socket: a connected socket matches only datagrams from its peer's address and port.");
	sk = __udp4_lib_lookup(net, saddr, uh->source, daddr, uh->dest,
			       inet_iif(skb), 0, udptable, skb);
	if (sk)
		return udp_unicast_rcv_skb(sk, skb, uh);

	KM_STEP(2322,
		"No socket for this port: count NoPorts and answer ICMP port unreachable (icmp_send).");
	__UDP_INC_STATS(net, UDP_MIB_NOPORTS, proto == IPPROTO_UDPLITE);
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
	kfree_skb(skb);
	return 0;

short_packet:
	KM_STEP(2338, "A short or inconsistent datagram: drop it (InErrors).");
	goto drop;
csum_error:
	KM_STEP(2349,
		"Bad checksum: count InCsumErrors and drop silently (no ICMP).");
	__UDP_INC_STATS(net, UDP_MIB_CSUMERRORS, proto == IPPROTO_UDPLITE);
drop:
	__UDP_INC_STATS(net, UDP_MIB_INERRORS, proto == IPPROTO_UDPLITE);
	kfree_skb(skb);
	return 0;
}

int udp_rcv(struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/udp.c:2480",
		"inet_protos[IPPROTO_UDP].handler: __udp4_lib_rcv on the UDP table.");
	return __udp4_lib_rcv(skb, km_udp_table(), IPPROTO_UDP);
}

/* Free the datagrams still queued when the sock goes (udp_destruct_sock). */
void udp_destruct_sock(struct sock *sk)
{
	KM_FUNC("net/ipv4/udp.c:1499",
		"The UDP sock's last reference is gone: free queued datagrams, then inet_sock_destruct.");
	struct udp_sock *up = udp_sk(sk);
	struct sk_buff *skb;

	skb_queue_splice_tail_init(&sk->sk_receive_queue, &up->reader_queue);
	while ((skb = __skb_dequeue(&up->reader_queue)) != NULL)
		kfree_skb(skb);

	inet_sock_destruct(sk);
}

int udp_init_sock(struct sock *sk)
{
	KM_FUNC("net/ipv4/udp.c:1517",
		"udp_prot.init: the reader queue, and udp_destruct_sock as the destructor.");
	skb_queue_head_init(&udp_sk(sk)->reader_queue);
	sk->sk_destruct = udp_destruct_sock;
	return 0;
}

void udp_destroy_sock(struct sock *sk)
{
	KM_FUNC("net/ipv4/udp.c:2485",
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
		KM_STEP(1842,
			"The local address was chosen by connect(), not bind(): forget it.");
		inet_reset_saddr(sk);
	}

	if (!(sk->sk_userlocks & SOCK_BINDPORT_LOCK)) {
		KM_STEP(1845, "The port was autobound: unhash and release it.");
		sk->sk_prot->unhash(sk);
		inet->inet_sport = 0;
	}
	sk_dst_reset(sk);
	return 0;
}

int udp_disconnect(struct sock *sk, int flags)
{
	KM_FUNC("net/ipv4/udp.c:1853",
		"connect(AF_UNSPEC) on UDP: __udp_disconnect under the socket lock.");
	lock_sock(sk);
	__udp_disconnect(sk, flags);
	release_sock(sk);
	return 0;
}

void udp_lib_unhash(struct sock *sk)
{
	KM_FUNC("net/ipv4/udp.c:1862",
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
	KM_FUNC("net/ipv4/udp.c:1893",
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
	KM_FUNC("net/ipv4/udp.c:1931",
		"udp_prot.rehash: the local address changed; recompute the address hash.");
	u16 new_hash = ipv4_portaddr_hash(sock_net(sk),
					  inet_sk(sk)->inet_rcv_saddr,
					  inet_sk(sk)->inet_num);
	udp_lib_rehash(sk, new_hash);
}

void udp_lib_close_km(struct sock *sk, long timeout)
{
	KM_FUNC("include/net/udp.h:204",
		"Close a UDP socket: the generic datagram release (sk_common_release).");
	sk_common_release(sk);
}

__poll_t udp_poll(struct file *file, struct socket *sock,
		  struct poll_table_struct *wait)
{
	KM_FUNC("net/ipv4/udp.c:2722",
		"poll() on a UDP socket: datagram_poll, plus datagrams already moved to the reader queue.");
	__poll_t mask = datagram_poll(file, sock, wait);
	struct sock *sk = sock->sk;

	if (!skb_queue_empty(&udp_sk(sk)->reader_queue))
		mask |= EPOLLIN | EPOLLRDNORM;

	/* kmirror: Linux drops EPOLLIN here for a blocking socket whose
	 * first datagram has a bad checksum (first_packet_length); kmirror
	 * checks checksums before queueing, so there is none to find. */
	return mask;
}

/*
 * Building a datagram. Linux's ip_make_skb() runs ip_setup_cork(),
 * __ip_append_data() (which can spread a datagram over many buffers and
 * fragments) and __ip_make_skb() (which joins them under one IP header).
 * A kmirror datagram is always one linear buffer, so this condenses the
 * three for that case, in their order and with their rules:
 *   - the size limit: without DF (IP_PMTUDISC_WANT/DONT) 65535 bytes of
 *     IP packet, with IP_PMTUDISC_DO/PROBE the route's MTU (then EMSGSIZE,
 *     and an error-queue report with IP_RECVERR: ip_local_error);
 *   - the buffer comes from sock_alloc_send_skb(), which reports a pending
 *     sk_err first (how send() returns an ICMP error) and enforces
 *     SO_SNDBUF (EAGAIN with MSG_DONTWAIT);
 *   - the payload is copied from the user (EFAULT);
 *   - the IP header: TOS, DF, TTL, protocol, addresses, IP ID.
 * The route reference moves into the skb (*rtp becomes NULL), as
 * ip_setup_cork() and __ip_make_skb() hand it over.
 */
static struct sk_buff *ip_make_skb_km(struct sock *sk, struct flowi4 *fl4,
				      struct msghdr *msg, int length,
				      int transhdrlen, struct ipcm_cookie *ipc,
				      struct rtable **rtp, unsigned int flags)
{
	KM_FUNC("net/ipv4/ip_output.c:1508",
		"Build the datagram in one buffer: size check, sock_alloc_send_skb, copy the payload, the IP header.");
	struct inet_sock *inet = inet_sk(sk);
	struct net *net = sock_net(sk);
	struct rtable *rt = *rtp;
	unsigned int fragheaderlen = sizeof(struct iphdr);
	unsigned int mtu, maxnonfragsize, hh_len;
	struct sk_buff *skb;
	struct iphdr *iph;
	__be16 df = 0;
	u8 ttl;
	int err;

	if (flags & MSG_PROBE)
		return NULL;

	KM_STEP(1172,
		"ip_setup_cork: the fragment size is the path MTU (or the device's).");
	mtu = ip_sk_use_pmtu(sk) ? dst_mtu(&rt->dst) : rt->dst.dev->mtu;
	hh_len = LL_RESERVED_SPACE(rt->dst.dev);

	maxnonfragsize = ip_sk_ignore_df(sk) ? 0xFFFF : mtu;
	if (length > (int)(maxnonfragsize - fragheaderlen)) {
		KM_STEP(905,
			"Too big to send (65535 bytes of IP packet, or the MTU with DF forced): EMSGSIZE.");
		ip_local_error_km(sk, EMSGSIZE, fl4->daddr, inet->inet_dport,
				  mtu);
		return ERR_PTR(-EMSGSIZE);
	}

	KM_STEP(998,
		"The first buffer comes from sock_alloc_send_skb: it reports a pending error, and checks SO_SNDBUF.");
	skb = sock_alloc_send_skb(sk, length + fragheaderlen + hh_len + 15,
				  (flags & MSG_DONTWAIT), &err);
	if (!skb)
		return ERR_PTR(err);

	skb->ip_summed = CHECKSUM_NONE;
	skb->csum = 0;
	skb_reserve(skb, hh_len);
	skb_put(skb, fragheaderlen + length);
	skb_reset_network_header(skb);
	skb->transport_header = skb->network_header + fragheaderlen;

	KM_STEP(1040,
		"Copy the payload from the user's buffers behind the room for the UDP header (ip_generic_getfrag).");
	if (copy_from_iter(skb_transport_header(skb) + transhdrlen,
			   length - transhdrlen, &msg->msg_iter) !=
	    (size_t)(length - transhdrlen)) {
		kfree_skb(skb);
		return ERR_PTR(-EFAULT);
	}

	KM_STEP(1411,
		"__ip_make_skb: DF if PMTU discovery says so; TTL from IP_TTL (multicast: IP_MULTICAST_TTL) or the default.");
	if (inet->pmtudisc == IP_PMTUDISC_DO ||
	    inet->pmtudisc == IP_PMTUDISC_PROBE ||
	    (skb->len <= dst_mtu(&rt->dst) &&
	     ip_dont_fragment(sk, &rt->dst)))
		df = htons(IP_DF);

	if (ipc->ttl != 0)
		ttl = ipc->ttl;
	else if (rt->rt_type == RTN_MULTICAST)
		ttl = inet->mc_ttl;
	else
		ttl = inet->uc_ttl >= 0 ? inet->uc_ttl :
			ip4_dst_hoplimit(&rt->dst);	/* ip_select_ttl() */

	iph = ip_hdr(skb);
	iph->version = 4;
	iph->ihl = 5;
	iph->tos = (ipc->tos != -1) ? ipc->tos : inet->tos;
	iph->frag_off = df;
	iph->ttl = ttl;
	iph->protocol = sk->sk_protocol;
	iph->saddr = fl4->saddr;
	iph->daddr = fl4->daddr;
	KM_STEP(1435,
		"IP ID: a DF datagram of a connected socket takes inet_id (then +1); unconnected DF: 0.");
	ip_select_ident(net, skb, sk);

	skb->priority = (ipc->tos != -1) ? ipc->priority : sk->sk_priority;
	skb->mark = sk->sk_mark;
	skb_dst_set(skb, &rt->dst);
	*rtp = NULL;
	return skb;
}

static int udp_send_skb(struct sk_buff *skb, struct flowi4 *fl4)
{
	KM_FUNC("net/ipv4/udp.c:827",
		"Write the UDP header (ports, length, checksum over the pseudo-header) and send it.");
	struct sock *sk = skb->sk;
	struct inet_sock *inet = inet_sk(sk);
	struct udphdr *uh;
	int err = 0;
	int offset = skb_transport_offset(skb);
	int len = skb->len - offset;
	__wsum csum;

	uh = udp_hdr(skb);
	uh->source = inet->inet_sport;
	uh->dest = fl4->fl4_dport;
	uh->len = htons(len);
	uh->check = 0;

	if (sk->sk_no_check_tx) {
		skb->ip_summed = CHECKSUM_NONE;
		goto send;
	}

	KM_STEP(892,
		"The checksum covers the pseudo-header, the UDP header and the payload; 0 is sent as 0xffff.");
	csum = csum_partial(uh, len, 0);	/* udp_csum() */
	uh->check = csum_tcpudp_magic(fl4->saddr, fl4->daddr, len,
				      sk->sk_protocol, csum);
	if (uh->check == 0)
		uh->check = CSUM_MANGLED_0;

send:
	err = ip_send_skb(sock_net(sk), skb);
	if (err) {
		if (err == -ENOBUFS && !inet->recverr) {
			UDP_INC_STATS(sock_net(sk), UDP_MIB_SNDBUFERRORS, 0);
			err = 0;
		}
	} else {
		UDP_INC_STATS(sock_net(sk), UDP_MIB_OUTDATAGRAMS, 0);
	}
	return err;
}

/*
 * Simplifications: no corking (UDP_CORK, MSG_MORE: EOPNOTSUPP here, so a
 * program relying on it fails loudly), no control messages (IP_PKTINFO,
 * IP_TTL... in msg_control: ignored), no IP options, no BPF hooks.
 */
int udp_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	KM_FUNC("net/ipv4/udp.c:975",
		"send()/sendto() on UDP: pick the destination, route it (or use the connected route), build and send the datagram.");
	struct inet_sock *inet = inet_sk(sk);
	struct udp_sock *up = udp_sk(sk);
	struct sockaddr_in *usin = (struct sockaddr_in *)msg->msg_name;
	struct flowi4 fl4_stack;
	struct flowi4 *fl4;
	int ulen = len;
	struct ipcm_cookie ipc;
	struct rtable *rt = NULL;
	int connected = 0;
	__be32 daddr, faddr, saddr;
	__be16 dport;
	u8 tos;
	int err;
	int corkreq = up->corkflag || msg->msg_flags & MSG_MORE;
	struct sk_buff *skb;

	KM_STEP(996,
		"A UDP payload is at most 65535 bytes (EMSGSIZE); MSG_OOB is EOPNOTSUPP.");
	if (len > 0xFFFF)
		return -EMSGSIZE;

	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;

	if (corkreq)
		return -EOPNOTSUPP;	/* corking: not mirrored */

	fl4 = &inet->cork.fl.u.ip4;
	ulen += sizeof(struct udphdr);

	if (usin) {
		KM_STEP(1030,
			"sendto() with an address: at least 16 bytes, AF_INET (or AF_UNSPEC), port not 0.");
		if (msg->msg_namelen < (int)sizeof(*usin))
			return -EINVAL;
		if (usin->sin_family != AF_INET) {
			if (usin->sin_family != AF_UNSPEC)
				return -EAFNOSUPPORT;
		}

		daddr = usin->sin_addr.s_addr;
		dport = usin->sin_port;
		if (dport == 0)
			return -EINVAL;
	} else {
		KM_STEP(1042,
			"send() without an address needs a connected socket (else EDESTADDRREQ): use its peer and cached route.");
		if (sk->sk_state != TCP_ESTABLISHED)
			return -EDESTADDRREQ;
		daddr = inet->inet_daddr;
		dport = inet->inet_dport;
		connected = 1;
	}

	/* inlined: ipcm_init_sk() */
	memset(&ipc, 0, sizeof(ipc));
	ipc.tos = -1;
	ipc.oif = sk->sk_bound_dev_if;
	ipc.addr = inet->inet_saddr;

	saddr = ipc.addr;
	ipc.addr = faddr = daddr;

	tos = (ipc.tos != -1) ? RT_TOS(ipc.tos) : RT_TOS(inet->tos);
	if (sock_flag(sk, SOCK_LOCALROUTE) ||
	    (msg->msg_flags & MSG_DONTROUTE)) {
		tos |= RTO_ONLINK;
		connected = 0;
	}

	if (ipv4_is_multicast(daddr)) {
		KM_STEP(1117,
			"A multicast destination: the IP_MULTICAST_IF device and address.");
		if (!ipc.oif)
			ipc.oif = inet->mc_index;
		if (!saddr)
			saddr = inet->mc_addr;
		connected = 0;
	} else if (!ipc.oif) {
		ipc.oif = inet->uc_index;
	}

	if (connected)
		rt = (struct rtable *)sk_dst_check(sk, 0);

	if (!rt) {
		struct net *net = sock_net(sk);
		__u8 flow_flags = inet_sk_flowi_flags(sk);

		KM_STEP(1145,
			"No usable cached route: look one up for this datagram; routing errors are returned.");
		fl4 = &fl4_stack;

		flowi4_init_output(fl4, ipc.oif, sk->sk_mark, tos,
				   RT_SCOPE_UNIVERSE, sk->sk_protocol,
				   flow_flags,
				   faddr, saddr, dport, inet->inet_sport,
				   sk->sk_uid);

		rt = ip_route_output_flow(net, fl4, sk);
		if (IS_ERR(rt)) {
			err = PTR_ERR(rt);
			rt = NULL;
			if (err == -ENETUNREACH)
				IP_INC_STATS(net, IPSTATS_MIB_OUTNOROUTES);
			goto out;
		}

		err = -EACCES;
		if ((rt->rt_flags & RTCF_BROADCAST) &&
		    !sock_flag(sk, SOCK_BROADCAST)) {
			KM_STEP(1166,
				"A broadcast destination without SO_BROADCAST: EACCES.");
			goto out;
		}
		if (connected)
			sk_dst_set(sk, dst_clone(&rt->dst));
	}

	saddr = fl4->saddr;
	if (!ipc.addr)
		daddr = ipc.addr = fl4->daddr;

	KM_STEP(1183,
		"Not corked: build the whole datagram now (ip_make_skb) and send it (udp_send_skb).");
	skb = ip_make_skb_km(sk, fl4, msg, ulen, sizeof(struct udphdr), &ipc,
			     &rt, msg->msg_flags);
	err = PTR_ERR(skb);
	if (!IS_ERR_OR_NULL(skb))
		err = udp_send_skb(skb, fl4);

out:
	if (rt)		/* ip_make_skb_km took it, or none was looked up */
		ip_rt_put(rt);
	if (!err)
		return len;
	if (err == -ENOBUFS || test_bit(SOCK_NOSPACE, &sk->sk_socket->flags))
		UDP_INC_STATS(sock_net(sk), UDP_MIB_SNDBUFERRORS, 0);
	return err;
}

/* Receive one datagram off the reader queue, refilled from sk_receive_queue. */
struct sk_buff *__skb_recv_udp(struct sock *sk, unsigned int flags,
			       int noblock, int *peeked, int *off, int *err)
{
	KM_FUNC("net/ipv4/udp.c:1633",
		"Take the next datagram — but a pending error (sk_err) is returned first; wait if none and blocking.");
	struct sk_buff_head *sk_queue = &sk->sk_receive_queue;
	struct sk_buff_head *queue;
	struct sk_buff *last;
	long timeo;
	int error;

	queue = &udp_sk(sk)->reader_queue;
	flags |= noblock ? MSG_DONTWAIT : 0;
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	do {
		struct sk_buff *skb;

		error = sock_error(sk);
		if (error) {
			KM_STEP(1650,
				"A pending error (e.g. ECONNREFUSED from ICMP) comes before any queued datagram; reading clears it.");
			break;
		}

		error = -EAGAIN;
		*peeked = 0;
		do {
			skb = __skb_try_recv_from_queue(sk, queue, flags, NULL,
							peeked, off, err, &last);
			if (skb)
				return skb;

			if (skb_queue_empty(sk_queue))
				break;

			KM_STEP(1676,
				"Refill the reader queue with everything on sk_receive_queue and look again.");
			skb_queue_splice_tail_init(sk_queue, queue);

			skb = __skb_try_recv_from_queue(sk, queue, flags, NULL,
							peeked, off, err, &last);
			if (skb)
				return skb;
		} while (!skb_queue_empty(sk_queue));

	} while (timeo &&
		 !__skb_wait_for_more_packets(sk, &error, &timeo,
					      (struct sk_buff *)sk_queue));

	*err = error;
	return NULL;
}

/*
 * recv()/recvfrom()/recvmsg() on UDP. The checksum was verified on
 * arrival (see udp4_csum_init), so the copy needs no checksum pass.
 */
int udp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int noblock,
		int flags, int *addr_len)
{
	KM_FUNC("net/ipv4/udp.c:1709",
		"recv() on UDP: the error queue (MSG_ERRQUEUE), else one datagram — or the pending error.");
	struct sockaddr_in *sin = (struct sockaddr_in *)msg->msg_name;
	struct sk_buff *skb;
	unsigned int ulen, copied;
	int peeked, off;
	int err;

	if (flags & MSG_ERRQUEUE) {
		KM_STEP(1722,
			"MSG_ERRQUEUE: read an error report instead (ip_recv_error).");
		return ip_recv_error(sk, msg, len, addr_len);
	}

	off = sk_peek_offset(sk, flags);
	skb = __skb_recv_udp(sk, flags, noblock, &peeked, &off, &err);
	if (!skb)
		return err;

	KM_STEP(1731,
		"A smaller buffer than the datagram: copy what fits, set MSG_TRUNC; the rest is lost.");
	ulen = skb->len;
	copied = len;
	if (copied > ulen - off)
		copied = ulen - off;
	else if (copied < ulen)
		msg->msg_flags |= MSG_TRUNC;

	err = skb_copy_datagram_msg(skb, off, msg, copied);
	if (unlikely(err)) {
		if (!peeked) {
			atomic_inc(&sk->sk_drops);
			UDP_INC_STATS(sock_net(sk), UDP_MIB_INERRORS, 0);
		}
		kfree_skb(skb);
		return err;
	}

	if (!peeked)
		UDP_INC_STATS(sock_net(sk), UDP_MIB_INDATAGRAMS, 0);

	if (sin) {
		KM_STEP(1782, "The sender's address and port for recvfrom().");
		sin->sin_family = AF_INET;
		sin->sin_port = udp_hdr(skb)->source;
		sin->sin_addr.s_addr = ip_hdr(skb)->saddr;
		memset(sin->sin_zero, 0, sizeof(sin->sin_zero));
		*addr_len = sizeof(*sin);
	}

	err = copied;
	if (flags & MSG_TRUNC) {
		KM_STEP(1797,
			"MSG_TRUNC asked: return the datagram's real length.");
		err = ulen;
	}

	/* skb_consume_udp(): drop our reference (MSG_PEEK left one queued). */
	consume_skb(skb);
	return err;
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
	KM_FUNC("net/ipv4/udp.c:3035",
		"Boot: allocate the UDP port table (primary and secondary hash).");
	udp_table_init_km(km_udp_table());
}
