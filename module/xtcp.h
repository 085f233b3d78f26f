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

struct xtcp_neigh_table;
struct xtcp_neigh_info;
struct xtcp_dev;

/**
 * struct xtcp_neigh_ops - how a neighbour table acts on the world
 * @solicit: send an ARP request for @target; unicast to @lladdr if set
 * @output: transmit @skb to @lladdr; consumes it
 * @drop: account a packet the table drops (it frees the skb itself); @skb
 *	is NULL for an entry refused with no packet waiting (NeighTableFull)
 * @schedule: ask for xtcp_neigh_tick() to run at @when or earlier
 *
 * The real table builds ARP frames; KUnit passes fakes that record calls.
 */
struct xtcp_neigh_ops {
	void (*solicit)(struct xtcp_neigh_table *tbl, struct xtcp_dev *xdev,
			__be32 target, const u8 *lladdr);
	void (*output)(struct xtcp_neigh_table *tbl, struct sk_buff *skb,
		       struct xtcp_dev *xdev, const u8 *lladdr);
	void (*drop)(struct xtcp_neigh_table *tbl, struct sk_buff *skb,
		     enum xtcp_drop_reason reason);
	void (*schedule)(struct xtcp_neigh_table *tbl, unsigned long when);
};

#define XTCP_NEIGH_HASH_SIZE	64

/* xtcp_neigh_update() flags */
#define XTCP_NEIGH_F_CREATE	BIT(0)	/* make an entry if there is none */
#define XTCP_NEIGH_F_CONFIRM	BIT(1)	/* a reply to us: REACHABLE */

/**
 * struct xtcp_neigh_table - the ARP cache of a namespace
 * @lock: protects everything below but the tunables
 * @hash: entries (struct xtcp_neigh, private to arp.c) by device and address
 * @gc_list: the same entries, least recently confirmed first
 * @count: number of entries
 * @hash_rnd: seed of the hash, random per table
 * @last_flush: when forced GC last ran, jiffies
 * @ops: actions, see struct xtcp_neigh_ops
 * @reachable_time: how long a confirmation stays good (30 s)
 * @retrans_time: between requests while resolving (1 s)
 * @gc_time: unused STALE/FAILED entries are removed after this (60 s)
 * @max_probes: requests before an entry FAILS (3)
 * @queue_len: packets held per unresolved entry (8); overflow drops the oldest
 * @gc_thresh2: above this many entries, forced GC runs every 5 s (512)
 * @gc_thresh3: hard limit; a new entry past it needs forced GC to free
 *	one, or is refused (1024)
 */
struct xtcp_neigh_table {
	spinlock_t			lock;	/* the table and its entries */
	struct hlist_head		hash[XTCP_NEIGH_HASH_SIZE];
	struct list_head		gc_list;
	unsigned int			count;
	u32				hash_rnd;
	unsigned long			last_flush;
	const struct xtcp_neigh_ops	*ops;
	unsigned long			reachable_time;
	unsigned long			retrans_time;
	unsigned long			gc_time;
	unsigned int			max_probes;
	unsigned int			queue_len;
	unsigned int			gc_thresh2;
	unsigned int			gc_thresh3;
};

/**
 * struct xtcp_icmp_limit - token bucket for ICMP errors
 * @lock: protects the bucket
 * @stamp: last refill, jiffies
 * @tokens: errors that may be sent now
 */
struct xtcp_icmp_limit {
	spinlock_t	lock;		/* the bucket */
	unsigned long	stamp;
	u32		tokens;
};

/**
 * struct xtcp_frag_key - what makes fragments belong to one datagram
 * @saddr: source address
 * @daddr: destination address
 * @id: IP identification, as on the wire
 * @protocol: IP protocol number
 *
 * RFC 791: (source, destination, protocol, identification).
 */
struct xtcp_frag_key {
	__be32	saddr;
	__be32	daddr;
	__be16	id;
	u8	protocol;
};

#define XTCP_FRAG_HASH_BITS	6

