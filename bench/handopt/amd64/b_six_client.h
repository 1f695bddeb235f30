/*
 * b_six_client.h - hand-optimal amd64 client stub for testdata/anchor/
 * b_six.idl (anchor b: six scalars in, two out).  Same API as l4idl's
 * generated b_six_client.h; see l4idl_handopt.h for the ABI reasoning
 * all hand-optimal amd64 stubs share.
 */
#ifndef L4IDL_B_SIX_CLIENT_H
#define L4IDL_B_SIX_CLIENT_H

#include "l4idl_handopt.h"

/*
 * void op6(in long a, in long b, in long c, in long d, in long e, in long f,
 *          out long x, out long y)
 * request: label 0x0040, u=6: MR1..MR6 = a..f in RAX, RBX, R10, R12,
 * R13, R14; reply: u=2 (x in RAX, y in RBX).
 *
 * Instructions, and why:
 *   - a..e arrive in argument registers and move to their MR registers
 *     (one move each; f comes from the stack);
 *   - RSI = RDX = _service, R8 = timeouts (L4IDL_HO_TIMEOUTS, with the
 *     environment, a stack argument, loaded into RCX), R9 = tag;
 *   - one compare of the reply tag (label 0, u=2, t=0);
 *   - x = RAX, y = RBX through the out pointers (stack arguments, loaded
 *     after the Ipc: no register survives it).
 * No UTCB access at all.
 */
L4IDL_HO_CLIENT void six_op6(CORBA_Object _service, CORBA_long a, CORBA_long b, CORBA_long c, CORBA_long d, CORBA_long e, CORBA_long f, CORBA_long *x, CORBA_long *y, CORBA_Environment *_env)
{
    register L4_Word_t _mr0 __asm__("r9") = 0x400006U;
    register L4_Word_t _mr1 __asm__("rax") = (L4_Word_t)(CORBA_unsigned_long)a;
    register L4_Word_t _mr2 __asm__("rbx") = (L4_Word_t)(CORBA_unsigned_long)b;
    register L4_Word_t _mr3 __asm__("r10") = (L4_Word_t)(CORBA_unsigned_long)c;
    register L4_Word_t _mr4 __asm__("r12") = (L4_Word_t)(CORBA_unsigned_long)d;
    register L4_Word_t _mr5 __asm__("r13") = (L4_Word_t)(CORBA_unsigned_long)e;
    register L4_Word_t _mr6 __asm__("r14") = (L4_Word_t)(CORBA_unsigned_long)f;
    register L4_Word_t _to __asm__("rsi") = _service.raw;
    register L4_Word_t _from __asm__("rdx") = _service.raw;
    register L4_Word_t _tmo __asm__("r8");
    CORBA_Environment *_e = _env;
    __asm__ __volatile__ (L4IDL_HO_TIMEOUTS L4IDL_HO_IPC
        : "+r" (_mr0), "+r" (_mr1), "+r" (_mr2), "+r" (_mr3), "+r" (_mr4), "+r" (_mr5), "+r" (_mr6),
          "+r" (_to), "+r" (_from), "=&r" (_tmo), "+c" (_e)
        : L4IDL_HO_TIMEOUTS_OFFSET
        : "r15", L4IDL_HO_IPC_CLOBBERS);
    /* Out of the register variables at once: GCC keeps an explicit
     * register variable in its register only for asm operands, and a
     * call that is not inlined (l4idl_utcb at -fno-inline) would
     * destroy it. */
    L4_Word_t _tag = _mr0;
    L4_Word_t _w1 = _mr1;
    L4_Word_t _w2 = _mr2;
    if (__builtin_expect(_tag != 0x2U, 0) && (_tag & ~(L4_Word_t)0x7000) != 0x2U) {
        l4idl_ho_fail(_env, _tag);
        return;
    }
    *x = (CORBA_long)_w1;
    *y = (CORBA_long)_w2;
}

#endif /* L4IDL_B_SIX_CLIENT_H */
