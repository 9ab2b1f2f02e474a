// SPDX-License-Identifier: GPL-2.0
/*
 * The twin build (kmapi/ftrace.h, docs/architecture.md "Step points at no
 * cost"): with nobody listening, every untraced entry starts with a 5-byte
 * NOP; the first consumer turns each into a jump to its traced twin, the
 * last one puts the NOPs back; calls that were blocked while the text
 * changed under them finish correctly; the trace is the same whenever it
 * is switched on. The sanitizer build has no twins (KM_TWIN=0): there the
 * table is empty and only the trace-content tests have something to check.
 *
 * With -fcf-protection (Ubuntu's default, and kmirror's gcc build: KM_HARDEN=1)
 * most entries start with an endbr64 landing pad and the NOPs follow it;
 * the patch goes after the pad. An entry that holds neither refuses
 * tracing as a whole, with the function named, and patches nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <kmapi/ftrace.h>
#include "kmtest.h"

#ifndef KM_TWIN
#define KM_TWIN 0
#endif
#ifndef KM_HARDEN
#define KM_HARDEN 0
#endif

#define SRV_PORT	80

static const unsigned char nop5[5] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };
static const unsigned char endbr64[4] = { 0xf3, 0x0f, 0x1e, 0xfa };

/* endbr64, or endbr64 under a debugger's int3 on its first byte */
static int has_landing_pad(const char *entry)
{
	return (entry[0] == (char)0xf3 || entry[0] == (char)0xcc) &&
	       !memcmp(entry + 1, endbr64 + 1, sizeof(endbr64) - 1);
}

/* The entry's patchable bytes: past the landing pad when there is one. */
static unsigned char *site_of(char *entry)
{
	return (unsigned char *)entry + (has_landing_pad(entry) ? 4 : 0);
}

/* Every entry NOP (patched = 0) or a jump to its own twin (patched = 1);
 * on failure, names the first entry that is neither. */
static void assert_entries(int patched)
{
	unsigned int i;

	for (i = 0; i < km_ftrace_npairs; i++) {
		const unsigned char *p = site_of(km_ftrace_pairs[i].untraced);
		int32_t rel;

		if (!patched) {
			ck_assert_msg(!memcmp(p, nop5, 5),
				      "[%s] %s: expected a 5-byte NOP at its entry, got "
				      "%02x %02x %02x %02x %02x", T.step,
				      km_ftrace_pairs[i].name, p[0], p[1], p[2], p[3], p[4]);
			continue;
		}
		memcpy(&rel, p + 1, sizeof(rel));
		ck_assert_msg(p[0] == 0xe9 && p + 5 + rel ==
			      (const unsigned char *)km_ftrace_pairs[i].traced,
			      "[%s] %s: expected jmp to its traced twin, got %02x "
			      "(target %s)", T.step, km_ftrace_pairs[i].name, p[0],
			      p[0] == 0xe9 ? "elsewhere" : "none");
	}
}

START_TEST(test_entries_are_nops_until_a_consumer_subscribes)
{
	kmt_step("1. nobody listens: nothing patched");
	if (KM_TWIN)
		ck_assert_msg(km_ftrace_npairs > 300,
			      "expected the twin table to hold every mirrored function, "
			      "got %u entries", km_ftrace_npairs);
	else
		ck_assert_uint_eq(km_ftrace_npairs, 0);
	ck_assert_uint_eq(km_ftrace_patched(), 0);
	assert_entries(0);
	kmt_step("2. a consumer subscribes: every entry jumps to its twin");
	kmt_trace_start();
	ck_assert_uint_eq(km_ftrace_patched(), km_ftrace_npairs);
	assert_entries(1);
	kmt_step("3. it leaves: the NOPs are back");
	kmt_trace_stop();
	ck_assert_uint_eq(km_ftrace_patched(), 0);
	assert_entries(0);
}
END_TEST

static void consumer(void *ctx, const struct km_event *ev)
{
	(void)ev;
	++*(int *)ctx;
}

