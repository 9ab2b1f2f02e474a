// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror runtime: hosts — boot, configuration, diagnostics, shutdown.
 *
 * Booting a host does, in Linux's order, what start_kernel()'s initcalls do
 * for networking: timers and softirqs, the skb caches (skb_init), sockfs
 * (sock_init), the device layer and loopback, the IPv4 routing cache
 * (ip_rt_init), and inet_init(), which registers TCP, UDP, ping and raw.
 * The namespace's sysctls get Linux 5.0's defaults.
 */
#include <stdarg.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/netdevice.h>
#include <linux/inetdevice.h>
#include <linux/file.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/udp.h>
#include <net/inet_common.h>
#include <net/ip_fib.h>
#include <net/route.h>
#include <kmirror/host.h>
#include <kmirror/world.h>
#include <kmirror/runtime.h>
#include <kmplat/platform.h>
#include <kmapi/km.h>

_Thread_local struct km_cpu km_cpu;

struct host *km_host_enter(struct host *h)
{
	struct host *prev = km_cpu.host;

	km_cpu.host = h;
	km_cpu.trace_on = h ? h->trace_on : 0;
	return prev;
}

void km_host_leave(struct host *prev)
{
	km_cpu.host = prev;
	km_cpu.trace_on = prev ? prev->trace_on : 0;
}

/* ---- tracepoints (linux/tracepoint.h): one probe per point and host ---- */

int km_tracepoint_register(struct host *h, int tp, void (*func)(void),
			   void *data)
{
	struct tracepoint_func *f = &h->tracepoints[tp];

	if (f->func)
		return f->func == func && f->data == data ? 0 : -EBUSY;
	f->func = func;
	f->data = data;
	return 0;
}

int km_tracepoint_unregister(struct host *h, int tp, void (*func)(void),
			     void *data)
{
	struct tracepoint_func *f = &h->tracepoints[tp];

	if (f->func != func || f->data != data)
		return -ENOENT;
	f->func = NULL;
	f->data = NULL;
	return 0;
}

struct net *km_init_net(void)
{
	return &km_host()->net;
}

/* ---- the kernel log ---- */

static void log_append(struct host *h, const char *s)
{
	size_t n = strlen(s);

	if (h->log_len + n + 1 >= sizeof(h->log))
		return;	/* full: keep the beginning */
	memcpy(h->log + h->log_len, s, n);
	h->log_len += n;
	h->log[h->log_len] = '\0';
}

int printk(const char *fmt, ...)
{
	struct host *h = km_host();
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (h)
		log_append(h, buf[0] == '<' && buf[2] == '>' ? buf + 3 : buf);
	return n;
}

bool km_print_once(const void *site)
{
	struct host *h = km_host();
	unsigned int i;

	if (!h)
		return false;
	for (i = 0; i < h->nprinted_once; i++)
		if (h->printed_once[i] == site)
			return false;
	/* More sites than slots: stay quiet rather than repeat. */
	if (h->nprinted_once == ARRAY_SIZE(h->printed_once))
		return false;
	h->printed_once[h->nprinted_once++] = site;
	return true;
}

void km_host_printk(struct host *h, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_append(h, buf);
}

void km_warn(const char *file, int line, const char *cond)
{
	struct host *h = km_host();
	char buf[256];

	snprintf(buf, sizeof(buf), "WARNING: %s:%d: %s\n", file, line, cond);
	if (h) {
		h->warnings++;
		log_append(h, buf);
	} else {
		km_plat_write_stderr(buf);
	}
}

void km_bug(const char *file, int line, const char *what)
{
	struct host *h = km_host();
	char buf[300];

	const char *in = h ? km_trace_current_func(h) : NULL;

	/* Like an oops's RIP line: the mirrored function running, if the
	 * tracer follows the call stack. */
	snprintf(buf, sizeof(buf), "kernel BUG at %s:%d: %s%s%s%s\n", file, line,
		 what, in ? " (in " : "", in ? in : "", in ? ")" : "");
	if (h) {
		strscpy(h->bug_msg, buf, sizeof(h->bug_msg));
		log_append(h, buf);
		if (h->bug_jmp)
			km_plat_longjmp(h->bug_jmp, 1);
		km_plat_write_stderr(h->name);
		km_plat_write_stderr(": ");
	}
	km_plat_write_stderr(buf);
	km_plat_abort();
}

