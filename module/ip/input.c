// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 receive: validate, reassemble, deliver to ICMP or UDP.
 *
 * Every check is done on bytes that pskb_may_pull() has made linear, by the
 * pure parser in wire/ipv4.c; nothing here trusts a length it has not
 * checked. Bad packets are dropped and counted by reason.
 */
#include <linux/inetdevice.h>
#include <linux/skbuff.h>
#include <net/ip.h>

#include "core/core.h"
#include "ip.h"
#include "wire/wire.h"
#include "core/trace.h"

/*
 * Put a fresh header in front of a reassembled datagram so ICMP errors can
 * quote it and the transport sees the usual network header.
 */
static struct sk_buff *xtcp_ip_reasm_header(struct sk_buff *skb,
					    struct xtcp_ipv4_repr *ip)
{
	unsigned int plen = skb->len;

	if (skb_cow_head(skb, XTCP_IPV4_HLEN)) {
		kfree_skb(skb);
		return NULL;
	}
	ip->hdr_len = XTCP_IPV4_HLEN;
	ip->total_len = XTCP_IPV4_HLEN + plen;
	ip->mf = false;
	ip->frag_off = 0;
	xtcp_ipv4_build(ip, skb_push(skb, XTCP_IPV4_HLEN), XTCP_IPV4_HLEN);
	skb_reset_network_header(skb);
	__skb_pull(skb, XTCP_IPV4_HLEN);
	skb_reset_transport_header(skb);
	return skb;
}

static void xtcp_ip_deliver(struct net *net, struct sk_buff *skb, u8 proto)
{
	const struct xtcp_protocol *prot = xtcp_protocol_get(proto);

	if (prot) {
		XTCP_INC_STATS(net, XTCP_MIB_IPINDELIVERS);
		prot->handler(skb);
		return;
	}
	XTCP_INC_STATS(net, XTCP_MIB_IPINUNKNOWNPROTOS);
	xtcp_icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0);
	xtcp_drop_count(xtcp_pernet(net), XTCP_LAYER_IP,
			XTCP_DROP_UNKNOWN_PROTO, skb);
	kfree_skb(skb);
}

/* 0.0.0.0/8, "this network" (RFC 1122 3.2.1.3 (a), (b)). */
static bool xtcp_ip_is_this_net(__be32 addr)
{
	return (addr & htonl(0xff000000)) == 0;
}

/**
 * xtcp_ip_addr_unanswerable() - is @addr nobody's unicast address?
 * @net: namespace
 * @addr: address
 *
 * True for 0.0.0.0/8, multicast, the limited broadcast and the directed
 * broadcast of any of the namespace's xtcp subnets: the addresses RFC 1122
 * 3.2.1.3 forbids as a source, and 3.2.2 as the destination of an ICMP
 * error (and Linux of an echo reply).
 *
 * Context: RCU read side.
 */
bool xtcp_ip_addr_unanswerable(struct net *net, __be32 addr)
{
	struct xtcp_dev *xdev;

	if (xtcp_ip_is_this_net(addr) || ipv4_is_multicast(addr) ||
	    ipv4_is_lbcast(addr))
		return true;
	list_for_each_entry_rcu(xdev, &xtcp_pernet(net)->devs, list)
		if (xtcp_addr_is_broadcast(xdev, addr))
			return true;
	return false;
}

/*
 * A source address no packet from the wire may carry: the checks of
 * Linux's ip_route_input_slow() and fib_validate_source(), but for all of
 * 0.0.0.0/8 as RFC 1122 3.2.1.3 has it (Linux 6.1 refuses only 0.0.0.0).
 * 0.0.0.0/8 may send to the limited broadcast, as a host that has no
 * address yet does.
 */
static bool xtcp_ip_martian_src(struct net *net, __be32 saddr, __be32 daddr)
{
	if (xtcp_ip_is_this_net(saddr))
		return !ipv4_is_lbcast(daddr);
	return ipv4_is_loopback(saddr) ||
	       xtcp_ip_addr_unanswerable(net, saddr) ||
	       xtcp_addr_dev(net, saddr);
}

