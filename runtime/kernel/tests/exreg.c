/*
 * exreg.c - ExchangeRegisters: state and old values, SP/IP/FLAGS,
 * UserDefinedHandle, pager, halt and resume, local/global ids, errors
 * (spec 10.2).
 */
#include "suite.h"

static volatile L4_Word_t counter, hit, seen_handle;
static L4_ThreadId_t seen_pager;

struct exr {
	L4_ThreadId_t id;
	L4_Word_t ctl, sp, ip, flags, handle;
	L4_ThreadId_t pager;
};

static void exr(struct exr *e, L4_ThreadId_t t, L4_Word_t control, L4_Word_t sp, L4_Word_t ip,
		L4_Word_t flags, L4_Word_t handle, L4_ThreadId_t pager)
{
	e->id = L4_ExchangeRegisters(t, control, sp, ip, flags, handle, pager, &e->ctl, &e->sp, &e->ip,
				     &e->flags, &e->handle, &e->pager);
}

static int exreg_read(char *why)
{
	L4_ThreadId_t t = u_spawn(recv_forever, 0);
	struct exr e;

	EXPECT(wait_blocked(t, 500), "thread never blocked");
	exr(&e, t, 0, 0, 0, 0, 0, L4_nilthread);
	EXPECT_EQ(e.id.raw, L4_LocalIdOf(t).raw);   /* global in, local out */
	EXPECT(e.ctl & 2, "state %#lx lacks 'receiving'", e.ctl);
	EXPECT(!(e.ctl & 1), "state %#lx says halted", e.ctl);
	EXPECT(e.sp > u_image_start && e.sp < u_image_end, "SP %#lx outside the thread's stack", e.sp);
	EXPECT((e.ip >= u_image_start && e.ip < u_image_end) ||
	       (e.ip >= (L4_Word_t)u_kip && e.ip < (L4_Word_t)u_kip + 4096),
	       "IP %#lx neither in the image nor in the KIP's stubs", e.ip);
	EXPECT_EQ(e.pager.raw, u_sigma0.raw);
	return 1;
}

static int exreg_local_global(char *why)
{
	L4_ThreadId_t t = u_spawn(recv_forever, 0);
	L4_ThreadId_t l = L4_LocalIdOf(t);

	EXPECT(L4_IsLocalId(l), "LocalIdOf gave %#lx", l.raw);
	EXPECT_EQ(l.raw, u_utcb_of(t) + 256);
	EXPECT_EQ(L4_GlobalIdOf(l).raw, t.raw);
	return 1;
}

static void set_hit(void)
{
	hit = 0x1717;
	for (;;)
		L4_Sleep(L4_Never);
}

static int exreg_set_sp_ip(char *why)
{
	static unsigned char stack[4096] __attribute__((aligned(16)));
	L4_ThreadId_t t = u_spawn(spin_forever, (L4_Word_t)&counter);
	struct exr e;

	hit = 0;
	u_sleep_us(2000);
	L4_Stop(t);
	exr(&e, t, (1 << 3) | (1 << 4) | (1 << 8), (L4_Word_t)&stack[4000], (L4_Word_t)set_hit, 0, 0,
	    L4_nilthread);
	EXPECT(e.ctl & 1, "state %#lx: not halted after Stop", e.ctl);
	L4_Start(t);
	for (int i = 0; i < 500 && !hit; i++)
		u_sleep_us(1000);
	EXPECT_EQ(hit, 0x1717);
	return 1;
}

/* FLAGS: user-modifiable bits (CF) are written, IOPL is not (10.2). */
static int exreg_flags(char *why)
{
	L4_ThreadId_t t = u_spawn(spin_forever, (L4_Word_t)&counter);
	struct exr e, g;

	u_sleep_us(2000);
	L4_Stop(t);
	exr(&e, t, 0, 0, 0, 0, 0, L4_nilthread);
	exr(&g, t, 1 << 5, 0, 0, (e.flags ^ 0x3000) | 1, 0, L4_nilthread);
	EXPECT_EQ(g.flags, e.flags);            /* old value returned */
	exr(&g, t, 0, 0, 0, 0, 0, L4_nilthread);
	EXPECT(g.flags & 1, "CF not written: FLAGS %#lx", g.flags);
	EXPECT((g.flags & 0x3000) == (e.flags & 0x3000), "IOPL changed: %#lx -> %#lx", e.flags, g.flags);
	EXPECT(g.flags & 0x200, "IF cleared: FLAGS %#lx", g.flags);
	return 1;
}

