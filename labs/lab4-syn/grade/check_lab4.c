// SPDX-License-Identifier: GPL-2.0
/*
 * Lab 4 — the SYN: the graded suite.
 *
 * Students write the part of tcp_connect_init() that sizes the connection
 * (header length, MSS, window, scale), tcp_select_initial_window(),
 * tcp_syn_options() and the option layout of tcp_options_write()
 * (kernel_mirror/net/ipv4/tcp_output.c, regions connect_init,
 * select_initial_window, syn_options, options_write).
 *
 * The host under test is 10.0.0.1 on a test wire; each test makes it send
 * a SYN (connect()), a SYN-ACK (a crossed SYN, a listener) or an ACK, and
 * compares the bytes with what Linux 5.0 sends, then the tcp_sock fields
 * behind them. Every expected value is computed here from Linux 5.0.1's
 * rules (the model below, net/ipv4/tcp_output.c:204-247, :454-512,
 * :587-654, :3322-3375) and from the sysctls and socket options the test
 * sets — never read back from the code under test.
 *
 * One TCase per test, named like the test: the grader runs them one at a
 * time (CK_RUN_CASE). Points: grade/points.
 */
#include <string.h>
#include <errno.h>
#include <netinet/tcp.h>
#include "kmtest.h"

#define PEER_PORT	80
#define PEER_ISN	1000000000u
#define PEER_TSVAL	7777u

/* Linux 5.0.1 defaults the model starts from */
#define RMEM1		131072u		/* tcp_rmem[1], the initial sk_rcvbuf: net/ipv4/tcp.c:3908, :453 */
#define RMEM2		6291456u	/* tcp_rmem[2], 6 MB: net/ipv4/tcp.c:3905-3909 */
#define RMEM_MAX	212992u		/* net.core.rmem_max: net/core/sock.c:275, include/net/sock.h:2509 */
#define ADV_WIN_SCALE	1		/* net/ipv4/tcp_ipv4.c:2657 */
#define MSS_DEFAULT	536u		/* TCP_MSS_DEFAULT, mss_clamp before the peer speaks: tcp_ipv4.c:271 */
#define BASE_MSS	1024u		/* TCP_BASE_MSS, include/net/tcp.h:69 */
#define TS_BYTES	12u		/* TCPOLEN_TSTAMP_ALIGNED */
#define MAX_WSCALE	14		/* TCP_MAX_WSCALE, include/net/tcp.h:84 */

/* ------------------------------------------------------------ the model */

/* tcp_full_space(): the share of sk_rcvbuf that may hold data,
 * include/net/tcp.h:1359-1378 (tcp_win_from_space) */
static uint32_t full_space(uint32_t rcvbuf, int adv_win_scale)
{
	if (adv_win_scale <= 0)
		return rcvbuf >> -adv_win_scale;
	return rcvbuf - (rcvbuf >> adv_win_scale);
}

static int ilog2_u32(uint32_t v)
{
	return 31 - __builtin_clz(v);
}

struct win {
	uint32_t	rcv_wnd, clamp;
	int		wscale;
};

struct win_in {
	uint32_t	space, mss;
	uint32_t	clamp;		/* 0: none yet */
	bool		wscale_ok, workaround;
	uint32_t	rmem2, rmem_max;
};

/* tcp_select_initial_window(), net/ipv4/tcp_output.c:204-247 */
static struct win model_window(const struct win_in *in)
{
	struct win w;
	uint32_t space = in->space, big;

	w.clamp = in->clamp ? in->clamp : 65535u << MAX_WSCALE;
	if (space > w.clamp)
		space = w.clamp;
	if (space > in->mss)
		space -= space % in->mss;		/* whole segments */
	w.rcv_wnd = space < (in->workaround ? 32767u : 65535u) ? space :
		    (in->workaround ? 32767u : 65535u);
	w.wscale = 0;
	if (in->wscale_ok) {
		big = space;
		if (big < in->rmem2)
			big = in->rmem2;
		if (big < in->rmem_max)
			big = in->rmem_max;
		if (big > w.clamp)
			big = w.clamp;
		w.wscale = ilog2_u32(big) - 15;
		if (w.wscale < 0)
			w.wscale = 0;
		if (w.wscale > MAX_WSCALE)
			w.wscale = MAX_WSCALE;
	}
	if (w.clamp > 65535u << w.wscale)
		w.clamp = 65535u << w.wscale;
	return w;
}

/* The window of a default connect(), sysctls as given. */
static struct win default_window(uint32_t mss, bool wscale_ok)
{
	struct win_in in = { full_space(RMEM1, ADV_WIN_SCALE), mss, 0,
			     wscale_ok, false, RMEM2, RMEM_MAX };

	return model_window(&in);
}

