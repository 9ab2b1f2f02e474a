// SPDX-License-Identifier: GPL-2.0
/*
 * The visualizer's recorder and navigation (viz/record.c, viz/nav.c,
 * viz/record_file.c): recording live scenarios, moving through them the
 * way gdb moves (step, next, finish, continue, back), breakpoints on
 * functions and states, the sequence diagram's packets (pairing, loss),
 * saving and replaying a recording, pcap export, and damaged files.
 *
 * These run the scenarios live, so they check behaviour (which function,
 * which state, which packet), not step counts that change whenever the
 * mirror gains a step point.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kmtest.h"
#include "../viz/record.h"
#include "../scenarios/scenario.h"
#include "../viz/screen.h"

static struct vz_rec R;

static void record(const char *scenario, const char *peer)
{
	struct km_cli_opts o;
	const struct km_scenario *s = km_scenario_find(scenario);

	memset(&o, 0, sizeof(o));
	o.seed = 1;
	o.peer = peer;
	o.format = "text";
	ck_assert_msg(s != NULL, "no scenario %s", scenario);
	ck_assert_int_eq(vz_rec_scenario(&R, s, &o, NULL), 0);
	ck_assert_msg(R.status == 0, "scenario %s reported failure %d", scenario, R.status);
}

static void teardown(void)
{
	vz_rec_free(&R);
}

static const char *ev_func(int ev)
{
	const struct vz_site *s = ev >= 0 ? vz_ev_site(&R, &R.evs[ev]) : NULL;

	return s ? s->func : "(none)";
}

static const char *ev_host(int ev)
{
	return vz_host_name(&R, R.evs[ev].host);
}

/* The first event of a type in a function (on a host), or -1. */
static int find_ev(int type, const char *func, const char *host, int from)
{
	int i;

	for (i = from; i < R.nevs; i++)
		if (R.evs[i].type == type && !strcmp(ev_func(i), func) &&
		    (!host || !strcmp(ev_host(i), host)))
			return i;
	return -1;
}

static int obj_named(const char *host, const char *name)
{
	int i;
	char buf[48];

	for (i = 0; i < R.nobjs; i++)
		if (!strcmp(vz_host_name(&R, R.objs[i].host), host) &&
		    !strcmp(vz_obj_name(&R, i, buf, sizeof(buf)), name))
			return i;
	return -1;
}

/* ---- recording ---- */

START_TEST(test_connect_recording_pairs_each_packet_with_its_arrival)
{
	static const unsigned int flags[] = { KM_TH_SYN, KM_TH_SYN | KM_TH_ACK, KM_TH_ACK };
	int i;

	record("connect", "mirror");
	kmt_step("two hosts, three packets: SYN, SYN-ACK, ACK");
	ck_assert_int_eq(R.nhosts, 2);
	ck_assert_int_eq(R.npkts, 3);
	ck_assert_str_eq(R.lanes[0].label, "client");
	ck_assert_str_eq(R.lanes[1].label, "server");
	for (i = 0; i < 3; i++) {
		const struct vz_pkt *p = &R.pkts[i];

		ck_assert_msg(p->flags == flags[i], "packet %d: flags 0x%x, expected 0x%x",
			      i, p->flags, flags[i]);
		ck_assert_msg(p->ev_tx >= 0 && p->ev_rx >= 0 && !p->lost,
			      "packet %d not paired (tx %d rx %d lost %d)", i, p->ev_tx,
			      p->ev_rx, p->lost);
		ck_assert_int_eq(R.evs[p->ev_rx].time_ns - R.evs[p->ev_tx].time_ns, 1000000);
		ck_assert_str_ne(ev_host(p->ev_tx), ev_host(p->ev_rx));
	}
	ck_assert_str_eq(ev_host(R.pkts[0].ev_tx), "client");
	ck_assert_int_eq(R.link_delay, 1000000);
}
END_TEST

