// SPDX-License-Identifier: GPL-2.0
/*
 * Devices xtcp is attached to: the packet_type receive hooks, the
 * netdevice notifier, and the link table netlink dumps.
 *
 * Coexistence: xtcp owns the IPv4 traffic of a device that has no kernel
 * IPv4 address. Its packet_type hooks are bound to that device (.dev set),
 * so other devices cost nothing; the kernel's own ip_rcv() still sees the
 * frames but, with no local address and forwarding off, drops them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/netlink.h>

#include "core/core.h"
#include "link.h"
#include "core/trace.h"

/* The xtcp_dev of @dev in @net, or NULL. RTNL or RCU. */
struct xtcp_dev *xtcp_dev_find(struct net *net, const struct net_device *dev)
{
	struct xtcp_dev *xdev;

	list_for_each_entry_rcu(xdev, &xtcp_pernet(net)->devs, list,
				lockdep_rtnl_is_held())
		if (xdev->dev == dev)
			return xdev;
	return NULL;
}

/*
 * A GSO skb is several packets in one: a device's GRO merged them, or a
 * sender's UDP_SEGMENT or TSO packet crossed a veth whole. Linux's ip_rcv()
 * takes it as one and its transport splits it (udp_rcv_segment()); xtcp
 * splits it here, so every layer above sees one packet per skb and a
 * datagram's boundaries survive. The checksum state is kept (GRO verified
 * it, a local sender left it CHECKSUM_PARTIAL): no recomputation, as in
 * udp_rcv_segment(). The IPv4 header is rewritten per segment.
 */
static int xtcp_dev_rcv_gso(struct xtcp_dev *xdev, struct sk_buff *skb)
{
	unsigned int nr = max_t(unsigned int, skb_shinfo(skb)->gso_segs, 1);
	struct xtcp_net *xn = xtcp_pernet(xdev->net);
	struct sk_buff *segs, *next;

	segs = __skb_gso_segment(skb, NETIF_F_SG | NETIF_F_IP_CSUM, false);
	if (IS_ERR_OR_NULL(segs)) {
		/* ip_rcv() counts a packet received before it discards it. */
		XTCP_ADD_STATS(xdev->net, XTCP_MIB_IPINRECEIVES, nr);
		XTCP_ADD_STATS(xdev->net, XTCP_MIB_IPINDISCARDS, nr);
		xtcp_drop_count(xn, XTCP_LAYER_DEV,
				PTR_ERR(segs) == -ENOMEM ? XTCP_DROP_NOMEM :
							   XTCP_DROP_GSO_BAD,
				skb);
		kfree_skb(skb);
		return NET_RX_DROP;
	}
	/* Segmentation took what it needed; a fraglist head holds its own ref. */
	consume_skb(skb);

	XTCP_INC_STATS(xdev->net, XTCP_MIB_IPINGSOPACKETS);
	skb_list_walk_safe(segs, skb, next) {
		skb_mark_not_on_list(skb);
		XTCP_INC_STATS(xdev->net, XTCP_MIB_IPINGSOSEGMENTS);
		xtcp_ip_rcv(xdev, skb);
	}
	return NET_RX_SUCCESS;
}

static int xtcp_dev_rcv_ip(struct sk_buff *skb, struct net_device *dev,
			   struct packet_type *pt, struct net_device *orig_dev)
{
	struct xtcp_dev *xdev = container_of(pt, struct xtcp_dev, pt_ip);

	if (skb->pkt_type == PACKET_OTHERHOST || skb->pkt_type == PACKET_LOOPBACK) {
		XTCP_INC_STATS(xdev->net, XTCP_MIB_IPINOTHERHOST);
		kfree_skb(skb);
		return NET_RX_DROP;
	}
	/* Taps and the kernel's own ip_rcv() may hold the same skb. */
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb) {
		/* Received, then discarded, as ip_rcv_core() counts it. */
		XTCP_INC_STATS(xdev->net, XTCP_MIB_IPINRECEIVES);
		XTCP_INC_STATS(xdev->net, XTCP_MIB_IPINDISCARDS);
		return NET_RX_DROP;
	}
	if (skb_is_gso(skb))
		return xtcp_dev_rcv_gso(xdev, skb);
	return xtcp_ip_rcv(xdev, skb);
}

