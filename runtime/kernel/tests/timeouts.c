/*
 * timeouts.c - zero, relative and never timeouts in both phases (spec 4.1,
 * 4.2, 5.2, 10.1).
 */
#include "suite.h"

#define SEC L4_TimePeriod(1000000)

static int to_send_zero(char *why)
{
	L4_ThreadId_t t = u_spawn(recv_forever, 0);
	EXPECT(wait_blocked(t, 500), "thread never blocked");
	L4_LoadMR(0, 0);
	L4_MsgTag_t tag = L4_Send_Timeout(t, L4_ZeroTime);
	EXPECT_EQ(tag.raw, 0x8000);
	EXPECT_EQ(L4_ErrorCode(), 2);
	return 1;
}

static int to_recv_zero(char *why)
{
	L4_ThreadId_t t = u_spawn(recv_forever, 0);
	L4_MsgTag_t tag = L4_Receive_Timeout(t, L4_ZeroTime);
	EXPECT_EQ(tag.raw, 0x8000);
	EXPECT_EQ(L4_ErrorCode(), 3);
	return 1;
}

static int to_wait_zero(char *why)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait_Timeout(L4_ZeroTime, &from);
	EXPECT(L4_IpcFailed(tag), "open receive with zero timeout got a message");
	EXPECT_EQ(L4_ErrorCode(), 3);
	return 1;
}

static int to_recv_relative(char *why)
{
	L4_ThreadId_t t = u_spawn(recv_forever, 0);
	unsigned long long a = now_us();
	L4_MsgTag_t tag = L4_Receive_Timeout(t, L4_TimePeriod(30000));
	unsigned long long b = now_us();
	EXPECT(L4_IpcFailed(tag), "receive succeeded");
	EXPECT_EQ(L4_ErrorCode(), 3);
	EXPECT(b - a >= 30000 && b - a < 2000000, "30 ms receive timeout after %llu us", b - a);
	return 1;
}

static int to_send_relative(char *why)
{
	L4_ThreadId_t t = u_spawn(recv_forever, 0);
	EXPECT(wait_blocked(t, 500), "thread never blocked");
	L4_LoadMR(0, 0);
	unsigned long long a = now_us();
	L4_MsgTag_t tag = L4_Send_Timeout(t, L4_TimePeriod(30000));
	unsigned long long b = now_us();
	EXPECT(L4_IpcFailed(tag), "send succeeded");
	EXPECT_EQ(L4_ErrorCode(), 2);
	EXPECT(b - a >= 30000 && b - a < 2000000, "30 ms send timeout after %llu us", b - a);
	return 1;
}

/* A send with a relative timeout succeeds when the partner comes in time. */
static int to_send_relative_in_time(char *why)
{
	static struct job r;
	job_init(&r, L4_nilthread, u_root, L4_Timeouts(L4_Never, SEC));
	r.delay_us = 10000;
	L4_ThreadId_t t = u_spawn(job_run, (L4_Word_t)&r);
	L4_LoadMR(1, 5);
	L4_LoadMR(0, 1);
	L4_MsgTag_t tag = L4_Send_Timeout(t, L4_TimePeriod(500000));
	EXPECT(L4_IpcSucceeded(tag), "send failed: ErrorCode %#lx", L4_ErrorCode());
	EXPECT(job_wait(&r, 1000), "receiver did not finish");
	EXPECT_EQ(r.rmr[1], 5);
	return 1;
}

/* Never: a receive blocks until the (late) sender comes. */
static int to_never(char *why)
{
	static struct job s;
	job_init(&s, u_root, L4_nilthread, L4_Timeouts(L4_Never, L4_Never));
	s.delay_us = 30000;
	s.mr[0] = (0x55UL << 16);
	L4_ThreadId_t t = u_spawn(job_run, (L4_Word_t)&s);
	unsigned long long a = now_us();
	L4_MsgTag_t tag = L4_Receive(t);
	unsigned long long b = now_us();
	EXPECT(L4_IpcSucceeded(tag), "receive failed: ErrorCode %#lx", L4_ErrorCode());
	EXPECT_EQ(L4_Label(tag), 0x55);
	EXPECT(b - a >= 30000, "receive returned after %llu us, before the sender sent", b - a);
	return 1;
}

/* L4_Sleep (receive from self) always times out, receive phase. */
static int to_sleep(char *why)
{
	unsigned long long a = now_us();
	L4_MsgTag_t tag = L4_Receive_Timeout(L4_MyGlobalId(), L4_TimePeriod(5000));
	unsigned long long b = now_us();
	EXPECT(L4_IpcFailed(tag), "receive from self succeeded");
	EXPECT_EQ(L4_ErrorCode(), 3);
	EXPECT(b - a >= 5000, "5 ms after %llu us", b - a);
	return 1;
}

/* A failed send phase skips the receive phase (5.1). */
static int to_send_fail_skips_receive(char *why)
{
	L4_ThreadId_t t = u_spawn(recv_forever, 0);
	EXPECT(wait_blocked(t, 500), "thread never blocked");
	L4_ThreadId_t from;
	L4_LoadMR(0, 0);
	unsigned long long a = now_us();
	L4_MsgTag_t tag = L4_Ipc(t, t, L4_Timeouts(L4_ZeroTime, L4_TimePeriod(200000)), &from);
	unsigned long long b = now_us();
	EXPECT(L4_IpcFailed(tag), "call succeeded");
	EXPECT_EQ(L4_ErrorCode(), 2);
	EXPECT(b - a < 200000, "waited %llu us: the receive phase ran", b - a);
	return 1;
}

const struct tcase timeout_cases[] = {
	{ "timeout: zero send timeout, partner not ready: error 1 send", to_send_zero },
	{ "timeout: zero receive timeout, no sender: error 1 receive", to_recv_zero },
	{ "timeout: open receive with zero timeout", to_wait_zero },
	{ "timeout: relative receive timeout expires after the period", to_recv_relative },
	{ "timeout: relative send timeout expires after the period", to_send_relative },
	{ "timeout: relative send timeout met by a late receiver", to_send_relative_in_time },
	{ "timeout: never waits for a late sender", to_never },
	{ "timeout: Sleep is a receive from self that times out", to_sleep },
	{ "timeout: failed send phase skips the receive phase", to_send_fail_skips_receive },
	{ 0, 0 },
};
