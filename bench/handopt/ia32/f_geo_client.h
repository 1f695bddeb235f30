/*
 * f_geo_client.h - hand-optimal ia32 client stub for testdata/anchor/
 * f_geo.idl (anchor f: a struct of three words).  Same API as l4idl's
 * generated f_geo_client.h; see l4idl_handopt.h for the ABI reasoning
 * all hand-optimal ia32 stubs share.
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
 * request: label 0x0040, u=3 (MR1..MR3 = p.x, p.y, p.z); reply: u=0.
 *
 * Instructions, and why:
 *   - mov %gs:0 -> EDI; the pointer p from the stack;
 *   - x, y, z: load + store each into MR1..MR3 (only MR0 is a register
 *     on the way in; the struct is passed by reference, so no copy of it
 *     exists that the kernel could read);
 *   - EAX = EDX = _service, ECX = timeouts (L4IDL_HO_TIMEOUTS), ESI = tag;
 *   - one compare of the reply tag (label 0, u=0, t=0) with zero.
 */
L4IDL_HO_CLIENT void geo_setp(CORBA_Object _service, const geo_point_t *p, CORBA_Environment *_env)
{
    L4_Word_t *_utcb = l4idl_utcb();
    L4_Word_t _a = _service.raw, _d = _service.raw;
    L4_Word_t _c = (L4_Word_t)_env, _mr0 = 0x400003U;
    _utcb[1] = (L4_Word_t)p->x;
    _utcb[2] = (L4_Word_t)p->y;
    _utcb[3] = (L4_Word_t)p->z;
    __asm__ __volatile__ (L4IDL_HO_TIMEOUTS_KEEP "call __L4_Ipc" L4IDL_HO_ENV_BACK
        : "+a" (_a), "+S" (_mr0), "+c" (_c), "+d" (_d)
        : "D" (_utcb), L4IDL_HO_TIMEOUTS_OFFSET
        : "ebx", "ebp", "memory", "cc");
    if (__builtin_expect(_mr0 != 0, 0) && (_mr0 & ~(L4_Word_t)0x7000) != 0)
        l4idl_fail((CORBA_Environment *)_c, _mr0);
}

#endif /* L4IDL_F_GEO_CLIENT_H */
