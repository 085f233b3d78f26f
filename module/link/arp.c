// SPDX-License-Identifier: GPL-2.0
/*
 * ARP (RFC 826) and the neighbour cache.
 *
 * The cache's state machine takes "now" from its caller and acts through a
 * small ops table (send a request, transmit a resolved packet), so KUnit
 * drives every transition with injected time and a fake device. The real
 * ops build ARP frames and call dev_queue_xmit().
 *
 *   (none) --packet--> INCOMPLETE --reply--> REACHABLE --reachable_time--> STALE
 *   (none) --request to us from the connected prefix--> STALE
 *   INCOMPLETE --max_probes unanswered--> FAILED (queue dropped)
 *   STALE --used--> unicast probe, stays usable; --reply--> REACHABLE
 *   STALE, FAILED --gc_time unused--> removed
 *
 * Size: as net/core/neighbour.c with ARP's defaults. Past gc_thresh3
 * entries (and past gc_thresh2 every 5 s) a new entry first runs a forced
 * GC that removes STALE and FAILED entries, least recently confirmed first,
 * down to gc_thresh2. REACHABLE and INCOMPLETE entries stay: when nothing
 * can go, the new entry is refused and counted as NeighTableFull. Unlike
 * Linux 6.1, a STALE entry is removable however young: a host flooding us
 * with requests from made-up senders cannot lock the table for 5 s at a
 * time, as its entries are STALE.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/inetdevice.h>
#include <linux/jhash.h>
#include <linux/random.h>
#include <kunit/visibility.h>

#include "core/core.h"
#include "link.h"
#include "wire/wire.h"
#include "core/trace.h"

/**
 * struct xtcp_neigh - one neighbour cache entry
 * @node: entry in xtcp_neigh_table.hash
 * @gc_list: entry in xtcp_neigh_table.gc_list
 * @xdev: device the neighbour is on
 * @addr: its IPv4 address
 * @lladdr: its link-layer address, valid unless INCOMPLETE or FAILED
 * @state: enum xtcp_neigh_state
 * @probes: requests sent in the current resolution
 * @confirmed: when a reply (or request) last confirmed it, or when it
 *	failed; jiffies
 * @deadline: when the next request may be sent; jiffies
 * @queue: packets waiting for resolution, at most tbl->queue_len
 */
struct xtcp_neigh {
	struct hlist_node	node;
	struct list_head	gc_list;
	struct xtcp_dev		*xdev;
	__be32			addr;
	u8			lladdr[ETH_ALEN];
	u8			state;
	u8			probes;
	unsigned long		confirmed;
	unsigned long		deadline;
	struct sk_buff_head	queue;
};

VISIBLE_IF_KUNIT u32 xtcp_neigh_hash(const struct xtcp_neigh_table *tbl,
				     const struct xtcp_dev *xdev, __be32 addr)
{
	return jhash_2words((__force u32)addr, (u32)(unsigned long)xdev,
			    tbl->hash_rnd) & (XTCP_NEIGH_HASH_SIZE - 1);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_neigh_hash);

static struct xtcp_neigh *__xtcp_neigh_find(struct xtcp_neigh_table *tbl,
					    const struct xtcp_dev *xdev,
					    __be32 addr)
{
	struct xtcp_neigh *n;

	hlist_for_each_entry(n, &tbl->hash[xtcp_neigh_hash(tbl, xdev, addr)],
			     node)
		if (n->xdev == xdev && n->addr == addr)
			return n;
	return NULL;
}

static void __xtcp_neigh_free(struct xtcp_neigh_table *tbl,
			      struct xtcp_neigh *n, struct sk_buff_head *drop)
{
	hlist_del(&n->node);
	list_del(&n->gc_list);
	skb_queue_splice_tail_init(&n->queue, drop);
	tbl->count--;
	kfree(n);
}

/*
 * May forced GC remove @n? Only what nobody waits on and nothing vouches
 * for: FAILED, and STALE (or REACHABLE past reachable_time, which is STALE
 * not yet noticed). INCOMPLETE entries hold packets and a resolution in
 * progress; REACHABLE ones were confirmed by a reply.
 */
