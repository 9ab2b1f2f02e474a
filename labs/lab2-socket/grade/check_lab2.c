// SPDX-License-Identifier: GPL-2.0
/*
 * Lab 2 — what socket() builds: the graded tests (labs/lab2-socket/README.md).
 *
 * Students write two parts of inet_create() (kernel_mirror/net/ipv4/af_inet.c,
 * regions "protosw_lookup" and "inet_sock_init"). The tests call socket()
 * with every (type, protocol) pair that matters, as an ordinary user, as
 * root and with single capabilities, and check the errno, the protocol
 * found and the fields of the new sock — and, where a field changes what
 * goes on the wire, the packet.
 *
 * Expected results come from a model of Linux 5.0's rules written in this
 * file (model_create(), after net/ipv4/af_inet.c:258-316 and the
 * inetsw_array[] of :1082-1116), never from the code under test. The
 * kmirror kernel, like a kernel built without SCTP, DCCP or L2TP, has
 * exactly the four inetsw_array[] protocols and no module to load.
 *
 * One TCase per test, named like the test: the grader runs them one at a
 * time (CK_RUN_CASE). Points: grade/points.
 */
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <netinet/ip.h>
#include "kmtest.h"

/* include/uapi/linux/capability.h:209 */
#define CAP_NET_RAW_BIT		(1ULL << 13)
/* include/uapi/linux/in.h:124-125 */
#define PMTUDISC_DONT		0
#define PMTUDISC_WANT		1
/* include/linux/net.h:70, 73 (SOCK_PACKET is 10, SOCK_MAX 11) */
#define TYPE_SOCK_PACKET	10

/* ---- the model: what Linux 5.0's inet_create() decides ---- */

/* include/net/protocol.h:97-99 */
#define PROTOSW_REUSE		0x1
#define PROTOSW_PERMANENT	0x2
#define PROTOSW_ICSK		0x4

struct entry {
	int		type, protocol;
	const char	*prot, *ops;
	unsigned int	flags;
};

/*
 * inetsw[] as inet_init() leaves it: inetsw_array[] (af_inet.c:1082-1116)
 * registered in order, each entry after the permanent ones of its type
 * (inet_register_protosw, af_inet.c:1133-1150): inetsw[SOCK_DGRAM] is UDP
 * then ICMP. The raw entry's protocol IPPROTO_IP is a wildcard.
 */
static const struct entry inetsw_model[] = {
	{ SOCK_STREAM, IPPROTO_TCP,  "tcp_prot",  "inet_stream_ops",
	  PROTOSW_PERMANENT | PROTOSW_ICSK },
	{ SOCK_DGRAM,  IPPROTO_UDP,  "udp_prot",  "inet_dgram_ops",  PROTOSW_PERMANENT },
	{ SOCK_DGRAM,  IPPROTO_ICMP, "ping_prot", "inet_sockraw_ops", PROTOSW_REUSE },
	{ SOCK_RAW,    IPPROTO_IP,   "raw_prot",  "inet_sockraw_ops", PROTOSW_REUSE },
};
#define NENTRIES	((int)(sizeof(inetsw_model) / sizeof(inetsw_model[0])))

struct verdict {
	long		err;		/* -errno, or 0 */
	const struct entry *e;		/* the entry found */
	int		protocol;	/* the protocol after the lookup */
	char		why[200];	/* the rule, for a failure message */
};

/*
 * inet_create up to the allocation (af_inet.c:258-316), then ping's
 * init (ping_init_sock, net/ipv4/ping.c:281: EACCES unless a group of the
 * task is in ping_group_range, empty by default, so always here).
 */
static struct verdict model_create(int type, int protocol, bool cap_net_raw)
{
	struct verdict v = { .err = -ESOCKTNOSUPPORT, .protocol = protocol };
	int k, seen = 0;

