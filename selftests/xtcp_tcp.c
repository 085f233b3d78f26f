// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp_tcp: a TCP test tool for the interop selftests. The same binary runs
 * on both sides: -f chooses the socket family, so either side of a test
 * switches between xtcp and Linux TCP with one flag.
 *
 * Data is a deterministic pattern, so both ends compute the same sha256
 * without files: byte i of the stream is byte (i % 8), little-endian, of
 * splitmix64(seed * 0x9e3779b97f4a7c15 + i / 8). A receiver compares what
 * it gets with the pattern too, and says on stderr where they first differ.
 *
 * Every blocking step is bounded by -t seconds of inactivity; a step that
 * runs out prints "timeout: ..." and the tool exits 1. Failures print the
 * errno's name. See usage() for the commands.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include "lib.h"

#define CHUNK		65536

static const char usage_text[] =
"usage: xtcp_tcp [OPTIONS] COMMAND ARGS...\n"
"\n"
"commands:\n"
"  server PORT [-n N] [-m MODE]   listen, accept N connections (default 1)\n"
"                                 one at a time, each served in MODE:\n"
"      sink           read to EOF: \"recv BYTES sha256 HEX\"\n"
"      send:BYTES     write BYTES of the pattern, shut down writing, read\n"
"                     to EOF: \"sent BYTES sha256 HEX\"\n"
"      echo           write back what arrives until EOF, then shut down\n"
"                     writing: \"echo BYTES sha256 HEX\"\n"
"      halfclose[:BYTES]  read to EOF (\"recv ...\", \"eof\"), then write\n"
"                     BYTES (default 100000): \"sent ...\"\n"
"  client ADDR PORT [-b SPORT] [-m MODE]   connect, then in MODE:\n"
"      send:BYTES     write BYTES, shut down writing, read to EOF:\n"
"                     \"sent BYTES sha256 HEX\"\n"
"      sink           read to EOF: \"recv BYTES sha256 HEX\"\n"
"      echo:BYTES     write BYTES while reading them back, shut down\n"
"                     writing, read to EOF: \"sent ...\" and \"recv ...\"\n"
"  halfclose ADDR PORT [-s BYTES] write BYTES (default 1000), shut down\n"
"                                 writing, try one more write (\"send after\n"
"                                 shutdown ERRNO\"), then read to EOF; for a\n"
"                                 server in halfclose mode\n"
"  refused ADDR PORT              connect; print the errno name connect\n"
"                                 fails with (exit 0 for ECONNREFUSED)\n"
"  epoll-server PORT -n N         accept N connections in one epoll loop;\n"
"                                 each is read to EOF and checked against\n"
"                                 the pattern, and once all N are open (so\n"
"                                 N are open at once) as many bytes go back\n"
"  rr ADDR PORT -n N -s BYTES     N connections one after another, each\n"
"                                 writing BYTES and reading them back (a\n"
"                                 server in echo mode): \"rr N conns in S s\"\n"
"  hold-client ADDR PORT -n N [-p P]  open N connections and keep them\n"
"                                 idle; print \"open N\" once all are up,\n"
"                                 close all when a line comes on stdin,\n"
"                                 print \"closed N\", exit at the next line\n"
"  hold-server PORT -n N          accept N connections, close each at its\n"
"                                 EOF, print \"done N\"\n"
"  epoll-client ADDR PORT -n N -s BYTES [-p P]\n"
"                                 N non-blocking connects (at most P in\n"
"                                 progress at a time; default all at once),\n"
"                                 each writes BYTES, shuts down writing\n"
"                                 and checks the BYTES that come back\n"
"                                 both print \"conns N ok K bytes B peak P\"\n"
"                                 (B received and checked, P the most open\n"
"                                 at once); exit 0 when K = N\n"
"\n"
"options (anywhere on the line):\n"
"  -f inet|xtcp   socket family (default xtcp: the number the module\n"
"                 registered, from " XTCP_FAMILY_PARAM_PATH ");\n"
"                 xtcp addresses are struct sockaddr_xtcp\n"
"  -F inet-addr   an xtcp socket given AF_INET sockaddr_in addresses\n"
"  -N NETNS       run in network namespace NETNS (a name in /run/netns,\n"
"                 or a path); saves the test an nsenter exec\n"
"  -l ADDR        local address to bind (default any)\n"
"  -b SPORT       local port to bind (client)\n"
"  -n N           connections (servers, epoll-client)\n"
"  -m MODE        see the commands\n"
"  -p P           connects in progress at once (epoll-client)\n"
"  -s BYTES       bytes per connection (epoll-client, halfclose)\n"
"  -S SEED        pattern seed (default 1)\n"
"  -D MS          a receiver (sink) reads nothing for its first MS\n"
"                 milliseconds, so its window closes\n"
"  -A MS          a server waits MS milliseconds before its first accept\n"
"  -B BACKLOG     a server's listen() backlog (default N, at least 128)\n"
"  -K I,V,C       SO_KEEPALIVE on every connection, with TCP_KEEPIDLE I,\n"
"                 TCP_KEEPINTVL V and TCP_KEEPCNT C\n"
"  -t SEC         bound on every blocking step (default 30)\n"
"  -c             print each connection's congestion control\n"
"                 (TCP_CONGESTION) on stdout: \"cc NAME\"; on an xtcp\n"
"                 socket its loss recovery too (XTCP_RECOVERY):\n"
"                 \"recovery dupack|rfc6675|rack\"; and after each transfer\n"
"                 the buffer it used: \"rcvbuf BYTES\" after receiving,\n"
"                 \"sndbuf BYTES\" after sending (SO_RCVBUF, SO_SNDBUF)\n"
"  -R MODE        XTCP_RECOVERY on every xtcp connection: dupack,\n"
"                 rfc6675 or rack\n"
"\n"
"Servers print \"listening on ADDR:PORT (FAMILY)\" on stderr once they\n"
"listen; accepted and connected peers go to stderr too, with the family\n"
"the kernel reported in the address.\n"
"Exit: 0 success, 1 failure or timeout, 2 usage.\n";

enum fam_kind { FAM_XTCP, FAM_INET, FAM_XTCP_INADDR };

