// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/tcp/secure_seq.c, initial sequence numbers (RFC 6528),
 * timestamp offsets and the connect-time port offset. Fixed keys and an
 * explicit clock, so every value is reproducible; the tuples of the
 * uniqueness test come from a seeded PRNG for the same reason.
 */
#include <kunit/test.h>
#include <linux/prandom.h>
#include <linux/siphash.h>
#include <linux/sort.h>

#include "tcp/tcp.h"
#include "wire_test.h"

static const siphash_key_t xtcp_isn_key1 = {
	{ 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL }
};

static const siphash_key_t xtcp_isn_key2 = {
	{ 0x1716151413121110ULL, 0x1f1e1d1c1b1a1918ULL }
};

/* A 64 ns aligned wall clock (November 2023). */
#define XTCP_ISN_NOW	(1700000000ULL * NSEC_PER_SEC)

/**
 * struct xtcp_isn_tuple - the arguments of one ISN computation
 * @key: the key
 * @saddr: our address
 * @daddr: the peer's address
 * @sport: our port, host order
 * @dport: the peer's port, host order
 */
struct xtcp_isn_tuple {
	const siphash_key_t	*key;
	__be32			saddr;
	__be32			daddr;
	u16			sport;
	u16			dport;
};

static u32 xtcp_isn_of(const struct xtcp_isn_tuple *t, u64 now)
{
	return xtcp_tcp_isn(t->key, t->saddr, t->daddr, htons(t->sport),
			    htons(t->dport), now);
}

static const struct xtcp_isn_tuple xtcp_isn_base = {
	&xtcp_isn_key1, XTCP_IP(10, 0, 0, 1), XTCP_IP(10, 0, 0, 2), 40000, 80,
};

static void xtcp_tcp_isn__deterministic(struct kunit *test)
{
	u32 a = xtcp_isn_of(&xtcp_isn_base, XTCP_ISN_NOW);
	u32 b = xtcp_isn_of(&xtcp_isn_base, XTCP_ISN_NOW);

	KUNIT_EXPECT_EQ(test, a, b);
	/* The same from a copy: nothing but the arguments counts. */
	{
		struct xtcp_isn_tuple t = xtcp_isn_base;
		siphash_key_t key = xtcp_isn_key1;

		t.key = &key;
		KUNIT_EXPECT_EQ(test, xtcp_isn_of(&t, XTCP_ISN_NOW), a);
	}
}

/**
 * struct xtcp_isn_change_case - one argument changed from xtcp_isn_base
 * @name: what changed
 * @t: the changed tuple
 */
struct xtcp_isn_change_case {
	const char		*name;
	struct xtcp_isn_tuple	t;
};

static const struct xtcp_isn_change_case xtcp_isn_change_cases[] = {
	{ "saddr", { &xtcp_isn_key1, XTCP_IP(10, 0, 0, 3),
		     XTCP_IP(10, 0, 0, 2), 40000, 80 } },
	{ "daddr", { &xtcp_isn_key1, XTCP_IP(10, 0, 0, 1),
		     XTCP_IP(10, 0, 1, 2), 40000, 80 } },
	{ "sport", { &xtcp_isn_key1, XTCP_IP(10, 0, 0, 1),
		     XTCP_IP(10, 0, 0, 2), 40001, 80 } },
	{ "dport", { &xtcp_isn_key1, XTCP_IP(10, 0, 0, 1),
		     XTCP_IP(10, 0, 0, 2), 40000, 81 } },
	{ "addresses swapped", { &xtcp_isn_key1, XTCP_IP(10, 0, 0, 2),
				 XTCP_IP(10, 0, 0, 1), 40000, 80 } },
	{ "ports swapped", { &xtcp_isn_key1, XTCP_IP(10, 0, 0, 1),
			     XTCP_IP(10, 0, 0, 2), 80, 40000 } },
	{ "other key", { &xtcp_isn_key2, XTCP_IP(10, 0, 0, 1),
			 XTCP_IP(10, 0, 0, 2), 40000, 80 } },
};

static void xtcp_isn_change_desc(const struct xtcp_isn_change_case *c,
				 char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_isn_change, xtcp_isn_change_cases,
		  xtcp_isn_change_desc);

/* Any change to the tuple or the key gives another ISN. */
static void xtcp_tcp_isn__tuple_changed(struct kunit *test)
{
	const struct xtcp_isn_change_case *c = test->param_value;

	KUNIT_EXPECT_NE(test, xtcp_isn_of(&c->t, XTCP_ISN_NOW),
			xtcp_isn_of(&xtcp_isn_base, XTCP_ISN_NOW));
}

/**
 * struct xtcp_isn_clock_case - the ISN some time after XTCP_ISN_NOW
 * @name: description
 * @delta_ns: time elapsed
 * @advance: how far the ISN moves, mod 2^32
 */
