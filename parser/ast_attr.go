package parser

import (
	"github.com/l4idl/l4idl/parser/diag"
)

// Attribute is one entry of a DCE attribute list "[...]": a name with
// optional arguments, such as in, out, string, uuid(5),
// length_is(size), switch_type(unsigned long), kernelmsg(idl4::pagefault)
// or case(1, 2). The parser accepts any name; which attributes mean
// something, where, is decided by the checker. It is parsed by hand
// (parse_param.go, parse_attr.go):
//
//	Attribute = Ident [ "(" [ AttrArg { "," AttrArg } ] ")" ] .
type Attribute struct {
	Pos  diag.Pos
	Name string
	// Args are the arguments in parentheses; nil when there are none.
	Args []*AttrArg
}

// AttrArg is one argument of an attribute. Raw always holds its text; the
// parser also reads it as a constant expression (Expr) or, failing that,
// as a type (Type). Arguments that are neither (a DCE UUID such as
// 6ba7b810-9dad-11d1-80b4-00c04fd430c8) have only Raw, and UUID when they
// have the UUID form.
//
// A single name ("switch_type(my_t)", "kernelmsg(idl4::pagefault)") is an
// expression (a *ScopedName); AsType and AsName turn it into what the
// attribute needs.
type AttrArg struct {
	Pos diag.Pos
	// Raw is the argument's tokens as written, separated by one space
	// where the source had white space.
	Raw string
	// Expr is the argument read as a constant expression, or nil.
	Expr Expr
	// Type is the argument read as a type, when it is not an expression
	// ("unsigned long"), or nil.
	Type *TypeSpec
	// UUID is the argument's text when it has the form of a DCE UUID
	// (8-4-4-4-12 hexadecimal digits), else "".
	UUID string
}

// Position implements Node.
func (a *Attribute) Position() diag.Pos { return a.Pos }

// Position implements Node.
func (a *AttrArg) Position() diag.Pos { return a.Pos }

// Arg returns the i-th argument, or nil.
func (a *Attribute) Arg(i int) *AttrArg {
	if a == nil || i < 0 || i >= len(a.Args) {
		return nil
	}
	return a.Args[i]
}

// AsName returns the argument as a (scoped) name, or nil when it is not a
// plain name.
func (a *AttrArg) AsName() *ScopedName {
	if a == nil {
		return nil
	}
	n, _ := a.Expr.(*ScopedName)
	return n
}

// AsType returns the argument as a type: its Type, or a named type when
// the argument is a plain name; nil otherwise.
func (a *AttrArg) AsType() *TypeSpec {
	if a == nil {
		return nil
	}
	if a.Type != nil {
		return a.Type
	}
	if n := a.AsName(); n != nil {
		return &TypeSpec{Pos: n.Pos, Named: n}
	}
	return nil
}

// FindAttr returns the first attribute called name in attrs, or nil.
func FindAttr(attrs []*Attribute, name string) *Attribute {
	for _, a := range attrs {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// HasAttr reports whether attrs contains an attribute called name.
func HasAttr(attrs []*Attribute, name string) bool {
	return FindAttr(attrs, name) != nil
}
