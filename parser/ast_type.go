package parser

import (
	"strings"

	"github.com/l4idl/l4idl/parser/diag"
)

// TypeSpec is a type as written in a declaration, parameter, member or
// attribute argument. Exactly one of Base, Str (string or wstring),
// Sequence, Fixed, Struct, Union, Enum and Named is set.
//
// It is parsed by hand (parse_type.go); the first word picks the
// alternative:
//
//	TypeSpec = [ "ref" ] ( BaseType | StringType | SequenceType | FixedType
//	         | StructType | UnionType | EnumType | ScopedName ) .
type TypeSpec struct {
	Pos diag.Pos
	// Ref is set by IDL4's "ref" qualifier ("in ref short a").
	Ref bool

	Base     *BaseType
	Str      *StringType
	Sequence *SequenceType
	Fixed    *FixedType
	// Struct is an inline struct definition or a "struct tag" reference.
	Struct *StructType
	// Union is an inline union definition or a "union tag" reference.
	Union *UnionType
	// Enum is an inline enum definition or an "enum tag" reference.
	Enum *EnumType
	// Named is a reference to a declared type (typedef, struct, union,
	// enum, interface, native), possibly scoped ("a::b").
	Named *ScopedName
}

// String renders the type in IDL syntax for messages, without struct,
// union and enum bodies ("struct tag", "sequence<long, 8>", "a::b").
func (t *TypeSpec) String() string {
	if t == nil {
		return "<nil>"
	}
	var b strings.Builder
	if t.Ref {
		b.WriteString("ref ")
	}
	switch {
	case t.Base != nil:
		b.WriteString(t.Base.String())
	case t.Str != nil:
		if t.Str.Wide {
			b.WriteString("wstring")
		} else {
			b.WriteString("string")
		}
		if t.Str.Bound != nil {
			b.WriteString("<" + ExprString(t.Str.Bound) + ">")
		}
	case t.Sequence != nil:
		b.WriteString("sequence<" + t.Sequence.Elem.String())
		if t.Sequence.Bound != nil {
			b.WriteString(", " + ExprString(t.Sequence.Bound))
		}
		b.WriteString(">")
	case t.Fixed != nil:
		b.WriteString("fixed")
		if t.Fixed.Digits != nil {
			b.WriteString("<" + ExprString(t.Fixed.Digits) + ", " + ExprString(t.Fixed.Scale) + ">")
		}
	case t.Struct != nil:
		b.WriteString(tagString("struct", t.Struct.Tag))
	case t.Union != nil:
		b.WriteString(tagString("union", t.Union.Tag))
	case t.Enum != nil:
		b.WriteString(tagString("enum", t.Enum.Tag))
	case t.Named != nil:
		b.WriteString(t.Named.String())
	}
	return b.String()
}

func tagString(kw, tag string) string {
	if tag == "" {
		return kw + " <anonymous>"
	}
	return kw + " " + tag
}

// BaseKind is a built-in type, after the words that spell it have been
// combined ("unsigned long int" is BaseULong in IDL).
type BaseKind int

// The built-in types. IDL's long is 32 bits; C's long (in C headers, and
// in C header text #included into IDL) is word-sized and has its own
// kinds, BaseCLong and BaseCULong.
const (
	BaseInvalid    BaseKind = iota // an invalid combination of words
	BaseVoid                       // void
	BaseBoolean                    // boolean
	BaseChar                       // char (8 bits)
	BaseSChar                      // signed char
	BaseUChar                      // unsigned char
	BaseWChar                      // wchar
	BaseOctet                      // octet, DICE byte
	BaseShort                      // short (16 bits)
	BaseUShort                     // unsigned short
	BaseLong                       // IDL long, int; C int (32 bits)
	BaseULong                      // IDL unsigned long, unsigned; C unsigned int
	BaseLongLong                   // long long (64 bits)
	BaseULongLong                  // unsigned long long
	BaseCLong                      // C long (word-sized)
	BaseCULong                     // C unsigned long (word-sized)
	BaseFloat                      // float
	BaseDouble                     // double
	BaseLongDouble                 // long double
	BaseAny                        // CORBA any
	BaseObject                     // CORBA Object
	BaseWord                       // IDL4 word (machine word, unsigned); L4_Word_t
	BaseSignedWord                 // IDL4 signed_word
	BaseThreadID                   // IDL4 threadid; L4_ThreadId_t
	BaseFpage                      // IDL4 fpage, DICE flexpage; L4_Fpage_t
)

var baseKindNames = [...]string{
	BaseInvalid:    "<invalid>",
	BaseVoid:       "void",
	BaseBoolean:    "boolean",
	BaseChar:       "char",
	BaseSChar:      "signed char",
	BaseUChar:      "unsigned char",
	BaseWChar:      "wchar",
	BaseOctet:      "octet",
	BaseShort:      "short",
	BaseUShort:     "unsigned short",
	BaseLong:       "long",
	BaseULong:      "unsigned long",
	BaseLongLong:   "long long",
	BaseULongLong:  "unsigned long long",
	BaseCLong:      "C long",
	BaseCULong:     "C unsigned long",
	BaseFloat:      "float",
	BaseDouble:     "double",
	BaseLongDouble: "long double",
	BaseAny:        "any",
	BaseObject:     "Object",
	BaseWord:       "word",
	BaseSignedWord: "signed_word",
	BaseThreadID:   "threadid",
	BaseFpage:      "fpage",
}

