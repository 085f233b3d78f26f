// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/core/ports.c. The port search runs against a fake table whose
 * slot callbacks check the locking protocol (one slot locked at a time,
 * each slot visited at most once, the winner's slot left locked); the
 * namespace settings are checked on init_net, restored afterwards, and
 * through real UDP sockets.
 */
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/net.h>
#include <linux/prandom.h>
#include <net/net_namespace.h>
#include <net/netlink.h>

#include "core/core.h"

#define NPORTS		65536

struct fake_table {
	struct kunit	*test;
	unsigned int	slot_bits;
	unsigned long	used[BITS_TO_LONGS(NPORTS)];
	unsigned long	reserved[BITS_TO_LONGS(NPORTS)];
	unsigned long	visited[BITS_TO_LONGS(NPORTS)];
	int		locked;		/* the locked slot, or -1 */
	unsigned int	lock_calls;
};

static void fake_slot_lock(void *arg, unsigned int slot, unsigned long *used)
{
	struct fake_table *f = arg;
	unsigned int i, n = NPORTS >> f->slot_bits;

	KUNIT_EXPECT_EQ(f->test, f->locked, -1);
	KUNIT_EXPECT_LT(f->test, slot, 1U << f->slot_bits);
	KUNIT_EXPECT_FALSE_MSG(f->test, test_bit(slot, f->visited),
			       "slot %u visited twice", slot);
	__set_bit(slot, f->visited);
	f->locked = slot;
	f->lock_calls++;
	for (i = 0; i < n; i++)
		if (test_bit(i << f->slot_bits | slot, f->used))
			__set_bit(i, used);
}

static void fake_slot_unlock(void *arg, unsigned int slot)
{
	struct fake_table *f = arg;

	KUNIT_EXPECT_EQ(f->test, f->locked, (int)slot);
	f->locked = -1;
}

static bool fake_reserved(void *arg, u16 port)
{
	struct fake_table *f = arg;

	return test_bit(port, f->reserved);
}

static struct fake_table *fake_new(struct kunit *test, unsigned int bits)
{
	struct fake_table *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->test = test;
	f->slot_bits = bits;
	f->locked = -1;
	return f;
}

/*
 * One search as a table does it: on success the winner's slot is locked,
 * released here once the port is "taken"; on failure nothing is locked.
 */
static u16 fake_search(struct fake_table *f, u16 low, u16 high, u32 rnd)
{
	struct xtcp_port_search s = {
		.low = low, .high = high, .slot_bits = f->slot_bits,
		.reserved = fake_reserved, .slot_lock = fake_slot_lock,
		.slot_unlock = fake_slot_unlock, .arg = f,
	};
	u16 port;

	bitmap_zero(f->visited, NPORTS);
	f->lock_calls = 0;
	port = xtcp_port_search(&s, rnd);
	if (port) {
		KUNIT_EXPECT_EQ(f->test, f->locked,
				(int)(port & ((1U << f->slot_bits) - 1)));
		KUNIT_EXPECT_GE(f->test, port, low);
		KUNIT_EXPECT_LE(f->test, port, high);
		KUNIT_EXPECT_FALSE(f->test, test_bit(port, f->used));
		KUNIT_EXPECT_FALSE(f->test, test_bit(port, f->reserved));
		__set_bit(port, f->used);
		fake_slot_unlock(f, port & ((1U << f->slot_bits) - 1));
	} else {
		KUNIT_EXPECT_EQ(f->test, f->locked, -1);
	}
	return port;
}

static const u32 rnds[] = { 0, 1, 0x12345678, 0x80000000, U32_MAX - 1,
			    U32_MAX };

/* An empty table: the first slot looked at has a free port. */
static void xtcp_port_search__empty(struct kunit *test)
{
	struct fake_table *f = fake_new(test, 8);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rnds); i++) {
		KUNIT_EXPECT_NE(test, fake_search(f, XTCP_PORT_LOW_DEFAULT,
						  XTCP_PORT_HIGH_DEFAULT,
						  rnds[i]), 0);
		KUNIT_EXPECT_EQ(test, f->lock_calls, 1U);
	}
}