	if (protocol < 0 || protocol >= 256) {
		v.err = -EINVAL;
		snprintf(v.why, sizeof(v.why), "protocol %d is outside 0..255 "
			 "(af_inet.c:258), checked before any lookup", protocol);
		return v;
	}
	for (k = 0; k < NENTRIES; k++) {
		const struct entry *e = &inetsw_model[k];

		if (e->type != type)
			continue;
		seen++;
		if (protocol == e->protocol && protocol != IPPROTO_IP) {
			v.err = 0;
		} else if (protocol != e->protocol && protocol == IPPROTO_IP) {
			v.err = 0;
			v.protocol = e->protocol;
		} else if (protocol != e->protocol && e->protocol == IPPROTO_IP) {
			v.err = 0;
		}
		if (!v.err) {
			v.e = e;
			break;
		}
		v.err = -EPROTONOSUPPORT;
	}
	if (!seen) {
		snprintf(v.why, sizeof(v.why), "inetsw[%d] is empty: no IPv4 "
			 "protocol has this type (af_inet.c:265)", type);
		return v;
	}
	if (v.err) {
		snprintf(v.why, sizeof(v.why), "no entry of inetsw[%d] matches "
			 "protocol %d exactly or as a wildcard; protocol 0 never "
			 "matches a wildcard entry (af_inet.c:271-283)", type, protocol);
		return v;
	}
	if (type == SOCK_RAW && !cap_net_raw) {
		v.err = -EPERM;
		snprintf(v.why, sizeof(v.why), "the raw entry matched, but a user "
			 "without CAP_NET_RAW may not have it (af_inet.c:308-311), "
			 "a check made after the lookup");
		return v;
	}
	if (v.e->protocol == IPPROTO_ICMP && type == SOCK_DGRAM) {
		v.err = -EACCES;
		snprintf(v.why, sizeof(v.why), "the ping entry matched; its init "
			 "refuses a task none of whose groups is in ping_group_range "
			 "(ping.c:281)");
		return v;
	}
	snprintf(v.why, sizeof(v.why), "inetsw[%d] entry %s, protocol %d",
		 type, v.e->prot, v.protocol);
	return v;
}

/* ---- helpers ---- */

static const char *type_name(int type)
{
	static const char *const n[] = {
		"0", "SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM",
		"SOCK_SEQPACKET", "SOCK_DCCP", "7", "8", "9", "SOCK_PACKET"
	};

	return type >= 0 && type <= 10 ? n[type] : "?";
}

/* An ENOSYS from the handout's stubs deserves a hint. */
static const char *hint(long got)
{
	return got == -ENOSYS ? " (ENOSYS: a LAB 2 stub is still in place)" : "";
}

static long sock_u(struct task_struct *t, long fd, const char *f)
{
	return (long)kmt_field_u(t, (int)fd, "sock", f);
}

/* getsockopt() of an int option. */
static int sockopt_int(struct task_struct *t, long fd, int level, int name)
{
	int v = -12345, len = sizeof(v);

	kmt_assert_ret(km_getsockopt(t, (int)fd, level, name, &v, &len), 0);
	return v;
}

/*
 * socket(AF_INET, type, protocol) by t, against the model: the errno, or
 * the entry (sk_prot, ops) and the protocol found (sk_protocol,
 * SO_PROTOCOL). Closes what it opened.
 */
static void check_pair(struct task_struct *t, const char *who, bool cap,
		       int type, int protocol)
{
	struct verdict v = model_create(type, protocol, cap);
	long fd;

	kmt_step("socket(AF_INET, %s, %d) by %s", type_name(type), protocol, who);
	fd = km_socket(t, AF_INET, type, protocol);
	if (v.err) {
		ck_assert_msg(fd == v.err, "[%s] expected %s: %s; got %s%s", T.step,
			      kmt_errname(v.err), v.why, kmt_errname(fd), hint(fd));
		return;
	}
	ck_assert_msg(fd >= 0, "[%s] expected a socket (%s), got %s%s", T.step,
		      v.why, kmt_errname(fd), hint(fd));
	kmt_assert_field(t, (int)fd, "sock", "sk_prot", v.e->prot);
	kmt_assert_field(t, (int)fd, "socket", "ops", v.e->ops);
	ck_assert_msg(sock_u(t, fd, "sk_protocol") == v.protocol,
		      "[%s] sk_protocol: expected %d (%s), got %ld", T.step,
		      v.protocol, v.why, sock_u(t, fd, "sk_protocol"));
	ck_assert_int_eq(sockopt_int(t, fd, SOL_SOCKET, SO_PROTOCOL), v.protocol);
	kmt_assert_ret(km_close(t, (int)fd), 0);
}

/* A task of uid `uid` with exactly these capabilities. */
static struct task_struct *task_with_caps(const char *name, unsigned int uid,
					  unsigned long long caps)
{
	struct task_struct *t = km_task_new(T.h, name, uid);

	km_task_set_caps(t, caps);
	return t;
}

/* Let T.app open ping sockets: its group in ping_group_range. */
static void allow_ping(void)
{
	km_sysctl_set(T.h, "net.ipv4.ping_group_range[0]", 100);
	km_sysctl_set(T.h, "net.ipv4.ping_group_range[1]", 200);
	km_task_set_groups(T.app, 150, NULL, 0);
}

static long must_open(struct task_struct *t, int type, int protocol)
{
	long fd = km_socket(t, AF_INET, type, protocol);

	ck_assert_msg(fd >= 0, "[%s] socket(AF_INET, %s, %d): expected a socket, "
		      "got %s%s", T.step, type_name(type), protocol,
		      kmt_errname(fd), hint(fd));
	return fd;
}

