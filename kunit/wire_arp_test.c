// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/wire/arp.c, ARP for IPv4 over Ethernet.
 *
 * Goldens built with scapy:
 *   request: ARP(op=1, hwsrc='02:00:00:00:00:01', psrc='10.0.0.1',
 *		  pdst='10.0.0.2')
 *   reply:   ARP(op=2, hwsrc='02:00:00:00:00:02', psrc='10.0.0.2',
 *		  hwdst='02:00:00:00:00:01', pdst='10.0.0.1')
 */
#include <kunit/test.h>
#include <linux/random.h>

#include "wire_test.h"

static const u8 arp_request[XTCP_ARP_LEN] = {
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x02,
};

static const u8 arp_reply[XTCP_ARP_LEN] = {
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x02,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x01,
};

static const u8 mac0[ETH_ALEN];
static const u8 mac1[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const u8 mac2[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };

static void xtcp_arp_parse__golden_request(struct kunit *test)
{
	struct xtcp_arp_repr r;

	KUNIT_ASSERT_EQ(test, xtcp_arp_parse(arp_request, sizeof(arp_request),
					     &r), XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, r.op, ARPOP_REQUEST);
	XTCP_EXPECT_BYTES(test, r.sha, mac1, ETH_ALEN);
	XTCP_EXPECT_IP(test, r.spa, 10, 0, 0, 1);
	XTCP_EXPECT_BYTES(test, r.tha, mac0, ETH_ALEN);
	XTCP_EXPECT_IP(test, r.tpa, 10, 0, 0, 2);
}

static void xtcp_arp_parse__golden_reply(struct kunit *test)
{
	struct xtcp_arp_repr r;

	KUNIT_ASSERT_EQ(test, xtcp_arp_parse(arp_reply, sizeof(arp_reply), &r),
			XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, r.op, ARPOP_REPLY);
	XTCP_EXPECT_BYTES(test, r.sha, mac2, ETH_ALEN);
	XTCP_EXPECT_IP(test, r.spa, 10, 0, 0, 2);
	XTCP_EXPECT_BYTES(test, r.tha, mac1, ETH_ALEN);
	XTCP_EXPECT_IP(test, r.tpa, 10, 0, 0, 1);
}

/* The minimum Ethernet payload pads ARP with 18 bytes; they are ignored. */
static void xtcp_arp_parse__padded(struct kunit *test)
{
	struct xtcp_arp_repr r;
	u8 buf[46] = {};

	memcpy(buf, arp_reply, sizeof(arp_reply));
	memset(buf + sizeof(arp_reply), 0xee, sizeof(buf) - sizeof(arp_reply));
	KUNIT_ASSERT_EQ(test, xtcp_arp_parse(buf, sizeof(buf), &r),
			XTCP_DROP_NONE);
	XTCP_EXPECT_IP(test, r.tpa, 10, 0, 0, 1);
}

static const size_t xtcp_arp_short_lens[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
	14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
};

KUNIT_ARRAY_PARAM(xtcp_arp_short, xtcp_arp_short_lens, xtcp_wire_len_desc);

static void xtcp_arp_parse__truncated(struct kunit *test)
{
	const size_t *len = test->param_value;
	struct xtcp_arp_repr r, before;

	memset(&r, 0x5a, sizeof(r));
	before = r;
	KUNIT_EXPECT_EQ(test, xtcp_arp_parse(arp_request, *len, &r),
			XTCP_DROP_TRUNCATED);
	XTCP_EXPECT_BYTES(test, &r, &before, sizeof(r));
}

struct xtcp_arp_bad_case {
	const char *name;
	size_t off;		/* byte to overwrite in the request */
	u8 val;
	enum xtcp_drop_reason reason;
};

static const struct xtcp_arp_bad_case xtcp_arp_bad_cases[] = {
	{ "htype 6 (IEEE 802)",	1, 6,    XTCP_DROP_ARP_BAD_HW },
	{ "htype 0x0101",	0, 1,    XTCP_DROP_ARP_BAD_HW },
	{ "hlen 8",		4, 8,    XTCP_DROP_ARP_BAD_HW },
	{ "hlen 0",		4, 0,    XTCP_DROP_ARP_BAD_HW },
	{ "ptype 0x86dd",	2, 0x86, XTCP_DROP_ARP_BAD_PROTO },
	{ "ptype 0x0806",	3, 0x06, XTCP_DROP_ARP_BAD_PROTO },
	{ "plen 16",		5, 16,   XTCP_DROP_ARP_BAD_PROTO },
	{ "op 0",		7, 0,    XTCP_DROP_ARP_BAD_OP },
	{ "op 3 (RARP)",	7, 3,    XTCP_DROP_ARP_BAD_OP },
	{ "op 0x0101",		6, 1,    XTCP_DROP_ARP_BAD_OP },
	{ "op 2 (reply)",	7, 2,    XTCP_DROP_NONE },
};

static void xtcp_arp_bad_desc(const struct xtcp_arp_bad_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_arp_bad, xtcp_arp_bad_cases, xtcp_arp_bad_desc);

/* Not Ethernet, not IPv4, or neither request nor reply. */
static void xtcp_arp_parse__bad_fields(struct kunit *test)
{
	const struct xtcp_arp_bad_case *c = test->param_value;
	struct xtcp_arp_repr r;
	u8 buf[XTCP_ARP_LEN];

	memcpy(buf, arp_request, sizeof(buf));
	buf[c->off] = c->val;
	KUNIT_EXPECT_EQ(test, xtcp_arp_parse(buf, sizeof(buf), &r), c->reason);
}

static void xtcp_arp_build__golden_reply(struct kunit *test)
{
	struct xtcp_arp_repr r = {
		.op = ARPOP_REPLY,
		.spa = XTCP_IP(10, 0, 0, 2),
		.tpa = XTCP_IP(10, 0, 0, 1),
	};
	u8 buf[XTCP_ARP_LEN + 8];

	memcpy(r.sha, mac2, ETH_ALEN);
	memcpy(r.tha, mac1, ETH_ALEN);
	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	KUNIT_ASSERT_EQ(test, xtcp_arp_build(&r, buf, sizeof(buf)),
			XTCP_ARP_LEN);
	XTCP_EXPECT_BYTES(test, buf, arp_reply, XTCP_ARP_LEN);
	XTCP_EXPECT_POISON(test, buf, XTCP_ARP_LEN, sizeof(buf));
}

/* Answer the golden request the way a host owning 10.0.0.2 would. */
static void xtcp_arp_build__reply_to_request(struct kunit *test)
{
	struct xtcp_arp_repr req, rep;
	u8 buf[XTCP_ARP_LEN];

	KUNIT_ASSERT_EQ(test, xtcp_arp_parse(arp_request, sizeof(arp_request),
					     &req), XTCP_DROP_NONE);
	rep.op = ARPOP_REPLY;
	memcpy(rep.sha, mac2, ETH_ALEN);
	rep.spa = req.tpa;
	memcpy(rep.tha, req.sha, ETH_ALEN);
	rep.tpa = req.spa;
	KUNIT_ASSERT_EQ(test, xtcp_arp_build(&rep, buf, sizeof(buf)),
			XTCP_ARP_LEN);
	XTCP_EXPECT_BYTES(test, buf, arp_reply, XTCP_ARP_LEN);
}

static void xtcp_arp_build__no_space(struct kunit *test)
{
	const size_t *len = test->param_value;
	struct xtcp_arp_repr r = { .op = ARPOP_REQUEST };
	u8 buf[XTCP_ARP_LEN];

	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	KUNIT_EXPECT_EQ(test, xtcp_arp_build(&r, buf, *len), -ENOSPC);
	XTCP_EXPECT_POISON(test, buf, 0, sizeof(buf));
}

static void xtcp_arp__round_trip(struct kunit *test)
{
	struct xtcp_arp_repr in, out;
	u8 buf[XTCP_ARP_LEN];
	int i;

	for (i = 0; i < 32; i++) {
		get_random_bytes(&in, sizeof(in));
		in.op = i & 1 ? ARPOP_REPLY : ARPOP_REQUEST;
		KUNIT_ASSERT_EQ(test, xtcp_arp_build(&in, buf, sizeof(buf)),
				XTCP_ARP_LEN);
		KUNIT_ASSERT_EQ(test, xtcp_arp_parse(buf, sizeof(buf), &out),
				XTCP_DROP_NONE);
		KUNIT_EXPECT_EQ(test, out.op, in.op);
		XTCP_EXPECT_BYTES(test, out.sha, in.sha, ETH_ALEN);
		XTCP_EXPECT_SAME_IP(test, out.spa, in.spa);
		XTCP_EXPECT_BYTES(test, out.tha, in.tha, ETH_ALEN);
		XTCP_EXPECT_SAME_IP(test, out.tpa, in.tpa);
	}
}

static struct kunit_case xtcp_wire_arp_cases[] = {
	KUNIT_CASE(xtcp_arp_parse__golden_request),
	KUNIT_CASE(xtcp_arp_parse__golden_reply),
	KUNIT_CASE(xtcp_arp_parse__padded),
	KUNIT_CASE_PARAM(xtcp_arp_parse__truncated, xtcp_arp_short_gen_params),
	KUNIT_CASE_PARAM(xtcp_arp_parse__bad_fields, xtcp_arp_bad_gen_params),
	KUNIT_CASE(xtcp_arp_build__golden_reply),
	KUNIT_CASE(xtcp_arp_build__reply_to_request),
	KUNIT_CASE_PARAM(xtcp_arp_build__no_space, xtcp_arp_short_gen_params),
	KUNIT_CASE(xtcp_arp__round_trip),
	{}
};

static struct kunit_suite xtcp_wire_arp_suite = {
	.name = "xtcp_wire_arp",
	.test_cases = xtcp_wire_arp_cases,
};

kunit_test_suite(xtcp_wire_arp_suite);
