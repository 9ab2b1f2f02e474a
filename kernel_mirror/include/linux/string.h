/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/string.h
 * The kernel has its own lib/string.c; we link the C library's versions,
 * which have the same names and prototypes.
 */
#ifndef _KM_LINUX_STRING_H
#define _KM_LINUX_STRING_H

#include <linux/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strncpy(char *dst, const char *src, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);

static inline size_t strscpy(char *dst, const char *src, size_t size)
{
	size_t i;

	if (!size)
		return 0;
	for (i = 0; i + 1 < size && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
	return i;
}
#endif
