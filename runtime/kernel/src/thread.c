/*
 * thread.c - thread control blocks, thread-number lookup, the scheduler
 * and kernel stack switching.
 *
 * Invariants:
 *  - tcb_table[n] is the TCB holding thread number n, or NULL; its gid
 *    carries the version, so a stale ID is rejected by comparing gids.
 *  - A thread runs in user mode only with state T_READY and !halted.
 *  - Scheduling: highest priority first; round robin among equals in the
 *    order of thread_list, starting after the current thread.
 *  - The user frame of a thread is always the struct frame at the top of
 *    its kernel stack (user_frame()).
 */
#include "kernel.h"

extern void switch_stacks(u32 *save, u32 esp);
extern void thread_trampoline(void);

struct tcb *current, *idle_tcb, *thread_list;
static struct tcb *tcbs;        /* NTHREADS TCBs */
struct tcb **tcb_table;  /* by thread number */

void threads_init(void)
{
	tcbs = boot_alloc(NTHREADS * sizeof(struct tcb));
	tcb_table = boot_alloc(MAXTHREADNO * sizeof(struct tcb *));
	for (int i = 0; i < NTHREADS; i++)
		tcbs[i].kstack = boot_alloc(KSTACK_SIZE);
}

struct tcb *tcb_by_no(u32 no)
{
	return no < MAXTHREADNO ? tcb_table[no] : NULL;
}

struct tcb *tcb_of(word_t gid)
{
	if (gid == NILTHREAD || IS_LOCAL(gid) || gid == ANYTHREAD)
		return NULL;
	struct tcb *t = tcb_by_no(TID_NO(gid));
	return t && t->gid == gid ? t : NULL;
}

/* A global ID, or a local ID (UTCB address of MR0) in self's space. */
struct tcb *thread_lookup(struct tcb *self, word_t id)
{
	if (id == NILTHREAD || id == ANYTHREAD || id == ANYLOCAL)
		return NULL;
	if (!IS_LOCAL(id))
		return tcb_of(id);
	for (struct tcb *t = thread_list; t; t = t->list_next)
		if (t->space == self->space && t->utcb_va == id)
			return t;
	return NULL;
}

struct frame *user_frame(struct tcb *t)
{
	return (struct frame *)(t->kstack + KSTACK_SIZE - sizeof(struct frame));
}

/* Prepare t's kernel stack so that switching to it runs fn (if any) and
 * then returns to user mode through the (unchanged) user frame. */
void thread_start_kernel(struct tcb *t, void (*fn)(void))
{
	u32 *sp = (u32 *)user_frame(t);
	*--sp = (u32)thread_trampoline;
	*--sp = 0;        /* ebp */
	*--sp = (u32)fn;  /* ebx */
	*--sp = 0;        /* esi */
	*--sp = 0;        /* edi */
	t->kesp = (u32)sp;
}

void thread_set_user_entry(struct tcb *t, u32 ip, u32 sp)
{
	struct frame *f = user_frame(t);
	f->eip = ip;
	f->esp = sp;
}

/* Create thread gid in space s with its UTCB at utcb_va (the UTCB block
 * address + 256, i.e. the local ID). Returns NULL if out of TCBs or
 * memory. The thread is T_INACTIVE. */
struct tcb *thread_create(word_t gid, struct space *s, u32 utcb_va)
{
	struct tcb *t = NULL;
	for (int i = 0; i < NTHREADS; i++)
		if (tcbs[i].state == T_FREE && &tcbs[i] != idle_tcb) {
			t = &tcbs[i];
			break;
		}
	if (!t)
		return NULL;
	u8 *ks = t->kstack;
	memset(t, 0, sizeof *t);
	t->kstack = ks;
	t->gid = gid;
	t->space = s;
	t->utcb = &t->dummy_utcb[64];
	t->utcb[TCR_MYGLOBALID] = gid;
	if (utcb_va && thread_set_utcb(t, utcb_va))
		return NULL;
	t->prio = 100;
	t->timeslice = t->ts_left = 10 * HZ / 1000;
	t->state = T_INACTIVE;
	memcpy(t->fpu, fpu_initial, sizeof t->fpu);
	s->nthreads++;
	struct frame *f = user_frame(t);
	memset(f, 0, sizeof *f);
	f->cs = SEL_UCODE;
	f->ds = f->es = f->fs = f->ss = SEL_UDATA;
	f->gs = SEL_UTCB;
	f->eflags = 0x202;
	thread_start_kernel(t, NULL);
	tcb_table[TID_NO(gid)] = t;
	t->list_next = thread_list;
	thread_list = t;
	return t;
}

/* Give t its UTCB at local ID utcb_va (block + 256) in its space: map a
 * kernel frame there if the page has none and move the TCRs over. */
int thread_set_utcb(struct tcb *t, u32 utcb_va)
{
	u32 page = (utcb_va - 256) & PAGE_MASK;
	u32 *pte = pte_lookup(t->space, page, 1);
	if (!pte)
		return -1;
	if (!(*pte & PTE_P)) {
		void *f = frame_alloc();
		if (!f || space_map_kernel_page(t->space, page, V2P(f), 1)) {
			if (f)
				frame_free(f);
			return -1;
		}
	}
	word_t *u = (word_t *)P2V((*pte & PAGE_MASK) | (utcb_va & (PAGE_SIZE - 1)));
	memcpy(u - 64, t->utcb - 64, 512);
	t->utcb = u;
	t->utcb_va = utcb_va;
	if (t == current)
		*utcb_pointer = utcb_va;
	return 0;
}

