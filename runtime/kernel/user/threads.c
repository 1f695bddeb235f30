/*
 * threads.c - starting threads in the root task's space and in new address
 * spaces (ThreadControl, SpaceControl, ExchangeRegisters; spec 10.2-10.4,
 * 12.1).
 *
 * Thread numbers: the runtime owns the U_MAXTHREADS numbers above the root
 * task's.  Slot i is thread number root+1+i; each reuse of a slot bumps the
 * version, so a stale ID of a deleted thread never names its successor.
 *
 * Root-space threads get pager sigma0 (the root task's own pager; the root
 * task touches its whole image at start-up, so they never fault) and are
 * started with ExchangeRegisters.  A thread in a new space gets the pager
 * thread u_pager, which also sends it the start message (u = 2: IP, SP).
 * Every space puts its KIP at the root task's KIP address, so libl4's
 * system-call slots, patched once by the root task in the shared image,
 * are right in every space.
 */
#include "user.h"

L4_ThreadId_t u_root, u_sigma0, u_pager;
L4_KernelInterfacePage_t *u_kip;
L4_Word_t u_utcb_area;

struct slot {
	volatile int used;
	L4_Word_t version;              /* version of the current/last thread */
	u_entry_t fn;
	L4_Word_t arg;
	L4_ThreadId_t id;
	int owner;                      /* slot whose thread created the space; -1 root space */
	int next_utcb;                  /* owner only: next free UTCB index in its space */
	L4_Word_t utcb;
};

static struct slot slots[U_MAXTHREADS];
static unsigned char stacks[U_MAXTHREADS][U_STACK_SIZE] __attribute__((aligned(4096)));

/* Assembly entry of every started thread (crt0.S). */
extern void u_thread_entry(void);

static L4_Word_t root_no(void)
{
	return L4_ThreadNo(u_root);
}

static int slot_of(L4_ThreadId_t t)
{
	L4_Word_t no = L4_ThreadNo(t);

	if (no <= root_no() || no > root_no() + U_MAXTHREADS)
		return -1;
	return (int)(no - root_no() - 1);
}

/* The next version after v whose low 6 bits are not all zero (spec 1.1). */
static L4_Word_t next_version(L4_Word_t v)
{
	v = (v + 1) & ((1UL << 14) - 1);
	while ((v & 63) == 0)
		v = (v + 1) & ((1UL << 14) - 1);
	return v;
}

static int alloc_slot(void)
{
	for (int i = 0; i < U_MAXTHREADS; i++) {
		if (!slots[i].used) {
			slots[i].used = 1;
			slots[i].version = next_version(slots[i].version);
			slots[i].id = L4_GlobalId(root_no() + 1 + (L4_Word_t)i, slots[i].version);
			return i;
		}
	}
	u_panic("u_spawn: all %d thread slots in use", U_MAXTHREADS);
}

L4_ThreadId_t u_peek_next_id(void)
{
	for (int i = 0; i < U_MAXTHREADS; i++)
		if (!slots[i].used)
			return L4_GlobalId(root_no() + 1 + (L4_Word_t)i, next_version(slots[i].version));
	return L4_nilthread;
}

L4_ThreadId_t u_unused_id(void)
{
	return L4_GlobalId(root_no() + 1 + U_MAXTHREADS + 7, 1);
}

L4_Word_t u_utcb_of(L4_ThreadId_t t)
{
	int i = slot_of(t);
	return i < 0 ? 0 : slots[i].utcb;
}

static L4_Word_t stack_top(int i)
{
	return (L4_Word_t)&stacks[i][U_STACK_SIZE - 16];
}

/* Called on the new thread's stack by u_thread_entry. */
void u_thread_main(void) __attribute__((noreturn));
void u_thread_main(void)
{
	int i = slot_of(L4_MyGlobalId());

	if (i < 0)
		u_panic("thread %lx started outside the runtime's slots", L4_MyGlobalId().raw);
	slots[i].fn(slots[i].arg);
	/* Ask the pager to delete us; the call never returns. */
	for (;;) {
		L4_LoadMR(0, (L4_Word_t)U_PAGER_EXIT << 16);
		L4_Call(u_pager);
	}
}

static void fail_syscall(const char *what, L4_ThreadId_t t)
{
	u_panic("%s for thread %lx failed: ErrorCode %lu", what, t.raw, L4_ErrorCode());
}

static L4_ThreadId_t spawn_root(u_entry_t fn, L4_Word_t arg)
{
	int i = alloc_slot();
	struct slot *s = &slots[i];

	s->fn = fn;
	s->arg = arg;
	s->owner = -1;
	s->utcb = u_utcb_area + (L4_Word_t)(i + 1) * L4_UtcbSize(u_kip);
	if (!L4_ThreadControl(s->id, u_root, u_root, u_sigma0, (void *)s->utcb))
		fail_syscall("ThreadControl (create in root space)", s->id);
	L4_Start_SpIp(s->id, stack_top(i), (L4_Word_t)u_thread_entry);
	return s->id;
}

