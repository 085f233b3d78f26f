// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 routing: connected prefixes (from addresses), static routes through
 * a gateway or a device, and a default. Longest prefix wins; the table is a
 * short RCU list kept sorted by prefix length, written under the RTNL.
 */
#include <linux/inetdevice.h>
#include <linux/rtnetlink.h>
#include <net/netlink.h>

#include "core/core.h"
#include "ip.h"

/**
 * struct xtcp_route - one route
 * @list: entry in xtcp_net.routes, longest prefix first (RCU)
 * @dst: destination prefix, host bits zero
 * @plen: prefix length
 * @type: enum xtcp_route_type
 * @gw: gateway; 0 when the prefix is on-link
 * @xdev: output device
 * @rcu: deferred free
 */
struct xtcp_route {
	struct list_head	list;
	__be32			dst;
	u8			plen;
	u8			type;
	__be32			gw;
	struct xtcp_dev		*xdev;
	struct rcu_head		rcu;
};

static bool xtcp_route_match(const struct xtcp_route *r, __be32 daddr)
{
	return !((daddr ^ r->dst) & inet_make_mask(r->plen));
}

/* A route for exactly @dst/@plen (through @xdev when non-NULL). RTNL. */
bool xtcp_route_find(struct net *net, __be32 dst, u8 plen,
		     const struct xtcp_dev *xdev)
{
	struct xtcp_route *r;

	list_for_each_entry(r, &xtcp_pernet(net)->routes, list)
		if (r->dst == dst && r->plen == plen && (!xdev || r->xdev == xdev))
			return true;
	return false;
}

/* Insert keeping the list sorted longest prefix first. RTNL. */
int xtcp_route_insert(struct net *net, __be32 dst, u8 plen, __be32 gw,
		      struct xtcp_dev *xdev, u8 type)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	struct xtcp_route *r, *pos;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->dst = dst;
	r->plen = plen;
	r->gw = gw;
	r->xdev = xdev;
	r->type = type;

	list_for_each_entry(pos, &xn->routes, list) {
		if (pos->plen < plen) {
			list_add_tail_rcu(&r->list, &pos->list);
			goto out;
		}
	}
	list_add_tail_rcu(&r->list, &xn->routes);
out:
	xtcp_rt_genid_bump(net);
	return 0;
}

static void __xtcp_route_del(struct xtcp_route *r)
{
	list_del_rcu(&r->list);
	xtcp_rt_genid_bump(r->xdev->net);
	kfree_rcu(r, rcu);
}

/* Remove @dst/@plen of @type through @xdev. RTNL. */
void xtcp_route_remove(struct net *net, __be32 dst, u8 plen,
		       struct xtcp_dev *xdev, u8 type)
{
	struct xtcp_route *r, *tmp;

	list_for_each_entry_safe(r, tmp, &xtcp_pernet(net)->routes, list)
		if (r->dst == dst && r->plen == plen && r->xdev == xdev &&
		    r->type == type)
			__xtcp_route_del(r);
}

/* Drop the static routes through @xdev (device went down). RTNL. */
void xtcp_route_flush_dev_static(struct xtcp_dev *xdev)
{
	struct xtcp_route *r, *tmp;

	list_for_each_entry_safe(r, tmp, &xtcp_pernet(xdev->net)->routes, list)
		if (r->xdev == xdev && r->type == XTCP_ROUTE_STATIC)
			__xtcp_route_del(r);
}

/* Drop every route through @xdev (device detached). RTNL. */
void xtcp_route_flush_dev(struct xtcp_dev *xdev)
{
	struct xtcp_route *r, *tmp;

	list_for_each_entry_safe(r, tmp, &xtcp_pernet(xdev->net)->routes, list)
		if (r->xdev == xdev)
			__xtcp_route_del(r);
}

/*
 * Longest-prefix match over routes whose device is up. Connected routes
 * only when @onlink. RCU or RTNL.
 */
static struct xtcp_route *xtcp_route_lpm(struct net *net, __be32 daddr,
					 bool onlink)
{
	struct xtcp_route *r;

	list_for_each_entry_rcu(r, &xtcp_pernet(net)->routes, list,
				lockdep_rtnl_is_held()) {
		if (onlink && r->type != XTCP_ROUTE_CONNECTED)
			continue;
		if (xtcp_route_match(r, daddr) && netif_running(r->xdev->dev))
			return r;
	}
	return NULL;
}

/**
 * xtcp_route_lookup() - where does a packet to @daddr go?
 * @net: namespace
 * @daddr: destination
 * @rt: result
 *
 * Context: rcu_read_lock() held; @rt is valid until it is dropped.
 * Return: 0, -ENETUNREACH (no route) or -EHOSTUNREACH (no source address).
 */