START_TEST(test_recording_keeps_the_call_stack_and_context_of_each_step)
{
	int ev;
	const struct vz_site *top;

	record("connect", "mirror");
	ev = find_ev(KM_EV_STEP, "tcp_v4_connect", "client", 0);
	ck_assert_int_ge(ev, 0);
	top = vz_ev_frame(&R, &R.evs[ev], 0);
	ck_assert_str_eq(top->func, "tcp_v4_connect");
	ck_assert_str_eq(vz_ev_frame(&R, &R.evs[ev], R.evs[ev].stack_depth - 1)->func,
			 "entry_SYSCALL_64");
	ck_assert_int_eq(R.evs[ev].ctx, KM_CTX_PROCESS);
	ck_assert_str_eq(R.evs[ev].sys, "connect");
	ck_assert_ptr_nonnull(strstr(vz_ev_site(&R, &R.evs[ev])->file,
				     "kernel_mirror/net/ipv4/tcp_ipv4.c"));
	kmt_step("the SYN-ACK is handled in the client's softirq");
	ev = find_ev(KM_EV_ENTER, "tcp_rcv_synsent_state_process", "client", 0);
	ck_assert_int_ge(ev, 0);
	ck_assert_int_eq(R.evs[ev].ctx, KM_CTX_SOFTIRQ);
}
END_TEST

START_TEST(test_session_starts_at_the_clients_socket_call)
{
	int start;

	record("connect", "mirror");
	start = vz_nav_start(&R);
	ck_assert_int_ge(start, 0);
	ck_assert_int_eq(R.evs[start].type, KM_EV_STEP);
	ck_assert_str_eq(ev_host(start), "client");
	ck_assert_str_eq(R.evs[start].sys, "socket");
	kmt_step("the server's listen() came before it");
	ck_assert_int_lt(vz_nav_first(&R), start);
	ck_assert_str_eq(ev_host(vz_nav_first(&R)), "server");
}
END_TEST

/* Values at every position reached forwards equal those reached back. */
START_TEST(test_seeking_back_restores_every_field_value)
{
	enum { N = 24 };
	unsigned long long *snap[N];
	int pos[N], i, k, o;

	record("connect", "mirror");
	for (k = 0; k < N; k++) {
		size_t total = 0;

		pos[k] = (int)((long long)(R.nevs - 1) * k / (N - 1));
		vz_rec_seek(&R, pos[k]);
		for (o = 0; o < R.nobjs; o++)
			total += (size_t)R.objs[o].nvals + 2;
		snap[k] = calloc(total, sizeof(unsigned long long));
		total = 0;
		for (o = 0; o < R.nobjs; o++) {
			memcpy(snap[k] + total, R.objs[o].cur,
			       R.objs[o].nvals * sizeof(unsigned long long));
			total += (size_t)R.objs[o].nvals;
			snap[k][total++] = (unsigned long long)R.objs[o].blob_cur_off;
			snap[k][total++] = R.objs[o].blob_cur_len;
		}
	}
	for (k = N - 1; k >= 0; k -= 3) {
		size_t total = 0;

		vz_rec_seek(&R, pos[k]);
		for (o = 0; o < R.nobjs; o++) {
			for (i = 0; i < R.objs[o].nvals; i++)
				ck_assert_msg(R.objs[o].cur[i] == snap[k][total + i],
					      "event %d, object %d field %s: %llu back, %llu forward",
					      pos[k], o, km_field(R.objs[o].kind, i)->name,
					      R.objs[o].cur[i], snap[k][total + i]);
			total += (size_t)R.objs[o].nvals;
			ck_assert_int_eq(R.objs[o].blob_cur_off, (long)snap[k][total]);
			ck_assert_uint_eq(R.objs[o].blob_cur_len, snap[k][total + 1]);
			total += 2;
		}
	}
	for (k = 0; k < N; k++)
		free(snap[k]);
}
END_TEST

START_TEST(test_marks_show_what_the_last_move_changed)
{
	int ev = -1, i, sock, f;

	record("connect", "mirror");
	/* the event where the client's sock enters SYN_SENT */
	for (i = 0; i < R.ntrans; i++)
		if (R.trans[i].newv == 2 && !R.trans[i].is_socket)
			ev = R.trans[i].ev;
	ck_assert_int_ge(ev, 1);
	sock = R.trans[0].obj;
	for (i = 0; i < R.ntrans; i++)
		if (R.trans[i].ev == ev)
			sock = R.trans[i].obj;
	f = km_field_find(KM_OBJ_TCP_SOCK, "skc_state");
	vz_rec_seek(&R, ev - 1);
	vz_rec_seek(&R, ev);
	ck_assert_msg(R.objs[sock].mark[f], "skc_state not marked after the move");
	ck_assert_uint_eq(R.objs[sock].prev[f], 7);	/* TCP_CLOSE */
	ck_assert_uint_eq(R.objs[sock].cur[f], 2);	/* TCP_SYN_SENT */
	kmt_step("going back marks it too, with the value it had");
	vz_rec_seek(&R, ev - 1);
	ck_assert_msg(R.objs[sock].mark[f], "not marked going back");
	ck_assert_uint_eq(R.objs[sock].cur[f], 7);
	kmt_step("a move that touches nothing marks nothing");
	vz_rec_seek(&R, ev - 1);
	ck_assert_int_eq(R.nmarked, 0);
}
END_TEST

