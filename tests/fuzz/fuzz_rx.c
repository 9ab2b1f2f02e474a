// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the receive path (`make fuzz`, docs/testing.md).
 *
 * Each input is one frame (IPv4 onwards) delivered with km_wire_inject(),
 * the device "interrupt" (km_dev_rx) that the test wire and the TUN
 * backend both use, into one host that has
 *   - a TCP listener on 10.0.0.1:8080,
 *   - a TCP socket in SYN_SENT towards 10.0.0.2:80 (non-blocking connect),
 *   - a UDP socket connected to 10.0.0.2:53,
 *   - a UDP socket with IP_RECVERR connected to 10.0.0.2:9,
 *   - a TCP connection to 10.0.0.2:81, ESTABLISHED (the harness answered
 *     its SYN), for the data path and the closing states.
 * The first byte of an input is not sent: its bits ask the harness to fix
 * the IP header checksum and total length (bit 0) and the TCP, UDP or ICMP
 * checksum (bit 1), so that the fuzzer reaches past the checksum checks,
 * and to address a TCP segment to the established connection, in its
 * window (bit 2: the ports, sequence and acknowledgment numbers).
 *
 * After every input: no kernel warning (WARN/BUG log). The host is reused:
 * only when an input changed something — the SYN_SENT socket's state,
 * a socket's error, or the number of live objects — are the four sockets
 * closed, the world run
 * until every timer is done, the leak check made (nothing but cached
 * routes may be left), and the sockets made again.
 *
 * KM_FUZZ_SEEDS_OUT=DIR writes the seed frames (tests/fuzz/corpus/rx)
 * and exits.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <kmapi/km.h>
#include <kmapi/sim.h>
#include <kmapi/wire.h>

#define NSOCK		5
#define EST_PORT	81
#define EST_PEER_ISN	3000000000u
#define SETTLE_NS	(300LL * 1000000000)	/* every TCP timer is done */
#define MAX_FRAME	2048

enum { S_LISTEN, S_SYNSENT, S_UDP, S_RECVERR, S_EST };

struct fuzz_rx {
	struct km_world		*w;
	struct host		*h;
	struct km_wire		*wire;
	struct task_struct	*t;
	long			fd[NSOCK];
	uint16_t		est_port;	/* the connection's local port */
	uint32_t		est_rcv_nxt, est_snd_nxt;
	unsigned long long	fp[5];		/* fingerprint() */
	unsigned long		base_objs;	/* no sockets: cached routes */
	unsigned long		live_objs;	/* with the four sockets */
	unsigned long		resets;
	bool			seeding;	/* write_seeds(): no connection */
};

static struct fuzz_rx F;	/* libFuzzer's callbacks take no context */

static void die(const char *what)
{
	char buf[4096];

	km_host_live_objects(F.h, buf, sizeof(buf));
	fprintf(stderr, "fuzz_rx: %s\n  live: %s\n  log:\n%s\n", what, buf,
		km_host_log(F.h));
	abort();
}

/*
 * What an input can change without changing the number of live objects:
 * the SYN_SENT socket's state and error (a SYN-ACK, an RST, an ICMP
 * error) and the plain UDP socket's error (ICMP). Connections for the
 * listener, datagrams and IP_RECVERR's queued errors are objects.
 */
static void fingerprint(unsigned long long *v)
{
	v[0] = v[1] = v[2] = v[3] = v[4] = ~0ULL;
	km_fd_field(F.t, (int)F.fd[S_SYNSENT], "sock", "skc_state", &v[0], NULL, 0);
	km_fd_field(F.t, (int)F.fd[S_SYNSENT], "sock", "sk_err", &v[1], NULL, 0);
	km_fd_field(F.t, (int)F.fd[S_UDP], "sock", "sk_err", &v[2], NULL, 0);
	km_fd_field(F.t, (int)F.fd[S_EST], "sock", "skc_state", &v[3], NULL, 0);
	km_fd_field(F.t, (int)F.fd[S_EST], "sock", "sk_err", &v[4], NULL, 0);
}

