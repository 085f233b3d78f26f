// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/ip/output.c. The IPv4 identification generator is driven
 * with fixed keys, fixed counters and an explicit clock, so every stream
 * it produces is known; the fragmentation verdict is a table, and the
 * path MTU cache runs on explicit times.
 */
#include <kunit/test.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <net/ip.h>

#include "core/core.h"

#define A(a, b, c, d)	htonl(((a) << 24) | ((b) << 16) | ((c) << 8) | (d))

static const siphash_key_t xtcp_ident_key1 = {
	{ 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL }
};

static const siphash_key_t xtcp_ident_key2 = {
	{ 0x1716151413121110ULL, 0x1f1e1d1c1b1a1918ULL }
};

#define XTCP_SRC	A(10, 0, 0, 2)
#define XTCP_DST_A	A(10, 0, 0, 1)

/* A generator with @key, counters that differ per bucket, clock at 0. */
static struct xtcp_ip_idents *xtcp_ident_build(struct kunit *test,
					       const siphash_key_t *key)
{
	struct xtcp_ip_idents *t;
	unsigned int i;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->key = *key;
	for (i = 0; i < XTCP_IP_IDENTS; i++)
		atomic_set(&t->ids[i], i * 2654435761U);
	return t;
}

/* The first destination after 10.0.0.1 whose bucket is not 10.0.0.1's. */
static __be32 xtcp_ident_other_dst(struct kunit *test,
				   const siphash_key_t *key)
{
	u32 ba = xtcp_ip_ident_bucket(key, XTCP_SRC, XTCP_DST_A, IPPROTO_UDP);
	unsigned int i;

	for (i = 3; i < 64; i++)
		if (xtcp_ip_ident_bucket(key, XTCP_SRC, A(10, 0, 0, i),
					 IPPROTO_UDP) != ba)
			return A(10, 0, 0, i);
	KUNIT_FAIL(test, "every destination hashes to one bucket");
	return 0;
}

/*
 * A burst to A leaves B's sequence alone: an off-path host that talks to
 * B cannot count what we send to A (idle scan), nor predict B's next ID
 * from A's.
 */
static void xtcp_ip_ident_next__per_destination(struct kunit *test)
{
	struct xtcp_ip_idents *t = xtcp_ident_build(test, &xtcp_ident_key1);
	__be32 b = xtcp_ident_other_dst(test, &xtcp_ident_key1);
	const unsigned int n = 16;
	u16 a0, a, b0, b1;
	unsigned int i;

	b0 = xtcp_ip_ident_next(t, XTCP_SRC, b, IPPROTO_UDP, 0);
	a0 = xtcp_ip_ident_next(t, XTCP_SRC, XTCP_DST_A, IPPROTO_UDP, 0);
	for (i = 1; i < n; i++) {
		a = xtcp_ip_ident_next(t, XTCP_SRC, XTCP_DST_A, IPPROTO_UDP, 0);
		/* Within one tick, one destination counts up by one. */
		KUNIT_EXPECT_EQ(test, a, (u16)(a0 + i));
	}
	b1 = xtcp_ip_ident_next(t, XTCP_SRC, b, IPPROTO_UDP, 0);
	KUNIT_EXPECT_NE(test, b1, (u16)(b0 + n + 1));
	KUNIT_EXPECT_EQ(test, b1, (u16)(b0 + 1));
	/* And A's stream does not continue from B's. */
	KUNIT_EXPECT_NE(test, b0, (u16)(a0 - 1));
}

/* The protocol is part of the hash, as in Linux. */
static void xtcp_ip_ident_bucket__protocol(struct kunit *test)
{
	unsigned int i, differ = 0;

	for (i = 1; i < 16; i++)
		differ += xtcp_ip_ident_bucket(&xtcp_ident_key1, XTCP_SRC,
					       A(10, 0, 0, i), IPPROTO_UDP) !=
			  xtcp_ip_ident_bucket(&xtcp_ident_key1, XTCP_SRC,
					       A(10, 0, 0, i), IPPROTO_TCP);
	KUNIT_EXPECT_GT(test, differ, 0);
}

