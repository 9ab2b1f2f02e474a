/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror viz: the recorded session.
 *
 * The visualizer runs a scenario once with a trace consumer attached and
 * keeps every event: where it happened (host, context, task, call stack),
 * its step point, the field changes it carries, the packet bytes. Then the
 * user moves a cursor through that history, forwards and backwards. The
 * field values at the cursor are kept up to date by applying the changes
 * of the events passed over (or undoing them, going back), so any step,
 * early or late, costs the same to show.
 *
 * A recording can be written to a file and loaded again (no root, no
 * network, no scenario needed), and its packets exported as pcap.
 */
#ifndef _VZ_RECORD_H
#define _VZ_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define VZ_MAX_HOSTS	8
#define VZ_MAX_LANES	4
#define VZ_MAX_EVENTS	2000000		/* recording stops beyond this */
#define VZ_MAX_GROUPS	8
#define VZ_KINDS	9		/* enum km_obj_kind values we keep */
#define VZ_NEVER	0x7fffffff	/* an object never freed */
/* Collapsed groups by default: all but the first (bit 31: the object) */
#define VZ_COLLAPSED_DEFAULT	0x7ffffffeu

/* A step point or function: its strings are interned in the recording. */
struct vz_site {
	const char	*func;
	const char	*file;		/* our file, relative to the tree */
	const char	*linux_ref;	/* "net/ipv4/tcp_ipv4.c:278" */
	const char	*text;		/* the sentence */
	int		line;		/* our line */
};

struct vz_host {
	int		id;		/* the world's host id */
	const char	*name;
};

/* One traced object's life (a socket, a sock, a request sock, an skb). */
struct vz_obj {
	int		host;		/* index into hosts[] */
	int		kind;		/* enum km_obj_kind */
	unsigned int	id;		/* "sock#3" */
	int		born;		/* alive for born <= pos < died */
	int		died;
	int		nvals;
	unsigned long long *init;	/* values before the first event */
	unsigned long long *cur;	/* values at the cursor */
	unsigned long long *prev;	/* ... before the last move (if marked) */
	unsigned char	*mark;		/* fields changed by the last move */
	long		blob_init_off, blob_cur_off, blob_prev_off; /* skb bytes */
	unsigned int	blob_init_len, blob_cur_len, blob_prev_len;
	int		in_marked;
	unsigned int	ui_collapsed;	/* viz: collapsed groups (bit 31: object) */
	unsigned char	*seen;		/* while recording: fields touched */
};

/* One field change, raw values (SYM/STR fields: interned string). */
struct vz_diff {
	unsigned long long	oldv, newv;
	long			old_blob, new_blob;	/* offsets into bytes, -1 */
	unsigned int		old_blob_len, new_blob_len;
	int			obj;
	unsigned short		field;
	unsigned char		is_new;
};

struct vz_ev {
	long long	time_ns;
	long long	ret;
	long		sched_arg;
	const char	*comm, *note, *dev;	/* interned or NULL */
	const char	*sys;		/* the system call its task is in, or NULL */
	unsigned long long seq;
	int		site;		/* index into sites[], or -1 */
	unsigned int	stack_off;	/* into stack[] */
	int		stack_depth;
	int		depth;
	int		host;		/* index into hosts[], -1: the world */
	int		type;		/* enum km_ev_type */
	int		ctx;		/* enum km_ctx_kind */
	int		pid;
	int		dir;		/* PACKET: 0 sent, 1 received */
	int		has_ret, ret_kind, ret_obj_kind;
	unsigned int	ret_obj_id;
	int		sched_what;
	unsigned int	diff_off, ndiffs;
	unsigned int	pkt_off, pkt_len;	/* PACKET bytes (IPv4 on) */
	unsigned int	skb_id;
	int		obj;		/* OBJ_NEW/OBJ_FREE: object index */
	int		skb_obj;	/* the skb last touched on this host, -1 */
	int		pkt;		/* PACKET: index into pkts[], -1 */
	int		stepno;		/* STEP events up to this one */
};

/* A state change of a sock (skc_state) or a socket (socket->state). */
struct vz_trans {
	int			ev;
	int			obj;
	int			is_socket;
	unsigned long long	oldv, newv;
};

