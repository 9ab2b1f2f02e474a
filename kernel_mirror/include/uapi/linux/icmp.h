/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* kmirror: include/uapi/linux/icmp.h */
#ifndef _KM_UAPI_LINUX_ICMP_H
#define _KM_UAPI_LINUX_ICMP_H

#include <linux/types.h>

/* ICMP message types (RFC 792 and later); errors are 3, 4, 5, 11, 12. */
#define ICMP_ECHOREPLY		0	/* answer to a ping */
#define ICMP_DEST_UNREACH	3	/* could not deliver; code says why */
#define ICMP_SOURCE_QUENCH	4	/* obsolete "slow down" */
#define ICMP_REDIRECT		5	/* use another gateway */
#define ICMP_ECHO		8	/* ping */
#define ICMP_TIME_EXCEEDED	11	/* TTL ran out, or reassembly timed out */
#define ICMP_PARAMETERPROB	12	/* bad IP header field */
#define ICMP_TIMESTAMP		13
#define ICMP_TIMESTAMPREPLY	14
#define ICMP_INFO_REQUEST	15
#define ICMP_INFO_REPLY		16
#define ICMP_ADDRESS		17	/* netmask request */
#define ICMP_ADDRESSREPLY	18	/* netmask reply */
#define NR_ICMP_TYPES		18

/* icmphdr.code values for ICMP_DEST_UNREACH. */
#define ICMP_NET_UNREACH	0	/* no route to the network */
#define ICMP_HOST_UNREACH	1	/* the host cannot be reached */
#define ICMP_PROT_UNREACH	2	/* no such IP protocol at the host */
#define ICMP_PORT_UNREACH	3	/* nobody listens on that port */
#define ICMP_FRAG_NEEDED	4	/* too big and DF set; mtu says how big */
#define ICMP_SR_FAILED		5	/* source route could not be followed */
#define ICMP_NET_UNKNOWN	6
#define ICMP_HOST_UNKNOWN	7
#define ICMP_HOST_ISOLATED	8
#define ICMP_NET_ANO		9
#define ICMP_HOST_ANO		10
#define ICMP_NET_UNR_TOS	11
#define ICMP_HOST_UNR_TOS	12
#define ICMP_PKT_FILTERED	13	/* administratively prohibited */
#define ICMP_PREC_VIOLATION	14
#define ICMP_PREC_CUTOFF	15
#define NR_ICMP_UNREACH		15	/* highest unreachable code */

/* icmphdr.code values for ICMP_REDIRECT. */
#define ICMP_REDIR_NET		0	/* for the network */
#define ICMP_REDIR_HOST		1	/* for the host */
#define ICMP_REDIR_NETTOS	2	/* for the network and TOS */
#define ICMP_REDIR_HOSTTOS	3	/* for the host and TOS */

/* icmphdr.code values for ICMP_TIME_EXCEEDED. */
#define ICMP_EXC_TTL		0	/* a router decremented TTL to 0 */
#define ICMP_EXC_FRAGTIME	1	/* fragments never all arrived */

struct icmphdr {
  __u8		type;
  __u8		code;
  __sum16	checksum;
  union {
	struct {
		__be16	id;
		__be16	sequence;
	} echo;
	__be32	gateway;
	struct {
		__be16	__unused;
		__be16	mtu;
	} frag;
	__u8	reserved[4];
  } un;
};

#endif
