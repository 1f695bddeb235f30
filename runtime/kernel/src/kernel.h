/*
 * kernel.h - types, constants and cross-file declarations of l4idl's
 * ia32 L4 X.2 kernel. One concern per .c file; see README.md.
 *
 * Memory map (virtual):
 *   0x00000000..0xBFFFFFFF  user area (per address space page tables)
 *     UTCB area and KIP area are chosen per space by SpaceControl
 *     (root servers: 0xBF000000 / 0xBFF00000).
 *   0xC0000000..            physical memory, direct-mapped with 4 MiB
 *                           supervisor pages (phys p at KERNEL_BASE + p);
 *                           kernel image at KERNEL_BASE + 1 MiB.
 *   0xFF000000              the "UTCB pointer" page: user-readable, holds
 *                           the current thread's local ID; %gs (0x2b) has
 *                           its base here and a 4-byte limit.
 * The page-directory entries above 0xC0000000 are the same in every space.
 *
 * Concurrency: uniprocessor; the kernel runs with interrupts disabled
 * (all gates are interrupt gates) except in the idle loop. A thread that
 * blocks in the kernel keeps its kernel stack; schedule() switches stacks.
 */
#ifndef KERNEL_H
#define KERNEL_H

typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;
typedef unsigned long long u64;
typedef int i32;
typedef u32 word_t;
typedef u32 size_t;

#define NULL ((void *)0)
#define KERNEL_BASE 0xC0000000u
#define USER_TOP 0xC0000000u /* first address above the user area */
#define PAGE_SIZE 4096u
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define UPTR_PAGE 0xFF000000u

#define P2V(p) ((void *)((u32)(p) + KERNEL_BASE))
#define V2P(v) ((u32)(v) - KERNEL_BASE)

/* Segment selectors (GDT entries, see gdt.c). */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UCODE 0x1b
#define SEL_UDATA 0x23
#define SEL_UTCB 0x2b
#define SEL_TSS 0x30

/* Trap vectors of the system-call stubs in the KIP (kip.c). */
#define VEC_SYSCALL_BASE 0x30 /* 0x30 + call number, see SYS_* */
enum {
	SYS_IPC, SYS_LIPC, SYS_EXREGS, SYS_THREADCTL, SYS_CLOCK, SYS_SWITCH,
	SYS_SCHEDULE, SYS_UNMAP, SYS_SPACECTL, SYS_PROCCTL, SYS_MEMCTL, NSYSCALLS
};
#define VEC_IRQ_BASE 0x20

/* Exit values for the isa-debug-exit port (boot.go). */
#define EXIT_KDB 0x10
#define EXIT_PANIC 0x11

/* Registers saved on kernel entry (entry.S builds it). */
struct frame {
	u32 edi, esi, ebp, esp_dummy, ebx, edx, ecx, eax; /* pushal */
	u32 gs, fs, es, ds;
	u32 vec, err;
	u32 eip, cs, eflags, esp, ss; /* esp/ss only from user mode */
};

/* ---- console.c ---- */
void console_init(void);
void putc(char c);
void puts(const char *s);
void printf(const char *fmt, ...);
void qemu_exit(u32 value) __attribute__((noreturn));
void panic(const char *fmt, ...) __attribute__((noreturn));
#define ASSERT(c) do { if (!(c)) panic("assertion %s failed at %s:%d", #c, __FILE__, __LINE__); } while (0)