/* Send one UDP datagram to 10.0.0.2:5353 and read it off the wire. */
static void udp_datagram(long fd, struct km_seg *s)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, 5353);

	kmt_assert_ret(km_sendto(T.app, (int)fd, "x", 1, 0, &a, sizeof(a)), 1);
	kmt_wire_expect(s);
	ck_assert_msg(s->protocol == IPPROTO_UDP, "[%s] expected a UDP datagram, "
		      "the host sent IP protocol %u", T.step, s->protocol);
}

static const int protocols[] = {
	0, IPPROTO_ICMP, 2 /* IGMP */, IPPROTO_TCP, IPPROTO_UDP, 33 /* DCCP */,
	132 /* SCTP */, 136 /* UDPLITE */, IPPROTO_RAW,
};
#define NPROTOCOLS	((int)(sizeof(protocols) / sizeof(protocols[0])))

typedef void (*entry_check)(const struct entry *e, struct task_struct *t, long fd);

/*
 * check() on a new socket of each inetsw entry (the raw wildcard asked for
 * ICMP; UDP's left out unless with_udp): raw ones opened by root, the
 * others by T.app, allowed to open ping sockets.
 */
static void each_entry(entry_check check, bool with_udp)
{
	struct task_struct *t;
	int k;

	allow_ping();
	for (k = 0; k < NENTRIES; k++) {
		const struct entry *e = &inetsw_model[k];

		if (e->protocol == IPPROTO_UDP && !with_udp)
			continue;
		t = e->type == SOCK_RAW ? T.root : T.app;
		kmt_step("a new %s socket", e->prot);
		check(e, t, must_open(t, e->type, e->protocol ? e->protocol : IPPROTO_ICMP));
	}
}

static void setup(void)
{
	kmt_seed = 0;
	kmt_setup_wire();
}

/* ---- part 1: the lookup ---- */

/* Every protocol of protocols[] with this type, by a user and by root. */
static void every_protocol(int type)
{
	int k;

	for (k = 0; k < NPROTOCOLS; k++) {
		check_pair(T.app, "a user", false, type, protocols[k]);
		check_pair(T.root, "root", true, type, protocols[k]);
	}
}

/* inetsw[SOCK_STREAM] = { TCP }: 0 and 6 find TCP, nothing else does. */
START_TEST(test_stream_type_protocol_pairs)
{
	every_protocol(SOCK_STREAM);
}
END_TEST

/* inetsw[SOCK_DGRAM] = { UDP, ICMP }: 0 takes the first, UDP. */
START_TEST(test_dgram_type_protocol_pairs)
{
	every_protocol(SOCK_DGRAM);
}
END_TEST

/* (SOCK_DGRAM, IPPROTO_ICMP) finds the ping entry (af_inet.c:1101-1107);
 * with the task's group in ping_group_range its init accepts it. */
START_TEST(test_dgram_icmp_finds_the_ping_entry)
{
	long fd;

	check_pair(T.app, "a user, ping_group_range empty", false, SOCK_DGRAM, IPPROTO_ICMP);
	kmt_step("ping_group_range 100..200, the task's group 150");
	allow_ping();
	fd = must_open(T.app, SOCK_DGRAM, IPPROTO_ICMP);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_prot", "ping_prot");
	kmt_assert_field(T.app, (int)fd, "socket", "ops", "inet_sockraw_ops");
	ck_assert_int_eq(sock_u(T.app, fd, "sk_protocol"), IPPROTO_ICMP);
	kmt_step("and SOCK_DGRAM with protocol 0 is still UDP, the first entry");
	fd = must_open(T.app, SOCK_DGRAM, 0);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_prot", "udp_prot");
}
END_TEST

/*
 * inetsw[SOCK_RAW] = { IPPROTO_IP wildcard }: every protocol 1..255 finds
 * it, as given (sk_protocol and inet_num are the protocol asked for);
 * protocol 0 matches the entry exactly, and an exact match on IPPROTO_IP
 * is no match (af_inet.c:271-273): EPROTONOSUPPORT.
 */
START_TEST(test_raw_type_all_protocols_as_root)
{
	struct verdict v;
	long fd;
	int p;

	check_pair(T.root, "root", true, SOCK_RAW, 0);
	check_pair(T.root, "root", true, SOCK_RAW, 256);
	for (p = 1; p < 256; p++) {
		v = model_create(SOCK_RAW, p, true);
		kmt_step("socket(AF_INET, SOCK_RAW, %d) by root", p);
		fd = km_socket(T.root, AF_INET, SOCK_RAW, p);
		ck_assert_msg(fd >= 0, "[%s] expected a socket (%s), got %s%s", T.step,
			      v.why, kmt_errname(fd), hint(fd));
		ck_assert_msg(sockopt_int(T.root, fd, SOL_SOCKET, SO_PROTOCOL) == p,
			      "[%s] SO_PROTOCOL (sk_protocol): expected %d, the protocol "
			      "asked for (the entry's IPPROTO_IP is only a wildcard), got %d",
			      T.step, p, sockopt_int(T.root, fd, SOL_SOCKET, SO_PROTOCOL));
		kmt_assert_field(T.root, (int)fd, "sock", "sk_prot", "raw_prot");
		kmt_assert_ret(km_close(T.root, (int)fd), 0);
	}
}
END_TEST

