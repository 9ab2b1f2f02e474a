// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/tcp_ipv4.c (Linux 5.0.1) — the IPv4-specific half of
 * TCP: starting a connection (tcp_v4_connect), receiving segments from IP
 * (tcp_v4_rcv, tcp_v4_do_rcv), answering strays with a reset
 * (tcp_v4_send_reset), ICMP errors (tcp_v4_err), and struct proto
 * tcp_prot, which wires socket calls to TCP.
 *
 * Simplifications: no MD5 signatures, no BPF, no early demux, no TCP
 * filter.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/skbuff.h>
#include <linux/netdevice.h>
#include <linux/tcp.h>
#include <uapi/linux/icmp.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/inet_hashtables.h>
#include <net/inet_connection_sock.h>
#include <net/inet_common.h>
#include <net/inet_sock.h>
#include <net/protocol.h>
#include <net/route.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/secure_seq.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

/* Linux: `struct inet_hashinfo tcp_hashinfo;` — one per host here. */
#define tcp_hashinfo	(km_host()->tcp_hashinfo)

#define LOOPBACK_IFINDEX 1

static u32 tcp_v4_init_seq(const struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:98",
		"The ISN of a passive open: secure_tcp_seq() of the SYN's 4-tuple, seen from our side.");
	return secure_tcp_seq(ip_hdr(skb)->daddr,
			      ip_hdr(skb)->saddr,
			      tcp_hdr(skb)->dest,
			      tcp_hdr(skb)->source);
}

static u32 tcp_v4_init_ts_off(const struct net *net, const struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:106",
		"The timestamp offset of a passive open: a keyed hash of the address pair.");
	return secure_tcp_ts_off(net, ip_hdr(skb)->daddr, ip_hdr(skb)->saddr);
}

/*
 * tcp_twsk_unique: may connect() take over the 4-tuple of a TIME_WAIT
 * sock? Only if that connection used timestamps, and then: always for a
 * socket bound before connect() (the check without twp), otherwise per
 * net.ipv4.tcp_tw_reuse (1: yes, 2: only over loopback) once a second has
 * passed since its last timestamp. The new connection starts its
 * sequence space past the old one's.
 */
int tcp_twsk_unique(struct sock *sk, struct sock *sktw, void *twp)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:111",
		"May connect() reuse the 4-tuple of this TIME_WAIT sock (tcp_tw_reuse, timestamps)?");
	const struct inet_timewait_sock *tw = inet_twsk(sktw);
	const struct tcp_timewait_sock *tcptw = tcp_twsk(sktw);
	struct tcp_sock *tp = tcp_sk(sk);
	int reuse = sock_net(sk)->ipv4.sysctl_tcp_tw_reuse;

	if (reuse == 2) {
		bool loopback = false;

		KM_STEP(118,
			"tcp_tw_reuse = 2: reuse only for loopback connections (bound to lo or a 127/8 address).");
		if (tw->tw_bound_dev_if == LOOPBACK_IFINDEX)
			loopback = true;
		if (ipv4_is_loopback(tw->tw_daddr) ||
		    ipv4_is_loopback(tw->tw_rcv_saddr))
			loopback = true;
		if (!loopback)
			reuse = 0;
	}

	if (KM_STEP_IF(157,
		       "Did the old connection use timestamps, and is reuse allowed (a port bound before connect(), or tcp_tw_reuse and a second since its last timestamp)?",
		       tcptw->tw_ts_recent_stamp &&
		       (!twp || (reuse && time_after32(ktime_get_seconds(),
						       tcptw->tw_ts_recent_stamp))))) {
		if (likely(!tp->repair)) {
			KM_STEP(172,
				"Reuse: start write_seq past the old connection's snd_nxt (+65537) and inherit its timestamps.");
			tp->write_seq = tcptw->tw_snd_nxt + 65535 + 2;
			if (tp->write_seq == 0)
				tp->write_seq = 1;
			tp->rx_opt.ts_recent	   = tcptw->tw_ts_recent;
			tp->rx_opt.ts_recent_stamp = tcptw->tw_ts_recent_stamp;
		}
		sock_hold(sktw);
		return 1;
	}

	return 0;
}

/*
 * tcp_v4_connect: route, source address, SYN_SENT, source port, ISN,
 * then tcp_connect() sends the SYN. On failure after SYN_SENT the socket
 * goes back to CLOSE with dport 0 — but keeps its source address.
 */
