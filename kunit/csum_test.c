// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/csum.c, the Internet checksum over buffers and skbs.
 *
 * Golden values come from RFC 1071 and from packets built with scapy; the
 * kernel's own checksum helpers are a second, independent oracle.
 */
#include <kunit/test.h>
#include <linux/skbuff.h>
#include <linux/random.h>
#include <net/checksum.h>
#include <net/ip.h>

#include "csum.h"
#include "wire/wire.h"

/* The IPv4 header from the notes' RFC 1071 example, checksum field zero. */
static const u8 rfc1071_iphdr[20] = {
	0x45, 0x00, 0x00, 0x54, 0x41, 0xe0, 0x40, 0x00, 0x40, 0x01,
	0x00, 0x00, 0x0a, 0x00, 0x00, 0x04, 0x0a, 0x00, 0x00, 0x05,
};

static void xtcp_csum_buf__rfc1071_ipv4_header(struct kunit *test)
{
	u8 hdr[sizeof(rfc1071_iphdr)];
	__sum16 csum;

	memcpy(hdr, rfc1071_iphdr, sizeof(hdr));
	csum = xtcp_csum_buf(hdr, sizeof(hdr));
	memcpy(&hdr[10], &csum, sizeof(csum));
	KUNIT_EXPECT_EQ(test, hdr[10], 0xe4);
	KUNIT_EXPECT_EQ(test, hdr[11], 0xc0);

	/* A header carrying its checksum verifies to zero... */
	KUNIT_EXPECT_EQ(test, (__force u16)xtcp_csum_buf(hdr, sizeof(hdr)), 0);
	/* ...and the kernel agrees. */
	KUNIT_EXPECT_EQ(test, (__force u16)ip_fast_csum(hdr, 5), 0);
}

/* RFC 1071 section 3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to 0xddf2. */
static void xtcp_csum_partial__rfc1071_sum(struct kunit *test)
{
	static const u8 data[] = { 0x00, 0x01, 0xf2, 0x03,
				   0xf4, 0xf5, 0xf6, 0xf7 };
	__sum16 csum = xtcp_csum_buf(data, sizeof(data));

	KUNIT_EXPECT_EQ(test, ntohs((__force __be16)csum), 0xffff ^ 0xddf2);
}

static void xtcp_csum_partial__empty_and_zero(struct kunit *test)
{
	static const u8 zeros[16];

	KUNIT_EXPECT_EQ(test, (__force u32)xtcp_csum_partial(zeros, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, (__force u16)xtcp_csum_buf(zeros, sizeof(zeros)),
			0xffff);
	/* The running sum passes through an empty buffer untouched. */
	KUNIT_EXPECT_EQ(test,
			(__force u32)xtcp_csum_partial(zeros, 0,
						       (__force __wsum)0x1234),
			0x1234);
}

/* An odd trailing byte is the high byte of a zero-padded word. */
static void xtcp_csum_partial__odd_tail(struct kunit *test)
{
	static const u8 one[] = { 0xab };
	static const u8 padded[] = { 0xab, 0x00 };

	KUNIT_EXPECT_EQ(test, (__force u16)xtcp_csum_buf(one, 1),
			(__force u16)xtcp_csum_buf(padded, 2));
	KUNIT_EXPECT_EQ(test, ntohs((__force __be16)xtcp_csum_buf(one, 1)),
			0xffff ^ 0xab00);
}

struct xtcp_csum_len_case {
	size_t len;
	size_t align;
};

static const struct xtcp_csum_len_case xtcp_csum_len_cases[] = {
	{ 1, 0 }, { 2, 0 }, { 3, 0 }, { 3, 1 }, { 5, 3 }, { 7, 0 },
	{ 8, 1 }, { 9, 2 }, { 15, 7 }, { 63, 0 }, { 64, 5 },
	{ 1499, 1 }, { 1500, 0 }, { 4001, 3 }, { 65535, 1 },
};

static void xtcp_csum_len_desc(const struct xtcp_csum_len_case *c,
			       char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "len %zu at +%zu", c->len,
		 c->align);
}

