// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: a recording's packets as a pcapng file, written by the
 * runtime's one capture writer (kernel_mirror/runtime/pcap.c) so that it
 * reads like `kmirror trace --pcap`: each packet once, where its sender
 * put it on the wire (or, from a peer that is not a kmirror host, where a
 * host received it), on an interface named after that host and device;
 * or, for one host, every packet its device sent or received (the view of
 * tcpdump on that host, --pcap-host).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <kmapi/wire.h>
#include "record.h"

#define VZ_PCAP_MAX_IFS	16

static const char *ev_host(const struct vz_rec *r, int ev)
{
	int h = ev >= 0 ? r->evs[ev].host : -1;

	return h >= 0 && h < r->nhosts ? r->hosts[h].name : "world";
}

int vz_rec_export_pcap(const struct vz_rec *r, const char *path, char *err,
		       size_t errlen)
{
	return vz_rec_export_pcap_host(r, path, NULL, err, errlen);
}

int vz_rec_export_pcap_host(const struct vz_rec *r, const char *path,
			    const char *host, char *err, size_t errlen)
{
	struct {
		int		host;
		const char	*dev;
		int		id;
	} ifs[VZ_PCAP_MAX_IFS];
	int nifs = 0, i, k, rc = 0;
	struct km_pcap *p = km_pcap_open(path, &rc);

	if (!p) {
		snprintf(err, errlen, "%s: %s", path, strerror(-rc));
		return rc;
	}
	for (i = 0; i < r->npkts; i++) {
		const struct vz_pkt *pk = &r->pkts[i];
		int ev = pk->ev_tx >= 0 ? pk->ev_tx : pk->ev_rx;
		const struct vz_ev *e;
		const char *dev;

		if (host) {	/* the side of this packet that host saw */
			if (pk->ev_tx >= 0 && !strcmp(ev_host(r, pk->ev_tx), host))
				ev = pk->ev_tx;
			else if (pk->ev_rx >= 0 && !strcmp(ev_host(r, pk->ev_rx), host))
				ev = pk->ev_rx;
			else
				continue;
		}
		e = &r->evs[ev];
		dev = e->dev ? e->dev : "?";

		for (k = 0; k < nifs; k++)
			if (ifs[k].host == e->host && !strcmp(ifs[k].dev, dev))
				break;
		if (k == nifs) {
			char name[64];

			if (nifs == VZ_PCAP_MAX_IFS)
				continue;
			snprintf(name, sizeof(name), "%s %s", ev_host(r, ev), dev);
			ifs[k].host = e->host;
			ifs[k].dev = dev;
			ifs[k].id = km_pcap_add_interface(p, name, NULL);
			nifs++;
		}
		km_pcap_write(p, ifs[k].id, e->time_ns, ev == pk->ev_tx ? 0 : 1,
			      r->bytes + pk->off, pk->len);
	}
	rc = km_pcap_close(p);
	if (rc)
		snprintf(err, errlen, "%s: %s", path, strerror(-rc));
	return rc;
}
