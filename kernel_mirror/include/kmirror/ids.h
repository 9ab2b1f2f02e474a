/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: stable object ids. Traces and the visualizer never print raw
 * addresses: every object a reader cares about gets "<class>#<n>", numbered
 * per host in allocation order, so the same seed and scenario always give
 * the same names.
 */
#ifndef _KM_IDS_H
#define _KM_IDS_H

enum km_id_class {
	KM_ID_NONE = 0,		/* plain kmalloc memory: tracked, not named */
	KM_ID_SOCKET,		/* struct socket (inside socket_alloc) */
	KM_ID_SOCK,		/* struct sock and its protocol extensions */
	KM_ID_SKB,		/* struct sk_buff */
	KM_ID_SKB_DATA,		/* an skb's data buffer */
	KM_ID_REQSK,		/* struct request_sock */
	KM_ID_DST,		/* struct rtable / dst_entry */
	KM_ID_FILE,		/* struct file */
	KM_ID_WQ,		/* struct socket_wq */
	KM_ID_BUCKET,		/* inet_bind_bucket */
	KM_ID_TW,		/* inet_timewait_sock */
	KM_ID__COUNT
};

const char *km_id_class_name(int cls);

#endif