L4_ThreadId_t u_spawn(u_entry_t fn, L4_Word_t arg)
{
	return spawn_root(fn, arg);
}

/* Send the start message through the pager (it must come from the pager). */
static void start_via_pager(int i)
{
	L4_LoadMR(1, slots[i].id.raw);
	L4_LoadMR(2, (L4_Word_t)u_thread_entry);
	L4_LoadMR(3, stack_top(i));
	L4_LoadMR(0, ((L4_Word_t)U_PAGER_START << 16) | 3);
	L4_MsgTag_t tag = L4_Call(u_pager);
	L4_Word_t err;
	L4_StoreMR(1, &err);
	if (L4_IpcFailed(tag) || err != 0)
		u_panic("starting thread %lx: pager IPC tag %lx, start IPC ErrorCode %lu",
			slots[i].id.raw, tag.raw, err);
}

L4_ThreadId_t u_spawn_space(u_entry_t fn, L4_Word_t arg)
{
	int i = alloc_slot();
	struct slot *s = &slots[i];
	L4_Word_t area = u_utcb_area & ~((1UL << U_SPACE_UTCB_LOG2) - 1);

	s->fn = fn;
	s->arg = arg;
	s->owner = i;
	s->next_utcb = 1;
	s->utcb = area;
	/* 1. the thread, inactive, in a new space */
	if (!L4_ThreadControl(s->id, s->id, u_root, L4_nilthread, (void *)s->utcb))
		fail_syscall("ThreadControl (create space)", s->id);
	/* 2. the space's KIP and UTCB areas */
	L4_Word_t old;
	if (!L4_SpaceControl(s->id, 0, L4_FpageLog2((L4_Word_t)u_kip, (int)L4_KipAreaSizeLog2(u_kip)),
			     L4_FpageLog2(area, U_SPACE_UTCB_LOG2), L4_nilthread, &old))
		fail_syscall("SpaceControl", s->id);
	/* 3. activate it with its pager, which starts it */
	if (!L4_ThreadControl(s->id, s->id, L4_nilthread, u_pager, (void *)s->utcb))
		fail_syscall("ThreadControl (activate)", s->id);
	start_via_pager(i);
	return s->id;
}

L4_ThreadId_t u_spawn_in(L4_ThreadId_t peer, u_entry_t fn, L4_Word_t arg)
{
	int p = slot_of(peer);

	if (p < 0 || !slots[p].used || slots[p].owner < 0)
		u_panic("u_spawn_in: %lx is no thread in a new space", peer.raw);
	struct slot *o = &slots[slots[p].owner];
	if (o->next_utcb >= (1 << U_SPACE_UTCB_LOG2) / (int)L4_UtcbSize(u_kip))
		u_panic("u_spawn_in: UTCB area of %lx full", peer.raw);
	int i = alloc_slot();
	struct slot *s = &slots[i];
	s->fn = fn;
	s->arg = arg;
	s->owner = slots[p].owner;
	s->utcb = o->utcb + (L4_Word_t)o->next_utcb++ * L4_UtcbSize(u_kip);
	if (!L4_ThreadControl(s->id, peer, u_root, u_pager, (void *)s->utcb))
		fail_syscall("ThreadControl (join space)", s->id);
	start_via_pager(i);
	return s->id;
}

/* The pager deleted t (thread exit) or u_kill did: free its slot. */
void u_thread_gone(L4_ThreadId_t t)
{
	int i = slot_of(t);

	if (i >= 0 && slots[i].id.raw == t.raw)
		slots[i].used = 0;
}

int u_kill(L4_ThreadId_t t)
{
	if (!L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1UL))
		return 0;
	u_thread_gone(t);
	return 1;
}

int u_kill_all(void)
{
	int n = 0;

	for (int i = 0; i < U_MAXTHREADS; i++) {
		L4_ThreadId_t t = slots[i].id;
		if (slots[i].used && t.raw != u_pager.raw && u_kill(t))
			n++;
	}
	return n;
}

/* Start-up: called by u_start before main. */
void u_threads_init(void)
{
	L4_Word_t ver, flags, id;

	u_kip = L4_KernelInterface(&ver, &flags, &id);
	u_root = L4_MyGlobalId();
	u_sigma0 = L4_Pager();
	/* The root's own UTCB block is the first of its area (spec 12.6). */
	u_utcb_area = L4_MyLocalId().raw - 256;
}

void u_yield(int n)
{
	while (n-- > 0)
		L4_ThreadSwitch(L4_nilthread);
}

void u_sleep_us(L4_Word_t us)
{
	L4_Sleep(L4_TimePeriod(us));
}
