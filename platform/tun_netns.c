// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror platform: the network namespace the TUN peer lives in, and its
 * configuration — what `ip netns add`, `ip link`, `ip addr`, `ip route`
 * and `ss` would do, done directly with mount(2), setns(2) and netlink
 * (libmnl, as iproute2 uses it) so that nothing is shelled out (see
 * kmapi/tun.h and docs/tun.md).
 *
 * Safety: every function that changes interfaces, addresses or routes
 * acts on the *current* network namespace, and the callers only call them
 * after entering a namespace kmirror created. The host's own namespace is
 * only ever read (km_tun_plan_collision).
 *
 * Ownership: a namespace kmirror creates carries a mark — the alias of
 * its `lo` is "kmirror <cookie>", 16 random hex digits that are also kept
 * in /run/kmirror/netns/<name> (root only). A named namespace is
 * kmirror's only when both agree (km_netns_owner): one someone else made
 * under the same name is never configured nor deleted, and a file at
 * /run/netns/<name> that is not a namespace is never removed.
 * km_tun_ns_configure() refuses to run in a namespace without the mark.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <linux/capability.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/veth.h>
#include <libmnl/libmnl.h>

#include <kmapi/tun.h>

#define NETNS_RUN_DIR	"/run/netns"
#define OWNER_DIR	"/run/kmirror"
#define OWNER_NETNS_DIR	OWNER_DIR "/netns"
#define OWNER_MARK	"kmirror "	/* lo's alias: the mark, then the cookie */
#define COOKIE_LEN	16
#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP	0x10000		/* linux/if.h; clashes with net/if.h */
#endif
#ifndef NSFS_MAGIC
#define NSFS_MAGIC	0x6e736673
#endif
/* Every netlink exchange is bounded: the kernel answers at once, so a
 * silent socket means something is badly wrong. */
#define NL_TIMEOUT_MS	2000
/* Bound on the reads of one netlink exchange. */
#define NL_READS_MAX	4096

/* ---- names and namespaces ---- */

const char *km_netns_name(void)
{
	const char *e = getenv(KM_TUN_NETNS_ENV);

	if (!e)
		return KM_TUN_NETNS;
	if (!strcmp(e, "-"))
		return NULL;
	return e;	/* possibly invalid: see km_netns_name_valid() */
}

/* Only names `ip netns` would accept, and never a path. */
bool km_netns_name_valid(const char *name)
{
	const char *p;

	if (!name || !*name || strnlen(name, KM_NETNS_NAME_MAX + 1) > KM_NETNS_NAME_MAX ||
	    !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		      *p == '.'))
			return false;
	return true;
}

static int netns_path(const char *name, char *buf, size_t len)
{
	if (!km_netns_name_valid(name) ||
	    (size_t)snprintf(buf, len, "%s/%s", NETNS_RUN_DIR, name) >= len)
		return -EINVAL;
	return 0;
}

/* A namespace mounted there — not a symbolic link to one (such as
 * /proc/1/ns/net, the host's own). */
static bool path_is_nsfs(const char *path)
{
	struct statfs sf;
	struct stat st;

	return !lstat(path, &st) && !S_ISLNK(st.st_mode) &&
	       !statfs(path, &sf) && sf.f_type == NSFS_MAGIC;
}

bool km_netns_exists(const char *name)
{
	char path[128];

	return !netns_path(name, path, sizeof(path)) && path_is_nsfs(path);
}

/* ---- ownership: the mark on kmirror's namespaces ---- */

static int lo_alias_set(const char *alias);
static int lo_alias_get(char *buf, size_t len);

static int owner_path(const char *name, char *buf, size_t len)
{
	if (!km_netns_name_valid(name) ||
	    (size_t)snprintf(buf, len, "%s/%s", OWNER_NETNS_DIR, name) >= len)
		return -EINVAL;
	return 0;
}

/* The cookie kept for name, or -errno (-ENOENT: none). */
static int owner_cookie(const char *name, char *cookie)
{
	char path[128];
	ssize_t n;
	int fd, err = owner_path(name, path, sizeof(path));

	if (err)
		return err;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, cookie, COOKIE_LEN + 1);
	close(fd);
	if (n != COOKIE_LEN)
		return -EINVAL;
	cookie[COOKIE_LEN] = 0;
	return 0;
}