int xtcp_route_lookup(struct net *net, __be32 daddr, struct xtcp_rt *rt)
{
	struct xtcp_route *r;
	struct xtcp_dev *xdev;

	memset(rt, 0, sizeof(*rt));
	xdev = xtcp_addr_dev(net, daddr);
	if (xdev) {
		rt->xdev = xdev;
		rt->nexthop = daddr;
		rt->saddr = daddr;
		rt->local = true;
		return 0;
	}
	if (ipv4_is_lbcast(daddr)) {
		/* The limited broadcast leaves through the first device up. */
		list_for_each_entry_rcu(xdev, &xtcp_pernet(net)->devs, list) {
			if (netif_running(xdev->dev) && !list_empty(&xdev->addrs)) {
				rt->xdev = xdev;
				rt->nexthop = daddr;
				rt->saddr = xtcp_addr_select(xdev, daddr);
				rt->broadcast = true;
				return 0;
			}
		}
		return -ENETUNREACH;
	}

	r = xtcp_route_lpm(net, daddr, false);
	if (!r)
		return -ENETUNREACH;
	rt->xdev = r->xdev;
	rt->nexthop = r->gw ? r->gw : daddr;
	rt->saddr = xtcp_addr_select(r->xdev, rt->nexthop);
	rt->broadcast = !r->gw && xtcp_addr_is_broadcast(r->xdev, daddr);
	if (!rt->saddr)
		return -EHOSTUNREACH;
	return 0;
}

/**
 * xtcp_route_add() - add a static route
 * @net: namespace
 * @dst: destination prefix (host bits must be zero)
 * @plen: prefix length; 0 with @dst 0 is the default route
 * @gw: gateway, reachable through a connected route; 0 for on-link
 * @dev: output device; NULL to take the gateway's
 * @extack: error reporting
 *
 * Context: RTNL held.
 * Return: 0, -EINVAL, -ENETUNREACH (gateway not on-link), -ENODEV, -EEXIST
 * or -ENOMEM.
 */
int xtcp_route_add(struct net *net, __be32 dst, u8 plen, __be32 gw,
		   struct net_device *dev, struct netlink_ext_ack *extack)
{
	struct xtcp_dev *xdev = NULL;
	struct xtcp_route *via;

	ASSERT_RTNL();
	if (plen > 32 || (dst & ~inet_make_mask(plen))) {
		NL_SET_ERR_MSG(extack, "invalid prefix (host bits set?)");
		return -EINVAL;
	}
	if (dev) {
		xdev = xtcp_dev_find(net, dev);
		if (!xdev) {
			NL_SET_ERR_MSG(extack, "xtcp is not attached to this device");
			return -ENODEV;
		}
	}
	if (gw) {
		via = xtcp_route_lpm(net, gw, true);
		if (!via || (xdev && via->xdev != xdev)) {
			NL_SET_ERR_MSG(extack, "gateway is not on a connected prefix");
			return -ENETUNREACH;
		}
		xdev = via->xdev;
	} else if (!xdev) {
		NL_SET_ERR_MSG(extack, "a route needs a gateway or a device");
		return -EINVAL;
	}
	if (xtcp_route_find(net, dst, plen, NULL)) {
		NL_SET_ERR_MSG(extack, "route exists");
		return -EEXIST;
	}
	return xtcp_route_insert(net, dst, plen, gw, xdev, XTCP_ROUTE_STATIC);
}

/**
 * xtcp_route_del() - remove a static route
 * @net: namespace
 * @dst: prefix
 * @plen: prefix length
 * @extack: error reporting
 *
 * Context: RTNL held.
 * Return: 0 or -ESRCH (as "ip route del" reports "No such process").
 */
int xtcp_route_del(struct net *net, __be32 dst, u8 plen,
		   struct netlink_ext_ack *extack)
{
	struct xtcp_route *r;

	ASSERT_RTNL();
	list_for_each_entry(r, &xtcp_pernet(net)->routes, list) {
		if (r->dst == dst && r->plen == plen &&
		    r->type == XTCP_ROUTE_STATIC) {
			__xtcp_route_del(r);
			return 0;
		}
	}
	NL_SET_ERR_MSG(extack, "no such static route");
	return -ESRCH;
}

/**
 * xtcp_route_get_nth() - snapshot the n-th route, for dumps
 * @net: namespace
 * @n: index
 * @info: filled on success
 *
 * Return: 0 or -ENOENT past the end.
 */
int xtcp_route_get_nth(struct net *net, unsigned int n,
		       struct xtcp_route_info *info)
{
	struct xtcp_route *r;
	int err = -ENOENT;

	rcu_read_lock();
	list_for_each_entry_rcu(r, &xtcp_pernet(net)->routes, list) {
		if (n--)
			continue;
		info->dst = r->dst;
		info->plen = r->plen;
		info->type = r->type;
		info->gw = r->gw;
		info->ifindex = r->xdev->dev->ifindex;
		err = 0;
		break;
	}
	rcu_read_unlock();
	return err;
}
