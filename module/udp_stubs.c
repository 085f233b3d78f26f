// SPDX-License-Identifier: GPL-2.0
/*
 * TEMPORARY: DELETE AT MERGE (with its line in Kbuild, its prototype in
 * xtcp.h and its call in udp_proc.c).
 *
 * Stand-ins for the IP layer (addr.c, ip_output.c, icmp.c) that is being
 * written in parallel, so the UDP sockets can be tested end to end before
 * it lands. They model a host that has only a loopback interface:
 *
 * - xtcp_addr_is_local(): 127.0.0.0/8 is local, nothing else.
 * - xtcp_ip_route_output(): 127.0.0.0/8 (and 0.0.0.0, which Linux sends to
 *   127.0.0.1) is local with source 127.0.0.1; 255.255.255.255 is a
 *   broadcast, looped back; 192.0.2.0/24 (TEST-NET-1) fails with
 *   EHOSTUNREACH and everything else with ENETUNREACH, so both errors can
 *   be seen passing through. A source that is not local is EINVAL.
 * - xtcp_ip_output(): routes like the above, pushes a real IPv4 header,
 *   fills XTCP_SKB_CB() and hands the datagram to xtcp_udp_rcv() from a
 *   work item, with BHs off and under rcu_read_lock(), as loopback_xmit()
 *   and netif_rx() would. skb->dev is the namespace's loopback device,
 *   and a namespace reference is held while the datagram is queued.
 * - xtcp_icmp_send(): the offending datagram came from this host, so the
 *   error is reflected straight to xtcp_udp_err(); no rate limit.
 */
#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/workqueue.h>
#include <net/sock.h>

#include "xtcp.h"

struct xtcp_stub_cb {
	struct xtcp_skb_cb	cb;
	struct net		*net;
};

static LIST_HEAD(xtcp_stub_list);
static DEFINE_SPINLOCK(xtcp_stub_lock);

bool xtcp_addr_is_local(struct net *net, __be32 addr)
{
	return ipv4_is_loopback(addr);
}

int xtcp_ip_route_output(struct net *net, struct xtcp_flow *fl,
			 struct xtcp_rt *rt)
{
	memset(rt, 0, sizeof(*rt));
	if (fl->saddr && !xtcp_addr_is_local(net, fl->saddr))
		return -EINVAL;
	if (!fl->daddr)
		fl->daddr = fl->saddr ? : htonl(INADDR_LOOPBACK);
	if (ipv4_is_lbcast(fl->daddr))
		rt->broadcast = true;
	else if (ipv4_is_loopback(fl->daddr))
		rt->local = true;
	else if ((ntohl(fl->daddr) & 0xffffff00) == 0xc0000200)
		return -EHOSTUNREACH;
	else
		return -ENETUNREACH;
	rt->nexthop = fl->daddr;
	rt->saddr = htonl(INADDR_LOOPBACK);
	if (!fl->saddr)
		fl->saddr = rt->saddr;
	return 0;
}

static void xtcp_stub_rx(struct work_struct *work)
{
	struct sk_buff *skb;
	struct net *net;

	for (;;) {
		spin_lock_bh(&xtcp_stub_lock);
		skb = list_first_entry_or_null(&xtcp_stub_list,
					       struct sk_buff, list);
		if (skb)
			skb_list_del_init(skb);
		spin_unlock_bh(&xtcp_stub_lock);
		if (!skb)
			break;

		net = ((struct xtcp_stub_cb *)skb->cb)->net;
		local_bh_disable();
		rcu_read_lock();
		xtcp_udp_rcv(skb);
		rcu_read_unlock();
		local_bh_enable();
		put_net(net);
	}
}

static DECLARE_WORK(xtcp_stub_work, xtcp_stub_rx);

int xtcp_ip_output(struct net *net, struct sk_buff *skb,
		   const struct xtcp_flow *fl)
{
	struct xtcp_flow f = *fl;
	struct xtcp_stub_cb *scb;
	struct xtcp_rt rt;
	struct iphdr *iph;
	int err;

	err = xtcp_ip_route_output(net, &f, &rt);
	if (err) {
		kfree_skb(skb);
		return err;
	}
	skb_orphan(skb);

	iph = skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	memset(iph, 0, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->tos = f.tos;
	iph->tot_len = htons(skb->len);
	iph->ttl = f.ttl ? : XTCP_DEFAULT_TTL;
	iph->protocol = f.proto;
	iph->saddr = f.saddr;
	iph->daddr = f.daddr;
	iph->check = xtcp_csum_buf(iph, sizeof(*iph));
	__skb_pull(skb, sizeof(*iph));

	scb = (struct xtcp_stub_cb *)skb->cb;
	memset(scb, 0, sizeof(*scb));
	scb->cb.saddr = f.saddr;
	scb->cb.daddr = f.daddr;
	scb->cb.iif = net->loopback_dev->ifindex;
	scb->cb.ttl = iph->ttl;
	scb->cb.tos = f.tos;
	scb->net = get_net(net);
	skb->dev = net->loopback_dev;
	skb->pkt_type = rt.broadcast ? PACKET_BROADCAST : PACKET_HOST;

	spin_lock_bh(&xtcp_stub_lock);
	list_add_tail(&skb->list, &xtcp_stub_list);
	spin_unlock_bh(&xtcp_stub_lock);
	schedule_work(&xtcp_stub_work);
	return 0;
}

void xtcp_icmp_send(struct sk_buff *skb_in, u8 type, u8 code, u32 info)
{
	const struct iphdr *iph = ip_hdr(skb_in);
	const struct udphdr *uh;
	struct xtcp_icmp_err e = {
		.type	= type,
		.code	= code,
		.info	= info,
		.err	= EHOSTUNREACH,
	};

	if (iph->protocol != IPPROTO_UDP)
		return;
	uh = (const struct udphdr *)((const u8 *)iph + iph->ihl * 4);
	e.saddr = iph->saddr;
	e.daddr = iph->daddr;
	e.sport = uh->source;
	e.dport = uh->dest;
	if (type == ICMP_DEST_UNREACH && code == ICMP_PORT_UNREACH)
		e.err = ECONNREFUSED;
	xtcp_udp_err(dev_net(skb_in->dev), &e);
}

/* Called from xtcp_udp_net_exit(): nothing may stay queued at unload. */
void xtcp_udp_stub_flush(void)
{
	flush_work(&xtcp_stub_work);
}
