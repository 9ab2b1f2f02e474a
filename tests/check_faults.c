// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation failures at every site: a handshake between two
 * mirrored hosts — the server's socket(), bind(), listen(), the client's
 * socket() and connect(), the server's accept(), and every packet's
 * receive path in between — is run once to list the allocation sites it
 * reaches (a site: a cache and a calling place in the code), then once per
 * site with that site's first allocation failing (km_host_set_fault).
 *
 * Each run must end like Linux 5.0 at that site: the system call in
 * progress returns the kernel's errno for it (table below), or, when the
 * failure is on the receive path, the packet is dropped and TCP's
 * retransmission completes the handshake anyway; and in every run nothing
 * leaks and no kernel warning is logged.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include "kmtest.h"

#define MAX_SITES	256
#define RUN_NS		(600LL * 1000000000)

enum phase { P_SETUP, P_SOCKET_S, P_BIND, P_LISTEN, P_SOCKET_C, P_CONNECT,
	     P_ACCEPT, P_CLOSE, NPHASES };

static const char *const phase_names[NPHASES] = {
	"setup", "socket() (server)", "bind()", "listen()", "socket() (client)",
	"connect()", "accept()", "close()",
};

struct site {
	const void	*addr;
	char		cache[32];
	enum phase	phase;		/* where it was first reached */
	bool		in_irq;
};

struct faults {
	struct site	sites[MAX_SITES];
	int		nsites;
	bool		listing;	/* first run: record the sites */
	int		fail;		/* run n: fail site n's first call */
	bool		failed;
	enum phase	phase;
	long		ret[NPHASES];
};

static struct faults F;

static bool fault_hook(void *ctx, const char *cache, const void *site, bool in_irq)
{
	struct faults *f = ctx;
	int i;

	if (f->phase == P_SETUP)
		return false;
	if (f->listing) {
		for (i = 0; i < f->nsites; i++)
			if (f->sites[i].addr == site && !strcmp(f->sites[i].cache, cache) &&
			    f->sites[i].phase == f->phase && f->sites[i].in_irq == in_irq)
				return false;
		if (f->nsites < MAX_SITES) {
			struct site *s = &f->sites[f->nsites++];

			s->addr = site;
			snprintf(s->cache, sizeof(s->cache), "%s", cache);
			s->phase = f->phase;
			s->in_irq = in_irq;
		}
		return false;
	}
	if (f->failed || f->sites[f->fail].addr != site ||
	    strcmp(f->sites[f->fail].cache, cache) ||
	    f->sites[f->fail].phase != f->phase || f->sites[f->fail].in_irq != in_irq)
		return false;
	f->failed = true;
	return true;
}

/* The handshake; every result into F.ret[]. */
static void handshake(void)
{
	struct sockaddr_in srv = kmt_addr(KMT_PEER, 80);
	long lfd, cfd, afd;
	int i;

	for (i = 0; i < NPHASES; i++)
		F.ret[i] = 0;
	km_host_set_fault(T.h, fault_hook, &F);
	km_host_set_fault(T.h2, fault_hook, &F);
	F.phase = P_SOCKET_S;
	lfd = F.ret[P_SOCKET_S] = km_socket(T.app2, AF_INET, SOCK_STREAM, 0);
	if (lfd >= 0) {
		F.phase = P_BIND;
		F.ret[P_BIND] = km_bind(T.app2, (int)lfd, &srv, sizeof(srv));
	}
	if (lfd >= 0 && !F.ret[P_BIND]) {
		F.phase = P_LISTEN;
		F.ret[P_LISTEN] = km_listen(T.app2, (int)lfd, 8);
		km_fcntl(T.app2, (int)lfd, F_SETFL, O_NONBLOCK);
	}
	F.phase = P_SOCKET_C;
	cfd = F.ret[P_SOCKET_C] = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
	if (cfd >= 0) {
		F.phase = P_CONNECT;
		F.ret[P_CONNECT] = km_connect(T.app, (int)cfd, &srv, sizeof(srv));
	}
	afd = -EBADF;
	if (lfd >= 0) {
		F.phase = P_ACCEPT;
		km_world_run_for(T.w, 10LL * 1000000000);
		afd = F.ret[P_ACCEPT] = km_accept4(T.app2, (int)lfd, NULL, NULL, 0);
	}
	F.phase = P_CLOSE;
	if (afd >= 0)
		F.ret[P_CLOSE] |= km_close(T.app2, (int)afd);
	if (cfd >= 0)
		F.ret[P_CLOSE] |= km_close(T.app, (int)cfd);
	if (lfd >= 0)
		F.ret[P_CLOSE] |= km_close(T.app2, (int)lfd);
	km_world_run_for(T.w, RUN_NS);
	F.phase = P_SETUP;
}

