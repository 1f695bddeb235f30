/*
 * faults.c - page-fault protocol (12.2), exception protocol (12.5),
 * interrupt protocol (12.3).
 */
#include "suite.h"

#define SEC L4_TimePeriod(1000000)

/* A read of an unmapped address reaches the pager as label 0xFFE4,
 * u = 2, MR1 address, MR2 faulting IP, from the faulting thread. */
static int pf_read_protocol(char *why)
{
	L4_ThreadId_t p = u_spawn_space(probe, 0);
	int traps = u_traps;

	EXPECT(!probe_cmd(p, PROBE_READ, 0x60000010UL, 0, 0, 0, 0), "read of an unmapped page worked");
	EXPECT(u_traps == traps + 1, "%d faults trapped, want 1", u_traps - traps);
	EXPECT_EQ(u_last_trap.label, 0xFFE4);
	EXPECT_EQ(u_last_trap.addr, 0x60000010UL);
	EXPECT_EQ(u_last_trap.from.raw, p.raw);
	EXPECT(u_last_trap.ip >= u_image_start && u_last_trap.ip < u_image_end,
	       "faulting IP %#lx outside the program text", u_last_trap.ip);
	return 1;
}

static int pf_write_protocol(char *why)
{
	L4_ThreadId_t p = u_spawn_space(probe, 0);

	EXPECT(!probe_cmd(p, PROBE_WRITE, 0x60001020UL, 5, 0, 0, 0), "write to an unmapped page worked");
	EXPECT_EQ(u_last_trap.label, 0xFFE2);
	EXPECT_EQ(u_last_trap.addr, 0x60001020UL);
	return 1;
}

/* The pager's map reply resumes the thread, which then sees the page. */
static int lazy_one(const struct u_fault *f, L4_Fpage_t *page, L4_Word_t *sndbase)
{
	if ((f->addr & ~0xFFFUL) != LAZY_BASE)
		return 0;
	*page = L4_FpageAddRights(L4_FpageLog2((L4_Word_t)scratch[4], 12), L4_FullyAccessible);
	*sndbase = LAZY_BASE;
	return 1;
}

static int pf_resolved(char *why)
{
	L4_ThreadId_t p = u_spawn_space(probe, 0);
	L4_Word_t v;

	*(volatile L4_Word_t *)(scratch[4] + 0x40) = 0xFA017ED;
	u_fault_hook = lazy_one;
	int faults = u_faults;
	EXPECT(probe_cmd(p, PROBE_READ, LAZY_BASE + 0x40, 0, 0, 0, &v), "thread not resumed after the map reply");
	EXPECT_EQ(v, 0xFA017ED);
	EXPECT(u_faults >= faults + 1, "no page fault seen");
	return 1;
}

/* Exceptions: a thread with an exception handler executes ud2, int $0x40
 * and a division by zero; the handler gets label 0xFFB0, u = 12 and the
 * ia32 register layout, and its reply (EIP advanced, EAX changed) is
 * written back. */
static volatile L4_Word_t exc_eax[3], exc_done;
extern char exc_ud2[], exc_int[], exc_div[];

static void __attribute__((noinline)) exc_thread(L4_Word_t arg)
{
	L4_Word_t a;

	(void)arg;
	L4_Set_ExceptionHandler(u_root);
	__asm__ __volatile__("movl $0x1111, %%eax\n\t"
			     ".globl exc_ud2\nexc_ud2: ud2"
			     : "=a"(a) : : "memory");
	exc_eax[0] = a;
	__asm__ __volatile__("movl $0x2222, %%eax\n\t"
			     ".globl exc_int\nexc_int: int $0x40"
			     : "=a"(a) : : "memory");
	exc_eax[1] = a;
	__asm__ __volatile__("movl $0x3333, %%eax\n\t"
			     "xorl %%ecx, %%ecx\n\t"
			     "xorl %%edx, %%edx\n\t"
			     ".globl exc_div\nexc_div: divl %%ecx"
			     : "=a"(a) : : "ecx", "edx", "memory");
	exc_eax[2] = a;
	exc_done = 1;
}

static int handle_exception(char *why, L4_ThreadId_t t, L4_Word_t ip, L4_Word_t vec, L4_Word_t code,
			    L4_Word_t eax_in, L4_Word_t eax_out)
{
	L4_Word_t mr[13];
	L4_MsgTag_t tag = L4_Receive_Timeout(t, SEC);

	EXPECT(L4_IpcSucceeded(tag), "no exception message (vector %lu): ErrorCode %#lx", vec, L4_ErrorCode());
	EXPECT_EQ(L4_Label(tag), 0xFFB0);
	EXPECT_EQ(L4_UntypedWords(tag), 12);
	EXPECT_EQ(L4_TypedWords(tag), 0);
	for (int i = 1; i <= 12; i++)
		L4_StoreMR(i, &mr[i]);
	EXPECT(mr[1] == ip, "vector %lu: EIP %#lx, want %#lx", vec, mr[1], ip);
	EXPECT(mr[3] == vec, "exception number %lu, want %lu", mr[3], vec);
	EXPECT(mr[4] == code, "vector %lu: error code %#lx, want %#lx", vec, mr[4], code);
	EXPECT(mr[12] == eax_in, "vector %lu: EAX %#lx, want %#lx", vec, mr[12], eax_in);
	EXPECT(mr[8] > u_image_start && mr[8] < u_image_end, "ESP %#lx outside the stacks", mr[8]);
	EXPECT(mr[2] & 0x200, "EFLAGS %#lx without IF", mr[2]);
	mr[1] = ip + 2;
	mr[12] = eax_out;
	for (int i = 1; i <= 12; i++)
		L4_LoadMR(i, mr[i]);
	L4_LoadMR(0, 12);
	tag = L4_Reply(t);
	EXPECT(L4_IpcSucceeded(tag), "reply to the exception failed: ErrorCode %#lx", L4_ErrorCode());
	return 1;
}

