/*
 * console.c - formatted output to the kernel debugger console.
 *
 * Every u_printf is one KDB PrintString call, so lines of different
 * threads do not interleave within a call.
 */
#include "user.h"

int u_vprintf(const char *fmt, va_list ap)
{
	char buf[512];
	int n = u_vsnprintf(buf, sizeof buf, fmt, ap);

	L4_KDB_PrintString(buf);
	return n;
}

int u_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = u_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

void u_panic(const char *fmt, ...)
{
	char buf[400];
	va_list ap;

	va_start(ap, fmt);
	u_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	u_printf("# PANIC: %s\n", buf);
	for (;;)
		L4_KDB_Enter("panic");
}
