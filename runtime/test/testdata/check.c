/*
 * check.c - runs the L4 user API headers and libl4 on Linux, without a
 * kernel, and checks them against the numbers of the ABI fact sheet
 * (../shared/spec/l4-x2-abi.md).  Built by headers_test.go for ia32 and
 * amd64 together with runtime/libl4/<arch>/syscalls.S and
 * fakekernel_<arch>.S:
 *
 *  - the UTCB is a static block; the headers reach it through the
 *    L4_UTCB_HOOK test hook, or (amd64, TEST_REAL_GS) through a real %gs
 *    whose base the program sets with arch_prctl;
 *  - the KIP is a static page laid out as in section 8, whose system-call
 *    links lead to the fake kernel stubs;
 *  - KernelInterface (`lock; nop') raises SIGILL, which a handler serves as
 *    a kernel would (EAX/ECX/EDX/ESI, skip 2 bytes); kernel-debugger calls
 *    (`int 3' + marker) raise SIGTRAP, served by decoding the marker.
 *
 * Expected values are spelled out from the sheet, not taken from the
 * headers.  Prints "PASS <n> checks" and exits 0, or lists the failures
 * and exits 1.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include <unistd.h>
#if defined(TEST_REAL_GS)
#include <asm/prctl.h>
#include <sys/syscall.h>
#else
static unsigned long *test_utcb;
#define L4_UTCB_HOOK() test_utcb
#endif

#include <l4/types.h>
#include <l4/vregs.h>
#include <l4/message.h>
#include <l4/ipc.h>
#include <l4/kip.h>
#include <l4/thread.h>
#include <l4/space.h>
#include <l4/schedule.h>
#include <l4/sigma0.h>
#include <l4/kdebug.h>
#include <l4/pagefault.h>

/* ------------------------------------------------------------------ */
/* Checks                                                              */

static int checks, failures;

static void eq(unsigned long long got, unsigned long long want,
               const char *expr, int line)
{
    checks++;
    if (got != want) {
        failures++;
        printf("check.c:%d: %s = %#llx, want %#llx\n", line, expr, got, want);
    }
}

#define EQ(got, want) eq((unsigned long long)(got), (unsigned long long)(want), #got, __LINE__)
/* Pointers: through a word, as integers of another size would warn. */
#define PEQ(got, want) eq((L4_Word_t)(got), (L4_Word_t)(want), #got, __LINE__)
#define TRUE(c) EQ(!!(c), 1)
#define FALSE(c) EQ(!!(c), 0)

/* ------------------------------------------------------------------ */
/* Architecture facts from the sheet                                   */

#if defined(__x86_64__)
#define W 8
#define MR0_OFFSET 512                  /* P = UTCB block + 512 */
/* fk_in/fk_out register order of fakekernel_amd64.S */
enum { rAX, rBX, rCX, rDX, rSI, rDI, rBP, r8, r9, r10, r11, r12, r13, r14, r15, NREGS };
#define GARBAGE(i) (0xdeadbeef00000000UL + (i))
#else
#define W 4
#define MR0_OFFSET 256
enum { eAX, eBX, eCX, eDX, eSI, eDI, eBP, NREGS };
#define GARBAGE(i) (0xdead0000UL + (i))
#endif

/* Byte offsets from P: section 6.1 for ia32; amd64 (6.2) doubles them. */
#define TCR(off32) ((off32) * (W / 4))
#define OFF_MY_GLOBAL_ID        TCR(-60)
#define OFF_PROCESSOR_NO        TCR(-56)
#define OFF_USER_HANDLE         TCR(-52)
#define OFF_PAGER               TCR(-48)
#define OFF_EXC_HANDLER         TCR(-44)
#define OFF_PREEMPT_FLAGS       TCR(-40)
#define OFF_COP_FLAGS           (TCR(-40) + 1)
#define OFF_ERROR_CODE          TCR(-36)
#define OFF_XFER_TIMEOUTS       TCR(-32)
#define OFF_INTENDED_RECEIVER   TCR(-28)
#define OFF_SENDER              TCR(-24)
#define OFF_THREAD_WORD1        TCR(-20)
#define OFF_THREAD_WORD0        TCR(-16)
#define OFF_BR(i)               (TCR(-64) - W * (i))
#define OFF_MR(i)               (W * (i))

/* KIP byte offsets (section 8.1): word index * W. */
#define KIP_MAGIC               (0 * W)
#define KIP_API_VERSION         (1 * W)
#define KIP_API_FLAGS           (2 * W)
#define KIP_KERNEL_DESC         (3 * W)
#define KIP_MEMORY_INFO         (21 * W)
#define KIP_UTCB_INFO           (42 * W)
#define KIP_KIP_AREA_INFO       (43 * W)
#define KIP_BOOT_INFO           (46 * W)
#define KIP_PROC_DESC_PTR       (47 * W)
#define KIP_CLOCK_INFO          (48 * W)
#define KIP_THREAD_INFO         (49 * W)
#define KIP_PAGE_INFO           (50 * W)
#define KIP_PROCESSOR_INFO      (51 * W)
#define KIP_LINK_SPACE_CONTROL  (52 * W)
#define KIP_LINK_THREAD_CONTROL (53 * W)
#define KIP_LINK_PROC_CONTROL   (54 * W)
#define KIP_LINK_MEMORY_CONTROL (55 * W)
#define KIP_LINK_IPC            (56 * W)
#define KIP_LINK_LIPC           (57 * W)
#define KIP_LINK_UNMAP          (58 * W)
#define KIP_LINK_EXREGS         (59 * W)
#define KIP_LINK_CLOCK          (60 * W)
#define KIP_LINK_THREAD_SWITCH  (61 * W)
#define KIP_LINK_SCHEDULE       (62 * W)

#define KDESC_OFFSET            (0x180 * W / 4)
#define MEMDESC_OFFSET          (0x200 * W / 4)
#define PROCDESC_OFFSET         (72 * W)

/* ------------------------------------------------------------------ */
/* The fake UTCB, KIP and kernel                                       */

static L4_Word_t utcb_block[1024 / sizeof(L4_Word_t)] __attribute__((aligned(1024)));
static L4_Word_t *P;                    /* the local ID: &MR0 */
static L4_Word_t gs_word;               /* TEST_REAL_GS: %gs:0 */

static L4_Word_t *at(long off)
{
    return (L4_Word_t *)((char *)P + off);
}

static unsigned char *byte_at(long off)
{
    return (unsigned char *)P + off;
}

static L4_Word_t kip_page[4096 / sizeof(L4_Word_t)] __attribute__((aligned(4096)));
static L4_Word_t kip2_page[4096 / sizeof(L4_Word_t)] __attribute__((aligned(4096)));
static void *kip = kip_page;

static L4_Word_t *kipw(void *k, long off)
{
    return (L4_Word_t *)((char *)k + off);
}

extern L4_Word_t fk_in[NREGS], fk_out[NREGS], fk_call;
#if defined(__x86_64__)
extern L4_Word_t fk_mr8;                /* Ipc writes it into MR8 */
#define FIRST_MEMORY_MR 8
#define fk_mr_in_memory fk_mr8
#else
extern L4_Word_t fk_mrs[2];             /* MR1, MR2 in the UTCB at entry */
extern L4_Word_t fk_mr3;                /* Ipc writes it into MR3 */
#define FIRST_MEMORY_MR 3
#define fk_mr_in_memory fk_mr3
#endif
extern void fake_Ipc(void), fake_Lipc(void), fake_ExchangeRegisters(void),
    fake_ThreadControl(void), fake_SystemClock(void), fake_ThreadSwitch(void),
    fake_Schedule(void), fake_Unmap(void), fake_SpaceControl(void),
    fake_ProcessorControl(void), fake_MemoryControl(void);

/* A link to stub: an offset from the KIP on ia32, an address on amd64. */
static L4_Word_t link_to(void *k, void (*stub)(void))
{
#if defined(__x86_64__)
    (void)k;
    return (L4_Word_t)stub;
#else
    return (L4_Word_t)stub - (L4_Word_t)k;
#endif
}

#define API_VERSION     0x84050000UL
#define API_FLAGS       (W == 8 ? 0x4UL : 0x0UL)
#define KERNEL_ID       0x04020000UL

static void build_kip(void *k, int swap_ipc)
{
    char *kd = (char *)k + KDESC_OFFSET;
    const char strings[] = "L4Ka test kernel\0smallspaces\0ioflexpages\0";
    L4_Word_t *md = kipw(k, MEMDESC_OFFSET);

    *kipw(k, KIP_MAGIC) = 0x4be6344cUL;
    *kipw(k, KIP_API_VERSION) = API_VERSION;
    *kipw(k, KIP_API_FLAGS) = API_FLAGS;
    *kipw(k, KIP_KERNEL_DESC) = KDESC_OFFSET;
    *kipw(k, KIP_MEMORY_INFO) = ((L4_Word_t)MEMDESC_OFFSET << (W * 4)) | 3;
    *kipw(k, KIP_UTCB_INFO) = W == 8 ? 0x000c2801UL : 0x000c2401UL;
    *kipw(k, KIP_KIP_AREA_INFO) = 12;
    *kipw(k, KIP_BOOT_INFO) = 0x12345678UL;
    *kipw(k, KIP_PROC_DESC_PTR) = PROCDESC_OFFSET;
    *kipw(k, KIP_CLOCK_INFO) = (5UL << 16) | 3;
    *kipw(k, KIP_THREAD_INFO) = (48UL << 20) | (16UL << 8) | (W == 8 ? 18 : 17);
    *kipw(k, KIP_PAGE_INFO) = (1UL << 12) | (1UL << 22) | 6;
    /* two CPUs; processor descriptors of 2^4 (ia32) / 2^5 (amd64) bytes */
    *kipw(k, KIP_PROCESSOR_INFO) = ((L4_Word_t)(W == 8 ? 5 : 4) << (W * 8 - 4)) | 1;
    *kipw(k, PROCDESC_OFFSET + 0 * 4 * W) = 100000;        /* cpu 0 external */
    *kipw(k, PROCDESC_OFFSET + 0 * 4 * W + W) = 2000000;   /* cpu 0 internal */
    *kipw(k, PROCDESC_OFFSET + 1 * 4 * W) = 133000;
    *kipw(k, PROCDESC_OFFSET + 1 * 4 * W + W) = 3000000;

    *kipw(k, KIP_LINK_SPACE_CONTROL) = link_to(k, fake_SpaceControl);
    *kipw(k, KIP_LINK_THREAD_CONTROL) = link_to(k, fake_ThreadControl);
    *kipw(k, KIP_LINK_PROC_CONTROL) = link_to(k, fake_ProcessorControl);
    *kipw(k, KIP_LINK_MEMORY_CONTROL) = link_to(k, fake_MemoryControl);
    *kipw(k, KIP_LINK_IPC) = link_to(k, swap_ipc ? fake_Lipc : fake_Ipc);
    *kipw(k, KIP_LINK_LIPC) = link_to(k, swap_ipc ? fake_Ipc : fake_Lipc);
    *kipw(k, KIP_LINK_UNMAP) = link_to(k, fake_Unmap);
    *kipw(k, KIP_LINK_EXREGS) = link_to(k, fake_ExchangeRegisters);
    *kipw(k, KIP_LINK_CLOCK) = link_to(k, fake_SystemClock);
    *kipw(k, KIP_LINK_THREAD_SWITCH) = link_to(k, fake_ThreadSwitch);
    *kipw(k, KIP_LINK_SCHEDULE) = link_to(k, fake_Schedule);

    /* kernel descriptor (section 8.6): id, date 2014-03-27, version, "UKa " */
    ((L4_Word_t *)kd)[0] = KERNEL_ID;
    ((L4_Word_t *)kd)[1] = (14UL << 9) | (3UL << 5) | 27;
    ((L4_Word_t *)kd)[2] = 0x01020003UL;
    ((L4_Word_t *)kd)[3] = 'U' | ('K' << 8) | ('a' << 16) | ((L4_Word_t)' ' << 24);
    memcpy(kd + 4 * W, strings, sizeof strings);

    /* memory descriptors (section 8.5) */
    md[0] = 0x00000000UL | 1;                               /* conventional */
    md[1] = 0x0009fc00UL;
    md[2] = 0x00100000UL | (1UL << 9) | (2UL << 4) | 0xe;   /* virtual, 0xE/2 */
    md[3] = 0x001ffc00UL;
    md[4] = 0x00400000UL | 2;                               /* reserved */
    md[5] = 0x007ffc00UL;
}

