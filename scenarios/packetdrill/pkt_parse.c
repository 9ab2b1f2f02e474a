// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror pkt: the packetdrill script parser. A hand-written lexer and
 * recursive-descent parser for the subset docs/packetdrill.md lists.
 *
 * Each bad line gets one message, "PATH:LINE: ...", and parsing goes on at
 * the next line so one run reports every bad line (up to PKT_MAX_ERRORS).
 * Every loop is bounded by the input, every number range-checked; bytes
 * that are not text (NUL, control characters) are refused by line.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <kmapi/sim.h>
#include "pkt.h"

#define PKT_MAX_ERRORS	10
#define PKT_MAX_DEPTH	16	/* nesting of [ ] and { } */

/* ---- allocation: everything a script owns hangs off one list ---- */
struct arena {
	struct arena	*next;
	max_align_t	data[];
};

static void *aalloc(struct pkt_script *s, size_t n)
{
	struct arena *a = calloc(1, sizeof(*a) + n);

	if (!a)
		abort();	/* out of memory: nothing sensible to do */
	a->next = s->arena;
	s->arena = a;
	return a->data;
}

static char *astrndup(struct pkt_script *s, const char *p, size_t n)
{
	char *d = aalloc(s, n + 1);

	memcpy(d, p, n);
	d[n] = 0;
	return d;
}

void pkt_script_free(struct pkt_script *s)
{
	struct arena *a, *next;

	if (!s)
		return;
	for (a = s->arena; a; a = next) {
		next = a->next;
		free(a);
	}
	free(s->ev);
	free(s->path);
	free(s);
}

/* ---- options ---- */
void pkt_opts_default(struct pkt_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->tolerance_usecs = 4000;
	inet_pton(AF_INET, "192.168.0.1", &o->local_ip);
	inet_pton(AF_INET, "192.0.2.1", &o->remote_ip);
	inet_pton(AF_INET, "192.168.0.2", &o->gateway_ip);
	o->prefix_len = 16;
}

int pkt_opt_apply(struct pkt_opts *o, const char *arg, char *err, size_t errlen)
{
	static const char *const names[] = {
		"tolerance_usecs", "local_ip", "remote_ip", "gateway_ip", "verbose",
	};
	const char *eq = strchr(arg, '=');
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
	const char *v = eq ? eq + 1 : NULL;
	unsigned int k;

	if (strncmp(arg, "--", 2)) {
		snprintf(err, errlen, "not an option: '%s'", arg);
		return -1;
	}
	arg += 2;
	n -= 2;
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (strlen(names[k]) == n && !strncmp(arg, names[k], n))
			break;
	if (k == sizeof(names) / sizeof(names[0])) {
		snprintf(err, errlen, "unknown option '--%.*s'", (int)(n > 60 ? 60 : n), arg);
		return -1;
	}
	if ((k == PKT_OPT_VERBOSE) != !v) {
		snprintf(err, errlen, k == PKT_OPT_VERBOSE ? "--verbose takes no value" :
			 "--%s needs a value (--%s=...)", names[k], names[k]);
		return -1;
	}
	switch (k) {
	case PKT_OPT_TOL: {
		char *end;
		long t;

		errno = 0;
		t = strtol(v, &end, 10);
		if (!*v || *end || errno || t < 0 || t > 100000000) {
			snprintf(err, errlen, "--tolerance_usecs wants microseconds (0..100000000)");
			return -1;
		}
		o->tolerance_usecs = t;
		break;
	}
	case PKT_OPT_LOCAL:
	case PKT_OPT_REMOTE:
	case PKT_OPT_GW: {
		uint32_t a;

		if (inet_pton(AF_INET, v, &a) != 1) {
			snprintf(err, errlen, "--%s wants an IPv4 address", names[k]);
			return -1;
		}
		if (k == PKT_OPT_LOCAL)
			o->local_ip = a;
		else if (k == PKT_OPT_REMOTE)
			o->remote_ip = a;
		else
			o->gateway_ip = a;
		break;
	}
	case PKT_OPT_VERBOSE:
		o->verbose = true;
		break;
	}
	o->set[k] = true;
	return 0;
}

/* ---- the lexer ---- */
enum tok_type {
	T_EOF, T_INT, T_FLOAT, T_WORD, T_STR, T_BQ, T_ELLIPSIS, T_OPTION,
	T_CHAR, T_BAD,
};

struct tok {
	int		type;
	int		line;
	const char	*p;		/* the token's text */
	size_t		len;
	long long	i;		/* T_INT value; T_FLOAT: microseconds */
	char		c;		/* T_CHAR */
	const char	*bad;		/* T_BAD: why */
};

struct parser {
	const char		*path;
	const char		*buf;
	size_t			len, pos;
	int			line;
	struct tok		cur;
	bool			have;
	struct pkt_script	*s;
	FILE			*err;
	int			nerr;
	int			err_line;	/* line of the current error, 0 if none */
	int			last_line;	/* of the last token taken */
	int			depth;
};

static bool is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Skip blanks and comments; false (with *why) on an unterminated comment. */
static bool skip_space(struct parser *P, const char **why)
{
	while (P->pos < P->len) {
		char c = P->buf[P->pos];

		if (c == '\n') {
			P->line++;
			P->pos++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			P->pos++;
		} else if (c == '/' && P->pos + 1 < P->len && P->buf[P->pos + 1] == '/') {
			while (P->pos < P->len && P->buf[P->pos] != '\n')
				P->pos++;
		} else if (c == '/' && P->pos + 1 < P->len && P->buf[P->pos + 1] == '*') {
			int start = P->line;

			P->pos += 2;
			while (P->pos + 1 < P->len &&
			       !(P->buf[P->pos] == '*' && P->buf[P->pos + 1] == '/')) {
				if (P->buf[P->pos] == '\n')
					P->line++;
				P->pos++;
			}
			if (P->pos + 1 >= P->len) {
				P->pos = P->len;
				P->line = start;
				*why = "unterminated /* comment";
				return false;
			}
			P->pos += 2;
		} else {
			break;
		}
	}
	return true;
}

