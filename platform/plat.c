// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror platform layer: memory, coroutines, clocks, aborts — the only
 * library code that includes the C library's headers. Everything above it
 * is compiled like the kernel (-nostdinc) and calls in through
 * kmplat/platform.h.
 *
 * Coroutines: each task gets its own stack. ucontext starts a task on it;
 * after that, ordinary builds switch with _setjmp/_longjmp, because glibc's
 * swapcontext makes a sigprocmask system call on every switch (eight per
 * connection). Under AddressSanitizer every switch stays a swapcontext,
 * announced with __sanitizer_{start,finish}_switch_fiber, so ASan's view of
 * the stacks is exact.
 */
/* __longjmp_chk would refuse the jump onto another stack. */
#undef _FORTIFY_SOURCE
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include <kmplat/platform.h>

#if defined(__SANITIZE_ADDRESS__)
#define KM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KM_ASAN 1
#endif
#endif

#ifdef KM_ASAN
void __sanitizer_start_switch_fiber(void **fake_stack_save, const void *bottom,
				    size_t size);
void __sanitizer_finish_switch_fiber(void *fake_stack_save,
				     const void **bottom_old, size_t *size_old);
#endif

void *km_plat_alloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (!p) {
		km_plat_write_stderr("kmirror: out of memory\n");
		abort();
	}
	return p;
}

void km_plat_free(void *p)
{
	free(p);
}

struct km_plat_ctx {
	ucontext_t	uc;
	ucontext_t	caller;
	void		*stack;
	size_t		stack_size;
	void		(*entry)(void *);
	void		*arg;
#ifdef KM_ASAN
	void		*fake_stack;
	const void	*caller_bottom;
	size_t		caller_size;
#else
	jmp_buf		task_jb;	/* where the task stopped in yield */
	jmp_buf		caller_jb;	/* where the world loop resumed it */
	int		started;
#endif
};

static void ctx_trampoline(unsigned int hi, unsigned int lo)
{
	struct km_plat_ctx *c =
		(struct km_plat_ctx *)(((unsigned long)hi << 32) | lo);

#ifdef KM_ASAN
	__sanitizer_finish_switch_fiber(NULL, &c->caller_bottom, &c->caller_size);
#endif
	c->entry(c->arg);
	km_plat_ctx_exit(c);
}

struct km_plat_ctx *km_plat_ctx_new(void (*entry)(void *arg), void *arg,
				    size_t stack_size)
{
	struct km_plat_ctx *c = km_plat_alloc(sizeof(*c));
	unsigned long p = (unsigned long)c;

	c->stack_size = stack_size;
	c->stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (c->stack == MAP_FAILED) {
		km_plat_write_stderr("kmirror: cannot map a task stack\n");
		abort();
	}
	c->entry = entry;
	c->arg = arg;
	getcontext(&c->uc);
	c->uc.uc_stack.ss_sp = c->stack;
	c->uc.uc_stack.ss_size = stack_size;
	c->uc.uc_link = NULL;
	makecontext(&c->uc, (void (*)(void))ctx_trampoline, 2,
		    (unsigned int)(p >> 32), (unsigned int)(p & 0xffffffffu));
	return c;
}

void km_plat_ctx_free(struct km_plat_ctx *c)
{
	if (!c)
		return;
	munmap(c->stack, c->stack_size);
	free(c);
}

void km_plat_ctx_resume(struct km_plat_ctx *c)
{
#ifdef KM_ASAN
	void *fake = NULL;

	__sanitizer_start_switch_fiber(&fake, c->stack, c->stack_size);
	swapcontext(&c->caller, &c->uc);
	__sanitizer_finish_switch_fiber(fake, NULL, NULL);
#else
	if (_setjmp(c->caller_jb))
		return;		/* the task yielded or exited */
	if (c->started)
		_longjmp(c->task_jb, 1);
	c->started = 1;
	swapcontext(&c->caller, &c->uc);	/* first run: enter the trampoline */
#endif
}

void km_plat_ctx_yield(struct km_plat_ctx *c)
{
#ifdef KM_ASAN
	__sanitizer_start_switch_fiber(&c->fake_stack, c->caller_bottom,
				       c->caller_size);
	swapcontext(&c->uc, &c->caller);
	__sanitizer_finish_switch_fiber(c->fake_stack, &c->caller_bottom,
					&c->caller_size);
#else
	if (!_setjmp(c->task_jb))
		_longjmp(c->caller_jb, 1);
#endif
}

void km_plat_ctx_exit(struct km_plat_ctx *c)
{
#ifdef KM_ASAN
	/* A NULL fake-stack slot tells ASan this fiber is finished. */
	__sanitizer_start_switch_fiber(NULL, c->caller_bottom, c->caller_size);
	setcontext(&c->caller);
#else
	_longjmp(c->caller_jb, 1);
#endif
	abort();
}

void km_plat_write_stderr(const char *s)
{
	fputs(s, stderr);
	fflush(stderr);
}

void km_plat_abort(void)
{
	abort();
}

void km_plat_longjmp(void *env, int val)
{
	longjmp(*(jmp_buf *)env, val);
}

long long km_plat_monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void *km_plat_fopen(const char *path, const char *mode, int *err)
{
	FILE *f = fopen(path, mode);

	*err = f ? 0 : -errno;
	return f;
}

int km_plat_fwrite(void *f, const void *buf, size_t len)
{
	return fwrite(buf, 1, len, f) == len ? 0 : -(errno ? errno : EIO);
}

int km_plat_fflush(void *f)
{
	return fflush(f) ? -errno : 0;
}

int km_plat_fclose(void *f)
{
	if (f && fclose(f))
		return -errno;
	return 0;
}
