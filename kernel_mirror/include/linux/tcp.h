/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/tcp.h (Linux 5.0.1; struct tcp_sock at :147).
 *
 * The TCP socket: everything TCP keeps per connection on top of
 * inet_connection_sock — sequence space (snd_una/snd_nxt/write_seq,
 * rcv_nxt/copied_seq), windows and scaling, MSS, timestamps, RTT state and
 * the congestion window. Members for features kmirror leaves out (SACK
 * scoreboard details, pacing timers, fast open cookies, MD5, BPF) are
 * omitted; the order of the rest follows Linux.
 */
#ifndef _KM_LINUX_TCP_H
#define _KM_LINUX_TCP_H

#include <linux/skbuff.h>
#include <net/inet_connection_sock.h>
#include <net/inet_timewait_sock.h>
#include <uapi/linux/tcp.h>

static inline struct tcphdr *tcp_hdr(const struct sk_buff *skb)
{
	return (struct tcphdr *)skb_transport_header(skb);
}

static inline unsigned int __tcp_hdrlen(const struct tcphdr *th)
{
	return th->doff * 4;
}

static inline unsigned int tcp_hdrlen(const struct sk_buff *skb)
{
	return __tcp_hdrlen(tcp_hdr(skb));
}

static inline unsigned int tcp_optlen(const struct sk_buff *skb)
{
	return (tcp_hdr(skb)->doff - 5) * 4;
}

/* One SACK block as carried on the wire (network order). */
struct tcp_sack_block_wire {
	__be32	start_seq;
	__be32	end_seq;
};

struct tcp_sack_block {
	u32	start_seq;
	u32	end_seq;
};

/* sack_ok bits */
#define TCP_SACK_SEEN     (1 << 0)
#define TCP_FACK_ENABLED  (1 << 1)
#define TCP_DSACK_SEEN    (1 << 2)

/* What tcp_parse_options() found in the peer's segment. */
struct tcp_options_received {
	int	ts_recent_stamp;/* seconds when ts_recent was saved (PAWS ages it) */
	u32	ts_recent;	/* peer TSval to echo in our next TSecr */
	u32	rcv_tsval;	/* TSval of the segment being processed */
	u32	rcv_tsecr;	/* TSecr of the segment being processed */
	u16	saw_tstamp : 1,	/* this segment carried a timestamp option */
		tstamp_ok : 1,	/* timestamps were agreed in the handshake */
		dsack : 1,
		wscale_ok : 1,	/* both sides sent window scale */
		sack_ok : 3,	/* SACK permitted (bits above) */
		smc_ok : 1,
		snd_wscale : 4,	/* shift the peer applies to its windows */
		rcv_wscale : 4;	/* shift we apply to ours */
	u8	num_sacks;
	u16	user_mss;	/* TCP_MAXSEG from the user */
	u16	mss_clamp;	/* upper bound: min(user_mss, peer's MSS) */
};

static inline void tcp_clear_options(struct tcp_options_received *rx_opt)
{
	rx_opt->tstamp_ok = rx_opt->sack_ok = 0;
	rx_opt->wscale_ok = rx_opt->snd_wscale = 0;
	rx_opt->smc_ok = 0;
}

struct tcp_request_sock_ops;

struct tcp_request_sock {
	struct inet_request_sock	req;
	const struct tcp_request_sock_ops *af_specific;
	u64				snt_synack; /* when our first SYN-ACK left, in us */
	bool				tfo_listener;
	u32				txhash;
	u32				rcv_isn;
	u32				snt_isn;
	u32				ts_off;
	u32				last_oow_ack_time; /* rate limit for out-of-window replies */
	u32				rcv_nxt; /* what our SYN-ACK acknowledges:
						  * peer ISN + 1, plus any Fast
						  * Open data carried in the SYN
						  */
};

static inline struct tcp_request_sock *tcp_rsk(const struct request_sock *req)
{
	return (struct tcp_request_sock *)req;
}

struct minmax_sample {
	u32	t;
	u32	v;
};

struct minmax {
	struct minmax_sample s[3];
};

/* lib/win_minmax: restart the windowed-min filter with one sample. */
static inline u32 minmax_reset(struct minmax *m, u32 t, u32 meas)
{
	struct minmax_sample val = { .t = t, .v = meas };

	m->s[2] = m->s[1] = m->s[0] = val;
	return m->s[0].v;
}

struct tcp_sock {
	/* first, so tcp_sk() and inet_csk() are plain casts */
	struct inet_connection_sock	inet_conn;
	u16	tcp_header_len;	/* our header size: 20 plus fixed options */
	u16	gso_segs;
	__be32	pred_flags;	/* header-prediction pattern, 0 = slow path */

	u64	bytes_received;
	u32	segs_in;
	u32	data_segs_in;
	u32	rcv_nxt;	/* next sequence number we expect */
	u32	copied_seq;	/* first byte the application has yet to read */
	u32	rcv_wup;	/* rcv_nxt when we last advertised a window */
	u32	snd_nxt;	/* sequence number of the next new byte out */
	u32	segs_out;
	u32	data_segs_out;
	u64	bytes_sent;
	u64	bytes_acked;
	u32	dsack_dups;
	u32	snd_una;	/* oldest unacknowledged sequence number */
	u32	snd_sml;
	u32	rcv_tstamp;	/* jiffies of the last ACK received */
	u32	lsndtime;	/* jiffies of the last data sent */
	u32	last_oow_ack_time;
	u32	compressed_ack_rcv_nxt;

	u32	tsoffset;	/* added to our TSval (secure_tcp_ts_off) */

	struct list_head tsq_node;
	struct list_head tsorted_sent_queue;

