/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp private header: core structures and prototypes grouped by the .c
 * file that defines them. Wire formats live in their own headers.
 */
#ifndef _XTCP_H
#define _XTCP_H

#include <linux/types.h>
#include <linux/if_ether.h>
#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/snmp.h>
#include <net/sock.h>
#include <linux/udp.h>
#include <uapi/linux/xtcp.h>

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

struct xtcp_mib {
	unsigned long	mibs[__XTCP_MIB_MAX];
};

#define XTCP_UDP_HASH_BITS	8
#define XTCP_UDP_HASH_SIZE	BIT(XTCP_UDP_HASH_BITS)

/**
 * struct xtcp_udp_table - bound SOCK_DGRAM sockets of one namespace
 * @lock: serialises writers (bind, autobind, unhash) and /proc readers
 * @slots: sockets hashed by local port, linked through sk->sk_node; the
 *	rx path walks them under rcu_read_lock(). A hashed socket holds a
 *	reference and has SOCK_RCU_FREE set.
 */
struct xtcp_udp_table {
	spinlock_t		lock;	/* writers and /proc; rx uses RCU */
	struct hlist_head	slots[XTCP_UDP_HASH_SIZE];
};

/**
 * struct xtcp_net - per network namespace state
 * @mib: per-cpu MIB counters
 * @nr_socks: sockets of this family currently open in the namespace
 * @udp: bound UDP sockets
 */
struct xtcp_net {
	DEFINE_SNMP_STAT(struct xtcp_mib, mib);
	atomic_t		nr_socks;
	struct xtcp_udp_table	udp;
};

/**
 * struct xtcp_sock - an xtcp socket; common part of every socket type
 * @sk: the generic socket, first so sk and xtcp_sock convert freely
 */
struct xtcp_sock {
	struct sock		sk;
};

static inline struct xtcp_sock *xtcp_sk(const struct sock *sk)
{
	return container_of(sk, struct xtcp_sock, sk);
}

/* af_xtcp.c */
extern int xtcp_family;
#if IS_ENABLED(CONFIG_KUNIT)
int xtcp_create_check(int type, int protocol, int *protop);
#endif

/* netns.c */
extern unsigned int xtcp_net_id;

static inline struct xtcp_net *xtcp_pernet(const struct net *net)
{
	return net_generic(net, xtcp_net_id);
}

#define XTCP_INC_STATS(net, field) \
	SNMP_INC_STATS(xtcp_pernet(net)->mib, field)

int xtcp_net_register(void);
void xtcp_net_unregister(void);

/* proc.c */
int xtcp_proc_net_init(struct net *net);
void xtcp_proc_net_exit(struct net *net);
u64 xtcp_mib_read(const struct net *net, enum xtcp_mib_field field);

/* sock.c: calls common to every socket type */
int xtcp_sock_release(struct socket *sock);
void xtcp_sock_destruct(struct sock *sk);

/*
 * tcp.c, udp.c. proto_ops.family is informational: the kernel only ever
 * compares it with PF_UNIX, so the const tables carry the default number
 * while sk->sk_family carries the one registered (module parameter).
 */
/* tcp.c */
extern struct proto xtcp_tcp_proto;
extern const struct proto_ops xtcp_tcp_ops;

/*
 * udp.c. A UDP socket keeps its addresses where inet keeps them in
 * struct sock_common: sk_rcv_saddr (bound local address, 0 = any),
 * sk_num (local port, host order, 0 = unbound), sk_daddr and sk_dport
 * (the connected peer, 0 when unconnected).
 */
extern struct proto xtcp_udp_proto;
extern const struct proto_ops xtcp_udp_ops;

/**
 * struct xtcp_udp_sock - a SOCK_DGRAM socket
 * @xsk: common part, first
 * @saddr: source address of sent datagrams, 0 to let the route choose;
 *	differs from sk_rcv_saddr when bound to a broadcast address
 */
struct xtcp_udp_sock {
	struct xtcp_sock	xsk;
	__be32			saddr;
};

static inline struct xtcp_udp_sock *xtcp_udp_sk(const struct sock *sk)
{
	return container_of(xtcp_sk(sk), struct xtcp_udp_sock, xsk);
}

/* csum.c: the Internet checksum (RFC 1071) over buffers and skbs */
__wsum xtcp_csum_partial(const void *buf, size_t len, __wsum sum);
__sum16 xtcp_csum_fold(__wsum sum);
__wsum xtcp_csum_block_add(__wsum sum, __wsum sum2, size_t offset);
__wsum xtcp_csum_pseudo(__be32 saddr, __be32 daddr, u8 proto, u16 len,
			__wsum sum);
__wsum xtcp_csum_skb(const struct sk_buff *skb, int offset, int len,
		     __wsum sum);

static inline __sum16 xtcp_csum_buf(const void *buf, size_t len)
{
	return xtcp_csum_fold(xtcp_csum_partial(buf, len, 0));
}

/*
 * The IP layer's core objects. Configuration changes run under the RTNL
 * (netlink and the netdevice notifier both hold it); the rx and tx paths
 * read under rcu_read_lock().
 */

