/*
 * sched.c - cooperative scheduling, the virtual clock and timeouts.
 *
 * A thread runs until it blocks in IPC, yields, halts or exits.  Runnable
 * threads wait in one FIFO queue.  Time is virtual: it stands still while
 * any thread can run, and when none can, the clock jumps to the earliest
 * pending timeout and that IPC fails with a timeout error.  When no thread
 * can run and no timeout is pending, the program is deadlocked: the
 * emulator prints every thread's state and exits with
 * HOSTED_EXIT_DEADLOCK instead of hanging.
 */
#include "kernel.h"

struct tcb *hosted_current;
u64 hosted_now;                 /* virtual clock, microseconds */

/* What %gs:0 reads: the current P.  In .data, not .bss, so that the
   executable has a file-backed writable segment, without which valgrind
   does not read its symbols. */
word_t hosted_utcb_word __attribute__((section(".data")));
word_t hosted_kstack_top;       /* kernel stack top of the current thread */
word_t hosted_jump_ip, hosted_jump_sp;  /* hosted_fresh_entry's target */

static struct tcb *ready_head, *ready_tail;
static int n_deadlines;

static void enqueue(struct tcb *t)
{
	t->ready_next = 0;
	if (ready_tail)
		ready_tail->ready_next = t;
	else
		ready_head = t;
	ready_tail = t;
	t->queued = 1;
}

void hosted_ready_remove(struct tcb *t)
{
	struct tcb **pp, *prev = 0;

	if (!t->queued)
		return;
	for (pp = &ready_head; *pp; prev = *pp, pp = &(*pp)->ready_next) {
		if (*pp == t) {
			*pp = t->ready_next;
			if (ready_tail == t)
				ready_tail = prev;
			break;
		}
	}
	t->queued = 0;
	t->ready_next = 0;
}

static struct tcb *dequeue(void)
{
	struct tcb *t = ready_head;

	if (t)
		hosted_ready_remove(t);
	return t;
}

void hosted_make_ready(struct tcb *t)
{
	t->state = TS_READY;
	hosted_cancel_timeout(t);
	if (t != hosted_current && !t->halted && !t->queued)
		enqueue(t);
}

static void switch_to(struct tcb *next)
{
	struct tcb *prev = hosted_current;

	if (next == prev)
		return;
	hosted_current = next;
	hosted_utcb_word = (word_t)next->utcb;
	hosted_kstack_top = hosted_kstack_of(next);
	/* The FPU and SSE registers are the user's (the emulator is built
	   with -mgeneral-regs-only and never touches them): keep prev's. */
	__asm__ __volatile__ ("fxsave %0" : "=m" (prev->fpu));
	hosted_switch(&prev->ksp, next->ksp);
	/* back in prev, which someone made ready and picked */
	__asm__ __volatile__ ("fxrstor %0" : : "m" (prev->fpu));
}

/* ---- timeouts ------------------------------------------------------- */

void hosted_set_timeout(struct tcb *t, word_t time)
{
	time &= 0xffff;
	if (time & 0x8000)
		hosted_fatal(HOSTED_EXIT_UNSUPPORTED,
			     "timeout %#lx is an absolute time point; time points "
			     "are not implemented (neither in Pistachio)", time);
	u64 us = (u64)(time & 0x3ff) << ((time >> 10) & 0x1f);
	if (!t->has_deadline)
		n_deadlines++;
	t->has_deadline = 1;
	t->deadline = hosted_now + us;
}

void hosted_cancel_timeout(struct tcb *t)
{
	if (t->has_deadline)
		n_deadlines--;
	t->has_deadline = 0;
}

static void expire(struct tcb *t)
{
	if (t->state == TS_SENDING) {
		hosted_sendq_remove(t->partner, t);
		hosted_ipc_fail(t, IPC_SND_ERR(ERR_TIMEOUT));
	} else if (t->state == TS_RECEIVING) {
		hosted_ipc_fail(t, IPC_RCV_ERR(ERR_TIMEOUT));
	}
	hosted_make_ready(t);
}

void hosted_expire_timeouts(void)
{
	if (n_deadlines == 0)
		return;
	for (int i = 0; i < MAX_THREADS; i++) {
		struct tcb *t = &hosted_tcbs[i];
		if (t->has_deadline && t->deadline <= hosted_now)
			expire(t);
	}
}

/* Idle: jump the clock to the earliest timeout.  0 if there is none. */
static int advance_clock(void)
{
	u64 first = ~0ULL;

	if (n_deadlines == 0)
		return 0;
	for (int i = 0; i < MAX_THREADS; i++) {
		struct tcb *t = &hosted_tcbs[i];
		if (t->has_deadline && t->deadline < first)
			first = t->deadline;
	}
	if (first > hosted_now)
		hosted_now = first;
	hosted_expire_timeouts();
	return 1;
}

static void deadlock(void) __attribute__((noreturn));
static void deadlock(void)
{
	hosted_eprintf("hosted: deadlock: no thread can run and no timeout is "
		       "pending (virtual time %llu us); threads:\n", hosted_now);
	hosted_dump_threads();
	hosted_sys_exit(HOSTED_EXIT_DEADLOCK);
}

/* ---- giving the CPU away ---------------------------------------------- */

/*
 * The current thread stops running (blocked, halted, exiting, or already
 * queued by a yield).  Run `prefer' if it is runnable (Pistachio switches
 * straight to the partner of a call), else the first ready thread; if
 * none, let time pass.  Returns when the current thread runs again.
 */
static void reschedule(struct tcb *prefer)
{
	struct tcb *cur = hosted_current, *next;

	for (;;) {
		if (prefer && prefer->queued) {
			hosted_ready_remove(prefer);
			next = prefer;
			break;
		}
		if ((next = dequeue()) != 0)
			break;
		if (cur->state == TS_READY && !cur->halted)
			return;         /* nothing else to run */
		if (!advance_clock())
			deadlock();
		prefer = 0;
	}
	switch_to(next);
}

void hosted_block(struct tcb *prefer)
{
	reschedule(prefer);
}

void hosted_yield(struct tcb *to)
{
	struct tcb *cur = hosted_current;

	if (!ready_head)
		return;
	if (!cur->halted)
		enqueue(cur);
	reschedule(to);
}

struct tcb *hosted_enter(struct hosted_frame *f)
{
	struct tcb *cur = hosted_current;

	cur->frame = f;
	hosted_expire_timeouts();
	return cur;
}
