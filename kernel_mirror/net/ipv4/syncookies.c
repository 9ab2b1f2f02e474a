// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/syncookies.c (Linux 5.0.1) — SYN cookies.
 *
 * When a listener's SYN queue is full (or net.ipv4.tcp_syncookies = 2),
 * the SYN-ACK's sequence number itself carries the connection's state, so
 * nothing is kept for the SYN: the cookie is a keyed hash of the 4-tuple
 * plus the peer's ISN, a minute counter in its top 8 bits and an index into
 * a table of four MSS values in its low bits. With timestamps, the low 6
 * bits of the SYN-ACK's TSval carry the window scale, SACK and ECN the SYN
 * asked for. The ACK that echoes the cookie (ack - 1) is checked against
 * the last two minutes and rebuilds the request sock and its child.
 *
 * The two hash keys are drawn once per host (net_get_random_once), from
 * the host's seeded generator like every other secret.
 * Simplifications: no IP options are saved from the ACK (kmirror does not
 * process IP options), no SO_REUSEPORT groups, no MPTCP/SMC.
 */
#include <linux/kernel.h>
#include <linux/tcp.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <net/secure_seq.h>
#include <net/tcp.h>
#include <net/route.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

#define COOKIEBITS 24	/* the minute counter lives above them */
#define COOKIEMASK (((__u32)1 << COOKIEBITS) - 1)

/*
 * The low TSBITS of a cookie SYN-ACK's timestamp: window scale (0xf: none),
 * SACK, ECN. A timestamp option in the ACK is itself the proof that the
 * SYN asked for timestamps, so no bit is spent on it.
 */
#define TS_OPT_WSCALE_MASK	0xf
#define TS_OPT_SACK		BIT(4)
#define TS_OPT_ECN		BIT(5)
#define TSBITS	6
#define TSMASK	(((__u32)1 << TSBITS) - 1)

static u32 cookie_hash(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport,
		       u32 count, int c)
{
	struct host *h = km_host();

	KM_FUNC("net/ipv4/syncookies.c:52",
		"Keyed hash of the 4-tuple and a minute count, under one of two boot-time secrets.");
	net_get_random_once_km(&h->syncookie_secret_done, h->syncookie_secret,
			       sizeof(h->syncookie_secret));
	return (u32)siphash_4u32((__force u32)saddr, (__force u32)daddr,
				 (__force u32)sport << 16 | (__force u32)dport,
				 count, &h->syncookie_secret[c]);
}

u64 cookie_init_timestamp(struct request_sock *req)
{
	KM_FUNC("net/ipv4/syncookies.c:69",
		"The cookie SYN-ACK's timestamp: now, with the SYN's options in its low 6 bits.");
	struct inet_request_sock *ireq;
	u32 ts, ts_now = tcp_time_stamp_raw();
	u32 options = 0;

	ireq = inet_rsk(req);

	KM_STEP(77,
		"Encode the options: window scale (0xf if none), SACK (bit 4), ECN (bit 5).");
	options = ireq->wscale_ok ? ireq->snd_wscale : TS_OPT_WSCALE_MASK;
	if (ireq->sack_ok)
		options |= TS_OPT_SACK;
	if (ireq->ecn_ok)
		options |= TS_OPT_ECN;

	ts = ts_now & ~TSMASK;
	ts |= options;
	if (ts > ts_now) {
		/* Later timestamps must not run backwards: step a
		 * period of 64 ms back. */
		KM_STEP(86,
			"The encoded stamp would be ahead of the clock: take it one 64 ms period back.");
		ts >>= TSBITS;
		ts--;
		ts <<= TSBITS;
		ts |= options;
	}
	return (u64)ts * (NSEC_PER_SEC / TCP_TS_HZ);
}

