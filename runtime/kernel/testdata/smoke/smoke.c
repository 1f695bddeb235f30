/*
 * The kernel smoke test's root task: print through the kernel debugger,
 * check the KIP, ask sigma0 for a page over IPC, touch it, and exit.
 */
#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/kdebug.h>
#include <l4/sigma0.h>
#include <l4/thread.h>
#include <l4/space.h>
#include <l4/schedule.h>

char stack[8192] __attribute__((aligned(16)));

static void ok(int n, int cond, const char *name)
{
	L4_KDB_PrintString(cond ? "ok " : "not ok ");
	char d[3] = { (char)('0' + n / 10), (char)('0' + n % 10), 0 };
	L4_KDB_PrintString(n < 10 ? d + 1 : d);
	L4_KDB_PrintString(" ");
	L4_KDB_PrintString(name);
	L4_KDB_PrintString("\n");
}

void main(void)
{
	L4_KDB_PrintString("hello from the root task\n1..10\n");
	void *kip = L4_GetKernelInterface();
	ok(1, L4_ApiVersion() == 0x84050000 && *(L4_Word_t *)kip == 0x4BE6344C, "KIP magic and version");
	L4_ThreadId_t me = L4_Myself();
	ok(2, me.raw == L4_GlobalId(L4_ThreadIdUserBase(kip) + 2, 1).raw, "root task thread ID");
	L4_Fpage_t f = L4_Sigma0_GetAny(L4_nilthread, 12, L4_CompleteAddressSpace);
	ok(3, !L4_IsNilFpage(f) && L4_Address(f) >= 0x00100000, "sigma0 GetAny over IPC");
	volatile L4_Word_t *p = (volatile L4_Word_t *)L4_Address(f);
	*p = 0x12345678;
	ok(4, *p == 0x12345678, "touch the mapped page");
	L4_Fpage_t g = L4_Sigma0_GetPage(L4_nilthread, L4_FpageLog2(0x00100000, 12));
	ok(5, L4_IsNilFpage(g), "sigma0 refuses kernel memory");
	volatile double x = 1.5, y = 3.0;
	ok(6, x * y == 4.5, "x87 arithmetic works in user mode");
	float v[4] __attribute__((aligned(16))) = { 1, 2, 3, 4 };
	__asm__ volatile("movaps %0, %%xmm0\n\taddps %%xmm0, %%xmm0\n\tmovaps %%xmm0, %0" : "+m"(v));  /* no xmm clobber: the target has no SSE, gcc never uses xmm0 */
	ok(7, v[0] == 2 && v[3] == 8, "SSE instructions work in user mode");
	/* A new space whose thread got its UTCB location before SpaceControl
	 * and is activated with UtcbLocation -1 (spec 10.3, 10.4). */
	L4_ThreadId_t t = L4_GlobalId(L4_ThreadIdUserBase(kip) + 10, 1);
	L4_Word_t old;
	int r1 = L4_ThreadControl(t, t, me, L4_nilthread, (void *)0x70000000);
	int r2 = L4_SpaceControl(t, 0, L4_FpageLog2(0x71000000, 12), L4_FpageLog2(0x70000000, 12), L4_nilthread, &old);
	int r3 = L4_ThreadControl(t, t, L4_nilthread, me, (void *)-1);
	ok(8, r1 == 1 && r2 == 1 && r3 == 1, "create, SpaceControl, activate with the earlier UTCB location");
	L4_Word_t ctl, sp, ip, fl, h;
	L4_ThreadId_t pg;
	L4_ThreadId_t res = L4_ExchangeRegisters(t, 0, 0, 0, 0, 0, L4_nilthread, &ctl, &sp, &ip, &fl, &h, &pg);
	L4_Yield();
	res = L4_ExchangeRegisters(t, 0, 0, 0, 0, 0, L4_nilthread, &ctl, &sp, &ip, &fl, &h, &pg);
	ok(9, res.raw == t.raw && (ctl & 2) && pg.raw == me.raw, "activated thread waits for its start message from the pager");
	ok(10, L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1) == 1, "delete it (and its space)");
	L4_KDB_Enter("done");
}

__asm__(".section .text.start, \"ax\"\n"
	".globl _start\n_start:\n"
	"\tmovl $stack + 8192, %esp\n"
	"\tcall main\n"
	"1:\tjmp 1b\n"
	".previous");