/*
 * What Linux 5.0 returns when an allocation of a system call fails, by the
 * call and the cache (0: no errno expected):
 *  - socket(), accept(): the socket's inode or its wait queue (kmalloc in
 *    sock_alloc_inode) -> ENFILE (net/socket.c:1243; accept:
 *    net/socket.c:1558); the file -> ENOMEM (fs/file_table.c,
 *    __alloc_file()); socket()'s sock, sk_alloc() -> ENOBUFS
 *    (net/ipv4/af_inet.c:321).
 *  - bind(): the port's bind bucket -> EADDRINUSE (net/ipv4/af_inet.c:524).
 *  - connect(): the route -> ENOBUFS (net/ipv4/route.c:2268, rt_dst_alloc),
 *    the chosen port's bind bucket -> ENOMEM (net/ipv4/inet_hashtables.c,
 *    __inet_hash_connect), the SYN's skb and its data -> ENOBUFS
 *    (net/ipv4/tcp_output.c:3523).
 */
static long expected_errno(enum phase p, const char *cache)
{
	static const struct {
		enum phase	p;
		const char	*cache;
		long		err;
	} table[] = {
		{ P_SOCKET_S, "sock_inode_cache", -ENFILE },
		{ P_SOCKET_S, "kmalloc", -ENFILE },
		{ P_SOCKET_S, "filp", -ENOMEM },
		{ P_SOCKET_S, "TCP", -ENOBUFS },
		{ P_SOCKET_C, "sock_inode_cache", -ENFILE },
		{ P_SOCKET_C, "kmalloc", -ENFILE },
		{ P_SOCKET_C, "filp", -ENOMEM },
		{ P_SOCKET_C, "TCP", -ENOBUFS },
		{ P_ACCEPT, "sock_inode_cache", -ENFILE },
		{ P_ACCEPT, "kmalloc", -ENFILE },
		{ P_ACCEPT, "filp", -ENOMEM },
		{ P_BIND, "tcp_bind_bucket", -EADDRINUSE },
		{ P_CONNECT, "ip_dst_cache", -ENOBUFS },
		{ P_CONNECT, "tcp_bind_bucket", -ENOMEM },
		{ P_CONNECT, "skbuff_fclone_cache", -ENOBUFS },
		{ P_CONNECT, "kmalloc", -ENOBUFS },
	};
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].p == p && !strcmp(table[i].cache, cache))
			return table[i].err;
	return 0;
}

/* What a failure earlier in the handshake leads to: no listener (RST,
 * ECONNREFUSED), nothing to accept (EAGAIN), a socket never listening
 * (EINVAL, net/ipv4/inet_connection_sock.c:456). */
static bool consequence_ok(enum phase failed, enum phase p, long ret)
{
	if (p == P_CONNECT)
		return failed <= P_LISTEN && ret == -ECONNREFUSED;
	if (p == P_ACCEPT)
		return ret == -EAGAIN || (failed == P_BIND && ret == -EINVAL);
	return false;
}

