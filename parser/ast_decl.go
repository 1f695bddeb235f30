package parser

import "github.com/l4idl/l4idl/parser/diag"

// Module is a CORBA module (parse_file.go):
//
//	Module = "module" Ident "{" { Definition | ";" } "}" [ ";" ] .
type Module struct {
	Pos    diag.Pos
	EndPos diag.Pos
	// Attrs are the attributes written before the module.
	Attrs []*Attribute
	// Name is the module's name; NamePos is where it is written.
	Name    string
	NamePos diag.Pos
	Defs    []*Definition
}

// Library is a DCE library; it scopes names like a module
// (parse_file.go):
//
//	Library = "library" Ident "{" { Definition | ";" } "}" [ ";" ] .
type Library struct {
	Pos    diag.Pos
	EndPos diag.Pos
	// Attrs are the attributes written before the library.
	Attrs []*Attribute
	// Name is the library's name; NamePos is where it is written.
	Name    string
	NamePos diag.Pos
	Defs    []*Definition
}

// Interface is an interface definition or forward declaration. The
// semicolon after the body is optional (DCE and Magpie leave it out)
// (parse_file.go):
//
//	Interface = "interface" Ident [ ":" ScopedName { "," ScopedName } ]
//	            ( "{" { Definition | ";" } "}" [ ";" ] | ";" ) .
type Interface struct {
	Pos    diag.Pos
	EndPos diag.Pos
	// Attrs are the attributes written before the interface ([uuid(n)],
	// [local], [abstract], ...).
	Attrs []*Attribute
	// Name is the interface's name; NamePos is where it is written.
	Name    string
	NamePos diag.Pos
	// Bases are the inherited interfaces, in the order written.
	Bases []*ScopedName
	// Defs are the definitions in the body: operations, attributes,
	// types, constants, exceptions, imports.
	Defs []*Definition
	// Forward is set for a forward declaration (no body).
	Forward bool
}

// Operation is an operation (method) of an interface (parse_file.go):
//
//	Operation = [ "oneway" ] TypeSpec { "*" } Ident
//	            "(" [ Param { "," Param } ] ")"
//	            [ "raises" "(" ScopedName { "," ScopedName } ")" ]
//	            [ "context" "(" String { "," String } ")" ] ";" .
type Operation struct {
	Pos    diag.Pos
	EndPos diag.Pos
	// Attrs are the attributes written before the operation ([uuid(n)],
	// [oneway], [kernelmsg(idl4::pagefault)], ...).
	Attrs []*Attribute
	// Oneway is set by the CORBA keyword "oneway" (the DCE spelling is the
	// attribute [oneway], which stays in Attrs).
	Oneway bool
	// Result is the return type ("void" for none).
	Result *TypeSpec
	// ResultPointers is the number of "*" after the return type.
	ResultPointers int
	// Name is the operation's name; NamePos is where it is written.
	Name    string
	NamePos diag.Pos
	// Params are the parameters; a lone "void" parameter list is kept as
	// one unnamed Param of type void.
	Params []*Param
	// Raises lists the exceptions of a raises(...) clause.
	Raises []*ScopedName
	// Context holds the string literals of a context(...) clause, decoded
	// (without quotes); ContextPos is the position of the keyword
	// "context".
	Context    []string
	ContextPos diag.Pos
}

// Param is one operation parameter, in CORBA form ("in long x") or DCE
// form ("[in, size_is(n)] char *buf"), or a mixture of both
// (parse_param.go):
//
//	Param = { "[" [ Attribute { "," Attribute } [ "," ] ] "]" }
//	        [ "in" | "out" | "inout" ] TypeSpec [ Declarator ] .
type Param struct {
	Pos diag.Pos
	// Attrs are the parameter's DCE attributes, including the direction
	// attributes in and out.
	Attrs []*Attribute
	// Dir is the CORBA direction keyword (in, out, inout), DirNone when
	// none was written; DirPos is where it is written. Direction combines
	// it with the DCE attributes. (A second keyword, "in out long x", is
	// reported by the parser and combined into Dir.)
	Dir    Direction
	DirPos diag.Pos
	Type   *TypeSpec
	// Declarator is the parameter's name with pointers and array
	// dimensions; nil for an unnamed parameter such as "(void)".
	Declarator *Declarator
}