/*
 * The option block Linux 5.0 writes (tcp_output.c:454-512): MSS; then
 * with timestamps SACK_PERM folded into the timestamp's first word (else
 * NOP NOP); without timestamps SACK_PERM padded by NOP NOP; WS after a
 * NOP. mss 0: no MSS option. Returns its length.
 */
struct opts {
	unsigned int	mss;
	bool		sack, ts, ws;
	uint32_t	tsval, tsecr;
	unsigned int	wscale;
};

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

static unsigned int model_options(const struct opts *o, uint8_t *b)
{
	unsigned int n = 0;

	if (o->mss) {
		b[n++] = 2; b[n++] = 4;
		b[n++] = (uint8_t)(o->mss >> 8); b[n++] = (uint8_t)o->mss;
	}
	if (o->ts) {
		if (o->sack) {
			b[n++] = 4; b[n++] = 2;
		} else {
			b[n++] = 1; b[n++] = 1;
		}
		b[n++] = 8; b[n++] = 10;
		put32(b + n, o->tsval); n += 4;
		put32(b + n, o->tsecr); n += 4;
	} else if (o->sack) {
		b[n++] = 1; b[n++] = 1; b[n++] = 4; b[n++] = 2;
	}
	if (o->ws) {
		b[n++] = 1; b[n++] = 3; b[n++] = 3; b[n++] = (uint8_t)o->wscale;
	}
	return n;
}

/* ---------------------------------------------------------------- helpers */

static const char *describe(const struct km_seg *s)
{
	static char bufs[2][256];
	static int i;
	char *b = bufs[i++ & 1];

	km_seg_describe(s, b, 256);
	return b;
}

/* Option bytes as hex, then decoded in wire order. */
static const char *decode_opts(const uint8_t *o, unsigned int len)
{
	static char bufs[2][512];
	static int k;
	char *b = bufs[k++ & 1];
	size_t n = 0;
	unsigned int i;

	for (i = 0; i < len && n < 200; i++)
		n += (size_t)snprintf(b + n, 512 - n, "%02x%s", o[i],
				      (i & 3) == 3 && i + 1 < len ? " | " : " ");
	n += (size_t)snprintf(b + n, 512 - n, "= ");
	for (i = 0; i < len && n < 480;) {
		const char *sep = i ? ", " : "";

		if (o[i] == 1) {
			n += (size_t)snprintf(b + n, 512 - n, "%sNOP", sep);
			i++;
		} else if (o[i] == 0) {
			n += (size_t)snprintf(b + n, 512 - n, "%sEOL", sep);
			i++;
		} else if (i + 1 >= len || o[i + 1] < 2 || i + o[i + 1] > len) {
			n += (size_t)snprintf(b + n, 512 - n, "%skind %u (bad length)",
					      sep, o[i]);
			break;
		} else {
			if (o[i] == 2 && o[i + 1] == 4)
				n += (size_t)snprintf(b + n, 512 - n, "%sMSS %u", sep,
						      o[i + 2] << 8 | o[i + 3]);
			else if (o[i] == 4 && o[i + 1] == 2)
				n += (size_t)snprintf(b + n, 512 - n, "%sSACK_PERM", sep);
			else if (o[i] == 8 && o[i + 1] == 10)
				n += (size_t)snprintf(b + n, 512 - n, "%sTS val %u ecr %u",
						      sep, (unsigned)(o[i + 2] << 24 | o[i + 3] << 16 |
							   o[i + 4] << 8 | o[i + 5]),
						      (unsigned)(o[i + 6] << 24 | o[i + 7] << 16 |
							   o[i + 8] << 8 | o[i + 9]));
			else if (o[i] == 3 && o[i + 1] == 3)
				n += (size_t)snprintf(b + n, 512 - n, "%sWS %u", sep, o[i + 2]);
			else
				n += (size_t)snprintf(b + n, 512 - n, "%skind %u len %u",
						      sep, o[i], o[i + 1]);
			i += o[i + 1];
		}
	}
	if (!len)
		snprintf(b + n, 512 - n, "(no options)");
	return b;
}

/* The options of `got` must be exactly `o`; doff and the IP length follow. */
static void expect_options(const struct km_seg *got, const struct opts *o,
			   const char *what)
{
	uint8_t want[40];
	unsigned int n = model_options(o, want);

	ck_assert_msg(got->opt_len == n && !memcmp(got->opt, want, n),
		      "[%s] %s options differ from Linux 5.0's (tcp_options_write, "
		      "tcp_output.c:454-512)\n  expected %u bytes: %s\n  got      %u bytes: %s",
		      T.step, what, n, decode_opts(want, n), got->opt_len,
		      decode_opts(got->opt, got->opt_len));
	ck_assert_msg(got->doff == 5 + n / 4 && got->ip_tot_len == 40 + n,
		      "[%s] %s: data offset %u (%u bytes) and IP length %u; "
		      "expected %u (20 + %u option bytes) and %u: the header "
		      "length is what tcp_syn_options returned + 20 (tcp_output.c:1057-1062)",
		      T.step, what, got->doff, got->doff * 4u, got->ip_tot_len,
		      5 + n / 4, n, 40 + n);
}