static struct {
	enum fam_kind fam;
	int timeout_ms;
	long n;
	const char *mode;
	const char *laddr;
	int sport;
	__u64 size;
	__u64 seed;
	long pending;
	int delay_ms;
	int accept_delay_ms;
	int backlog;
	int keepalive[3];	/* idle, interval (s), probes; idle 0: off */
	bool show_cc;
	int recovery;		/* XTCP_RECOVERY_*, 0: leave it */
} opt = {
	.fam = FAM_XTCP,
	.timeout_ms = 30000,
	.n = 1,
	.sport = -1,
	.size = 0,
	.seed = 1,
};

union addr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_xtcp x;
};

/* ---------------------------------------------------------------- output */

static const char *ename(int err)
{
	const char *s = strerrorname_np(err);

	return s ? s : "E?";
}

[[gnu::format(printf, 1, 2), gnu::noreturn]] static void fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("xtcp_tcp: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* fail_errno WHAT: WHAT failed with errno. */
[[gnu::noreturn]] static void fail_errno(const char *what)
{
	int err = errno;

	fail("%s: %s (%s)", what, ename(err), strerror(err));
}

[[gnu::noreturn]] static void fail_timeout(const char *what)
{
	fail("timeout: %s within %d s", what, opt.timeout_ms / 1000);
}

/* ---------------------------------------------------------------- sha256 */

struct sha256 {
	__u32 h[8];
	__u64 len;
	__u8 buf[64];
	size_t nbuf;
};

static const __u32 sha_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static void sha256_init(struct sha256 *s)
{
	static const __u32 h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(s->h, h0, sizeof(h0));
	s->len = 0;
	s->nbuf = 0;
}

static inline __u32 ror32(__u32 x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_block(struct sha256 *s, const __u8 *p)
{
	__u32 w[64], a, b, c, d, e, f, g, h, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (__u32)p[4 * i] << 24 | (__u32)p[4 * i + 1] << 16 |
		       (__u32)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++)
		w[i] = w[i - 16] + (ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3)) +
		       w[i - 7] + (ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10));
	a = s->h[0]; b = s->h[1]; c = s->h[2]; d = s->h[3];
	e = s->h[4]; f = s->h[5]; g = s->h[6]; h = s->h[7];
	for (i = 0; i < 64; i++) {
		t1 = h + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) + ((e & f) ^ (~e & g)) +
		     sha_k[i] + w[i];
		t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		h = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d;
	s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}

static void sha256_update(struct sha256 *s, const void *data, size_t len)
{
	const __u8 *p = data;
	size_t take;

	s->len += len;
	if (s->nbuf) {
		take = 64 - s->nbuf < len ? 64 - s->nbuf : len;
		memcpy(s->buf + s->nbuf, p, take);
		s->nbuf += take;
		p += take;
		len -= take;
		if (s->nbuf < 64)
			return;
		sha256_block(s, s->buf);
		s->nbuf = 0;
	}
	for (; len >= 64; p += 64, len -= 64)
		sha256_block(s, p);
	memcpy(s->buf, p, len);
	s->nbuf = len;
}

/* sha256_hex: finish and write 64 hex digits and a NUL to @hex. */
static void sha256_hex(struct sha256 *s, char hex[65])
{
	__u64 bits = s->len * 8;
	__u8 pad[72] = { 0x80 };
	size_t padlen = (s->nbuf < 56 ? 56 : 120) - s->nbuf;
	int i;

	for (i = 0; i < 8; i++)
		pad[padlen + i] = (__u8)(bits >> (56 - 8 * i));
	sha256_update(s, pad, padlen + 8);
	for (i = 0; i < 8; i++)
		sprintf(hex + 8 * i, "%08x", s->h[i]);
}

/* --------------------------------------------------------------- pattern */

static __u64 splitmix64(__u64 x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* pattern_fill: bytes [off, off + len) of the stream into @buf. */
static void pattern_fill(__u8 *buf, __u64 off, size_t len)
{
	__u64 base = opt.seed * 0x9e3779b97f4a7c15ULL, w;
	size_t i = 0;

	while (i < len) {
		__u64 pos = off + i;
		unsigned int b = pos & 7;

		w = splitmix64(base + pos / 8);
		if (b == 0 && len - i >= 8) {
			/* Little-endian by construction, whatever the host. */
			int k;

			for (k = 0; k < 8; k++)
				buf[i + k] = (__u8)(w >> (8 * k));
			i += 8;
		} else {
			buf[i++] = (__u8)(w >> (8 * b));
		}
	}
}

/* pattern_diff: index in @buf of the first byte not the stream's at @off, or -1. */
static long pattern_diff(const __u8 *buf, __u64 off, size_t len)
{
	static __u8 want[CHUNK];
	size_t done = 0, n, i;

	while (done < len) {
		n = len - done < CHUNK ? len - done : CHUNK;
		pattern_fill(want, off + done, n);
		if (memcmp(want, buf + done, n))
			for (i = 0; i < n; i++)
				if (want[i] != buf[done + i])
					return (long)(done + i);
		done += n;
	}
	return -1;
}

/* ------------------------------------------------------ sockets, address */

static int family(void)
{
	int fam;

	if (opt.fam == FAM_INET)
		return AF_INET;
	fam = xtcp_family();
	if (fam <= 0)
		fail("xtcp is not loaded (no %s); use -f inet for Linux TCP",
		     XTCP_FAMILY_PARAM_PATH);
	return fam;
}

static const char *fam_name(int fam)
{
	static char buf[32];

	if (fam == AF_INET)
		return "inet";
	if (opt.fam != FAM_INET && fam == xtcp_family())
		return "xtcp";
	snprintf(buf, sizeof(buf), "family %d", fam);
	return buf;
}

static __u16 parse_port(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end || v < 0 || v > 65535) {
		fprintf(stderr, "xtcp_tcp: bad port %s\n", s);
		exit(2);
	}
	return (__u16)v;
}

/*
 * make_addr: the address to pass to bind() or connect(): a sockaddr_xtcp
 * for an xtcp socket, a sockaddr_in for inet and for -F inet-addr.
 */
