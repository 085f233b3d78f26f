// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/tcp/syncookies.c. Cookies are made and checked with fixed
 * keys and explicit minutes, so every verdict is reproducible; the cases
 * follow Linux's design (net/ipv4/syncookies.c): 24 bits of hash and MSS
 * index under an 8-bit minute, valid for the minute it was made and the
 * next, the options in the low 6 bits of the timestamp.
 */
#include <kunit/test.h>
#include <linux/jiffies.h>
#include <linux/siphash.h>

#include "tcp/tcp.h"
#include "wire_test.h"

static const siphash_key_t xtcp_cookie_keys[2] = {
	{ { 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL } },
	{ { 0x1716151413121110ULL, 0x1f1e1d1c1b1a1918ULL } },
};

/* The same first key, another second one. */
static const siphash_key_t xtcp_cookie_keys_k1[2] = {
	{ { 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL } },
	{ { 0x2726252423222120ULL, 0x2f2e2d2c2b2a2928ULL } },
};

/* Another first key, the same second one. */
static const siphash_key_t xtcp_cookie_keys_k0[2] = {
	{ { 0x3736353433323130ULL, 0x3f3e3d3c3b3a3938ULL } },
	{ { 0x1716151413121110ULL, 0x1f1e1d1c1b1a1918ULL } },
};

/* The two keys the other way round. */
static const siphash_key_t xtcp_cookie_keys_swapped[2] = {
	{ { 0x1716151413121110ULL, 0x1f1e1d1c1b1a1918ULL } },
	{ { 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL } },
};

#define XTCP_CLIENT	XTCP_IP(192, 0, 2, 1)
#define XTCP_SERVER	XTCP_IP(192, 0, 2, 80)
#define XTCP_CPORT	htons(40000)
#define XTCP_SPORT	htons(80)
#define XTCP_CISN	0xdeadbeefU
#define XTCP_MINUTE	12345U

static u32 xtcp_cookie_make(u16 mss, u32 minute, u16 *mss_out)
{
	return xtcp_syncookie_make(xtcp_cookie_keys, XTCP_CLIENT, XTCP_SERVER,
				   XTCP_CPORT, XTCP_SPORT, XTCP_CISN, mss,
				   minute, mss_out);
}

static u16 xtcp_cookie_check(u32 cookie, u32 minute)
{
	return xtcp_syncookie_check(xtcp_cookie_keys, XTCP_CLIENT, XTCP_SERVER,
				    XTCP_CPORT, XTCP_SPORT, XTCP_CISN, cookie,
				    minute);
}

/**
 * struct xtcp_cookie_mss_case - a client MSS and what the cookie keeps
 * @mss: the MSS in the SYN
 * @want: the table entry encoded: the largest not above @mss, at least 536
 */
struct xtcp_cookie_mss_case {
	u16	mss;
	u16	want;
};

static const struct xtcp_cookie_mss_case xtcp_cookie_mss_cases[] = {
	{ 0, 536 },	{ 88, 536 },	{ 535, 536 },	{ 536, 536 },
	{ 537, 536 },	{ 1299, 536 },	{ 1300, 1300 },	{ 1301, 1300 },
	{ 1439, 1300 },	{ 1440, 1440 },	{ 1452, 1440 },	{ 1459, 1440 },
	{ 1460, 1460 },	{ 1461, 1460 },	{ 8960, 1460 },	{ 65535, 1460 },
};

static void xtcp_cookie_mss_desc(const struct xtcp_cookie_mss_case *c,
				 char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "mss %u", c->mss);
}

KUNIT_ARRAY_PARAM(xtcp_cookie_mss, xtcp_cookie_mss_cases,
		  xtcp_cookie_mss_desc);

/* make -> check gives back the table entry make chose. */
static void xtcp_syncookie_make__round_trip(struct kunit *test)
{
	const struct xtcp_cookie_mss_case *c = test->param_value;
	u16 mss_out = 0;
	u32 cookie = xtcp_cookie_make(c->mss, XTCP_MINUTE, &mss_out);

	KUNIT_EXPECT_EQ(test, mss_out, c->want);
	KUNIT_EXPECT_EQ(test, xtcp_cookie_check(cookie, XTCP_MINUTE), c->want);
}

