// SPDX-License-Identifier: GPL-2.0
/*
 * UDP receive: datagrams handed up by the IP layer, and ICMP errors about
 * datagrams we sent.
 *
 * Both run in softirq under rcu_read_lock() and find sockets with
 * __xtcp_udp_lookup() without taking a reference (hashed sockets are
 * SOCK_RCU_FREE).
 *
 * Broadcast (and multicast, which xtcp has no group membership for) goes
 * to every socket whose binding matches, each getting a clone, as
 * __udp4_lib_mcast_deliver() does; with no taker it is dropped silently
 * and counted as UdpIgnoredMulti, never answered with an ICMP error.
 */
#include <linux/icmp.h>
#include <linux/ip.h>
#include <net/icmp.h>
#include <net/sock.h>
#include <kunit/visibility.h>

#include "core/core.h"
#include "core/trace.h"
#include "udp.h"

/* Queue a datagram whose data starts at the payload; consumes @skb. */
static void xtcp_udp_queue_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct net *net = sock_net(sk);
	int rc;

	rc = sock_queue_rcv_skb(sk, skb);
	if (!rc)
		return;
	/* The rcvbuf and memory-schedule failures count sk_drops already. */
	if (rc == -ENOMEM)
		XTCP_INC_STATS(net, XTCP_MIB_UDPRCVBUFERRORS);
	else if (rc != -ENOBUFS)
		atomic_inc(&sk->sk_drops);
	XTCP_INC_STATS(net, XTCP_MIB_UDPINERRORS);
	kfree_skb(skb);
}

static void xtcp_udp_deliver_all(struct net *net, struct sk_buff *skb,
				 const struct xtcp_udp_ends *pkt)
{
	struct xtcp_udp_table *t = &xtcp_pernet(net)->udp;
	struct xtcp_udp_ends e;
	struct sk_buff *nskb;
	struct sock *sk;
	bool taken = false;

	__skb_pull(skb, sizeof(struct udphdr));
	sk_for_each_rcu(sk, &t->slots[ntohs(pkt->lport) &
				      (XTCP_UDP_HASH_SIZE - 1)]) {
		xtcp_udp_sk_ends(sk, &e);
		if (xtcp_udp_score(&e, pkt) < 0)
			continue;
		taken = true;
		nskb = skb_clone(skb, GFP_ATOMIC);
		if (!nskb) {
			atomic_inc(&sk->sk_drops);
			XTCP_INC_STATS(net, XTCP_MIB_UDPRCVBUFERRORS);
			XTCP_INC_STATS(net, XTCP_MIB_UDPINERRORS);
			continue;
		}
		xtcp_udp_queue_rcv(sk, nskb);
	}
	if (!taken)
		XTCP_INC_STATS(net, XTCP_MIB_UDPIGNOREDMULTI);
	consume_skb(skb);
}

static bool xtcp_udp_skb_csum_ok(struct sk_buff *skb, u16 ulen)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	__wsum sum;

	if (!udp_hdr(skb)->check)
		return true;	/* the sender computed none (RFC 768) */
	/* Verified by the device, or built locally and never on a wire. */
	if (skb_csum_unnecessary(skb))
		return true;
	sum = xtcp_csum_skb(skb, 0, ulen, 0);
	sum = xtcp_csum_pseudo(cb->saddr, cb->daddr, IPPROTO_UDP, ulen, sum);
	return !xtcp_csum_fold(sum);
}

/**
 * xtcp_udp_rcv() - a UDP datagram for this host
 * @skb: skb->data at the UDP header, the network header at the IPv4
 *	header, XTCP_SKB_CB() filled, skb->dev the receiving device;
 *	consumed
 *
 * Checks the length field (trailing bytes beyond it are trimmed) and the
 * checksum, then queues the payload on the matching socket. Without one,
 * answers port unreachable (xtcp_icmp_send() rate-limits).
 *
 * Context: softirq, rcu_read_lock().
 */
