// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/udp*.c. The wire format, the binding rules and the lookup
 * score are pure and tested from tables; the rx path is driven by direct
 * calls to xtcp_udp_rcv() with hand-built skbs into a kernel socket bound
 * to the wildcard address, which needs no IP layer.
 */
#include <kunit/test.h>
#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/net.h>
#include <linux/in.h>
#include <linux/skbuff.h>
#include <linux/uio.h>
#include <net/net_namespace.h>

#include "core/core.h"

#define A(a, b, c, d)	htonl(((a) << 24) | ((b) << 16) | ((c) << 8) | (d))

/* --- lookup score */

struct xtcp_score_case {
	const char *name;
	struct xtcp_udp_ends sk;
	int score;
};

/* The datagram: 10.0.0.9:5000 -> 10.0.0.1:53 on ifindex 2. */
static const struct xtcp_udp_ends xtcp_score_pkt = {
	.laddr = A(10, 0, 0, 1), .lport = htons(53),
	.raddr = A(10, 0, 0, 9), .rport = htons(5000), .ifindex = 2,
};

static const struct xtcp_score_case xtcp_score_cases[] = {
	{ "wildcard", { .lport = htons(53) }, 1 },
	{ "other port", { .lport = htons(54) }, -1 },
	{ "unbound", { }, -1 },
	{ "bound address", { .laddr = A(10, 0, 0, 1), .lport = htons(53) }, 5 },
	{ "other address", { .laddr = A(10, 0, 0, 2), .lport = htons(53) }, -1 },
	{ "connected", { .laddr = A(10, 0, 0, 1), .lport = htons(53),
			 .raddr = A(10, 0, 0, 9), .rport = htons(5000) }, 13 },
	{ "connected elsewhere", { .lport = htons(53), .raddr = A(10, 0, 0, 8),
				   .rport = htons(5000) }, -1 },
	{ "other peer port", { .lport = htons(53), .raddr = A(10, 0, 0, 9),
			       .rport = htons(5001) }, -1 },
	{ "peer address only", { .lport = htons(53),
				 .raddr = A(10, 0, 0, 9) }, 5 },
	{ "bound device", { .lport = htons(53), .ifindex = 2 }, 5 },
	{ "other device", { .lport = htons(53), .ifindex = 3 }, -1 },
	{ "everything", { .laddr = A(10, 0, 0, 1), .lport = htons(53),
			  .raddr = A(10, 0, 0, 9), .rport = htons(5000),
			  .ifindex = 2 }, 17 },
};

static void xtcp_score_desc(const struct xtcp_score_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_score, xtcp_score_cases, xtcp_score_desc);

static void xtcp_udp_score__cases(struct kunit *test)
{
	const struct xtcp_score_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xtcp_udp_score(&c->sk, &xtcp_score_pkt),
			c->score);
}

/* An arrival with no known device matches device-bound sockets. */
static void xtcp_udp_score__unknown_ifindex(struct kunit *test)
{
	struct xtcp_udp_ends pkt = xtcp_score_pkt;
	struct xtcp_udp_ends sk = { .lport = htons(53), .ifindex = 3 };

	pkt.ifindex = 0;
	KUNIT_EXPECT_EQ(test, xtcp_udp_score(&sk, &pkt), 5);
}

/* --- bind conflicts */

struct xtcp_conflict_case {
	const char *name;
	struct xtcp_udp_bindkey a, b;
	bool conflict;
};

#define ROOT	GLOBAL_ROOT_UID
#define UID1	KUIDT_INIT(1000)

static const struct xtcp_conflict_case xtcp_conflict_cases[] = {
	{ "both wildcard", { .uid = ROOT }, { .uid = ROOT }, true },
	{ "wildcard and address", { .uid = ROOT },
	  { .addr = A(10, 0, 0, 1), .uid = ROOT }, true },
	{ "same address", { .addr = A(10, 0, 0, 1), .uid = ROOT },
	  { .addr = A(10, 0, 0, 1), .uid = ROOT }, true },
	{ "different addresses", { .addr = A(10, 0, 0, 1), .uid = ROOT },
	  { .addr = A(10, 0, 0, 2), .uid = ROOT }, false },
	{ "different devices", { .ifindex = 2, .uid = ROOT },
	  { .ifindex = 3, .uid = ROOT }, false },
	{ "device and any", { .ifindex = 2, .uid = ROOT }, { .uid = ROOT },
	  true },
	{ "both reuseaddr", { .reuse = true, .uid = ROOT },
	  { .reuse = true, .uid = ROOT }, false },
	{ "one reuseaddr", { .reuse = true, .uid = ROOT }, { .uid = ROOT },
	  true },
	{ "both reuseport", { .reuseport = true, .uid = UID1 },
	  { .reuseport = true, .uid = UID1 }, false },
	{ "reuseport, other owner", { .reuseport = true, .uid = UID1 },
	  { .reuseport = true, .uid = ROOT }, true },
};

