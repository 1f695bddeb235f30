/*
 * b_six_server.h - hand-optimal amd64 server loop for testdata/anchor/
 * b_six.idl.  Same API as l4idl's generated b_six_server.h; see
 * l4idl_handopt.h for the ABI reasoning all hand-optimal amd64 stubs
 * share.
 */
#ifndef L4IDL_B_SIX_SERVER_H
#define L4IDL_B_SIX_SERVER_H

#include "l4idl_handopt.h"

/* Implementations (the application defines them). */
void six_op6_implementation(CORBA_Object _caller, const CORBA_long a, const CORBA_long b, const CORBA_long c, const CORBA_long d, const CORBA_long e, const CORBA_long f, CORBA_long *x, CORBA_long *y, idl4_server_environment *_env);

/*
 * Sends the reply of op6 deferred by idl4_set_no_response() (x in MR1,
 * y in MR2, label 0, u=2, send timeout zero, no receive phase); returns
 * 0 or L4IDL_EX_IPC | the kernel's error code.
 */
static inline int six_op6_reply(CORBA_Object _client, CORBA_long x, CORBA_long y)
{
    register L4_Word_t _mr0 __asm__("r9") = 0x2U;
    register L4_Word_t _mr1 __asm__("rax") = (L4_Word_t)(CORBA_unsigned_long)x;
    register L4_Word_t _mr2 __asm__("rbx") = (L4_Word_t)(CORBA_unsigned_long)y;
    register L4_Word_t _to __asm__("rsi") = _client.raw;
    register L4_Word_t _from __asm__("rdx") = 0;
    register L4_Word_t _tmo __asm__("r8") = L4IDL_TIMEOUTS_REPLY;
    __asm__ __volatile__ (L4IDL_HO_IPC
        : "+r" (_mr0), "+r" (_mr1), "+r" (_mr2), "+r" (_to), "+r" (_from), "+r" (_tmo)
        :
        : "rcx", "r10", "r12", "r13", "r14", "r15", L4IDL_HO_IPC_CLOBBERS);
    return (_mr0 & 0x8000) ? L4IDL_EX_IPC | (int)(l4idl_utcb()[L4IDL_TCR_ERROR] & 0xF) : 0;
}

/*
 * The server loop of six.  Per request, and why:
 *   - BR0 = 0 (the UTCB pointer from %gs:0: no register survives the
 *     Ipc), RSI = caller to reply to, RDX = anythread, R8 = send zero /
 *     receive never (see a_calc_server.h);
 *   - MR0 == 0x00400006: label 0x40, u=6, t=0 in one compare;
 *   - a..f arrive in RAX, RBX, R10, R12, R13, R14: five go to argument
 *     registers, f to the stack with &x, &y, &_senv;
 *   - x and y are a stack pair zeroed before the call (an implementation
 *     that does not set them sends zeros, as the generated server does)
 *     and loaded into RAX and RBX (MR1, MR2) after it: the
 *     implementation's own IPC may use the MRs, so the out-parameters
 *     cannot live in the UTCB;
 *   - reply: MR0 = label 0, u=2.
 */
static inline void six_server(void)
{
    L4_Word_t _partner = 0, _tag = 0, _w1 = 0, _w2 = 0, _w3, _w4, _w5, _w6;
    idl4_server_environment _senv = { 0, (void *)0 };
    for (;;) {
        l4idl_utcb()[L4IDL_BR(0)] = 0;
        {
            register L4_Word_t _mr0 __asm__("r9") = _tag;
            register L4_Word_t _mr1 __asm__("rax") = _w1;
            register L4_Word_t _mr2 __asm__("rbx") = _w2;
            register L4_Word_t _mr3 __asm__("r10");
            register L4_Word_t _mr4 __asm__("r12");
            register L4_Word_t _mr5 __asm__("r13");
            register L4_Word_t _mr6 __asm__("r14");
            register L4_Word_t _to __asm__("rsi") = _partner;
            register L4_Word_t _from __asm__("rdx") = ~(L4_Word_t)0;
            register L4_Word_t _tmo __asm__("r8") = L4IDL_TIMEOUTS_REPLY;
            __asm__ __volatile__ (L4IDL_HO_IPC
                : "+r" (_mr0), "+r" (_mr1), "+r" (_mr2), "=r" (_mr3), "=r" (_mr4), "=r" (_mr5), "=r" (_mr6),
                  "+r" (_to), "+r" (_from), "+r" (_tmo)
                :
                : "rcx", "r15", L4IDL_HO_IPC_CLOBBERS);
            _tag = _mr0;
            _w1 = _mr1;
            _w2 = _mr2;
            _w3 = _mr3;
            _w4 = _mr4;
            _w5 = _mr5;
            _w6 = _mr6;
            _partner = _to;
        }
        if (__builtin_expect(_tag == 0x400006U, 1) ||
            (_tag & ~(L4_Word_t)0x7000) == 0x400006U) {
            CORBA_long _x = 0, _y = 0;
            six_op6_implementation(l4idl_tid(_partner), (CORBA_long)_w1, (CORBA_long)_w2, (CORBA_long)_w3,
                (CORBA_long)_w4, (CORBA_long)_w5, (CORBA_long)_w6, &_x, &_y, &_senv);
            /* The reply words go to _w1, _w2 (RAX, RBX) at once, also
             * when the reply is an exception: the request's MR1, MR2 are
             * then dead across the call (no callee-saved registers). */
            _w1 = (L4_Word_t)(CORBA_unsigned_long)_x;
            _w2 = (L4_Word_t)(CORBA_unsigned_long)_y;
            if (__builtin_expect(_senv._action != 0, 0)) {
                int _act = _senv._action;
                _senv._action = 0;
                _tag = (L4_Word_t)0xFE00U << 16; /* exception: system error */
                if (_act == IDL4_NO_RESPONSE)
                    goto drop;
                continue;
            }
            _tag = 0x2U;
            continue;
        }
        /* Cold path: the Ipc failed, a kernel message, or a bad request. */
        if ((_tag & 0x8000) || (_tag >> 16) >= 0xFF00)
            goto drop; /* failed Ipc or kernel message: no reply */
        _tag = (_tag >> 16) == 0x40U ? (L4_Word_t)0xFE02U << 16 : (L4_Word_t)0xFE01U << 16;
        continue;
    drop:
        _partner = 0;
        _tag = 0;
    }
}

#endif /* L4IDL_B_SIX_SERVER_H */
