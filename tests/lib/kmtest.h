/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror test helpers (Check). In the spirit of lwIP's unit tests: a
 * device that records every transmitted frame (the test wire), helpers to
 * build incoming segments, the clock stepped by hand, and a no-leak check
 * in every teardown.
 *
 * Failure messages say what was expected and what came, field by field,
 * and which step of the test was running (kmt_step()).
 */
#ifndef _KMTEST_H
#define _KMTEST_H

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <kmapi/km.h>
#include <kmapi/wire.h>
#include <kmapi/sim.h>
#include <kmapi/trace.h>
#include <kmapi/fields.h>
#include <kmapi/sinks.h>

#define KMT_CLIENT	KM_SIM_CLIENT
#define KMT_PEER	KM_SIM_SERVER
#define KMT_OTHER	"10.0.1.7"	/* reached through the gateway */
#define KMT_GATEWAY	"10.0.0.254"

struct kmt {
	struct km_world		*w;
	struct host		*h;		/* the host under test */
	struct host		*h2;		/* a second mirrored host, if any */
	struct km_link		*link;
	struct km_wire		*wire;		/* h's eth0, if a test wire */
	struct task_struct	*app;		/* uid 1000, no capabilities */
	struct task_struct	*root;		/* uid 0, all capabilities */
	struct task_struct	*app2;		/* on h2 */
	uint32_t		client, peer;	/* addresses, network order */
	/* trace capture */
	int			sub;
	struct kmt_ev		*evs;
	int			nevs, capevs;
	/* KMT_TRACE_JSON=FILE: the whole test traced to FILE (JSON Lines),
	 * for the lab grader's divergence report (scripts/lab-run.py) */
	struct km_sink		*json;
	FILE			*json_file;
	/* the current step, shown in failure messages */
	char			step[160];
};

/* One captured trace event (copied out of the callback). */
struct kmt_ev {
	int		type;		/* enum km_ev_type */
	int		ctx;
	int		host_id;
	char		func[48];
	char		linux_ref[48];
	bool		has_text;
	long long	ret;
	long long	time_ns;
	int		sched_what;
	long		sched_arg;
	int		ndiffs;
};

extern struct kmt T;	/* the fixture's state */
/* The world's seed for the next setup (0: the default, 42). A fixture of
 * its own can set it to run a test under another boot secret. */
extern unsigned long long kmt_seed;

/* Fixtures: checked setup/teardown for tcase_add_checked_fixture().
 * With KMT_TRACE_JSON=FILE in the environment, every setup traces the test's
 * world into FILE (JSON Lines, docs/trace-json.md) from the moment its hosts
 * exist until teardown begins; the file is rewritten by each test, so run
 * one test per process (CK_RUN_CASE=name), as the lab grader does. */
void kmt_setup_one(void);	/* one host, loopback only */
void kmt_setup_wire(void);	/* one host + test wire: eth0 10.0.0.1/24,
				 * default route via 10.0.0.254 */
void kmt_setup_two(void);	/* client 10.0.0.1 — server 10.0.0.2, 1 ms link */
void kmt_teardown(void);	/* closes everything; fails on leaks or WARNs */

