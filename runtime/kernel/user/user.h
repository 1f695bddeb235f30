/*
 * user.h - the root-task runtime of l4idl's QEMU test suites.
 *
 * One root-task binary holds all test code.  It runs as the L4 root task
 * (linked at 0x00800000, root.ld) and starts threads in its own address
 * space and in new address spaces; every new space is paged by the root
 * task's pager thread (pager.c), which maps the root task's own pages at
 * the same virtual address.  So all spaces run the same code and share
 * the program's data pages, while their page tables, UTCBs and kernel
 * state are separate: IPC between them really crosses address spaces.
 *
 * Output goes to the kernel debugger console (int 3, <l4/kdebug.h>); a run
 * ends with L4_KDB_Enter("done") when main returns.
 */
#ifndef L4IDL_KUSER_H
#define L4IDL_KUSER_H

#include <stddef.h>
#include <stdarg.h>
#include <l4/types.h>
#include <l4/thread.h>
#include <l4/ipc.h>
#include <l4/message.h>
#include <l4/kip.h>
#include <l4/space.h>
#include <l4/schedule.h>
#include <l4/kdebug.h>

/* ---- C library (libc.c, format.c, console.c) ------------------------- */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

int u_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int u_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Formatted output to the KDB console (one PrintString per call). */
int u_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int u_vprintf(const char *fmt, va_list ap);
/* Print "# PANIC: ..." and enter the debugger (ends the run). */
void u_panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* ---- TAP output (tap.c) ---------------------------------------------- */
/* "1..n" */
void tap_plan(int n);
/* "ok N name" when ok, else "not ok N name: why" (why formatted). */
int tap_check(int ok, const char *name, const char *why, ...)
	__attribute__((format(printf, 3, 4)));
/* "# text" */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Number of cases reported so far, and of failed ones. */
int tap_count(void);
int tap_failed(void);

/* ---- threads and spaces (threads.c) ---------------------------------- */

/* Filled by u_init before main runs. */
extern L4_ThreadId_t u_root;        /* the root task's main thread (global) */
extern L4_ThreadId_t u_sigma0;      /* sigma0 */
extern L4_ThreadId_t u_pager;       /* the pager thread of new spaces */
extern L4_KernelInterfacePage_t *u_kip;
extern L4_Word_t u_utcb_area;       /* base of the root's UTCB area */
extern L4_Word_t u_image_start, u_image_end;   /* [start, end) of the image */

/* Maximum number of threads the runtime starts (besides the root). */
#define U_MAXTHREADS 48
/* Stack of every thread the runtime starts. */
#define U_STACK_SIZE (64 * 1024)
/* log2 of the UTCB area of a new space (room for 32 UTCBs on ia32). */
#define U_SPACE_UTCB_LOG2 14

/* A thread body: runs with arg; when it returns the thread is deleted. */
typedef void (*u_entry_t)(L4_Word_t arg);

/* Start fn(arg) in a new thread of the root task's space (pager sigma0). */
L4_ThreadId_t u_spawn(u_entry_t fn, L4_Word_t arg);
/* Start fn(arg) in a new thread in a new address space paged by u_pager. */
L4_ThreadId_t u_spawn_space(u_entry_t fn, L4_Word_t arg);
/* Start fn(arg) in a new thread in the (new) space of thread `peer'. */
L4_ThreadId_t u_spawn_in(L4_ThreadId_t peer, u_entry_t fn, L4_Word_t arg);
/* Delete a thread the runtime started (ThreadControl); 1 on success. */
int u_kill(L4_ThreadId_t t);
/* Delete every thread the runtime started except the pager; returns how many. */
int u_kill_all(void);
/* A well-formed global ID that names no thread (an unused thread number). */
L4_ThreadId_t u_unused_id(void);
/* The ID the next u_spawn* call will create (for version tests). */
L4_ThreadId_t u_peek_next_id(void);
/* The UTCB block address a thread got. */
L4_Word_t u_utcb_of(L4_ThreadId_t t);
/* Give other threads the CPU for a while (ThreadSwitch nil, n times). */
void u_yield(int n);
/* Sleep for us microseconds (receive from self with a timeout). */
void u_sleep_us(L4_Word_t us);
/* Read the time-stamp counter. */
static inline unsigned long long u_rdtsc(void)
{
	unsigned int lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((unsigned long long)hi << 32) | lo;
}

/* ---- the pager of new spaces (pager.c) ------------------------------- */

/* One page fault as the pager saw it. */
struct u_fault {
	L4_ThreadId_t from;
	L4_Word_t label;    /* 0xFFE0 | rwx */
	L4_Word_t addr, ip;
};

/*
 * Faults outside the root image go to u_fault_hook when it is set: it
 * returns 1 and sets *page (an fpage of the root space, with rights) and
 * *sndbase to have that mapped, or 0 to leave the thread waiting (a
 * "trapped" fault).  Without a hook every fault outside the image is
 * trapped.  Trapped faults are counted and the last one recorded.
 */
typedef int (*u_fault_fn)(const struct u_fault *f, L4_Fpage_t *page, L4_Word_t *sndbase);
extern volatile u_fault_fn u_fault_hook;
extern volatile int u_faults;           /* every fault the pager served or trapped */
extern volatile int u_traps;            /* trapped faults */
extern struct u_fault u_last_fault;     /* the last fault seen (served or trapped) */
extern struct u_fault u_last_trap;      /* the last trapped fault */

/* Pager protocol (labels of requests to u_pager besides page faults). */
#define U_PAGER_START 0x5701    /* MR1 thread, MR2 ip, MR3 sp: send the start message */
#define U_PAGER_EXIT  0x5702    /* the sender is finished: delete it */

/* Start the pager thread (u_init does). */
void u_pager_start(void);

/* ---- start-up (start.c) ---------------------------------------------- */
/* The program's main; its return value is printed before "done". */
int main(void);

#endif /* !L4IDL_KUSER_H */
