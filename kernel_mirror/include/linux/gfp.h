/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: include/linux/gfp.h — allocation flags (recorded, not acted on). */
#ifndef _KM_LINUX_GFP_H
#define _KM_LINUX_GFP_H

#include <linux/types.h>

#define __GFP_ZERO	0x100u
#define __GFP_NOWARN	0x200u
#define __GFP_NOFAIL	0x800u
#define GFP_ATOMIC	0x20u
#define GFP_KERNEL	0xcc0u
#define GFP_USER	GFP_KERNEL
#define GFP_NOWAIT	0u

#define gfpflags_allow_blocking(gfp)	(((gfp) & GFP_KERNEL) == GFP_KERNEL)
#define gfpflags_normal_context(gfp)	true

#endif
