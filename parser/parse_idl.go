package parser

import (
	"github.com/l4idl/l4idl/parser/cpp"
	"github.com/l4idl/l4idl/parser/diag"
)

// parseIDL parses the preprocessed tokens of one IDL file. The first
// syntax error goes to errs and ends the parse; the returned tree is
// never nil but is incomplete after an error. A crash inside participle
// (possible on some inputs) is reported as an internal error.
func parseIDL(path string, toks []cpp.Token, errs *diag.List) (f *File) {
	f = &File{Pos: diag.Pos{Filename: path, Line: 1, Column: 1}, Path: path, Lang: LangIDL}
	defer func() {
		if r := recover(); r != nil {
			errs.Internalf(f.Pos, "parser crashed: %v", r)
		}
	}()
	p := &fileParser{src: newCursor(toks), errs: errs}
	if err := p.parseFile(f); err != nil {
		reportSyntaxError(err, errs)
	}
	normalizeFile(f, errs)
	return f
}
