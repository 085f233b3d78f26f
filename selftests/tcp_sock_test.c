// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp SOCK_STREAM sockets against AF_INET, side by side: every test runs
 * once per variant (inet, xtcp) in a fresh network namespace and expects
 * the same answer from both, so the inet run proves the expectation is
 * Linux's.
 *
 * Both ends of a connection are of the variant's family: AF_INET through
 * 127.0.0.1 on lo, xtcp through 10.99.0.1 on a dummy device xtcp is
 * attached to (xtcp has no loopback device; its local delivery skips the
 * device). Tests that need a peer that never answers send their SYN to
 * 10.99.0.2 on that dummy device, which AF_INET gets as well.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <linux/sockios.h>

#include "kselftest_harness.h"
#include "lib.h"
#include "xnl.h"

#define NONLOCAL_ADDR	"192.0.2.1"	/* TEST-NET-1: never local */
#define SILENT_PEER	"10.99.0.2"	/* on the dummy device: never answers */
#define WAIT_MS		2000		/* for what loopback does at once */
#define MANY_CONNS	200

FIXTURE(tcp) {
	int family;
	const char *addr;	/* where connections go */
};

FIXTURE_VARIANT(tcp) {
	bool xtcp;
};

FIXTURE_VARIANT_ADD(tcp, inet) {
	.xtcp = false,
};

FIXTURE_VARIANT_ADD(tcp, xtcp) {
	.xtcp = true,
};

/*
 * The setup is done in process, over netlink and ioctls: under TCG with
 * KASAN, starting ip(8) and xtcp(8) for every case would take most of the
 * test's time.
 */
#define XTCP_LOCAL_ADDR		"10.99.0.1"
#define DUMMY_DEV		"xd0"

/* For AF_INET: ip addr add 10.99.0.1/24 dev xd0. */
static int inet_addr_add(void)
{
	struct ifreq ifr = { .ifr_name = DUMMY_DEV };
	struct sockaddr_in *a = (struct sockaddr_in *)&ifr.ifr_addr;
	int fd, ret;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return -1;
	a->sin_family = AF_INET;
	inet_pton(AF_INET, XTCP_LOCAL_ADDR, &a->sin_addr);
	ret = ioctl(fd, SIOCSIFADDR, &ifr);
	inet_pton(AF_INET, "255.255.255.0", &a->sin_addr);
	if (!ret)
		ret = ioctl(fd, SIOCSIFNETMASK, &ifr);
	close(fd);
	return ret;
}

/* One request to the xtcp generic netlink family; 0 or -errno. */
static int xtcp_genl(void (*build)(struct nl_req *req, void *arg), __u8 cmd,
		     void *arg)
{
	static struct nl_req req;
	struct nl_sock nl;
	int err;

	err = xnl_open(&nl);
	if (err)
		return err;
	nl_req_init(&req, nl.family, 0, cmd, XTCP_GENL_VERSION);
	build(&req, arg);
	err = nl_talk(&nl, &req, XTCP_A_MAX, NULL, NULL);
	nl_close(&nl);
	return err;
}

static void build_range(struct nl_req *req, void *arg)
{
	const int *r = arg;
	size_t nest = nl_nest_start(req, XTCP_A_PORT_RANGE);

	nl_put_u16(req, XTCP_A_PORT_SPAN_LOW, r[0]);
	nl_put_u16(req, XTCP_A_PORT_SPAN_HIGH, r[1]);
	nl_nest_end(req, nest);
}

static void build_sysctl(struct nl_req *req, void *arg)
{
	const char *const *nv = arg;

	nl_put_str(req, XTCP_A_SYSCTL_NAME, nv[0]);
	nl_put_str(req, XTCP_A_SYSCTL_VALUE, nv[1]);
}

/* A tunable of the variant: /proc/sys/net/ipv4/NAME, or xtcp's NAME. */
static int sysctl_set(bool xtcp, const char *name, const char *value)
{
	const char *nv[2] = { name, value };
	char path[128];
	FILE *f;

	if (xtcp)
		return xtcp_genl(build_sysctl, XTCP_CMD_SYSCTL_SET, nv);
	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/%s", name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "%s\n", value);
	return fclose(f) ? -1 : 0;
}

/* The variant's ephemeral port range: ip_local_port_range, or xtcp's. */
static int port_range_set(bool xtcp, int low, int high)
{
	int r[2] = { low, high };
	FILE *f;

	if (xtcp)
		return xtcp_genl(build_range, XTCP_CMD_PORTS_SET, r);
	f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "w");
	if (!f)
		return -1;
	fprintf(f, "%d %d\n", low, high);
	return fclose(f) ? -1 : 0;
}

FIXTURE_SETUP(tcp)
{
	int err;

	/* SIGPIPE would end the test; EPIPE is what is checked. */
	signal(SIGPIPE, SIG_IGN);
	if (variant->xtcp && !xtcp_module_loaded()) {
		err = xtcp_load(NULL);
		ASSERT_TRUE(!err || err == -EEXIST) {
			TH_LOG("loading %s: %s", xtcp_ko_path(), strerror(-err));
		}
	}
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, xnl_lo_up());
	self->family = variant->xtcp ? xtcp_family() : AF_INET;
	ASSERT_LT(0, self->family);
	self->addr = variant->xtcp ? XTCP_LOCAL_ADDR : "127.0.0.1";
	if (!variant->xtcp) {
		ASSERT_LT(0, xnl_dummy_add(DUMMY_DEV));
		ASSERT_EQ(0, inet_addr_add());
		return;
	}
	err = xtcp_local_setup(DUMMY_DEV, XTCP_LOCAL_ADDR, 24);
	ASSERT_LT(0, err) {
		TH_LOG("dummy %s with xtcp's %s/24: %s", DUMMY_DEV,
		       XTCP_LOCAL_ADDR, strerror(-err));
	}
}

FIXTURE_TEARDOWN(tcp)
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

static int tcp_sock(int family)
{
	return socket(family, SOCK_STREAM, 0);
}

static int local_port(int fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);

	if (getsockname(fd, SA(a), &len))
		return -1;
	return ntohs(a.sin_port);
}

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

/* A socket bound to @ip:@port (0: any), with SO_REUSEADDR if @reuse. */
static int bound_sock(int family, const char *ip, int port, bool reuse)
{
	struct sockaddr_in a = sa(family, ip, port);
	int fd = tcp_sock(family), err;

	if (fd < 0)
		return -1;
	if ((reuse && set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1)) ||
	    bind(fd, SA(a), sizeof(a))) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

/* A listener on @ip, a port of the kernel's choice in *@port. */
static int listener(int family, const char *ip, int *port)
{
	int fd = bound_sock(family, ip, 0, false);

	if (fd < 0)
		return -1;
	if (listen(fd, 16)) {
		close(fd);
		return -1;
	}
	*port = local_port(fd);
	return fd;
}

/* A blocking connect to @ip:@port; the socket, or -1 with errno. */
static int connect_to(int family, const char *ip, int port)
{
	struct sockaddr_in a = sa(family, ip, port);
	int fd = tcp_sock(family), err;

	if (fd < 0)
		return -1;
	if (connect(fd, SA(a), sizeof(a))) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

/* An accept() that gives up after WAIT_MS. */
static int accept_wait(int lfd)
{
	struct pollfd p = { .fd = lfd, .events = POLLIN };

	if (poll(&p, 1, WAIT_MS) != 1)
		return -1;
	return accept(lfd, NULL, NULL);
}

/* A connection on @ip: *@c the connecting end, *@s the accepted one. */
static int conn_pair(int family, const char *ip, int *c, int *s)
{
	int l, port;

	l = listener(family, ip, &port);
	if (l < 0)
		return -1;
	*c = connect_to(family, ip, port);
	*s = *c < 0 ? -1 : accept_wait(l);
	close(l);
	if (*s < 0) {
		if (*c >= 0)
			close(*c);
		return -1;
	}
	return 0;
}

/* poll() one socket; its revents, 0 on timeout, -1 on error. */
static int poll1(int fd, short events, int ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int n = poll(&p, 1, ms);

	return n < 0 ? -1 : n ? p.revents : 0;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int set_timeo(int fd, int opt, int ms)
{
	struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = ms % 1000 * 1000 };

	return setsockopt(fd, SOL_SOCKET, opt, &tv, sizeof(tv));
}

static int reset_close(int fd)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)))
		return -1;
	return close(fd);
}

static int tcp_state(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	if (getsockopt(fd, SOL_TCP, TCP_INFO, &ti, &len))
		return -1;
	return ti.tcpi_state;
}

/* --- socket() and the generic options */

