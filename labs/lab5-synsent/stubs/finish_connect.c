	/*
	 * Lab 5, Part B.2 — tcp_finish_connect()
	 * Read: Linux 5.0.1 net/ipv4/tcp_input.c:5671-5699.
	 *
	 * Called once a SYN-ACK acknowledged our SYN (skb is that SYN-ACK, or
	 * NULL). Complete the active open, in this order:
	 * - enter ESTABLISHED (tcp_set_state); icsk_ack.lrcvtime = now
	 *   (tcp_jiffies32);
	 * - with an skb: remember its route for input (icsk_af_ops->
	 *   sk_rx_dst_set);
	 * - tcp_init_transfer(sk, 0): buffers, window clamp, congestion control;
	 * - lsndtime = now, so the first write does not look like a restart
	 *   after idle;
	 * - SO_KEEPALIVE set (sock_flag SOCK_KEEPOPEN): start the keepalive
	 *   timer (inet_csk_reset_keepalive_timer, keepalive_time_when);
	 * - header prediction only when the peer does not scale its window
	 *   (rx_opt.snd_wscale == 0: __tcp_fast_path_on with snd_wnd),
	 *   otherwise pred_flags = 0.
	 *
	 * Until you write it, nothing happens: the socket stays in SYN_SENT.
	 */
