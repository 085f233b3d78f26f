// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/wire/tcp.c, the TCP header, options and checksum.
 *
 * Goldens built with scapy, the TCP part of (options in the order Linux's
 * tcp_options_write() puts them):
 *   syn:    IP(src='10.0.0.1', dst='10.0.0.2')/TCP(sport=40000, dport=80,
 *	     seq=0x12345678, flags='S', window=64240,
 *	     options=[('MSS', 1460), ('SAckOK', b''), ('Timestamp', (1000, 0)),
 *		      ('NOP', None), ('WScale', 7)])
 *   synack: IP(src='10.0.0.2', dst='10.0.0.1')/TCP(sport=80, dport=40000,
 *	     seq=0x9abcdef0, ack=0x12345679, flags='SA', window=65160,
 *	     options=[('MSS', 1460), ('SAckOK', b''),
 *		      ('Timestamp', (2000, 1000)), ('NOP', None),
 *		      ('WScale', 7)])
 *   data:   IP(src='10.0.0.1', dst='10.0.0.2')/TCP(sport=40000, dport=80,
 *	     seq=0x12345679, ack=0x9abcdef1, flags='PA', window=502,
 *	     options=[('NOP', None), ('NOP', None),
 *		      ('Timestamp', (1010, 2000))])/Raw(b'hello world')
 *   sack:   IP(src='10.0.0.2', dst='10.0.0.1')/TCP(sport=80, dport=40000,
 *	     seq=0x9abcdef1, ack=0x12345684, flags='A', window=509,
 *	     options=[('NOP', None), ('NOP', None),
 *		      ('Timestamp', (2020, 1010)), ('NOP', None), ('NOP', None),
 *		      ('SAck', (0x12345690, 0x123456a0, 0xfffffff0, 0x10))])
 * each taken as bytes(IP(bytes(p))[TCP]).
 */
#include <kunit/test.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "csum.h"
#include "wire_test.h"

static const u8 tcp_syn[40] = {
	0x9c, 0x40, 0x00, 0x50, 0x12, 0x34, 0x56, 0x78,
	0x00, 0x00, 0x00, 0x00, 0xa0, 0x02, 0xfa, 0xf0,
	0x2f, 0xe8, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
	0x04, 0x02, 0x08, 0x0a, 0x00, 0x00, 0x03, 0xe8,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07,
};

static const u8 tcp_synack[40] = {
	0x00, 0x50, 0x9c, 0x40, 0x9a, 0xbc, 0xde, 0xf0,
	0x12, 0x34, 0x56, 0x79, 0xa0, 0x12, 0xfe, 0x88,
	0xaa, 0xc1, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
	0x04, 0x02, 0x08, 0x0a, 0x00, 0x00, 0x07, 0xd0,
	0x00, 0x00, 0x03, 0xe8, 0x01, 0x03, 0x03, 0x07,
};

static const u8 tcp_data[43] = {
	0x9c, 0x40, 0x00, 0x50, 0x12, 0x34, 0x56, 0x79,
	0x9a, 0xbc, 0xde, 0xf1, 0x80, 0x18, 0x01, 0xf6,
	0x44, 0x35, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a,
	0x00, 0x00, 0x03, 0xf2, 0x00, 0x00, 0x07, 0xd0,
	'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o',
	'r', 'l', 'd',
};

static const u8 tcp_sack[52] = {
	0x00, 0x50, 0x9c, 0x40, 0x9a, 0xbc, 0xde, 0xf1,
	0x12, 0x34, 0x56, 0x84, 0xd0, 0x10, 0x01, 0xfd,
	0xae, 0x2f, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a,
	0x00, 0x00, 0x07, 0xe4, 0x00, 0x00, 0x03, 0xf2,
	0x01, 0x01, 0x05, 0x12, 0x12, 0x34, 0x56, 0x90,
	0x12, 0x34, 0x56, 0xa0, 0xff, 0xff, 0xff, 0xf0,
	0x00, 0x00, 0x00, 0x10,
};

#define HOST_A	XTCP_IP_HOST(10, 0, 0, 1)
#define HOST_B	XTCP_IP_HOST(10, 0, 0, 2)
#define IP_A	htonl(HOST_A)
#define IP_B	htonl(HOST_B)

#define LINUX_SYN_OPTS	(XTCP_TCPOPT_F_MSS | XTCP_TCPOPT_F_SACK_PERM | \
			 XTCP_TCPOPT_F_TS | XTCP_TCPOPT_F_WSCALE)

/**
 * struct xtcp_tcp_golden - a golden segment and what it holds
 * @name: case name
 * @bytes: the segment as on the wire
 * @len: its length
 * @saddr: IPv4 source address, host byte order
 * @daddr: IPv4 destination address, host byte order
 * @check: its checksum field, host byte order
 * @want: the repr it parses to, but for @csum and @payload
 */
struct xtcp_tcp_golden {
	const char		*name;
	const u8		*bytes;
	size_t			len;
	u32			saddr;
	u32			daddr;
	u16			check;
	struct xtcp_tcp_repr	want;
};

