/*
 * strings.c - string items: simple, compound, several substrings, several
 * buffers, overflow, page faults during the copy on either side, xfer
 * timeouts and their offsets (spec 3.4, 3.6, 4.3, 5.2, 11.3).
 */
#include "suite.h"

#define SEC L4_TimePeriod(1000000)
#define XFER_10MS ((L4_Word_t)L4_TimePeriod(10000).raw)

/* Faults in [LAZY_BASE, LAZY_BASE + LAZY_SIZE) are served with scratch pages. */
#define LAZY_SIZE (SCRATCH_PAGES * 4096UL)

static int lazy_hook(const struct u_fault *f, L4_Fpage_t *page, L4_Word_t *sndbase)
{
	if (f->addr < LAZY_BASE || f->addr >= LAZY_BASE + LAZY_SIZE)
		return 0;
	L4_Word_t k = (f->addr - LAZY_BASE) >> 12;
	*page = L4_FpageAddRights(L4_FpageLog2((L4_Word_t)scratch[k], 12), L4_FullyAccessible);
	*sndbase = LAZY_BASE + (k << 12);
	return 1;
}

static unsigned char src[8192], dst[8192];

static void pattern(unsigned char *p, int n, int seed)
{
	for (int i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 7 + (i >> 8));
}

static int check_pattern(const unsigned char *p, int n, int seed)
{
	for (int i = 0; i < n; i++)
		if (p[i] != (unsigned char)(seed + i * 7 + (i >> 8)))
			return i;
	return -1;
}

/* A receiver job: one simple buffer of len bytes at addr. */
static void rcv_simple(struct job *j, L4_ThreadId_t from, L4_Word_t addr, L4_Word_t len)
{
	job_init(j, L4_nilthread, from, L4_Timeouts(L4_Never, SEC));
	j->br[0] = 1;
	j->br[1] = len << 10;
	j->br[2] = addr;
	j->nbr = 3;
}

/* Send one simple string from the root to t. */
static L4_MsgTag_t send_simple(L4_ThreadId_t t, const void *p, L4_Word_t len)
{
	L4_LoadMR(1, len << 10);
	L4_LoadMR(2, (L4_Word_t)p);
	L4_LoadMR(0, (0x51UL << 16) | (2 << 6));
	return L4_Send_Timeout(t, SEC);
}

static int str_simple(char *why, int space)
{
	static struct job r;
	pattern(src, 1000, 3);
	memset(dst, 0, sizeof dst);
	rcv_simple(&r, u_root, (L4_Word_t)dst, 2000);
	L4_ThreadId_t t = space ? u_spawn_space(job_run, (L4_Word_t)&r) : u_spawn(job_run, (L4_Word_t)&r);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	L4_MsgTag_t tag = send_simple(t, src, 1000);
	EXPECT(L4_IpcSucceeded(tag), "send failed: ErrorCode %#lx", L4_ErrorCode());
	EXPECT(job_wait(&r, 1000), "receiver did not finish");
	EXPECT(!(r.rtag & 0x8000), "receive failed: ErrorCode %#lx", r.err);
	EXPECT_EQ(r.rtag, (0x51UL << 16) | (2 << 6));
	/* the receiver's MRs hold the sender's item words (3.6 rule 6) */
	EXPECT_EQ(r.rmr[1], 1000UL << 10);
	EXPECT_EQ(r.rmr[2], (L4_Word_t)src);
	int bad = check_pattern(dst, 1000, 3);
	EXPECT(bad < 0, "byte %d differs", bad);
	EXPECT(dst[1000] == 0, "byte after the string written");
	return 1;
}

static int str_simple_local(char *why) { return str_simple(why, 0); }
static int str_simple_space(char *why) { return str_simple(why, 1); }

