/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/net/tcp.h (Linux 5.0.1) — TCP's constants, the per-skb
 * control block, small inline helpers, and the functions the TCP files
 * share.
 */
#ifndef _KM_NET_TCP_H
#define _KM_NET_TCP_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/ktime.h>
#include <linux/jiffies.h>
#include <net/inet_connection_sock.h>
#include <net/inet_hashtables.h>
#include <net/tcp_states.h>
#include <net/sock.h>
#include <net/snmp.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/checksum.h>
#include <kmirror/trace.h>

struct tcp_request_sock_ops;

/*
 * MAX_HEADER is LL_MAX_HEADER (+48 with tunnels). kmirror's kernel has
 * neither Wi-Fi/AX.25 nor IP tunnels configured, so LL_MAX_HEADER is 32
 * and MAX_TCP_HEADER is the minimal 160.
 */
#define LL_MAX_HEADER		32
#define MAX_HEADER		LL_MAX_HEADER
#define MAX_TCP_HEADER		(128 + MAX_HEADER)
#define MAX_TCP_OPTION_SPACE	40
#define TCP_MIN_MSS		88U
#define TCP_BASE_MSS		1024
#define TCP_PROBE_INTERVAL	600
#define TCP_PROBE_THRESHOLD	8

/* The MSS assumed when the peer sends none (RFC 1122). */
#define TCP_MSS_DEFAULT		 536U
#define TCP_MSS_DESIRED		1220U

/* Initial congestion window (RFC 6928). */
#define TCP_INIT_CWND		10

#define MAX_TCP_WINDOW		32767U
#define TCP_MAX_WSCALE		14U
#define TCP_URG_VALID	0x0100
#define TCP_URG_NOTYET	0x0200
#define TCP_URG_READ	0x0400

#define TCP_RETR1	3
#define TCP_RETR2	15
#define TCP_SYN_RETRIES	 6	/* about 127 s of SYN retransmissions */
#define TCP_SYNACK_RETRIES 5
#define TCP_TIMEWAIT_LEN (60*HZ)
#define TCP_FIN_TIMEOUT	TCP_TIMEWAIT_LEN
#define TCP_FIN_TIMEOUT_MAX (120 * HZ)

#define TCP_DELACK_MAX	((unsigned)(HZ/5))	/* 200 ms */
#define TCP_DELACK_MIN	((unsigned)(HZ/25))	/* 40 ms */
#define TCP_ATO_MIN	((unsigned)(HZ/25))
#define TCP_RTO_MAX	((unsigned)(120*HZ))
#define TCP_RTO_MIN	((unsigned)(HZ/5))
#define TCP_TIMEOUT_MIN	(2U)
#define TCP_TIMEOUT_INIT ((unsigned)(1*HZ))	/* first RTO: 1 s (RFC 6298) */
#define TCP_TIMEOUT_FALLBACK ((unsigned)(3*HZ))	/* the older 3 s value (RFC 1122) */

#define TCP_RESOURCE_PROBE_INTERVAL ((unsigned)(HZ/2U))
#define TCP_KEEPALIVE_TIME	(120*60*HZ)	/* idle 2 h before the first probe */
#define TCP_KEEPALIVE_PROBES	9
#define TCP_KEEPALIVE_INTVL	(75*HZ)
#define MAX_TCP_KEEPIDLE	32767
#define MAX_TCP_KEEPINTVL	32767
#define MAX_TCP_KEEPCNT		127
#define MAX_TCP_SYNCNT		127

#define TCP_PAWS_24DAYS	(60 * 60 * 24 * 24)
#define TCP_PAWS_MSL	60
#define TCP_PAWS_WINDOW	1

#define TCP_MAX_QUICKACKS	16U

#define TCP_TS_HZ	1000

/* The "kind" byte that starts each TCP option. */
#define TCPOPT_NOP		1	/* one byte of filler */
#define TCPOPT_EOL		0	/* no more options */
#define TCPOPT_MSS		2	/* largest segment the sender accepts (SYN only) */
#define TCPOPT_WINDOW		3	/* window scale shift (SYN only, RFC 7323) */
#define TCPOPT_SACK_PERM	4	/* sender understands SACK (SYN only) */
#define TCPOPT_SACK		5	/* selectively acknowledged ranges */
#define TCPOPT_TIMESTAMP	8	/* TSval/TSecr, for RTT and PAWS (RFC 7323) */
#define TCPOPT_MD5SIG		19	/* RFC 2385 signature */
#define TCPOPT_FASTOPEN		34	/* Fast Open cookie (RFC 7413) */
#define TCPOPT_EXP		254	/* experimental kind, with a magic number */
#define TCPOPT_FASTOPEN_MAGIC	0xF989
#define TCPOPT_SMC_MAGIC	0xE2D4C3D9

