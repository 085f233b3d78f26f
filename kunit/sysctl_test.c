// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/core/sysctl.c, the per-namespace tunables: the table's
 * layout, Linux's defaults, text in and out, and refusals that change
 * nothing. sysctl_test.sh compares the same with Linux's own sysctls.
 */
#include <kunit/test.h>
#include <net/tcp.h>

#include "core/core.h"

static struct xtcp_sysctl *new_sysctl(struct kunit *test)
{
	struct xtcp_sysctl *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	xtcp_sysctl_init(s);
	return s;
}

static const char *fmt(struct kunit *test, struct xtcp_sysctl *s,
		       const char *name)
{
	char *buf = kunit_kzalloc(test, 64, GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < xtcp_sysctl_count(); i++) {
		if (!strcmp(xtcp_sysctl_name(i), name)) {
			KUNIT_EXPECT_GT(test, xtcp_sysctl_format(s, i, buf, 64), 0);
			return buf;
		}
	}
	KUNIT_FAIL(test, "no tunable %s", name);
	return "";
}

/* Every int of struct xtcp_sysctl belongs to exactly one tunable. */
static void xtcp_sysctl_layout__covers_struct(struct kunit *test)
{
	unsigned int ints = sizeof(struct xtcp_sysctl) / sizeof(int);
	unsigned int i, k, n, seen = 0;
	unsigned long used = 0;
	char buf[8];
	size_t off;

	KUNIT_ASSERT_LE(test, ints, BITS_PER_LONG);
	for (i = 0; !xtcp_sysctl_layout(i, &off, &n); i++) {
		KUNIT_EXPECT_EQ(test, off % sizeof(int), 0);
		for (k = 0; k < n; k++) {
			unsigned int bit = off / sizeof(int) + k;

			KUNIT_ASSERT_LT(test, bit, ints);
			KUNIT_EXPECT_FALSE_MSG(test, used & BIT(bit),
					       "%s overlaps", xtcp_sysctl_name(i));
			used |= BIT(bit);
			seen++;
		}
	}
	KUNIT_EXPECT_EQ(test, i, xtcp_sysctl_count());
	KUNIT_EXPECT_EQ(test, seen, ints);
	KUNIT_EXPECT_NULL(test, xtcp_sysctl_name(i));
	KUNIT_EXPECT_EQ(test, xtcp_sysctl_format(new_sysctl(test), i, buf,
						 sizeof(buf)), -ENOENT);
}

static void xtcp_sysctl_init__linux_defaults(struct kunit *test)
{
	struct xtcp_sysctl *s = new_sysctl(test);

	KUNIT_EXPECT_STREQ(test, fmt(test, s, "somaxconn"), "4096");
	KUNIT_EXPECT_STREQ(test, fmt(test, s, "tcp_fin_timeout"), "60");
	KUNIT_EXPECT_EQ(test, s->tcp_fin_timeout, 60 * HZ);
	KUNIT_EXPECT_STREQ(test, fmt(test, s, "tcp_keepalive_time"), "7200");
	KUNIT_EXPECT_STREQ(test, fmt(test, s, "tcp_keepalive_intvl"), "75");
	KUNIT_EXPECT_STREQ(test, fmt(test, s, "tcp_syn_retries"), "6");
	KUNIT_EXPECT_STREQ(test, fmt(test, s, "tcp_ecn"), "2");
	KUNIT_EXPECT_EQ(test, s->tcp_rmem[1], init_net.ipv4.sysctl_tcp_rmem[1]);
	KUNIT_EXPECT_EQ(test, s->tcp_wmem[2], init_net.ipv4.sysctl_tcp_wmem[2]);
}

struct set_case {
	const char	*name;
	const char	*text;
	int		err;
	const char	*after;	/* what it reads afterwards */
};

