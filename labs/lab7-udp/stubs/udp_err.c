	/*
	 * Lab 7, Part B.2 — __udp4_lib_err()
	 * Read: Linux 5.0.1 net/ipv4/udp.c:645-733 (called by udp_err, :735,
	 * from icmp_socket_deliver, net/ipv4/icmp.c:749) and RFC 1122
	 * 4.1.3.3.
	 *
	 * An ICMP error arrived; skb->data points at the IP header it quotes
	 * (one of OUR datagrams), followed by at least 8 bytes: the UDP header.
	 * icmp_hdr(skb) is the ICMP header (type, code); info is the next-hop
	 * MTU for "fragmentation needed", the pointer for a parameter problem.
	 * Always return 0 once a socket was found.
	 *
	 * 1. Find the socket that sent the quoted datagram: __udp4_lib_lookup()
	 *    with the quoted header seen from our side (its destination is
	 *    the remote end, its source is us), skb->dev->ifindex, sdif 0.
	 *    No socket: count ICMP_MIB_INERRORS (__ICMP_INC_STATS) and return
	 *    -ENOENT.
	 * 2. Map type/code to a positive errno and "hard or not":
	 *    time exceeded and unknown types: EHOSTUNREACH, soft;
	 *    source quench: nothing at all;
	 *    parameter problem: EPROTO, hard;
	 *    destination unreachable: fragmentation needed lowers the path
	 *    MTU first (ipv4_sk_update_pmtu(skb, sk, info)), then is EMSGSIZE,
	 *    hard — unless the socket set IP_PMTUDISC_DONT (inet->pmtudisc),
	 *    then nothing more; any other code <= NR_ICMP_UNREACH takes errno
	 *    and hardness from icmp_err_convert[code] (region err_convert);
	 *    a larger code: EHOSTUNREACH, soft;
	 *    redirect: ipv4_sk_redirect(skb, sk), nothing more.
	 * 3. Report it (RFC 1122 4.1.3.3): without IP_RECVERR (inet->recverr)
	 *    only a hard error on a connected socket (sk_state
	 *    TCP_ESTABLISHED) is reported; with IP_RECVERR every error is,
	 *    after queueing a report on the error queue: ip_icmp_error(sk,
	 *    skb, err, the quoted destination port, info, the bytes after
	 *    the quoted UDP header). Reporting = sk->sk_err = err, then
	 *    sk->sk_error_report(sk) (wakes a sleeping recv, poll's POLLERR).
	 *
	 * Until you write it, every ICMP error about a UDP datagram is
	 * ignored.
	 */
	(void)skb;
	(void)info;
	(void)udptable;
	return 0;
