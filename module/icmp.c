// SPDX-License-Identifier: GPL-2.0
/*
 * ICMPv4 (RFC 792): echo replies, destination unreachable out (rate
 * limited), and errors in delivered to the sockets that caused them.
 */
#include <linux/skbuff.h>
#include <net/ip.h>

#include "xtcp.h"
#include "wire/wire.h"
#include "trace.h"

/* Linux's defaults: net.ipv4.icmp_msgs_per_sec and icmp_msgs_burst. */
#define XTCP_ICMP_MSGS_PER_SEC	1000
#define XTCP_ICMP_MSGS_BURST	50

/* A token bucket per namespace; true if one more error may be sent. */
static bool xtcp_icmp_allow(struct xtcp_net *xn, unsigned long now)
{
	struct xtcp_icmp_limit *l = &xn->icmp_limit;
	unsigned long delta, refill;
	bool ok = false;

	spin_lock_bh(&l->lock);
	if (!l->stamp) {
		l->stamp = now;
		l->tokens = XTCP_ICMP_MSGS_BURST;
	}
	delta = min_t(unsigned long, now - l->stamp, HZ);
	refill = delta * XTCP_ICMP_MSGS_PER_SEC / HZ;
	if (refill) {
		l->tokens = min_t(u32, XTCP_ICMP_MSGS_BURST, l->tokens + refill);
		l->stamp = now;
	}
	if (l->tokens) {
		l->tokens--;
		ok = true;
	}
	spin_unlock_bh(&l->lock);
	return ok;
}

/* Is the quoted packet itself an ICMP error? Never answer one with one. */
static bool xtcp_icmp_is_error(const struct sk_buff *skb, unsigned int off)
{
	u8 type;

	if (skb_copy_bits(skb, off, &type, 1))
		return true;
	return type != ICMP_ECHO && type != ICMP_ECHOREPLY &&
	       type != ICMP_TIMESTAMP && type != ICMP_TIMESTAMPREPLY &&
	       type != ICMP_INFO_REQUEST && type != ICMP_INFO_REPLY &&
	       type != ICMP_ADDRESS && type != ICMP_ADDRESSREPLY;
}

/**
 * xtcp_icmp_send() - send an ICMP error about a received packet
 * @skb_in: the offending packet; its network header must be set. Not
 *	consumed.
 * @type: ICMP type (ICMP_DEST_UNREACH, ICMP_TIME_EXCEEDED, ...)
 * @code: ICMP code
 * @info: next-hop MTU for ICMP_FRAG_NEEDED, else 0
 *
 * Follows RFC 1122 3.2.2: nothing about ICMP errors, non-first fragments,
 * broadcasts or packets from addresses that cannot be answered; rate
 * limited per namespace.
 */
void xtcp_icmp_send(struct sk_buff *skb_in, u8 type, u8 code, u32 info)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb_in);
	struct xtcp_ipv4_repr ip;
	struct xtcp_icmp_repr icmp;
	struct xtcp_flow fl = {};
	struct sk_buff *skb;
	struct xtcp_net *xn;
	unsigned int noff, quote, len;
	struct net *net;
	u8 *buf;

	if (!skb_in->dev)
		return;
	net = dev_net(skb_in->dev);
	xn = xtcp_pernet(net);

	noff = skb_network_offset(skb_in);
	if (skb_network_header(skb_in) < skb_in->head ||
	    (int)(skb_in->len - noff) < XTCP_IPV4_HLEN ||
	    xtcp_ipv4_parse(skb_network_header(skb_in), skb_in->len - noff, &ip) ||
	    ip.frag_off || ipv4_is_zeronet(ip.saddr) ||
	    ipv4_is_multicast(ip.saddr) || ipv4_is_lbcast(ip.saddr) ||
	    ipv4_is_multicast(ip.daddr) || ipv4_is_lbcast(ip.daddr) ||
	    !xtcp_addr_dev(net, cb->daddr))
		return;
	if (ip.protocol == IPPROTO_ICMP &&
	    xtcp_icmp_is_error(skb_in, noff + ip.hdr_len))
		return;
	if (!xtcp_icmp_allow(xn, jiffies)) {
		XTCP_INC_STATS(net, XTCP_MIB_ICMPOUTRATELIMITED);
		return;
	}

	quote = min_t(unsigned int, skb_in->len - noff, XTCP_ICMP_QUOTE_MAX);
	len = XTCP_ICMP_HLEN + quote;
	skb = alloc_skb(XTCP_MAX_HEADER + len, GFP_ATOMIC);
	if (!skb)
		return;
	skb_reserve(skb, XTCP_MAX_HEADER);
	buf = skb_put(skb, len);
	if (skb_copy_bits(skb_in, noff, buf + XTCP_ICMP_HLEN, quote)) {
		kfree_skb(skb);
		return;
	}
	memset(&icmp, 0, sizeof(icmp));
	icmp.type = type;
	icmp.code = code;
	icmp.mtu = type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED ? info : 0;
	icmp.data = buf + XTCP_ICMP_HLEN;
	icmp.data_len = quote;
	xtcp_icmp_build(&icmp, buf, len);

	fl.saddr = cb->daddr;
	fl.daddr = ip.saddr;
	fl.proto = IPPROTO_ICMP;
	fl.tos = (ip.tos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL;
	trace_xtcp_icmp_tx(fl.saddr, fl.daddr, type, code, 0, 0);
	XTCP_INC_STATS(net, XTCP_MIB_ICMPOUTMSGS);
	if (type == ICMP_DEST_UNREACH)
		XTCP_INC_STATS(net, XTCP_MIB_ICMPOUTDESTUNREACHS);
	xtcp_ip_output(net, skb, &fl);
}

