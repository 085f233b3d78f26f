// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/tcp/options.c, what a connection offers and agrees.
 *
 * Every expected value is what Linux 6.1 computes in the same situation,
 * worked out from its code (net/ipv4/tcp_output.c, tcp_input.c,
 * tcp_minisocks.c, route.c) with its defaults: tcp_adv_win_scale 1,
 * tcp_rmem = 4096 131072 6291456, tcp_timestamps, tcp_sack and
 * tcp_window_scaling 1, route.min_adv_mss 256, tcp_min_snd_mss 48. The
 * derivation is in a comment at each table. The agreement tables are also
 * played through fsm.c, which must set the same values in the TCB.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "tcp/tcp.h"
#include "wire_test.h"

#define TSV	0x01020304u	/* our timestamp clock */
#define PEER_TSV 0x11223344u	/* the peer's */
#define ISS	1000u
#define IRS	5000u

/* SO_RCVBUF lock: Linux then sets window_clamp to the full space. */
#define CLAMP_FULL	U32_MAX

/* ----- MSS ----- */

struct mss_case {
	const char	*name;
	u32		mtu;
	u16		user_mss;
	u16		peer_mss;
	u32		opts_len;
	u32		mss;
};

static void mss_case_desc(const struct mss_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

/*
 * ipv4_default_advmss(): max(mtu - 40, min_adv_mss 256), at most
 * 65535 - 40; tcp_dst_advmss(): at least 88.
 */
static const struct mss_case mtu_cases[] = {
	{ "68: min_adv_mss 256, not 28", 68, .mss = 256 },
	{ "295: 255 raised to 256", 295, .mss = 256 },
	{ "297: 257", 297, .mss = 257 },
	{ "576", 576, .mss = 536 },
	{ "1280", 1280, .mss = 1240 },
	{ "1500", 1500, .mss = 1460 },
	{ "9000", 9000, .mss = 8960 },
	{ "65535", 65535, .mss = 65495 },
	{ "65536 (loopback): IPV4_MAX_PMTU cap", 65536, .mss = 65495 },
	{ "0", 0, .mss = 256 },
};

KUNIT_ARRAY_PARAM(mtu, mtu_cases, mss_case_desc);

static void xtcp_tcp_mss_from_mtu__table(struct kunit *test)
{
	const struct mss_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xtcp_tcp_mss_from_mtu(c->mtu), c->mss);
}

/* tcp_mss_clamp(): TCP_MAXSEG if set and below the route's MSS. */
static const struct mss_case adv_cases[] = {
	{ "1500 no MAXSEG", 1500, 0, .mss = 1460 },
	{ "1500 MAXSEG 1000", 1500, 1000, .mss = 1000 },
	{ "1500 MAXSEG 1460", 1500, 1460, .mss = 1460 },
	{ "1500 MAXSEG 2000 does not raise", 1500, 2000, .mss = 1460 },
	{ "576 MAXSEG 1000", 576, 1000, .mss = 536 },
	{ "68 MAXSEG 88", 68, 88, .mss = 88 },
	{ "9000 MAXSEG 32767", 9000, 32767, .mss = 8960 },
};

KUNIT_ARRAY_PARAM(adv, adv_cases, mss_case_desc);

static void xtcp_tcp_advertise_mss__table(struct kunit *test)
{
	const struct mss_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xtcp_tcp_advertise_mss(c->mtu, c->user_mss),
			c->mss);
}

/*
 * tcp_mtu_to_mss(): pmtu - 40, capped by mss_clamp = min(peer MSS or
 * 536, TCP_MAXSEG), raised to tcp_min_snd_mss 48, less the options of
 * tcp_header_len; tcp_current_mss() then counts the options of the next
 * segment (SACK blocks too). Timestamps: 12; timestamps and 3 SACK blocks:
 * 12 + 4 + 3 * 8 = 40.
 */
static const struct mss_case send_cases[] = {
	{ "1500 peer 1460", 1500, 0, 1460, 0, 1460 },
	{ "1500 peer 1460 TS", 1500, 0, 1460, 12, 1448 },
	{ "1500 peer 1460 TS 3 SACKs", 1500, 0, 1460, 40, 1420 },
	{ "1500 no peer MSS: 536", 1500, 0, 0, 0, 536 },
	{ "1500 no peer MSS TS", 1500, 0, 0, 12, 524 },
	{ "1500 peer 1400 TS", 1500, 0, 1400, 12, 1388 },
	{ "1500 MAXSEG 1000 TS", 1500, 1000, 1460, 12, 988 },
	{ "1500 MAXSEG 2000 TS", 1500, 2000, 1460, 12, 1448 },
	{ "1500 MAXSEG 200 no peer MSS TS", 1500, 200, 0, 12, 188 },
	{ "576 peer 1460 TS", 576, 0, 1460, 12, 524 },
	{ "9000 peer 8960 TS", 9000, 0, 8960, 12, 8948 },
	{ "9000 peer 1460 TS", 9000, 0, 1460, 12, 1448 },
	/* 28 and 20 are raised to 48 before the options come off */
	{ "68 peer 1460 TS: floor 48", 68, 0, 1460, 12, 36 },
	{ "1500 peer 20: floor 48", 1500, 0, 20, 0, 48 },
	{ "1500 peer 20 TS: floor 48", 1500, 0, 20, 12, 36 },
	{ "1500 peer 20 all options: 8 left", 1500, 0, 20, 40, 8 },
	{ "65535 peer 65495", 65535, 0, 65495, 0, 65495 },
};

