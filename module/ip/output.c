// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 transmit: route, build the header, fragment to the device MTU,
 * resolve the next hop and hand the frame to the device. Packets for one
 * of our own addresses loop back through a per-namespace queue instead of
 * a device.
 */
#include <linux/etherdevice.h>
#include <linux/hash.h>
#include <linux/skbuff.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <net/ip.h>
#include <kunit/visibility.h>

#include "core/core.h"
#include "ip.h"
#include "wire/wire.h"
#include "core/trace.h"

/* Local deliveries waiting for the loop worker, per namespace. */
#define XTCP_LOCAL_QLEN	1024

/**
 * xtcp_ip_route_output() - choose the route and source address for a flow
 * @net: namespace
 * @fl: flow; fl->saddr is filled in when 0
 * @rt: route result, or NULL when only the source address is wanted
 *
 * Context: with @rt, the caller holds rcu_read_lock() while it uses @rt.
 * Return: 0, -ENETUNREACH or -EHOSTUNREACH; -EADDRNOTAVAIL when a given
 * source address is not ours.
 */
int xtcp_ip_route_output(struct net *net, struct xtcp_flow *fl,
			 struct xtcp_rt *rt)
{
	struct xtcp_rt tmp;
	int err;

	if (!rt) {
		rcu_read_lock();
		err = xtcp_ip_route_output(net, fl, &tmp);
		rcu_read_unlock();
		return err;
	}
	err = xtcp_route_lookup(net, fl->daddr, rt);
	if (err)
		return err;
	if (!fl->saddr)
		fl->saddr = rt->saddr;
	else if (!xtcp_addr_dev(net, fl->saddr))
		return -EADDRNOTAVAIL;
	return 0;
}

/**
 * xtcp_ip_idents_init() - a fresh generator: random key and counters
 * @t: generator to set up
 */
