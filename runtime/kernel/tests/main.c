/*
 * main.c - runner of the kernel conformance suite: one TAP line per case,
 * every thread a case started deleted after it, the page-fault hook
 * reset.
 */
#include "suite.h"

unsigned char scratch[SCRATCH_PAGES][4096] __attribute__((aligned(4096)));

static const struct tcase *const tables[] = {
	kip_cases, ipc_cases, timeout_cases, string_cases, map_cases,
	exreg_cases, thread_cases, fault_cases, robust_cases,
};

int main(void)
{
	int n = 0;

	for (unsigned i = 0; i < sizeof tables / sizeof tables[0]; i++)
		for (const struct tcase *c = tables[i]; c->name; c++)
			n++;
	tap_plan(n);
	for (unsigned i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		for (const struct tcase *c = tables[i]; c->name; c++) {
			char why[WHY_SIZE] = "";
			int ok = c->fn(why);
			tap_check(ok, c->name, "%s", why);
			u_fault_hook = 0;
			u_kill_all();
			L4_LoadBR(0, 0);
			L4_Set_XferTimeouts(0);
		}
	}
	tap_diag("conformance: %d cases, %d failed", tap_count(), tap_failed());
	return tap_failed();
}