static bool xtcp_neigh_evictable(const struct xtcp_neigh_table *tbl,
				 const struct xtcp_neigh *n, unsigned long now)
{
	switch (n->state) {
	case XTCP_NEIGH_FAILED:
	case XTCP_NEIGH_STALE:
		return skb_queue_empty(&n->queue);
	case XTCP_NEIGH_REACHABLE:
		return time_after_eq(now, n->confirmed + tbl->reachable_time);
	default:
		return false;
	}
}

/*
 * neigh_forced_gc(): remove evictable entries, least recently confirmed
 * first, down to gc_thresh2 (at least one). Return: how many went.
 */
static unsigned int __xtcp_neigh_forced_gc(struct xtcp_neigh_table *tbl,
					   unsigned long now)
{
	unsigned int max_clean = tbl->count > tbl->gc_thresh2 ?
				 tbl->count - tbl->gc_thresh2 : 1;
	struct xtcp_neigh *n, *tmp;
	struct sk_buff_head none;
	unsigned int shrunk = 0;

	/* Evictable entries hold no packets: @none stays empty. */
	__skb_queue_head_init(&none);
	list_for_each_entry_safe(n, tmp, &tbl->gc_list, gc_list) {
		if (!xtcp_neigh_evictable(tbl, n, now))
			continue;
		__xtcp_neigh_free(tbl, n, &none);
		if (++shrunk >= max_clean)
			break;
	}
	tbl->last_flush = now;
	return shrunk;
}

/*
 * A new entry, as neigh_alloc() makes one: at gc_thresh3, or at gc_thresh2
 * with no forced GC for 5 s, try forced GC first; at gc_thresh3 with
 * nothing freed, refuse.
 *
 * Return: the entry, ERR_PTR(-ENOBUFS) when the table is full (the caller
 * counts NeighTableFull) or ERR_PTR(-ENOMEM) (NoMem).
 */
static struct xtcp_neigh *__xtcp_neigh_create(struct xtcp_neigh_table *tbl,
					      struct xtcp_dev *xdev,
					      __be32 addr, unsigned long now)
{
	unsigned int entries = tbl->count;
	struct xtcp_neigh *n;

	if (entries >= tbl->gc_thresh3 ||
	    (entries >= tbl->gc_thresh2 &&
	     time_after(now, tbl->last_flush + 5 * HZ))) {
		if (!__xtcp_neigh_forced_gc(tbl, now) &&
		    entries >= tbl->gc_thresh3)
			return ERR_PTR(-ENOBUFS);
	}
	n = kzalloc(sizeof(*n), GFP_ATOMIC);
	if (!n)
		return ERR_PTR(-ENOMEM);
	n->xdev = xdev;
	n->addr = addr;
	n->confirmed = now;
	skb_queue_head_init(&n->queue);
	hlist_add_head(&n->node, &tbl->hash[xtcp_neigh_hash(tbl, xdev, addr)]);
	list_add_tail(&n->gc_list, &tbl->gc_list);
	tbl->count++;
	return n;
}

/* Why __xtcp_neigh_create() refused: a full table or no memory. */
static enum xtcp_drop_reason xtcp_neigh_create_drop(const struct xtcp_neigh *n)
{
	return PTR_ERR(n) == -ENOMEM ? XTCP_DROP_NOMEM : XTCP_DROP_NEIGH_FULL;
}

static void xtcp_neigh_drop_queue(struct xtcp_neigh_table *tbl,
				  struct sk_buff_head *q,
				  enum xtcp_drop_reason reason)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(q))) {
		if (tbl->ops->drop)
			tbl->ops->drop(tbl, skb, reason);
		kfree_skb(skb);
	}
}

static void xtcp_neigh_schedule(struct xtcp_neigh_table *tbl,
				unsigned long when)
{
	if (tbl->ops->schedule)
		tbl->ops->schedule(tbl, when);
}

/**
 * xtcp_neigh_output() - send @skb to @addr on @xdev, resolving as needed
 * @tbl: neighbour table
 * @xdev: output device
 * @addr: next hop
 * @skb: packet with its network header; consumed
 * @now: current time, jiffies
 *
 * Return: 0 if sent or queued, -ENOBUFS when dropped.
 */
