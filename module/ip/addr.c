// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 addresses on attached devices. Adding one adds its connected route
 * and announces it with a gratuitous ARP.
 */
#include <linux/inetdevice.h>
#include <linux/rtnetlink.h>
#include <net/netlink.h>
#include <kunit/visibility.h>

#include "core/core.h"
#include "ip.h"

static bool xtcp_addr_valid(__be32 addr)
{
	return !ipv4_is_zeronet(addr) && !ipv4_is_multicast(addr) &&
	       !ipv4_is_lbcast(addr) && !ipv4_is_loopback(addr);
}

/* The xtcp_dev holding @addr, or NULL. RCU or RTNL. */
struct xtcp_dev *xtcp_addr_dev(struct net *net, __be32 addr)
{
	struct xtcp_ifaddr *ifa;
	struct xtcp_dev *xdev;

	list_for_each_entry_rcu(xdev, &xtcp_pernet(net)->devs, list,
				lockdep_rtnl_is_held())
		list_for_each_entry_rcu(ifa, &xdev->addrs, list,
					lockdep_rtnl_is_held())
			if (ifa->addr == addr)
				return xdev;
	return NULL;
}

/**
 * xtcp_addr_is_local() - is @addr one of the namespace's xtcp addresses?
 * @net: namespace
 * @addr: address
 *
 * Return: true if an attached device holds @addr.
 */
bool xtcp_addr_is_local(struct net *net, __be32 addr)
{
	bool ret;

	rcu_read_lock();
	ret = xtcp_addr_dev(net, addr);
	rcu_read_unlock();
	return ret;
}

/* Is @addr the limited broadcast or a directed broadcast of @xdev? RCU. */
bool xtcp_addr_is_broadcast(const struct xtcp_dev *xdev, __be32 addr)
{
	struct xtcp_ifaddr *ifa;

	if (ipv4_is_lbcast(addr))
		return true;
	list_for_each_entry_rcu(ifa, &xdev->addrs, list,
				lockdep_rtnl_is_held()) {
		__be32 mask = inet_make_mask(ifa->plen);

		if (ifa->plen < 31 && addr == (ifa->addr | ~mask))
			return true;
	}
	return false;
}

/*
 * Preferred source address on @xdev for reaching @dst: one in the same
 * prefix, else the first. 0 if the device has none. RCU or RTNL.
 */
__be32 xtcp_addr_select(const struct xtcp_dev *xdev, __be32 dst)
{
	struct xtcp_ifaddr *ifa;
	__be32 first = 0;

	list_for_each_entry_rcu(ifa, &xdev->addrs, list,
				lockdep_rtnl_is_held()) {
		if (!((dst ^ ifa->addr) & inet_make_mask(ifa->plen)))
			return ifa->addr;
		if (!first)
			first = ifa->addr;
	}
	return first;
}

/* Announce every address of @xdev (device came up, address changed). */
void xtcp_addr_announce(struct xtcp_dev *xdev)
{
	struct xtcp_ifaddr *ifa;

	ASSERT_RTNL();
	if (xdev->noarp || !netif_running(xdev->dev))
		return;
	list_for_each_entry(ifa, &xdev->addrs, list)
		xtcp_arp_announce(xdev, ifa->addr);
}

/**
 * xtcp_addr_add() - add an address and its connected route
 * @net: namespace
 * @dev: an attached device
 * @addr: unicast address
 * @plen: prefix length
 * @extack: error reporting
 *
 * Context: RTNL held.
 * Return: 0, -ENODEV (not attached), -EINVAL, -EEXIST or -ENOMEM.
 */
