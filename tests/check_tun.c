// SPDX-License-Identifier: GPL-2.0
/*
 * The mirror against the real Linux kernel, over TUN (docs/tun.md): the
 * live scenarios end to end through the `kmirror` binary of this build,
 * their packets read back from the pcap (the SYN checked byte for byte,
 * docs/behaviour.md "The SYN") and decoded by tshark, `kmirror net`, the
 * privilege handling, and the TUN backend's own API.
 *
 * Everything runs in network namespaces the code creates: private ones
 * (KMIRROR_NETNS=-) that vanish with their process, and for `net` a named
 * one removed by the tcase's unchecked teardown even when a test fails.
 *
 * Where the machine cannot run them (no root, no /dev/net/tun, no
 * tshark) tests are left out and reported by kmt_skip() as "SKIPPED: n
 * checks: reason" (scripts/run-tests.sh counts those apart).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include <net/if.h>
#include <linux/if_packet.h>
#include <linux/if_ether.h>
#include <netinet/tcp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <kmapi/tun.h>
#include "kmtest.h"

#define RUN_TIMEOUT_S	40		/* any one kmirror or tshark run */
#define NOBODY		65534

/* Set up by main() before the suite forks its tests. */
static char kmirror_bin[PATH_MAX];
/* A copy of it in tmpdir, which uid NOBODY can reach even when the
 * checkout sits under a directory only its owner may enter. */
static char kmirror_any[PATH_MAX];
static char tmpdir[64];
static char test_netns[32];
static bool have_tshark;

/* ---- running programs, bounded in time ---- */

struct run {
	int	status;		/* exit status; 128+sig if killed */
	char	out[65536];
	char	err[16384];
};

struct run_opts {
	const char *const	*env;	/* extra NAME=value */
	uid_t			uid;	/* 0: stay root */
	bool			hide_tun;	/* /dev/net/tun not visible */
};

static void child_exec(const char *const argv[], const struct run_opts *o,
		       int out, int err)
{
	int i;

	dup2(out, 1);
	dup2(err, 2);
	for (i = 0; o && o->env && o->env[i]; i++)
		putenv((char *)o->env[i]);
	if (o && o->hide_tun) {
		/* A mount namespace of this child only: /dev/net is an empty
		 * tmpfs here, as in a container started without --device. */
		if (unshare(CLONE_NEWNS) ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    mount("tmpfs", "/dev/net", "tmpfs", 0, "size=4k"))
			_exit(120);
	}
	if (o && o->uid) {
		gid_t g = (gid_t)o->uid;

		if (setgroups(1, &g) || setgid(g) || setuid(o->uid))
			_exit(121);
	}
	execv(argv[0], (char *const *)argv);
	_exit(127);
}

static void run_cmd(const char *const argv[], const struct run_opts *o,
		    struct run *r)
{
	int po[2], pe[2];
	size_t no = 0, ne = 0;
	struct timespec t0, now;
	pid_t pid;
	int st;

