// Package parser reads IDL source into syntax trees.
//
// One grammar accepts CORBA IDL, DCE IDL (MIDL-style attribute lists) and
// the L4 extensions of IDL4, Magpie and DICE, mixed as their users wrote
// them. The syntax tree types are in the ast_*.go files. A few
// declarations (typedef, CORBA attribute, fixed) are participle's: their
// grammar is written as the struct tags of those types. Everything else
// (definitions, interfaces, operations, parameters, types, constants,
// structs, unions, enums, attributes, expressions) is parsed by hand, for
// speed, for positions on every name and for recovery from syntax
// errors; its grammar is given in EBNF in each type's doc comment.
// parse_src.go explains the split.
//
// A syntax error does not end the parse: the definition it is in is
// dropped, the parser skips to the end of that definition and goes on,
// so one run reports every syntax error of a file (File.Dropped lists
// the names the dropped text mentioned).
//
// The tree records what was written and nothing more: names are not
// resolved, types are not sized, attributes are not checked. That is the
// checker's job (package ir). Everything the checker needs is in the tree
// (base-type kinds, decoded literals, resolved imports); it never has to
// look at tokens again.
//
// ParseFile is the entry point: it preprocesses a file, parses it, and
// follows its import statements (IDL files are parsed as IDL, anything
// else is read as a C header for its typedefs, structs, enums and integer
// #defines).
package parser

import (
	"path/filepath"
	"strings"

	"github.com/l4idl/l4idl/parser/diag"
)

// Node is implemented by every node of the syntax tree.
type Node interface {
	// Position returns where the node starts.
	Position() diag.Pos
}

// Lang tells how a file was read.
type Lang int

// The languages of a File.
const (
	// LangIDL is an IDL file (any dialect).
	LangIDL Lang = iota
	// LangC is a C header, read only for its type and constant
	// declarations.
	LangC
)

// String returns "IDL" or "C".
func (l Lang) String() string {
	if l == LangC {
		return "C"
	}
	return "IDL"
}

// File is one parsed source file: the file named on the command line, an
// imported IDL file or an imported C header (parse_file.go):
//
//	File = { Definition | ";" } .
type File struct {
	Pos diag.Pos
	// Defs are the file's top-level definitions, in source order. IDL
	// text of #included files is part of the file (the preprocessor
	// splices it in); C header text #included into an IDL file is read
	// as C, and its definitions are marked Imported.
	Defs []*Definition

	// Path is the file's name as it appears in positions.
	Path string
	// Lang is LangIDL for IDL files and LangC for C headers.
	Lang Lang
	// Imported is set on every file but the main one: files reached
	// through import statements. Their definitions are visible to the
	// importer, but no code is generated for them.
	Imported bool
	// Dropped holds every name written in definitions that were dropped
	// after a syntax error (nil when there were none). The checker keeps
	// quiet about undefined names in this set: what they named may well
	// have been declared in the dropped text.
	Dropped map[string]bool
}

// Position implements Node.
func (f *File) Position() diag.Pos { return f.Pos }

// Definition is one declaration together with the DCE attribute lists
// written before it ("[uuid(1)] interface X { ... }"); several lists are
// concatenated (parse_file.go):
//
//	Definition = { "[" [ Attribute { "," Attribute } [ "," ] ] "]" } Decl .
type Definition struct {
	Pos    diag.Pos
	EndPos diag.Pos
	// Attrs are the attributes of the lists before the declaration (for
	// a Typedef, followed by those written after "typedef"). The same
	// slice is stored on the declaration itself (its Attrs field), so
	// code that holds only the Decl sees them.
	Attrs []*Attribute
	// Decl is the declaration: one of *Module, *Library, *Interface,
	// *Import, *Const, *Typedef, *TypeDecl, *Native, *Exception,
	// *AttributeDecl or *Operation.
	Decl Decl

	// Imported is set on definitions that come from an imported file or
	// C header (also when a C header was #included into an IDL file):
	// they declare names but get no generated code.
	Imported bool
}

// Position implements Node.
func (d *Definition) Position() diag.Pos { return d.Pos }

// Decl is a declaration. The implementations are *Module, *Library,
// *Interface, *Import, *Const, *Typedef, *TypeDecl, *Native, *Exception,
// *AttributeDecl and *Operation.
type Decl interface {
	Node
	// Attributes returns the DCE attributes written on the declaration.
	Attributes() []*Attribute
	declNode()
}

// isCHeaderName reports whether a file name names a C (or C++) header,
// which changes the meaning of "long" (word-sized in C, 32 bits in IDL).
func isCHeaderName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".h", ".hh", ".hpp", ".hxx":
		return true
	}
	return false
}

// isIDLName reports whether an imported file is read as IDL.
func isIDLName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".idl", ".idl4":
		return true
	}
	return false
}