void xtcp_ip_idents_init(struct xtcp_ip_idents *t)
{
	unsigned int i;

	get_random_bytes(&t->key, sizeof(t->key));
	for (i = 0; i < XTCP_IP_IDENTS; i++) {
		atomic_set(&t->ids[i], get_random_u32());
		t->stamps[i] = 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ip_idents_init);

VISIBLE_IF_KUNIT u32 xtcp_ip_ident_bucket(const siphash_key_t *key,
					  __be32 saddr, __be32 daddr, u8 proto)
{
	return siphash_3u32((__force u32)daddr, (__force u32)saddr, proto,
			    key) % XTCP_IP_IDENTS;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ip_ident_bucket);

/**
 * xtcp_ip_ident_next() - the IPv4 identification for the next datagram
 * @t: the namespace's generator
 * @saddr: source address
 * @daddr: destination address
 * @proto: IP protocol
 * @now: current time, jiffies (a parameter so that KUnit holds the clock)
 *
 * Return: the ID, host order.
 */
u16 xtcp_ip_ident_next(struct xtcp_ip_idents *t, __be32 saddr, __be32 daddr,
		       u8 proto, u32 now)
{
	u32 b = xtcp_ip_ident_bucket(&t->key, saddr, daddr, proto);
	u32 old = READ_ONCE(t->stamps[b]);
	u32 delta = 0;

	if (old != now && cmpxchg(&t->stamps[b], old, now) == old)
		delta = get_random_u32_below(now - old);
	return (u16)(atomic_add_return(1 + delta, &t->ids[b]) - 1);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ip_ident_next);

/**
 * xtcp_ip_frag_verdict() - may a datagram of @len bytes leave on @mtu?
 * @len: whole datagram, IPv4 header included
 * @mtu: the MTU to go by (struct xtcp_ip_mtu)
 * @nofrag: the sender does not allow fragmenting here
 *
 * Return: 0 when it fits, 1 when it is to be fragmented, -EMSGSIZE when
 * it may not be (@nofrag, or an MTU too small for any fragment).
 */
VISIBLE_IF_KUNIT int xtcp_ip_frag_verdict(unsigned int len, unsigned int mtu,
					  bool nofrag)
{
	if (len <= mtu)
		return 0;
	if (nofrag || mtu < XTCP_IPV4_HLEN + 8)
		return -EMSGSIZE;
	return 1;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ip_frag_verdict);

/**
 * xtcp_pmtu_init() - an empty path MTU cache
 * @c: cache
 */
void xtcp_pmtu_init(struct xtcp_pmtu_cache *c)
{
	spin_lock_init(&c->lock);
	memset(c->slot, 0, sizeof(c->slot));
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_pmtu_init);

static unsigned int xtcp_pmtu_slot(__be32 daddr)
{
	return hash_32((__force u32)daddr, ilog2(XTCP_PMTU_SLOTS));
}

/**
 * xtcp_pmtu_update() - a router said the path to @daddr takes only @mtu
 * @c: cache
 * @daddr: destination of the datagram the router could not forward
 * @mtu: next-hop MTU from ICMP "fragmentation needed"
 * @now: jiffies
 *
 * As Linux's __ip_rt_update_pmtu(): the path MTU only ever goes down
 * until it expires, and a value below 552 is taken as 552.
 */
void xtcp_pmtu_update(struct xtcp_pmtu_cache *c, __be32 daddr, u32 mtu,
		      unsigned long now)
{
	unsigned int i = xtcp_pmtu_slot(daddr);

	mtu = max_t(u32, mtu, XTCP_PMTU_MIN);
	spin_lock_bh(&c->lock);
	if (c->slot[i].daddr != daddr || time_after_eq(now, c->slot[i].expires) ||
	    mtu < c->slot[i].mtu) {
		c->slot[i].mtu = mtu;
		c->slot[i].expires = now + XTCP_PMTU_EXPIRES;
		WRITE_ONCE(c->slot[i].daddr, daddr);
	}
	spin_unlock_bh(&c->lock);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_pmtu_update);

/**
 * xtcp_pmtu_get() - the learned path MTU towards @daddr
 * @c: cache
 * @daddr: destination
 * @now: jiffies
 *
 * Return: the path MTU, or 0 when none is known.
 */
u32 xtcp_pmtu_get(struct xtcp_pmtu_cache *c, __be32 daddr, unsigned long now)
{
	unsigned long expires;

	return xtcp_pmtu_lookup(c, daddr, now, &expires);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_pmtu_get);

/**
 * xtcp_pmtu_lookup() - xtcp_pmtu_get(), and when the answer expires
 * @c: cache
 * @daddr: destination
 * @now: jiffies
 * @expires: filled in when a path MTU is known
 *
 * Return: the path MTU, or 0 when none is known.
 */
u32 xtcp_pmtu_lookup(struct xtcp_pmtu_cache *c, __be32 daddr,
		     unsigned long now, unsigned long *expires)
{
	unsigned int i = xtcp_pmtu_slot(daddr);
	u32 mtu = 0;

	if (READ_ONCE(c->slot[i].daddr) != daddr)
		return 0;
	spin_lock_bh(&c->lock);
	if (c->slot[i].daddr == daddr && time_before(now, c->slot[i].expires)) {
		mtu = c->slot[i].mtu;
		*expires = c->slot[i].expires;
	}
	spin_unlock_bh(&c->lock);
	return mtu;
}

/**
 * xtcp_ip_pmtu_update() - record a path MTU from ICMP "fragmentation needed"
 * @net: namespace
 * @daddr: destination of the datagram we sent
 * @mtu: next-hop MTU the router reported
 *
 * Later datagrams to @daddr are fragmented to @mtu, and DF ones larger
 * than it fail with EMSGSIZE. For icmp.c.
 *
 * Context: any.
 */
void xtcp_ip_pmtu_update(struct net *net, __be32 daddr, u32 mtu)
{
	xtcp_pmtu_update(&xtcp_pernet(net)->pmtu, daddr, mtu, jiffies);
	xtcp_rt_genid_bump(net);
}

/**
 * xtcp_ip_mtu_policy() - what IP_MTU_DISCOVER makes of a datagram
 * @pmtudisc: the sender's IP_PMTUDISC_* mode
 * @len: whole datagram, IPv4 header included
 * @dev_mtu: MTU of the output device
 * @pmtu: learned path MTU towards the destination, 0 if none
 * @out: the MTU to go by, DF, and whether fragmenting here is allowed
 *
 * As Linux's ip_sk_use_pmtu(), ip_sk_ignore_df() and __ip_make_skb():
 *
 *   mode       MTU     DF                  larger than the MTU
 *   DONT       path    never               fragmented
 *   WANT       path    when it fits        fragmented, without DF
 *   DO         path    always              EMSGSIZE
 *   PROBE      device  always              EMSGSIZE
 *   INTERFACE  device  never               EMSGSIZE
 *   OMIT       device  never               fragmented
 *
 * The path MTU is the device's, lowered by what ICMP "fragmentation
 * needed" taught (xtcp_pmtu_update()).
 */
VISIBLE_IF_KUNIT void xtcp_ip_mtu_policy(u8 pmtudisc, unsigned int len,
					 unsigned int dev_mtu,
					 unsigned int pmtu,
					 struct xtcp_ip_mtu *out)
{
	unsigned int path = pmtu && pmtu < dev_mtu ? pmtu : dev_mtu;

	out->mtu = pmtudisc < IP_PMTUDISC_PROBE ? path : dev_mtu;
	out->nofrag = pmtudisc >= IP_PMTUDISC_DO &&
		      pmtudisc != IP_PMTUDISC_OMIT;
	out->df = pmtudisc == IP_PMTUDISC_DO ||
		  pmtudisc == IP_PMTUDISC_PROBE ||
		  (pmtudisc == IP_PMTUDISC_WANT && len <= path);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ip_mtu_policy);

/*
 * The device's MTU and the learned one, and when that expires; a local
 * route has no device limit.
 */
static void xtcp_ip_rt_mtus(struct net *net, const struct xtcp_rt *rt,
			    __be32 daddr, unsigned int *dev_mtu,
			    unsigned int *pmtu, unsigned long *expires)
{
	*dev_mtu = IP_MAX_MTU;
	*pmtu = 0;
	if (rt->local)
		return;
	*dev_mtu = min_t(unsigned int, READ_ONCE(rt->xdev->dev->mtu),
			 IP_MAX_MTU);
	*pmtu = xtcp_pmtu_lookup(&xtcp_pernet(net)->pmtu, daddr, jiffies,
				 expires);
}

/**
 * xtcp_ip_path_mtu() - the path MTU towards @daddr by @rt (IP_MTU)
 * @net: namespace
 * @rt: route to @daddr
 * @daddr: destination
 *
 * Context: rcu_read_lock(), for @rt.
 * Return: the device's MTU or the learned path MTU, whichever is lower;
 * IP_MAX_MTU for one of our own addresses, as Linux's loopback.
 */
unsigned int xtcp_ip_path_mtu(struct net *net, const struct xtcp_rt *rt,
			      __be32 daddr)
{
	unsigned int dev_mtu, pmtu;
	unsigned long expires;

	xtcp_ip_rt_mtus(net, rt, daddr, &dev_mtu, &pmtu, &expires);
	return pmtu && pmtu < dev_mtu ? pmtu : dev_mtu;
}

/**
 * xtcp_ip_flow_mtu() - how a datagram of @len bytes on @fl leaves by @rt
 * @net: namespace
 * @rt: route for @fl
 * @fl: the flow; its pmtudisc decides
 * @len: whole datagram, IPv4 header included
 * @out: see xtcp_ip_mtu_policy()
 *
 * Context: rcu_read_lock(), for @rt.
 */
void xtcp_ip_flow_mtu(struct net *net, const struct xtcp_rt *rt,
		      const struct xtcp_flow *fl, unsigned int len,
		      struct xtcp_ip_mtu *out)
{
	unsigned int dev_mtu, pmtu;
	unsigned long expires;

	xtcp_ip_rt_mtus(net, rt, fl->daddr, &dev_mtu, &pmtu, &expires);
	xtcp_ip_mtu_policy(fl->pmtudisc, len, dev_mtu, pmtu, out);
}

/* Hand one finished packet (network header at data) to its next hop. */
static void xtcp_ip_finish(struct net *net, const struct xtcp_rt *rt,
			   struct sk_buff *skb)
{
	struct xtcp_dev *xdev = rt->xdev;

	if (xdev->noarp || rt->broadcast) {
		xtcp_dev_xmit(xdev, skb, xdev->dev->broadcast);
		return;
	}
	xtcp_neigh_output(&xtcp_pernet(net)->neigh, xdev, rt->nexthop, skb,
			  jiffies);
}

/*
 * RFC 791 fragmentation: copy the payload into MTU-sized pieces, each a
 * multiple of 8 bytes but the last, with the header repeated.
 */
static int xtcp_ip_fragment(struct net *net, const struct xtcp_rt *rt,
			    struct sk_buff *skb, struct xtcp_ipv4_repr *ip,
			    unsigned int mtu)
{
	unsigned int payload = skb->len - XTCP_IPV4_HLEN;
	unsigned int chunk = (mtu - XTCP_IPV4_HLEN) & ~7U;
	unsigned int off, len;
	struct sk_buff *frag;

	for (off = 0; off < payload; off += len) {
		len = min(chunk, payload - off);
		frag = alloc_skb(XTCP_MAX_HEADER + XTCP_IPV4_HLEN + len,
				 GFP_ATOMIC);
		if (!frag)
			goto fail;
		skb_reserve(frag, XTCP_MAX_HEADER);
		skb_reset_network_header(frag);
		ip->total_len = XTCP_IPV4_HLEN + len;
		ip->frag_off = off;
		ip->mf = off + len < payload;
		xtcp_ipv4_build(ip, skb_put(frag, XTCP_IPV4_HLEN),
				XTCP_IPV4_HLEN);
		if (skb_copy_bits(skb, XTCP_IPV4_HLEN + off,
				  skb_put(frag, len), len)) {
			kfree_skb(frag);
			goto fail;
		}
		frag->priority = skb->priority;
		frag->mark = skb->mark;
		/* Each fragment holds its share of SO_SNDBUF until it leaves. */
		if (skb->sk)
			skb_set_owner_w(frag, skb->sk);
		XTCP_INC_STATS(net, XTCP_MIB_IPFRAGCREATES);
		trace_xtcp_ip_tx(rt->xdev->dev, ip->saddr, ip->daddr,
				 ip->protocol, ip->total_len, ip->id);
		xtcp_ip_finish(net, rt, frag);
	}
	XTCP_INC_STATS(net, XTCP_MIB_IPFRAGOKS);
	consume_skb(skb);
	return 0;

fail:
	XTCP_INC_STATS(net, XTCP_MIB_IPFRAGFAILS);
	kfree_skb(skb);
	return -ENOBUFS;
}

/* Queue a packet for one of our own addresses; the worker receives it. */
static int xtcp_ip_local_out(struct net *net, struct sk_buff *skb,
			     struct xtcp_dev *xdev)
{
	struct xtcp_net *xn = xtcp_pernet(net);

	if (skb_queue_len(&xn->local_q) >= XTCP_LOCAL_QLEN) {
		XTCP_INC_STATS(net, XTCP_MIB_IPOUTDISCARDS);
		kfree_skb(skb);
		return -ENOBUFS;
	}
	/* The sender stays charged until the worker delivers it. */
	skb->dev = NULL;
	skb->skb_iif = xdev->dev->ifindex;
	skb_queue_tail(&xn->local_q, skb);
	queue_work(system_wq, &xn->local_work);
	return 0;
}

static void xtcp_ip_local_work(struct work_struct *work)
{
	struct xtcp_net *xn = container_of(work, struct xtcp_net, local_work);
	struct xtcp_dev *xdev;
	struct net_device *dev;
	struct sk_buff *skb;

	while ((skb = skb_dequeue(&xn->local_q))) {
		local_bh_disable();
		rcu_read_lock();
		dev = dev_get_by_index_rcu(xn->net, skb->skb_iif);
		xdev = dev ? xtcp_dev_find(xn->net, dev) : NULL;
		skb_orphan(skb);
		if (xdev) {
			skb->dev = dev;
			skb->pkt_type = PACKET_HOST;
			xtcp_ip_local_rcv(xdev, skb);
		} else {
			kfree_skb(skb);
		}
		rcu_read_unlock();
		local_bh_enable();
		cond_resched();
	}
}

/*
 * Build the IPv4 header in front of @skb and send it by @rt: looped back,
 * fragmented, or handed to the next hop. @f has its source address.
 * Consumes @skb. rcu_read_lock() held, for @rt.
 */
static int xtcp_ip_send(struct net *net, struct sk_buff *skb,
			const struct xtcp_flow *f, const struct xtcp_rt *rt,
			unsigned int dev_mtu, unsigned int pmtu)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	struct xtcp_ipv4_repr ip;
	struct xtcp_ip_mtu pol;
	int err;

	memset(&ip, 0, sizeof(ip));
	ip.tos = f->tos;
	ip.total_len = skb->len + XTCP_IPV4_HLEN;
	ip.id = xtcp_ip_ident_next(&xn->idents, f->saddr, f->daddr, f->proto,
				   (u32)jiffies);
	xtcp_ip_mtu_policy(f->pmtudisc, ip.total_len, dev_mtu, pmtu, &pol);
	ip.df = pol.df;
	ip.ttl = f->ttl ? f->ttl : XTCP_DEFAULT_TTL;
	ip.protocol = f->proto;
	ip.saddr = f->saddr;
	ip.daddr = f->daddr;
	ip.hdr_len = XTCP_IPV4_HLEN;

	if (skb_cow_head(skb, XTCP_IPV4_HLEN)) {
		err = -ENOBUFS;
		goto drop;
	}
	xtcp_ipv4_build(&ip, skb_push(skb, XTCP_IPV4_HLEN), XTCP_IPV4_HLEN);
	skb_reset_network_header(skb);

	if (rt->local) {
		trace_xtcp_ip_tx(rt->xdev->dev, ip.saddr, ip.daddr, ip.protocol,
				 ip.total_len, ip.id);
		return xtcp_ip_local_out(net, skb, rt->xdev);
	}

	err = xtcp_ip_frag_verdict(skb->len, pol.mtu, pol.nofrag);
	if (err < 0) {
		XTCP_INC_STATS(net, XTCP_MIB_IPFRAGFAILS);
		goto drop;
	}
	if (err)
		return xtcp_ip_fragment(net, rt, skb, &ip, pol.mtu);

	trace_xtcp_ip_tx(rt->xdev->dev, ip.saddr, ip.daddr, ip.protocol,
			 ip.total_len, ip.id);
	xtcp_ip_finish(net, rt, skb);
	return 0;

drop:
	kfree_skb(skb);
	return err;
}

