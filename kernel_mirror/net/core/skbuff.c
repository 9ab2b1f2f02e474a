// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/core/skbuff.c (Linux 5.0.1) — allocating, cloning, shaping
 * and freeing socket buffers.
 *
 * The data buffer comes from kmalloc() with its size rounded up to the
 * kmalloc class, as in Linux, and skb_shared_info sits at its end. TCP
 * allocates "fast clones" (alloc_skb_fclone): the original and a spare
 * sk_buff for the copy tcp_transmit_skb() sends, in one allocation.
 *
 * Unlike Linux, where skb_put()/skb_push() check after moving and then
 * panic, kmirror checks first, so a misuse never touches memory: it is
 * reported (naming the skb by id and the mirrored function that asked)
 * and handed to the host's BUG handler.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/skbuff.h>
#include <linux/netdevice.h>
#include <linux/interrupt.h>
#include <net/dst.h>
#include <net/sock.h>
#include <kmirror/host.h>
#include <kmirror/runtime.h>
#include <kmirror/trace.h>

#define skbuff_head_cache	(km_host()->skbuff_head_cache)
#define skbuff_fclone_cache	(km_host()->skbuff_fclone_cache)

unsigned int km_skb_id(const struct sk_buff *skb)
{
	return km_obj_id(km_host(), skb);
}

static void skb_panic(struct sk_buff *skb, unsigned int sz, const char *msg)
{
	char buf[256];

	snprintf(buf, sizeof(buf),
		 "%s: skb#%u len:%u %s:%u headroom:%u data:+%u tail:+%u end:+%u dev:%s",
		 msg, km_skb_id(skb), skb->len,
		 !strcmp(msg, "skb_pull_panic") ? "pull" : "put", sz,
		 skb_headroom(skb), (unsigned int)(skb->data - skb->head),
		 skb->tail, skb->end, skb->dev ? skb->dev->name : "<NULL>");
	km_bug(__FILE__, __LINE__, buf);
}

void skb_over_panic(struct sk_buff *skb, unsigned int sz, void *addr)
{
	skb_panic(skb, sz, "skb_over_panic");
}

void skb_under_panic(struct sk_buff *skb, unsigned int sz, void *addr)
{
	skb_panic(skb, sz, "skb_under_panic");
}

void skb_pull_panic(struct sk_buff *skb, unsigned int sz)
{
	skb_panic(skb, sz, "skb_pull_panic");
}

/*
 * __alloc_skb: an sk_buff from the head (or fclone) cache and a data
 * buffer of at least `size` bytes; data == tail == head, len 0.
 */
struct sk_buff *__alloc_skb(unsigned int size, gfp_t gfp_mask, int flags,
			    int node)
{
	KM_FUNC("net/core/skbuff.c:180",
		"Allocate an sk_buff and a data buffer of at least `size` bytes.");
	/* LAB 1 BEGIN: alloc_skb — the sk_buff and its data buffer */
	struct kmem_cache *cache;
	struct skb_shared_info *shinfo;
	struct sk_buff *skb;
	u8 *data;

	cache = (flags & SKB_ALLOC_FCLONE)
		? skbuff_fclone_cache : skbuff_head_cache;

	KM_STEP(196,
		"Take the sk_buff itself from skbuff_head_cache (or the fclone cache).");
	skb = kmem_cache_alloc(cache, gfp_mask);
	if (!skb)
		goto out;

	KM_STEP(206,
		"Size the data buffer: aligned payload plus skb_shared_info, from kmalloc.");
	size = SKB_DATA_ALIGN(size);
	size += SKB_DATA_ALIGN(sizeof(struct skb_shared_info));
	data = kmalloc(size, gfp_mask);
	if (!data)
		goto nodata;
	/* Use all the space the kmalloc size class really gave us. */
	size = SKB_WITH_OVERHEAD(ksize(data));

	KM_STEP(223,
		"Clear the header fields; head = data = tail at the buffer start; end after the payload area.");
	memset(skb, 0, offsetof(struct sk_buff, tail));
	skb->truesize = SKB_TRUESIZE(size);
	refcount_set(&skb->users, 1);
	skb->head = data;
	skb->data = data;
	skb_reset_tail_pointer(skb);
	skb->end = skb->tail + size;
	skb->mac_header = (__typeof__(skb->mac_header))~0U;
	skb->transport_header = (__typeof__(skb->transport_header))~0U;

	shinfo = skb_shinfo(skb);
	memset(shinfo, 0, offsetof(struct skb_shared_info, dataref));
	atomic_set(&shinfo->dataref, 1);

	if (flags & SKB_ALLOC_FCLONE) {
		struct sk_buff_fclones *fclones;

		KM_STEP(243,
			"A fast-clone pair: this is the original; its spare twin waits for skb_clone().");
		fclones = container_of(skb, struct sk_buff_fclones, skb1);

		skb->fclone = SKB_FCLONE_ORIG;
		refcount_set(&fclones->fclone_ref, 1);

		fclones->skb2.fclone = SKB_FCLONE_CLONE;
	}
out:
	return skb;
nodata:
	kmem_cache_free(cache, skb);
	skb = NULL;
	goto out;
	/* LAB 1 END: alloc_skb */
}

