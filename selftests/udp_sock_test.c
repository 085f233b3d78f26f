// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp SOCK_DGRAM sockets against AF_INET, side by side: every test runs
 * once per variant (inet, xtcp) in a fresh network namespace with lo up,
 * and expects the same answer from both, so the inet run proves the
 * expectation is Linux's.
 *
 * The tests named lo_* move datagrams to a local address: 127.0.0.1 on
 * AF_INET's lo, and for xtcp 10.99.0.1 on a dummy device xtcp is attached
 * to (xtcp has no loopback device; its local delivery skips the device).
 * XTCP_UDP_ADDR and XTCP_UDP_SETUP override that address and the shell
 * command that configures it inside each test's namespace.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/sockios.h>

#include "kselftest_harness.h"
#include "lib.h"
#include "xnl.h"

#define NONLOCAL_ADDR	"192.0.2.1"	/* TEST-NET-1: never local */
#define NOROUTE_ADDR	"198.51.100.1"	/* TEST-NET-2: never routed */
#define MAX_PAYLOAD	65507

FIXTURE(udp) {
	int family;
	const char *addr;	/* where lo_* tests deliver */
};

FIXTURE_VARIANT(udp) {
	bool xtcp;
};

FIXTURE_VARIANT_ADD(udp, inet) {
	.xtcp = false,
};

FIXTURE_VARIANT_ADD(udp, xtcp) {
	.xtcp = true,
};

/*
 * xtcp's local address: a dummy device it owns, configured over netlink
 * from here (xnl.h) rather than by ip(8) and xtcp(8), which cost seconds
 * a case under TCG.
 */
#define XTCP_LOCAL_ADDR		"10.99.0.1"

FIXTURE_SETUP(udp)
{
	const char *setup = getenv("XTCP_UDP_SETUP");
	int err;

	if (!xtcp_module_loaded()) {
		err = xtcp_load(NULL);
		ASSERT_TRUE(!err || err == -EEXIST) {
			TH_LOG("loading %s: %s", xtcp_ko_path(), strerror(-err));
		}
	}
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, xnl_lo_up());
	self->family = variant->xtcp ? xtcp_family() : AF_INET;
	ASSERT_LT(0, self->family);
	self->addr = "127.0.0.1";
	if (variant->xtcp) {
		self->addr = getenv("XTCP_UDP_ADDR") ?: XTCP_LOCAL_ADDR;
		if (setup) {
			ASSERT_EQ(0, system(setup));
		} else {
			err = xtcp_local_setup("xd0", XTCP_LOCAL_ADDR, 24);
			ASSERT_LT(0, err) {
				TH_LOG("dummy xd0 with xtcp's %s/24: %s",
				       XTCP_LOCAL_ADDR, strerror(-err));
			}
		}
	}
}

FIXTURE_TEARDOWN(udp)
{
}

