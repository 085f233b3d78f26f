// SPDX-License-Identifier: GPL-2.0
/*
 * xhttp - a small HTTP/1.0 client and server on xtcp stream sockets, for
 * the demo and http_test.sh: Linux's own tools (python3 -m http.server,
 * curl) talk to it over the wire, so each end of a web request can be
 * xtcp.
 *
 *   xhttp get URL                 fetch http://ADDR[:PORT]/PATH; the body
 *                                 goes to stdout, the status line and the
 *                                 headers to stderr; exit 0 on a 2xx
 *   xhttp serve [-n N] PORT DIR   serve DIR's files (GET and HEAD) on
 *                                 PORT, N connections (default: forever)
 *
 * Addresses are numeric IPv4 (xtcp has no resolver). The family is the
 * number the module registered (XTCP_FAMILY_PARAM_PATH). Every socket
 * call is bounded by SO_RCVTIMEO/SO_SNDTIMEO of 10 s.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <linux/xtcp.h>

#define HDR_MAX		8192
#define CHUNK		65536
#define IO_TIMEOUT_S	10

static const char usage_text[] =
	"usage: xhttp get URL\n"
	"       xhttp serve [-n N] PORT DIR\n"
	"URL := http://ADDR[:PORT][/PATH], ADDR numeric IPv4\n";

static noreturn void usage(void)
{
	fputs(usage_text, stderr);
	exit(2);
}

static noreturn void fail(const char *fmt, ...)
{
	va_list ap;

	fputs("xhttp: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static noreturn void fail_errno(const char *what)
{
	fail("%s: %s", what, strerror(errno));
}

static int xtcp_family(void)
{
	FILE *f = fopen(XTCP_FAMILY_PARAM_PATH, "r");
	int fam;

	if (!f)
		fail("xtcp is not loaded (%s: %s)", XTCP_FAMILY_PARAM_PATH,
		     strerror(errno));
	if (fscanf(f, "%d", &fam) != 1)
		fail("cannot read %s", XTCP_FAMILY_PARAM_PATH);
	fclose(f);
	return fam;
}

/* Every call on @fd bounded by 10 s. */
static void bound_io(int fd)
{
	struct timeval tv = { .tv_sec = IO_TIMEOUT_S };

	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)))
		fail_errno("setsockopt");
}

/* A stream socket of the xtcp family. */
static int xtcp_socket(void)
{
	int fd = socket(xtcp_family(), SOCK_STREAM, 0);

	if (fd < 0)
		fail_errno("socket");
	return fd;
}

static struct sockaddr_xtcp xtcp_addr(__u32 addr, unsigned int port)
{
	struct sockaddr_xtcp a = {
		.sxtcp_family = (__kernel_sa_family_t)xtcp_family(),
		.sxtcp_port = htons((unsigned short)port),
		.sxtcp_addr = addr,
	};

	return a;
}

static unsigned int parse_port(const char *s, size_t len)
{
	unsigned long v = 0;
	size_t i;

	if (!len || len > 5)
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	return v <= 65535 ? (unsigned int)v : 0;
}

static void send_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len) {
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			fail_errno("send");
		p += n;
		len -= (size_t)n;
	}
}

/* ---- get ---- */

static int do_get(const char *url)
{
	char host[INET_ADDRSTRLEN], req[1024], *buf, *end;
	const char *p, *path, *colon;
	unsigned int port = 80, status;
	size_t len = 0, cap = CHUNK, hlen;
	struct sockaddr_xtcp a;
	struct in_addr in;
	long clen = -1;
	ssize_t n;
	int fd;

	if (strncmp(url, "http://", 7))
		fail("only http:// URLs: %s", url);
	p = url + 7;
	path = strchr(p, '/');
	if (!path)
		path = p + strlen(p);
	colon = memchr(p, ':', (size_t)(path - p));
	if (colon) {
		port = parse_port(colon + 1, (size_t)(path - colon - 1));
		if (!port)
			fail("bad port in %s", url);
	} else {
		colon = path;
	}
	if ((size_t)(colon - p) >= sizeof(host))
		fail("bad address in %s", url);
	memcpy(host, p, (size_t)(colon - p));
	host[colon - p] = '\0';
	if (inet_pton(AF_INET, host, &in) != 1)
		fail("not a numeric IPv4 address: %s", host);

	fd = xtcp_socket();
	bound_io(fd);
	a = xtcp_addr(in.s_addr, port);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)))
		fail_errno("connect");
	n = snprintf(req, sizeof(req),
		     "GET %s HTTP/1.0\r\nHost: %s:%u\r\nUser-Agent: xhttp (xtcp)\r\nConnection: close\r\n\r\n",
		     *path ? path : "/", host, port);
	if (n < 0 || (size_t)n >= sizeof(req))
		fail("URL too long");
	send_all(fd, req, (size_t)n);

	/* HTTP/1.0 with Connection: close: the response ends at EOF. */
	buf = malloc(cap);
	if (!buf)
		fail("out of memory");
	for (;;) {
		if (len == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				fail("out of memory");
		}
		n = recv(fd, buf + len, cap - len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			fail_errno("recv");
		if (!n)
			break;
		len += (size_t)n;
	}
	close(fd);

	end = memmem(buf, len, "\r\n\r\n", 4);
	if (!end || sscanf(buf, "HTTP/%*u.%*u %u", &status) != 1)
		fail("not an HTTP response (%zu bytes)", len);
	hlen = (size_t)(end - buf) + 4;
	fwrite(buf, 1, hlen - 2, stderr);
	for (p = buf; p < end; p = strstr(p, "\r\n") + 2)
		if (!strncasecmp(p, "Content-Length:", 15))
			clen = atol(p + 15);
	if (clen >= 0 && (size_t)clen != len - hlen)
		fail("Content-Length %ld, but %zu bytes came", clen, len - hlen);
	if (fwrite(buf + hlen, 1, len - hlen, stdout) != len - hlen ||
	    fflush(stdout))
		fail_errno("write");
	free(buf);
	return status >= 200 && status < 300 ? 0 : 1;
}

