// SPDX-License-Identifier: GPL-2.0
/* kmirror test helpers (see kmtest.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>
#include "kmtest.h"

struct kmt T;
unsigned long long kmt_seed;

#define KMT_SEED	42ULL

void kmt_step(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(T.step, sizeof(T.step), fmt, ap);
	va_end(ap);
}

const char *kmt_errname(long ret)
{
	static char bufs[4][48];
	static int i;
	char *b = bufs[i++ & 3];

	if (ret >= 0)
		snprintf(b, 48, "%ld", ret);
	else if (ret == -KM_ESTILLBLOCKED)
		snprintf(b, 48, "(still blocked)");
	else if (km_errno_name(-ret))
		snprintf(b, 48, "-%s (%ld)", km_errno_name(-ret), ret);
	else
		snprintf(b, 48, "%ld", ret);
	return b;
}

struct sockaddr_in kmt_addr(const char *ip, int port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

static void json_write(void *ctx, const char *s, size_t n)
{
	fwrite(s, 1, n, ctx);
}

/* KMT_TRACE_JSON=FILE: trace the whole test into FILE (see kmtest.h). */
static void json_trace_start(void)
{
	const char *path = getenv("KMT_TRACE_JSON");

	if (!path || !*path)
		return;
	T.json_file = fopen(path, "w");
	ck_assert_msg(T.json_file != NULL, "KMT_TRACE_JSON: cannot write %s", path);
	/* line by line: a test that crashes leaves its trace up to the crash */
	setvbuf(T.json_file, NULL, _IOLBF, 0);
	T.json = km_sink_json_new(json_write, T.json_file, KM_SINK_NO_ENTRY_FRAMES);
	ck_assert_msg(km_sink_attach(T.json, T.w) >= 0, "KMT_TRACE_JSON: no tracer slot");
}

static void json_trace_stop(void)
{
	if (!T.json)
		return;
	km_sink_detach(T.json, T.w);
	km_sink_free(T.json);
	fclose(T.json_file);
	T.json = NULL;
	T.json_file = NULL;
}

static void base_setup(void)
{
	memset(&T, 0, sizeof(T));
	T.sub = -1;
	kmt_step("setup");
	T.w = km_world_new(kmt_seed ? kmt_seed : KMT_SEED);
	inet_pton(AF_INET, KMT_CLIENT, &T.client);
	inet_pton(AF_INET, KMT_PEER, &T.peer);
}

void kmt_setup_one(void)
{
	base_setup();
	T.h = km_host_new(T.w, "host");
	T.app = km_task_new(T.h, "app", 1000);
	T.root = km_task_new(T.h, "root", 0);
	json_trace_start();	/* after the hosts: they join a traced world */
	kmt_step("test body");
}

void kmt_setup_wire(void)
{
	base_setup();
	T.h = km_host_new(T.w, "client");
	T.wire = km_wire_new(T.h, "eth0", 1500);
	ck_assert(T.wire != NULL);
	ck_assert_int_eq(km_host_add_addr(T.h, "eth0", KMT_CLIENT "/24"), 0);
	ck_assert_int_eq(km_host_add_route(T.h, "default", KMT_GATEWAY, "eth0",
					   "unicast"), 0);
	km_wire_set_keep(T.wire, true);
	T.app = km_task_new(T.h, "app", 1000);
	T.root = km_task_new(T.h, "root", 0);
	json_trace_start();	/* after the hosts: they join a traced world */
	kmt_step("test body");
}

void kmt_setup_two(void)
{
	base_setup();
	ck_assert_int_eq(km_sim_two_hosts(T.w, &T.h, &T.h2, &T.link), 0);
	T.app = km_task_new(T.h, "app", 1000);
	T.root = km_task_new(T.h, "root", 0);
	T.app2 = km_task_new(T.h2, "server", 0);
	json_trace_start();	/* after the hosts: they join a traced world */
	kmt_step("test body");
}

static void check_host_clean(struct host *h)
{
	char buf[2048];
	unsigned long n;

	if (!h)
		return;
	n = km_host_live_objects(h, buf, sizeof(buf));
	ck_assert_msg(n == 0, "[teardown] host %s leaked %lu object(s): %s",
		      km_host_name(h), n, buf);
	ck_assert_msg(km_host_warnings(h) == 0,
		      "[teardown] host %s logged %u warning(s):\n%s",
		      km_host_name(h), km_host_warnings(h), km_host_log(h));
}

void kmt_teardown(void)
{
	kmt_step("teardown");
	kmt_trace_stop();
	json_trace_stop();	/* the test body only, not the shutdown */
	km_world_shutdown(T.w, 600LL * 1000000000);
	check_host_clean(T.h);
	check_host_clean(T.h2);
	km_world_free(T.w);
	free(T.evs);
	memset(&T, 0, sizeof(T));
}