/* ---- navigation ---- */

START_TEST(test_step_enters_the_called_function_next_steps_over_it)
{
	int enter, before, s, n;

	record("connect", "mirror");
	enter = find_ev(KM_EV_ENTER, "tcp_v4_connect", "client", 0);
	ck_assert_int_ge(enter, 0);
	before = vz_nav_back_step(&R, enter);
	ck_assert_int_ge(before, 0);
	kmt_step("s from the caller's last step (%s) enters tcp_v4_connect", ev_func(before));
	s = vz_nav_step(&R, before);
	ck_assert_str_eq(ev_func(s), "tcp_v4_connect");
	ck_assert_int_eq(R.evs[s].depth, R.evs[before].depth + 1);
	kmt_step("n from there stays in %s or returns above it", ev_func(before));
	n = vz_nav_next(&R, before);
	ck_assert_int_gt(n, s);
	ck_assert_int_le(R.evs[n].depth, R.evs[before].depth);
	ck_assert_int_eq(R.evs[n].host, R.evs[before].host);
	ck_assert_int_eq(R.evs[n].ctx, R.evs[before].ctx);
	ck_assert_int_lt(n, find_ev(KM_EV_EXIT, ev_func(before), "client", before) + 2);
	kmt_step("N from there comes back to the caller's step");
	ck_assert_int_eq(vz_nav_back_next(&R, n), before);
}
END_TEST

START_TEST(test_finish_stops_on_the_return_of_the_current_function)
{
	int first, f;

	record("connect", "mirror");
	first = find_ev(KM_EV_STEP, "tcp_v4_connect", "client", 0);
	ck_assert_int_ge(first, 0);
	f = vz_nav_finish(&R, first);
	ck_assert_int_ge(f, 0);
	ck_assert_int_eq(R.evs[f].type, KM_EV_EXIT);
	ck_assert_str_eq(ev_func(f), "tcp_v4_connect");
	kmt_step("tcp_v4_connect returns 0 after sending the SYN (net/ipv4/tcp_ipv4.c:315)");
	ck_assert_int_eq(R.evs[f].has_ret, 1);
	ck_assert_int_eq(R.evs[f].ret, 0);
	kmt_step("and finish again leaves its caller");
	f = vz_nav_finish(&R, f);
	ck_assert_int_eq(R.evs[f].type, KM_EV_EXIT);
	ck_assert_str_eq(ev_func(f), "__inet_stream_connect");
}
END_TEST

START_TEST(test_step_back_retraces_the_steps_forward)
{
	int path[60], i, p;

	record("connect", "mirror");
	p = vz_nav_first(&R);
	for (i = 0; i < 60; i++) {
		path[i] = p;
		p = vz_nav_step(&R, p);
		ck_assert_int_ge(p, 0);
	}
	for (i = 59; i >= 0; i--) {
		p = vz_nav_back_step(&R, p);
		ck_assert_int_eq(p, path[i]);
	}
	ck_assert_int_eq(vz_nav_back_step(&R, p), -1);
}
END_TEST

START_TEST(test_breakpoint_on_a_function_stops_at_its_entry)
{
	struct vz_bp bp = { .kind = VZ_BP_FUNC };
	int hit;

	record("connect", "mirror");
	bp.func = vz_intern(&R, "tcp_rcv_synsent_state_process");
	hit = vz_nav_continue(&R, vz_nav_first(&R), &bp, 1);
	ck_assert_int_ge(hit, 0);
	ck_assert_int_eq(R.evs[hit].type, KM_EV_ENTER);
	ck_assert_str_eq(ev_func(hit), "tcp_rcv_synsent_state_process");
	ck_assert_str_eq(ev_host(hit), "client");
	kmt_step("no second hit: the client gets one SYN-ACK");
	ck_assert_int_eq(vz_nav_continue(&R, hit, &bp, 1), -1);
}
END_TEST

