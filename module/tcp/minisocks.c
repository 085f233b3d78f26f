// SPDX-License-Identifier: GPL-2.0
/*
 * TCP minisocks, as tcp_minisocks.c: the request minisock a listener
 * keeps for each SYN it answered (its SYN queue), the child socket made
 * when the handshake completes, SYN cookies when the queue overflows, and
 * the TIME-WAIT minisock that replaces a closed connection for 2 MSL.
 *
 * A minisock is a struct sock_common plus the connection's TCB, so the
 * lookup that finds sockets finds it, and the state machine core drives
 * it as it drives a full socket. It holds no module or namespace
 * reference; a namespace's exit and a listener's close purge theirs.
 */
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/sock.h>
#include <net/ip.h>

#include "core/core.h"
#include "core/trace.h"
#include "tcp.h"

static struct xtcp_tcp_mini *xtcp_tcp_mini_alloc(struct net *net, int state,
						 void (*fn)(struct timer_list *))
{
	struct xtcp_tcp_mini *m;

	m = kzalloc(sizeof(*m), GFP_ATOMIC);
	if (!m)
		return NULL;
	m->common.skc_family = xtcp_family;
	m->common.skc_state = state;
	write_pnet(&m->common.skc_net, net);
	refcount_set(&m->common.skc_refcnt, 1);
	timer_setup(&m->timer, fn, 0);
	return m;
}

void xtcp_tcp_mini_put(struct xtcp_tcp_mini *m)
{
	if (!refcount_dec_and_test(&m->common.skc_refcnt))
		return;
	if (m->listener)
		sock_put(m->listener);
	kfree_rcu(m, rcu);
}

/* Arm the minisock's timer; an armed timer holds a reference. */
static void xtcp_tcp_mini_timer(struct xtcp_tcp_mini *m, unsigned long when)
{
	if (!mod_timer(&m->timer, when))
		refcount_inc(&m->common.skc_refcnt);
}

/**
 * xtcp_tcp_mini_kill() - unhash a minisock and stop its timer
 * @m: the minisock; the caller holds a reference
 * @sync: wait for a running timer (process context, not from the timer)
 */
void xtcp_tcp_mini_kill(struct xtcp_tcp_mini *m, bool sync)
{
	bool pending;

	/* Unhashed first: a running timer then re-arms nothing. */
	if (xtcp_tcp_ehash_del(&m->common)) {
		if (m->common.skc_state == XTCP_TCP_NEW_SYN_RECV)
			xtcp_tcp_req_unlinked_count(m);
		else
			xtcp_tcp_tw_unbind(&m->common);
		xtcp_tcp_mini_put(m);
	}
	pending = sync ? del_timer_sync(&m->timer) : del_timer(&m->timer);
	if (pending)
		xtcp_tcp_mini_put(m);
}

/* A request left the table (a child replaced it, or it died). */
void xtcp_tcp_req_unlinked_count(struct xtcp_tcp_mini *req)
{
	struct xtcp_tcp_sock *lp = xtcp_tcp_sk(req->listener);

	if (lp->synq_len)
		lp->synq_len--;
}

/* A child replaced @req in the table: its reference is ours to drop. */
void xtcp_tcp_req_unlinked(struct xtcp_tcp_mini *req)
{
	if (del_timer(&req->timer))
		xtcp_tcp_mini_put(req);
	xtcp_tcp_req_unlinked_count(req);
	xtcp_tcp_mini_put(req);
}

/* SYN-ACK retransmission (reqsk_timer_handler()), with backoff. */
static void xtcp_tcp_req_timer(struct timer_list *t)
{
	struct xtcp_tcp_mini *req = from_timer(req, t, timer);
	struct sock *sk = req->listener;
	struct net *net = sock_net(sk);
	int max = READ_ONCE(xtcp_pernet(net)->sysctl.tcp_synack_retries);
	unsigned long backoff;

	bh_lock_sock(sk);
	if (hlist_unhashed(&req->common.skc_node)) {
		/* Already a child, or dead. */
	} else if (req->retrans >= max ||
		   READ_ONCE(sk->sk_state) != TCP_LISTEN) {
		xtcp_tcp_mini_kill(req, false);
	} else if (sock_owned_by_user(sk)) {
		/* The listener is busy: look again shortly. */
		xtcp_tcp_mini_timer(req, jiffies + HZ / 20);
	} else {
		req->retrans++;
		XTCP_INC_STATS(net, XTCP_MIB_TCPTIMEOUTS);
		xtcp_tcp_send_synack(req);
		backoff = min_t(unsigned long,
				XTCP_TCP_TIMEOUT_INIT << req->retrans,
				XTCP_TCP_RTO_MAX);
		xtcp_tcp_mini_timer(req, jiffies + backoff);
	}
	bh_unlock_sock(sk);
	xtcp_tcp_mini_put(req);
}

