// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/wire/ipv4.c, the IPv4 header.
 *
 * Goldens built with scapy:
 *   ping: IP(src='10.0.0.4', dst='10.0.0.5', id=0x41e0, flags='DF', ttl=64)/
 *	   ICMP(type=8, id=0x1234, seq=7)/Raw(bytes(range(0x10, 0x48)))
 *	   whose header is the RFC 1071 example (checksum e4c0)
 *   opts: IP(src='192.168.1.1', dst='192.168.1.2', id=1, ttl=1, tos=0x10,
 *	   options=[IPOption_Router_Alert()])/UDP(sport=53, dport=53)
 *   frag: IP(src='10.1.2.3', dst='10.3.2.1', id=0xbeef, flags='MF',
 *	   frag=185, ttl=17, proto=17)/Raw(bytes(8))
 */
#include <kunit/test.h>
#include <linux/random.h>

#include "csum.h"
#include "wire/wire.h"
#include "wire_test.h"

static const u8 ping[84] = {
	0x45, 0x00, 0x00, 0x54, 0x41, 0xe0, 0x40, 0x00, 0x40, 0x01, 0xe4, 0xc0,
	0x0a, 0x00, 0x00, 0x04, 0x0a, 0x00, 0x00, 0x05,
	0x08, 0x00, 0x2c, 0xf0, 0x12, 0x34, 0x00, 0x07, 0x10, 0x11, 0x12, 0x13,
	0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
	0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b,
	0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
	0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x41, 0x42, 0x43,
	0x44, 0x45, 0x46, 0x47,
};

static const u8 opts[32] = {
	0x46, 0x10, 0x00, 0x20, 0x00, 0x01, 0x00, 0x00, 0x01, 0x11, 0xa1, 0x64,
	0xc0, 0xa8, 0x01, 0x01, 0xc0, 0xa8, 0x01, 0x02,
	0x94, 0x04, 0x00, 0x00,
	0x00, 0x35, 0x00, 0x35, 0x00, 0x08, 0x7c, 0x20,
};

