// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile input to the visualizer: recordings made to cost
 * far more memory than their size, files that are not recordings at all
 * (/dev/zero, a FIFO, a huge sparse file), every scenario's headless run
 * (the sanitizer build runs this suite too, so undefined behaviour such
 * as qsort(NULL, 0, ...) aborts it), and arguments echoed back in error
 * messages.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include "kmtest.h"
#include "../viz/record.h"
#include "../scenarios/scenario.h"

/* Memory a loaded recording may take: see viz/record_file.c. */
#define LOAD_RATIO	16
#define LOAD_BASE	(4u << 20)

int kmirror_main(int argc, char **argv);

static char *temp_path(const char *suffix)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), "/tmp/kmirror-check-hostile-%d%s", (int)getpid(),
		 suffix);
	return buf;
}

/* ---- building recordings by hand (the format of viz/record_file.c) ---- */

struct buf {
	unsigned char	*p;
	size_t		n, cap;
};

static void put(struct buf *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 256;
		b->p = realloc(b->p, b->cap);
		ck_assert(b->p != NULL);
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

static void put_u(struct buf *b, unsigned long long v)
{
	unsigned char c;

	do {
		c = v & 0x7f;
		v >>= 7;
		if (v)
			c |= 0x80;
		put(b, &c, 1);
	} while (v);
}

static void put_s(struct buf *b, long long v)
{
	put_u(b, ((unsigned long long)v << 1) ^ (unsigned long long)(v >> 63));
}

/* Header, no strings, one field of one kind, no step points, one host. */
static void put_head(struct buf *b)
{
	unsigned char ver[4] = { 1, 0, 0, 0 };

	put(b, "KMVZREC\n", 8);
	put(b, ver, 4);
	put_u(b, 0xffffffffu);		/* scenario: none */
	put_u(b, 0xffffffffu);		/* peer */
	put_u(b, 1);			/* seed */
	put_s(b, 0);			/* status */
	put_u(b, 0);			/* truncated */
	put_u(b, 0);			/* results */
	put_u(b, 0);			/* strings */
	put_u(b, 2);			/* field tables: kinds 0 and 1 */
	put_u(b, 0);
	put_u(b, 1);			/* socket: its first field only */
	put_u(b, strlen(km_field(1, 0)->name));
	put(b, km_field(1, 0)->name, strlen(km_field(1, 0)->name));
	put_u(b, 0);			/* step points */
	put_u(b, 1);			/* hosts */
	put_s(b, 1);
	put_u(b, 0xffffffffu);
}

static void put_event(struct buf *b, unsigned int doff, unsigned int nd,
		      unsigned int type)
{
	int i;

	put_u(b, 1);			/* seq delta */
	put_s(b, 0);			/* time delta */
	put_s(b, 0);			/* ret */
	put_s(b, 0);			/* sched_arg */
	for (i = 0; i < 4; i++)
		put_u(b, 0xffffffffu);	/* comm, note, dev, sys */
	put_s(b, -1);			/* site */
	put_u(b, 0);			/* stack_off */
	put_u(b, 0);			/* stack_depth */
	put_s(b, 0);			/* depth */
	put_s(b, 0);			/* host */
	put_u(b, type);
	put_u(b, 0);			/* ctx */
	put_s(b, 0);			/* pid */
	for (i = 0; i < 3; i++)
		put_u(b, 0);		/* dir, has_ret, ret_kind */
	put_s(b, 0);			/* ret_obj_kind */
	put_u(b, 0);			/* ret_obj_id */
	put_u(b, 0);			/* sched_what */
	put_u(b, doff);
	put_u(b, nd);
	for (i = 0; i < 3; i++)
		put_u(b, 0);		/* pkt_off, pkt_len, skb_id */
	put_s(b, -1);			/* obj */
	put_s(b, -1);			/* skb_obj */
}

/* nobjs objects with no values, ndiffs changes of object 0, and events
 * whose diff ranges are [doff(i), doff(i) + nd). */
static void build(struct buf *b, unsigned int nobjs, unsigned int ndiffs,
		  unsigned int nevs, bool overlap)
{
	unsigned int i, per = nevs ? ndiffs / nevs : 0;

	memset(b, 0, sizeof(*b));
	put_head(b);
	put_u(b, nobjs);
	for (i = 0; i < nobjs; i++) {
		put_s(b, 0);		/* host */
		put_u(b, 1);		/* kind: socket */
		put_u(b, i + 1);
		put_s(b, 0);
		put_s(b, 0x7fffffff);
		put_u(b, 0);		/* no values */
	}
	put_u(b, 0);			/* call stacks */
	put_u(b, 0);			/* bytes */
	put_u(b, ndiffs);
	for (i = 0; i < ndiffs; i++) {
		unsigned char z = 0;

		put_s(b, 0);
		put_u(b, 0);		/* field */
		put(b, &z, 1);
		put_u(b, 1);
		put_u(b, 2);
		put_s(b, -1);
		put_u(b, 0);
		put_s(b, -1);
		put_u(b, 0);
	}
	put_u(b, nevs);
	for (i = 0; i < nevs; i++)
		put_event(b, overlap ? 0 : i * per, overlap ? ndiffs : per,
			  i % 2 ? KM_EV_PACKET : KM_EV_ENTER);
	put(b, "END!", 4);
}

static int load_buf(struct vz_rec *L, const struct buf *b, char *err, size_t len)
{
	return vz_rec_load_mem(L, b->p, b->n, err, len);
}

START_TEST(test_hand_built_recording_loads_when_ranges_are_contiguous)
{
	struct vz_rec L;
	struct buf b;
	char err[300];

	build(&b, 1, 40, 20, false);
	ck_assert_msg(load_buf(&L, &b, err, sizeof(err)) == 0, "load: %s", err);
	ck_assert_int_eq(L.nevs, 20);
	ck_assert_uint_eq(L.ndiffs, 40);
	vz_rec_free(&L);
	free(b.p);
}
END_TEST

START_TEST(test_events_sharing_diff_ranges_are_refused)
{
	struct vz_rec L;
	struct buf b;
	char err[300];

	kmt_step("100 events, each claiming all 1000 changes");
	build(&b, 1, 1000, 100, true);
	ck_assert_int_ne(load_buf(&L, &b, err, sizeof(err)), 0);
	ck_assert_msg(strstr(err, "damaged recording"), "message: %s", err);
	ck_assert_int_eq(L.nevs, 0);
	vz_rec_free(&L);
	free(b.p);
	kmt_step("ranges that leave changes nobody owns");
	build(&b, 1, 1000, 100, false);
	/* the last event's count, 10, becomes 9: the last change is left over */
	ck_assert(b.p[b.n - 10] == 10);
	b.p[b.n - 10] = 9;
	ck_assert_int_ne(load_buf(&L, &b, err, sizeof(err)), 0);
	vz_rec_free(&L);
	free(b.p);
}
END_TEST

START_TEST(test_many_objects_without_values_cannot_blow_up_memory)
{
	struct vz_rec L;
	struct buf b;
	char err[300];

	/* 6 bytes each in the file; each costs a full field table loaded. */
	build(&b, 40000, 0, 0, false);
	ck_assert_int_ne(load_buf(&L, &b, err, sizeof(err)), 0);
	ck_assert_msg(strstr(err, "too large for its size"), "message: %s", err);
	vz_rec_free(&L);
	free(b.p);
}
END_TEST

START_TEST(test_real_recordings_load_within_the_memory_cap)
{
	static const char *const scns[] = { "connect", "handshake", "udp-connect",
					    "connect-timeout" };
	struct km_cli_opts o = { .seed = 1, .peer = "mirror", .format = "text" };
	char err[300], *path = temp_path(".kmrec");
	unsigned int i;

	for (i = 0; i < sizeof(scns) / sizeof(scns[0]); i++) {
		struct vz_rec R, L;
		struct stat st;

		kmt_step("%s: record, save, load", scns[i]);
		ck_assert_int_eq(vz_rec_scenario(&R, km_scenario_find(scns[i]), &o, NULL), 0);
		ck_assert_int_eq(vz_rec_save(&R, path, err, sizeof(err)), 0);
		ck_assert_msg(vz_rec_load(&L, path, err, sizeof(err)) == 0, "%s", err);
		ck_assert(!stat(path, &st));
		fprintf(stderr, "check_viz_hostile: %s: %lld bytes on disk, %zu in memory\n",
			scns[i], (long long)st.st_size, vz_rec_memory(&L));
		ck_assert_uint_le(vz_rec_memory(&L),
				  (size_t)st.st_size * LOAD_RATIO + LOAD_BASE);
		vz_rec_free(&L);
		vz_rec_free(&R);
		unlink(path);
	}
}
END_TEST

/* ---- files that are not recordings ---- */

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

START_TEST(test_replay_of_dev_zero_is_refused_at_once)
{
	struct vz_rec L;
	char err[300];
	double t0 = now_s();

	ck_assert_int_ne(vz_rec_load(&L, "/dev/zero", err, sizeof(err)), 0);
	ck_assert_msg(strstr(err, "not a regular file"), "message: %s", err);
	ck_assert_msg(now_s() - t0 < 1.0, "took %.1f s", now_s() - t0);
	vz_rec_free(&L);
}
END_TEST

START_TEST(test_replay_of_a_fifo_is_refused_without_waiting_for_a_writer)
{
	struct vz_rec L;
	char err[300], *path = temp_path(".fifo");

	unlink(path);
	ck_assert(!mkfifo(path, 0600));
	alarm(5);	/* a hang fails the test here, not Check's timeout */
	ck_assert_int_ne(vz_rec_load(&L, path, err, sizeof(err)), 0);
	alarm(0);
	unlink(path);
	ck_assert_msg(strstr(err, "not a regular file"), "message: %s", err);
	vz_rec_free(&L);
}
END_TEST

START_TEST(test_a_large_file_without_the_magic_is_refused_before_reading_it)
{
	struct vz_rec L;
	char err[300], *path = temp_path(".big");
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
	double t0;

	ck_assert(fd >= 0);
	ck_assert(!ftruncate(fd, 1LL << 30));	/* sparse: nothing on disk */
	close(fd);
	t0 = now_s();
	ck_assert_int_ne(vz_rec_load(&L, path, err, sizeof(err)), 0);
	ck_assert_msg(now_s() - t0 < 1.0, "took %.1f s", now_s() - t0);
	ck_assert_msg(strstr(err, "not a kmirror recording"), "message: %s", err);
	vz_rec_free(&L);
	kmt_step("with the magic, but larger than any recording");
	fd = open(path, O_WRONLY);
	ck_assert(fd >= 0 && write(fd, "KMVZREC\n", 8) == 8);
	close(fd);
	ck_assert_int_ne(vz_rec_load(&L, path, err, sizeof(err)), 0);
	ck_assert_msg(strstr(err, "too large"), "message: %s", err);
	vz_rec_free(&L);
	unlink(path);
}
END_TEST

/* ---- the command line ---- */

/* kmirror ARGS... in process; stdout to /dev/null, stderr to errbuf. */
static int run_cli(char *errbuf, size_t len, const char *const *args)
{
	char *err;
	int rc = kmt_run_main(kmirror_main, args, NULL, &err);

	snprintf(errbuf, len, "%s", err);
	free(err);
	return rc;
}

START_TEST(test_every_scenario_runs_headless)
{
	const struct km_scenario *s;
	static char err[65536];
	int i, ran = 0;

	for (i = 0; (s = km_scenario_at(i)); i++) {
		const char *args[] = { "kmirror", "viz", s->name, "--headless", "24x80",
				       "--keys", "G", NULL };
		int rc;

		if (!(s->peers & (KM_SCN_PEER_NONE | KM_SCN_PEER_MIRROR |
				  KM_SCN_PEER_SCRIPT)))
			continue;	/* --peer linux only: check_tun runs those */
		kmt_step("kmirror viz %s --headless 24x80", s->name);
		rc = run_cli(err, sizeof(err), args);
		ck_assert_msg(rc == 0, "viz %s: exit %d: %s", s->name, rc, err);
		ran++;
	}
	ck_assert_int_ge(ran, 10);
}
END_TEST

START_TEST(test_error_messages_truncate_long_arguments)
{
	size_t n = 120 * 1024;
	char *big = malloc(n + 3), *opt = malloc(n + 3);
	static char err[300000];
	const char *const cmds[][5] = {
		{ "kmirror", "trace", big, NULL },
		{ "kmirror", "viz", big, "--headless", "24x80" },
		{ "kmirror", big, NULL },
		{ "kmirror", "trace", "connect", opt, NULL },
		{ "kmirror", "trace", "connect", "--seed", big },
		{ "kmirror", "viz", "--replay", big, "--headless" },
	};
	unsigned int i;

	memset(big, 'x', n);
	big[n] = '\0';
	opt[0] = opt[1] = '-';
	memset(opt + 2, 'y', n);
	opt[n + 2] = '\0';
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		const char *args[8] = { 0 };
		int k, rc;

		for (k = 0; k < 5 && cmds[i][k]; k++)
			args[k] = cmds[i][k];
		if (i == 5)
			args[5] = "24x80";
		kmt_step("command %u (%s %s ...)", i, args[1],
			 args[2] && strlen(args[2]) < 40 ? args[2] : "<long>");
		rc = run_cli(err, sizeof(err), args);
		ck_assert_int_ne(rc, 0);
		ck_assert_msg(strlen(err) > 0, "no message at all");
		ck_assert_msg(strlen(err) < 4096, "message of %zu bytes", strlen(err));
		ck_assert_msg(strstr(err, "..."), "no sign of truncation: %.200s", err);
	}
	free(big);
	free(opt);
}