/* The receive space and window scale a passive open offers. */
static void xtcp_tcp_passive_window(struct sock *sk, u8 both, u16 mss,
				    u32 *rcv_wnd, u8 *rcv_wscale)
{
	struct xtcp_tcp_opts_cfg cfg;
	u32 clamp = 0;

	xtcp_tcp_opts_cfg_get(sock_net(sk), &cfg);
	xtcp_tcp_select_initial_window(&cfg, xtcp_tcp_full_space(sk->sk_rcvbuf),
				       mss - (both & XTCP_TCPOPT_F_TS ?
					      XTCP_TCPOLEN_TS_ALIGNED : 0),
				       0, both & XTCP_TCPOPT_F_WSCALE,
				       rcv_wnd, rcv_wscale, &clamp);
}

/* Our MSS toward the SYN's sender, from the route's MTU. */
static u16 xtcp_tcp_req_advmss(struct sock *sk, __be32 daddr)
{
	__be32 saddr;
	u32 mtu = 1500;

	xtcp_tcp_route(sk, daddr, &saddr, &mtu);
	return xtcp_tcp_advertise_mss(mtu, xtcp_tcp_sk(sk)->user_mss);
}

/* The TCB of a passive open: SYN-RECEIVED, options agreed. */
static void xtcp_tcp_passive_tcb(struct sock *sk, const struct sk_buff *skb,
				 const struct xtcp_tcp_repr *syn, u32 iss,
				 u16 advmss, u32 ts_off, struct xtcp_tcb *tcb,
				 u32 *rcv_wnd)
{
	const struct xtcp_skb_cb *ip = XTCP_SKB_CB(skb);
	struct xtcp_tcp_opts_cfg cfg;
	struct xtcp_tcp_opts ours;
	struct xtcp_tcp_agreed agreed;
	struct xtcp_tcp_fsm_act act;
	u8 both, wscale = 0;

	xtcp_tcp_opts_cfg_get(sock_net(sk), &cfg);
	both = xtcp_tcp_opts_allowed(&cfg) & syn->opts.saw;
	xtcp_tcp_passive_window(sk, both, advmss, rcv_wnd, &wscale);
	xtcp_tcp_synack_options(&cfg, &syn->opts, advmss, wscale,
				xtcp_tcp_ts_now() + ts_off, &ours, &agreed);
	xtcp_tcp_fsm_accept(tcb, syn, iss, *rcv_wnd, &ours, xtcp_tcp_now_us(),
			    &act);
	/* tcp_ecn 1 or 2 takes ECN when the SYN asks (tcp_ecn_create_request()). */
	tcb->ecn_ok = READ_ONCE(xtcp_pernet(sock_net(sk))->sysctl.tcp_ecn) &&
		      xtcp_tcp_ecn_syn_asks(syn->flags);
	(void)ip;
}

/**
 * xtcp_tcp_req_alloc() - a request minisock for a SYN (tcp_conn_request())
 * @sk: the listener, locked
 * @skb: the SYN
 * @syn: its header
 *
 * Return: the request, not yet hashed, its timer armed; or NULL.
 */
