// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/wire/udp.c, the UDP header and checksum.
 *
 * Goldens built with scapy, the UDP part of:
 *   hello: IP(src='10.0.0.1', dst='10.0.0.2')/UDP(sport=1234, dport=5678)/
 *	    Raw(b'hello')
 *   zero:  the same with Raw(b'\xd0\xd7'), whose checksum computes to 0 and
 *	    goes on the wire as 0xffff (RFC 768)
 */
#include <kunit/test.h>
#include <linux/random.h>

#include "csum.h"
#include "wire/wire.h"
#include "wire_test.h"

static const u8 udp_hello[13] = {
	0x04, 0xd2, 0x16, 0x2e, 0x00, 0x0d, 0x8c, 0xff,
	'h', 'e', 'l', 'l', 'o',
};

static const u8 udp_zero[10] = {
	0x04, 0xd2, 0x16, 0x2e, 0x00, 0x0a, 0xff, 0xff, 0xd0, 0xd7,
};

#define SRC	XTCP_IP(10, 0, 0, 1)
#define DST	XTCP_IP(10, 0, 0, 2)

static void xtcp_udp_parse__golden(struct kunit *test)
{
	struct xtcp_udp_repr r;

	KUNIT_ASSERT_EQ(test, xtcp_udp_parse(udp_hello, sizeof(udp_hello), &r),
			XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, r.sport, 1234);
	KUNIT_EXPECT_EQ(test, r.dport, 5678);
	KUNIT_EXPECT_EQ(test, r.len, sizeof(udp_hello));
	KUNIT_EXPECT_EQ(test, ntohs((__force __be16)r.csum), 0x8cff);
	KUNIT_EXPECT_TRUE(test, xtcp_udp_csum_ok(SRC, DST, udp_hello, r.len));
}

/* The IPv4 total length governs; bytes after the UDP length are ignored. */
static void xtcp_udp_parse__trailing_bytes(struct kunit *test)
{
	struct xtcp_udp_repr r;
	u8 buf[sizeof(udp_hello) + 3];

	memcpy(buf, udp_hello, sizeof(udp_hello));
	memset(buf + sizeof(udp_hello), 0xee, 3);
	KUNIT_ASSERT_EQ(test, xtcp_udp_parse(buf, sizeof(buf), &r),
			XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, r.len, sizeof(udp_hello));
	KUNIT_EXPECT_TRUE(test, xtcp_udp_csum_ok(SRC, DST, buf, r.len));
}

static const size_t xtcp_udp_short_lens[] = { 0, 1, 2, 3, 4, 5, 6, 7 };

KUNIT_ARRAY_PARAM(xtcp_udp_short, xtcp_udp_short_lens, xtcp_wire_len_desc);

static void xtcp_udp_parse__truncated(struct kunit *test)
{
	const size_t *len = test->param_value;
	struct xtcp_udp_repr r, before;

	memset(&r, 0x5a, sizeof(r));
	before = r;
	KUNIT_EXPECT_EQ(test, xtcp_udp_parse(udp_hello, *len, &r),
			XTCP_DROP_TRUNCATED);
	XTCP_EXPECT_BYTES(test, &r, &before, sizeof(r));
}

struct xtcp_udp_len_case {
	const char *name;
	u16 ulen;		/* the length field */
	enum xtcp_drop_reason reason;
};

static const struct xtcp_udp_len_case xtcp_udp_len_cases[] = {
	{ "length 0",		0,	XTCP_DROP_BAD_LEN },
	{ "length 7",		7,	XTCP_DROP_BAD_LEN },
	{ "length 8",		8,	XTCP_DROP_NONE },
	{ "length 12",		12,	XTCP_DROP_NONE },
	{ "length 13",		13,	XTCP_DROP_NONE },
	{ "length 14",		14,	XTCP_DROP_BAD_LEN },
	{ "length 65535",	65535,	XTCP_DROP_BAD_LEN },
};

static void xtcp_udp_len_desc(const struct xtcp_udp_len_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_udp_len, xtcp_udp_len_cases, xtcp_udp_len_desc);

/* The length field against the 13-byte buffer. */
static void xtcp_udp_parse__bad_len(struct kunit *test)
{
	const struct xtcp_udp_len_case *c = test->param_value;
	struct xtcp_udp_repr r;
	u8 buf[sizeof(udp_hello)];

	memcpy(buf, udp_hello, sizeof(buf));
	buf[4] = c->ulen >> 8;
	buf[5] = c->ulen & 0xff;
	KUNIT_EXPECT_EQ(test, xtcp_udp_parse(buf, sizeof(buf), &r), c->reason);
	if (c->reason == XTCP_DROP_NONE)
		KUNIT_EXPECT_EQ(test, r.len, c->ulen);
}

