// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/ip/frag.c, IPv4 reassembly.
 *
 * Fragments are cut from one random payload and fed at explicit times to a
 * context with no namespace, so no timer runs and nothing but the test
 * moves the clock. Reassembled datagrams are compared byte for byte with
 * the payload; every test ends with the context's memory back at zero.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/skbuff.h>
#include <net/ip.h>

#include "core/core.h"

/* Room for the largest offset plus fragment a test feeds. */
#define XTCP_FRAG_TEST_PAYLOAD	(65536 + 64)
#define XTCP_FRAG_TEST_START	1000UL

struct xtcp_frag_test {
	struct xtcp_frag_ctx	ctx;
	u8			*payload;
};

static const struct xtcp_frag_key xtcp_frag_test_key = {
	.saddr		= cpu_to_be32(0xc0000201),	/* 192.0.2.1 */
	.daddr		= cpu_to_be32(0xc0000202),
	.id		= cpu_to_be16(0x1234),
	.protocol	= IPPROTO_UDP,
};

static int xtcp_frag_test_init(struct kunit *test)
{
	struct xtcp_frag_test *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->payload = kunit_kmalloc(test, XTCP_FRAG_TEST_PAYLOAD, GFP_KERNEL);
	if (!t->payload)
		return -ENOMEM;
	get_random_bytes(t->payload, XTCP_FRAG_TEST_PAYLOAD);
	xtcp_frag_ctx_init(&t->ctx, NULL);
	test->priv = t;
	return 0;
}

static void xtcp_frag_test_exit(struct kunit *test)
{
	struct xtcp_frag_test *t = test->priv;

	xtcp_frag_ctx_destroy(&t->ctx);
	KUNIT_EXPECT_EQ(test, t->ctx.mem, 0);
	KUNIT_EXPECT_EQ(test, t->ctx.nr_queues, 0);
}

/*
 * A fragment of @len payload bytes from @payload + @off, behind room for
 * the IP header the caller has pulled; @pad bytes of link padding follow.
 */
static struct sk_buff *build_frag_pad(struct kunit *test, const u8 *payload,
				      unsigned int off, unsigned int len,
				      unsigned int pad)
{
	struct sk_buff *skb;

	skb = alloc_skb(sizeof(struct iphdr) + len + pad, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, sizeof(struct iphdr));
	skb_reset_network_header(skb);
	skb_put_data(skb, payload + off, len);
	memset(skb_put(skb, pad), 0xa5, pad);
	return skb;
}

static struct sk_buff *build_frag(struct kunit *test, const u8 *payload,
				  unsigned int off, unsigned int len)
{
	return build_frag_pad(test, payload, off, len, 0);
}

/* Feed one fragment; the datagram comes back exactly when it is DONE. */
static enum xtcp_frag_result feed(struct kunit *test,
				  const struct xtcp_frag_key *key,
				  const u8 *payload, unsigned int off,
				  unsigned int len, bool more,
				  unsigned long now, struct sk_buff **done)
{
	struct xtcp_frag_test *t = test->priv;
	enum xtcp_frag_result res;
	struct sk_buff *skb;

	skb = build_frag(test, payload, off, len);
	skb = xtcp_frag_input(&t->ctx, skb, key, off, len, more, now, &res);
	KUNIT_EXPECT_EQ(test, !!skb, res == XTCP_FRAG_DONE);
	if (done)
		*done = skb;
	else
		kfree_skb(skb);
	return res;
}

/* @skb is the datagram @payload[0..@total), headroom for a header; freed. */
static void expect_datagram(struct kunit *test, struct sk_buff *skb,
			    const u8 *payload, unsigned int total)
{
	u8 *buf;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, skb->len, total);
	KUNIT_EXPECT_GE(test, skb_headroom(skb), sizeof(struct iphdr));
	buf = kunit_kmalloc(test, total, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	if (skb->len == total) {
		KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, buf, total), 0);
		KUNIT_EXPECT_EQ(test, memcmp(buf, payload, total), 0);
	}
	kfree_skb(skb);
}

static void expect_empty(struct kunit *test)
{
	struct xtcp_frag_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, t->ctx.nr_queues, 0);
	KUNIT_EXPECT_EQ(test, t->ctx.mem, 0);
}

enum xtcp_frag_order { IN_ORDER, REVERSE, RANDOM };

struct xtcp_frag_order_case {
	const char *name;
	unsigned int total;
	unsigned int fsize;	/* a multiple of 8 */
	enum xtcp_frag_order order;
};