TEST_F(tcp, socket_protocols)
{
	int fd;

	fd = socket(self->family, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_LE(0, fd);
	EXPECT_EQ(IPPROTO_TCP, get_int(fd, SOL_SOCKET, SO_PROTOCOL));
	close(fd);
	fd = socket(self->family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ASSERT_LE(0, fd);
	EXPECT_EQ(IPPROTO_TCP, get_int(fd, SOL_SOCKET, SO_PROTOCOL));
	EXPECT_EQ(SOCK_STREAM, get_int(fd, SOL_SOCKET, SO_TYPE));
	EXPECT_EQ(self->family, get_int(fd, SOL_SOCKET, SO_DOMAIN));
	EXPECT_EQ(0, get_int(fd, SOL_SOCKET, SO_ACCEPTCONN));
	EXPECT_EQ(0, get_int(fd, SOL_SOCKET, SO_ERROR));
	EXPECT_TRUE(fcntl(fd, F_GETFL) & O_NONBLOCK);
	close(fd);
	EXPECT_EQ(-1, socket(self->family, SOCK_STREAM, IPPROTO_UDP));
	EXPECT_EQ(EPROTONOSUPPORT, errno);
	EXPECT_EQ(-1, socket(self->family, SOCK_STREAM, -1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, socket(self->family, SOCK_STREAM, 1000));
	EXPECT_EQ(EINVAL, errno);
}

/* --- bind */

TEST_F(tcp, bind_twice_einval)
{
	struct sockaddr_in a = sa(self->family, "0.0.0.0", 0);
	int fd = tcp_sock(self->family);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, bind(fd, SA(a), sizeof(a)));
	EXPECT_LE(32768, local_port(fd));
	EXPECT_GE(60999, local_port(fd));
	EXPECT_EQ(-1, bind(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
}

TEST_F(tcp, bind_port_in_use_eaddrinuse)
{
	struct sockaddr_in a;
	int fd1, fd2, l, port;

	fd1 = bound_sock(self->family, "0.0.0.0", 0, false);
	ASSERT_LE(0, fd1);
	port = local_port(fd1);
	a = sa(self->family, self->addr, port);
	fd2 = tcp_sock(self->family);
	ASSERT_LE(0, fd2);
	/* The wildcard covers the specific address. */
	EXPECT_EQ(-1, bind(fd2, SA(a), sizeof(a)));
	EXPECT_EQ(EADDRINUSE, errno);
	/* The failed bind left it unbound: another port works. */
	a.sin_port = 0;
	EXPECT_EQ(0, bind(fd2, SA(a), sizeof(a)));
	close(fd2);

	/* A listener's port, and SO_REUSEADDR does not excuse it. */
	l = listener(self->family, self->addr, &port);
	ASSERT_LE(0, l);
	fd2 = tcp_sock(self->family);
	ASSERT_LE(0, fd2);
	ASSERT_EQ(0, set_int(fd2, SOL_SOCKET, SO_REUSEADDR, 1));
	ASSERT_EQ(0, set_int(l, SOL_SOCKET, SO_REUSEADDR, 1));
	a = sa(self->family, "0.0.0.0", port);
	EXPECT_EQ(-1, bind(fd2, SA(a), sizeof(a)));
	EXPECT_EQ(EADDRINUSE, errno);
	close(fd1);
	close(fd2);
	close(l);
}

/*
 * SO_REUSEADDR on both: two bound sockets share a port, and one of them
 * may listen (inet_csk_listen_start() checks the port again, relaxed);
 * while it does, the other may not.
 */
TEST_F(tcp, so_reuseaddr_bound_then_listen)
{
	int fd1, fd2, fd3, port;
	struct sockaddr_in a;

	fd1 = bound_sock(self->family, "0.0.0.0", 0, true);
	ASSERT_LE(0, fd1);
	port = local_port(fd1);
	/* Only one side set it: in use. */
	fd3 = tcp_sock(self->family);
	ASSERT_LE(0, fd3);
	a = sa(self->family, "0.0.0.0", port);
	EXPECT_EQ(-1, bind(fd3, SA(a), sizeof(a)));
	EXPECT_EQ(EADDRINUSE, errno);
	fd2 = bound_sock(self->family, "0.0.0.0", port, true);
	ASSERT_LE(0, fd2);
	EXPECT_EQ(0, listen(fd1, 4));
	EXPECT_EQ(-1, listen(fd2, 4));
	EXPECT_EQ(EADDRINUSE, errno);
	/* The failed listen kept the port bound. */
	EXPECT_EQ(port, local_port(fd2));
	EXPECT_EQ(0, get_int(fd2, SOL_SOCKET, SO_ACCEPTCONN));
	close(fd1);
	EXPECT_EQ(0, listen(fd2, 4));
	EXPECT_EQ(1, get_int(fd2, SOL_SOCKET, SO_ACCEPTCONN));
	close(fd2);
	close(fd3);
}

TEST_F(tcp, bind_port_free_after_close)
{
	int fd, port;

	fd = bound_sock(self->family, "0.0.0.0", 0, false);
	ASSERT_LE(0, fd);
	port = local_port(fd);
	close(fd);
	fd = bound_sock(self->family, "0.0.0.0", port, false);
	EXPECT_LE(0, fd);
	close(fd);
	/* A listener that never had a connection leaves nothing behind. */
	fd = listener(self->family, self->addr, &port);
	ASSERT_LE(0, fd);
	close(fd);
	fd = bound_sock(self->family, self->addr, port, false);
	EXPECT_LE(0, fd);
	close(fd);
}

/*
 * The end that closes first waits in TIME-WAIT, and the port stays taken
 * (inet_bind_conflict() walks the TIME-WAIT sockets of the bucket too):
 * bind() fails unless both the new socket and the one that closed set
 * SO_REUSEADDR. The closed socket's setting is its listener's.
 */
TEST_F(tcp, time_wait_holds_port)
{
	int reuse, l, c, s, port, fd, st = -1;
	long end;

	for (reuse = 0; reuse < 2; reuse++) {
		l = bound_sock(self->family, self->addr, 0, reuse);
		ASSERT_LE(0, l);
		ASSERT_EQ(0, listen(l, 4));
		port = local_port(l);
		c = connect_to(self->family, self->addr, port);
		ASSERT_LE(0, c);
		s = accept_wait(l);
		ASSERT_LE(0, s);
		/* An accepted socket has its listener's SO_REUSEADDR. */
		EXPECT_EQ(reuse, get_int(s, SOL_SOCKET, SO_REUSEADDR));
		close(l);
		/* s closes first; c's FIN, once acknowledged, puts s's end in
		 * TIME-WAIT and c's in CLOSE.
		 */
		close(s);
		ASSERT_EQ(POLLIN, poll1(c, POLLIN, WAIT_MS) & POLLIN);
		ASSERT_EQ(0, shutdown(c, SHUT_WR));
		for (end = now_ms() + WAIT_MS; now_ms() < end; usleep(10000)) {
			st = tcp_state(c);
			if (st == TCP_CLOSE)
				break;
		}
		ASSERT_EQ(TCP_CLOSE, st);

		errno = 0;
		fd = bound_sock(self->family, self->addr, port, false);
		EXPECT_EQ(-1, fd);
		EXPECT_EQ(EADDRINUSE, errno);
		if (fd >= 0)
			close(fd);
		errno = 0;
		fd = bound_sock(self->family, self->addr, port, true);
		if (reuse) {
			EXPECT_LE(0, fd);
			/* It may listen, and takes a new connection. */
			EXPECT_EQ(0, listen(fd, 4));
			l = connect_to(self->family, self->addr, port);
			EXPECT_LE(0, l);
			if (l >= 0)
				close(l);
		} else {
			EXPECT_EQ(-1, fd);
			EXPECT_EQ(EADDRINUSE, errno);
		}
		if (fd >= 0)
			close(fd);
		close(c);
	}
}

/*
 * Closes @c first, so that its end (addr:cport -> addr:port) is left in
 * TIME-WAIT; @s is the accepted peer. Returns @c's state before close():
 * TCP_CLOSE, a TIME-WAIT minisock having taken the 4-tuple over.
 */
static int active_close(int c, int s)
{
	char b;

	if (shutdown(c, SHUT_WR) || !(poll1(s, POLLIN, WAIT_MS) & POLLIN) ||
	    recv(s, &b, 1, 0) != 0)
		return -1;
	close(s);
	/* POLLHUP too: both directions are shut down. */
	if (!(poll1(c, POLLIN, WAIT_MS) & POLLIN) || recv(c, &b, 1, 0) != 0)
		return -1;
	usleep(50 * 1000);
	return tcp_state(c);
}

/*
 * connect() over a 4-tuple in TIME-WAIT (the old connection had
 * timestamps): from a port bind() gave, at once; from a drawn port only
 * under tcp_tw_reuse = 1, and a second after the last timestamp.
 */
TEST_F(tcp, time_wait_connect_takeover)
{
	bool xtcp = variant->xtcp;
	int l, c, s, port, cport;
	struct sockaddr_in a;

	l = listener(self->family, self->addr, &port);
	ASSERT_LE(0, l);
	a = sa(self->family, self->addr, port);

	/* A bound port: SO_REUSEADDR binds it, connect() takes it over. */
	c = bound_sock(self->family, self->addr, 0, true);
	ASSERT_LE(0, c);
	cport = local_port(c);
	ASSERT_EQ(0, connect(c, SA(a), sizeof(a)));
	s = accept_wait(l);
	ASSERT_LE(0, s);
	ASSERT_EQ(TCP_CLOSE, active_close(c, s));
	close(c);
	c = bound_sock(self->family, self->addr, cport, true);
	ASSERT_LE(0, c);
	EXPECT_EQ(0, connect(c, SA(a), sizeof(a)));
	s = accept_wait(l);
	EXPECT_LE(0, s);
	ASSERT_EQ(TCP_CLOSE, active_close(c, s));
	close(c);

	/* A drawn port: the range is one port (outside the default range,
	 * so no other socket here has it), its 4-tuple in TIME-WAIT after a
	 * connection from it. (A port bind() gave is never drawn while its
	 * TIME-WAIT holds it.)
	 */
	ASSERT_EQ(0, port_range_set(xtcp, 61000, 61000));
	ASSERT_EQ(0, sysctl_set(xtcp, "tcp_tw_reuse", "0"));
	c = tcp_sock(self->family);
	ASSERT_LE(0, c);
	ASSERT_EQ(0, connect(c, SA(a), sizeof(a)));
	EXPECT_EQ(61000, local_port(c));
	s = accept_wait(l);
	ASSERT_LE(0, s);
	ASSERT_EQ(TCP_CLOSE, active_close(c, s));
	close(c);
	c = tcp_sock(self->family);
	ASSERT_LE(0, c);
	EXPECT_EQ(-1, connect(c, SA(a), sizeof(a)));
	EXPECT_EQ(EADDRNOTAVAIL, errno);
	close(c);
	ASSERT_EQ(0, sysctl_set(xtcp, "tcp_tw_reuse", "1"));
	usleep(1100 * 1000);
	c = tcp_sock(self->family);
	ASSERT_LE(0, c);
	EXPECT_EQ(0, connect(c, SA(a), sizeof(a)));
	EXPECT_EQ(61000, local_port(c));
	s = accept_wait(l);
	EXPECT_LE(0, s);
	if (s >= 0) {
		EXPECT_EQ(3, send(c, "abc", 3, 0));
		EXPECT_EQ(POLLIN, poll1(s, POLLIN, WAIT_MS));
		close(s);
	}
	close(c);
	close(l);
}

TEST_F(tcp, bind_wrong_family)
{
	struct sockaddr_in a = sa(AF_APPLETALK, "0.0.0.0", 0);
	int fd = tcp_sock(self->family);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, bind(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EAFNOSUPPORT, errno);
	/* AF_UNSPEC passes for INADDR_ANY only (inet_bind's compat game). */
	a = sa(AF_UNSPEC, self->addr, 0);
	EXPECT_EQ(-1, bind(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EAFNOSUPPORT, errno);
	a = sa(AF_UNSPEC, "0.0.0.0", 0);
	EXPECT_EQ(0, bind(fd, SA(a), sizeof(a)));
	close(fd);
}

TEST_F(tcp, short_addrlen_einval)
{
	struct sockaddr_in a = sa(self->family, "0.0.0.0", 0);
	int fd = tcp_sock(self->family);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, bind(fd, SA(a), sizeof(a) - 1));
	EXPECT_EQ(EINVAL, errno);
	a = sa(self->family, self->addr, 9);
	EXPECT_EQ(-1, connect(fd, SA(a), 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a) - 1));
	EXPECT_EQ(EINVAL, errno);
	a = sa(AF_APPLETALK, self->addr, 9);
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EAFNOSUPPORT, errno);
	/* None of it bound the socket. */
	EXPECT_EQ(0, local_port(fd));
	close(fd);
}

/* Local, broadcast and multicast addresses are bindable; others not. */
TEST_F(tcp, bind_nonlocal_eaddrnotavail)
{
	struct sockaddr_in a = sa(self->family, NONLOCAL_ADDR, 0);
	int fd = tcp_sock(self->family);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, bind(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EADDRNOTAVAIL, errno);
	a = sa(self->family, "255.255.255.255", 0);
	EXPECT_EQ(0, bind(fd, SA(a), sizeof(a)));
	close(fd);
	fd = tcp_sock(self->family);
	ASSERT_LE(0, fd);
	a = sa(self->family, "224.0.0.1", 0);
	EXPECT_EQ(0, bind(fd, SA(a), sizeof(a)));
	close(fd);
}

TEST_F(tcp, getname_unbound)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = tcp_sock(self->family);

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

/* --- listen and accept */

TEST_F(tcp, listen_autobinds)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = tcp_sock(self->family), port, c;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, listen(fd, 1));
	EXPECT_EQ(1, get_int(fd, SOL_SOCKET, SO_ACCEPTCONN));
	ASSERT_EQ(0, getsockname(fd, SA(a), &len));
	EXPECT_EQ(0U, a.sin_addr.s_addr);
	port = ntohs(a.sin_port);
	EXPECT_LE(32768, port);
	EXPECT_GE(60999, port);
	/* Again: the backlog changes, nothing else. */
	EXPECT_EQ(0, listen(fd, 8));
	EXPECT_EQ(port, local_port(fd));
	EXPECT_EQ(-1, getpeername(fd, SA(a), &len));
	EXPECT_EQ(ENOTCONN, errno);
	/* The wildcard listener hears the local address. */
	c = connect_to(self->family, self->addr, port);
	EXPECT_LE(0, c);
	close(c);
	close(fd);
}

