/*
 * c_blk_client.h - hand-optimal ia32 client stub for testdata/anchor/
 * c_blk.idl (anchor c: a bounded sequence sent as a string item).  Same
 * API as l4idl's generated c_blk_client.h; see l4idl_handopt.h for the
 * ABI reasoning all hand-optimal ia32 stubs share.
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
 * request: label 0x0040, u=0, t=2: MR1..MR2 = one simple string item
 * (MR1 = length << 10, MR2 = address); reply: u=0.
 *
 * Instructions, and why:
 *   - the length is checked against the bound (1024) before anything is
 *     sent: a longer sequence is the caller's error (L4IDL_EX_BAD_PARAM),
 *     and the kernel would cut it at the server's buffer anyway; one
 *     compare, the failure is cold;
 *   - MR1 = length << 10 (the string item's type bits are all zero),
 *     MR2 = the buffer address: two stores;
 *   - EAX = EDX = _service, ECX = timeouts (L4IDL_HO_TIMEOUTS), ESI = tag;
 *   - one compare of the reply tag with zero.
 */
L4IDL_HO_CLIENT void blk_write(CORBA_Object _service, const blk_buf_t *buf, CORBA_Environment *_env)
{
    L4_Word_t *_utcb = l4idl_utcb();
    L4_Word_t _n = buf->_length;
    if (__builtin_expect(_n > 1024, 0)) {
        l4idl_fail_code(_env, L4IDL_EX_BAD_PARAM);
        return;
    }
    L4_Word_t _a = _service.raw, _d = _service.raw;
    L4_Word_t _c = (L4_Word_t)_env, _mr0 = 0x400080U;
    _utcb[1] = _n << 10;
    _utcb[2] = (L4_Word_t)buf->_buffer;
    __asm__ __volatile__ (L4IDL_HO_TIMEOUTS_KEEP "call __L4_Ipc" L4IDL_HO_ENV_BACK
        : "+a" (_a), "+S" (_mr0), "+c" (_c), "+d" (_d)
        : "D" (_utcb), L4IDL_HO_TIMEOUTS_OFFSET
        : "ebx", "ebp", "memory", "cc");
    if (__builtin_expect(_mr0 != 0, 0) && (_mr0 & ~(L4_Word_t)0x7000) != 0)
        l4idl_fail((CORBA_Environment *)_c, _mr0);
}

#endif /* L4IDL_C_BLK_CLIENT_H */
