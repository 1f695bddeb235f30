/*
 * Interrupt IPC for COM1 (IRQ 4, spec 12.3): the root task associates the
 * interrupt with itself, enables the UART's transmitter-empty interrupt,
 * receives the interrupt message, acknowledges it and deassociates.
 */
#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/kdebug.h>
#include <l4/thread.h>

char stack[8192] __attribute__((aligned(16)));

static void outb(unsigned short port, unsigned char v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static unsigned char inb(unsigned short port) { unsigned char v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }

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
	L4_KDB_PrintString("1..6\n");
	L4_ThreadId_t irq = L4_GlobalId(4, 1), me = L4_Myself(), from;
	ok(1, L4_ThreadControl(irq, irq, L4_nilthread, me, (void *)-1) == 1, "associate IRQ 4 with the root task");
	L4_MsgTag_t tag = L4_Receive_Timeout(irq, L4_TimePeriod(20000));
	ok(2, L4_IpcFailed(tag) && L4_ErrorCode() == 3, "no interrupt before the UART is enabled: receive timeout");
	outb(0x3f8 + 1, 0x02); /* interrupt when the transmit register is empty */
	from = L4_nilthread;
	tag = L4_Ipc(L4_nilthread, irq, L4_Timeouts(L4_Never, L4_TimePeriod(1000000)), &from);
	outb(0x3f8 + 1, 0x00);
	(void)inb(0x3f8 + 2); /* read IIR: clears the THRE interrupt */
	ok(3, L4_IpcSucceeded(tag) && L4_Label(tag) == 0xfff0 && L4_UntypedWords(tag) == 0, "interrupt message, label 0xFFF0, u = 0");
	ok(4, from.raw == irq.raw, "sender is the interrupt thread");
	L4_LoadMR(0, 0);
	tag = L4_Reply(irq);
	ok(5, L4_IpcSucceeded(tag), "acknowledge by sending to the interrupt thread");
	ok(6, L4_ThreadControl(irq, irq, L4_nilthread, irq, (void *)-1) == 1, "deassociate");
	L4_KDB_Enter("done");
}

__asm__(".section .text.start, \"ax\"\n"
	".globl _start\n_start:\n"
	"\tmovl $stack + 8192, %esp\n"
	"\tcall main\n"
	"1:\tjmp 1b\n"
	".previous");