/* Name what the test is doing now (appears in failure messages). */
void kmt_step(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* An AF_INET address, port in host order, addr dotted. */
struct sockaddr_in kmt_addr(const char *ip, int port);

/* A field of the object behind fd ("socket" or "sock") as the tracer
 * shows it, or its raw value. Fails the test if it does not exist. */
const char *kmt_field(struct task_struct *t, int fd, const char *obj,
		      const char *field);
unsigned long long kmt_field_u(struct task_struct *t, int fd, const char *obj,
			       const char *field);
/* Assert a field's decoded text: ck_assert with expected vs actual. */
#define kmt_assert_field(t, fd, obj, field, expect)			\
	do {								\
		const char *_got = kmt_field(t, fd, obj, field);	\
		ck_assert_msg(!strcmp(_got, (expect)),			\
			      "[%s] %s.%s: expected %s, got %s", T.step, \
			      obj, field, (expect), _got);		\
	} while (0)

/* Assert a syscall result with errno names: "expected -ECONNREFUSED, got 0". */
#define kmt_assert_ret(got, expect)					\
	do {								\
		long _g = (got), _e = (expect);				\
		ck_assert_msg(_g == _e, "[%s] expected %s, got %s", T.step, \
			      kmt_errname(_e), kmt_errname(_g));	\
	} while (0)
const char *kmt_errname(long ret);	/* rotating static buffers */

/* ---- the wire ---- */
/* Next frame the host sent (parsed); false if none is waiting. */
bool kmt_wire_next(struct km_seg *s);
/* Like kmt_wire_next but fails the test if nothing was sent. */
void kmt_wire_expect(struct km_seg *s);
/* Fails the test if the host sent anything (describing what it sent). */
void kmt_wire_expect_none(void);
/* Inject a frame built from s (after `delay_ns`, 0 = now). */
void kmt_wire_inject(const struct km_seg *s, long long delay_ns);
void kmt_wire_inject_raw(const void *frame, size_t len);
/* An ICMP error from `from` (dotted) to the host, quoting qlen bytes of
 * quote (TTL 64, TOS 0xc0); info is the 4 bytes after the checksum. */
void kmt_inject_icmp(const char *from, int type, int code, uint32_t info,
		     const unsigned char *quote, size_t qlen);
/* A segment from the peer (10.0.0.2:port) to the client's port. */
void kmt_seg_from_peer(struct km_seg *s, uint16_t peer_port, uint16_t our_port);
/* A non-blocking listener of T.root on 0.0.0.0:port (the wire host). */
long kmt_listen_on_wire(int port, int backlog);
/* A Linux-like SYN from the peer's sport to the host's dport: MSS 1460,
 * SACK, TSval 5555, window scale 7. */
void kmt_client_syn(struct km_seg *s, uint16_t sport, uint16_t dport, uint32_t isn);
/* A non-blocking connect() from T.app to the peer's port: asserts
 * EINPROGRESS and reads the SYN. */
long kmt_start_connect(int port, struct km_seg *syn);
/* The SYN-ACK Linux 5.0 answers to syn with ISN isn (window 65160, MSS
 * 1460, SACK/timestamps/window scale 7 where the SYN offered them,
 * TSval 9000). */
void kmt_synack_for(const struct km_seg *syn, struct km_seg *sa, uint32_t isn);

/* Compare a segment to an expected one field by field; the mask says
 * which fields matter. On mismatch, fail listing every differing field. */
enum {
	KMT_F_ADDRS = 1 << 0, KMT_F_PORTS = 1 << 1, KMT_F_SEQ = 1 << 2,
	KMT_F_ACK = 1 << 3, KMT_F_FLAGS = 1 << 4, KMT_F_WIN = 1 << 5,
	KMT_F_OPTS = 1 << 6, KMT_F_TTL = 1 << 7, KMT_F_DF = 1 << 8,
	KMT_F_ID = 1 << 9, KMT_F_TOS = 1 << 10, KMT_F_LEN = 1 << 11,
};
void kmt_assert_seg(const struct km_seg *expect, const struct km_seg *got,
		    unsigned int mask);

/* ---- time ---- */
void kmt_advance_ms(long long ms);		/* run the world ms forward */
long long kmt_now_ms(void);

/* ---- the trace ---- */
void kmt_trace_start(void);
void kmt_trace_stop(void);
/* Are these functions entered in this order (other calls may come
 * between)? On failure *why says which one was missing after which. */
bool kmt_trace_has_chain(const char *const *funcs, int n, char *why, size_t len);
#define kmt_assert_chain(...)						\
	do {								\
		static const char *const _c[] = { __VA_ARGS__ };	\
		char _why[512];						\
		ck_assert_msg(kmt_trace_has_chain(_c, sizeof(_c) / sizeof(_c[0]), \
						  _why, sizeof(_why)),	\
			      "[%s] trace chain: %s", T.step, _why);	\
	} while (0)
/* Number of ENTER events of func in the capture. */
int kmt_trace_count(const char *func);

/* ---- what cannot run here, and other programs ---- */
/*
 * n checks this suite leaves out because this machine cannot run them
 * (not root, no /dev/net/tun, a build without the patcher...). Prints
 *     SKIPPED: <n> check(s): <reason>
 * on standard output, the line scripts/run-tests.sh counts apart: a skip
 * is shown on the TOTAL line, never counted as a pass. Call it from
 * main() instead of adding those tests. A tool `make test` installs
 * (scripts/install-deps.sh) is required: its absence fails, it is not
 * a skip.
 */
void kmt_skip(int n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Run a shell command and read its standard output whole (the command
 * redirects 2>&1 if it wants stderr too). Returns a NUL-terminated
 * malloc'd buffer (the caller frees it); *status gets the exit status
 * (128 + signal if killed), *len the length, either may be NULL. */
char *kmt_shell(const char *cmd, int *status, size_t *len);

/* Run a program's main() in this process (the CLI suites pass
 * kmirror_main) with args (NULL-terminated, argv[0] first), catching its
 * standard output and error: *out and *err get malloc'd strings (either
 * pointer may be NULL to discard). Returns main's status. */
int kmt_run_main(int (*main_fn)(int, char **), const char *const *args,
		 char **out, char **err);

/* Run a suite; exit status 0 if every test passed. */
int kmt_run(Suite *s);

/*
 * A graded lab suite (labs/labN-*\/grade) adds each test as a TCase of its
 * own, named like the test, so that the grader can run one alone
 * (CK_RUN_CASE=name), with its fixture and a 60 s limit.
 */
void kmt_lab_case(Suite *s, const char *name, const TTest *fn,
		  void (*setup)(void), void (*teardown)(void));

#endif
