// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror tracer: the field tables of the traced structures, and the
 * formatters that make their values readable.
 *
 * Each FIELD line names a member with the kernel's spelling and says how
 * to show it. Getters are generated per field, so bitfields, unions and
 * nested members all work; the snapshot code (trace.c) turns pointers into
 * object ids before anything is stored, so no address ever leaves here.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/net.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/netdevice.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/inet_connection_sock.h>
#include <net/tcp.h>
#include <net/tcp_states.h>
#include <net/raw.h>
#include <net/inet_common.h>
#include <kmapi/fields.h>
#include <kmapi/trace.h>
#include <kmirror/ids.h>
#include <kmirror/fields.h>

typedef u64 (*km_getter)(const void *o);

struct km_field_def {
	struct km_field_info	info;
	km_getter		get;
};

#define U64(x) ((u64)(unsigned long)(x))


/* ---- struct socket ---- */
#define SOCKET_FIELDS(X)						\
	X(socket, state, NULL, "socket", KM_FMT_SS_STATE, struct socket, p->state) \
	X(socket, type, NULL, "socket", KM_FMT_SOCK_TYPE, struct socket, p->type) \
	X(socket, flags, NULL, "socket", KM_FMT_SOCKWQ_FLAGS, struct socket, p->flags) \
	X(socket, wq, NULL, "socket", KM_FMT_PTR, struct socket, p->wq)	\
	X(socket, file, NULL, "socket", KM_FMT_PTR, struct socket, p->file) \
	X(socket, sk, NULL, "socket", KM_FMT_PTR, struct socket, p->sk)	\
	X(socket, ops, NULL, "socket", KM_FMT_SYM, struct socket, p->ops)

/* ---- struct sock_common, struct sock ---- */
#define COMMON_FIELDS(X, t)						\
	X(t, skc_daddr, "sk_daddr", "sock_common", KM_FMT_IP, struct sock, p->sk_daddr) \
	X(t, skc_rcv_saddr, "sk_rcv_saddr", "sock_common", KM_FMT_IP, struct sock, p->sk_rcv_saddr) \
	X(t, skc_hash, "sk_hash", "sock_common", KM_FMT_HEX, struct sock, p->sk_hash) \
	X(t, skc_dport, "sk_dport", "sock_common", KM_FMT_PORT_BE, struct sock, p->sk_dport) \
	X(t, skc_num, "sk_num", "sock_common", KM_FMT_U, struct sock, p->sk_num) \
	X(t, skc_family, "sk_family", "sock_common", KM_FMT_FAMILY, struct sock, p->sk_family) \
	X(t, skc_state, "sk_state", "sock_common", KM_FMT_TCP_STATE, struct sock, p->sk_state) \
	X(t, skc_reuse, "sk_reuse", "sock_common", KM_FMT_U, struct sock, p->sk_reuse) \
	X(t, skc_reuseport, "sk_reuseport", "sock_common", KM_FMT_BOOL, struct sock, p->sk_reuseport) \
	X(t, skc_bound_dev_if, "sk_bound_dev_if", "sock_common", KM_FMT_U, struct sock, p->sk_bound_dev_if) \
	X(t, skc_prot, "sk_prot", "sock_common", KM_FMT_SYM, struct sock, p->sk_prot) \
	X(t, skc_flags, "sk_flags", "sock_common", KM_FMT_SOCK_FLAGS, struct sock, p->sk_flags) \
	X(t, skc_refcnt, "sk_refcnt", "sock_common", KM_FMT_U, struct sock, refcount_read(&p->sk_refcnt))

