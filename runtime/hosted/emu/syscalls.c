/*
 * syscalls.c - the C side of every system-call entry: maps the registers
 * of spec section 9.2 (ia32) / 9.3 (amd64), saved in a struct hosted_frame
 * by entry_<arch>.S, to the operations in ipc.c, thread.c and sched.c, and
 * writes back exactly the output registers.
 *
 * Minimal calls (one address space, no real hardware):
 *   SpaceControl      existing space: result 1, old control 0 (the areas
 *                     of an initialised space cannot move, so they are not
 *                     looked at); otherwise ErrorCode 3.
 *   Unmap             nothing is mapped by IPC here, so nothing is taken
 *                     away; MR0..MRk get their fpages back with the status
 *                     bits set to "accessed" (PageInfo rights) since the
 *                     emulator cannot tell -- the safe answer for a pager
 *                     deciding whether to write a page back.
 *   MemoryControl,    result 0, ErrorCode 1 (no privilege): a Linux
 *   ProcessorControl  process cannot change cache attributes or CPU
 *                     frequencies.
 *   SystemClock       the virtual clock (sched.c); every read advances it
 *                     by 1 us so that readings strictly increase and a
 *                     polling loop ends.
 */
#include "kernel.h"

static void set_error(struct tcb *cur, word_t err)
{
	cur->utcb[UTCB_ERROR_CODE] = err;
}

#if defined(__x86_64__)
#define MR_REGS(f)      { &(f)->r9, &(f)->rax, &(f)->rbx, &(f)->r10, \
			  &(f)->r12, &(f)->r13, &(f)->r14, &(f)->r15 }

static void mrs_from_regs(struct hosted_frame *f, word_t *p)
{
	word_t *r[8] = MR_REGS(f);
	for (int i = 0; i < 8; i++)
		p[i] = *r[i];
}

static void mrs_to_regs(struct hosted_frame *f, const word_t *p)
{
	word_t *r[8] = MR_REGS(f);
	for (int i = 0; i < 8; i++)
		*r[i] = p[i];
}
#endif

/* ---- Ipc / Lipc ------------------------------------------------------ */

void hosted_sys_ipc(struct hosted_frame *f)
{
	struct tcb *cur = hosted_enter(f);
	word_t *p = cur->utcb;

#if defined(__x86_64__)
	/* in: RSI to, RDX from, R8 timeouts, MR0..MR7 in registers */
	mrs_from_regs(f, p);
	word_t from = hosted_ipc(cur, f->rsi, f->rdx, f->r8);
	/* out: RSI from, MR0..MR7, RDI P */
	f->rsi = from;
	f->rdi = (word_t)p;
	mrs_to_regs(f, p);
#else
	/* in: EAX to, ECX timeouts, EDX from, ESI MR0, EDI P */
	if (f->edi != (word_t)p)
		hosted_fatal(HOSTED_EXIT_UNSUPPORTED,
			     "Ipc: EDI = %#lx is not the caller's UTCB pointer "
			     "%#lx (section 9.2)", f->edi, (word_t)p);
	p[0] = f->esi;
	word_t from = hosted_ipc(cur, f->eax, f->edx, f->ecx);
	/* out: EAX from, ESI MR0, EBX MR1, EBP MR2, EDI P */
	f->eax = from;
	f->esi = p[0];
	f->ebx = p[1];
	f->ebp = p[2];
	f->edi = (word_t)p;
#endif
}

/* ---- ExchangeRegisters ------------------------------------------------- */

void hosted_sys_exchange_registers(struct hosted_frame *f)
{
	struct tcb *cur = hosted_enter(f);
#if defined(__x86_64__)
	word_t *dest = &f->rax, *ctl = &f->rsi, *sp = &f->rdx, *ip = &f->r8,
	       *fl = &f->r9, *handle = &f->r10, *pager = &f->rdi;
#else
	word_t *dest = &f->eax, *ctl = &f->ecx, *sp = &f->edx, *ip = &f->esi,
	       *fl = &f->edi, *handle = &f->ebx, *pager = &f->ebp;
#endif
	word_t d = *dest;

	*dest = hosted_exregs(cur, d, ctl, sp, ip, fl, handle, pager);
	if (cur->halted)
		hosted_block(0);        /* halted itself: run when resumed */
}

/* ---- ThreadControl ----------------------------------------------------- */

