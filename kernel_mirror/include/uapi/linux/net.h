/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* kmirror: include/uapi/linux/net.h */
#ifndef _KM_UAPI_LINUX_NET_H
#define _KM_UAPI_LINUX_NET_H

typedef enum {
	SS_FREE = 0,			/* unused */
	SS_UNCONNECTED,			/* fresh, or connect failed / disconnected */
	SS_CONNECTING,			/* connect() started, handshake not done */
	SS_CONNECTED,			/* connect() finished */
	SS_DISCONNECTING		/* being torn down */
} socket_state;

#define __SO_ACCEPTCON	(1 << 16)	/* set once listen() succeeded */

#endif
