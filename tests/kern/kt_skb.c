// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel-side test helpers for sk_buff management (tests/check_skb.c).
 * Compiled like the mirror (no libc), called from the Check suite with
 * plain types: each helper enters the host's CPU, does one operation and
 * reports the skb's geometry.
 */
#include <linux/kernel.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <kmirror/host.h>
#include "kt.h"

static struct host *enter(struct host *h)
{
	return km_host_enter(h);
}

void *kt_skb_alloc(struct host *h, unsigned int size, int fclone)
{
	struct host *prev = enter(h);
	struct sk_buff *skb = fclone ? alloc_skb_fclone(size, GFP_KERNEL) :
				       alloc_skb(size, GFP_KERNEL);

	km_host_leave(prev);
	return skb;
}

void kt_skb_geom(struct host *h, void *p, struct kt_skb_geom *g)
{
	struct host *prev = enter(h);
	struct sk_buff *skb = p;
	size_t i;

	g->len = skb->len;
	g->headroom = skb_headroom(skb);
	g->tailroom = skb_tailroom(skb);
	g->data_off = (unsigned int)(skb->data - skb->head);
	g->tail = skb->tail;
	g->end = skb->end;
	g->users = refcount_read(&skb->users);
	g->dataref = atomic_read(&skb_shinfo(skb)->dataref);
	g->cloned = skb->cloned;
	g->fclone = skb->fclone;
	g->truesize = skb->truesize;
	g->id = km_skb_id(skb);
	g->mac_header = skb->mac_header;
	g->network_header = skb->network_header;
	g->transport_header = skb->transport_header;
	g->data_len = skb->data_len;
	g->fclone_ref = g->twin_fclone = 0;
	if (skb->fclone == SKB_FCLONE_ORIG) {
		struct sk_buff_fclones *fc = container_of(skb, struct sk_buff_fclones,
							  skb1);

		g->fclone_ref = refcount_read(&fc->fclone_ref);
		g->twin_fclone = fc->skb2.fclone;
	}
	g->shinfo_dirty = 0;
	for (i = 0; i < offsetof(struct skb_shared_info, dataref); i++)
		if (((const unsigned char *)skb_shinfo(skb))[i])
			g->shinfo_dirty = 1;
	km_host_leave(prev);
}

void kt_skb_reserve(struct host *h, void *skb, int len)
{
	struct host *prev = enter(h);

	skb_reserve(skb, len);
	km_host_leave(prev);
}

void kt_skb_reset_transport_header(struct host *h, void *skb)
{
	(void)h;
	skb_reset_transport_header(skb);
}

void kt_skb_reset_network_header(struct host *h, void *skb)
{
	(void)h;
	skb_reset_network_header(skb);
}

void kt_skb_struct_sizes(unsigned int *skb, unsigned int *shinfo)
{
	*skb = sizeof(struct sk_buff);
	*shinfo = sizeof(struct skb_shared_info);
}

static long off_of(struct sk_buff *skb, void *p)
{
	return p ? (long)((unsigned char *)p - skb->head) : -1;
}

long kt_skb_put(struct host *h, void *skb, unsigned int len)
{
	struct host *prev = enter(h);
	long r = off_of(skb, skb_put(skb, len));

	km_host_leave(prev);
	return r;
}

long kt_skb_push(struct host *h, void *skb, unsigned int len)
{
	struct host *prev = enter(h);
	long r = off_of(skb, skb_push(skb, len));

	km_host_leave(prev);
	return r;
}

long kt_skb_pull(struct host *h, void *skb, unsigned int len)
{
	struct host *prev = enter(h);
	long r = off_of(skb, skb_pull(skb, len));

	km_host_leave(prev);
	return r;
}

void kt_skb_write(struct host *h, void *p, unsigned int off, const void *buf,
		  unsigned int len)
{
	struct sk_buff *skb = p;

	(void)h;
	memcpy(skb->data + off, buf, len);
}

void kt_skb_read(struct host *h, void *p, unsigned int off, void *buf,
		 unsigned int len)
{
	struct sk_buff *skb = p;

	(void)h;
	memcpy(buf, skb->data + off, len);
}

void *kt_skb_clone(struct host *h, void *skb)
{
	struct host *prev = enter(h);
	struct sk_buff *n = skb_clone(skb, GFP_ATOMIC);

	km_host_leave(prev);
	return n;
}

void *kt_skb_get(struct host *h, void *skb)
{
	struct host *prev = enter(h);

	skb_get(skb);
	km_host_leave(prev);
	return skb;
}

void kt_kfree_skb(struct host *h, void *skb)
{
	struct host *prev = enter(h);

	kfree_skb(skb);
	km_host_leave(prev);
}

void *kt_queue_new(struct host *h)
{
	struct host *prev = enter(h);
	struct sk_buff_head *q = kmalloc(sizeof(*q), GFP_KERNEL);

	skb_queue_head_init(q);
	km_host_leave(prev);
	return q;
}

void kt_queue_tail(struct host *h, void *q, void *skb)
{
	struct host *prev = enter(h);

	skb_queue_tail(q, skb);
	km_host_leave(prev);
}

void kt_queue_head(struct host *h, void *q, void *skb)
{
	struct host *prev = enter(h);

	skb_queue_head(q, skb);
	km_host_leave(prev);
}

void *kt_dequeue(struct host *h, void *q)
{
	struct host *prev = enter(h);
	struct sk_buff *skb = skb_dequeue(q);

	km_host_leave(prev);
	return skb;
}

unsigned int kt_queue_len(struct host *h, void *q)
{
	(void)h;
	return skb_queue_len((struct sk_buff_head *)q);
}

void kt_queue_purge_free(struct host *h, void *q)
{
	struct host *prev = enter(h);

	skb_queue_purge(q);
	kfree(q);
	km_host_leave(prev);
}

/* After a BUG() was caught with longjmp: leave the host's CPU, drop the
 * tracer frames the aborted functions left behind. */
void kt_bug_recover(struct host *h)
{
	(void)h;
	km_host_leave(NULL);
}