START_TEST(test_patch_stays_while_any_world_listens)
{
	struct km_world *w2 = km_world_new(7);
	struct host *h2 = km_host_new(w2, "other");
	struct task_struct *t2 = km_task_new(h2, "app", 1000);
	int n2 = 0, sub2;

	kmt_step("1. the fixture's world and a second world both subscribe");
	kmt_trace_start();
	sub2 = km_trace_subscribe(w2, consumer, &n2);
	ck_assert_int_ge(sub2, 0);
	kmt_step("2. the first leaves: the second still gets its trace");
	kmt_trace_stop();
	ck_assert_uint_eq(km_ftrace_patched(), km_ftrace_npairs);
	ck_assert_int_ge(km_socket(t2, AF_INET, SOCK_STREAM, 0), 0);
	ck_assert_msg(n2 > 20, "expected the socket() trace in world 2, got %d events", n2);
	kmt_step("3. the second leaves: nothing patched");
	km_trace_unsubscribe(w2, sub2);
	ck_assert_uint_eq(km_ftrace_patched(), 0);
	assert_entries(0);
	km_world_shutdown(w2, 1000000000LL);
	km_world_free(w2);
}
END_TEST

/* The ENTER sequence of one socket() call, as a string of names. */
static void socket_chain(char *buf, size_t len)
{
	size_t n = 0;
	int i;

	kmt_trace_start();
	ck_assert_int_ge(km_socket(T.app, AF_INET, SOCK_DGRAM, 0), 0);
	buf[0] = '\0';
	for (i = 0; i < T.nevs && n + 50 < len; i++)
		if (T.evs[i].type == KM_EV_ENTER)
			n += (size_t)snprintf(buf + n, len - n, "%s ", T.evs[i].func);
	kmt_trace_stop();
}

START_TEST(test_trace_is_the_same_after_patching_twice)
{
	static char first[16384], again[16384];
	int before;

	kmt_step("1. socket() traced: the first patch");
	socket_chain(first, sizeof(first));
	ck_assert_msg(strstr(first, "__sys_socket ") && strstr(first, "inet_create ") &&
		      strstr(first, "udp_init_sock "), "unexpected chain: %s", first);
	kmt_step("2. socket() with nobody listening: no events");
	before = T.nevs;
	ck_assert_int_ge(km_socket(T.app, AF_INET, SOCK_DGRAM, 0), 0);
	ck_assert_int_eq(T.nevs, before);
	kmt_step("3. socket() traced again: the same chain");
	socket_chain(again, sizeof(again));
	ck_assert_str_eq(again, first);
}
END_TEST

/*
 * A connect() blocked inside the untraced copy when a consumer arrives, and
 * one blocked inside the traced copy when the last one leaves: both finish
 * with the right result, the text changing under their stacks.
 */
START_TEST(test_calls_blocked_across_a_patch_finish_correctly)
{
	struct sockaddr_in a = kmt_addr(KMT_PEER, SRV_PORT);
	long lfd = km_socket(T.app2, AF_INET, SOCK_STREAM, 0);
	long cfd, afd;
	int round;

	ck_assert_int_ge(lfd, 0);
	kmt_assert_ret(km_bind(T.app2, (int)lfd, &a, sizeof(a)), 0);
	kmt_assert_ret(km_listen(T.app2, (int)lfd, 16), 0);
	for (round = 0; round < 2; round++) {
		kmt_step("%d. connect() blocks %s", round * 3 + 1,
			 round ? "traced" : "untraced");
		if (round)
			kmt_trace_start();
		cfd = km_socket(T.app, AF_INET, SOCK_STREAM, 0);
		ck_assert_int_ge(cfd, 0);
		km_call_start(T.app2, SYS_accept4, lfd, 0, 0, 0, 0, 0);
		km_call_start(T.app, SYS_connect, cfd, (long)&a, sizeof(a), 0, 0, 0);
		ck_assert(!km_call_done(T.app));
		kmt_step("%d. the text is %s under it", round * 3 + 2,
			 round ? "restored" : "patched");
		if (round)
			kmt_trace_stop();
		else
			kmt_trace_start();
		kmt_step("%d. the handshake completes", round * 3 + 3);
		kmt_advance_ms(5);
		ck_assert(km_call_done(T.app) && km_call_done(T.app2));
		kmt_assert_ret(km_call_result(T.app), 0);
		afd = km_call_result(T.app2);
		ck_assert_msg(afd >= 0, "accept: %s", kmt_errname(afd));
		kmt_assert_field(T.app, (int)cfd, "sock", "sk_state", "TCP_ESTABLISHED");
		kmt_assert_field(T.app2, (int)afd, "sock", "sk_state", "TCP_ESTABLISHED");
		if (!round)
			ck_assert_msg(kmt_trace_count("tcp_rcv_synsent_state_process") == 1,
				      "[%s] the SYN-ACK's processing after the patch "
				      "was not traced", T.step);
		kmt_trace_stop();
		kmt_assert_ret(km_close(T.app, (int)cfd), 0);
		kmt_assert_ret(km_close(T.app2, (int)afd), 0);
	}
	ck_assert_uint_eq(km_ftrace_patched(), 0);
}
END_TEST

