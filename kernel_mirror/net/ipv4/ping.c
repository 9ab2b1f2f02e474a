// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/ping.c (Linux 5.0.1) — ICMP "ping" sockets,
 * socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP): unprivileged echo requests,
 * allowed only to groups in net.ipv4.ping_group_range (default "1 0",
 * an empty range: nobody), otherwise socket() fails with EACCES.
 *
 * kmirror mirrors creation, the permission check, binding an identifier
 * and closing; sending and receiving echoes are not mirrored.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/cred.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/raw.h>
#include <net/udp.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

#define ping_table	(km_host()->ping_table)

static void inet_get_ping_group_range_net(struct net *net, kgid_t *low,
					  kgid_t *high)
{
	*low = net->ipv4.ping_group_range.range[0];
	*high = net->ipv4.ping_group_range.range[1];
}

int ping_init_sock(struct sock *sk)
{
	KM_FUNC("net/ipv4/ping.c:257",
		"May this task use ping sockets? Its group (or a supplementary one) must be in ping_group_range.");
	struct net *net = sock_net(sk);
	const struct cred *cred = current_cred();
	kgid_t group = cred->egid;
	kgid_t low, high;
	int i;

	inet_get_ping_group_range_net(net, &low, &high);
	KM_STEP(270,
		"Check the effective group against ping_group_range (default 1 0: an empty range).");
	if (gid_lte(low, group) && gid_lte(group, high))
		return 0;

	KM_STEP(274, "Then each supplementary group.");
	for (i = 0; i < cred->ngroups; i++) {
		kgid_t gid = cred->groups[i];

		if (gid_lte(low, gid) && gid_lte(gid, high))
			return 0;
	}

	KM_STEP(281, "No group may use ping sockets: EACCES.");
	return -EACCES;
}

void ping_close(struct sock *sk, long timeout)
{
	KM_FUNC("net/ipv4/ping.c:289",
		"Close a ping socket (sk_common_release).");
	sk_common_release(sk);
}

/* The ICMP identifier plays the part of the port: hash by it. */
int ping_get_port(struct sock *sk, unsigned short ident)
{
	KM_FUNC("net/ipv4/ping.c:82",
		"Claim an ICMP echo identifier (the ping socket's port): the given one, or the next free one.");
	struct hlist_nulls_head *hlist;
	struct hlist_nulls_node *node;
	struct inet_sock *isk;
	struct sock *sk2 = NULL;
	struct host *h = km_host();

	isk = inet_sk(sk);
	write_lock_bh(&ping_table.lock);
	if (ident == 0) {
		u32 i;
		u16 result = h->ping_port_rover + 1;

		for (i = 0; i < (1L << 16); i++, result++) {
			if (!result)
				result++;
			hlist = &ping_table.hash[result % PING_HTABLE_SIZE];
			sk_nulls_for_each(sk2, node, hlist) {
				if (inet_sk(sk2)->inet_num == result)
					goto next_port;
			}
			h->ping_port_rover = ident = result;
			break;
next_port:
			;
		}
		if (i >= (1L << 16))
			goto fail;
	} else {
		hlist = &ping_table.hash[ident % PING_HTABLE_SIZE];
		sk_nulls_for_each(sk2, node, hlist) {
			if ((inet_sk(sk2)->inet_num == ident) && (sk2 != sk) &&
			    (!sk2->sk_reuse || !sk->sk_reuse))
				goto fail;
		}
	}

	isk->inet_num = ident;
	if (sk_unhashed(sk)) {
		sock_hold(sk);
		hlist_nulls_add_head(&sk->sk_nulls_node,
				     &ping_table.hash[ident % PING_HTABLE_SIZE]);
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, 1);
	}
	write_unlock_bh(&ping_table.lock);
	return 0;

fail:
	write_unlock_bh(&ping_table.lock);
	return 1;
}

int ping_hash(struct sock *sk)
{
	/* Linux: BUG() — ping sockets are hashed by ping_get_port() only. */
	km_bug(__FILE__, __LINE__, "ping_hash() called; use ping_get_port()");
	return 0;
}

void ping_unhash(struct sock *sk)
{
	KM_FUNC("net/ipv4/ping.c:156",
		"Release the identifier and unhash the ping socket.");
	struct inet_sock *isk = inet_sk(sk);

	write_lock_bh(&ping_table.lock);
	if (sk_hashed(sk)) {
		hlist_nulls_del_init(&sk->sk_nulls_node);
		sock_put(sk);
		isk->inet_num = 0;
		isk->inet_sport = 0;
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, -1);
	}
	write_unlock_bh(&ping_table.lock);
}

static int ping_sendmsg_km(struct sock *sk, struct msghdr *msg, size_t len)
{
	return -EOPNOTSUPP;
}

static int ping_recvmsg(struct sock *sk, struct msghdr *msg, size_t len,
			int noblock, int flags, int *addr_len)
{
	if (flags & MSG_ERRQUEUE)
		return ip_recv_error(sk, msg, len, addr_len);
	return -EOPNOTSUPP;
}

const struct proto ping_prot = {
	.name =		"PING",
	.init =		ping_init_sock,
	.close =	ping_close,
	.connect =	ip4_datagram_connect,
	.disconnect =	__udp_disconnect,
	.setsockopt =	ip_setsockopt,
	.getsockopt =	ip_getsockopt,
	.sendmsg =	ping_sendmsg_km,
	.recvmsg =	ping_recvmsg,
	.hash =		ping_hash,
	.unhash =	ping_unhash,
	.get_port =	ping_get_port,
	.obj_size =	sizeof(struct inet_sock),
	.km_table =	KM_TABLE_PING,
};

void ping_init(void)
{
	int i;

	for (i = 0; i < PING_HTABLE_SIZE; i++)
		INIT_HLIST_NULLS_HEAD(&ping_table.hash[i], i);
	rwlock_init(&ping_table.lock);
}
