/*
 * b_six_client.h - hand-optimal ia32 client stub for testdata/anchor/
 * b_six.idl (anchor b: six scalars in, two out).  Same API as l4idl's
 * generated b_six_client.h; see l4idl_handopt.h for the ABI reasoning
 * all hand-optimal ia32 stubs share.
 */
#ifndef L4IDL_B_SIX_CLIENT_H
#define L4IDL_B_SIX_CLIENT_H

#include "l4idl_handopt.h"

/*
 * void op6(in long a, in long b, in long c, in long d, in long e, in long f,
 *          out long x, out long y)
 * request: label 0x0040, u=6 (MR1..MR6 = a..f); reply: u=2 (MR1 = x,
 * MR2 = y).
 *
 * Instructions, and why:
 *   - a..f: load + store each into MR1..MR6 (only MR0 is a register on
 *     the way in): twelve, the bulk of this stub;
 *   - EAX = EDX = _service, ECX = timeouts (L4IDL_HO_TIMEOUTS), ESI = tag;
 *   - one compare of the reply tag (label 0, u=2, t=0);
 *   - x = MR1 (EBX) and y = MR2 (EBP) are stored through the out
 *     pointers; they and the environment pointer are pushed before the
 *     Ipc and popped after it (every register the Ipc leaves alone holds
 *     an MR, so they cannot stay in registers across it; GCC would copy
 *     each into a stack slot of its own and load it back).
 */
L4IDL_HO_CLIENT void six_op6(CORBA_Object _service, CORBA_long a, CORBA_long b, CORBA_long c, CORBA_long d, CORBA_long e, CORBA_long f, CORBA_long *x, CORBA_long *y, CORBA_Environment *_env)
{
    L4_Word_t *_utcb = l4idl_utcb();
    L4_Word_t _a = _service.raw, _d = _service.raw;
    L4_Word_t _c = (L4_Word_t)_env, _mr0 = 0x400006U, _mr1;
    register L4_Word_t _mr2 __asm__("ebp");
    _utcb[1] = (L4_Word_t)a;
    _utcb[2] = (L4_Word_t)b;
    _utcb[3] = (L4_Word_t)c;
    _utcb[4] = (L4_Word_t)d;
    _utcb[5] = (L4_Word_t)e;
    _utcb[6] = (L4_Word_t)f;
    /*
     * x, y and the environment are needed after the Ipc, which leaves
     * no register free: pushed before it, popped into EAX, EDX and ECX
     * (all destroyed or dead after the trap) after it.  x may be pushed
     * straight from memory (often the caller's argument slot); y must
     * come from a register: a second ESP-relative operand would be off
     * by the first push.
     */
    __asm__ __volatile__ (
        "pushl %[x]\n\t"
        "pushl %[y]\n\t"
        L4IDL_HO_TIMEOUTS_KEEP "call __L4_Ipc" L4IDL_HO_ENV_BACK "\n\t"
        "popl %%edx\n\t"
        "popl %%eax"
        : "+a" (_a), "+S" (_mr0), "=b" (_mr1), "=r" (_mr2), "+c" (_c), "+d" (_d)
        : "D" (_utcb), [x] "g" (x), [y] "r" (y), L4IDL_HO_TIMEOUTS_OFFSET
        : "memory", "cc");
    if (__builtin_expect(_mr0 != 0x2U, 0) && (_mr0 & ~(L4_Word_t)0x7000) != 0x2U) {
        l4idl_fail((CORBA_Environment *)_c, _mr0);
        return;
    }
    *(CORBA_long *)_a = (CORBA_long)_mr1;
    *(CORBA_long *)_d = (CORBA_long)_mr2;
}

#endif /* L4IDL_B_SIX_CLIENT_H */
