// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror net bench (run by `make bench`, scripts/bench.sh): connect()
 * latency and connections per second of the mirror's client over TUN,
 * side by side with the Linux kernel's own client over a veth pair, both
 * against the same Linux listener, in one run.
 *
 *   private namespace A (Linux's side)          private namespace B
 *     listener 0.0.0.0:5001                       Linux client
 *     kmtun0  198.18.0.1 <-TUN-> mirror host 198.18.0.2 (this process)
 *     kmveth0 198.18.1.1 <-veth-> kmveth1 198.18.1.2
 *
 * Each connection: connect() (timed), the listener's accept(), and both
 * ends closed with an RST (SO_LINGER {1, 0} on both sides), so no
 * TIME_WAIT builds up. Rounds
 * alternate between the clients so that drift hits them alike. A third
 * figure runs the mirror with the text tracer writing to nowhere, and a
 * fourth the floor: a SYN written straight into the TUN device until
 * Linux's SYN-ACK can be read.
 *
 * Privileges: root is needed for the set-up only. The Linux client runs
 * in a thread that enters namespace B once, during the set-up; then,
 * under sudo, the whole process drops back to the invoking user (as the
 * scenarios do, km_drop_privileges) before the mirror host is built and
 * anything is measured.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <kmapi/km.h>
#include <kmapi/sim.h>
#include <kmapi/sinks.h>
#include <kmapi/tun.h>
#include "../../../viz/cli.h"
#include "../../../scenarios/linux_peer.h"

#define BENCH_PORT	5001
#define WARMUP		200
#define ROUNDS		10
#define ACCEPT_WAIT_MS	1000
/* The text tracer writes ~170 KB per connection: a twentieth will do. */
#define TRACED_SHARE(n)	((n) / 20 > 2 ? (n) / 20 : 2)

enum { K_LINUX, K_MIRROR, K_TRACED, K_FLOOR, NKINDS };

static const char *const kind_names[NKINDS] = {
	"Linux client over veth",
	"mirror over TUN, no tracer",
	"mirror over TUN, text tracer",
	"floor: raw SYN -> SYN-ACK on TUN",
};

struct bench {
	int		ns_a, ns_b;	/* namespace descriptors */
	int		lfd;		/* the listener, in A */
	int		tun_fd;		/* for the floor measurement */
	int		mirror_fd;	/* the device, until the mirror has it */
	struct km_world	*w;
	struct host	*h;
	struct task_struct *t;
	struct km_tun	*tun;
	struct km_sink	*sink;
	unsigned long	sink_bytes;
	long long	*lat[NKINDS];	/* connect() latencies, ns */
	int		nlat[NKINDS];
	long long	busy_ns[NKINDS];	/* whole connection cycles */
	int		cycles[NKINDS];
	uint16_t	floor_port;
	/* the Linux client's thread, in namespace B */
	pthread_t	thr;
	pthread_mutex_t	mu;
	pthread_cond_t	cv;
	int		thr_state;	/* THR_* */
	int		thr_count, thr_err;
	bool		thr_keep, thr_started;
};

enum { THR_STARTING, THR_IDLE, THR_WORK, THR_QUIT };

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static int enter(int fd)
{
	return setns(fd, CLONE_NEWNET) ? -errno : 0;
}

static int open_ns_fd(void)
{
	return open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
}

/* The listener takes the connection and drops it (RST). */
static int accept_and_drop(struct bench *b)
{
	struct linger lg = { 1, 0 };
	int afd = accept4(b->lfd, NULL, NULL, SOCK_CLOEXEC);

	if (afd < 0 && errno == EAGAIN) {
		struct pollfd p = { .fd = b->lfd, .events = POLLIN };

		if (poll(&p, 1, ACCEPT_WAIT_MS) == 1)
			afd = accept4(b->lfd, NULL, NULL, SOCK_CLOEXEC);
	}
	if (afd < 0)
		return -errno;
	setsockopt(afd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(afd);
	return 0;
}

static void record(struct bench *b, int kind, long long lat, long long cycle)
{
	b->lat[kind][b->nlat[kind]++] = lat;
	b->busy_ns[kind] += cycle;
	b->cycles[kind]++;
}

/* One connection of the Linux kernel's own client (we are in B). */
static int linux_once(struct bench *b, bool keep)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(BENCH_PORT) };
	struct linger lg = { 1, 0 };
	long long t0, t1, t2;
	int fd, err;

	inet_pton(AF_INET, KM_TUN_VETH_LINUX_ADDR, &a.sin_addr);
	t0 = now_ns();
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	t1 = now_ns();
	if (connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		err = -errno;
		close(fd);
		return err;
	}
	t2 = now_ns();
	err = accept_and_drop(b);
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
	if (keep)
		record(b, K_LINUX, t2 - t1, now_ns() - t0);
	return err;
}

