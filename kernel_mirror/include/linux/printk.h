/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: include/linux/printk.h
 * printk() lands in the running host's log (see runtime/host.c); tests and
 * the tracer can read it. Nothing is written to the terminal unless asked.
 */
#ifndef _KM_LINUX_PRINTK_H
#define _KM_LINUX_PRINTK_H

#include <linux/compiler.h>

#define KERN_EMERG	"<0>"
#define KERN_ERR	"<3>"
#define KERN_WARNING	"<4>"
#define KERN_NOTICE	"<5>"
#define KERN_INFO	"<6>"
#define KERN_DEBUG	"<7>"

int printk(const char *fmt, ...) __printf(1, 2);

/* A file may define pr_fmt before its includes to prefix its messages
 * ("TCP: " in tcp_input.c), as in Linux. */
#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define pr_err(fmt, ...)	printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	do { } while (0)

/*
 * Print only the first time this call site runs. Linux keeps a static
 * flag at the site; kmirror keeps the flag in the running host (no state
 * outside struct host), so each simulated machine prints it once.
 */
bool km_print_once(const void *site);
#define printk_once(fmt, ...) ({					\
	static const char __km_once_site;				\
	km_print_once(&__km_once_site) ? printk(fmt, ##__VA_ARGS__) : 0; })
#define pr_info_once(fmt, ...)	printk_once(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define net_dbg_ratelimited(fmt, ...)	do { } while (0)
#define net_info_ratelimited(fmt, ...)	printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define net_warn_ratelimited(fmt, ...)	printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)

#endif
