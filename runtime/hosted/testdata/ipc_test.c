/*
 * ipc_test.c - tests of the hosted emulator, written against the L4 user
 * API headers and libl4 like any L4 program.  `prog <case>' runs one case
 * and prints "PASS <case>"; `prog list' lists the cases.  hosted_test.go
 * runs every case for ia32 and amd64.
 */
#include <l4/ipc.h>
#include <l4/kdebug.h>
#include <l4/kip.h>
#include <l4/message.h>
#include <l4/schedule.h>
#include <l4/space.h>
#include <l4/thread.h>

#include "hosted.h"

#define CHECK HOSTED_ASSERT
#define EQ HOSTED_CHECK_EQ

#define W ((L4_Word_t)sizeof(L4_Word_t))
/* UTCB word indices from P (spec 6.1 / 6.2) */
#define TCR_ERROR_CODE          9
#define TCR_USER_HANDLE         13
#define TCR_PAGER               12
#define TCR_MY_GLOBAL_ID        15
#define TCR_BR0                 16
#define P_OFFSET                (64 * W)        /* P - UTCB block start */

/* IPC ErrorCode values (spec 5.2) */
#define E_SEND_TIMEOUT          2
#define E_RECV_TIMEOUT          3
#define E_SEND_NONEXIST         4
#define E_RECV_NONEXIST         5
#define E_SEND_CANCELED         6
#define E_RECV_CANCELED         7
#define E_SEND_OVERFLOW(off)    (((L4_Word_t)(off) << 4) | 8)
#define E_RECV_OVERFLOW(off)    (((L4_Word_t)(off) << 4) | 9)

static void *kip;
static L4_Word_t user_base;
static L4_ThreadId_t root;

static L4_Word_t *utcb(void)
{
	return (L4_Word_t *)L4_MyLocalId().raw;
}

static L4_Word_t clock_us(void)
{
	return (L4_Word_t)L4_SystemClock().raw;
}

static L4_Word_t pattern(L4_Word_t round, L4_Word_t i)
{
	return (round * 0x10001UL + i * 0x9e3779b9UL) ^ 0x5a5a5a5aUL;
}

static void load_untyped(L4_Word_t label, L4_Word_t u, L4_Word_t round)
{
	L4_Set_MsgTag(L4_MsgTagMake(label, u, 0));
	for (L4_Word_t i = 1; i <= u; i++)
		L4_LoadMR((int)i, pattern(round, i));
}

/* A thread that waits for a message from `root' forever. */
static void wait_for_root(void)
{
	L4_Receive(root);
	hosted_fail("wait_for_root: got a message");
}

/* ---- KIP and UTCB ------------------------------------------------------- */

static void t_kip(void)
{
	L4_Word_t ver, flags, id, y, m, d;
	void *k = L4_KernelInterface(&ver, &flags, &id);
	L4_Word_t *w = k;

	EQ((L4_Word_t)k, (L4_Word_t)kip);
	EQ(w[0], 0x4BE6344CUL);
	EQ(ver, 0x84050000UL);
	EQ(w[1], ver);
	EQ(flags, W == 8 ? 4 : 0);
	EQ(w[2], flags);
	EQ(id, __L4_KernelDesc(k)[0]);
	EQ(L4_ApiVersion(), ver);
	EQ(L4_ApiFlags(), flags);
	EQ(L4_KernelId(), id);
	EQ(L4_KernelSupplier(k), 'L' | '4' << 8 | 'I' << 16 | 'D' << 24);
	L4_KernelGenDate(k, &y, &m, &d);
	CHECK(y >= 2026 && m >= 1 && m <= 12 && d >= 1 && d <= 31);
	CHECK(strlen(L4_KernelVersionString(k)) > 0);
	CHECK(L4_Feature(k, 0) && strcmp(L4_Feature(k, 0), "hosted") == 0);
	CHECK(L4_Feature(k, 1) == 0);

	EQ(L4_UtcbSize(k), 128 * W);
	EQ(L4_UtcbAlignmentLog2(k), W == 8 ? 10 : 9);
	EQ(L4_UtcbAreaSizeLog2(k), 12);
	EQ(L4_KipAreaSizeLog2(k), 12);
	EQ(L4_NumProcessors(k), 1);
	CHECK(L4_ProcDescInternalFreq(L4_ProcDesc(k, 0)) > 0);
	EQ(L4_ThreadIdBits(k), W == 8 ? 18 : 17);
	CHECK(L4_ThreadIdSystemBase(k) < L4_ThreadIdUserBase(k));
	CHECK(L4_PageSizeMask(k) & 0x1000);
	EQ(L4_NumMemoryDescriptors(k), 0);

	/* the 11 links point at stubs in the KIP page, from 0x800 */
	for (int i = 52; i <= 62; i++) {
		L4_Word_t a = W == 8 ? w[i] : (L4_Word_t)k + w[i];
		CHECK(a >= (L4_Word_t)k + 0x800 && a < (L4_Word_t)k + 0x1000);
	}
	EQ(w[56], w[57]);                       /* Lipc = Ipc */
	EQ(w[47], 72 * W);                      /* ProcDesc after the KIP */
}

static void report_handle(void)
{
	L4_Set_MsgTag(L4_MsgTagMake(0, 2, 0));
	L4_LoadMR(1, L4_UserDefinedHandle());
	L4_LoadMR(2, L4_Pager().raw);
	L4_Send(root);
}

static void t_utcb(void)
{
	L4_Word_t *p = utcb(), gs, v;

	__asm__("mov %%gs:0, %0" : "=r"(gs));
	EQ(gs, (L4_Word_t)p);
	EQ((L4_Word_t)p & 63, 0);               /* a local ID */
	EQ(((L4_Word_t)p - P_OFFSET) % (128 * W), 0);
	EQ(L4_MyGlobalId().raw, L4_GlobalId(user_base + 2, 1).raw);
	EQ(p[-TCR_MY_GLOBAL_ID], L4_MyGlobalId().raw);
	EQ(L4_ProcessorNo(), 0);

	L4_Set_UserDefinedHandle(0x1234);
	EQ(p[-TCR_USER_HANDLE], 0x1234);
	L4_Set_Pager(L4_GlobalId(user_base + 7, 3));
	EQ(p[-TCR_PAGER], L4_GlobalId(user_base + 7, 3).raw);
	L4_LoadBR(0, 0x50);
	EQ(p[-TCR_BR0], 0x50);
	L4_LoadBR(5, 0x77);
	EQ(p[-TCR_BR0 - 5], 0x77);
	L4_StoreBR(5, &v);
	EQ(v, 0x77);
	L4_LoadMR(9, 0x99);
	EQ(p[9], 0x99);

	/* ErrorCode TCR */
	L4_Set_MsgTag(L4_Niltag);
	L4_MsgTag_t tag = L4_Send(L4_GlobalId(user_base + 200, 1));
	EQ(tag.raw, 0x8000);
	EQ(p[-TCR_ERROR_CODE], E_SEND_NONEXIST);
	EQ(L4_ErrorCode(), E_SEND_NONEXIST);

	/* ID conversion through ExchangeRegisters */
	EQ(L4_GlobalIdOf(L4_MyLocalId()).raw, L4_MyGlobalId().raw);
	EQ(L4_LocalIdOf(L4_MyGlobalId()).raw, L4_MyLocalId().raw);

	/* another thread's handle and pager */
	L4_ThreadId_t t = hosted_thread_create(report_handle);
	L4_Set_UserDefinedHandleOf(t, 0xabc);
	EQ(L4_UserDefinedHandleOf(t), 0xabc);
	L4_Set_PagerOf(t, root);
	EQ(L4_PagerOf(t).raw, root.raw);
	L4_ThreadId_t lt = L4_LocalIdOf(t);
	CHECK(L4_IsLocalId(lt));
	EQ(L4_GlobalIdOf(lt).raw, t.raw);
	EQ(*(L4_Word_t *)(lt.raw - TCR_MY_GLOBAL_ID * W), t.raw);
	tag = L4_Receive(t);
	CHECK(L4_IpcSucceeded(tag));
	EQ(p[1], 0xabc);
	EQ(p[2], root.raw);
}

