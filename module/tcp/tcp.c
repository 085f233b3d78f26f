// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp SOCK_STREAM (TCP) sockets: struct proto and proto_ops, as
 * af_inet.c's inet_stream_ops over tcp.c and tcp_ipv4.c.
 *
 * Every call answers with the errno Linux TCP gives for the same
 * sequence; comments name the Linux function whose order of checks is
 * followed. The socket is locked with lock_sock() in process context;
 * receive and timers take bh_lock_sock() and leave segments to the
 * backlog while the user holds it.
 */
#include <linux/net.h>
#include <linux/poll.h>
#include <linux/sockios.h>
#include <linux/termios.h>
#include <linux/tcp.h>
#include <linux/uaccess.h>
#include <net/sock.h>
#include <net/ip.h>

#include "core/core.h"
#include "core/trace.h"
#include "tcp.h"

#define XTCP_TCP_MAX_KEEPIDLE	32767	/* MAX_TCP_KEEPIDLE */
#define XTCP_TCP_MAX_KEEPINTVL	32767
#define XTCP_TCP_MAX_KEEPCNT	127

static DEFINE_PER_CPU(int, xtcp_tcp_fw_alloc);
static struct percpu_counter xtcp_tcp_sockets_allocated;
static DEFINE_PER_CPU(unsigned int, xtcp_tcp_orphans);
static atomic_long_t xtcp_tcp_memory_allocated;
static long xtcp_tcp_mem[3];
static int xtcp_tcp_wmem[3] = { 4096, 16384, 4194304 };
static int xtcp_tcp_rmem[3] = { 4096, 131072, 6291456 };
static unsigned long xtcp_tcp_memory_pressure;

u64 xtcp_tcp_now_us(void)
{
	return div_u64(ktime_get_ns(), NSEC_PER_USEC);
}

void xtcp_tcp_fsm_cfg(const struct sock *sk, struct xtcp_tcp_fsm_cfg *cfg)
{
	struct xtcp_net *xn = xtcp_pernet(sock_net(sk));

	xtcp_tcp_fsm_cfg_default(cfg);
	cfg->fin_timeout_us = jiffies_to_usecs(READ_ONCE(xn->sysctl.tcp_fin_timeout));
	cfg->challenge_rl = &xn->tcp.challenge_rl;
}

void xtcp_tcp_opts_cfg_get(const struct net *net, struct xtcp_tcp_opts_cfg *cfg)
{
	struct xtcp_sysctl *sc = &xtcp_pernet(net)->sysctl;

	xtcp_tcp_opts_cfg_default(cfg);
	cfg->timestamps = READ_ONCE(sc->tcp_timestamps);
	cfg->sack = READ_ONCE(sc->tcp_sack);
	cfg->window_scaling = READ_ONCE(sc->tcp_window_scaling);
	cfg->rmem_max = max_t(u32, READ_ONCE(sc->tcp_rmem[2]),
			      READ_ONCE(sysctl_rmem_max));
}

/* sk_stream_write_space(): room in the send buffer again. */
static void xtcp_tcp_write_space(struct sock *sk)
{
	struct socket *sock = sk->sk_socket;
	struct socket_wq *wq;

	if (!sock || !sk_stream_is_writeable(sk))
		return;
	clear_bit(SOCK_NOSPACE, &sock->flags);
	rcu_read_lock();
	wq = rcu_dereference(sk->sk_wq);
	if (skwq_has_sleeper(wq))
		wake_up_interruptible_poll(&wq->wait, EPOLLOUT | EPOLLWRNORM |
					   EPOLLWRBAND);
	if (wq && wq->fasync_list && !(sk->sk_shutdown & SEND_SHUTDOWN))
		sock_wake_async(wq, SOCK_WAKE_SPACE, POLL_OUT);
	rcu_read_unlock();
}

/* tcp_init_sock(): a fresh socket or child. */
void xtcp_tcp_init_sock(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	INIT_HLIST_NODE(&sk->sk_bind_node);
	skb_queue_head_init(&tp->ooo);
	INIT_LIST_HEAD(&tp->accept_q);
	INIT_LIST_HEAD(&tp->accept_node);
	xtcp_tcp_init_timers(sk);
	tp->tcb.state = XTCP_TCP_CLOSED;
	tp->rto = XTCP_TCP_TIMEOUT_INIT;
	xtcp_cc_init(&tp->cc, xtcp_cong_default_get(sock_net(sk)));
	tp->recovery = XTCP_RECOVERY_RACK;	/* as Linux */
	tp->mss_cache = XTCP_TCP_DEFAULT_MSS;
	sk->sk_state = TCP_CLOSE;
	sk->sk_backlog_rcv = xtcp_tcp_backlog_rcv;
	sk->sk_write_space = xtcp_tcp_write_space;
	sock_set_flag(sk, SOCK_USE_WRITE_QUEUE);
	sk_sockets_allocated_inc(sk);
}

/* proto.init */
static int xtcp_tcp_proto_init(struct sock *sk)
{
	struct xtcp_sysctl *sc = &xtcp_pernet(sock_net(sk))->sysctl;

	xtcp_tcp_init_sock(sk);
	WRITE_ONCE(sk->sk_sndbuf, READ_ONCE(sc->tcp_wmem[1]));
	WRITE_ONCE(sk->sk_rcvbuf, READ_ONCE(sc->tcp_rmem[1]));
	return 0;
}

/* tcp_set_state(): CLOSE leaves the tables and, unless locked, the port. */
void xtcp_tcp_set_state(struct sock *sk, int state)
{
	int old = sk->sk_state;

	if (state == old)
		return;
	if (state == TCP_ESTABLISHED)
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPCURRESTABIN);
	if (old == TCP_ESTABLISHED)
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPCURRESTABOUT);
	if (state == TCP_CLOSE) {
		xtcp_tcp_unhash(sk);
		if (!(sk->sk_userlocks & SOCK_BINDPORT_LOCK))
			xtcp_tcp_put_port(sk);
	}
	/* Pairs with inet_sk_state_load() in poll and /proc/net/xtcp. */
	smp_store_release(&sk->sk_state, state);
	trace_xtcp_tcp_state(sk, old, state);
}

/* The user is gone: the socket lives on as an orphan until it closes. */
void xtcp_tcp_orphan(struct sock *sk)
{
	sock_orphan(sk);
	this_cpu_inc(*sk->sk_prot->orphan_count);
}

/* inet_csk_destroy_sock(): an orphan that reached CLOSE goes. */
static void xtcp_tcp_destroy_sock(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct sk_buff *skb;

	xtcp_tcp_clear_timers(sk);
	xtcp_tcp_unhash(sk);
	xtcp_tcp_put_port(sk);
	while ((skb = __skb_dequeue(&sk->sk_write_queue))) {
		sk_wmem_queued_add(sk, -skb->truesize);
		sk_mem_uncharge(sk, skb->truesize);
		__kfree_skb(skb);
	}
	tp->send_head = NULL;
	skb_queue_purge(&tp->ooo);
	sk_stream_kill_queues(sk);
	sk->sk_prot->destroy(sk);
	this_cpu_dec(*sk->sk_prot->orphan_count);
	sock_put(sk);
}

