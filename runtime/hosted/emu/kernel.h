/*
 * kernel.h - internal declarations of the hosted L4 X.2 emulator.
 *
 * Invariants (single OS thread, cooperative):
 *  - `hosted_current' is the only thread executing; every other live
 *    thread is either fresh (never ran: it will start at start_ip/start_sp)
 *    or stopped inside a system call on its own kernel stack, with its
 *    saved register frame at `frame' and its switch context at `ksp'.
 *  - A thread is in a send queue iff its state is TS_SENDING, and then it
 *    is in the queue of `partner'.  A thread is in the ready queue iff it is
 *    TS_READY, not halted, and not current.
 *  - hosted_utcb_word (what %gs:0 reads) is the current thread's P, and
 *    hosted_kstack_top is the top of the current thread's kernel stack.
 */
#ifndef L4IDL_HOSTED_KERNEL_H
#define L4IDL_HOSTED_KERNEL_H

#include "hosted.h"
#include "config.h"

typedef unsigned long word_t;
typedef unsigned long long u64;

#define WORD_BYTES ((int)sizeof(word_t))

/* ---- thread IDs (spec section 1) ------------------------------------ */

#define NILTHREAD       0UL
#define ANYTHREAD       (~0UL)
#define ANYLOCALTHREAD  (~0UL << 6)

static inline word_t tid_no(word_t id) { return id >> TID_VERSION_BITS; }
static inline word_t tid_version(word_t id)
{
	return id & ((1UL << TID_VERSION_BITS) - 1);
}
static inline word_t tid_make(word_t no, word_t version)
{
	return (no << TID_VERSION_BITS) | version;
}
static inline int tid_is_local(word_t id) { return (id & 63) == 0; }

/* ---- message tag and items (spec section 2, 3) ---------------------- */

#define TAG_U(t)        ((t) & 63)
#define TAG_T(t)        (((t) >> 6) & 63)
#define TAG_P           0x1000UL
#define TAG_R           0x2000UL
#define TAG_X           0x4000UL
#define TAG_E           0x8000UL
#define NUM_MRS         64
#define NUM_BRS         33

/* ---- IPC error codes (spec section 5.2) ----------------------------- */

#define ERR_TIMEOUT     1
#define ERR_NONEXIST    2
#define ERR_CANCELED    3
#define ERR_OVERFLOW    4
#define IPC_SND_ERR(e)          ((word_t)(e) << 1)
#define IPC_RCV_ERR(e)          (((word_t)(e) << 1) | 1)
#define IPC_OFFSET(off)         ((word_t)(off) << 4)

/* ---- UTCB word indices relative to P (spec sections 6.1, 6.2) ------- */

#define UTCB_THREADWORD0        (-4)
#define UTCB_THREADWORD1        (-5)
#define UTCB_VIRTUAL_SENDER     (-6)
#define UTCB_INTENDED_RECEIVER  (-7)
#define UTCB_XFER_TIMEOUTS      (-8)
#define UTCB_ERROR_CODE         (-9)
#define UTCB_FLAGS              (-10)
#define UTCB_EXCEPTION_HANDLER  (-11)
#define UTCB_PAGER              (-12)
#define UTCB_USER_HANDLE        (-13)
#define UTCB_PROCESSOR_NO       (-14)
#define UTCB_MY_GLOBAL_ID       (-15)
#define UTCB_BR(i)              (-16 - (i))

/* ---- system-call register frames (built by entry_<arch>.S) ---------- */

#if defined(__x86_64__)
struct hosted_frame {
	word_t r15, r14, r13, r12, r11, r10, r9, r8;
	word_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	word_t flags;
	word_t usp;     /* caller's stack pointer: points at the return address */
};
#else
struct hosted_frame {
	word_t edi, esi, ebp, esp_unused, ebx, edx, ecx, eax;    /* pushal */
	word_t flags;
	word_t usp;     /* caller's stack pointer: points at the return address */
};
#endif

/* Arithmetic flags and DF: what ExchangeRegisters may change. */
#define USER_FLAGS_MASK 0xCD5UL

/* ---- threads --------------------------------------------------------- */

enum tstate {
	TS_FREE = 0,    /* no thread with this number */
	TS_INACTIVE,    /* created by ThreadControl without a pager */
	TS_READY,       /* running or runnable (may be halted) */
	TS_SENDING,     /* blocked in the send phase ("polling") */
	TS_RECEIVING,   /* blocked in the receive phase ("waiting") */
};

