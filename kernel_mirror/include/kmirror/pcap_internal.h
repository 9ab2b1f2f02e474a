/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: the capture tap every device passes its frames through. */
#ifndef _KM_PCAP_INTERNAL_H
#define _KM_PCAP_INTERNAL_H

struct net_device;

/* dir: 0 sent, 1 received (dev->km_pcap is set). */
void km_pcap_record(struct net_device *dev, int dir, const void *data,
		    unsigned int len);

static inline void km_pcap_dev(struct net_device *dev, int dir,
			       const void *data, unsigned int len)
{
	if (dev->km_pcap)
		km_pcap_record(dev, dir, data, len);
}

#endif
