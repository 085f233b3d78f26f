/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the KUnit suites of module/wire/.
 *
 * Builders write into buffers pre-filled with XTCP_WIRE_POISON, so a byte
 * they should not have written, or forgot to write, shows up. KUnit in 6.1
 * has no KUNIT_EXPECT_MEMEQ; these report the first differing offset.
 */
#ifndef _XTCP_WIRE_TEST_H
#define _XTCP_WIRE_TEST_H

#include <kunit/test.h>
#include <linux/string.h>

#include "wire/wire.h"

#define XTCP_WIRE_POISON	0xa5

/* Offset of the first byte where @a and @b differ, or -1 if none. */
static inline ssize_t xtcp_wire_first_diff(const void *a, const void *b,
					   size_t len)
{
	const u8 *p = a, *q = b;
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != q[i])
			return i;
	return -1;
}

/* Offset of the first byte in [@from, @len) that is not poison, or -1. */
static inline ssize_t xtcp_wire_first_unpoisoned(const void *buf, size_t from,
						 size_t len)
{
	const u8 *p = buf;
	size_t i;

	for (i = from; i < len; i++)
		if (p[i] != XTCP_WIRE_POISON)
			return i;
	return -1;
}

/* @got holds the @len bytes of @want. */
#define XTCP_EXPECT_BYTES(test, got, want, len)				\
	KUNIT_EXPECT_EQ_MSG(test, xtcp_wire_first_diff(got, want, len),	\
			    (ssize_t)-1, "offset of the first differing byte")

/* Bytes [@from, @len) of @buf still hold the poison. */
#define XTCP_EXPECT_POISON(test, buf, from, len)			\
	KUNIT_EXPECT_EQ_MSG(test,					\
			    xtcp_wire_first_unpoisoned(buf, from, len),	\
			    (ssize_t)-1, "offset of a byte written out of bounds")

/* Description of a buffer length parameter. */
static inline void xtcp_wire_len_desc(const size_t *len, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "len %zu", *len);
}

/* IPv4 address a.b.c.d in host and in network byte order. */
#define XTCP_IP_HOST(a, b, c, d) \
	((u32)(a) << 24 | (u32)(b) << 16 | (u32)(c) << 8 | (u32)(d))
#define XTCP_IP(a, b, c, d)	htonl(XTCP_IP_HOST(a, b, c, d))

/*
 * KUnit stores both sides in a long long, which sparse rightly refuses for
 * __be32; compare addresses in host order.
 */
#define XTCP_EXPECT_IP(test, addr, a, b, c, d) \
	KUNIT_EXPECT_EQ(test, ntohl(addr), XTCP_IP_HOST(a, b, c, d))
#define XTCP_EXPECT_SAME_IP(test, x, y) \
	KUNIT_EXPECT_EQ(test, ntohl(x), ntohl(y))

#endif /* _XTCP_WIRE_TEST_H */
