/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: a kernel stack as the tracer sees it (one per task). */
#ifndef _KM_FRAMES_H
#define _KM_FRAMES_H

#include <kmapi/trace.h>

#define KM_MAX_DEPTH	96

struct km_frames {
	const struct km_site *site[KM_MAX_DEPTH];
	int depth;
};

#endif
