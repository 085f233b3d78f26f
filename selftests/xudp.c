// SPDX-License-Identifier: GPL-2.0
/*
 * xudp: a tiny UDP tool on AF_XTCP sockets for the interop selftests.
 *
 *   xudp recv PORT [TIMEOUT_MS]      one datagram's payload to stdout; the
 *                                    sender to stderr as "from A:P len N"
 *   xudp send ADDR PORT [SPORT]      stdin as one datagram
 *   xudp refused ADDR PORT [SIZE]    connect, send SIZE bytes (default 1),
 *                                    then recv: prints the errno name the
 *                                    socket reports
 *   xudp hold ADDR PORT SPORT FILE   bind SPORT, connect, wait until FILE
 *                                    exists (at most 60 s), then print what
 *                                    a non-blocking recv and then a send
 *                                    report: "recv=ERRNO send=ok|ERRNO"
 *   xudp ephemeral N                 N sockets bound to port 0, all kept
 *                                    open: one line each, the port or the
 *                                    errno name; then "sendto ERRNO" of an
 *                                    unbound socket (autobind), or "sendto OK"
 */
#include <arpa/inet.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/socket.h>

#include "lib.h"

#define MAX_DGRAM 65536

static int xsock(void)
{
	int fam = xtcp_family();
	int fd;

	if (fam <= 0) {
		fprintf(stderr, "xudp: xtcp is not loaded\n");
		exit(2);
	}
	fd = socket(fam, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("xudp: socket");
		exit(2);
	}
	return fd;
}

static struct sockaddr_xtcp xaddr(const char *ip, const char *port)
{
	struct sockaddr_xtcp a = { .sxtcp_family = (__kernel_sa_family_t)xtcp_family() };

	if (ip && inet_pton(AF_INET, ip, &a.sxtcp_addr) != 1) {
		fprintf(stderr, "xudp: bad address %s\n", ip);
		exit(2);
	}
	a.sxtcp_port = htons((unsigned short)atoi(port));
	return a;
}

static int do_recv(int argc, char **argv)
{
	struct sockaddr_xtcp a = xaddr(NULL, argv[2]), from;
	int timeout = argc > 3 ? atoi(argv[3]) : 5000;
	socklen_t flen = sizeof(from);
	static char buf[MAX_DGRAM];
	struct pollfd pfd;
	char ip[INET_ADDRSTRLEN];
	ssize_t n;
	int fd = xsock();

	if (bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		perror("xudp: bind");
		return 1;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, timeout) != 1) {
		fprintf(stderr, "xudp: nothing within %d ms\n", timeout);
		return 1;
	}
	n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
	if (n < 0) {
		perror("xudp: recvfrom");
		return 1;
	}
	inet_ntop(AF_INET, &from.sxtcp_addr, ip, sizeof(ip));
	fprintf(stderr, "from %s:%u len %zd\n", ip, ntohs(from.sxtcp_port), n);
	return fwrite(buf, 1, n, stdout) == (size_t)n ? 0 : 1;
}

static int do_send(int argc, char **argv)
{
	struct sockaddr_xtcp to = xaddr(argv[2], argv[3]);
	static char buf[MAX_DGRAM];
	size_t len = fread(buf, 1, sizeof(buf), stdin);
	int fd = xsock();

	if (argc > 4) {
		struct sockaddr_xtcp me = xaddr(NULL, argv[4]);

		if (bind(fd, (struct sockaddr *)&me, sizeof(me))) {
			perror("xudp: bind");
			return 1;
		}
	}
	if (sendto(fd, buf, len, 0, (struct sockaddr *)&to, sizeof(to)) != (ssize_t)len) {
		perror("xudp: sendto");
		return 1;
	}
	return 0;
}

static const char *errname(int err)
{
	switch (err) {
	case EAGAIN:
		return "EAGAIN";
	case ECONNREFUSED:
		return "ECONNREFUSED";
	case EMSGSIZE:
		return "EMSGSIZE";
	case EHOSTUNREACH:
		return "EHOSTUNREACH";
	case ENETUNREACH:
		return "ENETUNREACH";
	default:
		return strerror(err);
	}
}

static int do_refused(int argc, char **argv)
{
	struct sockaddr_xtcp to = xaddr(argv[2], argv[3]);
	size_t len = argc > 4 ? (size_t)atoi(argv[4]) : 1;
	static char buf[MAX_DGRAM];
	struct pollfd pfd;
	char c;
	int fd = xsock();

	if (len < 1 || len > sizeof(buf)) {
		fprintf(stderr, "xudp: bad size\n");
		return 2;
	}
	memset(buf, 'x', len);
	if (connect(fd, (struct sockaddr *)&to, sizeof(to))) {
		perror("xudp: connect");
		return 1;
	}
	if (send(fd, buf, len, 0) != (ssize_t)len) {
		perror("xudp: send");
		return 1;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	poll(&pfd, 1, 3000);
	if (recv(fd, &c, 1, MSG_DONTWAIT) < 0)
		printf("%s\n", errname(errno));
	else
		printf("data\n");
	return 0;
}

static int do_ephemeral(char **argv)
{
	struct sockaddr_xtcp any = xaddr(NULL, "0"), me;
	struct sockaddr_xtcp to = xaddr("192.0.2.1", "9");
	int i, n = atoi(argv[2]), fd;
	socklen_t len;

	for (i = 0; i < n; i++) {
		fd = xsock();
		len = sizeof(me);
		if (bind(fd, (struct sockaddr *)&any, sizeof(any)) ||
		    getsockname(fd, (struct sockaddr *)&me, &len))
			printf("%s\n", strerrorname_np(errno));
		else
			printf("%u\n", ntohs(me.sxtcp_port));
	}
	fd = xsock();
	if (sendto(fd, "x", 1, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		printf("sendto %s\n", strerrorname_np(errno));
	else
		printf("sendto OK\n");
	return 0;
}

static int do_hold(char **argv)
{
	struct sockaddr_xtcp to = xaddr(argv[2], argv[3]);
	struct sockaddr_xtcp me = xaddr(NULL, argv[4]);
	struct stat st;
	char c;
	int fd = xsock(), i;

	if (bind(fd, (struct sockaddr *)&me, sizeof(me))) {
		perror("xudp: bind");
		return 1;
	}
	if (connect(fd, (struct sockaddr *)&to, sizeof(to))) {
		perror("xudp: connect");
		return 1;
	}
	for (i = 0; i < 1200 && stat(argv[5], &st); i++)
		usleep(50000);
	if (recv(fd, &c, 1, MSG_DONTWAIT) < 0)
		printf("recv=%s", errname(errno));
	else
		printf("recv=data");
	if (send(fd, "y", 1, 0) == 1)
		printf(" send=ok\n");
	else
		printf(" send=%s\n", errname(errno));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "recv"))
		return do_recv(argc, argv);
	if (argc >= 4 && !strcmp(argv[1], "send"))
		return do_send(argc, argv);
	if (argc >= 4 && !strcmp(argv[1], "refused"))
		return do_refused(argc, argv);
	if (argc >= 6 && !strcmp(argv[1], "hold"))
		return do_hold(argv);
	if (argc >= 3 && !strcmp(argv[1], "ephemeral"))
		return do_ephemeral(argv);
	fprintf(stderr,
		"usage: xudp recv PORT [TIMEOUT_MS] | send ADDR PORT [SPORT] |\n"
		"       refused ADDR PORT [SIZE] | hold ADDR PORT SPORT FILE |\n"
		"       ephemeral N\n");
	return 2;
}