	memset(r, 0, sizeof(*r));
	ck_assert(!pipe2(po, O_CLOEXEC) && !pipe2(pe, O_CLOEXEC));
	pid = fork();
	ck_assert_msg(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0)
		child_exec(argv, o, po[1], pe[1]);
	close(po[1]);
	close(pe[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p[2] = { { po[0], POLLIN, 0 }, { pe[0], POLLIN, 0 } };
		long left;

		clock_gettime(CLOCK_MONOTONIC, &now);
		left = RUN_TIMEOUT_S * 1000L - ((now.tv_sec - t0.tv_sec) * 1000L +
						 (now.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0) {
			kill(pid, SIGKILL);
			break;
		}
		if (p[0].fd < 0 && p[1].fd < 0)
			break;
		if (poll(p, 2, (int)left) <= 0)
			continue;
		if (p[0].revents) {
			ssize_t n = read(po[0], r->out + no, sizeof(r->out) - 1 - no);

			if (n <= 0) {
				close(po[0]);
				po[0] = -1;
			} else {
				no += (size_t)n;
			}
		}
		if (p[1].revents) {
			ssize_t n = read(pe[0], r->err + ne, sizeof(r->err) - 1 - ne);

			if (n <= 0) {
				close(pe[0]);
				pe[0] = -1;
			} else {
				ne += (size_t)n;
			}
		}
		if (no >= sizeof(r->out) - 1 || ne >= sizeof(r->err) - 1) {
			kill(pid, SIGKILL);
			break;
		}
	}
	if (po[0] >= 0)
		close(po[0]);
	if (pe[0] >= 0)
		close(pe[0]);
	waitpid(pid, &st, 0);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

#define assert_has(r, text)						\
	ck_assert_msg(strstr((r)->out, (text)) || strstr((r)->err, (text)), \
		      "[%s] expected \"%s\" in the output, got:\n%s%s", T.step, \
		      (text), (r)->out, (r)->err)

#define assert_status(r, expect)					\
	ck_assert_msg((r)->status == (expect),				\
		      "[%s] exit status: expected %d, got %d; output:\n%s%s", \
		      T.step, (expect), (r)->status, (r)->out, (r)->err)

static const char *const private_ns[] = { KM_TUN_NETNS_ENV "=-", NULL };

/* kmirror trace SCENARIO --peer linux --quiet --pcap <tmpdir>/SCENARIO.pcap */
static void run_scenario(const char *scn, char *pcap, size_t len, struct run *r)
{
	struct run_opts o = { .env = private_ns };

	snprintf(pcap, len, "%s/%s-%d.pcap", tmpdir, scn, (int)getpid());
	const char *argv[] = { kmirror_bin, "trace", scn, "--peer", "linux",
			       "--quiet", "--pcap", pcap, NULL };
	kmt_step("kmirror trace %s --peer linux", scn);
	run_cmd(argv, &o, r);
}

/* ---- reading the pcap back ---- */

struct frame {
	long long	t_ns;
	unsigned int	len;
	unsigned char	data[1600];
	struct km_seg	seg;
};

/* Frames of a pcapng file as written by km_pcap: Enhanced Packet Blocks
 * of raw IPv4 with nanosecond timestamps (runtime/pcap.c). */
static int read_pcap(const char *path, struct frame *f, int max)
{
	static unsigned char blk[70000];
	FILE *fp = fopen(path, "rb");
	int n = 0;
	uint32_t hdr[2];

	ck_assert_msg(fp, "[%s] cannot open %s: %s", T.step, path, strerror(errno));
	while (n < max && fread(hdr, 4, 2, fp) == 2) {
		uint32_t caplen, ts[2];

		ck_assert_msg(hdr[1] >= 12 && hdr[1] <= sizeof(blk) && hdr[1] % 4 == 0,
			      "[%s] bad pcapng block length %u", T.step, hdr[1]);
		ck_assert(fread(blk, 1, hdr[1] - 8, fp) == hdr[1] - 8);
		if (n == 0 && hdr[0] != 6)
			ck_assert_msg(hdr[0] == 0x0a0d0d0a || hdr[0] == 1,
				      "[%s] not a pcapng file: block %08x", T.step, hdr[0]);
		if (hdr[0] != 6)
			continue;
		memcpy(ts, blk + 4, 8);
		memcpy(&caplen, blk + 12, 4);
		ck_assert(caplen <= sizeof(f[n].data) && caplen + 20 <= hdr[1] - 12);
		memcpy(f[n].data, blk + 20, caplen);
		f[n].len = caplen;
		f[n].t_ns = (long long)((uint64_t)ts[0] << 32 | ts[1]);
		ck_assert_msg(!km_seg_parse(f[n].data, caplen, &f[n].seg),
			      "[%s] frame %d of %s is not a well-formed IPv4 packet",
			      T.step, n + 1, path);
		n++;
	}
	fclose(fp);
	return n;
}

static uint32_t addr(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a.s_addr;
}

/* The mirror's SYN, byte for byte where it is fixed (net/ipv4/tcp_output.c:454,
 * 1123, 3527; net/ipv4/ip_output.c:484-498). */
static void assert_syn_is_linux_5_0(const struct frame *f, uint32_t daddr)
{
	struct km_seg e;
	const struct km_seg *g = &f->seg;
	static const unsigned char head[] = { 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02,
					      0x08, 0x0a };
	static const unsigned char tail[] = { 0x01, 0x03, 0x03, 0x07 };

	km_seg_init_tcp(&e, addr(KM_TUN_MIRROR_ADDR), g->sport, daddr, 80);
	e.flags = KM_TH_SYN;
	e.window = 64240;
	e.ttl = 64;
	e.df = true;
	e.tos = 0;
	e.ip_tot_len = 60;
	e.ack = 0;
	/* MSS 1460 | SACK_PERM, TS (TSval, TSecr 0) | NOP, WS 7 */
	memcpy(e.opt, head, sizeof(head));
	memcpy(e.opt + 8, g->opt + 8, 4);	/* TSval: the clock's */
	memset(e.opt + 12, 0, 4);
	memcpy(e.opt + 16, tail, sizeof(tail));
	e.opt_len = 20;
	kmt_assert_seg(&e, g, KMT_F_ADDRS | KMT_F_PORTS | KMT_F_ACK | KMT_F_FLAGS |
		       KMT_F_WIN | KMT_F_OPTS | KMT_F_TTL | KMT_F_DF | KMT_F_TOS |
		       KMT_F_LEN);
	ck_assert_msg(g->doff == 10, "[%s] SYN doff: expected 10, got %u", T.step,
		      g->doff);
	ck_assert_msg(g->ip_csum_ok && g->l4_csum_ok, "[%s] SYN checksums", T.step);
}

/* ---- tshark ---- */

/* Anything tshark finds wrong in the file: malformed packets, bad
 * checksums (verification switched on), unknown or invalid options, any
 * expert error. Returns the number of offending lines (listed in why). */
static int tshark_problems(const char *pcap, int expect_frames, char *why,
			   size_t len)
{
	static struct run r;	/* large: keep it off the stack */
	const char *argv[] = {
		"/usr/bin/tshark", "-n", "-r", pcap,
		"-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
		"-o", "udp.check_checksum:TRUE",
		"-T", "fields", "-e", "frame.number", "-e", "_ws.col.Info",
		"-e", "_ws.expert.message", "-e", "_ws.expert.severity",
		"-e", "_ws.expert.group", "-e", "_ws.malformed",
		"-e", "ip.checksum.status", "-e", "tcp.checksum.status",
		"-e", "udp.checksum.status", "-e", "icmp.checksum.status",
		"-e", "tcp.options.unknown.payload", "-e", "tcp.option.len.invalid",
		"-e", "tcp.options.wscale.shift.invalid", NULL
	};
	int problems = 0, lines = 0;
	char *line, *save;

	run_cmd(argv, NULL, &r);
	ck_assert_msg(r.status == 0, "[%s] tshark failed (%d): %s", T.step, r.status,
		      r.err);
	why[0] = 0;
	for (line = strtok_r(r.out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char copy[1024], *fld[13] = { 0 }, *p = copy;
		int i;
		bool bad = false;

		snprintf(copy, sizeof(copy), "%s", line);
		for (i = 0; i < 13; i++) {
			fld[i] = p;
			p = strchr(p, '\t');
			if (!p)
				break;
			*p++ = 0;
		}
		lines++;
		if (i < 12)
			bad = true;	/* a line we cannot read */
		/* severity >= error (0x00800000): malformed, bad checksum */
		for (p = fld[3]; !bad && p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
			if (strtoul(p, NULL, 10) >= 0x00800000)
				bad = true;
		/* groups: checksum 0x01000000, malformed 0x07000000 */
		for (p = fld[4]; !bad && p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
			unsigned long g = strtoul(p, NULL, 10);

			if (g == 0x01000000 || g == 0x07000000)
				bad = true;
		}
		if (fld[5] && *fld[5])
			bad = true;
		/* checksum statuses, one per header (ICMP errors quote one
		 * more): 0 is "Bad", 1 "Good", 2 "Unverified" */
		for (i = 6; i <= 9 && !bad; i++)
			for (p = fld[i]; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
				if (*p == '0')
					bad = true;
		for (i = 10; i <= 12 && !bad; i++)
			if (fld[i] && *fld[i])
				bad = true;
		if (bad) {
			size_t used = strlen(why);

			problems++;
			if (used < len)
				snprintf(why + used, len - used, "\n    %s", line);
		}
	}
	if (lines != expect_frames) {
		size_t used = strlen(why);

		problems++;
		if (used < len)
			snprintf(why + used, len - used,
				 "\n    tshark decoded %d frames, the pcap has %d",
				 lines, expect_frames);
	}
	return problems;
}

static void assert_tshark_clean(const char *pcap, int frames)
{
	char why[4096];
	int n;

	if (!have_tshark)
		return;
	kmt_step("tshark -r %s", pcap);
	n = tshark_problems(pcap, frames, why, sizeof(why));
	ck_assert_msg(n == 0, "[%s] tshark: %d problem(s):%s", T.step, n, why);
}

/* ---- the live scenarios ---- */

START_TEST(test_connect_completes_against_linux_and_its_socket_table_shows_established)
{
	static struct run r;
	struct frame f[8];
	char pcap[128];
	int n;

	run_scenario("connect", pcap, sizeof(pcap), &r);
	assert_status(&r, 0);
	assert_has(&r, "client: connect(3, 198.18.0.1:80) = 0");
	assert_has(&r, "its socket table: ESTABLISHED");
	assert_has(&r, "linux: TcpPassiveOpens +1");

	kmt_step("the handshake in the pcap");
	n = read_pcap(pcap, f, 8);
	ck_assert_msg(n >= 3, "[%s] expected at least SYN, SYN-ACK, ACK; got %d frames",
		      T.step, n);
	assert_syn_is_linux_5_0(&f[0], addr(KM_TUN_LINUX_ADDR));
	kmt_step("Linux's SYN-ACK acknowledges the mirror's ISN");
	ck_assert_uint_eq(f[1].seg.saddr, addr(KM_TUN_LINUX_ADDR));
	ck_assert_uint_eq(f[1].seg.flags, KM_TH_SYN | KM_TH_ACK);
	ck_assert_uint_eq(f[1].seg.ack, f[0].seg.seq + 1);
	kmt_step("the mirror's final ACK (net/ipv4/tcp_input.c:5909)");
	ck_assert_uint_eq(f[2].seg.saddr, addr(KM_TUN_MIRROR_ADDR));
	ck_assert_uint_eq(f[2].seg.flags, KM_TH_ACK);
	ck_assert_uint_eq(f[2].seg.seq, f[0].seg.seq + 1);
	ck_assert_uint_eq(f[2].seg.ack, f[1].seg.seq + 1);
	ck_assert_uint_eq(f[2].seg.ip_id, f[0].seg.ip_id + 1);
	ck_assert(f[2].seg.l4_csum_ok && f[2].seg.ip_csum_ok);
	assert_tshark_clean(pcap, n);
}
END_TEST

START_TEST(test_connect_to_a_closed_linux_port_gets_linux_rst_and_econnrefused)
{
	static struct run r;
	struct frame f[8];
	char pcap[128];
	int n;

	run_scenario("connect-refused", pcap, sizeof(pcap), &r);
	assert_status(&r, 0);
	assert_has(&r, "client: connect(3, 198.18.0.1:80) = -ECONNREFUSED");
	assert_has(&r, "TcpOutRsts +1");

	kmt_step("SYN, then Linux's RST|ACK");
	n = read_pcap(pcap, f, 8);
	ck_assert_int_eq(n, 2);
	assert_syn_is_linux_5_0(&f[0], addr(KM_TUN_LINUX_ADDR));
	ck_assert_uint_eq(f[1].seg.saddr, addr(KM_TUN_LINUX_ADDR));
	ck_assert_uint_eq(f[1].seg.flags, KM_TH_RST | KM_TH_ACK);
	ck_assert_uint_eq(f[1].seg.ack, f[0].seg.seq + 1);
	ck_assert_uint_eq(f[1].seg.window, 0);
	assert_tshark_clean(pcap, n);
}
END_TEST

START_TEST(test_connect_to_an_address_linux_drops_retransmits_on_schedule_then_etimedout)
{
	static struct run r;
	struct frame f[8];
	char pcap[128];
	const char *after;
	double secs;
	int n, i;

	run_scenario("connect-timeout", pcap, sizeof(pcap), &r);
	assert_status(&r, 0);
	assert_has(&r, "setsockopt(TCP_SYNCNT, 2) = 0");
	assert_has(&r, "client: connect(3, 198.18.9.9:80) = -ETIMEDOUT");
	assert_has(&r, "TcpOutRsts +0");

	kmt_step("3 SYNs (TCP_SYNCNT 2) at 0, 1, 3 s (net/ipv4/tcp_timer.c:232-233)");
	n = read_pcap(pcap, f, 8);
	ck_assert_int_eq(n, 3);
	assert_syn_is_linux_5_0(&f[0], addr(KM_TUN_DROP_ADDR));
	for (i = 1; i < 3; i++) {
		long long want = (i == 1 ? 1000 : 3000) * 1000000LL;
		long long got = f[i].t_ns - f[0].t_ns;

		ck_assert_uint_eq(f[i].seg.flags, KM_TH_SYN);
		ck_assert_uint_eq(f[i].seg.seq, f[0].seg.seq);
		ck_assert_uint_eq(f[i].seg.ip_id, f[0].seg.ip_id + (unsigned)i);
		/* real time: allow for a loaded machine waking us late, and
		 * for the first SYN's capture stamp itself being a little
		 * late (the gap then looks up to a few ms short) */
		ck_assert_msg(got >= want - 20000000LL && got < want + 250000000LL,
			      "[%s] SYN %d at %.3f s, expected %.3f s (-20 ms, +250 ms)",
			      T.step, i + 1, got / 1e9, want / 1e9);
	}
	kmt_step("ETIMEDOUT 4 s after the last SYN: 7 s in all");
	after = strstr(r.out, "after ");
	ck_assert_msg(after && sscanf(after, "after %lf", &secs) == 1,
		      "no time line in:\n%s", r.out);
	ck_assert_msg(secs >= 7.0 && secs < 7.8, "[%s] ETIMEDOUT after %.3f s",
		      T.step, secs);
	assert_tshark_clean(pcap, n);
}
END_TEST

START_TEST(test_linux_client_connects_to_a_mirror_listener)
{
	static struct run r;
	struct frame f[8];
	char pcap[128];
	int n;

	run_scenario("accept-from-linux", pcap, sizeof(pcap), &r);
	assert_status(&r, 0);
	assert_has(&r, "server: listen(3, 16) = 0");
	assert_has(&r, "linux: connect(198.18.0.2:80) = -EINPROGRESS");
	assert_has(&r, "server: accept(3) = 4, peer 198.18.0.1:");
	assert_has(&r, "its socket table: ESTABLISHED");

	kmt_step("Linux's SYN, the mirror's SYN-ACK (net/ipv4/tcp_output.c:3207), Linux's ACK");
	n = read_pcap(pcap, f, 8);
	ck_assert_int_ge(n, 3);
	ck_assert_uint_eq(f[0].seg.saddr, addr(KM_TUN_LINUX_ADDR));
	ck_assert_uint_eq(f[0].seg.flags, KM_TH_SYN);
	ck_assert_uint_eq(f[1].seg.saddr, addr(KM_TUN_MIRROR_ADDR));
	ck_assert_uint_eq(f[1].seg.flags, KM_TH_SYN | KM_TH_ACK);
	ck_assert_uint_eq(f[1].seg.ack, f[0].seg.seq + 1);
	ck_assert_uint_eq(f[1].seg.window, 65160);
	ck_assert(f[1].seg.ttl == 64 && f[1].seg.df);
	ck_assert(f[1].seg.l4_csum_ok && f[1].seg.ip_csum_ok);
	ck_assert_uint_eq(f[2].seg.saddr, addr(KM_TUN_LINUX_ADDR));
	ck_assert_uint_eq(f[2].seg.flags, KM_TH_ACK);
	ck_assert_uint_eq(f[2].seg.ack, f[1].seg.seq + 1);
	assert_tshark_clean(pcap, n);
}
END_TEST

/*
 * A data segment of the mirror's, where 5.0 fixes it: PSH|ACK, seq just
 * past the handshake, ack = the peer's rcv_nxt, the window of a segment
 * (rcv_wnd >> 7), NOP NOP TS, 5 bytes of payload, DF, TTL 64
 * (net/ipv4/tcp.c:713, net/ipv4/tcp_output.c:1092-1114).
 */
static void assert_mirror_data(const struct frame *f, uint32_t seq, uint32_t ack,
			       unsigned int window, const char *payload)
{
	const struct km_seg *g = &f->seg;
	static const unsigned char nop_nop_ts[] = { 0x01, 0x01, 0x08, 0x0a };

	ck_assert_uint_eq(g->saddr, addr(KM_TUN_MIRROR_ADDR));
	ck_assert_uint_eq(g->flags, KM_TH_PSH | KM_TH_ACK);
	ck_assert_uint_eq(g->seq, seq);
	ck_assert_uint_eq(g->ack, ack);
	ck_assert_uint_eq(g->window, window);
	ck_assert_uint_eq(g->doff, 8);
	ck_assert_uint_eq(g->opt_len, 12);
	ck_assert(!memcmp(g->opt, nop_nop_ts, 4));
	ck_assert_uint_eq(g->ip_tot_len, 20 + 32 + strlen(payload));
	ck_assert_uint_eq(g->payload_len, strlen(payload));
	ck_assert(!memcmp(g->payload, payload, strlen(payload)));
	ck_assert(g->ttl == 64 && g->df && g->tos == 0);
	ck_assert(g->ip_csum_ok && g->l4_csum_ok);
}

/* A pure ACK of the mirror's, sent at once (the first data: quick-ACK
 * mode, net/ipv4/tcp_input.c:5192). */
static void assert_mirror_ack(const struct frame *f, const struct frame *data,
			      uint32_t seq, unsigned int window)
{
	const struct km_seg *g = &f->seg;

	ck_assert_uint_eq(g->saddr, addr(KM_TUN_MIRROR_ADDR));
	ck_assert_uint_eq(g->flags, KM_TH_ACK);
	ck_assert_uint_eq(g->seq, seq);
	ck_assert_uint_eq(g->ack, data->seg.seq + data->seg.payload_len);
	ck_assert_uint_eq(g->window, window);
	ck_assert_uint_eq(g->ip_tot_len, 52);
	ck_assert_msg(f->t_ns - data->t_ns < 100000000LL,
		      "[%s] the ACK came %.3f s after the data: not at once", T.step,
		      (f->t_ns - data->t_ns) / 1e9);
}

START_TEST(test_echo_against_a_linux_server)
{
	static struct run r;
	struct frame f[16];
	char pcap[128];
	int n;

	run_scenario("echo", pcap, sizeof(pcap), &r);
	assert_status(&r, 0);
	assert_has(&r, "client: connect(3, 198.18.0.1:80) = 0");
	assert_has(&r, "linux: recv() = 5 \"hello\"");
	assert_has(&r, "client: recv() = 5 \"hello\"");
	assert_has(&r, "linux: its socket table: ESTABLISHED");

	kmt_step("SYN, SYN-ACK, ACK; the mirror's \"hello\"; Linux's ACK and echo; the mirror's ACK");
	n = read_pcap(pcap, f, 16);
	ck_assert_int_ge(n, 7);
	assert_syn_is_linux_5_0(&f[0], addr(KM_TUN_LINUX_ADDR));
	kmt_step("the mirror's data segment");
	assert_mirror_data(&f[3], f[0].seg.seq + 1, f[1].seg.seq + 1, 502, "hello");
	ck_assert_uint_eq(f[3].seg.ip_id, f[2].seg.ip_id + 1);
	kmt_step("Linux ACKs it and echoes it");
	ck_assert_uint_eq(f[4].seg.saddr, addr(KM_TUN_LINUX_ADDR));
	ck_assert_uint_eq(f[4].seg.ack, f[0].seg.seq + 6);
	ck_assert_uint_eq(f[5].seg.saddr, addr(KM_TUN_LINUX_ADDR));
	ck_assert_uint_eq(f[5].seg.payload_len, 5);
	kmt_step("the mirror ACKs the echo at once");
	assert_mirror_ack(&f[6], &f[5], f[0].seg.seq + 6, 502);
	assert_tshark_clean(pcap, n);
}
END_TEST

START_TEST(test_linux_client_gets_its_hello_echoed_by_a_mirror_server)
{
	static struct run r;
	struct frame f[16];
	char pcap[128];
	int n;

	run_scenario("echo-from-linux", pcap, sizeof(pcap), &r);
	assert_status(&r, 0);
	assert_has(&r, "server: recv() = 5 \"hello\"");
	assert_has(&r, "linux: recv() = 5 \"hello\"");
	assert_has(&r, "linux: its socket table: ESTABLISHED");

	kmt_step("SYN, SYN-ACK, ACK; Linux's \"hello\"; the mirror's ACK and echo; Linux's ACK");
	n = read_pcap(pcap, f, 16);
	ck_assert_int_ge(n, 7);
	ck_assert_uint_eq(f[1].seg.flags, KM_TH_SYN | KM_TH_ACK);
	ck_assert_uint_eq(f[3].seg.saddr, addr(KM_TUN_LINUX_ADDR));
	ck_assert_uint_eq(f[3].seg.payload_len, 5);
	kmt_step("the mirror ACKs the first data at once, window 65280 >> 7");
	assert_mirror_ack(&f[4], &f[3], f[1].seg.seq + 1, 510);
	kmt_step("the echo: the same window, ack past Linux's data");
	assert_mirror_data(&f[5], f[1].seg.seq + 1, f[3].seg.seq + 5, 510, "hello");
	ck_assert_uint_eq(f[6].seg.saddr, addr(KM_TUN_LINUX_ADDR));
	ck_assert_uint_eq(f[6].seg.ack, f[1].seg.seq + 6);
	assert_tshark_clean(pcap, n);
}
END_TEST

/* ---- the same exchange between two Linux endpoints ---- */

/*
 * In a child in a network namespace of its own: a Linux client sends
 * "hello" over loopback to a Linux server that echoes it, while a packet
 * socket records each frame once (as it arrives). The frames go to path as
 * [u32 length][IPv4 packet]. Exits 0 on success.
 */
static void linux_echo_child(const char *path)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(80),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_ll ll = { .sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_IP) };
	struct ifreq ifr = { .ifr_name = "lo" };
	unsigned char buf[70000];
	int fd, cap, ls, c, sv, i;
	FILE *out;

	if (unshare(CLONE_NEWNET))
		_exit(10);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr))
		_exit(11);
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) || ioctl(fd, SIOCGIFINDEX, &ifr))
		_exit(12);
	ll.sll_ifindex = ifr.ifr_ifindex;
	cap = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	if (cap < 0 || bind(cap, (struct sockaddr *)&ll, sizeof(ll)))
		_exit(13);
	ls = socket(AF_INET, SOCK_STREAM, 0);
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (ls < 0 || c < 0 || bind(ls, (struct sockaddr *)&a, sizeof(a)) ||
	    listen(ls, 1) || connect(c, (struct sockaddr *)&a, sizeof(a)))
		_exit(14);
	sv = accept(ls, NULL, NULL);
	if (sv < 0 || send(c, "hello", 5, 0) != 5 || recv(sv, buf, 5, MSG_WAITALL) != 5 ||
	    send(sv, buf, 5, 0) != 5 || recv(c, buf, 5, MSG_WAITALL) != 5)
		_exit(15);
	usleep(100000);		/* the last ACK */
	out = fopen(path, "wb");
	if (!out)
		_exit(16);
	for (i = 0; i < 64; i++) {
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(cap, buf, sizeof(buf), MSG_DONTWAIT,
				     (struct sockaddr *)&from, &fl);
		uint32_t len;

		if (n < 0)
			break;
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue;	/* each frame once, as it arrives */
		len = (uint32_t)n;
		if (fwrite(&len, 4, 1, out) != 1 || fwrite(buf, 1, len, out) != len)
			_exit(17);
	}
	_exit(fclose(out) ? 18 : 0);
}