int tcp_v4_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:202",
		"Start an active open: route, source address and port, ISN, then send the SYN.");
	struct sockaddr_in *usin = (struct sockaddr_in *)uaddr;
	struct inet_sock *inet = inet_sk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	__be16 orig_sport, orig_dport;
	__be32 daddr, nexthop;
	struct flowi4 *fl4;
	struct rtable *rt;
	int err;
	struct ip_options_rcu *inet_opt;
	struct inet_timewait_death_row *tcp_death_row = &sock_net(sk)->ipv4.tcp_death_row;

	KM_STEP(215,
		"The address must be a full sockaddr_in (16 bytes), else EINVAL.");
	if (addr_len < (int)sizeof(struct sockaddr_in))
		return -EINVAL;

	KM_STEP(218, "Only AF_INET addresses: anything else is EAFNOSUPPORT.");
	if (usin->sin_family != AF_INET)
		return -EAFNOSUPPORT;

	nexthop = daddr = usin->sin_addr.s_addr;
	inet_opt = inet->inet_opt;
	if (inet_opt && inet_opt->opt.srr) {
		if (!daddr)
			return -EINVAL;
		nexthop = inet_opt->opt.faddr;
	}

	orig_sport = inet->inet_sport;
	orig_dport = usin->sin_port;
	fl4 = &inet->cork.fl.u.ip4;
	KM_STEP(233,
		"Find a route to the destination; it also chooses our source address.");
	rt = ip_route_connect(fl4, nexthop, inet->inet_saddr,
			      RT_CONN_FLAGS(sk), sk->sk_bound_dev_if,
			      IPPROTO_TCP,
			      orig_sport, orig_dport, sk);
	if (IS_ERR(rt)) {
		KM_STEP(238,
			"No route: connect() fails at once with the route's error.");
		err = PTR_ERR(rt);
		if (err == -ENETUNREACH)
			IP_INC_STATS(sock_net(sk), IPSTATS_MIB_OUTNOROUTES);
		return err;
	}

	KM_STEP(244,
		"TCP cannot connect to a broadcast or multicast address: ENETUNREACH.");
	if (rt->rt_flags & (RTCF_MULTICAST | RTCF_BROADCAST)) {
		ip_rt_put(rt);
		return -ENETUNREACH;
	}

	if (!inet_opt || !inet_opt->opt.srr)
		daddr = fl4->daddr;

	if (KM_STEP_IF(252,
		       "Not bound to an address yet (then take the one the route chose)?",
		       !inet->inet_saddr))
		inet->inet_saddr = fl4->saddr;
	sk_rcv_saddr_set(sk, inet->inet_saddr);

	if (tp->rx_opt.ts_recent_stamp && inet->inet_daddr != daddr) {
		/* A new peer: forget timestamps (and the ISN) from an old one. */
		tp->rx_opt.ts_recent	   = 0;
		tp->rx_opt.ts_recent_stamp = 0;
		if (likely(!tp->repair))
			tp->write_seq	   = 0;
	}

	KM_STEP(264, "Record the destination port and address in the socket.");
	inet->inet_dport = usin->sin_port;
	sk_daddr_set(sk, daddr);

	inet_csk(sk)->icsk_ext_hdr_len = 0;
	if (inet_opt)
		inet_csk(sk)->icsk_ext_hdr_len = inet_opt->opt.optlen;

	KM_STEP(271,
		"Until the peer says otherwise, assume it accepts 536-byte segments.");
	tp->rx_opt.mss_clamp = TCP_MSS_DEFAULT;

	/*
	 * SYN_SENT is set before inet_hash_connect() picks a port and hashes
	 * the socket; we hold the socket lock, so no task sees the gap.
	 */
	/* LAB 3 BEGIN: connect_hash — SYN_SENT, the port, the route again */
	KM_STEP(278,
		"Enter SYN_SENT now, before a source port is even chosen.");
	tcp_set_state(sk, TCP_SYN_SENT);
	KM_STEP(279,
		"Pick an ephemeral source port (if unbound) and insert the socket into the established hash.");
	err = inet_hash_connect(tcp_death_row, sk);
	if (err)
		goto failure;

	sk_set_txhash(sk);

	KM_STEP(285,
		"The source port is known now: redo the route lookup with it.");
	rt = ip_route_newports(fl4, rt, orig_sport, orig_dport,
			       inet->inet_sport, inet->inet_dport, sk);
	if (IS_ERR(rt)) {
		err = PTR_ERR(rt);
		rt = NULL;
		goto failure;
	}
	/* LAB 3 END: connect_hash */
	KM_STEP(293,
		"Commit the route to the socket (sk_dst_cache) and note its capabilities.");
	sk->sk_gso_type = SKB_GSO_TCPV4;
	sk_setup_caps(sk, &rt->dst);
	rt = NULL;

	if (likely(!tp->repair)) {
		if (!tp->write_seq) {
			KM_STEP(299,
				"Choose the ISN: keyed hash of the 4-tuple plus a 64 ns clock.");
			tp->write_seq = secure_tcp_seq(inet->inet_saddr,
						       inet->inet_daddr,
						       inet->inet_sport,
						       usin->sin_port);
		}
		KM_STEP(303,
			"Choose the timestamp offset for this address pair.");
		tp->tsoffset = secure_tcp_ts_off(sock_net(sk),
						 inet->inet_saddr,
						 inet->inet_daddr);
	}

	KM_STEP(308, "Seed the IP ID counter of this socket: ISN xor jiffies.");
	inet->inet_id = tp->write_seq ^ jiffies;

	KM_STEP(315, "Build and send the SYN.");
	err = tcp_connect(sk);

	if (err)
		goto failure;

	return 0;

failure:
	/* Unhash the socket and give the port back if it took one. */
	KM_STEP(327,
		"Failed after SYN_SENT: back to CLOSE, dport cleared (the source address stays).");
	tcp_set_state(sk, TCP_CLOSE);
	ip_rt_put(rt);
	sk->sk_route_caps = 0;
	inet->inet_dport = 0;
	return err;
}

/*
 * tcp_v4_mtu_reduced: act on an ICMP "fragmentation needed" (RFC 1191),
 * from tcp_v4_err or, if a task owned the socket then, from
 * tcp_release_cb: lower the route's PMTU, shrink mss_cache, and resend
 * at once what no longer fits.
 */
void tcp_v4_mtu_reduced(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:340",
		"Fragmentation needed: lower the path MTU, shrink the MSS, resend what no longer fits.");
	struct inet_sock *inet = inet_sk(sk);
	struct dst_entry *dst;
	u32 mtu;

	if ((1 << sk->sk_state) & (TCPF_LISTEN | TCPF_CLOSE)) {
		KM_STEP(346,
			"A listening or closed socket has no path to adjust: nothing to do.");
		return;
	}
	mtu = tcp_sk(sk)->mtu_info;
	dst = inet_csk_update_pmtu(sk, mtu);
	if (!dst)
		return;

	/* Remember a soft error in case the connection never recovers. */
	if (mtu < dst_mtu(dst) && ip_dont_fragment(sk, dst)) {
		KM_STEP(356,
			"The reported MTU is below even the new path MTU and we send with DF: keep EMSGSIZE as a soft error.");
		sk->sk_err_soft = EMSGSIZE;
	}

	mtu = dst_mtu(dst);

	if (inet->pmtudisc != IP_PMTUDISC_DONT &&
	    ip_sk_accept_pmtu(sk) &&
	    inet_csk(sk)->icsk_pmtu_cookie > mtu) {
		KM_STEP(364,
			"The MSS was computed for a larger MTU: resync it, then resend at once what was dropped.");
		tcp_sync_mss(sk, mtu);

		tcp_simple_retransmit(sk);
	} /* otherwise the retransmission timer will deal with it */
}

static void do_redirect(struct sk_buff *skb, struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:376",
		"ICMP redirect: the socket's route learns the better gateway (dst_ops->redirect).");
	struct dst_entry *dst = __sk_dst_check(sk, 0);

	if (dst)
		dst->ops->redirect(dst, sk, skb);
}

