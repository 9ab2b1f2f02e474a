// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/raw.c (Linux 5.0.1) — SOCK_RAW sockets. A raw socket
 * is bound to an IP protocol number at creation (inet_create sets
 * inet_num = protocol and hashes it here) and receives a copy of every
 * packet and ICMP error of that protocol.
 *
 * Simplifications (docs/architecture.md): reading and sending on raw
 * sockets are not mirrored (recvmsg/sendmsg return EOPNOTSUPP); the
 * kernel's control sockets (TCP RSTs, ICMP errors) are raw sockets that
 * are never hashed.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/skbuff.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/inet_common.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/raw.h>
#include <net/udp.h>
#include <net/protocol.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

#define raw_v4_hashinfo	(km_host()->raw_v4_hashinfo)

int raw_hash_sk(struct sock *sk)
{
	KM_FUNC("net/ipv4/raw.c:97",
		"Hash the raw socket by its protocol number, so it sees that protocol's packets.");
	struct hlist_head *head;

	head = &raw_v4_hashinfo.ht[inet_sk(sk)->inet_num & (RAW_HTABLE_SIZE - 1)];

	write_lock_bh(&raw_v4_hashinfo.lock);
	sk_add_node(sk, head);
	sock_prot_inuse_add(sock_net(sk), sk->sk_prot, 1);
	write_unlock_bh(&raw_v4_hashinfo.lock);
	return 0;
}

void raw_unhash_sk(struct sock *sk)
{
	KM_FUNC("net/ipv4/raw.c:113",
		"Remove the raw socket from the protocol table.");
	write_lock_bh(&raw_v4_hashinfo.lock);
	if (sk_del_node_init(sk))
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, -1);
	write_unlock_bh(&raw_v4_hashinfo.lock);
}

/* The next raw socket in the chain that matches protocol and addresses. */
static struct sock *__raw_v4_lookup(struct net *net, struct sock *sk,
				    unsigned short num, __be32 raddr,
				    __be32 laddr, int dif, int sdif)
{
	for (; sk; sk = hlist_entry_safe(sk->sk_node.next, struct sock, sk_node)) {
		struct inet_sock *inet = inet_sk(sk);

		if (net_eq(sock_net(sk), net) && inet->inet_num == num &&
		    !(inet->inet_daddr && inet->inet_daddr != raddr) &&
		    !(inet->inet_rcv_saddr && inet->inet_rcv_saddr != laddr) &&
		    !(sk->sk_bound_dev_if && sk->sk_bound_dev_if != dif &&
		      sk->sk_bound_dev_if != sdif))
			return sk;
	}
	return NULL;
}

/* ICMP raw sockets may filter ICMP types (ICMP_FILTER). */
static int icmp_filter(const struct sock *sk, const struct sk_buff *skb)
{
	const struct icmphdr *hdr;
	__u32 data;

	if (skb_headlen(skb) < sizeof(*hdr))
		return 1;
	hdr = (const struct icmphdr *)skb->data;
	data = raw_sk(sk)->filter.data;
	return ((1U << hdr->type) & data) != 0;
}

int raw_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	if (sock_queue_rcv_skb(sk, skb) < 0) {
		kfree_skb(skb);
		return NET_RX_DROP;
	}
	return NET_RX_SUCCESS;
}

int raw_rcv(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/raw.c:332",
		"Queue a copy of the packet, IP header included, on the raw socket.");
	skb_push(skb, skb->data - skb_network_header(skb));
	return raw_rcv_skb(sk, skb);
}

static int raw_v4_input(struct sk_buff *skb, const struct iphdr *iph, int hash)
{
	int sdif = 0;
	int dif = inet_iif(skb);
	struct sock *sk;
	struct hlist_head *head;
	int delivered = 0;
	struct net *net;

	head = &raw_v4_hashinfo.ht[hash];
	if (hlist_empty(head))
		return 0;

	net = dev_net(skb->dev);
	sk = __raw_v4_lookup(net, hlist_entry_safe(head->first, struct sock, sk_node),
			     iph->protocol, iph->saddr, iph->daddr, dif, sdif);

	while (sk) {
		delivered = 1;
		if ((iph->protocol != IPPROTO_ICMP || !icmp_filter(sk, skb))) {
			struct sk_buff *clone = skb_clone(skb, GFP_ATOMIC);

			if (clone)
				raw_rcv(sk, clone);
		}
		sk = __raw_v4_lookup(net, hlist_entry_safe(sk->sk_node.next, struct sock, sk_node),
				     iph->protocol, iph->saddr, iph->daddr,
				     dif, sdif);
	}
	return delivered;
}