/* The length byte of each option (kind and length bytes included). */
#define TCPOLEN_MSS            4
#define TCPOLEN_WINDOW         3
#define TCPOLEN_SACK_PERM      2
#define TCPOLEN_TIMESTAMP      10
#define TCPOLEN_MD5SIG         18
#define TCPOLEN_FASTOPEN_BASE  2
#define TCPOLEN_EXP_FASTOPEN_BASE  4
#define TCPOLEN_EXP_SMC_BASE   6

/* ... and the lengths they take once padded to 32 bits */
#define TCPOLEN_TSTAMP_ALIGNED		12
#define TCPOLEN_WSCALE_ALIGNED		4
#define TCPOLEN_SACKPERM_ALIGNED	4
#define TCPOLEN_SACK_BASE		2
#define TCPOLEN_SACK_BASE_ALIGNED	4
#define TCPOLEN_SACK_PERBLOCK		8
#define TCPOLEN_MD5SIG_ALIGNED		20
#define TCPOLEN_MSS_ALIGNED		4
#define TCPOLEN_EXP_SMC_BASE_ALIGNED	8

/* Flag bits of the TCP header as kept in TCP_SKB_CB()->tcp_flags. */
#define TCPHDR_FIN 0x01
#define TCPHDR_SYN 0x02
#define TCPHDR_RST 0x04
#define TCPHDR_PSH 0x08
#define TCPHDR_ACK 0x10
#define TCPHDR_URG 0x20
#define TCPHDR_ECE 0x40
#define TCPHDR_CWR 0x80
#define TCPHDR_SYN_ECN	(TCPHDR_SYN | TCPHDR_ECE | TCPHDR_CWR)

/* tp->ecn_flags */
#define TCP_ECN_OK		1
#define TCP_ECN_QUEUE_CWR	2
#define TCP_ECN_DEMAND_CWR	4
#define TCP_ECN_SEEN		8

/* tp->nonagle */
#define TCP_NAGLE_OFF		1
#define TCP_NAGLE_CORK		2
#define TCP_NAGLE_PUSH		4

/* Sequence-space comparisons, modulo 2^32. */
static inline bool before(__u32 seq1, __u32 seq2)
{
	return (__s32)(seq1 - seq2) < 0;
}
#define after(seq2, seq1)	before(seq1, seq2)

/* True when seq2 <= seq1 <= seq3 in sequence space. */
static inline bool between(__u32 seq1, __u32 seq2, __u32 seq3)
{
	return seq3 - seq2 >= seq1 - seq2;
}


/*
 * What TCP keeps in skb->cb while a segment is queued: its sequence range,
 * flags and SACK state. Transmit-side and receive-side share the space.
 */
struct tcp_skb_cb {
	__u32		seq;		/* first sequence number */
	__u32		end_seq;	/* seq + SYN + FIN + data length */
	union {
		__u32		tcp_tw_isn;
		struct {
			u16	tcp_gso_segs;
			u16	tcp_gso_size;
		};
	};
	__u8		tcp_flags;	/* TCPHDR_* */

	__u8		sacked;		/* retransmission / SACK state bits */
#define TCPCB_SACKED_ACKED	0x01
#define TCPCB_SACKED_RETRANS	0x02
#define TCPCB_LOST		0x04
#define TCPCB_TAGBITS		0x07
#define TCPCB_REPAIRED		0x10
#define TCPCB_EVER_RETRANS	0x80
#define TCPCB_RETRANS		(TCPCB_SACKED_RETRANS|TCPCB_EVER_RETRANS| \
				TCPCB_REPAIRED)

	__u8		ip_dsfield;
	__u8		txstamp_ack:1,
			eor:1,
			has_rxtstamp:1,
			unused:5;
	__u32		ack_seq;	/* received: the segment's ACK number */
	union {
		struct {
			__u32 in_flight:30,
			      is_app_limited:1,
			      unused:1;
			__u32 delivered;
			u64 first_tx_mstamp;
			u64 delivered_mstamp;
		} tx;
		union {
			struct inet_skb_parm	h4;
		} header;
	};
};

#define TCP_SKB_CB(__skb)	((struct tcp_skb_cb *)&((__skb)->cb[0]))

static inline int tcp_skb_pcount(const struct sk_buff *skb)
{
	return TCP_SKB_CB(skb)->tcp_gso_segs;
}

static inline void tcp_skb_pcount_set(struct sk_buff *skb, int segs)
{
	TCP_SKB_CB(skb)->tcp_gso_segs = segs;
}

static inline int tcp_skb_mss(const struct sk_buff *skb)
{
	return TCP_SKB_CB(skb)->tcp_gso_size;
}

/* The payload one packet of this skb carries. */
static inline int tcp_skb_seglen(const struct sk_buff *skb)
{
	return tcp_skb_pcount(skb) == 1 ? skb->len : tcp_skb_mss(skb);
}

/* ---- clocks (5.0 counts TCP time from local_clock()) ---- */
static inline u64 tcp_clock_ns(void)
{
	return local_clock();
}

static inline u64 tcp_clock_us(void)
{
	return div_u64(tcp_clock_ns(), NSEC_PER_USEC);
}

