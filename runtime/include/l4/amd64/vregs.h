/*
 * l4/amd64/vregs.h - UTCB layout and access on amd64 (spec section 6.2).
 *
 * Part of l4idl's runtime; include <l4/vregs.h> (or any API header)
 * rather than this file.
 *
 * The word at %gs:0 is P, the address of MR0 in the current thread's UTCB
 * and the thread's local ID.  The UTCB block is [P-512, P+512): MRs at
 * word i from P, the TCRs at words -15..-4 and the BRs growing downwards
 * from word -16.
 */
#ifndef __L4__AMD64__VREGS_H__
#define __L4__AMD64__VREGS_H__

#include <l4/types.h>

/* Empty on other architectures and for l4idl's IDL front end; <l4/vregs.h> picks the right header. */
#if defined(__x86_64__) && !defined(__L4IDL__)

/* UTCB size and alignment in bytes; P is the block address + 512. */
#define __L4_UTCB_SIZE                  1024
#define __L4_UTCB_MR0_OFFSET            512

/* Word indices of the TCRs relative to P (byte offset = 8 * index). */
#define __L4_TCR_BR_OFFSET              (-16)   /* BR i at -16 - i */
#define __L4_TCR_MY_GLOBAL_ID           (-15)   /* -120 */
#define __L4_TCR_PROCESSOR_NO           (-14)   /* -112 */
#define __L4_TCR_USER_DEFINED_HANDLE    (-13)   /* -104 */
#define __L4_TCR_PAGER                  (-12)   /* -96 */
#define __L4_TCR_EXCEPTION_HANDLER      (-11)   /* -88 */
#define __L4_TCR_PREEMPT_FLAGS          (-10)   /* -80, byte 0 of the word */
#define __L4_TCR_COP_FLAGS              (-10)   /* -79, byte 1 of the word */
#define __L4_TCR_ERROR_CODE             (-9)    /* -72 */
#define __L4_TCR_XFER_TIMEOUT           (-8)    /* -64 */
#define __L4_TCR_INTENDED_RECEIVER      (-7)    /* -56 */
#define __L4_TCR_ACTUAL_SENDER          (-6)    /* -48 */
#define __L4_TCR_VIRTUAL_SENDER         (-6)    /* the same register */
#define __L4_TCR_THREAD_WORD_1          (-5)    /* -40 */
#define __L4_TCR_THREAD_WORD_0          (-4)    /* -32 */
#define __L4_TCR_RESERVED_WORD_SIZE_MASK (-1)   /* -8, 32-bit compatibility mode only */

/* Bit numbers within the PreemptFlags/CopFlags word. */
#define __L4_TCR_PREEMPT_SHIFT          0
#define __L4_TCR_COP_SHIFT              8

/* Word index of MR i and BR i relative to P. */
#define __L4_MR_INDEX(i)                (i)
#define __L4_BR_INDEX(i)                (__L4_TCR_BR_OFFSET - (i))

/*
 * P, the address of MR0 (Pistachio's name).  Reading %gs:0 has no side
 * effects and P never changes for a running thread, so the asm is not
 * volatile: the compiler may reuse one read.
 *
 * Hosted builds and tests (no L4 kernel, %gs owned by the C library)
 * define L4_UTCB_HOOK() to an expression that yields P of the calling
 * thread; every UTCB access of the headers then goes through it.
 */
L4_INLINE L4_Word_t *__L4_X86_Utcb(void)
{
#if defined(L4_UTCB_HOOK)
    return (L4_Word_t *)(L4_UTCB_HOOK());
#else
    L4_Word_t *utcb;
    __asm__("movq %%gs:0, %0" : "=r"(utcb));
    return utcb;
#endif
}

/*
 * Set or clear one bit of a TCR word and return its old value.  A single
 * bts/btr cannot be torn by a preemption, so it never loses a bit the
 * kernel sets in the same word (PreemptFlags `pending').
 */
L4_INLINE L4_Word_t __L4_TcrBitSet(int index, L4_Word_t bit)
{
    unsigned char old;
    __asm__ __volatile__("btsq %2, %0\n\t"
                         "setc %1"
                         : "+m"(__L4_X86_Utcb()[index]), "=r"(old)
                         : "Ir"(bit)
                         : "cc");
    return old;
}

L4_INLINE L4_Word_t __L4_TcrBitClear(int index, L4_Word_t bit)
{
    unsigned char old;
    __asm__ __volatile__("btrq %2, %0\n\t"
                         "setc %1"
                         : "+m"(__L4_X86_Utcb()[index]), "=r"(old)
                         : "Ir"(bit)
                         : "cc");
    return old;
}

#endif /* __x86_64__ */

#endif /* !__L4__AMD64__VREGS_H__ */
