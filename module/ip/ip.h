/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp IPv4 layer: addresses (addr.c), routes (route.c), output with
 * identification, path MTU and fragmentation (output.c), input (input.c),
 * reassembly (frag.c), ICMP (icmp.c), the SOL_IP socket options
 * (sockglue.c) and the transport dispatch table (protocol.c).
 * Configuration changes run under the RTNL (netlink and the netdevice
 * notifier both hold it); the rx and tx paths read under rcu_read_lock().
 */
#ifndef _XTCP_IP_H
#define _XTCP_IP_H

#include "xtcp.h"
#include "link/link.h"

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

/**
 * struct xtcp_protocol - what IPv4 hands a transport (protocol.c)
 * @handler: receive @skb, data at the transport header, XTCP_SKB_CB
 *	filled; consumes it. Softirq, under rcu_read_lock().
 * @err_handler: an ICMP error about a datagram the transport sent; NULL
 *	if the transport takes none. Same context.
 */
struct xtcp_protocol {
	void	(*handler)(struct sk_buff *skb);
	void	(*err_handler)(struct net *net, const struct xtcp_icmp_err *e);
};

/* protocol.c: the transport dispatch table */
int xtcp_protocol_add(const struct xtcp_protocol *prot, u8 num);
int xtcp_protocol_del(const struct xtcp_protocol *prot, u8 num);
const struct xtcp_protocol *xtcp_protocol_get(u8 num);

/* sockglue.c: SOL_IP socket options, for every transport */
void xtcp_inet_init(struct xtcp_inet *inet);
int xtcp_ip_setsockopt(struct sock *sk, int optname, sockptr_t optval,
		       unsigned int optlen);
int xtcp_ip_getsockopt(struct sock *sk, int optname, char __user *optval,
		       int __user *optlen);

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

/* ip/output.c */
void xtcp_ip_net_init(struct xtcp_net *xn, struct net *net);
void xtcp_ip_net_exit(struct xtcp_net *xn);
int xtcp_ip_route_output(struct net *net, struct xtcp_flow *fl,
			 struct xtcp_rt *rt);
int xtcp_ip_output(struct net *net, struct sk_buff *skb,
		   const struct xtcp_flow *fl);
int xtcp_ip_output_dst(struct net *net, struct sk_buff *skb,
		       const struct xtcp_flow *fl, struct xtcp_dst *dst);
int xtcp_dst_check(struct net *net, struct xtcp_dst *dst, __be32 daddr,
		   __be32 saddr);
u32 xtcp_dst_mtu(struct net *net, struct xtcp_dst *dst, __be32 daddr,
		 __be32 saddr);
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
u32 xtcp_pmtu_lookup(struct xtcp_pmtu_cache *c, __be32 daddr,
		     unsigned long now, unsigned long *expires);
u16 xtcp_ip_ident_next(struct xtcp_ip_idents *t, __be32 saddr, __be32 daddr,
		       u8 proto, u32 now);
#if IS_ENABLED(CONFIG_KUNIT)
u32 xtcp_ip_ident_bucket(const siphash_key_t *key, __be32 saddr,
			 __be32 daddr, u8 proto);
int xtcp_ip_frag_verdict(unsigned int len, unsigned int mtu, bool nofrag);
void xtcp_ip_mtu_policy(u8 pmtudisc, unsigned int len, unsigned int dev_mtu,
			unsigned int pmtu, struct xtcp_ip_mtu *out);
#endif

/* ip/input.c */
int xtcp_ip_rcv(struct xtcp_dev *xdev, struct sk_buff *skb);
int xtcp_ip_local_rcv(struct xtcp_dev *xdev, struct sk_buff *skb);
bool xtcp_ip_addr_unanswerable(struct net *net, __be32 addr);

/* frag.c (reassembly; glue in ip/input.c) */
struct sk_buff *xtcp_ip_defrag(struct xtcp_net *xn, struct sk_buff *skb,
			       struct xtcp_ipv4_repr *ip);

/* icmp.c */
extern const struct xtcp_protocol xtcp_icmp_protocol;
void xtcp_icmp_rcv(struct sk_buff *skb);
void xtcp_icmp_send(struct sk_buff *skb_in, u8 type, u8 code, u32 info);

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

/* Configuration, with the RTNL held (see link.h) */
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

/* Snapshots for netlink dumps (see link.h) */
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

int xtcp_addr_get_nth(struct net *net, unsigned int n,
		      struct xtcp_addr_info *info);
int xtcp_route_get_nth(struct net *net, unsigned int n,
		       struct xtcp_route_info *info);

#endif /* _XTCP_IP_H */