static int exreg_halt_resume(char *why)
{
	L4_ThreadId_t t = u_spawn(spin_forever, (L4_Word_t)&counter);

	counter = 0;
	for (int i = 0; i < 500 && !counter; i++)
		u_sleep_us(1000);
	EXPECT(counter, "spinning thread never ran");
	L4_ThreadState_t st = L4_Stop(t);
	EXPECT(!L4_ThreadWasHalted(st), "running thread reported halted");
	L4_Word_t c1 = counter;
	u_sleep_us(20000);
	EXPECT(counter == c1, "halted thread still counts (%lu -> %lu)", c1, counter);
	L4_Start(t);
	u_sleep_us(20000);
	EXPECT(counter != c1, "resumed thread does not count");
	return 1;
}

static void report_handle(L4_Word_t arg)
{
	(void)arg;
	L4_Receive(u_root);     /* wait for the go */
	seen_handle = L4_UserDefinedHandle();
	seen_pager = L4_Pager();
	L4_LoadMR(0, 0);
	L4_Send(u_root);
}

static int exreg_handle_pager(char *why)
{
	L4_ThreadId_t t = u_spawn(report_handle, 0);
	struct exr e;

	EXPECT(wait_blocked(t, 500), "thread never blocked");
	exr(&e, t, (1 << 6) | (1 << 7), 0, 0, 0, 0xFEEDF00D, u_root);
	EXPECT_EQ(e.pager.raw, u_sigma0.raw);
	exr(&e, t, 0, 0, 0, 0, 0, L4_nilthread);
	EXPECT_EQ(e.handle, 0xFEEDF00D);
	EXPECT_EQ(e.pager.raw, u_root.raw);
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcSucceeded(L4_Send_Timeout(t, L4_TimePeriod(1000000))), "go failed");
	EXPECT(L4_IpcSucceeded(L4_Receive_Timeout(t, L4_TimePeriod(1000000))), "no report");
	EXPECT_EQ(seen_handle, 0xFEEDF00D);
	EXPECT_EQ(seen_pager.raw, u_root.raw);
	return 1;
}

static int exreg_nonexistent(char *why)
{
	struct exr e;

	exr(&e, u_unused_id(), 0, 0, 0, 0, 0, L4_nilthread);
	EXPECT_EQ(e.id.raw, 0);
	EXPECT_EQ(L4_ErrorCode(), 2);
	return 1;
}

/* From an unprivileged space, ExchangeRegisters on a thread of another
 * space fails with invalid thread (10.2). */
static volatile L4_Word_t foreign_res, foreign_err, foreign_done;

static void exreg_from_space(L4_Word_t target)
{
	L4_Word_t c, s, i, f, h;
	L4_ThreadId_t p;
	foreign_res = L4_ExchangeRegisters((L4_ThreadId_t){ .raw = target }, 0, 0, 0, 0, 0,
					   L4_nilthread, &c, &s, &i, &f, &h, &p).raw;
	foreign_err = L4_ErrorCode();
	foreign_done = 1;
}

static int exreg_other_space(char *why)
{
	L4_ThreadId_t victim = u_spawn(recv_forever, 0);

	foreign_done = 0;
	u_spawn_space(exreg_from_space, victim.raw);
	for (int i = 0; i < 500 && !foreign_done; i++)
		u_sleep_us(1000);
	EXPECT(foreign_done, "thread in the new space did not finish");
	EXPECT_EQ(foreign_res, 0);
	EXPECT_EQ(foreign_err, 2);
	return 1;
}

const struct tcase exreg_cases[] = {
	{ "exreg: read state, SP, IP, pager; local id returned for global", exreg_read },
	{ "exreg: LocalIdOf / GlobalIdOf", exreg_local_global },
	{ "exreg: stop, set SP and IP, start", exreg_set_sp_ip },
	{ "exreg: halt stops a running thread, resume restarts it", exreg_halt_resume },
	{ "exreg: FLAGS takes user bits only", exreg_flags },
	{ "exreg: UserDefinedHandle and pager written and seen by the thread", exreg_handle_pager },
	{ "exreg: non-existing thread: nilthread, invalid thread", exreg_nonexistent },
	{ "exreg: thread of another space from an unprivileged space", exreg_other_space },
	{ 0, 0 },
};
