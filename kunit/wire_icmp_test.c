// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/wire/icmp.c, ICMPv4.
 *
 * Goldens built with scapy (the ICMP part of each packet):
 *   echo request/reply: ICMP(type=8 or 0, id=0x1234, seq=7)/
 *			 Raw(bytes(range(0x10, 0x48)))
 *   frag needed: ICMP(type=3, code=4, nexthopmtu=1400)/Raw(quote)
 *   port unreachable: ICMP(type=3, code=3)/Raw(quote)
 * where quote is the first 28 bytes of
 *   IP(src='10.0.0.1', dst='10.0.0.9', id=0x1111, flags='DF')/
 *   UDP(sport=4000, dport=5000)/Raw(b'x' * 1472)
 */
#include <kunit/test.h>
#include <linux/random.h>
#include <net/ip.h>
#include <asm/unaligned.h>

#include "csum.h"
#include "wire/wire.h"
#include "wire_test.h"

static const u8 echo_request[64] = {
	0x08, 0x00, 0x2c, 0xf0, 0x12, 0x34, 0x00, 0x07, 0x10, 0x11, 0x12, 0x13,
	0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
	0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b,
	0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
	0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x41, 0x42, 0x43,
	0x44, 0x45, 0x46, 0x47,
};

static const u8 echo_reply[64] = {
	0x00, 0x00, 0x34, 0xf0, 0x12, 0x34, 0x00, 0x07, 0x10, 0x11, 0x12, 0x13,
	0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
	0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b,
	0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
	0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x41, 0x42, 0x43,
	0x44, 0x45, 0x46, 0x47,
};

static const u8 frag_needed[36] = {
	0x03, 0x04, 0x6b, 0xc1, 0x00, 0x00, 0x05, 0x78,
	0x45, 0x00, 0x05, 0xdc, 0x11, 0x11, 0x40, 0x00, 0x40, 0x11, 0x0f, 0xf7,
	0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x09,
	0x0f, 0xa0, 0x13, 0x88, 0x05, 0xc8, 0x62, 0xd2,
};

static const u8 port_unreach[36] = {
	0x03, 0x03, 0x71, 0x3a, 0x00, 0x00, 0x00, 0x00,
	0x45, 0x00, 0x05, 0xdc, 0x11, 0x11, 0x40, 0x00, 0x40, 0x11, 0x0f, 0xf7,
	0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x09,
	0x0f, 0xa0, 0x13, 0x88, 0x05, 0xc8, 0x62, 0xd2,
};

/* Recompute the checksum of a message the test has edited. */
static void icmp_fix_csum(u8 *msg, size_t len)
{
	__sum16 csum;

	msg[2] = 0;
	msg[3] = 0;
	csum = xtcp_csum_buf(msg, len);
	memcpy(&msg[2], &csum, sizeof(csum));
}

static void xtcp_icmp_parse__golden_echo_request(struct kunit *test)
{
	struct xtcp_icmp_repr r;

	KUNIT_ASSERT_EQ(test, xtcp_icmp_parse(echo_request,
					      sizeof(echo_request), &r),
			XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, r.type, ICMP_ECHO);
	KUNIT_EXPECT_EQ(test, r.code, 0);
	KUNIT_EXPECT_EQ(test, r.id, 0x1234);
	KUNIT_EXPECT_EQ(test, r.seq, 7);
	KUNIT_EXPECT_EQ(test, r.mtu, 0);
	KUNIT_EXPECT_PTR_EQ(test, r.data, &echo_request[XTCP_ICMP_HLEN]);
	KUNIT_EXPECT_EQ(test, r.data_len, 56);
}

static void xtcp_icmp_parse__golden_echo_reply(struct kunit *test)
{
	struct xtcp_icmp_repr r;

	KUNIT_ASSERT_EQ(test, xtcp_icmp_parse(echo_reply, sizeof(echo_reply),
					      &r), XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, r.type, ICMP_ECHOREPLY);
	KUNIT_EXPECT_EQ(test, r.id, 0x1234);
	KUNIT_EXPECT_EQ(test, r.seq, 7);
	KUNIT_EXPECT_EQ(test, r.data_len, 56);
}

