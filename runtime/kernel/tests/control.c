/*
 * control.c - ThreadControl, SpaceControl, Schedule, ThreadSwitch and
 * the privileged calls (spec 10.3-10.6, 10.8, 5.3).
 */
#include "suite.h"

static L4_Fpage_t kip_area(void)
{
	return L4_FpageLog2((L4_Word_t)u_kip, (int)L4_KipAreaSizeLog2(u_kip));
}

static L4_Fpage_t utcb_area(void)
{
	return L4_FpageLog2(u_utcb_area & ~((1UL << U_SPACE_UTCB_LOG2) - 1), U_SPACE_UTCB_LOG2);
}

/* Create an inactive thread in a new space: Schedule says inactive; delete
 * it: it is gone (10.3, 10.5). */
static int tc_create_inactive_delete(char *why)
{
	L4_ThreadId_t t = u_unused_id();
	L4_Word_t tc, old;

	EXPECT(L4_ThreadControl(t, t, u_root, L4_nilthread, (void *)-1UL) == 1,
	       "create failed: ErrorCode %lu", L4_ErrorCode());
	L4_Word_t st = L4_Schedule(t, ~0UL, ~0UL, ~0UL, ~0UL, &tc);
	EXPECT_EQ(st, 2);
	EXPECT(L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1UL) == 1,
	       "delete failed: ErrorCode %lu", L4_ErrorCode());
	st = L4_Schedule(t, ~0UL, ~0UL, ~0UL, ~0UL, &old);
	EXPECT_EQ(st, 0);
	L4_LoadMR(0, 0);
	EXPECT(L4_IpcFailed(L4_Send_Timeout(t, L4_ZeroTime)) && L4_ErrorCode() == 4,
	       "deleted thread still reachable");
	return 1;
}

/* A thread re-created with a new version: the old ID names nothing. */
static int tc_version_renew(char *why)
{
	L4_ThreadId_t t1 = u_spawn(recv_forever, 0);
	EXPECT(u_kill(t1), "delete failed: ErrorCode %lu", L4_ErrorCode());
	L4_ThreadId_t t2 = u_spawn(recv_forever, 0);
	EXPECT(L4_ThreadNo(t2) == L4_ThreadNo(t1) && L4_Version(t2) != L4_Version(t1),
	       "runtime did not reuse the number (%#lx, %#lx)", t1.raw, t2.raw);
	EXPECT(wait_blocked(t2, 500), "new thread never blocked");
	L4_LoadMR(0, 0);
	L4_MsgTag_t tag = L4_Send_Timeout(t1, L4_ZeroTime);
	EXPECT(L4_IpcFailed(tag) && L4_ErrorCode() == 4, "old version reached: tag %#lx ErrorCode %lu",
	       tag.raw, L4_ErrorCode());
	tag = L4_Send_Timeout(t2, L4_ZeroTime);
	EXPECT(L4_IpcFailed(tag) && L4_ErrorCode() == 2, "new version: tag %#lx ErrorCode %lu (want timeout)",
	       tag.raw, L4_ErrorCode());
	return 1;
}

/* ThreadControl on an existing thread with a new pager just sets it
 * (10.3 "modify"). */
static int tc_modify_pager(char *why)
{
	L4_ThreadId_t t = u_spawn(recv_forever, 0);
	L4_Word_t c, s, i, f, h;
	L4_ThreadId_t p;

	EXPECT(wait_blocked(t, 500), "thread never blocked");
	EXPECT(L4_ThreadControl(t, u_root, L4_nilthread, u_root, (void *)-1UL) == 1,
	       "modify failed: ErrorCode %lu", L4_ErrorCode());
	L4_ExchangeRegisters(t, 0, 0, 0, 0, 0, L4_nilthread, &c, &s, &i, &f, &h, &p);
	EXPECT_EQ(p.raw, u_root.raw);
	EXPECT(c & 2, "thread no longer receiving after the modify: state %#lx", c);
	return 1;
}

static int tc_kernel_thread(char *why)
{
	L4_ThreadId_t k = L4_GlobalId(L4_ThreadIdSystemBase(u_kip) + 1, 1);
	EXPECT(L4_ThreadControl(k, k, u_root, L4_nilthread, (void *)-1UL) == 0, "kernel thread number accepted");
	EXPECT_EQ(L4_ErrorCode(), 2);
	return 1;
}