START_TEST(test_run_to_established_stops_where_the_client_sock_gets_there)
{
	struct vz_bp est = { .kind = VZ_BP_TCP_STATE, .state = 1 };
	struct vz_bp conn = { .kind = VZ_BP_SS_STATE, .state = 3 };
	int hit, sock, hit2;

	record("connect", "mirror");
	hit = vz_nav_continue(&R, -1, &est, 1);
	ck_assert_int_ge(hit, 0);
	ck_assert_str_eq(ev_host(hit), "client");
	vz_rec_seek(&R, hit);
	sock = obj_named("client", "sock#3");
	ck_assert_int_ge(sock, 0);
	ck_assert_uint_eq(vz_val(&R, sock, "skc_state"), 1);
	kmt_step("one event earlier it was still TCP_SYN_SENT");
	vz_rec_seek(&R, hit - 1);
	ck_assert_uint_eq(vz_val(&R, sock, "skc_state"), 2);
	kmt_step("the server's child gets there after the ACK");
	hit2 = vz_nav_continue(&R, hit, &est, 1);
	ck_assert_int_gt(hit2, hit);
	ck_assert_str_eq(ev_host(hit2), "server");
	kmt_step("socket->state SS_CONNECTED on the client");
	hit = vz_nav_continue(&R, -1, &conn, 1);
	ck_assert_int_ge(hit, 0);
	ck_assert_str_eq(ev_host(hit), "client");
}
END_TEST

START_TEST(test_milestones_are_packets_state_changes_and_call_returns)
{
	int p = -1, n = 0, packets = 0;

	record("connect", "mirror");
	while ((p = vz_nav_milestone(&R, p, 1)) >= 0) {
		ck_assert_msg(vz_ev_is_milestone(&R, p), "event %d", p);
		if (R.evs[p].type == KM_EV_PACKET)
			packets++;
		n++;
	}
	kmt_step("each of the 3 packets is seen leaving and arriving");
	ck_assert_int_eq(packets, 6);
	ck_assert_int_lt(n, 40);
	kmt_step("backwards from the end finds the last one");
	p = vz_nav_milestone(&R, R.nevs, -1);
	ck_assert_int_ge(p, 0);
	ck_assert_int_eq(vz_nav_milestone(&R, p, 1), -1);
}
END_TEST

START_TEST(test_state_transitions_tell_both_sides_of_the_handshake)
{
	char client[128] = "", server[128] = "";
	int i;

	record("connect", "mirror");
	for (i = 0; i < R.ntrans; i++) {
		const struct vz_trans *t = &R.trans[i];
		char *d = !strcmp(vz_host_name(&R, R.objs[t->obj].host), "client") ?
			  client : server;

		if (t->is_socket || !vz_trans_is_real(&R, t->obj, t->oldv, t->newv))
			continue;
		snprintf(d + strlen(d), 128 - strlen(d), "%s%s", *d ? " " : "",
			 km_tcp_state_name((int)t->newv));
	}
	ck_assert_str_eq(client, "TCP_SYN_SENT TCP_ESTABLISHED");
	ck_assert_str_eq(server, "TCP_LISTEN TCP_SYN_RECV TCP_ESTABLISHED");
}
END_TEST

/*
 * The close scenario: the client's sock goes FIN_WAIT1 -> FIN_WAIT2 ->
 * CLOSE (tcp_time_wait), its timewait sock tw#1 is its own object whose
 * state is its substate, FIN_WAIT2 then TIME_WAIT; it dies 60 s later.
 * net/ipv4/tcp_minisocks.c:259, 144; net/ipv4/inet_timewait_sock.c:151
 */
