// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/ip/protocol.c, the transport dispatch table. xtcp itself
 * has ICMP and UDP in the table while this runs; the tests use protocol
 * 253, which RFC 3692 sets aside for experiments.
 */
#include <kunit/test.h>

#include "core/core.h"

#define TEST_PROTO	253

static void test_handler(struct sk_buff *skb)
{
}

static const struct xtcp_protocol test_prot = { .handler = test_handler };
static const struct xtcp_protocol other_prot = { .handler = test_handler };

static void xtcp_protocol__add_get_del(struct kunit *test)
{
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, xtcp_protocol_get(TEST_PROTO));
	rcu_read_unlock();

	KUNIT_ASSERT_EQ(test, xtcp_protocol_add(&test_prot, TEST_PROTO), 0);
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, xtcp_protocol_get(TEST_PROTO), &test_prot);
	rcu_read_unlock();

	/* Taken: a second transport is refused, the first stays. */
	KUNIT_EXPECT_EQ(test, xtcp_protocol_add(&other_prot, TEST_PROTO),
			-EBUSY);
	/* Only the owner can remove itself. */
	KUNIT_EXPECT_EQ(test, xtcp_protocol_del(&other_prot, TEST_PROTO),
			-ENOENT);
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, xtcp_protocol_get(TEST_PROTO), &test_prot);
	rcu_read_unlock();

	KUNIT_EXPECT_EQ(test, xtcp_protocol_del(&test_prot, TEST_PROTO), 0);
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, xtcp_protocol_get(TEST_PROTO));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, xtcp_protocol_del(&test_prot, TEST_PROTO),
			-ENOENT);
}

/* What xtcp_init() registered: ICMP without an error handler, UDP and TCP with. */
static void xtcp_protocol__builtin(struct kunit *test)
{
	const struct xtcp_protocol *p;

	rcu_read_lock();
	p = xtcp_protocol_get(IPPROTO_ICMP);
	KUNIT_EXPECT_PTR_EQ(test, p, &xtcp_icmp_protocol);
	KUNIT_EXPECT_NULL(test, p ? p->err_handler : NULL);
	p = xtcp_protocol_get(IPPROTO_UDP);
	KUNIT_EXPECT_PTR_EQ(test, p, &xtcp_udp_protocol);
	KUNIT_EXPECT_NOT_NULL(test, p ? p->err_handler : NULL);
	p = xtcp_protocol_get(IPPROTO_TCP);
	KUNIT_EXPECT_PTR_EQ(test, p, &xtcp_tcp_protocol);
	KUNIT_EXPECT_NOT_NULL(test, p ? p->err_handler : NULL);
	rcu_read_unlock();
}

static struct kunit_case xtcp_protocol_cases[] = {
	KUNIT_CASE(xtcp_protocol__add_get_del),
	KUNIT_CASE(xtcp_protocol__builtin),
	{}
};

static struct kunit_suite xtcp_protocol_suite = {
	.name = "xtcp_ip_protocol",
	.test_cases = xtcp_protocol_cases,
};

kunit_test_suite(xtcp_protocol_suite);
