/* SPDX-License-Identifier: GPL-2.0 */
/*
 * csum.c: the Internet checksum (RFC 1071) over buffers and skbs. Shared by
 * every layer, wire/ included; it needs nothing else of xtcp.
 */
#ifndef _XTCP_CSUM_H
#define _XTCP_CSUM_H

#include <linux/types.h>

struct sk_buff;

__wsum xtcp_csum_partial(const void *buf, size_t len, __wsum sum);
__sum16 xtcp_csum_fold(__wsum sum);
__wsum xtcp_csum_block_add(__wsum sum, __wsum sum2, size_t offset);
__wsum xtcp_csum_pseudo(__be32 saddr, __be32 daddr, u8 proto, u16 len,
			__wsum sum);
__wsum xtcp_csum_skb(const struct sk_buff *skb, int offset, int len,
		     __wsum sum);

static inline __sum16 xtcp_csum_buf(const void *buf, size_t len)
{
	return xtcp_csum_fold(xtcp_csum_partial(buf, len, 0));
}

#endif /* _XTCP_CSUM_H */
