/*
 * libc.h - the freestanding C library shared by l4idl's user-level
 * runtimes: the hosted emulator (runtime/hosted) and the kernel's
 * root-task runtime (runtime/kernel/user).  Each adds its own output on
 * top of l4rt_vsnprintf.
 */
#ifndef L4IDL_RUNTIME_LIBC_H
#define L4IDL_RUNTIME_LIBC_H

#include <stddef.h>
#include <stdarg.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

/*
 * Formats like vsnprintf (%d %i %u %x %X %p %s %c %% with the flags '-'
 * '0' '#', a width, and the l, ll, z length modifiers) into buf, which
 * always ends with a NUL when size > 0; returns the length the whole
 * output would have.
 */
int l4rt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif
