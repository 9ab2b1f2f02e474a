/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmirror: the ICMP echo ("ping") sockets of net/ipv4/ping.c, as far as
 * other files need them.
 */
#ifndef _NET_PING_H
#define _NET_PING_H

void ping_init(void);

#endif
