// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/ipv4/ip_sockglue.c (Linux 5.0.1) — IP-level socket
 * options (setsockopt/getsockopt at SOL_IP) and the error queue:
 * ip_icmp_error() queues an ICMP error on a socket with IP_RECVERR,
 * ip_recv_error() returns it to recvmsg(MSG_ERRQUEUE).
 *
 * kmirror implements the options these paths observe: IP_TOS, IP_TTL,
 * IP_RECVERR, IP_MTU_DISCOVER, IP_MTU, IP_MULTICAST_IF (no multicast
 * group membership), IP_MULTICAST_TTL and IP_MULTICAST_LOOP; others
 * give ENOPROTOOPT.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/skbuff.h>
#include <linux/socket.h>
#include <linux/inetdevice.h>
#include <linux/uaccess.h>
#include <linux/errqueue.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/route.h>
#include <kmirror/trace.h>

/*
 * Both kinds of error report carry the same sock_extended_err, stored in
 * the skb's control block; only the origin and the ICMP type/code differ.
 * kmirror fills it in one place (Linux writes the fields out twice).
 */
static void fill_ext_err(struct sk_buff *skb, int err, u8 origin, u8 type,
			 u8 code, u32 info, const void *offender, __be16 port)
{
	struct sock_exterr_skb *serr = SKB_EXT_ERR(skb);

	serr->ee = (struct sock_extended_err) {
		.ee_errno = err, .ee_origin = origin,
		.ee_type = type, .ee_code = code, .ee_info = info,
	};
	/* recvmsg finds the offending address this far into the IP header. */
	serr->addr_offset = (const u8 *)offender - skb_network_header(skb);
	serr->port = port;
}

void ip_icmp_error(struct sock *sk, struct sk_buff *skb, int err,
		   __be16 port, u32 info, u8 *payload)
{
	KM_FUNC("net/ipv4/ip_sockglue.c:390",
		"Queue an ICMP error report (sock_extended_err) with the quoted payload on the socket's error queue.");
	const struct iphdr *quoted;
	const struct icmphdr *ih;
	struct sk_buff *report = skb_clone(skb, GFP_ATOMIC);

	if (!report)
		return;
	ih = icmp_hdr(report);
	quoted = (const struct iphdr *)(ih + 1);

	KM_STEP(400,
		"Fill the report: errno, origin ICMP, type, code, info, where the offender's address lies, the port.");
	fill_ext_err(report, err, SO_EE_ORIGIN_ICMP, ih->type, ih->code, info,
		     &quoted->daddr, port);

	/* The report's data starts at the quoted payload (the offending header). */
	if (skb_pull(report, payload - report->data)) {
		skb_reset_transport_header(report);
		if (!sock_queue_err_skb(sk, report))
			return;
	}
	kfree_skb(report);
}

/* A locally generated error (e.g. EMSGSIZE on send) for the error queue. */
void ip_local_error_km(struct sock *sk, int err, __be32 daddr, __be16 port,
		       u32 info)
{
	KM_FUNC("net/ipv4/ip_sockglue.c:419",
		"Queue a locally generated error report (origin LOCAL) if IP_RECVERR is on.");
	struct sk_buff *report;
	struct iphdr *iph;

	if (!inet_sk(sk)->recverr)
		return;

	/* The report is a bare IP header holding only the destination. */
	report = alloc_skb(sizeof(*iph), GFP_ATOMIC);
	if (!report)
		return;
	iph = skb_put(report, sizeof(*iph));
	skb_reset_network_header(report);
	iph->daddr = daddr;
	fill_ext_err(report, err, SO_EE_ORIGIN_LOCAL, 0, 0, info, &iph->daddr, port);

	/* No payload: data moves to the tail. */
	__skb_pull(report, report->len);
	skb_reset_transport_header(report);
	if (sock_queue_err_skb(sk, report))
		kfree_skb(report);
}

/* Does the report carry an address worth returning in msg_name? */
static bool ipv4_datagram_support_addr(struct sock_exterr_skb *serr)
{
	return serr->ee.ee_origin == SO_EE_ORIGIN_ICMP ||
	       serr->ee.ee_origin == SO_EE_ORIGIN_LOCAL || serr->port;
}

