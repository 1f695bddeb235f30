/*
 * libc.c - the little C library a freestanding hosted program needs:
 * the memory/string functions GCC may call on its own, and formatted
 * output straight to a file descriptor.
 *
 * Compiled with -fno-tree-loop-distribute-patterns so that GCC does not
 * turn these loops back into calls to themselves.
 */
#include "kernel.h"

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s) {
		while (n--)
			*d++ = *s++;
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

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

/* ---- formatting ----------------------------------------------------- */

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, int width,
		       int left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left && pad == '0' && n > 0 && (*s == '-' || *s == '0')) {
		/* keep a sign or 0x prefix in front of the zeros */
		size_t pre = *s == '-' ? 1 : (n > 1 && (s[1] == 'x' || s[1] == 'X')) ? 2 : 0;
		for (size_t i = 0; i < pre; i++)
			put(o, s[i]);
		s += pre;
		n -= pre;
	}
	if (!left)
		while (fill-- > 0)
			put(o, pad);
	while (n--)
		put(o, *s++);
	if (left)
		while (fill-- > 0)
			put(o, ' ');
}

int hosted_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		int left = 0, alt = 0, width = 0, lng = 0;
		char pad = ' ';
		for (;; fmt++) {
			if (fmt[1] == '-')
				left = 1;
			else if (fmt[1] == '0')
				pad = '0';
			else if (fmt[1] == '#')
				alt = 1;
			else
				break;
		}
		while (fmt[1] >= '0' && fmt[1] <= '9')
			width = width * 10 + (*++fmt - '0');
		for (;;) {
			if (fmt[1] == 'l')
				lng++, fmt++;
			else if (fmt[1] == 'z')
				lng = 1, fmt++;
			else
				break;
		}
		char tmp[72];
		int n = 0;
		unsigned long long v;
		int neg = 0, base = 10, upper = 0;
		switch (*++fmt) {
		case 'd':
		case 'i': {
			long long s = lng >= 2 ? va_arg(ap, long long)
				    : lng ? va_arg(ap, long) : va_arg(ap, int);
			neg = s < 0;
			v = neg ? 0ULL - (unsigned long long)s : (unsigned long long)s;
			goto number;
		}
		case 'p':
			v = (unsigned long)va_arg(ap, void *);
			base = 16;
			alt = 1;
			goto number;
		case 'X':
			upper = 1;
			/* fall through */
		case 'x':
			base = 16;
			/* fall through */
		case 'u':
			v = lng >= 2 ? va_arg(ap, unsigned long long)
			  : lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
		number: {
			char digits[24];
			int k = 0;
			do {
				int d = (int)(v % (unsigned)base);
				digits[k++] = (char)(d < 10 ? '0' + d : (upper ? 'A' : 'a') + d - 10);
				v /= (unsigned)base;
			} while (v);
			if (neg)
				tmp[n++] = '-';
			if (alt && base == 16) {
				tmp[n++] = '0';
				tmp[n++] = upper ? 'X' : 'x';
			}
			while (k)
				tmp[n++] = digits[--k];
			put_padded(&o, tmp, (size_t)n, width, left, pad);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			put_padded(&o, s, strlen(s), width, left, ' ');
			break;
		}
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			put_padded(&o, tmp, 1, width, left, ' ');
			break;
		case '%':
			put(&o, '%');
			break;
		default:                        /* unknown: print verbatim */
			put(&o, '%');
			if (*fmt)
				put(&o, *fmt);
			else
				fmt--;
			break;
		}
	}
	if (o.size > 0)
		o.buf[o.len < o.size ? o.len : o.size - 1] = 0;
	return (int)o.len;
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