/**
 * struct xtcp_dev - a net_device xtcp is attached to
 * @list: entry in xtcp_net.devs (RCU)
 * @net: namespace of the device
 * @dev: the device; a tracked reference is held
 * @tracker: reference tracker of @dev
 * @pt_ip: ETH_P_IP receive hook, bound to @dev
 * @pt_arp: ETH_P_ARP receive hook, bound to @dev (unused when @noarp)
 * @addrs: IPv4 addresses, struct xtcp_ifaddr (RCU)
 * @noarp: no link-layer header and no ARP (tun, ARPHRD_NONE)
 * @rcu: deferred free
 */
struct xtcp_dev {
	struct list_head	list;
	struct net		*net;
	struct net_device	*dev;
	netdevice_tracker	tracker;
	struct packet_type	pt_ip;
	struct packet_type	pt_arp;
	struct list_head	addrs;
	bool			noarp;
	struct rcu_head		rcu;
};

/**
 * struct xtcp_ifaddr - an IPv4 address on an attached device
 * @list: entry in xtcp_dev.addrs (RCU)
 * @addr: the address
 * @plen: prefix length, 0..32
 * @rcu: deferred free
 */
struct xtcp_ifaddr {
	struct list_head	list;
	__be32			addr;
	u8			plen;
	struct rcu_head		rcu;
};

/**
 * struct xtcp_flow - what an IPv4 packet to send looks like
 * @saddr: source; 0 lets the route choose
 * @daddr: destination
 * @proto: IP protocol
 * @tos: type of service byte
 * @ttl: time to live; 0 means the default (64)
 * @df: set Don't Fragment and fail with EMSGSIZE rather than fragment
 */
struct xtcp_flow {
	__be32		saddr;
	__be32		daddr;
	u8		proto;
	u8		tos;
	u8		ttl;
	bool		df;
};

/**
 * struct xtcp_rt - result of a route lookup, valid under rcu_read_lock()
 * @xdev: output device
 * @nexthop: gateway, or the destination itself when directly connected
 * @saddr: preferred source address on @xdev
 * @local: the destination is one of our own addresses
 * @broadcast: limited or directed broadcast on @xdev
 */
struct xtcp_rt {
	struct xtcp_dev	*xdev;
	__be32		nexthop;
	__be32		saddr;
	bool		local;
	bool		broadcast;
};

/**
 * struct xtcp_skb_cb - per-packet state in skb->cb on the rx path
 * @saddr: IPv4 source
 * @daddr: IPv4 destination
 * @iif: ifindex it arrived on
 * @ttl: received TTL
 * @tos: received TOS
 */
struct xtcp_skb_cb {
	__be32		saddr;
	__be32		daddr;
	int		iif;
	u8		ttl;
	u8		tos;
};

#define XTCP_SKB_CB(skb)	((struct xtcp_skb_cb *)(skb)->cb)

/* Headroom every transmitted skb reserves: link header + IPv4 with options. */
#define XTCP_MAX_HEADER		(LL_MAX_HEADER + 60)
#define XTCP_DEFAULT_TTL	64

/**
 * struct xtcp_icmp_err - an ICMP error about a datagram we sent
 * @saddr: our source address in the quoted datagram
 * @daddr: its destination
 * @sport: quoted transport source port (ours)
 * @dport: quoted transport destination port
 * @type: ICMP type
 * @code: ICMP code
 * @info: next-hop MTU for "fragmentation needed", else 0
 * @err: errno for sockets (ECONNREFUSED, EHOSTUNREACH, EMSGSIZE, ...)
 */
struct xtcp_icmp_err {
	__be32		saddr;
	__be32		daddr;
	__be16		sport;
	__be16		dport;
	u8		type;
	u8		code;
	u32		info;
	int		err;
};

/* ip_output.c */
int xtcp_ip_route_output(struct net *net, struct xtcp_flow *fl,
			 struct xtcp_rt *rt);
int xtcp_ip_output(struct net *net, struct sk_buff *skb,
		   const struct xtcp_flow *fl);

/* ip_input.c */
int xtcp_ip_rcv(struct xtcp_dev *xdev, struct sk_buff *skb);

/* icmp.c */
void xtcp_icmp_rcv(struct sk_buff *skb);
void xtcp_icmp_send(struct sk_buff *skb_in, u8 type, u8 code, u32 info);

/* udp_input.c: rx entry points, called in softirq under rcu_read_lock() */
void xtcp_udp_rcv(struct sk_buff *skb);
void xtcp_udp_err(struct net *net, const struct xtcp_icmp_err *e);
#if IS_ENABLED(CONFIG_KUNIT)
bool xtcp_udp_err_is_hard(u8 type, u8 code);
#endif

/* udp.c: the wire format, pure */
void xtcp_udp_hdr_build(struct udphdr *uh, __be16 sport, __be16 dport,
			u16 ulen);
__sum16 xtcp_udp_check(__be32 saddr, __be32 daddr, u16 ulen, __wsum sum);

