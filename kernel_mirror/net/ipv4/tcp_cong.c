// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/tcp_cong.c (Linux 5.0.1) — attaching a congestion
 * control module to a socket. Every socket gets the namespace default,
 * CUBIC (net.ipv4.tcp_congestion_control = cubic); kmirror has no other
 * modules and no module reference counts.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <net/tcp.h>
#include <net/inet_ecn.h>
#include <kmirror/trace.h>

void tcp_assign_congestion_control(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_cong.c:156",
		"Give the socket the default congestion control (cubic) and clear its private state.");
	struct inet_connection_sock *icsk = inet_csk(sk);
	const struct tcp_congestion_ops *ca = &cubictcp;

	icsk->icsk_ca_ops = ca;
	memset(icsk->icsk_ca_priv, 0, sizeof(icsk->icsk_ca_priv));
	if (ca->flags & TCP_CONG_NEEDS_ECN)
		INET_ECN_xmit(sk);
	else
		INET_ECN_dontxmit(sk);
}

void tcp_init_congestion_control(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_cong.c:176",
		"Start the congestion control module for the data phase (cubic's init).");
	const struct inet_connection_sock *icsk = inet_csk(sk);

	tcp_sk(sk)->prior_ssthresh = 0;
	if (icsk->icsk_ca_ops->init)
		icsk->icsk_ca_ops->init(sk);
	if (icsk->icsk_ca_ops->flags & TCP_CONG_NEEDS_ECN)
		INET_ECN_xmit(sk);
	else
		INET_ECN_dontxmit(sk);
}

void tcp_cleanup_congestion_control(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_cong.c:204",
		"The socket is closing: let the congestion control algorithm release its state.");
	struct inet_connection_sock *icsk = inet_csk(sk);

	if (icsk->icsk_ca_ops->release)
		icsk->icsk_ca_ops->release(sk);
}