static int linux_echo_reference(struct frame *f, int max)
{
	char path[128];
	pid_t pid;
	int st, n = 0;
	uint32_t len;
	FILE *in;

	snprintf(path, sizeof(path), "%s/linux-echo-%d.raw", tmpdir, (int)getpid());
	kmt_step("the reference: Linux client and Linux server over loopback, in a namespace of their own");
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0)
		linux_echo_child(path);
	ck_assert(waitpid(pid, &st, 0) == pid);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		      "[%s] the Linux reference exchange failed (status %d)", T.step, st);
	in = fopen(path, "rb");
	ck_assert(in);
	while (n < max && fread(&len, 4, 1, in) == 1) {
		ck_assert(len <= sizeof(f[n].data));
		ck_assert(fread(f[n].data, 1, len, in) == len);
		f[n].len = len;
		ck_assert(!km_seg_parse(f[n].data, len, &f[n].seg));
		n++;
	}
	fclose(in);
	unlink(path);
	return n;
}

/* The TCP option kinds of a segment, in order ("2 4 8 1 3"). */
static void opt_kinds(const struct km_seg *g, char *out, size_t len)
{
	unsigned int i = 0;
	size_t used = 0;

	out[0] = 0;
	while (i < g->opt_len && used < len) {
		unsigned int kind = g->opt[i];

		used += (size_t)snprintf(out + used, len - used, "%s%u", used ? " " : "",
					 kind);
		if (kind == 0)
			break;
		i += kind == 1 ? 1 : (i + 1 < g->opt_len && g->opt[i + 1] ? g->opt[i + 1] : g->opt_len);
	}
}