/**
 * xtcp_tcp_done() - the connection is over (tcp_done())
 * @sk: the socket, locked
 * @err: positive errno for the user, or 0
 */
void xtcp_tcp_done(struct sock *sk, int err)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	tp->tcb.state = XTCP_TCP_CLOSED;
	tp->tcb.deadline = 0;
	if (err) {
		WRITE_ONCE(sk->sk_err, err);
		sk_error_report(sk);
	}
	xtcp_tcp_set_state(sk, TCP_CLOSE);
	xtcp_tcp_clear_timers(sk);
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_state_change(sk);
	else
		xtcp_tcp_destroy_sock(sk);
}

/* inet_addr_valid_or_nonlocal(): local, broadcast and multicast pass. */
static bool xtcp_tcp_bind_addr_ok(struct net *net, __be32 addr)
{
	return addr == htonl(INADDR_ANY) || ipv4_is_lbcast(addr) ||
	       ipv4_is_multicast(addr) || xtcp_addr_is_local(net, addr);
}

/* __inet_bind(). */
static int xtcp_tcp_bind(struct socket *sock, struct sockaddr *uaddr,
			 int addr_len)
{
	struct sockaddr_xtcp *sx = (struct sockaddr_xtcp *)uaddr;
	struct sock *sk = sock->sk;
	struct net *net = sock_net(sk);
	__be32 addr;
	u16 snum;
	int err;

	if (addr_len < (int)sizeof(*sx))
		return -EINVAL;
	addr = sx->sxtcp_addr;
	if (!xtcp_sa_family_ok(sx->sxtcp_family) &&
	    (sx->sxtcp_family != AF_UNSPEC || addr != htonl(INADDR_ANY)))
		return -EAFNOSUPPORT;
	if (!xtcp_tcp_bind_addr_ok(net, addr))
		return -EADDRNOTAVAIL;
	snum = ntohs(sx->sxtcp_port);
	if (snum && inet_port_requires_bind_service(net, snum) &&
	    !ns_capable(net->user_ns, CAP_NET_BIND_SERVICE))
		return -EACCES;

	lock_sock(sk);
	err = -EINVAL;
	if (sk->sk_state != TCP_CLOSE || sk->sk_num)
		goto out;
	sk->sk_rcv_saddr = addr;
	xtcp_sk(sk)->inet.saddr = addr;
	err = xtcp_tcp_get_port(sk, snum);
	if (err) {
		sk->sk_rcv_saddr = 0;
		xtcp_sk(sk)->inet.saddr = 0;
		goto out;
	}
	if (addr)
		sk->sk_userlocks |= SOCK_BINDADDR_LOCK;
	if (snum)
		sk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	sk->sk_daddr = 0;
	sk->sk_dport = 0;
out:
	release_sock(sk);
	return err;
}

/* tcp_v4_connect(): route, port, ISN, SYN. */
static int xtcp_tcp_v4_connect(struct sock *sk, struct sockaddr *uaddr,
			       int addr_len)
{
	struct sockaddr_xtcp *sx = (struct sockaddr_xtcp *)uaddr;
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct net *net = sock_net(sk);
	struct xtcp_tcp_net *tn = &xtcp_pernet(net)->tcp;
	struct xtcp_tcp_opts_cfg cfg;
	struct xtcp_tcp_fsm_act act;
	struct xtcp_tcp_opts syn;
	__be32 saddr, daddr;
	u32 mtu, rcv_wnd, clamp = 0, iss;
	u8 wscale = 0;
	int err;

	if (addr_len < (int)sizeof(*sx))
		return -EINVAL;
	if (!xtcp_sa_family_ok(sx->sxtcp_family))
		return -EAFNOSUPPORT;
	daddr = sx->sxtcp_addr;
	if (!daddr)
		daddr = htonl(INADDR_LOOPBACK);
	if (ipv4_is_multicast(daddr) || ipv4_is_lbcast(daddr))
		return -ENETUNREACH;
	err = xtcp_tcp_route(sk, daddr, &saddr, &mtu);
	if (err)
		return err;

	if (!sk->sk_rcv_saddr)
		sk->sk_rcv_saddr = saddr;
	xtcp_sk(sk)->inet.saddr = sk->sk_rcv_saddr;
	xtcp_sk(sk)->inet.dst.valid = false;
	sk->sk_daddr = daddr;
	sk->sk_dport = sx->sxtcp_port;
	xtcp_tcp_set_state(sk, TCP_SYN_SENT);
	tp->write_seq = 0;
	err = xtcp_tcp_connect_port(sk);
	if (err)
		goto failure;

	tp->ts_off = xtcp_tcp_ts_off(&tn->secrets.ts, sk->sk_rcv_saddr, daddr);
	/* Past a TIME-WAIT's sequence space if it took one over. */
	iss = tp->write_seq ? :
	      xtcp_tcp_isn(&tn->secrets.isn, sk->sk_rcv_saddr, daddr,
			   htons(sk->sk_num), sk->sk_dport, ktime_get_ns());
	tp->advmss = xtcp_tcp_advertise_mss(mtu, tp->user_mss);
	xtcp_tcp_opts_cfg_get(net, &cfg);
	if (sk->sk_userlocks & SOCK_RCVBUF_LOCK)
		clamp = xtcp_tcp_full_space(sk->sk_rcvbuf);
	xtcp_tcp_select_initial_window(&cfg, xtcp_tcp_full_space(sk->sk_rcvbuf),
				       tp->advmss, 0, cfg.window_scaling,
				       &rcv_wnd, &wscale, &clamp);
	tp->window_clamp = clamp;
	tp->tcb.rcv_wscale = wscale;
	xtcp_tcp_syn_options(&cfg, tp->advmss, wscale,
			     xtcp_tcp_ts_now() + tp->ts_off, &syn);
	xtcp_tcp_fsm_connect(&tp->tcb, iss, rcv_wnd, &syn, &act);
	tp->tcb.rcv_wscale = wscale;
	tp->write_seq = iss + 1;
	tp->snd_max = iss;
	tp->rcv_adv_wnd = rcv_wnd;
	XTCP_INC_STATS(net, XTCP_MIB_TCPACTIVEOPENS);
	err = xtcp_tcp_send_syn(sk);
	if (err)
		goto failure;
	return 0;

failure:
	xtcp_tcp_set_state(sk, TCP_CLOSE);
	sk->sk_dport = 0;
	return err;
}

