// SPDX-License-Identifier: GPL-2.0
/*
 * ARP (RFC 826) for IPv4 over Ethernet, the only pairing xtcp speaks:
 * anything else is rejected by its hardware or protocol type and length.
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <asm/byteorder.h>
#include <kunit/visibility.h>

#include "wire.h"

/**
 * xtcp_arp_parse() - parse an Ethernet/IPv4 ARP request or reply
 * @buf: the ARP packet (the Ethernet payload)
 * @len: bytes available at @buf; Ethernet padding after the packet is fine
 * @r: filled on success, untouched on failure
 *
 * Return: XTCP_DROP_NONE; XTCP_DROP_TRUNCATED when @len is shorter than
 * XTCP_ARP_LEN; XTCP_DROP_ARP_BAD_HW, XTCP_DROP_ARP_BAD_PROTO when the
 * hardware or protocol type or length is not Ethernet or IPv4;
 * XTCP_DROP_ARP_BAD_OP when the operation is neither request nor reply.
 */
enum xtcp_drop_reason xtcp_arp_parse(const void *buf, size_t len,
				     struct xtcp_arp_repr *r)
{
	const struct xtcp_arp_hdr *h = buf;
	u16 op;

	BUILD_BUG_ON(sizeof(*h) != XTCP_ARP_LEN);
	if (len < sizeof(*h))
		return XTCP_DROP_TRUNCATED;
	if (h->htype != htons(ARPHRD_ETHER) || h->hlen != ETH_ALEN)
		return XTCP_DROP_ARP_BAD_HW;
	if (h->ptype != htons(ETH_P_IP) || h->plen != sizeof(__be32))
		return XTCP_DROP_ARP_BAD_PROTO;
	op = be16_to_cpu(h->op);
	if (op != ARPOP_REQUEST && op != ARPOP_REPLY)
		return XTCP_DROP_ARP_BAD_OP;

	r->op = op;
	memcpy(r->sha, h->sha, ETH_ALEN);
	r->spa = h->spa;
	memcpy(r->tha, h->tha, ETH_ALEN);
	r->tpa = h->tpa;
	return XTCP_DROP_NONE;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_arp_parse);

/**
 * xtcp_arp_build() - write an Ethernet/IPv4 ARP packet
 * @r: the packet; @r->op is written as given
 * @buf: where to write it
 * @len: bytes available at @buf
 *
 * Return: XTCP_ARP_LEN, or -ENOSPC when @len is shorter than that.
 */
int xtcp_arp_build(const struct xtcp_arp_repr *r, void *buf, size_t len)
{
	struct xtcp_arp_hdr *h = buf;

	if (len < sizeof(*h))
		return -ENOSPC;

	h->htype = htons(ARPHRD_ETHER);
	h->ptype = htons(ETH_P_IP);
	h->hlen = ETH_ALEN;
	h->plen = sizeof(__be32);
	h->op = cpu_to_be16(r->op);
	memcpy(h->sha, r->sha, ETH_ALEN);
	h->spa = r->spa;
	memcpy(h->tha, r->tha, ETH_ALEN);
	h->tpa = r->tpa;
	return sizeof(*h);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_arp_build);
