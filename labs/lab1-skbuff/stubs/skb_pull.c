	/*
	 * LAB 1, part 5 — skb_pull(): strip len bytes (a header that has
	 * been read) from the front of the data. Read Linux 5.0.1
	 * net/core/skbuff.c:1741-1744 and include/linux/skbuff.h:2154-2164
	 * (__skb_pull, skb_pull_inline).
	 *
	 * Contract: if len is more than skb->len, return NULL and
	 * change nothing. Otherwise len shrinks by len and data moves forward
	 * by len; return the new data pointer. If len then fell below
	 * data_len (paged data, never the case in kmirror) Linux BUG()s:
	 * call skb_pull_panic(skb, len) and return NULL.
	 */
	(void)skb;
	(void)len;
	return NULL;	/* LAB 1: replace with your code */