static struct sockaddr_in sa(int family, const char *ip, int port)
{
	struct sockaddr_in a = {
		.sin_family = family,
		.sin_port = htons(port),
	};

	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

#define SA(a)	((struct sockaddr *)&(a))

static int udp_sock(int family)
{
	return socket(family, SOCK_DGRAM, 0);
}

/* A socket bound to @ip, port 0; its port in *@port. */
static int bound_sock(int family, const char *ip, int *port)
{
	struct sockaddr_in a = sa(family, ip, 0);
	socklen_t len = sizeof(a);
	int fd;

	fd = udp_sock(family);
	if (fd < 0)
		return -1;
	if (bind(fd, SA(a), sizeof(a)) ||
	    getsockname(fd, SA(a), &len)) {
		close(fd);
		return -1;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

static int set_rcvtimeo(int fd, int ms)
{
	struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = ms % 1000 * 1000 };

	return setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

static int local_port(int fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);

	if (getsockname(fd, SA(a), &len))
		return -1;
	return ntohs(a.sin_port);
}

/* Nothing to deliver: these answer the same with or without an IP layer. */

TEST_F(udp, bind_twice_einval)
{
	struct sockaddr_in a = sa(self->family, "0.0.0.0", 0);
	int fd = udp_sock(self->family);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, bind(fd, SA(a), sizeof(a)));
	EXPECT_EQ(-1, bind(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
}

TEST_F(udp, bind_port_in_use_eaddrinuse)
{
	struct sockaddr_in a;
	int fd1, fd2, port;

	fd1 = bound_sock(self->family, "0.0.0.0", &port);
	ASSERT_LE(0, fd1);
	a = sa(self->family, "0.0.0.0", port);
	fd2 = udp_sock(self->family);
	ASSERT_LE(0, fd2);
	EXPECT_EQ(-1, bind(fd2, SA(a), sizeof(a)));
	EXPECT_EQ(EADDRINUSE, errno);
	/* The failed bind left it unbound: another port works. */
	a.sin_port = 0;
	EXPECT_EQ(0, bind(fd2, SA(a), sizeof(a)));
	close(fd1);
	close(fd2);
}

TEST_F(udp, so_reuseaddr)
{
	struct sockaddr_in a = sa(self->family, "0.0.0.0", 0);
	int fd1, fd2, fd3, one = 1, port;

	fd1 = udp_sock(self->family);
	fd2 = udp_sock(self->family);
	fd3 = udp_sock(self->family);
	ASSERT_LE(0, fd1);
	ASSERT_LE(0, fd2);
	ASSERT_LE(0, fd3);
	ASSERT_EQ(0, setsockopt(fd1, SOL_SOCKET, SO_REUSEADDR, &one,
				sizeof(one)));
	ASSERT_EQ(0, bind(fd1, SA(a), sizeof(a)));
	port = local_port(fd1);
	a.sin_port = htons(port);
	/* Only one side set it: in use. */
	EXPECT_EQ(-1, bind(fd3, SA(a), sizeof(a)));
	EXPECT_EQ(EADDRINUSE, errno);
	/* Both set it: shared. */
	ASSERT_EQ(0, setsockopt(fd2, SOL_SOCKET, SO_REUSEADDR, &one,
				sizeof(one)));
	EXPECT_EQ(0, bind(fd2, SA(a), sizeof(a)));
	close(fd1);
	close(fd2);
	close(fd3);
}

TEST_F(udp, bind_port_free_after_close)
{
	struct sockaddr_in a;
	int fd, port;

	fd = bound_sock(self->family, "0.0.0.0", &port);
	ASSERT_LE(0, fd);
	close(fd);
	a = sa(self->family, "0.0.0.0", port);
	fd = udp_sock(self->family);
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, bind(fd, SA(a), sizeof(a)));
	close(fd);
}

TEST_F(udp, bind_wrong_family)
{
	struct sockaddr_in a = sa(AF_APPLETALK, "0.0.0.0", 0);
	int fd = udp_sock(self->family);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, bind(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EAFNOSUPPORT, errno);
	/* AF_UNSPEC passes for INADDR_ANY only (inet_bind's compat game). */
	a = sa(AF_UNSPEC, "127.0.0.1", 0);
	EXPECT_EQ(-1, bind(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EAFNOSUPPORT, errno);
	a = sa(AF_UNSPEC, "0.0.0.0", 0);
	EXPECT_EQ(0, bind(fd, SA(a), sizeof(a)));
	close(fd);
}

TEST_F(udp, short_addrlen_einval)
{
	struct sockaddr_in a = sa(self->family, "0.0.0.0", 0);
	int fd = udp_sock(self->family);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, bind(fd, SA(a), sizeof(a) - 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, connect(fd, SA(a), 1));
	EXPECT_EQ(EINVAL, errno);
	a = sa(self->family, NOROUTE_ADDR, 9);
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a) - 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, sendto(fd, "x", 1, 0, SA(a), sizeof(a) - 1));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
}

TEST_F(udp, bind_nonlocal_eaddrnotavail)
{
	struct sockaddr_in a = sa(self->family, NONLOCAL_ADDR, 0);
	int fd = udp_sock(self->family);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, bind(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EADDRNOTAVAIL, errno);
	/* The limited broadcast address is bindable. */
	a = sa(self->family, "255.255.255.255", 0);
	EXPECT_EQ(0, bind(fd, SA(a), sizeof(a)));
	close(fd);
}

TEST_F(udp, getname_unbound)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = udp_sock(self->family);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, getpeername(fd, SA(a), &len));
	EXPECT_EQ(ENOTCONN, errno);
	len = sizeof(a);
	memset(&a, 0xa5, sizeof(a));
	ASSERT_EQ(0, getsockname(fd, SA(a), &len));
	EXPECT_EQ(sizeof(a), len);
	EXPECT_EQ(self->family, a.sin_family);
	EXPECT_EQ(0, a.sin_port);
	EXPECT_EQ(0U, a.sin_addr.s_addr);
	close(fd);
}

/* sendto() autobinds first (inet_send_prepare()), even when it fails. */
TEST_F(udp, sendto_unconnected_edestaddrreq)
{
	int fd = udp_sock(self->family), port;

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, send(fd, "x", 1, 0));
	EXPECT_EQ(EDESTADDRREQ, errno);
	port = local_port(fd);
	EXPECT_LE(32768, port);
	EXPECT_GE(60999, port);
	close(fd);
}

TEST_F(udp, sendto_bad_args)
{
	struct sockaddr_in a = sa(self->family, NOROUTE_ADDR, 0);
	static char big[65536];
	int fd = udp_sock(self->family);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, sendto(fd, "x", 1, 0, SA(a), sizeof(a)));
	EXPECT_EQ(EINVAL, errno);		/* port 0 */
	a = sa(AF_APPLETALK, NOROUTE_ADDR, 9);
	EXPECT_EQ(-1, sendto(fd, "x", 1, 0, SA(a), sizeof(a)));
	EXPECT_EQ(EAFNOSUPPORT, errno);
	a = sa(self->family, NOROUTE_ADDR, 9);
	EXPECT_EQ(-1, sendto(fd, big, sizeof(big), 0, SA(a), sizeof(a)));
	EXPECT_EQ(EMSGSIZE, errno);		/* before any routing */
	EXPECT_EQ(-1, sendto(fd, "x", 1, MSG_OOB, SA(a), sizeof(a)));
	EXPECT_EQ(EOPNOTSUPP, errno);
	EXPECT_EQ(-1, sendto(fd, "x", 1, 0, SA(a), sizeof(a)));
	EXPECT_EQ(ENETUNREACH, errno);
	close(fd);
}