static int owner_write(const char *name, const char *cookie)
{
	char path[128];
	int fd, err = owner_path(name, path, sizeof(path));

	if (err)
		return err;
	if ((mkdir(OWNER_DIR, 0700) && errno != EEXIST) ||
	    (mkdir(OWNER_NETNS_DIR, 0700) && errno != EEXIST))
		return -errno;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	err = write(fd, cookie, COOKIE_LEN) == COOKIE_LEN ? 0 : -EIO;
	close(fd);
	return err;
}

static void owner_forget(const char *name)
{
	char path[128];

	if (!owner_path(name, path, sizeof(path)))
		unlink(path);
}

static int new_cookie(char *cookie)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char rnd[COOKIE_LEN / 2];
	int i;

	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		return -EIO;
	for (i = 0; i < COOKIE_LEN / 2; i++) {
		cookie[2 * i] = hex[rnd[i] >> 4];
		cookie[2 * i + 1] = hex[rnd[i] & 15];
	}
	cookie[COOKIE_LEN] = 0;
	return 0;
}

/* Mark the current namespace as kmirror's (lo's alias). */
static int mark_current(const char *cookie)
{
	char alias[sizeof(OWNER_MARK) + COOKIE_LEN];

	snprintf(alias, sizeof(alias), "%s%s", OWNER_MARK, cookie ? cookie : "private");
	return lo_alias_set(alias);
}

int km_netns_owner(const char *name)
{
	char path[128], cookie[COOKIE_LEN + 1], want[sizeof(OWNER_MARK) + COOKIE_LEN];
	char alias[128];
	struct stat st;
	int err = netns_path(name, path, sizeof(path)), prev;

	if (err)
		return err;
	if (lstat(path, &st))
		return errno == ENOENT ? KM_NETNS_ABSENT : -errno;
	err = owner_cookie(name, cookie);
	if (!path_is_nsfs(path)) {
		/* An empty file left by a kmirror that died while creating
		 * the namespace: its cookie was written first. */
		if (!err && S_ISREG(st.st_mode) && st.st_size == 0)
			return KM_NETNS_STALE;
		return KM_NETNS_NOT_NS;
	}
	if (err)
		return KM_NETNS_FOREIGN;
	err = km_netns_enter(name, &prev);
	if (err)
		return err;
	err = lo_alias_get(alias, sizeof(alias));
	if (km_netns_return(prev))
		abort();	/* never go on in the wrong namespace */
	if (err)
		return err == -ENODEV ? KM_NETNS_FOREIGN : err;
	snprintf(want, sizeof(want), "%s%s", OWNER_MARK, cookie);
	return strcmp(alias, want) ? KM_NETNS_FOREIGN : KM_NETNS_OURS;
}

/* As iproute2 does: /run/netns is a shared mount point, so a namespace
 * mounted there is seen by every mount namespace (and `ip netns`). */
static int netns_run_dir(void)
{
	if (mkdir(NETNS_RUN_DIR, 0755) && errno != EEXIST)
		return -errno;
	if (!mount("", NETNS_RUN_DIR, "none", MS_SHARED | MS_REC, NULL))
		return 0;
	if (errno != EINVAL)
		return -errno;
	if (mount(NETNS_RUN_DIR, NETNS_RUN_DIR, "none", MS_BIND | MS_REC, NULL))
		return -errno;
	if (mount("", NETNS_RUN_DIR, "none", MS_SHARED | MS_REC, NULL))
		return -errno;
	return 0;
}

int km_netns_create(const char *name)
{
	char path[128], cookie[COOKIE_LEN + 1];
	int err, fd, prev;

	err = netns_path(name, path, sizeof(path));
	if (err)
		return err;
	switch ((err = km_netns_owner(name))) {
	case KM_NETNS_ABSENT:
		break;
	case KM_NETNS_STALE:
		unlink(path);	/* our own, from a crash */
		break;
	default:
		return err < 0 ? err : -EEXIST;
	}
	err = netns_run_dir();
	if (!err)
		err = new_cookie(cookie);
	if (!err)	/* first, so that a crash leaves a name known as ours */
		err = owner_write(name, cookie);
	if (err)
		return err;
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0);
	if (fd < 0) {
		err = -errno;
		owner_forget(name);
		return err;
	}
	close(fd);
	prev = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (prev < 0) {
		err = -errno;
		unlink(path);
		owner_forget(name);
		return err;
	}
	if (unshare(CLONE_NEWNET)) {
		err = -errno;
		goto out;
	}
	err = mark_current(cookie);
	if (!err && mount("/proc/thread-self/ns/net", path, "none", MS_BIND, NULL))
		err = -errno;
	if (setns(prev, CLONE_NEWNET) && !err)
		err = -errno;
