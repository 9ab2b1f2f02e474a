// SPDX-License-Identifier: GPL-2.0
/*
 * `n` and `N` across contexts (viz/nav.c), by gdb's rules: a call made
 * from the current frame is stepped over wherever it leads; a return —
 * also a timer callback's return into the softirq loop — goes on in the
 * caller; once a thread's stack has unwound completely, the next thing
 * that runs is where `n` stops, not a step deep inside it.
 *
 * Checked on live recordings as properties over every step, and on the
 * lost-SYN timer (n used to enter its callees there).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kmtest.h"
#include "../viz/record.h"
#include "../scenarios/scenario.h"

static struct vz_rec R;

static void record(const char *scenario)
{
	struct km_cli_opts o;
	const struct km_scenario *s = km_scenario_find(scenario);

	memset(&o, 0, sizeof(o));
	o.seed = 1;
	o.peer = "mirror";
	o.format = "text";
	ck_assert_msg(s != NULL, "no scenario %s", scenario);
	ck_assert_int_eq(vz_rec_scenario(&R, s, &o, NULL), 0);
}

static void teardown(void)
{
	vz_rec_free(&R);
}

static const char *func(int ev)
{
	const struct vz_site *s = ev >= 0 ? vz_ev_site(&R, &R.evs[ev]) : NULL;

	return s ? s->func : "(none)";
}

static const char *host(int ev)
{
	int h = R.evs[ev].host;

	return h >= 0 && h < R.nhosts ? R.hosts[h].name : "(world)";
}

static int thread_of(int a, int b)
{
	return R.evs[a].host == R.evs[b].host && R.evs[a].pid == R.evs[b].pid;
}

/* The last step inside tcp_retransmit_timer itself. */
static int last_step_of(const char *fn)
{
	int j, last = -1;

	for (j = 0; j < R.nevs; j++)
		if (R.evs[j].type == KM_EV_STEP && !strcmp(func(j), fn))
			last = j;
	return last;
}

START_TEST(test_next_at_a_timers_last_step_steps_over_its_calls)
{
	int pos, j, k, server_softirq = 0;

	record("lost-syn");
	pos = last_step_of("tcp_retransmit_timer");
	ck_assert_int_ge(pos, 0);
	j = vz_nav_next(&R, pos);
	ck_assert_int_ge(j, 0);
	kmt_step("n from tcp_retransmit_timer's last step lands in %s", func(j));
	ck_assert_msg(strcmp(func(j), "inet_csk_reset_xmit_timer") &&
		      strcmp(func(j), "sk_reset_timer"),
		      "n entered %s, a call made from tcp_retransmit_timer", func(j));
	/* the client's timer is over: the next thing that runs is the
	 * retransmitted SYN reaching the server */
	ck_assert_str_eq(host(j), "server");
	kmt_step("n from there reaches the server's softirq, not past it");
	for (k = 0; k < 8 && j >= 0; k++) {
		if (!strcmp(host(j), "server") && R.evs[j].ctx == KM_CTX_SOFTIRQ)
			server_softirq = 1;
		if (!strcmp(host(j), "client"))
			break;
		j = vz_nav_next(&R, j);
	}
	ck_assert_msg(server_softirq, "n skipped the server's processing of the SYN");
}
END_TEST

/* Between pos and its `n`, the thread either stayed at or above pos's
 * level (calls stepped over) or unwound completely. */
static void check_next_everywhere(const char *scenario)
{
	int pos, bad = 0;

	record(scenario);
	for (pos = 0; pos < R.nevs; pos++) {
		int j, k, lvl, unwound = 0;

		if (R.evs[pos].type != KM_EV_STEP)
			continue;
		lvl = R.evs[pos].depth;
		j = vz_nav_next(&R, pos);
		if (j < 0)
			continue;
		ck_assert_int_gt(j, pos);
		ck_assert_int_eq(R.evs[j].type, KM_EV_STEP);
		for (k = pos + 1; k < j; k++)
			if (thread_of(k, pos) && R.evs[k].type == KM_EV_EXIT &&
			    R.evs[k].depth == 0)
				unwound = 1;
		if (!unwound && (!thread_of(j, pos) || R.evs[j].depth > lvl)) {
			if (!bad++)
				ck_abort_msg("[%s] n from event %d (%s, depth %d) went to %d "
					     "(%s, depth %d, host %d) without a return",
					     scenario, pos, func(pos), lvl, j, func(j),
					     R.evs[j].depth, R.evs[j].host);
		}
	}
	teardown();
}

START_TEST(test_next_never_stops_inside_a_call_it_steps_over)
{
	check_next_everywhere("connect");
	check_next_everywhere("lost-syn");
	check_next_everywhere("handshake");
}
END_TEST

START_TEST(test_back_next_never_stops_inside_a_call)
{
	static const char *const scns[] = { "connect", "lost-syn" };
	size_t i;

	for (i = 0; i < 2; i++) {
		int pos;

		record(scns[i]);
		for (pos = 0; pos < R.nevs; pos++) {
			int j, k, unwound = 0;

			if (R.evs[pos].type != KM_EV_STEP)
				continue;
			j = vz_nav_back_next(&R, pos);
			if (j < 0)
				continue;
			ck_assert_int_lt(j, pos);
			for (k = j + 1; k < pos; k++)
				if (thread_of(k, pos) && R.evs[k].type == KM_EV_ENTER &&
				    R.evs[k].depth == 0)
					unwound = 1;
			ck_assert_msg(unwound || (thread_of(j, pos) &&
						  R.evs[j].depth <= R.evs[pos].depth),
				      "[%s] N from %d (%s) went into %d (%s)", scns[i], pos,
				      func(pos), j, func(j));
		}
		teardown();
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("viz_nav");
	TCase *tc = tcase_create("next");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_next_at_a_timers_last_step_steps_over_its_calls);
	tcase_add_test(tc, test_next_never_stops_inside_a_call_it_steps_over);
	tcase_add_test(tc, test_back_next_never_stops_inside_a_call);
	suite_add_tcase(s, tc);
	return kmt_run(s);
}
