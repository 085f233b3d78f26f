/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp TCP: private header of module/tcp/, grouped by the .c file that
 * defines each part. The socket-free parts (the state machine core, ISN,
 * SYN cookies) need only the wire format, so KUnit drives them without a
 * socket, an skb or a clock.
 */
#ifndef _XTCP_TCP_H
#define _XTCP_TCP_H

#include <linux/types.h>
#include <net/sock.h>

#include "wire/wire.h"

/* tcp.c: socket calls */
extern struct proto xtcp_tcp_proto;
extern const struct proto_ops xtcp_tcp_ops;

/* fsm.c: the RFC 9293 state machine core */

/* secure_seq.c: initial sequence numbers (RFC 6528) */

/* syncookies.c: SYN cookies */

#endif /* _XTCP_TCP_H */