out:
	close(prev);
	if (err) {
		umount2(path, MNT_DETACH);
		unlink(path);
		owner_forget(name);
	}
	return err;
}

int km_netns_delete(const char *name)
{
	char path[128];
	int err = netns_path(name, path, sizeof(path));

	if (err)
		return err;
	switch ((err = km_netns_owner(name))) {
	case KM_NETNS_ABSENT:
		return -ENOENT;
	case KM_NETNS_FOREIGN:
		return -EPERM;		/* someone else's namespace */
	case KM_NETNS_NOT_NS:
		return -ENOTSUP;	/* not a namespace at all: never removed */
	case KM_NETNS_OURS:
		/* Lazy: a process still inside keeps the namespace alive
		 * until it exits; the name is gone at once. */
		if (umount2(path, MNT_DETACH))
			return -errno;
		/* fall through */
	case KM_NETNS_STALE:
		if (unlink(path))
			return -errno;
		owner_forget(name);
		return 0;
	default:
		return err;
	}
}

int km_netns_enter(const char *name, int *prev_fd)
{
	char path[128];
	int err = netns_path(name, path, sizeof(path));
	int fd, prev = -1;

	if (err)
		return err;
	if (!path_is_nsfs(path))
		return -ENOENT;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (prev_fd) {
		prev = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
		if (prev < 0) {
			err = -errno;
			close(fd);
			return err;
		}
	}
	if (setns(fd, CLONE_NEWNET)) {
		err = -errno;
		close(fd);
		if (prev >= 0)
			close(prev);
		return err;
	}
	close(fd);
	if (prev_fd)
		*prev_fd = prev;
	return 0;
}

int km_netns_return(int prev_fd)
{
	int err = 0;

	if (prev_fd < 0)
		return -EBADF;
	if (setns(prev_fd, CLONE_NEWNET))
		err = -errno;
	close(prev_fd);
	return err;
}

int km_netns_private(void)
{
	if (unshare(CLONE_NEWNET))
		return -errno;
	return mark_current(NULL);
}

/* ---- netlink (libmnl builds, checks and walks the messages) ---- */

/* A request: a header, its family's fixed part, a few short attributes. */
#define NL_REQ_LEN	1024

/* A fresh request of `type` with a zeroed `extra`-byte family header. */
static struct nlmsghdr *nl_req(char *buf, int type, unsigned int flags,
			       size_t extra, void **hdr)
{
	struct nlmsghdr *n = mnl_nlmsg_put_header(buf);

	n->nlmsg_type = (unsigned short)type;
	n->nlmsg_flags = (unsigned short)flags;
	*hdr = mnl_nlmsg_put_extra_header(n, extra);
	return n;
}

/* Send n on a fresh socket of `bus` and give each answer to cb (NULL: an
 * acknowledgement is all we want): 0 or -errno, -ETIMEDOUT if the kernel
 * stays silent NL_TIMEOUT_MS. */
static int nl_run(int bus, struct nlmsghdr *n, mnl_cb_t cb, void *ctx)
{
	struct timeval tv = { NL_TIMEOUT_MS / 1000, (NL_TIMEOUT_MS % 1000) * 1000 };
	struct mnl_socket *nl = mnl_socket_open2(bus, SOCK_CLOEXEC);
	char buf[16384];
	unsigned int portid;
	int err = -ETIMEDOUT, i;

	if (!nl)
		return -errno;
	if (setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVTIMEO, &tv,
		       sizeof(tv)) ||
	    mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_sendto(nl, n, n->nlmsg_len) < 0) {
		err = -errno;
		goto out;
	}
	portid = mnl_socket_get_portid(nl);
	for (i = 0; i < NL_READS_MAX; i++) {
		ssize_t len = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		int rc;

		if (len <= 0) {
			err = !len ? 0 : errno == EAGAIN ? -ETIMEDOUT : -errno;
			break;
		}
		/* MNL_CB_STOP: acknowledged, or the dump is done */
		rc = mnl_cb_run(buf, (size_t)len, n->nlmsg_seq, portid, cb, ctx);
		if (rc <= MNL_CB_STOP) {
			err = rc < 0 ? -errno : 0;
			break;
		}
	}
