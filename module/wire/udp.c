// SPDX-License-Identifier: GPL-2.0
/*
 * UDP header (RFC 768). The checksum covers an IPv4 pseudo-header, so it
 * is verified apart from the length checks, by xtcp_udp_csum_ok(), with
 * the addresses from the IPv4 header.
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <asm/byteorder.h>
#include <net/checksum.h>
#include <kunit/visibility.h>

#include "csum.h"
#include "wire.h"

/**
 * xtcp_udp_parse() - parse a UDP header
 * @buf: the datagram (the IPv4 payload)
 * @len: bytes available at @buf, by the IPv4 total length. Bytes beyond
 *	the UDP length field are allowed and ignored.
 * @r: filled on success, untouched on failure
 *
 * Return: XTCP_DROP_NONE; XTCP_DROP_TRUNCATED when @len is shorter than the
 * header; XTCP_DROP_BAD_LEN when the length field is below 8 or beyond
 * @len. The checksum is not verified here.
 */
enum xtcp_drop_reason xtcp_udp_parse(const void *buf, size_t len,
				     struct xtcp_udp_repr *r)
{
	const struct xtcp_udp_hdr *h = buf;
	u16 ulen;

	BUILD_BUG_ON(sizeof(*h) != XTCP_UDP_HLEN);
	if (len < sizeof(*h))
		return XTCP_DROP_TRUNCATED;
	ulen = be16_to_cpu(h->len);
	if (ulen < sizeof(*h) || ulen > len)
		return XTCP_DROP_BAD_LEN;

	r->sport = be16_to_cpu(h->source);
	r->dport = be16_to_cpu(h->dest);
	r->len = ulen;
	r->csum = h->check;
	return XTCP_DROP_NONE;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_udp_parse);

/**
 * xtcp_udp_csum_ok() - verify a UDP checksum
 * @saddr: IPv4 source address
 * @daddr: IPv4 destination address
 * @buf: the datagram, header first
 * @len: the UDP length, as parsed (struct xtcp_udp_repr.len)
 *
 * Return: true if the checksum verifies over the pseudo-header, header and
 * payload, or if the sender sent none (a zero checksum field).
 */
bool xtcp_udp_csum_ok(__be32 saddr, __be32 daddr, const void *buf,
		      size_t len)
{
	const struct xtcp_udp_hdr *h = buf;
	__wsum sum;

	if (!h->check)
		return true;
	sum = xtcp_csum_partial(buf, len, 0);
	sum = xtcp_csum_pseudo(saddr, daddr, IPPROTO_UDP, len, sum);
	return !xtcp_csum_fold(sum);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_udp_csum_ok);

/**
 * xtcp_udp_emit() - write a UDP header with a zero checksum field
 * @r: ports and UDP length; @r->csum is ignored
 * @buf: XTCP_UDP_HLEN bytes
 *
 * For a caller whose payload is not one flat buffer (an skb being sent):
 * it sums header and payload itself and stores xtcp_udp_check() of that.
 */
void xtcp_udp_emit(const struct xtcp_udp_repr *r, void *buf)
{
	struct xtcp_udp_hdr *h = buf;

	h->source = cpu_to_be16(r->sport);
	h->dest = cpu_to_be16(r->dport);
	h->len = cpu_to_be16(r->len);
	h->check = 0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_udp_emit);

/**
 * xtcp_udp_check() - the checksum field of a UDP datagram
 * @saddr: IPv4 source address
 * @daddr: IPv4 destination address
 * @ulen: UDP length, host order
 * @sum: running sum of the header (checksum field zero) and payload
 *
 * Return: the value to store; a computed 0 is sent as 0xffff (RFC 768),
 * since 0 means "no checksum".
 */
__sum16 xtcp_udp_check(__be32 saddr, __be32 daddr, u16 ulen, __wsum sum)
{
	__sum16 check;

	check = xtcp_csum_fold(xtcp_csum_pseudo(saddr, daddr, IPPROTO_UDP,
						ulen, sum));
	return check ? check : CSUM_MANGLED_0;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_udp_check);

/**
 * xtcp_udp_build() - write a UDP header and its checksum
 * @r: the header; @r->len is the UDP length, header and payload, and
 *	@r->csum is ignored
 * @saddr: IPv4 source address, for the pseudo-header
 * @daddr: IPv4 destination address, for the pseudo-header
 * @buf: where to write the header; the payload is already in place after
 *	it, and the checksum covers it
 * @len: bytes available at @buf
 *
 * The checksum is xtcp_udp_check()'s, so a computed zero goes out as 0xffff.
 *
 * Return: XTCP_UDP_HLEN, the bytes written (the payload is left as it is);
 * -ENOSPC when @len is shorter than @r->len; -EINVAL when @r->len is
 * shorter than the header.
 */
int xtcp_udp_build(const struct xtcp_udp_repr *r, __be32 saddr, __be32 daddr,
		   void *buf, size_t len)
{
	struct xtcp_udp_hdr *h = buf;

	if (r->len < sizeof(*h))
		return -EINVAL;
	if (len < r->len)
		return -ENOSPC;

	xtcp_udp_emit(r, buf);
	h->check = xtcp_udp_check(saddr, daddr, r->len,
				  xtcp_csum_partial(buf, r->len, 0));
	return sizeof(*h);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_udp_build);
