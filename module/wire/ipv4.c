// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 header (RFC 791). Options are skipped, not interpreted, but they are
 * part of the header checksum. Build writes a 20-byte header, no options.
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <asm/byteorder.h>
#include <kunit/visibility.h>

#include "csum.h"
#include "wire.h"

/**
 * xtcp_ipv4_parse() - parse and verify an IPv4 header
 * @buf: the datagram
 * @len: bytes available at @buf; may exceed the total length (link padding)
 * @r: filled on success, untouched on failure
 *
 * Checks, in order: the buffer holds a minimal header, the version is 4,
 * the header length is at least 20 and within the buffer, the total
 * length covers the header and is within the buffer, and the header
 * checksum (options included) verifies.
 *
 * Return: XTCP_DROP_NONE, or XTCP_DROP_TRUNCATED, XTCP_DROP_BAD_VERSION,
 * XTCP_DROP_BAD_IHL, XTCP_DROP_BAD_TOTLEN, XTCP_DROP_BAD_CSUM.
 */
enum xtcp_drop_reason xtcp_ipv4_parse(const void *buf, size_t len,
				      struct xtcp_ipv4_repr *r)
{
	const struct xtcp_ipv4_hdr *h = buf;
	size_t hdr_len, total_len;
	u16 frag;

	BUILD_BUG_ON(sizeof(*h) != XTCP_IPV4_HLEN);
	if (len < sizeof(*h))
		return XTCP_DROP_TRUNCATED;
	if (h->ver_ihl >> 4 != 4)
		return XTCP_DROP_BAD_VERSION;
	hdr_len = (h->ver_ihl & 0x0f) * 4;
	if (hdr_len < sizeof(*h) || hdr_len > len)
		return XTCP_DROP_BAD_IHL;
	total_len = be16_to_cpu(h->tot_len);
	if (total_len < hdr_len || total_len > len)
		return XTCP_DROP_BAD_TOTLEN;
	if (xtcp_csum_buf(buf, hdr_len))
		return XTCP_DROP_BAD_CSUM;

	frag = be16_to_cpu(h->frag_off);
	r->tos = h->tos;
	r->total_len = total_len;
	r->id = be16_to_cpu(h->id);
	r->df = frag & XTCP_IPV4_DF;
	r->mf = frag & XTCP_IPV4_MF;
	r->frag_off = (frag & XTCP_IPV4_OFFSET) * 8;
	r->ttl = h->ttl;
	r->protocol = h->protocol;
	r->saddr = h->saddr;
	r->daddr = h->daddr;
	r->hdr_len = hdr_len;
	return XTCP_DROP_NONE;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ipv4_parse);

/**
 * xtcp_ipv4_build() - write a 20-byte IPv4 header with its checksum
 * @r: the header; @r->hdr_len is ignored, @r->total_len is written as
 *	given and must count these 20 bytes and the payload
 * @buf: where to write it; the payload, if any, follows it
 * @len: bytes available at @buf
 *
 * Return: XTCP_IPV4_HLEN, or -ENOSPC when @len is shorter than that.
 */
int xtcp_ipv4_build(const struct xtcp_ipv4_repr *r, void *buf, size_t len)
{
	struct xtcp_ipv4_hdr *h = buf;
	u16 frag = (r->frag_off / 8) & XTCP_IPV4_OFFSET;

	if (len < sizeof(*h))
		return -ENOSPC;

	if (r->df)
		frag |= XTCP_IPV4_DF;
	if (r->mf)
		frag |= XTCP_IPV4_MF;
	h->ver_ihl = 0x40 | sizeof(*h) / 4;
	h->tos = r->tos;
	h->tot_len = cpu_to_be16(r->total_len);
	h->id = cpu_to_be16(r->id);
	h->frag_off = cpu_to_be16(frag);
	h->ttl = r->ttl;
	h->protocol = r->protocol;
	h->check = 0;
	h->saddr = r->saddr;
	h->daddr = r->daddr;
	h->check = xtcp_csum_buf(h, sizeof(*h));
	return sizeof(*h);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_ipv4_build);
