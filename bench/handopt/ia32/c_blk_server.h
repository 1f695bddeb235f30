/*
 * c_blk_server.h - hand-optimal ia32 server loop for testdata/anchor/
 * c_blk.idl.  Same API as l4idl's generated c_blk_server.h; see
 * l4idl_handopt.h for the ABI reasoning all hand-optimal ia32 stubs share.
 */
#ifndef L4IDL_C_BLK_SERVER_H
#define L4IDL_C_BLK_SERVER_H

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

/* Implementations (the application defines them). */
void blk_write_implementation(CORBA_Object _caller, const blk_buf_t *buf, idl4_server_environment *_env);

/*
 * Sends the reply of write deferred by idl4_set_no_response() (label 0,
 * u=0, send timeout zero, no receive phase); returns 0 or L4IDL_EX_IPC |
 * the kernel's error code.
 */
static inline int blk_write_reply(CORBA_Object _client)
{
    L4_Word_t *_utcb = l4idl_utcb();
    L4_Word_t _a = _client.raw, _d = 0, _c = L4IDL_TIMEOUTS_REPLY, _mr0 = 0;
    __asm__ __volatile__ ("call __L4_Ipc"
        : "+a" (_a), "+S" (_mr0), "+c" (_c), "+d" (_d)
        : "D" (_utcb)
        : "ebx", "ebp", "memory", "cc");
    return (_mr0 & 0x8000) ? L4IDL_EX_IPC | (int)(_utcb[L4IDL_TCR_ERROR] & 0xF) : 0;
}

/*
 * The server loop of blk.  Per request, and why:
 *   - BR0 = 1 (accept strings), BR1 = a simple string buffer of 1024
 *     bytes (size << 10), BR2 = its address: three stores before every
 *     receive, because the implementation's own IPC may change BRs;
 *   - EAX = caller to reply to (kept in EBP), EDX = anythread,
 *     ECX = send zero / receive never;
 *   - MR0 == 0x00400080: label 0x40, u=0, t=2 in one compare;
 *   - the string item in MR1 (EBX) is checked: bits 3..9 zero (a simple
 *     string item: no compound or further substrings) and length <= 1024
 *     (the bound; the buffer is exactly the bound, so the kernel has
 *     already refused anything longer, but the server never trusts a
 *     message: one compare covers both the bound and the buffer);
 *   - the sequence the implementation gets is built on the stack
 *     (_maximum = _length = the received length, _buffer = the buffer):
 *     three stores;
 *   - reply: MR0 = 0.
 */
static inline void blk_server(void)
{
    L4_Word_t *_utcb = l4idl_utcb();
    /*
     * The caller to reply to lives in EBP: the Ipc returns it in EAX and
     * destroys EBP (MR2, which this operation does not use), and the
     * implementation call preserves EBP.  Moving it in and out of EAX
     * inside the asm costs two instructions per request; left to itself
     * GCC keeps it in a stack slot (four).
     */
    register L4_Word_t _partner __asm__("ebp") = 0; /* nilthread: the first Ipc only waits */
    L4_Word_t _mr0 = 0, _mr1;
    idl4_server_environment _senv = { 0, (void *)0 };
    L4_Word_t _rb[1024 / sizeof(L4_Word_t)]; /* write:buf */
    for (;;) {
        _utcb[L4IDL_BR(0)] = 1;
        _utcb[L4IDL_BR(1)] = (L4_Word_t)sizeof(_rb) << 10;
        _utcb[L4IDL_BR(2)] = (L4_Word_t)_rb;
        {
            L4_Word_t _c = L4IDL_TIMEOUTS_REPLY, _d = ~(L4_Word_t)0;
            __asm__ __volatile__ (
                "movl %%ebp, %%eax\n\t"
                "call __L4_Ipc\n\t"
                "movl %%eax, %%ebp"
                : "+r" (_partner), "+S" (_mr0), "=b" (_mr1), "+c" (_c), "+d" (_d)
                : "D" (_utcb)
                : "eax", "memory", "cc");
        }
        if (__builtin_expect(_mr0 == 0x400080U, 1) ||
            (_mr0 & ~(L4_Word_t)0x7000) == 0x400080U) {
            L4_Word_t _n = _mr1 >> 10;
            blk_buf_t _buf;
            if (__builtin_expect((_mr1 & 0x3F8) != 0 || _n > 1024, 0))
                goto malformed;
            _buf._maximum = (CORBA_unsigned_long)_n;
            _buf._length = (CORBA_unsigned_long)_n;
            _buf._buffer = (CORBA_octet *)_rb;
            blk_write_implementation(l4idl_tid(_partner), &_buf, &_senv);
            _mr0 = 0;
            if (__builtin_expect(_senv._action != 0, 0)) {
                int _act = _senv._action;
                _senv._action = 0;
                _mr0 = (L4_Word_t)0xFE00U << 16; /* exception: system error */
                if (_act == IDL4_NO_RESPONSE)
                    goto drop;
            }
            continue;
        }
        /* Cold path: the Ipc failed, a kernel message, or a bad request. */
        if ((_mr0 & 0x8000) || (_mr0 >> 16) >= 0xFF00)
            goto drop; /* failed Ipc or kernel message: no reply */
        if ((_mr0 >> 16) == 0x40U)
            goto malformed;
        _mr0 = (L4_Word_t)0xFE01U << 16; /* no such operation */
        continue;
    malformed:
        _mr0 = (L4_Word_t)0xFE02U << 16;
        continue;
    drop:
        _partner = 0;
        _mr0 = 0;
    }
}

#endif /* L4IDL_C_BLK_SERVER_H */
