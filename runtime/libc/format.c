/*
 * format.c - printf-style formatting into a buffer: %d %i %u %x %X %p %s
 * %c %% with the flags '-' '0' '#', a width and the l, ll, z length
 * modifiers.  Shared by the hosted emulator (hosted_printf ...) and the
 * kernel's root-task runtime (u_printf ...), so generated test programs
 * print the same on both.
 */
#include "libc.h"

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

int l4rt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
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