struct xtcp_tcp_mini *xtcp_tcp_req_alloc(struct sock *sk,
					 const struct sk_buff *skb,
					 const struct xtcp_tcp_repr *syn)
{
	const struct xtcp_skb_cb *ip = XTCP_SKB_CB(skb);
	struct net *net = sock_net(sk);
	struct xtcp_tcp_net *tn = &xtcp_pernet(net)->tcp;
	struct xtcp_tcp_mini *req;
	u32 iss;

	req = xtcp_tcp_mini_alloc(net, XTCP_TCP_NEW_SYN_RECV,
				  xtcp_tcp_req_timer);
	if (!req)
		return NULL;
	req->common.skc_rcv_saddr = ip->daddr;
	req->common.skc_daddr = ip->saddr;
	req->common.skc_num = sk->sk_num;
	req->common.skc_dport = htons(syn->sport);
	req->common.skc_bound_dev_if = sk->sk_bound_dev_if;
	sock_hold(sk);
	req->listener = sk;
	req->tos = xtcp_sk(sk)->inet.tos;
	req->ts_off = xtcp_tcp_ts_off(&tn->secrets.ts, ip->daddr, ip->saddr);
	req->advmss = xtcp_tcp_req_advmss(sk, ip->saddr);
	iss = xtcp_tcp_isn(&tn->secrets.isn, ip->daddr, ip->saddr,
			   htons(syn->dport), htons(syn->sport),
			   ktime_get_ns());
	xtcp_tcp_passive_tcb(sk, skb, syn, iss, req->advmss, req->ts_off,
			     &req->tcb, &req->rcv_wnd);
	xtcp_tcp_mini_timer(req, jiffies + XTCP_TCP_TIMEOUT_INIT);
	return req;
}

/**
 * xtcp_tcp_send_cookie() - answer a SYN statelessly (cookie_v4_init_sequence())
 * @sk: the listener
 * @skb: the SYN
 * @syn: its header
 */
void xtcp_tcp_send_cookie(struct sock *sk, const struct sk_buff *skb,
			  const struct xtcp_tcp_repr *syn)
{
	const struct xtcp_skb_cb *ip = XTCP_SKB_CB(skb);
	struct xtcp_tcp_sock *lp = xtcp_tcp_sk(sk);
	struct net *net = sock_net(sk);
	struct xtcp_tcp_net *tn = &xtcp_pernet(net)->tcp;
	struct xtcp_syncookie_opts co = { };
	struct xtcp_tcp_opts_cfg cfg;
	struct xtcp_tcp_agreed agreed;
	struct xtcp_tcp_opts ours;
	u16 advmss, mss, mss_out;
	u32 iss, rcv_wnd, ts_off;
	u8 both, wscale = 0;

	xtcp_syncookie_overflow_note(&lp->synq_overflow, (u32)jiffies);
	XTCP_INC_STATS(net, XTCP_MIB_SYNCOOKIESSENT);
	mss = syn->opts.saw & XTCP_TCPOPT_F_MSS ? syn->opts.mss :
						XTCP_TCP_DEFAULT_MSS;
	iss = xtcp_syncookie_make(tn->secrets.cookie, ip->saddr, ip->daddr,
				  htons(syn->sport), htons(syn->dport),
				  syn->seq, mss,
				  xtcp_syncookie_minute(get_jiffies_64()),
				  &mss_out);
	advmss = xtcp_tcp_req_advmss(sk, ip->saddr);
	ts_off = xtcp_tcp_ts_off(&tn->secrets.ts, ip->daddr, ip->saddr);
	xtcp_tcp_opts_cfg_get(net, &cfg);
	both = xtcp_tcp_opts_allowed(&cfg) & syn->opts.saw;
	xtcp_tcp_passive_window(sk, both, advmss, &rcv_wnd, &wscale);
	xtcp_tcp_synack_options(&cfg, &syn->opts, advmss, wscale,
				xtcp_tcp_ts_now() + ts_off, &ours, &agreed);
	if (ours.saw & XTCP_TCPOPT_F_TS) {
		co.tstamp_ok = true;
		co.wscale_ok = agreed.wscale_ok;
		co.snd_wscale = agreed.snd_wscale;
		co.sack_ok = agreed.sack_ok;
		co.ecn_ok = READ_ONCE(xtcp_pernet(net)->sysctl.tcp_ecn) &&
			    xtcp_tcp_ecn_syn_asks(syn->flags);
		ours.tsval = xtcp_syncookie_ts_encode(ours.tsval, &co);
	} else {
		/* Without timestamps the cookie keeps no options. */
		ours.saw &= ~(XTCP_TCPOPT_F_WSCALE | XTCP_TCPOPT_F_SACK_PERM);
	}
	xtcp_tcp_send_ctl(net, ip->daddr, ip->saddr, syn->dport, syn->sport,
			  iss, syn->seq + 1, XTCP_TCPF_SYN | XTCP_TCPF_ACK |
			  (co.ecn_ok ? XTCP_TCPF_ECE : 0),
			  rcv_wnd, &ours, xtcp_sk(sk)->inet.tos);
}