/* SIGILL: KernelInterface.  SIGTRAP: kernel debugger.  As a kernel would. */
#if defined(__x86_64__)
#define REG_IP_ REG_RIP
#define REG_AX_ REG_RAX
#define REG_CX_ REG_RCX
#define REG_DX_ REG_RDX
#define REG_SI_ REG_RSI
#else
#define REG_IP_ REG_EIP
#define REG_AX_ REG_EAX
#define REG_CX_ REG_ECX
#define REG_DX_ REG_EDX
#define REG_SI_ REG_ESI
#endif

static int kernel_interface_calls, kdb_other;
static char kdb_out[256], kdb_enter[64];
static int kdb_clear, kdb_breakin;

static void on_sigill(int sig, siginfo_t *si, void *ucp)
{
    ucontext_t *uc = ucp;
    greg_t *r = uc->uc_mcontext.gregs;
    unsigned char *ip = (unsigned char *)r[REG_IP_];
    (void)sig;
    (void)si;
    if (ip[0] != 0xf0 || ip[1] != 0x90) {
        printf("check.c: SIGILL at %p (%02x %02x)\n", (void *)ip, ip[0], ip[1]);
        _exit(2);
    }
    kernel_interface_calls++;
    r[REG_AX_] = (greg_t)(L4_Word_t)kip;
    r[REG_CX_] = (greg_t)API_VERSION;
    r[REG_DX_] = (greg_t)API_FLAGS;
    r[REG_SI_] = (greg_t)KERNEL_ID;
    r[REG_IP_] += 2;
}

static void on_sigtrap(int sig, siginfo_t *si, void *ucp)
{
    ucontext_t *uc = ucp;
    greg_t *r = uc->uc_mcontext.gregs;
    unsigned char *ip = (unsigned char *)r[REG_IP_];   /* after int3 */
    size_t n = strlen(kdb_out);
    (void)sig;
    (void)si;
    if (ip[0] == 0x3c) {                /* cmpb $op, %al */
        switch (ip[1]) {
        case 0x00:
            if (n + 1 < sizeof kdb_out)
                kdb_out[n] = (char)r[REG_AX_];
            r[REG_AX_] = (greg_t)GARBAGE(0x100);
            break;
        case 0x01:
            strncat(kdb_out, (const char *)r[REG_AX_], sizeof kdb_out - n - 1);
            r[REG_AX_] = (greg_t)GARBAGE(0x101);
            break;
        case 0x02:
            kdb_clear++;
            break;
        case 0x03:
            kdb_breakin++;
            break;
        case 0x08:
        case 0x0d:
            r[REG_AX_] = (greg_t)(ip[1] == 0x08 ? 'k' : 'K');
            break;
        default:
            kdb_other++;
        }
    } else if (ip[0] == 0xeb && ip[2] == 0xb8) {       /* jmp; mov $s, %eax */
        unsigned int addr;
        memcpy(&addr, ip + 3, 4);
        strncpy(kdb_enter, (const char *)(L4_Word_t)addr, sizeof kdb_enter - 1);
    } else {
        kdb_other++;
    }
}

static void clear_fake(void)
{
    int i;
    for (i = 0; i < NREGS; i++) {
        fk_in[i] = 0;
        fk_out[i] = GARBAGE(i);
    }
    fk_call = 0;
}

static void fill_mrs(L4_Word_t base)
{
    int i;
    for (i = 0; i < 64; i++)
        *at(OFF_MR(i)) = base + (L4_Word_t)i;
}

/* ------------------------------------------------------------------ */
/* Pure helpers                                                        */

static void test_thread_ids(void)
{
    L4_ThreadId_t t = L4_GlobalId(0xc8, 1), l, nil = L4_nilthread;
    L4_ThreadId_t any = L4_anythread, anylocal = L4_anylocalthread;

    /* section 1.1: (threadno << 14 | version) / (threadno << 32 | version) */
    EQ(t.raw, W == 8 ? 0xc800000001UL : 0x00320001UL);
    EQ(L4_GlobalId(0x30, 1).raw, W == 8 ? 0x3000000001UL : 0x000c0001UL);
    EQ(L4_ThreadNo(t), 0xc8);
    EQ(L4_Version(t), 1);
    EQ(t.global.X.thread_no, 0xc8);
    EQ(t.global.X.version, 1);
    EQ(L4_Version(L4_GlobalId(7, W == 8 ? 0x12345678 : 0x3fff)), W == 8 ? 0x12345678 : 0x3fff);
    EQ(L4_GlobalId(0x3ffff, 0x3fff).raw, W == 8 ? 0x3ffff00003fffUL : 0xffffffffUL);
    /* section 1.3 */
    EQ(nil.raw, 0);
    EQ(any.raw, ~0UL);
    EQ(anylocal.raw, ~0UL << 6);
    TRUE(L4_IsNilThread(nil));
    FALSE(L4_IsNilThread(t));
    TRUE(L4_IsGlobalId(t));
    FALSE(L4_IsLocalId(t));
    l.raw = 0xbf000100UL;
    TRUE(L4_IsLocalId(l));
    FALSE(L4_IsGlobalId(l));
    EQ(l.local.X.local_id, 0xbf000100UL >> 6);
    TRUE(L4_IsLocalId(anylocal));
    TRUE(L4_IsGlobalId(any));
    TRUE(L4_IsThreadEqual(t, L4_GlobalId(0xc8, 1)));
    TRUE(L4_IsThreadNotEqual(t, l));
    EQ(sizeof(L4_ThreadId_t), W);
}

static void test_fpages(void)
{
    L4_Fpage_t f = L4_FpageLog2(0x12345000UL, 12), all = L4_CompleteAddressSpace;
    L4_Fpage_t nil = L4_Nilpage, io;

    /* section 3.1 */
    EQ(f.raw, 0x123450c0UL);
    EQ(f.X.b, 0x12345000UL >> 10);
    EQ(f.X.s, 12);
    EQ(f.X.rwx, 0);
    EQ(L4_Address(f), 0x12345000UL);
    EQ(L4_Size(f), 4096);
    EQ(L4_SizeLog2(f), 12);
    f = L4_FpageAddRights(f, L4_Readable | L4_Writable);
    EQ(f.raw, 0x123450c6UL);
    EQ(f.X.rwx, 6);
    EQ(L4_Rights(f), L4_ReadWriteOnly);
    EQ(L4_Set_Rights(&f, L4_FullyAccessible).raw, 0x123450c7UL);
    EQ(L4_FpageRemoveRights(f, L4_Writable).raw, 0x123450c5UL);
    EQ(L4_FpageRemoveRightsFrom(&f, L4_eXecutable).raw, 0x123450c6UL);
    EQ(L4_FpageAddRightsTo(&f, L4_eXecutable).raw, 0x123450c7UL);
    /* the size is rounded up to a power of two */
    EQ(L4_Fpage(0x40000, 0x3000).raw, 0x40000UL | (14 << 4));
    EQ(L4_Fpage(0x40000, 0x4000).raw, 0x40000UL | (14 << 4));
    EQ(L4_Fpage(0x400000, 0x400000).raw, 0x400000UL | (22 << 4));
    /* an unaligned base: Address aligns it down to the size */
    EQ(L4_Address(L4_FpageLog2(0x12345000UL, 16)), 0x12340000UL);
    EQ(all.raw, 0x10);
    EQ(L4_Address(all), 0);
    EQ(L4_Size(all), 2);                /* s = 1, as the sheet says */
    EQ(nil.raw, 0);
    TRUE(L4_IsNilFpage(nil));
    EQ(L4_Size(nil), 0);
    /* rights constants */
    EQ(L4_Readable, 4);
    EQ(L4_Writable, 2);
    EQ(L4_eXecutable, 1);
    EQ(L4_FullyAccessible, 7);
    EQ(L4_ReadWriteOnly, 6);
    EQ(L4_ReadeXecOnly, 5);
    EQ(L4_NoAccess, 0);
    /* section 3.2: I/O fpages */
    io = L4_IoFpage(0x3f8, 8);
    EQ(io.raw, (0x3f8UL << 16) | (3UL << 10) | (2UL << 4));
    TRUE(L4_IsIoFpage(io));
    FALSE(L4_IsIoFpage(L4_FpageLog2(0x3f8000, 12)));
    EQ(L4_IoFpagePort(io), 0x3f8);
    EQ(L4_IoFpageSize(io), 8);
    EQ(L4_IoFpageSizeLog2(io), 3);
    EQ(L4_IoFpageLog2(0, 16).raw, (16UL << 10) | 0x20);   /* whole I/O space */
    EQ(sizeof(L4_Fpage_t), W);
}

