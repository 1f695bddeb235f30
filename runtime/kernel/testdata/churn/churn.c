/*
 * Kernel memory is recycled: 2000 times create a thread in a new space,
 * initialise the space, activate the thread and delete it (which frees the
 * space), alternating two thread versions. A leak of page tables, UTCB
 * pages, space or thread objects would exhaust the kernel pool (24 MiB,
 * about 30 KiB per round) long before the end.
 */
#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/kdebug.h>
#include <l4/space.h>
#include <l4/thread.h>

char stack[8192] __attribute__((aligned(16)));

static void ok(int n, int cond, const char *name)
{
	char d[2] = { (char)('0' + n), 0 };
	L4_KDB_PrintString(cond ? "ok " : "not ok ");
	L4_KDB_PrintString(d);
	L4_KDB_PrintString(" ");
	L4_KDB_PrintString(name);
	L4_KDB_PrintString("\n");
}

void main(void)
{
	L4_KDB_PrintString("1..2\n");
	void *kip = L4_GetKernelInterface();
	L4_ThreadId_t me = L4_Myself();
	int good = 0;
	for (int i = 0; i < 2000; i++) {
		L4_ThreadId_t t = L4_GlobalId(L4_ThreadIdUserBase(kip) + 30, 1 + (i & 1));
		L4_Word_t old;
		int r = L4_ThreadControl(t, t, me, L4_nilthread, (void *)-1) == 1;
		r &= L4_SpaceControl(t, 0, L4_FpageLog2(0x10000000, 12), L4_FpageLog2(0x20000000, 14), L4_nilthread, &old) == 1;
		r &= L4_ThreadControl(t, t, L4_nilthread, me, (void *)(0x20000000 + 512 * (i % 32))) == 1;
		r &= L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1) == 1;
		good += r;
	}
	ok(1, good == 2000, "2000 rounds of create / SpaceControl / activate / delete");
	L4_ThreadId_t gone = L4_GlobalId(L4_ThreadIdUserBase(kip) + 30, 1);
	L4_LoadMR(0, 0);
	L4_MsgTag_t tag = L4_Send_Timeout(gone, L4_ZeroTime);
	ok(2, L4_IpcFailed(tag) && L4_ErrorCode() == 4, "the deleted thread no longer exists (send: error 2)");
	L4_KDB_Enter("done");
}

__asm__(".section .text.start, \"ax\"\n"
	".globl _start\n_start:\n"
	"\tmovl $stack + 8192, %esp\n"
	"\tcall main\n"
	"1:\tjmp 1b\n"
	".previous");