/* ---- untyped call / reply ------------------------------------------------ */

static L4_ThreadId_t echo_client_seen;

/* Replies to every call with the words transformed and label + 1. */
static void echo_server(void)
{
	L4_ThreadId_t client;
	L4_MsgTag_t tag = L4_Wait(&client);

	for (;;) {
		L4_Word_t w[64], u = L4_UntypedWords(tag);
		CHECK(L4_IpcSucceeded(tag));
		EQ(L4_TypedWords(tag), 0);
		echo_client_seen = client;
		L4_StoreMRs(1, (int)u, w);
		for (L4_Word_t i = 0; i < u; i++)
			w[i] = ~w[i] + i;
		L4_Set_MsgTag(L4_MsgTagMake(L4_Label(tag) + 1, u, 0));
		L4_LoadMRs(1, (int)u, w);
		tag = L4_ReplyWait(client, &client);
	}
}

static void t_call_untyped(void)
{
	L4_ThreadId_t srv = hosted_thread_create(echo_server);
	L4_Word_t *p = utcb();

	for (L4_Word_t round = 0; round < 3; round++) {
		for (L4_Word_t u = 0; u <= 63; u++) {
			load_untyped(0x100 + u, u, round + u);
			for (L4_Word_t i = u + 1; i < 64; i++)
				p[i] = 0xfeed0000UL + i;        /* must survive */
			L4_ThreadId_t from = L4_nilthread;
			L4_MsgTag_t tag = L4_Ipc(srv, srv, L4_Timeouts(L4_Never, L4_Never), &from);
			CHECK(L4_IpcSucceeded(tag));
			EQ(tag.raw, L4_MsgTagMake(0x101 + u, u, 0).raw);
			EQ(p[0], tag.raw);
			/* the server in the same space is reported by its local ID */
			EQ(from.raw, L4_LocalIdOf(srv).raw);
			EQ(echo_client_seen.raw, L4_MyLocalId().raw);
			/* MR1.. (ia32: MR1, MR2; amd64: MR1..MR7 came back in
			   registers) must be in the UTCB */
			for (L4_Word_t i = 1; i <= u; i++)
				EQ(p[i], ~pattern(round + u, i) + (i - 1));
			for (L4_Word_t i = u + 1; i < 64; i++)
				EQ(p[i], 0xfeed0000UL + i);
		}
	}
	/* L4_Call and the message helpers */
	L4_Msg_t msg;
	L4_MsgClear(&msg);
	L4_Set_MsgLabel(&msg, 0x42);
	L4_MsgAppendWord(&msg, 7);
	L4_MsgAppendWord(&msg, 8);
	L4_MsgLoad(&msg);
	L4_MsgTag_t tag = L4_Call(srv);
	CHECK(L4_IpcSucceeded(tag));
	L4_MsgStore(tag, &msg);
	EQ(L4_MsgLabel(&msg), 0x43);
	EQ(L4_MsgWord(&msg, 0), ~7UL);
	EQ(L4_MsgWord(&msg, 1), ~8UL + 1);
}

/*
 * The raw register contract of Ipc (spec 9.2 / 9.3), seen from assembly
 * (regs.S): inputs from registers, outputs in registers, nothing written
 * below the caller's stack pointer but the return address.
 */
struct regs {
#if defined(__x86_64__)
	L4_Word_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	L4_Word_t r8, r9, r10, r11, r12, r13, r14, r15;
#else
	L4_Word_t eax, ebx, ecx, edx, esi, edi, ebp;
#endif
	L4_Word_t canary[15];
};
void regs_call(struct regs *r);

static void t_registers(void)
{
	L4_ThreadId_t srv = hosted_thread_create(echo_server);
	L4_Word_t *p = utcb();
	L4_Word_t tag = L4_MsgTagMake(0x33, 7, 0).raw;
	L4_Word_t reply = L4_MsgTagMake(0x34, 7, 0).raw;
	struct regs r;

	L4_Yield();                             /* the server waits */
	memset(&r, 0, sizeof r);
#if defined(__x86_64__)
	/* MR0..MR7 travel in registers; the UTCB copies are stale */
	for (int i = 0; i < 8; i++)
		p[i] = 0xdead;
	r.rsi = srv.raw;                        /* to */
	r.rdx = srv.raw;                        /* FromSpecifier */
	r.r8 = L4_Timeouts(L4_Never, L4_Never);
	r.r9 = tag;
	r.rax = 11, r.rbx = 12, r.r10 = 13, r.r12 = 14;
	r.r13 = 15, r.r14 = 16, r.r15 = 17;
	r.rdi = (L4_Word_t)p;
	r.rbp = 0xb0b0, r.rcx = 0xc0c0, r.r11 = 0x1111;
	regs_call(&r);
	EQ(r.rsi, L4_LocalIdOf(srv).raw);       /* from */
	EQ(r.r9, reply);                        /* MR0 */
	L4_Word_t *mr[7] = { &r.rax, &r.rbx, &r.r10, &r.r12, &r.r13, &r.r14, &r.r15 };
	for (L4_Word_t i = 0; i < 7; i++) {
		EQ(*mr[i], ~(11 + i) + i);      /* MR1..MR7 */
		EQ(p[i + 1], *mr[i]);
	}
	EQ(r.rdi, (L4_Word_t)p);                /* P */
#else
	p[0] = 0xdead;                          /* MR0 travels in ESI */
	for (L4_Word_t i = 1; i <= 7; i++)
		p[i] = 10 + i;
	r.eax = srv.raw;                        /* to */
	r.ecx = L4_Timeouts(L4_Never, L4_Never);
	r.edx = srv.raw;                        /* FromSpecifier */
	r.esi = tag;
	r.edi = (L4_Word_t)p;
	r.ebx = 0xb0b0, r.ebp = 0xe0e0;
	regs_call(&r);
	EQ(r.eax, L4_LocalIdOf(srv).raw);       /* from */
	EQ(r.esi, reply);                       /* MR0 */
	EQ(r.ebx, ~11UL);                       /* MR1 */
	EQ(r.ebp, ~12UL + 1);                   /* MR2 */
	EQ(r.edi, (L4_Word_t)p);                /* P */
	for (L4_Word_t i = 1; i <= 7; i++)      /* MR1..MR7 in the UTCB too */
		EQ(p[i], ~(10 + i) + (i - 1));
#endif
	for (int i = 0; i < 15; i++)
		EQ(r.canary[i], 0x5afe5afe);
}

