	/*
	 * LAB 1, part 3 — skb_put(): add len bytes of data at the tail.
	 * Read Linux 5.0.1 net/core/skbuff.c:1700-1709 (and skb_over_panic,
	 * :110).
	 *
	 * Contract: tail and len grow by len; data does not move; return a
	 * pointer to where the new bytes go: the tail as it was before.
	 *
	 * Misuse: if tail + len would pass end (take care: tail + len is
	 * unsigned and may wrap), call skb_over_panic(skb, len, NULL) and
	 * return NULL. Unlike Linux, which moves first and panics
	 * after, check BEFORE you change anything: kmirror reports the misuse
	 * and the skb must be left exactly as it was.
	 */
	(void)skb;
	(void)len;
	return NULL;	/* LAB 1: replace with your code */