/*
 * With every ephemeral port in use, listen() cannot autobind
 * (EADDRINUSE, from inet_csk_listen_start()) and connect() finds no port
 * (EADDRNOTAVAIL).
 */
TEST_F(tcp, ports_exhausted)
{
	int held, fd, l, port;

	ASSERT_EQ(0, port_range_set(variant->xtcp, 40000, 40000));
	l = bound_sock(self->family, self->addr, 5000, false);
	ASSERT_LE(0, l);
	ASSERT_EQ(0, listen(l, 4));
	held = bound_sock(self->family, "0.0.0.0", 0, false);
	ASSERT_LE(0, held);
	EXPECT_EQ(40000, local_port(held));

	fd = tcp_sock(self->family);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, listen(fd, 4));
	EXPECT_EQ(EADDRINUSE, errno);
	EXPECT_EQ(0, local_port(fd));
	EXPECT_EQ(0, get_int(fd, SOL_SOCKET, SO_ACCEPTCONN));
	close(fd);
	EXPECT_EQ(-1, connect_to(self->family, self->addr, 5000));
	EXPECT_EQ(EADDRNOTAVAIL, errno);
	/* The port is free again: both work. */
	close(held);
	fd = connect_to(self->family, self->addr, 5000);
	EXPECT_LE(0, fd);
	port = local_port(fd);
	EXPECT_EQ(40000, port);
	close(fd);
	close(l);
}

/*
 * connect() shares an ephemeral port between connections whose 4-tuples
 * differ (__inet_hash_connect()), but never with bind(): with a range of
 * one port, two connections to two peer ports both get it; the same
 * 4-tuple again finds no port; bind() of it, explicit or ephemeral, fails.
 */
TEST_F(tcp, connect_shares_port)
{
	int l1, l2, c1, c2, fd;

	ASSERT_EQ(0, port_range_set(variant->xtcp, 40000, 40000));
	l1 = bound_sock(self->family, self->addr, 5001, false);
	ASSERT_LE(0, l1);
	ASSERT_EQ(0, listen(l1, 4));
	l2 = bound_sock(self->family, self->addr, 5002, false);
	ASSERT_LE(0, l2);
	ASSERT_EQ(0, listen(l2, 4));

	c1 = connect_to(self->family, self->addr, 5001);
	ASSERT_LE(0, c1);
	EXPECT_EQ(40000, local_port(c1));
	c2 = connect_to(self->family, self->addr, 5002);
	EXPECT_LE(0, c2);
	EXPECT_EQ(40000, local_port(c2));
	errno = 0;
	fd = connect_to(self->family, self->addr, 5001);
	EXPECT_EQ(-1, fd);
	EXPECT_EQ(EADDRNOTAVAIL, errno);
	if (fd >= 0)
		close(fd);

	errno = 0;
	fd = bound_sock(self->family, self->addr, 40000, false);
	EXPECT_EQ(-1, fd);
	EXPECT_EQ(EADDRINUSE, errno);
	if (fd >= 0)
		close(fd);
	errno = 0;
	fd = bound_sock(self->family, "0.0.0.0", 0, false);
	EXPECT_EQ(-1, fd);
	EXPECT_EQ(EADDRINUSE, errno);
	if (fd >= 0)
		close(fd);
	if (c2 >= 0)
		close(c2);
	close(c1);
	close(l2);
	close(l1);
}

/*
 * Two SO_REUSEPORT listeners on one port share its connections: the
 * 4-tuple's hash picks one (reuseport_select_sock()), so 32 connections
 * from random ports reach both. A socket without SO_REUSEPORT may not
 * join them. The one difference: 6.1 refuses SOL_SOCKET's SO_REUSEPORT
 * to a family other than inet, so xtcp takes XTCP_SO_REUSEPORT at
 * SOL_TCP, and SOL_SOCKET reads it back.
 */
TEST_F(tcp, reuseport_spreads)
{
	struct sockaddr_in a = sa(self->family, self->addr, 5003);
	int l[2], got[2] = { 0, 0 }, i, k, c, s;
	struct pollfd p[2];

	for (k = 0; k < 2; k++) {
		l[k] = tcp_sock(self->family);
		ASSERT_LE(0, l[k]);
		if (variant->xtcp) {
			EXPECT_EQ(-1, set_int(l[k], SOL_SOCKET, SO_REUSEPORT, 1));
			EXPECT_EQ(EOPNOTSUPP, errno);
			ASSERT_EQ(0, set_int(l[k], SOL_TCP, XTCP_SO_REUSEPORT, 1));
		} else {
			ASSERT_EQ(0, set_int(l[k], SOL_SOCKET, SO_REUSEPORT, 1));
		}
		EXPECT_EQ(1, get_int(l[k], SOL_SOCKET, SO_REUSEPORT));
		ASSERT_EQ(0, bind(l[k], SA(a), sizeof(a)));
		ASSERT_EQ(0, listen(l[k], 64));
		p[k].fd = l[k];
		p[k].events = POLLIN;
	}
	errno = 0;
	c = bound_sock(self->family, self->addr, 5003, false);
	EXPECT_EQ(-1, c);
	EXPECT_EQ(EADDRINUSE, errno);
	if (c >= 0)
		close(c);

	for (i = 0; i < 32; i++) {
		c = connect_to(self->family, self->addr, 5003);
		ASSERT_LE(0, c);
		ASSERT_EQ(1, poll(p, 2, WAIT_MS));
		k = p[0].revents & POLLIN ? 0 : 1;
		s = accept(l[k], NULL, NULL);
		EXPECT_LE(0, s);
		if (s >= 0) {
			got[k]++;
			close(s);
		}
		close(c);
	}
	TH_LOG("listener 0: %d, listener 1: %d", got[0], got[1]);
	EXPECT_EQ(32, got[0] + got[1]);
	EXPECT_LT(0, got[0]);
	EXPECT_LT(0, got[1]);
	close(l[1]);
	close(l[0]);
}

TEST_F(tcp, listen_connected_einval)
{
	int c, s;

	ASSERT_EQ(0, conn_pair(self->family, self->addr, &c, &s));
	EXPECT_EQ(-1, listen(c, 4));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, listen(s, 4));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, accept(c, NULL, NULL));
	EXPECT_EQ(EINVAL, errno);
	close(c);
	close(s);
}

TEST_F(tcp, accept_not_listening_einval)
{
	int fd = tcp_sock(self->family);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, accept(fd, NULL, NULL));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(0, fcntl(fd, F_SETFL, O_NONBLOCK));
	EXPECT_EQ(-1, accept(fd, NULL, NULL));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
}

TEST_F(tcp, accept_empty_eagain)
{
	int l, port;
	long t0;

	l = listener(self->family, self->addr, &port);
	ASSERT_LE(0, l);
	ASSERT_EQ(0, fcntl(l, F_SETFL, O_NONBLOCK));
	EXPECT_EQ(-1, accept(l, NULL, NULL));
	EXPECT_EQ(EAGAIN, errno);
	ASSERT_EQ(0, fcntl(l, F_SETFL, 0));
	ASSERT_EQ(0, set_timeo(l, SO_RCVTIMEO, 100));
	t0 = now_ms();
	EXPECT_EQ(-1, accept(l, NULL, NULL));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_LE(90, now_ms() - t0);
	close(l);
}

