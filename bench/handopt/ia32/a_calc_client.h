/*
 * a_calc_client.h - hand-optimal ia32 client stub for testdata/anchor/
 * a_calc.idl (anchor a: two scalars in, one back).  Same API as l4idl's
 * generated a_calc_client.h; see l4idl_handopt.h for the ABI reasoning
 * all hand-optimal ia32 stubs share.
 */
#ifndef L4IDL_A_CALC_CLIENT_H
#define L4IDL_A_CALC_CLIENT_H

#include "l4idl_handopt.h"

/*
 * long add(in long a, in long b)
 * request: label 0x0040, u=2 (MR1 = a, MR2 = b); reply: u=1 (MR1 = result).
 *
 * Instructions a round trip needs, and why:
 *   - mov %gs:0 -> EDI (the trap wants P in EDI anyway);
 *   - a, b: cdecl stack argument -> UTCB MR1/MR2 (load + store each:
 *     only MR0 is a register on the way in);
 *   - EAX = EDX = _service (closed receive from the callee: a call);
 *   - ECX = timeouts from the environment, 0 (never/never) for NULL
 *     (L4IDL_HO_TIMEOUTS: jecxz and one load);
 *   - ESI = the tag as an immediate; call the Ipc entry;
 *   - one compare of the returned MR0 with the expected tag (label 0,
 *     u=1, t=0; error bit 15 and propagation flags make it differ); the
 *     rare tags (propagated reply, error) go to the cold path;
 *   - the result is MR1, which comes back in EBX.
 */
L4IDL_HO_CLIENT CORBA_long calc_add(CORBA_Object _service, CORBA_long a, CORBA_long b, CORBA_Environment *_env)
{
    L4_Word_t *_utcb = l4idl_utcb();
    L4_Word_t _a = _service.raw, _d = _service.raw;
    L4_Word_t _c = (L4_Word_t)_env, _mr0 = 0x400002U, _mr1;
    _utcb[1] = (L4_Word_t)a;
    _utcb[2] = (L4_Word_t)b;
    __asm__ __volatile__ (L4IDL_HO_TIMEOUTS "call __L4_Ipc"
        : "+a" (_a), "+S" (_mr0), "=b" (_mr1), "+c" (_c), "+d" (_d)
        : "D" (_utcb), L4IDL_HO_TIMEOUTS_OFFSET
        : "ebp", "memory", "cc");
    if (__builtin_expect(_mr0 != 0x1U, 0) && (_mr0 & ~(L4_Word_t)0x7000) != 0x1U) {
        l4idl_fail(_env, _mr0);
        return 0;
    }
    return (CORBA_long)_mr1;
}

#endif /* L4IDL_A_CALC_CLIENT_H */
