/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: include/linux/stddef.h */
#ifndef _KM_LINUX_STDDEF_H
#define _KM_LINUX_STDDEF_H
#include <stddef.h>

#define sizeof_field(TYPE, MEMBER) sizeof((((TYPE *)0)->MEMBER))
#define FIELD_SIZEOF(t, f) (sizeof(((t *)0)->f))
#define offsetofend(TYPE, MEMBER) \
	(offsetof(TYPE, MEMBER) + sizeof_field(TYPE, MEMBER))
#endif
