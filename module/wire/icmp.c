// SPDX-License-Identifier: GPL-2.0
/*
 * ICMPv4 (RFC 792). Every message has its type, code and checksum checked;
 * echo request and reply carry an identifier, a sequence number and a
 * payload; destination unreachable quotes the offending datagram's IPv4
 * header and at least 8 bytes of its payload, and with code
 * ICMP_FRAG_NEEDED the next-hop MTU (RFC 1191). Other types are returned
 * with their type, code and data only.
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <asm/byteorder.h>
#include <kunit/visibility.h>

#include "csum.h"
#include "wire.h"

/**
 * xtcp_icmp_quote_parse() - parse the datagram an ICMP error quotes
 * @buf: the quote (the data after the ICMP header)
 * @len: its length
 * @q: always filled: the quoted header on success, zeros on failure
 *
 * Checks only what the quote must hold: an IPv4 header (version 4, IHL at
 * least 5) and 8 more bytes. The quoted total length and checksum are not
 * checked (see struct xtcp_icmp_quote).
 *
 * Return: XTCP_DROP_NONE; XTCP_DROP_ICMP_TRUNCATED when @len is shorter
 * than the quoted header plus 8 bytes; XTCP_DROP_ICMP_BAD_QUOTE when the
 * quote is not IPv4 or its header length is below 20.
 */
enum xtcp_drop_reason xtcp_icmp_quote_parse(const void *buf, size_t len,
					    struct xtcp_icmp_quote *q)
{
	const struct xtcp_ipv4_hdr *h = buf;
	size_t hdr_len;

	memset(q, 0, sizeof(*q));
	if (len < XTCP_ICMP_QUOTE_MIN)
		return XTCP_DROP_ICMP_TRUNCATED;
	hdr_len = (h->ver_ihl & 0x0f) * 4;
	if (h->ver_ihl >> 4 != 4 || hdr_len < XTCP_IPV4_HLEN)
		return XTCP_DROP_ICMP_BAD_QUOTE;
	if (len < hdr_len + 8)
		return XTCP_DROP_ICMP_TRUNCATED;

	q->protocol = h->protocol;
	q->hdr_len = hdr_len;
	q->frag_off = (be16_to_cpu(h->frag_off) & XTCP_IPV4_OFFSET) * 8;
	q->saddr = h->saddr;
	q->daddr = h->daddr;
	q->l4 = (const u8 *)buf + hdr_len;
	return XTCP_DROP_NONE;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_icmp_quote_parse);

/**
 * xtcp_icmp_parse_head() - parse an ICMPv4 message, checksum not verified
 * @buf: the message, or at least its first XTCP_ICMP_HEAD_MAX bytes: the
 *	caller verified the checksum over the whole message
 * @len: bytes at @buf
 * @r: filled on success, untouched on failure; @r->data and @r->data_len
 *	cover what @buf holds after the header
 *
 * Return: as xtcp_icmp_parse(), without XTCP_DROP_BAD_CSUM.
 */
enum xtcp_drop_reason xtcp_icmp_parse_head(const void *buf, size_t len,
					   struct xtcp_icmp_repr *r)
{
	const struct xtcp_icmp_hdr *h = buf;
	const u8 *data = (const u8 *)buf + sizeof(*h);
	struct xtcp_icmp_quote q;
	enum xtcp_drop_reason reason;
	u16 id = 0, seq = 0, mtu = 0;
	size_t data_len;

	BUILD_BUG_ON(sizeof(*h) != XTCP_ICMP_HLEN);
	if (len < sizeof(*h))
		return XTCP_DROP_TRUNCATED;
	data_len = len - sizeof(*h);

	switch (h->type) {
	case ICMP_ECHO:
	case ICMP_ECHOREPLY:
		id = be16_to_cpu(h->rest_hi);
		seq = be16_to_cpu(h->rest_lo);
		break;
	case ICMP_DEST_UNREACH:
		reason = xtcp_icmp_quote_parse(data, data_len, &q);
		if (reason)
			return reason;
		if (h->code == ICMP_FRAG_NEEDED)
			mtu = be16_to_cpu(h->rest_lo);
		break;
	}

	r->type = h->type;
	r->code = h->code;
	r->id = id;
	r->seq = seq;
	r->mtu = mtu;
	r->data = data;
	r->data_len = data_len;
	return XTCP_DROP_NONE;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_icmp_parse_head);

/**
 * xtcp_icmp_parse() - parse and verify an ICMPv4 message
 * @buf: the message (the IPv4 payload)
 * @len: its length, by the IPv4 total length; the checksum covers it all
 * @r: filled on success, untouched on failure
 *
 * Return: XTCP_DROP_NONE; XTCP_DROP_TRUNCATED when @len is shorter than the
 * 8-byte header; XTCP_DROP_BAD_CSUM; for a destination unreachable,
 * XTCP_DROP_ICMP_TRUNCATED when the quote is shorter than its IPv4 header
 * plus 8 bytes, XTCP_DROP_ICMP_BAD_QUOTE when the quote is not IPv4 or its
 * header length is below 20.
 */
enum xtcp_drop_reason xtcp_icmp_parse(const void *buf, size_t len,
				      struct xtcp_icmp_repr *r)
{
	if (len < XTCP_ICMP_HLEN)
		return XTCP_DROP_TRUNCATED;
	if (xtcp_csum_buf(buf, len))
		return XTCP_DROP_BAD_CSUM;
	return xtcp_icmp_parse_head(buf, len, r);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_icmp_parse);

/**
 * xtcp_icmp_build() - write an ICMPv4 message with its checksum
 * @r: the message. @r->id and @r->seq are written for an echo request or
 *	reply, @r->mtu for a destination unreachable with code
 *	ICMP_FRAG_NEEDED; the rest of the header is zero otherwise. For a
 *	destination unreachable the caller chooses how much of the offending
 *	datagram @r->data quotes: at least XTCP_ICMP_QUOTE_MIN bytes, at most
 *	XTCP_ICMP_QUOTE_MAX (RFC 1812 4.3.2.3).
 * @buf: where to write it; @r->data may point into it
 * @len: bytes available at @buf
 *
 * Return: the message length, XTCP_ICMP_HLEN + @r->data_len, or -ENOSPC
 * when @len is shorter than that.
 */
int xtcp_icmp_build(const struct xtcp_icmp_repr *r, void *buf, size_t len)
{
	struct xtcp_icmp_hdr *h = buf;
	u16 rest_hi = 0, rest_lo = 0;

	if (len < sizeof(*h) || r->data_len > len - sizeof(*h))
		return -ENOSPC;

	switch (r->type) {
	case ICMP_ECHO:
	case ICMP_ECHOREPLY:
		rest_hi = r->id;
		rest_lo = r->seq;
		break;
	case ICMP_DEST_UNREACH:
		if (r->code == ICMP_FRAG_NEEDED)
			rest_lo = r->mtu;
		break;
	}

	/* Data first: it may overlap the header's bytes (an in-place reply). */
	if (r->data_len)
		memmove(h + 1, r->data, r->data_len);
	h->type = r->type;
	h->code = r->code;
	h->checksum = 0;
	h->rest_hi = cpu_to_be16(rest_hi);
	h->rest_lo = cpu_to_be16(rest_lo);
	h->checksum = xtcp_csum_buf(h, sizeof(*h) + r->data_len);
	return sizeof(*h) + r->data_len;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_icmp_build);
