// SPDX-License-Identifier: GPL-2.0
/*
 * xfault: the helper of xtcp's teardown, fault and GSO selftests. Each
 * subcommand prints what it saw and exits 0 only if everything held.
 *
 *   xfault modloop N DEV...        N times: load xtcp, attach DEV..., give
 *                                  the first an address, detach all but
 *                                  the last, unload (the last is detached
 *                                  by the module's exit)
 *   xfault failnth insmod          fail the 1st, 2nd, ... slab allocation
 *                                  (insmod: the last, the one before, ...
 *                                  back to one in the module loader)
 *   xfault failnth netns           of one call through /proc/thread-self/
 *                                  (netns: from shortly before xtcp's
 *                                  pernet init to shortly after it,
 *                                  found by its tracepoint)
 *   xfault failnth link DEV        fail-nth until the call succeeds; every
 *   xfault failnth addr DEV A/P    failure must be an errno that leaves
 *   xfault failnth socket          no trace (module, namespace, device,
 *   xfault failnth bind            address, socket count)
 *   xfault recvn PORT MAX IDLE_MS  AF_XTCP: receive up to MAX datagrams,
 *                                  stop IDLE_MS after the last; payloads
 *                                  to stdout, "len N" lines to stderr
 *   xfault flood [-4] ADDR PORT SECONDS [SIZE [GAP_US]]
 *                                  send datagrams for SECONDS (AF_XTCP, or
 *                                  AF_INET with -4), GAP_US apart; print
 *                                  sent and errnos
 *   xfault churn SECONDS DEV GAP_US
 *                                  for SECONDS, in rounds: add 10.0.0.3/24,
 *                                  add 10.9.0.0/16 via 10.0.0.1, delete
 *                                  and re-add 10.0.0.2/24, delete both
 *                                  again; GAP_US after each step
 *   xfault sink [-4] PORT SECONDS  receive for SECONDS (or until SIGTERM),
 *                                  then what is still queued; print the
 *                                  count
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "lib.h"
#include "xnl.h"

#define MAX_DGRAM	65536
#define FAILNTH_MAX	20000

static const char *errname(int err)
{
	switch (err) {
	case 0: return "0";
	case ENOMEM: return "ENOMEM";
	case ENOBUFS: return "ENOBUFS";
	case EEXIST: return "EEXIST";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case EAGAIN: return "EAGAIN";
	case EADDRINUSE: return "EADDRINUSE";
	case ENETUNREACH: return "ENETUNREACH";
	case EHOSTUNREACH: return "EHOSTUNREACH";
	case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
	case ENETDOWN: return "ENETDOWN";
	case ECONNREFUSED: return "ECONNREFUSED";
	case EAFNOSUPPORT: return "EAFNOSUPPORT";
	case ENOENT: return "ENOENT";
	default: return strerror(err);
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- generic netlink to the xtcp family (xnl.h) */

/* xnl_open(), saying why it failed. */
static int xfault_nl_open(struct nl_sock *nl)
{
	int err = xnl_open(nl);

	if (err)
		fprintf(stderr, "xfault: xtcp genl family: %s\n", errname(-err));
	return err;
}

struct xnl_find {
	int	ifindex;
	__u32	addr;		/* 0: find the link */
	int	found;
};

static int xnl_find_cb(const struct nlattr **tb, void *arg)
{
	struct xnl_find *f = arg;

	if ((int)nla_u32(tb[XTCP_A_IFINDEX]) != f->ifindex)
		return 0;
	if (!f->addr || nla_u32(tb[XTCP_A_ADDR]) == f->addr)
		f->found = 1;
	return 0;
}

/* Is @ifindex attached (@addr 0), or does it have @addr? -errno on error. */
static int xnl_has(struct nl_sock *nl, int ifindex, __u32 addr)
{
	struct xnl_find f = { .ifindex = ifindex, .addr = addr };
	struct nl_req req;
	int err;

	nl_req_init(&req, nl->family, NLM_F_DUMP,
		    addr ? XTCP_CMD_ADDR_GET : XTCP_CMD_LINK_GET,
		    XTCP_GENL_VERSION);
	err = nl_talk(nl, &req, XTCP_A_MAX, xnl_find_cb, &f);
	return err ? err : f.found;
}

static int ifindex_of(const char *name)
{
	int i = (int)if_nametoindex(name);

	if (!i)
		fprintf(stderr, "xfault: no device %s\n", name);
	return i;
}

/* ---- modloop */