/* The TSval clock: milliseconds, as of the socket's last refresh. */
static inline u32 tcp_time_stamp(const struct tcp_sock *tp)
{
	return div_u64(tp->tcp_mstamp, USEC_PER_SEC / TCP_TS_HZ);
}

static inline u32 tcp_time_stamp_raw(void)
{
	return div_u64(tcp_clock_ns(), NSEC_PER_SEC / TCP_TS_HZ);
}

static inline u32 tcp_skb_timestamp(const struct sk_buff *skb)
{
	return div_u64(skb->skb_mstamp_ns, NSEC_PER_SEC / TCP_TS_HZ);
}

static inline u64 tcp_skb_timestamp_us(const struct sk_buff *skb)
{
	return div_u64(skb->skb_mstamp_ns, NSEC_PER_USEC);
}

#define tcp_jiffies32 ((u32)jiffies)

void tcp_mstamp_refresh(struct tcp_sock *tp);

static inline u32 tcp_stamp_us_delta(u64 t1, u64 t0)
{
	return max_t(s64, t1 - t0, 0);
}

/* ---- the write and retransmit queues ---- */
static inline struct sk_buff *tcp_rtx_queue_head(const struct sock *sk)
{
	return skb_rb_first(&sk->tcp_rtx_queue);
}

static inline struct sk_buff *tcp_rtx_queue_tail(const struct sock *sk)
{
	return skb_rb_last(&sk->tcp_rtx_queue);
}

static inline bool tcp_rtx_queue_empty(const struct sock *sk)
{
	return RB_EMPTY_ROOT(&sk->tcp_rtx_queue);
}

static inline void tcp_skb_tsorted_anchor_cleanup(struct sk_buff *skb)
{
	skb->destructor = NULL;
	skb->_skb_refdst = 0UL;
}

/*
 * tcp_tsorted_anchor shares its words with _skb_refdst/destructor: clear
 * the anchor around a clone, and before a queued skb is freed.
 */
#define tcp_skb_tsorted_save(skb) {			\
	unsigned long _save = (skb)->_skb_refdst;	\
	(skb)->_skb_refdst = 0UL;

#define tcp_skb_tsorted_restore(skb)			\
	(skb)->_skb_refdst = _save;			\
}

static inline void tcp_rtx_queue_unlink(struct sk_buff *skb, struct sock *sk)
{
	tcp_skb_tsorted_anchor_cleanup(skb);
	rb_erase(&skb->rbnode, &sk->tcp_rtx_queue);
}

static inline void tcp_rtx_queue_unlink_and_free(struct sk_buff *skb, struct sock *sk)
{
	list_del(&skb->tcp_tsorted_anchor);
	tcp_rtx_queue_unlink(skb, sk);
	sk_wmem_free_skb(sk, skb);
}

static inline struct sk_buff *tcp_write_queue_head(const struct sock *sk)
{
	return skb_peek(&sk->sk_write_queue);
}

static inline struct sk_buff *tcp_write_queue_tail(const struct sock *sk)
{
	return skb_peek_tail(&sk->sk_write_queue);
}

static inline struct sk_buff *tcp_send_head(const struct sock *sk)
{
	return skb_peek(&sk->sk_write_queue);
}

static inline bool tcp_write_queue_empty(const struct sock *sk)
{
	return skb_queue_empty(&sk->sk_write_queue);
}

static inline bool tcp_rtx_and_write_queues_empty(const struct sock *sk)
{
	return tcp_rtx_queue_empty(sk) && tcp_write_queue_empty(sk);
}

static inline void tcp_add_write_queue_tail(struct sock *sk, struct sk_buff *skb)
{
	__skb_queue_tail(&sk->sk_write_queue, skb);
	/* (Linux starts its busy-time chrono here; not modelled.) */
}

static inline void tcp_unlink_write_queue(struct sk_buff *skb, struct sock *sk)
{
	tcp_skb_tsorted_anchor_cleanup(skb);
	__skb_unlink(skb, &sk->sk_write_queue);
}

void tcp_rbtree_insert(struct rb_root *root, struct sk_buff *skb);

/* The right edge of the peer's receive window (include/net/tcp.h:1208). */
static inline u32 tcp_wnd_end(const struct tcp_sock *tp)
{
	return tp->snd_una + tp->snd_wnd;
}

/*
 * The zero-window probe timer (include/net/tcp.h:1277-1297): at least
 * 200 ms, doubled by each unanswered probe (icsk_backoff), capped.
 * kmirror has no pacing, so tcp_reset_xmit_timer is inet_csk_reset_xmit_timer.
 */
static inline unsigned long tcp_probe0_base(const struct sock *sk)
{
	return max_t(unsigned long, inet_csk(sk)->icsk_rto, TCP_RTO_MIN);
}

static inline unsigned long tcp_probe0_when(const struct sock *sk,
					    unsigned long max_when)
{
	u64 when = (u64)tcp_probe0_base(sk) << inet_csk(sk)->icsk_backoff;

	return (unsigned long)min_t(u64, when, max_when);
}