static void xtcp_icmp_parse__golden_frag_needed(struct kunit *test)
{
	struct xtcp_icmp_repr r;

	KUNIT_ASSERT_EQ(test, xtcp_icmp_parse(frag_needed, sizeof(frag_needed),
					      &r), XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, r.type, ICMP_DEST_UNREACH);
	KUNIT_EXPECT_EQ(test, r.code, ICMP_FRAG_NEEDED);
	KUNIT_EXPECT_EQ(test, r.mtu, 1400);
	KUNIT_EXPECT_EQ(test, r.id, 0);
	KUNIT_EXPECT_EQ(test, r.seq, 0);
	KUNIT_EXPECT_PTR_EQ(test, r.data, &frag_needed[XTCP_ICMP_HLEN]);
	KUNIT_EXPECT_EQ(test, r.data_len, XTCP_ICMP_QUOTE_MIN);
	/* The quote: the IPv4 header, then the UDP ports 4000 and 5000. */
	KUNIT_EXPECT_EQ(test, r.data[0], 0x45);
	KUNIT_EXPECT_EQ(test, r.data[9], IPPROTO_UDP);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(r.data + 20), 4000);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(r.data + 22), 5000);
}

static void xtcp_icmp_parse__golden_port_unreach(struct kunit *test)
{
	struct xtcp_icmp_repr r;

	KUNIT_ASSERT_EQ(test, xtcp_icmp_parse(port_unreach,
					      sizeof(port_unreach), &r),
			XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, r.type, ICMP_DEST_UNREACH);
	KUNIT_EXPECT_EQ(test, r.code, ICMP_PORT_UNREACH);
	KUNIT_EXPECT_EQ(test, r.mtu, 0);
	KUNIT_EXPECT_EQ(test, r.data_len, XTCP_ICMP_QUOTE_MIN);
}

/* Only code 4 carries a next-hop MTU; elsewhere those bytes are unused. */
static void xtcp_icmp_parse__mtu_only_for_frag_needed(struct kunit *test)
{
	struct xtcp_icmp_repr r;
	u8 buf[sizeof(port_unreach)];

	memcpy(buf, port_unreach, sizeof(buf));
	buf[6] = 0x05;
	buf[7] = 0x78;
	icmp_fix_csum(buf, sizeof(buf));
	KUNIT_ASSERT_EQ(test, xtcp_icmp_parse(buf, sizeof(buf), &r),
			XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, r.mtu, 0);
}

/* Types without a decoder come back with their type, code and data. */
static void xtcp_icmp_parse__other_type(struct kunit *test)
{
	u8 buf[XTCP_ICMP_HLEN + 4] = { ICMP_TIMESTAMP, 0, 0, 0, 0xab, 0xcd,
				       0x00, 0x01, 1, 2, 3, 4 };
	struct xtcp_icmp_repr r;

	icmp_fix_csum(buf, sizeof(buf));
	KUNIT_ASSERT_EQ(test, xtcp_icmp_parse(buf, sizeof(buf), &r),
			XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, r.type, ICMP_TIMESTAMP);
	KUNIT_EXPECT_EQ(test, r.id, 0);
	KUNIT_EXPECT_EQ(test, r.seq, 0);
	KUNIT_EXPECT_PTR_EQ(test, r.data, &buf[XTCP_ICMP_HLEN]);
	KUNIT_EXPECT_EQ(test, r.data_len, 4);
}

static const size_t xtcp_icmp_short_lens[] = { 0, 1, 2, 3, 4, 5, 6, 7 };

KUNIT_ARRAY_PARAM(xtcp_icmp_short, xtcp_icmp_short_lens, xtcp_wire_len_desc);

static void xtcp_icmp_parse__truncated(struct kunit *test)
{
	const size_t *len = test->param_value;
	struct xtcp_icmp_repr r, before;

	memset(&r, 0x5a, sizeof(r));
	before = r;
	KUNIT_EXPECT_EQ(test, xtcp_icmp_parse(echo_request, *len, &r),
			XTCP_DROP_TRUNCATED);
	XTCP_EXPECT_BYTES(test, &r, &before, sizeof(r));
}

/* The checksum covers the whole message: flip any byte and it fails. */
static void xtcp_icmp_parse__bad_csum(struct kunit *test)
{
	struct xtcp_icmp_repr r;
	u8 buf[sizeof(echo_request)];
	size_t i;

	for (i = 0; i < sizeof(buf); i++) {
		memcpy(buf, echo_request, sizeof(buf));
		buf[i] ^= 0x20;
		KUNIT_EXPECT_EQ_MSG(test, xtcp_icmp_parse(buf, sizeof(buf), &r),
				    XTCP_DROP_BAD_CSUM, "byte %zu", i);
	}
	/* The message the IPv4 length delimits, not the buffer, is summed. */
	KUNIT_EXPECT_EQ(test, xtcp_icmp_parse(echo_request,
					      sizeof(echo_request) - 1, &r),
			XTCP_DROP_BAD_CSUM);
}