struct tcb {
	word_t gid;             /* global ID; 0 when TS_FREE */
	word_t *utcb;           /* P (address of MR0); NULL if none yet */
	enum tstate state;
	int index;              /* thread number - USER_BASE */
	int halted;
	int fresh;              /* never ran; starts at start_ip/start_sp */
	int starting;           /* waiting for the start message (12.1) */
	int queued;             /* in the ready queue */
	word_t start_ip, start_sp;
	word_t ksp;             /* saved kernel stack pointer (switched out) */
	struct hosted_frame *frame;     /* frame of the current system call */

	/* IPC in progress */
	word_t ipc_to, ipc_from, ipc_timeouts;  /* raw arguments */
	word_t snd_id;          /* sender ID the receiver will see */
	word_t ret_from;        /* result: from (EAX / RSI) */
	struct tcb *partner;    /* TS_SENDING: the receiver */
	word_t wait_from;       /* TS_RECEIVING: global ID, anythread or
				   anylocalthread */
	struct tcb *sendq_head, *sendq_tail, *sendq_next;
	struct tcb *ready_next;
	int has_deadline;
	u64 deadline;

	/* TCRs kept here while the thread has no UTCB */
	word_t pager, user_handle;

	/* scheduling parameters (Schedule) */
	word_t scheduler, priority, time_control, preempt_control;

	word_t last_version;    /* for hosted_thread_create reuse */

	/* The thread's x87/SSE state (FXSAVE image) while it is switched
	   out: like a kernel, the emulator keeps every user register of a
	   thread across its system calls, and the stubs rely on it. */
	unsigned char fpu[512] __attribute__((aligned(16)));
};

extern struct tcb hosted_tcbs[MAX_THREADS];
extern struct tcb *hosted_current;

/* Read by the assembly entry code and the %gs segment. */
extern word_t hosted_utcb_word;
extern word_t hosted_kstack_top;
extern word_t hosted_jump_ip, hosted_jump_sp;

/* ---- assembly (crt_<arch>.S, kip.S) ---------------------------------- */

extern char hosted_kip[];
void hosted_switch(word_t *save_sp, word_t new_sp);
void hosted_fresh_entry(void);
void hosted_thread_return(void);
void hosted_sigreturn(void);
long hosted_syscall6(long nr, long a, long b, long c, long d, long e, long f);

/* ---- linux.c -------------------------------------------------------- */

long hosted_sys_write(int fd, const void *buf, word_t len);
long hosted_sys_read(int fd, void *buf, word_t len);
void *hosted_sys_mmap(word_t len);
void hosted_sys_exit(int status) __attribute__((noreturn));
void hosted_setup_gs(void);
void hosted_install_signals(void);

/* ---- thread.c ------------------------------------------------------- */

struct tcb *hosted_lookup(word_t id);
struct tcb *hosted_tcb_of_number(word_t threadno);
word_t *hosted_utcb_block(int block);
word_t hosted_kstack_of(struct tcb *t);
void hosted_memory_init(void);
int hosted_utcb_block_of(word_t location);
word_t hosted_local_id(struct tcb *t);
void hosted_thread_init(struct tcb *t, word_t gid, int block);
void hosted_thread_kill(struct tcb *t);
void hosted_thread_make_fresh(struct tcb *t, word_t ip, word_t sp);
void hosted_thread_activate(struct tcb *t, word_t pager);
word_t hosted_exregs(struct tcb *cur, word_t dest, word_t *control,
		     word_t *sp, word_t *ip, word_t *flags, word_t *handle,
		     word_t *pager);
word_t hosted_thread_control(struct tcb *cur, word_t dest, word_t space,
			     word_t scheduler, word_t pager, word_t utcb);
void hosted_thread_first_run(void);
void hosted_thread_exit(void) __attribute__((noreturn));

/* ---- sched.c -------------------------------------------------------- */

extern u64 hosted_now;
void hosted_make_ready(struct tcb *t);
void hosted_ready_remove(struct tcb *t);
void hosted_block(struct tcb *prefer);
void hosted_yield(struct tcb *to);
void hosted_set_timeout(struct tcb *t, word_t time);
void hosted_cancel_timeout(struct tcb *t);
void hosted_expire_timeouts(void);
struct tcb *hosted_enter(struct hosted_frame *f);

/* ---- ipc.c ---------------------------------------------------------- */

word_t hosted_ipc(struct tcb *cur, word_t to, word_t from, word_t timeouts);
void hosted_ipc_fail(struct tcb *t, word_t error_code);
void hosted_sendq_remove(struct tcb *receiver, struct tcb *sender);

/* ---- transfer.c ----------------------------------------------------- */

int hosted_transfer_typed(struct tcb *src, struct tcb *dst, word_t tag);

/* ---- diag.c --------------------------------------------------------- */

void hosted_fatal(int status, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));
void hosted_dump_threads(void);
const char *hosted_tid_str(word_t id, char *buf, size_t len);

#endif /* !L4IDL_HOSTED_KERNEL_H */
