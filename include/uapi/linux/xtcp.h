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
 * @sxtcp_family: AF_XTCP. bind(), connect() and sendto() also take
 *	AF_INET, so a program written for AF_INET needs only its socket()
 *	call changed; addresses the kernel returns carry AF_XTCP.
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

/*
 * XTCP_SO_REUSEPORT - SO_REUSEPORT for an AF_XTCP stream socket, set at
 * level SOL_TCP (IPPROTO_TCP) with an int. The kernel's own SOL_SOCKET
 * code refuses SO_REUSEPORT to families other than AF_INET and AF_INET6
 * (EOPNOTSUPP), and 6.1 gives no other family a way to take it over.
 * getsockopt(SOL_SOCKET, SO_REUSEPORT) reads the flag as usual.
 * Listeners that set it on one port, address and owner share that
 * port's connections by the 4-tuple's hash, as Linux's do.
 */
#define XTCP_SO_REUSEPORT	0x5801

/*
 * XTCP_RECOVERY - how an AF_XTCP stream socket finds and repairs losses,
 * set and read at level SOL_TCP (IPPROTO_TCP) with an int; no other stack
 * lets a socket choose. An accepted socket has its listener's. The
 * congestion control algorithm (TCP_CONGESTION) still sets the window
 * and what the third duplicate ACK means to it (Tahoe starts again from
 * one segment in either mode).
 *
 * XTCP_RECOVERY_DUPACK: duplicate ACKs only, as before SACK: fast
 *	retransmit on the third, then the algorithm's Reno or NewReno
 *	recovery with window inflation (RFC 5681 3.2, RFC 6582), one hole
 *	per round trip. SACK blocks the peer sends only decide whether a
 *	duplicate ACK counts.
 * XTCP_RECOVERY_RFC6675: when both ends agreed to SACK, a
 *	scoreboard of what the peer holds: a segment is lost once three
 *	segments (or more than two full ones' bytes) above it are SACKed;
 *	recovery sends the lost segments, then new data, while RFC 6675's
 *	pipe is below the window; a timeout resends only what was not
 *	SACKed. Without SACK it works as XTCP_RECOVERY_DUPACK.
 * XTCP_RECOVERY_RACK: the default, RACK-TLP (RFC 8985) as on Linux: the
 *	same scoreboard, but a segment is lost once one sent after it was
 *	delivered and an RTT plus a reordering window has passed (a quarter
 *	of the minimum RTT once the path was seen to reorder, grown by
 *	D-SACKs), which also finds lost retransmissions; a reorder timer
 *	waits out the window. When ACKs stop with data in flight, a tail
 *	loss probe goes after two RTTs instead of waiting for the RTO.
 *	Without SACK it works as XTCP_RECOVERY_DUPACK.
 *
 * Other values are refused with EINVAL.
 */
#define XTCP_RECOVERY		0x5802
#define XTCP_RECOVERY_DUPACK	1
#define XTCP_RECOVERY_RFC6675	2
#define XTCP_RECOVERY_RACK	3

/*
 * Generic netlink configuration interface, one instance per network
 * namespace. Described by Documentation/netlink/specs/xtcp.yaml.
 * Commands that change state need CAP_NET_ADMIN in the namespace.
 */
#define XTCP_GENL_NAME		"xtcp"
#define XTCP_GENL_VERSION	1

enum xtcp_cmd {
	XTCP_CMD_UNSPEC,
	XTCP_CMD_LINK_ADD,	/* attach xtcp to a device: IFINDEX */
	XTCP_CMD_LINK_DEL,	/* detach: IFINDEX */
	XTCP_CMD_LINK_GET,	/* dump attached devices */
	XTCP_CMD_ADDR_ADD,	/* IFINDEX, ADDR, PREFIXLEN */
	XTCP_CMD_ADDR_DEL,	/* IFINDEX, ADDR, PREFIXLEN */
	XTCP_CMD_ADDR_GET,	/* dump addresses */
	XTCP_CMD_ROUTE_ADD,	/* DST, PREFIXLEN, GATEWAY and/or IFINDEX */
	XTCP_CMD_ROUTE_DEL,	/* DST, PREFIXLEN */
	XTCP_CMD_ROUTE_GET,	/* dump routes */
	XTCP_CMD_NEIGH_GET,	/* dump the ARP cache */
	XTCP_CMD_NEIGH_FLUSH,	/* flush it; optional IFINDEX */
	XTCP_CMD_STATS_GET,	/* dump MIB counters */
	XTCP_CMD_PORTS_GET,	/* dump the ephemeral port settings */
	XTCP_CMD_PORTS_SET,	/* PORT_RANGE and/or PORTS_RESERVED */
	XTCP_CMD_SYSCTL_GET,	/* dump the tunables: SYSCTL_NAME, SYSCTL_VALUE */
	XTCP_CMD_SYSCTL_SET,	/* SYSCTL_NAME, SYSCTL_VALUE */
	XTCP_CMD_SOCK_GET,	/* dump TCP sockets: XTCP_A_SOCK_* */

	__XTCP_CMD_MAX,
	XTCP_CMD_MAX = __XTCP_CMD_MAX - 1
};