/* inet_wait_for_connect() */
static long xtcp_tcp_wait_connect(struct sock *sk, long timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);

	add_wait_queue(sk_sleep(sk), &wait);
	sk->sk_write_pending++;
	while ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		release_sock(sk);
		timeo = wait_woken(&wait, TASK_INTERRUPTIBLE, timeo);
		lock_sock(sk);
		if (signal_pending(current) || !timeo)
			break;
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	sk->sk_write_pending--;
	return timeo;
}

/* __inet_stream_connect(). */
static int xtcp_tcp_connect(struct socket *sock, struct sockaddr *uaddr,
			    int addr_len, int flags)
{
	struct sock *sk = sock->sk;
	long timeo;
	int err;

	if (addr_len < (int)sizeof(uaddr->sa_family))
		return -EINVAL;
	lock_sock(sk);
	if (uaddr->sa_family == AF_UNSPEC) {
		err = sk->sk_prot->disconnect(sk, flags);
		sock->state = err ? SS_DISCONNECTING : SS_UNCONNECTED;
		goto out;
	}
	switch (sock->state) {
	default:
		err = -EINVAL;
		goto out;
	case SS_CONNECTED:
		err = -EISCONN;
		goto out;
	case SS_CONNECTING:
		/* The outcome below, or EALREADY while it is pending. */
		err = -EALREADY;
		break;
	case SS_UNCONNECTED:
		err = -EISCONN;
		if (sk->sk_state != TCP_CLOSE)
			goto out;
		err = xtcp_tcp_v4_connect(sk, uaddr, addr_len);
		if (err < 0)
			goto out;
		sock->state = SS_CONNECTING;
		err = -EINPROGRESS;
		break;
	}

	timeo = sock_sndtimeo(sk, flags & O_NONBLOCK);
	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		/* Still pending: -EINPROGRESS, or -EALREADY, as set above. */
		if (!timeo || !xtcp_tcp_wait_connect(sk, timeo))
			goto out;
		err = sock_intr_errno(timeo);
		if (signal_pending(current))
			goto out;
	}
	if (sk->sk_state == TCP_CLOSE)
		goto sock_error;
	sock->state = SS_CONNECTED;
	err = 0;
out:
	release_sock(sk);
	return err;
sock_error:
	err = sock_error(sk) ? : -ECONNABORTED;
	sock->state = SS_UNCONNECTED;
	if (sk->sk_prot->disconnect(sk, flags))
		sock->state = SS_DISCONNECTING;
	goto out;
}

/* Abort the children a listener never handed out (inet_csk_listen_stop()). */
static void xtcp_tcp_listen_stop(struct sock *sk)
{
	struct xtcp_tcp_sock *lp = xtcp_tcp_sk(sk), *cp, *n;
	struct sock *child;

	xtcp_tcp_purge_minis_of(sock_net(sk), sk);
	list_for_each_entry_safe(cp, n, &lp->accept_q, accept_node) {
		child = &cp->xsk.sk;
		list_del_init(&cp->accept_node);
		lp->accept_len--;
		sk_acceptq_removed(sk);
		local_bh_disable();
		bh_lock_sock_nested(child);
		xtcp_tcp_orphan(child);
		if (child->sk_state != TCP_CLOSE) {
			xtcp_tcp_send_active_reset(child, GFP_ATOMIC);
			XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPABORTONCLOSE);
		}
		xtcp_tcp_done(child, 0);
		bh_unlock_sock(child);
		local_bh_enable();
	}
}

/* tcp_disconnect(): back to CLOSE, for connect(AF_UNSPEC) and aborts. */
static int xtcp_tcp_disconnect(struct sock *sk, int flags)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	int old = sk->sk_state;
	struct sk_buff *skb;

	if (old != TCP_CLOSE)
		xtcp_tcp_set_state(sk, TCP_CLOSE);
	if (old == TCP_LISTEN) {
		xtcp_tcp_listen_stop(sk);
	} else if (old != TCP_CLOSE && old != TCP_SYN_SENT) {
		xtcp_tcp_send_active_reset(sk, sk->sk_allocation);
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPABORTONCLOSE);
	}
	xtcp_tcp_clear_timers(sk);
	__skb_queue_purge(&sk->sk_receive_queue);
	while ((skb = __skb_dequeue(&sk->sk_write_queue))) {
		sk_wmem_queued_add(sk, -skb->truesize);
		sk_mem_uncharge(sk, skb->truesize);
		__kfree_skb(skb);
	}
	tp->send_head = NULL;
	skb_queue_purge(&tp->ooo);
	sk_mem_reclaim(sk);
	if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK))
		sk->sk_rcv_saddr = 0;
	sk->sk_daddr = 0;
	sk->sk_dport = 0;
	xtcp_sk(sk)->inet.dst.valid = false;
	WRITE_ONCE(sk->sk_shutdown, 0);
	sock_reset_flag(sk, SOCK_DONE);
	WRITE_ONCE(sk->sk_err, 0);
	memset(&tp->tcb, 0, sizeof(tp->tcb));
	tp->tcb.state = XTCP_TCP_CLOSED;
	tp->copied_seq = tp->tcb.rcv_nxt;
	memset(&tp->sack, 0, sizeof(tp->sack));
	tp->packets_out = 0;
	xtcp_tcp_sb_reset(&tp->sb, 0);
	memset(&tp->rack, 0, sizeof(tp->rack));
	tp->ecn_flags = 0;
	tp->tlp_quota = 0;
	tp->rcv_mss = 0;
	tp->srtt_us = 0;
	tp->rttvar_us = 0;
	tp->rto = XTCP_TCP_TIMEOUT_INIT;
	tp->backoff = 0;
	tp->retransmits = 0;
	xtcp_cc_reset(&tp->cc);
	sk_error_report(sk);
	return 0;
}

/* inet_listen(). */
static int xtcp_tcp_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;
	struct net *net = sock_net(sk);
	int err, somaxconn = READ_ONCE(xtcp_pernet(net)->sysctl.somaxconn);

	lock_sock(sk);
	err = -EINVAL;
	if (sock->state != SS_UNCONNECTED || sock->type != SOCK_STREAM)
		goto out;
	if (!((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)))
		goto out;
	backlog = min(backlog, somaxconn);
	WRITE_ONCE(sk->sk_max_ack_backlog, backlog);
	if (sk->sk_state == TCP_LISTEN) {
		err = 0;
		goto out;
	}
	/* inet_csk_listen_start() */
	err = -EADDRINUSE;
	if (!sk->sk_num && xtcp_tcp_get_port(sk, 0))
		goto out;
	err = xtcp_tcp_listen_port_check(sk);
	if (err)
		goto out;
	sk->sk_ack_backlog = 0;
	xtcp_tcp_sk(sk)->tcb.state = XTCP_TCP_LISTEN;
	/* Pairs with inet_sk_state_load() in poll and /proc/net/xtcp. */
	smp_store_release(&sk->sk_state, TCP_LISTEN);
	xtcp_tcp_hash(sk);
	err = 0;
