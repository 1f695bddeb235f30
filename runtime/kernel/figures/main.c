/*
 * main.c - raw IPC figures (null, 8 MRs, 1 KiB string; same space and
 * another space) and the anchor operations through generated stubs.
 */
#include "figures.h"

void fig_report(const char *name, int n, unsigned long long delta)
{
	u_printf("figure %s %d %llu\n", name, n, delta);
}

/* Check that the TSC counts instructions: a loop of n iterations of
 * `dec; jnz' is 2n instructions (plus the rdtsc pair and a few moves). */
static void fig_calibrate(void)
{
	unsigned int n = 100000;
	unsigned long long a = u_rdtsc();
	__asm__ __volatile__("1: decl %0\n\tjnz 1b" : "+r"(n) : : "cc");
	unsigned long long b = u_rdtsc();
	fig_report("calibration-2x100000-instructions", 1, b - a);
}

/* The echo partner of the raw figures: replies to every message with
 * the same shape (strings are received into its buffer, not sent back). */
static unsigned char srv_buf[1024];

static void raw_server(L4_Word_t arg)
{
	L4_ThreadId_t from;
	(void)arg;
	L4_LoadBR(1, 1024UL << 10);
	L4_LoadBR(2, (L4_Word_t)srv_buf);
	L4_LoadBR(0, 1);
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		L4_LoadMR(0, L4_UntypedWords(tag));
		L4_LoadBR(0, 1);
		tag = L4_ReplyWait(from, &from);
	}
}

static unsigned char cli_buf[1024];

/* One raw round trip of the given kind: 0 null, 1 eight MRs, 2 string. */
static inline void raw_call(L4_ThreadId_t s, int kind)
{
	switch (kind) {
	case 0:
		L4_LoadMR(0, 0);
		break;
	case 1:
		for (int i = 1; i <= 8; i++)
			L4_LoadMR(i, (L4_Word_t)i);
		L4_LoadMR(0, 8);
		break;
	case 2:
		L4_LoadMR(1, 1024UL << 10);
		L4_LoadMR(2, (L4_Word_t)cli_buf);
		L4_LoadMR(0, 2 << 6);
		break;
	}
	L4_MsgTag_t tag = L4_Call(s);
	if (L4_IpcFailed(tag))
		u_panic("figures: call failed, ErrorCode %#lx", L4_ErrorCode());
}

static void raw_figures(const char *where, L4_ThreadId_t s)
{
	static const char *const kinds[] = { "null-ipc", "8-mr-ipc", "1kib-string-ipc" };
	char name[64];

	for (int k = 0; k < 3; k++) {
		for (int i = 0; i < FIG_WARM; i++)
			raw_call(s, k);
		unsigned long long a = u_rdtsc();
		for (int i = 0; i < FIG_N; i++)
			raw_call(s, k);
		unsigned long long b = u_rdtsc();
		u_snprintf(name, sizeof name, "%s-%s", kinds[k], where);
		fig_report(name, FIG_N, b - a);
	}
}

static L4_ThreadId_t spawn_local(u_entry_t fn, L4_Word_t arg)
{
	return u_spawn(fn, arg);
}

static L4_ThreadId_t spawn_space(u_entry_t fn, L4_Word_t arg)
{
	return u_spawn_space(fn, arg);
}

int main(void)
{
	memset(cli_buf, 'x', sizeof cli_buf);
	fig_calibrate();
	raw_figures("intra", u_spawn(raw_server, 0));
	raw_figures("inter", u_spawn_space(raw_server, 0));
	u_kill_all();
	static const struct {
		const char *where;
		fig_spawn_t spawn;
	} places[] = { { "intra", spawn_local }, { "inter", spawn_space } };
	for (int p = 0; p < 2; p++) {
		fig_anchor_a(places[p].where, places[p].spawn);
		fig_anchor_b(places[p].where, places[p].spawn);
		fig_anchor_c(places[p].where, places[p].spawn);
		fig_anchor_c2(places[p].where, places[p].spawn);
		fig_anchor_d(places[p].where, places[p].spawn);
		fig_anchor_e(places[p].where, places[p].spawn);
		fig_anchor_f(places[p].where, places[p].spawn);
		fig_anchor_g(places[p].where, places[p].spawn);
		u_kill_all();
	}
	u_printf("# figures done\n");
	return 0;
}