struct xtcp_icmp_quote_case {
	const char *name;
	u8 ver_ihl;		/* first byte of the quote */
	size_t quote_len;
	enum xtcp_drop_reason reason;
};

static const struct xtcp_icmp_quote_case xtcp_icmp_quote_cases[] = {
	{ "no quote",		    0x45, 0,  XTCP_DROP_ICMP_TRUNCATED },
	{ "quote 1 byte",	    0x45, 1,  XTCP_DROP_ICMP_TRUNCATED },
	{ "quote 20 bytes",	    0x45, 20, XTCP_DROP_ICMP_TRUNCATED },
	{ "quote 27 bytes",	    0x45, 27, XTCP_DROP_ICMP_TRUNCATED },
	{ "quote 28 bytes",	    0x45, 28, XTCP_DROP_NONE },
	{ "quote 40 bytes",	    0x45, 40, XTCP_DROP_NONE },
	{ "quoted version 6",	    0x65, 28, XTCP_DROP_ICMP_BAD_QUOTE },
	{ "quoted ihl 4",	    0x44, 28, XTCP_DROP_ICMP_BAD_QUOTE },
	{ "quoted ihl 6, 28 bytes", 0x46, 28, XTCP_DROP_ICMP_TRUNCATED },
	{ "quoted ihl 6, 31 bytes", 0x46, 31, XTCP_DROP_ICMP_TRUNCATED },
	{ "quoted ihl 6, 32 bytes", 0x46, 32, XTCP_DROP_NONE },
	{ "quoted ihl 15, 67 bytes", 0x4f, 67, XTCP_DROP_ICMP_TRUNCATED },
	{ "quoted ihl 15, 68 bytes", 0x4f, 68, XTCP_DROP_NONE },
};

static void xtcp_icmp_quote_desc(const struct xtcp_icmp_quote_case *c,
				 char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_icmp_quote, xtcp_icmp_quote_cases,
		  xtcp_icmp_quote_desc);

/* A destination unreachable must quote an IPv4 header and 8 more bytes. */
static void xtcp_icmp_parse__quote(struct kunit *test)
{
	const struct xtcp_icmp_quote_case *c = test->param_value;
	size_t len = XTCP_ICMP_HLEN + c->quote_len;
	struct xtcp_icmp_repr r;
	u8 buf[XTCP_ICMP_HLEN + 68] = {};

	memcpy(buf, frag_needed, sizeof(frag_needed));
	buf[XTCP_ICMP_HLEN] = c->ver_ihl;
	icmp_fix_csum(buf, len);
	KUNIT_EXPECT_EQ(test, xtcp_icmp_parse(buf, len, &r), c->reason);
	if (c->reason == XTCP_DROP_NONE)
		KUNIT_EXPECT_EQ(test, r.data_len, c->quote_len);
}

/*
 * The 28-byte quote of the goldens: its total length (1500) exceeds the
 * quote, so the full IPv4 parser refuses it. The quote parser must not.
 */
static void xtcp_icmp_quote_parse__28_bytes(struct kunit *test)
{
	const u8 *quote = &frag_needed[XTCP_ICMP_HLEN];
	struct xtcp_ipv4_repr ip;
	struct xtcp_icmp_quote q;

	KUNIT_EXPECT_EQ(test, xtcp_ipv4_parse(quote, XTCP_ICMP_QUOTE_MIN, &ip),
			XTCP_DROP_BAD_TOTLEN);
	KUNIT_ASSERT_EQ(test, xtcp_icmp_quote_parse(quote, XTCP_ICMP_QUOTE_MIN,
						    &q), XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, q.protocol, IPPROTO_UDP);
	KUNIT_EXPECT_EQ(test, q.hdr_len, XTCP_IPV4_HLEN);
	KUNIT_EXPECT_EQ(test, q.frag_off, 0);
	XTCP_EXPECT_IP(test, q.saddr, 10, 0, 0, 1);
	XTCP_EXPECT_IP(test, q.daddr, 10, 0, 0, 9);
	KUNIT_EXPECT_PTR_EQ(test, q.l4, quote + XTCP_IPV4_HLEN);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(q.l4), 4000);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(q.l4 + 2), 5000);
}

/*
 * Linux quotes 548 bytes of a datagram (576 with its own headers). Take
 * that much of a 1400-byte UDP datagram with a 4-byte option and a header
 * checksum a router changed: every field still comes through.
 */
