/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/bug.h
 *
 * BUG() and WARN_ON() report through the runtime (kernel_mirror/runtime):
 * a WARN is recorded on the running host and printed; a BUG aborts the
 * process with the message, like an oops.
 */
#ifndef _KM_LINUX_BUG_H
#define _KM_LINUX_BUG_H

#include <linux/compiler.h>

void km_warn(const char *file, int line, const char *cond);
__noreturn void km_bug(const char *file, int line, const char *what);

#define BUG()		km_bug(__FILE__, __LINE__, "BUG()")
#define BUG_ON(cond)	do { if (unlikely(cond)) km_bug(__FILE__, __LINE__, #cond); } while (0)

#define WARN_ON(cond) ({						\
	int __ret_warn_on = !!(cond);					\
	if (unlikely(__ret_warn_on))					\
		km_warn(__FILE__, __LINE__, #cond);			\
	unlikely(__ret_warn_on); })
#define WARN_ON_ONCE(cond)	WARN_ON(cond)
#define WARN(cond, ...)		WARN_ON(cond)
#define WARN_ONCE(cond, ...)	WARN_ON(cond)

#endif
