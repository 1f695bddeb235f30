/*
 * diag.c - diagnostics: fatal emulator errors and the thread dump printed
 * on deadlock.  Everything goes to stderr, prefixed "hosted: ".
 */
#include "kernel.h"

void hosted_fatal(int status, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	hosted_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	hosted_eprintf("hosted: %s\n", buf);
	hosted_sys_exit(status);
}

const char *hosted_tid_str(word_t id, char *buf, size_t len)
{
	if (id == NILTHREAD)
		hosted_snprintf(buf, len, "nilthread");
	else if (id == ANYTHREAD)
		hosted_snprintf(buf, len, "anythread");
	else if (id == ANYLOCALTHREAD)
		hosted_snprintf(buf, len, "anylocalthread");
	else if (tid_is_local(id))
		hosted_snprintf(buf, len, "local %#lx", id);
	else
		hosted_snprintf(buf, len, "%#lx (no %lu, version %lu)", id,
				tid_no(id), tid_version(id));
	return buf;
}

static const char *state_name(const struct tcb *t)
{
	switch (t->state) {
	case TS_FREE:
		return "free";
	case TS_INACTIVE:
		return "inactive";
	case TS_READY:
		return t == hosted_current ? "running" : "ready";
	case TS_SENDING:
		return "blocked sending";
	case TS_RECEIVING:
		return t->starting ? "waiting for its start message"
				   : "blocked receiving";
	}
	return "?";
}

void hosted_dump_threads(void)
{
	char a[64], b[64];

	for (int i = 0; i < MAX_THREADS; i++) {
		struct tcb *t = &hosted_tcbs[i];
		if (t->state == TS_FREE)
			continue;
		hosted_eprintf("hosted:   thread %s: %s%s",
			       hosted_tid_str(t->gid, a, sizeof a),
			       state_name(t), t->halted ? " (halted)" : "");
		if (t->state == TS_SENDING)
			hosted_eprintf(" to %s",
				       hosted_tid_str(t->partner->gid, b, sizeof b));
		else if (t->state == TS_RECEIVING)
			hosted_eprintf(" from %s",
				       hosted_tid_str(t->wait_from, b, sizeof b));
		if (t->has_deadline)
			hosted_eprintf(", timeout at %llu us", t->deadline);
		else if (t->state == TS_SENDING || t->state == TS_RECEIVING)
			hosted_eprintf(", timeout never");
		hosted_eprintf("\n");
	}
}
