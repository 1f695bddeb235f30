/*
 * l4/thread.h - threads: the thread control registers, ExchangeRegisters
 * and its derived calls, ThreadControl, interrupts and ThreadSwitch
 * (spec sections 6.4, 10.2, 10.3, 10.6).
 *
 * Part of l4idl's runtime; names and semantics follow L4Ka::Pistachio's
 * <l4/thread.h>.  The TCR accessors (L4_MyGlobalId, L4_Pager, ...) are in
 * <l4/vregs.h>, the system calls in the architecture's syscalls header.
 */
#ifndef __L4__THREAD_H__
#define __L4__THREAD_H__

#include <l4/types.h>
#include <l4/vregs.h>
#include <l4/syscalls.h>

/* Nothing for l4idl's IDL front end (see <l4/types.h>). */
#if !defined(__L4IDL__)

/* Pistachio's other spelling of the result codes of <l4/types.h>. */
#define L4_ERROR_OK                     L4_ErrOk
#define L4_ERROR_NO_PRIVILEGE           L4_ErrNoPrivilege
#define L4_ERROR_INVALID_THREAD         L4_ErrInvalidThread
#define L4_ERROR_INVALID_SPACE          L4_ErrInvalidSpace
#define L4_ERROR_INVALID_SCHEDULER      L4_ErrInvalidScheduler
#define L4_ERROR_INVALID_PARAM          L4_ErrInvalidParam
#define L4_ERROR_UTCB_AREA              L4_ErrUtcbArea
#define L4_ERROR_KIP_AREA               L4_ErrKipArea
#define L4_ERROR_NO_MEM                 L4_ErrNoMem

/*
 * ExchangeRegisters control bits (section 10.2; letters of the X.2
 * manual).  The sheet gives the bits, not C names; these names are
 * l4idl's.
 */
#define L4_ExReg_Halt                   0x001UL /* H: with h, 1 halt 0 resume */
#define L4_ExReg_AbortRecvIPC           0x002UL /* R: abort a receive */
#define L4_ExReg_AbortSendIPC           0x004UL /* S: abort a send */
#define L4_ExReg_AbortIPC               0x006UL /* R | S */
#define L4_ExReg_sp                     0x008UL /* s: write SP */
#define L4_ExReg_ip                     0x010UL /* i: write IP */
#define L4_ExReg_flags                  0x020UL /* f: write FLAGS */
#define L4_ExReg_UserDefHandle          0x040UL /* u: write the handle */
#define L4_ExReg_Pager                  0x080UL /* p: write the pager */
#define L4_ExReg_HaltFlag               0x100UL /* h: apply H */
#define L4_ExReg_Deliver                0x200UL /* d: deliver old values */
#define L4_ExReg_sp_ip                  (L4_ExReg_sp | L4_ExReg_ip)
#define L4_ExReg_sp_ip_flags            (L4_ExReg_sp_ip | L4_ExReg_flags)

/* The controls of the Start/Stop family (section 10.2). */
#define __L4_EXREG_START                0x106UL /* h, S, R: resume, abort */
#define __L4_EXREG_START_SPIP           0x11eUL /* ... and write SP, IP */
#define __L4_EXREG_START_SPIPFLAGS      0x13eUL /* ... and FLAGS */
#define __L4_EXREG_STOP                 0x301UL /* d, h, H: halt */
#define __L4_EXREG_ABORTRECV_STOP       0x303UL /* ... and abort receive */
#define __L4_EXREG_ABORTSEND_STOP       0x305UL /* ... and abort send */
#define __L4_EXREG_ABORTIPC_STOP        0x307UL /* ... and abort both */

/*
 * The old control word ExchangeRegisters returns: bit 0 was halted,
 * bit 1 was receiving, bit 2 was sending.
 */
typedef struct {
    L4_Word_t raw;
} L4_ThreadState_t;

L4_INLINE L4_Bool_t L4_ThreadWasHalted(L4_ThreadState_t s)
{
    return (s.raw & 1UL) != 0;
}

L4_INLINE L4_Bool_t L4_ThreadWasReceiving(L4_ThreadState_t s)
{
    return (s.raw & 2UL) != 0;
}

L4_INLINE L4_Bool_t L4_ThreadWasSending(L4_ThreadState_t s)
{
    return (s.raw & 4UL) != 0;
}

L4_INLINE L4_Bool_t L4_ThreadWasIpcing(L4_ThreadState_t s)
{
    return (s.raw & 6UL) != 0;
}