/* Types with no inetsw[] entry (af_inet.c:265): ESOCKTNOSUPPORT whatever
 * the protocol in range — the lookup never compares a protocol. */
START_TEST(test_types_without_an_entry_are_esocktnosupport)
{
	static const int types[] = { 0, SOCK_RDM, SOCK_SEQPACKET, 6, 7, 8, 9 };
	unsigned int i;
	int k;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		for (k = 0; k < NPROTOCOLS; k++)
			check_pair(T.root, "root", true, types[i], protocols[k]);
}
END_TEST

/* af_inet.c:258: the protocol range comes first, for every type. */
START_TEST(test_protocol_out_of_range_is_einval_first)
{
	static const int bad[] = { -1, 256, 257, 1000, INT_MAX, INT_MIN };
	unsigned int i;
	int type;

	for (type = 0; type < TYPE_SOCK_PACKET; type++)
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			check_pair(T.app, "a user", false, type, bad[i]);
			check_pair(T.root, "root", true, type, bad[i]);
		}
}
END_TEST

/*
 * af_inet.c:308-311: a raw socket needs CAP_NET_RAW — but only once the
 * lookup found the raw entry: protocol 0 is still EPROTONOSUPPORT and
 * 256 still EINVAL for a user.
 */
START_TEST(test_raw_without_cap_net_raw_is_eperm)
{
	static const int p[] = { 0, IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP,
				 132, IPPROTO_RAW, 256 };
	unsigned int i;

	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++)
		check_pair(T.app, "a user without CAP_NET_RAW", false, SOCK_RAW, p[i]);
}
END_TEST

/* ns_capable(CAP_NET_RAW) decides (af_inet.c:310): not the uid, not
 * another capability such as CAP_NET_ADMIN or CAP_SYS_ADMIN. */
START_TEST(test_cap_net_raw_alone_decides)
{
	struct task_struct *raw_only = task_with_caps("pinger", 1000, CAP_NET_RAW_BIT);
	struct task_struct *root_no_raw = task_with_caps("rootish", 0, ~CAP_NET_RAW_BIT);

	check_pair(raw_only, "uid 1000 with CAP_NET_RAW only", true, SOCK_RAW, IPPROTO_ICMP);
	check_pair(raw_only, "uid 1000 with CAP_NET_RAW only", true, SOCK_RAW, IPPROTO_RAW);
	check_pair(root_no_raw, "uid 0 with every capability but CAP_NET_RAW", false,
		   SOCK_RAW, IPPROTO_ICMP);
	check_pair(root_no_raw, "uid 0 with every capability but CAP_NET_RAW", false,
		   SOCK_RAW, IPPROTO_UDP);
}
END_TEST

/*
 * Protocol 0 takes the entry's protocol (af_inet.c:276-278), which is
 * what sk_protocol gets and what ip_queue_xmit() writes into every IP
 * header (net/ipv4/ip_output.c:488): the SYN of a socket(AF_INET,
 * SOCK_STREAM, 0) says protocol 6.
 */
START_TEST(test_wildcard_request_takes_the_entry_protocol)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, 80);
	struct km_seg syn, dg;
	long fd;

	kmt_step("socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), connect()");
	fd = must_open(T.app, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ck_assert_int_eq(sockopt_int(T.app, fd, SOL_SOCKET, SO_PROTOCOL), IPPROTO_TCP);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
	kmt_wire_expect(&syn);
	ck_assert_msg(syn.protocol == IPPROTO_TCP,
		      "[%s] the SYN's IP header says protocol %u, expected 6: "
		      "sk_protocol must be the protocol found, not the 0 asked for",
		      T.step, syn.protocol);
	kmt_step("socket(AF_INET, SOCK_DGRAM, 0), sendto()");
	fd = must_open(T.app, SOCK_DGRAM, 0);
	ck_assert_int_eq(sockopt_int(T.app, fd, SOL_SOCKET, SO_PROTOCOL), IPPROTO_UDP);
	udp_datagram(fd, &dg);
}
END_TEST

