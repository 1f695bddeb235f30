/*
 * ipc.c - Ipc and Lipc: untyped words, MR limits, tags, partners, closed
 * and open receive, anylocalthread, sender ids, error codes of both phases
 * (spec 2.1, 5, 10.1, 11.1, 11.4).
 */
#include "suite.h"

#define NEVER L4_Timeouts(L4_Never, L4_Never)
#define SEC   L4_TimePeriod(1000000)

/* Call an echo server in a thread of the root space or a new space. */
static int echo_call(char *why, int space)
{
	L4_ThreadId_t s = space ? u_spawn_space(echo_server, 0) : u_spawn(echo_server, 0);
	L4_Word_t w[64];

	for (int i = 1; i <= 5; i++)
		w[i] = 0x1000UL * (L4_Word_t)i + 7;
	load_msg((0x1234UL << 16) | 5, w);
	L4_MsgTag_t tag = L4_Call_Timeouts(s, SEC, SEC);
	EXPECT(L4_IpcSucceeded(tag), "call failed: tag %#lx ErrorCode %#lx", tag.raw, L4_ErrorCode());
	EXPECT_EQ(L4_Label(tag), 0x1235);
	EXPECT_EQ(L4_UntypedWords(tag), 5);
	EXPECT_EQ(L4_TypedWords(tag), 0);
	for (int i = 1; i <= 5; i++) {
		L4_Word_t x;
		L4_StoreMR(i, &x);
		EXPECT(x == w[i] + 1, "MR%d = %#lx, want %#lx", i, x, w[i] + 1);
	}
	return 1;
}

static int ipc_call_local(char *why) { return echo_call(why, 0); }
static int ipc_call_space(char *why) { return echo_call(why, 1); }

/* All 63 MRs after MR0 arrive. */
static int ipc_mr_max(char *why)
{
	L4_ThreadId_t s = u_spawn_space(echo_server, 0);
	L4_Word_t w[64];

	for (int i = 1; i < 64; i++)
		w[i] = 0xA5000000UL + (L4_Word_t)i * 3;
	load_msg((7UL << 16) | 63, w);
	L4_MsgTag_t tag = L4_Call_Timeouts(s, SEC, SEC);
	EXPECT(L4_IpcSucceeded(tag), "call failed: tag %#lx ErrorCode %#lx", tag.raw, L4_ErrorCode());
	EXPECT_EQ(L4_UntypedWords(tag), 63);
	for (int i = 1; i < 64; i++) {
		L4_Word_t x;
		L4_StoreMR(i, &x);
		EXPECT(x == w[i] + 1, "MR%d = %#lx, want %#lx", i, x, w[i] + 1);
	}
	return 1;
}

/* u + t + 1 > 64: message overflow (spec 2.1). */
static int ipc_mr_overflow(char *why)
{
	struct job r;
	job_init(&r, L4_nilthread, u_root, L4_Timeouts(L4_Never, SEC));
	L4_ThreadId_t t = u_spawn(job_run, (L4_Word_t)&r);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	L4_Word_t w[64] = { 0 };
	load_msg((1UL << 16) | (2 << 6) | 62, w);
	L4_MsgTag_t tag = L4_Send_Timeout(t, SEC);
	EXPECT(L4_IpcFailed(tag), "62 untyped + 2 typed words accepted: tag %#lx", tag.raw);
	EXPECT_EQ(L4_ErrorCode() & 0xF, L4_ErrMsgOverflow << 1);
	return 1;
}

/* r, X and E are cleared on send; label and p survive (spec 2.1). */
static int ipc_tag_flags(char *why)
{
	struct job r;
	job_init(&r, L4_nilthread, L4_anythread, L4_Timeouts(L4_Never, SEC));
	L4_ThreadId_t t = u_spawn(job_run, (L4_Word_t)&r);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	L4_Word_t w[2] = { 0, 42 };
	load_msg((0xBEEFUL << 16) | 0xE000 | 1, w);
	/* the send returns the sender's own tag (E included) on success */
	(void)L4_Send_Timeout(t, SEC);
	EXPECT(job_wait(&r, 1000), "receiver did not finish");
	EXPECT_EQ(r.rtag, (0xBEEFUL << 16) | 1);
	EXPECT_EQ(r.rmr[1], 42);
	return 1;
}