/* ICMP errors for a request sock (NEW_SYN_RECV). */
void tcp_req_err(struct sock *sk, u32 seq, bool abort)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:386",
		"ICMP for a pending request: drop the request if the error concerns our SYN-ACK.");
	struct request_sock *req = inet_reqsk(sk);
	struct net *net = sock_net(sk);

	if (seq != tcp_rsk(req)->snt_isn) {
		__NET_INC_STATS(net, LINUX_MIB_OUTOFWINDOWICMPS);
	} else if (abort) {
		/* Forget the request quietly; the peer's SYN may come again. */
		inet_csk_reqsk_queue_drop(req->rsk_listener, req);
		__NET_INC_STATS(net, LINUX_MIB_LISTENDROPS);
	}
	reqsk_put(req);
}

/*
 * tcp_v4_err: an ICMP error quoted one of our segments. In SYN_SENT an
 * error inside the window kills the attempt at once — or, if a task owns
 * the socket, is kept in sk_err_soft for the timeout to report.
 */
int tcp_v4_err(struct sk_buff *icmp_skb, u32 info)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:426",
		"An ICMP error quotes one of our TCP segments: find the socket and react.");
	const struct iphdr *iph = (const struct iphdr *)icmp_skb->data;
	struct tcphdr *th = (struct tcphdr *)(icmp_skb->data + (iph->ihl << 2));
	struct inet_connection_sock *icsk;
	struct tcp_sock *tp;
	struct inet_sock *inet;
	const int type = icmp_hdr(icmp_skb)->type;
	const int code = icmp_hdr(icmp_skb)->code;
	struct sock *sk;
	struct sk_buff *skb;
	u32 seq, snd_una;
	s32 remaining;
	u32 delta_us;
	int err;
	struct net *net = dev_net(icmp_skb->dev);

	KM_STEP(444,
		"Look up the connection by the quoted header's addresses and ports.");
	sk = __inet_lookup_established(net, &tcp_hashinfo, iph->daddr,
				       th->dest, iph->saddr, ntohs(th->source),
				       inet_iif(icmp_skb), 0);
	if (!sk) {
		__ICMP_INC_STATS(net, ICMP_MIB_INERRORS);
		return -ENOENT;
	}
	if (sk->sk_state == TCP_TIME_WAIT) {
		KM_STEP(451,
			"The connection is in TIME_WAIT: an ICMP error changes nothing.");
		inet_twsk_put(inet_twsk(sk));
		return 0;
	}
	seq = ntohl(th->seq);
	if (sk->sk_state == TCP_NEW_SYN_RECV) {
		tcp_req_err(sk, seq, type == ICMP_PARAMETERPROB ||
				     type == ICMP_TIME_EXCEEDED ||
				     (type == ICMP_DEST_UNREACH &&
				      (code == ICMP_NET_UNREACH ||
				       code == ICMP_HOST_UNREACH)));
		return 0;
	}

	bh_lock_sock(sk);
	if (sock_owned_by_user(sk)) {
		if (!(type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED))
			__NET_INC_STATS(net, LINUX_MIB_LOCKDROPPEDICMPS);
	}
	if (sk->sk_state == TCP_CLOSE)
		goto out;

	if (unlikely(iph->ttl < inet_sk(sk)->min_ttl))
		goto out;

	icsk = inet_csk(sk);
	tp = tcp_sk(sk);
	snd_una = tp->snd_una;
	KM_STEP(488,
		"The quoted sequence number must lie in [snd_una, snd_nxt], else ignore it.");
	if (sk->sk_state != TCP_LISTEN &&
	    !between(seq, snd_una, tp->snd_nxt)) {
		__NET_INC_STATS(net, LINUX_MIB_OUTOFWINDOWICMPS);
		goto out;
	}

	KM_STEP(494, "Map the ICMP type and code to an errno.");
	switch (type) {
	case ICMP_REDIRECT:
		if (!sock_owned_by_user(sk))
			do_redirect(icmp_skb, sk);
		goto out;
	case ICMP_SOURCE_QUENCH:
		/* Ignored. */
		goto out;
	case ICMP_PARAMETERPROB:
		err = EPROTO;
		break;
	case ICMP_DEST_UNREACH:
		if (code > NR_ICMP_UNREACH)
			goto out;

		if (code == ICMP_FRAG_NEEDED) { /* PMTU discovery, RFC 1191 */
			/*
			 * Listeners and request socks are left alone: the
			 * SYN-ACKs Linux sends are small enough anyway.
			 */
			if (sk->sk_state == TCP_LISTEN) {
				KM_STEP(514,
					"Fragmentation needed for a listening socket: ignored.");
				goto out;
			}

			tp->mtu_info = info;
			if (!sock_owned_by_user(sk)) {
				KM_STEP(519,
					"Fragmentation needed: lower the path MTU now (tcp_v4_mtu_reduced).");
				tcp_v4_mtu_reduced(sk);
			} else {
				KM_STEP(521,
					"A task owns the socket: defer the MTU reduction to release_sock (TCP_MTU_REDUCED_DEFERRED).");
				if (!test_and_set_bit(TCP_MTU_REDUCED_DEFERRED,
						      &sk->sk_tsq_flags))
					sock_hold(sk);
			}
			goto out;
		}

		err = icmp_err_convert[code].errno;
		/*
		 * draft-zimmermann-tcp-lcd: a host/net unreachable for the
		 * oldest unacked segment, after backoff, undoes one backoff
		 * step (the path was down, not congested).
		 */
		if (code != ICMP_NET_UNREACH && code != ICMP_HOST_UNREACH)
			break;
		if (seq != tp->snd_una || !icsk->icsk_retransmits ||
		    !icsk->icsk_backoff)
			break;
		if (sock_owned_by_user(sk))
			break;

		skb = tcp_rtx_queue_head(sk);
		if (WARN_ON_ONCE(!skb))
			break;

		KM_STEP(543,
			"Unreachable for the oldest segment: undo one RTO backoff and re-arm the timer.");
		icsk->icsk_backoff--;
		icsk->icsk_rto = tp->srtt_us ? __tcp_set_rto(tp) :
					       TCP_TIMEOUT_INIT;
		icsk->icsk_rto = inet_csk_rto_backoff(icsk, TCP_RTO_MAX);

		tcp_mstamp_refresh(tp);
		delta_us = (u32)(tp->tcp_mstamp - tcp_skb_timestamp_us(skb));
		remaining = icsk->icsk_rto - usecs_to_jiffies(delta_us);

		if (remaining > 0) {
			KM_STEP(555,
				"ICMP says the path is back: retransmit on the shorter, un-backed-off RTO.");
			inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS,
						  remaining, TCP_RTO_MAX);
		} else {
			tcp_retransmit_timer(sk);
		}
		break;
	case ICMP_TIME_EXCEEDED:
		err = EHOSTUNREACH;
		break;
	default:
		goto out;
	}

	switch (sk->sk_state) {
	case TCP_SYN_SENT:
	case TCP_SYN_RECV:
		if (!sock_owned_by_user(sk)) {
			KM_STEP(581,
				"Handshaking and not locked: fail now — set sk_err, report it, close.");
			sk->sk_err = err;

			sk->sk_error_report(sk);

			KM_STEP(585,
				"A hard error during the handshake: report it and close the socket.");
			tcp_done(sk);
		} else {
			KM_STEP(587,
				"A task holds the socket: keep the error as soft, for the timeout to report.");
			sk->sk_err_soft = err;
		}
		goto out;
	}

	/* Connected: only IP_RECVERR users hear of it at once. */
	inet = inet_sk(sk);
	if (!sock_owned_by_user(sk) && inet->recverr) {
		sk->sk_err = err;
		sk->sk_error_report(sk);
	} else	{
		sk->sk_err_soft = err;
	}