struct sk_buff *__netdev_alloc_skb(struct net_device *dev, unsigned int len,
				   gfp_t gfp_mask)
{
	KM_FUNC("net/core/skbuff.c:393",
		"Allocate a receive skb for a device, with NET_SKB_PAD bytes of headroom.");
	struct sk_buff *skb;

	len += NET_SKB_PAD;
	skb = __alloc_skb(len, gfp_mask, SKB_ALLOC_RX, -1);
	if (!skb)
		return NULL;
	skb_reserve(skb, NET_SKB_PAD);
	skb->dev = dev;
	return skb;
}

void skb_dst_drop(struct sk_buff *skb)
{
	KM_FUNC("include/net/dst.h:279",
		"Drop the skb's route, releasing the reference it held (if it held one).");
	if (skb->_skb_refdst) {
		if (!(skb->_skb_refdst & SKB_DST_NOREF))
			dst_release(skb_dst(skb));
		skb->_skb_refdst = 0UL;
	}
}

/*
 * skb_free_head, skb_release_data, skb_release_all and kfree_skbmem carry
 * no trace points: they run while the skb is half torn down (its data
 * buffer already freed), so a field snapshot at their entry or exit would
 * read freed memory. __kfree_skb and kfree_skb around them are traced.
 */
static void skb_free_head(struct sk_buff *skb)
{
	kfree(skb->head);
	/*
	 * kmirror only: Linux leaves the stale pointer. Clearing it tells the
	 * tracer this skb has no buffer any more, so no snapshot can read
	 * the freed memory.
	 */
	skb->head = NULL;
}

static void skb_release_data(struct sk_buff *skb)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);

	/* A clone shares the buffer: only the last user frees it. */
	if (skb->cloned && atomic_dec_return(&shinfo->dataref))
		return;
	skb_free_head(skb);
}

static void kfree_skbmem(struct sk_buff *skb)
{
	struct sk_buff_fclones *fclones;

	switch (skb->fclone) {
	case SKB_FCLONE_UNAVAILABLE:
		kmem_cache_free(skbuff_head_cache, skb);
		return;

	case SKB_FCLONE_ORIG:
		fclones = container_of(skb, struct sk_buff_fclones, skb1);
		/* the sent copy is already gone: the pair is ours alone */
		if (refcount_read(&fclones->fclone_ref) == 1)
			goto fastpath;
		break;

	default: /* SKB_FCLONE_CLONE */
		fclones = container_of(skb, struct sk_buff_fclones, skb2);
		/* kmirror: the twin had its own id while in use. */
		km_obj_unregister(km_host(), &fclones->skb2);
		break;
	}
	if (!refcount_dec_and_test(&fclones->fclone_ref))
		return;
fastpath:
	kmem_cache_free(skbuff_fclone_cache, fclones);
}

void skb_release_head_state(struct sk_buff *skb)
{
	KM_FUNC("net/core/skbuff.c:613",
		"Drop the route and run the destructor (which gives memory back to the owning socket).");
	skb_dst_drop(skb);
	if (skb->destructor) {
		WARN_ON(in_irq());
		skb->destructor(skb);
	}
}

static void skb_release_all(struct sk_buff *skb)
{
	skb_release_head_state(skb);
	if (likely(skb->head))
		skb_release_data(skb);
}

void __kfree_skb(struct sk_buff *skb)
{
	KM_FUNC("net/core/skbuff.c:643",
		"Free an skb: run its destructor, drop the data buffer reference, free the head.");
	skb_release_all(skb);
	kfree_skbmem(skb);
}