/* A scenario's result line names the errno, falls back to the number for
 * one without a name, and says so when a call is still blocked at the end
 * (a stub in a lab tree that never completes connect()). */
START_TEST(test_scenario_results_name_errnos_and_still_blocked_calls)
{
	ck_assert_str_eq(km_scn_errname(3), "3");
	ck_assert_str_eq(km_scn_errname(-ECONNREFUSED), "-ECONNREFUSED");
	ck_assert_str_eq(km_scn_errname(-4095), "-4095");
	ck_assert_str_eq(km_scn_errname(-KM_ESTILLBLOCKED), "(still blocked)");
}
END_TEST

END_TEST

static Suite *hostile_suite(void)
{
	Suite *s = suite_create("viz_hostile");
	TCase *tc = tcase_create("load");
	TCase *cli = tcase_create("cli");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_hand_built_recording_loads_when_ranges_are_contiguous);
	tcase_add_test(tc, test_events_sharing_diff_ranges_are_refused);
	tcase_add_test(tc, test_many_objects_without_values_cannot_blow_up_memory);
	tcase_add_test(tc, test_real_recordings_load_within_the_memory_cap);
	tcase_add_test(tc, test_replay_of_dev_zero_is_refused_at_once);
	tcase_add_test(tc, test_scenario_results_name_errnos_and_still_blocked_calls);
	tcase_add_test(tc, test_replay_of_a_fifo_is_refused_without_waiting_for_a_writer);
	tcase_add_test(tc, test_a_large_file_without_the_magic_is_refused_before_reading_it);
	suite_add_tcase(s, tc);
	tcase_set_timeout(cli, 120);
	tcase_add_test(cli, test_every_scenario_runs_headless);
	tcase_add_test(cli, test_error_messages_truncate_long_arguments);
	suite_add_tcase(s, cli);
	return s;
}

int main(void)
{
	return kmt_run(hostile_suite());
}