static socklen_t make_addr(union addr *a, const char *ip, __u16 port)
{
	struct in_addr ia = { .s_addr = htonl(INADDR_ANY) };

	if (ip && inet_pton(AF_INET, ip, &ia) != 1) {
		fprintf(stderr, "xtcp_tcp: bad address %s\n", ip);
		exit(2);
	}
	memset(a, 0, sizeof(*a));
	if (opt.fam == FAM_XTCP) {
		a->x.sxtcp_family = (__kernel_sa_family_t)family();
		a->x.sxtcp_port = htons(port);
		a->x.sxtcp_addr = ia.s_addr;
		return sizeof(a->x);
	}
	a->in.sin_family = AF_INET;
	a->in.sin_port = htons(port);
	a->in.sin_addr = ia;
	return sizeof(a->in);
}

/* addr_str: "A.B.C.D:PORT (family)"; both sockaddrs have the same layout. */
static const char *addr_str(const union addr *a)
{
	static char buf[2][64];
	static int which;
	char ip[INET_ADDRSTRLEN];

	which ^= 1;
	inet_ntop(AF_INET, &a->in.sin_addr, ip, sizeof(ip));
	snprintf(buf[which], sizeof(buf[which]), "%s:%u (%s)", ip,
		 ntohs(a->in.sin_port), fam_name(a->sa.sa_family));
	return buf[which];
}

static int new_socket(bool nonblock)
{
	int fd = socket(family(), SOCK_STREAM | (nonblock ? SOCK_NONBLOCK : 0), 0);

	if (fd < 0)
		fail_errno("socket");
	return fd;
}

static void bind_local(int fd, __u16 port)
{
	union addr a;
	socklen_t len = make_addr(&a, opt.laddr, port);

	if (bind(fd, &a.sa, len))
		fail_errno("bind");
}

static int listen_on(__u16 port, int backlog, bool nonblock)
{
	int fd = new_socket(nonblock), one = 1;

	/* Ports of earlier cases may still be in TIME_WAIT. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)))
		fprintf(stderr, "xtcp_tcp: SO_REUSEADDR: %s\n", ename(errno));
	union addr me;
	socklen_t len = sizeof(me);

	bind_local(fd, port);
	if (listen(fd, backlog))
		fail_errno("listen");
	/* Tests wait for this line before they connect. */
	if (getsockname(fd, &me.sa, &len))
		fail_errno("getsockname");
	fprintf(stderr, "listening on %s\n", addr_str(&me));
	return fd;
}

/* wait_fd: poll @fd for @events for at most -t; fail naming @what if not. */
static short wait_fd(int fd, short events, const char *what)
{
	struct pollfd p = { .fd = fd, .events = events };
	int n;

	do {
		n = poll(&p, 1, opt.timeout_ms);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		fail_errno("poll");
	if (n == 0)
		fail_timeout(what);
	return p.revents;
}

/* keepalive: -K's SO_KEEPALIVE and TCP_KEEP* on a connection. */
static void keepalive(int fd)
{
	static const int names[3] = { TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT };
	int one = 1, i;

	if (!opt.keepalive[0])
		return;
	if (setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)))
		fail_errno("setsockopt(SO_KEEPALIVE)");
	for (i = 0; i < 3; i++)
		if (setsockopt(fd, SOL_TCP, names[i], &opt.keepalive[i],
			       sizeof(int)))
			fail_errno("setsockopt(TCP_KEEP*)");
}

/*
 * -R: the connection's loss recovery; -c: its congestion control, as the
 * kernel names it, and on xtcp its loss recovery.
 */
static void show_cc(int fd)
{
	char name[16] = "";
	socklen_t len = sizeof(name);
	int mode;

	if (opt.recovery &&
	    setsockopt(fd, SOL_TCP, XTCP_RECOVERY, &opt.recovery, sizeof(int)))
		fail_errno("setsockopt(XTCP_RECOVERY)");
	if (!opt.show_cc)
		return;
	if (getsockopt(fd, SOL_TCP, TCP_CONGESTION, name, &len))
		fail_errno("getsockopt(TCP_CONGESTION)");
	printf("cc %.*s\n", (int)strnlen(name, sizeof(name)), name);
	if (opt.fam != FAM_INET) {
		len = sizeof(mode);
		if (getsockopt(fd, SOL_TCP, XTCP_RECOVERY, &mode, &len))
			fail_errno("getsockopt(XTCP_RECOVERY)");
		printf("recovery %s\n", mode == XTCP_RECOVERY_DUPACK ? "dupack" :
		       mode == XTCP_RECOVERY_RFC6675 ? "rfc6675" :
		       mode == XTCP_RECOVERY_RACK ? "rack" : "?");
	}
	fflush(stdout);
}

static int accept_one(int lfd)
{
	union addr a;
	socklen_t len = sizeof(a);
	int fd;

	wait_fd(lfd, POLLIN, "no connection");
	fd = accept(lfd, &a.sa, &len);
	if (fd < 0)
		fail_errno("accept");
	fprintf(stderr, "accepted from %s\n", addr_str(&a));
	keepalive(fd);
	show_cc(fd);
	return fd;
}

/*
 * connect_to: a blocking-mode socket connected to ADDR PORT through a
 * non-blocking connect bounded by -t. Returns the fd, or -errno when the
 * connection fails.
 */
static int connect_to(const char *ip, const char *port)
{
	union addr to, me;
	socklen_t len = make_addr(&to, ip, parse_port(port)), mlen = sizeof(me);
	int fd = new_socket(true), err = 0;
	socklen_t elen = sizeof(err);

	if (opt.sport >= 0 || opt.laddr)
		bind_local(fd, (__u16)(opt.sport >= 0 ? opt.sport : 0));
	if (connect(fd, &to.sa, len)) {
		if (errno != EINPROGRESS) {
			err = errno;
			close(fd);
			return -err;
		}
		wait_fd(fd, POLLOUT, "connect did not complete");
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen))
			fail_errno("getsockopt(SO_ERROR)");
		if (err) {
			close(fd);
			return -err;
		}
	}
	if (fcntl(fd, F_SETFL, 0))
		fail_errno("fcntl");
	if (getsockname(fd, &me.sa, &mlen))
		fail_errno("getsockname");
	len = sizeof(to);
	if (getpeername(fd, &to.sa, &len))
		fail_errno("getpeername");
	fprintf(stderr, "connected to %s from %s\n", addr_str(&to), addr_str(&me));
	keepalive(fd);
	show_cc(fd);
	return fd;
}

