/*
 * console.c - output on COM1 (115200 8N1, polled) and QEMU exit.
 */
#include "kernel.h"
#include <stdarg.h>

#define COM1 0x3f8

void console_init(void)
{
	outb(COM1 + 1, 0x00); /* no interrupts (irq.c enables rx interrupts on demand) */
	outb(COM1 + 3, 0x80); /* DLAB */
	outb(COM1 + 0, 0x01); /* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03); /* 8N1 */
	outb(COM1 + 2, 0xc7); /* FIFO */
	outb(COM1 + 4, 0x0b);
}

void putc(char c)
{
	if (c == '\n')
		putc('\r');
	for (int i = 0; i < 100000 && !(inb(COM1 + 5) & 0x20); i++)
		;
	outb(COM1, (u8)c);
}

void puts(const char *s)
{
	while (*s)
		putc(*s++);
}

static void putnum(u64 v, int base, int width, char pad, int neg)
{
	char buf[24];
	int n = 0;
	do {
		buf[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		buf[n++] = '-';
	while (n < width)
		buf[n++] = pad;
	while (n)
		putc(buf[--n]);
}

static void vprintf(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			putc(*fmt);
			continue;
		}
		fmt++;
		char pad = ' ';
		int width = 0, isll = 0;
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			isll++;
			fmt++;
		}
		u64 v;
		switch (*fmt) {
		case 'd': {
			long long s = isll >= 2 ? va_arg(ap, long long) : va_arg(ap, int);
			putnum(s < 0 ? -s : s, 10, width, pad, s < 0);
			break;
		}
		case 'u': case 'x': case 'p':
			v = isll >= 2 ? va_arg(ap, u64) : va_arg(ap, u32);
			putnum(v, *fmt == 'u' ? 10 : 16, *fmt == 'p' ? 8 : width, *fmt == 'p' ? '0' : pad, 0);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			puts(s ? s : "(null)");
			break;
		}
		case 'c':
			putc((char)va_arg(ap, int));
			break;
		default:
			putc('%');
			putc(*fmt);
		}
	}
}

void printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void qemu_exit(u32 value)
{
	outl(0xf4, value); /* isa-debug-exit: QEMU exits with (value << 1) | 1 */
	for (;;)
		__asm__ volatile("cli; hlt");
}

void panic(const char *fmt, ...)
{
	va_list ap;
	__asm__ volatile("cli");
	puts("\nPANIC: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	puts("\n");
	qemu_exit(EXIT_PANIC);
}
