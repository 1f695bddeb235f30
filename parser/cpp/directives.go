package cpp

import (
	"strings"

	"github.com/l4idl/l4idl/parser/diag"
)

// directive carries out the directive line that starts at f.i (the "#").
// In a skipped group only the conditionals are looked at.
func (p *preprocessor) directive(f *frame) {
	toks := f.fd.toks
	hash := toks[f.i]
	end := f.i + 1
	for toks[end].Kind != EOF && !toks[end].BOL {
		end++
	}
	line := toks[f.i+1 : end]
	f.i = end

	wasActive := f.active()
	p.flushDiags(f, hash.Pos.Line, wasActive)
	last := hash.Pos.Line
	if len(line) > 0 {
		last = line[len(line)-1].Pos.Line
	}
	defer func() { p.flushDiags(f, last+1, wasActive || f.active()) }()

	if len(line) == 0 {
		return // the null directive
	}
	name, args := line[0], line[1:]
	if !wasActive {
		if name.Kind == Ident {
			p.conditional(f, hash, name.Text, args, false)
		}
		return
	}
	if len(f.conds) == 0 {
		f.guard.directive(name.Text, args)
	}
	if name.Kind != Ident {
		if name.Kind == Int {
			p.lineDirective(hash, "#", line)
			return
		}
		p.errs.Errorf(name.Pos, "unknown preprocessing directive #%s", name.Text)
		return
	}
	switch kw := name.Text; kw {
	case "define":
		p.define(hash, args)
	case "undef":
		p.undef(hash, args)
	case "include", "include_next", "import":
		p.include(f, hash, kw, args)
	case "if", "ifdef", "ifndef", "elif", "elifdef", "elifndef", "else", "endif":
		p.conditional(f, hash, kw, args, true)
	case "error":
		p.errs.Errorf(hash.Pos, "#error %s", spell(args))
	case "warning":
		p.errs.Warnf(hash.Pos, "#warning %s", spell(args))
	case "pragma":
		if len(args) > 0 && args[0].Kind == Ident && args[0].Text == "once" {
			p.once[f.key] = true
			p.extraTokens(args[1:], "#pragma once")
		}
		// Other pragmas (force-include, GCC ..., pack, ...) are ignored.
	case "line":
		p.lineDirective(hash, "#line", args)
	case "ident", "sccs":
		// Version strings for object files: nothing to do.
	default:
		p.errs.Errorf(name.Pos, "unknown preprocessing directive #%s", kw)
	}
}

