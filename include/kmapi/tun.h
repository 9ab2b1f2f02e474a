/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror public API: a real peer — the machine's own Linux kernel — on
 * the other side of a TUN device (platform/tun_dev.c, tun_netns.c).
 *
 * Everything real happens inside a network namespace of kmirror's own,
 * never on the machine's own interfaces or routes. The address plan
 * (docs/tun.md) uses the benchmarking range 198.18.0.0/15 (RFC 2544),
 * which no real network routes:
 *
 *   namespace "kmirror" (or a private one)      the kmirror process
 *   +-------------------------------------+     +--------------------+
 *   | Linux kernel                        |     | mirror host        |
 *   |   kmtun0  198.18.0.1/24  <--- TUN ---+-fd--+-> eth0 198.18.0.2  |
 *   |   198.18.9.0/24 blackhole (drops)   |     +--------------------+
 *   |   kmveth0 198.18.1.1/24 --- veth ---+--- kmveth1 198.18.1.2
 *   +-------------------------------------+     (benchmark: the Linux
 *                                                client's namespace)
 *
 * The functions here that touch the real system return -errno on failure
 * and never print; callers (the CLI, tests) explain.
 */
#ifndef _KMAPI_TUN_H
#define _KMAPI_TUN_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

struct km_world;
struct host;
struct km_wire;
struct km_tun;

/* ---- the address plan ---- */
#define KM_TUN_NETNS		"kmirror"	/* default namespace name */
#define KM_TUN_NETNS_ENV	"KMIRROR_NETNS"	/* overrides it; "-": private */
#define KM_TUN_IFNAME		"kmtun0"	/* the TUN device, Linux's side */
#define KM_TUN_MIRROR_DEV	"eth0"		/* the mirror host's device */
#define KM_TUN_NET		"198.18.0.0"	/* the TUN link, /24 */
#define KM_TUN_LINUX_ADDR	"198.18.0.1"	/* Linux, on kmtun0 */
#define KM_TUN_MIRROR_ADDR	"198.18.0.2"	/* the mirror host */
#define KM_TUN_PREFIXLEN	24
#define KM_TUN_DROP_NET		"198.18.9.0"	/* blackholed by Linux, /24 */
#define KM_TUN_DROP_ADDR	"198.18.9.9"	/* connect-timeout's target */
#define KM_TUN_VETH_NAME	"kmveth0"	/* benchmark veth, Linux's side */
#define KM_TUN_VETH_PEER	"kmveth1"	/* ... the Linux client's side */
#define KM_TUN_VETH_LINUX_ADDR	"198.18.1.1"
#define KM_TUN_VETH_CLIENT_ADDR	"198.18.1.2"
/* Every address above lies in this block (checked against the host's own
 * networks by km_tun_plan_collision()). */
#define KM_TUN_PLAN_BLOCK	"198.18.0.0"
#define KM_TUN_PLAN_BLOCK_LEN	20

/* ---- the TUN device (libc side) ---- */
/* Open /dev/net/tun as device `ifname` (IFF_TUN | IFF_NO_PI, non-blocking,
 * close-on-exec): creates it in the current network namespace, or attaches
 * to an existing persistent one. Returns the descriptor or -errno:
 * -ENOENT (no /dev/net/tun), -EACCES (cannot open it), -EPERM (TUNSETIFF
 * without CAP_NET_ADMIN), -EBUSY (another process is attached). */
int km_tun_open(const char *ifname);
/* Keep the device after the descriptor closes (TUNSETPERSIST). */
int km_tun_set_persist(int fd, bool persist);

/* Attach a TUN descriptor to a mirror host as device `dev` (mtu 1500 if
 * 0): every frame the host sends is written to the TUN device, every
 * frame the Linux kernel routes into it is delivered to the host. The
 * world's clock becomes real time. The descriptor is owned by the
 * attachment from now on (closed by km_tun_detach or with the world). */
struct km_tun *km_tun_attach(struct km_world *w, struct host *h,
			     const char *dev, unsigned int mtu, int fd);
/* Close the descriptor; later frames from the host are dropped. The
 * structure itself lives until the world is freed. Idempotent. */
void km_tun_detach(struct km_tun *t);
struct km_wire *km_tun_wire(const struct km_tun *t);
/* Frames: dir 0 host -> Linux (written), 1 Linux -> host (read). */
unsigned long km_tun_frames(const struct km_tun *t, int dir);
/* Frames the host sent that could not be written (device down ...). */
unsigned long km_tun_write_errors(const struct km_tun *t);
/* Busy-poll the device instead of sleeping in ppoll() (benchmarks). */
void km_tun_set_busy_poll(struct km_tun *t, bool on);

/* ---- network namespaces ---- */
/* Resolve the namespace name: $KMIRROR_NETNS or "kmirror"; NULL when the
 * environment asks for a private namespace ("-"). The name may be
 * invalid (empty, a path ...): check it with km_netns_name_valid(). */
const char *km_netns_name(void);
/* Letters, digits, '-', '_', '.'; 1 to KM_NETNS_NAME_MAX; not "." or "..". */
#define KM_NETNS_NAME_MAX	64
bool km_netns_name_valid(const char *name);
/* Whose is /run/netns/<name>? kmirror marks the namespaces it creates
 * (lo's alias carries a cookie also kept in /run/kmirror/netns/<name>);
 * reading the mark enters the namespace, so it needs root. */
enum {
	KM_NETNS_ABSENT,	/* nothing there */
	KM_NETNS_OURS,		/* a namespace kmirror created */
	KM_NETNS_FOREIGN,	/* a namespace someone else created */
	KM_NETNS_NOT_NS,	/* something that is not a namespace */
	KM_NETNS_STALE,		/* an empty file a crashed kmirror left */
};
int km_netns_owner(const char *name);	/* KM_NETNS_* or -errno */
/* km_tun_ns_configure() in a namespace without kmirror's mark. */
#define KM_ENOTOURS		EREMOTE
/* /run/netns/<name> exists (as `ip netns` keeps them). */
bool km_netns_exists(const char *name);
/* Create a named namespace the way `ip netns add` does (a bind mount of
 * the namespace on /run/netns/<name>); the caller stays where it was.
 * -EEXIST if it exists. */
int km_netns_create(const char *name);
/* Remove the name (unmount + unlink); the namespace itself disappears
 * when nothing uses it any more. -ENOENT if there is no such name,
 * -EPERM if kmirror did not create it, -ENOTSUP if it is not a namespace
 * (neither is touched). */
int km_netns_delete(const char *name);
/* Move the calling thread into a named namespace; *prev_fd (if not NULL)
 * gets a descriptor of the one it was in, for km_netns_return(). */
int km_netns_enter(const char *name, int *prev_fd);
int km_netns_return(int prev_fd);
/* A fresh anonymous namespace for the calling thread: it disappears with
 * the process, whatever happens (unshare(CLONE_NEWNET)). Marked as
 * kmirror's (lo's alias), so km_tun_ns_configure() accepts it. */
int km_netns_private(void);

/* ---- configuring the current namespace (rtnetlink, no `ip`) ---- */
int km_nl_link_up(const char *ifname);
int km_nl_link_del(const char *ifname);
/* addr: dotted quad. EEXIST is not an error. */
int km_nl_addr_add(const char *ifname, const char *addr, int prefixlen);
/* type: "blackhole", "unreachable", "prohibit". EEXIST is not an error. */
int km_nl_route_add_type(const char *prefix, int prefixlen, const char *type);
/* A veth pair; the peer goes into the namespace open as peer_ns_fd (or
 * stays here if -1). */
int km_nl_veth_add(const char *name, const char *peer, int peer_ns_fd);
/* Set up the current namespace as kmirror's Linux side: lo up, the TUN
 * device with Linux's address, the drop network. persist: the device
 * outlives *tun_fd (named namespaces); tun_fd NULL: do not keep it open. */
int km_tun_ns_configure(bool persist, int *tun_fd);

/* One line per interface of the current namespace ("kmtun0 UP 198.18.0.1/24
 * carrier"), for `kmirror net status`. Returns bytes written or -errno. */
int km_nl_describe(char *buf, size_t len);
/* Does any of the current namespace's IPv4 addresses or routes (default
 * route excepted) overlap KM_TUN_PLAN_BLOCK? 1 (and which, in what), 0,
 * or -errno. */
int km_tun_plan_collision(char *what, size_t len);

/* ---- what the Linux kernel says (the current namespace) ---- */
/* The state (TCP_ESTABLISHED 1 ...) of the kernel's TCP socket with this
 * 4-tuple (addresses network order, ports host order), from its own
 * socket table (NETLINK_SOCK_DIAG, as `ss` reads it); -ENOENT if none. */
int km_linux_tcp_state(uint32_t laddr, uint16_t lport, uint32_t raddr,
		       uint16_t rport);
/* A counter of /proc/net/snmp by its MIB name ("TcpOutRsts",
 * "UdpNoPorts", "IcmpOutDestUnreachs"), or -1. */
long long km_linux_snmp(const char *name);

/* ---- capabilities ---- */
/* Does the process hold capability `cap` (CAP_NET_ADMIN = 12,
 * CAP_SYS_ADMIN = 21) in its effective set? */
bool km_have_cap(int cap);

/* ---- world hooks the TUN backend uses (runtime/world.c) ---- */
void km_world_set_realtime(struct km_world *w, int (*poll_fn)(void *, long long),
			   void *ctx);
void km_world_add_cleanup(struct km_world *w, void (*fn)(void *), void *ctx);

#endif