/* ---- defaults of Linux 5.0 (the per-net init functions) ---- */

static void net_defaults(struct host *h)
{
	struct net *net = &h->net;
	struct netns_ipv4 *v4 = &net->ipv4;

	refcount_set(&net->passive, 1);
	refcount_set(&net->count, 1);
	INIT_LIST_HEAD(&net->list);
	INIT_LIST_HEAD(&net->dev_base_head);
	net->core.sysctl_somaxconn = 128;		/* SOMAXCONN */
	net->km_sysctl_wmem_max = SK_WMEM_MAX;
	net->km_sysctl_rmem_max = SK_RMEM_MAX;
	net->km_sysctl_wmem_default = SK_WMEM_MAX;
	net->km_sysctl_rmem_default = SK_RMEM_MAX;
	net->km_sysctl_icmp_msgs_per_sec = 1000;
	net->km_sysctl_icmp_msgs_burst = 50;

	v4->fib_main.tb_id = RT_TABLE_MAIN;
	v4->fib_local.tb_id = RT_TABLE_LOCAL;
	v4->ip_local_ports.range[0] = 32768;
	v4->ip_local_ports.range[1] = 60999;
	v4->sysctl_local_reserved_ports = h->reserved_ports;

	v4->sysctl_icmp_echo_ignore_all = 0;
	v4->sysctl_icmp_echo_ignore_broadcasts = 1;
	v4->sysctl_icmp_ignore_bogus_error_responses = 1;
	v4->sysctl_icmp_ratelimit = 1 * HZ;
	v4->sysctl_icmp_ratemask = 0x1818;
	v4->sysctl_icmp_errors_use_inbound_ifaddr = 0;

	v4->sysctl_ip_default_ttl = IPDEFTTL;
	v4->sysctl_ip_no_pmtu_disc = 0;
	v4->sysctl_ip_fwd_use_pmtu = 0;
	v4->sysctl_ip_nonlocal_bind = 0;
	v4->sysctl_ip_dynaddr = 0;
	v4->sysctl_ip_early_demux = 1;
	v4->sysctl_tcp_early_demux = 1;
	v4->sysctl_udp_early_demux = 1;
	v4->sysctl_ip_prot_sock = 1024;
	v4->sysctl_fwmark_reflect = 0;
	v4->sysctl_tcp_fwmark_accept = 0;

	/* moved here: the sysctl defaults of tcp_sk_init() (tcp_ipv4.c) */
	v4->sysctl_tcp_ecn = 2;
	v4->sysctl_tcp_ecn_fallback = 1;
	v4->sysctl_tcp_base_mss = TCP_BASE_MSS;
	v4->sysctl_tcp_probe_threshold = TCP_PROBE_THRESHOLD;
	v4->sysctl_tcp_probe_interval = TCP_PROBE_INTERVAL;
	v4->sysctl_tcp_keepalive_time = TCP_KEEPALIVE_TIME;
	v4->sysctl_tcp_keepalive_probes = TCP_KEEPALIVE_PROBES;
	v4->sysctl_tcp_keepalive_intvl = TCP_KEEPALIVE_INTVL;
	v4->sysctl_tcp_syn_retries = TCP_SYN_RETRIES;
	v4->sysctl_tcp_synack_retries = TCP_SYNACK_RETRIES;
	v4->sysctl_tcp_syncookies = 1;
	v4->sysctl_tcp_reordering = 3;		/* TCP_FASTRETRANS_THRESH */
	v4->sysctl_tcp_retries1 = TCP_RETR1;
	v4->sysctl_tcp_retries2 = TCP_RETR2;
	v4->sysctl_tcp_orphan_retries = 0;
	v4->sysctl_tcp_fin_timeout = TCP_FIN_TIMEOUT;
	v4->sysctl_tcp_notsent_lowat = UINT_MAX;
	v4->sysctl_tcp_tw_reuse = 2;
	v4->sysctl_tcp_sack = 1;
	v4->sysctl_tcp_window_scaling = 1;
	v4->sysctl_tcp_timestamps = 1;
	v4->sysctl_tcp_early_retrans = 3;
	v4->sysctl_tcp_recovery = 1;
	v4->sysctl_tcp_slow_start_after_idle = 1;
	v4->sysctl_tcp_retrans_collapse = 1;
	v4->sysctl_tcp_max_reordering = 300;
	v4->sysctl_tcp_dsack = 1;
	v4->sysctl_tcp_app_win = 31;
	v4->sysctl_tcp_adv_win_scale = 1;
	v4->sysctl_tcp_frto = 2;
	v4->sysctl_tcp_moderate_rcvbuf = 1;
	v4->sysctl_tcp_tso_win_divisor = 3;
	v4->sysctl_tcp_limit_output_bytes = 16 * 65536;
	v4->sysctl_tcp_challenge_ack_limit = 1000;
	v4->sysctl_tcp_min_tso_segs = 2;
	v4->sysctl_tcp_min_rtt_wlen = 300;
	v4->sysctl_tcp_autocorking = 1;
	v4->sysctl_tcp_invalid_ratelimit = HZ / 2;
	v4->sysctl_tcp_pacing_ss_ratio = 200;
	v4->sysctl_tcp_pacing_ca_ratio = 120;
	v4->sysctl_tcp_wmem[0] = 4096;
	v4->sysctl_tcp_wmem[1] = 16384;
	v4->sysctl_tcp_wmem[2] = 4 * 1024 * 1024;
	v4->sysctl_tcp_rmem[0] = 4096;
	v4->sysctl_tcp_rmem[1] = 131072;
	v4->sysctl_tcp_rmem[2] = 6 * 1024 * 1024;
	v4->sysctl_tcp_fastopen = 1;		/* TFO_CLIENT_ENABLE */
	v4->sysctl_tcp_fastopen_blackhole_timeout = 60 * 60;
	v4->sysctl_udp_wmem_min = 4096;		/* SK_MEM_QUANTUM */
	v4->sysctl_udp_rmem_min = 4096;
	/* ping_group_range "1 0": nobody may open ICMP sockets */
	v4->ping_group_range.range[0] = make_kgid_km(1);
	v4->ping_group_range.range[1] = make_kgid_km(0);
}

