// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/tcp/fsm.c, the TCP state machine core.
 *
 * The table drives one event (a segment, a user call or the timer) into a
 * TCB built in each of the 11 states, with the segment's numbers relative
 * to the TCB's, and checks the new state and every action. The sequence
 * tests then play whole connections as send/receive scripts at explicit
 * times: the core reads no clock, so "now" is whatever the test says.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/math64.h>
#include <linux/string.h>

#include "tcp/tcp.h"

#define ISS		1000u
#define IRS		5000u
#define INFLIGHT	100u	/* data bytes we sent and the peer has not acked */
#define WND		1000u	/* both windows */
#define TSR		10000u	/* TS.Recent */
#define T0		1000000ULL
#define DAYS24		XTCP_TCP_PAWS_24DAYS	/* seconds */

/* The states, short, for the table */
#define EST	XTCP_TCP_ESTABLISHED
#define SS	XTCP_TCP_SYN_SENT
#define SR	XTCP_TCP_SYN_RECEIVED
#define FW1	XTCP_TCP_FIN_WAIT_1
#define FW2	XTCP_TCP_FIN_WAIT_2
#define TW	XTCP_TCP_TIME_WAIT
#define CL	XTCP_TCP_CLOSED
#define CW	XTCP_TCP_CLOSE_WAIT
#define LA	XTCP_TCP_LAST_ACK
#define LI	XTCP_TCP_LISTEN
#define CLG	XTCP_TCP_CLOSING

/* Segment control bits */
#define S_SYN	XTCP_TCPF_SYN
#define S_ACK	XTCP_TCPF_ACK
#define S_FIN	XTCP_TCPF_FIN
#define S_RST	XTCP_TCPF_RST

/* Actions */
#define A_RST	XTCP_TCP_ACT_SEND_RST
#define A_SYNACK XTCP_TCP_ACT_SEND_SYNACK
#define A_ACK	XTCP_TCP_ACT_SEND_ACK
#define A_DACK	XTCP_TCP_ACT_DELAY_ACK
#define A_CACK	XTCP_TCP_ACT_CHALLENGE_ACK
#define A_LIM	XTCP_TCP_ACT_ACK_LIMITED
#define A_FIN	XTCP_TCP_ACT_SEND_FIN
#define A_DLV	XTCP_TCP_ACT_DELIVER
#define A_OOO	XTCP_TCP_ACT_OOO
#define A_OOOF	XTCP_TCP_ACT_OOO_FIN
#define A_EOF	XTCP_TCP_ACT_EOF
#define A_ACKED	XTCP_TCP_ACT_ACKED
#define A_WND	XTCP_TCP_ACT_WND_UPDATE
#define A_EST	XTCP_TCP_ACT_ESTABLISHED
#define A_ARM	XTCP_TCP_ACT_TIMER_ARM
#define A_DONE	(XTCP_TCP_ACT_CLOSED | XTCP_TCP_ACT_TIMER_CANCEL)

/* Drop reasons */
#define D_SEQ	XTCP_TCP_FSM_DROP_SEQ
#define D_RSTC	XTCP_TCP_FSM_DROP_RST_CHALLENGE
#define D_SYNC	XTCP_TCP_FSM_DROP_SYN_CHALLENGE
#define D_WIN	XTCP_TCP_FSM_DROP_WINDOW

/* How the TCB is built, besides its state */
#define SETUP_ORPHAN	BIT(0)	/* the user closed the socket */
#define SETUP_TS	BIT(1)	/* timestamps negotiated, TS.Recent = TSR */
#define SETUP_ZWND	BIT(2)	/* RCV.WND = 0 */
#define SETUP_ACKED	BIT(3)	/* the peer acked 2 * WND of ours before */
#define SETUP_TS0	BIT(4)	/* timestamps negotiated, TS.Recent = 0 */

enum fsm_event {
	EV_SEG,
	EV_CLOSE,		/* shutdown(SHUT_WR) */
	EV_CLOSE_ORPHAN,	/* close() */
	EV_ABORT,
	EV_TIMEOUT,		/* at the deadline (far later if none) */
	EV_TIMEOUT_EARLY,	/* 1 us before it */
};

/* The RST expected with A_RST */
enum fsm_rst_kind {
	RST_NONE,
	RST_SEGACK,	/* <SEQ=SEG.ACK><CTL=RST> */
	RST_SEGSEQ,	/* <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> */
	RST_NXT,	/* <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK> */
};

/**
 * struct fsm_case - one event in one state, and what must follow
 * @name: case name
 * @state: the TCB's state
 * @setup: SETUP_*
 * @event: enum fsm_event
 * @flags: the segment's control bits
 * @dseq: SEG.SEQ - RCV.NXT (- IRS in SYN-SENT, LISTEN, CLOSED)
 * @nxt: SEG.ACK is relative to SND.NXT, else to SND.UNA
 * @dack: SEG.ACK minus that
 * @len: payload bytes
 * @wnd: the window field, WND if 0
 * @tsval: a timestamp option with this TSval, if not 0
 * @tsr: TS.Recent with SETUP_TS, TSR if 0
 * @idle: seconds since TS.Recent was taken (the event comes that late)
 * @ts_take: TS.Recent is @tsval afterwards, taken now; else unchanged
 * @to: the state after, @state if 0
 * @act: exactly these XTCP_TCP_ACT_* flags
 * @drop: enum xtcp_tcp_fsm_drop
 * @err: errno reported
 * @rst: enum fsm_rst_kind, with A_RST
 * @acked: data bytes acked, with A_ACKED
 * @dlv_off: payload offset delivered, with A_DLV
 * @dlv_len: bytes delivered, with A_DLV
 * @ooo_dseq: out-of-order SEQ - RCV.NXT, with A_OOO
 * @ooo_len: out-of-order bytes, with A_OOO
 * @verdict: enum xtcp_tcp_listen_verdict, in LISTEN
 */
struct fsm_case {
	const char	*name;
	u8		state;
	u8		setup;
	u8		event;
	u16		flags;
	s32		dseq;
	bool		nxt;
	s32		dack;
	u32		len;
	u16		wnd;
	u32		tsval;
	u32		tsr;
	u32		idle;
	bool		ts_take;
	u8		to;
	u32		act;
	u8		drop;
	int		err;
	u8		rst;
	u32		acked;
	u32		dlv_off;
	u32		dlv_len;
	s32		ooo_dseq;
	u32		ooo_len;
	u8		verdict;
};

/* Shorthands for the common segments */
#define ACK_ALL		.flags = S_ACK, .nxt = true
#define DATA(d, l)	.flags = S_ACK, .dseq = (d), .len = (l)
#define RST_AT(d)	.flags = S_RST, .dseq = (d)
#define CHALLENGED(r)	.act = A_CACK, .drop = (r)

