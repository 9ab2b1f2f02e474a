	/*
	 * LAB 1, part 2 — skb_reserve(): make headroom in an empty skb.
	 * Read Linux 5.0.1 include/linux/skbuff.h:2238-2242.
	 *
	 * Move data and tail forward by len (the check above already made
	 * sure they stay inside the buffer). Nothing else changes: len stays
	 * 0, end does not move. Callers reserve room for the headers they
	 * will skb_push() later (TCP reserves MAX_TCP_HEADER, net/ipv4/tcp.c:885).
	 */
	/* LAB 1: your two lines here */
