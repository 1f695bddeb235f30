/*
 * traps.c - where every kernel entry goes: system calls, interrupts,
 * page faults (-> pager IPC, spec 12.2), other CPU exceptions (-> exception
 * IPC, spec 12.5), KernelInterface (#UD on `lock; nop') and `int 3'.
 * A fault in kernel mode is a kernel bug: PANIC.
 */
#include "kernel.h"

static const char *const exc_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "CSO", "#TS", "#NP", "#SS", "#GP",
	"#PF", "?15", "#MF", "#AC", "#MC", "#XM",
};

static void halt_current(const char *why, struct frame *f)
{
	printf("l4idl kernel: thread %x halted: %s; ", current->gid, why);
	dump_frame(f);
	puts("\n");
	current->halted = 1;
}

/* Let t's pager (or sigma0's on-demand identity map) resolve a fault at
 * va on t's behalf; the kernel touches user memory only through
 * user_read/user_write. Returns 0 if something was tried successfully. */
int user_fault(struct tcb *t, u32 va, int write)
{
	if (t->space->sigma0)
		return sigma0_map_on_demand(t->space, va);
	word_t pager = t->utcb[TCR_PAGER];
	if (pager == NILTHREAD)
		return -1;
	word_t in[2] = { va, user_frame(t)->eip };
	return kernel_call(t, pager, ((0xffe0u | (write ? 2 : 4)) << 16) | 2, in, 2, NULL, 0);
}

static void page_fault(struct frame *f)
{
	u32 addr = read_cr2();
	u32 rwx = (f->err & 2) ? 2 : 4;
	if (current->space->sigma0) {
		if (sigma0_map_on_demand(current->space, addr) == 0)
			return;
		printf("l4idl kernel: sigma0 fault at %p cannot be mapped 1:1\n", addr);
		halt_current("sigma0 page fault outside RAM", f);
		return;
	}
	word_t pager = current->utcb[TCR_PAGER];
	if (pager == NILTHREAD) {
		printf("l4idl kernel: page fault at %p, ", addr);
		halt_current("no pager", f);
		return;
	}
	word_t in[2] = { addr, f->eip };
	word_t tag = ((0xffe0u | rwx) << 16) | 2;
	int err = kernel_call(current, pager, tag, in, 2, NULL, 0);
	if (err == (3 << 1 | 0) || err == (3 << 1 | 1))
		return; /* canceled by ExchangeRegisters: the thread faults again */
	if (err) {
		printf("l4idl kernel: page fault IPC to %x failed (error %x) at %p, ", pager, err, addr);
		halt_current("pager unreachable", f);
	}
}

/* Exception IPC (spec 12.5, ia32 layout). Returns 0 if delivered. */
int exception_ipc(struct frame *f)
{
	word_t h = current->utcb[TCR_EXCHANDLER];
	if (h == NILTHREAD) {
		printf("l4idl kernel: exception %d (%s) error %x, ", f->vec, f->vec < 32 && exc_names[f->vec] ? exc_names[f->vec] : "?", f->err);
		halt_current("no exception handler", f);
		return -1;
	}
	word_t in[12] = { f->eip, f->eflags, f->vec, f->err, f->edi, f->esi, f->ebp, f->esp,
			  f->ebx, f->edx, f->ecx, f->eax };
	word_t out[12];
	int err = kernel_call(current, h, (0xffb0u << 16) | 12, in, 12, out, 12);
	if (err) {
		halt_current("exception handler unreachable", f);
		return -1;
	}
	f->eip = out[0];
	f->eflags = (f->eflags & ~0xcd5u) | (out[1] & 0xcd5u); /* user-modifiable flags only */
	f->edi = out[4]; f->esi = out[5]; f->ebp = out[6]; f->esp = out[7];
	f->ebx = out[8]; f->edx = out[9]; f->ecx = out[10]; f->eax = out[11];
	return 0;
}

static void kernel_interface(struct frame *f)
{
	f->eax = current->space->kip_area;
	f->ecx = ((u32 *)kip_page)[1];
	f->edx = ((u32 *)kip_page)[2];
	f->esi = ((u32 *)kip_page)[0x130 / 4];
	f->eip += 2;
}

void trap(struct frame *f)
{
	u32 v = f->vec;
	int user = (f->cs & 3) == 3;
	if (v - VEC_SYSCALL_BASE < NSYSCALLS && user) { /* the common case first */
		current->nsyscalls++;
		if (v <= VEC_SYSCALL_BASE + SYS_LIPC)
			sys_ipc(f);
		else
			syscall(f);
		if (need_resched > (int)current->prio && current->state == T_READY)
			schedule(); /* e.g. ExchangeRegisters resumed a higher-priority thread */
		if (current->halted)
			return_to_user_checks();
		return;
	}
	if (v >= VEC_IRQ_BASE && v < VEC_IRQ_BASE + 16) {
		int irq = v - VEC_IRQ_BASE;
		if (irq == 0) {
			pic_eoi(0);
			if (irq_handler[0])
				irq_deliver(0);
			sched_tick();
		} else {
			pic_mask(irq, 1); /* until the handler acknowledges */
			pic_eoi(irq);
			irq_deliver(irq);
		}
	} else if (!user) {
		panic("kernel trap %d (%s) err %x eip %p cr2 %p thread %x", v,
		      v < 32 && exc_names[v] ? exc_names[v] : "?", f->err, f->eip, read_cr2(),
		      current ? current->gid : 0);
	} else if (v >= VEC_SYSCALL_BASE && v < VEC_SYSCALL_BASE + NSYSCALLS) {
		current->nsyscalls++;
		syscall(f);
	} else if (v == 14) {
		current->nfaults++;
		page_fault(f);
	} else if (v == 3) {
		kdebug(f);
	} else if (v == 6) {
		u8 b[2];
		if (user_read(current->space, f->eip, b, 2) == 2 && b[0] == 0xf0 && b[1] == 0x90)
			kernel_interface(f);
		else
			exception_ipc(f);
	} else if (v == 13 && f->gs != SEL_UTCB && f->err == 0) {
		f->gs = SEL_UTCB; /* user code clobbered %gs: repair and retry */
	} else {
		exception_ipc(f);
	}
	if (user)
		return_to_user_checks();
}