#define SOCK_FIELDS(X, t)						\
	X(t, sk_lock_owned, "sk_lock.owned", "sock", KM_FMT_BOOL, struct sock, p->sk_lock.owned) \
	X(t, sk_drops, NULL, "sock", KM_FMT_U, struct sock, atomic_read(&p->sk_drops)) \
	X(t, sk_rcvlowat, NULL, "sock", KM_FMT_U, struct sock, p->sk_rcvlowat) \
	X(t, sk_error_queue_len, "sk_error_queue.qlen", "sock", KM_FMT_U, struct sock, p->sk_error_queue.qlen) \
	X(t, sk_receive_queue_len, "sk_receive_queue.qlen", "sock", KM_FMT_U, struct sock, p->sk_receive_queue.qlen) \
	X(t, sk_backlog_len, "sk_backlog.len", "sock", KM_FMT_U, struct sock, p->sk_backlog.len) \
	X(t, sk_rmem_alloc, NULL, "sock", KM_FMT_U, struct sock, atomic_read(&p->sk_rmem_alloc)) \
	X(t, sk_rcvbuf, NULL, "sock", KM_FMT_U, struct sock, p->sk_rcvbuf) \
	X(t, sk_wq, NULL, "sock", KM_FMT_PTR, struct sock, p->sk_wq) \
	X(t, sk_dst_cache, NULL, "sock", KM_FMT_PTR, struct sock, p->sk_dst_cache) \
	X(t, sk_sndbuf, NULL, "sock", KM_FMT_U, struct sock, p->sk_sndbuf) \
	X(t, sk_wmem_queued, NULL, "sock", KM_FMT_U, struct sock, p->sk_wmem_queued) \
	X(t, sk_wmem_alloc, NULL, "sock", KM_FMT_U, struct sock, refcount_read(&p->sk_wmem_alloc)) \
	X(t, sk_write_queue_len, "sk_write_queue.qlen", "sock", KM_FMT_U, struct sock, p->sk_write_queue.qlen) \
	X(t, sk_write_pending, NULL, "sock", KM_FMT_U, struct sock, p->sk_write_pending) \
	X(t, sk_sndtimeo, NULL, "sock", KM_FMT_TIMEO, struct sock, p->sk_sndtimeo) \
	X(t, sk_rcvtimeo, NULL, "sock", KM_FMT_TIMEO, struct sock, p->sk_rcvtimeo) \
	X(t, sk_priority, NULL, "sock", KM_FMT_U, struct sock, p->sk_priority) \
	X(t, sk_route_caps, NULL, "sock", KM_FMT_HEX, struct sock, p->sk_route_caps) \
	X(t, sk_gso_type, NULL, "sock", KM_FMT_HEX, struct sock, p->sk_gso_type) \
	X(t, sk_txhash, NULL, "sock", KM_FMT_HEX, struct sock, p->sk_txhash) \
	X(t, sk_userlocks, NULL, "sock", KM_FMT_USERLOCKS, struct sock, p->sk_userlocks) \
	X(t, sk_protocol, NULL, "sock", KM_FMT_PROTO, struct sock, p->sk_protocol) \
	X(t, sk_type, NULL, "sock", KM_FMT_SOCK_TYPE, struct sock, p->sk_type) \
	X(t, sk_kern_sock, NULL, "sock", KM_FMT_BOOL, struct sock, p->sk_kern_sock) \
	X(t, sk_prot_creator, NULL, "sock", KM_FMT_SYM, struct sock, p->sk_prot_creator) \
	X(t, sk_err, NULL, "sock", KM_FMT_ERRNO, struct sock, p->sk_err) \
	X(t, sk_err_soft, NULL, "sock", KM_FMT_ERRNO, struct sock, p->sk_err_soft) \
	X(t, sk_ack_backlog, NULL, "sock", KM_FMT_U, struct sock, p->sk_ack_backlog) \
	X(t, sk_max_ack_backlog, NULL, "sock", KM_FMT_U, struct sock, p->sk_max_ack_backlog) \
	X(t, sk_uid, NULL, "sock", KM_FMT_U, struct sock, p->sk_uid.val) \
	X(t, sk_shutdown, NULL, "sock", KM_FMT_SHUTDOWN, struct sock, p->sk_shutdown) \
	X(t, sk_socket, NULL, "sock", KM_FMT_PTR, struct sock, p->sk_socket) \
	X(t, sk_timer, NULL, "sock", KM_FMT_TIMER, struct sock, timer_pending(&p->sk_timer) ? p->sk_timer.expires : 0) \
	X(t, sk_state_change, NULL, "sock", KM_FMT_SYM, struct sock, p->sk_state_change) \
	X(t, sk_data_ready, NULL, "sock", KM_FMT_SYM, struct sock, p->sk_data_ready) \
	X(t, sk_write_space, NULL, "sock", KM_FMT_SYM, struct sock, p->sk_write_space) \
	X(t, sk_error_report, NULL, "sock", KM_FMT_SYM, struct sock, p->sk_error_report) \
	X(t, sk_backlog_rcv, NULL, "sock", KM_FMT_SYM, struct sock, p->sk_backlog_rcv) \
	X(t, sk_destruct, NULL, "sock", KM_FMT_SYM, struct sock, p->sk_destruct)

#define INET_FIELDS(X, t)						\
	X(t, inet_saddr, NULL, "inet_sock", KM_FMT_IP, struct inet_sock, p->inet_saddr) \
	X(t, uc_ttl, NULL, "inet_sock", KM_FMT_S16, struct inet_sock, p->uc_ttl) \
	X(t, inet_sport, NULL, "inet_sock", KM_FMT_PORT_BE, struct inet_sock, p->inet_sport) \
	X(t, inet_id, NULL, "inet_sock", KM_FMT_U, struct inet_sock, p->inet_id) \
	X(t, tos, NULL, "inet_sock", KM_FMT_HEX, struct inet_sock, p->tos) \
	X(t, mc_ttl, NULL, "inet_sock", KM_FMT_U, struct inet_sock, p->mc_ttl) \
	X(t, pmtudisc, NULL, "inet_sock", KM_FMT_PMTUDISC, struct inet_sock, p->pmtudisc) \
	X(t, recverr, NULL, "inet_sock", KM_FMT_BOOL, struct inet_sock, p->recverr) \
	X(t, is_icsk, NULL, "inet_sock", KM_FMT_BOOL, struct inet_sock, p->is_icsk) \
	X(t, freebind, NULL, "inet_sock", KM_FMT_BOOL, struct inet_sock, p->freebind) \
	X(t, hdrincl, NULL, "inet_sock", KM_FMT_BOOL, struct inet_sock, p->hdrincl) \
	X(t, mc_loop, NULL, "inet_sock", KM_FMT_BOOL, struct inet_sock, p->mc_loop) \
	X(t, transparent, NULL, "inet_sock", KM_FMT_BOOL, struct inet_sock, p->transparent) \
	X(t, mc_all, NULL, "inet_sock", KM_FMT_BOOL, struct inet_sock, p->mc_all) \
	X(t, nodefrag, NULL, "inet_sock", KM_FMT_BOOL, struct inet_sock, p->nodefrag) \
	X(t, bind_address_no_port, NULL, "inet_sock", KM_FMT_BOOL, struct inet_sock, p->bind_address_no_port) \
	X(t, defer_connect, NULL, "inet_sock", KM_FMT_BOOL, struct inet_sock, p->defer_connect) \
	X(t, rcv_tos, NULL, "inet_sock", KM_FMT_HEX, struct inet_sock, p->rcv_tos) \
	X(t, uc_index, NULL, "inet_sock", KM_FMT_U, struct inet_sock, p->uc_index) \
	X(t, mc_index, NULL, "inet_sock", KM_FMT_U, struct inet_sock, p->mc_index) \
	X(t, mc_addr, NULL, "inet_sock", KM_FMT_IP, struct inet_sock, p->mc_addr) \
	X(t, cork_fl_saddr, "cork.fl.u.ip4.saddr", "inet_sock", KM_FMT_IP, struct inet_sock, p->cork.fl.u.ip4.saddr) \
	X(t, cork_fl_daddr, "cork.fl.u.ip4.daddr", "inet_sock", KM_FMT_IP, struct inet_sock, p->cork.fl.u.ip4.daddr) \
	X(t, cork_fl_sport, "cork.fl.u.ip4.fl4_sport", "inet_sock", KM_FMT_PORT_BE, struct inet_sock, p->cork.fl.u.ip4.fl4_sport) \
	X(t, cork_fl_dport, "cork.fl.u.ip4.fl4_dport", "inet_sock", KM_FMT_PORT_BE, struct inet_sock, p->cork.fl.u.ip4.fl4_dport)

