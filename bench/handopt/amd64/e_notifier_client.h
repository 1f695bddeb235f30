/*
 * e_notifier_client.h - hand-optimal amd64 client stub for testdata/
 * anchor/e_notifier.idl (anchor e: oneway, one scalar).  Same API as
 * l4idl's generated e_notifier_client.h; see l4idl_handopt.h for the ABI
 * reasoning all hand-optimal amd64 stubs share.
 */
#ifndef L4IDL_E_NOTIFIER_CLIENT_H
#define L4IDL_E_NOTIFIER_CLIENT_H

#include "l4idl_handopt.h"

/*
 * oneway void notify(in long a)
 * request: label 0x0040, u=1 (MR1 = a in RAX); no reply.
 *
 * Instructions, and why:
 *   - a: argument register -> RAX; RSI = _service, RDX = nil (send only);
 *   - R8 = timeouts from the environment (L4IDL_HO_TIMEOUTS): the send
 *     timeout matters (the receiver may not be waiting);
 *   - R9 = the tag; call the Ipc entry (which still overwrites all MR
 *     registers);
 *   - one test of the error bit of the returned tag; a failed send is
 *     reported (l4idl_fail).  The environment pointer must survive the
 *     Ipc for that, and no register does: one stack slot.
 */
L4IDL_HO_CLIENT void notifier_notify(CORBA_Object _service, CORBA_long a, CORBA_Environment *_env)
{
    register L4_Word_t _mr0 __asm__("r9") = 0x400001U;
    register L4_Word_t _mr1 __asm__("rax") = (L4_Word_t)(CORBA_unsigned_long)a;
    register L4_Word_t _to __asm__("rsi") = _service.raw;
    register L4_Word_t _from __asm__("rdx") = 0;
    register L4_Word_t _tmo __asm__("r8");
    CORBA_Environment *_e = _env;
    __asm__ __volatile__ (L4IDL_HO_TIMEOUTS_KEEP L4IDL_HO_IPC L4IDL_HO_ENV_BACK
        : "+r" (_mr0), "+r" (_mr1), "+r" (_to), "+r" (_from), "=&r" (_tmo), "+c" (_e)
        : L4IDL_HO_TIMEOUTS_OFFSET
        : "rbx", "r10", "r12", "r13", "r14", "r15", L4IDL_HO_IPC_CLOBBERS);
    /* Out of the register variables at once: GCC keeps an explicit
     * register variable in its register only for asm operands, and a
     * call that is not inlined (l4idl_utcb at -fno-inline) would
     * destroy it. */
    L4_Word_t _tag = _mr0;
    CORBA_Environment * _ev = _e;
    if (__builtin_expect((_tag & 0x8000) != 0, 0))
        l4idl_ho_fail(_ev, _tag);
}

#endif /* L4IDL_E_NOTIFIER_CLIENT_H */