static const u8 frag[28] = {
	0x45, 0x00, 0x00, 0x1c, 0xbe, 0xef, 0x20, 0xb9, 0x11, 0x11, 0xb2, 0x21,
	0x0a, 0x01, 0x02, 0x03, 0x0a, 0x03, 0x02, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static void xtcp_ipv4_parse__rfc1071_header(struct kunit *test)
{
	struct xtcp_ipv4_repr r;

	KUNIT_ASSERT_EQ(test, xtcp_ipv4_parse(ping, sizeof(ping), &r),
			XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, r.tos, 0);
	KUNIT_EXPECT_EQ(test, r.total_len, 84);
	KUNIT_EXPECT_EQ(test, r.id, 0x41e0);
	KUNIT_EXPECT_TRUE(test, r.df);
	KUNIT_EXPECT_FALSE(test, r.mf);
	KUNIT_EXPECT_EQ(test, r.frag_off, 0);
	KUNIT_EXPECT_EQ(test, r.ttl, 64);
	KUNIT_EXPECT_EQ(test, r.protocol, IPPROTO_ICMP);
	XTCP_EXPECT_IP(test, r.saddr, 10, 0, 0, 4);
	XTCP_EXPECT_IP(test, r.daddr, 10, 0, 0, 5);
	KUNIT_EXPECT_EQ(test, r.hdr_len, XTCP_IPV4_HLEN);
	KUNIT_EXPECT_FALSE(test, xtcp_ipv4_is_fragment(&r));
	KUNIT_EXPECT_EQ(test, xtcp_ipv4_payload_off(&r), 20);
	KUNIT_EXPECT_EQ(test, xtcp_ipv4_payload_len(&r), 64);
}

/* A 24-byte header: options are skipped, but the checksum covers them. */
static void xtcp_ipv4_parse__options(struct kunit *test)
{
	struct xtcp_ipv4_repr r;
	u8 buf[sizeof(opts)];

	KUNIT_ASSERT_EQ(test, xtcp_ipv4_parse(opts, sizeof(opts), &r),
			XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, r.hdr_len, 24);
	KUNIT_EXPECT_EQ(test, r.tos, 0x10);
	KUNIT_EXPECT_EQ(test, r.ttl, 1);
	KUNIT_EXPECT_EQ(test, r.protocol, IPPROTO_UDP);
	KUNIT_EXPECT_EQ(test, xtcp_ipv4_payload_off(&r), 24);
	KUNIT_EXPECT_EQ(test, xtcp_ipv4_payload_len(&r), 8);
	XTCP_EXPECT_IP(test, r.saddr, 192, 168, 1, 1);
	XTCP_EXPECT_IP(test, r.daddr, 192, 168, 1, 2);

	memcpy(buf, opts, sizeof(buf));
	buf[22] ^= 0x01;	/* router alert value */
	KUNIT_EXPECT_EQ(test, xtcp_ipv4_parse(buf, sizeof(buf), &r),
			XTCP_DROP_BAD_CSUM);
}

static void xtcp_ipv4_parse__fragment(struct kunit *test)
{
	struct xtcp_ipv4_repr r;

	KUNIT_ASSERT_EQ(test, xtcp_ipv4_parse(frag, sizeof(frag), &r),
			XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, r.id, 0xbeef);
	KUNIT_EXPECT_FALSE(test, r.df);
	KUNIT_EXPECT_TRUE(test, r.mf);
	KUNIT_EXPECT_EQ(test, r.frag_off, 185 * 8);
	KUNIT_EXPECT_EQ(test, r.ttl, 17);
	KUNIT_EXPECT_TRUE(test, xtcp_ipv4_is_fragment(&r));
	KUNIT_EXPECT_EQ(test, xtcp_ipv4_payload_len(&r), 8);
}

static void xtcp_ipv4_is_fragment__flags(struct kunit *test)
{
	struct xtcp_ipv4_repr r = { .hdr_len = 20, .total_len = 20 };

	KUNIT_EXPECT_FALSE(test, xtcp_ipv4_is_fragment(&r));
	r.df = true;
	KUNIT_EXPECT_FALSE(test, xtcp_ipv4_is_fragment(&r));
	r.mf = true;		/* the first fragment */
	KUNIT_EXPECT_TRUE(test, xtcp_ipv4_is_fragment(&r));
	r.mf = false;
	r.frag_off = 8;		/* the last fragment */
	KUNIT_EXPECT_TRUE(test, xtcp_ipv4_is_fragment(&r));
}

/* Link padding after the datagram is not part of it. */
static void xtcp_ipv4_parse__padding(struct kunit *test)
{
	struct xtcp_ipv4_repr r;
	u8 buf[46] = {};

	memcpy(buf, frag, sizeof(frag));
	KUNIT_ASSERT_EQ(test, xtcp_ipv4_parse(buf, sizeof(buf), &r),
			XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, r.total_len, sizeof(frag));
	KUNIT_EXPECT_EQ(test, xtcp_ipv4_payload_len(&r), 8);
}

/* An IPv4 header behind a 14-byte Ethernet header is not 4-byte aligned. */
static void xtcp_ipv4_parse__unaligned(struct kunit *test)
{
	struct xtcp_ipv4_repr r;
	size_t off;
	u8 *buf;

	buf = kunit_kmalloc(test, sizeof(ping) + 3, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (off = 1; off <= 3; off++) {
		memcpy(buf + off, ping, sizeof(ping));
		KUNIT_ASSERT_EQ(test, xtcp_ipv4_parse(buf + off, sizeof(ping),
						      &r), XTCP_DROP_NONE);
		KUNIT_EXPECT_EQ(test, r.id, 0x41e0);
		XTCP_EXPECT_IP(test, r.daddr, 10, 0, 0, 5);
	}
}

static const size_t xtcp_ipv4_short_lens[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
};

KUNIT_ARRAY_PARAM(xtcp_ipv4_short, xtcp_ipv4_short_lens, xtcp_wire_len_desc);

static void xtcp_ipv4_parse__truncated(struct kunit *test)
{
	const size_t *len = test->param_value;
	struct xtcp_ipv4_repr r, before;

	memset(&r, 0x5a, sizeof(r));
	before = r;
	KUNIT_EXPECT_EQ(test, xtcp_ipv4_parse(ping, *len, &r),
			XTCP_DROP_TRUNCATED);
	XTCP_EXPECT_BYTES(test, &r, &before, sizeof(r));
}

struct xtcp_ipv4_len_case {
	const char *name;
	u8 ver_ihl;
	u16 tot_len;
	size_t len;		/* bytes of the ping handed to the parser */
	enum xtcp_drop_reason reason;
};

static const struct xtcp_ipv4_len_case xtcp_ipv4_len_cases[] = {
	{ "version 6",		  0x65, 84,	84, XTCP_DROP_BAD_VERSION },
	{ "version 0",		  0x05, 84,	84, XTCP_DROP_BAD_VERSION },
	{ "ihl 0",		  0x40, 84,	84, XTCP_DROP_BAD_IHL },
	{ "ihl 4",		  0x44, 84,	84, XTCP_DROP_BAD_IHL },
	{ "ihl 6, 20-byte buffer",  0x46, 20,	20, XTCP_DROP_BAD_IHL },
	{ "ihl 15, 40-byte buffer", 0x4f, 40,	40, XTCP_DROP_BAD_IHL },
	{ "ihl 15, 59-byte buffer", 0x4f, 59,	59, XTCP_DROP_BAD_IHL },
	{ "total length 0",	  0x45, 0,	84, XTCP_DROP_BAD_TOTLEN },
	{ "total length 19",	  0x45, 19,	84, XTCP_DROP_BAD_TOTLEN },
	{ "total length 23, ihl 6", 0x46, 23,	84, XTCP_DROP_BAD_TOTLEN },
	{ "total length 85",	  0x45, 85,	84, XTCP_DROP_BAD_TOTLEN },
	{ "total length 65535",	  0x45, 65535,	84, XTCP_DROP_BAD_TOTLEN },
	{ "total length 20",	  0x45, 20,	84, XTCP_DROP_NONE },
	{ "total length 83",	  0x45, 83,	84, XTCP_DROP_NONE },
	{ "ihl 6, options",	  0x46, 84,	84, XTCP_DROP_NONE },
	{ "ihl 15, 60-byte buffer", 0x4f, 60,	60, XTCP_DROP_NONE },
};

static void xtcp_ipv4_len_desc(const struct xtcp_ipv4_len_case *c,
			       char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_ipv4_len, xtcp_ipv4_len_cases, xtcp_ipv4_len_desc);

/*
 * Impossible versions and lengths. The checksum is made valid for the bytes
 * the header claims (as far as they exist), so only the length is wrong.
 */
static void xtcp_ipv4_parse__bad_lengths(struct kunit *test)
{
	const struct xtcp_ipv4_len_case *c = test->param_value;
	size_t hdr_len = min_t(size_t, (c->ver_ihl & 0x0f) * 4, c->len);
	struct xtcp_ipv4_repr r;
	__sum16 csum;
	u8 buf[sizeof(ping)];

	memcpy(buf, ping, sizeof(buf));
	buf[0] = c->ver_ihl;
	buf[2] = c->tot_len >> 8;
	buf[3] = c->tot_len & 0xff;
	buf[10] = 0;
	buf[11] = 0;
	csum = xtcp_csum_buf(buf, max_t(size_t, hdr_len, XTCP_IPV4_HLEN));
	memcpy(&buf[10], &csum, sizeof(csum));

	KUNIT_EXPECT_EQ(test, xtcp_ipv4_parse(buf, c->len, &r), c->reason);
	if (c->reason == XTCP_DROP_NONE) {
		KUNIT_EXPECT_EQ(test, r.total_len, c->tot_len);
		KUNIT_EXPECT_EQ(test, r.hdr_len, (c->ver_ihl & 0x0f) * 4);
	}
}

/* Any single bit flipped in the header makes it invalid, one way or another. */
static void xtcp_ipv4_parse__bit_flips(struct kunit *test)
{
	struct xtcp_ipv4_repr r;
	u8 buf[sizeof(ping)];
	int bit;

	for (bit = 0; bit < XTCP_IPV4_HLEN * 8; bit++) {
		memcpy(buf, ping, sizeof(buf));
		buf[bit / 8] ^= 1 << (bit % 8);
		KUNIT_EXPECT_NE_MSG(test, xtcp_ipv4_parse(buf, sizeof(buf), &r),
				    XTCP_DROP_NONE, "bit %d", bit);
	}
	/* A payload byte is not the header's business. */
	memcpy(buf, ping, sizeof(buf));
	buf[XTCP_IPV4_HLEN] ^= 0xff;
	KUNIT_EXPECT_EQ(test, xtcp_ipv4_parse(buf, sizeof(buf), &r),
			XTCP_DROP_NONE);
}

static void xtcp_ipv4_parse__bad_csum(struct kunit *test)
{
	struct xtcp_ipv4_repr r;
	u8 buf[sizeof(ping)];

	memcpy(buf, ping, sizeof(buf));
	buf[8] = 63;		/* ttl decremented, checksum not updated */
	KUNIT_EXPECT_EQ(test, xtcp_ipv4_parse(buf, sizeof(buf), &r),
			XTCP_DROP_BAD_CSUM);
	buf[10] = 0;		/* a zero checksum is not "none" in IPv4 */
	buf[11] = 0;
	KUNIT_EXPECT_EQ(test, xtcp_ipv4_parse(buf, sizeof(buf), &r),
			XTCP_DROP_BAD_CSUM);
}

static void xtcp_ipv4_build__rfc1071_header(struct kunit *test)
{
	const struct xtcp_ipv4_repr r = {
		.total_len = 84,
		.id = 0x41e0,
		.df = true,
		.ttl = 64,
		.protocol = IPPROTO_ICMP,
		.saddr = XTCP_IP(10, 0, 0, 4),
		.daddr = XTCP_IP(10, 0, 0, 5),
	};
	u8 buf[XTCP_IPV4_HLEN + 12];

	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	KUNIT_ASSERT_EQ(test, xtcp_ipv4_build(&r, buf, sizeof(buf)),
			XTCP_IPV4_HLEN);
	KUNIT_EXPECT_EQ(test, buf[10], 0xe4);
	KUNIT_EXPECT_EQ(test, buf[11], 0xc0);
	XTCP_EXPECT_BYTES(test, buf, ping, XTCP_IPV4_HLEN);
	XTCP_EXPECT_POISON(test, buf, XTCP_IPV4_HLEN, sizeof(buf));
}

static void xtcp_ipv4_build__fragment(struct kunit *test)
{
	const struct xtcp_ipv4_repr r = {
		.total_len = 28,
		.id = 0xbeef,
		.mf = true,
		.frag_off = 185 * 8,
		.ttl = 17,
		.protocol = IPPROTO_UDP,
		.saddr = XTCP_IP(10, 1, 2, 3),
		.daddr = XTCP_IP(10, 3, 2, 1),
		.hdr_len = 24,		/* ignored: build writes no options */
	};
	u8 buf[XTCP_IPV4_HLEN];

	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	KUNIT_ASSERT_EQ(test, xtcp_ipv4_build(&r, buf, sizeof(buf)),
			XTCP_IPV4_HLEN);
	XTCP_EXPECT_BYTES(test, buf, frag, XTCP_IPV4_HLEN);
}

static void xtcp_ipv4_build__no_space(struct kunit *test)
{
	const size_t *len = test->param_value;
	const struct xtcp_ipv4_repr r = { .total_len = 20, .ttl = 64 };
	u8 buf[XTCP_IPV4_HLEN];

	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	KUNIT_EXPECT_EQ(test, xtcp_ipv4_build(&r, buf, *len), -ENOSPC);
	XTCP_EXPECT_POISON(test, buf, 0, sizeof(buf));
}

static void xtcp_ipv4__round_trip(struct kunit *test)
{
	struct xtcp_ipv4_repr in, out;
	int i;
	u8 *buf;

	buf = kunit_kmalloc(test, 1500, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < 64; i++) {
		u32 rnd = get_random_u32();

		memset(&in, 0, sizeof(in));
		in.tos = rnd;
		in.df = rnd & BIT(8);
		in.mf = rnd & BIT(9);
		in.frag_off = ((rnd >> 10) & XTCP_IPV4_OFFSET) * 8;
		in.id = get_random_u32();
		in.ttl = get_random_u32();
		in.protocol = get_random_u32();
		in.saddr = (__force __be32)get_random_u32();
		in.daddr = (__force __be32)get_random_u32();
		in.total_len = XTCP_IPV4_HLEN + get_random_u32() % (1500 - 19);
		in.hdr_len = XTCP_IPV4_HLEN;

		KUNIT_ASSERT_EQ(test, xtcp_ipv4_build(&in, buf, 1500),
				XTCP_IPV4_HLEN);
		KUNIT_ASSERT_EQ(test, xtcp_ipv4_parse(buf, in.total_len, &out),
				XTCP_DROP_NONE);
		KUNIT_EXPECT_EQ(test, out.tos, in.tos);
		KUNIT_EXPECT_EQ(test, out.total_len, in.total_len);
		KUNIT_EXPECT_EQ(test, out.id, in.id);
		KUNIT_EXPECT_EQ(test, out.df, in.df);
		KUNIT_EXPECT_EQ(test, out.mf, in.mf);
		KUNIT_EXPECT_EQ(test, out.frag_off, in.frag_off);
		KUNIT_EXPECT_EQ(test, out.ttl, in.ttl);
		KUNIT_EXPECT_EQ(test, out.protocol, in.protocol);
		XTCP_EXPECT_SAME_IP(test, out.saddr, in.saddr);
		XTCP_EXPECT_SAME_IP(test, out.daddr, in.daddr);
		KUNIT_EXPECT_EQ(test, out.hdr_len, in.hdr_len);
	}
}

static struct kunit_case xtcp_wire_ipv4_cases[] = {
	KUNIT_CASE(xtcp_ipv4_parse__rfc1071_header),
	KUNIT_CASE(xtcp_ipv4_parse__options),
	KUNIT_CASE(xtcp_ipv4_parse__fragment),
	KUNIT_CASE(xtcp_ipv4_is_fragment__flags),
	KUNIT_CASE(xtcp_ipv4_parse__padding),
	KUNIT_CASE(xtcp_ipv4_parse__unaligned),
	KUNIT_CASE_PARAM(xtcp_ipv4_parse__truncated, xtcp_ipv4_short_gen_params),
	KUNIT_CASE_PARAM(xtcp_ipv4_parse__bad_lengths, xtcp_ipv4_len_gen_params),
	KUNIT_CASE(xtcp_ipv4_parse__bit_flips),
	KUNIT_CASE(xtcp_ipv4_parse__bad_csum),
	KUNIT_CASE(xtcp_ipv4_build__rfc1071_header),
	KUNIT_CASE(xtcp_ipv4_build__fragment),
	KUNIT_CASE_PARAM(xtcp_ipv4_build__no_space, xtcp_ipv4_short_gen_params),
	KUNIT_CASE(xtcp_ipv4__round_trip),
	{}
};

static struct kunit_suite xtcp_wire_ipv4_suite = {
	.name = "xtcp_wire_ipv4",
	.test_cases = xtcp_wire_ipv4_cases,
};

kunit_test_suite(xtcp_wire_ipv4_suite);