/* Two keys (two boots, two namespaces) give two unrelated streams. */
static void xtcp_ip_ident_next__keys_differ(struct kunit *test)
{
	struct xtcp_ip_idents *t1 = xtcp_ident_build(test, &xtcp_ident_key1);
	struct xtcp_ip_idents *t2 = xtcp_ident_build(test, &xtcp_ident_key2);
	u16 s1[4], s2[4];
	unsigned int i;

	KUNIT_ASSERT_NE(test,
			xtcp_ip_ident_bucket(&t1->key, XTCP_SRC, XTCP_DST_A,
					     IPPROTO_UDP),
			xtcp_ip_ident_bucket(&t2->key, XTCP_SRC, XTCP_DST_A,
					     IPPROTO_UDP));
	for (i = 0; i < ARRAY_SIZE(s1); i++) {
		s1[i] = xtcp_ip_ident_next(t1, XTCP_SRC, XTCP_DST_A,
					   IPPROTO_UDP, 0);
		s2[i] = xtcp_ip_ident_next(t2, XTCP_SRC, XTCP_DST_A,
					   IPPROTO_UDP, 0);
	}
	KUNIT_EXPECT_NE(test, memcmp(s1, s2, sizeof(s1)), 0);
}

/*
 * After an idle spell a bucket jumps by a random amount below the idle
 * time, so the gap between two IDs a prober sees tells it nothing exact.
 */
static void xtcp_ip_ident_next__idle_jump(struct kunit *test)
{
	struct xtcp_ip_idents *t = xtcp_ident_build(test, &xtcp_ident_key1);
	unsigned int i, jumps = 0;
	u32 now = 0;
	u16 prev, id;

	prev = xtcp_ip_ident_next(t, XTCP_SRC, XTCP_DST_A, IPPROTO_UDP, now);
	for (i = 0; i < 20; i++) {
		now += 1000;
		id = xtcp_ip_ident_next(t, XTCP_SRC, XTCP_DST_A, IPPROTO_UDP,
					now);
		KUNIT_EXPECT_GE(test, (u16)(id - prev), 1);
		KUNIT_EXPECT_LE(test, (u16)(id - prev), 1000);
		jumps += (u16)(id - prev) != 1;
		prev = id;
	}
	/* All 20 jumps 0 has probability 1000^-20. */
	KUNIT_EXPECT_GT(test, jumps, 0);
}

/* Each namespace draws its own key and starting counters. */
static void xtcp_ip_idents_init__random(struct kunit *test)
{
	struct xtcp_ip_idents *t1, *t2;

	t1 = kunit_kzalloc(test, sizeof(*t1), GFP_KERNEL);
	t2 = kunit_kzalloc(test, sizeof(*t2), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t1);
	KUNIT_ASSERT_NOT_NULL(test, t2);
	xtcp_ip_idents_init(t1);
	xtcp_ip_idents_init(t2);
	KUNIT_EXPECT_NE(test, memcmp(&t1->key, &t2->key, sizeof(t1->key)), 0);
	KUNIT_EXPECT_NE(test, memcmp(t1->ids, t2->ids, sizeof(t1->ids)), 0);
}

/* --- fragmentation verdict */

struct xtcp_verdict_case {
	const char *name;
	unsigned int len;
	unsigned int mtu;
	bool nofrag;
	int verdict;
};

static const struct xtcp_verdict_case xtcp_verdict_cases[] = {
	{ "fits", 1500, 1500, false, 0 },
	{ "fits, no fragmenting", 1500, 1500, true, 0 },
	{ "fragment", 1501, 1500, false, 1 },
	{ "no fragmenting, too big", 1501, 1500, true, -EMSGSIZE },
	{ "no fragmenting, 8000 on 1280", 8028, 1280, true, -EMSGSIZE },
	{ "8000 on 9000", 8028, 9000, true, 0 },
	{ "MTU below one fragment", 100, 27, false, -EMSGSIZE },
	{ "MTU of one 8-byte fragment", 100, 28, false, 1 },
};