/* A connection to 10.0.0.2:81 that the harness, as the peer, completes. */
static void make_established(void)
{
	struct sockaddr_in c = { .sin_family = AF_INET, .sin_port = htons(EST_PORT) };
	uint8_t buf[MAX_FRAME];
	struct km_seg syn, sa;
	uint32_t me, peer;
	int n;

	inet_pton(AF_INET, "10.0.0.1", &me);
	inet_pton(AF_INET, "10.0.0.2", &peer);
	inet_pton(AF_INET, "10.0.0.2", &c.sin_addr);
	km_wire_set_keep(F.wire, true);
	km_wire_clear(F.wire);
	F.fd[S_EST] = km_socket(F.t, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (F.fd[S_EST] < 0 ||
	    km_connect(F.t, (int)F.fd[S_EST], &c, sizeof(c)) != -EINPROGRESS)
		die("cannot start the connection to be established");
	n = km_wire_recv(F.wire, buf, sizeof(buf));
	if (n < 0 || km_seg_parse(buf, (size_t)n, &syn) || syn.flags != KM_TH_SYN)
		die("no SYN for the connection to be established");
	km_seg_init_tcp(&sa, peer, EST_PORT, me, syn.sport);
	sa.flags = KM_TH_SYN | KM_TH_ACK;
	sa.seq = EST_PEER_ISN;
	sa.ack = syn.seq + 1;
	sa.window = 65535;
	sa.mss = 1460;
	n = km_seg_build(&sa, buf, sizeof(buf));
	if (n < 0)
		die("cannot build the SYN-ACK");
	km_wire_inject(F.wire, buf, (size_t)n);
	km_wire_clear(F.wire);
	km_wire_set_keep(F.wire, false);
	F.est_port = syn.sport;
	F.est_snd_nxt = syn.seq + 1;
	F.est_rcv_nxt = EST_PEER_ISN + 1;
}

static long udp_connected(uint16_t port, int recverr)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	long fd = km_socket(F.t, AF_INET, SOCK_DGRAM, 0);
	int one = 1;

	inet_pton(AF_INET, "10.0.0.2", &a.sin_addr);
	if (fd < 0 || (recverr && km_setsockopt(F.t, (int)fd, IPPROTO_IP, IP_RECVERR,
						&one, sizeof(one))) ||
	    km_connect(F.t, (int)fd, &a, sizeof(a)))
		die("cannot make a UDP socket");
	return fd;
}