int ip_recv_error(struct sock *sk, struct msghdr *msg, int len, int *addr_len)
{
	KM_FUNC("net/ipv4/ip_sockglue.c:498",
		"recvmsg(MSG_ERRQUEUE): dequeue one error report, copy its payload, address and IP_RECVERR cmsg.");
	struct sock_exterr_skb *serr;
	struct sk_buff *skb;
	struct sockaddr_in *sin = msg->msg_name;
	struct {
		struct sock_extended_err ee;
		struct sockaddr_in	 offender;
	} errhdr;
	int err;
	int copied;

	err = -EAGAIN;
	skb = sock_dequeue_err_skb(sk);
	if (!skb)
		return err;

	copied = skb->len;
	if (copied > len) {
		msg->msg_flags |= MSG_TRUNC;
		copied = len;
	}
	err = skb_copy_datagram_msg(skb, 0, msg, copied);
	if (unlikely(err)) {
		kfree_skb(skb);
		return err;
	}

	serr = SKB_EXT_ERR(skb);

	if (sin && ipv4_datagram_support_addr(serr)) {
		KM_STEP(530,
			"msg_name: the address and port the failed packet was sent to.");
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = *(__be32 *)(skb_network_header(skb) +
						   serr->addr_offset);
		sin->sin_port = serr->port;
		memset(&sin->sin_zero, 0, sizeof(sin->sin_zero));
		*addr_len = sizeof(*sin);
	}

	memcpy(&errhdr.ee, &serr->ee, sizeof(struct sock_extended_err));
	sin = &errhdr.offender;
	memset(sin, 0, sizeof(*sin));

	if (serr->ee.ee_origin == SO_EE_ORIGIN_ICMP) {
		KM_STEP(543,
			"The offender: the host that sent the ICMP error.");
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = ip_hdr(skb)->saddr;
	}

	put_cmsg(msg, SOL_IP, IP_RECVERR, sizeof(errhdr), &errhdr);

	msg->msg_flags |= MSG_ERRQUEUE;
	err = copied;

	consume_skb(skb);
	return err;
}

static int ip_set_multicast_if_km(struct sock *sk, char __user *optval,
				  unsigned int optlen)
{
	/* mirrors: IP_MULTICAST_IF */
	KM_FUNC("net/ipv4/ip_sockglue.c:837",
		"IP_MULTICAST_IF: choose the device and source address for multicast (mc_index, mc_addr).");
	struct inet_sock *inet = inet_sk(sk);
	struct ip_mreqn mreq;
	struct net_device *dev = NULL;

	if (sk->sk_type == SOCK_STREAM)
		return -EINVAL;
	if (optlen < sizeof(struct in_addr))
		return -EINVAL;

	if (optlen >= sizeof(struct ip_mreqn)) {
		if (copy_from_user(&mreq, optval, sizeof(mreq)))
			return -EFAULT;
	} else {
		memset(&mreq, 0, sizeof(mreq));
		if (optlen >= sizeof(struct ip_mreq)) {
			if (copy_from_user(&mreq, optval, sizeof(struct ip_mreq)))
				return -EFAULT;
		} else if (copy_from_user(&mreq.imr_address, optval,
					  sizeof(struct in_addr))) {
			return -EFAULT;
		}
	}

	if (!mreq.imr_ifindex) {
		if (mreq.imr_address.s_addr == htonl(INADDR_ANY)) {
			KM_STEP(871,
				"INADDR_ANY and no index: back to the routing table's choice.");
			inet->mc_index = 0;
			inet->mc_addr = 0;
			return 0;
		}
		dev = ip_dev_find(sock_net(sk), mreq.imr_address.s_addr);
		if (dev)
			mreq.imr_ifindex = dev->ifindex;
	} else {
		dev = dev_get_by_index_rcu(sock_net(sk), mreq.imr_ifindex);
	}

	if (!dev) {
		KM_STEP(883,
			"No device has that address or index: EADDRNOTAVAIL.");
		return -EADDRNOTAVAIL;
	}
	dev_put(dev);

	if (sk->sk_bound_dev_if && mreq.imr_ifindex != sk->sk_bound_dev_if)
		return -EINVAL;

	KM_STEP(897,
		"Remember the device index and the address: connect() and sendto() to a multicast group use them.");
	inet->mc_index = mreq.imr_ifindex;
	inet->mc_addr = mreq.imr_address.s_addr;
	return 0;
}

