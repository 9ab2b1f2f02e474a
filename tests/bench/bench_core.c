// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror core benchmarks (make bench; never part of the tests):
 *   connect  socket()+connect()+close() against a scripted peer on a
 *            test wire (target >= 100,000/s without a consumer); the
 *            peer answers SYNs only, so close() aborts (SO_LINGER 0, an
 *            RST): an orderly close would leave an orphan in FIN_WAIT1
 *            per cycle, holding its port for two minutes of retries
 *   traced   the same with the text tracer writing to /dev/null
 *   handshake two mirrored hosts: connect+accept+close on both sides
 *            (target >= 50,000/s); the client closes first and keeps
 *            TIME_WAIT, so every 1024 cycles the clock moves on by
 *            TCP_TIMEWAIT_LEN, as it would between them on a real host
 *            (else TIME_WAIT sockets fill the port range, and each
 *            connect walks further through it)
 * The same program linked against the library built with KM_NO_TRACE
 * gives the baseline for the step points' cost (target <= 3%).
 *
 * Output: one line per figure, "name value unit".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <kmapi/km.h>
#include <kmapi/wire.h>
#include <kmapi/sim.h>
#include <kmapi/sinks.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void null_write(void *ctx, const char *s, size_t n)
{
	fwrite(s, 1, n, (FILE *)ctx);
}

/* socket+connect+close against the scripted peer, n times */
static double bench_connect(int n, int traced)
{
	struct km_world *w = km_world_new(1);
	struct host *h = km_host_new(w, "client");
	struct km_wire *wire = km_wire_new(h, "eth0", 1500);
	struct km_peer *peer;
	struct task_struct *t;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(80) };
	struct km_sink *sink = NULL;
	FILE *devnull = NULL;
	double t0, dt;
	int i;

	km_host_add_addr(h, "eth0", "10.0.0.1/24");
	inet_pton(AF_INET, "10.0.0.2", &a.sin_addr);
	peer = km_peer_new(wire, KM_PEER_ACCEPT, 12345, 0);
	t = km_task_new(h, "bench", 1000);
	if (traced) {
		devnull = fopen("/dev/null", "w");
		sink = km_sink_text_new(null_write, devnull, 0);
		km_sink_attach(sink, w);
	}
	t0 = now_s();
	for (i = 0; i < n; i++) {
		long fd = km_socket(t, AF_INET, SOCK_STREAM, 0);
		struct linger abort_on_close = { .l_onoff = 1, .l_linger = 0 };

		km_setsockopt(t, (int)fd, SOL_SOCKET, SO_LINGER, &abort_on_close,
			      sizeof(abort_on_close));
		if (km_connect(t, (int)fd, &a, sizeof(a)) != 0) {
			fprintf(stderr, "bench: connect failed at %d\n", i);
			exit(1);
		}
		km_close(t, (int)fd);
		km_world_settle(w);
	}
	dt = now_s() - t0;
	if (sink) {
		km_sink_detach(sink, w);
		km_sink_free(sink);
		fclose(devnull);
	}
	km_peer_free(peer);
	km_world_free(w);
	return n / dt;
}

/* two mirrored hosts: connect + accept + close on both sides, n times */
static double bench_handshake(int n)
{
	struct km_world *w = km_world_new(1);
	struct host *c = km_host_new(w, "client"), *s = km_host_new(w, "server");
	struct task_struct *tc, *ts;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(80) };
	struct sockaddr_in any = a;
	double t0, dt;
	long lfd;
	int i;

	km_link_new(w, c, "eth0", s, "eth0", 1500, 0);
	km_host_add_addr(c, "eth0", "10.0.0.1/24");
	km_host_add_addr(s, "eth0", "10.0.0.2/24");
	inet_pton(AF_INET, "10.0.0.2", &a.sin_addr);
	tc = km_task_new(c, "client", 1000);
	ts = km_task_new(s, "server", 0);
	lfd = km_socket(ts, AF_INET, SOCK_STREAM, 0);
	km_bind(ts, (int)lfd, &any, sizeof(any));
	km_listen(ts, (int)lfd, 128);
	t0 = now_s();
	for (i = 0; i < n; i++) {
		long fd = km_socket(tc, AF_INET, SOCK_STREAM, 0), afd;

		km_call_start(ts, SYS_accept4, lfd, 0, 0, 0, 0, 0);
		if (km_connect(tc, (int)fd, &a, sizeof(a)) != 0) {
			fprintf(stderr, "bench: handshake %d failed\n", i);
			exit(1);
		}
		afd = km_call_wait(ts, 1000000000LL);
		km_close(tc, (int)fd);
		km_close(ts, (int)afd);
		km_world_settle(w);
		if ((i & 1023) == 1023)
			km_world_advance(w, 60LL * 1000000000LL);	/* TCP_TIMEWAIT_LEN */
	}
	dt = now_s() - t0;
	km_world_free(w);
	return n / dt;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 20000;
	const char *tag = argc > 2 ? argv[2] : "";
	double best = 0, r;
	int k;

	/* best of 3 against noise on a shared machine */
	for (k = 0; k < 3; k++) {
		r = bench_connect(n, 0);
		if (r > best)
			best = r;
	}
	printf("connect_per_s%s %.0f /s\n", tag, best);
	if (!tag[0]) {
		printf("connect_traced_per_s %.0f /s\n", bench_connect(n / 4, 1));
		best = 0;
		for (k = 0; k < 3; k++) {
			r = bench_handshake(n / 2);
			if (r > best)
				best = r;
		}
		printf("handshake_per_s %.0f /s\n", best);
	}
	return 0;
}
