// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/protocol.c (Linux 5.0.1) — inet_protos[], IP's table of
 * transport handlers indexed by the IP header's protocol number. One
 * table per host (struct host::inet_protos).
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <net/protocol.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

#define inet_protos	(km_host()->inet_protos)

int inet_add_protocol(const struct net_protocol *prot, unsigned char protocol)
{
	KM_FUNC("net/ipv4/protocol.c:36",
		"Install a transport handler for an IP protocol number, if the slot is free.");
	if (!prot->netns_ok) {
		pr_err("Protocol %u is not namespace aware, cannot register.\n",
		       protocol);
		return -EINVAL;
	}
	if (inet_protos[protocol])
		return -1;
	inet_protos[protocol] = prot;
	return 0;
}

int inet_del_protocol(const struct net_protocol *prot, unsigned char protocol)
{
	KM_FUNC("net/ipv4/protocol.c:56",
		"Remove a transport protocol's receive handler from inet_protos[].");
	if (inet_protos[protocol] != prot)
		return -1;
	inet_protos[protocol] = NULL;
	return 0;
}