/* ------------------------------------------------------------- transfers */

struct xfer {
	__u64 bytes;
	struct sha256 sha;
	long bad;		/* first offset not the pattern's, or -1 */
};

static void xfer_init(struct xfer *x)
{
	x->bytes = 0;
	x->bad = -1;
	sha256_init(&x->sha);
}

/* xfer_print: "WHAT BYTES sha256 HEX" on stdout; a pattern note on stderr. */
static void xfer_print(struct xfer *x, const char *what, bool check)
{
	char hex[65];

	sha256_hex(&x->sha, hex);
	printf("%s %llu sha256 %s\n", what, x->bytes, hex);
	fflush(stdout);
	if (check && x->bad >= 0)
		fprintf(stderr, "%s: the stream differs from the pattern at byte %ld\n",
			what, x->bad);
}

/* recv_some: one bounded recv into @buf; 0 at EOF. */
static size_t recv_some(int fd, __u8 *buf, size_t len, const char *what)
{
	ssize_t n;

	for (;;) {
		wait_fd(fd, POLLIN, what);
		n = recv(fd, buf, len, MSG_DONTWAIT);
		if (n >= 0)
			return (size_t)n;
		if (errno != EAGAIN && errno != EINTR)
			fail_errno("recv");
	}
}

/* send_all: all of @buf, every wait bounded. */
static void send_all(int fd, const __u8 *buf, size_t len)
{
	ssize_t n;

	while (len) {
		wait_fd(fd, POLLOUT, "no room to send");
		n = send(fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			fail_errno("send");
		}
		buf += n;
		len -= (size_t)n;
	}
}

/* show_buf: with -c, "WHAT BYTES" of the socket buffer OPT on stdout. */
static void show_buf(int fd, int optname, const char *what)
{
	socklen_t len;
	int v;

	if (!opt.show_cc)
		return;
	len = sizeof(v);
	if (getsockopt(fd, SOL_SOCKET, optname, &v, &len))
		fail_errno("getsockopt(SOL_SOCKET)");
	printf("%s %d\n", what, v);
	fflush(stdout);
}

/* sink: read to EOF, hashing and checking against the pattern. */
static void sink(int fd, struct xfer *x)
{
	static __u8 buf[CHUNK];
	size_t n;
	long d;

	xfer_init(x);
	if (opt.delay_ms)
		poll(NULL, 0, opt.delay_ms);
	while ((n = recv_some(fd, buf, sizeof(buf), "no data or EOF"))) {
		if (x->bad < 0) {
			d = pattern_diff(buf, x->bytes, n);
			if (d >= 0)
				x->bad = (long)x->bytes + d;
		}
		sha256_update(&x->sha, buf, n);
		x->bytes += n;
	}
	show_buf(fd, SO_RCVBUF, "rcvbuf");
}

/* source: @bytes of the pattern, hashed as sent. */
static void source(int fd, __u64 bytes, struct xfer *x)
{
	static __u8 buf[CHUNK];
	size_t n;

	xfer_init(x);
	while (x->bytes < bytes) {
		n = bytes - x->bytes < CHUNK ? bytes - x->bytes : CHUNK;
		pattern_fill(buf, x->bytes, n);
		sha256_update(&x->sha, buf, n);
		send_all(fd, buf, n);
		x->bytes += n;
	}
	show_buf(fd, SO_SNDBUF, "sndbuf");
}

static void shut_wr(int fd)
{
	if (shutdown(fd, SHUT_WR))
		fail_errno("shutdown(SHUT_WR)");
}

/* drain: read to EOF after our part is done; says if anything came. */
static void drain(int fd)
{
	struct xfer x;

	sink(fd, &x);
	if (x.bytes)
		fprintf(stderr, "xtcp_tcp: %llu unexpected bytes before EOF\n",
			x.bytes);
}

/* echo_loop: write back what arrives until EOF, hashing it as a sink does. */
static void echo_loop(int fd, struct xfer *x)
{
	static __u8 buf[CHUNK];
	size_t n;
	long d;

	xfer_init(x);
	while ((n = recv_some(fd, buf, sizeof(buf), "no data or EOF"))) {
		if (x->bad < 0) {
			d = pattern_diff(buf, x->bytes, n);
			if (d >= 0)
				x->bad = (long)x->bytes + d;
		}
		sha256_update(&x->sha, buf, n);
		send_all(fd, buf, n);
		x->bytes += n;
	}
}

/*
 * echo_client: write @bytes while reading the echo, both under one poll,
 * so neither side's buffers fill and stall the other.
 */
static void echo_client(int fd, __u64 bytes)
{
	static __u8 out[CHUNK], in[CHUNK];
	struct xfer tx, rx;
	size_t olen = 0, ooff = 0;
	bool eof = false, shut = false;
	ssize_t n;
	long d;

	xfer_init(&tx);
	xfer_init(&rx);
	while (!eof) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (ooff == olen && tx.bytes < bytes) {
			olen = bytes - tx.bytes < CHUNK ? bytes - tx.bytes : CHUNK;
			pattern_fill(out, tx.bytes, olen);
			sha256_update(&tx.sha, out, olen);
			ooff = 0;
		}
		if (ooff < olen) {
			p.events |= POLLOUT;
		} else if (!shut) {
			shut_wr(fd);
			shut = true;
		}
		if (poll(&p, 1, opt.timeout_ms) == 0)
			fail_timeout(shut ? "no echo or EOF" : "no room to send or echo");
		if (p.revents & POLLOUT) {
			n = send(fd, out + ooff, olen - ooff, MSG_DONTWAIT | MSG_NOSIGNAL);
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				fail_errno("send");
			if (n > 0) {
				ooff += (size_t)n;
				if (ooff == olen)
					tx.bytes += olen;
			}
		}
		if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
			n = recv(fd, in, sizeof(in), MSG_DONTWAIT);
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				fail_errno("recv");
			if (n == 0)
				eof = true;
			if (n > 0) {
				if (rx.bad < 0) {
					d = pattern_diff(in, rx.bytes, (size_t)n);
					if (d >= 0)
						rx.bad = (long)rx.bytes + d;
				}
				sha256_update(&rx.sha, in, (size_t)n);
				rx.bytes += (__u64)n;
			}
		}
	}
	if (tx.bytes < bytes)
		fail("EOF after sending %llu of %llu bytes", tx.bytes, bytes);
	xfer_print(&tx, "sent", false);
	xfer_print(&rx, "recv", true);
}