/*
 * The mirror's echo (mirror client, Linux server over TUN) has the same
 * segments as the echo between two Linux endpoints, in the fields both
 * kernels fix the same way: direction, flags, sequence and ACK numbers
 * relative to each side's ISN, payload length, header length, option
 * kinds and order, DF and TTL. (Window values, the MSS of loopback and
 * the window scale of this machine's newer kernel differ by design.)
 */
START_TEST(test_echo_has_the_segments_of_an_echo_between_two_linux_endpoints)
{
	static struct run r;
	static struct frame m[16], l[16];
	char pcap[128], km[64], kl[64];
	int nm, nl, i;

	run_scenario("echo", pcap, sizeof(pcap), &r);
	assert_status(&r, 0);
	nm = read_pcap(pcap, m, 16);
	nl = linux_echo_reference(l, 16);
	ck_assert_msg(nm >= 7 && nl >= 7, "[%s] frames: mirror %d, Linux %d", T.step, nm, nl);
	for (i = 0; i < 7; i++) {
		const struct km_seg *a = &m[i].seg, *b = &l[i].seg;
		/* the client's port: both ends of loopback share an address */
		bool a_client = a->sport == m[0].seg.sport, b_client = b->sport == l[0].seg.sport;
		uint32_t a_isn = a_client ? m[0].seg.seq : m[1].seg.seq;
		uint32_t b_isn = b_client ? l[0].seg.seq : l[1].seg.seq;
		uint32_t a_peer = a_client ? m[1].seg.seq : m[0].seg.seq;
		uint32_t b_peer = b_client ? l[1].seg.seq : l[0].seg.seq;

		kmt_step("segment %d of the echo", i + 1);
		ck_assert_msg(a_client == b_client, "[%s] direction differs", T.step);
		ck_assert_msg(a->flags == b->flags, "[%s] flags: mirror 0x%x, Linux 0x%x",
			      T.step, a->flags, b->flags);
		ck_assert_msg(a->seq - a_isn == b->seq - b_isn, "[%s] relative seq: mirror %u, Linux %u",
			      T.step, a->seq - a_isn, b->seq - b_isn);
		if (a->flags & KM_TH_ACK)
			ck_assert_msg(a->ack - a_peer == b->ack - b_peer,
				      "[%s] relative ack: mirror %u, Linux %u", T.step,
				      a->ack - a_peer, b->ack - b_peer);
		ck_assert_msg(a->payload_len == b->payload_len, "[%s] payload: mirror %zu, Linux %zu",
			      T.step, a->payload_len, b->payload_len);
		ck_assert_msg(a->doff == b->doff, "[%s] doff: mirror %u, Linux %u", T.step,
			      a->doff, b->doff);
		opt_kinds(a, km, sizeof(km));
		opt_kinds(b, kl, sizeof(kl));
		ck_assert_msg(!strcmp(km, kl), "[%s] option kinds: mirror \"%s\", Linux \"%s\"",
			      T.step, km, kl);
		ck_assert_msg(a->df == b->df && a->ttl == b->ttl, "[%s] DF/TTL differ", T.step);
	}
}
END_TEST

