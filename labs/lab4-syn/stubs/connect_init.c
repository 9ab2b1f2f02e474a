	/*
	 * Lab 4, Part B.4 — the sizing half of tcp_connect_init().
	 * Read: Linux 5.0.1 net/ipv4/tcp_output.c:3322-3374.
	 *
	 * The socket has a route (__sk_dst_get(sk)) and a tcp_sock (tp, above)
	 * with mss_clamp 536 and user_mss (TCP_MAXSEG, 0 if unset). In order:
	 * - tcp_header_len: a bare header, plus TCPOLEN_TSTAMP_ALIGNED when
	 *   sysctl_tcp_timestamps is on (every segment will carry them);
	 * - a TCP_MAXSEG setting becomes mss_clamp; max_window = 0;
	 * - tcp_mtup_init(sk), then tcp_sync_mss(sk, dst_mtu(dst)) — both read
	 *   the two fields you just set, so the order matters;
	 * - window_clamp from the route's RTAX_WINDOW metric if still 0;
	 *   advmss = the route's advmss (dst_metric_advmss) capped by user_mss
	 *   (tcp_mss_clamp); then tcp_initialize_rcv_mss(sk);
	 * - a receive buffer locked by SO_RCVBUF (SOCK_RCVBUF_LOCK in
	 *   sk_userlocks) also clamps window_clamp to tcp_full_space(sk);
	 * - tcp_select_initial_window(sk, tcp_full_space(sk), advmss (less the
	 *   timestamp bytes if a ts_recent_stamp was inherited), &tp->rcv_wnd,
	 *   &tp->window_clamp, sysctl_tcp_window_scaling, &a local scale,
	 *   the route's RTAX_INITRWND metric);
	 * - store the scale in rx_opt.rcv_wscale; rcv_ssthresh = rcv_wnd.
	 *
	 * Until you write it, these fields stay 0: the SYN has no MSS option
	 * and offers a window of 0.
	 */