START_TEST(test_close_records_the_timewait_sock_with_its_substate)
{
	char client[256] = "", server[256] = "", tw[64] = "", name[32];
	int i, twobj = -1;

	record("close", "mirror");
	for (i = 0; i < R.ntrans; i++) {
		const struct vz_trans *t = &R.trans[i];
		const struct vz_obj *o = &R.objs[t->obj];
		char *d = o->kind == KM_OBJ_TW ? tw :
			  !strcmp(vz_host_name(&R, o->host), "client") ? client : server;

		if (t->is_socket || !vz_trans_is_real(&R, t->obj, t->oldv, t->newv))
			continue;
		if (o->kind == KM_OBJ_TW)
			twobj = t->obj;
		snprintf(d + strlen(d), 256 - strlen(d), "%s%s", *d ? " " : "",
			 km_tcp_state_name((int)t->newv));
	}
	ck_assert_str_eq(client, "TCP_SYN_SENT TCP_ESTABLISHED TCP_FIN_WAIT1 "
			 "TCP_FIN_WAIT2 TCP_CLOSE");
	ck_assert_str_eq(server, "TCP_LISTEN TCP_SYN_RECV TCP_ESTABLISHED "
			 "TCP_CLOSE_WAIT TCP_LAST_ACK TCP_CLOSE");
	ck_assert_str_eq(tw, "TCP_FIN_WAIT2 TCP_TIME_WAIT");
	ck_assert_int_ge(twobj, 0);
	ck_assert_str_eq(vz_obj_name(&R, twobj, name, sizeof(name)), "tw#1");
	ck_assert_str_eq(vz_host_name(&R, R.objs[twobj].host), "client");
	kmt_step("tw#1 dies 60 s after the peer's FIN");
	ck_assert_int_lt(R.objs[twobj].died, R.nevs);
	ck_assert(R.evs[R.objs[twobj].died].time_ns -
		  R.evs[R.objs[twobj].born].time_ns > 60000000000LL);
}
END_TEST

/* ---- the scenarios made for the menu ---- */

START_TEST(test_lost_syn_is_drawn_lost_and_sent_again_a_second_later)
{
	record("lost-syn", "mirror");
	ck_assert_int_eq(R.npkts, 4);
	ck_assert_msg(R.pkts[0].lost && R.pkts[0].flags == KM_TH_SYN, "first SYN not lost");
	ck_assert_msg(!R.pkts[1].lost && R.pkts[1].ev_rx >= 0, "second SYN not delivered");
	ck_assert_int_eq(R.pkts[1].flags, KM_TH_SYN);
	ck_assert_int_eq(R.pkts[1].seq, R.pkts[0].seq);
	kmt_step("the retransmission comes after the initial RTO, 1 s (net/ipv4/tcp_output.c:3553)");
	ck_assert_int_ge(R.evs[R.pkts[1].ev_tx].time_ns - R.evs[R.pkts[0].ev_tx].time_ns,
			 990000000LL);
}
END_TEST

START_TEST(test_lost_synack_arrival_goes_to_the_send_it_fits)
{
	int i, synacks = 0, lost = 0;

	record("lost-synack", "mirror");
	for (i = 0; i < R.npkts; i++) {
		const struct vz_pkt *p = &R.pkts[i];

		if (p->flags != (KM_TH_SYN | KM_TH_ACK))
			continue;
		synacks++;
		if (p->lost)
			lost++;
		else if (p->ev_rx >= 0)
			ck_assert_int_eq(R.evs[p->ev_rx].time_ns - R.evs[p->ev_tx].time_ns,
					 R.link_delay);
	}
	ck_assert_int_ge(synacks, 2);
	ck_assert_int_eq(lost, 1);
	ck_assert_msg(R.pkts[1].lost, "the first SYN-ACK should be the lost one");
}
END_TEST

START_TEST(test_simultaneous_open_goes_through_syn_recv_on_both_hosts)
{
	int i, via[2] = { 0, 0 };

	record("simultaneous-open", "mirror");
	for (i = 0; i < R.ntrans; i++) {
		const struct vz_trans *t = &R.trans[i];

		if (!t->is_socket && t->oldv == 2 && t->newv == 3)
			via[strcmp(vz_host_name(&R, R.objs[t->obj].host), "client") ? 1 : 0]++;
	}
	ck_assert_int_eq(via[0], 1);
	ck_assert_int_eq(via[1], 1);
	ck_assert_int_eq(R.npkts, 6);
}
END_TEST

