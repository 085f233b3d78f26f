// SPDX-License-Identifier: GPL-2.0
/*
 * TEMPORARY - TO BE DELETED AT MERGE.
 *
 * Stand-ins for the configuration API of dev.c, addr.c, route.c and arp.c
 * (bottom of xtcp.h) so that netlink.c and the xtcp tool can be built and
 * tested before the IP layer lands. They keep a tiny in-memory model: which
 * devices are attached, their addresses, and the routes (a connected route
 * per address prefix, plus static ones). Nothing reaches the wire; the ARP
 * cache is always empty.
 *
 * Entries are keyed by the namespace's net_cookie, which is never reused,
 * and all of it runs under the RTNL (netlink.c takes it for every command
 * and dump).
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>
#include <net/netlink.h>

#include "xtcp.h"

#define XS_LINKS	8
#define XS_ADDRS	16
#define XS_ROUTES	32

struct xs_link {
	u64		net;		/* 0: free slot */
	int		ifindex;
};

struct xs_addr {
	u64		net;
	int		ifindex;
	__be32		addr;
	u8		plen;
};

struct xs_route {
	u64		net;
	__be32		dst;
	u8		plen;
	u8		type;
	__be32		gw;
	int		ifindex;
};

static struct xs_link xs_links[XS_LINKS];
static struct xs_addr xs_addrs[XS_ADDRS];
static struct xs_route xs_routes[XS_ROUTES];

static u64 xs_net(struct net *net)
{
	return net->net_cookie;
}

static __be32 xs_mask(u8 plen)
{
	return plen ? htonl(~0U << (32 - plen)) : 0;
}

static struct xs_link *xs_link_find(struct net *net, int ifindex)
{
	int i;

	for (i = 0; i < XS_LINKS; i++)
		if (xs_links[i].net == xs_net(net) &&
		    xs_links[i].ifindex == ifindex)
			return &xs_links[i];
	return NULL;
}

static struct xs_route *xs_route_find(struct net *net, __be32 dst, u8 plen)
{
	int i;

	for (i = 0; i < XS_ROUTES; i++)
		if (xs_routes[i].net == xs_net(net) &&
		    xs_routes[i].dst == dst && xs_routes[i].plen == plen)
			return &xs_routes[i];
	return NULL;
}

static struct xs_route *xs_route_new(struct net *net)
{
	int i;

	for (i = 0; i < XS_ROUTES; i++)
		if (!xs_routes[i].net) {
			xs_routes[i].net = xs_net(net);
			return &xs_routes[i];
		}
	return NULL;
}

/* Connected route whose prefix holds @addr, on @ifindex unless it is 0. */
static struct xs_route *xs_route_connected(struct net *net, __be32 addr,
					   int ifindex)
{
	int i;

	for (i = 0; i < XS_ROUTES; i++) {
		struct xs_route *r = &xs_routes[i];

		if (r->net == xs_net(net) && r->type == XTCP_ROUTE_CONNECTED &&
		    (addr & xs_mask(r->plen)) == r->dst &&
		    (!ifindex || r->ifindex == ifindex))
			return r;
	}
	return NULL;
}

int xtcp_dev_attach(struct net *net, struct net_device *dev,
		    struct netlink_ext_ack *extack)
{
	int i;

	ASSERT_RTNL();
	if (dev->type != ARPHRD_ETHER && dev->type != ARPHRD_NONE) {
		NL_SET_ERR_MSG(extack, "xtcp runs on Ethernet and ARPHRD_NONE devices only");
		return -EOPNOTSUPP;
	}
	if (xs_link_find(net, dev->ifindex)) {
		NL_SET_ERR_MSG(extack, "xtcp is already attached to this device");
		return -EEXIST;
	}
	for (i = 0; i < XS_LINKS; i++)
		if (!xs_links[i].net) {
			xs_links[i].net = xs_net(net);
			xs_links[i].ifindex = dev->ifindex;
			return 0;
		}
	NL_SET_ERR_MSG(extack, "stub: link table full");
	return -ENOSPC;
}

