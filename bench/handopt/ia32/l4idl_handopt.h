/*
 * l4idl_handopt.h - what every hand-optimal ia32 stub of bench/handopt
 * relies on, and the reasoning they share.
 *
 * These stubs are the "physical limit" l4idl's generator is measured
 * against (bench/README.md): for each anchor operation the shortest
 * client stub and server path a person can write for Pistachio's ia32
 * Ipc ABI (ABI sheet section 9.2) WITHOUT giving up any behaviour of the
 * generated stubs: the same API, the same errors and system-error
 * replies (docs/message-layout.md), NULL environments, timeouts and
 * receive windows from the environment, and a server that never trusts
 * a message.  backend/gcc-x86/handopt_test.go runs the full end-to-end
 * suite (hostile requests included) against them.
 *
 * The ia32 Ipc entry, and what it lets a stub skip or forces it to do:
 *
 *   in:  EAX = to, EDX = FromSpecifier, ECX = Timeouts, ESI = MR0,
 *        EDI = P (the UTCB, MR1.. in memory at P+4*i)
 *   out: EAX = from, ESI = MR0, EBX = MR1, EBP = MR2, EDI = P;
 *        ECX, EDX destroyed.
 *
 *   - Only MR0 travels in a register on the way in: every other request
 *     word costs exactly one store into the UTCB (and one load when it
 *     comes from a cdecl stack argument).  Nothing cheaper exists.
 *   - MR1 and MR2 come back in EBX and EBP.  The stubs use them from the
 *     registers and never store them into the UTCB (the library's
 *     L4_Ipc does, for C code that reads MRs from memory; a stub does not
 *     need it).  MR3.. are read from the UTCB.
 *   - EBP: the generated stubs save EBP around the trap (push/pop: two
 *     instructions at every Ipc site) because EBP may be GCC's frame
 *     pointer.  The hand-optimal stubs instead tell GCC that the Ipc
 *     writes EBP (a clobber, or MR2 as an output bound to EBP).  In an
 *     optimised build GCC omits the frame pointer and then saves EBP once
 *     in the prologue with the other callee-saved registers the Ipc
 *     destroys (EBX, ESI, EDI): a client wrapper pays its 4 pushes and 4
 *     pops whatever the stub does, and a server loop pays nothing per
 *     request.  An unoptimised build (or -fno-omit-frame-pointer) keeps
 *     EBP as the frame pointer and cannot give it to an asm; the check
 *     below turns that into a clear error instead of GCC's "bp cannot be
 *     used in 'asm' here".
 *   - EDI = P on both sides of the trap, so the UTCB pointer loaded once
 *     (mov %gs:0) stays in EDI for the whole stub or server loop.
 *   - The red zone does not exist on ia32; the call of the Ipc entry
 *     needs nothing around it.
 *
 * What a stub may NOT skip (each is checked by the end-to-end suite):
 *   - the client's reply-tag check (label, u, t; the propagation flags
 *     0x7000 are masked on the cold path only), IPC errors reported into
 *     a non-NULL environment by l4idl_fail;
 *   - the server's checks of every request (label and u/t as one word
 *     compare, typed item kinds, string lengths against bounds and
 *     buffers), system-error replies 0xFE01/0xFE02/0xFE00, no reply to
 *     kernel messages and oneway requests, deferred replies;
 *   - copies of request values out of the UTCB before the implementation
 *     runs: the implementation may itself do IPC (forward the request,
 *     call another server), which overwrites the MRs; pointers into the
 *     UTCB as in-parameters or out-parameters would change semantics.
 *     Likewise the acceptor and string buffers are set before every
 *     receive, because an implementation's own IPC may change BRs.
 */
#ifndef L4IDL_HANDOPT_IA32_H
#define L4IDL_HANDOPT_IA32_H

#if !defined(__i386__) || defined(__x86_64__)
#error "bench/handopt/ia32: these hand-optimal stubs are for ia32"
#endif

#ifndef __OPTIMIZE__
#error "bench/handopt/ia32: the hand-optimal stubs give EBP to the Ipc and need an optimised build (-O1 or more, without -fno-omit-frame-pointer)"
#endif

/*
 * GCC keeps the frame pointer at -Os on ia32; with -fomit-frame-pointer
 * the stubs work there too (say so with -DL4IDL_HANDOPT_OMIT_FP).
 */
#if defined(__OPTIMIZE_SIZE__) && !defined(L4IDL_HANDOPT_OMIT_FP)
#error "bench/handopt/ia32: at -Os GCC keeps EBP as the frame pointer; build with -fomit-frame-pointer -DL4IDL_HANDOPT_OMIT_FP"
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
 * L4IDL_HO_TIMEOUTS: asm text that turns ECX = the client's environment
 * pointer into ECX = the Ipc timeouts word: the environment's _timeout,
 * or 0 (never/never) for a NULL environment.  NULL is 0 = never/never,
 * so the NULL case needs no instruction of its own, and jecxz tests and
 * branches in one: two instructions after GCC has put the pointer into
 * ECX (GCC, given the C conditional, zeroes ECX, loads the pointer,
 * tests, branches, loads it again: five).  The asm that uses it passes
 * L4IDL_HO_TIMEOUTS_OFFSET as an input operand named "to".
 */
#define L4IDL_HO_TIMEOUTS \
    "jecxz 1f\n\t" \
    "movl %c[to](%%ecx), %%ecx\n" \
    "1:\t"
/*
 * L4IDL_HO_TIMEOUTS_KEEP ... L4IDL_HO_ENV_BACK: the same, but the
 * environment pointer is pushed first and popped into ECX after the Ipc,
 * so that the cold path after the Ipc (l4idl_fail) has it in ECX.  Two
 * instructions; used where the stub needs every other register across
 * the Ipc and GCC would otherwise copy the pointer into a stack slot of
 * its own (frame adjustment, store, load: three or four).  The Ipc does
 * not care about the stack below ESP, and ia32 has no red zone.
 */
#define L4IDL_HO_TIMEOUTS_KEEP \
    "pushl %%ecx\n\t" \
    L4IDL_HO_TIMEOUTS
#define L4IDL_HO_ENV_BACK \
    "\n\tpopl %%ecx"
#define L4IDL_HO_TIMEOUTS_OFFSET \
    [to] "i" (__builtin_offsetof(CORBA_Environment, _timeout))

#endif /* L4IDL_HANDOPT_IA32_H */