int xtcp_neigh_output(struct xtcp_neigh_table *tbl, struct xtcp_dev *xdev,
		      __be32 addr, struct sk_buff *skb, unsigned long now)
{
	bool solicit = false, probe_unicast = false;
	struct sk_buff_head drop;
	u8 lladdr[ETH_ALEN];
	struct xtcp_neigh *n;
	int ret = 0;

	__skb_queue_head_init(&drop);
	spin_lock_bh(&tbl->lock);
	n = __xtcp_neigh_find(tbl, xdev, addr);
	if (!n) {
		n = __xtcp_neigh_create(tbl, xdev, addr, now);
		if (IS_ERR(n)) {
			spin_unlock_bh(&tbl->lock);
			if (tbl->ops->drop)
				tbl->ops->drop(tbl, skb, xtcp_neigh_create_drop(n));
			kfree_skb(skb);
			return -ENOBUFS;
		}
	}

	if (n->state == XTCP_NEIGH_REACHABLE &&
	    time_after_eq(now, n->confirmed + tbl->reachable_time))
		n->state = XTCP_NEIGH_STALE;

	switch (n->state) {
	case XTCP_NEIGH_REACHABLE:
	case XTCP_NEIGH_STALE:
		ether_addr_copy(lladdr, n->lladdr);
		if (n->state == XTCP_NEIGH_STALE &&
		    time_after_eq(now, n->deadline)) {
			/* Reconfirm with a unicast request, rate limited. */
			probe_unicast = true;
			n->deadline = now + tbl->retrans_time;
		}
		spin_unlock_bh(&tbl->lock);
		if (probe_unicast)
			tbl->ops->solicit(tbl, xdev, addr, lladdr);
		tbl->ops->output(tbl, skb, xdev, lladdr);
		return 0;
	case XTCP_NEIGH_INCOMPLETE:
		break;
	default:	/* new or FAILED: start resolving */
		n->state = XTCP_NEIGH_INCOMPLETE;
		n->probes = 1;
		n->deadline = now + tbl->retrans_time;
		solicit = true;
		break;
	}

	if (skb_queue_len(&n->queue) >= tbl->queue_len) {
		__skb_queue_tail(&drop, __skb_dequeue(&n->queue));
		ret = -ENOBUFS;
	}
	__skb_queue_tail(&n->queue, skb);
	spin_unlock_bh(&tbl->lock);

	xtcp_neigh_drop_queue(tbl, &drop, XTCP_DROP_NEIGH_QUEUE_FULL);
	if (solicit) {
		tbl->ops->solicit(tbl, xdev, addr, NULL);
		xtcp_neigh_schedule(tbl, now + tbl->retrans_time);
	}
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_neigh_output);

/**
 * xtcp_neigh_update() - a neighbour told us its link-layer address
 * @tbl: neighbour table
 * @xdev: device it arrived on
 * @addr: sender's IPv4 address
 * @lladdr: sender's link-layer address
 * @now: current time, jiffies
 * @flags: XTCP_NEIGH_F_CREATE: make an entry if there is none (a request
 *	to us from the connected prefix); XTCP_NEIGH_F_CONFIRM: a reply to us
 *
 * As arp_process() and neigh_update(): a reply makes the entry REACHABLE;
 * anything else (a request) proves only that the sender exists, so a new
 * or unresolved entry becomes STALE, and a valid one keeps its state unless
 * the address changed. Either way an unresolved entry's queue goes out.
 * Without @XTCP_NEIGH_F_CREATE only existing entries are updated:
 * unsolicited replies do not fill the cache (arp_accept=0). A refused
 * entry counts as NeighTableFull, or NoMem when it could not be allocated.
 */