/* Nothing in flight and no timer: probe the peer's closed window. */
static inline void tcp_check_probe_timer(struct sock *sk)
{
	if (!tcp_sk(sk)->packets_out && !inet_csk(sk)->icsk_pending)
		inet_csk_reset_xmit_timer(sk, ICSK_TIME_PROBE0,
					  tcp_probe0_base(sk), TCP_RTO_MAX);
}

/* net/ipv4/tcp_rate.c: delivery-rate sampling, only its send side. */
void tcp_rate_skb_sent(struct sock *sk, struct sk_buff *skb);

/* ---- windows ---- */
static inline int tcp_win_from_space(const struct sock *sk, int space)
{
	int tcp_adv_win_scale = sock_net(sk)->ipv4.sysctl_tcp_adv_win_scale;

	return tcp_adv_win_scale <= 0 ?
		(space>>(-tcp_adv_win_scale)) :
		space - (space>>tcp_adv_win_scale);
}

/* Window we could advertise if the receive buffer were empty. */
static inline int tcp_space(const struct sock *sk)
{
	return tcp_win_from_space(sk, sk->sk_rcvbuf -
				  atomic_read(&sk->sk_rmem_alloc));
}

static inline int tcp_full_space(const struct sock *sk)
{
	return tcp_win_from_space(sk, sk->sk_rcvbuf);
}

/* Remember the segment that last updated the peer's window (snd_wl1). */
static inline void tcp_init_wl(struct tcp_sock *tp, u32 seq)
{
	tp->snd_wl1 = seq;
}

static inline void tcp_update_wl(struct tcp_sock *tp, u32 seq)
{
	tp->snd_wl1 = seq;
}

static inline void __tcp_fast_path_on(struct tcp_sock *tp, u32 snd_wnd)
{
	tp->pred_flags = htonl(((u32)tp->tcp_header_len << 26) |
			       ntohl(TCP_FLAG_ACK) |
			       snd_wnd);
}

static inline void tcp_fast_path_on(struct tcp_sock *tp)
{
	__tcp_fast_path_on(tp, tp->snd_wnd >> tp->rx_opt.snd_wscale);
}

static inline u32 tcp_receive_window(const struct tcp_sock *tp)
{
	s32 win = tp->rcv_wup + tp->rcv_wnd - tp->rcv_nxt;

	if (win < 0)
		win = 0;
	return (u32) win;
}

static inline u16 tcp_mss_clamp(const struct tcp_sock *tp, u16 mss)
{
	u16 user_mss = tp->rx_opt.user_mss;

	return (user_mss && user_mss < mss) ? user_mss : mss;
}

/* ---- RTO and timers ---- */
static inline u32 tcp_timeout_init(struct sock *sk)
{
	/* A BPF program could change it; kmirror has none. */
	(void)sk;
	return TCP_TIMEOUT_INIT;
}

static inline u32 __tcp_set_rto(const struct tcp_sock *tp)
{
	return usecs_to_jiffies((tp->srtt_us >> 3) + tp->rttvar_us);
}

static inline void tcp_bound_rto(const struct sock *sk)
{
	if (inet_csk(sk)->icsk_rto > TCP_RTO_MAX)
		inet_csk(sk)->icsk_rto = TCP_RTO_MAX;
}

static inline void tcp_clear_xmit_timers(struct sock *sk)
{
	inet_csk_clear_xmit_timers(sk);
}

static inline int keepalive_intvl_when(const struct tcp_sock *tp)
{
	struct net *net = sock_net((struct sock *)tp);

	return tp->keepalive_intvl ? : net->ipv4.sysctl_tcp_keepalive_intvl;
}

static inline int keepalive_time_when(const struct tcp_sock *tp)
{
	struct net *net = sock_net((struct sock *)tp);

	return tp->keepalive_time ? : net->ipv4.sysctl_tcp_keepalive_time;
}

/* How long an orphan waits in FIN_WAIT2: linger2 or tcp_fin_timeout, at least 3.5 RTO. */
static inline int tcp_fin_time(const struct sock *sk)
{
	int fin_timeout = tcp_sk(sk)->linger2 ? : sock_net(sk)->ipv4.sysctl_tcp_fin_timeout;
	const int rto = inet_csk(sk)->icsk_rto;

	if (fin_timeout < (rto << 2) - (rto >> 1))
		fin_timeout = (rto << 2) - (rto >> 1);

	return fin_timeout;
}

static inline int keepalive_probes(const struct tcp_sock *tp)
{
	struct net *net = sock_net((struct sock *)tp);

	return tp->keepalive_probes ? : net->ipv4.sysctl_tcp_keepalive_probes;
}

/* ---- bookkeeping ---- */
static inline unsigned int tcp_left_out(const struct tcp_sock *tp)
{
	return tp->sacked_out + tp->lost_out;
}

static inline unsigned int tcp_packets_in_flight(const struct tcp_sock *tp)
{
	return tp->packets_out - tcp_left_out(tp) + tp->retrans_out;
}

static inline bool tcp_is_sack(const struct tcp_sock *tp)
{
	return tp->rx_opt.sack_ok;
}