TEST_F(tcp, accept4_flags_and_addresses)
{
	struct sockaddr_in a, b;
	socklen_t len = sizeof(a);
	int l, c, s, port;

	l = listener(self->family, self->addr, &port);
	ASSERT_LE(0, l);
	c = connect_to(self->family, self->addr, port);
	ASSERT_LE(0, c);
	ASSERT_EQ(POLLIN, poll1(l, POLLIN, WAIT_MS));
	memset(&a, 0xa5, sizeof(a));
	s = accept4(l, SA(a), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
	ASSERT_LE(0, s);
	EXPECT_TRUE(fcntl(s, F_GETFL) & O_NONBLOCK);
	EXPECT_TRUE(fcntl(s, F_GETFD) & FD_CLOEXEC);
	/* The peer address is the connecting end's own name. */
	EXPECT_EQ(sizeof(a), len);
	EXPECT_EQ(self->family, a.sin_family);
	len = sizeof(b);
	ASSERT_EQ(0, getsockname(c, SA(b), &len));
	EXPECT_EQ(self->family, b.sin_family);
	EXPECT_EQ(b.sin_port, a.sin_port);
	EXPECT_EQ(b.sin_addr.s_addr, a.sin_addr.s_addr);
	/* Its own name is the listener's port on the address reached. */
	len = sizeof(a);
	ASSERT_EQ(0, getsockname(s, SA(a), &len));
	EXPECT_EQ(self->family, a.sin_family);
	EXPECT_EQ(htons(port), a.sin_port);
	EXPECT_EQ(b.sin_addr.s_addr, a.sin_addr.s_addr);
	len = sizeof(a);
	ASSERT_EQ(0, getpeername(c, SA(a), &len));
	EXPECT_EQ(self->family, a.sin_family);
	EXPECT_EQ(htons(port), a.sin_port);
	EXPECT_EQ(1, get_int(l, SOL_SOCKET, SO_ACCEPTCONN));
	EXPECT_EQ(0, get_int(s, SOL_SOCKET, SO_ACCEPTCONN));
	/* accept4() with flags it does not know. */
	EXPECT_EQ(-1, accept4(l, NULL, NULL, 0x40000000));
	EXPECT_EQ(EINVAL, errno);
	close(c);
	close(s);
	close(l);
}

/* listen(fd, 0) takes one connection (sk_acceptq_is_full() is ">"). */
TEST_F(tcp, listen_backlog_zero)
{
	struct sockaddr_in a;
	int l, c1, c2, port;

	l = listener(self->family, self->addr, &port);
	ASSERT_LE(0, l);
	ASSERT_EQ(0, listen(l, 0));
	c1 = connect_to(self->family, self->addr, port);
	ASSERT_LE(0, c1);
	ASSERT_EQ(POLLIN, poll1(l, POLLIN, WAIT_MS));
	/* The queue is full: the next SYN is dropped, and retried later. */
	c2 = socket(self->family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ASSERT_LE(0, c2);
	a = sa(self->family, self->addr, port);
	EXPECT_EQ(-1, connect(c2, SA(a), sizeof(a)));
	EXPECT_EQ(EINPROGRESS, errno);
	EXPECT_EQ(0, poll1(c2, POLLOUT, 300));
	EXPECT_EQ(TCP_SYN_SENT, tcp_state(c2));
	close(c1);
	close(c2);
	close(l);
}

/* shutdown() of a listener: SHUT_WR does nothing, SHUT_RD stops it. */
TEST_F(tcp, shutdown_listener)
{
	int l, c, port;

	port = 5001;	/* explicitly, so it stays (SOCK_BINDPORT_LOCK) */
	l = bound_sock(self->family, self->addr, port, false);
	ASSERT_LE(0, l);
	ASSERT_EQ(0, listen(l, 4));
	EXPECT_EQ(0, shutdown(l, SHUT_WR));
	EXPECT_EQ(1, get_int(l, SOL_SOCKET, SO_ACCEPTCONN));
	EXPECT_EQ(0, shutdown(l, SHUT_RDWR));
	EXPECT_EQ(0, get_int(l, SOL_SOCKET, SO_ACCEPTCONN));
	EXPECT_EQ(TCP_CLOSE, tcp_state(l));
	EXPECT_EQ(-1, accept(l, NULL, NULL));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, connect_to(self->family, self->addr, port));
	EXPECT_EQ(ECONNREFUSED, errno);
	/* It kept its port. */
	EXPECT_EQ(port, local_port(l));
	c = bound_sock(self->family, self->addr, port, false);
	EXPECT_EQ(-1, c);
	EXPECT_EQ(EADDRINUSE, errno);
	close(l);
}

/* --- connect */

TEST_F(tcp, lo_connect_accept)
{
	int c, s;
	char buf[8];

	ASSERT_EQ(0, conn_pair(self->family, self->addr, &c, &s));
	EXPECT_EQ(TCP_ESTABLISHED, tcp_state(c));
	EXPECT_EQ(TCP_ESTABLISHED, tcp_state(s));
	EXPECT_EQ(5, send(c, "hello", 5, 0));
	EXPECT_EQ(5, recv(s, buf, sizeof(buf), 0));
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
	EXPECT_EQ(3, send(s, "bye", 3, 0));
	EXPECT_EQ(3, recv(c, buf, sizeof(buf), 0));
	EXPECT_EQ(0, memcmp(buf, "bye", 3));
	close(c);
	close(s);
}

TEST_F(tcp, connect_refused_then_again)
{
	struct sockaddr_in a;
	int fd, l, port;

	fd = bound_sock(self->family, self->addr, 0, false);
	ASSERT_LE(0, fd);
	port = local_port(fd);
	close(fd);
	fd = tcp_sock(self->family);
	ASSERT_LE(0, fd);
	a = sa(self->family, self->addr, port);
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(ECONNREFUSED, errno);
	EXPECT_EQ(0, get_int(fd, SOL_SOCKET, SO_ERROR));
	EXPECT_EQ(TCP_CLOSE, tcp_state(fd));
	/* The port is given up, but getsockname() still shows it. */
	EXPECT_NE(0, local_port(fd));
	/* Refused is not the end of the socket. */
	l = listener(self->family, self->addr, &port);
	ASSERT_LE(0, l);
	a = sa(self->family, self->addr, port);
	EXPECT_EQ(0, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EISCONN, errno);
	/* Nor may a connected socket be bound. */
	EXPECT_EQ(-1, bind(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
	close(l);
}

/*
 * A non-blocking connect: EINPROGRESS, then a second connect() answers
 * for the outcome: 0 once it is established, EISCONN after that.
 */
TEST_F(tcp, connect_nonblocking_done)
{
	struct sockaddr_in a;
	int fd, l, port;

	l = listener(self->family, self->addr, &port);
	ASSERT_LE(0, l);
	fd = socket(self->family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ASSERT_LE(0, fd);
	a = sa(self->family, self->addr, port);
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EINPROGRESS, errno);
	EXPECT_EQ(POLLOUT, poll1(fd, POLLOUT, WAIT_MS));
	EXPECT_EQ(0, get_int(fd, SOL_SOCKET, SO_ERROR));
	EXPECT_EQ(0, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EISCONN, errno);
	close(fd);
	close(l);
}

/* The same to a closed port: the second connect() reports the refusal. */
TEST_F(tcp, connect_nonblocking_refused)
{
	struct sockaddr_in a;
	int fd, port, n;

	fd = bound_sock(self->family, self->addr, 0, false);
	ASSERT_LE(0, fd);
	port = local_port(fd);
	close(fd);
	fd = socket(self->family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ASSERT_LE(0, fd);
	a = sa(self->family, self->addr, port);
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EINPROGRESS, errno);
	EXPECT_EQ(POLLOUT | POLLERR | POLLHUP,
		  poll1(fd, POLLOUT, WAIT_MS));
	n = -1;
	EXPECT_EQ(0, ioctl(fd, SIOCINQ, &n));
	EXPECT_EQ(0, n);
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(ECONNREFUSED, errno);
	EXPECT_EQ(0, get_int(fd, SOL_SOCKET, SO_ERROR));
	close(fd);

	/* Read through SO_ERROR first, connect() has only ECONNABORTED. */
	fd = socket(self->family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EINPROGRESS, errno);
	EXPECT_NE(0, poll1(fd, POLLOUT, WAIT_MS) & POLLERR);
	EXPECT_EQ(ECONNREFUSED, get_int(fd, SOL_SOCKET, SO_ERROR));
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(ECONNABORTED, errno);
	close(fd);
}

/* A SYN nobody answers: EALREADY, no POLLOUT, no peer name yet. */
TEST_F(tcp, connect_pending)
{
	struct sockaddr_in a = sa(self->family, SILENT_PEER, 9);
	socklen_t len = sizeof(a);
	int fd, l, port, sport, n = -1;
	long t0;

	fd = socket(self->family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EINPROGRESS, errno);
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EALREADY, errno);
	EXPECT_EQ(TCP_SYN_SENT, tcp_state(fd));
	EXPECT_EQ(0, poll1(fd, POLLIN | POLLOUT, 100));
	EXPECT_EQ(-1, getpeername(fd, SA(a), &len));
	EXPECT_EQ(ENOTCONN, errno);
	EXPECT_EQ(0, get_int(fd, SOL_SOCKET, SO_ERROR));
	EXPECT_EQ(0, ioctl(fd, SIOCOUTQ, &n));
	EXPECT_EQ(0, n);
	EXPECT_EQ(-1, send(fd, "x", 1, 0));
	EXPECT_EQ(EAGAIN, errno);
	sport = local_port(fd);
	EXPECT_NE(0, sport);
	/* shutdown() in SYN-SENT drops the attempt; the socket is new again,
	 * but getsockname() still shows the port it had (inet_sport).
	 */
	EXPECT_EQ(0, shutdown(fd, SHUT_RDWR));
	EXPECT_EQ(TCP_CLOSE, tcp_state(fd));
	EXPECT_EQ(sport, local_port(fd));
	l = listener(self->family, self->addr, &port);
	ASSERT_LE(0, l);
	a = sa(self->family, self->addr, port);
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EINPROGRESS, errno);
	EXPECT_EQ(POLLOUT, poll1(fd, POLLOUT, WAIT_MS));
	close(fd);
	close(l);

	/* Blocking, SO_SNDTIMEO ends the wait with EINPROGRESS. */
	fd = tcp_sock(self->family);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, set_timeo(fd, SO_SNDTIMEO, 100));
	a = sa(self->family, SILENT_PEER, 9);
	t0 = now_ms();
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EINPROGRESS, errno);
	EXPECT_LE(90, now_ms() - t0);
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EALREADY, errno);
	close(fd);
}

/* --- signals: a blocking call ends in EINTR, or restarts under SA_RESTART */

/* SIGALRM handler runs, through atomics (no volatile). */
static int alarms;

static int alarm_count(void)
{
	return __atomic_load_n(&alarms, __ATOMIC_SEQ_CST);
}

static void on_alarm(int sig)
{
	(void)sig;
	__atomic_add_fetch(&alarms, 1, __ATOMIC_SEQ_CST);
}

