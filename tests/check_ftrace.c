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

static int has_landing_pad(const char *entry)
{
	return !memcmp(entry, endbr64, sizeof(endbr64));
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

START_TEST(test_an_entry_that_cannot_be_patched_refuses_tracing)
{
	const struct km_ftrace_pair *victim = &km_ftrace_pairs[km_ftrace_npairs / 2];
	unsigned char *site = site_of(victim->untraced), saved[5];
	char msg[512] = "", want[128];
	FILE *err = tmpfile();
	int fd2 = dup(2), sub, n = 0;

	ck_assert(err && fd2 >= 0);
	kmt_step("1. %s()'s entry holds an int3 instead of its NOPs", victim->name);
	memcpy(saved, site, sizeof(saved));
	ck_assert_int_eq(set_writable(site, 1), 0);
	memset(site, 0xcc, sizeof(saved));
	kmt_step("2. subscribing fails with ENOEXEC and names the function");
	fflush(stderr);
	dup2(fileno(err), 2);
	sub = km_trace_subscribe(T.w, consumer, &n);
	fflush(stderr);
	dup2(fd2, 2);
	close(fd2);
	rewind(err);
	if (!fgets(msg, sizeof(msg), err))
		msg[0] = '\0';
	fclose(err);
	memcpy(site, saved, sizeof(saved));
	ck_assert_int_eq(set_writable(site, 0), 0);
	ck_assert_msg(sub == -ENOEXEC, "expected -ENOEXEC, got %d", sub);
	snprintf(want, sizeof(want), "cannot enable tracing: %s()", victim->name);
	ck_assert_msg(strstr(msg, want), "expected a message with \"%s\", got \"%s\"",
		      want, msg);
	kmt_step("3. nothing was patched, and no event reaches anyone");
	ck_assert_uint_eq(km_ftrace_patched(), 0);
	assert_entries(0);
	ck_assert_int_ge(km_socket(T.app, AF_INET, SOCK_STREAM, 0), 0);
	ck_assert_int_eq(n, 0);
	kmt_step("4. with the entry mended, tracing works again");
	kmt_trace_start();
	ck_assert_uint_eq(km_ftrace_patched(), km_ftrace_npairs);
	kmt_trace_stop();
}
END_TEST

static Suite *ftrace_suite(void)
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
	}
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(two, kmt_setup_two, kmt_teardown);
	tcase_add_test(two, test_calls_blocked_across_a_patch_finish_correctly);
	suite_add_tcase(s, two);
	return s;
}

int main(void)
{
	if (!KM_TWIN)
		kmt_skip(2, "the patcher's tests need the twin build "
			 "(this build has TWIN=0: one copy with flag tests)");
	return kmt_run(ftrace_suite());
}
