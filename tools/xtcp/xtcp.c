// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp - configure the xtcp protocol family, iproute2 style.
 *
 *   xtcp [ -j ] { link | addr | route | neigh | ports | sysctl | cc | stats |
 *                 sock | help } ...
 *
 * Every command line is parsed and checked completely before anything is
 * sent; a bad one prints the object's usage and exits 1. Requests go to the
 * "xtcp" generic netlink family of the caller's network namespace.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/if_ether.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <linux/xtcp.h>

#include "nl.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static bool json;

/* Output is collected here and written out only if the command succeeds. */
static FILE *out;
static char *out_buf;
static size_t out_len;

/* ---- usage ---- */

static const char *const usage_top =
	"Usage: xtcp [ -j ] OBJECT COMMAND [ ARGS ]\n"
	"       xtcp help\n"
	"OBJECT := { link | addr | route | neigh | ports | sysctl | cc | stats | sock }\n"
	"  -j, -json   JSON output (show, stats)\n";
static const char *const usage_link =
	"Usage: xtcp link { add | del } dev DEV\n"
	"       xtcp link show [ dev DEV ]\n";
static const char *const usage_addr =
	"Usage: xtcp addr { add | del } ADDR/PLEN dev DEV\n"
	"       xtcp addr show [ dev DEV ]\n";
static const char *const usage_route =
	"Usage: xtcp route add { default | PREFIX } [ via GATEWAY ] [ dev DEV ]\n"
	"       xtcp route del { default | PREFIX }\n"
	"       xtcp route show [ dev DEV ]\n";
static const char *const usage_neigh =
	"Usage: xtcp neigh { show | flush } [ dev DEV ]\n";
static const char *const usage_ports =
	"Usage: xtcp ports show\n"
	"       xtcp ports set [ range LOW HIGH ] [ reserved { PORTS | none } ]\n"
	"PORTS := PORT[-PORT][,PORT[-PORT]...]\n";
static const char *const usage_sysctl =
	"Usage: xtcp sysctl show [ NAME ]\n"
	"       xtcp sysctl set NAME VALUE [ VALUE VALUE ]\n"
	"NAME := Linux's name: tcp_fin_timeout, net.ipv4.tcp_rmem, somaxconn, ...\n";
static const char *const usage_cc =
	"Usage: xtcp cc show\n"
	"       xtcp cc set default NAME\n"
	"NAME := an algorithm xtcp cc show lists: cubic, reno, newreno, tahoe, ...\n";
static const char *const usage_stats =
	"Usage: xtcp stats\n";
static const char *const usage_sock =
	"Usage: xtcp sock show [ state STATE ]... [ { sport | dport | port } PORT ]\n"
	"STATE := { all | connected | established | syn-sent | syn-recv |\n"
	"           fin-wait-1 | fin-wait-2 | time-wait | close-wait | last-ack |\n"
	"           listening | closing }\n";

/* A bad command line: say why, then how it should look. */
static noreturn void usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		fputs("xtcp: ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fputs(usage, stderr);
	exit(1);
}