static const struct xtcp_tcp_golden xtcp_tcp_goldens[] = {
	{
		.name = "syn", .bytes = tcp_syn, .len = sizeof(tcp_syn),
		.saddr = HOST_A, .daddr = HOST_B, .check = 0x2fe8,
		.want = {
			.sport = 40000, .dport = 80, .seq = 0x12345678,
			.flags = XTCP_TCPF_SYN, .window = 64240, .hdr_len = 40,
			.opts = {
				.saw = LINUX_SYN_OPTS, .mss = 1460,
				.tsval = 1000, .wscale = 7,
			},
		},
	},
	{
		.name = "synack", .bytes = tcp_synack,
		.len = sizeof(tcp_synack),
		.saddr = HOST_B, .daddr = HOST_A, .check = 0xaac1,
		.want = {
			.sport = 80, .dport = 40000, .seq = 0x9abcdef0,
			.ack = 0x12345679,
			.flags = XTCP_TCPF_SYN | XTCP_TCPF_ACK,
			.window = 65160, .hdr_len = 40,
			.opts = {
				.saw = LINUX_SYN_OPTS, .mss = 1460,
				.tsval = 2000, .tsecr = 1000, .wscale = 7,
			},
		},
	},
	{
		.name = "data", .bytes = tcp_data, .len = sizeof(tcp_data),
		.saddr = HOST_A, .daddr = HOST_B, .check = 0x4435,
		.want = {
			.sport = 40000, .dport = 80, .seq = 0x12345679,
			.ack = 0x9abcdef1,
			.flags = XTCP_TCPF_PSH | XTCP_TCPF_ACK,
			.window = 502, .hdr_len = 32, .payload_len = 11,
			.opts = {
				.saw = XTCP_TCPOPT_F_TS,
				.tsval = 1010, .tsecr = 2000,
			},
		},
	},
	{
		.name = "sack", .bytes = tcp_sack, .len = sizeof(tcp_sack),
		.saddr = HOST_B, .daddr = HOST_A, .check = 0xae2f,
		.want = {
			.sport = 80, .dport = 40000, .seq = 0x9abcdef1,
			.ack = 0x12345684, .flags = XTCP_TCPF_ACK,
			.window = 509, .hdr_len = 52,
			.opts = {
				.saw = XTCP_TCPOPT_F_TS | XTCP_TCPOPT_F_SACK,
				.tsval = 2020, .tsecr = 1010, .nr_sacks = 2,
				.sacks = {
					{ 0x12345690, 0x123456a0 },
					{ 0xfffffff0, 0x00000010 },
				},
			},
		},
	},
};

static void xtcp_tcp_golden_desc(const struct xtcp_tcp_golden *g, char *desc)
{
	strscpy(desc, g->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_tcp_golden, xtcp_tcp_goldens, xtcp_tcp_golden_desc);

static void xtcp_tcp_expect_opts(struct kunit *test,
				 const struct xtcp_tcp_opts *got,
				 const struct xtcp_tcp_opts *want)
{
	int i;

	KUNIT_EXPECT_EQ(test, got->saw, want->saw);
	KUNIT_EXPECT_EQ(test, got->mss, want->mss);
	KUNIT_EXPECT_EQ(test, got->wscale, want->wscale);
	KUNIT_EXPECT_EQ(test, got->tsval, want->tsval);
	KUNIT_EXPECT_EQ(test, got->tsecr, want->tsecr);
	KUNIT_EXPECT_EQ(test, got->nr_sacks, want->nr_sacks);
	for (i = 0; i < XTCP_TCP_MAX_SACKS; i++) {
		KUNIT_EXPECT_EQ_MSG(test, got->sacks[i].start,
				    want->sacks[i].start, "block %d", i);
		KUNIT_EXPECT_EQ_MSG(test, got->sacks[i].end,
				    want->sacks[i].end, "block %d", i);
	}
}

/* Every field but csum and payload, which the callers check. */
static void xtcp_tcp_expect_repr(struct kunit *test,
				 const struct xtcp_tcp_repr *got,
				 const struct xtcp_tcp_repr *want)
{
	KUNIT_EXPECT_EQ(test, got->sport, want->sport);
	KUNIT_EXPECT_EQ(test, got->dport, want->dport);
	KUNIT_EXPECT_EQ(test, got->seq, want->seq);
	KUNIT_EXPECT_EQ(test, got->ack, want->ack);
	KUNIT_EXPECT_EQ(test, got->flags, want->flags);
	KUNIT_EXPECT_EQ(test, got->window, want->window);
	KUNIT_EXPECT_EQ(test, got->urg_ptr, want->urg_ptr);
	KUNIT_EXPECT_EQ(test, got->hdr_len, want->hdr_len);
	KUNIT_EXPECT_EQ(test, got->payload_len, want->payload_len);
	xtcp_tcp_expect_opts(test, &got->opts, &want->opts);
}

/* A heap copy of exactly @len bytes, so KASAN sees any read past it. */
static u8 *xtcp_tcp_dup(struct kunit *test, const void *src, size_t len)
{
	u8 *p = kunit_kmalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p);
	memcpy(p, src, len);
	return p;
}