// String returns the kind's IDL spelling ("C long" for the C kinds).
func (k BaseKind) String() string {
	if k >= 0 && int(k) < len(baseKindNames) {
		return baseKindNames[k]
	}
	return "BaseKind?"
}

// BaseType is a built-in type. C-style specifier words (unsigned, signed,
// short, long, int, char, double, float) combine in any order ("long
// unsigned int"); the other built-in names (void, boolean, octet, wchar,
// any, Object, DICE byte, and the L4 names fpage, flexpage, threadid,
// word, signed_word) stand alone. The L4 names are built-in types only
// where a type is expected: they remain usable as parameter and member
// names. In C header text the IDL-only names are ordinary type names
// (TypeSpec.Named), and long is word-sized (BaseCLong, BaseCULong).
type BaseType struct {
	Pos diag.Pos
	// Words are the keywords as written.
	Words []string

	// Kind is the type the words spell (BaseInvalid, with an error
	// reported, for combinations such as "short char").
	Kind BaseKind
}

// String returns the words as written.
func (b *BaseType) String() string { return strings.Join(b.Words, " ") }

// StringType is string or wstring, optionally bounded: string<80>
// (parse_type.go):
//
//	StringType = ( "string" | "wstring" ) [ "<" Expr ">" ] .
type StringType struct {
	Pos diag.Pos
	// Wide is set for wstring.
	Wide bool
	// Bound is the maximum length; nil when unbounded.
	Bound Expr
}

// SequenceType is sequence<T> or sequence<T, N> (parse_type.go):
//
//	SequenceType = "sequence" "<" TypeSpec [ "," Expr ] ">" .
type SequenceType struct {
	Pos  diag.Pos
	Elem *TypeSpec
	// Bound is the maximum length; nil when unbounded.
	Bound Expr
}

// FixedType is CORBA fixed<digits, scale> (parsed so the checker can
// reject it with a clear message). Digits and Scale are nil for a bare
// "fixed".
type FixedType struct {
	Pos    diag.Pos
	Digits Expr `parser:"'fixed' ( '<' @@"`
	Scale  Expr `parser:"',' @@ '>' )?"`
}

// StructType is "struct tag { members }", "struct { members }" or a
// reference "struct tag" (parse_decl.go):
//
//	StructType = "struct" [ Ident ] [ "{" { Member } "}" ] .
type StructType struct {
	Pos    diag.Pos
	EndPos diag.Pos
	// Tag is the struct's name ("" when anonymous); TagPos is where it
	// is written.
	Tag    string
	TagPos diag.Pos
	// Defined is set when a body was written (it may be empty); a struct
	// without a body is a reference or a forward declaration.
	Defined bool
	Members []*Member
}

// Member is a struct or exception member, or the member of a union arm:
//
//	[attrs] T a, *b, c[4], d : 3;
//
// Type is nil (and Declarators empty) for an empty DCE union arm
// ("[default] ;"); Declarators is empty for an anonymous struct or union
// member (parse_decl.go):
//
//	Member = { "[" [ Attribute { "," Attribute } [ "," ] ] "]" }
//	         [ TypeSpec [ Declarator { "," Declarator } ] ] ";" .
type Member struct {
	Pos         diag.Pos
	Attrs       []*Attribute
	Type        *TypeSpec
	Declarators []*Declarator
}

// Field is one declarator of a member list together with its member:
// "long a, *b;" is two fields sharing one Member.
type Field struct {
	Member     *Member
	Declarator *Declarator
}

// Fields lists the declarators of members in order. Members without
// declarators (an empty DCE union arm, an anonymous struct or union
// member) give one Field with a nil Declarator, so nothing is lost.
func Fields(members []*Member) []Field {
	fs := make([]Field, 0, len(members))
	for _, m := range members {
		if len(m.Declarators) == 0 {
			fs = append(fs, Field{Member: m})
			continue
		}
		for _, d := range m.Declarators {
			fs = append(fs, Field{Member: m, Declarator: d})
		}
	}
	return fs
}

// UnionType is a union in any of the forms IDL dialects use:
//
//	union U switch (long) { case 1: case 2: long a; default: char c; }  // CORBA
//	union U switch (long d) u { case 1: long a; }                        // DCE encapsulated
//	[switch_type(long)] union U { [case(1)] long a; [default] ; }        // DCE non-encapsulated
//	union { long a; char b; }                                            // C (no discriminator)
//
// or a reference "union tag" (parse_decl.go):
//
//	UnionType = "union" [ Ident ] [ UnionSwitch ] [ "{" { UnionArm } "}" ] .
//
// (the tag is any name but "switch").
type UnionType struct {
	Pos    diag.Pos
	EndPos diag.Pos
	// Tag is the union's name ("" when anonymous); TagPos is where it
	// is written.
	Tag    string
	TagPos diag.Pos
	// Switch is the discriminator of a CORBA or DCE encapsulated union;
	// nil for DCE non-encapsulated and C unions.
	Switch *UnionSwitch
	// Defined is set when a body was written.
	Defined bool
	Arms    []*UnionArm
}

