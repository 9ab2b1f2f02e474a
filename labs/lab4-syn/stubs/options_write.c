	/*
	 * Lab 4, Part B.3 — tcp_options_write(), up to the window scale.
	 * Read: Linux 5.0.1 net/ipv4/tcp_output.c:454-503 (MD5 is not
	 * mirrored; the SACK blocks below are written for you).
	 *
	 * Write the options *opts asks for as 32-bit words at ptr (network
	 * order; opt_word(b0, b1, b2, b3) builds one from its four bytes) and
	 * advance ptr past them, in Linux's order:
	 * - opts->mss not 0: kind TCPOPT_MSS, length TCPOLEN_MSS, the MSS;
	 * - OPTION_TS: one word SACK_PERM + TS kind/length when
	 *   OPTION_SACK_ADVERTISE is also asked for (then it is done), else
	 *   NOP NOP + TS kind/length; then tsval and tsecr;
	 * - OPTION_SACK_ADVERTISE still to do: NOP NOP SACK_PERM;
	 * - OPTION_WSCALE: NOP, kind TCPOPT_WINDOW, TCPOLEN_WINDOW, opts->ws.
	 * The number of bytes was fixed by tcp_syn_options (or
	 * tcp_established_options): write exactly that many.
	 *
	 * Until you write it, the option bytes are whatever the buffer held
	 * (0x5a: freshly allocated memory).
	 */
