/*
 * thread.c - threads: IDs and UTCBs, creation and deletion,
 * ExchangeRegisters (spec 10.2), ThreadControl (10.3), the start protocol
 * (12.1) and hosted_thread_create.
 *
 * The program is one address space: the root task's.  Its UTCB area is a
 * static array of UTCB_BLOCKS blocks aligned to the area size; the root
 * thread owns block 0, so, as in Pistachio, other threads' UtcbLocation is
 * L4_MyLocalId() - UTCB_P_OFFSET + k * L4_UtcbSize(kip).  Every thread has
 * a kernel stack of its own (kernel.h).
 */
#include "kernel.h"

struct tcb hosted_tcbs[MAX_THREADS];

#define UTCB_AREA_SIZE  ((word_t)UTCB_BLOCKS * UTCB_SIZE)

/*
 * The UTCB area (aligned to its size, like an fpage) and all stacks are
 * mapped at start-up rather than being static arrays: that keeps the
 * executable's writable segment small and file-backed, which valgrind
 * needs in order to read the program's symbols.
 */
static char *utcb_area;
static char *kstacks;           /* MAX_THREADS * KSTACK_SIZE */
static char *ustacks;           /* MAX_THREADS * USTACK_SIZE */
static struct tcb *utcb_owner[UTCB_BLOCKS];

void hosted_memory_init(void)
{
	char *a = hosted_sys_mmap(2 * UTCB_AREA_SIZE);

	utcb_area = (char *)(((word_t)a + UTCB_AREA_SIZE - 1) &
			     ~(UTCB_AREA_SIZE - 1));
	kstacks = hosted_sys_mmap((word_t)MAX_THREADS * KSTACK_SIZE);
	ustacks = hosted_sys_mmap((word_t)MAX_THREADS * USTACK_SIZE);
}

word_t hosted_kstack_of(struct tcb *t)
{
	return (word_t)(kstacks + (word_t)(t->index + 1) * KSTACK_SIZE);
}

word_t *hosted_utcb_block(int block)
{
	return (word_t *)(utcb_area + (word_t)block * UTCB_SIZE + UTCB_P_OFFSET);
}

/* Block index of a UtcbLocation, or -1 if it is not a block start. */
int hosted_utcb_block_of(word_t location)
{
	word_t base = (word_t)utcb_area;

	if (location < base || location >= base + UTCB_AREA_SIZE ||
	    (location - base) % UTCB_SIZE != 0)
		return -1;
	return (int)((location - base) / UTCB_SIZE);
}

struct tcb *hosted_tcb_of_number(word_t threadno)
{
	if (threadno < USER_BASE || threadno >= USER_BASE + MAX_THREADS)
		return 0;
	return &hosted_tcbs[threadno - USER_BASE];
}

/* The thread a global or local ID names, or NULL (also for nil/any). */
struct tcb *hosted_lookup(word_t id)
{
	if (id == NILTHREAD || id == ANYTHREAD || id == ANYLOCALTHREAD)
		return 0;
	if (tid_is_local(id)) {
		int b = hosted_utcb_block_of(id - UTCB_P_OFFSET);
		return b >= 0 ? utcb_owner[b] : 0;
	}
	struct tcb *t = hosted_tcb_of_number(tid_no(id));
	if (!t || t->state == TS_FREE || t->gid != id)
		return 0;
	return t;
}

word_t hosted_local_id(struct tcb *t)
{
	return t->utcb ? (word_t)t->utcb : t->gid;
}

static void set_utcb(struct tcb *t, int block)
{
	word_t *p = hosted_utcb_block(block);

	memset(p - UTCB_P_OFFSET / sizeof(word_t), 0, UTCB_SIZE);
	p[UTCB_MY_GLOBAL_ID] = t->gid;
	p[UTCB_PAGER] = t->pager;
	p[UTCB_USER_HANDLE] = t->user_handle;
	utcb_owner[block] = t;
	t->utcb = p;
}

static void drop_utcb(struct tcb *t)
{
	if (t->utcb) {
		int b = hosted_utcb_block_of((word_t)t->utcb - UTCB_P_OFFSET);
		utcb_owner[b] = 0;
		t->utcb = 0;
	}
}