START_TEST(test_entries_behind_an_endbr64_landing_pad_are_patched_after_it)
{
	unsigned int i, pads = 0;

	for (i = 0; i < km_ftrace_npairs; i++)
		pads += has_landing_pad(km_ftrace_pairs[i].untraced);
	kmt_step("1. %u of %u entries start with endbr64", pads, km_ftrace_npairs);
	if (KM_HARDEN)
		ck_assert_msg(pads > km_ftrace_npairs / 2,
			      "-fcf-protection=full build: expected most entries "
			      "to start with endbr64, got %u of %u", pads,
			      km_ftrace_npairs);
	kmt_step("2. a consumer subscribes: each jumps from after its pad");
	kmt_trace_start();
	ck_assert_uint_eq(km_ftrace_patched(), km_ftrace_npairs);
	assert_entries(1);
	for (i = 0; i < km_ftrace_npairs; i++)
		pads -= has_landing_pad(km_ftrace_pairs[i].untraced);
	ck_assert_msg(pads == 0, "%u landing pads were overwritten by the patch",
		      pads);
	kmt_step("3. the trace holds the functions behind the pads");
	ck_assert_int_ge(km_socket(T.app, AF_INET, SOCK_STREAM, 0), 0);
	ck_assert_msg(kmt_trace_count("inet_create") == 1 &&
		      kmt_trace_count("tcp_v4_init_sock") == 1,
		      "expected inet_create and tcp_v4_init_sock in the trace");
	kmt_trace_stop();
	assert_entries(0);
}
END_TEST

static int set_writable(void *p, int on)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t start = (uintptr_t)p & ~(page - 1);

	return mprotect((void *)start, 2 * page,
			PROT_READ | PROT_EXEC | (on ? PROT_WRITE : 0));
}

/* The first entry with (pad = 1) or without (pad = 0) a landing pad. */
static const struct km_ftrace_pair *entry_with_pad(int pad)
{
	unsigned int i;

	for (i = km_ftrace_npairs / 2; i < km_ftrace_npairs + km_ftrace_npairs / 2; i++) {
		const struct km_ftrace_pair *pr = &km_ftrace_pairs[i % km_ftrace_npairs];

		if (has_landing_pad(pr->untraced) == pad)
			return pr;
	}
	return NULL;
}

/*
 * Subscribes while victim's bytes [off, off + n) hold `bytes`, puts them
 * back, and returns what subscribing returned; *msg gets its first line
 * on stderr. A subscription that succeeds must have patched every entry,
 * the victim's too, leaving the planted bytes alone, and unsubscribing
 * must put every NOP back, again around them.
 */
static int subscribe_with_planted(const struct km_ftrace_pair *victim, size_t off,
				  const unsigned char *bytes, size_t n, int *events,
				  char *msg, size_t msglen)
{
	unsigned char *at = (unsigned char *)victim->untraced + off, saved[8];
	FILE *err = tmpfile();
	int fd2 = dup(2), sub;

	ck_assert(err && fd2 >= 0 && n <= sizeof(saved));
	memcpy(saved, at, n);
	ck_assert_int_eq(set_writable(at, 1), 0);
	memcpy(at, bytes, n);
	fflush(stderr);
	dup2(fileno(err), 2);
	sub = km_trace_subscribe(T.w, consumer, events);
	fflush(stderr);
	dup2(fd2, 2);
	close(fd2);
	rewind(err);
	if (!fgets(msg, (int)msglen, err))
		msg[0] = '\0';
	fclose(err);
	if (sub >= 0) {
		ck_assert_msg(!memcmp(at, bytes, n), "the patch overwrote the planted bytes");
		assert_entries(1);
		km_trace_unsubscribe(T.w, sub);
		ck_assert_msg(!memcmp(at, bytes, n), "unpatching overwrote the planted bytes");
		assert_entries(0);
	}
	/* the patcher made the text read-only again */
	ck_assert_int_eq(set_writable(at, 1), 0);
	memcpy(at, saved, n);
	ck_assert_int_eq(set_writable(at, 0), 0);
	return sub;
}

