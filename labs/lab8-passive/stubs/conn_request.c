	/*
	 * Lab 8, Part B.1 — tcp_conn_request()
	 * Read: Linux 5.0.1 net/ipv4/tcp_input.c:6411-6548 (and its helpers
	 * just above it: tcp_openreq_init :6312, inet_reqsk_alloc :6340,
	 * tcp_ecn_create_request :6288, tcp_syn_flood_action :6367).
	 *
	 * A SYN (flags checked by the caller: SYN, no ACK/RST/FIN) reached
	 * the listener sk. Answer it, in this order:
	 * - SYN queue full (inet_csk_reqsk_queue_is_full) or tcp_syncookies
	 *   == 2, and no isn from TIME_WAIT (TCP_SKB_CB(skb)->tcp_tw_isn):
	 *   tcp_syn_flood_action() says whether to send a SYN cookie; if not,
	 *   drop;
	 * - accept queue full (sk_acceptq_is_full): LISTENOVERFLOWS, drop;
	 * - inet_reqsk_alloc(rsk_ops, sk, !want_cookie); af_specific, ts_off;
	 * - parse the SYN's options into a fresh tcp_options_received
	 *   (mss_clamp from af_ops, user_mss from the listener); a cookie
	 *   without timestamps keeps no option; tstamp_ok = saw_tstamp;
	 * - tcp_openreq_init; no_srccheck, ir_iif; af_ops->init_req; with
	 *   timestamps, ts_off = af_ops->init_ts_off;
	 * - the route (af_ops->route_req), or free the request and drop;
	 * - not a cookie: no cookies and the SYN backlog 3/4 full → drop a
	 *   SYN from an unproven peer (tcp_peer_is_proven); else the ISN from
	 *   af_ops->init_seq;
	 * - tcp_ecn_create_request; a cookie: isn = cookie_init_sequence,
	 *   cookie_ts, no ECN without timestamps;
	 * - snt_isn, txhash (km_net_tx_rndhash), tcp_openreq_init_rwin;
	 * - not a cookie: inet_csk_reqsk_queue_hash_add with the SYN-ACK
	 *   timeout (tcp_timeout_init); send the SYN-ACK (af_ops->send_synack,
	 *   TCP_SYNACK_NORMAL or TCP_SYNACK_COOKIE); a cookie's request is
	 *   freed (reqsk_free), the other put (reqsk_put).
	 * Every drop goes through tcp_listendrop(sk). Always return 0.
	 *
	 * Until you write it, every SYN is dropped: no SYN-ACK is ever sent.
	 */
	(void)rsk_ops;
	(void)af_ops;
	(void)skb;
	tcp_listendrop(sk);
	return 0;