out:
	mnl_socket_close(nl);
	return err;
}

/* Send a request and wait for its acknowledgement: 0 or -errno. */
static int nl_talk(struct nlmsghdr *n)
{
	n->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	n->nlmsg_seq = 1;
	return nl_run(NETLINK_ROUTE, n, NULL, NULL);
}

/* Run a dump request; cb() sees every message. */
static int nl_dump(int bus, struct nlmsghdr *n, mnl_cb_t cb, void *ctx)
{
	n->nlmsg_flags |= NLM_F_REQUEST | NLM_F_DUMP;
	n->nlmsg_seq = 2;
	return nl_run(bus, n, cb, ctx);
}

static int ifindex_of(const char *ifname)
{
	unsigned int i = if_nametoindex(ifname);

	return i ? (int)i : -ENODEV;
}

static int parse_addr(const char *s, uint32_t *out)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return -EINVAL;
	*out = a.s_addr;
	return 0;
}

/* RTM_NEWLINK (set flags, and an alias if not NULL) or RTM_DELLINK on an
 * existing interface. */
static int link_request(const char *ifname, int type, unsigned int flags,
			unsigned int change, const char *alias)
{
	char buf[NL_REQ_LEN];
	struct ifinfomsg *ifi;
	struct nlmsghdr *n;
	int idx = ifindex_of(ifname);

	if (idx < 0)
		return idx;
	n = nl_req(buf, type, 0, sizeof(*ifi), (void **)&ifi);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = idx;
	ifi->ifi_flags = flags;
	ifi->ifi_change = change;
	if (alias && !mnl_attr_put_str_check(n, sizeof(buf), IFLA_IFALIAS, alias))
		return -ENOBUFS;
	return nl_talk(n);
}

/* lo's alias (IFLA_IFALIAS) in the current namespace: kmirror's mark. */
static int lo_alias_set(const char *alias)
{
	return link_request("lo", RTM_NEWLINK, 0, 0, alias);
}

struct alias_find {
	char	*buf;
	size_t	len;
	int	found;
};

static int alias_cb(const struct nlmsghdr *h, void *ctx)
{
	struct alias_find *f = ctx;
	const char *alias = "";
	const struct nlattr *a;
	bool lo = false;
	int alen = 0;

	if (h->nlmsg_type != RTM_NEWLINK || f->found)
		return MNL_CB_OK;
	mnl_attr_for_each(a, h, sizeof(struct ifinfomsg)) {
		int n = (int)mnl_attr_get_payload_len(a);

		if (mnl_attr_get_type(a) == IFLA_IFNAME) {
			lo = n >= 3 && !memcmp(mnl_attr_get_payload(a), "lo", 3);
		} else if (mnl_attr_get_type(a) == IFLA_IFALIAS) {
			alias = mnl_attr_get_payload(a);
			alen = (int)strnlen(alias, (size_t)n);
		}
	}
	if (lo) {
		f->found = 1;
		snprintf(f->buf, f->len, "%.*s", alen, alias);
	}
	return MNL_CB_OK;
}

static int lo_alias_get(char *buf, size_t len)
{
	struct alias_find f = { buf, len, 0 };
	char req[NL_REQ_LEN];
	struct ifinfomsg *ifi;
	struct nlmsghdr *n = nl_req(req, RTM_GETLINK, 0, sizeof(*ifi),
				    (void **)&ifi);
	int err;

	ifi->ifi_family = AF_UNSPEC;
	buf[0] = 0;
	err = nl_dump(NETLINK_ROUTE, n, alias_cb, &f);
	if (err)
		return err;
	return f.found ? 0 : -ENODEV;
}

