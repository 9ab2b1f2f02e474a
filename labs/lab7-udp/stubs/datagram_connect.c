	/*
	 * Lab 7, Part B.1 — __ip4_datagram_connect()
	 * Read: Linux 5.0.1 net/ipv4/datagram.c:23-84 (called by
	 * ip4_datagram_connect, :87, from inet_dgram_connect,
	 * net/ipv4/af_inet.c:552, which has already autobound the port).
	 *
	 * connect() on a UDP socket sends nothing. It must, in this order:
	 * - refuse an address shorter than a struct sockaddr_in (-EINVAL),
	 *   then one whose family is not AF_INET (-EAFNOSUPPORT);
	 * - forget any cached route (sk_dst_reset);
	 * - for a multicast peer (ipv4_is_multicast), use the IP_MULTICAST_IF
	 *   device and address (inet->mc_index, inet->mc_addr) when the
	 *   socket has no bound device / no source address of its own;
	 * - route to the peer with ip_route_connect(), filling the flow in
	 *   inet->cork.fl.u.ip4 (tos from RT_CONN_FLAGS, the protocol, our
	 *   port and the peer's port); a routing error is returned as it is
	 *   (-ENETUNREACH also counts IPSTATS_MIB_OUTNOROUTES);
	 * - a broadcast route (RTCF_BROADCAST) needs SO_BROADCAST
	 *   (sock_flag SOCK_BROADCAST), else drop the route and -EACCES;
	 * - take the source address the route chose (fl4->saddr) for
	 *   inet_saddr and inet_rcv_saddr if they are still 0; when
	 *   inet_rcv_saddr changes, sk->sk_prot->rehash() moves the socket in
	 *   the (address, port) hash;
	 * - record the peer (inet_daddr from the flow, inet_dport from the
	 *   address), sk_state = TCP_ESTABLISHED (the struct socket's state
	 *   is not touched), sk_set_txhash(), inet_id = jiffies;
	 * - keep the route (sk_dst_set) and return 0.
	 *
	 * Until you write it, every connect() on a UDP socket fails with
	 * ENOSYS.
	 */
	(void)sk;
	(void)uaddr;
	(void)addr_len;
	return -ENOSYS;