// UnionSwitch is the "switch (T name) union_name" part of a union
// (parse_decl.go):
//
//	UnionSwitch = "switch" "(" TypeSpec [ Ident ] ")" [ Ident ] .
type UnionSwitch struct {
	Pos  diag.Pos
	Type *TypeSpec
	// Name is the discriminator's name (DCE encapsulated unions), or "".
	Name string
	// UnionName is the name of the union member inside the DCE
	// encapsulated struct ("union switch (long d) u { ... }"), or "".
	UnionName string
}

// UnionArm is one arm of a union: its case labels (CORBA "case 1:",
// "default:") and its member. DCE arms carry their labels as [case(...)]
// and [default] attributes on the member instead (parse_decl.go):
//
//	UnionArm = { CaseLabel } Member .
type UnionArm struct {
	Pos    diag.Pos
	Labels []*CaseLabel
	Member *Member
}

// CaseLabel is "case expr:" (Value set) or "default:" (Default set)
// (parse_decl.go):
//
//	CaseLabel = ( "case" Expr | "default" ) ":" .
type CaseLabel struct {
	Pos     diag.Pos
	Value   Expr
	Default bool
}

// EnumType is "enum tag { a, b = 2 }" or a reference "enum tag"
// (parse_decl.go):
//
//	EnumType = "enum" [ Ident ]
//	           [ "{" [ Enumerator { "," Enumerator } [ "," ] ] "}" ] .
type EnumType struct {
	Pos    diag.Pos
	EndPos diag.Pos
	// Tag is the enum's name ("" when anonymous); TagPos is where it is
	// written.
	Tag    string
	TagPos diag.Pos
	// Defined is set when a body was written.
	Defined     bool
	Enumerators []*Enumerator
}

// Enumerator is one enum constant, with an optional C-style value
// (parse_decl.go):
//
//	Enumerator = Ident [ "=" Expr ] .
type Enumerator struct {
	Pos  diag.Pos
	Name string
	// Value is the explicit value; nil when none was written.
	Value Expr
}

// Declarator names one typedef, member or parameter with its C-style
// pointer and array parts and, for struct members, a bit-field width:
//
//	**name[4][2] : 3
//
// It is parsed by hand (parse_param.go):
//
//	Declarator = { "*" } Ident { "[" [ Expr ] "]" } [ ":" Expr ] .
type Declarator struct {
	Pos diag.Pos
	// Pointers is the number of "*" before the name.
	Pointers int
	// Name is the declared name; NamePos is where it is written (Pos
	// when there are no pointers).
	Name    string
	NamePos diag.Pos
	// Dims are the array dimensions, outermost first.
	Dims []*ArrayDim
	// Bits is the bit-field width; nil when none was written.
	Bits Expr
}

// ArrayDim is one array dimension "[N]"; Size is nil for "[]".
type ArrayDim struct {
	Pos  diag.Pos
	Size Expr
}

// ScopedName is a possibly qualified name: "a", "a::b", "::a::b"
// (parse_type.go):
//
//	ScopedName = [ "::" ] Ident { "::" Ident } .
type ScopedName struct {
	Pos diag.Pos
	// Global is set for a leading "::".
	Global bool
	// Parts are the names between the "::" separators.
	Parts []string
}

// String returns the name as written ("::a::b").
func (n *ScopedName) String() string {
	s := strings.Join(n.Parts, "::")
	if n.Global {
		return "::" + s
	}
	return s
}

// Position implements Node.
func (t *TypeSpec) Position() diag.Pos { return t.Pos }

// Position implements Node.
func (b *BaseType) Position() diag.Pos { return b.Pos }

// Position implements Node.
func (s *StringType) Position() diag.Pos { return s.Pos }

// Position implements Node.
func (s *SequenceType) Position() diag.Pos { return s.Pos }

// Position implements Node.
func (f *FixedType) Position() diag.Pos { return f.Pos }

// Position implements Node.
func (s *StructType) Position() diag.Pos { return s.Pos }

// Position implements Node.
func (m *Member) Position() diag.Pos { return m.Pos }

// Position implements Node.
func (u *UnionType) Position() diag.Pos { return u.Pos }

// Position implements Node.
func (s *UnionSwitch) Position() diag.Pos { return s.Pos }

// Position implements Node.
func (a *UnionArm) Position() diag.Pos { return a.Pos }

// Position implements Node.
func (c *CaseLabel) Position() diag.Pos { return c.Pos }

// Position implements Node.
func (e *EnumType) Position() diag.Pos { return e.Pos }

// Position implements Node.
func (e *Enumerator) Position() diag.Pos { return e.Pos }

// Position implements Node.
func (d *Declarator) Position() diag.Pos { return d.Pos }

// Position implements Node.
func (a *ArrayDim) Position() diag.Pos { return a.Pos }

// Position implements Node.
func (n *ScopedName) Position() diag.Pos { return n.Pos }
