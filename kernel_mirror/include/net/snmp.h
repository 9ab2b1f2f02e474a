/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: include/net/snmp.h and ip.h's stats macros — per-host counters. */
#ifndef _KM_NET_SNMP_H
#define _KM_NET_SNMP_H

#include <uapi/linux/snmp.h>

struct netns_mib {
	unsigned long ip_statistics[__IPSTATS_MIB_MAX];
	unsigned long icmp_statistics[__ICMP_MIB_MAX];
	unsigned long tcp_statistics[__TCP_MIB_MAX];
	unsigned long udp_statistics[__UDP_MIB_MAX];
	unsigned long net_statistics[__LINUX_MIB_MAX];
};

#define __IP_INC_STATS(net, field)	((net)->mib.ip_statistics[field]++)
#define IP_INC_STATS(net, field)	__IP_INC_STATS(net, field)
#define __IP_ADD_STATS(net, field, v)	((net)->mib.ip_statistics[field] += (v))
#define IP_ADD_STATS(net, field, v)	__IP_ADD_STATS(net, field, v)
/* Packets and octets together: field##PKTS += 1, field##OCTETS += val. */
#define IP_UPD_PO_STATS(net, field, val)			\
	do {							\
		(net)->mib.ip_statistics[field##PKTS]++;	\
		(net)->mib.ip_statistics[field##OCTETS] += (val); \
	} while (0)
#define __IP_UPD_PO_STATS IP_UPD_PO_STATS
#define __ICMP_INC_STATS(net, field)	((net)->mib.icmp_statistics[field]++)
#define ICMP_INC_STATS(net, field)	__ICMP_INC_STATS(net, field)
#define __TCP_INC_STATS(net, field)	((net)->mib.tcp_statistics[field]++)
#define TCP_INC_STATS(net, field)	__TCP_INC_STATS(net, field)
#define TCP_DEC_STATS(net, field)	((net)->mib.tcp_statistics[field]--)
#define __TCP_ADD_STATS(net, field, v)	((net)->mib.tcp_statistics[field] += (v))
#define TCP_ADD_STATS(net, field, v)	__TCP_ADD_STATS(net, field, v)
#define __UDP_INC_STATS(net, field, is_udplite) ((net)->mib.udp_statistics[field]++)
#define UDP_INC_STATS(net, field, is_udplite) __UDP_INC_STATS(net, field, is_udplite)
#define __NET_INC_STATS(net, field)	((net)->mib.net_statistics[field]++)
#define NET_INC_STATS(net, field)	__NET_INC_STATS(net, field)
#define __NET_ADD_STATS(net, field, v)	((net)->mib.net_statistics[field] += (v))
#define NET_ADD_STATS(net, field, v)	__NET_ADD_STATS(net, field, v)

#endif