out:
	release_sock(sk);
	return err;
}

/* inet_csk_accept() */
static int xtcp_tcp_accept(struct socket *sock, struct socket *newsock,
			   int flags, bool kern)
{
	struct sock *sk = sock->sk, *child;
	struct xtcp_tcp_sock *lp = xtcp_tcp_sk(sk), *cp;
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	long timeo;
	int err;

	lock_sock(sk);
	err = -EINVAL;
	if (sk->sk_state != TCP_LISTEN)
		goto out;
	timeo = sock_rcvtimeo(sk, flags & O_NONBLOCK);
	add_wait_queue_exclusive(sk_sleep(sk), &wait);
	while (list_empty(&lp->accept_q)) {
		err = -EAGAIN;
		if (!timeo)
			break;
		release_sock(sk);
		timeo = wait_woken(&wait, TASK_INTERRUPTIBLE, timeo);
		lock_sock(sk);
		err = -EINVAL;
		if (sk->sk_state != TCP_LISTEN)
			break;
		err = sock_intr_errno(timeo);
		if (signal_pending(current))
			break;
		err = -EAGAIN;
		if (!timeo)
			break;
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	if (list_empty(&lp->accept_q))
		goto out;

	cp = list_first_entry(&lp->accept_q, struct xtcp_tcp_sock, accept_node);
	list_del_init(&cp->accept_node);
	lp->accept_len--;
	sk_acceptq_removed(sk);
	release_sock(sk);

	child = &cp->xsk.sk;
	lock_sock(child);
	sock_graft(child, newsock);
	newsock->state = SS_CONNECTED;
	release_sock(child);
	return 0;
out:
	release_sock(sk);
	return err;
}

/* inet_getname(). */
static int xtcp_tcp_getname(struct socket *sock, struct sockaddr *uaddr,
			    int peer)
{
	DECLARE_SOCKADDR(struct sockaddr_xtcp *, sx, uaddr);
	struct sock *sk = sock->sk;

	if (peer) {
		if (!sk->sk_dport ||
		    (((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_SYN_SENT)) &&
		     peer == 1))
			return -ENOTCONN;
		sx->sxtcp_addr = sk->sk_daddr;
		sx->sxtcp_port = sk->sk_dport;
	} else {
		sx->sxtcp_addr = sk->sk_rcv_saddr;
		sx->sxtcp_port = xtcp_sk(sk)->inet.sport;
	}
	sx->sxtcp_family = xtcp_family;
	memset(sx->sxtcp_zero, 0, sizeof(sx->sxtcp_zero));
	return sizeof(*sx);
}

/* tcp_poll() */
/*
 * tcp_epollin_ready(): @target bytes to read (SO_RCVLOWAT), or fewer when
 * waiting for more could not end: the receive buffer is nearly full, or
 * the window left is less than a segment.
 */
bool xtcp_tcp_epollin_ready(const struct sock *sk, int target)
{
	const struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	int avail = READ_ONCE(tp->tcb.rcv_nxt) - READ_ONCE(tp->copied_seq);
	int rcvbuf = READ_ONCE(sk->sk_rcvbuf);
	s32 win;

	if (avail <= 0)
		return false;
	if (avail >= target)
		return true;
	if (atomic_read(&sk->sk_rmem_alloc) > rcvbuf - (rcvbuf >> 3) ||
	    sk_under_memory_pressure(sk))
		return true;
	win = READ_ONCE(tp->rcv_wup) + READ_ONCE(tp->rcv_adv_wnd) -
	      READ_ONCE(tp->tcb.rcv_nxt);
	return win <= (s32)READ_ONCE(tp->rcv_mss);
}

/*
 * tcp_set_rcvlowat(): at most half of what the receive buffer may grow
 * to, and the buffer grows to twice the mark so the window lets it fill.
 */
static int xtcp_tcp_set_rcvlowat(struct sock *sk, int val)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	int cap;

	if (sk->sk_userlocks & SOCK_RCVBUF_LOCK)
		cap = sk->sk_rcvbuf >> 1;
	else
		cap = xtcp_pernet(sock_net(sk))->sysctl.tcp_rmem[2] >> 1;
	val = min(val, cap);
	WRITE_ONCE(sk->sk_rcvlowat, val ? : 1);
	/* Maybe readable now. */
	xtcp_tcp_data_ready(sk);
	if (sk->sk_userlocks & SOCK_RCVBUF_LOCK)
		return 0;
	val <<= 1;
	if (val > sk->sk_rcvbuf) {
		WRITE_ONCE(sk->sk_rcvbuf, val);
		tp->window_clamp = xtcp_tcp_win_from_space(val);
	}
	return 0;
}

static __poll_t xtcp_tcp_poll(struct file *file, struct socket *sock,
			      poll_table *wait)
{
	struct sock *sk = sock->sk;
	int state = inet_sk_state_load(sk);
	__poll_t mask = 0;
	u8 shutdown;

	sock_poll_wait(file, sock, wait);
	if (state == TCP_LISTEN)
		return READ_ONCE(sk->sk_ack_backlog) ? EPOLLIN | EPOLLRDNORM : 0;

	shutdown = READ_ONCE(sk->sk_shutdown);
	if (shutdown == SHUTDOWN_MASK || state == TCP_CLOSE)
		mask |= EPOLLHUP;
	if (shutdown & RCV_SHUTDOWN)
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;

	if (state != TCP_SYN_SENT && state != TCP_SYN_RECV) {
		if (xtcp_tcp_epollin_ready(sk, sock_rcvlowat(sk, 0, INT_MAX)))
			mask |= EPOLLIN | EPOLLRDNORM;
		if (!(shutdown & SEND_SHUTDOWN)) {
			if (sk_stream_is_writeable(sk)) {
				mask |= EPOLLOUT | EPOLLWRNORM;
			} else {
				sk_set_bit(SOCKWQ_ASYNC_NOSPACE, sk);
				set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
				/* Race breaker: the ACK path may have freed
				 * space before SOCK_NOSPACE was visible.
				 */
				smp_mb__after_atomic();
				if (sk_stream_is_writeable(sk))
					mask |= EPOLLOUT | EPOLLWRNORM;
			}
		} else {
			mask |= EPOLLOUT | EPOLLWRNORM;
		}
	} else if (state == TCP_SYN_SENT &&
		   test_bit(SOCK_NOSPACE, &sk->sk_socket->flags)) {
		/* tcp_poll(): nothing until connected */
	}
	/* sk_err is read after the state, as sk_error_report() wrote it. */
	smp_rmb();
	if (READ_ONCE(sk->sk_err) ||
	    !skb_queue_empty_lockless(&sk->sk_error_queue))
		mask |= EPOLLERR;
	return mask;
}