/* A compound send string (two items, c set on the first) lands as one. */
static int str_compound_send(char *why)
{
	static struct job r;
	pattern(src, 600, 9);
	memset(dst, 0, sizeof dst);
	rcv_simple(&r, u_root, (L4_Word_t)dst, 1000);
	L4_ThreadId_t t = u_spawn_space(job_run, (L4_Word_t)&r);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	L4_LoadMR(1, (200UL << 10) | (1 << 9));
	L4_LoadMR(2, (L4_Word_t)src);
	L4_LoadMR(3, 400UL << 10);
	L4_LoadMR(4, (L4_Word_t)src + 200);
	L4_LoadMR(0, (0x52UL << 16) | (4 << 6));
	L4_MsgTag_t tag = L4_Send_Timeout(t, SEC);
	EXPECT(L4_IpcSucceeded(tag), "send failed: ErrorCode %#lx", L4_ErrorCode());
	EXPECT(job_wait(&r, 1000), "receiver did not finish");
	EXPECT(!(r.rtag & 0x8000), "receive failed: ErrorCode %#lx", r.err);
	int bad = check_pattern(dst, 600, 9);
	EXPECT(bad < 0, "byte %d differs", bad);
	return 1;
}

/* A send string spills across the substrings of one receive buffer. */
static int str_substrings(char *why)
{
	static struct job r;
	static unsigned char d1[128], d2[128], d3[128];
	pattern(src, 300, 17);
	memset(d1, 0, 128);
	memset(d2, 0, 128);
	memset(d3, 0, 128);
	job_init(&r, L4_nilthread, u_root, L4_Timeouts(L4_Never, SEC));
	r.br[0] = 1;
	r.br[1] = (128UL << 10) | (2 << 4);     /* j = 2: three substrings */
	r.br[2] = (L4_Word_t)d1;
	r.br[3] = (L4_Word_t)d2;
	r.br[4] = (L4_Word_t)d3;
	r.nbr = 5;
	L4_ThreadId_t t = u_spawn_space(job_run, (L4_Word_t)&r);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	L4_MsgTag_t tag = send_simple(t, src, 300);
	EXPECT(L4_IpcSucceeded(tag), "send failed: ErrorCode %#lx", L4_ErrorCode());
	EXPECT(job_wait(&r, 1000), "receiver did not finish");
	EXPECT(!(r.rtag & 0x8000), "receive failed: ErrorCode %#lx", r.err);
	EXPECT(memcmp(d1, src, 128) == 0, "first substring differs");
	EXPECT(memcmp(d2, src + 128, 128) == 0, "second substring differs");
	EXPECT(memcmp(d3, src + 256, 44) == 0, "third substring differs");
	EXPECT(d3[44] == 0, "third substring written beyond the string");
	return 1;
}

/* Two send strings go to two receive buffers (C chains them). */
static int str_two_buffers(char *why)
{
	static struct job r;
	pattern(src, 500, 23);
	memset(dst, 0, sizeof dst);
	job_init(&r, L4_nilthread, u_root, L4_Timeouts(L4_Never, SEC));
	r.br[0] = 1;
	r.br[1] = (256UL << 10) | 1;            /* C: another buffer follows */
	r.br[2] = (L4_Word_t)dst;
	r.br[3] = 256UL << 10;
	r.br[4] = (L4_Word_t)dst + 4096;
	r.nbr = 5;
	L4_ThreadId_t t = u_spawn_space(job_run, (L4_Word_t)&r);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	L4_LoadMR(1, 100UL << 10);
	L4_LoadMR(2, (L4_Word_t)src);
	L4_LoadMR(3, 200UL << 10);
	L4_LoadMR(4, (L4_Word_t)src + 100);
	L4_LoadMR(0, (0x53UL << 16) | (4 << 6));
	L4_MsgTag_t tag = L4_Send_Timeout(t, SEC);
	EXPECT(L4_IpcSucceeded(tag), "send failed: ErrorCode %#lx", L4_ErrorCode());
	EXPECT(job_wait(&r, 1000), "receiver did not finish");
	EXPECT(!(r.rtag & 0x8000), "receive failed: ErrorCode %#lx", r.err);
	EXPECT(memcmp(dst, src, 100) == 0, "first string differs");
	EXPECT(dst[100] == 0, "first buffer written beyond its string");
	EXPECT(memcmp(dst + 4096, src + 100, 200) == 0, "second string differs");
	return 1;
}

/* Expect message overflow on both sides: the send returns it and the
 * receiver job reports it in the receive phase (5.2). */