static __u32 secure_tcp_syn_cookie(__be32 saddr, __be32 daddr, __be16 sport,
				   __be16 dport, __u32 sseq, __u32 data)
{
	KM_FUNC("net/ipv4/syncookies.c:95",
		"cookie = hash0 + peer ISN + (minute << 24) + ((hash1(minute) + MSS index) mod 2^24).");
	u32 count = tcp_cookie_time();

	return cookie_hash(saddr, daddr, sport, dport, 0, 0) +
	       sseq + (count << COOKIEBITS) +
	       ((cookie_hash(saddr, daddr, sport, dport, count, 1) + data)
		& COOKIEMASK);
}

/*
 * Undo the cookie: the data (MSS index) it carries, or (u32)-1 when its
 * minute is MAX_SYNCOOKIE_AGE or more in the past (a forged or stale one
 * gives an out-of-range index, which the caller rejects).
 */
static __u32 check_tcp_syn_cookie(__u32 cookie, __be32 saddr, __be32 daddr,
				  __be16 sport, __be16 dport, __u32 sseq)
{
	KM_FUNC("net/ipv4/syncookies.c:124",
		"Take the cookie apart: its minute must be recent, what remains is the MSS index.");
	u32 diff, count = tcp_cookie_time();

	cookie -= cookie_hash(saddr, daddr, sport, dport, 0, 0) + sseq;

	diff = (count - (cookie >> COOKIEBITS)) & ((__u32) -1 >> COOKIEBITS);
	if (diff >= MAX_SYNCOOKIE_AGE) {
		KM_STEP(135,
			"Made two or more minutes ago (or forged): refuse it.");
		return (__u32)-1;
	}

	return (cookie -
		cookie_hash(saddr, daddr, sport, dport, count - diff, 1))
	       & COOKIEMASK;
}

/* The MSS values a cookie can carry, sorted (the four most common). */
static __u16 const msstab[] = {
	536,
	1300,
	1440,
	1460,
};

u32 __cookie_v4_init_sequence(const struct iphdr *iph, const struct tcphdr *th,
			      u16 *mssp)
{
	KM_FUNC("net/ipv4/syncookies.c:165",
		"Make the cookie: round the peer's MSS down to the table and hash it in.");
	int mssind;
	const __u16 mss = *mssp;

	for (mssind = ARRAY_SIZE(msstab) - 1; mssind ; mssind--)
		if (mss >= msstab[mssind])
			break;
	KM_STEP(174,
		"The MSS kept is the largest table value not above the peer's.");
	*mssp = msstab[mssind];

	return secure_tcp_syn_cookie(iph->saddr, iph->daddr,
				     th->source, th->dest, ntohl(th->seq),
				     mssind);
}

__u32 cookie_v4_init_sequence(const struct sk_buff *skb, __u16 *mssp)
{
	KM_FUNC("net/ipv4/syncookies.c:182",
		"The cookie for this SYN, from its IP and TCP headers.");
	const struct iphdr *iph = ip_hdr(skb);
	const struct tcphdr *th = tcp_hdr(skb);

	return __cookie_v4_init_sequence(iph, th, mssp);
}

int __cookie_v4_check(const struct iphdr *iph, const struct tcphdr *th,
		      u32 cookie)
{
	KM_FUNC("net/ipv4/syncookies.c:194",
		"Is ack - 1 a cookie we made for this 4-tuple? Then it gives the MSS, else 0.");
	__u32 seq = ntohl(th->seq) - 1;
	__u32 mssind = check_tcp_syn_cookie(cookie, iph->saddr, iph->daddr,
					    th->source, th->dest, seq);

	return mssind < ARRAY_SIZE(msstab) ? msstab[mssind] : 0;
}

struct sock *tcp_get_cookie_sock(struct sock *sk, struct sk_buff *skb,
				 struct request_sock *req,
				 struct dst_entry *dst, u32 tsoff)
{
	KM_FUNC("net/ipv4/syncookies.c:205",
		"Create the child socket from the rebuilt request and queue it for accept().");
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct sock *child;
	bool own_req;