/* Copy user data into segments of at most an MSS (tcp_sendmsg_locked()). */
static int xtcp_tcp_sendmsg_locked(struct sock *sk, struct msghdr *msg,
				   size_t size)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	int flags = msg->msg_flags, copied = 0, err;
	struct sk_buff *skb;
	long timeo;
	u32 mss;

	timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT);
	if ((1 << sk->sk_state) & ~(TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)) {
		err = sk_stream_wait_connect(sk, &timeo);
		if (err)
			goto do_error;
	}
	sk_clear_bit(SOCKWQ_ASYNC_NOSPACE, sk);
	err = -EPIPE;
	if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN))
		goto do_error;

	mss = xtcp_tcp_current_mss(sk);
	while (msg_data_left(msg)) {
		int copy;

		skb = skb_peek_tail(&sk->sk_write_queue);
		if (skb && tp->send_head &&
		    !(XTCP_TCP_SKB_CB(skb)->flags &
		      (XTCP_TCPF_SYN | XTCP_TCPF_FIN)) &&
		    skb->len < mss && skb_tailroom(skb) > 0 &&
		    !skb_cloned(skb)) {
			copy = min_t(int, mss - skb->len, skb_tailroom(skb));
		} else {
			if (!sk_stream_memory_free(sk))
				goto wait_for_space;
			skb = alloc_skb_fclone(XTCP_TCP_MAX_HEADER + mss,
					       sk->sk_allocation);
			if (!skb)
				goto wait_for_space;
			if (!sk_wmem_schedule(sk, skb->truesize)) {
				__kfree_skb(skb);
				goto wait_for_space;
			}
			skb_reserve(skb, XTCP_TCP_MAX_HEADER);
			XTCP_TCP_SKB_CB(skb)->seq = tp->write_seq;
			XTCP_TCP_SKB_CB(skb)->end_seq = tp->write_seq;
			XTCP_TCP_SKB_CB(skb)->flags = 0;
			XTCP_TCP_SKB_CB(skb)->retrans = 0;
			sk_wmem_queued_add(sk, skb->truesize);
			sk_mem_charge(sk, skb->truesize);
			__skb_queue_tail(&sk->sk_write_queue, skb);
			if (!tp->send_head)
				tp->send_head = skb;
			copy = min_t(int, mss, skb_tailroom(skb));
		}
		copy = min_t(size_t, copy, msg_data_left(msg));
		if (skb_add_data_nocache(sk, skb, &msg->msg_iter, copy)) {
			err = -EFAULT;
			goto do_error;
		}
		XTCP_TCP_SKB_CB(skb)->end_seq += copy;
		tp->write_seq += copy;
		copied += copy;
		if (skb->len >= mss)
			xtcp_tcp_push(sk);
		continue;

wait_for_space:
		set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		xtcp_tcp_push(sk);
		err = sk_stream_wait_memory(sk, &timeo);
		if (err)
			goto do_error;
		mss = xtcp_tcp_current_mss(sk);
	}
	if (copied) {
		skb = skb_peek_tail(&sk->sk_write_queue);
		if (skb)
			XTCP_TCP_SKB_CB(skb)->flags |= XTCP_TCPF_PSH;
		xtcp_tcp_push(sk);
	}
	return copied;

do_error:
	if (copied) {
		xtcp_tcp_push(sk);
		return copied;
	}
	return sk_stream_error(sk, flags, err);
}

static int xtcp_tcp_sendmsg(struct socket *sock, struct msghdr *msg,
			    size_t size)
{
	struct sock *sk = sock->sk;
	int ret;

	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	lock_sock(sk);
	ret = xtcp_tcp_sendmsg_locked(sk, msg, size);
	release_sock(sk);
	return ret;
}

/* The window may open enough to tell the peer (tcp_cleanup_rbuf()). */
static void xtcp_tcp_cleanup_rbuf(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_tcb *tcb = &tp->tcb;
	u32 cur, free;

	if (sk->sk_state == TCP_CLOSE || sk->sk_state == TCP_LISTEN ||
	    sk->sk_state == TCP_SYN_SENT)
		return;
	cur = tp->rcv_wup + tp->rcv_adv_wnd - tcb->rcv_nxt;
	free = max(xtcp_tcp_win_from_space(sk->sk_rcvbuf -
					   atomic_read(&sk->sk_rmem_alloc)), 0);
	if (tp->ack_pending || ((s32)cur >= 0 && free >= 2 * cur &&
				free - cur >= 2U * tp->advmss))
		xtcp_tcp_send_ack(sk);
}

/* tcp_recvmsg_locked() */
static int xtcp_tcp_recvmsg_locked(struct sock *sk, struct msghdr *msg,
				   size_t len, int flags)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	u32 peek_seq = tp->copied_seq, *seq = &tp->copied_seq;
	int copied = 0, target, err;
	struct sk_buff *skb, *last;
	long timeo;
	u32 off;

	err = -ENOTCONN;
	if (sk->sk_state == TCP_LISTEN)
		goto out;
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	if (flags & MSG_PEEK)
		seq = &peek_seq;
	target = sock_rcvlowat(sk, flags & MSG_WAITALL, len);

	do {
		last = skb_peek_tail(&sk->sk_receive_queue);
		skb_queue_walk(&sk->sk_receive_queue, skb) {
			last = skb;
			off = *seq - XTCP_TCP_SKB_CB(skb)->seq;
			if (off < skb->len)
				goto found;
		}
		if (copied >= target && !READ_ONCE(sk->sk_backlog.tail))
			break;
		if (copied) {
			if (sk->sk_err || sk->sk_state == TCP_CLOSE ||
			    (sk->sk_shutdown & RCV_SHUTDOWN) || !timeo ||
			    signal_pending(current))
				break;
		} else {
			if (sock_flag(sk, SOCK_DONE))
				break;
			if (sk->sk_err) {
				copied = sock_error(sk);
				break;
			}
			if (sk->sk_shutdown & RCV_SHUTDOWN)
				break;
			if (sk->sk_state == TCP_CLOSE) {
				copied = -ENOTCONN;
				break;
			}
			if (!timeo) {
				copied = -EAGAIN;
				break;
			}
			if (signal_pending(current)) {
				copied = sock_intr_errno(timeo);
				break;
			}
		}
		xtcp_tcp_cleanup_rbuf(sk);
		if (copied >= target) {
			/* Run the backlog, then look again. */
			release_sock(sk);
			lock_sock(sk);
		} else {
			sk_wait_data(sk, &timeo, last);
		}
		continue;

found:
		{
			size_t used = min_t(size_t, skb->len - off, len);

			/* MSG_TRUNC: consume without copying. */
			err = flags & MSG_TRUNC ? 0 :
			      skb_copy_datagram_msg(skb, off, msg, used);
			if (err) {
				if (!copied)
					copied = -EFAULT;
				break;
			}
			*seq += used;
			copied += used;
			len -= used;
			if (!(flags & MSG_PEEK)) {
				xtcp_tcp_rcv_space_adjust(sk);
				if (used + off == skb->len)
					sk_eat_skb(sk, skb);
			}
		}
	} while (len > 0);

	xtcp_tcp_cleanup_rbuf(sk);
	return copied;