static void want_u(long fd, const char *field, unsigned long long want,
		   const char *why)
{
	unsigned long long got = kmt_field_u(T.app, (int)fd, "sock", field);

	ck_assert_msg(got == want, "[%s] %s is %llu, expected %llu: %s", T.step,
		      field, got, want, why);
}

static void set_sysctl(const char *name, long v)
{
	kmt_step("sysctl %s = %ld", name, v);
	ck_assert_msg(km_sysctl_set(T.h, name, v) == 0, "[%s] cannot set %s",
		      T.step, name);
}

static void setsockopt_int(long fd, int level, int name, int v, const char *what)
{
	kmt_step("setsockopt(%s, %d)", what, v);
	kmt_assert_ret(km_setsockopt(T.app, (int)fd, level, name, &v, sizeof(v)), 0);
}

/* TSval our host stamps on a segment sent now (tcp_output.c:620-621):
 * the clock in ms + tsoffset, the keyed hash of the address pair
 * (net/core/secure_seq.c:123, tcp_ipv4.c:303). */
static uint32_t our_tsval(uint32_t saddr, uint32_t daddr)
{
	uint8_t key[16];
	uint32_t off;

	ck_assert_msg(km_host_secret(T.h, "ts_secret", key, 16) == 0,
		      "[%s] the host has no ts_secret", T.step);
	off = (uint32_t)km_siphash_2u32(saddr, daddr, key);
	return (uint32_t)(km_host_monotonic_ns(T.h) / 1000000) + off;
}