#define ICSK_FIELDS(X, t)						\
	X(t, icsk_accept_queue_qlen, "icsk_accept_queue.qlen", "inet_connection_sock", KM_FMT_U, struct inet_connection_sock, atomic_read(&p->icsk_accept_queue.qlen)) \
	X(t, icsk_accept_queue_head, "icsk_accept_queue.rskq_accept_head", "inet_connection_sock", KM_FMT_PTR, struct inet_connection_sock, p->icsk_accept_queue.rskq_accept_head) \
	X(t, icsk_bind_hash, NULL, "inet_connection_sock", KM_FMT_PTR, struct inet_connection_sock, p->icsk_bind_hash) \
	X(t, icsk_timeout, NULL, "inet_connection_sock", KM_FMT_JIFFIES, struct inet_connection_sock, p->icsk_timeout) \
	X(t, icsk_retransmit_timer, NULL, "inet_connection_sock", KM_FMT_TIMER, struct inet_connection_sock, timer_pending(&p->icsk_retransmit_timer) ? p->icsk_retransmit_timer.expires : 0) \
	X(t, icsk_delack_timer, NULL, "inet_connection_sock", KM_FMT_TIMER, struct inet_connection_sock, timer_pending(&p->icsk_delack_timer) ? p->icsk_delack_timer.expires : 0) \
	X(t, icsk_rto, NULL, "inet_connection_sock", KM_FMT_MS, struct inet_connection_sock, p->icsk_rto) \
	X(t, icsk_pmtu_cookie, NULL, "inet_connection_sock", KM_FMT_U, struct inet_connection_sock, p->icsk_pmtu_cookie) \
	X(t, icsk_ca_ops, NULL, "inet_connection_sock", KM_FMT_SYM, struct inet_connection_sock, p->icsk_ca_ops) \
	X(t, icsk_af_ops, NULL, "inet_connection_sock", KM_FMT_SYM, struct inet_connection_sock, p->icsk_af_ops) \
	X(t, icsk_ca_state, NULL, "inet_connection_sock", KM_FMT_CA_STATE, struct inet_connection_sock, p->icsk_ca_state) \
	X(t, icsk_retransmits, NULL, "inet_connection_sock", KM_FMT_U, struct inet_connection_sock, p->icsk_retransmits) \
	X(t, icsk_pending, NULL, "inet_connection_sock", KM_FMT_ICSK_PENDING, struct inet_connection_sock, p->icsk_pending) \
	X(t, icsk_backoff, NULL, "inet_connection_sock", KM_FMT_U, struct inet_connection_sock, p->icsk_backoff) \
	X(t, icsk_syn_retries, NULL, "inet_connection_sock", KM_FMT_U, struct inet_connection_sock, p->icsk_syn_retries) \
	X(t, icsk_ext_hdr_len, NULL, "inet_connection_sock", KM_FMT_U, struct inet_connection_sock, p->icsk_ext_hdr_len) \
	X(t, icsk_ack_pending, "icsk_ack.pending", "inet_connection_sock", KM_FMT_ACK_PENDING, struct inet_connection_sock, p->icsk_ack.pending) \
	X(t, icsk_ack_quick, "icsk_ack.quick", "inet_connection_sock", KM_FMT_U, struct inet_connection_sock, p->icsk_ack.quick) \
	X(t, icsk_ack_pingpong, "icsk_ack.pingpong", "inet_connection_sock", KM_FMT_U, struct inet_connection_sock, p->icsk_ack.pingpong) \
	X(t, icsk_ack_ato, "icsk_ack.ato", "inet_connection_sock", KM_FMT_MS, struct inet_connection_sock, p->icsk_ack.ato) \
	X(t, icsk_ack_timeout, "icsk_ack.timeout", "inet_connection_sock", KM_FMT_JIFFIES, struct inet_connection_sock, p->icsk_ack.timeout) \
	X(t, icsk_ack_lrcvtime, "icsk_ack.lrcvtime", "inet_connection_sock", KM_FMT_U, struct inet_connection_sock, p->icsk_ack.lrcvtime) \
	X(t, icsk_ack_rcv_mss, "icsk_ack.rcv_mss", "inet_connection_sock", KM_FMT_U, struct inet_connection_sock, p->icsk_ack.rcv_mss) \
	X(t, icsk_mtup_enabled, "icsk_mtup.enabled", "inet_connection_sock", KM_FMT_BOOL, struct inet_connection_sock, p->icsk_mtup.enabled) \
	X(t, icsk_mtup_search_high, "icsk_mtup.search_high", "inet_connection_sock", KM_FMT_U, struct inet_connection_sock, p->icsk_mtup.search_high) \
	X(t, icsk_mtup_search_low, "icsk_mtup.search_low", "inet_connection_sock", KM_FMT_U, struct inet_connection_sock, p->icsk_mtup.search_low) \
	X(t, icsk_user_timeout, NULL, "inet_connection_sock", KM_FMT_U, struct inet_connection_sock, p->icsk_user_timeout)