out:
	return err;
}

static int xtcp_tcp_recvmsg(struct socket *sock, struct msghdr *msg,
			    size_t len, int flags)
{
	struct sock *sk = sock->sk;
	int ret;

	if (flags & MSG_ERRQUEUE)
		return -EAGAIN;
	if (flags & MSG_OOB)
		return -EINVAL;
	lock_sock(sk);
	ret = xtcp_tcp_recvmsg_locked(sk, msg, len, flags);
	release_sock(sk);
	return ret;
}

/* tcp_shutdown(): SHUT_WR sends our FIN after the data. */
static void xtcp_tcp_send_shutdown(struct sock *sk, bool orphan)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_tcp_fsm_cfg cfg;
	struct xtcp_tcp_fsm_act act;

	if (!((1 << sk->sk_state) &
	      (TCPF_ESTABLISHED | TCPF_SYN_SENT | TCPF_SYN_RECV |
	       TCPF_CLOSE_WAIT)))
		return;
	xtcp_tcp_fsm_cfg(sk, &cfg);
	xtcp_tcp_fsm_close(&tp->tcb, &cfg, orphan, xtcp_tcp_now_us(), &act);
	if (act.flags & XTCP_TCP_ACT_CLOSED) {
		xtcp_tcp_done(sk, 0);
		return;
	}
	xtcp_tcp_set_state(sk, act.new_state);
	if (act.flags & XTCP_TCP_ACT_SEND_FIN)
		xtcp_tcp_send_fin(sk);
}

/* inet_shutdown() */
static int xtcp_tcp_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;
	int err = 0;

	how++;	/* SHUT_RD, SHUT_WR, SHUT_RDWR to *_SHUTDOWN masks */
	if ((how & ~SHUTDOWN_MASK) || !how)
		return -EINVAL;
	lock_sock(sk);
	if (sock->state == SS_CONNECTING) {
		if ((1 << sk->sk_state) &
		    (TCPF_SYN_SENT | TCPF_SYN_RECV | TCPF_CLOSE))
			sock->state = SS_DISCONNECTING;
		else
			sock->state = SS_CONNECTED;
	}
	switch (sk->sk_state) {
	case TCP_CLOSE:
		err = -ENOTCONN;
		fallthrough;
	default:
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | how);
		if (how & SEND_SHUTDOWN)
			xtcp_tcp_send_shutdown(sk, false);
		break;
	case TCP_LISTEN:
		if (!(how & RCV_SHUTDOWN))
			break;
		fallthrough;
	case TCP_SYN_SENT:
		err = xtcp_tcp_disconnect(sk, O_NONBLOCK);
		sock->state = err ? SS_DISCONNECTING : SS_UNCONNECTED;
		break;
	}
	sk->sk_state_change(sk);
	release_sock(sk);
	return err;
}

/* tcp_close() */
static void xtcp_tcp_close(struct sock *sk, long timeout)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct net *net = sock_net(sk);
	struct sk_buff *skb;
	u32 unread = 0;

	lock_sock(sk);
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);
	if (sk->sk_state == TCP_LISTEN) {
		xtcp_tcp_set_state(sk, TCP_CLOSE);
		xtcp_tcp_listen_stop(sk);
		goto adjudge;
	}
	while ((skb = __skb_dequeue(&sk->sk_receive_queue))) {
		unread += skb->len - (tp->copied_seq - XTCP_TCP_SKB_CB(skb)->seq);
		__kfree_skb(skb);
	}
	sk_mem_reclaim(sk);
	if (sk->sk_state == TCP_CLOSE)
		goto adjudge;

	if (unread || (sock_flag(sk, SOCK_LINGER) && !sk->sk_lingertime)) {
		/* RFC 2525 2.17: unread data (or linger 0) resets. */
		XTCP_INC_STATS(net, unread ? XTCP_MIB_TCPABORTONCLOSE :
				XTCP_MIB_TCPABORTONLINGER);
		if (sk->sk_state != TCP_SYN_SENT)
			xtcp_tcp_send_active_reset(sk, sk->sk_allocation);
		xtcp_tcp_done(sk, 0);
		goto adjudge;
	}
	xtcp_tcp_send_shutdown(sk, true);
	if (timeout)
		sk_stream_wait_close(sk, timeout);

adjudge:
	sock_hold(sk);
	xtcp_tcp_orphan(sk);
	local_bh_disable();
	bh_lock_sock(sk);
	/* The core tracks the orphan: FIN-WAIT-2 times out, data resets. */
	tp->tcb.orphan = true;
	if (sk->sk_state == TCP_FIN_WAIT2 && !tp->tcb.deadline) {
		struct xtcp_tcp_fsm_cfg cfg;

		xtcp_tcp_fsm_cfg(sk, &cfg);
		tp->tcb.deadline = xtcp_tcp_now_us() + cfg.fin_timeout_us;
		sk_reset_timer(sk, &tp->keepalive_timer,
			       jiffies + usecs_to_jiffies(cfg.fin_timeout_us));
	}
	if (sk->sk_state == TCP_CLOSE)
		xtcp_tcp_destroy_sock(sk);
	bh_unlock_sock(sk);
	local_bh_enable();
	release_sock(sk);
	sock_put(sk);
}

static void xtcp_tcp_release_cb(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	if (test_and_clear_bit(XTCP_TCP_PEND_MTU, &tp->pending))
		xtcp_tcp_mtu_reduced(sk);
	if (test_and_clear_bit(XTCP_TCP_PEND_ACK, &tp->pending) &&
	    tp->ack_pending)
		xtcp_tcp_send_ack(sk);
}

/* The socket is freed (proto.destroy, from sk_common_release or close). */
static void xtcp_tcp_destroy(struct sock *sk)
{
	xtcp_cc_release(&xtcp_tcp_sk(sk)->cc);
	sk_sockets_allocated_dec(sk);
}

static int xtcp_tcp_ioctl(struct sock *sk, int cmd, unsigned long arg)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	int answ;

	switch (cmd) {
	case SIOCINQ:
		if (sk->sk_state == TCP_LISTEN)
			return -EINVAL;
		lock_sock(sk);
		/* tcp_inq(): what a reset left is still there to read. */
		answ = tp->tcb.rcv_nxt - tp->copied_seq;
		if (answ && sock_flag(sk, SOCK_DONE))
			answ--;
		if (sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_SYN_RECV)
			answ = 0;
		release_sock(sk);
		break;
	case SIOCOUTQ:
		if (sk->sk_state == TCP_LISTEN)
			return -EINVAL;
		answ = (sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_CLOSE) ?
		       0 : READ_ONCE(tp->write_seq) - tp->tcb.snd_una;
		break;
	case SIOCOUTQNSD:
		if (sk->sk_state == TCP_LISTEN)
			return -EINVAL;
		answ = (sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_CLOSE) ?
		       0 : READ_ONCE(tp->write_seq) - tp->snd_max;
		break;
	default:
		return -ENOIOCTLCMD;
	}
	return put_user(answ, (int __user *)arg);
}

