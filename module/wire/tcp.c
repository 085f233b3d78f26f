// SPDX-License-Identifier: GPL-2.0
/*
 * TCP header and options (RFC 9293, RFC 7323, RFC 2018). The checksum
 * covers an IPv4 pseudo-header, so it is verified apart from the header
 * checks, by xtcp_tcp_csum_ok(), with the addresses from the IPv4 header.
 *
 * The parser fills one struct xtcp_tcp_opts, the "received options" of
 * Linux's tcp_parse_options(); the builder writes the same struct as
 * Linux's tcp_options_write() does, byte for byte, so that our segments
 * look like Linux's on the wire. Which options a segment may carry (MSS
 * and window scale only on a SYN, say) is for the TCP layer to decide:
 * this file records what is there and writes what it is given.
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/byteorder.h>
#include <asm/unaligned.h>
#include <kunit/visibility.h>

#include "csum.h"
#include "wire.h"

/*
 * Parse the option bytes [@p, @p + @len) into @o, which starts zeroed.
 * Options are type-length-value, except EOL, which ends the list (what
 * follows it is padding and is not looked at), and NOP, one byte of
 * padding. Unknown kinds are skipped by their length; a later copy of a
 * known option replaces an earlier one, as in Linux.
 */
static enum xtcp_drop_reason xtcp_tcp_opts_parse(const u8 *p, unsigned int len,
						 struct xtcp_tcp_opts *o)
{
	unsigned int i = 0, n, b;
	u8 kind, olen;

	while (i < len) {
		kind = p[i];
		if (kind == XTCP_TCPOPT_EOL)
			break;
		if (kind == XTCP_TCPOPT_NOP) {
			i++;
			continue;
		}
		if (len - i < 2)
			return XTCP_DROP_TCP_BAD_OPT;
		olen = p[i + 1];
		if (olen < 2 || olen > len - i)
			return XTCP_DROP_TCP_BAD_OPT;

		switch (kind) {
		case XTCP_TCPOPT_MSS:
			if (olen != XTCP_TCPOLEN_MSS)
				return XTCP_DROP_TCP_BAD_OPT;
			o->mss = get_unaligned_be16(p + i + 2);
			o->saw |= XTCP_TCPOPT_F_MSS;
			break;
		case XTCP_TCPOPT_WSCALE:
			if (olen != XTCP_TCPOLEN_WSCALE)
				return XTCP_DROP_TCP_BAD_OPT;
			o->wscale = p[i + 2];
			o->saw |= XTCP_TCPOPT_F_WSCALE;
			break;
		case XTCP_TCPOPT_SACK_PERM:
			if (olen != XTCP_TCPOLEN_SACK_PERM)
				return XTCP_DROP_TCP_BAD_OPT;
			o->saw |= XTCP_TCPOPT_F_SACK_PERM;
			break;
		case XTCP_TCPOPT_TS:
			if (olen != XTCP_TCPOLEN_TS)
				return XTCP_DROP_TCP_BAD_OPT;
			o->tsval = get_unaligned_be32(p + i + 2);
			o->tsecr = get_unaligned_be32(p + i + 6);
			o->saw |= XTCP_TCPOPT_F_TS;
			break;
		case XTCP_TCPOPT_SACK:
			n = (olen - XTCP_TCPOLEN_SACK_BASE) /
			    XTCP_TCPOLEN_SACK_BLOCK;
			if ((olen - XTCP_TCPOLEN_SACK_BASE) %
			    XTCP_TCPOLEN_SACK_BLOCK ||
			    n < 1 || n > XTCP_TCP_MAX_SACKS)
				return XTCP_DROP_TCP_BAD_OPT;
			memset(o->sacks, 0, sizeof(o->sacks));
			for (b = 0; b < n; b++) {
				const u8 *q = p + i + XTCP_TCPOLEN_SACK_BASE +
					      b * XTCP_TCPOLEN_SACK_BLOCK;

				o->sacks[b].start = get_unaligned_be32(q);
				o->sacks[b].end = get_unaligned_be32(q + 4);
			}
			o->nr_sacks = n;
			o->saw |= XTCP_TCPOPT_F_SACK;
			break;
		default:
			break;
		}
		i += olen;
	}
	return XTCP_DROP_NONE;
}