static const struct fsm_case fsm_cases[] = {
	/* ESTABLISHED: SND.UNA 1001, SND.NXT 1101, RCV.NXT 5001 */
	{ "EST SYN in window", EST, .flags = S_SYN, CHALLENGED(D_SYNC) },
	{ "EST SYN-ACK", EST, .flags = S_SYN | S_ACK, .nxt = true,
	  CHALLENGED(D_SYNC) },
	{ "EST SYN out of window", EST, .flags = S_SYN, .dseq = 5000,
	  CHALLENGED(D_SYNC) },
	{ "EST ACK all", EST, ACK_ALL, .act = A_ACKED, .acked = INFLIGHT },
	{ "EST ACK partial", EST, .flags = S_ACK, .dack = 40,
	  .act = A_ACKED, .acked = 40 },
	{ "EST ACK duplicate", EST, .flags = S_ACK },
	{ "EST ACK old within max window", EST, SETUP_ACKED, .flags = S_ACK,
	  .dack = -10 },
	{ "EST ACK old, nothing acked yet", EST, .flags = S_ACK, .dack = -1,
	  CHALLENGED(XTCP_TCP_FSM_DROP_ACK_OLD) },
	{ "EST data, ACK old, nothing acked yet", EST, DATA(0, 100),
	  .dack = -10, CHALLENGED(XTCP_TCP_FSM_DROP_ACK_OLD) },
	{ "EST ACK too new", EST, .flags = S_ACK, .nxt = true, .dack = 1,
	  CHALLENGED(XTCP_TCP_FSM_DROP_ACK_UNSENT) },
	{ "EST ACK too old", EST, SETUP_ACKED, .flags = S_ACK,
	  .dack = -(s32)WND - 1,
	  CHALLENGED(XTCP_TCP_FSM_DROP_ACK_OLD) },
	{ "EST ACK oldest allowed", EST, SETUP_ACKED, .flags = S_ACK,
	  .dack = -(s32)WND },
	{ "EST ACK window update", EST, .flags = S_ACK, .wnd = 2 * WND,
	  .act = A_WND },
	{ "EST data without ACK", EST, .len = 100,
	  .drop = XTCP_TCP_FSM_DROP_NO_ACK },
	{ "EST data without ACK out of window", EST, .dseq = WND, .len = 100,
	  .drop = XTCP_TCP_FSM_DROP_NO_ACK },
	{ "EST data in order", EST, DATA(0, 100), .act = A_DLV | A_DACK,
	  .dlv_len = 100 },
	{ "EST data out of order", EST, DATA(100, 100), .act = A_OOO | A_ACK,
	  .ooo_dseq = 100, .ooo_len = 100 },
	{ "EST data partly old", EST, DATA(-50, 100), .act = A_DLV | A_DACK,
	  .dlv_off = 50, .dlv_len = 50 },
	{ "EST data old", EST, DATA(-200, 100), .act = A_ACK, .drop = D_SEQ },
	{ "EST data past window", EST, DATA(WND, 100), .act = A_ACK,
	  .drop = D_SEQ },
	{ "EST data over right edge", EST, DATA(WND - 50, 100),
	  .act = A_OOO | A_ACK, .drop = D_WIN, .ooo_dseq = WND - 50,
	  .ooo_len = 50 },
	{ "EST data larger than window", EST, DATA(0, WND + 100),
	  .act = A_DLV | A_ACK, .drop = D_WIN, .dlv_len = WND },
	{ "EST zero window data", EST, SETUP_ZWND, DATA(0, 100), .act = A_ACK,
	  .drop = D_WIN },
	{ "EST zero window ACK", EST, SETUP_ZWND, ACK_ALL, .act = A_ACKED,
	  .acked = INFLIGHT },
	{ "EST zero window ACK beyond", EST, SETUP_ZWND, DATA(1, 0),
	  .act = A_ACK, .drop = D_SEQ },
	{ "EST zero window FIN", EST, SETUP_ZWND, .flags = S_FIN | S_ACK,
	  .to = CW, .act = A_EOF | A_ACK },
	{ "EST pure ACK out of window", EST, DATA(2000, 0), .act = A_ACK,
	  .drop = D_SEQ },
	{ "EST pure ACK at right edge", EST, DATA(WND, 0) },
	{ "EST RST exact", EST, RST_AT(0), .to = CL, .act = A_DONE,
	  .err = ECONNRESET },
	{ "EST RST-ACK exact", EST, .flags = S_RST | S_ACK, .to = CL,
	  .act = A_DONE, .err = ECONNRESET },
	{ "EST RST in window", EST, RST_AT(10), CHALLENGED(D_RSTC) },
	{ "EST RST at window end", EST, RST_AT(WND - 1), CHALLENGED(D_RSTC) },
	{ "EST RST at right edge", EST, RST_AT(WND), CHALLENGED(D_RSTC) },
	{ "EST RST out of window", EST, RST_AT(WND + 1), .drop = D_SEQ },
	{ "EST RST old", EST, RST_AT(-1), .drop = D_SEQ },
	{ "EST FIN in order", EST, .flags = S_FIN | S_ACK, .to = CW,
	  .act = A_EOF | A_ACK },
	{ "EST data and FIN", EST, .flags = S_FIN | S_ACK, .len = 100,
	  .to = CW, .act = A_DLV | A_EOF | A_ACK, .dlv_len = 100 },
	{ "EST FIN out of order", EST, .flags = S_FIN | S_ACK, .dseq = 10,
	  .act = A_OOO | A_OOOF | A_ACK, .ooo_dseq = 10 },
	{ "EST FIN past window", EST, .flags = S_FIN | S_ACK, .dseq = WND,
	  .act = A_ACK, .drop = D_SEQ },
	{ "EST PAWS", EST, SETUP_TS, DATA(0, 100), .tsval = TSR - 2,
	  .act = A_ACK, .drop = XTCP_TCP_FSM_DROP_PAWS },
	{ "EST PAWS one tick old", EST, SETUP_TS, DATA(0, 100),
	  .tsval = TSR - 1, .act = A_DLV | A_DACK, .dlv_len = 100 },
	{ "EST PAWS disordered dup ACK", EST, SETUP_TS, DATA(0, 0),
	  .tsval = TSR - 1000 },
	{ "EST PAWS dup ACK past replay", EST, SETUP_TS, DATA(0, 0),
	  .tsval = TSR - 2000, .act = A_ACK, .drop = XTCP_TCP_FSM_DROP_PAWS },
	{ "EST timestamp newer", EST, SETUP_TS, DATA(0, 100), .tsval = TSR + 1,
	  .act = A_DLV | A_DACK, .dlv_len = 100, .ts_take = true },
	{ "EST timestamp newer out of order", EST, SETUP_TS, DATA(100, 100),
	  .tsval = TSR + 1, .act = A_OOO | A_ACK, .ooo_dseq = 100,
	  .ooo_len = 100 },
	/* RFC 7323 5.2: s32 arithmetic, so that the peer's clock may wrap */
	{ "EST PAWS wrap newer", EST, SETUP_TS, DATA(0, 100),
	  .tsr = 0xfffffff0, .tsval = 5, .act = A_DLV | A_DACK,
	  .dlv_len = 100, .ts_take = true },
	{ "EST PAWS wrap older", EST, SETUP_TS, DATA(0, 100), .tsr = 5,
	  .tsval = 0xfffffff0, .act = A_ACK, .drop = XTCP_TCP_FSM_DROP_PAWS },
	{ "EST PAWS 2^31 ahead is newer", EST, SETUP_TS, DATA(0, 100),
	  .tsval = TSR + 0x80000000u, .act = A_DLV | A_DACK, .dlv_len = 100,
	  .ts_take = true },
	{ "EST PAWS 2^31 - 1 behind is older", EST, SETUP_TS, DATA(0, 100),
	  .tsval = TSR - 0x7fffffffu, .act = A_ACK,
	  .drop = XTCP_TCP_FSM_DROP_PAWS },
	/* RFC 7323 5.5: after 24 days idle TS.Recent is no longer valid */
	{ "EST PAWS idle 24 days", EST, SETUP_TS, DATA(0, 100),
	  .tsval = TSR - 1000, .idle = DAYS24, .act = A_DLV | A_DACK,
	  .dlv_len = 100, .ts_take = true },
	{ "EST PAWS idle 24 days less 1 s", EST, SETUP_TS, DATA(0, 100),
	  .tsval = TSR - 1000, .idle = DAYS24 - 1, .act = A_ACK,
	  .drop = XTCP_TCP_FSM_DROP_PAWS },
	{ "EST PAWS idle 24 days, one tick old", EST, SETUP_TS, DATA(0, 100),
	  .tsval = TSR - 1, .idle = DAYS24, .act = A_DLV | A_DACK,
	  .dlv_len = 100, .ts_take = true },
	{ "EST PAWS TS.Recent 0", EST, SETUP_TS0, DATA(0, 100),
	  .tsval = 0x90000000u, .act = A_DLV | A_DACK, .dlv_len = 100,
	  .ts_take = true },
	/* RFC 7323 5.3 R1: PAWS never drops an RST */
	{ "EST RST exact, old timestamp", EST, SETUP_TS, RST_AT(0),
	  .tsval = TSR - 5000, .to = CL, .act = A_DONE, .err = ECONNRESET },
	{ "EST RST in window, old timestamp", EST, SETUP_TS, RST_AT(10),
	  .tsval = TSR - 5000, CHALLENGED(D_RSTC) },
	{ "EST close", EST, .event = EV_CLOSE, .to = FW1, .act = A_FIN },
	{ "EST abort", EST, .event = EV_ABORT, .to = CL, .act = A_RST | A_DONE,
	  .rst = RST_NXT },
	{ "EST timeout", EST, .event = EV_TIMEOUT },

	/* SYN-RECEIVED, passive: SND.UNA 1000, SND.NXT 1001, RCV.NXT 5001 */
	{ "SR ACK of SYN-ACK", SR, ACK_ALL, .to = EST, .act = A_EST | A_ACKED },
	{ "SR ACK with data", SR, ACK_ALL, .len = 100, .to = EST,
	  .act = A_EST | A_ACKED | A_DLV | A_DACK, .dlv_len = 100 },
	{ "SR ACK with FIN", SR, .flags = S_ACK | S_FIN, .nxt = true, .to = CW,
	  .act = A_EST | A_ACKED | A_EOF | A_ACK },
	{ "SR ACK of nothing", SR, .flags = S_ACK, .act = A_RST,
	  .rst = RST_SEGACK, .drop = XTCP_TCP_FSM_DROP_BAD_ACK },
	{ "SR ACK too new", SR, .flags = S_ACK, .nxt = true, .dack = 1,
	  .act = A_RST, .rst = RST_SEGACK,
	  .drop = XTCP_TCP_FSM_DROP_BAD_ACK },
	{ "SR SYN retransmitted", SR, .flags = S_SYN, .dseq = -1,
	  .act = A_SYNACK },
	{ "SR SYN in window", SR, .flags = S_SYN, .to = CL,
	  .act = A_RST | A_DONE, .rst = RST_SEGSEQ, .drop = D_SYNC },
	{ "SR RST exact", SR, RST_AT(0), .to = CL, .act = A_DONE },
	{ "SR RST in window", SR, RST_AT(10), CHALLENGED(D_RSTC) },
	{ "SR PAWS", SR, SETUP_TS, ACK_ALL, .len = 100, .tsval = TSR - 2,
	  .act = A_ACK, .drop = XTCP_TCP_FSM_DROP_PAWS },
	{ "SR data without ACK", SR, .len = 100,
	  .drop = XTCP_TCP_FSM_DROP_NO_ACK },
	{ "SR data without ACK out of window", SR, .dseq = WND, .len = 100,
	  .act = A_ACK, .drop = D_SEQ },
	{ "SR data out of window", SR, DATA(WND, 100), .nxt = true,
	  .act = A_ACK, .drop = D_SEQ },
	{ "SR close", SR, .event = EV_CLOSE, .to = FW1, .act = A_FIN },
	{ "SR abort", SR, .event = EV_ABORT, .to = CL, .act = A_RST | A_DONE,
	  .rst = RST_NXT },

	/* SYN-SENT: SND.UNA 1000, SND.NXT 1001; the peer's ISS is 5000 */
	{ "SS SYN-ACK", SS, .flags = S_SYN | S_ACK, .nxt = true, .to = EST,
	  .act = A_EST | A_ACKED | A_ACK },
	{ "SS SYN-ACK with data", SS, .flags = S_SYN | S_ACK, .nxt = true,
	  .len = 100, .to = EST, .act = A_EST | A_ACKED | A_ACK | A_DLV,
	  .dlv_len = 100 },
	{ "SS SYN-ACK with FIN", SS, .flags = S_SYN | S_ACK | S_FIN,
	  .nxt = true, .to = CW, .act = A_EST | A_ACKED | A_ACK | A_EOF },
	{ "SS SYN-ACK acking ISS", SS, .flags = S_SYN | S_ACK, .act = A_RST,
	  .rst = RST_SEGACK, .drop = XTCP_TCP_FSM_DROP_BAD_ACK },
	{ "SS SYN-ACK too new", SS, .flags = S_SYN | S_ACK, .nxt = true,
	  .dack = 1, .act = A_RST, .rst = RST_SEGACK,
	  .drop = XTCP_TCP_FSM_DROP_BAD_ACK },
	{ "SS SYN", SS, .flags = S_SYN, .to = SR, .act = A_SYNACK },
	{ "SS RST-ACK", SS, .flags = S_RST | S_ACK, .nxt = true, .to = CL,
	  .act = A_DONE, .err = ECONNREFUSED },
	{ "SS RST without ACK", SS, RST_AT(0),
	  .drop = XTCP_TCP_FSM_DROP_RST_BAD_ACK },
	{ "SS RST-ACK acking ISS", SS, .flags = S_RST | S_ACK,
	  .drop = XTCP_TCP_FSM_DROP_BAD_ACK },
	{ "SS ACK", SS, ACK_ALL, .drop = XTCP_TCP_FSM_DROP_NO_SYN },
	{ "SS ACK acking ISS", SS, .flags = S_ACK, .act = A_RST,
	  .rst = RST_SEGACK, .drop = XTCP_TCP_FSM_DROP_BAD_ACK },
	{ "SS FIN", SS, .flags = S_FIN, .drop = XTCP_TCP_FSM_DROP_NO_SYN },
	{ "SS close", SS, .event = EV_CLOSE, .to = CL, .act = A_DONE },
	{ "SS abort", SS, .event = EV_ABORT, .to = CL, .act = A_DONE },

	/* FIN-WAIT-1: SND.UNA 1001, FIN at 1101, SND.NXT 1102 */
	{ "FW1 ACK of FIN", FW1, ACK_ALL, .to = FW2, .act = A_ACKED,
	  .acked = INFLIGHT },
	{ "FW1 ACK of FIN orphan", FW1, SETUP_ORPHAN, ACK_ALL, .to = FW2,
	  .act = A_ACKED | A_ARM, .acked = INFLIGHT },
	{ "FW1 ACK of data", FW1, .flags = S_ACK, .dack = INFLIGHT,
	  .act = A_ACKED, .acked = INFLIGHT },
	{ "FW1 FIN", FW1, .flags = S_FIN | S_ACK, .to = CLG,
	  .act = A_EOF | A_ACK },
	{ "FW1 FIN acking FIN", FW1, .flags = S_FIN | S_ACK, .nxt = true,
	  .to = TW, .act = A_ACKED | A_EOF | A_ACK | A_ARM,
	  .acked = INFLIGHT },
	{ "FW1 data", FW1, DATA(0, 100), .act = A_DLV | A_DACK,
	  .dlv_len = 100 },
	{ "FW1 data orphan", FW1, SETUP_ORPHAN, DATA(0, 100), .to = CL,
	  .act = A_RST | A_DONE, .rst = RST_SEGACK, .err = ECONNRESET,
	  .drop = XTCP_TCP_FSM_DROP_AFTER_CLOSE },
	{ "FW1 RST exact", FW1, RST_AT(0), .to = CL, .act = A_DONE,
	  .err = ECONNRESET },
	{ "FW1 RST in window", FW1, RST_AT(10), CHALLENGED(D_RSTC) },
	{ "FW1 SYN", FW1, .flags = S_SYN, CHALLENGED(D_SYNC) },
	{ "FW1 ACK too new", FW1, .flags = S_ACK, .nxt = true, .dack = 1,
	  CHALLENGED(XTCP_TCP_FSM_DROP_ACK_UNSENT) },
	{ "FW1 close", FW1, .event = EV_CLOSE },
	{ "FW1 abort", FW1, .event = EV_ABORT, .to = CL,
	  .act = A_RST | A_DONE, .rst = RST_NXT },

	/* FIN-WAIT-2: SND.UNA = SND.NXT = 1102, RCV.NXT 5001 */
	{ "FW2 FIN", FW2, .flags = S_FIN | S_ACK, .to = TW,
	  .act = A_EOF | A_ACK | A_ARM },
	{ "FW2 data", FW2, DATA(0, 100), .act = A_DLV | A_DACK,
	  .dlv_len = 100 },
	{ "FW2 data and FIN", FW2, .flags = S_FIN | S_ACK, .len = 100,
	  .to = TW, .act = A_DLV | A_EOF | A_ACK | A_ARM, .dlv_len = 100 },
	{ "FW2 FIN out of order", FW2, .flags = S_FIN | S_ACK, .dseq = 10,
	  .act = A_OOO | A_OOOF | A_ACK, .ooo_dseq = 10 },
	{ "FW2 data out of window", FW2, DATA(WND, 1), .act = A_ACK,
	  .drop = D_SEQ },
	{ "FW2 data orphan", FW2, SETUP_ORPHAN, DATA(0, 100), .to = CL,
	  .act = A_RST | A_DONE, .rst = RST_SEGACK, .err = ECONNRESET,
	  .drop = XTCP_TCP_FSM_DROP_AFTER_CLOSE },
	{ "FW2 FIN orphan", FW2, SETUP_ORPHAN, .flags = S_FIN | S_ACK,
	  .to = TW, .act = A_EOF | A_ACK | A_ARM },
	{ "FW2 RST exact", FW2, RST_AT(0), .to = CL, .act = A_DONE,
	  .err = ECONNRESET },
	{ "FW2 RST in window", FW2, RST_AT(10), CHALLENGED(D_RSTC) },
	{ "FW2 SYN", FW2, .flags = S_SYN, CHALLENGED(D_SYNC) },
	{ "FW2 ACK too new", FW2, .flags = S_ACK, .nxt = true, .dack = 1,
	  CHALLENGED(XTCP_TCP_FSM_DROP_ACK_UNSENT) },
	{ "FW2 timeout orphan", FW2, SETUP_ORPHAN, .event = EV_TIMEOUT,
	  .to = CL, .act = A_DONE },
	{ "FW2 timeout early orphan", FW2, SETUP_ORPHAN,
	  .event = EV_TIMEOUT_EARLY },
	{ "FW2 timeout not orphan", FW2, .event = EV_TIMEOUT },
	{ "FW2 close orphan", FW2, .event = EV_CLOSE_ORPHAN, .act = A_ARM },
	{ "FW2 abort", FW2, .event = EV_ABORT, .to = CL,
	  .act = A_RST | A_DONE, .rst = RST_NXT },

	/* CLOSE-WAIT: SND.UNA 1001, SND.NXT 1101, RCV.NXT 5002 (after FIN) */
	{ "CW ACK all", CW, ACK_ALL, .act = A_ACKED, .acked = INFLIGHT },
	{ "CW data", CW, DATA(0, 100), .drop = XTCP_TCP_FSM_DROP_AFTER_FIN },
	{ "CW FIN again", CW, .flags = S_FIN | S_ACK, .dseq = -1,
	  .act = A_ACK, .drop = D_SEQ },
	{ "CW RST exact", CW, RST_AT(0), .to = CL, .act = A_DONE,
	  .err = EPIPE },
	{ "CW RST in window", CW, RST_AT(10), CHALLENGED(D_RSTC) },
	{ "CW SYN", CW, .flags = S_SYN, CHALLENGED(D_SYNC) },
	{ "CW ACK too old", CW, .flags = S_ACK, .dack = -(s32)WND - 1,
	  CHALLENGED(XTCP_TCP_FSM_DROP_ACK_OLD) },
	{ "CW close", CW, .event = EV_CLOSE, .to = LA, .act = A_FIN },
	{ "CW abort", CW, .event = EV_ABORT, .to = CL, .act = A_RST | A_DONE,
	  .rst = RST_NXT },

	/* CLOSING: as FIN-WAIT-1, RCV.NXT 5002 */
	{ "CLG ACK of FIN", CLG, ACK_ALL, .to = TW, .act = A_ACKED | A_ARM,
	  .acked = INFLIGHT },
	{ "CLG ACK of data", CLG, .flags = S_ACK, .dack = INFLIGHT,
	  .act = A_ACKED, .acked = INFLIGHT },
	{ "CLG FIN again", CLG, .flags = S_FIN | S_ACK, .dseq = -1,
	  .act = A_ACK, .drop = D_SEQ },
	{ "CLG data", CLG, DATA(0, 1), .drop = XTCP_TCP_FSM_DROP_AFTER_FIN },
	{ "CLG RST exact", CLG, RST_AT(0), .to = CL, .act = A_DONE },
	{ "CLG RST in window", CLG, RST_AT(10), CHALLENGED(D_RSTC) },
	{ "CLG SYN", CLG, .flags = S_SYN, CHALLENGED(D_SYNC) },
	{ "CLG close", CLG, .event = EV_CLOSE },
	{ "CLG abort", CLG, .event = EV_ABORT, .to = CL, .act = A_DONE },

	/* LAST-ACK: as CLOSE-WAIT with our FIN at 1101, SND.NXT 1102 */
	{ "LA ACK of FIN", LA, ACK_ALL, .to = CL, .act = A_ACKED | A_DONE,
	  .acked = INFLIGHT },
	{ "LA ACK of data", LA, .flags = S_ACK, .dack = INFLIGHT,
	  .act = A_ACKED, .acked = INFLIGHT },
	{ "LA FIN again", LA, .flags = S_FIN | S_ACK, .dseq = -1,
	  .act = A_ACK, .drop = D_SEQ },
	{ "LA data", LA, DATA(0, 100), .drop = XTCP_TCP_FSM_DROP_AFTER_FIN },
	{ "LA RST exact", LA, RST_AT(0), .to = CL, .act = A_DONE },
	{ "LA RST in window", LA, RST_AT(10), CHALLENGED(D_RSTC) },
	{ "LA SYN", LA, .flags = S_SYN, CHALLENGED(D_SYNC) },
	{ "LA ACK too new", LA, .flags = S_ACK, .nxt = true, .dack = 1,
	  CHALLENGED(XTCP_TCP_FSM_DROP_ACK_UNSENT) },
	{ "LA close", LA, .event = EV_CLOSE },
	{ "LA abort", LA, .event = EV_ABORT, .to = CL, .act = A_DONE },

	/* TIME-WAIT: SND.UNA = SND.NXT = 1102, RCV.NXT 5002, deadline armed */
	{ "TW FIN again", TW, .flags = S_FIN | S_ACK, .dseq = -1,
	  .act = A_ACK | A_ARM, .drop = D_SEQ },
	{ "TW ACK", TW, .flags = S_ACK },
	{ "TW data", TW, DATA(0, 100), .drop = XTCP_TCP_FSM_DROP_AFTER_FIN },
	{ "TW data without ACK out of window", TW, .dseq = WND, .len = 100,
	  .act = A_ACK, .drop = D_SEQ },
	{ "TW RST exact", TW, RST_AT(0), .to = CL, .act = A_DONE },
	{ "TW RST in window", TW, RST_AT(10), CHALLENGED(D_RSTC) },
	{ "TW RST out of window", TW, RST_AT(-1), .drop = D_SEQ },
	{ "TW SYN in window", TW, .flags = S_SYN, CHALLENGED(D_SYNC) },
	{ "TW SYN old", TW, .flags = S_SYN, .dseq = -100, CHALLENGED(D_SYNC) },
	{ "TW PAWS", TW, SETUP_TS, .flags = S_ACK, .tsval = TSR - 5000,
	  .act = A_ACK, .drop = XTCP_TCP_FSM_DROP_PAWS },
	{ "TW RST exact, old timestamp", TW, SETUP_TS, RST_AT(0),
	  .tsval = TSR - 5000, .to = CL, .act = A_DONE },
	{ "TW timeout", TW, .event = EV_TIMEOUT, .to = CL, .act = A_DONE },
	{ "TW timeout early", TW, .event = EV_TIMEOUT_EARLY },
	{ "TW close", TW, .event = EV_CLOSE },
	{ "TW abort", TW, .event = EV_ABORT, .to = CL, .act = A_DONE },

	/* LISTEN: the peer's ISS is 5000 */
	{ "LI SYN", LI, .flags = S_SYN, .verdict = XTCP_TCP_LISTEN_ACCEPT },
	{ "LI SYN with data", LI, .flags = S_SYN, .len = 10,
	  .verdict = XTCP_TCP_LISTEN_ACCEPT },
	{ "LI SYN-ACK", LI, .flags = S_SYN | S_ACK, .act = A_RST,
	  .rst = RST_SEGACK, .drop = XTCP_TCP_FSM_DROP_LISTEN_ACK,
	  .verdict = XTCP_TCP_LISTEN_RESET },
	{ "LI ACK", LI, ACK_ALL, .act = A_RST, .rst = RST_SEGACK,
	  .drop = XTCP_TCP_FSM_DROP_LISTEN_ACK,
	  .verdict = XTCP_TCP_LISTEN_RESET },
	{ "LI RST", LI, RST_AT(0), .drop = XTCP_TCP_FSM_DROP_RST,
	  .verdict = XTCP_TCP_LISTEN_DROP },
	{ "LI RST-ACK", LI, .flags = S_RST | S_ACK,
	  .drop = XTCP_TCP_FSM_DROP_RST, .verdict = XTCP_TCP_LISTEN_DROP },
	{ "LI FIN", LI, .flags = S_FIN, .drop = XTCP_TCP_FSM_DROP_NO_SYN,
	  .verdict = XTCP_TCP_LISTEN_DROP },
	{ "LI close", LI, .event = EV_CLOSE, .to = CL, .act = A_DONE },

	/* CLOSED */
	{ "CL SYN", CL, .flags = S_SYN, .act = A_RST, .rst = RST_SEGSEQ,
	  .drop = XTCP_TCP_FSM_DROP_CLOSED },
	{ "CL data without ACK", CL, .len = 100, .act = A_RST,
	  .rst = RST_SEGSEQ, .drop = XTCP_TCP_FSM_DROP_CLOSED },
	{ "CL ACK", CL, ACK_ALL, .act = A_RST, .rst = RST_SEGACK,
	  .drop = XTCP_TCP_FSM_DROP_CLOSED },
	{ "CL RST", CL, RST_AT(0), .drop = XTCP_TCP_FSM_DROP_RST },
	{ "CL close", CL, .event = EV_CLOSE, .act = A_DONE },
};