/* ---- x87/SSE registers ---------------------------------------------- */

void fpu_call(struct regs *r, const void *fpu_in, void *fpu_out);

/* Waits for a call, then changes every x87/SSE register it can before it
 * replies: the caller's must come back unchanged (a kernel keeps each
 * thread's FPU state; GCC keeps values in XMM registers across a stub's
 * Ipc, which clobbers only the registers the ABI names). */
static void fpu_clobber_server(void)
{
	static const unsigned mxcsr = 0x7f80;   /* round to zero */
	static const unsigned short fcw = 0x0c7f; /* round to zero, 24 bits */
	L4_ThreadId_t from;

	L4_Wait(&from);
	for (;;) {
		__asm__ __volatile__ (
			"pcmpeqd %%xmm0, %%xmm0\n\t"
			"pcmpeqd %%xmm1, %%xmm1\n\t"
			"pcmpeqd %%xmm2, %%xmm2\n\t"
			"pcmpeqd %%xmm3, %%xmm3\n\t"
			"pcmpeqd %%xmm4, %%xmm4\n\t"
			"pcmpeqd %%xmm5, %%xmm5\n\t"
			"pcmpeqd %%xmm6, %%xmm6\n\t"
			"pcmpeqd %%xmm7, %%xmm7\n\t"
#if defined(__x86_64__)
			"pcmpeqd %%xmm8, %%xmm8\n\t"
			"pcmpeqd %%xmm15, %%xmm15\n\t"
#endif
			"ldmxcsr %0\n\t"
			"fldcw %1"
			: : "m" (mxcsr), "m" (fcw)
#if defined(__SSE__)                            /* (GCC knows the XMM registers) */
			: "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7"
#if defined(__x86_64__)
			, "xmm8", "xmm15"
#endif
#endif
			);
		L4_LoadMR(0, L4_MsgTagMake(0x77, 0, 0).raw);
		L4_ReplyWait(from, &from);
	}
}

static void t_fpu_registers(void)
{
	static unsigned char in[512] __attribute__((aligned(16)));
	static unsigned char out[512] __attribute__((aligned(16)));
	L4_ThreadId_t srv = hosted_thread_create(fpu_clobber_server);
	struct regs r;
	int nxmm = sizeof(L4_Word_t) == 8 ? 16 : 8;

	L4_Yield();                             /* the server waits */
	__asm__ __volatile__ ("fxsave %0" : "=m" (in));
	in[0] = 0x7f, in[1] = 0x0e;             /* FCW: round down, 64 bits */
	in[24] = 0x80, in[25] = 0x3f;           /* MXCSR: round down */
	for (int i = 0; i < 16 * nxmm; i++)     /* XMM0.. */
		in[160 + i] = (unsigned char)(0x11 * i + 3);
	memset(&r, 0, sizeof r);
#if defined(__x86_64__)
	r.rsi = srv.raw, r.rdx = srv.raw, r.r8 = L4_Timeouts(L4_Never, L4_Never);
	r.r9 = L4_MsgTagMake(0x76, 0, 0).raw;
	r.rdi = (L4_Word_t)utcb();
	fpu_call(&r, in, out);
	EQ(r.r9, L4_MsgTagMake(0x77, 0, 0).raw);
#else
	r.eax = srv.raw, r.edx = srv.raw, r.ecx = L4_Timeouts(L4_Never, L4_Never);
	r.esi = L4_MsgTagMake(0x76, 0, 0).raw;
	r.edi = (L4_Word_t)utcb();
	fpu_call(&r, in, out);
	EQ(r.esi, L4_MsgTagMake(0x77, 0, 0).raw);
#endif
	EQ(out[0] | out[1] << 8, 0x0e7f);       /* FCW */
	EQ(out[24] | out[25] << 8, 0x3f80);     /* MXCSR */
	for (int i = 0; i < 16 * nxmm; i++)
		EQ(out[160 + i], in[160 + i]);
}

/* A send-only IPC leaves the sender's MRs alone and returns its tag. */
static L4_Word_t sink_words[8];
static L4_MsgTag_t sink_tag;

static void sink(void)
{
	L4_ThreadId_t from = L4_nilthread;
	sink_tag = L4_Wait(&from);
	L4_StoreMRs(1, 5, sink_words);
	L4_Receive(root);
}

static void t_send_only(void)
{
	L4_ThreadId_t t = hosted_thread_create(sink);
	L4_Word_t *p = utcb();

	L4_Yield();                             /* sink is now waiting */
	load_untyped(0x77, 5, 9);
	p[6] = 0x666;
	L4_MsgTag_t tag = L4_Send(t);
	EQ(tag.raw, L4_MsgTagMake(0x77, 5, 0).raw);
	for (L4_Word_t i = 1; i <= 5; i++)
		EQ(p[i], pattern(9, i));
	EQ(p[6], 0x666);
	L4_Yield();                             /* let the sink store */
	EQ(sink_tag.raw, L4_MsgTagMake(0x77, 5, 0).raw);
	for (L4_Word_t i = 0; i < 5; i++)
		EQ(sink_words[i], pattern(9, i + 1));
}

static void t_lipc(void)
{
	L4_ThreadId_t srv = hosted_thread_create(echo_server);

	L4_Yield();
	load_untyped(5, 3, 1);
	L4_MsgTag_t tag = L4_Lcall(L4_LocalIdOf(srv));
	CHECK(L4_IpcSucceeded(tag));
	EQ(L4_Label(tag), 6);
	EQ(utcb()[3], ~pattern(1, 3) + 2);
}

/* ---- errors of the send and receive phases ------------------------------ */

/* Waits for one message from root, then exits. */
static void wait_root_once(void)
{
	L4_Receive(root);
}

/* Waits forever for a message from itself: never ready for anybody. */
static void wait_self(void)
{
	L4_Receive(L4_Myself());
	hosted_fail("wait_self: got a message");
}

static L4_Word_t zt_err;
static L4_MsgTag_t zt_tag;

/* Sends with zero timeout to `zt_target', which waits for root only. */
static L4_ThreadId_t zt_target;
static void zero_sender(void)
{
	L4_Set_MsgTag(L4_Niltag);
	zt_tag = L4_Send_Timeout(zt_target, L4_ZeroTime);
	zt_err = L4_ErrorCode();
	L4_Send(root);
}

