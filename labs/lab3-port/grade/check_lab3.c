// SPDX-License-Identifier: GPL-2.0
/*
 * Lab 3 — choosing the port: the graded tests (labs/lab3-port/README.md).
 *
 * The host under test is 10.0.0.1 on a test wire; every connect() is
 * non-blocking and the test reads the SYN it sends. Expected ports come
 * from a model of Linux 5.0's rules written in this file (model_connect(),
 * after net/ipv4/inet_hashtables.c:624-737, :465 and net/core/secure_seq.c:145);
 * the only thing taken from the host is its boot secret (net_secret),
 * hashed with the library's siphash (lib/siphash.c, outside the lab).
 *
 * One TCase per test, named like the test: the grader runs them one at a
 * time (CK_RUN_CASE). Points: grade/points.
 */
#include <string.h>
#include <errno.h>
#include "kmtest.h"

#define LOW		32768	/* ip_local_port_range default, 5.0.1 net/ipv4/af_inet.c:1799-1800 */
#define HIGH		60999
#define MAXCONN		64

/* ---- the model: what Linux 5.0 chooses ---- */

struct conn {
	int		port;		/* local port */
	uint32_t	daddr;		/* network order */
	uint16_t	dport;		/* host order */
};

static struct model {
	uint32_t	hint;		/* the host's shared hint, 0 at boot */
	int		low, high;
	int		bound[MAXCONN];	/* ports taken by bind() */
	int		nbound;
	struct conn	conn[MAXCONN];	/* ports taken by connect() */
	int		nconn;
} M;

static void model_reset(int low, int high)
{
	memset(&M, 0, sizeof(M));
	M.low = low;
	M.high = high;
}

/*
 * Can connect() use this port towards daddr:dport? A port bind() took is
 * never used (fastreuse >= 0, inet_hashtables.c:687); a port other
 * connect()s use can be shared when our 4-tuple is still free
 * (__inet_check_established, :399); a port nobody uses gets a new bucket.
 */
static bool model_usable(int port, uint32_t daddr, uint16_t dport)
{
	int k;

	for (k = 0; k < M.nbound; k++)
		if (M.bound[k] == port)
			return false;
	for (k = 0; k < M.nconn; k++)
		if (M.conn[k].port == port && M.conn[k].daddr == daddr &&
		    M.conn[k].dport == dport)
			return false;
	return true;
}

/* Net secret of the host (drawn at its first connect()). */
static void net_secret(uint8_t key[16])
{
	ck_assert_msg(km_host_secret(T.h, "net_secret", key, 16) == 0,
		      "[%s] the host has no net_secret yet: connect() never reached "
		      "secure_ipv4_port_ephemeral()/secure_tcp_seq()", T.step);
}

/* secure_ipv4_port_ephemeral(saddr, daddr, dport), net/core/secure_seq.c:145 */
static uint32_t port_offset(uint32_t daddr, uint16_t dport)
{
	uint8_t key[16];

	net_secret(key);
	return (uint32_t)km_siphash_3u32(T.client, daddr, htons(dport), key);
}

/*
 * The port __inet_hash_connect() picks (inet_hashtables.c:659-719), or
 * -EADDRNOTAVAIL; records the connection and advances the hint as 5.0 does.
 */
static int model_connect(uint32_t daddr, uint16_t dport)
{
	uint32_t remaining = (uint32_t)(M.high + 1 - M.low), offset, i;
	int port;

	if (remaining > 1)
		remaining &= ~1u;
	offset = ((M.hint + port_offset(daddr, dport)) % remaining) & ~1u;
	for (;;) {
		port = M.low + (int)offset;
		for (i = 0; i < remaining; i += 2, port += 2) {
			if (port >= M.high + 1)
				port -= (int)remaining;
			if (model_usable(port, daddr, dport)) {
				M.hint += i + 2;
				ck_assert(M.nconn < MAXCONN);
				M.conn[M.nconn++] = (struct conn){ port, daddr, dport };
				return port;
			}
		}
		offset++;
		if (!((offset & 1) && remaining > 1))
			return -EADDRNOTAVAIL;
	}
}

