		/*
		 * Lab 6, Part B.3 — tcp_write_timeout(), the handshake branch
		 * Read: Linux 5.0.1 net/ipv4/tcp_timer.c:218-234.
		 *
		 * The socket is in SYN_SENT (or SYN_RECV) and its timer
		 * expired. First, routing advice: on the first expiry
		 * (icsk_retransmits 0) only pick a new flow hash
		 * (sk_rethink_txhash), on later ones dst_negative_advice(sk).
		 * Then decide by counting, not by time: the number of
		 * retransmissions allowed is the socket's TCP_SYNCNT
		 * (icsk_syn_retries) if set, else net.ipv4.tcp_syn_retries
		 * (net->ipv4.sysctl_tcp_syn_retries, read now, not at
		 * connect()); set retry_until to it and `expired` when that
		 * many retransmissions were already sent.
		 *
		 * Until you write it, a handshake never gives up.
		 */
		expired = false;
