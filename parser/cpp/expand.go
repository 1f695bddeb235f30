package cpp

import (
	"strconv"
	"strings"

	"github.com/l4idl/l4idl/parser/diag"
)

// Macro expansion works on a stack of contexts, as in most C
// preprocessors: expanding a macro pushes a context with its replacement
// tokens, which are then read (rescanned) before the input that followed
// the invocation. A macro is disabled while its context is on the stack
// (even when the context is used up, until a read goes past its end), and
// an identifier naming a disabled macro is painted (ptok.noexp) when it is
// read, so it is never expanded afterwards. Argument pre-expansion runs a
// nested expander over the argument alone, seeing the enclosing contexts
// (parent) so their macros stay disabled.

// ptok is a token inside the preprocessor.
type ptok struct {
	Token
	noexp bool // painted: names a macro that must not be expanded
}

// Internal token kinds; they never reach Result.Tokens.
const (
	fileEnd     Kind = 100 + iota // end of an included file
	placemarker                   // empty macro argument next to ##
)

// Limits that keep hostile input from taking unbounded time or memory.
const (
	maxArgDepth = 200     // nested argument pre-expansions
	maxExpanded = 1 << 20 // tokens produced by macro expansion in a run
)

// context is a list of tokens being read: macro replacement tokens, a
// macro argument or a token pushed back after looking ahead.
type context struct {
	toks []ptok
	// An object-like macro's body is read in place (no copy): its tokens
	// get the position of site, the macro name at the expansion site.
	// With raw set, body holds source tokens read as they are.
	body []Token
	site Token
	raw  bool
	i    int
	m    *Macro // disabled while this context is on the stack; may be nil
}

func (c *context) n() int {
	if c.body != nil {
		return len(c.body)
	}
	return len(c.toks)
}

func (c *context) at(i int) ptok {
	if c.body == nil {
		return c.toks[i]
	}
	t := c.body[i]
	if c.raw {
		return ptok{Token: t}
	}
	t.Pos = c.site.Pos
	t.BOL = false
	if i == 0 {
		t.Space, t.BOL = c.site.Space, c.site.BOL
	}
	return ptok{Token: t}
}

// expander produces macro-expanded tokens.
type expander struct {
	p      *preprocessor
	ctxs   []context
	base   func() ptok // the token source under the contexts; nil: none
	parent *expander   // expander whose argument this one pre-expands
	inIf   bool        // handle the defined operator (#if, #elif)
	depth  int         // nesting of argument pre-expansions
	end    diag.Pos    // position given to the EOF at the end of the contexts
}

// all expands everything and returns the tokens without the final EOF;
// size is a guess of their number.
func (e *expander) all(size int) []ptok {
	out := make([]ptok, 0, size)
	for {
		t := e.next()
		if t.Kind == EOF {
			return out
		}
		out = append(out, t)
	}
}

// readRaw returns the next token without expanding it, popping used-up
// contexts; identifiers naming a disabled macro come back painted.
func (e *expander) readRaw() ptok {
	for n := len(e.ctxs); n > 0; n = len(e.ctxs) {
		c := &e.ctxs[n-1]
		if c.i < c.n() {
			t := c.at(c.i)
			c.i++
			if t.Kind == Ident && !t.noexp {
				if m := e.p.macros[t.Text]; m != nil && e.busy(m) {
					t.noexp = true
				}
			}
			return t
		}
		e.ctxs = e.ctxs[:n-1]
	}
	if e.base != nil {
		return e.base()
	}
	return ptok{Token: Token{Kind: EOF, Pos: e.end}}
}

// unread pushes t back so the next read returns it.
func (e *expander) unread(t ptok) {
	e.ctxs = append(e.ctxs, context{toks: []ptok{t}})
}

// busy reports whether m is being expanded (is disabled).
func (e *expander) busy(m *Macro) bool {
	for x := e; x != nil; x = x.parent {
		for i := range x.ctxs {
			if x.ctxs[i].m == m {
				return true
			}
		}
	}
	return false
}