struct km_sysctl {
	const char	*name;
	size_t		off;	/* into struct net */
	int		is_u32;
	int		in_jiffies;	/* seconds outside, jiffies inside
					 * (proc_dointvec_jiffies) */
};

#define V4(f)	offsetof(struct net, ipv4.f)
static const struct km_sysctl sysctls[] = {
	{ "net.core.somaxconn", offsetof(struct net, core.sysctl_somaxconn), 0 },
	{ "net.core.wmem_max", offsetof(struct net, km_sysctl_wmem_max), 1 },
	{ "net.core.rmem_max", offsetof(struct net, km_sysctl_rmem_max), 1 },
	{ "net.core.wmem_default", offsetof(struct net, km_sysctl_wmem_default), 1 },
	{ "net.core.rmem_default", offsetof(struct net, km_sysctl_rmem_default), 1 },
	{ "net.ipv4.ip_default_ttl", V4(sysctl_ip_default_ttl), 0 },
	{ "net.ipv4.ip_no_pmtu_disc", V4(sysctl_ip_no_pmtu_disc), 0 },
	{ "net.ipv4.ip_nonlocal_bind", V4(sysctl_ip_nonlocal_bind), 0 },
	{ "net.ipv4.ip_unprivileged_port_start", V4(sysctl_ip_prot_sock), 0 },
	{ "net.ipv4.ip_local_port_range[0]", V4(ip_local_ports.range[0]), 0 },
	{ "net.ipv4.ip_local_port_range[1]", V4(ip_local_ports.range[1]), 0 },
	{ "net.ipv4.ping_group_range[0]", V4(ping_group_range.range[0]), 1 },
	{ "net.ipv4.ping_group_range[1]", V4(ping_group_range.range[1]), 1 },
	{ "net.ipv4.icmp_ratelimit", V4(sysctl_icmp_ratelimit), 0 },
	{ "net.ipv4.icmp_echo_ignore_all", V4(sysctl_icmp_echo_ignore_all), 0 },
	{ "net.ipv4.tcp_syn_retries", V4(sysctl_tcp_syn_retries), 0 },
	{ "net.ipv4.tcp_synack_retries", V4(sysctl_tcp_synack_retries), 0 },
	{ "net.ipv4.tcp_syncookies", V4(sysctl_tcp_syncookies), 0 },
	{ "net.ipv4.tcp_timestamps", V4(sysctl_tcp_timestamps), 0 },
	{ "net.ipv4.tcp_sack", V4(sysctl_tcp_sack), 0 },
	{ "net.ipv4.tcp_window_scaling", V4(sysctl_tcp_window_scaling), 0 },
	{ "net.ipv4.tcp_ecn", V4(sysctl_tcp_ecn), 0 },
	{ "net.ipv4.tcp_abort_on_overflow", V4(sysctl_tcp_abort_on_overflow), 0 },
	{ "net.ipv4.tcp_max_syn_backlog", V4(sysctl_max_syn_backlog), 0 },
	{ "net.ipv4.tcp_fastopen", V4(sysctl_tcp_fastopen), 0 },
	{ "net.ipv4.tcp_tw_reuse", V4(sysctl_tcp_tw_reuse), 0 },
	{ "net.ipv4.tcp_rfc1337", V4(sysctl_tcp_rfc1337), 0 },
	{ "net.ipv4.tcp_orphan_retries", V4(sysctl_tcp_orphan_retries), 0 },
	{ "net.ipv4.tcp_max_tw_buckets", V4(tcp_death_row.sysctl_max_tw_buckets), 0 },
	{ "net.ipv4.tcp_adv_win_scale", V4(sysctl_tcp_adv_win_scale), 0 },
	{ "net.ipv4.tcp_workaround_signed_windows", V4(sysctl_tcp_workaround_signed_windows), 0 },
	{ "net.ipv4.tcp_challenge_ack_limit", V4(sysctl_tcp_challenge_ack_limit), 0 },
	{ "net.ipv4.tcp_keepalive_time", V4(sysctl_tcp_keepalive_time), 0 },
	{ "net.ipv4.tcp_fin_timeout", V4(sysctl_tcp_fin_timeout), 0, 1 },
	{ "net.ipv4.tcp_retries1", V4(sysctl_tcp_retries1), 0 },
	{ "net.ipv4.tcp_retries2", V4(sysctl_tcp_retries2), 0 },
	{ "net.ipv4.tcp_rmem[0]", V4(sysctl_tcp_rmem[0]), 0 },
	{ "net.ipv4.tcp_rmem[1]", V4(sysctl_tcp_rmem[1]), 0 },
	{ "net.ipv4.tcp_rmem[2]", V4(sysctl_tcp_rmem[2]), 0 },
	{ "net.ipv4.tcp_wmem[0]", V4(sysctl_tcp_wmem[0]), 0 },
	{ "net.ipv4.tcp_wmem[1]", V4(sysctl_tcp_wmem[1]), 0 },
	{ "net.ipv4.tcp_wmem[2]", V4(sysctl_tcp_wmem[2]), 0 },
};
#undef V4