START_TEST(test_every_allocation_site_of_a_handshake_fails_like_linux_5_0)
{
	int nsites, i, by_phase[NPHASES] = { 0 }, irq = 0;
	char why[256];

	kmt_step("list the sites");
	memset(&F, 0, sizeof(F));
	F.listing = true;
	handshake();
	ck_assert_int_ge(F.ret[P_SOCKET_C], 0);
	ck_assert_int_eq(F.ret[P_CONNECT], 0);
	ck_assert_int_ge(F.ret[P_ACCEPT], 0);
	nsites = F.nsites;
	ck_assert_int_lt(nsites, MAX_SITES);
	kmt_teardown();

	for (i = 0; i < nsites; i++) {
		struct site s = F.sites[i];
		unsigned long n;
		int p;

		kmt_setup_two();
		F.listing = false;
		F.fail = i;
		F.failed = false;
		kmt_step("site %d/%d: %s in %s%s", i + 1, nsites, s.cache,
			 phase_names[s.phase], s.in_irq ? ", receive path" : "");
		handshake();
		ck_assert_msg(F.failed, "[%s] the site was not reached again", T.step);
		if (getenv("KMT_FAULTS_VERBOSE"))
			fprintf(stderr, "%s: %ld %ld %ld %ld %ld %ld\n", T.step,
				F.ret[P_SOCKET_S], F.ret[P_BIND], F.ret[P_LISTEN],
				F.ret[P_SOCKET_C], F.ret[P_CONNECT], F.ret[P_ACCEPT]);
		/* close() always succeeds; an RST it cannot allocate is not sent
		 * (net/ipv4/tcp_output.c:3131, tcp_send_active_reset) */
		ck_assert_msg(F.ret[P_CLOSE] == 0, "[%s] close() returned %s", T.step,
			      kmt_errname(F.ret[P_CLOSE]));
		if (!s.in_irq && s.phase != P_CLOSE) {
			long want = expected_errno(s.phase, s.cache);

			ck_assert_msg(want, "[%s] no Linux 5.0 errno known for this site "
				      "(add it to expected_errno)", T.step);
			ck_assert_msg(F.ret[s.phase] == want, "[%s] %s returned %s, "
				      "Linux 5.0 returns %s", T.step, phase_names[s.phase],
				      kmt_errname(F.ret[s.phase]), kmt_errname(want));
		}
		for (p = P_SOCKET_S; p < P_CLOSE; p++) {
			if (F.ret[p] >= 0 || (!s.in_irq && p == s.phase))
				continue;
			ck_assert_msg(!s.in_irq, "[%s] %s returned %s: a packet lost on "
				      "the receive path must be recovered by TCP",
				      T.step, phase_names[p], kmt_errname(F.ret[p]));
			ck_assert_msg(consequence_ok(s.phase, p, F.ret[p]),
				      "[%s] then %s returned %s", T.step, phase_names[p],
				      kmt_errname(F.ret[p]));
		}
		n = km_host_live_objects(T.h, why, sizeof(why));
		ck_assert_msg(n == 0, "[%s] client leaked %lu: %s", T.step, n, why);
		n = km_host_live_objects(T.h2, why, sizeof(why));
		ck_assert_msg(n == 0, "[%s] server leaked %lu: %s", T.step, n, why);
		ck_assert_msg(!km_host_warnings(T.h) && !km_host_warnings(T.h2),
			      "[%s] kernel warning:\n%s%s", T.step, km_host_log(T.h),
			      km_host_log(T.h2));
		if (s.in_irq)
			irq++;
		else
			by_phase[s.phase]++;
		kmt_teardown();
	}
	printf("NOTE: %d allocation sites failed in turn: socket() %d, bind() %d, "
	       "listen() %d, connect() %d, accept() %d, close() %d, receive path and "
	       "timers %d; no leak, no warning\n", nsites,
	       by_phase[P_SOCKET_S] + by_phase[P_SOCKET_C], by_phase[P_BIND],
	       by_phase[P_LISTEN], by_phase[P_CONNECT], by_phase[P_ACCEPT],
	       by_phase[P_CLOSE], irq);
	fflush(stdout);
	kmt_setup_two();	/* for the fixture's teardown */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("faults");
	TCase *tc = tcase_create("slab");

	tcase_add_checked_fixture(tc, kmt_setup_two, kmt_teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_every_allocation_site_of_a_handshake_fails_like_linux_5_0);
	suite_add_tcase(s, tc);
	return kmt_run(s);
}