/* ---- lib.c ---- */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* ---- cpu.h-ish inline helpers ---- */
static inline void outb(u16 port, u8 v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline u8 inb(u16 port) { u8 v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline void outl(u16 port, u32 v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline u32 read_cr2(void) { u32 v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline void write_cr3(u32 v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline void invlpg(u32 va) { __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory"); }
static inline u64 rdtsc(void) { u32 lo, hi; __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)); return ((u64)hi << 32) | lo; }

/* ---- gdt.c ---- */
void gdt_init(void);
void idt_init(void);
void tss_set_esp0(u32 esp0);
extern volatile u32 *utcb_pointer; /* the word %gs:0 reads */

/* ---- mem.c: physical frames ---- */
struct meminfo { u32 ram_top; u32 pool_lo, pool_hi; };
extern struct meminfo meminfo;
void frames_init(u32 lo, u32 hi);
void *frame_alloc(void);          /* zeroed 4 KiB frame, kernel virtual address; NULL if none */
void frame_free(void *kva);
u32 frames_free_count(void);
void *boot_alloc(u32 bytes);      /* zeroed, page-aligned, never freed */
int phys_is_kernel(u32 pa);      /* kernel image or kernel pool */

/* ---- space.c: address spaces and page tables ---- */
#define PTE_P 0x001
#define PTE_W 0x002
#define PTE_U 0x004
#define PTE_PS 0x080
#define PTE_KERNEL 0x200 /* available bit: frame owned by the kernel (UTCB, KIP) */
struct mapnode;
struct space {
	u32 *pd;                  /* page directory (kernel virtual) */
	struct mapnode **node[768]; /* per user page table: the mapping node of each page */
	u32 utcb_area, utcb_size; /* fpage base/size; size 0 = space not initialised */
	u32 kip_area;
	int nthreads;
	int in_use;
	int privileged;           /* sigma0, root task: may use privileged calls */
	int sigma0;               /* identity space filled on demand */
};
extern u32 *kernel_pd;
void paging_init(void);
struct space *space_new(void);
void space_free(struct space *s);
void space_switch(struct space *s);
u32 *pte_lookup(struct space *s, u32 va, int create);   /* NULL if no table (and !create or no memory) */
int space_map_kernel_page(struct space *s, u32 va, u32 pa, int writable);
int space_init_areas(struct space *s, u32 kip_fp, u32 utcb_fp);
extern struct space *current_space;
/* Reads/writes user memory of s by walking its page tables. Return the
 * number of bytes done before the first page that is not present with the
 * needed rights (len on success). */
u32 user_read(struct space *s, u32 va, void *dst, u32 len);
/* Kernel address of user byte va (NULL if not mapped with the rights). */
void *user_kptr(struct space *s, u32 va, int write);
u32 user_write(struct space *s, u32 va, const void *src, u32 len);

/* ---- mapdb.c ---- */
struct mapnode {
	struct space *space;
	u32 va;
	struct mapnode *parent, *child, *next, *prev;
};
void mapdb_init(void);
/* Map the page at sva in src (with rights r = PTE_W or 0) to dva in dst.
 * grant: move instead of copy. Returns 0 or -1 (no memory). */
int mapdb_map(struct space *src, u32 sva, struct space *dst, u32 dva, u32 rights, int grant);
/* Withdraw rights (PTE_W, or all with PTE_P) from mappings derived from
 * (s, va); self: also from s itself. Returns accumulated access bits. */
u32 mapdb_unmap(struct space *s, u32 va, u32 rights, int self);
int sigma0_map_on_demand(struct space *s, u32 va);
void mapdb_remove_space(struct space *s);

/* ---- thread.c ---- */
enum tstate { T_FREE, T_INACTIVE, T_READY, T_SEND, T_RECV, T_LOCKED, T_HALTED, T_IDLE };
#define NTHREADS 256
#define KSTACK_SIZE 8192
#define MAXTHREADNO (1u << 17)
#define NIRQ 16
#define SYSTEM_BASE NIRQ
#define USER_BASE (SYSTEM_BASE + 32)
#define NILTHREAD 0u
#define ANYTHREAD 0xffffffffu
#define ANYLOCAL 0xffffffc0u
#define TID_NO(t) ((t) >> 14)
#define TID_VER(t) ((t) & 0x3fff)
#define MKTID(n, v) (((n) << 14) | (v))
#define IS_LOCAL(t) (((t) & 0x3f) == 0)

struct tcb {
	u32 kesp;               /* saved kernel stack pointer (switch.S) */
	word_t gid;
	enum tstate state;
	struct space *space;
	u32 utcb_va;            /* local ID = user address of MR0 */
	word_t *utcb;           /* kernel address of MR0 (utcb[-15] = MyGlobalId) */
	u8 prio;
	int halted;
	word_t scheduler;
	u32 timeslice, ts_left; /* in ticks */
	/* IPC */
	word_t partner;         /* send: destination gid; receive: FromSpecifier (global form) */
	struct tcb *sendq, *sendq_next, **sendq_pprev; /* threads waiting to send to this one */
	u64 wakeup;             /* tick at which a blocked IPC times out; 0 = never */
	int ipc_err;            /* ErrorCode to return (0 = success) */
	word_t ipc_from;        /* received from (as returned to the user) */
	word_t ipc_tag;         /* received tag (as returned to the user) */
	word_t ipc_sid;         /* sender ID the partner matches (virtual sender if propagated) */
	int xfer_go;            /* receiver arrived; sender may transfer */
	word_t saved_mr[66];    /* MRs saved around kernel-generated IPC */
	int nested;             /* kernel IPC (fault) in progress */
	u32 nfaults, nsyscalls; /* statistics for dump_threads */
	/* receiver-side page fault during a string copy (transfer.c) */
	int pf_req, pf_done, pf_result, pf_serving;
	struct tcb *xfer_peer;  /* partner while a transfer between us is in progress */
	struct tcb *saved_peer; /* xfer_peer kept aside during a fault IPC */
	int saved_is_sender;
	int xfer_peer_gone;     /* saved_peer was deleted meanwhile */
	int xfer_is_sender;     /* our role in that transfer */
	int xfer_abort;         /* the transfer was aborted (ExchangeRegisters, deletion) */
	u64 cap_deadline;       /* nonzero: xfer deadline bounding this thread's fault IPCs */
	u32 pf_addr;
	struct tcb *pf_sender;
	struct tcb *list_next;  /* all-threads list */
	int active;             /* has a pager / was started */
	u32 pending_utcb;       /* UTCB location given before SpaceControl (0 = none) */
	int start_pending;      /* activated, start message not yet received (spec 12.1) */
	u8 *kstack;
	word_t dummy_utcb[128]; /* TCRs while the thread has no UTCB yet */
	u8 fpu[512] __attribute__((aligned(16))); /* x87/SSE state (fxsave), switched eagerly */
};
void fpu_init(void);
extern u8 fpu_initial[512];
extern struct tcb *current;
extern struct tcb *idle_tcb;
extern int need_resched; /* highest priority made ready above current's, or -1 */
/* t may run; trap() preempts current before returning to user mode if t
 * has a higher priority. */
static inline void make_ready(struct tcb *t)
{
	t->state = T_READY;
	if (current && t->prio > current->prio && t->prio > need_resched)
		need_resched = t->prio;
}
void threads_init(void);
struct tcb *tcb_of(word_t gid);          /* exact global id (version checked) or NULL */
struct tcb *tcb_by_no(u32 no);
struct tcb *thread_lookup(struct tcb *self, word_t id); /* global or local id */
extern struct tcb **tcb_table;
/* thread_lookup with the common case (a global ID) inline. */
static inline struct tcb *thread_lookup_fast(struct tcb *self, word_t id)
{
	if ((id & 0x3f) && id != ANYTHREAD) {
		u32 no = TID_NO(id);
		struct tcb *t = no < MAXTHREADNO ? tcb_table[no] : NULL;
		return t && t->gid == id ? t : NULL;
	}
	return thread_lookup(self, id);
}
struct tcb *thread_create(word_t gid, struct space *s, u32 utcb_va);
void thread_destroy(struct tcb *t);
int thread_set_utcb(struct tcb *t, u32 utcb_va);
void thread_set_user_entry(struct tcb *t, u32 ip, u32 sp);
void thread_start_kernel(struct tcb *t, void (*fn)(void));
struct frame *user_frame(struct tcb *t);
void schedule(void);                     /* current gave up the CPU (state already set) */

void switch_to(struct tcb *t);           /* run t now (current must be blocked or ready) */
void sched_tick(void);
/* After this many ticks with nothing to run the kernel prints all threads. */
#define IDLE_DUMP_TICKS (3 * HZ)
/* Every this many ticks (60 s) the kernel prints all threads too. */
#define WATCHDOG_TICKS (60 * HZ)
void dump_threads(void);
void return_to_user_checks(void);
void idle_start(void) __attribute__((noreturn));
extern struct tcb *thread_list;
extern u64 ticks;

/* ---- timer.c ---- */
#define HZ 1000
void timer_init(void);
void pic_mask(int irq, int masked);
void pic_eoi(int irq);
u64 clock_us(void);

/* ---- ipc.c ---- */
#define TIME_NEVER 0
void sys_ipc(struct frame *f);
/* Kernel-generated call (page fault, exception): MRs of t are saved and
 * restored around it; returns 0 or an ipc error code. */
int kernel_call(struct tcb *t, word_t to, word_t tag, const word_t *in, int n, word_t *out, int nout);
int ipc(struct tcb *self, word_t to, word_t from, word_t timeouts, word_t *fromp, word_t *rtag);
void irq_associate(int irq, word_t handler);
void ipc_cancel(struct tcb *t, int send, int recv);
void ipc_destroy_transfer(struct tcb *t);
int ipc_timeouts(void);
void irq_deliver(int irq);
extern word_t irq_handler[NIRQ];
u64 timeout_ticks(u32 t16, int *never, int *zero);

/* ---- transfer.c ---- */
int transfer(struct tcb *src, struct tcb *dst, word_t tag, word_t *err_offset);

/* ---- syscalls.c ---- */
void syscall(struct frame *f);
void set_error(struct tcb *t, word_t e);
extern word_t sigma0_gid, roottask_gid;

/* ---- kdebug.c ---- */
void kdebug(struct frame *f);
void dump_frame(struct frame *f);

/* ---- traps.c ---- */
void trap(struct frame *f);
int user_fault(struct tcb *t, u32 va, int write);

/* ---- kip.c ---- */
extern u8 kip_page[4096];
void kip_init(void);
void kip_add_memdesc(u32 type, u32 sub, int virt, u32 lo, u32 hi);
void kip_set_boot(u32 s0_ip, u32 s0_lo, u32 s0_hi, u32 root_ip, u32 root_lo, u32 root_hi, u32 bootinfo);

/* ---- modules.c ---- */
void boot_modules(u32 mbinfo_pa);

/* UTCB TCR word indices relative to MR0 (spec 6.1). */
#define TCR_MYGLOBALID (-15)
#define TCR_PROCNO (-14)
#define TCR_USERHANDLE (-13)
#define TCR_PAGER (-12)
#define TCR_EXCHANDLER (-11)
#define TCR_PREEMPT (-10)
#define TCR_ERRORCODE (-9)
#define TCR_XFERTIMEOUTS (-8)
#define TCR_INTENDED (-7)
#define TCR_VSENDER (-6)
#define BR(i) (-16 - (i))

#endif
