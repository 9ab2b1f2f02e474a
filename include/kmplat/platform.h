/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: the few services the runtime borrows from the host operating
 * system, behind plain C types. Implemented in platform/ (outside the
 * kernel tree: it is compiled against the C library's headers); included
 * by the runtime and the platform only (docs/architecture.md, "Include
 * roots").
 */
#ifndef _KM_PLATFORM_H
#define _KM_PLATFORM_H

#include <stddef.h>
#include <stdbool.h>

/* memory */
void *km_plat_alloc(size_t size);		/* zeroed */
void km_plat_free(void *p);

/* coroutines: a task's kernel stack */
struct km_plat_ctx;
struct km_plat_ctx *km_plat_ctx_new(void (*entry)(void *arg), void *arg,
				    size_t stack_size);
void km_plat_ctx_free(struct km_plat_ctx *c);
/* Switch from the world's main stack into c; returns when c yields. */
void km_plat_ctx_resume(struct km_plat_ctx *c);
/* From inside c: switch back to whoever resumed it. */
void km_plat_ctx_yield(struct km_plat_ctx *c);
/* From inside c, once its entry function is done: yield for good. */
void km_plat_ctx_exit(struct km_plat_ctx *c) __attribute__((noreturn));

/* diagnostics */
void km_plat_write_stderr(const char *s);
void km_plat_abort(void) __attribute__((noreturn));
void km_plat_longjmp(void *env, int val) __attribute__((noreturn));

/* files (pcap, recordings) */
/* Each returns 0 or -errno (fopen: NULL with *err = -errno). */
void *km_plat_fopen(const char *path, const char *mode, int *err);
int km_plat_fwrite(void *f, const void *buf, size_t len);
int km_plat_fflush(void *f);
int km_plat_fclose(void *f);

/* wall and monotonic clocks of the real machine (for realtime worlds) */
long long km_plat_monotonic_ns(void);

#endif
