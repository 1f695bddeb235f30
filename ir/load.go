package ir

import (
	"strings"

	"github.com/l4idl/l4idl/parser"
	"github.com/l4idl/l4idl/parser/diag"
)

// Load parses the IDL file at path with everything it imports
// (parser.ParseFile) and checks it (Check). It returns the checked
// program, never nil, and the parsed one (which also serves the source
// text of every file read, for printing diagnostics).
//
// Check runs unless parsing left a syntax tree that is known to be
// incomplete: after a syntax error the parser stops reading the file, and
// after a preprocessor error the token stream itself may be cut, so
// checking would only add errors about declarations the parser never
// saw. Parse errors that leave the tree whole (an import that was not
// found, a built-in type spelled with words that do not combine, a bad
// escape in a context string) do not stop the check, so one run reports
// them together with the semantic problems. When Check does not run, the
// returned program names the file and is otherwise empty.
func Load(path string, opts *parser.Options, errs *diag.List) (*Program, *parser.Program) {
	if errs == nil {
		errs = &diag.List{}
	}
	before := len(errs.Diags)
	beforeCount := errs.ErrorCount()
	parsed := parser.ParseFile(path, opts, errs)
	complete := true
	kept := 0
	for _, d := range errs.Diags[before:] {
		if d.Severity >= diag.Error {
			kept++
			if !treeIntact(d.Msg) {
				complete = false
			}
		}
	}
	if errs.ErrorCount()-beforeCount > kept {
		// Errors beyond diag.MaxErrors were counted but not kept, so
		// their kind is unknown.
		complete = false
	}
	if !complete || parsed == nil || parsed.Main == nil {
		return &Program{File: path}, parsed
	}
	return Check(parsed, errs), parsed
}

// treeIntact reports whether a parse error leaves the syntax tree whole.
func treeIntact(msg string) bool {
	for _, prefix := range []string{"cannot find import ", "invalid type ", "skipping "} {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return strings.Contains(msg, " in context string ")
}