/* ExchangeRegisters with `control', writing the given values; only the
 * old control word (the state) is returned. */
L4_INLINE L4_ThreadState_t __L4_ExReg(L4_ThreadId_t t, L4_Word_t control,
                                      L4_Word_t sp, L4_Word_t ip,
                                      L4_Word_t flags, L4_Word_t *old_sp,
                                      L4_Word_t *old_ip, L4_Word_t *old_flags)
{
    L4_ThreadState_t state;
    L4_Word_t handle;
    L4_ThreadId_t pager;
    (void)L4_ExchangeRegisters(t, control, sp, ip, flags, 0, L4_nilthread,
                               &state.raw, old_sp, old_ip, old_flags,
                               &handle, &pager);
    return state;
}

/*
 * ---------------------------------------------------------------------
 * Derived calls of ExchangeRegisters (section 10.2)
 * ---------------------------------------------------------------------
 */

/* The global ID of t (t itself unless it is a local ID). */
L4_INLINE L4_ThreadId_t L4_GlobalIdOf(L4_ThreadId_t t)
{
    L4_Word_t dummy;
    L4_ThreadId_t pager;
    if (!L4_IsLocalId(t))
        return t;
    return L4_ExchangeRegisters(t, 0, 0, 0, 0, 0, L4_nilthread, &dummy,
                                &dummy, &dummy, &dummy, &dummy, &pager);
}

/* The local ID of t (t itself unless it is a global ID). */
L4_INLINE L4_ThreadId_t L4_LocalIdOf(L4_ThreadId_t t)
{
    L4_Word_t dummy;
    L4_ThreadId_t pager;
    if (!L4_IsGlobalId(t))
        return t;
    return L4_ExchangeRegisters(t, 0, 0, 0, 0, 0, L4_nilthread, &dummy,
                                &dummy, &dummy, &dummy, &dummy, &pager);
}

/* Whether l and r name the same thread (one may be local, one global). */
L4_INLINE L4_Bool_t L4_SameThreads(L4_ThreadId_t l, L4_ThreadId_t r)
{
    return L4_GlobalIdOf(l).raw == L4_GlobalIdOf(r).raw;
}

L4_INLINE L4_Word_t L4_UserDefinedHandleOf(L4_ThreadId_t t)
{
    L4_Word_t dummy, handle;
    L4_ThreadId_t pager;
    (void)L4_ExchangeRegisters(t, 0, 0, 0, 0, 0, L4_nilthread, &dummy,
                               &dummy, &dummy, &dummy, &handle, &pager);
    return handle;
}

L4_INLINE void L4_Set_UserDefinedHandleOf(L4_ThreadId_t t, L4_Word_t handle)
{
    L4_Word_t dummy;
    L4_ThreadId_t pager;
    (void)L4_ExchangeRegisters(t, L4_ExReg_UserDefHandle, 0, 0, 0, handle,
                               L4_nilthread, &dummy, &dummy, &dummy,
                               &dummy, &dummy, &pager);
}

L4_INLINE L4_ThreadId_t L4_PagerOf(L4_ThreadId_t t)
{
    L4_Word_t dummy;
    L4_ThreadId_t pager;
    (void)L4_ExchangeRegisters(t, 0, 0, 0, 0, 0, L4_nilthread, &dummy,
                               &dummy, &dummy, &dummy, &dummy, &pager);
    return pager;
}

L4_INLINE void L4_Set_PagerOf(L4_ThreadId_t t, L4_ThreadId_t p)
{
    L4_Word_t dummy;
    L4_ThreadId_t pager;
    (void)L4_ExchangeRegisters(t, L4_ExReg_Pager, 0, 0, 0, 0, p, &dummy,
                               &dummy, &dummy, &dummy, &dummy, &pager);
}

/* Resume t, aborting any IPC it is in (control 0x106). */
L4_INLINE void L4_Start(L4_ThreadId_t t)
{
    L4_Word_t dummy;
    (void)__L4_ExReg(t, __L4_EXREG_START, 0, 0, 0, &dummy, &dummy, &dummy);
}

/* ... with new SP and IP (0x11E). */
L4_INLINE void L4_Start_SpIp(L4_ThreadId_t t, L4_Word_t sp, L4_Word_t ip)
{
    L4_Word_t dummy;
    (void)__L4_ExReg(t, __L4_EXREG_START_SPIP, sp, ip, 0, &dummy, &dummy,
                     &dummy);
}

