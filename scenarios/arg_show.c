// SPDX-License-Identifier: GPL-2.0
/*
 * Arguments shown back in messages (the CLI's and the scenarios').
 * Whatever the user (or a script) passed is shown shortened and with
 * control bytes replaced, so that a 120 KB argument or an escape sequence
 * never comes back whole.
 */
#include <string.h>
#include "scenario.h"

#define KM_ARG_SHOW_MAX	64	/* bytes of the argument shown */

const char *km_arg_show(const char *s, char *buf, size_t len)
{
	size_t n, i, keep;

	if (!s)
		return "(null)";
	if (len < 4)
		return "...";
	n = strlen(s);
	keep = n;
	if (keep > KM_ARG_SHOW_MAX)
		keep = KM_ARG_SHOW_MAX;
	if (keep > len - 1)
		keep = len - 1;
	for (i = 0; i < keep; i++) {
		unsigned char c = (unsigned char)s[i];

		buf[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	buf[keep] = '\0';
	if (keep < n) {
		if (keep > len - 4)
			keep = len - 4;
		strcpy(buf + keep, "...");
	}
	return buf;
}
