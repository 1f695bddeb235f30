/*
 * a_calc_server.h - hand-optimal ia32 server loop for testdata/anchor/
 * a_calc.idl.  Same API as l4idl's generated a_calc_server.h; see
 * l4idl_handopt.h for the ABI reasoning all hand-optimal ia32 stubs share.
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
    L4_Word_t *_utcb = l4idl_utcb();
    L4_Word_t _a = _client.raw, _d = 0, _c = L4IDL_TIMEOUTS_REPLY, _mr0 = 0x1U;
    _utcb[1] = (L4_Word_t)_return;
    __asm__ __volatile__ ("call __L4_Ipc"
        : "+a" (_a), "+S" (_mr0), "+c" (_c), "+d" (_d)
        : "D" (_utcb)
        : "ebx", "ebp", "memory", "cc");
    return (_mr0 & 0x8000) ? L4IDL_EX_IPC | (int)(_utcb[L4IDL_TCR_ERROR] & 0xF) : 0;
}

/*
 * The server loop of calc: one Ipc per request (reply to the last caller
 * and wait for the next, send timeout zero).
 *
 * Per request, and why:
 *   - BR0 = 0 (accept untyped words only): the implementation's own IPC
 *     may have changed BR0, so it is set before every receive;
 *   - EAX = the caller to reply to (kept in EBP; nil the first time
 *     and after a dropped request: then the Ipc only waits), EDX =
 *     anythread, ECX = send zero / receive never (both destroyed by
 *     every Ipc);
 *   - MR0 == 0x00400002 is the whole request check: label 0x40
 *     (operation 1 of interface 1), u=2, t=0 in one compare; a
 *     propagated request or anything else takes the cold path;
 *   - a and b are MR1 and MR2, which arrive in EBX and EBP (the xchg
 *     that keeps the caller in EBP moves MR2 to EAX): they go straight
 *     onto the stack as cdecl arguments, with the caller's id and &_senv;
 *   - _senv._action is tested once (exception or deferred reply);
 *   - the result goes to MR1 in the UTCB, MR0 = label 0, u=1.
 */
static inline void calc_server(void)
{
    L4_Word_t *_utcb = l4idl_utcb();
    /*
     * The caller to reply to lives in EBP, which the implementation call
     * preserves: the Ipc takes it in EAX and returns the new caller in
     * EAX and MR2 in EBP, and one xchg after the trap puts the caller
     * into EBP and MR2 into EAX.  Two instructions per request; left to
     * itself GCC keeps the caller in a stack slot (four).
     */
    register L4_Word_t _partner __asm__("ebp") = 0; /* nilthread: the first Ipc only waits */
    L4_Word_t _mr0 = 0, _mr1;
    idl4_server_environment _senv = { 0, (void *)0 };
    for (;;) {
        _utcb[L4IDL_BR(0)] = 0;
        {
            L4_Word_t _mr2;
            L4_Word_t _c = L4IDL_TIMEOUTS_REPLY, _d = ~(L4_Word_t)0;
            __asm__ __volatile__ (
                "movl %%ebp, %%eax\n\t"
                "call __L4_Ipc\n\t"
                "xchgl %%eax, %%ebp"
                : "+r" (_partner), "=a" (_mr2), "+S" (_mr0), "=b" (_mr1), "+c" (_c), "+d" (_d)
                : "D" (_utcb)
                : "memory", "cc");
            if (__builtin_expect(_mr0 == 0x400002U, 1) ||
                (_mr0 & ~(L4_Word_t)0x7000) == 0x400002U) {
                CORBA_long _ret = calc_add_implementation(l4idl_tid(_partner), (CORBA_long)_mr1, (CORBA_long)_mr2, &_senv);
                if (__builtin_expect(_senv._action != 0, 0)) {
                    int _act = _senv._action;
                    _senv._action = 0;
                    _mr0 = (L4_Word_t)0xFE00U << 16; /* exception: system error */
                    if (_act == IDL4_NO_RESPONSE)
                        goto drop;
                    continue;
                }
                _utcb[1] = (L4_Word_t)_ret;
                _mr0 = 0x1U;
                continue;
            }
        }
        /* Cold path: the Ipc failed, a kernel message, or a bad request. */
        if ((_mr0 & 0x8000) || (_mr0 >> 16) >= 0xFF00)
            goto drop; /* failed Ipc or kernel message: no reply */
        /* label 0x40 with another u/t: malformed; else no such operation */
        _mr0 = (_mr0 >> 16) == 0x40U ? (L4_Word_t)0xFE02U << 16 : (L4_Word_t)0xFE01U << 16;
        continue;
    drop:
        _partner = 0;
        _mr0 = 0;
    }
}

#endif /* L4IDL_A_CALC_SERVER_H */