const char *kmt_field(struct task_struct *t, int fd, const char *obj,
		      const char *field)
{
	static char bufs[4][128];
	static int i;
	char *b = bufs[i++ & 3];
	int err = km_fd_field(t, fd, obj, field, NULL, b, 128);

	ck_assert_msg(err == 0, "[%s] no field %s.%s on fd %d: %s", T.step, obj,
		      field, fd, kmt_errname(err));
	return b;
}

unsigned long long kmt_field_u(struct task_struct *t, int fd, const char *obj,
			       const char *field)
{
	unsigned long long v = 0;
	int err = km_fd_field(t, fd, obj, field, &v, NULL, 0);

	ck_assert_msg(err == 0, "[%s] no field %s.%s on fd %d: %s", T.step, obj,
		      field, fd, kmt_errname(err));
	return v;
}

/* ---- the wire ---- */

bool kmt_wire_next(struct km_seg *s)
{
	static unsigned char frames[16][2048];
	static int k;
	unsigned char *buf = frames[k++ & 15];
	int n;

	if (!km_wire_pending(T.wire))
		return false;
	n = km_wire_recv(T.wire, buf, 2048);
	ck_assert_msg(n > 0, "[%s] wire frame unreadable", T.step);
	ck_assert_msg(km_seg_parse(buf, (size_t)n, s) == 0,
		      "[%s] the host sent a frame that is not IPv4 (%d bytes)",
		      T.step, n);
	return true;
}

void kmt_wire_expect(struct km_seg *s)
{
	ck_assert_msg(kmt_wire_next(s), "[%s] expected the host to send a frame, "
		      "it sent nothing", T.step);
}

void kmt_wire_expect_none(void)
{
	struct km_seg s;
	char d[256];

	if (kmt_wire_next(&s)) {
		km_seg_describe(&s, d, sizeof(d));
		ck_abort_msg("[%s] expected no frame, the host sent: %s", T.step, d);
	}
}

void kmt_wire_inject(const struct km_seg *s, long long delay_ns)
{
	unsigned char buf[2048];
	int n = km_seg_build(s, buf, sizeof(buf));

	ck_assert_msg(n > 0, "[%s] cannot build the segment to inject", T.step);
	if (delay_ns)
		km_wire_inject_at(T.wire, delay_ns, buf, (size_t)n);
	else
		km_wire_inject(T.wire, buf, (size_t)n);
	km_world_settle(T.w);
}

void kmt_wire_inject_raw(const void *frame, size_t len)
{
	km_wire_inject(T.wire, frame, len);
	km_world_settle(T.w);
}

void kmt_inject_icmp(const char *from, int type, int code, uint32_t info,
		     const unsigned char *quote, size_t qlen)
{
	struct km_seg s;
	unsigned char f[1600];
	int n;

	memset(&s, 0, sizeof(s));
	inet_pton(AF_INET, from, &s.saddr);
	s.daddr = T.client;
	s.protocol = 1;
	s.ttl = 64;
	s.tos = 0xc0;
	s.icmp_type = (uint8_t)type;
	s.icmp_code = (uint8_t)code;
	s.icmp_info = info;
	s.payload = quote;
	s.payload_len = qlen;
	n = km_seg_build(&s, f, sizeof(f));
	ck_assert(n > 0);
	kmt_wire_inject_raw(f, (size_t)n);
}

void kmt_seg_from_peer(struct km_seg *s, uint16_t peer_port, uint16_t our_port)
{
	km_seg_init_tcp(s, T.peer, peer_port, T.client, our_port);
}

long kmt_listen_on_wire(int port, int backlog)
{
	struct sockaddr_in a = kmt_addr("0.0.0.0", port);
	long fd = km_socket(T.root, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	ck_assert_msg(fd >= 0, "[%s] socket: %s", T.step, kmt_errname(fd));
	kmt_assert_ret(km_bind(T.root, (int)fd, &a, sizeof(a)), 0);
	kmt_assert_ret(km_listen(T.root, (int)fd, backlog), 0);
	return fd;
}

void kmt_client_syn(struct km_seg *s, uint16_t sport, uint16_t dport, uint32_t isn)
{
	km_seg_init_tcp(s, T.peer, sport, T.client, dport);
	s->flags = KM_TH_SYN;
	s->seq = isn;
	s->window = 64240;
	s->mss = 1460;
	s->sack_perm = true;
	s->ts = true;
	s->tsval = 5555;
	s->tsecr = 0;
	s->wscale = 7;
}

long kmt_start_connect(int port, struct km_seg *syn)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, port);
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	ck_assert_msg(fd >= 0, "[%s] socket: %s", T.step, kmt_errname(fd));
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
	kmt_wire_expect(syn);
	return fd;
}