/* ... with new SP, IP and FLAGS (0x13E). */
L4_INLINE void L4_Start_SpIpFlags(L4_ThreadId_t t, L4_Word_t sp, L4_Word_t ip,
                                  L4_Word_t flags)
{
    L4_Word_t dummy;
    (void)__L4_ExReg(t, __L4_EXREG_START_SPIPFLAGS, sp, ip, flags, &dummy,
                     &dummy, &dummy);
}

/* Halt t (0x301); returns its old state. */
L4_INLINE L4_ThreadState_t L4_Stop(L4_ThreadId_t t)
{
    L4_Word_t dummy;
    return __L4_ExReg(t, __L4_EXREG_STOP, 0, 0, 0, &dummy, &dummy, &dummy);
}

L4_INLINE L4_ThreadState_t L4_Stop_SpIpFlags(L4_ThreadId_t t, L4_Word_t *sp,
                                             L4_Word_t *ip, L4_Word_t *flags)
{
    return __L4_ExReg(t, __L4_EXREG_STOP, 0, 0, 0, sp, ip, flags);
}

/* Abort a receive of t and halt it (0x303). */
L4_INLINE L4_ThreadState_t L4_AbortReceive_and_stop(L4_ThreadId_t t)
{
    L4_Word_t dummy;
    return __L4_ExReg(t, __L4_EXREG_ABORTRECV_STOP, 0, 0, 0, &dummy, &dummy,
                      &dummy);
}

L4_INLINE L4_ThreadState_t L4_AbortReceive_and_stop_SpIpFlags(L4_ThreadId_t t,
    L4_Word_t *sp, L4_Word_t *ip, L4_Word_t *flags)
{
    return __L4_ExReg(t, __L4_EXREG_ABORTRECV_STOP, 0, 0, 0, sp, ip, flags);
}

/* Abort a send of t and halt it (0x305). */
L4_INLINE L4_ThreadState_t L4_AbortSend_and_stop(L4_ThreadId_t t)
{
    L4_Word_t dummy;
    return __L4_ExReg(t, __L4_EXREG_ABORTSEND_STOP, 0, 0, 0, &dummy, &dummy,
                      &dummy);
}

L4_INLINE L4_ThreadState_t L4_AbortSend_and_stop_SpIpFlags(L4_ThreadId_t t,
    L4_Word_t *sp, L4_Word_t *ip, L4_Word_t *flags)
{
    return __L4_ExReg(t, __L4_EXREG_ABORTSEND_STOP, 0, 0, 0, sp, ip, flags);
}

/* Abort any IPC of t and halt it (0x307). */
L4_INLINE L4_ThreadState_t L4_AbortIpc_and_stop(L4_ThreadId_t t)
{
    L4_Word_t dummy;
    return __L4_ExReg(t, __L4_EXREG_ABORTIPC_STOP, 0, 0, 0, &dummy, &dummy,
                      &dummy);
}

L4_INLINE L4_ThreadState_t L4_AbortIpc_and_stop_SpIpFlags(L4_ThreadId_t t,
    L4_Word_t *sp, L4_Word_t *ip, L4_Word_t *flags)
{
    return __L4_ExReg(t, __L4_EXREG_ABORTIPC_STOP, 0, 0, 0, sp, ip, flags);
}

/*
 * ---------------------------------------------------------------------
 * ThreadControl (section 10.3)
 * ---------------------------------------------------------------------
 */

/* UtcbLocation meaning "leave unchanged". */
#define __L4_UTCB_UNCHANGED             ((void *)~0UL)

/* Deliver the interrupt of InterruptThread to HandlerThread. */
L4_INLINE L4_Word_t L4_AssociateInterrupt(L4_ThreadId_t InterruptThread,
                                          L4_ThreadId_t HandlerThread)
{
    return L4_ThreadControl(InterruptThread, InterruptThread, L4_nilthread,
                            HandlerThread, __L4_UTCB_UNCHANGED);
}

L4_INLINE L4_Word_t L4_DeassociateInterrupt(L4_ThreadId_t InterruptThread)
{
    return L4_ThreadControl(InterruptThread, InterruptThread, L4_nilthread,
                            InterruptThread, __L4_UTCB_UNCHANGED);
}

/*
 * ---------------------------------------------------------------------
 * ThreadSwitch (section 10.6)
 * ---------------------------------------------------------------------
 */

/* Give up the rest of the timeslice. */
L4_INLINE void L4_Yield(void)
{
    L4_ThreadSwitch(L4_nilthread);
}

#endif /* !__L4IDL__ */

#endif /* !__L4__THREAD_H__ */