/**
 * xtcp_tcp_create_child() - the socket a completed handshake makes
 *	(tcp_create_openreq_child())
 * @sk: the listener
 * @addrs: the connection's addresses and ports (a request's)
 * @tcb: its TCB, SYN-RECEIVED
 * @advmss: the MSS we advertised
 * @ts_off: our timestamp offset
 *
 * Return: the child, not hashed, with a port reference shared with the
 * listener; or NULL.
 */
struct sock *xtcp_tcp_create_child(struct sock *sk,
				   const struct sock_common *addrs,
				   const struct xtcp_tcb *tcb, u16 advmss,
				   u32 ts_off)
{
	struct net *net = sock_net(sk);
	struct xtcp_tcp_sock *tp, *lp = xtcp_tcp_sk(sk);
	struct sock *child;

	child = sk_alloc(net, sk->sk_family, GFP_ATOMIC, sk->sk_prot, false);
	if (!child)
		return NULL;
	sock_init_data(NULL, child);
	child->sk_type = SOCK_STREAM;
	child->sk_protocol = IPPROTO_TCP;
	child->sk_destruct = xtcp_sock_destruct;
	child->sk_rcvbuf = sk->sk_rcvbuf;
	child->sk_sndbuf = sk->sk_sndbuf;
	child->sk_userlocks = sk->sk_userlocks & ~SOCK_BINDPORT_LOCK;
	child->sk_bound_dev_if = sk->sk_bound_dev_if;
	child->sk_reuse = sk->sk_reuse;
	child->sk_reuseport = sk->sk_reuseport;
	child->sk_mark = sk->sk_mark;
	child->sk_rcvtimeo = sk->sk_rcvtimeo;
	child->sk_sndtimeo = sk->sk_sndtimeo;
	child->sk_lingertime = sk->sk_lingertime;
	if (sock_flag(sk, SOCK_KEEPOPEN))
		sock_set_flag(child, SOCK_KEEPOPEN);
	if (sock_flag(sk, SOCK_LINGER))
		sock_set_flag(child, SOCK_LINGER);
	xtcp_sk(child)->inet = xtcp_sk(sk)->inet;
	xtcp_sk(child)->inet.dst.valid = false;
	atomic_inc(&xtcp_pernet(net)->nr_socks);
	XTCP_INC_STATS(net, XTCP_MIB_SOCKCREATE);

	xtcp_tcp_init_sock(child);
	/* It goes into the established table, read under RCU. */
	sock_set_flag(child, SOCK_RCU_FREE);
	tp = xtcp_tcp_sk(child);
	child->sk_rcv_saddr = addrs->skc_rcv_saddr;
	xtcp_sk(child)->inet.saddr = addrs->skc_rcv_saddr;
	child->sk_daddr = addrs->skc_daddr;
	child->sk_dport = addrs->skc_dport;
	child->sk_num = sk->sk_num;
	tp->tcb = *tcb;
	tp->advmss = advmss;
	tp->user_mss = lp->user_mss;
	tp->ts_off = ts_off;
	tp->nodelay = lp->nodelay;
	tp->keepidle = lp->keepidle;
	tp->keepintvl = lp->keepintvl;
	tp->keepcnt = lp->keepcnt;
	tp->user_timeout = lp->user_timeout;
	tp->recovery = lp->recovery;
	/* The listener's algorithm, which TCP_CONGESTION may have set. */
	if (tp->cc.ops != lp->cc.ops) {
		xtcp_cc_release(&tp->cc);
		__module_get(lp->cc.ops->owner);
		xtcp_cc_init(&tp->cc, lp->cc.ops);
	}
	tp->write_seq = tcb->snd_nxt;
	tp->snd_max = tcb->snd_nxt;
	tp->copied_seq = tcb->rcv_nxt;
	tp->rcv_wup = tcb->rcv_nxt;
	tp->rcv_adv_wnd = tcb->rcv_wnd;
	child->sk_state = TCP_SYN_RECV;
	xtcp_tcp_inherit_port(child, sk);
	XTCP_INC_STATS(net, XTCP_MIB_TCPPASSIVEOPENS);
	return child;
}