void kmt_synack_for(const struct km_seg *syn, struct km_seg *sa, uint32_t isn)
{
	kmt_seg_from_peer(sa, syn->dport, syn->sport);
	sa->flags = KM_TH_SYN | KM_TH_ACK;
	sa->seq = isn;
	sa->ack = syn->seq + 1;
	sa->window = 65160;
	sa->mss = 1460;
	sa->sack_perm = syn->sack_perm;
	sa->ts = syn->ts;
	sa->tsval = 9000;
	sa->tsecr = syn->tsval;
	sa->wscale = syn->wscale >= 0 ? 7 : -1;
}

void kmt_assert_seg(const struct km_seg *e, const struct km_seg *g,
		    unsigned int mask)
{
	char msg[2048], de[256], dg[256];
	size_t n = 0;

#define DIFF(cond, fmt, ...)						\
	do {								\
		if (cond)						\
			n += (size_t)snprintf(msg + n, n < sizeof(msg) ? sizeof(msg) - n : 0, \
					      "\n    " fmt, __VA_ARGS__); \
	} while (0)

	msg[0] = 0;
	if (mask & KMT_F_ADDRS) {
		DIFF(e->saddr != g->saddr, "saddr: expected %08x, got %08x", ntohl(e->saddr), ntohl(g->saddr));
		DIFF(e->daddr != g->daddr, "daddr: expected %08x, got %08x", ntohl(e->daddr), ntohl(g->daddr));
	}
	if (mask & KMT_F_PORTS) {
		DIFF(e->sport != g->sport, "sport: expected %u, got %u", e->sport, g->sport);
		DIFF(e->dport != g->dport, "dport: expected %u, got %u", e->dport, g->dport);
	}
	if (mask & KMT_F_SEQ)
		DIFF(e->seq != g->seq, "seq: expected %u, got %u", e->seq, g->seq);
	if (mask & KMT_F_ACK)
		DIFF(e->ack != g->ack, "ack: expected %u, got %u", e->ack, g->ack);
	if (mask & KMT_F_FLAGS)
		DIFF(e->flags != g->flags, "flags: expected 0x%02x, got 0x%02x", e->flags, g->flags);
	if (mask & KMT_F_WIN)
		DIFF(e->window != g->window, "window: expected %u, got %u", e->window, g->window);
	if (mask & KMT_F_OPTS) {
		DIFF(e->opt_len != g->opt_len, "option bytes: expected %u, got %u", e->opt_len, g->opt_len);
		if (e->opt_len == g->opt_len && memcmp(e->opt, g->opt, e->opt_len)) {
			unsigned int i;

			for (i = 0; i < e->opt_len; i++)
				DIFF(e->opt[i] != g->opt[i], "option byte %u: expected %02x, got %02x",
				     i, e->opt[i], g->opt[i]);
		}
	}
	if (mask & KMT_F_TTL)
		DIFF(e->ttl != g->ttl, "ttl: expected %u, got %u", e->ttl, g->ttl);
	if (mask & KMT_F_DF)
		DIFF(e->df != g->df, "DF: expected %d, got %d", e->df, g->df);
	if (mask & KMT_F_ID)
		DIFF(e->ip_id != g->ip_id, "IP ID: expected %u, got %u", e->ip_id, g->ip_id);
	if (mask & KMT_F_TOS)
		DIFF(e->tos != g->tos, "TOS: expected 0x%02x, got 0x%02x", e->tos, g->tos);
	if (mask & KMT_F_LEN)
		DIFF(e->ip_tot_len != g->ip_tot_len, "IP total length: expected %u, got %u",
		     e->ip_tot_len, g->ip_tot_len);
#undef DIFF
	if (n) {
		km_seg_describe(e, de, sizeof(de));
		km_seg_describe(g, dg, sizeof(dg));
		ck_abort_msg("[%s] segment differs:%s\n  expected: %s\n  got:      %s",
			     T.step, msg, de, dg);
	}
}

/* ---- time ---- */

void kmt_advance_ms(long long ms)
{
	km_world_advance(T.w, ms * 1000000);
}

long long kmt_now_ms(void)
{
	return km_world_now_ns(T.w) / 1000000;
}

/* ---- the trace ---- */