static int __xtcp_ip_rcv(struct xtcp_dev *xdev, struct sk_buff *skb,
			 bool local)
{
	struct net *net = xdev->net;
	struct xtcp_net *xn = xtcp_pernet(net);
	enum xtcp_drop_reason reason;
	struct xtcp_ipv4_repr ip;
	unsigned int hlen;

	XTCP_INC_STATS(net, XTCP_MIB_IPINRECEIVES);

	if (!pskb_may_pull(skb, XTCP_IPV4_HLEN)) {
		reason = XTCP_DROP_TRUNCATED;
		goto hdr_error;
	}
	hlen = (skb->data[0] & 0x0f) * 4;
	if (hlen > XTCP_IPV4_HLEN && !pskb_may_pull(skb, hlen)) {
		reason = XTCP_DROP_BAD_IHL;
		goto hdr_error;
	}
	/*
	 * The parser reads only the header, which is linear now; it gets the
	 * whole length to check the total length field against.
	 */
	reason = xtcp_ipv4_parse(skb->data, skb->len, &ip);
	if (reason)
		goto hdr_error;
	trace_xtcp_ip_rx(skb->dev, ip.saddr, ip.daddr, ip.protocol,
			 ip.total_len, ip.id);

	/* Link-layer padding goes; the checksum state stays coherent. */
	if (pskb_trim_rcsum(skb, ip.total_len)) {
		/* As ip_rcv_core(): no memory to trim is a discard. */
		XTCP_INC_STATS(net, XTCP_MIB_IPINDISCARDS);
		reason = XTCP_DROP_NOMEM;
		goto drop;
	}
	skb_reset_network_header(skb);

	/* Our own loop carries our own addresses; the wire must not. */
	if (!local && xtcp_ip_martian_src(net, ip.saddr, ip.daddr)) {
		reason = XTCP_DROP_MARTIAN_SRC;
		goto addr_error;
	}
	if (!xtcp_addr_dev(net, ip.daddr) &&
	    !xtcp_addr_is_broadcast(xdev, ip.daddr)) {
		/* No forwarding: not ours means not wanted. */
		reason = XTCP_DROP_NOT_FOR_US;
		goto addr_error;
	}

	__skb_pull(skb, ip.hdr_len);
	skb_reset_transport_header(skb);

	if (xtcp_ipv4_is_fragment(&ip)) {
		/* The engine keeps its own state in skb->cb while queued. */
		skb = xtcp_ip_defrag(xn, skb, &ip);
		if (!skb)
			return NET_RX_SUCCESS;	/* queued, or counted and dropped */
		skb = xtcp_ip_reasm_header(skb, &ip);
		if (!skb) {
			XTCP_INC_STATS(net, XTCP_MIB_IPINDISCARDS);
			return NET_RX_DROP;
		}
	}

	memset(XTCP_SKB_CB(skb), 0, sizeof(struct xtcp_skb_cb));
	XTCP_SKB_CB(skb)->saddr = ip.saddr;
	XTCP_SKB_CB(skb)->daddr = ip.daddr;
	XTCP_SKB_CB(skb)->iif = skb->dev ? skb->dev->ifindex : 0;
	XTCP_SKB_CB(skb)->ttl = ip.ttl;
	XTCP_SKB_CB(skb)->tos = ip.tos;

	xtcp_ip_deliver(net, skb, ip.protocol);
	return NET_RX_SUCCESS;

hdr_error:
	XTCP_INC_STATS(net, XTCP_MIB_IPINHDRERRORS);
	goto drop;
addr_error:
	XTCP_INC_STATS(net, XTCP_MIB_IPINADDRERRORS);
drop:
	xtcp_drop_count(xn, XTCP_LAYER_IP, reason, skb);
	kfree_skb(skb);
	return NET_RX_DROP;
}

/**
 * xtcp_ip_rcv() - receive an IPv4 packet on an attached device
 * @xdev: device it arrived on
 * @skb: packet, data at the IPv4 header, not shared; consumed
 *
 * Context: softirq (or BH disabled), RCU read side.
 * Return: NET_RX_SUCCESS or NET_RX_DROP.
 */
int xtcp_ip_rcv(struct xtcp_dev *xdev, struct sk_buff *skb)
{
	return __xtcp_ip_rcv(xdev, skb, false);
}

/**
 * xtcp_ip_local_rcv() - receive a packet we sent to one of our addresses
 * @xdev: device holding the destination address
 * @skb: packet from the local loop, data at the IPv4 header; consumed
 *
 * As xtcp_ip_rcv(), but the source is ours, so it is no martian.
 *
 * Context: BH disabled, RCU read side.
 * Return: NET_RX_SUCCESS or NET_RX_DROP.
 */
int xtcp_ip_local_rcv(struct xtcp_dev *xdev, struct sk_buff *skb)
{
	return __xtcp_ip_rcv(xdev, skb, true);
}

/**
 * xtcp_ip_defrag() - hand a fragment to the namespace's reassembly
 * @xn: namespace state
 * @skb: fragment, data at its payload; consumed
 * @ip: its parsed header
 *
 * Return: the whole datagram's payload once complete (without a header),
 * or NULL while it is not (the fragment is queued or dropped and counted).
 */
struct sk_buff *xtcp_ip_defrag(struct xtcp_net *xn, struct sk_buff *skb,
			       struct xtcp_ipv4_repr *ip)
{
	struct xtcp_frag_key key = {
		.saddr		= ip->saddr,
		.daddr		= ip->daddr,
		.id		= htons(ip->id),
		.protocol	= ip->protocol,
	};

	return xtcp_frag_rcv(xn->net, skb, &key, ip->frag_off,
			     xtcp_ipv4_payload_len(ip), ip->mf);
}