/* A number: digits, optional fraction; T_FLOAT holds microseconds. */
static void lex_number(struct parser *P, struct tok *t, bool neg)
{
	const char *b = P->buf;
	long long ip = 0, frac = 0, scale = 100000;
	bool big = false, isfloat = false;

	if (b[P->pos] == '0' && P->pos + 1 < P->len &&
	    (b[P->pos + 1] == 'x' || b[P->pos + 1] == 'X')) {
		P->pos += 2;
		if (P->pos >= P->len || !strchr("0123456789abcdefABCDEF", b[P->pos]) ||
		    !b[P->pos]) {
			t->type = T_BAD;
			t->bad = "bad hex number";
			return;
		}
		while (P->pos < P->len && b[P->pos] && strchr("0123456789abcdefABCDEF", b[P->pos])) {
			char c = b[P->pos++];
			int d = is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10;

			if (ip > (1LL << 40))
				big = true;
			else
				ip = ip * 16 + d;
		}
	} else {
		while (P->pos < P->len && is_digit(b[P->pos])) {
			if (ip > (1LL << 40))
				big = true;
			else
				ip = ip * 10 + (b[P->pos] - '0');
			P->pos++;
		}
		if (P->pos + 1 < P->len && b[P->pos] == '.' && is_digit(b[P->pos + 1])) {
			isfloat = true;
			P->pos++;
			while (P->pos < P->len && is_digit(b[P->pos])) {
				frac += (b[P->pos] - '0') * scale;
				scale /= 10;
				P->pos++;
			}
		}
	}
	if (P->pos < P->len && is_word(b[P->pos])) {
		t->type = T_BAD;
		t->bad = "bad number";
		while (P->pos < P->len && is_word(b[P->pos]))
			P->pos++;
		return;
	}
	if (big) {
		t->type = T_BAD;
		t->bad = "number too large";
		return;
	}
	if (isfloat) {
		if (ip > 1000000000LL) {
			t->type = T_BAD;
			t->bad = "time too large";
			return;
		}
		t->type = T_FLOAT;
		t->i = ip * 1000000 + frac;
	} else {
		t->type = T_INT;
		t->i = ip;
	}
	if (neg)
		t->i = -t->i;
}

static void lex(struct parser *P, struct tok *t)
{
	const char *b = P->buf, *why = NULL;
	size_t start;
	unsigned char c;

	memset(t, 0, sizeof(*t));
	if (!skip_space(P, &why)) {
		t->type = T_BAD;
		t->line = P->line;
		t->bad = why;
		t->p = b + P->pos;
		return;
	}
	t->line = P->line;
	start = P->pos;
	t->p = b + start;
	if (P->pos >= P->len) {
		t->type = T_EOF;
		return;
	}
	c = (unsigned char)b[P->pos];
	if (is_digit((char)c) ||
	    (c == '.' && P->pos + 1 < P->len && is_digit(b[P->pos + 1])) ||
	    (c == '-' && P->pos + 1 < P->len &&
	     (is_digit(b[P->pos + 1]) || b[P->pos + 1] == '.'))) {
		bool neg = c == '-';

		if (neg)
			P->pos++;
		if (b[P->pos] == '.') {
			/* ".5": no integer part */
			long long frac = 0, scale = 100000;

			P->pos++;
			if (P->pos >= P->len || !is_digit(b[P->pos])) {
				t->type = T_BAD;
				t->bad = "bad number";
			} else {
				while (P->pos < P->len && is_digit(b[P->pos])) {
					frac += (b[P->pos] - '0') * scale;
					scale /= 10;
					P->pos++;
				}
				t->type = T_FLOAT;
				t->i = neg ? -frac : frac;
			}
		} else {
			lex_number(P, t, neg);
		}
	} else if (is_word((char)c)) {
		while (P->pos < P->len && is_word(b[P->pos]))
			P->pos++;
		t->type = T_WORD;
	} else if (c == '.' && P->pos + 2 < P->len && b[P->pos + 1] == '.' &&
		   b[P->pos + 2] == '.') {
		P->pos += 3;
		t->type = T_ELLIPSIS;
	} else if (c == '-' && P->pos + 2 < P->len && b[P->pos + 1] == '-' &&
		   is_word(b[P->pos + 2])) {
		P->pos += 2;
		while (P->pos < P->len && b[P->pos] != '\n' && b[P->pos] != ' ' &&
		       b[P->pos] != '\t' && b[P->pos] != '\r' && b[P->pos])
			P->pos++;
		t->type = T_OPTION;
	} else if (c == '"' || c == '`') {
		char q = (char)c;

		P->pos++;
		while (P->pos < P->len && b[P->pos] != q && b[P->pos] != '\n' && b[P->pos]) {
			if (b[P->pos] == '\\' && P->pos + 1 < P->len && b[P->pos + 1] != '\n')
				P->pos++;
			P->pos++;
		}
		if (P->pos >= P->len || b[P->pos] != q) {
			t->type = T_BAD;
			t->bad = q == '"' ? "unterminated string" : "unterminated `command`";
			return;
		}
		P->pos++;
		t->type = q == '"' ? T_STR : T_BQ;
		t->p = b + start + 1;
		t->len = P->pos - start - 2;
		return;
	} else if (c == '%' && P->pos + 1 < P->len && b[P->pos + 1] == '{') {
		t->type = T_BAD;
		t->bad = "%{ python }% blocks are not supported";
		P->pos += 2;
		return;
	} else if (c == 0 || (c < 0x20 && c != '\t') || c >= 0x7f) {
		t->type = T_BAD;
		t->bad = c == 0 ? "binary data (a NUL byte): not a packetdrill script" :
			 "a byte that is not printable ASCII outside a comment or string";
		P->pos++;
		return;
	} else {
		P->pos++;
		t->type = T_CHAR;
		t->c = (char)c;
	}
	t->len = P->pos - start;
}

static struct tok *peek(struct parser *P)
{
	if (!P->have) {
		lex(P, &P->cur);
		P->have = true;
	}
	return &P->cur;
}

static struct tok next(struct parser *P)
{
	struct tok t = *peek(P);

	P->have = false;
	P->last_line = t.line;
	return t;
}

/* ---- errors ---- */
static void describe_tok(const struct tok *t, char *buf, size_t n)
{
	switch (t->type) {
	case T_EOF:
		snprintf(buf, n, "end of file");
		break;
	case T_BAD:
		snprintf(buf, n, "bad input");
		break;
	case T_STR:
		snprintf(buf, n, "\"%.*s\"", (int)(t->len > 40 ? 40 : t->len), t->p);
		break;
	default:
		snprintf(buf, n, "'%.*s'", (int)(t->len > 40 ? 40 : t->len), t->p);
	}
}