void xtcp_neigh_update(struct xtcp_neigh_table *tbl, struct xtcp_dev *xdev,
		       __be32 addr, const u8 *lladdr, unsigned long now,
		       unsigned int flags)
{
	bool valid, same, touched = true;
	struct sk_buff_head q;
	struct xtcp_neigh *n;
	struct sk_buff *skb;
	u8 ll[ETH_ALEN];
	u8 state;

	__skb_queue_head_init(&q);
	spin_lock_bh(&tbl->lock);
	n = __xtcp_neigh_find(tbl, xdev, addr);
	if (!n && (flags & XTCP_NEIGH_F_CREATE)) {
		n = __xtcp_neigh_create(tbl, xdev, addr, now);
		if (IS_ERR(n)) {
			spin_unlock_bh(&tbl->lock);
			if (tbl->ops->drop)
				tbl->ops->drop(tbl, NULL, xtcp_neigh_create_drop(n));
			return;
		}
	}
	if (!n) {
		spin_unlock_bh(&tbl->lock);
		return;
	}
	valid = n->state == XTCP_NEIGH_REACHABLE ||
		n->state == XTCP_NEIGH_STALE;
	same = ether_addr_equal(n->lladdr, lladdr);
	if (flags & XTCP_NEIGH_F_CONFIRM) {
		n->state = XTCP_NEIGH_REACHABLE;
		n->confirmed = now;
		n->deadline = now;
	} else if (!valid || !same) {
		n->state = XTCP_NEIGH_STALE;
		n->confirmed = now;
		n->deadline = now;
	} else {
		touched = false;
	}
	if (touched)
		list_move_tail(&n->gc_list, &tbl->gc_list);
	ether_addr_copy(n->lladdr, lladdr);
	ether_addr_copy(ll, lladdr);
	n->probes = 0;
	state = n->state;
	skb_queue_splice_init(&n->queue, &q);
	spin_unlock_bh(&tbl->lock);

	while ((skb = __skb_dequeue(&q)))
		tbl->ops->output(tbl, skb, xdev, ll);
	xtcp_neigh_schedule(tbl, now + (state == XTCP_NEIGH_REACHABLE ?
					tbl->reachable_time : tbl->gc_time));
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_neigh_update);

/* Keep the earliest of the deadlines seen; 0 is "none yet". */
static void xtcp_neigh_next(unsigned long *next, unsigned long t)
{
	if (!*next || time_before(t, *next))
		*next = t;
}

struct xtcp_neigh_probe {
	struct xtcp_dev	*xdev;
	__be32		addr;
};

/**
 * xtcp_neigh_tick() - run the cache's timers
 * @tbl: neighbour table
 * @now: current time, jiffies
 *
 * Retransmits requests for INCOMPLETE entries, fails those out of probes,
 * ages REACHABLE to STALE and removes entries unused for gc_time.
 *
 * Return: when the next tick is due, or 0 if nothing is pending.
 */
unsigned long xtcp_neigh_tick(struct xtcp_neigh_table *tbl, unsigned long now)
{
	struct xtcp_neigh_probe probes[8];
	struct sk_buff_head failed;
	unsigned long next = 0;
	struct hlist_node *tmp;
	struct xtcp_neigh *n;
	int i, nprobes = 0;

	__skb_queue_head_init(&failed);
	spin_lock_bh(&tbl->lock);
	for (i = 0; i < XTCP_NEIGH_HASH_SIZE; i++) {
		hlist_for_each_entry_safe(n, tmp, &tbl->hash[i], node) {
			switch (n->state) {
			case XTCP_NEIGH_INCOMPLETE:
				if (time_before(now, n->deadline)) {
					xtcp_neigh_next(&next, n->deadline);
					break;
				}
				if (n->probes >= tbl->max_probes) {
					n->state = XTCP_NEIGH_FAILED;
					n->confirmed = now;
					skb_queue_splice_tail_init(&n->queue, &failed);
					xtcp_neigh_next(&next, now + tbl->gc_time);
					break;
				}
				if (nprobes == ARRAY_SIZE(probes)) {
					xtcp_neigh_next(&next, now + 1);
					break;
				}
				probes[nprobes].xdev = n->xdev;
				probes[nprobes++].addr = n->addr;
				n->probes++;
				n->deadline = now + tbl->retrans_time;
				xtcp_neigh_next(&next, n->deadline);
				break;
			case XTCP_NEIGH_REACHABLE:
				if (time_before(now, n->confirmed + tbl->reachable_time)) {
					xtcp_neigh_next(&next, n->confirmed + tbl->reachable_time);
					break;
				}
				n->state = XTCP_NEIGH_STALE;
				fallthrough;
			case XTCP_NEIGH_STALE:
			case XTCP_NEIGH_FAILED:
			default:
				if (time_before(now, n->confirmed + tbl->gc_time)) {
					xtcp_neigh_next(&next, n->confirmed + tbl->gc_time);
					break;
				}
				__xtcp_neigh_free(tbl, n, &failed);
				break;
			}
		}
	}
	spin_unlock_bh(&tbl->lock);

	xtcp_neigh_drop_queue(tbl, &failed, XTCP_DROP_NEIGH_FAILED);
	for (i = 0; i < nprobes; i++)
		tbl->ops->solicit(tbl, probes[i].xdev, probes[i].addr, NULL);
	return next;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_neigh_tick);

