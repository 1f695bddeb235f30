package cpp

import "github.com/l4idl/l4idl/parser/diag"

// Value is an integer computed by the preprocessor: 64 bits, unsigned
// when the expression was of unsigned type (an operand with a u suffix or
// a constant too large for int64), in which case Int holds the bit
// pattern.
type Value struct {
	Int      int64
	Unsigned bool
}

// evalBudget is how many tokens EvalMacro lets a macro expand to.
const evalBudget = 1 << 16

// EvalMacro expands the object-like macro name with the final macro table
// and evaluates the result as a #if-style integer constant expression:
// integer and character constants, parentheses, unary and binary
// operators, ?: and ','. It is meant for C headers read by IDL import,
// where "#define SIZE (4 << 10)" declares a constant.
//
// ok is false when name is not an object-like macro, when its expansion
// is empty or expands to more than 65536 tokens, or when it is not a
// pure integer constant expression: an identifier left after expansion
// (defined is not an operator here), a floating or string constant, a
// cast, division by zero, any other error. Nothing is reported. EvalMacro does not change r and may be
// called from several goroutines at once.
func (r *Result) EvalMacro(name string) (v Value, ok bool) {
	m := r.Macros[name]
	if m == nil || m.FuncLike || m.builtin != notBuiltin || len(m.Body) == 0 {
		return Value{}, false
	}
	var errs diag.List
	// A constant's expansion is small: give up early on runaway macros.
	p := &preprocessor{opts: &Options{}, errs: &errs, macros: r.Macros, expanded: maxExpanded - evalBudget}
	e := &expander{p: p, end: m.Pos}
	e.ctxs = append(e.ctxs, context{toks: []ptok{{Token: Token{Kind: Ident, Text: name, Pos: m.Pos}}}})
	toks := e.all(len(m.Body) + 8)
	if errs.HasErrors() {
		return Value{}, false
	}
	x, ok := evalExpr(toks, &errs, "macro", true, m.Pos)
	if !ok || errs.HasErrors() {
		return Value{}, false
	}
	return Value{Int: int64(x.v), Unsigned: x.unsigned}, true
}

// EvalMacroInt is EvalMacro giving only the value; an unsigned result
// comes back as its bit pattern (0xFFFFFFFFFFFFFFFF as -1).
func (r *Result) EvalMacroInt(name string) (val int64, ok bool) {
	v, ok := r.EvalMacro(name)
	return v.Int, ok
}