static void xtcp_conflict_desc(const struct xtcp_conflict_case *c,
			       char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_conflict, xtcp_conflict_cases, xtcp_conflict_desc);

static void xtcp_udp_bind_conflict__cases(struct kunit *test)
{
	const struct xtcp_conflict_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, xtcp_udp_bind_conflict(&c->a, &c->b),
			c->conflict);
	/* The relation is symmetric. */
	KUNIT_EXPECT_EQ(test, xtcp_udp_bind_conflict(&c->b, &c->a),
			c->conflict);
}

/* --- ICMP error classification */

static void xtcp_udp_err_is_hard__cases(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, xtcp_udp_err_is_hard(ICMP_DEST_UNREACH,
						     ICMP_PORT_UNREACH,
						     IP_PMTUDISC_WANT));
	KUNIT_EXPECT_TRUE(test, xtcp_udp_err_is_hard(ICMP_DEST_UNREACH,
						     ICMP_PROT_UNREACH,
						     IP_PMTUDISC_DONT));
	/* Fragmentation needed: hard but for IP_PMTUDISC_DONT. */
	KUNIT_EXPECT_FALSE(test, xtcp_udp_err_is_hard(ICMP_DEST_UNREACH,
						      ICMP_FRAG_NEEDED,
						      IP_PMTUDISC_DONT));
	KUNIT_EXPECT_TRUE(test, xtcp_udp_err_is_hard(ICMP_DEST_UNREACH,
						     ICMP_FRAG_NEEDED,
						     IP_PMTUDISC_WANT));
	KUNIT_EXPECT_TRUE(test, xtcp_udp_err_is_hard(ICMP_DEST_UNREACH,
						     ICMP_FRAG_NEEDED,
						     IP_PMTUDISC_DO));
	KUNIT_EXPECT_TRUE(test, xtcp_udp_err_is_hard(ICMP_DEST_UNREACH,
						     ICMP_FRAG_NEEDED,
						     IP_PMTUDISC_OMIT));
	KUNIT_EXPECT_FALSE(test, xtcp_udp_err_is_hard(ICMP_DEST_UNREACH,
						      ICMP_NET_UNREACH,
						      IP_PMTUDISC_WANT));
	KUNIT_EXPECT_FALSE(test, xtcp_udp_err_is_hard(ICMP_DEST_UNREACH,
						      ICMP_HOST_UNREACH,
						      IP_PMTUDISC_WANT));
	KUNIT_EXPECT_FALSE(test, xtcp_udp_err_is_hard(ICMP_DEST_UNREACH,
						      NR_ICMP_UNREACH + 1,
						      IP_PMTUDISC_WANT));
	KUNIT_EXPECT_TRUE(test, xtcp_udp_err_is_hard(ICMP_PARAMETERPROB, 0,
						     IP_PMTUDISC_WANT));
	KUNIT_EXPECT_FALSE(test, xtcp_udp_err_is_hard(ICMP_TIME_EXCEEDED, 0,
						      IP_PMTUDISC_WANT));
	KUNIT_EXPECT_FALSE(test, xtcp_udp_err_is_hard(ICMP_SOURCE_QUENCH, 0,
						      IP_PMTUDISC_WANT));
}

/* --- rx path */

#define RX_PORT		7777
#define RX_PAYLOAD	"xtcp!"
#define RX_PLEN		5

enum rx_csum { RX_CSUM_GOOD, RX_CSUM_NONE, RX_CSUM_BAD };

struct xtcp_rx_case {
	const char *name;
	u16 dport;		/* 0: RX_PORT */
	int ulen_delta;		/* added to the UDP length field */
	enum rx_csum csum;
	unsigned int trailer;	/* bytes after the datagram (IP padding) */
	unsigned int cut;	/* bytes missing from the end of the skb */
	int delivered;		/* payload bytes received, -1: nothing */
	u8 inerrors, csumerrors, noports;
};

