// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror pkt: running a parsed packetdrill script against one mirrored
 * host. The host under test sits on a test wire; the script plays every
 * other machine: it injects the inbound packets, reads and checks the
 * outbound ones, and makes the system calls on the host's task.
 *
 * Time is the world's virtual clock, with packetdrill's rules: relative
 * times count from when the previous event finished (consecutive inbound
 * packets from the previous one's script time); a blocking call written
 * with a range "A...B" starts at A, must return at B, and the script goes
 * on meanwhile. Sequence numbers are packetdrill's: outbound ones relative
 * to the host's ISN, inbound ones as written; inbound ACKs and TS echo
 * replies are mapped onto the host's live values.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <kmapi/km.h>
#include <kmapi/sim.h>
#include <kmapi/trace.h>
#include <kmapi/wire.h>
#include "pkt.h"

#define SEC		1000000000LL
#define DEFAULT_PORT	8080		/* packetdrill's bind/connect port */
#define REMOTE_PORT	57000		/* the script's port for passive opens */
#define CALL_LIMIT_NS	(3600 * SEC)	/* a call without a range must return */
#define MAX_FDS		64

/* A call's memory: as large as any length the kernel may be told, so a
 * script's lengths never make it read or write past it. */
#define OPT_MAX		256
struct call_buf {
	union {
		struct sockaddr_in	sa;
		unsigned char		sa_raw[128];	/* MAX_SOCK_ADDR */
	};
	socklen_t		salen;
	union {
		int			ival;
		struct linger		lg;
		unsigned char		opt_raw[OPT_MAX];
	};
	socklen_t		ilen;
	struct pollfd		pfd[8];
	unsigned char		*data;
};

struct pkt_run {
	const struct pkt_script	*s;
	struct pkt_opts		o;
	FILE			*msgs;
	const char		*name;		/* basename of the script */
	struct km_world		*w;
	struct host		*h;
	struct km_wire		*wire;
	struct task_struct	*t;
	long long		start_ns;
	const struct pkt_event	*last;		/* the previous event */
	long long		last_us;	/* its script time */
	/* script fd -> live fd */
	int			fd_script[MAX_FDS], fd_live[MAX_FDS];
	int			nfd;
	/* the connection the script's packets belong to */
	bool			conn;
	uint16_t		lport, rport;
	bool			lport_known;
	bool			isn_known;
	uint32_t		isn;
	bool			ts_known;
	uint32_t		ts_delta;
	uint16_t		bound_port;
	bool			listening;
	int			npassive;
	/* a blocking call started with a range, still running */
	const struct pkt_event	*pend;
	long long		pend_end_us;
	bool			pend_done;
	long long		pend_done_ns;
	long			pend_ret;
	struct call_buf		pbuf;
	struct call_buf		cbuf;
	int			status;		/* 0 ok, 1 mismatch, 2 script error */
};

/* ---- messages ---- */
static void failf(struct pkt_run *r, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void failf(struct pkt_run *r, int status, const char *fmt, ...)
{
	va_list ap;

	if (r->status)
		return;
	r->status = status;
	va_start(ap, fmt);
	vfprintf(r->msgs, fmt, ap);
	va_end(ap);
}

static long long now_us(struct pkt_run *r)
{
	return (km_world_now_ns(r->w) - r->start_ns) / 1000;
}

static double secs(long long us)
{
	return (double)us / 1e6;
}

/* ---- fds ---- */
static long live_fd(struct pkt_run *r, long long sfd)
{
	int i;

	for (i = r->nfd - 1; i >= 0; i--)
		if (r->fd_script[i] == sfd)
			return r->fd_live[i];
	return (long)sfd;	/* unknown: passed as written (EBADF tests) */
}

static void map_fd(struct pkt_run *r, long long sfd, long lfd)
{
	int i;

	for (i = 0; i < r->nfd; i++)
		if (r->fd_script[i] == sfd) {
			r->fd_live[i] = (int)lfd;
			return;
		}
	if (r->nfd < MAX_FDS) {
		r->fd_script[r->nfd] = (int)sfd;
		r->fd_live[r->nfd++] = (int)lfd;
	}
}

/* ---- describing packets the packetdrill way ---- */
static size_t cat(char *buf, size_t cap, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static size_t cat(char *buf, size_t cap, size_t n, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (n >= cap)
		return n;
	va_start(ap, fmt);
	k = vsnprintf(buf + n, cap - n, fmt, ap);
	va_end(ap);
	return k < 0 ? n : n + (size_t)k;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Options in packetdrill's words: " <mss 1460,nop,...>", or without the
 * brackets (bare) for one option in a mismatch message. */
static size_t opts_str(const uint8_t *o, unsigned int len, char *buf, size_t cap, size_t n,
		       bool bare)
{
	unsigned int i = 0;
	const char *sep = "";

	if (!bare)
		n = cat(buf, cap, n, " <");
	while (i < len) {
		unsigned int k = o[i], l = k <= 1 ? 1 : (i + 1 < len ? o[i + 1] : 0);

		if (l < 1 || i + l > len) {
			n = cat(buf, cap, n, "%sbad option", sep);
			break;
		}
		if (k == 0)
			n = cat(buf, cap, n, "%seol", sep);
		else if (k == 1)
			n = cat(buf, cap, n, "%snop", sep);
		else if (k == 2 && l == 4)
			n = cat(buf, cap, n, "%smss %u", sep, o[i + 2] << 8 | o[i + 3]);
		else if (k == 3 && l == 3)
			n = cat(buf, cap, n, "%swscale %u", sep, o[i + 2]);
		else if (k == 4 && l == 2)
			n = cat(buf, cap, n, "%ssackOK", sep);
		else if (k == 8 && l == 10)
			n = cat(buf, cap, n, "%sTS val %u ecr %u", sep, get32(o + i + 2),
				get32(o + i + 6));
		else if (k == 5 && l >= 10) {
			unsigned int b;

			n = cat(buf, cap, n, "%ssack", sep);
			for (b = i + 2; b + 8 <= i + l; b += 8)
				n = cat(buf, cap, n, " %u:%u", get32(o + b), get32(o + b + 4));
		} else
			n = cat(buf, cap, n, "%soption %u len %u", sep, k, l);
		sep = ",";
		if (k == 0)
			break;
		i += l;
	}
	return bare ? n : cat(buf, cap, n, ">");
}

static size_t flags_str(uint8_t flags, char *buf, size_t cap, size_t n)
{
	const char *f = "FSRP.UEW";
	int i;

	for (i = 0; i < 8; i++)
		if (flags & (1u << i))
			n = cat(buf, cap, n, "%c", f[i]);
	return n;
}

static void describe_script(const struct pkt_packet *p, char *buf, size_t cap)
{
	size_t n = 0;

	if (p->proto == 17) {
		snprintf(buf, cap, "udp (%u)", p->udp_len);
		return;
	}
	if (p->proto == 1) {
		snprintf(buf, cap, "icmp type %d code %d", p->icmp_type, p->icmp_code);
		return;
	}
	n = flags_str(p->flags, buf, cap, n);
	n = cat(buf, cap, n, " %u:%u(%u)", p->seq, p->end, p->len);
	if (p->has_ack)
		n = cat(buf, cap, n, " ack %u", p->ack);
	if (p->win >= 0)
		n = cat(buf, cap, n, " win %ld", p->win);
	if (p->opts_nocheck)
		cat(buf, cap, n, " <...>");
	else if (p->opt_len)
		opts_str(p->opt, p->opt_len, buf, cap, n, false);
}

/* A live packet, its sequence number put back in the script's space. */
static void describe_live(struct pkt_run *r, const struct km_seg *s, char *buf, size_t cap)
{
	size_t n = 0;
	uint32_t seq = s->seq - (r->isn_known ? r->isn : 0);

	if (s->protocol == 17) {
		snprintf(buf, cap, "udp (%zu)", s->payload_len);
		return;
	}
	if (s->protocol == 1) {
		snprintf(buf, cap, "icmp type %u code %u", s->icmp_type, s->icmp_code);
		return;
	}
	if (s->protocol != 6) {
		snprintf(buf, cap, "IP protocol %u", s->protocol);
		return;
	}
	n = flags_str(s->flags, buf, cap, n);
	n = cat(buf, cap, n, " %u:%u(%zu)", seq, seq + (uint32_t)s->payload_len, s->payload_len);
	n = cat(buf, cap, n, " ack %u win %u", s->ack, s->window);
	if (s->opt_len)
		opts_str(s->opt, s->opt_len, buf, cap, n, false);
}

static void remark(struct pkt_run *r, const struct pkt_event *ev, const char *what)
{
	char buf[320];

	snprintf(buf, sizeof(buf), "%s:%d %s%s", r->name, ev->line, what, ev->text);
	km_trace_remark(r->w, buf);
}

/* ---- the world's clock ---- */
static void check_pending(struct pkt_run *r);

static bool call_done(struct pkt_run *r)
{
	return km_call_done(r->t);
}

static bool wire_has(struct pkt_run *r)
{
	return km_wire_pending(r->wire) > 0;
}

/* Run the world until `until_ns`, or earlier once stop() holds; notes when
 * a pending blocking call returns. True if stop() held. */
static bool run_until(struct pkt_run *r, long long until_ns, bool (*stop)(struct pkt_run *))
{
	unsigned long guard;

	for (guard = 0; guard < 10000000UL && !r->status; guard++) {
		long long now, next;

		km_world_settle(r->w);
		check_pending(r);
		if (r->status)
			return false;
		if (stop && stop(r))
			return true;
		now = km_world_now_ns(r->w);
		next = km_world_next_event_ns(r->w);
		if (next < 0 || next > until_ns) {
			if (until_ns > now) {
				km_world_advance(r->w, until_ns - now);
				check_pending(r);
			}
			return stop && !r->status && stop(r);
		}
		km_world_advance(r->w, next > now ? next - now : 0);
	}
	return false;
}

/* packetdrill's verify_time(): 0 if `actual` fits the event's time. */
static int verify_time(struct pkt_run *r, const struct pkt_event *ev, long long t,
		       long long end, bool range, long long actual, const char *what)
{
	long tol = r->o.tolerance_usecs;

	if (ev->time.kind == PKT_T_ANY)
		return 0;
	if (range) {
		long long off = ev->time.kind == PKT_T_REL ? t - ev->time.us : 0;

		if (actual >= t - tol && actual <= end + tol)
			return 0;
		if (ev->time.kind == PKT_T_REL)
			failf(r, 1, "%s:%d: timing error: expected %s in relative time range "
			      "+%.6f~+%.6f sec but happened at %+.6f sec\n", r->s->path,
			      ev->line, what, secs(t - off), secs(end - off), secs(actual - off));
		else
			failf(r, 1, "%s:%d: timing error: expected %s in time range %.6f~%.6f "
			      "sec but happened at %.6f sec\n", r->s->path, ev->line, what,
			      secs(t), secs(end), secs(actual));
		return 1;
	}
	if (actual >= t - tol && actual <= t + tol)
		return 0;
	failf(r, 1, "%s:%d: timing error: expected %s at %.6f sec but happened at %.6f sec; "
	      "tolerance %.6f sec\n", r->s->path, ev->line, what, secs(t), secs(actual),
	      secs(tol));
	return 1;
}

/* ---- system calls ---- */
static const char *errstr(long err)
{
	return err ? strerror((int)err) : "Success";
}

/* A sockaddr argument: `...` means packetdrill's default. */
static int sockaddr_arg(struct pkt_run *r, const struct pkt_expr *e, struct sockaddr_in *sa,
			bool local)
{
	int i;

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons(DEFAULT_PORT);
	sa->sin_addr.s_addr = local ? r->o.local_ip : r->o.remote_ip;
	if (e->kind == PKT_X_ELLIPSIS)
		return 0;
	if (e->kind != PKT_X_STRUCT)
		return -1;
	for (i = 0; i < e->n; i++) {
		const struct pkt_expr *f = &e->items[i];

		if (!strcmp(f->str, "sa_family") || !strcmp(f->str, "sin_family"))
			sa->sin_family = (sa_family_t)f->num;
		else if (!strcmp(f->str, "sin_port"))
			sa->sin_port = htons((uint16_t)f->num);
		else if (!strcmp(f->str, "sin_addr"))
			sa->sin_addr.s_addr = f->kind == PKT_X_INADDR ? (uint32_t)f->num :
					      htonl((uint32_t)f->num);
		else
			return -1;
	}
	return 0;
}

static int int_arg(const struct pkt_expr *e, long long *v)
{
	if (e->kind == PKT_X_INT || e->kind == PKT_X_PORT || e->kind == PKT_X_INADDR) {
		*v = e->num;
		return 0;
	}
	if (e->kind == PKT_X_LIST && e->n == 1 && e->items[0].kind == PKT_X_INT) {
		*v = e->items[0].num;
		return 0;
	}
	return -1;
}

static const struct pkt_expr *field(const struct pkt_expr *e, const char *name)
{
	int i;

	if (e->kind != PKT_X_STRUCT)
		return NULL;
	for (i = 0; i < e->n; i++)
		if (!strcmp(e->items[i].str, name))
			return &e->items[i];
	return NULL;
}

/* Build the call's arguments; -1 (script error reported) if they do not fit. */
static int prepare(struct pkt_run *r, const struct pkt_event *ev, struct call_buf *b,
		   long *nr, long a[6])
{
	const struct pkt_syscall *sc = &ev->u.sys;
	const struct pkt_expr *x = sc->args;
	long long v = 0, v2 = 0, v3 = 0;
	const char *why = "an argument kmirror cannot use as written";
	int i;

	memset(a, 0, 6 * sizeof(long));
	free(b->data);
	memset(b, 0, sizeof(*b));
	if (sc->nr != PKT_SYS_POLL && sc->nr != PKT_SYS_SOCKET) {
		if (int_arg(&x[0], &v))
			goto bad;
		a[0] = live_fd(r, v);
	}
	switch (sc->nr) {
	case PKT_SYS_SOCKET:
		v = AF_INET;
		if (x[0].kind != PKT_X_ELLIPSIS && int_arg(&x[0], &v))
			goto bad;
		if (int_arg(&x[1], &v2) || int_arg(&x[2], &v3))
			goto bad;
		*nr = SYS_socket;
		a[0] = (long)v;
		a[1] = (long)v2;
		a[2] = (long)v3;
		break;
	case PKT_SYS_BIND:
	case PKT_SYS_CONNECT:
		why = "a sockaddr is ... or {sa_family=, sin_port=, sin_addr=}";
		if (sockaddr_arg(r, &x[1], &b->sa, sc->nr == PKT_SYS_BIND))
			goto bad;
		v = sizeof(b->sa);
		if (x[2].kind != PKT_X_ELLIPSIS && int_arg(&x[2], &v))
			goto bad;
		*nr = sc->nr == PKT_SYS_BIND ? SYS_bind : SYS_connect;
		a[1] = (long)&b->sa;
		a[2] = (long)v;
		break;
	case PKT_SYS_LISTEN:
		if (int_arg(&x[1], &v))
			goto bad;
		*nr = SYS_listen;
		a[1] = (long)v;
		break;
	case PKT_SYS_ACCEPT:
	case PKT_SYS_GETSOCKNAME:
	case PKT_SYS_GETPEERNAME:
		b->salen = sizeof(b->sa);
		*nr = sc->nr == PKT_SYS_ACCEPT ? SYS_accept4 :
		      sc->nr == PKT_SYS_GETSOCKNAME ? SYS_getsockname : SYS_getpeername;
		a[1] = (long)&b->sa;
		a[2] = (long)&b->salen;
		break;
	case PKT_SYS_CLOSE:
		*nr = SYS_close;
		break;
	case PKT_SYS_SHUTDOWN:
		if (int_arg(&x[1], &v))
			goto bad;
		*nr = SYS_shutdown;
		a[1] = (long)v;
		break;
	case PKT_SYS_SETSOCKOPT:
	case PKT_SYS_GETSOCKOPT:
		if (int_arg(&x[1], &v) || int_arg(&x[2], &v2))
			goto bad;
		a[1] = (long)v;
		a[2] = (long)v2;
		if (x[3].kind == PKT_X_STRUCT) {
			const struct pkt_expr *on = field(&x[3], "onoff"), *l = field(&x[3], "linger");

			if (!on || !l)
				goto bad;
			b->lg.l_onoff = (int)on->num;
			b->lg.l_linger = (int)l->num;
			a[3] = (long)&b->lg;
			b->ilen = sizeof(b->lg);
		} else {
			if (sc->nr == PKT_SYS_SETSOCKOPT && int_arg(&x[3], &v3))
				goto bad;
			b->ival = (int)v3;
			a[3] = (long)&b->ival;
			b->ilen = sizeof(int);
		}
		if (sc->nr == PKT_SYS_SETSOCKOPT) {
			v = b->ilen;
			if (x[4].kind != PKT_X_ELLIPSIS && int_arg(&x[4], &v))
				goto bad;
			why = "an optlen above 256 bytes";
			if (v > OPT_MAX)
				goto bad;
			*nr = SYS_setsockopt;
			a[4] = (long)v;
		} else {
			v = b->ilen;
			if (x[4].kind != PKT_X_ELLIPSIS && int_arg(&x[4], &v))
				goto bad;
			why = "an optlen above 256 bytes";
			if (v > OPT_MAX)
				goto bad;
			b->ilen = (socklen_t)v;
			*nr = SYS_getsockopt;
			a[4] = (long)&b->ilen;
		}
		break;
	case PKT_SYS_FCNTL:
		if (int_arg(&x[1], &v))
			goto bad;
		if (sc->nargs > 2 && int_arg(&x[2], &v2))
			goto bad;
		*nr = SYS_fcntl;
		a[1] = (long)v;
		a[2] = (long)v2;
		break;
	case PKT_SYS_POLL:
		why = "poll() takes [{fd=, events=, revents=}, ...] (at most 8), nfds "
		      "no larger than that list, and a timeout";
		if (x[0].kind != PKT_X_LIST || x[0].n > 8 || int_arg(&x[1], &v) ||
		    int_arg(&x[2], &v2) || v > x[0].n)
			goto bad;
		for (i = 0; i < x[0].n; i++) {
			const struct pkt_expr *fd = field(&x[0].items[i], "fd");
			const struct pkt_expr *evs = field(&x[0].items[i], "events");

			if (!fd || !evs)
				goto bad;
			b->pfd[i].fd = (int)live_fd(r, fd->num);
			b->pfd[i].events = (short)evs->num;
		}
		*nr = SYS_poll;
		a[0] = (long)b->pfd;
		a[1] = (long)v;
		a[2] = (long)v2;
		break;
	case PKT_SYS_READ:
	case PKT_SYS_WRITE:
	case PKT_SYS_SEND:
	case PKT_SYS_RECV:
	case PKT_SYS_SENDTO:
	case PKT_SYS_RECVFROM: {
		bool out = sc->nr == PKT_SYS_WRITE || sc->nr == PKT_SYS_SEND ||
			   sc->nr == PKT_SYS_SENDTO;

		why = "a length from 0 to 65536";
		if (int_arg(&x[2], &v) || v < 0 || v > 65536)
			goto bad;
		if (sc->nargs > 3 && int_arg(&x[3], &v2))
			goto bad;
		b->data = calloc(1, (size_t)v + 1);
		if (!b->data)
			goto bad;
		if (sc->nr == PKT_SYS_READ || sc->nr == PKT_SYS_WRITE)
			*nr = out ? SYS_write : SYS_read;
		else	/* send() and recv() are sendto() and recvfrom() on x86_64 */
			*nr = out ? SYS_sendto : SYS_recvfrom;
		a[1] = (long)b->data;
		a[2] = (long)v;
		a[3] = (long)v2;
		if (sc->nr == PKT_SYS_SENDTO && x[4].kind != PKT_X_INT) {
			if (sockaddr_arg(r, &x[4], &b->sa, false))
				goto bad;
			a[4] = (long)&b->sa;
			a[5] = sizeof(b->sa);
		} else if (sc->nr == PKT_SYS_RECVFROM) {
			b->salen = sizeof(b->sa);
			a[4] = (long)&b->sa;
			a[5] = (long)&b->salen;
		}
		break;
	}
	default:
		goto bad;
	}
	return 0;
bad:
	failf(r, 2, "%s:%d: %s(): %s\n", r->s->path, ev->line, sc->name, why);
	return -1;
}

/* The connection the script's packets now belong to. */
static void note_connect(struct pkt_run *r, const struct pkt_event *ev, const struct call_buf *b)
{
	const struct pkt_syscall *sc = &ev->u.sys;

	if (sc->nr == PKT_SYS_CONNECT && b->sa.sin_family == AF_INET) {
		r->conn = true;
		r->rport = ntohs(b->sa.sin_port);
		r->lport_known = false;
		r->isn_known = false;
		r->ts_known = false;
		if (r->bound_port) {
			r->lport = r->bound_port;
			r->lport_known = true;
		}
	} else if (sc->nr == PKT_SYS_BIND) {
		r->bound_port = ntohs(b->sa.sin_port);
	} else if (sc->nr == PKT_SYS_LISTEN) {
		r->listening = true;
	}
}

/* The local port a call gave the connection's socket (connect() and
 * bind() choose it), read from the sock without a system call. */
static void learn_lport(struct pkt_run *r, const struct pkt_event *ev, long lfd)
{
	int nr = ev->u.sys.nr;
	unsigned long long port;

	if (!r->conn || r->lport_known ||
	    (nr != PKT_SYS_CONNECT && nr != PKT_SYS_SENDTO && nr != PKT_SYS_WRITE &&
	     nr != PKT_SYS_SEND))
		return;
	if (!km_fd_field(r->t, (int)lfd, "sock", "skc_num", &port, NULL, 0) && port) {
		r->lport = (uint16_t)port;
		r->lport_known = true;
	}
}

/* packetdrill's end_syscall(): compare the result, errno and outputs. */
static int check_result(struct pkt_run *r, const struct pkt_event *ev, struct call_buf *b,
			long ret)
{
	const struct pkt_syscall *sc = &ev->u.sys;
	const char *p = r->s->path;
	long actual = ret < 0 ? -1 : ret, err = ret < 0 ? -ret : 0;
	long long v;
	int i;

	if (ret == -KM_ESTILLBLOCKED) {
		failf(r, 1, "%s:%d: runtime error in %s call: still blocked after %lld s of "
		      "virtual time (a blocking call the script must not wait for takes "
		      "a range: A...B)\n", p, ev->line, sc->name, CALL_LIMIT_NS / SEC);
		return 1;
	}
	if ((sc->nr == PKT_SYS_SOCKET || sc->nr == PKT_SYS_ACCEPT) && sc->result >= 0) {
		if (ret < 0) {
			failf(r, 1, "%s:%d: runtime error in %s call: Expected non-negative result "
			      "but got -1 with errno %ld (%s)\n", p, ev->line, sc->name, err,
			      errstr(err));
			return 1;
		}
		map_fd(r, sc->result, ret);
	} else if (actual != sc->result) {
		failf(r, 1, "%s:%d: runtime error in %s call: Expected result %lld but got %ld "
		      "with errno %ld (%s)\n", p, ev->line, sc->name, sc->result, actual, err,
		      errstr(err));
		return 1;
	}
	if (sc->err && err != sc->err) {
		failf(r, 1, "%s:%d: runtime error in %s call: Expected errno %d (%s) but got "
		      "%ld (%s)\n", p, ev->line, sc->name, sc->err, errstr(sc->err), err,
		      errstr(err));
		return 1;
	}
	if (ret < 0)
		return 0;
	switch (sc->nr) {
	case PKT_SYS_GETSOCKOPT:
		if (sc->args[3].kind == PKT_X_STRUCT) {
			const struct pkt_expr *on = field(&sc->args[3], "onoff");
			const struct pkt_expr *l = field(&sc->args[3], "linger");

			if ((on && on->num != b->lg.l_onoff) || (l && l->num != b->lg.l_linger)) {
				failf(r, 1, "%s:%d: runtime error in getsockopt call: Bad linger: "
				      "expected: {onoff=%lld, linger=%lld} actual: {onoff=%d, "
				      "linger=%d}\n", p, ev->line, on ? on->num : 0, l ? l->num : 0,
				      b->lg.l_onoff, b->lg.l_linger);
				return 1;
			}
		} else if (!int_arg(&sc->args[3], &v) && v != b->ival) {
			failf(r, 1, "%s:%d: runtime error in getsockopt call: Bad getsockopt "
			      "optval: expected: %lld actual: %d\n", p, ev->line, v, b->ival);
			return 1;
		}
		if (sc->args[4].kind == PKT_X_LIST && !int_arg(&sc->args[4], &v) &&
		    v != (long long)b->ilen) {
			failf(r, 1, "%s:%d: runtime error in getsockopt call: Bad getsockopt "
			      "optlen: expected: %lld actual: %u\n", p, ev->line, v, b->ilen);
			return 1;
		}
		break;
	case PKT_SYS_POLL:
		for (i = 0; i < sc->args[0].n; i++) {
			const struct pkt_expr *re = field(&sc->args[0].items[i], "revents");

			if (re && re->num != (unsigned short)b->pfd[i].revents) {
				failf(r, 1, "%s:%d: runtime error in poll call: Expected revents of "
				      "0x%llx for fd %d but got 0x%x\n", p, ev->line,
				      re->num, i, (unsigned short)b->pfd[i].revents);
				return 1;
			}
		}
		break;
	case PKT_SYS_GETSOCKNAME:
	case PKT_SYS_GETPEERNAME:
		if (sc->args[1].kind == PKT_X_STRUCT) {
			struct sockaddr_in want;
			char a1[INET_ADDRSTRLEN], a2[INET_ADDRSTRLEN];

			if (sockaddr_arg(r, &sc->args[1], &want, sc->nr == PKT_SYS_GETSOCKNAME))
				return 0;
			if (!field(&sc->args[1], "sin_port"))
				want.sin_port = b->sa.sin_port;
			if (want.sin_port != b->sa.sin_port ||
			    want.sin_addr.s_addr != b->sa.sin_addr.s_addr) {
				inet_ntop(AF_INET, &want.sin_addr, a1, sizeof(a1));
				inet_ntop(AF_INET, &b->sa.sin_addr, a2, sizeof(a2));
				failf(r, 1, "%s:%d: runtime error in %s call: Bad address: expected: "
				      "%s:%u actual: %s:%u\n", p, ev->line, sc->name, a1,
				      ntohs(want.sin_port), a2, ntohs(b->sa.sin_port));
				return 1;
			}
		}
		break;
	default:
		break;
	}
	return 0;
}

static void verbose_call(struct pkt_run *r, const struct pkt_event *ev, long ret)
{
	if (r->o.verbose)
		fprintf(r->msgs, "%s syscall: %9.6f = %ld%s%s\n", ev->u.sys.name,
			secs(now_us(r)), ret < 0 ? -1 : ret, ret < 0 ? " " : "",
			ret < 0 ? km_errno_name(-ret) : "");
}

/* A blocking call started with a range returned: check it now. */
static void check_pending(struct pkt_run *r)
{
	const struct pkt_event *ev = r->pend;

	if (!ev || r->pend_done || !km_call_done(r->t))
		return;
	r->pend_done = true;
	r->pend_done_ns = km_world_now_ns(r->w);
	r->pend_ret = km_call_result(r->t);
	r->pend = NULL;
	verbose_call(r, ev, r->pend_ret);
	if (check_result(r, ev, &r->pbuf, r->pend_ret))
		return;
	verify_time(r, ev, r->pend_end_us, 0, false,
		    (r->pend_done_ns - r->start_ns) / 1000, "system call return");
}

/* Wait for the blocking call in flight, at most 1 s as packetdrill's main
 * thread does before the next call or the end of the script. True if it
 * is still running then. */
static bool await_idle(struct pkt_run *r)
{
	if (!r->pend)
		return false;
	run_until(r, km_world_now_ns(r->w) + SEC, call_done);
	check_pending(r);
	return r->pend && !r->status;
}

static void wait_for_event(struct pkt_run *r, const struct pkt_event *ev, long long t,
			   long long end, bool range, const char *what)
{
	run_until(r, r->start_ns + t * 1000, NULL);
	if (!r->status)
		verify_time(r, ev, t, end, range, now_us(r), what);
}

static void run_syscall(struct pkt_run *r, const struct pkt_event *ev, long long t,
			long long end)
{
	bool blocking = ev->time.range;
	struct call_buf *b = blocking ? &r->pbuf : &r->cbuf;
	long nr, a[6], ret;

	/* packetdrill waits up to 1 s, then makes this call from its main
	 * thread while the other still blocks; the mirrored task makes one
	 * call at a time, so it waits on until this call's time */
	if (await_idle(r)) {
		run_until(r, r->start_ns + t * 1000, call_done);
		check_pending(r);
	}
	if (r->pend && !r->status) {
		failf(r, 2, "%s:%d: %s() while the blocking %s() of line %d is still in "
		      "progress: kmirror runs one call at a time\n", r->s->path, ev->line,
		      ev->u.sys.name, r->pend->u.sys.name, r->pend->line);
		return;
	}
	if (r->status)
		return;
	wait_for_event(r, ev, t, 0, false, "system call start");
	if (r->status)
		return;
	remark(r, ev, "");
	if (prepare(r, ev, b, &nr, a))
		return;
	note_connect(r, ev, b);
	km_call_start(r->t, nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (blocking) {
		r->pend = ev;
		r->pend_end_us = end;
		r->pend_done = false;
		km_world_settle(r->w);
		learn_lport(r, ev, a[0]);
		check_pending(r);
		return;
	}
	if (run_until(r, km_world_now_ns(r->w) + CALL_LIMIT_NS, call_done))
		ret = km_call_result(r->t);
	else
		ret = -KM_ESTILLBLOCKED;
	learn_lport(r, ev, a[0]);
	if (r->status)
		return;
	verbose_call(r, ev, ret);
	check_result(r, ev, b, ret);
}

/* ---- packets ---- */

/* The payload of every injected packet: a script gives lengths, not bytes. */
static const uint8_t zeros[65536];

/* Put s on the wire as the script's peer (a segment that cannot be built
 * is not sent; the parser has checked the lengths). */
static void inject_seg(struct pkt_run *r, const struct km_seg *s)
{
	uint8_t frame[65536 + 60];
	int n = km_seg_build(s, frame, sizeof(frame));

	if (n > 0)
		km_wire_inject(r->wire, frame, (size_t)n);
}

static void inject_tcp(struct pkt_run *r, const struct pkt_packet *p)
{
	struct km_seg s;
	int i;

	km_seg_init_tcp(&s, r->o.remote_ip, r->rport, r->o.local_ip, r->lport);
	s.seq = p->seq;
	s.ack = (p->has_ack || (p->flags & KM_TH_ACK)) ? p->ack + (r->isn_known ? r->isn : 0) : 0;
	s.flags = p->flags;
	s.window = p->win >= 0 ? (uint16_t)p->win : 65535;
	s.df = false;
	if (p->opt_len) {
		memcpy(s.opt, p->opt, p->opt_len);
		s.opt_len = p->opt_len;
		if (p->ts_at >= 0 && r->ts_known) {
			uint32_t ecr = get32(s.opt + p->ts_at + 6);

			if (ecr)
				put32(s.opt + p->ts_at + 6, ecr + r->ts_delta);
		}
		for (i = 0; i < p->nsack; i++) {
			put32(s.opt + p->sack_at[i], get32(s.opt + p->sack_at[i]) + r->isn);
			put32(s.opt + p->sack_at[i] + 4, get32(s.opt + p->sack_at[i] + 4) + r->isn);
		}
	}
	s.payload = zeros;
	s.payload_len = p->len;
	inject_seg(r, &s);
}

static void inject_udp(struct pkt_run *r, const struct pkt_packet *p)
{
	struct km_seg s;

	km_seg_init_tcp(&s, r->o.remote_ip, r->rport, r->o.local_ip, r->lport);
	s.protocol = 17;
	s.df = false;
	s.payload = zeros;
	s.payload_len = p->udp_len;
	inject_seg(r, &s);
}

/* An ICMP error from the remote address quoting the host's own packet:
 * its IP header and the first 8 bytes of TCP (ports, seq) or UDP. */
static void inject_icmp(struct pkt_run *r, const struct pkt_packet *p)
{
	uint8_t inner[65536 + 60];
	struct km_seg q, s;
	int n;

	km_seg_init_tcp(&q, r->o.local_ip, r->lport, r->o.remote_ip, r->rport);
	q.protocol = (uint8_t)p->echo_proto;
	q.seq = p->echo_seq + (r->isn_known ? r->isn : 0);
	q.payload = zeros;
	q.payload_len = p->echo_len;
	if (p->echo_proto == 6)
		q.flags = 0;
	n = km_seg_build(&q, inner, sizeof(inner));
	if (n < 28)
		return;
	memset(&s, 0, sizeof(s));
	s.saddr = r->o.remote_ip;
	s.daddr = r->o.local_ip;
	s.ttl = 64;
	s.protocol = 1;
	s.icmp_type = (uint8_t)p->icmp_type;
	s.icmp_code = (uint8_t)p->icmp_code;
	s.icmp_info = p->mtu >= 0 ? (uint32_t)p->mtu : 0;
	s.payload = inner;
	s.payload_len = 28;
	inject_seg(r, &s);
}

static void run_inbound(struct pkt_run *r, const struct pkt_event *ev, long long t,
			long long end)
{
	const struct pkt_packet *p = &ev->u.pkt;
	char d[256];

	wait_for_event(r, ev, t, end, ev->time.range, "inbound packet");
	if (r->status)
		return;
	/* A SYN with no connection yet opens one on the listener. */
	if (p->proto == 6 && (p->flags & KM_TH_SYN) && !(p->flags & KM_TH_ACK) && !r->conn) {
		r->conn = true;
		r->lport = r->bound_port ? r->bound_port : DEFAULT_PORT;
		r->lport_known = true;
		r->rport = (uint16_t)(REMOTE_PORT + r->npassive++);
		r->isn_known = false;
		r->ts_known = false;
	}
	if (!r->conn) {
		r->lport = r->bound_port ? r->bound_port : DEFAULT_PORT;
		r->rport = REMOTE_PORT;
	}
	remark(r, ev, "injects: ");
	if (r->o.verbose) {
		describe_script(p, d, sizeof(d));
		fprintf(r->msgs, "inbound injected packet: %9.6f %s\n", secs(now_us(r)), d);
	}
	if (p->proto == 6)
		inject_tcp(r, p);
	else if (p->proto == 17)
		inject_udp(r, p);
	else
		inject_icmp(r, p);
	km_world_settle(r->w);
}

static int check_field(struct pkt_run *r, const char *name, unsigned long long want,
		       unsigned long long got, char *err, size_t cap)
{
	if (want == got)
		return 0;
	snprintf(err, cap, "live packet field %s: expected: %llu (0x%llx) vs actual: %llu (0x%llx)",
		 name, want, want, got, got);
	return 1;
}

/* Options: kinds in the same order, equal lengths and values (TS values
 * are not compared, as packetdrill without --tcp_ts_tick_usecs). */
static int check_options(const struct pkt_packet *p, const struct km_seg *s, char *err,
			 size_t cap)
{
	unsigned int i = 0, j = 0;

	while (i < p->opt_len || j < s->opt_len) {
		unsigned int ka, kb, la, lb;

		if (i >= p->opt_len || j >= s->opt_len) {
			/* trailing padding the script did not write */
			if (i >= p->opt_len && s->opt[j] == 0)
				return 0;
			snprintf(err, cap, "bad outbound TCP options");
			return 1;
		}
		ka = p->opt[i];
		kb = s->opt[j];
		la = ka <= 1 ? 1 : p->opt[i + 1];
		lb = kb <= 1 ? 1 : (j + 1 < s->opt_len ? s->opt[j + 1] : 0);
		if (ka != kb || lb < 1 || j + lb > s->opt_len) {
			snprintf(err, cap, "bad outbound TCP options");
			return 1;
		}
		if (la != lb || (ka != 8 && la > 2 && memcmp(p->opt + i + 2, s->opt + j + 2, la - 2))) {
			char e[96], a[96];

			opts_str(p->opt + i, la, e, sizeof(e), 0, true);
			opts_str(s->opt + j, lb, a, sizeof(a), 0, true);
			snprintf(err, cap, "%s in outbound TCP option (kind=%u): expected: %s actual: %s",
				 la != lb ? "bad length" : "bad value", ka, e, a);
			return 1;
		}
		if (ka == 0)
			return 0;
		i += la;
		j += lb;
	}
	return 0;
}

static int verify_tcp(struct pkt_run *r, const struct pkt_packet *p, const struct km_seg *s,
		      char *err, size_t cap)
{
	static const char *const names[8] = {
		"tcp_fin", "tcp_syn", "tcp_rst", "tcp_psh", "tcp_ack", "tcp_urg",
		"tcp_ece", "tcp_cwr",
	};
	int i;

	if (!r->isn_known) {
		r->isn = s->seq - p->seq;
		r->isn_known = true;
	}
	if (s->payload_len != p->len) {
		snprintf(err, cap, "live packet payload: expected %u bytes vs actual %zu bytes",
			 p->len, s->payload_len);
		return 1;
	}
	if (!p->opts_nocheck &&
	    check_field(r, "tcp_data_offset", 5 + (p->opt_len + 3) / 4, s->doff, err, cap))
		return 1;
	for (i = 0; i < 8; i++)
		if (check_field(r, names[i], !!(p->flags & (1u << i)), !!(s->flags & (1u << i)),
				err, cap))
			return 1;
	if (check_field(r, "tcp_seq", p->seq, s->seq - r->isn, err, cap) ||
	    check_field(r, "tcp_ack_seq", p->has_ack ? p->ack : 0, s->ack, err, cap))
		return 1;
	if (p->win >= 0 && check_field(r, "tcp_window", (unsigned long long)p->win, s->window,
					err, cap))
		return 1;
	if (!p->opts_nocheck && check_options(p, s, err, cap))
		return 1;
	if (s->ts && !r->ts_known) {
		r->ts_delta = s->tsval - (p->ts_at >= 0 ? get32(p->opt + p->ts_at + 2) : 0);
		r->ts_known = true;
	}
	return 0;
}

static void run_outbound(struct pkt_run *r, const struct pkt_event *ev, long long t,
			 long long end)
{
	const struct pkt_packet *p = &ev->u.pkt;
	uint8_t frame[65536 + 60];
	long long deadline, sent;
	struct km_seg s;
	char err[512] = "", d1[256], d2[256];
	int n, bad = 0;

	deadline = ev->time.kind == PKT_T_ANY ? km_world_now_ns(r->w) + CALL_LIMIT_NS :
		   r->start_ns + ((ev->time.range ? end : t) + 2 * 1000000LL) * 1000;
	if (!run_until(r, deadline, wire_has)) {
		if (!r->status) {
			describe_script(p, d1, sizeof(d1));
			failf(r, 1, "%s:%d: error handling packet: Timed out waiting for packet\n"
			      "script packet: %9.6f %s\n", r->s->path, ev->line, secs(t), d1);
		}
		return;
	}
	sent = (km_wire_peek_time(r->wire) - r->start_ns) / 1000;
	n = km_wire_recv(r->wire, frame, sizeof(frame));
	if (n < 0 || km_seg_parse(frame, (size_t)n, &s) < 0) {
		failf(r, 1, "%s:%d: error handling packet: the host sent a frame that is not IPv4\n",
		      r->s->path, ev->line);
		return;
	}
	remark(r, ev, "expects: ");
	if (r->conn && !r->lport_known && (s.protocol == 6 || s.protocol == 17)) {
		r->lport = s.sport;
		r->lport_known = true;
	}
	if (s.protocol != p->proto) {
		bad = check_field(r, "ipv4_protocol", (unsigned)p->proto, s.protocol, err, sizeof(err));
	} else if (s.daddr != r->o.remote_ip ||
		   (p->proto != 1 && r->conn && (s.sport != r->lport || s.dport != r->rport))) {
		snprintf(err, sizeof(err), "packet is not for expected socket");
		bad = 1;
	} else if (p->proto == 6) {
		bad = verify_tcp(r, p, &s, err, sizeof(err));
	} else if (p->proto == 17) {
		if (s.payload_len != p->udp_len) {
			snprintf(err, sizeof(err), "live packet payload: expected %u bytes vs "
				 "actual %zu bytes", p->udp_len, s.payload_len);
			bad = 1;
		}
	} else {
		bad = check_field(r, "icmp_type", (unsigned)p->icmp_type, s.icmp_type, err,
				  sizeof(err)) ||
		      check_field(r, "icmp_code", (unsigned)p->icmp_code, s.icmp_code, err,
				  sizeof(err));
	}
	describe_live(r, &s, d2, sizeof(d2));
	if (r->o.verbose)
		fprintf(r->msgs, "outbound sniffed packet: %9.6f %s\n", secs(sent), d2);
	if (bad) {
		describe_script(p, d1, sizeof(d1));
		failf(r, 1, "%s:%d: error handling packet: %s\nscript packet: %9.6f %s\n"
		      "actual packet: %9.6f %s\n", r->s->path, ev->line, err, secs(t), d1,
		      secs(sent), d2);
		return;
	}
	verify_time(r, ev, t, end, ev->time.range, sent, "outbound packet");
}

/* ---- shell lines: sysctls ---- */
static void run_shell(struct pkt_run *r, const struct pkt_event *ev, long long t)
{
	const struct pkt_shell *sh = &ev->u.sh;
	int i;

	wait_for_event(r, ev, t, 0, false, "command");
	if (r->status)
		return;
	remark(r, ev, "");
	for (i = 0; i < sh->n; i++) {
		char alt[80];
		int k = i, err;

		/* a range ("low high"): if the new low is above the current
		 * high, raise the high end first, as one write would */
		if (i + 1 < sh->n && strstr(sh->name[i], "[0]") &&
		    !strncmp(sh->name[i], sh->name[i + 1], strlen(sh->name[i]) - 2)) {
			snprintf(alt, sizeof(alt), "%s", sh->name[i + 1]);
			if (sh->value[i] > km_sysctl_get(r->h, alt))
				k = i + 1;
		}
		if (k != i || (i + 1 < sh->n && strstr(sh->name[i], "[0]"))) {
			/* both ends or neither, as the kernel's handler */
			int other = k == i ? i + 1 : i;
			long old = km_sysctl_get(r->h, sh->name[k]);

			err = km_sysctl_set(r->h, sh->name[k], sh->value[k]);
			if (!err) {
				err = km_sysctl_set(r->h, sh->name[other], sh->value[other]);
				if (err)
					km_sysctl_set(r->h, sh->name[k], old);
				k = other;
			}
			i++;
		} else {
			err = km_sysctl_set(r->h, sh->name[k], sh->value[k]);
		}
		if (err == -ENOENT && !strchr(sh->name[i], '[')) {
			snprintf(alt, sizeof(alt), "%s[0]", sh->name[i]);
			err = km_sysctl_set(r->h, alt, sh->value[i]);
		}
		if (!err)
			continue;
		if (err == -ENOENT)
			failf(r, 2, "%s:%d: the mirrored host has no sysctl %s\n", r->s->path,
			      ev->line, sh->name[i]);
		else
			failf(r, 2, "%s:%d: error executing `%s` command: %s: %s\n", r->s->path,
			      ev->line, sh->cmd, sh->name[k], strerror((int)-err));
		return;
	}
}

/* ---- the script ---- */
static bool anchored(const struct pkt_event *ev)
{
	return ev && ev->kind == PKT_EV_PACKET && ev->u.pkt.dir == '<';
}

int pkt_run(struct pkt_run *r)
{
	long long phase = (long long)(km_host_monotonic_ns(r->h) % 1000000ULL);
	int i;

	/* Start on a jiffy edge of the host's clock (HZ 1000), so a 1 s timer
	 * armed at time 0 fires at 1.000000 s, not a random fraction before. */
	if (phase)
		km_world_advance(r->w, 1000000 - phase);
	r->start_ns = km_world_now_ns(r->w);
	for (i = 0; i < r->s->nev && !r->status; i++) {
		const struct pkt_event *ev = &r->s->ev[i];
		long long off = 0, t, end;

		if (ev->time.kind != PKT_T_ABS)
			off = anchored(r->last) && anchored(ev) ? r->last_us : now_us(r);
		t = off + ev->time.us;
		end = off + ev->time.end_us;
		if (ev->time.kind == PKT_T_ANY)
			t = end = off;
		if (t > PKT_MAX_TIME_S * 1000000 || end > PKT_MAX_TIME_S * 1000000) {
			failf(r, 2, "%s:%d: the script runs past %lld s of virtual time\n",
			      r->s->path, ev->line, PKT_MAX_TIME_S);
			break;
		}
		if (r->last && r->last->time.kind == PKT_T_ABS && ev->time.kind == PKT_T_ABS &&
		    t < r->last_us) {
			failf(r, 2, "%s:%d: time goes backward in script from %lld usec to %lld "
			      "usec\n", r->s->path, ev->line, r->last_us, t);
			break;
		}
		switch (ev->kind) {
		case PKT_EV_PACKET:
			if (ev->u.pkt.dir == '<')
				run_inbound(r, ev, t, end);
			else
				run_outbound(r, ev, t, end);
			break;
		case PKT_EV_SYSCALL:
			run_syscall(r, ev, t, end);
			break;
		case PKT_EV_SHELL:
			run_shell(r, ev, t);
			break;
		}
		r->last = ev;
		r->last_us = t;
	}
	/* As packetdrill: the script must outlive its blocking calls (by at
	 * most a second). */
	if (!r->status) {
		if (await_idle(r))
			failf(r, 1, "%s:%d: runtime error: exiting while a blocking system call "
			      "is in progress\n", r->s->path, r->pend->line);
	}
	return r->status;
}

struct pkt_run *pkt_run_new(struct km_world *w, const struct pkt_script *s,
			    const struct pkt_opts *cmdline, FILE *msgs)
{
	struct pkt_run *r = calloc(1, sizeof(*r));
	char cidr[32], gw[INET_ADDRSTRLEN];
	const char *slash;
	int k;

	if (!r)
		return NULL;
	r->s = s;
	r->w = w;
	r->msgs = msgs;
	r->o = s->opts;
	for (k = 0; cmdline && k < 8; k++) {
		if (!cmdline->set[k])
			continue;
		if (k == PKT_OPT_TOL)
			r->o.tolerance_usecs = cmdline->tolerance_usecs;
		else if (k == PKT_OPT_LOCAL)
			r->o.local_ip = cmdline->local_ip;
		else if (k == PKT_OPT_REMOTE)
			r->o.remote_ip = cmdline->remote_ip;
		else if (k == PKT_OPT_GW)
			r->o.gateway_ip = cmdline->gateway_ip;
		else if (k == PKT_OPT_VERBOSE)
			r->o.verbose = true;
	}
	slash = strrchr(s->path, '/');
	r->name = slash ? slash + 1 : s->path;
	r->h = km_host_new(w, "host");
	r->wire = r->h ? km_wire_new(r->h, "eth0", 1500) : NULL;
	inet_ntop(AF_INET, &r->o.local_ip, cidr, sizeof(cidr) - 4);
	snprintf(cidr + strlen(cidr), 4, "/%d", r->o.prefix_len);
	inet_ntop(AF_INET, &r->o.gateway_ip, gw, sizeof(gw));
	if (!r->wire || km_host_add_addr(r->h, "eth0", cidr) ||
	    km_host_add_route(r->h, "default", gw, "eth0", "unicast")) {
		fprintf(msgs, "%s: cannot build the host under test (%s via %s)\n", s->path,
			cidr, gw);
		free(r);
		return NULL;
	}
	r->t = km_task_new(r->h, "pkt", 0);
	return r;
}

void pkt_run_free(struct pkt_run *r)
{
	if (!r)
		return;
	free(r->pbuf.data);
	free(r->cbuf.data);
	free(r);
}

struct host *pkt_run_host(struct pkt_run *r)
{
	return r->h;
}

struct km_wire *pkt_run_wire(struct pkt_run *r)
{
	return r->wire;
}

struct task_struct *pkt_run_task(struct pkt_run *r)
{
	return r->t;
}

int pkt_run_file(const char *path, const struct pkt_opts *cmdline,
		 unsigned long long seed, FILE *msgs)
{
	struct pkt_script *s;
	struct km_world *w;
	struct pkt_run *r;
	int rc = pkt_parse_file(path, &s, msgs);

	if (rc)
		return rc;
	w = km_world_new(seed);
	r = w ? pkt_run_new(w, s, cmdline, msgs) : NULL;
	rc = r ? pkt_run(r) : 2;
	pkt_run_free(r);
	if (w)
		km_world_free(w);
	pkt_script_free(s);
	return rc;
}
