	/*
	 * LAB 3, part 2 — __inet_hash_connect(): choose connect()'s local port.
	 * Read Linux 5.0.1 net/ipv4/inet_hashtables.c:624-737.
	 *
	 * Contract:
	 *  - Already bound (inet_sk(sk)->inet_num != 0): the port is fixed;
	 *    return check_established(death_row, sk, port, NULL) (0, or
	 *    -EADDRNOTAVAIL when this 4-tuple is taken).
	 *  - Otherwise search [low, high] from inet_get_local_port_range():
	 *    remaining = high - low + 1, rounded down to even when > 1;
	 *    offset = (hint + port_offset) % remaining, rounded down to even
	 *    (hint is net_host(net)->inet_hash_connect_hint, shared by every
	 *    connect() of the host). Walk port = low + offset, i += 2,
	 *    port += 2, wrapping past high, for `remaining` ports; skip
	 *    inet_is_local_reserved_port(). Then offset + 1, the odd ports.
	 *  - For each port, look in its bind bucket chain
	 *    (hinfo->bhash[inet_bhashfn(...)]) for a bucket of this net,
	 *    l3mdev and port: a bucket made by bind() (fastreuse >= 0 or
	 *    fastreuseport >= 0) means skip; one made by connect() can be
	 *    shared if check_established(death_row, sk, port, &tw) returns 0.
	 *    No bucket: inet_bind_bucket_create() one (-ENOMEM if that fails)
	 *    and mark it fastreuse = fastreuseport = -1.
	 *  - Found: *hint += i + 2; inet_bind_hash(sk, tb, port); if the sock
	 *    is not hashed yet, set inet_sport = htons(port) and
	 *    inet_ehash_nolisten(sk, tw). Return 0.
	 *  - Nothing in either pass: return -EADDRNOTAVAIL.
	 * Locks: keep the spin_lock_bh/spin_unlock_bh pairs of the original
	 * (they cost nothing here, but keep the shape of the kernel).
	 */
	return -ENOSYS;	/* LAB 3: replace with your code */