START_TEST(test_nonblocking_connect_returns_einprogress_then_polls)
{
	int i, seen = 0;

	record("connect-nonblock", "mirror");
	for (i = 0; i < R.nevs; i++) {
		const struct vz_ev *e = &R.evs[i];

		if (e->type == KM_EV_SCHED && e->sched_what == KM_SCHED_SYSCALL_EXIT &&
		    e->note && !strcmp(e->note, "connect")) {
			ck_assert_int_eq(e->sched_arg, -115);	/* EINPROGRESS */
			seen++;
		}
	}
	ck_assert_int_eq(seen, 1);
}
END_TEST

START_TEST(test_scripted_peer_packets_come_from_the_peer_lane)
{
	record("connect", "script");
	ck_assert_int_eq(R.nhosts, 1);
	ck_assert_int_eq(R.npkts, 3);
	ck_assert_str_eq(R.lanes[1].label, "peer");
	ck_assert_int_eq(R.pkts[1].ev_tx, -1);
	ck_assert_int_ge(R.pkts[1].ev_rx, 0);
	ck_assert_msg(!R.pkts[0].lost && !R.pkts[2].lost, "sends to the peer are not lost");
}
END_TEST

START_TEST(test_timeout_with_mirror_peer_shows_every_syn_lost)
{
	int i;

	record("connect-timeout", "mirror");
	ck_assert_int_eq(R.npkts, 7);
	ck_assert_str_eq(R.lanes[1].label, "server");
	for (i = 0; i < R.npkts; i++)
		ck_assert_msg(R.pkts[i].lost, "SYN %d not marked lost", i);
}
END_TEST

/* ---- files ---- */

static char *temp_path(const char *suffix)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), "/tmp/kmirror-check-viz-%d%s", (int)getpid(), suffix);
	return buf;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long sz;

	ck_assert_msg(f != NULL, "cannot read %s", path);
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	rewind(f);
	b = malloc((size_t)sz + 1);
	ck_assert_uint_eq(fread(b, 1, (size_t)sz, f), (size_t)sz);
	b[sz] = '\0';
	fclose(f);
	*n = (size_t)sz;
	return b;
}

START_TEST(test_saved_recording_replays_identically)
{
	struct vz_rec L;
	char err[300];
	char *path = temp_path(".kmrec");
	int k, o, f;

	record("connect", "mirror");
	ck_assert_int_eq(vz_rec_save(&R, path, err, sizeof(err)), 0);
	ck_assert_msg(vz_rec_load(&L, path, err, sizeof(err)) == 0, "load: %s", err);
	unlink(path);
	ck_assert_int_eq(L.nevs, R.nevs);
	ck_assert_uint_eq(L.ndiffs, R.ndiffs);
	ck_assert_int_eq(L.nobjs, R.nobjs);
	ck_assert_int_eq(L.npkts, R.npkts);
	ck_assert_int_eq(L.nsteps, R.nsteps);
	ck_assert_str_eq(L.scenario, "connect");
	ck_assert_int_eq(L.nresults, R.nresults);
	for (k = 0; k < R.nevs; k += 37) {
		vz_rec_seek(&R, k);
		vz_rec_seek(&L, k);
		ck_assert_int_eq(L.evs[k].time_ns, R.evs[k].time_ns);
		ck_assert_int_eq(L.evs[k].depth, R.evs[k].depth);
		if (R.evs[k].site >= 0)
			ck_assert_str_eq(vz_ev_site(&L, &L.evs[k])->text,
					 vz_ev_site(&R, &R.evs[k])->text);
		for (o = 0; o < R.nobjs; o++)
			for (f = 0; f < R.objs[o].nvals; f++) {
				char a[128], b[128];

				km_field_format(R.objs[o].kind, f, R.objs[o].cur[f], a, sizeof(a));
				km_field_format(L.objs[o].kind, f, L.objs[o].cur[f], b, sizeof(b));
				ck_assert_msg(!strcmp(a, b), "event %d obj %d %s: %s vs %s", k, o,
					      km_field(R.objs[o].kind, f)->name, b, a);
			}
	}
	vz_rec_free(&L);
}
END_TEST