START_TEST(test_udp_to_a_closed_linux_port_gets_icmp_then_econnrefused)
{
	static struct run r;
	struct frame f[8];
	char pcap[128];
	int n;

	run_scenario("udp-refused-by-linux", pcap, sizeof(pcap), &r);
	assert_status(&r, 0);
	assert_has(&r, "client: send(3, 7 bytes) = 7");
	assert_has(&r, "client: send(3, 7 bytes) = -ECONNREFUSED");
	assert_has(&r, "UdpNoPorts +1, IcmpOutDestUnreachs +1");

	kmt_step("the datagram, then Linux's ICMP port unreachable (net/ipv4/udp.c:723-729)");
	n = read_pcap(pcap, f, 8);
	ck_assert_int_ge(n, 2);
	ck_assert_uint_eq(f[0].seg.protocol, 17);
	ck_assert_uint_eq(f[0].seg.dport, 9);
	ck_assert(f[0].seg.l4_csum_ok && f[0].seg.ip_csum_ok);
	ck_assert_uint_eq(f[1].seg.protocol, 1);
	ck_assert_uint_eq(f[1].seg.icmp_type, 3);
	ck_assert_uint_eq(f[1].seg.icmp_code, 3);
	assert_tshark_clean(pcap, n);
}
END_TEST

/*
 * The four segments of an orderly close, from the pcap: the first closer's
 * FIN|ACK, its ACK, the other side's FIN|ACK, the last ACK. f: the frames
 * after the handshake's three; first: the address that closed first.
 */
static void assert_four_way_close(const struct frame *f, int n, uint32_t first)
{
	const struct km_seg *fin1 = &f[0].seg, *ack1 = &f[1].seg;
	const struct km_seg *fin2 = &f[2].seg, *ack2 = &f[3].seg;

	ck_assert_msg(n == 4, "[%s] expected 4 frames after the handshake, got %d",
		      T.step, n);
	ck_assert_uint_eq(fin1->saddr, first);
	ck_assert_uint_eq(fin1->flags, KM_TH_FIN | KM_TH_ACK);
	ck_assert_uint_eq(ack1->flags, KM_TH_ACK);
	ck_assert_uint_eq(ack1->ack, fin1->seq + 1);
	ck_assert_uint_ne(fin2->saddr, first);
	ck_assert_uint_eq(fin2->flags, KM_TH_FIN | KM_TH_ACK);
	ck_assert_uint_eq(fin2->seq, ack1->seq);
	ck_assert_uint_eq(fin2->ack, fin1->seq + 1);
	ck_assert_uint_eq(ack2->saddr, first);
	ck_assert_uint_eq(ack2->flags, KM_TH_ACK);
	ck_assert_uint_eq(ack2->seq, fin1->seq + 1);
	ck_assert_uint_eq(ack2->ack, fin2->seq + 1);
	kmt_step("the mirror's FIN has the header Linux's FIN has: 52 bytes, DF, TTL 64, "
		 "TOS 0, nop,nop,TS (net/ipv4/tcp_output.c:3119, 454; net/ipv4/ip_output.c:484)");
	ck_assert_uint_eq(fin1->ip_tot_len, fin2->ip_tot_len);
	ck_assert_uint_eq(fin1->ip_tot_len, 52);
	ck_assert(fin1->df && fin2->df);
	ck_assert_uint_eq(fin1->ttl, fin2->ttl);
	ck_assert_uint_eq(fin1->tos, fin2->tos);
	ck_assert_uint_eq(fin1->opt_len, fin2->opt_len);
	ck_assert(!memcmp(fin1->opt, fin2->opt, 4));
	ck_assert(f[0].seg.l4_csum_ok && f[2].seg.l4_csum_ok && f[3].seg.l4_csum_ok);
}

/* Run a close scenario against Linux: its two state lines, then the pcap. */
static void close_against_linux(const char *scn, const char *line1, const char *line2,
				const char *first)
{
	static struct run r;
	struct frame f[12];
	char pcap[128];
	int n;

	run_scenario(scn, pcap, sizeof(pcap), &r);
	assert_status(&r, 0);
	assert_has(&r, line1);
	assert_has(&r, line2);
	n = read_pcap(pcap, f, 12);
	ck_assert_int_ge(n, 3);
	assert_four_way_close(f + 3, n - 3, addr(first));
	assert_tshark_clean(pcap, n);
}

/* The mirror closes first: Linux CLOSE_WAIT, then LAST_ACK and gone; the
 * mirror's timewait sock holds TIME_WAIT (net/ipv4/tcp.c:2405,
 * net/ipv4/tcp_minisocks.c:144). */
START_TEST(test_close_against_linux_mirror_first_time_wait_on_the_mirror)
{
	close_against_linux("close",
			    "client tw#1 (timewait sock, substate TCP_FIN_WAIT2); linux: CLOSE_WAIT",
			    "client tw#1 (timewait sock, substate TCP_TIME_WAIT); linux: no such socket",
			    KM_TUN_MIRROR_ADDR);
}
END_TEST

/* Linux closes first: the mirror in CLOSE_WAIT, then LAST_ACK; Linux's own
 * socket table shows FIN_WAIT2, then TIME_WAIT (net/ipv4/tcp_input.c:4096, 6210). */
START_TEST(test_close_against_linux_linux_first_time_wait_in_linux)
{
	close_against_linux("close-by-server", "client TCP_CLOSE_WAIT; linux: FIN_WAIT2",
			    "client nothing left; linux: TIME_WAIT", KM_TUN_LINUX_ADDR);
}
END_TEST

/* ---- a reference: the same close between two Linux endpoints ---- */

#define REF_MAX		16

/*
 * In a child, in a network namespace of its own (the host's are never
 * touched): lo up with MTU 1500 (so the MSS is the TUN link's), a listener
 * on 127.0.0.1:80, a client that connects, closes first, the server 100
 * ms later. Every IPv4 frame lo receives is written to path (length, then
 * bytes), captured with a packet socket. Returns the number of frames.
 */