static void test_time(void)
{
    L4_Time_t never = L4_Never, zero = L4_ZeroTime, t;

    /* section 4.1 */
    EQ(never.raw, 0);
    EQ(zero.raw, 0x0400);
    EQ(zero.period.m, 0);
    EQ(zero.period.e, 1);
    EQ(zero.period.a, 0);
    EQ(sizeof(L4_Time_t), 2);
    EQ(L4_TimePeriod(0).raw, 0);        /* the pitfall: 0 is never */
    TRUE(L4_IsTimeEqual(L4_TimePeriod(0), L4_Never));
    EQ(L4_TimePeriod(1).raw, 1);
    EQ(L4_TimePeriod(1023).raw, 1023);
    EQ(L4_TimePeriod(1024).raw, (1 << 10) | 512);
    EQ(L4_TimePeriod(1025).raw, (1 << 10) | 512);  /* rounds down */
    EQ(L4_TimePeriod(10000).raw, (4 << 10) | 625); /* 10 ms: m 625, e 4 */
    t = L4_TimePeriod(10000);
    EQ(t.period.m, 625);
    EQ(t.period.e, 4);
    EQ(L4_TimePeriod(1ULL << 40).raw, (31 << 10) | 512);
    EQ(L4_TimePeriod((1ULL << 41) - 1).raw, (31 << 10) | 1023);
    EQ(L4_TimePeriod(1ULL << 41).raw, 0);          /* e > 31: never */
    EQ(L4_TimePeriod(~0ULL).raw, 0);
    TRUE(L4_IsTimePeriod(t));
    FALSE(L4_IsTimePoint(t));
    t.raw = 0x8000 | (3 << 11) | (1 << 10) | 5;
    TRUE(L4_IsTimePoint(t));
    EQ(t.point.m, 5);
    EQ(t.point.c, 1);
    EQ(t.point.e, 3);
    EQ(t.point.a, 1);
    /* section 4.2 */
    EQ(L4_Timeouts(L4_ZeroTime, L4_Never), 0x04000000UL);
    EQ(L4_Timeouts(L4_Never, L4_ZeroTime), 0x0400);
    EQ(L4_Timeouts(L4_TimePeriod(10000), L4_TimePeriod(1)), 0x12710001UL);
}

static void test_clock(void)
{
    L4_Clock_t c, d;
    c.raw = 0x0123456789abcdefULL;
    EQ(c.X.low, 0x89abcdefU);
    EQ(c.X.high, 0x01234567U);
    d = L4_ClockAddUsec(c, 0x11);
    EQ(d.raw, 0x0123456789abce00ULL);
    EQ(L4_ClockSubUsec(d, 0x11).raw, c.raw);
    TRUE(L4_IsClockEarlier(c, d));
    TRUE(L4_IsClockLater(d, c));
    TRUE(L4_IsClockEqual(c, c));
    TRUE(L4_IsClockNotEqual(c, d));
    EQ(sizeof(L4_Clock_t), 8);
}

static void test_msgtag(void)
{
    L4_MsgTag_t t = L4_MsgTagMake(0x1234, 3, 2), e;

    /* section 2.1: u 0..5, t 6..11, flags 12..15, label 16.. */
    EQ(t.raw, 0x12340083UL);
    EQ(t.X.u, 3);
    EQ(t.X.t, 2);
    EQ(t.X.flags, 0);
    EQ(t.X.label, 0x1234);
    EQ(L4_Label(t), 0x1234);
    EQ(L4_UntypedWords(t), 3);
    EQ(L4_TypedWords(t), 2);
    EQ(L4_MsgTagLabel(t), 0x1234);
    EQ(L4_MsgTagU(t), 3);
    EQ(L4_MsgTagT(t), 2);
    EQ(L4_MsgTagAddLabel(t, 0xbeef).raw, 0xbeef0083UL);
    EQ(L4_MsgTagAddLabelTo(&t, 0x42).raw, 0x00420083UL);
    EQ(L4_Niltag.raw, 0);
    TRUE(L4_IsMsgTagEqual(L4_Niltag, L4_MsgTagMake(0, 0, 0)));
    TRUE(L4_IsMsgTagNotEqual(L4_Niltag, t));
    /* the label is 16 bits wide on ia32, 48 on amd64 */
    t = L4_MsgTagMake(~0UL, 1, 0);
    EQ(t.X.label, W == 8 ? 0xffffffffffffUL : 0xffffUL);
    EQ(L4_Label(t), W == 8 ? 0xffffffffffffUL : 0xffffUL);
    /* flags: E (error) = bit 15, X = 14, r = 13, p = 12 (section 5.1) */
    e.raw = 0x8000;
    EQ(e.X.flags, 8);
    EQ(L4_MsgTagFlags(e), 8);
    TRUE(L4_IpcFailed(e));
    FALSE(L4_IpcSucceeded(e));
    e.raw = 0x1000;
    TRUE(L4_IpcPropagated(e));
    TRUE(L4_IpcSucceeded(e));
    e.raw = 0x2000;
    TRUE(L4_IpcRedirected(e));
    e.raw = 0x4000;
    TRUE(L4_IpcXcpu(e));
    e.raw = 0x00050001;
    L4_Set_Propagation(&e);
    EQ(e.raw, 0x00051001UL);
    EQ(L4_MsgTagPropagated, 1);
    EQ(L4_MsgTagError, 8);
}

static void test_errors(void)
{
    L4_Word_t code = 99;
    /* section 5.2 examples */
    EQ(L4_IpcErrorCode(L4_ErrRecvPhase, L4_ErrTimeout, 0), 3);
    EQ(L4_IpcErrorCode(L4_ErrSendPhase, L4_ErrTimeout, 0), 2);
    EQ(L4_IpcErrorCode(L4_ErrSendPhase, L4_ErrNonExist, 0), 4);
    EQ(L4_IpcErrorCode(L4_ErrRecvPhase, L4_ErrNonExist, 0), 5);
    EQ(L4_IpcErrorCode(L4_ErrRecvPhase, L4_ErrCanceled, 0), 7);
    EQ(L4_IpcError(7, &code), L4_ErrRecvPhase);
    EQ(code, L4_ErrCanceled);
    EQ(L4_IpcError(0x128, &code), L4_ErrSendPhase);
    EQ(code, L4_ErrMsgOverflow);
    EQ(L4_IpcErrorOffset(0x128), 0x12);
    EQ(L4_IpcErrorNumber(0x12d), L4_ErrXferTimeoutPartner);
    EQ(L4_IpcErrorPhase(0x12d), 1);
    EQ(L4_IpcError(3, 0), 1);
    EQ(L4_ErrTimeout, 1);
    EQ(L4_ErrNonExist, 2);
    EQ(L4_ErrCanceled, 3);
    EQ(L4_ErrMsgOverflow, 4);
    EQ(L4_ErrXferTimeoutInvoker, 5);
    EQ(L4_ErrXferTimeoutPartner, 6);
    EQ(L4_ErrAborted, 7);
    /* section 5.3 */
    EQ(L4_ErrOk, 0);
    EQ(L4_ErrNoPrivilege, 1);
    EQ(L4_ErrInvalidThread, 2);
    EQ(L4_ErrInvalidSpace, 3);
    EQ(L4_ErrInvalidScheduler, 4);
    EQ(L4_ErrInvalidParam, 5);
    EQ(L4_ErrUtcbArea, 6);
    EQ(L4_ErrKipArea, 7);
    EQ(L4_ErrNoMem, 8);
    EQ(L4_ERROR_NO_MEM, 8);
}

static char buf_a[100], buf_b[40];

static void test_items(void)
{
    L4_Fpage_t f = L4_FpageAddRights(L4_FpageLog2(0x40000, 14), L4_FullyAccessible);
    L4_MapItem_t m = L4_MapItem(f, 0x12345678UL);
    L4_GrantItem_t g = L4_GrantItem(f, 0x12345678UL);
    L4_StringItem_t s = L4_StringItem(100, buf_a);
    L4_Word_t words[8];
    L4_StringItem_t *cs = (L4_StringItem_t *)(void *)words;
    L4_Acceptor_t a;

    /* section 3.3 */
    EQ(m.raw[0], 0x12345408UL);
    EQ(m.raw[1], f.raw);
    EQ(m.X.C, 0);
    EQ(m.X.__type, 4);
    EQ(m.X.snd_base, 0x12345400UL >> 10);
    EQ(m.X.snd_fpage.raw, f.raw);
    TRUE(L4_IsMapItem(m));
    EQ(L4_MapItemSndBase(m), 0x12345400UL);
    EQ(L4_MapItemSndFpage(m).raw, f.raw);
    EQ(g.raw[0], 0x1234540aUL);
    EQ(g.X.__type, 5);
    TRUE(L4_IsGrantItem(g));
    EQ(L4_GrantItemSndBase(g), 0x12345400UL);
    EQ(L4_GrantItemSndFpage(g).raw, f.raw);
    /* section 3.4 */
    EQ(s.raw[0], 100UL << 10);
    EQ(s.raw[1], (L4_Word_t)buf_a);
    EQ(s.X.string_length, 100);
    PEQ(s.X.string_ptr, buf_a);
    TRUE(L4_IsStringItem(&s));
    FALSE(L4_CompoundString(&s));
    EQ(L4_Substrings(&s), 1);
    PEQ(L4_Substring(&s, 1), buf_a);
    EQ(L4_SubstringLength(&s), 100);
    EQ(L4_CacheAllocationHint(s).raw, 0);
    EQ(L4_AddCacheAllocationHint(s, L4_UseDefaultCacheLineAllocation).raw[0], 100UL << 10);
    /* two substrings, then a compound part */
    memset(words, 0, sizeof words);
    cs[0] = L4_StringItem(20, buf_a);
    L4_AddSubstringAddressTo(cs, buf_b);
    EQ(words[0], (20UL << 10) | (1 << 4));
    EQ(words[2], (L4_Word_t)buf_b);
    EQ(L4_Substrings(cs), 2);
    PEQ(L4_Substring(cs, 2), buf_b);
    L4_AddSubstringTo(cs, &s);
    EQ(words[0], (20UL << 10) | (1 << 9) | (1 << 4));      /* c set */
    EQ(words[3], 100UL << 10);
    EQ(words[4], (L4_Word_t)buf_a);
    TRUE(L4_CompoundString(cs));
    /* section 3.5 */
    a = L4_MapGrantItems(L4_CompleteAddressSpace);
    EQ(a.raw, 0x10);
    EQ(L4_UntypedWordsAcceptor.raw, 0);
    EQ(L4_StringItemsAcceptor.raw, 1);
    EQ(L4_CtrlXferAcceptor.raw, 2);
    EQ(L4_MapGrantItems(f).raw, f.raw & ~0xfUL);
    a = L4_AddAcceptor(a, L4_StringItemsAcceptor);
    EQ(a.raw, 0x11);
    EQ(a.X.s, 1);
    EQ(a.X.RcvWindow, 1);
    TRUE(L4_HasStringItems(a));
    TRUE(L4_HasMapGrantItems(a));
    FALSE(L4_HasCtrlXferItems(a));
    EQ(L4_RcvWindow(a).raw, 0x10);
    EQ(L4_RemoveAcceptor(a, L4_StringItemsAcceptor).raw, 0x10);
    EQ(L4_RemoveAcceptor(a, L4_MapGrantItems(L4_CompleteAddressSpace)).raw, 1);
    EQ(L4_AddAcceptorTo(&a, L4_CtrlXferAcceptor).raw, 0x13);
    EQ(L4_RemoveAcceptorFrom(&a, L4_CtrlXferAcceptor).raw, 0x11);
}

