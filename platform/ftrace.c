// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror platform layer: the entry patcher of the twin build
 * (kmapi/ftrace.h, docs/architecture.md "Step points at no cost").
 *
 * In the spirit of the kernel's ftrace, not its code: each untraced
 * function starts with 5 NOP bytes (-fpatchable-function-entry=5). The
 * first trace consumer turns them into `jmp rel32` to the function's traced
 * twin, the last one puts them back. A debugger's breakpoint on a landing
 * pad is left where it is; one on the patchable bytes refuses tracing with
 * the function named. Simplifications, said plainly: no
 * breakpoint dance (text_poke_bp) because kmirror patches only at quiescent
 * points, and the whole twin text is made writable for the moment of
 * patching (mprotect), then read-only again.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <kmapi/ftrace.h>

#define KM_NOP_LEN	5

static pthread_mutex_t km_ftrace_lock = PTHREAD_MUTEX_INITIALIZER;
static int km_ftrace_users;
static unsigned int km_ftrace_live;

/* The 5-byte NOP (nopl 0x0(%rax,%rax,1)) that scripts/twin-asm.pl puts
 * at each entry, in place of gcc's five 1-byte NOPs and clang's own. */
static const unsigned char nop5[KM_NOP_LEN] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };

/*
 * With -fcf-protection (Ubuntu's gcc default) a function whose address may
 * be taken starts with endbr64, and the compiler puts the patchable NOPs
 * right after it; the kernel's ftrace skips it the same way. The landing
 * pad must stay in place for indirect calls, so the patch goes after it.
 */
static const unsigned char endbr64[4] = { 0xf3, 0x0f, 0x1e, 0xfa };

static int is_nop5(const unsigned char *p)
{
	int i;

	if (!memcmp(p, nop5, KM_NOP_LEN))
		return 1;
	for (i = 0; i < KM_NOP_LEN; i++)
		if (p[i] != 0x90)
			return 0;
	return 1;
}

/*
 * A debugger's breakpoint: `break tcp_v4_connect` in gdb puts an int3 on
 * the entry's first byte, and gdb puts the byte back itself when it takes
 * the breakpoint out.
 */
#define INT3	0xcc

/*
 * Does the entry start with a landing pad? It may carry a debugger's
 * breakpoint on its first byte: the pad still ends where it did, and the
 * patch after it never touches the byte the debugger owns.
 */
static int has_landing_pad(const unsigned char *p)
{
	return (p[0] == endbr64[0] || p[0] == INT3) &&
	       !memcmp(p + 1, endbr64 + 1, sizeof(endbr64) - 1);
}

/* Where an entry's 5 patchable bytes are, past a landing pad if any. */
static unsigned char *patch_site(char *entry)
{
	unsigned char *p = (unsigned char *)entry;

	return has_landing_pad(p) ? p + sizeof(endbr64) : p;
}

static int set_text_writable(uintptr_t lo, uintptr_t hi, int writable)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t start = lo & ~(page - 1);
	uintptr_t end = (hi + page - 1) & ~(page - 1);
	int prot = PROT_READ | PROT_EXEC | (writable ? PROT_WRITE : 0);

	return mprotect((void *)start, end - start, prot) ? -errno : 0;
}

static int32_t jump_rel32(const unsigned char *site, const char *target,
			  int *fits)
{
	intptr_t rel = (intptr_t)target - (intptr_t)(site + KM_NOP_LEN);

	*fits = rel == (intptr_t)(int32_t)rel;
	return (int32_t)rel;
}

/*
 * Before touching anything: every entry must hold its NOPs (or our jump)
 * and reach its twin with a rel32. Tracing is all or nothing: a trace
 * with some functions missing would lie, so one bad entry refuses it.
 */