/**
 * xtcp_neigh_timer_arm() - make @timer fire at @when or earlier
 * @timer: the table's timer
 * @when: a deadline, jiffies
 *
 * One atomic timer_reduce(): never pushes a pending expiry later, so two
 * callers racing cannot leave the later of their deadlines armed.
 */
void xtcp_neigh_timer_arm(struct timer_list *timer, unsigned long when)
{
	timer_reduce(timer, when);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_neigh_timer_arm);

/**
 * xtcp_neigh_timer_run() - the timer's work: tick, then re-arm
 * @tbl: neighbour table
 * @timer: its timer, not pending (it just fired)
 * @now: current time, jiffies
 *
 * The next deadline is computed under the table lock, but an entry created
 * after the lock is dropped has armed @timer for its own first retry in
 * the meantime: re-arming only ever pulls the expiry earlier.
 */
void xtcp_neigh_timer_run(struct xtcp_neigh_table *tbl,
			  struct timer_list *timer, unsigned long now)
{
	unsigned long next = xtcp_neigh_tick(tbl, now);

	if (next)
		xtcp_neigh_timer_arm(timer, next);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_neigh_timer_run);

/**
 * xtcp_neigh_table_flush() - remove entries, dropping their queues
 * @tbl: neighbour table
 * @xdev: only this device's entries; NULL for all
 */
void xtcp_neigh_table_flush(struct xtcp_neigh_table *tbl,
			    const struct xtcp_dev *xdev)
{
	struct sk_buff_head drop;
	struct hlist_node *tmp;
	struct xtcp_neigh *n;
	int i;

	__skb_queue_head_init(&drop);
	spin_lock_bh(&tbl->lock);
	for (i = 0; i < XTCP_NEIGH_HASH_SIZE; i++)
		hlist_for_each_entry_safe(n, tmp, &tbl->hash[i], node)
			if (!xdev || n->xdev == xdev)
				__xtcp_neigh_free(tbl, n, &drop);
	spin_unlock_bh(&tbl->lock);
	xtcp_neigh_drop_queue(tbl, &drop, XTCP_DROP_NEIGH_FLUSHED);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_neigh_table_flush);

/**
 * xtcp_neigh_table_init() - set up an empty table with ARP's defaults
 * @tbl: table
 * @ops: how it sends requests and packets
 */
void xtcp_neigh_table_init(struct xtcp_neigh_table *tbl,
			   const struct xtcp_neigh_ops *ops)
{
	int i;

	memset(tbl, 0, sizeof(*tbl));
	spin_lock_init(&tbl->lock);
	for (i = 0; i < XTCP_NEIGH_HASH_SIZE; i++)
		INIT_HLIST_HEAD(&tbl->hash[i]);
	INIT_LIST_HEAD(&tbl->gc_list);
	tbl->hash_rnd = get_random_u32();
	tbl->ops = ops;
	tbl->reachable_time = 30 * HZ;
	tbl->retrans_time = HZ;
	tbl->gc_time = 60 * HZ;
	tbl->max_probes = 3;
	tbl->queue_len = 8;
	tbl->gc_thresh2 = 512;
	tbl->gc_thresh3 = 1024;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_neigh_table_init);

/**
 * xtcp_neigh_table_get_nth() - snapshot the n-th entry
 * @tbl: table
 * @n: index
 * @info: filled on success
 * @now: current time, for the age
 *
 * Return: 0 or -ENOENT past the end.
 */
int xtcp_neigh_table_get_nth(struct xtcp_neigh_table *tbl, unsigned int n,
			     struct xtcp_neigh_info *info, unsigned long now)
{
	struct xtcp_neigh *e;
	int i, err = -ENOENT;

	spin_lock_bh(&tbl->lock);
	for (i = 0; i < XTCP_NEIGH_HASH_SIZE; i++) {
		hlist_for_each_entry(e, &tbl->hash[i], node) {
			if (n--)
				continue;
			memset(info, 0, sizeof(*info));
			info->ifindex = e->xdev->dev ? e->xdev->dev->ifindex : 0;
			info->addr = e->addr;
			ether_addr_copy(info->lladdr, e->lladdr);
			info->state = e->state;
			if (info->state == XTCP_NEIGH_REACHABLE &&
			    time_after_eq(now, e->confirmed + tbl->reachable_time))
				info->state = XTCP_NEIGH_STALE;
			info->age_ms = jiffies_to_msecs(now - e->confirmed);
			info->queued = skb_queue_len(&e->queue);
			err = 0;
			goto out;
		}
	}
out:
	spin_unlock_bh(&tbl->lock);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_neigh_table_get_nth);

