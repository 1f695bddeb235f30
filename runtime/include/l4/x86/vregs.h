/*
 * l4/x86/vregs.h - UTCB layout and access on ia32 and amd64 (spec
 * sections 6.1 and 6.2).
 *
 * Part of l4idl's runtime; include <l4/vregs.h> (or any API header)
 * rather than this file.
 *
 * The word at %gs:0 is P, the address of MR0 in the current thread's UTCB
 * and the thread's local ID.  The UTCB block is [P-256, P+256) on ia32 and
 * [P-512, P+512) on amd64: MRs at word i from P, the TCRs at words
 * -15..-4 and the BRs growing downwards from word -16 (the same word
 * indices on both; words are 4 or 8 bytes).
 */
#ifndef __L4__X86__VREGS_H__
#define __L4__X86__VREGS_H__

#include <l4/types.h>

/* Empty on other architectures and for l4idl's IDL front end; <l4/vregs.h> picks the right header. */
#if (defined(__i386__) || defined(__x86_64__)) && !defined(__L4IDL__)

/*
 * UTCB size and alignment in bytes, and the offset of P in the block: the
 * two ABIs differ only here and in the word size (ia32 512/256, amd64
 * 1024/512).  __L4_WSFX is the instruction suffix of a word operation.
 */
#if defined(__x86_64__)
#define __L4_UTCB_SIZE                  1024
#define __L4_UTCB_MR0_OFFSET            512
#define __L4_WSFX                       "q"
#else
#define __L4_UTCB_SIZE                  512
#define __L4_UTCB_MR0_OFFSET            256
#define __L4_WSFX                       "l"
#endif

/* Word indices of the TCRs relative to P (byte offset = word size * index;
   the comments give the ia32 byte offsets, amd64 doubles them). */
#define __L4_TCR_BR_OFFSET              (-16)   /* BR i at -16 - i */
#define __L4_TCR_MY_GLOBAL_ID           (-15)   /* -60 */
#define __L4_TCR_PROCESSOR_NO           (-14)   /* -56 */
#define __L4_TCR_USER_DEFINED_HANDLE    (-13)   /* -52 */
#define __L4_TCR_PAGER                  (-12)   /* -48 */
#define __L4_TCR_EXCEPTION_HANDLER      (-11)   /* -44 */
#define __L4_TCR_PREEMPT_FLAGS          (-10)   /* -40, byte 0 of the word */
#define __L4_TCR_COP_FLAGS              (-10)   /* -39, byte 1 of the word */
#define __L4_TCR_ERROR_CODE             (-9)    /* -36 */
#define __L4_TCR_XFER_TIMEOUT           (-8)    /* -32 */
#define __L4_TCR_INTENDED_RECEIVER      (-7)    /* -28 */
#define __L4_TCR_ACTUAL_SENDER          (-6)    /* -24 */
#define __L4_TCR_VIRTUAL_SENDER         (-6)    /* the same register */
#define __L4_TCR_THREAD_WORD_1          (-5)    /* -20 */
#define __L4_TCR_THREAD_WORD_0          (-4)    /* -16 */
#define __L4_TCR_RESERVED_WORD_SIZE_MASK (-1)   /* -4, amd64 compat only */

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
    __asm__("mov" __L4_WSFX " %%gs:0, %0" : "=r"(utcb));
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
    __asm__ __volatile__("bts" __L4_WSFX " %2, %0\n\t"
                         "setc %1"
                         : "+m"(__L4_X86_Utcb()[index]), "=q"(old)
                         : "Ir"(bit)
                         : "cc");
    return old;
}

L4_INLINE L4_Word_t __L4_TcrBitClear(int index, L4_Word_t bit)
{
    unsigned char old;
    __asm__ __volatile__("btr" __L4_WSFX " %2, %0\n\t"
                         "setc %1"
                         : "+m"(__L4_X86_Utcb()[index]), "=q"(old)
                         : "Ir"(bit)
                         : "cc");
    return old;
}

#endif /* __i386__ || __x86_64__ */

#endif /* !__L4__X86__VREGS_H__ */