int xtcp_dev_detach(struct net *net, struct net_device *dev,
		    struct netlink_ext_ack *extack)
{
	struct xs_link *l;
	int i;

	ASSERT_RTNL();
	l = xs_link_find(net, dev->ifindex);
	if (!l) {
		NL_SET_ERR_MSG(extack, "xtcp is not attached to this device");
		return -ENOENT;
	}
	for (i = 0; i < XS_ADDRS; i++)
		if (xs_addrs[i].net == l->net &&
		    xs_addrs[i].ifindex == dev->ifindex)
			memset(&xs_addrs[i], 0, sizeof(xs_addrs[i]));
	for (i = 0; i < XS_ROUTES; i++)
		if (xs_routes[i].net == l->net &&
		    xs_routes[i].ifindex == dev->ifindex)
			memset(&xs_routes[i], 0, sizeof(xs_routes[i]));
	memset(l, 0, sizeof(*l));
	return 0;
}

int xtcp_addr_add(struct net *net, struct net_device *dev, __be32 addr,
		  u8 plen, struct netlink_ext_ack *extack)
{
	struct xs_addr *a = NULL;
	struct xs_route *r;
	__be32 prefix;
	int i;

	ASSERT_RTNL();
	if (!xs_link_find(net, dev->ifindex)) {
		NL_SET_ERR_MSG(extack, "xtcp is not attached to this device");
		return -ENODEV;
	}
	if (ipv4_is_zeronet(addr) || ipv4_is_multicast(addr) ||
	    ipv4_is_lbcast(addr)) {
		NL_SET_ERR_MSG(extack, "not a unicast address");
		return -EINVAL;
	}
	for (i = 0; i < XS_ADDRS; i++) {
		if (xs_addrs[i].net == xs_net(net) && xs_addrs[i].addr == addr) {
			NL_SET_ERR_MSG(extack, "address already assigned");
			return -EEXIST;
		}
		if (!a && !xs_addrs[i].net)
			a = &xs_addrs[i];
	}
	if (!a) {
		NL_SET_ERR_MSG(extack, "stub: address table full");
		return -ENOSPC;
	}

	prefix = addr & xs_mask(plen);
	if (plen < 32 && !xs_route_find(net, prefix, plen)) {
		r = xs_route_new(net);
		if (!r) {
			NL_SET_ERR_MSG(extack, "stub: route table full");
			return -ENOSPC;
		}
		r->dst = prefix;
		r->plen = plen;
		r->type = XTCP_ROUTE_CONNECTED;
		r->ifindex = dev->ifindex;
	}
	a->net = xs_net(net);
	a->ifindex = dev->ifindex;
	a->addr = addr;
	a->plen = plen;
	return 0;
}

int xtcp_addr_del(struct net *net, struct net_device *dev, __be32 addr,
		  u8 plen, struct netlink_ext_ack *extack)
{
	struct xs_route *r;
	__be32 prefix;
	int i;

	ASSERT_RTNL();
	for (i = 0; i < XS_ADDRS; i++) {
		struct xs_addr *a = &xs_addrs[i];

		if (a->net != xs_net(net) || a->ifindex != dev->ifindex ||
		    a->addr != addr || a->plen != plen)
			continue;
		memset(a, 0, sizeof(*a));
		prefix = addr & xs_mask(plen);
		r = xs_route_find(net, prefix, plen);
		if (r && r->type == XTCP_ROUTE_CONNECTED &&
		    r->ifindex == dev->ifindex)
			memset(r, 0, sizeof(*r));
		return 0;
	}
	NL_SET_ERR_MSG(extack, "no such address on this device");
	return -EADDRNOTAVAIL;
}

int xtcp_route_add(struct net *net, __be32 dst, u8 plen, __be32 gw,
		   struct net_device *dev, struct netlink_ext_ack *extack)
{
	struct xs_route *r, *via = NULL;