void xtcp_udp_rcv(struct sk_buff *skb)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct net *net = dev_net(skb->dev);
	struct xtcp_udp_ends pkt;
	struct udphdr *uh;
	struct sock *sk;
	u16 ulen;

	BUILD_BUG_ON(sizeof(struct xtcp_skb_cb) > SOCK_SKB_CB_OFFSET);

	if (!pskb_may_pull(skb, sizeof(*uh)))
		goto bad;
	skb_reset_transport_header(skb);
	ulen = ntohs(udp_hdr(skb)->len);
	if (ulen < sizeof(*uh) || ulen > skb->len)
		goto bad;
	if (pskb_trim_rcsum(skb, ulen))
		goto bad;
	if (!xtcp_udp_skb_csum_ok(skb, ulen)) {
		XTCP_INC_STATS(net, XTCP_MIB_UDPINCSUMERRORS);
		goto bad;
	}

	uh = udp_hdr(skb);
	trace_xtcp_udp_rx(cb->saddr, uh->source, cb->daddr, uh->dest, ulen);
	pkt.laddr = cb->daddr;
	pkt.lport = uh->dest;
	pkt.raddr = cb->saddr;
	pkt.rport = uh->source;
	pkt.ifindex = cb->iif;

	if (ipv4_is_lbcast(cb->daddr) || ipv4_is_multicast(cb->daddr) ||
	    skb->pkt_type == PACKET_BROADCAST ||
	    skb->pkt_type == PACKET_MULTICAST) {
		xtcp_udp_deliver_all(net, skb, &pkt);
		return;
	}

	sk = __xtcp_udp_lookup(net, &pkt);
	if (sk) {
		__skb_pull(skb, sizeof(*uh));
		xtcp_udp_queue_rcv(sk, skb);
		return;
	}

	XTCP_INC_STATS(net, XTCP_MIB_UDPNOPORTS);
	xtcp_icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
	kfree_skb_reason(skb, SKB_DROP_REASON_NO_SOCKET);
	return;

bad:
	XTCP_INC_STATS(net, XTCP_MIB_UDPINERRORS);
	kfree_skb(skb);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_udp_rcv);

/**
 * xtcp_udp_err_is_hard() - does an ICMP error break a connected socket?
 * @type: ICMP type
 * @code: ICMP code
 * @pmtudisc: the socket's IP_MTU_DISCOVER
 *
 * The classification of __udp4_lib_err() for a socket without IP_RECVERR:
 * the "fatal" column of icmp_err_convert[] for destination unreachable,
 * and parameter problems. Time exceeded and the rest are soft.
 * "Fragmentation needed" is hard (EMSGSIZE) for every socket but one with
 * IP_PMTUDISC_DONT, which may send without DF and ignores it: the default,
 * IP_PMTUDISC_WANT, hears it too.
 *
 * Return: true if the error is reported through sk_err.
 */
VISIBLE_IF_KUNIT bool xtcp_udp_err_is_hard(u8 type, u8 code, u8 pmtudisc)
{
	switch (type) {
	case ICMP_DEST_UNREACH:
		if (code == ICMP_FRAG_NEEDED)
			return pmtudisc != IP_PMTUDISC_DONT;
		return code <= NR_ICMP_UNREACH && icmp_err_convert[code].fatal;
	case ICMP_PARAMETERPROB:
		return true;
	default:
		return false;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_udp_err_is_hard);

/**
 * xtcp_udp_err() - an ICMP error quoting a datagram we sent
 * @net: namespace the error arrived in
 * @e: the quoted addresses and ports, and the errno to report
 *
 * Like Linux without IP_RECVERR: only a connected socket hears about hard
 * errors, through sk_err, so its next send or receive fails once with
 * e->err (ECONNREFUSED for port unreachable). Others ignore it.
 *
 * Context: softirq, rcu_read_lock().
 */
void xtcp_udp_err(struct net *net, const struct xtcp_icmp_err *e)
{
	struct xtcp_udp_ends pkt = {
		.laddr	= e->saddr,
		.lport	= e->sport,
		.raddr	= e->daddr,
		.rport	= e->dport,
	};
	struct sock *sk;

	sk = __xtcp_udp_lookup(net, &pkt);
	if (!sk || !e->err ||
	    !xtcp_udp_err_is_hard(e->type, e->code,
				  READ_ONCE(xtcp_sk(sk)->inet.pmtudisc)))
		return;
	if (READ_ONCE(sk->sk_state) != TCP_ESTABLISHED)
		return;
	WRITE_ONCE(sk->sk_err, e->err);
	sk_error_report(sk);
}

const struct xtcp_protocol xtcp_udp_protocol = {
	.handler	= xtcp_udp_rcv,
	.err_handler	= xtcp_udp_err,
};
EXPORT_SYMBOL_IF_KUNIT(xtcp_udp_protocol);
