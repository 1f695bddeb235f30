/*
 * c_blk_client.h - hand-optimal amd64 client stub for testdata/anchor/
 * c_blk.idl (anchor c: a bounded sequence sent as a string item).  Same
 * API as l4idl's generated c_blk_client.h; see l4idl_handopt.h for the
 * ABI reasoning all hand-optimal amd64 stubs share.
 */
#ifndef L4IDL_C_BLK_CLIENT_H
#define L4IDL_C_BLK_CLIENT_H

#include "l4idl_handopt.h"

#ifndef L4IDL_TYPES_C_BLK_H
#define L4IDL_TYPES_C_BLK_H

#ifndef _l4idl_defined_CORBA_sequence_octet
#define _l4idl_defined_CORBA_sequence_octet
typedef struct {
    CORBA_unsigned_long _maximum;
    CORBA_unsigned_long _length;
    CORBA_octet *_buffer;
} CORBA_sequence_octet;
#endif
typedef CORBA_sequence_octet blk_buf_t;

#endif /* L4IDL_TYPES_C_BLK_H */

/*
 * void write(in buf_t buf)   (sequence<octet, 1024>)
 * request: label 0x0040, u=0, t=2: one simple string item, MR1 = length
 * << 10 in RAX, MR2 = the address in RBX; reply: u=0.
 *
 * Instructions, and why:
 *   - the length is checked against the bound (1024) before anything is
 *     sent (L4IDL_EX_BAD_PARAM, cold): one compare;
 *   - MR1 = length << 10 (load, shift), MR2 = buffer (load);
 *   - RSI = RDX = _service, R8 = timeouts (L4IDL_HO_TIMEOUTS), R9 = tag;
 *   - one compare of the reply tag with zero.
 */
L4IDL_HO_CLIENT void blk_write(CORBA_Object _service, const blk_buf_t *buf, CORBA_Environment *_env)
{
    L4_Word_t _n = buf->_length;
    if (__builtin_expect(_n > 1024, 0)) {
        l4idl_ho_fail_code(_env, L4IDL_EX_BAD_PARAM);
        return;
    }
    register L4_Word_t _mr0 __asm__("r9") = 0x400080U;
    register L4_Word_t _mr1 __asm__("rax") = _n << 10;
    register L4_Word_t _mr2 __asm__("rbx") = (L4_Word_t)buf->_buffer;
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
    CORBA_Environment * _ev = _e;
    if (__builtin_expect(_tag != 0, 0) && (_tag & ~(L4_Word_t)0x7000) != 0)
        l4idl_ho_fail(_ev, _tag);
}

#endif /* L4IDL_C_BLK_CLIENT_H */
