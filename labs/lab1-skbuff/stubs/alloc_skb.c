	/*
	 * LAB 1, part 1 — __alloc_skb(): an sk_buff and its data buffer.
	 * Read Linux 5.0.1 net/core/skbuff.c:180-256 and the macros of
	 * include/linux/skbuff.h:228-239 (SKB_DATA_ALIGN, SKB_WITH_OVERHEAD,
	 * SKB_TRUESIZE).
	 *
	 * Contract:
	 *  - Take the sk_buff from skbuff_fclone_cache when flags has
	 *    SKB_ALLOC_FCLONE, else from skbuff_head_cache
	 *    (kmem_cache_alloc(cache, gfp_mask)); NULL if that fails.
	 *  - The data buffer: kmalloc(SKB_DATA_ALIGN(size) +
	 *    SKB_DATA_ALIGN(sizeof(struct skb_shared_info)), gfp_mask). If it
	 *    fails, give the sk_buff back to its cache and return NULL.
	 *  - kmalloc may give more than asked: the payload area is
	 *    SKB_WITH_OVERHEAD(ksize(data)) bytes, so that skb_shared_info
	 *    sits exactly at the end of the block.
	 *  - Clear the sk_buff up to (not including) its tail field; truesize
	 *    = SKB_TRUESIZE(payload area); one user; head = data = tail at
	 *    the start of the buffer; end after the payload area; mac_header
	 *    and transport_header "unset" (all ones).
	 *  - skb_shinfo(skb): zero it up to dataref, then dataref = 1.
	 *  - SKB_ALLOC_FCLONE: the skb is the first of a struct
	 *    sk_buff_fclones (container_of); mark it SKB_FCLONE_ORIG, set the
	 *    pair's fclone_ref to 1 and mark the second one SKB_FCLONE_CLONE.
	 *  - Return the skb (NULL on failure).
	 * You may add KM_STEP(line, "sentence") lines of your own.
	 */
	(void)size;
	(void)gfp_mask;
	(void)flags;
	(void)node;
	return NULL;	/* LAB 1: replace with your code */