out:
	bh_unlock_sock(sk);
	sock_put(sk);
	return 0;
}

void __tcp_v4_send_check(struct sk_buff *skb, __be32 saddr, __be32 daddr)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:622",
		"Compute the TCP checksum over the pseudo-header and the segment.");
	struct tcphdr *th = tcp_hdr(skb);

	/* No checksum offload: compute the full checksum now. */
	th->check = 0;
	th->check = tcp_v4_check(skb->len, saddr, daddr,
				 csum_partial(th, skb->len, 0));
	skb->ip_summed = CHECKSUM_NONE;
	skb->csum_start = skb_transport_header(skb) - skb->head;
	skb->csum_offset = offsetof(struct tcphdr, check);
}

void tcp_v4_send_check(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:632",
		"Compute the TCP checksum over the pseudo-header and the segment.");
	const struct inet_sock *inet = inet_sk(sk);

	__tcp_v4_send_check(skb, inet->inet_saddr, inet->inet_daddr);
}

/*
 * tcp_v4_send_reset: answer a segment with an RST built only from the
 * segment itself. If it carried an ACK, the RST's seq is that ack and it
 * has no ACK flag; otherwise seq is 0 and it acknowledges the segment.
 * Never in reply to an RST.
 */
void tcp_v4_send_reset(const struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:653",
		"Answer a segment with a reset built from that segment alone.");
	const struct tcphdr *th = tcp_hdr(skb);
	struct {
		struct tcphdr th;
	} rep;
	struct net *net;
	struct sock *ctl_sk;

	KM_STEP(674, "Never send a reset in reply to a reset.");
	if (th->rst)
		return;

	if (!sk && skb_rtable(skb)->rt_type != RTN_LOCAL)
		return;

	KM_STEP(684, "Swap the ports; a bare 20-byte header with RST set.");
	memset(&rep, 0, sizeof(rep));
	rep.th.dest   = th->source;
	rep.th.source = th->dest;
	rep.th.doff   = sizeof(struct tcphdr) / 4;
	rep.th.rst    = 1;

	if (th->ack) {
		KM_STEP(691,
			"The segment had an ACK: our seq is its ack number; no ACK flag.");
		rep.th.seq = th->ack_seq;
	} else {
		KM_STEP(693,
			"No ACK in it: seq 0, and acknowledge what it occupied (SYN, FIN, data).");
		rep.th.ack = 1;
		rep.th.ack_seq = htonl(ntohl(th->seq) + th->syn + th->fin +
				       skb->len - (th->doff << 2));
	}

	net = sk ? sock_net(sk) : dev_net(skb_dst(skb)->dev);

	local_bh_disable();
	ctl_sk = net->ipv4.tcp_sk;
	if (sk)
		ctl_sk->sk_mark = (sk->sk_state == TCP_TIME_WAIT) ?
				   inet_twsk(sk)->tw_mark : sk->sk_mark;
	KM_STEP(778,
		"Send it from the per-CPU TCP control socket, back to the segment's source.");
	ip_send_unicast_reply_km(ctl_sk, skb, ip_hdr(skb)->saddr,
				 ip_hdr(skb)->daddr, &rep.th, sizeof(rep.th),
				 ip_hdr(skb)->tos);

	ctl_sk->sk_mark = 0;
	__TCP_INC_STATS(net, TCP_MIB_OUTSEGS);
	__TCP_INC_STATS(net, TCP_MIB_OUTRSTS);
	local_bh_enable();
}

/*
 * tcp_v4_send_ack: an ACK that belongs to no full socket (a request sock
 * answering an out-of-window segment), sent from the control socket.
 */
static void tcp_v4_send_ack(const struct sock *sk, struct sk_buff *skb,
			    u32 seq, u32 ack, u32 win, u32 tsval, u32 tsecr,
			    int oif, int reply_flags, u8 tos)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:798",
		"Send a stand-alone ACK (with a timestamp option if the peer uses them).");
	const struct tcphdr *th = tcp_hdr(skb);
	struct {
		struct tcphdr th;
		__be32 opt[TCPOLEN_TSTAMP_ALIGNED >> 2];
	} rep;
	unsigned int len = sizeof(rep.th);
	struct net *net = sock_net(sk);
	struct sock *ctl_sk;

	memset(&rep.th, 0, sizeof(struct tcphdr));

	if (tsecr) {
		KM_STEP(823,
			"Options: NOP, NOP, timestamp (our clock plus offset, echoing the peer's).");
		rep.opt[0] = htonl((TCPOPT_NOP << 24) | (TCPOPT_NOP << 16) |
				   (TCPOPT_TIMESTAMP << 8) | TCPOLEN_TIMESTAMP);
		rep.opt[1] = htonl(tsval);
		rep.opt[2] = htonl(tsecr);
		len += TCPOLEN_TSTAMP_ALIGNED;
	}

	rep.th.dest    = th->source;
	rep.th.source  = th->dest;
	rep.th.doff    = len / 4;
	rep.th.seq     = htonl(seq);
	rep.th.ack_seq = htonl(ack);
	rep.th.ack     = 1;
	rep.th.window  = htons(win);

	local_bh_disable();
	ctl_sk = net->ipv4.tcp_sk;
	ctl_sk->sk_mark = (sk->sk_state == TCP_TIME_WAIT) ?
			   inet_twsk(sk)->tw_mark : sk->sk_mark;
	ip_send_unicast_reply_km(ctl_sk, skb, ip_hdr(skb)->saddr,
				 ip_hdr(skb)->daddr, &rep, len, tos);
	ctl_sk->sk_mark = 0;
	__TCP_INC_STATS(net, TCP_MIB_OUTSEGS);
	local_bh_enable();
}