static void make_sockets(void)
{
	struct sockaddr_in l = { .sin_family = AF_INET, .sin_port = htons(8080) };
	struct sockaddr_in c = { .sin_family = AF_INET, .sin_port = htons(80) };
	int one = 1;

	inet_pton(AF_INET, "10.0.0.1", &l.sin_addr);
	inet_pton(AF_INET, "10.0.0.2", &c.sin_addr);
	F.fd[S_LISTEN] = km_socket(F.t, AF_INET, SOCK_STREAM, 0);
	if (F.fd[S_LISTEN] < 0 ||
	    km_setsockopt(F.t, (int)F.fd[S_LISTEN], SOL_SOCKET, SO_REUSEADDR, &one,
			  sizeof(one)) ||
	    km_bind(F.t, (int)F.fd[S_LISTEN], &l, sizeof(l)) ||
	    km_listen(F.t, (int)F.fd[S_LISTEN], 16))
		die("cannot make the listener");
	F.fd[S_SYNSENT] = km_socket(F.t, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (F.fd[S_SYNSENT] < 0 ||
	    km_connect(F.t, (int)F.fd[S_SYNSENT], &c, sizeof(c)) != -EINPROGRESS)
		die("cannot make the SYN_SENT socket");
	F.fd[S_UDP] = udp_connected(53, 0);
	F.fd[S_RECVERR] = udp_connected(9, 1);
	if (!F.seeding)
		make_established();
	fingerprint(F.fp);
	F.live_objs = km_host_live_objects(F.h, NULL, 0);
}

/* Close everything, let every timer run out, check for leaks. */
static void close_sockets(void)
{
	char buf[2048];
	unsigned long n;
	int i;

	for (i = 0; i < NSOCK; i++)
		km_close(F.t, (int)F.fd[i]);
	km_world_run_for(F.w, SETTLE_NS);
	if (km_host_warnings(F.h))
		die("kernel warning");
	n = km_host_live_objects(F.h, buf, sizeof(buf));
	if (n > F.base_objs) {
		/* Only routes may stay (cached in the FIB like Linux's). */
		const char *p = buf;

		while ((p = strchr(p, '#'))) {
			const char *name = p;

			while (name > buf && name[-1] != ' ')
				name--;
			if (strncmp(name, "rt#", 3))
				die("leak: objects left after closing every socket");
			p++;
		}
		F.base_objs = n;
	}
}

static void setup(void)
{
	memset(&F, 0, sizeof(F));
	F.w = km_world_new(1);
	F.h = km_host_new(F.w, "fuzz");
	F.wire = km_wire_new(F.h, "eth0", 1500);
	if (!F.wire || km_host_add_addr(F.h, "eth0", "10.0.0.1/24") ||
	    km_host_add_route(F.h, "default", "10.0.0.254", "eth0", "unicast"))
		die("cannot build the host");
	F.t = km_task_new(F.h, "fuzz", 0);
	km_wire_set_keep(F.wire, false);
	make_sockets();
	close_sockets();
	F.base_objs = km_host_live_objects(F.h, NULL, 0);
	make_sockets();
}

static uint16_t csum(const uint8_t *p, size_t n, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* Make the checksums (and the IP total length) right, and address a TCP
 * segment to the established connection, as asked. */
static void fix_frame(uint8_t *b, size_t n, unsigned int how)
{
	size_t ihl, l4;
	uint32_t ph;
	int off;

	if (n < 20 || (b[0] >> 4) != 4)
		return;
	ihl = (size_t)(b[0] & 15) * 4;
	if (ihl < 20 || ihl > n)
		return;
	if ((how & 4) && b[9] == 6 && n >= ihl + 20) {
		put16(b + ihl, EST_PORT);
		put16(b + ihl + 2, F.est_port);
		put32(b + ihl + 4, F.est_rcv_nxt);
		put32(b + ihl + 8, F.est_snd_nxt);
	}
	if (how & 1) {
		put16(b + 2, (uint16_t)n);
		put16(b + 10, 0);
		put16(b + 10, csum(b, ihl, 0));
	}
	if (!(how & 2))
		return;
	l4 = n - ihl;
	switch (b[9]) {
	case 6: off = 16; break;
	case 17: off = 6; break;
	case 1: off = 2; break;
	default: return;
	}
	if (l4 < (size_t)off + 2)
		return;
	put16(b + ihl + off, 0);
	ph = 0;
	if (b[9] != 1) {
		ph = (uint32_t)(b[12] << 8 | b[13]) + (uint32_t)(b[14] << 8 | b[15]) +
		     (uint32_t)(b[16] << 8 | b[17]) + (uint32_t)(b[18] << 8 | b[19]) +
		     b[9] + (uint32_t)l4;
	}
	put16(b + ihl + off, csum(b + ihl, l4, ph));
}

static void write_seeds(const char *dir);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *out = getenv("KM_FUZZ_SEEDS_OUT");

	(void)argc;
	(void)argv;
	if (out) {
		write_seeds(out);
		exit(0);
	}
	setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t frame[MAX_FRAME];
	unsigned long long fp[5];
	size_t n;

	if (size < 1 || size - 1 > sizeof(frame))
		return -1;	/* not kept in the corpus */
	n = size - 1;
	memcpy(frame, data + 1, n);
	fix_frame(frame, n, data[0]);
	km_wire_inject(F.wire, frame, n);
	if (km_host_warnings(F.h))
		die("kernel warning");
	fingerprint(fp);
	if (memcmp(fp, F.fp, sizeof(fp)) ||
	    km_host_live_objects(F.h, NULL, 0) != F.live_objs) {
		/* The input touched something: start those sockets again. */
		close_sockets();
		make_sockets();
		F.resets++;
	}
	return 0;
}

/* ---- seeds ---- */

static void seed_file(const char *dir, const char *name, const struct km_seg *s,
		      unsigned int fix)
{
	uint8_t buf[MAX_FRAME + 1];
	char path[512];
	FILE *f;
	int n = km_seg_build(s, buf + 1, sizeof(buf) - 1);

	if (n < 0)
		die("cannot build a seed");
	buf[0] = (uint8_t)fix;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, (size_t)n + 1, f) != (size_t)n + 1)
		die("cannot write a seed");
	fclose(f);
}

/* The frames of a well-behaved peer, for each socket (the SYN_SENT
 * socket's port and ISN come from the SYN it sends: the world's seed
 * makes them the same every run). */