static const struct xtcp_rx_case xtcp_rx_cases[] = {
	{ "good checksum", .delivered = RX_PLEN },
	{ "no checksum", .csum = RX_CSUM_NONE, .delivered = RX_PLEN },
	{ "bad checksum", .csum = RX_CSUM_BAD, .delivered = -1,
	  .inerrors = 1, .csumerrors = 1 },
	{ "padding trimmed", .trailer = 7, .delivered = RX_PLEN },
	{ "length beyond packet", .ulen_delta = 1, .csum = RX_CSUM_NONE,
	  .delivered = -1, .inerrors = 1 },
	{ "length below header", .ulen_delta = -(RX_PLEN + 1),
	  .csum = RX_CSUM_NONE, .delivered = -1, .inerrors = 1 },
	{ "short of a header", .cut = RX_PLEN + 3, .csum = RX_CSUM_NONE,
	  .delivered = -1, .inerrors = 1 },
	{ "shorter length, no checksum", .ulen_delta = -2,
	  .csum = RX_CSUM_NONE, .delivered = RX_PLEN - 2 },
	{ "no socket", .dport = RX_PORT + 1, .delivered = -1, .noports = 1 },
};

static void xtcp_rx_desc(const struct xtcp_rx_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_rx, xtcp_rx_cases, xtcp_rx_desc);

/* 10.0.0.9:5000 -> 10.0.0.1:dport, as the IP layer hands it up. */
static struct sk_buff *xtcp_rx_build(struct kunit *test,
				     const struct xtcp_rx_case *c)
{
	u16 ulen = sizeof(struct udphdr) + RX_PLEN;
	struct xtcp_udp_repr hdr;
	struct xtcp_skb_cb *cb;
	struct sk_buff *skb;
	struct udphdr *uh;
	struct iphdr *iph;

	skb = alloc_skb(XTCP_MAX_HEADER + sizeof(*iph) + ulen + c->trailer,
			GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, XTCP_MAX_HEADER);
	iph = skb_put_zero(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	iph->version = 4;
	iph->ihl = 5;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = A(10, 0, 0, 9);
	iph->daddr = A(10, 0, 0, 1);
	iph->ttl = 64;
	iph->tot_len = htons(sizeof(*iph) + ulen + c->trailer);

	uh = skb_put(skb, ulen);
	memcpy(uh + 1, RX_PAYLOAD, RX_PLEN);
	hdr.sport = 5000;
	hdr.dport = c->dport ? : RX_PORT;
	hdr.len = ulen + c->ulen_delta;
	xtcp_udp_emit(&hdr, uh);
	if (c->csum != RX_CSUM_NONE) {
		uh->check = xtcp_udp_check(iph->saddr, iph->daddr, ulen,
					   xtcp_csum_partial(uh, ulen, 0));
		if (c->csum == RX_CSUM_BAD)
			uh->check = (__force __sum16)
				    ((__force u16)uh->check ^ 0x0100);
	}
	memset(skb_put(skb, c->trailer), 0xa5, c->trailer);
	skb_trim(skb, skb->len - c->cut);
	__skb_pull(skb, sizeof(*iph));

	cb = XTCP_SKB_CB(skb);
	memset(cb, 0, sizeof(*cb));
	cb->saddr = iph->saddr;
	cb->daddr = iph->daddr;
	cb->iif = init_net.loopback_dev->ifindex;
	cb->ttl = iph->ttl;
	skb->dev = init_net.loopback_dev;
	skb->ip_summed = CHECKSUM_NONE;
	return skb;
}

static void xtcp_udp_rcv__cases(struct kunit *test)
{
	const struct xtcp_rx_case *c = test->param_value;
	struct sockaddr_xtcp sx = {
		.sxtcp_family	= xtcp_family,
		.sxtcp_port	= htons(RX_PORT),
	};
	u64 inerrors, csumerrors, noports;
	struct msghdr msg = { .msg_name = &sx, .msg_namelen = sizeof(sx) };
	struct socket *sock;
	struct sk_buff *skb;
	struct kvec iov;
	char buf[32];
	int ret;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xtcp_family,
					       SOCK_DGRAM, 0, &sock), 0);
	ret = kernel_bind(sock, (struct sockaddr *)&sx, sizeof(sx));
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "bind: %d", ret);

	inerrors = xtcp_mib_read(&init_net, XTCP_MIB_UDPINERRORS);
	csumerrors = xtcp_mib_read(&init_net, XTCP_MIB_UDPINCSUMERRORS);
	noports = xtcp_mib_read(&init_net, XTCP_MIB_UDPNOPORTS);

	skb = xtcp_rx_build(test, c);
	local_bh_disable();
	rcu_read_lock();
	xtcp_udp_rcv(skb);
	rcu_read_unlock();
	local_bh_enable();

	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
	ret = kernel_recvmsg(sock, &msg, &iov, 1, sizeof(buf), MSG_DONTWAIT);
	if (c->delivered < 0) {
		KUNIT_EXPECT_EQ(test, ret, -EAGAIN);
	} else {
		KUNIT_EXPECT_EQ(test, ret, c->delivered);
		KUNIT_EXPECT_EQ(test, memcmp(buf, RX_PAYLOAD, c->delivered), 0);
		KUNIT_EXPECT_EQ(test, (__force u32)sx.sxtcp_addr,
				(__force u32)A(10, 0, 0, 9));
		KUNIT_EXPECT_EQ(test, ntohs(sx.sxtcp_port), 5000);
	}
	KUNIT_EXPECT_EQ(test, xtcp_mib_read(&init_net, XTCP_MIB_UDPINERRORS),
			inerrors + c->inerrors);
	KUNIT_EXPECT_EQ(test,
			xtcp_mib_read(&init_net, XTCP_MIB_UDPINCSUMERRORS),
			csumerrors + c->csumerrors);
	KUNIT_EXPECT_EQ(test, xtcp_mib_read(&init_net, XTCP_MIB_UDPNOPORTS),
			noports + c->noports);

	sock_release(sock);
	/* Hashed sockets are freed after a grace period; let them go. */
	rcu_barrier();
}