int km_nl_link_up(const char *ifname)
{
	return link_request(ifname, RTM_NEWLINK, IFF_UP, IFF_UP, NULL);
}

int km_nl_link_del(const char *ifname)
{
	return link_request(ifname, RTM_DELLINK, 0, 0, NULL);
}

int km_nl_addr_add(const char *ifname, const char *addr, int prefixlen)
{
	char buf[NL_REQ_LEN];
	struct ifaddrmsg *ifa;
	struct nlmsghdr *n;
	uint32_t a;
	int idx = ifindex_of(ifname), err;

	if (idx < 0)
		return idx;
	if (parse_addr(addr, &a) || prefixlen < 0 || prefixlen > 32)
		return -EINVAL;
	n = nl_req(buf, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, sizeof(*ifa),
		   (void **)&ifa);
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = (unsigned char)prefixlen;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (unsigned int)idx;
	/* Local and "address" alike: a plain subnet, not a peer address. */
	if (!mnl_attr_put_u32_check(n, sizeof(buf), IFA_LOCAL, a) ||
	    !mnl_attr_put_u32_check(n, sizeof(buf), IFA_ADDRESS, a))
		return -ENOBUFS;
	err = nl_talk(n);
	return err == -EEXIST ? 0 : err;
}

int km_nl_route_add_type(const char *prefix, int prefixlen, const char *type)
{
	char buf[NL_REQ_LEN];
	struct rtmsg *rtm;
	struct nlmsghdr *n;
	uint32_t dst;
	int err;

	if (parse_addr(prefix, &dst) || prefixlen < 0 || prefixlen > 32)
		return -EINVAL;
	n = nl_req(buf, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, sizeof(*rtm),
		   (void **)&rtm);
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = (unsigned char)prefixlen;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	if (!strcmp(type, "blackhole"))
		rtm->rtm_type = RTN_BLACKHOLE;
	else if (!strcmp(type, "unreachable"))
		rtm->rtm_type = RTN_UNREACHABLE;
	else if (!strcmp(type, "prohibit"))
		rtm->rtm_type = RTN_PROHIBIT;
	else
		return -EINVAL;
	if (!mnl_attr_put_u32_check(n, sizeof(buf), RTA_DST, dst))
		return -ENOBUFS;
	err = nl_talk(n);
	return err == -EEXIST ? 0 : err;
}

int km_nl_veth_add(const char *name, const char *peer, int peer_ns_fd)
{
	char buf[NL_REQ_LEN];
	struct ifinfomsg *ifi;
	struct nlattr *linkinfo, *data, *peerinfo;
	struct nlmsghdr *n;

	n = nl_req(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, sizeof(*ifi),
		   (void **)&ifi);
	ifi->ifi_family = AF_UNSPEC;
	if (!mnl_attr_put_strz_check(n, sizeof(buf), IFLA_IFNAME, name) ||
	    !(linkinfo = mnl_attr_nest_start_check(n, sizeof(buf), IFLA_LINKINFO)) ||
	    !mnl_attr_put_strz_check(n, sizeof(buf), IFLA_INFO_KIND, "veth") ||
	    !(data = mnl_attr_nest_start_check(n, sizeof(buf), IFLA_INFO_DATA)) ||
	    !(peerinfo = mnl_attr_nest_start_check(n, sizeof(buf), VETH_INFO_PEER)) ||
	    n->nlmsg_len + MNL_ALIGN(sizeof(*ifi)) > sizeof(buf))
		return -ENOBUFS;
	/* The peer's description: an ifinfomsg, then its own attributes. */
	ifi = mnl_nlmsg_put_extra_header(n, sizeof(*ifi));
	if (!mnl_attr_put_strz_check(n, sizeof(buf), IFLA_IFNAME, peer) ||
	    (peer_ns_fd >= 0 &&
	     !mnl_attr_put_u32_check(n, sizeof(buf), IFLA_NET_NS_FD,
				     (uint32_t)peer_ns_fd)))
		return -ENOBUFS;
	mnl_attr_nest_end(n, peerinfo);
	mnl_attr_nest_end(n, data);
	mnl_attr_nest_end(n, linkinfo);
	return nl_talk(n);
}

