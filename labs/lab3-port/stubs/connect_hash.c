	/*
	 * LAB 3, part 3 — tcp_v4_connect() around the port choice.
	 * Read Linux 5.0.1 net/ipv4/tcp_ipv4.c:273-291.
	 *
	 * In this order:
	 *  1. tcp_set_state(sk, TCP_SYN_SENT), before any port is chosen;
	 *  2. err = inet_hash_connect(tcp_death_row, sk): the port, and the
	 *     socket into the established hash; on error goto failure;
	 *  3. sk_set_txhash(sk);
	 *  4. the route was looked up with the ports the socket had then
	 *     (orig_sport, orig_dport): redo it with the new source port,
	 *     rt = ip_route_newports(fl4, rt, orig_sport, orig_dport,
	 *     inet->inet_sport, inet->inet_dport, sk); if IS_ERR(rt), take
	 *     its error, set rt = NULL and goto failure.
	 */
	(void)tcp_death_row;
	err = -ENOSYS;		/* LAB 3: replace with your code */
	goto failure;