// Direction tells which way a parameter travels.
type Direction int

// The parameter directions.
const (
	DirNone  Direction = iota // neither written
	DirIn                     // in, [in]
	DirOut                    // out, [out]
	DirInOut                  // inout, [in, out]
)

// String returns the CORBA spelling of the direction ("" for DirNone).
func (d Direction) String() string {
	switch d {
	case DirIn:
		return "in"
	case DirOut:
		return "out"
	case DirInOut:
		return "inout"
	}
	return ""
}

// Direction returns the parameter's direction from the CORBA keyword and
// the DCE attributes [in] and [out] together (writing both is not an error
// here; the checker decides).
func (p *Param) Direction() Direction {
	in := p.Dir == DirIn || p.Dir == DirInOut
	out := p.Dir == DirOut || p.Dir == DirInOut
	for _, a := range p.Attrs {
		switch a.Name {
		case "in":
			in = true
		case "out":
			out = true
		}
	}
	switch {
	case in && out:
		return DirInOut
	case in:
		return DirIn
	case out:
		return DirOut
	}
	return DirNone
}

// Name returns the parameter's name ("" when unnamed).
func (p *Param) Name() string {
	if p.Declarator == nil {
		return ""
	}
	return p.Declarator.Name
}

// Const is a constant declaration. Constants read from a C header's
// "#define NAME value" have a nil Type: they are untyped integer
// constants (parse_decl.go):
//
//	Const = "const" TypeSpec Ident "=" Expr ";" .
type Const struct {
	Pos diag.Pos
	// Attrs are the attributes written before the constant.
	Attrs []*Attribute
	Type  *TypeSpec
	// Name is the constant's name; NamePos is where it is written.
	Name    string
	NamePos diag.Pos
	Value   Expr
}

// Typedef declares one or more type aliases:
//
//	typedef [attrs] T a, *b, c[4];
//
// T may be an inline struct, union or enum definition.
type Typedef struct {
	Pos diag.Pos
	// Attrs are the attributes written before "typedef" followed by those
	// written after it (DCE).
	Attrs       []*Attribute  `parser:"'typedef' ( '[' ( @@ ( (?= ',' Ident ) ',' @@ )* ','? )? ']' )*"`
	Type        *TypeSpec     `parser:"@@"`
	Declarators []*Declarator `parser:"@@ ( ',' @@ )* ';'"`
}

// TypeDecl is a struct, union or enum definition (or forward declaration)
// on its own: "struct tag { ... };", "enum e { ... };", "union u switch
// (long) { ... };", "struct tag;". Exactly one of Struct, Union and Enum is
// set (parse_decl.go):
//
//	TypeDecl = ( StructType | UnionType | EnumType ) ";" .
type TypeDecl struct {
	Pos diag.Pos
	// Attrs are the attributes written before the type ([switch_type(T)]
	// before a DCE union, for example).
	Attrs  []*Attribute
	Struct *StructType
	Union  *UnionType
	Enum   *EnumType
}

// Type returns the declared type as a TypeSpec (sharing the struct, union
// or enum node).
func (d *TypeDecl) Type() *TypeSpec {
	return &TypeSpec{Pos: d.Pos, Struct: d.Struct, Union: d.Union, Enum: d.Enum}
}

// Exception is a CORBA exception (parse_decl.go):
//
//	Exception = "exception" Ident "{" { Member } "}" ";" .
type Exception struct {
	Pos diag.Pos
	// Attrs are the attributes written before the exception.
	Attrs []*Attribute
	// Name is the exception's name; NamePos is where it is written.
	Name    string
	NamePos diag.Pos
	Members []*Member
}

// AttributeDecl is a CORBA interface attribute:
// "readonly attribute T a, b;". (DCE bracket attributes are Attribute.)
type AttributeDecl struct {
	Pos diag.Pos
	// Attrs are the DCE attributes written before the declaration.
	Attrs    []*Attribute
	Readonly bool          `parser:"@'readonly'? 'attribute'"`
	Type     *TypeSpec     `parser:"@@"`
	Names    []*Declarator `parser:"@@ ( ',' @@ )* ';'"`
}

