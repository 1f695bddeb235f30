/*
 * f_geo_server.h - hand-optimal amd64 server loop for testdata/anchor/
 * f_geo.idl.  Same API as l4idl's generated f_geo_server.h; see
 * l4idl_handopt.h for the ABI reasoning all hand-optimal amd64 stubs
 * share.
 */
#ifndef L4IDL_F_GEO_SERVER_H
#define L4IDL_F_GEO_SERVER_H

#include "l4idl_handopt.h"

#ifndef L4IDL_TYPES_F_GEO_H
#define L4IDL_TYPES_F_GEO_H

typedef struct geo_point_t {
    CORBA_long x;
    CORBA_long y;
    CORBA_long z;
} geo_point_t;

#endif /* L4IDL_TYPES_F_GEO_H */

/* Implementations (the application defines them). */
void geo_setp_implementation(CORBA_Object _caller, const geo_point_t *p, idl4_server_environment *_env);

/*
 * Sends the reply of setp deferred by idl4_set_no_response() (label 0,
 * u=0, send timeout zero, no receive phase); returns 0 or L4IDL_EX_IPC |
 * the kernel's error code.
 */
static inline int geo_setp_reply(CORBA_Object _client)
{
    register L4_Word_t _mr0 __asm__("r9") = 0;
    register L4_Word_t _to __asm__("rsi") = _client.raw;
    register L4_Word_t _from __asm__("rdx") = 0;
    register L4_Word_t _tmo __asm__("r8") = L4IDL_TIMEOUTS_REPLY;
    __asm__ __volatile__ (L4IDL_HO_IPC
        : "+r" (_mr0), "+r" (_to), "+r" (_from), "+r" (_tmo)
        :
        : "rax", "rbx", "rcx", "r10", "r12", "r13", "r14", "r15", L4IDL_HO_IPC_CLOBBERS);
    return (_mr0 & 0x8000) ? L4IDL_EX_IPC | (int)(l4idl_utcb()[L4IDL_TCR_ERROR] & 0xF) : 0;
}

/*
 * The server loop of geo.  Per request, and why:
 *   - BR0 = 0, RSI = caller to reply to, RDX = anythread, R8 = send
 *     zero / receive never (see a_calc_server.h);
 *   - MR0 == 0x00400003: label 0x40, u=3, t=0 in one compare;
 *   - x, y, z arrive in RAX, RBX, R10 and are stored into the struct on
 *     the stack whose address the implementation gets (three stores:
 *     the implementation's own IPC may reuse the MRs, so no pointer into
 *     the UTCB);
 *   - reply: MR0 = 0.
 */
static inline void geo_server(void)
{
    L4_Word_t _partner = 0, _tag = 0, _w1, _w2, _w3;
    idl4_server_environment _senv = { 0, (void *)0 };
    for (;;) {
        l4idl_utcb()[L4IDL_BR(0)] = 0;
        {
            register L4_Word_t _mr0 __asm__("r9") = _tag;
            register L4_Word_t _mr1 __asm__("rax");
            register L4_Word_t _mr2 __asm__("rbx");
            register L4_Word_t _mr3 __asm__("r10");
            register L4_Word_t _to __asm__("rsi") = _partner;
            register L4_Word_t _from __asm__("rdx") = ~(L4_Word_t)0;
            register L4_Word_t _tmo __asm__("r8") = L4IDL_TIMEOUTS_REPLY;
            __asm__ __volatile__ (L4IDL_HO_IPC
                : "+r" (_mr0), "=r" (_mr1), "=r" (_mr2), "=r" (_mr3), "+r" (_to), "+r" (_from), "+r" (_tmo)
                :
                : "rcx", "r12", "r13", "r14", "r15", L4IDL_HO_IPC_CLOBBERS);
            _tag = _mr0;
            _w1 = _mr1;
            _w2 = _mr2;
            _w3 = _mr3;
            _partner = _to;
        }
        if (__builtin_expect(_tag == 0x400003U, 1) ||
            (_tag & ~(L4_Word_t)0x7000) == 0x400003U) {
            geo_point_t _p;
            _p.x = (CORBA_long)_w1;
            _p.y = (CORBA_long)_w2;
            _p.z = (CORBA_long)_w3;
            geo_setp_implementation(l4idl_tid(_partner), &_p, &_senv);
            _tag = 0;
            if (__builtin_expect(_senv._action != 0, 0)) {
                int _act = _senv._action;
                _senv._action = 0;
                _tag = (L4_Word_t)0xFE00U << 16; /* exception: system error */
                if (_act == IDL4_NO_RESPONSE)
                    goto drop;
            }
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

#endif /* L4IDL_F_GEO_SERVER_H */