static void xtcp_icmp_quote_parse__576_of_1400(struct kunit *test)
{
	const struct xtcp_ipv4_repr ip = {
		.total_len = 1400, .id = 0x4242, .ttl = 1,
		.protocol = IPPROTO_UDP,
		.saddr = XTCP_IP(10, 0, 0, 2), .daddr = XTCP_IP(192, 0, 2, 7),
	};
	struct xtcp_ipv4_repr full;
	struct xtcp_icmp_quote q;
	size_t len = XTCP_ICMP_QUOTE_MAX;
	u8 *buf;

	buf = kunit_kzalloc(test, 1400, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(buf, 'q', 1400);
	KUNIT_ASSERT_EQ(test, xtcp_ipv4_build(&ip, buf, 1400), XTCP_IPV4_HLEN);
	/* Make room for a 4-byte option: IHL 6, the ports after it. */
	memmove(buf + 24, buf + 20, 1400 - 24);
	memset(buf + 20, IPOPT_NOOP, 4);
	buf[0] = 0x46;
	put_unaligned_be16(33333, buf + 24);
	put_unaligned_be16(53, buf + 26);
	buf[10] ^= 0xff;
	KUNIT_EXPECT_NE(test, xtcp_ipv4_parse(buf, len, &full), XTCP_DROP_NONE);

	KUNIT_ASSERT_EQ(test, len, 548);
	KUNIT_ASSERT_EQ(test, xtcp_icmp_quote_parse(buf, len, &q),
			XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, q.protocol, IPPROTO_UDP);
	KUNIT_EXPECT_EQ(test, q.hdr_len, 24);
	XTCP_EXPECT_SAME_IP(test, q.saddr, ip.saddr);
	XTCP_EXPECT_SAME_IP(test, q.daddr, ip.daddr);
	KUNIT_EXPECT_PTR_EQ(test, q.l4, (const u8 *)buf + 24);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(q.l4), 33333);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(q.l4 + 2), 53);
}

/* A quote of a later fragment: its offset says the ports are not there. */
static void xtcp_icmp_quote_parse__fragment(struct kunit *test)
{
	u8 quote[XTCP_ICMP_QUOTE_MIN];
	struct xtcp_icmp_quote q;

	memcpy(quote, &frag_needed[XTCP_ICMP_HLEN], sizeof(quote));
	put_unaligned_be16(XTCP_IPV4_MF | 185, quote + 6);
	KUNIT_ASSERT_EQ(test, xtcp_icmp_quote_parse(quote, sizeof(quote), &q),
			XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, q.frag_off, 185 * 8);
}

/* The table of quote checks, on the quote parser itself: output always set. */
static void xtcp_icmp_quote_parse__cases(struct kunit *test)
{
	const struct xtcp_icmp_quote_case *c = test->param_value;
	struct xtcp_icmp_quote q, zero = {};
	u8 quote[68];

	memset(quote, 0, sizeof(quote));
	memcpy(quote, &frag_needed[XTCP_ICMP_HLEN], XTCP_ICMP_QUOTE_MIN);
	quote[0] = c->ver_ihl;
	memset(&q, 0x5a, sizeof(q));
	KUNIT_EXPECT_EQ(test, xtcp_icmp_quote_parse(quote, c->quote_len, &q),
			c->reason);
	if (c->reason) {
		XTCP_EXPECT_BYTES(test, &q, &zero, sizeof(q));
	} else {
		KUNIT_EXPECT_EQ(test, q.hdr_len, (c->ver_ihl & 0x0f) * 4);
		XTCP_EXPECT_IP(test, q.saddr, 10, 0, 0, 1);
		KUNIT_EXPECT_PTR_EQ(test, q.l4, (const u8 *)quote + q.hdr_len);
	}
}

/*
 * The head of a long message, as the rx path copies it: the fields come
 * from the head; the checksum is the caller's, so it is not checked.
 */