/**
 * struct xtcp_frag_ctx - IPv4 reassembly state of one namespace
 * @lock: protects everything below; taken with spin_lock_bh()
 * @hash: queues by key
 * @lru: queues, oldest first; expiry walks it from the head
 * @nr_queues: datagrams being reassembled
 * @mem: skb->truesize of every queued fragment, in bytes
 * @mem_cap: @mem never exceeds this; write under @lock
 * @timeout: a queue older than this many jiffies is dropped; under @lock
 * @hash_rnd: hash seed
 * @net: namespace to count in; NULL for a context driven by hand (KUnit),
 *	which then never arms @timer and takes "now" from any clock
 * @timer: one per context, due when the oldest queue times out
 */
struct xtcp_frag_ctx {
	spinlock_t		lock;	/* protects all below */
	struct hlist_head	hash[1 << XTCP_FRAG_HASH_BITS];
	struct list_head	lru;
	unsigned int		nr_queues;
	unsigned long		mem;
	unsigned long		mem_cap;
	unsigned long		timeout;
	u32			hash_rnd;
	struct net		*net;
	struct timer_list	timer;
};

/**
 * enum xtcp_frag_result - what xtcp_frag_input() did with a fragment
 * @XTCP_FRAG_QUEUED: kept; the datagram is not complete yet
 * @XTCP_FRAG_DONE: the datagram is complete and returned
 * @XTCP_FRAG_DUPLICATE: exact duplicate of a queued fragment, dropped;
 *	the queue is kept
 * @XTCP_FRAG_OVERLAP: overlaps a queued fragment; the fragment and its
 *	whole queue are dropped (RFC 5722)
 * @XTCP_FRAG_OVER_CAP: would take the context over its memory cap;
 *	fragment and queue dropped
 * @XTCP_FRAG_TOO_BIG: ends beyond the largest IPv4 payload; dropped with
 *	its queue
 * @XTCP_FRAG_BAD_LEN: empty, misaligned, not a multiple of 8 bytes while
 *	more follow, or disagreeing with the datagram's known end; dropped
 *	with its queue
 * @XTCP_FRAG_NOMEM: no memory for a queue or the reassembled skb;
 *	fragment and queue dropped
 */
enum xtcp_frag_result {
	XTCP_FRAG_QUEUED,
	XTCP_FRAG_DONE,
	XTCP_FRAG_DUPLICATE,
	XTCP_FRAG_OVERLAP,
	XTCP_FRAG_OVER_CAP,
	XTCP_FRAG_TOO_BIG,
	XTCP_FRAG_BAD_LEN,
	XTCP_FRAG_NOMEM,
};

#define XTCP_IP_IDENTS		512

/**
 * struct xtcp_ip_idents - IPv4 identification generator of a namespace
 * @key: siphash key, random per namespace
 * @ids: counters, one per hash bucket of (daddr, saddr, protocol)
 * @stamps: when each counter was last used, jiffies
 *
 * As Linux's ip_idents (net/ipv4/route.c): a burst towards one destination
 * moves only its own bucket, and an idle bucket jumps by a random amount,
 * so an off-path host can neither count our traffic nor guess the next ID
 * another host will see (idle scans, CVE-2019-10638).
 */
struct xtcp_ip_idents {
	siphash_key_t	key;
	atomic_t	ids[XTCP_IP_IDENTS];
	u32		stamps[XTCP_IP_IDENTS];
};

#define XTCP_PMTU_SLOTS		64
#define XTCP_PMTU_EXPIRES	(10 * 60 * HZ)	/* Linux's ip_rt_mtu_expires */
#define XTCP_PMTU_MIN		552		/* Linux's ip_rt_min_pmtu */

/**
 * struct xtcp_pmtu_cache - path MTUs learned from ICMP "fragmentation
 *	needed", per destination (Linux keeps them as nexthop exceptions)
 * @lock: protects the slots; readers look at @slot[].daddr without it first
 * @slot: entries hashed by destination; a collision replaces the entry
 * @slot.daddr: destination, 0 when free
 * @slot.mtu: its path MTU
 * @slot.expires: jiffies after which the entry is forgotten
 */