static int xtcp_tcp_sock_ioctl(struct socket *sock, unsigned int cmd,
			       unsigned long arg)
{
	return xtcp_tcp_ioctl(sock->sk, cmd, arg);
}

/* do_tcp_setsockopt(), the options xtcp has. */
static int xtcp_tcp_setsockopt(struct socket *sock, int level, int optname,
			       sockptr_t optval, unsigned int optlen)
{
	struct sock *sk = sock->sk;
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	int val, err = 0;

	if (level == SOL_IP)
		return xtcp_ip_setsockopt(sk, optname, optval, optlen);
	if (level != SOL_TCP)
		return -ENOPROTOOPT;
	if (optname == TCP_CONGESTION) {
		char name[XTCP_CA_NAME_MAX];
		const struct xtcp_cong_ops *ops;
		long n;

		if (optlen < 1)
			return -EINVAL;
		n = strncpy_from_sockptr(name, optval,
					 min_t(long, XTCP_CA_NAME_MAX - 1,
					       optlen));
		if (n < 0)
			return -EFAULT;
		name[n] = 0;
		/* tcp_set_congestion_control(): the window starts again. */
		ops = xtcp_cong_get(name);
		if (!ops)
			return -ENOENT;
		lock_sock(sk);
		xtcp_cc_release(&tp->cc);
		xtcp_cc_init(&tp->cc, ops);
		release_sock(sk);
		return 0;
	}
	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;

	lock_sock(sk);
	switch (optname) {
	case XTCP_SO_REUSEPORT:
		sk->sk_reuseport = !!val;
		break;
	case XTCP_RECOVERY:
		/* Takes effect at the next ACK; the scoreboard starts empty. */
		if (val < XTCP_RECOVERY_DUPACK || val > XTCP_RECOVERY_RACK)
			err = -EINVAL;
		else if (val != tp->recovery)
			xtcp_tcp_set_recovery(sk, val);
		break;
	case TCP_NODELAY:
		tp->nodelay = !!val;
		if (val)
			xtcp_tcp_push(sk);
		break;
	case TCP_CORK:
		tp->cork = !!val;
		if (!val)
			xtcp_tcp_push(sk);
		break;
	case TCP_MAXSEG:
		if (val && (val < XTCP_TCP_MIN_MSS || val > XTCP_TCP_MAX_WINDOW))
			err = -EINVAL;
		else
			tp->user_mss = val;
		break;
	case TCP_KEEPIDLE:
		if (val < 1 || val > XTCP_TCP_MAX_KEEPIDLE) {
			err = -EINVAL;
			break;
		}
		tp->keepidle = val;
		/* A running keepalive timer takes the new idle time at once
		 * (tcp_sock_set_keepidle_locked()).
		 */
		if (sock_flag(sk, SOCK_KEEPOPEN) &&
		    !((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)))
			xtcp_tcp_keepalive_rearm(sk);
		break;
	case TCP_KEEPINTVL:
		if (val < 1 || val > XTCP_TCP_MAX_KEEPINTVL)
			err = -EINVAL;
		else
			tp->keepintvl = val;
		break;
	case TCP_KEEPCNT:
		if (val < 1 || val > XTCP_TCP_MAX_KEEPCNT)
			err = -EINVAL;
		else
			tp->keepcnt = val;
		break;
	case TCP_USER_TIMEOUT:
		if (val < 0)
			err = -EINVAL;
		else
			tp->user_timeout = val;
		break;
	default:
		err = -ENOPROTOOPT;
		break;
	}
	release_sock(sk);
	return err;
}

/**
 * xtcp_tcp_cong_name - the name of a socket's congestion control
 * @sk: the socket
 *
 * Return: the name TCP_CONGESTION reads, NUL-padded to TCP_CA_NAME_MAX.
 */
const char *xtcp_tcp_cong_name(const struct sock *sk)
{
	return xtcp_tcp_sk(sk)->cc.ops->name;
}

/**
 * xtcp_tcp_get_info - the TCP_INFO fields xtcp fills (tcp_get_info())
 * @sk: the socket; locked here, so the caller must be able to sleep
 * @info: filled, zero where xtcp keeps no such figure
 */
void xtcp_tcp_get_info(struct sock *sk, struct tcp_info *info)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	memset(info, 0, sizeof(*info));
	info->tcpi_state = inet_sk_state_load(sk);
	if (info->tcpi_state == TCP_LISTEN) {
		/* Aliased: children ready for accept(), and the backlog. */
		info->tcpi_unacked = READ_ONCE(sk->sk_ack_backlog);
		info->tcpi_sacked = READ_ONCE(sk->sk_max_ack_backlog);
		return;
	}
	lock_sock(sk);
	info->tcpi_ca_state = tp->cc.state;
	info->tcpi_retransmits = tp->retransmits;
	info->tcpi_backoff = tp->backoff;
	if (tp->tcb.ts_ok)
		info->tcpi_options |= TCPI_OPT_TIMESTAMPS;
	if (tp->tcb.sack_ok)
		info->tcpi_options |= TCPI_OPT_SACK;
	if (tp->tcb.wscale_ok) {
		info->tcpi_options |= TCPI_OPT_WSCALE;
		info->tcpi_snd_wscale = tp->tcb.snd_wscale;
		info->tcpi_rcv_wscale = tp->tcb.rcv_wscale;
	}
	info->tcpi_rto = jiffies_to_usecs(tp->rto);
	info->tcpi_snd_mss = tp->mss_cache;
	info->tcpi_rcv_mss = tp->rcv_mss;
	info->tcpi_unacked = tp->packets_out;
	info->tcpi_rtt = tp->srtt_us >> 3;
	info->tcpi_rttvar = tp->rttvar_us >> 2;
	info->tcpi_snd_ssthresh = tp->cc.ssthresh;
	info->tcpi_snd_cwnd = tp->cc.cwnd;
	info->tcpi_advmss = tp->advmss;
	info->tcpi_rcv_space = tp->rcv_adv_wnd;
	info->tcpi_total_retrans = tp->total_retrans;
	info->tcpi_bytes_acked = tp->bytes_acked;
	info->tcpi_bytes_received = tp->bytes_received;
	info->tcpi_segs_out = tp->segs_out;
	info->tcpi_segs_in = tp->segs_in;
	info->tcpi_snd_wnd = tp->tcb.snd_wnd;
	release_sock(sk);
}

