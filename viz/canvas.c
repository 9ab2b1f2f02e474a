// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: the canvas every pane draws on — a grid of cells, each a
 * character (one column wide) and a style. Text comes in as UTF-8;
 * drawing characters stay Unicode in the canvas and become ASCII on the
 * way out when the terminal cannot show them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "canvas.h"
#include "theme.h"
#include "vzutil.h"

void vz_cv_init(struct vz_canvas *cv, int rows, int cols)
{
	if (rows < 1)
		rows = 1;
	if (cols < 1)
		cols = 1;
	if (cv->rows * cv->cols < rows * cols) {
		cv->ch = vz_xrealloc(cv->ch, (size_t)rows * cols * sizeof(*cv->ch));
		cv->st = vz_xrealloc(cv->st, (size_t)rows * cols);
	}
	cv->rows = rows;
	cv->cols = cols;
	vz_cv_clear(cv);
}

void vz_cv_free(struct vz_canvas *cv)
{
	free(cv->ch);
	free(cv->st);
	memset(cv, 0, sizeof(*cv));
}

void vz_cv_clear(struct vz_canvas *cv)
{
	int i, n = cv->rows * cv->cols;

	for (i = 0; i < n; i++)
		cv->ch[i] = L' ';
	memset(cv->st, VZ_ST_NORMAL, (size_t)n);
}

