/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/net/net_namespace.h and include/net/netns/ipv4.h.
 *
 * Each kmirror host has exactly one network namespace, embedded in its
 * `struct host` (runtime). The sysctls carry Linux 5.0's defaults, set in
 * runtime/host.c where the kernel's per-net init functions would.
 */
#ifndef _KM_NET_NET_NAMESPACE_H
#define _KM_NET_NET_NAMESPACE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/refcount.h>
#include <net/snmp.h>
#include <net/ip_fib.h>

struct net_device;
struct inet_hashinfo;
struct sock;
struct user_namespace;

struct inet_timewait_death_row {
	atomic_t		tw_count;
	struct inet_hashinfo	*hashinfo;
	int			sysctl_max_tw_buckets;
};

struct local_ports {
	int		range[2];
	bool		warned;
};

struct ping_group_range {
	kgid_t		range[2];
};

struct netns_core {
	int	sysctl_somaxconn;
};

struct netns_ipv4 {
	struct fib_table	fib_main;
	struct fib_table	fib_local;
	struct sock		*icmp_sk;	/* one CPU: one ICMP control socket */
	struct sock		*tcp_sk;	/* the control socket RSTs leave from */
	struct inet_timewait_death_row tcp_death_row;
	struct local_ports	ip_local_ports;
	unsigned long		*sysctl_local_reserved_ports;	/* bitmap, 65536 bits */

	int sysctl_icmp_echo_ignore_all;
	int sysctl_icmp_echo_ignore_broadcasts;
	int sysctl_icmp_ignore_bogus_error_responses;
	int sysctl_icmp_ratelimit;
	int sysctl_icmp_ratemask;
	int sysctl_icmp_errors_use_inbound_ifaddr;

	int sysctl_ip_default_ttl;
	int sysctl_ip_no_pmtu_disc;
	int sysctl_ip_fwd_use_pmtu;
	int sysctl_ip_nonlocal_bind;
	int sysctl_ip_dynaddr;
	int sysctl_ip_early_demux;
	int sysctl_tcp_early_demux;
	int sysctl_udp_early_demux;
	int sysctl_ip_prot_sock;
	int sysctl_fwmark_reflect;
	int sysctl_tcp_fwmark_accept;

	int sysctl_tcp_ecn;
	int sysctl_tcp_ecn_fallback;
	int sysctl_tcp_mtu_probing;
	int sysctl_tcp_base_mss;
	int sysctl_tcp_probe_threshold;
	u32 sysctl_tcp_probe_interval;

	int sysctl_tcp_keepalive_time;
	int sysctl_tcp_keepalive_probes;
	int sysctl_tcp_keepalive_intvl;

	int sysctl_tcp_syn_retries;
	int sysctl_tcp_synack_retries;
	int sysctl_tcp_syncookies;
	int sysctl_tcp_reordering;
	int sysctl_tcp_retries1;
	int sysctl_tcp_retries2;
	int sysctl_tcp_orphan_retries;
	int sysctl_tcp_fin_timeout;
	unsigned int sysctl_tcp_notsent_lowat;
	int sysctl_tcp_tw_reuse;
	int sysctl_tcp_sack;
	int sysctl_tcp_window_scaling;
	int sysctl_tcp_timestamps;
	int sysctl_tcp_early_retrans;
	int sysctl_tcp_recovery;
	int sysctl_tcp_thin_linear_timeouts;
	int sysctl_tcp_slow_start_after_idle;
	int sysctl_tcp_retrans_collapse;
	int sysctl_tcp_stdurg;
	int sysctl_tcp_rfc1337;
	int sysctl_tcp_abort_on_overflow;
	int sysctl_tcp_fack;
	int sysctl_tcp_max_reordering;
	int sysctl_tcp_dsack;
	int sysctl_tcp_app_win;
	int sysctl_tcp_adv_win_scale;
	int sysctl_tcp_frto;
	int sysctl_tcp_nometrics_save;
	int sysctl_tcp_moderate_rcvbuf;
	int sysctl_tcp_tso_win_divisor;
	int sysctl_tcp_workaround_signed_windows;
	int sysctl_tcp_limit_output_bytes;
	int sysctl_tcp_challenge_ack_limit;
	int sysctl_tcp_min_tso_segs;
	int sysctl_tcp_min_rtt_wlen;
	int sysctl_tcp_autocorking;
	int sysctl_tcp_invalid_ratelimit;
	int sysctl_tcp_pacing_ss_ratio;
	int sysctl_tcp_pacing_ca_ratio;
	int sysctl_tcp_wmem[3];
	int sysctl_tcp_rmem[3];
	int sysctl_tcp_fastopen;
	int sysctl_tcp_fastopen_blackhole_timeout;
	int sysctl_max_syn_backlog;
	int sysctl_udp_wmem_min;
	int sysctl_udp_rmem_min;
	struct ping_group_range ping_group_range;

	u32 ip_id_key_km;	/* seed of ip_idents, per host */
};

struct net {
	refcount_t		passive;
	refcount_t		count;
	struct list_head	list;
	struct user_namespace	*user_ns;
	unsigned int		ifindex;
	struct net_device	*loopback_dev;
	struct list_head	dev_base_head;
	struct netns_core	core;
	struct netns_mib	mib;
	struct netns_ipv4	ipv4;
	/* Core sysctls that are global in Linux 5.0 (net/core/sock.c). */
	u32			km_sysctl_wmem_max;
	u32			km_sysctl_rmem_max;
	u32			km_sysctl_wmem_default;
	u32			km_sysctl_rmem_default;
	int			km_sysctl_icmp_msgs_per_sec;	/* net.ipv4.icmp_msgs_per_sec */
	int			km_sysctl_icmp_msgs_burst;	/* net.ipv4.icmp_msgs_burst */
};

static inline struct net *get_net(struct net *net)
{
	refcount_inc(&net->count);
	return net;
}

static inline void put_net(struct net *net)
{
	refcount_dec(&net->count);
}

static inline bool net_eq(const struct net *net1, const struct net *net2)
{
	return net1 == net2;
}

static inline bool check_net(const struct net *net)
{
	return refcount_read(&net->count) != 0;
}

/* The running host's namespace (the kernel's init_net, per host). */
struct net *km_init_net(void);
#define init_net (*km_init_net())

#endif
