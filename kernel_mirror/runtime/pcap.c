// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror runtime: the one packet-capture writer (pcapng).
 *
 * Every file kmirror writes with packets in it — `trace --pcap`, the
 * visualizer's pcap export — comes from here. The format is pcapng: one
 * Interface Description Block per captured device, named after its host
 * ("client eth0"), so Wireshark shows which host saw each packet; frames
 * are raw IPv4 (LINKTYPE_RAW, exactly what a TUN device carries) with
 * nanosecond timestamps of the world clock.
 *
 * A capture is a tap on each device (a packet_type for ETH_P_ALL, as a
 * packet socket registers in Linux): dev_queue_xmit_nit() shows it what
 * the device sends, __netif_receive_skb_core() what it receives. The
 * device layer knows nothing of files.
 *
 * A device is tapped for the directions its caller asks: capturing only
 * what each host sends gives every packet once even when both ends of a
 * link are captured (seeing the same segment twice, Wireshark would call
 * the copy a retransmission).
 *
 * Errors: the first failed write is remembered; km_pcap_close() reports
 * it (or its own) as a negative errno, so a full disk is never silent.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <kmirror/host.h>
#include <kmirror/world.h>
#include <kmirror/runtime.h>
#include <kmplat/platform.h>
#include <kmapi/wire.h>

#define LINKTYPE_RAW		101

#define PCAPNG_SHB		0x0a0d0d0a
#define PCAPNG_IDB		0x00000001
#define PCAPNG_EPB		0x00000006
#define PCAPNG_BYTE_ORDER	0x1a2b3c4d

#define OPT_ENDOFOPT		0
#define OPT_SHB_USERAPPL	4
#define OPT_IF_NAME		2
#define OPT_IF_DESCRIPTION	3
#define OPT_IF_TSRESOL		9
#define OPT_EPB_FLAGS		2

#define KM_PCAP_MAX_TAPS	8
#define KM_PCAP_SNAPLEN		65535

struct km_pcap_tap {
	struct packet_type	pt;	/* ETH_P_ALL on one device */
	struct km_pcap		*pcap;
	int			ifid;
	unsigned int		dirs;	/* KM_PCAP_TX | KM_PCAP_RX */
};

/* A block is built here, then written in one piece (packets are at most
 * the snap length, options a few short strings). */
struct km_pcap_blk {
	unsigned char	b[KM_PCAP_SNAPLEN + 256];
	unsigned int	n;
};

struct km_pcap {
	void		*f;
	int		err;		/* first write error, -errno */
	unsigned long	count;
	int		nifs;
	long long	epoch_ns;	/* added to world time in the file */
	struct km_pcap_tap taps[KM_PCAP_MAX_TAPS];
	int		ntaps;
	struct km_pcap_blk blk;		/* the block being built */
};

static void blk_u16(struct km_pcap_blk *k, u16 v)
{
	memcpy(k->b + k->n, &v, 2);	/* host (little) endian, as the SHB says */
	k->n += 2;
}

static void blk_u32(struct km_pcap_blk *k, u32 v)
{
	memcpy(k->b + k->n, &v, 4);
	k->n += 4;
}

static void blk_bytes(struct km_pcap_blk *k, const void *p, unsigned int len)
{
	memcpy(k->b + k->n, p, len);
	k->n += len;
	while (k->n & 3)
		k->b[k->n++] = 0;
}

static void blk_opt(struct km_pcap_blk *k, u16 code, const void *p,
		    unsigned int len)
{
	blk_u16(k, code);
	blk_u16(k, (u16)len);
	blk_bytes(k, p, len);
}

static void blk_begin(struct km_pcap_blk *k, u32 type)
{
	k->n = 0;
	blk_u32(k, type);
	blk_u32(k, 0);		/* total length, filled in by blk_end */
}

static void blk_end(struct km_pcap *p, struct km_pcap_blk *k)
{
	u32 total = k->n + 4;
	int rc;

	memcpy(k->b + 4, &total, 4);
	blk_u32(k, total);
	if (p->err)
		return;
	rc = km_plat_fwrite(p->f, k->b, k->n);
	if (!rc)
		rc = km_plat_fflush(p->f);
	if (rc)
		p->err = rc;
}

struct km_pcap *km_pcap_open(const char *path, int *err)
{
	static const char appl[] = "kmirror";
	struct km_pcap_blk *k;
	struct km_pcap *p;
	void *f;

	f = km_plat_fopen(path, "wb", err);
	if (!f)
		return NULL;
	p = km_plat_alloc(sizeof(*p));
	memset(p, 0, sizeof(*p));
	p->f = f;
	/* A fixed, recognisable epoch so files are reproducible: 2019-03-10. */
	p->epoch_ns = 1552176000LL * NSEC_PER_SEC;

