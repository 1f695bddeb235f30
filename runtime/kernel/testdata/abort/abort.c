/*
 * Transfers stopped in the middle (spec 5.2 error 7, 10.2): a string copy
 * into a receiver whose buffer page its pager never maps is stuck in the
 * receiver's page fault; ExchangeRegisters (abort receive) or deleting one
 * partner must end it with "aborted" for the other, and the kernel must
 * keep running.
 */
#include "user.h"
#include <l4/ipc.h>
#include <l4/message.h>
#include <l4/thread.h>

#define HOLE 0x40000000UL /* never mapped by the runtime's pager (no hook) */

static volatile L4_Word_t r_err, r_tag, r_done, s_err, s_tag, s_done;
static char src[4096];

static void receiver(L4_Word_t arg)
{
	(void)arg;
	L4_ThreadId_t from;
	L4_LoadBR(0, 1);
	L4_LoadBR(1, 2000UL << 10);
	L4_LoadBR(2, HOLE);
	L4_MsgTag_t tag = L4_Ipc(L4_nilthread, L4_anythread, L4_Timeouts(L4_Never, L4_Never), &from);
	r_tag = tag.raw;
	r_err = L4_ErrorCode();
	r_done = 1;
	L4_Sleep(L4_Never);
}

static void sender(L4_Word_t to)
{
	L4_LoadMR(1, 1000UL << 10);
	L4_LoadMR(2, (L4_Word_t)src);
	L4_LoadMR(0, (0x61UL << 16) | (2 << 6));
	L4_MsgTag_t tag = L4_Send((L4_ThreadId_t){ .raw = to });
	s_tag = tag.raw;
	s_err = L4_ErrorCode();
	s_done = 1;
	L4_Sleep(L4_Never);
}

static int blocked(L4_ThreadId_t t)
{
	for (int i = 0; i < 500; i++) {
		L4_Word_t ctl, sp, ip, fl, h;
		L4_ThreadId_t pg;
		L4_ExchangeRegisters(t, 0, 0, 0, 0, 0, L4_nilthread, &ctl, &sp, &ip, &fl, &h, &pg);
		if (ctl & 6)
			return 1;
		u_sleep_us(1000);
	}
	return 0;
}

/* Start a receiver in its own space and a sender that gets stuck in the
 * receiver's page fault. */
static int stuck(L4_ThreadId_t *r, L4_ThreadId_t *s)
{
	r_done = s_done = 0;
	int traps = u_traps;
	*r = u_spawn_space(receiver, 0);
	if (!blocked(*r))
		return 0;
	*s = u_spawn(sender, r->raw);
	for (int i = 0; i < 500 && u_traps == traps; i++)
		u_sleep_us(1000);
	u_sleep_us(5000);
	return u_traps > traps && !r_done && !s_done;
}

static int wait_done(volatile L4_Word_t *done)
{
	for (int i = 0; i < 500 && !*done; i++)
		u_sleep_us(1000);
	return *done != 0;
}

int main(void)
{
	L4_ThreadId_t r, s;
	tap_plan(9);

	tap_check(stuck(&r, &s), "copy stuck in the receiver's page fault", "no trapped fault");
	L4_Word_t ctl, sp, ip, fl, h;
	L4_ThreadId_t pg;
	L4_ExchangeRegisters(r, 2, 0, 0, 0, 0, L4_nilthread, &ctl, &sp, &ip, &fl, &h, &pg);
	tap_check(wait_done(&r_done) && (r_tag & 0x8000) && (r_err & 0xf) == 15,
		  "abort receive: receiver gets error 7, receive phase", "done %lu tag %#lx err %#lx", r_done, r_tag, r_err);
	tap_check(wait_done(&s_done) && (s_tag & 0x8000) && (s_err & 0xf) == 14,
		  "abort receive: sender gets error 7, send phase", "done %lu tag %#lx err %#lx", s_done, s_tag, s_err);
	u_kill(s);
	u_kill(r);

	tap_check(stuck(&r, &s), "copy stuck again", "no trapped fault");
	u_kill(r);
	tap_check(wait_done(&s_done) && (s_tag & 0x8000) && (s_err & 0xf) == 14,
		  "receiver deleted: sender gets error 7, send phase", "done %lu tag %#lx err %#lx", s_done, s_tag, s_err);
	u_kill(s);

	tap_check(stuck(&r, &s), "copy stuck a third time", "no trapped fault");
	u_kill(s);
	tap_check(wait_done(&r_done) && (r_tag & 0x8000) && (r_err & 0xf) == 15,
		  "sender deleted: receiver gets error 7, receive phase", "done %lu tag %#lx err %#lx", r_done, r_tag, r_err);
	u_kill(r);

	/* The kernel still works: a plain IPC to a fresh receiver. */
	r_done = 0;
	r = u_spawn_space(receiver, 0);
	tap_check(blocked(r), "new receiver blocks", "never blocked");
	L4_LoadMR(0, 0x62UL << 16);
	L4_MsgTag_t tag = L4_Send_Timeout(r, L4_TimePeriod(100000));
	tap_check(L4_IpcSucceeded(tag) && wait_done(&r_done) && !(r_tag & 0x8000),
		  "IPC works after the aborted transfers", "tag %#lx r_tag %#lx", tag.raw, r_tag);
	u_kill(r);
	return 0;
}