static int tc_nil_scheduler(char *why)
{
	L4_ThreadId_t t = u_unused_id();
	EXPECT(L4_ThreadControl(t, t, L4_nilthread, L4_nilthread, (void *)-1UL) == 0,
	       "creation without scheduler accepted");
	/* Pistachio: 2, X.2 manual: 4 (spec 10.3) */
	EXPECT(L4_ErrorCode() == 2 || L4_ErrorCode() == 4, "ErrorCode %lu, want 2 or 4", L4_ErrorCode());
	return 1;
}

static int tc_bad_space(char *why)
{
	L4_ThreadId_t t = u_unused_id();
	L4_ThreadId_t nospace = L4_GlobalId(L4_ThreadNo(t) + 1, 1);
	EXPECT(L4_ThreadControl(t, nospace, u_root, L4_nilthread, (void *)-1UL) == 0,
	       "joining the space of a non-existing thread accepted");
	EXPECT_EQ(L4_ErrorCode(), 3);
	return 1;
}

/* Activation (non-nil pager) in an uninitialised space: invalid space. */
static int tc_active_uninit_space(char *why)
{
	L4_ThreadId_t t = u_unused_id();
	int ok = L4_ThreadControl(t, t, u_root, u_root, (void *)u_utcb_area) == 0;
	L4_Word_t err = L4_ErrorCode();
	if (!ok)
		L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1UL);
	EXPECT(ok, "active thread in an uninitialised space created");
	EXPECT_EQ(err, 3);
	return 1;
}

/* A UTCB location outside the space's UTCB area or misaligned: error 6. */
static int tc_bad_utcb(char *why)
{
	L4_ThreadId_t t = u_unused_id();
	L4_Word_t old;

	EXPECT(L4_ThreadControl(t, t, u_root, L4_nilthread, (void *)-1UL) == 1,
	       "create failed: ErrorCode %lu", L4_ErrorCode());
	int sc = L4_SpaceControl(t, 0, kip_area(), utcb_area(), L4_nilthread, &old);
	int mis = L4_ThreadControl(t, t, L4_nilthread, u_root, (void *)(L4_Address(utcb_area()) + 100));
	L4_Word_t e1 = L4_ErrorCode();
	int out = L4_ThreadControl(t, t, L4_nilthread, u_root, (void *)0x70000000UL);
	L4_Word_t e2 = L4_ErrorCode();
	L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1UL);
	EXPECT(sc == 1, "SpaceControl failed");
	EXPECT(mis == 0 && e1 == 6, "misaligned UTCB: result %d ErrorCode %lu", mis, e1);
	EXPECT(out == 0 && e2 == 6, "UTCB outside the area: result %d ErrorCode %lu", out, e2);
	return 1;
}

/* SpaceControl checks: non-existing space 3, small UTCB area 6, KIP area
 * overlapping the UTCB area 7, kernel addresses 6 (10.4). */
static int sc_errors(char *why)
{
	L4_ThreadId_t t = u_unused_id();
	L4_Word_t old;

	EXPECT(L4_SpaceControl(t, 0, kip_area(), utcb_area(), L4_nilthread, &old) == 0,
	       "SpaceControl of a non-existing thread accepted");
	EXPECT_EQ(L4_ErrorCode(), 3);
	EXPECT(L4_ThreadControl(t, t, u_root, L4_nilthread, (void *)-1UL) == 1,
	       "create failed: ErrorCode %lu", L4_ErrorCode());
	int small = L4_SpaceControl(t, 0, kip_area(), L4_FpageLog2(L4_Address(utcb_area()), 10),
				    L4_nilthread, &old);
	L4_Word_t e1 = L4_ErrorCode();
	int overlap = L4_SpaceControl(t, 0, L4_FpageLog2(L4_Address(utcb_area()), 12), utcb_area(),
				      L4_nilthread, &old);
	L4_Word_t e2 = L4_ErrorCode();
	int kernel = L4_SpaceControl(t, 0, kip_area(), L4_FpageLog2(0xF0000000UL, U_SPACE_UTCB_LOG2),
				     L4_nilthread, &old);
	L4_Word_t e3 = L4_ErrorCode();
	int good = L4_SpaceControl(t, 0, kip_area(), utcb_area(), L4_nilthread, &old);
	L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1UL);
	EXPECT(small == 0 && e1 == 6, "1 KiB UTCB area: result %d ErrorCode %lu", small, e1);
	EXPECT(overlap == 0 && e2 == 7, "KIP inside the UTCB area: result %d ErrorCode %lu", overlap, e2);
	EXPECT(kernel == 0 && e3 == 6, "UTCB area in kernel space: result %d ErrorCode %lu", kernel, e3);
	EXPECT(good == 1, "valid SpaceControl after failed ones: ErrorCode %lu", L4_ErrorCode());
	return 1;
}

