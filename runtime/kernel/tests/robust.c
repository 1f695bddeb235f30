/*
 * robust.c - hostile input: malformed items, kernel and wrapping
 * addresses, absurd fpages, bad KDB pointers.  Every case expects the
 * documented error and a kernel that goes on serving (later cases run).
 */
#include "suite.h"

#define SEC L4_TimePeriod(1000000)

static unsigned char buf[512];

/* Receiver accepting strings into buf and mappings into a window. */
static L4_ThreadId_t receiver(struct job *r, int space)
{
	job_init(r, L4_nilthread, u_root, L4_Timeouts(L4_Never, SEC));
	r->br[0] = 1 | L4_MapGrantItems(L4_FpageLog2(WINDOW_BASE, 16)).raw;
	r->br[1] = 512UL << 10;
	r->br[2] = (L4_Word_t)buf;
	r->nbr = 3;
	r->xfer = (L4_TimePeriod(10000).raw << 16) | L4_TimePeriod(10000).raw;
	return space ? u_spawn_space(job_run, (L4_Word_t)r) : u_spawn(job_run, (L4_Word_t)r);
}

static L4_MsgTag_t send_words(L4_ThreadId_t t, L4_Word_t tag, L4_Word_t w1, L4_Word_t w2, L4_Word_t w3)
{
	L4_LoadMR(1, w1);
	L4_LoadMR(2, w2);
	L4_LoadMR(3, w3);
	L4_LoadMR(0, tag);
	L4_Set_XferTimeouts((L4_TimePeriod(10000).raw << 16) | L4_TimePeriod(10000).raw);
	L4_MsgTag_t r = L4_Send_Timeout(t, SEC);
	L4_Set_XferTimeouts(0);
	return r;
}

static int expect_error(char *why, struct job *r, L4_MsgTag_t tag, int num)
{
	L4_Word_t err = L4_ErrorCode();
	EXPECT(L4_IpcFailed(tag), "send succeeded");
	if (num)
		EXPECT(((err >> 1) & 7) == (L4_Word_t)num && !(err & 1), "ErrorCode %#lx, want error %d send phase", err, num);
	EXPECT(job_wait(r, 1000), "receiver did not return");
	EXPECT(r->rtag & 0x8000, "receiver's tag %#lx without E", r->rtag);
	EXPECT(r->err & 1, "receiver's ErrorCode %#lx not in the receive phase", r->err);
	return 1;
}

/* Typed item of type 7 (bits 1..3 = 111): unknown item, overflow (5.2). */
static int bad_item_type(char *why)
{
	static struct job r;
	L4_ThreadId_t t = receiver(&r, 1);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	return expect_error(why, &r, send_words(t, (2 << 6), 0xE, 0, 0), 4);
}

/* A control-transfer item to a receiver without the c acceptor bit. */
static int ctrlxfer_item(char *why)
{
	static struct job r;
	L4_ThreadId_t t = receiver(&r, 0);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	return expect_error(why, &r, send_words(t, (2 << 6), 0xC | (1UL << 12), 0, 0), 4);
}

/* A map item cut short (t = 1): overflow. */
static int truncated_map_item(char *why)
{
	static struct job r;
	L4_ThreadId_t t = receiver(&r, 1);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	return expect_error(why, &r, send_words(t, (1 << 6), 8, 0, 0), 4);
}

/* A string item claiming 32 substrings in t = 2 words: overflow. */
static int string_claims_substrings(char *why)
{
	static struct job r;
	L4_ThreadId_t t = receiver(&r, 1);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	return expect_error(why, &r, send_words(t, (2 << 6), (8UL << 10) | (31 << 4), (L4_Word_t)buf, 0), 4);
}

/* A string at a kernel address: the IPC fails; no kernel data copied. */
static int string_kernel_address(char *why)
{
	static struct job r;
	L4_ThreadId_t t = receiver(&r, 1);
	memset(buf, 0x5A, sizeof buf);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	if (!expect_error(why, &r, send_words(t, (2 << 6), 64UL << 10, 0xF0000000UL, 0), 0))
		return 0;
	for (int i = 0; i < 64; i++)
		EXPECT(buf[i] == 0x5A, "byte %d of kernel memory landed in the buffer", i);
	return 1;
}

/* A string that wraps around the end of the address space. */
static int string_wraps(char *why)
{
	static struct job r;
	L4_ThreadId_t t = receiver(&r, 1);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	return expect_error(why, &r, send_words(t, (2 << 6), 256UL << 10, 0xFFFFFF80UL, 0), 0);
}

