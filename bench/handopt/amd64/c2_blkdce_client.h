/*
 * c2_blkdce_client.h - hand-optimal amd64 client stub for testdata/
 * anchor/c2_blkdce.idl (anchor c2: DCE [length_is] array, sent as a
 * string item, its length also in its own word).  Same API as l4idl's
 * generated c2_blkdce_client.h; see l4idl_handopt.h for the ABI
 * reasoning all hand-optimal amd64 stubs share.
 */
#ifndef L4IDL_C2_BLKDCE_CLIENT_H
#define L4IDL_C2_BLKDCE_CLIENT_H

#include "l4idl_handopt.h"

/*
 * void write([in] long len, [in, length_is(len)] char *buf)
 * request: label 0x0040, u=1, t=2: MR1 = len (RAX), a simple string item
 * MR2 = len << 10 (RBX), MR3 = buf (R10); reply: u=0.
 *
 * Instructions, and why:
 *   - len must fit the string item's 22-bit length field (unsigned
 *     compare: a negative len fails too), cold L4IDL_EX_BAD_PARAM;
 *   - the three MR registers: moves and one shift;
 *   - RSI = RDX = _service, R8 = timeouts (L4IDL_HO_TIMEOUTS), R9 = tag;
 *   - one compare of the reply tag with zero.
 */
L4IDL_HO_CLIENT void blkdce_write(CORBA_Object _service, CORBA_long len, const CORBA_char *buf, CORBA_Environment *_env)
{
    L4_Word_t _n = (L4_Word_t)(CORBA_unsigned_long)len;
    if (__builtin_expect(_n > 4194303U, 0)) {
        l4idl_ho_fail_code(_env, L4IDL_EX_BAD_PARAM);
        return;
    }
    register L4_Word_t _mr0 __asm__("r9") = 0x400081U;
    register L4_Word_t _mr1 __asm__("rax") = _n;
    register L4_Word_t _mr2 __asm__("rbx") = _n << 10;
    register L4_Word_t _mr3 __asm__("r10") = (L4_Word_t)buf;
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

#endif /* L4IDL_C2_BLKDCE_CLIENT_H */
