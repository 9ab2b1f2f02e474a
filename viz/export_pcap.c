// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: a recording's packets as a pcapng file, written by the
 * runtime's one capture writer (kernel_mirror/runtime/pcap.c) so that it
 * reads like `kmirror trace --pcap`: each packet once, where its sender
 * put it on the wire (or, from a peer that is not a kmirror host, where a
 * host received it), on an interface named after that host and device.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <kmapi/wire.h>
#include "record.h"

#define VZ_PCAP_MAX_IFS	16

int vz_rec_export_pcap(const struct vz_rec *r, const char *path, char *err,
		       size_t errlen)
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
		const struct vz_ev *e = &r->evs[pk->ev_tx >= 0 ? pk->ev_tx : pk->ev_rx];
		const char *dev = e->dev ? e->dev : "?";

		for (k = 0; k < nifs; k++)
			if (ifs[k].host == e->host && !strcmp(ifs[k].dev, dev))
				break;
		if (k == nifs) {
			char name[64];

			if (nifs == VZ_PCAP_MAX_IFS)
				continue;
			snprintf(name, sizeof(name), "%s %s",
				 e->host >= 0 && e->host < r->nhosts ?
				 r->hosts[e->host].name : "world", dev);
			ifs[k].host = e->host;
			ifs[k].dev = dev;
			ifs[k].id = km_pcap_add_interface(p, name, NULL);
			nifs++;
		}
		km_pcap_write(p, ifs[k].id, e->time_ns, pk->ev_tx >= 0 ? 0 : 1,
			      r->bytes + pk->off, pk->len);
	}
	rc = km_pcap_close(p);
	if (rc)
		snprintf(err, errlen, "%s: %s", path, strerror(-rc));
	return rc;
}