/* ---- the real device side: ARP frames and the timer */

static void xtcp_arp_xmit(struct xtcp_dev *xdev, u16 op, __be32 spa,
			  __be32 tpa, const u8 *tha, const u8 *dest)
{
	struct net_device *dev = xdev->dev;
	struct xtcp_arp_repr arp = {
		.op	= op,
		.spa	= spa,
		.tpa	= tpa,
	};
	struct sk_buff *skb;

	/* ARP may have been turned off since the caller looked. */
	if (READ_ONCE(xdev->noarp))
		return;
	skb = alloc_skb(LL_RESERVED_SPACE(dev) + XTCP_ARP_LEN +
			dev->needed_tailroom, GFP_ATOMIC);
	if (!skb)
		return;
	skb_reserve(skb, LL_RESERVED_SPACE(dev));
	skb_reset_network_header(skb);
	ether_addr_copy(arp.sha, dev->dev_addr);
	if (tha)
		ether_addr_copy(arp.tha, tha);
	xtcp_arp_build(&arp, skb_put(skb, XTCP_ARP_LEN), XTCP_ARP_LEN);
	skb->dev = dev;
	skb->protocol = htons(ETH_P_ARP);
	if (dev_hard_header(skb, dev, ETH_P_ARP, dest, dev->dev_addr,
			    skb->len) < 0) {
		kfree_skb(skb);
		return;
	}
	XTCP_INC_STATS(xdev->net, op == ARPOP_REQUEST ? XTCP_MIB_ARPOUTREQUESTS :
						       XTCP_MIB_ARPOUTREPLIES);
	trace_xtcp_arp_tx(dev, op, spa, tpa);
	dev_queue_xmit(skb);
}

static void xtcp_arp_solicit(struct xtcp_neigh_table *tbl,
			     struct xtcp_dev *xdev, __be32 target,
			     const u8 *lladdr)
{
	__be32 saddr;

	rcu_read_lock();
	saddr = xtcp_addr_select(xdev, target);
	if (saddr)
		xtcp_arp_xmit(xdev, ARPOP_REQUEST, saddr, target, NULL,
			      lladdr ? lladdr : xdev->dev->broadcast);
	rcu_read_unlock();
}

static void xtcp_arp_output(struct xtcp_neigh_table *tbl, struct sk_buff *skb,
			    struct xtcp_dev *xdev, const u8 *lladdr)
{
	xtcp_dev_xmit(xdev, skb, lladdr);
}

static void xtcp_arp_drop(struct xtcp_neigh_table *tbl, struct sk_buff *skb,
			  enum xtcp_drop_reason reason)
{
	struct xtcp_net *xn = container_of(tbl, struct xtcp_net, neigh);

	xtcp_drop_count(xn, XTCP_LAYER_ARP, reason, skb);
}

static void xtcp_arp_schedule(struct xtcp_neigh_table *tbl,
			      unsigned long when)
{
	struct xtcp_net *xn = container_of(tbl, struct xtcp_net, neigh);

	xtcp_neigh_timer_arm(&xn->neigh_timer, when);
}

static const struct xtcp_neigh_ops xtcp_arp_ops = {
	.solicit	= xtcp_arp_solicit,
	.output		= xtcp_arp_output,
	.drop		= xtcp_arp_drop,
	.schedule	= xtcp_arp_schedule,
};

static void xtcp_arp_timer(struct timer_list *t)
{
	struct xtcp_net *xn = from_timer(xn, t, neigh_timer);

	/* Devices in the table stay valid while RCU readers run. */
	rcu_read_lock();
	xtcp_neigh_timer_run(&xn->neigh, t, jiffies);
	rcu_read_unlock();
}

/* Is @addr on a prefix of one of @xdev's addresses? RCU. */
static bool xtcp_arp_onlink(const struct xtcp_dev *xdev, __be32 addr)
{
	struct xtcp_ifaddr *ifa;

	list_for_each_entry_rcu(ifa, &xdev->addrs, list)
		if (!((addr ^ ifa->addr) & inet_make_mask(ifa->plen)))
			return true;
	return false;
}