/* Every port of the range taken but one: found from any start. */
static void xtcp_port_search__one_free(struct kunit *test)
{
	static const u16 free_ports[] = { XTCP_PORT_LOW_DEFAULT,
					  XTCP_PORT_LOW_DEFAULT + 1,
					  45000, XTCP_PORT_HIGH_DEFAULT };
	struct fake_table *f = fake_new(test, 8);
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(free_ports); i++) {
		for (j = 0; j < ARRAY_SIZE(rnds); j++) {
			bitmap_set(f->used, XTCP_PORT_LOW_DEFAULT,
				   XTCP_PORT_HIGH_DEFAULT -
				   XTCP_PORT_LOW_DEFAULT + 1);
			__clear_bit(free_ports[i], f->used);
			KUNIT_EXPECT_EQ(test,
					fake_search(f, XTCP_PORT_LOW_DEFAULT,
						    XTCP_PORT_HIGH_DEFAULT,
						    rnds[j]),
					free_ports[i]);
			KUNIT_EXPECT_LE(test, f->lock_calls, 256U);
		}
	}
}

/* A full range: nothing, after visiting each slot exactly once. */
static void xtcp_port_search__full(struct kunit *test)
{
	static const unsigned int bits[] = { 8, 10 };
	struct fake_table *f;
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(bits); i++) {
		f = fake_new(test, bits[i]);
		bitmap_set(f->used, XTCP_PORT_LOW_DEFAULT,
			   XTCP_PORT_HIGH_DEFAULT - XTCP_PORT_LOW_DEFAULT + 1);
		for (j = 0; j < ARRAY_SIZE(rnds); j++) {
			KUNIT_EXPECT_EQ(test,
					fake_search(f, XTCP_PORT_LOW_DEFAULT,
						    XTCP_PORT_HIGH_DEFAULT,
						    rnds[j]), 0);
			KUNIT_EXPECT_EQ(test, f->lock_calls, 1U << bits[i]);
			KUNIT_EXPECT_EQ(test,
					bitmap_weight(f->visited, NPORTS),
					1U << bits[i]);
		}
	}
}

/*
 * The selftest's case: 40000-40009 with 40005 reserved and ports outside
 * the range in use. Nine searches get the nine other ports, the tenth none.
 */
static void xtcp_port_search__small_range_reserved(struct kunit *test)
{
	struct fake_table *f = fake_new(test, 8);
	unsigned int i, j;
	u16 port;

	for (j = 0; j < ARRAY_SIZE(rnds); j++) {
		bitmap_zero(f->used, NPORTS);
		bitmap_zero(f->reserved, NPORTS);
		__set_bit(40005, f->reserved);
		__set_bit(39999, f->used);
		__set_bit(40010, f->used);
		for (i = 0; i < 9; i++) {
			port = fake_search(f, 40000, 40009, rnds[j] + i * 7919);
			KUNIT_EXPECT_NE(test, port, 0);
			KUNIT_EXPECT_NE(test, port, 40005);
		}
		for (port = 40000; port <= 40009; port++)
			KUNIT_EXPECT_EQ(test, test_bit(port, f->used),
					port != 40005);
		KUNIT_EXPECT_EQ(test, fake_search(f, 40000, 40009, rnds[j]), 0);
		/* A one-port range. */
		__clear_bit(40007, f->used);
		KUNIT_EXPECT_EQ(test, fake_search(f, 40007, 40007, rnds[j]),
				40007);
	}
}

/*
 * Random ranges, used and reserved sets against a brute-force answer: the
 * search finds a port exactly when one exists, and only a valid one.
 */
