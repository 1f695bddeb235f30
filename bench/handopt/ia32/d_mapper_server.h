/*
 * d_mapper_server.h - hand-optimal ia32 server loop for testdata/anchor/
 * d_mapper.idl.  Same API as l4idl's generated d_mapper_server.h; see
 * l4idl_handopt.h for the ABI reasoning all hand-optimal ia32 stubs share.
 */
#ifndef L4IDL_D_MAPPER_SERVER_H
#define L4IDL_D_MAPPER_SERVER_H

#include "l4idl_handopt.h"

/* Implementations (the application defines them). */
void mapper_map_implementation(CORBA_Object _caller, const CORBA_long addr, idl4_fpage_t *page, idl4_server_environment *_env);

/*
 * Sends the reply of map deferred by idl4_set_no_response() (a map item
 * of page, label 0, u=0, t=2, send timeout zero, no receive phase);
 * returns 0 or L4IDL_EX_IPC | the kernel's error code.
 */
static inline int mapper_map_reply(CORBA_Object _client, idl4_fpage_t page)
{
    L4_Word_t *_utcb = l4idl_utcb();
    L4_Word_t _a = _client.raw, _d = 0, _c = L4IDL_TIMEOUTS_REPLY, _mr0 = 0x80U;
    _utcb[1] = (page.base & ~(L4_Word_t)0x3FF) | 8;
    _utcb[2] = page.fpage;
    __asm__ __volatile__ ("call __L4_Ipc"
        : "+a" (_a), "+S" (_mr0), "+c" (_c), "+d" (_d)
        : "D" (_utcb)
        : "ebx", "ebp", "memory", "cc");
    return (_mr0 & 0x8000) ? L4IDL_EX_IPC | (int)(_utcb[L4IDL_TCR_ERROR] & 0xF) : 0;
}

/*
 * The server loop of mapper.  Per request, and why:
 *   - BR0 = 0, EAX = caller to reply to (kept in EBP), EDX =
 *     anythread, ECX = send zero / receive never (see a_calc_server.h);
 *   - MR0 == 0x00400001: label 0x40, u=1, t=0 in one compare;
 *   - the out fpage is a stack pair zeroed before the call (an
 *     implementation that does not set it maps nothing: a nil fpage);
 *     addr = MR1 (EBX) is pushed directly;
 *   - reply: the map item MR1 = send base with its low 10 bits replaced
 *     by the map item type (8; the grant bit of the base is dropped as
 *     in the generated server), MR2 = the fpage; MR0 = label 0, t=2.
 */
static inline void mapper_server(void)
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
    for (;;) {
        _utcb[L4IDL_BR(0)] = 0;
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
        if (__builtin_expect(_mr0 == 0x400001U, 1) ||
            (_mr0 & ~(L4_Word_t)0x7000) == 0x400001U) {
            idl4_fpage_t _page = { 0, 0 };
            mapper_map_implementation(l4idl_tid(_partner), (CORBA_long)_mr1, &_page, &_senv);
            if (__builtin_expect(_senv._action != 0, 0)) {
                int _act = _senv._action;
                _senv._action = 0;
                _mr0 = (L4_Word_t)0xFE00U << 16; /* exception: system error */
                if (_act == IDL4_NO_RESPONSE)
                    goto drop;
                continue;
            }
            _utcb[1] = (_page.base & ~(L4_Word_t)0x3FF) | 8;
            _utcb[2] = _page.fpage;
            _mr0 = 0x80U;
            continue;
        }
        /* Cold path: the Ipc failed, a kernel message, or a bad request. */
        if ((_mr0 & 0x8000) || (_mr0 >> 16) >= 0xFF00)
            goto drop; /* failed Ipc or kernel message: no reply */
        _mr0 = (_mr0 >> 16) == 0x40U ? (L4_Word_t)0xFE02U << 16 : (L4_Word_t)0xFE01U << 16;
        continue;
    drop:
        _partner = 0;
        _mr0 = 0;
    }
}

#endif /* L4IDL_D_MAPPER_SERVER_H */
