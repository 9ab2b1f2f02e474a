// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the recording loader (`kmirror viz --replay`, viz/
 * record_file.c), byte by byte (`make fuzz`, docs/testing.md). Whatever
 * loads is also moved through from end to end, as the visualizer would,
 * and must stay within the memory the loader allows for its size.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "../../viz/record.h"

#define LOAD_RATIO	16		/* viz/record_file.c */
#define LOAD_BASE	(4u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vz_rec r;
	char err[300];

	if (vz_rec_load_mem(&r, data, size, err, sizeof(err)) == 0) {
		if (vz_rec_memory(&r) > size * LOAD_RATIO + LOAD_BASE) {
			fprintf(stderr, "fuzz_record: %zu bytes took %zu in memory\n",
				size, vz_rec_memory(&r));
			abort();
		}
		vz_rec_seek(&r, r.nevs - 1);
		vz_rec_seek(&r, r.nevs / 2);
		vz_rec_seek(&r, -1);
	}
	vz_rec_free(&r);
	return 0;
}