static void xtcp_port_search__random(struct kunit *test)
{
	struct fake_table *f = fake_new(test, 8);
	struct rnd_state rs;
	unsigned int i, p, density;
	u16 low, high, port;
	bool exists;

	prandom_seed_state(&rs, 42);
	for (i = 0; i < 64; i++) {
		low = 1 + prandom_u32_state(&rs) % 65535;
		high = low + prandom_u32_state(&rs) % (i % 2 ? 600 : 65536 - low);
		if (high < low)
			high = 65535;
		density = prandom_u32_state(&rs) % 4;	/* 0: sparse, 3: full */
		bitmap_zero(f->used, NPORTS);
		bitmap_zero(f->reserved, NPORTS);
		exists = false;
		for (p = low; p <= high; p++) {
			if (density == 3 ||
			    prandom_u32_state(&rs) % 16 < density * 5)
				__set_bit(p, f->used);
			else if (prandom_u32_state(&rs) % 8 == 0)
				__set_bit(p, f->reserved);
			else
				exists = true;
		}
		port = fake_search(f, low, high, prandom_u32_state(&rs));
		KUNIT_EXPECT_EQ_MSG(test, port != 0, exists,
				    "range %u-%u density %u", low, high, density);
	}
}

/* --- the namespace's settings */

struct range_case {
	const char *name;
	u32 low, high;
	int prot_sock;
	int err;
};

static const struct range_case range_cases[] = {
	{ "default", 32768, 60999, 1024, 0 },
	{ "equal bounds", 40000, 40000, 1024, 0 },
	{ "whole space, no privileged ports", 1, 65535, 0, 0 },
	{ "at the privileged limit", 1024, 2000, 1024, 0 },
	{ "high below low", 40001, 40000, 1024, -EINVAL },
	{ "low zero", 0, 100, 0, -EINVAL },
	{ "high above 65535", 40000, 65536, 1024, -EINVAL },
	{ "low in the privileged ports", 1000, 2000, 1024, -EINVAL },
};