/*
 * As an ACK carries it: seq = client ISN + 1, ack = cookie + 1. Only
 * cookie - client ISN enters the check, so the two "+ 1" must be removed
 * together: removing one moves the MSS index out of the table.
 */
static void xtcp_syncookie_check__from_ack(struct kunit *test)
{
	u16 mss_out;
	u32 synack_seq = xtcp_cookie_make(1460, XTCP_MINUTE, &mss_out);
	u32 ack_seq = XTCP_CISN + 1, ack_ack = synack_seq + 1;

	KUNIT_EXPECT_EQ(test,
			xtcp_syncookie_check(xtcp_cookie_keys, XTCP_CLIENT,
					     XTCP_SERVER, XTCP_CPORT,
					     XTCP_SPORT, ack_seq - 1,
					     ack_ack - 1, XTCP_MINUTE),
			1460);
	KUNIT_EXPECT_EQ(test,
			xtcp_syncookie_check(xtcp_cookie_keys, XTCP_CLIENT,
					     XTCP_SERVER, XTCP_CPORT,
					     XTCP_SPORT, ack_seq - 1, ack_ack,
					     XTCP_MINUTE),
			0);
}

/**
 * struct xtcp_cookie_age_case - checking a cookie some minutes later
 * @name: description
 * @made: the minute the cookie was made
 * @delta: minutes between make and check (negative: checked before)
 * @valid: whether the check accepts it
 */
struct xtcp_cookie_age_case {
	const char	*name;
	u32		made;
	s32		delta;
	bool		valid;
};

static const struct xtcp_cookie_age_case xtcp_cookie_age_cases[] = {
	{ "minute -2",		XTCP_MINUTE,	-2,	false },
	{ "minute -1",		XTCP_MINUTE,	-1,	false },
	{ "minute +0",		XTCP_MINUTE,	0,	true },
	{ "minute +1",		XTCP_MINUTE,	1,	true },
	/* MAX_SYNCOOKIE_AGE is 2: Linux refuses age >= 2 */
	{ "minute +2",		XTCP_MINUTE,	2,	false },
	{ "minute +3",		XTCP_MINUTE,	3,	false },
	{ "minute +255",	XTCP_MINUTE,	255,	false },
	/* 8 bits of minute wrap, but the second hash sees all 32 */
	{ "minute +256",	XTCP_MINUTE,	256,	false },
	{ "minute +257",	XTCP_MINUTE,	257,	false },
	{ "counter wrap +0",	~0U,		0,	true },
	{ "counter wrap +1",	~0U,		1,	true },
	{ "counter wrap +2",	~0U,		2,	false },
	{ "counter wrap -1",	0,		-1,	false },
};

static void xtcp_cookie_age_desc(const struct xtcp_cookie_age_case *c,
				 char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_cookie_age, xtcp_cookie_age_cases,
		  xtcp_cookie_age_desc);

static void xtcp_syncookie_check__age(struct kunit *test)
{
	const struct xtcp_cookie_age_case *c = test->param_value;
	u16 mss_out;
	u32 cookie = xtcp_cookie_make(1440, c->made, &mss_out);

	KUNIT_EXPECT_EQ(test, xtcp_cookie_check(cookie, c->made + c->delta),
			c->valid ? 1440 : 0);
}

/**
 * struct xtcp_cookie_forge_case - a check with one argument wrong
 * @name: what is wrong
 * @keys: the keys the check uses
 * @saddr: the ACK's source address
 * @daddr: the ACK's destination address
 * @sport: the ACK's source port, host order
 * @dport: the ACK's destination port, host order
 * @client_isn: the client ISN the check is given
 * @cookie_add: added to the cookie before the check
 * @shift: 0 if the change breaks the hash, so the cookie is refused;
 *	else how far it moves the MSS index (cookie - client ISN moves by
 *	it): the check then finds the entry @shift away, or none
 */
struct xtcp_cookie_forge_case {
	const char		*name;
	const siphash_key_t	*keys;
	__be32			saddr;
	__be32			daddr;
	u16			sport;
	u16			dport;
	u32			client_isn;
	u32			cookie_add;
	int			shift;
};

