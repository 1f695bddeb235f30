/*
 * Round-robin scheduling by the timer (spec 10.5): two threads of equal
 * priority that never block both make progress; a higher-priority thread
 * that sleeps is woken by its timeout although both spin; ThreadSwitch
 * and Schedule's timeslice work on spinning threads.
 */
#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/kdebug.h>
#include <l4/schedule.h>
#include <l4/thread.h>

char stack[8192] __attribute__((aligned(16)));
static char stacks[2][4096] __attribute__((aligned(16)));
static volatile unsigned long count[2];

static void ok(int n, int cond, const char *name)
{
	char d[2] = { (char)('0' + n), 0 };
	L4_KDB_PrintString(cond ? "ok " : "not ok ");
	L4_KDB_PrintString(d);
	L4_KDB_PrintString(" ");
	L4_KDB_PrintString(name);
	L4_KDB_PrintString("\n");
}

static void spin0(void) { for (;;) count[0]++; }
static void spin1(void) { for (;;) count[1]++; }
static volatile int hi_ran;
static void hi(void)
{
	hi_ran = 1;
	for (;;)
		L4_Sleep(L4_Never);
}

void main(void)
{
	L4_KDB_PrintString("1..6\n");
	void *kip = L4_GetKernelInterface();
	L4_ThreadId_t me = L4_Myself(), s0 = L4_Pager();
	L4_ThreadId_t t[2] = { L4_GlobalId(L4_ThreadIdUserBase(kip) + 20, 1), L4_GlobalId(L4_ThreadIdUserBase(kip) + 21, 1) };
	void (*fn[2])(void) = { spin0, spin1 };
	L4_Word_t utcb = L4_MyLocalId().raw - 256; /* our UTCB block */
	int created = 1;
	for (int i = 0; i < 2; i++) {
		for (int k = 0; k < 4096; k += 1024)
			stacks[i][k] = 0; /* fault the stacks in now */
		created &= L4_ThreadControl(t[i], me, me, s0, (void *)(utcb + 512 * (i + 1))) == 1;
		L4_Start_SpIp(t[i], (L4_Word_t)&stacks[i][4096 - 16], (L4_Word_t)fn[i]);
	}
	ok(1, created, "two spinning threads of priority 100 created and started");
	L4_Clock_t c0 = L4_SystemClock();
	L4_Sleep(L4_TimePeriod(100000)); /* 100 ms: the timeout ends while both spin */
	L4_Clock_t c1 = L4_SystemClock();
	unsigned long a = count[0], b = count[1];
	ok(2, a > 0 && b > 0, "both equal-priority spinners ran (round robin)");
	L4_Word64_t us = c1.raw - c0.raw;
	ok(3, us >= 100000 && us < 150000, "the sleeping priority-255 root task woke on time while they spin");
	L4_Word_t old;
	int r = L4_Schedule(t[0], (L4_TimePeriod(1000).raw << 16) | 0, ~0ul, ~0ul, ~0ul, &old);
	ok(4, r == 3, "Schedule: new 1 ms timeslice, state running");
	L4_Set_Priority(t[1], 10);
	unsigned long b0 = count[1];
	L4_Sleep(L4_TimePeriod(50000));
	unsigned long b1 = count[1];
	ok(5, b1 == b0 && count[0] > a, "lower priority: the priority-10 spinner no longer runs");
	/* Preemption on wake-up: starting a thread of higher priority than
	 * the caller runs it before the caller continues. */
	L4_ThreadId_t x = L4_GlobalId(L4_ThreadIdUserBase(kip) + 22, 1);
	static char xstack[4096] __attribute__((aligned(16)));
	xstack[0] = xstack[2048] = 0;
	L4_Set_Priority(me, 200);
	int made = L4_ThreadControl(x, me, me, s0, (void *)(utcb + 512 * 3)) == 1;
	L4_Set_Priority(x, 250);
	hi_ran = 0;
	L4_Start_SpIp(x, (L4_Word_t)&xstack[4096 - 16], (L4_Word_t)hi);
	int seen = hi_ran;
	ok(6, made && seen, "a higher-priority thread started by ExchangeRegisters runs at once");
	L4_KDB_Enter("done");
}

__asm__(".section .text.start, \"ax\"\n"
	".globl _start\n_start:\n"
	"\tmovl $stack + 8192, %esp\n"
	"\tcall main\n"
	"1:\tjmp 1b\n"
	".previous");