static void tcp_v4_timewait_ack(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:880",
		"A timewait sock answers with an ACK: seq tw_snd_nxt, ack tw_rcv_nxt, its window and timestamp.");
	struct inet_timewait_sock *tw = inet_twsk(sk);
	struct tcp_timewait_sock *tcptw = tcp_twsk(sk);

	tcp_v4_send_ack(sk, skb,
			tcptw->tw_snd_nxt, tcptw->tw_rcv_nxt,
			tcptw->tw_rcv_wnd >> tw->tw_rcv_wscale,
			tcp_time_stamp_raw() + tcptw->tw_ts_offset,
			tcptw->tw_ts_recent,
			tw->tw_bound_dev_if,
			tw->tw_transparent ? IP_REPLY_ARG_NOSRCCHECK : 0,
			tw->tw_tos);

	inet_twsk_put(tw);
}

static void tcp_v4_reqsk_send_ack(const struct sock *sk, struct sk_buff *skb,
				  struct request_sock *req)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:899",
		"A request sock answers with an ACK: seq = our ISN + 1, ack = peer ISN + 1, scaled window.");
	u32 seq = (sk->sk_state == TCP_LISTEN) ? tcp_rsk(req)->snt_isn + 1 :
						 tcp_sk(sk)->snd_nxt;

	/* RFC 7323 2.3: only SYNs carry an unscaled window. */
	tcp_v4_send_ack(sk, skb, seq, tcp_rsk(req)->rcv_nxt,
			req->rsk_rcv_wnd >> inet_rsk(req)->rcv_wscale,
			tcp_time_stamp_raw() + tcp_rsk(req)->ts_off,
			req->ts_recent, 0, 0, ip_hdr(skb)->tos);
}

static int tcp_v4_send_synack(const struct sock *sk, struct dst_entry *dst,
			      struct flowi *fl, struct request_sock *req,
			      void *foc, enum tcp_synack_type synack_type)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:930",
		"Send the SYN-ACK: route it, build it (tcp_make_synack), checksum, ip_build_and_send_pkt.");
	const struct inet_request_sock *ireq = inet_rsk(req);
	struct flowi4 fl4;
	int err = -1;
	struct sk_buff *skb;

	if (!dst && (dst = inet_csk_route_req(sk, &fl4, req)) == NULL)
		return -1;

	skb = tcp_make_synack(sk, dst, req, foc, synack_type);

	if (skb) {
		__tcp_v4_send_check(skb, ireq->ir_loc_addr, ireq->ir_rmt_addr);
		KM_STEP(951,
			"Put the IP header on and send it from the listener (ip_build_and_send_pkt).");
		err = ip_build_and_send_pkt(skb, sk, ireq->ir_loc_addr,
					    ireq->ir_rmt_addr, ireq->ireq_opt);
		err = net_xmit_eval(err);
	}
	return err;
}

static void tcp_v4_reqsk_destructor(struct request_sock *req)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:964",
		"Free the IP options saved in a request sock.");
	kfree(inet_rsk(req)->ireq_opt);
}

static void tcp_v4_init_req(struct request_sock *req,
			    const struct sock *sk_listener,
			    struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:1340",
		"The request's addresses: ours is the SYN's destination, the peer's its source.");
	struct inet_request_sock *ireq = inet_rsk(req);

	sk_rcv_saddr_set(req_to_sk(req), ip_hdr(skb)->daddr);
	sk_daddr_set(req_to_sk(req), ip_hdr(skb)->saddr);
	/* tcp_v4_save_options(): kmirror does not process IP options. */
	ireq->ireq_opt = NULL;
}

static struct dst_entry *tcp_v4_route_req(const struct sock *sk,
					  struct flowi *fl,
					  const struct request_sock *req)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:1352",
		"Route the SYN-ACK of a request sock back to the client.");
	return inet_csk_route_req(sk, &fl->u.ip4, req);
}

const struct request_sock_ops tcp_request_sock_ops = {
	.family		=	PF_INET,
	.slab_name	=	"request_sock_TCP",	/* set at boot: sock.c:3190 */
	.obj_size	=	sizeof(struct tcp_request_sock),
	.rtx_syn_ack	=	tcp_rtx_synack,
	.send_ack	=	tcp_v4_reqsk_send_ack,
	.destructor	=	tcp_v4_reqsk_destructor,
	.send_reset	=	tcp_v4_send_reset,
	.syn_ack_timeout =	tcp_syn_ack_timeout,
};

static const struct tcp_request_sock_ops tcp_request_sock_ipv4_ops = {
	.mss_clamp	=	TCP_MSS_DEFAULT,
	.init_req	=	tcp_v4_init_req,
	.route_req	=	tcp_v4_route_req,
	.init_seq	=	tcp_v4_init_seq,
	.init_ts_off	=	tcp_v4_init_ts_off,
	.send_synack	=	tcp_v4_send_synack,
	.cookie_init_seq =	cookie_v4_init_sequence,
};

int tcp_v4_conn_request(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:1385",
		"A SYN for a listener: never answer one sent to broadcast or multicast, else tcp_conn_request.");
	if (skb_rtable(skb)->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST))
		goto drop;

	return tcp_conn_request((struct request_sock_ops *)&tcp_request_sock_ops,
				&tcp_request_sock_ipv4_ops, sk, skb);

drop:
	tcp_listendrop(sk);
	return 0;
}