/* ---- driving the host ---- */

/* socket() + non-blocking connect() to ip:dport; the SYN it sent. */
static long start_connect(const char *ip, uint16_t dport, struct km_seg *syn)
{
	struct sockaddr_in a = kmt_addr(ip, dport);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	ck_assert_msg(fd >= 0, "[%s] socket: %s", T.step, kmt_errname(fd));
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
	kmt_wire_expect(syn);
	return fd;
}

/* A connect() whose port must be the model's; returns the fd. */
static long connect_expect(const char *ip, uint16_t dport)
{
	struct km_seg syn;
	uint32_t daddr;
	uint32_t hint_before = M.hint;
	long fd;
	int want;

	inet_pton(AF_INET, ip, &daddr);
	fd = start_connect(ip, dport, &syn);
	want = model_connect(daddr, dport);
	ck_assert_msg(want > 0, "[%s] the model found no port (test bug)", T.step);
	ck_assert_msg(syn.sport == want,
		      "[%s] connect() to %s:%u used local port %u, expected %d: "
		      "low %d + ((hint %u + secure_ipv4_port_ephemeral() %u) %% %d, "
		      "rounded down to even), then +2 per unusable port",
		      T.step, ip, dport, syn.sport, want, M.low, hint_before,
		      port_offset(daddr, dport), (M.high + 1 - M.low) & ~1);
	ck_assert_uint_eq(kmt_field_u(T.app, (int)fd, "sock", "sk_num"), (unsigned)want);
	return fd;
}

/* bind() a fresh TCP socket to 10.0.0.1:port (a port taken by bind). */
static long bind_port(int port)
{
	struct sockaddr_in a = kmt_addr(KMT_CLIENT, port);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);

	ck_assert(fd >= 0);
	kmt_assert_ret(km_bind(T.app, (int)fd, &a, sizeof(a)), 0);
	M.bound[M.nbound++] = port;
	return fd;
}

static void set_range(int low, int high)
{
	km_sysctl_set(T.h, "net.ipv4.ip_local_port_range[0]", low);
	km_sysctl_set(T.h, "net.ipv4.ip_local_port_range[1]", high);
	model_reset(low, high);
}

static void setup(void)
{
	kmt_seed = 0;
	kmt_setup_wire();
	model_reset(LOW, HIGH);
}

static void setup_seed7(void)
{
	kmt_seed = 7;
	kmt_setup_wire();
	model_reset(LOW, HIGH);
}

static void setup_seed2026(void)
{
	kmt_seed = 2026;
	kmt_setup_wire();
	model_reset(LOW, HIGH);
}

/* ---- the tests ---- */

/* inet_hashtables.c:659-669 with hint 0: low + (offset % 28232 & ~1). */
START_TEST(test_first_port_follows_the_keyed_offset)
{
	long fd;

	kmt_step("first connect() of the host, to 10.0.0.2:80");
	fd = connect_expect(KMT_PEER, 80);
	kmt_step("inet_sport is the chosen port too");
	ck_assert_uint_eq(ntohs((uint16_t)kmt_field_u(T.app, (int)fd, "sock", "inet_sport")),
			  M.conn[0].port);
	kmt_step("the first pass uses even ports");
	ck_assert_msg(M.conn[0].port % 2 == 0, "model bug");
}
END_TEST

/* The same rule under other boot secrets, to several destinations. */
static void several_destinations(void)
{
	kmt_step("10.0.0.2:80");
	connect_expect(KMT_PEER, 80);
	kmt_step("10.0.0.2:443 (hint is now 2)");
	connect_expect(KMT_PEER, 443);
	kmt_step("10.0.1.7:8080 through the gateway");
	connect_expect(KMT_OTHER, 8080);
}

START_TEST(test_first_ports_seed_7)
{
	several_destinations();
}
END_TEST

START_TEST(test_first_ports_seed_2026)
{
	several_destinations();
}
END_TEST