/* One connection of the mirror's client over TUN. */
static int mirror_once(struct bench *b, int kind, bool keep)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(BENCH_PORT) };
	struct linger lg = { 1, 0 };
	long long t0, t1, t2;
	long fd, ret;
	int err;

	inet_pton(AF_INET, KM_TUN_LINUX_ADDR, &a.sin_addr);
	t0 = now_ns();
	fd = km_socket(b->t, AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return (int)fd;
	t1 = now_ns();
	ret = km_connect(b->t, (int)fd, &a, sizeof(a));
	t2 = now_ns();
	if (ret) {
		km_close(b->t, (int)fd);
		return (int)ret;
	}
	err = accept_and_drop(b);
	km_setsockopt(b->t, (int)fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	km_close(b->t, (int)fd);
	/*
	 * Linux answers the listener's close with an RST that now waits in
	 * the TUN queue. A kernel would take it in softirq as it arrives; the
	 * mirror's world runs only when called, so let it take the RST now
	 * (still inside this cycle's time), not inside the next connect().
	 * The Linux client's close() does the same work for its own RST.
	 */
	km_world_run_for(b->w, 0);
	if (keep)
		record(b, kind, t2 - t1, now_ns() - t0);
	return err;
}

/* The floor: a hand-made SYN into the TUN device, until Linux's answer
 * can be read; then an RST so that Linux forgets the half-open request. */
static int floor_once(struct bench *b, bool keep)
{
	unsigned char frame[128], in[2048];
	struct km_seg s, r;
	long long t0, t1;
	int len, n, tries;
	uint32_t src, dst;

	inet_pton(AF_INET, KM_TUN_MIRROR_ADDR, &src);
	inet_pton(AF_INET, KM_TUN_LINUX_ADDR, &dst);
	b->floor_port = b->floor_port >= 60000 ? 20000 : b->floor_port + 1;
	km_seg_init_tcp(&s, src, b->floor_port, dst, BENCH_PORT);
	s.flags = KM_TH_SYN;
	s.seq = 1000u * b->floor_port;
	s.window = 64240;
	s.mss = 1460;
	s.wscale = 7;
	s.sack_perm = true;
	len = km_seg_build(&s, frame, sizeof(frame));
	if (len < 0)
		return -EINVAL;
	t0 = now_ns();
	if (write(b->tun_fd, frame, (size_t)len) != len)
		return -errno;
	for (tries = 0; tries < 1000000; tries++) {
		n = (int)read(b->tun_fd, in, sizeof(in));
		if (n > 0 && !km_seg_parse(in, (size_t)n, &r) && r.protocol == 6 &&
		    r.dport == b->floor_port && (r.flags & KM_TH_SYN))
			break;
		if (n < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = b->tun_fd, .events = POLLIN };

			if (poll(&p, 1, ACCEPT_WAIT_MS) != 1)
				return -ETIMEDOUT;
		}
	}
	t1 = now_ns();
	km_seg_init_tcp(&s, src, b->floor_port, dst, BENCH_PORT);
	s.flags = KM_TH_RST;
	s.seq = 1000u * b->floor_port + 1;
	len = km_seg_build(&s, frame, sizeof(frame));
	if (len > 0 && write(b->tun_fd, frame, (size_t)len) != len)
		return -errno;
	if (keep)
		record(b, K_FLOOR, t1 - t0, now_ns() - t0);
	return 0;
}