static bool fail(struct parser *P, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(struct parser *P, int line, const char *fmt, ...)
{
	va_list ap;

	if (P->err_line)
		return false;	/* one message per bad line */
	P->err_line = line;
	P->nerr++;
	if (P->nerr > PKT_MAX_ERRORS)
		return false;
	if (P->err) {
		fprintf(P->err, "%s:%d: ", P->path, line);
		va_start(ap, fmt);
		vfprintf(P->err, fmt, ap);
		va_end(ap);
		fputc('\n', P->err);
	}
	return false;
}

static bool syntax(struct parser *P, const struct tok *t, const char *want)
{
	char d[64];

	if (t->type == T_BAD)
		return fail(P, t->line, "%s", t->bad);
	describe_tok(t, d, sizeof(d));
	if (want)
		return fail(P, t->line, "syntax error at %s: expected %s", d, want);
	return fail(P, t->line, "syntax error at %s", d);
}

static bool expect_char(struct parser *P, char c)
{
	struct tok t = next(P);
	char want[8];

	if (t.type == T_CHAR && t.c == c)
		return true;
	snprintf(want, sizeof(want), "'%c'", c);
	return syntax(P, &t, want);
}

static bool is_char(struct parser *P, char c)
{
	struct tok *t = peek(P);

	return t->type == T_CHAR && t->c == c;
}

static bool is_word_tok(const struct tok *t, const char *w)
{
	return t->type == T_WORD && t->len == strlen(w) && !memcmp(t->p, w, t->len);
}

static bool want_int(struct parser *P, long long lo, long long hi, long long *v,
		     const char *what)
{
	struct tok t = next(P);

	if (t.type != T_INT)
		return syntax(P, &t, what);
	if (t.i < lo || t.i > hi)
		return fail(P, t.line, "%s %lld out of range (%lld..%lld)", what, t.i, lo, hi);
	*v = t.i;
	return true;
}

/* ---- symbols ---- */
struct sym {
	const char	*name;
	long long	val;
};

#define S(x) { #x, x }
static const struct sym symbols[] = {
	S(AF_INET), S(AF_INET6), S(AF_UNSPEC), S(PF_INET), S(PF_INET6),
	S(SOCK_STREAM), S(SOCK_DGRAM), S(SOCK_RAW), S(SOCK_NONBLOCK), S(SOCK_CLOEXEC),
	S(IPPROTO_IP), S(IPPROTO_TCP), S(IPPROTO_UDP), S(IPPROTO_ICMP),
	S(SOL_SOCKET), S(SOL_TCP), S(SOL_IP), { "SOL_UDP", IPPROTO_UDP },
	S(SO_REUSEADDR), S(SO_REUSEPORT), S(SO_ERROR), S(SO_RCVBUF), S(SO_SNDBUF),
	S(SO_LINGER), S(SO_KEEPALIVE), S(SO_BROADCAST), S(SO_TYPE), S(SO_RCVLOWAT),
	S(SO_SNDBUFFORCE), S(SO_RCVBUFFORCE), S(SO_PRIORITY), S(SO_MARK), S(SO_DEBUG),
	S(SO_OOBINLINE), S(SO_DONTROUTE), S(SO_ACCEPTCONN), S(SO_PROTOCOL), S(SO_DOMAIN),
	S(TCP_NODELAY), S(TCP_MAXSEG), S(TCP_SYNCNT), S(TCP_USER_TIMEOUT), S(TCP_QUICKACK),
	S(TCP_DEFER_ACCEPT), S(TCP_KEEPIDLE), S(TCP_KEEPINTVL), S(TCP_KEEPCNT),
	S(TCP_LINGER2), S(TCP_WINDOW_CLAMP), S(TCP_CORK), S(TCP_FASTOPEN),
	S(TCP_CONGESTION), S(TCP_INFO),
	S(IP_RECVERR), S(IP_TOS), S(IP_TTL), S(IP_MTU_DISCOVER), S(IP_MTU),
	S(IP_PMTUDISC_DONT), S(IP_PMTUDISC_WANT), S(IP_PMTUDISC_DO), S(IP_PMTUDISC_PROBE),
	S(IP_FREEBIND), S(IP_BIND_ADDRESS_NO_PORT),
	S(F_GETFL), S(F_SETFL), S(F_GETFD), S(F_SETFD), S(FD_CLOEXEC),
	S(O_RDONLY), S(O_WRONLY), S(O_RDWR), S(O_NONBLOCK),
	S(POLLIN), S(POLLOUT), S(POLLERR), S(POLLHUP), S(POLLPRI), S(POLLNVAL),
	S(POLLRDNORM), S(POLLWRNORM), S(POLLRDBAND), S(POLLWRBAND), S(POLLRDHUP),
	S(MSG_DONTWAIT), S(MSG_PEEK), S(MSG_ERRQUEUE), S(MSG_NOSIGNAL), S(MSG_WAITALL),
	S(MSG_TRUNC), S(MSG_FASTOPEN),
	S(SHUT_RD), S(SHUT_WR), S(SHUT_RDWR),
	S(INADDR_ANY),
	{ NULL, 0 }
};

static const struct sym errnos[] = {
	S(EPERM), S(ENOENT), S(EINTR), S(EIO), S(EBADF), S(EAGAIN), S(EWOULDBLOCK),
	S(ENOMEM), S(EACCES), S(EFAULT), S(EBUSY), S(EEXIST), S(EINVAL), S(ENFILE),
	S(EMFILE), S(EPIPE), S(ENOSPC), S(ERANGE), S(ENOTSOCK), S(EDESTADDRREQ),
	S(EMSGSIZE), S(EPROTOTYPE), S(ENOPROTOOPT), S(EPROTONOSUPPORT),
	S(ESOCKTNOSUPPORT), S(EOPNOTSUPP), S(EPFNOSUPPORT), S(EAFNOSUPPORT),
	S(EADDRINUSE), S(EADDRNOTAVAIL), S(ENETDOWN), S(ENETUNREACH), S(ENETRESET),
	S(ECONNABORTED), S(ECONNRESET), S(ENOBUFS), S(EISCONN), S(ENOTCONN),
	S(ESHUTDOWN), S(ETIMEDOUT), S(ECONNREFUSED), S(EHOSTDOWN), S(EHOSTUNREACH),
	S(EALREADY), S(EINPROGRESS), S(EPROTO), S(ENOTSUP), S(ERESTART),
	{ NULL, 0 }
};
#undef S

static bool find_sym(const struct sym *tab, const char *p, size_t n, long long *v)
{
	for (; tab->name; tab++)
		if (strlen(tab->name) == n && !memcmp(tab->name, p, n)) {
			*v = tab->val;
			return true;
		}
	return false;
}

/* ---- expressions (syscall arguments) ---- */
static bool parse_expr(struct parser *P, struct pkt_expr *e);

static bool parse_list(struct parser *P, struct pkt_expr *e, char close, bool named)
{
	struct pkt_expr tmp[16];
	int n = 0;

	if (++P->depth > PKT_MAX_DEPTH)
		return fail(P, peek(P)->line, "expression nested too deeply");
	if (named && peek(P)->type == T_ELLIPSIS) {
		next(P);
		P->depth--;
		e->kind = PKT_X_ELLIPSIS;
		return expect_char(P, close);
	}
	while (!is_char(P, close)) {
		if (n == 16)
			return fail(P, peek(P)->line, "more than 16 items in a list");
		memset(&tmp[n], 0, sizeof(tmp[n]));
		if (named) {
			struct tok t = next(P);

			if (t.type != T_WORD)
				return syntax(P, &t, "a field name");
			if (!expect_char(P, '='))
				return false;
			if (!parse_expr(P, &tmp[n]))
				return false;
			tmp[n].str = astrndup(P->s, t.p, t.len);
		} else if (!parse_expr(P, &tmp[n])) {
			return false;
		}
		n++;
		if (!is_char(P, ','))
			break;
		next(P);
	}
	if (!expect_char(P, close))
		return false;
	P->depth--;
	e->kind = named ? PKT_X_STRUCT : PKT_X_LIST;
	e->n = n;
	e->items = aalloc(P->s, sizeof(*e->items) * (size_t)(n ? n : 1));
	memcpy(e->items, tmp, sizeof(*tmp) * (size_t)n);
	return true;
}

static bool parse_term(struct parser *P, struct pkt_expr *e)
{
	struct tok t = next(P);

	memset(e, 0, sizeof(*e));
	switch (t.type) {
	case T_INT:
		e->kind = PKT_X_INT;
		e->num = t.i;
		return true;
	case T_ELLIPSIS:
		e->kind = PKT_X_ELLIPSIS;
		return true;
	case T_STR:
		e->kind = PKT_X_STR;
		e->str = astrndup(P->s, t.p, t.len);
		return true;
	case T_CHAR:
		if (t.c == '[')
			return parse_list(P, e, ']', false);
		if (t.c == '{')
			return parse_list(P, e, '}', true);
		return syntax(P, &t, "an argument");
	case T_WORD:
		if (is_word_tok(&t, "htons")) {
			long long v;

			if (!expect_char(P, '(') || !want_int(P, 0, 65535, &v, "a port") ||
			    !expect_char(P, ')'))
				return false;
			e->kind = PKT_X_PORT;
			e->num = v;
			return true;
		}
		if (is_word_tok(&t, "inet_addr")) {
			struct tok s;
			char a[32];
			uint32_t ad;

			if (!expect_char(P, '('))
				return false;
			s = next(P);
			if (s.type != T_STR)
				return syntax(P, &s, "an address in quotes");
			snprintf(a, sizeof(a), "%.*s", (int)(s.len > 30 ? 30 : s.len), s.p);
			if (inet_pton(AF_INET, a, &ad) != 1)
				return fail(P, s.line, "not an IPv4 address: \"%s\"", a);
			if (!expect_char(P, ')'))
				return false;
			e->kind = PKT_X_INADDR;
			e->num = ad;
			return true;
		}
		e->kind = PKT_X_INT;
		if (find_sym(symbols, t.p, t.len, &e->num) || find_sym(errnos, t.p, t.len, &e->num))
			return true;
		return fail(P, t.line, "unknown symbol '%.*s'", (int)(t.len > 40 ? 40 : t.len), t.p);
	default:
		return syntax(P, &t, "an argument");
	}
}

/* term ('|' term)*: flag expressions fold to one number. */
static bool parse_expr(struct parser *P, struct pkt_expr *e)
{
	if (!parse_term(P, e))
		return false;
	while (is_char(P, '|')) {
		struct pkt_expr r;
		int line = next(P).line;

		if (!parse_term(P, &r))
			return false;
		if (e->kind != PKT_X_INT || r.kind != PKT_X_INT)
			return fail(P, line, "'|' joins numbers or flags only");
		e->num |= r.num;
	}
	return true;
}

/* ---- syscalls ---- */
static const struct {
	const char	*name;
	int		nr;
	int		minargs, maxargs;
} syscalls[] = {
	{ "socket", PKT_SYS_SOCKET, 3, 3 },
	{ "bind", PKT_SYS_BIND, 3, 3 },
	{ "listen", PKT_SYS_LISTEN, 2, 2 },
	{ "accept", PKT_SYS_ACCEPT, 3, 3 },
	{ "connect", PKT_SYS_CONNECT, 3, 3 },
	{ "close", PKT_SYS_CLOSE, 1, 1 },
	{ "shutdown", PKT_SYS_SHUTDOWN, 2, 2 },
	{ "setsockopt", PKT_SYS_SETSOCKOPT, 5, 5 },
	{ "getsockopt", PKT_SYS_GETSOCKOPT, 5, 5 },
	{ "fcntl", PKT_SYS_FCNTL, 2, 3 },
	{ "poll", PKT_SYS_POLL, 3, 3 },
	{ "read", PKT_SYS_READ, 3, 3 },
	{ "write", PKT_SYS_WRITE, 3, 3 },
	{ "send", PKT_SYS_SEND, 4, 4 },
	{ "recv", PKT_SYS_RECV, 4, 4 },
	{ "sendto", PKT_SYS_SENDTO, 6, 6 },
	{ "recvfrom", PKT_SYS_RECVFROM, 6, 6 },
	{ "getsockname", PKT_SYS_GETSOCKNAME, 3, 3 },
	{ "getpeername", PKT_SYS_GETPEERNAME, 3, 3 },
};

static bool parse_syscall(struct parser *P, struct pkt_event *ev, const struct tok *name)
{
	struct pkt_syscall *sc = &ev->u.sys;
	unsigned int k;
	struct tok t;
	long long v;

	for (k = 0; k < sizeof(syscalls) / sizeof(syscalls[0]); k++)
		if (is_word_tok(name, syscalls[k].name))
			break;
	if (k == sizeof(syscalls) / sizeof(syscalls[0]))
		return fail(P, name->line, "unknown or unsupported system call '%.*s'",
			    (int)(name->len > 40 ? 40 : name->len), name->p);
	ev->kind = PKT_EV_SYSCALL;
	sc->nr = syscalls[k].nr;
	sc->name = syscalls[k].name;
	if (!expect_char(P, '('))
		return false;
	while (!is_char(P, ')')) {
		if (sc->nargs == PKT_MAX_ARGS)
			return fail(P, peek(P)->line, "too many arguments");
		if (!parse_expr(P, &sc->args[sc->nargs++]))
			return false;
		if (!is_char(P, ','))
			break;
		next(P);
	}
	if (!expect_char(P, ')'))
		return false;
	if (sc->nargs < syscalls[k].minargs || sc->nargs > syscalls[k].maxargs)
		return fail(P, name->line, "%s() takes %d argument%s, not %d", sc->name,
			    syscalls[k].minargs, syscalls[k].minargs == 1 ? "" : "s", sc->nargs);
	if (!expect_char(P, '='))
		return false;
	t = next(P);
	if (t.type == T_INT) {
		v = t.i;
	} else if (t.type == T_WORD && find_sym(symbols, t.p, t.len, &v)) {
		/* a result written as a symbol */
	} else {
		return syntax(P, &t, "a result");
	}
	if (v < -0x80000000LL || v > 0xffffffffLL)
		return fail(P, t.line, "result %lld out of range", v);
	sc->result = v;
	t = *peek(P);
	if (t.type == T_WORD && t.line == name->line) {
		long long e;

		next(P);
		if (!find_sym(errnos, t.p, t.len, &e))
			return fail(P, t.line, "unknown errno '%.*s'",
				    (int)(t.len > 40 ? 40 : t.len), t.p);
		sc->err = (int)e;
		sc->errname = astrndup(P->s, t.p, t.len);
	}
	/* "(Operation now in progress)", "(flags O_RDWR)": a comment */
	if (is_char(P, '(') && peek(P)->line == name->line) {
		int line = next(P).line;
		int guard = 0;

		while (!is_char(P, ')')) {
			t = next(P);
			if (t.type == T_EOF || t.type == T_BAD || t.line != line || ++guard > 64)
				return syntax(P, &t, "')'");
		}
		next(P);
	}
	if (sc->err && sc->result != -1)
		return fail(P, name->line, "an errno goes with a result of -1");
	return true;
}

/* ---- packets ---- */
static bool parse_seq(struct parser *P, uint32_t *seq, uint32_t *end, uint32_t *len)
{
	long long a, b, c;

	if (!want_int(P, 0, 0xffffffffLL, &a, "a sequence number") || !expect_char(P, ':') ||
	    !want_int(P, 0, 0xffffffffLL, &b, "an end sequence number") ||
	    !expect_char(P, '(') || !want_int(P, 0, 65535, &c, "a length") ||
	    !expect_char(P, ')'))
		return false;
	if ((uint32_t)(a + c) != (uint32_t)b)
		return fail(P, P->cur.line, "%lld:%lld(%lld): end is not start + length", a, b, c);
	*seq = (uint32_t)a;
	*end = (uint32_t)b;
	*len = (uint32_t)c;
	return true;
}

static bool put_opt(struct parser *P, struct pkt_packet *pk, const uint8_t *o, unsigned int n,
		    int line)
{
	if (pk->opt_len + n > sizeof(pk->opt))
		return fail(P, line, "TCP options longer than 40 bytes");
	memcpy(pk->opt + pk->opt_len, o, n);
	pk->opt_len += n;
	return true;
}

static bool parse_tcp_options(struct parser *P, struct pkt_packet *pk)
{
	pk->has_opts = true;
	if (peek(P)->type == T_ELLIPSIS) {
		next(P);
		pk->opts_nocheck = true;
		return expect_char(P, '>');
	}
	for (;;) {
		struct tok t = next(P);
		uint8_t o[40];
		long long v, w;

		if (t.type != T_WORD)
			return syntax(P, &t, "a TCP option");
		if (is_word_tok(&t, "nop")) {
			o[0] = 1;
			if (!put_opt(P, pk, o, 1, t.line))
				return false;
		} else if (is_word_tok(&t, "eol")) {
			o[0] = 0;
			if (!put_opt(P, pk, o, 1, t.line))
				return false;
		} else if (is_word_tok(&t, "mss")) {
			if (!want_int(P, 0, 65535, &v, "an MSS"))
				return false;
			o[0] = 2; o[1] = 4; o[2] = (uint8_t)(v >> 8); o[3] = (uint8_t)v;
			if (!put_opt(P, pk, o, 4, t.line))
				return false;
		} else if (is_word_tok(&t, "wscale")) {
			if (!want_int(P, 0, 255, &v, "a window scale"))
				return false;
			o[0] = 3; o[1] = 3; o[2] = (uint8_t)v;
			if (!put_opt(P, pk, o, 3, t.line))
				return false;
		} else if (is_word_tok(&t, "sackOK")) {
			o[0] = 4; o[1] = 2;
			if (!put_opt(P, pk, o, 2, t.line))
				return false;
		} else if (is_word_tok(&t, "TS")) {
			struct tok k = next(P);

			if (!is_word_tok(&k, "val"))
				return syntax(P, &k, "'val'");
			if (!want_int(P, 0, 0xffffffffLL, &v, "a TS value"))
				return false;
			k = next(P);
			if (!is_word_tok(&k, "ecr"))
				return syntax(P, &k, "'ecr'");
			if (!want_int(P, 0, 0xffffffffLL, &w, "a TS echo reply"))
				return false;
			o[0] = 8; o[1] = 10;
			o[2] = (uint8_t)(v >> 24); o[3] = (uint8_t)(v >> 16);
			o[4] = (uint8_t)(v >> 8); o[5] = (uint8_t)v;
			o[6] = (uint8_t)(w >> 24); o[7] = (uint8_t)(w >> 16);
			o[8] = (uint8_t)(w >> 8); o[9] = (uint8_t)w;
			pk->ts_at = (int)pk->opt_len;
			if (!put_opt(P, pk, o, 10, t.line))
				return false;
		} else if (is_word_tok(&t, "sack")) {
			unsigned int n = 2;

			o[0] = 5;
			while (peek(P)->type == T_INT) {
				if (n + 8 > sizeof(o))
					return fail(P, t.line, "too many SACK blocks");
				if (!want_int(P, 0, 0xffffffffLL, &v, "a SACK start") ||
				    !expect_char(P, ':') ||
				    !want_int(P, 0, 0xffffffffLL, &w, "a SACK end"))
					return false;
				if (pk->nsack < 4)
					pk->sack_at[pk->nsack++] = (int)(pk->opt_len + n);
				o[n++] = (uint8_t)(v >> 24); o[n++] = (uint8_t)(v >> 16);
				o[n++] = (uint8_t)(v >> 8); o[n++] = (uint8_t)v;
				o[n++] = (uint8_t)(w >> 24); o[n++] = (uint8_t)(w >> 16);
				o[n++] = (uint8_t)(w >> 8); o[n++] = (uint8_t)w;
			}
			if (n == 2)
				return syntax(P, peek(P), "a SACK block start:end");
			o[1] = (uint8_t)n;
			if (!put_opt(P, pk, o, n, t.line))
				return false;
		} else {
			return fail(P, t.line, "unknown TCP option '%.*s'",
				    (int)(t.len > 40 ? 40 : t.len), t.p);
		}
		if (is_char(P, '>')) {
			next(P);
			return true;
		}
		if (!expect_char(P, ','))
			return false;
	}
}

static const struct sym icmp_types[] = {
	{ "echo_reply", 0 }, { "unreachable", 3 }, { "source_quench", 4 },
	{ "redirect", 5 }, { "echo_request", 8 }, { "time_exceeded", 11 },
	{ "parameter_problem", 12 }, { NULL, 0 }
};

static const struct sym icmp_codes[] = {
	{ "net_unreachable", 0 }, { "host_unreachable", 1 },
	{ "protocol_unreachable", 2 }, { "port_unreachable", 3 },
	{ "frag_needed", 4 }, { "source_route_failed", 5 },
	{ "net_unknown", 6 }, { "host_unknown", 7 }, { "source_host_isolated", 8 },
	{ "net_prohibited", 9 }, { "host_prohibited", 10 },
	{ "net_unreachable_for_tos", 11 }, { "host_unreachable_for_tos", 12 },
	{ "packet_filtered", 13 }, { "precedence_violation", 14 },
	{ "precedence_cutoff", 15 }, { "ttl_exceeded", 0 },
	{ "reassembly_exceeded", 1 }, { NULL, 0 }
};

static bool parse_icmp(struct parser *P, struct pkt_packet *pk)
{
	struct tok t = next(P);
	long long v;

	pk->proto = 1;
	if (t.type != T_WORD || !find_sym(icmp_types, t.p, t.len, &v))
		return t.type == T_WORD ?
		       fail(P, t.line, "unknown ICMP type '%.*s'", (int)(t.len > 40 ? 40 : t.len), t.p) :
		       syntax(P, &t, "an ICMP type");
	pk->icmp_type = (int)v;
	t = *peek(P);
	if (t.type == T_WORD && !is_word_tok(&t, "mtu")) {
		next(P);
		if (!find_sym(icmp_codes, t.p, t.len, &v))
			return fail(P, t.line, "unknown ICMP code '%.*s'",
				    (int)(t.len > 40 ? 40 : t.len), t.p);
		pk->icmp_code = (int)v;
	} else if (t.type == T_INT) {
		if (!want_int(P, 0, 255, &v, "an ICMP code"))
			return false;
		pk->icmp_code = (int)v;
	}
	if (is_word_tok(peek(P), "mtu")) {
		next(P);
		if (!want_int(P, 0, 65535, &v, "an MTU"))
			return false;
		pk->mtu = (long)v;
	}
	pk->echo_proto = 6;
	if (is_char(P, '[')) {
		next(P);
		if (is_word_tok(peek(P), "udp")) {
			next(P);
			if (!expect_char(P, '(') || !want_int(P, 0, 65507, &v, "a UDP length") ||
			    !expect_char(P, ')'))
				return false;
			pk->echo_proto = 17;
			pk->echo_len = (uint32_t)v;
		} else {
			uint32_t end;

			if (!parse_seq(P, &pk->echo_seq, &end, &pk->echo_len))
				return false;
		}
		if (!expect_char(P, ']'))
			return false;
	}
	return true;
}

/* Flags come as one word of F S R P . E W U, read from the raw text. */
static bool parse_flags(struct parser *P, struct pkt_packet *pk, int line)
{
	size_t i = P->pos, s;
	const char *b = P->buf;

	while (i < P->len && (b[i] == ' ' || b[i] == '\t'))
		i++;
	s = i;
	while (i < P->len && (b[i] == '.' || (b[i] >= 'A' && b[i] <= 'Z') ||
			      (b[i] >= 'a' && b[i] <= 'z')))
		i++;
	if (i == s)
		return syntax(P, peek(P), "TCP flags, udp or icmp");
	if ((i - s == 3 && !memcmp(b + s, "udp", 3)) || (i - s == 4 && !memcmp(b + s, "icmp", 4))) {
		P->pos = i;
		pk->proto = b[s] == 'u' ? 17 : 1;
		return true;
	}
	for (; s < i; s++) {
		const char *f = "FSRP.UEW";
		const char *c = strchr(f, b[s]);

		if (!c || !b[s]) {
			P->pos = i;
			return fail(P, line, "bad TCP flag '%c' (flags are F S R P . U E W)", b[s]);
		}
		pk->flags |= (uint8_t)(1u << (c - f));
	}
	P->pos = i;
	pk->proto = 6;
	return true;
}

static bool parse_packet(struct parser *P, struct pkt_event *ev, char dir, int line)
{
	struct pkt_packet *pk = &ev->u.pkt;
	long long v;

	ev->kind = PKT_EV_PACKET;
	pk->dir = dir;
	pk->win = -1;
	pk->mtu = -1;
	pk->ts_at = -1;
	P->have = false;
	if (!parse_flags(P, pk, line))
		return false;
	if (pk->proto == 17) {
		if (!expect_char(P, '(') || !want_int(P, 0, 65507, &v, "a UDP payload length") ||
		    !expect_char(P, ')'))
			return false;
		pk->udp_len = (uint32_t)v;
		return true;
	}
	if (pk->proto == 1)
		return parse_icmp(P, pk);
	if (!parse_seq(P, &pk->seq, &pk->end, &pk->len))
		return false;
	if (is_word_tok(peek(P), "ack")) {
		next(P);
		if (!want_int(P, 0, 0xffffffffLL, &v, "an ACK number"))
			return false;
		pk->has_ack = true;
		pk->ack = (uint32_t)v;
	}
	if (is_word_tok(peek(P), "win")) {
		next(P);
		if (!want_int(P, 0, 65535, &v, "a window"))
			return false;
		pk->win = (long)v;
	}
	if (is_char(P, '<')) {
		next(P);
		if (!parse_tcp_options(P, pk))
			return false;
	}
	if ((pk->flags & KM_TH_ACK) && !pk->has_ack)
		return fail(P, line, "a packet with the ACK flag needs 'ack N'");
	return true;
}

/* ---- `shell` lines: only sysctl settings of the host under test ---- */
static bool parse_shell(struct parser *P, struct pkt_event *ev, const struct tok *t)
{
	struct pkt_shell *sh = &ev->u.sh;
	char cmd[512];
	char *save = NULL, *part;

	ev->kind = PKT_EV_SHELL;
	if (t->len >= sizeof(cmd))
		return fail(P, t->line, "shell command too long; only `sysctl -q net.ipv4.NAME=VALUE` is run");
	memcpy(cmd, t->p, t->len);
	cmd[t->len] = 0;
	snprintf(sh->cmd, sizeof(sh->cmd), "%.*s", (int)sizeof(sh->cmd) - 1, cmd);
	for (part = strtok_r(cmd, ";", &save); part; part = strtok_r(NULL, ";", &save)) {
		char *w, *s2 = NULL;
		bool first = true, any = false;

		for (w = strtok_r(part, " \t", &s2); w; w = strtok_r(NULL, " \t", &s2)) {
			char *eq, *val, *endp;
			long vals[3];
			int nv = 0, i;

			if (first) {
				first = false;
				if (strcmp(w, "sysctl"))
					goto unsupported;
				continue;
			}
			if (!strcmp(w, "-q") || !strcmp(w, "-w") || !strcmp(w, "-qw"))
				continue;
			eq = strchr(w, '=');
			if (!eq || (strncmp(w, "net.ipv4.", 9) && strncmp(w, "net.core.", 9)) ||
			    eq - w > 48)
				goto unsupported;
			*eq = 0;
			val = eq + 1;
			/* a quoted list: "4096 87380 6291456" spans words */
			if (*val == '"' || *val == '\'') {
				char q = *val++;
				char *close = strchr(val, q);

				while (!close) {
					char *more = strtok_r(NULL, " \t", &s2);

					if (!more)
						return fail(P, t->line, "unterminated quote in `%.*s`",
							    (int)(t->len > 80 ? 80 : t->len), t->p);
					more[-1] = ' ';
					close = strchr(val, q);
				}
				*close = 0;
			}
			while (*val) {
				while (*val == ' ')
					val++;
				if (!*val)
					break;
				if (nv == 3)
					return fail(P, t->line, "too many values for %s", w);
				errno = 0;
				vals[nv] = strtol(val, &endp, 10);
				if (endp == val || errno || (*endp && *endp != ' '))
					return fail(P, t->line, "sysctl %s: '%s' is not a number", w, val);
				nv++;
				val = endp;
			}
			if (!nv)
				return fail(P, t->line, "sysctl %s has no value", w);
			for (i = 0; i < nv; i++) {
				if (sh->n == PKT_MAX_SYSCTL)
					return fail(P, t->line, "more than %d sysctl settings on one line",
						    PKT_MAX_SYSCTL);
				if (nv == 1)
					snprintf(sh->name[sh->n], sizeof(sh->name[0]), "%s", w);
				else
					snprintf(sh->name[sh->n], sizeof(sh->name[0]), "%s[%d]", w, i);
				sh->value[sh->n++] = vals[i];
			}
			any = true;
		}
		if (!any)
			goto unsupported;
	}
	if (!sh->n)
		goto unsupported;
	return true;
unsupported:
	return fail(P, t->line, "unsupported shell command `%.*s`: kmirror runs only "
		    "`sysctl -q net.ipv4.NAME=VALUE` (never a shell)",
		    (int)(t->len > 80 ? 80 : t->len), t->p);
}

/* ---- events ---- */
static bool parse_time_value(struct parser *P, long long *us)
{
	struct tok t = next(P);

	if (t.type == T_INT) {
		if (t.i > PKT_MAX_TIME_S || t.i < -PKT_MAX_TIME_S)
			return fail(P, t.line, "time %lld s out of range", t.i);
		*us = t.i * 1000000;
		return true;
	}
	if (t.type == T_FLOAT) {
		if (t.i > PKT_MAX_TIME_S * 1000000 || t.i < -PKT_MAX_TIME_S * 1000000)
			return fail(P, t.line, "time %lld us out of range", t.i);
		*us = t.i;
		return true;
	}
	return syntax(P, &t, "a time");
}

static bool parse_time(struct parser *P, struct pkt_time *tm)
{
	if (is_char(P, '*')) {
		next(P);
		tm->kind = PKT_T_ANY;
		return true;
	}
	tm->kind = PKT_T_ABS;
	if (is_char(P, '+')) {
		next(P);
		tm->kind = PKT_T_REL;
	}
	if (!parse_time_value(P, &tm->us))
		return false;
	if (tm->us < 0)
		return fail(P, P->cur.line, "negative time");
	if (peek(P)->type == T_ELLIPSIS || is_char(P, '~')) {
		tm->tilde = next(P).type == T_CHAR;
		if (is_char(P, '+'))
			next(P);
		if (!parse_time_value(P, &tm->end_us))
			return false;
		if (tm->end_us < tm->us)
			return fail(P, P->cur.line, "time range ends before it starts");
		tm->range = true;
	}
	return true;
}

static void set_text(struct parser *P, struct pkt_event *ev, size_t from)
{
	size_t e = from;

	while (e < P->len && P->buf[e] != '\n')
		e++;
	while (e > from && (P->buf[e - 1] == ' ' || P->buf[e - 1] == '\t' ||
			    P->buf[e - 1] == '\r'))
		e--;
	if (e - from > 200)
		e = from + 200;
	ev->text = astrndup(P->s, P->buf + from, e - from);
}

static bool parse_event(struct parser *P, struct pkt_event *ev)
{
	struct tok *t = peek(P);
	size_t from = t->p >= P->buf && t->p <= P->buf + P->len ?
		      (size_t)(t->p - P->buf) : P->len;
	struct tok w;

	ev->line = t->line;
	set_text(P, ev, from);
	if (!parse_time(P, &ev->time))
		return false;
	w = next(P);
	if (ev->time.kind == PKT_T_ANY && !(w.type == T_CHAR && w.c == '>'))
		return fail(P, w.line, "event time * can only be used with outbound packets");
	if (ev->time.range && (w.type != T_CHAR || w.c != '>') && ev->time.tilde)
		return fail(P, w.line, "event time range can only be used with outbound packets");
	if (w.type == T_CHAR && (w.c == '<' || w.c == '>')) {
		if (ev->time.range && !ev->time.tilde)
			return fail(P, w.line, "A...B is a blocking call's end time; a packet's "
				    "time range is written A~B");
		return parse_packet(P, ev, w.c, w.line);
	}
	if (w.type == T_BQ) {
		if (ev->time.range)
			return fail(P, w.line, "a shell command takes a time, not a range");
		return parse_shell(P, ev, &w);
	}
	if (w.type == T_WORD && is_char(P, '('))
		return parse_syscall(P, ev, &w);
	if (w.type == T_WORD)
		return fail(P, w.line, "unknown event '%.*s': expected a packet (< or >), "
			    "a system call or a `shell command`",
			    (int)(w.len > 40 ? 40 : w.len), w.p);
	return syntax(P, &w, "a packet, a system call or a `command`");
}

/* After an error: skip to the first token of a later line. */
static void recover(struct parser *P)
{
	int line = P->err_line;

	for (;;) {
		struct tok *t = peek(P);

		if (t->type == T_EOF || (t->line > line && t->type != T_BAD))
			break;
		if (t->type == T_BAD && t->line > line)
			break;
		next(P);
	}
	P->err_line = 0;
}

int pkt_parse(const char *path, const char *text, size_t len,
	      struct pkt_script **out, FILE *err)
{
	struct parser P = { 0 };
	struct pkt_script *s = calloc(1, sizeof(*s));
	bool events_started = false, ok;
	int cap = 0;

	*out = NULL;
	if (!s)
		return -1;
	s->path = strdup(path);
	pkt_opts_default(&s->opts);
	if (len > PKT_MAX_SCRIPT) {
		if (err)
			fprintf(err, "%s:1: script is %zu bytes; kmirror pkt reads at most %u\n",
				path, len, PKT_MAX_SCRIPT);
		pkt_script_free(s);
		return -1;
	}
	if (memchr(text, 0, len)) {
		const char *z = memchr(text, 0, len), *q;
		int line = 1;

		for (q = text; q < z; q++)
			line += *q == '\n';
		if (err)
			fprintf(err, "%s:%d: binary data (a NUL byte): not a packetdrill script\n",
				path, line);
		pkt_script_free(s);
		return -1;
	}
	P.path = path;
	P.buf = text;
	P.len = len;
	P.line = 1;
	P.s = s;
	P.err = err;
	while (peek(&P)->type != T_EOF && P.nerr <= PKT_MAX_ERRORS) {
		struct tok *t = peek(&P);
		struct pkt_event ev;

		if (t->type == T_OPTION) {
			struct tok o = next(&P);
			char arg[128], msg[160];

			if (events_started)
				fail(&P, o.line, "options come before the first event");
			else if (o.len >= sizeof(arg))
				fail(&P, o.line, "option too long");
			else {
				memcpy(arg, o.p, o.len);
				arg[o.len] = 0;
				if (pkt_opt_apply(&s->opts, arg, msg, sizeof(msg)))
					fail(&P, o.line, "%s", msg);
			}
			if (P.err_line)
				recover(&P);
			continue;
		}
		memset(&ev, 0, sizeof(ev));
		if (t->type == T_BQ && !events_started) {
			/* an init command, before the first event: at time 0 */
			struct tok c = next(&P);

			ev.line = c.line;
			set_text(&P, &ev, (size_t)(c.p - 1 - P.buf));
			ok = parse_shell(&P, &ev, &c);
		} else {
			ok = parse_event(&P, &ev);
		}
		events_started = true;
		/* nothing else may follow on the event's last line */
		if (ok) {
			t = peek(&P);
			if (t->type != T_EOF && t->line == P.last_line)
				syntax(&P, t, "the end of the line");
		}
		if (P.err_line) {
			recover(&P);
			continue;
		}
		if (s->nev == cap) {
			struct pkt_event *n;

			cap = cap ? cap * 2 : 32;
			n = realloc(s->ev, sizeof(*n) * (size_t)cap);
			if (!n)
				abort();
			s->ev = n;
		}
		s->ev[s->nev++] = ev;
	}
	if (P.nerr > PKT_MAX_ERRORS && err)
		fprintf(err, "%s: too many errors; stopped\n", path);
	if (!P.nerr && s->nev == 0) {
		if (err)
			fprintf(err, "%s:%d: the script has no events\n", path, P.line);
		P.nerr++;
	}
	if (!P.nerr && s->ev[0].time.kind == PKT_T_ABS && s->ev[0].time.us != 0) {
		if (err)
			fprintf(err, "%s:%d: first event should be at time 0\n", path, s->ev[0].line);
		P.nerr++;
	}
	if (P.nerr) {
		pkt_script_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

int pkt_parse_file(const char *path, struct pkt_script **out, FILE *err)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *buf;
	size_t n;
	int rc;

	*out = NULL;
	if (!f) {
		fprintf(err, "%s: cannot open: %s\n", path, strerror(errno));
		return 2;
	}
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		fprintf(err, "%s: not a regular file\n", path);
		fclose(f);
		return 2;
	}
	if ((unsigned long long)st.st_size > PKT_MAX_SCRIPT) {
		fprintf(err, "%s:1: script is %lld bytes; kmirror pkt reads at most %u\n",
			path, (long long)st.st_size, PKT_MAX_SCRIPT);
		fclose(f);
		return 2;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		fclose(f);
		return 2;
	}
	n = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	buf[n] = 0;
	rc = pkt_parse(path, buf, n, out, err);
	free(buf);
	return rc ? 2 : 0;
}