/* Drop a reference; the last one frees the skb. */
void kfree_skb(struct sk_buff *skb)
{
	KM_FUNC("net/core/skbuff.c:657",
		"Drop one reference to an skb (a drop); the last reference frees it.");
	if (!skb_unref(skb))
		return;
	__kfree_skb(skb);
}

/* Same as kfree_skb, for packets that were used, not dropped. */
void consume_skb(struct sk_buff *skb)
{
	KM_FUNC("net/core/skbuff.c:699",
		"Release an skb that did its job (not a drop).");
	if (!skb_unref(skb))
		return;
	__kfree_skb(skb);
}

static void __copy_skb_header(struct sk_buff *new, const struct sk_buff *old)
{
	KM_FUNC("net/core/skbuff.c:796",
		"Copy the header fields (device, cb, route, checksum state, header offsets) to a new skb.");
	new->tstamp		= old->tstamp;
	new->dev		= old->dev;
	memcpy(new->cb, old->cb, sizeof(old->cb));
	new->_skb_refdst	= old->_skb_refdst;
	if (new->_skb_refdst && !(new->_skb_refdst & SKB_DST_NOREF))
		dst_hold(skb_dst(new));
	new->pkt_type		= old->pkt_type;
	new->ignore_df		= old->ignore_df;
	new->ip_summed		= old->ip_summed;
	new->csum		= old->csum;
	new->priority		= old->priority;
	new->skb_iif		= old->skb_iif;
	new->hash		= old->hash;
	new->mark		= old->mark;
	new->protocol		= old->protocol;
	new->transport_header	= old->transport_header;
	new->network_header	= old->network_header;
	new->mac_header		= old->mac_header;
	new->queue_mapping	= old->queue_mapping;
}

static struct sk_buff *__skb_clone(struct sk_buff *n, struct sk_buff *skb)
{
	KM_FUNC("net/core/skbuff.c:848",
		"Make n a clone of skb: same data buffer (dataref + 1), own header, no socket.");
	n->next = n->prev = NULL;
	n->sk = NULL;
	__copy_skb_header(n, skb);

	n->len = skb->len;
	n->data_len = skb->data_len;
	n->mac_len = skb->mac_len;
	n->hdr_len = skb->nohdr ? skb_headroom(skb) : skb->hdr_len;
	n->cloned = 1;
	n->nohdr = 0;
	n->peeked = 0;
	n->destructor = NULL;
	n->tail = skb->tail;
	n->end = skb->end;
	n->head = skb->head;
	n->head_frag = skb->head_frag;
	n->data = skb->data;
	n->truesize = skb->truesize;
	refcount_set(&n->users, 1);

	atomic_inc(&(skb_shinfo(skb)->dataref));
	skb->cloned = 1;

	return n;
}

/*
 * skb_clone: a second sk_buff sharing the same data. TCP keeps the
 * original on its retransmit queue and sends the clone.
 */
struct sk_buff *skb_clone(struct sk_buff *skb, gfp_t gfp_mask)
{
	KM_FUNC("net/core/skbuff.c:1271",
		"Make a second sk_buff that shares this one's data buffer.");
	struct sk_buff_fclones *fclones = container_of(skb,
						       struct sk_buff_fclones,
						       skb1);
	struct sk_buff *n;

	if (skb->fclone == SKB_FCLONE_ORIG &&
	    refcount_read(&fclones->fclone_ref) == 1) {
		KM_STEP(1283,
			"Use the fast-clone twin allocated alongside the original.");
		n = &fclones->skb2;
		refcount_set(&fclones->fclone_ref, 2);
		memset(n, 0, offsetof(struct sk_buff, tail));
		n->fclone = SKB_FCLONE_CLONE;
		km_obj_register(km_host(), n, KM_ID_SKB, KM_OBJ_SKB, NULL);
	} else {
		KM_STEP(1289, "No free twin: allocate a new sk_buff head.");
		n = kmem_cache_alloc(skbuff_head_cache, gfp_mask);
		if (!n)
			return n;
		n->fclone = SKB_FCLONE_UNAVAILABLE;
	}

	KM_STEP(1296,
		"Copy the header fields and point at the same data; dataref counts both users.");
	return __skb_clone(n, skb);
}

void *skb_put(struct sk_buff *skb, unsigned int len)
{
	KM_FUNC("net/core/skbuff.c:1700",
		"Extend the data at the tail by len bytes (into the tailroom).");
	/* LAB 1 BEGIN: skb_put — add data at the tail */
	void *tmp = skb_tail_pointer(skb);

	if (unlikely(skb->tail + len > skb->end || skb->tail + len < skb->tail)) {
		skb_over_panic(skb, len, NULL);
		return NULL;
	}
	skb->tail += len;
	skb->len  += len;
	return tmp;
	/* LAB 1 END: skb_put */
}

