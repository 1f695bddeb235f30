/*
 * l4/ipc.h - IPC: timeouts, the derived calls of L4_Ipc and L4_Lipc, and
 * the decoding of results and errors (spec sections 4.2, 5 and 10.1).
 *
 * Part of l4idl's runtime; names and semantics follow L4Ka::Pistachio's
 * <l4/ipc.h>.  L4_Ipc and L4_Lipc themselves are in the architecture's
 * syscalls header (<l4/ia32/syscalls.h>, <l4/amd64/syscalls.h>).
 */
#ifndef __L4__IPC_H__
#define __L4__IPC_H__

#include <l4/types.h>
#include <l4/vregs.h>
#include <l4/message.h>
#include <l4/syscalls.h>

/* Nothing for l4idl's IDL front end (see <l4/types.h>). */
#if !defined(__L4IDL__)

/* Timeouts word: send timeout in bits 16..31, receive timeout in 0..15. */
L4_INLINE L4_Word_t L4_Timeouts(L4_Time_t SndTimeout, L4_Time_t RcvTimeout)
{
    return ((L4_Word_t)SndTimeout.raw << 16) | RcvTimeout.raw;
}

/*
 * ---------------------------------------------------------------------
 * Results (section 5.1): the E, p, r and X bits of the returned tag.
 * ---------------------------------------------------------------------
 */

L4_INLINE L4_Bool_t L4_IpcSucceeded(L4_MsgTag_t t)
{
    return (t.raw & 0x8000UL) == 0;
}

L4_INLINE L4_Bool_t L4_IpcFailed(L4_MsgTag_t t)
{
    return (t.raw & 0x8000UL) != 0;
}

L4_INLINE L4_Bool_t L4_IpcPropagated(L4_MsgTag_t t)
{
    return (t.raw & 0x1000UL) != 0;
}

L4_INLINE L4_Bool_t L4_IpcRedirected(L4_MsgTag_t t)
{
    return (t.raw & 0x2000UL) != 0;
}

L4_INLINE L4_Bool_t L4_IpcXcpu(L4_MsgTag_t t)
{
    return (t.raw & 0x4000UL) != 0;
}

/* Ask for propagation; set L4_Set_VirtualSender before sending. */
L4_INLINE void L4_Set_Propagation(L4_MsgTag_t *t)
{
    t->raw |= 0x1000UL;
}

/*
 * ---------------------------------------------------------------------
 * IPC error codes (section 5.2): ErrorCode TCR after a failed IPC
 *   bit 0 phase (0 send, 1 receive), bits 1..3 error, bits 4.. offset
 * The sheet gives the numbers, not C names; these names are l4idl's.
 * ---------------------------------------------------------------------
 */

#define L4_ErrSendPhase                 0
#define L4_ErrRecvPhase                 1

#define L4_ErrTimeout                   1  /* send or receive timeout */
#define L4_ErrNonExist                  2  /* non-existing partner */
#define L4_ErrCanceled                  3  /* canceled before transfer */
#define L4_ErrMsgOverflow               4  /* message overflow */
#define L4_ErrXferTimeoutInvoker        5  /* xfer timeout, own space */
#define L4_ErrXferTimeoutPartner        6  /* xfer timeout, partner space */
#define L4_ErrAborted                   7  /* aborted during transfer */

/* The phase (L4_ErrSendPhase or L4_ErrRecvPhase); *err_code = error. */
L4_INLINE L4_Word_t L4_IpcError(L4_Word_t err, L4_Word_t *err_code)
{
    if (err_code != 0)
        *err_code = (err >> 1) & 7UL;
    return err & 1UL;
}

L4_INLINE L4_Word_t L4_IpcErrorPhase(L4_Word_t err)
{
    return err & 1UL;
}

L4_INLINE L4_Word_t L4_IpcErrorNumber(L4_Word_t err)
{
    return (err >> 1) & 7UL;
}

/* Bytes of string data transferred before the failure (errors 4..7). */
L4_INLINE L4_Word_t L4_IpcErrorOffset(L4_Word_t err)
{
    return err >> 4;
}