/* Decode one UTF-8 sequence; returns its length (1 for a bad byte). */
static int utf8_next(const unsigned char *s, wchar_t *out)
{
	unsigned int c = s[0];
	int n, i;

	if (c < 0x80) {
		*out = (wchar_t)c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0) {
		n = 2;
		c &= 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3;
		c &= 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4;
		c &= 0x07;
	} else {
		*out = L'?';
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*out = L'?';
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*out = (wchar_t)c;
	return n;
}

/* Characters we can show in one column; others become '?'. */
static wchar_t cell_char(wchar_t c)
{
	if (c == L'\t')
		return L' ';
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
		return L'?';
	/* combining marks and wide (East Asian) characters */
	if ((c >= 0x300 && c < 0x370) || (c >= 0x1100 && c < 0x1200) ||
	    (c >= 0x2e80 && c < 0xa4d0) || (c >= 0xac00 && c < 0xd7a4) ||
	    (c >= 0xf900 && c < 0xfb00) || (c >= 0xfe30 && c < 0xfe50) ||
	    (c >= 0xff00 && c < 0xff61) || c >= 0x1f000)
		return L'?';
	return c;
}

int vz_text_width(const char *s)
{
	int w = 0;
	wchar_t c;

	while (*s) {
		s += utf8_next((const unsigned char *)s, &c);
		w++;
	}
	return w;
}

int vz_cv_put(struct vz_canvas *cv, int y, int x, int maxw, int style,
	      const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int w = 0;

	if (!s || y < 0 || y >= cv->rows)
		return 0;
	if (x + maxw > cv->cols)
		maxw = cv->cols - x;
	while (*p && w < maxw) {
		wchar_t c;

		p += utf8_next(p, &c);
		if (x + w >= 0) {
			cv->ch[y * cv->cols + x + w] = cell_char(c);
			cv->st[y * cv->cols + x + w] = (unsigned char)style;
		}
		w++;
	}
	return w;
}

int vz_cv_printf(struct vz_canvas *cv, int y, int x, int maxw, int style,
		 const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return vz_cv_put(cv, y, x, maxw, style, buf);
}

void vz_cv_fill(struct vz_canvas *cv, int y, int x, int n, wchar_t c, int style)
{
	int i;

	if (y < 0 || y >= cv->rows)
		return;
	for (i = 0; i < n; i++) {
		if (x + i < 0 || x + i >= cv->cols)
			continue;
		cv->ch[y * cv->cols + x + i] = c;
		cv->st[y * cv->cols + x + i] = (unsigned char)style;
	}
}

void vz_cv_restyle(struct vz_canvas *cv, int y, int x, int n, int style)
{
	int i;

	if (y < 0 || y >= cv->rows)
		return;
	for (i = 0; i < n; i++)
		if (x + i >= 0 && x + i < cv->cols)
			cv->st[y * cv->cols + x + i] = (unsigned char)style;
}

void vz_cv_box(struct vz_canvas *cv, struct vz_rect r, int style)
{
	int i;

	if (r.h < 2 || r.w < 2)
		return;
	vz_cv_fill(cv, r.y, r.x + 1, r.w - 2, L'─', style);
	vz_cv_fill(cv, r.y + r.h - 1, r.x + 1, r.w - 2, L'─', style);
	for (i = 1; i < r.h - 1; i++) {
		vz_cv_fill(cv, r.y + i, r.x, 1, L'│', style);
		vz_cv_fill(cv, r.y + i, r.x + r.w - 1, 1, L'│', style);
	}
	vz_cv_fill(cv, r.y, r.x, 1, L'┌', style);
	vz_cv_fill(cv, r.y, r.x + r.w - 1, 1, L'┐', style);
	vz_cv_fill(cv, r.y + r.h - 1, r.x, 1, L'└', style);
	vz_cv_fill(cv, r.y + r.h - 1, r.x + r.w - 1, 1, L'┘', style);
}

int vz_wrap(const char *s, int w, char lines[][256], int maxlines)
{
	int n = 0;

	if (w < 4)
		w = 4;
	while (*s && n < maxlines) {
		const char *p = s, *brk = NULL;
		int cols = 0;
		size_t len;

		while (*p && cols < w) {
			wchar_t c;

			if (*p == ' ')
				brk = p;
			p += utf8_next((const unsigned char *)p, &c);
			cols++;
		}
		if (!*p || *p == ' ')
			brk = p;
		if (!brk || brk == s)
			brk = p;
		len = (size_t)(brk - s);
		if (len > 255)
			len = 255;
		memcpy(lines[n], s, len);
		lines[n][len] = '\0';
		n++;
		s = brk;
		while (*s == ' ')
			s++;
	}
	return n;
}

wchar_t vz_ascii(wchar_t c)
{
	static const struct {
		wchar_t u, a;
	} map[] = {
		{ L'─', '-' }, { L'│', '|' }, { L'┌', '+' }, { L'┐', '+' },
		{ L'└', '+' }, { L'┘', '+' }, { L'├', '+' }, { L'┤', '+' },
		{ L'┬', '+' }, { L'┴', '+' }, { L'┼', '+' }, { L'═', '=' },
		{ L'▶', '>' }, { L'◀', '<' }, { L'▷', '>' }, { L'◁', '<' },
		{ L'▲', '^' }, { L'▼', 'v' }, { L'▾', 'v' }, { L'▸', '>' },
		{ L'●', '*' }, { L'○', 'o' }, { L'✕', 'x' }, { L'✗', 'x' },
		{ L'✓', '+' }, { L'┄', '.' }, { L'┈', '.' }, { L'·', '.' },
		{ L'…', '~' }, { L'—', '-' }, { L'–', '-' }, { L'’', '\'' },
		{ L'‘', '\'' }, { L'“', '"' }, { L'”', '"' }, { L'→', '>' },
		{ L'←', '<' }, { L'↑', '^' }, { L'↓', 'v' }, { L'░', '.' },
		{ L'▒', ':' }, { L'█', '#' }, { L'≤', '<' }, { L'≥', '>' },
		{ L'×', 'x' }, { L'⏸', '"' }, { L'↺', '@' },
	};
	size_t i;

	if (c < 0x80)
		return c;
	for (i = 0; i < VZ_ARRAY_SIZE(map); i++)
		if (map[i].u == c)
			return map[i].a;
	return '?';
}

static void put_utf8(FILE *f, wchar_t c)
{
	unsigned int u = (unsigned int)c;

	if (u < 0x80) {
		fputc((int)u, f);
	} else if (u < 0x800) {
		fputc(0xc0 | (u >> 6), f);
		fputc(0x80 | (u & 0x3f), f);
	} else if (u < 0x10000) {
		fputc(0xe0 | (u >> 12), f);
		fputc(0x80 | ((u >> 6) & 0x3f), f);
		fputc(0x80 | (u & 0x3f), f);
	} else {
		fputc(0xf0 | (u >> 18), f);
		fputc(0x80 | ((u >> 12) & 0x3f), f);
		fputc(0x80 | ((u >> 6) & 0x3f), f);
		fputc(0x80 | (u & 0x3f), f);
	}
}

void vz_put_utf8(FILE *f, wchar_t c)
{
	put_utf8(f, c);
}

void vz_cv_write(const struct vz_canvas *cv, FILE *f, int ascii)
{
	int y, x, end;

	for (y = 0; y < cv->rows; y++) {
		const wchar_t *row = cv->ch + y * cv->cols;

		for (end = cv->cols; end > 0 && row[end - 1] == L' '; end--)
			;
		for (x = 0; x < end; x++)
			put_utf8(f, ascii ? vz_ascii(row[x]) : row[x]);
		fputc('\n', f);
	}
}
