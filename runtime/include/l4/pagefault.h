/*
 * l4/pagefault.h - recognising the messages the kernel sends on a thread's
 * behalf (spec section 12): interrupts, page faults, preemption,
 * exceptions, sigma0 requests and x86 I/O page faults.
 *
 * Part of l4idl's runtime.  The sheet names no C API for these protocols
 * (Pistachio's L4_PfRequest_t/L4_PfReply_t layouts are not in it), so the
 * names here are l4idl's.  Kernel messages have a negative label: its low
 * 16 bits are 0xFFxx; label bits 4..15, read as a signed 12-bit number and
 * negated, give the protocol (IDL4's convention, section 13).
 */
#ifndef __L4__PAGEFAULT_H__
#define __L4__PAGEFAULT_H__

#include <l4/types.h>
#include <l4/message.h>

/* Nothing for l4idl's IDL front end (see <l4/types.h>). */
#if !defined(__L4IDL__)

/* Protocol numbers: the label is (-n << 4) | low bits. */
#define L4_KernelMsgInterrupt           1       /* 0xFFF0 */
#define L4_KernelMsgPageFault           2       /* 0xFFE0 | rwx */
#define L4_KernelMsgPreemption          3       /* 0xFFD0 */
#define L4_KernelMsgException           5       /* 0xFFB0 */
#define L4_KernelMsgSigma0              6       /* 0xFFA0 */
#define L4_KernelMsgIoPageFault         8       /* 0xFF86 */

/* The label of protocol n with the given low 4 bits, as L4_Label gives it. */
L4_INLINE L4_Word_t L4_KernelMsgLabel(L4_Word_t n, L4_Word_t low)
{
    return (((L4_Word_t)0 - n) << 4 | (low & 0xfUL)) &
           (~0UL >> 16);
}

/* Whether t is a kernel message: label bits 8..15 all ones. */
L4_INLINE L4_Bool_t L4_IsKernelMsg(L4_MsgTag_t t)
{
    return (L4_Label(t) & 0xff00UL) == 0xff00UL;
}

/* The protocol number of a kernel message (1 interrupt, 2 page fault...). */
L4_INLINE L4_Word_t L4_KernelMsgKind(L4_MsgTag_t t)
{
    return (0x1000UL - ((L4_Label(t) >> 4) & 0xfffUL)) & 0xfffUL;
}

L4_INLINE L4_Bool_t L4_IsInterrupt(L4_MsgTag_t t)
{
    return (L4_Label(t) & 0xffffUL) == 0xfff0UL;
}

/* A page fault: label 0xFFE0 | rwx, MR1 address, MR2 IP (section 12.2). */
L4_INLINE L4_Bool_t L4_IsPageFault(L4_MsgTag_t t)
{
    return (L4_Label(t) & 0xfff8UL) == 0xffe0UL;
}

/* The access that faulted: L4_Readable, L4_Writable, L4_eXecutable. */
L4_INLINE L4_Word_t L4_PageFaultRights(L4_MsgTag_t t)
{
    return L4_Label(t) & 7UL;
}

/* MR1 and MR2 of a page-fault (or I/O page-fault) message. */
L4_INLINE L4_Word_t L4_PageFaultAddress(void)
{
    L4_Word_t w;
    L4_StoreMR(1, &w);
    return w;
}

/* The faulting IP; ~0 for a fault in a receiver's string buffer. */
L4_INLINE L4_Word_t L4_PageFaultIP(void)
{
    L4_Word_t w;
    L4_StoreMR(2, &w);
    return w;
}

L4_INLINE L4_Bool_t L4_IsException(L4_MsgTag_t t)
{
    return (L4_Label(t) & 0xfff0UL) == 0xffb0UL;
}

L4_INLINE L4_Bool_t L4_IsIoPageFault(L4_MsgTag_t t)
{
    return (L4_Label(t) & 0xffffUL) == 0xff86UL;
}

#endif /* !__L4IDL__ */

#endif /* !__L4__PAGEFAULT_H__ */