/* What every datagram must pass before it is routed. Consumes on error. */
static int xtcp_ip_output_start(struct net *net, struct sk_buff *skb)
{
	XTCP_INC_STATS(net, XTCP_MIB_IPOUTREQUESTS);
	if (skb->len + XTCP_IPV4_HLEN > IP_MAX_MTU) {
		kfree_skb(skb);
		return -EMSGSIZE;
	}
	return 0;
}

/**
 * xtcp_ip_output() - send a transport segment as IPv4
 * @net: namespace
 * @skb: segment with its transport header at data and XTCP_MAX_HEADER of
 *	headroom; consumed
 * @fl: addresses and header fields
 *
 * The flow's pmtudisc decides DF and whether a datagram larger than the
 * MTU is fragmented or refused (xtcp_ip_mtu_policy()). A transport checks
 * that before it builds the datagram, as Linux's __ip_append_data(); the
 * refusal here, counted as IpFragFails as in Linux's ip_fragment(), is
 * for a path MTU that dropped in between.
 *
 * Context: process or softirq.
 * Return: 0 when sent or queued; -ENETUNREACH, -EHOSTUNREACH,
 * -EADDRNOTAVAIL, -EMSGSIZE (larger than the MTU and not to be
 * fragmented) or -ENOBUFS.
 */