static void xtcp_udp_csum_ok__corrupted(struct kunit *test)
{
	u8 buf[sizeof(udp_hello)];
	size_t i;

	for (i = 0; i < sizeof(buf); i++) {
		memcpy(buf, udp_hello, sizeof(buf));
		buf[i] ^= 0x01;
		KUNIT_EXPECT_FALSE_MSG(test,
				       xtcp_udp_csum_ok(SRC, DST, buf, sizeof(buf)),
				       "byte %zu", i);
	}
	/* The pseudo-header counts: other addresses, or a shorter length. */
	KUNIT_EXPECT_FALSE(test, xtcp_udp_csum_ok(DST, XTCP_IP(10, 0, 0, 3),
						  udp_hello,
						  sizeof(udp_hello)));
	KUNIT_EXPECT_FALSE(test, xtcp_udp_csum_ok(SRC, DST, udp_hello,
						  sizeof(udp_hello) - 1));
	/* Swapping the addresses does not change a one's complement sum. */
	KUNIT_EXPECT_TRUE(test, xtcp_udp_csum_ok(DST, SRC, udp_hello,
						 sizeof(udp_hello)));
}

/* A zero checksum field means the sender sent none. */
static void xtcp_udp_csum_ok__zero_is_none(struct kunit *test)
{
	u8 buf[sizeof(udp_hello)];

	memcpy(buf, udp_hello, sizeof(buf));
	buf[6] = 0;
	buf[7] = 0;
	KUNIT_EXPECT_TRUE(test, xtcp_udp_csum_ok(SRC, DST, buf, sizeof(buf)));
	buf[8] = 'j';
	KUNIT_EXPECT_TRUE(test, xtcp_udp_csum_ok(SRC, DST, buf, sizeof(buf)));
	/* 0xffff is a real checksum (of a datagram summing to zero). */
	KUNIT_EXPECT_TRUE(test, xtcp_udp_csum_ok(SRC, DST, udp_zero,
						 sizeof(udp_zero)));
	memcpy(buf, udp_zero, sizeof(udp_zero));
	buf[9] ^= 0x01;
	KUNIT_EXPECT_FALSE(test, xtcp_udp_csum_ok(SRC, DST, buf,
						  sizeof(udp_zero)));
}

/* The header alone: fields in network order, checksum zero, no more. */
static void xtcp_udp_emit__layout(struct kunit *test)
{
	const struct xtcp_udp_repr r = {
		.sport = 1234,
		.dport = 80,
		.len = 13,
		.csum = (__force __sum16)0x5a5a,	/* ignored */
	};
	static const u8 want[XTCP_UDP_HLEN] = {
		0x04, 0xd2, 0x00, 0x50, 0x00, 0x0d, 0x00, 0x00,
	};
	u8 buf[XTCP_UDP_HLEN + 4];

	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	xtcp_udp_emit(&r, buf);
	XTCP_EXPECT_BYTES(test, buf, want, sizeof(want));
	XTCP_EXPECT_POISON(test, buf, sizeof(want), sizeof(buf));
}

/* The checksum of the hello golden, from a sum the caller made itself. */
static void xtcp_udp_check__golden(struct kunit *test)
{
	u8 buf[sizeof(udp_hello)];

	memcpy(buf, udp_hello, sizeof(buf));
	buf[6] = 0;
	buf[7] = 0;
	KUNIT_EXPECT_EQ(test, ntohs((__force __be16)
			xtcp_udp_check(SRC, DST, sizeof(buf),
				       xtcp_csum_partial(buf, sizeof(buf), 0))),
			0x8cff);
}

/* A sum that cancels the pseudo-header computes to 0, sent as 0xffff. */
static void xtcp_udp_check__zero_is_mangled(struct kunit *test)
{
	__wsum p = xtcp_csum_pseudo(SRC, DST, IPPROTO_UDP, XTCP_UDP_HLEN, 0);
	/* The one's complement of the pseudo-header sum cancels it. */
	__wsum cancel = (__force __wsum)(u32)(__force u16)xtcp_csum_fold(p);

	KUNIT_EXPECT_EQ(test, (__force u16)xtcp_udp_check(SRC, DST,
							  XTCP_UDP_HLEN,
							  cancel), 0xffff);
}

/* Build over a payload already in place; the bytes after it stay poison. */
static void xtcp_udp_build__golden(struct kunit *test)
{
	const struct xtcp_udp_repr r = {
		.sport = 1234,
		.dport = 5678,
		.len = sizeof(udp_hello),
		.csum = (__force __sum16)0x5a5a,	/* ignored */
	};
	u8 buf[sizeof(udp_hello) + 8];

	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	memcpy(buf + XTCP_UDP_HLEN, "hello", 5);
	KUNIT_ASSERT_EQ(test, xtcp_udp_build(&r, SRC, DST, buf, sizeof(buf)),
			XTCP_UDP_HLEN);
	XTCP_EXPECT_BYTES(test, buf, udp_hello, sizeof(udp_hello));
	XTCP_EXPECT_POISON(test, buf, sizeof(udp_hello), sizeof(buf));
}

