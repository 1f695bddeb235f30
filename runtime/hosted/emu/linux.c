/*
 * linux.c - everything the emulator asks of Linux: raw system calls, the
 * %gs segment that makes `mov %gs:0' find the UTCB, and the signal
 * handlers that emulate the two inline traps of the L4 ABI:
 *
 *   lock; nop (F0 90)  -> SIGILL  -> KernelInterface (spec 9.2 / 9.3)
 *   int 3 + marker     -> SIGTRAP -> kernel-debugger calls (spec 9.6)
 *
 * Both targets are freestanding (no libc).  ia32 must be: glibc on i386
 * keeps its thread pointer in %gs.  amd64 could use glibc (which uses
 * %fs), but running the identical runtime on both targets keeps their
 * behaviour and their callgrind profiles comparable and keeps libc start-up
 * cost out of measurements.
 *
 * Handlers run on an alternate signal stack, so a trap never writes below
 * the interrupted thread's stack pointer (the amd64 red zone stays intact).
 */
#include "kernel.h"

#if defined(__x86_64__)
#define NR_READ         0
#define NR_MMAP         9
#define NR_WRITE        1
#define NR_RT_SIGACTION 13
#define NR_SIGALTSTACK  131
#define NR_ARCH_PRCTL   158
#define NR_EXIT_GROUP   231
#define ARCH_SET_GS     0x1001
/* ucontext: uc_flags, uc_link, uc_stack (24 bytes), then gregs[] */
#define UC_GREGS        40
#define REG_RSI         9
#define REG_RDX         12
#define REG_RAX         13
#define REG_RCX         14
#define REG_RIP         16
#define REG_AX          REG_RAX
#define REG_CX          REG_RCX
#define REG_DX          REG_RDX
#define REG_SI          REG_RSI
#define REG_IP          REG_RIP
#define SI_ADDR_OFFSET  16
#else
#define NR_READ         3
#define NR_MMAP         192             /* mmap2 */
#define NR_WRITE        4
#define NR_RT_SIGACTION 174
#define NR_SIGALTSTACK  186
#define NR_SET_THREAD_AREA 243
#define NR_EXIT_GROUP   252
/* ucontext: uc_flags, uc_link, uc_stack (12 bytes), then sigcontext */
#define UC_GREGS        20
#define REG_AX          11
#define REG_CX          10
#define REG_DX          9
#define REG_SI          5
#define REG_IP          14
#define SI_ADDR_OFFSET  12
#endif

#define SIGILL          4
#define SIGTRAP         5
#define SIGBUS          7
#define SIGSEGV         11
#define SA_SIGINFO      0x00000004UL
#define SA_ONSTACK      0x08000000UL
#define SA_RESTORER     0x04000000UL

#define SYS(nr, a, b, c) hosted_syscall6((nr), (long)(a), (long)(b), (long)(c), 0, 0, 0)

long hosted_sys_write(int fd, const void *buf, word_t len)
{
	return SYS(NR_WRITE, fd, buf, len);
}

long hosted_sys_read(int fd, void *buf, word_t len)
{
	return SYS(NR_READ, fd, buf, len);
}

/* Anonymous read/write memory, zero-filled; fatal when there is none. */
void *hosted_sys_mmap(word_t len)
{
	long r = hosted_syscall6(NR_MMAP, 0, (long)len, 3 /* PROT_READ|WRITE */,
				 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0);
	if (r < 0 && r > -4096)
		hosted_fatal(HOSTED_EXIT_UNSUPPORTED, "mmap(%lu) failed: %ld",
			     len, r);
	return (void *)r;
}

void hosted_sys_exit(int status)
{
	for (;;)
		SYS(NR_EXIT_GROUP, status, 0, 0);
}

void hosted_exit(int status)
{
	hosted_sys_exit(status);
}

/* ---- %gs ------------------------------------------------------------ */

/*
 * %gs:0 must read the current thread's P.  As in Pistachio, %gs's base is
 * the address of one word that the scheduler rewrites on every switch.
 */
void hosted_setup_gs(void)
{
#if defined(__x86_64__)
	long r = SYS(NR_ARCH_PRCTL, ARCH_SET_GS, &hosted_utcb_word, 0);
	if (r != 0)
		hosted_fatal(HOSTED_EXIT_UNSUPPORTED,
			     "arch_prctl(ARCH_SET_GS) failed: %ld", r);
#else
	struct {
		unsigned int entry, base, limit, flags;
	} desc = {
		.entry = ~0u,                   /* pick a free GDT TLS slot */
		.base = (unsigned int)&hosted_utcb_word,
		.limit = 3,                     /* 4 bytes, like Pistachio */
		.flags = 1 | (1 << 6),          /* seg_32bit, useable */
	};
	long r = SYS(NR_SET_THREAD_AREA, &desc, 0, 0);
	if (r != 0)
		hosted_fatal(HOSTED_EXIT_UNSUPPORTED,
			     "set_thread_area failed: %ld", r);
	unsigned int sel = (desc.entry << 3) | 3;
	__asm__ __volatile__("movw %w0, %%gs" : : "r"(sel));
#endif
}

/* ---- traps ---------------------------------------------------------- */