/* Make a free TCB a thread; block < 0: no UTCB yet. */
void hosted_thread_init(struct tcb *t, word_t gid, int block)
{
	word_t last = t->last_version;

	memset(t, 0, sizeof *t);
	t->index = (int)(t - hosted_tcbs);
	t->gid = gid;
	t->last_version = last > tid_version(gid) ? last : tid_version(gid);
	t->state = TS_INACTIVE;
	t->priority = 100;
	t->time_control = 0x12710000UL;         /* 10 ms timeslice, never */
	if (block >= 0)
		set_utcb(t, block);
}

/* Next run of t starts user code at ip with stack pointer sp. */
void hosted_thread_make_fresh(struct tcb *t, word_t ip, word_t sp)
{
	word_t *k = (word_t *)hosted_kstack_of(t);

	*--k = (word_t)hosted_fresh_entry;      /* hosted_switch returns here */
#if defined(__x86_64__)
	for (int i = 0; i < 6; i++)             /* rbp rbx r12..r15 */
		*--k = 0;
#else
	for (int i = 0; i < 4; i++)             /* ebp ebx esi edi */
		*--k = 0;
#endif
	t->ksp = (word_t)k;
	t->fresh = 1;
	t->frame = 0;
	t->start_ip = ip;
	t->start_sp = sp;
}

/* Called on the thread's kernel stack by hosted_fresh_entry. */
void hosted_thread_first_run(void)
{
	struct tcb *t = hosted_current;

	if (t->start_ip == 0)
		hosted_fatal(HOSTED_EXIT_UNSUPPORTED,
			     "thread %#lx was started without an instruction "
			     "pointer (start message without u = 2, or "
			     "ExchangeRegisters without IP)", t->gid);
	t->fresh = 0;
	hosted_jump_ip = t->start_ip;
	hosted_jump_sp = t->start_sp;
	/* A new thread starts with the default x87 and SSE state, not with
	   that of the thread that ran before it. */
	unsigned mxcsr = 0x1f80;
	__asm__ __volatile__ ("fninit\n\tldmxcsr %0" : : "m" (mxcsr));
}

/* Activated thread: wait for the start message from its pager (12.1). */
void hosted_thread_activate(struct tcb *t, word_t pager)
{
	t->utcb[UTCB_PAGER] = pager;
	t->utcb[UTCB_BR(0)] = 0;                /* untyped words only */
	hosted_thread_make_fresh(t, 0, 0);
	t->starting = 1;
	t->ipc_to = NILTHREAD;
	t->ipc_from = pager;
	t->ipc_timeouts = 0;                    /* never */
	struct tcb *p = hosted_lookup(pager);
	t->wait_from = p ? p->gid : pager;
	t->state = TS_RECEIVING;
}

/* Delete a thread (not the running one, unless it is exiting). */
void hosted_thread_kill(struct tcb *t)
{
	struct tcb *s;

	hosted_ready_remove(t);
	hosted_cancel_timeout(t);
	if (t->state == TS_SENDING)
		hosted_sendq_remove(t->partner, t);
	while ((s = t->sendq_head) != 0) {
		hosted_sendq_remove(t, s);
		hosted_ipc_fail(s, IPC_SND_ERR(ERR_NONEXIST));
		hosted_make_ready(s);
	}
	for (int i = 0; i < MAX_THREADS; i++) {
		struct tcb *u = &hosted_tcbs[i];
		if (u->state == TS_RECEIVING && u->wait_from == t->gid) {
			hosted_ipc_fail(u, IPC_RCV_ERR(ERR_NONEXIST));
			hosted_make_ready(u);
		}
	}
	drop_utcb(t);
	t->state = TS_FREE;
	t->gid = 0;
}

/* ---- hosted_thread_create --------------------------------------------- */

L4_ThreadId_t hosted_thread_create(void (*entry)(void))
{
	L4_ThreadId_t id;
	int i, b;

	for (i = ROOT_INDEX + 1; i < MAX_THREADS; i++)
		if (hosted_tcbs[i].state == TS_FREE)
			break;
	for (b = 0; b < UTCB_BLOCKS; b++)
		if (!utcb_owner[b])
			break;
	if (i == MAX_THREADS || b == UTCB_BLOCKS)
		hosted_fail("hosted_thread_create: no free thread or UTCB");

	struct tcb *t = &hosted_tcbs[i];
	word_t v = t->last_version + 1;
	if ((v & 63) == 0)                      /* keep it a global ID */
		v++;
	hosted_thread_init(t, tid_make(USER_BASE + (word_t)i, v), b);
	t->pager = NILTHREAD;
	t->scheduler = hosted_current->gid;

	word_t *sp = (word_t *)(ustacks + (word_t)(i + 1) * USTACK_SIZE);
	*--sp = (word_t)hosted_thread_return;   /* entry's return address */
	hosted_thread_make_fresh(t, (word_t)entry, (word_t)sp);
	hosted_make_ready(t);
	id.raw = t->gid;
	return id;
}