/* SIGALRM in @ms, @handler installed with @flags (0 or SA_RESTART). */
static void alarm_with(void (*handler)(int), int ms, int flags)
{
	struct sigaction act = { .sa_handler = handler, .sa_flags = flags };
	struct itimerval it = {
		.it_value = { .tv_sec = ms / 1000, .tv_usec = ms % 1000 * 1000 },
	};

	sigemptyset(&act.sa_mask);
	sigaction(SIGALRM, &act, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

static void alarm_in(int ms, int flags)
{
	alarm_with(on_alarm, ms, flags);
}

/* Counts, then arms a second SIGALRM in 200 ms that interrupts. */
static void on_alarm_rearm(int sig)
{
	(void)sig;
	__atomic_add_fetch(&alarms, 1, __ATOMIC_SEQ_CST);
	alarm_with(on_alarm, 200, 0);
}

TEST_F(tcp, signal_eintr)
{
	struct sockaddr_in a = sa(self->family, SILENT_PEER, 9);
	int l, port, c, s, fd;
	char buf[8];
	long t0;

	__atomic_store_n(&alarms, 0, __ATOMIC_SEQ_CST);
	l = listener(self->family, self->addr, &port);
	ASSERT_LE(0, l);
	alarm_in(100, 0);
	t0 = now_ms();
	EXPECT_EQ(-1, accept(l, NULL, NULL));
	EXPECT_EQ(EINTR, errno);
	EXPECT_LE(90, now_ms() - t0);
	EXPECT_EQ(1, alarm_count());

	ASSERT_EQ(0, conn_pair(self->family, self->addr, &c, &s));
	alarm_in(100, 0);
	EXPECT_EQ(-1, recv(c, buf, sizeof(buf), 0));
	EXPECT_EQ(EINTR, errno);
	EXPECT_EQ(2, alarm_count());
	/* With SO_RCVTIMEO the wait is not restarted: EINTR under SA_RESTART. */
	ASSERT_EQ(0, set_timeo(c, SO_RCVTIMEO, 2000));
	alarm_in(100, SA_RESTART);
	t0 = now_ms();
	EXPECT_EQ(-1, recv(c, buf, sizeof(buf), 0));
	EXPECT_EQ(EINTR, errno);
	EXPECT_GT(1500, now_ms() - t0);
	EXPECT_EQ(3, alarm_count());
	/* Data read after the interruption is all there. */
	EXPECT_EQ(3, send(s, "abc", 3, 0));
	EXPECT_EQ(3, recv(c, buf, sizeof(buf), MSG_WAITALL));
	close(c);
	close(s);

	/* An interrupted connect goes on in SYN-SENT; connect() again says
	 * EALREADY once SO_SNDTIMEO runs out.
	 */
	fd = tcp_sock(self->family);
	ASSERT_LE(0, fd);
	alarm_in(100, 0);
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EINTR, errno);
	EXPECT_EQ(4, alarm_count());
	EXPECT_EQ(TCP_SYN_SENT, tcp_state(fd));
	ASSERT_EQ(0, set_timeo(fd, SO_SNDTIMEO, 200));
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EALREADY, errno);
	close(fd);
	close(l);
}

TEST_F(tcp, signal_restart)
{
	struct sockaddr_in a = sa(self->family, SILENT_PEER, 9);
	int l, port, fd, status;
	pid_t pid;
	long t0;

	__atomic_store_n(&alarms, 0, __ATOMIC_SEQ_CST);
	/* accept() restarts: the connection that comes 400 ms later is it. */
	l = listener(self->family, self->addr, &port);
	ASSERT_LE(0, l);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		usleep(400 * 1000);
		fd = connect_to(self->family, self->addr, port);
		_exit(fd < 0);
	}
	alarm_in(100, SA_RESTART);
	t0 = now_ms();
	fd = accept(l, NULL, NULL);
	EXPECT_LE(0, fd);
	EXPECT_LE(300, now_ms() - t0);
	EXPECT_EQ(1, alarm_count());
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, status);
	close(fd);
	close(l);

	/* connect() restarts too: only the second signal, whose handler is
	 * installed without SA_RESTART by the first one, ends it.
	 */
	fd = tcp_sock(self->family);
	ASSERT_LE(0, fd);
	alarm_with(on_alarm_rearm, 100, SA_RESTART);
	t0 = now_ms();
	EXPECT_EQ(-1, connect(fd, SA(a), sizeof(a)));
	EXPECT_EQ(EINTR, errno);
	EXPECT_LE(280, now_ms() - t0);
	EXPECT_EQ(3, alarm_count());
	EXPECT_EQ(TCP_SYN_SENT, tcp_state(fd));
	close(fd);
}

/* --- calls on a socket that is not connected */

TEST_F(tcp, send_unconnected_epipe)
{
	struct sockaddr_in a = sa(self->family, self->addr, 9);
	int fd = tcp_sock(self->family), l, port;

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, send(fd, "x", 1, MSG_NOSIGNAL));
	EXPECT_EQ(EPIPE, errno);
	EXPECT_EQ(-1, send(fd, "x", 1, 0));	/* SIGPIPE ignored */
	EXPECT_EQ(EPIPE, errno);
	EXPECT_EQ(-1, sendto(fd, "x", 1, MSG_NOSIGNAL, SA(a), sizeof(a)));
	EXPECT_EQ(EPIPE, errno);
	/* No autobind (no_autobind). */
	EXPECT_EQ(0, local_port(fd));
	close(fd);
	l = listener(self->family, self->addr, &port);
	ASSERT_LE(0, l);
	EXPECT_EQ(-1, send(l, "x", 1, MSG_NOSIGNAL));
	EXPECT_EQ(EPIPE, errno);
	close(l);
}

TEST_F(tcp, recv_unconnected_enotconn)
{
	int fd = tcp_sock(self->family), l, port;
	char buf[8];

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, recv(fd, buf, sizeof(buf), 0));
	EXPECT_EQ(ENOTCONN, errno);
	EXPECT_EQ(-1, recv(fd, buf, sizeof(buf), MSG_DONTWAIT));
	EXPECT_EQ(ENOTCONN, errno);
	EXPECT_EQ(-1, recv(fd, buf, sizeof(buf), MSG_ERRQUEUE));
	EXPECT_EQ(EAGAIN, errno);
	close(fd);
	l = listener(self->family, self->addr, &port);
	ASSERT_LE(0, l);
	EXPECT_EQ(-1, recv(l, buf, sizeof(buf), MSG_DONTWAIT));
	EXPECT_EQ(ENOTCONN, errno);
	close(l);
}

/* shutdown() of a new socket: ENOTCONN, yet the flags stay (inet_shutdown). */
TEST_F(tcp, shutdown_unconnected)
{
	int fd = tcp_sock(self->family);

	ASSERT_LE(0, fd);
	EXPECT_EQ(POLLOUT | POLLHUP, poll1(fd, POLLIN | POLLOUT | POLLRDHUP, 0));
	EXPECT_EQ(-1, shutdown(fd, 7));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, shutdown(fd, -1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, shutdown(fd, SHUT_RD));
	EXPECT_EQ(ENOTCONN, errno);
	EXPECT_EQ(POLLIN | POLLOUT | POLLHUP | POLLRDHUP,
		  poll1(fd, POLLIN | POLLOUT | POLLRDHUP, 0));
	EXPECT_EQ(-1, shutdown(fd, SHUT_RDWR));
	EXPECT_EQ(ENOTCONN, errno);
	close(fd);
}

/* --- data */

/* SHUT_WR: our sends fail with EPIPE, the peer reads EOF, we still read. */
TEST_F(tcp, shut_wr_epipe_peer_eof)
{
	int c, s;
	char buf[8];

	ASSERT_EQ(0, conn_pair(self->family, self->addr, &c, &s));
	ASSERT_EQ(0, set_timeo(s, SO_RCVTIMEO, WAIT_MS));
	ASSERT_EQ(0, set_timeo(c, SO_RCVTIMEO, WAIT_MS));
	EXPECT_EQ(2, send(c, "ab", 2, 0));
	EXPECT_EQ(0, shutdown(c, SHUT_WR));
	EXPECT_EQ(-1, send(c, "x", 1, MSG_NOSIGNAL));
	EXPECT_EQ(EPIPE, errno);
	EXPECT_EQ(POLLOUT, poll1(c, POLLIN | POLLOUT | POLLRDHUP, 0));
	EXPECT_EQ(2, recv(s, buf, sizeof(buf), 0));
	EXPECT_EQ(0, recv(s, buf, sizeof(buf), 0));
	EXPECT_EQ(0, recv(s, buf, sizeof(buf), 0));
	EXPECT_EQ(POLLIN | POLLOUT | POLLRDHUP,
		  poll1(s, POLLIN | POLLOUT | POLLRDHUP, 0));
	EXPECT_EQ(TCP_CLOSE_WAIT, tcp_state(s));
	/* The other direction is open; its data acks our FIN. */
	EXPECT_EQ(3, send(s, "xyz", 3, 0));
	EXPECT_EQ(3, recv(c, buf, sizeof(buf), 0));
	EXPECT_EQ(TCP_FIN_WAIT2, tcp_state(c));
	EXPECT_EQ(0, shutdown(c, SHUT_WR));	/* again: no error */
	EXPECT_EQ(0, shutdown(s, SHUT_WR));
	EXPECT_EQ(0, recv(c, buf, sizeof(buf), 0));
	/* TIME-WAIT went to a minisock; the socket itself is closed. */
	EXPECT_EQ(TCP_CLOSE, tcp_state(c));
	close(c);
	close(s);
}

TEST_F(tcp, recv_flags)
{
	char buf[16];
	int c, s, n;
	long t0;

	ASSERT_EQ(0, conn_pair(self->family, self->addr, &c, &s));
	EXPECT_EQ(-1, recv(s, buf, sizeof(buf), MSG_DONTWAIT));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(-1, recv(s, buf, sizeof(buf), MSG_OOB));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(6, send(c, "abcdef", 6, 0));
	ASSERT_EQ(POLLIN, poll1(s, POLLIN, WAIT_MS));
	/* Peek leaves the data, twice. */
	EXPECT_EQ(3, recv(s, buf, 3, MSG_PEEK));
	EXPECT_EQ(0, memcmp(buf, "abc", 3));
	EXPECT_EQ(6, recv(s, buf, sizeof(buf), MSG_PEEK));
	n = -1;
	EXPECT_EQ(0, ioctl(s, FIONREAD, &n));
	EXPECT_EQ(6, n);
	/* MSG_TRUNC reads and throws away. */
	EXPECT_EQ(2, recv(s, NULL, 2, MSG_TRUNC));
	EXPECT_EQ(4, recv(s, buf, sizeof(buf), 0));
	EXPECT_EQ(0, memcmp(buf, "cdef", 4));

	/* MSG_WAITALL waits for the rest until the timeout. */
	ASSERT_EQ(0, set_timeo(s, SO_RCVTIMEO, 200));
	EXPECT_EQ(2, send(c, "gh", 2, 0));
	t0 = now_ms();
	EXPECT_EQ(2, recv(s, buf, 8, MSG_WAITALL));
	EXPECT_LE(150, now_ms() - t0);
	/* And returns at once when all is there. */
	EXPECT_EQ(4, send(c, "ijkl", 4, 0));
	EXPECT_EQ(4, send(c, "mnop", 4, 0));
	t0 = now_ms();
	EXPECT_EQ(8, recv(s, buf, 8, MSG_WAITALL));
	EXPECT_GT(150, now_ms() - t0);
	EXPECT_EQ(0, memcmp(buf, "ijklmnop", 8));
	/* A plain recv on nothing waits out SO_RCVTIMEO. */
	t0 = now_ms();
	EXPECT_EQ(-1, recv(s, buf, sizeof(buf), 0));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_LE(150, now_ms() - t0);
	close(c);
	close(s);
}

