/*
 * tap.c - Test Anything Protocol lines on the KDB console: "1..N",
 * "ok N name", "not ok N name: why", "# comment".  The Go harness parses
 * them (one line per test case).
 */
#include "user.h"

static int tap_n, tap_nfailed;

void tap_plan(int n)
{
	u_printf("1..%d\n", n);
}

int tap_check(int ok, const char *name, const char *why, ...)
{
	int n = ++tap_n;

	if (ok) {
		u_printf("ok %d %s\n", n, name);
		return 1;
	}
	char buf[300];
	va_list ap;
	va_start(ap, why);
	u_vsnprintf(buf, sizeof buf, why, ap);
	va_end(ap);
	for (char *p = buf; *p; p++)    /* keep the report on one line */
		if (*p == '\n')
			*p = ' ';
	tap_nfailed++;
	u_printf("not ok %d %s: %s\n", n, name, buf);
	return 0;
}

void tap_diag(const char *fmt, ...)
{
	char buf[400];
	va_list ap;

	va_start(ap, fmt);
	u_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	u_printf("# %s\n", buf);
}

int tap_count(void)
{
	return tap_n;
}

int tap_failed(void)
{
	return tap_nfailed;
}
