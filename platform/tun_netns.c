// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror platform: the network namespace the TUN peer lives in, and its
 * configuration — what `ip netns add`, `ip link`, `ip addr`, `ip route`
 * and `ss` would do, done directly with mount(2), setns(2) and netlink so
 * that nothing is shelled out (see kmapi/tun.h and docs/tun.md).
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
/* Bound on the messages of one dump we look at. */
#define NL_DUMP_MAX	4096

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

/* ---- netlink ---- */

struct nl_req {
	struct nlmsghdr	n;
	char		buf[1024];
};

static void *nl_tail(struct nlmsghdr *n)
{
	return (char *)n + NLMSG_ALIGN(n->nlmsg_len);
}

static int nl_attr(struct nlmsghdr *n, size_t cap, int type, const void *data,
		   size_t len)
{
	size_t rl = RTA_LENGTH(len);
	struct rtattr *rta;

	if (NLMSG_ALIGN(n->nlmsg_len) + RTA_ALIGN(rl) > cap)
		return -ENOBUFS;
	rta = nl_tail(n);
	rta->rta_type = (unsigned short)type;
	rta->rta_len = (unsigned short)rl;
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	n->nlmsg_len = (unsigned int)(NLMSG_ALIGN(n->nlmsg_len) + RTA_ALIGN(rl));
	return 0;
}

static struct rtattr *nl_nest(struct nlmsghdr *n, size_t cap, int type)
{
	struct rtattr *nest = nl_tail(n);

	if (nl_attr(n, cap, type, NULL, 0))
		return NULL;
	return nest;
}

static void nl_nest_end(struct nlmsghdr *n, struct rtattr *nest)
{
	nest->rta_len = (unsigned short)((char *)nl_tail(n) - (char *)nest);
}

static int nl_open(int proto)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { NL_TIMEOUT_MS / 1000, (NL_TIMEOUT_MS % 1000) * 1000 };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);

	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

static int nl_send(int fd, struct nlmsghdr *n)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	if (sendto(fd, n, n->nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	return 0;
}

/* Send a request and wait for its acknowledgement: 0 or -errno. */
static int nl_talk(struct nlmsghdr *n)
{
	char buf[8192];
	int fd = nl_open(NETLINK_ROUTE);
	int err, i;

	if (fd < 0)
		return fd;
	n->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	n->nlmsg_seq = 1;
	err = nl_send(fd, n);
	for (i = 0; !err && i < 16; i++) {
		ssize_t len = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h;

		if (len < 0) {
			err = errno == EAGAIN ? -ETIMEDOUT : -errno;
			break;
		}
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != 1 || h->nlmsg_type != NLMSG_ERROR)
				continue;
			err = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
			close(fd);
			return err;
		}
	}
	close(fd);
	return err ? err : -ETIMEDOUT;
}

/* Run a dump request; cb() sees every message. */
static int nl_dump(int proto, struct nlmsghdr *n,
		   int (*cb)(struct nlmsghdr *h, void *ctx), void *ctx)
{
	char buf[16384];
	int fd = nl_open(proto);
	int err, seen = 0;

	if (fd < 0)
		return fd;
	n->nlmsg_flags |= NLM_F_REQUEST | NLM_F_DUMP;
	n->nlmsg_seq = 2;
	err = nl_send(fd, n);
	while (!err && seen < NL_DUMP_MAX) {
		ssize_t len = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h;

		if (len < 0) {
			err = errno == EAGAIN ? -ETIMEDOUT : -errno;
			break;
		}
		if (len == 0)
			break;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_DONE)
				goto done;
			if (h->nlmsg_type == NLMSG_ERROR) {
				err = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
				goto done;
			}
			if (++seen > NL_DUMP_MAX)
				goto done;
			err = cb(h, ctx);
			if (err)
				goto done;
		}
	}
done:
	close(fd);
	return err > 0 ? 0 : err;
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
	struct nl_req r;
	struct ifinfomsg *ifi;
	int idx = ifindex_of(ifname);

	if (idx < 0)
		return idx;
	memset(&r, 0, sizeof(r));
	r.n.nlmsg_len = NLMSG_LENGTH(sizeof(*ifi));
	r.n.nlmsg_type = (unsigned short)type;
	ifi = NLMSG_DATA(&r.n);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = idx;
	ifi->ifi_flags = flags;
	ifi->ifi_change = change;
	if (alias && nl_attr(&r.n, sizeof(r), IFLA_IFALIAS, alias, strlen(alias)))
		return -ENOBUFS;
	return nl_talk(&r.n);
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

static int alias_cb(struct nlmsghdr *h, void *ctx)
{
	struct alias_find *f = ctx;
	struct ifinfomsg *ifi = NLMSG_DATA(h);
	int len = (int)IFLA_PAYLOAD(h), alen = 0;
	const char *alias = "";
	bool lo = false;
	struct rtattr *a;

	if (h->nlmsg_type != RTM_NEWLINK || f->found)
		return 0;
	for (a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		int n = (int)RTA_PAYLOAD(a);

		if (a->rta_type == IFLA_IFNAME) {
			lo = n >= 3 && !memcmp(RTA_DATA(a), "lo", 3);
		} else if (a->rta_type == IFLA_IFALIAS) {
			alias = RTA_DATA(a);
			alen = (int)strnlen(alias, (size_t)n);
		}
	}
	if (lo) {
		f->found = 1;
		snprintf(f->buf, f->len, "%.*s", alen, alias);
	}
	return 0;
}