static const struct xtcp_cookie_forge_case xtcp_cookie_forge_cases[] = {
	{ "other saddr", xtcp_cookie_keys, XTCP_IP(192, 0, 2, 2), XTCP_SERVER,
	  40000, 80, XTCP_CISN, 0 },
	{ "other daddr", xtcp_cookie_keys, XTCP_CLIENT, XTCP_IP(192, 0, 2, 81),
	  40000, 80, XTCP_CISN, 0 },
	{ "addresses swapped", xtcp_cookie_keys, XTCP_SERVER, XTCP_CLIENT,
	  40000, 80, XTCP_CISN, 0 },
	{ "other sport", xtcp_cookie_keys, XTCP_CLIENT, XTCP_SERVER,
	  40001, 80, XTCP_CISN, 0 },
	{ "other dport", xtcp_cookie_keys, XTCP_CLIENT, XTCP_SERVER,
	  40000, 81, XTCP_CISN, 0 },
	{ "ports swapped", xtcp_cookie_keys, XTCP_CLIENT, XTCP_SERVER,
	  80, 40000, XTCP_CISN, 0 },
	{ "client isn + 1", xtcp_cookie_keys, XTCP_CLIENT, XTCP_SERVER,
	  40000, 80, XTCP_CISN + 1, 0, -1 },
	{ "client isn - 1", xtcp_cookie_keys, XTCP_CLIENT, XTCP_SERVER,
	  40000, 80, XTCP_CISN - 1, 0, 1 },
	{ "client isn + 4", xtcp_cookie_keys, XTCP_CLIENT, XTCP_SERVER,
	  40000, 80, XTCP_CISN + 4, 0, -4 },
	{ "client isn + 2^24", xtcp_cookie_keys, XTCP_CLIENT, XTCP_SERVER,
	  40000, 80, XTCP_CISN + BIT(24), 0 },
	{ "cookie + 1", xtcp_cookie_keys, XTCP_CLIENT, XTCP_SERVER,
	  40000, 80, XTCP_CISN, 1, 1 },
	{ "cookie + 2", xtcp_cookie_keys, XTCP_CLIENT, XTCP_SERVER,
	  40000, 80, XTCP_CISN, 2, 2 },
	{ "cookie - 1", xtcp_cookie_keys, XTCP_CLIENT, XTCP_SERVER,
	  40000, 80, XTCP_CISN, (u32)-1, -1 },
	{ "cookie + 4", xtcp_cookie_keys, XTCP_CLIENT, XTCP_SERVER,
	  40000, 80, XTCP_CISN, 4, 4 },
	{ "cookie - 4", xtcp_cookie_keys, XTCP_CLIENT, XTCP_SERVER,
	  40000, 80, XTCP_CISN, (u32)-4, -4 },
	{ "cookie + 2^23", xtcp_cookie_keys, XTCP_CLIENT, XTCP_SERVER,
	  40000, 80, XTCP_CISN, BIT(23), 0 },
	{ "other key 0", xtcp_cookie_keys_k0, XTCP_CLIENT, XTCP_SERVER,
	  40000, 80, XTCP_CISN, 0 },
	{ "other key 1", xtcp_cookie_keys_k1, XTCP_CLIENT, XTCP_SERVER,
	  40000, 80, XTCP_CISN, 0 },
	{ "keys swapped", xtcp_cookie_keys_swapped, XTCP_CLIENT, XTCP_SERVER,
	  40000, 80, XTCP_CISN, 0 },
};

static void xtcp_cookie_forge_desc(const struct xtcp_cookie_forge_case *c,
				   char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_cookie_forge, xtcp_cookie_forge_cases,
		  xtcp_cookie_forge_desc);

/*
 * For every MSS index. A change to the tuple, the keys or the minute bits
 * is refused. A small change to cookie - client ISN is not caught by the
 * hash, which covers the index only modulo 2^24 (Linux's design): it moves
 * the index, so the check gives another entry or none, never the cookie's
 * own MSS. Forging one still takes a valid cookie for the tuple.
 */