static int xtcp_dev_rcv_arp(struct sk_buff *skb, struct net_device *dev,
			    struct packet_type *pt, struct net_device *orig_dev)
{
	struct xtcp_dev *xdev = container_of(pt, struct xtcp_dev, pt_arp);

	/* As arp_rcv(): with ARP turned off (NETDEV_CHANGE races), ignore. */
	if (READ_ONCE(xdev->noarp) || skb->pkt_type == PACKET_OTHERHOST ||
	    skb->pkt_type == PACKET_LOOPBACK) {
		kfree_skb(skb);
		return NET_RX_DROP;
	}
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb) {
		XTCP_INC_STATS(xdev->net, XTCP_MIB_ARPINDISCARDS);
		return NET_RX_DROP;
	}
	return xtcp_arp_rcv(xdev, skb);
}

/*
 * Does @dev speak ARP now? It needs a link header (header_ops) of the one
 * kind ARP is spoken on here, Ethernet, and IFF_NOARP clear.
 */
static bool xtcp_dev_arp_capable(const struct net_device *dev)
{
	return dev->header_ops && dev->type == ARPHRD_ETHER &&
	       !(dev->flags & IFF_NOARP);
}

/*
 * Follow IFF_NOARP ("ip link set arp on|off"). RTNL. The ARP hook is
 * registered exactly while ARP is on, so detaching needs no other state.
 * Returns true if it changed.
 */
static bool xtcp_dev_sync_arp(struct xtcp_dev *xdev)
{
	bool noarp = !xtcp_dev_arp_capable(xdev->dev);

	ASSERT_RTNL();
	if (noarp == xdev->noarp)
		return false;
	WRITE_ONCE(xdev->noarp, noarp);
	if (noarp) {
		dev_remove_pack(&xdev->pt_arp);
	} else {
		xdev->pt_arp.type = htons(ETH_P_ARP);
		xdev->pt_arp.dev = xdev->dev;
		xdev->pt_arp.func = xtcp_dev_rcv_arp;
		dev_add_pack(&xdev->pt_arp);
	}
	return true;
}

static bool xtcp_dev_has_kernel_ipv4(struct net_device *dev)
{
	struct in_device *in_dev = __in_dev_get_rtnl(dev);

	return in_dev && rtnl_dereference(in_dev->ifa_list);
}

/**
 * xtcp_dev_attach() - let xtcp own a device's IPv4 traffic
 * @net: namespace (the device's)
 * @dev: device, Ethernet or without link header (tun, ARPHRD_NONE)
 * @extack: error reporting
 *
 * Context: RTNL held.
 * Return: 0, -EEXIST, -EBUSY (kernel IPv4 address present),
 * -EOPNOTSUPP (link type) or -ENOMEM.
 */