TEST_F(udp, connect_unreachable)
{
	struct sockaddr_in a = sa(self->family, NOROUTE_ADDR, 9);
	socklen_t len = sizeof(a);
	int fd = udp_sock(self->family);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(ENETUNREACH, errno);
	EXPECT_EQ(-1, getpeername(fd, SA(a), &len));
	EXPECT_EQ(ENOTCONN, errno);
	a = sa(AF_APPLETALK, NOROUTE_ADDR, 9);
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EAFNOSUPPORT, errno);
	/* Disconnecting an unconnected socket is fine. */
	a = sa(AF_UNSPEC, "0.0.0.0", 0);
	EXPECT_EQ(0, connect(fd, SA(a), sizeof(a)));
	close(fd);
}

TEST_F(udp, recv_empty)
{
	char buf[16];
	struct timeval t0, t1;
	long ms;
	int fd = udp_sock(self->family);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, recv(fd, buf, sizeof(buf), MSG_DONTWAIT));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(-1, recv(fd, buf, sizeof(buf), MSG_ERRQUEUE));
	EXPECT_EQ(EAGAIN, errno);
	ASSERT_EQ(0, set_rcvtimeo(fd, 100));
	gettimeofday(&t0, NULL);
	EXPECT_EQ(-1, recv(fd, buf, sizeof(buf), 0));
	EXPECT_EQ(EAGAIN, errno);
	gettimeofday(&t1, NULL);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_usec - t0.tv_usec) / 1000;
	EXPECT_LE(90, ms);
	close(fd);
}

TEST_F(udp, shutdown)
{
	int fd = udp_sock(self->family);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, shutdown(fd, 7));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, shutdown(fd, SHUT_RDWR));
	EXPECT_EQ(ENOTCONN, errno);
	close(fd);
}

TEST_F(udp, sockopts)
{
	socklen_t len = sizeof(int);
	int fd = udp_sock(self->family), v = 65536, got;

	ASSERT_LE(0, fd);
	EXPECT_EQ(0, setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)));
	EXPECT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &len));
	EXPECT_EQ(2 * v, got);
	v = 1;
	EXPECT_EQ(-1, setsockopt(fd, SOL_IP, 255, &v, sizeof(v)));
	EXPECT_EQ(ENOPROTOOPT, errno);
	EXPECT_EQ(-1, getsockopt(fd, IPPROTO_UDP, 999, &got, &len));
	EXPECT_EQ(ENOPROTOOPT, errno);
	close(fd);
}

TEST_F(udp, poll_and_ioctl_idle)
{
	struct pollfd p;
	int fd = udp_sock(self->family), n = -1;

	ASSERT_LE(0, fd);
	p.fd = fd;
	p.events = POLLIN | POLLOUT;
	EXPECT_EQ(1, poll(&p, 1, 0));
	EXPECT_EQ(POLLOUT, p.revents);
	EXPECT_EQ(0, ioctl(fd, SIOCINQ, &n));
	EXPECT_EQ(0, n);
	n = -1;
	EXPECT_EQ(0, ioctl(fd, SIOCOUTQ, &n));
	EXPECT_EQ(0, n);
	close(fd);
}

/*
 * LOOPBACK STUB from here on, for xtcp: see the top of the file. These move
 * datagrams to self->addr.
 */

TEST_F(udp, lo_send_recv_msg_name)
{
	struct sockaddr_in to, from;
	socklen_t len = sizeof(from);
	int r, s, port;
	char buf[16];

	r = bound_sock(self->family, self->addr, &port);
	ASSERT_LE(0, r);
	ASSERT_EQ(0, set_rcvtimeo(r, 2000));
	s = udp_sock(self->family);
	ASSERT_LE(0, s);
	to = sa(self->family, self->addr, port);
	ASSERT_EQ(5, sendto(s, "hello", 5, 0, SA(to), sizeof(to)));
	memset(&from, 0xa5, sizeof(from));
	ASSERT_EQ(5, recvfrom(r, buf, sizeof(buf), 0, SA(from), &len));
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
	EXPECT_EQ(sizeof(from), len);
	EXPECT_EQ(self->family, from.sin_family);
	EXPECT_EQ(to.sin_addr.s_addr, from.sin_addr.s_addr);
	EXPECT_EQ(local_port(s), ntohs(from.sin_port));
	close(r);
	close(s);
}

/*
 * bind, connect and sendto take AF_INET addresses as well as the socket's
 * own family, so a program written for AF_INET works once its socket()
 * call is remapped. Addresses handed back carry the socket's family.
 */