static inline void tcp_dec_quickack_mode_km(struct sock *sk) { (void)sk; }

static inline bool tcp_in_initial_slowstart(const struct tcp_sock *tp)
{
	return tp->snd_ssthresh >= 0x7fffffff;
}

#define TCP_INFINITE_SSTHRESH	0x7fffffff

/* TCP_CA_* states (icsk_ca_state) */
enum tcp_ca_state {
	TCP_CA_Open = 0,
	TCP_CA_Disorder = 1,
	TCP_CA_CWR = 2,
	TCP_CA_Recovery = 3,
	TCP_CA_Loss = 4
};

/* Events a congestion module may react to (tcp_ca_event). */
enum tcp_ca_event {
	CA_EVENT_TX_START,
	CA_EVENT_CWND_RESTART,
	CA_EVENT_COMPLETE_CWR,
	CA_EVENT_LOSS,
	CA_EVENT_ECN_NO_CE,
	CA_EVENT_ECN_IS_CE,
};

#define TCP_CONG_NEEDS_ECN	0x2

/*
 * A congestion control module. Linux 5.0's default is CUBIC
 * (net/ipv4/tcp_cubic.c); kmirror carries the hooks a handshake and a
 * retransmission timeout exercise: init, ssthresh, set_state, cwnd_event.
 */
struct tcp_congestion_ops {
	u32 key;
	u32 flags;
	void (*init)(struct sock *sk);
	void (*release)(struct sock *sk);
	u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, u32 ack, u32 acked);
	void (*set_state)(struct sock *sk, u8 new_state);
	void (*cwnd_event)(struct sock *sk, enum tcp_ca_event ev);
	u32 (*undo_cwnd)(struct sock *sk);
	char name[16];
};

extern const struct tcp_congestion_ops cubictcp;

static inline void tcp_set_ca_state(struct sock *sk, const u8 ca_state)
{
	struct inet_connection_sock *icsk = inet_csk(sk);

	if (icsk->icsk_ca_ops->set_state)
		icsk->icsk_ca_ops->set_state(sk, ca_state);
	icsk->icsk_ca_state = ca_state;
}

static inline void tcp_ca_event(struct sock *sk, const enum tcp_ca_event event)
{
	const struct inet_connection_sock *icsk = inet_csk(sk);

	if (icsk->icsk_ca_ops->cwnd_event)
		icsk->icsk_ca_ops->cwnd_event(sk, event);
}

static inline bool tcp_is_reno(const struct tcp_sock *tp)
{
	return !tcp_is_sack(tp);
}

/* ssthresh, but no lower than 3/4 of cwnd while cwnd is being reduced. */
static inline __u32 tcp_current_ssthresh(const struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);

	if ((1 << inet_csk(sk)->icsk_ca_state) & ((1 << TCP_CA_CWR) | (1 << TCP_CA_Recovery)))
		return tp->snd_ssthresh;
	else
		return max(tp->snd_ssthresh,
			   ((tp->snd_cwnd >> 1) + (tp->snd_cwnd >> 2)));
}

/* PAWS (RFC 7323): is the timestamp not older than the last one seen? */
static inline bool tcp_paws_check(const struct tcp_options_received *rx_opt,
				  int paws_win)
{
	int now = (int)(ktime_get_ns() / NSEC_PER_SEC);

	if ((s32)(rx_opt->ts_recent - rx_opt->rcv_tsval) <= paws_win)
		return true;
	if (unlikely(!((s32)(now - (rx_opt->ts_recent_stamp + TCP_PAWS_24DAYS)) < 0)))
		return true;
	/* A peer that never sent a timestamp cannot fail PAWS. */
	if (!rx_opt->ts_recent)
		return true;
	return false;
}

static inline bool tcp_paws_reject(const struct tcp_options_received *rx_opt,
				   int rst)
{
	int now = (int)(ktime_get_ns() / NSEC_PER_SEC);

	if (tcp_paws_check(rx_opt, 0))
		return false;
	/* An RST with an old timestamp is accepted after TCP_PAWS_MSL. */
	if (rst && !((s32)(now - (rx_opt->ts_recent_stamp + TCP_PAWS_MSL)) < 0))
		return false;
	return true;
}

static inline void tcp_segs_in(struct tcp_sock *tp, const struct sk_buff *skb)
{
	u16 segs_in = max_t(u16, 1, skb_shinfo(skb)->gso_segs);

	tp->segs_in += segs_in;
	if (skb->len > tcp_hdrlen(skb))
		tp->data_segs_in += segs_in;
}

bool tcp_oow_rate_limited(struct net *net, const struct sk_buff *skb,
			  int mib_idx, u32 *last_oow_ack_time);
void tcp_synack_rtt_meas(struct sock *sk, struct request_sock *req);
struct sock *tcp_create_openreq_child(const struct sock *sk,
				      struct request_sock *req,
				      struct sk_buff *skb);
void tcp_ca_openreq_child(struct sock *sk, const struct dst_entry *dst);