/* Write a sysctl of the current namespace (/proc/sys is per namespace). */
static int write_sysctl(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	close(fd);
	return n == (ssize_t)strlen(val) ? 0 : -EIO;
}

int km_tun_ns_configure(bool persist, int *tun_fd)
{
	char alias[64];
	int err, fd;

	/* Never in a namespace kmirror did not make (the host's own above
	 * all): this one must carry the mark. */
	err = lo_alias_get(alias, sizeof(alias));
	if (err)
		return err;
	if (strncmp(alias, OWNER_MARK, strlen(OWNER_MARK)))
		return -KM_ENOTOURS;
	err = km_nl_link_up("lo");
	if (err)
		return err;
	/* The mirror speaks IPv4 only: no IPv6 in this namespace, so Linux
	 * sends no router solicitations into the device. Best effort (the
	 * machine may have no IPv6 at all). */
	write_sysctl("/proc/sys/net/ipv6/conf/all/disable_ipv6", "1");
	write_sysctl("/proc/sys/net/ipv6/conf/default/disable_ipv6", "1");
	fd = km_tun_open(KM_TUN_IFNAME);
	if (fd < 0)
		return fd;
	write_sysctl("/proc/sys/net/ipv6/conf/" KM_TUN_IFNAME "/disable_ipv6", "1");
	if (persist) {
		err = km_tun_set_persist(fd, true);
		if (err)
			goto fail;
	}
	err = km_nl_addr_add(KM_TUN_IFNAME, KM_TUN_LINUX_ADDR, KM_TUN_PREFIXLEN);
	if (!err)
		err = km_nl_link_up(KM_TUN_IFNAME);
	if (!err)
		err = km_nl_route_add_type(KM_TUN_DROP_NET, 24, "blackhole");
	if (err)
		goto fail;
	/* Only this namespace's own settings: answer every datagram to a
	 * closed port with an ICMP error (no rate limit), so that repeated
	 * runs behave the same. Best effort. */
	write_sysctl("/proc/sys/net/ipv4/icmp_ratelimit", "0");
	if (tun_fd)
		*tun_fd = fd;
	else
		close(fd);
	return 0;
fail:
	if (persist)
		km_tun_set_persist(fd, false);
	close(fd);
	return err;
}

/* ---- reading the configuration back ---- */

struct nl_link {
	int		index;
	char		name[IFNAMSIZ];
	unsigned int	flags;
	char		addrs[160];
};

struct nl_view {
	struct nl_link	links[32];
	int		nlinks;
	char		routes[512];
	/* for the collision check */
	uint32_t	block, block_mask;
	int		collide;
	char		*what;
	size_t		what_len;
};

static struct nl_link *view_link(struct nl_view *v, int index)
{
	int i;

	for (i = 0; i < v->nlinks; i++)
		if (v->links[i].index == index)
			return &v->links[i];
	return NULL;
}

static void __attribute__((format(printf, 3, 4)))
appendf(char *buf, size_t cap, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= cap)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, cap - used, fmt, ap);
	va_end(ap);
}

static int link_cb(const struct nlmsghdr *h, void *ctx)
{
	struct nl_view *v = ctx;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(h);
	const struct nlattr *a;
	struct nl_link *l;

	if (h->nlmsg_type != RTM_NEWLINK || v->nlinks >= 32)
		return MNL_CB_OK;
	l = &v->links[v->nlinks++];
	memset(l, 0, sizeof(*l));
	l->index = ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	mnl_attr_for_each(a, h, sizeof(*ifi))
		if (mnl_attr_get_type(a) == IFLA_IFNAME)
			snprintf(l->name, sizeof(l->name), "%.*s",
				 (int)mnl_attr_get_payload_len(a),
				 (const char *)mnl_attr_get_payload(a));
	return MNL_CB_OK;
}

static bool overlaps(const struct nl_view *v, uint32_t addr, int plen)
{
	uint32_t m = plen ? htonl(~0U << (32 - plen)) : 0;
	/* Two prefixes overlap when they agree under the shorter mask. */
	uint32_t both = ntohl(m) < ntohl(v->block_mask) ? m : v->block_mask;

	return plen > 0 && ((addr ^ v->block) & both) == 0;
}