/**
 * xtcp_tcp_cookie_child() - an ACK that may carry one of our cookies
 *	(cookie_v4_check())
 * @sk: the listener
 * @skb: the ACK
 * @seg: its header
 *
 * Return: the child in SYN-RECEIVED, hashed, for the ACK to open; NULL
 * when it is no cookie of ours (then the ACK gets an RST); or an ERR_PTR()
 * when it is one but no child can be made now, the accept queue being
 * full (-ENOBUFS) or memory short (-ENOMEM): the ACK is dropped, and the
 * peer's retransmission may find room, as tcp_get_cookie_sock()'s NULL
 * does on Linux.
 */
struct sock *xtcp_tcp_cookie_child(struct sock *sk, const struct sk_buff *skb,
				   const struct xtcp_tcp_repr *seg)
{
	const struct xtcp_skb_cb *ip = XTCP_SKB_CB(skb);
	struct xtcp_tcp_sock *lp = xtcp_tcp_sk(sk);
	struct net *net = sock_net(sk);
	struct xtcp_tcp_net *tn = &xtcp_pernet(net)->tcp;
	struct xtcp_sysctl *sc = &xtcp_pernet(net)->sysctl;
	struct xtcp_syncookie_opts co = { };
	struct xtcp_tcp_repr syn = { };
	struct sock_common addrs = { };
	struct xtcp_tcb tcb;
	unsigned int allow = 0;
	u32 rcv_wnd, ts_off;
	struct sock *child;
	u16 mss, advmss;

	if ((seg->flags & (XTCP_TCPF_ACK | XTCP_TCPF_SYN | XTCP_TCPF_RST)) !=
	    XTCP_TCPF_ACK || !READ_ONCE(sc->tcp_syncookies) ||
	    !xtcp_syncookie_overflow_recent(READ_ONCE(lp->synq_overflow),
					    (u32)jiffies))
		return NULL;
	mss = xtcp_syncookie_check(tn->secrets.cookie, ip->saddr, ip->daddr,
				   htons(seg->sport), htons(seg->dport),
				   seg->seq - 1, seg->ack - 1,
				   xtcp_syncookie_minute(get_jiffies_64()));
	if (!mss) {
		XTCP_INC_STATS(net, XTCP_MIB_SYNCOOKIESFAILED);
		return NULL;
	}
	if (READ_ONCE(sc->tcp_timestamps))
		allow |= XTCP_SYNCOOKIE_ALLOW_TS;
	if (READ_ONCE(sc->tcp_sack))
		allow |= XTCP_SYNCOOKIE_ALLOW_SACK;
	if (READ_ONCE(sc->tcp_window_scaling))
		allow |= XTCP_SYNCOOKIE_ALLOW_WSCALE;
	if (READ_ONCE(sc->tcp_ecn))
		allow |= XTCP_SYNCOOKIE_ALLOW_ECN;
	if (!xtcp_syncookie_ts_decode(seg->opts.saw & XTCP_TCPOPT_F_TS,
				      seg->opts.tsecr, allow, &co)) {
		XTCP_INC_STATS(net, XTCP_MIB_SYNCOOKIESFAILED);
		return NULL;
	}
	XTCP_INC_STATS(net, XTCP_MIB_SYNCOOKIESRECV);
	if (sk_acceptq_is_full(sk)) {
		XTCP_INC_STATS(net, XTCP_MIB_LISTENOVERFLOWS);
		XTCP_INC_STATS(net, XTCP_MIB_LISTENDROPS);
		return ERR_PTR(-ENOBUFS);
	}

	/* The SYN the cookie stands for. */
	syn.sport = seg->sport;
	syn.dport = seg->dport;
	syn.seq = seg->seq - 1;
	syn.flags = XTCP_TCPF_SYN;
	syn.window = seg->window;
	syn.opts.saw = XTCP_TCPOPT_F_MSS;
	syn.opts.mss = mss;
	if (co.tstamp_ok) {
		syn.opts.saw |= XTCP_TCPOPT_F_TS;
		syn.opts.tsval = seg->opts.tsval;
	}
	if (co.wscale_ok) {
		syn.opts.saw |= XTCP_TCPOPT_F_WSCALE;
		syn.opts.wscale = co.snd_wscale;
	}
	if (co.sack_ok)
		syn.opts.saw |= XTCP_TCPOPT_F_SACK_PERM;
	if (co.ecn_ok)
		syn.flags |= XTCP_TCPF_ECE | XTCP_TCPF_CWR;

	advmss = xtcp_tcp_req_advmss(sk, ip->saddr);
	ts_off = xtcp_tcp_ts_off(&tn->secrets.ts, ip->daddr, ip->saddr);
	xtcp_tcp_passive_tcb(sk, skb, &syn, seg->ack - 1, advmss, ts_off,
			     &tcb, &rcv_wnd);
	/* The echo of our SYN-ACK's tsval is the ACK's, not ours. */
	addrs.skc_rcv_saddr = ip->daddr;
	addrs.skc_daddr = ip->saddr;
	addrs.skc_dport = htons(seg->sport);
	child = xtcp_tcp_create_child(sk, &addrs, &tcb, advmss, ts_off);
	if (!child) {
		XTCP_INC_STATS(net, XTCP_MIB_LISTENDROPS);
		return ERR_PTR(-ENOMEM);
	}
	if (xtcp_tcp_hash(child)) {
		/* Another child of the same 4-tuple got in first. */
		xtcp_tcp_orphan(child);
		xtcp_tcp_done(child, 0);
		return ERR_PTR(-EEXIST);
	}
	return child;
}