static void xtcp_syncookie_check__forged(struct kunit *test)
{
	const struct xtcp_cookie_forge_case *c = test->param_value;
	static const u16 mss[] = { 536, 1300, 1440, 1460 };
	int i, moved;
	u16 mss_out, want;
	u32 cookie;

	for (i = 0; i < ARRAY_SIZE(mss); i++) {
		cookie = xtcp_cookie_make(mss[i], XTCP_MINUTE, &mss_out);
		KUNIT_ASSERT_EQ(test, xtcp_cookie_check(cookie, XTCP_MINUTE),
				mss[i]);
		moved = i + c->shift;
		want = c->shift && moved >= 0 && moved < ARRAY_SIZE(mss) ?
		       mss[moved] : 0;
		KUNIT_EXPECT_EQ_MSG(test,
				    xtcp_syncookie_check(c->keys, c->saddr,
							 c->daddr,
							 htons(c->sport),
							 htons(c->dport),
							 c->client_isn,
							 cookie + c->cookie_add,
							 XTCP_MINUTE),
				    want, "mss %u", mss[i]);
	}
}

static void xtcp_cookie_bit_desc(const unsigned int *bit, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "bit %u", *bit);
}

static const unsigned int xtcp_cookie_bits[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
	16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
};

KUNIT_ARRAY_PARAM(xtcp_cookie_bit, xtcp_cookie_bits, xtcp_cookie_bit_desc);

/*
 * One flipped bit, for every MSS index. Bits 2..23 move the index out of
 * 0..3 and bits 24..31 move the minute, so the cookie is refused; bits 0
 * and 1 move the index by 1 or 2, which may land on another entry (the
 * design has only 24 bits of check for 2 bits of data), but never gives
 * the cookie's own MSS back.
 */
static void xtcp_syncookie_check__bit_flip(struct kunit *test)
{
	const unsigned int *bit = test->param_value;
	static const u16 mss[] = { 536, 1300, 1440, 1460 };
	unsigned int i;
	u16 mss_out, got;
	u32 cookie;

	for (i = 0; i < ARRAY_SIZE(mss); i++) {
		cookie = xtcp_cookie_make(mss[i], XTCP_MINUTE, &mss_out);
		got = xtcp_cookie_check(cookie ^ BIT(*bit), XTCP_MINUTE);
		if (*bit < 2)
			KUNIT_EXPECT_NE_MSG(test, got, mss[i], "mss %u",
					    mss[i]);
		else
			KUNIT_EXPECT_EQ_MSG(test, got, 0, "mss %u", mss[i]);
	}
}

static void xtcp_syncookie_minute__cases(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xtcp_syncookie_minute(0), 0U);
	KUNIT_EXPECT_EQ(test, xtcp_syncookie_minute(60 * HZ - 1), 0U);
	KUNIT_EXPECT_EQ(test, xtcp_syncookie_minute(60 * HZ), 1U);
	KUNIT_EXPECT_EQ(test, xtcp_syncookie_minute(7 * 60 * HZ + 59 * HZ),
			7U);
	/* 64-bit jiffies: the counter keeps the low 32 bits. */
	KUNIT_EXPECT_EQ(test,
			xtcp_syncookie_minute(((1ULL << 32) + 5) * 60 * HZ),
			5U);
}

#define XTCP_TS_CASES	64	/* wscale 0..14 and none, x SACK, x ECN */

static struct xtcp_syncookie_opts xtcp_ts_cases[XTCP_TS_CASES];

/* Case i: wscale i % 16 (15: none), SACK bit 4 of i, ECN bit 5. */
static const void *xtcp_ts_gen_params(const void *prev, char *desc)
{
	const struct xtcp_syncookie_opts *p = prev;
	struct xtcp_syncookie_opts *o;
	unsigned int i = p ? p - xtcp_ts_cases + 1 : 0;

	if (i >= XTCP_TS_CASES)
		return NULL;
	o = &xtcp_ts_cases[i];
	o->tstamp_ok = true;
	o->wscale_ok = i % 16 != 15;
	o->snd_wscale = o->wscale_ok ? i % 16 : 0;
	o->sack_ok = i & 16;
	o->ecn_ok = i & 32;
	if (o->wscale_ok)
		snprintf(desc, KUNIT_PARAM_DESC_SIZE, "wscale %u%s%s",
			 o->snd_wscale, o->sack_ok ? " sack" : "",
			 o->ecn_ok ? " ecn" : "");
	else
		snprintf(desc, KUNIT_PARAM_DESC_SIZE, "no wscale%s%s",
			 o->sack_ok ? " sack" : "", o->ecn_ok ? " ecn" : "");
	return o;
}