static void xtcp_icmp_parse_head__long_messages(struct kunit *test)
{
	u8 head[XTCP_ICMP_HEAD_MAX];
	struct xtcp_icmp_repr r;

	memset(head, 'p', sizeof(head));
	memcpy(head, echo_request, XTCP_ICMP_HLEN);
	head[2] ^= 0xff;
	KUNIT_ASSERT_EQ(test, xtcp_icmp_parse_head(head, sizeof(head), &r),
			XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, r.type, ICMP_ECHO);
	KUNIT_EXPECT_EQ(test, r.id, 0x1234);
	KUNIT_EXPECT_EQ(test, r.seq, 7);
	KUNIT_EXPECT_EQ(test, r.data_len, sizeof(head) - XTCP_ICMP_HLEN);

	/* A port unreachable quoting a header with the most options. */
	memcpy(head, port_unreach, sizeof(port_unreach));
	head[XTCP_ICMP_HLEN] = 0x4f;
	KUNIT_ASSERT_EQ(test, xtcp_icmp_parse_head(head, sizeof(head), &r),
			XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, r.code, ICMP_PORT_UNREACH);
	KUNIT_EXPECT_EQ(test, xtcp_icmp_parse_head(head, sizeof(head) - 1, &r),
			XTCP_DROP_ICMP_TRUNCATED);
	KUNIT_EXPECT_EQ(test, xtcp_icmp_parse_head(head, XTCP_ICMP_HLEN - 1,
						   &r), XTCP_DROP_TRUNCATED);
}

/* Answer the golden request: id, seq and payload come back unchanged. */
static void xtcp_icmp_build__echo_reply_from_request(struct kunit *test)
{
	struct xtcp_icmp_repr req, rep, back;
	u8 buf[sizeof(echo_reply) + 16];

	KUNIT_ASSERT_EQ(test, xtcp_icmp_parse(echo_request,
					      sizeof(echo_request), &req),
			XTCP_DROP_NONE);
	rep = req;
	rep.type = ICMP_ECHOREPLY;
	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	KUNIT_ASSERT_EQ(test, xtcp_icmp_build(&rep, buf, sizeof(buf)),
			(int)sizeof(echo_reply));
	XTCP_EXPECT_BYTES(test, buf, echo_reply, sizeof(echo_reply));
	XTCP_EXPECT_POISON(test, buf, sizeof(echo_reply), sizeof(buf));

	KUNIT_ASSERT_EQ(test, xtcp_icmp_parse(buf, sizeof(echo_reply), &back),
			XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, back.type, ICMP_ECHOREPLY);
	KUNIT_EXPECT_EQ(test, back.id, req.id);
	KUNIT_EXPECT_EQ(test, back.seq, req.seq);
	KUNIT_ASSERT_EQ(test, back.data_len, req.data_len);
	XTCP_EXPECT_BYTES(test, back.data, req.data, req.data_len);
}

/* The reply can be written over the request it answers. */
static void xtcp_icmp_build__echo_reply_in_place(struct kunit *test)
{
	struct xtcp_icmp_repr r;
	u8 buf[sizeof(echo_request)];

	memcpy(buf, echo_request, sizeof(buf));
	KUNIT_ASSERT_EQ(test, xtcp_icmp_parse(buf, sizeof(buf), &r),
			XTCP_DROP_NONE);
	r.type = ICMP_ECHOREPLY;
	KUNIT_ASSERT_EQ(test, xtcp_icmp_build(&r, buf, sizeof(buf)),
			(int)sizeof(buf));
	XTCP_EXPECT_BYTES(test, buf, echo_reply, sizeof(echo_reply));
}

static void xtcp_icmp_build__frag_needed(struct kunit *test)
{
	const struct xtcp_icmp_repr r = {
		.type = ICMP_DEST_UNREACH,
		.code = ICMP_FRAG_NEEDED,
		.mtu = 1400,
		.data = &frag_needed[XTCP_ICMP_HLEN],
		.data_len = XTCP_ICMP_QUOTE_MIN,
	};
	u8 buf[sizeof(frag_needed) + 8];

	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	KUNIT_ASSERT_EQ(test, xtcp_icmp_build(&r, buf, sizeof(buf)),
			(int)sizeof(frag_needed));
	XTCP_EXPECT_BYTES(test, buf, frag_needed, sizeof(frag_needed));
	XTCP_EXPECT_POISON(test, buf, sizeof(frag_needed), sizeof(buf));
}

/* An MTU, id or seq left in the repr is not written for a port unreachable. */
static void xtcp_icmp_build__port_unreach(struct kunit *test)
{
	const struct xtcp_icmp_repr r = {
		.type = ICMP_DEST_UNREACH,
		.code = ICMP_PORT_UNREACH,
		.id = 0x1234,
		.seq = 7,
		.mtu = 1400,
		.data = &port_unreach[XTCP_ICMP_HLEN],
		.data_len = XTCP_ICMP_QUOTE_MIN,
	};
	u8 buf[sizeof(port_unreach)];

	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	KUNIT_ASSERT_EQ(test, xtcp_icmp_build(&r, buf, sizeof(buf)),
			(int)sizeof(port_unreach));
	XTCP_EXPECT_BYTES(test, buf, port_unreach, sizeof(port_unreach));
}