#define TCP_FIELDS(X, t)						\
	X(t, tcp_header_len, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->tcp_header_len) \
	X(t, pred_flags, NULL, "tcp_sock", KM_FMT_HEX, struct tcp_sock, p->pred_flags) \
	X(t, rcv_nxt, NULL, "tcp_sock", KM_FMT_SEQ, struct tcp_sock, p->rcv_nxt) \
	X(t, copied_seq, NULL, "tcp_sock", KM_FMT_SEQ, struct tcp_sock, p->copied_seq) \
	X(t, rcv_wup, NULL, "tcp_sock", KM_FMT_SEQ, struct tcp_sock, p->rcv_wup) \
	X(t, snd_nxt, NULL, "tcp_sock", KM_FMT_SEQ, struct tcp_sock, p->snd_nxt) \
	X(t, snd_una, NULL, "tcp_sock", KM_FMT_SEQ, struct tcp_sock, p->snd_una) \
	X(t, snd_sml, NULL, "tcp_sock", KM_FMT_SEQ, struct tcp_sock, p->snd_sml) \
	X(t, rcv_tstamp, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->rcv_tstamp) \
	X(t, lsndtime, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->lsndtime) \
	X(t, tsoffset, NULL, "tcp_sock", KM_FMT_HEX, struct tcp_sock, p->tsoffset) \
	X(t, snd_wl1, NULL, "tcp_sock", KM_FMT_SEQ, struct tcp_sock, p->snd_wl1) \
	X(t, snd_wnd, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->snd_wnd) \
	X(t, max_window, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->max_window) \
	X(t, mss_cache, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->mss_cache) \
	X(t, window_clamp, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->window_clamp) \
	X(t, rcv_ssthresh, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->rcv_ssthresh) \
	X(t, advmss, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->advmss) \
	X(t, nonagle, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->nonagle) \
	X(t, repair, NULL, "tcp_sock", KM_FMT_BOOL, struct tcp_sock, p->repair) \
	X(t, tcp_mstamp, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->tcp_mstamp) \
	X(t, srtt_us, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->srtt_us) \
	X(t, mdev_us, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->mdev_us) \
	X(t, rttvar_us, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->rttvar_us) \
	X(t, packets_out, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->packets_out) \
	X(t, retrans_out, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->retrans_out) \
	X(t, ecn_flags, NULL, "tcp_sock", KM_FMT_HEX, struct tcp_sock, p->ecn_flags) \
	X(t, reordering, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->reordering) \
	X(t, snd_up, NULL, "tcp_sock", KM_FMT_SEQ, struct tcp_sock, p->snd_up) \
	X(t, rx_opt_ts_recent_stamp, "rx_opt.ts_recent_stamp", "tcp_sock", KM_FMT_U, struct tcp_sock, p->rx_opt.ts_recent_stamp) \
	X(t, rx_opt_ts_recent, "rx_opt.ts_recent", "tcp_sock", KM_FMT_U, struct tcp_sock, p->rx_opt.ts_recent) \
	X(t, rx_opt_rcv_tsval, "rx_opt.rcv_tsval", "tcp_sock", KM_FMT_U, struct tcp_sock, p->rx_opt.rcv_tsval) \
	X(t, rx_opt_rcv_tsecr, "rx_opt.rcv_tsecr", "tcp_sock", KM_FMT_U, struct tcp_sock, p->rx_opt.rcv_tsecr) \
	X(t, rx_opt_saw_tstamp, "rx_opt.saw_tstamp", "tcp_sock", KM_FMT_BOOL, struct tcp_sock, p->rx_opt.saw_tstamp) \
	X(t, rx_opt_tstamp_ok, "rx_opt.tstamp_ok", "tcp_sock", KM_FMT_BOOL, struct tcp_sock, p->rx_opt.tstamp_ok) \
	X(t, rx_opt_wscale_ok, "rx_opt.wscale_ok", "tcp_sock", KM_FMT_BOOL, struct tcp_sock, p->rx_opt.wscale_ok) \
	X(t, rx_opt_sack_ok, "rx_opt.sack_ok", "tcp_sock", KM_FMT_U, struct tcp_sock, p->rx_opt.sack_ok) \
	X(t, rx_opt_snd_wscale, "rx_opt.snd_wscale", "tcp_sock", KM_FMT_U, struct tcp_sock, p->rx_opt.snd_wscale) \
	X(t, rx_opt_rcv_wscale, "rx_opt.rcv_wscale", "tcp_sock", KM_FMT_U, struct tcp_sock, p->rx_opt.rcv_wscale) \
	X(t, rx_opt_user_mss, "rx_opt.user_mss", "tcp_sock", KM_FMT_U, struct tcp_sock, p->rx_opt.user_mss) \
	X(t, rx_opt_mss_clamp, "rx_opt.mss_clamp", "tcp_sock", KM_FMT_U, struct tcp_sock, p->rx_opt.mss_clamp) \
	X(t, snd_ssthresh, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->snd_ssthresh) \
	X(t, snd_cwnd, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->snd_cwnd) \
	X(t, snd_cwnd_clamp, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->snd_cwnd_clamp) \
	X(t, snd_cwnd_stamp, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->snd_cwnd_stamp) \
	X(t, rcv_wnd, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->rcv_wnd) \
	X(t, write_seq, NULL, "tcp_sock", KM_FMT_SEQ, struct tcp_sock, p->write_seq) \
	X(t, pushed_seq, NULL, "tcp_sock", KM_FMT_SEQ, struct tcp_sock, p->pushed_seq) \
	X(t, retrans_stamp, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->retrans_stamp) \
	X(t, total_retrans, NULL, "tcp_sock", KM_FMT_U, struct tcp_sock, p->total_retrans) \
	X(t, keepalive_time, NULL, "tcp_sock", KM_FMT_MS, struct tcp_sock, p->keepalive_time) \
	X(t, linger2, NULL, "tcp_sock", KM_FMT_S32, struct tcp_sock, p->linger2) \
	X(t, tcp_rtx_queue_head, "tcp_rtx_queue", "tcp_sock", KM_FMT_PTR, struct sock, tcp_rtx_queue_head(p)) \
	X(t, sk_send_head_km, "sk_write_queue.next", "tcp_sock", KM_FMT_PTR, struct sock, tcp_send_head(p)) \
	X(t, fastopen_rsk, NULL, "tcp_sock", KM_FMT_PTR, struct tcp_sock, p->fastopen_rsk)