// Native is a CORBA native type declaration (parse_decl.go):
//
//	Native = "native" Ident ";" .
type Native struct {
	Pos diag.Pos
	// Attrs are the attributes written before the declaration.
	Attrs []*Attribute
	// Name is the type's name; NamePos is where it is written.
	Name    string
	NamePos diag.Pos
}

// Import is an import statement; the semicolon is optional, as in DICE
// (parse_file.go):
//
//	Import = "import" ImportPath { "," ImportPath } [ ";" ] .
type Import struct {
	Pos diag.Pos
	// Attrs are the attributes written before the import.
	Attrs []*Attribute
	Paths []*ImportPath
}

// ImportPath is one file named by an import statement: a string literal
// ("a.idl") or a header name (<b.h>).
type ImportPath struct {
	Pos diag.Pos
	// Raw is the path as written, with its quotes or angle brackets.
	Raw string

	// Path is the file name without quotes or brackets.
	Path string
	// System is set for <path>: only the include directories are
	// searched, not the importing file's folder.
	System bool
	// File is the parsed file (shared by every import of the same file);
	// nil when the file was not found or could not be read.
	File *File
}

// Position implements Node.
func (p *ImportPath) Position() diag.Pos { return p.Pos }

// Position implements Node.
func (m *Module) Position() diag.Pos { return m.Pos }

// Position implements Node.
func (l *Library) Position() diag.Pos { return l.Pos }

// Position implements Node.
func (i *Interface) Position() diag.Pos { return i.Pos }

// Position implements Node.
func (o *Operation) Position() diag.Pos { return o.Pos }

// Position implements Node.
func (p *Param) Position() diag.Pos { return p.Pos }

// Position implements Node.
func (c *Const) Position() diag.Pos { return c.Pos }

// Position implements Node.
func (t *Typedef) Position() diag.Pos { return t.Pos }

// Position implements Node.
func (d *TypeDecl) Position() diag.Pos { return d.Pos }

// Position implements Node.
func (e *Exception) Position() diag.Pos { return e.Pos }

// Position implements Node.
func (a *AttributeDecl) Position() diag.Pos { return a.Pos }

// Position implements Node.
func (n *Native) Position() diag.Pos { return n.Pos }

// Position implements Node.
func (i *Import) Position() diag.Pos { return i.Pos }

// Attributes implements Decl.
func (m *Module) Attributes() []*Attribute { return m.Attrs }

// Attributes implements Decl.
func (l *Library) Attributes() []*Attribute { return l.Attrs }

// Attributes implements Decl.
func (i *Interface) Attributes() []*Attribute { return i.Attrs }

// Attributes implements Decl.
func (o *Operation) Attributes() []*Attribute { return o.Attrs }

// Attributes implements Decl.
func (c *Const) Attributes() []*Attribute { return c.Attrs }

// Attributes implements Decl.
func (t *Typedef) Attributes() []*Attribute { return t.Attrs }

// Attributes implements Decl.
func (d *TypeDecl) Attributes() []*Attribute { return d.Attrs }

// Attributes implements Decl.
func (e *Exception) Attributes() []*Attribute { return e.Attrs }

// Attributes implements Decl.
func (a *AttributeDecl) Attributes() []*Attribute { return a.Attrs }

// Attributes implements Decl.
func (n *Native) Attributes() []*Attribute { return n.Attrs }

// Attributes implements Decl.
func (i *Import) Attributes() []*Attribute { return i.Attrs }

func (*Module) declNode()        {}
func (*Library) declNode()       {}
func (*Interface) declNode()     {}
func (*Operation) declNode()     {}
func (*Const) declNode()         {}
func (*Typedef) declNode()       {}
func (*TypeDecl) declNode()      {}
func (*Exception) declNode()     {}
func (*AttributeDecl) declNode() {}
func (*Native) declNode()        {}
func (*Import) declNode()        {}
