/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror public API: step points at no cost while nobody listens, the way
 * ftrace does it (docs/architecture.md, "Step points at no cost").
 *
 * Every mirrored file is built twice (scripts/twin-asm.pl): an untraced
 * copy, with the step points compiled out and 5 NOP bytes at each function
 * entry, which is what runs by default; and a traced copy, with them. The
 * pairs below tie each untraced function to its traced twin. While at
 * least one trace consumer is subscribed anywhere in the process, the
 * patcher (platform/ftrace.c) turns each untraced entry's NOPs into
 * a jump to the twin; when the last one leaves, it puts the NOPs back.
 *
 * The patch state is process-wide (the code is), like the kernel's static
 * keys: with km_cpu, one of the two documented exceptions to "no state
 * outside struct host".
 * Patching is done at quiescent points (subscribe/unsubscribe), never while
 * another thread runs mirrored code. Builds without twins have an empty
 * table: the sanitizer and TWIN=0 builds compile one copy whose step
 * points test a flag, and KM_NO_TRACE builds (the benchmarks' baseline)
 * compile the step points out.
 */
#ifndef _KMAPI_FTRACE_H
#define _KMAPI_FTRACE_H

struct km_ftrace_pair {
	char		*untraced;	/* entry with 5 patchable NOP bytes */
	char		*traced;	/* its twin, with the step points */
	const char	*name;		/* the function's name, for reports */
};

extern const struct km_ftrace_pair km_ftrace_pairs[];
extern const unsigned int km_ftrace_npairs;

/*
 * A consumer arrives (get) or leaves (put): the first get patches every
 * entry, the last put restores them. get returns the number of entries
 * now jumping to their twins, or -errno if the text could not be patched
 * (the reason is printed on stderr; nothing is patched and the consumer
 * must not subscribe: a trace with functions missing would mislead).
 */
int km_ftrace_get(void);
void km_ftrace_put(void);

/* Entries currently patched (0 when nobody listens), for tests. */
unsigned int km_ftrace_patched(void);

#endif
