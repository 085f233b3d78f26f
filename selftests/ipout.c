// SPDX-License-Identifier: GPL-2.0
/*
 * ipout: UDP senders for ip_output_test.sh, on AF_XTCP or AF_INET.
 *
 *   ipout burst FAM ADDR PORT SIZE COUNT SNDBUF
 *       MSG_DONTWAIT sends until EAGAIN or COUNT; prints
 *       "sent N eagain 0|1 outq_max BYTES sndbuf BYTES"
 *   ipout block FAM ADDR PORT SIZE COUNT SNDBUF TIMEOUT_MS
 *       blocking sends with SO_SNDTIMEO until one times out or COUNT;
 *       prints "sent N blocked_ms MS outq_max BYTES sndbuf BYTES"
 *   ipout spray PORT ROUNDS ADDR...
 *       (xtcp) ROUNDS rounds of one 100-byte datagram to each ADDR in turn
 *   ipout ids IFNAME PORT COUNT TIMEOUT_MS
 *       captures IPv4 UDP datagrams to PORT on IFNAME (AF_PACKET): prints
 *       "ready", then "DADDR ID" for each of the first COUNT
 *   ipout echo ADDR PORT SIZE DURATION_MS
 *       (xtcp) sends numbered SIZE-byte datagrams to an echo server for
 *       DURATION_MS, one at a time, resending until the echo comes back;
 *       each echo must equal what was sent. Prints
 *       "datagrams N resent R corrupt C lost L"
 *   ipout pmtu FAM ADDR PORT FILE STEP...
 *       a socket connected to ADDR:PORT runs the STEPs in order and prints
 *       one word for each, on one line:
 *         mode:M   IP_MTU_DISCOVER M           "mode=ok|ERRNO"
 *         ttl:N    IP_TTL N                    "ttl=ok|ERRNO"
 *         tos:N    IP_TOS N (0x.. allowed)     "tos=ok|ERRNO"
 *         send:N   the first N bytes of FILE   "send=ok|ERRNO"
 *         wait:MS  sleep                       "wait"
 *         soerr    SO_ERROR                    "soerr=0|ERRNO"
 *         mtu      IP_MTU                      "mtu=N|ERRNO"
 *   ipout recv PORT COUNT TIMEOUT_MS FILE
 *       (inet) binds PORT, prints "ready", appends the payloads of up to
 *       COUNT datagrams to FILE, then prints "got N"
 *
 * FAM is "xtcp" or "inet". outq_max is the largest SIOCOUTQ (bytes charged
 * to the socket's sk_wmem_alloc) seen after any send.
 */
#include <arpa/inet.h>
#include <poll.h>
#include <stdbool.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <net/if.h>

#include "lib.h"

#define MAX_DGRAM 65536

static int family(const char *fam)
{
	if (!strcmp(fam, "inet"))
		return AF_INET;
	if (xtcp_family() <= 0) {
		fprintf(stderr, "ipout: xtcp is not loaded\n");
		exit(2);
	}
	return xtcp_family();
}

/* sockaddr_xtcp is laid out as sockaddr_in. */
static struct sockaddr_in addr_of(int fam, const char *ip, const char *port)
{
	struct sockaddr_in a = { .sin_family = (sa_family_t)fam };

	if (inet_pton(AF_INET, ip, &a.sin_addr) != 1) {
		fprintf(stderr, "ipout: bad address %s\n", ip);
		exit(2);
	}
	a.sin_port = htons((unsigned short)atoi(port));
	return a;
}

static int sock_sndbuf(int fam, int sndbuf)
{
	int fd = socket(fam, SOCK_DGRAM, 0);

	if (fd < 0) {
		perror("ipout: socket");
		exit(2);
	}
	if (sndbuf && setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf,
				 sizeof(sndbuf))) {
		perror("ipout: SO_SNDBUF");
		exit(2);
	}
	return fd;
}

static int outq(int fd)
{
	int n = -1;

	if (ioctl(fd, SIOCOUTQ, &n)) {
		perror("ipout: SIOCOUTQ");
		exit(2);
	}
	return n;
}

static int getsndbuf(int fd)
{
	socklen_t len = sizeof(int);
	int v = -1;

	getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, &len);
	return v;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int do_send_loop(char **argv, bool block)
{
	int fam = family(argv[2]);
	struct sockaddr_in to = addr_of(fam, argv[3], argv[4]);
	int size = atoi(argv[5]), count = atoi(argv[6]);
	int fd = sock_sndbuf(fam, atoi(argv[7]));
	static char buf[MAX_DGRAM];
	int i, q, max = 0, eagain = 0;
	long long t0, blocked = 0;

	if (block) {
		int ms = atoi(argv[8]);
		struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

		if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv))) {
			perror("ipout: SO_SNDTIMEO");
			return 2;
		}
	}
	memset(buf, 0xa5, sizeof(buf));
	for (i = 0; i < count; i++) {
		t0 = now_ms();
		if (sendto(fd, buf, size, block ? 0 : MSG_DONTWAIT,
			   (struct sockaddr *)&to, sizeof(to)) != size) {
			if (errno != EAGAIN) {
				perror("ipout: sendto");
				return 1;
			}
			eagain = 1;
			blocked = now_ms() - t0;
			break;
		}
		q = outq(fd);
		if (q > max)
			max = q;
	}
	if (block)
		printf("sent %d blocked_ms %lld outq_max %d sndbuf %d\n", i,
		       blocked, max, getsndbuf(fd));
	else
		printf("sent %d eagain %d outq_max %d sndbuf %d\n", i, eagain,
		       max, getsndbuf(fd));
	return 0;
}