static int linux_close_reference(const char *path, struct frame *f, int max)
{
	pid_t pid;
	int st, n = 0;
	FILE *fp;

	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(80),
					 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		struct sockaddr_ll ll = { .sll_family = AF_PACKET,
					  .sll_protocol = htons(ETH_P_IP) };
		struct ifreq ifr;
		unsigned char buf[2048];
		int cap, l, c, sfd, one = 1, i;
		FILE *out;

		if (unshare(CLONE_NEWNET))
			_exit(2);
		/* 5.0's receive buffer (window scale 7); newer kernels
		 * default to a larger maximum. Per namespace, so the host's
		 * setting is untouched. */
		out = fopen("/proc/sys/net/ipv4/tcp_rmem", "w");
		if (!out || fputs("4096 131072 6291456\n", out) < 0 || fclose(out))
			_exit(10);
		memset(&ifr, 0, sizeof(ifr));
		strcpy(ifr.ifr_name, "lo");
		l = socket(AF_INET, SOCK_DGRAM, 0);
		ifr.ifr_mtu = 1500;
		if (l < 0 || ioctl(l, SIOCSIFMTU, &ifr))
			_exit(3);
		ifr.ifr_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
		if (ioctl(l, SIOCSIFFLAGS, &ifr))
			_exit(4);
		close(l);
		cap = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK, htons(ETH_P_IP));
		ll.sll_ifindex = 1;
		if (cap < 0 || bind(cap, (struct sockaddr *)&ll, sizeof(ll)))
			_exit(5);
		l = socket(AF_INET, SOCK_STREAM, 0);
		setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 4))
			_exit(6);
		c = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(c, (struct sockaddr *)&a, sizeof(a)))
			_exit(7);
		sfd = accept(l, NULL, NULL);
		if (sfd < 0)
			_exit(8);
		usleep(100000);
		close(c);
		usleep(100000);
		close(sfd);
		usleep(100000);
		out = fopen(path, "wb");
		if (!out)
			_exit(9);
		for (i = 0; i < 64; i++) {
			struct sockaddr_ll from;
			socklen_t fl = sizeof(from);
			ssize_t k = recvfrom(cap, buf, sizeof(buf), 0,
					     (struct sockaddr *)&from, &fl);
			uint32_t len;

			if (k <= 0)
				break;
			if (from.sll_pkttype == PACKET_OUTGOING)
				continue;	/* lo shows each packet twice */
			len = (uint32_t)k;
			fwrite(&len, 4, 1, out);
			fwrite(buf, 1, len, out);
		}
		fclose(out);
		_exit(0);
	}
	ck_assert(waitpid(pid, &st, 0) == pid);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		      "[%s] the reference exchange failed (status %d)", T.step, st);
	fp = fopen(path, "rb");
	ck_assert(fp);
	while (n < max) {
		uint32_t len;

		if (fread(&len, 4, 1, fp) != 1)
			break;
		ck_assert(len <= sizeof(f[n].data));
		ck_assert(fread(f[n].data, 1, len, fp) == len);
		f[n].len = len;
		ck_assert(!km_seg_parse(f[n].data, len, &f[n].seg));
		n++;
	}
	fclose(fp);
	return n;
}

/*
 * The mirror's close (it closes first, as the Linux client does in the
 * reference) against Linux's own, segment by segment, in the fields 5.0
 * fixes: flags, sequence and acknowledgment relative to the ISNs, the
 * window, IP length, DF, TTL, TOS and the option layout. The reference
 * is this machine's kernel between two of its own sockets.
 */
START_TEST(test_close_matches_a_linux_to_linux_reference)
{
	static struct run r;
	struct frame m[REF_MAX], ref[REF_MAX];
	char pcap[128], refpath[160];
	int nm, nr, i;

	snprintf(refpath, sizeof(refpath), "%s/reference-%d.frames", tmpdir, (int)getpid());
	kmt_step("the reference: a Linux client and server in a namespace of their own");
	nr = linux_close_reference(refpath, ref, REF_MAX);
	run_scenario("close", pcap, sizeof(pcap), &r);
	assert_status(&r, 0);
	nm = read_pcap(pcap, m, REF_MAX);
	ck_assert_int_eq(nr, 7);
	ck_assert_int_eq(nm, 7);
	for (i = 0; i < 7; i++) {
		const struct km_seg *a = &m[i].seg, *b = &ref[i].seg;
		/* the client's segments go to port 80 (the reference's two
		 * ends share 127.0.0.1) */
		bool client = a->dport == 80;
		uint32_t aiss = client ? m[0].seg.seq : m[1].seg.seq;
		uint32_t airs = client ? m[1].seg.seq : m[0].seg.seq;
		uint32_t biss = client ? ref[0].seg.seq : ref[1].seg.seq;
		uint32_t birs = client ? ref[1].seg.seq : ref[0].seg.seq;

		kmt_step("segment %d (%s's)", i + 1, client ? "client" : "server");
		ck_assert_uint_eq(b->dport == 80, client);
		ck_assert_uint_eq(a->flags, b->flags);
		ck_assert_uint_eq(a->seq - aiss, b->seq - biss);
		ck_assert_uint_eq(a->ack ? a->ack - airs : 0, b->ack ? b->ack - birs : 0);
		ck_assert_uint_eq(a->ip_tot_len, b->ip_tot_len);
		ck_assert_uint_eq(a->df, b->df);
		ck_assert_uint_eq(a->ttl, b->ttl);
		ck_assert_uint_eq(a->tos, b->tos);
		ck_assert_uint_eq(a->opt_len, b->opt_len);
		/* the server is Linux in both runs, with its namespace's own
		 * tcp_rmem: only the mirror's (client's) window is compared */
		if (client && !(a->flags & KM_TH_SYN)) {
			ck_assert_uint_eq(a->window, b->window);
			ck_assert(!memcmp(a->opt, b->opt, 4));
		}
	}
	unlink(refpath);
}
END_TEST

/* The validator is not vacuous: one flipped checksum bit is caught. */
START_TEST(test_tshark_check_catches_a_corrupted_checksum)
{
	static struct run r;
	char pcap[128], bad[160], why[4096];
	unsigned char buf[4096];
	size_t len, off;
	uint32_t btype = 0, blen;
	FILE *fp;

	run_scenario("connect-refused", pcap, sizeof(pcap), &r);
	assert_status(&r, 0);
	fp = fopen(pcap, "rb");
	ck_assert(fp);
	len = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	/* the first Enhanced Packet Block (pcapng), its frame 28 bytes in:
	 * the SYN, TCP checksum at 20 + 16 */
	for (off = 0; off + 12 <= len; off += blen) {
		memcpy(&btype, buf + off, 4);
		memcpy(&blen, buf + off + 4, 4);
		ck_assert(blen >= 12);
		if (btype == 6)
			break;
	}
	ck_assert(off + 28 + 40 <= len);
	buf[off + 28 + 36] ^= 0x01;
	snprintf(bad, sizeof(bad), "%s.bad", pcap);
	fp = fopen(bad, "wb");
	ck_assert(fp && fwrite(buf, 1, len, fp) == len);
	fclose(fp);
	kmt_step("tshark on a copy with one bit of the SYN's checksum flipped");
	ck_assert_int_ge(tshark_problems(bad, 2, why, sizeof(why)), 1);
	ck_assert_int_eq(tshark_problems(pcap, 2, why, sizeof(why)), 0);
}
END_TEST

/* ---- kmirror net ---- */

static const char *net_env[2];
static char net_env_buf[64];

static void net_cmd(const char *verb, struct run *r)
{
	struct run_opts o = { .env = net_env };
	const char *argv[] = { kmirror_bin, "net", verb, NULL };

	kmt_step("kmirror net %s (namespace %s)", verb, test_netns);
	run_cmd(argv, &o, r);
}

