// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: module/core/af_xtcp.c, socket creation on the xtcp family.
 *
 * Also the KUnit module's identity: license and the namespace import that
 * reaches the module's EXPORT_SYMBOL_IF_KUNIT internals.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/in.h>
#include <net/net_namespace.h>

#include "core/core.h"

struct xtcp_create_case {
	const char *name;
	int type;
	int protocol;
	int err;	/* what inet_create() returns (no SCTP, no raw) */
	int resolved;
};

static const struct xtcp_create_case xtcp_create_cases[] = {
	{ "stream default",   SOCK_STREAM,    0,            0, IPPROTO_TCP },
	{ "stream tcp",	      SOCK_STREAM,    IPPROTO_TCP,  0, IPPROTO_TCP },
	{ "dgram default",    SOCK_DGRAM,     0,            0, IPPROTO_UDP },
	{ "dgram udp",	      SOCK_DGRAM,     IPPROTO_UDP,  0, IPPROTO_UDP },
	{ "stream udp",	      SOCK_STREAM,    IPPROTO_UDP,  -EPROTONOSUPPORT },
	{ "dgram tcp",	      SOCK_DGRAM,     IPPROTO_TCP,  -EPROTONOSUPPORT },
	{ "stream sctp",      SOCK_STREAM,    IPPROTO_SCTP, -EPROTONOSUPPORT },
	{ "dgram unassigned", SOCK_DGRAM,     200,          -EPROTONOSUPPORT },
	{ "seqpacket",	      SOCK_SEQPACKET, 0,            -ESOCKTNOSUPPORT },
	{ "rdm",	      SOCK_RDM,	      0,            -ESOCKTNOSUPPORT },
	{ "raw",	      SOCK_RAW,	      0,            -ESOCKTNOSUPPORT },
	{ "packet",	      SOCK_PACKET,    0,            -ESOCKTNOSUPPORT },
	{ "negative proto",   SOCK_STREAM,    -1,           -EINVAL },
	{ "proto too big",    SOCK_DGRAM,     IPPROTO_MAX,  -EINVAL },
	{ "bad type, bad proto", SOCK_RDM,    IPPROTO_MAX,  -EINVAL },
};

static void xtcp_create_desc(const struct xtcp_create_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xtcp_create, xtcp_create_cases, xtcp_create_desc);

static void xtcp_create_check__inet_errnos(struct kunit *test)
{
	const struct xtcp_create_case *c = test->param_value;
	int proto = -1;

	KUNIT_EXPECT_EQ(test, xtcp_create_check(c->type, c->protocol, &proto),
			c->err);
	if (!c->err)
		KUNIT_EXPECT_EQ(test, proto, c->resolved);
}

/* The full path through sock_create_kern(): sockets, errors, counters. */
static void xtcp_create__kernel_socket(struct kunit *test)
{
	const struct xtcp_create_case *c = test->param_value;
	struct xtcp_net *xn = xtcp_pernet(&init_net);
	u64 created, failed, released;
	struct socket *sock = NULL;
	int inuse, err;

	created = xtcp_mib_read(&init_net, XTCP_MIB_SOCKCREATE);
	failed = xtcp_mib_read(&init_net, XTCP_MIB_SOCKCREATEFAIL);
	released = xtcp_mib_read(&init_net, XTCP_MIB_SOCKRELEASE);
	inuse = atomic_read(&xn->nr_socks);

	err = sock_create_kern(&init_net, xtcp_family, c->type, c->protocol,
			       &sock);
	KUNIT_ASSERT_EQ(test, err, c->err);
	if (err) {
		KUNIT_EXPECT_EQ(test,
				xtcp_mib_read(&init_net, XTCP_MIB_SOCKCREATEFAIL),
				failed + 1);
		KUNIT_EXPECT_EQ(test, atomic_read(&xn->nr_socks), inuse);
		return;
	}

	KUNIT_EXPECT_EQ(test, sock->sk->sk_family, xtcp_family);
	KUNIT_EXPECT_EQ(test, sock->sk->sk_protocol, c->resolved);
	KUNIT_EXPECT_EQ(test, xtcp_mib_read(&init_net, XTCP_MIB_SOCKCREATE),
			created + 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&xn->nr_socks), inuse + 1);

	/* listen() as AF_INET answers it: TCP listens, UDP cannot. */
	KUNIT_EXPECT_EQ(test, kernel_listen(sock, 1),
			c->resolved == IPPROTO_TCP ? 0 : -EOPNOTSUPP);

	sock_release(sock);
	/* A listener was hashed: it is freed after an RCU grace period. */
	rcu_barrier();
	KUNIT_EXPECT_EQ(test, atomic_read(&xn->nr_socks), inuse);
	KUNIT_EXPECT_EQ(test, xtcp_mib_read(&init_net, XTCP_MIB_SOCKRELEASE),
			released + 1);
}

static struct kunit_case xtcp_af_cases[] = {
	KUNIT_CASE_PARAM(xtcp_create_check__inet_errnos, xtcp_create_gen_params),
	KUNIT_CASE_PARAM(xtcp_create__kernel_socket, xtcp_create_gen_params),
	{}
};

static struct kunit_suite xtcp_af_suite = {
	.name = "xtcp_af",
	.test_cases = xtcp_af_cases,
};

kunit_test_suite(xtcp_af_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xtcp KUnit tests");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
