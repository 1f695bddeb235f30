/*
 * b_six_server.h - hand-optimal ia32 server loop for testdata/anchor/
 * b_six.idl.  Same API as l4idl's generated b_six_server.h; see
 * l4idl_handopt.h for the ABI reasoning all hand-optimal ia32 stubs share.
 */
#ifndef L4IDL_B_SIX_SERVER_H
#define L4IDL_B_SIX_SERVER_H

#include "l4idl_handopt.h"

/* Implementations (the application defines them). */
void six_op6_implementation(CORBA_Object _caller, const CORBA_long a, const CORBA_long b, const CORBA_long c, const CORBA_long d, const CORBA_long e, const CORBA_long f, CORBA_long *x, CORBA_long *y, idl4_server_environment *_env);

/*
 * Sends the reply of op6 deferred by idl4_set_no_response() (MR1 = x,
 * MR2 = y, label 0, u=2, send timeout zero, no receive phase); returns 0
 * or L4IDL_EX_IPC | the kernel's error code.
 */
static inline int six_op6_reply(CORBA_Object _client, CORBA_long x, CORBA_long y)
{
    L4_Word_t *_utcb = l4idl_utcb();
    L4_Word_t _a = _client.raw, _d = 0, _c = L4IDL_TIMEOUTS_REPLY, _mr0 = 0x2U;
    _utcb[1] = (L4_Word_t)x;
    _utcb[2] = (L4_Word_t)y;
    __asm__ __volatile__ ("call __L4_Ipc"
        : "+a" (_a), "+S" (_mr0), "+c" (_c), "+d" (_d)
        : "D" (_utcb)
        : "ebx", "ebp", "memory", "cc");
    return (_mr0 & 0x8000) ? L4IDL_EX_IPC | (int)(_utcb[L4IDL_TCR_ERROR] & 0xF) : 0;
}

/*
 * The server loop of six.  Per request, and why:
 *   - BR0 = 0, EAX = caller to reply to, EDX = anythread, ECX = send
 *     zero / receive never (see a_calc_server.h);
 *   - MR0 == 0x00400006: label 0x40, u=6, t=0 in one compare;
 *   - the implementation is called from assembly: GCC, given the call in
 *     C, loads MR3..MR6 into registers, spills them and its own copies
 *     of the out values and pushes from the spill slots (about ten
 *     instructions more).  By hand every one of the ten cdecl arguments
 *     is one push: &_senv, &y, &x, MR6..MR3 straight from the UTCB
 *     (push from memory), MR2, MR1 (EBX), the caller's id (kept in EBP,
 *     callee-saved, for the reply: the xchg after the Ipc moves MR2 to
 *     EAX);
 *   - x and y are two pushed zeros (an implementation that does not set
 *     them sends zeros, as the generated server does), copied to MR1
 *     and MR2 after the call: the implementation's own IPC may use the
 *     MRs, so out-parameters cannot point into the UTCB;
 *   - reply: MR0 = label 0, u=2.
 * The assembly call needs a non-PIC build (call of the implementation
 * by name), as runtime/hosted's flags (-fno-pic -fno-pie) give.
 */
static inline void six_server(void)
{
    L4_Word_t *_utcb = l4idl_utcb();
    /* The caller to reply to lives in EBP (see a_calc_server.h). */
    register L4_Word_t _partner __asm__("ebp") = 0; /* nilthread: the first Ipc only waits */
    L4_Word_t _mr0 = 0, _mr1;
    idl4_server_environment _senv = { 0, (void *)0 };
    for (;;) {
        _utcb[L4IDL_BR(0)] = 0;
        {
            L4_Word_t _mr2;
            L4_Word_t _c = L4IDL_TIMEOUTS_REPLY, _d = ~(L4_Word_t)0;
            __asm__ __volatile__ (
                "movl %%ebp, %%eax\n\t"
                "call __L4_Ipc\n\t"
                "xchgl %%eax, %%ebp"
                : "+r" (_partner), "=a" (_mr2), "+S" (_mr0), "=b" (_mr1), "+c" (_c), "+d" (_d)
                : "D" (_utcb)
                : "memory", "cc");
            if (__builtin_expect(_mr0 == 0x400006U, 1) ||
                (_mr0 & ~(L4_Word_t)0x7000) == 0x400006U) {
                /*
                 * The call in assembly (see above).  ESP is aligned to 16
                 * bytes first (ESI keeps the old value: callee-saved, and
                 * MR0 is dead here): GCC sees no call in this function
                 * and need not keep its frame aligned.  y and x are two
                 * pushed zeros; with them 12 words are pushed, so the
                 * call is 16-byte aligned; after it they are copied to
                 * MR1 and MR2 (u=2: only the reply reads them).
                 */
                __asm__ __volatile__ (
                    "leal %[senv], %%ecx\n\t"
                    "movl %%esp, %%esi\n\t"
                    "andl $-16, %%esp\n\t"
                    "pushl $0\n\t"
                    "pushl $0\n\t"
                    "movl %%esp, %%edx\n\t"
                    "pushl %%ecx\n\t"
                    "leal 4(%%edx), %%ecx\n\t"
                    "pushl %%ecx\n\t"
                    "pushl %%edx\n\t"
                    "pushl 24(%%edi)\n\t"
                    "pushl 20(%%edi)\n\t"
                    "pushl 16(%%edi)\n\t"
                    "pushl 12(%%edi)\n\t"
                    "pushl %%eax\n\t"
                    "pushl %%ebx\n\t"
                    "pushl %%ebp\n\t"
                    "call %P[impl]\n\t"
                    "movl 40(%%esp), %%ecx\n\t"
                    "movl %%ecx, 4(%%edi)\n\t"
                    "movl 44(%%esp), %%ecx\n\t"
                    "movl %%ecx, 8(%%edi)\n\t"
                    "movl %%esi, %%esp"
                    : "+a" (_mr2), "+S" (_mr0), [senv] "+m" (_senv)
                    : "b" (_mr1), "r" (_partner), "D" (_utcb), [impl] "i" (six_op6_implementation)
                    : "ecx", "edx", "memory", "cc");
                if (__builtin_expect(_senv._action != 0, 0)) {
                    int _act = _senv._action;
                    _senv._action = 0;
                    _mr0 = (L4_Word_t)0xFE00U << 16; /* exception: system error */
                    if (_act == IDL4_NO_RESPONSE)
                        goto drop;
                    continue;
                }
                _mr0 = 0x2U;
                continue;
            }
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

#endif /* L4IDL_B_SIX_SERVER_H */