static void write_seeds(const char *dir)
{
	uint8_t syn[MAX_FRAME], quote[64];
	struct km_seg s, out;
	uint32_t me, peer;
	int n;

	mkdir(dir, 0755);
	memset(&F, 0, sizeof(F));
	F.seeding = true;
	F.w = km_world_new(1);
	F.h = km_host_new(F.w, "fuzz");
	F.wire = km_wire_new(F.h, "eth0", 1500);
	km_host_add_addr(F.h, "eth0", "10.0.0.1/24");
	km_host_add_route(F.h, "default", "10.0.0.254", "eth0", "unicast");
	F.t = km_task_new(F.h, "fuzz", 0);
	km_wire_set_keep(F.wire, true);
	make_sockets();
	inet_pton(AF_INET, "10.0.0.1", &me);
	inet_pton(AF_INET, "10.0.0.2", &peer);

	/* a SYN to the listener */
	km_seg_init_tcp(&s, peer, 40000, me, 8080);
	s.flags = KM_TH_SYN;
	s.seq = 1000;
	s.window = 64240;
	s.mss = 1460;
	s.wscale = 7;
	s.sack_perm = true;
	s.ts = true;
	s.tsval = 1;
	seed_file(dir, "syn-to-listener", &s, 3);
	/* the SYN-ACK, and an RST, for the SYN_SENT socket */
	n = km_wire_recv(F.wire, syn, sizeof(syn));
	if (n < 0 || km_seg_parse(syn, (size_t)n, &out))
		die("no SYN on the wire");
	km_seg_init_tcp(&s, peer, 80, me, out.sport);
	s.flags = KM_TH_SYN | KM_TH_ACK;
	s.seq = 5000;
	s.ack = out.seq + 1;
	s.window = 65535;
	s.mss = 1460;
	seed_file(dir, "synack-to-syn-sent", &s, 3);
	s.flags = KM_TH_RST | KM_TH_ACK;
	s.mss = -1;
	seed_file(dir, "rst-to-syn-sent", &s, 3);
	/* ICMP fragmentation needed, quoting the SYN */
	memset(&s, 0, sizeof(s));
	s.saddr = inet_addr("10.0.0.254");
	s.daddr = me;
	s.ttl = 64;
	s.protocol = 1;
	s.icmp_type = 3;
	s.icmp_code = 4;
	s.icmp_info = htonl(1200);
	memcpy(quote, syn, 28);
	s.payload = quote;
	s.payload_len = 28;
	seed_file(dir, "icmp-frag-needed-for-syn", &s, 3);
	/* a datagram to the connected UDP socket, and port unreachable for
	 * the IP_RECVERR one (quoting a datagram it sent) */
	km_wire_clear(F.wire);
	km_sendto(F.t, (int)F.fd[S_RECVERR], "x", 1, 0, NULL, 0);
	n = km_wire_recv(F.wire, syn, sizeof(syn));
	if (n >= 28) {
		s.icmp_code = 3;
		s.icmp_info = 0;
		s.saddr = peer;
		memcpy(quote, syn, 28);
		seed_file(dir, "icmp-port-unreach-for-recverr", &s, 3);
		if (km_seg_parse(syn, (size_t)n, &out) == 0) {
			memset(&s, 0, sizeof(s));
			s.saddr = peer;
			s.daddr = me;
			s.ttl = 64;
			s.protocol = 17;
			s.sport = 9;
			s.dport = out.sport;
			s.payload = (const uint8_t *)"reply";
			s.payload_len = 5;
			seed_file(dir, "udp-to-recverr", &s, 3);
		}
	}
	/* data, a FIN and an RST for the established connection (bit 2
	 * addresses them, whatever the ports and numbers say) */
	km_seg_init_tcp(&s, peer, EST_PORT, me, 1);
	s.flags = KM_TH_ACK | KM_TH_PSH;
	s.window = 65535;
	s.payload = (const uint8_t *)"hello";
	s.payload_len = 5;
	seed_file(dir, "data-to-established", &s, 7);
	s.flags = KM_TH_FIN | KM_TH_ACK;
	seed_file(dir, "data-and-fin-to-established", &s, 7);
	s.payload_len = 0;
	seed_file(dir, "fin-to-established", &s, 7);
	s.flags = KM_TH_RST;
	seed_file(dir, "rst-to-established", &s, 7);
	km_world_free(F.w);
}
