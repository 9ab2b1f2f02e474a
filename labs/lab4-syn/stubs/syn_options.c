	/*
	 * Lab 4, Part B.2 — tcp_syn_options().
	 * Read: Linux 5.0.1 net/ipv4/tcp_output.c:587-654 (MD5, Fast Open and
	 * SMC are not mirrored).
	 *
	 * Fill *opts (zeroed by the caller) for a segment with SYN set and
	 * return how many option bytes it takes, out of MAX_TCP_OPTION_SPACE:
	 * - always the MSS: opts->mss = tcp_advertise_mss(sk); 4 bytes;
	 * - sysctl_tcp_timestamps: OPTION_TS, tsval = tcp_skb_timestamp(skb)
	 *   + tp->tsoffset, tsecr = tp->rx_opt.ts_recent; 12 bytes;
	 * - sysctl_tcp_window_scaling: OPTION_WSCALE, ws = rx_opt.rcv_wscale;
	 *   4 bytes;
	 * - sysctl_tcp_sack: OPTION_SACK_ADVERTISE; 4 bytes, unless it rides
	 *   in the timestamp's word for free.
	 * The sysctls are in sock_net(sk)->ipv4; the sizes are the
	 * TCPOLEN_*_ALIGNED constants of include/net/tcp.h.
	 *
	 * Until you write it, a SYN carries no options.
	 */
	(void)tcp_advertise_mss;	/* (only you call it) */
	return 0;	/* LAB 4: replace with your code */