static void xtcp_tcp_parse__golden(struct kunit *test)
{
	const struct xtcp_tcp_golden *g = test->param_value;
	u8 *buf = xtcp_tcp_dup(test, g->bytes, g->len);
	struct xtcp_tcp_repr r;

	KUNIT_ASSERT_EQ(test, xtcp_tcp_parse(buf, g->len, &r), XTCP_DROP_NONE);
	xtcp_tcp_expect_repr(test, &r, &g->want);
	KUNIT_EXPECT_EQ(test, ntohs((__force __be16)r.csum), g->check);
	KUNIT_EXPECT_PTR_EQ(test, r.payload, buf + g->want.hdr_len);
	KUNIT_EXPECT_EQ(test, g->want.hdr_len + r.payload_len, g->len);
	KUNIT_EXPECT_TRUE(test, xtcp_tcp_csum_ok(htonl(g->saddr),
						 htonl(g->daddr), buf, g->len));
}

/* Bits 9..11 of the flags word are reserved: ignored, and AE is a flag. */
static void xtcp_tcp_parse__reserved_bits(struct kunit *test)
{
	struct xtcp_tcp_repr r;
	u8 buf[sizeof(tcp_syn)];

	memcpy(buf, tcp_syn, sizeof(buf));
	buf[12] |= 0x0e;	/* reserved */
	buf[12] |= 0x01;	/* AE */
	buf[13] |= XTCP_TCPF_CWR | XTCP_TCPF_ECE;
	KUNIT_ASSERT_EQ(test, xtcp_tcp_parse(buf, sizeof(buf), &r),
			XTCP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, r.flags, XTCP_TCPF_SYN | XTCP_TCPF_CWR |
			XTCP_TCPF_ECE | XTCP_TCPF_AE);
	KUNIT_EXPECT_EQ(test, r.hdr_len, 40);
}

/*
 * Every prefix of every golden: the fixed header missing is truncation,
 * the options missing a bad data offset; a longer prefix is a shorter
 * payload. On failure the repr is all zero.
 */
static void xtcp_tcp_parse__truncated(struct kunit *test)
{
	const struct xtcp_tcp_golden *g = test->param_value;
	enum xtcp_drop_reason want;
	struct xtcp_tcp_repr r;
	size_t len;
	u8 *buf;

	for (len = 0; len <= g->len; len++) {
		buf = xtcp_tcp_dup(test, g->bytes, len);
		if (len < XTCP_TCP_HLEN)
			want = XTCP_DROP_TRUNCATED;
		else if (len < g->want.hdr_len)
			want = XTCP_DROP_TCP_BAD_DOFF;
		else
			want = XTCP_DROP_NONE;
		memset(&r, 0x5a, sizeof(r));
		KUNIT_EXPECT_EQ_MSG(test, xtcp_tcp_parse(buf, len, &r), want,
				    "len %zu", len);
		if (want == XTCP_DROP_NONE)
			KUNIT_EXPECT_EQ_MSG(test, r.payload_len,
					    len - g->want.hdr_len,
					    "len %zu", len);
		else
			KUNIT_EXPECT_PTR_EQ_MSG(test,
						memchr_inv(&r, 0, sizeof(r)),
						NULL, "len %zu", len);
		kunit_kfree(test, buf);
	}
}

struct xtcp_tcp_doff_case {
	const char *name;
	u8 doff;		/* in 32-bit words */
	u8 len;			/* bytes of the SYN golden given to parse */
	enum xtcp_drop_reason reason;
};

static const struct xtcp_tcp_doff_case xtcp_tcp_doff_cases[] = {
	{ "doff 0",			0,  40, XTCP_DROP_TCP_BAD_DOFF },
	{ "doff 4",			4,  40, XTCP_DROP_TCP_BAD_DOFF },
	{ "doff 5, options as data",	5,  40, XTCP_DROP_NONE },
	{ "doff 5, no data",		5,  20, XTCP_DROP_NONE },
	{ "doff 10",			10, 40, XTCP_DROP_NONE },
	{ "doff 11, past the buffer",	11, 40, XTCP_DROP_TCP_BAD_DOFF },
	{ "doff 15, past the buffer",	15, 40, XTCP_DROP_TCP_BAD_DOFF },
	{ "doff 6, 20-byte buffer",	6,  20, XTCP_DROP_TCP_BAD_DOFF },
};

static void xtcp_tcp_doff_desc(const struct xtcp_tcp_doff_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_tcp_doff, xtcp_tcp_doff_cases, xtcp_tcp_doff_desc);

static void xtcp_tcp_parse__doff(struct kunit *test)
{
	const struct xtcp_tcp_doff_case *c = test->param_value;
	struct xtcp_tcp_repr r;
	u8 *buf;

	buf = xtcp_tcp_dup(test, tcp_syn, c->len);
	buf[12] = (buf[12] & 0x0f) | c->doff << 4;
	KUNIT_EXPECT_EQ(test, xtcp_tcp_parse(buf, c->len, &r), c->reason);
	if (c->reason == XTCP_DROP_NONE) {
		KUNIT_EXPECT_EQ(test, r.hdr_len, c->doff * 4);
		KUNIT_EXPECT_EQ(test, r.payload_len, c->len - c->doff * 4);
		KUNIT_EXPECT_PTR_EQ(test, r.payload, buf + c->doff * 4);
		if (c->doff == 5)
			KUNIT_EXPECT_EQ(test, r.opts.saw, 0);
	}
}