static const struct km_sysctl *sysctl_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sysctls); i++)
		if (!strcmp(sysctls[i].name, name))
			return &sysctls[i];
	return NULL;
}

/*
 * net.ipv4.ip_local_reserved_ports is a bitmap of 65536 ports (Linux
 * writes it as a list, "8080,9000-9010"); here one port at a time:
 * "net.ipv4.ip_local_reserved_ports[PORT]" = 1 reserves PORT, 0 frees it.
 * Returns the bit number, or -1 if name is not of that form.
 */
static long reserved_port_of(const char *name)
{
	static const char pfx[] = "net.ipv4.ip_local_reserved_ports[";
	unsigned long port = 0;
	const char *p;

	if (strncmp(name, pfx, sizeof(pfx) - 1))
		return -1;
	for (p = name + sizeof(pfx) - 1; *p >= '0' && *p <= '9' && port <= 65535; p++)
		port = port * 10 + (unsigned long)(*p - '0');
	if (p == name + sizeof(pfx) - 1 || p[0] != ']' || p[1] || port > 65535)
		return -1;
	return (long)port;
}

/*
 * The checks the kernel's /proc/sys handlers make before storing a value
 * (net/ipv4/sysctl_net_ipv4.c): a value they refuse never reaches struct
 * net, where it could send the code that reads it out of bounds (a port
 * range whose ends are swapped or beyond 65535, say).
 */
