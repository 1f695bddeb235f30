/*
 * l4/types.h - basic types of the L4 X.2 user API.
 *
 * Part of l4idl's runtime.  The names and C types follow L4Ka::Pistachio's
 * user headers so that code written against Pistachio compiles unchanged;
 * the bit layouts are those of ../shared/spec/l4-x2-abi.md.
 *
 * The file has two audiences:
 *
 *  - l4idl's own preprocessor (it defines __L4IDL__) when an IDL file
 *    imports it.  The IDL front end's C reader takes no unions and no
 *    bit-fields, so it sees every word type as a struct with the single
 *    member `raw' (same size, alignment and calling convention as the
 *    union), and no functions.
 *
 *  - C and C++ compilers, which see Pistachio's unions (a `raw' word plus
 *    bit-field views such as tid.global.X.thread_no or tag.X.label) and
 *    the inline helpers for thread IDs, fpages, time values and the clock.
 *
 * Everything compiles as C99 and as C++ (-pedantic clean) for ia32 (-m32),
 * amd64 (-m64) and 32-bit arm; only the I/O-fpage helpers are x86 only.
 */
#ifndef __L4__TYPES_H__
#define __L4__TYPES_H__

/*
 * Word size.  amd64 is the only 64-bit target; ia32 and arm are 32-bit.
 * The C compiler (and l4idl's preprocessor, for an amd64 target) defines
 * __x86_64__ / __LP64__.
 */
#if defined(__x86_64__) || defined(__LP64__)
#define L4_64BIT 1
#define L4_BITS_PER_WORD 64
#else
#define L4_32BIT 1
#define L4_BITS_PER_WORD 32
#endif

/* Byte order: x86 is little endian; arm may be either. */
#if defined(__ARMEB__) || defined(__BIG_ENDIAN__)
#define L4_BIG_ENDIAN 1
#else
#define L4_LITTLE_ENDIAN 1
#endif

/*
 * Fixed-size words.  As in Pistachio, L4_Word64_t and L4_Size_t are
 * `unsigned long' on amd64.  (Pistachio's arm port spells L4_Word32_t
 * `unsigned long'; `unsigned int' has the same size and alignment there.)
 */
#if defined(L4_64BIT)
typedef unsigned long           L4_Word64_t;
typedef signed long             L4_SignedWord64_t;
typedef unsigned long           L4_Size_t;
#else
typedef unsigned long long      L4_Word64_t;
typedef signed long long        L4_SignedWord64_t;
typedef unsigned int            L4_Size_t;
#endif
typedef unsigned int            L4_Word32_t;
typedef unsigned short          L4_Word16_t;
typedef unsigned char           L4_Word8_t;
typedef signed int              L4_SignedWord32_t;
typedef signed short            L4_SignedWord16_t;
typedef signed char             L4_SignedWord8_t;

/* The machine word: 32 bits on ia32 and arm, 64 bits on amd64. */
typedef unsigned long           L4_Word_t;
typedef signed long             L4_SignedWord_t;

/* Truth values are whole words (0 = false). */
typedef L4_Word_t               L4_Bool_t;

/*
 * Result codes of the system calls other than Ipc, found in the ErrorCode
 * TCR after a call returned 0 (spec section 5.3).
 */
#define L4_ErrOk                0
#define L4_ErrNoPrivilege       1
#define L4_ErrInvalidThread     2
#define L4_ErrInvalidSpace      3
#define L4_ErrInvalidScheduler  4
#define L4_ErrInvalidParam      5
#define L4_ErrUtcbArea          6
#define L4_ErrKipArea           7
#define L4_ErrNoMem             8

/* Access rights of an fpage (spec section 3.1). */
#define L4_Readable             4
#define L4_Writable             2
#define L4_eXecutable           1
#define L4_FullyAccessible      7
#define L4_ReadWriteOnly        6
#define L4_ReadeXecOnly         5
#define L4_NoAccess             0

#if defined(__L4IDL__)

