/*
 * c2_blkdce_client.h - hand-optimal ia32 client stub for testdata/anchor/
 * c2_blkdce.idl (anchor c2: DCE [length_is] array, sent as a string
 * item, its length also in its own word).  Same API as l4idl's generated
 * c2_blkdce_client.h; see l4idl_handopt.h for the ABI reasoning all
 * hand-optimal ia32 stubs share.
 */
#ifndef L4IDL_C2_BLKDCE_CLIENT_H
#define L4IDL_C2_BLKDCE_CLIENT_H

#include "l4idl_handopt.h"

/*
 * void write([in] long len, [in, length_is(len)] char *buf)
 * request: label 0x0040, u=1, t=2: MR1 = len, MR2..MR3 = a simple string
 * item (MR2 = len << 10, MR3 = buf); reply: u=0.
 *
 * Instructions, and why:
 *   - len must fit the string item's 22-bit length field (unsigned
 *     compare: a negative len fails too): one compare, cold failure
 *     L4IDL_EX_BAD_PARAM;
 *   - MR1 = len, MR2 = len << 10, MR3 = buf: three stores (and the
 *     shift);
 *   - EAX = EDX = _service, ECX = timeouts (L4IDL_HO_TIMEOUTS), ESI = tag;
 *   - one compare of the reply tag with zero.
 */
L4IDL_HO_CLIENT void blkdce_write(CORBA_Object _service, CORBA_long len, const CORBA_char *buf, CORBA_Environment *_env)
{
    L4_Word_t *_utcb = l4idl_utcb();
    L4_Word_t _n = (L4_Word_t)len;
    if (__builtin_expect(_n > 4194303U, 0)) {
        l4idl_fail_code(_env, L4IDL_EX_BAD_PARAM);
        return;
    }
    L4_Word_t _a = _service.raw, _d = _service.raw;
    L4_Word_t _c = (L4_Word_t)_env, _mr0 = 0x400081U;
    _utcb[1] = _n;
    _utcb[2] = _n << 10;
    _utcb[3] = (L4_Word_t)buf;
    __asm__ __volatile__ (L4IDL_HO_TIMEOUTS_KEEP "call __L4_Ipc" L4IDL_HO_ENV_BACK
        : "+a" (_a), "+S" (_mr0), "+c" (_c), "+d" (_d)
        : "D" (_utcb), L4IDL_HO_TIMEOUTS_OFFSET
        : "ebx", "ebp", "memory", "cc");
    if (__builtin_expect(_mr0 != 0, 0) && (_mr0 & ~(L4_Word_t)0x7000) != 0)
        l4idl_fail((CORBA_Environment *)_c, _mr0);
}

#endif /* L4IDL_C2_BLKDCE_CLIENT_H */
