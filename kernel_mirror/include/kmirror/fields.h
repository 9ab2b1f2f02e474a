/* SPDX-License-Identifier: GPL-2.0 */
/* kmirror: tracer-internal access to the field tables (trace/fields.c). */
#ifndef _KM_FIELDS_INTERNAL_H
#define _KM_FIELDS_INTERNAL_H

#include <linux/types.h>
#include <kmapi/fields.h>

/* Raw value of field idx of an object (pointers still raw). */
u64 km_field_get_raw(int kind, int idx, const void *obj);
/* A field's value as traces show it: pointers become object ids. */
struct host;
u64 km_trace_value(struct host *h, int kind, int idx, const void *obj);
/*
 * The bytes [*first, *last] of the object field idx is read from, found by
 * probing (tmpl: scratch of km_obj_kind_size(kind) bytes); false if the
 * field's getter may follow pointers.
 */
bool km_field_bytes(int kind, int idx, unsigned char *tmpl,
		    unsigned int *first, unsigned int *last);
size_t km_obj_kind_size(int kind);	/* 0: not probed */
/* Name of a known kernel symbol (function or table), or NULL. */
const char *km_sym_name(const void *addr);

/* Encodings of pointer-valued fields once snapshotted. */
#define KM_PTRV(cls, id)	(((u64)(cls) << 32) | (u64)(id))
#define KM_PTRV_OTHER		(1ULL << 63)	/* not a tracked object */

#endif