/* inet_hashtables.c:719 `hint += i + 2`: p, p+2, p+4 to one destination. */
START_TEST(test_consecutive_connects_step_by_two)
{
	int k;

	for (k = 0; k < 4; k++) {
		kmt_step("connect() %d to 10.0.0.2:80", k + 1);
		connect_expect(KMT_PEER, 80);
	}
	ck_assert_int_eq(M.conn[1].port, M.conn[0].port + 2);
	ck_assert_int_eq(M.conn[3].port, M.conn[2].port + 2);
}
END_TEST

/* The hint is one per host (Linux: a static in __inet_hash_connect), so a
 * connect() to another destination starts from hint + its own offset. */
START_TEST(test_hint_is_shared_across_destinations)
{
	kmt_step("10.0.0.2:80 (hint 0 -> 2)");
	connect_expect(KMT_PEER, 80);
	kmt_step("10.0.0.2:80 again (hint 2 -> 4)");
	connect_expect(KMT_PEER, 80);
	kmt_step("10.0.1.7:22 starts from hint 4");
	connect_expect(KMT_OTHER, 22);
	kmt_step("10.0.0.2:8080");
	connect_expect(KMT_PEER, 8080);
}
END_TEST

/* inet_hashtables.c:687-691: a bucket made by bind() is never shared. */
START_TEST(test_ports_taken_by_bind_are_skipped)
{
	uint8_t key[16];
	uint32_t off;
	int first;

	kmt_step("a first connect() draws the host's secret");
	connect_expect(KMT_OTHER, 9);
	net_secret(key);
	off = port_offset(T.peer, 80);
	first = LOW + (int)(((M.hint + off) % 28232) & ~1u);
	ck_assert_msg(first + 6 <= HIGH, "test bug: the candidates wrap");
	kmt_step("bind() takes ports %d, %d and %d, the next candidates for 10.0.0.2:80",
		 first, first + 2, first + 4);
	bind_port(first);
	bind_port(first + 2);
	bind_port(first + 4);
	kmt_step("connect() to 10.0.0.2:80 must go past them");
	connect_expect(KMT_PEER, 80);
	ck_assert_int_eq(M.conn[1].port, first + 6);
	kmt_step("and the hint moved by i + 2 = 8: the next connect() to 10.0.1.7:9");
	connect_expect(KMT_OTHER, 9);
}
END_TEST

/* inet_hashtables.c:693-697: a bucket made by connect() is shared when the
 * 4-tuple differs. A range of two ports makes every search start at the
 * same (even) port. */
START_TEST(test_port_shared_with_another_destination)
{
	kmt_step("ip_local_port_range 40000 40001");
	set_range(40000, 40001);
	kmt_step("connect() to 10.0.0.2:80");
	connect_expect(KMT_PEER, 80);
	kmt_step("connect() to 10.0.0.2:81 shares port 40000 (other 4-tuple)");
	connect_expect(KMT_PEER, 81);
	ck_assert_int_eq(M.conn[1].port, 40000);
	kmt_step("connect() to 10.0.1.7:80 shares it too");
	connect_expect(KMT_OTHER, 80);
	ck_assert_int_eq(M.conn[2].port, 40000);
	kmt_step("connect() to 10.0.0.2:80 again needs the odd port");
	connect_expect(KMT_PEER, 80);
	ck_assert_int_eq(M.conn[3].port, 40001);
}
END_TEST

/* inet_hashtables.c:712-714: the odd pass after the even one. */
START_TEST(test_odd_ports_after_the_even_ones)
{
	int k;

	kmt_step("ip_local_port_range 40000 40005");
	set_range(40000, 40005);
	for (k = 0; k < 6; k++) {
		kmt_step("connect() %d of 6 to 10.0.0.2:80", k + 1);
		connect_expect(KMT_PEER, 80);
		ck_assert_msg(k >= 3 || M.conn[k].port % 2 == 0,
			      "[%s] the even ports come first", T.step);
	}
}
END_TEST