/*
 * The view of l4idl's IDL front end: one `raw' member per type.  The C
 * view below has the same sizes and layouts.
 */
typedef struct {
    L4_Word_t raw;
} L4_Fpage_t;

typedef struct {
    L4_Word_t raw;
} L4_ThreadId_t;

typedef struct {
    L4_Word64_t raw;
} L4_Clock_t;

typedef struct {
    L4_Word16_t raw;
} L4_Time_t;

typedef struct {
    L4_Word_t raw;
} L4_MsgTag_t;

#else /* C and C++ compilers */

/* Pistachio's spelling of `static inline'; every helper below uses it. */
#define L4_INLINE static inline

/*
 * Bit-field declarations, lowest bits first on little-endian targets
 * (Pistachio's L4_BITFIELDn).  Each argument is `name : width'.
 */
#if defined(L4_BIG_ENDIAN)
#define L4_BITFIELD2(t,a,b)             t b; t a
#define L4_BITFIELD3(t,a,b,c)           t c; t b; t a
#define L4_BITFIELD4(t,a,b,c,d)         t d; t c; t b; t a
#define L4_BITFIELD5(t,a,b,c,d,e)       t e; t d; t c; t b; t a
#define L4_BITFIELD6(t,a,b,c,d,e,f)     t f; t e; t d; t c; t b; t a
#define L4_BITFIELD7(t,a,b,c,d,e,f,g)   t g; t f; t e; t d; t c; t b; t a
#else
#define L4_BITFIELD2(t,a,b)             t a; t b
#define L4_BITFIELD3(t,a,b,c)           t a; t b; t c
#define L4_BITFIELD4(t,a,b,c,d)         t a; t b; t c; t d
#define L4_BITFIELD5(t,a,b,c,d,e)       t a; t b; t c; t d; t e
#define L4_BITFIELD6(t,a,b,c,d,e,f)     t a; t b; t c; t d; t e; t f
#define L4_BITFIELD7(t,a,b,c,d,e,f,g)   t a; t b; t c; t d; t e; t f; t g
#endif

/*
 * `__PLUS32' widens a field by 32 bits on amd64, as in Pistachio:
 * `label : 16 __PLUS32' is 16 bits wide on 32-bit targets, 48 on amd64.
 */
#if defined(L4_64BIT)
#define __PLUS32                + 32
#else
#define __PLUS32
#endif

/* C++ has no compound literals: the special values become constants. */
#if defined(__cplusplus)
#define __L4_CONST_VALUE(type, name, value) \
    static const type name = { value }
#endif

/*
 * Flexpage, one word (spec section 3.1):
 *   bits 0..2   rwx access rights (r = 4, w = 2, x = 1)
 *   bit  3      reserved (`extended'; sigma0 uses it, section 12.6)
 *   bits 4..9   s, log2 of the size (valid when s >= 10)
 *   bits 10..   b, base address >> 10 (22 bits on 32-bit, 54 on 64-bit)
 * The nil fpage is 0; the complete address space has s = 1 and base 0.
 */
__extension__ typedef union {
    L4_Word_t raw;
    struct {
        L4_BITFIELD4(L4_Word_t,
                     rwx : 3,
                     extended : 1,
                     s : 6,
                     b : 22 __PLUS32);
    } X;
} L4_Fpage_t;

/*
 * Thread identifier, one word (spec section 1):
 *   global ID: version in bits 0..13 and thread number in bits 14..31 on
 *              32-bit targets; version in bits 0..31 and thread number in
 *              bits 32..63 on amd64.  The low 6 bits are not all zero.
 *   local ID:  low 6 bits zero, the rest is the local part (on x86 the
 *              UTCB address of the thread, section 1.2).
 * nilthread is 0, anythread is all ones, anylocalthread is all ones with
 * the low 6 bits cleared.
 */
#if defined(L4_64BIT)
#define __L4_VERSION_BITS       32
#else
#define __L4_VERSION_BITS       14
#endif