static int expect_overflow(char *why, struct job *r, L4_MsgTag_t tag)
{
	EXPECT(L4_IpcFailed(tag), "send succeeded");
	EXPECT_EQ(L4_ErrorCode() & 0xF, 8);
	EXPECT(job_wait(r, 1000), "receiver did not return");
	EXPECT(r->rtag & 0x8000, "receiver's tag %#lx without E", r->rtag);
	EXPECT_EQ(r->err & 0xF, 9);
	return 1;
}

static int str_overflow_buffer(char *why)
{
	static struct job r;
	rcv_simple(&r, u_root, (L4_Word_t)dst, 100);
	L4_ThreadId_t t = u_spawn_space(job_run, (L4_Word_t)&r);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	return expect_overflow(why, &r, send_simple(t, src, 101));
}

static int str_no_acceptor(char *why)
{
	static struct job r;
	job_init(&r, L4_nilthread, u_root, L4_Timeouts(L4_Never, SEC));
	L4_ThreadId_t t = u_spawn(job_run, (L4_Word_t)&r);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	return expect_overflow(why, &r, send_simple(t, src, 10));
}

static int str_too_many(char *why)
{
	static struct job r;
	rcv_simple(&r, u_root, (L4_Word_t)dst, 1000);   /* one buffer, C = 0 */
	L4_ThreadId_t t = u_spawn(job_run, (L4_Word_t)&r);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	L4_LoadMR(1, 10UL << 10);
	L4_LoadMR(2, (L4_Word_t)src);
	L4_LoadMR(3, 10UL << 10);
	L4_LoadMR(4, (L4_Word_t)src);
	L4_LoadMR(0, (0x54UL << 16) | (4 << 6));
	return expect_overflow(why, &r, L4_Send_Timeout(t, SEC));
}

static int str_absurd_length(char *why)
{
	static struct job r;
	rcv_simple(&r, u_root, (L4_Word_t)dst, 256);
	L4_ThreadId_t t = u_spawn_space(job_run, (L4_Word_t)&r);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	return expect_overflow(why, &r, send_simple(t, src, (1UL << 22) - 1));
}

/* The receive buffer is on a page the receiver's space has not mapped:
 * the kernel sends a page fault for the receiver with IP -1 (11.3). */
static int str_fault_receiver(char *why)
{
	static struct job r;
	u_fault_hook = lazy_hook;
	memset(scratch[2], 0, 4096);
	memset(scratch[3], 0, 4096);
	pattern(src, 3000, 31);
	rcv_simple(&r, u_root, LAZY_BASE + 2 * 4096 + 2000, 4000);
	L4_ThreadId_t t = u_spawn_space(job_run, (L4_Word_t)&r);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	int before = u_faults;
	L4_MsgTag_t tag = send_simple(t, src, 3000);
	EXPECT(L4_IpcSucceeded(tag), "send failed: ErrorCode %#lx", L4_ErrorCode());
	EXPECT(job_wait(&r, 1000), "receiver did not finish");
	EXPECT(!(r.rtag & 0x8000), "receive failed: ErrorCode %#lx", r.err);
	EXPECT(u_faults >= before + 2, "%d faults during the copy, want 2", u_faults - before);
	EXPECT_EQ(u_last_fault.ip, ~0UL);
	EXPECT(u_last_fault.addr >= LAZY_BASE && u_last_fault.addr < LAZY_BASE + LAZY_SIZE,
	       "last fault at %#lx", u_last_fault.addr);
	EXPECT(memcmp(scratch[2] + 2000, src, 2096) == 0, "data on the first page differs");
	EXPECT(memcmp(scratch[3], src + 2096, 904) == 0, "data on the second page differs");
	return 1;
}

/* The send string is on a page the sender's space has not mapped.  The
 * receiver is a root-space job, so that a kernel that hangs in the
 * transfer fails this case only (the runner deletes the threads). */
static struct job fs_job, fr_job;

static void fault_sender(L4_Word_t arg)
{
	(void)arg;
	job_run((L4_Word_t)&fs_job);
}

