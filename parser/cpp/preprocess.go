package cpp

import (
	"os"
	"slices"
	"strings"

	"github.com/l4idl/l4idl/parser/diag"
)

// Options configures a preprocessor run.
type Options struct {
	// IncludeDirs are searched, in order, after the including file's own
	// folder, for both #include "x" and #include <x>.
	IncludeDirs []string
	// Defines are predefined macros: NAME -> replacement text, which is
	// lexed as tokens (-DNAME gives "1", -DNAME=VAL gives "VAL"). NAME may
	// carry a parameter list, as in "F(a,b)" -> "a+b". They are installed
	// in name order, after the built-in macros.
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

// Define records a command-line definition in the form of -D's argument:
// "NAME" defines NAME as 1, "NAME=VAL" defines it as VAL. A later Define
// or Undefine of the same name wins over an earlier one, as on a compiler
// command line.
func (o *Options) Define(arg string) {
	name, val := ParseDefine(arg)
	if o.Defines == nil {
		o.Defines = map[string]string{}
	}
	o.Defines[name] = val
	o.Undefines = slices.DeleteFunc(o.Undefines, func(s string) bool { return s == macroName(name) })
}

// Undefine records a command-line -U NAME. It cancels an earlier Define
// of NAME.
func (o *Options) Undefine(name string) {
	for k := range o.Defines {
		if macroName(k) == name {
			delete(o.Defines, k)
		}
	}
	o.Undefines = append(o.Undefines, name)
}

// ParseDefine splits the argument of -D into a macro name (possibly with
// a parameter list) and its replacement text: "X" gives ("X", "1") and
// "X=V" gives ("X", "V").
func ParseDefine(arg string) (name, value string) {
	if i := strings.IndexByte(arg, '='); i >= 0 {
		return arg[:i], arg[i+1:]
	}
	return arg, "1"
}

// macroName returns the name part of a Defines key ("F(x)" -> "F").
func macroName(key string) string {
	if i := strings.IndexByte(key, '('); i >= 0 {
		return key[:i]
	}
	return key
}

// Macro is a macro definition.
type Macro struct {
	Name string
	// Pos is where the macro was defined: the name in the #define, a
	// position in file "<command line>" for Options.Defines, zero for the
	// built-in macros (__FILE__, __LINE__, __L4IDL__).
	Pos      diag.Pos
	FuncLike bool
	// Params are the parameter names; for a variadic macro the last one
	// is the name of the variable part ("__VA_ARGS__" unless written as
	// "name...").
	Params   []string
	Variadic bool
	Body     []Token

	builtin builtinKind
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
// Include files are looked up in the folder of the including file, then
// in opts.IncludeDirs; their tokens carry the joined path as found (for
// example "testdata/a/b.idl"). Tokens produced by a macro expansion carry
// the position of the macro name at the expansion site, except tokens of
// the macro's arguments, which keep the position where they were written.
// #line directives are checked but do not change positions.
func Preprocess(filename string, src []byte, opts *Options, errs *diag.List) *Result {
	if errs == nil {
		errs = &diag.List{}
	}
	p := newPreprocessor(opts, errs)
	p.predefine()
	p.pushFile(p.loadFile(filename, src), p.key(filename), -1)
	e := &expander{p: p, base: p.fileNext}
	out := make([]Token, 0, len(p.stack[0].fd.toks)+16)
	for {
		t := e.next()
		out = append(out, t.Token)
		if t.Kind == EOF {
			break
		}
	}
	return &Result{Tokens: out, Files: p.files, Macros: p.macros}
}
