/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror public API: the two ready-made trace consumers.
 *
 *  - text: a function-graph in the spirit of ftrace's function_graph
 *    tracer — calls indented by depth, step points with the Linux 5.0.1
 *    file:line and their sentence, field changes, packets, sleeps.
 *  - json: one JSON object per event (JSON Lines); the schema is in
 *    docs/trace-json.md.
 *
 * Output goes through a write callback, so the caller decides where.
 */
#ifndef _KMAPI_SINKS_H
#define _KMAPI_SINKS_H

#include <stddef.h>

struct km_world;
struct km_sink;

typedef void (*km_write_fn)(void *ctx, const char *s, size_t n);

enum {
	KM_SINK_NO_DIFFS	= 1 << 0,	/* omit field changes */
	KM_SINK_NO_STEPS	= 1 << 1,	/* only the call graph */
	KM_SINK_NO_ENTRY_FRAMES	= 1 << 2,	/* hide entry_SYSCALL_64 & co */
	KM_SINK_ONLY_HOST	= 1 << 3,	/* only events of `host_filter` */
};

struct km_sink *km_sink_text_new(km_write_fn write, void *ctx, unsigned int flags);
struct km_sink *km_sink_json_new(km_write_fn write, void *ctx, unsigned int flags);
void km_sink_set_host_filter(struct km_sink *s, int host_id);
int km_sink_attach(struct km_sink *s, struct km_world *w);
void km_sink_detach(struct km_sink *s, struct km_world *w);
void km_sink_free(struct km_sink *s);
/* Events written so far (for tests). */
unsigned long km_sink_count(const struct km_sink *s);

#endif