/* The refusal: ENOEXEC, the message, nothing patched, no event. */
static void assert_refused(int sub, const char *msg, const char *want, const int *events)
{
	ck_assert_msg(sub == -ENOEXEC, "expected -ENOEXEC, got %d", sub);
	ck_assert_msg(strstr(msg, want), "expected a message with \"%s\", got \"%s\"",
		      want, msg);
	kmt_step("nothing was patched, and no event reaches anyone");
	ck_assert_uint_eq(km_ftrace_patched(), 0);
	assert_entries(0);
	ck_assert_int_ge(km_socket(T.app, AF_INET, SOCK_STREAM, 0), 0);
	ck_assert_int_eq(*events, 0);
	kmt_step("with the entry mended, tracing works again");
	kmt_trace_start();
	ck_assert_uint_eq(km_ftrace_patched(), km_ftrace_npairs);
	kmt_trace_stop();
}

START_TEST(test_an_entry_that_cannot_be_patched_refuses_tracing)
{
	const struct km_ftrace_pair *victim = &km_ftrace_pairs[km_ftrace_npairs / 2];
	/* what another toolchain option might put there: push %rbp; mov %rsp,%rbp */
	static const unsigned char other[5] = { 0x55, 0x48, 0x89, 0xe5, 0x90 };
	size_t off = (size_t)(site_of(victim->untraced) - (unsigned char *)victim->untraced);
	char msg[512] = "", want[128];
	int n = 0, sub;

	kmt_step("1. %s()'s patchable bytes hold an ordinary prologue", victim->name);
	sub = subscribe_with_planted(victim, off, other, sizeof(other), &n, msg, sizeof(msg));
	kmt_step("2. subscribing fails with ENOEXEC and names the function");
	snprintf(want, sizeof(want), "cannot enable tracing: %s() does not start with the "
		 "5 patchable NOP bytes (bytes 55 48 89 e5 90", victim->name);
	assert_refused(sub, msg, want, &n);
}
END_TEST

/*
 * gdb's `break FUNC` puts an int3 on the entry's first byte and puts the
 * byte back itself. On a landing pad that byte is not one the patch
 * writes: tracing goes on, and the debugger's byte is left alone both
 * ways. On the patchable bytes themselves, half the jump would be undone
 * by the debugger: refused, saying so.
 */
START_TEST(test_a_debugger_breakpoint_on_a_landing_pad_is_left_in_place)
{
	const struct km_ftrace_pair *victim = entry_with_pad(1);
	static const unsigned char int3_pad[4] = { 0xcc, 0x0f, 0x1e, 0xfa };
	char msg[512] = "";
	int n = 0, sub;

	ck_assert_msg(victim != NULL, "no entry with a landing pad in a hardened build");
	kmt_step("1. an int3 on %s()'s landing pad, as gdb's `break %s` leaves it",
		 victim->name, victim->name);
	sub = subscribe_with_planted(victim, 0, int3_pad, sizeof(int3_pad), &n, msg,
				     sizeof(msg));
	kmt_step("2. tracing is on, the int3 kept through patching and unpatching");
	ck_assert_msg(sub >= 0, "subscribing failed (%d): %s", sub, msg);
	ck_assert_msg(msg[0] == '\0', "unexpected message: %s", msg);
}
END_TEST

START_TEST(test_a_debugger_breakpoint_on_the_patchable_bytes_refuses_tracing)
{
	const struct km_ftrace_pair *victim = entry_with_pad(0);
	static const unsigned char int3_nop[5] = { 0xcc, 0x1f, 0x44, 0x00, 0x00 };
	char msg[512] = "", want[160];
	int n = 0, sub;

	ck_assert_msg(victim != NULL, "no entry without a landing pad");
	kmt_step("1. an int3 on the first of %s()'s patchable bytes", victim->name);
	sub = subscribe_with_planted(victim, 0, int3_nop, sizeof(int3_nop), &n, msg,
				     sizeof(msg));
	kmt_step("2. subscribing fails with ENOEXEC, naming the debugger and the function");
	snprintf(want, sizeof(want), "cannot enable tracing: a debugger's breakpoint sits "
		 "on the first byte of %s()", victim->name);
	assert_refused(sub, msg, want, &n);
}
END_TEST

/*
 * What a student does: `break tcp_v4_connect` in gdb, then run a trace.
 * gdb finds both copies under the kernel's name (their debug information
 * says tcp_v4_connect); it stops in the untraced copy, whose landing pad
 * holds its int3, then in the traced one the patch jumps to; the
 * backtrace names the kernel's functions, and the trace completes.
 */
#define GDB_RUN "gdb -nx -q -batch -ex 'set pagination off' -ex 'set confirm off' "