/**
 * struct xtcp_tcp_opt_case - an option area and how it parses
 * @name: case name
 * @opts: the option bytes
 * @len: how many of them make the option area, a multiple of 4
 * @reason: what parse returns
 * @saw: XTCP_TCPOPT_F_* found, on success
 * @mss: the MSS found, on success
 */
struct xtcp_tcp_opt_case {
	const char *name;
	u8 opts[XTCP_TCP_OPT_MAX];
	u8 len;
	enum xtcp_drop_reason reason;
	u8 saw;
	u16 mss;
};

#define BAD	XTCP_DROP_TCP_BAD_OPT
#define OK	XTCP_DROP_NONE
#define F_MSS	XTCP_TCPOPT_F_MSS

static const struct xtcp_tcp_opt_case xtcp_tcp_opt_cases[] = {
	{ "unknown len 0",	{ 0xfe, 0, 1, 1 },		4, BAD },
	{ "unknown len 1",	{ 0xfe, 1, 1, 1 },		4, BAD },
	{ "len past the header", { 1, 1, 0xfe, 3 },		4, BAD },
	{ "MSS past the header", { 1, 1, 2, 4 },		4, BAD },
	{ "kind, no len byte",	{ 1, 1, 1, 0xfe },		4, BAD },
	{ "MSS len 3",		{ 2, 3, 5, 1 },			4, BAD },
	{ "MSS len 5",		{ 2, 5, 5, 0xb4, 0, 1, 1, 1 },	8, BAD },
	{ "WS len 4",		{ 3, 4, 7, 0 },			4, BAD },
	{ "WS len 2",		{ 3, 2, 1, 1 },			4, BAD },
	{ "SACK_PERM len 3",	{ 4, 3, 0, 1 },			4, BAD },
	{ "TS len 9",		{ 8, 9, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1 },
								12, BAD },
	{ "TS len 11",		{ 8, 11, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1 },
								12, BAD },
	{ "SACK len 2",		{ 5, 2, 1, 1 },			4, BAD },
	{ "SACK len 11",	{ 5, 11, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1 },
								12, BAD },
	{ "SACK 5 blocks",	{ 5, 42 },			40, BAD },
	{ "bad option after MSS", { 2, 4, 5, 0xb4, 3, 4, 7, 0 }, 8, BAD },
	{ "NOPs only",		{ 1, 1, 1, 1 },			4, OK },
	{ "unknown kinds skipped",
		{ 0xfe, 4, 0xaa, 0xbb, 30, 2, 2, 4, 5, 0xb4, 1, 1 },
							12, OK, F_MSS, 1460 },
	{ "unknown fills the area", { 0xfe, 40 },		40, OK },
	{ "EOL first",		{ 0, 2, 3, 0xff },		4, OK },
	{ "EOL stops parsing",	{ 2, 4, 5, 0xb4, 0, 0xfe, 0, 5 },
							8, OK, F_MSS, 1460 },
	{ "later MSS wins",	{ 2, 4, 0, 1, 2, 4, 5, 0xb4 },
							8, OK, F_MSS, 1460 },
};

#undef BAD
#undef OK
#undef F_MSS

static void xtcp_tcp_opt_desc(const struct xtcp_tcp_opt_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_tcp_opt, xtcp_tcp_opt_cases, xtcp_tcp_opt_desc);

/*
 * The option area after the SYN golden's fixed header, and 4 bytes of
 * payload after it, so "past the header" is not "past the buffer".
 */
static void xtcp_tcp_parse__options(struct kunit *test)
{
	const struct xtcp_tcp_opt_case *c = test->param_value;
	size_t len = XTCP_TCP_HLEN + c->len + 4;
	struct xtcp_tcp_repr r;
	u8 *buf;

	buf = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	memcpy(buf, tcp_syn, XTCP_TCP_HLEN);
	buf[12] = (XTCP_TCP_HLEN + c->len) / 4 << 4;
	memcpy(buf + XTCP_TCP_HLEN, c->opts, c->len);
	memcpy(buf + XTCP_TCP_HLEN + c->len, "data", 4);

	KUNIT_EXPECT_EQ(test, xtcp_tcp_parse(buf, len, &r), c->reason);
	if (c->reason == XTCP_DROP_NONE) {
		KUNIT_EXPECT_EQ(test, r.opts.saw, c->saw);
		KUNIT_EXPECT_EQ(test, r.opts.mss, c->mss);
		KUNIT_EXPECT_EQ(test, r.payload_len, 4);
		KUNIT_EXPECT_EQ(test, r.flags, XTCP_TCPF_SYN);
	} else {
		KUNIT_EXPECT_PTR_EQ(test, memchr_inv(&r, 0, sizeof(r)), NULL);
	}
}