static void fsm_case_desc(const struct fsm_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(fsm_table, fsm_cases, fsm_case_desc);

/* A TCB in @state with the numbers the table is written against. */
static void build_tcb(struct xtcp_tcb *tcb, u8 state, u8 setup,
		      const struct xtcp_tcp_fsm_cfg *cfg)
{
	bool fin_rcvd = state == CW || state == CLG || state == LA ||
			state == TW;
	bool fin_sent = state == FW1 || state == FW2 || state == CLG ||
			state == LA || state == TW;

	memset(tcb, 0, sizeof(*tcb));
	tcb->state = state;
	tcb->mss = XTCP_TCP_DEFAULT_MSS;
	tcb->iss = ISS;
	tcb->snd_wnd = WND;
	tcb->max_snd_wnd = WND;
	tcb->rcv_wnd = setup & SETUP_ZWND ? 0 : WND;
	tcb->orphan = setup & SETUP_ORPHAN;
	tcb->bytes_acked = setup & SETUP_ACKED ? 2 * WND : 0;
	if (setup & (SETUP_TS | SETUP_TS0)) {
		tcb->ts_ok = true;
		tcb->ts_recent = setup & SETUP_TS0 ? 0 : TSR;
		tcb->ts_recent_stamp = T0 / USEC_PER_SEC;
	}
	if (state == LI || state == CL)
		return;
	if (state == SS) {
		tcb->active_open = true;
		tcb->snd_una = ISS;
		tcb->snd_nxt = ISS + 1;
		return;
	}
	tcb->irs = IRS;
	tcb->rcv_nxt = IRS + 1 + fin_rcvd;
	tcb->fin_rcvd = fin_rcvd;
	if (state == SR) {
		tcb->snd_una = ISS;
		tcb->snd_nxt = ISS + 1;
		tcb->snd_wl1 = IRS;
		tcb->snd_wl2 = ISS;
		return;
	}
	tcb->snd_una = ISS + 1;
	tcb->snd_nxt = ISS + 1 + INFLIGHT;
	tcb->snd_wl1 = IRS + 1;
	tcb->snd_wl2 = ISS + 1;
	if (fin_sent) {
		tcb->fin_sent = true;
		tcb->fin_seq = tcb->snd_nxt++;
	}
	if (state == FW2 || state == TW)
		tcb->snd_una = tcb->snd_nxt;
	if (state == TW)
		tcb->deadline = T0 + cfg->time_wait_us;
	if (state == FW2 && tcb->orphan)
		tcb->deadline = T0 + cfg->fin_timeout_us;
}

static void build_seg(struct xtcp_tcp_repr *seg, const struct xtcp_tcb *tcb,
		      const struct fsm_case *c)
{
	bool sync = c->state != SS && c->state != LI && c->state != CL;

	memset(seg, 0, sizeof(*seg));
	seg->flags = c->flags;
	seg->seq = (sync ? tcb->rcv_nxt : IRS) + c->dseq;
	seg->ack = (c->nxt ? tcb->snd_nxt : tcb->snd_una) + c->dack;
	if (c->state == LI || c->state == CL)
		seg->ack = ISS + 1 + c->dack;
	seg->window = c->wnd ?: WND;
	seg->payload_len = c->len;
	if (c->tsval) {
		seg->opts.saw = XTCP_TCPOPT_F_TS;
		seg->opts.tsval = c->tsval;
	}
}

static void xtcp_tcp_fsm_input__table(struct kunit *test)
{
	const struct fsm_case *c = test->param_value;
	u8 to = c->to ?: c->state;
	struct xtcp_tcp_fsm_cfg cfg;
	struct xtcp_tcp_fsm_act act;
	struct xtcp_tcb tcb, before;
	struct xtcp_tcp_repr seg;
	u64 now = T0;

	xtcp_tcp_fsm_cfg_default(&cfg);
	build_tcb(&tcb, c->state, c->setup, &cfg);
	if (c->tsr)
		tcb.ts_recent = c->tsr;
	now += (u64)c->idle * USEC_PER_SEC;
	before = tcb;
	build_seg(&seg, &tcb, c);

	switch (c->event) {
	case EV_SEG:
		if (c->state == LI)
			KUNIT_EXPECT_EQ(test,
					xtcp_tcp_fsm_listen_input(&seg, &act),
					c->verdict);
		else
			xtcp_tcp_fsm_input(&tcb, &cfg, &seg, now, &act);
		break;
	case EV_CLOSE:
	case EV_CLOSE_ORPHAN:
		xtcp_tcp_fsm_close(&tcb, &cfg, c->event == EV_CLOSE_ORPHAN,
				   now, &act);
		break;
	case EV_ABORT:
		xtcp_tcp_fsm_abort(&tcb, &act);
		break;
	case EV_TIMEOUT:
		now = tcb.deadline ?: T0 + 10 * cfg.time_wait_us;
		KUNIT_EXPECT_EQ(test, xtcp_tcp_fsm_timeout(&tcb, &cfg, now, &act),
				to == CL);
		break;
	case EV_TIMEOUT_EARLY:
		KUNIT_ASSERT_NE(test, tcb.deadline, 0);
		now = tcb.deadline - 1;
		KUNIT_EXPECT_FALSE(test,
				   xtcp_tcp_fsm_timeout(&tcb, &cfg, now, &act));
		break;
	}

	KUNIT_EXPECT_STREQ(test, xtcp_tcp_state_name(tcb.state),
			   xtcp_tcp_state_name(to));
	KUNIT_EXPECT_EQ(test, act.old_state, c->state);
	KUNIT_EXPECT_EQ(test, act.new_state, tcb.state);
	KUNIT_EXPECT_EQ_MSG(test, act.flags, c->act, "actions %#x, want %#x",
			    act.flags, c->act);
	KUNIT_EXPECT_STREQ(test, xtcp_tcp_fsm_drop_name(act.drop),
			   xtcp_tcp_fsm_drop_name(c->drop));
	KUNIT_EXPECT_EQ(test, act.err, c->err);
	KUNIT_EXPECT_EQ(test, act.acked, c->acked);
	KUNIT_EXPECT_EQ(test, act.deliver_off, c->dlv_off);
	KUNIT_EXPECT_EQ(test, act.deliver_len, c->dlv_len);
	if (act.flags & A_OOO) {
		KUNIT_EXPECT_EQ(test, act.ooo_seq, before.rcv_nxt + c->ooo_dseq);
		KUNIT_EXPECT_EQ(test, act.ooo_off, 0);
		KUNIT_EXPECT_EQ(test, act.ooo_len, c->ooo_len);
	}

	/* RCV.NXT moved past what was delivered, and the FIN. */
	if (c->state == SS && to != SS && to != CL)
		KUNIT_EXPECT_EQ(test, tcb.rcv_nxt,
				IRS + 1 + c->dlv_len + !!(act.flags & A_EOF));
	else if (to != CL)
		KUNIT_EXPECT_EQ(test, tcb.rcv_nxt,
				before.rcv_nxt + c->dlv_len +
				!!(act.flags & A_EOF));
	/* RFC 7323 4.3: TS.Recent moves forward only, or once invalid. */
	if (c->ts_take) {
		KUNIT_EXPECT_EQ(test, tcb.ts_recent, c->tsval);
		KUNIT_EXPECT_EQ(test, tcb.ts_recent_stamp,
				(u32)div_u64(now, USEC_PER_SEC));
	} else {
		KUNIT_EXPECT_EQ(test, tcb.ts_recent, before.ts_recent);
		KUNIT_EXPECT_EQ(test, tcb.ts_recent_stamp,
				before.ts_recent_stamp);
	}
	/* SND.UNA moved to SEG.ACK exactly when the core said so. */
	if (act.flags & A_ACKED)
		KUNIT_EXPECT_EQ(test, tcb.snd_una, seg.ack);
	else
		KUNIT_EXPECT_EQ(test, tcb.snd_una, before.snd_una);

	if (act.flags & A_ARM) {
		u64 len = to == TW ? cfg.time_wait_us : cfg.fin_timeout_us;

		KUNIT_EXPECT_EQ(test, act.deadline, now + len);
		KUNIT_EXPECT_EQ(test, tcb.deadline, now + len);
	} else if (to != CL) {
		KUNIT_EXPECT_EQ(test, tcb.deadline, before.deadline);
	}

	switch (c->rst) {
	case RST_NONE:
		KUNIT_EXPECT_FALSE(test, act.flags & A_RST);
		break;
	case RST_SEGACK:
		KUNIT_EXPECT_EQ(test, act.rst.seq, seg.ack);
		KUNIT_EXPECT_EQ(test, act.rst.flags, XTCP_TCPF_RST);
		break;
	case RST_SEGSEQ:
		KUNIT_EXPECT_EQ(test, act.rst.seq, 0);
		KUNIT_EXPECT_EQ(test, act.rst.ack,
				seg.seq + seg.payload_len +
				!!(seg.flags & S_SYN) + !!(seg.flags & S_FIN));
		KUNIT_EXPECT_EQ(test, act.rst.flags,
				XTCP_TCPF_RST | XTCP_TCPF_ACK);
		break;
	case RST_NXT:
		KUNIT_EXPECT_EQ(test, act.rst.seq, before.snd_nxt);
		KUNIT_EXPECT_EQ(test, act.rst.ack, before.rcv_nxt);
		KUNIT_EXPECT_EQ(test, act.rst.flags,
				XTCP_TCPF_RST | XTCP_TCPF_ACK);
		break;
	}
}

/* Every state has a name; numbers outside the enum do not crash. */
static void xtcp_tcp_state_name__all(struct kunit *test)
{
	int s;

	for (s = XTCP_TCP_ESTABLISHED; s < __XTCP_TCP_STATE_MAX; s++)
		KUNIT_EXPECT_STRNEQ(test, xtcp_tcp_state_name(s), "UNKNOWN");
	KUNIT_EXPECT_STREQ(test, xtcp_tcp_state_name(XTCP_TCP_SYN_RECEIVED),
			   "SYN_RECV");
	KUNIT_EXPECT_STREQ(test, xtcp_tcp_state_name(0), "UNKNOWN");
	KUNIT_EXPECT_STREQ(test, xtcp_tcp_state_name(__XTCP_TCP_STATE_MAX),
			   "UNKNOWN");
	for (s = 0; s < __XTCP_TCP_FSM_DROP_MAX; s++)
		KUNIT_EXPECT_STRNEQ(test, xtcp_tcp_fsm_drop_name(s), "Unknown");
	KUNIT_EXPECT_STREQ(test, xtcp_tcp_fsm_drop_name(-1), "Unknown");
}

static void xtcp_tcp_ratelimit_allow__window(struct kunit *test)
{
	struct xtcp_tcp_ratelimit rl = {};
	int i;

	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_TRUE(test, xtcp_tcp_ratelimit_allow(&rl, 3, 1000,
								 T0 + i));
	KUNIT_EXPECT_FALSE(test, xtcp_tcp_ratelimit_allow(&rl, 3, 1000, T0 + 3));
	KUNIT_EXPECT_FALSE(test, xtcp_tcp_ratelimit_allow(&rl, 3, 1000,
							  T0 + 999));
	/* A new interval begins with the next event after it. */
	KUNIT_EXPECT_TRUE(test, xtcp_tcp_ratelimit_allow(&rl, 3, 1000,
							 T0 + 1000));
	KUNIT_EXPECT_TRUE(test, xtcp_tcp_ratelimit_allow(&rl, 3, 1000,
							 T0 + 1001));
	KUNIT_EXPECT_TRUE(test, xtcp_tcp_ratelimit_allow(&rl, 3, 1000,
							 T0 + 1002));
	KUNIT_EXPECT_FALSE(test, xtcp_tcp_ratelimit_allow(&rl, 3, 1000,
							  T0 + 1003));
	/* The clock going back starts over rather than locking out. */
	KUNIT_EXPECT_TRUE(test, xtcp_tcp_ratelimit_allow(&rl, 3, 1000, T0));
	/* No limit, and a zero limit. */
	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_TRUE(test, xtcp_tcp_ratelimit_allow(&rl, U32_MAX,
								 1000, T0));
	memset(&rl, 0, sizeof(rl));
	KUNIT_EXPECT_FALSE(test, xtcp_tcp_ratelimit_allow(&rl, 0, 1000, T0));
}

/* A segment from the peer, in a sequence test. */
static void peer_seg(struct xtcp_tcp_repr *seg, u16 flags, u32 seq, u32 ack,
		     u32 len)
{
	memset(seg, 0, sizeof(*seg));
	seg->flags = flags;
	seg->seq = seq;
	seg->ack = ack;
	seg->window = WND;
	seg->payload_len = len;
}

/**
 * struct fsm_seq - one connection played by a sequence test
 * @test: the test
 * @cfg: the core's configuration
 * @tcb: the connection
 * @act: the actions of the last call
 */
struct fsm_seq {
	struct kunit			*test;
	struct xtcp_tcp_fsm_cfg		cfg;
	struct xtcp_tcb			tcb;
	struct xtcp_tcp_fsm_act		act;
};

static void fsm_seq_init(struct kunit *test, struct fsm_seq *s)
{
	memset(s, 0, sizeof(*s));
	s->test = test;
	xtcp_tcp_fsm_cfg_default(&s->cfg);
	s->tcb.state = XTCP_TCP_CLOSED;
}

/* Feed @seg at @now; expect state @to and exactly the actions @flags. */
static noinline void recv_seg(struct fsm_seq *s, u64 now,
			      const struct xtcp_tcp_repr *seg, u8 to,
			      u32 flags)
{
	struct kunit *test = s->test;

	xtcp_tcp_fsm_input(&s->tcb, &s->cfg, seg, now, &s->act);
	KUNIT_EXPECT_STREQ(test, xtcp_tcp_state_name(s->tcb.state),
			   xtcp_tcp_state_name(to));
	KUNIT_EXPECT_EQ_MSG(test, s->act.flags, flags,
			    "seq %u ack %u: actions %#x, want %#x",
			    seg->seq, seg->ack, s->act.flags, flags);
}

/* The same for a segment with only these fields. */
static noinline void recv(struct fsm_seq *s, u64 now, u16 seg_flags, u32 seq,
			  u32 ack, u32 len, u8 to, u32 flags)
{
	struct xtcp_tcp_repr seg;

	peer_seg(&seg, seg_flags, seq, ack, len);
	recv_seg(s, now, &seg, to, flags);
}

static void expect_state(struct fsm_seq *s, u8 state)
{
	KUNIT_EXPECT_STREQ(s->test, xtcp_tcp_state_name(s->tcb.state),
			   xtcp_tcp_state_name(state));
}

/*
 * Active open with options, data both ways, active close, TIME-WAIT for
 * 2 MSL, then CLOSED.
 */
static void xtcp_tcp_fsm__active_open_close(struct kunit *test)
{
	const struct xtcp_tcp_opts ours = {
		.saw = XTCP_TCPOPT_F_MSS | XTCP_TCPOPT_F_WSCALE |
		       XTCP_TCPOPT_F_SACK_PERM | XTCP_TCPOPT_F_TS,
		.mss = 1460, .wscale = 7, .tsval = 1,
	};
	struct xtcp_tcp_repr seg;
	struct fsm_seq s;
	u64 t = T0;

	fsm_seq_init(test, &s);
	xtcp_tcp_fsm_connect(&s.tcb, ISS, 65535, &ours, &s.act);
	expect_state(&s, SS);
	KUNIT_EXPECT_EQ(test, s.act.flags, XTCP_TCP_ACT_SEND_SYN);
	KUNIT_EXPECT_EQ(test, s.tcb.snd_nxt, ISS + 1);
	KUNIT_EXPECT_EQ(test, s.tcb.rcv_wscale, 7);

	/* SYN-ACK: MSS 1400, wscale 20 (clamped to 14), TS, no SACK. */
	peer_seg(&seg, S_SYN | S_ACK, IRS, ISS + 1, 0);
	seg.window = 5000;
	seg.opts.saw = XTCP_TCPOPT_F_MSS | XTCP_TCPOPT_F_WSCALE |
		       XTCP_TCPOPT_F_TS;
	seg.opts.mss = 1400;
	seg.opts.wscale = 20;
	seg.opts.tsval = 777;
	recv_seg(&s, t += 1000, &seg, EST, A_EST | A_ACKED | A_ACK);
	KUNIT_EXPECT_EQ(test, s.tcb.mss, 1400);
	KUNIT_EXPECT_TRUE(test, s.tcb.wscale_ok);
	KUNIT_EXPECT_EQ(test, s.tcb.snd_wscale, XTCP_TCP_MAX_WSCALE);
	KUNIT_EXPECT_EQ(test, s.tcb.rcv_wscale, 7);
	KUNIT_EXPECT_FALSE(test, s.tcb.sack_ok);
	KUNIT_EXPECT_TRUE(test, s.tcb.ts_ok);
	KUNIT_EXPECT_EQ(test, s.tcb.ts_recent, 777);
	KUNIT_EXPECT_EQ(test, s.tcb.ts_recent_stamp,
			(u32)div_u64(t, USEC_PER_SEC));
	KUNIT_EXPECT_EQ(test, s.tcb.snd_wnd, 5000);	/* not scaled */
	KUNIT_EXPECT_EQ(test, s.tcb.rcv_nxt, IRS + 1);

	/* We send 300 bytes; the peer acks 200 with a scaled window. */
	s.tcb.snd_nxt += 300;
	peer_seg(&seg, S_ACK, IRS + 1, ISS + 201, 0);
	seg.window = 2;
	recv_seg(&s, t += 1000, &seg, EST, A_ACKED | A_WND);
	KUNIT_EXPECT_EQ(test, s.act.acked, 200);
	KUNIT_EXPECT_EQ(test, s.tcb.snd_wnd, 2 << XTCP_TCP_MAX_WSCALE);
	KUNIT_EXPECT_EQ(test, s.tcb.max_snd_wnd, 2 << XTCP_TCP_MAX_WSCALE);

	/* The peer sends 50 bytes, acking the rest. */
	peer_seg(&seg, S_ACK, IRS + 1, ISS + 301, 50);
	seg.window = 2;
	recv_seg(&s, t += 1000, &seg, EST, A_ACKED | A_DLV | A_DACK);
	KUNIT_EXPECT_EQ(test, s.act.acked, 100);
	KUNIT_EXPECT_EQ(test, s.tcb.rcv_nxt, IRS + 51);

	/* close(): FIN-WAIT-1; the FIN goes out at 1301. */
	xtcp_tcp_fsm_close(&s.tcb, &s.cfg, true, t, &s.act);
	expect_state(&s, FW1);
	KUNIT_EXPECT_EQ(test, s.act.flags, A_FIN);
	KUNIT_EXPECT_EQ(test, xtcp_tcp_fsm_fin_sent(&s.tcb), 0);
	KUNIT_EXPECT_EQ(test, s.tcb.fin_seq, ISS + 301);
	KUNIT_EXPECT_EQ(test, s.tcb.snd_nxt, ISS + 302);
	KUNIT_EXPECT_EQ(test, xtcp_tcp_fsm_fin_sent(&s.tcb), -EINVAL);

	/* Its ACK: FIN-WAIT-2, orphaned, so with a deadline. */
	peer_seg(&seg, S_ACK, IRS + 51, ISS + 302, 0);
	seg.window = 2;
	recv_seg(&s, t += 1000, &seg, FW2, A_ACKED | A_ARM);
	KUNIT_EXPECT_EQ(test, s.act.acked, 0);
	KUNIT_EXPECT_EQ(test, s.tcb.deadline, t + s.cfg.fin_timeout_us);

	/* The peer's FIN: TIME-WAIT for 2 MSL from now. */
	peer_seg(&seg, S_FIN | S_ACK, IRS + 51, ISS + 302, 0);
	seg.window = 2;
	recv_seg(&s, t += 1000, &seg, TW, A_EOF | A_ACK | A_ARM);
	KUNIT_EXPECT_EQ(test, s.tcb.deadline, t + s.cfg.time_wait_us);
	KUNIT_EXPECT_EQ(test, s.tcb.rcv_nxt, IRS + 52);

	KUNIT_EXPECT_FALSE(test, xtcp_tcp_fsm_timeout(&s.tcb, &s.cfg,
						      s.tcb.deadline - 1,
						      &s.act));
	expect_state(&s, TW);
	KUNIT_EXPECT_TRUE(test, xtcp_tcp_fsm_timeout(&s.tcb, &s.cfg,
						     s.tcb.deadline, &s.act));
	expect_state(&s, CL);
	KUNIT_EXPECT_EQ(test, s.act.flags, A_DONE);
}

/* Listener, accept, data, the peer closes first, we close: LAST-ACK. */
static void xtcp_tcp_fsm__passive_open(struct kunit *test)
{
	const struct xtcp_tcp_opts ours = {
		.saw = XTCP_TCPOPT_F_MSS | XTCP_TCPOPT_F_SACK_PERM,
		.mss = 1460,
	};
	struct xtcp_tcp_repr syn;
	struct fsm_seq s;
	u64 t = T0;

	fsm_seq_init(test, &s);
	peer_seg(&syn, S_SYN, IRS, 0, 0);
	syn.window = 29200;
	syn.opts.saw = XTCP_TCPOPT_F_SACK_PERM | XTCP_TCPOPT_F_WSCALE;
	syn.opts.wscale = 7;
	KUNIT_ASSERT_EQ(test, xtcp_tcp_fsm_listen_input(&syn, &s.act),
			XTCP_TCP_LISTEN_ACCEPT);
	xtcp_tcp_fsm_accept(&s.tcb, &syn, ISS, WND, &ours, t, &s.act);
	expect_state(&s, SR);
	KUNIT_EXPECT_EQ(test, s.act.flags, A_SYNACK);
	KUNIT_EXPECT_EQ(test, s.tcb.rcv_nxt, IRS + 1);
	KUNIT_EXPECT_EQ(test, s.tcb.snd_nxt, ISS + 1);
	KUNIT_EXPECT_EQ(test, s.tcb.mss, XTCP_TCP_DEFAULT_MSS);
	KUNIT_EXPECT_TRUE(test, s.tcb.sack_ok);
	KUNIT_EXPECT_FALSE(test, s.tcb.wscale_ok);	/* we did not offer it */
	KUNIT_EXPECT_EQ(test, s.tcb.snd_wscale, 0);
	KUNIT_EXPECT_EQ(test, s.tcb.snd_wnd, 29200);

	/* The SYN again: our SYN-ACK again. */
	recv_seg(&s, t += 1000, &syn, SR, A_SYNACK);

	/* Its window replaces the SYN's, unscaled as no scaling was agreed. */
	recv(&s, t += 1000, S_ACK, IRS + 1, ISS + 1, 0, EST,
	     A_EST | A_ACKED | A_WND);
	KUNIT_EXPECT_EQ(test, s.tcb.snd_wnd, WND);
	recv(&s, t += 1000, S_ACK, IRS + 1, ISS + 1, 500, EST, A_DLV | A_DACK);
	KUNIT_EXPECT_EQ(test, s.tcb.rcv_wnd, WND - 500);
	/* Our SYN is not acked data here: an ACK of ISS is too old. */
	KUNIT_EXPECT_EQ(test, s.tcb.bytes_acked, 0);
	recv(&s, t += s.cfg.oow_interval_us, S_ACK, IRS + 501, ISS, 10, EST,
	     A_CACK);
	KUNIT_EXPECT_EQ(test, s.act.drop, XTCP_TCP_FSM_DROP_ACK_OLD);
	recv(&s, t += 1000, S_FIN | S_ACK, IRS + 501, ISS + 1, 0, CW,
	     A_EOF | A_ACK);

	xtcp_tcp_fsm_close(&s.tcb, &s.cfg, true, t, &s.act);
	expect_state(&s, LA);
	KUNIT_EXPECT_EQ(test, s.act.flags, A_FIN);
	KUNIT_EXPECT_EQ(test, xtcp_tcp_fsm_fin_sent(&s.tcb), 0);
	/* An ACK that does not cover the FIN changes nothing. */
	recv(&s, t += 1000, S_ACK, IRS + 502, ISS + 1, 0, LA, 0);
	recv(&s, t += 1000, S_ACK, IRS + 502, ISS + 2, 0, CL, A_ACKED | A_DONE);
}

/* Both sides send SYN at once (RFC 9293 figure 7). */
static void xtcp_tcp_fsm__simultaneous_open(struct kunit *test)
{
	struct fsm_seq s;
	u64 t = T0;

	fsm_seq_init(test, &s);
	xtcp_tcp_fsm_connect(&s.tcb, ISS, WND, NULL, &s.act);
	recv(&s, t += 1000, S_SYN, IRS, 0, 0, SR, A_SYNACK);
	KUNIT_EXPECT_EQ(test, s.tcb.rcv_nxt, IRS + 1);
	KUNIT_EXPECT_EQ(test, s.tcb.snd_una, ISS);
	/* The peer's SYN-ACK, at its ISS, acks our SYN. */
	recv(&s, t += 1000, S_SYN | S_ACK, IRS, ISS + 1, 0, EST,
	     A_EST | A_ACKED);
	KUNIT_EXPECT_EQ(test, s.tcb.snd_una, ISS + 1);
	KUNIT_EXPECT_EQ(test, s.tcb.rcv_nxt, IRS + 1);
	/* Once open, a SYN is a challenge. */
	recv(&s, t += 1000, S_SYN | S_ACK, IRS, ISS + 1, 0, EST, A_CACK);

	/* Refused from SYN-RECEIVED after an active open: ECONNREFUSED. */
	fsm_seq_init(test, &s);
	xtcp_tcp_fsm_connect(&s.tcb, ISS, WND, NULL, &s.act);
	recv(&s, t += 1000, S_SYN, IRS, 0, 0, SR, A_SYNACK);
	recv(&s, t += 1000, S_RST, IRS + 1, 0, 0, CL, A_DONE);
	KUNIT_EXPECT_EQ(test, s.act.err, ECONNREFUSED);
}

/* Both sides send FIN at once: CLOSING, then TIME-WAIT. */
static void xtcp_tcp_fsm__simultaneous_close(struct kunit *test)
{
	struct fsm_seq s;
	u64 t = T0;

	fsm_seq_init(test, &s);
	xtcp_tcp_fsm_connect(&s.tcb, ISS, WND, NULL, &s.act);
	recv(&s, t, S_SYN | S_ACK, IRS, ISS + 1, 0, EST,
	     A_EST | A_ACKED | A_ACK);
	xtcp_tcp_fsm_close(&s.tcb, &s.cfg, false, t, &s.act);
	KUNIT_EXPECT_EQ(test, xtcp_tcp_fsm_fin_sent(&s.tcb), 0);
	expect_state(&s, FW1);
	/* The peer's FIN does not ack ours. */
	recv(&s, t += 1000, S_FIN | S_ACK, IRS + 1, ISS + 1, 0, CLG,
	     A_EOF | A_ACK);
	/* Its ACK of our FIN. */
	recv(&s, t += 1000, S_ACK, IRS + 2, ISS + 2, 0, TW, A_ACKED | A_ARM);
	KUNIT_EXPECT_EQ(test, s.tcb.deadline, t + s.cfg.time_wait_us);
	/* Its FIN again, a second later: ACK it, wait 2 MSL from then. */
	t += USEC_PER_SEC;
	recv(&s, t, S_FIN | S_ACK, IRS + 1, ISS + 2, 0, TW, A_ACK | A_ARM);
	KUNIT_EXPECT_EQ(test, s.tcb.deadline, t + s.cfg.time_wait_us);

	/* FIN while ours waits behind data: CLOSING, then our FIN goes. */
	fsm_seq_init(test, &s);
	xtcp_tcp_fsm_connect(&s.tcb, ISS, WND, NULL, &s.act);
	recv(&s, t, S_SYN | S_ACK, IRS, ISS + 1, 0, EST,
	     A_EST | A_ACKED | A_ACK);
	xtcp_tcp_fsm_close(&s.tcb, &s.cfg, false, t, &s.act);
	recv(&s, t += 1000, S_FIN | S_ACK, IRS + 1, ISS + 1, 0, CLG,
	     A_EOF | A_ACK);
	/* No FIN sent yet: an ACK of everything sent does not end CLOSING. */
	recv(&s, t += 1000, S_ACK, IRS + 2, ISS + 1, 0, CLG, 0);
	KUNIT_EXPECT_EQ(test, xtcp_tcp_fsm_fin_sent(&s.tcb), 0);
	recv(&s, t += 1000, S_ACK, IRS + 2, ISS + 2, 0, TW, A_ACKED | A_ARM);
}

/* shutdown(SHUT_WR) keeps receiving; a peer's FIN keeps us sending. */
static void xtcp_tcp_fsm__half_close(struct kunit *test)
{
	struct fsm_seq s;
	u32 seq = IRS + 1;
	u64 t = T0;
	int i;

	fsm_seq_init(test, &s);
	xtcp_tcp_fsm_connect(&s.tcb, ISS, 4 * WND, NULL, &s.act);
	recv(&s, t, S_SYN | S_ACK, IRS, ISS + 1, 0, EST,
	     A_EST | A_ACKED | A_ACK);
	xtcp_tcp_fsm_close(&s.tcb, &s.cfg, false, t, &s.act);
	KUNIT_EXPECT_EQ(test, xtcp_tcp_fsm_fin_sent(&s.tcb), 0);
	recv(&s, t += 1000, S_ACK, seq, ISS + 2, 0, FW2, A_ACKED);
	KUNIT_EXPECT_EQ(test, s.tcb.deadline, 0);	/* not an orphan */
	for (i = 0; i < 3; i++) {
		recv(&s, t += 1000, S_ACK, seq, ISS + 2, 1000, FW2,
		     A_DLV | A_DACK);
		seq += 1000;
	}
	KUNIT_EXPECT_EQ(test, s.tcb.rcv_nxt, seq);
	/* Long after tcp_fin_timeout, still open. */
	t += 10 * s.cfg.fin_timeout_us;
	KUNIT_EXPECT_FALSE(test, xtcp_tcp_fsm_timeout(&s.tcb, &s.cfg, t,
						      &s.act));
	recv(&s, t, S_FIN | S_ACK, seq, ISS + 2, 10, TW,
	     A_DLV | A_EOF | A_ACK | A_ARM);

	/* The other way: the peer's FIN first, we keep sending. */
	fsm_seq_init(test, &s);
	xtcp_tcp_fsm_connect(&s.tcb, ISS, WND, NULL, &s.act);
	recv(&s, t, S_SYN | S_ACK, IRS, ISS + 1, 0, EST,
	     A_EST | A_ACKED | A_ACK);
	recv(&s, t, S_FIN | S_ACK, IRS + 1, ISS + 1, 0, CW, A_EOF | A_ACK);
	for (i = 0; i < 3; i++) {
		s.tcb.snd_nxt += 700;
		recv(&s, t += 1000, S_ACK, IRS + 2, s.tcb.snd_nxt, 0, CW,
		     A_ACKED);
		KUNIT_EXPECT_EQ(test, s.act.acked, 700);
	}
	xtcp_tcp_fsm_close(&s.tcb, &s.cfg, false, t, &s.act);
	expect_state(&s, LA);
}

/* RFC 5961 3.2: only an RST at exactly RCV.NXT resets. */
static void xtcp_tcp_fsm__rst_exact_vs_window(struct kunit *test)
{
	struct fsm_seq s;
	u64 t = T0;

	fsm_seq_init(test, &s);
	xtcp_tcp_fsm_connect(&s.tcb, ISS, WND, NULL, &s.act);
	recv(&s, t, S_SYN | S_ACK, IRS, ISS + 1, 0, EST,
	     A_EST | A_ACKED | A_ACK);
	recv(&s, t += 1000, S_ACK, IRS + 1, ISS + 1, 100, EST, A_DLV | A_DACK);
	/* Blind attacker: in the window but off by one. */
	recv(&s, t += 1000, S_RST, IRS + 102, 0, 0, EST, A_CACK);
	KUNIT_EXPECT_EQ(test, s.act.drop, XTCP_TCP_FSM_DROP_RST_CHALLENGE);
	/* Outside it: silently. */
	recv(&s, t += 1000, S_RST, IRS + 101 + WND, 0, 0, EST, 0);
	recv(&s, t += 1000, S_RST, IRS + 100, 0, 0, EST, 0);
	/* The peer answering our challenge ACK: exact. */
	recv(&s, t += 1000, S_RST, IRS + 101, 0, 0, CL, A_DONE);
	KUNIT_EXPECT_EQ(test, s.act.err, ECONNRESET);
}

/*
 * The send window after a hole (tcp_may_update_window()): out-of-order
 * data from the peer moves SND.WL1 past the hole; the segment that fills
 * it has an older SEQ, but its ACK moves SND.UNA, so its window (zero
 * here) is the peer's current one and must be taken. Keeping the old one
 * had xtcp send past a zero window.
 */
static void xtcp_tcp_fsm__window_after_hole(struct kunit *test)
{
	struct xtcp_tcp_repr seg;
	struct fsm_seq s;
	u64 t = T0;

	fsm_seq_init(test, &s);
	xtcp_tcp_fsm_connect(&s.tcb, ISS, WND, NULL, &s.act);
	recv(&s, t, S_SYN | S_ACK, IRS, ISS + 1, 0, EST,
	     A_EST | A_ACKED | A_ACK);
	s.tcb.snd_nxt = ISS + 1 + 900;	/* our data in flight */

	/* After a 100-byte hole, acking 300 of ours, window 800. */
	peer_seg(&seg, S_ACK, IRS + 1 + 100, ISS + 1 + 300, 50);
	seg.window = 800;
	recv_seg(&s, t += 1000, &seg, EST, A_ACKED | A_WND | A_OOO | A_ACK);
	KUNIT_EXPECT_EQ(test, s.tcb.snd_wnd, 800u);
	KUNIT_EXPECT_EQ(test, s.tcb.snd_wl1, IRS + 1 + 100);

	/* The hole filled: older SEQ, acks 300 more, window now zero. */
	peer_seg(&seg, S_ACK, IRS + 1, ISS + 1 + 600, 100);
	seg.window = 0;
	recv_seg(&s, t += 1000, &seg, EST, A_ACKED | A_WND | A_DLV | A_DACK);
	KUNIT_EXPECT_EQ(test, s.tcb.snd_una, ISS + 1 + 600);
	KUNIT_EXPECT_EQ(test, s.tcb.snd_wnd, 0u);

	/* A duplicate ACK as new as the last, smaller window: ignored. */
	peer_seg(&seg, S_ACK, IRS + 1 + 100, ISS + 1 + 600, 0);
	seg.window = 500;
	recv_seg(&s, t += 1000, &seg, EST, A_WND);
	KUNIT_EXPECT_EQ(test, s.tcb.snd_wnd, 500u);
	recv_seg(&s, t += 1000, &seg, EST, 0);
	seg.window = 400;
	recv_seg(&s, t += 1000, &seg, EST, 0);
	KUNIT_EXPECT_EQ(test, s.tcb.snd_wnd, 500u);
}

/* RFC 5961 7: per connection, then per namespace. */
static void xtcp_tcp_fsm__challenge_ack_limit(struct kunit *test)
{
	struct xtcp_tcp_ratelimit netns = {};
	struct fsm_seq s, s2;
	u64 t = T0;

	fsm_seq_init(test, &s);
	xtcp_tcp_fsm_connect(&s.tcb, ISS, WND, NULL, &s.act);
	recv(&s, t, S_SYN | S_ACK, IRS, ISS + 1, 0, EST,
	     A_EST | A_ACKED | A_ACK);
	/* One per 500 ms per connection (tcp_invalid_ratelimit). */
	recv(&s, t += 1000, S_RST, IRS + 5, 0, 0, EST, A_CACK);
	recv(&s, t += 1000, S_SYN, IRS + 5, 0, 0, EST, A_LIM);
	recv(&s, t += 1000, S_ACK, IRS + 1, ISS + 9, 0, EST, A_LIM);
	/* Pure out-of-window ACKs share the limit; data does not. */
	recv(&s, t += 1000, S_ACK, IRS + 5000, ISS + 1, 0, EST, A_LIM);
	recv(&s, t += 1000, S_ACK, IRS + 5000, ISS + 1, 1, EST, A_ACK);
	t += s.cfg.oow_interval_us;
	recv(&s, t, S_RST, IRS + 5, 0, 0, EST, A_CACK);

	/* The namespace's limit: 2 a second over two connections. */
	s.cfg.oow_interval_us = 0;
	s.cfg.challenge_ack_limit = 2;
	s.cfg.challenge_rl = &netns;
	s2 = s;
	t += USEC_PER_SEC;
	recv(&s, t, S_RST, IRS + 5, 0, 0, EST, A_CACK);
	recv(&s2, t + 1, S_RST, IRS + 5, 0, 0, EST, A_CACK);
	recv(&s, t + 2, S_RST, IRS + 5, 0, 0, EST, A_LIM);
	recv(&s2, t + 3, S_SYN, IRS + 5, 0, 0, EST, A_LIM);
	recv(&s2, t + USEC_PER_SEC, S_SYN, IRS + 5, 0, 0, EST, A_CACK);
}

/* Sequence numbers that wrap 2^32 in both directions mid-connection. */
static void xtcp_tcp_fsm__seq_wrap(struct kunit *test)
{
	const u32 iss = 0xffffff00, irs = 0xfffffff0;
	struct xtcp_tcp_repr seg;
	struct fsm_seq s;
	u64 t = T0;

	fsm_seq_init(test, &s);
	xtcp_tcp_fsm_connect(&s.tcb, iss, WND, NULL, &s.act);
	recv(&s, t, S_SYN | S_ACK, irs, iss + 1, 0, EST,
	     A_EST | A_ACKED | A_ACK);

	/* 100 bytes in order, across 0. */
	recv(&s, t += 1000, S_ACK, irs + 1, iss + 1, 100, EST, A_DLV | A_DACK);
	KUNIT_EXPECT_EQ(test, s.tcb.rcv_nxt, irs + 101);
	KUNIT_EXPECT_LT(test, s.tcb.rcv_nxt, 0x100u);

	/* Out of order after a hole, then the hole, then the queue. */
	peer_seg(&seg, S_ACK | S_FIN, irs + 201, iss + 1, 50);
	recv_seg(&s, t += 1000, &seg, EST, A_OOO | A_OOOF | A_ACK);
	KUNIT_EXPECT_EQ(test, s.act.ooo_seq, irs + 201);
	KUNIT_EXPECT_EQ(test, s.act.ooo_len, 50);
	recv(&s, t += 1000, S_ACK, irs + 91, iss + 1, 110, EST, A_DLV | A_DACK);
	KUNIT_EXPECT_EQ(test, s.act.deliver_off, 10);
	KUNIT_EXPECT_EQ(test, s.act.deliver_len, 100);
	xtcp_tcp_fsm_rcv_advance(&s.tcb, &s.cfg, 50, true, t, &s.act);
	expect_state(&s, CW);
	KUNIT_EXPECT_EQ(test, s.act.flags, A_ACK | A_EOF);
	KUNIT_EXPECT_EQ(test, s.tcb.rcv_nxt, irs + 252);

	/* Our data across 0, acked in two steps. */
	s.tcb.snd_nxt += 0x200;
	recv(&s, t += 1000, S_ACK, irs + 252, iss + 0x101, 0, CW, A_ACKED);
	KUNIT_EXPECT_EQ(test, s.act.acked, 0x100);
	KUNIT_EXPECT_EQ(test, s.tcb.snd_una, 1u);
	/* An ACK from before the wrap is old but within MAX.SND.WND. */
	recv(&s, t += 1000, S_ACK, irs + 252, iss + 0x80, 0, CW, 0);
	/* Back to our SYN, which an active open counts as acked (Linux). */
	recv(&s, t += 1000, S_ACK, irs + 252, iss, 0, CW, 0);
	/* Before it: bytes we never sent. */
	recv(&s, t += 1000, S_ACK, irs + 252, iss - 1, 0, CW, A_CACK);
	recv(&s, t += USEC_PER_SEC, S_ACK, irs + 252, iss + 0x201, 0, CW,
	     A_ACKED);
	KUNIT_EXPECT_EQ(test, s.tcb.snd_una, iss + 0x201);

	xtcp_tcp_fsm_close(&s.tcb, &s.cfg, false, t, &s.act);
	KUNIT_EXPECT_EQ(test, xtcp_tcp_fsm_fin_sent(&s.tcb), 0);
	recv(&s, t += 1000, S_ACK, irs + 252, iss + 0x202, 0, CL,
	     A_ACKED | A_DONE);
}

static struct kunit_case xtcp_tcp_fsm_cases[] = {
	KUNIT_CASE_PARAM(xtcp_tcp_fsm_input__table, fsm_table_gen_params),
	KUNIT_CASE(xtcp_tcp_state_name__all),
	KUNIT_CASE(xtcp_tcp_ratelimit_allow__window),
	KUNIT_CASE(xtcp_tcp_fsm__active_open_close),
	KUNIT_CASE(xtcp_tcp_fsm__passive_open),
	KUNIT_CASE(xtcp_tcp_fsm__simultaneous_open),
	KUNIT_CASE(xtcp_tcp_fsm__simultaneous_close),
	KUNIT_CASE(xtcp_tcp_fsm__half_close),
	KUNIT_CASE(xtcp_tcp_fsm__rst_exact_vs_window),
	KUNIT_CASE(xtcp_tcp_fsm__window_after_hole),
	KUNIT_CASE(xtcp_tcp_fsm__challenge_ack_limit),
	KUNIT_CASE(xtcp_tcp_fsm__seq_wrap),
	{}
};

static struct kunit_suite xtcp_tcp_fsm_suite = {
	.name = "xtcp_tcp_fsm",
	.test_cases = xtcp_tcp_fsm_cases,
};

kunit_test_suite(xtcp_tcp_fsm_suite);