/* The entry function of a hosted_thread_create thread returned. */
void hosted_thread_exit(void)
{
	hosted_thread_kill(hosted_current);
	hosted_block(0);
	hosted_fatal(HOSTED_EXIT_UNSUPPORTED, "deleted thread ran again");
}

/* ---- ExchangeRegisters (10.2) ----------------------------------------- */

#define EXR_HALT        0x001
#define EXR_ABORT_RECV  0x002
#define EXR_ABORT_SEND  0x004
#define EXR_SP          0x008
#define EXR_IP          0x010
#define EXR_FLAGS       0x020
#define EXR_HANDLE      0x040
#define EXR_PAGER       0x080
#define EXR_HALTFLAG    0x100

static void set_error(struct tcb *cur, word_t err)
{
	cur->utcb[UTCB_ERROR_CODE] = err;
}

word_t hosted_exregs(struct tcb *cur, word_t dest, word_t *control,
		     word_t *sp, word_t *ip, word_t *flags, word_t *handle,
		     word_t *pager)
{
	struct tcb *t = hosted_lookup(dest);
	word_t ctl = *control;

	if (!t) {
		set_error(cur, L4_ErrInvalidThread);
		return NILTHREAD;
	}

	/* old values (Pistachio always delivers them) */
	word_t old_ctl = (t->halted ? 1 : 0) |
			 (t->state == TS_RECEIVING ? 2 : 0) |
			 (t->state == TS_SENDING ? 4 : 0);
	word_t old_sp, old_ip, old_flags;
	if (t->fresh || !t->frame) {
		old_sp = t->start_sp;
		old_ip = t->start_ip;
		old_flags = 0x202;
	} else {
		old_sp = t->frame->usp + WORD_BYTES;    /* as after the ret */
		old_ip = *(word_t *)t->frame->usp;
		old_flags = t->frame->flags;
	}
	word_t old_handle = t->utcb ? t->utcb[UTCB_USER_HANDLE] : t->user_handle;
	word_t old_pager = t->utcb ? t->utcb[UTCB_PAGER] : t->pager;

	if ((ctl & EXR_ABORT_RECV) && t->state == TS_RECEIVING) {
		hosted_ipc_fail(t, IPC_RCV_ERR(ERR_CANCELED));
		t->starting = 0;
		hosted_make_ready(t);
	}
	if ((ctl & EXR_ABORT_SEND) && t->state == TS_SENDING) {
		hosted_sendq_remove(t->partner, t);
		hosted_ipc_fail(t, IPC_SND_ERR(ERR_CANCELED));
		hosted_make_ready(t);
	}
	if (ctl & (EXR_SP | EXR_IP | EXR_FLAGS)) {
		word_t nsp = (ctl & EXR_SP) ? *sp : old_sp;
		word_t nip = (ctl & EXR_IP) ? *ip : old_ip;
		if (t->fresh || !t->frame) {
			t->start_sp = nsp;
			t->start_ip = nip;
		} else {
			/* redirect the return of the pending system call:
			   `ret' pops nip from just below nsp */
			if (ctl & (EXR_SP | EXR_IP)) {
				word_t *usp = (word_t *)nsp - 1;
				*usp = nip;
				t->frame->usp = (word_t)usp;
			}
			if (ctl & EXR_FLAGS)
				t->frame->flags = (t->frame->flags & ~USER_FLAGS_MASK) |
						  (*flags & USER_FLAGS_MASK);
		}
	}
	if (ctl & EXR_HANDLE) {
		if (t->utcb)
			t->utcb[UTCB_USER_HANDLE] = *handle;
		t->user_handle = *handle;
	}
	if (ctl & EXR_PAGER) {
		if (t->utcb)
			t->utcb[UTCB_PAGER] = *pager;
		t->pager = *pager;
	}
	if (ctl & EXR_HALTFLAG) {
		if (ctl & EXR_HALT) {
			t->halted = 1;
			hosted_ready_remove(t);
		} else if (t->halted) {
			t->halted = 0;
			if (t->state == TS_READY)
				hosted_make_ready(t);
		}
	}

	*control = old_ctl;
	*sp = old_sp;
	*ip = old_ip;
	*flags = old_flags;
	*handle = old_handle;
	*pager = old_pager;
	set_error(cur, L4_ErrOk);
	return tid_is_local(dest) ? t->gid : hosted_local_id(t);
}