KUNIT_ARRAY_PARAM(xtcp_csum_len, xtcp_csum_len_cases, xtcp_csum_len_desc);

/* Random data of many lengths and alignments: agree with csum_partial(). */
static void xtcp_csum_partial__matches_kernel(struct kunit *test)
{
	const struct xtcp_csum_len_case *c = test->param_value;
	u8 *buf, *p;

	buf = kunit_kmalloc(test, c->len + 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	p = buf + c->align;
	get_random_bytes(p, c->len);

	KUNIT_EXPECT_EQ(test, (__force u16)xtcp_csum_buf(p, c->len),
			(__force u16)csum_fold(csum_partial(p, c->len, 0)));
}

/* Summing in two pieces, the second at an odd offset, equals one pass. */
static void xtcp_csum_block_add__odd_offset(struct kunit *test)
{
	u8 buf[101];
	size_t split;

	get_random_bytes(buf, sizeof(buf));
	for (split = 0; split <= sizeof(buf); split++) {
		__wsum a = xtcp_csum_partial(buf, split, 0);
		__wsum b = xtcp_csum_partial(buf + split, sizeof(buf) - split, 0);

		KUNIT_EXPECT_EQ_MSG(test,
				    (__force u16)xtcp_csum_fold(xtcp_csum_block_add(a, b, split)),
				    (__force u16)xtcp_csum_buf(buf, sizeof(buf)),
				    "split at %zu", split);
	}
}

/* A UDP datagram built by scapy: 10.0.0.1:1234 -> 10.0.0.2:5678 "hello". */
static const u8 udp_hello[] = {
	0x04, 0xd2, 0x16, 0x2e, 0x00, 0x0d, 0x8c, 0xff,
	'h', 'e', 'l', 'l', 'o',
};

static void xtcp_csum_pseudo__udp_golden(struct kunit *test)
{
	__be32 src = htonl(0x0a000001), dst = htonl(0x0a000002);
	u8 dgram[sizeof(udp_hello)];
	__sum16 csum;
	__wsum sum;

	/* Verifying a datagram that carries its checksum folds to zero. */
	sum = xtcp_csum_partial(udp_hello, sizeof(udp_hello), 0);
	sum = xtcp_csum_pseudo(src, dst, IPPROTO_UDP, sizeof(udp_hello), sum);
	KUNIT_EXPECT_EQ(test, (__force u16)xtcp_csum_fold(sum), 0);

	/* Generating it from a zeroed field gives scapy's 0x8cff. */
	memcpy(dgram, udp_hello, sizeof(dgram));
	dgram[6] = 0;
	dgram[7] = 0;
	sum = xtcp_csum_partial(dgram, sizeof(dgram), 0);
	csum = xtcp_csum_fold(xtcp_csum_pseudo(src, dst, IPPROTO_UDP,
					       sizeof(dgram), sum));
	KUNIT_EXPECT_EQ(test, ntohs((__force __be16)csum), 0x8cff);

	/* The kernel's pseudo-header helper agrees. */
	sum = csum_partial(dgram, sizeof(dgram), 0);
	KUNIT_EXPECT_EQ(test, (__force u16)csum,
			(__force u16)csum_tcpudp_magic(src, dst, sizeof(dgram),
						       IPPROTO_UDP, sum));
}

static void xtcp_csum_pseudo__matches_kernel(struct kunit *test)
{
	int i;

	for (i = 0; i < 64; i++) {
		__be32 s = (__force __be32)get_random_u32();
		__be32 d = (__force __be32)get_random_u32();
		u16 len = get_random_u32() & 0xffff;
		u8 proto = i & 1 ? IPPROTO_TCP : IPPROTO_UDP;
		__wsum body = (__force __wsum)get_random_u32();
		__wsum ours = xtcp_csum_pseudo(s, d, proto, len, body);

		KUNIT_EXPECT_EQ(test, (__force u16)xtcp_csum_fold(ours),
				(__force u16)csum_tcpudp_magic(s, d, len, proto, body));
	}
}

/*
 * Build an skb of @hlen linear bytes followed by page fragments of the
 * sizes in @frags, filled from @data.
 */
static struct sk_buff *build_frag_skb(struct kunit *test, const u8 *data,
				      size_t hlen, const size_t *frags,
				      int nfrags)
{
	struct sk_buff *skb;
	size_t off = hlen;
	int i;

	skb = alloc_skb(hlen, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_data(skb, data, hlen);
	for (i = 0; i < nfrags; i++) {
		struct page *page = alloc_page(GFP_KERNEL);

		if (!page)
			kfree_skb(skb);
		KUNIT_ASSERT_NOT_NULL(test, page);
		/* Start each frag at an odd page offset to stress alignment. */
		memcpy(page_address(page) + 1, data + off, frags[i]);
		skb_add_rx_frag(skb, i, page, 1, frags[i], PAGE_SIZE);
		off += frags[i];
	}
	return skb;
}

static void xtcp_csum_skb__paged_matches_flat(struct kunit *test)
{
	static const size_t frags[] = { 1, 333, 2, 1001, 77 };
	size_t total = 41, i;
	struct sk_buff *skb;
	int off, len;
	u8 *data;

	for (i = 0; i < ARRAY_SIZE(frags); i++)
		total += frags[i];
	data = kunit_kmalloc(test, total, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, data);
	get_random_bytes(data, total);

	skb = build_frag_skb(test, data, 41, frags, ARRAY_SIZE(frags));
	KUNIT_ASSERT_EQ(test, skb->len, total);
	KUNIT_EXPECT_TRUE(test, skb_is_nonlinear(skb));

	/* Every start offset, odd and even, over a range crossing frags. */
	for (off = 0; off < 80; off += 3) {
		len = total - off - 5;
		KUNIT_EXPECT_EQ_MSG(test,
				    (__force u16)xtcp_csum_fold(xtcp_csum_skb(skb, off, len, 0)),
				    (__force u16)xtcp_csum_buf(data + off, len),
				    "offset %d", off);
	}
	kfree_skb(skb);
}

static void xtcp_csum_skb__linear(struct kunit *test)
{
	struct sk_buff *skb = alloc_skb(sizeof(rfc1071_iphdr), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_data(skb, rfc1071_iphdr, sizeof(rfc1071_iphdr));
	KUNIT_EXPECT_EQ(test,
			ntohs((__force __be16)xtcp_csum_fold(xtcp_csum_skb(skb, 0, skb->len, 0))),
			0xe4c0);
	kfree_skb(skb);
}

static struct kunit_case xtcp_csum_cases[] = {
	KUNIT_CASE(xtcp_csum_buf__rfc1071_ipv4_header),
	KUNIT_CASE(xtcp_csum_partial__rfc1071_sum),
	KUNIT_CASE(xtcp_csum_partial__empty_and_zero),
	KUNIT_CASE(xtcp_csum_partial__odd_tail),
	KUNIT_CASE_PARAM(xtcp_csum_partial__matches_kernel, xtcp_csum_len_gen_params),
	KUNIT_CASE(xtcp_csum_block_add__odd_offset),
	KUNIT_CASE(xtcp_csum_pseudo__udp_golden),
	KUNIT_CASE(xtcp_csum_pseudo__matches_kernel),
	KUNIT_CASE(xtcp_csum_skb__paged_matches_flat),
	KUNIT_CASE(xtcp_csum_skb__linear),
	{}
};

static struct kunit_suite xtcp_csum_suite = {
	.name = "xtcp_csum",
	.test_cases = xtcp_csum_cases,
};

kunit_test_suite(xtcp_csum_suite);
