	/*
	 * LAB 1, part 4 — skb_push(): put len bytes (a header) in front of
	 * the data. Read Linux 5.0.1 net/core/skbuff.c:1721-1728 (and
	 * skb_under_panic, :115).
	 *
	 * Contract: data moves back by len into the headroom, len grows by
	 * len, tail does not move; return the new data pointer (where the
	 * caller writes its header).
	 *
	 * Misuse: if len is more than the headroom, call
	 * skb_under_panic(skb, len, NULL) and return NULL, BEFORE
	 * anything changes (Linux moves first and panics after; kmirror
	 * reports and leaves the skb exactly as it was).
	 */
	(void)skb;
	(void)len;
	return NULL;	/* LAB 1: replace with your code */