/* A packet between two lanes of the sequence diagram. */
struct vz_pkt {
	int		ev_tx, ev_rx;	/* -1 if not seen */
	int		from, to;	/* lanes */
	unsigned int	off, len;	/* bytes of the first sighting */
	int		lost;		/* sent to a recorded host, never arrived */
	int		extra;		/* arrived with no matching send (dup...) */
	int		script_line;	/* packetdrill line that sent/expected it, 0 */
	/* decoded */
	uint32_t	saddr, daddr, seq, ack;	/* addresses in network order */
	uint16_t	sport, dport, win, ip_id;
	uint8_t		flags, proto;
};

struct vz_lane {
	uint32_t	addr;		/* network order */
	const char	*label;		/* host name, or "peer" */
	int		host;		/* index, or -1 */
};

struct vz_group {
	const char	*name;
	int		first, count;
};

struct vz_kind {
	int		state_field;	/* skc_state, or socket->state; -1 */
	int		ngroups;
	struct vz_group	groups[VZ_MAX_GROUPS];
};

struct vz_task {
	int		host, pid;
	const char	*sys;		/* system call in progress */
};

struct vz_strtab {
	char		**s;
	unsigned int	n, cap;
	unsigned int	*hash;		/* open addressing: index+1, 0 empty */
	unsigned int	hcap;
};

struct vz_rec {
	/* what was run */
	const char	*scenario;	/* interned */
	const char	*peer;
	unsigned long long seed;
	char		results[16][160];
	int		nresults;
	int		status;
	int		truncated;	/* VZ_MAX_EVENTS reached */

	struct vz_strtab strs;
	struct vz_site	*sites;
	int		nsites, capsites;
	const void	**site_keys;	/* live recording: km_site pointers */
	unsigned int	*site_hash;
	unsigned int	site_hcap;
	struct vz_host	hosts[VZ_MAX_HOSTS];
	int		nhosts;
	struct vz_obj	*objs;
	int		nobjs, capobjs;
	struct vz_ev	*evs;
	int		nevs, capevs;
	struct vz_diff	*diffs;
	unsigned int	ndiffs, capdiffs;
	int		*stack;
	unsigned int	nstack, capstack;
	unsigned char	*bytes;
	size_t		nbytes, capbytes;

	/* derived by vz_rec_finish() */
	struct vz_trans	*trans;
	int		ntrans;
	struct vz_pkt	*pkts;
	int		npkts;
	struct vz_lane	lanes[VZ_MAX_LANES];
	int		nlanes;
	long long	link_delay;	/* learnt from the packets; -1 unknown */
	struct vz_kind	kinds[VZ_KINDS];
	/* a replayed recording made before a field existed: absent[k][f] */
	unsigned char	*absent[VZ_KINDS];
	int		nsteps;		/* STEP events */
	int		*sched;		/* indices of the SCHED events */
	int		nsched;

	/* the cursor */
	int		pos;		/* event index; -1 before the first */
	int		prev_pos;	/* where the last move started */
	int		*marked;	/* objects with marks set */
	int		nmarked, capmarked;

	/* while recording */
	int		last_stack_off, last_stack_depth;
	int		host_skb[VZ_MAX_HOSTS];
	int		*idmap[VZ_MAX_HOSTS][VZ_KINDS];	/* id -> object */
	unsigned int	idcap[VZ_MAX_HOSTS][VZ_KINDS];
	struct vz_task	*tasks;
	int		ntasks;
};

void vz_rec_init(struct vz_rec *r);
void vz_rec_free(struct vz_rec *r);

/* The trace consumer: km_trace_subscribe(w, vz_rec_event, r). */
struct km_event;
void vz_rec_event(void *ctx, const struct km_event *ev);

struct km_scenario;
struct km_cli_opts;
/*
 * Run a scenario and record it (vz_rec_finish() included). Messages the
 * scenario prints go to `msgs` if not NULL (else stderr). Returns 0 or the
 * setup's exit status.
 */
int vz_rec_scenario(struct vz_rec *r, const struct km_scenario *s,
		    const struct km_cli_opts *o, FILE *msgs);
/* Derive transitions, packets, lanes; put the cursor before the start. */
void vz_rec_finish(struct vz_rec *r);

/* Move the cursor to event `pos` (-1 .. nevs-1), marking what changed. */
void vz_rec_seek(struct vz_rec *r, int pos);
int vz_obj_alive(const struct vz_rec *r, int obj);
/* Is field f of kind k in the recording (a replay may lack new fields)? */
int vz_field_present(const struct vz_rec *r, int kind, int field);
/* The object a pointer field refers to ("sock#3" on the same host), or -1. */
int vz_rec_find_obj(const struct vz_rec *r, int host, int kind_class_ptr,
		    unsigned long long ptrv);
