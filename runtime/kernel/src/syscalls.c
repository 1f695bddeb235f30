/*
 * syscalls.c - system-call dispatch and every call except Ipc (ipc.c):
 * ExchangeRegisters, ThreadControl, SpaceControl, Schedule, ThreadSwitch,
 * Unmap, SystemClock, ProcessorControl, MemoryControl (spec 9.2, 10).
 * Register contracts are those of spec 9.2; results that fail return 0 and
 * set the ErrorCode TCR (spec 5.3).
 */
#include "kernel.h"

enum { E_OK, E_NOPRIV, E_THREAD, E_SPACE, E_SCHED, E_PARAM, E_UTCB, E_KIP, E_NOMEM };

void set_error(struct tcb *t, word_t e)
{
	t->utcb[TCR_ERRORCODE] = e;
}

static int privileged(void)
{
	return current->space->privileged;
}

/* Threads created by ThreadControl with a pager start here (spec 12.1):
 * wait for the start message from the pager; exactly u = 2, t = 0 sets
 * IP and SP. An aborted wait (ExchangeRegisters) just starts the thread. */
static void thread_start_wait(void)
{
	struct tcb *t = current;
	word_t from, tag;
	word_t pager = t->utcb[TCR_PAGER];
	if (!t->start_pending)
		return; /* ExchangeRegisters aborted the wait before it began */
	int e = ipc(t, NILTHREAD, pager, 0, &from, &tag);
	t->start_pending = 0;
	if (!e && (tag & 0xfff) == 2)
		thread_set_user_entry(t, t->utcb[1], t->utcb[2]);
}

static void sys_exregs(struct frame *f)
{
	word_t dest = f->eax, ctl = f->ecx;
	struct tcb *t = thread_lookup(current, dest);
	if (!t || (t->space != current->space && !privileged()) || (!IS_LOCAL(dest) && t->gid != dest)) {
		set_error(current, E_THREAD);
		f->eax = NILTHREAD;
		return;
	}
	struct frame *uf = user_frame(t);
	word_t old_ctl = (t->halted ? 1 : 0) | (t->state == T_RECV || t->start_pending ? 2 : 0) | (t->state == T_SEND ? 4 : 0);
	word_t osp = uf->esp, oip = uf->eip, ofl = uf->eflags;
	word_t ohandle = t->utcb[TCR_USERHANDLE], opager = t->utcb[TCR_PAGER];
	word_t sp = f->edx, ip = f->esi, fl = f->edi, handle = f->ebx, pager = f->ebp;
	if (ctl & (1 << 2))
		ipc_cancel(t, 1, 0);
	if (ctl & (1 << 1)) {
		ipc_cancel(t, 0, 1);
		t->start_pending = 0;
	}
	if (ctl & (1 << 3))
		uf->esp = sp;
	if (ctl & (1 << 4))
		uf->eip = ip;
	if (ctl & (1 << 5))
		uf->eflags = (uf->eflags & ~0xcd5u) | (fl & 0xcd5u);
	if (ctl & (1 << 6))
		t->utcb[TCR_USERHANDLE] = handle;
	if (ctl & (1 << 7))
		t->utcb[TCR_PAGER] = pager;
	if (ctl & (1 << 8)) {
		if (ctl & 1) {
			t->halted = 1;
		} else {
			t->halted = 0;
			if (t->state == T_HALTED)
				make_ready(t);
		}
	}
	f->eax = (IS_LOCAL(dest) || t->space != current->space) ? t->gid : t->utcb_va;
	f->ecx = old_ctl;
	f->edx = osp;
	f->esi = oip;
	f->edi = ofl;
	f->ebx = ohandle;
	f->ebp = opager;
}

static int utcb_ok(struct space *s, u32 loc)
{
	return s->utcb_size && (loc & 511) == 0 && loc >= s->utcb_area && loc - s->utcb_area + 512 <= s->utcb_size;
}

static word_t activate(struct tcb *t, word_t pager)
{
	if (!t->space->utcb_size)
		return E_SPACE;
	if (!t->utcb_va && t->pending_utcb) {
		/* the location given when the space was not yet initialised */
		if (!utcb_ok(t->space, t->pending_utcb))
			return E_UTCB;
		for (struct tcb *o = thread_list; o; o = o->list_next)
			if (o != t && o->space == t->space && o->utcb_va == t->pending_utcb + 256)
				return E_UTCB;
		if (thread_set_utcb(t, t->pending_utcb + 256))
			return E_NOMEM;
	}
	if (!t->utcb_va)
		return E_UTCB;
	t->utcb[TCR_PAGER] = pager;
	t->active = 1;
	t->start_pending = 1;
	thread_start_kernel(t, thread_start_wait);
	make_ready(t);
	return E_OK;
}