/* close() with data unread resets (RFC 2525 2.17): the peer sees ECONNRESET. */
TEST_F(tcp, close_unread_resets)
{
	char buf[8];
	int c, s;

	ASSERT_EQ(0, conn_pair(self->family, self->addr, &c, &s));
	EXPECT_EQ(3, send(c, "abc", 3, 0));
	ASSERT_EQ(POLLIN, poll1(s, POLLIN, WAIT_MS));
	close(s);
	EXPECT_NE(0, poll1(c, 0, WAIT_MS) & POLLERR);
	EXPECT_EQ(TCP_CLOSE, tcp_state(c));
	EXPECT_EQ(-1, recv(c, buf, sizeof(buf), 0));
	EXPECT_EQ(ECONNRESET, errno);
	/* Reported once; then EOF, and sends fail. */
	EXPECT_EQ(0, recv(c, buf, sizeof(buf), 0));
	EXPECT_EQ(-1, send(c, "x", 1, MSG_NOSIGNAL));
	EXPECT_EQ(EPIPE, errno);
	EXPECT_EQ(0, get_int(c, SOL_SOCKET, SO_ERROR));
	close(c);
}

/*
 * SO_LINGER with a zero time resets at close. The peer still reads what
 * had arrived, then the reset, then EOF; poll shows the reset.
 */
TEST_F(tcp, linger_zero_resets)
{
	short all = POLLIN | POLLOUT | POLLRDHUP;
	char buf[16];
	int c, s, n;

	ASSERT_EQ(0, conn_pair(self->family, self->addr, &c, &s));
	EXPECT_EQ(5, send(c, "hello", 5, 0));
	ASSERT_EQ(POLLIN, poll1(s, POLLIN, WAIT_MS));
	ASSERT_EQ(0, reset_close(c));
	EXPECT_NE(0, poll1(s, 0, WAIT_MS) & POLLERR);
	EXPECT_EQ(POLLIN | POLLOUT | POLLRDHUP | POLLERR | POLLHUP,
		  poll1(s, all, 0));
	n = -1;
	EXPECT_EQ(0, ioctl(s, SIOCINQ, &n));
	EXPECT_EQ(5, n);
	EXPECT_EQ(5, recv(s, buf, sizeof(buf), 0));
	EXPECT_EQ(-1, recv(s, buf, sizeof(buf), 0));
	EXPECT_EQ(ECONNRESET, errno);
	EXPECT_EQ(0, recv(s, buf, sizeof(buf), 0));
	EXPECT_EQ(POLLIN | POLLOUT | POLLRDHUP | POLLHUP, poll1(s, all, 0));
	close(s);
}

/*
 * A reset in CLOSE-WAIT is EPIPE, not ECONNRESET (tcp_reset()): the
 * peer closed, we read its FIN and then sent data it cannot take.
 */
TEST_F(tcp, reset_in_close_wait_epipe)
{
	char buf[8];
	int c, s;

	ASSERT_EQ(0, conn_pair(self->family, self->addr, &c, &s));
	ASSERT_EQ(0, set_timeo(c, SO_RCVTIMEO, WAIT_MS));
	close(s);
	EXPECT_EQ(0, recv(c, buf, sizeof(buf), 0));
	EXPECT_EQ(TCP_CLOSE_WAIT, tcp_state(c));
	EXPECT_EQ(1, send(c, "x", 1, MSG_NOSIGNAL));
	EXPECT_NE(0, poll1(c, 0, WAIT_MS) & POLLERR);
	EXPECT_EQ(EPIPE, get_int(c, SOL_SOCKET, SO_ERROR));
	EXPECT_EQ(TCP_CLOSE, tcp_state(c));
	close(c);
}

/* --- poll, epoll */

TEST_F(tcp, poll_listener_and_connected)
{
	short all = POLLIN | POLLOUT | POLLRDHUP;
	int l, c, s, port;

	l = listener(self->family, self->addr, &port);
	ASSERT_LE(0, l);
	EXPECT_EQ(0, poll1(l, all, 0));
	c = connect_to(self->family, self->addr, port);
	ASSERT_LE(0, c);
	EXPECT_EQ(POLLIN, poll1(l, all, WAIT_MS));
	s = accept(l, NULL, NULL);
	ASSERT_LE(0, s);
	EXPECT_EQ(0, poll1(l, all, 0));
	EXPECT_EQ(POLLOUT, poll1(c, all, 0));
	EXPECT_EQ(POLLOUT, poll1(s, all, 0));
	EXPECT_EQ(1, send(c, "x", 1, 0));
	EXPECT_EQ(POLLIN, poll1(s, POLLIN, WAIT_MS));
	EXPECT_EQ(POLLIN | POLLOUT, poll1(s, all, 0));
	close(c);
	close(s);
	close(l);
}

/* SO_RCVLOWAT: poll, epoll and recv wait for the mark. */
TEST_F(tcp, rcvlowat)
{
	struct epoll_event ev = { .events = EPOLLIN }, out;
	int c, s, ep, rmem[3];
	char buf[2000];
	FILE *f;

	ASSERT_EQ(0, conn_pair(self->family, self->addr, &c, &s));
	ASSERT_EQ(0, set_int(s, SOL_SOCKET, SO_RCVLOWAT, 1000));
	EXPECT_EQ(1000, get_int(s, SOL_SOCKET, SO_RCVLOWAT));
	ep = epoll_create1(0);
	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(500, send(c, buf, 500, 0));
	/* 500 bytes wait below the mark. */
	EXPECT_EQ(0, poll1(s, POLLIN, 300));
	EXPECT_EQ(0, epoll_wait(ep, &out, 1, 0));
	EXPECT_EQ(600, send(c, buf, 600, 0));
	EXPECT_EQ(POLLIN, poll1(s, POLLIN, WAIT_MS));
	EXPECT_EQ(1, epoll_wait(ep, &out, 1, WAIT_MS));
	/* recv() takes what there is up to its length, the mark met. */
	EXPECT_EQ(1100, recv(s, buf, sizeof(buf), 0));
	/* A blocking recv() waits for the mark, not the first byte. */
	EXPECT_EQ(10, send(c, buf, 10, 0));
	ASSERT_EQ(0, set_timeo(s, SO_RCVTIMEO, 300));
	EXPECT_EQ(10, recv(s, buf, sizeof(buf), 0));
	/* Mark 1 again: any byte is readable. */
	ASSERT_EQ(0, set_int(s, SOL_SOCKET, SO_RCVLOWAT, 0));
	EXPECT_EQ(1, get_int(s, SOL_SOCKET, SO_RCVLOWAT));
	EXPECT_EQ(1, send(c, buf, 1, 0));
	EXPECT_EQ(POLLIN, poll1(s, POLLIN, WAIT_MS));
	/* A mark above half of tcp_rmem[2] is cut to it, and the receive
	 * buffer grows to twice the mark.
	 */
	f = fopen("/proc/sys/net/ipv4/tcp_rmem", "r");
	ASSERT_NE(NULL, f);
	ASSERT_EQ(3, fscanf(f, "%d %d %d", &rmem[0], &rmem[1], &rmem[2]));
	fclose(f);
	ASSERT_EQ(0, set_int(s, SOL_SOCKET, SO_RCVLOWAT, 1 << 30));
	EXPECT_EQ(rmem[2] / 2, get_int(s, SOL_SOCKET, SO_RCVLOWAT));
	EXPECT_EQ(rmem[2] / 2 * 2, get_int(s, SOL_SOCKET, SO_RCVBUF));
	close(ep);
	close(c);
	close(s);
}

TEST_F(tcp, epoll_edge_triggered)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET }, out;
	int c, s, ep;
	char buf[8];

	ASSERT_EQ(0, conn_pair(self->family, self->addr, &c, &s));
	ep = epoll_create1(0);
	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
	EXPECT_EQ(0, epoll_wait(ep, &out, 1, 0));
	EXPECT_EQ(1, send(c, "a", 1, 0));
	EXPECT_EQ(1, epoll_wait(ep, &out, 1, WAIT_MS));
	EXPECT_EQ(EPOLLIN, out.events);
	/* Nothing new: no event, although data is queued. */
	EXPECT_EQ(0, epoll_wait(ep, &out, 1, 50));
	/* More data is a new edge. */
	EXPECT_EQ(1, send(c, "b", 1, 0));
	EXPECT_EQ(1, epoll_wait(ep, &out, 1, WAIT_MS));
	EXPECT_EQ(2, recv(s, buf, sizeof(buf), 0));
	/* The peer's FIN is one too. */
	EXPECT_EQ(0, shutdown(c, SHUT_WR));
	EXPECT_EQ(1, epoll_wait(ep, &out, 1, WAIT_MS));
	EXPECT_EQ(EPOLLIN, out.events);
	close(ep);
	close(c);
	close(s);
}

/* --- SOL_TCP options */

TEST_F(tcp, opt_nodelay_cork)
{
	int fd = tcp_sock(self->family);
	socklen_t len;
	char c = 1;

	ASSERT_LE(0, fd);
	EXPECT_EQ(0, get_int(fd, SOL_TCP, TCP_NODELAY));
	EXPECT_EQ(0, get_int(fd, SOL_TCP, TCP_CORK));
	EXPECT_EQ(0, set_int(fd, SOL_TCP, TCP_NODELAY, 5));
	EXPECT_EQ(1, get_int(fd, SOL_TCP, TCP_NODELAY));
	EXPECT_EQ(0, set_int(fd, SOL_TCP, TCP_CORK, 1));
	EXPECT_EQ(1, get_int(fd, SOL_TCP, TCP_CORK));
	EXPECT_EQ(0, set_int(fd, SOL_TCP, TCP_CORK, 0));
	EXPECT_EQ(0, get_int(fd, SOL_TCP, TCP_CORK));
	EXPECT_EQ(0, set_int(fd, SOL_TCP, TCP_NODELAY, 0));
	EXPECT_EQ(0, get_int(fd, SOL_TCP, TCP_NODELAY));
	/* Shorter than an int. */
	EXPECT_EQ(-1, setsockopt(fd, SOL_TCP, TCP_NODELAY, &c, 1));
	EXPECT_EQ(EINVAL, errno);
	/* Read into one byte; a negative length is EINVAL. */
	len = 1;
	c = 7;
	EXPECT_EQ(0, getsockopt(fd, SOL_TCP, TCP_NODELAY, &c, &len));
	EXPECT_EQ(1, len);
	EXPECT_EQ(0, c);
	len = -1;
	EXPECT_EQ(-1, getsockopt(fd, SOL_TCP, TCP_NODELAY, &c, &len));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
}

