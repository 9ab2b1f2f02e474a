/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* kmirror: route types and scopes (include/uapi/linux/rtnetlink.h). */
#ifndef _KM_UAPI_LINUX_RTNETLINK_H
#define _KM_UAPI_LINUX_RTNETLINK_H

enum {
	RTN_UNSPEC,
	RTN_UNICAST,		/* an ordinary route, direct or via a gateway */
	RTN_LOCAL,		/* an address of this host: deliver here */
	RTN_BROADCAST,		/* a broadcast address: deliver here and send */
	RTN_ANYCAST,		/* deliver here; replies go out as unicast */
	RTN_MULTICAST,
	RTN_BLACKHOLE,		/* discard (lookups fail with EINVAL) */
	RTN_UNREACHABLE,	/* fail with EHOSTUNREACH */
	RTN_PROHIBIT,		/* fail with EACCES */
	RTN_THROW,		/* continue the lookup in the next table */
	RTN_NAT,
	RTN_XRESOLVE,
	__RTN_MAX
};
#define RTN_MAX (__RTN_MAX - 1)

enum rt_scope_t {
	RT_SCOPE_UNIVERSE = 0,
	RT_SCOPE_SITE = 200,
	RT_SCOPE_LINK = 253,
	RT_SCOPE_HOST = 254,
	RT_SCOPE_NOWHERE = 255
};

enum rt_class_t {
	RT_TABLE_UNSPEC = 0,
	RT_TABLE_DEFAULT = 253,
	RT_TABLE_MAIN = 254,
	RT_TABLE_LOCAL = 255,
};

#endif
