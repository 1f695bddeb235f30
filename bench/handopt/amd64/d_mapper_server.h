/*
 * d_mapper_server.h - hand-optimal amd64 server loop for testdata/anchor/
 * d_mapper.idl.  Same API as l4idl's generated d_mapper_server.h; see
 * l4idl_handopt.h for the ABI reasoning all hand-optimal amd64 stubs
 * share.
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
    register L4_Word_t _mr0 __asm__("r9") = 0x80U;
    register L4_Word_t _mr1 __asm__("rax") = (page.base & ~(L4_Word_t)0x3FF) | 8;
    register L4_Word_t _mr2 __asm__("rbx") = page.fpage;
    register L4_Word_t _to __asm__("rsi") = _client.raw;
    register L4_Word_t _from __asm__("rdx") = 0;
    register L4_Word_t _tmo __asm__("r8") = L4IDL_TIMEOUTS_REPLY;
    __asm__ __volatile__ (L4IDL_HO_IPC
        : "+r" (_mr0), "+r" (_mr1), "+r" (_mr2), "+r" (_to), "+r" (_from), "+r" (_tmo)
        :
        : "rcx", "r10", "r12", "r13", "r14", "r15", L4IDL_HO_IPC_CLOBBERS);
    return (_mr0 & 0x8000) ? L4IDL_EX_IPC | (int)(l4idl_utcb()[L4IDL_TCR_ERROR] & 0xF) : 0;
}

/*
 * The server loop of mapper.  Per request, and why:
 *   - BR0 = 0, RSI = caller to reply to, RDX = anythread, R8 = send
 *     zero / receive never (see a_calc_server.h);
 *   - MR0 == 0x00400001: label 0x40, u=1, t=0 in one compare;
 *   - addr = MR1 (RAX) goes to an argument register; the out fpage is a
 *     stack pair zeroed before the call (an implementation that does not
 *     set it maps nothing);
 *   - reply: the map item in RAX (send base with its low 10 bits
 *     replaced by the map item type 8) and RBX (the fpage): no UTCB
 *     store; MR0 = label 0, t=2.
 */
static inline void mapper_server(void)
{
    L4_Word_t _partner = 0, _tag = 0, _w1 = 0, _w2 = 0;
    idl4_server_environment _senv = { 0, (void *)0 };
    for (;;) {
        l4idl_utcb()[L4IDL_BR(0)] = 0;
        {
            register L4_Word_t _mr0 __asm__("r9") = _tag;
            register L4_Word_t _mr1 __asm__("rax") = _w1;
            register L4_Word_t _mr2 __asm__("rbx") = _w2;
            register L4_Word_t _to __asm__("rsi") = _partner;
            register L4_Word_t _from __asm__("rdx") = ~(L4_Word_t)0;
            register L4_Word_t _tmo __asm__("r8") = L4IDL_TIMEOUTS_REPLY;
            __asm__ __volatile__ (L4IDL_HO_IPC
                : "+r" (_mr0), "+r" (_mr1), "+r" (_mr2), "+r" (_to), "+r" (_from), "+r" (_tmo)
                :
                : "rcx", "r10", "r12", "r13", "r14", "r15", L4IDL_HO_IPC_CLOBBERS);
            _tag = _mr0;
            _w1 = _mr1;
            _partner = _to;
        }
        if (__builtin_expect(_tag == 0x400001U, 1) ||
            (_tag & ~(L4_Word_t)0x7000) == 0x400001U) {
            idl4_fpage_t _page = { 0, 0 };
            mapper_map_implementation(l4idl_tid(_partner), (CORBA_long)_w1, &_page, &_senv);
            /* The reply words go to _w1, _w2 (RAX, RBX) at once, also
             * when the reply is an exception: the request's MR1 is then
             * dead across the call (no callee-saved register for it). */
            _w1 = (_page.base & ~(L4_Word_t)0x3FF) | 8;
            _w2 = _page.fpage;
            if (__builtin_expect(_senv._action != 0, 0)) {
                int _act = _senv._action;
                _senv._action = 0;
                _tag = (L4_Word_t)0xFE00U << 16; /* exception: system error */
                if (_act == IDL4_NO_RESPONSE)
                    goto drop;
                continue;
            }
            _tag = 0x80U;
            continue;
        }
        /* Cold path: the Ipc failed, a kernel message, or a bad request. */
        if ((_tag & 0x8000) || (_tag >> 16) >= 0xFF00)
            goto drop; /* failed Ipc or kernel message: no reply */
        _tag = (_tag >> 16) == 0x40U ? (L4_Word_t)0xFE02U << 16 : (L4_Word_t)0xFE01U << 16;
        continue;
    drop:
        _partner = 0;
        _tag = 0;
    }
}

#endif /* L4IDL_D_MAPPER_SERVER_H */