	child = icsk->icsk_af_ops->syn_recv_sock(sk, skb, req, dst,
						 NULL, &own_req);
	if (child) {
		KM_STEP(216,
			"The child exists: give it the timestamp offset and put it on the accept queue.");
		refcount_set(&req->rsk_refcnt, 1);
		tcp_sk(child)->tsoffset = tsoff;
		inet_csk_reqsk_queue_add(sk, req, child);
	} else {
		reqsk_free(req);
	}
	return child;
}

bool cookie_timestamp_decode(const struct net *net,
			     struct tcp_options_received *tcp_opt)
{
	KM_FUNC("net/ipv4/syncookies.c:235",
		"Read the SYN's options back from the low bits of the echoed timestamp.");
	u32 options = tcp_opt->rcv_tsecr;

	if (!tcp_opt->saw_tstamp)  {
		KM_STEP(242,
			"No timestamp in the ACK: the connection goes without options.");
		tcp_clear_options(tcp_opt);
		return true;
	}

	if (!net->ipv4.sysctl_tcp_timestamps)
		return false;

	tcp_opt->sack_ok = (options & TS_OPT_SACK) ? TCP_SACK_SEEN : 0;

	if (tcp_opt->sack_ok && !net->ipv4.sysctl_tcp_sack)
		return false;

	if ((options & TS_OPT_WSCALE_MASK) == TS_OPT_WSCALE_MASK)
		return true;

	KM_STEP(257,
		"The SYN offered window scaling: take its shift from the low 4 bits.");
	tcp_opt->wscale_ok = 1;
	tcp_opt->snd_wscale = options & TS_OPT_WSCALE_MASK;

	return net->ipv4.sysctl_tcp_window_scaling != 0;
}

bool cookie_ecn_ok(const struct tcp_options_received *tcp_opt,
		   const struct net *net, const struct dst_entry *dst)
{
	KM_FUNC("net/ipv4/syncookies.c:264",
		"ECN for a cookie connection: only if the SYN asked (bit 5) and ECN is allowed.");
	bool ecn_ok = tcp_opt->rcv_tsecr & TS_OPT_ECN;

	if (!ecn_ok)
		return false;

	if (net->ipv4.sysctl_tcp_ecn)
		return true;

	return dst_feature(dst, RTAX_FEATURE_ECN) != 0;
}

/*
 * An ACK for a listener with no request sock: if it echoes a cookie of
 * ours, rebuild the request from it and create the child. Returns the
 * listener (not a cookie ACK: carry on), the child, or NULL (drop).
 */
struct sock *cookie_v4_check(struct sock *sk, struct sk_buff *skb)
{
	KM_FUNC("net/ipv4/syncookies.c:283",
		"An ACK for a listener: does it echo one of our SYN cookies? Then rebuild the connection.");
	struct tcp_options_received tcp_opt;
	struct inet_request_sock *ireq;
	struct tcp_request_sock *treq;
	struct tcp_sock *tp = tcp_sk(sk);
	const struct tcphdr *th = tcp_hdr(skb);
	__u32 cookie = ntohl(th->ack_seq) - 1;
	struct sock *ret = sk;
	struct request_sock *req;
	int mss;
	struct rtable *rt;
	__u8 rcv_wscale;
	struct flowi4 fl4;
	u32 tsoff = 0;

	if (!sock_net(sk)->ipv4.sysctl_tcp_syncookies || !th->ack || th->rst)
		goto out;

	if (tcp_synq_no_recent_overflow(sk)) {
		KM_STEP(304,
			"No SYN-queue overflow in the last two minutes: we sent no cookies, so this is no cookie ACK.");
		goto out;
	}

	KM_STEP(306,
		"Check the cookie: ack - 1 against the 4-tuple and the peer's ISN (seq - 1).");
	mss = __cookie_v4_check(ip_hdr(skb), th, cookie);
	if (mss == 0) {
		KM_STEP(308,
			"Not a valid cookie (SyncookiesFailed): the listener will answer with a reset.");
		__NET_INC_STATS(sock_net(sk), LINUX_MIB_SYNCOOKIESFAILED);
		goto out;
	}

