package cpp

import (
	"slices"

	"github.com/l4idl/l4idl/parser/diag"
)

// builtinKind tells the macros whose value the preprocessor computes.
type builtinKind int

const (
	notBuiltin  builtinKind = iota
	builtinFile             // __FILE__: the file name as a string literal
	builtinLine             // __LINE__: the line number
)

// commandLine is the file name of positions in -D values.
const commandLine = "<command line>"

// predefine installs the built-in macros, then Options.Defines (in name
// order), then removes Options.Undefines.
func (p *preprocessor) predefine() {
	p.macros["__FILE__"] = &Macro{Name: "__FILE__", builtin: builtinFile}
	p.macros["__LINE__"] = &Macro{Name: "__LINE__", builtin: builtinLine}
	p.macros["__L4IDL__"] = &Macro{Name: "__L4IDL__", Body: []Token{{Kind: Int, Text: "1"}}}
	keys := make([]string, 0, len(p.opts.Defines))
	for k := range p.opts.Defines {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		p.defineFromOption(k, p.opts.Defines[k])
	}
	for _, name := range p.opts.Undefines {
		delete(p.macros, name)
	}
}

// defineFromOption defines key (NAME or NAME(params)) as the tokens of
// val, as -Dkey=val does.
func (p *preprocessor) defineFromOption(key, val string) {
	pos := diag.Pos{Filename: commandLine, Line: 1, Column: 1}
	if !isIdentifier(macroName(key)) {
		p.errs.Errorf(pos, "-D%s: macro names must be identifiers", key)
		return
	}
	toks := Lex(commandLine, []byte(key+" "+val), p.errs)
	p.define(Token{Kind: Punct, Text: "#", Pos: pos}, toks[:len(toks)-1])
}

func isIdentifier(s string) bool {
	if s == "" || !isIdentStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isIdentStart(s[i]) && !isDigit(s[i]) {
			return false
		}
	}
	return true
}