static L4_ThreadId_t fault_receiver(L4_ThreadId_t sender, L4_Word_t len)
{
	job_init(&fr_job, L4_nilthread, sender, L4_Timeouts(L4_Never, SEC));
	fr_job.br[0] = 1;
	fr_job.br[1] = len << 10;
	fr_job.br[2] = (L4_Word_t)dst;
	fr_job.nbr = 3;
	return u_spawn(job_run, (L4_Word_t)&fr_job);
}

static int str_fault_sender(char *why)
{
	u_fault_hook = lazy_hook;
	pattern(scratch[5], 4096, 41);
	pattern(scratch[6], 4096, 99);
	memset(dst, 0, sizeof dst);
	job_init(&fs_job, u_peek_next_id(), L4_nilthread, L4_Timeouts(SEC, L4_Never));
	fs_job.mr[0] = (0x55UL << 16) | (2 << 6);
	fs_job.mr[1] = 5000UL << 10;
	fs_job.mr[2] = LAZY_BASE + 5 * 4096;
	int before = u_faults;
	L4_ThreadId_t r = fault_receiver(L4_anythread, 8192);
	EXPECT(r.raw == fs_job.to.raw, "runtime gave the receiver %#lx, not %#lx", r.raw, fs_job.to.raw);
	EXPECT(wait_blocked(r, 500), "receiver never blocked");
	u_spawn_space(fault_sender, 0);
	EXPECT(job_wait(&fr_job, 2000), "receiver hangs");
	EXPECT(!(fr_job.rtag & 0x8000), "receive failed: ErrorCode %#lx", fr_job.err);
	EXPECT(u_faults >= before + 2, "%d faults during the copy, want 2", u_faults - before);
	EXPECT(memcmp(dst, scratch[5], 4096) == 0, "data of the first page differs");
	EXPECT(memcmp(dst + 4096, scratch[6], 904) == 0, "data of the second page differs");
	EXPECT(job_wait(&fs_job, 1000) && !(fs_job.rtag & 0x8000), "sender failed: ErrorCode %#lx", fs_job.err);
	return 1;
}

/* The send string starts 100 bytes before a page the pager never maps:
 * the transfer stops at the xfer timeout; the sender sees error 5 (its
 * own space), the receiver error 6, both with offset 100 (4.3, 5.2). */
static int str_xfer_timeout(char *why)
{
	u_fault_hook = lazy_hook;
	pattern(scratch[SCRATCH_PAGES - 1], 4096, 5);
	job_init(&fs_job, u_peek_next_id(), L4_nilthread, L4_Timeouts(SEC, L4_Never));
	fs_job.mr[0] = (0x56UL << 16) | (2 << 6);
	fs_job.mr[1] = 300UL << 10;
	fs_job.mr[2] = LAZY_BASE + LAZY_SIZE - 100;
	fs_job.xfer = (XFER_10MS << 16) | XFER_10MS;
	L4_ThreadId_t r = fault_receiver(L4_anythread, 1000);
	EXPECT(r.raw == fs_job.to.raw, "runtime gave the receiver %#lx, not %#lx", r.raw, fs_job.to.raw);
	EXPECT(wait_blocked(r, 500), "receiver never blocked");
	int traps = u_traps;
	u_spawn_space(fault_sender, 0);
	EXPECT(job_wait(&fr_job, 2000), "receiver hangs: no xfer timeout");
	EXPECT(fr_job.rtag & 0x8000, "receive succeeded");
	EXPECT(u_traps > traps, "no fault outside the mapped region");
	EXPECT_EQ(fr_job.err & 0xF, (6 << 1) | 1);
	EXPECT_EQ(fr_job.err >> 4, 100);
	EXPECT(job_wait(&fs_job, 1000), "sender did not return");
	EXPECT_EQ(fs_job.err & 0xF, 5 << 1);
	EXPECT_EQ(fs_job.err >> 4, 100);
	EXPECT(memcmp(dst, scratch[SCRATCH_PAGES - 1] + 4096 - 100, 100) == 0, "the 100 bytes before the hole differ");
	return 1;
}