/* ---- ThreadControl (10.3) ---------------------------------------------- */

static int utcb_location_ok(word_t loc, struct tcb *t)
{
	int b = hosted_utcb_block_of(loc);
	return b >= 0 && (!utcb_owner[b] || utcb_owner[b] == t);
}

word_t hosted_thread_control(struct tcb *cur, word_t dest, word_t space,
			     word_t scheduler, word_t pager, word_t utcb)
{
	/* every thread is in the root task's space, which is privileged */
	if (dest == NILTHREAD || dest == ANYTHREAD || tid_is_local(dest)) {
		set_error(cur, L4_ErrInvalidThread);
		return 0;
	}
	word_t no = tid_no(dest);
	struct tcb *t = hosted_tcb_of_number(no);
	if (!t) {
		/* interrupt threads (no interrupts here), kernel threads,
		   and numbers beyond the emulator's thread table */
		set_error(cur, no >= USER_BASE ? L4_ErrNoMem : L4_ErrInvalidThread);
		return 0;
	}

	if (space == NILTHREAD) {                       /* delete */
		if (t->state == TS_FREE || t->gid != dest || t == cur) {
			set_error(cur, L4_ErrInvalidThread);
			return 0;
		}
		hosted_thread_kill(t);
		return 1;
	}

	struct tcb *sp = hosted_lookup(space);
	if (t->state == TS_FREE) {                      /* create */
		if (scheduler == NILTHREAD) {
			set_error(cur, L4_ErrInvalidThread);    /* as Pistachio */
			return 0;
		}
		if (space == dest || !sp) {
			/* a new address space cannot be emulated */
			set_error(cur, L4_ErrInvalidSpace);
			return 0;
		}
		if (utcb != ~0UL ? !utcb_location_ok(utcb, 0)
				 : pager != NILTHREAD) {
			set_error(cur, L4_ErrUtcbArea);
			return 0;
		}
		hosted_thread_init(t, dest,
				   utcb != ~0UL ? hosted_utcb_block_of(utcb) : -1);
		t->scheduler = scheduler;
		if (pager != NILTHREAD)
			hosted_thread_activate(t, pager);
		return 1;
	}

	/* modify an existing thread */
	if (!sp) {
		set_error(cur, L4_ErrInvalidSpace);
		return 0;
	}
	if (utcb != ~0UL && (t->utcb == 0 ||
			     utcb != (word_t)t->utcb - UTCB_P_OFFSET)) {
		if (t->state != TS_INACTIVE || !utcb_location_ok(utcb, t)) {
			set_error(cur, L4_ErrUtcbArea);
			return 0;
		}
		word_t handle = t->utcb ? t->utcb[UTCB_USER_HANDLE] : t->user_handle;
		word_t pg = t->utcb ? t->utcb[UTCB_PAGER] : t->pager;
		drop_utcb(t);
		t->user_handle = handle;
		t->pager = pg;
		set_utcb(t, hosted_utcb_block_of(utcb));
	}
	if (dest != t->gid) {                           /* new version */
		t->gid = dest;
		if (t->utcb)
			t->utcb[UTCB_MY_GLOBAL_ID] = dest;
		if (tid_version(dest) > t->last_version)
			t->last_version = tid_version(dest);
	}
	if (scheduler != NILTHREAD)
		t->scheduler = scheduler;
	if (pager != NILTHREAD) {
		if (t->state == TS_INACTIVE) {
			if (!t->utcb) {
				set_error(cur, L4_ErrUtcbArea);
				return 0;
			}
			hosted_thread_activate(t, pager);
		} else {
			t->utcb[UTCB_PAGER] = pager;
		}
	}
	return 1;
}