static int do_modloop(int argc, char **argv)
{
	int n = atoi(argv[2]), ndev = argc - 3, i, d, err;
	int ifindex[16];
	struct nl_sock nl;

	if (ndev < 1 || ndev > 16)
		return 2;
	for (d = 0; d < ndev; d++) {
		ifindex[d] = ifindex_of(argv[3 + d]);
		if (!ifindex[d])
			return 1;
	}
	for (i = 0; i < n; i++) {
		err = xtcp_load(NULL);
		if (err) {
			fprintf(stderr, "xfault: round %d: load: %s\n", i, errname(-err));
			return 1;
		}
		if (xfault_nl_open(&nl))
			return 1;
		for (d = 0; d < ndev; d++) {
			err = xnl_link(&nl, XTCP_CMD_LINK_ADD, ifindex[d]);
			if (err) {
				fprintf(stderr, "xfault: round %d: attach %s: %s %s\n",
					i, argv[3 + d], errname(-err), nl.msg);
				return 1;
			}
		}
		/* 10.99.<round>.1/24: an address and its connected route. */
		err = xnl_addr(&nl, XTCP_CMD_ADDR_ADD, ifindex[0],
			       htonl(0x0a630001 | (i & 0xff) << 8), 24);
		if (err) {
			fprintf(stderr, "xfault: round %d: addr add: %s %s\n",
				i, errname(-err), nl.msg);
			return 1;
		}
		for (d = 0; d < ndev - 1; d++) {
			err = xnl_link(&nl, XTCP_CMD_LINK_DEL, ifindex[d]);
			if (err) {
				fprintf(stderr, "xfault: round %d: detach %s: %s\n",
					i, argv[3 + d], errname(-err));
				return 1;
			}
		}
		nl_close(&nl);
		err = xtcp_unload();
		if (err) {
			fprintf(stderr, "xfault: round %d: unload: %s\n", i, errname(-err));
			return 1;
		}
	}
	printf("%d rounds: load, attach %d, detach %d, unload\n", n, ndev, ndev - 1);
	return 0;
}

/*
 * churn: while traffic flows, add and delete a second address, the main
 * address (and so its connected route) and two routes through netlink,
 * as fast as the kernel answers, GAP_US between steps.
 */
static int do_churn(char **argv)
{
	const __u32 main_a = htonl(0x0a000002), second = htonl(0x0a000003);
	const __u32 gw = htonl(0x0a000001), net9 = htonl(0x0a090000);
	unsigned int gap = (unsigned int)atoi(argv[4]);
	double end = now_s() + atof(argv[2]);
	int ifindex = ifindex_of(argv[3]), rounds = 0, step, err = 0;
	struct nl_sock nl;

	if (!ifindex || xfault_nl_open(&nl))
		return 1;
	while (!err && now_s() < end) {
		for (step = 0; step < 6 && !err; step++) {
			switch (step) {
			case 0:
				err = xnl_addr(&nl, XTCP_CMD_ADDR_ADD, ifindex, second, 24);
				break;
			case 1:
				err = xnl_route(&nl, XTCP_CMD_ROUTE_ADD, net9, 16, gw);
				break;
			case 2:
				err = xnl_addr(&nl, XTCP_CMD_ADDR_DEL, ifindex, main_a, 24);
				break;
			case 3:
				err = xnl_addr(&nl, XTCP_CMD_ADDR_ADD, ifindex, main_a, 24);
				break;
			case 4:
				err = xnl_route(&nl, XTCP_CMD_ROUTE_DEL, net9, 16, 0);
				break;
			case 5:
				err = xnl_addr(&nl, XTCP_CMD_ADDR_DEL, ifindex, second, 24);
				break;
			}
			if (gap)
				usleep(gap);
		}
		rounds++;
	}
	if (err) {
		fprintf(stderr, "xfault: churn round %d step %d: %s %s\n", rounds,
			step - 1, errname(-err), nl.msg);
		return 1;
	}
	nl_close(&nl);
	printf("churn: %d rounds\n", rounds);
	return 0;
}

/* ---- fail-nth */

static int failnth_fd = -1;

static void failnth_arm(int nth)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%d", nth);

	if (pwrite(failnth_fd, buf, len, 0) != len) {
		perror("xfault: fail-nth");
		exit(2);
	}
}

/* True if the armed fault was injected; disarms it otherwise. */
static int failnth_fired(void)
{
	char buf[32] = "";

	if (pread(failnth_fd, buf, sizeof(buf) - 1, 0) <= 0) {
		perror("xfault: fail-nth");
		exit(2);
	}
	if (atoi(buf) == 0)
		return 1;
	failnth_arm(0);
	return 0;
}