static int xtcp_tcp_getsockopt(struct socket *sock, int level, int optname,
			       char __user *optval, int __user *optlen)
{
	struct sock *sk = sock->sk;
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_sysctl *sc = &xtcp_pernet(sock_net(sk))->sysctl;
	int val, len;

	if (level == SOL_IP)
		return xtcp_ip_getsockopt(sk, optname, optval, optlen);
	if (level != SOL_TCP)
		return -EOPNOTSUPP;
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;

	switch (optname) {
	case TCP_INFO: {
		struct tcp_info info;

		xtcp_tcp_get_info(sk, &info);
		len = min_t(unsigned int, len, sizeof(info));
		if (put_user(len, optlen) || copy_to_user(optval, &info, len))
			return -EFAULT;
		return 0;
	}
	case TCP_CONGESTION: {
		char name[XTCP_CA_NAME_MAX];

		lock_sock(sk);
		memcpy(name, xtcp_tcp_cong_name(sk), sizeof(name));
		release_sock(sk);
		len = min_t(unsigned int, len, XTCP_CA_NAME_MAX);
		if (put_user(len, optlen) || copy_to_user(optval, name, len))
			return -EFAULT;
		return 0;
	}
	case XTCP_RECOVERY:
		val = tp->recovery;
		break;
	case TCP_NODELAY:
		val = tp->nodelay;
		break;
	case TCP_CORK:
		val = tp->cork;
		break;
	case TCP_MAXSEG:
		val = tp->mss_cache;
		if ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN))
			val = tp->user_mss ? : XTCP_TCP_DEFAULT_MSS;
		break;
	case TCP_KEEPIDLE:
		val = tp->keepidle ? : READ_ONCE(sc->tcp_keepalive_time) / HZ;
		break;
	case TCP_KEEPINTVL:
		val = tp->keepintvl ? : READ_ONCE(sc->tcp_keepalive_intvl) / HZ;
		break;
	case TCP_KEEPCNT:
		val = tp->keepcnt ? : READ_ONCE(sc->tcp_keepalive_probes);
		break;
	case TCP_USER_TIMEOUT:
		val = tp->user_timeout;
		break;
	default:
		return -ENOPROTOOPT;
	}
	len = min_t(unsigned int, len, sizeof(int));
	if (put_user(len, optlen) || copy_to_user(optval, &val, len))
		return -EFAULT;
	return 0;
}

/* SO_KEEPALIVE (tcp_set_keepalive()); the socket is locked. */
static void xtcp_tcp_set_keepalive(struct sock *sk, int val)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);

	if ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN))
		return;
	if (val)
		xtcp_tcp_keepalive_arm(sk);
	else if (!tp->tcb.deadline)
		sk_stop_timer(sk, &tp->keepalive_timer);
}

static void xtcp_tcp_enter_memory_pressure(struct sock *sk)
{
	WRITE_ONCE(xtcp_tcp_memory_pressure, 1);
}

static void xtcp_tcp_leave_memory_pressure(struct sock *sk)
{
	WRITE_ONCE(xtcp_tcp_memory_pressure, 0);
}

static int xtcp_tcp_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	long timeout = 0;

	if (!sk)
		return 0;
	if (sock_flag(sk, SOCK_LINGER) && !(current->flags & PF_EXITING))
		timeout = sk->sk_lingertime;
	sk->sk_prot->close(sk, timeout);
	sock->sk = NULL;
	return 0;
}

struct proto xtcp_tcp_proto = {
	.name			= "XTCP-TCP",
	.owner			= THIS_MODULE,
	.close			= xtcp_tcp_close,
	.disconnect		= xtcp_tcp_disconnect,
	.init			= xtcp_tcp_proto_init,
	.destroy		= xtcp_tcp_destroy,
	.ioctl			= xtcp_tcp_ioctl,
	.keepalive		= xtcp_tcp_set_keepalive,
	.backlog_rcv		= xtcp_tcp_backlog_rcv,
	.release_cb		= xtcp_tcp_release_cb,
	.hash			= xtcp_tcp_hash,
	.unhash			= xtcp_tcp_unhash,
	.get_port		= xtcp_tcp_get_port,
	.enter_memory_pressure	= xtcp_tcp_enter_memory_pressure,
	.leave_memory_pressure	= xtcp_tcp_leave_memory_pressure,
	.stream_memory_free	= NULL,
	.sockets_allocated	= &xtcp_tcp_sockets_allocated,
	.orphan_count		= &xtcp_tcp_orphans,
	.memory_allocated	= &xtcp_tcp_memory_allocated,
	.per_cpu_fw_alloc	= &xtcp_tcp_fw_alloc,
	.memory_pressure	= &xtcp_tcp_memory_pressure,
	.sysctl_mem		= xtcp_tcp_mem,
	.sysctl_wmem		= xtcp_tcp_wmem,
	.sysctl_rmem		= xtcp_tcp_rmem,
	.max_header		= XTCP_TCP_MAX_HEADER,
	.obj_size		= sizeof(struct xtcp_tcp_sock),
};

const struct proto_ops xtcp_tcp_ops = {
	.family		= PF_XTCP,	/* informational, see xtcp.h */
	.owner		= THIS_MODULE,
	.release	= xtcp_tcp_release,
	.bind		= xtcp_tcp_bind,
	.connect	= xtcp_tcp_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= xtcp_tcp_accept,
	.getname	= xtcp_tcp_getname,
	.poll		= xtcp_tcp_poll,
	.set_rcvlowat	= xtcp_tcp_set_rcvlowat,
	.ioctl		= xtcp_tcp_sock_ioctl,
	.gettstamp	= sock_gettstamp,
	.listen		= xtcp_tcp_listen,
	.shutdown	= xtcp_tcp_shutdown,
	.setsockopt	= xtcp_tcp_setsockopt,
	.getsockopt	= xtcp_tcp_getsockopt,
	.sendmsg	= xtcp_tcp_sendmsg,
	.recvmsg	= xtcp_tcp_recvmsg,
	.mmap		= sock_no_mmap,
	.sendpage	= sock_no_sendpage,
};

/* Module init: the memory limits (tcp_init_mem()) and the counters. */
int xtcp_tcp_init(void)
{
	unsigned long limit = nr_free_buffer_pages() / 16;
	int err;

	limit = max(limit, 128UL);
	xtcp_tcp_mem[0] = limit / 4 * 3;
	xtcp_tcp_mem[1] = limit;
	xtcp_tcp_mem[2] = xtcp_tcp_mem[0] * 2;
	err = xtcp_cong_init();
	if (err)
		return err;
	err = percpu_counter_init(&xtcp_tcp_sockets_allocated, 0, GFP_KERNEL);
	if (err)
		xtcp_cong_exit();
	return err;
}

void xtcp_tcp_exit(void)
{
	percpu_counter_destroy(&xtcp_tcp_sockets_allocated);
	xtcp_cong_exit();
}
