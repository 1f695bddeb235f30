/*
 * g_con_client.h - hand-optimal amd64 client stub for testdata/anchor/
 * g_con.idl (anchor g: an unbounded string).  Same API as l4idl's
 * generated g_con_client.h; see l4idl_handopt.h for the ABI reasoning
 * all hand-optimal amd64 stubs share.
 */
#ifndef L4IDL_G_CON_CLIENT_H
#define L4IDL_G_CON_CLIENT_H

#include "l4idl_handopt.h"

/*
 * void puts(in string s)
 * request: label 0x0040, u=0, t=2: a simple string item of strlen(s) + 1
 * bytes (the NUL travels: the server checks it), MR1 = size << 10 in
 * RAX, MR2 = s in RBX; reply: u=0.
 *
 * Instructions, and why:
 *   - strlen (a library call, counted apart); the arguments must
 *     survive it (two registers of the callee-saved kind the wrapper
 *     saves anyway);
 *   - the size must fit the string item's 22-bit field: one compare,
 *     cold L4IDL_EX_BAD_PARAM;
 *   - MR1 = (n + 1) << 10, MR2 = s;
 *   - RSI = RDX = _service, R8 = timeouts (L4IDL_HO_TIMEOUTS), R9 = tag;
 *   - one compare of the reply tag with zero.
 */
L4IDL_HO_CLIENT void con_puts(CORBA_Object _service, const CORBA_char *s, CORBA_Environment *_env)
{
    L4_Word_t _n = __builtin_strlen(s);
    if (__builtin_expect(_n > 4194302U, 0)) {
        l4idl_ho_fail_code(_env, L4IDL_EX_BAD_PARAM);
        return;
    }
    register L4_Word_t _mr0 __asm__("r9") = 0x400080U;
    register L4_Word_t _mr1 __asm__("rax") = (_n + 1) << 10;
    register L4_Word_t _mr2 __asm__("rbx") = (L4_Word_t)s;
    register L4_Word_t _to __asm__("rsi") = _service.raw;
    register L4_Word_t _from __asm__("rdx") = _service.raw;
    register L4_Word_t _tmo __asm__("r8");
    CORBA_Environment *_e = _env;
    __asm__ __volatile__ (L4IDL_HO_TIMEOUTS L4IDL_HO_IPC
        : "+r" (_mr0), "+r" (_mr1), "+r" (_mr2), "+r" (_to), "+r" (_from), "=&r" (_tmo), "+c" (_e)
        : L4IDL_HO_TIMEOUTS_OFFSET
        : "r10", "r12", "r13", "r14", "r15", L4IDL_HO_IPC_CLOBBERS);
    /* Out of the register variables at once: GCC keeps an explicit
     * register variable in its register only for asm operands, and a
     * call that is not inlined (l4idl_utcb at -fno-inline) would
     * destroy it. */
    L4_Word_t _tag = _mr0;
    if (__builtin_expect(_tag != 0, 0) && (_tag & ~(L4_Word_t)0x7000) != 0)
        l4idl_ho_fail(_env, _tag);
}

#endif /* L4IDL_G_CON_CLIENT_H */