int xtcp_ip_output(struct net *net, struct sk_buff *skb,
		   const struct xtcp_flow *fl)
{
	unsigned int dev_mtu, pmtu;
	struct xtcp_flow f = *fl;
	unsigned long expires;
	struct xtcp_rt rt;
	int err;

	err = xtcp_ip_output_start(net, skb);
	if (err)
		return err;
	rcu_read_lock();
	err = xtcp_ip_route_output(net, &f, &rt);
	if (err) {
		rcu_read_unlock();
		XTCP_INC_STATS(net, XTCP_MIB_IPOUTNOROUTES);
		kfree_skb(skb);
		return err;
	}
	xtcp_ip_rt_mtus(net, &rt, f.daddr, &dev_mtu, &pmtu, &expires);
	err = xtcp_ip_send(net, skb, &f, &rt, dev_mtu, pmtu);
	rcu_read_unlock();
	return err;
}

/**
 * xtcp_dst_check() - a socket's cached route, looked up again when stale
 * @net: namespace
 * @dst: the socket's cache; the socket is locked
 * @daddr: destination
 * @saddr: the socket's source address, 0 to let the route choose
 *
 * As Linux's __sk_dst_check() and, when that fails, ip_route_connect():
 * the entry stands while the namespace's route generation is the one it
 * was filled at (xtcp_rt_genid_bump()), it is for @daddr, and a learned
 * path MTU in it has not expired.
 *
 * Context: rcu_read_lock() held: @dst->xdev is valid until it is dropped.
 * Return: 0, or the routing error of xtcp_ip_route_output(); the entry
 * is invalid then.
 */