int xtcp_dev_attach(struct net *net, struct net_device *dev,
		    struct netlink_ext_ack *extack)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	struct xtcp_dev *xdev;

	ASSERT_RTNL();
	if (xtcp_dev_find(net, dev)) {
		NL_SET_ERR_MSG(extack, "xtcp is already attached to this device");
		return -EEXIST;
	}
	if (dev->flags & IFF_LOOPBACK ||
	    (dev->type != ARPHRD_ETHER && dev->type != ARPHRD_NONE)) {
		NL_SET_ERR_MSG(extack, "only Ethernet and headerless (tun) devices are supported");
		return -EOPNOTSUPP;
	}
	if (dev->type == ARPHRD_ETHER && dev->addr_len != ETH_ALEN) {
		NL_SET_ERR_MSG(extack, "Ethernet device without a 6-byte address");
		return -EOPNOTSUPP;
	}
	if (xtcp_dev_has_kernel_ipv4(dev)) {
		NL_SET_ERR_MSG(extack, "device has kernel IPv4 addresses; remove them first");
		return -EBUSY;
	}

	xdev = kzalloc(sizeof(*xdev), GFP_KERNEL);
	if (!xdev)
		return -ENOMEM;
	xdev->net = net;
	xdev->dev = dev;
	xdev->noarp = true;
	INIT_LIST_HEAD(&xdev->addrs);
	netdev_hold(dev, &xdev->tracker, GFP_KERNEL);

	xdev->pt_ip.type = htons(ETH_P_IP);
	xdev->pt_ip.dev = dev;
	xdev->pt_ip.func = xtcp_dev_rcv_ip;
	dev_add_pack(&xdev->pt_ip);
	xtcp_dev_sync_arp(xdev);

	list_add_tail_rcu(&xdev->list, &xn->devs);
	xtcp_rt_genid_bump(net);
	pr_debug("attached to %s\n", dev->name);
	return 0;
}

/* Undo xtcp_dev_attach(): routes, addresses, neighbours, hooks. RTNL. */
static void __xtcp_dev_detach(struct xtcp_dev *xdev)
{
	struct xtcp_neigh_table *tbl = &xtcp_pernet(xdev->net)->neigh;

	xtcp_route_flush_dev(xdev);
	xtcp_addr_flush_dev(xdev);
	xtcp_neigh_table_flush(tbl, xdev);
	list_del_rcu(&xdev->list);

	/*
	 * Both removals wait for in-flight receivers (synchronize_net()), so
	 * no softirq still uses xdev once they return.
	 */
	if (!xdev->noarp)
		dev_remove_pack(&xdev->pt_arp);
	dev_remove_pack(&xdev->pt_ip);
	/* Packets queued by senders that raced with the removal. */
	xtcp_neigh_table_flush(tbl, xdev);

	netdev_put(xdev->dev, &xdev->tracker);
	/* No socket's cached route may keep xdev past the grace period. */
	xtcp_rt_genid_bump(xdev->net);
	/*
	 * RCU readers (the ARP timer, dumps) may still look at xdev. kfree_rcu
	 * runs no code of ours, so it cannot outlive the module text.
	 */
	kfree_rcu(xdev, rcu);
}

/**
 * xtcp_dev_detach() - stop owning a device
 * @net: namespace
 * @dev: device
 * @extack: error reporting
 *
 * Context: RTNL held.
 * Return: 0 or -ENODEV when xtcp is not attached to @dev.
 */
int xtcp_dev_detach(struct net *net, struct net_device *dev,
		    struct netlink_ext_ack *extack)
{
	struct xtcp_dev *xdev;

	ASSERT_RTNL();
	xdev = xtcp_dev_find(net, dev);
	if (!xdev) {
		NL_SET_ERR_MSG(extack, "xtcp is not attached to this device");
		return -ENODEV;
	}
	__xtcp_dev_detach(xdev);
	return 0;
}

/* Namespace exit: detach everything. RTNL. */
void xtcp_dev_detach_all(struct net *net)
{
	struct xtcp_dev *xdev, *tmp;

	list_for_each_entry_safe(xdev, tmp, &xtcp_pernet(net)->devs, list)
		__xtcp_dev_detach(xdev);
}

/**
 * xtcp_link_get_nth() - snapshot the n-th attached device, for dumps
 * @net: namespace
 * @n: index
 * @info: filled on success
 *
 * Return: 0 or -ENOENT past the end.
 */
int xtcp_link_get_nth(struct net *net, unsigned int n,
		      struct xtcp_link_info *info)
{
	struct xtcp_dev *xdev;
	int err = -ENOENT;

