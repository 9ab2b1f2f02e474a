// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror: net/core/secure_seq.c (Linux 5.0.1) — the keyed hashes that make
 * TCP's initial sequence numbers, timestamp offsets and ephemeral-port
 * starting points unpredictable to anyone off the path (RFC 6528).
 *
 * Two boot-time secrets, drawn on first use: net_secret (ISNs and port
 * offsets) and ts_secret (timestamp offsets). kmirror keeps them in the
 * host and draws them from the host's seeded generator, so a given --seed
 * reproduces every ISN.
 */
#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/siphash.h>
#include <linux/random.h>
#include <linux/ktime.h>
#include <net/net_namespace.h>
#include <net/secure_seq.h>
#include <kmirror/host.h>
#include <kmirror/trace.h>

static void net_secret_init(void)
{
	struct host *h = km_host();

	KM_FUNC("net/core/secure_seq.c:25",
		"Draw the boot-time secret behind ISNs and port offsets, the first time only.");
	net_get_random_once_km(&h->net_secret_done, &h->net_secret,
			       sizeof(h->net_secret));
}

static void ts_secret_init(void)
{
	struct host *h = km_host();

	KM_FUNC("net/core/secure_seq.c:30",
		"Draw the boot-time secret behind timestamp offsets, the first time only.");
	net_get_random_once_km(&h->ts_secret_done, &h->ts_secret,
			       sizeof(h->ts_secret));
}

static u32 seq_scale(u32 seq)
{
	KM_FUNC("net/core/secure_seq.c:37",
		"Add the real-time clock in 64 ns ticks, so the ISN advances even for the same 4-tuple.");
	return seq + (u32)(ktime_get_real_ns() >> 6);
}

u32 secure_tcp_ts_off(const struct net *net, __be32 saddr, __be32 daddr)
{
	KM_FUNC("net/core/secure_seq.c:117",
		"Per address pair, a secret offset added to every TCP timestamp we send.");
	if (net->ipv4.sysctl_tcp_timestamps != 1)
		return 0;

	ts_secret_init();
	KM_STEP(123, "tsoffset = siphash(saddr, daddr) under ts_secret.");
	return (u32)siphash_2u32((__force u32)saddr, (__force u32)daddr,
				 &km_host()->ts_secret);
}

u32 secure_tcp_seq(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport)
{
	KM_FUNC("net/core/secure_seq.c:132",
		"The initial sequence number: a keyed hash of the 4-tuple plus the clock (RFC 6528).");
	u32 hash;

	net_secret_init();
	KM_STEP(138,
		"Hash saddr, daddr and the two ports (as stored, network order) under net_secret.");
	hash = (u32)siphash_3u32((__force u32)saddr, (__force u32)daddr,
				 (__force u32)sport << 16 | (__force u32)dport,
				 &km_host()->net_secret);
	return seq_scale(hash);
}

u32 secure_ipv4_port_ephemeral(__be32 saddr, __be32 daddr, __be16 dport)
{
	KM_FUNC("net/core/secure_seq.c:145",
		"Where the ephemeral-port search starts for this destination: a keyed hash.");
	net_secret_init();
	return (u32)siphash_3u32((__force u32)saddr, (__force u32)daddr,
				 (__force u32)dport,
				 &km_host()->net_secret);
}