// next returns the next fully expanded token.
func (e *expander) next() ptok {
	for {
		t := e.readRaw()
		switch {
		case t.Kind == fileEnd:
			continue
		case t.Kind != Ident || t.noexp:
			return t
		case e.inIf && t.Text == "defined":
			return e.defined(t)
		}
		m := e.p.macros[t.Text]
		if m == nil {
			return t
		}
		if !e.expand(m, t) {
			return t
		}
	}
}

// expand starts expanding macro m invoked by name. It returns false when
// the name stays as it is: a function-like macro not followed by '(', or
// an invocation in error.
func (e *expander) expand(m *Macro, name ptok) bool {
	if e.p.expanded > maxExpanded {
		if !e.p.tooMuch {
			e.p.errs.Errorf(name.Pos, "macro expansion produces more than %d tokens; expansion stopped", maxExpanded)
			e.p.tooMuch = true
		}
		return false
	}
	switch {
	case m.builtin != notBuiltin:
		e.p.expanded++
		e.ctxs = append(e.ctxs, context{toks: []ptok{e.builtinToken(m, name)}})
		return true
	case !m.FuncLike && hasPaste(m.Body):
		toks := e.substitute(m, name, nil)
		e.p.expanded += len(toks) + 1
		if len(toks) > 0 {
			e.ctxs = append(e.ctxs, context{toks: toks, m: m})
		}
		return true
	case !m.FuncLike:
		e.p.expanded += len(m.Body) + 1
		if len(m.Body) > 0 {
			e.ctxs = append(e.ctxs, context{body: m.Body, site: name.Token, m: m})
		}
		return true
	}
	la := e.readRaw()
	if !isPunct(la.Token, "(") {
		e.unread(la)
		return false
	}
	args, ok := e.collectArgs(m, name)
	if !ok {
		return false
	}
	toks := e.substitute(m, name, args)
	e.p.expanded += len(toks) + 1
	if len(toks) > 0 {
		e.ctxs = append(e.ctxs, context{toks: toks, m: m})
	}
	return true
}

// hasPaste reports whether a macro body uses the ## operator.
func hasPaste(body []Token) bool {
	for _, t := range body {
		if isPunct(t, "##") {
			return true
		}
	}
	return false
}

// builtinToken gives the value of __FILE__ or __LINE__ at name.
func (e *expander) builtinToken(m *Macro, name ptok) ptok {
	t := Token{Kind: Int, Pos: name.Pos, BOL: name.BOL, Space: name.Space}
	switch m.builtin {
	case builtinFile:
		t.Kind, t.Text = String, quote(name.Pos.Filename)
	default:
		t.Text = strconv.Itoa(name.Pos.Line)
	}
	return ptok{Token: t}
}

// quote makes a C string literal of s.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// collectArgs reads the arguments of m after the '(' (unexpanded). They
// may span lines and hold nested parentheses.
func (e *expander) collectArgs(m *Macro, name ptok) ([][]ptok, bool) {
	var args [][]ptok
	var cur []ptok
	depth := 0
	np := len(m.Params)
	for {
		t := e.readRaw()
		if t.Kind == EOF || t.Kind == fileEnd {
			e.p.errs.Errorf(name.Pos, "unterminated argument list invoking macro %q", m.Name)
			e.unread(t)
			return nil, false
		}
		if t.Kind == Punct {
			switch t.Text {
			case "(":
				depth++
			case ")":
				if depth == 0 {
					args = append(args, cur)
					return e.checkArgCount(m, name, args)
				}
				depth--
			case ",":
				if depth == 0 && !(m.Variadic && len(args) == np-1) {
					args = append(args, cur)
					cur = nil
					continue
				}
			}
		}
		cur = append(cur, t)
	}
}