static void xtcp_tcp_csum_ok__corrupted(struct kunit *test)
{
	const struct xtcp_tcp_golden *g = test->param_value;
	__be32 s = htonl(g->saddr), d = htonl(g->daddr);
	u8 *buf = kunit_kmalloc(test, g->len, GFP_KERNEL);
	size_t i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	for (i = 0; i < g->len; i++) {
		memcpy(buf, g->bytes, g->len);
		buf[i] ^= 1 << (i % 8);
		KUNIT_EXPECT_FALSE_MSG(test,
				       xtcp_tcp_csum_ok(s, d, buf, g->len),
				       "byte %zu", i);
	}
	/* The pseudo-header counts: another address, a shorter length. */
	KUNIT_EXPECT_FALSE(test, xtcp_tcp_csum_ok(s, htonl(g->daddr + 1),
						  g->bytes, g->len));
	KUNIT_EXPECT_FALSE(test, xtcp_tcp_csum_ok(s, d, g->bytes, g->len - 1));
	/* Swapping the addresses does not change a one's complement sum. */
	KUNIT_EXPECT_TRUE(test, xtcp_tcp_csum_ok(d, s, g->bytes, g->len));
}

/* Build from the repr, payload copied: the golden's bytes, nothing more. */
static void xtcp_tcp_build__golden(struct kunit *test)
{
	const struct xtcp_tcp_golden *g = test->param_value;
	struct xtcp_tcp_repr r = g->want;
	u8 buf[XTCP_TCP_HLEN_MAX + 32];

	r.hdr_len = 0;			/* ignored */
	r.csum = (__force __sum16)0x5a5a;	/* ignored */
	r.payload = xtcp_tcp_dup(test, g->bytes + g->want.hdr_len,
				 g->want.payload_len);
	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	KUNIT_ASSERT_EQ(test, xtcp_tcp_build(&r, htonl(g->saddr),
					     htonl(g->daddr), buf, sizeof(buf)),
			(int)g->len);
	XTCP_EXPECT_BYTES(test, buf, g->bytes, g->len);
	XTCP_EXPECT_POISON(test, buf, g->len, sizeof(buf));
	KUNIT_EXPECT_EQ(test, xtcp_tcp_hdr_len(&r.opts), g->want.hdr_len);
}

/* A NULL payload is already in place after the header. */
static void xtcp_tcp_build__payload_in_place(struct kunit *test)
{
	const struct xtcp_tcp_golden *g = &xtcp_tcp_goldens[2];
	struct xtcp_tcp_repr r = g->want;
	u8 buf[sizeof(tcp_data) + 8];

	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	memcpy(buf + 32, "hello world", 11);
	KUNIT_ASSERT_EQ(test, xtcp_tcp_build(&r, IP_A, IP_B, buf,
					     sizeof(tcp_data)),
			(int)sizeof(tcp_data));
	XTCP_EXPECT_BYTES(test, buf, tcp_data, sizeof(tcp_data));
	XTCP_EXPECT_POISON(test, buf, sizeof(tcp_data), sizeof(buf));
}

/* The payload may sit where the header goes: it is moved first. */
static void xtcp_tcp_build__payload_overlaps_header(struct kunit *test)
{
	struct xtcp_tcp_repr r = xtcp_tcp_goldens[2].want;
	u8 buf[sizeof(tcp_data)];

	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	memcpy(buf + 1, "hello world", 11);
	r.payload = buf + 1;
	KUNIT_ASSERT_EQ(test, xtcp_tcp_build(&r, IP_A, IP_B, buf,
					     sizeof(buf)),
			(int)sizeof(tcp_data));
	XTCP_EXPECT_BYTES(test, buf, tcp_data, sizeof(tcp_data));
}

/* Any buffer shorter than the segment: -ENOSPC, nothing written. */
static void xtcp_tcp_build__no_space(struct kunit *test)
{
	const struct xtcp_tcp_golden *g = test->param_value;
	struct xtcp_tcp_repr r = g->want;
	u8 buf[XTCP_TCP_HLEN_MAX + 32];
	size_t len;

	r.payload = g->bytes + g->want.hdr_len;
	for (len = 0; len < g->len; len++) {
		memset(buf, XTCP_WIRE_POISON, sizeof(buf));
		KUNIT_EXPECT_EQ_MSG(test, xtcp_tcp_build(&r, htonl(g->saddr),
							 htonl(g->daddr),
							 buf, len),
				    -ENOSPC, "len %zu", len);
		XTCP_EXPECT_POISON(test, buf, 0, sizeof(buf));
	}
}

/* No IPv4 datagram carries a segment beyond 65535 bytes. */
static void xtcp_tcp_build__too_long(struct kunit *test)
{
	struct xtcp_tcp_repr r = { .sport = 1, .dport = 2 };
	size_t len = U16_MAX + 1;
	u8 *buf = kunit_kmalloc(test, len, GFP_KERNEL);
	int ret;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	memset(buf, XTCP_WIRE_POISON, len);
	r.payload_len = U16_MAX - XTCP_TCP_HLEN + 1;
	KUNIT_EXPECT_EQ(test, xtcp_tcp_build(&r, IP_A, IP_B, buf, len),
			-EMSGSIZE);
	XTCP_EXPECT_POISON(test, buf, 0, XTCP_TCP_HLEN);

	r.payload_len = U16_MAX - XTCP_TCP_HLEN;
	ret = xtcp_tcp_build(&r, IP_A, IP_B, buf, len);
	KUNIT_EXPECT_EQ(test, ret, U16_MAX);
	KUNIT_EXPECT_TRUE(test, xtcp_tcp_csum_ok(IP_A, IP_B, buf, ret));
}

