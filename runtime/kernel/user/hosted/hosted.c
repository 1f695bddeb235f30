/*
 * hosted.c - the hosted emulator's test API (runtime/hosted/emu/hosted.h)
 * on the real kernel, so that programs written for the emulator (the
 * generated end-to-end programs of backend/gcc-x86/internal/e2egen) run
 * unchanged as (part of) a root task.
 *
 * The one difference that matters: hosted_thread_create starts the thread
 * in a NEW address space, paged by the runtime's pager with the root
 * task's own pages.  Servers and clients thus share the program's data
 * but not their page tables, so every IPC, string copy and mapping between
 * them crosses address spaces.
 *
 * Not part of every root task: the stub suite adds this file (with
 * -I runtime/hosted/emu for hosted.h).
 */
#include "user.h"
#include "hosted.h"

static void run_entry(L4_Word_t entry)
{
	((void (*)(void))entry)();
}

L4_ThreadId_t hosted_thread_create(void (*entry)(void))
{
	return u_spawn_space(run_entry, (L4_Word_t)entry);
}

void hosted_exit(int status)
{
	u_printf("# hosted_exit(%d)\n", status);
	for (;;)
		L4_KDB_Enter("hosted_exit");
}

void hosted_write(int fd, const void *buf, size_t len)
{
	char chunk[256];
	const char *p = buf;

	(void)fd;
	while (len > 0) {
		size_t n = len < sizeof chunk - 1 ? len : sizeof chunk - 1;
		memcpy(chunk, p, n);
		chunk[n] = 0;
		L4_KDB_PrintString(chunk);
		p += n;
		len -= n;
	}
}

int hosted_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return u_vsnprintf(buf, size, fmt, ap);
}

int hosted_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = u_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int hosted_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = u_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int hosted_eprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = u_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

void hosted_fail(const char *fmt, ...)
{
	char buf[400];
	va_list ap;

	va_start(ap, fmt);
	u_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	u_printf("FAIL: %s\n", buf);
	for (;;)
		L4_KDB_Enter("hosted_fail");
}