/**
 * xtcp_tcp_accept_enqueue() - a child is ready for accept()
 * @sk: the listener, locked
 * @child: the established child
 */
void xtcp_tcp_accept_enqueue(struct sock *sk, struct sock *child)
{
	struct xtcp_tcp_sock *lp = xtcp_tcp_sk(sk);

	list_add_tail(&xtcp_tcp_sk(child)->accept_node, &lp->accept_q);
	lp->accept_len++;
	sk_acceptq_added(sk);
	sk->sk_data_ready(sk);
}

/* The end of TIME-WAIT (the core's deadline). */
static void xtcp_tcp_tw_timer(struct timer_list *t)
{
	struct xtcp_tcp_mini *tw = from_timer(tw, t, timer);

	trace_xtcp_tcp_state((struct sock *)&tw->common, TCP_TIME_WAIT,
			     TCP_CLOSE);
	xtcp_tcp_mini_kill(tw, false);
	xtcp_tcp_mini_put(tw);
}

static void xtcp_tcp_tw_arm(struct xtcp_tcp_mini *tw)
{
	u64 now = xtcp_tcp_now_us();
	u64 d = tw->tcb.deadline > now ? tw->tcb.deadline - now : 0;

	xtcp_tcp_mini_timer(tw, jiffies + usecs_to_jiffies(d));
}

/**
 * xtcp_tcp_time_wait() - a connection enters TIME-WAIT (tcp_time_wait())
 * @sk: the socket, locked, its TCB in TIME-WAIT
 *
 * A minisock takes its place in the table for 2 MSL; the socket closes.
 * Without memory the connection just closes, as Linux's does. The
 * xtcp_tcp_state tracepoint shows both: the minisock's "X -> TIME_WAIT"
 * (and "TIME_WAIT -> CLOSE" when it expires), the socket's "X -> CLOSE".
 */
void xtcp_tcp_time_wait(struct sock *sk)
{
	struct xtcp_tcp_sock *tp = xtcp_tcp_sk(sk);
	struct xtcp_tcp_mini *tw;

	tw = xtcp_tcp_mini_alloc(sock_net(sk), TCP_TIME_WAIT,
				 xtcp_tcp_tw_timer);
	if (tw) {
		tw->common.skc_rcv_saddr = sk->sk_rcv_saddr;
		tw->common.skc_daddr = sk->sk_daddr;
		tw->common.skc_num = sk->sk_num;
		tw->common.skc_dport = sk->sk_dport;
		tw->common.skc_bound_dev_if = sk->sk_bound_dev_if;
		tw->common.skc_reuse = sk->sk_reuse;
		tw->common.skc_reuseport = sk->sk_reuseport;
		tw->connect_port = tp->connect_port;
		tw->tcb = tp->tcb;
		tw->ts_off = tp->ts_off;
		tw->rcv_wnd = tp->rcv_adv_wnd;
		tw->tos = xtcp_sk(sk)->inet.tos;
		/* When TS.Recent was taken (tw_ts_recent_stamp). */
		tw->ts_recent_stamp = tp->tcb.ts_recent_stamp;
		/* The port first: once in the table, the minisock may die
		 * at any time, and its death gives the port up.
		 */
		xtcp_tcp_tw_bind(&tw->common, sk);
		if (tp->hashed != XTCP_TCP_HASHED_EST ||
		    !xtcp_tcp_ehash_replace(&sk->__sk_common, &tw->common)) {
			xtcp_tcp_tw_unbind(&tw->common);
		} else {
			tp->hashed = XTCP_TCP_HASHED_NONE;
			__sock_put(sk);
			/* The minisock's TIME-WAIT; the socket itself then
			 * goes to CLOSE (as in Linux's trace).
			 */
			trace_xtcp_tcp_state((struct sock *)&tw->common,
					     sk->sk_state, TCP_TIME_WAIT);
			xtcp_tcp_tw_arm(tw);
			XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPTIMEWAITS);
		}
		xtcp_tcp_mini_put(tw);
	}
	tp->tcb.state = XTCP_TCP_CLOSED;
	xtcp_tcp_done(sk, 0);
}

/**
 * xtcp_tcp_tw_rcv() - a segment for a TIME-WAIT minisock
 *	(tcp_timewait_state_process())
 * @tw: the minisock
 * @skb: the segment; consumed unless a listener is returned
 * @seg: its header
 *
 * Context: softirq.
 * Return: a listener (referenced) that must take @skb: a new SYN above
 * RCV.NXT ended TIME-WAIT (RFC 1122 4.2.2.13); else NULL.
 */
struct sock *xtcp_tcp_tw_rcv(struct xtcp_tcp_mini *tw, struct sk_buff *skb,
			     const struct xtcp_tcp_repr *seg)
{
	struct net *net = read_pnet(&tw->common.skc_net);
	const struct xtcp_skb_cb *ip = XTCP_SKB_CB(skb);
	struct xtcp_tcb *tcb = &tw->tcb;
	struct xtcp_tcp_fsm_cfg cfg;
	struct xtcp_tcp_fsm_act act;
	struct xtcp_tcp_opts o = { };
	struct sock *listener;

	if ((seg->flags & (XTCP_TCPF_SYN | XTCP_TCPF_ACK | XTCP_TCPF_RST)) ==
	    XTCP_TCPF_SYN && xtcp_seq_after(seg->seq, tcb->rcv_nxt)) {
		listener = xtcp_tcp_lookup_listener(net, ip->saddr,
						    htons(seg->sport), ip->daddr,
						    htons(seg->dport), ip->iif);
		if (listener) {
			xtcp_tcp_mini_kill(tw, false);
			return listener;
		}
	}
	xtcp_tcp_fsm_cfg_default(&cfg);
	cfg.challenge_rl = &xtcp_pernet(net)->tcp.challenge_rl;
	cfg.challenge_ack_limit = U32_MAX;
	xtcp_tcp_fsm_input(tcb, &cfg, seg, xtcp_tcp_now_us(), &act);
	if (tw->ts_recent_stamp != tcb->ts_recent_stamp)
		WRITE_ONCE(tw->ts_recent_stamp, tcb->ts_recent_stamp);
	if (act.flags & XTCP_TCP_ACT_SEND_RST)
		xtcp_tcp_send_reset(net, skb, seg, &act.rst);
	if (act.flags & (XTCP_TCP_ACT_SEND_ACK | XTCP_TCP_ACT_DELAY_ACK |
			 XTCP_TCP_ACT_CHALLENGE_ACK)) {
		if (tcb->ts_ok) {
			o.saw = XTCP_TCPOPT_F_TS;
			o.tsval = xtcp_tcp_ts_now() + tw->ts_off;
			o.tsecr = tcb->ts_recent;
		}
		xtcp_tcp_send_ctl(net, tw->common.skc_rcv_saddr,
				  tw->common.skc_daddr, tw->common.skc_num,
				  ntohs(tw->common.skc_dport), tcb->snd_nxt,
				  tcb->rcv_nxt, XTCP_TCPF_ACK,
				  tw->rcv_wnd >> tcb->rcv_wscale, &o, tw->tos);
	}
	if (act.flags & XTCP_TCP_ACT_CLOSED)
		xtcp_tcp_mini_kill(tw, false);
	else if (act.flags & XTCP_TCP_ACT_TIMER_ARM)
		xtcp_tcp_tw_arm(tw);
	kfree_skb(skb);
	return NULL;
}
