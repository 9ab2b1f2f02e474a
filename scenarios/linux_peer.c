// SPDX-License-Identifier: GPL-2.0
/*
 * The Linux kernel as a scenario's peer (--peer linux), and the set-up
 * checks and messages it shares with `kmirror net` (viz/cmd_net.c): see
 * docs/tun.md for the address plan and set-up.
 *
 * Privileges: creating a network namespace and a TUN device needs root
 * (CAP_SYS_ADMIN for the namespace, CAP_NET_ADMIN for the device). A
 * scenario does its set-up first — namespace, device, Linux's sockets
 * (binding port 80 is privileged too) — and then, under sudo, drops back
 * to the invoking user before any mirrored code runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <kmapi/km.h>
#include <kmapi/sim.h>
#include <kmapi/trace.h>
#include <kmapi/tun.h>
#include <kmapi/wire.h>
#include "scenario.h"
#include "linux_peer.h"

#define LINUX_CALL_BUDGET_NS	(30LL * 1000000000)	/* any one call */
#define LINUX_IO_MS		5000	/* longest wait for Linux's socket */

static const char *const snmp_names[] = {
	"TcpActiveOpens", "TcpPassiveOpens", "TcpOutRsts", "IpInAddrErrors",
	"UdpNoPorts", "IcmpOutDestUnreachs",
};
#define NSNMP	(sizeof(snmp_names) / sizeof(snmp_names[0]))

struct linux_peer {
	enum km_linux_role	role;
	struct km_tun		*tun;
	int			fd;		/* Linux's socket, or -1 */
	int			conn_fd;	/* KM_LINUX_LISTEN: the accepted one, or -1 */
	bool			exchanged;	/* data sent or received: the run reports */
	uint16_t		client_port;	/* KM_LINUX_CLIENT */
	bool			closed;		/* the scenario closed Linux's end */
	long long		snmp0[NSNMP];
};

const char *km_linux_tcp_state_name(int state)
{
	static const char *const names[] = {
		"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
		"FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK",
		"LISTEN", "CLOSING", "NEW_SYN_RECV",
	};

	if (state < 0)
		return "no such socket";
	return state < (int)(sizeof(names) / sizeof(names[0])) ? names[state] : "?";
}

/* ---- privileges ---- */

/* "sudo <the command line as typed>" */
static void print_sudo_line(FILE *f)
{
	char buf[1024];
	int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	ssize_t i;

	if (fd >= 0)
		close(fd);
	if (n <= 0) {
		fprintf(f, "    sudo kmirror ...\n");
		return;
	}
	buf[n] = 0;
	for (i = 0; i < n - 1; i++)
		if (!buf[i])
			buf[i] = ' ';
	fprintf(f, "    sudo %s\n", buf);
}

void km_net_explain_privileges(const char *what, int err)
{
	fprintf(stderr,
		"kmirror: %s needs root%s%s%s: the network namespace and the TUN device\n"
		"  are created with CAP_SYS_ADMIN and CAP_NET_ADMIN. Run:\n",
		what, err ? " (" : "", err ? strerror(-err) : "", err ? ")" : "");
	print_sudo_line(stderr);
	fprintf(stderr,
		"  kmirror drops back to your user right after the set-up.\n"
		"  The in-process peers need no root: --peer mirror (default) or --peer script.\n"
		"  In a container: --cap-add NET_ADMIN --device /dev/net/tun, and\n"
		"  --cap-add SYS_ADMIN for the namespace. See docs/tun.md.\n");
}

static void explain_no_tun(void)
{
	fprintf(stderr,
		"kmirror: this system has no /dev/net/tun, which --peer linux needs.\n"
		"  On a Linux machine: sudo modprobe tun\n"
		"  In a container: start it with --cap-add NET_ADMIN --device /dev/net/tun\n"
		"  (and --cap-add SYS_ADMIN for the namespace; WSL2 and others: see\n"
		"  docs/tun.md). The in-process peers need nothing:\n"
		"  --peer mirror (default) or --peer script.\n");
}

int km_net_check_setup(const char *what)
{
	if (access("/dev/net/tun", F_OK)) {
		explain_no_tun();
		return 1;
	}
	if (!km_have_cap(KM_CAP_NET_ADMIN) || !km_have_cap(KM_CAP_SYS_ADMIN)) {
		km_net_explain_privileges(what, 0);
		return 1;
	}
	return 0;
}

/* An id as sudo writes it: decimal digits only (no sign, no spaces),
 * below 2^31. 0 on success. */
