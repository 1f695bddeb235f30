package cpp

import (
	"os"

	"github.com/l4idl/l4idl/parser/diag"
)

// Options configures a preprocessor run.
type Options struct {
	// IncludeDirs are searched, in order, after the including file's own
	// folder for #include "x", and alone for #include <x>.
	IncludeDirs []string
	// Defines are predefined object-like macros: NAME -> replacement text
	// (-DNAME gives "1", -DNAME=VAL gives "VAL").
	Defines map[string]string
	// Undefines are removed after Defines are installed (-U NAME).
	Undefines []string
	// ReadFile reads a file; nil means os.ReadFile.
	ReadFile func(name string) ([]byte, error)
}

func (o *Options) readFile(name string) ([]byte, error) {
	if o != nil && o.ReadFile != nil {
		return o.ReadFile(name)
	}
	return os.ReadFile(name)
}

// Macro is a macro definition.
type Macro struct {
	Name     string
	Pos      diag.Pos // where it was defined (zero for predefined macros)
	FuncLike bool
	Params   []string
	Variadic bool
	Body     []Token
}

// Result is the output of Preprocess.
type Result struct {
	// Tokens are the macro-expanded tokens of the file and everything it
	// includes, directives removed, ending with one EOF token.
	Tokens []Token
	// Files holds the text of every file read, by the name used in
	// positions, so diagnostics can quote source lines.
	Files map[string][]byte
	// Macros is the macro table at the end of the run.
	Macros map[string]*Macro
}

// Source implements diag.Sources.
func (r *Result) Source(name string) ([]byte, bool) {
	b, ok := r.Files[name]
	return b, ok
}

// Preprocess runs the preprocessor over src, the text of filename.
// Problems go to errs; the result is usable even when there were errors.
//
// TODO(preprocessor): this placeholder only lexes; directives and macro
// expansion are implemented in directives.go/expand.go.
func Preprocess(filename string, src []byte, opts *Options, errs *diag.List) *Result {
	toks := Lex(filename, src, errs)
	return &Result{Tokens: toks, Files: map[string][]byte{filename: src}, Macros: map[string]*Macro{}}
}