func (e *expander) checkArgCount(m *Macro, name ptok, args [][]ptok) ([][]ptok, bool) {
	np := len(m.Params)
	switch {
	case np == 0 && len(args) == 1 && len(args[0]) == 0:
		return nil, true
	case len(args) == np:
		return args, true
	case m.Variadic && len(args) == np-1:
		return append(args, nil), true // F(a) for F(x, ...): no variable arguments
	case len(args) < np:
		e.p.errs.Errorf(name.Pos, "macro %q requires %d arguments, but only %d given", m.Name, np, len(args))
	default:
		e.p.errs.Errorf(name.Pos, "macro %q passed %d arguments, but takes just %d", m.Name, len(args), np)
	}
	return nil, false
}

// paramIndex returns the index of the parameter that t names, or -1.
func paramIndex(m *Macro, t Token) int {
	if t.Kind != Ident || !m.FuncLike {
		return -1
	}
	for i, p := range m.Params {
		if p == t.Text {
			return i
		}
	}
	return -1
}

// substitute builds the replacement of a function-like macro invocation:
// parameters replaced by their pre-expanded arguments, or by the
// arguments as written next to # and ##; # and ## carried out.
func (e *expander) substitute(m *Macro, name ptok, args [][]ptok) []ptok {
	body := m.Body
	size := len(body)
	for _, a := range args {
		size += len(a)
	}
	out := make([]ptok, 0, size)
	// expanded[i] is the pre-expanded argument i, computed when first
	// needed; done[i] tells it is.
	var expanded [][]ptok
	var done []bool
	if len(args) > 0 {
		expanded = make([][]ptok, len(args))
		done = make([]bool, len(args))
	}
	site := func(t Token) ptok {
		t.Pos, t.BOL = name.Pos, false
		return ptok{Token: t}
	}
	// operand returns the tokens for body[i] as an operand of ## or #,
	// and the index of the last body token it used.
	operand := func(i int) ([]ptok, int) {
		if isPunct(body[i], "#") && i+1 < len(body) {
			if pi := paramIndex(m, body[i+1]); pi >= 0 {
				return []ptok{{Token: Token{Kind: String, Text: stringize(args[pi]), Pos: name.Pos, Space: body[i].Space}}}, i + 1
			}
		}
		if pi := paramIndex(m, body[i]); pi >= 0 {
			if len(args[pi]) == 0 {
				return []ptok{{Token: Token{Kind: placemarker, Pos: name.Pos}}}, i
			}
			return args[pi], i
		}
		return []ptok{site(body[i])}, i
	}
	for i := 0; i < len(body); i++ {
		bt := body[i]
		pasteNext := i+1 < len(body) && isPunct(body[i+1], "##")
		switch pi := paramIndex(m, bt); {
		case isPunct(bt, "##") && len(out) > 0 && i+1 < len(body):
			// GNU: ", ## __VA_ARGS__" drops the comma when there are no
			// variable arguments and does not paste otherwise.
			if ri := paramIndex(m, body[i+1]); ri >= 0 && m.Variadic && ri == len(m.Params)-1 && isPunct(out[len(out)-1].Token, ",") {
				i++
				if len(args[ri]) == 0 {
					out = out[:len(out)-1]
				} else {
					out = appendSpaced(out, args[ri], body[i].Space)
				}
				continue
			}
			var rhs []ptok
			rhs, i = operand(i + 1)
			lhs := out[len(out)-1]
			out = append(out[:len(out)-1], e.paste(lhs, rhs[0], name.Pos)...)
			out = append(out, rhs[1:]...)
		case isPunct(bt, "#") && i+1 < len(body) && paramIndex(m, body[i+1]) >= 0 || pi >= 0 && pasteNext:
			var toks []ptok
			toks, i = operand(i)
			out = appendSpaced(out, toks, bt.Space)
		case pi >= 0:
			if !done[pi] {
				expanded[pi], done[pi] = e.expandArg(args[pi]), true
			}
			out = appendSpaced(out, expanded[pi], bt.Space)
		default:
			out = append(out, site(bt))
		}
	}
	// Drop placemarkers; the first token takes the name's spacing.
	j := 0
	for _, t := range out {
		if t.Kind != placemarker {
			out[j] = t
			j++
		}
	}
	out = out[:j]
	if j > 0 {
		out[0].Space, out[0].BOL = name.Space, name.BOL
	}
	return out
}

