	/*
	 * LAB 3, part 1 — inet_sk_port_offset(): where the port search starts.
	 * Read Linux 5.0.1 net/ipv4/inet_hashtables.c:465 (called from
	 * inet_hash_connect, :745) and net/core/secure_seq.c:145.
	 *
	 * Return the keyed hash secure_ipv4_port_ephemeral() gives for this
	 * connection's local address (inet_rcv_saddr), remote address
	 * (inet_daddr) and remote port (inet_dport), all as stored in the
	 * socket (network byte order). The local port is not an input: it is
	 * what the search is about to choose.
	 */
	return 0;	/* LAB 3: replace with your code */