void thread_destroy(struct tcb *t)
{
	ipc_destroy_transfer(t);
	ipc_cancel(t, 1, 1);
	/* Senders waiting for t learn that it is gone. */
	while (t->sendq) {
		struct tcb *w = t->sendq;
		t->sendq = w->sendq_next;
		w->sendq_pprev = NULL;
		w->ipc_err = 2 << 1; /* non-existing partner, send phase */
		w->state = T_READY;
	}
	tcb_table[TID_NO(t->gid)] = NULL;
	for (struct tcb **pp = &thread_list; *pp; pp = &(*pp)->list_next)
		if (*pp == t) {
			*pp = t->list_next;
			break;
		}
	struct space *s = t->space;
	memset(t->utcb - 64, 0, 512);
	t->utcb = &t->dummy_utcb[64];
	t->state = T_FREE;
	t->gid = 0;
	if (--s->nthreads == 0)
		space_free(s);
}

int need_resched = -1;



u8 fpu_initial[512] __attribute__((aligned(16)));

/* Enable x87 and SSE for user threads (CR0.MP, CR4.OSFXSR/OSXMMEXCPT)
 * and record the state after FNINIT for new threads. The kernel itself
 * never touches these registers (-mgeneral-regs-only). */
void fpu_init(void)
{
	u32 cr0, cr4;
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	cr0 = (cr0 & ~0x4u) | 0x2u | 0x20u; /* EM off, MP on, NE on */
	__asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= 0x600; /* OSFXSR, OSXMMEXCPT */
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4));
	__asm__ volatile("fninit; fxsave %0" : "=m"(fpu_initial));
}

void switch_to(struct tcb *t)
{
	struct tcb *prev = current;
	if (t == prev)
		return;
	if (t->prio >= need_resched)
		need_resched = -1; /* (the idle thread has priority 0) */
	if (prev->space)
		__asm__ volatile("fxsave %0" : "=m"(prev->fpu));
	if (t->space)
		__asm__ volatile("fxrstor %0" : : "m"(t->fpu));
	current = t;
	tss_set_esp0((u32)t->kstack + KSTACK_SIZE);
	if (t->space) {
		space_switch(t->space);
		*utcb_pointer = t->utcb_va;
	}
	switch_stacks(&prev->kesp, t->kesp);
}

static int runnable(struct tcb *t)
{
	return t->state == T_READY;
}

void schedule(void)
{
	struct tcb *best = NULL;
	need_resched = -1;
	struct tcb *start = (current && current != idle_tcb && current->state != T_FREE) ? current->list_next : NULL;
	if (!start)
		start = thread_list;
	/* Scan the list once, starting after current and wrapping around. */
	struct tcb *t = start ? start : thread_list;
	for (int n = 0; n < NTHREADS + 1 && t; n++) {
		if (runnable(t) && (!best || t->prio > best->prio))
			best = t;
		t = t->list_next ? t->list_next : thread_list;
		if (t == start)
			break;
	}
	switch_to(best ? best : idle_tcb);
}

/* Called on every return to user mode: a halted thread stops here. */
void return_to_user_checks(void)
{
	while (current->halted) {
		current->state = T_HALTED;
		schedule();
	}
}

u64 ticks;

/* Print every thread's state: the kernel's view of a hung test. */
void dump_threads(void)
{
	static const char *const names[] = { "free", "inactive", "ready", "send", "recv", "locked", "halted", "idle" };
	printf("l4idl kernel: thread dump at tick %d (current %x):\n", (u32)ticks, current->gid);
	for (struct tcb *t = thread_list; t; t = t->list_next)
		printf("  %x %s partner %x wakeup %d prio %d%s%s ip %p faults %d syscalls %d\n", t->gid, names[t->state],
		       t->partner, (u32)t->wakeup, t->prio, t->halted ? " halted" : "", t->nested ? " in-fault-ipc" : "",
		       user_frame(t)->eip, t->nfaults, t->nsyscalls);
}

void sched_tick(void)
{
	static u32 idle_ticks;
	ticks++;
	if (current == idle_tcb) {
		if (++idle_ticks == IDLE_DUMP_TICKS) {
			puts("l4idl kernel: nothing to run for 3 s\n");
			dump_threads();
		}
	} else {
		idle_ticks = 0;
	}
	static u32 watchdog = WATCHDOG_TICKS;
	if (--watchdog == 0) {
		watchdog = WATCHDOG_TICKS;
		puts("l4idl kernel: still running\n");
		dump_threads();
	}
	int woke = ipc_timeouts();
	if (current == idle_tcb || current->state != T_READY)
		return; /* the idle loop or a blocking thread schedules anyway */
	if (--current->ts_left == 0) {
		current->ts_left = current->timeslice;
		schedule(); /* round robin */
	} else if (woke > current->prio) {
		schedule(); /* a higher-priority thread's timeout ended */
	}
}

static void idle_loop(void)
{
	for (;;) {
		schedule();
		__asm__ volatile("sti; hlt; cli");
	}
}

void idle_start(void)
{
	static struct tcb idle;
	idle.kstack = boot_alloc(KSTACK_SIZE);
	idle.state = T_IDLE;
	idle.gid = 0x1d1e1d1e;
	idle_tcb = &idle;
	current = &idle;
	tss_set_esp0((u32)idle.kstack + KSTACK_SIZE);
	__asm__ volatile("mov %0, %%esp; jmp *%1" : : "r"(idle.kstack + KSTACK_SIZE), "r"(idle_loop));
	__builtin_unreachable();
}
