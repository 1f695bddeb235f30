/*
 * pager.c - the pager of every new address space the runtime creates
 * (spec 12.1, 12.2).
 *
 * A page fault at an address inside the root task's image is answered
 * with a map item of the root task's page at the same address, so every
 * space sees the program's text, data and stacks.  Other faults go to
 * u_fault_hook (tests that map extra regions or watch the protocol), or
 * are "trapped": recorded and left unanswered, so the faulting thread
 * waits (and an IPC copying a string there ends with its xfer timeout).
 *
 * The pager also sends the start message of the threads it pages
 * (U_PAGER_START) and deletes threads that have finished (U_PAGER_EXIT).
 */
#include "user.h"

volatile u_fault_fn u_fault_hook;
volatile int u_faults, u_traps;
struct u_fault u_last_fault, u_last_trap;

void u_thread_gone(L4_ThreadId_t t);

/* Answer a page fault: 1 with the map item in MR1..2 and the tag set. */
static int page_fault(L4_ThreadId_t from, L4_Word_t label)
{
	struct u_fault f;
	L4_Fpage_t page;
	L4_Word_t sndbase;

	f.from = from;
	f.label = label;
	L4_StoreMR(1, &f.addr);
	L4_StoreMR(2, &f.ip);
	u_faults++;
	u_last_fault = f;
	if (f.addr >= u_image_start && f.addr < u_image_end) {
		sndbase = f.addr & ~0xFFFUL;
		page = L4_FpageAddRights(L4_FpageLog2(sndbase, 12), L4_FullyAccessible);
		/* The root space may have lost the page (granted or flushed
		 * it): touch it here so that sigma0 maps it again, else the map
		 * item would transfer nothing and the thread fault forever.  A
		 * locked `or 0' writes without changing a byte another thread
		 * may be writing at the same time. */
		__asm__ __volatile__("lock; orb $0, (%0)" : : "r"(sndbase) : "memory", "cc");
	} else if (!u_fault_hook || !u_fault_hook(&f, &page, &sndbase)) {
		u_last_trap = f;
		u_traps++;
		return 0;
	}
	L4_MapItem_t m = L4_MapItem(page, sndbase);
	L4_LoadMR(1, m.raw[0]);
	L4_LoadMR(2, m.raw[1]);
	L4_LoadMR(0, 2 << 6);
	return 1;
}

static void pager_loop(L4_Word_t arg)
{
	(void)arg;
	for (;;) {
		L4_ThreadId_t from;
		L4_MsgTag_t tag = L4_Wait(&from);
		if (L4_IpcFailed(tag))
			continue;
		L4_Word_t label = L4_Label(tag);
		int reply = 0;

		if ((label & 0xFFF0) == 0xFFE0 && L4_UntypedWords(tag) == 2 && L4_TypedWords(tag) == 0) {
			reply = page_fault(from, label);
		} else if (label == U_PAGER_START && L4_UntypedWords(tag) == 3) {
			L4_Word_t dest, ip, sp;
			L4_StoreMR(1, &dest);
			L4_StoreMR(2, &ip);
			L4_StoreMR(3, &sp);
			L4_LoadMR(1, ip);
			L4_LoadMR(2, sp);
			L4_LoadMR(0, 2);
			L4_MsgTag_t t = L4_Send((L4_ThreadId_t){ .raw = dest });
			L4_LoadMR(1, L4_IpcFailed(t) ? L4_ErrorCode() | 0x80000000UL : 0);
			L4_LoadMR(0, 1);
			reply = 1;
		} else if (label == U_PAGER_EXIT) {
			L4_ThreadId_t g = L4_GlobalIdOf(from);
			if (L4_ThreadControl(g, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1UL))
				u_thread_gone(g);
			else
				u_printf("# pager: deleting %lx failed: ErrorCode %lu\n", g.raw, L4_ErrorCode());
		} else {
			u_printf("# pager: unexpected message tag %lx from %lx\n", tag.raw, from.raw);
		}
		if (reply)
			L4_Reply(from);
	}
}

void u_pager_start(void)
{
	u_pager = u_spawn(pager_loop, 0);
}