TEST_F(udp, lo_inet_sockaddr_accepted)
{
	struct sockaddr_in a = sa(AF_INET, self->addr, 0), from;
	socklen_t len = sizeof(a);
	int r, s, port;
	char buf[16];

	r = udp_sock(self->family);
	ASSERT_LE(0, r);
	ASSERT_EQ(0, set_rcvtimeo(r, 2000));
	ASSERT_EQ(0, bind(r, SA(a), sizeof(a)));
	ASSERT_EQ(0, getsockname(r, SA(a), &len));
	EXPECT_EQ(self->family, a.sin_family);
	port = ntohs(a.sin_port);

	s = udp_sock(self->family);
	ASSERT_LE(0, s);
	a = sa(AF_INET, self->addr, port);
	ASSERT_EQ(1, sendto(s, "a", 1, 0, SA(a), sizeof(a)));
	ASSERT_EQ(0, connect(s, SA(a), sizeof(a)));
	len = sizeof(a);
	ASSERT_EQ(0, getpeername(s, SA(a), &len));
	EXPECT_EQ(self->family, a.sin_family);
	ASSERT_EQ(1, send(s, "b", 1, 0));
	len = sizeof(from);
	ASSERT_EQ(1, recvfrom(r, buf, sizeof(buf), 0, SA(from), &len));
	EXPECT_EQ('a', buf[0]);
	EXPECT_EQ(self->family, from.sin_family);
	ASSERT_EQ(1, recv(r, buf, sizeof(buf), 0));
	EXPECT_EQ('b', buf[0]);

	/* Any other family is still refused. */
	a = sa(AF_INET6, self->addr, port);
	EXPECT_EQ(-1, sendto(s, "c", 1, 0, SA(a), sizeof(a)));
	EXPECT_EQ(EAFNOSUPPORT, errno);
	EXPECT_EQ(-1, connect(s, SA(a), sizeof(a)));
	EXPECT_EQ(EAFNOSUPPORT, errno);
	close(r);
	close(s);
}

TEST_F(udp, lo_peek_trunc)
{
	struct sockaddr_in to;
	struct msghdr m = {};
	struct iovec iov;
	char msg[100], buf[200];
	int r, s, port, n;

	memset(msg, 'm', sizeof(msg));
	r = bound_sock(self->family, self->addr, &port);
	ASSERT_LE(0, r);
	ASSERT_EQ(0, set_rcvtimeo(r, 2000));
	s = udp_sock(self->family);
	ASSERT_LE(0, s);
	to = sa(self->family, self->addr, port);
	ASSERT_EQ(100, sendto(s, msg, 100, 0, SA(to), sizeof(to)));

	/* Peek twice: the datagram stays. */
	EXPECT_EQ(10, recv(r, buf, 10, MSG_PEEK));
	EXPECT_EQ(100, recv(r, buf, 10, MSG_PEEK | MSG_TRUNC));
	n = -1;
	EXPECT_EQ(0, ioctl(r, SIOCINQ, &n));
	EXPECT_EQ(100, n);
	/* Truncated read: the real length, MSG_TRUNC set, datagram gone. */
	iov.iov_base = buf;
	iov.iov_len = 10;
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	EXPECT_EQ(100, recvmsg(r, &m, MSG_TRUNC));
	EXPECT_TRUE(m.msg_flags & MSG_TRUNC);
	EXPECT_EQ(-1, recv(r, buf, sizeof(buf), MSG_DONTWAIT));
	EXPECT_EQ(EAGAIN, errno);
	close(r);
	close(s);
}

TEST_F(udp, lo_max_payload)
{
	static char big[MAX_PAYLOAD + 1], in[MAX_PAYLOAD + 1];
	struct sockaddr_in to;
	int r, s, port;

	memset(big, 'b', sizeof(big));
	big[MAX_PAYLOAD - 1] = 'e';
	r = bound_sock(self->family, self->addr, &port);
	ASSERT_LE(0, r);
	ASSERT_EQ(0, set_rcvtimeo(r, 2000));
	s = udp_sock(self->family);
	ASSERT_LE(0, s);
	to = sa(self->family, self->addr, port);
	EXPECT_EQ(-1, sendto(s, big, MAX_PAYLOAD + 1, 0, SA(to), sizeof(to)));
	EXPECT_EQ(EMSGSIZE, errno);
	ASSERT_EQ(MAX_PAYLOAD, sendto(s, big, MAX_PAYLOAD, 0, SA(to),
				      sizeof(to)));
	ASSERT_EQ(MAX_PAYLOAD, recv(r, in, sizeof(in), 0));
	EXPECT_EQ(0, memcmp(big, in, MAX_PAYLOAD));
	close(r);
	close(s);
}