START_TEST(test_damaged_recordings_are_refused_never_trusted)
{
	struct vz_rec L;
	char err[300], *data;
	char *path = temp_path(".kmrec");
	size_t n, cut;
	unsigned int seed = 12345, i, loaded = 0;

	record("connect", "mirror");
	ck_assert_int_eq(vz_rec_save(&R, path, err, sizeof(err)), 0);
	data = slurp(path, &n);
	unlink(path);
	kmt_step("every truncation is refused");
	for (cut = 0; cut < n; cut += n / 97 + 1) {
		ck_assert_msg(vz_rec_load_mem(&L, (unsigned char *)data, cut, err,
					      sizeof(err)) != 0, "truncated at %zu accepted", cut);
		ck_assert_int_eq(L.nevs, 0);
		vz_rec_free(&L);
	}
	kmt_step("flipped bytes never crash the loader (ASan watches)");
	for (i = 0; i < 400; i++) {
		unsigned char *copy = malloc(n);
		unsigned int k;

		memcpy(copy, data, n);
		for (k = 0; k <= i % 8; k++) {
			seed = seed * 1103515245u + 12345u;
			copy[(seed >> 8) % n] ^= (unsigned char)(1u << (seed & 7));
		}
		if (vz_rec_load_mem(&L, copy, n, err, sizeof(err)) == 0) {
			/* whatever loads must also draw, anywhere */
			loaded++;
			struct vz_app *a = calloc(1, sizeof(*a));
			int k;

			vz_app_init(a);
			a->rec = L;
			snprintf(a->srcroot, sizeof(a->srcroot), "/nonexistent");
			vz_layout(a, 60, 200);
			for (k = 0; k < 5; k++) {
				vz_goto(a, (int)((long long)(a->rec.nevs - 1) * k / 4));
				vz_draw(a);
			}
			a->layout = VZ_L_PRESENT;
			vz_layout(a, 30, 100);
			vz_draw(a);
			vz_app_free(a);
			free(a);
		} else {
			vz_rec_free(&L);
		}
		free(copy);
	}
	fprintf(stderr, "check_viz_record: %u of 400 damaged recordings loaded (and drew)\n", loaded);
	ck_assert_uint_gt(loaded, 0);
	kmt_step("not a recording at all");
	ck_assert_int_ne(vz_rec_load_mem(&L, (const unsigned char *)"hello", 5, err,
					 sizeof(err)), 0);
	ck_assert_str_eq(err, "not a kmirror recording");
	vz_rec_free(&L);
	kmt_step("another version");
	data[8] = 99;
	ck_assert_int_ne(vz_rec_load_mem(&L, (unsigned char *)data, n, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(err, "another version"));
	vz_rec_free(&L);
	ck_assert_int_ne(vz_rec_load(&L, "/nonexistent/x.kmrec", err, sizeof(err)), 0);
	vz_rec_free(&L);
	free(data);
}
END_TEST

static unsigned int le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (unsigned int)p[3] << 24;
}

/* pcapng (runtime/pcap.c): a section header, an interface per host and
 * device, then one Enhanced Packet Block per packet, in order. */
START_TEST(test_pcap_export_writes_each_packet_once_as_raw_ip)
{
	char err[300], *path = temp_path(".pcapng");
	unsigned char *d;
	size_t n, off = 0;
	int count = 0, ifs = 0;

	record("connect", "mirror");
	ck_assert_int_eq(vz_rec_export_pcap(&R, path, err, sizeof(err)), 0);
	d = (unsigned char *)slurp(path, &n);
	unlink(path);
	ck_assert_uint_ge(n, 28);
	ck_assert_uint_eq(le32(d), 0x0a0d0d0au);
	ck_assert_uint_eq(le32(d + 8), 0x1a2b3c4du);
	while (off + 12 <= n) {
		unsigned int type = le32(d + off), blen = le32(d + off + 4);

		ck_assert_uint_ge(blen, 12);
		ck_assert_uint_le(off + blen, n);
		if (type == 1) {
			ck_assert_uint_eq(d[off + 8], 101);	/* LINKTYPE_RAW */
			ifs++;
		} else if (type == 6) {
			unsigned int len = le32(d + off + 20);

			ck_assert_uint_eq(le32(d + off + 24), len);
			ck_assert_uint_eq(d[off + 28], 0x45);	/* IPv4, 20-byte header */
			ck_assert_uint_eq(len, R.pkts[count].len);
			ck_assert_int_eq(memcmp(d + off + 28, R.bytes + R.pkts[count].off,
						len), 0);
			count++;
		}
		off += blen;
	}
	ck_assert_uint_eq(off, n);
	ck_assert_int_eq(count, 3);
	ck_assert_int_eq(ifs, 2);	/* client eth0, server eth0 */
	ck_assert_ptr_nonnull(memmem(d, n, "client eth0", 11));
	free(d);
}
END_TEST

