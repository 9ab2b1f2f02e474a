// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/datagram.c (Linux 5.0.1) — connect() for datagram
 * sockets (UDP, raw, ping). No packet is sent: connecting a datagram
 * socket only routes to the peer, fixes the local address, records the
 * peer's address and port, and caches the route. sk_state becomes
 * TCP_ESTABLISHED, but the struct socket stays SS_UNCONNECTED.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/tcp_states.h>
#include <kmirror/trace.h>

int __ip4_datagram_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	KM_FUNC("net/ipv4/datagram.c:23",
		"Connect a datagram socket: route to the peer, fix our address, remember the peer.");
	/* LAB 7 BEGIN: datagram_connect — route, source address, peer, cached route */
	struct inet_sock *inet = inet_sk(sk);
	struct sockaddr_in *usin = (struct sockaddr_in *)uaddr;
	struct flowi4 *fl4;
	struct rtable *rt;
	__be32 saddr;
	int oif;
	int err;

	KM_STEP(34,
		"The address must be a full sockaddr_in (16 bytes) of family AF_INET.");
	if (addr_len < sizeof(*usin))
		return -EINVAL;

	if (usin->sin_family != AF_INET)
		return -EAFNOSUPPORT;

	sk_dst_reset(sk);

	oif = sk->sk_bound_dev_if;
	saddr = inet->inet_saddr;
	if (ipv4_is_multicast(usin->sin_addr.s_addr)) {
		KM_STEP(45,
			"A multicast peer: use the IP_MULTICAST_IF device and address if set.");
		if (!oif)
			oif = inet->mc_index;
		if (!saddr)
			saddr = inet->mc_addr;
	}
	fl4 = &inet->cork.fl.u.ip4;
	KM_STEP(51,
		"Route to the peer (ip_route_connect); routing errors are returned as they are.");
	rt = ip_route_connect(fl4, usin->sin_addr.s_addr, saddr,
			      RT_CONN_FLAGS(sk), oif, sk->sk_protocol,
			      inet->inet_sport, usin->sin_port, sk);
	if (IS_ERR(rt)) {
		err = PTR_ERR(rt);
		if (err == -ENETUNREACH)
			IP_INC_STATS(sock_net(sk), IPSTATS_MIB_OUTNOROUTES);
		goto out;
	}

	if ((rt->rt_flags & RTCF_BROADCAST) && !sock_flag(sk, SOCK_BROADCAST)) {
		KM_STEP(63,
			"A broadcast destination needs SO_BROADCAST: EACCES.");
		ip_rt_put(rt);
		err = -EACCES;
		goto out;
	}
	KM_STEP(67,
		"Fix the local address from the route, if not bound (and rehash the socket by it).");
	if (!inet->inet_saddr)
		inet->inet_saddr = fl4->saddr;
	if (!inet->inet_rcv_saddr) {
		inet->inet_rcv_saddr = fl4->saddr;
		if (sk->sk_prot->rehash)
			sk->sk_prot->rehash(sk);
	}
	KM_STEP(74,
		"Record the peer; sk_state = TCP_ESTABLISHED; inet_id starts from jiffies; keep the route.");
	inet->inet_daddr = fl4->daddr;
	inet->inet_dport = usin->sin_port;
	sk->sk_state = TCP_ESTABLISHED;
	sk_set_txhash(sk);
	inet->inet_id = jiffies;

	sk_dst_set(sk, &rt->dst);
	err = 0;
out:
	return err;
	/* LAB 7 END: datagram_connect */
}

int ip4_datagram_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	KM_FUNC("net/ipv4/datagram.c:87",
		"sk_prot->connect for datagram sockets: __ip4_datagram_connect under the socket lock.");
	int res;

	lock_sock(sk);
	res = __ip4_datagram_connect(sk, uaddr, addr_len);
	release_sock(sk);
	return res;
}