TEST_F(udp, lo_connect_disconnect)
{
	struct sockaddr_in to, a;
	socklen_t len = sizeof(a);
	int r, s, port;
	char buf[8];

	r = bound_sock(self->family, self->addr, &port);
	ASSERT_LE(0, r);
	s = udp_sock(self->family);
	ASSERT_LE(0, s);
	to = sa(self->family, self->addr, port);
	ASSERT_EQ(0, connect(s, SA(to), sizeof(to)));
	ASSERT_EQ(0, getpeername(s, SA(a), &len));
	EXPECT_EQ(self->family, a.sin_family);
	EXPECT_EQ(to.sin_addr.s_addr, a.sin_addr.s_addr);
	EXPECT_EQ(to.sin_port, a.sin_port);
	/* connect() chose the source address and a port. */
	len = sizeof(a);
	ASSERT_EQ(0, getsockname(s, SA(a), &len));
	EXPECT_NE(0U, a.sin_addr.s_addr);
	EXPECT_NE(0, a.sin_port);
	EXPECT_EQ(3, send(s, "abc", 3, 0));
	ASSERT_EQ(0, set_rcvtimeo(r, 2000));
	EXPECT_EQ(3, recv(r, buf, sizeof(buf), 0));
	/* A connected socket may be bound no more. */
	EXPECT_EQ(-1, bind(s, SA(to), sizeof(to)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, shutdown(s, SHUT_WR));
	EXPECT_EQ(-1, send(s, "abc", 3, MSG_NOSIGNAL));
	EXPECT_EQ(EPIPE, errno);

	a = sa(AF_UNSPEC, "0.0.0.0", 0);
	ASSERT_EQ(0, connect(s, SA(a), sizeof(a)));
	len = sizeof(a);
	EXPECT_EQ(-1, getpeername(s, SA(a), &len));
	EXPECT_EQ(ENOTCONN, errno);
	/* The autobound port went with the association. */
	EXPECT_EQ(0, local_port(s));
	close(r);
	close(s);
}

/* A connected socket only hears its peer (lookup scoring). */
TEST_F(udp, lo_connected_filters_peer)
{
	struct sockaddr_in to;
	int r, s1, s2, p1, port;
	char buf[8];

	r = bound_sock(self->family, self->addr, &port);
	ASSERT_LE(0, r);
	s1 = bound_sock(self->family, self->addr, &p1);
	ASSERT_LE(0, s1);
	s2 = udp_sock(self->family);
	ASSERT_LE(0, s2);
	to = sa(self->family, self->addr, p1);
	ASSERT_EQ(0, connect(r, SA(to), sizeof(to)));
	to = sa(self->family, self->addr, port);
	ASSERT_EQ(2, sendto(s2, "no", 2, 0, SA(to), sizeof(to)));
	ASSERT_EQ(3, sendto(s1, "yes", 3, 0, SA(to), sizeof(to)));
	ASSERT_EQ(0, set_rcvtimeo(r, 2000));
	EXPECT_EQ(3, recv(r, buf, sizeof(buf), 0));
	EXPECT_EQ(0, memcmp(buf, "yes", 3));
	EXPECT_EQ(-1, recv(r, buf, sizeof(buf), MSG_DONTWAIT));
	EXPECT_EQ(EAGAIN, errno);
	close(r);
	close(s1);
	close(s2);
}

TEST_F(udp, lo_bind_address_overlap)
{
	struct sockaddr_in a;
	int fd1, fd2, port;

	fd1 = bound_sock(self->family, "0.0.0.0", &port);
	ASSERT_LE(0, fd1);
	fd2 = udp_sock(self->family);
	ASSERT_LE(0, fd2);
	a = sa(self->family, self->addr, port);
	EXPECT_EQ(-1, bind(fd2, SA(a), sizeof(a)));
	EXPECT_EQ(EADDRINUSE, errno);
	close(fd1);
	close(fd2);
}

/* Port unreachable reaches a connected sender once (ICMP model). */
TEST_F(udp, lo_econnrefused)
{
	struct sockaddr_in to;
	int s, closed, port;
	char buf[8];

	closed = bound_sock(self->family, self->addr, &port);
	ASSERT_LE(0, closed);
	close(closed);
	s = udp_sock(self->family);
	ASSERT_LE(0, s);
	to = sa(self->family, self->addr, port);
	ASSERT_EQ(0, connect(s, SA(to), sizeof(to)));
	ASSERT_EQ(0, set_rcvtimeo(s, 2000));
	EXPECT_EQ(1, send(s, "x", 1, 0));
	EXPECT_EQ(-1, recv(s, buf, sizeof(buf), 0));
	EXPECT_EQ(ECONNREFUSED, errno);
	/* Reported once. */
	EXPECT_EQ(-1, recv(s, buf, sizeof(buf), MSG_DONTWAIT));
	EXPECT_EQ(EAGAIN, errno);
	close(s);
}

/* An unconnected sender hears nothing (no IP_RECVERR). */
TEST_F(udp, lo_unconnected_ignores_icmp)
{
	struct sockaddr_in to;
	int s, closed, port;
	char buf[8];

	closed = bound_sock(self->family, self->addr, &port);
	ASSERT_LE(0, closed);
	close(closed);
	s = udp_sock(self->family);
	ASSERT_LE(0, s);
	to = sa(self->family, self->addr, port);
	ASSERT_EQ(0, set_rcvtimeo(s, 200));
	EXPECT_EQ(1, sendto(s, "x", 1, 0, SA(to), sizeof(to)));
	EXPECT_EQ(-1, recv(s, buf, sizeof(buf), 0));
	EXPECT_EQ(EAGAIN, errno);
	close(s);
}

TEST_F(udp, lo_poll_in)
{
	struct sockaddr_in to;
	struct pollfd p;
	int r, s, port;

	r = bound_sock(self->family, self->addr, &port);
	ASSERT_LE(0, r);
	s = udp_sock(self->family);
	ASSERT_LE(0, s);
	to = sa(self->family, self->addr, port);
	ASSERT_EQ(4, sendto(s, "ping", 4, 0, SA(to), sizeof(to)));
	p.fd = r;
	p.events = POLLIN;
	EXPECT_EQ(1, poll(&p, 1, 2000));
	EXPECT_TRUE(p.revents & POLLIN);
	close(r);
	close(s);
}

/*
 * Counter @name from the "Prefix: names" / "Prefix: values" line pair of
 * @prefix in @path; -1 if absent.
 */
static long long snmp_get(const char *path, const char *prefix,
			  const char *name)
{
	char keys[2048], vals[2048], *k, *v, *ks, *vs;
	long long ret = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(keys, sizeof(keys), f)) {
		if (strncmp(keys, prefix, strlen(prefix)) ||
		    !fgets(vals, sizeof(vals), f))
			continue;
		k = strtok_r(keys, "\n\t ", &ks);
		v = strtok_r(vals, "\n\t ", &vs);
		while (k && v) {
			if (!strcmp(k, name))
				ret = strtoll(v, NULL, 10);
			k = strtok_r(NULL, "\n\t ", &ks);
			v = strtok_r(NULL, "\n\t ", &vs);
		}
		break;
	}
	fclose(f);
	return ret;
}