static void count_bytes(void *ctx, const char *s, size_t n)
{
	(void)s;
	*(unsigned long *)ctx += n;
}

/* The Linux client's thread: enters B for good, then runs the rounds it
 * is given (the main thread waits meanwhile). */
static void *linux_thread(void *arg)
{
	struct bench *b = arg;
	int err = enter(b->ns_b);

	pthread_mutex_lock(&b->mu);
	b->thr_err = err;
	b->thr_state = err ? THR_QUIT : THR_IDLE;
	pthread_cond_broadcast(&b->cv);
	while (b->thr_state != THR_QUIT) {
		if (b->thr_state != THR_WORK) {
			pthread_cond_wait(&b->cv, &b->mu);
			continue;
		}
		pthread_mutex_unlock(&b->mu);
		for (err = 0; b->thr_count > 0 && !err; b->thr_count--)
			err = linux_once(b, b->thr_keep);
		pthread_mutex_lock(&b->mu);
		b->thr_err = err;
		b->thr_state = THR_IDLE;
		pthread_cond_broadcast(&b->cv);
	}
	pthread_mutex_unlock(&b->mu);
	return NULL;
}

/* Hand the thread a state and wait until it is idle again. */
static int linux_thread_do(struct bench *b, int state, int count, bool keep)
{
	int err;

	pthread_mutex_lock(&b->mu);
	b->thr_count = count;
	b->thr_keep = keep;
	if (state == THR_WORK || state == THR_QUIT)
		b->thr_state = state;
	pthread_cond_broadcast(&b->cv);
	while (b->thr_state == THR_WORK || b->thr_state == THR_STARTING)
		pthread_cond_wait(&b->cv, &b->mu);
	err = b->thr_err;
	pthread_mutex_unlock(&b->mu);
	return err;
}

static int run_kind(struct bench *b, int kind, int count, bool keep)
{
	int i, err = 0;

	if (kind == K_LINUX) {
		err = linux_thread_do(b, THR_WORK, count, keep);
		count = 0;
	}
	if (kind == K_TRACED && km_sink_attach(b->sink, b->w) < 0)
		return -ENOEXEC;
	for (i = 0; i < count && !err; i++) {
		switch (kind) {
		case K_LINUX:
			err = linux_once(b, keep);
			break;
		case K_FLOOR:
			err = floor_once(b, keep);
			break;
		default:
			err = mirror_once(b, kind, keep);
		}
	}
	if (kind == K_TRACED)
		km_sink_detach(b->sink, b->w);
	if (err)
		fprintf(stderr, "kmirror: bench: %s: %s\n", kind_names[kind],
			strerror(-err));
	return err;
}

/* As root: namespaces, devices, addresses, the listener, the Linux
 * client's thread. */
