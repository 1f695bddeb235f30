/*
 * f_geo_server.h - hand-optimal ia32 server loop for testdata/anchor/
 * f_geo.idl.  Same API as l4idl's generated f_geo_server.h; see
 * l4idl_handopt.h for the ABI reasoning all hand-optimal ia32 stubs share.
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
    L4_Word_t *_utcb = l4idl_utcb();
    L4_Word_t _a = _client.raw, _d = 0, _c = L4IDL_TIMEOUTS_REPLY, _mr0 = 0;
    __asm__ __volatile__ ("call __L4_Ipc"
        : "+a" (_a), "+S" (_mr0), "+c" (_c), "+d" (_d)
        : "D" (_utcb)
        : "ebx", "ebp", "memory", "cc");
    return (_mr0 & 0x8000) ? L4IDL_EX_IPC | (int)(_utcb[L4IDL_TCR_ERROR] & 0xF) : 0;
}

/*
 * The server loop of geo.  Per request, and why:
 *   - BR0 = 0, EAX = caller to reply to (kept in EBP), EDX =
 *     anythread, ECX = send zero / receive never (see a_calc_server.h);
 *   - MR0 == 0x00400003: label 0x40, u=3, t=0 in one compare;
 *   - the struct the implementation gets a pointer to is built on the
 *     stack from EBX (MR1), EAX (MR2, swapped out of EBP by the xchg that
 *     keeps the caller there) and the UTCB's MR3: three stores
 *     and one load.  It cannot be the UTCB itself (MR1..MR3 happen to
 *     have the struct's layout on ia32): the implementation's own IPC
 *     would overwrite it while it is still being read;
 *   - reply: MR0 = 0 (label 0, u=0): nothing else to write.
 */
static inline void geo_server(void)
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
            if (__builtin_expect(_mr0 == 0x400003U, 1) ||
                (_mr0 & ~(L4_Word_t)0x7000) == 0x400003U) {
                geo_point_t _p;
                _p.x = (CORBA_long)_mr1;
                _p.y = (CORBA_long)_mr2;
                _p.z = (CORBA_long)_utcb[3];
                geo_setp_implementation(l4idl_tid(_partner), &_p, &_senv);
                _mr0 = 0;
                if (__builtin_expect(_senv._action != 0, 0)) {
                    int _act = _senv._action;
                    _senv._action = 0;
                    _mr0 = (L4_Word_t)0xFE00U << 16; /* exception: system error */
                    if (_act == IDL4_NO_RESPONSE)
                        goto drop;
                }
                continue;
            }
        }
        /* Cold path: the Ipc failed, a kernel message, or a bad request. */
        if ((_mr0 & 0x8000) || (_mr0 >> 16) >= 0xFF00)
            goto drop; /* failed Ipc or kernel message: no reply */
        _mr0 = (_mr0 >> 16) == 0x40U ? (L4_Word_t)0xFE02U << 16 : (L4_Word_t)0xFE01U << 16;
        continue;
    drop:
        _partner = 0;
        _mr0 = 0;
    }
}

#endif /* L4IDL_F_GEO_SERVER_H */
