package ir

import (
	"math/big"
	"strings"

	"github.com/l4idl/l4idl/parser/diag"
)

// Program is a checked IDL compilation unit: the main file and everything
// it includes and imports, with names resolved, constants folded and
// interfaces flattened. It is machine independent; Lower turns it into
// message layouts for one ABI.
type Program struct {
	// File is the main file's name as given.
	File string
	// Types are the named types (typedefs, structs, unions, enums,
	// exceptions, natives) in declaration order, imported ones included
	// (marked Imported), so a backend can declare them in order.
	Types []*Type
	// Consts are the constants in declaration order.
	Consts []*Const
	// Interfaces are all interfaces in declaration order (forward
	// declarations resolved), imported ones included (marked Imported).
	Interfaces []*Interface
}

// Const is a named constant.
type Const struct {
	Name  []string // scoped name
	Type  *Type
	Value Value
	Pos   diag.Pos
	// Imported marks constants from imported files (incl. #define
	// constants of C headers).
	Imported bool
}

// ScopedName returns the name joined with "::".
func (c *Const) ScopedName() string { return strings.Join(c.Name, "::") }

// ValueKind classifies a constant value.
type ValueKind int

// Constant value kinds.
const (
	IntValue ValueKind = iota
	FloatValue
	StringValue
	BoolValue
	CharValue // Int holds the code point
)

// Value is a folded constant.
type Value struct {
	Kind  ValueKind
	Int   *big.Int // IntValue, CharValue
	Float float64  // FloatValue
	Str   string   // StringValue
	Bool  bool     // BoolValue
}

// Interface is a checked interface with its inherited operations
// flattened in.
type Interface struct {
	Name []string // scoped name
	Pos  diag.Pos
	// ID is the interface number (label bits 6..15 by IDL4's convention):
	// the [uuid(n)] value when given, else assigned deterministically.
	ID         uint64
	IDExplicit bool
	// Bases are the direct base interfaces in the order written.
	Bases []*Interface
	// Ops are the operations a server of this interface implements: the
	// interface's own, then inherited ones (each base interface once,
	// depth-first in declaration order, diamonds once). Attribute accessors
	// appear as _get_x / _set_x operations.
	Ops []*Operation
	// Imported marks interfaces declared in imported files.
	Imported bool
	// Local marks [local] interfaces (no stubs).
	Local bool
	// Attrs are the DCE attributes written on the interface.
	Attrs []Attr
}

// ScopedName returns the name joined with "::".
func (i *Interface) ScopedName() string { return strings.Join(i.Name, "::") }

// OwnOps returns the operations declared in this interface itself (not
// inherited).
func (i *Interface) OwnOps() []*Operation {
	var own []*Operation
	for _, op := range i.Ops {
		if op.Iface == i {
			own = append(own, op)
		}
	}
	return own
}

// KernelMsg names the kernel protocol an operation receives instead of a
// user request ([kernelmsg(idl4::...)]).
type KernelMsg string

// The kernel message protocols (ABI sheet §12).
const (
	KernelNone        KernelMsg = ""
	KernelPagefault   KernelMsg = "pagefault"
	KernelInterrupt   KernelMsg = "interrupt"
	KernelSigma0RPC   KernelMsg = "sigma0rpc"
	KernelStartup     KernelMsg = "startup"
	KernelPreemption  KernelMsg = "preemption"
	KernelIOPagefault KernelMsg = "iopagefault"
	KernelException   KernelMsg = "exception"
)

// Operation is a checked operation.
type Operation struct {
	Name string
	Pos  diag.Pos
	// Iface is the interface that declares the operation (for inherited
	// operations, the base interface).
	Iface *Interface
	// FuncID is the function number (label bits 0..5): the [uuid(n)] value
	// when given, else assigned deterministically.
	FuncID         uint64
	FuncIDExplicit bool
	// Label is the request label: Iface.ID<<6 | FuncID, or the kernel
	// protocol's label for kernel messages.
	Label uint64
	// KernelMsg is set for operations that handle kernel messages.
	KernelMsg KernelMsg
	Oneway    bool
	// Result is the return type (Basic(Void) for none).
	Result *Type
	Params []*Param
	// Raises lists the exception types the operation may raise, in order.
	Raises []*Type
	// Attribute is set for _get_x/_set_x operations made from an attribute.
	Attribute string
	// Attrs are the DCE attributes written on the operation.
	Attrs []Attr
}

// Dir is a parameter's direction.
type Dir int

// Parameter directions.
const (
	In Dir = iota + 1
	Out
	InOut
)

// String returns in, out or inout.
func (d Dir) String() string {
	switch d {
	case In:
		return "in"
	case Out:
		return "out"
	case InOut:
		return "inout"
	}
	return "?"
}

// Sends reports whether the parameter travels in the request.
func (d Dir) Sends() bool { return d == In || d == InOut }

// Returns reports whether the parameter travels in the reply.
func (d Dir) Returns() bool { return d == Out || d == InOut }

// Param is a checked operation parameter.
type Param struct {
	Name string
	Pos  diag.Pos
	Dir  Dir
	// Type is the parameter's IDL type after DCE pointer and attribute
	// interpretation: `[in, size_is(n)] char *buf` becomes a Sequence of
	// char whose length comes from n; `[string] char *s` a String; an
	// `[out] long *x` just long (the pointer is the C mapping's business).
	Type *Type
	// Pointers is the number of '*' written in a DCE declarator (kept for
	// the C mapping).
	Pointers int
	// SizeIs, LengthIs, MaxIs name the parameter that holds the element
	// count (size_is / length_is / max_is) of a DCE sized parameter.
	SizeIs, LengthIs, MaxIs *Param
	// Prealloc marks [prealloc]: the caller provides the receive buffer.
	Prealloc bool
	// Grant marks an fpage parameter sent as a grant item instead of a map
	// item.
	Grant bool
	// Attrs are the DCE attributes written on the parameter.
	Attrs []Attr
	// Presented is set for a [transmit_as(T)] buffer: the element type as
	// declared (the C mapping's pointee), while Type describes what
	// travels (a sequence or array of T).
	Presented *Type
}