static void t_send_zero_timeout(void)
{
	L4_ThreadId_t t = hosted_thread_create(wait_root_once), from = L4_nilthread;
	L4_MsgTag_t tag;

	/* t has not run yet: it is not receiving */
	L4_Set_MsgTag(L4_MsgTagMake(1, 0, 0));
	L4_Word_t c0 = clock_us();
	tag = L4_Send_Timeout(t, L4_ZeroTime);
	EQ(tag.raw, 0x8000);
	EQ(L4_ErrorCode(), E_SEND_TIMEOUT);
	EQ(clock_us() - c0, 1);                 /* no time passed */

	/* now t waits, but for root only: another sender gets the error */
	L4_Yield();
	zt_target = t;
	L4_ThreadId_t z = hosted_thread_create(zero_sender);
	tag = L4_Receive(z);
	CHECK(L4_IpcSucceeded(tag));
	EQ(zt_tag.raw, 0x8000);
	EQ(zt_err, E_SEND_TIMEOUT);

	/* root's reply (zero send timeout) reaches t; t then exits */
	L4_Set_MsgTag(L4_MsgTagMake(2, 0, 0));
	tag = L4_Reply(t);
	CHECK(L4_IpcSucceeded(tag));
	L4_Yield();
	tag = L4_Reply(t);
	EQ(tag.raw, 0x8000);
	EQ(L4_ErrorCode(), E_SEND_NONEXIST);
	(void)from;
}

static void t_send_timeout(void)
{
	L4_ThreadId_t t = hosted_thread_create(wait_self);

	L4_Yield();
	L4_Word_t c0 = clock_us();
	L4_Set_MsgTag(L4_Niltag);
	L4_MsgTag_t tag = L4_Send_Timeout(t, L4_TimePeriod(500));
	EQ(tag.raw, 0x8000);
	EQ(L4_ErrorCode(), E_SEND_TIMEOUT);
	L4_Word_t dt = clock_us() - c0;
	CHECK(dt >= 500 && dt < 600);
	/* a call whose send phase times out runs no receive phase */
	tag = L4_Call_Timeouts(t, L4_TimePeriod(100), L4_Never);
	EQ(L4_ErrorCode(), E_SEND_TIMEOUT);
}

static void t_nonexistent(void)
{
	L4_ThreadId_t nobody = L4_GlobalId(user_base + 200, 1);
	L4_MsgTag_t tag;

	L4_Set_MsgTag(L4_Niltag);
	tag = L4_Send(nobody);
	EQ(tag.raw, 0x8000);
	EQ(L4_ErrorCode(), E_SEND_NONEXIST);
	/* wrong version of an existing thread */
	tag = L4_Send(L4_GlobalId(user_base + 2, 2));
	EQ(L4_ErrorCode(), E_SEND_NONEXIST);
	/* sigma0 and kernel/interrupt threads do not exist here */
	tag = L4_Send(L4_GlobalId(user_base, 1));
	EQ(L4_ErrorCode(), E_SEND_NONEXIST);
	/* a call fails in the send phase; no receive phase */
	tag = L4_Call(nobody);
	EQ(tag.raw, 0x8000);
	EQ(L4_ErrorCode(), E_SEND_NONEXIST);
	/* closed receive from a thread that does not exist */
	tag = L4_Receive(nobody);
	EQ(tag.raw, 0x8000);
	EQ(L4_ErrorCode(), E_RECV_NONEXIST);
	tag = L4_Receive(L4_GlobalId(1, 1));
	EQ(L4_ErrorCode(), E_RECV_NONEXIST);
	/* an unused local ID */
	tag = L4_Receive((L4_ThreadId_t){ .raw = L4_MyLocalId().raw + 128 * W * 50 });
	EQ(L4_ErrorCode(), E_RECV_NONEXIST);
}

static int ran;

static void note_run(void)
{
	ran = 1;
	L4_Receive(root);
}

static void t_recv_timeout(void)
{
	L4_ThreadId_t t = hosted_thread_create(wait_for_root);
	L4_Word_t c0 = clock_us();

	/* a zero timeout fails at once: no other thread runs meanwhile */
	hosted_thread_create(note_run);
	L4_MsgTag_t tag = L4_Receive_Timeout(t, L4_ZeroTime);
	EQ(tag.raw, 0x8000);
	EQ(L4_ErrorCode(), E_RECV_TIMEOUT);
	EQ(clock_us() - c0, 1);                 /* zero: no time passed */
	EQ(ran, 0);
	tag = L4_Send_Timeout(t, L4_ZeroTime);  /* t has not run either */
	EQ(L4_ErrorCode(), E_SEND_TIMEOUT);
	EQ(ran, 0);

	c0 = clock_us();
	tag = L4_Receive_Timeout(t, L4_TimePeriod(1000));
	EQ(tag.raw, 0x8000);
	EQ(L4_ErrorCode(), E_RECV_TIMEOUT);
	L4_Word_t dt = clock_us() - c0;
	CHECK(dt >= 1000 && dt < 1100);

	c0 = clock_us();
	tag = L4_Wait_Timeout(L4_TimePeriod(300), &t);
	EQ(L4_ErrorCode(), E_RECV_TIMEOUT);
	CHECK(clock_us() - c0 >= 300);

	c0 = clock_us();
	L4_Sleep(L4_TimePeriod(20000));
	CHECK(clock_us() - c0 >= 20000);
	/* the clock only advances */
	L4_Word_t a = clock_us(), b = clock_us();
	CHECK(b > a);
}

/* ---- closed and open receive ---------------------------------------------- */

static void send_label_b(void)
{
	L4_Set_MsgTag(L4_MsgTagMake(0xb, 0, 0));
	L4_Send(root);
	L4_Receive(root);
}

static void send_label_c(void)
{
	L4_Set_MsgTag(L4_MsgTagMake(0xc, 1, 0));
	L4_LoadMR(1, 0xcc);
	L4_Send(root);
	L4_Receive(root);
}

static void send_label_d(void)
{
	L4_Set_MsgTag(L4_MsgTagMake(0xd, 0, 0));
	L4_Send(root);
	L4_Receive(root);
}

static void t_closed_receive(void)
{
	L4_ThreadId_t c = hosted_thread_create(send_label_c);
	L4_ThreadId_t b = hosted_thread_create(send_label_b);
	L4_ThreadId_t from = L4_nilthread;

	L4_Yield();                     /* c, then b, block sending to us */
	EQ(L4_Set_Priority(c, 100), L4_SCHEDRESULT_PENDING_SEND);
	/* a closed receive from b ignores c, which is first in line */
	L4_MsgTag_t tag = L4_Ipc(L4_nilthread, b, L4_Timeouts(L4_Never, L4_Never), &from);
	CHECK(L4_IpcSucceeded(tag));
	EQ(L4_Label(tag), 0xb);
	EQ(from.raw, L4_LocalIdOf(b).raw);
	/* a closed receive by local ID */
	tag = L4_Ipc(L4_nilthread, L4_LocalIdOf(c), L4_Timeouts(L4_Never, L4_Never), &from);
	EQ(L4_Label(tag), 0xc);
	EQ(utcb()[1], 0xcc);
	/* nothing else is queued */
	tag = L4_Wait_Timeout(L4_ZeroTime, &from);
	EQ(L4_ErrorCode(), E_RECV_TIMEOUT);
}

