// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/tcp_cubic.c (Linux 5.0.1) — the parts of CUBIC that a
 * connection's opening exercises: initialisation with HyStart, the
 * multiplicative decrease (beta = 717/1024) when a retransmission timeout
 * enters loss, and the reset on TCP_CA_Loss. The cubic growth function
 * itself (cong_avoid) only runs as data is acknowledged, which kmirror
 * does not model.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <net/tcp.h>
#include <kmirror/trace.h>

#define BICTCP_BETA_SCALE	1024
static const int beta = 717;			/* module parameter default */
static const int fast_convergence = 1;
static const int hystart = 1;

/* CUBIC's per-socket state, kept in icsk_ca_priv. */
struct bictcp {
	u32	cnt;
	u32	last_max_cwnd;
	u32	last_cwnd;
	u32	last_time;
	u32	bic_origin_point;
	u32	bic_K;
	u32	delay_min;
	u32	epoch_start;
	u32	ack_cnt;
	u32	tcp_cwnd;
	u16	unused;
	u8	sample_cnt;
	u8	found;
	u32	round_start;
	u32	end_seq;
	u32	last_ack;
	u32	curr_rtt;
};

static inline void bictcp_reset(struct bictcp *ca)
{
	KM_FUNC("net/ipv4/tcp_cubic.c:104",
		"Clear CUBIC's per-connection state.");
	memset(ca, 0, offsetof(struct bictcp, unused));
	ca->found = 0;
}

static inline u32 bictcp_clock(void)
{
	KM_FUNC("net/ipv4/tcp_cubic.c:119",
		"CUBIC's clock, in milliseconds.");
	return jiffies_to_msecs(jiffies);
}

static inline void bictcp_hystart_reset(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_cubic.c:128",
		"Start a new HyStart round: remember the time and the sequence that ends it.");
	struct tcp_sock *tp = tcp_sk(sk);
	struct bictcp *ca = inet_csk_ca(sk);

	ca->round_start = ca->last_ack = bictcp_clock();
	ca->end_seq = tp->snd_nxt;
	ca->curr_rtt = 0;
	ca->sample_cnt = 0;
}

static void bictcp_init(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_cubic.c:139",
		"CUBIC starts: clear its state and begin a HyStart round at snd_nxt.");
	struct bictcp *ca = inet_csk_ca(sk);

	bictcp_reset(ca);

	if (hystart)
		bictcp_hystart_reset(sk);
}

static u32 bictcp_recalc_ssthresh(struct sock *sk)
{
	KM_FUNC("net/ipv4/tcp_cubic.c:353",
		"Loss: the new ssthresh is cwnd * 717/1024 (at least 2); remember cwnd as W_max.");
	const struct tcp_sock *tp = tcp_sk(sk);
	struct bictcp *ca = inet_csk_ca(sk);

	ca->epoch_start = 0;

	if (tp->snd_cwnd < ca->last_max_cwnd && fast_convergence)
		ca->last_max_cwnd = (tp->snd_cwnd * (BICTCP_BETA_SCALE + beta))
			/ (2 * BICTCP_BETA_SCALE);
	else
		ca->last_max_cwnd = tp->snd_cwnd;

	return max((tp->snd_cwnd * beta) / BICTCP_BETA_SCALE, 2U);
}

static void bictcp_state(struct sock *sk, u8 new_state)
{
	KM_FUNC("net/ipv4/tcp_cubic.c:370",
		"On entering the Loss state, reset CUBIC and HyStart.");
	if (new_state == TCP_CA_Loss) {
		bictcp_reset(inet_csk_ca(sk));
		bictcp_hystart_reset(sk);
	}
}

const struct tcp_congestion_ops cubictcp = {
	.init		= bictcp_init,
	.ssthresh	= bictcp_recalc_ssthresh,
	.set_state	= bictcp_state,
	.name		= "cubic",
};
