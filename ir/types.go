package ir

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/l4idl/l4idl/parser/diag"
)

// Kind classifies a Type.
type Kind int

// Type kinds. Scalar kinds have a fixed size except the word-sized ones
// (Word, SignedWord, ThreadID, Fpage, ObjRef), whose size is the ABI's word.
const (
	Invalid Kind = iota
	Void
	Boolean    // CORBA boolean: 8 bits in memory, 0 or 1
	Char       // 8-bit character (CORBA char, C char)
	WChar      // 32-bit wide character (wchar_t on the L4 targets)
	Octet      // unsigned 8-bit
	Int8       // signed 8-bit (C signed char from imported headers)
	Short      // signed 16-bit
	UShort     // unsigned 16-bit
	Long       // signed 32-bit (CORBA long, C int)
	ULong      // unsigned 32-bit
	LongLong   // signed 64-bit
	ULongLong  // unsigned 64-bit
	Float      // IEEE single
	Double     // IEEE double
	LongDouble // C long double (size from the ABI)
	Word       // unsigned machine word (IDL4 word, L4_Word_t, C unsigned long)
	SignedWord // signed machine word (IDL4 signed_word, C long)
	ThreadID   // L4 thread id, one word (IDL4 threadid, L4_ThreadId_t)
	Fpage      // L4 flexpage, one word; sent as a map/grant item
	ObjRef     // interface reference (CORBA Object): a thread id on L4
	Enum       // enumeration, sent as a 32-bit value
	Struct     // structure (also exception bodies)
	Union      // discriminated union
	Array      // fixed-size array (one dimension; nest for more)
	Sequence   // sequence<T> / sequence<T,N>, or a DCE sized pointer
	String     // string / string<N> / DCE [string] char*
	WString    // wstring / wstring<N>
	Native     // native type: opaque to l4idl, only usable where not sent
	Alias      // typedef: a name for Elem
)

var kindNames = [...]string{"invalid", "void", "boolean", "char", "wchar", "octet", "int8",
	"short", "unsigned short", "long", "unsigned long", "long long", "unsigned long long",
	"float", "double", "long double", "word", "signed_word", "threadid", "fpage", "Object",
	"enum", "struct", "union", "array", "sequence", "string", "wstring", "native", "typedef"}

// String returns the IDL spelling of the kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Type is a checked IDL type. Named types (typedefs, structs, unions,
// enums, exceptions, natives) are unique pointers shared by every use;
// anonymous ones (sequence<...>, arrays, bounded strings) are created
// where they are written.
type Type struct {
	Kind Kind
	// Name is the scoped name of a named type (nil for anonymous types
	// and built-ins), e.g. ["mod", "iface", "buf_t"].
	Name []string
	// Pos is where the type was declared (named types) or written.
	Pos diag.Pos

	// Elem is the aliased type (Alias), the element type (Array,
	// Sequence), or nil.
	Elem *Type
	// Len is the element count of an Array, or the bound of a Sequence,
	// String or WString (0 = unbounded).
	Len int64

	// Fields are the members of a Struct (or exception).
	Fields []*Field
	// Disc is the discriminator type of a Union; Arms its cases. Disc is
	// nil for a C-style union without discriminator (IDL4 and C headers
	// allow them; every arm then has no labels and Default unset).
	Disc *Type
	Arms []*UnionArm
	// DiscName and UnionName are the names a DCE encapsulated union gives
	// its discriminator and its union part ("union switch (long d) u"),
	// for the C mapping; empty for CORBA unions.
	DiscName, UnionName string
	// Enumerators are the values of an Enum, in declaration order.
	Enumerators []*Enumerator

	// Exception marks a Struct that is an exception body.
	Exception bool
	// Imported marks a type declared in an imported file (IDL or C header):
	// backends refer to it but do not declare it.
	Imported bool
	// FromC marks a type read from an imported C header.
	FromC bool
	// Attrs are the DCE attributes written on the typedef, if any.
	Attrs []Attr

	// PointsTo is set on a Word that carries a pointer's value (IDL4's
	// "ref T", a pointer member of a shared-memory struct): the value
	// travels as one machine word and PointsTo is the pointee, for the C
	// mapping.
	PointsTo *Type
}

