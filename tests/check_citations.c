// SPDX-License-Identifier: GPL-2.0
/*
 * Every Linux 5.0.1 citation in kernel_mirror/ names a line, and that line
 * is the one the code means — checked without the kernel sources.
 *
 * tests/data/citations.tsv, written by scripts/gen-citations.py from the
 * pristine tree (commit 9422dd5e0 of VVvector/linux-5.0.1), holds one row
 * per cited "file:line": an identifier taken from that kernel line. Here:
 *  - every KM_FUNC, KM_STEP and KM_SYSCALL_AT names file:line;
 *  - every cited file:line has a row, and every row is cited;
 *  - KM_FUNC: the row's identifier is the name of the function the KM_FUNC
 *    sits in (a trailing _km dropped, or the NAME of a "mirrors: NAME"
 *    comment on the KM_FUNC's line or the line before);
 *  - KM_SYSCALL_AT(name, ...): the identifier is name;
 *  - KM_STEP: the identifier occurs in the lines right after the step
 *    point (WINDOW non-blank lines, not past the next step point or the
 *    function's end) — the statement the step describes.
 * So a citation moved without the table, or code moved under a citation,
 * fails here. The checker also runs on small made-up trees, to show that
 * it does fail.
 * Run from the repository root (make test does).
 */
#include <ctype.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <check.h>
#include "kmtest.h"

#define WINDOW		6	/* as in scripts/gen-citations.py */
#define MAX_LINES	20000

struct row {
	char	*ref;		/* "net/ipv4/tcp_ipv4.c:202" */
	char	*ident;
	int	used;
};

struct table {
	struct row	*rows;
	int		n, cap;
};

struct report {
	char	*buf;
	size_t	len, cap;
	int	problems;
	int	citations, with_line, verified;
};