enum xtcp_attr {
	XTCP_A_UNSPEC,
	XTCP_A_PAD,
	XTCP_A_IFINDEX,		/* u32 */
	XTCP_A_IFNAME,		/* string, in replies */
	XTCP_A_ADDR,		/* u32, network order: address or neighbour */
	XTCP_A_PREFIXLEN,	/* u8, 0..32 */
	XTCP_A_GATEWAY,		/* u32, network order */
	XTCP_A_ROUTE_TYPE,	/* u8, enum xtcp_route_type */
	XTCP_A_LLADDR,		/* binary, ETH_ALEN */
	XTCP_A_NEIGH_STATE,	/* u8, enum xtcp_neigh_state */
	XTCP_A_NEIGH_AGE_MS,	/* u32, since the last confirmation */
	XTCP_A_NEIGH_QUEUED,	/* u32, packets waiting on resolution */
	XTCP_A_MTU,		/* u32 */
	XTCP_A_LINK_FLAGS,	/* u32, XTCP_LINK_F_* */
	XTCP_A_STAT_NAME,	/* string */
	XTCP_A_STAT_VALUE,	/* u64 */
	XTCP_A_PORT_RANGE,	/* nest, enum xtcp_port_span_attr */
	XTCP_A_PORTS_RESERVED,	/* nest, enum xtcp_port_list_attr */
	XTCP_A_SYSCTL_NAME,	/* string: Linux's name, "tcp_fin_timeout" */
	XTCP_A_SYSCTL_VALUE,	/* string, as /proc/sys/net/... reads */
	XTCP_A_SOCK_STATE,	/* u8, Linux's TCP_* numbers (TCP_LISTEN is 10) */
	XTCP_A_SOCK_SRC,	/* u32, network order: local address */
	XTCP_A_SOCK_SPORT,	/* u16: local port */
	XTCP_A_SOCK_DST,	/* u32, network order: remote address */
	XTCP_A_SOCK_DPORT,	/* u16: remote port */
	XTCP_A_SOCK_RQUEUE,	/* u32: bytes not yet read; a listener's
				 * connections waiting for accept()
				 */
	XTCP_A_SOCK_WQUEUE,	/* u32: bytes not yet acked; a listener's
				 * backlog
				 */
	XTCP_A_SOCK_TIMER,	/* u8, enum xtcp_sock_timer */
	XTCP_A_SOCK_EXPIRES_MS,	/* u32: until the timer fires */
	XTCP_A_SOCK_RETRANS,	/* u8: timeouts (or probes) so far */
	XTCP_A_SOCK_UID,	/* u32 */
	XTCP_A_SOCK_INODE,	/* u64 */
	XTCP_A_SOCK_INFO,	/* binary: struct tcp_info, Linux 6.1 layout,
				 * the fields TCP_INFO fills; full sockets only
				 */
	XTCP_A_SOCK_CONG,	/* string: congestion control */
	XTCP_A_SOCK_MEMINFO,	/* binary: u32[SK_MEMINFO_VARS], indexed by
				 * SK_MEMINFO_* of linux/sock_diag.h, as
				 * SO_MEMINFO and ss -m; full sockets only
				 */

	__XTCP_A_MAX,
	XTCP_A_MAX = __XTCP_A_MAX - 1
};

/*
 * Ephemeral ports, as net.ipv4.ip_local_port_range and
 * ip_local_reserved_ports: a span is LOW..HIGH inclusive.
 */
enum xtcp_port_span_attr {
	XTCP_A_PORT_SPAN_UNSPEC,
	XTCP_A_PORT_SPAN_LOW,	/* u16 */
	XTCP_A_PORT_SPAN_HIGH,	/* u16 */

	__XTCP_A_PORT_SPAN_MAX,
	XTCP_A_PORT_SPAN_MAX = __XTCP_A_PORT_SPAN_MAX - 1
};

/* The reserved ports: a list of spans, in increasing order in replies. */
enum xtcp_port_list_attr {
	XTCP_A_PORT_LIST_UNSPEC,
	XTCP_A_PORT_LIST_SPAN,	/* nest, enum xtcp_port_span_attr; repeated */

	__XTCP_A_PORT_LIST_MAX,
	XTCP_A_PORT_LIST_MAX = __XTCP_A_PORT_LIST_MAX - 1
};

enum xtcp_route_type {
	XTCP_ROUTE_CONNECTED = 1,	/* from an address's prefix */
	XTCP_ROUTE_STATIC,		/* added by the user */
};

enum xtcp_neigh_state {
	XTCP_NEIGH_INCOMPLETE = 1,	/* request sent, no answer yet */
	XTCP_NEIGH_REACHABLE,		/* confirmed recently */
	XTCP_NEIGH_STALE,		/* usable, needs reconfirming */
	XTCP_NEIGH_FAILED,		/* no answer after all retries */
};

/*
 * The timer a socket waits on, numbered as the "tr" column of
 * /proc/net/tcp: ss -o prints them as on, keepalive, timewait, persist.
 */
enum xtcp_sock_timer {
	XTCP_SOCK_TIMER_NONE,
	XTCP_SOCK_TIMER_ON,		/* retransmission, or SYN-ACK */
	XTCP_SOCK_TIMER_KEEPALIVE,	/* keepalive, FIN-WAIT-2 */
	XTCP_SOCK_TIMER_TIMEWAIT,	/* the end of TIME-WAIT */
	XTCP_SOCK_TIMER_PERSIST,	/* zero-window probe */
};

#define XTCP_LINK_F_UP		(1U << 0)	/* device is up */
#define XTCP_LINK_F_NOARP	(1U << 1)	/* no link header (tun, ARPHRD_NONE) */

#endif /* _UAPI_LINUX_XTCP_H */