/*
 * sock->state = SS_UNCONNECTED (af_inet.c:261), and the entry's proto_ops
 * (:313): connect() on a stream socket sends a SYN only from
 * SS_UNCONNECTED (:630-644); listen() on a datagram socket is
 * sock_no_listen (:1026); poll() on a raw socket is datagram_poll (:1056).
 */
START_TEST(test_new_socket_is_unconnected_with_the_entry_ops)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, 80);
	struct km_seg syn;
	long tcp, udp, raw;

	tcp = must_open(T.app, SOCK_STREAM | SOCK_NONBLOCK, 0);
	udp = must_open(T.app, SOCK_DGRAM, 0);
	raw = must_open(T.root, SOCK_RAW, IPPROTO_ICMP);
	kmt_step("struct socket state and ops");
	kmt_assert_field(T.app, (int)tcp, "socket", "state", "SS_UNCONNECTED");
	kmt_assert_field(T.app, (int)udp, "socket", "state", "SS_UNCONNECTED");
	kmt_assert_field(T.root, (int)raw, "socket", "state", "SS_UNCONNECTED");
	kmt_assert_field(T.app, (int)tcp, "socket", "ops", "inet_stream_ops");
	kmt_assert_field(T.app, (int)udp, "socket", "ops", "inet_dgram_ops");
	kmt_assert_field(T.root, (int)raw, "socket", "ops", "inet_sockraw_ops");
	kmt_step("listen() on the UDP socket: sock_no_listen");
	kmt_assert_ret(km_listen(T.app, (int)udp, 5), -EOPNOTSUPP);
	kmt_step("connect() on the new TCP socket sends a SYN");
	kmt_assert_ret(km_connect(T.app, (int)tcp, &a, sizeof(a)), -EINPROGRESS);
	kmt_wire_expect(&syn);
	ck_assert_msg(syn.flags == KM_TH_SYN, "[%s] expected a SYN", T.step);
	kmt_assert_field(T.app, (int)tcp, "socket", "state", "SS_CONNECTING");
}
END_TEST

/* ---- part 2: the fields of the new sock ---- */

/* is_icsk from INET_PROTOSW_ICSK (af_inet.c:330): TCP's entry only. */
static void check_is_icsk(const struct entry *e, struct task_struct *t, long fd)
{
	kmt_assert_field(t, (int)fd, "sock", "is_icsk", e->flags & PROTOSW_ICSK ? "1" : "0");
}

START_TEST(test_only_tcp_is_a_connection_socket)
{
	each_entry(check_is_icsk, true);
}
END_TEST

/*
 * INET_PROTOSW_REUSE (af_inet.c:326-327) on the ping and raw entries:
 * sk_reuse = SK_CAN_REUSE, which SO_REUSEADDR reports (net/core/sock.c:1137)
 * and which lets two ping sockets share one echo identifier
 * (ping_get_port, net/ipv4/ping.c:126).
 */
static void check_reuse(const struct entry *e, struct task_struct *t, long fd)
{
	int want = e->flags & PROTOSW_REUSE ? 1 : 0;

	ck_assert_msg(sockopt_int(t, fd, SOL_SOCKET, SO_REUSEADDR) == want,
		      "[%s] SO_REUSEADDR: expected %d: %s", T.step, want,
		      want ? "its entry is flagged INET_PROTOSW_REUSE"
			   : "its entry has no INET_PROTOSW_REUSE");
}

START_TEST(test_raw_and_ping_sockets_may_reuse)
{
	struct sockaddr_in a = kmt_addr("0.0.0.0", 4242);
	long p1, p2;

	each_entry(check_reuse, true);
	kmt_step("two ping sockets bound to echo identifier 4242");
	p1 = must_open(T.app, SOCK_DGRAM, IPPROTO_ICMP);
	p2 = must_open(T.app, SOCK_DGRAM, IPPROTO_ICMP);
	kmt_assert_ret(km_bind(T.app, (int)p1, &a, sizeof(a)), 0);
	kmt_assert_ret(km_bind(T.app, (int)p2, &a, sizeof(a)), 0);
}
END_TEST

/*
 * A raw socket is numbered by its protocol (af_inet.c:334-335), its
 * source "port" is that number (:369), and it is hashed into the raw table
 * at once (:371): an ICMP packet for the host reaches a raw ICMP socket
 * (raw_local_deliver, net/ipv4/raw.c:211), not a raw UDP one.
 */