/* ---- serve ---- */

static void respond(int fd, unsigned int code, const char *reason,
		    const char *type, long long clen)
{
	char hdr[512];
	int n;

	n = snprintf(hdr, sizeof(hdr),
		     "HTTP/1.0 %u %s\r\nServer: xhttp (xtcp)\r\nContent-Type: %s\r\nContent-Length: %lld\r\nConnection: close\r\n\r\n",
		     code, reason, type, clen);
	send_all(fd, hdr, (size_t)n);
}

/* An error response with a one-line body; returns @code. */
static unsigned int error_page(int fd, unsigned int code, const char *reason,
			       bool head)
{
	char body[128];
	int n = snprintf(body, sizeof(body), "%u %s\n", code, reason);

	respond(fd, code, reason, "text/plain", n);
	if (!head)
		send_all(fd, body, (size_t)n);
	return code;
}

static const char *content_type(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot && (!strcmp(dot, ".html") || !strcmp(dot, ".htm")))
		return "text/html";
	if (dot && !strcmp(dot, ".txt"))
		return "text/plain";
	return "application/octet-stream";
}

/* One request on @fd; returns the status sent. */
static unsigned int serve_one(int fd, int dirfd)
{
	char req[HDR_MAX + 1], method[16], path[PATH_MAX], buf[CHUNK];
	size_t len = 0;
	struct stat st;
	const char *rel;
	unsigned int code = 200;
	bool head;
	ssize_t n;
	int f;

	while (!memmem(req, len, "\r\n\r\n", 4)) {
		if (len == HDR_MAX)
			return error_page(fd, 431, "Request Header Fields Too Large",
					  false);
		n = recv(fd, req + len, HDR_MAX - len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		len += (size_t)n;
	}
	req[len] = '\0';
	if (sscanf(req, "%15s %4095s HTTP/", method, path) != 2)
		return error_page(fd, 400, "Bad Request", false);
	head = !strcmp(method, "HEAD");
	if (!head && strcmp(method, "GET"))
		return error_page(fd, 405, "Method Not Allowed", false);
	if (path[0] != '/' || strstr(path, ".."))
		return error_page(fd, 403, "Forbidden", head);
	rel = path[1] ? path + 1 : "index.html";
	f = openat(dirfd, rel, O_RDONLY | O_CLOEXEC);
	if (f < 0 || fstat(f, &st) || !S_ISREG(st.st_mode)) {
		if (f >= 0)
			close(f);
		return error_page(fd, 404, "Not Found", head);
	}
	respond(fd, code, "OK", content_type(rel), (long long)st.st_size);
	while (!head && (n = read(f, buf, sizeof(buf))) > 0)
		send_all(fd, buf, (size_t)n);
	close(f);
	return code;
}

static int do_serve(int argc, char **argv)
{
	struct sockaddr_xtcp a, peer;
	socklen_t plen;
	unsigned int port, code;
	long n = -1, i;
	int one = 1, lfd, fd, dirfd, c;
	char ip[INET_ADDRSTRLEN];
	struct in_addr in;

	while ((c = getopt(argc, argv, "n:")) != -1) {
		if (c != 'n')
			usage();
		n = atol(optarg);
		if (n < 1)
			usage();
	}
	if (argc - optind != 2)
		usage();
	port = parse_port(argv[optind], strlen(argv[optind]));
	if (!port)
		fail("bad port %s", argv[optind]);
	dirfd = open(argv[optind + 1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		fail("%s: %s", argv[optind + 1], strerror(errno));

	lfd = xtcp_socket();
	if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)))
		fail_errno("setsockopt(SO_REUSEADDR)");
	a = xtcp_addr(htonl(INADDR_ANY), port);
	if (bind(lfd, (struct sockaddr *)&a, sizeof(a)))
		fail_errno("bind");
	if (listen(lfd, 16))
		fail_errno("listen");
	fprintf(stderr, "xhttp: serving %s on port %u (xtcp family %d)\n",
		argv[optind + 1], port, xtcp_family());
	for (i = 0; n < 0 || i < n; i++) {
		plen = sizeof(peer);
		fd = accept(lfd, (struct sockaddr *)&peer, &plen);
		if (fd < 0 && errno == EINTR)
			continue;
		if (fd < 0)
			fail_errno("accept");
		bound_io(fd);
		code = serve_one(fd, dirfd);
		in.s_addr = peer.sxtcp_addr;
		fprintf(stderr, "%s:%u %u\n",
			inet_ntop(AF_INET, &in, ip, sizeof(ip)),
			ntohs(peer.sxtcp_port), code);
		close(fd);
	}
	close(lfd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "get"))
		return do_get(argv[2]);
	if (argc >= 2 && !strcmp(argv[1], "serve"))
		return do_serve(argc - 1, argv + 1);
	usage();
}
