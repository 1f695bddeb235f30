/*
 * e_notifier_client.h - hand-optimal ia32 client stub for testdata/
 * anchor/e_notifier.idl (anchor e: oneway, one scalar).  Same API as
 * l4idl's generated e_notifier_client.h; see l4idl_handopt.h for the ABI
 * reasoning all hand-optimal ia32 stubs share.
 */
#ifndef L4IDL_E_NOTIFIER_CLIENT_H
#define L4IDL_E_NOTIFIER_CLIENT_H

#include "l4idl_handopt.h"

/*
 * oneway void notify(in long a)
 * request: label 0x0040, u=1 (MR1 = a); no reply.
 *
 * Instructions, and why:
 *   - mov %gs:0 -> EDI; a: stack argument -> UTCB MR1 (load + store);
 *   - EAX = _service, EDX = nil (send only: no receive phase);
 *   - ECX = timeouts from the environment (L4IDL_HO_TIMEOUTS); the send
 *     timeout matters here (the receiver may not be waiting);
 *   - ESI = the tag; call the Ipc entry;
 *   - a send-only Ipc returns the sender's own tag or the error tag: one
 *     test of the error bit; a failed send is reported (l4idl_fail).
 * The Ipc overwrites EBX and EBP even without a receive phase.
 */
L4IDL_HO_CLIENT void notifier_notify(CORBA_Object _service, CORBA_long a, CORBA_Environment *_env)
{
    L4_Word_t *_utcb = l4idl_utcb();
    L4_Word_t _a = _service.raw, _d = 0;
    L4_Word_t _c = (L4_Word_t)_env, _mr0 = 0x400001U;
    _utcb[1] = (L4_Word_t)a;
    __asm__ __volatile__ (L4IDL_HO_TIMEOUTS "call __L4_Ipc"
        : "+a" (_a), "+S" (_mr0), "+c" (_c), "+d" (_d)
        : "D" (_utcb), L4IDL_HO_TIMEOUTS_OFFSET
        : "ebx", "ebp", "memory", "cc");
    if (__builtin_expect((_mr0 & 0x8000) != 0, 0))
        l4idl_fail(_env, _mr0);
}

#endif /* L4IDL_E_NOTIFIER_CLIENT_H */
