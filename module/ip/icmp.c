// SPDX-License-Identifier: GPL-2.0
/*
 * ICMPv4 (RFC 792): echo replies, destination unreachable out (rate
 * limited), and errors in delivered to the sockets that caused them.
 */
#include <linux/module.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <kunit/visibility.h>

#include "core/core.h"
#include "ip.h"
#include "wire/wire.h"
#include "core/trace.h"

/*
 * Linux's net.ipv4.icmp_msgs_per_sec and icmp_msgs_burst, with their
 * defaults; module-wide here, applied per namespace.
 */
static unsigned int icmp_msgs_per_sec = 1000;
module_param(icmp_msgs_per_sec, uint, 0644);
MODULE_PARM_DESC(icmp_msgs_per_sec,
		 "ICMP errors sent per second and namespace, after the burst");
static unsigned int icmp_msgs_burst = 50;
module_param(icmp_msgs_burst, uint, 0644);
MODULE_PARM_DESC(icmp_msgs_burst, "ICMP errors sent at once per namespace");

/* A token bucket per namespace; true if one more error may be sent. */
static bool xtcp_icmp_allow(struct xtcp_net *xn, unsigned long now)
{
	unsigned int burst = READ_ONCE(icmp_msgs_burst);
	unsigned int rate = READ_ONCE(icmp_msgs_per_sec);
	struct xtcp_icmp_limit *l = &xn->icmp_limit;
	unsigned long delta, refill;
	bool ok = false;

	spin_lock_bh(&l->lock);
	if (!l->stamp) {
		l->stamp = now;
		l->tokens = burst;
	}
	delta = min_t(unsigned long, now - l->stamp, HZ);
	refill = delta * rate / HZ;
	if (refill) {
		l->tokens = min_t(u32, burst, l->tokens + refill);
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
static bool xtcp_icmp_is_error(const struct sk_buff *skb, int off)
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
	unsigned int quote, len;
	int noff, avail;
	struct net *net;
	u8 *buf;

	if (!skb_in->dev)
		return;
	net = dev_net(skb_in->dev);
	xn = xtcp_pernet(net);

	/* The transport has pulled its header: the offset is negative. */
	noff = skb_network_offset(skb_in);
	avail = (int)skb_in->len - noff;
	if (skb_network_header(skb_in) < skb_in->head || avail < XTCP_IPV4_HLEN ||
	    skb_network_header(skb_in) + XTCP_IPV4_HLEN >
	    skb_tail_pointer(skb_in) ||
	    xtcp_ipv4_parse(skb_network_header(skb_in), avail, &ip) ||
	    ip.frag_off || !xtcp_addr_dev(net, cb->daddr) ||
	    xtcp_ip_addr_unanswerable(net, ip.saddr))
		return;
	if (ip.protocol == IPPROTO_ICMP &&
	    xtcp_icmp_is_error(skb_in, noff + ip.hdr_len))
		return;
	if (!xtcp_icmp_allow(xn, jiffies)) {
		XTCP_INC_STATS(net, XTCP_MIB_ICMPOUTRATELIMITED);
		return;
	}

	quote = min_t(unsigned int, avail, XTCP_ICMP_QUOTE_MAX);
	len = XTCP_ICMP_HLEN + quote;
	skb = alloc_skb(XTCP_MAX_HEADER + len, GFP_ATOMIC);
	if (!skb)
		goto out_err;
	skb_reserve(skb, XTCP_MAX_HEADER);
	buf = skb_put(skb, len);
	if (skb_copy_bits(skb_in, noff, buf + XTCP_ICMP_HLEN, quote)) {
		kfree_skb(skb);
		goto out_err;
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
	return;

out_err:
	/* As icmp_push_reply(): the message could not be built. */
	XTCP_INC_STATS(net, XTCP_MIB_ICMPOUTERRORS);
}

/*
 * Answer an echo request. The request may be a reassembled datagram in
 * pieces: its payload is copied, not linearized.
 */
static void xtcp_icmp_echo(struct net *net, struct sk_buff *skb,
			   const struct xtcp_icmp_repr *req)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct xtcp_icmp_repr rep = *req;
	struct xtcp_flow fl = {};
	unsigned int len = skb->len;
	struct sk_buff *out;
	u8 *buf;

	/* Never to a broadcast (RFC 1122 3.2.2); xtcp_ip_rcv() sees to it. */
	if (xtcp_ip_addr_unanswerable(net, cb->saddr))
		return;
	out = alloc_skb(XTCP_MAX_HEADER + len, GFP_ATOMIC);
	if (!out)
		goto out_err;
	skb_reserve(out, XTCP_MAX_HEADER);
	buf = skb_put(out, len);
	if (skb_copy_bits(skb, XTCP_ICMP_HLEN, buf + XTCP_ICMP_HLEN,
			  len - XTCP_ICMP_HLEN)) {
		kfree_skb(out);
		goto out_err;
	}
	rep.type = ICMP_ECHOREPLY;
	rep.code = 0;
	rep.data = buf + XTCP_ICMP_HLEN;
	rep.data_len = len - XTCP_ICMP_HLEN;
	xtcp_icmp_build(&rep, buf, len);

	fl.saddr = cb->daddr;
	fl.daddr = cb->saddr;
	fl.proto = IPPROTO_ICMP;
	fl.tos = cb->tos;
	trace_xtcp_icmp_tx(fl.saddr, fl.daddr, rep.type, rep.code, rep.id,
			   rep.seq);
	XTCP_INC_STATS(net, XTCP_MIB_ICMPOUTMSGS);
	XTCP_INC_STATS(net, XTCP_MIB_ICMPOUTECHOREPS);
	xtcp_ip_output(net, out, &fl);
	return;

out_err:
	XTCP_INC_STATS(net, XTCP_MIB_ICMPOUTERRORS);
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

/*
 * An error about something we sent: tell the transport that sent it. The
 * quote is the sent datagram's header and at least 8 bytes of its payload;
 * its total length and checksum are those of the whole datagram, so only
 * the quote parser may read it.
 */
static void xtcp_icmp_error(struct net *net, const struct xtcp_icmp_repr *icmp)
{
	const struct xtcp_protocol *prot;
	struct xtcp_icmp_err e = {};
	struct xtcp_icmp_quote q;

	if (xtcp_icmp_quote_parse(icmp->data, icmp->data_len, &q) ||
	    !xtcp_addr_dev(net, q.saddr)) {
		XTCP_INC_STATS(net, XTCP_MIB_ICMPINERRORS);
		return;
	}
	/* The path MTU belongs to the destination, whatever the datagram. */
	if (icmp->type == ICMP_DEST_UNREACH && icmp->code == ICMP_FRAG_NEEDED)
		xtcp_ip_pmtu_update(net, q.daddr, icmp->mtu);
	/* A later fragment's quote holds no ports. */
	if (q.frag_off)
		return;
	e.saddr = q.saddr;
	e.daddr = q.daddr;
	memcpy(&e.sport, q.l4, 2);
	memcpy(&e.dport, q.l4 + 2, 2);
	e.type = icmp->type;
	e.code = icmp->code;
	if (icmp->type == ICMP_DEST_UNREACH) {
		e.err = -xtcp_icmp_unreach_errno(icmp->code);
		if (icmp->code == ICMP_FRAG_NEEDED)
			e.info = icmp->mtu;
	} else {
		e.err = EHOSTUNREACH;
	}

	prot = xtcp_protocol_get(q.protocol);
	if (prot && prot->err_handler)
		prot->err_handler(net, &e);
}

/*
 * RFC 1122 3.2.2: ICMP to a broadcast address. Echo and timestamp requests
 * are ignored (Linux's icmp_echo_ignore_broadcasts=1: no amplifier), errors
 * are bogus (3.2.2: never sent to a broadcast), and only the address mask
 * messages may be broadcast. True if the message must be dropped.
 */
static bool xtcp_icmp_bcast_drop(u8 type)
{
	return type != ICMP_ADDRESS && type != ICMP_ADDRESSREPLY;
}

/**
 * xtcp_icmp_rcv() - receive an ICMP message for one of our addresses
 * @skb: message, data at the ICMP header, XTCP_SKB_CB filled; consumed
 *
 * The message may be a reassembled datagram in pieces: the checksum is
 * summed over the skb, the header and a quote's first bytes are copied
 * out, and an echo's payload is copied into the reply.
 *
 * Context: softirq (or BH disabled), RCU read side.
 */
void xtcp_icmp_rcv(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	struct xtcp_net *xn = xtcp_pernet(net);
	u8 head_buf[XTCP_ICMP_HEAD_MAX];
	enum xtcp_drop_reason reason;
	struct xtcp_icmp_repr icmp;
	unsigned int head_len;
	const void *head;

	XTCP_INC_STATS(net, XTCP_MIB_ICMPINMSGS);
	if (skb->len < XTCP_ICMP_HLEN) {
		reason = XTCP_DROP_TRUNCATED;
		goto drop;
	}
	if (csum_fold(skb_checksum(skb, 0, skb->len, 0))) {
		reason = XTCP_DROP_BAD_CSUM;
		goto drop;
	}
	head_len = min_t(unsigned int, skb->len, sizeof(head_buf));
	head = skb_header_pointer(skb, 0, head_len, head_buf);
	if (!head) {
		reason = XTCP_DROP_TRUNCATED;
		goto drop;
	}
	reason = xtcp_icmp_parse_head(head, head_len, &icmp);
	if (reason)
		goto drop;
	trace_xtcp_icmp_rx(XTCP_SKB_CB(skb)->saddr, XTCP_SKB_CB(skb)->daddr,
			   icmp.type, icmp.code, icmp.id, icmp.seq);

	/* xtcp_ip_rcv() let through only our addresses and broadcasts. */
	if (!xtcp_addr_dev(net, XTCP_SKB_CB(skb)->daddr)) {
		if (icmp.type == ICMP_ECHO)
			XTCP_INC_STATS(net, XTCP_MIB_ICMPINECHOS);
		else if (icmp.type == ICMP_DEST_UNREACH)
			XTCP_INC_STATS(net, XTCP_MIB_ICMPINDESTUNREACHS);
		if (xtcp_icmp_bcast_drop(icmp.type)) {
			reason = XTCP_DROP_ICMP_BROADCAST;
			goto drop;
		}
		consume_skb(skb);
		return;
	}

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

const struct xtcp_protocol xtcp_icmp_protocol = {
	.handler	= xtcp_icmp_rcv,
};
EXPORT_SYMBOL_IF_KUNIT(xtcp_icmp_protocol);
