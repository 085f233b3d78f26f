/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * xtcp: an alternative TCP/IP protocol family, loaded as a module.
 *
 * This header is shared by the module, its tests and the user-space tools.
 */
#ifndef _UAPI_LINUX_XTCP_H
#define _UAPI_LINUX_XTCP_H

#include <linux/types.h>
#include <linux/socket.h>

/*
 * AF_XTCP_DEFAULT - the address family number xtcp registers by default.
 *
 * 19 is AF_ECONET, whose implementation left the kernel in 3.5; no 6.1
 * family registers it. The number is a module parameter
 * (/sys/module/xtcp/parameters/family) so it can be moved if a system
 * uses 19; programs should read the parameter rather than hard-code it.
 */
#define AF_XTCP_DEFAULT		19

#ifndef AF_XTCP
#define AF_XTCP			AF_XTCP_DEFAULT
#define PF_XTCP			AF_XTCP
#endif

/* Where the loaded module publishes the family number it registered. */
#define XTCP_FAMILY_PARAM_PATH	"/sys/module/xtcp/parameters/family"

/**
 * struct sockaddr_xtcp - an xtcp socket address (IPv4 address and port)
 * @sxtcp_family: AF_XTCP
 * @sxtcp_port: port, network byte order
 * @sxtcp_addr: IPv4 address, network byte order
 * @sxtcp_zero: padding, must be zero
 *
 * Laid out exactly like struct sockaddr_in, so a program may pass a
 * struct sockaddr_in whose sin_family is AF_XTCP.
 */
struct sockaddr_xtcp {
	__kernel_sa_family_t	sxtcp_family;
	__be16			sxtcp_port;
	__be32			sxtcp_addr;
	unsigned char		sxtcp_zero[8];
};

#endif /* _UAPI_LINUX_XTCP_H */