int xtcp_addr_add(struct net *net, struct net_device *dev, __be32 addr,
		  u8 plen, struct netlink_ext_ack *extack)
{
	struct xtcp_ifaddr *ifa;
	struct xtcp_dev *xdev;
	__be32 mask;
	int err;

	ASSERT_RTNL();
	xdev = xtcp_dev_find(net, dev);
	if (!xdev) {
		NL_SET_ERR_MSG(extack, "xtcp is not attached to this device");
		return -ENODEV;
	}
	if (plen > 32 || !xtcp_addr_valid(addr)) {
		NL_SET_ERR_MSG(extack, "not a unicast address and prefix length");
		return -EINVAL;
	}
	if (xtcp_addr_dev(net, addr)) {
		NL_SET_ERR_MSG(extack, "address already assigned");
		return -EEXIST;
	}

	ifa = kzalloc(sizeof(*ifa), GFP_KERNEL);
	if (!ifa)
		return -ENOMEM;
	ifa->addr = addr;
	ifa->plen = plen;

	mask = inet_make_mask(plen);
	if (plen < 32 && !xtcp_route_find(net, addr & mask, plen, xdev)) {
		err = xtcp_route_insert(net, addr & mask, plen, 0, xdev,
					XTCP_ROUTE_CONNECTED);
		if (err) {
			kfree(ifa);
			return err;
		}
	}
	list_add_tail_rcu(&ifa->list, &xdev->addrs);
	xtcp_rt_genid_bump(net);

	if (!xdev->noarp && netif_running(dev))
		xtcp_arp_announce(xdev, addr);
	return 0;
}

static void __xtcp_addr_del(struct xtcp_dev *xdev, struct xtcp_ifaddr *ifa)
{
	__be32 mask = inet_make_mask(ifa->plen);
	struct xtcp_ifaddr *other;
	bool shared = false;

	list_del_rcu(&ifa->list);
	/* The connected route goes with the last address of its prefix. */
	list_for_each_entry(other, &xdev->addrs, list)
		if (other->plen == ifa->plen &&
		    !((other->addr ^ ifa->addr) & mask))
			shared = true;
	if (!shared && ifa->plen < 32)
		xtcp_route_remove(xdev->net, ifa->addr & mask, ifa->plen, xdev,
				  XTCP_ROUTE_CONNECTED);
	xtcp_rt_genid_bump(xdev->net);
	kfree_rcu(ifa, rcu);
}

/**
 * xtcp_addr_del() - remove an address and, if it was the last of its
 * prefix, the connected route
 * @net: namespace
 * @dev: an attached device
 * @addr: address
 * @plen: prefix length it was added with
 * @extack: error reporting
 *
 * Context: RTNL held.
 * Return: 0, -ENODEV or -EADDRNOTAVAIL (as "ip addr del" reports).
 */
int xtcp_addr_del(struct net *net, struct net_device *dev, __be32 addr,
		  u8 plen, struct netlink_ext_ack *extack)
{
	struct xtcp_ifaddr *ifa;
	struct xtcp_dev *xdev;

	ASSERT_RTNL();
	xdev = xtcp_dev_find(net, dev);
	if (!xdev) {
		NL_SET_ERR_MSG(extack, "xtcp is not attached to this device");
		return -ENODEV;
	}
	list_for_each_entry(ifa, &xdev->addrs, list) {
		if (ifa->addr == addr && ifa->plen == plen) {
			__xtcp_addr_del(xdev, ifa);
			return 0;
		}
	}
	NL_SET_ERR_MSG(extack, "no such address on this device");
	return -EADDRNOTAVAIL;
}

/* Remove every address of @xdev. RTNL. */
void xtcp_addr_flush_dev(struct xtcp_dev *xdev)
{
	struct xtcp_ifaddr *ifa, *tmp;

	list_for_each_entry_safe(ifa, tmp, &xdev->addrs, list)
		__xtcp_addr_del(xdev, ifa);
}

/**
 * xtcp_addr_get_nth() - snapshot the n-th address, for dumps
 * @net: namespace
 * @n: index over all devices
 * @info: filled on success
 *
 * Return: 0 or -ENOENT past the end.
 */
int xtcp_addr_get_nth(struct net *net, unsigned int n,
		      struct xtcp_addr_info *info)
{
	struct xtcp_ifaddr *ifa;
	struct xtcp_dev *xdev;
	int err = -ENOENT;

	rcu_read_lock();
	list_for_each_entry_rcu(xdev, &xtcp_pernet(net)->devs, list) {
		list_for_each_entry_rcu(ifa, &xdev->addrs, list) {
			if (n--)
				continue;
			info->ifindex = xdev->dev->ifindex;
			info->addr = ifa->addr;
			info->plen = ifa->plen;
			err = 0;
			goto out;
		}
	}
out:
	rcu_read_unlock();
	return err;
}
