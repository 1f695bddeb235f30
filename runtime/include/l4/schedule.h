/*
 * l4/schedule.h - scheduling: Schedule and its derived calls, the system
 * clock, ProcessorControl (spec sections 10.5, 10.9, 10.10).
 *
 * Part of l4idl's runtime; names and semantics follow L4Ka::Pistachio's
 * <l4/schedule.h>.  L4_Schedule, L4_SystemClock and L4_ProcessorControl
 * are in the architecture's syscalls header; L4_ThreadSwitch and L4_Yield
 * in <l4/thread.h>.
 */
#ifndef __L4__SCHEDULE_H__
#define __L4__SCHEDULE_H__

#include <l4/types.h>
#include <l4/syscalls.h>
#include <l4/thread.h>

/* Nothing for l4idl's IDL front end (see <l4/types.h>). */
#if !defined(__L4IDL__)

/* Schedule results: the old state of the thread (0 = error). */
#define L4_SCHEDRESULT_ERROR            0
#define L4_SCHEDRESULT_DEAD             1
#define L4_SCHEDRESULT_INACTIVE         2
#define L4_SCHEDRESULT_RUNNING          3
#define L4_SCHEDRESULT_PENDING_SEND     4
#define L4_SCHEDRESULT_SENDING          5
#define L4_SCHEDRESULT_WAITING          6
#define L4_SCHEDRESULT_RECEIVING        7

/* A Schedule argument of all ones leaves that parameter unchanged. */
#define __L4_SCHED_UNCHANGED            (~0UL)

/* Priority 0..255 (PrioControl bits 0..7). */
L4_INLINE L4_Word_t L4_Set_Priority(L4_ThreadId_t tid, L4_Word_t prio)
{
    L4_Word_t dummy;
    return L4_Schedule(tid, __L4_SCHED_UNCHANGED, __L4_SCHED_UNCHANGED,
                       prio & 0xffUL, __L4_SCHED_UNCHANGED, &dummy);
}

/* Migrate to processor cpu (ProcessorControl bits 0..15). */
L4_INLINE L4_Word_t L4_Set_ProcessorNo(L4_ThreadId_t tid, L4_Word_t cpu)
{
    L4_Word_t dummy;
    return L4_Schedule(tid, __L4_SCHED_UNCHANGED, cpu & 0xffffUL,
                       __L4_SCHED_UNCHANGED, __L4_SCHED_UNCHANGED, &dummy);
}

/*
 * The remaining timeslice and total quantum of tid (old TimeControl:
 * timeslice in bits 16..31, quantum in bits 0..15).
 */
L4_INLINE L4_Word_t L4_Timeslice(L4_ThreadId_t tid, L4_Time_t *ts,
                                 L4_Time_t *tq)
{
    L4_Word_t old, result;
    result = L4_Schedule(tid, __L4_SCHED_UNCHANGED, __L4_SCHED_UNCHANGED,
                         __L4_SCHED_UNCHANGED, __L4_SCHED_UNCHANGED, &old);
    ts->raw = (L4_Word16_t)(old >> 16);
    tq->raw = (L4_Word16_t)old;
    return result;
}

/* TimeControl = timeslice in bits 16..31, total quantum in bits 0..15. */
L4_INLINE L4_Word_t L4_Set_Timeslice(L4_ThreadId_t tid, L4_Time_t ts,
                                     L4_Time_t tq)
{
    L4_Word_t dummy;
    return L4_Schedule(tid, ((L4_Word_t)ts.raw << 16) | tq.raw,
                       __L4_SCHED_UNCHANGED, __L4_SCHED_UNCHANGED,
                       __L4_SCHED_UNCHANGED, &dummy);
}

/*
 * PreemptionControl = sensitive priority in bits 16..23, maximum delay
 * (microseconds) in bits 0..15.
 */
L4_INLINE L4_Word_t L4_Set_PreemptionDelay(L4_ThreadId_t tid,
                                           L4_Word_t sensitivePrio,
                                           L4_Word_t maxDelay)
{
    L4_Word_t dummy;
    return L4_Schedule(tid, __L4_SCHED_UNCHANGED, __L4_SCHED_UNCHANGED,
                       __L4_SCHED_UNCHANGED,
                       ((sensitivePrio & 0xffUL) << 16) | (maxDelay & 0xffffUL),
                       &dummy);
}

#endif /* !__L4IDL__ */

#endif /* !__L4__SCHEDULE_H__ */