/*
 * udp_table.c: the per-namespace table of bound sockets. struct
 * xtcp_udp_ends describes either a socket's binding or an arriving
 * datagram seen from the receiver: l* is our side, r* the peer's.
 */
#define XTCP_UDP_PORT_MIN	32768
#define XTCP_UDP_PORT_MAX	60999

struct xtcp_udp_ends {
	__be32		laddr;
	__be32		raddr;
	__be16		lport;
	__be16		rport;
	int		ifindex;
};

/**
 * struct xtcp_udp_bindkey - what decides whether two bindings conflict
 * @addr: bound local address, 0 = any
 * @ifindex: SO_BINDTODEVICE, 0 = any
 * @reuse: SO_REUSEADDR
 * @reuseport: SO_REUSEPORT
 * @uid: owner, for SO_REUSEPORT
 */
struct xtcp_udp_bindkey {
	__be32		addr;
	int		ifindex;
	bool		reuse;
	bool		reuseport;
	kuid_t		uid;
};

int xtcp_udp_score(const struct xtcp_udp_ends *sk,
		   const struct xtcp_udp_ends *pkt);
bool xtcp_udp_bind_conflict(const struct xtcp_udp_bindkey *a,
			    const struct xtcp_udp_bindkey *b);
u16 xtcp_udp_port_search(u32 rnd, bool (*used)(void *arg, u16 port),
			 void *arg);
void xtcp_udp_sk_ends(const struct sock *sk, struct xtcp_udp_ends *e);
int xtcp_udp_hash(struct sock *sk, u16 snum);
void xtcp_udp_unhash(struct sock *sk);
struct sock *__xtcp_udp_lookup(struct net *net,
			       const struct xtcp_udp_ends *pkt);
void xtcp_udp_table_init(struct xtcp_udp_table *t);

/* udp_proc.c: /proc/net/xtcp_udp, and the namespace's UDP state */
int xtcp_udp_net_init(struct net *net);
void xtcp_udp_net_exit(struct net *net);

/* udp_stubs.c: TEMPORARY loopback model of the IP layer, delete at merge */
void xtcp_udp_stub_flush(void);

/*
 * Configuration of the IP layer, called by netlink.c with the RTNL held
 * (genl ops use GENL_ADMIN_PERM and take rtnl_lock()). Each returns 0 or a
 * negative errno and sets an extack message on failure.
 */
struct netlink_ext_ack;

/* dev.c */
int xtcp_dev_attach(struct net *net, struct net_device *dev,
		    struct netlink_ext_ack *extack);
int xtcp_dev_detach(struct net *net, struct net_device *dev,
		    struct netlink_ext_ack *extack);

/* addr.c */
bool xtcp_addr_is_local(struct net *net, __be32 addr);
int xtcp_addr_add(struct net *net, struct net_device *dev, __be32 addr,
		  u8 plen, struct netlink_ext_ack *extack);
int xtcp_addr_del(struct net *net, struct net_device *dev, __be32 addr,
		  u8 plen, struct netlink_ext_ack *extack);

/* route.c: @dev may be NULL when @gw is set */
int xtcp_route_add(struct net *net, __be32 dst, u8 plen, __be32 gw,
		   struct net_device *dev, struct netlink_ext_ack *extack);
int xtcp_route_del(struct net *net, __be32 dst, u8 plen,
		   struct netlink_ext_ack *extack);

/* arp.c: @dev NULL flushes every device's entries */
void xtcp_neigh_flush(struct net *net, struct net_device *dev);

/*
 * Snapshots for netlink dumps: fill the n-th object (0-based) of a table,
 * or return -ENOENT past its end. Tables are small; a dump restarts at
 * cb->args[0].
 */
struct xtcp_link_info {
	int		ifindex;
	char		ifname[IFNAMSIZ];
	u32		mtu;
	u32		flags;		/* XTCP_LINK_F_* */
	u8		lladdr[ETH_ALEN];
};

struct xtcp_addr_info {
	int		ifindex;
	__be32		addr;
	u8		plen;
};

struct xtcp_route_info {
	__be32		dst;
	u8		plen;
	u8		type;		/* enum xtcp_route_type */
	__be32		gw;		/* 0: directly connected */
	int		ifindex;
};

struct xtcp_neigh_info {
	int		ifindex;
	__be32		addr;
	u8		lladdr[ETH_ALEN];
	u8		state;		/* enum xtcp_neigh_state */
	u32		age_ms;
	u32		queued;
};

int xtcp_link_get_nth(struct net *net, unsigned int n,
		      struct xtcp_link_info *info);
int xtcp_addr_get_nth(struct net *net, unsigned int n,
		      struct xtcp_addr_info *info);
int xtcp_route_get_nth(struct net *net, unsigned int n,
		       struct xtcp_route_info *info);
int xtcp_neigh_get_nth(struct net *net, unsigned int n,
		       struct xtcp_neigh_info *info);

/* proc.c: MIB names for netlink's stats dump */
const char *xtcp_mib_name(enum xtcp_mib_field field);

/* netlink.c */
int xtcp_genl_register(void);
void xtcp_genl_unregister(void);

#endif /* _XTCP_H */