struct failnth_op {
	const char	*name;
	/* Before arming, each round: 0 or -errno. May be NULL. */
	int		(*prepare)(void *arg);
	/* The call under test: 0 or -errno. */
	int		(*call)(void *arg);
	/* After a failure: put back what a partial success left, check the
	 * state is as before. 0 if so, else print why and return 1.
	 */
	int		(*after_fail)(void *arg, int err);
	/* After the success: undo it. */
	int		(*undo)(void *arg);
	/* After each injected fault: nonzero ends the sweep there, before
	 * the call stops failing; the call is then made once with no fault
	 * and must succeed. May be NULL (sweep until no fault fires).
	 */
	int		(*stop)(void *arg, int nth, int err);
	void		*arg;
	/* The first nth to fail (0: 1), and what it was found by (printed). */
	int		first;
	const char	*first_why;
	/* What stop() saw, printed after where the sweep ended. */
	const char	*stop_why;
};

static int failnth_run(const struct failnth_op *op)
{
	int nth, err, fired, faults = 0, errs[8] = { 0 }, nerrs[8] = { 0 }, i;
	int stopped = 0;
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/task/%ld/fail-nth",
		 (long)syscall(SYS_gettid));
	if (failnth_fd < 0)
		failnth_fd = open(path, O_RDWR);
	if (failnth_fd < 0) {
		perror("xfault: open fail-nth");
		return 2;
	}
	for (nth = op->first > 1 ? op->first : 1; nth < FAILNTH_MAX; nth++) {
		if (op->prepare) {
			err = op->prepare(op->arg);
			if (err) {
				fprintf(stderr, "xfault: %s: prepare: %s\n",
					op->name, errname(-err));
				return 1;
			}
		}
		failnth_arm(nth);
		err = op->call(op->arg);
		fired = failnth_fired();
		if (!fired) {
			if (err) {
				fprintf(stderr, "xfault: %s: %s without a fault (nth %d)\n",
					op->name, errname(-err), nth);
				return 1;
			}
			break;
		}
		faults++;
		if (err) {
			for (i = 0; i < 7 && errs[i] && errs[i] != -err; i++)
				;
			errs[i] = -err;
			nerrs[i]++;
		}
		if (op->after_fail(op->arg, err))
			return 1;
		if (op->stop && op->stop(op->arg, nth, err)) {
			stopped = 1;
			break;
		}
	}
	if (stopped) {
		/* No fault: it must work (undo checks what it built). */
		if (op->prepare && op->prepare(op->arg))
			return 1;
		err = op->call(op->arg);
		if (err) {
			fprintf(stderr, "xfault: %s: %s with no fault, after nth %d\n",
				op->name, errname(-err), nth);
			return 1;
		}
	} else if (nth == FAILNTH_MAX) {
		fprintf(stderr, "xfault: %s: no success in %d tries\n", op->name, nth);
		return 1;
	}
	if (stopped)
		printf("%s: %d faults injected, stopped after nth %d, %s",
		       op->name, faults, nth, "then success with no fault");
	else
		printf("%s: %d faults injected, success at nth %d", op->name,
		       faults, nth);
	printf("%s; errnos:", op->stop_why ? op->stop_why : "");
	for (i = 0; i < 8 && errs[i]; i++)
		printf(" %s x%d", errname(errs[i]), nerrs[i]);
	printf("%s%s\n", faults > 0 && !errs[0] ? " none" : "",
	       op->first_why ? op->first_why : "");
	close(failnth_fd);
	failnth_fd = -1;
	return op->undo ? op->undo(op->arg) : 0;
}

/*
 * insmod. The module loader's own allocations come first, and 6.1 has
 * failure paths there that are not xtcp's to test (and that leave state
 * behind for the next load). So the loop runs backwards: a clean load
 * counts its allocations (T), then nth = T, T-1, ... fails the loader's
 * tail, then xtcp_init()'s allocations, and stops at the first failed
 * load after which xtcp did not log "init failed": the fault was in the
 * loader, before xtcp_init() ran.
 */
static int kmsg_fd = -1;

/* Skip what the kernel log holds so far. */
static void kmsg_skip(void)
{
	lseek(kmsg_fd, 0, SEEK_END);
}

/* Has a record containing @needle been logged since kmsg_skip()? */
static int kmsg_saw(const char *needle)
{
	char rec[2048];
	ssize_t n;
	int found = 0;

	while ((n = read(kmsg_fd, rec, sizeof(rec) - 1)) > 0 ||
	       (n < 0 && errno == EPIPE)) {
		if (n <= 0)
			continue;
		rec[n] = '\0';
		if (strstr(rec, needle))
			found = 1;
	}
	return found;
}

