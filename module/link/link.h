/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp link layer: the net_devices xtcp is attached to (dev.c), their
 * packet_type hooks, and the ARP cache (arp.c).
 */
#ifndef _XTCP_LINK_H
#define _XTCP_LINK_H

#include "xtcp.h"

struct xtcp_net;
struct xtcp_neigh_table;
struct xtcp_neigh_info;
struct xtcp_dev;
struct netlink_ext_ack;

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

/* dev.c */
struct xtcp_dev *xtcp_dev_find(struct net *net, const struct net_device *dev);
void xtcp_dev_xmit(struct xtcp_dev *xdev, struct sk_buff *skb,
		   const u8 *lladdr);
void xtcp_dev_detach_all(struct net *net);
int xtcp_dev_register(void);
void xtcp_dev_unregister(void);

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

/*
 * Configuration, called by core/netlink.c with the RTNL held. Each returns
 * 0 or a negative errno and sets an extack message on failure.
 */
/* dev.c */
int xtcp_dev_attach(struct net *net, struct net_device *dev,
		    struct netlink_ext_ack *extack);
int xtcp_dev_detach(struct net *net, struct net_device *dev,
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
int xtcp_neigh_get_nth(struct net *net, unsigned int n,
		       struct xtcp_neigh_info *info);

#endif /* _XTCP_LINK_H */