static word_t thread_control(word_t dest, word_t spec, word_t sched, word_t pager, word_t loc)
{
	if (!privileged())
		return E_NOPRIV;
	if (dest == NILTHREAD || IS_LOCAL(dest) || dest == ANYTHREAD)
		return E_THREAD;
	u32 no = TID_NO(dest);
	if (no < NIRQ) { /* interrupt thread: (de)associate (spec 10.3) */
		if (TID_VER(dest) != 1)
			return E_THREAD;
		if (pager == dest) {
			irq_associate(no, NILTHREAD);
			return E_OK;
		}
		struct tcb *h = thread_lookup(current, pager);
		if (!h)
			return E_THREAD;
		irq_associate(no, h->gid);
		return E_OK;
	}
	if (no < USER_BASE || no >= MAXTHREADNO)
		return E_THREAD;
	struct tcb *t = tcb_by_no(no);
	if (spec == NILTHREAD) { /* delete */
		if (!t || t->gid != dest || t == current)
			return E_THREAD;
		thread_destroy(t);
		return E_OK;
	}
	if (!t) { /* create */
		if (sched == NILTHREAD)
			return E_THREAD; /* Pistachio's code for a nil scheduler */
		struct space *s;
		if (spec == dest) {
			s = space_new();
			if (!s)
				return E_NOMEM;
		} else {
			struct tcb *st = thread_lookup(current, spec);
			if (!st)
				return E_SPACE;
			s = st->space;
		}
		if (pager != NILTHREAD && !s->utcb_size) {
			if (spec == dest)
				space_free(s);
			return E_SPACE;
		}
		u32 va = 0;
		if (loc != ~0u) {
			if (s->utcb_size && !utcb_ok(s, loc)) {
				if (spec == dest)
					space_free(s);
				return E_UTCB;
			}
			if (s->utcb_size)
				va = loc + 256;
		}
		if (va) {
			for (struct tcb *o = thread_list; o; o = o->list_next)
				if (o->space == s && o->utcb_va == va)
					return E_UTCB;
		}
		t = thread_create(dest, s, va);
		if (!t) {
			if (spec == dest)
				space_free(s);
			return E_NOMEM;
		}
		t->scheduler = sched;
		if (!va && loc != ~0u)
			t->pending_utcb = loc; /* checked when the thread is activated */
		if (pager != NILTHREAD) {
			word_t e = activate(t, pager);
			if (e) {
				thread_destroy(t);
				return e;
			}
		}
		return E_OK;
	}
	/* modify */
	if (TID_VER(t->gid) != TID_VER(dest)) {
		t->gid = dest; /* rename: new version */
		t->utcb[TCR_MYGLOBALID] = dest;
	}
	struct tcb *st = thread_lookup(current, spec);
	if (!st)
		return E_SPACE;
	if (st->space != t->space)
		return E_SPACE; /* migration between spaces is not supported */
	if (loc != ~0u && !t->space->utcb_size && !t->active) {
		t->pending_utcb = loc; /* the space is not initialised yet */
	} else if (loc != ~0u) {
		if (t->active || !utcb_ok(t->space, loc))
			return E_UTCB;
		for (struct tcb *o = thread_list; o; o = o->list_next)
			if (o != t && o->space == t->space && o->utcb_va == loc + 256)
				return E_UTCB;
		if (thread_set_utcb(t, loc + 256))
			return E_NOMEM;
	}
	if (sched != NILTHREAD)
		t->scheduler = sched;
	if (pager != NILTHREAD) {
		if (!t->active)
			return activate(t, pager);
		t->utcb[TCR_PAGER] = pager;
	}
	return E_OK;
}

static void sys_threadctl(struct frame *f)
{
	word_t e = thread_control(f->eax, f->esi, f->edx, f->ecx, f->edi);
	if (e)
		set_error(current, e);
	f->eax = e ? 0 : 1;
}

static void sys_spacectl(struct frame *f)
{
	word_t e = E_OK;
	struct tcb *t = thread_lookup(current, f->eax);
	if (!privileged())
		e = E_NOPRIV;
	else if (!t)
		e = E_SPACE;
	else if (!t->space->utcb_size)
		e = space_init_areas(t->space, f->edx, f->esi);
	if (e)
		set_error(current, e);
	f->eax = e ? 0 : 1;
	f->ecx = 0;
}

/* Encode microseconds as an L4 time period (spec 4.1). */
static u32 time_period(u64 us)
{
	u32 e = 0;
	while (us >= 1024) {
		us >>= 1;
		e++;
	}
	return us == 0 ? 0x0400 : (e << 10) | (u32)us;
}