static int addr_cb(const struct nlmsghdr *h, void *ctx)
{
	struct nl_view *v = ctx;
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(h);
	const struct nlattr *a;
	struct nl_link *l = view_link(v, (int)ifa->ifa_index);

	if (h->nlmsg_type != RTM_NEWADDR || ifa->ifa_family != AF_INET)
		return MNL_CB_OK;
	mnl_attr_for_each(a, h, sizeof(*ifa)) {
		char s[INET_ADDRSTRLEN];
		uint32_t addr;

		if (mnl_attr_get_type(a) != IFA_LOCAL ||
		    mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			continue;
		addr = mnl_attr_get_u32(a);
		inet_ntop(AF_INET, &addr, s, sizeof(s));
		if (l)
			appendf(l->addrs, sizeof(l->addrs), " %s/%d", s,
				ifa->ifa_prefixlen);
		if (v->what && !v->collide && overlaps(v, addr, ifa->ifa_prefixlen)) {
			v->collide = 1;
			snprintf(v->what, v->what_len, "address %s/%d on %s", s,
				 ifa->ifa_prefixlen, l ? l->name : "?");
		}
	}
	return MNL_CB_OK;
}

static const char *rtn_name(int type)
{
	switch (type) {
	case RTN_UNICAST: return "unicast";
	case RTN_LOCAL: return "local";
	case RTN_BROADCAST: return "broadcast";
	case RTN_BLACKHOLE: return "blackhole";
	case RTN_UNREACHABLE: return "unreachable";
	case RTN_PROHIBIT: return "prohibit";
	default: return "other";
	}
}

static int route_cb(const struct nlmsghdr *h, void *ctx)
{
	struct nl_view *v = ctx;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(h);
	const struct nlattr *a;
	uint32_t dst = 0;
	int oif = 0;
	char s[INET_ADDRSTRLEN];
	struct nl_link *l;

	if (h->nlmsg_type != RTM_NEWROUTE || rtm->rtm_family != AF_INET ||
	    rtm->rtm_table != RT_TABLE_MAIN)
		return MNL_CB_OK;
	mnl_attr_for_each(a, h, sizeof(*rtm)) {
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			continue;
		if (mnl_attr_get_type(a) == RTA_DST)
			dst = mnl_attr_get_u32(a);
		else if (mnl_attr_get_type(a) == RTA_OIF)
			oif = (int)mnl_attr_get_u32(a);
	}
	inet_ntop(AF_INET, &dst, s, sizeof(s));
	l = view_link(v, oif);
	appendf(v->routes, sizeof(v->routes), "  route %s/%d %s%s%s\n", s,
		rtm->rtm_dst_len, rtn_name(rtm->rtm_type), l ? " dev " : "",
		l ? l->name : "");
	if (v->what && !v->collide && overlaps(v, dst, rtm->rtm_dst_len)) {
		v->collide = 1;
		snprintf(v->what, v->what_len, "route %s/%d", s, rtm->rtm_dst_len);
	}
	return MNL_CB_OK;
}

static int view_load(struct nl_view *v)
{
	char buf[NL_REQ_LEN];
	struct ifinfomsg *ifi;
	struct ifaddrmsg *ifa;
	struct rtmsg *rtm;
	struct nlmsghdr *n;
	int err;

	n = nl_req(buf, RTM_GETLINK, 0, sizeof(*ifi), (void **)&ifi);
	ifi->ifi_family = AF_UNSPEC;
	err = nl_dump(NETLINK_ROUTE, n, link_cb, v);
	if (err)
		return err;
	n = nl_req(buf, RTM_GETADDR, 0, sizeof(*ifa), (void **)&ifa);
	ifa->ifa_family = AF_INET;
	err = nl_dump(NETLINK_ROUTE, n, addr_cb, v);
	if (err)
		return err;
	n = nl_req(buf, RTM_GETROUTE, 0, sizeof(*rtm), (void **)&rtm);
	rtm->rtm_family = AF_INET;
	return nl_dump(NETLINK_ROUTE, n, route_cb, v);
}

int km_nl_describe(char *buf, size_t len)
{
	struct nl_view *v = calloc(1, sizeof(*v));
	size_t used = 0;
	int err, i;

	if (!v)
		return -ENOMEM;
	err = view_load(v);
	if (err) {
		free(v);
		return err;
	}
	buf[0] = 0;
	for (i = 0; i < v->nlinks && used < len; i++) {
		const struct nl_link *l = &v->links[i];

		used += (size_t)snprintf(buf + used, len - used, "  link %-8s %s%s%s\n",
					 l->name, l->flags & IFF_UP ? "UP" : "DOWN",
					 l->flags & IFF_LOWER_UP ? ",carrier" : "",
					 l->addrs);
	}
	if (used < len)
		used += (size_t)snprintf(buf + used, len - used, "%s", v->routes);
	free(v);
	return (int)(used < len ? used : len - 1);
}

int km_tun_plan_collision(char *what, size_t len)
{
	struct nl_view *v = calloc(1, sizeof(*v));
	int err;

	if (!v)
		return -ENOMEM;
	parse_addr(KM_TUN_PLAN_BLOCK, &v->block);
	v->block_mask = htonl(~0U << (32 - KM_TUN_PLAN_BLOCK_LEN));
	v->what = what;
	v->what_len = len;
	if (len)
		what[0] = 0;
	err = view_load(v);
	if (!err)
		err = v->collide;
	free(v);
	return err;
}

/* ---- what the Linux kernel says ---- */

struct diag_find {
	uint32_t	laddr, raddr;
	uint16_t	lport, rport;	/* network order */
	int		state;
};

static int diag_cb(const struct nlmsghdr *h, void *ctx)
{
	struct diag_find *f = ctx;
	const struct inet_diag_msg *m = mnl_nlmsg_get_payload(h);

	if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    mnl_nlmsg_get_payload_len(h) < sizeof(*m))
		return MNL_CB_OK;
	if (m->id.idiag_src[0] == f->laddr && m->id.idiag_dst[0] == f->raddr &&
	    m->id.idiag_sport == f->lport && m->id.idiag_dport == f->rport)
		f->state = m->idiag_state;
	return MNL_CB_OK;
}