TEST_F(tcp, opt_maxseg)
{
	int fd = tcp_sock(self->family), c, s;

	ASSERT_LE(0, fd);
	EXPECT_EQ(536, get_int(fd, SOL_TCP, TCP_MAXSEG));
	EXPECT_EQ(-1, set_int(fd, SOL_TCP, TCP_MAXSEG, 87));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, set_int(fd, SOL_TCP, TCP_MAXSEG, 32768));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, set_int(fd, SOL_TCP, TCP_MAXSEG, -1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, set_int(fd, SOL_TCP, TCP_MAXSEG, 88));
	EXPECT_EQ(88, get_int(fd, SOL_TCP, TCP_MAXSEG));
	EXPECT_EQ(0, set_int(fd, SOL_TCP, TCP_MAXSEG, 32767));
	EXPECT_EQ(32767, get_int(fd, SOL_TCP, TCP_MAXSEG));
	EXPECT_EQ(0, set_int(fd, SOL_TCP, TCP_MAXSEG, 0));
	EXPECT_EQ(536, get_int(fd, SOL_TCP, TCP_MAXSEG));
	close(fd);

	/* Connected, the MSS in use. */
	ASSERT_EQ(0, conn_pair(self->family, self->addr, &c, &s));
	EXPECT_LT(536, get_int(c, SOL_TCP, TCP_MAXSEG));
	close(c);
	close(s);
}

TEST_F(tcp, opt_keepalive_ranges)
{
	int fd = tcp_sock(self->family);

	ASSERT_LE(0, fd);
	EXPECT_EQ(7200, get_int(fd, SOL_TCP, TCP_KEEPIDLE));
	EXPECT_EQ(75, get_int(fd, SOL_TCP, TCP_KEEPINTVL));
	EXPECT_EQ(9, get_int(fd, SOL_TCP, TCP_KEEPCNT));
	EXPECT_EQ(-1, set_int(fd, SOL_TCP, TCP_KEEPIDLE, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, set_int(fd, SOL_TCP, TCP_KEEPIDLE, 32768));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, set_int(fd, SOL_TCP, TCP_KEEPIDLE, 32767));
	EXPECT_EQ(32767, get_int(fd, SOL_TCP, TCP_KEEPIDLE));
	EXPECT_EQ(-1, set_int(fd, SOL_TCP, TCP_KEEPINTVL, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, set_int(fd, SOL_TCP, TCP_KEEPINTVL, 32768));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, set_int(fd, SOL_TCP, TCP_KEEPINTVL, 1));
	EXPECT_EQ(1, get_int(fd, SOL_TCP, TCP_KEEPINTVL));
	EXPECT_EQ(-1, set_int(fd, SOL_TCP, TCP_KEEPCNT, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, set_int(fd, SOL_TCP, TCP_KEEPCNT, 128));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, set_int(fd, SOL_TCP, TCP_KEEPCNT, 127));
	EXPECT_EQ(127, get_int(fd, SOL_TCP, TCP_KEEPCNT));
	EXPECT_EQ(0, set_int(fd, SOL_SOCKET, SO_KEEPALIVE, 1));
	EXPECT_EQ(1, get_int(fd, SOL_SOCKET, SO_KEEPALIVE));
	close(fd);
}

TEST_F(tcp, opt_user_timeout)
{
	int fd = tcp_sock(self->family);

	ASSERT_LE(0, fd);
	EXPECT_EQ(0, get_int(fd, SOL_TCP, TCP_USER_TIMEOUT));
	EXPECT_EQ(-1, set_int(fd, SOL_TCP, TCP_USER_TIMEOUT, -1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, set_int(fd, SOL_TCP, TCP_USER_TIMEOUT, 1500));
	EXPECT_EQ(1500, get_int(fd, SOL_TCP, TCP_USER_TIMEOUT));
	EXPECT_EQ(0, set_int(fd, SOL_TCP, TCP_USER_TIMEOUT, 0));
	EXPECT_EQ(0, get_int(fd, SOL_TCP, TCP_USER_TIMEOUT));
	close(fd);
}

/*
 * TCP_CONGESTION: both default to CUBIC (the test kernel's
 * CONFIG_DEFAULT_TCP_CONG, xtcp's own default) and have "reno".
 */
TEST_F(tcp, opt_congestion)
{
	int fd = tcp_sock(self->family);
	char name[32];
	socklen_t len;

	ASSERT_LE(0, fd);
	len = sizeof(name);
	EXPECT_EQ(0, getsockopt(fd, SOL_TCP, TCP_CONGESTION, name, &len));
	EXPECT_STREQ("cubic", name);
	EXPECT_EQ(0, setsockopt(fd, SOL_TCP, TCP_CONGESTION, "reno", 4));
	len = sizeof(name);
	memset(name, 0xa5, sizeof(name));
	EXPECT_EQ(0, getsockopt(fd, SOL_TCP, TCP_CONGESTION, name, &len));
	EXPECT_EQ(16, len);			/* TCP_CA_NAME_MAX */
	EXPECT_STREQ("reno", name);
	len = 2;
	EXPECT_EQ(0, getsockopt(fd, SOL_TCP, TCP_CONGESTION, name, &len));
	EXPECT_EQ(2, len);
	EXPECT_EQ(0, memcmp(name, "re", 2));
	EXPECT_EQ(-1, setsockopt(fd, SOL_TCP, TCP_CONGESTION, "no-such-cc", 10));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, setsockopt(fd, SOL_TCP, TCP_CONGESTION, "reno", 0));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
	if (variant->xtcp) {
		/* xtcp's other two, each read back. */
		static const char *const more[] = { "newreno", "tahoe", "cubic" };
		unsigned int i;

		fd = tcp_sock(self->family);
		ASSERT_LE(0, fd);
		for (i = 0; i < 3; i++) {
			EXPECT_EQ(0, setsockopt(fd, SOL_TCP, TCP_CONGESTION,
						more[i], strlen(more[i])));
			len = sizeof(name);
			EXPECT_EQ(0, getsockopt(fd, SOL_TCP, TCP_CONGESTION,
						name, &len));
			EXPECT_STREQ(more[i], name);
		}
		close(fd);
	}
}

/* tcp_congestion_control: the namespace's default for new sockets. */
TEST_F(tcp, congestion_default)
{
	char name[16];
	socklen_t len;
	int fd;

	ASSERT_EQ(0, sysctl_set(variant->xtcp, "tcp_congestion_control", "reno"));
	fd = tcp_sock(self->family);
	len = sizeof(name);
	EXPECT_EQ(0, getsockopt(fd, SOL_TCP, TCP_CONGESTION, name, &len));
	EXPECT_STREQ("reno", name);
	close(fd);
	EXPECT_NE(0, sysctl_set(variant->xtcp, "tcp_congestion_control",
				"no-such-cc"));
	ASSERT_EQ(0, sysctl_set(variant->xtcp, "tcp_congestion_control", "cubic"));
	fd = tcp_sock(self->family);
	len = sizeof(name);
	EXPECT_EQ(0, getsockopt(fd, SOL_TCP, TCP_CONGESTION, name, &len));
	EXPECT_STREQ("cubic", name);
	close(fd);
}

/* An accepted socket has its listener's algorithm, a connecting one its own. */
TEST_F(tcp, congestion_inherited)
{
	int l, c, s, port;
	char name[16];
	socklen_t len;

	l = listener(self->family, self->addr, &port);
	ASSERT_LE(0, l);
	ASSERT_EQ(0, setsockopt(l, SOL_TCP, TCP_CONGESTION, "reno", 4));
	c = tcp_sock(self->family);
	ASSERT_LE(0, c);
	ASSERT_EQ(0, setsockopt(c, SOL_TCP, TCP_CONGESTION, "cubic", 5));
	{
		struct sockaddr_in a = sa(self->family, self->addr, port);

		ASSERT_EQ(0, connect(c, SA(a), sizeof(a)));
	}
	s = accept_wait(l);
	ASSERT_LE(0, s);
	len = sizeof(name);
	EXPECT_EQ(0, getsockopt(s, SOL_TCP, TCP_CONGESTION, name, &len));
	EXPECT_STREQ("reno", name);
	len = sizeof(name);
	EXPECT_EQ(0, getsockopt(c, SOL_TCP, TCP_CONGESTION, name, &len));
	EXPECT_STREQ("cubic", name);
	/* Changed on an open connection, it takes effect there. */
	EXPECT_EQ(0, setsockopt(s, SOL_TCP, TCP_CONGESTION, "cubic", 5));
	len = sizeof(name);
	EXPECT_EQ(0, getsockopt(s, SOL_TCP, TCP_CONGESTION, name, &len));
	EXPECT_STREQ("cubic", name);
	close(s);
	close(c);
	close(l);
}

/*
 * XTCP_RECOVERY: RACK by default, dupack and rfc6675 settable, anything
 * else EINVAL; an accepted socket has its listener's. Linux has no such
 * option: ENOPROTOOPT there, as for any unknown one.
 */
