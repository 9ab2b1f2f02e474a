// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: can $TERM draw the screen? A terminal that cannot address
 * the cursor (TERM=dumb) would show a blank screen that ignores keys, so
 * it is refused with a message, as an unset TERM is. Apart from the other
 * screen code because <term.h> defines macros (lines, columns) that clash
 * with ordinary names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <curses.h>
#include <term.h>

int vz_term_check(char *err, size_t errlen);

int vz_term_check(char *err, size_t errlen)
{
	const char *term = getenv("TERM");
	const char *cup;
	int rc = 0;

	if (!term || !*term) {
		snprintf(err, errlen, "TERM is not set, so the visualizer cannot draw");
		return -1;
	}
	if (setupterm(term, -1, &rc) != OK) {
		snprintf(err, errlen, "terminal type '%s' is unknown here (no terminfo "
			 "entry)", term);
		return -1;
	}
	cup = tigetstr("cup");
	del_curterm(cur_term);
	if (!cup || cup == (const char *)-1) {
		snprintf(err, errlen, "terminal type '%s' cannot move the cursor, so the "
			 "visualizer cannot draw on it", term);
		return -1;
	}
	return 0;
}
