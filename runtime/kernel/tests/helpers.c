/*
 * helpers.c - IPC jobs run by helper threads and small helper bodies.
 */
#include "suite.h"

void job_init(struct job *j, L4_ThreadId_t to, L4_ThreadId_t from, L4_Word_t timeouts)
{
	memset(j, 0, sizeof *j);
	j->to = to;
	j->from_spec = from;
	j->timeouts = timeouts;
}

void load_msg(L4_Word_t tag, const L4_Word_t *w)
{
	L4_Word_t n = (tag & 0x3F) + ((tag >> 6) & 0x3F);

	for (L4_Word_t i = 1; i <= n && i < 64; i++)
		L4_LoadMR((int)i, w[i]);
	L4_LoadMR(0, tag);
}

unsigned long long now_us(void)
{
	return L4_SystemClock().raw;
}

void job_run(L4_Word_t arg)
{
	struct job *j = (struct job *)arg;
	L4_ThreadId_t from = L4_nilthread;

	if (j->delay_us)
		u_sleep_us(j->delay_us);
	if (j->nbr == 0)
		L4_LoadBR(0, 0);
	for (int i = 0; i < j->nbr; i++)
		L4_LoadBR(i, j->br[i]);
	L4_Set_XferTimeouts(j->xfer);
	if (j->handle)
		L4_Set_UserDefinedHandle(j->handle);
	if (j->propagate) {
		L4_Set_VirtualSender(j->vsender);
		j->mr[0] |= 1UL << 12;
	}
	load_msg(j->mr[0], j->mr);
	j->t_start = (L4_Word_t)now_us();
	L4_MsgTag_t tag = L4_Ipc(j->to, j->from_spec, j->timeouts, &from);
	j->t_end = (L4_Word_t)now_us();
	j->rtag = tag.raw;
	j->err = L4_ErrorCode();
	j->rfrom = from;
	j->actual = L4_ActualSender();
	L4_Word_t n = L4_UntypedWords(tag) + L4_TypedWords(tag);
	for (L4_Word_t i = 1; i <= n && i < 64; i++)
		L4_StoreMR((int)i, &j->rmr[i]);
	j->done = 1;
}

int job_wait(struct job *j, int ms)
{
	for (int i = 0; i < ms && !j->done; i++)
		u_sleep_us(1000);
	return j->done;
}

int wait_blocked(L4_ThreadId_t t, int ms)
{
	/* Schedule (privileged: any thread) reports the state (spec 10.5):
	 * 4 pending send, 5 sending, 6 waiting, 7 receiving. */
	for (int i = 0; i <= ms; i++) {
		L4_Word_t tc, st = L4_Schedule(t, ~0UL, ~0UL, ~0UL, ~0UL, &tc);
		if (st >= 4 && st <= 7)
			return 1;
		u_sleep_us(1000);
	}
	return 0;
}

void echo_server(L4_Word_t arg)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);

	(void)arg;
	for (;;) {
		if (L4_IpcFailed(tag)) {
			tag = L4_Wait(&from);
			continue;
		}
		L4_Word_t u = L4_UntypedWords(tag);
		for (L4_Word_t i = 1; i <= u; i++) {
			L4_Word_t w;
			L4_StoreMR((int)i, &w);
			L4_LoadMR((int)i, w + 1);
		}
		L4_LoadMR(0, ((L4_Label(tag) + 1) << 16) | u);
		tag = L4_ReplyWait(from, &from);
	}
}

void spin_forever(L4_Word_t counter)
{
	for (;;)
		(*(volatile L4_Word_t *)counter)++;
}

void recv_forever(L4_Word_t arg)
{
	(void)arg;
	for (;;)
		L4_Receive(L4_MyGlobalId());
}