static int sysctl_check(struct host *h, const char *name, long value)
{
	int *range = h->net.ipv4.ip_local_ports.range;

	if (!strncmp(name, "net.ipv4.ip_local_port_range[", 29)) {
		/* ipv4_local_port_range(): each end 1..65535, low <= high,
		 * low not among the privileged ports */
		bool low = name[29] == '0';

		if (value < 1 || value > 65535)
			return -EINVAL;
		if (low ? value > range[1] || value < h->net.ipv4.sysctl_ip_prot_sock :
			  value < range[0])
			return -EINVAL;
	} else if (!strcmp(name, "net.ipv4.ip_unprivileged_port_start")) {
		/* ipv4_privileged_ports(): 0..65535, below the port range */
		if (value < 0 || value > 65535 || value > range[0])
			return -EINVAL;
	} else if (!strcmp(name, "net.ipv4.tcp_syn_retries")) {
		if (value < 1 || value > MAX_TCP_SYNCNT)	/* tcp_syn_retries_min/max */
			return -EINVAL;
	} else if (!strcmp(name, "net.ipv4.tcp_retries1")) {
		if (value > 255)				/* tcp_retr1_max */
			return -EINVAL;
	} else if (!strcmp(name, "net.ipv4.ip_default_ttl")) {
		if (value < 1 || value > 255)			/* ip_ttl_min/max */
			return -EINVAL;
	}
	return 0;
}

int km_sysctl_set(struct host *h, const char *name, long value)
{
	const struct km_sysctl *s = sysctl_find(name);
	long port = reserved_port_of(name);
	int err;

	if (port >= 0) {
		if (value)
			__set_bit(port, h->reserved_ports);
		else
			__clear_bit(port, h->reserved_ports);
		return 0;
	}
	if (!s)
		return -ENOENT;
	err = sysctl_check(h, name, value);
	if (err)
		return err;
	if (s->in_jiffies) {
		if (value < 0 || value > INT_MAX / HZ)
			return -EINVAL;
		value *= HZ;
	}
	if (s->is_u32)
		*(u32 *)((char *)&h->net + s->off) = (u32)value;
	else
		*(int *)((char *)&h->net + s->off) = (int)value;
	return 0;
}

long km_sysctl_get(struct host *h, const char *name)
{
	const struct km_sysctl *s = sysctl_find(name);
	long port = reserved_port_of(name);

	if (port >= 0)
		return test_bit(port, h->reserved_ports) ? 1 : 0;
	if (!s)
		return -ENOENT;
	if (s->is_u32)
		return *(u32 *)((char *)&h->net + s->off);
	if (s->in_jiffies)
		return *(int *)((char *)&h->net + s->off) / HZ;
	return *(int *)((char *)&h->net + s->off);
}

struct km_mib_name {
	const char	*name;
	size_t		off;
};