static void test_messages(void)
{
    L4_Msg_t msg;
    L4_Fpage_t f = L4_FpageLog2(0x40000, 14);
    L4_MapItem_t m = L4_MapItem(f, 0x1000), m2;
    L4_GrantItem_t g;
    L4_StringItem_t s = L4_StringItem(8, buf_a), s2;
    L4_Word_t w, untyped[4] = {11, 12, 13, 14}, items[4], out[4];

    L4_MsgClear(&msg);
    EQ(msg.raw[0], 0);
    L4_MsgAppendWord(&msg, 0x100);
    L4_MsgAppendMapItem(&msg, m);
    L4_MsgAppendWord(&msg, 0x200);      /* moves the map item up */
    EQ(msg.tag.raw, (2UL << 6) | 2);
    EQ(msg.msg[1], 0x100);
    EQ(msg.msg[2], 0x200);
    EQ(msg.msg[3], m.raw[0]);
    EQ(msg.msg[4], m.raw[1]);
    EQ(L4_MsgWord(&msg, 1), 0x200);
    L4_MsgGetWord(&msg, 0, &w);
    EQ(w, 0x100);
    L4_MsgPutWord(&msg, 1, 0x300);
    EQ(msg.msg[2], 0x300);
    EQ(L4_MsgGetMapItem(&msg, 0, &m2), 2);
    EQ(m2.raw[0], m.raw[0]);
    L4_MsgAppendGrantItem(&msg, L4_GrantItem(f, 0x2000));
    EQ(L4_TypedWords(msg.tag), 4);
    EQ(L4_MsgGetGrantItem(&msg, 2, &g), 2);
    EQ(g.raw[0], 0x200aUL);
    L4_MsgPutGrantItem(&msg, 2, L4_GrantItem(f, 0x3000));
    EQ(msg.msg[5], 0x300aUL);
    L4_MsgPutMapItem(&msg, 0, L4_MapItem(f, 0x4000));
    EQ(msg.msg[3], 0x4008UL);
    L4_MsgAppendSimpleStringItem(&msg, s);
    EQ(L4_TypedWords(msg.tag), 6);
    EQ(msg.msg[7], 8UL << 10);
    EQ(msg.msg[8], (L4_Word_t)buf_a);
    L4_MsgAppendStringItem(&msg, &s);
    EQ(L4_TypedWords(msg.tag), 8);
    EQ(L4_MsgGetStringItem(&msg, 6, &s2), 2);
    EQ(s2.raw[1], (L4_Word_t)buf_a);
    L4_MsgPutStringItem(&msg, 6, &s);
    L4_Set_MsgLabel(&msg, 0x77);
    EQ(L4_MsgLabel(&msg), 0x77);
    EQ(L4_MsgMsgTag(&msg).raw, (0x77UL << 16) | (8UL << 6) | 2);
    L4_Set_MsgMsgTag(&msg, L4_MsgTagMake(0x78, 2, 8));
    EQ(msg.tag.raw, (0x78UL << 16) | (8UL << 6) | 2);

    /* MsgLoad: MR0..MR(u+t) into the UTCB; MsgStore: back */
    fill_mrs(0x5000);
    L4_MsgLoad(&msg);
    EQ(*at(OFF_MR(0)), msg.tag.raw);
    EQ(*at(OFF_MR(1)), 0x100);
    EQ(*at(OFF_MR(2)), 0x300);
    EQ(*at(OFF_MR(10)), msg.msg[10]);
    EQ(*at(OFF_MR(11)), 0x5000 + 11);   /* untouched */
    L4_MsgClear(&msg);
    *at(OFF_MR(1)) = 0x111;
    L4_MsgStore(L4_MsgTagMake(5, 1, 0), &msg);
    EQ(msg.tag.raw, (5UL << 16) | 1);
    EQ(msg.msg[1], 0x111);

    /* MsgPut / MsgGet */
    items[0] = m.raw[0];
    items[1] = m.raw[1];
    L4_MsgPut(&msg, 0x99, 3, untyped, 2, items);
    EQ(msg.tag.raw, (0x99UL << 16) | (2 << 6) | 3);
    EQ(msg.msg[3], 13);
    EQ(msg.msg[4], m.raw[0]);
    memset(out, 0, sizeof out);
    memset(items, 0, sizeof items);
    L4_MsgGet(&msg, out, items);
    EQ(out[2], 13);
    EQ(items[1], m.raw[1]);
    EQ(sizeof(L4_Msg_t), 64 * W);
}

static void test_buffers(void)
{
    L4_MsgBuffer_t b;
    L4_StringItem_t s1 = L4_StringItem(100, buf_a), s2 = L4_StringItem(40, buf_b);
    L4_Word_t words[8];
    L4_StringItem_t *cs = (L4_StringItem_t *)(void *)words;
    int i;

    EQ(sizeof b, 32 * W);
    L4_MsgBufferClear(&b);
    L4_MsgBufferAppendSimpleRcvString(&b, s1);
    L4_MsgBufferAppendSimpleRcvString(&b, s2);
    EQ(b.raw[0], (100UL << 10) | 1);    /* C: another buffer follows */
    EQ(b.raw[1], (L4_Word_t)buf_a);
    EQ(b.raw[2], 40UL << 10);           /* the last: C clear */
    EQ(b.raw[3], (L4_Word_t)buf_b);
    /* a compound buffer: two items, the first with c */
    memset(words, 0, sizeof words);
    cs[0] = L4_StringItem(10, buf_a);
    L4_AddSubstringTo(cs, &s2);
    L4_MsgBufferAppendRcvString(&b, cs);
    EQ(b.raw[2], (40UL << 10) | 1);
    EQ(b.raw[4], (10UL << 10) | (1 << 9));
    EQ(b.raw[6], 40UL << 10);
    EQ(b.raw[7], (L4_Word_t)buf_b);

    for (i = 0; i <= 32; i++)
        *at(OFF_BR(i)) = 0xb000 + (L4_Word_t)i;
    L4_AcceptStrings(L4_AddAcceptor(L4_StringItemsAcceptor,
                                    L4_MapGrantItems(L4_CompleteAddressSpace)), &b);
    /* section 6: BR i at P - 64 - 4i (ia32) / P - 128 - 8i (amd64) */
    EQ(*at(OFF_BR(0)), 0x11);
    EQ(*at(OFF_BR(1)), b.raw[0]);
    EQ(*at(OFF_BR(2)), (L4_Word_t)buf_a);
    EQ(*at(OFF_BR(7)), b.raw[6]);
    EQ(*at(OFF_BR(8)), (L4_Word_t)buf_b);
    EQ(*at(OFF_BR(9)), 0xb009);         /* past the buffers: untouched */
    EQ(L4_Accepted().raw, 0x11);
    L4_Accept(L4_UntypedWordsAcceptor);
    EQ(*at(OFF_BR(0)), 0);
}

