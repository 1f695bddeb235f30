/*
 * hosted.h - what a test program sees of l4idl's hosted L4 X.2 emulator.
 *
 * The emulator turns one Linux process into one L4 address space: every L4
 * thread is a context with its own stack and UTCB, switched cooperatively
 * on IPC inside a single OS thread.  Programs use the ordinary L4 user API
 * (<l4/...> headers and libl4); this header only adds what a test needs on
 * top of it: creating threads without ThreadControl, output, assertions,
 * and the few C library functions a freestanding program lacks.
 *
 * Programs are freestanding (no libc): the emulator provides _start, calls
 * the weak __L4_Init() if libl4 defines one, then main(argc, argv), and
 * exits with main's return value.
 *
 * Exit status of a hosted program:
 *   0                          main returned 0
 *   HOSTED_EXIT_FAIL           hosted_fail / HOSTED_ASSERT / HOSTED_CHECK_EQ
 *   HOSTED_EXIT_DEADLOCK       every thread blocked with no timeout pending
 *   HOSTED_EXIT_KDB            L4_KDB_Enter (nobody to continue the debugger)
 *   HOSTED_EXIT_UNSUPPORTED    the program used something the emulator
 *                              deliberately does not emulate (message on
 *                              stderr says what)
 *   killed by a signal         a real fault (SIGSEGV ...) in the program
 */
#ifndef L4IDL_HOSTED_H
#define L4IDL_HOSTED_H

#include <stddef.h>
#include <stdarg.h>
#include <l4/types.h>

#define HOSTED_EXIT_FAIL        1
#define HOSTED_EXIT_DEADLOCK    2
#define HOSTED_EXIT_KDB         3
#define HOSTED_EXIT_UNSUPPORTED 4

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Create and start a thread in the program's (only) address space.  It
 * gets the next free thread number above the root task's (version 1 the
 * first time a number is used, a higher version on reuse), a UTCB, a 64 KiB
 * stack, and runs entry() the next time the caller blocks or yields.  When
 * entry returns, the thread is deleted (as by ThreadControl).  Returns the
 * global thread ID; calls hosted_fail when no thread or UTCB is left.
 */
L4_ThreadId_t hosted_thread_create(void (*entry)(void));

/* End the whole program now with the given exit status. */
void hosted_exit(int status) __attribute__((noreturn));

/* Output.  hosted_printf writes to stdout, hosted_eprintf to stderr; both
 * write immediately (no buffering).  Formats: %d %i %u %x %X %p %s %c %%
 * with flags '-' '0' '#', a width, and the l, ll, z length modifiers. */
void hosted_write(int fd, const void *buf, size_t len);
int hosted_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int hosted_eprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int hosted_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int hosted_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* Print "FAIL: <message>" on stderr and exit with HOSTED_EXIT_FAIL. */
void hosted_fail(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));

#define HOSTED_ASSERT(cond)                                                 \
	((cond) ? (void)0                                                   \
		: hosted_fail("%s:%d: assertion failed: %s", __FILE__,      \
			      __LINE__, #cond))

#define HOSTED_CHECK_EQ(got, want)                                          \
	do {                                                                \
		unsigned long long hosted_g_ = (unsigned long long)(got);   \
		unsigned long long hosted_w_ = (unsigned long long)(want);  \
		if (hosted_g_ != hosted_w_)                                 \
			hosted_fail("%s:%d: %s = %#llx, want %s = %#llx",   \
				    __FILE__, __LINE__, #got, hosted_g_,    \
				    #want, hosted_w_);                      \
	} while (0)

/* The freestanding C library subset the emulator provides. */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

#ifdef __cplusplus
}
#endif

#endif /* !L4IDL_HOSTED_H */
