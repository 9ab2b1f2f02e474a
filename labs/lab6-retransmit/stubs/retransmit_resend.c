	/*
	 * Lab 6, Part B.1 — tcp_retransmit_timer(): give up, or resend
	 * Read: Linux 5.0.1 net/ipv4/tcp_timer.c:487-542.
	 *
	 * The retransmission timer expired with something unacknowledged
	 * (in a handshake: our SYN). In this order:
	 * - ask tcp_write_timeout(sk) whether to give up; if it returns
	 *   non-zero it has already closed the socket: goto out;
	 * - enter the Loss state (tcp_enter_loss);
	 * - retransmit the head of the retransmit queue
	 *   (tcp_retransmit_skb(sk, tcp_rtx_queue_head(sk), 1));
	 * - if that returns > 0 the segment could not leave this host (local
	 *   congestion): do not back off — make icsk_retransmits at least 1,
	 *   re-arm ICSK_TIME_RETRANS after min(icsk_rto,
	 *   TCP_RESOURCE_PROBE_INTERVAL) (max TCP_RTO_MAX) and goto out;
	 * - otherwise count it: icsk_backoff and icsk_retransmits both go up
	 *   by one.
	 * Part B.2 (the next region) then backs off and re-arms.
	 *
	 * Until you write it, nothing is ever retransmitted.
	 */
	(void)icsk;
	(void)tcp_write_timeout;
	goto out;