/**
 * xtcp_tcp_parse() - parse a TCP header and its options
 * @buf: the segment (the IPv4 payload), any alignment
 * @len: bytes of the segment, by the IPv4 total length; what follows the
 *	header is the payload
 * @r: zeroed, then filled on success. On failure it stays all zero.
 *
 * The 3 reserved bits next to the control bits are ignored. An option
 * whose length is below 2 or runs past the header, and a known option with
 * the wrong length (MSS not 4, window scale not 3, SACK-permitted not 2,
 * timestamps not 10, SACK not 2 + 8n with 1 <= n <= 4), drop the segment.
 * The window scale shift is not clamped, nor is any option refused for the
 * flags it comes with. The checksum is not verified here.
 *
 * Return: XTCP_DROP_NONE; XTCP_DROP_TRUNCATED when @len is shorter than
 * the fixed header; XTCP_DROP_TCP_BAD_DOFF when the data offset is below
 * 5 words or beyond @len; XTCP_DROP_TCP_BAD_OPT for a malformed option.
 */
enum xtcp_drop_reason xtcp_tcp_parse(const void *buf, size_t len,
				     struct xtcp_tcp_repr *r)
{
	const struct xtcp_tcp_hdr *h = buf;
	struct xtcp_tcp_opts opts = {};
	enum xtcp_drop_reason reason;
	unsigned int hlen;
	u16 doff_flags;

	BUILD_BUG_ON(sizeof(*h) != XTCP_TCP_HLEN);
	memset(r, 0, sizeof(*r));
	if (len < sizeof(*h))
		return XTCP_DROP_TRUNCATED;
	doff_flags = be16_to_cpu(h->doff_flags);
	hlen = (doff_flags >> 12) * 4;
	if (hlen < sizeof(*h) || hlen > len)
		return XTCP_DROP_TCP_BAD_DOFF;
	reason = xtcp_tcp_opts_parse((const u8 *)buf + sizeof(*h),
				     hlen - sizeof(*h), &opts);
	if (reason)
		return reason;

	r->sport = be16_to_cpu(h->source);
	r->dport = be16_to_cpu(h->dest);
	r->seq = be32_to_cpu(h->seq);
	r->ack = be32_to_cpu(h->ack_seq);
	r->flags = doff_flags & XTCP_TCPF_MASK;
	r->window = be16_to_cpu(h->window);
	r->urg_ptr = be16_to_cpu(h->urg_ptr);
	r->csum = h->check;
	r->hdr_len = hlen;
	r->opts = opts;
	r->payload = (const u8 *)buf + hlen;
	r->payload_len = len - hlen;
	return XTCP_DROP_NONE;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_parse);

/**
 * xtcp_tcp_csum_ok() - verify a TCP checksum
 * @saddr: IPv4 source address
 * @daddr: IPv4 destination address
 * @buf: the segment, header first
 * @len: the segment length, header and payload (the IPv4 payload length)
 *
 * Return: true if the checksum verifies over the pseudo-header, header and
 * payload. Unlike UDP's, a zero checksum field is a checksum like any
 * other. A length beyond 65535, which no pseudo-header can carry, is false.
 */
bool xtcp_tcp_csum_ok(__be32 saddr, __be32 daddr, const void *buf,
		      size_t len)
{
	__wsum sum;

	if (len > U16_MAX)
		return false;
	sum = xtcp_csum_partial(buf, len, 0);
	sum = xtcp_csum_pseudo(saddr, daddr, IPPROTO_TCP, len, sum);
	return !xtcp_csum_fold(sum);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_csum_ok);

/* Bytes of every option but SACK; at most 4 + 12 + 4 = 20. */
static unsigned int xtcp_tcp_opts_fixed_len(const struct xtcp_tcp_opts *o)
{
	unsigned int n = 0;

	if (o->saw & XTCP_TCPOPT_F_MSS)
		n += 4;
	if (o->saw & XTCP_TCPOPT_F_TS)
		n += 12;	/* SACK_PERM, if any, takes the NOPs' place */
	else if (o->saw & XTCP_TCPOPT_F_SACK_PERM)
		n += 4;
	if (o->saw & XTCP_TCPOPT_F_WSCALE)
		n += 4;
	return n;
}

/*
 * SACK blocks the builder writes: the first @o->nr_sacks (at most 4) that
 * fit in the room the other options leave, as tcp_established_options()
 * does; none when not even one fits.
 */
static unsigned int xtcp_tcp_opts_nr_sacks(const struct xtcp_tcp_opts *o,
					   unsigned int fixed)
{
	unsigned int room;

	if (!(o->saw & XTCP_TCPOPT_F_SACK))
		return 0;
	room = (XTCP_TCP_OPT_MAX - fixed - 4) / XTCP_TCPOLEN_SACK_BLOCK;
	return min3(room, (unsigned int)o->nr_sacks,
		    (unsigned int)XTCP_TCP_MAX_SACKS);
}