static int do_echo(char **argv)
{
	int fam = family("xtcp");
	struct sockaddr_in to = addr_of(fam, argv[2], argv[3]);
	int size = atoi(argv[4]);
	long long end = now_ms() + atoi(argv[5]);
	static unsigned char out[MAX_DGRAM], in[MAX_DGRAM];
	unsigned int seq, got_seq, tries;
	int fd = sock_sndbuf(fam, 0), i;
	long resent = 0, corrupt = 0, lost = 0;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (size < 8 || size > MAX_DGRAM) {
		fprintf(stderr, "ipout: bad size\n");
		return 2;
	}
	if (connect(fd, (struct sockaddr *)&to, sizeof(to))) {
		perror("ipout: connect");
		return 2;
	}
	for (seq = 0; now_ms() < end; seq++) {
		memcpy(out, &seq, sizeof(seq));
		for (i = sizeof(seq); i < size; i++)
			out[i] = (unsigned char)rand();
		for (tries = 0; tries < 50; tries++) {
			if (tries)
				resent++;
			if (send(fd, out, size, 0) != size) {
				perror("ipout: send");
				return 1;
			}
wait:
			if (poll(&pfd, 1, 300) != 1)
				continue;
			n = recv(fd, in, sizeof(in), 0);
			if (n < 0) {
				perror("ipout: recv");
				return 1;
			}
			memcpy(&got_seq, in, sizeof(got_seq));
			if (n >= (ssize_t)sizeof(got_seq) && got_seq != seq)
				goto wait;	/* a late echo of an earlier one */
			if (n != size || memcmp(in, out, size))
				corrupt++;
			break;
		}
		if (tries == 50)
			lost++;
	}
	printf("datagrams %u resent %ld corrupt %ld lost %ld\n", seq, resent,
	       corrupt, lost);
	return 0;
}

static int do_spray(int argc, char **argv)
{
	int fam = family("xtcp"), fd = sock_sndbuf(fam, 0);
	int rounds = atoi(argv[3]), r, i;
	struct sockaddr_in to;
	char buf[100] = "";

	for (r = 0; r < rounds; r++) {
		for (i = 4; i < argc; i++) {
			to = addr_of(fam, argv[i], argv[2]);
			if (sendto(fd, buf, sizeof(buf), 0,
				   (struct sockaddr *)&to, sizeof(to)) < 0) {
				perror("ipout: sendto");
				return 1;
			}
		}
	}
	return 0;
}

static int do_ids(char **argv)
{
	struct sockaddr_ll ll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_IP),
		.sll_ifindex = (int)if_nametoindex(argv[2]),
	};
	unsigned short port = (unsigned short)atoi(argv[3]);
	int count = atoi(argv[4]), got = 0, fd;
	long long end = now_ms() + atoi(argv[5]);
	unsigned char buf[2048];
	char ip[INET_ADDRSTRLEN];
	struct pollfd pfd;
	struct iphdr *iph = (struct iphdr *)buf;
	struct udphdr *uh;
	ssize_t n;

	fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	if (fd < 0 || !ll.sll_ifindex ||
	    bind(fd, (struct sockaddr *)&ll, sizeof(ll))) {
		perror("ipout: packet socket");
		return 2;
	}
	printf("ready\n");
	fflush(stdout);
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (got < count && now_ms() < end) {
		if (poll(&pfd, 1, 100) != 1)
			continue;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < (ssize_t)(sizeof(*iph) + sizeof(*uh)) ||
		    iph->version != 4 || iph->protocol != IPPROTO_UDP ||
		    (ntohs(iph->frag_off) & 0x1fff))
			continue;
		uh = (struct udphdr *)(buf + iph->ihl * 4);
		if (ntohs(uh->dest) != port)
			continue;
		inet_ntop(AF_INET, &iph->daddr, ip, sizeof(ip));
		printf("%s %u\n", ip, ntohs(iph->id));
		fflush(stdout);
		got++;
	}
	return got == count ? 0 : 1;
}

static const char *errname(int err)
{
	static char buf[16];

	switch (err) {
	case 0:
		return "0";
	case EMSGSIZE:
		return "EMSGSIZE";
	case ENOTCONN:
		return "ENOTCONN";
	case ECONNREFUSED:
		return "ECONNREFUSED";
	case EAGAIN:
		return "EAGAIN";
	case EINVAL:
		return "EINVAL";
	}
	snprintf(buf, sizeof(buf), "E%d", err);
	return buf;
}

