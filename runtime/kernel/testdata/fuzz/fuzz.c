/*
 * Hostile system calls: the root task (privileged) makes thousands of
 * system calls with pseudo-random arguments (zero IPC timeouts so nothing
 * blocks; sigma0 and the root task itself are never deleted, halted or
 * moved). The kernel must neither crash nor hang, and must still serve
 * IPC and page faults afterwards.
 */
#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/kdebug.h>
#include <l4/message.h>
#include <l4/schedule.h>
#include <l4/sigma0.h>
#include <l4/space.h>
#include <l4/thread.h>

char stack[8192] __attribute__((aligned(16)));
#ifndef FUZZ_SEED
#define FUZZ_SEED 12345
#endif
static unsigned int seed = FUZZ_SEED;

static L4_Word_t rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	L4_Word_t a = seed >> 8;
	seed = seed * 1103515245u + 12345u;
	L4_Word_t w = (a << 16) ^ (seed >> 8);
	switch (seed % 7) { /* bias towards interesting values */
	case 0: return 0;
	case 1: return ~0ul;
	case 2: return w & 0xfffffc00ul;
	case 3: return 0xbf000000ul + (w & 0xffffful);
	case 4: return 0xc0000000ul + (w & 0xfffffful);
	default: return w;
	}
}

static L4_ThreadId_t rnd_thread(L4_ThreadId_t root, L4_ThreadId_t s0)
{
	L4_Word_t w = rnd();
	if ((seed >> 3) % 3 == 0) /* a plausible thread of the user range */
		w = L4_GlobalId(L4_ThreadIdUserBase(L4_GetKernelInterface()) + 3 + (seed >> 5) % 8, 1).raw;
	if (w == root.raw || w == s0.raw || w == L4_MyLocalId().raw)
		w = 0;
	return (L4_ThreadId_t){ .raw = w };
}

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
	L4_KDB_PrintString("1..3\n");
	void *kip = L4_GetKernelInterface();
	L4_ThreadId_t root = L4_Myself(), s0 = L4_GlobalId(L4_ThreadIdUserBase(kip), 1);
	int calls = 0;
	for (int i = 0; i < 4000; i++) {
		L4_Word_t old, c, sp, ip, fl, h;
		L4_ThreadId_t pg, t = rnd_thread(root, s0);
		switch ((seed >> 4) % 10) {
		case 0: {
			L4_Word_t tag = rnd() & ~0x1000ul; /* no propagation */
			for (int k = 1; k < 64; k++)
				L4_LoadMR(k, rnd());
			L4_LoadMR(0, tag);
			L4_LoadBR(0, rnd());
			L4_ThreadId_t from;
			L4_Ipc(t, rnd_thread(root, s0), L4_Timeouts(L4_ZeroTime, L4_ZeroTime), &from);
			break;
		}
		case 1:
			L4_ThreadControl(t, rnd_thread(root, s0), rnd_thread(root, s0), rnd_thread(root, s0), (void *)rnd());
			break;
		case 2:
			L4_SpaceControl(t, rnd(), (L4_Fpage_t){ .raw = rnd() }, (L4_Fpage_t){ .raw = rnd() }, rnd_thread(root, s0), &old);
			break;
		case 3:
			L4_Schedule(t, rnd(), rnd(), rnd() & 0xff, rnd(), &old);
			break;
		case 4:
			L4_ExchangeRegisters(t, rnd() & 0x1ff, rnd(), rnd(), rnd(), rnd(), rnd_thread(root, s0), &c, &sp, &ip, &fl, &h, &pg);
			break;
		case 5:
			for (int k = 0; k < 64; k++)
				L4_LoadMR(k, rnd() & ~0x7ul); /* query status only: keep our own pages */
			L4_Unmap(rnd() & 0x3f);
			break;
		case 6: {
			L4_Word_t attr[4] = { rnd(), rnd(), rnd(), rnd() };
			for (int k = 0; k < 64; k++)
				L4_LoadMR(k, rnd());
			L4_MemoryControl(rnd() & 0x7f, attr);
			break;
		}
		case 7:
			L4_ProcessorControl(rnd(), rnd(), rnd(), rnd());
			L4_SystemClock();
			break;
		case 8:
			L4_ThreadSwitch(t);
			break;
		case 9: {
			L4_Word_t p = rnd();
			__asm__ __volatile__("int $3\n\tcmpb $1, %%al" : "+a"(p) : : "memory"); /* PrintString(random) */
			break;
		}
		}
		calls++;
	}
	L4_KDB_PrintString("\n");
	ok(1, calls == 4000, "4000 random system calls returned");
	L4_Fpage_t f = L4_Sigma0_GetAny(L4_nilthread, 12, L4_CompleteAddressSpace);
	ok(2, !L4_IsNilFpage(f), "sigma0 still answers over IPC");
	volatile L4_Word_t *p = (volatile L4_Word_t *)L4_Address(f);
	*p = 42;
	ok(3, *p == 42, "the page is mapped and usable");
	L4_KDB_Enter("done");
}

__asm__(".section .text.start, \"ax\"\n"
	".globl _start\n_start:\n"
	"\tmovl $stack + 8192, %esp\n"
	"\tcall main\n"
	"1:\tjmp 1b\n"
	".previous");