#define XTCP_ALLOW_ALL	(XTCP_SYNCOOKIE_ALLOW_TS | XTCP_SYNCOOKIE_ALLOW_SACK | \
			 XTCP_SYNCOOKIE_ALLOW_WSCALE | XTCP_SYNCOOKIE_ALLOW_ECN)

/*
 * encode -> decode gives the options back, from clocks whose low bits are
 * above, equal to and below the options, and from a clock about to wrap;
 * the tsval is never after the clock and at most 63 before it.
 */
static void xtcp_syncookie_ts_encode__round_trip(struct kunit *test)
{
	const struct xtcp_syncookie_opts *want = test->param_value;
	static const u32 clocks[] = {
		0x12345678, 0x12345640, 0x1234567f, 0x12345660, 3, 0,
		0xffffffff,
	};
	struct xtcp_syncookie_opts got;
	unsigned int i;
	u32 ts;

	for (i = 0; i < ARRAY_SIZE(clocks); i++) {
		ts = xtcp_syncookie_ts_encode(clocks[i], want);
		KUNIT_EXPECT_LT_MSG(test, clocks[i] - ts, 64U, "clock %#x",
				    clocks[i]);
		memset(&got, 0xa5, sizeof(got));
		KUNIT_EXPECT_TRUE_MSG(test,
				      xtcp_syncookie_ts_decode(true, ts,
							       XTCP_ALLOW_ALL,
							       &got),
				      "clock %#x", clocks[i]);
		KUNIT_EXPECT_EQ(test, got.tstamp_ok, true);
		KUNIT_EXPECT_EQ(test, got.wscale_ok, want->wscale_ok);
		KUNIT_EXPECT_EQ(test, got.snd_wscale, want->snd_wscale);
		KUNIT_EXPECT_EQ(test, got.sack_ok, want->sack_ok);
		KUNIT_EXPECT_EQ(test, got.ecn_ok, want->ecn_ok);
	}
}

/* The layout is Linux's: wscale in bits 0-3 (0xf none), SACK 4, ECN 5. */
static void xtcp_syncookie_ts_encode__layout(struct kunit *test)
{
	struct xtcp_syncookie_opts o = { .tstamp_ok = true };

	/* 0x100f would be after the clock: 64 earlier */
	KUNIT_EXPECT_EQ(test, xtcp_syncookie_ts_encode(0x1000, &o), 0xfcfU);
	o.sack_ok = true;
	KUNIT_EXPECT_EQ(test, xtcp_syncookie_ts_encode(0x1000, &o), 0xfdfU);
	o.ecn_ok = true;
	o.wscale_ok = true;
	o.snd_wscale = 7;
	KUNIT_EXPECT_EQ(test, xtcp_syncookie_ts_encode(0x103f, &o), 0x1037U);
}

/* A shift above 14 from the SYN counts as 14 (RFC 7323 2.3), not "none". */
static void xtcp_syncookie_ts_encode__clamps_wscale(struct kunit *test)
{
	static const u8 shifts[] = { 14, 15, 16, 200, 255 };
	struct xtcp_syncookie_opts o = { .wscale_ok = true }, got;
	unsigned int i;
	u32 ts;

	for (i = 0; i < ARRAY_SIZE(shifts); i++) {
		o.snd_wscale = shifts[i];
		ts = xtcp_syncookie_ts_encode(0x5000, &o);
		KUNIT_EXPECT_TRUE(test, xtcp_syncookie_ts_decode(true, ts,
								 XTCP_ALLOW_ALL,
								 &got));
		KUNIT_EXPECT_TRUE_MSG(test, got.wscale_ok, "shift %u",
				      shifts[i]);
		KUNIT_EXPECT_EQ_MSG(test, got.snd_wscale, XTCP_TCP_MAX_WSCALE,
				    "shift %u", shifts[i]);
	}
}

/**
 * struct xtcp_ts_decode_case - a tsecr against the host's settings
 * @name: description
 * @saw_ts: the ACK has a timestamp
 * @tsecr: its echo reply
 * @allow: XTCP_SYNCOOKIE_ALLOW_* the host has
 * @ok: what decode returns
 * @want: the options it fills (compared when @ok)
 */
