/*
 * e_notifier_server.h - hand-optimal amd64 server loop for testdata/
 * anchor/e_notifier.idl.  Same API as l4idl's generated
 * e_notifier_server.h; see l4idl_handopt.h for the ABI reasoning all
 * hand-optimal amd64 stubs share.
 */
#ifndef L4IDL_E_NOTIFIER_SERVER_H
#define L4IDL_E_NOTIFIER_SERVER_H

#include "l4idl_handopt.h"

/* Implementations (the application defines them). */
void notifier_notify_implementation(CORBA_Object _caller, const CORBA_long a, idl4_server_environment *_env);

/*
 * The server loop of notifier.  A oneway request gets no reply, so every
 * Ipc of this loop only waits (to = nil); a request for an unknown
 * operation still gets a system-error reply (0xFE01), sent by the Ipc
 * that waits next.
 *
 * Per request, and why:
 *   - BR0 = 0 (accept untyped words only), set before every receive
 *     because the implementation's own IPC may change it; the UTCB
 *     pointer does not survive the Ipc in a register (all are MRs or
 *     destroyed), so it is read again (%gs:0) for that store;
 *   - RSI = nil, RDX = anythread, R8 = send zero / receive never;
 *   - MR0 == 0x00400001: label 0x40, u=1, t=0 in one compare;
 *   - a = MR1 in RAX, the sender in RSI: moved to the argument
 *     registers with &_senv;
 *   - after the implementation only _senv._action is cleared.
 */
static inline void notifier_server(void)
{
    L4_Word_t _partner = 0, _tag = 0, _w1;
    idl4_server_environment _senv = { 0, (void *)0 };
    for (;;) {
        l4idl_utcb()[L4IDL_BR(0)] = 0;
        {
            register L4_Word_t _mr0 __asm__("r9") = _tag;
            register L4_Word_t _mr1 __asm__("rax");
            register L4_Word_t _to __asm__("rsi") = _partner;
            register L4_Word_t _from __asm__("rdx") = ~(L4_Word_t)0;
            register L4_Word_t _tmo __asm__("r8") = L4IDL_TIMEOUTS_REPLY;
            __asm__ __volatile__ (L4IDL_HO_IPC
                : "+r" (_mr0), "=r" (_mr1), "+r" (_to), "+r" (_from), "+r" (_tmo)
                :
                : "rbx", "rcx", "r10", "r12", "r13", "r14", "r15", L4IDL_HO_IPC_CLOBBERS);
            _tag = _mr0;
            _w1 = _mr1;
            _partner = _to;
        }
        if (__builtin_expect(_tag == 0x400001U, 1) ||
            (_tag & ~(L4_Word_t)0x7000) == 0x400001U) {
            notifier_notify_implementation(l4idl_tid(_partner), (CORBA_long)_w1, &_senv);
            _senv._action = 0;
            goto drop;
        }
        /* Cold path: failed Ipc, kernel message, malformed oneway request
         * (label 0x40: no reply), or no such operation (0xFE01). */
        if ((_tag & 0x8000) || (_tag >> 16) >= 0xFF00 || (_tag >> 16) == 0x40U)
            goto drop;
        _tag = (L4_Word_t)0xFE01U << 16;
        continue;
    drop:
        _partner = 0;
        _tag = 0;
    }
}

#endif /* L4IDL_E_NOTIFIER_SERVER_H */
