/*
 * l4/types.h - basic types of the L4 X.2 user API.
 *
 * Part of l4idl's runtime.  The names and C types follow L4Ka::Pistachio's
 * user headers so that code written against Pistachio compiles unchanged;
 * the bit layouts are those of ../shared/spec/l4-x2-abi.md.
 *
 * Every type that Pistachio declares as a union of a raw word and bitfields
 * is declared here as a struct with the single member `raw' of the same
 * width.  That has the same size, alignment and calling convention, and the
 * IDL front end's C reader (no unions, no bitfields) can read this file.
 * Field accessors come with the later headers.
 *
 * Only plain C is used: no inline functions, no GCC attributes.  The file
 * compiles as C99 and as C++ for ia32 (-m32), amd64 (-m64) and 32-bit arm.
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

/*
 * Flexpage, one word (spec section 3.1):
 *   bits 0..2   rwx access rights (r = 4, w = 2, x = 1)
 *   bit  3      reserved
 *   bits 4..9   s, log2 of the size (valid when s >= 10)
 *   bits 10..   b, base address >> 10 (22 bits on 32-bit, 54 on 64-bit)
 * The nil fpage is 0; the complete address space has s = 1 and base 0.
 */
typedef struct {
    L4_Word_t raw;
} L4_Fpage_t;

#define L4_Readable             4
#define L4_Writable             2
#define L4_eXecutable           1
#define L4_FullyAccessible      7
#define L4_ReadWriteOnly        6
#define L4_ReadeXecOnly         5
#define L4_NoAccess             0

/*
 * Thread identifier, one word (spec section 1):
 *   global ID: version in bits 0..13 and thread number in bits 14..31 on
 *              32-bit targets; version in bits 0..31 and thread number in
 *              bits 32..63 on amd64.  The low 6 bits are not all zero.
 *   local ID:  low 6 bits zero, the rest is the local part.
 * nilthread is 0, anythread is all ones, anylocalthread is all ones with
 * the low 6 bits cleared.
 */
typedef struct {
    L4_Word_t raw;
} L4_ThreadId_t;

/* System clock: a 64-bit count of microseconds (spec section 4.4). */
typedef struct {
    L4_Word64_t raw;
} L4_Clock_t;

/*
 * Time value, 16 bits (spec section 4.1).  Period (bit 15 = 0): mantissa in
 * bits 0..9, exponent in bits 10..14, duration = m * 2^e microseconds.
 * Never is 0; ZeroTime is 0x0400 (m = 0, e = 1).
 */
typedef struct {
    L4_Word16_t raw;
} L4_Time_t;

/*
 * Message tag, MR0 (spec section 2.1):
 *   bits 0..5   u, untyped words
 *   bits 6..11  t, typed words
 *   bits 12..15 flags: 1 propagated, 2 redirected, 4 cross-cpu, 8 error
 *   bits 16..   label (16 bits on 32-bit targets, 48 on amd64)
 * Pistachio declares this type in <l4/message.h>; l4idl's message.h will
 * include this file instead of declaring it again.
 */
typedef struct {
    L4_Word_t raw;
} L4_MsgTag_t;

#endif /* !__L4__TYPES_H__ */