struct sock *tcp_v4_syn_recv_sock(const struct sock *sk, struct sk_buff *skb,
				  struct request_sock *req,
				  struct dst_entry *dst,
				  struct request_sock *req_unhash,
				  bool *own_req)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:1405",
		"The handshake is complete: create the new socket, give it its addresses, route and port, hash it.");
	struct inet_request_sock *ireq;
	struct inet_sock *newinet;
	struct tcp_sock *newtp;
	struct sock *newsk;

	if (sk_acceptq_is_full(sk)) {
		KM_STEP(1421, "The accept queue is full: overflow, no socket.");
		goto exit_overflow;
	}

	newsk = tcp_create_openreq_child(sk, req, skb);
	if (!newsk)
		goto exit_nonewsk;

	newsk->sk_gso_type = SKB_GSO_TCPV4;
	inet_sk_rx_dst_set(newsk, skb);

	KM_STEP(1430, "Copy the request's addresses into the new socket.");
	newtp		      = tcp_sk(newsk);
	newinet		      = inet_sk(newsk);
	ireq		      = inet_rsk(req);
	sk_daddr_set(newsk, ireq->ir_rmt_addr);
	sk_rcv_saddr_set(newsk, ireq->ir_loc_addr);
	newsk->sk_bound_dev_if = ireq->ir_iif;
	newinet->inet_saddr   = ireq->ir_loc_addr;
	newinet->inet_opt     = NULL;
	newinet->mc_index     = inet_iif(skb);
	newinet->mc_ttl	      = ip_hdr(skb)->ttl;
	newinet->rcv_tos      = ip_hdr(skb)->tos;
	inet_csk(newsk)->icsk_ext_hdr_len = 0;
	KM_STEP(1445,
		"The child's IP ID counter starts at write_seq ^ jiffies.");
	newinet->inet_id = newtp->write_seq ^ jiffies;

	if (!dst) {
		dst = inet_csk_route_child_sock(sk, newsk, req);
		if (!dst)
			goto put_and_exit;
	}
	KM_STEP(1454,
		"Route, congestion control, MSS from the path MTU, advertised MSS.");
	sk_setup_caps(newsk, dst);

	tcp_ca_openreq_child(newsk, dst);

	tcp_sync_mss(newsk, dst_mtu(dst));
	newtp->advmss = tcp_mss_clamp(tcp_sk(sk), dst_metric_advmss(dst));

	tcp_initialize_rcv_mss(newsk);

	KM_STEP(1480,
		"Share the listener's port, then take the request's place in ehash.");
	if (__inet_inherit_port(sk, newsk) < 0)
		goto put_and_exit;
	*own_req = inet_ehash_nolisten(newsk, req_to_sk(req_unhash));
	if (likely(*own_req))
		ireq->ireq_opt = NULL;
	else
		newinet->inet_opt = NULL;
	return newsk;

exit_overflow:
	NET_INC_STATS(sock_net(sk), LINUX_MIB_LISTENOVERFLOWS);
exit_nonewsk:
	dst_release(dst);
exit:
	tcp_listendrop(sk);
	return NULL;
put_and_exit:
	newinet->inet_opt = NULL;
	inet_csk_prepare_forced_close(newsk);
	KM_STEP(1501, "The child could not be hashed: close it.");
	tcp_done(newsk);
	goto exit;
}

/*
 * tcp_v4_do_rcv: a segment for a socket not owned by a task (or from its
 * backlog). Established connections take the fast path; everything else
 * goes through the state machine, which may ask for a reset.
 */
static struct sock *tcp_v4_cookie_check(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:1506",
		"A listener got a segment without SYN: it may be the ACK of one of our SYN cookies.");
	const struct tcphdr *th = tcp_hdr(skb);

	if (!th->syn)
		sk = cookie_v4_check(sk, skb);
	return sk;
}

int tcp_v4_do_rcv(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:1525",
		"Process a segment for a socket: established fast path, or the state machine.");
	struct sock *rsk;

	if (sk->sk_state == TCP_ESTABLISHED) {
		KM_STEP(1541, "ESTABLISHED: tcp_rcv_established (data, ACKs).");
		tcp_rcv_established(sk, skb);
		return 0;
	}

	if (tcp_checksum_complete(skb))
		goto csum_err;

	if (sk->sk_state == TCP_LISTEN) {
		struct sock *nsk = tcp_v4_cookie_check(sk, skb);

		if (!nsk)
			goto discard;
		if (nsk != sk) {
			if (tcp_child_process(sk, nsk, skb)) {
				rsk = nsk;
				goto reset;
			}
			return 0;
		}
	}

	KM_STEP(1563,
		"Run the TCP state machine; a non-zero result means: answer with a reset.");
	if (tcp_rcv_state_process(sk, skb)) {
		rsk = sk;
		goto reset;
	}
	return 0;

reset:
	KM_STEP(1570, "The segment was refused: answer with a RST.");
	tcp_v4_send_reset(rsk, skb);
discard:
	kfree_skb(skb);
	return 0;

csum_err:
	TCP_INC_STATS(sock_net(sk), TCP_MIB_CSUMERRORS);
	TCP_INC_STATS(sock_net(sk), TCP_MIB_INERRS);
	goto discard;
}

static bool tcp_add_backlog(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:1625",
		"A task owns the socket: park the segment in its backlog for release_sock().");
	u32 limit = sk->sk_rcvbuf + sk->sk_sndbuf;

	skb_dst_drop(skb);
	limit += 64 * 1024;

	if (unlikely(KM_STEP_IF(1725,
				"Queue it on the backlog: is the backlog full, so the segment is dropped?",
				sk_add_backlog(sk, skb, limit)))) {
		bh_unlock_sock(sk);
		__NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPBACKLOGDROP);
		return true;
	}
	return false;
}

static void tcp_v4_restore_cb(struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:1749",
		"Move the IP control block back to where IP expects it in skb->cb.");
	memmove(IPCB(skb), &TCP_SKB_CB(skb)->header.h4,
		sizeof(struct inet_skb_parm));
}

/* Copy the header facts TCP needs into TCP_SKB_CB(skb). */
static void tcp_v4_fill_cb(struct sk_buff *skb, const struct iphdr *iph,
			   const struct tcphdr *th)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:1755",
		"Fill TCP_SKB_CB: seq, end_seq (seq + SYN + FIN + data), ack, flags.");
	memmove(&TCP_SKB_CB(skb)->header.h4, IPCB(skb),
		sizeof(struct inet_skb_parm));
	barrier();

	TCP_SKB_CB(skb)->seq = ntohl(th->seq);
	TCP_SKB_CB(skb)->end_seq = (TCP_SKB_CB(skb)->seq + th->syn + th->fin +
				    skb->len - th->doff * 4);
	TCP_SKB_CB(skb)->ack_seq = ntohl(th->ack_seq);
	TCP_SKB_CB(skb)->tcp_flags = ((u8 *)th)[13];
	TCP_SKB_CB(skb)->tcp_tw_isn = 0;
	TCP_SKB_CB(skb)->ip_dsfield = iph->tos;
	TCP_SKB_CB(skb)->sacked	 = 0;
	TCP_SKB_CB(skb)->has_rxtstamp = 0;
}