/* A SYN or final ACK a listener had to drop (ListenDrops). */
static inline void tcp_listendrop(const struct sock *sk)
{
	NET_INC_STATS(sock_net(sk), LINUX_MIB_LISTENDROPS);
}

void tcp_syn_ack_timeout(const struct request_sock *req);
void inet_sk_rx_dst_set(struct sock *sk, const struct sk_buff *skb);

#define skb_rbtree_walk_from(skb) \
	for (; skb != NULL; skb = skb_rb_next(skb))

/* Checksum of a TCP segment over the IPv4 pseudo-header. */
static inline __sum16 tcp_v4_check(int len, __be32 saddr, __be32 daddr,
				   __wsum base)
{
	return csum_tcpudp_magic(saddr, daddr, len, IPPROTO_TCP, base);
}

/* Verify a received segment's checksum (done once, then remembered). */
static inline bool tcp_checksum_complete(struct sk_buff *skb)
{
	return !skb_csum_unnecessary(skb) &&
	       skb_checksum_init_km(skb, IPPROTO_TCP);
}

enum tcp_synack_type {
	TCP_SYNACK_NORMAL,
	TCP_SYNACK_FASTOPEN,
	TCP_SYNACK_COOKIE,
};

/* The address-family half of a passive open (tcp_request_sock_ipv4_ops). */
struct tcp_request_sock_ops {
	u16 mss_clamp;
	void (*init_req)(struct request_sock *req,
			 const struct sock *sk_listener,
			 struct sk_buff *skb);
	struct dst_entry *(*route_req)(const struct sock *sk, struct flowi *fl,
				       const struct request_sock *req);
	u32 (*init_seq)(const struct sk_buff *skb);
	u32 (*init_ts_off)(const struct net *net, const struct sk_buff *skb);
	int (*send_synack)(const struct sock *sk, struct dst_entry *dst,
			   struct flowi *fl, struct request_sock *req,
			   void *foc, enum tcp_synack_type synack_type);
	__u32 (*cookie_init_seq)(const struct sk_buff *skb, __u16 *mss);
};

/* ---- SYN cookies (net/ipv4/syncookies.c) ---- */

/* A cookie is good for MAX_SYNCOOKIE_AGE periods of a minute. */
#define MAX_SYNCOOKIE_AGE	2
#define TCP_SYNCOOKIE_PERIOD	(60 * HZ)
#define TCP_SYNCOOKIE_VALID	(MAX_SYNCOOKIE_AGE * TCP_SYNCOOKIE_PERIOD)

/*
 * A listener remembers when its SYN queue last overflowed (in the
 * otherwise unused rx_opt.ts_recent_stamp), at most once a second; cookie
 * ACKs are only checked within TCP_SYNCOOKIE_VALID of that moment.
 * (include/net/tcp.h:475 and :498; kmirror has no SO_REUSEPORT groups.)
 */
static inline void tcp_synq_overflow(const struct sock *sk)
{
	unsigned int last_overflow = tcp_sk(sk)->rx_opt.ts_recent_stamp;
	unsigned int now = jiffies;

	if (time_after32(now, last_overflow + HZ))
		tcp_sk(sk)->rx_opt.ts_recent_stamp = now;
}

static inline bool tcp_synq_no_recent_overflow(const struct sock *sk)
{
	unsigned int last_overflow = tcp_sk(sk)->rx_opt.ts_recent_stamp;
	unsigned int now = jiffies;

	return time_after32(now, last_overflow + TCP_SYNCOOKIE_VALID);
}

/* The cookie clock: minutes of jiffies. */
static inline u32 tcp_cookie_time(void)
{
	return (u32)(get_jiffies_64() / TCP_SYNCOOKIE_PERIOD);
}

u32 __cookie_v4_init_sequence(const struct iphdr *iph, const struct tcphdr *th,
			      u16 *mssp);
__u32 cookie_v4_init_sequence(const struct sk_buff *skb, __u16 *mss);
u64 cookie_init_timestamp(struct request_sock *req);
bool cookie_timestamp_decode(const struct net *net,
			     struct tcp_options_received *opt);
bool cookie_ecn_ok(const struct tcp_options_received *opt,
		   const struct net *net, const struct dst_entry *dst);
int __cookie_v4_check(const struct iphdr *iph, const struct tcphdr *th,
		      u32 cookie);
struct sock *cookie_v4_check(struct sock *sk, struct sk_buff *skb);
struct sock *tcp_get_cookie_sock(struct sock *sk, struct sk_buff *skb,
				 struct request_sock *req,
				 struct dst_entry *dst, u32 tsoff);

/* The listener overflowed: remember when, count the cookie, make it. */
static inline __u32 cookie_init_sequence(const struct tcp_request_sock_ops *ops,
					 const struct sock *sk, struct sk_buff *skb,
					 __u16 *mss)
{
	tcp_synq_overflow(sk);
	__NET_INC_STATS(sock_net(sk), LINUX_MIB_SYNCOOKIESSENT);
	return ops->cookie_init_seq(skb, mss);
}