START_TEST(test_gdb_stops_at_a_kernel_function_while_tracing)
{
	char *out, *trace;
	int st;

	kmt_step("1. gdb: break tcp_v4_connect, run `kmirror trace connect`");
	out = kmt_shell(GDB_RUN "-ex 'break tcp_v4_connect' "
			"-ex 'run trace connect > " KMT_BUILD_DIR "/tests/gdb-trace.out' "
			"-ex 'bt 2' -ex continue -ex 'bt 2' -ex continue "
			"--args " KMT_BUILD_DIR "/kmirror 2>&1", &st, NULL);
	kmt_step("2. it stops twice, in each copy, the backtrace in the kernel's names");
	ck_assert_msg(strstr(out, "tcp_v4_connect. (2 locations)"),
		      "expected gdb to find both copies:\n%s", out);
	ck_assert_msg(strstr(out, "Breakpoint 1.1, tcp_v4_connect (") &&
		      strstr(out, "Breakpoint 1.2, tcp_v4_connect ("),
		      "expected a stop in each copy:\n%s", out);
	ck_assert_msg(strstr(out, " in __inet_stream_connect (sock="),
		      "expected __inet_stream_connect as the caller:\n%s", out);
	ck_assert_msg(!strstr(out, "__kmt_") && !strstr(out, "cannot enable tracing"),
		      "gdb showed a twin's name, or tracing was refused:\n%s", out);
	ck_assert_msg(strstr(out, "exited normally"), "kmirror did not finish:\n%s", out);
	free(out);
	kmt_step("3. the trace is whole");
	trace = kmt_shell("grep -c 'tcp_v4_connect() {' " KMT_BUILD_DIR "/tests/gdb-trace.out; "
			  "rm -f " KMT_BUILD_DIR "/tests/gdb-trace.out", &st, NULL);
	ck_assert_msg(!strcmp(trace, "1\n"), "expected tcp_v4_connect once in the trace, "
		      "counted %s", trace);
	free(trace);
}
END_TEST

/*
 * Can gdb start a program here (ptrace may be forbidden in a container)?
 * Asked before the suite runs, so without Check's helpers.
 */
static const char *gdb_cannot_run(void)
{
	char out[4096];
	size_t n;
	FILE *p = popen(GDB_RUN "-ex run --args /bin/true 2>&1", "r");

	if (!p)
		return "cannot start gdb";
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	if (strstr(out, "not found"))
		return NULL;	/* gdb is required (install-deps.sh): fail, not skip */
	if (pclose(p) != 0 || !strstr(out, "exited normally"))
		return strstr(out, "ptrace") ? "gdb may not trace a program here "
			"(ptrace is forbidden)" : "gdb could not run /bin/true";
	return NULL;
}

static Suite *ftrace_suite(int gdb)
{
	Suite *s = suite_create("ftrace");
	TCase *tc = tcase_create("one");
	TCase *two = tcase_create("two");

	tcase_add_checked_fixture(tc, kmt_setup_one, kmt_teardown);
	tcase_add_test(tc, test_entries_are_nops_until_a_consumer_subscribes);
	tcase_add_test(tc, test_patch_stays_while_any_world_listens);
	tcase_add_test(tc, test_trace_is_the_same_after_patching_twice);
	if (KM_TWIN) {
		tcase_add_test(tc, test_entries_behind_an_endbr64_landing_pad_are_patched_after_it);
		tcase_add_test(tc, test_an_entry_that_cannot_be_patched_refuses_tracing);
		if (KM_HARDEN)
			tcase_add_test(tc, test_a_debugger_breakpoint_on_a_landing_pad_is_left_in_place);
		tcase_add_test(tc, test_a_debugger_breakpoint_on_the_patchable_bytes_refuses_tracing);
	}
	if (gdb)
		tcase_add_test(tc, test_gdb_stops_at_a_kernel_function_while_tracing);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(two, kmt_setup_two, kmt_teardown);
	tcase_add_test(two, test_calls_blocked_across_a_patch_finish_correctly);
	suite_add_tcase(s, two);
	return s;
}

int main(void)
{
	const char *no_gdb = NULL;

	if (!KM_TWIN)
		kmt_skip(5, "the patcher's tests need the twin build "
			 "(this build has TWIN=0: one copy with flag tests)");
	else if (!KM_HARDEN)
		kmt_skip(2, "a breakpoint on a landing pad needs pads: this build "
			 "has no -fcf-protection (HARDEN=0)");
	else if ((no_gdb = gdb_cannot_run()))
		kmt_skip(1, "%s", no_gdb);
	return kmt_run(ftrace_suite(KM_TWIN && KM_HARDEN && !no_gdb));
}