#define UDP_FIELDS(X, t)						\
	X(t, pending, NULL, "udp_sock", KM_FMT_U, struct udp_sock, p->pending) \
	X(t, corkflag, NULL, "udp_sock", KM_FMT_U, struct udp_sock, p->corkflag) \
	X(t, len, NULL, "udp_sock", KM_FMT_U, struct udp_sock, p->len)

/* The request sock (TCP_NEW_SYN_RECV) carries its own small set. */
#define REQSK_FIELDS(X, t)						\
	X(t, skc_daddr, "ir_rmt_addr", "sock_common", KM_FMT_IP, struct sock_common, p->skc_daddr) \
	X(t, skc_rcv_saddr, "ir_loc_addr", "sock_common", KM_FMT_IP, struct sock_common, p->skc_rcv_saddr) \
	X(t, skc_dport, "ir_rmt_port", "sock_common", KM_FMT_PORT_BE, struct sock_common, p->skc_dport) \
	X(t, skc_num, "ir_num", "sock_common", KM_FMT_U, struct sock_common, p->skc_num) \
	X(t, skc_state, "ireq_state", "sock_common", KM_FMT_TCP_STATE, struct sock_common, p->skc_state) \
	X(t, skc_listener, "rsk_listener", "sock_common", KM_FMT_PTR, struct sock_common, p->skc_listener) \
	X(t, skc_refcnt, "rsk_refcnt", "sock_common", KM_FMT_U, struct sock_common, refcount_read(&p->skc_refcnt)) \
	X(t, mss, NULL, "request_sock", KM_FMT_U, struct request_sock, p->mss) \
	X(t, num_retrans, NULL, "request_sock", KM_FMT_U, struct request_sock, p->num_retrans) \
	X(t, num_timeout, NULL, "request_sock", KM_FMT_U, struct request_sock, p->num_timeout) \
	X(t, ts_recent, NULL, "request_sock", KM_FMT_U, struct request_sock, p->ts_recent) \
	X(t, rsk_timer, NULL, "request_sock", KM_FMT_TIMER, struct request_sock, timer_pending(&p->rsk_timer) ? p->rsk_timer.expires : 0) \
	X(t, rsk_window_clamp, NULL, "request_sock", KM_FMT_U, struct request_sock, p->rsk_window_clamp) \
	X(t, rsk_rcv_wnd, NULL, "request_sock", KM_FMT_U, struct request_sock, p->rsk_rcv_wnd) \
	X(t, snd_wscale, NULL, "inet_request_sock", KM_FMT_U, struct inet_request_sock, p->snd_wscale) \
	X(t, rcv_wscale, NULL, "inet_request_sock", KM_FMT_U, struct inet_request_sock, p->rcv_wscale) \
	X(t, tstamp_ok, NULL, "inet_request_sock", KM_FMT_BOOL, struct inet_request_sock, p->tstamp_ok) \
	X(t, sack_ok, NULL, "inet_request_sock", KM_FMT_BOOL, struct inet_request_sock, p->sack_ok) \
	X(t, wscale_ok, NULL, "inet_request_sock", KM_FMT_BOOL, struct inet_request_sock, p->wscale_ok) \
	X(t, ecn_ok, NULL, "inet_request_sock", KM_FMT_BOOL, struct inet_request_sock, p->ecn_ok) \
	X(t, acked, NULL, "inet_request_sock", KM_FMT_BOOL, struct inet_request_sock, p->acked) \
	X(t, rcv_isn, NULL, "tcp_request_sock", KM_FMT_SEQ, struct tcp_request_sock, p->rcv_isn) \
	X(t, snt_isn, NULL, "tcp_request_sock", KM_FMT_SEQ, struct tcp_request_sock, p->snt_isn) \
	X(t, ts_off, NULL, "tcp_request_sock", KM_FMT_HEX, struct tcp_request_sock, p->ts_off) \
	X(t, rcv_nxt, NULL, "tcp_request_sock", KM_FMT_SEQ, struct tcp_request_sock, p->rcv_nxt)

