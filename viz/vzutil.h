/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror viz: small helpers (allocation that cannot fail quietly). */
#ifndef _VZ_UTIL_H
#define _VZ_UTIL_H

#include <stddef.h>

void *vz_xrealloc(void *p, size_t n);
void *vz_xcalloc(size_t n, size_t size);
char *vz_xstrdup(const char *s);

#define VZ_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif
