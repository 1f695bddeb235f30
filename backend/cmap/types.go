package cmap

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/l4idl/l4idl/backend/cgen"
	"github.com/l4idl/l4idl/ir"
)

// Mapper spells IDL types in C for one ABI and remembers which anonymous
// sequence structs a generated file has declared.
type Mapper struct {
	ABI *ir.ABI
	// declared records the anonymous sequence structs emitted so far.
	declared map[string]bool
	// exceptionIDs numbers the exception types (SetExceptionIDs).
	exceptionIDs map[*ir.Type]int
}

// New returns a Mapper for abi.
func New(abi *ir.ABI) *Mapper {
	return &Mapper{ABI: abi, declared: map[string]bool{}}
}

// basicNames are the C names of the built-in IDL types. The CORBA_* names
// are declared by the support header (SupportTypes); the L4 ones by
// <l4/types.h>.
var basicNames = map[ir.Kind]string{
	ir.Void:       "void",
	ir.Boolean:    "CORBA_boolean",
	ir.Char:       "CORBA_char",
	ir.WChar:      "CORBA_wchar",
	ir.Octet:      "CORBA_octet",
	ir.Int8:       "signed char",
	ir.Short:      "CORBA_short",
	ir.UShort:     "CORBA_unsigned_short",
	ir.Long:       "CORBA_long",
	ir.ULong:      "CORBA_unsigned_long",
	ir.LongLong:   "CORBA_long_long",
	ir.ULongLong:  "CORBA_unsigned_long_long",
	ir.Float:      "CORBA_float",
	ir.Double:     "CORBA_double",
	ir.LongDouble: "CORBA_long_double",
	ir.Word:       "L4_Word_t",
	ir.SignedWord: "L4_SignedWord_t",
	ir.ThreadID:   "L4_ThreadId_t",
	ir.Fpage:      "idl4_fpage_t",
	ir.ObjRef:     "CORBA_Object",
	ir.String:     "CORBA_char *",
	ir.WString:    "CORBA_wchar *",
}

// StartFile forgets which anonymous sequence structs were declared: each
// generated file declares (guarded) every one it uses.
func (m *Mapper) StartFile() { m.declared = map[string]bool{} }

// NamedType returns the C name of a named type: the flattened scoped
// name, or the name itself for types read from C headers.
func NamedType(t *ir.Type) string {
	if t.FromC {
		return t.Name[len(t.Name)-1]
	}
	return Flatten(t.Name)
}

// TypeName returns the C spelling of t without a declarator: a name
// ("CORBA_long", "blk_buf_t", "CORBA_sequence_octet") or a pointer type
// ending in '*' ("CORBA_char *"). Anonymous arrays have no such spelling;
// use Decl for them (TypeName returns the element's name followed by the
// dimensions, for comments).
func (m *Mapper) TypeName(t *ir.Type) string {
	if t == nil {
		return "void"
	}
	if len(t.Name) > 0 {
		return NamedType(t)
	}
	switch t.Kind {
	case ir.Sequence:
		return SeqName(t)
	case ir.Array:
		return fmt.Sprintf("%s[%d]", m.TypeName(t.Elem), t.Len)
	case ir.Word, ir.SignedWord:
		if t.PointsTo != nil {
			return m.ptrTo(t.PointsTo)
		}
	}
	if n, ok := basicNames[t.Kind]; ok {
		return n
	}
	return "L4_Word_t"
}

func (m *Mapper) ptrTo(t *ir.Type) string {
	n := m.TypeName(t)
	if strings.HasSuffix(n, "*") {
		return n + "*"
	}
	return n + " *"
}

// Decl returns the declaration of name with type t ("CORBA_long a",
// "CORBA_long m[3][3]", "CORBA_char *s").
func (m *Mapper) Decl(t *ir.Type, name string) string {
	for t != nil && len(t.Name) == 0 && t.Kind == ir.Array {
		name = fmt.Sprintf("%s[%d]", name, t.Len)
		t = t.Elem
	}
	return join(m.TypeName(t), name)
}

// join puts a declarator after a type name.
func join(typ, name string) string {
	if name == "" {
		return typ
	}
	if strings.HasSuffix(typ, "*") {
		return typ + name
	}
	return typ + " " + name
}

// SeqName returns the C struct name of an anonymous sequence type:
// CORBA_sequence_<element>.
func SeqName(t *ir.Type) string { return "CORBA_sequence_" + seqTag(t.Elem) }

func seqTag(t *ir.Type) string {
	if t == nil {
		return "void"
	}
	if len(t.Name) > 0 {
		return NamedType(t)
	}
	switch t.Kind {
	case ir.String:
		return "string"
	case ir.WString:
		return "wstring"
	case ir.Sequence:
		return "sequence_" + seqTag(t.Elem)
	case ir.Array:
		return fmt.Sprintf("array_%d_%s", t.Len, seqTag(t.Elem))
	}
	n := basicNames[t.Kind]
	n = strings.TrimPrefix(n, "CORBA_")
	return strings.ReplaceAll(n, " ", "_")
}

// DeclareSeqs prints the struct of every anonymous sequence type inside t
// (not looking into named types, which are declared on their own) that
// this Mapper has not declared yet. Each struct is guarded by a macro so
// that several generated files can be included together.
func (m *Mapper) DeclareSeqs(f *cgen.File, t *ir.Type) {
	m.declareSeqs(f, t, map[*ir.Type]bool{})
}

func (m *Mapper) declareSeqs(f *cgen.File, t *ir.Type, seen map[*ir.Type]bool) {
	if t == nil || seen[t] {
		return
	}
	seen[t] = true
	if len(t.Name) > 0 && t.Kind != ir.Alias {
		return
	}
	switch t.Kind {
	case ir.Alias:
		if len(t.Name) > 0 && t.Imported {
			return
		}
		m.declareSeqs(f, t.Elem, seen)
	case ir.Array:
		m.declareSeqs(f, t.Elem, seen)
	case ir.Sequence:
		m.declareSeqs(f, t.Elem, seen)
		name := SeqName(t)
		if m.declared[name] {
			return
		}
		m.declared[name] = true
		guard := "_l4idl_defined_" + name
		f.P("#ifndef ", guard)
		f.P("#define ", guard)
		f.Block("typedef struct", " "+name+";", func() {
			f.P("CORBA_unsigned_long _maximum;")
			f.P("CORBA_unsigned_long _length;")
			f.P(m.Decl(&ir.Type{Kind: ir.Word, PointsTo: t.Elem}, "_buffer"), ";")
		})
		f.P("#endif")
	}
}

// DiscMember and ArmsMember return the C member names of a union's
// discriminator and of its arms: _d and _u, or the names a DCE
// encapsulated union gives them.
func DiscMember(u *ir.Type) string {
	if u.DiscName != "" {
		return Ident(u.DiscName)
	}
	return "_d"
}

// ArmsMember returns the member name of a union's arms (see DiscMember).
func ArmsMember(u *ir.Type) string {
	if u.UnionName != "" {
		return Ident(u.UnionName)
	}
	return "_u"
}

// FieldDecl returns the declaration of a struct or union member: DCE
// sized members (size_is/length_is of a sibling) are pointers to their
// elements.
func (m *Mapper) FieldDecl(fl *ir.Field) string {
	t := fl.Type
	if fl.Size != nil {
		if u := t.Underlying(); u != nil && u.Kind == ir.Sequence && len(t.Name) == 0 {
			return m.Decl(&ir.Type{Kind: ir.Word, PointsTo: u.Elem}, Ident(fl.Name))
		}
	}
	d := m.Decl(t, Ident(fl.Name))
	if fl.Bits > 0 {
		d += fmt.Sprintf(" : %d", fl.Bits)
	}
	return d
}

// DeclareType prints the C declaration of one named type (typedef,
// struct, union, enum, exception), preceded by the anonymous sequence
// structs it needs. Imported types and types from C headers are not
// declared; natives get a comment (their C definition comes from the
// application, as with IDL4).
func (m *Mapper) DeclareType(f *cgen.File, t *ir.Type) {
	if t.Imported || t.FromC || len(t.Name) == 0 {
		return
	}
	name := NamedType(t)
	switch t.Kind {
	case ir.Alias:
		m.DeclareSeqs(f, t.Elem)
		// A typedef of an anonymous struct or union (IDL4 and C headers
		// allow "typedef union { ... } name;", also of arrays of them)
		// declares the body in place: such a type has no name to refer to.
		declarator, elem := name, t.Elem
		for elem != nil && len(elem.Name) == 0 && elem.Kind == ir.Array {
			declarator = fmt.Sprintf("%s[%d]", declarator, elem.Len)
			elem = elem.Elem
		}
		if elem != nil && len(elem.Name) == 0 && (elem.Kind == ir.Struct || elem.Kind == ir.Union) {
			m.aggregate(f, "", declarator, elem)
			return
		}
		f.P("typedef ", m.Decl(t.Elem, name), ";")
	case ir.Struct, ir.Union:
		m.aggregate(f, name, name, t)
		if t.Kind == ir.Struct && t.Exception {
			f.P("#define ex_", name, " ", m.exceptionIDs[t])
		}
	case ir.Enum:
		scope := ""
		if len(t.Name) > 1 {
			scope = Flatten(t.Name[:len(t.Name)-1]) + "_"
		}
		f.Block("typedef enum "+name, " "+name+";", func() {
			for i, e := range t.Enumerators {
				sep := ","
				if i == len(t.Enumerators)-1 {
					sep = ""
				}
				f.P(scope, Ident(e.Name), " = ", e.Value, sep)
			}
		})
	case ir.Native:
		f.Comment("native " + t.ScopedName() + ": its C type " + name + " is declared by the application")
	}
}

// aggregate prints "typedef struct tag { members } declarator;" (union
// for a union without discriminator; a discriminated union is a struct
// of the discriminator and a union of the arms), preceded by the
// anonymous sequence structs its members need. tag may be empty.
func (m *Mapper) aggregate(f *cgen.File, tag, declarator string, t *ir.Type) {
	var members []*ir.Field
	if t.Kind == ir.Struct {
		members = t.Fields
	} else {
		for _, a := range t.Arms {
			if a != nil {
				members = append(members, a.Field)
			}
		}
	}
	for _, fl := range members {
		if fl != nil {
			m.DeclareSeqs(f, fl.Type)
		}
	}
	head := "typedef struct"
	if t.Kind == ir.Union && t.Disc == nil {
		head = "typedef union"
	}
	if tag != "" {
		head += " " + tag
	}
	list := func() {
		for _, fl := range members {
			if fl != nil {
				f.P(m.FieldDecl(fl), ";")
			}
		}
	}
	if t.Kind == ir.Union && t.Disc != nil {
		f.Block(head, " "+declarator+";", func() {
			f.P(m.Decl(t.Disc, DiscMember(t)), ";")
			f.Block("union", " "+ArmsMember(t)+";", list)
		})
		return
	}
	f.Block(head, " "+declarator+";", list)
}

// SetExceptionIDs numbers the exception types of a program: exception
// k (declaration order, imported ones included so that numbers agree
// across files of one program) gets id k+1, printed as ex_<name>.
func (m *Mapper) SetExceptionIDs(p *ir.Program) {
	m.exceptionIDs = map[*ir.Type]int{}
	n := 0
	for _, t := range p.Types {
		if t != nil && t.Kind == ir.Struct && t.Exception {
			n++
			m.exceptionIDs[t] = n
		}
	}
}

// DeclareConst prints a constant as a #define (imported constants are
// not printed).
func (m *Mapper) DeclareConst(f *cgen.File, c *ir.Const) {
	if c.Imported {
		return
	}
	f.P("#define ", Flatten(c.Name), " ", ConstValue(c.Value, c.Type))
}

// ConstValue returns a folded constant as a C expression.
func ConstValue(v ir.Value, t *ir.Type) string {
	switch v.Kind {
	case ir.IntValue, ir.CharValue:
		return IntLit(v.Int, t)
	case ir.FloatValue:
		s := strconv.FormatFloat(v.Float, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eEn") {
			s += ".0"
		}
		return s
	case ir.StringValue:
		return cgen.Quote(v.Str)
	case ir.BoolValue:
		if v.Bool {
			return "1"
		}
		return "0"
	}
	return "0"
}

// IntLit returns an integer constant as a C literal whose type can hold
// it (a cast to t's C type is not added: the literal is used in #defines
// and case labels).
func IntLit(v *big.Int, t *ir.Type) string {
	if v == nil {
		return "0"
	}
	if v.IsInt64() {
		x := v.Int64()
		switch {
		case x == -1<<63:
			return "(-0x7FFFFFFFFFFFFFFFLL - 1)"
		case x < -(1<<31) || x > 1<<31-1:
			return strconv.FormatInt(x, 10) + "LL"
		case x < 0:
			return "(" + strconv.FormatInt(x, 10) + ")"
		}
		return strconv.FormatInt(x, 10)
	}
	if v.IsUint64() {
		return strconv.FormatUint(v.Uint64(), 10) + "ULL"
	}
	return "0"
}
