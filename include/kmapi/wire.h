/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror public API: devices and the wires behind them.
 *
 * A test wire is a device whose other end is the test itself: every frame
 * the host transmits is kept for the test to read, and the test injects
 * frames as if a peer on the cable had sent them (lwIP's test style).
 *
 * A link joins two hosts' devices through the world: a frame sent on one
 * arrives on the other after `delay_ns` of world time, unless an
 * impairment drops, duplicates, delays, reorders or corrupts it.
 *
 * A pcap capture can be attached to any device.
 */
#ifndef _KMAPI_WIRE_H
#define _KMAPI_WIRE_H

#include <stddef.h>
#include <stdbool.h>

struct km_world;
struct host;
struct km_wire;
struct km_link;
struct km_pcap;

/* ---- the test wire ---- */
/* Create device `dev` (mtu 1500 if 0) on h, backed by a test wire. */
struct km_wire *km_wire_new(struct host *h, const char *dev, unsigned int mtu);
/* Frames the host sent and nobody read yet. */
int km_wire_pending(const struct km_wire *w);
/* Take the oldest sent frame: its length, or -1 if none (copies up to cap). */
int km_wire_recv(struct km_wire *w, void *buf, size_t cap);
/* World time at which the oldest pending frame was sent. */
long long km_wire_peek_time(const struct km_wire *w);
/* Forget every pending frame. */
void km_wire_clear(struct km_wire *w);
/* Deliver a frame to the host now (as its device receiving it). */
void km_wire_inject(struct km_wire *w, const void *frame, size_t len);
/* Deliver after delay_ns of world time. */
void km_wire_inject_at(struct km_wire *w, long long delay_ns, const void *frame,
		       size_t len);
/* Called (in world context) for every frame the host sends. */
typedef void (*km_wire_tx_fn)(void *ctx, struct km_wire *w,
			      const unsigned char *frame, size_t len);
void km_wire_set_tx_hook(struct km_wire *w, km_wire_tx_fn fn, void *ctx);
/* Keep sent frames for km_wire_recv (default true). */
void km_wire_set_keep(struct km_wire *w, bool keep);
struct host *km_wire_host(const struct km_wire *w);
struct net_device *km_wire_dev(const struct km_wire *w);

/* ---- links between hosts ---- */
struct km_link *km_link_new(struct km_world *w, struct host *a, const char *deva,
			    struct host *b, const char *devb, unsigned int mtu,
			    long long delay_ns);
/* Impairments: by direction (0: a->b, 1: b->a, -1: both). */
enum km_impair_kind {
	KM_IMPAIR_DROP,		/* lose it */
	KM_IMPAIR_DUP,		/* deliver it twice */
	KM_IMPAIR_DELAY,	/* add `arg` ns */
	KM_IMPAIR_REORDER,	/* hold it and deliver after the next one */
	KM_IMPAIR_CORRUPT,	/* flip bit `arg` of the frame */
};
/* Apply to the nth matching frame (1-based; 0 = every match). `flags`
 * selects TCP frames whose flags byte equals it exactly (0: any frame). */
int km_link_impair(struct km_link *l, int dir, int nth, unsigned int tcp_flags,
		   int kind, long long arg);
void km_link_clear_impairments(struct km_link *l);
unsigned long km_link_frames(const struct km_link *l, int dir);
unsigned long km_link_dropped(const struct km_link *l);

/* ---- captures ---- */
/* pcapng files (runtime/pcap.c): one interface per tapped device, named
 * "<host> <device>", raw IPv4 frames, nanosecond world time. */
#define KM_PCAP_TX	0x1	/* frames the device sends */
#define KM_PCAP_RX	0x2	/* frames it receives */
/* NULL with *err = -errno when the file cannot be created. */
struct km_pcap *km_pcap_open(const char *path, int *err);
/* Tap h's device `dev` for the directions `dirs`: 0 or -errno. */
int km_pcap_attach(struct km_pcap *p, struct host *h, const char *dev,
		   unsigned int dirs);
/* For writers of recorded packets: declare an interface (its id), then
 * write frames on it (dir 0 sent, 1 received). */
int km_pcap_add_interface(struct km_pcap *p, const char *name,
			  const char *description);
void km_pcap_write(struct km_pcap *p, int ifid, long long t_ns, int dir,
		   const void *data, unsigned int len);
/* Stop capturing and close the file; call it before freeing the world.
 * 0, or the first write or close error as -errno. */
int km_pcap_close(struct km_pcap *p);
unsigned long km_pcap_count(const struct km_pcap *p);

#endif
