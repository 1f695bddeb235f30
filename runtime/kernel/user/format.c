/*
 * format.c - printf-style formatting for root tasks: runtime/libc's
 * formatter (the formats hosted.h promises, so generated test programs
 * print the same on the kernel as on the hosted emulator).
 */
#include "user.h"
#include "../../libc/libc.h"

int u_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return l4rt_vsnprintf(buf, size, fmt, ap);
}

int u_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = u_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

