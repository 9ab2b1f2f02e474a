	/*
	 * Lab 6, Part B.2 — tcp_retransmit_timer(): back off and re-arm
	 * Read: Linux 5.0.1 net/ipv4/tcp_timer.c:544-567 (in a handshake the
	 * "thin stream" case never applies: it needs ESTABLISHED).
	 *
	 * After a retransmission: double icsk_rto, at most TCP_RTO_MAX
	 * (120 s); re-arm the retransmission timer (inet_csk_reset_xmit_timer,
	 * ICSK_TIME_RETRANS, max TCP_RTO_MAX) after
	 * tcp_clamp_rto_to_user_timeout(sk) (given, above: icsk_rto, or less
	 * when TCP_USER_TIMEOUT runs out first); then, if the socket has
	 * been retransmitting for longer than net.ipv4.tcp_retries1 + 1
	 * backoffs (retransmits_timed_out, timeout 0), forget its cached
	 * route (__sk_dst_reset) so the next transmission looks it up again.
	 *
	 * Until you write it, the timer is not re-armed.
	 */
	(void)net;
	(void)tcp_clamp_rto_to_user_timeout;
