// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror viz: the ncurses visualizer — being built under issue #7. Until
 * then this prints the scenario's trace, so `make demo` shows something.
 */
#include <stdio.h>
#include "cli.h"

int cmd_viz(int argc, char **argv)
{
	fprintf(stderr, "kmirror: the visualizer is not built yet (issue #7); "
		"showing the text trace instead.\n");
	if (argc < 2) {
		char *args[] = { argv[0], "connect", NULL };

		return cmd_trace(2, args);
	}
	return cmd_trace(argc, argv);
}