static int exc_protocol(char *why)
{
	exc_done = 0;
	L4_ThreadId_t t = u_spawn(exc_thread, 0);

	if (!handle_exception(why, t, (L4_Word_t)exc_ud2, 6, 0, 0x1111, 0xA1))
		return 0;
	if (!handle_exception(why, t, (L4_Word_t)exc_int, 13, (0x40 << 3) | 2, 0x2222, 0xA2))
		return 0;
	if (!handle_exception(why, t, (L4_Word_t)exc_div, 0, 0, 0x3333, 0xA3))
		return 0;
	for (int i = 0; i < 500 && !exc_done; i++)
		u_sleep_us(1000);
	EXPECT(exc_done, "thread did not finish after the replies");
	EXPECT(exc_eax[0] == 0xA1 && exc_eax[1] == 0xA2 && exc_eax[2] == 0xA3,
	       "EAX after resume %#lx %#lx %#lx, want 0xa1 0xa2 0xa3", exc_eax[0], exc_eax[1], exc_eax[2]);
	return 1;
}

/* Without an exception handler the thread is halted; the kernel runs on. */
static volatile L4_Word_t nohandler_after;

static void no_handler(L4_Word_t arg)
{
	(void)arg;
	L4_Set_ExceptionHandler(L4_nilthread);
	__asm__ __volatile__("ud2");
	nohandler_after = 1;
}

static int exc_no_handler(char *why)
{
	nohandler_after = 0;
	L4_ThreadId_t t = u_spawn(no_handler, 0);
	u_sleep_us(30000);
	EXPECT(!nohandler_after, "thread went on after an unhandled exception");
	L4_Word_t c, s, i, f, h;
	L4_ThreadId_t p;
	L4_ThreadId_t r = L4_ExchangeRegisters(t, 0, 0, 0, 0, 0, L4_nilthread, &c, &s, &i, &f, &h, &p);
	EXPECT(r.raw != 0, "the thread is gone: ErrorCode %lu", L4_ErrorCode());
	EXPECT(c & 1, "state %#lx: not halted", c);
	return 1;
}

/* The timer interrupt, associated with the root task, arrives as label
 * 0xFFF0 from interrupt thread 0 and is re-enabled by a reply (12.3). */
static int irq_timer(char *why)
{
	L4_ThreadId_t irq = L4_GlobalId(0, 1);

	EXPECT(L4_AssociateInterrupt(irq, u_root) == 1, "AssociateInterrupt failed: ErrorCode %lu", L4_ErrorCode());
	int got = 0;
	L4_Word_t label = 0, tagraw = 0;
	for (int n = 0; n < 2; n++) {
		L4_MsgTag_t tag = L4_Receive_Timeout(irq, SEC);
		if (L4_IpcFailed(tag))
			break;
		got++;
		label = L4_Label(tag);
		tagraw = tag.raw;
		L4_LoadMR(0, 0);
		L4_Reply(irq);
	}
	L4_Word_t de = L4_DeassociateInterrupt(irq);
	EXPECT(got == 2, "%d of 2 timer interrupts arrived (ErrorCode %#lx)", got, L4_ErrorCode());
	EXPECT_EQ(label, 0xFFF0);
	EXPECT_EQ(tagraw & 0xFFF, 0);
	EXPECT(de == 1, "DeassociateInterrupt failed: ErrorCode %lu", L4_ErrorCode());
	u_sleep_us(5000);       /* the kernel's own timeouts still work */
	return 1;
}

/* Association by an unprivileged space: no privilege. */
static volatile L4_Word_t irq_res, irq_err, irq_done;

static void irq_unpriv(L4_Word_t arg)
{
	(void)arg;
	irq_res = L4_AssociateInterrupt(L4_GlobalId(4, 1), L4_MyGlobalId());
	irq_err = L4_ErrorCode();
	irq_done = 1;
}

static int irq_unprivileged(char *why)
{
	irq_done = 0;
	u_spawn_space(irq_unpriv, 0);
	for (int i = 0; i < 500 && !irq_done; i++)
		u_sleep_us(1000);
	EXPECT(irq_done, "thread did not finish");
	EXPECT(irq_res == 0 && irq_err == 1, "result %lu ErrorCode %lu", irq_res, irq_err);
	return 1;
}

const struct tcase fault_cases[] = {
	{ "pagefault: read fault message to the pager", pf_read_protocol },
	{ "pagefault: write fault message to the pager", pf_write_protocol },
	{ "pagefault: map reply resumes the thread", pf_resolved },
	{ "exception: #UD, #GP from int, #DE: message, reply writes registers", exc_protocol },
	{ "exception: no handler halts the thread only", exc_no_handler },
	{ "interrupt: timer interrupt IPC, acknowledge, deassociate", irq_timer },
	{ "interrupt: association from an unprivileged space refused", irq_unprivileged },
	{ 0, 0 },
};
