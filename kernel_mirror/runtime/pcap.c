// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror runtime: pcap capture of device frames (LINKTYPE_RAW, 101):
 * raw IPv4 packets, exactly as a TUN device carries them, with the world
 * clock as timestamps. Wireshark and tshark open these files directly.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/netdevice.h>
#include <kmirror/host.h>
#include <kmirror/world.h>
#include <kmirror/runtime.h>
#include <kmirror/platform.h>
#include <kmirror/pcap_internal.h>
#include <kmapi/wire.h>

#define LINKTYPE_RAW 101

#define KM_PCAP_MAX_DEVS	8

struct km_pcap {
	void		*f;
	unsigned long	count;
	long long	epoch_ns;	/* added to world time in the file */
	struct net_device *devs[KM_PCAP_MAX_DEVS];	/* attached to */
	int		ndevs;
};

static void put32(unsigned char *p, u32 v)
{
	memcpy(p, &v, 4);	/* the file is written in host (little) endian */
}

struct km_pcap *km_pcap_open(const char *path)
{
	struct km_pcap *p;
	unsigned char hdr[24];
	void *f = km_plat_fopen(path, "wb");

	if (!f)
		return NULL;
	p = km_plat_alloc(sizeof(*p));
	p->f = f;
	/* A fixed, recognisable epoch so files are reproducible: 2019-03-10. */
	p->epoch_ns = 1552176000LL * NSEC_PER_SEC;
	put32(hdr, 0xa1b23c4d);		/* nanosecond-resolution pcap */
	hdr[4] = 2; hdr[5] = 0;		/* version 2.4 */
	hdr[6] = 4; hdr[7] = 0;
	put32(hdr + 8, 0);
	put32(hdr + 12, 0);
	put32(hdr + 16, 65535);
	put32(hdr + 20, LINKTYPE_RAW);
	km_plat_fwrite(f, hdr, sizeof(hdr));
	return p;
}

void km_pcap_record(struct km_pcap *p, long long t_ns, const void *data,
		    unsigned int len)
{
	unsigned char rec[16];
	long long t = t_ns + p->epoch_ns;

	put32(rec, (u32)(t / NSEC_PER_SEC));
	put32(rec + 4, (u32)(t % NSEC_PER_SEC));
	put32(rec + 8, len);
	put32(rec + 12, len);
	km_plat_fwrite(p->f, rec, sizeof(rec));
	km_plat_fwrite(p->f, data, len);
	km_plat_fflush(p->f);
	p->count++;
}

long long km_pcap_dev_time(const struct net_device *dev)
{
	return net_host(dev->nd_net)->world->now;
}

int km_pcap_attach(struct km_pcap *p, struct host *h, const char *dev)
{
	struct net_device *d = __dev_get_by_name(&h->net, dev);

	if (!d)
		return -ENODEV;
	if (p->ndevs == KM_PCAP_MAX_DEVS)
		return -ENOSPC;
	d->km_pcap = p;
	p->devs[p->ndevs++] = d;
	return 0;
}

unsigned long km_pcap_count(const struct km_pcap *p)
{
	return p->count;
}

void km_pcap_close(struct km_pcap *p)
{
	if (!p)
		return;
	/* Stop capturing (the devices outlive the file). */
	while (p->ndevs > 0) {
		struct net_device *d = p->devs[--p->ndevs];

		if (d->km_pcap == p)
			d->km_pcap = NULL;
	}
	km_plat_fclose(p->f);
	km_plat_free(p);
}