static noreturn void fail(const char *fmt, ...)
{
	va_list ap;

	fputs("xtcp: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* ---- argument parsing ---- */

static bool is(const char *arg, const char *word)
{
	return arg && !strcmp(arg, word);
}

static int parse_dev(const char *usage, const char *name)
{
	unsigned int ifindex;

	if (!name)
		usage_error(usage, "\"dev\" needs a device name");
	if (strlen(name) >= IFNAMSIZ)
		fail("cannot find device \"%s\": name too long", name);
	ifindex = if_nametoindex(name);
	if (!ifindex)
		fail("cannot find device \"%s\"", name);
	return ifindex;
}

static bool parse_ip(const char *s, __u32 *addr)
{
	struct in_addr in;

	if (inet_pton(AF_INET, s, &in) != 1)
		return false;
	*addr = in.s_addr;
	return true;
}

static __u32 mask_of(unsigned int plen)
{
	return plen ? htonl(~0U << (32 - plen)) : 0;
}

/*
 * "A.B.C.D/N", "A.B.C.D" (a /32) or, if @dflt, "default" (0.0.0.0/0).
 * Returns false on anything else.
 */
static bool parse_prefix(const char *s, bool dflt, __u32 *addr, __u8 *plen)
{
	char buf[INET_ADDRSTRLEN + 4], *slash, *end;
	unsigned long n = 32;

	if (!s)
		return false;
	if (dflt && !strcmp(s, "default")) {
		*addr = 0;
		*plen = 0;
		return true;
	}
	if (strlen(s) >= sizeof(buf))
		return false;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash) {
		*slash++ = '\0';
		if (*slash < '0' || *slash > '9')
			return false;
		errno = 0;
		n = strtoul(slash, &end, 10);
		if (errno || *end || n > 32)
			return false;
	}
	if (!parse_ip(buf, addr))
		return false;
	*plen = n;
	return true;
}

/* ---- output ---- */

static const char *ip_str(__u32 addr)
{
	static char bufs[4][INET_ADDRSTRLEN];
	static unsigned int i;
	char *b = bufs[i++ % ARRAY_SIZE(bufs)];
	struct in_addr in = { .s_addr = addr };

	return inet_ntop(AF_INET, &in, b, INET_ADDRSTRLEN);
}

static const char *mac_str(const __u8 *m)
{
	static char buf[3 * ETH_ALEN];

	snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x",
		 m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

static bool mac_zero(const __u8 *m)
{
	static const __u8 zero[ETH_ALEN];

	return !memcmp(m, zero, ETH_ALEN);
}

static const char *dev_str(__u32 ifindex)
{
	static char buf[IF_NAMESIZE];

	if (!if_indextoname(ifindex, buf))
		snprintf(buf, sizeof(buf), "if%u", ifindex);
	return buf;
}

/* JSON: an array of flat objects; the writer inserts the commas. */
static bool json_first_obj = true, json_first_key;

static void json_obj_begin(void)
{
	fputs(json_first_obj ? "[{" : ",{", out);
	json_first_obj = false;
	json_first_key = true;
}

static void json_obj_end(void)
{
	fputc('}', out);
}

static void json_key(const char *key)
{
	fprintf(out, "%s\"%s\":", json_first_key ? "" : ",", key);
	json_first_key = false;
}

static void json_string(const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void json_str(const char *key, const char *val)
{
	json_key(key);
	json_string(val);
}

static void json_uint(const char *key, unsigned long long val)
{
	json_key(key);
	fprintf(out, "%llu", val);
}

/* An array of up to two strings, as ip -j prints flags and states. */
static void json_words(const char *key, const char *w1, const char *w2)
{
	json_key(key);
	fputc('[', out);
	if (w1)
		json_string(w1);
	if (w2) {
		if (w1)
			fputc(',', out);
		json_string(w2);
	}
	fputc(']', out);
}

static void json_end(void)
{
	fputs(json_first_obj ? "[]\n" : "]\n", out);
}

/* ---- talking to the kernel ---- */

static struct nl_sock nl;

static void nl_connect(void)
{
	int err;

	err = nl_open(&nl);
	if (err)
		fail("cannot open a generic netlink socket: %s", strerror(-err));
	err = nl_resolve(&nl, XTCP_GENL_NAME);
	if (err == -ENOENT)
		fail("module not loaded (genl family '%s' not found)",
		     XTCP_GENL_NAME);
	if (err)
		fail("cannot look up genl family '%s': %s", XTCP_GENL_NAME,
		     strerror(-err));
}

static void req_init(struct nl_req *req, __u8 cmd, bool dump)
{
	nl_req_init(req, nl.family, dump ? NLM_F_DUMP : 0, cmd,
		    XTCP_GENL_VERSION);
}

/* Send @req; on a kernel error print it with its extack message, exit 1. */
static void talk(struct nl_req *req, nl_cb_t cb, void *arg)
{
	int err = nl_talk(&nl, req, XTCP_A_MAX, cb, arg);

	if (!err)
		return;
	err = -err;
	if (err == EPERM)
		fail("%s: changing xtcp's configuration needs %s",
		     strerror(err),
		     "the CAP_NET_ADMIN permission in the network namespace");
	if (nl.msg[0])
		fail("%s: %s", strerror(err), nl.msg);
	fail("%s", strerror(err));
}

/* Commands that print: all output or none. */
static void show_begin(void)
{
	out = open_memstream(&out_buf, &out_len);
	if (!out)
		fail("out of memory");
}

static void show_end(void)
{
	if (json)
		json_end();
	if (fclose(out))
		fail("out of memory");
	if (fwrite(out_buf, 1, out_len, stdout) != out_len || fflush(stdout))
		fail("write error: %s", strerror(errno));
	free(out_buf);
}

/* ---- link ---- */

static int link_show_cb(const struct nlattr **tb, void *arg)
{
	const int *filter = arg;
	__u32 ifindex = nla_u32(tb[XTCP_A_IFINDEX]);
	__u32 flags = nla_u32(tb[XTCP_A_LINK_FLAGS]);
	const __u8 *ll = nla_bin(tb[XTCP_A_LLADDR], ETH_ALEN);
	const char *up = flags & XTCP_LINK_F_UP ? "UP" : "DOWN";
	const char *noarp = flags & XTCP_LINK_F_NOARP ? "NOARP" : NULL;

	if (*filter && ifindex != (__u32)*filter)
		return 0;
	if (flags & XTCP_LINK_F_NOARP)
		ll = NULL;
	if (json) {
		json_obj_begin();
		json_uint("ifindex", ifindex);
		json_str("ifname", nla_str(tb[XTCP_A_IFNAME]));
		json_uint("mtu", nla_u32(tb[XTCP_A_MTU]));
		json_words("flags", up, noarp);
		if (ll)
			json_str("address", mac_str(ll));
		json_obj_end();
		return 0;
	}
	fprintf(out, "%u: %s mtu %u <%s%s%s>", ifindex,
		nla_str(tb[XTCP_A_IFNAME]), nla_u32(tb[XTCP_A_MTU]), up,
		noarp ? "," : "", noarp ? noarp : "");
	if (ll)
		fprintf(out, " lladdr %s", mac_str(ll));
	fputc('\n', out);
	return 0;
}

/* "show [ dev DEV ]": the device to filter on, or 0. */
static int parse_show(const char *usage, int argc, char **argv)
{
	if (argc == 0)
		return 0;
	if (argc != 2 || !is(argv[0], "dev"))
		usage_error(usage, "unexpected \"%s\"", argv[0]);
	return parse_dev(usage, argv[1]);
}

static int do_link(int argc, char **argv)
{
	struct nl_req req;
	int ifindex;
	__u8 cmd;

	if (argc == 0 || is(argv[0], "show") || is(argv[0], "list")) {
		ifindex = argc ? parse_show(usage_link, argc - 1, argv + 1) : 0;
		nl_connect();
		show_begin();
		req_init(&req, XTCP_CMD_LINK_GET, true);
		talk(&req, link_show_cb, &ifindex);
		show_end();
		return 0;
	}

	if (is(argv[0], "add"))
		cmd = XTCP_CMD_LINK_ADD;
	else if (is(argv[0], "del") || is(argv[0], "delete"))
		cmd = XTCP_CMD_LINK_DEL;
	else if (is(argv[0], "help"))
		usage_error(usage_link, NULL);
	else
		usage_error(usage_link, "unknown command \"%s\"", argv[0]);
	if (argc != 3 || !is(argv[1], "dev"))
		usage_error(usage_link, "%s needs \"dev DEV\"", argv[0]);
	ifindex = parse_dev(usage_link, argv[2]);

	nl_connect();
	req_init(&req, cmd, false);
	nl_put_u32(&req, XTCP_A_IFINDEX, ifindex);
	talk(&req, NULL, NULL);
	return 0;
}

/* ---- addr ---- */

static int addr_show_cb(const struct nlattr **tb, void *arg)
{
	const int *filter = arg;
	__u32 ifindex = nla_u32(tb[XTCP_A_IFINDEX]);
	__u32 addr = nla_u32(tb[XTCP_A_ADDR]);
	__u8 plen = nla_u8(tb[XTCP_A_PREFIXLEN]);

	if (*filter && ifindex != (__u32)*filter)
		return 0;
	if (json) {
		json_obj_begin();
		json_str("local", ip_str(addr));
		json_uint("prefixlen", plen);
		json_str("dev", dev_str(ifindex));
		json_uint("ifindex", ifindex);
		json_obj_end();
		return 0;
	}
	fprintf(out, "%s/%u dev %s\n", ip_str(addr), plen, dev_str(ifindex));
	return 0;
}

static int do_addr(int argc, char **argv)
{
	struct nl_req req;
	int ifindex;
	__u32 addr;
	__u8 plen;
	__u8 cmd;

	if (argc == 0 || is(argv[0], "show") || is(argv[0], "list")) {
		ifindex = argc ? parse_show(usage_addr, argc - 1, argv + 1) : 0;
		nl_connect();
		show_begin();
		req_init(&req, XTCP_CMD_ADDR_GET, true);
		talk(&req, addr_show_cb, &ifindex);
		show_end();
		return 0;
	}

	if (is(argv[0], "add"))
		cmd = XTCP_CMD_ADDR_ADD;
	else if (is(argv[0], "del") || is(argv[0], "delete"))
		cmd = XTCP_CMD_ADDR_DEL;
	else if (is(argv[0], "help"))
		usage_error(usage_addr, NULL);
	else
		usage_error(usage_addr, "unknown command \"%s\"", argv[0]);
	if (argc != 4 || !is(argv[2], "dev"))
		usage_error(usage_addr, "%s needs \"ADDR/PLEN dev DEV\"",
			    argv[0]);
	if (!parse_prefix(argv[1], false, &addr, &plen))
		usage_error(usage_addr, "\"%s\" is not an address/prefix length",
			    argv[1]);
	ifindex = parse_dev(usage_addr, argv[3]);

	nl_connect();
	req_init(&req, cmd, false);
	nl_put_u32(&req, XTCP_A_IFINDEX, ifindex);
	nl_put_u32(&req, XTCP_A_ADDR, addr);
	nl_put_u8(&req, XTCP_A_PREFIXLEN, plen);
	talk(&req, NULL, NULL);
	return 0;
}

/* ---- route ---- */

static const char *prefix_str(__u32 dst, __u8 plen)
{
	static char buf[INET_ADDRSTRLEN + 4];

	if (!plen && !dst)
		return "default";
	if (plen == 32)
		return ip_str(dst);
	snprintf(buf, sizeof(buf), "%s/%u", ip_str(dst), plen);
	return buf;
}

static int route_show_cb(const struct nlattr **tb, void *arg)
{
	const int *filter = arg;
	__u32 ifindex = nla_u32(tb[XTCP_A_IFINDEX]);
	__u32 dst = nla_u32(tb[XTCP_A_ADDR]);
	__u32 gw = nla_u32(tb[XTCP_A_GATEWAY]);
	__u8 plen = nla_u8(tb[XTCP_A_PREFIXLEN]);
	bool connected = nla_u8(tb[XTCP_A_ROUTE_TYPE]) == XTCP_ROUTE_CONNECTED;

	if (*filter && ifindex != (__u32)*filter)
		return 0;
	if (json) {
		json_obj_begin();
		json_str("dst", prefix_str(dst, plen));
		if (gw)
			json_str("gateway", ip_str(gw));
		if (ifindex)
			json_str("dev", dev_str(ifindex));
		json_str("protocol", connected ? "kernel" : "static");
		json_obj_end();
		return 0;
	}
	fputs(prefix_str(dst, plen), out);
	if (gw)
		fprintf(out, " via %s", ip_str(gw));
	if (ifindex)
		fprintf(out, " dev %s", dev_str(ifindex));
	if (connected)
		fputs(" proto kernel", out);
	fputc('\n', out);
	return 0;
}

static int do_route(int argc, char **argv)
{
	struct nl_req req;
	int ifindex = 0, i;
	__u32 dst, gw = 0;
	bool have_gw = false;
	__u8 plen;

	if (argc == 0 || is(argv[0], "show") || is(argv[0], "list")) {
		ifindex = argc ? parse_show(usage_route, argc - 1, argv + 1) : 0;
		nl_connect();
		show_begin();
		req_init(&req, XTCP_CMD_ROUTE_GET, true);
		talk(&req, route_show_cb, &ifindex);
		show_end();
		return 0;
	}

	if (is(argv[0], "help"))
		usage_error(usage_route, NULL);
	if (!is(argv[0], "add") && !is(argv[0], "del") &&
	    !is(argv[0], "delete"))
		usage_error(usage_route, "unknown command \"%s\"", argv[0]);
	if (argc < 2)
		usage_error(usage_route, "%s needs a prefix", argv[0]);
	if (!parse_prefix(argv[1], true, &dst, &plen))
		usage_error(usage_route, "\"%s\" is not a prefix or \"default\"",
			    argv[1]);
	if (dst & ~mask_of(plen))
		usage_error(usage_route, "\"%s\": host bits set, the prefix is %s/%u",
			    argv[1], ip_str(dst & mask_of(plen)), plen);

	if (!is(argv[0], "add")) {
		if (argc != 2)
			usage_error(usage_route, "unexpected \"%s\"", argv[2]);
		nl_connect();
		req_init(&req, XTCP_CMD_ROUTE_DEL, false);
		nl_put_u32(&req, XTCP_A_ADDR, dst);
		nl_put_u8(&req, XTCP_A_PREFIXLEN, plen);
		talk(&req, NULL, NULL);
		return 0;
	}

	for (i = 2; i < argc; i += 2) {
		if (is(argv[i], "via") && !have_gw) {
			if (!parse_ip(argv[i + 1] ? argv[i + 1] : "", &gw) ||
			    !gw)
				usage_error(usage_route,
					    "\"via\" needs a gateway address");
			have_gw = true;
		} else if (is(argv[i], "dev") && !ifindex) {
			ifindex = parse_dev(usage_route, argv[i + 1]);
		} else {
			usage_error(usage_route, "unexpected \"%s\"", argv[i]);
		}
	}
	if (!have_gw && !ifindex)
		usage_error(usage_route, "a route needs \"via GATEWAY\" or \"dev DEV\"");

	nl_connect();
	req_init(&req, XTCP_CMD_ROUTE_ADD, false);
	nl_put_u32(&req, XTCP_A_ADDR, dst);
	nl_put_u8(&req, XTCP_A_PREFIXLEN, plen);
	if (have_gw)
		nl_put_u32(&req, XTCP_A_GATEWAY, gw);
	if (ifindex)
		nl_put_u32(&req, XTCP_A_IFINDEX, ifindex);
	talk(&req, NULL, NULL);
	return 0;
}

/* ---- neigh ---- */

static const char *neigh_state_str(__u8 state)
{
	static const char *const names[] = {
		[XTCP_NEIGH_INCOMPLETE]	= "INCOMPLETE",
		[XTCP_NEIGH_REACHABLE]	= "REACHABLE",
		[XTCP_NEIGH_STALE]	= "STALE",
		[XTCP_NEIGH_FAILED]	= "FAILED",
	};

	if (state < ARRAY_SIZE(names) && names[state])
		return names[state];
	return "UNKNOWN";
}

static int neigh_show_cb(const struct nlattr **tb, void *arg)
{
	const int *filter = arg;
	__u32 ifindex = nla_u32(tb[XTCP_A_IFINDEX]);
	__u32 addr = nla_u32(tb[XTCP_A_ADDR]);
	const __u8 *ll = nla_bin(tb[XTCP_A_LLADDR], ETH_ALEN);
	const char *state = neigh_state_str(nla_u8(tb[XTCP_A_NEIGH_STATE]));
	__u32 age = nla_u32(tb[XTCP_A_NEIGH_AGE_MS]);
	__u32 queued = nla_u32(tb[XTCP_A_NEIGH_QUEUED]);

	if (*filter && ifindex != (__u32)*filter)
		return 0;
	if (ll && mac_zero(ll))
		ll = NULL;
	if (json) {
		json_obj_begin();
		json_str("dst", ip_str(addr));
		json_str("dev", dev_str(ifindex));
		if (ll)
			json_str("lladdr", mac_str(ll));
		json_words("state", state, NULL);
		json_uint("age_ms", age);
		json_uint("queued", queued);
		json_obj_end();
		return 0;
	}
	fprintf(out, "%s dev %s", ip_str(addr), dev_str(ifindex));
	if (ll)
		fprintf(out, " lladdr %s", mac_str(ll));
	fprintf(out, " %s age %ums", state, age);
	if (queued)
		fprintf(out, " queued %u", queued);
	fputc('\n', out);
	return 0;
}

static int do_neigh(int argc, char **argv)
{
	struct nl_req req;
	int ifindex;

	if (argc == 0 || is(argv[0], "show") || is(argv[0], "list")) {
		ifindex = argc ? parse_show(usage_neigh, argc - 1, argv + 1) : 0;
		nl_connect();
		show_begin();
		req_init(&req, XTCP_CMD_NEIGH_GET, true);
		talk(&req, neigh_show_cb, &ifindex);
		show_end();
		return 0;
	}
	if (is(argv[0], "help"))
		usage_error(usage_neigh, NULL);
	if (!is(argv[0], "flush"))
		usage_error(usage_neigh, "unknown command \"%s\"", argv[0]);
	ifindex = parse_show(usage_neigh, argc - 1, argv + 1);

	nl_connect();
	req_init(&req, XTCP_CMD_NEIGH_FLUSH, false);
	if (ifindex)
		nl_put_u32(&req, XTCP_A_IFINDEX, ifindex);
	talk(&req, NULL, NULL);
	return 0;
}

/* ---- ports ---- */

/* A decimal port, 0..65535. */
static bool parse_port(const char *s, size_t len, __u16 *port)
{
	unsigned long v = 0;
	size_t i;

	if (!len || len > 5)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v > 65535)
		return false;
	*port = v;
	return true;
}

/* "PORT[-PORT],..." as XTCP_A_PORT_LIST_SPAN nests; "none" is empty. */
static bool put_port_list(struct nl_req *req, const char *s)
{
	const char *end, *dash;
	__u16 low, high;
	size_t nest;

	if (!strcmp(s, "none"))
		return true;
	for (;;) {
		end = strchr(s, ',');
		if (!end)
			end = s + strlen(s);
		dash = memchr(s, '-', end - s);
		if (dash) {
			if (!parse_port(s, dash - s, &low) ||
			    !parse_port(dash + 1, end - dash - 1, &high))
				return false;
		} else {
			if (!parse_port(s, end - s, &low))
				return false;
			high = low;
		}
		nest = nl_nest_start(req, XTCP_A_PORT_LIST_SPAN);
		nl_put_u16(req, XTCP_A_PORT_SPAN_LOW, low);
		nl_put_u16(req, XTCP_A_PORT_SPAN_HIGH, high);
		nl_nest_end(req, nest);
		if (!*end)
			return true;
		s = end + 1;
	}
}

struct port_span {
	__u16	low, high;
};

/* The settings, gathered from every message of the dump. */
struct ports_show {
	struct port_span	range;
	size_t			n;
	struct port_span	*spans;
};

typedef void (*nested_fn_t)(const struct nlattr *a, void *arg);

/* Calls @fn for each attribute inside the nest @a. */
static void walk_nested(const struct nlattr *a, nested_fn_t fn, void *arg)
{
	const struct nlattr *n;
	int len;

	if (!a)
		return;
	len = a->nla_len - NLA_HDRLEN;
	n = (const struct nlattr *)((const char *)a + NLA_HDRLEN);
	while (len >= NLA_HDRLEN && n->nla_len >= NLA_HDRLEN &&
	       n->nla_len <= len) {
		fn(n, arg);
		len -= NLA_ALIGN(n->nla_len);
		n = (const struct nlattr *)((const char *)n +
					    NLA_ALIGN(n->nla_len));
	}
}

static void span_get(const struct nlattr *a, struct port_span *sp)
{
	const struct nlattr *tb[XTCP_A_PORT_SPAN_MAX + 1];

	nl_parse((const char *)a + NLA_HDRLEN, a->nla_len - NLA_HDRLEN, tb,
		 XTCP_A_PORT_SPAN_MAX);
	sp->low = nla_u16(tb[XTCP_A_PORT_SPAN_LOW]);
	sp->high = nla_u16(tb[XTCP_A_PORT_SPAN_HIGH]);
}

static void ports_span_cb(const struct nlattr *a, void *arg)
{
	struct ports_show *ps = arg;

	if ((a->nla_type & NLA_TYPE_MASK) != XTCP_A_PORT_LIST_SPAN)
		return;
	ps->spans = realloc(ps->spans, (ps->n + 1) * sizeof(*ps->spans));
	if (!ps->spans)
		fail("out of memory");
	span_get(a, &ps->spans[ps->n]);
	ps->n++;
}

static int ports_show_cb(const struct nlattr **tb, void *arg)
{
	struct ports_show *ps = arg;

	if (tb[XTCP_A_PORT_RANGE])
		span_get(tb[XTCP_A_PORT_RANGE], &ps->range);
	walk_nested(tb[XTCP_A_PORTS_RESERVED], ports_span_cb, ps);
	return 0;
}

static void ports_print(const struct ports_show *ps)
{
	size_t i;

	if (json) {
		json_obj_begin();
		json_key("range");
		fprintf(out, "[%u,%u]", ps->range.low, ps->range.high);
		json_key("reserved");
		fputc('[', out);
		for (i = 0; i < ps->n; i++)
			fprintf(out, "%s[%u,%u]", i ? "," : "",
				ps->spans[i].low, ps->spans[i].high);
		fputc(']', out);
		json_obj_end();
		return;
	}
	/* Each line is also a valid "xtcp ports set" argument list. */
	fprintf(out, "range %u %u\nreserved ", ps->range.low, ps->range.high);
	if (!ps->n)
		fputs("none", out);
	for (i = 0; i < ps->n; i++) {
		fprintf(out, "%s%u", i ? "," : "", ps->spans[i].low);
		if (ps->spans[i].high != ps->spans[i].low)
			fprintf(out, "-%u", ps->spans[i].high);
	}
	fputc('\n', out);
}

static int do_ports(int argc, char **argv)
{
	struct ports_show ps = { 0 };
	bool range = false, reserved = false;
	struct nl_req req;
	__u16 low, high;
	size_t nest;
	int i;

	if (argc == 0 || is(argv[0], "show") || is(argv[0], "list")) {
		if (argc > 1)
			usage_error(usage_ports, "unexpected \"%s\"", argv[1]);
		nl_connect();
		show_begin();
		req_init(&req, XTCP_CMD_PORTS_GET, true);
		talk(&req, ports_show_cb, &ps);
		ports_print(&ps);
		free(ps.spans);
		show_end();
		return 0;
	}
	if (is(argv[0], "help"))
		usage_error(usage_ports, NULL);
	if (!is(argv[0], "set"))
		usage_error(usage_ports, "unknown command \"%s\"", argv[0]);

	/* Built before connecting; the family id is filled in after. */
	req_init(&req, XTCP_CMD_PORTS_SET, false);
	for (i = 1; i < argc; i++) {
		if (is(argv[i], "range") && !range) {
			if (i + 2 >= argc)
				usage_error(usage_ports, "\"range\" needs LOW HIGH");
			if (!parse_port(argv[i + 1], strlen(argv[i + 1]), &low) ||
			    !parse_port(argv[i + 2], strlen(argv[i + 2]), &high))
				usage_error(usage_ports,
					    "\"range %s %s\": ports are 0..65535",
					    argv[i + 1], argv[i + 2]);
			nest = nl_nest_start(&req, XTCP_A_PORT_RANGE);
			nl_put_u16(&req, XTCP_A_PORT_SPAN_LOW, low);
			nl_put_u16(&req, XTCP_A_PORT_SPAN_HIGH, high);
			nl_nest_end(&req, nest);
			range = true;
			i += 2;
		} else if (is(argv[i], "reserved") && !reserved) {
			if (i + 1 >= argc)
				usage_error(usage_ports,
					    "\"reserved\" needs PORTS or \"none\"");
			nest = nl_nest_start(&req, XTCP_A_PORTS_RESERVED);
			if (!put_port_list(&req, argv[i + 1]))
				usage_error(usage_ports,
					    "\"%s\" is not a list of ports and port ranges",
					    argv[i + 1]);
			nl_nest_end(&req, nest);
			reserved = true;
			i++;
		} else {
			usage_error(usage_ports, "unexpected \"%s\"", argv[i]);
		}
	}
	if (!range && !reserved)
		usage_error(usage_ports, "set needs \"range\" or \"reserved\"");

	nl_connect();
	req.nlh.nlmsg_type = nl.family;
	talk(&req, NULL, NULL);
	return 0;
}

/* ---- stats ---- */

static int stats_cb(const struct nlattr **tb, void *arg)
{
	unsigned long long v = nla_u64(tb[XTCP_A_STAT_VALUE]);
	char name[128];

	(void)arg;
	/* The kernel sends /proc/net/xtcp_snmp's names; nstat adds "Xtcp". */
	snprintf(name, sizeof(name), "Xtcp%s", nla_str(tb[XTCP_A_STAT_NAME]));
	if (json) {
		json_obj_begin();
		json_str("name", name);
		json_uint("value", v);
		json_obj_end();
		return 0;
	}
	fprintf(out, "%s %llu\n", name, v);
	return 0;
}

static int do_stats(int argc, char **argv)
{
	struct nl_req req;

	if (argc > 1 || (argc == 1 && !is(argv[0], "show")))
		usage_error(usage_stats, "unexpected \"%s\"", argv[0]);

	nl_connect();
	show_begin();
	req_init(&req, XTCP_CMD_STATS_GET, true);
	talk(&req, stats_cb, NULL);
	show_end();
	return 0;
}

/* ---- sysctl ---- */

/* Linux's full name is accepted too: net.ipv4.tcp_sack, net.core.somaxconn. */
static const char *sysctl_short(const char *name)
{
	static const char *const prefixes[] = { "net.ipv4.", "net.core." };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return name + strlen(prefixes[i]);
	return name;
}

struct sysctl_show {
	const char	*only;	/* NULL: all */
	bool		found;
};

static int sysctl_show_cb(const struct nlattr **tb, void *arg)
{
	struct sysctl_show *ss = arg;
	const char *name = nla_str(tb[XTCP_A_SYSCTL_NAME]);
	const char *val = nla_str(tb[XTCP_A_SYSCTL_VALUE]);

	if (!name || !val || (ss->only && strcmp(ss->only, name)))
		return 0;
	ss->found = true;
	if (json) {
		json_obj_begin();
		json_str("name", name);
		json_str("value", val);
		json_obj_end();
		return 0;
	}
	fprintf(out, "%s = %s\n", name, val);
	return 0;
}

static int do_sysctl(int argc, char **argv)
{
	struct sysctl_show ss = { NULL, false };
	char val[64] = "";
	struct nl_req req;
	int i;

	if (!argc || is(argv[0], "show")) {
		if (argc > 2)
			usage_error(usage_sysctl, "unexpected \"%s\"", argv[2]);
		if (argc == 2)
			ss.only = sysctl_short(argv[1]);
		nl_connect();
		show_begin();
		req_init(&req, XTCP_CMD_SYSCTL_GET, true);
		talk(&req, sysctl_show_cb, &ss);
		if (ss.only && !ss.found)
			fail("no tunable named \"%s\"", argv[1]);
		show_end();
		return 0;
	}
	if (!is(argv[0], "set"))
		usage_error(usage_sysctl, "unknown command \"%s\"", argv[0]);
	if (argc < 3)
		usage_error(usage_sysctl, "set needs NAME and VALUE");
	if (argc > 5)
		usage_error(usage_sysctl, "at most three values");
	for (i = 2; i < argc; i++) {
		if (strlen(val) + strlen(argv[i]) + 2 > sizeof(val))
			usage_error(usage_sysctl, "value too long");
		if (i > 2)
			strcat(val, " ");
		strcat(val, argv[i]);
	}
	nl_connect();
	req_init(&req, XTCP_CMD_SYSCTL_SET, false);
	nl_put_str(&req, XTCP_A_SYSCTL_NAME, sysctl_short(argv[1]));
	nl_put_str(&req, XTCP_A_SYSCTL_VALUE, val);
	talk(&req, NULL, NULL);
	return 0;
}

/* ---- cc ---- */

/* The two congestion control tunables, read from the sysctl dump. */
struct cc_show {
	char	def[64];
	char	avail[256];
};

static int cc_show_cb(const struct nlattr **tb, void *arg)
{
	struct cc_show *cs = arg;
	const char *name = nla_str(tb[XTCP_A_SYSCTL_NAME]);
	const char *val = nla_str(tb[XTCP_A_SYSCTL_VALUE]);

	if (!name || !val)
		return 0;
	if (!strcmp(name, "tcp_congestion_control"))
		snprintf(cs->def, sizeof(cs->def), "%s", val);
	else if (!strcmp(name, "tcp_available_congestion_control"))
		snprintf(cs->avail, sizeof(cs->avail), "%s", val);
	return 0;
}

/*
 * xtcp cc show: the namespace's default algorithm and the available ones,
 * as net.ipv4.tcp_congestion_control and
 * tcp_available_congestion_control; xtcp cc set default NAME sets the
 * first.
 */
static int do_cc(int argc, char **argv)
{
	struct cc_show cs = { "", "" };
	struct nl_req req;
	char *w, *save;

	if (!argc || is(argv[0], "show")) {
		if (argc > 1)
			usage_error(usage_cc, "unexpected \"%s\"", argv[1]);
		nl_connect();
		req_init(&req, XTCP_CMD_SYSCTL_GET, true);
		talk(&req, cc_show_cb, &cs);
		if (!cs.def[0] || !cs.avail[0])
			fail("the module reported no congestion control");
		show_begin();
		if (json) {
			json_obj_begin();
			json_str("default", cs.def);
			json_key("available");
			fputc('[', out);
			for (w = strtok_r(cs.avail, " ", &save); w;
			     w = strtok_r(NULL, " ", &save)) {
				if (w != cs.avail)
					fputc(',', out);
				json_string(w);
			}
			fputc(']', out);
			json_obj_end();
		} else {
			fprintf(out, "default %s\navailable %s\n", cs.def,
				cs.avail);
		}
		show_end();
		return 0;
	}
	if (!is(argv[0], "set"))
		usage_error(usage_cc, "unknown command \"%s\"", argv[0]);
	if (argc != 3 || strcmp(argv[1], "default"))
		usage_error(usage_cc, "set needs \"default NAME\"");
	nl_connect();
	req_init(&req, XTCP_CMD_SYSCTL_SET, false);
	nl_put_str(&req, XTCP_A_SYSCTL_NAME, "tcp_congestion_control");
	nl_put_str(&req, XTCP_A_SYSCTL_VALUE, argv[2]);
	talk(&req, NULL, NULL);
	return 0;
}

/* ---- sock ---- */

/* Linux's TCP_* state numbers (include/net/tcp_states.h), named as ss names them. */
enum { ST_ESTABLISHED = 1, ST_SYN_SENT, ST_SYN_RECV, ST_FIN_WAIT1,
	ST_FIN_WAIT2, ST_TIME_WAIT, ST_CLOSE, ST_CLOSE_WAIT, ST_LAST_ACK,
	ST_LISTEN, ST_CLOSING, ST_MAX };

static const char *const sock_states[ST_MAX] = {
	[ST_ESTABLISHED] = "ESTAB",	 [ST_SYN_SENT] = "SYN-SENT",
	[ST_SYN_RECV] = "SYN-RECV",	 [ST_FIN_WAIT1] = "FIN-WAIT-1",
	[ST_FIN_WAIT2] = "FIN-WAIT-2",	 [ST_TIME_WAIT] = "TIME-WAIT",
	[ST_CLOSE] = "UNCONN",		 [ST_CLOSE_WAIT] = "CLOSE-WAIT",
	[ST_LAST_ACK] = "LAST-ACK",	 [ST_LISTEN] = "LISTEN",
	[ST_CLOSING] = "CLOSING",
};

#define SF(s)		(1U << (s))
#define SF_ALL		(SF(ST_MAX) - 2)
#define SF_CONNECTED	(SF_ALL & ~(SF(ST_LISTEN) | SF(ST_CLOSE)))

/* The state names ss's "state" filter takes. */
static const struct {
	const char	*name;
	unsigned int	mask;
} sock_filters[] = {
	{ "all",	 SF_ALL },
	{ "connected",	 SF_CONNECTED },
	{ "established", SF(ST_ESTABLISHED) },
	{ "syn-sent",	 SF(ST_SYN_SENT) },
	{ "syn-recv",	 SF(ST_SYN_RECV) },
	{ "fin-wait-1",	 SF(ST_FIN_WAIT1) },
	{ "fin-wait-2",	 SF(ST_FIN_WAIT2) },
	{ "time-wait",	 SF(ST_TIME_WAIT) },
	{ "closed",	 SF(ST_CLOSE) },
	{ "close-wait",	 SF(ST_CLOSE_WAIT) },
	{ "last-ack",	 SF(ST_LAST_ACK) },
	{ "listening",	 SF(ST_LISTEN) },
	{ "closing",	 SF(ST_CLOSING) },
};

static const char *const sock_timers[] = {
	[XTCP_SOCK_TIMER_NONE] = "off",
	[XTCP_SOCK_TIMER_ON] = "on",
	[XTCP_SOCK_TIMER_KEEPALIVE] = "keepalive",
	[XTCP_SOCK_TIMER_TIMEWAIT] = "timewait",
	[XTCP_SOCK_TIMER_PERSIST] = "persist",
};

struct sock_show {
	unsigned int	states;		/* SF() mask */
	int		sport, dport;	/* -1: any */
	int		port;		/* either end; -1: any */
	unsigned int	shown;
};

/* A duration as ss -o prints one: "59sec", "200ms", "119min". */
static const char *ms_str(unsigned int ms)
{
	static char buf[32];

	if (ms >= 60 * 1000)
		snprintf(buf, sizeof(buf), "%umin", ms / 60000);
	else if (ms >= 1000)
		snprintf(buf, sizeof(buf), "%usec", ms / 1000);
	else
		snprintf(buf, sizeof(buf), "%ums", ms);
	return buf;
}

static const char *endpoint_str(__u32 addr, __u16 port, bool any_port)
{
	static char bufs[2][INET_ADDRSTRLEN + 8];
	static unsigned int i;
	char *b = bufs[i++ % ARRAY_SIZE(bufs)];

	if (any_port)
		snprintf(b, sizeof(bufs[0]), "%s:*", ip_str(addr));
	else
		snprintf(b, sizeof(bufs[0]), "%s:%u", ip_str(addr), port);
	return b;
}

/* struct tcp_info from XTCP_A_SOCK_INFO; false if the socket has none. */
static bool sock_info(const struct nlattr *a, struct tcp_info *ti)
{
	size_t len;

	memset(ti, 0, sizeof(*ti));
	if (!a || a->nla_len <= NLA_HDRLEN)
		return false;
	len = a->nla_len - NLA_HDRLEN;
	memcpy(ti, (const char *)a + NLA_HDRLEN,
	       len < sizeof(*ti) ? len : sizeof(*ti));
	return true;
}

/* A rate as ss prints one: "231.7M". */
static const char *bw_str(double bw)
{
	static char buf[32];

	if (bw > 1e9)
		snprintf(buf, sizeof(buf), "%.1fG", bw / 1e9);
	else if (bw > 1e6)
		snprintf(buf, sizeof(buf), "%.1fM", bw / 1e6);
	else if (bw > 1e3)
		snprintf(buf, sizeof(buf), "%.1fK", bw / 1e3);
	else
		snprintf(buf, sizeof(buf), "%g", bw);
	return buf;
}

/* The line ss -i prints under a connection: the fields xtcp fills. */
static void sock_info_print(const struct tcp_info *ti, const char *cong)
{
	fputs("\t", out);
	if (ti->tcpi_options & TCPI_OPT_TIMESTAMPS)
		fputs(" ts", out);
	if (ti->tcpi_options & TCPI_OPT_SACK)
		fputs(" sack", out);
	fprintf(out, " %s", cong);
	if (ti->tcpi_options & TCPI_OPT_WSCALE)
		fprintf(out, " wscale:%u,%u", ti->tcpi_snd_wscale,
			ti->tcpi_rcv_wscale);
	if (ti->tcpi_rto)
		fprintf(out, " rto:%g", ti->tcpi_rto / 1000.0);
	if (ti->tcpi_backoff)
		fprintf(out, " backoff:%u", ti->tcpi_backoff);
	if (ti->tcpi_rtt)
		fprintf(out, " rtt:%g/%g", ti->tcpi_rtt / 1000.0,
			ti->tcpi_rttvar / 1000.0);
	fprintf(out, " mss:%u", ti->tcpi_snd_mss);
	if (ti->tcpi_rcv_mss)
		fprintf(out, " rcvmss:%u", ti->tcpi_rcv_mss);
	if (ti->tcpi_advmss)
		fprintf(out, " advmss:%u", ti->tcpi_advmss);
	fprintf(out, " cwnd:%u", ti->tcpi_snd_cwnd);
	if (ti->tcpi_snd_ssthresh < 0xffff)
		fprintf(out, " ssthresh:%u", ti->tcpi_snd_ssthresh);
	if (ti->tcpi_bytes_acked)
		fprintf(out, " bytes_acked:%llu",
			(unsigned long long)ti->tcpi_bytes_acked);
	if (ti->tcpi_bytes_received)
		fprintf(out, " bytes_received:%llu",
			(unsigned long long)ti->tcpi_bytes_received);
	if (ti->tcpi_segs_out)
		fprintf(out, " segs_out:%u", ti->tcpi_segs_out);
	if (ti->tcpi_segs_in)
		fprintf(out, " segs_in:%u", ti->tcpi_segs_in);
	if (ti->tcpi_rtt && ti->tcpi_snd_cwnd)
		fprintf(out, " send %sbps", bw_str((double)ti->tcpi_snd_cwnd *
			ti->tcpi_snd_mss * 8 * 1e6 / ti->tcpi_rtt));
	if (ti->tcpi_unacked)
		fprintf(out, " unacked:%u", ti->tcpi_unacked);
	if (ti->tcpi_retransmits || ti->tcpi_total_retrans)
		fprintf(out, " retrans:%u/%u", ti->tcpi_retransmits,
			ti->tcpi_total_retrans);
	if (ti->tcpi_rcv_space)
		fprintf(out, " rcv_space:%u", ti->tcpi_rcv_space);
	if (ti->tcpi_snd_wnd)
		fprintf(out, " snd_wnd:%u", ti->tcpi_snd_wnd);
	fputc('\n', out);
}

static void sock_info_json(const struct tcp_info *ti, const char *cong)
{
	json_str("cong", cong);
	if (ti->tcpi_options & TCPI_OPT_WSCALE) {
		json_uint("snd_wscale", ti->tcpi_snd_wscale);
		json_uint("rcv_wscale", ti->tcpi_rcv_wscale);
	}
	json_uint("timestamps", !!(ti->tcpi_options & TCPI_OPT_TIMESTAMPS));
	json_uint("sack", !!(ti->tcpi_options & TCPI_OPT_SACK));
	json_uint("rto_us", ti->tcpi_rto);
	json_uint("backoff", ti->tcpi_backoff);
	json_uint("rtt_us", ti->tcpi_rtt);
	json_uint("rttvar_us", ti->tcpi_rttvar);
	json_uint("snd_mss", ti->tcpi_snd_mss);
	json_uint("rcv_mss", ti->tcpi_rcv_mss);
	json_uint("advmss", ti->tcpi_advmss);
	json_uint("cwnd", ti->tcpi_snd_cwnd);
	json_uint("ssthresh", ti->tcpi_snd_ssthresh);
	json_uint("bytes_acked", ti->tcpi_bytes_acked);
	json_uint("bytes_received", ti->tcpi_bytes_received);
	json_uint("segs_out", ti->tcpi_segs_out);
	json_uint("segs_in", ti->tcpi_segs_in);
	json_uint("unacked", ti->tcpi_unacked);
	json_uint("retransmits", ti->tcpi_retransmits);
	json_uint("total_retrans", ti->tcpi_total_retrans);
	json_uint("rcv_space", ti->tcpi_rcv_space);
	json_uint("snd_wnd", ti->tcpi_snd_wnd);
}

/* The socket's memory as ss -m prints it. */
static void skmem_print(const __u32 *m)
{
	fprintf(out, "\t skmem:(r%u,rb%u,t%u,tb%u,f%u,w%u,o%u,bl%u,d%u)\n",
		m[SK_MEMINFO_RMEM_ALLOC], m[SK_MEMINFO_RCVBUF],
		m[SK_MEMINFO_WMEM_ALLOC], m[SK_MEMINFO_SNDBUF],
		m[SK_MEMINFO_FWD_ALLOC], m[SK_MEMINFO_WMEM_QUEUED],
		m[SK_MEMINFO_OPTMEM], m[SK_MEMINFO_BACKLOG],
		m[SK_MEMINFO_DROPS]);
}

static void skmem_json(const __u32 *m)
{
	json_uint("rmem_alloc", m[SK_MEMINFO_RMEM_ALLOC]);
	json_uint("rcvbuf", m[SK_MEMINFO_RCVBUF]);
	json_uint("wmem_alloc", m[SK_MEMINFO_WMEM_ALLOC]);
	json_uint("sndbuf", m[SK_MEMINFO_SNDBUF]);
	json_uint("fwd_alloc", m[SK_MEMINFO_FWD_ALLOC]);
	json_uint("wmem_queued", m[SK_MEMINFO_WMEM_QUEUED]);
	json_uint("optmem", m[SK_MEMINFO_OPTMEM]);
	json_uint("backlog", m[SK_MEMINFO_BACKLOG]);
	json_uint("drops", m[SK_MEMINFO_DROPS]);
}

static int sock_show_cb(const struct nlattr **tb, void *arg)
{
	struct sock_show *ss = arg;
	unsigned int state = nla_u8(tb[XTCP_A_SOCK_STATE]);
	__u32 src = nla_u32(tb[XTCP_A_SOCK_SRC]);
	__u32 dst = nla_u32(tb[XTCP_A_SOCK_DST]);
	unsigned int sport = nla_u16(tb[XTCP_A_SOCK_SPORT]);
	unsigned int dport = nla_u16(tb[XTCP_A_SOCK_DPORT]);
	unsigned int timer = nla_u8(tb[XTCP_A_SOCK_TIMER]);
	unsigned int expires = nla_u32(tb[XTCP_A_SOCK_EXPIRES_MS]);
	unsigned int retrans = nla_u8(tb[XTCP_A_SOCK_RETRANS]);
	const char *cong = nla_str(tb[XTCP_A_SOCK_CONG]);
	bool listen = state == ST_LISTEN;
	const __u32 *mem;
	struct tcp_info ti;
	bool info;

	if (!state || state >= ST_MAX || !(ss->states & SF(state)))
		return 0;
	if ((ss->sport >= 0 && (int)sport != ss->sport) ||
	    (ss->dport >= 0 && (int)dport != ss->dport) ||
	    (ss->port >= 0 && (int)sport != ss->port &&
	     (int)dport != ss->port))
		return 0;
	if (timer >= ARRAY_SIZE(sock_timers))
		timer = XTCP_SOCK_TIMER_NONE;
	info = sock_info(tb[XTCP_A_SOCK_INFO], &ti) && !listen;
	mem = nla_bin(tb[XTCP_A_SOCK_MEMINFO], SK_MEMINFO_VARS * sizeof(__u32));
	ss->shown++;
	if (json) {
		json_obj_begin();
		json_str("state", sock_states[state]);
		json_uint("recv_q", nla_u32(tb[XTCP_A_SOCK_RQUEUE]));
		json_uint("send_q", nla_u32(tb[XTCP_A_SOCK_WQUEUE]));
		json_str("local", ip_str(src));
		json_uint("local_port", sport);
		json_str("peer", ip_str(dst));
		json_uint("peer_port", dport);
		if (tb[XTCP_A_IFINDEX])
			json_str("dev", dev_str(nla_u32(tb[XTCP_A_IFINDEX])));
		json_str("timer", sock_timers[timer]);
		json_uint("expires_ms", expires);
		json_uint("retrans", retrans);
		json_uint("uid", nla_u32(tb[XTCP_A_SOCK_UID]));
		json_uint("inode", nla_u64(tb[XTCP_A_SOCK_INODE]));
		if (info)
			sock_info_json(&ti, cong);
		if (mem)
			skmem_json(mem);
		json_obj_end();
		return 0;
	}
	if (ss->shown == 1)
		fprintf(out, "%-10s %-6s %-6s %21s %21s\n", "State", "Recv-Q",
			"Send-Q", "Local Address:Port", "Peer Address:Port");
	fprintf(out, "%-10s %-6u %-6u %21s %21s", sock_states[state],
		nla_u32(tb[XTCP_A_SOCK_RQUEUE]), nla_u32(tb[XTCP_A_SOCK_WQUEUE]),
		endpoint_str(src, sport, false), endpoint_str(dst, dport, listen));
	if (tb[XTCP_A_IFINDEX])
		fprintf(out, " dev:%s", dev_str(nla_u32(tb[XTCP_A_IFINDEX])));
	if (timer)
		fprintf(out, " timer:(%s,%s,%u)", sock_timers[timer],
			ms_str(expires), retrans);
	fputc('\n', out);
	if (mem)
		skmem_print(mem);
	if (info)
		sock_info_print(&ti, cong);
	return 0;
}

static int parse_port_arg(const char *what, const char *arg)
{
	__u16 port;

	if (!arg)
		usage_error(usage_sock, "\"%s\" needs a port", what);
	if (!parse_port(arg, strlen(arg), &port))
		usage_error(usage_sock, "bad port \"%s\"", arg);
	return port;
}

static int do_sock(int argc, char **argv)
{
	struct sock_show ss = { 0, -1, -1, -1, 0 };
	struct nl_req req;
	unsigned int i;
	int a;

	if (argc && !is(argv[0], "show") && !is(argv[0], "list"))
		usage_error(usage_sock, "unknown command \"%s\"", argv[0]);
	for (a = 1; a < argc; a++) {
		if (is(argv[a], "state")) {
			if (++a == argc)
				usage_error(usage_sock, "\"state\" needs a state");
			for (i = 0; i < ARRAY_SIZE(sock_filters); i++)
				if (is(argv[a], sock_filters[i].name))
					break;
			if (i == ARRAY_SIZE(sock_filters))
				usage_error(usage_sock, "unknown state \"%s\"",
					    argv[a]);
			ss.states |= sock_filters[i].mask;
		} else if (is(argv[a], "sport")) {
			ss.sport = parse_port_arg(argv[a], argv[a + 1]);
			a++;
		} else if (is(argv[a], "dport")) {
			ss.dport = parse_port_arg(argv[a], argv[a + 1]);
			a++;
		} else if (is(argv[a], "port")) {
			ss.port = parse_port_arg(argv[a], argv[a + 1]);
			a++;
		} else {
			usage_error(usage_sock, "unexpected \"%s\"", argv[a]);
		}
	}
	if (!ss.states)
		ss.states = SF_ALL;

	nl_connect();
	show_begin();
	req_init(&req, XTCP_CMD_SOCK_GET, true);
	talk(&req, sock_show_cb, &ss);
	show_end();
	return 0;
}

/* ---- main ---- */

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs(usage_top, stdout);
	fputs(usage_link, stdout);
	fputs(usage_addr, stdout);
	fputs(usage_route, stdout);
	fputs(usage_neigh, stdout);
	fputs(usage_ports, stdout);
	fputs(usage_sysctl, stdout);
	fputs(usage_cc, stdout);
	fputs(usage_stats, stdout);
	fputs(usage_sock, stdout);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} objects[] = {
	{ "link",	do_link },
	{ "addr",	do_addr },
	{ "address",	do_addr },
	{ "route",	do_route },
	{ "neigh",	do_neigh },
	{ "neighbour",	do_neigh },
	{ "neighbor",	do_neigh },
	{ "ports",	do_ports },
	{ "sysctl",	do_sysctl },
	{ "cc",		do_cc },
	{ "stats",	do_stats },
	{ "sock",	do_sock },
	{ "socket",	do_sock },
	{ "help",	do_help },
};

int main(int argc, char **argv)
{
	unsigned int i;

	for (argc--, argv++; argc && argv[0][0] == '-'; argc--, argv++) {
		if (is(argv[0], "-h") || is(argv[0], "-help") ||
		    is(argv[0], "--help"))
			return do_help(0, NULL);
		if (!is(argv[0], "-j") && !is(argv[0], "-json") &&
		    !is(argv[0], "--json"))
			usage_error(usage_top, "unknown option \"%s\"", argv[0]);
		json = true;
	}
	if (!argc)
		usage_error(usage_top, NULL);

	for (i = 0; i < ARRAY_SIZE(objects); i++)
		if (is(argv[0], objects[i].name))
			return objects[i].fn(argc - 1, argv + 1);
	usage_error(usage_top, "unknown object \"%s\"", argv[0]);
}