/* The header alone, with the checksum it is given. */
static void xtcp_tcp_emit__golden(struct kunit *test)
{
	const struct xtcp_tcp_golden *g = test->param_value;
	u8 buf[XTCP_TCP_HLEN_MAX + 8];
	unsigned int hlen;

	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	hlen = xtcp_tcp_emit(&g->want, (__force __sum16)htons(g->check), buf);
	KUNIT_ASSERT_EQ(test, hlen, g->want.hdr_len);
	XTCP_EXPECT_BYTES(test, buf, g->bytes, hlen);
	XTCP_EXPECT_POISON(test, buf, hlen, sizeof(buf));
}

/*
 * The split form of build: emit with a zero checksum, then the checksum
 * from a sum of the payload taken elsewhere (at an odd address, as an skb
 * fragment may be).
 */
static void xtcp_tcp_check__split(struct kunit *test)
{
	const struct xtcp_tcp_golden *g = test->param_value;
	size_t plen = g->want.payload_len;
	u8 hdr[XTCP_TCP_HLEN_MAX], payload[32];
	unsigned int hlen;
	__sum16 check;

	memcpy(payload + 1, g->bytes + g->want.hdr_len, plen);
	hlen = xtcp_tcp_emit(&g->want, 0, hdr);
	KUNIT_ASSERT_EQ(test, hlen, g->want.hdr_len);
	KUNIT_EXPECT_EQ(test, hdr[16], 0);
	KUNIT_EXPECT_EQ(test, hdr[17], 0);
	check = xtcp_tcp_check(htonl(g->saddr), htonl(g->daddr), hdr, hlen,
			       plen, xtcp_csum_partial(payload + 1, plen, 0));
	KUNIT_EXPECT_EQ(test, ntohs((__force __be16)check), g->check);
}

struct xtcp_tcp_opts_len_case {
	const char *name;
	u8 saw;
	u8 nr_sacks;
	unsigned int len;
};

#define F(x)	XTCP_TCPOPT_F_##x

static const struct xtcp_tcp_opts_len_case xtcp_tcp_opts_len_cases[] = {
	{ "none",			0,				0, 0 },
	{ "MSS",			F(MSS),				0, 4 },
	{ "WS",				F(WSCALE),			0, 4 },
	{ "SACK_PERM",			F(SACK_PERM),			0, 4 },
	{ "TS",				F(TS),				0, 12 },
	{ "SACK_PERM in TS padding",	F(SACK_PERM) | F(TS),		0, 12 },
	{ "Linux SYN",			LINUX_SYN_OPTS,			0, 20 },
	{ "SYN without TS",
		F(MSS) | F(SACK_PERM) | F(WSCALE),			0, 12 },
	{ "1 block",			F(SACK),			1, 12 },
	{ "4 blocks",			F(SACK),			4, 36 },
	{ "SACK without blocks",	F(SACK),			0, 0 },
	{ "blocks without SACK",	0,				3, 0 },
	{ "200 blocks: 4",		F(SACK),			200,
									36 },
	{ "TS, 2 blocks",		F(TS) | F(SACK),		2, 32 },
	{ "TS, 3 blocks",		F(TS) | F(SACK),		3, 40 },
	{ "TS, 4 blocks: 3",		F(TS) | F(SACK),		4, 40 },
	{ "SYN without TS, 4 blocks: 3",
		F(MSS) | F(SACK_PERM) | F(WSCALE) | F(SACK),		4, 40 },
	{ "Linux SYN, 4 blocks: 2",	LINUX_SYN_OPTS | F(SACK),	4, 40 },
};

static void xtcp_tcp_opts_len_desc(const struct xtcp_tcp_opts_len_case *c,
				   char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_tcp_opts_len, xtcp_tcp_opts_len_cases,
		  xtcp_tcp_opts_len_desc);

/* The length, and that emit writes exactly that many option bytes. */
static void xtcp_tcp_opts_len__table(struct kunit *test)
{
	const struct xtcp_tcp_opts_len_case *c = test->param_value;
	struct xtcp_tcp_repr r = {
		.opts = { .saw = c->saw, .nr_sacks = c->nr_sacks },
	};
	u8 buf[XTCP_TCP_HLEN_MAX + 8];

	KUNIT_EXPECT_EQ(test, xtcp_tcp_opts_len(&r.opts), c->len);
	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	KUNIT_EXPECT_EQ(test, xtcp_tcp_emit(&r, 0, buf),
			XTCP_TCP_HLEN + c->len);
	KUNIT_EXPECT_EQ(test, buf[12] >> 4, (XTCP_TCP_HLEN + c->len) / 4);
	XTCP_EXPECT_POISON(test, buf, XTCP_TCP_HLEN + c->len, sizeof(buf));
}

/* Blocks that do not fit are the last ones: the first ones go out. */
static void xtcp_tcp_build__sacks_cut(struct kunit *test)
{
	struct xtcp_tcp_repr r = {
		.flags = XTCP_TCPF_ACK,
		.opts = {
			.saw = F(TS) | F(SACK), .tsval = 1, .tsecr = 2,
			.nr_sacks = 4,
			.sacks = { { 10, 20 }, { 30, 40 }, { 50, 60 },
				   { 70, 80 } },
		},
	};
	struct xtcp_tcp_repr out;
	u8 buf[XTCP_TCP_HLEN_MAX];

	KUNIT_ASSERT_EQ(test, xtcp_tcp_build(&r, IP_A, IP_B, buf,
					     sizeof(buf)), XTCP_TCP_HLEN_MAX);
	KUNIT_ASSERT_EQ(test, xtcp_tcp_parse(buf, sizeof(buf), &out),
			XTCP_DROP_NONE);
	r.opts.nr_sacks = 3;
	r.opts.sacks[3].start = 0;
	r.opts.sacks[3].end = 0;
	xtcp_tcp_expect_opts(test, &out.opts, &r.opts);
}