/* The timewait sock (TCP_TIME_WAIT): the 4-tuple and what a late segment is checked against. */
#define TW_FIELDS(X, t)							\
	X(t, skc_daddr, "tw_daddr", "sock_common", KM_FMT_IP, struct sock_common, p->skc_daddr) \
	X(t, skc_rcv_saddr, "tw_rcv_saddr", "sock_common", KM_FMT_IP, struct sock_common, p->skc_rcv_saddr) \
	X(t, skc_dport, "tw_dport", "sock_common", KM_FMT_PORT_BE, struct sock_common, p->skc_dport) \
	X(t, skc_num, "tw_num", "sock_common", KM_FMT_U, struct sock_common, p->skc_num) \
	X(t, skc_state, "tw_state", "sock_common", KM_FMT_TCP_STATE, struct sock_common, p->skc_state) \
	X(t, skc_reuse, "tw_reuse", "sock_common", KM_FMT_U, struct sock_common, p->skc_reuse) \
	X(t, skc_refcnt, "tw_refcnt", "sock_common", KM_FMT_U, struct sock_common, refcount_read(&p->skc_refcnt)) \
	X(t, tw_substate, NULL, "inet_timewait_sock", KM_FMT_TCP_STATE, struct inet_timewait_sock, p->tw_substate) \
	X(t, tw_sport, NULL, "inet_timewait_sock", KM_FMT_PORT_BE, struct inet_timewait_sock, p->tw_sport) \
	X(t, tw_kill, NULL, "inet_timewait_sock", KM_FMT_BOOL, struct inet_timewait_sock, p->tw_kill) \
	X(t, tw_rcv_wscale, NULL, "inet_timewait_sock", KM_FMT_U, struct inet_timewait_sock, p->tw_rcv_wscale) \
	X(t, tw_timer, NULL, "inet_timewait_sock", KM_FMT_TIMER, struct inet_timewait_sock, timer_pending(&p->tw_timer) ? p->tw_timer.expires : 0) \
	X(t, tw_tb, NULL, "inet_timewait_sock", KM_FMT_PTR, struct inet_timewait_sock, p->tw_tb) \
	X(t, tw_rcv_nxt, NULL, "tcp_timewait_sock", KM_FMT_SEQ, struct tcp_timewait_sock, p->tw_rcv_nxt) \
	X(t, tw_snd_nxt, NULL, "tcp_timewait_sock", KM_FMT_SEQ, struct tcp_timewait_sock, p->tw_snd_nxt) \
	X(t, tw_rcv_wnd, NULL, "tcp_timewait_sock", KM_FMT_U, struct tcp_timewait_sock, p->tw_rcv_wnd) \
	X(t, tw_ts_recent, NULL, "tcp_timewait_sock", KM_FMT_U, struct tcp_timewait_sock, p->tw_ts_recent) \
	X(t, tw_ts_recent_stamp, NULL, "tcp_timewait_sock", KM_FMT_S32, struct tcp_timewait_sock, p->tw_ts_recent_stamp) \
	X(t, tw_ts_offset, NULL, "tcp_timewait_sock", KM_FMT_HEX, struct tcp_timewait_sock, p->tw_ts_offset)

