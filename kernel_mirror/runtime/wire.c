// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror runtime: test wires and host-to-host links — the backends
 * behind a device's ndo_start_xmit. See kmapi/wire.h.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <kmirror/host.h>
#include <kmirror/world.h>
#include <kmirror/runtime.h>
#include <kmplat/platform.h>
#include <kmapi/wire.h>

struct km_frame {
	struct km_frame	*next;
	long long	t;
	unsigned int	len;
	unsigned char	data[];
};

struct km_wire {
	struct host		*host;
	struct net_device	*dev;
	struct km_frame		*head, *tail;
	int			npending;
	bool			keep;
	km_wire_tx_fn		tx_fn;
	void			*tx_ctx;
};

static void wire_free(void *ctx)
{
	struct km_wire *w = ctx;

	km_wire_clear(w);
	km_plat_free(w);
}

static netdev_tx_t wire_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct km_wire *w = dev->km_backend;
	struct km_world *world = w->host->world;

	if (w->keep) {
		struct km_frame *f = km_plat_alloc(sizeof(*f) + skb->len);

		f->t = world->now;
		f->len = skb->len;
		memcpy(f->data, skb->data, skb->len);
		if (w->tail)
			w->tail->next = f;
		else
			w->head = f;
		w->tail = f;
		w->npending++;
	}
	if (w->tx_fn)
		w->tx_fn(w->tx_ctx, w, skb->data, skb->len);
	consume_skb(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops wire_ops = {
	.ndo_start_xmit = wire_xmit,
};

struct km_wire *km_wire_new(struct host *h, const char *dev, unsigned int mtu)
{
	struct km_wire *w = km_plat_alloc(sizeof(*w));

	w->host = h;
	w->keep = true;
	w->dev = km_dev_alloc(h, dev, mtu ? mtu : 1500, IFF_NOARP, &wire_ops, w);
	km_world_add_cleanup(h->world, wire_free, w);
	return w;
}

int km_wire_pending(const struct km_wire *w)
{
	return w->npending;
}

long long km_wire_peek_time(const struct km_wire *w)
{
	return w->head ? w->head->t : -1;
}

int km_wire_recv(struct km_wire *w, void *buf, size_t cap)
{
	struct km_frame *f = w->head;
	int len;

	if (!f)
		return -1;
	w->head = f->next;
	if (!w->head)
		w->tail = NULL;
	w->npending--;
	len = (int)f->len;
	memcpy(buf, f->data, f->len < cap ? f->len : cap);
	km_plat_free(f);
	return len;
}

void km_wire_clear(struct km_wire *w)
{
	unsigned char tmp[1];

	while (w->head)
		km_wire_recv(w, tmp, 0);
}

void km_wire_inject(struct km_wire *w, const void *frame, size_t len)
{
	km_dev_rx(w->dev, frame, (unsigned int)len);
}

static void wire_deliver(void *ctx, void *data, unsigned int len)
{
	struct km_wire *w = ctx;

	km_dev_rx(w->dev, data, len);
}

void km_wire_inject_at(struct km_wire *w, long long delay_ns, const void *frame,
		       size_t len)
{
	struct km_world *world = w->host->world;

	km_world_schedule(world, world->now + delay_ns, wire_deliver, w, frame,
			  (unsigned int)len);
}

void km_wire_set_tx_hook(struct km_wire *w, km_wire_tx_fn fn, void *ctx)
{
	w->tx_fn = fn;
	w->tx_ctx = ctx;
}

void km_wire_set_keep(struct km_wire *w, bool keep)
{
	w->keep = keep;
}

struct host *km_wire_host(const struct km_wire *w)
{
	return w->host;
}

struct net_device *km_wire_dev(const struct km_wire *w)
{
	return w->dev;
}

/* ---- links ---- */

#define KM_MAX_IMPAIR 16

struct km_impair {
	int		dir;
	int		nth;
	unsigned int	tcp_flags;
	int		kind;
	long long	arg;
	int		seen;
};

struct km_link_end {
	struct km_link		*link;
	struct net_device	*dev;
	int			dir;	/* frames sent from this end */
};

struct km_link {
	struct km_world		*world;
	struct km_link_end	end[2];
	long long		delay;
	struct km_impair	imp[KM_MAX_IMPAIR];
	int			nimp;
	unsigned long		frames[2];
	unsigned long		dropped;
	/* a frame held back for reordering, per direction */
	unsigned char		*held[2];
	unsigned int		held_len[2];
};

static void link_deliver(void *ctx, void *data, unsigned int len)
{
	struct km_link_end *to = ctx;

	km_dev_rx(to->dev, data, len);
}

static bool impair_matches(struct km_impair *im, int dir, const unsigned char *f,
			   unsigned int len)
{
	if (im->dir >= 0 && im->dir != dir)
		return false;
	if (im->tcp_flags) {
		unsigned int ihl;

		if (len < 20 || f[9] != 6)
			return false;
		ihl = (f[0] & 0xf) * 4;
		if (len < ihl + 14 || f[ihl + 13] != im->tcp_flags)
			return false;
	}
	im->seen++;
	return im->nth == 0 || im->seen == im->nth;
}

static netdev_tx_t link_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct km_link_end *from = dev->km_backend;
	struct km_link *l = from->link;
	struct km_link_end *to = &l->end[!from->dir];
	int dir = from->dir;
	long long at = l->world->now + l->delay;
	int copies = 1, i;
	bool reorder = false;
	unsigned char *buf = km_plat_alloc(skb->len ? skb->len : 1);
	unsigned int len = skb->len;

	memcpy(buf, skb->data, len);
	consume_skb(skb);
	l->frames[dir]++;

	for (i = 0; i < l->nimp; i++) {
		struct km_impair *im = &l->imp[i];

		if (!impair_matches(im, dir, buf, len))
			continue;
		switch (im->kind) {
		case KM_IMPAIR_DROP:
			l->dropped++;
			km_plat_free(buf);
			return NETDEV_TX_OK;
		case KM_IMPAIR_DUP:
			copies = 2;
			break;
		case KM_IMPAIR_DELAY:
			at += im->arg;
			break;
		case KM_IMPAIR_REORDER:
			reorder = true;
			break;
		case KM_IMPAIR_CORRUPT:
			if (len)
				buf[(im->arg / 8) % len] ^= (unsigned char)(1u << (im->arg % 8));
			break;
		}
	}
	if (reorder && !l->held[dir]) {
		l->held[dir] = buf;
		l->held_len[dir] = len;
		return NETDEV_TX_OK;
	}
	for (i = 0; i < copies; i++)
		km_world_schedule(l->world, at, link_deliver, to, buf, len);
	if (l->held[dir]) {
		km_world_schedule(l->world, at, link_deliver, to, l->held[dir],
				  l->held_len[dir]);
		km_plat_free(l->held[dir]);
		l->held[dir] = NULL;
	}
	km_plat_free(buf);
	return NETDEV_TX_OK;
}