static void t_open_receive(void)
{
	L4_ThreadId_t d = hosted_thread_create(send_label_d);
	L4_ThreadId_t b = hosted_thread_create(send_label_b);
	L4_ThreadId_t c = hosted_thread_create(send_label_c);
	L4_ThreadId_t from = L4_nilthread;
	L4_MsgTag_t tag;

	L4_Yield();
	/* open receive: in arrival order */
	tag = L4_Wait(&from);
	EQ(L4_Label(tag), 0xd);
	EQ(L4_GlobalIdOf(from).raw, d.raw);
	tag = L4_Wait(&from);
	EQ(L4_Label(tag), 0xb);
	EQ(L4_GlobalIdOf(from).raw, b.raw);
	/* anylocalthread: every thread is local here */
	tag = L4_Ipc(L4_nilthread, L4_anylocalthread, L4_Timeouts(L4_Never, L4_Never), &from);
	EQ(L4_Label(tag), 0xc);
	EQ(L4_GlobalIdOf(from).raw, c.raw);
	L4_Yield();                     /* c now waits for root */
	EQ(L4_Set_Priority(c, 100), L4_SCHEDRESULT_WAITING);
	/* a receive that has to wait: the sender arrives later */
	L4_ThreadId_t d2 = hosted_thread_create(send_label_d);
	tag = L4_Receive(d2);
	EQ(L4_Label(tag), 0xd);
}

/* ---- message overflow ------------------------------------------------------ */

static L4_MsgTag_t ovf_tag;
static L4_Word_t ovf_err, ovf_words[64];
static L4_ThreadId_t ovf_from;

/* Receive once with acceptor `acc', record, then answer a query. */
static L4_Word_t recorder_acceptor;
static void recorder(void)
{
	L4_ThreadId_t from = L4_nilthread;
	L4_Accept((L4_Acceptor_t){ .raw = recorder_acceptor });
	ovf_tag = L4_Wait(&ovf_from);
	ovf_err = L4_ErrorCode();
	L4_StoreMRs(1, 63, ovf_words);
	L4_Wait(&from);                 /* the root's go-ahead */
	L4_Set_MsgTag(L4_Niltag);
	L4_Reply(from);
}

static void finish_recorder(L4_ThreadId_t r)
{
	L4_Set_MsgTag(L4_Niltag);
	L4_MsgTag_t tag = L4_Call(r);
	CHECK(L4_IpcSucceeded(tag));
}

static void t_overflow_mrs(void)
{
	static const L4_Word_t shapes[][2] = { { 63, 1 }, { 10, 60 }, { 0, 64 } };

	for (int s = 0; s < 3; s++) {
		L4_Word_t u = shapes[s][0], t = shapes[s][1] & 63;
		if (shapes[s][1] == 64)
			t = 63, u = 1;          /* 1 + 63 = 64 words */
		recorder_acceptor = 0;
		L4_ThreadId_t r = hosted_thread_create(recorder);
		L4_Yield();
		load_untyped(0x99, u, s);
		L4_Set_MsgTag(L4_MsgTagMake(0x99, u, t));
		L4_MsgTag_t tag = L4_Call(r);
		CHECK(L4_IpcFailed(tag));
		EQ(tag.raw, L4_MsgTagMake(0x99, u, t).raw | 0x8000);
		EQ(L4_ErrorCode(), E_SEND_OVERFLOW(0));
		L4_Yield();                     /* let the receiver record */
		/* the receiver gets the error too, from us */
		CHECK(L4_IpcFailed(ovf_tag));
		EQ(ovf_err, E_RECV_OVERFLOW(0));
		EQ(ovf_from.raw, L4_MyLocalId().raw);
		for (L4_Word_t i = 1; i <= u; i++)   /* untyped words arrived */
			EQ(ovf_words[i - 1], pattern(s, i));
		finish_recorder(r);
	}
}

/* ---- string items --------------------------------------------------------- */

static char rbuf[4][64];
static L4_Word_t str_err;
static L4_MsgTag_t str_tag;
static L4_Word_t str_mrs[16];

static void string_server(void)
{
	L4_ThreadId_t from = L4_nilthread;
	L4_MsgBuffer_t b;

	L4_MsgBufferClear(&b);
	L4_MsgBufferAppendSimpleRcvString(&b, L4_StringItem(40, rbuf[0]));
	L4_MsgBufferAppendSimpleRcvString(&b, L4_StringItem(64, rbuf[1]));
	L4_AcceptStrings(L4_StringItemsAcceptor, &b);
	str_tag = L4_Wait(&from);
	str_err = L4_ErrorCode();
	L4_StoreMRs(1, 16, str_mrs);
	if (L4_IpcFailed(str_tag)) {
		L4_Wait(&from);
		L4_Set_MsgTag(L4_Niltag);
		L4_Reply(from);
		return;
	}
	/* reply with a string into the client's buffer */
	L4_Set_MsgTag(L4_MsgTagMake(0, 0, 2));
	L4_StringItem_t s = L4_StringItem(6, (void *)"reply!");
	L4_LoadMRs(1, 2, s.raw);
	L4_Reply(from);
}

static void t_strings_simple(void)
{
	static char cbuf[32];
	static char data[] = "hello, string world";
	L4_MsgBuffer_t b;

	memset(rbuf, '.', sizeof rbuf);
	L4_ThreadId_t srv = hosted_thread_create(string_server);
	L4_Yield();
	L4_MsgBufferClear(&b);
	L4_MsgBufferAppendSimpleRcvString(&b, L4_StringItem(sizeof cbuf, cbuf));
	L4_AcceptStrings(L4_StringItemsAcceptor, &b);

	L4_StringItem_t s = L4_StringItem(sizeof data, data);
	L4_Set_MsgTag(L4_MsgTagMake(0x5, 1, 2));
	L4_LoadMR(1, 0x1111);
	L4_LoadMRs(2, 2, s.raw);
	L4_MsgTag_t tag = L4_Call(srv);
	CHECK(L4_IpcSucceeded(tag));
	EQ(str_tag.raw, L4_MsgTagMake(0x5, 1, 2).raw);
	EQ(str_mrs[0], 0x1111);
	EQ(str_mrs[1], s.raw[0]);               /* sender's item words */
	EQ(str_mrs[2], (L4_Word_t)data);
	CHECK(memcmp(rbuf[0], data, sizeof data) == 0);
	EQ(rbuf[0][sizeof data], '.');
	EQ(rbuf[1][0], '.');                    /* second buffer unused */
	/* the reply's string landed in our buffer */
	EQ(L4_TypedWords(tag), 2);
	CHECK(memcmp(cbuf, "reply!", 6) == 0);
}

