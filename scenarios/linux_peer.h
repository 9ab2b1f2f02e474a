/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: the Linux kernel as the peer of a scenario (--peer linux),
 * over TUN inside kmirror's network namespace (scenarios/linux_peer.c,
 * docs/tun.md).
 *
 * km_scn_linux_peer_setup() (scenario.h) builds the mirror host "client"
 * (eth0 198.18.0.2/24 on the TUN device, default route via Linux), opens
 * the Linux side the scenario wants, and then drops root. The helpers here
 * let scenario bodies act on the Linux side and read its own view.
 */
#ifndef _KM_LINUX_PEER_H
#define _KM_LINUX_PEER_H

#include <stddef.h>
#include <stdint.h>

struct km_scn;

/* What the Linux side of a scenario is. */
enum km_linux_role {
	KM_LINUX_LISTEN,	/* a TCP listener on 198.18.0.1:80 */
	KM_LINUX_CLOSED,	/* nothing on :80 — Linux answers RST */
	KM_LINUX_DROP,		/* the target is 198.18.9.9, blackholed */
	KM_LINUX_CLIENT,	/* a TCP client socket, connected by the scenario */
	KM_LINUX_UDP_CLOSED,	/* UDP: nothing on the port — ICMP */
};

#define KM_LINUX_PORT		80	/* the TCP port of the scenarios */
#define KM_LINUX_UDP_PORT	9	/* "discard": closed in the namespace */
#define KM_LINUX_SYNCNT		2	/* connect-timeout: SYNs at 0, 1, 3 s */

int km_scn_linux_peer_setup_role(struct km_scn *c, enum km_linux_role role);

/* KM_LINUX_CLIENT: Linux's socket connects (non-blocking) to the mirror
 * host's port; its SYN is in the TUN device when this returns. */
long km_scn_linux_connect(struct km_scn *c, uint16_t port);
/* The state Linux's own socket table shows for the connection between
 * Linux's port lport and the mirror's port mport (TCP_* number), or
 * -ENOENT. */
int km_scn_linux_tcp_state(struct km_scn *c, uint16_t lport, uint16_t mport);
/* Linux's end of an exchange of data (the echo scenarios): accept the
 * connection on the listener (KM_LINUX_LISTEN; its fd or -errno), send
 * on it, or receive (waiting up to 5 s for data; -EAGAIN if none came).
 * KM_LINUX_CLIENT sends and receives on its client socket. */
long km_scn_linux_accept(struct km_scn *c);
long km_scn_linux_send(struct km_scn *c, const void *buf, size_t len);
long km_scn_linux_recv(struct km_scn *c, void *buf, size_t len);
/* Close Linux's end of the connection (the accepted socket, or the
 * client's): Linux sends its FIN. 0 or -errno. */
long km_scn_linux_close(struct km_scn *c);
/* The state of that connection in Linux's socket table (TCP_*), or
 * -ENOENT. */
int km_scn_linux_conn_state(struct km_scn *c);
/* The local port of Linux's client socket (KM_LINUX_CLIENT). */
uint16_t km_scn_linux_client_port(struct km_scn *c);
/* Add result lines with what Linux saw (its socket table, its counters);
 * non-zero if Linux's view contradicts the scenario's expectation. */
int km_scn_linux_peer_report(struct km_scn *c);
const char *km_linux_tcp_state_name(int state);

/* Under sudo, become SUDO_UID/SUDO_GID exactly, saying which uid the run
 * continues as; 0, or -1 (after a message) if the process must stop
 * rather than go on as root. */
int km_drop_privileges(void);

/* Set-up checks and messages shared with `kmirror net` (viz/cmd_net.c). */
#define KM_CAP_NET_ADMIN	12
#define KM_CAP_SYS_ADMIN	21
/* /dev/net/tun and root's capabilities, or an error message; 0 if the
 * set-up can go ahead. */
int km_net_check_setup(const char *what);
/* $KMIRROR_NETNS must be a namespace name: 0, or 1 after saying why. */
int km_net_check_env(void);
void km_net_explain_privileges(const char *what, int err);
/* Say why kmirror leaves /run/netns/<name> alone (owner: KM_NETNS_*). */
void km_net_explain_not_ours(const char *name, int owner);
void km_net_explain_tun_error(int err);

#endif
