/*
 * a_calc_server.h - hand-optimal amd64 server loop for testdata/anchor/
 * a_calc.idl.  Same API as l4idl's generated a_calc_server.h; see
 * l4idl_handopt.h for the ABI reasoning all hand-optimal amd64 stubs
 * share.
 */
#ifndef L4IDL_A_CALC_SERVER_H
#define L4IDL_A_CALC_SERVER_H

#include "l4idl_handopt.h"

/* Implementations (the application defines them). */
CORBA_long calc_add_implementation(CORBA_Object _caller, const CORBA_long a, const CORBA_long b, idl4_server_environment *_env);

/*
 * Sends the reply of add deferred by idl4_set_no_response(): MR1 = the
 * result, label 0, u=1, send timeout zero, no receive phase; returns 0 or
 * L4IDL_EX_IPC | the kernel's error code.
 */
static inline int calc_add_reply(CORBA_Object _client, CORBA_long _return)
{
    register L4_Word_t _mr0 __asm__("r9") = 0x1U;
    register L4_Word_t _mr1 __asm__("rax") = (L4_Word_t)(CORBA_unsigned_long)_return;
    register L4_Word_t _to __asm__("rsi") = _client.raw;
    register L4_Word_t _from __asm__("rdx") = 0;
    register L4_Word_t _tmo __asm__("r8") = L4IDL_TIMEOUTS_REPLY;
    __asm__ __volatile__ (L4IDL_HO_IPC
        : "+r" (_mr0), "+r" (_mr1), "+r" (_to), "+r" (_from), "+r" (_tmo)
        :
        : "rbx", "rcx", "r10", "r12", "r13", "r14", "r15", L4IDL_HO_IPC_CLOBBERS);
    return (_mr0 & 0x8000) ? L4IDL_EX_IPC | (int)(l4idl_utcb()[L4IDL_TCR_ERROR] & 0xF) : 0;
}

/*
 * The server loop of calc: one Ipc per request (reply to the last caller
 * and wait for the next, send timeout zero).
 *
 * Per request, and why:
 *   - BR0 = 0 (accept untyped words only): the implementation's own IPC
 *     may have changed BR0, so it is set before every receive (the only
 *     UTCB access of the loop);
 *   - RSI = the caller to reply to (nil the first time and after a
 *     dropped request: then the Ipc only waits), RDX = anythread,
 *     R8 = send zero / receive never (all three destroyed by every Ipc);
 *   - MR0 == 0x00400002 is the whole request check: label 0x40, u=2,
 *     t=0 in one compare; anything else takes the cold path;
 *   - a and b are MR1 and MR2 in RAX and RBX: moved to the argument
 *     registers with the caller's id (RSI) and &_senv;
 *   - _senv._action is tested once (exception or deferred reply);
 *   - the result is returned in RAX, which is MR1: MR0 = label 0, u=1.
 */
static inline void calc_server(void)
{
    L4_Word_t *_utcb = l4idl_utcb();
    L4_Word_t _partner = 0; /* nilthread: the first Ipc only waits */
    L4_Word_t _tag = 0, _w1 = 0, _w2;
    idl4_server_environment _senv = { 0, (void *)0 };
    for (;;) {
        _utcb[L4IDL_BR(0)] = 0;
        {
            register L4_Word_t _mr0 __asm__("r9") = _tag;
            register L4_Word_t _mr1 __asm__("rax") = _w1;
            register L4_Word_t _mr2 __asm__("rbx");
            register L4_Word_t _to __asm__("rsi") = _partner;
            register L4_Word_t _from __asm__("rdx") = ~(L4_Word_t)0;
            register L4_Word_t _tmo __asm__("r8") = L4IDL_TIMEOUTS_REPLY;
            __asm__ __volatile__ (L4IDL_HO_IPC
                : "+r" (_mr0), "+r" (_mr1), "=r" (_mr2), "+r" (_to), "+r" (_from), "+r" (_tmo)
                :
                : "rcx", "r10", "r12", "r13", "r14", "r15", L4IDL_HO_IPC_CLOBBERS);
            _tag = _mr0;
            _w1 = _mr1;
            _w2 = _mr2;
            _partner = _to;
        }
        if (__builtin_expect(_tag == 0x400002U, 1) ||
            (_tag & ~(L4_Word_t)0x7000) == 0x400002U) {
            /* The result goes to _w1 (MR1, RAX) at once, also when the
             * reply is an exception: then the request's MR1 is dead
             * across the call and GCC need not keep it in a callee-saved
             * register (two moves per request). */
            _w1 = (L4_Word_t)(CORBA_unsigned_long)calc_add_implementation(l4idl_tid(_partner), (CORBA_long)_w1, (CORBA_long)_w2, &_senv);
            if (__builtin_expect(_senv._action != 0, 0)) {
                int _act = _senv._action;
                _senv._action = 0;
                _tag = (L4_Word_t)0xFE00U << 16; /* exception: system error */
                if (_act == IDL4_NO_RESPONSE)
                    goto drop;
                continue;
            }
            _tag = 0x1U;
            continue;
        }
        /* Cold path: the Ipc failed, a kernel message, or a bad request. */
        if ((_tag & 0x8000) || (_tag >> 16) >= 0xFF00)
            goto drop; /* failed Ipc or kernel message: no reply */
        /* label 0x40 with another u/t: malformed; else no such operation */
        _tag = (_tag >> 16) == 0x40U ? (L4_Word_t)0xFE02U << 16 : (L4_Word_t)0xFE01U << 16;
        continue;
    drop:
        _partner = 0;
        _tag = 0;
    }
}

#endif /* L4IDL_A_CALC_SERVER_H */