__extension__ typedef union {
    L4_Word_t raw;
    struct {
#if defined(L4_64BIT)
        L4_BITFIELD2(L4_Word_t, version : 32, thread_no : 32);
#else
        L4_BITFIELD2(L4_Word_t, version : 14, thread_no : 18);
#endif
    } X;
} L4_GthreadId_t;

__extension__ typedef union {
    L4_Word_t raw;
    struct {
        L4_BITFIELD2(L4_Word_t, __zeros : 6, local_id : 26 __PLUS32);
    } X;
} L4_LthreadId_t;

typedef union {
    L4_Word_t raw;
    L4_GthreadId_t global;
    L4_LthreadId_t local;
} L4_ThreadId_t;

/* System clock: a 64-bit count of microseconds (spec section 4.4). */
typedef union {
    L4_Word64_t raw;
    struct {
#if defined(L4_BIG_ENDIAN)
        L4_Word32_t high;
        L4_Word32_t low;
#else
        L4_Word32_t low;
        L4_Word32_t high;
#endif
    } X;
} L4_Clock_t;

/*
 * Time value, 16 bits (spec section 4.1).  Period (bit 15 = 0): mantissa
 * m in bits 0..9, exponent e in bits 10..14, duration = m * 2^e
 * microseconds.  Point (bit 15 = 1): m in bits 0..9, c in bit 10, e in
 * bits 11..14 (Pistachio's kernel does not implement time points).
 * Never is 0; ZeroTime is 0x0400 (m = 0, e = 1).
 */
__extension__ typedef union {
    L4_Word16_t raw;
    struct {
        L4_BITFIELD3(L4_Word16_t, m : 10, e : 5, a : 1);
    } period;
    struct {
        L4_BITFIELD4(L4_Word16_t, m : 10, c : 1, e : 4, a : 1);
    } point;
} L4_Time_t;

/*
 * Message tag, MR0 (spec section 2.1):
 *   bits 0..5   u, untyped words
 *   bits 6..11  t, typed words
 *   bits 12..15 flags: 1 propagated, 2 redirected, 4 cross-cpu, 8 error
 *   bits 16..   label (16 bits on 32-bit targets, 48 on amd64)
 * Pistachio declares this type in <l4/message.h>, which includes this file;
 * its helpers are there.
 */
__extension__ typedef union {
    L4_Word_t raw;
    struct {
        L4_BITFIELD4(L4_Word_t,
                     u : 6,
                     t : 6,
                     flags : 4,
                     label : 16 __PLUS32);
    } X;
} L4_MsgTag_t;

/*
 * ---------------------------------------------------------------------
 * Thread IDs
 * ---------------------------------------------------------------------
 */

#if defined(__cplusplus)
__L4_CONST_VALUE(L4_ThreadId_t, L4_nilthread, 0UL);
__L4_CONST_VALUE(L4_ThreadId_t, L4_anythread, ~0UL);
__L4_CONST_VALUE(L4_ThreadId_t, L4_anylocalthread, ~0UL << 6);
#else
#define L4_nilthread            ((L4_ThreadId_t) { .raw = 0UL })
#define L4_anythread            ((L4_ThreadId_t) { .raw = ~0UL })
#define L4_anylocalthread       ((L4_ThreadId_t) { .raw = ~0UL << 6 })
#endif

/* The global ID of thread number threadno with the given version. */
L4_INLINE L4_ThreadId_t L4_GlobalId(L4_Word_t threadno, L4_Word_t version)
{
    L4_ThreadId_t t;
    t.raw = (threadno << __L4_VERSION_BITS) |
            (version & ((1UL << __L4_VERSION_BITS) - 1));
    return t;
}

L4_INLINE L4_Word_t L4_Version(L4_ThreadId_t t)
{
    return t.raw & ((1UL << __L4_VERSION_BITS) - 1);
}

L4_INLINE L4_Word_t L4_ThreadNo(L4_ThreadId_t t)
{
    return t.raw >> __L4_VERSION_BITS;
}