	k = &p->blk;
	blk_begin(k, PCAPNG_SHB);
	blk_u32(k, PCAPNG_BYTE_ORDER);
	blk_u16(k, 1);			/* version 1.0 */
	blk_u16(k, 0);
	blk_u32(k, 0xffffffff);		/* section length: not given */
	blk_u32(k, 0xffffffff);
	blk_opt(k, OPT_SHB_USERAPPL, appl, sizeof(appl) - 1);
	blk_u32(k, OPT_ENDOFOPT);
	blk_end(p, k);
	*err = p->err;
	return p;
}

int km_pcap_add_interface(struct km_pcap *p, const char *name,
			  const char *description)
{
	static const unsigned char nsec = 9;	/* if_tsresol: 10^-9 s */
	struct km_pcap_blk *k = &p->blk;

	blk_begin(k, PCAPNG_IDB);
	blk_u16(k, LINKTYPE_RAW);
	blk_u16(k, 0);
	blk_u32(k, KM_PCAP_SNAPLEN);
	blk_opt(k, OPT_IF_NAME, name, strlen(name));
	if (description)
		blk_opt(k, OPT_IF_DESCRIPTION, description, strlen(description));
	blk_opt(k, OPT_IF_TSRESOL, &nsec, 1);
	blk_u32(k, OPT_ENDOFOPT);
	blk_end(p, k);
	return p->nifs++;
}

void km_pcap_write(struct km_pcap *p, int ifid, long long t_ns, int dir,
		   const void *data, unsigned int len)
{
	struct km_pcap_blk *k;
	unsigned long long t = (unsigned long long)(t_ns + p->epoch_ns);
	u32 flags = dir ? 1 : 2;	/* epb_flags: inbound 1, outbound 2 */

	if (len > KM_PCAP_SNAPLEN)
		len = KM_PCAP_SNAPLEN;
	k = &p->blk;
	blk_begin(k, PCAPNG_EPB);
	blk_u32(k, ifid);
	blk_u32(k, (u32)(t >> 32));
	blk_u32(k, (u32)t);
	blk_u32(k, len);
	blk_u32(k, len);
	blk_bytes(k, data, len);
	blk_opt(k, OPT_EPB_FLAGS, &flags, 4);
	blk_u32(k, OPT_ENDOFOPT);
	blk_end(p, k);
	p->count++;
}

/* The tap's handler: a frame the device sends (PACKET_OUTGOING, from
 * dev_queue_xmit_nit) or receives. It only reads the skb. */
static int km_pcap_rcv(struct sk_buff *skb, struct net_device *dev,
		       struct packet_type *pt, struct net_device *orig_dev)
{
	struct km_pcap_tap *t = container_of(pt, struct km_pcap_tap, pt);
	int dir = skb->pkt_type == PACKET_OUTGOING ? 0 : 1;

	if (t->dirs & (dir ? KM_PCAP_RX : KM_PCAP_TX))
		km_pcap_write(t->pcap, t->ifid,
			      net_host(dev->nd_net)->world->now, dir,
			      skb->data, skb->len);
	return 0;
}

int km_pcap_attach(struct km_pcap *p, struct host *h, const char *dev,
		   unsigned int dirs)
{
	struct net_device *d = __dev_get_by_name(&h->net, dev);
	char name[KM_HOST_NAME_LEN + IFNAMSIZ + 2];
	char desc[KM_HOST_NAME_LEN + IFNAMSIZ + 64];
	struct km_pcap_tap *t;
	struct host *prev;

	if (!d)
		return -ENODEV;
	if (p->ntaps == KM_PCAP_MAX_TAPS || !list_empty(&d->ptype_all))
		return -EBUSY;
	snprintf(name, sizeof(name), "%s %s", h->name, d->name);
	snprintf(desc, sizeof(desc), "device %s of kmirror host %s (%s)",
		 d->name, h->name,
		 dirs == KM_PCAP_TX ? "frames it sends" :
		 dirs == KM_PCAP_RX ? "frames it receives" :
		 "frames it sends and receives");
	t = &p->taps[p->ntaps++];
	t->pt.type = htons(ETH_P_ALL);
	t->pt.dev = d;
	t->pt.func = km_pcap_rcv;
	t->pcap = p;
	t->dirs = dirs;
	t->ifid = km_pcap_add_interface(p, name, desc);
	prev = km_host_enter(h);
	dev_add_pack(&t->pt);
	km_host_leave(prev);
	return 0;
}

unsigned long km_pcap_count(const struct km_pcap *p)
{
	return p->count;
}

int km_pcap_close(struct km_pcap *p)
{
	int rc;

	if (!p)
		return 0;
	/* Stop capturing (the devices outlive the file). */
	while (p->ntaps > 0) {
		struct packet_type *pt = &p->taps[--p->ntaps].pt;
		struct host *prev = km_host_enter(net_host(pt->dev->nd_net));

		__dev_remove_pack(pt);
		km_host_leave(prev);
	}
	rc = km_plat_fclose(p->f);
	if (!p->err)
		p->err = rc;
	rc = p->err;
	km_plat_free(p);
	return rc;
}