// spell writes tokens back as text, one blank where there was white
// space (for #error and #warning).
func spell(toks []Token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && (t.Space || t.BOL) {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	return b.String()
}

// extraTokens warns about tokens after a directive's operands.
func (p *preprocessor) extraTokens(rest []Token, directive string) {
	if len(rest) > 0 {
		p.errs.Warnf(rest[0].Pos, "extra tokens at end of %s directive", directive)
	}
}

// macroNameArg checks the macro name operand of #define, #undef, #ifdef,
// #ifndef and friends.
func (p *preprocessor) macroNameArg(hash Token, directive string, args []Token) (Token, bool) {
	if len(args) == 0 {
		p.errs.Errorf(hash.Pos, "no macro name given in %s directive", directive)
		return Token{}, false
	}
	if args[0].Kind != Ident {
		p.errs.Errorf(args[0].Pos, "macro names must be identifiers")
		return Token{}, false
	}
	return args[0], true
}

// define carries out #define; args are the tokens after "define".
func (p *preprocessor) define(hash Token, args []Token) {
	name, ok := p.macroNameArg(hash, "#define", args)
	if !ok {
		return
	}
	if name.Text == "defined" || name.Text == "__VA_ARGS__" {
		p.errs.Errorf(name.Pos, "%q cannot be used as a macro name", name.Text)
		return
	}
	m := &Macro{Name: name.Text, Pos: name.Pos}
	rest := args[1:]
	if len(rest) > 0 && isPunct(rest[0], "(") && !rest[0].Space {
		m.FuncLike = true
		n, ok := p.parseParams(m, rest)
		if !ok {
			return
		}
		rest = rest[n:]
	} else if len(rest) > 0 && !rest[0].Space {
		p.errs.Warnf(rest[0].Pos, "missing whitespace after the macro name")
	}
	if !p.checkBody(m, rest) {
		return
	}
	m.Body = rest[:len(rest):len(rest)]
	if old := p.macros[m.Name]; old != nil {
		switch {
		case old.builtin != notBuiltin:
			p.errs.Warnf(name.Pos, "redefining built-in macro %q", m.Name)
		case sameDefinition(old, m):
			return // keep the first definition's position
		default:
			p.errs.Warnf(name.Pos, "%q redefined", m.Name)
			if old.Pos.Line > 0 {
				p.errs.Notef(old.Pos, "this is the location of the previous definition")
			}
		}
	}
	p.macros[m.Name] = m
}

// parseParams reads the parameter list that starts at toks[0] ("(") and
// returns how many tokens it took.
func (p *preprocessor) parseParams(m *Macro, toks []Token) (int, bool) {
	i := 1
	if i < len(toks) && isPunct(toks[i], ")") {
		return 2, true
	}
	for {
		if i >= len(toks) {
			p.errs.Errorf(toks[i-1].Pos, "missing ')' in macro parameter list")
			return 0, false
		}
		t := toks[i]
		switch {
		case isPunct(t, "..."):
			m.Variadic = true
			m.Params = append(m.Params, "__VA_ARGS__")
			i++
		case t.Kind == Ident:
			if t.Text == "__VA_ARGS__" {
				p.errs.Errorf(t.Pos, "__VA_ARGS__ can not be used as a parameter name")
				return 0, false
			}
			for _, q := range m.Params {
				if q == t.Text {
					p.errs.Errorf(t.Pos, "duplicate macro parameter %q", t.Text)
					return 0, false
				}
			}
			m.Params = append(m.Params, t.Text)
			i++
			if i < len(toks) && isPunct(toks[i], "...") { // GNU named variadic: args...
				m.Variadic = true
				i++
			}
		default:
			p.errs.Errorf(t.Pos, "expected parameter name, found %q", t.Text)
			return 0, false
		}
		if i >= len(toks) {
			p.errs.Errorf(toks[i-1].Pos, "missing ')' in macro parameter list")
			return 0, false
		}
		switch {
		case isPunct(toks[i], ")"):
			return i + 1, true
		case isPunct(toks[i], ",") && !m.Variadic:
			i++
		case m.Variadic:
			p.errs.Errorf(toks[i].Pos, "missing ')' after \"...\" in macro parameter list")
			return 0, false
		default:
			p.errs.Errorf(toks[i].Pos, "expected ',' or ')' in macro parameter list, found %q", toks[i].Text)
			return 0, false
		}
	}
}

// checkBody checks the placement of # and ## and the use of __VA_ARGS__.
func (p *preprocessor) checkBody(m *Macro, body []Token) bool {
	ok := true
	if len(body) > 0 && isPunct(body[0], "##") {
		p.errs.Errorf(body[0].Pos, "'##' cannot appear at either end of a macro expansion")
		ok = false
	} else if n := len(body); n > 0 && isPunct(body[n-1], "##") {
		p.errs.Errorf(body[n-1].Pos, "'##' cannot appear at either end of a macro expansion")
		ok = false
	}
	for i, t := range body {
		if m.FuncLike && isPunct(t, "#") && (i+1 >= len(body) || paramIndex(m, body[i+1]) < 0) {
			p.errs.Errorf(t.Pos, "'#' is not followed by a macro parameter")
			ok = false
		}
		if t.Kind == Ident && t.Text == "__VA_ARGS__" && (!m.Variadic || m.Params[len(m.Params)-1] != "__VA_ARGS__") {
			p.errs.Warnf(t.Pos, "__VA_ARGS__ can only appear in the expansion of a variadic macro")
		}
	}
	return ok
}

// sameDefinition reports whether two definitions are the same in the
// sense of C: same kind, parameters and spelling, with white space in the
// same places.
func sameDefinition(a, b *Macro) bool {
	if a.FuncLike != b.FuncLike || a.Variadic != b.Variadic || len(a.Params) != len(b.Params) || len(a.Body) != len(b.Body) {
		return false
	}
	for i := range a.Params {
		if a.Params[i] != b.Params[i] {
			return false
		}
	}
	for i := range a.Body {
		x, y := a.Body[i], b.Body[i]
		if x.Kind != y.Kind || x.Text != y.Text || i > 0 && (x.Space || x.BOL) != (y.Space || y.BOL) {
			return false
		}
	}
	return true
}

// undef carries out #undef.
func (p *preprocessor) undef(hash Token, args []Token) {
	name, ok := p.macroNameArg(hash, "#undef", args)
	if !ok {
		return
	}
	if name.Text == "defined" {
		p.errs.Errorf(name.Pos, "%q cannot be used as a macro name", name.Text)
		return
	}
	if m := p.macros[name.Text]; m != nil && m.builtin != notBuiltin {
		p.errs.Warnf(name.Pos, "undefining %q", name.Text)
	}
	delete(p.macros, name.Text)
	p.extraTokens(args[1:], "#undef")
}

// lineDirective checks #line N "file" (and the "# N file flags" line
// markers that other preprocessors write). Positions are not changed.
func (p *preprocessor) lineDirective(hash Token, directive string, args []Token) {
	toks := p.expandLine(args, false, hash.Pos)
	if len(toks) == 0 {
		p.errs.Errorf(hash.Pos, "%s directive requires a line number", directive)
		return
	}
	n := toks[0]
	if n.Kind != Int || strings.Trim(n.Text, "0123456789") != "" {
		p.errs.Errorf(n.Pos, "%q after %s is not a positive integer", n.Text, directive)
		return
	}
	if len(toks) > 1 && (toks[1].Kind != String || strings.HasPrefix(toks[1].Text, "L")) {
		p.errs.Errorf(toks[1].Pos, "invalid file name %q in %s directive", toks[1].Text, directive)
		return
	}
	if directive == "#line" && len(toks) > 2 {
		p.errs.Warnf(toks[2].Pos, "extra tokens at end of #line directive")
	}
}

// expandLine macro-expands the operands of a directive.
func (p *preprocessor) expandLine(args []Token, inIf bool, end diag.Pos) []ptok {
	e := &expander{p: p, inIf: inIf, end: end}
	e.ctxs = append(e.ctxs, context{body: args, raw: true})
	return e.all(len(args) + 8)
}

func isPunct(t Token, s string) bool { return t.Kind == Punct && t.Text == s }