KUNIT_ARRAY_PARAM(send, send_cases, mss_case_desc);

static void xtcp_tcp_send_mss__table(struct kunit *test)
{
	const struct mss_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xtcp_tcp_send_mss(c->mtu, c->peer_mss,
						c->user_mss, c->opts_len),
			c->mss);
}

/*
 * tcp_bound_to_half_wnd(): cutoff = max_window / 2 above 536, else
 * max_window; an MSS above the cutoff becomes max(cutoff, 68 - 20 -
 * options). Reusing struct mss_case: .mtu is max_window.
 */
static const struct mss_case half_cases[] = {
	{ "no window yet", 0, .peer_mss = 1448, .opts_len = 12, .mss = 1448 },
	{ "65535: no cut", 65535, .peer_mss = 1448, .opts_len = 12,
	  .mss = 1448 },
	{ "2896: exactly 2 MSS", 2896, .peer_mss = 1448, .opts_len = 12,
	  .mss = 1448 },
	{ "2000: half", 2000, .peer_mss = 1448, .opts_len = 12, .mss = 1000 },
	{ "536: not halved", 536, .peer_mss = 1448, .opts_len = 12,
	  .mss = 536 },
	{ "40 TS", 40, .peer_mss = 1448, .opts_len = 12, .mss = 40 },
	{ "20 TS: floor 36", 20, .peer_mss = 1448, .opts_len = 12,
	  .mss = 36 },
	{ "20: floor 48", 20, .peer_mss = 1460, .opts_len = 0, .mss = 48 },
};

KUNIT_ARRAY_PARAM(half, half_cases, mss_case_desc);

static void xtcp_tcp_bound_to_half_wnd__table(struct kunit *test)
{
	const struct mss_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xtcp_tcp_bound_to_half_wnd(c->peer_mss, c->mtu,
							 c->opts_len),
			c->mss);
}

/* ----- Window ----- */

/* tcp_win_from_space(), adv_win_scale 1: space - (space >> 1) */
static void xtcp_tcp_win_from_space__values(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xtcp_tcp_full_space(131072), 65536);
	KUNIT_EXPECT_EQ(test, xtcp_tcp_full_space(6291456), 3145728);
	KUNIT_EXPECT_EQ(test, xtcp_tcp_full_space(4096), 2048);
	KUNIT_EXPECT_EQ(test, xtcp_tcp_win_from_space(3), 2);
	KUNIT_EXPECT_EQ(test, xtcp_tcp_win_from_space(1), 1);
	KUNIT_EXPECT_EQ(test, xtcp_tcp_win_from_space(0), 0);
	KUNIT_EXPECT_EQ(test, xtcp_tcp_win_from_space(-4096), -2048);
}

struct win_case {
	const char	*name;
	int		rcvbuf;
	u32		mss;
	u32		init;		/* rcv_wnd_init */
	bool		wscale_ok;
	u32		clamp_in;	/* CLAMP_FULL: the full space */
	bool		signed_wnd;	/* tcp_workaround_signed_windows */
	u32		rmem_max;	/* 0: tcp_rmem[2], 6291456 */
	u32		rcv_wnd;
	u8		wscale;
	u32		clamp;
};

