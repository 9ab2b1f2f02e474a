	/*
	 * Lab 5, Part B.1 — tcp_rcv_synsent_state_process()
	 * Read: Linux 5.0.1 net/ipv4/tcp_input.c:5772-5995 (and RFC 793 p. 66-68).
	 *
	 * We sent a SYN and sit in SYN_SENT; skb is the segment that arrived
	 * (th its TCP header, TCP_SKB_CB(skb)->seq / ->ack_seq its numbers).
	 * Return 1 to have the caller answer with an RST built from the segment
	 * (seq = its ack), 0 once you have freed the segment yourself
	 * (tcp_drop), -1 to have the caller free it after you handled it.
	 *
	 * 1. Parse its options into tp->rx_opt (tcp_parse_options); remember
	 *    mss_clamp first. An echoed timestamp is in our clock only after
	 *    subtracting tp->tsoffset.
	 * 2. ACK set:
	 *    - acceptable only if snd_una < ack <= snd_nxt; otherwise (and also
	 *      when the echoed timestamp is non-zero and not between
	 *      retrans_stamp and now) forget the options and return 1;
	 *    - with RST: the peer refuses — tcp_reset(), drop the segment;
	 *    - without SYN: forget the options and drop it;
	 *    - SYN-ACK: our SYN is acknowledged. In Linux's order: ECN stays
	 *      on only if the SYN-ACK agrees (tcp_ecn_rcv_synack), snd_wl1
	 *      (tcp_init_wl), tcp_ack(FLAG_SLOWPATH), rcv_nxt/rcv_wup = its seq
	 *      + 1, snd_wnd = its window as sent (a SYN's window is never
	 *      scaled), no WS from the peer -> no scaling either way and a
	 *      window_clamp of at most 65535, TS from the peer -> tstamp_ok,
	 *      32-byte headers, advmss - 12, store ts_recent; else 20-byte
	 *      headers; tcp_sync_mss + tcp_initialize_rcv_mss; copied_seq =
	 *      rcv_nxt; tcp_finish_connect(); wake the connect()ing task
	 *      (sk_state_change, sk_wake_async) unless the socket is dead.
	 *      Then the third packet: delay it (schedule it, quick-ack mode, the
	 *      delayed-ACK timer for TCP_DELACK_MAX) when data is expected soon
	 *      (sk_write_pending, rskq_defer_accept or icsk_ack.pingpong) and
	 *      drop the segment; otherwise send it now (tcp_send_ack) and
	 *      return -1.
	 * 3. No ACK:
	 *    - RST: drop it (forgetting its options);
	 *    - a timestamp older than ts_recent (PAWS, tcp_paws_reject) when
	 *      ts_recent_stamp is set: drop it (forgetting its options);
	 *    - SYN: simultaneous open. SYN_RECV; timestamps as above (no advmss
	 *      change here); rcv_nxt = copied_seq = rcv_wup = seq + 1; snd_wnd
	 *      = its window unscaled, snd_wl1 = seq, max_window = snd_wnd;
	 *      ECN only if the SYN asks for it too (tcp_ecn_rcv_syn);
	 *      tcp_mtup_init, tcp_sync_mss, tcp_initialize_rcv_mss; answer with
	 *      tcp_send_synack(); drop the segment;
	 *    - anything else: forget its options and drop it.
	 * "Forget the options" = tcp_clear_options(&tp->rx_opt) and put the
	 * saved mss_clamp back.
	 *
	 * Until you write it, every segment is dropped: connect() never
	 * completes and never fails.
	 */
	tcp_drop(sk, skb);
	return 0;