#undef F

/*
 * One round trip: options @saw (no SACK) and @n SACK blocks, of which as
 * many go out as fit; random values, addresses and payload. Expectations,
 * not assertions, so the caller can say which case failed.
 */
static void xtcp_tcp_round_trip(struct kunit *test, u8 saw, unsigned int n)
{
	u8 buf[XTCP_TCP_HLEN_MAX + 64], payload[64];
	struct xtcp_tcp_repr in = {}, out;
	unsigned int i, fixed, fit;
	__be32 s, d;
	int ret;

	in.sport = get_random_u32();
	in.dport = get_random_u32();
	in.seq = get_random_u32();
	in.ack = get_random_u32();
	in.flags = get_random_u32() & XTCP_TCPF_MASK;
	in.window = get_random_u32();
	in.urg_ptr = get_random_u32();
	in.opts.saw = saw;
	if (saw & XTCP_TCPOPT_F_MSS)
		in.opts.mss = get_random_u32();
	if (saw & XTCP_TCPOPT_F_WSCALE)
		in.opts.wscale = get_random_u32();
	if (saw & XTCP_TCPOPT_F_TS) {
		in.opts.tsval = get_random_u32();
		in.opts.tsecr = get_random_u32();
	}
	if (n) {
		in.opts.saw |= XTCP_TCPOPT_F_SACK;
		in.opts.nr_sacks = n;
		for (i = 0; i < n; i++) {
			in.opts.sacks[i].start = get_random_u32();
			in.opts.sacks[i].end = get_random_u32();
		}
	}
	in.payload_len = get_random_u32() % sizeof(payload);
	get_random_bytes(payload, sizeof(payload));
	in.payload = payload;
	s = (__force __be32)get_random_u32();
	d = (__force __be32)get_random_u32();

	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	ret = xtcp_tcp_build(&in, s, d, buf, sizeof(buf));
	KUNIT_EXPECT_GT(test, ret, 0);
	if (ret <= 0)
		return;
	XTCP_EXPECT_POISON(test, buf, ret, sizeof(buf));
	KUNIT_EXPECT_EQ(test, xtcp_tcp_parse(buf, ret, &out), XTCP_DROP_NONE);
	if (!out.hdr_len)
		return;

	/* The room the other options leave for SACK, by hand. */
	fixed = hweight8(saw) * 4;
	if (saw & XTCP_TCPOPT_F_TS)
		fixed += (saw & XTCP_TCPOPT_F_SACK_PERM) ? 4 : 8;
	fit = min(n, (XTCP_TCP_OPT_MAX - fixed - 4) / 8);
	in.opts.nr_sacks = fit;
	if (!fit)
		in.opts.saw &= ~XTCP_TCPOPT_F_SACK;
	for (i = fit; i < XTCP_TCP_MAX_SACKS; i++) {
		in.opts.sacks[i].start = 0;
		in.opts.sacks[i].end = 0;
	}
	in.hdr_len = XTCP_TCP_HLEN + fixed + (fit ? 4 + fit * 8 : 0);

	xtcp_tcp_expect_repr(test, &out, &in);
	KUNIT_EXPECT_EQ(test, ret, in.hdr_len + in.payload_len);
	KUNIT_EXPECT_EQ(test, memcmp(out.payload, payload, in.payload_len), 0);
	KUNIT_EXPECT_TRUE(test, xtcp_tcp_csum_ok(s, d, buf, ret));
}

/*
 * parse(build(x)) == x for every subset of MSS, WS, SACK_PERM and TS,
 * each with 0..4 SACK blocks (those that fit).
 */
static void xtcp_tcp__round_trip(struct kunit *test)
{
	static const u8 fixed_opts[] = {
		XTCP_TCPOPT_F_MSS, XTCP_TCPOPT_F_WSCALE,
		XTCP_TCPOPT_F_SACK_PERM, XTCP_TCPOPT_F_TS,
	};
	unsigned int subset, n, i;
	u8 saw;

	for (subset = 0; subset < BIT(ARRAY_SIZE(fixed_opts)); subset++) {
		saw = 0;
		for (i = 0; i < ARRAY_SIZE(fixed_opts); i++)
			if (subset & BIT(i))
				saw |= fixed_opts[i];
		for (n = 0; n <= XTCP_TCP_MAX_SACKS; n++) {
			xtcp_tcp_round_trip(test, saw, n);
			if (test->status != KUNIT_SUCCESS) {
				kunit_err(test, "options %#x, %u SACK blocks",
					  saw, n);
				return;
			}
		}
	}
}

struct xtcp_seq_case {
	u32 a;
	u32 b;
	bool before;	/* a before b */
	bool after;	/* a after b */
};