struct xtcp_ts_decode_case {
	const char			*name;
	bool				saw_ts;
	u32				tsecr;
	unsigned int			allow;
	bool				ok;
	struct xtcp_syncookie_opts	want;
};

#define XTCP_ALLOW_NO(x)	(XTCP_ALLOW_ALL & ~XTCP_SYNCOOKIE_ALLOW_##x)

static const struct xtcp_ts_decode_case xtcp_ts_decode_cases[] = {
	{ "no timestamp", false, 0x3f, 0, true, {} },
	{ "timestamps disabled", true, 0x0f, XTCP_ALLOW_NO(TS), false },
	{ "sack disabled", true, 0x1f, XTCP_ALLOW_NO(SACK), false },
	{ "no sack, sack disabled", true, 0x0f, XTCP_ALLOW_NO(SACK), true,
	  { .tstamp_ok = true } },
	{ "wscale disabled", true, 0x07, XTCP_ALLOW_NO(WSCALE), false },
	{ "wscale 0 disabled", true, 0x00, XTCP_ALLOW_NO(WSCALE), false },
	{ "no wscale, wscale disabled", true, 0x1f, XTCP_ALLOW_NO(WSCALE),
	  true, { .tstamp_ok = true, .sack_ok = true } },
	/* ECN is only turned off, as cookie_ecn_ok() does */
	{ "ecn disabled", true, 0x2f, XTCP_ALLOW_NO(ECN), true,
	  { .tstamp_ok = true } },
	{ "ecn", true, 0x2f, XTCP_ALLOW_ALL, true,
	  { .tstamp_ok = true, .ecn_ok = true } },
	{ "all", true, 0x3e, XTCP_ALLOW_ALL, true,
	  { .tstamp_ok = true, .wscale_ok = true, .snd_wscale = 14,
	    .sack_ok = true, .ecn_ok = true } },
	{ "time bits ignored", true, 0xffffffc5, XTCP_ALLOW_ALL, true,
	  { .tstamp_ok = true, .wscale_ok = true, .snd_wscale = 5 } },
};

static void xtcp_ts_decode_desc(const struct xtcp_ts_decode_case *c,
				char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_ts_decode, xtcp_ts_decode_cases, xtcp_ts_decode_desc);

static void xtcp_syncookie_ts_decode__policy(struct kunit *test)
{
	const struct xtcp_ts_decode_case *c = test->param_value;
	struct xtcp_syncookie_opts got;

	memset(&got, 0xa5, sizeof(got));
	KUNIT_ASSERT_EQ(test,
			xtcp_syncookie_ts_decode(c->saw_ts, c->tsecr, c->allow,
						 &got),
			c->ok);
	if (!c->ok)
		return;
	KUNIT_EXPECT_EQ(test, got.tstamp_ok, c->want.tstamp_ok);
	KUNIT_EXPECT_EQ(test, got.wscale_ok, c->want.wscale_ok);
	KUNIT_EXPECT_EQ(test, got.snd_wscale, c->want.snd_wscale);
	KUNIT_EXPECT_EQ(test, got.sack_ok, c->want.sack_ok);
	KUNIT_EXPECT_EQ(test, got.ecn_ok, c->want.ecn_ok);
}

/**
 * struct xtcp_overflow_case - one step of the overflow bookkeeping
 * @name: description
 * @now: jiffies, relative to the stamp
 * @noted: whether xtcp_syncookie_overflow_note() moves the stamp
 * @recent: what xtcp_syncookie_overflow_recent() says
 */
struct xtcp_overflow_case {
	const char	*name;
	s64		now;
	bool		noted;
	bool		recent;
};

static const struct xtcp_overflow_case xtcp_overflow_cases[] = {
	{ "stamp - HZ - 1",	-HZ - 1,			true,	false },
	{ "stamp - HZ",		-HZ,				true,	true },
	{ "stamp - 1",		-1,				true,	true },
	{ "stamp",		0,				false,	true },
	{ "stamp + HZ",		HZ,				false,	true },
	{ "stamp + HZ + 1",	HZ + 1,				true,	true },
	{ "stamp + valid",	XTCP_SYNCOOKIE_VALID,		true,	true },
	{ "stamp + valid + 1",	XTCP_SYNCOOKIE_VALID + 1,	true,	false },
	{ "stamp + 1 hour",	3600 * HZ,			true,	false },
};