#define MIB(n, arr, idx) { n, offsetof(struct netns_mib, arr) + (idx) * sizeof(unsigned long) }
static const struct km_mib_name mibs[] = {
	MIB("IpInReceives", ip_statistics, IPSTATS_MIB_INPKTS),
	MIB("IpInHdrErrors", ip_statistics, IPSTATS_MIB_INHDRERRORS),
	MIB("IpInAddrErrors", ip_statistics, IPSTATS_MIB_INADDRERRORS),
	MIB("IpInUnknownProtos", ip_statistics, IPSTATS_MIB_INUNKNOWNPROTOS),
	MIB("IpInTruncatedPkts", ip_statistics, IPSTATS_MIB_INTRUNCATEDPKTS),
	MIB("IpInDiscards", ip_statistics, IPSTATS_MIB_INDISCARDS),
	MIB("IpInDelivers", ip_statistics, IPSTATS_MIB_INDELIVERS),
	MIB("IpOutRequests", ip_statistics, IPSTATS_MIB_OUTPKTS),
	MIB("IpOutNoRoutes", ip_statistics, IPSTATS_MIB_OUTNOROUTES),
	MIB("IpInCsumErrors", ip_statistics, IPSTATS_MIB_CSUMERRORS),
	MIB("IcmpInMsgs", icmp_statistics, ICMP_MIB_INMSGS),
	MIB("IcmpInErrors", icmp_statistics, ICMP_MIB_INERRORS),
	MIB("IcmpInDestUnreachs", icmp_statistics, ICMP_MIB_INDESTUNREACHS),
	MIB("IcmpOutMsgs", icmp_statistics, ICMP_MIB_OUTMSGS),
	MIB("IcmpOutDestUnreachs", icmp_statistics, ICMP_MIB_OUTDESTUNREACHS),
	MIB("IcmpInCsumErrors", icmp_statistics, ICMP_MIB_CSUMERRORS),
	MIB("TcpActiveOpens", tcp_statistics, TCP_MIB_ACTIVEOPENS),
	MIB("TcpPassiveOpens", tcp_statistics, TCP_MIB_PASSIVEOPENS),
	MIB("TcpAttemptFails", tcp_statistics, TCP_MIB_ATTEMPTFAILS),
	MIB("TcpEstabResets", tcp_statistics, TCP_MIB_ESTABRESETS),
	MIB("TcpCurrEstab", tcp_statistics, TCP_MIB_CURRESTAB),
	MIB("TcpInSegs", tcp_statistics, TCP_MIB_INSEGS),
	MIB("TcpOutSegs", tcp_statistics, TCP_MIB_OUTSEGS),
	MIB("TcpRetransSegs", tcp_statistics, TCP_MIB_RETRANSSEGS),
	MIB("TcpInErrs", tcp_statistics, TCP_MIB_INERRS),
	MIB("TcpOutRsts", tcp_statistics, TCP_MIB_OUTRSTS),
	MIB("TcpInCsumErrors", tcp_statistics, TCP_MIB_CSUMERRORS),
	MIB("UdpInDatagrams", udp_statistics, UDP_MIB_INDATAGRAMS),
	MIB("UdpNoPorts", udp_statistics, UDP_MIB_NOPORTS),
	MIB("UdpInErrors", udp_statistics, UDP_MIB_INERRORS),
	MIB("UdpOutDatagrams", udp_statistics, UDP_MIB_OUTDATAGRAMS),
	MIB("UdpInCsumErrors", udp_statistics, UDP_MIB_CSUMERRORS),
	MIB("TcpExtEmbryonicRsts", net_statistics, LINUX_MIB_EMBRYONICRSTS),
	MIB("TcpExtListenOverflows", net_statistics, LINUX_MIB_LISTENOVERFLOWS),
	MIB("TcpExtListenDrops", net_statistics, LINUX_MIB_LISTENDROPS),
	MIB("TcpExtTCPTimeouts", net_statistics, LINUX_MIB_TCPTIMEOUTS),
	MIB("TcpExtTCPAbortOnTimeout", net_statistics, LINUX_MIB_TCPABORTONTIMEOUT),
	MIB("TcpExtTW", net_statistics, LINUX_MIB_TIMEWAITED),
	MIB("TcpExtTWRecycled", net_statistics, LINUX_MIB_TIMEWAITRECYCLED),
	MIB("TcpExtTWKilled", net_statistics, LINUX_MIB_TIMEWAITKILLED),
	MIB("TcpExtTCPAbortOnData", net_statistics, LINUX_MIB_TCPABORTONDATA),
	MIB("TcpExtTCPAbortOnClose", net_statistics, LINUX_MIB_TCPABORTONCLOSE),
	MIB("TcpExtTCPAbortOnLinger", net_statistics, LINUX_MIB_TCPABORTONLINGER),
	MIB("TcpExtTCPACKSkippedFinWait2", net_statistics, LINUX_MIB_TCPACKSKIPPEDFINWAIT2),
	MIB("TcpExtTCPACKSkippedTimeWait", net_statistics, LINUX_MIB_TCPACKSKIPPEDTIMEWAIT),
	MIB("TcpExtTCPChallengeACK", net_statistics, LINUX_MIB_TCPCHALLENGEACK),
	MIB("TcpExtTCPSYNChallenge", net_statistics, LINUX_MIB_TCPSYNCHALLENGE),
	MIB("TcpExtPAWSActive", net_statistics, LINUX_MIB_PAWSACTIVEREJECTED),
	MIB("TcpExtPAWSEstab", net_statistics, LINUX_MIB_PAWSESTABREJECTED),
	MIB("TcpExtDelayedACKs", net_statistics, LINUX_MIB_DELAYEDACKS),
	MIB("TcpExtTCPBacklogDrop", net_statistics, LINUX_MIB_TCPBACKLOGDROP),
	MIB("TcpExtTCPReqQFullDrop", net_statistics, LINUX_MIB_TCPREQQFULLDROP),
	MIB("TcpExtTCPReqQFullDoCookies", net_statistics, LINUX_MIB_TCPREQQFULLDOCOOKIES),
	MIB("TcpExtTCPDeferAcceptDrop", net_statistics, LINUX_MIB_TCPDEFERACCEPTDROP),
	MIB("TcpExtSyncookiesSent", net_statistics, LINUX_MIB_SYNCOOKIESSENT),
	MIB("TcpExtSyncookiesRecv", net_statistics, LINUX_MIB_SYNCOOKIESRECV),
	MIB("TcpExtSyncookiesFailed", net_statistics, LINUX_MIB_SYNCOOKIESFAILED),
	MIB("TcpExtTCPSynRetrans", net_statistics, LINUX_MIB_TCPSYNRETRANS),
	MIB("TcpExtTCPOrigDataSent", net_statistics, LINUX_MIB_TCPORIGDATASENT),
	MIB("TcpExtTCPHPHits", net_statistics, LINUX_MIB_TCPHPHITS),
	MIB("TcpExtTCPHPAcks", net_statistics, LINUX_MIB_TCPHPACKS),
	MIB("TcpExtTCPPureAcks", net_statistics, LINUX_MIB_TCPPUREACKS),
	MIB("TcpExtDelayedACKLost", net_statistics, LINUX_MIB_DELAYEDACKLOST),
	MIB("TcpExtTCPZeroWindowDrop", net_statistics, LINUX_MIB_TCPZEROWINDOWDROP),
	MIB("TcpExtTCPAutoCorking", net_statistics, LINUX_MIB_TCPAUTOCORKING),
	MIB("TcpExtTCPLossProbes", net_statistics, LINUX_MIB_TCPLOSSPROBES),
	MIB("TcpExtTCPWinProbe", net_statistics, LINUX_MIB_TCPWINPROBE),
	MIB("TcpExtTCPLossProbeRecovery", net_statistics, LINUX_MIB_TCPLOSSPROBERECOVERY),
	MIB("TcpExtOutOfWindowIcmps", net_statistics, LINUX_MIB_OUTOFWINDOWICMPS),
	MIB("TcpExtLockDroppedIcmps", net_statistics, LINUX_MIB_LOCKDROPPEDICMPS),
};
#undef MIB