/* A receive buffer at a kernel address. */
static int rcv_buffer_kernel_address(char *why)
{
	static struct job r;
	L4_ThreadId_t t = receiver(&r, 1);
	r.br[2] = 0xF0001000UL;
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	return expect_error(why, &r, send_words(t, (2 << 6), 16UL << 10, (L4_Word_t)buf, 0), 0);
}

/* Map items with absurd fpages (size 2^63, size 2^5, kernel range):
 * nothing of the kernel becomes visible, the kernel goes on. */
static int absurd_fpages(char *why)
{
	static struct job r;
	L4_Word_t bad[3] = {
		(63UL << 4) | 7,                        /* size 2^63 */
		0x00801000UL | (5UL << 4) | 7,          /* size 32 bytes */
		0xF0000000UL | (20UL << 4) | 7,         /* the kernel's 1 MiB */
	};
	for (int i = 0; i < 3; i++) {
		L4_ThreadId_t t = receiver(&r, 1);
		EXPECT(wait_blocked(t, 500), "receiver never blocked");
		L4_MsgTag_t tag = send_words(t, (2 << 6), 8, bad[i], 0);
		EXPECT(job_wait(&r, 1000), "receiver %d did not return", i);
		EXPECT(L4_IpcSucceeded(tag) || (L4_ErrorCode() & 0xE) == 8,
		       "fpage %#lx: ErrorCode %#lx, want success or overflow", bad[i], L4_ErrorCode());
		u_kill(t);
	}
	/* Unmap of absurd fpages returns */
	L4_Fpage_t fps[3] = { { .raw = (63UL << 4) | 2 }, { .raw = 0xF0000000UL | (20UL << 4) | 7 },
			      { .raw = 0x00801000UL | (5UL << 4) | 7 } };
	L4_UnmapFpages(3, fps);
	return 1;
}

/* ExchangeRegisters and ThreadControl with anythread / nilthread. */
static int special_ids(char *why)
{
	L4_Word_t c, s, i, f, h;
	L4_ThreadId_t p;
	L4_ThreadId_t r = L4_ExchangeRegisters(L4_anythread, 0, 0, 0, 0, 0, L4_nilthread, &c, &s, &i, &f, &h, &p);
	EXPECT(r.raw == 0 && L4_ErrorCode() == 2, "ExchangeRegisters(anythread): %#lx ErrorCode %lu", r.raw,
	       L4_ErrorCode());
	L4_Word_t tc = L4_ThreadControl(L4_anythread, L4_anythread, u_root, L4_nilthread, (void *)-1UL);
	EXPECT(tc == 0 && L4_ErrorCode() == 2, "ThreadControl(anythread): %lu ErrorCode %lu", tc, L4_ErrorCode());
	tc = L4_ThreadControl(L4_nilthread, L4_nilthread, L4_nilthread, L4_nilthread, (void *)-1UL);
	EXPECT(tc == 0 && L4_ErrorCode() == 2, "ThreadControl(nilthread): %lu ErrorCode %lu", tc, L4_ErrorCode());
	return 1;
}

/* KDB PrintString with unmapped and kernel pointers from a new space. */
static volatile int kdb_done;

static void kdb_bad(L4_Word_t arg)
{
	(void)arg;
	L4_KDB_PrintString((const char *)0xF0000000UL);
	L4_KDB_PrintString((const char *)0xFFFFFFFFUL);
	kdb_done = 1;
	L4_KDB_PrintString((const char *)0x60000000UL);     /* unmapped: may fault */
	kdb_done = 2;
}

static int kdb_bad_pointers(char *why)
{
	kdb_done = 0;
	u_spawn_space(kdb_bad, 0);
	for (int i = 0; i < 300 && kdb_done < 2; i++)
		u_sleep_us(1000);
	u_printf("\n");
	EXPECT(kdb_done >= 1, "thread did not get past PrintString with kernel pointers");
	return 1;
}

const struct tcase robust_cases[] = {
	{ "robust: unknown typed item is message overflow", bad_item_type },
	{ "robust: control-transfer item without acceptor bit", ctrlxfer_item },
	{ "robust: truncated map item is message overflow", truncated_map_item },
	{ "robust: string item claiming more substrings than words", string_claims_substrings },
	{ "robust: string at a kernel address fails, copies nothing", string_kernel_address },
	{ "robust: string wrapping around the address space fails", string_wraps },
	{ "robust: receive buffer at a kernel address fails", rcv_buffer_kernel_address },
	{ "robust: map and unmap of absurd fpages", absurd_fpages },
	{ "robust: anythread and nilthread as thread arguments", special_ids },
	{ "robust: KDB PrintString with kernel and unmapped pointers", kdb_bad_pointers },
	{ 0, 0 },
};