/* UDP MIB counter @name (Linux's spelling, e.g. "NoPorts") of the variant. */
static long long udp_mib(bool xtcp, const char *name)
{
	char full[64];

	if (!xtcp)
		return snmp_get("/proc/net/snmp", "Udp:", name);
	snprintf(full, sizeof(full), "Udp%s", name);
	return snmp_get("/proc/net/xtcp_snmp", "Xtcp:", full);
}

/* Counters and the socket table move alike in /proc/net/{snmp,udp} and xtcp's. */
TEST_F(udp, lo_counters_and_proc)
{
	long long noports, out, in;
	struct sockaddr_in to;
	char line[256], want[32];
	int r, s, port, found = 0;
	char buf[8];
	FILE *f;

	r = bound_sock(self->family, self->addr, &port);
	ASSERT_LE(0, r);
	ASSERT_EQ(0, set_rcvtimeo(r, 2000));
	s = udp_sock(self->family);
	ASSERT_LE(0, s);
	noports = udp_mib(variant->xtcp, "NoPorts");
	out = udp_mib(variant->xtcp, "OutDatagrams");
	in = udp_mib(variant->xtcp, "InDatagrams");
	ASSERT_LE(0, noports);

	to = sa(self->family, self->addr, port);
	ASSERT_EQ(1, sendto(s, "x", 1, 0, SA(to), sizeof(to)));
	ASSERT_EQ(1, recv(r, buf, sizeof(buf), 0));
	EXPECT_EQ(out + 1, udp_mib(variant->xtcp, "OutDatagrams"));
	EXPECT_EQ(in + 1, udp_mib(variant->xtcp, "InDatagrams"));

	snprintf(want, sizeof(want), ":%04X ", port);
	f = fopen(variant->xtcp ? "/proc/net/xtcp_udp" : "/proc/net/udp", "r");
	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, want))
			found++;
	fclose(f);
	EXPECT_EQ(1, found);

	close(r);
	ASSERT_EQ(1, sendto(s, "x", 1, 0, SA(to), sizeof(to)));
	usleep(200000);
	EXPECT_EQ(noports + 1, udp_mib(variant->xtcp, "NoPorts"));
	close(s);
}

/* IP MIB counter @name (Linux's spelling, e.g. "OutRequests") of the variant. */
static long long ip_mib(bool xtcp, const char *name)
{
	char full[64];

	if (!xtcp)
		return snmp_get("/proc/net/snmp", "Ip:", name);
	snprintf(full, sizeof(full), "Ip%s", name);
	return snmp_get("/proc/net/xtcp_snmp", "Xtcp:", full);
}

/* --- SOL_IP options */

static int get_int(int fd, int level, int opt)
{
	socklen_t len = sizeof(int);
	int v = -12345;

	if (getsockopt(fd, level, opt, &v, &len) || len != sizeof(int))
		return -12345;
	return v;
}

static int set_int(int fd, int level, int opt, int v)
{
	return setsockopt(fd, level, opt, &v, sizeof(v));
}

TEST_F(udp, ip_opts_defaults)
{
	int fd = udp_sock(self->family);

	ASSERT_LE(0, fd);
	EXPECT_EQ(IP_PMTUDISC_WANT, get_int(fd, SOL_IP, IP_MTU_DISCOVER));
	EXPECT_EQ(64, get_int(fd, SOL_IP, IP_TTL));
	EXPECT_EQ(0, get_int(fd, SOL_IP, IP_TOS));
	close(fd);
}