/* Send-only IPC: the sender's MRs stay, the tag is its own (spec 7). */
static int ipc_send_keeps_mrs(char *why)
{
	struct job r;
	job_init(&r, L4_nilthread, L4_anythread, L4_Timeouts(L4_Never, SEC));
	L4_ThreadId_t t = u_spawn(job_run, (L4_Word_t)&r);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	L4_Word_t w[4] = { 0, 11, 22, 33 };
	load_msg((5UL << 16) | 3, w);
	L4_MsgTag_t tag = L4_Send_Timeout(t, SEC);
	EXPECT_EQ(tag.raw, (5UL << 16) | 3);
	for (int i = 1; i <= 3; i++) {
		L4_Word_t x;
		L4_StoreMR(i, &x);
		EXPECT(x == w[i], "MR%d changed to %#lx by a send", i, x);
	}
	return 1;
}

static int ipc_send_nonexistent(char *why)
{
	L4_LoadMR(0, 0);
	L4_MsgTag_t tag = L4_Send_Timeout(u_unused_id(), L4_ZeroTime);
	EXPECT_EQ(tag.raw, 0x8000);
	EXPECT_EQ(L4_ErrorCode(), 4);
	return 1;
}

static int ipc_send_stale_version(char *why)
{
	L4_ThreadId_t t = u_spawn(recv_forever, 0);
	L4_ThreadId_t stale = L4_GlobalId(L4_ThreadNo(t), L4_Version(t) ^ 2);
	L4_LoadMR(0, 0);
	L4_MsgTag_t tag = L4_Send_Timeout(stale, L4_ZeroTime);
	EXPECT(L4_IpcFailed(tag), "send to a wrong version succeeded");
	EXPECT_EQ(L4_ErrorCode(), 4);
	return 1;
}

static int ipc_recv_nonexistent(char *why)
{
	L4_MsgTag_t tag = L4_Receive_Timeout(u_unused_id(), L4_ZeroTime);
	EXPECT_EQ(tag.raw, 0x8000);
	EXPECT_EQ(L4_ErrorCode(), 5);
	return 1;
}

static int ipc_send_to_anythread(char *why)
{
	L4_LoadMR(0, 0);
	L4_MsgTag_t tag = L4_Send_Timeout(L4_anythread, L4_ZeroTime);
	EXPECT(L4_IpcFailed(tag), "send to anythread succeeded");
	EXPECT_EQ(L4_ErrorCode(), 4);
	return 1;
}

/* Closed receive takes the named sender even when another came first. */
static int ipc_closed_receive(char *why)
{
	static struct job a, b;
	job_init(&a, u_root, L4_nilthread, L4_Timeouts(SEC, L4_Never));
	job_init(&b, u_root, L4_nilthread, L4_Timeouts(SEC, L4_Never));
	a.mr[0] = (0xAUL << 16);
	b.mr[0] = (0xBUL << 16);
	L4_ThreadId_t ta = u_spawn(job_run, (L4_Word_t)&a);
	EXPECT(wait_blocked(ta, 500), "sender A never blocked");
	L4_ThreadId_t tb = u_spawn(job_run, (L4_Word_t)&b);
	EXPECT(wait_blocked(tb, 500), "sender B never blocked");
	L4_MsgTag_t tag = L4_Receive_Timeout(tb, SEC);
	EXPECT(L4_IpcSucceeded(tag), "closed receive failed: ErrorCode %#lx", L4_ErrorCode());
	EXPECT_EQ(L4_Label(tag), 0xB);
	L4_ThreadId_t from;
	tag = L4_Wait_Timeout(SEC, &from);
	EXPECT(L4_IpcSucceeded(tag), "open receive failed: ErrorCode %#lx", L4_ErrorCode());
	EXPECT_EQ(L4_Label(tag), 0xA);
	return 1;
}

