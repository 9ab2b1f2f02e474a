/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: the capture tap every device passes its frames through. */
#ifndef _KM_PCAP_INTERNAL_H
#define _KM_PCAP_INTERNAL_H

struct net_device;
struct km_pcap;

void km_pcap_record(struct km_pcap *p, long long t_ns, const void *data,
		    unsigned int len);
long long km_pcap_dev_time(const struct net_device *dev);

static inline void km_pcap_dev(struct net_device *dev, int dir,
			       const void *data, unsigned int len)
{
	if (dev->km_pcap)
		km_pcap_record(dev->km_pcap, km_pcap_dev_time(dev), data, len);
}

#endif