static int check_all(void)
{
	unsigned int i;

	for (i = 0; i < km_ftrace_npairs; i++) {
		const struct km_ftrace_pair *pr = &km_ftrace_pairs[i];
		unsigned char *p = patch_site(pr->untraced);
		int fits;

		jump_rel32(p, pr->traced, &fits);
		if (p[0] == INT3) {
			/*
			 * Writing the jump would be undone, half of it, when
			 * the debugger puts back the byte it saved.
			 */
			fprintf(stderr, "kmirror: cannot enable tracing: a "
				"debugger's breakpoint sits on the first byte of "
				"%s(), where the trace's jump goes; break on a "
				"line inside it instead (gdb: `info line %s`, "
				"then `break FILE:LINE`)\n", pr->name, pr->name);
			return -ENOEXEC;
		}
		if (!is_nop5(p) && p[0] != 0xe9) {
			fprintf(stderr, "kmirror: cannot enable tracing: %s() "
				"does not start with the 5 patchable NOP bytes "
				"(bytes %02x %02x %02x %02x %02x; was it built "
				"with options that change function entries?)\n",
				pr->name, p[0], p[1], p[2], p[3], p[4]);
			return -ENOEXEC;
		}
		if (!fits) {
			fprintf(stderr, "kmirror: cannot enable tracing: %s()'s "
				"twin is out of jump range\n", pr->name);
			return -ERANGE;
		}
	}
	return 0;
}

/* Patch (on) or restore (off) every entry; returns the entries patched. */
static int patch_all(int on)
{
	uintptr_t lo = UINTPTR_MAX, hi = 0;
	unsigned int i;
	int err;

	if (!km_ftrace_npairs)
		return 0;
	if (on && (err = check_all()))
		return err;
	for (i = 0; i < km_ftrace_npairs; i++) {
		uintptr_t p = (uintptr_t)patch_site(km_ftrace_pairs[i].untraced);

		lo = p < lo ? p : lo;
		hi = p + KM_NOP_LEN > hi ? p + KM_NOP_LEN : hi;
	}
	err = set_text_writable(lo, hi, 1);
	if (err) {
		fprintf(stderr, "kmirror: cannot enable tracing: the mirror's "
			"code cannot be made writable to patch it: %s\n",
			strerror(-err));
		return err;
	}
	for (i = 0; i < km_ftrace_npairs; i++) {
		unsigned char *p = patch_site(km_ftrace_pairs[i].untraced);
		int fits;
		int32_t rel32 = jump_rel32(p, km_ftrace_pairs[i].traced, &fits);

		if (on) {
			p[0] = 0xe9;	/* jmp rel32 */
			memcpy(p + 1, &rel32, sizeof(rel32));
		} else if (p[0] == 0xe9) {
			memcpy(p, nop5, KM_NOP_LEN);
		}
	}
	/* The patch is in place either way; failing to drop the write bit
	 * again only loses a protection, so it is reported, not fatal. */
	if (set_text_writable(lo, hi, 0))
		fprintf(stderr, "kmirror: note: the mirror's code stays "
			"writable: %s\n", strerror(errno));
	return (int)km_ftrace_npairs;
}

int km_ftrace_get(void)
{
	int ret;

	pthread_mutex_lock(&km_ftrace_lock);
	if (km_ftrace_users++ == 0) {
		ret = patch_all(1);
		if (ret < 0) {
			km_ftrace_users = 0;
			km_ftrace_live = 0;
			pthread_mutex_unlock(&km_ftrace_lock);
			return ret;
		}
		km_ftrace_live = (unsigned int)ret;
	}
	ret = (int)km_ftrace_live;
	pthread_mutex_unlock(&km_ftrace_lock);
	return ret;
}

void km_ftrace_put(void)
{
	pthread_mutex_lock(&km_ftrace_lock);
	if (km_ftrace_users > 0 && --km_ftrace_users == 0) {
		if (km_ftrace_live)
			patch_all(0);
		km_ftrace_live = 0;
	}
	pthread_mutex_unlock(&km_ftrace_lock);
}

unsigned int km_ftrace_patched(void)
{
	unsigned int n;

	pthread_mutex_lock(&km_ftrace_lock);
	n = km_ftrace_live;
	pthread_mutex_unlock(&km_ftrace_lock);
	return n;
}