static void problem(struct report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void problem(struct report *r, const char *fmt, ...)
{
	va_list ap;
	char line[1024];
	size_t n;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	r->problems++;
	n = strlen(line);
	if (r->len + n + 2 > r->cap) {
		r->cap = (r->len + n + 2) * 2;
		r->buf = realloc(r->buf, r->cap);
		ck_assert_ptr_nonnull(r->buf);
	}
	memcpy(r->buf + r->len, line, n);
	r->len += n;
	r->buf[r->len++] = '\n';
	r->buf[r->len] = '\0';
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	s = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(s);
	if (fread(s, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	s[n] = '\0';
	fclose(f);
	return s;
}

static void table_load(struct table *t, const char *path)
{
	char *s = slurp(path), *line, *save = NULL;

	memset(t, 0, sizeof(*t));
	ck_assert_msg(s != NULL, "cannot read %s", path);
	for (line = strtok_r(s, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');

		if (line[0] == '#' || !tab)
			continue;
		*tab = '\0';
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 256;
			t->rows = realloc(t->rows, (size_t)t->cap * sizeof(*t->rows));
			ck_assert_ptr_nonnull(t->rows);
		}
		t->rows[t->n].ref = strdup(line);
		t->rows[t->n].ident = strdup(tab + 1);
		t->rows[t->n].used = 0;
		t->n++;
	}
	free(s);
}

static void table_free(struct table *t)
{
	for (int i = 0; i < t->n; i++) {
		free(t->rows[i].ref);
		free(t->rows[i].ident);
	}
	free(t->rows);
}

static struct row *table_find(struct table *t, const char *ref)
{
	for (int i = 0; i < t->n; i++)
		if (!strcmp(t->rows[i].ref, ref))
			return &t->rows[i];
	return NULL;
}

/* Comments and the insides of string/char literals blanked; newlines kept. */
static char *strip_comments(const char *s)
{
	size_t n = strlen(s), i = 0;
	char *o = strdup(s);

	ck_assert_ptr_nonnull(o);
	while (i < n) {
		if (s[i] == '/' && s[i + 1] == '*') {
			size_t j = i;
			const char *e = strstr(s + i + 2, "*/");
			size_t end = e ? (size_t)(e - s) + 2 : n;

			for (; j < end; j++)
				if (o[j] != '\n')
					o[j] = ' ';
			i = end;
		} else if (s[i] == '/' && s[i + 1] == '/') {
			while (i < n && s[i] != '\n')
				o[i++] = ' ';
		} else if (s[i] == '"' || s[i] == '\'') {
			char q = s[i++];

			while (i < n && s[i] != q) {
				if (s[i] == '\\' && i + 1 < n) {
					o[i++] = ' ';
				}
				if (o[i] != '\n')
					o[i] = ' ';
				i++;
			}
			i++;
		} else {
			i++;
		}
	}
	return o;
}

/* Split s in place into lines; returns the count. */
static int split_lines(char *s, char **lines, int max)
{
	int n = 0;

	lines[n++] = s;
	for (; *s && n < max; s++)
		if (*s == '\n') {
			*s = '\0';
			lines[n++] = s + 1;
		}
	return n;
}

static int is_ident(int c)
{
	return isalnum(c) || c == '_';
}

/* Does the identifier occur as a whole word in s? */
static int has_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = strstr(s, w); p; p = strstr(p + 1, w))
		if ((p == s || !is_ident((unsigned char)p[-1])) &&
		    !is_ident((unsigned char)p[n]))
			return 1;
	return 0;
}

/* Copy the identifier at p (if any) into out. */
static void ident_at(const char *p, char *out, size_t len)
{
	size_t n = 0;

	while (is_ident((unsigned char)p[n]) && n + 1 < len) {
		out[n] = p[n];
		n++;
	}
	out[n] = '\0';
}

/*
 * The function whose body holds line idx: up to a '{' at column 0, then
 * the nearest unindented line above it with "name(".
 */
static void enclosing_function(char **lines, int idx, char *out, size_t len)
{
	out[0] = '\0';
	for (int i = idx; i >= 0; i--) {
		if (lines[i][0] == '{') {
			for (int j = i - 1; j >= 0 && j > i - 10; j--) {
				const char *l = lines[j], *p;

				if (l[0] == ' ' || l[0] == '\t')
					continue;
				for (p = l; *p; p++)
					if (is_ident((unsigned char)*p) &&
					    (p == l || !is_ident((unsigned char)p[-1]))) {
						const char *q = p;

						while (is_ident((unsigned char)*q))
							q++;
						if (*q == '(') {
							ident_at(p, out, len);
							return;
						}
					}
				if (l[0] == '}' || l[0] == '#' || l[0] == '\0')
					return;
			}
			return;
		}
		if (lines[i][0] == '}' && i != idx)
			return;
	}
}

static void mirrors_comment(const char *l, char *out, size_t len)
{
	const char *m = strstr(l, "mirrors:");

	if (!m)
		return;
	m += strlen("mirrors:");
	while (*m == ' ')
		m++;
	ident_at(m, out, len);
}

/* Line (0-based) holding offset off of text. */
static int line_of(const char *text, size_t off)
{
	int n = 0;

	for (size_t i = 0; i < off; i++)
		if (text[i] == '\n')
			n++;
	return n;
}

/*
 * The file cited by the last KM_FUNC before offset off (what a step given
 * as a bare line cites); 0 if there is none.
 */
static int func_file(const char *raw, const char *code, size_t off,
		     char *out, size_t len)
{
	const char *best = NULL, *p, *colon;

	for (p = strstr(code, "KM_FUNC("); p && (size_t)(p - code) < off;
	     p = strstr(p + 1, "KM_FUNC(")) {
		const char *q = raw + (p - code) + strlen("KM_FUNC(");

		q += strspn(q, " \t\n");
		if (*q == '"' &&
		    (p == code || !is_ident((unsigned char)p[-1])))
			best = q + 1;
	}
	if (!best)
		return 0;
	colon = strchr(best, ':');
	if (!colon || strchr(best, '"') < colon ||
	    (size_t)(colon - best) >= len)
		return 0;
	memcpy(out, best, (size_t)(colon - best));
	out[colon - best] = '\0';
	return 1;
}

static void check_file(const char *root, const char *rel, struct table *t,
		       struct report *r)
{
	static const char *const macros[] = {
		"KM_FUNC(", "KM_STEP(", "KM_SYSCALL_AT(", "KM_STEP_IF("
	};
	char path[2200];
	char *raw, *code, *rawl, *codel;
	char **rl, **cl;
	int nl;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	raw = slurp(path);
	ck_assert_msg(raw != NULL, "cannot read %s", path);
	code = strip_comments(raw);
	rawl = strdup(raw);
	codel = strdup(code);
	rl = calloc(MAX_LINES, sizeof(*rl));
	cl = calloc(MAX_LINES, sizeof(*cl));
	ck_assert(rawl && codel && rl && cl);
	nl = split_lines(rawl, rl, MAX_LINES);
	split_lines(codel, cl, MAX_LINES);

	for (unsigned m = 0; m < sizeof(macros) / sizeof(macros[0]); m++) {
		const char *mac = macros[m];

		for (const char *p = strstr(code, mac); p; p = strstr(p + 1, mac)) {
			size_t off = (size_t)(p - code);
			int ln = line_of(code, off), end, depth = 0;
			const char *q = raw + off + strlen(mac), *s, *e;
			char ref[256], want[128] = "", func[128], mir[128] = "";
			const char *colon;
			struct row *row;

			if (off && is_ident((unsigned char)p[-1]))
				continue;
			if (strstr(cl[ln], "#define"))
				continue;
			/* the string argument (the first for FUNC/STEP) */
			if (!strcmp(mac, "KM_SYSCALL_AT(")) {
				ident_at(q + strspn(q, " \t"), want, sizeof(want));
				q = strchr(q, ',');
				if (!q)
					continue;
				q++;
			}
			q += strspn(q, " \t\n");
			if (isdigit((unsigned char)*q) && !strncmp(mac, "KM_STEP", 7)) {
				/* KM_STEP(278, ...): the file of the KM_FUNC above */
				if (!func_file(raw, code, off, ref, sizeof(ref))) {
					problem(r, "%s:%d: %.13s%d cites a line but no "
						"KM_FUNC above it names a file", rel,
						ln + 1, mac, atoi(q));
					continue;
				}
				snprintf(ref + strlen(ref), sizeof(ref) - strlen(ref),
					 ":%d", atoi(q));
			} else if (*q != '"') {
				continue;	/* a macro argument, e.g. SYSCALL_DEFINEn */
			} else {
				s = q + 1;
				e = strchr(s, '"');
				if (!e || (size_t)(e - s) >= sizeof(ref))
					continue;
				memcpy(ref, s, (size_t)(e - s));
				ref[e - s] = '\0';
			}
			r->citations++;
			colon = strrchr(ref, ':');
			if (!colon || !colon[1] || strspn(colon + 1, "0123456789") !=
						     strlen(colon + 1)) {
				problem(r, "%s:%d: %.13s\"%s\" names no line",
					rel, ln + 1, mac, ref);
				continue;
			}
			r->with_line++;
			row = table_find(t, ref);
			if (!row) {
				problem(r, "%s:%d: %s is not in tests/data/citations.tsv "
					"(moved? run scripts/gen-citations.py)",
					rel, ln + 1, ref);
				continue;
			}
			row->used = 1;
			if (!strcmp(mac, "KM_FUNC(")) {
				mirrors_comment(rl[ln], mir, sizeof(mir));
				if (!mir[0] && ln > 0)
					mirrors_comment(rl[ln - 1], mir, sizeof(mir));
				enclosing_function(rl, ln, func, sizeof(func));
				if (mir[0]) {
					snprintf(want, sizeof(want), "%s", mir);
				} else {
					size_t n = strlen(func);

					if (n > 3 && !strcmp(func + n - 3, "_km"))
						func[n - 3] = '\0';
					snprintf(want, sizeof(want), "%s", func);
				}
			}
			if (strncmp(mac, "KM_STEP", 7)) {
				if (strcmp(want, row->ident))
					problem(r, "%s:%d: %s is the head of %s, but the "
						"citation is in %s", rel, ln + 1, ref,
						row->ident, want[0] ? want : "(no function)");
				else
					r->verified++;
				continue;
			}
			/* KM_STEP: the end of the call, then the window */
			for (const char *c = p; *c; c++) {
				if (*c == '(')
					depth++;
				else if (*c == ')' && --depth == 0) {
					off = (size_t)(c - code);
					break;
				}
			}
			end = line_of(code, off);
			{
				int found = 0, taken = 0;

				/* KM_STEP_IF: the condition, in the call, counts */
				if (m == 3)
					for (int i = ln; i <= end && !found; i++)
						found = has_word(rl[i], row->ident);
				for (int i = end + 1; i < nl && taken < WINDOW && !found; i++) {
					if (rl[i][0] == '}' || strstr(rl[i], "KM_STEP(") ||
					    strstr(rl[i], "KM_STEP_IF(") ||
					    strstr(rl[i], "KM_FUNC("))
						break;
					if (strspn(rl[i], " \t") == strlen(rl[i]))
						continue;
					taken++;
					if (has_word(rl[i], row->ident)) {
						found = 1;
						break;
					}
				}
				if (found)
					r->verified++;
				else
					problem(r, "%s:%d: KM_STEP %s: \"%s\" (on that Linux "
						"line) is not in the statements after the step",
						rel, ln + 1, ref, row->ident);
			}
		}
	}
	free(rl);
	free(cl);
	free(rawl);
	free(codel);
	free(code);
	free(raw);
}

/* Check every .c/.h under root/kernel_mirror against the table. */
static void check_tree(const char *root, const char *table, struct report *r)
{
	char cmd[1200], rel[1000];
	struct table t;
	FILE *p;

	memset(r, 0, sizeof(*r));
	table_load(&t, table);
	snprintf(cmd, sizeof(cmd), "cd '%s' && find kernel_mirror -name '*.[ch]' | LC_ALL=C sort",
		 root);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	while (fgets(rel, sizeof(rel), p)) {
		rel[strcspn(rel, "\n")] = '\0';
		check_file(root, rel, &t, r);
	}
	ck_assert_int_eq(pclose(p), 0);
	for (int i = 0; i < t.n; i++)
		if (!t.rows[i].used)
			problem(r, "tests/data/citations.tsv: %s is cited nowhere "
				"(stale row; run scripts/gen-citations.py)", t.rows[i].ref);
	table_free(&t);
}

/*
 * Step sentences name no number worked out for one run: "(65536 -> 44 x
 * 1460 = 64240)" was wrong as soon as timestamps cut the MSS. A sentence
 * may name a constant, or the value of a sysctl "by default"; a computed
 * result ("a - b = c", "f(x) = 64240") must come from the live values, in
 * the field changes the trace shows.
 */
static void check_sentences_file(const char *root, const char *rel, regex_t *re,
				 struct report *r)
{
	static const char *const macros[] = { "KM_FUNC(", "KM_STEP(", "KM_STEP_IF(" };
	char path[2200];
	char *raw, *code;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	raw = slurp(path);
	ck_assert_msg(raw != NULL, "cannot read %s", path);
	code = strip_comments(raw);
	for (unsigned m = 0; m < sizeof(macros) / sizeof(macros[0]); m++) {
		for (const char *p = strstr(code, macros[m]); p; p = strstr(p + 1, macros[m])) {
			size_t off = (size_t)(p - code), end = off;
			char text[1024], ref[256];
			size_t tn = 0;
			int depth = 0, nlit = 0;

			if (off && is_ident((unsigned char)p[-1]))
				continue;
			for (const char *c = p; *c; c++) {
				if (*c == '(')
					depth++;
				else if (*c == ')' && --depth == 0) {
					end = (size_t)(c - code);
					break;
				}
			}
			/* the string literals of the call: the ref, then the sentence
			 * (a step citing a bare line has no ref literal) */
			ref[0] = '\0';
			{
				const char *a = raw + off + strlen(macros[m]);

				if (isdigit((unsigned char)a[strspn(a, " \t\n")]))
					nlit = 1;
			}
			for (size_t i = off; i < end; i++) {
				size_t j;

				if (raw[i] != '"')
					continue;
				for (j = i + 1; j < end && raw[j] != '"'; j++)
					if (raw[j] == '\\')
						j++;
				if (nlit++ == 0) {
					snprintf(ref, sizeof(ref), "%.*s", (int)(j - i - 1), raw + i + 1);
				} else if (tn + (j - i) < sizeof(text)) {
					memcpy(text + tn, raw + i + 1, j - i - 1);
					tn += j - i - 1;
				}
				i = j;
			}
			text[tn] = '\0';
			if (nlit > 1 && regexec(re, text, 0, NULL, 0) == 0)
				problem(r, "%s:%d: a computed number in \"%s\"", rel,
					line_of(code, off) + 1, text);
		}
	}
	free(code);
	free(raw);
}

START_TEST(test_step_sentences_bake_in_no_computed_numbers)
{
	struct report r;
	regex_t re;
	char rel[1000];
	FILE *p;

	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(regcomp(&re, "([-+*/x]|>>|<<) *[0-9]+ *= *[0-9]|\\) *= *[0-9][0-9]",
				 REG_EXTENDED | REG_NOSUB), 0);
	p = popen("find kernel_mirror -name '*.[ch]' | LC_ALL=C sort", "r");
	ck_assert_ptr_nonnull(p);
	while (fgets(rel, sizeof(rel), p)) {
		rel[strcspn(rel, "\n")] = '\0';
		check_sentences_file(".", rel, &re, &r);
	}
	ck_assert_int_eq(pclose(p), 0);
	/* the pattern does catch the sentence the issue found */
	ck_assert_int_eq(regexec(&re, "Round the space down to a whole number of segments "
				 "(65536 -> 44 x 1460 = 64240).", 0, NULL, 0), 0);
	ck_assert_int_eq(regexec(&re, "A SYN's window is never scaled: "
				 "min(rcv_wnd, 65535) = 64240.", 0, NULL, 0), 0);
	regfree(&re);
	ck_assert_msg(r.problems == 0, "%d sentence(s) with baked-in results:\n%s",
		      r.problems, r.buf ? r.buf : "");
	free(r.buf);
}
END_TEST

START_TEST(test_every_citation_names_a_line_the_table_confirms)
{
	struct report r;

	check_tree(".", "tests/data/citations.tsv", &r);
	printf("citations: %d, with a line: %d, verified: %d\n",
	       r.citations, r.with_line, r.verified);
	ck_assert_msg(r.problems == 0, "%d citation problem(s):\n%s", r.problems,
		      r.buf ? r.buf : "");
	ck_assert_int_gt(r.citations, 1000);
	ck_assert_int_eq(r.with_line, r.citations);
	ck_assert_int_eq(r.verified, r.citations);
	free(r.buf);
}
END_TEST

/* The commit hook's rule, over every file: no file-only citation at all. */
START_TEST(test_no_citation_without_a_line)
{
	char out[4096];
	FILE *p = popen("grep -rnE 'KM_(FUNC|STEP|STEP_IF)\\(\"[a-z][^\":]*\"' "
			"kernel_mirror tests scripts docs viz 2>/dev/null", "r");
	size_t n;

	ck_assert_ptr_nonnull(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	pclose(p);
	ck_assert_msg(n == 0, "citations without a line:\n%s", out);
}
END_TEST

/* A made-up tree in a temporary directory: one mirrored file (net/x.c)
 * with the given body, and a table. */
static void mini_tree(char *dir, size_t len, const char *src, const char *tsv)
{
	char path[512];
	FILE *f;

	snprintf(dir, len, "%s/kmcite.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/kernel_mirror", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/%s/x.c", dir, "kernel_mirror");
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(src, f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/t.tsv", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(tsv, f);
	fclose(f);
}

static int mini_check(const char *src, const char *tsv, struct report *r)
{
	char dir[256], cmd[300], table[300];

	mini_tree(dir, sizeof(dir), src, tsv);
	snprintf(table, sizeof(table), "%s/t.tsv", dir);
	check_tree(dir, table, r);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	return r->problems;
}

static const char mini_src[] =
	"int foo_km(int a)\n"
	"{\n"
	"\tKM_FUNC(\"net/x.c:10\", \"Foo.\");\n"
	"\tint b;\n"
	"\n"
	"\tKM_STEP(\"net/x.c:12\",\n"
	"\t\t\"Double it.\");\n"
	"\tb = double_it(a);\n"
	"\treturn b;\n"
	"}\n"
	"\n"
	"void bar(void)\n"
	"{\n"
	"\t/* mirrors: bar_entry */\n"
	"\tKM_FUNC(\"net/x.c:30\", \"Bar.\");\n"
	"}\n"
	"KM_SYSCALL_AT(baz, \"net/x.c:40\");\n"
	"\n"
	"int qux(int a)\n"
	"{\n"
	"\tKM_FUNC(\"net/x.c:50\", \"Qux.\");\n"
	"\tif (KM_STEP_IF(52, \"Odd?\",\n"
	"\t\t       is_odd(a)))\n"
	"\t\treturn 1;\n"
	"\treturn 0;\n"
	"}\n";
static const char mini_tsv[] =
	"# comment\n"
	"net/x.c:10\tfoo\n"
	"net/x.c:12\tdouble_it\n"
	"net/x.c:30\tbar_entry\n"
	"net/x.c:40\tbaz\n"
	"net/x.c:50\tqux\n"
	"net/x.c:52\tis_odd\n";

START_TEST(test_checker_accepts_a_consistent_tree)
{
	struct report r;

	ck_assert_msg(mini_check(mini_src, mini_tsv, &r) == 0, "%s", r.buf);
	ck_assert_int_eq(r.citations, 6);
	ck_assert_int_eq(r.verified, 6);
	free(r.buf);
}
END_TEST

/* Replace the first occurrence of from in mini_src by to. */
static char *mini_edit(const char *from, const char *to)
{
	const char *p = strstr(mini_src, from);
	char *s;

	ck_assert_ptr_nonnull(p);
	ck_assert_int_ne(asprintf(&s, "%.*s%s%s", (int)(p - mini_src), mini_src, to,
				  p + strlen(from)), -1);
	return s;
}

static void expect_problem(const char *src, const char *tsv, const char *what)
{
	struct report r;

	ck_assert_int_ge(mini_check(src, tsv, &r), 1);
	ck_assert_msg(strstr(r.buf, what) != NULL, "expected \"%s\" in:\n%s", what, r.buf);
	free(r.buf);
}

START_TEST(test_checker_fails_a_citation_without_a_line)
{
	char *s = mini_edit("\"net/x.c:12\"", "\"net/x.c\"");

	expect_problem(s, mini_tsv, "names no line");
	free(s);
}
END_TEST

START_TEST(test_checker_fails_a_moved_citation)
{
	char *s = mini_edit("\"net/x.c:12\"", "\"net/x.c:13\"");

	expect_problem(s, mini_tsv, "is not in tests/data/citations.tsv");
	expect_problem(s, mini_tsv, "net/x.c:12 is cited nowhere");
	free(s);
}
END_TEST

START_TEST(test_checker_fails_a_step_over_other_code)
{
	char *s = mini_edit("b = double_it(a);", "b = a + a;");

	expect_problem(s, mini_tsv, "\"double_it\" (on that Linux line) is not in");
	free(s);
}
END_TEST

START_TEST(test_checker_fails_a_function_head_of_another_function)
{
	char *s = mini_edit("int foo_km(int a)", "int other(int a)");

	expect_problem(s, mini_tsv, "is the head of foo, but the citation is in other");
	free(s);
}
END_TEST

START_TEST(test_checker_fails_a_step_if_on_another_condition)
{
	char *s = mini_edit("is_odd(a)))", "a & 1))");

	expect_problem(s, mini_tsv, "\"is_odd\" (on that Linux line) is not in");
	free(s);
}
END_TEST

START_TEST(test_checker_reads_a_bare_step_line_in_its_function_file)
{
	char *s = mini_edit("KM_STEP_IF(52,", "KM_STEP_IF(53,");

	expect_problem(s, mini_tsv, "net/x.c:53 is not in tests/data/citations.tsv");
	free(s);
	s = mini_edit("\tKM_FUNC(\"net/x.c:50\", \"Qux.\");\n",
		      "\tKM_FUNC(\"net/y.c:50\", \"Qux.\");\n");
	expect_problem(s, mini_tsv, "net/y.c:52 is not in tests/data/citations.tsv");
	free(s);
}
END_TEST

START_TEST(test_checker_fails_a_wrong_syscall)
{
	char *s = mini_edit("KM_SYSCALL_AT(baz,", "KM_SYSCALL_AT(qux,");

	expect_problem(s, mini_tsv, "is the head of baz, but the citation is in qux");
	free(s);
}
END_TEST

static Suite *citations_suite(void)
{
	Suite *s = suite_create("citations");
	TCase *tc = tcase_create("citations");

	tcase_add_test(tc, test_every_citation_names_a_line_the_table_confirms);
	tcase_add_test(tc, test_no_citation_without_a_line);
	tcase_add_test(tc, test_step_sentences_bake_in_no_computed_numbers);
	tcase_add_test(tc, test_checker_accepts_a_consistent_tree);
	tcase_add_test(tc, test_checker_fails_a_citation_without_a_line);
	tcase_add_test(tc, test_checker_fails_a_moved_citation);
	tcase_add_test(tc, test_checker_fails_a_step_over_other_code);
	tcase_add_test(tc, test_checker_fails_a_function_head_of_another_function);
	tcase_add_test(tc, test_checker_fails_a_step_if_on_another_condition);
	tcase_add_test(tc, test_checker_reads_a_bare_step_line_in_its_function_file);
	tcase_add_test(tc, test_checker_fails_a_wrong_syscall);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return kmt_run(citations_suite());
}
