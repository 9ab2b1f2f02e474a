	/*
	 * Lab 4, Part B.1 — tcp_select_initial_window().
	 * Read: Linux 5.0.1 net/ipv4/tcp_output.c:204-247.
	 *
	 * __space: the receive space (negative: none); mss: the segment size
	 * the window should be a whole number of. Set:
	 * - *window_clamp: if 0, start from the largest scaled window,
	 *   U16_MAX << TCP_MAX_WSCALE; the space is at most the clamp;
	 * - *rcv_wnd: the space rounded down to whole segments (when it is
	 *   larger than one), then at most 65535 — or MAX_TCP_WINDOW with
	 *   sysctl_tcp_workaround_signed_windows — and at most init_rcv_wnd
	 *   segments if init_rcv_wnd is not 0;
	 * - *rcv_wscale: 0 unless wscale_ok; then the shift that fits the
	 *   largest buffer possible — the space, sysctl_tcp_rmem[2] and
	 *   sysctl_rmem_max, whichever is largest, but not above the clamp —
	 *   into 16 bits: ilog2() - 15, between 0 and TCP_MAX_WSCALE;
	 * - finally *window_clamp at most U16_MAX << *rcv_wscale.
	 *
	 * Until you write it, every window is 0 and nothing is scaled.
	 */
	*rcv_wnd = 0;		/* LAB 4: replace with your code */
	*rcv_wscale = 0;