static void range_desc(const struct range_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(range, range_cases, range_desc);

static void xtcp_ports_range_check__cases(struct kunit *test)
{
	const struct range_case *c = test->param_value;
	struct netlink_ext_ack extack = {};

	KUNIT_EXPECT_EQ(test, xtcp_ports_range_check(c->low, c->high,
						     c->prot_sock, &extack),
			c->err);
	if (c->err)
		KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	else
		KUNIT_EXPECT_NULL(test, extack._msg);
}

/* Put init_net's defaults back whatever a test did. */
static void ports_restore(struct kunit *test)
{
	unsigned long *none = xtcp_ports_bitmap_alloc();

	KUNIT_ASSERT_NOT_NULL(test, none);
	KUNIT_EXPECT_EQ(test, xtcp_ports_set(&init_net, XTCP_PORT_LOW_DEFAULT,
					     XTCP_PORT_HIGH_DEFAULT, none,
					     NULL), 0);
	bitmap_free(none);
}

static void xtcp_ports_set__defaults_and_spans(struct kunit *test)
{
	unsigned long *map = xtcp_ports_bitmap_alloc();
	struct netlink_ext_ack extack = {};
	u16 low, high;

	KUNIT_ASSERT_NOT_NULL(test, map);
	xtcp_ports_range(&init_net, &low, &high);
	KUNIT_EXPECT_EQ(test, low, XTCP_PORT_LOW_DEFAULT);
	KUNIT_EXPECT_EQ(test, high, XTCP_PORT_HIGH_DEFAULT);
	KUNIT_EXPECT_FALSE(test, xtcp_ports_reserved_next(&init_net, 0, &low,
							  &high));

	__set_bit(5, map);
	bitmap_set(map, 7, 3);
	__set_bit(65535, map);
	KUNIT_EXPECT_EQ(test, xtcp_ports_set(&init_net, 40000, 40100, map,
					     NULL), 0);
	KUNIT_EXPECT_TRUE(test, xtcp_port_reserved(&init_net, 8));
	KUNIT_EXPECT_FALSE(test, xtcp_port_reserved(&init_net, 6));
	KUNIT_ASSERT_TRUE(test, xtcp_ports_reserved_next(&init_net, 0, &low,
							 &high));
	KUNIT_EXPECT_EQ(test, low, 5);
	KUNIT_EXPECT_EQ(test, high, 5);
	KUNIT_ASSERT_TRUE(test, xtcp_ports_reserved_next(&init_net, 6, &low,
							 &high));
	KUNIT_EXPECT_EQ(test, low, 7);
	KUNIT_EXPECT_EQ(test, high, 9);
	KUNIT_ASSERT_TRUE(test, xtcp_ports_reserved_next(&init_net, 10, &low,
							 &high));
	KUNIT_EXPECT_EQ(test, low, 65535);
	KUNIT_EXPECT_EQ(test, high, 65535);
	KUNIT_EXPECT_FALSE(test, xtcp_ports_reserved_next(&init_net, 65536,
							  &low, &high));

	/* A refused range changes nothing, reserved ports included. */
	bitmap_zero(map, NPORTS);
	KUNIT_EXPECT_EQ(test, xtcp_ports_set(&init_net, 40100, 40000, map,
					     &extack), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	xtcp_ports_range(&init_net, &low, &high);
	KUNIT_EXPECT_EQ(test, low, 40000);
	KUNIT_EXPECT_EQ(test, high, 40100);
	KUNIT_EXPECT_TRUE(test, xtcp_port_reserved(&init_net, 5));

	bitmap_free(map);
	ports_restore(test);
}

static int xudp_bind0(struct socket **sockp)
{
	struct sockaddr_xtcp sx = { .sxtcp_family = xtcp_family };
	int err;

	err = sock_create_kern(&init_net, xtcp_family, SOCK_DGRAM, 0, sockp);
	if (err)
		return err;
	return kernel_bind(*sockp, (struct sockaddr *)&sx, sizeof(sx));
}

/* UDP's bind to port 0 follows the namespace's range and reserved ports. */
static void xtcp_ports__udp_bind(struct kunit *test)
{
	unsigned long *map = xtcp_ports_bitmap_alloc();
	struct sockaddr_xtcp sx;
	struct socket *sock[3];
	bool seen[3] = {};
	int i, port;

	KUNIT_ASSERT_NOT_NULL(test, map);
	__set_bit(40001, map);
	KUNIT_ASSERT_EQ(test, xtcp_ports_set(&init_net, 40000, 40002, map,
					     NULL), 0);
	bitmap_free(map);

	for (i = 0; i < 2; i++) {
		KUNIT_ASSERT_EQ(test, xudp_bind0(&sock[i]), 0);
		KUNIT_ASSERT_GE(test, kernel_getsockname(sock[i],
							 (struct sockaddr *)&sx),
				0);
		port = ntohs(sx.sxtcp_port);
		KUNIT_EXPECT_TRUE_MSG(test, port == 40000 || port == 40002,
				      "port %d", port);
		if (port >= 40000 && port <= 40002) {
			KUNIT_EXPECT_FALSE(test, seen[port - 40000]);
			seen[port - 40000] = true;
		}
	}
	/* __inet_bind() passes udp_lib_get_port()'s EADDRINUSE on. */
	KUNIT_EXPECT_EQ(test, xudp_bind0(&sock[2]), -EADDRINUSE);
	for (i = 0; i < 3; i++)
		sock_release(sock[i]);
	rcu_barrier();
	ports_restore(test);
}

static struct kunit_case xtcp_ports_cases[] = {
	KUNIT_CASE(xtcp_port_search__empty),
	KUNIT_CASE(xtcp_port_search__one_free),
	KUNIT_CASE(xtcp_port_search__full),
	KUNIT_CASE(xtcp_port_search__small_range_reserved),
	KUNIT_CASE(xtcp_port_search__random),
	KUNIT_CASE_PARAM(xtcp_ports_range_check__cases, range_gen_params),
	KUNIT_CASE(xtcp_ports_set__defaults_and_spans),
	KUNIT_CASE(xtcp_ports__udp_bind),
	{}
};

static struct kunit_suite xtcp_ports_suite = {
	.name = "xtcp_ports",
	.test_cases = xtcp_ports_cases,
};

kunit_test_suite(xtcp_ports_suite);