static void test_vregs(void)
{
    L4_ThreadId_t t = L4_GlobalId(0x64, 3);
    L4_Word_t w, words[3] = {7, 8, 9};

    memset(utcb_block, 0, sizeof utcb_block);
    /* TCRs at the byte offsets of sections 6.1 and 6.2 */
    *at(OFF_MY_GLOBAL_ID) = t.raw;
    *at(OFF_PROCESSOR_NO) = 3;
    *at(OFF_ERROR_CODE) = 0x55;
    *at(OFF_INTENDED_RECEIVER) = 0x1111;
    *at(OFF_SENDER) = 0x2222;
    EQ(L4_MyGlobalId().raw, t.raw);
    EQ(L4_Myself().raw, t.raw);
    EQ(L4_MyLocalId().raw, (L4_Word_t)P);
    EQ((L4_Word_t)P % (W == 8 ? 1024 : 512), W == 8 ? 512 : 256);
    EQ(L4_ProcessorNo(), 3);
    EQ(L4_ErrorCode(), 0x55);
    EQ(L4_IntendedReceiver().raw, 0x1111);
    EQ(L4_ActualSender().raw, 0x2222);
    L4_Set_VirtualSender(L4_GlobalId(9, 1));
    EQ(*at(OFF_SENDER), L4_GlobalId(9, 1).raw);
    L4_Set_UserDefinedHandle(0xabc);
    EQ(*at(OFF_USER_HANDLE), 0xabc);
    EQ(L4_UserDefinedHandle(), 0xabc);
    L4_Set_Pager(L4_GlobalId(10, 1));
    EQ(*at(OFF_PAGER), L4_GlobalId(10, 1).raw);
    EQ(L4_Pager().raw, L4_GlobalId(10, 1).raw);
    L4_Set_ExceptionHandler(L4_GlobalId(11, 1));
    EQ(*at(OFF_EXC_HANDLER), L4_GlobalId(11, 1).raw);
    EQ(L4_ExceptionHandler().raw, L4_GlobalId(11, 1).raw);
    L4_Set_XferTimeouts(0x04000400UL);
    EQ(*at(OFF_XFER_TIMEOUTS), 0x04000400UL);
    EQ(L4_XferTimeouts(), 0x04000400UL);
    L4_Set_ThreadWord(0, 0x10);
    L4_Set_ThreadWord(1, 0x20);
    EQ(*at(OFF_THREAD_WORD0), 0x10);
    EQ(*at(OFF_THREAD_WORD1), 0x20);
    EQ(L4_ThreadWord(1), 0x20);

    /* PreemptFlags byte: bit 5 s, bit 6 d, bit 7 pending; CopFlags next */
    EQ(L4_DisablePreemption(), 0);
    EQ(*byte_at(OFF_PREEMPT_FLAGS), 0x40);
    EQ(L4_DisablePreemption(), 1);
    EQ(L4_EnablePreemption(), 1);
    EQ(*byte_at(OFF_PREEMPT_FLAGS), 0);
    EQ(L4_EnablePreemptionFaultException(), 0);
    EQ(*byte_at(OFF_PREEMPT_FLAGS), 0x20);
    EQ(L4_DisablePreemptionFaultException(), 1);
    EQ(*byte_at(OFF_PREEMPT_FLAGS), 0);
    FALSE(L4_PreemptionPending());
    *byte_at(OFF_PREEMPT_FLAGS) = 0x80;
    TRUE(L4_PreemptionPending());
    L4_Set_CopFlag(3);
    EQ(*byte_at(OFF_COP_FLAGS), 0x08);
    EQ(*byte_at(OFF_PREEMPT_FLAGS), 0x80);
    L4_Clr_CopFlag(3);
    EQ(*byte_at(OFF_COP_FLAGS), 0);

    /* MRs at P + W*i, BRs at P - 64 - W*i (scaled) */
    L4_LoadMR(5, 0x55);
    EQ(*at(OFF_MR(5)), 0x55);
    L4_StoreMR(5, &w);
    EQ(w, 0x55);
    L4_LoadMRs(61, 3, words);
    EQ(*at(OFF_MR(63)), 9);
    L4_StoreMRs(61, 3, words);
    EQ(words[1], 8);
    L4_LoadBR(32, 0x32);
    EQ(*at(OFF_BR(32)), 0x32);
    L4_StoreBR(32, &w);
    EQ(w, 0x32);
    L4_LoadBRs(3, 3, words);
    EQ(*at(OFF_BR(3)), 7);
    EQ(*at(OFF_BR(5)), 9);
    words[0] = 0;
    L4_StoreBRs(3, 3, words);
    EQ(words[0], 7);
    L4_Set_MsgTag(L4_MsgTagMake(1, 2, 3));
    EQ(*at(OFF_MR(0)), L4_MsgTagMake(1, 2, 3).raw);
    EQ(L4_MsgTag().raw, L4_MsgTagMake(1, 2, 3).raw);
}

static void test_kip(void)
{
    L4_Word_t y, m, d, version, flags, id;
    L4_MemoryDesc_t *md;
    L4_ProcDesc_t *pd;
    L4_KernelInterfacePage_t *k = (L4_KernelInterfacePage_t *)kip;
    int calls = kernel_interface_calls;

    /* the struct follows section 8.1 */
    EQ(offsetof(L4_KernelInterfacePage_t, MemoryInfo), KIP_MEMORY_INFO);
    EQ(offsetof(L4_KernelInterfacePage_t, UtcbAreaInfo), KIP_UTCB_INFO);
    EQ(offsetof(L4_KernelInterfacePage_t, BootInfo), KIP_BOOT_INFO);
    EQ(offsetof(L4_KernelInterfacePage_t, ProcessorInfo), KIP_PROCESSOR_INFO);
    EQ(offsetof(L4_KernelInterfacePage_t, SpaceControl), KIP_LINK_SPACE_CONTROL);
    EQ(offsetof(L4_KernelInterfacePage_t, Ipc), KIP_LINK_IPC);
    EQ(offsetof(L4_KernelInterfacePage_t, Schedule), KIP_LINK_SCHEDULE);
    EQ(offsetof(L4_KernelInterfacePage_t, sigma0.ip), 9 * W);
    EQ(offsetof(L4_KernelInterfacePage_t, rootserver.high), 19 * W);
    EQ(offsetof(L4_KernelInterfacePage_t, ArchSyscall[3]), 71 * W);
    EQ(sizeof(L4_KernelInterfacePage_t), 72 * W);
    EQ(k->magic, L4_MAGIC);
    EQ(k->ThreadInfo, *kipw(kip, KIP_THREAD_INFO));

    /* KernelInterface (trap served by on_sigill) */
    PEQ(L4_KernelInterface(&version, &flags, &id), kip);
    EQ(version, API_VERSION);
    EQ(flags, API_FLAGS);
    EQ(id, KERNEL_ID);
    PEQ(L4_GetKernelInterface(), kip);
    EQ(L4_ApiVersion(), API_VERSION);
    EQ(L4_ApiFlags(), API_FLAGS);
    EQ(L4_KernelId(), KERNEL_ID);
    /* the trap has no side effects: the compiler may share one */
    TRUE(kernel_interface_calls - calls >= 1);
    EQ(L4_KernelId() >> 16, L4_KID_PISTACHIO);
    EQ(L4_ApiVersion() >> 24, L4_APIVERSION_X2);

    /* accessors of section 10.11 against the layout of 8.3 .. 8.6 */
    L4_KernelGenDate(kip, &y, &m, &d);
    EQ(y, 2014);
    EQ(m, 3);
    EQ(d, 27);
    EQ(L4_KernelVersion(kip), 0x01020003UL);
    EQ(L4_KernelSupplier(kip), 0x20614b55UL);
    EQ(strcmp(L4_KernelVersionString(kip), "L4Ka test kernel"), 0);
    EQ(strcmp(L4_Feature(kip, 0), "smallspaces"), 0);
    EQ(strcmp(L4_Feature(kip, 1), "ioflexpages"), 0);
    PEQ(L4_Feature(kip, 2), 0);
    EQ(L4_NumProcessors(kip), 2);
    EQ(L4_NumMemoryDescriptors(kip), 3);
    EQ(L4_PageSizeMask(kip), (1UL << 12) | (1UL << 22));
    EQ(L4_PageRights(kip), 6);
    EQ(L4_ThreadIdBits(kip), W == 8 ? 18 : 17);
    EQ(L4_ThreadIdSystemBase(kip), 16);
    EQ(L4_ThreadIdUserBase(kip), 48);
    EQ(L4_ReadPrecision(kip), 3);
    EQ(L4_SchedulePrecision(kip), 5);
    EQ(L4_UtcbAreaSizeLog2(kip), 12);
    EQ(L4_UtcbAreaSize(kip), 4096);
    EQ(L4_UtcbAlignmentLog2(kip), W == 8 ? 10 : 9);
    EQ(L4_UtcbSize(kip), W == 8 ? 1024 : 512);
    EQ(L4_KipAreaSizeLog2(kip), 12);
    EQ(L4_KipAreaSize(kip), 4096);
    EQ(L4_BootInfo(kip), 0x12345678UL);
    md = L4_MemoryDesc(kip, 0);
    EQ((char *)md - (char *)kip, MEMDESC_OFFSET);
    EQ(L4_MemoryDescType(md), L4_ConventionalMemoryType);
    EQ(L4_MemoryDescLow(md), 0);
    EQ(L4_MemoryDescHigh(md), 0x9ffffUL);
    FALSE(L4_IsMemoryDescVirtual(md));
    md = L4_MemoryDesc(kip, 1);
    EQ(L4_MemoryDescType(md), 0x2e);
    EQ(md->x.type, 0xe);
    EQ(md->x.t, 2);
    EQ(md->x.v, 1);
    EQ(md->x.low, 0x100000UL >> 10);
    EQ(md->x.high, 0x1ffc00UL >> 10);
    TRUE(L4_IsMemoryDescVirtual(md));
    EQ(L4_MemoryDescLow(md), 0x100000UL);
    EQ(L4_MemoryDescHigh(md), 0x1fffffUL);
    md = L4_MemoryDesc(kip, 2);
    EQ(L4_MemoryDescType(md), L4_ReservedMemoryType);
    PEQ(L4_MemoryDesc(kip, 3), 0);
    pd = L4_ProcDesc(kip, 1);
    EQ((char *)pd - (char *)kip, PROCDESC_OFFSET + 4 * W);
    EQ(L4_ProcDescExternalFreq(pd), 133000);
    EQ(L4_ProcDescInternalFreq(pd), 3000000);
    EQ(L4_ProcDescInternalFreq(L4_ProcDesc(kip, 0)), 2000000);
    PEQ(L4_ProcDesc(kip, 2), 0);
}

static void test_kernel_messages(void)
{
    L4_MsgTag_t t;
    t = L4_MsgTagMake(L4_KernelMsgLabel(L4_KernelMsgPageFault, L4_Writable), 2, 0);
    /* section 12: 16-bit labels on ia32, sign-extended 48-bit on amd64 */
    EQ(L4_Label(t), W == 8 ? 0xffffffffffe2UL : 0xffe2UL);
    EQ(t.raw & 0xffffffffUL, 0xffe20002UL);
    TRUE(L4_IsKernelMsg(t));
    TRUE(L4_IsPageFault(t));
    EQ(L4_PageFaultRights(t), L4_Writable);
    EQ(L4_KernelMsgKind(t), 2);
    FALSE(L4_IsInterrupt(t));
    t.raw = 0xfff00000UL;
    TRUE(L4_IsInterrupt(t));
    EQ(L4_KernelMsgKind(t), 1);
    t.raw = 0xffb0000cUL;
    TRUE(L4_IsException(t));
    EQ(L4_KernelMsgKind(t), 5);
    t.raw = 0xff860002UL;
    TRUE(L4_IsIoPageFault(t));
    EQ(L4_KernelMsgKind(t), 8);
    FALSE(L4_IsKernelMsg(L4_MsgTagMake(0x1234, 0, 0)));
    EQ(L4_SIGMA0_LABEL << 16 & 0xffffffffUL, 0xffa00000UL);
    *at(OFF_MR(1)) = 0x4000;
    *at(OFF_MR(2)) = 0x8000;
    EQ(L4_PageFaultAddress(), 0x4000);
    EQ(L4_PageFaultIP(), 0x8000);
}

/* ------------------------------------------------------------------ */
/* System calls, through libl4 and the fake kernel                     */

