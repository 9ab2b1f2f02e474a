/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror viz: running the screen — headless for tests (headless.c), on
 * the real terminal, and whether a terminal can (term_check.c).
 */
#ifndef _VZ_HEADLESS_H
#define _VZ_HEADLESS_H

#include <stddef.h>
#include <stdio.h>

struct vz_app;

struct vz_headless {
	int		rows, cols;
	const char	*term;		/* default "xterm-256color" */
	const char	*keys;		/* the key script */
	FILE		*dump;		/* screens go here */
	int		attrs;		/* dump attributes too */
};
int vz_run_headless(struct vz_app *a, const struct vz_headless *h);
/* 0 if every <name> in a key script is known; else -1, err says which. */
int vz_keys_check(const char *keys, char *err, size_t errlen);
/* 0 if $TERM can address the cursor; else -1, err says why. */
int vz_term_check(char *err, size_t errlen);
/* The interactive loop on the real terminal. */
int vz_run_tty(struct vz_app *a);

#endif