L4_INLINE L4_Bool_t L4_IsThreadEqual(L4_ThreadId_t l, L4_ThreadId_t r)
{
    return l.raw == r.raw;
}

L4_INLINE L4_Bool_t L4_IsThreadNotEqual(L4_ThreadId_t l, L4_ThreadId_t r)
{
    return l.raw != r.raw;
}

L4_INLINE L4_Bool_t L4_IsNilThread(L4_ThreadId_t t)
{
    return t.raw == 0;
}

/*
 * A local ID has its low 6 bits zero, a global ID does not (section 1).
 * By that rule nilthread and anylocalthread are "local", anythread is
 * "global", as in Pistachio.
 */
L4_INLINE L4_Bool_t L4_IsLocalId(L4_ThreadId_t t)
{
    return (t.raw & 0x3fUL) == 0;
}

L4_INLINE L4_Bool_t L4_IsGlobalId(L4_ThreadId_t t)
{
    return (t.raw & 0x3fUL) != 0;
}

/*
 * ---------------------------------------------------------------------
 * Fpages
 * ---------------------------------------------------------------------
 */

#if defined(__cplusplus)
__L4_CONST_VALUE(L4_Fpage_t, L4_Nilpage, 0UL);
__L4_CONST_VALUE(L4_Fpage_t, L4_CompleteAddressSpace, 0x10UL);
#else
#define L4_Nilpage              ((L4_Fpage_t) { .raw = 0UL })
#define L4_CompleteAddressSpace ((L4_Fpage_t) { .raw = 0x10UL })
#endif

/* log2 of size, rounded up: the smallest s with 2^s >= size. */
L4_INLINE L4_Word_t __L4_Log2RoundUp(L4_Word_t size)
{
    L4_Word_t s = 0;
    while (s < L4_BITS_PER_WORD - 1 && (1UL << s) < size)
        s++;
    if ((1UL << s) < size)
        s = L4_BITS_PER_WORD;
    return s;
}

/*
 * The fpage with the given base address and size log2 s; rights none.
 * The low 10 bits of the base are dropped; the base should be aligned to
 * 2^s (the kernel ignores the bits below).
 */
L4_INLINE L4_Fpage_t L4_FpageLog2(L4_Word_t BaseAddress, int FpageSize)
{
    L4_Fpage_t f;
    f.raw = (BaseAddress & ~0x3ffUL) | (((L4_Word_t)FpageSize & 0x3fUL) << 4);
    return f;
}

/* The fpage at BaseAddress of FpageSize bytes, rounded up to 2^s. */
L4_INLINE L4_Fpage_t L4_Fpage(L4_Word_t BaseAddress, L4_Word_t FpageSize)
{
    return L4_FpageLog2(BaseAddress, (int)__L4_Log2RoundUp(FpageSize));
}

L4_INLINE L4_Bool_t L4_IsNilFpage(L4_Fpage_t f)
{
    return f.raw == 0;
}

L4_INLINE L4_Word_t L4_Rights(L4_Fpage_t f)
{
    return f.raw & 7UL;
}

L4_INLINE L4_Fpage_t L4_Set_Rights(L4_Fpage_t *f, L4_Word_t rwx)
{
    f->raw = (f->raw & ~7UL) | (rwx & 7UL);
    return *f;
}

L4_INLINE L4_Fpage_t L4_FpageAddRights(L4_Fpage_t f, L4_Word_t rwx)
{
    f.raw |= rwx & 7UL;
    return f;
}

L4_INLINE L4_Fpage_t L4_FpageAddRightsTo(L4_Fpage_t *f, L4_Word_t rwx)
{
    f->raw |= rwx & 7UL;
    return *f;
}

L4_INLINE L4_Fpage_t L4_FpageRemoveRights(L4_Fpage_t f, L4_Word_t rwx)
{
    f.raw &= ~(rwx & 7UL);
    return f;
}