// Field is a struct or exception member, or the member of a union arm.
type Field struct {
	Name string
	Type *Type
	Pos  diag.Pos
	// Size, when non-nil, says which sibling field holds the element count
	// of a DCE sized pointer member (size_is/length_is); it is one of the
	// enclosing struct's Fields.
	Size *Field
	// Attrs are the DCE attributes written on the member.
	Attrs []Attr
	// Bits is the width of a C bit-field member (IDL4 accepts them in
	// structs that describe shared memory), 0 for ordinary members. The
	// checker rejects sending a struct with bit-fields.
	Bits int
}

// UnionArm is one case of a discriminated union.
type UnionArm struct {
	// Labels are the case label values (converted to the discriminator's
	// type); empty for the default arm.
	Labels []*big.Int
	// Default marks the default arm.
	Default bool
	// Field is the arm's member; nil for an empty arm.
	Field *Field
	Pos   diag.Pos
}

// Enumerator is one value of an enum.
type Enumerator struct {
	Name  string
	Value int64
	Pos   diag.Pos
}

// Attr is a DCE attribute as written ([name(args)]), kept for backends
// that want to see attributes l4idl accepted but did not interpret.
type Attr struct {
	Name string
	// Args are the arguments as source text, one per comma-separated
	// argument.
	Args []string
	Pos  diag.Pos
}

// Underlying follows typedef chains and returns the first non-Alias type.
func (t *Type) Underlying() *Type {
	for t != nil && t.Kind == Alias {
		t = t.Elem
	}
	return t
}

// ScopedName returns the name joined with "::" ("" for anonymous types).
func (t *Type) ScopedName() string { return strings.Join(t.Name, "::") }

// String returns a readable spelling of the type for messages and dumps:
// the scoped name of named types, otherwise an IDL-like description.
func (t *Type) String() string {
	if t == nil {
		return "<nil>"
	}
	if len(t.Name) > 0 {
		return t.ScopedName()
	}
	switch t.Kind {
	case Array:
		return fmt.Sprintf("%s[%d]", t.Elem, t.Len)
	case Sequence:
		if t.Len > 0 {
			return fmt.Sprintf("sequence<%s, %d>", t.Elem, t.Len)
		}
		return fmt.Sprintf("sequence<%s>", t.Elem)
	case String, WString:
		if t.Len > 0 {
			return fmt.Sprintf("%s<%d>", t.Kind, t.Len)
		}
	}
	return t.Kind.String()
}

// IsScalar reports whether the (underlying) type is a single integer,
// character, boolean, floating, enum or word-sized L4 value.
func (t *Type) IsScalar() bool {
	switch t.Underlying().Kind {
	case Boolean, Char, WChar, Octet, Int8, Short, UShort, Long, ULong, LongLong, ULongLong,
		Float, Double, LongDouble, Word, SignedWord, ThreadID, Fpage, ObjRef, Enum:
		return true
	}
	return false
}

// IsInteger reports whether the (underlying) type is an integer type
// usable as a length or discriminator (integers, chars, booleans, enums,
// words).
func (t *Type) IsInteger() bool {
	switch t.Underlying().Kind {
	case Boolean, Char, WChar, Octet, Int8, Short, UShort, Long, ULong, LongLong, ULongLong,
		Word, SignedWord, Enum:
		return true
	}
	return false
}

// IsSigned reports whether an integer type is signed.
func (t *Type) IsSigned() bool {
	switch t.Underlying().Kind {
	case Char, Int8, Short, Long, LongLong, SignedWord:
		return true
	}
	return false
}

// Bits returns the width in bits of a scalar type on abi (0 for
// non-scalars).
func (t *Type) Bits(abi *ABI) int {
	switch t.Underlying().Kind {
	case Boolean, Char, Octet, Int8:
		return 8
	case Short, UShort:
		return 16
	case Long, ULong, Float, Enum, WChar:
		return 32
	case LongLong, ULongLong, Double:
		return 64
	case LongDouble:
		return abi.LongDoubleSize * 8
	case Word, SignedWord, ThreadID, Fpage, ObjRef:
		return abi.WordBits
	}
	return 0
}

// Basic returns the shared built-in type of a scalar or string kind
// (unbounded for String/WString).
func Basic(k Kind) *Type { return basics[k] }

var basics = func() map[Kind]*Type {
	m := map[Kind]*Type{}
	for k := Void; k <= ObjRef; k++ {
		m[k] = &Type{Kind: k}
	}
	m[String] = &Type{Kind: String}
	m[WString] = &Type{Kind: WString}
	return m
}()