static int lo_alias_get(char *buf, size_t len)
{
	struct alias_find f = { buf, len, 0 };
	struct nl_req r;
	int err;

	memset(&r, 0, sizeof(r));
	r.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	r.n.nlmsg_type = RTM_GETLINK;
	((struct ifinfomsg *)NLMSG_DATA(&r.n))->ifi_family = AF_UNSPEC;
	buf[0] = 0;
	err = nl_dump(NETLINK_ROUTE, &r.n, alias_cb, &f);
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
	struct nl_req r;
	struct ifaddrmsg *ifa;
	uint32_t a;
	int idx = ifindex_of(ifname), err;

	if (idx < 0)
		return idx;
	if (parse_addr(addr, &a) || prefixlen < 0 || prefixlen > 32)
		return -EINVAL;
	memset(&r, 0, sizeof(r));
	r.n.nlmsg_len = NLMSG_LENGTH(sizeof(*ifa));
	r.n.nlmsg_type = RTM_NEWADDR;
	r.n.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifa = NLMSG_DATA(&r.n);
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = (unsigned char)prefixlen;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (unsigned int)idx;
	/* Local and "address" alike: a plain subnet, not a peer address. */
	if (nl_attr(&r.n, sizeof(r), IFA_LOCAL, &a, 4) ||
	    nl_attr(&r.n, sizeof(r), IFA_ADDRESS, &a, 4))
		return -ENOBUFS;
	err = nl_talk(&r.n);
	return err == -EEXIST ? 0 : err;
}

int km_nl_route_add_type(const char *prefix, int prefixlen, const char *type)
{
	struct nl_req r;
	struct rtmsg *rtm;
	uint32_t dst;
	int err;

	if (parse_addr(prefix, &dst) || prefixlen < 0 || prefixlen > 32)
		return -EINVAL;
	memset(&r, 0, sizeof(r));
	r.n.nlmsg_len = NLMSG_LENGTH(sizeof(*rtm));
	r.n.nlmsg_type = RTM_NEWROUTE;
	r.n.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	rtm = NLMSG_DATA(&r.n);
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
	if (nl_attr(&r.n, sizeof(r), RTA_DST, &dst, 4))
		return -ENOBUFS;
	err = nl_talk(&r.n);
	return err == -EEXIST ? 0 : err;
}