static const struct xtcp_frag_order_case xtcp_frag_order_cases[] = {
	{ "in order, 2 x 1480",	       2000,  1480, IN_ORDER },
	{ "in order, 64 B in 8s",      64,    8,    IN_ORDER },
	{ "in order, 65515 in 1480s",  65515, 1480, IN_ORDER },
	{ "reverse, 3 x 1480",	       4000,  1480, REVERSE },
	{ "reverse, 1001 B in 8s",     1001,  8,    REVERSE },
	{ "reverse, 65515 in 1480s",   65515, 1480, REVERSE },
	{ "random, 4000 B in 8s",      4000,  8,    RANDOM },
	{ "random, 9000 B in 576s",    9000,  576,  RANDOM },
	{ "random, 65515 in 1024s",    65515, 1024, RANDOM },
};

static void xtcp_frag_order_desc(const struct xtcp_frag_order_case *c,
				 char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_frag_order, xtcp_frag_order_cases,
		  xtcp_frag_order_desc);

/* Whatever the order, the last fragment in completes the datagram. */
static void xtcp_frag_input__orders(struct kunit *test)
{
	const struct xtcp_frag_order_case *c = test->param_value;
	struct xtcp_frag_test *t = test->priv;
	unsigned int n = DIV_ROUND_UP(c->total, c->fsize), i;
	struct sk_buff *done = NULL;
	struct rnd_state rnd;
	unsigned int *idx;

	idx = kunit_kmalloc_array(test, n, sizeof(*idx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, idx);
	for (i = 0; i < n; i++)
		idx[i] = c->order == REVERSE ? n - 1 - i : i;
	if (c->order == RANDOM) {
		/* Fixed seed: a failure reproduces. */
		prandom_seed_state(&rnd, c->total);
		for (i = n - 1; i > 0; i--) {
			unsigned int j = prandom_u32_state(&rnd) % (i + 1);

			swap(idx[i], idx[j]);
		}
	}

	for (i = 0; i < n; i++) {
		unsigned int off = idx[i] * c->fsize;
		unsigned int len = min(c->fsize, c->total - off);
		bool more = off + len < c->total;
		enum xtcp_frag_result res;

		res = feed(test, &xtcp_frag_test_key, t->payload, off, len,
			   more, XTCP_FRAG_TEST_START + i, &done);
		KUNIT_ASSERT_EQ_MSG(test, res,
				    i == n - 1 ? XTCP_FRAG_DONE : XTCP_FRAG_QUEUED,
				    "fragment %u of %u at %u", i, n, off);
	}
	expect_empty(test);
	expect_datagram(test, done, t->payload, c->total);
}

/*
 * Sequences of fragments of one datagram, each with the result it must
 * get; a step's @pad bytes of link padding follow its payload and must be
 * trimmed, or it is @pad bytes short if @short_by is set.
 */
struct xtcp_frag_step {
	unsigned int		off;
	unsigned int		len;
	bool			more;
	enum xtcp_frag_result	res;
	unsigned int		pad;
	unsigned int		short_by;
};

#define STEP(o, l, m, r)	{ .off = o, .len = l, .more = m, \
				  .res = XTCP_FRAG_##r }

struct xtcp_frag_seq_case {
	const char		*name;
	struct xtcp_frag_step	steps[4];
	unsigned int		nr_steps;
	unsigned int		nr_queues;	/* left at the end */
};

static const struct xtcp_frag_seq_case xtcp_frag_seq_cases[] = {
	{ "three in order", {
		STEP(0, 8, 1, QUEUED), STEP(8, 8, 1, QUEUED),
		STEP(16, 3, 0, DONE) }, 3, 0 },
	/* The caller delivers these itself; here they complete at once. */
	{ "offset 0, MF clear: not a fragment", {
		STEP(0, 100, 0, DONE) }, 1, 0 },
	{ "last alone, odd length", {
		STEP(8, 13, 0, QUEUED) }, 1, 1 },
	{ "empty", {
		STEP(0, 0, 1, BAD_LEN) }, 1, 0 },
	{ "empty last", {
		STEP(8, 0, 0, BAD_LEN) }, 1, 0 },
	{ "misaligned offset", {
		STEP(4, 8, 1, BAD_LEN) }, 1, 0 },
	{ "MF set, length not a multiple of 8", {
		STEP(0, 12, 1, BAD_LEN) }, 1, 0 },
	{ "skb shorter than the length", {
		{ .off = 0, .len = 16, .more = true, .short_by = 1,
		  .res = XTCP_FRAG_BAD_LEN } }, 1, 0 },
	{ "link padding trimmed", {
		{ .off = 0, .len = 8, .more = true, .pad = 10,
		  .res = XTCP_FRAG_QUEUED },
		{ .off = 8, .len = 4, .more = false, .pad = 6,
		  .res = XTCP_FRAG_DONE } }, 2, 0 },
	{ "ends at 65515, the largest payload", {
		STEP(65504, 11, 0, QUEUED) }, 1, 1 },
	{ "ends at 65516", {
		STEP(65504, 12, 0, TOO_BIG) }, 1, 0 },
	{ "offset 65528", {
		STEP(65528, 8, 0, TOO_BIG) }, 1, 0 },
	{ "too big drops the queue", {
		STEP(0, 8, 1, QUEUED), STEP(65504, 16, 0, TOO_BIG) }, 2, 0 },
	{ "bad length drops the queue", {
		STEP(0, 8, 1, QUEUED), STEP(8, 12, 1, BAD_LEN) }, 2, 0 },
	{ "overlap at the tail", {
		STEP(0, 16, 1, QUEUED), STEP(8, 16, 1, OVERLAP) }, 2, 0 },
	{ "overlap, then a fresh queue completes", {
		STEP(0, 16, 1, QUEUED), STEP(8, 16, 1, OVERLAP),
		STEP(16, 8, 0, QUEUED), STEP(0, 16, 1, DONE) }, 4, 0 },
	{ "overlap inside a queued fragment", {
		STEP(0, 32, 1, QUEUED), STEP(8, 8, 1, OVERLAP) }, 2, 0 },
	{ "overlap around a queued fragment", {
		STEP(8, 8, 1, QUEUED), STEP(0, 32, 1, OVERLAP) }, 2, 0 },
	{ "overlap at the same offset, shorter", {
		STEP(0, 16, 1, QUEUED), STEP(0, 8, 1, OVERLAP) }, 2, 0 },
	{ "overlap by the last fragment", {
		STEP(0, 16, 1, QUEUED), STEP(8, 16, 0, OVERLAP) }, 2, 0 },
	{ "overlap between two queued", {
		STEP(0, 8, 1, QUEUED), STEP(16, 8, 1, QUEUED),
		STEP(8, 16, 1, OVERLAP) }, 3, 0 },
	{ "duplicate first, then complete", {
		STEP(0, 16, 1, QUEUED), STEP(0, 16, 1, DUPLICATE),
		STEP(16, 8, 0, DONE) }, 3, 0 },
	{ "duplicate last, then complete", {
		STEP(16, 8, 0, QUEUED), STEP(16, 8, 0, DUPLICATE),
		STEP(8, 8, 1, QUEUED), STEP(0, 8, 1, DONE) }, 4, 0 },
	{ "two last fragments disagree", {
		STEP(16, 8, 0, QUEUED), STEP(16, 16, 0, BAD_LEN) }, 2, 0 },
	{ "last ends before queued data", {
		STEP(32, 8, 1, QUEUED), STEP(16, 8, 0, BAD_LEN) }, 2, 0 },
	{ "MF set beyond the last", {
		STEP(16, 8, 0, QUEUED), STEP(24, 8, 1, BAD_LEN) }, 2, 0 },
};

static void xtcp_frag_seq_desc(const struct xtcp_frag_seq_case *c,
			       char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_frag_seq, xtcp_frag_seq_cases, xtcp_frag_seq_desc);

static void xtcp_frag_input__sequences(struct kunit *test)
{
	const struct xtcp_frag_seq_case *c = test->param_value;
	struct xtcp_frag_test *t = test->priv;
	unsigned int i, total = 0;

	for (i = 0; i < c->nr_steps; i++) {
		const struct xtcp_frag_step *s = &c->steps[i];
		enum xtcp_frag_result res;
		struct sk_buff *skb;

		if (s->short_by) {
			skb = build_frag(test, t->payload, s->off,
					 s->len - s->short_by);
		} else {
			skb = build_frag_pad(test, t->payload, s->off, s->len,
					     s->pad);
		}
		skb = xtcp_frag_input(&t->ctx, skb, &xtcp_frag_test_key,
				      s->off, s->len, s->more,
				      XTCP_FRAG_TEST_START + i, &res);
		KUNIT_EXPECT_EQ_MSG(test, res, s->res, "step %u", i);
		KUNIT_EXPECT_EQ_MSG(test, !!skb, res == XTCP_FRAG_DONE,
				    "step %u", i);
		/* The datagram's length comes with its last fragment. */
		if (!s->more &&
		    (res == XTCP_FRAG_QUEUED || res == XTCP_FRAG_DONE))
			total = s->off + s->len;
		if (skb)
			expect_datagram(test, skb, t->payload, total);
	}
	KUNIT_EXPECT_EQ(test, t->ctx.nr_queues, c->nr_queues);
	if (!c->nr_queues)
		KUNIT_EXPECT_EQ(test, t->ctx.mem, 0);
}

/* A duplicate costs no memory and leaves the queue as it was. */
static void xtcp_frag_input__duplicate_keeps_queue(struct kunit *test)
{
	struct xtcp_frag_test *t = test->priv;
	unsigned long now = XTCP_FRAG_TEST_START;
	struct sk_buff *done;
	unsigned long mem;

	KUNIT_EXPECT_EQ(test, feed(test, &xtcp_frag_test_key, t->payload,
				   0, 1480, true, now, NULL),
			XTCP_FRAG_QUEUED);
	mem = t->ctx.mem;
	KUNIT_EXPECT_GT(test, mem, 1480);
	KUNIT_EXPECT_EQ(test, feed(test, &xtcp_frag_test_key, t->payload,
				   0, 1480, true, now + 1, NULL),
			XTCP_FRAG_DUPLICATE);
	KUNIT_EXPECT_EQ(test, t->ctx.mem, mem);
	KUNIT_EXPECT_EQ(test, t->ctx.nr_queues, 1);

	KUNIT_EXPECT_EQ(test, feed(test, &xtcp_frag_test_key, t->payload,
				   1480, 500, false, now + 2, &done),
			XTCP_FRAG_DONE);
	expect_empty(test);
	expect_datagram(test, done, t->payload, 1980);
}

/* Two datagrams in flight, told apart by id and by protocol. */
static void xtcp_frag_input__interleaved(struct kunit *test)
{
	struct xtcp_frag_test *t = test->priv;
	struct xtcp_frag_key keys[3] = {
		xtcp_frag_test_key, xtcp_frag_test_key, xtcp_frag_test_key,
	};
	unsigned long now = XTCP_FRAG_TEST_START;
	struct sk_buff *done[3] = {};
	const u8 *data[3];
	int i, k;

	keys[1].id = cpu_to_be16(0x1235);
	keys[2].protocol = IPPROTO_TCP;
	for (k = 0; k < 3; k++)
		data[k] = t->payload + 1024 * k;

	/* Three fragments each, round robin; the last fragments complete. */
	for (i = 0; i < 3; i++) {
		for (k = 0; k < 3; k++) {
			enum xtcp_frag_result res;

			res = feed(test, &keys[k], data[k], i * 512,
				   i < 2 ? 512 : 100, i < 2, now++, &done[k]);
			KUNIT_EXPECT_EQ_MSG(test, res,
					    i < 2 ? XTCP_FRAG_QUEUED : XTCP_FRAG_DONE,
					    "datagram %d fragment %d", k, i);
		}
		KUNIT_EXPECT_EQ(test, t->ctx.nr_queues, i < 2 ? 3 : 0);
	}
	expect_empty(test);
	for (k = 0; k < 3; k++)
		expect_datagram(test, done[k], data[k], 1124);
}

/* The cap refuses a new queue, then drops a queue that would pass it. */
static void xtcp_frag_input__over_cap(struct kunit *test)
{
	struct xtcp_frag_test *t = test->priv;
	struct xtcp_frag_key other = xtcp_frag_test_key;
	unsigned long now = XTCP_FRAG_TEST_START;
	unsigned int truesize;

	other.id = cpu_to_be16(0x4321);

	KUNIT_EXPECT_EQ(test, feed(test, &xtcp_frag_test_key, t->payload,
				   0, 1024, true, now, NULL),
			XTCP_FRAG_QUEUED);
	truesize = t->ctx.mem;
	/* Room for two fragments of this size. */
	t->ctx.mem_cap = 2 * truesize;
	KUNIT_EXPECT_EQ(test, feed(test, &xtcp_frag_test_key, t->payload,
				   1024, 1024, true, now, NULL),
			XTCP_FRAG_QUEUED);
	KUNIT_EXPECT_EQ(test, t->ctx.mem, 2 * truesize);

	/* No room for another datagram; the first is kept. */
	KUNIT_EXPECT_EQ(test, feed(test, &other, t->payload, 0, 1024, true,
				   now, NULL),
			XTCP_FRAG_OVER_CAP);
	KUNIT_EXPECT_EQ(test, t->ctx.nr_queues, 1);
	KUNIT_EXPECT_EQ(test, t->ctx.mem, 2 * truesize);

	/* Not even for the last fragment: the datagram is dropped. */
	KUNIT_EXPECT_EQ(test, feed(test, &xtcp_frag_test_key, t->payload,
				   2048, 8, false, now, NULL),
			XTCP_FRAG_OVER_CAP);
	expect_empty(test);

	/* With the memory back, a datagram goes through again. */
	KUNIT_EXPECT_EQ(test, feed(test, &other, t->payload, 0, 1024, true,
				   now, NULL),
			XTCP_FRAG_QUEUED);
	KUNIT_EXPECT_EQ(test, t->ctx.mem, truesize);
	/* Left queued: destroy frees it and the exit checks the count. */
}

/* A queue lives for the timeout and goes one jiffy after. */
static void xtcp_frag_expire__timeout(struct kunit *test)
{
	struct xtcp_frag_test *t = test->priv;
	struct xtcp_frag_key late = xtcp_frag_test_key;
	unsigned long start = XTCP_FRAG_TEST_START;
	unsigned long timeout = t->ctx.timeout;

	KUNIT_EXPECT_EQ(test, timeout, 30 * HZ);
	late.id = cpu_to_be16(0x5678);

	KUNIT_EXPECT_EQ(test, feed(test, &xtcp_frag_test_key, t->payload,
				   0, 1480, true, start, NULL),
			XTCP_FRAG_QUEUED);
	KUNIT_EXPECT_EQ(test, feed(test, &late, t->payload, 0, 8, true,
				   start + 10, NULL),
			XTCP_FRAG_QUEUED);

	KUNIT_EXPECT_EQ(test, xtcp_frag_expire(&t->ctx, start), 0);
	KUNIT_EXPECT_EQ(test, xtcp_frag_expire(&t->ctx, start + timeout), 0);
	KUNIT_EXPECT_EQ(test, t->ctx.nr_queues, 2);

	/* Only the older queue is due. */
	KUNIT_EXPECT_EQ(test, xtcp_frag_expire(&t->ctx, start + timeout + 1),
			1);
	KUNIT_EXPECT_EQ(test, t->ctx.nr_queues, 1);

	/* Its last fragment now starts a new queue instead of completing. */
	KUNIT_EXPECT_EQ(test, feed(test, &xtcp_frag_test_key, t->payload,
				   1480, 20, false, start + timeout + 2, NULL),
			XTCP_FRAG_QUEUED);
	KUNIT_EXPECT_EQ(test, t->ctx.nr_queues, 2);

	KUNIT_EXPECT_EQ(test, xtcp_frag_expire(&t->ctx, start + 10 + timeout),
			0);
	KUNIT_EXPECT_EQ(test, xtcp_frag_expire(&t->ctx, start + 10 + timeout + 1),
			1);
	KUNIT_EXPECT_EQ(test,
			xtcp_frag_expire(&t->ctx, start + 2 * timeout + 3), 1);
	expect_empty(test);
	KUNIT_EXPECT_EQ(test, xtcp_frag_expire(&t->ctx, start + 3 * timeout),
			0);
}

/* A context with a namespace expires on its own timer, and counts it. */
static void xtcp_frag_timer__expires(struct kunit *test)
{
	struct xtcp_frag_test *t = test->priv;
	struct xtcp_frag_ctx *ctx;
	enum xtcp_frag_result res;
	u64 timeouts, fails;
	struct sk_buff *skb;
	int i;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	xtcp_frag_ctx_init(ctx, &init_net);
	ctx->timeout = 1;
	timeouts = xtcp_mib_read(&init_net, XTCP_MIB_IPREASMTIMEOUT);
	fails = xtcp_mib_read(&init_net, XTCP_MIB_IPREASMFAILS);

	skb = build_frag(test, t->payload, 0, 8);
	skb = xtcp_frag_input(ctx, skb, &xtcp_frag_test_key, 0, 8, true,
			      jiffies, &res);
	KUNIT_EXPECT_EQ(test, res, XTCP_FRAG_QUEUED);
	KUNIT_EXPECT_NULL(test, skb);

	/* Due two jiffies on; give it up to a second. */
	for (i = 0; i < 50 && READ_ONCE(ctx->nr_queues); i++)
		msleep(20);
	KUNIT_EXPECT_EQ(test, READ_ONCE(ctx->nr_queues), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(ctx->mem), 0);
	KUNIT_EXPECT_EQ(test, xtcp_mib_read(&init_net, XTCP_MIB_IPREASMTIMEOUT),
			timeouts + 1);
	KUNIT_EXPECT_EQ(test, xtcp_mib_read(&init_net, XTCP_MIB_IPREASMFAILS),
			fails + 1);
	xtcp_frag_ctx_destroy(ctx);
}

/* The namespace's context at jiffies, as IP input uses it: MIB counts. */
static void xtcp_frag_rcv__counts(struct kunit *test)
{
	struct xtcp_frag_test *t = test->priv;
	struct xtcp_frag_key key = xtcp_frag_test_key;
	u64 reqds, oks, fails, overlaps, dups;
	struct sk_buff *skb;

	key.saddr = cpu_to_be32(0xc6336401);	/* 198.51.100.1 */
	key.id = (__force __be16)(u16)get_random_u32();
	reqds = xtcp_mib_read(&init_net, XTCP_MIB_IPREASMREQDS);
	oks = xtcp_mib_read(&init_net, XTCP_MIB_IPREASMOKS);
	fails = xtcp_mib_read(&init_net, XTCP_MIB_IPREASMFAILS);
	overlaps = xtcp_mib_read(&init_net, XTCP_MIB_IPREASMOVERLAPS);
	dups = xtcp_mib_read(&init_net, XTCP_MIB_IPREASMDUPLICATES);

	/* first, its duplicate, last: one datagram */
	skb = xtcp_frag_rcv(&init_net, build_frag(test, t->payload, 0, 16),
			    &key, 0, 16, true);
	KUNIT_EXPECT_NULL(test, skb);
	skb = xtcp_frag_rcv(&init_net, build_frag(test, t->payload, 0, 16),
			    &key, 0, 16, true);
	KUNIT_EXPECT_NULL(test, skb);
	skb = xtcp_frag_rcv(&init_net, build_frag(test, t->payload, 16, 5),
			    &key, 16, 5, false);
	expect_datagram(test, skb, t->payload, 21);

	/* first, an overlap: the datagram is dropped */
	skb = xtcp_frag_rcv(&init_net, build_frag(test, t->payload, 0, 16),
			    &key, 0, 16, true);
	KUNIT_EXPECT_NULL(test, skb);
	skb = xtcp_frag_rcv(&init_net, build_frag(test, t->payload, 8, 16),
			    &key, 8, 16, true);
	KUNIT_EXPECT_NULL(test, skb);

	KUNIT_EXPECT_EQ(test, xtcp_mib_read(&init_net, XTCP_MIB_IPREASMREQDS),
			reqds + 5);
	KUNIT_EXPECT_EQ(test, xtcp_mib_read(&init_net, XTCP_MIB_IPREASMOKS),
			oks + 1);
	KUNIT_EXPECT_EQ(test, xtcp_mib_read(&init_net, XTCP_MIB_IPREASMFAILS),
			fails + 1);
	KUNIT_EXPECT_EQ(test,
			xtcp_mib_read(&init_net, XTCP_MIB_IPREASMOVERLAPS),
			overlaps + 1);
	KUNIT_EXPECT_EQ(test,
			xtcp_mib_read(&init_net, XTCP_MIB_IPREASMDUPLICATES),
			dups + 1);
}

static struct kunit_case xtcp_frag_cases[] = {
	KUNIT_CASE_PARAM(xtcp_frag_input__orders, xtcp_frag_order_gen_params),
	KUNIT_CASE_PARAM(xtcp_frag_input__sequences, xtcp_frag_seq_gen_params),
	KUNIT_CASE(xtcp_frag_input__duplicate_keeps_queue),
	KUNIT_CASE(xtcp_frag_input__interleaved),
	KUNIT_CASE(xtcp_frag_input__over_cap),
	KUNIT_CASE(xtcp_frag_expire__timeout),
	KUNIT_CASE(xtcp_frag_timer__expires),
	KUNIT_CASE(xtcp_frag_rcv__counts),
	{}
};

static struct kunit_suite xtcp_frag_suite = {
	.name = "xtcp_frag",
	.init = xtcp_frag_test_init,
	.exit = xtcp_frag_test_exit,
	.test_cases = xtcp_frag_cases,
};

kunit_test_suite(xtcp_frag_suite);
