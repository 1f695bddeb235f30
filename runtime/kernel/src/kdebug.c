/*
 * kdebug.c - the `int 3' kernel-debugger interface (spec 9.6).
 *
 * After `int 3' the saved EIP points at the marker:
 *   EB xx B8 <imm32>  "jmp 2f; mov $str, %eax": enter the debugger with
 *                     message str: print "KDB: <str>" and a register line,
 *                     then power off QEMU with EXIT_KDB.
 *   3C op             "cmpb $op, %al": 0 PrintChar(AL), 1 PrintString(EAX),
 *                     8/0x0d ReadChar: no console input, returns -1 (EAX).
 *                     Other ops are ignored.
 * Every user byte (marker and strings) is read through user_read in the
 * caller's own space, so a bad pointer prints nothing instead of faulting.
 * Anything else after `int 3' is a breakpoint: exception IPC (vector 3).
 */
#include "kernel.h"

/* How long the debugger waits for a pager to map a string's page. */
#define KDB_FAULT_TICKS (HZ / 10)

void dump_frame(struct frame *f)
{
	printf("eip=%p efl=%p eax=%p ebx=%p ecx=%p edx=%p esi=%p edi=%p ebp=%p esp=%p",
	       f->eip, f->eflags, f->eax, f->ebx, f->ecx, f->edx, f->esi, f->edi, f->ebp, f->esp);
}

/* Read user memory of the current thread, resolving page faults through
 * its pager like a user access would. */
static u32 read_current(u32 va, void *buf, u32 len)
{
	u32 n = user_read(current->space, va, buf, len);
	if (n < len && va + n < USER_TOP && va + n >= va) {
		/* Bounded: a pager that never answers (a bad pointer) must not
		 * block the debugger for ever. */
		current->cap_deadline = ticks + KDB_FAULT_TICKS;
		int e = user_fault(current, va + n, 0);
		current->cap_deadline = 0;
		if (e == 0)
			n += user_read(current->space, va + n, (u8 *)buf + n, len - n);
	}
	return n;
}

static void print_user_string(struct space *s, u32 va)
{
	char buf[64];
	(void)s;
	for (u32 total = 0; total < (1u << 20);) {
		u32 n = read_current(va + total, buf, sizeof buf);
		for (u32 i = 0; i < n; i++) {
			if (!buf[i])
				return;
			putc(buf[i]);
		}
		if (n < sizeof buf)
			return;
		total += n;
	}
}

int exception_ipc(struct frame *f);

void kdebug(struct frame *f)
{
	struct space *s = current->space;
	u8 m[7];
	u32 n = read_current(f->eip, m, sizeof m);
	(void)s;
	if (n >= 7 && m[0] == 0xeb && m[2] == 0xb8) {
		u32 str;
		memcpy(&str, m + 3, 4);
		puts("KDB: ");
		print_user_string(s, str);
		puts("\nKDB registers: thread ");
		printf("%x ", current->gid);
		dump_frame(f);
		puts("\n");
		qemu_exit(EXIT_KDB);
	}
	if (n >= 2 && m[0] == 0x3c) {
		switch (m[1]) {
		case 0x00:
			putc((char)f->eax);
			break;
		case 0x01:
			print_user_string(s, f->eax);
			break;
		case 0x08: case 0x0d:
			f->eax = (u32)-1;
			break;
		}
		return;
	}
	exception_ipc(f);
}