/* Every buffer too short for header and data: -ENOSPC, nothing written. */
static void xtcp_icmp_build__no_space(struct kunit *test)
{
	struct xtcp_icmp_repr r;
	u8 buf[sizeof(echo_request)];
	size_t len;

	KUNIT_ASSERT_EQ(test, xtcp_icmp_parse(echo_request,
					      sizeof(echo_request), &r),
			XTCP_DROP_NONE);
	for (len = 0; len < sizeof(echo_request); len++) {
		memset(buf, XTCP_WIRE_POISON, sizeof(buf));
		KUNIT_EXPECT_EQ_MSG(test, xtcp_icmp_build(&r, buf, len),
				    -ENOSPC, "len %zu", len);
		XTCP_EXPECT_POISON(test, buf, 0, sizeof(buf));
	}
}

/* Echoes of every payload length up to 100, odd ones included. */
static void xtcp_icmp__round_trip(struct kunit *test)
{
	struct xtcp_icmp_repr in, out;
	u8 payload[100], buf[XTCP_ICMP_HLEN + 100];
	size_t n;

	for (n = 0; n <= sizeof(payload); n++) {
		get_random_bytes(payload, n);
		memset(&in, 0, sizeof(in));
		in.type = n & 1 ? ICMP_ECHO : ICMP_ECHOREPLY;
		in.id = get_random_u32();
		in.seq = n;
		in.data = payload;
		in.data_len = n;
		KUNIT_ASSERT_EQ(test, xtcp_icmp_build(&in, buf, sizeof(buf)),
				(int)(XTCP_ICMP_HLEN + n));
		KUNIT_ASSERT_EQ(test, xtcp_icmp_parse(buf, XTCP_ICMP_HLEN + n,
						      &out), XTCP_DROP_NONE);
		KUNIT_EXPECT_EQ(test, out.type, in.type);
		KUNIT_EXPECT_EQ(test, out.id, in.id);
		KUNIT_EXPECT_EQ(test, out.seq, in.seq);
		KUNIT_ASSERT_EQ(test, out.data_len, n);
		XTCP_EXPECT_BYTES(test, out.data, payload, n);
	}
}

static struct kunit_case xtcp_wire_icmp_cases[] = {
	KUNIT_CASE(xtcp_icmp_parse__golden_echo_request),
	KUNIT_CASE(xtcp_icmp_parse__golden_echo_reply),
	KUNIT_CASE(xtcp_icmp_parse__golden_frag_needed),
	KUNIT_CASE(xtcp_icmp_parse__golden_port_unreach),
	KUNIT_CASE(xtcp_icmp_parse__mtu_only_for_frag_needed),
	KUNIT_CASE(xtcp_icmp_parse__other_type),
	KUNIT_CASE_PARAM(xtcp_icmp_parse__truncated, xtcp_icmp_short_gen_params),
	KUNIT_CASE(xtcp_icmp_parse__bad_csum),
	KUNIT_CASE_PARAM(xtcp_icmp_parse__quote, xtcp_icmp_quote_gen_params),
	KUNIT_CASE(xtcp_icmp_quote_parse__28_bytes),
	KUNIT_CASE(xtcp_icmp_quote_parse__576_of_1400),
	KUNIT_CASE(xtcp_icmp_quote_parse__fragment),
	KUNIT_CASE_PARAM(xtcp_icmp_quote_parse__cases,
			 xtcp_icmp_quote_gen_params),
	KUNIT_CASE(xtcp_icmp_parse_head__long_messages),
	KUNIT_CASE(xtcp_icmp_build__echo_reply_from_request),
	KUNIT_CASE(xtcp_icmp_build__echo_reply_in_place),
	KUNIT_CASE(xtcp_icmp_build__frag_needed),
	KUNIT_CASE(xtcp_icmp_build__port_unreach),
	KUNIT_CASE(xtcp_icmp_build__no_space),
	KUNIT_CASE(xtcp_icmp__round_trip),
	{}
};

static struct kunit_suite xtcp_wire_icmp_suite = {
	.name = "xtcp_wire_icmp",
	.test_cases = xtcp_wire_icmp_cases,
};

kunit_test_suite(xtcp_wire_icmp_suite);