/* inet_hashtables.c:716: EADDRNOTAVAIL; tcp_ipv4.c:322-330: back to CLOSE. */
START_TEST(test_exhausted_range_is_eaddrnotavail)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, 80);
	long fd;
	int k;

	kmt_step("ip_local_port_range 40000 40003: four connect()s to 10.0.0.2:80");
	set_range(40000, 40003);
	for (k = 0; k < 4; k++)
		connect_expect(KMT_PEER, 80);
	kmt_step("the fifth finds every 4-tuple taken");
	fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EADDRNOTAVAIL);
	kmt_wire_expect_none();
	kmt_step("the socket is back in CLOSE with no port and dport 0");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_num", "0");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_dport", "0");
	kmt_step("another destination port still works");
	a = kmt_addr(KMT_PEER, 81);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
}
END_TEST

/* inet_hashtables.c:698-702: inet_bind_bucket_create fails -> ENOMEM, CLOSE. */
START_TEST(test_bucket_allocation_failure_is_enomem)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, 80);
	long fd;

	fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ck_assert(fd >= 0);
	kmt_step("the next tcp_bind_bucket allocation fails");
	km_host_failslab(T.h, "tcp_bind_bucket", 1);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -ENOMEM);
	kmt_wire_expect_none();
	kmt_assert_field(T.app, (int)fd, "sock", "sk_state", "TCP_CLOSE");
	kmt_assert_field(T.app, (int)fd, "sock", "sk_num", "0");
	kmt_step("the next connect() works, from hint 0");
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
	{
		struct km_seg syn;
		uint32_t daddr = T.peer;

		kmt_wire_expect(&syn);
		ck_assert_int_eq(syn.sport, model_connect(daddr, 80));
	}
}
END_TEST

/* inet_hashtables.c:640-657 and :739-745: a bound socket keeps its port,
 * only its 4-tuple is checked; no offset is drawn and the hint stays. */
START_TEST(test_bind_then_connect_keeps_the_bound_port)
{
	struct sockaddr_in b = kmt_addr(KMT_CLIENT, 5000);
	struct sockaddr_in a = kmt_addr(KMT_PEER, 80);
	struct km_seg syn;
	int one = 1;
	long fd1, fd2;

	kmt_step("two sockets with SO_REUSEADDR bound to 10.0.0.1:5000");
	fd1 = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	fd2 = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	kmt_assert_ret(km_setsockopt(T.app, (int)fd1, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)), 0);
	kmt_assert_ret(km_setsockopt(T.app, (int)fd2, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)), 0);
	kmt_assert_ret(km_bind(T.app, (int)fd1, &b, sizeof(b)), 0);
	kmt_assert_ret(km_bind(T.app, (int)fd2, &b, sizeof(b)), 0);
	kmt_step("the first connects to 10.0.0.2:80 from port 5000");
	kmt_trace_start();
	kmt_assert_ret(km_connect(T.app, (int)fd1, &a, sizeof(a)), -EINPROGRESS);
	kmt_wire_expect(&syn);
	ck_assert_uint_eq(syn.sport, 5000);
	ck_assert_msg(kmt_trace_count("inet_sk_port_offset") == 0,
		      "a bound socket needs no port search: inet_sk_port_offset() "
		      "was called %d time(s)", kmt_trace_count("inet_sk_port_offset"));
	kmt_step("the second, to the same 4-tuple: EADDRNOTAVAIL");
	kmt_assert_ret(km_connect(T.app, (int)fd2, &a, sizeof(a)), -EADDRNOTAVAIL);
	kmt_wire_expect_none();
	kmt_assert_field(T.app, (int)fd2, "sock", "sk_state", "TCP_CLOSE");
	kmt_assert_field(T.app, (int)fd2, "sock", "sk_num", "5000");
	kmt_step("the second, to 10.0.0.2:81: fine, still from 5000");
	a = kmt_addr(KMT_PEER, 81);
	kmt_assert_ret(km_connect(T.app, (int)fd2, &a, sizeof(a)), -EINPROGRESS);
	kmt_wire_expect(&syn);
	ck_assert_uint_eq(syn.sport, 5000);
	kmt_step("an unbound connect() afterwards starts from hint 0");
	connect_expect(KMT_PEER, 80);
}
END_TEST