static void test_lazy_init(void)
{
    L4_ThreadId_t to = L4_GlobalId(0x40, 1);
    int calls = kernel_interface_calls;

#if defined(__x86_64__)
    FALSE(__L4_Ipc == (void *)fake_Ipc);
#else
    EQ(((unsigned char *)__L4_Ipc)[0], 0xe9);
    EQ((L4_Word_t)__L4_Ipc % 8, 0);
#endif
    clear_fake();
    (void)L4_Send(to);
    EQ(fk_call, 1);
    EQ(kernel_interface_calls - calls, 1);     /* the lazy init ran once */
#if defined(__x86_64__)
    TRUE(__L4_Ipc == (void *)fake_Ipc);
    TRUE(__L4_Schedule == (void *)fake_Schedule);
#else
    {
        unsigned char *slot = (unsigned char *)__L4_Ipc;
        int rel;
        memcpy(&rel, slot + 1, 4);
        EQ(slot[0], 0xe9);
        PEQ(slot + 5 + rel, (unsigned char *)fake_Ipc);
        EQ(slot[5], 0xcc);
        EQ(slot[7], 0xcc);
    }
#endif
    (void)L4_Send(to);
    EQ(kernel_interface_calls - calls, 1);     /* and only once */

    /* explicit initialisation from another KIP, then L4_Init again */
    build_kip(kip2_page, 1);
    __L4_InitFromKip(kip2_page);
    clear_fake();
    (void)L4_Send(to);
    EQ(fk_call, 2);                     /* Ipc now leads to fake_Lipc */
    L4_Init();
    EQ(kernel_interface_calls - calls, 2);
    clear_fake();
    (void)L4_Send(to);
    EQ(fk_call, 1);
}

#if defined(__x86_64__)
#define TO rSI
#define FROM rDX
#define TIMEOUTS r8
#define MR0REG r9
#else
#define TO eAX
#define FROM eDX
#define TIMEOUTS eCX
#define MR0REG eSI
#endif

static void test_ipc(void)
{
    L4_ThreadId_t to = L4_GlobalId(0x40, 1), from = L4_nilthread;
    L4_MsgTag_t tag;
    int i;

    /* Call: send MR0 (in a register), receive; MRs come back */
    clear_fake();
    fill_mrs(0x1000);
    L4_Set_MsgTag(L4_MsgTagMake(0x1234, 7, 0));
    fk_out[MR0REG] = 0x56780007UL;
#if defined(__x86_64__)
    fk_out[rSI] = to.raw;               /* from */
    fk_out[rAX] = 0xa1;
    fk_out[rBX] = 0xa2;
    fk_out[r10] = 0xa3;
    fk_out[r12] = 0xa4;
    fk_out[r13] = 0xa5;
    fk_out[r14] = 0xa6;
    fk_out[r15] = 0xa7;
#else
    fk_out[eAX] = to.raw;
    fk_out[eBX] = 0xa1;
    fk_out[eBP] = 0xa2;
#endif
    fk_mr_in_memory = 0xc3;
    *at(OFF_MR(FIRST_MEMORY_MR)) = 0x1000 + FIRST_MEMORY_MR;
    tag = L4_Call(to);
    /* the first MR passed in memory, written by the kernel: "memory" */
    EQ(*at(OFF_MR(FIRST_MEMORY_MR)), 0xc3);
    EQ(fk_call, 1);
    EQ(fk_in[TO], to.raw);
    EQ(fk_in[FROM], to.raw);
    EQ(fk_in[TIMEOUTS], 0);
    EQ(fk_in[MR0REG], 0x12340007UL);
#if defined(__x86_64__)
    EQ(fk_in[rDI], (L4_Word_t)P);
    EQ(fk_in[rAX], 0x1001);             /* MR1..MR7 go in registers */
    EQ(fk_in[rBX], 0x1002);
    EQ(fk_in[r10], 0x1003);
    EQ(fk_in[r12], 0x1004);
    EQ(fk_in[r13], 0x1005);
    EQ(fk_in[r14], 0x1006);
    EQ(fk_in[r15], 0x1007);
    for (i = 1; i <= 7; i++)
        EQ(*at(OFF_MR(i)), 0xa0 + (L4_Word_t)i);
#else
    EQ(fk_in[eDI], (L4_Word_t)P);
    EQ(*at(OFF_MR(1)), 0xa1);           /* from EBX */
    EQ(*at(OFF_MR(2)), 0xa2);           /* from EBP */
#endif
    EQ(tag.raw, 0x56780007UL);
    EQ(*at(OFF_MR(0)), 0x56780007UL);

    /* Send: no receive phase, so the result registers are not stored */
    clear_fake();
    fill_mrs(0x2000);
    fk_out[MR0REG] = 0x2000;
    fk_mr_in_memory = 0x2000 + FIRST_MEMORY_MR;
    tag = L4_Send(to);
    EQ(fk_in[TO], to.raw);
    EQ(fk_in[FROM], 0);
    EQ(fk_in[TIMEOUTS], 0);
    EQ(tag.raw, 0x2000);
    for (i = 1; i <= 8; i++)
        EQ(*at(OFF_MR(i)), 0x2000 + (L4_Word_t)i);

    /* Reply: send timeout zero */
    clear_fake();
    (void)L4_Reply(to);
    EQ(fk_in[TIMEOUTS], 0x04000000UL);
    EQ(fk_in[FROM], 0);

    /* ReplyWait: open receive, send zero / receive never */
    clear_fake();
    fk_out[MR0REG] = 0x10000;
#if defined(__x86_64__)
    fk_out[rSI] = 0x777001;
#else
    fk_out[eAX] = 0x777001;
#endif
    tag = L4_ReplyWait(to, &from);
    EQ(fk_in[TO], to.raw);
    EQ(fk_in[FROM], ~0UL);
    EQ(fk_in[TIMEOUTS], 0x04000000UL);
    EQ(from.raw, 0x777001);
    EQ(tag.raw, 0x10000);

    clear_fake();
    (void)L4_ReplyWait_Timeout(to, L4_TimePeriod(100), &from);
    EQ(fk_in[TIMEOUTS], 0x04000064UL);

    clear_fake();
    (void)L4_Wait(&from);
    EQ(fk_in[TO], 0);
    EQ(fk_in[FROM], ~0UL);
    EQ(fk_in[TIMEOUTS], 0);

    clear_fake();
    (void)L4_Wait_Timeout(L4_ZeroTime, &from);
    EQ(fk_in[TIMEOUTS], 0x0400);

    clear_fake();
    (void)L4_Receive(to);
    EQ(fk_in[TO], 0);
    EQ(fk_in[FROM], to.raw);

    clear_fake();
    (void)L4_Receive_Timeout(to, L4_TimePeriod(1000));
    EQ(fk_in[TIMEOUTS], 1000);

    clear_fake();
    (void)L4_Send_Timeout(to, L4_TimePeriod(5));
    EQ(fk_in[TIMEOUTS], 5UL << 16);

    clear_fake();
    (void)L4_Call_Timeouts(to, L4_TimePeriod(5), L4_TimePeriod(6));
    EQ(fk_in[TIMEOUTS], (5UL << 16) | 6);
    EQ(fk_in[FROM], to.raw);

    /* Sleep: receive from oneself */
    clear_fake();
    *at(OFF_MY_GLOBAL_ID) = L4_GlobalId(0x41, 1).raw;
    L4_Sleep(L4_TimePeriod(1000));
    EQ(fk_in[TO], 0);
    EQ(fk_in[FROM], L4_GlobalId(0x41, 1).raw);
    EQ(fk_in[TIMEOUTS], 1000);

    /* Lipc */
    clear_fake();
    (void)L4_Lcall(to);
    EQ(fk_call, 2);
    EQ(fk_in[FROM], to.raw);
    clear_fake();
    (void)L4_LreplyWait(to, &from);
    EQ(fk_call, 2);
    EQ(fk_in[FROM], ~0UL << 6);
    EQ(fk_in[TIMEOUTS], 0x04000000UL);

    /* L4_Ipc itself, with a null from and a receive phase */
    clear_fake();
    tag = L4_Ipc(L4_nilthread, L4_anythread, 0, 0);
    EQ(fk_call, 1);
}

#if defined(__x86_64__)
#define XR_DEST rAX
#define XR_CONTROL rSI
#define XR_SP rDX
#define XR_IP r8
#define XR_FLAGS r9
#define XR_HANDLE r10
#define XR_PAGER rDI
#else
#define XR_DEST eAX
#define XR_CONTROL eCX
#define XR_SP eDX
#define XR_IP eSI
#define XR_FLAGS eDI
#define XR_HANDLE eBX
#define XR_PAGER eBP
#endif