static int do_ip_setsockopt(struct sock *sk, int level, int optname,
			    char __user *optval, unsigned int optlen)
{
	KM_FUNC("net/ipv4/ip_sockglue.c:588",
		"setsockopt at SOL_IP: read the integer (or single byte) and apply the option.");
	struct inet_sock *inet = inet_sk(sk);
	int val = 0, err = 0;

	switch (optname) {
	case IP_TOS:
	case IP_TTL:
	case IP_RECVERR:
	case IP_MTU_DISCOVER:
	case IP_MULTICAST_TTL:
	case IP_MULTICAST_LOOP:
		if (optlen >= sizeof(int)) {
			if (get_user(val, (int __user *)optval))
				return -EFAULT;
		} else if (optlen >= sizeof(char)) {
			unsigned char ucval;

			if (get_user(ucval, (unsigned char __user *)optval))
				return -EFAULT;
			val = (int)ucval;
		}
		break;
	case IP_MULTICAST_IF: {
		int err2;

		lock_sock(sk);
		err2 = ip_set_multicast_if_km(sk, optval, optlen);
		release_sock(sk);
		return err2;
	}
	default:
		return -ENOPROTOOPT;
	}

	lock_sock(sk);

	switch (optname) {
	case IP_TOS:
		if (sk->sk_type == SOCK_STREAM) {
			/* TCP keeps control of the ECN bits. */
			val &= ~INET_ECN_MASK;
			val |= inet->tos & INET_ECN_MASK;
		}
		if (inet->tos != val) {
			inet->tos = val;
			sk->sk_priority = rt_tos2priority(val);
			sk_dst_reset(sk);
		}
		break;
	case IP_TTL:
		if (optlen < 1)
			goto e_inval;
		if (val != -1 && (val < 1 || val > 255))
			goto e_inval;
		inet->uc_ttl = val;
		break;
	case IP_RECVERR:
		KM_STEP(784,
			"IP_RECVERR: queue every ICMP error on the error queue; turning it off empties the queue.");
		inet->recverr = !!val;
		if (!val)
			skb_queue_purge(&sk->sk_error_queue);
		break;
	case IP_MTU_DISCOVER:
		if (val < IP_PMTUDISC_DONT || val > IP_PMTUDISC_OMIT)
			goto e_inval;
		inet->pmtudisc = val;
		break;
	case IP_MULTICAST_TTL:
		if (sk->sk_type == SOCK_STREAM)
			goto e_inval;
		if (optlen < 1)
			goto e_inval;
		if (val == -1)
			val = 1;
		if (val < 0 || val > 255)
			goto e_inval;
		inet->mc_ttl = val;
		break;
	case IP_MULTICAST_LOOP:
		if (optlen < 1)
			goto e_inval;
		inet->mc_loop = !!val;
		break;
	}
	release_sock(sk);
	return err;

e_inval:
	release_sock(sk);
	return -EINVAL;
}

int ip_setsockopt(struct sock *sk, int level, int optname,
		  char __user *optval, unsigned int optlen)
{
	KM_FUNC("net/ipv4/ip_sockglue.c:1238",
		"setsockopt() for the IP level (SOL_IP); other levels: ENOPROTOOPT.");
	if (level != SOL_IP)
		return -ENOPROTOOPT;
	return do_ip_setsockopt(sk, level, optname, optval, optlen);
}

static int do_ip_getsockopt(struct sock *sk, int level, int optname,
			    char __user *optval, int __user *optlen)
{
	KM_FUNC("net/ipv4/ip_sockglue.c:1307",
		"getsockopt at SOL_IP: read the option, return it as an int (or a byte if asked for less).");
	struct inet_sock *inet = inet_sk(sk);
	int val;
	int len;

	if (level != SOL_IP)
		return -EOPNOTSUPP;

	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;

	lock_sock(sk);

	switch (optname) {
	case IP_TOS:
		val = inet->tos;
		break;
	case IP_TTL: {
		struct net *net = sock_net(sk);

		val = (inet->uc_ttl == -1 ? net->ipv4.sysctl_ip_default_ttl :
					    inet->uc_ttl);
		break;
	}
	case IP_RECVERR:
		val = inet->recverr;
		break;
	case IP_MTU_DISCOVER:
		val = inet->pmtudisc;
		break;
	case IP_MTU: {
		struct dst_entry *dst;

		val = 0;
		dst = sk_dst_get(sk);
		if (dst) {
			val = dst_mtu(dst);
			dst_release(dst);
		}
		if (!val) {
			release_sock(sk);
			return -ENOTCONN;
		}
		break;
	}
	case IP_MULTICAST_TTL:
		val = inet->mc_ttl;
		break;
	case IP_MULTICAST_LOOP:
		val = inet->mc_loop;
		break;
	case IP_MULTICAST_IF: {
		struct in_addr addr;

		len = min_t(unsigned int, len, sizeof(struct in_addr));
		addr.s_addr = inet->mc_addr;
		release_sock(sk);
		if (put_user(len, optlen))
			return -EFAULT;
		if (copy_to_user(optval, &addr, len))
			return -EFAULT;
		return 0;
	}
	default:
		release_sock(sk);
		return -ENOPROTOOPT;
	}
	release_sock(sk);

	if (len < sizeof(int) && len > 0 && val >= 0 && val <= 255) {
		unsigned char ucval = (unsigned char)val;

		len = 1;
		if (put_user(len, optlen))
			return -EFAULT;
		if (copy_to_user(optval, &ucval, 1))
			return -EFAULT;
	} else {
		len = min_t(unsigned int, sizeof(int), len);
		if (put_user(len, optlen))
			return -EFAULT;
		if (copy_to_user(optval, &val, len))
			return -EFAULT;
	}
	return 0;
}

int ip_getsockopt(struct sock *sk, int level, int optname,
		  char __user *optval, int __user *optlen)
{
	return do_ip_getsockopt(sk, level, optname, optval, optlen);
}
