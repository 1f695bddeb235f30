package parser

import (
	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

// parseIDL parses the preprocessed tokens of one IDL file. Syntax errors
// go to errs; the parser recovers from each (see recover.go), so the
// returned tree, never nil, holds every definition that parsed. A crash
// inside the parser (a bug) is reported as an internal error and sets
// *crashed.
func parseIDL(path string, toks []cpp.Token, errs *diag.List, crashed *bool) (f *File) {
	f = &File{Pos: diag.Pos{Filename: path, Line: 1, Column: 1}, Path: path, Lang: LangIDL}
	defer func() {
		if r := recover(); r != nil {
			errs.Internalf(f.Pos, "parser crashed: %v", r)
			if crashed != nil {
				*crashed = true
			}
		}
	}()
	c := newCursor(toks)
	c.errs = errs
	p := &fileParser{src: c, errs: errs}
	p.parseFile(f)
	normalizeFile(f, errs)
	return f
}