static void test_exregs(void)
{
    L4_ThreadId_t t = L4_GlobalId(0x50, 2), r, pager;
    L4_Word_t control, sp, ip, flags, handle;
    L4_ThreadState_t st;

    clear_fake();
    fk_out[XR_DEST] = 0x6000;
    fk_out[XR_CONTROL] = 0x6001;
    fk_out[XR_SP] = 0x6002;
    fk_out[XR_IP] = 0x6003;
    fk_out[XR_FLAGS] = 0x6004;
    fk_out[XR_HANDLE] = 0x6005;
    fk_out[XR_PAGER] = 0x6006;
    r = L4_ExchangeRegisters(t, 0x1f8, 0x5001, 0x5002, 0x5003, 0x5004,
                             L4_GlobalId(0x51, 1), &control, &sp, &ip,
                             &flags, &handle, &pager);
    EQ(fk_call, 3);
    EQ(fk_in[XR_DEST], t.raw);
    EQ(fk_in[XR_CONTROL], 0x1f8);
    EQ(fk_in[XR_SP], 0x5001);
    EQ(fk_in[XR_IP], 0x5002);
    EQ(fk_in[XR_FLAGS], 0x5003);
    EQ(fk_in[XR_HANDLE], 0x5004);
    EQ(fk_in[XR_PAGER], L4_GlobalId(0x51, 1).raw);
    EQ(r.raw, 0x6000);
    EQ(control, 0x6001);
    EQ(sp, 0x6002);
    EQ(ip, 0x6003);
    EQ(flags, 0x6004);
    EQ(handle, 0x6005);
    EQ(pager.raw, 0x6006);

    /* the control words of section 10.2 */
    clear_fake();
    L4_Start(t);
    EQ(fk_in[XR_CONTROL], 0x106);
    clear_fake();
    L4_Start_SpIp(t, 0x100, 0x200);
    EQ(fk_in[XR_CONTROL], 0x11e);
    EQ(fk_in[XR_SP], 0x100);
    EQ(fk_in[XR_IP], 0x200);
    clear_fake();
    L4_Start_SpIpFlags(t, 0x100, 0x200, 0x300);
    EQ(fk_in[XR_CONTROL], 0x13e);
    EQ(fk_in[XR_FLAGS], 0x300);
    clear_fake();
    fk_out[XR_CONTROL] = 5;
    st = L4_Stop(t);
    EQ(fk_in[XR_CONTROL], 0x301);
    TRUE(L4_ThreadWasHalted(st));
    FALSE(L4_ThreadWasReceiving(st));
    TRUE(L4_ThreadWasSending(st));
    TRUE(L4_ThreadWasIpcing(st));
    clear_fake();
    fk_out[XR_SP] = 0x41;
    fk_out[XR_IP] = 0x42;
    fk_out[XR_FLAGS] = 0x43;
    st = L4_Stop_SpIpFlags(t, &sp, &ip, &flags);
    EQ(sp, 0x41);
    EQ(ip, 0x42);
    EQ(flags, 0x43);
    clear_fake();
    (void)L4_AbortReceive_and_stop(t);
    EQ(fk_in[XR_CONTROL], 0x303);
    clear_fake();
    (void)L4_AbortSend_and_stop(t);
    EQ(fk_in[XR_CONTROL], 0x305);
    clear_fake();
    (void)L4_AbortIpc_and_stop(t);
    EQ(fk_in[XR_CONTROL], 0x307);
    clear_fake();
    (void)L4_AbortIpc_and_stop_SpIpFlags(t, &sp, &ip, &flags);
    EQ(fk_in[XR_CONTROL], 0x307);
    clear_fake();
    (void)L4_AbortReceive_and_stop_SpIpFlags(t, &sp, &ip, &flags);
    (void)L4_AbortSend_and_stop_SpIpFlags(t, &sp, &ip, &flags);
    EQ(fk_in[XR_CONTROL], 0x305);

    /* derived calls */
    clear_fake();
    EQ(L4_GlobalIdOf(t).raw, t.raw);    /* already global: no call */
    EQ(fk_call, 0);
    r.raw = (L4_Word_t)P;
    fk_out[XR_DEST] = 0x7001;
    EQ(L4_GlobalIdOf(r).raw, 0x7001);
    EQ(fk_in[XR_CONTROL], 0);
    EQ(fk_in[XR_DEST], (L4_Word_t)P);
    clear_fake();
    fk_out[XR_DEST] = (L4_Word_t)P;
    EQ(L4_LocalIdOf(t).raw, (L4_Word_t)P);
    clear_fake();
    fk_out[XR_DEST] = t.raw;
    TRUE(L4_SameThreads(r, t));
    clear_fake();
    fk_out[XR_HANDLE] = 0x99;
    EQ(L4_UserDefinedHandleOf(t), 0x99);
    clear_fake();
    L4_Set_UserDefinedHandleOf(t, 0x98);
    EQ(fk_in[XR_CONTROL], 0x40);
    EQ(fk_in[XR_HANDLE], 0x98);
    clear_fake();
    fk_out[XR_PAGER] = 0x97;
    EQ(L4_PagerOf(t).raw, 0x97);
    clear_fake();
    L4_Set_PagerOf(t, L4_GlobalId(3, 1));
    EQ(fk_in[XR_CONTROL], 0x80);
    EQ(fk_in[XR_PAGER], L4_GlobalId(3, 1).raw);
}

static void test_other_syscalls(void)
{
    L4_ThreadId_t t = L4_GlobalId(0x50, 2), irq = L4_GlobalId(5, 1);
    L4_Fpage_t f = L4_FpageLog2(0x80000, 16), fps[3];
    L4_Word_t old = 0, attrs[4] = {1, 2, 3, 4};
    L4_Time_t ts, tq;
    L4_Clock_t c;

    /* ThreadControl: AssociateInterrupt = (irq, irq, nil, handler, -1) */
    clear_fake();
#if defined(__x86_64__)
    fk_out[rAX] = 1;
    EQ(L4_AssociateInterrupt(irq, t), 1);
    EQ(fk_in[rDI], irq.raw);
    EQ(fk_in[r8], irq.raw);
    EQ(fk_in[rDX], 0);
    EQ(fk_in[rSI], t.raw);
    EQ(fk_in[r9], ~0UL);
#else
    fk_out[eAX] = 1;
    EQ(L4_AssociateInterrupt(irq, t), 1);
    EQ(fk_in[eAX], irq.raw);
    EQ(fk_in[eSI], irq.raw);
    EQ(fk_in[eDX], 0);
    EQ(fk_in[eCX], t.raw);
    EQ(fk_in[eDI], ~0UL);
#endif
    EQ(fk_call, 4);
    clear_fake();
    (void)L4_DeassociateInterrupt(irq);
#if defined(__x86_64__)
    EQ(fk_in[rSI], irq.raw);
#else
    EQ(fk_in[eCX], irq.raw);
#endif
    clear_fake();
    (void)L4_ThreadControl(t, irq, L4_anythread, L4_nilthread, (void *)0xbf000200UL);
#if defined(__x86_64__)
    EQ(fk_in[rDI], t.raw);
    EQ(fk_in[rDX], ~0UL);
    EQ(fk_in[r9], 0xbf000200UL);
#else
    EQ(fk_in[eAX], t.raw);
    EQ(fk_in[eDX], ~0UL);
    EQ(fk_in[eDI], 0xbf000200UL);
#endif

    /* SpaceControl */
    clear_fake();
#if defined(__x86_64__)
    fk_out[rAX] = 1;
    fk_out[rDX] = 0x31;
    EQ(L4_SpaceControl(t, 0x30, L4_FpageLog2(0xbff00000UL, 12),
                       L4_FpageLog2(0xbf000000UL, 12), irq, &old), 1);
    EQ(fk_in[rDI], t.raw);
    EQ(fk_in[rSI], 0x30);
    EQ(fk_in[rDX], 0xbff000c0UL);
    EQ(fk_in[r8], 0xbf0000c0UL);
    EQ(fk_in[r9], irq.raw);
#else
    fk_out[eAX] = 1;
    fk_out[eCX] = 0x31;
    EQ(L4_SpaceControl(t, 0x30, L4_FpageLog2(0xbff00000UL, 12),
                       L4_FpageLog2(0xbf000000UL, 12), irq, &old), 1);
    EQ(fk_in[eAX], t.raw);
    EQ(fk_in[eCX], 0x30);
    EQ(fk_in[eDX], 0xbff000c0UL);
    EQ(fk_in[eSI], 0xbf0000c0UL);
    EQ(fk_in[eDI], irq.raw);
#endif
    EQ(old, 0x31);
    EQ(fk_call, 9);

    /* Schedule and its derived calls (section 10.5) */
#if defined(__x86_64__)
#define S_DEST rDI
#define S_TIME rDX
#define S_PROC r8
#define S_PRIO rSI
#define S_PREEMPT r9
#define S_RESULT rAX
#else
#define S_DEST eAX
#define S_TIME eDX
#define S_PROC eSI
#define S_PRIO eCX
#define S_PREEMPT eDI
#define S_RESULT eAX
#endif
    clear_fake();
    fk_out[S_RESULT] = L4_SCHEDRESULT_RUNNING;
    EQ(L4_Set_Priority(t, 0x1ff), 3);
    EQ(fk_call, 7);
    EQ(fk_in[S_DEST], t.raw);
    EQ(fk_in[S_TIME], ~0UL);
    EQ(fk_in[S_PROC], ~0UL);
    EQ(fk_in[S_PRIO], 0xff);
    EQ(fk_in[S_PREEMPT], ~0UL);
    clear_fake();
    (void)L4_Set_ProcessorNo(t, 1);
    EQ(fk_in[S_PROC], 1);
    EQ(fk_in[S_PRIO], ~0UL);
    clear_fake();
    (void)L4_Set_Timeslice(t, L4_TimePeriod(10000), L4_Never);
    EQ(fk_in[S_TIME], 0x12710000UL);
    clear_fake();
    (void)L4_Set_PreemptionDelay(t, 200, 1000);
    EQ(fk_in[S_PREEMPT], (200UL << 16) | 1000);
    clear_fake();
    fk_out[S_TIME] = 0x12710400UL;
    (void)L4_Timeslice(t, &ts, &tq);
    EQ(ts.raw, 0x1271);
    EQ(tq.raw, 0x0400);
    clear_fake();
    fk_out[S_TIME] = 0x42;
    (void)L4_Schedule(t, 1, 2, 3, 4, &old);
    EQ(old, 0x42);
    EQ(fk_in[S_TIME], 1);
    EQ(fk_in[S_PROC], 2);
    EQ(fk_in[S_PRIO], 3);
    EQ(fk_in[S_PREEMPT], 4);

    /* ThreadSwitch */
    clear_fake();
    L4_Yield();
    EQ(fk_call, 6);
#if defined(__x86_64__)
    EQ(fk_in[rDI], 0);
    L4_ThreadSwitch(t);
    EQ(fk_in[rDI], t.raw);
#else
    EQ(fk_in[eAX], 0);
    L4_ThreadSwitch(t);
    EQ(fk_in[eAX], t.raw);
#endif

    /* Unmap (section 10.7) */
    clear_fake();
    fill_mrs(0x3000);
#if defined(__x86_64__)
    fk_out[r9] = f.raw | 6;
    fk_out[rAX] = 0x3001;
    fk_out[rBX] = 0x3002;
    fk_out[r10] = 0x3003;
    fk_out[r12] = 0x3004;
    fk_out[r13] = 0x3005;
    fk_out[r14] = 0x3006;
    fk_out[r15] = 0x3007;
#else
    fk_out[eSI] = f.raw | 6;
#endif
    EQ(L4_UnmapFpage(L4_FpageAddRights(f, 2)).raw, f.raw | 6);
    EQ(fk_call, 8);
#if defined(__x86_64__)
    EQ(fk_in[rDX], 0);
    EQ(fk_in[r9], f.raw | 2);
    EQ(fk_in[rDI], (L4_Word_t)P);
#else
    EQ(fk_in[eAX], 0);
    EQ(fk_in[eSI], f.raw | 2);
    EQ(fk_in[eDI], (L4_Word_t)P);
#endif
    TRUE(L4_WasWritten(L4_UnmapFpage(f)));
    TRUE(L4_WasReferenced(L4_UnmapFpage(f)));
    FALSE(L4_WaseXecuted(L4_UnmapFpage(f)));
    clear_fake();
    (void)L4_Flush(f);
#if defined(__x86_64__)
    EQ(fk_in[rDX], 0x40);
#else
    EQ(fk_in[eAX], 0x40);
#endif
    clear_fake();
    (void)L4_GetStatus(L4_FpageAddRights(f, 7));
#if defined(__x86_64__)
    EQ(fk_in[r9], f.raw);
#else
    EQ(fk_in[eSI], f.raw);
#endif
    clear_fake();
    fps[0] = f;
    fps[1] = L4_FpageLog2(0x90000, 16);
    fps[2] = L4_FpageLog2(0xa0000, 16);
#if defined(__x86_64__)
    fk_out[r9] = 0x901;
    fk_out[rAX] = 0x902;
    fk_out[rBX] = 0x903;
#else
    fk_out[eSI] = 0x901;
#endif
    L4_FlushFpages(3, fps);
#if defined(__x86_64__)
    EQ(fk_in[rDX], 0x42);
    EQ(fk_in[rAX], 0x90100UL);
    EQ(fps[1].raw, 0x902);
    EQ(fps[2].raw, 0x903);
#else
    EQ(fk_in[eAX], 0x42);
    EQ(*at(OFF_MR(1)), 0x90100UL);
    EQ(fps[1].raw, 0x90100UL);          /* MR1, MR2 as the kernel left them */
#endif
    EQ(fps[0].raw, 0x901);
    clear_fake();
    L4_UnmapFpages(1, fps);
#if defined(__x86_64__)
    EQ(fk_in[rDX], 0);
#else
    EQ(fk_in[eAX], 0);
#endif

    /* MemoryControl (section 10.8) */
    clear_fake();
    fps[0] = L4_FpageLog2(0x80000, 16);
    fps[1].raw = L4_FpageLog2(0x90000, 16).raw | 3;
    (void)L4_Set_PageAttributes(2, fps, attrs);
    EQ(fk_call, 11);
    EQ(*at(OFF_MR(0)), 0x80100UL);
    EQ(*at(OFF_MR(1)), 0x90103UL);
#if defined(__x86_64__)
    EQ(fk_in[rDI], 1);
    EQ(fk_in[rSI], 1);
    EQ(fk_in[rDX], 2);
    EQ(fk_in[r8], 3);
    EQ(fk_in[r9], 4);
#else
    EQ(fk_in[eAX], 1);
    EQ(fk_in[eCX], 1);
    EQ(fk_in[eDX], 2);
    EQ(fk_in[eBX], 3);
    EQ(fk_in[eBP], 4);
    EQ(fk_in[eSI], 0x80100UL);
    EQ(fk_in[eDI], (L4_Word_t)P);
#endif
    clear_fake();
#if defined(__x86_64__)
    fk_out[rAX] = 1;
#else
    fk_out[eAX] = 1;
#endif
    EQ(L4_Set_PageAttribute(L4_FpageAddRights(f, 3), 5), 1);
    EQ(*at(OFF_MR(0)), f.raw | 0);      /* attribute index 0 */
#if defined(__x86_64__)
    EQ(fk_in[rDI], 0);
    EQ(fk_in[rSI], 5);
#else
    EQ(fk_in[eAX], 0);
    EQ(fk_in[eCX], 5);
    EQ(fk_in[eBP], 0);
#endif

    /* ProcessorControl */
    clear_fake();
    (void)L4_ProcessorControl(1, 2, 3, 4);
    EQ(fk_call, 10);
#if defined(__x86_64__)
    EQ(fk_in[rDI], 1);
    EQ(fk_in[rSI], 2);
    EQ(fk_in[rDX], 3);
    EQ(fk_in[r8], 4);
#else
    EQ(fk_in[eAX], 1);
    EQ(fk_in[eCX], 2);
    EQ(fk_in[eDX], 3);
    EQ(fk_in[eSI], 4);
#endif

    /* SystemClock */
    clear_fake();
#if defined(__x86_64__)
    fk_out[rAX] = 0x0123456789abcdefUL;
#else
    fk_out[eAX] = 0x89abcdefUL;
    fk_out[eDX] = 0x01234567UL;
#endif
    c = L4_SystemClock();
    EQ(fk_call, 5);
    EQ(c.raw, 0x0123456789abcdefULL);
}