int xtcp_dst_check(struct net *net, struct xtcp_dst *dst, __be32 daddr,
		   __be32 saddr)
{
	u32 genid = (u32)atomic_read_acquire(&xtcp_pernet(net)->rt_genid);
	struct xtcp_flow fl = { .saddr = saddr, .daddr = daddr };
	unsigned int dev_mtu, pmtu;
	struct xtcp_rt rt;
	int err;

	if (likely(dst->valid && dst->genid == genid && dst->daddr == daddr &&
		   (!dst->pmtu || time_before(jiffies, dst->expires))))
		return 0;
	dst->valid = false;
	err = xtcp_ip_route_output(net, &fl, &rt);
	if (err)
		return err;
	xtcp_ip_rt_mtus(net, &rt, daddr, &dev_mtu, &pmtu, &dst->expires);
	dst->xdev = rt.xdev;
	dst->daddr = daddr;
	dst->saddr = fl.saddr;
	dst->nexthop = rt.nexthop;
	dst->dev_mtu = dev_mtu;
	dst->pmtu = pmtu;
	dst->local = rt.local;
	dst->broadcast = rt.broadcast;
	dst->genid = genid;
	dst->valid = true;
	return 0;
}

/**
 * xtcp_dst_mtu() - the path MTU of a socket's cached route (dst_mtu())
 * @net: namespace
 * @dst: the socket's cache; the socket is locked
 * @daddr: destination
 * @saddr: the socket's source address, 0 to let the route choose
 *
 * Return: the device's MTU or the learned path MTU, whichever is lower;
 * 0 when there is no route.
 */
