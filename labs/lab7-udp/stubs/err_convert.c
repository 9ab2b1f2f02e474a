	/*
	 * Lab 7, Part B.3 — icmp_err_convert[]: what each Destination
	 * Unreachable code (RFC 792, RFC 1122 3.2.2.1, RFC 1812 5.2.7.1) means
	 * for a socket. Read: Linux 5.0.1 net/ipv4/icmp.c:118-186;
	 * include/uapi/linux/icmp.h for the codes.
	 *
	 * One entry per code 0..15 (NR_ICMP_UNREACH), in code order: .errno
	 * is the positive errno a socket reports, .fatal is 1 for a hard
	 * error (reported to a connected UDP socket even without IP_RECVERR,
	 * and fatal for an established TCP connection), 0 for a soft one
	 * (RFC 1122 says net unreachable, host unreachable and source route
	 * failed MUST be treated as transient). Both UDP (__udp4_lib_err) and
	 * TCP (tcp_v4_err) read this table.
	 *
	 * Until you fill it in, every code is a soft ENOSYS.
	 */
	{ .errno = ENOSYS, .fatal = 0 },	/* 0 ICMP_NET_UNREACH */
	{ .errno = ENOSYS, .fatal = 0 },	/* 1 ICMP_HOST_UNREACH */
	{ .errno = ENOSYS, .fatal = 0 },	/* 2 ICMP_PROT_UNREACH */
	{ .errno = ENOSYS, .fatal = 0 },	/* 3 ICMP_PORT_UNREACH */
	{ .errno = ENOSYS, .fatal = 0 },	/* 4 ICMP_FRAG_NEEDED */
	{ .errno = ENOSYS, .fatal = 0 },	/* 5 ICMP_SR_FAILED */
	{ .errno = ENOSYS, .fatal = 0 },	/* 6 ICMP_NET_UNKNOWN */
	{ .errno = ENOSYS, .fatal = 0 },	/* 7 ICMP_HOST_UNKNOWN */
	{ .errno = ENOSYS, .fatal = 0 },	/* 8 ICMP_HOST_ISOLATED */
	{ .errno = ENOSYS, .fatal = 0 },	/* 9 ICMP_NET_ANO */
	{ .errno = ENOSYS, .fatal = 0 },	/* 10 ICMP_HOST_ANO */
	{ .errno = ENOSYS, .fatal = 0 },	/* 11 ICMP_NET_UNR_TOS */
	{ .errno = ENOSYS, .fatal = 0 },	/* 12 ICMP_HOST_UNR_TOS */
	{ .errno = ENOSYS, .fatal = 0 },	/* 13 ICMP_PKT_FILTERED */
	{ .errno = ENOSYS, .fatal = 0 },	/* 14 ICMP_PREC_VIOLATION */
	{ .errno = ENOSYS, .fatal = 0 },	/* 15 ICMP_PREC_CUTOFF */
