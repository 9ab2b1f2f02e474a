	/*
	 * LAB 2, part 1 — inet_create(): find the (type, protocol) pair.
	 * Read Linux 5.0.1 net/ipv4/af_inet.c:258-316 (the entries are
	 * inetsw_array[], :1082-1116, linked into inetsw[] by
	 * inet_register_protosw(), :1120).
	 *
	 * In this order:
	 *  1. protocol outside 0..IPPROTO_MAX-1: return -EINVAL;
	 *  2. sock->state = SS_UNCONNECTED;
	 *  3. walk inetsw[sock->type] (list_for_each_entry, member `list`)
	 *     with err starting at -ESOCKTNOSUPPORT (an empty list: the type
	 *     has no IPv4 protocol at all). For each entry, err = 0, then:
	 *       - protocol == answer->protocol: a match, unless both are
	 *         IPPROTO_IP (0);
	 *       - protocol is IPPROTO_IP: the caller takes the entry's
	 *         protocol — set protocol = answer->protocol — a match;
	 *       - the entry's protocol is IPPROTO_IP (a wildcard entry):
	 *         a match for any protocol;
	 *     no match: err = -EPROTONOSUPPORT and go on. After the loop, a
	 *     non-zero err goes to `out` (kmirror builds every protocol in:
	 *     there is no module to load and retry).
	 *  4. only then: a SOCK_RAW socket created by a user (!kern) needs
	 *     ns_capable(net->user_ns, CAP_NET_RAW), else -EPERM;
	 *  5. sock->ops, answer_prot and answer_flags from the entry found.
	 * Every failure leaves through `goto out` with err set.
	 */
	(void)kern;
	(void)answer;
	err = -ENOSYS;		/* LAB 2: replace with your code */
	goto out;