int vz_rec_obj_by_id(const struct vz_rec *r, int host, int kind, unsigned int id);

/* A field's value, decoded: "TCP_SYN_SENT", "10.0.0.1". */
const char *vz_fmt_field(const struct vz_rec *r, int kind, int field,
			 unsigned long long v, char *buf, size_t len);
/* "sock#3" */
const char *vz_obj_name(const struct vz_rec *r, int obj, char *buf, size_t len);
int vz_field_index(const struct vz_rec *r, int kind, const char *name);
unsigned long long vz_val(const struct vz_rec *r, int obj, const char *field);

const struct vz_site *vz_ev_site(const struct vz_rec *r, const struct vz_ev *e);
const struct vz_site *vz_ev_frame(const struct vz_rec *r, const struct vz_ev *e,
				  int i);
const char *vz_host_name(const struct vz_rec *r, int host);
/* The i-th host in display order (left lane first), or -1. */
int vz_host_order(const struct vz_rec *r, int i);
const char *vz_intern(struct vz_rec *r, const char *s);
unsigned int vz_strtab_add(struct vz_strtab *t, const char *s);

/* Building a recording by hand (the loader, tests). */
int vz_rec_add_site(struct vz_rec *r, const char *func, const char *file,
		    int line, const char *linux_ref, const char *text);
long vz_rec_add_bytes(struct vz_rec *r, const void *p, size_t n);
int vz_rec_new_obj(struct vz_rec *r, int host, int kind, unsigned int id,
		   int born);

/* Files: the recording, the packets as pcapng (export_pcap.c). 0 or -errno;
 * err gets a message. */
int vz_rec_save(const struct vz_rec *r, const char *path, char *err, size_t errlen);
int vz_rec_load(struct vz_rec *r, const char *path, char *err, size_t errlen);
int vz_rec_load_mem(struct vz_rec *r, const unsigned char *p, size_t n,
		    char *err, size_t errlen);
int vz_rec_export_pcap(const struct vz_rec *r, const char *path, char *err,
		       size_t errlen);
/* host: only what that host's device saw (NULL: each packet once). */
int vz_rec_export_pcap_host(const struct vz_rec *r, const char *path,
			    const char *host, char *err, size_t errlen);

/* Bytes the recording takes in memory (for the benchmark). */
size_t vz_rec_memory(const struct vz_rec *r);

/* ---- navigation (nav.c): all return an event index or -1 ---- */
enum vz_bp_kind { VZ_BP_FUNC, VZ_BP_TCP_STATE, VZ_BP_SS_STATE };

struct vz_bp {
	int		kind;
	const char	*func;		/* interned: compare pointers */
	unsigned long long state;
};

int vz_nav_step(const struct vz_rec *r, int pos);	/* s: next step, anywhere */
int vz_nav_next(const struct vz_rec *r, int pos);	/* n: over calls, same task */
int vz_nav_finish(const struct vz_rec *r, int pos);	/* f: out of this function */
int vz_nav_back_step(const struct vz_rec *r, int pos);	/* S */
int vz_nav_back_next(const struct vz_rec *r, int pos);	/* N */
/* c: the next breakpoint hit after pos; -1 if none */
int vz_nav_continue(const struct vz_rec *r, int pos, const struct vz_bp *bps,
		    int nbps);
int vz_bp_hit(const struct vz_rec *r, int ev, const struct vz_bp *bp);
/* A milestone: a packet, a state change, a system call's start or end. */
int vz_nav_milestone(const struct vz_rec *r, int pos, int dir);
int vz_ev_is_milestone(const struct vz_rec *r, int ev);
/* A transition that is a change of state, not an object's birth. */
int vz_trans_is_real(const struct vz_rec *r, int obj, unsigned long long oldv,
		     unsigned long long newv);
/* Where to rest: the first step (or event) of the recording. */
int vz_nav_first(const struct vz_rec *r);
int vz_nav_start(const struct vz_rec *r);	/* the active opener's first step */
int vz_nav_last(const struct vz_rec *r);
/* Number of the step at or before pos (1-based), for "step 12/345". */
int vz_step_number(const struct vz_rec *r, int pos);

#endif