L4_INLINE L4_Fpage_t L4_FpageRemoveRightsFrom(L4_Fpage_t *f, L4_Word_t rwx)
{
    f->raw &= ~(rwx & 7UL);
    return *f;
}

L4_INLINE L4_Word_t L4_SizeLog2(L4_Fpage_t f)
{
    return (f.raw >> 4) & 0x3fUL;
}

/* 2^s, or 0 when s is 0 (nil fpage) or 2^s does not fit a word. */
L4_INLINE L4_Word_t L4_Size(L4_Fpage_t f)
{
    L4_Word_t s = L4_SizeLog2(f);
    return s == 0 || s >= L4_BITS_PER_WORD ? 0 : 1UL << s;
}

/* The base address: the base field, aligned down to the fpage size. */
L4_INLINE L4_Word_t L4_Address(L4_Fpage_t f)
{
    L4_Word_t s = L4_SizeLog2(f);
    if (s >= L4_BITS_PER_WORD)
        return 0;
    return f.raw & ~0x3ffUL & ~((1UL << s) - 1);
}

#if defined(__i386__) || defined(__x86_64__)
/*
 * x86 I/O fpage (spec section 3.2): rights in bits 0..3 (ignored), the
 * constant 2 in bits 4..9, s = log2(number of ports) in bits 10..15, the
 * first port in bits 16..31.
 */
L4_INLINE L4_Fpage_t L4_IoFpageLog2(L4_Word_t BasePort, int FpageSize)
{
    L4_Fpage_t f;
    f.raw = ((BasePort & 0xffffUL) << 16) |
            (((L4_Word_t)FpageSize & 0x3fUL) << 10) | (2UL << 4);
    return f;
}

L4_INLINE L4_Fpage_t L4_IoFpage(L4_Word_t BasePort, L4_Word_t NumPorts)
{
    return L4_IoFpageLog2(BasePort, (int)__L4_Log2RoundUp(NumPorts));
}

L4_INLINE L4_Bool_t L4_IsIoFpage(L4_Fpage_t f)
{
    return ((f.raw >> 4) & 0x3fUL) == 2;
}

L4_INLINE L4_Word_t L4_IoFpagePort(L4_Fpage_t f)
{
    return (f.raw >> 16) & 0xffffUL;
}

L4_INLINE L4_Word_t L4_IoFpageSizeLog2(L4_Fpage_t f)
{
    return (f.raw >> 10) & 0x3fUL;
}

L4_INLINE L4_Word_t L4_IoFpageSize(L4_Fpage_t f)
{
    return 1UL << L4_IoFpageSizeLog2(f);
}
#endif /* x86 */

/*
 * ---------------------------------------------------------------------
 * Time values
 * ---------------------------------------------------------------------
 */

#if defined(__cplusplus)
__L4_CONST_VALUE(L4_Time_t, L4_Never, 0);
__L4_CONST_VALUE(L4_Time_t, L4_ZeroTime, 0x0400);
#else
#define L4_Never                ((L4_Time_t) { .raw = 0 })
#define L4_ZeroTime             ((L4_Time_t) { .raw = 0x0400 })
#endif

/*
 * A relative timeout of about `microseconds': the value is shifted right
 * until it fits the 10-bit mantissa (rounding down), the shifts counted
 * in the exponent; a period that needs an exponent above 31 is Never.
 * As in Pistachio, L4_TimePeriod(0) is m = 0, e = 0, which IS L4_Never
 * (section 4.1 pitfall): use L4_ZeroTime for "do not wait".
 */
L4_INLINE L4_Time_t L4_TimePeriod(L4_Word64_t microseconds)
{
    L4_Time_t t;
    L4_Word_t e = 0;
    while (microseconds >= 1024) {
        microseconds >>= 1;
        e++;
    }
    t.raw = e > 31 ? 0 : (L4_Word16_t)((e << 10) | (L4_Word_t)microseconds);
    return t;
}

