/*
 * l4/sigma0.h - the sigma0 protocol (spec section 12.6).
 *
 * Part of l4idl's runtime; names and semantics follow L4Ka::Pistachio's
 * <l4/sigma0.h>.  A request is a call to sigma0 with label -6 << 4
 * (0xFFA0 on 32-bit targets), u = 2: MR1 the fpage wanted (base =
 * physical address, or all ones for "any"; size; rwx = rights wanted),
 * MR2 the memory attribute to apply first (0 = default).  sigma0 answers
 * with one map item; its fpage (MR2) is what was mapped, L4_Nilpage on
 * refusal.  Passing L4_nilthread as sigma0's ID makes the calls compute it
 * from the KIP (thread number UserBase, version 1).
 */
#ifndef __L4__SIGMA0_H__
#define __L4__SIGMA0_H__

#include <l4/types.h>
#include <l4/message.h>
#include <l4/ipc.h>
#include <l4/kip.h>

/* Nothing for l4idl's IDL front end (see <l4/types.h>). */
#if !defined(__L4IDL__)

/* The request label (-6 << 4, cut to the label width). */
#define L4_SIGMA0_LABEL                 ((L4_Word_t)-6 << 4)

L4_INLINE L4_ThreadId_t __L4_Sigma0Id(L4_ThreadId_t s0)
{
    if (!L4_IsNilThread(s0))
        return s0;
    return L4_GlobalId(L4_ThreadIdUserBase(L4_GetKernelInterface()), 1);
}

/*
 * Ask sigma0 for fpage f with memory attribute `attribute', accepting the
 * mapping in RcvWindow.  Returns the fpage sigma0 mapped, or L4_Nilpage.
 */
L4_INLINE L4_Fpage_t __L4_Sigma0_Request(L4_ThreadId_t s0, L4_Fpage_t f,
                                         L4_Word_t attribute,
                                         L4_Fpage_t RcvWindow)
{
    L4_MsgTag_t tag;
    L4_Fpage_t result;
    L4_Accept(L4_MapGrantItems(RcvWindow));
    L4_LoadMR(0, L4_MsgTagMake(L4_SIGMA0_LABEL, 2, 0).raw);
    L4_LoadMR(1, f.raw);
    L4_LoadMR(2, attribute);
    tag = L4_Call(__L4_Sigma0Id(s0));
    if (L4_IpcFailed(tag) || L4_TypedWords(tag) != 2)
        return L4_Nilpage;
    L4_StoreMR(2, &result.raw);
    return result;
}

/* The page(s) f at the same address (the complete space as window). */
L4_INLINE L4_Fpage_t L4_Sigma0_GetPage(L4_ThreadId_t s0, L4_Fpage_t f)
{
    return __L4_Sigma0_Request(s0, f, 0, L4_CompleteAddressSpace);
}

L4_INLINE L4_Fpage_t L4_Sigma0_GetPage_RcvWindow(L4_ThreadId_t s0,
                                                 L4_Fpage_t f,
                                                 L4_Fpage_t RcvWindow)
{
    return __L4_Sigma0_Request(s0, f, 0, RcvWindow);
}

/* Any free page of 2^s bytes (base all ones), mapped into RcvWindow. */
L4_INLINE L4_Fpage_t L4_Sigma0_GetAny(L4_ThreadId_t s0, L4_Word_t s,
                                      L4_Fpage_t RcvWindow)
{
    L4_Fpage_t f = L4_FpageAddRights(L4_FpageLog2(~0UL, (int)s),
                                     L4_FullyAccessible);
    return __L4_Sigma0_Request(s0, f, 0, RcvWindow);
}

/*
 * The page of pagesize bytes at physical address `address', with memory
 * attribute `type' applied first, mapped 1:1, from sigma0 as found in the
 * KIP.
 */
L4_INLINE L4_Fpage_t L4_Sigma0_GetSpecial(L4_Word_t type, L4_Word_t address,
                                          L4_Word_t pagesize)
{
    L4_Fpage_t f = L4_FpageAddRights(L4_Fpage(address, pagesize),
                                     L4_FullyAccessible);
    return __L4_Sigma0_Request(L4_nilthread, f, type,
                               L4_CompleteAddressSpace);
}

#endif /* !__L4IDL__ */

#endif /* !__L4__SIGMA0_H__ */
