/*
 * l4/vregs.h - virtual registers: message registers (MRs), buffer
 * registers (BRs) and thread control registers (TCRs) in the UTCB
 * (spec section 6).
 *
 * Part of l4idl's runtime.  The architecture header supplies P (the UTCB
 * pointer, __L4_X86_Utcb on x86) and the word index of every register;
 * the accessors here are the same on every architecture.
 */
#ifndef __L4__VREGS_H__
#define __L4__VREGS_H__

#include <l4/types.h>

/* Nothing for l4idl's IDL front end (see <l4/types.h>). */
#if !defined(__L4IDL__)

#if defined(__i386__) || defined(__x86_64__)
#include <l4/x86/vregs.h>
#define __L4_Utcb()     __L4_X86_Utcb()
#else
#error "l4idl runtime: the L4 user API headers support ia32 and amd64"
#endif

/* 64 message registers MR0..MR63, 33 buffer registers BR0..BR32. */
#define __L4_NUM_MRS    64
#define __L4_NUM_BRS    33

/*
 * ---------------------------------------------------------------------
 * Thread control registers (section 6.4)
 * ---------------------------------------------------------------------
 */

L4_INLINE L4_ThreadId_t L4_MyGlobalId(void)
{
    L4_ThreadId_t t;
    t.raw = __L4_Utcb()[__L4_TCR_MY_GLOBAL_ID];
    return t;
}

/* The local ID is P itself (section 1.2). */
L4_INLINE L4_ThreadId_t L4_MyLocalId(void)
{
    L4_ThreadId_t t;
    t.raw = (L4_Word_t)__L4_Utcb();
    return t;
}

L4_INLINE L4_ThreadId_t L4_Myself(void)
{
    return L4_MyGlobalId();
}

/* Volatile: the kernel rewrites it when it migrates the thread. */
L4_INLINE L4_Word_t L4_ProcessorNo(void)
{
    return ((volatile L4_Word_t *)__L4_Utcb())[__L4_TCR_PROCESSOR_NO];
}

L4_INLINE L4_Word_t L4_UserDefinedHandle(void)
{
    return __L4_Utcb()[__L4_TCR_USER_DEFINED_HANDLE];
}

L4_INLINE void L4_Set_UserDefinedHandle(L4_Word_t NewValue)
{
    __L4_Utcb()[__L4_TCR_USER_DEFINED_HANDLE] = NewValue;
}

L4_INLINE L4_ThreadId_t L4_Pager(void)
{
    L4_ThreadId_t t;
    t.raw = __L4_Utcb()[__L4_TCR_PAGER];
    return t;
}

L4_INLINE void L4_Set_Pager(L4_ThreadId_t NewPager)
{
    __L4_Utcb()[__L4_TCR_PAGER] = NewPager.raw;
}

L4_INLINE L4_ThreadId_t L4_ExceptionHandler(void)
{
    L4_ThreadId_t t;
    t.raw = __L4_Utcb()[__L4_TCR_EXCEPTION_HANDLER];
    return t;
}

L4_INLINE void L4_Set_ExceptionHandler(L4_ThreadId_t NewHandler)
{
    __L4_Utcb()[__L4_TCR_EXCEPTION_HANDLER] = NewHandler.raw;
}

/* Written by the kernel only inside system calls (which clobber memory). */
L4_INLINE L4_Word_t L4_ErrorCode(void)
{
    return __L4_Utcb()[__L4_TCR_ERROR_CODE];
}

/* Send xfer timeout in bits 16..31, receive xfer timeout in bits 0..15. */
L4_INLINE L4_Word_t L4_XferTimeouts(void)
{
    return __L4_Utcb()[__L4_TCR_XFER_TIMEOUT];
}

L4_INLINE void L4_Set_XferTimeouts(L4_Word_t NewValue)
{
    __L4_Utcb()[__L4_TCR_XFER_TIMEOUT] = NewValue;
}

L4_INLINE L4_ThreadId_t L4_IntendedReceiver(void)
{
    L4_ThreadId_t t;
    t.raw = __L4_Utcb()[__L4_TCR_INTENDED_RECEIVER];
    return t;
}

L4_INLINE L4_ThreadId_t L4_ActualSender(void)
{
    L4_ThreadId_t t;
    t.raw = __L4_Utcb()[__L4_TCR_ACTUAL_SENDER];
    return t;
}

L4_INLINE void L4_Set_VirtualSender(L4_ThreadId_t t)
{
    __L4_Utcb()[__L4_TCR_VIRTUAL_SENDER] = t.raw;
}

/*
 * ThreadWord0 and ThreadWord1: two TCRs left to the user (section 6.4).
 * The sheet names no accessors; these are l4idl's.
 */
L4_INLINE L4_Word_t L4_ThreadWord(L4_Word_t n)
{
    return __L4_Utcb()[n == 0 ? __L4_TCR_THREAD_WORD_0 : __L4_TCR_THREAD_WORD_1];
}