static void t_strings_compound(void)
{
	static char s1[] = "ABCD", s2[] = "EFGH", s3[] = "IJKLMN", s4[] = "xyz";
	static char x1[4], x2[4], x3[4], y[12], z[8];
	L4_Word_t *p = utcb();

	memset(x1, '.', 4); memset(x2, '.', 4); memset(x3, '.', 4);
	memset(y, '.', 12); memset(z, '.', 8);
	/* receive buffers: one compound buffer (3 x 3 bytes, then 10 bytes),
	   then a simple one of 8 bytes */
	L4_Word_t br[8] = {
		(3UL << 10) | (2UL << 4) | 0x200 | 1, (L4_Word_t)x1,
		(L4_Word_t)x2, (L4_Word_t)x3,
		(10UL << 10) | 1, (L4_Word_t)y,
		(8UL << 10), (L4_Word_t)z,
	};
	recorder_acceptor = 1;
	L4_ThreadId_t r = hosted_thread_create(recorder);
	L4_Yield();                             /* recorder set BR0 */
	/* the recorder's buffers: write its BRs directly (its UTCB) */
	L4_Word_t *rp = (L4_Word_t *)L4_LocalIdOf(r).raw;
	for (int i = 0; i < 8; i++)
		rp[-TCR_BR0 - 1 - i] = br[i];

	/* send: a compound string of 4+4 bytes (j = 1) and 6 bytes, then a
	   simple string of 3 bytes */
	L4_Word_t items[7] = {
		(4UL << 10) | (1UL << 4) | 0x200, (L4_Word_t)s1, (L4_Word_t)s2,
		(6UL << 10), (L4_Word_t)s3,
		(3UL << 10), (L4_Word_t)s4,
	};
	L4_Set_MsgTag(L4_MsgTagMake(0x7, 1, 7));
	L4_LoadMR(1, 0xabc);
	L4_LoadMRs(2, 7, items);
	L4_MsgTag_t tag = L4_Send(r);
	CHECK(L4_IpcSucceeded(tag));
	for (int i = 0; i < 7; i++)
		EQ(p[2 + i], items[i]);         /* sender's MRs untouched */
	L4_Yield();
	CHECK(L4_IpcSucceeded(ovf_tag));
	EQ(ovf_tag.raw, L4_MsgTagMake(0x7, 1, 7).raw);
	EQ(ovf_words[0], 0xabc);
	for (int i = 0; i < 7; i++)
		EQ(ovf_words[1 + i], items[i]); /* receiver: sender's items */
	CHECK(memcmp(x1, "ABC.", 4) == 0);
	CHECK(memcmp(x2, "DEF.", 4) == 0);
	CHECK(memcmp(x3, "GHI.", 4) == 0);
	CHECK(memcmp(y, "JKLMN.", 6) == 0);    /* rest of buffer skipped */
	CHECK(memcmp(z, "xyz.", 4) == 0);
	finish_recorder(r);
}

static void t_strings_overflow(void)
{
	static char big[100];

	for (int i = 0; i < 100; i++)
		big[i] = (char)('a' + i % 26);
	memset(rbuf, '.', sizeof rbuf);
	L4_ThreadId_t srv = hosted_thread_create(string_server);
	L4_Yield();
	L4_StringItem_t s = L4_StringItem(100, big);
	L4_Set_MsgTag(L4_MsgTagMake(0x6, 0, 2));
	L4_LoadMRs(1, 2, s.raw);
	L4_MsgTag_t tag = L4_Call(srv);
	/* the 40-byte buffer overflows after 40 bytes: both sides */
	CHECK(L4_IpcFailed(tag));
	EQ(tag.raw, L4_MsgTagMake(0x6, 0, 2).raw | 0x8000);
	EQ(L4_ErrorCode(), E_SEND_OVERFLOW(40));
	L4_Yield();
	CHECK(L4_IpcFailed(str_tag));
	EQ(str_err, E_RECV_OVERFLOW(40));
	CHECK(memcmp(rbuf[0], big, 40) == 0);
	EQ(rbuf[1][0], '.');                    /* never spills over */
	finish_recorder(srv);

	/* two strings, but the first buffer has C = 0: the buffer after it
	   must not be used */
	static char one[8], two[8] = "-------";
	L4_Word_t br[4] = { 8UL << 10, (L4_Word_t)one, 8UL << 10, (L4_Word_t)two };
	recorder_acceptor = 1;
	L4_ThreadId_t r = hosted_thread_create(recorder);
	L4_Yield();
	L4_Word_t *rp = (L4_Word_t *)L4_LocalIdOf(r).raw;
	for (int i = 0; i < 4; i++)
		rp[-TCR_BR0 - 1 - i] = br[i];
	L4_Word_t items[4] = { 5UL << 10, (L4_Word_t)"12345", 2UL << 10, (L4_Word_t)"67" };
	L4_Set_MsgTag(L4_MsgTagMake(0x8, 0, 4));
	L4_LoadMRs(1, 4, items);
	tag = L4_Call(r);
	CHECK(L4_IpcFailed(tag));
	EQ(L4_ErrorCode(), E_SEND_OVERFLOW(5));
	L4_Yield();
	EQ(ovf_err, E_RECV_OVERFLOW(5));
	CHECK(memcmp(one, "12345", 5) == 0);
	CHECK(memcmp(two, "-------", 8) == 0);
	finish_recorder(r);
}

static void t_strings_no_acceptor(void)
{
	recorder_acceptor = 0;                  /* untyped words only */
	L4_ThreadId_t r = hosted_thread_create(recorder);
	L4_Yield();
	L4_StringItem_t s = L4_StringItem(4, (void *)"data");
	L4_Set_MsgTag(L4_MsgTagMake(0x9, 2, 2));
	L4_LoadMR(1, 0x21);
	L4_LoadMR(2, 0x22);
	L4_LoadMRs(3, 2, s.raw);
	L4_MsgTag_t tag = L4_Call(r);
	CHECK(L4_IpcFailed(tag));
	EQ(L4_ErrorCode(), E_SEND_OVERFLOW(0));
	L4_Yield();
	CHECK(L4_IpcFailed(ovf_tag));
	EQ(ovf_err, E_RECV_OVERFLOW(0));
	EQ(ovf_words[0], 0x21);                 /* untyped words arrived */
	EQ(ovf_words[1], 0x22);
	finish_recorder(r);
}

/* ---- map and grant items ---------------------------------------------------- */

static void t_map_item(void)
{
	static char page[8192] __attribute__((aligned(4096)));
	L4_Fpage_t fp = L4_FpageLog2((L4_Word_t)page, 12);
	L4_Set_Rights(&fp, L4_ReadWriteOnly);
	L4_MapItem_t mi = L4_MapItem(fp, 0x40000);
	L4_GrantItem_t gi = L4_GrantItem(fp, 0x80000);
	L4_Word_t acceptors[] = {
		L4_MapGrantItems(L4_CompleteAddressSpace).raw,
		L4_MapGrantItems(L4_FpageLog2(0x100000, 20)).raw,
		0,                              /* no receive window */
		L4_StringItemsAcceptor.raw,     /* strings, but no window */
	};

	for (int a = 0; a < 4; a++) {
		for (int g = 0; g < 2; g++) {
			const L4_Word_t *item = g ? gi.raw : mi.raw;
			recorder_acceptor = acceptors[a];
			L4_ThreadId_t r = hosted_thread_create(recorder);
			L4_Yield();
			L4_Set_MsgTag(L4_MsgTagMake(0xa, 1, 2));
			L4_LoadMR(1, 0x31);
			L4_LoadMRs(2, 2, item);
			L4_MsgTag_t tag = L4_Send(r);
			L4_Yield();             /* let the receiver record */
			if (a < 2) {
				CHECK(L4_IpcSucceeded(tag));
				EQ(ovf_tag.raw, L4_MsgTagMake(0xa, 1, 2).raw);
				EQ(ovf_words[0], 0x31);
				EQ(ovf_words[1], item[0]);
				EQ(ovf_words[2], item[1]);
				EQ((item[0] >> 1) & 7, g ? 5 : 4);
			} else {
				CHECK(L4_IpcFailed(tag));
				EQ(L4_ErrorCode(), E_SEND_OVERFLOW(0));
				CHECK(L4_IpcFailed(ovf_tag));
				EQ(ovf_err, E_RECV_OVERFLOW(0));
			}
			finish_recorder(r);
		}
	}
}