#define SKB_FIELDS(X, t)						\
	X(t, sk, NULL, "sk_buff", KM_FMT_PTR, struct sk_buff, p->sk)	\
	X(t, dev, NULL, "sk_buff", KM_FMT_STR, struct sk_buff, (p->dev && (unsigned long)p->dev != (unsigned long)KM_VAL_UNINIT) ? p->dev->name : NULL) \
	X(t, cb_seq, "TCP_SKB_CB(skb)->seq", "sk_buff", KM_FMT_SEQ, struct sk_buff, TCP_SKB_CB(p)->seq) \
	X(t, cb_end_seq, "TCP_SKB_CB(skb)->end_seq", "sk_buff", KM_FMT_SEQ, struct sk_buff, TCP_SKB_CB(p)->end_seq) \
	X(t, cb_tcp_flags, "TCP_SKB_CB(skb)->tcp_flags", "sk_buff", KM_FMT_TCP_FLAGS, struct sk_buff, TCP_SKB_CB(p)->tcp_flags) \
	X(t, cb_sacked, "TCP_SKB_CB(skb)->sacked", "sk_buff", KM_FMT_HEX, struct sk_buff, TCP_SKB_CB(p)->sacked) \
	X(t, len, NULL, "sk_buff", KM_FMT_U, struct sk_buff, p->len)	\
	X(t, data_len, NULL, "sk_buff", KM_FMT_U, struct sk_buff, p->data_len) \
	X(t, cloned, NULL, "sk_buff", KM_FMT_BOOL, struct sk_buff, p->cloned) \
	X(t, fclone, NULL, "sk_buff", KM_FMT_FCLONE, struct sk_buff, p->fclone) \
	X(t, pkt_type, NULL, "sk_buff", KM_FMT_PKT_TYPE, struct sk_buff, p->pkt_type) \
	X(t, ip_summed, NULL, "sk_buff", KM_FMT_CSUM, struct sk_buff, p->ip_summed) \
	X(t, priority, NULL, "sk_buff", KM_FMT_U, struct sk_buff, p->priority) \
	X(t, skb_iif, NULL, "sk_buff", KM_FMT_U, struct sk_buff, p->skb_iif) \
	X(t, protocol, NULL, "sk_buff", KM_FMT_ETH_PROTO, struct sk_buff, p->protocol) \
	X(t, transport_header, NULL, "sk_buff", KM_FMT_HDR_OFF, struct sk_buff, p->transport_header) \
	X(t, network_header, NULL, "sk_buff", KM_FMT_HDR_OFF, struct sk_buff, p->network_header) \
	X(t, mac_header, NULL, "sk_buff", KM_FMT_HDR_OFF, struct sk_buff, p->mac_header) \
	X(t, data, "data - head", "sk_buff", KM_FMT_U, struct sk_buff, p->data - p->head) \
	X(t, tail, NULL, "sk_buff", KM_FMT_U, struct sk_buff, p->tail) \
	X(t, end, NULL, "sk_buff", KM_FMT_U, struct sk_buff, p->end) \
	X(t, truesize, NULL, "sk_buff", KM_FMT_U, struct sk_buff, p->truesize) \
	X(t, users, NULL, "sk_buff", KM_FMT_U, struct sk_buff, refcount_read(&p->users)) \
	X(t, dataref, "skb_shinfo(skb)->dataref", "sk_buff", KM_FMT_U, struct sk_buff, atomic_read(&skb_shinfo(p)->dataref)) \
	X(t, bytes, "data[0..len)", "sk_buff", KM_FMT_BLOB, struct sk_buff, 0)

/*
 * Generate one getter per field. The name is pasted here, not passed on to
 * another macro, so that alias macros such as sk_rmem_alloc stay unexpanded.
 */
#define GEN_GETTER(tbl, id, alias, group, fmt, T, expr)		\
	static u64 get_##tbl##_##id(const void *o)			\
	{								\
		const T *p = o;						\
		(void)p;						\
		return U64(expr);					\
	}
