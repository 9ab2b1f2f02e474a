// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: allocation that cannot fail quietly (vzutil.h). Every viz
 * file may use it; it uses nothing of viz.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vzutil.h"

void *vz_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q) {
		fprintf(stderr, "kmirror: out of memory\n");
		abort();
	}
	return q;
}

void *vz_xcalloc(size_t n, size_t size)
{
	void *q = calloc(n ? n : 1, size ? size : 1);

	if (!q) {
		fprintf(stderr, "kmirror: out of memory\n");
		abort();
	}
	return q;
}

char *vz_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = vz_xrealloc(NULL, n);

	memcpy(d, s, n);
	return d;
}