u32 xtcp_dst_mtu(struct net *net, struct xtcp_dst *dst, __be32 daddr,
		 __be32 saddr)
{
	u32 mtu = 0;

	rcu_read_lock();
	if (!xtcp_dst_check(net, dst, daddr, saddr))
		mtu = dst->pmtu && dst->pmtu < dst->dev_mtu ? dst->pmtu :
							      dst->dev_mtu;
	rcu_read_unlock();
	return mtu;
}

/**
 * xtcp_ip_output_dst() - xtcp_ip_output() by a socket's cached route
 * @net: namespace
 * @skb: as for xtcp_ip_output(); consumed
 * @fl: addresses and header fields; a source address 0 takes the route's
 * @dst: the socket's cache (xtcp_dst_check()); the socket is locked
 *
 * As Linux's ip_queue_xmit(): no route lookup while the cached one holds.
 *
 * Context: process or softirq, the socket locked.
 * Return: as xtcp_ip_output().
 */
int xtcp_ip_output_dst(struct net *net, struct sk_buff *skb,
		       const struct xtcp_flow *fl, struct xtcp_dst *dst)
{
	struct xtcp_flow f = *fl;
	struct xtcp_rt rt;
	int err;

	err = xtcp_ip_output_start(net, skb);
	if (err)
		return err;
	rcu_read_lock();
	err = xtcp_dst_check(net, dst, f.daddr, f.saddr);
	if (err) {
		rcu_read_unlock();
		XTCP_INC_STATS(net, XTCP_MIB_IPOUTNOROUTES);
		kfree_skb(skb);
		return err;
	}
	if (!f.saddr)
		f.saddr = dst->saddr;
	rt = (struct xtcp_rt) {
		.xdev		= dst->xdev,
		.nexthop	= dst->nexthop,
		.saddr		= dst->saddr,
		.local		= dst->local,
		.broadcast	= dst->broadcast,
	};
	err = xtcp_ip_send(net, skb, &f, &rt, dst->dev_mtu, dst->pmtu);
	rcu_read_unlock();
	return err;
}

void xtcp_ip_net_init(struct xtcp_net *xn, struct net *net)
{
	xn->net = net;
	skb_queue_head_init(&xn->local_q);
	INIT_WORK(&xn->local_work, xtcp_ip_local_work);
	xtcp_ip_idents_init(&xn->idents);
	xtcp_pmtu_init(&xn->pmtu);
}

void xtcp_ip_net_exit(struct xtcp_net *xn)
{
	cancel_work_sync(&xn->local_work);
	skb_queue_purge(&xn->local_q);
}