START_TEST(test_sequence_export_lists_every_packet_with_relative_numbers)
{
	struct vz_app *a = calloc(1, sizeof(*a));
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);

	vz_app_init(a);
	record("connect", "mirror");
	a->rec = R;
	memset(&R, 0, sizeof(R));
	a->ascii = 1;
	ck_assert_int_eq(vz_seq_render_text(a, f, 78), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "client 10.0.0.1"));
	ck_assert_ptr_nonnull(strstr(text, "server 10.0.0.2"));
	ck_assert_ptr_nonnull(strstr(text, "SYN seq 0 win 64240 <mss 1460,sackOK,TS,ws 7>"));
	ck_assert_ptr_nonnull(strstr(text, "SYN,ACK seq 0 ack 1"));
	ck_assert_ptr_nonnull(strstr(text, "ACK seq 1 ack 1"));
	ck_assert_ptr_nonnull(strstr(text, "|---"));
	ck_assert_ptr_null(strstr(text, "\xe2\x94\x80"));	/* no U+2500 in ASCII */
	free(text);
	vz_app_free(a);
	free(a);
}
END_TEST

START_TEST(test_memory_per_recorded_step_stays_under_16_kib)
{
	static const char *const scenarios[] = { "connect", "connect-timeout", "lost-synack" };
	size_t i;

	for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		size_t per;

		record(scenarios[i], "mirror");
		per = vz_rec_memory(&R) / (size_t)R.nsteps;
		ck_assert_msg(per <= 16384, "%s: %zu bytes per step", scenarios[i], per);
		vz_rec_free(&R);
	}
}
END_TEST

static Suite *viz_suite(void)
{
	Suite *s = suite_create("viz");
	TCase *tc = tcase_create("record");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_connect_recording_pairs_each_packet_with_its_arrival);
	tcase_add_test(tc, test_recording_keeps_the_call_stack_and_context_of_each_step);
	tcase_add_test(tc, test_session_starts_at_the_clients_socket_call);
	tcase_add_test(tc, test_seeking_back_restores_every_field_value);
	tcase_add_test(tc, test_marks_show_what_the_last_move_changed);
	tcase_add_test(tc, test_step_enters_the_called_function_next_steps_over_it);
	tcase_add_test(tc, test_finish_stops_on_the_return_of_the_current_function);
	tcase_add_test(tc, test_step_back_retraces_the_steps_forward);
	tcase_add_test(tc, test_breakpoint_on_a_function_stops_at_its_entry);
	tcase_add_test(tc, test_run_to_established_stops_where_the_client_sock_gets_there);
	tcase_add_test(tc, test_milestones_are_packets_state_changes_and_call_returns);
	tcase_add_test(tc, test_state_transitions_tell_both_sides_of_the_handshake);
	tcase_add_test(tc, test_close_records_the_timewait_sock_with_its_substate);
	tcase_add_test(tc, test_lost_syn_is_drawn_lost_and_sent_again_a_second_later);
	tcase_add_test(tc, test_lost_synack_arrival_goes_to_the_send_it_fits);
	tcase_add_test(tc, test_simultaneous_open_goes_through_syn_recv_on_both_hosts);
	tcase_add_test(tc, test_nonblocking_connect_returns_einprogress_then_polls);
	tcase_add_test(tc, test_scripted_peer_packets_come_from_the_peer_lane);
	tcase_add_test(tc, test_timeout_with_mirror_peer_shows_every_syn_lost);
	tcase_add_test(tc, test_saved_recording_replays_identically);
	tcase_add_test(tc, test_damaged_recordings_are_refused_never_trusted);
	tcase_add_test(tc, test_pcap_export_writes_each_packet_once_as_raw_ip);
	tcase_add_test(tc, test_sequence_export_lists_every_packet_with_relative_numbers);
	tcase_add_test(tc, test_memory_per_recorded_step_stays_under_16_kib);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return kmt_run(viz_suite());
}