int raw_local_deliver(struct sk_buff *skb, int protocol)
{
	KM_FUNC("net/ipv4/raw.c:211",
		"Give every raw socket of this protocol a copy; report whether any exists.");
	int hash;
	struct sock *raw_sk;

	hash = protocol & (RAW_HTABLE_SIZE - 1);
	raw_sk = hlist_entry_safe(raw_v4_hashinfo.ht[hash].first, struct sock, sk_node);

	if (raw_sk && !raw_v4_input(skb, ip_hdr(skb), hash))
		raw_sk = NULL;

	return raw_sk != NULL;
}

/* ICMP errors for raw sockets: kmirror only counts the match. */
void raw_icmp_error(struct sk_buff *skb, int protocol, u32 info)
{
	(void)skb;
	(void)protocol;
	(void)info;
}

static void raw_close(struct sock *sk, long timeout)
{
	KM_FUNC("net/ipv4/raw.c:701",
		"Close a raw socket: the generic datagram release (sk_common_release).");
	sk_common_release(sk);
}

static void raw_destroy(struct sock *sk)
{
	lock_sock(sk);
	release_sock(sk);
}

static int raw_sk_init(struct sock *sk)
{
	KM_FUNC("net/ipv4/raw.c:807",
		"raw_prot.init: an ICMP raw socket starts with no ICMP type filtered.");
	struct raw_sock *rp = raw_sk(sk);

	if (inet_sk(sk)->inet_num == IPPROTO_ICMP)
		memset(&rp->filter, 0, sizeof(rp->filter));
	return 0;
}

static int raw_bind(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct inet_sock *inet = inet_sk(sk);
	struct sockaddr_in *addr = (struct sockaddr_in *)uaddr;
	int ret = -EINVAL;
	int chk_addr_ret;

	if (sk->sk_state != TCP_CLOSE || addr_len < sizeof(struct sockaddr_in))
		goto out;
	chk_addr_ret = inet_addr_type(sock_net(sk), addr->sin_addr.s_addr);
	ret = -EADDRNOTAVAIL;
	if (addr->sin_addr.s_addr && chk_addr_ret != RTN_LOCAL &&
	    chk_addr_ret != RTN_MULTICAST && chk_addr_ret != RTN_BROADCAST)
		goto out;
	inet->inet_rcv_saddr = inet->inet_saddr = addr->sin_addr.s_addr;
	if (chk_addr_ret == RTN_MULTICAST || chk_addr_ret == RTN_BROADCAST)
		inet->inet_saddr = 0;
	sk_dst_reset(sk);
	ret = 0;
out:
	return ret;
}

static int raw_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	return -EOPNOTSUPP;
}

static int raw_recvmsg(struct sock *sk, struct msghdr *msg, size_t len,
		       int noblock, int flags, int *addr_len)
{
	if (flags & MSG_ERRQUEUE)
		return ip_recv_error(sk, msg, len, addr_len);
	return -EOPNOTSUPP;
}

const struct proto raw_prot = {
	.name		   = "RAW",
	.close		   = raw_close,
	.destroy	   = raw_destroy,
	.connect	   = ip4_datagram_connect,
	.disconnect	   = __udp_disconnect,
	.init		   = raw_sk_init,
	.setsockopt	   = ip_setsockopt,
	.getsockopt	   = ip_getsockopt,
	.sendmsg	   = raw_sendmsg,
	.recvmsg	   = raw_recvmsg,
	.bind		   = raw_bind,
	.backlog_rcv	   = raw_rcv_skb,
	.hash		   = raw_hash_sk,
	.unhash		   = raw_unhash_sk,
	.obj_size	   = sizeof(struct raw_sock),
	.km_table	   = KM_TABLE_RAW,
};

void raw_init(void)
{
	int i;

	rwlock_init(&raw_v4_hashinfo.lock);
	for (i = 0; i < RAW_HTABLE_SIZE; i++)
		INIT_HLIST_HEAD(&raw_v4_hashinfo.ht[i]);
}