/*
 * finit_module() alone: opening and closing the .ko allocate too, and a
 * failed allocation in 9p's close (the VM's root file system) breaks the
 * next open.
 */
static int ko_fd = -1;

static int load_ko(void)
{
	return syscall(SYS_finit_module, ko_fd, "", 0) ? -errno : 0;
}

static int do_failnth_insmod(void)
{
	const int big = 1000000;
	int nth, total, err, fired, faults = 0, survived = 0, left;
	char path[64], buf[32] = "";

	ko_fd = open(xtcp_ko_path(), O_RDONLY | O_CLOEXEC);
	if (ko_fd < 0) {
		perror("xfault: open xtcp.ko");
		return 2;
	}

	snprintf(path, sizeof(path), "/proc/self/task/%ld/fail-nth",
		 (long)syscall(SYS_gettid));
	failnth_fd = open(path, O_RDWR);
	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (failnth_fd < 0 || kmsg_fd < 0) {
		perror("xfault: open fail-nth or /dev/kmsg");
		return 2;
	}
	failnth_arm(big);
	err = load_ko();
	if (pread(failnth_fd, buf, sizeof(buf) - 1, 0) <= 0) {
		perror("xfault: fail-nth");
		return 2;
	}
	failnth_arm(0);
	left = atoi(buf);
	if (err || left <= 0 || xtcp_unload()) {
		fprintf(stderr, "xfault: insmod: a clean load: %s\n", errname(-err));
		return 1;
	}
	total = big - left;
	for (nth = total; nth > 0; nth--) {
		kmsg_skip();
		failnth_arm(nth);
		err = load_ko();
		fired = failnth_fired();
		if (!fired) {
			/* Past the end: a load can take fewer allocations
			 * than the first (caches warmed up). It must work.
			 */
			if (err || xtcp_unload()) {
				fprintf(stderr, "xfault: insmod: %s without a fault (nth %d)\n",
					errname(-err), nth);
				return 1;
			}
			continue;
		}
		faults++;
		if (!err) {
			survived++;
			err = xtcp_unload();
			if (err) {
				fprintf(stderr, "xfault: insmod: rmmod after nth %d: %s\n",
					nth, errname(-err));
				return 1;
			}
			continue;
		}
		if (xtcp_module_loaded()) {
			fprintf(stderr, "xfault: insmod failed (%s, nth %d) but xtcp is loaded\n",
				errname(-err), nth);
			return 1;
		}
		if (!kmsg_saw("xtcp: init failed"))
			break;		/* in the loader: done */
	}
	printf("insmod: %d allocations in a clean load; %d faults from the last",
	       total, faults);
	printf(" back into the loader (nth %d), %d survived by the load\n",
	       nth, survived);
	close(kmsg_fd);
	close(failnth_fd);
	close(ko_fd);
	return nth > 0 ? 0 : 1;
}

/* netns: unshare(CLONE_NEWNET), then go back */
static int netns_home = -1;

static int fn_netns_call(void *arg)
{
	(void)arg;
	return unshare(CLONE_NEWNET) ? -errno : 0;
}

static int netns_back(void)
{
	if (setns(netns_home, CLONE_NEWNET)) {
		perror("xfault: setns");
		return 1;
	}
	return 0;
}

static int fn_netns_after(void *arg, int err)
{
	(void)arg;
	struct stat a, b;

	if (!err)
		return netns_back();
	/* A failed unshare leaves the caller where it was. */
	if (stat("/proc/self/ns/net", &a) || fstat(netns_home, &b) ||
	    a.st_ino != b.st_ino) {
		fprintf(stderr, "xfault: unshare failed but moved the task\n");
		return 1;
	}
	return 0;
}

/*
 * Where xtcp's pernet init starts among a namespace's allocations. The
 * core and every built-in subsystem allocate before it, over a thousand
 * times under the debug config, and their failure paths are not xtcp's to
 * test. So fail-nth bisects: a fault before xtcp's init that fails the
 * unshare means the xtcp_netns tracepoint never says "init". The sweep
 * then starts NETNS_MARGIN allocations earlier, since the count varies a
 * little from one namespace to the next.
 *
 * The same holds past its end: xtcp_net_init() is a pernet subsystem, so
 * the devices' pernet inits (loopback, tunnels, their kobjects and
 * sysctls) run after it, and its netdevice notifier ignores devices that
 * are not attached, as none in a new namespace is. Once a fault fails the
 * unshare after "init_done err=0", the later ones only unwind the same
 * way through xtcp_net_exit(); the sweep goes on NETNS_MARGIN
 * allocations past the first such fault, then one unshare with no fault
 * must succeed.
 */