START_TEST(test_raw_socket_is_bound_to_its_protocol)
{
	static const unsigned char echo[8] = "pingpong";
	struct sockaddr_in a;
	int alen = sizeof(a);
	long icmp, udp, tcp;

	icmp = must_open(T.root, SOCK_RAW, IPPROTO_ICMP);
	udp = must_open(T.root, SOCK_RAW, IPPROTO_UDP);
	tcp = must_open(T.app, SOCK_STREAM, 0);
	kmt_step("inet_num is the protocol; TCP's stays 0 until bind/connect");
	ck_assert_msg(sock_u(T.root, icmp, "sk_num") == IPPROTO_ICMP,
		      "[%s] raw ICMP socket: sk_num %ld, expected 1", T.step,
		      sock_u(T.root, icmp, "sk_num"));
	ck_assert_msg(sock_u(T.root, udp, "sk_num") == IPPROTO_UDP,
		      "[%s] raw UDP socket: sk_num %ld, expected 17", T.step,
		      sock_u(T.root, udp, "sk_num"));
	ck_assert_int_eq(sock_u(T.app, tcp, "sk_num"), 0);
	kmt_step("getsockname() of the raw ICMP socket shows port 1 (inet_sport)");
	kmt_assert_ret(km_getsockname(T.root, (int)icmp, &a, &alen), 0);
	ck_assert_msg(ntohs(a.sin_port) == IPPROTO_ICMP,
		      "[%s] sin_port %u, expected 1: inet_sport = htons(inet_num)",
		      T.step, ntohs(a.sin_port));
	kmt_step("an ICMP echo request from 10.0.0.2 is copied to the raw ICMP socket");
	kmt_inject_icmp(KMT_PEER, 8, 0, 0x00010001, echo, sizeof(echo));
	ck_assert_msg(sock_u(T.root, icmp, "sk_receive_queue.qlen") == 1,
		      "[%s] the raw ICMP socket queued %ld packets, expected 1: is it "
		      "in the raw table (sk_prot->hash) under its protocol?", T.step,
		      sock_u(T.root, icmp, "sk_receive_queue.qlen"));
	ck_assert_int_eq(sock_u(T.root, udp, "sk_receive_queue.qlen"), 0);
}
END_TEST

/* hdrincl (af_inet.c:336-337): only IPPROTO_RAW sockets write their own
 * IP header; other raw sockets and the rest do not. */
START_TEST(test_only_ipproto_raw_includes_the_header)
{
	static const int p[] = { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, 254, IPPROTO_RAW };
	unsigned int i;
	long fd;

	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		kmt_step("hdrincl of socket(AF_INET, SOCK_RAW, %d)", p[i]);
		fd = must_open(T.root, SOCK_RAW, p[i]);
		kmt_assert_field(T.root, (int)fd, "sock", "hdrincl",
				 p[i] == IPPROTO_RAW ? "1" : "0");
	}
	kmt_step("a UDP socket");
	fd = must_open(T.app, SOCK_DGRAM, 0);
	kmt_assert_field(T.app, (int)fd, "sock", "hdrincl", "0");
}
END_TEST

/*
 * pmtudisc = IP_PMTUDISC_WANT by default (af_inet.c:340-343): packets
 * leave with DF set (ip_dont_fragment, include/net/ip.h:373), and
 * IP_MTU_DISCOVER reports 1.
 */
START_TEST(test_path_mtu_discovery_is_wanted_by_default)
{
	struct km_seg syn, dg;
	long tcp, udp;

	udp = must_open(T.app, SOCK_DGRAM, 0);
	ck_assert_int_eq(sockopt_int(T.app, udp, SOL_IP, IP_MTU_DISCOVER), PMTUDISC_WANT);
	kmt_step("a UDP datagram carries DF");
	udp_datagram(udp, &dg);
	ck_assert_msg(dg.df, "[%s] no DF: pmtudisc should be IP_PMTUDISC_WANT", T.step);
	kmt_step("so does the SYN");
	tcp = kmt_start_connect(80, &syn);
	kmt_assert_field(T.app, (int)tcp, "sock", "pmtudisc", "IP_PMTUDISC_WANT");
	ck_assert_msg(syn.df, "[%s] no DF on the SYN", T.step);
}
END_TEST

/* net.ipv4.ip_no_pmtu_disc = 1 makes new sockets IP_PMTUDISC_DONT
 * (af_inet.c:340-341): no DF. Sockets created before keep WANT. */
START_TEST(test_ip_no_pmtu_disc_turns_df_off)
{
	struct km_seg dg;
	long before, udp;

	before = must_open(T.app, SOCK_DGRAM, 0);
	km_sysctl_set(T.h, "net.ipv4.ip_no_pmtu_disc", 1);
	udp = must_open(T.app, SOCK_DGRAM, 0);
	kmt_step("a socket made after the sysctl is IP_PMTUDISC_DONT");
	ck_assert_int_eq(sockopt_int(T.app, udp, SOL_IP, IP_MTU_DISCOVER), PMTUDISC_DONT);
	udp_datagram(udp, &dg);
	ck_assert_msg(!dg.df, "[%s] DF set: the sysctl asks for IP_PMTUDISC_DONT", T.step);
	kmt_step("the one made before still wants PMTU discovery");
	ck_assert_int_eq(sockopt_int(T.app, before, SOL_IP, IP_MTU_DISCOVER), PMTUDISC_WANT);
	udp_datagram(before, &dg);
	ck_assert(dg.df);
}
END_TEST

