package ir

import (
	"github.com/l4idl/l4idl/parser"
	"github.com/l4idl/l4idl/parser/diag"
)

// Load parses the IDL file at path with everything it imports
// (parser.ParseFile) and checks it (Check). It returns the checked
// program, never nil, and the parsed one (which also serves the source
// text of every file read, for printing diagnostics).
//
// Check runs after syntax errors: the parser recovers from each, keeping
// every definition that parsed, and the checker keeps quiet about
// undefined names that the dropped text mentioned (File.Dropped), so one
// run reports the syntax errors together with the semantic problems of
// the rest. Check does not run when the syntax trees may lack text of
// the files (parser.Program.Incomplete: after a preprocessor error, whose
// token stream may be cut, or a crash): it would only add errors about
// declarations the parser never saw. The returned program then names the
// file and is otherwise empty.
func Load(path string, opts *parser.Options, errs *diag.List) (*Program, *parser.Program) {
	if errs == nil {
		errs = &diag.List{}
	}
	parsed := parser.ParseFile(path, opts, errs)
	if parsed == nil || parsed.Main == nil || parsed.Incomplete {
		return &Program{File: path}, parsed
	}
	return Check(parsed, errs), parsed
}