void hosted_sys_thread_control(struct hosted_frame *f)
{
	struct tcb *cur = hosted_enter(f);
#if defined(__x86_64__)
	f->rax = hosted_thread_control(cur, f->rdi, f->r8, f->rdx, f->rsi,
				       f->r9);
#else
	f->eax = hosted_thread_control(cur, f->eax, f->esi, f->edx, f->ecx,
				       f->edi);
#endif
}

/* ---- SystemClock ------------------------------------------------------- */

void hosted_sys_system_clock(struct hosted_frame *f)
{
	hosted_enter(f);
	u64 now = hosted_now++;
#if defined(__x86_64__)
	f->rax = now;
#else
	f->eax = (word_t)now;
	f->edx = (word_t)(now >> 32);
#endif
}

/* ---- ThreadSwitch ------------------------------------------------------ */

void hosted_sys_thread_switch(struct hosted_frame *f)
{
	hosted_enter(f);
#if defined(__x86_64__)
	word_t dest = f->rdi;
#else
	word_t dest = f->eax;
#endif
	struct tcb *t = hosted_lookup(dest);
	hosted_yield(t && t->queued ? t : 0);
}

/* ---- Schedule ---------------------------------------------------------- */

static word_t schedule(struct tcb *cur, word_t dest, word_t time,
		       word_t proc, word_t prio, word_t preempt,
		       word_t *old_time)
{
	struct tcb *t = hosted_lookup(dest);

	if (!t) {
		set_error(cur, L4_ErrInvalidThread);
		return 0;
	}
	if (proc != ~0UL && (proc & 0xffff) != 0) {     /* one CPU */
		set_error(cur, L4_ErrInvalidParam);
		return 0;
	}
	*old_time = t->time_control;
	if (time != ~0UL)
		t->time_control = time & 0xffffffffUL;
	if (prio != ~0UL)
		t->priority = prio & 0xff;
	if (preempt != ~0UL)
		t->preempt_control = preempt;
	switch (t->state) {
	case TS_INACTIVE:
		return 2;               /* L4_SCHEDRESULT_INACTIVE */
	case TS_SENDING:
		return 4;               /* PENDING_SEND */
	case TS_RECEIVING:
		return 6;               /* WAITING */
	default:
		return 3;               /* RUNNING */
	}
}

void hosted_sys_schedule(struct hosted_frame *f)
{
	struct tcb *cur = hosted_enter(f);
#if defined(__x86_64__)
	word_t old = f->rdx;
	f->rax = schedule(cur, f->rdi, f->rdx, f->r8, f->rsi, f->r9, &old);
	f->rdx = old;
#else
	word_t old = f->edx;
	f->eax = schedule(cur, f->eax, f->edx, f->esi, f->ecx, f->edi, &old);
	f->edx = old;
#endif
}

/* ---- SpaceControl ------------------------------------------------------ */

void hosted_sys_space_control(struct hosted_frame *f)
{
	struct tcb *cur = hosted_enter(f);
#if defined(__x86_64__)
	word_t space = f->rdi, *result = &f->rax, *old_ctl = &f->rdx;
#else
	word_t space = f->eax, *result = &f->eax, *old_ctl = &f->ecx;
#endif
	if (!hosted_lookup(space)) {
		set_error(cur, L4_ErrInvalidSpace);
		*result = 0;
		return;
	}
	*old_ctl = 0;
	*result = 1;
}

/* ---- Unmap ------------------------------------------------------------- */

void hosted_sys_unmap(struct hosted_frame *f)
{
	struct tcb *cur = hosted_enter(f);
	word_t *p = cur->utcb;
#if defined(__x86_64__)
	word_t control = f->rdx;
	mrs_from_regs(f, p);
#else
	word_t control = f->eax;
	p[0] = f->esi;
#endif
	for (word_t i = 0; i <= (control & 63); i++)
		if (p[i] != 0)
			p[i] = (p[i] & ~7UL) | PAGE_RIGHTS;
#if defined(__x86_64__)
	mrs_to_regs(f, p);
#else
	f->esi = p[0];
#endif
}

/* ---- MemoryControl, ProcessorControl ---------------------------------- */

void hosted_sys_memory_control(struct hosted_frame *f)
{
	struct tcb *cur = hosted_enter(f);

	set_error(cur, L4_ErrNoPrivilege);
#if defined(__x86_64__)
	f->rax = 0;                     /* result */
#else
	f->eax = 0;
#endif
}

void hosted_sys_processor_control(struct hosted_frame *f)
{
	struct tcb *cur = hosted_enter(f);

	set_error(cur, L4_ErrNoPrivilege);
#if defined(__x86_64__)
	f->rax = 0;
#else
	f->eax = 0;
#endif
}