/* Senders in the own space are reported by local id, others by global id (10.1). */
static int ipc_sender_ids(char *why)
{
	static struct job a, b;
	job_init(&a, u_root, L4_nilthread, L4_Timeouts(SEC, L4_Never));
	job_init(&b, u_root, L4_nilthread, L4_Timeouts(SEC, L4_Never));
	L4_ThreadId_t ta = u_spawn(job_run, (L4_Word_t)&a);
	L4_ThreadId_t tb = u_spawn_space(job_run, (L4_Word_t)&b);
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Receive_Timeout(ta, SEC);
	EXPECT(L4_IpcSucceeded(tag), "receive from local sender failed: ErrorCode %#lx", L4_ErrorCode());
	tag = L4_Wait_Timeout(SEC, &from);
	EXPECT(L4_IpcSucceeded(tag), "receive from foreign sender failed: ErrorCode %#lx", L4_ErrorCode());
	EXPECT_EQ(from.raw, tb.raw);
	a.done = 0;
	job_init(&a, u_root, L4_nilthread, L4_Timeouts(SEC, L4_Never));
	ta = u_spawn(job_run, (L4_Word_t)&a);
	tag = L4_Wait_Timeout(SEC, &from);
	EXPECT(L4_IpcSucceeded(tag), "open receive failed: ErrorCode %#lx", L4_ErrorCode());
	EXPECT(L4_IsLocalId(from), "local sender reported as %#lx, not a local id", from.raw);
	EXPECT_EQ(from.raw, u_utcb_of(ta) + 256);
	return 1;
}

/* anylocalthread takes senders of the own space only (1.3, 10.1). */
static int ipc_anylocal(char *why)
{
	static struct job f, l;
	job_init(&f, u_root, L4_nilthread, L4_Timeouts(SEC, L4_Never));
	f.mr[0] = 0xF0UL << 16;
	L4_ThreadId_t tf = u_spawn_space(job_run, (L4_Word_t)&f);
	EXPECT(wait_blocked(tf, 500), "foreign sender never blocked");
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Ipc(L4_nilthread, L4_anylocalthread,
				 L4_Timeouts(L4_Never, L4_TimePeriod(20000)), &from);
	EXPECT(L4_IpcFailed(tag), "anylocalthread received from another space (label %#lx)", L4_Label(tag));
	EXPECT_EQ(L4_ErrorCode(), 3);
	job_init(&l, u_root, L4_nilthread, L4_Timeouts(SEC, L4_Never));
	l.mr[0] = 0x10UL << 16;
	L4_ThreadId_t tl = u_spawn(job_run, (L4_Word_t)&l);
	tag = L4_Ipc(L4_nilthread, L4_anylocalthread, L4_Timeouts(L4_Never, SEC), &from);
	EXPECT(L4_IpcSucceeded(tag), "anylocalthread receive failed: ErrorCode %#lx", L4_ErrorCode());
	EXPECT_EQ(L4_Label(tag), 0x10);
	EXPECT(L4_SameThreads(from, tl), "from %#lx, want %#lx", from.raw, tl.raw);
	return 1;
}

/* Lipc behaves as Ipc for local partners (9.5). */
static int ipc_lipc(char *why)
{
	L4_ThreadId_t s = u_spawn(echo_server, 0);
	L4_ThreadId_t local = L4_LocalIdOf(s);
	EXPECT(L4_IsLocalId(local), "LocalIdOf(%#lx) = %#lx", s.raw, local.raw);
	L4_LoadMR(1, 99);
	L4_LoadMR(0, (3UL << 16) | 1);
	L4_MsgTag_t tag = L4_Lcall(local);
	EXPECT(L4_IpcSucceeded(tag), "Lcall failed: ErrorCode %#lx", L4_ErrorCode());
	L4_Word_t x;
	L4_StoreMR(1, &x);
	EXPECT_EQ(x, 100);
	EXPECT_EQ(L4_Label(tag), 4);
	return 1;
}