struct xtcp_isn_clock_case {
	const char	*name;
	u64		delta_ns;
	u32		advance;
};

static const struct xtcp_isn_clock_case xtcp_isn_clock_cases[] = {
	{ "0 ns",		0,				0 },
	{ "63 ns",		63,				0 },
	{ "64 ns",		64,				1 },
	{ "1 us",		1000,				15 },
	{ "1 ms",		1000000,			15625 },
	{ "1 s",		NSEC_PER_SEC,			15625000 },
	{ "60 s",		60 * NSEC_PER_SEC,		937500000 },
	/* 2^32 ticks of 64 ns: one full turn, 274.9 s */
	{ "2^38 ns",		1ULL << 38,			0 },
	{ "2^38 + 64 ns",	(1ULL << 38) + 64,		1 },
	/* 86400 * 15625000 = 0x13a52453c00 ticks, mod 2^32 */
	{ "1 day",		86400 * NSEC_PER_SEC,		0x52453c00 },
};

static void xtcp_isn_clock_desc(const struct xtcp_isn_clock_case *c,
				char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_isn_clock, xtcp_isn_clock_cases, xtcp_isn_clock_desc);

/* The ISN advances one per 64 ns (seq_scale()). */
static void xtcp_tcp_isn__clock(struct kunit *test)
{
	const struct xtcp_isn_clock_case *c = test->param_value;
	u32 before = xtcp_isn_of(&xtcp_isn_base, XTCP_ISN_NOW);
	u32 after = xtcp_isn_of(&xtcp_isn_base, XTCP_ISN_NOW + c->delta_ns);

	KUNIT_EXPECT_EQ(test, after - before, c->advance);
}

/* The clock counts for every tuple alike: the hash does not see it. */
static void xtcp_tcp_isn__clock_is_additive(struct kunit *test)
{
	const struct xtcp_isn_tuple *o = &xtcp_isn_change_cases[0].t;
	u64 later = XTCP_ISN_NOW + 12345 * NSEC_PER_SEC + 777;

	KUNIT_EXPECT_EQ(test,
			xtcp_isn_of(&xtcp_isn_base, later) -
			xtcp_isn_of(o, later),
			xtcp_isn_of(&xtcp_isn_base, XTCP_ISN_NOW) -
			xtcp_isn_of(o, XTCP_ISN_NOW));
}