static void test_sigma0(void)
{
    L4_Fpage_t f = L4_FpageAddRights(L4_FpageLog2(0x100000, 12), L4_ReadWriteOnly), r;
    L4_Fpage_t mapped = L4_FpageAddRights(L4_FpageLog2(0x100000, 12), 6);

    clear_fake();
    fill_mrs(0);
    fk_out[MR0REG] = 2 << 6;            /* u = 0, t = 2 */
#if defined(__x86_64__)
    fk_out[rAX] = 0x100008;
    fk_out[rBX] = mapped.raw;
#else
    fk_out[eBX] = 0x100008;
    fk_out[eBP] = mapped.raw;
#endif
    r = L4_Sigma0_GetPage(L4_nilthread, f);
    EQ(r.raw, mapped.raw);
    /* sigma0 = GlobalId(UserBase, 1) from the KIP; the request of 12.6 */
    EQ(fk_in[TO], L4_GlobalId(48, 1).raw);
    EQ(fk_in[FROM], L4_GlobalId(48, 1).raw);
    EQ(fk_in[MR0REG], W == 8 ? 0xffffffffffa00002UL : 0xffa00002UL);
#if defined(__x86_64__)
    EQ(fk_in[rAX], f.raw);
    EQ(fk_in[rBX], 0);
#else
    EQ(fk_in[eSI], 0xffa00002UL);
    EQ(fk_mrs[0], f.raw);
    EQ(fk_mrs[1], 0);
#endif
    EQ(*at(OFF_BR(0)), 0x10);           /* accept mappings anywhere */

    clear_fake();
    fk_out[MR0REG] = 0x8000;            /* IPC error */
    EQ(L4_Sigma0_GetPage(L4_GlobalId(49, 1), f).raw, 0);
    EQ(fk_in[TO], L4_GlobalId(49, 1).raw);

    clear_fake();
    fk_out[MR0REG] = 2 << 6;
    (void)L4_Sigma0_GetAny(L4_GlobalId(48, 1), 22, L4_FpageLog2(0x40000000UL, 30));
#if defined(__x86_64__)
    EQ(fk_in[rAX], (~0UL << 10) | (22 << 4) | 7);
#else
    EQ(fk_mrs[0], (~0UL << 10) | (22 << 4) | 7);
#endif
    EQ(*at(OFF_BR(0)), 0x40000000UL | (30 << 4));

    clear_fake();
    fk_out[MR0REG] = 2 << 6;
    (void)L4_Sigma0_GetPage_RcvWindow(L4_GlobalId(48, 1), f, L4_FpageLog2(0x80000000UL, 20));
    EQ(*at(OFF_BR(0)), 0x80000000UL | (20 << 4));

    clear_fake();
    fk_out[MR0REG] = 2 << 6;
    (void)L4_Sigma0_GetSpecial(3, 0xb8000, 4096);
    EQ(fk_in[TO], L4_GlobalId(48, 1).raw);
#if defined(__x86_64__)
    EQ(fk_in[rAX], 0xb80c7UL);
    EQ(fk_in[rBX], 3);
#else
    EQ(fk_in[eSI], 0xffa00002UL);
    EQ(fk_mrs[0], 0xb80c7UL);
    EQ(fk_mrs[1], 3);
#endif
}

static void test_kdebug(void)
{
    kdb_out[0] = 0;
    L4_KDB_PrintString("hello, ");
    L4_KDB_PrintChar('L');
    L4_KDB_PrintChar('4');
    EQ(strcmp(kdb_out, "hello, L4"), 0);
    L4_KDB_Enter("stopped here");
    EQ(strcmp(kdb_enter, "stopped here"), 0);
    EQ(L4_KDB_ReadChar(), 'k');
    EQ(L4_KDB_ReadChar_Blocked(), 'K');
    L4_KDB_ClearPage();
    L4_KDB_ToggleBreakin();
    EQ(kdb_clear, 1);
    EQ(kdb_breakin, 1);
    EQ(kdb_other, 0);
}

static const char *current_test = "setup";

static void on_crash(int sig)
{
    char msg[128];
    int n = snprintf(msg, sizeof msg, "check.c: signal %d in %s\n", sig, current_test);
    if (write(1, msg, (size_t)n) < 0)
        _exit(4);
    _exit(3);
}

#define RUN(test) (current_test = #test, test())

int main(void)
{
    struct sigaction sa;

    P = utcb_block + MR0_OFFSET / sizeof(L4_Word_t);
#if defined(TEST_REAL_GS)
    gs_word = (L4_Word_t)P;
    if (syscall(SYS_arch_prctl, ARCH_SET_GS, &gs_word) != 0) {
        perror("arch_prctl(ARCH_SET_GS)");
        return 2;
    }
#else
    test_utcb = P;
    (void)gs_word;
#endif
    memset(&sa, 0, sizeof sa);
    sa.sa_flags = SA_SIGINFO;
    sa.sa_sigaction = on_sigill;
    sigaction(SIGILL, &sa, 0);
    sa.sa_sigaction = on_sigtrap;
    sigaction(SIGTRAP, &sa, 0);
    sa.sa_flags = 0;
    sa.sa_handler = on_crash;
    sigaction(SIGSEGV, &sa, 0);
    sigaction(SIGBUS, &sa, 0);
    setvbuf(stdout, 0, _IONBF, 0);
    build_kip(kip, 0);

    RUN(test_thread_ids);
    RUN(test_fpages);
    RUN(test_time);
    RUN(test_clock);
    RUN(test_msgtag);
    RUN(test_errors);
    RUN(test_items);
    RUN(test_messages);
    RUN(test_buffers);
    RUN(test_vregs);
    RUN(test_kip);
    RUN(test_kernel_messages);
    RUN(test_lazy_init);
    RUN(test_ipc);
    RUN(test_exregs);
    RUN(test_other_syscalls);
    RUN(test_sigma0);
    RUN(test_kdebug);

    if (failures != 0) {
        printf("FAIL %d of %d checks\n", failures, checks);
        return 1;
    }
    printf("PASS %d checks\n", checks);
    return 0;
}