/*
 * tcp_v4_rcv: IP's handler for protocol 6. Validate the header and the
 * checksum, find the socket, and process the segment now or — if a task
 * holds the socket — in its backlog.
 */
int tcp_v4_rcv(struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:1781",
		"A TCP segment arrived: validate it, find its socket, deliver it.");
	struct net *net = dev_net(skb->dev);
	const struct iphdr *iph;
	const struct tcphdr *th;
	bool refcounted;
	struct sock *sk;
	int ret;

	if (skb->pkt_type != PACKET_HOST)
		goto discard_it;

	__TCP_INC_STATS(net, TCP_MIB_INSEGS);

	KM_STEP(1797,
		"There must be a whole 20-byte TCP header, and doff at least 5 within the packet.");
	if (!pskb_may_pull(skb, sizeof(struct tcphdr)))
		goto discard_it;

	th = (const struct tcphdr *)skb->data;

	if (unlikely(th->doff < sizeof(struct tcphdr) / 4))
		goto bad_packet;
	if (!pskb_may_pull(skb, th->doff * 4))
		goto discard_it;

	KM_STEP(1812,
		"Verify the checksum over the pseudo-header (a bad one is counted and dropped).");
	if (skb_checksum_init(skb, IPPROTO_TCP, inet_compute_pseudo))
		goto csum_error;

	th = (const struct tcphdr *)skb->data;
	iph = ip_hdr(skb);
lookup:
	KM_STEP(1818,
		"Find the socket: the established hash by 4-tuple, else a listener by port.");
	sk = __inet_lookup_skb(&tcp_hashinfo, skb, __tcp_hdrlen(th), th->source,
			       th->dest, 0, &refcounted);
	if (!sk)
		goto no_tcp_socket;

process:
	if (sk->sk_state == TCP_TIME_WAIT) {
		KM_STEP(1824,
			"A TIME_WAIT sock holds this 4-tuple: the timewait code answers.");
		goto do_time_wait;
	}

	if (sk->sk_state == TCP_NEW_SYN_RECV) {
		struct request_sock *req = inet_reqsk(sk);
		bool req_stolen = false;
		struct sock *nsk;

		KM_STEP(1832,
			"A request sock (SYN_RECV): the segment belongs to its listener.");
		sk = req->rsk_listener;
		if (tcp_checksum_complete(skb)) {
			reqsk_put(req);
			goto csum_error;
		}
		if (unlikely(sk->sk_state != TCP_LISTEN)) {
			inet_csk_reqsk_queue_drop_and_put(sk, req);
			goto lookup;
		}
		sock_hold(sk);
		refcounted = true;
		th = (const struct tcphdr *)skb->data;
		iph = ip_hdr(skb);
		tcp_v4_fill_cb(skb, iph, th);
		KM_STEP(1856,
			"Check the segment against the pending request (the third packet of the handshake?).");
		nsk = tcp_check_req(sk, skb, req, false, &req_stolen);
		if (!nsk) {
			reqsk_put(req);
			goto discard_and_relse;
		}
		if (nsk == sk) {
			reqsk_put(req);
			tcp_v4_restore_cb(skb);
		} else if (tcp_child_process(sk, nsk, skb)) {
			KM_STEP(1876,
				"The request was refused: answer with a RST.");
			tcp_v4_send_reset(nsk, skb);
			goto discard_and_relse;
		} else {
			sock_put(sk);
			return 0;
		}
	}

	if (unlikely(iph->ttl < inet_sk(sk)->min_ttl)) {
		__NET_INC_STATS(net, LINUX_MIB_TCPMINTTLDROP);
		goto discard_and_relse;
	}

	th = (const struct tcphdr *)skb->data;
	iph = ip_hdr(skb);
	tcp_v4_fill_cb(skb, iph, th);

	skb->dev = NULL;

	if (sk->sk_state == TCP_LISTEN) {
		ret = tcp_v4_do_rcv(sk, skb);
		goto put_and_return;
	}

	bh_lock_sock_nested(sk);
	ret = 0;
	if (KM_STEP_IF(1914,
		       "Is the socket free (no task holds it with lock_sock), so it is processed now, not backlogged?",
		       !sock_owned_by_user(sk))) {
		ret = tcp_v4_do_rcv(sk, skb);
	} else if (tcp_add_backlog(sk, skb)) {
		goto discard_and_relse;
	}
	bh_unlock_sock(sk);

put_and_return:
	if (refcounted)
		sock_put(sk);

	return ret;

no_tcp_socket:
	tcp_v4_fill_cb(skb, iph, th);

	KM_STEP(1939, "No socket for this segment: answer with a reset.");
	tcp_v4_send_reset(NULL, skb);

discard_it:
	kfree_skb(skb);
	return 0;

csum_error:
	KM_STEP(1935,
		"Bad checksum: count it (InCsumErrors, InErrs) and drop it, no reply.");
	__TCP_INC_STATS(net, TCP_MIB_CSUMERRORS);
bad_packet:
	__TCP_INC_STATS(net, TCP_MIB_INERRS);
	goto discard_it;

discard_and_relse:
	sk_drops_add(sk, skb);
	if (refcounted)
		sock_put(sk);
	goto discard_it;

