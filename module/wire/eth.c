// SPDX-License-Identifier: GPL-2.0
/*
 * Ethernet II header: destination, source, EtherType. No 802.1Q tags and
 * no frame check sequence; the driver strips and checks that.
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <asm/byteorder.h>
#include <kunit/visibility.h>

#include "wire.h"

/**
 * xtcp_eth_parse() - parse an Ethernet II header
 * @buf: the frame
 * @len: bytes available at @buf
 * @r: filled on success, untouched on failure
 *
 * Return: XTCP_DROP_NONE, or XTCP_DROP_TRUNCATED when @len is shorter
 * than the header. The payload starts XTCP_ETH_HLEN bytes into @buf.
 */
enum xtcp_drop_reason xtcp_eth_parse(const void *buf, size_t len,
				     struct xtcp_eth_repr *r)
{
	const struct xtcp_eth_hdr *h = buf;

	BUILD_BUG_ON(sizeof(*h) != XTCP_ETH_HLEN);
	if (len < sizeof(*h))
		return XTCP_DROP_TRUNCATED;

	memcpy(r->dst, h->dst, ETH_ALEN);
	memcpy(r->src, h->src, ETH_ALEN);
	r->ethertype = be16_to_cpu(h->type);
	return XTCP_DROP_NONE;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_eth_parse);

/**
 * xtcp_eth_build() - write an Ethernet II header
 * @r: the header
 * @buf: where to write it
 * @len: bytes available at @buf
 *
 * Return: XTCP_ETH_HLEN, or -ENOSPC when @len is shorter than that.
 */
int xtcp_eth_build(const struct xtcp_eth_repr *r, void *buf, size_t len)
{
	struct xtcp_eth_hdr *h = buf;

	if (len < sizeof(*h))
		return -ENOSPC;

	memcpy(h->dst, r->dst, ETH_ALEN);
	memcpy(h->src, r->src, ETH_ALEN);
	h->type = cpu_to_be16(r->ethertype);
	return sizeof(*h);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_eth_build);