static int parse_id(const char *s, unsigned long *out)
{
	unsigned long v = 0;
	const char *p;

	if (!s || !*s || strlen(s) > 10)
		return -1;
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (v > 0x7fffffffUL)
		return -1;
	*out = v;
	return 0;
}

/*
 * Under sudo, become the invoking user again (SUDO_UID/SUDO_GID), and say
 * which uid the run continues as. Root without sudo stays root: there is
 * nobody to go back to. Returns 0, or -1 if a drop was asked for (a
 * SUDO_UID or SUDO_GID is set) and cannot be done exactly: then the run
 * must not go on as root.
 */
int km_drop_privileges(void)
{
	const char *su = getenv("SUDO_UID"), *sg = getenv("SUDO_GID");
	char s1[KM_ARG_SHOW], s2[KM_ARG_SHOW];
	unsigned long uid, gid;

	if (getuid() != 0 && geteuid() != 0)
		return 0;	/* not root: nothing to drop */
	if (!su && !sg) {
		fprintf(stderr, "kmirror: set-up done; continuing as uid 0 (root, "
			"not under sudo: no user to return to)\n");
		return 0;
	}
	if (parse_id(su, &uid) || parse_id(sg, &gid)) {
		fprintf(stderr, "kmirror: SUDO_UID='%s' and SUDO_GID='%s' do not name a "
			"user and group;\n  refusing to continue as root\n",
			su ? km_arg_show(su, s1, sizeof(s1)) : "(unset)",
			sg ? km_arg_show(sg, s2, sizeof(s2)) : "(unset)");
		return -1;
	}
	if (uid == 0) {
		fprintf(stderr, "kmirror: set-up done; continuing as uid 0 "
			"(SUDO_UID=0: root ran sudo)\n");
		return 0;
	}
	if (gid == 0) {
		fprintf(stderr, "kmirror: SUDO_GID=0 (group root) for uid %lu; "
			"refusing to continue with root's group\n", uid);
		return -1;
	}
	if (setgroups(1, (gid_t[]){ (gid_t)gid }) || setgid((gid_t)gid) ||
	    setuid((uid_t)uid)) {
		fprintf(stderr, "kmirror: cannot drop root after the set-up (%s); "
			"refusing to continue as root\n", strerror(errno));
		return -1;
	}
	if (getuid() != uid || geteuid() != uid || getgid() != gid ||
	    getegid() != gid || setuid(0) == 0 || km_have_cap(KM_CAP_NET_ADMIN) ||
	    km_have_cap(KM_CAP_SYS_ADMIN)) {
		fprintf(stderr, "kmirror: still able to regain root after the drop; "
			"stopping\n");
		return -1;
	}
	fprintf(stderr, "kmirror: set-up done as root; continuing as uid %lu (SUDO_UID), "
		"gid %lu (SUDO_GID)\n", uid, gid);
	return 0;
}

int km_net_check_env(void)
{
	const char *name = km_netns_name();
	char sh[KM_ARG_SHOW];

	if (!name || km_netns_name_valid(name))
		return 0;
	fprintf(stderr, "kmirror: %s='%s' is not a namespace name: 1 to %d letters,\n"
		"  digits, '-', '_' or '.' (not a path); %s=- for a private namespace\n",
		KM_TUN_NETNS_ENV, km_arg_show(name, sh, sizeof(sh)), KM_NETNS_NAME_MAX,
		KM_TUN_NETNS_ENV);
	return 1;
}

void km_net_explain_not_ours(const char *name, int owner)
{
	if (owner == KM_NETNS_NOT_NS)
		fprintf(stderr, "kmirror: /run/netns/%s exists but is not a network "
			"namespace;\n  kmirror leaves it alone.", name);
	else
		fprintf(stderr, "kmirror: a network namespace named %s exists that "
			"kmirror did not create;\n  kmirror neither configures nor "
			"removes it.", name);
	fprintf(stderr, " Choose another name (%s=NAME),\n"
		"  or %s=- for a private namespace per run.\n", KM_TUN_NETNS_ENV,
		KM_TUN_NETNS_ENV);
}

/* Enter the named namespace if kmirror's is up, else a private one.
 * *persist says which (the TUN device of a named namespace is
 * persistent). 1 after an error message, or -errno. */
static int enter_namespace(bool *persist)
{
	const char *name = km_netns_name();
	int owner;

	*persist = false;
	if (km_net_check_env())
		return 1;
	if (!name)
		return km_netns_private();
	owner = km_netns_owner(name);
	if (owner == KM_NETNS_OURS) {
		int err = km_netns_enter(name, NULL);

		if (!err)
			*persist = true;
		return err;
	}
	if (owner == KM_NETNS_FOREIGN || owner == KM_NETNS_NOT_NS) {
		km_net_explain_not_ours(name, owner);
		return 1;
	}
	return owner < 0 ? owner : km_netns_private();
}