void *skb_push(struct sk_buff *skb, unsigned int len)
{
	KM_FUNC("net/core/skbuff.c:1721",
		"Prepend len bytes (a header) by moving data back into the headroom.");
	/* LAB 1 BEGIN: skb_push — add a header in front */
	if (unlikely(len > skb_headroom(skb))) {
		skb_under_panic(skb, len, NULL);
		return NULL;
	}
	skb->data -= len;
	skb->len  += len;
	return skb->data;
	/* LAB 1 END: skb_push */
}

void *skb_pull(struct sk_buff *skb, unsigned int len)
{
	KM_FUNC("net/core/skbuff.c:1741",
		"Strip len bytes (a header that has been read) from the front of the data.");
	/* LAB 1 BEGIN: skb_pull — strip a header from the front */
	if (unlikely(len > skb->len))
		return NULL;
	skb->len -= len;
	if (unlikely(skb->len < skb->data_len)) {
		skb_pull_panic(skb, len);
		return NULL;
	}
	return skb->data += len;
	/* LAB 1 END: skb_pull */
}

void skb_trim(struct sk_buff *skb, unsigned int len)
{
	KM_FUNC("net/core/skbuff.c:1756",
		"Cut the skb's data down to len bytes.");
	if (skb->len > len) {
		skb->len = len;
		skb_set_tail_pointer(skb, len);
	}
}

int skb_copy_bits(const struct sk_buff *skb, int offset, void *to, int len)
{
	KM_FUNC("net/core/skbuff.c:2027",
		"Copy bytes out of an skb's data into a buffer.");
	if (offset < 0 || len < 0 || offset + len > (int)skb_headlen(skb))
		return -EFAULT;
	memcpy(to, skb->data + offset, len);
	return 0;
}

/* A private, writable copy of an skb and its data. */
struct sk_buff *skb_copy(const struct sk_buff *skb, gfp_t gfp_mask)
{
	KM_FUNC("net/core/skbuff.c:1350",
		"Make a private, writable copy of an skb and its data.");
	int headerlen = skb_headroom(skb);
	unsigned int size = skb_end_offset(skb);
	struct sk_buff *n = __alloc_skb(size, gfp_mask, 0, -1);

	if (!n)
		return NULL;
	skb_reserve(n, headerlen);
	skb_put(n, skb->len);
	memcpy(n->head, skb->head, headerlen + skb->len);
	__copy_skb_header(n, skb);
	return n;
}

void skb_queue_tail(struct sk_buff_head *list, struct sk_buff *newsk)
{
	KM_FUNC("net/core/skbuff.c:2968",
		"Append an skb to a queue (Linux takes the queue's lock).");
	__skb_queue_tail(list, newsk);
}

void skb_queue_head(struct sk_buff_head *list, struct sk_buff *newsk)
{
	KM_FUNC("net/core/skbuff.c:2947",
		"Put an skb at the front of a queue.");
	__skb_queue_head(list, newsk);
}

struct sk_buff *skb_dequeue(struct sk_buff_head *list)
{
	KM_FUNC("net/core/skbuff.c:2862",
		"Take the first skb off a queue.");
	return __skb_dequeue(list);
}

void skb_unlink(struct sk_buff *skb, struct sk_buff_head *list)
{
	KM_FUNC("net/core/skbuff.c:2988",
		"Remove an skb from the queue it is on.");
	__skb_unlink(skb, list);
}

void skb_queue_purge(struct sk_buff_head *list)
{
	KM_FUNC("net/core/skbuff.c:2902",
		"Free every skb on a queue.");
	struct sk_buff *skb;

	while ((skb = skb_dequeue(list)) != NULL)
		kfree_skb(skb);
}

/* Boot: the two sk_buff caches (Linux: skb_init, a core initcall). */
void skb_init(void)
{
	KM_FUNC("net/core/skbuff.c:3947",
		"Boot-time set-up of the two sk_buff caches (plain and fast-clone).");
	skbuff_head_cache = km_cache_create("skbuff_head_cache",
					    sizeof(struct sk_buff), KM_ID_SKB);
	skbuff_fclone_cache = km_cache_create("skbuff_fclone_cache",
					      sizeof(struct sk_buff_fclones),
					      KM_ID_SKB);
}