/* The ErrorCode word for error `number' in `phase' after `offset' bytes. */
L4_INLINE L4_Word_t L4_IpcErrorCode(L4_Word_t phase, L4_Word_t number,
                                    L4_Word_t offset)
{
    return (offset << 4) | ((number & 7UL) << 1) | (phase & 1UL);
}

/*
 * ---------------------------------------------------------------------
 * Derived calls (section 10.1)
 * ---------------------------------------------------------------------
 */

L4_INLINE L4_MsgTag_t L4_Call_Timeouts(L4_ThreadId_t to, L4_Time_t SndTimeout,
                                       L4_Time_t RcvTimeout)
{
    L4_ThreadId_t dummy;
    return L4_Ipc(to, to, L4_Timeouts(SndTimeout, RcvTimeout), &dummy);
}

L4_INLINE L4_MsgTag_t L4_Call(L4_ThreadId_t to)
{
    return L4_Call_Timeouts(to, L4_Never, L4_Never);
}

L4_INLINE L4_MsgTag_t L4_Send_Timeout(L4_ThreadId_t to, L4_Time_t SndTimeout)
{
    return L4_Ipc(to, L4_nilthread, L4_Timeouts(SndTimeout, L4_Never), 0);
}

L4_INLINE L4_MsgTag_t L4_Send(L4_ThreadId_t to)
{
    return L4_Send_Timeout(to, L4_Never);
}

/* Send with a zero timeout: the partner must already be waiting. */
L4_INLINE L4_MsgTag_t L4_Reply(L4_ThreadId_t to)
{
    return L4_Send_Timeout(to, L4_ZeroTime);
}

L4_INLINE L4_MsgTag_t L4_Receive_Timeout(L4_ThreadId_t from,
                                         L4_Time_t RcvTimeout)
{
    L4_ThreadId_t dummy;
    return L4_Ipc(L4_nilthread, from, L4_Timeouts(L4_Never, RcvTimeout),
                  &dummy);
}

L4_INLINE L4_MsgTag_t L4_Receive(L4_ThreadId_t from)
{
    return L4_Receive_Timeout(from, L4_Never);
}

L4_INLINE L4_MsgTag_t L4_Wait_Timeout(L4_Time_t RcvTimeout,
                                      L4_ThreadId_t *from)
{
    return L4_Ipc(L4_nilthread, L4_anythread,
                  L4_Timeouts(L4_Never, RcvTimeout), from);
}

L4_INLINE L4_MsgTag_t L4_Wait(L4_ThreadId_t *from)
{
    return L4_Wait_Timeout(L4_Never, from);
}

L4_INLINE L4_MsgTag_t L4_ReplyWait_Timeout(L4_ThreadId_t to,
                                           L4_Time_t RcvTimeout,
                                           L4_ThreadId_t *from)
{
    return L4_Ipc(to, L4_anythread, L4_Timeouts(L4_ZeroTime, RcvTimeout),
                  from);
}

L4_INLINE L4_MsgTag_t L4_ReplyWait(L4_ThreadId_t to, L4_ThreadId_t *from)
{
    return L4_ReplyWait_Timeout(to, L4_Never, from);
}

/* Receive from oneself: always times out after t. */
L4_INLINE void L4_Sleep(L4_Time_t t)
{
    (void)L4_Receive_Timeout(L4_MyGlobalId(), t);
}

L4_INLINE L4_MsgTag_t L4_Lcall(L4_ThreadId_t to)
{
    L4_ThreadId_t dummy;
    return L4_Lipc(to, to, L4_Timeouts(L4_Never, L4_Never), &dummy);
}

L4_INLINE L4_MsgTag_t L4_LreplyWait(L4_ThreadId_t to, L4_ThreadId_t *from)
{
    return L4_Lipc(to, L4_anylocalthread,
                   L4_Timeouts(L4_ZeroTime, L4_Never), from);
}

#endif /* !__L4IDL__ */

#endif /* !__L4__IPC_H__ */