int km_nl_veth_add(const char *name, const char *peer, int peer_ns_fd)
{
	struct nl_req r;
	struct ifinfomsg *ifi, peer_ifi;
	struct rtattr *linkinfo, *data, *peerinfo;
	uint32_t nsfd = (uint32_t)peer_ns_fd;

	memset(&r, 0, sizeof(r));
	memset(&peer_ifi, 0, sizeof(peer_ifi));
	r.n.nlmsg_len = NLMSG_LENGTH(sizeof(*ifi));
	r.n.nlmsg_type = RTM_NEWLINK;
	r.n.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifi = NLMSG_DATA(&r.n);
	ifi->ifi_family = AF_UNSPEC;
	if (nl_attr(&r.n, sizeof(r), IFLA_IFNAME, name, strlen(name) + 1))
		return -ENOBUFS;
	linkinfo = nl_nest(&r.n, sizeof(r), IFLA_LINKINFO);
	if (!linkinfo || nl_attr(&r.n, sizeof(r), IFLA_INFO_KIND, "veth", 5))
		return -ENOBUFS;
	data = nl_nest(&r.n, sizeof(r), IFLA_INFO_DATA);
	if (!data)
		return -ENOBUFS;
	/* The peer's description: an ifinfomsg, then its own attributes. */
	peerinfo = nl_nest(&r.n, sizeof(r), VETH_INFO_PEER);
	if (!peerinfo || NLMSG_ALIGN(r.n.nlmsg_len) + sizeof(peer_ifi) > sizeof(r))
		return -ENOBUFS;
	memcpy((char *)&r + NLMSG_ALIGN(r.n.nlmsg_len), &peer_ifi, sizeof(peer_ifi));
	r.n.nlmsg_len = (unsigned int)(NLMSG_ALIGN(r.n.nlmsg_len) + sizeof(peer_ifi));
	if (nl_attr(&r.n, sizeof(r), IFLA_IFNAME, peer, strlen(peer) + 1))
		return -ENOBUFS;
	if (peer_ns_fd >= 0 &&
	    nl_attr(&r.n, sizeof(r), IFLA_NET_NS_FD, &nsfd, sizeof(nsfd)))
		return -ENOBUFS;
	nl_nest_end(&r.n, peerinfo);
	nl_nest_end(&r.n, data);
	nl_nest_end(&r.n, linkinfo);
	return nl_talk(&r.n);
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

static int link_cb(struct nlmsghdr *h, void *ctx)
{
	struct nl_view *v = ctx;
	struct ifinfomsg *ifi = NLMSG_DATA(h);
	int len = (int)IFLA_PAYLOAD(h);
	struct rtattr *a;
	struct nl_link *l;

	if (h->nlmsg_type != RTM_NEWLINK || v->nlinks >= 32)
		return 0;
	l = &v->links[v->nlinks++];
	memset(l, 0, sizeof(*l));
	l->index = ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	for (a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == IFLA_IFNAME)
			snprintf(l->name, sizeof(l->name), "%s", (char *)RTA_DATA(a));
	return 0;
}

static bool overlaps(const struct nl_view *v, uint32_t addr, int plen)
{
	uint32_t m = plen ? htonl(~0U << (32 - plen)) : 0;
	/* Two prefixes overlap when they agree under the shorter mask. */
	uint32_t both = ntohl(m) < ntohl(v->block_mask) ? m : v->block_mask;

	return plen > 0 && ((addr ^ v->block) & both) == 0;
}

static int addr_cb(struct nlmsghdr *h, void *ctx)
{
	struct nl_view *v = ctx;
	struct ifaddrmsg *ifa = NLMSG_DATA(h);
	int len = (int)IFA_PAYLOAD(h);
	struct rtattr *a;
	struct nl_link *l = view_link(v, (int)ifa->ifa_index);

	if (h->nlmsg_type != RTM_NEWADDR || ifa->ifa_family != AF_INET)
		return 0;
	for (a = IFA_RTA(ifa); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		char s[INET_ADDRSTRLEN];
		uint32_t addr;

		if (a->rta_type != IFA_LOCAL)
			continue;
		memcpy(&addr, RTA_DATA(a), 4);
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
	return 0;
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

static int route_cb(struct nlmsghdr *h, void *ctx)
{
	struct nl_view *v = ctx;
	struct rtmsg *rtm = NLMSG_DATA(h);
	int len = (int)RTM_PAYLOAD(h);
	struct rtattr *a;
	uint32_t dst = 0;
	int oif = 0;
	char s[INET_ADDRSTRLEN];
	struct nl_link *l;

	if (h->nlmsg_type != RTM_NEWROUTE || rtm->rtm_family != AF_INET ||
	    rtm->rtm_table != RT_TABLE_MAIN)
		return 0;
	for (a = RTM_RTA(rtm); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == RTA_DST)
			memcpy(&dst, RTA_DATA(a), 4);
		else if (a->rta_type == RTA_OIF)
			memcpy(&oif, RTA_DATA(a), 4);
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
	return 0;
}

static int view_load(struct nl_view *v)
{
	struct nl_req r;
	int err;

	memset(&r, 0, sizeof(r));
	r.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	r.n.nlmsg_type = RTM_GETLINK;
	((struct ifinfomsg *)NLMSG_DATA(&r.n))->ifi_family = AF_UNSPEC;
	err = nl_dump(NETLINK_ROUTE, &r.n, link_cb, v);
	if (err)
		return err;
	memset(&r, 0, sizeof(r));
	r.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg));
	r.n.nlmsg_type = RTM_GETADDR;
	((struct ifaddrmsg *)NLMSG_DATA(&r.n))->ifa_family = AF_INET;
	err = nl_dump(NETLINK_ROUTE, &r.n, addr_cb, v);
	if (err)
		return err;
	memset(&r, 0, sizeof(r));
	r.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	r.n.nlmsg_type = RTM_GETROUTE;
	((struct rtmsg *)NLMSG_DATA(&r.n))->rtm_family = AF_INET;
	return nl_dump(NETLINK_ROUTE, &r.n, route_cb, v);
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

static int diag_cb(struct nlmsghdr *h, void *ctx)
{
	struct diag_find *f = ctx;
	struct inet_diag_msg *m = NLMSG_DATA(h);

	if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(*m)))
		return 0;
	if (m->id.idiag_src[0] == f->laddr && m->id.idiag_dst[0] == f->raddr &&
	    m->id.idiag_sport == f->lport && m->id.idiag_dport == f->rport)
		f->state = m->idiag_state;
	return 0;
}

int km_linux_tcp_state(uint32_t laddr, uint16_t lport, uint32_t raddr,
		       uint16_t rport)
{
	struct nl_req r;
	struct inet_diag_req_v2 *req;
	struct diag_find f = {
		.laddr = laddr, .raddr = raddr,
		.lport = htons(lport), .rport = htons(rport), .state = -ENOENT,
	};
	int err;

	memset(&r, 0, sizeof(r));
	r.n.nlmsg_len = NLMSG_LENGTH(sizeof(*req));
	r.n.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req = NLMSG_DATA(&r.n);
	req->sdiag_family = AF_INET;
	req->sdiag_protocol = IPPROTO_TCP;
	req->idiag_states = ~0U;
	err = nl_dump(NETLINK_SOCK_DIAG, &r.n, diag_cb, &f);
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