/* ---- threads ---------------------------------------------------------------- */

static L4_Word_t tc_stack[2][2048] __attribute__((aligned(16)));

static void tc_thread(void)
{
	L4_Set_MsgTag(L4_MsgTagMake(0x1e, 3, 0));
	L4_LoadMR(1, L4_MyGlobalId().raw);
	L4_LoadMR(2, L4_MyLocalId().raw);
	L4_LoadMR(3, L4_Pager().raw);
	L4_Call(root);
	L4_Receive(root);
}

static L4_Word_t stack_top(int i)
{
	/* as at a function's entry: the return-address slot on top */
	return (L4_Word_t)&tc_stack[i][2048] - W;
}

static void t_thread_control(void)
{
	L4_Word_t block0 = L4_MyLocalId().raw - P_OFFSET, usize = L4_UtcbSize(kip);
	L4_Word_t loc = block0 + 40 * usize;
	L4_ThreadId_t t = L4_GlobalId(user_base + 20, 3), from = L4_nilthread;
	L4_MsgTag_t tag;

	EQ(L4_ThreadControl(t, root, root, root, (void *)loc), 1);
	/* it waits for its start message from its pager */
	EQ(L4_Set_Priority(t, 100), L4_SCHEDRESULT_WAITING);
	EQ(L4_LocalIdOf(t).raw, loc + P_OFFSET);
	L4_Set_MsgTag(L4_MsgTagMake(0, 2, 0));
	L4_LoadMR(1, (L4_Word_t)tc_thread);
	L4_LoadMR(2, stack_top(0));
	tag = L4_Send(t);
	CHECK(L4_IpcSucceeded(tag));
	tag = L4_Wait(&from);
	EQ(L4_Label(tag), 0x1e);
	EQ(utcb()[1], t.raw);
	EQ(utcb()[2], loc + P_OFFSET);
	EQ(utcb()[3], root.raw);
	L4_Set_MsgTag(L4_Niltag);
	L4_Reply(from);

	/* errors */
	L4_ThreadId_t t2 = L4_GlobalId(user_base + 21, 1);
	EQ(L4_ThreadControl(t2, root, root, root, (void *)loc), 0);
	EQ(L4_ErrorCode(), L4_ErrUtcbArea);             /* in use */
	EQ(L4_ThreadControl(t2, root, root, root, (void *)(loc + 8)), 0);
	EQ(L4_ErrorCode(), L4_ErrUtcbArea);             /* misaligned */
	EQ(L4_ThreadControl(t2, t2, root, root, (void *)(loc + usize)), 0);
	EQ(L4_ErrorCode(), L4_ErrInvalidSpace);         /* new space */
	EQ(L4_ThreadControl(L4_GlobalId(5, 1), root, root, root, (void *)(loc + usize)), 0);
	EQ(L4_ErrorCode(), L4_ErrInvalidThread);        /* interrupt */

	/* delete it; IPC to it fails */
	EQ(L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1), 1);
	L4_Set_MsgTag(L4_Niltag);
	tag = L4_Send_Timeout(t, L4_ZeroTime);
	EQ(L4_ErrorCode(), E_SEND_NONEXIST);

	/* create inactive, then activate, then start with ExchangeRegisters */
	EQ(L4_ThreadControl(t2, root, root, L4_nilthread, (void *)(loc + usize)), 1);
	EQ(L4_Set_Priority(t2, 100), L4_SCHEDRESULT_INACTIVE);
	EQ(L4_ThreadControl(t2, root, L4_nilthread, root, (void *)-1), 1);
	L4_Start_SpIp(t2, stack_top(1), (L4_Word_t)tc_thread);
	tag = L4_Receive(t2);
	EQ(L4_Label(tag), 0x1e);
	EQ(utcb()[1], t2.raw);
	L4_Set_MsgTag(L4_Niltag);
	L4_Reply(t2);
}

static L4_Word_t ex_err;
static L4_MsgTag_t ex_tag;

static void victim(void)
{
	ex_tag = L4_Receive(root);              /* aborted by root */
	ex_err = L4_ErrorCode();
	L4_Set_MsgTag(L4_Niltag);
	L4_Send(root);
	L4_Receive(root);
}

static void victim_sender(void)
{
	L4_Set_MsgTag(L4_Niltag);
	ex_tag = L4_Send(root);
	ex_err = L4_ErrorCode();
	L4_Set_MsgTag(L4_Niltag);
	L4_Call(root);
	L4_Receive(root);
}

static void t_exchange_registers(void)
{
	L4_ThreadId_t v = hosted_thread_create(victim);
	L4_Word_t sp, ip, flags;

	L4_Yield();
	L4_ThreadState_t st = L4_AbortReceive_and_stop(v);
	CHECK(L4_ThreadWasReceiving(st));
	CHECK(!L4_ThreadWasHalted(st));
	st = L4_Stop_SpIpFlags(v, &sp, &ip, &flags);
	CHECK(L4_ThreadWasHalted(st));
	CHECK(!L4_ThreadWasIpcing(st));
	CHECK(sp != 0 && ip != 0);
	L4_Yield();                             /* halted: does not run */
	EQ(ex_err, 0);
	L4_Start(v);
	L4_MsgTag_t tag = L4_Receive(v);
	CHECK(L4_IpcSucceeded(tag));
	EQ(ex_tag.raw, 0x8000);
	EQ(ex_err, E_RECV_CANCELED);

	/* abort a send: the sender blocks because root does not receive */
	L4_ThreadId_t s = hosted_thread_create(victim_sender);
	L4_Yield();
	st = L4_AbortSend_and_stop(s);
	CHECK(L4_ThreadWasSending(st));
	L4_Start(s);
	L4_ThreadId_t from = L4_nilthread;
	tag = L4_Wait(&from);
	CHECK(L4_IpcSucceeded(tag));
	EQ(ex_err, E_SEND_CANCELED);
	/* invalid thread */
	L4_Word_t dummy;
	L4_ThreadId_t pg, res = L4_ExchangeRegisters(L4_GlobalId(user_base + 100, 1), 0, 0, 0, 0, 0,
						    L4_nilthread, &dummy, &dummy, &dummy, &dummy,
						    &dummy, &pg);
	EQ(res.raw, 0);
	EQ(L4_ErrorCode(), L4_ErrInvalidThread);
}

static L4_ThreadId_t order[4];
static int norder;

static void note_and_wait(void)
{
	order[norder++] = L4_Myself();
	L4_Receive(root);
}

static int stop_progress;

static void stop_myself(void)
{
	stop_progress = 1;
	L4_Stop(L4_Myself());
	stop_progress = 2;
	L4_Set_MsgTag(L4_Niltag);
	L4_Send(root);
	L4_Receive(root);
}

