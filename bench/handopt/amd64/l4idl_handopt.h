/*
 * l4idl_handopt.h - what every hand-optimal amd64 stub of bench/handopt
 * relies on, and the reasoning they share.
 *
 * These stubs are the "physical limit" l4idl's generator is measured
 * against (bench/README.md): for each anchor operation the shortest
 * client stub and server path a person can write for Pistachio's amd64
 * Ipc ABI (ABI sheet section 9.3) WITHOUT giving up any behaviour of the
 * generated stubs: the same API, the same errors and system-error
 * replies (docs/message-layout.md), NULL environments, timeouts and
 * receive windows from the environment, and a server that never trusts
 * a message.  backend/gcc-x86/handopt_test.go runs the full end-to-end
 * suite (hostile requests included) against them.
 *
 * The amd64 Ipc entry (call *__L4_Ipc(%rip)), and what it lets a stub
 * skip or forces it to do:
 *
 *   in:  RSI = to, RDX = FromSpecifier, R8 = Timeouts, R9 = MR0,
 *        RAX, RBX, R10, R12, R13, R14, R15 = MR1..MR7 (MR8.. in the UTCB)
 *   out: RSI = from, R9 = MR0, RAX, RBX, R10, R12..R15 = MR1..MR7;
 *        RCX, RDX, R8, R11, RBP destroyed (RDI: the stub's return address
 *        travels in it; treated as destroyed).
 *
 *   - MR1..MR7 travel in registers both ways: a request word goes from
 *     the argument register straight to its MR register (often no
 *     instruction at all when GCC can arrange it), and reply words come
 *     back in registers.  No UTCB access for messages of up to 7 words.
 *   - Every register MR4..MR7 lives in is callee-saved in the SysV ABI
 *     (RBX, R12..R15), and the kernel returns MR1..MR7 in all of them
 *     whatever u the reply had: a C function containing an Ipc pays the
 *     six pushes and pops of RBX, RBP, R12..R15 once (in its prologue and
 *     epilogue); no stub can avoid that and stay callable from C.
 *   - RBP: the generated stubs save RBP around the trap (push/pop, two
 *     instructions per Ipc site).  The hand-optimal stubs list RBP as
 *     destroyed instead; in an optimised build GCC omits the frame
 *     pointer and saves RBP once with the other callee-saved registers
 *     (a client wrapper pays that save anyway, a server loop pays nothing
 *     per request).  Unoptimised builds are refused below.
 *   - The red zone: the call of the Ipc entry pushes a return address
 *     below RSP, which would destroy anything GCC keeps in the 128-byte
 *     red zone; the generated stubs step over it (two LEAs per Ipc site).
 *     GCC uses the red zone only in leaf functions, and a function is a
 *     leaf for GCC when its only calls are tail calls (l4idl_fail(...);
 *     return; at the end of a stub is one).  The hand-optimal client
 *     stubs report failures through l4idl_ho_fail and l4idl_ho_fail_code
 *     below, whose empty volatile asm after the call keeps it out of
 *     tail position, so every function containing a client stub makes a
 *     real call; the server loops call the implementations.  Then no
 *     function that contains an Ipc site has data in the red zone, and
 *     the stubs skip the LEAs at no cost on the fast path.
 *
 * What a stub may NOT skip (each is checked by the end-to-end suite):
 *   - the client's reply-tag check (label, u, t; the propagation flags
 *     0x7000 are masked on the cold path only), IPC errors reported into
 *     a non-NULL environment by l4idl_fail;
 *   - the server's checks of every request (label and u/t as one word
 *     compare, typed item kinds, string lengths against bounds and
 *     buffers), system-error replies 0xFE01/0xFE02/0xFE00, no reply to
 *     kernel messages and oneway requests, deferred replies;
 *   - copies of request values out of registers / the UTCB before the
 *     implementation runs: the implementation may itself do IPC (forward
 *     the request, call another server), which overwrites the MRs;
 *     pointers into the UTCB as parameters would change semantics.
 *     Likewise the acceptor and string buffers are set before every
 *     receive, because an implementation's own IPC may change BRs.
 */
#ifndef L4IDL_HANDOPT_AMD64_H
#define L4IDL_HANDOPT_AMD64_H

#if !defined(__x86_64__)
#error "bench/handopt/amd64: these hand-optimal stubs are for amd64"
#endif

#ifndef __OPTIMIZE__
#error "bench/handopt/amd64: the hand-optimal stubs give RBP to the Ipc and need an optimised build (-O1 or more, without -fno-omit-frame-pointer)"
#endif

#include "l4idl_corba.h"

/*
 * L4IDL_HO_CLIENT declares the client stubs: static inline, so that each
 * is inlined into its caller like l4idl's.  backend/gcc-x86/
 * handopt_test.go also builds them as functions of their own (defining
 * it as static __attribute__((noinline, unused))), so that the inline
 * assembly is checked with the arguments in the stub's stack frame, as
 * in the measuring programs' wrappers.
 */
#ifndef L4IDL_HO_CLIENT
#define L4IDL_HO_CLIENT static inline
#endif

/*
 * L4IDL_HO_TIMEOUTS: asm text that sets R8 = the Ipc timeouts word from
 * RCX = the client's environment pointer: its _timeout, or 0
 * (never/never) for NULL.  jrcxz tests and branches in one instruction;
 * with R8 zeroed first that is three instructions (GCC's C conditional:
 * four), and none to move the pointer when it already is the caller's
 * fourth argument (RCX).  The asm passes L4IDL_HO_TIMEOUTS_OFFSET as an
 * input operand named "to", the pointer as "+c" and R8 as an output.
 */
#define L4IDL_HO_TIMEOUTS \
    "xorl %%r8d, %%r8d\n\t" \
    "jrcxz 1f\n\t" \
    "movq %c[to](%%rcx), %%r8\n" \
    "1:\t"
/*
 * L4IDL_HO_TIMEOUTS_KEEP ... L4IDL_HO_ENV_BACK: the same, with the
 * environment pointer pushed first and popped back into RCX after the
 * Ipc, for the cold path after it (l4idl_ho_fail): no register survives
 * the Ipc, and GCC would otherwise give the pointer a stack slot of its
 * own (frame adjustment, store, release: three instructions against
 * two).  The stack below RSP is free: no function containing a stub
 * uses the red zone (see above).
 */
#define L4IDL_HO_TIMEOUTS_KEEP \
    "pushq %%rcx\n\t" \
    L4IDL_HO_TIMEOUTS
#define L4IDL_HO_ENV_BACK \
    "\n\tpopq %%rcx"
#define L4IDL_HO_TIMEOUTS_OFFSET \
    [to] "i" (__builtin_offsetof(CORBA_Environment, _timeout))

/*
 * l4idl_ho_fail, l4idl_ho_fail_code: l4idl_fail and l4idl_fail_code
 * (cold, out of line) called so that the call is never a tail call: the
 * empty volatile asm must run after it.  See the red zone above.
 */
static inline void l4idl_ho_fail(CORBA_Environment *env, L4_Word_t tag)
{
    l4idl_fail(env, tag);
    __asm__ __volatile__ ("");
}

static inline void l4idl_ho_fail_code(CORBA_Environment *env, int code)
{
    l4idl_fail_code(env, code);
    __asm__ __volatile__ ("");
}

/* The Ipc call and what it destroys besides its operands. */
#define L4IDL_HO_IPC "call *__L4_Ipc(%%rip)"
#define L4IDL_HO_IPC_CLOBBERS "rdi", "r11", "rbp", "memory", "cc"

#endif /* L4IDL_HANDOPT_AMD64_H */
