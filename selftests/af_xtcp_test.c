// SPDX-License-Identifier: GPL-2.0
/*
 * The xtcp address family as user space sees it: absent before insmod,
 * present after, AF_INET's errnos for what it does not support, the
 * module pinned by open sockets, and per-namespace accounting.
 */
#include <sched.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "kselftest_harness.h"
#include "lib.h"

/* Every test starts from an unloaded module and leaves it unloaded. */
FIXTURE(mod) {
	int family;
};

FIXTURE_SETUP(mod)
{
	if (xtcp_module_loaded())
		ASSERT_EQ(0, xtcp_unload());
	ASSERT_EQ(0, access(xtcp_ko_path(), R_OK)) {
		TH_LOG("module %s is missing: run make", xtcp_ko_path());
	}
	self->family = AF_XTCP_DEFAULT;
}

FIXTURE_TEARDOWN(mod)
{
	if (xtcp_module_loaded())
		EXPECT_EQ(0, xtcp_unload());
}

TEST_F(mod, eafnosupport_before_insmod)
{
	int fd;

	ASSERT_FALSE(xtcp_module_loaded());
	fd = socket(AF_XTCP_DEFAULT, SOCK_STREAM, 0);
	EXPECT_EQ(-1, fd);
	EXPECT_EQ(EAFNOSUPPORT, errno);
	fd = socket(AF_XTCP_DEFAULT, SOCK_DGRAM, 0);
	EXPECT_EQ(-1, fd);
	EXPECT_EQ(EAFNOSUPPORT, errno);
}

TEST_F(mod, both_types_after_insmod)
{
	static const struct { int type, proto, want; } cases[] = {
		{ SOCK_STREAM, 0, IPPROTO_TCP },
		{ SOCK_STREAM, IPPROTO_TCP, IPPROTO_TCP },
		{ SOCK_DGRAM, 0, IPPROTO_UDP },
		{ SOCK_DGRAM, IPPROTO_UDP, IPPROTO_UDP },
		{ SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, IPPROTO_TCP },
	};
	socklen_t len;
	unsigned int i;
	int fd, v;

	ASSERT_EQ(0, xtcp_load(NULL));
	ASSERT_EQ(AF_XTCP_DEFAULT, xtcp_family());

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		fd = socket(self->family, cases[i].type, cases[i].proto);
		ASSERT_LE(0, fd) {
			TH_LOG("case %u: %s", i, strerror(errno));
		}
		len = sizeof(v);
		ASSERT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &len));
		EXPECT_EQ(self->family, v);
		ASSERT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v, &len));
		EXPECT_EQ(cases[i].want, v);
		ASSERT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len));
		EXPECT_EQ(cases[i].type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC), v);
		/*
		 * listen() as AF_INET answers it: a stream socket binds a
		 * port and listens; a datagram socket cannot.
		 */
		if (cases[i].want == IPPROTO_TCP) {
			EXPECT_EQ(0, listen(fd, 1));
			ASSERT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN,
						&v, &len));
			EXPECT_EQ(1, v);
		} else {
			EXPECT_EQ(-1, listen(fd, 1));
			EXPECT_EQ(EOPNOTSUPP, errno);
		}
		EXPECT_EQ(0, close(fd));
	}
	/*
	 * A listener is in the listener table, read under RCU: its memory,
	 * and with it its hold on the module, goes a grace period after
	 * close(). Wait for that before the fixture unloads.
	 */
	for (i = 0; i < 100 && xtcp_read_long("/sys/module/xtcp/refcnt"); i++)
		usleep(50000);
	EXPECT_EQ(0, xtcp_read_long("/sys/module/xtcp/refcnt"));
}

/*
 * Whatever AF_INET answers for a type or protocol, xtcp answers the same.
 * (Not SOCK_PACKET: __sock_create() turns PF_INET/SOCK_PACKET into an
 * AF_PACKET socket before AF_INET sees it.)
 */
