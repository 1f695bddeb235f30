// Package gccx86 is l4idl's first backend: C with GCC inline assembly for
// the ia32 and amd64 L4 X.2 ABIs. It prints, per IDL file,
//
//   - <base>_client.h: one static inline stub per operation,
//     <iface>_<op>(CORBA_Object _service, params..., CORBA_Environment *_env),
//     that stores the request's words into the Ipc registers and the UTCB
//     as the IR places them, makes one Ipc (call), compares the returned
//     tag with the expected one in a single test, and decodes the reply;
//   - <base>_server.h: per interface the dispatch loop <iface>_server(),
//     the prototypes of the <iface>_<op>_implementation functions, and
//     deferred reply stubs <iface>_<op>_reply(). On ia32 implementations
//     take their first three arguments in registers (regparm(3), the
//     support header's L4IDL_IMPL): the server header defines each
//     implementation's name as a macro that adds the attribute, so
//     IDL4-style definitions compile unchanged (a program that calls an
//     implementation itself, or takes its address, must do so after
//     #undef of that name or through the server loop);
//   - <base>_template.c: implementation skeletons with the right
//     signatures;
//   - l4idl_corba.h: the support header every generated file includes.
//
// The backend never decides placement: every MR, bit, register, item and
// receive buffer comes from the ir.Layout (for the partner's side of a
// message it uses the ABI's other register list: a server receives
// requests in ABI.RecvRegs and sends replies from ABI.SendRegs). The C
// mapping is backend/cmap's.
//
// # Ipc sites
//
// ia32 (ABI sheet §9.2): "call __L4_Ipc" (a code symbol) with EAX = to,
// ECX = timeouts, EDX = from specifier, ESI = MR0, EDI = UTCB pointer;
// MR1 and MR2 come back in EBX and EBP and are used from the registers.
// EBP is pushed around the call (it may be the frame pointer) and MR2
// moved to ECX, which the kernel destroys anyway. amd64 (§9.3):
// "call *__L4_Ipc(%rip)" (a pointer variable) with MR0..MR7 in R9, RAX,
// RBX, R10, R12..R15 both ways; RBP is pushed below the 128-byte red zone,
// which the call's return address would otherwise clobber. The UTCB
// pointer is read from %gs:0.
//
// Values that must survive a client's Ipc cross it on the stack inside
// the asm instead of in a spill slot: on ia32 the pointer of a single
// returned parameter (pushed from EBX, popped into EDX), on amd64 _env
// (in RCX). amd64 clients take the UTCB pointer back from RDI (§9.3).
// A client's timeouts word is derived from _env inside the asm: on ia32
// ECX = _env, then jecxz skips the load of _timeout (NULL already is the
// never/never word 0); on amd64 R8 is zeroed and jrcxz skips the load
// from RCX = _env. Operations with a receive window keep GCC's C
// conditional, which shares one NULL test with the acceptor.
// amd64 Ipcs do not step over the red zone, except in deferred-reply
// stubs: client stubs call l4idl_nonleaf (noinline) before l4idl_fail on
// their failure path, and the server loop on its failed-Ipc path, so the
// function around them is never a leaf (the call is never in tail
// position), even with the implementations inlined into it, and GCC
// and Clang keep data below the stack pointer only in leaf functions. A
// send-only Ipc (oneway requests, deferred replies) leaves MR1..MR7 and
// so their amd64 registers unchanged (§7): they are not clobbers there.
//
// # Protocol
//
// Reply labels follow docs/message-layout.md: 0 success, k+1 exception k
// of raises(...), 0xFE00|code system errors (1 unknown operation, 2
// malformed request, 3 no buffer; 0xFE00 alone when an implementation
// raised an exception its operation does not declare). Clients mask the
// p, r and X flags (a propagated or cross-CPU reply) only on the slow
// path. The server checks label, u, t, item types, string lengths against
// bounds and NUL, counts against bounds and items, and u against inline
// lengths before it stores anything (a string item's shape, j = c = 0,
// and its length are one compare of the rotated item word; a map item's
// type one lea and test); a malformed request gets a
// system-error reply, an unknown kernel message or a malformed oneway
// request none. Receive buffers are reinstalled before every receive when
// the interface's requests can carry strings or mappings; otherwise only
// BR0 is reset to 0 (one store), so that an acceptor left open by code the
// implementation called cannot let a client map into the server. Clients
// that open BR0 for a reply close it again after the call. (The kernel
// never changes BRs, but an implementation may: its own client calls
// install their reply buffers. Skipping the reinstall would let a
// request's string land in a buffer that is no longer the server's.)
//
// # Support header
//
// l4idl_corba.h is emitted by the backend and written next to the stubs
// (guarded by L4IDL_CORBA_H, identical for every file of a target, so any
// number of generated files share it). It holds the CORBA basic types,
// CORBA_Environment (IDL4's fields: _major, _minor, _data, _timeout,
// _rcv_window; idl4_default_environment, idl4_set_rcv_window,
// CORBA_exception_id/_value/_free), idl4_server_environment
// (CORBA_exception_set, idl4_set_no_response, IDL4_NO_RESPONSE),
// idl4_fpage_t and its accessors, the L4IDL_EX_* system exception codes,
// and the stubs' internal helpers. It needs only <l4/types.h>.
//
// # Memory
//
// A client refuses (L4IDL_EX_BAD_PARAM) an unbounded string, sequence
// or DCE buffer whose length does not fit the string item's length field
// (2^22 - 1 bytes on ia32) or, on amd64, that has 2^31 elements or more.
//
// Stubs never allocate for out parameters: out strings are caller
// buffers (bound+1 characters, L4IDL_STRING_MAX for unbounded strings),
// out sequences arrive in the caller's _buffer (at most _maximum
// elements), DCE buffers hold their size_is count. Values no parameter
// can hold — string and sequence return values, string members of
// exceptions, the exception structure itself — are received into memory
// from CORBA_alloc (declared weak; supplied by the application as with
// IDL4's IDL4_NEED_MALLOC), freed by CORBA_exception_free or the caller.
// Stubs write _env only when a call fails; reset it with
// CORBA_exception_free. A NULL _env means no timeouts, no receive window
// and unreported errors.
package gccx86