long km_host_mib(struct host *h, const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mibs); i++)
		if (!strcmp(mibs[i].name, name))
			return (long)*(unsigned long *)((char *)&h->net.mib + mibs[i].off);
	return -1;
}

/* ---- lifecycle ---- */

struct host *km_host_new(struct km_world *w, const char *name)
{
	struct host *h = km_plat_alloc(sizeof(*h));
	struct host *prev;

	h->id = w->nhosts++;
	strscpy(h->name, name, sizeof(h->name));
	h->world = w;
	list_add_tail(&h->world_node, &w->hosts);
	km_random_init(h, w->seed);
	/*
	 * The host has been up for a while when the world begins: between
	 * 10 and 20 minutes, from the seed. Its wall clock starts on
	 * 2019-03-10 (Linux 5.0.1's release) plus a seeded offset.
	 */
	h->uptime_at_boot_ns = (600 + km_host_random64(h) % 600) * NSEC_PER_SEC +
			       km_host_random64(h) % NSEC_PER_SEC;
	h->boot_ns = w->now - (long long)h->uptime_at_boot_ns;
	h->realtime_at_boot_ns = 1552176000ULL * NSEC_PER_SEC +
				 (km_host_random64(h) % (86400ULL * NSEC_PER_SEC));
	h->netdev_max_backlog = netdev_max_backlog_default;