static int do_pmtu(int argc, char **argv)
{
	int fam = family(argv[2]);
	struct sockaddr_in to = addr_of(fam, argv[3], argv[4]);
	static char buf[MAX_DGRAM];
	int fd = sock_sndbuf(fam, 0), file, i, v;
	socklen_t len;
	ssize_t have;
	char *arg;

	file = open(argv[5], O_RDONLY);
	have = file < 0 ? -1 : read(file, buf, sizeof(buf));
	if (have < 0) {
		perror("ipout: payload file");
		return 2;
	}
	close(file);
	if (connect(fd, (struct sockaddr *)&to, sizeof(to))) {
		perror("ipout: connect");
		return 2;
	}
	for (i = 6; i < argc; i++) {
		arg = strchr(argv[i], ':');
		v = arg ? (int)strtol(arg + 1, NULL, 0) : 0;
		if (i > 6)
			putchar(' ');
		if (!strncmp(argv[i], "mode:", 5) || !strncmp(argv[i], "ttl:", 4) ||
		    !strncmp(argv[i], "tos:", 4)) {
			int opt = argv[i][0] == 'm' ? IP_MTU_DISCOVER :
				  argv[i][1] == 't' ? IP_TTL : IP_TOS;

			printf("%.*s=%s", (int)(arg - argv[i]), argv[i],
			       setsockopt(fd, SOL_IP, opt, &v, sizeof(v)) ?
			       errname(errno) : "ok");
		} else if (!strncmp(argv[i], "send:", 5)) {
			if (v < 0 || v > have) {
				fprintf(stderr, "ipout: %s: FILE is shorter\n",
					argv[i]);
				return 2;
			}
			printf("send=%s", send(fd, buf, v, 0) == v ? "ok" :
			       errname(errno));
		} else if (!strncmp(argv[i], "wait:", 5)) {
			usleep(v * 1000);
			printf("wait");
		} else if (!strcmp(argv[i], "soerr")) {
			len = sizeof(v);
			v = -1;
			getsockopt(fd, SOL_SOCKET, SO_ERROR, &v, &len);
			printf("soerr=%s", errname(v));
		} else if (!strcmp(argv[i], "mtu")) {
			len = sizeof(v);
			if (getsockopt(fd, SOL_IP, IP_MTU, &v, &len))
				printf("mtu=%s", errname(errno));
			else
				printf("mtu=%d", v);
		} else {
			fprintf(stderr, "ipout: unknown step %s\n", argv[i]);
			return 2;
		}
		fflush(stdout);
	}
	putchar('\n');
	return 0;
}

static int do_recv(char **argv)
{
	struct sockaddr_in me = addr_of(AF_INET, "0.0.0.0", argv[2]);
	int count = atoi(argv[3]), got = 0, fd, out;
	long long end = now_ms() + atoi(argv[4]);
	static char buf[MAX_DGRAM];
	struct pollfd pfd;
	ssize_t n;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&me, sizeof(me))) {
		perror("ipout: bind");
		return 2;
	}
	out = open(argv[5], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0) {
		perror("ipout: output file");
		return 2;
	}
	printf("ready\n");
	fflush(stdout);
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (got < count && now_ms() < end) {
		if (poll(&pfd, 1, 100) != 1)
			continue;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0 || write(out, buf, n) != n) {
			perror("ipout: recv");
			return 1;
		}
		got++;
	}
	close(out);
	printf("got %d\n", got);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 8 && !strcmp(argv[1], "burst"))
		return do_send_loop(argv, false);
	if (argc == 9 && !strcmp(argv[1], "block"))
		return do_send_loop(argv, true);
	if (argc >= 5 && !strcmp(argv[1], "spray"))
		return do_spray(argc, argv);
	if (argc == 6 && !strcmp(argv[1], "ids"))
		return do_ids(argv);
	if (argc == 6 && !strcmp(argv[1], "echo"))
		return do_echo(argv);
	if (argc >= 7 && !strcmp(argv[1], "pmtu"))
		return do_pmtu(argc, argv);
	if (argc == 6 && !strcmp(argv[1], "recv"))
		return do_recv(argv);
	fprintf(stderr,
		"usage: ipout burst FAM ADDR PORT SIZE COUNT SNDBUF\n"
		"       ipout block FAM ADDR PORT SIZE COUNT SNDBUF TIMEOUT_MS\n"
		"       ipout spray PORT ROUNDS ADDR...\n"
		"       ipout ids IFNAME PORT COUNT TIMEOUT_MS\n"
		"       ipout echo ADDR PORT SIZE DURATION_MS\n"
		"       ipout pmtu FAM ADDR PORT FILE STEP...\n"
		"       ipout recv PORT COUNT TIMEOUT_MS FILE\n");
	return 2;
}