TEST_F(udp, ip_opts_round_trip)
{
	int fd = udp_sock(self->family), mode;

	ASSERT_LE(0, fd);
	for (mode = IP_PMTUDISC_DONT; mode <= IP_PMTUDISC_OMIT; mode++) {
		EXPECT_EQ(0, set_int(fd, SOL_IP, IP_MTU_DISCOVER, mode));
		EXPECT_EQ(mode, get_int(fd, SOL_IP, IP_MTU_DISCOVER));
	}
	EXPECT_EQ(0, set_int(fd, SOL_IP, IP_TTL, 1));
	EXPECT_EQ(1, get_int(fd, SOL_IP, IP_TTL));
	EXPECT_EQ(0, set_int(fd, SOL_IP, IP_TTL, 255));
	EXPECT_EQ(255, get_int(fd, SOL_IP, IP_TTL));
	EXPECT_EQ(0, set_int(fd, SOL_IP, IP_TTL, -1));	/* back to the default */
	EXPECT_EQ(64, get_int(fd, SOL_IP, IP_TTL));
	/* A datagram socket keeps the ECN bits; the TOS sets the priority. */
	EXPECT_EQ(0, set_int(fd, SOL_IP, IP_TOS, 0xff));
	EXPECT_EQ(0xff, get_int(fd, SOL_IP, IP_TOS));
	EXPECT_EQ(0, set_int(fd, SOL_IP, IP_TOS, 0x1b8));	/* one byte kept */
	EXPECT_EQ(0xb8, get_int(fd, SOL_IP, IP_TOS));
	EXPECT_EQ(0, set_int(fd, SOL_IP, IP_TOS, IPTOS_LOWDELAY));
	EXPECT_EQ(IPTOS_LOWDELAY, get_int(fd, SOL_IP, IP_TOS));
	EXPECT_EQ(6, get_int(fd, SOL_SOCKET, SO_PRIORITY));	/* interactive */
	close(fd);
}