/* Schedule reports the state of its destination (10.5). */
static int sched_states(char *why)
{
	static struct job s;
	L4_Word_t tc;
	L4_ThreadId_t r = u_spawn(recv_forever, 0);
	EXPECT(wait_blocked(r, 500), "receiver never blocked");
	L4_Word_t st = L4_Schedule(r, ~0UL, ~0UL, ~0UL, ~0UL, &tc);
	EXPECT(st == 6 || st == 7, "blocked receiver: state %lu, want waiting (6)", st);
	job_init(&s, u_root, L4_nilthread, L4_Timeouts(L4_Never, L4_Never));
	L4_ThreadId_t snd = u_spawn(job_run, (L4_Word_t)&s);
	EXPECT(wait_blocked(snd, 500), "sender never blocked");
	st = L4_Schedule(snd, ~0UL, ~0UL, ~0UL, ~0UL, &tc);
	EXPECT(st == 4 || st == 5, "blocked sender: state %lu, want pending send (4)", st);
	st = L4_Schedule(u_unused_id(), ~0UL, ~0UL, ~0UL, ~0UL, &tc);
	EXPECT(st == 0 && L4_ErrorCode() == 2, "non-existing thread: state %lu ErrorCode %lu", st, L4_ErrorCode());
	return 1;
}

/* Priorities: a higher-priority runnable thread runs first (10.5). */
static volatile L4_Word_t order[4];
static volatile int norder;

static void mark(L4_Word_t v)
{
	order[norder++] = v;
}

static int sched_priority(char *why)
{
	norder = 0;
	L4_ThreadId_t lo = u_spawn(mark, 1);
	L4_ThreadId_t hi = u_spawn(mark, 2);
	L4_Word_t tc;
	EXPECT(L4_Schedule(lo, ~0UL, ~0UL, 10, ~0UL, &tc) != 0, "set priority 10 failed: %lu", L4_ErrorCode());
	EXPECT(L4_Schedule(hi, ~0UL, ~0UL, 200, ~0UL, &tc) != 0, "set priority 200 failed: %lu", L4_ErrorCode());
	for (int i = 0; i < 500 && norder < 2; i++)
		u_sleep_us(1000);
	EXPECT(norder == 2, "%d of 2 threads ran", norder);
	EXPECT(order[0] == 2 && order[1] == 1, "ran in order %lu, %lu; want the priority-200 thread first",
	       order[0], order[1]);
	return 1;
}

/* ThreadSwitch to a runnable thread runs it (10.6). */
static volatile L4_Word_t switched;

static void set_switched(L4_Word_t arg)
{
	(void)arg;
	switched = 1;
	for (;;)
		L4_Sleep(L4_Never);
}

static int ts_to_thread(char *why)
{
	switched = 0;
	L4_ThreadId_t t = u_spawn(set_switched, 0);
	L4_Word_t tc;
	L4_Schedule(t, ~0UL, ~0UL, 1, ~0UL, &tc);
	L4_ThreadSwitch(t);
	EXPECT(switched, "ThreadSwitch returned before the target ran");
	return 1;
}

/* ThreadSwitch(nil) gives the rest of the timeslice to a runnable thread
 * of the same priority; ThreadSwitch to a thread that does not exist
 * behaves the same (10.6). */
static volatile L4_Word_t spins;

static int ts_yield(char *why)
{
	L4_Word_t tc;
	L4_ThreadId_t t = u_spawn(spin_forever, (L4_Word_t)&spins);

	EXPECT(L4_Schedule(t, ~0UL, ~0UL, 255, ~0UL, &tc) != 0, "priority 255 refused: ErrorCode %lu", L4_ErrorCode());
	spins = 0;
	L4_ThreadSwitch(L4_nilthread);
	L4_Word_t after_yield = spins;
	L4_ThreadSwitch(u_unused_id());
	L4_Word_t after_bad = spins;
	L4_Schedule(t, ~0UL, ~0UL, 1, ~0UL, &tc);
	EXPECT(after_yield > 0, "yield did not run the other thread of priority 255");
	EXPECT(after_bad > after_yield, "ThreadSwitch to a non-existing thread did not yield");
	return 1;
}

/* Privileged calls from a thread of a new (unprivileged) space fail with
 * no privilege (10.3, 10.4, 10.5, 10.8). */
static volatile L4_Word_t up_tc, up_sc, up_mc, up_sched, up_err[4], up_done;