TEST_F(mod, unsupported_gets_inet_errno)
{
	static const struct { int type, proto, want; } cases[] = {
		{ SOCK_SEQPACKET, 0, ESOCKTNOSUPPORT },
		{ SOCK_RDM, 0, ESOCKTNOSUPPORT },
		{ SOCK_STREAM, IPPROTO_UDP, EPROTONOSUPPORT },
		{ SOCK_DGRAM, IPPROTO_TCP, EPROTONOSUPPORT },
		{ SOCK_DGRAM, 200, EPROTONOSUPPORT },
		{ SOCK_STREAM, -1, EINVAL },
		{ SOCK_STREAM, IPPROTO_MAX, EINVAL },
		{ 99, 0, EINVAL },
	};
	int fd, inet_errno;
	unsigned int i;

	ASSERT_EQ(0, xtcp_load(NULL));
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		fd = socket(AF_INET, cases[i].type, cases[i].proto);
		ASSERT_EQ(-1, fd);
		inet_errno = errno;
		EXPECT_EQ(cases[i].want, inet_errno) {
			TH_LOG("case %u: AF_INET gave %s", i, strerror(inet_errno));
		}
		fd = socket(self->family, cases[i].type, cases[i].proto);
		ASSERT_EQ(-1, fd);
		EXPECT_EQ(inet_errno, errno) {
			TH_LOG("case %u: xtcp gave %s, AF_INET %s", i,
			       strerror(errno), strerror(inet_errno));
		}
	}
}

/*
 * An open socket pins the module. The kernel's "in use" answer to
 * delete_module(O_NONBLOCK) is EWOULDBLOCK (rmmod: "Module xtcp is in use").
 */
TEST_F(mod, rmmod_refused_while_open)
{
	int s1, s2;

	ASSERT_EQ(0, xtcp_load(NULL));
	EXPECT_EQ(0, xtcp_read_long("/sys/module/xtcp/refcnt"));
	s1 = socket(self->family, SOCK_STREAM, 0);
	ASSERT_LE(0, s1);
	s2 = socket(self->family, SOCK_DGRAM, 0);
	ASSERT_LE(0, s2);
	/* Each socket holds two: its proto_ops and its struct proto. */
	EXPECT_EQ(4, xtcp_read_long("/sys/module/xtcp/refcnt"));

	EXPECT_EQ(-EWOULDBLOCK, xtcp_unload());
	EXPECT_TRUE(xtcp_module_loaded());
	close(s1);
	EXPECT_EQ(-EWOULDBLOCK, xtcp_unload());
	close(s2);
	EXPECT_EQ(0, xtcp_read_long("/sys/module/xtcp/refcnt"));
	EXPECT_EQ(0, xtcp_unload());
	EXPECT_FALSE(xtcp_module_loaded());

	/* Gone means gone: the family, the proc file, the sysfs node. */
	EXPECT_EQ(-1, socket(self->family, SOCK_STREAM, 0));
	EXPECT_EQ(EAFNOSUPPORT, errno);
	EXPECT_NE(0, access("/proc/net/xtcp_snmp", F_OK));
}

TEST_F(mod, family_parameter)
{
	int fd;

	/* Out of range, and a slot the kernel's own AF_INET holds. */
	EXPECT_EQ(-EINVAL, xtcp_load("family=0"));
	EXPECT_EQ(-EINVAL, xtcp_load("family=46"));
	EXPECT_EQ(-EEXIST, xtcp_load("family=2"));
	EXPECT_FALSE(xtcp_module_loaded());

	/* AF_SNA (22): another slot no 6.1 family registers. */
	ASSERT_EQ(0, xtcp_load("family=22"));
	EXPECT_EQ(22, xtcp_family());
	fd = socket(22, SOCK_DGRAM, 0);
	EXPECT_LE(0, fd);
	close(fd);
	EXPECT_EQ(-1, socket(AF_XTCP_DEFAULT, SOCK_DGRAM, 0));
	EXPECT_EQ(EAFNOSUPPORT, errno);
}

/* Counters and socket accounting belong to the socket's namespace. */
TEST_F(mod, counters_are_per_netns)
{
	long long created, failed;
	int fd, fd2;

	ASSERT_EQ(0, xtcp_load(NULL));
	created = xtcp_snmp_get("SockCreate");
	failed = xtcp_snmp_get("SockCreateFail");
	ASSERT_LE(0, created);
	ASSERT_LE(0, failed);

	fd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, socket(self->family, SOCK_RDM, 0));
	EXPECT_EQ(created + 1, xtcp_snmp_get("SockCreate"));
	EXPECT_EQ(failed + 1, xtcp_snmp_get("SockCreateFail"));

	/* A new namespace starts at zero and counts only its own. */
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	EXPECT_EQ(0, xtcp_snmp_get("SockCreate"));
	fd2 = socket(self->family, SOCK_DGRAM, 0);
	ASSERT_LE(0, fd2);
	EXPECT_EQ(1, xtcp_snmp_get("SockCreate"));
	EXPECT_EQ(0, xtcp_snmp_get("SockCreateFail"));
	close(fd2);
	EXPECT_EQ(1, xtcp_snmp_get("SockRelease"));
	close(fd);
}

TEST_HARNESS_MAIN