	ASSERT_RTNL();
	if (dst & ~xs_mask(plen)) {
		NL_SET_ERR_MSG(extack, "invalid prefix for the prefix length");
		return -EINVAL;
	}
	if (dev && !xs_link_find(net, dev->ifindex)) {
		NL_SET_ERR_MSG(extack, "xtcp is not attached to this device");
		return -ENODEV;
	}
	if (gw) {
		via = xs_route_connected(net, gw, dev ? dev->ifindex : 0);
		if (!via) {
			NL_SET_ERR_MSG(extack, "gateway is not on a connected network");
			return -ENETUNREACH;
		}
	}
	if (xs_route_find(net, dst, plen)) {
		NL_SET_ERR_MSG(extack, "route exists");
		return -EEXIST;
	}
	r = xs_route_new(net);
	if (!r) {
		NL_SET_ERR_MSG(extack, "stub: route table full");
		return -ENOSPC;
	}
	r->dst = dst;
	r->plen = plen;
	r->type = XTCP_ROUTE_STATIC;
	r->gw = gw;
	r->ifindex = dev ? dev->ifindex : via->ifindex;
	return 0;
}

int xtcp_route_del(struct net *net, __be32 dst, u8 plen,
		   struct netlink_ext_ack *extack)
{
	struct xs_route *r;

	ASSERT_RTNL();
	r = xs_route_find(net, dst, plen);
	if (!r) {
		NL_SET_ERR_MSG(extack, "no such route");
		return -ESRCH;
	}
	memset(r, 0, sizeof(*r));
	return 0;
}

void xtcp_neigh_flush(struct net *net, struct net_device *dev)
{
	ASSERT_RTNL();
}

int xtcp_link_get_nth(struct net *net, unsigned int n,
		      struct xtcp_link_info *info)
{
	struct net_device *dev;
	int i;

	ASSERT_RTNL();
	for (i = 0; i < XS_LINKS; i++) {
		if (xs_links[i].net != xs_net(net))
			continue;
		dev = __dev_get_by_index(net, xs_links[i].ifindex);
		if (!dev || n--)
			continue;
		info->ifindex = dev->ifindex;
		strscpy(info->ifname, dev->name, sizeof(info->ifname));
		info->mtu = dev->mtu;
		info->flags = 0;
		if (dev->flags & IFF_UP)
			info->flags |= XTCP_LINK_F_UP;
		if (dev->type == ARPHRD_NONE || (dev->flags & IFF_NOARP))
			info->flags |= XTCP_LINK_F_NOARP;
		if (dev->addr_len == ETH_ALEN)
			ether_addr_copy(info->lladdr, dev->dev_addr);
		return 0;
	}
	return -ENOENT;
}

int xtcp_addr_get_nth(struct net *net, unsigned int n,
		      struct xtcp_addr_info *info)
{
	int i;

	ASSERT_RTNL();
	for (i = 0; i < XS_ADDRS; i++) {
		if (xs_addrs[i].net != xs_net(net) || n--)
			continue;
		info->ifindex = xs_addrs[i].ifindex;
		info->addr = xs_addrs[i].addr;
		info->plen = xs_addrs[i].plen;
		return 0;
	}
	return -ENOENT;
}

int xtcp_route_get_nth(struct net *net, unsigned int n,
		       struct xtcp_route_info *info)
{
	int i;

	ASSERT_RTNL();
	for (i = 0; i < XS_ROUTES; i++) {
		if (xs_routes[i].net != xs_net(net) || n--)
			continue;
		info->dst = xs_routes[i].dst;
		info->plen = xs_routes[i].plen;
		info->type = xs_routes[i].type;
		info->gw = xs_routes[i].gw;
		info->ifindex = xs_routes[i].ifindex;
		return 0;
	}
	return -ENOENT;
}

int xtcp_neigh_get_nth(struct net *net, unsigned int n,
		       struct xtcp_neigh_info *info)
{
	ASSERT_RTNL();
	return -ENOENT;
}