/* A full receive queue drops and counts; the datagram is not queued. */
static void xtcp_udp_rcv__rcvbuf_full(struct kunit *test)
{
	static const struct xtcp_rx_case c = { "good" };
	struct sockaddr_xtcp sx = {
		.sxtcp_family	= xtcp_family,
		.sxtcp_port	= htons(RX_PORT),
	};
	struct socket *sock;
	struct sk_buff *skb;
	u64 rcvbuf;
	int i;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, xtcp_family,
					       SOCK_DGRAM, 0, &sock), 0);
	KUNIT_ASSERT_EQ(test, kernel_bind(sock, (struct sockaddr *)&sx,
					  sizeof(sx)), 0);
	sock->sk->sk_rcvbuf = 1;	/* the first fits, as in Linux */
	rcvbuf = xtcp_mib_read(&init_net, XTCP_MIB_UDPRCVBUFERRORS);

	for (i = 0; i < 3; i++) {
		skb = xtcp_rx_build(test, &c);
		local_bh_disable();
		rcu_read_lock();
		xtcp_udp_rcv(skb);
		rcu_read_unlock();
		local_bh_enable();
	}

	KUNIT_EXPECT_EQ(test, skb_queue_len(&sock->sk->sk_receive_queue), 1U);
	KUNIT_EXPECT_EQ(test, atomic_read(&sock->sk->sk_drops), 2);
	KUNIT_EXPECT_EQ(test,
			xtcp_mib_read(&init_net, XTCP_MIB_UDPRCVBUFERRORS),
			rcvbuf + 2);
	sock_release(sock);
	rcu_barrier();
}

static struct kunit_case xtcp_udp_cases[] = {
	KUNIT_CASE_PARAM(xtcp_udp_score__cases, xtcp_score_gen_params),
	KUNIT_CASE(xtcp_udp_score__unknown_ifindex),
	KUNIT_CASE_PARAM(xtcp_udp_bind_conflict__cases,
			 xtcp_conflict_gen_params),
	KUNIT_CASE(xtcp_udp_err_is_hard__cases),
	KUNIT_CASE_PARAM(xtcp_udp_rcv__cases, xtcp_rx_gen_params),
	KUNIT_CASE(xtcp_udp_rcv__rcvbuf_full),
	{}
};

static struct kunit_suite xtcp_udp_suite = {
	.name = "xtcp_udp",
	.test_cases = xtcp_udp_cases,
};

kunit_test_suite(xtcp_udp_suite);
