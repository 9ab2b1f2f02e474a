// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the packetdrill parser (`kmirror pkt`,
 * scenarios/packetdrill/pkt_parse.c), and, for whatever parses, the runner
 * against a fresh mirrored host (`make fuzz`, docs/testing.md). Any bytes
 * must give either a script or script errors, never a crash, a hang, a
 * leak or a kernel warning. The seeds are scripts of tests/pkt/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <kmapi/km.h>
#include "../../scenarios/packetdrill/pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct pkt_script *s = NULL;

	if (!null)
		null = fopen("/dev/null", "w");
	if (!null)
		abort();
	if (pkt_parse("fuzz.pkt", (const char *)data, size, &s, null) == 0 && s) {
		struct km_world *w = km_world_new(1);
		struct pkt_run *r = pkt_run_new(w, s, NULL, null);

		if (r) {
			pkt_run(r);
			if (km_host_warnings(pkt_run_host(r))) {
				fprintf(stderr, "fuzz_pkt: a kernel warning\n");
				abort();
			}
			pkt_run_free(r);
		}
		km_world_free(w);
	}
	pkt_script_free(s);
	return 0;
}
