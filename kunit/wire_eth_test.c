// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/wire/eth.c, the Ethernet II header, and module/wire/drop.c,
 * the drop reasons' names.
 *
 * The golden frame is an ARP request built with scapy:
 *   Ether(dst='ff:ff:ff:ff:ff:ff', src='02:00:00:00:00:01')/
 *   ARP(op=1, hwsrc='02:00:00:00:00:01', psrc='10.0.0.1', pdst='10.0.0.2')
 */
#include <kunit/test.h>
#include <linux/random.h>

#include "wire_test.h"

static const u8 arp_request_frame[42] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x06,
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x02,
};

static const u8 bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const u8 mac1[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };

static void xtcp_eth_parse__golden(struct kunit *test)
{
	struct xtcp_eth_repr r;

	KUNIT_ASSERT_EQ(test, xtcp_eth_parse(arp_request_frame,
					     sizeof(arp_request_frame), &r),
			XTCP_DROP_NONE);
	XTCP_EXPECT_BYTES(test, r.dst, bcast, ETH_ALEN);
	XTCP_EXPECT_BYTES(test, r.src, mac1, ETH_ALEN);
	KUNIT_EXPECT_EQ(test, r.ethertype, ETH_P_ARP);
}

/* A bare header, no payload, is a valid header. */
static void xtcp_eth_parse__header_only(struct kunit *test)
{
	struct xtcp_eth_repr r;

	KUNIT_EXPECT_EQ(test, xtcp_eth_parse(arp_request_frame, XTCP_ETH_HLEN,
					     &r), XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, r.ethertype, ETH_P_ARP);
}

static const size_t xtcp_eth_short_lens[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
};

KUNIT_ARRAY_PARAM(xtcp_eth_short, xtcp_eth_short_lens, xtcp_wire_len_desc);

/* Every length below the header: rejected, and the repr is left alone. */
static void xtcp_eth_parse__truncated(struct kunit *test)
{
	const size_t *len = test->param_value;
	struct xtcp_eth_repr r, before;

	memset(&r, 0x5a, sizeof(r));
	before = r;
	KUNIT_EXPECT_EQ(test, xtcp_eth_parse(arp_request_frame, *len, &r),
			XTCP_DROP_TRUNCATED);
	XTCP_EXPECT_BYTES(test, &r, &before, sizeof(r));
}

static void xtcp_eth_build__golden(struct kunit *test)
{
	struct xtcp_eth_repr r = { .ethertype = ETH_P_ARP };
	u8 buf[XTCP_ETH_HLEN + 8];

	memcpy(r.dst, bcast, ETH_ALEN);
	memcpy(r.src, mac1, ETH_ALEN);
	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	KUNIT_ASSERT_EQ(test, xtcp_eth_build(&r, buf, sizeof(buf)),
			XTCP_ETH_HLEN);
	XTCP_EXPECT_BYTES(test, buf, arp_request_frame, XTCP_ETH_HLEN);
	XTCP_EXPECT_POISON(test, buf, XTCP_ETH_HLEN, sizeof(buf));
}

/* A buffer one byte short of the header: -ENOSPC, nothing written. */
static void xtcp_eth_build__no_space(struct kunit *test)
{
	const size_t *len = test->param_value;
	struct xtcp_eth_repr r = { .ethertype = ETH_P_IP };
	u8 buf[XTCP_ETH_HLEN];

	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	KUNIT_EXPECT_EQ(test, xtcp_eth_build(&r, buf, *len), -ENOSPC);
	XTCP_EXPECT_POISON(test, buf, 0, sizeof(buf));
}

static void xtcp_eth__round_trip(struct kunit *test)
{
	struct xtcp_eth_repr in, out;
	u8 buf[XTCP_ETH_HLEN];
	int i;

	for (i = 0; i < 32; i++) {
		get_random_bytes(&in, sizeof(in));
		KUNIT_ASSERT_EQ(test, xtcp_eth_build(&in, buf, sizeof(buf)),
				XTCP_ETH_HLEN);
		KUNIT_ASSERT_EQ(test, xtcp_eth_parse(buf, sizeof(buf), &out),
				XTCP_DROP_NONE);
		XTCP_EXPECT_BYTES(test, out.dst, in.dst, ETH_ALEN);
		XTCP_EXPECT_BYTES(test, out.src, in.src, ETH_ALEN);
		KUNIT_EXPECT_EQ(test, out.ethertype, in.ethertype);
	}
}

static struct kunit_case xtcp_wire_eth_cases[] = {
	KUNIT_CASE(xtcp_eth_parse__golden),
	KUNIT_CASE(xtcp_eth_parse__header_only),
	KUNIT_CASE_PARAM(xtcp_eth_parse__truncated, xtcp_eth_short_gen_params),
	KUNIT_CASE(xtcp_eth_build__golden),
	KUNIT_CASE_PARAM(xtcp_eth_build__no_space, xtcp_eth_short_gen_params),
	KUNIT_CASE(xtcp_eth__round_trip),
	{}
};

static struct kunit_suite xtcp_wire_eth_suite = {
	.name = "xtcp_wire_eth",
	.test_cases = xtcp_wire_eth_cases,
};

/* The list expands to an enum that starts at 0 and to one name per value. */
static void xtcp_drop_reason_name__list(struct kunit *test)
{
	int i, j;

	KUNIT_EXPECT_EQ(test, XTCP_DROP_NONE, 0);
	KUNIT_EXPECT_STREQ(test, xtcp_drop_reason_name(XTCP_DROP_NONE), "None");
	KUNIT_EXPECT_STREQ(test, xtcp_drop_reason_name(XTCP_DROP_BAD_CSUM),
			   "BadCsum");
	KUNIT_EXPECT_STREQ(test, xtcp_drop_reason_name(XTCP_DROP_ICMP_BAD_QUOTE),
			   "IcmpBadQuote");
	KUNIT_EXPECT_STREQ(test, xtcp_drop_reason_name(__XTCP_DROP_MAX),
			   "Unknown");
	for (i = 0; i < __XTCP_DROP_MAX; i++)
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_STRNEQ(test, xtcp_drop_reason_name(i),
					    xtcp_drop_reason_name(j));
}

static struct kunit_case xtcp_wire_drop_cases[] = {
	KUNIT_CASE(xtcp_drop_reason_name__list),
	{}
};

static struct kunit_suite xtcp_wire_drop_suite = {
	.name = "xtcp_wire_drop",
	.test_cases = xtcp_wire_drop_cases,
};

kunit_test_suites(&xtcp_wire_eth_suite, &xtcp_wire_drop_suite);