static int bench_setup(struct bench *b)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(BENCH_PORT) };
	int one = 1, err, tun_fd, raw_fd;

	if ((err = km_netns_private()))
		return err;
	b->ns_a = open_ns_fd();
	if ((err = km_netns_private()))
		return err;
	b->ns_b = open_ns_fd();
	if (b->ns_a < 0 || b->ns_b < 0)
		return -errno;
	if ((err = km_nl_link_up("lo")) || (err = enter(b->ns_a)))
		return err;
	/* A: kmtun0 as for the scenarios, and the veth pair to B. */
	if ((err = km_tun_ns_configure(false, &tun_fd)))
		return err;
	if ((err = km_nl_veth_add(KM_TUN_VETH_NAME, KM_TUN_VETH_PEER, b->ns_b)) ||
	    (err = km_nl_addr_add(KM_TUN_VETH_NAME, KM_TUN_VETH_LINUX_ADDR, 24)) ||
	    (err = km_nl_link_up(KM_TUN_VETH_NAME)) || (err = enter(b->ns_b)) ||
	    (err = km_nl_addr_add(KM_TUN_VETH_PEER, KM_TUN_VETH_CLIENT_ADDR, 24)) ||
	    (err = km_nl_link_up(KM_TUN_VETH_PEER)) || (err = enter(b->ns_a)))
		return err;
	b->lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (b->lfd < 0 ||
	    setsockopt(b->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(b->lfd, (struct sockaddr *)&a, sizeof(a)) || listen(b->lfd, 4096))
		return -errno;
	/* The floor uses the same device between the mirror's rounds (a
	 * second attachment would be refused: one queue), through a dup. */
	raw_fd = dup(tun_fd);
	if (raw_fd < 0)
		return -errno;
	b->tun_fd = raw_fd;
	b->mirror_fd = tun_fd;
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->cv, NULL);
	if (pthread_create(&b->thr, NULL, linux_thread, b))
		return -EAGAIN;
	b->thr_started = true;
	return linux_thread_do(b, THR_IDLE, 0, false);
}

/* After the drop: the mirror host on the TUN device. */
static int bench_mirror(struct bench *b)
{
	b->w = km_world_new(1);
	b->h = km_host_new(b->w, "bench");
	b->tun = km_tun_attach(b->w, b->h, KM_TUN_MIRROR_DEV, 1500, b->mirror_fd);
	if (!b->tun)
		return -EINVAL;
	b->mirror_fd = -1;	/* the attachment owns it */
	if (km_host_add_addr(b->h, KM_TUN_MIRROR_DEV, KM_TUN_MIRROR_ADDR "/24"))
		return -EINVAL;
	km_world_set_call_budget(b->w, 5LL * 1000000000);
	b->t = km_task_new(b->h, "bench", 0);
	b->sink = km_sink_text_new(count_bytes, &b->sink_bytes, 0);
	b->floor_port = 20000;
	return 0;
}

static void print_row(struct bench *b, int kind)
{
	long long *v = b->lat[kind];
	int n = b->nlat[kind];

	if (n <= 0 || !v) {
		printf("  %-34s (no samples)\n", kind_names[kind]);
		return;
	}
	qsort(v, (size_t)n, sizeof(*v), cmp_ll);
	printf("  %-34s %8.1f %8.1f %8.1f %10.0f\n", kind_names[kind],
	       v[n / 2] / 1e3, v[n / 10] / 1e3, v[n * 9 / 10] / 1e3,
	       b->cycles[kind] * 1e9 / (double)b->busy_ns[kind]);
}

static double median(struct bench *b, int kind)
{
	if (b->nlat[kind] <= 0 || !b->lat[kind])
		return 0;
	return (double)b->lat[kind][b->nlat[kind] / 2];	/* sorted by print_row */
}

static double rate(struct bench *b, int kind)
{
	return b->cycles[kind] * 1e9 / (double)b->busy_ns[kind];
}