static void xtcp_verdict_desc(const struct xtcp_verdict_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_verdict, xtcp_verdict_cases, xtcp_verdict_desc);

static void xtcp_ip_frag_verdict__cases(struct kunit *test)
{
	const struct xtcp_verdict_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xtcp_ip_frag_verdict(c->len, c->mtu, c->nofrag),
			c->verdict);
}

/* --- IP_MTU_DISCOVER: the MTU, DF and local fragmentation per mode */

struct xtcp_policy_case {
	const char *name;
	u8 pmtudisc;
	unsigned int len;
	unsigned int pmtu;	/* learned; the device's MTU is 1500 */
	unsigned int mtu;
	bool df;
	bool nofrag;
};

static const struct xtcp_policy_case xtcp_policy_cases[] = {
	{ "DONT fits", IP_PMTUDISC_DONT, 1000, 0, 1500, false, false },
	{ "DONT over the path MTU", IP_PMTUDISC_DONT, 1400, 1200, 1200,
	  false, false },
	{ "WANT fits: DF", IP_PMTUDISC_WANT, 1500, 0, 1500, true, false },
	{ "WANT fits the path MTU: DF", IP_PMTUDISC_WANT, 1200, 1200, 1200,
	  true, false },
	{ "WANT over the path MTU: fragments, no DF", IP_PMTUDISC_WANT, 1400,
	  1200, 1200, false, false },
	{ "WANT over the device MTU", IP_PMTUDISC_WANT, 1501, 0, 1500, false,
	  false },
	{ "DO fits: DF", IP_PMTUDISC_DO, 100, 0, 1500, true, true },
	{ "DO goes by the path MTU", IP_PMTUDISC_DO, 1400, 1200, 1200, true,
	  true },
	{ "DO: a path MTU above the device's is not used", IP_PMTUDISC_DO,
	  1400, 9000, 1500, true, true },
	{ "PROBE goes by the device MTU", IP_PMTUDISC_PROBE, 1400, 1200, 1500,
	  true, true },
	{ "INTERFACE: device MTU, no DF", IP_PMTUDISC_INTERFACE, 1400, 1200,
	  1500, false, true },
	{ "OMIT: device MTU, no DF, fragments", IP_PMTUDISC_OMIT, 1400, 1200,
	  1500, false, false },
};

static void xtcp_policy_desc(const struct xtcp_policy_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_policy, xtcp_policy_cases, xtcp_policy_desc);

static void xtcp_ip_mtu_policy__cases(struct kunit *test)
{
	const struct xtcp_policy_case *c = test->param_value;
	struct xtcp_ip_mtu out;

	memset(&out, 0xa5, sizeof(out));
	xtcp_ip_mtu_policy(c->pmtudisc, c->len, 1500, c->pmtu, &out);
	KUNIT_EXPECT_EQ(test, out.mtu, c->mtu);
	KUNIT_EXPECT_EQ(test, out.df, c->df);
	KUNIT_EXPECT_EQ(test, out.nofrag, c->nofrag);
}

/* --- path MTU cache */

#define XTCP_PMTU_NOW	100000UL

static struct xtcp_pmtu_cache *xtcp_pmtu_build(struct kunit *test)
{
	struct xtcp_pmtu_cache *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	xtcp_pmtu_init(c);
	return c;
}

static void xtcp_pmtu_update__per_destination(struct kunit *test)
{
	struct xtcp_pmtu_cache *c = xtcp_pmtu_build(test);

	KUNIT_EXPECT_EQ(test, xtcp_pmtu_get(c, XTCP_DST_A, XTCP_PMTU_NOW), 0);
	xtcp_pmtu_update(c, XTCP_DST_A, 1280, XTCP_PMTU_NOW);
	KUNIT_EXPECT_EQ(test, xtcp_pmtu_get(c, XTCP_DST_A, XTCP_PMTU_NOW), 1280);
	KUNIT_EXPECT_EQ(test, xtcp_pmtu_get(c, A(10, 0, 0, 3), XTCP_PMTU_NOW),
			0);
	/* DF and bigger than the learned MTU: EMSGSIZE, as on a small link. */
	KUNIT_EXPECT_EQ(test,
			xtcp_ip_frag_verdict(1500, xtcp_pmtu_get(c, XTCP_DST_A,
								 XTCP_PMTU_NOW),
					     true), -EMSGSIZE);
}

