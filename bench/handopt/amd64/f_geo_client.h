/*
 * f_geo_client.h - hand-optimal amd64 client stub for testdata/anchor/
 * f_geo.idl (anchor f: a struct of three words).  Same API as l4idl's
 * generated f_geo_client.h; see l4idl_handopt.h for the ABI reasoning
 * all hand-optimal amd64 stubs share.
 */
#ifndef L4IDL_F_GEO_CLIENT_H
#define L4IDL_F_GEO_CLIENT_H

#include "l4idl_handopt.h"

#ifndef L4IDL_TYPES_F_GEO_H
#define L4IDL_TYPES_F_GEO_H

typedef struct geo_point_t {
    CORBA_long x;
    CORBA_long y;
    CORBA_long z;
} geo_point_t;

#endif /* L4IDL_TYPES_F_GEO_H */

/*
 * void setp(in point_t p)
 * request: label 0x0040, u=3: MR1..MR3 = p.x, p.y, p.z in RAX, RBX, R10
 * (32-bit loads zero-extend: one load each); reply: u=0.
 *
 * Instructions, and why:
 *   - three loads through p straight into the MR registers;
 *   - RSI = RDX = _service, R8 = timeouts (L4IDL_HO_TIMEOUTS), R9 = tag;
 *   - one compare of the reply tag with zero.
 * No UTCB access at all.
 */
L4IDL_HO_CLIENT void geo_setp(CORBA_Object _service, const geo_point_t *p, CORBA_Environment *_env)
{
    register L4_Word_t _mr0 __asm__("r9") = 0x400003U;
    register L4_Word_t _mr1 __asm__("rax") = (L4_Word_t)(CORBA_unsigned_long)p->x;
    register L4_Word_t _mr2 __asm__("rbx") = (L4_Word_t)(CORBA_unsigned_long)p->y;
    register L4_Word_t _mr3 __asm__("r10") = (L4_Word_t)(CORBA_unsigned_long)p->z;
    register L4_Word_t _to __asm__("rsi") = _service.raw;
    register L4_Word_t _from __asm__("rdx") = _service.raw;
    register L4_Word_t _tmo __asm__("r8");
    CORBA_Environment *_e = _env;
    __asm__ __volatile__ (L4IDL_HO_TIMEOUTS_KEEP L4IDL_HO_IPC L4IDL_HO_ENV_BACK
        : "+r" (_mr0), "+r" (_mr1), "+r" (_mr2), "+r" (_mr3), "+r" (_to), "+r" (_from), "=&r" (_tmo), "+c" (_e)
        : L4IDL_HO_TIMEOUTS_OFFSET
        : "r12", "r13", "r14", "r15", L4IDL_HO_IPC_CLOBBERS);
    /* Out of the register variables at once: GCC keeps an explicit
     * register variable in its register only for asm operands, and a
     * call that is not inlined (l4idl_utcb at -fno-inline) would
     * destroy it. */
    L4_Word_t _tag = _mr0;
    CORBA_Environment * _ev = _e;
    if (__builtin_expect(_tag != 0, 0) && (_tag & ~(L4_Word_t)0x7000) != 0)
        l4idl_ho_fail(_ev, _tag);
}

#endif /* L4IDL_F_GEO_CLIENT_H */