do_time_wait:
	/* kmirror leaves out the xfrm policy check (no IPsec) */
	tcp_v4_fill_cb(skb, iph, th);

	if (tcp_checksum_complete(skb)) {
		inet_twsk_put(inet_twsk(sk));
		goto csum_error;
	}
	switch (tcp_timewait_state_process(inet_twsk(sk), skb, th)) {
	case TCP_TW_SYN: {
		struct sock *sk2 = inet_lookup_listener(dev_net(skb->dev),
							&tcp_hashinfo, skb,
							__tcp_hdrlen(th),
							iph->saddr, th->source,
							iph->daddr, th->dest,
							inet_iif(skb), 0);
		if (sk2) {
			/*
			 * 5.0 quirk: the tcp_v4_fill_cb() after `process` clears
			 * the tcp_tw_isn just chosen, so the listener picks a
			 * fresh ISN (later kernels keep it elsewhere).
			 */
			KM_STEP(1975,
				"A new SYN may reopen the 4-tuple: end TIME_WAIT and give the SYN to the listener (whose fill_cb clears tcp_tw_isn again).");
			inet_twsk_deschedule_put(inet_twsk(sk));
			sk = sk2;
			tcp_v4_restore_cb(skb);
			refcounted = false;
			goto process;
		}
	}
		/* no listener: the SYN is answered with an ACK */
		/* fall through */
	case TCP_TW_ACK:
		KM_STEP(1985,
			"Answer from the timewait sock with an ACK (its snd_nxt, rcv_nxt).");
		tcp_v4_timewait_ack(sk, skb);
		break;
	case TCP_TW_RST:
		KM_STEP(1988,
			"Answer with an RST and end TIME_WAIT at once.");
		tcp_v4_send_reset(sk, skb);
		inet_twsk_deschedule_put(inet_twsk(sk));
		goto discard_it;
	case TCP_TW_SUCCESS:;
	}
	goto discard_it;
}

static const struct timewait_sock_ops tcp_timewait_sock_ops = {
	.twsk_slab_name	= "tw_sock_TCP",
	.twsk_obj_size	= sizeof(struct tcp_timewait_sock),
	.twsk_unique	= tcp_twsk_unique,
	.twsk_destructor = tcp_twsk_destructor,
};

void inet_sk_rx_dst_set(struct sock *sk, const struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:2002",
		"Cache the incoming route in the socket (sk_rx_dst) for later segments.");
	struct dst_entry *dst = skb_dst(skb);

	if (dst) {
		dst_hold(dst);
		sk->sk_rx_dst = dst;
		inet_sk(sk)->rx_dst_ifindex = skb->skb_iif;
	}
}

const struct inet_connection_sock_af_ops ipv4_specific = {
	.queue_xmit	   = ip_queue_xmit,
	.send_check	   = tcp_v4_send_check,
	.rebuild_header	   = inet_sk_rebuild_header,
	.sk_rx_dst_set	   = inet_sk_rx_dst_set,
	.conn_request	   = tcp_v4_conn_request,
	.syn_recv_sock	   = tcp_v4_syn_recv_sock,
	.net_header_len	   = sizeof(struct iphdr),
	.setsockopt	   = ip_setsockopt,
	.getsockopt	   = ip_getsockopt,
	.addr2sockaddr	   = inet_csk_addr2sockaddr,
	.sockaddr_len	   = sizeof(struct sockaddr_in),
	.mtu_reduced	   = tcp_v4_mtu_reduced,
};

int tcp_v4_init_sock(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:2044",
		"TCP's init for IPv4: tcp_init_sock(), then point icsk_af_ops at ipv4_specific.");
	struct inet_connection_sock *icsk = inet_csk(sk);

	tcp_init_sock(sk);

	KM_STEP(2050,
		"IPv4 specifics: send through ip_queue_xmit, checksum with tcp_v4_send_check.");
	icsk->icsk_af_ops = &ipv4_specific;

	return 0;
}

void tcp_v4_destroy_sock(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:2059",
		"Destroying a TCP sock: stop timers, purge queues, give the port back.");
	tcp_clear_xmit_timers(sk);

	tcp_cleanup_congestion_control(sk);

	tcp_write_queue_purge(sk);

	if (inet_csk(sk)->icsk_bind_hash)
		inet_put_port(sk);
}

const struct proto tcp_prot = {
	.name			= "TCP",
	.close			= tcp_close,
	.connect		= tcp_v4_connect,
	.disconnect		= tcp_disconnect,
	.accept			= inet_csk_accept,
	.ioctl			= tcp_ioctl,
	.init			= tcp_v4_init_sock,
	.destroy		= tcp_v4_destroy_sock,
	.shutdown		= tcp_shutdown,
	.setsockopt		= tcp_setsockopt,
	.getsockopt		= tcp_getsockopt,
	.keepalive		= tcp_set_keepalive,
	.recvmsg		= tcp_recvmsg,
	.sendmsg		= tcp_sendmsg,
	.backlog_rcv		= tcp_v4_do_rcv,
	.release_cb		= tcp_release_cb,
	.hash			= inet_hash,
	.unhash			= inet_unhash,
	.get_port		= inet_csk_get_port,
	.stream_memory_free	= tcp_stream_memory_free,
	.sysctl_wmem_offset	= offsetof(struct net, ipv4.sysctl_tcp_wmem),
	.sysctl_rmem_offset	= offsetof(struct net, ipv4.sysctl_tcp_rmem),
	.max_header		= MAX_TCP_HEADER,
	.obj_size		= sizeof(struct tcp_sock),
	.rsk_prot		= (struct request_sock_ops *)&tcp_request_sock_ops,
	.twsk_prot		= (struct timewait_sock_ops *)&tcp_timewait_sock_ops,
	.km_table		= KM_TABLE_TCP,
	.no_autobind		= true,
};

const struct net_protocol tcp_protocol = {
	.handler	=	tcp_v4_rcv,
	.err_handler	=	tcp_v4_err,
	.no_policy	=	1,
	.netns_ok	=	1,
	.icmp_strict_tag_validation = 1,
};

/* Boot (Linux: tcp_sk_init): the control socket RSTs are sent from. */
void tcp_sk_init_km(struct net *net)
{
	KM_FUNC("net/ipv4/tcp_ipv4.c:2595",
		"Per-namespace TCP set-up: a raw control socket for RSTs, the sysctls.");
	struct sock *sk;
	int cnt;

	if (inet_ctl_sock_create(&sk, PF_INET, SOCK_RAW, IPPROTO_TCP, net))
		km_bug(__FILE__, __LINE__, "cannot create the TCP control socket");
	sock_set_flag(sk, SOCK_USE_WRITE_QUEUE);
	/* RSTs and stateless ACKs go out with DF and IP ID 0. */
	inet_sk(sk)->pmtudisc = IP_PMTUDISC_DO;
	net->ipv4.tcp_sk = sk;

	cnt = tcp_hashinfo.ehash_mask + 1;
	net->ipv4.tcp_death_row.sysctl_max_tw_buckets = cnt / 2;
	net->ipv4.tcp_death_row.hashinfo = &tcp_hashinfo;
	net->ipv4.sysctl_max_syn_backlog = max(128, cnt / 256);
	/* moved: tcp_sk_init()'s other sysctl defaults are in runtime/host.c */
}