/* Only lower until it expires, as __ip_rt_update_pmtu(). */
static void xtcp_pmtu_update__lowers_only(struct kunit *test)
{
	struct xtcp_pmtu_cache *c = xtcp_pmtu_build(test);

	xtcp_pmtu_update(c, XTCP_DST_A, 1400, XTCP_PMTU_NOW);
	xtcp_pmtu_update(c, XTCP_DST_A, 1480, XTCP_PMTU_NOW + 1);
	KUNIT_EXPECT_EQ(test, xtcp_pmtu_get(c, XTCP_DST_A, XTCP_PMTU_NOW), 1400);
	xtcp_pmtu_update(c, XTCP_DST_A, 1300, XTCP_PMTU_NOW + 2);
	KUNIT_EXPECT_EQ(test, xtcp_pmtu_get(c, XTCP_DST_A, XTCP_PMTU_NOW), 1300);
}

/* A forged tiny MTU is raised to 552 (ip_rt_min_pmtu). */
static void xtcp_pmtu_update__floor(struct kunit *test)
{
	struct xtcp_pmtu_cache *c = xtcp_pmtu_build(test);

	xtcp_pmtu_update(c, XTCP_DST_A, 68, XTCP_PMTU_NOW);
	KUNIT_EXPECT_EQ(test, xtcp_pmtu_get(c, XTCP_DST_A, XTCP_PMTU_NOW),
			XTCP_PMTU_MIN);
}

/* Forgotten after ten minutes, so a raised path MTU is found again. */
static void xtcp_pmtu_get__expires(struct kunit *test)
{
	struct xtcp_pmtu_cache *c = xtcp_pmtu_build(test);
	unsigned long end = XTCP_PMTU_NOW + XTCP_PMTU_EXPIRES;

	xtcp_pmtu_update(c, XTCP_DST_A, 1280, XTCP_PMTU_NOW);
	KUNIT_EXPECT_EQ(test, xtcp_pmtu_get(c, XTCP_DST_A, end - 1), 1280);
	KUNIT_EXPECT_EQ(test, xtcp_pmtu_get(c, XTCP_DST_A, end), 0);
	/* After expiry a higher value is taken again. */
	xtcp_pmtu_update(c, XTCP_DST_A, 1480, end);
	KUNIT_EXPECT_EQ(test, xtcp_pmtu_get(c, XTCP_DST_A, end), 1480);
}

static struct kunit_case xtcp_ip_output_cases[] = {
	KUNIT_CASE(xtcp_ip_ident_next__per_destination),
	KUNIT_CASE(xtcp_ip_ident_bucket__protocol),
	KUNIT_CASE(xtcp_ip_ident_next__keys_differ),
	KUNIT_CASE(xtcp_ip_ident_next__idle_jump),
	KUNIT_CASE(xtcp_ip_idents_init__random),
	KUNIT_CASE_PARAM(xtcp_ip_frag_verdict__cases, xtcp_verdict_gen_params),
	KUNIT_CASE_PARAM(xtcp_ip_mtu_policy__cases, xtcp_policy_gen_params),
	KUNIT_CASE(xtcp_pmtu_update__per_destination),
	KUNIT_CASE(xtcp_pmtu_update__lowers_only),
	KUNIT_CASE(xtcp_pmtu_update__floor),
	KUNIT_CASE(xtcp_pmtu_get__expires),
	{}
};

static struct kunit_suite xtcp_ip_output_suite = {
	.name = "xtcp_ip_output",
	.test_cases = xtcp_ip_output_cases,
};

kunit_test_suite(xtcp_ip_output_suite);