static const struct net_device_ops link_ops = {
	.ndo_start_xmit = link_xmit,
};

static void link_free(void *ctx)
{
	struct km_link *l = ctx;

	km_world_cancel_ctx(l->world, &l->end[0]);
	km_world_cancel_ctx(l->world, &l->end[1]);
	km_plat_free(l->held[0]);
	km_plat_free(l->held[1]);
	km_plat_free(l);
}

struct km_link *km_link_new(struct km_world *w, struct host *a, const char *deva,
			    struct host *b, const char *devb, unsigned int mtu,
			    long long delay_ns)
{
	struct km_link *l = km_plat_alloc(sizeof(*l));

	l->world = w;
	l->delay = delay_ns;
	l->end[0].link = l;
	l->end[0].dir = 0;
	l->end[0].dev = km_dev_alloc(a, deva, mtu, IFF_NOARP, &link_ops, &l->end[0]);
	l->end[1].link = l;
	l->end[1].dir = 1;
	l->end[1].dev = km_dev_alloc(b, devb, mtu, IFF_NOARP, &link_ops, &l->end[1]);
	km_world_add_cleanup(w, link_free, l);
	return l;
}

int km_link_impair(struct km_link *l, int dir, int nth, unsigned int tcp_flags,
		   int kind, long long arg)
{
	struct km_impair *im;

	if (l->nimp >= KM_MAX_IMPAIR)
		return -1;
	im = &l->imp[l->nimp++];
	im->dir = dir;
	im->nth = nth;
	im->tcp_flags = tcp_flags;
	im->kind = kind;
	im->arg = arg;
	im->seen = 0;
	return 0;
}

void km_link_clear_impairments(struct km_link *l)
{
	l->nimp = 0;
}

unsigned long km_link_frames(const struct km_link *l, int dir)
{
	return l->frames[dir];
}

unsigned long km_link_dropped(const struct km_link *l)
{
	return l->dropped;
}