struct sk_buff *tcp_make_synack(const struct sock *sk, struct dst_entry *dst,
				struct request_sock *req, void *foc,
				int synack_type);
int tcp_rtx_synack(const struct sock *sk, struct request_sock *req);
void tcp_req_err(struct sock *sk, u32 seq, bool abort);
void tcp_v4_send_reset(const struct sock *sk, struct sk_buff *skb);
struct request_sock *inet_reqsk_alloc(const struct request_sock_ops *ops,
				      struct sock *sk_listener,
				      bool attach_listener);
void tcp_wfree(struct sk_buff *skb);
void __sock_wfree(struct sk_buff *skb);
int tcp_twsk_unique(struct sock *sk, struct sock *sktw, void *twp);
void tcp_init_metrics(struct sock *sk);
bool tcp_peer_is_proven(struct request_sock *req, struct dst_entry *dst);
__u32 tcp_init_cwnd(const struct tcp_sock *tp, const struct dst_entry *dst);
int tcp_v4_init_sock(struct sock *sk);

/* The bits of TCP state the packet paths need from tcp_ipv4.c & co. */
extern const struct proto tcp_prot;
extern const struct inet_connection_sock_af_ops ipv4_specific;
extern const struct request_sock_ops tcp_request_sock_ops;

void tcp_set_state(struct sock *sk, int state);
void tcp_done(struct sock *sk);
int tcp_v4_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len);
int tcp_connect(struct sock *sk);
void tcp_init_sock(struct sock *sk);
int tcp_v4_init_sock(struct sock *sk);
void tcp_close(struct sock *sk, long timeout);
int tcp_disconnect(struct sock *sk, int flags);
void tcp_v4_destroy_sock(struct sock *sk);
void tcp_write_queue_purge(struct sock *sk);
void tcp_init_xmit_timers(struct sock *sk);
void tcp_send_ack(struct sock *sk);
void __tcp_send_ack(struct sock *sk, u32 rcv_nxt);
void tcp_send_active_reset(struct sock *sk, gfp_t priority);
int tcp_send_synack(struct sock *sk);
void tcp_send_delayed_ack(struct sock *sk);
int tcp_transmit_skb(struct sock *sk, struct sk_buff *skb, int clone_it,
		     gfp_t gfp_mask);
int __tcp_retransmit_skb(struct sock *sk, struct sk_buff *skb, int segs);
int tcp_retransmit_skb(struct sock *sk, struct sk_buff *skb, int segs);
void tcp_retransmit_timer(struct sock *sk);
void tcp_write_timer_handler(struct sock *sk);
void tcp_delack_timer_handler(struct sock *sk);
void tcp_enter_loss(struct sock *sk);
void tcp_enter_quickack_mode(struct sock *sk, unsigned int max_quickacks);
unsigned int tcp_sync_mss(struct sock *sk, u32 pmtu);
unsigned int tcp_current_mss(struct sock *sk);
void tcp_mtup_init(struct sock *sk);
int tcp_mtu_to_mss(struct sock *sk, int pmtu);
int tcp_mss_to_mtu(struct sock *sk, int mss);
void tcp_select_initial_window(const struct sock *sk, int __space, __u32 mss,
			       __u32 *rcv_wnd, __u32 *window_clamp,
			       int wscale_ok, __u8 *rcv_wscale,
			       __u32 init_rcv_wnd);
u32 tcp_default_init_rwnd(u32 mss);
struct sk_buff *sk_stream_alloc_skb(struct sock *sk, int size, gfp_t gfp,
				    bool force_schedule);
void tcp_parse_options(const struct net *net, const struct sk_buff *skb,
		       struct tcp_options_received *opt_rx,
		       int estab, void *foc);
int tcp_rcv_state_process(struct sock *sk, struct sk_buff *skb);
void tcp_rcv_established(struct sock *sk, struct sk_buff *skb);
void tcp_finish_connect(struct sock *sk, struct sk_buff *skb);
void tcp_reset(struct sock *sk);
void tcp_init_transfer(struct sock *sk, int bpf_op);
void tcp_init_buffer_space(struct sock *sk);
void tcp_initialize_rcv_mss(struct sock *sk);
void tcp_init_congestion_control(struct sock *sk);
void tcp_assign_congestion_control(struct sock *sk);
void tcp_cleanup_congestion_control(struct sock *sk);
int tcp_v4_rcv(struct sk_buff *skb);
int tcp_v4_do_rcv(struct sock *sk, struct sk_buff *skb);
int tcp_v4_err(struct sk_buff *skb, u32 info);
void tcp_v4_send_check(struct sock *sk, struct sk_buff *skb);
void __tcp_v4_send_check(struct sk_buff *skb, __be32 saddr, __be32 daddr);
int tcp_v4_conn_request(struct sock *sk, struct sk_buff *skb);
struct sock *tcp_v4_syn_recv_sock(const struct sock *sk, struct sk_buff *skb,
				  struct request_sock *req,
				  struct dst_entry *dst,
				  struct request_sock *req_unhash,
				  bool *own_req);
