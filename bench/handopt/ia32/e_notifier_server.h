/*
 * e_notifier_server.h - hand-optimal ia32 server loop for testdata/
 * anchor/e_notifier.idl.  Same API as l4idl's generated
 * e_notifier_server.h; see l4idl_handopt.h for the ABI reasoning all
 * hand-optimal ia32 stubs share.
 */
#ifndef L4IDL_E_NOTIFIER_SERVER_H
#define L4IDL_E_NOTIFIER_SERVER_H

#include "l4idl_handopt.h"

/* Implementations (the application defines them). */
void notifier_notify_implementation(CORBA_Object _caller, const CORBA_long a, idl4_server_environment *_env);

/*
 * The server loop of notifier.  A oneway request gets no reply, so every
 * Ipc of this loop only waits (to = nil); a malformed request still gets
 * a system-error reply (0xFE01), sent by the same Ipc that waits next.
 *
 * Per request, and why:
 *   - BR0 = 0 (accept untyped words only), set before every receive
 *     because the implementation's own IPC may change it;
 *   - EAX = nil (nothing to reply), EDX = anythread, ECX = send zero /
 *     receive never (ECX, EDX are destroyed by every Ipc);
 *   - MR0 == 0x00400001: label 0x40, u=1, t=0 in one compare;
 *   - a = MR1 arrives in EBX: pushed as the argument with the sender's
 *     id (EAX) and &_senv;
 *   - after the implementation only _senv._action is cleared (an
 *     exception or deferred reply means nothing for a oneway operation);
 *     the receive-only Ipc needs MR0 = 0 (no words to send).
 */
static inline void notifier_server(void)
{
    L4_Word_t *_utcb = l4idl_utcb();
    L4_Word_t _partner = 0; /* nilthread: only wait */
    L4_Word_t _mr0 = 0, _mr1;
    idl4_server_environment _senv = { 0, (void *)0 };
    for (;;) {
        _utcb[L4IDL_BR(0)] = 0;
        {
            L4_Word_t _c = L4IDL_TIMEOUTS_REPLY, _d = ~(L4_Word_t)0;
            __asm__ __volatile__ ("call __L4_Ipc"
                : "+a" (_partner), "+S" (_mr0), "=b" (_mr1), "+c" (_c), "+d" (_d)
                : "D" (_utcb)
                : "ebp", "memory", "cc");
        }
        if (__builtin_expect(_mr0 == 0x400001U, 1) ||
            (_mr0 & ~(L4_Word_t)0x7000) == 0x400001U) {
            notifier_notify_implementation(l4idl_tid(_partner), (CORBA_long)_mr1, &_senv);
            _senv._action = 0;
            goto drop;
        }
        /* Cold path: failed Ipc, kernel message, malformed oneway request
         * (label 0x40: no reply), or no such operation (0xFE01). */
        if ((_mr0 & 0x8000) || (_mr0 >> 16) >= 0xFF00 || (_mr0 >> 16) == 0x40U)
            goto drop;
        _mr0 = (L4_Word_t)0xFE01U << 16;
        continue;
    drop:
        _partner = 0;
        _mr0 = 0;
    }
}

#endif /* L4IDL_E_NOTIFIER_SERVER_H */