/*
 * uc_ttl = -1 (af_inet.c:353): "no TTL of my own", so each packet takes
 * net.ipv4.ip_default_ttl at the time it is sent (ip_select_ttl,
 * net/ipv4/ip_output.c:130), and IP_TTL reports it (ip_sockglue.c:1388-1392).
 */
START_TEST(test_unicast_ttl_follows_the_sysctl)
{
	struct km_seg dg, syn;
	long udp;

	udp = must_open(T.app, SOCK_DGRAM, 0);
	kmt_assert_field(T.app, (int)udp, "sock", "uc_ttl", "-1");
	ck_assert_int_eq(sockopt_int(T.app, udp, SOL_IP, IP_TTL), 64);
	udp_datagram(udp, &dg);
	ck_assert_msg(dg.ttl == 64, "[%s] TTL %u, expected ip_default_ttl 64", T.step, dg.ttl);
	kmt_step("ip_default_ttl 100: the same socket now sends with TTL 100");
	km_sysctl_set(T.h, "net.ipv4.ip_default_ttl", 100);
	ck_assert_int_eq(sockopt_int(T.app, udp, SOL_IP, IP_TTL), 100);
	udp_datagram(udp, &dg);
	ck_assert_msg(dg.ttl == 100, "[%s] TTL %u, expected 100", T.step, dg.ttl);
	kmt_step("and a TCP socket's SYN too");
	kmt_start_connect(80, &syn);
	ck_assert_msg(syn.ttl == 100, "[%s] SYN TTL %u, expected 100", T.step, syn.ttl);
}
END_TEST

/* af_inet.c:332, 345, 354-359: multicast TTL 1, loop on, mc_all on, no
 * multicast interface, rcv_tos 0, nodefrag off, inet_id 0. */
static void check_defaults(const struct entry *e, struct task_struct *t, long fd)
{
	(void)e;
	ck_assert_int_eq(sockopt_int(t, fd, SOL_IP, IP_MULTICAST_TTL), 1);
	ck_assert_int_eq(sockopt_int(t, fd, SOL_IP, IP_MULTICAST_LOOP), 1);
	kmt_assert_field(t, (int)fd, "sock", "mc_ttl", "1");
	kmt_assert_field(t, (int)fd, "sock", "mc_loop", "1");
	kmt_assert_field(t, (int)fd, "sock", "mc_all", "1");
	kmt_assert_field(t, (int)fd, "sock", "mc_index", "0");
	kmt_assert_field(t, (int)fd, "sock", "rcv_tos", "0x0");
	kmt_assert_field(t, (int)fd, "sock", "nodefrag", "0");
	kmt_assert_field(t, (int)fd, "sock", "inet_id", "0");
}

START_TEST(test_multicast_and_other_defaults)
{
	each_entry(check_defaults, true);
}
END_TEST

/*
 * sk_protocol = the protocol found (af_inet.c:350) — for a raw socket the
 * one asked for, never the entry's wildcard 0 — and SO_PROTOCOL reports it
 * (net/core/sock.c:1153).
 */
START_TEST(test_sk_protocol_is_the_protocol_found)
{
	static const int p[] = { IPPROTO_ICMP, IPPROTO_UDP, 132, IPPROTO_RAW };
	unsigned int i;
	long fd;

	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		kmt_step("sk_protocol of socket(AF_INET, SOCK_RAW, %d)", p[i]);
		fd = must_open(T.root, SOCK_RAW, p[i]);
		ck_assert_msg(sock_u(T.root, fd, "sk_protocol") == p[i],
			      "[%s] expected %d, got %ld", T.step, p[i],
			      sock_u(T.root, fd, "sk_protocol"));
		ck_assert_int_eq(sockopt_int(T.root, fd, SOL_SOCKET, SO_PROTOCOL), p[i]);
	}
	kmt_step("a ping socket: IPPROTO_ICMP");
	allow_ping();
	fd = must_open(T.app, SOCK_DGRAM, IPPROTO_ICMP);
	ck_assert_int_eq(sock_u(T.app, fd, "sk_protocol"), IPPROTO_ICMP);
}
END_TEST

/*
 * sk_destruct = inet_sock_destruct, set after sock_init_data() which
 * installs the generic sock_def_destruct (net/core/sock.c:2740;
 * af_inet.c:347-349); UDP's init then puts udp_destruct_sock in front of
 * it (net/ipv4/udp.c:1520), which ends by calling it. Only the IPv4
 * destructor drops the queued packets and the cached route: a connected
 * raw socket with a packet waiting must leave nothing behind.
 */
