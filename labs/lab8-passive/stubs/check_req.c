	/*
	 * Lab 8, Part B.2 — tcp_check_req()
	 * Read: Linux 5.0.1 net/ipv4/tcp_minisocks.c:584-818 (Fast Open, the
	 * `fastopen` argument, is not mirrored: it is always false here).
	 *
	 * A segment arrived for a connection in SYN_RECV, represented by the
	 * request sock req of the listener sk. Return the new child socket
	 * (the final ACK was good), sk (the caller answers with an RST built
	 * from the segment) or NULL (dropped; you sent whatever was due):
	 * - with options, parse them; with a timestamp, PAWS
	 *   (tcp_paws_reject) against req->ts_recent, the echo less ts_off,
	 *   and a ts_recent_stamp estimated as now (seconds) minus
	 *   (TCP_TIMEOUT_INIT / HZ) << num_timeout;
	 * - the SYN again (seq == rcv_isn, flags exactly SYN, PAWS ok):
	 *   retransmit the SYN-ACK (inet_rtx_syn_ack) unless rate-limited
	 *   (tcp_oow_rate_limited, LINUX_MIB_TCPACKSKIPPEDSYNRECV), then push
	 *   the timer to now + min(TCP_TIMEOUT_INIT << num_timeout,
	 *   TCP_RTO_MAX) (mod_timer_pending); NULL;
	 * - ACK set but ack_seq != snt_isn + 1: return sk;
	 * - PAWS failed or not in window (tcp_in_window with [rcv_nxt,
	 *   rcv_nxt + rsk_rcv_wnd]): an ACK (rsk_ops->send_ack, rate-limited,
	 *   never for an RST), PAWSESTABREJECTED if PAWS; NULL;
	 * - in window: keep the TSval in req->ts_recent if seq <= rcv_nxt; a
	 *   SYN at rcv_isn loses its SYN flag; RST or SYN left: ATTEMPTFAILS,
	 *   embryonic reset; no ACK: NULL;
	 * - TCP_DEFER_ACCEPT still running (num_timeout < rskq_defer_accept)
	 *   and no data: acked = 1, LINUX_MIB_TCPDEFERACCEPTDROP, NULL;
	 * - create the child (icsk_af_ops->syn_recv_sock(sk, skb, req, NULL,
	 *   req, &own_req)); none (accept queue full): with
	 *   tcp_abort_on_overflow 0, acked = 1 and NULL, else embryonic
	 *   reset; else tcp_synack_rtt_meas, *req_stolen = !own_req, return
	 *   inet_csk_complete_hashdance(...);
	 * - embryonic reset: an RST for anything but an RST
	 *   (rsk_ops->send_reset), inet_csk_reqsk_queue_drop, EMBRYONICRSTS;
	 *   NULL.
	 *
	 * Until you write it, every segment is dropped: no connection is
	 * ever created.
	 */
	(void)skb;
	(void)req;
	(void)fastopen;
	(void)req_stolen;
	(void)sk;
	return NULL;
