/*
 * d_mapper_client.h - hand-optimal ia32 client stub for testdata/anchor/
 * d_mapper.idl (anchor d: a mapping comes back).  Same API as l4idl's
 * generated d_mapper_client.h; see l4idl_handopt.h for the ABI reasoning
 * all hand-optimal ia32 stubs share.
 */
#ifndef L4IDL_D_MAPPER_CLIENT_H
#define L4IDL_D_MAPPER_CLIENT_H

#include "l4idl_handopt.h"

/*
 * void map(in long addr, out fpage page)
 * request: label 0x0040, u=1 (MR1 = addr); reply: u=0, t=2: a map item
 * (MR1 = send base | type, MR2 = the fpage).
 *
 * Instructions, and why:
 *   - MR1 = addr (load + store);
 *   - the acceptor BR0 = the environment's receive window (low 4 bits
 *     cleared: they are not part of an fpage's address/size) or 0 (no
 *     mappings) for NULL, and the timeouts word: both come from the
 *     environment, so ONE NULL test serves both (jecxz in the asm; the
 *     generated stub tests twice);
 *   - EAX = EDX = _service, ESI = tag;
 *   - after the Ipc BR0 = 0 again: every other stub of the program
 *     relies on BR0 = 0 (no mappings accepted) outside a call that asks
 *     for them, or a hostile server could map into the old window;
 *   - one compare of the reply tag (label 0, u=0, t=2), and the map
 *     item's type bits (MR1 & 0xE == 8: a map item, not a grant or
 *     string item); a wrong item is L4IDL_EX_BAD_REPLY;
 *   - page = MR1 (EBX), MR2 (EBP): two stores through the out pointer;
 *   - the out pointer and the environment pointer are needed after the
 *     Ipc, which leaves no register free: the asm pushes them before it
 *     and pops them into ECX and EDX (which the Ipc destroyed) after it,
 *     one push and one pop each (GCC would give each a stack slot of its
 *     own: frame adjustment, load, store, load).
 */
L4IDL_HO_CLIENT void mapper_map(CORBA_Object _service, CORBA_long addr, idl4_fpage_t *page, CORBA_Environment *_env)
{
    L4_Word_t *_utcb = l4idl_utcb();
    L4_Word_t _a = _service.raw, _d = _service.raw;
    L4_Word_t _c = (L4_Word_t)_env, _mr0 = 0x400001U, _mr1;
    register L4_Word_t _mr2 __asm__("ebp");
    _utcb[1] = (L4_Word_t)addr;
    __asm__ __volatile__ (
        "pushl %[page]\n\t"
        "pushl %%ecx\n\t"
        "xorl %%ebx, %%ebx\n\t"
        "jecxz 1f\n\t"
        "movl %c[rw](%%ecx), %%ebx\n\t"
        "andl $-16, %%ebx\n\t"
        "movl %c[to](%%ecx), %%ecx\n"
        "1:\tmovl %%ebx, %c[br0](%%edi)\n\t"
        "call __L4_Ipc\n\t"
        "popl %%ecx\n\t"
        "popl %%edx\n\t"
        "movl $0, %c[br0](%%edi)"
        : "+a" (_a), "+S" (_mr0), "=&b" (_mr1), "=r" (_mr2), "+c" (_c), "+d" (_d)
        : "D" (_utcb), [page] "g" (page), L4IDL_HO_TIMEOUTS_OFFSET,
          [rw] "i" (__builtin_offsetof(CORBA_Environment, _rcv_window)),
          [br0] "i" (L4IDL_BR(0) * (int)sizeof(L4_Word_t))
        : "memory", "cc");
    _env = (CORBA_Environment *)_c;
    page = (idl4_fpage_t *)_d;
    if (__builtin_expect(_mr0 != 0x80U, 0) && (_mr0 & ~(L4_Word_t)0x7000) != 0x80U) {
        l4idl_fail(_env, _mr0);
        return;
    }
    if (__builtin_expect((_mr1 & 0xE) != 8, 0)) {
        l4idl_fail_code(_env, L4IDL_EX_BAD_REPLY);
        return;
    }
    page->base = _mr1;
    page->fpage = _mr2;
}

#endif /* L4IDL_D_MAPPER_CLIENT_H */
