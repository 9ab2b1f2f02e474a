// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: the recording's strings, interned: one copy of each
 * (function names, files, sentences, symbolic values), compared by
 * pointer everywhere else. See record.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "record.h"
#include "vzutil.h"

static unsigned int str_hash(const char *s)
{
	unsigned int h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void strtab_rehash(struct vz_strtab *t)
{
	unsigned int i, ncap = t->hcap ? t->hcap * 2 : 256;

	free(t->hash);
	t->hash = vz_xcalloc(ncap, sizeof(*t->hash));
	t->hcap = ncap;
	for (i = 0; i < t->n; i++) {
		unsigned int h = str_hash(t->s[i]) & (ncap - 1);

		while (t->hash[h])
			h = (h + 1) & (ncap - 1);
		t->hash[h] = i + 1;
	}
}

/* Index of s in the table, adding it if needed. */
unsigned int vz_strtab_add(struct vz_strtab *t, const char *s)
{
	unsigned int h;

	if ((t->n + 1) * 2 >= t->hcap)
		strtab_rehash(t);
	h = str_hash(s) & (t->hcap - 1);
	while (t->hash[h]) {
		if (!strcmp(t->s[t->hash[h] - 1], s))
			return t->hash[h] - 1;
		h = (h + 1) & (t->hcap - 1);
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->s = vz_xrealloc(t->s, t->cap * sizeof(*t->s));
	}
	t->s[t->n] = vz_xstrdup(s);
	t->hash[h] = ++t->n;
	return t->n - 1;
}

const char *vz_intern(struct vz_rec *r, const char *s)
{
	unsigned int i;

	if (!s)
		return NULL;
	i = vz_strtab_add(&r->strs, s);	/* may move the table */
	return r->strs.s[i];
}