/* Call to a local id works with Ipc too, and the reply comes back. */
static int ipc_call_local_id(char *why)
{
	L4_ThreadId_t s = u_spawn(echo_server, 0);
	L4_LoadMR(1, 5);
	L4_LoadMR(0, (9UL << 16) | 1);
	L4_MsgTag_t tag = L4_Call_Timeouts(L4_LocalIdOf(s), SEC, SEC);
	EXPECT(L4_IpcSucceeded(tag), "call to local id failed: ErrorCode %#lx", L4_ErrorCode());
	EXPECT_EQ(L4_Label(tag), 10);
	return 1;
}

/* Reply (zero send timeout) to a thread that is not waiting fails with
 * a send timeout (10.1). */
static int ipc_reply_not_waiting(char *why)
{
	L4_ThreadId_t t = u_spawn(recv_forever, 0);
	EXPECT(wait_blocked(t, 500), "thread never blocked");
	L4_LoadMR(0, 0);
	L4_MsgTag_t tag = L4_Reply(t);
	EXPECT(L4_IpcFailed(tag), "reply to a thread waiting for someone else succeeded");
	EXPECT_EQ(L4_ErrorCode(), 2);
	return 1;
}

/* ExchangeRegisters aborting a blocked receive: canceled, receive phase (5.2). */
static int ipc_cancel_receive(char *why)
{
	static struct job r;
	job_init(&r, L4_nilthread, u_root, NEVER);
	L4_ThreadId_t t = u_spawn(job_run, (L4_Word_t)&r);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	L4_Word_t ctl, sp, ip, fl, h;
	L4_ThreadId_t pg;
	L4_ExchangeRegisters(t, 2, 0, 0, 0, 0, L4_nilthread, &ctl, &sp, &ip, &fl, &h, &pg);
	EXPECT(ctl & 2, "old control %#lx lacks 'was receiving'", ctl);
	EXPECT(job_wait(&r, 1000), "aborted receiver did not return");
	EXPECT(r.rtag & 0x8000, "tag %#lx without E", r.rtag);
	EXPECT_EQ(r.err, 7);
	return 1;
}

static int ipc_cancel_send(char *why)
{
	static struct job s;
	job_init(&s, u_root, L4_nilthread, NEVER);
	L4_ThreadId_t t = u_spawn(job_run, (L4_Word_t)&s);
	EXPECT(wait_blocked(t, 500), "sender never blocked");
	L4_Word_t ctl, sp, ip, fl, h;
	L4_ThreadId_t pg;
	L4_ExchangeRegisters(t, 4, 0, 0, 0, 0, L4_nilthread, &ctl, &sp, &ip, &fl, &h, &pg);
	EXPECT(ctl & 4, "old control %#lx lacks 'was sending'", ctl);
	EXPECT(job_wait(&s, 1000), "aborted sender did not return");
	EXPECT(s.rtag & 0x8000, "tag %#lx without E", s.rtag);
	EXPECT_EQ(s.err, 6);
	return 1;
}

/* Propagation: the receiver sees the virtual sender, p, and the actual
 * sender; its reply goes to the original client (11.4). */
static volatile L4_Word_t prop_seen_from, prop_seen_tag, prop_seen_actual;

static void prop_proxy(L4_Word_t server)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	if (L4_IpcFailed(tag))
		return;
	L4_Word_t w;
	L4_StoreMR(1, &w);
	L4_Set_VirtualSender(L4_GlobalIdOf(from));
	L4_LoadMR(1, w);
	L4_LoadMR(0, (0x77UL << 16) | (1 << 12) | 1);
	L4_Send((L4_ThreadId_t){ .raw = server });
	L4_Sleep(L4_Never);
}

static void prop_server(L4_Word_t arg)
{
	L4_ThreadId_t from;
	(void)arg;
	L4_MsgTag_t tag = L4_Wait(&from);
	prop_seen_tag = tag.raw;
	prop_seen_from = from.raw;
	prop_seen_actual = L4_ActualSender().raw;
	L4_Word_t w;
	L4_StoreMR(1, &w);
	L4_LoadMR(1, w * 2);
	L4_LoadMR(0, (0x78UL << 16) | 1);
	L4_Reply(from);
	L4_Sleep(L4_Never);
}