static long new_socket(void)
{
	long fd = km_socket(T.app, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	ck_assert_msg(fd >= 0, "[%s] socket(): %s", T.step, kmt_errname(fd));
	return fd;
}

/* connect() fd to ip:PEER_PORT (non-blocking) */
static void start_connect(long fd, const char *ip)
{
	struct sockaddr_in a = kmt_addr(ip, PEER_PORT);

	kmt_step("connect() to %s:%d", ip, PEER_PORT);
	kmt_assert_ret(km_connect(T.app, (int)fd, &a, sizeof(a)), -EINPROGRESS);
}

static void expect_syn(struct km_seg *syn)
{
	kmt_step("connect() sends a SYN");
	kmt_wire_expect(syn);
	ck_assert_msg(syn->flags == KM_TH_SYN, "[%s] expected a SYN, got %s",
		      T.step, describe(syn));
}

/* The SYN's window field and the fields behind it. */
static void expect_window(long fd, const struct km_seg *syn, const struct win *w,
			  const char *why)
{
	ck_assert_msg(syn->window == w->rcv_wnd,
		      "[%s] the SYN offers window %u, expected %u: %s; a SYN's "
		      "window is rcv_wnd, never scaled (tcp_output.c:1123)",
		      T.step, syn->window, w->rcv_wnd, why);
	want_u(fd, "rcv_wnd", w->rcv_wnd, why);
	want_u(fd, "rcv_ssthresh", w->rcv_wnd,
	       "rcv_ssthresh starts at rcv_wnd (tcp_output.c:3374)");
	want_u(fd, "window_clamp", w->clamp, why);
	want_u(fd, "rx_opt.rcv_wscale", (unsigned)w->wscale, why);
}

/* ------------------------------------------ the eight sysctl combinations */

/*
 * One SYN with tcp_timestamps/tcp_sack/tcp_window_scaling as given, all
 * else default (MTU 1500): options exactly as 5.0 writes them, header
 * length, window 64240, and tcp_header_len / rcv_wscale / window_clamp.
 */
static void check_combination(bool ts, bool sack, bool ws)
{
	struct km_seg syn;
	struct opts o = { 1460, sack, ts, ws, 0, 0, 0 };
	struct win w = default_window(1460, ws);
	char combo[80];
	uint32_t tsval;
	long fd;

	set_sysctl("net.ipv4.tcp_timestamps", ts);
	set_sysctl("net.ipv4.tcp_sack", sack);
	set_sysctl("net.ipv4.tcp_window_scaling", ws);
	fd = new_socket();
	start_connect(fd, KMT_PEER);
	tsval = ts ? our_tsval(T.client, T.peer) : 0;
	expect_syn(&syn);
	snprintf(combo, sizeof(combo), "tcp_timestamps=%d tcp_sack=%d "
		 "tcp_window_scaling=%d", ts, sack, ws);
	o.tsval = tsval;		/* now + tsoffset; TSecr: ts_recent, 0 */
	o.wscale = (unsigned)w.wscale;
	kmt_step("%s: the SYN's options (tcp_syn_options, tcp_output.c:587-654)", combo);
	expect_options(&syn, &o, "the SYN's");
	kmt_step("%s: the SYN's window and scale (tcp_select_initial_window)", combo);
	expect_window(fd, &syn, &w, ws ?
		      "64 KB of space (131072 >> 1) rounded down to 44 x 1460; "
		      "scale 7 for tcp_rmem[2] = 6 MB (ilog2 22 - 15)" :
		      "64 KB of space rounded down to 44 x 1460; no scaling: "
		      "clamp 65535");
	kmt_step("%s: tcp_header_len (tcp_connect_init, tcp_output.c:3332-3334)", combo);
	want_u(fd, "tcp_header_len", ts ? 32 : 20,
	       "20 bytes, plus 12 when timestamps are on");
}

START_TEST(test_syn_options_ts_sack_ws)
{
	check_combination(true, true, true);
}
END_TEST

START_TEST(test_syn_options_ts_sack)
{
	check_combination(true, true, false);
}
END_TEST

START_TEST(test_syn_options_ts_ws)
{
	check_combination(true, false, true);
}
END_TEST

START_TEST(test_syn_options_ts_only)
{
	check_combination(true, false, false);
}
END_TEST

START_TEST(test_syn_options_sack_ws)
{
	check_combination(false, true, true);
}
END_TEST

START_TEST(test_syn_options_sack_only)
{
	check_combination(false, true, false);
}
END_TEST

START_TEST(test_syn_options_ws_only)
{
	check_combination(false, false, true);
}
END_TEST

START_TEST(test_syn_options_mss_only)
{
	check_combination(false, false, false);
}
END_TEST

/* ------------------------------------------------------ MSS and its fields */

/*
 * tcp_connect_init, tcp_output.c:3332-3356: the fields of a new
 * connection before any answer. mss_clamp is still 536 (tcp_ipv4.c:271),
 * so tcp_sync_mss caches 536 - 12; tcp_mtup_init runs after the header
 * length is known (search_low = tcp_mss_to_mtu(1024)); rcv_mss is set
 * before the window exists (rcv_wnd still 0: 88, TCP_MIN_MSS).
 */
START_TEST(test_connect_init_fields_before_the_synack)
{
	struct km_seg syn;
	long fd = new_socket();

	start_connect(fd, KMT_PEER);
	expect_syn(&syn);
	kmt_step("the MSS fields of a SYN_SENT socket, MTU 1500, timestamps on");
	want_u(fd, "tcp_header_len", 32, "20 + 12 for the timestamps (tcp_output.c:3332)");
	want_u(fd, "advmss", 1460,
	       "the route's advmss, 1500 - 40 (tcp_output.c:3352)");
	want_u(fd, "rx_opt.mss_clamp", MSS_DEFAULT,
	       "no TCP_MAXSEG: mss_clamp keeps 536 until the SYN-ACK's MSS");
	want_u(fd, "mss_cache", MSS_DEFAULT - TS_BYTES,
	       "tcp_sync_mss(dst_mtu) after the header length is set: "
	       "min(1460, mss_clamp 536) - 12 bytes of timestamps (tcp_output.c:3346)");
	want_u(fd, "icsk_pmtu_cookie", 1500, "tcp_sync_mss records the MTU it used");
	want_u(fd, "icsk_mtup.search_high", MSS_DEFAULT + 40,
	       "tcp_mtup_init after mss_clamp: mss_clamp + 20 + 20 (tcp_output.c:1505)");
	want_u(fd, "icsk_mtup.search_low", BASE_MSS + 32 + 20,
	       "tcp_mtup_init after tcp_header_len: tcp_mss_to_mtu(tcp_base_mss 1024) "
	       "= 1024 + 32 + 20 (tcp_output.c:1507)");
	want_u(fd, "icsk_ack.rcv_mss", 88,
	       "tcp_initialize_rcv_mss runs before the window is chosen: "
	       "min(advmss, mss_cache, rcv_wnd / 2 = 0, 536), at least TCP_MIN_MSS 88 "
	       "(tcp_input.c:494, tcp_output.c:3354)");
	want_u(fd, "max_window", 0, "nothing known of the peer (tcp_output.c:3344)");
}
END_TEST

/* The MSS and window over a device of MTU `mtu` (subnet `net`.0/24). */
static void check_mtu(struct km_wire *w, const char *net, unsigned int mtu)
{
	char dst[32];
	unsigned char frame[2048];
	struct km_seg syn;
	unsigned int advmss = mtu - 40 < 65535 - 40 ? mtu - 40 : 65535 - 40;
	struct opts o = { advmss, true, true, true, 0, 0, 7 };
	struct win w_ = default_window(advmss, true);
	long fd;
	int n;

	snprintf(dst, sizeof(dst), "%s.2", net);
	fd = new_socket();
	start_connect(fd, dst);
	kmt_step("the SYN to %s leaves through a device of MTU %u", dst, mtu);
	n = km_wire_recv(w, frame, sizeof(frame));
	ck_assert_msg(n > 0, "[%s] no SYN was sent to %s", T.step, dst);
	ck_assert_int_eq(km_seg_parse(frame, (size_t)n, &syn), 0);
	o.tsval = our_tsval(syn.saddr, syn.daddr);
	kmt_step("MTU %u: MSS option = advmss = MTU - 40 (at most 65495, "
		 "route.c:1256), window = whole segments of it", mtu);
	expect_options(&syn, &o, "the SYN's");
	want_u(fd, "advmss", advmss, "the route's advmss (tcp_output.c:3352)");
	expect_window(fd, &syn, &w_, "65536 bytes of space rounded down to a "
		      "multiple of advmss, at most 65535");
	want_u(fd, "icsk_pmtu_cookie", mtu < 65535 ? mtu : 65535,
	       "tcp_sync_mss(sk, dst_mtu(dst)); a route's MTU is at most "
	       "IP_MAX_MTU 65535 (net/ipv4/route.c:1283)");
}

/* tcp_output.c:3346-3365: the MSS follows the route's MTU; the window is
 * a whole number of those segments (tcp_output.c:217-218). */
START_TEST(test_mss_and_window_follow_the_mtu)
{
	static const struct { const char *dev, *net; unsigned int mtu; } d[] = {
		{ "eth1", "10.0.11", 9000 },	/* 8960: 7 segments, 62720 */
		{ "eth2", "10.0.12", 576 },	/* 536: 122 segments, 65392 */
		{ "eth3", "10.0.13", 65536 },	/* 65495: one segment (loopback's) */
	};
	struct km_wire *w[3];
	char cidr[32];
	int i;

	for (i = 0; i < 3; i++) {
		w[i] = km_wire_new(T.h, d[i].dev, d[i].mtu);
		ck_assert(w[i] != NULL);
		km_wire_set_keep(w[i], true);
		snprintf(cidr, sizeof(cidr), "%s.1/24", d[i].net);
		ck_assert_int_eq(km_host_add_addr(T.h, d[i].dev, cidr), 0);
	}
	for (i = 0; i < 3; i++)
		check_mtu(w[i], d[i].net, d[i].mtu);
}
END_TEST

/* TCP_MAXSEG (tcp.c:2785) before connect(): user_mss becomes mss_clamp
 * and caps advmss (tcp_output.c:3341-3342, 3352, include/linux/tcp.h:482) */
START_TEST(test_tcp_maxseg_caps_the_announced_mss)
{
	static const unsigned int user[] = { 1000, 2000 };
	struct km_seg syn;
	int i;

	for (i = 0; i < 2; i++) {
		unsigned int adv = user[i] < 1460 ? user[i] : 1460;
		struct opts o = { adv, true, true, true, 0, 0, 7 };
		struct win w = default_window(adv, true);
		long fd = new_socket();

		setsockopt_int(fd, IPPROTO_TCP, TCP_MAXSEG, (int)user[i], "TCP_MAXSEG");
		start_connect(fd, KMT_PEER);
		o.tsval = our_tsval(T.client, T.peer);
		expect_syn(&syn);
		kmt_step("TCP_MAXSEG %u: the SYN announces MSS %u", user[i], adv);
		expect_options(&syn, &o, "the SYN's");
		want_u(fd, "advmss", adv, "min(route advmss 1460, user_mss)");
		want_u(fd, "rx_opt.mss_clamp", user[i],
		       "user_mss replaces the default clamp 536 (tcp_output.c:3341)");
		want_u(fd, "mss_cache", (user[i] < 1460 ? user[i] : 1460) - TS_BYTES,
		       "min(MTU - 40, mss_clamp) - 12 bytes of timestamps");
		want_u(fd, "icsk_mtup.search_high",
		       user[i] + 40 < 1500 ? user[i] + 40 : 1500,
		       "tcp_mtup_init after mss_clamp took user_mss: mss_clamp + 40, "
		       "then tcp_sync_mss lowers it to the MTU (tcp_output.c:1505, 1542)");
		expect_window(fd, &syn, &w, "65536 rounded down to whole segments of advmss");
	}
}
END_TEST

/* ------------------------------------------------ window and buffer sizes */

/*
 * SO_RCVBUF locks the buffer (SOCK_RCVBUF_LOCK, net/core/sock.c:729-741: sk_rcvbuf
 * = 2 x min(val, rmem_max)) and then also clamps the window to
 * tcp_full_space (tcp_output.c:3357-3359), which lowers the scale.
 */
static void check_rcvbuf(uint32_t val, uint32_t rmem_max)
{
	struct km_seg syn;
	uint32_t rcvbuf = 2 * (val < rmem_max ? val : rmem_max);
	struct win_in in = { full_space(rcvbuf, ADV_WIN_SCALE), 1460,
			     full_space(rcvbuf, ADV_WIN_SCALE), true, false,
			     RMEM2, rmem_max };
	struct win w = model_window(&in);
	struct opts o = { 1460, true, true, true, 0, 0, (unsigned)w.wscale };
	char why[200];
	long fd = new_socket();

	setsockopt_int(fd, SOL_SOCKET, SO_RCVBUF, (int)val, "SO_RCVBUF");
	start_connect(fd, KMT_PEER);
	o.tsval = our_tsval(T.client, T.peer);
	expect_syn(&syn);
	snprintf(why, sizeof(why), "SO_RCVBUF %u: sk_rcvbuf %u, tcp_full_space %u "
		 "becomes window_clamp; rounded to 1460s, at most 65535; the "
		 "scale is sized for at most the clamp", val, rcvbuf, in.space);
	kmt_step("the SYN after SO_RCVBUF %u", val);
	expect_window(fd, &syn, &w, why);
	expect_options(&syn, &o, "the SYN's");
}

START_TEST(test_small_so_rcvbuf_clamps_window_and_scale)
{
	check_rcvbuf(8192, RMEM_MAX);		/* 7300, scale 0, clamp 8192 */
}
END_TEST

START_TEST(test_large_so_rcvbuf_keeps_a_smaller_scale)
{
	set_sysctl("net.core.rmem_max", 4 << 20);
	check_rcvbuf(1 << 20, 4 << 20);		/* 65535, scale 5, clamp 1 MB */
}
END_TEST

/*
 * The scale is sized for the largest the buffer may grow to, the larger
 * of tcp_rmem[2] and rmem_max, within the clamp (tcp_output.c:239-245).
 */
START_TEST(test_rmem_sysctls_choose_the_scale)
{
	static const struct { uint32_t rmem2, rmem_max; } c[] = {
		{ 1 << 20, RMEM_MAX },		/* 1 MB: 20 - 15 = 5 */
		{ RMEM2, 16 << 20 },		/* rmem_max 16 MB: 9 */
		{ 0x7fffffff, RMEM_MAX },	/* beyond the clamp 65535 << 14: 14 */
		{ 65536, 65536 },		/* 64 KB: 16 - 15 = 1 */
	};
	struct km_seg syn;
	int i;

	for (i = 0; i < 4; i++) {
		struct win_in in = { full_space(RMEM1, ADV_WIN_SCALE), 1460, 0,
				     true, false, c[i].rmem2, c[i].rmem_max };
		struct win w = model_window(&in);
		struct opts o = { 1460, true, true, true, 0, 0, (unsigned)w.wscale };
		char why[160];
		long fd;

		set_sysctl("net.ipv4.tcp_rmem[2]", (long)c[i].rmem2);
		set_sysctl("net.core.rmem_max", (long)c[i].rmem_max);
		fd = new_socket();
		start_connect(fd, KMT_PEER);
		o.tsval = our_tsval(T.client, T.peer);
		expect_syn(&syn);
		snprintf(why, sizeof(why), "tcp_rmem[2] %u, rmem_max %u: scale = "
			 "ilog2(max of them, within 65535 << 14) - 15 = %d",
			 c[i].rmem2, c[i].rmem_max, w.wscale);
		kmt_step("the SYN with tcp_rmem[2] %u, rmem_max %u", c[i].rmem2,
			 c[i].rmem_max);
		expect_options(&syn, &o, "the SYN's");
		expect_window(fd, &syn, &w, why);
	}
}
END_TEST

/*
 * The space comes from sk_rcvbuf (tcp_rmem[1] at socket()) through
 * tcp_adv_win_scale (include/net/tcp.h:1359); the offer is cut to 65535
 * even when that is not whole segments (tcp_output.c:228-232).
 */
START_TEST(test_rcvbuf_sysctls_set_the_space)
{
	static const struct { uint32_t rmem1; int adv; } c[] = {
		{ 87380, 1 },		/* 43690: 29 x 1460 = 42340 */
		{ RMEM1, 2 },		/* 98304 -> 97820, cut to 65535 */
		{ RMEM1, -2 },		/* 32768: 22 x 1460 = 32120 */
	};
	struct km_seg syn;
	int i;

	for (i = 0; i < 3; i++) {
		struct win_in in = { full_space(c[i].rmem1, c[i].adv), 1460, 0,
				     true, false, RMEM2, RMEM_MAX };
		struct win w = model_window(&in);
		char why[160];
		long fd;

		set_sysctl("net.ipv4.tcp_rmem[1]", (long)c[i].rmem1);
		set_sysctl("net.ipv4.tcp_adv_win_scale", c[i].adv);
		fd = new_socket();
		start_connect(fd, KMT_PEER);
		expect_syn(&syn);
		snprintf(why, sizeof(why), "sk_rcvbuf %u, tcp_adv_win_scale %d: "
			 "tcp_full_space %u, rounded down to 1460s, at most 65535",
			 c[i].rmem1, c[i].adv, in.space);
		kmt_step("the SYN with tcp_rmem[1] %u, tcp_adv_win_scale %d",
			 c[i].rmem1, c[i].adv);
		expect_window(fd, &syn, &w, why);
	}
}
END_TEST

/* tcp_workaround_signed_windows: at most 32767 (MAX_TCP_WINDOW),
 * tcp_output.c:228-230, include/net/tcp.h:63 */
START_TEST(test_signed_windows_workaround_offers_32767)
{
	struct km_seg syn;
	struct win_in in = { full_space(RMEM1, ADV_WIN_SCALE), 1460, 0, true,
			     true, RMEM2, RMEM_MAX };
	struct win w = model_window(&in);
	long fd;

	set_sysctl("net.ipv4.tcp_workaround_signed_windows", 1);
	fd = new_socket();
	start_connect(fd, KMT_PEER);
	expect_syn(&syn);
	kmt_step("the workaround for peers that read the window as signed");
	expect_window(fd, &syn, &w, "min(64240, MAX_TCP_WINDOW 32767); the scale is unchanged");
}
END_TEST

/* ------------------------------------- other segments built by this code */

/* The retransmitted SYN is rebuilt: same options, TSval of its own send
 * time (tcp_output.c:620-621, tcp_retransmit_skb -> tcp_transmit_skb). */
START_TEST(test_retransmitted_syn_has_a_fresh_tsval)
{
	struct km_seg syn, again;
	struct opts o = { 1460, true, true, true, 0, 0, 7 };
	long fd = new_socket();

	start_connect(fd, KMT_PEER);
	expect_syn(&syn);
	kmt_step("no answer: the SYN is sent again after the initial RTO, 1 s");
	kmt_advance_ms(1000);
	kmt_wire_expect(&again);
	ck_assert_msg(again.flags == KM_TH_SYN && again.seq == syn.seq,
		      "[%s] expected the same SYN again, got %s", T.step, describe(&again));
	o.tsval = our_tsval(T.client, T.peer);
	expect_options(&again, &o, "the retransmitted SYN's (TSval 1000 ms later)");
	ck_assert_uint_eq(again.window, 64240);
}
END_TEST

/*
 * A crossed SYN (simultaneous open): our answer is a SYN-ACK, and because
 * it has SYN set it is built by tcp_syn_options too (tcp_output.c:1059),
 * now with TSecr = the peer's TSval (ts_recent).
 */
START_TEST(test_crossed_syn_answer_uses_syn_options)
{
	struct km_seg syn, psyn, sa;
	struct opts o = { 1460, true, true, true, 0, PEER_TSVAL, 7 };
	long fd = new_socket();

	start_connect(fd, KMT_PEER);
	expect_syn(&syn);
	kmt_seg_from_peer(&psyn, PEER_PORT, syn.sport);
	psyn.flags = KM_TH_SYN;
	psyn.seq = PEER_ISN;
	psyn.window = 65535;
	psyn.mss = 1400;
	psyn.sack_perm = true;
	psyn.ts = true;
	psyn.tsval = PEER_TSVAL;
	psyn.wscale = 2;
	kmt_step("the peer's SYN crosses ours");
	kmt_wire_inject(&psyn, 0);
	kmt_step("we answer SYN-ACK: options of a SYN, TSecr = the peer's TSval");
	kmt_wire_expect(&sa);
	ck_assert_msg(sa.flags == (KM_TH_SYN | KM_TH_ACK) && sa.seq == syn.seq &&
		      sa.ack == PEER_ISN + 1,
		      "[%s] expected SYN|ACK seq = our ISN, ack = peer ISN + 1; got %s",
		      T.step, describe(&sa));
	o.tsval = our_tsval(T.client, T.peer);
	expect_options(&sa, &o, "our SYN-ACK's");
	ck_assert_msg(sa.window == 64240, "[%s] our SYN-ACK offers window %u, "
		      "expected rcv_wnd 64240, unscaled (tcp_output.c:1123)",
		      T.step, sa.window);
}
END_TEST

/*
 * The last ACK of the handshake is not a SYN: tcp_established_options
 * asks for timestamps only, and tcp_options_write pads them with NOP NOP
 * (tcp_output.c:480-484). Its window is rcv_wnd scaled by our WS 7.
 */
START_TEST(test_final_ack_options_are_nop_nop_timestamp)
{
	struct km_seg syn, sa, ack;
	struct opts o = { 0, false, true, false, 0, PEER_TSVAL, 0 };
	long fd = new_socket();

	start_connect(fd, KMT_PEER);
	expect_syn(&syn);
	kmt_synack_for(&syn, &sa, PEER_ISN);
	sa.tsval = PEER_TSVAL;
	kmt_step("the peer answers SYN-ACK (MSS 1460, SACK, TS, WS 7)");
	kmt_wire_inject(&sa, 0);
	kmt_step("our final ACK: NOP NOP TS, no SACK_PERM, no MSS, no WS");
	kmt_wire_expect(&ack);
	ck_assert_msg(ack.flags == KM_TH_ACK, "[%s] expected the final ACK, got %s",
		      T.step, describe(&ack));
	o.tsval = our_tsval(T.client, T.peer);
	expect_options(&ack, &o, "the final ACK's");
	ck_assert_msg(ack.window == (64240 + 127) >> 7,
		      "[%s] the final ACK's window is %u, expected %u: rcv_wnd "
		      "64240 >> rcv_wscale 7, rounded up (tcp_select_window, tcp_output.c:255-300)",
		      T.step, ack.window, (64240 + 127) >> 7);
}
END_TEST

/*
 * A listener's SYN-ACK: tcp_openreq_init_rwin calls
 * tcp_select_initial_window with the MSS less the timestamps the peer
 * offered (tcp_minisocks.c:381-382): 45 x 1448 = 65160 with TS, 44 x
 * 1460 = 64240 without; tcp_options_write lays out what the SYN asked for.
 */
START_TEST(test_listener_synack_window_and_options)
{
	struct km_seg psyn, sa;
	int i;

	kmt_listen_on_wire(8080, 8);
	for (i = 0; i < 2; i++) {
		bool ts = i == 0;
		struct opts o = { 1460, true, ts, true, 0, 5555, 7 };
		struct win_in in = { full_space(RMEM1, ADV_WIN_SCALE),
				     ts ? 1460 - TS_BYTES : 1460, 0, true, false,
				     RMEM2, RMEM_MAX };
		struct win w = model_window(&in);
		uint8_t want[40];
		unsigned int n;

		kmt_client_syn(&psyn, (uint16_t)(40000 + i), 8080, 3000000u);
		psyn.ts = ts;
		kmt_step("a SYN %s timestamps to our listener", ts ? "with" : "without");
		kmt_wire_inject(&psyn, 0);
		kmt_wire_expect(&sa);
		ck_assert_msg(sa.flags == (KM_TH_SYN | KM_TH_ACK),
			      "[%s] expected a SYN-ACK, got %s", T.step, describe(&sa));
		ck_assert_msg(sa.window == w.rcv_wnd,
			      "[%s] the SYN-ACK offers window %u, expected %u: 65536 "
			      "rounded down to whole segments of %u (the MSS%s)",
			      T.step, sa.window, w.rcv_wnd, in.mss,
			      ts ? " less 12 bytes of timestamps" : "");
		/* TSval: the listener's own clock; compare the layout around it */
		n = model_options(&o, want);
		if (ts && sa.opt_len == n)
			memcpy(want + 8, sa.opt + 8, 4);
		ck_assert_msg(sa.opt_len == n && !memcmp(sa.opt, want, n),
			      "[%s] SYN-ACK options differ from Linux 5.0's "
			      "(tcp_options_write, tcp_output.c:454-512)\n"
			      "  expected %u bytes: %s\n  got      %u bytes: %s",
			      T.step, n, decode_opts(want, n), sa.opt_len,
			      decode_opts(sa.opt, sa.opt_len));
	}
}
END_TEST

/* ------------------------------------------------------------ the suite */

#define CASE(fn)	kmt_lab_case(s, #fn, fn, kmt_setup_wire, kmt_teardown)

static Suite *lab4_suite(void)
{
	Suite *s = suite_create("lab4");

	CASE(test_syn_options_ts_sack_ws);
	CASE(test_syn_options_ts_sack);
	CASE(test_syn_options_ts_ws);
	CASE(test_syn_options_ts_only);
	CASE(test_syn_options_sack_ws);
	CASE(test_syn_options_sack_only);
	CASE(test_syn_options_ws_only);
	CASE(test_syn_options_mss_only);
	CASE(test_connect_init_fields_before_the_synack);
	CASE(test_mss_and_window_follow_the_mtu);
	CASE(test_tcp_maxseg_caps_the_announced_mss);
	CASE(test_small_so_rcvbuf_clamps_window_and_scale);
	CASE(test_large_so_rcvbuf_keeps_a_smaller_scale);
	CASE(test_rmem_sysctls_choose_the_scale);
	CASE(test_rcvbuf_sysctls_set_the_space);
	CASE(test_signed_windows_workaround_offers_32767);
	CASE(test_retransmitted_syn_has_a_fresh_tsval);
	CASE(test_crossed_syn_answer_uses_syn_options);
	CASE(test_final_ack_options_are_nop_nop_timestamp);
	CASE(test_listener_synack_window_and_options);
	return s;
}

int main(void)
{
	return kmt_run(lab4_suite());
}