L4_INLINE void L4_Set_ThreadWord(L4_Word_t n, L4_Word_t w)
{
    __L4_Utcb()[n == 0 ? __L4_TCR_THREAD_WORD_0 : __L4_TCR_THREAD_WORD_1] = w;
}

/* CopFlags: bit n says the thread uses coprocessor n (n = 0..7). */
L4_INLINE void L4_Set_CopFlag(L4_Word_t n)
{
    (void)__L4_TcrBitSet(__L4_TCR_COP_FLAGS, __L4_TCR_COP_SHIFT + (n & 7));
}

L4_INLINE void L4_Clr_CopFlag(L4_Word_t n)
{
    (void)__L4_TcrBitClear(__L4_TCR_COP_FLAGS, __L4_TCR_COP_SHIFT + (n & 7));
}

/*
 * PreemptFlags (section 6.4): bit 5 `s' (signal a preemption fault
 * exception), bit 6 `d' (delay preemption), bit 7 `pending' (set by the
 * kernel when it delayed a preemption).  Each helper returns the old
 * value of the bit it changes.
 */
#define __L4_PREEMPT_SIGNAL     5
#define __L4_PREEMPT_DELAY      6
#define __L4_PREEMPT_PENDING    7

L4_INLINE L4_Bool_t L4_EnablePreemptionFaultException(void)
{
    return __L4_TcrBitSet(__L4_TCR_PREEMPT_FLAGS,
                          __L4_TCR_PREEMPT_SHIFT + __L4_PREEMPT_SIGNAL);
}

L4_INLINE L4_Bool_t L4_DisablePreemptionFaultException(void)
{
    return __L4_TcrBitClear(__L4_TCR_PREEMPT_FLAGS,
                            __L4_TCR_PREEMPT_SHIFT + __L4_PREEMPT_SIGNAL);
}

L4_INLINE L4_Bool_t L4_EnablePreemption(void)
{
    return __L4_TcrBitClear(__L4_TCR_PREEMPT_FLAGS,
                            __L4_TCR_PREEMPT_SHIFT + __L4_PREEMPT_DELAY);
}

L4_INLINE L4_Bool_t L4_DisablePreemption(void)
{
    return __L4_TcrBitSet(__L4_TCR_PREEMPT_FLAGS,
                          __L4_TCR_PREEMPT_SHIFT + __L4_PREEMPT_DELAY);
}

/* Volatile: the kernel sets the bit while the thread is preempted. */
L4_INLINE L4_Bool_t L4_PreemptionPending(void)
{
    volatile L4_Word_t *w = &__L4_Utcb()[__L4_TCR_PREEMPT_FLAGS];
    return (*w >> (__L4_TCR_PREEMPT_SHIFT + __L4_PREEMPT_PENDING)) & 1;
}

/*
 * ---------------------------------------------------------------------
 * Message and buffer registers
 * ---------------------------------------------------------------------
 */

L4_INLINE void L4_LoadMR(int i, L4_Word_t w)
{
    __L4_Utcb()[__L4_MR_INDEX(i)] = w;
}

L4_INLINE void L4_StoreMR(int i, L4_Word_t *w)
{
    *w = __L4_Utcb()[__L4_MR_INDEX(i)];
}

/* MRi..MR(i+k-1) = w[0..k-1]. */
L4_INLINE void L4_LoadMRs(int i, int k, const L4_Word_t *w)
{
    L4_Word_t *mr = &__L4_Utcb()[__L4_MR_INDEX(i)];
    int n;
    for (n = 0; n < k; n++)
        mr[n] = w[n];
}

/* w[0..k-1] = MRi..MR(i+k-1). */
L4_INLINE void L4_StoreMRs(int i, int k, L4_Word_t *w)
{
    const L4_Word_t *mr = &__L4_Utcb()[__L4_MR_INDEX(i)];
    int n;
    for (n = 0; n < k; n++)
        w[n] = mr[n];
}

L4_INLINE void L4_LoadBR(int i, L4_Word_t w)
{
    __L4_Utcb()[__L4_BR_INDEX(i)] = w;
}

L4_INLINE void L4_StoreBR(int i, L4_Word_t *w)
{
    *w = __L4_Utcb()[__L4_BR_INDEX(i)];
}

/* BRi..BR(i+k-1) = w[0..k-1] (the BRs grow downwards on x86). */
L4_INLINE void L4_LoadBRs(int i, int k, const L4_Word_t *w)
{
    L4_Word_t *utcb = __L4_Utcb();
    int n;
    for (n = 0; n < k; n++)
        utcb[__L4_BR_INDEX(i + n)] = w[n];
}

L4_INLINE void L4_StoreBRs(int i, int k, L4_Word_t *w)
{
    const L4_Word_t *utcb = __L4_Utcb();
    int n;
    for (n = 0; n < k; n++)
        w[n] = utcb[__L4_BR_INDEX(i + n)];
}

#endif /* !__L4IDL__ */

#endif /* !__L4__VREGS_H__ */