static int xtcp_isn_cmp(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

#define XTCP_ISN_TUPLES	10000

/*
 * ISN uniqueness: 10000 distinct tuples at one instant get 10000 distinct
 * ISNs. A random function into 2^32 collides among 10000 values with
 * probability n^2 / 2^33, about 1.2 %, so the keys and tuples are fixed
 * (a seeded PRNG): the test is a reproducible check of this key, not a
 * coin toss. The tuples are distinct: the index is in the source address.
 */
static void xtcp_tcp_isn__unique(struct kunit *test)
{
	struct rnd_state rnd;
	unsigned int i, dups = 0;
	u32 *isn;

	isn = kunit_kmalloc_array(test, XTCP_ISN_TUPLES, sizeof(*isn),
				  GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, isn);
	prandom_seed_state(&rnd, 0x786374706973ULL);
	for (i = 0; i < XTCP_ISN_TUPLES; i++) {
		u32 r = prandom_u32_state(&rnd);
		/* 10.x.y.z with x.y.z = i: distinct tuples. */
		__be32 saddr = htonl(0x0a000000 | i);
		__be32 daddr = (__force __be32)prandom_u32_state(&rnd);

		isn[i] = xtcp_tcp_isn(&xtcp_isn_key1, saddr, daddr,
				      (__force __be16)(u16)r,
				      (__force __be16)(u16)(r >> 16),
				      XTCP_ISN_NOW);
	}
	sort(isn, XTCP_ISN_TUPLES, sizeof(*isn), xtcp_isn_cmp, NULL);
	for (i = 1; i < XTCP_ISN_TUPLES; i++)
		if (isn[i] == isn[i - 1])
			dups++;
	KUNIT_EXPECT_EQ(test, dups, 0U);
	/* And they spread: the sorted ISNs span most of the space. */
	KUNIT_EXPECT_LT(test, isn[0], 1U << 24);
	KUNIT_EXPECT_GT(test, isn[XTCP_ISN_TUPLES - 1], ~0U - (1U << 24));
}

/* One offset per address pair: ports do not enter, the key does. */
static void xtcp_tcp_ts_off__per_address_pair(struct kunit *test)
{
	__be32 a = XTCP_IP(10, 0, 0, 1), b = XTCP_IP(10, 0, 0, 2);
	u32 off = xtcp_tcp_ts_off(&xtcp_isn_key1, a, b);

	KUNIT_EXPECT_EQ(test, xtcp_tcp_ts_off(&xtcp_isn_key1, a, b), off);
	KUNIT_EXPECT_NE(test, xtcp_tcp_ts_off(&xtcp_isn_key1, b, a), off);
	KUNIT_EXPECT_NE(test,
			xtcp_tcp_ts_off(&xtcp_isn_key1, a,
					XTCP_IP(10, 0, 0, 3)), off);
	KUNIT_EXPECT_NE(test, xtcp_tcp_ts_off(&xtcp_isn_key2, a, b), off);
}

/**
 * struct xtcp_port_off_case - a port offset against the base one
 * @name: what changed
 * @daddr: the peer's address
 * @dport: the peer's port, host order
 * @now: jiffies
 * @same: whether the offset equals the base one
 */
struct xtcp_port_off_case {
	const char	*name;
	__be32		daddr;
	u16		dport;
	unsigned long	now;
	bool		same;
};

#define XTCP_PORT_T0	(1000 * XTCP_TCP_PORT_SHUFFLE_PERIOD)

static const struct xtcp_port_off_case xtcp_port_off_cases[] = {
	{ "same",		XTCP_IP(10, 0, 0, 2), 80, XTCP_PORT_T0, true },
	{ "end of period",	XTCP_IP(10, 0, 0, 2), 80,
	  XTCP_PORT_T0 + XTCP_TCP_PORT_SHUFFLE_PERIOD - 1, true },
	{ "next period",	XTCP_IP(10, 0, 0, 2), 80,
	  XTCP_PORT_T0 + XTCP_TCP_PORT_SHUFFLE_PERIOD, false },
	{ "period before",	XTCP_IP(10, 0, 0, 2), 80, XTCP_PORT_T0 - 1,
	  false },
	{ "daddr",		XTCP_IP(10, 0, 0, 3), 80, XTCP_PORT_T0, false },
	{ "dport",		XTCP_IP(10, 0, 0, 2), 443, XTCP_PORT_T0, false },
};

static void xtcp_port_off_desc(const struct xtcp_port_off_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_port_off, xtcp_port_off_cases, xtcp_port_off_desc);

static void xtcp_tcp_port_offset__cases(struct kunit *test)
{
	const struct xtcp_port_off_case *c = test->param_value;
	__be32 saddr = XTCP_IP(10, 0, 0, 1);
	u64 base = xtcp_tcp_port_offset(&xtcp_isn_key1, saddr,
					XTCP_IP(10, 0, 0, 2), htons(80),
					XTCP_PORT_T0);
	u64 off = xtcp_tcp_port_offset(&xtcp_isn_key1, saddr, c->daddr,
				       htons(c->dport), c->now);

	KUNIT_EXPECT_EQ(test, off == base, c->same);
}

/* Fresh keys are random: two namespaces do not share them. */
static void xtcp_tcp_secrets_init__random(struct kunit *test)
{
	struct xtcp_tcp_secrets *a, *b;
	static const siphash_key_t zero;

	a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	xtcp_tcp_secrets_init(a);
	xtcp_tcp_secrets_init(b);
	KUNIT_EXPECT_NE(test, memcmp(a, b, sizeof(*a)), 0);
	KUNIT_EXPECT_NE(test, memcmp(&a->isn, &zero, sizeof(zero)), 0);
	KUNIT_EXPECT_NE(test, memcmp(&a->ts, &zero, sizeof(zero)), 0);
	KUNIT_EXPECT_NE(test, memcmp(&a->cookie[0], &zero, sizeof(zero)), 0);
	KUNIT_EXPECT_NE(test, memcmp(&a->cookie[1], &zero, sizeof(zero)), 0);
	/* Each key is its own: the ISN and timestamp keys differ. */
	KUNIT_EXPECT_NE(test, memcmp(&a->isn, &a->ts, sizeof(zero)), 0);
	KUNIT_EXPECT_NE(test, memcmp(&a->cookie[0], &a->cookie[1],
				     sizeof(zero)), 0);
}

static struct kunit_case xtcp_tcp_isn_cases[] = {
	KUNIT_CASE(xtcp_tcp_isn__deterministic),
	KUNIT_CASE_PARAM(xtcp_tcp_isn__tuple_changed,
			 xtcp_isn_change_gen_params),
	KUNIT_CASE_PARAM(xtcp_tcp_isn__clock, xtcp_isn_clock_gen_params),
	KUNIT_CASE(xtcp_tcp_isn__clock_is_additive),
	KUNIT_CASE(xtcp_tcp_isn__unique),
	KUNIT_CASE(xtcp_tcp_ts_off__per_address_pair),
	KUNIT_CASE_PARAM(xtcp_tcp_port_offset__cases,
			 xtcp_port_off_gen_params),
	KUNIT_CASE(xtcp_tcp_secrets_init__random),
	{}
};

static struct kunit_suite xtcp_tcp_isn_suite = {
	.name = "xtcp_tcp_isn",
	.test_cases = xtcp_tcp_isn_cases,
};

kunit_test_suite(xtcp_tcp_isn_suite);