static void xtcp_icmp_echo(struct net *net, struct sk_buff *skb,
			   const struct xtcp_icmp_repr *req)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct xtcp_icmp_repr rep = *req;
	struct xtcp_flow fl = {};
	unsigned int len = XTCP_ICMP_HLEN + req->data_len;
	struct sk_buff *out;

	/* RFC 1122 3.2.2.6 permits ignoring echoes to broadcast; Linux does. */
	if (!xtcp_addr_dev(net, cb->daddr)) {
		XTCP_INC_STATS(net, XTCP_MIB_ICMPINIGNORED);
		return;
	}
	out = alloc_skb(XTCP_MAX_HEADER + len, GFP_ATOMIC);
	if (!out)
		return;
	skb_reserve(out, XTCP_MAX_HEADER);
	rep.type = ICMP_ECHOREPLY;
	rep.code = 0;
	xtcp_icmp_build(&rep, skb_put(out, len), len);

	fl.saddr = cb->daddr;
	fl.daddr = cb->saddr;
	fl.proto = IPPROTO_ICMP;
	fl.tos = cb->tos;
	trace_xtcp_icmp_tx(fl.saddr, fl.daddr, rep.type, rep.code, rep.id,
			   rep.seq);
	XTCP_INC_STATS(net, XTCP_MIB_ICMPOUTMSGS);
	XTCP_INC_STATS(net, XTCP_MIB_ICMPOUTECHOREPS);
	xtcp_ip_output(net, out, &fl);
}

/* The errno a socket sees for a destination unreachable code (negative). */
static int xtcp_icmp_unreach_errno(u8 code)
{
	switch (code) {
	case ICMP_NET_UNREACH:
	case ICMP_NET_UNKNOWN:
		return -ENETUNREACH;
	case ICMP_PROT_UNREACH:
		return -ENOPROTOOPT;
	case ICMP_PORT_UNREACH:
		return -ECONNREFUSED;
	case ICMP_FRAG_NEEDED:
		return -EMSGSIZE;
	case ICMP_SR_FAILED:
		return -EOPNOTSUPP;
	case ICMP_NET_ANO:
	case ICMP_HOST_ANO:
	case ICMP_PKT_FILTERED:
		return -EACCES;
	default:
		return -EHOSTUNREACH;
	}
}

/* An error about something we sent: tell the transport that sent it. */
static void xtcp_icmp_error(struct net *net, const struct xtcp_icmp_repr *icmp)
{
	struct xtcp_icmp_err e = {};
	struct xtcp_ipv4_repr q;

	if (icmp->data_len < XTCP_ICMP_QUOTE_MIN ||
	    xtcp_ipv4_parse(icmp->data, icmp->data_len, &q) == XTCP_DROP_BAD_IHL ||
	    icmp->data_len < q.hdr_len + 4 || !xtcp_addr_dev(net, q.saddr)) {
		XTCP_INC_STATS(net, XTCP_MIB_ICMPINERRORS);
		return;
	}
	e.saddr = q.saddr;
	e.daddr = q.daddr;
	memcpy(&e.sport, icmp->data + q.hdr_len, 2);
	memcpy(&e.dport, icmp->data + q.hdr_len + 2, 2);
	e.type = icmp->type;
	e.code = icmp->code;
	if (icmp->type == ICMP_DEST_UNREACH) {
		e.err = -xtcp_icmp_unreach_errno(icmp->code);
		if (icmp->code == ICMP_FRAG_NEEDED)
			e.info = icmp->mtu;
	} else {
		e.err = EHOSTUNREACH;
	}

	switch (q.protocol) {
	case IPPROTO_UDP:
		xtcp_udp_err(net, &e);
		break;
	default:
		break;
	}
}

/**
 * xtcp_icmp_rcv() - receive an ICMP message for one of our addresses
 * @skb: message, data at the ICMP header, XTCP_SKB_CB filled; consumed
 *
 * Context: softirq (or BH disabled), RCU read side.
 */
void xtcp_icmp_rcv(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	struct xtcp_net *xn = xtcp_pernet(net);
	enum xtcp_drop_reason reason;
	struct xtcp_icmp_repr icmp;

	XTCP_INC_STATS(net, XTCP_MIB_ICMPINMSGS);
	/* Messages are small but for echoes; one linear buffer is simplest. */
	if (skb_linearize(skb)) {
		reason = XTCP_DROP_NOMEM;
		goto drop;
	}
	reason = xtcp_icmp_parse(skb->data, skb->len, &icmp);
	if (reason)
		goto drop;
	trace_xtcp_icmp_rx(XTCP_SKB_CB(skb)->saddr, XTCP_SKB_CB(skb)->daddr,
			   icmp.type, icmp.code, icmp.id, icmp.seq);

	switch (icmp.type) {
	case ICMP_ECHO:
		XTCP_INC_STATS(net, XTCP_MIB_ICMPINECHOS);
		xtcp_icmp_echo(net, skb, &icmp);
		break;
	case ICMP_DEST_UNREACH:
		XTCP_INC_STATS(net, XTCP_MIB_ICMPINDESTUNREACHS);
		xtcp_icmp_error(net, &icmp);
		break;
	case ICMP_TIME_EXCEEDED:
		xtcp_icmp_error(net, &icmp);
		break;
	default:
		break;
	}
	consume_skb(skb);
	return;

drop:
	XTCP_INC_STATS(net, XTCP_MIB_ICMPINERRORS);
	xtcp_drop_count(xn, XTCP_LAYER_ICMP, reason, skb);
	kfree_skb(skb);
}