void km_net_explain_tun_error(int err)
{
	const char *name = km_netns_name();

	if (err == -EPERM)
		km_net_explain_privileges("creating the TUN device (TUNSETIFF)", err);
	else if (err == -EBUSY)
		fprintf(stderr, "kmirror: %s in namespace %s is in use by another kmirror;\n"
			"  wait for it, or run with %s=- for a private namespace\n",
			KM_TUN_IFNAME, name ? name : "?", KM_TUN_NETNS_ENV);
	else if (err == -ENOENT || err == -ENODEV)
		explain_no_tun();
	else if (err == -KM_ENOTOURS)
		fprintf(stderr, "kmirror: refusing to configure a network namespace "
			"kmirror did not create\n");
	else
		fprintf(stderr, "kmirror: cannot set up %s: %s\n", KM_TUN_IFNAME,
			strerror(-err));
}

/* ---- the Linux side of a scenario ---- */

static struct sockaddr_in sin_of(const char *addr, uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };

	inet_pton(AF_INET, addr, &a.sin_addr);
	return a;
}

static int open_linux_side(struct linux_peer *lp)
{
	struct sockaddr_in a = sin_of(KM_TUN_LINUX_ADDR, KM_LINUX_PORT);
	int one = 1;

	switch (lp->role) {
	case KM_LINUX_LISTEN:
		lp->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (lp->fd < 0 ||
		    setsockopt(lp->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
		    bind(lp->fd, (struct sockaddr *)&a, sizeof(a)) || listen(lp->fd, 16)) {
			fprintf(stderr, "kmirror: Linux cannot listen on %s:%d: %s\n",
				KM_TUN_LINUX_ADDR, KM_LINUX_PORT, strerror(errno));
			return 1;
		}
		return 0;
	case KM_LINUX_CLIENT:
		lp->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (lp->fd < 0) {
			fprintf(stderr, "kmirror: Linux socket(): %s\n", strerror(errno));
			return 1;
		}
		return 0;
	default:
		return 0;	/* closed ports and the black hole: nothing open */
	}
}

int km_scn_linux_peer_setup_role(struct km_scn *c, enum km_linux_role role)
{
	struct linux_peer *lp;
	bool persist;
	int err, fd;
	size_t i;

	if (km_net_check_setup("--peer linux"))
		return 1;
	err = enter_namespace(&persist);
	if (err) {
		if (err < 0)
			km_net_explain_privileges("--peer linux", err);
		return 1;
	}
	err = km_tun_ns_configure(persist, &fd);
	if (err) {
		km_net_explain_tun_error(err);
		return 1;
	}
	lp = calloc(1, sizeof(*lp));
	if (!lp) {
		close(fd);
		return 1;
	}
	lp->role = role;
	lp->fd = -1;
	lp->conn_fd = -1;
	c->peer_ctx = lp;
	if (open_linux_side(lp)) {
		close(fd);
		return 1;
	}
	for (i = 0; i < NSNMP; i++)
		lp->snmp0[i] = km_linux_snmp(snmp_names[i]);
	/* Root is needed no more: drop it before any mirrored code runs. */
	if (km_drop_privileges()) {
		close(fd);
		return 1;
	}

	/* The mirror host: its eth0 is the TUN device's other end. */
	c->client = km_host_new(c->w, role == KM_LINUX_CLIENT ? "server" : "client");
	lp->tun = km_tun_attach(c->w, c->client, KM_TUN_MIRROR_DEV, 1500, fd);
	if (!lp->tun ||
	    km_host_add_addr(c->client, KM_TUN_MIRROR_DEV,
			     KM_TUN_MIRROR_ADDR "/24") ||
	    km_host_add_route(c->client, "default", KM_TUN_LINUX_ADDR,
			      KM_TUN_MIRROR_DEV, NULL)) {
		if (!lp->tun)
			close(fd);
		fprintf(stderr, "kmirror: cannot build the client host\n");
		return 1;
	}
	km_world_set_call_budget(c->w, LINUX_CALL_BUDGET_NS);
	c->app = km_task_new(c->client, "app", 1000);
	/* A server binding port 80 runs as root (CAP_NET_BIND_SERVICE). */
	if (role == KM_LINUX_CLIENT)
		c->srv = km_task_new(c->client, "server", 0);
	inet_pton(AF_INET, role == KM_LINUX_DROP ? KM_TUN_DROP_ADDR : KM_TUN_LINUX_ADDR,
		  &c->server_addr);
	if (role == KM_LINUX_DROP)
		c->syncnt = KM_LINUX_SYNCNT;
	return 0;
}

int km_scn_linux_peer_setup(struct km_scn *c, int script_mode)
{
	switch (script_mode) {
	case KM_PEER_ACCEPT:
		return km_scn_linux_peer_setup_role(c, KM_LINUX_LISTEN);
	case KM_PEER_REFUSE:
		return km_scn_linux_peer_setup_role(c, KM_LINUX_CLOSED);
	default:
		return km_scn_linux_peer_setup_role(c, KM_LINUX_DROP);
	}
}

void km_scn_linux_peer_teardown(struct km_scn *c)
{
	struct linux_peer *lp = c->peer_ctx;

	if (!lp)
		return;
	if (lp->fd >= 0)
		close(lp->fd);
	if (lp->conn_fd >= 0)
		close(lp->conn_fd);
	/* The attachment stays with the world (freed next): the FIN or RST the
	 * mirror sends as its sockets close still reaches Linux. */
	free(lp);
	c->peer_ctx = NULL;
}

long km_scn_linux_connect(struct km_scn *c, uint16_t port)
{
	struct linux_peer *lp = c->peer_ctx;
	struct sockaddr_in a = sin_of(KM_TUN_MIRROR_ADDR, port);
	struct sockaddr_in me;
	socklen_t len = sizeof(me);
	long ret;

	if (!lp || lp->fd < 0)
		return -EBADF;
	ret = connect(lp->fd, (struct sockaddr *)&a, sizeof(a)) ? -errno : 0;
	if (!getsockname(lp->fd, (struct sockaddr *)&me, &len))
		lp->client_port = ntohs(me.sin_port);
	return ret;
}

long km_scn_linux_accept(struct km_scn *c)
{
	struct linux_peer *lp = c->peer_ctx;
	struct sockaddr_in from;
	socklen_t len = sizeof(from);
	struct pollfd p;

	if (!lp || lp->role != KM_LINUX_LISTEN || lp->fd < 0 || lp->conn_fd >= 0)
		return -EBADF;
	p.fd = lp->fd;
	p.events = POLLIN;
	if (poll(&p, 1, LINUX_IO_MS) <= 0)
		return -EAGAIN;
	lp->conn_fd = accept4(lp->fd, (struct sockaddr *)&from, &len,
			      SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (lp->conn_fd < 0)
		return -errno;
	lp->client_port = ntohs(from.sin_port);
	return lp->conn_fd;
}

/* Linux's end of the connection: the accepted socket, or the client's. */
static int linux_conn_fd(struct km_scn *c)
{
	struct linux_peer *lp = c->peer_ctx;

	if (!lp)
		return -1;
	return lp->role == KM_LINUX_LISTEN ? lp->conn_fd : lp->fd;
}

long km_scn_linux_send(struct km_scn *c, const void *buf, size_t len)
{
	int fd = linux_conn_fd(c);

	if (fd < 0)
		return -EBADF;
	((struct linux_peer *)c->peer_ctx)->exchanged = true;
	return send(fd, buf, len, MSG_NOSIGNAL) < 0 ? -errno : (long)len;
}

long km_scn_linux_recv(struct km_scn *c, void *buf, size_t len)
{
	int fd = linux_conn_fd(c);
	struct pollfd p;
	ssize_t n;

	if (fd < 0)
		return -EBADF;
	((struct linux_peer *)c->peer_ctx)->exchanged = true;
	p.fd = fd;
	p.events = POLLIN;
	if (poll(&p, 1, LINUX_IO_MS) <= 0)
		return -EAGAIN;
	n = recv(fd, buf, len, MSG_DONTWAIT);
	return n < 0 ? -errno : (long)n;
}

/* Close Linux's end of the connection: Linux sends its FIN. */
long km_scn_linux_close(struct km_scn *c)
{
	struct linux_peer *lp = c->peer_ctx;
	int *fd = !lp ? NULL : lp->role == KM_LINUX_LISTEN ? &lp->conn_fd : &lp->fd;
	long ret;

	if (!fd || *fd < 0)
		return -EBADF;
	ret = close(*fd) ? -errno : 0;
	*fd = -1;
	lp->closed = true;
	return ret;
}

int km_scn_linux_conn_state(struct km_scn *c)
{
	struct linux_peer *lp = c->peer_ctx;

	if (!lp)
		return -ENOENT;
	if (lp->role == KM_LINUX_LISTEN)
		return km_scn_linux_tcp_state(c, KM_LINUX_PORT, lp->client_port);
	return km_scn_linux_tcp_state(c, lp->client_port, KM_LINUX_PORT);
}

uint16_t km_scn_linux_client_port(struct km_scn *c)
{
	struct linux_peer *lp = c->peer_ctx;

	return lp ? lp->client_port : 0;
}

int km_scn_linux_tcp_state(struct km_scn *c, uint16_t lport, uint16_t mport)
{
	uint32_t l, m;

	(void)c;
	inet_pton(AF_INET, KM_TUN_LINUX_ADDR, &l);
	inet_pton(AF_INET, KM_TUN_MIRROR_ADDR, &m);
	return km_linux_tcp_state(l, lport, m, mport);
}

static long long snmp_delta(const struct linux_peer *lp, const char *name)
{
	size_t i;

	for (i = 0; i < NSNMP; i++)
		if (!strcmp(snmp_names[i], name))
			return km_linux_snmp(name) - lp->snmp0[i];
	return 0;
}

int km_scn_linux_peer_report(struct km_scn *c)
{
	struct linux_peer *lp = c->peer_ctx;
	int st;

	if (!lp)
		return 0;
	if (lp->closed) {
		/* the scenario closed Linux's end: it judged the states itself */
		km_scn_result(c, "linux: its socket table now: %s",
			      km_linux_tcp_state_name(km_scn_linux_conn_state(c)));
		return 0;
	}
	switch (lp->role) {
	case KM_LINUX_LISTEN: {
		struct sockaddr_in from;
		socklen_t len = sizeof(from);
		int afd;

		if (lp->conn_fd >= 0 || lp->exchanged) {
			/* accepted during the run, which reported on it */
			km_scn_result(c, "linux: TcpPassiveOpens +%lld",
				      snmp_delta(lp, "TcpPassiveOpens"));
			return 0;
		}
		afd = accept4(lp->fd, (struct sockaddr *)&from, &len, SOCK_CLOEXEC);
		if (afd < 0) {
			km_scn_result(c, "linux: accept() = -%s: no connection completed",
				      km_errno_name(errno));
			return 1;
		}
		st = km_scn_linux_tcp_state(c, KM_LINUX_PORT, ntohs(from.sin_port));
		km_scn_result(c, "linux: accept() = connection from %s:%u; "
			      "its socket table: %s", inet_ntoa(from.sin_addr),
			      ntohs(from.sin_port), km_linux_tcp_state_name(st));
		km_scn_result(c, "linux: TcpPassiveOpens +%lld",
			      snmp_delta(lp, "TcpPassiveOpens"));
		close(afd);
		return st != TCP_ESTABLISHED;
	}
	case KM_LINUX_CLOSED:
		km_scn_result(c, "linux: nothing on port %d; TcpOutRsts +%lld",
			      KM_LINUX_PORT, snmp_delta(lp, "TcpOutRsts"));
		return 0;
	case KM_LINUX_DROP:
		km_scn_result(c, "linux: %s is blackholed; IpInAddrErrors +%lld, "
			      "TcpOutRsts +%lld", KM_TUN_DROP_NET "/24",
			      snmp_delta(lp, "IpInAddrErrors"),
			      snmp_delta(lp, "TcpOutRsts"));
		return 0;
	case KM_LINUX_CLIENT:
		if (lp->exchanged) {
			/* an exchange of data: the run reported on it */
			km_scn_result(c, "linux: TcpActiveOpens +%lld",
				      snmp_delta(lp, "TcpActiveOpens"));
			return 0;
		}
		st = km_scn_linux_tcp_state(c, lp->client_port, KM_LINUX_PORT);
		km_scn_result(c, "linux: client socket %s:%u, its socket table: %s",
			      KM_TUN_LINUX_ADDR, lp->client_port,
			      km_linux_tcp_state_name(st));
		km_scn_result(c, "linux: TcpActiveOpens +%lld",
			      snmp_delta(lp, "TcpActiveOpens"));
		return st != TCP_ESTABLISHED;
	case KM_LINUX_UDP_CLOSED:
		km_scn_result(c, "linux: UdpNoPorts +%lld, IcmpOutDestUnreachs +%lld",
			      snmp_delta(lp, "UdpNoPorts"),
			      snmp_delta(lp, "IcmpOutDestUnreachs"));
		return 0;
	}
	return 0;
}