static const struct xtcp_seq_case xtcp_seq_cases[] = {
	{ 1,		2,		true,	false },
	{ 2,		1,		false,	true },
	{ 5,		5,		false,	false },
	{ 0xffffffff,	0,		true,	false },
	{ 0,		0xffffffff,	false,	true },
	{ 0xfffffff0,	0x10,		true,	false },
	{ 0x10,		0xfffffff0,	false,	true },
	{ 0,		0x7fffffff,	true,	false },
	{ 0x7fffffff,	0,		false,	true },
	/* 2^31 + 1 apart: the shorter way round wins */
	{ 0,		0x80000001,	false,	true },
	/* exactly 2^31 apart: ambiguous, each is before the other */
	{ 0,		0x80000000,	true,	true },
};

static void xtcp_seq_desc(const struct xtcp_seq_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%#x vs %#x", c->a, c->b);
}

KUNIT_ARRAY_PARAM(xtcp_seq, xtcp_seq_cases, xtcp_seq_desc);

static void xtcp_seq_before__wrap(struct kunit *test)
{
	const struct xtcp_seq_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xtcp_seq_before(c->a, c->b), c->before);
	KUNIT_EXPECT_EQ(test, xtcp_seq_after(c->a, c->b), c->after);
}

struct xtcp_seq_between_case {
	u32 a, b, c;
	bool between;	/* a <= b <= c */
};

static const struct xtcp_seq_between_case xtcp_seq_between_cases[] = {
	{ 1,		2,		3,	true },
	{ 1,		1,		3,	true },
	{ 1,		3,		3,	true },
	{ 1,		4,		3,	false },
	{ 1,		0,		3,	false },
	{ 5,		5,		5,	true },
	{ 5,		6,		5,	false },
	{ 0xfffffff0,	0xfffffffe,	0x10,	true },
	{ 0xfffffff0,	0,		0x10,	true },
	{ 0xfffffff0,	0x10,		0x10,	true },
	{ 0xfffffff0,	0x11,		0x10,	false },
	{ 0xfffffff0,	0xffffffef,	0x10,	false },
};

static void xtcp_seq_between_desc(const struct xtcp_seq_between_case *c,
				  char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%#x <= %#x <= %#x",
		 c->a, c->b, c->c);
}

KUNIT_ARRAY_PARAM(xtcp_seq_between, xtcp_seq_between_cases,
		  xtcp_seq_between_desc);

static void xtcp_seq_between__wrap(struct kunit *test)
{
	const struct xtcp_seq_between_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xtcp_seq_between(c->a, c->b, c->c), c->between);
}

static void xtcp_tcp_drop_reason__names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, xtcp_drop_reason_name(XTCP_DROP_TCP_BAD_DOFF),
			   "TcpBadDoff");
	KUNIT_EXPECT_STREQ(test, xtcp_drop_reason_name(XTCP_DROP_TCP_BAD_OPT),
			   "TcpBadOpt");
}

static struct kunit_case xtcp_wire_tcp_cases[] = {
	KUNIT_CASE_PARAM(xtcp_tcp_parse__golden, xtcp_tcp_golden_gen_params),
	KUNIT_CASE(xtcp_tcp_parse__reserved_bits),
	KUNIT_CASE_PARAM(xtcp_tcp_parse__truncated, xtcp_tcp_golden_gen_params),
	KUNIT_CASE_PARAM(xtcp_tcp_parse__doff, xtcp_tcp_doff_gen_params),
	KUNIT_CASE_PARAM(xtcp_tcp_parse__options, xtcp_tcp_opt_gen_params),
	KUNIT_CASE_PARAM(xtcp_tcp_csum_ok__corrupted,
			 xtcp_tcp_golden_gen_params),
	KUNIT_CASE_PARAM(xtcp_tcp_opts_len__table,
			 xtcp_tcp_opts_len_gen_params),
	KUNIT_CASE_PARAM(xtcp_tcp_emit__golden, xtcp_tcp_golden_gen_params),
	KUNIT_CASE_PARAM(xtcp_tcp_check__split, xtcp_tcp_golden_gen_params),
	KUNIT_CASE_PARAM(xtcp_tcp_build__golden, xtcp_tcp_golden_gen_params),
	KUNIT_CASE(xtcp_tcp_build__payload_in_place),
	KUNIT_CASE(xtcp_tcp_build__payload_overlaps_header),
	KUNIT_CASE(xtcp_tcp_build__sacks_cut),
	KUNIT_CASE_PARAM(xtcp_tcp_build__no_space, xtcp_tcp_golden_gen_params),
	KUNIT_CASE(xtcp_tcp_build__too_long),
	KUNIT_CASE(xtcp_tcp__round_trip),
	KUNIT_CASE_PARAM(xtcp_seq_before__wrap, xtcp_seq_gen_params),
	KUNIT_CASE_PARAM(xtcp_seq_between__wrap, xtcp_seq_between_gen_params),
	KUNIT_CASE(xtcp_tcp_drop_reason__names),
	{}
};

static struct kunit_suite xtcp_wire_tcp_suite = {
	.name = "xtcp_wire_tcp",
	.test_cases = xtcp_wire_tcp_cases,
};

kunit_test_suite(xtcp_wire_tcp_suite);
