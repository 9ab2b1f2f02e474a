/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror viz: the event at the cursor in words (describe.c). */
#ifndef _VZ_DESCRIBE_H
#define _VZ_DESCRIBE_H

#include <stddef.h>
#include "record.h"

struct vz_app;

/* One sentence about any event (what the source pane shows). */
void vz_describe(const struct vz_app *a, const struct vz_ev *e, char *buf,
		 size_t len);
/* The site whose code to show: the step, or the innermost function. */
const struct vz_site *vz_code_site(const struct vz_rec *r, const struct vz_ev *e);

#endif