TEST_F(udp, ip_opts_bad_values_and_lengths)
{
	int fd = udp_sock(self->family), v = 0;
	unsigned char c;
	socklen_t len;

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, set_int(fd, SOL_IP, IP_MTU_DISCOVER, IP_PMTUDISC_OMIT + 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, set_int(fd, SOL_IP, IP_MTU_DISCOVER, -1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, set_int(fd, SOL_IP, IP_TTL, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, set_int(fd, SOL_IP, IP_TTL, 256));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, set_int(fd, SOL_IP, IP_TTL, -2));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, setsockopt(fd, SOL_IP, IP_TTL, &v, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(64, get_int(fd, SOL_IP, IP_TTL));	/* unchanged */
	/* IP_MTU is read-only. */
	EXPECT_EQ(-1, set_int(fd, SOL_IP, IP_MTU, 1000));
	EXPECT_EQ(ENOPROTOOPT, errno);

	/* A single byte is a value; no bytes at all read as 0. */
	c = IP_PMTUDISC_DO;
	EXPECT_EQ(0, setsockopt(fd, SOL_IP, IP_MTU_DISCOVER, &c, 1));
	EXPECT_EQ(IP_PMTUDISC_DO, get_int(fd, SOL_IP, IP_MTU_DISCOVER));
	c = 9;
	EXPECT_EQ(0, setsockopt(fd, SOL_IP, IP_TTL, &c, 1));
	EXPECT_EQ(9, get_int(fd, SOL_IP, IP_TTL));
	c = 0x28;
	EXPECT_EQ(0, setsockopt(fd, SOL_IP, IP_TOS, &c, 1));
	EXPECT_EQ(0x28, get_int(fd, SOL_IP, IP_TOS));
	EXPECT_EQ(0, setsockopt(fd, SOL_IP, IP_MTU_DISCOVER, &v, 0));
	EXPECT_EQ(IP_PMTUDISC_DONT, get_int(fd, SOL_IP, IP_MTU_DISCOVER));

	/* Reading into one byte gives one byte; a negative length EINVAL. */
	len = 1;
	c = 0;
	EXPECT_EQ(0, getsockopt(fd, SOL_IP, IP_TTL, &c, &len));
	EXPECT_EQ(1, len);
	EXPECT_EQ(9, c);
	len = 0;
	EXPECT_EQ(0, getsockopt(fd, SOL_IP, IP_TTL, &v, &len));
	EXPECT_EQ(0, len);
	len = -1;
	EXPECT_EQ(-1, getsockopt(fd, SOL_IP, IP_TTL, &v, &len));
	EXPECT_EQ(EINVAL, errno);

	/* Unknown options and levels. */
	len = sizeof(v);
	EXPECT_EQ(-1, getsockopt(fd, SOL_IP, 255, &v, &len));
	EXPECT_EQ(ENOPROTOOPT, errno);
	EXPECT_EQ(-1, getsockopt(fd, IPPROTO_TCP, 1, &v, &len));
	EXPECT_EQ(EOPNOTSUPP, errno);
	EXPECT_EQ(-1, set_int(fd, IPPROTO_TCP, 1, 1));
	EXPECT_EQ(ENOPROTOOPT, errno);
	close(fd);
}

/*
 * A neighbour on a dummy device (MTU 1500): datagrams to it leave through
 * the device and are dropped there. xtcp's fixture owns xd0 already; for
 * AF_INET the kernel gets the same address.
 */
#define DUMMY_PEER	"10.99.0.2"
#define INET_DUMMY_SETUP						\
	"/usr/sbin/ip link add xd0 type dummy && /usr/sbin/ip link set xd0 up && " \
	"/usr/sbin/ip addr add 10.99.0.1/24 dev xd0"

static int dummy_peer_setup(bool xtcp)
{
	return xtcp ? 0 : system(INET_DUMMY_SETUP);
}

TEST_F(udp, ip_mtu_connected_only)
{
	struct sockaddr_in to = sa(self->family, DUMMY_PEER, 9);
	struct sockaddr_in un = { .sin_family = AF_UNSPEC };
	unsigned char c[2] = { 0, 0 };
	int fd = udp_sock(self->family), v;
	socklen_t len = sizeof(v);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, dummy_peer_setup(variant->xtcp));
	EXPECT_EQ(-1, getsockopt(fd, SOL_IP, IP_MTU, &v, &len));
	EXPECT_EQ(ENOTCONN, errno);
	ASSERT_EQ(0, connect(fd, SA(to), sizeof(to)));
	EXPECT_EQ(1500, get_int(fd, SOL_IP, IP_MTU));
	/* 1500 is no byte: two bytes of the int. */
	len = 2;
	EXPECT_EQ(0, getsockopt(fd, SOL_IP, IP_MTU, c, &len));
	EXPECT_EQ(2, len);
	v = 0;
	memcpy(&v, c, 2);
	EXPECT_EQ(1500, v);
	ASSERT_EQ(0, connect(fd, SA(un), sizeof(un)));
	len = sizeof(v);
	EXPECT_EQ(-1, getsockopt(fd, SOL_IP, IP_MTU, &v, &len));
	EXPECT_EQ(ENOTCONN, errno);
	close(fd);
}

/*
 * Each mode with a datagram one byte over the device MTU (1473 + 28) and
 * one that fits: DO, PROBE and INTERFACE refuse it before anything is
 * sent or counted; DONT, WANT and OMIT fragment it.
 */
TEST_F(udp, pmtudisc_send_over_device_mtu)
{
	static const struct {
		int mode;
		bool refused;
	} modes[] = {
		{ IP_PMTUDISC_DONT, false },
		{ IP_PMTUDISC_WANT, false },
		{ IP_PMTUDISC_DO, true },
		{ IP_PMTUDISC_PROBE, true },
		{ IP_PMTUDISC_INTERFACE, true },
		{ IP_PMTUDISC_OMIT, false },
	};
	struct sockaddr_in to = sa(self->family, DUMMY_PEER, 9);
	long long out_req, frag_fails, udp_out;
	static char buf[2000];
	unsigned int i;
	int fd;

	ASSERT_EQ(0, dummy_peer_setup(variant->xtcp));
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		fd = udp_sock(self->family);
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, set_int(fd, SOL_IP, IP_MTU_DISCOVER,
				     modes[i].mode));
		EXPECT_EQ(1472, sendto(fd, buf, 1472, 0, SA(to), sizeof(to)));
		out_req = ip_mib(variant->xtcp, "OutRequests");
		frag_fails = ip_mib(variant->xtcp, "FragFails");
		udp_out = udp_mib(variant->xtcp, "OutDatagrams");
		ASSERT_LE(0, out_req);
		if (modes[i].refused) {
			EXPECT_EQ(-1, sendto(fd, buf, 1473, 0, SA(to),
					     sizeof(to))) {
				TH_LOG("mode %d", modes[i].mode);
			}
			EXPECT_EQ(EMSGSIZE, errno);
			/* Refused before IP saw it: nothing counted. */
			EXPECT_EQ(out_req, ip_mib(variant->xtcp, "OutRequests"));
			EXPECT_EQ(udp_out, udp_mib(variant->xtcp, "OutDatagrams"));
		} else {
			EXPECT_EQ(1473, sendto(fd, buf, 1473, 0, SA(to),
					       sizeof(to))) {
				TH_LOG("mode %d: %s", modes[i].mode,
				       strerror(errno));
			}
			EXPECT_EQ(udp_out + 1,
				  udp_mib(variant->xtcp, "OutDatagrams"));
		}
		EXPECT_EQ(frag_fails, ip_mib(variant->xtcp, "FragFails"));
		/* Connected, the same. */
		ASSERT_EQ(0, connect(fd, SA(to), sizeof(to)));
		if (modes[i].refused) {
			EXPECT_EQ(-1, send(fd, buf, 2000, 0));
			EXPECT_EQ(EMSGSIZE, errno);
		} else {
			EXPECT_EQ(2000, send(fd, buf, 2000, 0));
		}
		close(fd);
	}
}

TEST_HARNESS_MAIN
