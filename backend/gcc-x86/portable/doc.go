// Package portable is the portable style of the gcc-x86 backend
// (`l4idl gen --style portable`): the same stub API as package gccx86
// (<base>_client.h with <iface>_<op>() client stubs, <base>_server.h with
// the <iface>_server() loop, the <iface>_<op>_implementation prototypes
// and the <iface>_<op>_reply() deferred-reply stubs), printed in the
// deliberately generic shape of a portable IDL compiler. It is the
// baseline the stub-cost report (internal/stubcost) holds the optimal
// style against, so it is correct but not specialised:
//
//   - every value is marshalled with one out-of-line helper call
//     (l4idl_put_long(&_msg, mr, bit, v), l4idl_put_string_item, ...;
//     l4idl_portable.h, all noinline) into an L4_Msg_t, a memory copy of
//     MR0..MR63, which is then copied into the message registers
//     (L4_LoadMRs) and sent with the generic L4_Ipc of <l4/ipc.h>;
//   - the receiver copies the message registers out into an L4_Msg_t
//     (L4_StoreMRs), checks it and unmarshals every value with one
//     helper call (l4idl_get_long, l4idl_is_string_item, ...);
//   - the server dispatches on the label through a plain switch and
//     builds its reply in a second buffer, sent by the next receive.
//
// The layout is the IR's: every MR, bit, item, label, receive buffer,
// record, union arm and fpage sequence comes from ir.Layout, and the
// checks are those docs/message-layout.md requires of generated code
// (shape, item types, lengths, bounds, NULs, counts; system-error replies
// for malformed requests). The C mapping is backend/cmap's, the C printer
// backend/cgen's; the implementation template is the optimal style's.
package portable
