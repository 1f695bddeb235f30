package e2egen

// runtimeC is the fixed part of every generated test program: value
// generation, checks and their report lines, memory for variable-length
// values, the raw (hand-built) Ipc used by hostile requests and kernel
// messages, and the misbehaving server. Everything that depends on an
// operation is generated from the IR.
const runtimeC = `/* ---- test runtime (fixed part) ----------------------------------- */

typedef unsigned long long e2e_u64;

/* The call mode of a case (struct e2e_case.mode): how long variable data is. */
#define E2E_BASE        0       /* bounded: the bound; unbounded: 13 */
#define E2E_MID         1       /* bounded: about half; unbounded: 7 */
#define E2E_ZERO        2       /* everything empty */
#define E2E_U1          3       /* bounded: the bound; unbounded: 1 */
#define E2E_U1000       4       /* bounded: the bound; unbounded: 1000 */
#define E2E_UMAX        5       /* bounded: the bound; unbounded: what fits */
#define E2E_OVER        6       /* bounded: one above the bound; unbounded: 13 */

/* What a case expects back. */
#define E2E_NORMAL      0       /* the reply's values */
#define E2E_EXCEPTION   1       /* user exception exc with its members */
#define E2E_NOWIN       2       /* a mapping without receive window: IPC error */
#define E2E_EVIL        3       /* a malformed reply: a system exception */
#define E2E_ONEWAY      4       /* no reply; a probe proves delivery */
#define E2E_BADPARAM    5       /* data above its bound: the stub refuses to send */
#define E2E_REPLYOVER   6       /* the implementation returns data above its
                                   bound (or raises exception exc with such
                                   members): the server answers 0xFE03 */
#define E2E_TIMEOUT     7       /* a server that never answers: receive timeout */
#define E2E_QUIET       8       /* a hostile request the server must serve: the
                                   implementation reports nothing */

/* Case flags. */
#define E2E_F_NOENV     1       /* call with a NULL environment */
#define E2E_F_DEFER     2       /* the implementation replies with the
                                   operation's deferred reply stub */

struct e2e_case {
    const char *name;
    e2e_u64 seed;
    int mode;
    int arm;                    /* union arm choice to force, or -1 */
    int kind;
    int exc;                    /* E2E_EXCEPTION: index into raises() */
    int expect_minor;           /* E2E_EVIL: the system exception code (-1: none) */
    const L4_Word_t *evil;      /* E2E_EVIL: MR0.. of the reply to send */
    int flags;
};

/* The case being run: set by the client before each call; the
 * implementations (same address space) read it to know what to expect.
 * Every variable one thread writes and another reads is volatile: the
 * threads switch inside the Ipc, which the compiler cannot see as a
 * synchronisation point for a static whose address never escapes (GCC
 * kept e2e_cur in a register across the misbehaving server's Wait loop
 * once L4_Wait was not inlined, and the server answered a stale case). */
static const struct e2e_case *volatile e2e_cur;
static L4_ThreadId_t e2e_me, e2e_me_local;
static int e2e_nchecks, e2e_nfailed;

static __attribute__((unused)) e2e_u64 e2e_h(e2e_u64 s, e2e_u64 k)
{
    e2e_u64 z = s + 0x9E3779B97F4A7C15ULL * (k + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static __attribute__((unused)) e2e_u64 e2e_seed(e2e_u64 k)
{
    return e2e_h(e2e_cur->seed, k);
}

static __attribute__((unused)) CORBA_float e2e_flt(e2e_u64 v)
{
    return (CORBA_float)((int)(unsigned)(v & 0xFFFFF) - 0x80000) * 0.125f;
}

static __attribute__((unused)) CORBA_double e2e_dbl(e2e_u64 v)
{
    return (CORBA_double)((long long)(v >> 12) - (1LL << 51)) * 0.25;
}

/* A long double that a double cannot hold (64 mantissa bits). */
static __attribute__((unused)) CORBA_long_double e2e_ldbl(e2e_u64 v)
{
    return (CORBA_long_double)((long long)(v >> 1) - (1LL << 62)) / 3.0L;
}

/* The 80 value bits of a long double folded into 64 (padding ignored). */
static __attribute__((unused)) e2e_u64 e2e_ldbits(CORBA_long_double d)
{
    e2e_u64 m;
    unsigned short e;
    __builtin_memcpy(&m, &d, sizeof m);
    __builtin_memcpy(&e, (const char *)&d + 8, sizeof e);
    return m ^ ((e2e_u64)e << 47) ^ e;
}

static __attribute__((unused)) e2e_u64 e2e_fbits(CORBA_float f)
{
    unsigned u;
    __builtin_memcpy(&u, &f, sizeof u);
    return u;
}

static __attribute__((unused)) e2e_u64 e2e_dbits(CORBA_double d)
{
    e2e_u64 u;
    __builtin_memcpy(&u, &d, sizeof u);
    return u;
}

static __attribute__((unused)) CORBA_char e2e_ch(e2e_u64 v)
{
    return (CORBA_char)(0x21 + (unsigned)v % 94u);
}

static __attribute__((unused)) CORBA_wchar e2e_wch(e2e_u64 v)
{
    return (CORBA_wchar)(0x20 + (unsigned)v % 0xD000u);
}

#ifdef E2E_KERNEL
/* On a real kernel (Config.Kernel: E2E_KERNEL) fpages are real: every
 * fpage value names the start of e2e_fpsrc, which the sender has mapped,
 * with at least read rights, and every send base lies in the receive
 * window E2E_WINDOW, where nothing else is mapped; the receiver then reads
 * the mapped page there (e2e_touch). */
#define E2E_WINDOW_BASE 0x60000000UL
#define E2E_WINDOW_LOG2 22
#define E2E_WINDOW L4_FpageLog2(E2E_WINDOW_BASE, E2E_WINDOW_LOG2)
static __attribute__((unused)) unsigned char e2e_fpsrc[1 << 19] __attribute__((aligned(1 << 19)));
#else
#define E2E_WINDOW L4_CompleteAddressSpace
#endif

/* A flexpage word: base aligned to its size, size 2^12..2^19, rights. */
static __attribute__((unused)) L4_Word_t e2e_fpword(e2e_u64 v)
{
    unsigned s = 12 + (unsigned)(v & 7);
#ifdef E2E_KERNEL
    /* only pages the sender has mapped are sent: touch them */
    for (L4_Word_t off = 0; off < ((L4_Word_t)1 << s); off += 4096)
        (void)*(volatile unsigned char *)(e2e_fpsrc + off);
    return (L4_Word_t)e2e_fpsrc | ((L4_Word_t)s << 4) | (L4_Word_t)((v >> 3) & 7) | 4;
#else
    L4_Word_t b = (L4_Word_t)(v >> 8) & ~(((L4_Word_t)1 << s) - 1);
    return b | ((L4_Word_t)s << 4) | (L4_Word_t)((v >> 3) & 7);
#endif
}

/* The send base of an fpage value. */
static __attribute__((unused)) L4_Word_t e2e_fpbase(e2e_u64 v)
{
#ifdef E2E_KERNEL
    return E2E_WINDOW_BASE + ((L4_Word_t)(v >> 3) & (((L4_Word_t)1 << E2E_WINDOW_LOG2) - 1));
#else
    return (L4_Word_t)(v >> 3);
#endif
}

/* Whether the page received for (base, fpage) is there: with real
 * fpages, write a fresh word into the source pages and read it back
 * through the receive window (spec 11.2 placement: window + base mod the
 * window size, rounded down to the fpage size); always 1 otherwise. */
static __attribute__((unused)) int e2e_touch(L4_Word_t base, L4_Word_t fpage)
{
#ifdef E2E_KERNEL
    static unsigned e2e_marker;
    L4_Word_t size = (L4_Word_t)1 << ((fpage >> 4) & 0x3F);
    L4_Word_t at = E2E_WINDOW_BASE + ((base - E2E_WINDOW_BASE) & ~(size - 1));
    if ((fpage & ~(L4_Word_t)0x3FF) != (L4_Word_t)e2e_fpsrc || size < 4096 || size > sizeof e2e_fpsrc ||
        base - E2E_WINDOW_BASE >= ((L4_Word_t)1 << E2E_WINDOW_LOG2))
        return 0;       /* not one of ours (a hostile value): do not fault */
    unsigned mark = 0xF9A60000u + ++e2e_marker;
    /* a later item of the same message may have mapped another part of
     * e2e_fpsrc over this one: mark every page */
    for (L4_Word_t off = 0; off < sizeof e2e_fpsrc; off += 4096)
        *(volatile unsigned *)(e2e_fpsrc + off + 64) = mark;
    return *(volatile unsigned *)(at + 64) == mark;
#else
    (void)base;
    (void)fpage;
    return 1;
#endif
}

/* Set while an implementation of an E2E_REPLYOVER case makes its reply. */
static volatile int e2e_over;

/* Length of variable data under the current case's mode. */
static __attribute__((unused)) unsigned long e2e_len(unsigned long bound, unsigned long fit)
{
    unsigned long n;
    if (e2e_over && bound)
        return bound + 1;
    switch (e2e_cur->mode) {
    case E2E_ZERO:
        return 0;
    case E2E_MID:
        n = bound ? (bound + 1) / 2 : 7;
        break;
    case E2E_U1:
        n = bound ? bound : 1;
        break;
    case E2E_U1000:
        n = bound ? bound : 1000;
        break;
    case E2E_UMAX:
        n = bound ? bound : fit;
        break;
    case E2E_OVER:
        return bound ? bound + 1 : (13 < fit ? 13 : fit);
    default:
        n = bound ? bound : 13;
        break;
    }
    return n < fit ? n : fit;
}

/* The length of data written into a buffer of the stub (never above it). */
static __attribute__((unused)) unsigned long e2e_lenp(unsigned long bound, unsigned long fit)
{
    int over = e2e_over;
    e2e_over = 0;
    unsigned long n = e2e_len(bound, fit);
    e2e_over = over;
    return n;
}

/* Union arm choice k of n: forced by the case, else from the seed. */
static __attribute__((unused)) unsigned e2e_arm(e2e_u64 seed, unsigned n)
{
    if (e2e_cur->arm >= 0)
        return (unsigned)e2e_cur->arm % n;
    return (unsigned)(seed >> 7) % n;
}

/* Memory for values: one arena for the client (with CORBA_alloc, which
 * the stubs use for received exceptions and strings), one for the
 * server's implementations; each is reset where its values are dead. */
#define E2E_CLI_ARENA   (2u << 20)
#define E2E_SRV_ARENA   (1u << 20)
static __attribute__((unused)) unsigned char e2e_cli_mem[E2E_CLI_ARENA] __attribute__((aligned(16)));
static __attribute__((unused)) unsigned char e2e_srv_mem[E2E_SRV_ARENA] __attribute__((aligned(16)));
static unsigned long e2e_cli_used, e2e_srv_used;

static __attribute__((unused)) void *e2e_take(unsigned char *mem, unsigned long *used, unsigned long cap, unsigned long n)
{
    unsigned long at = (*used + 15) & ~15UL;
    if (at + n > cap)
        hosted_fail("e2e: arena of %lu bytes exhausted", cap);
    *used = at + n;
    return mem + at;
}

static __attribute__((unused)) void *e2e_cli_alloc(unsigned long n) { return e2e_take(e2e_cli_mem, &e2e_cli_used, E2E_CLI_ARENA, n); }
static __attribute__((unused)) void *e2e_srv_alloc(unsigned long n) { return e2e_take(e2e_srv_mem, &e2e_srv_used, E2E_SRV_ARENA, n); }

void *CORBA_alloc(unsigned long size) { return e2e_cli_alloc(size); }
void CORBA_free(void *p) { (void)p; }

static __attribute__((unused)) unsigned long e2e_wcslen(const CORBA_wchar *s)
{
    unsigned long n = 0;
    while (s[n])
        n++;
    return n;
}

/* One check: the first mismatch is kept for the report line. */
struct e2e_ck {
    int bad;
    char why[240];
};

static __attribute__((unused)) void e2e_bad(struct e2e_ck *ck, const char *path, long idx, e2e_u64 got, e2e_u64 want)
{
    if (ck->bad++)
        return;
    if (idx >= 0)
        hosted_snprintf(ck->why, sizeof ck->why, "%s [%ld]: got %#llx, want %#llx", path, idx, got, want);
    else
        hosted_snprintf(ck->why, sizeof ck->why, "%s: got %#llx, want %#llx", path, got, want);
}

static __attribute__((unused)) void e2e_done(struct e2e_ck *ck, const char *cname, const char *what)
{
    e2e_nchecks++;
    if (ck->bad) {
        e2e_nfailed++;
        hosted_printf("not ok %d %s %s: %s\n", e2e_nchecks, cname, what, ck->why);
    } else {
        hosted_printf("ok %d %s %s\n", e2e_nchecks, cname, what);
    }
}

#define E2E_EQ(ck, path, idx, got, want)                                    \
    do {                                                                    \
        e2e_u64 e2e_g_ = (e2e_u64)(got), e2e_w_ = (e2e_u64)(want);          \
        if (e2e_g_ != e2e_w_)                                               \
            e2e_bad(ck, path, idx, e2e_g_, e2e_w_);                         \
    } while (0)

/* A check of an implementation (quiet for the requests of hostile tests
 * that must be served). */
static __attribute__((unused)) void e2e_sdone(struct e2e_ck *ck, const char *what)
{
    if (e2e_cur->kind != E2E_QUIET)
        e2e_done(ck, e2e_cur->name, what);
}

/* e2e_sdone for case c: a server that has already replied must not read
 * e2e_cur, which the client may have moved on by then (on a kernel the
 * client can run as soon as the reply is sent). */
static __attribute__((unused)) void e2e_sdone_case(struct e2e_ck *ck, const struct e2e_case *c, const char *what)
{
    if (c->kind != E2E_QUIET)
        e2e_done(ck, c->name, what);
}

static __attribute__((unused)) void e2e_check_caller(CORBA_Object caller)
{
    struct e2e_ck ck = { 0, "" };
    if (caller.raw != e2e_me_local.raw && caller.raw != e2e_me.raw)
        e2e_bad(&ck, "_caller", -1, caller.raw, e2e_me_local.raw);
    e2e_sdone(&ck, "server caller");
}

/* Check a client's environment against what the case expects. */
static __attribute__((unused)) void e2e_check_env(const CORBA_Environment *env, int major, int minor)
{
    struct e2e_ck ck = { 0, "" };
    if (env->_major != major || (major != CORBA_NO_EXCEPTION && env->_minor != minor)) {
        ck.bad = 1;
        hosted_snprintf(ck.why, sizeof ck.why, "_major %d _minor %#x, want _major %d _minor %#x",
                        env->_major, env->_minor, major, major != CORBA_NO_EXCEPTION ? minor : 0);
    }
    e2e_done(&ck, e2e_cur->name, "client env");
}

/* ---- hand-built messages ------------------------------------------- */

/* Data for hand-built string items and the misbehaving server's buffers. */
static __attribute__((unused)) unsigned char e2e_hbuf[E2E_HBUF] __attribute__((aligned(16)));  /* 'A's */
static __attribute__((unused)) unsigned char e2e_hzero[E2E_HBUF] __attribute__((aligned(16))); /* zeros */
static __attribute__((unused)) unsigned char e2e_evilbuf[16 * E2E_HBUF] __attribute__((aligned(16)));
static __attribute__((unused)) unsigned char e2e_rawbuf[16 * E2E_HBUF] __attribute__((aligned(16)));

/* Accept mappings (in E2E_WINDOW) and up to 16 strings of E2E_HBUF bytes. */
static __attribute__((unused)) void e2e_accept_all(unsigned char *buf)
{
    L4_LoadBR(0, 1 | E2E_WINDOW.raw);
    for (int i = 0; i < 16; i++) {
        L4_LoadBR(1 + 2 * i, ((L4_Word_t)E2E_HBUF << 10) | (i < 15 ? 1 : 0));
        L4_LoadBR(2 + 2 * i, (L4_Word_t)(buf + i * E2E_HBUF));
    }
}
static volatile L4_ThreadId_t e2e_evil;

/* Sends words[0] (the tag) and words[1..u+t] to 'to'; a call unless
 * sendonly.  The reply may carry mappings and strings.  Returns the
 * reply's tag. */
static __attribute__((unused)) L4_Word_t e2e_raw(L4_ThreadId_t to, const L4_Word_t *words, int sendonly)
{
    L4_Word_t n = (words[0] & 0x3F) + ((words[0] >> 6) & 0x3F);
    for (L4_Word_t i = 1; i <= n; i++)
        L4_LoadMR((int)i, words[i]);
    L4_LoadMR(0, words[0]);
    e2e_accept_all(e2e_rawbuf);
    L4_MsgTag_t tag = sendonly ? L4_Send(to) : L4_Call(to);
    L4_LoadBR(0, 0);
    return tag.raw;
}

/* Expectations of a hostile request. */
#define E2E_SYSERR      1       /* a system-error reply 0xFE00 | code, u = t = 0 */
#define E2E_IPCERR      2       /* the kernel refuses the message: ErrorCode & 0xF == code */
#define E2E_DROPPED     3       /* send-only; the server must ignore it */
#define E2E_SERVED      4       /* a valid request with the p flag (propagated
                                   on behalf of the client itself): served
                                   (oneway: send-only, the probe proves it) */
#define E2E_TRUNCATED   5       /* the last typed item is cut short by t: a
                                   kernel may refuse the message (ErrorCode &
                                   0xF == code >> 8) or deliver it; then the
                                   server answers 0xFE00 | (code & 0xFF), or
                                   drops it when code & 0xFF is 0 (oneway) */
#define E2E_UNMAPPED    6       /* (E2E_KERNEL) a string at memory the sender's
                                   pager never maps, sent from a thread in
                                   another space with 5 ms xfer timeouts: the
                                   IPC fails with ErrorCode & 0xF == code */

struct e2e_hostile {
    const char *name;
    int server;                 /* index into e2e_srv */
    int op;                     /* implementation that must not run, or -1 */
    int expect, code;
    const L4_Word_t *words;
};

static __attribute__((unused)) L4_ThreadId_t e2e_srv[E2E_NSERVERS + 1];
static __attribute__((unused)) volatile int e2e_calls[E2E_NOPS + 1];

/* A request with a label no operation of the server has: the server must
 * answer 0xFE01 (proves that it still serves, and that a oneway request
 * sent before has been handled). */
static __attribute__((unused)) int e2e_probe(int server, char *why, unsigned long size)
{
    L4_Word_t w[64] = { e2e_probe_label[server] << 16 };
    L4_Word_t tag = e2e_raw(e2e_srv[server], w, 0);
    if (tag != ((L4_Word_t)0xFE01 << 16)) {
        hosted_snprintf(why, size, "probe answered with tag %#lx (ErrorCode %#lx), want 0xFE010000",
                        (unsigned long)tag, (unsigned long)L4_ErrorCode());
        return 0;
    }
    return 1;
}

static const struct e2e_case e2e_hostile_case = { "hostile", 0, E2E_BASE, -1, E2E_NORMAL, -1, 0, 0, 0 };
static const struct e2e_case e2e_quiet_case = { "served", 0, E2E_BASE, -1, E2E_QUIET, -1, 0, 0, 0 };

#ifdef E2E_KERNEL
/* Where hostile strings point in E2E_UNMAPPED requests: outside the
 * program image, never mapped by the pager of the sending thread. */
#define E2E_UNMAPPED_ADDR 0x70000000UL
static const struct e2e_hostile *volatile e2e_far_h;
static volatile L4_Word_t e2e_far_tag, e2e_far_err;

/* Sends e2e_far_h from a thread of its own (hosted_thread_create: a new
 * address space), reports to the main thread and ends. */
static void e2e_far_sender(void)
{
    L4_Set_XferTimeouts(L4_Timeouts(L4_TimePeriod(5000), L4_TimePeriod(5000)));
    e2e_far_tag = e2e_raw(e2e_srv[e2e_far_h->server], e2e_far_h->words, e2e_far_h->code < 0 ? 1 : 0);
    e2e_far_err = L4_ErrorCode();
    L4_LoadMR(0, 0);
    L4_Send(e2e_me);
}
#endif

static __attribute__((unused)) void e2e_run_hostile(const char *cname, const struct e2e_hostile *h)
{
    struct e2e_ck ck = { 0, "" };
    int before = h->op >= 0 ? e2e_calls[h->op] : 0;
    int oneway = h->code < 0;
    e2e_cur = h->expect == E2E_SERVED ? &e2e_quiet_case : &e2e_hostile_case;
    if (h->words[0] & 0x1000)
        L4_Set_VirtualSender(e2e_me);
    L4_Word_t tag = 0;
    if (h->expect != E2E_UNMAPPED)
        tag = e2e_raw(e2e_srv[h->server], h->words, h->expect == E2E_DROPPED || (h->expect == E2E_SERVED && oneway) ||
                      (h->expect == E2E_TRUNCATED && !(h->code & 0xFF)));
    switch (h->expect) {
    case E2E_SERVED:
        E2E_EQ(&ck, "Ipc failed", -1, (tag >> 15) & 1, 0);
        if (!oneway)
            E2E_EQ(&ck, "reply label", -1, tag >> 16, 0);
        if (!ck.bad && !e2e_probe(h->server, ck.why, sizeof ck.why))
            ck.bad = 1;
        E2E_EQ(&ck, "implementation calls", -1, e2e_calls[h->op], before + 1);
        e2e_done(&ck, cname, h->name);
        return;
    case E2E_SYSERR:
        E2E_EQ(&ck, "reply tag", -1, tag, (L4_Word_t)(0xFE00 | h->code) << 16);
        break;
    case E2E_IPCERR:
        E2E_EQ(&ck, "Ipc failed", -1, (tag >> 15) & 1, 1);
        E2E_EQ(&ck, "ErrorCode & 0xF", -1, L4_ErrorCode() & 0xF, h->code);
        break;
    case E2E_DROPPED:
        E2E_EQ(&ck, "send tag", -1, (tag >> 15) & 1, 0);
        break;
#ifdef E2E_KERNEL
    case E2E_UNMAPPED: {
        e2e_far_h = h;
        L4_ThreadId_t far = hosted_thread_create(e2e_far_sender);
        L4_MsgTag_t t = L4_Receive_Timeout(far, L4_TimePeriod(2000000));
        E2E_EQ(&ck, "sender finished", -1, L4_IpcFailed(t), 0);
        E2E_EQ(&ck, "Ipc failed", -1, (e2e_far_tag >> 15) & 1, 1);
        E2E_EQ(&ck, "ErrorCode & 0xF", -1, e2e_far_err & 0xF, oneway ? -h->code : h->code);
        break;
    }
#endif
    case E2E_TRUNCATED:
        if ((tag >> 15) & 1)
            E2E_EQ(&ck, "ErrorCode & 0xF", -1, L4_ErrorCode() & 0xF, h->code >> 8);
        else if (h->code & 0xFF)
            E2E_EQ(&ck, "reply tag", -1, tag, (L4_Word_t)(0xFE00 | (h->code & 0xFF)) << 16);
        break;
    }
    if (!ck.bad && h->expect != E2E_SYSERR && !e2e_probe(h->server, ck.why, sizeof ck.why))
        ck.bad = 1;
    if (h->op >= 0)
        E2E_EQ(&ck, "implementation calls", -1, e2e_calls[h->op], before);
    e2e_done(&ck, cname, h->name);
}

/* The misbehaving server: answers every call with the reply the current
 * case describes (e2e_cur->evil: MR0, MR1, ...), whatever was asked, or
 * not at all (no reply described).  A reply with the p flag (0x1000) is
 * propagated on behalf of the client itself. */
static __attribute__((unused)) void e2e_evil_accept(void)
{
    e2e_accept_all(e2e_evilbuf);
}

static __attribute__((unused)) void e2e_evil_server(void)
{
    L4_ThreadId_t from;
    e2e_evil_accept();
    L4_MsgTag_t tag = L4_Wait(&from);
    for (;;) {
        const L4_Word_t *w = e2e_cur ? e2e_cur->evil : 0;
        if (L4_IpcFailed(tag) || !w) {
            e2e_evil_accept();
            tag = L4_Wait(&from);
            continue;
        }
        L4_Word_t n = (w[0] & 0x3F) + ((w[0] >> 6) & 0x3F);
        for (L4_Word_t i = 1; i <= n; i++)
            L4_LoadMR((int)i, w[i]);
        L4_LoadMR(0, w[0]);
        if (w[0] & 0x1000)
            L4_Set_VirtualSender(e2e_me);
        e2e_evil_accept();
        tag = L4_ReplyWait(from, &from);
    }
}

/* ---- end of the fixed part ------------------------------------------- */
`
