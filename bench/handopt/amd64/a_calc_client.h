/*
 * a_calc_client.h - hand-optimal amd64 client stub for testdata/anchor/
 * a_calc.idl (anchor a: two scalars in, one back).  Same API as l4idl's
 * generated a_calc_client.h; see l4idl_handopt.h for the ABI reasoning
 * all hand-optimal amd64 stubs share.
 */
#ifndef L4IDL_A_CALC_CLIENT_H
#define L4IDL_A_CALC_CLIENT_H

#include "l4idl_handopt.h"

/*
 * long add(in long a, in long b)
 * request: label 0x0040, u=2 (MR1 = a in RAX, MR2 = b in RBX);
 * reply: u=1 (MR1 = the result, in RAX).
 *
 * Instructions a round trip needs, and why:
 *   - a, b: argument registers -> RAX, RBX (one move each);
 *   - RSI = RDX = _service (a call: send to it, closed receive from it);
 *   - R8 = timeouts from the environment (L4IDL_HO_TIMEOUTS);
 *   - R9 = the tag; call the Ipc entry (R10, R12..R15 destroyed);
 *   - one compare of the returned MR0 with the expected tag (label 0,
 *     u=1, t=0); the rare tags go to the cold path;
 *   - the result is MR1 = RAX, already the return register.
 * No UTCB access at all.
 */
L4IDL_HO_CLIENT CORBA_long calc_add(CORBA_Object _service, CORBA_long a, CORBA_long b, CORBA_Environment *_env)
{
    register L4_Word_t _mr0 __asm__("r9") = 0x400002U;
    register L4_Word_t _mr1 __asm__("rax") = (L4_Word_t)(CORBA_unsigned_long)a;
    register L4_Word_t _mr2 __asm__("rbx") = (L4_Word_t)(CORBA_unsigned_long)b;
    register L4_Word_t _to __asm__("rsi") = _service.raw;
    register L4_Word_t _from __asm__("rdx") = _service.raw;
    register L4_Word_t _tmo __asm__("r8");
    CORBA_Environment *_e = _env;
    __asm__ __volatile__ (L4IDL_HO_TIMEOUTS_KEEP L4IDL_HO_IPC L4IDL_HO_ENV_BACK
        : "+r" (_mr0), "+r" (_mr1), "+r" (_mr2), "+r" (_to), "+r" (_from), "=&r" (_tmo), "+c" (_e)
        : L4IDL_HO_TIMEOUTS_OFFSET
        : "r10", "r12", "r13", "r14", "r15", L4IDL_HO_IPC_CLOBBERS);
    /* Out of the register variables at once: GCC keeps an explicit
     * register variable in its register only for asm operands, and a
     * call that is not inlined (l4idl_utcb at -fno-inline) would
     * destroy it. */
    L4_Word_t _tag = _mr0;
    L4_Word_t _w1 = _mr1;
    CORBA_Environment * _ev = _e;
    if (__builtin_expect(_tag != 0x1U, 0) && (_tag & ~(L4_Word_t)0x7000) != 0x1U) {
        l4idl_ho_fail(_ev, _tag);
        return 0;
    }
    return (CORBA_long)_w1;
}

#endif /* L4IDL_A_CALC_CLIENT_H */