	prev = km_host_enter(h);
	km_sched_init(h);
	km_timers_init(h);
	km_mem_init(h);
	INIT_LIST_HEAD(&h->ptype_base);
	INIT_LIST_HEAD(&h->ptype_all);
	net_defaults(h);
	km_timer_softirq_register();	/* init_timers() */
	skb_init();
	sock_init();
	net_dev_init();
	loopback_net_init(&h->net);
	inet_init();
	h->mem.baseline_seq = h->mem.next_seq;
	km_host_leave(prev);
	return h;
}

struct host *km_host_by_name(struct km_world *w, const char *name)
{
	struct host *h;

	list_for_each_entry(h, &w->hosts, world_node)
		if (!strcmp(h->name, name))
			return h;
	return NULL;
}

const char *km_host_name(const struct host *h)
{
	return h->name;
}

int km_host_id(const struct host *h)
{
	return h->id;
}

const char *km_host_log(const struct host *h)
{
	return h->log;
}

unsigned int km_host_warnings(const struct host *h)
{
	return h->warnings;
}

int km_host_failslab(struct host *h, const char *cache, int count)
{
	return km_failslab(h, cache, count);
}

void km_host_set_bug_jmp(struct host *h, void *jmp)
{
	h->bug_jmp = jmp;
	h->bug_msg[0] = '\0';
}

const char *km_host_bug_message(const struct host *h)
{
	return h->bug_msg;
}

unsigned long km_host_live_objects(struct host *h, char *buf, size_t len)
{
	return km_mem_leaks(h, buf, len);
}

/*
 * Close every task's files, then let the world finish what that started.
 * The processes end: a task still asleep inside a system call (a connect()
 * or accept() a test left waiting) is taken off the run queue for good, as
 * if killed, before its files are closed, so the wake-up the close causes
 * cannot resume it on a socket that close has just freed.
 */
void km_hosts_shutdown(struct km_world *w)
{
	struct host *h;

	list_for_each_entry(h, &w->hosts, world_node) {
		struct task_struct *t;
		struct host *prev = km_host_enter(h);

		list_for_each_entry(t, &h->tasks, km_node) {
			if (!t->km_in_syscall || t->km_done)
				continue;
			if (t->km_queued) {
				list_del_init(&t->km_run);
				t->km_queued = 0;
			}
			t->state = TASK_DEAD;
		}
		list_for_each_entry(t, &h->tasks, km_node) {
			struct task_struct *saved = h->curtask;

			h->curtask = t;
			km_files_close_all(t);
			h->curtask = saved;
		}
		km_host_leave(prev);
	}
	km_world_settle(w);
	/* Like a namespace going away: the FIB's next-hop exceptions go too. */
	list_for_each_entry(h, &w->hosts, world_node) {
		struct host *prev = km_host_enter(h);

		fib_free_exceptions_km(&h->net);
		km_host_leave(prev);
	}
}

void km_hosts_free(struct km_world *w)
{
	while (!list_empty(&w->hosts)) {
		struct host *h = list_first_entry(&w->hosts, struct host,
						  world_node);
		struct host *prev = km_host_enter(h);

		km_trace_host_free(h);
		fib_free_exceptions_km(&h->net);
		km_netdev_destroy_all(h);
		km_sched_destroy(h);
		km_mem_destroy(h);
		km_host_leave(prev);
		list_del(&h->world_node);
		km_plat_free(h);
	}
}