static void unprivileged(L4_Word_t victim)
{
	L4_ThreadId_t t = u_unused_id();
	L4_Word_t old;
	up_tc = L4_ThreadControl(t, t, L4_MyGlobalId(), L4_nilthread, (void *)-1UL);
	up_err[0] = L4_ErrorCode();
	up_sc = L4_SpaceControl(L4_MyGlobalId(), 0, kip_area(), utcb_area(), L4_nilthread, &old);
	up_err[1] = L4_ErrorCode();
	L4_Fpage_t fp = L4_FpageLog2(u_image_start, 12);
	up_mc = L4_Set_PageAttribute(fp, 0);
	up_err[2] = L4_ErrorCode();
	up_sched = L4_Schedule((L4_ThreadId_t){ .raw = victim }, ~0UL, ~0UL, 254, ~0UL, &old);
	up_err[3] = L4_ErrorCode();
	up_done = 1;
}

static int unprivileged_calls(char *why)
{
	L4_ThreadId_t v = u_spawn(recv_forever, 0);
	up_done = 0;
	u_spawn_space(unprivileged, v.raw);
	for (int i = 0; i < 500 && !up_done; i++)
		u_sleep_us(1000);
	EXPECT(up_done, "unprivileged thread did not finish");
	EXPECT(up_tc == 0 && up_err[0] == 1, "ThreadControl: %lu, ErrorCode %lu", up_tc, up_err[0]);
	EXPECT(up_sc == 0 && up_err[1] == 1, "SpaceControl: %lu, ErrorCode %lu", up_sc, up_err[1]);
	EXPECT(up_mc == 0 && up_err[2] == 1, "MemoryControl: %lu, ErrorCode %lu", up_mc, up_err[2]);
	EXPECT(up_sched == 0 && up_err[3] == 1, "Schedule of a foreign thread: %lu, ErrorCode %lu",
	       up_sched, up_err[3]);
	return 1;
}

/* ProcessorControl is privileged (10.9): refused from a new space, and
 * from the root task it returns without harm. */
static volatile L4_Word_t pc_res, pc_err, pc_done;

static void pc_unpriv(L4_Word_t arg)
{
	(void)arg;
	pc_res = L4_ProcessorControl(0, 1000000, 100000, 1000);
	pc_err = L4_ErrorCode();
	pc_done = 1;
}

static int procctl(char *why)
{
	pc_done = 0;
	u_spawn_space(pc_unpriv, 0);
	for (int i = 0; i < 500 && !pc_done; i++)
		u_sleep_us(1000);
	EXPECT(pc_done, "unprivileged thread did not finish");
	EXPECT(pc_res == 0 && pc_err == 1, "from a new space: result %lu ErrorCode %lu", pc_res, pc_err);
	(void)L4_ProcessorControl(0, 0, 0, 0);
	return 1;
}

/* MemoryControl from the root task with an attribute that ia32 does not
 * have: invalid parameter (10.8). */
static int memctl_invalid(char *why)
{
	L4_Fpage_t fp = L4_FpageLog2((L4_Word_t)scratch[0], 12);
	L4_Word_t r = L4_Set_PageAttribute(fp, 9);
	EXPECT(r == 0 && L4_ErrorCode() == 5, "attribute 9: result %lu ErrorCode %lu", r, L4_ErrorCode());
	return 1;
}

const struct tcase thread_cases[] = {
	{ "threadcontrol: create inactive, Schedule says inactive, delete", tc_create_inactive_delete },
	{ "threadcontrol: re-created thread, old version names nothing", tc_version_renew },
	{ "threadcontrol: modify sets the pager of an existing thread", tc_modify_pager },
	{ "threadcontrol: kernel thread number: invalid thread", tc_kernel_thread },
	{ "threadcontrol: nil scheduler refused", tc_nil_scheduler },
	{ "threadcontrol: space of a non-existing thread: invalid space", tc_bad_space },
	{ "threadcontrol: activation in an uninitialised space: invalid space", tc_active_uninit_space },
	{ "threadcontrol: bad UTCB location: error 6", tc_bad_utcb },
	{ "spacecontrol: non-existing space, bad UTCB and KIP areas", sc_errors },
	{ "schedule: states of a receiver, a sender, a non-existing thread", sched_states },
	{ "schedule: the higher priority runs first", sched_priority },
	{ "threadswitch: to a runnable thread runs it", ts_to_thread },
	{ "threadswitch: yield and switch to a non-existing thread run a peer", ts_yield },
	{ "privilege: ThreadControl, SpaceControl, MemoryControl, Schedule from an unprivileged space", unprivileged_calls },
	{ "memorycontrol: invalid attribute is error 5", memctl_invalid },
	{ "processorcontrol: privileged, harmless from the root task", procctl },
	{ 0, 0 },
};