/* ---------------------------------------------------------------- modes */

static __u64 parse_bytes(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		goto bad;
	switch (*end) {
	case 'k':
	case 'K':
		v <<= 10;
		end++;
		break;
	case 'm':
	case 'M':
		v <<= 20;
		end++;
		break;
	case 'g':
	case 'G':
		v <<= 30;
		end++;
		break;
	}
	if (*end == '\0')
		return v;
bad:
	fprintf(stderr, "xtcp_tcp: bad byte count %s\n", s);
	exit(2);
}

/* mode_arg: for MODE "NAME:BYTES", BYTES; @def without ":BYTES". */
static bool mode_is(const char *name, __u64 *bytes, __u64 def, bool need)
{
	size_t l = strlen(name);

	if (!opt.mode || strncmp(opt.mode, name, l))
		return false;
	if (opt.mode[l] == ':') {
		*bytes = parse_bytes(opt.mode + l + 1);
		return true;
	}
	if (opt.mode[l] != '\0' || need)
		return false;
	*bytes = def;
	return true;
}

[[gnu::noreturn]] static void bad_mode(void)
{
	fprintf(stderr, "xtcp_tcp: bad mode %s (see xtcp_tcp -h)\n", opt.mode);
	exit(2);
}

static int do_server(char **argv)
{
	__u16 port = parse_port(argv[0]);
	__u64 bytes = 0;
	struct xfer x;
	long i;
	int lfd, fd;

	if (!opt.mode)
		opt.mode = "sink";
	if (!mode_is("sink", &bytes, 0, false) && !mode_is("echo", &bytes, 0, false) &&
	    !mode_is("send", &bytes, 0, true) && !mode_is("halfclose", &bytes, 100000, false))
		bad_mode();
	lfd = listen_on(port, opt.backlog ? opt.backlog :
			  opt.n > 128 ? (int)opt.n : 128, false);
	if (opt.accept_delay_ms)
		poll(NULL, 0, opt.accept_delay_ms);
	for (i = 0; i < opt.n; i++) {
		fd = accept_one(lfd);
		switch (opt.mode[0]) {
		case 's':
			if (opt.mode[1] == 'i') {
				sink(fd, &x);
				xfer_print(&x, "recv", true);
			} else {
				source(fd, bytes, &x);
				shut_wr(fd);
				xfer_print(&x, "sent", false);
				drain(fd);
			}
			break;
		case 'e':
			echo_loop(fd, &x);
			shut_wr(fd);
			xfer_print(&x, "echo", true);
			break;
		case 'h':
			sink(fd, &x);
			xfer_print(&x, "recv", true);
			printf("eof\n");
			source(fd, bytes, &x);
			xfer_print(&x, "sent", false);
			shut_wr(fd);
			break;
		}
		close(fd);
	}
	close(lfd);
	return 0;
}

static int connect_or_fail(char **argv)
{
	int fd = connect_to(argv[0], argv[1]);

	if (fd < 0) {
		errno = -fd;
		fail_errno("connect");
	}
	return fd;
}

static int do_client(char **argv)
{
	__u64 bytes = 0;
	struct xfer x;
	int fd;

	if (!opt.mode)
		bad_mode();
	if (!mode_is("send", &bytes, 0, true) && !mode_is("sink", &bytes, 0, false) &&
	    !mode_is("echo", &bytes, 0, true))
		bad_mode();
	fd = connect_or_fail(argv);
	if (!strncmp(opt.mode, "send", 4)) {
		source(fd, bytes, &x);
		shut_wr(fd);
		xfer_print(&x, "sent", false);
		drain(fd);
	} else if (!strcmp(opt.mode, "sink")) {
		sink(fd, &x);
		xfer_print(&x, "recv", true);
	} else {
		echo_client(fd, bytes);
	}
	close(fd);
	return 0;
}

