// SPDX-License-Identifier: GPL-2.0
/*
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's
 * complement sum of the data taken as 16-bit words.
 *
 * Partial sums are kept as __wsum, a 32-bit one's complement accumulator of
 * 16-bit words loaded in host byte order, the convention csum_partial()
 * uses, so partial sums from here and from the kernel's helpers combine.
 * One's complement addition commutes with byte swapping (RFC 1071 section
 * 2(B)), so the folded result is already in network byte order in memory.
 *
 * Nothing here touches a socket or a clock; the skb walker is a thin layer
 * over the buffer sum, so KUnit checks both against golden values.
 */
#include <linux/skbuff.h>
#include <asm/unaligned.h>
#include <kunit/visibility.h>

#include "csum.h"

static u32 xtcp_csum_fold64(u64 acc)
{
	acc = (acc & 0xffffffff) + (acc >> 32);
	acc = (acc & 0xffffffff) + (acc >> 32);
	return acc;
}

/**
 * xtcp_csum_partial() - add a buffer into a running checksum
 * @buf: data, any alignment
 * @len: length in bytes; odd lengths are padded with a zero byte
 * @sum: running sum; 0 to start
 *
 * Return: the new running sum, not yet folded or complemented.
 */
__wsum xtcp_csum_partial(const void *buf, size_t len, __wsum sum)
{
	const u8 *p = buf;
	u64 acc = (__force u32)sum;

	/* A u64 absorbs 2^32 u32 additions, far beyond any packet. */
	while (len >= 8) {
		acc += get_unaligned((const u32 *)p);
		acc += get_unaligned((const u32 *)(p + 4));
		p += 8;
		len -= 8;
	}
	if (len >= 4) {
		acc += get_unaligned((const u32 *)p);
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		acc += get_unaligned((const u16 *)p);
		p += 2;
		len -= 2;
	}
	if (len) {
		/* The last byte is the high half of a zero-padded word. */
#ifdef __BIG_ENDIAN
		acc += (u32)*p << 8;
#else
		acc += *p;
#endif
	}
	return (__force __wsum)xtcp_csum_fold64(acc);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_csum_partial);

/**
 * xtcp_csum_fold() - fold a running sum to the 16-bit checksum field value
 * @sum: running sum
 *
 * Return: the complemented 16-bit sum, ready to store in a header. A
 * header that already holds its checksum folds to 0.
 */
__sum16 xtcp_csum_fold(__wsum sum)
{
	u32 s = (__force u32)sum;

	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (__force __sum16)(u16)~s;
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_csum_fold);

/**
 * xtcp_csum_block_add() - combine the sum of a block that follows another
 * @sum: sum of the data before the block
 * @sum2: sum of the block on its own
 * @offset: the block's byte offset from the start of @sum's data
 *
 * A block that starts at an odd offset has its bytes in the other halves
 * of the 16-bit words, so its sum is byte-rotated before it is added.
 *
 * Return: the sum of both.
 */
__wsum xtcp_csum_block_add(__wsum sum, __wsum sum2, size_t offset)
{
	u32 s2 = (__force u32)sum2;
	u64 acc;

	if (offset & 1)
		s2 = ror32(s2, 8);
	acc = (u64)(__force u32)sum + s2;
	return (__force __wsum)xtcp_csum_fold64(acc);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_csum_block_add);

/**
 * xtcp_csum_pseudo() - add the IPv4 pseudo-header of TCP and UDP
 * @saddr: source address
 * @daddr: destination address
 * @proto: IP protocol number
 * @len: TCP or UDP length, header included, host byte order
 * @sum: running sum (usually of the transport header and payload)
 *
 * Return: the running sum including the pseudo-header (RFC 768, RFC 9293
 * section 3.1).
 */
__wsum xtcp_csum_pseudo(__be32 saddr, __be32 daddr, u8 proto, u16 len,
			__wsum sum)
{
	struct {
		__be32	saddr;
		__be32	daddr;
		u8	zero;
		u8	proto;
		__be16	len;
	} __packed ph = {
		.saddr	= saddr,
		.daddr	= daddr,
		.proto	= proto,
		.len	= htons(len),
	};

	BUILD_BUG_ON(sizeof(ph) != 12);
	return xtcp_csum_partial(&ph, sizeof(ph), sum);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_csum_pseudo);

static __wsum xtcp_csum_skb_update(const void *buf, int len, __wsum sum)
{
	return xtcp_csum_partial(buf, len, sum);
}

static __wsum xtcp_csum_skb_combine(__wsum sum, __wsum sum2, int offset,
				    int len)
{
	return xtcp_csum_block_add(sum, sum2, offset);
}

static const struct skb_checksum_ops xtcp_csum_skb_ops = {
	.update	 = xtcp_csum_skb_update,
	.combine = xtcp_csum_skb_combine,
};

/**
 * xtcp_csum_skb() - add a byte range of an skb into a running checksum
 * @skb: packet; linear, paged or with a frag list
 * @offset: first byte, from skb->data
 * @len: number of bytes; the caller has checked the range against skb->len
 * @sum: running sum
 *
 * Return: the new running sum.
 */
__wsum xtcp_csum_skb(const struct sk_buff *skb, int offset, int len,
		     __wsum sum)
{
	return __skb_checksum(skb, offset, len, sum, &xtcp_csum_skb_ops);
}
EXPORT_SYMBOL_IF_KUNIT(xtcp_csum_skb);