static void capture(void *ctx, const struct km_event *ev)
{
	struct kmt_ev *e;

	(void)ctx;
	if (T.nevs == T.capevs) {
		T.capevs = T.capevs ? T.capevs * 2 : 4096;
		T.evs = realloc(T.evs, (size_t)T.capevs * sizeof(*T.evs));
		ck_assert(T.evs != NULL);
	}
	e = &T.evs[T.nevs++];
	memset(e, 0, sizeof(*e));
	e->type = ev->type;
	e->ctx = ev->ctx;
	e->host_id = ev->host_id;
	e->time_ns = ev->time_ns;
	e->ret = ev->ret;
	e->sched_what = ev->sched_what;
	e->sched_arg = ev->sched_arg;
	e->ndiffs = ev->ndiffs;
	if (ev->site) {
		snprintf(e->func, sizeof(e->func), "%s", ev->site->func);
		snprintf(e->linux_ref, sizeof(e->linux_ref), "%s",
			 ev->site->linux_ref ? ev->site->linux_ref : "");
		e->has_text = ev->site->text && ev->site->text[0];
	}
}

void kmt_trace_start(void)
{
	if (T.sub < 0) {
		T.sub = km_trace_subscribe(T.w, capture, NULL);
		ck_assert_msg(T.sub >= 0, "tracing could not be enabled (%s): "
			      "see the reason above", strerror(-T.sub));
	}
	T.nevs = 0;
}

void kmt_trace_stop(void)
{
	if (T.sub >= 0)
		km_trace_unsubscribe(T.w, T.sub);
	T.sub = -1;
}

bool kmt_trace_has_chain(const char *const *funcs, int n, char *why, size_t len)
{
	int i, k = 0;

	for (i = 0; i < T.nevs && k < n; i++)
		if (T.evs[i].type == KM_EV_ENTER && !strcmp(T.evs[i].func, funcs[k]))
			k++;
	if (k == n)
		return true;
	if (k == 0)
		snprintf(why, len, "%s was never entered", funcs[0]);
	else
		snprintf(why, len, "%s was not entered after %s (chain step %d of %d)",
			 funcs[k], funcs[k - 1], k + 1, n);
	return false;
}

int kmt_trace_count(const char *func)
{
	int i, c = 0;

	for (i = 0; i < T.nevs; i++)
		if (T.evs[i].type == KM_EV_ENTER && !strcmp(T.evs[i].func, func))
			c++;
	return c;
}

/* ---- what cannot run here, and other programs ---- */

void kmt_skip(int n, const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	printf("SKIPPED: %d check%s: %s\n", n, n == 1 ? "" : "s", why);
	/* Check forks each test: an unflushed line would be printed again
	 * by every child, and counted again. */
	fflush(stdout);
}

char *kmt_shell(const char *cmd, int *status, size_t *len)
{
	size_t n = 0, cap = 1 << 16;
	char *buf = malloc(cap);
	FILE *p = popen(cmd, "r");
	int st;

	ck_assert_msg(buf != NULL, "out of memory running %s", cmd);
	ck_assert_msg(p != NULL, "cannot run %s: %s", cmd, strerror(errno));
	for (;;) {
		size_t got;

		if (cap - n < 4096) {
			cap *= 2;
			buf = realloc(buf, cap);
			ck_assert_msg(buf != NULL, "out of memory reading %s", cmd);
		}
		got = fread(buf + n, 1, cap - n - 1, p);
		if (!got)
			break;
		n += got;
	}
	buf[n] = '\0';
	st = pclose(p);
	if (status)
		*status = WIFEXITED(st) ? WEXITSTATUS(st) :
			  WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1;
	if (len)
		*len = n;
	return buf;
}

void kmt_lab_case(Suite *s, const char *name, const TTest *fn,
		  void (*setup)(void), void (*teardown)(void))
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, fn);
	suite_add_tcase(s, tc);
}

int kmt_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}

/* The whole of a temporary file, as a malloc'd string. */
static char *read_all(FILE *f)
{
	long n;
	char *s;

	fflush(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = malloc((size_t)(n > 0 ? n : 0) + 1);
	ck_assert(s != NULL);
	n = (long)fread(s, 1, (size_t)(n > 0 ? n : 0), f);
	s[n > 0 ? n : 0] = '\0';
	return s;
}

int kmt_run_main(int (*main_fn)(int, char **), const char *const *args,
		 char **out, char **err)
{
	char *argv[32];
	int argc = 0, rc, so, se;
	FILE *o = tmpfile(), *e = tmpfile();

	ck_assert_msg(o && e, "no temporary file for the program's output");
	while (args[argc] && argc < 31) {
		argv[argc] = (char *)args[argc];
		argc++;
	}
	argv[argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	so = dup(1);
	se = dup(2);
	dup2(fileno(o), 1);
	dup2(fileno(e), 2);
	rc = main_fn(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	if (out)
		*out = read_all(o);
	if (err)
		*err = read_all(e);
	fclose(o);
	fclose(e);
	return rc;
}
