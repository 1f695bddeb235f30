/*
 * g_con_server.h - hand-optimal ia32 server loop for testdata/anchor/
 * g_con.idl.  Same API as l4idl's generated g_con_server.h; see
 * l4idl_handopt.h for the ABI reasoning all hand-optimal ia32 stubs share.
 */
#ifndef L4IDL_G_CON_SERVER_H
#define L4IDL_G_CON_SERVER_H

#include "l4idl_handopt.h"

/* Implementations (the application defines them). */
void con_puts_implementation(CORBA_Object _caller, const CORBA_char *s, idl4_server_environment *_env);

/*
 * Sends the reply of puts deferred by idl4_set_no_response() (label 0,
 * u=0, send timeout zero, no receive phase); returns 0 or L4IDL_EX_IPC |
 * the kernel's error code.
 */
static inline int con_puts_reply(CORBA_Object _client)
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
 * The server loop of con.  Per request, and why:
 *   - BR0 = 1 (accept strings), BR1 = a simple string buffer of
 *     L4IDL_STRING_MAX bytes, BR2 = its address: three stores before
 *     every receive (the implementation's own IPC may change BRs);
 *   - EAX = caller to reply to (kept in EBP), EDX = anythread,
 *     ECX = send zero / receive never;
 *   - MR0 == 0x00400080: label 0x40, u=0, t=2 in one compare;
 *   - the string item (MR1, in EBX): bits 3..9 zero (a simple string
 *     item), 1 <= length <= the buffer, and the last byte received is
 *     the NUL: the implementation gets a C string and must not run past
 *     the buffer whatever the client sent.  Length 0 and the NUL test
 *     are one compare each; 1 <= length <= size is one unsigned compare
 *     of length - 1;
 *   - reply: MR0 = 0.
 */
static inline void con_server(void)
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
    L4_Word_t _rb[(L4IDL_STRING_MAX + sizeof(L4_Word_t) - 1) / sizeof(L4_Word_t)]; /* puts:s */
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
            L4_Word_t _last = (_mr1 >> 10) - 1; /* index of the NUL */
            if (__builtin_expect((_mr1 & 0x3F8) != 0 || _last >= sizeof(_rb) ||
                                 ((const CORBA_char *)_rb)[_last] != 0, 0))
                goto malformed;
            con_puts_implementation(l4idl_tid(_partner), (CORBA_char *)_rb, &_senv);
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

#endif /* L4IDL_G_CON_SERVER_H */
