/*
 * probe.c - the probe thread of the mapping and fault tests: it reads and
 * writes memory of its own space on command, takes mappings into its
 * receive window and passes them on.
 */
#include "suite.h"

void probe(L4_Word_t acceptor)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag;

	L4_LoadBR(0, acceptor);
	tag = L4_Wait(&from);
	for (;;) {
		if (L4_IpcFailed(tag)) {
			L4_LoadBR(0, acceptor);
			tag = L4_Wait(&from);
			continue;
		}
		L4_Word_t m[5] = { 0 };
		for (int i = 1; i <= 4; i++)
			L4_StoreMR(i, &m[i]);
		L4_Word_t r1 = 0, r2 = 0, r3 = 0;
		switch (L4_Label(tag)) {
		case PROBE_READ:
			r1 = *(volatile L4_Word_t *)m[1];
			break;
		case PROBE_WRITE:
			*(volatile L4_Word_t *)m[1] = m[2];
			break;
		case PROBE_TAKE:
			r1 = tag.raw;
			r2 = m[1];
			r3 = m[2];
			break;
		case PROBE_FORWARD: {
			L4_LoadMR(1, (m[2] & ~0x3FFUL) | m[4]);
			L4_LoadMR(2, m[1]);
			L4_LoadMR(0, ((L4_Word_t)PROBE_TAKE << 16) | (2 << 6));
			L4_MsgTag_t t = L4_Call_Timeouts((L4_ThreadId_t){ .raw = m[3] },
							 L4_TimePeriod(1000000), L4_TimePeriod(1000000));
			r1 = t.raw;
			r2 = L4_ErrorCode();
			break;
		}
		case PROBE_IDS:
			r1 = L4_MyGlobalId().raw;
			r2 = L4_MyLocalId().raw;
			break;
		}
		L4_LoadMR(1, r1);
		L4_LoadMR(2, r2);
		L4_LoadMR(3, r3);
		L4_LoadMR(0, 3);
		L4_LoadBR(0, acceptor);
		tag = L4_ReplyWait(from, &from);
	}
}

int probe_cmd(L4_ThreadId_t p, L4_Word_t cmd, L4_Word_t a, L4_Word_t b, L4_Word_t c,
	      L4_Word_t d, L4_Word_t *out)
{
	L4_LoadMR(1, a);
	L4_LoadMR(2, b);
	L4_LoadMR(3, c);
	L4_LoadMR(4, d);
	L4_LoadMR(0, (cmd << 16) | 4);
	L4_MsgTag_t tag = L4_Call_Timeouts(p, L4_TimePeriod(1000000), L4_TimePeriod(100000));
	if (L4_IpcFailed(tag))
		return 0;
	if (out)
		L4_StoreMR(1, out);
	return 1;
}

L4_MsgTag_t probe_give(L4_ThreadId_t p, L4_Fpage_t fp, L4_Word_t sndbase, L4_Word_t kind)
{
	L4_LoadMR(1, (sndbase & ~0x3FFUL) | kind);
	L4_LoadMR(2, fp.raw);
	L4_LoadMR(0, ((L4_Word_t)PROBE_TAKE << 16) | (2 << 6));
	return L4_Call_Timeouts(p, L4_TimePeriod(1000000), L4_TimePeriod(1000000));
}