/* tcp_ipv4.c:278-279: SYN_SENT is set before inet_hash_connect(). */
START_TEST(test_syn_sent_before_the_port_is_chosen)
{
	struct km_seg syn;

	kmt_trace_start();
	start_connect(KMT_PEER, 80, &syn);
	kmt_assert_chain("tcp_v4_connect", "tcp_set_state", "inet_hash_connect",
			 "__inet_hash_connect", "ip_route_newports", "tcp_connect");
	{
		int i, set = -1, hash = -1;

		for (i = 0; i < T.nevs; i++) {
			if (T.evs[i].type != KM_EV_ENTER)
				continue;
			if (set < 0 && !strcmp(T.evs[i].func, "tcp_set_state"))
				set = i;
			if (hash < 0 && !strcmp(T.evs[i].func, "inet_hash_connect"))
				hash = i;
		}
		ck_assert_msg(set >= 0 && hash >= 0 && set < hash,
			      "tcp_set_state(TCP_SYN_SENT) must come before "
			      "inet_hash_connect() (tcp_ipv4.c:278-279)");
	}
}
END_TEST

/* tcp_ipv4.c:283-291: txhash, then the route again with the new port. */
START_TEST(test_route_redone_with_the_new_port)
{
	struct km_seg syn;
	long fd;

	kmt_trace_start();
	fd = start_connect(KMT_PEER, 80, &syn);
	kmt_step("ip_route_newports() wrote the chosen port into the flow");
	ck_assert_uint_eq(ntohs((uint16_t)kmt_field_u(T.app, (int)fd, "sock",
						      "cork.fl.u.ip4.fl4_sport")), syn.sport);
	ck_assert_uint_eq(ntohs((uint16_t)kmt_field_u(T.app, (int)fd, "sock",
						      "cork.fl.u.ip4.fl4_dport")), 80);
	kmt_step("and looked the route up again");
	kmt_assert_chain("inet_hash_connect", "ip_route_newports", "ip_route_output_flow");
	kmt_step("sk_set_txhash() gave the socket a flow hash");
	ck_assert_msg(kmt_field_u(T.app, (int)fd, "sock", "sk_txhash") != 0,
		      "sk_txhash is 0: sk_set_txhash() was not called");
	ck_assert_msg(kmt_field_u(T.app, (int)fd, "sock", "sk_dst_cache") != 0,
		      "no route cached on the socket");
}
END_TEST

struct lab_test {
	const char	*name;
	const TTest	*fn;
	void		(*setup)(void);
};

#define LT(t, s)	{ #t, t, s }

int main(void)
{
	const struct lab_test tests[] = {
		LT(test_first_port_follows_the_keyed_offset, setup),
		LT(test_first_ports_seed_7, setup_seed7),
		LT(test_first_ports_seed_2026, setup_seed2026),
		LT(test_consecutive_connects_step_by_two, setup),
		LT(test_hint_is_shared_across_destinations, setup),
		LT(test_ports_taken_by_bind_are_skipped, setup),
		LT(test_port_shared_with_another_destination, setup),
		LT(test_odd_ports_after_the_even_ones, setup),
		LT(test_exhausted_range_is_eaddrnotavail, setup),
		LT(test_bucket_allocation_failure_is_enomem, setup),
		LT(test_bind_then_connect_keeps_the_bound_port, setup),
		LT(test_syn_sent_before_the_port_is_chosen, setup),
		LT(test_route_redone_with_the_new_port, setup),
	};
	Suite *s = suite_create("lab3");
	size_t i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		kmt_lab_case(s, tests[i].name, tests[i].fn, tests[i].setup, kmt_teardown);
	return kmt_run(s);
}
