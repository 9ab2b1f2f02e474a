// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: the source pane — the mirror's C source of the current
 * function with the line about to run marked, the Linux 5.0.1 file:line
 * it mirrors, and the step's sentence (describe.c words it); and finding
 * the sources on disk.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <kmapi/trace.h>
#include <kmapi/decode.h>
#include <kmapi/fields.h>
#include "app.h"
#include "describe.h"
#include "vzutil.h"

/* ---- finding and reading the sources ---- */

static int is_tree(const char *root)
{
	char p[4200];
	struct stat st;

	snprintf(p, sizeof(p), "%s/kernel_mirror", root);
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * Where the tree is: $KMIRROR_SRC; else two levels above the binary
 * (build/gcc/kmirror); else PREFIX/share/kmirror beside an installed
 * PREFIX/bin/kmirror; else the current directory. Empty if none.
 */
void vz_find_srcroot(struct vz_app *a, const char *argv0)
{
	const char *env = getenv("KMIRROR_SRC");
	char exe[4096];
	ssize_t n;

	a->srcroot[0] = '\0';
	if (env && *env) {
		snprintf(a->srcroot, sizeof(a->srcroot), "%s", env);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0 && argv0) {
		snprintf(exe, sizeof(exe), "%s", argv0);
		n = (ssize_t)strlen(exe);
	}
	if (n > 0) {
		int up;

		exe[n] = '\0';
		for (up = 0; up < 3; up++) {
			char *slash = strrchr(exe, '/');

			if (!slash)
				break;
			*slash = '\0';
			if (up >= 1 && is_tree(exe)) {
				snprintf(a->srcroot, sizeof(a->srcroot), "%s", exe);
				return;
			}
			/* installed: PREFIX/bin/kmirror, PREFIX/share/kmirror */
			if (up == 1 && strlen(exe) < sizeof(exe) - 16) {
				char inst[sizeof(exe)];

				snprintf(inst, sizeof(inst), "%.*s/share/kmirror",
					 (int)sizeof(exe) - 16, exe);
				if (is_tree(inst)) {
					snprintf(a->srcroot, sizeof(a->srcroot), "%s", inst);
					return;
				}
			}
		}
	}
	if (is_tree("."))
		snprintf(a->srcroot, sizeof(a->srcroot), ".");
}

static void load_file(struct vz_app *a, struct vz_srcfile *f)
{
	char path[4400];
	FILE *fp;
	size_t n = 0, cap = 0;
	char *p;
	int i;

	f->text = NULL;
	f->lines = NULL;
	f->nlines = 0;
	/* only relative paths inside the tree */
	if (!a->srcroot[0] || f->path[0] == '/' || strstr(f->path, ".."))
		return;
	snprintf(path, sizeof(path), "%s/%s", a->srcroot, f->path);
	fp = fopen(path, "r");
	if (!fp)
		return;
	for (;;) {
		size_t got;

		if (n + 1 >= cap) {
			if (cap > 8u << 20)
				break;
			cap = cap ? cap * 2 : 65536;
			f->text = vz_xrealloc(f->text, cap);
		}
		got = fread(f->text + n, 1, cap - n - 1, fp);
		if (!got)
			break;
		n += got;
	}
	fclose(fp);
	if (!f->text)
		return;
	f->text[n] = '\0';
	i = 1;
	for (p = f->text; *p; p++)
		if (*p == '\n')
			i++;
	f->lines = vz_xcalloc((size_t)i, sizeof(char *));
	p = f->text;
	while (*p) {
		char *nl = strchr(p, '\n');

		f->lines[f->nlines++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
}

const struct vz_srcfile *vz_source(struct vz_app *a, const char *path)
{
	struct vz_srcfile *f;
	int i;

	if (!path || !*path)
		return NULL;
	for (i = 0; i < a->nsrc; i++)
		if (!strcmp(a->src[i].path, path))
			return a->src[i].text ? &a->src[i] : NULL;
	a->src = vz_xrealloc(a->src, (a->nsrc + 1) * sizeof(*a->src));
	f = &a->src[a->nsrc++];
	f->path = vz_xstrdup(path);
	load_file(a, f);
	return f->text ? f : NULL;
}

/* Where a function's body ends: the first line starting with '}'. */
static int function_end(const struct vz_srcfile *f, int from)
{
	int i;

	for (i = from; i < f->nlines && i < from + 400; i++)
		if (f->lines[i][0] == '}')
			return i + 1;
	return from;
}

/* Where a function's definition starts: its signature, above KM_FUNC. */
static int function_start(const struct vz_srcfile *f, int from)
{
	int i;

	for (i = from - 1; i > 0 && i > from - 40; i--) {
		const char *l = f->lines[i - 1];

		if (l[0] && l[0] != ' ' && l[0] != '\t' && l[0] != '{' && l[0] != '}' &&
		    l[0] != '#' && l[0] != '/' && l[0] != '*' && strchr(l, '('))
			return i;
	}
	return from;
}

/*
 * A KM_STEP/KM_FUNC annotation may span lines; return its last line.
 * Parentheses are counted outside string literals.
 */
static int annotation_end(const struct vz_srcfile *f, int line)
{
	int depth = 0, started = 0, i;

	for (i = line; i <= f->nlines && i < line + 8; i++) {
		const char *p = f->lines[i - 1];
		int in_str = 0;

		for (; *p; p++) {
			if (in_str) {
				if (*p == '\\' && p[1])
					p++;
				else if (*p == '"')
					in_str = 0;
				continue;
			}
			if (*p == '"')
				in_str = 1;
			else if (*p == '(')
				depth++, started = 1;
			else if (*p == ')' && --depth == 0 && started)
				return i;
		}
	}
	return line;
}

/* The one place that knows the step points' macro names. */
static int is_annotation(const char *l)
{
	return strstr(l, "KM_STEP(") || strstr(l, "KM_FUNC(");
}

/* The statement a step point announces: the first code after it. */
static int statement_after(const struct vz_srcfile *f, int line)
{
	int i, end;

	if (line < 1 || line > f->nlines)
		return line;
	/* gcc's __LINE__ is the annotation's first line, clang's its last */
	for (i = line; i > 0 && i > line - 6 && !is_annotation(f->lines[i - 1]); i--)
		;
	if (i < 1 || !is_annotation(f->lines[i - 1]) || annotation_end(f, i) < line)
		return line;
	end = annotation_end(f, i);
	for (i = end + 1; i <= f->nlines && i < end + 6; i++) {
		const char *l = f->lines[i - 1];

		while (*l == ' ' || *l == '\t')
			l++;
		if (*l && !(l[0] == '/' && (l[1] == '*' || l[1] == '/')) && *l != '*')
			return i;
	}
	return line;
}

static void expand_tabs(const char *in, char *out, size_t len, int tab)
{
	size_t o = 0;

	for (; *in && o + 1 < len; in++) {
		if (*in == '\t') {
			do
				out[o++] = ' ';
			while (o % tab && o + 1 < len);
		} else {
			out[o++] = *in;
		}
	}
	out[o] = '\0';
}

static int is_comment(const char *l)
{
	while (*l == ' ' || *l == '\t')
		l++;
	return (l[0] == '/' && (l[1] == '*' || l[1] == '/')) ||
	       (l[0] == '*' && (l[1] == ' ' || l[1] == '/' || !l[1]));
}

static int indent_of(const char *l)
{
	int n = 0;

	while (*l == ' ')
		l++, n++;
	return *l ? n : 1 << 20;
}

static void source_draw(struct vz_app *a, struct vz_pane *p, struct vz_rect in)
{
	const struct vz_rec *r = &a->rec;
	const struct vz_ev *e = vz_cur_ev(a);
	const struct vz_site *s = vz_code_site(r, e);
	const struct vz_srcfile *f;
	char sentence[600], wrapped[4][256], line[600];
	int y = in.y, i, n, cur, first, rows, maxwrap, tab, strip, ann_to = 0;

	vz_describe(a, e, sentence, sizeof(sentence));
	if (!s) {
		snprintf(p->title, sizeof(p->title), "Source");
		n = vz_wrap(sentence, in.w, wrapped, 4);
		for (i = 0; i < n && y < in.y + in.h; i++)
			vz_cv_put(&a->cv, y++, in.x, in.w, VZ_ST_SENTENCE, wrapped[i]);
		return;
	}
	snprintf(p->title, sizeof(p->title), "Source · %s:%d",
		 strncmp(s->file, "kernel_mirror/", 14) ? s->file : s->file + 14, s->line);
	vz_cv_printf(&a->cv, y++, in.x, in.w, VZ_ST_NAME, "%s()  ·  Linux 5.0.1 %s",
		     s->func, s->linux_ref);
	maxwrap = in.h >= 14 ? 3 : 2;
	n = vz_wrap(sentence, in.w, wrapped, maxwrap);
	for (i = 0; i < n && y < in.y + in.h; i++)
		vz_cv_put(&a->cv, y++, in.x, in.w, VZ_ST_SENTENCE, wrapped[i]);
	if (y < in.y + in.h)
		vz_cv_fill(&a->cv, y++, in.x, in.w, L'┈', VZ_ST_DIM);

	rows = in.y + in.h - y;
	f = vz_source(a, s->file);
	if (!f) {
		if (rows > 0)
			vz_cv_printf(&a->cv, y, in.x, in.w, VZ_ST_DIM,
				     "(source not found: %s%s%s — set KMIRROR_SRC to the kmirror tree)",
				     a->srcroot[0] ? a->srcroot : "", a->srcroot[0] ? "/" : "",
				     s->file);
		p->nlines = 0;
		return;
	}
	cur = s->line;
	if (e && e->type == KM_EV_EXIT && vz_ev_site(r, e))
		cur = function_end(f, s->line);
	else if (e && e->type == KM_EV_ENTER && vz_ev_site(r, e))
		cur = function_start(f, s->line);
	else if (e && e->type == KM_EV_STEP)
		cur = statement_after(f, s->line);
	p->nlines = f->nlines;
	if (p->follow || rows <= 0) {
		first = cur - rows / 3;
		if (first < 1)
			first = 1;
		p->scroll = first - 1;
	}
	first = p->scroll + 1;
	tab = in.w < 100 ? 4 : 8;
	/* drop the indentation all visible lines share */
	strip = 1 << 20;
	for (i = 0; i < rows && first + i <= f->nlines; i++) {
		expand_tabs(f->lines[first + i - 1], line, sizeof(line), tab);
		if (indent_of(line) < strip)
			strip = indent_of(line);
	}
	if (strip == 1 << 20)
		strip = 0;
	for (i = 0; i < rows && first + i <= f->nlines; i++) {
		int ln = first + i, is_cur = ln == cur, st, k;
		const char *src = f->lines[ln - 1];

		if (is_annotation(src))
			ann_to = annotation_end(f, ln);
		st = is_cur ? VZ_ST_CURLINE : (ln <= ann_to || is_comment(src)) ?
		     VZ_ST_DIM : VZ_ST_CODE;
		expand_tabs(src, line, sizeof(line), tab);
		for (k = 0; k < strip && line[k] == ' '; k++)
			;
		vz_cv_printf(&a->cv, y + i, in.x, 6, is_cur ? VZ_ST_CURLINE : VZ_ST_LINENO,
			     "%s%4d ", is_cur ? "▶" : " ", ln);
		if (is_cur)
			vz_cv_fill(&a->cv, y + i, in.x + 6, in.w - 6, L' ', VZ_ST_CURLINE);
		vz_cv_put(&a->cv, y + i, in.x + 6, in.w - 6, st, line + k);
	}
}

const struct vz_pane_ops vz_pane_source_ops = {
	.name = "Source",
	.draw = source_draw,
};
