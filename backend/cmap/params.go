package cmap

import (
	"github.com/l4idl/l4idl/ir"
)

// Class says how a value is represented and passed in C.
type Class int

// Value classes.
const (
	// Scalar: integers, characters, booleans, enums, floating point,
	// words; passed by value.
	Scalar Class = iota
	// Handle: one-word L4 structs (L4_ThreadId_t, CORBA_Object,
	// L4_Fpage_t); passed by value, the word is their raw member.
	Handle
	// FpageItem: idl4_fpage_t {base, fpage}, sent as a map or grant item;
	// passed by value.
	FpageItem
	// Aggregate: structs and unions; in parameters by const pointer.
	Aggregate
	// ArrayValue: fixed-size arrays; passed as C arrays.
	ArrayValue
	// StringValue: string and wstring, CORBA_char * / CORBA_wchar *.
	StringValue
	// SeqValue: CORBA sequences, struct { _maximum, _length, _buffer }.
	SeqValue
	// DCEBuffer: a DCE sized pointer ([size_is(n)] T *p): a plain C
	// pointer to the elements; the count is another parameter.
	DCEBuffer
	// Unsupported: void, natives and other types that have no value.
	Unsupported
)

// ClassOf classifies a type.
func ClassOf(t *ir.Type) Class {
	u := t.Underlying()
	if u == nil {
		return Unsupported
	}
	switch u.Kind {
	case ir.Boolean, ir.Char, ir.WChar, ir.Octet, ir.Int8, ir.Short, ir.UShort, ir.Long, ir.ULong,
		ir.LongLong, ir.ULongLong, ir.Float, ir.Double, ir.LongDouble, ir.Word, ir.SignedWord, ir.Enum:
		return Scalar
	case ir.ThreadID, ir.ObjRef:
		return Handle
	case ir.Fpage:
		if IsL4Fpage(t) {
			return Handle
		}
		return FpageItem
	case ir.Struct, ir.Union:
		return Aggregate
	case ir.Array:
		return ArrayValue
	case ir.String, ir.WString:
		return StringValue
	case ir.Sequence:
		return SeqValue
	}
	return Unsupported
}

// IsL4Fpage reports whether an fpage-kind type is spelled L4_Fpage_t in
// C (a one-word struct, as read from <l4/types.h>) rather than IDL4's
// two-word idl4_fpage_t.
func IsL4Fpage(t *ir.Type) bool {
	for ; t != nil; t = t.Elem {
		if len(t.Name) > 0 && t.FromC {
			return true
		}
		if t.Kind != ir.Alias {
			break
		}
	}
	return false
}

// ParamClass classifies a parameter: sequences written as DCE sized
// pointers are DCEBuffers.
func ParamClass(p *ir.Param) Class {
	c := ClassOf(p.Type)
	if c == SeqValue && p.Pointers > 0 && len(p.Type.Name) == 0 {
		return DCEBuffer
	}
	return c
}

// Side selects a parameter convention.
type Side int

// Parameter conventions.
const (
	// ClientSide is the client stub's signature: in values by value or
	// const pointer, out and inout values by pointer.
	ClientSide Side = iota
	// ServerSide is the implementation function's signature: as the
	// client's, with in scalars const (as IDL4 writes them).
	ServerSide
	// ReplySide is a deferred reply stub's signature: the values of the
	// reply passed like in parameters.
	ReplySide
)

// ParamDecl returns the C declaration of parameter p for a side. The
// mapping (docs: backend/gcc-x86/doc.go) is the CORBA C mapping as IDL4
// uses it, except that out strings and sequences are always buffers the
// caller provides: out strings are CORBA_char * buffers (bound+1 bytes,
// or L4IDL_STRING_MAX for unbounded strings), out sequences arrive in the
// caller's _buffer of _maximum elements.
func (m *Mapper) ParamDecl(p *ir.Param, side Side) string {
	name := Ident(p.Name)
	in := p.Dir == ir.In || side == ReplySide
	return m.valueDecl(p.Type, ParamClass(p), name, in, side == ServerSide && p.Dir == ir.In)
}

// ValueDecl returns the declaration of a value of type t passed as an in
// value (in) or an out value, for reply-stub arguments of return values.
func (m *Mapper) ValueDecl(t *ir.Type, name string, in bool) string {
	return m.valueDecl(t, ClassOf(t), name, in, false)
}

func (m *Mapper) valueDecl(t *ir.Type, c Class, name string, in, constScalar bool) string {
	switch c {
	case Scalar, Handle, FpageItem:
		if in {
			if constScalar {
				return "const " + m.Decl(t, name)
			}
			return m.Decl(t, name)
		}
		return m.Decl(t, "*"+name)
	case Aggregate, SeqValue:
		if in {
			return "const " + m.Decl(t, "*"+name)
		}
		return m.Decl(t, "*"+name)
	case ArrayValue:
		if in {
			return "const " + m.Decl(t, name)
		}
		return m.Decl(t, name)
	case StringValue:
		if in {
			return "const " + m.Decl(t, name)
		}
		return m.Decl(t, name)
	case DCEBuffer:
		elem := &ir.Type{Kind: ir.Word, PointsTo: t.Underlying().Elem}
		if in {
			return "const " + m.Decl(elem, name)
		}
		return m.Decl(elem, name)
	}
	return m.Decl(t, name)
}

// ReturnType returns the C return type of an operation result ("void"
// for none). ok is false for results C cannot return (arrays).
func (m *Mapper) ReturnType(t *ir.Type) (string, bool) {
	u := t.Underlying()
	if u == nil || u.Kind == ir.Void {
		return "void", true
	}
	if ClassOf(t) == ArrayValue || ClassOf(t) == Unsupported {
		return "", false
	}
	return m.TypeName(t), true
}