#define GEN_ENTRY(tbl, id, alias, group, fmt, T, expr) \
	{ { #id, alias, group, fmt }, get_##tbl##_##id },

/* Field names that hold a dot (sk_lock.owned) use the alias for display. */
SOCKET_FIELDS(GEN_GETTER)
COMMON_FIELDS(GEN_GETTER, tcp)
SOCK_FIELDS(GEN_GETTER, tcp)
INET_FIELDS(GEN_GETTER, tcp)
ICSK_FIELDS(GEN_GETTER, tcp)
TCP_FIELDS(GEN_GETTER, tcp)
UDP_FIELDS(GEN_GETTER, udp)
REQSK_FIELDS(GEN_GETTER, req)
TW_FIELDS(GEN_GETTER, tw)
SKB_FIELDS(GEN_GETTER, skb)

static const struct km_field_def socket_fields[] = {
	SOCKET_FIELDS(GEN_ENTRY)
};

static const struct km_field_def tcp_fields[] = {
	COMMON_FIELDS(GEN_ENTRY, tcp)
	SOCK_FIELDS(GEN_ENTRY, tcp)
	INET_FIELDS(GEN_ENTRY, tcp)
	ICSK_FIELDS(GEN_ENTRY, tcp)
	TCP_FIELDS(GEN_ENTRY, tcp)
};

static const struct km_field_def udp_fields[] = {
	COMMON_FIELDS(GEN_ENTRY, tcp)
	SOCK_FIELDS(GEN_ENTRY, tcp)
	INET_FIELDS(GEN_ENTRY, tcp)
	UDP_FIELDS(GEN_ENTRY, udp)
};

/* raw and ping socks: everything up to inet_sock */
static const struct km_field_def inet_fields[] = {
	COMMON_FIELDS(GEN_ENTRY, tcp)
	SOCK_FIELDS(GEN_ENTRY, tcp)
	INET_FIELDS(GEN_ENTRY, tcp)
};

static const struct km_field_def req_fields[] = {
	REQSK_FIELDS(GEN_ENTRY, req)
};

static const struct km_field_def tw_fields[] = {
	TW_FIELDS(GEN_ENTRY, tw)
};

static const struct km_field_def skb_fields[] = {
	SKB_FIELDS(GEN_ENTRY, skb)
};

struct km_kind_table {
	const char			*struct_name;
	const struct km_field_def	*defs;
	int				n;
	size_t				size;
};

static const struct km_kind_table kinds[KM_OBJ__COUNT] = {
	[KM_OBJ_SOCKET] = { "socket", socket_fields, ARRAY_SIZE(socket_fields),
			    sizeof(struct socket) },
	[KM_OBJ_TCP_SOCK] = { "tcp_sock", tcp_fields, ARRAY_SIZE(tcp_fields),
			      sizeof(struct tcp_sock) },
	[KM_OBJ_UDP_SOCK] = { "udp_sock", udp_fields, ARRAY_SIZE(udp_fields),
			      sizeof(struct udp_sock) },
	[KM_OBJ_RAW_SOCK] = { "raw_sock", inet_fields, ARRAY_SIZE(inet_fields),
			      sizeof(struct raw_sock) },
	[KM_OBJ_PING_SOCK] = { "inet_sock", inet_fields, ARRAY_SIZE(inet_fields),
			       sizeof(struct inet_sock) },
	[KM_OBJ_REQSK] = { "tcp_request_sock", req_fields, ARRAY_SIZE(req_fields),
			   sizeof(struct tcp_request_sock) },
	/* size 0: the skb's getters follow pointers, so no probing */
	[KM_OBJ_SKB] = { "sk_buff", skb_fields, ARRAY_SIZE(skb_fields), 0 },
	[KM_OBJ_TW] = { "tcp_timewait_sock", tw_fields, ARRAY_SIZE(tw_fields),
			sizeof(struct tcp_timewait_sock) },
};

int km_fields_count(int kind)
{
	return kind > 0 && kind < KM_OBJ__COUNT ? kinds[kind].n : 0;
}

const struct km_field_info *km_field(int kind, int idx)
{
	if (idx < 0 || idx >= km_fields_count(kind))
		return NULL;
	return &kinds[kind].defs[idx].info;
}

u64 km_field_get_raw(int kind, int idx, const void *obj)
{
	return kinds[kind].defs[idx].get(obj);
}

/*
 * Which bytes of the object a field is read from: set each byte of a zeroed
 * template in turn and see whether the field's value changes. For a
 * bitfield or an 8-bit member that is the byte (or two) holding it. Only
 * for getters that read the object itself: not pointers, symbols, strings,
 * blobs, timers (their getters may follow pointers), nor any skb field.
 * tmpl is scratch space of at least km_obj_kind_size(kind) bytes.
 */
bool km_field_bytes(int kind, int idx, unsigned char *tmpl,
		    unsigned int *first, unsigned int *last)
{
	const struct km_field_def *d;
	size_t size, i;
	bool found = false;
	u64 v0;

	if (kind <= 0 || kind >= KM_OBJ__COUNT || idx < 0 || idx >= kinds[kind].n)
		return false;
	d = &kinds[kind].defs[idx];
	size = kinds[kind].size;
	switch (d->info.fmt) {
	case KM_FMT_PTR: case KM_FMT_SYM: case KM_FMT_STR:
	case KM_FMT_BLOB: case KM_FMT_TIMER:
		return false;
	}
	if (!size)
		return false;
	memset(tmpl, 0, size);
	v0 = d->get(tmpl);
	for (i = 0; i < size; i++) {
		tmpl[i] = 0xff;
		if (d->get(tmpl) != v0) {
			if (!found)
				*first = (unsigned int)i;
			*last = (unsigned int)i;
			found = true;
		}
		tmpl[i] = 0;
	}
	return found;
}

size_t km_obj_kind_size(int kind)
{
	return kind > 0 && kind < KM_OBJ__COUNT ? kinds[kind].size : 0;
}

/* Other names the kernel uses for sock_common fields (inet_sock.h). */
static const char *const more_aliases[][2] = {
	{ "inet_num", "skc_num" },
	{ "inet_dport", "skc_dport" },
	{ "inet_daddr", "skc_daddr" },
	{ "inet_rcv_saddr", "skc_rcv_saddr" },
	{ "ir_num", "skc_num" },
	{ "ir_rmt_port", "skc_dport" },
	{ "ir_rmt_addr", "skc_daddr" },
	{ "ir_loc_addr", "skc_rcv_saddr" },
};

int km_field_find(int kind, const char *name)
{
	int i;

	for (i = 0; i < (int)ARRAY_SIZE(more_aliases); i++)
		if (!strcmp(name, more_aliases[i][0]))
			name = more_aliases[i][1];

	for (i = 0; i < km_fields_count(kind); i++) {
		const struct km_field_info *f = &kinds[kind].defs[i].info;

		if (!strcmp(f->name, name) || (f->alias && !strcmp(f->alias, name)))
			return i;
	}
	return -1;
}

const char *km_obj_kind_struct(int kind)
{
	return kind > 0 && kind < KM_OBJ__COUNT ? kinds[kind].struct_name : "?";
}

const char *km_obj_kind_prefix(int kind)
{
	switch (kind) {
	case KM_OBJ_SOCKET:	return "socket";
	case KM_OBJ_TCP_SOCK:
	case KM_OBJ_UDP_SOCK:
	case KM_OBJ_RAW_SOCK:
	case KM_OBJ_PING_SOCK:	return "sock";
	case KM_OBJ_REQSK:	return "req";
	case KM_OBJ_SKB:	return "skb";
	case KM_OBJ_TW:		return "tw";
	}
	return "obj";
}
