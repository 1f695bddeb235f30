/*
 * libc.c - formatted output straight to a file descriptor for hosted
 * programs.  The memory/string functions and the formatting itself are
 * runtime/libc's, shared with the kernel's root-task runtime.
 */
#include "kernel.h"
#include "../../libc/libc.h"

void hosted_write(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		long n = hosted_sys_write(fd, p, len);
		if (n <= 0)
			return;
		p += n;
		len -= (size_t)n;
	}
}

int hosted_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return l4rt_vsnprintf(buf, size, fmt, ap);
}

int hosted_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = hosted_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static int vfprint(int fd, const char *fmt, va_list ap)
{
	char buf[1024];
	int n = hosted_vsnprintf(buf, sizeof buf, fmt, ap);
	hosted_write(fd, buf, n < (int)sizeof buf ? (size_t)n : sizeof buf - 1);
	return n;
}

int hosted_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vfprint(1, fmt, ap);
	va_end(ap);
	return n;
}

int hosted_eprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vfprint(2, fmt, ap);
	va_end(ap);
	return n;
}

void hosted_fail(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	hosted_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	hosted_eprintf("FAIL: %s (thread %#lx)\n", buf,
		       hosted_current ? hosted_current->gid : 0UL);
	hosted_sys_exit(HOSTED_EXIT_FAIL);
}