	rcu_read_lock();
	list_for_each_entry_rcu(xdev, &xtcp_pernet(net)->devs, list) {
		struct net_device *dev = xdev->dev;

		if (n--)
			continue;
		memset(info, 0, sizeof(*info));
		info->ifindex = dev->ifindex;
		strscpy(info->ifname, dev->name, sizeof(info->ifname));
		info->mtu = READ_ONCE(dev->mtu);
		info->flags = (netif_running(dev) ? XTCP_LINK_F_UP : 0) |
			      (xdev->noarp ? XTCP_LINK_F_NOARP : 0);
		if (dev->addr_len == ETH_ALEN)
			ether_addr_copy(info->lladdr, dev->dev_addr);
		err = 0;
		break;
	}
	rcu_read_unlock();
	return err;
}

/**
 * xtcp_dev_xmit() - put the link header on an IPv4 packet and send it
 * @xdev: output device
 * @skb: packet, data at the IPv4 header; consumed
 * @lladdr: destination link-layer address; ignored by a device without
 *	a link header
 *
 * The link header comes from the device's header_ops, whatever ARP does:
 * an Ethernet device with ARP off still gets an Ethernet header (to
 * dev->broadcast, as ip/output.c sends without ARP); a tun has none.
 *
 * Context: any; RCU read side keeps @xdev alive.
 */
void xtcp_dev_xmit(struct xtcp_dev *xdev, struct sk_buff *skb,
		   const u8 *lladdr)
{
	struct net_device *dev = xdev->dev;

	skb->dev = dev;
	skb->protocol = htons(ETH_P_IP);
	if (skb_cow_head(skb, LL_RESERVED_SPACE(dev)) ||
	    (dev->header_ops &&
	     dev_hard_header(skb, dev, ETH_P_IP, lladdr, dev->dev_addr,
			     skb->len) < 0)) {
		XTCP_INC_STATS(xdev->net, XTCP_MIB_IPOUTDISCARDS);
		kfree_skb(skb);
		return;
	}
	trace_xtcp_dev_xmit(skb, dev);
	dev_queue_xmit(skb);
}

static int xtcp_dev_event(struct notifier_block *nb, unsigned long event,
			  void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct xtcp_dev *xdev;

	xdev = xtcp_dev_find(dev_net(dev), dev);
	if (!xdev)
		return NOTIFY_DONE;

	switch (event) {
	case NETDEV_DOWN:
	case NETDEV_UP:
	case NETDEV_CHANGE:
	case NETDEV_CHANGEMTU:
		/* Routes through it came or went, or its MTU moved. */
		xtcp_rt_genid_bump(xdev->net);
		break;
	}

	switch (event) {
	case NETDEV_DOWN:
		/* Linux drops routes and neighbours through a device going down. */
		xtcp_route_flush_dev_static(xdev);
		xtcp_neigh_flush(xdev->net, dev);
		break;
	case NETDEV_UP:
		/* Flags changed while down raised no NETDEV_CHANGE. */
		if (xtcp_dev_sync_arp(xdev))
			xtcp_neigh_flush(xdev->net, dev);
		xtcp_addr_announce(xdev);
		break;
	case NETDEV_CHANGE:
		/* As arp_netdev_event(): ARP on or off forgets the neighbours. */
		if (xtcp_dev_sync_arp(xdev)) {
			xtcp_neigh_flush(xdev->net, dev);
			xtcp_addr_announce(xdev);
		}
		break;
	case NETDEV_CHANGEADDR:
		xtcp_neigh_flush(xdev->net, dev);
		xtcp_addr_announce(xdev);
		break;
	case NETDEV_UNREGISTER:
		__xtcp_dev_detach(xdev);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block xtcp_dev_notifier = {
	.notifier_call = xtcp_dev_event,
};

int xtcp_dev_register(void)
{
	return register_netdevice_notifier(&xtcp_dev_notifier);
}

void xtcp_dev_unregister(void)
{
	unregister_netdevice_notifier(&xtcp_dev_notifier);
}
