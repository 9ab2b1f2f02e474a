// SPDX-License-Identifier: GPL-2.0
/*
 * kmirror net up|down|status, and the Linux peer over TUN — being built
 * under issue #6.
 */
#include <stdio.h>
#include "cli.h"
#include "scenario.h"

int cmd_net(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "kmirror: `net` (TUN namespace) is not available yet (issue #6)\n");
	return 2;
}

int km_scn_linux_peer_setup(struct km_scn *c)
{
	(void)c;
	fprintf(stderr, "kmirror: --peer linux is not available yet (issue #6)\n");
	return 2;
}

void km_scn_linux_peer_teardown(struct km_scn *c)
{
	(void)c;
}
