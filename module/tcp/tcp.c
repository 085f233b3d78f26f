// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp SOCK_STREAM (TCP) sockets: struct proto and proto_ops.
 *
 * The socket exists, pins the module and is accounted per namespace; the
 * calls that move data answer EOPNOTSUPP until the TCP core lands.
 */
#include <linux/net.h>
#include <net/sock.h>

#include "core/core.h"
#include "tcp.h"

struct proto xtcp_tcp_proto = {
	.name		= "XTCP-TCP",
	.owner		= THIS_MODULE,
	.obj_size	= sizeof(struct xtcp_sock),
};

const struct proto_ops xtcp_tcp_ops = {
	.family		= PF_XTCP,	/* informational, see xtcp.h */
	.owner		= THIS_MODULE,
	.release	= xtcp_sock_release,
	.bind		= sock_no_bind,
	.connect	= sock_no_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= sock_no_accept,
	.getname	= sock_no_getname,
	.ioctl		= sock_no_ioctl,
	.listen		= sock_no_listen,
	.shutdown	= sock_no_shutdown,
	.sendmsg	= sock_no_sendmsg,
	.recvmsg	= sock_no_recvmsg,
	.mmap		= sock_no_mmap,
	.sendpage	= sock_no_sendpage,
};