// appendSpaced appends toks to out, the first one with Space set to
// space (the spacing of the parameter it replaces).
func appendSpaced(out, toks []ptok, space bool) []ptok {
	n := len(out)
	out = append(out, toks...)
	if len(out) > n {
		out[n].Space, out[n].BOL = space, false
	}
	return out
}

// expandArg fully macro-expands an argument before it is substituted.
func (e *expander) expandArg(arg []ptok) []ptok {
	if !e.needsExpansion(arg) {
		return arg
	}
	if e.depth >= maxArgDepth {
		e.p.errs.Errorf(arg[0].Pos, "macro arguments nested more than %d levels deep", maxArgDepth)
		return arg
	}
	sub := &expander{p: e.p, parent: e, inIf: e.inIf, depth: e.depth + 1, end: arg[len(arg)-1].Pos}
	sub.ctxs = append(sub.ctxs, context{toks: arg})
	return sub.all(len(arg) + 4)
}

// needsExpansion reports whether any token of toks could expand.
func (e *expander) needsExpansion(toks []ptok) bool {
	for _, t := range toks {
		if t.Kind == Ident && !t.noexp && (e.p.macros[t.Text] != nil || e.inIf && t.Text == "defined") {
			return true
		}
	}
	return false
}

// stringize makes the string literal of the # operator from an argument
// as written: one blank for any white space between tokens, \ and "
// escaped inside string and character literals.
func stringize(arg []ptok) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, t := range arg {
		if i > 0 && (t.Space || t.BOL) {
			b.WriteByte(' ')
		}
		if t.Kind != String && t.Kind != Char {
			b.WriteString(t.Text)
			continue
		}
		for j := 0; j < len(t.Text); j++ {
			if c := t.Text[j]; c == '"' || c == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(t.Text[j])
		}
	}
	b.WriteByte('"')
	return b.String()
}

// paste carries out the ## operator on two tokens. When the result is not
// one valid token, it reports an error and keeps both.
func (e *expander) paste(lhs, rhs ptok, pos diag.Pos) []ptok {
	switch {
	case rhs.Kind == placemarker:
		return []ptok{lhs}
	case lhs.Kind == placemarker:
		rhs.Space = lhs.Space
		return []ptok{rhs}
	}
	text := lhs.Text + rhs.Text
	var ld lexDiags
	toks := lex(pos.Filename, []byte(text), &ld)
	if len(ld) > 0 || len(toks) != 2 || toks[0].Text != text {
		e.p.errs.Errorf(pos, "pasting %q and %q does not give a valid preprocessing token", lhs.Text, rhs.Text)
		return []ptok{lhs, rhs}
	}
	return []ptok{{Token: Token{Kind: toks[0].Kind, Text: text, Pos: pos, Space: lhs.Space}}}
}

// defined carries out the defined operator of #if: "defined X" or
// "defined ( X )" becomes 1 or 0.
func (e *expander) defined(op ptok) ptok {
	res := ptok{Token: Token{Kind: Int, Text: "0", Pos: op.Pos, Space: op.Space}}
	t := e.readRaw()
	paren := isPunct(t.Token, "(")
	if paren {
		t = e.readRaw()
	}
	if t.Kind != Ident {
		e.p.errs.Errorf(t.Pos, "operator \"defined\" requires an identifier")
		e.unread(t)
		return res
	}
	if e.p.macros[t.Text] != nil {
		res.Text = "1"
	}
	if paren {
		if c := e.readRaw(); !isPunct(c.Token, ")") {
			e.p.errs.Errorf(c.Pos, "missing ')' after \"defined\"")
			e.unread(c)
		}
	}
	return res
}