static void xtcp_udp_build__zero_csum_sent_as_ffff(struct kunit *test)
{
	const struct xtcp_udp_repr r = {
		.sport = 1234,
		.dport = 5678,
		.len = sizeof(udp_zero),
	};
	u8 buf[sizeof(udp_zero)];

	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	buf[8] = 0xd0;
	buf[9] = 0xd7;
	KUNIT_ASSERT_EQ(test, xtcp_udp_build(&r, SRC, DST, buf, sizeof(buf)),
			XTCP_UDP_HLEN);
	KUNIT_EXPECT_EQ(test, buf[6], 0xff);
	KUNIT_EXPECT_EQ(test, buf[7], 0xff);
	XTCP_EXPECT_BYTES(test, buf, udp_zero, sizeof(udp_zero));
}

/* A buffer shorter than the UDP length: -ENOSPC, nothing written. */
static void xtcp_udp_build__no_space(struct kunit *test)
{
	const struct xtcp_udp_repr r = { .sport = 1, .dport = 2, .len = 13 };
	u8 buf[13];
	size_t len;

	for (len = 0; len < r.len; len++) {
		memset(buf, XTCP_WIRE_POISON, sizeof(buf));
		KUNIT_EXPECT_EQ_MSG(test, xtcp_udp_build(&r, SRC, DST, buf, len),
				    -ENOSPC, "len %zu", len);
		XTCP_EXPECT_POISON(test, buf, 0, sizeof(buf));
	}
}

/* A UDP length that cannot hold the header is refused, not written. */
static void xtcp_udp_build__len_below_header(struct kunit *test)
{
	struct xtcp_udp_repr r = { .sport = 1, .dport = 2 };
	u8 buf[XTCP_UDP_HLEN];

	for (r.len = 0; r.len < XTCP_UDP_HLEN; r.len++) {
		memset(buf, XTCP_WIRE_POISON, sizeof(buf));
		KUNIT_EXPECT_EQ(test, xtcp_udp_build(&r, SRC, DST, buf,
						     sizeof(buf)), -EINVAL);
		XTCP_EXPECT_POISON(test, buf, 0, sizeof(buf));
	}
}

static void xtcp_udp__round_trip(struct kunit *test)
{
	struct xtcp_udp_repr in, out;
	u8 buf[XTCP_UDP_HLEN + 64];
	int i;

	for (i = 0; i < 64; i++) {
		__be32 s = (__force __be32)get_random_u32();
		__be32 d = (__force __be32)get_random_u32();

		get_random_bytes(buf, sizeof(buf));
		in.sport = get_random_u32();
		in.dport = get_random_u32();
		in.len = XTCP_UDP_HLEN + i;
		KUNIT_ASSERT_EQ(test, xtcp_udp_build(&in, s, d, buf, sizeof(buf)),
				XTCP_UDP_HLEN);
		KUNIT_ASSERT_EQ(test, xtcp_udp_parse(buf, sizeof(buf), &out),
				XTCP_DROP_NONE);
		KUNIT_EXPECT_EQ(test, out.sport, in.sport);
		KUNIT_EXPECT_EQ(test, out.dport, in.dport);
		KUNIT_EXPECT_EQ(test, out.len, in.len);
		KUNIT_EXPECT_NE(test, (__force u16)out.csum, 0);
		KUNIT_EXPECT_TRUE(test, xtcp_udp_csum_ok(s, d, buf, out.len));
	}
}

static struct kunit_case xtcp_wire_udp_cases[] = {
	KUNIT_CASE(xtcp_udp_parse__golden),
	KUNIT_CASE(xtcp_udp_parse__trailing_bytes),
	KUNIT_CASE_PARAM(xtcp_udp_parse__truncated, xtcp_udp_short_gen_params),
	KUNIT_CASE_PARAM(xtcp_udp_parse__bad_len, xtcp_udp_len_gen_params),
	KUNIT_CASE(xtcp_udp_csum_ok__corrupted),
	KUNIT_CASE(xtcp_udp_csum_ok__zero_is_none),
	KUNIT_CASE(xtcp_udp_emit__layout),
	KUNIT_CASE(xtcp_udp_check__golden),
	KUNIT_CASE(xtcp_udp_check__zero_is_mangled),
	KUNIT_CASE(xtcp_udp_build__golden),
	KUNIT_CASE(xtcp_udp_build__zero_csum_sent_as_ffff),
	KUNIT_CASE(xtcp_udp_build__no_space),
	KUNIT_CASE(xtcp_udp_build__len_below_header),
	KUNIT_CASE(xtcp_udp__round_trip),
	{}
};

static struct kunit_suite xtcp_wire_udp_suite = {
	.name = "xtcp_wire_udp",
	.test_cases = xtcp_wire_udp_cases,
};

kunit_test_suite(xtcp_wire_udp_suite);
