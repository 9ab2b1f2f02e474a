	/*
	 * Lab 6, Part B.4 — retransmits_timed_out(sk, boundary, timeout)
	 * Read: Linux 5.0.1 net/ipv4/tcp_timer.c:177-215.
	 *
	 * Has this socket been retransmitting for longer than `boundary`
	 * backoffs would take? Return false when nothing was retransmitted yet
	 * (icsk_retransmits 0) or there is no start time
	 * (tcp_retransmit_stamp(sk) is 0). A `timeout` of 0 means "compute
	 * it": the total of boundary + 1 RTOs that start at TCP_RTO_MIN
	 * (200 ms) and double, each at most TCP_RTO_MAX (120 s). No RTO reaches
	 * the cap while boundary <= ilog2(TCP_RTO_MAX / TCP_RTO_MIN) (= 9);
	 * beyond that each further RTO adds TCP_RTO_MAX. Those constants are in
	 * jiffies: convert the total with jiffies_to_msecs(). Then timed out
	 * when tcp_time_stamp(tcp_sk(sk)) - start >= timeout, compared as a
	 * signed 32-bit difference (the clock wraps).
	 *
	 * Until you write it, it never times out.
	 */
	(void)sk;
	(void)boundary;
	(void)timeout;
	return false;