int tcp_poll_km(struct sock *sk);
void tcp_write_timer(struct timer_list *t);
void tcp_delack_timer(struct timer_list *t);
void tcp_keepalive_timer(struct timer_list *t);
void tcp_release_cb(struct sock *sk);
void tcp_v4_mtu_reduced(struct sock *sk);
void tcp_simple_retransmit(struct sock *sk);
int tcp_setsockopt(struct sock *sk, int level, int optname,
		   char __user *optval, unsigned int optlen);
int tcp_getsockopt(struct sock *sk, int level, int optname,
		   char __user *optval, int __user *optlen);
void tcp_set_keepalive(struct sock *sk, int val);
int tcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t size);
int tcp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int nonblock,
		int flags, int *addr_len);
void tcp_shutdown(struct sock *sk, int how);
int tcp_ioctl(struct sock *sk, int cmd, unsigned long arg);
bool tcp_stream_memory_free(const struct sock *sk);
struct sock *tcp_check_req(struct sock *sk, struct sk_buff *skb,
			   struct request_sock *req, bool fastopen,
			   bool *lost_race);
int tcp_child_process(struct sock *parent, struct sock *child,
		      struct sk_buff *skb);
struct sock *tcp_create_openreq_child(const struct sock *sk,
				      struct request_sock *req,
				      struct sk_buff *skb);
void tcp_openreq_init_rwin(struct request_sock *req,
			   const struct sock *sk_listener,
			   const struct dst_entry *dst);
int tcp_conn_request(struct request_sock_ops *rsk_ops,
		     const struct tcp_request_sock_ops *af_ops,
		     struct sock *sk, struct sk_buff *skb);
/* What a segment arriving in TIME_WAIT calls for. */
enum tcp_tw_status {
	TCP_TW_SUCCESS = 0,	/* handled (or dropped): nothing to send */
	TCP_TW_RST = 1,		/* answer with an RST, end TIME_WAIT */
	TCP_TW_ACK = 2,		/* answer with an ACK */
	TCP_TW_SYN = 3		/* a SYN that may reopen the connection */
};

enum tcp_tw_status tcp_timewait_state_process(struct inet_timewait_sock *tw,
					      struct sk_buff *skb,
					      const struct tcphdr *th);
void tcp_time_wait(struct sock *sk, int state, int timeo);
void tcp_twsk_destructor(struct sock *sk);
void tcp_fin(struct sock *sk);
void tcp_send_fin(struct sock *sk);

/* Header prediction back on, if nothing stands in its way (include/net/tcp.h:661). */
static inline void tcp_fast_path_check(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (RB_EMPTY_ROOT(&tp->out_of_order_queue) &&
	    tp->rcv_wnd &&
	    atomic_read(&sk->sk_rmem_alloc) < sk->sk_rcvbuf &&
	    !tp->urg_data)
		tcp_fast_path_on(tp);
}

/* The data path (net/ipv4/tcp_output.c, tcp_input.c) */
void __tcp_push_pending_frames(struct sock *sk, unsigned int cur_mss,
			       int nonagle);
void tcp_push_one(struct sock *sk, unsigned int mss_now);
void tcp_data_ready(struct sock *sk);
u32 __tcp_select_window(struct sock *sk);

bool tcp_schedule_loss_probe(struct sock *sk, bool advancing_rto);
void tcp_send_loss_probe(struct sock *sk);
void tcp_send_probe0(struct sock *sk);
int tcp_write_wakeup(struct sock *sk, int mib);

/* How far in the future the RTO of the oldest segment in flight falls, in
 * us (include/net/tcp.h:1973); negative if it is past. */
static inline s64 tcp_rto_delta_us(const struct sock *sk)
{
	const struct sk_buff *skb = tcp_rtx_queue_head(sk);
	u32 rto = inet_csk(sk)->icsk_rto;
	u64 rto_time_stamp_us = tcp_skb_timestamp_us(skb) + jiffies_to_usecs(rto);

	return rto_time_stamp_us - tcp_sk(sk)->tcp_mstamp;
}

/* Is skb the last one on the write queue? (include/net/tcp.h:1695) */
static inline bool tcp_skb_is_last(const struct sock *sk,
				   const struct sk_buff *skb)
{
	return skb_queue_is_last(&sk->sk_write_queue, skb);
}

/* Send what the write queue holds, as Nagle allows (include/net/tcp.h:1765). */
static inline void tcp_push_pending_frames(struct sock *sk)
{
	if (tcp_send_head(sk)) {
		struct tcp_sock *tp = tcp_sk(sk);

		__tcp_push_pending_frames(sk, tcp_current_mss(sk), tp->nonagle);
	}
}

/* For 5.0's `tcp_is_cwnd_limited` and friends: not needed by the handshake. */

void tcp_init(void);
void tcp_rearm_rto(struct sock *sk);
/* kmirror's own: the part of tcp_sk_init() that is not sysctl defaults */
void tcp_sk_init_km(struct net *net);

#endif