static int do_halfclose(char **argv)
{
	__u64 bytes = opt.size ? opt.size : 1000;
	struct xfer x;
	int fd = connect_or_fail(argv);

	source(fd, bytes, &x);
	xfer_print(&x, "sent", false);
	shut_wr(fd);
	printf("shutdown wr\n");
	if (send(fd, "x", 1, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		printf("send after shutdown %s\n", ename(errno));
	else
		printf("send after shutdown succeeded\n");
	sink(fd, &x);
	xfer_print(&x, "recv", true);
	printf("eof\n");
	close(fd);
	return 0;
}

static int do_refused(char **argv)
{
	int fd = connect_to(argv[0], argv[1]);

	if (fd >= 0) {
		printf("connected\n");
		close(fd);
		return 1;
	}
	printf("%s\n", ename(-fd));
	return fd == -ECONNREFUSED ? 0 : 1;
}

/* ----------------------------------------------------------------- epoll */

enum conn_state { C_CONNECTING, C_SENDING, C_RECEIVING, C_WAITING, C_DONE, C_FAILED };

struct conn {
	int fd;
	enum conn_state state;
	__u64 tx, rx, want;	/* sent, received, to send back (server) */
	int err;
};

static void raise_nofile(long n)
{
	struct rlimit r;
	rlim_t want = (rlim_t)n + 64;

	if (getrlimit(RLIMIT_NOFILE, &r))
		fail_errno("getrlimit");
	if (r.rlim_cur >= want)
		return;
	r.rlim_cur = want;
	if (r.rlim_max < want)
		r.rlim_max = want;
	if (setrlimit(RLIMIT_NOFILE, &r))
		fail_errno("setrlimit(RLIMIT_NOFILE)");
}

static void ep_ctl(int ep, int op, int fd, __u32 events, void *ptr)
{
	struct epoll_event ev = { .events = events, .data.ptr = ptr };

	if (epoll_ctl(ep, op, fd, &ev))
		fail_errno("epoll_ctl");
}

static void conn_fail(struct conn *c, int err, long *open)
{
	c->state = C_FAILED;
	c->err = err;
	close(c->fd);
	(*open)--;
}

static void conn_finish(struct conn *c, long *open)
{
	c->state = C_DONE;
	close(c->fd);
	(*open)--;
}

/* conn_send: as much of the pattern from c->tx up to @len as fits; true when all sent. */
static bool conn_send(struct conn *c, __u64 len, long *open)
{
	static __u8 buf[CHUNK];
	size_t n;
	ssize_t s;

	while (c->tx < len) {
		n = len - c->tx < CHUNK ? len - c->tx : CHUNK;
		pattern_fill(buf, c->tx, n);
		s = send(c->fd, buf, n, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (s < 0) {
			if (errno == EAGAIN)
				return false;
			conn_fail(c, errno, open);
			return false;
		}
		c->tx += (__u64)s;
	}
	return true;
}

/*
 * conn_recv: read what is there, checking it against the pattern; 1 at
 * EOF, 0 for more later, -1 when the connection failed.
 */
static int conn_recv(struct conn *c, __u64 limit, long *open)
{
	static __u8 buf[CHUNK];
	ssize_t n;

	for (;;) {
		n = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n == 0)
			return 1;
		if (n < 0) {
			if (errno == EAGAIN)
				return 0;
			conn_fail(c, errno, open);
			return -1;
		}
		if (c->rx + (__u64)n > limit || pattern_diff(buf, c->rx, (size_t)n) >= 0) {
			conn_fail(c, EBADMSG, open);
			return -1;
		}
		c->rx += (__u64)n;
	}
}

/* ep_report: the summary line, and on stderr why connections failed. */
static int ep_report(struct conn *conns, long n, long peak)
{
	long ok = 0, i, j, cnt;
	__u64 bytes = 0;

	for (i = 0; i < n; i++) {
		if (conns[i].state == C_DONE)
			ok++;
		bytes += conns[i].rx;
	}
	printf("conns %ld ok %ld bytes %llu peak %ld\n", n, ok, bytes, peak);
	for (i = 0; i < n; i++) {
		if (conns[i].state != C_FAILED)
			continue;
		for (j = 0; j < i; j++)
			if (conns[j].state == C_FAILED && conns[j].err == conns[i].err)
				break;
		if (j < i)
			continue;
		for (cnt = 0, j = i; j < n; j++)
			cnt += conns[j].state == C_FAILED && conns[j].err == conns[i].err;
		fprintf(stderr, "xtcp_tcp: %ld connections failed with %s%s\n", cnt,
			ename(conns[i].err),
			conns[i].err == EBADMSG ? " (data not the pattern, or too much)" : "");
	}
	return ok == n ? 0 : 1;
}

[[gnu::noreturn]] static void ep_timeout(struct conn *conns, long n, long have)
{
	long st[C_FAILED + 1] = { 0 }, i, shown = 0;
	struct tcp_info ti;
	struct pollfd p;
	socklen_t len;

	for (i = 0; i < have; i++) {
		st[conns[i].state]++;
		if (conns[i].state == C_DONE || conns[i].state == C_FAILED ||
		    shown >= 10)
			continue;
		/* What the kernel says of a stuck one: a lost wakeup shows
		 * as poll() ready here though epoll never said so.
		 */
		memset(&ti, 0, sizeof(ti));
		len = sizeof(ti);
		getsockopt(conns[i].fd, IPPROTO_TCP, TCP_INFO, &ti, &len);
		p = (struct pollfd){ .fd = conns[i].fd,
				     .events = POLLIN | POLLOUT | POLLRDHUP };
		if (poll(&p, 1, 0) < 0)
			p.revents = -1;
		fprintf(stderr,
			"stuck: connection %ld in step %d: TCP state %u, poll() now %#x, unacked %u, retransmits %u\n",
			i, conns[i].state, ti.tcpi_state,
			(unsigned int)p.revents, ti.tcpi_unacked,
			ti.tcpi_retransmits);
		shown++;
	}
	ep_report(conns, have, 0);
	fail("timeout: nothing happened within %d s;"
	     " %ld of %ld connections: %ld connecting, %ld sending, %ld receiving, %ld waiting, %ld done, %ld failed",
	     opt.timeout_ms / 1000, have, n, st[C_CONNECTING], st[C_SENDING],
	     st[C_RECEIVING], st[C_WAITING], st[C_DONE], st[C_FAILED]);
}

/* ep_release_waiting: move the connections that wait for the rest to sending. */
static void ep_release_waiting(int ep, struct conn *conns, long n)
{
	struct conn *c;

	for (c = conns; c < conns + n; c++) {
		if (c->state == C_WAITING) {
			c->state = C_SENDING;
			ep_ctl(ep, EPOLL_CTL_MOD, c->fd, EPOLLOUT, c);
		}
	}
}

static int do_epoll_server(char **argv)
{
	__u16 port = parse_port(argv[0]);
	long n = opt.n, have = 0, open = 0, peak = 0, left = n, i;
	struct epoll_event evs[256];
	struct conn *conns, *c;
	int ep, lfd, k, r;

	raise_nofile(n);
	conns = calloc((size_t)n, sizeof(*conns));
	if (!conns)
		fail("out of memory");
	lfd = listen_on(port, (int)n, true);
	ep = epoll_create1(0);
	if (ep < 0)
		fail_errno("epoll_create1");
	ep_ctl(ep, EPOLL_CTL_ADD, lfd, EPOLLIN, NULL);
	while (left) {
		k = epoll_wait(ep, evs, ARRAY_SIZE(evs), opt.timeout_ms);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			fail_errno("epoll_wait");
		if (k == 0)
			ep_timeout(conns, n, have);
		for (i = 0; i < k; i++) {
			c = evs[i].data.ptr;
			if (!c) {
				int fd;

				while (have < n &&
				       (fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
					c = &conns[have++];
					c->fd = fd;
					c->state = C_RECEIVING;
					if (++open > peak)
						peak = open;
					ep_ctl(ep, EPOLL_CTL_ADD, fd, EPOLLIN, c);
				}
				if (have == n) {
					ep_ctl(ep, EPOLL_CTL_DEL, lfd, 0, NULL);
					close(lfd);
					/* All N are open: send to those that wait. */
					ep_release_waiting(ep, conns, n);
				} else if (errno != EAGAIN && errno != ECONNABORTED &&
					   errno != EINTR) {
					fail_errno("accept4");
				}
				continue;
			}
			if (c->state == C_WAITING) {
				/* Only an error or hangup wakes one that waits. */
				conn_fail(c, ECONNRESET, &open);
				left--;
				continue;
			}
			if (c->state == C_RECEIVING) {
				r = conn_recv(c, UINT64_MAX, &open);
				if (r < 0)
					left--;
				if (r <= 0)
					continue;
				c->want = c->rx;
				c->state = have == n ? C_SENDING : C_WAITING;
				ep_ctl(ep, EPOLL_CTL_MOD, c->fd,
				       c->state == C_SENDING ? EPOLLOUT : 0, c);
				if (c->state == C_WAITING)
					continue;
			}
			if (c->state == C_SENDING) {
				if (conn_send(c, c->want, &open)) {
					conn_finish(c, &open);
					left--;
				} else if (c->state == C_FAILED) {
					left--;
				}
			}
		}
	}
	close(ep);
	return ep_report(conns, n, peak);
}

static int do_epoll_client(char **argv)
{
	long n = opt.n, open = 0, peak = 0, left = n, started = 0, connecting = 0, i;
	__u64 bytes = opt.size;
	struct epoll_event evs[256];
	union addr to;
	socklen_t len = make_addr(&to, argv[0], parse_port(argv[1]));
	struct conn *conns, *c;
	int ep, k, err, r;
	socklen_t elen;

	raise_nofile(n);
	conns = calloc((size_t)n, sizeof(*conns));
	if (!conns)
		fail("out of memory");
	ep = epoll_create1(0);
	if (ep < 0)
		fail_errno("epoll_create1");
	while (left) {
		/* At most -p handshakes at a time (all at once without -p). */
		while (started < n && (!opt.pending || connecting < opt.pending)) {
			c = &conns[started++];
			c->fd = new_socket(true);
			if (opt.laddr)
				bind_local(c->fd, 0);
			if (++open > peak)
				peak = open;
			c->state = C_CONNECTING;
			if (connect(c->fd, &to.sa, len) && errno != EINPROGRESS) {
				conn_fail(c, errno, &open);
				left--;
				continue;
			}
			connecting++;
			ep_ctl(ep, EPOLL_CTL_ADD, c->fd, EPOLLOUT, c);
		}
		if (!left)
			break;
		k = epoll_wait(ep, evs, ARRAY_SIZE(evs), opt.timeout_ms);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			fail_errno("epoll_wait");
		if (k == 0)
			ep_timeout(conns, n, started);
		for (i = 0; i < k; i++) {
			c = evs[i].data.ptr;
			if (c->state == C_CONNECTING) {
				err = 0;
				elen = sizeof(err);
				if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &elen))
					err = errno;
				connecting--;
				if (err) {
					conn_fail(c, err, &open);
					left--;
					continue;
				}
				c->state = C_SENDING;
			}
			if (c->state == C_SENDING) {
				if (!conn_send(c, bytes, &open)) {
					if (c->state == C_FAILED)
						left--;
					continue;
				}
				if (shutdown(c->fd, SHUT_WR)) {
					conn_fail(c, errno, &open);
					left--;
					continue;
				}
				c->state = C_RECEIVING;
				ep_ctl(ep, EPOLL_CTL_MOD, c->fd, EPOLLIN, c);
				continue;
			}
			if (c->state == C_RECEIVING) {
				r = conn_recv(c, bytes, &open);
				if (r == 0)
					continue;
				left--;
				if (r < 0)
					continue;
				if (c->rx == bytes)
					conn_finish(c, &open);
				else
					conn_fail(c, EPIPE, &open);	/* short */
			}
		}
	}
	close(ep);
	return ep_report(conns, n, peak);
}

/* ---------------------------------------------- benchmark (scripts/bench) */

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* rr: connect, request, response, close; N times in a row. */
static int do_rr(char **argv)
{
	static __u8 buf[CHUNK];
	__u64 got;
	double t0 = now_s();
	size_t n;
	long i;
	int fd;

	if (!opt.size || opt.size > CHUNK)
		fail("rr needs -s BYTES, 1 to %d", CHUNK);
	pattern_fill(buf, 0, (size_t)opt.size);
	for (i = 0; i < opt.n; i++) {
		fd = connect_or_fail(argv);
		send_all(fd, buf, (size_t)opt.size);
		shut_wr(fd);
		got = 0;
		while ((n = recv_some(fd, buf, sizeof(buf), "no echo or EOF")))
			got += n;
		if (got != opt.size)
			fail("connection %ld: %llu bytes came back, not %llu", i,
			     (unsigned long long)got,
			     (unsigned long long)opt.size);
		pattern_fill(buf, 0, (size_t)opt.size);
		close(fd);
	}
	printf("rr %ld conns in %.3f s\n", opt.n, now_s() - t0);
	return 0;
}

/* A line from stdin, or EOF: the benchmark's go-ahead. */
static void wait_stdin(void)
{
	char line[64];

	if (!fgets(line, sizeof(line), stdin))
		return;
}

static int do_hold_client(char **argv)
{
	long n = opt.n, started = 0, connecting = 0, up = 0, i;
	struct epoll_event evs[256];
	union addr to;
	socklen_t len = make_addr(&to, argv[0], parse_port(argv[1]));
	socklen_t elen;
	int *fds, ep, k, err;

	raise_nofile(n);
	fds = calloc((size_t)n, sizeof(*fds));
	if (!fds)
		fail("out of memory");
	ep = epoll_create1(0);
	if (ep < 0)
		fail_errno("epoll_create1");
	while (up < n) {
		while (started < n && (!opt.pending || connecting < opt.pending)) {
			fds[started] = new_socket(true);
			if (connect(fds[started], &to.sa, len) &&
			    errno != EINPROGRESS)
				fail_errno("connect");
			ep_ctl(ep, EPOLL_CTL_ADD, fds[started], EPOLLOUT,
			       &fds[started]);
			started++;
			connecting++;
		}
		k = epoll_wait(ep, evs, ARRAY_SIZE(evs), opt.timeout_ms);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			fail_errno("epoll_wait");
		if (k == 0)
			fail("timeout: %ld of %ld connected", up, n);
		for (i = 0; i < k; i++) {
			int fd = *(int *)evs[i].data.ptr;

			err = 0;
			elen = sizeof(err);
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen))
				err = errno;
			if (err) {
				errno = err;
				fail_errno("connect");
			}
			ep_ctl(ep, EPOLL_CTL_DEL, fd, 0, NULL);
			connecting--;
			up++;
		}
	}
	printf("open %ld\n", n);
	fflush(stdout);
	wait_stdin();
	for (i = 0; i < n; i++)
		close(fds[i]);
	printf("closed %ld\n", n);
	fflush(stdout);
	wait_stdin();
	close(ep);
	free(fds);
	return 0;
}