/**
 * xtcp_tcp_opts_len() - bytes of options the builder writes
 * @o: the options; those whose XTCP_TCPOPT_F_* bit is set in @o->saw
 *
 * MSS takes 4 bytes, timestamps 12 (SACK-permitted rides in their NOP
 * padding), SACK-permitted without timestamps 4, window scale 4, and SACK
 * 4 + 8 per block. The first four together take at most 20 bytes, so
 * they always fit; SACK blocks fill what room is left, in order, and the
 * blocks that do not fit are left out, as Linux does: 3 blocks after
 * timestamps, 2 after all four other options. A SACK option with no block
 * (@o->nr_sacks 0, or no room for one) is not written at all.
 *
 * Return: a multiple of 4, at most XTCP_TCP_OPT_MAX (40).
 */
unsigned int xtcp_tcp_opts_len(const struct xtcp_tcp_opts *o)
{
	unsigned int fixed = xtcp_tcp_opts_fixed_len(o);
	unsigned int n = xtcp_tcp_opts_nr_sacks(o, fixed);

	return fixed + (n ? 4 + n * XTCP_TCPOLEN_SACK_BLOCK : 0);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_opts_len);

static u8 *xtcp_tcp_put32(u8 *p, u32 v)
{
	put_unaligned_be32(v, p);
	return p + 4;
}

static u32 xtcp_tcp_word(u8 a, u8 b, u8 c, u8 d)
{
	return (u32)a << 24 | (u32)b << 16 | (u32)c << 8 | d;
}

/**
 * xtcp_tcp_emit() - write a TCP header and options with a given checksum
 * @r: the header; @r->hdr_len, @r->csum, @r->payload and @r->payload_len
 *	are ignored, and the options are written as xtcp_tcp_opts_len()
 *	describes, in the layout of Linux's tcp_options_write()
 * @check: the checksum field to store: 0 for a caller that sums header
 *	and payload itself and stores xtcp_tcp_check() of that
 * @buf: xtcp_tcp_hdr_len(&@r->opts) bytes, any alignment
 *
 * For a caller whose payload is not one flat buffer (an skb being sent).
 *
 * Return: the header length written, xtcp_tcp_hdr_len(&@r->opts).
 */
unsigned int xtcp_tcp_emit(const struct xtcp_tcp_repr *r, __sum16 check,
			   void *buf)
{
	const struct xtcp_tcp_opts *o = &r->opts;
	unsigned int fixed = xtcp_tcp_opts_fixed_len(o);
	unsigned int nr_sacks = xtcp_tcp_opts_nr_sacks(o, fixed);
	unsigned int hlen = xtcp_tcp_hdr_len(o);
	struct xtcp_tcp_hdr *h = buf;
	u8 *p = (u8 *)buf + sizeof(*h);
	unsigned int i;

	h->source = cpu_to_be16(r->sport);
	h->dest = cpu_to_be16(r->dport);
	h->seq = cpu_to_be32(r->seq);
	h->ack_seq = cpu_to_be32(r->ack);
	h->doff_flags = cpu_to_be16((hlen / 4) << 12 |
				    (r->flags & XTCP_TCPF_MASK));
	h->window = cpu_to_be16(r->window);
	h->check = check;
	h->urg_ptr = cpu_to_be16(r->urg_ptr);

	if (o->saw & XTCP_TCPOPT_F_MSS)
		p = xtcp_tcp_put32(p, xtcp_tcp_word(XTCP_TCPOPT_MSS,
						    XTCP_TCPOLEN_MSS,
						    o->mss >> 8, o->mss));
	if (o->saw & XTCP_TCPOPT_F_TS) {
		/* SACK_PERM, if wanted, takes the place of the two NOPs. */
		u8 kind = XTCP_TCPOPT_NOP, len = XTCP_TCPOPT_NOP;

		if (o->saw & XTCP_TCPOPT_F_SACK_PERM) {
			kind = XTCP_TCPOPT_SACK_PERM;
			len = XTCP_TCPOLEN_SACK_PERM;
		}
		p = xtcp_tcp_put32(p, xtcp_tcp_word(kind, len, XTCP_TCPOPT_TS,
						    XTCP_TCPOLEN_TS));
		p = xtcp_tcp_put32(p, o->tsval);
		p = xtcp_tcp_put32(p, o->tsecr);
	} else if (o->saw & XTCP_TCPOPT_F_SACK_PERM) {
		p = xtcp_tcp_put32(p, xtcp_tcp_word(XTCP_TCPOPT_NOP,
						    XTCP_TCPOPT_NOP,
						    XTCP_TCPOPT_SACK_PERM,
						    XTCP_TCPOLEN_SACK_PERM));
	}
	if (o->saw & XTCP_TCPOPT_F_WSCALE)
		p = xtcp_tcp_put32(p, xtcp_tcp_word(XTCP_TCPOPT_NOP,
						    XTCP_TCPOPT_WSCALE,
						    XTCP_TCPOLEN_WSCALE,
						    o->wscale));
	if (nr_sacks) {
		p = xtcp_tcp_put32(p, xtcp_tcp_word(XTCP_TCPOPT_NOP,
						    XTCP_TCPOPT_NOP,
						    XTCP_TCPOPT_SACK,
						    XTCP_TCPOLEN_SACK_BASE +
						    nr_sacks *
						    XTCP_TCPOLEN_SACK_BLOCK));
		for (i = 0; i < nr_sacks; i++) {
			p = xtcp_tcp_put32(p, o->sacks[i].start);
			p = xtcp_tcp_put32(p, o->sacks[i].end);
		}
	}
	WARN_ON_ONCE(p != (u8 *)buf + hlen);
	return hlen;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_emit);