/* The receiver's buffer lies on a page its pager never maps and the
 * sender's xfer timeout is zero: fails at the first fault (4.3). */
static int str_xfer_zero_receiver(char *why)
{
	static struct job r, s;
	rcv_simple(&r, L4_anythread, 0x60000000UL, 100);
	L4_ThreadId_t t = u_spawn_space(job_run, (L4_Word_t)&r);
	EXPECT(wait_blocked(t, 500), "receiver never blocked");
	job_init(&s, t, L4_nilthread, L4_Timeouts(SEC, L4_Never));
	s.mr[0] = (0x57UL << 16) | (2 << 6);
	s.mr[1] = 50UL << 10;
	s.mr[2] = (L4_Word_t)src;
	s.xfer = (L4_ZeroTime.raw << 16) | L4_ZeroTime.raw;
	u_spawn(job_run, (L4_Word_t)&s);
	EXPECT(job_wait(&s, 2000), "sender hangs: zero xfer timeout not applied");
	EXPECT(s.rtag & 0x8000, "send succeeded");
	EXPECT_EQ(s.err & 0xF, 6 << 1);
	EXPECT(job_wait(&r, 1000), "receiver did not return");
	EXPECT_EQ(r.err & 0xF, (5 << 1) | 1);
	return 1;
}

/* A transfer stalled in a page fault (the receiver's buffer is never
 * mapped, xfer timeouts never) is aborted by ExchangeRegisters on the
 * sender: error 7 "aborted", in the send phase for the sender and the
 * receive phase for the receiver (5.2, 10.2). */
static int str_aborted(char *why)
{
	static struct job r, s;
	rcv_simple(&r, L4_anythread, 0x60000000UL, 100);
	L4_ThreadId_t rt = u_spawn_space(job_run, (L4_Word_t)&r);
	EXPECT(wait_blocked(rt, 500), "receiver never blocked");
	job_init(&s, rt, L4_nilthread, L4_Timeouts(SEC, L4_Never));
	s.mr[0] = (0x58UL << 16) | (2 << 6);
	s.mr[1] = 50UL << 10;
	s.mr[2] = (L4_Word_t)src;
	int traps = u_traps;
	L4_ThreadId_t st = u_spawn(job_run, (L4_Word_t)&s);
	for (int i = 0; i < 500 && u_traps == traps; i++)
		u_sleep_us(1000);
	EXPECT(u_traps > traps, "no page fault for the receiver's buffer");
	EXPECT(!s.done, "sender finished although the copy cannot go on");
	L4_Word_t ctl, sp, ip, fl, h;
	L4_ThreadId_t pg;
	L4_ExchangeRegisters(st, 4, 0, 0, 0, 0, L4_nilthread, &ctl, &sp, &ip, &fl, &h, &pg);
	EXPECT(job_wait(&s, 1000), "aborted sender did not return");
	EXPECT_EQ(s.err & 0xF, 7 << 1);
	EXPECT(job_wait(&r, 1000), "receiver did not return");
	EXPECT_EQ(r.err & 0xF, (7 << 1) | 1);
	return 1;
}

const struct tcase string_cases[] = {
	{ "string: simple string, same space", str_simple_local },
	{ "string: simple string, other space, item words copied", str_simple_space },
	{ "string: compound send string into one buffer", str_compound_send },
	{ "string: spill across three substrings of a buffer", str_substrings },
	{ "string: two strings into two chained buffers", str_two_buffers },
	{ "string: string larger than the buffer: overflow both sides", str_overflow_buffer },
	{ "string: no string acceptor: overflow both sides", str_no_acceptor },
	{ "string: more strings than buffers: overflow", str_too_many },
	{ "string: absurd length: overflow", str_absurd_length },
	{ "string: page faults in the receiver's buffer during copy (IP -1)", str_fault_receiver },
	{ "string: page faults in the sender's string during copy", str_fault_sender },
	{ "string: xfer timeout in sender's space: errors 5/6 with offset", str_xfer_timeout },
	{ "string: zero xfer timeout, fault in receiver's space", str_xfer_zero_receiver },
	{ "string: abort during the copy: error 7 in both phases", str_aborted },
	{ 0, 0 },
};