static void xtcp_overflow_desc(const struct xtcp_overflow_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_overflow, xtcp_overflow_cases, xtcp_overflow_desc);

/* At the window's edges, with the stamp anywhere, across the u32 wrap. */
static void xtcp_syncookie_overflow__boundaries(struct kunit *test)
{
	const struct xtcp_overflow_case *c = test->param_value;
	static const u32 stamps[] = { 1000000, 0, 0xffffffff - HZ / 2, 100 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(stamps); i++) {
		u32 now = stamps[i] + (u32)c->now, stamp = stamps[i];
		bool noted;

		KUNIT_EXPECT_EQ_MSG(test,
				    xtcp_syncookie_overflow_recent(stamp, now),
				    c->recent, "stamp %#x", stamps[i]);
		noted = xtcp_syncookie_overflow_note(&stamp, now);
		KUNIT_EXPECT_EQ_MSG(test, noted, c->noted, "stamp %#x",
				    stamps[i]);
		KUNIT_EXPECT_EQ_MSG(test, stamp, noted ? now : stamps[i],
				    "stamp %#x", stamps[i]);
		/* Right after noting, cookies are in use. */
		KUNIT_EXPECT_TRUE(test,
				  xtcp_syncookie_overflow_recent(stamp, now));
	}
}

/* A flood keeps the stamp within a second of now, so cookies stay on. */
static void xtcp_syncookie_overflow__flood(struct kunit *test)
{
	u32 stamp = 0, now;

	for (now = 5 * HZ; now < 5 * HZ + XTCP_SYNCOOKIE_VALID * 3; now += 7) {
		xtcp_syncookie_overflow_note(&stamp, now);
		KUNIT_ASSERT_LE(test, now - stamp, (u32)HZ);
		KUNIT_ASSERT_TRUE(test,
				  xtcp_syncookie_overflow_recent(stamp, now));
	}
	/* ... and they go off XTCP_SYNCOOKIE_VALID after it stops. */
	now = stamp + XTCP_SYNCOOKIE_VALID;
	KUNIT_EXPECT_TRUE(test, xtcp_syncookie_overflow_recent(stamp, now));
	KUNIT_EXPECT_FALSE(test, xtcp_syncookie_overflow_recent(stamp, now + 1));
}

static struct kunit_case xtcp_tcp_syncookie_cases[] = {
	KUNIT_CASE_PARAM(xtcp_syncookie_make__round_trip,
			 xtcp_cookie_mss_gen_params),
	KUNIT_CASE(xtcp_syncookie_check__from_ack),
	KUNIT_CASE_PARAM(xtcp_syncookie_check__age, xtcp_cookie_age_gen_params),
	KUNIT_CASE_PARAM(xtcp_syncookie_check__forged,
			 xtcp_cookie_forge_gen_params),
	KUNIT_CASE_PARAM(xtcp_syncookie_check__bit_flip,
			 xtcp_cookie_bit_gen_params),
	KUNIT_CASE(xtcp_syncookie_minute__cases),
	KUNIT_CASE_PARAM(xtcp_syncookie_ts_encode__round_trip,
			 xtcp_ts_gen_params),
	KUNIT_CASE(xtcp_syncookie_ts_encode__layout),
	KUNIT_CASE(xtcp_syncookie_ts_encode__clamps_wscale),
	KUNIT_CASE_PARAM(xtcp_syncookie_ts_decode__policy,
			 xtcp_ts_decode_gen_params),
	KUNIT_CASE_PARAM(xtcp_syncookie_overflow__boundaries,
			 xtcp_overflow_gen_params),
	KUNIT_CASE(xtcp_syncookie_overflow__flood),
	{}
};

static struct kunit_suite xtcp_tcp_syncookie_suite = {
	.name = "xtcp_tcp_syncookie",
	.test_cases = xtcp_tcp_syncookie_cases,
};

kunit_test_suite(xtcp_tcp_syncookie_suite);