static word_t *uc_regs(void *uc)
{
	return (word_t *)((char *)uc + UC_GREGS);
}

static void set_default(int sig);

static void on_sigill(int sig, void *info, void *uc)
{
	word_t *r = uc_regs(uc);
	unsigned char *ip = (unsigned char *)r[REG_IP];

	(void)sig;
	(void)info;
	if (ip[0] == 0xF0 && ip[1] == 0x90) {   /* lock; nop */
		r[REG_AX] = (word_t)hosted_kip;
		r[REG_CX] = API_VERSION;
		r[REG_DX] = API_FLAGS;
		r[REG_SI] = KERNEL_ID;
		r[REG_IP] += 2;
		return;
	}
	hosted_eprintf("hosted: illegal instruction at %p in thread %#lx\n",
		       ip, hosted_current ? hosted_current->gid : 0UL);
	set_default(SIGILL);                    /* re-executes and dies */
}

static void kdebug_op(word_t *r, unsigned char op)
{
	char c;

	switch (op) {
	case 0x00:                              /* PrintChar(AL) */
		c = (char)r[REG_AX];
		hosted_sys_write(1, &c, 1);
		break;
	case 0x01: {                            /* PrintString(EAX) */
		const char *s = (const char *)r[REG_AX];
		hosted_sys_write(1, s, strlen(s));
		break;
	}
	case 0x02:                              /* ClearPage */
	case 0x03:                              /* ToggleBreakin */
		break;
	case 0x08:                              /* ReadChar */
	case 0x0d:                              /* ReadChar_Blocked */
		if (hosted_sys_read(0, &c, 1) != 1)
			c = 0;
		r[REG_AX] = (unsigned char)c;
		break;
	default:
		hosted_fatal(HOSTED_EXIT_UNSUPPORTED,
			     "unknown kernel-debugger operation 0x%02x", op);
	}
}

static void on_sigtrap(int sig, void *info, void *uc)
{
	word_t *r = uc_regs(uc);
	unsigned char *ip = (unsigned char *)r[REG_IP];

	(void)sig;
	(void)info;
	if (ip[-1] == 0xCC && ip[0] == 0x3C) {  /* int 3; cmpb $op, %al */
		kdebug_op(r, ip[1]);
		return;                         /* the cmpb runs harmlessly */
	}
	if (ip[-1] == 0xCC && ip[0] == 0xEB && ip[2] == 0xB8) {
		/* int 3; jmp 2f; mov $message, %eax; 2: -- L4_KDB_Enter */
		unsigned int msg;
		memcpy(&msg, ip + 3, 4);
		hosted_eprintf("KDB: %s\n", (const char *)(word_t)msg);
	} else {
		hosted_eprintf("KDB: breakpoint at %p\n", ip);
	}
	hosted_eprintf("hosted: kernel debugger entered in thread %#lx; "
		       "exiting\n", hosted_current ? hosted_current->gid : 0UL);
	hosted_sys_exit(HOSTED_EXIT_KDB);
}

static void on_fault(int sig, void *info, void *uc)
{
	word_t *r = uc_regs(uc);
	word_t addr = *(word_t *)((char *)info + SI_ADDR_OFFSET);

	hosted_eprintf("hosted: %s at ip %#lx, address %#lx, thread %#lx\n",
		       sig == SIGSEGV ? "SIGSEGV" : "SIGBUS", r[REG_IP], addr,
		       hosted_current ? hosted_current->gid : 0UL);
	set_default(sig);                       /* re-executes and dies */
}

struct kernel_sigaction {
	void (*handler)(int, void *, void *);
	unsigned long flags;
	void (*restorer)(void);
	unsigned int mask[2];
};

static void set_handler(int sig, void (*h)(int, void *, void *))
{
	struct kernel_sigaction sa = {
		.handler = h,
		.flags = SA_SIGINFO | SA_ONSTACK | SA_RESTORER,
		.restorer = hosted_sigreturn,
	};
	long r = hosted_syscall6(NR_RT_SIGACTION, sig, (long)&sa, 0, 8, 0, 0);
	if (r != 0)
		hosted_fatal(HOSTED_EXIT_UNSUPPORTED,
			     "rt_sigaction(%d) failed: %ld", sig, r);
}

static void set_default(int sig)
{
	struct kernel_sigaction sa = {
		.handler = 0,                   /* SIG_DFL */
		.flags = SA_RESTORER,
		.restorer = hosted_sigreturn,
	};
	hosted_syscall6(NR_RT_SIGACTION, sig, (long)&sa, 0, 8, 0, 0);
}

static char altstack[65536] __attribute__((aligned(16)));

void hosted_install_signals(void)
{
	struct {
		void *sp;
		int flags;
		word_t size;
	} ss = { altstack, 0, sizeof altstack };
	long r = SYS(NR_SIGALTSTACK, &ss, 0, 0);
	if (r != 0)
		hosted_fatal(HOSTED_EXIT_UNSUPPORTED, "sigaltstack failed: %ld",
			     r);
	set_handler(SIGILL, on_sigill);
	set_handler(SIGTRAP, on_sigtrap);
	set_handler(SIGSEGV, on_fault);
	set_handler(SIGBUS, on_fault);
}
