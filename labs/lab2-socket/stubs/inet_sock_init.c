	/*
	 * LAB 2, part 2 — inet_create(): the fields of the new sock.
	 * Read Linux 5.0.1 net/ipv4/af_inet.c:325-376. sk was just
	 * allocated, zeroed, by sk_alloc(); answer_flags and protocol come
	 * from part 1 (after a match, protocol is never IPPROTO_IP: a
	 * wildcard request took the entry's protocol).
	 *
	 * In this order:
	 *  1. err = 0; an entry flagged INET_PROTOSW_REUSE makes
	 *     sk->sk_reuse = SK_CAN_REUSE;
	 *  2. inet = inet_sk(sk); is_icsk says whether the entry is flagged
	 *     INET_PROTOSW_ICSK (a connection socket); nodefrag = 0;
	 *  3. a SOCK_RAW socket is numbered by its protocol: inet_num =
	 *     protocol, and IPPROTO_RAW also means hdrincl = 1 (the user
	 *     writes the IP header);
	 *  4. pmtudisc: IP_PMTUDISC_DONT when the namespace's
	 *     sysctl_ip_no_pmtu_disc is set, else IP_PMTUDISC_WANT;
	 *     inet_id = 0;
	 *  5. sock_init_data(sock, sk): the generic part (it sets a default
	 *     sk_destruct, so what follows must come after it);
	 *  6. sk_destruct = inet_sock_destruct, sk_protocol = protocol,
	 *     sk_backlog_rcv = the protocol's backlog_rcv;
	 *  7. uc_ttl = -1 (use the ip_default_ttl sysctl), mc_loop = 1,
	 *     mc_ttl = 1, mc_all = 1, mc_index = 0, mc_list = NULL,
	 *     rcv_tos = 0;
	 *  8. a socket numbered already (raw) gets inet_sport = htons(inet_num)
	 *     and goes into its protocol's table with sk->sk_prot->hash(sk);
	 *     if that fails: sk_common_release(sk) and goto out with its err.
	 */
	(void)answer_flags;
	(void)inet;
	sk_free(sk);		/* LAB 2: replace with your code */
	err = -ENOSYS;
	goto out;