	u32	snd_wl1;	/* seq of the segment that last updated snd_wnd */
	u32	snd_wnd;	/* the window the peer offers us */
	u32	max_window;	/* biggest snd_wnd seen on this connection */
	u32	mss_cache;	/* payload size for new segments (from the PMTU) */

	u32	window_clamp;	/* upper limit for any window we offer */
	u32	rcv_ssthresh;	/* current window-growth threshold */

	u16	advmss;		/* MSS value we put in our SYN / SYN-ACK */
	u8	compressed_ack;
	u8	chrono_type:2,
		rate_app_limited:1,
		fastopen_connect:1,
		fastopen_no_cookie:1,
		is_sack_reneg:1,
		unused:2;
	u8	nonagle     : 4,
		thin_lto    : 1,
		unused1	    : 1,
		repair      : 1,
		frto        : 1;
	u8	repair_queue;
	u8	syn_data:1,
		syn_fastopen:1,
		syn_fastopen_exp:1,
		syn_fastopen_ch:1,
		syn_data_acked:1,
		save_syn:1,
		is_cwnd_limited:1,
		syn_smc:1;
	u32	tlp_high_seq;

	u64	tcp_wstamp_ns;
	u64	tcp_clock_cache; /* tcp_clock_ns() at the last refresh */

	/* round-trip time estimation (RFC 6298) */
	u64	tcp_mstamp;	/* clock (us) refreshed at each send/receive */
	u32	srtt_us;	/* RTT average in us, stored times 8 */
	u32	mdev_us;	/* RTT variation in us, stored times 4 */
	u32	mdev_max_us;
	u32	rttvar_us;
	u32	rtt_seq;
	struct  minmax rtt_min;

	u32	packets_out;	/* segments in flight (the SYN counts) */
	u32	retrans_out;
	u32	max_packets_out;
	u32	max_packets_seq;

	u16	urg_data;
	u8	ecn_flags;
	u8	keepalive_probes;
	u32	reordering;
	u32	reord_seen;
	u32	snd_up;

	/* what the peer's options said (tcp_parse_options()) */
	struct tcp_options_received rx_opt;

	/* congestion window and its bookkeeping */
	u32	snd_ssthresh;
	u32	snd_cwnd;
	u32	snd_cwnd_cnt;
	u32	snd_cwnd_clamp;
	u32	snd_cwnd_used;
	u32	snd_cwnd_stamp;
	u32	prior_cwnd;
	u32	prr_delivered;
	u32	prr_out;
	u32	delivered;
	u32	delivered_ce;
	u32	lost;
	u32	app_limited;
	u64	first_tx_mstamp;
	u64	delivered_mstamp;
	u32	rate_delivered;
	u32	rate_interval_us;

	u32	rcv_wnd;	/* window size we last offered the peer */
	u32	write_seq;	/* tail of data queued by the user (+1 per SYN/FIN) */
	u32	notsent_lowat;
	u32	pushed_seq;
	u32	lost_out;
	u32	sacked_out;

	struct rb_root	out_of_order_queue;
	struct sk_buff	*ooo_last_skb;

	struct tcp_sack_block duplicate_sack[1];
	struct tcp_sack_block selective_acks[4];

	int     lost_cnt_hint;

	u32	prior_ssthresh;
	u32	high_seq;

	u32	retrans_stamp;	/* TSval of the first (re)transmission of the SYN */
	u32	undo_marker;
	int	undo_retrans;
	u64	bytes_retrans;
	u32	total_retrans;

	u32	urg_seq;
	unsigned int		keepalive_time;	  /* TCP_KEEPIDLE */
	unsigned int		keepalive_intvl;  /* TCP_KEEPINTVL */

	int			linger2;

	u32 rcv_ooopack;
	u32 rcv_rtt_last_tsecr;
	struct {
		u32	rtt_us;
		u32	seq;
		u64	time;
	} rcv_rtt_est;

	struct {
		u32	space;
		u32	seq;
		u64	time;
	} rcvq_space;

	u32	mtu_info;
	struct request_sock *fastopen_rsk;
	u32	*saved_syn;
};

/*
 * Work tcp_release_cb() runs for an owned socket (enum tsq_enum). Linux
 * numbers this bit 5; kmirror's timers use bits 1 and 2 directly.
 */
#define TCP_MTU_REDUCED_DEFERRED	5	/* tcp_v4_err could not run tcp_v4_mtu_reduced */
#define TCPF_MTU_REDUCED_DEFERRED	(1UL << TCP_MTU_REDUCED_DEFERRED)

static inline struct tcp_sock *tcp_sk(const struct sock *sk)
{
	return (struct tcp_sock *)sk;
}

/*
 * struct tcp_timewait_sock: what TCP keeps of a connection in TIME_WAIT
 * (or orphaned FIN_WAIT2): enough to check a late segment's sequence
 * number and timestamp and to answer it.
 */
struct tcp_timewait_sock {
	struct inet_timewait_sock tw_sk;
#define tw_rcv_nxt tw_sk.__tw_common.skc_tw_rcv_nxt
#define tw_snd_nxt tw_sk.__tw_common.skc_tw_snd_nxt
	u32			  tw_rcv_wnd;
	u32			  tw_ts_offset;
	u32			  tw_ts_recent;
	u32			  tw_last_oow_ack_time;	/* last out-of-window ACK */
	int			  tw_ts_recent_stamp;	/* seconds */
};

static inline struct tcp_timewait_sock *tcp_twsk(const struct sock *sk)
{
	return (struct tcp_timewait_sock *)sk;
}

static inline bool tcp_passive_fastopen(const struct sock *sk)
{
	return (sk->sk_state == 3 /* TCP_SYN_RECV */ &&
		tcp_sk(sk)->fastopen_rsk != NULL);
}

#endif