#define TRACEFS		"/sys/kernel/tracing"
#define NETNS_MARGIN	100

static int tracefs_write(const char *file, const char *val)
{
	char path[128];
	int fd, ok;

	snprintf(path, sizeof(path), TRACEFS "/%s", file);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok ? 0 : -1;
}

/* What xtcp's pernet init did since the trace was cleared. */
enum { NETNS_NO_INIT, NETNS_INIT_FAILED, NETNS_INIT_DONE };

static int netns_init_traced(void)
{
	static char buf[1 << 16];
	int fd = open(TRACEFS "/trace", O_RDONLY | O_CLOEXEC);
	ssize_t n, len = 0;

	if (fd < 0)
		return -1;
	while (len < (ssize_t)sizeof(buf) - 1 &&
	       (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	if (!strstr(buf, "xtcp_netns: net=") || !strstr(buf, " init err="))
		return NETNS_NO_INIT;
	return strstr(buf, " init_done err=0") ? NETNS_INIT_DONE : NETNS_INIT_FAILED;
}

/*
 * Fail allocation @nth of an unshare(). 0: the fault came before xtcp's
 * init (the unshare failed, no "init"); 1: at or after its start (failed
 * with "init"); 2: undecided, the fault was tolerated and the unshare
 * succeeded, so xtcp's init ran whether the fault came before it or not.
 * -1: tracefs or setns failed.
 */
static int netns_probe(int nth)
{
	int err, seen;

	if (tracefs_write("trace", ""))
		return -1;
	failnth_arm(nth);
	err = fn_netns_call(NULL);
	failnth_fired();
	seen = netns_init_traced();
	if (!err && netns_back())
		return -1;
	if (seen < 0)
		return -1;
	if (!err)
		return 2;
	return seen != NETNS_NO_INIT;
}

static int netns_find_first(struct failnth_op *op)
{
	static char why[96];
	int lo = 1, hi, mid, n, r, total, left, probes = 0;
	char path[64], buf[32] = "";

	snprintf(path, sizeof(path), "/proc/self/task/%ld/fail-nth",
		 (long)syscall(SYS_gettid));
	failnth_fd = open(path, O_RDWR);
	if (failnth_fd < 0 ||
	    tracefs_write("events/xtcp/xtcp_netns/enable", "1") ||
	    tracefs_write("tracing_on", "1")) {
		perror("xfault: fail-nth or " TRACEFS);
		return 2;
	}
	/* A clean creation counts its allocations. */
	failnth_arm(1000000);
	r = fn_netns_call(NULL);
	if (pread(failnth_fd, buf, sizeof(buf) - 1, 0) <= 0)
		return 2;
	failnth_arm(0);
	left = atoi(buf);
	if (r || netns_back() || left <= 0) {
		fprintf(stderr, "xfault: netns: a clean unshare: %s\n", errname(-r));
		return 1;
	}
	total = 1000000 - left;
	/*
	 * Smallest nth whose fault, or the next decided one after it, falls
	 * in or after xtcp's init: an undecided probe takes the answer of the
	 * next allocation's. Tolerated allocations just before xtcp's init
	 * can only move the start earlier.
	 */
	hi = total;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		for (n = mid, r = 2; n < hi && r == 2; n++, probes++)
			r = netns_probe(n);
		if (r < 0) {
			fprintf(stderr, "xfault: netns: probe at nth %d failed\n", n - 1);
			return 2;
		}
		if (r == 0)
			lo = n;		/* n - 1 was before xtcp's init */
		else
			hi = mid;	/* 1, or undecided up to hi */
	}
	op->first = lo > NETNS_MARGIN ? lo - NETNS_MARGIN : 1;
	snprintf(why, sizeof(why),
		 "; from nth %d (xtcp's init at allocation %d of %d, %d probes)",
		 op->first, lo, total, probes);
	op->first_why = why;
	return 0;
}

/* The sweep: where each fault that failed the unshare fell. */
struct fn_netns {
	/*
	 * The first nth since one in or before xtcp's init whose fault
	 * failed the unshare after it.
	 */
	int	first_after;
	int	inside, in_first, in_last;	/* failed xtcp's init */
	char	why[160];
};

static int fn_netns_prepare(void *arg)
{
	(void)arg;
	return tracefs_write("trace", "") ? -EIO : 0;
}

static int fn_netns_stop(void *arg, int nth, int err)
{
	struct fn_netns *ns = arg;
	int seen;

	if (!err)
		return 0;	/* tolerated: says nothing */
	seen = netns_init_traced();
	if (seen < 0)
		return 0;	/* no trace: sweep to the end */
	if (seen == NETNS_INIT_FAILED) {
		if (!ns->inside++)
			ns->in_first = nth;
		ns->in_last = nth;
	}
	if (ns->inside)
		snprintf(ns->why, sizeof(ns->why),
			 " (%d failed xtcp's init, nth %d to %d)",
			 ns->inside, ns->in_first, ns->in_last);
	if (seen != NETNS_INIT_DONE) {
		ns->first_after = 0;
		return 0;
	}
	if (!ns->first_after)
		ns->first_after = nth;
	if (nth < ns->first_after + NETNS_MARGIN)
		return 0;
	snprintf(ns->why, sizeof(ns->why),
		 " (%d failed xtcp's init, nth %d to %d; %d past nth %d, %s)",
		 ns->inside, ns->in_first, ns->in_last, nth - ns->first_after,
		 ns->first_after, "the first to fail the unshare after it");
	return 1;
}

static int fn_netns_undo(void *arg)
{
	struct fn_netns *ns = arg;

	/* The sweep must have reached xtcp's init. */
	if (!ns->inside) {
		fprintf(stderr, "xfault: netns: no fault failed xtcp's init\n");
		netns_back();
		return 1;
	}
	/* The new namespace must have xtcp's state. */
	if (access("/proc/net/xtcp_snmp", R_OK) ||
	    access("/proc/net/xtcp_udp", R_OK)) {
		fprintf(stderr, "xfault: new netns has no /proc/net/xtcp_*\n");
		return 1;
	}
	return netns_back();
}

/* link add / addr add */
struct fn_nl {
	struct nl_sock	nl;
	int		ifindex;
	__u32		addr;
	__u8		plen;
};

static int fn_link_call(void *arg)
{
	struct fn_nl *f = arg;

	return xnl_link(&f->nl, XTCP_CMD_LINK_ADD, f->ifindex);
}

static int fn_addr_call(void *arg)
{
	struct fn_nl *f = arg;

	return xnl_addr(&f->nl, XTCP_CMD_ADDR_ADD, f->ifindex, f->addr, f->plen);
}

/* A netlink socket that lost an ACK to ENOBUFS: start afresh. */
static int fn_nl_reopen(struct fn_nl *f)
{
	nl_close(&f->nl);
	return xfault_nl_open(&f->nl);
}

/*
 * A failed request either changed nothing or (when only the ACK was lost)
 * did it all: remove it if it is there, then check it is gone.
 */
static int fn_nl_after(struct fn_nl *f, int err, int is_addr)
{
	int has;

	if (fn_nl_reopen(f))
		return 1;
	has = xnl_has(&f->nl, f->ifindex, is_addr ? f->addr : 0);
	if (has < 0)
		return 1;
	if (has && err != -ENOBUFS && err) {
		fprintf(stderr, "xfault: %s failed with %s but took effect\n",
			is_addr ? "addr add" : "link add", errname(-err));
		return 1;
	}
	if (has) {
		err = is_addr ? xnl_addr(&f->nl, XTCP_CMD_ADDR_DEL, f->ifindex,
					 f->addr, f->plen) :
				xnl_link(&f->nl, XTCP_CMD_LINK_DEL, f->ifindex);
		if (err) {
			fprintf(stderr, "xfault: undo: %s\n", errname(-err));
			return 1;
		}
	}
	return 0;
}

static int fn_link_after(void *arg, int err)
{
	return fn_nl_after(arg, err, 0);
}

static int fn_addr_after(void *arg, int err)
{
	return fn_nl_after(arg, err, 1);
}

static int fn_link_undo(void *arg)
{
	struct fn_nl *f = arg;

	return xnl_has(&f->nl, f->ifindex, 0) == 1 ? 0 : 1;
}

static int fn_addr_undo(void *arg)
{
	struct fn_nl *f = arg;

	return xnl_has(&f->nl, f->ifindex, f->addr) == 1 ? 0 : 1;
}

/* socket / bind */
static int sockets_inuse(void)
{
	char line[256];
	int n = -1;
	FILE *fp = fopen("/proc/net/xtcp_snmp", "r");

	if (!fp)
		return -1;
	while (fgets(line, sizeof(line), fp))
		if (sscanf(line, "XtcpSockets: inuse %d", &n) == 1)
			break;
	fclose(fp);
	return n;
}

struct fn_sock {
	int	fd;
	int	inuse;
};

static int fn_socket_call(void *arg)
{
	struct fn_sock *s = arg;

	s->fd = socket(xtcp_family(), SOCK_DGRAM, 0);
	return s->fd < 0 ? -errno : 0;
}

static int fn_sock_check(struct fn_sock *s)
{
	int n;

	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	/* A socket's destructor may run after an RCU grace period. */
	for (n = 0; n < 100 && sockets_inuse() != s->inuse; n++)
		usleep(10000);
	if (sockets_inuse() != s->inuse) {
		fprintf(stderr, "xfault: XtcpSockets inuse %d, want %d\n",
			sockets_inuse(), s->inuse);
		return 1;
	}
	return 0;
}

static int fn_socket_after(void *arg, int err)
{
	(void)err;
	return fn_sock_check(arg);
}

static int fn_bind_prepare(void *arg)
{
	struct fn_sock *s = arg;

	s->fd = socket(xtcp_family(), SOCK_DGRAM, 0);
	return s->fd < 0 ? -errno : 0;
}

static int fn_bind_call(void *arg)
{
	struct fn_sock *s = arg;
	struct sockaddr_xtcp a = {
		.sxtcp_family = (__kernel_sa_family_t)xtcp_family(),
		.sxtcp_port = htons(7777),
	};

	return bind(s->fd, (struct sockaddr *)&a, sizeof(a)) ? -errno : 0;
}

/* After bind: the port must be free again once the socket closes. */
static int fn_bind_after(void *arg, int err)
{
	struct fn_sock *s = arg;

	if (fn_sock_check(s))
		return 1;
	if (fn_bind_prepare(s))
		return 1;
	err = fn_bind_call(s);
	if (err) {
		fprintf(stderr, "xfault: bind after a failed bind: %s\n",
			errname(-err));
		close(s->fd);
		s->fd = -1;
		return 1;
	}
	return fn_sock_check(s);
}

static int fn_sock_undo(void *arg)
{
	return fn_sock_check(arg);
}

static int do_failnth(int argc, char **argv)
{
	struct failnth_op op = { .name = argv[2] };
	struct fn_sock sk = { .fd = -1 };
	struct fn_netns ns = { 0 };
	struct fn_nl f;
	char *slash;
	int ret;

	if (!strcmp(argv[2], "insmod"))
		return do_failnth_insmod();
	if (!strcmp(argv[2], "netns")) {
		netns_home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (netns_home < 0)
			return 2;
		op.arg = &ns;
		op.prepare = fn_netns_prepare;
		op.call = fn_netns_call;
		op.after_fail = fn_netns_after;
		op.undo = fn_netns_undo;
		op.stop = fn_netns_stop;
		op.stop_why = ns.why;
		if (netns_find_first(&op))
			return 1;
	} else if ((!strcmp(argv[2], "link") && argc == 4) ||
		   (!strcmp(argv[2], "addr") && argc == 5)) {
		memset(&f, 0, sizeof(f));
		f.ifindex = ifindex_of(argv[3]);
		if (!f.ifindex || xfault_nl_open(&f.nl))
			return 1;
		op.arg = &f;
		if (argv[2][0] == 'l') {
			op.call = fn_link_call;
			op.after_fail = fn_link_after;
			op.undo = fn_link_undo;
		} else {
			slash = strchr(argv[4], '/');
			if (!slash)
				return 2;
			*slash = '\0';
			if (inet_pton(AF_INET, argv[4], &f.addr) != 1)
				return 2;
			f.plen = (__u8)atoi(slash + 1);
			op.call = fn_addr_call;
			op.after_fail = fn_addr_after;
			op.undo = fn_addr_undo;
		}
	} else if (!strcmp(argv[2], "socket") || !strcmp(argv[2], "bind")) {
		sk.inuse = sockets_inuse();
		if (sk.inuse < 0)
			return 2;
		op.arg = &sk;
		op.undo = fn_sock_undo;
		if (argv[2][0] == 's') {
			op.call = fn_socket_call;
			op.after_fail = fn_socket_after;
		} else {
			op.prepare = fn_bind_prepare;
			op.call = fn_bind_call;
			op.after_fail = fn_bind_after;
		}
	} else {
		return 2;
	}
	ret = failnth_run(&op);
	if (op.stop)	/* netns: its event, on since netns_find_first() */
		tracefs_write("events/xtcp/xtcp_netns/enable", "0");
	return ret;
}

/* ---- traffic */

static int udp_socket(int inet)
{
	int fd = socket(inet ? AF_INET : xtcp_family(), SOCK_DGRAM, 0);

	if (fd < 0)
		perror("xfault: socket");
	return fd;
}

static int fill_addr(int inet, struct sockaddr_in *sin, const char *ip,
		     const char *port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = inet ? AF_INET : (sa_family_t)xtcp_family();
	sin->sin_port = htons((unsigned short)atoi(port));
	if (ip && inet_pton(AF_INET, ip, &sin->sin_addr) != 1) {
		fprintf(stderr, "xfault: bad address %s\n", ip);
		return -1;
	}
	return 0;
}

static int do_recvn(char **argv)
{
	int max = atoi(argv[3]), idle = atoi(argv[4]), n = 0, fd;
	static char buf[MAX_DGRAM];
	struct sockaddr_in a;
	struct pollfd pfd;
	ssize_t len;

	fd = udp_socket(0);
	if (fd < 0 || fill_addr(0, &a, NULL, argv[2]))
		return 1;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		perror("xfault: bind");
		return 1;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (n < max && poll(&pfd, 1, n ? idle : 30000) == 1) {
		len = recv(fd, buf, sizeof(buf), 0);
		if (len < 0) {
			perror("xfault: recv");
			return 1;
		}
		fprintf(stderr, "len %zd\n", len);
		if (fwrite(buf, 1, len, stdout) != (size_t)len)
			return 1;
		n++;
	}
	/* Anything more than @max is an error the caller should see. */
	if (n == max && poll(&pfd, 1, idle) == 1)
		fprintf(stderr, "more\n");
	return 0;
}

/* Set by SIGTERM; the loops re-read it after each system call. */
static sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int do_flood(int argc, char **argv)
{
	int inet = !strcmp(argv[2], "-4"), a0 = 2 + inet, fd, i;
	unsigned long sent = 0, errs[8] = { 0 };
	int errnos[8] = { 0 };
	static char buf[MAX_DGRAM];
	struct sockaddr_in to;
	double end;
	unsigned int gap;
	size_t size;

	if (argc < a0 + 3)
		return 2;
	size = argc > a0 + 3 ? (size_t)atoi(argv[a0 + 3]) : 100;
	gap = argc > a0 + 4 ? (unsigned int)atoi(argv[a0 + 4]) : 0;
	end = now_s() + atof(argv[a0 + 2]);
	signal(SIGTERM, on_signal);
	fd = udp_socket(inet);
	if (fd < 0 || fill_addr(inet, &to, argv[a0], argv[a0 + 1]))
		return 1;
	memset(buf, 0xa5, size);
	while (!stop && now_s() < end) {
		if (sendto(fd, buf, size, 0, (struct sockaddr *)&to,
			   sizeof(to)) == (ssize_t)size) {
			sent++;
			if (gap)
				usleep(gap);
			continue;
		}
		for (i = 0; i < 7 && errnos[i] && errnos[i] != errno; i++)
			;
		errnos[i] = errno;
		errs[i]++;
		usleep(1000);
	}
	printf("sent %lu", sent);
	for (i = 0; i < 8 && errnos[i]; i++)
		printf(" %s %lu", errname(errnos[i]), errs[i]);
	printf("\n");
	return 0;
}

static int do_sink(int argc, char **argv)
{
	int inet = !strcmp(argv[2], "-4"), a0 = 2 + inet, fd;
	static char buf[MAX_DGRAM];
	unsigned long got = 0;
	struct sockaddr_in a;
	struct pollfd pfd;
	double end;

	if (argc < a0 + 2)
		return 2;
	end = now_s() + atof(argv[a0 + 1]);
	signal(SIGTERM, on_signal);
	fd = udp_socket(inet);
	if (fd < 0 || fill_addr(inet, &a, NULL, argv[a0]))
		return 1;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		perror("xfault: bind");
		return 1;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (!stop && now_s() < end) {
		if (poll(&pfd, 1, 100) == 1 &&
		    recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
			got++;
	}
	/* What is queued still counts: the caller compares with counters. */
	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
		got++;
	printf("received %lu\n", got);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 4 && !strcmp(argv[1], "modloop"))
		return do_modloop(argc, argv);
	if (argc >= 3 && !strcmp(argv[1], "failnth"))
		return do_failnth(argc, argv);
	if (argc == 5 && !strcmp(argv[1], "recvn"))
		return do_recvn(argv);
	if (argc >= 5 && !strcmp(argv[1], "flood"))
		return do_flood(argc, argv);
	if (argc == 5 && !strcmp(argv[1], "churn"))
		return do_churn(argv);
	if (argc >= 4 && !strcmp(argv[1], "sink"))
		return do_sink(argc, argv);
	fprintf(stderr, "usage: see the comment at the top of xfault.c\n");
	return 2;
}