static const struct set_case set_cases[] = {
	{ "tcp_syn_retries", "1", 0, "1" },
	{ "tcp_syn_retries", "127", 0, "127" },
	{ "tcp_syn_retries", "0", -EINVAL, "6" },
	{ "tcp_syn_retries", "128", -EINVAL, "6" },
	{ "tcp_syncookies", "255", 0, "255" },
	{ "tcp_syncookies", "256", -EINVAL, "1" },
	{ "tcp_syncookies", "-1", -EINVAL, "1" },
	{ "tcp_tw_reuse", "3", -EINVAL, "2" },
	{ "tcp_sack", " \t0\n", 0, "0" },
	{ "tcp_sack", "", -EINVAL, "1" },
	{ "tcp_sack", "1 1", -EINVAL, "1" },
	{ "tcp_sack", "0x1", -EINVAL, "1" },
	{ "tcp_fin_timeout", "-5", 0, "-5" },
	{ "tcp_fin_timeout", "30", 0, "30" },
	{ "tcp_fin_timeout", "99999999999", -EINVAL, "60" },
	{ "somaxconn", "-1", -EINVAL, "4096" },
	{ "somaxconn", "0", 0, "0" },
	{ "tcp_max_syn_backlog", "-1", 0, "-1" },
	{ "tcp_wmem", "1 1 1", 0, "1\t1\t1" },
	{ "tcp_wmem", "0 1 1", -EINVAL, NULL },
	{ "tcp_wmem", "1 2 3 4", -EINVAL, NULL },
	/* All or nothing: a bad second value leaves the first unchanged. */
	{ "tcp_wmem", "8192 0", -EINVAL, NULL },
	{ "tcp_nosuch", "1", -ENOENT, NULL },
};

static void set_case_desc(const struct set_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s=\"%s\"", c->name, c->text);
}

KUNIT_ARRAY_PARAM(set, set_cases, set_case_desc);

static void xtcp_sysctl_set__table(struct kunit *test)
{
	const struct set_case *c = test->param_value;
	struct xtcp_sysctl *s = new_sysctl(test);
	struct xtcp_sysctl *before = new_sysctl(test);
	struct netlink_ext_ack extack = {};

	KUNIT_EXPECT_EQ(test, xtcp_sysctl_set(s, c->name, c->text, &extack),
			c->err);
	if (c->err)
		KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	if (c->err && !c->after)
		KUNIT_EXPECT_EQ(test, memcmp(s, before, sizeof(*s)), 0);
	if (c->after)
		KUNIT_EXPECT_STREQ(test, fmt(test, s, c->name), c->after);
}

/* A vector given fewer values keeps the rest, as /proc/sys does. */
static void xtcp_sysctl_set__vector_prefix(struct kunit *test)
{
	struct xtcp_sysctl *s = new_sysctl(test);
	int rmem1 = s->tcp_rmem[1], rmem2 = s->tcp_rmem[2];

	KUNIT_ASSERT_EQ(test, xtcp_sysctl_set(s, "tcp_rmem", "16384", NULL), 0);
	KUNIT_EXPECT_EQ(test, s->tcp_rmem[0], 16384);
	KUNIT_EXPECT_EQ(test, s->tcp_rmem[1], rmem1);
	KUNIT_EXPECT_EQ(test, s->tcp_rmem[2], rmem2);
	KUNIT_EXPECT_EQ(test, xtcp_sysctl_set(s, "tcp_rmem", "1", NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, s->tcp_rmem[0], 16384);
}

static struct kunit_case xtcp_sysctl_cases[] = {
	KUNIT_CASE(xtcp_sysctl_layout__covers_struct),
	KUNIT_CASE(xtcp_sysctl_init__linux_defaults),
	KUNIT_CASE_PARAM(xtcp_sysctl_set__table, set_gen_params),
	KUNIT_CASE(xtcp_sysctl_set__vector_prefix),
	{}
};

static struct kunit_suite xtcp_sysctl_suite = {
	.name = "xtcp_sysctl",
	.test_cases = xtcp_sysctl_cases,
};

kunit_test_suite(xtcp_sysctl_suite);
