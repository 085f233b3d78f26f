/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp private header: only what every layer shares, the MIB and drop
 * counters' names, the layers' names and the common part of every socket.
 * Each layer has a header of its own in its folder:
 *
 *	wire/wire.h	wire formats, pure (no skb, socket or clock)
 *	link/link.h	attached devices and the ARP cache
 *	ip/ip.h		addresses, routes, IPv4 in and out, reassembly, ICMP
 *	udp/udp.h	UDP sockets and their table
 *	tcp/tcp.h	TCP
 *	core/core.h	the family's glue: per-namespace state (struct
 *			xtcp_net, which embeds each layer's state, as struct
 *			net embeds include/net/netns/), module init, netlink,
 *			/proc, MIB accounting, ports
 *
 * csum.h holds the Internet checksum, which every layer and wire/ use.
 */
#ifndef _XTCP_H
#define _XTCP_H

#include <linux/types.h>
#include <linux/if_ether.h>
#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <linux/siphash.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/snmp.h>
#include <net/sock.h>
#include <linux/udp.h>
#include <uapi/linux/xtcp.h>

#include "csum.h"
#include "wire/wire.h"

/*
 * MIB counters. Each is written once, in mib_list.h, and expands into this
 * enum and the names printed in /proc/net/xtcp_snmp, nstat style.
 */
#define EM(a, b)	a,
enum xtcp_mib_field {
#include "mib_list.h"
	__XTCP_MIB_MAX
};

#undef EM

/* Where a packet was dropped; printed by the xtcp_drop tracepoint. */
enum xtcp_layer {
	XTCP_LAYER_DEV,
	XTCP_LAYER_ARP,
	XTCP_LAYER_IP,
	XTCP_LAYER_ICMP,
	XTCP_LAYER_UDP,
	XTCP_LAYER_TCP,
	__XTCP_LAYER_MAX
};

/**
 * struct xtcp_mib - per-cpu counters of a namespace
 * @mibs: MIB counters, enum xtcp_mib_field
 * @drops: dropped packets by enum xtcp_drop_reason
 */
struct xtcp_mib {
	unsigned long	mibs[__XTCP_MIB_MAX];
	unsigned long	drops[__XTCP_DROP_MAX];
};

struct xtcp_dev;

/**
 * struct xtcp_dst - a socket's cached route, as Linux's sk_dst_cache
 * @xdev: output device; dereferenced only under rcu_read_lock() and only
 *	while @genid is the namespace's current route generation (a device
 *	leaving bumps it before its RCU-deferred free)
 * @daddr: the destination it was looked up for
 * @saddr: the source address it chose (or the socket's bound one)
 * @nexthop: the gateway, or @daddr on-link
 * @dev_mtu: the device's MTU; IP_MAX_MTU for a local route
 * @pmtu: a learned path MTU below it, 0 for none
 * @expires: when @pmtu expires (jiffies); checked with @pmtu only
 * @genid: route generation the entry was filled at
 * @valid: the entry may be used when @genid is current
 * @local: to one of our own addresses
 * @broadcast: to a broadcast address
 *
 * Filled and read under the socket's lock (xtcp_dst_check(), ip/ip.h).
 * Adding or deleting a route, an address or a device, a device going up,
 * down or changing its MTU, and a learned path MTU all bump the
 * namespace's generation, so the next use looks the route up again.
 */
struct xtcp_dst {
	struct xtcp_dev	*xdev;
	__be32		daddr;
	__be32		saddr;
	__be32		nexthop;
	u32		dev_mtu;
	u32		pmtu;
	unsigned long	expires;
	u32		genid;
	bool		valid;
	bool		local;
	bool		broadcast;
};

/**
 * struct xtcp_inet - the IP-level settings of a socket, as struct inet_sock
 *	keeps them; shared by every transport (SOL_IP options, ip/sockglue.c)
 * @saddr: source address of sent packets, 0 to let the route choose; it
 *	differs from sk_rcv_saddr when bound to a broadcast address. The
 *	other addresses and ports live where inet keeps them, in struct
 *	sock_common: sk_rcv_saddr (bound address), sk_num (local port, host
 *	order), sk_daddr and sk_dport (the peer, 0 when unconnected).
 * @uc_ttl: IP_TTL of unicast datagrams, 1..255, or -1 for the default
 * @tos: IP_TOS, the whole byte (ECN bits included, for datagram sockets)
 * @pmtudisc: IP_MTU_DISCOVER, an IP_PMTUDISC_* value
 * @sport: TCP: the local port getsockname() shows (inet_sport), set with
 *	sk_num and kept when a closed socket gives the port up
 * @dst: the cached route of a connected socket (TCP)
 *
 * Written under lock_sock(); the transmit path reads it under the same lock
 * into a struct xtcp_flow.
 */
struct xtcp_inet {
	__be32		saddr;
	s16		uc_ttl;
	u8		tos;
	u8		pmtudisc;
	__be16		sport;
	struct xtcp_dst	dst;
};

/**
 * struct xtcp_sock - an xtcp socket; common part of every socket type
 * @sk: the generic socket, first so sk and xtcp_sock convert freely
 * @inet: IP-level settings
 */
struct xtcp_sock {
	struct sock		sk;
	struct xtcp_inet	inet;
};

static inline struct xtcp_sock *xtcp_sk(const struct sock *sk)
{
	return container_of(sk, struct xtcp_sock, sk);
}

#endif /* _XTCP_H */