START_TEST(test_net_up_down_status_are_idempotent_and_leave_nothing_behind)
{
	static struct run r;
	struct run_opts o = { .env = net_env };
	char path[96], pcap[128];
	struct stat st;

	snprintf(path, sizeof(path), "/run/netns/%s", test_netns);
	net_cmd("status", &r);
	assert_status(&r, 3);
	assert_has(&r, "is down");
	net_cmd("up", &r);
	assert_status(&r, 0);
	assert_has(&r, "is up");
	assert_has(&r, "link kmtun0   UP 198.18.0.1/24");
	assert_has(&r, "route 198.18.9.0/24 blackhole");
	net_cmd("up", &r);
	assert_status(&r, 0);
	assert_has(&r, "already up");
	net_cmd("status", &r);
	assert_status(&r, 0);
	assert_has(&r, "link lo       UP,carrier 127.0.0.1/8");
	assert_has(&r, "link kmtun0   UP 198.18.0.1/24");

	/* A scenario uses the named namespace while it is up. */
	snprintf(pcap, sizeof(pcap), "%s/named-%d.pcap", tmpdir, (int)getpid());
	{
		const char *argv[] = { kmirror_bin, "trace", "connect", "--peer",
				       "linux", "--quiet", "--pcap", pcap, NULL };

		kmt_step("kmirror trace connect --peer linux in namespace %s",
			 test_netns);
		run_cmd(argv, &o, &r);
		assert_status(&r, 0);
		assert_has(&r, "its socket table: ESTABLISHED");
	}
	net_cmd("down", &r);
	assert_status(&r, 0);
	assert_has(&r, "is down");
	ck_assert_msg(stat(path, &st) && errno == ENOENT, "%s still exists", path);
	net_cmd("down", &r);
	assert_status(&r, 0);
	assert_has(&r, "already down");
	net_cmd("status", &r);
	assert_status(&r, 3);
}
END_TEST

/* Runs in the parent after the tcase, whatever happened in the tests. */
static void net_cleanup(void)
{
	if (km_netns_exists(test_netns))
		km_netns_delete(test_netns);
}

/* ---- privileges ---- */

START_TEST(test_without_root_peer_linux_and_net_up_explain_what_to_run)
{
	static struct run r;
	struct run_opts o = { .env = private_ns, .uid = NOBODY };
	const char *trace[] = { kmirror_any, "trace", "connect", "--peer", "linux",
				NULL };
	const char *up[] = { kmirror_any, "net", "up", NULL };

	kmt_step("kmirror trace connect --peer linux as uid %d", NOBODY);
	run_cmd(trace, &o, &r);
	assert_status(&r, 1);
	assert_has(&r, "--peer linux needs root");
	assert_has(&r, "sudo ");
	assert_has(&r, "trace connect --peer linux");
	assert_has(&r, "The in-process peers need no root: --peer mirror");
	kmt_step("kmirror net up as uid %d", NOBODY);
	o.env = net_env;
	run_cmd(up, &o, &r);
	assert_status(&r, 1);
	assert_has(&r, "kmirror net up needs root");
	kmt_step("the in-process peer needs nothing");
	{
		const char *mirror[] = { kmirror_any, "trace", "connect", "--quiet", NULL };

		run_cmd(mirror, &o, &r);
		assert_status(&r, 0);
	}
}
END_TEST

START_TEST(test_under_sudo_setup_runs_as_root_then_drops_to_the_user)
{
	static struct run r;
	const char *env[] = { KM_TUN_NETNS_ENV "=-", "SUDO_UID=65534",
			      "SUDO_GID=65534", NULL };
	struct run_opts o = { .env = env };
	char dir[96], pcap[128];
	struct stat st;

	snprintf(dir, sizeof(dir), "%s/sudo-%d", tmpdir, (int)getpid());
	ck_assert(!mkdir(dir, 0777) && !chmod(dir, 0777));
	snprintf(pcap, sizeof(pcap), "%s/connect.pcap", dir);
	{
		const char *argv[] = { kmirror_bin, "trace", "connect", "--peer",
				       "linux", "--quiet", "--pcap", pcap, NULL };

		kmt_step("SUDO_UID=65534 kmirror trace connect --peer linux");
		run_cmd(argv, &o, &r);
	}
	assert_status(&r, 0);
	assert_has(&r, "continuing as uid 65534 (SUDO_UID)");
	assert_has(&r, "its socket table: ESTABLISHED");
	kmt_step("the pcap was created after the drop");
	ck_assert(!stat(pcap, &st));
	ck_assert_uint_eq(st.st_uid, 65534);
	unlink(pcap);
	rmdir(dir);
}
END_TEST

START_TEST(test_missing_dev_net_tun_is_explained)
{
	static struct run r;
	struct run_opts o = { .env = private_ns, .hide_tun = true };
	const char *argv[] = { kmirror_bin, "trace", "connect", "--peer", "linux",
			       NULL };

	kmt_step("kmirror trace connect --peer linux without /dev/net/tun");
	run_cmd(argv, &o, &r);
	assert_status(&r, 1);
	assert_has(&r, "no /dev/net/tun");
	assert_has(&r, "--cap-add NET_ADMIN --device /dev/net/tun");
	assert_has(&r, "modprobe tun");
}
END_TEST

/* ---- the backend's API, in this test's own private namespace ---- */