/**
 * xtcp_tcp_check() - the checksum field of a TCP segment
 * @saddr: IPv4 source address
 * @daddr: IPv4 destination address
 * @hdr: the header with its options, as xtcp_tcp_emit() wrote it with a
 *	zero checksum field
 * @hdr_len: its length, a multiple of 4
 * @payload_len: bytes of payload after the header; @hdr_len +
 *	@payload_len is at most 65535
 * @payload_sum: the running sum of the payload on its own (0 for none),
 *	from xtcp_csum_partial() or xtcp_csum_skb(), so the payload need not
 *	follow the header in memory
 *
 * Return: the value to store in the checksum field. Unlike UDP's, a
 * computed 0 is sent as 0.
 */
__sum16 xtcp_tcp_check(__be32 saddr, __be32 daddr, const void *hdr,
		       unsigned int hdr_len, size_t payload_len,
		       __wsum payload_sum)
{
	__wsum sum = xtcp_csum_partial(hdr, hdr_len, 0);

	sum = xtcp_csum_block_add(sum, payload_sum, hdr_len);
	return xtcp_csum_fold(xtcp_csum_pseudo(saddr, daddr, IPPROTO_TCP,
					       hdr_len + payload_len, sum));
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_check);

/**
 * xtcp_tcp_build() - write a TCP segment with its checksum
 * @r: the segment; see xtcp_tcp_emit() for the header. @r->payload_len
 *	bytes of payload follow the header: copied from @r->payload
 *	(memmove(), so it may point anywhere in @buf, into the header's
 *	bytes included), or already in place when @r->payload is NULL.
 * @saddr: IPv4 source address, for the pseudo-header
 * @daddr: IPv4 destination address, for the pseudo-header
 * @buf: where to write the segment, any alignment
 * @len: bytes available at @buf
 *
 * The header length follows from the options, xtcp_tcp_hdr_len(), not
 * from @r->hdr_len. Nothing is written on failure.
 *
 * Return: the segment length, header and payload; -EMSGSIZE when that
 * would exceed 65535 bytes; -ENOSPC when it exceeds @len.
 */
int xtcp_tcp_build(const struct xtcp_tcp_repr *r, __be32 saddr, __be32 daddr,
		   void *buf, size_t len)
{
	unsigned int hlen = xtcp_tcp_hdr_len(&r->opts);
	struct xtcp_tcp_hdr *h = buf;
	u8 *data = (u8 *)buf + hlen;

	if (r->payload_len > U16_MAX - hlen)
		return -EMSGSIZE;
	if (len < hlen || r->payload_len > len - hlen)
		return -ENOSPC;

	/* Payload first: it may overlap the header's bytes. */
	if (r->payload && r->payload_len)
		memmove(data, r->payload, r->payload_len);
	xtcp_tcp_emit(r, 0, buf);
	h->check = xtcp_tcp_check(saddr, daddr, buf, hlen, r->payload_len,
				  xtcp_csum_partial(data, r->payload_len, 0));
	return hlen + r->payload_len;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_tcp_build);