static void check_destructor(const struct entry *e, struct task_struct *t, long fd)
{
	(void)e;
	kmt_assert_field(t, (int)fd, "sock", "sk_destruct", "inet_sock_destruct");
	kmt_assert_ret(km_close(t, (int)fd), 0);
}

START_TEST(test_ipv4_destructor_frees_route_and_queue)
{
	static const unsigned char echo[8] = "pingpong";
	struct sockaddr_in a = kmt_addr(KMT_PEER, 0);
	char left[256];
	long raw;

	each_entry(check_destructor, false);
	kmt_step("a raw ICMP socket connected to 10.0.0.2 (route cached), an echo queued");
	raw = must_open(T.root, SOCK_RAW, IPPROTO_ICMP);
	kmt_assert_ret(km_connect(T.root, (int)raw, &a, sizeof(a)), 0);
	ck_assert_msg(kmt_field_u(T.root, (int)raw, "sock", "sk_dst_cache") != 0,
		      "[%s] connect() cached no route", T.step);
	kmt_inject_icmp(KMT_PEER, 8, 0, 0x00010001, echo, sizeof(echo));
	ck_assert_int_eq(sock_u(T.root, raw, "sk_receive_queue.qlen"), 1);
	kmt_step("closed: nothing of it is left");
	kmt_assert_ret(km_close(T.root, (int)raw), 0);
	km_world_run_for(T.w, 1000000000LL);
	ck_assert_msg(km_host_live_objects(T.h, left, sizeof(left)) == 0,
		      "[%s] still alive after close: %s (the IPv4 destructor, "
		      "inet_sock_destruct, drops the route and the queues)", T.step, left);
}
END_TEST

/*
 * sk_backlog_rcv = the protocol's backlog_rcv (af_inet.c:351), tcp_v4_do_rcv
 * for TCP (tcp_ipv4.c:2554): a SYN-ACK that arrives while a task holds the
 * socket lock waits in the backlog and is processed by it at release_sock
 * (net/core/sock.c:2284).
 */
START_TEST(test_backlog_handler_is_the_protocol_one)
{
	struct km_seg syn, sa, ack;
	long fd;

	fd = kmt_start_connect(80, &syn);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_backlog_rcv", "tcp_v4_do_rcv");
	kmt_step("the SYN-ACK arrives while the task holds the socket lock");
	kmt_assert_ret(km_fd_sock_lock(T.app, (int)fd, true), 0);
	kmt_synack_for(&syn, &sa, 424242);
	kmt_wire_inject(&sa, 0);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_SYN_SENT");
	kmt_step("release_sock() hands it to sk_backlog_rcv: ESTABLISHED, ACK sent");
	kmt_assert_ret(km_fd_sock_lock(T.app, (int)fd, false), 0);
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_ESTABLISHED");
	kmt_wire_expect(&ack);
	ck_assert_msg(ack.flags == KM_TH_ACK && ack.ack == 424243,
		      "[%s] expected the final ACK of 424243", T.step);
}
END_TEST

/* ---- the suite ---- */

#define CASE(fn)	kmt_lab_case(s, #fn, fn, setup, kmt_teardown)

static Suite *lab2_suite(void)
{
	Suite *s = suite_create("lab2");

	CASE(test_stream_type_protocol_pairs);
	CASE(test_dgram_type_protocol_pairs);
	CASE(test_dgram_icmp_finds_the_ping_entry);
	CASE(test_raw_type_all_protocols_as_root);
	CASE(test_types_without_an_entry_are_esocktnosupport);
	CASE(test_protocol_out_of_range_is_einval_first);
	CASE(test_raw_without_cap_net_raw_is_eperm);
	CASE(test_cap_net_raw_alone_decides);
	CASE(test_wildcard_request_takes_the_entry_protocol);
	CASE(test_new_socket_is_unconnected_with_the_entry_ops);
	CASE(test_only_tcp_is_a_connection_socket);
	CASE(test_raw_and_ping_sockets_may_reuse);
	CASE(test_raw_socket_is_bound_to_its_protocol);
	CASE(test_only_ipproto_raw_includes_the_header);
	CASE(test_path_mtu_discovery_is_wanted_by_default);
	CASE(test_ip_no_pmtu_disc_turns_df_off);
	CASE(test_unicast_ttl_follows_the_sysctl);
	CASE(test_multicast_and_other_defaults);
	CASE(test_sk_protocol_is_the_protocol_found);
	CASE(test_ipv4_destructor_frees_route_and_queue);
	CASE(test_backlog_handler_is_the_protocol_one);
	return s;
}

int main(void)
{
	return kmt_run(lab2_suite());
}
