/*
 * g_con_client.h - hand-optimal ia32 client stub for testdata/anchor/
 * g_con.idl (anchor g: an unbounded string).  Same API as l4idl's
 * generated g_con_client.h; see l4idl_handopt.h for the ABI reasoning
 * all hand-optimal ia32 stubs share.
 */
#ifndef L4IDL_G_CON_CLIENT_H
#define L4IDL_G_CON_CLIENT_H

#include "l4idl_handopt.h"

/*
 * void puts(in string s)
 * request: label 0x0040, u=0, t=2: a simple string item of strlen(s) + 1
 * bytes (the NUL travels: the server checks it); reply: u=0.
 *
 * Instructions, and why:
 *   - strlen (a library call, counted apart): the length must be known
 *     before the send;
 *   - the length + 1 must fit the string item's 22-bit field: one
 *     compare, cold failure L4IDL_EX_BAD_PARAM;
 *   - MR1 = (n + 1) << 10, MR2 = s: lea/shift and two stores;
 *   - EAX = EDX = _service, ECX = timeouts (L4IDL_HO_TIMEOUTS), ESI = tag;
 *   - one compare of the reply tag with zero.
 */
L4IDL_HO_CLIENT void con_puts(CORBA_Object _service, const CORBA_char *s, CORBA_Environment *_env)
{
    L4_Word_t *_utcb;
    L4_Word_t _n = __builtin_strlen(s);
    if (__builtin_expect(_n > 4194302U, 0)) {
        l4idl_fail_code(_env, L4IDL_EX_BAD_PARAM);
        return;
    }
    _utcb = l4idl_utcb();
    L4_Word_t _a = _service.raw, _d = _service.raw;
    L4_Word_t _c = (L4_Word_t)_env, _mr0 = 0x400080U;
    _utcb[1] = (_n + 1) << 10;
    _utcb[2] = (L4_Word_t)s;
    __asm__ __volatile__ (L4IDL_HO_TIMEOUTS "call __L4_Ipc"
        : "+a" (_a), "+S" (_mr0), "+c" (_c), "+d" (_d)
        : "D" (_utcb), L4IDL_HO_TIMEOUTS_OFFSET
        : "ebx", "ebp", "memory", "cc");
    if (__builtin_expect(_mr0 != 0, 0) && (_mr0 & ~(L4_Word_t)0x7000) != 0)
        l4idl_fail(_env, _mr0);
}

#endif /* L4IDL_G_CON_CLIENT_H */