L4_INLINE L4_Bool_t L4_IsTimePeriod(L4_Time_t t)
{
    return (t.raw & 0x8000) == 0;
}

L4_INLINE L4_Bool_t L4_IsTimePoint(L4_Time_t t)
{
    return (t.raw & 0x8000) != 0;
}

L4_INLINE L4_Bool_t L4_IsTimeEqual(L4_Time_t l, L4_Time_t r)
{
    return l.raw == r.raw;
}

L4_INLINE L4_Bool_t L4_IsTimeNotEqual(L4_Time_t l, L4_Time_t r)
{
    return l.raw != r.raw;
}

/*
 * ---------------------------------------------------------------------
 * Clock
 * ---------------------------------------------------------------------
 */

L4_INLINE L4_Clock_t L4_ClockAddUsec(L4_Clock_t c, L4_Word64_t r)
{
    c.raw += r;
    return c;
}

L4_INLINE L4_Clock_t L4_ClockSubUsec(L4_Clock_t c, L4_Word64_t r)
{
    c.raw -= r;
    return c;
}

L4_INLINE L4_Bool_t L4_IsClockEarlier(L4_Clock_t l, L4_Clock_t r)
{
    return l.raw < r.raw;
}

L4_INLINE L4_Bool_t L4_IsClockLater(L4_Clock_t l, L4_Clock_t r)
{
    return l.raw > r.raw;
}

L4_INLINE L4_Bool_t L4_IsClockEqual(L4_Clock_t l, L4_Clock_t r)
{
    return l.raw == r.raw;
}

L4_INLINE L4_Bool_t L4_IsClockNotEqual(L4_Clock_t l, L4_Clock_t r)
{
    return l.raw != r.raw;
}

#if defined(__cplusplus)
/* Pistachio's C++ operators for the word types. */
static inline bool operator==(const L4_ThreadId_t &l, const L4_ThreadId_t &r)
{
    return l.raw == r.raw;
}

static inline bool operator!=(const L4_ThreadId_t &l, const L4_ThreadId_t &r)
{
    return l.raw != r.raw;
}

static inline L4_Fpage_t operator+(const L4_Fpage_t &f, L4_Word_t rwx)
{
    return L4_FpageAddRights(f, rwx);
}

static inline L4_Fpage_t operator-(const L4_Fpage_t &f, L4_Word_t rwx)
{
    return L4_FpageRemoveRights(f, rwx);
}

static inline L4_Fpage_t operator+=(L4_Fpage_t &f, L4_Word_t rwx)
{
    return L4_FpageAddRightsTo(&f, rwx);
}

static inline L4_Fpage_t operator-=(L4_Fpage_t &f, L4_Word_t rwx)
{
    return L4_FpageRemoveRightsFrom(&f, rwx);
}

static inline bool operator==(const L4_Time_t &l, const L4_Time_t &r)
{
    return l.raw == r.raw;
}

static inline bool operator!=(const L4_Time_t &l, const L4_Time_t &r)
{
    return l.raw != r.raw;
}

static inline L4_Clock_t operator+(const L4_Clock_t &c, L4_Word64_t r)
{
    return L4_ClockAddUsec(c, r);
}

static inline L4_Clock_t operator-(const L4_Clock_t &c, L4_Word64_t r)
{
    return L4_ClockSubUsec(c, r);
}

static inline bool operator<(const L4_Clock_t &l, const L4_Clock_t &r)
{
    return l.raw < r.raw;
}

static inline bool operator>(const L4_Clock_t &l, const L4_Clock_t &r)
{
    return l.raw > r.raw;
}

static inline bool operator==(const L4_Clock_t &l, const L4_Clock_t &r)
{
    return l.raw == r.raw;
}

static inline bool operator!=(const L4_Clock_t &l, const L4_Clock_t &r)
{
    return l.raw != r.raw;
}
#endif /* __cplusplus */

#endif /* !__L4IDL__ */

#endif /* !__L4__TYPES_H__ */