static int do_hold_server(char **argv)
{
	__u16 port = parse_port(argv[0]);
	long n = opt.n, i;
	int *fds, lfd;
	__u8 b;

	raise_nofile(n);
	fds = calloc((size_t)n, sizeof(*fds));
	if (!fds)
		fail("out of memory");
	lfd = listen_on(port, (int)n, false);
	for (i = 0; i < n; i++) {
		wait_fd(lfd, POLLIN, "no connection");
		fds[i] = accept(lfd, NULL, NULL);
		if (fds[i] < 0)
			fail_errno("accept");
	}
	close(lfd);
	/* The client closes them all at once; each read ends at its EOF. */
	for (i = 0; i < n; i++) {
		if (recv_some(fds[i], &b, 1, "no EOF"))
			fail("connection %ld: data instead of EOF", i);
		close(fds[i]);
	}
	printf("done %ld\n", n);
	free(fds);
	return 0;
}

/* ------------------------------------------------------------------ main */

static void enter_netns(const char *ns)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s%s", strchr(ns, '/') ? "" : "/run/netns/", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET))
		fail_errno(path);
	close(fd);
}

[[gnu::noreturn]] static void usage(int rc)
{
	fputs(usage_text, rc ? stderr : stdout);
	exit(rc);
}

static const struct cmd {
	const char *name;
	int nargs;
	int (*fn)(char **argv);
} cmds[] = {
	{ "server", 1, do_server },
	{ "client", 2, do_client },
	{ "halfclose", 2, do_halfclose },
	{ "refused", 2, do_refused },
	{ "epoll-server", 1, do_epoll_server },
	{ "epoll-client", 2, do_epoll_client },
	{ "rr", 2, do_rr },
	{ "hold-client", 2, do_hold_client },
	{ "hold-server", 1, do_hold_server },
};