static void sys_schedule(struct frame *f)
{
	struct tcb *t = thread_lookup(current, f->eax);
	word_t e = E_OK;
	if (!t)
		e = E_THREAD;
	else if (!privileged() && !(t->scheduler == current->gid && t->space == current->space))
		e = E_NOPRIV;
	else if (f->ecx != ~0u && !privileged() && (f->ecx & 0xff) > current->prio)
		e = E_PARAM;
	if (e) {
		set_error(current, e);
		f->eax = 0;
		return;
	}
	if (f->ecx != ~0u) {
		t->prio = f->ecx & 0xff;
		need_resched = 256; /* priorities changed: pick again on the way out */
	}
	if (f->edx != ~0u) {
		u32 ts = f->edx >> 16;
		int never, zero;
		(void)timeout_ticks(ts, &never, &zero);
		if (!never && !zero && !(ts & 0x8000)) {
			u64 us = (u64)(ts & 0x3ff) << ((ts >> 10) & 0x1f);
			u32 tk = (u32)((us + 1000000 / HZ - 1) / (1000000 / HZ));
			t->timeslice = t->ts_left = tk ? tk : 1;
		}
	}
	word_t r;
	switch (t->state) {
	case T_INACTIVE: r = 2; break;
	case T_SEND: r = 4; break;
	case T_RECV: r = 6; break;
	case T_LOCKED: r = 7; break;
	default: r = 3;
	}
	f->eax = r;
	f->edx = time_period((u64)t->ts_left * (1000000 / HZ)) << 16;
}

static void sys_switch(struct frame *f)
{
	struct tcb *t = f->eax ? thread_lookup(current, f->eax) : NULL;
	if (t && t->state == T_READY && t != current) {
		switch_to(t);
		return;
	}
	current->ts_left = current->timeslice;
	schedule();
}

static void sys_unmap(struct frame *f)
{
	u32 k = f->eax & 0x3f;
	int self = (f->eax >> 6) & 1;
	struct space *s = current->space;
	for (u32 i = 0; i <= k; i++) {
		word_t fp = current->utcb[i];
		u32 sz = (fp >> 4) & 0x3f;
		if (sz == 2 || sz == 0) /* I/O fpage or nil: nothing to do */
			continue;
		u64 size = sz == 1 ? (1ull << 32) : (1ull << sz);
		if (sz < 12)
			continue;
		u32 base = sz == 1 ? 0 : fp & ~(u32)(size - 1);
		u32 status = 0;
		for (u64 o = 0; o < size; o += PAGE_SIZE) {
			u32 va = base + (u32)o;
			if (va >= USER_TOP)
				break;
			if (!s->node[va >> 22]) {
				o += 0x400000 - (va & 0x3fffff) - PAGE_SIZE;
				continue;
			}
			status |= mapdb_unmap(s, va, fp & 7, self);
		}
		current->utcb[i] = (fp & ~7u) | status;
	}
}

static void sys_memctl(struct frame *f)
{
	word_t e = E_OK;
	word_t attr[4] = { f->ecx, f->edx, f->ebx, f->ebp };
	if (!privileged()) {
		e = E_NOPRIV;
	} else if (f->eax >= 64) {
		e = E_PARAM;
	} else {
		for (u32 i = 0; i <= (f->eax & 0x3f); i++) {
			word_t fp = current->utcb[i];
			if (fp == 0)
				continue;
			/* Only the default attribute (0) is supported: this
			 * kernel maps everything write-back and does not
			 * program the PAT. */
			if (attr[fp & 3] != 0)
				e = E_PARAM;
		}
	}
	if (e)
		set_error(current, e);
	f->eax = e ? 0 : 1;
}

void syscall(struct frame *f)
{
	switch (f->vec - VEC_SYSCALL_BASE) {
	case SYS_IPC:
	case SYS_LIPC:
		sys_ipc(f);
		break;
	case SYS_EXREGS:
		sys_exregs(f);
		break;
	case SYS_THREADCTL:
		sys_threadctl(f);
		break;
	case SYS_CLOCK: {
		u64 us = clock_us();
		f->eax = (u32)us;
		f->edx = (u32)(us >> 32);
		break;
	}
	case SYS_SWITCH:
		sys_switch(f);
		break;
	case SYS_SCHEDULE:
		sys_schedule(f);
		break;
	case SYS_UNMAP:
		sys_unmap(f);
		break;
	case SYS_SPACECTL:
		sys_spacectl(f);
		break;
	case SYS_PROCCTL:
		if (!privileged())
			set_error(current, E_NOPRIV);
		f->eax = privileged() ? 1 : 0;
		break;
	case SYS_MEMCTL:
		sys_memctl(f);
		break;
	}
}