int km_linux_tcp_state(uint32_t laddr, uint16_t lport, uint32_t raddr,
		       uint16_t rport)
{
	char buf[NL_REQ_LEN];
	struct inet_diag_req_v2 *req;
	struct nlmsghdr *n;
	struct diag_find f = {
		.laddr = laddr, .raddr = raddr,
		.lport = htons(lport), .rport = htons(rport), .state = -ENOENT,
	};
	int err;

	n = nl_req(buf, SOCK_DIAG_BY_FAMILY, 0, sizeof(*req), (void **)&req);
	req->sdiag_family = AF_INET;
	req->sdiag_protocol = IPPROTO_TCP;
	req->idiag_states = ~0U;
	err = nl_dump(NETLINK_SOCK_DIAG, n, diag_cb, &f);
	return err ? err : f.state;
}

long long km_linux_snmp(const char *name)
{
	char head[2048], vals[2048];
	FILE *f = fopen("/proc/net/snmp", "r");
	long long result = -1;
	int pairs = 0;

	if (!f)
		return -1;
	while (result < 0 && pairs++ < 32 && fgets(head, sizeof(head), f) &&
	       fgets(vals, sizeof(vals), f)) {
		char *hs, *vs, *h, *v;
		size_t plen;

		h = strtok_r(head, " \n", &hs);
		v = strtok_r(vals, " \n", &vs);
		if (!h || !v || !(plen = strlen(h)) || h[plen - 1] != ':')
			continue;
		/* "Tcp:" + "OutRsts" = "TcpOutRsts" */
		if (strncmp(name, h, plen - 1))
			continue;
		while ((h = strtok_r(NULL, " \n", &hs)) &&
		       (v = strtok_r(NULL, " \n", &vs))) {
			if (!strcmp(name + plen - 1, h)) {
				result = strtoll(v, NULL, 10);
				break;
			}
		}
	}
	fclose(f);
	return result;
}

/* ---- capabilities ---- */

bool km_have_cap(int cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0,
	};
	struct __user_cap_data_struct data[2];

	if (cap < 0 || cap >= 64)
		return false;
	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data))
		return false;
	return data[cap / 32].effective & (1U << (cap % 32));
}