int km_net_bench(int argc, char **argv)
{
	struct bench b;
	static const char *const short_names[NKINDS] = {
		"linux", "mirror", "traced", "floor",
	};
	int count = 4000, i, r, k, err = 0;
	unsigned int kinds = 0;
	double lr, rr;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--count") && i + 1 < argc) {
			count = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
			i++;
			for (k = 0; k < NKINDS; k++)
				if (!strcmp(argv[i], short_names[k]))
					kinds |= 1u << k;
		} else {
			fprintf(stderr, "usage: kmirror net bench [--count N] "
				"[--only linux|mirror|traced|floor]...\n");
			return 2;
		}
	}
	if (!kinds)
		kinds = (1u << NKINDS) - 1;
	if (count < ROUNDS * 10 || count > 1000000) {
		fprintf(stderr, "kmirror: net bench: --count between %d and 1000000\n",
			ROUNDS * 10);
		return 2;
	}
	if (access("/dev/net/tun", F_OK) || !km_have_cap(12) || !km_have_cap(21)) {
		fprintf(stderr, "kmirror: net bench needs root and /dev/net/tun "
			"(sudo make bench); see docs/tun.md\n");
		return 77;
	}
	memset(&b, 0, sizeof(b));
	b.ns_a = b.ns_b = b.lfd = b.tun_fd = b.mirror_fd = -1;
	for (k = 0; k < NKINDS; k++)
		b.lat[k] = calloc((size_t)count, sizeof(long long));
	err = bench_setup(&b);
	if (err) {
		fprintf(stderr, "kmirror: net bench: set-up failed: %s\n", strerror(-err));
		goto out;
	}
	if (km_drop_privileges()) {
		err = -EPERM;
		goto out;
	}
	err = bench_mirror(&b);
	if (err) {
		fprintf(stderr, "kmirror: net bench: set-up failed: %s\n", strerror(-err));
		goto out;
	}
	/* Warm caches, ports and the ARP-less paths on every kind. */
	for (k = 0; k < NKINDS && !err; k++)
		if (kinds & (1u << k))
			err = run_kind(&b, k, k == K_TRACED ? TRACED_SHARE(WARMUP) : WARMUP,
				       false);
	for (r = 0; r < ROUNDS && !err; r++)
		for (k = 0; k < NKINDS && !err; k++)
			if (kinds & (1u << ((k + r) % NKINDS)))
				err = run_kind(&b, (k + r) % NKINDS,
					       (k + r) % NKINDS == K_TRACED ?
					       TRACED_SHARE(count / ROUNDS) : count / ROUNDS,
					       true);
	if (err)
		goto out;

	{
		struct utsname u;

		uname(&u);
		printf("connect() against a Linux %s listener, %d connections per "
		       "client (traced: %d) in %d alternating rounds\n", u.release,
		       count, b.nlat[K_TRACED], ROUNDS);
	}
	printf("  %-34s %8s %8s %8s %10s\n", "client", "median", "p10", "p90",
	       "conn/s");
	printf("  %-34s %8s %8s %8s %10s\n", "", "us", "us", "us", "");
	for (k = 0; k < NKINDS; k++)
		if (kinds & (1u << k))
			print_row(&b, k);
	if ((kinds & 7) != 7)
		goto out;
	lr = median(&b, K_MIRROR) / median(&b, K_LINUX);
	rr = rate(&b, K_MIRROR) / rate(&b, K_LINUX);
	printf("  mirror/Linux, no tracer:   latency ratio %.2f (target <= 1.00) %s, "
	       "rate ratio %.2f (target >= 1.00) %s\n", lr, lr <= 1.0 ? "met" : "MISSED",
	       rr, rr >= 1.0 ? "met" : "MISSED");
	printf("  mirror/Linux, text tracer: latency ratio %.2f, rate ratio %.2f "
	       "(%.0f KB of trace text per connection)\n",
	       median(&b, K_TRACED) / median(&b, K_LINUX),
	       rate(&b, K_TRACED) / rate(&b, K_LINUX),
	       b.sink_bytes / 1e3 / (b.nlat[K_TRACED] + TRACED_SHARE(WARMUP)));
	printf("  (conn/s: whole cycles — socket, connect, accept, both closes — "
	       "one after another)\n");
out:
	if (b.thr_started) {
		linux_thread_do(&b, THR_QUIT, 0, false);
		pthread_join(b.thr, NULL);
	}
	if (b.mirror_fd >= 0)
		close(b.mirror_fd);
	if (b.sink)
		km_sink_free(b.sink);
	if (b.w)
		km_world_free(b.w);
	for (k = 0; k < NKINDS; k++)
		free(b.lat[k]);
	if (b.lfd >= 0)
		close(b.lfd);
	if (b.tun_fd >= 0)
		close(b.tun_fd);
	if (b.ns_a >= 0)
		close(b.ns_a);
	if (b.ns_b >= 0)
		close(b.ns_b);
	return err ? 1 : 0;
}