/**
 * xtcp_arp_rcv() - receive an ARP frame on an attached device
 * @xdev: device
 * @skb: frame, data at the ARP header; consumed
 *
 * Context: softirq, RCU read side.
 * Return: NET_RX_SUCCESS or NET_RX_DROP.
 */
int xtcp_arp_rcv(struct xtcp_dev *xdev, struct sk_buff *skb)
{
	struct xtcp_net *xn = xtcp_pernet(xdev->net);
	enum xtcp_drop_reason reason;
	struct xtcp_arp_repr arp;
	bool for_us;

	XTCP_INC_STATS(xdev->net, XTCP_MIB_ARPINRECEIVES);
	if (!pskb_may_pull(skb, XTCP_ARP_LEN)) {
		reason = XTCP_DROP_TRUNCATED;
		goto drop;
	}
	reason = xtcp_arp_parse(skb->data, skb->len, &arp);
	if (reason)
		goto drop;
	trace_xtcp_arp_rx(xdev->dev, arp.op, arp.spa, arp.tpa);

	/* A sender claiming a bogus address teaches us nothing. */
	if (ipv4_is_multicast(arp.spa) || ipv4_is_lbcast(arp.spa) ||
	    ipv4_is_loopback(arp.spa) || is_multicast_ether_addr(arp.sha)) {
		reason = XTCP_DROP_ARP_BOGUS;
		goto drop;
	}
	for_us = xtcp_addr_dev(xdev->net, arp.tpa) == xdev;

	/*
	 * Duplicate address probes (spa 0) get an answer but teach nothing.
	 * A request to us makes an entry only for a sender on one of the
	 * device's prefixes, as arp_process() after its route check; a reply
	 * to us confirms (arp_accept=0: it makes none).
	 */
	if (arp.spa) {
		unsigned int flags = 0;

		if (arp.op == ARPOP_REQUEST && for_us &&
		    xtcp_arp_onlink(xdev, arp.spa))
			flags |= XTCP_NEIGH_F_CREATE;
		if (arp.op == ARPOP_REPLY && for_us)
			flags |= XTCP_NEIGH_F_CONFIRM;
		xtcp_neigh_update(&xn->neigh, xdev, arp.spa, arp.sha, jiffies,
				  flags);
	}

	if (arp.op == ARPOP_REQUEST && for_us && arp.spa != arp.tpa) {
		XTCP_INC_STATS(xdev->net, XTCP_MIB_ARPINREQUESTS);
		xtcp_arp_xmit(xdev, ARPOP_REPLY, arp.tpa, arp.spa, arp.sha,
			      arp.sha);
	} else if (arp.op == ARPOP_REPLY) {
		XTCP_INC_STATS(xdev->net, XTCP_MIB_ARPINREPLIES);
	}
	consume_skb(skb);
	return NET_RX_SUCCESS;

drop:
	xtcp_drop_count(xn, XTCP_LAYER_ARP, reason, skb);
	kfree_skb(skb);
	return NET_RX_DROP;
}

/* Gratuitous ARP: a request for our own address, to refresh peers' caches. */
void xtcp_arp_announce(struct xtcp_dev *xdev, __be32 addr)
{
	xtcp_arp_xmit(xdev, ARPOP_REQUEST, addr, addr, NULL,
		      xdev->dev->broadcast);
}

void xtcp_neigh_flush(struct net *net, struct net_device *dev)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	struct xtcp_dev *xdev = NULL;

	if (dev) {
		rcu_read_lock();
		xdev = xtcp_dev_find(net, dev);
		rcu_read_unlock();
		if (!xdev)
			return;
	}
	xtcp_neigh_table_flush(&xn->neigh, xdev);
}

int xtcp_neigh_get_nth(struct net *net, unsigned int n,
		       struct xtcp_neigh_info *info)
{
	return xtcp_neigh_table_get_nth(&xtcp_pernet(net)->neigh, n, info,
					jiffies);
}

void xtcp_arp_net_init(struct xtcp_net *xn)
{
	xtcp_neigh_table_init(&xn->neigh, &xtcp_arp_ops);
	timer_setup(&xn->neigh_timer, xtcp_arp_timer, 0);
}

void xtcp_arp_net_exit(struct xtcp_net *xn)
{
	timer_shutdown_sync(&xn->neigh_timer);
	xtcp_neigh_table_flush(&xn->neigh, NULL);
}