TEST_F(tcp, recovery_mode)
{
	int l, c, s, port, v;
	socklen_t len = sizeof(v);

	l = listener(self->family, self->addr, &port);
	ASSERT_LE(0, l);
	if (!variant->xtcp) {
		EXPECT_EQ(-1, getsockopt(l, SOL_TCP, XTCP_RECOVERY, &v, &len));
		EXPECT_EQ(ENOPROTOOPT, errno);
		EXPECT_EQ(-1, set_int(l, SOL_TCP, XTCP_RECOVERY,
				      XTCP_RECOVERY_DUPACK));
		EXPECT_EQ(ENOPROTOOPT, errno);
		close(l);
		return;
	}
	EXPECT_EQ(0, getsockopt(l, SOL_TCP, XTCP_RECOVERY, &v, &len));
	EXPECT_EQ(XTCP_RECOVERY_RACK, v);
	EXPECT_EQ(-1, set_int(l, SOL_TCP, XTCP_RECOVERY, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, set_int(l, SOL_TCP, XTCP_RECOVERY, 4));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(0, set_int(l, SOL_TCP, XTCP_RECOVERY, XTCP_RECOVERY_DUPACK));
	c = tcp_sock(self->family);
	ASSERT_LE(0, c);
	{
		struct sockaddr_in a = sa(self->family, self->addr, port);

		ASSERT_EQ(0, connect(c, SA(a), sizeof(a)));
	}
	s = accept_wait(l);
	ASSERT_LE(0, s);
	len = sizeof(v);
	EXPECT_EQ(0, getsockopt(s, SOL_TCP, XTCP_RECOVERY, &v, &len));
	EXPECT_EQ(XTCP_RECOVERY_DUPACK, v);
	len = sizeof(v);
	EXPECT_EQ(0, getsockopt(c, SOL_TCP, XTCP_RECOVERY, &v, &len));
	EXPECT_EQ(XTCP_RECOVERY_RACK, v);
	/* Changed on an open connection, and back. */
	EXPECT_EQ(0, set_int(c, SOL_TCP, XTCP_RECOVERY, XTCP_RECOVERY_DUPACK));
	EXPECT_EQ(0, set_int(s, SOL_TCP, XTCP_RECOVERY, XTCP_RECOVERY_RFC6675));
	len = sizeof(v);
	EXPECT_EQ(0, getsockopt(s, SOL_TCP, XTCP_RECOVERY, &v, &len));
	EXPECT_EQ(XTCP_RECOVERY_RFC6675, v);
	EXPECT_EQ(5, write(c, "hello", 5));
	{
		char buf[8];

		EXPECT_EQ(5, read(s, buf, sizeof(buf)));
	}
	close(s);
	close(c);
	close(l);
}

TEST_F(tcp, opt_unknown)
{
	int fd = tcp_sock(self->family), v;
	socklen_t len = sizeof(v);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, getsockopt(fd, SOL_TCP, 9999, &v, &len));
	EXPECT_EQ(ENOPROTOOPT, errno);
	EXPECT_EQ(-1, set_int(fd, SOL_TCP, 9999, 1));
	EXPECT_EQ(ENOPROTOOPT, errno);
	EXPECT_EQ(-1, getsockopt(fd, IPPROTO_UDP, 1, &v, &len));
	EXPECT_EQ(EOPNOTSUPP, errno);
	EXPECT_EQ(-1, set_int(fd, IPPROTO_UDP, 1, 1));
	EXPECT_EQ(ENOPROTOOPT, errno);
	EXPECT_EQ(64, get_int(fd, SOL_IP, IP_TTL));
	close(fd);
}

TEST_F(tcp, opt_tcp_info_states)
{
	struct tcp_info ti;
	socklen_t len;
	int fd, l, c, s, port;

	fd = tcp_sock(self->family);
	ASSERT_LE(0, fd);
	EXPECT_EQ(TCP_CLOSE, tcp_state(fd));
	/* A short buffer gets the start of the struct. */
	len = 1;
	EXPECT_EQ(0, getsockopt(fd, SOL_TCP, TCP_INFO, &ti, &len));
	EXPECT_EQ(1, len);
	EXPECT_EQ(TCP_CLOSE, ti.tcpi_state);
	close(fd);

	/* A listener: children waiting and the backlog, in unacked/sacked. */
	l = listener(self->family, self->addr, &port);
	ASSERT_LE(0, l);
	ASSERT_EQ(0, listen(l, 7));
	len = sizeof(ti);
	ASSERT_EQ(0, getsockopt(l, SOL_TCP, TCP_INFO, &ti, &len));
	EXPECT_EQ(TCP_LISTEN, ti.tcpi_state);
	EXPECT_EQ(0, ti.tcpi_unacked);
	EXPECT_EQ(7, ti.tcpi_sacked);
	c = connect_to(self->family, self->addr, port);
	ASSERT_LE(0, c);
	ASSERT_EQ(POLLIN, poll1(l, POLLIN, WAIT_MS));
	len = sizeof(ti);
	ASSERT_EQ(0, getsockopt(l, SOL_TCP, TCP_INFO, &ti, &len));
	EXPECT_EQ(1, ti.tcpi_unacked);
	s = accept(l, NULL, NULL);
	ASSERT_LE(0, s);
	EXPECT_EQ(TCP_ESTABLISHED, tcp_state(c));
	EXPECT_EQ(TCP_ESTABLISHED, tcp_state(s));
	len = sizeof(ti);
	ASSERT_EQ(0, getsockopt(c, SOL_TCP, TCP_INFO, &ti, &len));
	EXPECT_EQ(sizeof(ti), len);
	EXPECT_NE(0U, ti.tcpi_snd_mss);
	EXPECT_NE(0U, ti.tcpi_rto);
	EXPECT_TRUE(ti.tcpi_options & TCPI_OPT_TIMESTAMPS);
	close(c);
	close(s);
	close(l);
}

/* --- SOL_SOCKET options and ioctls */

TEST_F(tcp, so_buffers)
{
	int fd = tcp_sock(self->family), min;

	ASSERT_LE(0, fd);
	/* tcp_rmem[1] and tcp_wmem[1] */
	EXPECT_EQ(131072, get_int(fd, SOL_SOCKET, SO_RCVBUF));
	EXPECT_EQ(16384, get_int(fd, SOL_SOCKET, SO_SNDBUF));
	EXPECT_EQ(0, set_int(fd, SOL_SOCKET, SO_RCVBUF, 65536));
	EXPECT_EQ(131072, get_int(fd, SOL_SOCKET, SO_RCVBUF));
	EXPECT_EQ(0, set_int(fd, SOL_SOCKET, SO_SNDBUF, 65536));
	EXPECT_EQ(131072, get_int(fd, SOL_SOCKET, SO_SNDBUF));
	/* The floors: SOCK_MIN_RCVBUF, and SOCK_MIN_SNDBUF twice that. */
	EXPECT_EQ(0, set_int(fd, SOL_SOCKET, SO_RCVBUF, 1));
	min = get_int(fd, SOL_SOCKET, SO_RCVBUF);
	EXPECT_LT(2048, min);
	EXPECT_GT(4096, min);
	EXPECT_EQ(0, set_int(fd, SOL_SOCKET, SO_SNDBUF, 1));
	EXPECT_EQ(2 * min, get_int(fd, SOL_SOCKET, SO_SNDBUF));
	close(fd);
}

TEST_F(tcp, ioctl_queues)
{
	int fd = tcp_sock(self->family), l, c, s, port, n, i;

	ASSERT_LE(0, fd);
	n = -1;
	EXPECT_EQ(0, ioctl(fd, SIOCINQ, &n));
	EXPECT_EQ(0, n);
	n = -1;
	EXPECT_EQ(0, ioctl(fd, SIOCOUTQ, &n));
	EXPECT_EQ(0, n);
	close(fd);
	l = listener(self->family, self->addr, &port);
	ASSERT_LE(0, l);
	EXPECT_EQ(-1, ioctl(l, SIOCINQ, &n));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(l, SIOCOUTQ, &n));
	EXPECT_EQ(EINVAL, errno);
	c = connect_to(self->family, self->addr, port);
	ASSERT_LE(0, c);
	s = accept_wait(l);
	ASSERT_LE(0, s);
	EXPECT_EQ(5, send(c, "hello", 5, 0));
	ASSERT_EQ(POLLIN, poll1(s, POLLIN, WAIT_MS));
	n = -1;
	EXPECT_EQ(0, ioctl(s, SIOCINQ, &n));
	EXPECT_EQ(5, n);
	/* Acked at once on loopback: nothing left to send. */
	for (i = 0; i < 100; i++) {
		n = -1;
		EXPECT_EQ(0, ioctl(c, SIOCOUTQ, &n));
		if (!n)
			break;
		usleep(10000);
	}
	EXPECT_EQ(0, n);
	/* The FIN is not counted. */
	EXPECT_EQ(0, shutdown(c, SHUT_WR));
	ASSERT_NE(0, poll1(s, POLLRDHUP, WAIT_MS));
	n = -1;
	EXPECT_EQ(0, ioctl(s, SIOCINQ, &n));
	EXPECT_EQ(5, n);
	close(c);
	close(s);
	close(l);
}

/*
 * bind and connect take AF_INET addresses as well as the socket's own
 * family, so a program written for AF_INET works once its socket() call
 * is remapped. Addresses handed back carry the socket's family.
 */
TEST_F(tcp, inet_sockaddr_accepted)
{
	struct sockaddr_in a = sa(AF_INET, self->addr, 0);
	socklen_t len = sizeof(a);
	int l, c, s, port;

	l = tcp_sock(self->family);
	ASSERT_LE(0, l);
	ASSERT_EQ(0, bind(l, SA(a), sizeof(a)));
	ASSERT_EQ(0, listen(l, 4));
	ASSERT_EQ(0, getsockname(l, SA(a), &len));
	EXPECT_EQ(self->family, a.sin_family);
	port = ntohs(a.sin_port);
	c = tcp_sock(self->family);
	ASSERT_LE(0, c);
	a = sa(AF_INET, self->addr, port);
	ASSERT_EQ(0, connect(c, SA(a), sizeof(a)));
	len = sizeof(a);
	ASSERT_EQ(0, getpeername(c, SA(a), &len));
	EXPECT_EQ(self->family, a.sin_family);
	len = sizeof(a);
	s = accept(l, SA(a), &len);
	ASSERT_LE(0, s);
	EXPECT_EQ(self->family, a.sin_family);
	/* Any other family is still refused. */
	close(c);
	c = tcp_sock(self->family);
	ASSERT_LE(0, c);
	a = sa(AF_INET6, self->addr, port);
	EXPECT_EQ(-1, connect(c, SA(a), sizeof(a)));
	EXPECT_EQ(EAFNOSUPPORT, errno);
	close(c);
	close(s);
	close(l);
}

/*
 * Many short connections to one listener, either side closing first:
 * ports in TIME-WAIT on either end must not stop the next connection.
 * In a range of 1000 ports, a hundred of them held in TIME-WAIT by the
 * connecting end, connect() must pass over those whose 4-tuple is taken
 * (__inet_hash_connect()).
 */
TEST_F(tcp, many_connections)
{
	int l, c, s, port, i, ok = 0;
	char buf[4];

	ASSERT_EQ(0, port_range_set(variant->xtcp, 40000, 40999));
	l = listener(self->family, self->addr, &port);
	ASSERT_LE(0, l);
	ASSERT_EQ(0, listen(l, 64));
	for (i = 0; i < MANY_CONNS; i++) {
		c = connect_to(self->family, self->addr, port);
		if (c < 0) {
			TH_LOG("connection %d: %s", i, strerror(errno));
			break;
		}
		s = accept_wait(l);
		if (s < 0) {
			TH_LOG("accept %d: %s", i, strerror(errno));
			close(c);
			break;
		}
		if (send(c, "ping", 4, 0) != 4 || recv(s, buf, 4, MSG_WAITALL) != 4) {
			TH_LOG("data %d: %s", i, strerror(errno));
			close(c);
			close(s);
			break;
		}
		if (i & 1) {
			close(s);
			close(c);
		} else {
			close(c);
			close(s);
		}
		ok++;
	}
	EXPECT_EQ(MANY_CONNS, ok);
	close(l);
}

TEST_HARNESS_MAIN