struct xtcp_pmtu_cache {
	spinlock_t	lock;	/* the slots */
	struct {
		__be32		daddr;
		u32		mtu;
		unsigned long	expires;
	} slot[XTCP_PMTU_SLOTS];
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
 * struct xtcp_ports - ephemeral port settings of one namespace
 * @range: first port << 16 | last port, one word so READ_ONCE() gives a
 *	consistent pair (net.ipv4.ip_local_port_range)
 * @reserved: 65536 bits, ports no search picks (ip_local_reserved_ports)
 * @lock: serialises writers
 */
struct xtcp_ports {
	u32			range;
	unsigned long		*reserved;
	struct mutex		lock;	/* writers */
};

/**
 * struct xtcp_net - per network namespace state
 * @net: the namespace
 * @mib: per-cpu MIB and drop counters
 * @nr_socks: sockets of this family currently open in the namespace
 * @devs: attached devices, struct xtcp_dev (RCU; RTNL to change)
 * @routes: routes, longest prefix first (RCU; RTNL to change)
 * @neigh: the ARP cache
 * @neigh_timer: runs the ARP cache's timers
 * @local_q: packets for our own addresses, waiting for @local_work
 * @local_work: receives @local_q as if from a device
 * @idents: IPv4 identification generator
 * @pmtu: learned path MTUs
 * @icmp_limit: rate limit of ICMP errors
 * @frag: IPv4 reassembly
 * @udp: bound UDP sockets
 * @ports: ephemeral port range and reserved ports
 */
struct xtcp_net {
	struct net		*net;
	DEFINE_SNMP_STAT(struct xtcp_mib, mib);
	atomic_t		nr_socks;
	struct list_head	devs;
	struct list_head	routes;
	struct xtcp_neigh_table	neigh;
	struct timer_list	neigh_timer;
	struct sk_buff_head	local_q;
	struct work_struct	local_work;
	struct xtcp_ip_idents	idents;
	struct xtcp_pmtu_cache	pmtu;
	struct xtcp_icmp_limit	icmp_limit;
	struct xtcp_frag_ctx	frag;
	struct xtcp_udp_table	udp;
	struct xtcp_ports	ports;
};

/**
 * struct xtcp_inet - the IP-level settings of a socket, as struct inet_sock
 *	keeps them; shared by every transport (SOL_IP options, ip_sockglue.c)
 * @uc_ttl: IP_TTL of unicast datagrams, 1..255, or -1 for the default
 * @tos: IP_TOS, the whole byte (ECN bits included, for datagram sockets)
 * @pmtudisc: IP_MTU_DISCOVER, an IP_PMTUDISC_* value
 *
 * Written under lock_sock(); the transmit path reads it under the same lock
 * into a struct xtcp_flow.
 */
struct xtcp_inet {
	s16		uc_ttl;
	u8		tos;
	u8		pmtudisc;
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
#define XTCP_ADD_STATS(net, field, val) \
	SNMP_ADD_STATS(xtcp_pernet(net)->mib, field, val)

int xtcp_net_register(void);
void xtcp_net_unregister(void);

/* proc.c */
int xtcp_proc_net_init(struct net *net);
void xtcp_proc_net_exit(struct net *net);
u64 xtcp_mib_read(const struct net *net, enum xtcp_mib_field field);
u64 xtcp_drop_read(const struct net *net, enum xtcp_drop_reason reason);
const char *xtcp_layer_name(int layer);
void xtcp_drop_count(struct xtcp_net *xn, enum xtcp_layer layer,
		     enum xtcp_drop_reason reason, const struct sk_buff *skb);

/* sock.c: calls common to every socket type */
int xtcp_sock_release(struct socket *sock);
void xtcp_sock_destruct(struct sock *sk);

/* ip_sockglue.c: SOL_IP socket options, for every transport */
void xtcp_inet_init(struct xtcp_inet *inet);
int xtcp_ip_setsockopt(struct sock *sk, int optname, sockptr_t optval,
		       unsigned int optlen);
int xtcp_ip_getsockopt(struct sock *sk, int optname, char __user *optval,
		       int __user *optlen);

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
 * @pt_arp: ETH_P_ARP receive hook, bound to @dev, registered while !@noarp
 * @addrs: IPv4 addresses, struct xtcp_ifaddr (RCU)
 * @noarp: no ARP: a device without an Ethernet link header (tun), or
 *	IFF_NOARP; follows the flag (RTNL to write, READ_ONCE() elsewhere).
 *	Whether frames get a link header is the device's header_ops' call.
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
 * @pmtudisc: the sender's IP_MTU_DISCOVER; 0 is IP_PMTUDISC_DONT (never
 *	DF, fragment to the path MTU), what xtcp's own ICMP uses. See
 *	xtcp_ip_mtu_policy().
 */
struct xtcp_flow {
	__be32		saddr;
	__be32		daddr;
	u8		proto;
	u8		tos;
	u8		ttl;
	u8		pmtudisc;
};

/**
 * struct xtcp_ip_mtu - how a datagram of a given size leaves
 * @mtu: the MTU it is checked against and fragmented to
 * @df: set Don't Fragment in its header
 * @nofrag: never fragment it here: larger than @mtu is EMSGSIZE
 */
struct xtcp_ip_mtu {
	unsigned int	mtu;
	bool		df;
	bool		nofrag;
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

/* dev.c */
struct xtcp_dev *xtcp_dev_find(struct net *net, const struct net_device *dev);
void xtcp_dev_xmit(struct xtcp_dev *xdev, struct sk_buff *skb,
		   const u8 *lladdr);
void xtcp_dev_detach_all(struct net *net);
int xtcp_dev_register(void);
void xtcp_dev_unregister(void);

/* addr.c */
struct xtcp_dev *xtcp_addr_dev(struct net *net, __be32 addr);
bool xtcp_addr_is_local(struct net *net, __be32 addr);
bool xtcp_addr_is_broadcast(const struct xtcp_dev *xdev, __be32 addr);
__be32 xtcp_addr_select(const struct xtcp_dev *xdev, __be32 dst);
void xtcp_addr_announce(struct xtcp_dev *xdev);
void xtcp_addr_flush_dev(struct xtcp_dev *xdev);

/* route.c */
bool xtcp_route_find(struct net *net, __be32 dst, u8 plen,
		     const struct xtcp_dev *xdev);
int xtcp_route_insert(struct net *net, __be32 dst, u8 plen, __be32 gw,
		      struct xtcp_dev *xdev, u8 type);
void xtcp_route_remove(struct net *net, __be32 dst, u8 plen,
		       struct xtcp_dev *xdev, u8 type);
void xtcp_route_flush_dev_static(struct xtcp_dev *xdev);
void xtcp_route_flush_dev(struct xtcp_dev *xdev);
int xtcp_route_lookup(struct net *net, __be32 daddr, struct xtcp_rt *rt);

/* arp.c */
int xtcp_neigh_output(struct xtcp_neigh_table *tbl, struct xtcp_dev *xdev,
		      __be32 addr, struct sk_buff *skb, unsigned long now);
void xtcp_neigh_update(struct xtcp_neigh_table *tbl, struct xtcp_dev *xdev,
		       __be32 addr, const u8 *lladdr, unsigned long now,
		       unsigned int flags);
unsigned long xtcp_neigh_tick(struct xtcp_neigh_table *tbl, unsigned long now);
void xtcp_neigh_timer_arm(struct timer_list *timer, unsigned long when);
void xtcp_neigh_timer_run(struct xtcp_neigh_table *tbl,
			  struct timer_list *timer, unsigned long now);
#if IS_ENABLED(CONFIG_KUNIT)
u32 xtcp_neigh_hash(const struct xtcp_neigh_table *tbl,
		    const struct xtcp_dev *xdev, __be32 addr);
#endif
void xtcp_neigh_table_flush(struct xtcp_neigh_table *tbl,
			    const struct xtcp_dev *xdev);
void xtcp_neigh_table_init(struct xtcp_neigh_table *tbl,
			   const struct xtcp_neigh_ops *ops);
int xtcp_neigh_table_get_nth(struct xtcp_neigh_table *tbl, unsigned int n,
			     struct xtcp_neigh_info *info, unsigned long now);
int xtcp_arp_rcv(struct xtcp_dev *xdev, struct sk_buff *skb);
void xtcp_arp_announce(struct xtcp_dev *xdev, __be32 addr);
void xtcp_arp_net_init(struct xtcp_net *xn);
void xtcp_arp_net_exit(struct xtcp_net *xn);

/* ip_output.c */
void xtcp_ip_net_init(struct xtcp_net *xn, struct net *net);
void xtcp_ip_net_exit(struct xtcp_net *xn);
int xtcp_ip_route_output(struct net *net, struct xtcp_flow *fl,
			 struct xtcp_rt *rt);
int xtcp_ip_output(struct net *net, struct sk_buff *skb,
		   const struct xtcp_flow *fl);
void xtcp_ip_pmtu_update(struct net *net, __be32 daddr, u32 mtu);
unsigned int xtcp_ip_path_mtu(struct net *net, const struct xtcp_rt *rt,
			      __be32 daddr);
void xtcp_ip_flow_mtu(struct net *net, const struct xtcp_rt *rt,
		      const struct xtcp_flow *fl, unsigned int len,
		      struct xtcp_ip_mtu *out);
void xtcp_ip_idents_init(struct xtcp_ip_idents *t);
void xtcp_pmtu_init(struct xtcp_pmtu_cache *c);
void xtcp_pmtu_update(struct xtcp_pmtu_cache *c, __be32 daddr, u32 mtu,
		      unsigned long now);
u32 xtcp_pmtu_get(struct xtcp_pmtu_cache *c, __be32 daddr, unsigned long now);
u16 xtcp_ip_ident_next(struct xtcp_ip_idents *t, __be32 saddr, __be32 daddr,
		       u8 proto, u32 now);
#if IS_ENABLED(CONFIG_KUNIT)
u32 xtcp_ip_ident_bucket(const siphash_key_t *key, __be32 saddr,
			 __be32 daddr, u8 proto);
int xtcp_ip_frag_verdict(unsigned int len, unsigned int mtu, bool nofrag);
void xtcp_ip_mtu_policy(u8 pmtudisc, unsigned int len, unsigned int dev_mtu,
			unsigned int pmtu, struct xtcp_ip_mtu *out);
#endif

/* ip_input.c */
int xtcp_ip_rcv(struct xtcp_dev *xdev, struct sk_buff *skb);
int xtcp_ip_local_rcv(struct xtcp_dev *xdev, struct sk_buff *skb);
bool xtcp_ip_addr_unanswerable(struct net *net, __be32 addr);

/* frag.c (reassembly; glue in ip_input.c) */
struct sk_buff *xtcp_ip_defrag(struct xtcp_net *xn, struct sk_buff *skb,
			       struct xtcp_ipv4_repr *ip);

/* icmp.c */
void xtcp_icmp_rcv(struct sk_buff *skb);
void xtcp_icmp_send(struct sk_buff *skb_in, u8 type, u8 code, u32 info);

/* udp_input.c: rx entry points, called in softirq under rcu_read_lock() */
void xtcp_udp_rcv(struct sk_buff *skb);
void xtcp_udp_err(struct net *net, const struct xtcp_icmp_err *e);
#if IS_ENABLED(CONFIG_KUNIT)
bool xtcp_udp_err_is_hard(u8 type, u8 code, u8 pmtudisc);
#endif

/*
 * udp_table.c: the per-namespace table of bound sockets. struct
 * xtcp_udp_ends describes either a socket's binding or an arriving
 * datagram seen from the receiver: l* is our side, r* the peer's.
 */
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
void xtcp_udp_sk_ends(const struct sock *sk, struct xtcp_udp_ends *e);
int xtcp_udp_hash(struct sock *sk, u16 snum);
void xtcp_udp_unhash(struct sock *sk);
struct sock *__xtcp_udp_lookup(struct net *net,
			       const struct xtcp_udp_ends *pkt);
void xtcp_udp_table_init(struct xtcp_udp_table *t);

/* udp_proc.c: /proc/net/xtcp_udp, and the namespace's UDP state */
int xtcp_udp_net_init(struct net *net);
void xtcp_udp_net_exit(struct net *net);

/*
 * Configuration of the IP layer, called by netlink.c with the RTNL held
 * (genl ops use GENL_UNS_ADMIN_PERM and take rtnl_lock()). Each returns 0 or a
 * negative errno and sets an extack message on failure.
 */
struct netlink_ext_ack;

/* dev.c */
int xtcp_dev_attach(struct net *net, struct net_device *dev,
		    struct netlink_ext_ack *extack);
int xtcp_dev_detach(struct net *net, struct net_device *dev,
		    struct netlink_ext_ack *extack);

/* addr.c */
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

/*
 * ports.c: ephemeral ports, for every transport's table. The table has
 * BIT(slot_bits) slots and port p lives in slot p & (BIT(slot_bits) - 1).
 */
#define XTCP_PORT_LOW_DEFAULT	32768
#define XTCP_PORT_HIGH_DEFAULT	60999
#define XTCP_PORT_SLOT_BITS_MIN	8

/**
 * struct xtcp_port_search - what xtcp_port_search() needs from a table
 * @low: first port of the range
 * @high: last port of the range
 * @slot_bits: log2 of the table's slot count, XTCP_PORT_SLOT_BITS_MIN..15
 * @reserved: true for a port never to pick; NULL if none is
 * @slot_lock: lock @slot and set bit p >> @slot_bits in @used for every
 *	port p in use in the slot
 * @slot_unlock: unlock @slot
 * @arg: passed to the callbacks
 */
struct xtcp_port_search {
	u16		low;
	u16		high;
	unsigned int	slot_bits;
	bool		(*reserved)(void *arg, u16 port);
	void		(*slot_lock)(void *arg, unsigned int slot,
				     unsigned long *used);
	void		(*slot_unlock)(void *arg, unsigned int slot);
	void		*arg;
};

u16 xtcp_port_search(const struct xtcp_port_search *s, u32 rnd);
int xtcp_ports_range_check(u32 low, u32 high, int prot_sock,
			   struct netlink_ext_ack *extack);
void xtcp_ports_range(const struct net *net, u16 *low, u16 *high);
bool xtcp_port_reserved(const struct net *net, u16 port);
int xtcp_ports_set(struct net *net, u32 low, u32 high,
		   const unsigned long *reserved,
		   struct netlink_ext_ack *extack);
bool xtcp_ports_reserved_next(const struct net *net, u32 from, u16 *low,
			      u16 *high);
unsigned long *xtcp_ports_bitmap_alloc(void);
int xtcp_ports_net_init(struct xtcp_ports *p);
void xtcp_ports_net_exit(struct xtcp_ports *p);

/* netlink.c */
int xtcp_genl_register(void);
void xtcp_genl_unregister(void);
/* frag.c: IPv4 reassembly (RFC 791, RFC 815, RFC 5722) */
#define XTCP_FRAG_MEM_CAP	(4UL << 20)
#define XTCP_FRAG_TIMEOUT	(30 * HZ)

void xtcp_frag_ctx_init(struct xtcp_frag_ctx *ctx, struct net *net);
void xtcp_frag_ctx_destroy(struct xtcp_frag_ctx *ctx);
struct sk_buff *xtcp_frag_input(struct xtcp_frag_ctx *ctx,
				struct sk_buff *skb,
				const struct xtcp_frag_key *key,
				unsigned int offset, unsigned int len, bool more,
				unsigned long now, enum xtcp_frag_result *res);
int xtcp_frag_expire(struct xtcp_frag_ctx *ctx, unsigned long now);
struct sk_buff *xtcp_frag_rcv(struct net *net, struct sk_buff *skb,
			      const struct xtcp_frag_key *key,
			      unsigned int offset, unsigned int len, bool more);

#endif /* _XTCP_H */