START_TEST(test_tun_backend_counts_frames_and_drops_after_detach)
{
	struct km_world *w;
	struct host *h;
	struct task_struct *app;
	struct km_tun *t;
	struct sockaddr_in a, me;
	int fd, lfd, one = 1, mlen = sizeof(me);
	long s;

	kmt_step("a private namespace configured as kmirror's");
	ck_assert_int_eq(km_netns_private(), 0);
	ck_assert_int_eq(km_tun_ns_configure(false, &fd), 0);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	a = kmt_addr(KM_TUN_LINUX_ADDR, 8080);
	ck_assert(!setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	ck_assert(!bind(lfd, (struct sockaddr *)&a, sizeof(a)) && !listen(lfd, 4));

	w = km_world_new(1);
	h = km_host_new(w, "client");
	t = km_tun_attach(w, h, "eth0", 1500, fd);
	ck_assert(t);
	ck_assert_int_eq(km_host_add_addr(h, "eth0", KM_TUN_MIRROR_ADDR "/24"), 0);
	app = km_task_new(h, "app", 1000);
	km_world_set_call_budget(w, 5LL * 1000000000);

	kmt_step("connect() over TUN: SYN and ACK out, SYN-ACK in");
	s = km_socket(app, AF_INET, SOCK_STREAM, 0);
	kmt_assert_ret(km_connect(app, (int)s, &a, sizeof(a)), 0);
	ck_assert_uint_eq(km_tun_frames(t, 0), 2);
	ck_assert_uint_eq(km_tun_frames(t, 1), 1);
	ck_assert_uint_eq(km_tun_write_errors(t), 0);
	kmt_step("Linux's socket table has the connection ESTABLISHED");
	kmt_assert_ret(km_getsockname(app, (int)s, &me, &mlen), 0);
	ck_assert_int_eq(km_linux_tcp_state(addr(KM_TUN_LINUX_ADDR), 8080,
					    addr(KM_TUN_MIRROR_ADDR), ntohs(me.sin_port)),
			 TCP_ESTABLISHED);

	kmt_step("detached: what the host sends now is counted as lost");
	km_tun_detach(t);
	km_tun_detach(t);
	kmt_assert_ret(km_close(app, (int)s), 0);
	ck_assert_uint_ge(km_tun_write_errors(t), 1);
	ck_assert_uint_eq(km_tun_frames(t, 0), 2);
	km_world_free(w);
	close(lfd);
}
END_TEST

START_TEST(test_plan_collision_check_sees_an_overlapping_address)
{
	char what[128];

	ck_assert_int_eq(km_netns_private(), 0);
	ck_assert_int_eq(km_nl_link_up("lo"), 0);
	kmt_step("a fresh namespace: nothing in 198.18.0.0/20");
	ck_assert_int_eq(km_tun_plan_collision(what, sizeof(what)), 0);
	kmt_step("an address inside the plan's block");
	ck_assert_int_eq(km_nl_addr_add("lo", "198.18.4.4", 22), 0);
	ck_assert_int_eq(km_tun_plan_collision(what, sizeof(what)), 1);
	ck_assert_str_eq(what, "address 198.18.4.4/22 on lo");
}
END_TEST

START_TEST(test_netns_names_are_validated)
{
	ck_assert_int_eq(km_netns_create("../etc"), -EINVAL);
	ck_assert_int_eq(km_netns_create(""), -EINVAL);
	ck_assert_int_eq(km_netns_delete("a/b"), -EINVAL);
	ck_assert_int_eq(km_netns_enter("kmt-no-such-namespace", NULL), -ENOENT);
	ck_assert(!km_netns_exists("kmt-no-such-namespace"));
	ck_assert_int_eq(km_tun_open(""), -EINVAL);
	ck_assert_int_eq(km_tun_open("name-longer-than-15"), -EINVAL);
}
END_TEST

/* ---- what can run here ---- */

static bool probe_tun(char *why, size_t len)
{
	pid_t pid;
	int st = 0;

	if (access("/dev/net/tun", F_OK)) {
		snprintf(why, len, "no /dev/net/tun on this machine (docs/tun.md)");
		return false;
	}
	if (!km_have_cap(12) || !km_have_cap(21)) {
		snprintf(why, len, "not root (needs CAP_NET_ADMIN and CAP_SYS_ADMIN; "
			 "CI runs them as root)");
		return false;
	}
	/* Try the real thing in a throw-away child. */
	pid = fork();
	if (pid == 0) {
		int fd;

		if (km_netns_private())
			_exit(1);
		fd = km_tun_open("kmtprobe0");
		_exit(fd < 0 ? 2 : 0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st)) {
		snprintf(why, len, "%s fails here",
			 WIFEXITED(st) && WEXITSTATUS(st) == 2 ?
			 "TUNSETIFF in a new namespace" : "unshare(CLONE_NEWNET)");
		return false;
	}
	return true;
}

static bool probe_tshark(void)
{
	return !access("/usr/bin/tshark", X_OK);
}

enum { NEED_TUN = 1, NEED_TSHARK = 2 };

struct tdef {
	const TTest	*test;
	int		tcase;		/* 0 api, 1 live, 2 net */
	unsigned int	needs;
};

/* Namespaces "kmt-<pid>" left by an earlier run that was killed before
 * its teardown: remove those whose process is gone. */
static void remove_stale_test_namespaces(void)
{
	DIR *d = opendir("/run/netns");
	struct dirent *e;
	int n = 0;

	if (!d)
		return;
	while ((e = readdir(d)) && n++ < 1000) {
		char *end;
		long pid;

		if (strncmp(e->d_name, "kmt-", 4))
			continue;
		pid = strtol(e->d_name + 4, &end, 10);
		if (*end || pid <= 0 || !kill((pid_t)pid, 0) || errno != ESRCH)
			continue;
		km_netns_delete(e->d_name);
	}
	closedir(d);
}

/* Copy the binary to dst with mode 0755. */
static bool copy_binary(const char *src, const char *dst)
{
	char buf[65536];
	int in = open(src, O_RDONLY | O_CLOEXEC), out = -1;
	bool ok = in >= 0;
	ssize_t n;

	if (ok)
		out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	ok = ok && out >= 0;
	while (ok && (n = read(in, buf, sizeof(buf))) != 0)
		ok = n > 0 && write(out, buf, (size_t)n) == n;
	if (out >= 0 && (close(out) || chmod(dst, 0755)))
		ok = false;
	if (in >= 0)
		close(in);
	return ok;
}

/* Remove our temporary directory (files and one level of directories). */
static void rm_tmpdir(const char *dir)
{
	char cmd[96];

	if (strncmp(dir, "/tmp/kmt-tun-", 13) || strchr(dir, '\'') )
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "check_tun: could not remove %s\n", dir);
}

int main(void)
{
	const struct tdef all[] = {
		{ test_netns_names_are_validated, 0, 0 },
		{ test_tun_backend_counts_frames_and_drops_after_detach, 0, NEED_TUN },
		{ test_plan_collision_check_sees_an_overlapping_address, 0, NEED_TUN },
		{ test_connect_completes_against_linux_and_its_socket_table_shows_established, 1, NEED_TUN },
		{ test_connect_to_a_closed_linux_port_gets_linux_rst_and_econnrefused, 1, NEED_TUN },
		{ test_connect_to_an_address_linux_drops_retransmits_on_schedule_then_etimedout, 1, NEED_TUN },
		{ test_linux_client_connects_to_a_mirror_listener, 1, NEED_TUN },
		{ test_udp_to_a_closed_linux_port_gets_icmp_then_econnrefused, 1, NEED_TUN },
		{ test_close_against_linux_mirror_first_time_wait_on_the_mirror, 1, NEED_TUN },
		{ test_close_against_linux_linux_first_time_wait_in_linux, 1, NEED_TUN },
		{ test_echo_against_a_linux_server, 1, NEED_TUN },
		{ test_linux_client_gets_its_hello_echoed_by_a_mirror_server, 1, NEED_TUN },
		{ test_echo_has_the_segments_of_an_echo_between_two_linux_endpoints, 1, NEED_TUN },
		{ test_close_matches_a_linux_to_linux_reference, 1, NEED_TUN },
		{ test_tshark_check_catches_a_corrupted_checksum, 1, NEED_TUN | NEED_TSHARK },
		{ test_under_sudo_setup_runs_as_root_then_drops_to_the_user, 1, NEED_TUN },
		{ test_without_root_peer_linux_and_net_up_explain_what_to_run, 1, NEED_TUN },
		{ test_missing_dev_net_tun_is_explained, 1, NEED_TUN },
		{ test_net_up_down_status_are_idempotent_and_leave_nothing_behind, 2, NEED_TUN },
	};
	static const char *const tc_names[] = { "api", "live", "net" };
	Suite *s = suite_create("tun");
	TCase *tc[3];
	char tun_why[160];
	int skip_tun = 0, skip_tshark = 0;
	unsigned int have = 0;
	size_t i;
	ssize_t n;
	int ret;

	n = readlink("/proc/self/exe", kmirror_bin, sizeof(kmirror_bin) - 16);
	if (n <= 0)
		return 1;
	kmirror_bin[n] = 0;
	/* <build>/tests/check_tun -> <build>/kmirror */
	*strrchr(kmirror_bin, '/') = 0;
	*strrchr(kmirror_bin, '/') = 0;
	strcat(kmirror_bin, "/kmirror");
	snprintf(test_netns, sizeof(test_netns), "kmt-%d", (int)getpid());
	snprintf(net_env_buf, sizeof(net_env_buf), "%s=%s", KM_TUN_NETNS_ENV, test_netns);
	net_env[0] = net_env_buf;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/kmt-tun-XXXXXX");
	if (!mkdtemp(tmpdir) || chmod(tmpdir, 0755))
		return 1;
	snprintf(kmirror_any, sizeof(kmirror_any), "%s/kmirror", tmpdir);
	if (!copy_binary(kmirror_bin, kmirror_any)) {
		fprintf(stderr, "check_tun: cannot copy %s to %s\n", kmirror_bin,
			kmirror_any);
		rm_tmpdir(tmpdir);
		return 1;
	}

	have_tshark = probe_tshark();
	if (probe_tun(tun_why, sizeof(tun_why))) {
		have |= NEED_TUN;
		remove_stale_test_namespaces();
	}
	if (have_tshark)
		have |= NEED_TSHARK;

	for (i = 0; i < 3; i++) {
		tc[i] = tcase_create(tc_names[i]);
		tcase_set_timeout(tc[i], 60);
	}
	tcase_add_unchecked_fixture(tc[2], NULL, net_cleanup);
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		unsigned int missing = all[i].needs & ~have;

		if (!missing)
			tcase_add_test(tc[all[i].tcase], all[i].test);
		else if (missing & NEED_TUN)
			skip_tun++;
		else
			skip_tshark++;
	}
	for (i = 0; i < 3; i++)
		suite_add_tcase(s, tc[i]);

	kmt_skip(skip_tun, "%s", tun_why);
	kmt_skip(skip_tshark, "tshark is not installed (scripts/install-deps.sh "
		 "installs it); the scenario pcaps were not decoded either");
	ret = kmt_run(s);
	net_cleanup();
	rm_tmpdir(tmpdir);
	return ret;
}