static int ipc_propagation(char *why)
{
	prop_seen_tag = 0;
	L4_ThreadId_t srv = u_spawn(prop_server, 0);
	L4_ThreadId_t proxy = u_spawn(prop_proxy, srv.raw);
	L4_LoadMR(1, 21);
	L4_LoadMR(0, (0x76UL << 16) | 1);
	L4_MsgTag_t tag = L4_Call_Timeouts(proxy, SEC, SEC);
	EXPECT(L4_IpcSucceeded(tag), "call through the proxy failed: ErrorCode %#lx", L4_ErrorCode());
	EXPECT_EQ(L4_Label(tag), 0x78);
	L4_Word_t x;
	L4_StoreMR(1, &x);
	EXPECT_EQ(x, 42);
	EXPECT(prop_seen_tag & (1 << 12), "server's tag %#lx without p", prop_seen_tag);
	EXPECT(L4_SameThreads((L4_ThreadId_t){ .raw = prop_seen_from }, u_root),
	       "server saw sender %#lx, want the client %#lx", prop_seen_from, u_root.raw);
	EXPECT(L4_SameThreads((L4_ThreadId_t){ .raw = prop_seen_actual }, proxy),
	       "ActualSender %#lx, want the proxy %#lx", prop_seen_actual, proxy.raw);
	return 1;
}

/* Propagation from a space that is neither the virtual sender's nor the
 * receiver's is ignored: p cleared, real sender reported (11.4). */
static int ipc_propagation_refused(char *why)
{
	static struct job s;
	job_init(&s, u_root, L4_nilthread, L4_Timeouts(SEC, L4_Never));
	L4_ThreadId_t other = u_spawn(recv_forever, 0);
	s.propagate = 1;
	s.vsender = other;
	s.mr[0] = 0x31UL << 16;
	L4_ThreadId_t t = u_spawn_space(job_run, (L4_Word_t)&s);
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait_Timeout(SEC, &from);
	EXPECT(L4_IpcSucceeded(tag), "receive failed: ErrorCode %#lx", L4_ErrorCode());
	EXPECT(!(tag.raw & (1 << 12)), "p kept: tag %#lx", tag.raw);
	EXPECT_EQ(from.raw, t.raw);
	return 1;
}

const struct tcase ipc_cases[] = {
	{ "ipc: call and reply, same space", ipc_call_local },
	{ "ipc: call and reply, other space", ipc_call_space },
	{ "ipc: 63 untyped words", ipc_mr_max },
	{ "ipc: u+t+1 > 64 is message overflow", ipc_mr_overflow },
	{ "ipc: r, X, E cleared on send, label kept", ipc_tag_flags },
	{ "ipc: send-only keeps the sender's MRs and tag", ipc_send_keeps_mrs },
	{ "ipc: send to non-existing thread: error 2 send phase", ipc_send_nonexistent },
	{ "ipc: send to stale version: error 2 send phase", ipc_send_stale_version },
	{ "ipc: receive from non-existing thread: error 2 receive phase", ipc_recv_nonexistent },
	{ "ipc: send to anythread: non-existing partner", ipc_send_to_anythread },
	{ "ipc: closed receive picks the named sender", ipc_closed_receive },
	{ "ipc: senders reported by local id in own space, global otherwise", ipc_sender_ids },
	{ "ipc: anylocalthread ignores other spaces", ipc_anylocal },
	{ "ipc: Lipc call to a local id", ipc_lipc },
	{ "ipc: Ipc call to a local id", ipc_call_local_id },
	{ "ipc: reply to a thread not waiting: send timeout", ipc_reply_not_waiting },
	{ "ipc: aborted receive: canceled, receive phase", ipc_cancel_receive },
	{ "ipc: aborted send: canceled, send phase", ipc_cancel_send },
	{ "ipc: propagation: virtual sender, p, ActualSender, reply to client", ipc_propagation },
	{ "ipc: propagation from an unrelated space is ignored", ipc_propagation_refused },
	{ 0, 0 },
};