int main(int argc, char **argv)
{
	const struct cmd *cmd = NULL;
	size_t i;
	int c;

	signal(SIGPIPE, SIG_IGN);
	while ((c = getopt(argc, argv, "f:F:N:l:b:n:m:p:s:S:t:D:A:B:K:R:ch")) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "inet"))
				opt.fam = FAM_INET;
			else if (!strcmp(optarg, "xtcp"))
				opt.fam = FAM_XTCP;
			else
				usage(2);
			break;
		case 'F':
			if (strcmp(optarg, "inet-addr"))
				usage(2);
			opt.fam = FAM_XTCP_INADDR;
			break;
		case 'N':
			enter_netns(optarg);
			break;
		case 'l':
			opt.laddr = optarg;
			break;
		case 'b':
			opt.sport = parse_port(optarg);
			break;
		case 'n':
			opt.n = atol(optarg);
			break;
		case 'p':
			opt.pending = atol(optarg);
			break;
		case 'm':
			opt.mode = optarg;
			break;
		case 's':
			opt.size = parse_bytes(optarg);
			break;
		case 'S':
			opt.seed = parse_bytes(optarg);
			break;
		case 't':
			opt.timeout_ms = atoi(optarg) * 1000;
			break;
		case 'D':
			opt.delay_ms = atoi(optarg);
			break;
		case 'A':
			opt.accept_delay_ms = atoi(optarg);
			break;
		case 'B':
			opt.backlog = atoi(optarg);
			break;
		case 'K':
			if (sscanf(optarg, "%d,%d,%d", &opt.keepalive[0],
				   &opt.keepalive[1], &opt.keepalive[2]) != 3 ||
			    opt.keepalive[0] < 1)
				usage(2);
			break;
		case 'c':
			opt.show_cc = true;
			break;
		case 'R':
			if (!strcmp(optarg, "dupack"))
				opt.recovery = XTCP_RECOVERY_DUPACK;
			else if (!strcmp(optarg, "rfc6675"))
				opt.recovery = XTCP_RECOVERY_RFC6675;
			else if (!strcmp(optarg, "rack"))
				opt.recovery = XTCP_RECOVERY_RACK;
			else
				usage(2);
			break;
		case 'h':
			usage(0);
		default:
			usage(2);
		}
	}
	if (opt.n < 1 || opt.pending < 0 || opt.timeout_ms <= 0 || opt.delay_ms < 0 ||
	    opt.accept_delay_ms < 0 || opt.backlog < 0)
		usage(2);
	if (optind < argc)
		for (i = 0; i < ARRAY_SIZE(cmds); i++)
			if (!strcmp(argv[optind], cmds[i].name))
				cmd = &cmds[i];
	if (!cmd || argc - optind - 1 != cmd->nargs)
		usage(2);
	if (!strcmp(cmd->name, "epoll-client") && !opt.size)
		usage(2);
	return cmd->fn(argv + optind + 1);
}
