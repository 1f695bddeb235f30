/*
 * d_mapper_client.h - hand-optimal amd64 client stub for testdata/anchor/
 * d_mapper.idl (anchor d: a mapping comes back).  Same API as l4idl's
 * generated d_mapper_client.h; see l4idl_handopt.h for the ABI reasoning
 * all hand-optimal amd64 stubs share.
 */
#ifndef L4IDL_D_MAPPER_CLIENT_H
#define L4IDL_D_MAPPER_CLIENT_H

#include "l4idl_handopt.h"

/*
 * void map(in long addr, out fpage page)
 * request: label 0x0040, u=1 (MR1 = addr in RAX); reply: u=0, t=2: a map
 * item (MR1 = send base | type in RAX, MR2 = the fpage in RBX).
 *
 * Instructions, and why:
 *   - the acceptor BR0 = the environment's receive window (low 4 bits
 *     cleared) or 0 for NULL, and the timeouts word: both come from the
 *     environment, so ONE NULL test (jrcxz) serves both; the UTCB
 *     pointer (mov %gs:0) is needed for BR0 before and after the Ipc and
 *     cannot stay in a register across it (before it, every free
 *     register holds an Ipc operand: the asm loads it into R11, which
 *     the Ipc destroys anyway): it is read twice;
 *   - after the Ipc BR0 = 0 again: every other stub of the program
 *     relies on BR0 = 0 outside a call that asks for mappings, or a
 *     hostile server could map into the old window;
 *   - RSI = RDX = _service, R9 = tag;
 *   - one compare of the reply tag (label 0, u=0, t=2), and the map
 *     item's type bits (MR1 & 0xE == 8), L4IDL_EX_BAD_REPLY otherwise;
 *   - page = RAX, RBX: two stores through the out pointer;
 *   - the environment pointer is needed after the Ipc (cold paths),
 *     which leaves no register free: the asm pushes it before and pops
 *     it into RCX after (L4IDL_HO_ENV_BACK); the out pointer gets a
 *     stack slot from GCC (no register is free to push it from either).
 */
L4IDL_HO_CLIENT void mapper_map(CORBA_Object _service, CORBA_long addr, idl4_fpage_t *page, CORBA_Environment *_env)
{
    register L4_Word_t _mr0 __asm__("r9") = 0x400001U;
    register L4_Word_t _mr1 __asm__("rax") = (L4_Word_t)(CORBA_unsigned_long)addr;
    register L4_Word_t _mr2 __asm__("rbx");
    register L4_Word_t _to __asm__("rsi") = _service.raw;
    register L4_Word_t _from __asm__("rdx") = _service.raw;
    register L4_Word_t _tmo __asm__("r8");
    CORBA_Environment *_e = _env;
    __asm__ __volatile__ (
        "pushq %%rcx\n\t"
        "xorl %%r8d, %%r8d\n\t"
        "xorl %%ebx, %%ebx\n\t"
        "jrcxz 1f\n\t"
        "movq %c[rw](%%rcx), %%rbx\n\t"
        "andq $-16, %%rbx\n\t"
        "movq %c[to](%%rcx), %%r8\n"
        "1:\tmovq %%gs:0, %%r11\n\t"
        "movq %%rbx, %c[br0](%%r11)\n\t"
        L4IDL_HO_IPC L4IDL_HO_ENV_BACK
        : "+r" (_mr0), "+r" (_mr1), "=&r" (_mr2), "+r" (_to), "+r" (_from), "=&r" (_tmo), "+c" (_e)
        : L4IDL_HO_TIMEOUTS_OFFSET,
          [rw] "i" (__builtin_offsetof(CORBA_Environment, _rcv_window)),
          [br0] "i" (L4IDL_BR(0) * (int)sizeof(L4_Word_t))
        : "r10", "r12", "r13", "r14", "r15", L4IDL_HO_IPC_CLOBBERS);
    /* Out of the register variables at once: GCC keeps an explicit
     * register variable in its register only for asm operands, and a
     * call that is not inlined (l4idl_utcb at -fno-inline) would
     * destroy it. */
    L4_Word_t _tag = _mr0;
    L4_Word_t _w1 = _mr1;
    L4_Word_t _w2 = _mr2;
    CORBA_Environment * _ev = _e;
    l4idl_utcb()[L4IDL_BR(0)] = 0;
    if (__builtin_expect(_tag != 0x80U, 0) && (_tag & ~(L4_Word_t)0x7000) != 0x80U) {
        l4idl_ho_fail(_ev, _tag);
        return;
    }
    if (__builtin_expect((_w1 & 0xE) != 8, 0)) {
        l4idl_ho_fail_code(_ev, L4IDL_EX_BAD_REPLY);
        return;
    }
    page->base = _w1;
    __asm__ ("" : : : "memory"); /* two plain stores: GCC would pair them through SSE (four instructions) */
    page->fpage = _w2;
}

#endif /* L4IDL_D_MAPPER_CLIENT_H */