static void t_schedule(void)
{
	L4_ThreadId_t a = hosted_thread_create(note_and_wait);
	L4_ThreadId_t b = hosted_thread_create(note_and_wait);

	EQ(L4_Set_Priority(b, 50), L4_SCHEDRESULT_RUNNING);     /* ready */
	L4_ThreadSwitch(b);             /* b runs before a, then a, then us */
	EQ(norder, 2);
	EQ(order[0].raw, b.raw);
	EQ(order[1].raw, a.raw);
	EQ(L4_Set_Priority(a, 50), L4_SCHEDRESULT_WAITING);
	L4_Word_t dummy;
	EQ(L4_Schedule(L4_GlobalId(user_base + 100, 1), ~0UL, ~0UL, ~0UL, ~0UL, &dummy), 0);
	EQ(L4_ErrorCode(), L4_ErrInvalidThread);
	L4_Time_t ts, tq;
	EQ(L4_Timeslice(a, &ts, &tq), L4_SCHEDRESULT_WAITING);
	EQ(ts.raw, 0x1271);                     /* 10 ms */
	EQ(tq.raw, 0);
	EQ(L4_Set_ProcessorNo(a, 1), 0);        /* one CPU */
	EQ(L4_ErrorCode(), L4_ErrInvalidParam);

	/* a thread that halts itself runs again only when started */
	L4_ThreadId_t s = hosted_thread_create(stop_myself);
	L4_Yield();
	EQ(stop_progress, 1);
	L4_Yield();
	EQ(stop_progress, 1);
	L4_Start(s);
	L4_MsgTag_t tag = L4_Receive(s);
	CHECK(L4_IpcSucceeded(tag));
	EQ(stop_progress, 2);
}

/* ---- propagation ------------------------------------------------------------- */

static L4_ThreadId_t prop_server, prop_seen_from, prop_actual;
static L4_MsgTag_t prop_tag;

static void prop_final(void)
{
	L4_ThreadId_t from = L4_nilthread;
	prop_tag = L4_Wait(&from);
	prop_seen_from = from;
	prop_actual = L4_ActualSender();
	L4_Set_MsgTag(L4_MsgTagMake(0x2b, 1, 0));
	L4_LoadMR(1, utcb()[1] * 2);
	L4_Reply(from);                         /* straight to the client */
	L4_Receive(root);
}

static void prop_proxy(void)
{
	L4_ThreadId_t client;
	L4_MsgTag_t tag = L4_Wait(&client);
	CHECK(L4_IpcSucceeded(tag));
	L4_Set_VirtualSender(L4_GlobalIdOf(client));
	L4_Set_Propagation(&tag);
	L4_Set_MsgTag(tag);
	tag = L4_Send(prop_server);
	CHECK(L4_IpcSucceeded(tag));
	L4_Receive(root);
}

static void t_propagation(void)
{
	prop_server = hosted_thread_create(prop_final);
	L4_ThreadId_t proxy = hosted_thread_create(prop_proxy);
	L4_Yield();
	L4_Set_MsgTag(L4_MsgTagMake(0x2a, 1, 0));
	L4_LoadMR(1, 21);
	L4_MsgTag_t tag = L4_Call(proxy);
	CHECK(L4_IpcSucceeded(tag));
	EQ(L4_Label(tag), 0x2b);
	EQ(utcb()[1], 42);
	CHECK(L4_IpcPropagated(prop_tag));
	EQ(prop_seen_from.raw, root.raw);       /* the virtual sender */
	EQ(prop_actual.raw, proxy.raw);
}

/* ---- kernel debugger, misc ----------------------------------------------------- */

static void t_kdebug(void)
{
	L4_KDB_PrintString("kdb says hi\n");
	L4_KDB_PrintChar('!');
	L4_KDB_PrintChar('\n');
}

static void t_kdb_enter(void)
{
	L4_KDB_Enter("stopped on purpose");
	hosted_fail("returned from L4_KDB_Enter");
}

static void t_deadlock(void)
{
	L4_ThreadId_t t = hosted_thread_create(wait_for_root);
	L4_Receive(t);                          /* t waits for us, we for t */
	hosted_fail("returned from a deadlock");
}

static void t_unmap(void)
{
	L4_Fpage_t f = L4_FpageLog2(0x100000, 12);
	L4_Set_Rights(&f, L4_FullyAccessible);
	L4_Fpage_t s = L4_GetStatus(f);
	EQ(L4_Address(s), 0x100000);
	EQ(L4_SizeLog2(s), 12);
	CHECK(L4_WasReferenced(s) && L4_WasWritten(s));
	L4_Word_t old;
	EQ(L4_SpaceControl(root, 0, L4_FpageLog2(0xbff00000, 12),
			   L4_FpageLog2(0xbf000000, 17), L4_nilthread, &old), 1);
	EQ(L4_SpaceControl(L4_GlobalId(user_base + 99, 1), 0, L4_Nilpage,
			   L4_Nilpage, L4_nilthread, &old), 0);
	EQ(L4_ErrorCode(), L4_ErrInvalidSpace);
	EQ(L4_ProcessorControl(0, 0, 0, 0), 0);
}

/* ---- driver -------------------------------------------------------------------- */

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "kip", t_kip },
	{ "utcb", t_utcb },
	{ "call_untyped", t_call_untyped },
	{ "registers", t_registers },
	{ "fpu_registers", t_fpu_registers },
	{ "send_only", t_send_only },
	{ "lipc", t_lipc },
	{ "send_zero_timeout", t_send_zero_timeout },
	{ "send_timeout", t_send_timeout },
	{ "nonexistent", t_nonexistent },
	{ "recv_timeout", t_recv_timeout },
	{ "closed_receive", t_closed_receive },
	{ "open_receive", t_open_receive },
	{ "overflow_mrs", t_overflow_mrs },
	{ "strings_simple", t_strings_simple },
	{ "strings_compound", t_strings_compound },
	{ "strings_overflow", t_strings_overflow },
	{ "strings_no_acceptor", t_strings_no_acceptor },
	{ "map_item", t_map_item },
	{ "thread_control", t_thread_control },
	{ "exchange_registers", t_exchange_registers },
	{ "schedule", t_schedule },
	{ "propagation", t_propagation },
	{ "kdebug", t_kdebug },
	{ "kdb_enter", t_kdb_enter },
	{ "deadlock", t_deadlock },
	{ "unmap", t_unmap },
};

int main(int argc, char **argv)
{
	kip = L4_GetKernelInterface();
	user_base = L4_ThreadIdUserBase(kip);
	root = L4_Myself();
	if (argc != 2) {
		hosted_eprintf("usage: %s list | <case>\n", argv[0]);
		return 1;
	}
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (strcmp(argv[1], "list") == 0) {
			hosted_printf("%s\n", cases[i].name);
		} else if (strcmp(argv[1], cases[i].name) == 0) {
			cases[i].fn();
			hosted_printf("PASS %s\n", cases[i].name);
			return 0;
		}
	}
	if (strcmp(argv[1], "list") == 0)
		return 0;
	hosted_eprintf("unknown case %s\n", argv[1]);
	return 1;
}