	__NET_INC_STATS(sock_net(sk), LINUX_MIB_SYNCOOKIESRECV);

	memset(&tcp_opt, 0, sizeof(tcp_opt));
	tcp_parse_options(sock_net(sk), skb, &tcp_opt, 0, NULL);

	if (tcp_opt.saw_tstamp && tcp_opt.rcv_tsecr) {
		tsoff = secure_tcp_ts_off(sock_net(sk),
					  ip_hdr(skb)->daddr,
					  ip_hdr(skb)->saddr);
		tcp_opt.rcv_tsecr -= tsoff;
	}

	if (!cookie_timestamp_decode(sock_net(sk), &tcp_opt))
		goto out;

	ret = NULL;
	req = inet_reqsk_alloc(&tcp_request_sock_ops, sk, false);
	if (!req)
		goto out;

	KM_STEP(333,
		"Rebuild the request sock: ISNs from the segment and the cookie, MSS and options from the cookie.");
	ireq = inet_rsk(req);
	treq = tcp_rsk(req);
	treq->rcv_isn		= ntohl(th->seq) - 1;
	treq->snt_isn		= cookie;
	treq->ts_off		= 0;
	treq->txhash		= km_net_tx_rndhash();
	req->mss		= mss;
	ireq->ir_num		= ntohs(th->dest);
	ireq->ir_rmt_port	= th->source;
	sk_rcv_saddr_set(req_to_sk(req), ip_hdr(skb)->daddr);
	sk_daddr_set(req_to_sk(req), ip_hdr(skb)->saddr);
	ireq->ir_mark		= sk->sk_mark;
	ireq->snd_wscale	= tcp_opt.snd_wscale;
	ireq->sack_ok		= tcp_opt.sack_ok;
	ireq->wscale_ok		= tcp_opt.wscale_ok;
	ireq->tstamp_ok		= tcp_opt.saw_tstamp;
	req->ts_recent		= tcp_opt.saw_tstamp ? tcp_opt.rcv_tsval : 0;
	treq->snt_synack	= 0;
	treq->tfo_listener	= false;

	ireq->ir_iif = sk->sk_bound_dev_if;

	/* kmirror: no IP options to save (tcp_v4_save_options). */
	ireq->ireq_opt = NULL;

	req->num_retrans = 0;

	KM_STEP(375,
		"Route back to the client, to choose the window again as the SYN-ACK did.");
	flowi4_init_output(&fl4, ireq->ir_iif, ireq->ir_mark,
			   RT_CONN_FLAGS(sk), RT_SCOPE_UNIVERSE, IPPROTO_TCP,
			   inet_sk_flowi_flags(sk),
			   ireq->ir_rmt_addr,
			   ireq->ir_loc_addr, th->source, th->dest, sk->sk_uid);
	rt = ip_route_output_key(sock_net(sk), &fl4);
	if (IS_ERR(rt)) {
		reqsk_free(req);
		goto out;
	}

	req->rsk_window_clamp = tp->window_clamp ? :dst_metric(&rt->dst, RTAX_WINDOW);

	tcp_select_initial_window(sk, tcp_full_space(sk), req->mss,
				  &req->rsk_rcv_wnd, &req->rsk_window_clamp,
				  ireq->wscale_ok, &rcv_wscale,
				  dst_metric(&rt->dst, RTAX_INITRWND));

	ireq->rcv_wscale  = rcv_wscale;
	ireq->ecn_ok = cookie_ecn_ok(&tcp_opt, sock_net(sk), &rt->dst);

	ret = tcp_get_cookie_sock(sk, skb, req, &rt->dst, tsoff);
	/* The child sends with this flow (inet_csk_route_child_sock is
	 * not run for it). */
	if (ret)
		inet_sk(ret)->cork.fl.u.ip4 = fl4;
out:	return ret;
}