static void win_case_desc(const struct win_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

#define CL7	(65535u << 7)		/* 8388480 */
#define CL14	(65535u << 14)		/* 1073725440, "no clamp" */

/*
 * tcp_select_initial_window(sk, tcp_full_space(sk), mss, ...):
 * space = rounddown(min(clamp, full space), mss); rcv_wnd = min(space,
 * 65535). With scaling, wscale = ilog2(min(max(space, tcp_rmem[2],
 * rmem_max), clamp)) - 15 in 0..14: ilog2(6291456) = 22, so 7 for any
 * buffer up to 6 MB, which is the 7 of every default Linux SYN. Then
 * clamp = min(65535 << wscale, clamp).
 *
 *   131072: space 65536; / 1460 -> 44 * 1460 = 64240 (Linux's SYN
 *	window on Ethernet); / 1448 (passive, timestamps) -> 45 * 1448 =
 *	65160 (its SYN-ACK's); / 536 -> 122 * 536 = 65392.
 *   6291456: space 3145728, rounded 2154 * 1460 = 3144840 -> 65535.
 *   4096: space 2048 -> 1460 or 3 * 536 = 1608; with SO_RCVBUF locked,
 *	clamp 2048 also caps the scale's space: ilog2(2048) - 15 < 0 -> 0.
 */
static const struct win_case win_cases[] = {
	{ "131072 mss 1460 wscale", 131072, 1460, 0, true, 0, false, 0,
	  64240, 7, CL7 },
	{ "131072 mss 1460 no wscale", 131072, 1460, 0, false, 0, false, 0,
	  64240, 0, 65535 },
	{ "131072 mss 1448 wscale", 131072, 1448, 0, true, 0, false, 0,
	  65160, 7, CL7 },
	{ "131072 mss 536 wscale", 131072, 536, 0, true, 0, false, 0,
	  65392, 7, CL7 },
	{ "131072 mss 536 no wscale", 131072, 536, 0, false, 0, false, 0,
	  65392, 0, 65535 },
	{ "6291456 mss 1460 wscale", 6291456, 1460, 0, true, 0, false, 0,
	  65535, 7, CL7 },
	{ "6291456 mss 1460 no wscale", 6291456, 1460, 0, false, 0, false, 0,
	  65535, 0, 65535 },
	{ "6291456 mss 536 wscale", 6291456, 536, 0, true, 0, false, 0,
	  65535, 7, CL7 },
	{ "4096 mss 1460 wscale", 4096, 1460, 0, true, 0, false, 0,
	  1460, 7, CL7 },
	{ "4096 mss 1460 no wscale", 4096, 1460, 0, false, 0, false, 0,
	  1460, 0, 65535 },
	{ "4096 mss 536 wscale", 4096, 536, 0, true, 0, false, 0,
	  1608, 7, CL7 },
	{ "4096 SO_RCVBUF locked wscale", 4096, 1460, 0, true, CLAMP_FULL,
	  false, 0, 1460, 0, 2048 },
	/* the scale's space capped at 65536: ilog2(65536) - 15 = 1 */
	{ "131072 SO_RCVBUF locked wscale", 131072, 1460, 0, true,
	  CLAMP_FULL, false, 0, 64240, 1, 65536 },
	{ "131072 signed windows", 131072, 1460, 0, true, 0, true, 0,
	  32767, 7, CL7 },
	{ "131072 initrwnd 10", 131072, 1460, 10, true, 0, false, 0,
	  14600, 7, CL7 },
	/* ilog2(212992) = 17: a small machine's net.core.rmem_max */
	{ "131072 rmem_max 212992", 131072, 1460, 0, true, 0, false, 212992,
	  64240, 2, 65535u << 2 },
	/* ilog2(1073725440) = 29 -> 14, the maximum */
	{ "131072 rmem_max 2^30: 14", 131072, 1460, 0, true, 0, false,
	  1u << 30, 64240, 14, CL14 },
	{ "131072 rmem_max 2^31: 14", 131072, 1460, 0, true, 0, false,
	  1u << 31, 64240, 14, CL14 },
	/* not above the MSS: not rounded */
	{ "2000 mss 1460", 2000, 1460, 0, false, 0, false, 0, 1000, 0, 65535 },
	{ "negative space", -4096, 1460, 0, false, 0, false, 0, 0, 0, 65535 },
};

KUNIT_ARRAY_PARAM(win, win_cases, win_case_desc);

static void xtcp_tcp_select_initial_window__table(struct kunit *test)
{
	const struct win_case *c = test->param_value;
	int space = xtcp_tcp_full_space(c->rcvbuf);
	struct xtcp_tcp_opts_cfg cfg;
	u32 rcv_wnd = 0xdead, clamp;
	u8 wscale = 0xff;

	xtcp_tcp_opts_cfg_default(&cfg);
	cfg.workaround_signed_windows = c->signed_wnd;
	if (c->rmem_max)
		cfg.rmem_max = c->rmem_max;
	clamp = c->clamp_in == CLAMP_FULL ? space : c->clamp_in;

	xtcp_tcp_select_initial_window(&cfg, space, c->mss, c->init,
				       c->wscale_ok, &rcv_wnd, &wscale, &clamp);
	KUNIT_EXPECT_EQ(test, rcv_wnd, c->rcv_wnd);
	KUNIT_EXPECT_EQ(test, wscale, c->wscale);
	KUNIT_EXPECT_EQ(test, clamp, c->clamp);
}

/* ----- SYN ----- */

struct syn_case {
	const char	*name;
	bool		ts;
	bool		sack;
	bool		ws;
	u8		saw;
	u8		len;
	u8		bytes[XTCP_TCP_OPT_MAX];
};

static void syn_case_desc(const struct syn_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

#define F_MSS	XTCP_TCPOPT_F_MSS
#define F_WS	XTCP_TCPOPT_F_WSCALE
#define F_SP	XTCP_TCPOPT_F_SACK_PERM
#define F_TS	XTCP_TCPOPT_F_TS
#define F_SACK	XTCP_TCPOPT_F_SACK

/*
 * Option bytes below: MSS 1460 02 04 05 b4; SACK_PERM and TS 04 02 08 0a,
 * or NOPs and TS 01 01 08 0a, then tsval TSV and tsecr 0; lone SACK_PERM
 * 01 01 04 02; window scale 7 01 03 03 07.
 */

/*
 * tcp_syn_options(): MSS always; TS, WSCALE, SACK_ADVERTISE each by its
 * sysctl. tcp_options_write() lays them out MSS, SACK_PERM+TS (or NOPs+TS),
 * lone SACK_PERM, WSCALE.
 */
static const struct syn_case syn_cases[] = {
	{ "ts sack ws (Linux default)", 1, 1, 1, F_MSS | F_TS | F_SP | F_WS, 20,
	  { 0x02, 0x04, 0x05, 0xb4,
	    0x04, 0x02, 0x08, 0x0a, 0x01, 0x02, 0x03, 0x04, 0, 0, 0, 0,
	    0x01, 0x03, 0x03, 0x07 } },
	{ "ts sack", 1, 1, 0, F_MSS | F_TS | F_SP, 16,
	  { 0x02, 0x04, 0x05, 0xb4,
	    0x04, 0x02, 0x08, 0x0a, 0x01, 0x02, 0x03, 0x04, 0, 0, 0, 0 } },
	{ "ts ws", 1, 0, 1, F_MSS | F_TS | F_WS, 20,
	  { 0x02, 0x04, 0x05, 0xb4,
	    0x01, 0x01, 0x08, 0x0a, 0x01, 0x02, 0x03, 0x04, 0, 0, 0, 0,
	    0x01, 0x03, 0x03, 0x07 } },
	{ "ts", 1, 0, 0, F_MSS | F_TS, 16,
	  { 0x02, 0x04, 0x05, 0xb4,
	    0x01, 0x01, 0x08, 0x0a, 0x01, 0x02, 0x03, 0x04, 0, 0, 0, 0 } },
	{ "sack ws", 0, 1, 1, F_MSS | F_SP | F_WS, 12,
	  { 0x02, 0x04, 0x05, 0xb4, 0x01, 0x01, 0x04, 0x02,
	    0x01, 0x03, 0x03, 0x07 } },
	{ "sack", 0, 1, 0, F_MSS | F_SP, 8,
	  { 0x02, 0x04, 0x05, 0xb4, 0x01, 0x01, 0x04, 0x02 } },
	{ "ws", 0, 0, 1, F_MSS | F_WS, 8,
	  { 0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x07 } },
	{ "none: MSS only", 0, 0, 0, F_MSS, 4, { 0x02, 0x04, 0x05, 0xb4 } },
};

KUNIT_ARRAY_PARAM(syn, syn_cases, syn_case_desc);

static void xtcp_tcp_syn_options__switches(struct kunit *test)
{
	const struct syn_case *c = test->param_value;
	struct xtcp_tcp_opts_cfg cfg;
	struct xtcp_tcp_repr r = {
		.sport = 40000, .dport = 80, .seq = ISS,
		.flags = XTCP_TCPF_SYN, .window = 64240,
	};
	u8 buf[XTCP_TCP_HLEN_MAX];

	xtcp_tcp_opts_cfg_default(&cfg);
	cfg.timestamps = c->ts;
	cfg.sack = c->sack;
	cfg.window_scaling = c->ws;
	memset(&r.opts, 0xee, sizeof(r.opts));
	xtcp_tcp_syn_options(&cfg, 1460, 7, TSV, &r.opts);

	KUNIT_EXPECT_EQ(test, r.opts.saw, c->saw);
	KUNIT_EXPECT_EQ(test, r.opts.mss, 1460);
	KUNIT_EXPECT_EQ(test, r.opts.wscale, c->ws ? 7 : 0);
	KUNIT_EXPECT_EQ(test, r.opts.tsval, c->ts ? TSV : 0);
	KUNIT_EXPECT_EQ(test, r.opts.tsecr, 0);
	KUNIT_EXPECT_EQ(test, r.opts.nr_sacks, 0);
	KUNIT_EXPECT_EQ(test, xtcp_tcp_opts_allowed(&cfg), c->saw);

	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	KUNIT_ASSERT_EQ(test, xtcp_tcp_build(&r, 0, 0, buf, sizeof(buf)),
			XTCP_TCP_HLEN + c->len);
	KUNIT_EXPECT_EQ(test, xtcp_wire_first_diff(buf + XTCP_TCP_HLEN,
						   c->bytes, c->len), -1);
}

/*
 * A default Linux SYN on Ethernet, from scratch: MTU 1500 -> MSS 1460,
 * rcvbuf tcp_rmem[1] 131072 -> window 64240, shift 7, and its option
 * bytes 02 04 05 b4 04 02 08 0a <tsval> 00000000 01 03 03 07 (doff 10).
 */
static void xtcp_tcp_syn_options__linux_default_syn(struct kunit *test)
{
	static const u8 want[] = {
		0x00, 0x50, 0x1f, 0x90,		/* ports 80 -> 8080 */
		0x00, 0x00, 0x03, 0xe8,		/* seq 1000 */
		0x00, 0x00, 0x00, 0x00,		/* ack */
		0xa0, 0x02,			/* doff 10, SYN */
		0xfa, 0xf0,			/* window 64240 */
	};
	static const u8 opts[] = {
		0x02, 0x04, 0x05, 0xb4,			/* MSS 1460 */
		0x04, 0x02, 0x08, 0x0a,			/* SACK_PERM, TS */
		0x01, 0x02, 0x03, 0x04, 0, 0, 0, 0,	/* tsval, tsecr 0 */
		0x01, 0x03, 0x03, 0x07,			/* WS 7 */
	};
	struct xtcp_tcp_repr r = {
		.sport = 80, .dport = 8080, .seq = ISS, .flags = XTCP_TCPF_SYN,
	};
	struct xtcp_tcp_opts_cfg cfg;
	u32 rcv_wnd, clamp = 0;
	u8 wscale, buf[64];
	u16 mss;

	xtcp_tcp_opts_cfg_default(&cfg);
	mss = xtcp_tcp_advertise_mss(1500, 0);
	xtcp_tcp_select_initial_window(&cfg,
				       xtcp_tcp_full_space(XTCP_TCP_RMEM_DEFAULT),
				       mss, 0, cfg.window_scaling, &rcv_wnd,
				       &wscale, &clamp);
	xtcp_tcp_syn_options(&cfg, mss, wscale, TSV, &r.opts);
	r.window = rcv_wnd;

	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	KUNIT_ASSERT_EQ(test, xtcp_tcp_build(&r, 0, 0, buf, sizeof(buf)), 40);
	KUNIT_EXPECT_EQ(test, xtcp_wire_first_diff(buf, want, sizeof(want)),
			-1);
	KUNIT_EXPECT_EQ(test, xtcp_wire_first_diff(buf + 20, opts, 20), -1);
	KUNIT_EXPECT_EQ(test, xtcp_wire_first_unpoisoned(buf, 40, sizeof(buf)),
			-1);
}

/* ----- SYN-ACK and agreement ----- */

/* Switches turned off, for the table */
#define NO_TS	BIT(0)
#define NO_SACK	BIT(1)
#define NO_WS	BIT(2)

struct agree_case {
	const char	*name;
	u8		off;		/* NO_*: our switches */
	u8		peer;		/* F_*: the peer's SYN(-ACK) options */
	u8		peer_ws;
	u16		peer_mss;
	/* expected */
	u8		saw;		/* our SYN-ACK's options */
	u16		mss;
	bool		ws_ok;
	bool		ws_clamped;
	u8		snd_ws;
	u8		rcv_ws;
	bool		sack_ok;
	bool		ts_ok;
};

static void agree_case_desc(const struct agree_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

#define ALL	(F_MSS | F_TS | F_SP | F_WS)

/*
 * tcp_conn_request() / tcp_openreq_init(): an option is on if the SYN
 * carried it and its sysctl allows it; tcp_parse_options() clamps a shift
 * above 14 to 14 and logs it; mss_clamp stays 536 without an MSS option
 * or with MSS 0. On the active side, tcp_rcv_synsent_state_process()
 * reaches the same result from a SYN-ACK that answers our default SYN.
 * Our shift is 7, the peer's 9 unless the name says otherwise.
 */
static const struct agree_case agree_cases[] = {
	{ "peer all", 0, ALL, 9, 1400,
	  ALL, 1400, true, false, 9, 7, true, true },
	{ "peer MSS only", 0, F_MSS, 9, 1400,
	  F_MSS, 1400, false, false, 0, 0, false, false },
	{ "peer nothing: MSS 536", 0, 0, 9, 0,
	  F_MSS, 536, false, false, 0, 0, false, false },
	{ "peer MSS 0: 536", 0, ALL, 9, 0,
	  ALL, 536, true, false, 9, 7, true, true },
	{ "peer no TS", 0, ALL & ~F_TS, 9, 1460,
	  ALL & ~F_TS, 1460, true, false, 9, 7, true, false },
	{ "peer no WS", 0, ALL & ~F_WS, 9, 1460,
	  ALL & ~F_WS, 1460, false, false, 0, 0, true, true },
	{ "peer no SACK", 0, ALL & ~F_SP, 9, 1460,
	  ALL & ~F_SP, 1460, true, false, 9, 7, false, true },
	{ "peer WS 0", 0, ALL, 0, 1460,
	  ALL, 1460, true, false, 0, 7, true, true },
	{ "peer WS 14", 0, ALL, 14, 1460,
	  ALL, 1460, true, false, 14, 7, true, true },
	{ "peer WS 15: clamped to 14", 0, ALL, 15, 1460,
	  ALL, 1460, true, true, 14, 7, true, true },
	{ "peer WS 255: clamped to 14", 0, ALL, 255, 1460,
	  ALL, 1460, true, true, 14, 7, true, true },
	{ "we no TS", NO_TS, ALL, 9, 1460,
	  ALL & ~F_TS, 1460, true, false, 9, 7, true, false },
	{ "we no WS", NO_WS, ALL, 9, 1460,
	  ALL & ~F_WS, 1460, false, false, 0, 0, true, true },
	{ "we no SACK", NO_SACK, ALL, 9, 1460,
	  ALL & ~F_SP, 1460, true, false, 9, 7, false, true },
	{ "we nothing", NO_TS | NO_SACK | NO_WS, ALL, 9, 1460,
	  F_MSS, 1460, false, false, 0, 0, false, false },
};

KUNIT_ARRAY_PARAM(agree, agree_cases, agree_case_desc);

static void agree_cfg(struct xtcp_tcp_opts_cfg *cfg, u8 off)
{
	xtcp_tcp_opts_cfg_default(cfg);
	cfg->timestamps = !(off & NO_TS);
	cfg->sack = !(off & NO_SACK);
	cfg->window_scaling = !(off & NO_WS);
}

/* The peer's SYN (or SYN-ACK, with @ack) as a parsed segment */
static void agree_peer(struct xtcp_tcp_repr *seg, const struct agree_case *c,
		       bool ack)
{
	memset(seg, 0, sizeof(*seg));
	seg->seq = IRS;
	seg->flags = XTCP_TCPF_SYN;
	if (ack) {
		seg->flags |= XTCP_TCPF_ACK;
		seg->ack = ISS + 1;
	}
	seg->window = 65535;
	seg->opts.saw = c->peer;
	seg->opts.mss = c->peer_mss;
	seg->opts.wscale = c->peer_ws;
	seg->opts.tsval = PEER_TSV;
	if (ack)
		seg->opts.tsecr = TSV;
}

static void expect_agreed(struct kunit *test, const struct agree_case *c,
			  const struct xtcp_tcp_agreed *a)
{
	KUNIT_EXPECT_EQ(test, a->mss, c->mss);
	KUNIT_EXPECT_EQ(test, a->wscale_ok, c->ws_ok);
	KUNIT_EXPECT_EQ(test, a->wscale_clamped, c->ws_clamped);
	KUNIT_EXPECT_EQ(test, a->snd_wscale, c->snd_ws);
	KUNIT_EXPECT_EQ(test, a->rcv_wscale, c->rcv_ws);
	KUNIT_EXPECT_EQ(test, a->sack_ok, c->sack_ok);
	KUNIT_EXPECT_EQ(test, a->ts_ok, c->ts_ok);
	KUNIT_EXPECT_EQ(test, a->ts_recent, c->ts_ok ? PEER_TSV : 0);
}

/* fsm.c's negotiation must land on the same values in the TCB. */
static void expect_tcb(struct kunit *test, const struct xtcp_tcp_agreed *a,
		       const struct xtcp_tcb *tcb)
{
	KUNIT_EXPECT_EQ(test, tcb->mss, a->mss);
	KUNIT_EXPECT_EQ(test, tcb->wscale_ok, a->wscale_ok);
	KUNIT_EXPECT_EQ(test, tcb->snd_wscale, a->snd_wscale);
	KUNIT_EXPECT_EQ(test, tcb->rcv_wscale, a->rcv_wscale);
	KUNIT_EXPECT_EQ(test, tcb->sack_ok, a->sack_ok);
	KUNIT_EXPECT_EQ(test, tcb->ts_ok, a->ts_ok);
	if (a->ts_ok)
		KUNIT_EXPECT_EQ(test, tcb->ts_recent, a->ts_recent);
}

/* Passive side: the SYN-ACK tcp_synack_options() would send. */
static void xtcp_tcp_synack_options__table(struct kunit *test)
{
	const struct agree_case *c = test->param_value;
	struct xtcp_tcp_opts_cfg cfg;
	struct xtcp_tcp_agreed agreed;
	struct xtcp_tcp_fsm_act act;
	struct xtcp_tcp_repr syn;
	struct xtcp_tcp_opts o;
	struct xtcp_tcb tcb;

	agree_cfg(&cfg, c->off);
	agree_peer(&syn, c, false);
	memset(&o, 0xee, sizeof(o));
	memset(&agreed, 0xee, sizeof(agreed));
	xtcp_tcp_synack_options(&cfg, &syn.opts, 1460, 7, TSV, &o, &agreed);

	KUNIT_EXPECT_EQ(test, o.saw, c->saw);
	KUNIT_EXPECT_EQ(test, o.mss, 1460);
	KUNIT_EXPECT_EQ(test, o.wscale, c->saw & F_WS ? 7 : 0);
	KUNIT_EXPECT_EQ(test, o.tsval, c->ts_ok ? TSV : 0);
	KUNIT_EXPECT_EQ(test, o.tsecr, c->ts_ok ? PEER_TSV : 0);
	KUNIT_EXPECT_EQ(test, o.nr_sacks, 0);
	expect_agreed(test, c, &agreed);

	xtcp_tcp_fsm_accept(&tcb, &syn, ISS, 65160, &o, 0, &act);
	expect_tcb(test, &agreed, &tcb);
}

/* Active side: our SYN, then the peer's SYN-ACK. */
static void xtcp_tcp_options_agree__active(struct kunit *test)
{
	const struct agree_case *c = test->param_value;
	struct xtcp_tcp_opts_cfg cfg;
	struct xtcp_tcp_fsm_cfg fcfg;
	struct xtcp_tcp_agreed agreed;
	struct xtcp_tcp_fsm_act act;
	struct xtcp_tcp_repr synack;
	struct xtcp_tcp_opts ours;
	struct xtcp_tcb tcb;

	agree_cfg(&cfg, c->off);
	xtcp_tcp_syn_options(&cfg, 1460, 7, TSV, &ours);
	/* A peer answers only what we offered (tcp_synack_options()). */
	agree_peer(&synack, c, true);
	synack.opts.saw &= ours.saw;
	memset(&agreed, 0xee, sizeof(agreed));
	xtcp_tcp_options_agree(&ours, &synack.opts, &agreed);
	expect_agreed(test, c, &agreed);

	xtcp_tcp_fsm_cfg_default(&fcfg);
	xtcp_tcp_fsm_connect(&tcb, ISS, 64240, &ours, &act);
	xtcp_tcp_fsm_input(&tcb, &fcfg, &synack, 1000, &act);
	KUNIT_ASSERT_EQ(test, tcb.state, XTCP_TCP_ESTABLISHED);
	expect_tcb(test, &agreed, &tcb);
}

/* RFC 7323 1.3: a SYN-ACK's option we did not offer is not agreed. */
static void xtcp_tcp_options_agree__unoffered(struct kunit *test)
{
	struct xtcp_tcp_opts ours = { .saw = F_MSS, .mss = 1460 };
	struct xtcp_tcp_opts theirs = {
		.saw = ALL, .mss = 1400, .wscale = 9, .tsval = PEER_TSV,
	};
	struct xtcp_tcp_agreed a;

	xtcp_tcp_options_agree(&ours, &theirs, &a);
	KUNIT_EXPECT_EQ(test, a.mss, 1400);
	KUNIT_EXPECT_FALSE(test, a.wscale_ok);
	KUNIT_EXPECT_EQ(test, a.snd_wscale, 0);
	KUNIT_EXPECT_EQ(test, a.rcv_wscale, 0);
	KUNIT_EXPECT_FALSE(test, a.sack_ok);
	KUNIT_EXPECT_FALSE(test, a.ts_ok);
	KUNIT_EXPECT_EQ(test, a.ts_recent, 0);
}

/*
 * A listener with Linux's defaults answering a default Linux SYN on
 * Ethernet: timestamps agreed, so tcp_openreq_init_rwin() sizes the
 * window on 1460 - 12 = 1448: 65160, shift 7 (Linux's SYN-ACK window).
 */
static void xtcp_tcp_synack_options__linux_default_synack(struct kunit *test)
{
	static const u8 opts[] = {
		0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,
		0x01, 0x02, 0x03, 0x04,		/* tsval TSV */
		0x11, 0x22, 0x33, 0x44,		/* tsecr: the SYN's tsval */
		0x01, 0x03, 0x03, 0x07,
	};
	struct xtcp_tcp_opts syn = {
		.saw = ALL, .mss = 1460, .wscale = 7, .tsval = PEER_TSV,
	};
	struct xtcp_tcp_repr r = {
		.sport = 8080, .dport = 40000, .seq = ISS, .ack = IRS + 1,
		.flags = XTCP_TCPF_SYN | XTCP_TCPF_ACK,
	};
	struct xtcp_tcp_opts_cfg cfg;
	struct xtcp_tcp_agreed agreed;
	u32 rcv_wnd, clamp = 0;
	u8 both, wscale, buf[64];
	u16 mss;

	xtcp_tcp_opts_cfg_default(&cfg);
	both = xtcp_tcp_opts_allowed(&cfg) & syn.saw;
	mss = xtcp_tcp_advertise_mss(1500, 0);
	xtcp_tcp_select_initial_window(&cfg,
				       xtcp_tcp_full_space(XTCP_TCP_RMEM_DEFAULT),
				       mss - (both & F_TS ?
					      XTCP_TCPOLEN_TS_ALIGNED : 0),
				       0, both & F_WS, &rcv_wnd, &wscale,
				       &clamp);
	KUNIT_EXPECT_EQ(test, rcv_wnd, 65160);
	KUNIT_EXPECT_EQ(test, wscale, 7);
	xtcp_tcp_synack_options(&cfg, &syn, mss, wscale, TSV, &r.opts,
				&agreed);
	r.window = rcv_wnd;

	memset(buf, XTCP_WIRE_POISON, sizeof(buf));
	KUNIT_ASSERT_EQ(test, xtcp_tcp_build(&r, 0, 0, buf, sizeof(buf)), 40);
	KUNIT_EXPECT_EQ(test, buf[12], 0xa0);
	KUNIT_EXPECT_EQ(test, buf[13], 0x12);		/* SYN, ACK */
	KUNIT_EXPECT_EQ(test, buf[14], 0xfe);		/* 65160 */
	KUNIT_EXPECT_EQ(test, buf[15], 0x88);
	KUNIT_EXPECT_EQ(test, xtcp_wire_first_diff(buf + 20, opts, 20), -1);
	KUNIT_EXPECT_TRUE(test, agreed.ts_ok);
	KUNIT_EXPECT_EQ(test, agreed.rcv_wscale, 7);
	/* The send MSS then: 1460 less the timestamps. */
	KUNIT_EXPECT_EQ(test, xtcp_tcp_send_mss(1500, agreed.mss, 0,
						XTCP_TCPOLEN_TS_ALIGNED),
			1448);
}

/* ----- Established ----- */

struct est_case {
	const char	*name;
	bool		ts_ok;
	bool		sack_ok;
	u8		nr_sacks;	/* offered */
	u8		saw;
	u8		nr;		/* copied */
	u8		len;		/* xtcp_tcp_opts_len() */
};

static void est_case_desc(const struct est_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

/*
 * tcp_established_options(): TS (12 bytes) when tstamp_ok; SACK blocks
 * when any, in the room left: 4 + 8n, 3 blocks beside timestamps, 4
 * without.
 */
static const struct est_case est_cases[] = {
	{ "ts", 1, 1, 0, F_TS, 0, 12 },
	{ "ts 1 sack", 1, 1, 1, F_TS | F_SACK, 1, 24 },
	{ "ts 4 sacks: 3 fit", 1, 1, 4, F_TS | F_SACK, 4, 40 },
	{ "ts 5 sacks: 4 kept", 1, 1, 5, F_TS | F_SACK, 4, 40 },
	{ "4 sacks no ts", 0, 1, 4, F_SACK, 4, 36 },
	{ "sacks not agreed", 1, 0, 2, F_TS, 0, 12 },
	{ "nothing agreed", 0, 0, 2, 0, 0, 0 },
};

KUNIT_ARRAY_PARAM(est, est_cases, est_case_desc);

static void xtcp_tcp_established_options__table(struct kunit *test)
{
	const struct est_case *c = test->param_value;
	static const struct xtcp_tcp_sack_block sacks[5] = {
		{ 100, 200 }, { 300, 400 }, { 500, 600 }, { 700, 800 },
		{ 900, 1000 },
	};
	struct xtcp_tcb tcb = {
		.ts_ok = c->ts_ok, .sack_ok = c->sack_ok, .ts_recent = PEER_TSV,
	};
	struct xtcp_tcp_opts o;
	unsigned int i;

	memset(&o, 0xee, sizeof(o));
	xtcp_tcp_established_options(&tcb, TSV, sacks, c->nr_sacks, &o);
	KUNIT_EXPECT_EQ(test, o.saw, c->saw);
	KUNIT_EXPECT_EQ(test, o.tsval, c->ts_ok ? TSV : 0);
	KUNIT_EXPECT_EQ(test, o.tsecr, c->ts_ok ? PEER_TSV : 0);
	KUNIT_EXPECT_EQ(test, o.nr_sacks, c->nr);
	for (i = 0; i < c->nr; i++) {
		KUNIT_EXPECT_EQ(test, o.sacks[i].start, sacks[i].start);
		KUNIT_EXPECT_EQ(test, o.sacks[i].end, sacks[i].end);
	}
	KUNIT_EXPECT_EQ(test, xtcp_tcp_opts_len(&o), c->len);
	/* tcp_current_mss(): these bytes come off 1460 */
	KUNIT_EXPECT_EQ(test, xtcp_tcp_send_mss(1500, 1460, 0,
						xtcp_tcp_opts_len(&o)),
			1460u - c->len);
}

static struct kunit_case xtcp_tcp_options_cases[] = {
	KUNIT_CASE_PARAM(xtcp_tcp_mss_from_mtu__table, mtu_gen_params),
	KUNIT_CASE_PARAM(xtcp_tcp_advertise_mss__table, adv_gen_params),
	KUNIT_CASE_PARAM(xtcp_tcp_send_mss__table, send_gen_params),
	KUNIT_CASE_PARAM(xtcp_tcp_bound_to_half_wnd__table, half_gen_params),
	KUNIT_CASE(xtcp_tcp_win_from_space__values),
	KUNIT_CASE_PARAM(xtcp_tcp_select_initial_window__table,
			 win_gen_params),
	KUNIT_CASE_PARAM(xtcp_tcp_syn_options__switches, syn_gen_params),
	KUNIT_CASE(xtcp_tcp_syn_options__linux_default_syn),
	KUNIT_CASE_PARAM(xtcp_tcp_synack_options__table, agree_gen_params),
	KUNIT_CASE(xtcp_tcp_synack_options__linux_default_synack),
	KUNIT_CASE_PARAM(xtcp_tcp_options_agree__active, agree_gen_params),
	KUNIT_CASE(xtcp_tcp_options_agree__unoffered),
	KUNIT_CASE_PARAM(xtcp_tcp_established_options__table, est_gen_params),
	{}
};

static struct kunit_suite xtcp_tcp_options_suite = {
	.name = "xtcp_tcp_options",
	.test_cases = xtcp_tcp_options_cases,
};

kunit_test_suite(xtcp_tcp_options_suite);
